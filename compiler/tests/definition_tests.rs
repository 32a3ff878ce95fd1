//! `tests:` in definitions and `endpoint-compile --test`: every mistake in a case is
//! a compile error at its place, and a run reports each failing case at its line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::path::Path;

use common::{USERS, compile, definitions, stderr};

const UPSTREAM: &str = "kind: upstream\nname: orders\naddress: 127.0.0.1:1\n";

/// An endpoint on `/x/{id}` that answers with its parameter, may fetch `orders`, and
/// reads a secret and a var; `tests` is appended.
fn endpoint_with(tests: &str) -> String {
    format!(
        "name: x\nroute: /x/{{id}}\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
         upstreams: [orders]\nsecrets: [TOKEN]\ncode: |\n  result = {{payload: {{id: request.params.id}}}}\n\
         tests:\n{tests}"
    )
}

fn files(endpoint: &str) -> std::path::PathBuf {
    definitions(&[
        ("users.yaml", USERS),
        ("upstream.yaml", UPSTREAM),
        ("vars.yaml", "kind: vars\nvars: {currency: EUR}\n"),
        ("endpoint.yaml", endpoint),
    ])
}

#[test]
fn each_mistake_in_a_case_is_an_error_at_its_place() {
    let ok = "    request: {path: /x/1}\n    expect: {status: 200}\n";
    let cases: Vec<(String, &str, &str)> = vec![
        ("  name: x\n".into(), "11:3", "`tests` is a list of cases"),
        ("  - [1]\n".into(), "11:5", "a case is a mapping"),
        (format!("  - nme: a\n{ok}"), "11:5", "unknown field `nme`; did you mean `name`?"),
        ("  - name: a\n    request: {path: /x/1}\n".into(), "11:5", "a case has no `expect`"),
        ("  - name: a\n    expect: {status: 200}\n".into(), "11:5", "has parameters: give the case's `request.path`"),
        (format!("  - name: a\n{ok}  - name: a\n{ok}"), "14:5", "a case named \"a\" is already given at"),
        ("  - name: a\n    request: {path: x}\n    expect: {status: 200}\n".into(), "12:21", "starts with `/`"),
        ("  - name: a\n    request: {path: '/x/a b'}\n    expect: {status: 200}\n".into(), "12:21", "percent-encode them"),
        ("  - name: a\n    request: {path: /x/1, method: 'G T'}\n    expect: {status: 200}\n".into(), "12:35", "not an HTTP method name"),
        ("  - name: a\n    request: {path: /x/1, json: {}, body: ''}\n    expect: {status: 200}\n".into(), "12:43", "give one of `json`, `body` and `form`"),
        ("  - name: a\n    request: {path: /x/1, headers: {'a b': c}}\n    expect: {status: 200}\n".into(), "12:37", "is not an HTTP token"),
        ("  - name: a\n    request: {path: /x/1, headers: {a: \"b\\nc\"}}\n    expect: {status: 200}\n".into(), "12:40", "holds CR, LF or NUL"),
        ("  - name: a\n    request: {path: /x/1}\n    expect: {status: 999}\n".into(), "13:22", "`status` is an HTTP status"),
        ("  - name: a\n    request: {path: /x/1}\n    expect: {json: 1}\n".into(), "13:13", "`expect` has no `status`"),
        ("  - name: a\n    request: {path: /x/1}\n    expect: {status: 200, json: 1, body: x}\n".into(), "13:42", "give one of `json`, `json_includes`, `body` and `body_matches`"),
        ("  - name: a\n    request: {path: /x/1}\n    expect: {status: 200, body_matches: '('}\n".into(), "13:41", "`body_matches` is not a regular expression"),
        ("  - name: a\n    request: {path: /x/1}\n    expect: {status: 200, errors: [{path: /a}]}\n".into(), "13:35", "`errors` are those of a `400`"),
        ("  - name: a\n    request: {path: /x/1}\n    expect: {status: 400, errors: [1]}\n".into(), "13:35", "`errors` is a list of violations"),
        ("  - name: a\n    request: {path: /x/1}\n    expect: {status: 200, stauts: 1}\n".into(), "13:27", "unknown field `stauts`; did you mean `status`?"),
        (format!("  - name: a\n    as: annn\n{ok}"), "11:5", "`as: annn` names no user; did you mean `ann`?"),
        ("  - name: a\n    as: ann\n    request: {path: /x/1, headers: {X-API-Key: k}}\n    expect: {status: 200}\n".into(), "12:9", "give `as` or an X-API-Key header"),
        (format!("  - name: a\n    now: yesterday\n{ok}"), "12:10", "`now` is an RFC 3339 time"),
        (format!("  - name: a\n    secrets: {{TOKN: x}}\n{ok}"), "11:5", "secret TOKN is not one this endpoint declares; did you mean `TOKEN`?"),
        (format!("  - name: a\n    vars: {{curency: USD}}\n{ok}"), "11:5", "var `curency` is not defined; did you mean `currency`?"),
        (format!("  - name: a\n    fetch: {{upstream: orders}}\n{ok}"), "12:12", "`fetch` is a list of mocks"),
        (format!("  - name: a\n    fetch: [{{upstream: order, path: /a}}]\n{ok}"), "12:13", "does not declare in `upstreams`; did you mean `orders`?"),
        (format!("  - name: a\n    fetch: [{{upstream: orders}}]\n{ok}"), "12:13", "a mock has no `path`"),
        (format!("  - name: a\n    fetch: [{{upstream: orders, path: /a, error: slow}}]\n{ok}"), "12:49", "`error` is one of timeout, unavailable, too_large, no_cluster"),
        (format!("  - name: a\n    fetch: [{{upstream: orders, path: /a, error: timeout, status: 200}}]\n{ol}", ol = ok), "12:66", "a mock answers with `error` or a response, not both"),
        (format!("  - name: a\n    fetch: [{{upstream: orders, path: /a, json: 1, body: x}}]\n{ok}"), "12:57", "give `json` or `body`, not both"),
    ];
    let mut failures = Vec::new();
    for (tests, position, fragment) in &cases {
        let dir = files(&endpoint_with(tests));
        let output = compile(&[&dir, Path::new("--check")]);
        let errors = stderr(&output).replace(&format!("{}/", dir.display()), "");
        let place = format!("endpoint.yaml:{position}: error: ");
        if output.status.code() != Some(1)
            || !errors
                .lines()
                .any(|line| line.starts_with(&place) && line.contains(fragment))
        {
            failures.push(format!(
                "--- {tests}expected {place}… {fragment}\ngot {errors}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tests_never_change_the_bundle() {
    let without = files(&endpoint_with("  []\n"));
    let with = files(&endpoint_with(
        "  - name: a\n    request: {path: /x/1}\n    expect: {status: 200}\n",
    ));
    let bundle = |dir: &Path| {
        let out = dir.join("bundle.bin");
        let output = compile(&[dir, Path::new("-o"), &out]);
        assert!(output.status.success(), "{}", stderr(&output));
        fs::read(out).unwrap()
    };
    assert_eq!(bundle(&without), bundle(&with));
}

/// The run's report lines, with the scratch folder's path left out.
fn run(dir: &Path, more: &[&str]) -> (Option<i32>, String) {
    let mut args: Vec<&Path> = vec![dir, Path::new("--test")];
    args.extend(more.iter().map(Path::new));
    let output = compile(&args);
    (
        output.status.code(),
        stderr(&output).replace(&format!("{}/", dir.display()), ""),
    )
}

#[test]
fn a_run_reports_each_failing_case_at_its_line_and_exits_1() {
    let dir = files(&endpoint_with(
        "  - name: passes\n    request: {path: /x/7}\n    expect: {status: 200, json: {id: '7'}}\n\
         \x20 - name: wrong status and body\n    request: {path: /x/7}\n    expect: {status: 201, json: {id: 8}}\n\
         \x20 - name: wrong method\n    request: {path: /x/7, method: POST}\n    expect: {status: 200}\n",
    ));
    let (code, report) = run(&dir, &[]);
    assert_eq!(code, Some(1), "{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines[0],
        "endpoint.yaml:14: FAIL offline: x › wrong status and body: status: expected 201, got 200 with body \"{\\\"id\\\":\\\"7\\\"}\""
    );
    assert_eq!(
        lines[1],
        "    json: expected {\"id\":8}, got {\"id\":\"7\"}"
    );
    assert!(
        lines[2].starts_with(
            "endpoint.yaml:17: FAIL offline: x › wrong method: status: expected 200, got 405"
        ),
        "{report}"
    );
    assert_eq!(lines[3], "offline: 1 passed, 2 failed");

    // Only the selected cases run; the JUnit report says the same.
    let junit = dir.join("junit.xml");
    let (code, report) = run(
        &dir,
        &["--filter", "PASSES", "--junit", junit.to_str().unwrap()],
    );
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("offline: 1 passed, 0 failed"), "{report}");
    let xml = fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testsuite name=\"offline\" tests=\"1\" failures=\"0\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testcase classname=\"x\" name=\"passes\""),
        "{xml}"
    );

    let (code, _) = run(&dir, &["--junit", junit.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let xml = fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<failure message=\"status: expected 201, got 200 with body &quot;{\\&quot;id\\&quot;:\\&quot;7\\&quot;}&quot;\">"),
        "{xml}"
    );
}

#[test]
fn a_failing_case_writes_no_bundle() {
    let dir = files(&endpoint_with(
        "  - name: fails\n    request: {path: /x/7}\n    expect: {status: 201}\n",
    ));
    let out = dir.join("bundle.bin");
    let output = compile(&[&dir, Path::new("--test"), Path::new("-o"), &out]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("a case failed; nothing written"));
    assert!(!out.exists());
}

#[test]
fn mocks_secrets_vars_and_time_shape_the_run() {
    let endpoint = "name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
        upstreams: [orders]\nsecrets: [TOKEN]\ncode: |\n\
        \x20 const r = await fetch('orders', '/api/o?x=1', {headers: {authorization: env.secrets.TOKEN}});\n\
        \x20 result = {payload: {status: r.status, body: await r.json(), currency: env.vars.currency, year: new Date().getUTCFullYear()}}\n\
        tests:\n\
        \x20 - name: all of it\n\
        \x20   now: 2031-05-01T00:00:00Z\n\
        \x20   secrets: {TOKEN: t}\n\
        \x20   vars: {currency: USD}\n\
        \x20   fetch: [{upstream: orders, path: /api/o, status: 203, json: {n: 1}}]\n\
        \x20   expect: {status: 200, json: {status: 203, body: {n: 1}, currency: USD, year: 2031}}\n\
        \x20 - name: the defaults come back\n\
        \x20   fetch: [{upstream: orders, path: /api/o, json: {}}]\n\
        \x20   expect: {status: 200, json_includes: {status: 200, currency: EUR}}\n\
        \x20 - name: a call no mock answers\n\
        \x20   fetch: [{upstream: orders, path: /api/other, json: {}}]\n\
        \x20   expect: {status: 200}\n\
        \x20 - name: an upstream failure\n\
        \x20   fetch: [{upstream: orders, path: /api/o, error: unavailable}]\n\
        \x20   expect: {status: 502}\n";
    let dir = files(endpoint);
    let (code, report) = run(&dir, &[]);
    assert_eq!(code, Some(1), "{report}");
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "endpoint.yaml:21: FAIL offline: x › a call no mock answers: the endpoint fetches GET /api/o?x=1 to `orders`, and no `fetch` mock of the case answers it",
            "offline: 3 passed, 1 failed",
        ]
    );
}

