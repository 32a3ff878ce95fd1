//! `endpoint-compile` as users meet it: the command, its exit codes and its messages.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{USERS, compile, definitions, scratch, stderr};

/// Compiles one endpoint file (plus the users) and returns the error lines.
fn errors_for(endpoint_yaml: &str) -> Vec<String> {
    let dir = definitions(&[("users.yaml", USERS), ("endpoint.yaml", endpoint_yaml)]);
    let out = dir.join("bundle.bin");
    let output = compile(&[&dir, Path::new("-o"), &out]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!out.exists(), "nothing is written on invalid input");
    stderr(&output)
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(|l| l.replacen(&format!("{}/", dir.display()), "", 1))
        .collect()
}

const HELLO: &str = "name: hello\nroute: /hello\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  result = {payload: 'hi'}\n";

#[test]
fn writes_a_bundle_that_the_engine_loads() {
    let dir = definitions(&[("users.yaml", USERS), ("a/hello.yml", HELLO)]);
    let out = dir.join("out.bin");
    let output = compile(&[&dir, Path::new("-o"), &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("1 endpoints, 2 users"));
    let bytes = fs::read(&out).unwrap();
    let engine = endpoint_core::Engine::load(&bytes).unwrap();
    assert_eq!(engine.content().endpoints[0].name, "hello");
    // No staging file is left behind.
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    // The bundle holds key digests and vars: its owner's alone.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

/// `endpoint-envoy config` with a listener on every address keeps the admin on
/// loopback, gives the listener a health route, and writes files only its user reads.
#[test]
fn envoy_config_keeps_the_admin_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = definitions(&[("users.yaml", USERS), ("hello.yaml", HELLO)]);
    let bundle = dir.join("bundle.bin");
    assert_eq!(
        compile(&[&dir, Path::new("-o"), &bundle]).status.code(),
        Some(0)
    );
    fs::write(dir.join("filter.wasm"), b"\0asm not really").unwrap();
    let config = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_endpoint-envoy"))
            .args(["config", "--bundle"])
            .arg(&bundle)
            .arg("--wasm")
            .arg(dir.join("filter.wasm"))
            .arg("--run-dir")
            .arg(dir.join("run"))
            .args(["--address", "0.0.0.0"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = fs::read_to_string(dir.join("run/envoy.json")).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).unwrap()
    };
    let bootstrap = config(&[]);
    let admin = &bootstrap["admin"]["address"]["socket_address"]["address"];
    assert_eq!(admin, "127.0.0.1");
    let listener = &bootstrap["static_resources"]["listeners"][0];
    assert_eq!(listener["address"]["socket_address"]["address"], "0.0.0.0");
    assert!(
        listener.to_string().contains(r#""path":"/healthz""#),
        "{listener}"
    );
    for file in ["envoy.json", "filter.json"] {
        let mode = fs::metadata(dir.join("run").join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    // Only when asked for.
    let exposed = config(&["--admin-address", "0.0.0.0"]);
    assert_eq!(
        exposed["admin"]["address"]["socket_address"]["address"],
        "0.0.0.0"
    );
}

#[test]
fn check_writes_nothing() {
    let dir = definitions(&[("users.yaml", USERS), ("hello.yaml", HELLO)]);
    let output = compile(&[&dir, Path::new("--check")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn the_same_definitions_give_the_same_bytes_whatever_the_files() {
    let second = HELLO.replace("hello", "second");
    let one = definitions(&[
        ("users.yaml", USERS),
        ("all.yaml", &format!("{HELLO}---\n{second}")),
    ]);
    let two = definitions(&[
        ("z/second.yaml", &second),
        ("b.yaml", HELLO),
        ("0-users.yml", USERS),
    ]);
    let (a, b) = (one.join("x.bin"), two.join("y.bin"));
    assert_eq!(compile(&[&one, Path::new("-o"), &a]).status.code(), Some(0));
    assert_eq!(compile(&[&two, Path::new("-o"), &b]).status.code(), Some(0));
    assert_eq!(fs::read(a).unwrap(), fs::read(b).unwrap());
}

#[test]
fn invalid_input_leaves_an_existing_bundle_untouched() {
    let dir = definitions(&[("users.yaml", USERS), ("hello.yaml", "name: broken\n")]);
    let out = dir.join("bundle.bin");
    fs::write(&out, b"previous").unwrap();
    let output = compile(&[&dir, Path::new("-o"), &out]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read(&out).unwrap(), b"previous");
    assert!(stderr(&output).contains("nothing written"));
}

#[test]
fn every_problem_is_reported_sorted_with_its_position() {
    let errors = errors_for(
        "name: one\nroute: one\nrequest_method: GET\n---\nname: two\nroute: /two\nrequest_method: FETCH\nauth_type: public\nexec_as_user: anon\ncode: x\n",
    );
    assert_eq!(
        errors,
        vec![
            "endpoint.yaml:1:1: error: an endpoint with `exec_mode: code` has no `code`",
            "endpoint.yaml:2:8: error: route \"one\": a route starts with `/`",
            "endpoint.yaml:7:17: error: `request_method` is one of GET, POST, PUT, PATCH, DELETE, found `FETCH`",
            "endpoint.yaml:10:7: error: snippet: `x` is not defined: declare it, or use a snippet global (request, user, endpoint, env, ...)",
        ]
    );
}

/// (definition, expected "[FILE:]LINE:COL", fragment of the message) for each rule.
#[test]
fn each_rule_has_a_clear_error_at_the_right_place() {
    let base = "auth_type: public\nexec_as_user: anon\ncode: |\n  result = {payload: 1}\n";
    let cases: Vec<(String, &str, &str)> = vec![
        (format!("route: /x\nrequest_method: GET\n{base}"), "1:1", "an endpoint has no `name`"),
        (format!("name: x\nrequest_method: GET\n{base}"), "1:1", "no `route` (or `routes`)"),
        (format!("name: x\nroute: /x\nroutes: [/y]\nrequest_method: GET\n{base}"), "3:9", "not both"),
        (format!("name: x\nroutes: []\nrequest_method: GET\n{base}"), "2:9", "`routes` is empty"),
        (format!("name: x\nroute: /x/{{}}\nrequest_method: GET\n{base}"), "2:8", "needs a name"),
        (format!("name: x\nroute: /x/{{*rest}}/more\nrequest_method: GET\n{base}"), "2:8", "must end the route"),
        (format!("name: x\nroute: /x/{{id\nrequest_method: GET\n{base}"), "2:8", "no `}` closes"),
        (format!("name: x\nroute: /x?y=1\nrequest_method: GET\n{base}"), "2:8", "cannot hold '?'"),
        (format!("name: x\nroute: /x\nrequest_method: GETT\n{base}"), "3:17", "did you mean `GET`?"),
        (format!("name: x\nroute: /x\nrequest_method: POST\n{base}"), "1:1", "needs `request_content_type`"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nrequest_content_type: application/json\n{base}"), "4:23", "is for POST, PUT and PATCH"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/yaml\n{base}"), "4:23", "`request_content_type` is one of"),
        // request_content_schema: where it may be, each form, and what is checked.
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: text/csv\nrequest_content_schema: {{type: object}}\n{base}"), "5:25", "for application/json and application/xml bodies, not text/csv"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nrequest_content_schema: {{type: object}}\n{base}"), "4:25", "needs `request_content_type: application/json`"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nrequest_content_schema:\n  type: object\n  properties:\n    id: {{type: integr}}\n{base}"), "8:16", "at /properties/id/type not a valid Draft 2020-12 schema"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nrequest_content_schema: {{$ref: 'https://example.com/s.json'}}\n{base}"), "5:25", "does not compile"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nrequest_content_schema: {{$schema: 'http://json-schema.org/draft-07/schema#'}}\n{base}"), "5:35", "validated with Draft 2020-12"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nrequest_content_schema: '{{\"type\": '\n{base}"), "5:25", "is neither JSON"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nrequest_content_schema: {{file: missing.json}}\n{base}"), "5:32", "cannot read the schema file"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/xml\nrequest_content_schema: {{type: object}}\n{base}"), "5:25", "an XSD is written as a string"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/xml\nrequest_content_schema: '<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:include schemaLocation=\"a.xsd\"/></xs:schema>'\n{base}"), "5:25", "refers to another document"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/xml\nrequest_content_schema: '<!DOCTYPE x><x/>'\n{base}"), "5:25", "DOCTYPE declarations are not accepted"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nvalidation: warn\nrequest_content_schema: {{type: object}}\n{base}"), "5:13", "`validation` is one of enforce, log_only"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nvalidation: log_only\n{base}"), "4:13", "set `request_content_schema` too"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nrequest_content_schema:\n  properties:\n    mail: {{format: emial}}\n{base}"), "7:20", "`format: emial` is not one this product checks"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/json\nschema_formats: no\nrequest_content_schema: {{type: object}}\n{base}"), "5:17", "`schema_formats` is one of assert, ignore"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: application/xml\nschema_formats: ignore\nrequest_content_schema: '<x/>'\n{base}"), "5:17", "`schema_formats` says whether a JSON Schema checks `format`"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nschema_formats: ignore\n{base}"), "4:17", "set `request_content_type: application/json` and `request_content_schema` too"),
        (format!("name: x\nroute: /x\nrequest_method: GET\ncors: app.example.com\n{base}"), "4:7", "an origin is `scheme://host[:port]`"),
        (format!("name: x\nroute: /x\nrequest_method: GET\ncors: ['https://a.example.com/', '*']\n{base}"), "4:8", "has no path"),
        (format!("name: x\nroute: /x\nrequest_method: GET\ncors: []\n{base}"), "4:7", "at least one origin"),
        (format!("name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: text/plain\nlimits: {{body_bytes: 0}}\n{base}"), "5:22", "`body_bytes` is a whole number from 1"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\ncode: 'result = {payload: 1}'\n".into(), "1:1", "needs `exec_as_user`"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: annn\ncode: 'result = {payload: 1}'\n".into(), "5:15", "did you mean `ann`?"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: everyone\nexec_as_user: anon\ncode: 'result = {payload: 1}'\n".into(), "4:12", "`auth_type` is one of user, public"),
        (format!("name: x\nroute: /x\nreqest_method: GET\n{base}"), "3:1", "unknown field `reqest_method`; did you mean `request_method`?"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nactive: maybe\n{base}"), "4:9", "`active` is true or false"),
        (format!("name: [x]\nroute: /x\nrequest_method: GET\n{base}"), "1:7", "`name` is a string, found a list"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nexec_mode: python\n{base}"), "4:12", "`exec_mode` is one of code"),
        (format!("kind: route\nname: x\nroute: /x\nrequest_method: GET\n{base}"), "1:7", "kind is `endpoint` (the default), `user`, `upstream`, `auth`, `vars` or `docs`"),
        // API documentation: description and responses.
        (format!("name: x\nroute: /x\nrequest_method: GET\ndescription: ''\n{base}"), "4:14", "`description` is empty"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses: [200]\n{base}"), "4:12", "`responses` maps statuses to answers"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  299x: {{description: ok}}\n{base}"), "5:3", "a response's key is an HTTP status, 100 to 599"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  600: {{description: ok}}\n{base}"), "5:3", "a response's key is an HTTP status"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  200: {{description: ok}}\n  '200': {{description: ok}}\n{base}"), "6:3", "status 200 is described twice"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  200: {{content_type: text/plain}}\n{base}"), "5:8", "response 200 has no `description`"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  200: {{description: ok, schma: {{}}}}\n{base}"), "5:26", "unknown field `schma`; did you mean `schema`?"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  200: {{description: ok, content_type: json}}\n{base}"), "5:40", "is a media type such as application/json"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  200: {{description: ok, content_type: text/csv, schema: {{}}}}\n{base}"), "5:58", "a response's `schema` is a JSON Schema, for a JSON `content_type`"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  200:\n    description: ok\n    schema: {{type: objet}}\n{base}"), "7:20", "responses 200 schema: at /type not a valid Draft 2020-12 schema"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nresponses:\n  200: {{description: ok, schema: {{file: nowhere.json}}}}\n{base}"), "5:41", "cannot read the schema file"),
        // kind: docs.
        ("kind: docs\njson_route: /api/{v}\n".into(), "2:13", "`json_route` is a fixed path, without parameters"),
        ("kind: docs\npage_route: docs\n".into(), "2:13", "page_route \"docs\": a route starts with `/`"),
        ("kind: docs\ngroups: [nope]\n".into(), "2:10", "no endpoint has the route group `nope`"),
        ("kind: docs\nauth_type: public\nallowed_groups: [a]\n".into(), "3:17", "with `auth_type: public` there is none"),
        ("kind: docs\ntitel: x\n".into(), "2:1", "unknown field `titel`; did you mean `title`?"),
        ("kind: docs\n---\nkind: docs\npage_route: /d2\njson_route: /o2\n".into(), "3:1", "the docs are already given at"),
        (format!("name: x\nroute: /docs\nrequest_method: GET\n{base}---\nkind: docs\n"), "9:1", "GET /docs is already defined at"),
        // Upstreams and forwarding.
        ("kind: upstream\nname: up\naddress: 127.0.0.1:1\n---\nname: x\nroute: /x\nrequest_method: GET\nupstreams: [upp]\nexec_mode: forward\nforward: {upstream: upp}\n".into(), "8:13", "upstream `upp` is not defined; did you mean `up`?"),
        ("kind: upstream\nname: up\n---\nname: x\nroute: /x\nrequest_method: GET\nexec_mode: forward\nforward: {upstream: up}\n".into(), "8:21", "forward names upstream `up`, which this endpoint does not declare"),
        ("kind: upstream\nname: up\n---\nname: x\nroute: /x\nrequest_method: GET\nupstreams: [up]\nexec_mode: forward\n".into(), "4:1", "has no `forward`"),
        ("kind: upstream\nname: up\n---\nname: x\nroute: /x/{id}\nrequest_method: GET\nupstreams: [up]\nexec_mode: forward\nforward: {upstream: up, path: '/api/{ident}'}\n".into(), "9:31", "`{ident}` is not a parameter of route /x/{id}"),
        ("kind: upstream\nname: up\n---\nname: x\nroute: /x\nrequest_method: GET\nupstreams: [up]\nexec_mode: forward\nforward: {upstream: up, pth: /a}\n".into(), "9:25", "did you mean `path`?"),
        (format!("kind: upstream\nname: up\n---\nname: x\nroute: /x\nrequest_method: GET\nforward: {{upstream: up}}\n{base}"), "7:10", "`forward` is for `exec_mode: forward`"),
        ("kind: upstream\nname: up\n---\nname: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\nupstreams: [up]\ncode: |\n  const r = await fetch(\"other\", \"/a\");\n  result = {payload: 1}\n".into(), "11:25", "fetch names upstream `other`, which this endpoint does not declare"),
        ("kind: upstream\nname: up\ntimeout: 5 seconds\n".into(), "3:10", "`timeout` is a duration"),
        ("kind: upstream\nname: up\ntimeout: 10m\n".into(), "3:10", "`timeout` is a duration from 1ms to 300s"),
        ("kind: upstream\nname: up\naddress: localhost\n".into(), "3:10", "an address is `host:port`"),
        ("kind: upstream\nname: 'up stream'\n".into(), "2:7", "an upstream's name is letters"),
        ("kind: upstream\nname: up\nheaders: {x-endpoint-user: admin}\n".into(), "3:11", "headers are the proxy's"),
        ("kind: upstream\nname: up\nheaders: {host: other}\n".into(), "3:11", "the proxy sets this header itself"),
        ("kind: upstream\nname: up\nmax_response_bytes: 0\n".into(), "3:21", "`max_response_bytes` is a whole number from 1"),
        ("kind: upstream\nname: up\n---\nkind: upstream\nname: up\n".into(), "5:7", "upstream `up` is already defined at"),
        ("kind: upstream\nname: up\nadress: 127.0.0.1:1\n".into(), "3:1", "did you mean `address`?"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nlimits: {{instructions: 0}}\n{base}"), "4:24", "`instructions` is a whole number from 1"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nlimits: {{loops: 5}}\n{base}"), "4:10", "unknown field `loops`"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nlimits: {{instructions: 10000001}}\n{base}"), "4:24", "`instructions` is a whole number from 1 to 10000000"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nlimits: {{loop_iterations: 99999999999}}\n{base}"), "4:27", "`loop_iterations` is a whole number from 1 to 10000000"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nlimits: {{recursion: 100000}}\n{base}"), "4:21", "`recursion` is a whole number from 1 to 512"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nlimits: {{memory_bytes: 1073741824}}\n{base}"), "4:24", "`memory_bytes` is a whole number from 1 to 67108864"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nsecrets: [my-secret]\n{base}"), "4:11", "name a secret as an environment variable"),
        ("kind: vars\nvars: [1, 2]\n".into(), "2:7", "`vars` is a mapping"),
        ("kind: vars\n".into(), "1:1", "has no `vars`"),
        ("kind: vars\nvars: {a: 1}\n---\nkind: vars\nvars: {a: 2}\n".into(), "5:8", "var `a` is already given at"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\nallowed_groups: [staff]\ncode: 'result = {payload: 1}'\n".into(), "6:17", "`allowed_groups` needs an authenticated caller"),
        ("name: x\nroute: /x\nrequest_method: GET\nallowed_groups: staff\ncode: 'result = {payload: 1}'\n".into(), "4:17", "`allowed_groups` is a list of strings"),
        ("kind: auth\njwt:\n  unknown_subject: allow\n".into(), "3:20", "`unknown_subject` is one of reject, claims"),
        ("kind: auth\njwt:\n  user_clam: email\n".into(), "3:3", "did you mean `user_claim`?"),
        ("kind: auth\njwt: yes\n".into(), "2:6", "`jwt` is a mapping"),
        ("kind: auth\njwt:\n  user_claim: sub\n".into(), "3:3", "`jwt` needs `issuers`"),
        ("kind: auth\njwt:\n".into(), "2:4", "`jwt` needs `issuers`"),
        ("kind: auth\njwt: {issuers: []}\n".into(), "2:16", "`issuers: []` accepts no token"),
        ("kind: auth\njwt: {issuers: [1]}\n".into(), "2:17", "`issuers` is a string"),
        ("name: x\nroute: /x\nrequest_method: GET\nallowed_groups: []\ncode: 'result = {payload: 1}'\n".into(), "4:17", "`allowed_groups: []` lets no caller in"),
        ("kind: auth\njwt: {issuers: [a]}\n---\nkind: auth\n".into(), "4:1", "already given at"),
        ("- just\n- a list\n".into(), "1:1", "a definition is a mapping of fields"),
        ("name: x\nroute: /x\n  bad indentation: here\n".into(), "3:", "YAML syntax"),
        ("name: x\nroute: /x\nroute: /y\n".into(), "3:1", "YAML syntax: duplicated key in mapping"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  const a = 1;\n  const b = ;\n".into(), "8:13", "snippet:"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: \"result = {payload: )}\"\n".into(), "6:27", "snippet:"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  result = {payload: 1}; }); (function () {\n".into(), "7:", "snippet:"),
        ("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  result = {payload: reqest.body}\n".into(), "7:22", "snippet: `reqest` is not defined; did you mean `request`?"),
        // Deeper than the filter's stack allows: refused where it goes too deep, rather
        // than left to overflow the parser (here, or in the filter at load).
        (format!("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  let a = 1;\n  result = {{payload: {}{}}}\n", "[".repeat(70), "]".repeat(70)), "8:84", "snippet: the snippet nests too deeply here"),
        (format!("name: x\nroute: /x\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  let a = 1;\n  {} {{ result = {{payload: 1}} }}\n", "if (a) {} else ".repeat(600)), "8:", "snippet: the snippet nests too deeply here"),
        ("kind: user\nname: nobody\n".into(), "1:1", "a user has no `login`"),
        // Files are read in sorted order: the second definition is the one in users.yaml.
        ("kind: user\nlogin: anon\n".into(), "users.yaml:2:8", "user `anon` is already defined at"),
        ("kind: user\nlogin: key\napi_keys: [demo-key]\n".into(), "3:12", "never the key itself"),
        ("kind: user\nlogin: copy\napi_keys: [c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c]\n".into(), "users.yaml:6:12", "already listed for user `copy`"),
        ("kind: user\nlogin: x\ngroup: [a]\n".into(), "3:1", "did you mean `groups`?"),
    ];
    let mut failures = Vec::new();
    for (yaml, position, fragment) in &cases {
        let errors = errors_for(yaml);
        let place = if position.contains(".yaml:") {
            position.to_string()
        } else {
            format!("endpoint.yaml:{position}")
        };
        let found = errors
            .iter()
            .any(|e| e.starts_with(&place) && e.contains(fragment));
        if !found {
            failures.push(format!(
                "--- {yaml}expected {place} … {fragment}\ngot {errors:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn conflicts_across_files_name_both_places() {
    let other = "name: other\nroute: /hello\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: 'result = {payload: 2}'\n";
    let dir = definitions(&[("users.yaml", USERS), ("a.yaml", HELLO), ("b.yaml", other)]);
    let output = compile(&[&dir, Path::new("--check")]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("b.yaml:2:8: error: GET /hello is already defined at ")
            && text.contains("a.yaml:2:8"),
        "{text}"
    );

    let a = "name: a\nroute: /items/{id}\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: 'result = {payload: 1}'\n";
    let b = "name: b\nroute: /items/{name}\nrequest_method: DELETE\nauth_type: public\nexec_as_user: anon\ncode: 'result = {payload: 1}'\n";
    let dir = definitions(&[("users.yaml", USERS), ("a.yaml", a), ("b.yaml", b)]);
    let text = stderr(&compile(&[&dir, Path::new("--check")]));
    assert!(
        text.contains(
            "b.yaml:2:8: error: route /items/{name} cannot be told apart from route /items/{id} at "
        ) && text.contains("a.yaml:2:8"),
        "{text}"
    );
}

#[test]
fn bad_files_and_folders() {
    // No definitions at all.
    let empty = scratch();
    let output = compile(&[&empty, Path::new("--check")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no definitions here"));

    let only_comments = definitions(&[("a.yaml", "# nothing yet\n---\n")]);
    let output = compile(&[&only_comments, Path::new("--check")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("hold no endpoint or user"));

    // Binary junk, with the line where it starts.
    let junk = definitions(&[("users.yaml", USERS)]);
    fs::write(junk.join("junk.yaml"), b"name: x\n\xff\xfe\x00binary").unwrap();
    let output = compile(&[&junk, Path::new("--check")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("junk.yaml:2:1: error: the file is not UTF-8 text"),
        "{}",
        stderr(&output)
    );

    // A file too large to be a definition.
    let huge = definitions(&[("users.yaml", USERS)]);
    let file = fs::File::create(huge.join("huge.yaml")).unwrap();
    file.set_len(endpoint_compiler::MAX_FILE_BYTES + 1).unwrap();
    let output = compile(&[&huge, Path::new("--check")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("over the 16777216-byte limit"),
        "{}",
        stderr(&output)
    );

    // Unreadable: a link to nowhere is an I/O error, exit 2.
    let unreadable = definitions(&[("users.yaml", USERS), ("hello.yaml", HELLO)]);
    std::os::unix::fs::symlink(unreadable.join("missing"), unreadable.join("gone.yaml")).unwrap();
    let output = compile(&[&unreadable, Path::new("--check")]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("gone.yaml:1:1: error: cannot read"));

    // A path that does not exist.
    let output = compile(&[Path::new("/nonexistent/definitions"), Path::new("--check")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("/nonexistent/definitions:1:1: error: cannot read"));

    // An output folder that does not exist: nothing written, exit 2.
    let good = definitions(&[("users.yaml", USERS), ("hello.yaml", HELLO)]);
    let output = compile(&[&good, Path::new("-o"), &good.join("no/such/dir/bundle.bin")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot write the bundle"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(compile(&[]).status.code(), Some(2));
    let dir = definitions(&[("users.yaml", USERS), ("hello.yaml", HELLO)]);
    assert_eq!(
        compile(&[&dir]).status.code(),
        Some(2),
        "neither -o nor --check"
    );
    assert_eq!(
        compile(&[&dir, Path::new("--bogus")]).status.code(),
        Some(2)
    );
}

#[test]
fn list_shows_the_endpoints_also_as_json_and_by_group() {
    let second = "name: second\nroutes: [\"/b\", \"/c\"]\nroute_group: g2\nrequest_method: DELETE\nactive: false\ncode: 'result = {payload: 1}'\n";
    let dir = definitions(&[
        ("users.yaml", USERS),
        (
            "a.yaml",
            &HELLO.replace("route: /hello", "route: /hello\nroute_group: g1"),
        ),
        ("b.yaml", second),
    ]);
    let output = compile(&[&dir, Path::new("--list")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(
        lines[1].starts_with("/b")
            && lines[1].contains("DELETE")
            && lines[1].contains("g2")
            && lines[1].contains(" no "),
        "{table}"
    );
    assert!(
        lines[3].starts_with("/hello") && lines[3].contains("public") && lines[3].contains("yes"),
        "{table}"
    );

    let output = compile(&[
        &dir,
        Path::new("--list"),
        Path::new("--json"),
        Path::new("--group"),
        Path::new("g1"),
    ]);
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([{"route": "/hello", "method": "GET", "name": "hello", "route_group": "g1", "auth_type": "public", "active": true}])
    );
    // --group and --json only go with --list.
    assert_eq!(
        compile(&[&dir, Path::new("--check"), Path::new("--json")])
            .status
            .code(),
        Some(2)
    );
}

/// Every form of `request_content_schema` compiles, and equivalent forms give the
/// same schema in the bundle.
#[test]
fn schemas_in_every_form_reach_the_bundle() {
    let endpoint = |name: &str, content_type: &str, schema: &str| {
        format!(
            "name: {name}\nroute: /{name}\nrequest_method: POST\nrequest_content_type: {content_type}\nauth_type: public\nexec_as_user: anon\ncode: 'result = {{payload: 1}}'\nrequest_content_schema: {schema}\n---\n"
        )
    };
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="xs:int"/></xs:schema>"#;
    let json = "application/json";
    let mut definitions = String::new();
    definitions.push_str(&endpoint(
        "inline",
        json,
        "\n  type: object\n  required: [id]",
    ));
    definitions.push_str(&endpoint(
        "json-string",
        json,
        r#"'{"type": "object", "required": ["id"]}'"#,
    ));
    definitions.push_str(&endpoint(
        "yaml-string",
        json,
        "|\n  type: object\n  required: [id]",
    ));
    definitions.push_str(&endpoint("json-file", json, "{file: schemas/order.json}"));
    definitions.push_str(&endpoint("yaml-file", json, "{file: schemas/order.yaml}"));
    definitions.push_str(&endpoint(
        "xsd-string",
        "application/xml",
        &format!("'{xsd}'"),
    ));
    definitions.push_str(&endpoint(
        "xsd-file",
        "application/xml",
        "{file: schemas/a.xsd}",
    ));
    let dir = definitions_dir(&definitions, xsd);
    let out = dir.join("bundle.bin");
    let output = compile(&[&dir.join("defs"), Path::new("-o"), &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, content) = endpoint_core::bundle::decode(&fs::read(&out).unwrap()).unwrap();
    let expected = endpoint_core::model::ContentSchema::Json(
        serde_json::json!({"type": "object", "required": ["id"]}),
    );
    let mut xsds = 0;
    for endpoint in &content.endpoints {
        match &endpoint.request_content_schema {
            Some(endpoint_core::model::ContentSchema::Xsd(text)) => {
                assert_eq!(text.trim(), xsd);
                xsds += 1;
            }
            schema => assert_eq!(schema.as_ref(), Some(&expected), "{}", endpoint.name),
        }
    }
    assert_eq!(xsds, 2);
    assert_eq!(content.endpoints.len(), 7);
}

fn definitions_dir(endpoints: &str, xsd: &str) -> PathBuf {
    definitions(&[
        ("defs/users.yaml", USERS),
        ("defs/endpoints.yaml", endpoints),
        (
            "defs/schemas/order.json",
            r#"{"type": "object", "required": ["id"]}"#,
        ),
        ("defs/schemas/order.yaml", "type: object\nrequired: [id]\n"),
        ("defs/schemas/a.xsd", xsd),
    ])
}

/// `{file: ...}` names a schema inside the definitions: never an absolute path, a
/// path out of the folder tree being compiled, or a link out of it; and an error
/// about a file that is not a schema never quotes its content.
#[test]
fn schema_files_stay_inside_the_definitions() {
    const SECRET: &str = "s3cr3t-Passw0rd";
    let endpoint = |content_type: &str, file: &str| {
        format!(
            "name: x\nroute: /x\nrequest_method: POST\nrequest_content_type: {content_type}\nauth_type: public\nexec_as_user: anon\ncode: 'result = {{payload: 1}}'\nrequest_content_schema: {{file: {file}}}\n"
        )
    };
    // A tree beside the definitions, holding what no bundle may take in.
    let outside = definitions(&[
        (
            "secrets/shadow",
            &format!("root:{SECRET}:19000:0:99999:7:::\n"),
        ),
        ("secrets/token.json", &format!(r#"{{"type": "{SECRET}"}}"#)),
        ("secrets/key.xsd", &format!("<{SECRET}/>")),
    ]);
    let secrets = outside.join("secrets");
    let json = "application/json";
    let xml = "application/xml";
    let escapes = [
        (
            json,
            secrets.join("shadow").display().to_string(),
            "is an absolute path",
        ),
        (
            json,
            "../secrets/shadow".to_string(),
            "outside the folders being compiled",
        ),
        (
            json,
            "link/token.json".to_string(),
            "outside the folders being compiled",
        ),
        (
            xml,
            "link/key.xsd".to_string(),
            "outside the folders being compiled",
        ),
    ];
    for (content_type, file, expected) in escapes {
        let dir = definitions(&[
            ("defs/users.yaml", USERS),
            ("defs/endpoint.yaml", &endpoint(content_type, &file)),
        ]);
        std::os::unix::fs::symlink(&secrets, dir.join("defs/link")).unwrap();
        // The secrets sit where `../secrets` leads from `defs/`.
        std::os::unix::fs::symlink(&secrets, dir.join("secrets")).unwrap();
        let out = dir.join("bundle.bin");
        let output = compile(&[&dir.join("defs"), Path::new("-o"), &out]);
        let errors = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{file}: {errors}");
        assert!(errors.contains(expected), "{file}: {errors}");
        assert!(!errors.contains(SECRET), "{file}: {errors}");
        assert!(!out.exists());
    }
    // Inside the tree but not a schema: the error says so without quoting it.
    for (content_type, name, content) in [
        (json, "notes.txt", format!("password = [{SECRET}\n")),
        (
            json,
            "broken.yaml",
            format!("a: [{SECRET}\nb: {{{SECRET}: \"\n"),
        ),
        (json, "type.json", format!(r#"{{"type": "{SECRET}"}}"#)),
        (json, "enum.json", format!(r#"{{"enum": "{SECRET}"}}"#)),
        (xml, "plain.xsd", format!("{SECRET}\n")),
        (xml, "element.xsd", format!("<{SECRET}/>")),
    ] {
        let dir = definitions(&[
            ("defs/users.yaml", USERS),
            ("defs/endpoint.yaml", &endpoint(content_type, name)),
            (&format!("defs/{name}"), &content),
        ]);
        let output = compile(&[&dir.join("defs"), Path::new("-o"), &dir.join("b")]);
        let errors = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {errors}");
        assert!(errors.contains(name), "{name}: {errors}");
        assert!(!errors.contains(SECRET), "{name}: {errors}");
    }
}

#[test]
fn hidden_files_and_folders_are_never_definitions() {
    let dir = definitions(&[
        ("users.yaml", USERS),
        (
            "hello.yaml",
            "name: h\nroute: /h\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: 'result = {payload: 1}'\n",
        ),
        (".pre-commit-config.yaml", "repos:\n  - repo: local\n"),
        (".gitlab-ci.yml", "stages: [test]\n"),
        (".github/workflows/ci.yaml", "on: push\n"),
    ]);
    let output = compile(&[&dir, Path::new("--check")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("ok: 1 endpoints, 2 users"));
}