#[test]
fn as_sends_a_key_the_engine_checks() {
    let endpoint = "name: me\nroute: /me\nrequest_method: GET\ncode: |\n  result = {payload: user.login}\n\
        tests:\n\
        \x20 - name: as ann\n    as: ann\n    expect: {status: 200, body: ann}\n\
        \x20 - name: with the key itself\n    request: {headers: {x-api-key: demo-key}}\n    expect: {status: 200, body: ann}\n\
        \x20 - name: with no key\n    expect: {status: 401}\n";
    let dir = files(endpoint);
    let (code, report) = run(&dir, &[]);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("offline: 3 passed, 0 failed"), "{report}");
}

#[test]
fn the_examples_pass_their_own_tests() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let output = compile(&[&examples, Path::new("--test")]);
    let report = stderr(&output);
    assert!(output.status.success(), "{report}");
    let passed: usize = report
        .lines()
        .find_map(|l| l.strip_prefix("offline: ")?.split(' ').next()?.parse().ok())
        .unwrap();
    assert!(passed >= 30, "{report}");
}

/// The compiler's errors for one endpoint file (plus the users), or none.
fn check(endpoint: &str) -> Vec<String> {
    let dir = definitions(&[("users.yaml", USERS), ("endpoint.yaml", endpoint)]);
    let output = compile(&[&dir, Path::new("--check")]);
    stderr(&output)
        .replace(&format!("{}/", dir.display()), "")
        .lines()
        .filter(|line| line.contains(": error: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_snippet_reading_what_the_definition_rules_out_is_an_error() {
    let public = "auth_type: public\nexec_as_user: anon\n";
    let get = |route: &str, code: &str| {
        format!("name: x\nroute: {route}\nrequest_method: GET\n{public}code: |\n  {code}\n")
    };
    assert_eq!(
        check(&get(
            "/hello/{name}",
            "result = {payload: request.params.nme}"
        )),
        [
            "endpoint.yaml:7:37: error: `request.params.nme`: the route /hello/{name} has no parameter `nme`; did you mean `name`?"
        ]
    );
    assert_eq!(
        check(&get("/hello", "result = {payload: request.params.name}")),
        [
            "endpoint.yaml:7:37: error: `request.params.name`: the route /hello has no parameter `name`"
        ]
    );
    let two_routes = format!(
        "name: x\nroutes: ['/a/{{id}}', '/b/{{*rest}}']\nrequest_method: GET\n{public}code: |\n  result = {{payload: [request.params.id, request.params.rest, request.params.ids]}}\n"
    );
    assert_eq!(
        check(&two_routes),
        [
            "endpoint.yaml:7:78: error: `request.params.ids`: no route of /a/{id}, /b/{*rest} has a parameter `ids`; did you mean `id`?"
        ]
    );
    // A `request` of the snippet's own is not the request.
    assert!(check(&get("/hello", "const name = (request) => request.params.name;\n  result = {payload: name({params: {name: 1}})}")).is_empty());

    let post = |schema: &str, more: &str, code: &str| {
        format!(
            "name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\n{public}{more}\
             request_content_schema: {schema}\ncode: |\n  {code}\n"
        )
    };
    let closed = "{type: object, additionalProperties: false, properties: {name: {type: string}, email: {type: string}}}";
    assert_eq!(
        check(&post(closed, "", "result = {payload: request.json.nmae}")),
        [
            "endpoint.yaml:9:35: error: `request.json.nmae`: the schema allows no property `nmae` (it lists its properties and forbids others); did you mean `name`?"
        ]
    );
    assert_eq!(
        check(&post(closed, "", "result = {payload: request.json.phone}")),
        [
            "endpoint.yaml:9:35: error: `request.json.phone`: the schema allows no property `phone` (it lists its properties and forbids others); it has email, name"
        ]
    );
    assert!(
        check(&post(
            closed,
            "",
            "result = {payload: [request.json.name, request.json.email]}"
        ))
        .is_empty()
    );
    // Where the schema lets other properties in, or is only logged, any name may come.
    let open = "{type: object, properties: {name: {type: string}}}";
    assert!(check(&post(open, "", "result = {payload: request.json.other}")).is_empty());
    let patterned = "{type: object, additionalProperties: false, patternProperties: {'^x-': {}}}";
    assert!(
        check(&post(
            patterned,
            "",
            "result = {payload: request.json.other}"
        ))
        .is_empty()
    );
    assert!(
        check(&post(
            closed,
            "validation: log_only\n",
            "result = {payload: request.json.other}"
        ))
        .is_empty()
    );
}

#[test]
fn mocks_answer_by_upstream_even_where_upstreams_share_a_cluster() {
    let upstreams = "kind: upstream\nname: orders\ncluster: shared\n---\nkind: upstream\nname: billing\ncluster: shared\n";
    let endpoint = "name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
        upstreams: [orders, billing]\ncode: |\n\
        \x20 const r = await fetch('orders', '/b');\n  result = {payload: await r.json()}\n\
        tests:\n  - name: orders\n    fetch: [{upstream: orders, path: /b, json: {from: orders}}]\n\
        \x20   expect: {status: 200, json: {from: orders}}\n";
    let dir = definitions(&[
        ("users.yaml", USERS),
        ("upstreams.yaml", upstreams),
        ("endpoint.yaml", endpoint),
    ]);
    let (code, report) = run(&dir, &[]);
    assert_eq!(code, Some(0), "{report}");
}
