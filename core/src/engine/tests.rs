use sha2::{Digest, Sha256};

use super::*;
use crate::bundle::{encode, hex};
use crate::model::{AuthSettings, ContentSchema, ContentType, UnknownSubject, User};

const KEY: &str = "ann-secret-key";

fn endpoint(name: &str, route: &str, method: Method, code: &str) -> Endpoint {
    Endpoint::example(name, route, method, code)
}

fn engine() -> Engine {
    let mut post = endpoint(
        "create",
        "/items",
        Method::Post,
        "result = {payload: {got: request.json, who: user.login}, status_code: 201}",
    );
    post.request_content_type = Some(ContentType::Json);
    let mut private = endpoint(
        "private",
        "/private",
        Method::Get,
        "result = {payload: user.login}",
    );
    private.auth_type = AuthType::User;
    private.exec_as_user = None;
    let mut form = endpoint(
        "form",
        "/form",
        Method::Post,
        "result = {payload: request.form}",
    );
    form.request_content_type = Some(ContentType::FormUrlencoded);
    let content = BundleContent {
        upstreams: Vec::new(),
        endpoints: vec![
            endpoint(
                "hello",
                "/hello/{name}",
                Method::Get,
                "result = {payload: {hello: request.params.name, q: request.query, h: request.headers['x-demo']}}",
            ),
            endpoint(
                "delete",
                "/hello/{name}",
                Method::Delete,
                "result = {payload: 'gone'}",
            ),
            post,
            private,
            form,
            endpoint("broken", "/broken", Method::Get, "null.x"),
            // Each call's loop stays under the per-frame limit; only the instruction
            // budget bounds the whole.
            endpoint(
                "spin",
                "/spin",
                Method::Get,
                "function f() { let x = 0; for (let i = 0; i < 90000; i++) x += i; return x; } for (let j = 0; j < 90000; j++) f();",
            ),
        ],
        users: vec![
            User::example("anon"),
            User {
                login: "ann".into(),
                name: "Ann".into(),
                groups: vec!["staff".into()],
                api_keys: vec![hex(&Sha256::digest(KEY.as_bytes()))],
            },
        ],
        auth: AuthSettings::default(),
        vars: Default::default(),
    };
    Engine::load(&encode(&content)).unwrap()
}

fn head(method: &str, path: &str, headers: &[(&str, &str)]) -> RequestHead {
    RequestHead::new(method, path, headers)
}

/// Runs the whole pipeline as the filter does.
fn handle(engine: &Engine, head: &RequestHead, body: &[u8]) -> Option<Outcome> {
    handle_with(engine, head, body, &NoHost)
}

fn handle_with(
    engine: &Engine,
    head: &RequestHead,
    body: &[u8],
    host: &dyn Host,
) -> Option<Outcome> {
    match engine.decide(head, host) {
        Decision::NotOurs => None,
        Decision::Reply { reply, .. } => Some(Outcome {
            step: Step::Reply(reply),
            logs: Vec::new(),
            counters: Vec::new(),
        }),
        Decision::Accept(accepted) => Some(engine.execute(&accepted, head, body)),
    }
}

/// The reply of an outcome that must be one.
trait Replied {
    fn reply(&self) -> &Reply;
}

impl Replied for Outcome {
    fn reply(&self) -> &Reply {
        match &self.step {
            Step::Reply(reply) => reply,
            other => panic!("not answered: {other:?}"),
        }
    }
}

fn body_json(reply: &Reply) -> Value {
    serde_json::from_slice(&reply.body).unwrap()
}

#[test]
fn unmatched_paths_are_not_ours() {
    let engine = engine();
    let ours = |path: &str| {
        !matches!(
            engine.decide(&head("GET", path, &[]), &NoHost),
            Decision::NotOurs
        )
    };
    assert!(!ours("/elsewhere?x=1") && !ours("/hello"));
    assert!(ours("/hello/ann?x=1") && ours("/items"));
    assert!(handle(&engine, &head("GET", "/elsewhere", &[]), b"").is_none());
    assert!(handle(&engine, &head("GET", "/hello", &[]), b"").is_none());
}

#[test]
fn runs_the_snippet_with_params_query_and_headers() {
    let out = handle(
        &engine(),
        &head("GET", "/hello/ann%20b?x=1&y=a%2Bb&x=2", &[("x-demo", "d")]),
        b"",
    )
    .unwrap();
    assert_eq!(out.reply().status, 200);
    assert_eq!(
        body_json(out.reply()),
        json!({"hello": "ann b", "q": {"x": "1", "y": "a+b"}, "h": "d"})
    );
    assert_eq!(out.reply().header("content-type"), Some("application/json"));
}

#[test]
fn wrong_method_is_405_with_allow() {
    let out = handle(&engine(), &head("PUT", "/hello/x", &[]), b"").unwrap();
    assert_eq!(out.reply().status, 405);
    assert_eq!(out.reply().header("allow"), Some("GET, HEAD, DELETE"));
    let lower = handle(&engine(), &head("get", "/hello/x", &[]), b"").unwrap();
    assert_eq!(lower.reply().status, 405, "methods are case-sensitive");
    // HEAD needs a GET endpoint on the route.
    let post_only = handle(&engine(), &head("HEAD", "/items", &[]), b"").unwrap();
    assert_eq!(post_only.reply().status, 405);
    assert_eq!(post_only.reply().header("allow"), Some("POST"));
}

#[test]
fn head_is_served_by_the_get_endpoint() {
    let out = handle(
        &engine(),
        &head("HEAD", "/hello/x", &[("x-demo", "d")]),
        b"",
    )
    .unwrap();
    assert_eq!(out.reply().status, 200);
    // The body is the GET's: Envoy sends its length and no body (RFC 9110 §9.3.2).
    assert_eq!(body_json(out.reply())["hello"], "x");
}

#[test]
fn answers_without_content_drop_the_snippet_body() {
    for status in [204, 304] {
        let code = format!(
            "result = {{status_code: {status}, payload: {{no: 'body'}}, headers: {{'x-kept': '1'}}}}"
        );
        let content = BundleContent::example(vec![endpoint("e", "/e", Method::Get, &code)]);
        let engine = Engine::load(&encode(&content)).unwrap();
        let out = handle(&engine, &head("GET", "/e", &[]), b"").unwrap();
        assert_eq!(out.reply().status, status);
        assert!(out.reply().body.is_empty(), "{status}");
        assert_eq!(out.reply().header("x-kept"), Some("1"));
        assert!(
            out.logs
                .iter()
                .any(|l| l.level == Level::Warning && l.message.contains("has no body")),
            "{:?}",
            out.logs
        );
    }
}

#[test]
fn user_endpoints_need_a_known_api_key() {
    let engine = engine();
    for headers in [
        vec![],
        vec![("x-api-key", "wrong")],
        vec![("x-api-key", "")],
        vec![("x-user", "ann")],
        vec![("x-forwarded-user", "ann")],
    ] {
        let out = handle(&engine, &head("GET", "/private", &headers), b"").unwrap();
        assert_eq!(out.reply().status, 401, "{headers:?}");
        assert_eq!(
            out.reply().header("www-authenticate"),
            Some(API_KEY_CHALLENGE)
        );
    }
    let out = handle(
        &engine,
        &head("GET", "/private", &[("x-api-key", KEY)]),
        b"",
    )
    .unwrap();
    assert_eq!(
        (out.reply().status, out.reply().body.as_slice()),
        (200, b"ann".as_slice())
    );
}

#[test]
fn content_type_is_checked_by_media_type() {
    let engine = engine();
    for bad in [None, Some("text/plain"), Some("application/jsonx")] {
        let headers: Vec<_> = bad.map(|v| ("content-type", v)).into_iter().collect();
        let out = handle(&engine, &head("POST", "/items", &headers), b"{}").unwrap();
        assert_eq!(out.reply().status, 415, "{bad:?}");
    }
    let out = handle(
        &engine,
        &head(
            "POST",
            "/items",
            &[("content-type", "Application/JSON; charset=utf-8")],
        ),
        br#"{"a": [1]}"#,
    )
    .unwrap();
    assert_eq!(out.reply().status, 201);
    assert_eq!(
        body_json(out.reply()),
        json!({"got": {"a": [1]}, "who": "anon"})
    );
}

#[test]
fn invalid_json_is_a_problem_report() {
    let out = handle(
        &engine(),
        &head("POST", "/items", &[("content-type", "application/json")]),
        b"{not json",
    )
    .unwrap();
    assert_eq!(out.reply().status, 400);
    assert_eq!(
        out.reply().header("content-type"),
        Some("application/problem+json")
    );
    let body = body_json(out.reply());
    assert_eq!(body["title"], "RequestValidationError");
    assert_eq!(body["status"], 400);
    assert_eq!(body["errors"][0]["type"], "json_invalid");
    assert!(
        !body.to_string().contains("not json"),
        "request data is not echoed"
    );
}

#[test]
fn declared_oversized_body_is_413_before_reading() {
    let length = (DEFAULT_BODY_LIMIT + 1).to_string();
    let out = handle(
        &engine(),
        &head(
            "POST",
            "/items",
            &[
                ("content-type", "application/json"),
                ("content-length", &length),
            ],
        ),
        b"",
    )
    .unwrap();
    assert_eq!(out.reply().status, 413);
}

#[test]
fn form_bodies_become_request_form() {
    let out = handle(
        &engine(),
        &head(
            "POST",
            "/form",
            &[("content-type", "application/x-www-form-urlencoded")],
        ),
        b"a=1&b=x+y%21",
    )
    .unwrap();
    assert_eq!(body_json(out.reply()), json!({"a": "1", "b": "x y!"}));
}

#[test]
fn snippet_errors_are_generic_500s_with_details_in_the_log() {
    let out = handle(&engine(), &head("GET", "/broken", &[]), b"").unwrap();
    assert_eq!(out.reply().status, 500);
    assert_eq!(body_json(out.reply())["error"], "InternalServerError");
    assert!(!String::from_utf8_lossy(&out.reply().body).contains("TypeError"));
    assert_eq!(out.logs.len(), 1);
    assert_eq!(out.logs[0].level, Level::Error);
    assert!(out.logs[0].message.contains("\"broken\""));
    assert!(out.logs[0].message.contains("TypeError"));
}

#[test]
fn bad_response_headers_never_split_a_response() {
    let mut logs = Vec::new();
    let reply = |headers: Vec<(&str, &str)>| SnippetReply {
        status: 200,
        headers: headers
            .into_iter()
            .map(|(n, v)| (n.into(), v.into()))
            .collect(),
        body: String::new(),
    };
    assert!(checked_reply(reply(vec![("x-a", "1\r\nset-cookie: x")]), "e", &mut logs).is_err());
    assert!(checked_reply(reply(vec![("x a", "1")]), "e", &mut logs).is_err());
    assert!(checked_reply(reply(vec![(":status", "1")]), "e", &mut logs).is_err());
    assert!(checked_reply(reply(vec![("", "1")]), "e", &mut logs).is_err());
    let ok = checked_reply(
        reply(vec![("X-Ok", "fine"), ("Content-Length", "5")]),
        "e",
        &mut logs,
    )
    .unwrap();
    assert_eq!(ok.headers, vec![("x-ok".to_string(), "fine".to_string())]);
    assert_eq!(logs.len(), 1, "dropping content-length is logged");
}

#[test]
fn refuses_bundles_it_cannot_fully_check() {
    assert!(matches!(Engine::load(b"junk"), Err(LoadError::Decode(_))));
    let mut content = BundleContent::default();
    content.users.push(User::example("anon"));
    content.endpoints.push(endpoint(
        "a",
        "/a/{x}",
        Method::Get,
        "result = {payload: 1}",
    ));
    content.endpoints.push(endpoint(
        "b",
        "/a/{y}",
        Method::Get,
        "result = {payload: 1}",
    ));
    content
        .endpoints
        .push(endpoint("c", "/c", Method::Get, "result = {"));
    let mut missing_user = endpoint("d", "/d", Method::Get, "result = {payload: 1}");
    missing_user.exec_as_user = Some("nobody".into());
    content.endpoints.push(missing_user);
    let Err(LoadError::Invalid(problems)) = Engine::load(&encode(&content)) else {
        panic!("loaded an invalid bundle");
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        matches!(&problems[0], LoadProblem::Route(_)) && problems[0].to_string().contains("/a/{y}"),
        "{problems:?}"
    );
    assert_eq!(
        problems[1],
        LoadProblem::UnknownRunAs {
            endpoint: "d".into(),
            login: "nobody".into()
        }
    );
    assert!(
        matches!(&problems[2], LoadProblem::Snippet { endpoint, error: crate::snippet::SnippetError::Syntax(_) } if endpoint == "c"),
        "{problems:?}"
    );
}

/// A host whose jwt_authn metadata holds these claims.
struct Verified(Option<Value>);

impl Host for Verified {
    fn jwt_payload(&self, key: &str) -> Option<Map<String, Value>> {
        assert_eq!(key, "jwt_payload");
        self.0.as_ref().and_then(|v| v.as_object().cloned())
    }
}

const ISSUER: &str = "https://issuer.test";

fn jwt_engine(unknown_subject: UnknownSubject) -> Engine {
    let mut staff_only = endpoint(
        "staff",
        "/staff",
        Method::Get,
        "result = {payload: user.login}",
    );
    staff_only.auth_type = AuthType::User;
    staff_only.exec_as_user = None;
    staff_only.allowed_groups = vec!["staff".into()];
    let mut whoami = endpoint(
        "whoami",
        "/whoami",
        Method::Get,
        "result = {payload: {user: user.login, caller: request.caller}}",
    );
    whoami.auth_type = AuthType::User;
    let content = BundleContent {
        upstreams: Vec::new(),
        endpoints: vec![staff_only, whoami],
        users: vec![
            User::example("anon"),
            User {
                login: "ann".into(),
                name: "Ann".into(),
                groups: vec!["staff".into()],
                api_keys: vec![hex(&Sha256::digest(KEY.as_bytes()))],
            },
            User {
                login: "bob".into(),
                name: "Bob".into(),
                groups: vec!["guests".into()],
                api_keys: vec![],
            },
        ],
        auth: AuthSettings {
            jwt: Some(crate::model::JwtSettings {
                unknown_subject,
                issuers: vec![ISSUER.into()],
                ..Default::default()
            }),
        },
        vars: Default::default(),
    };
    Engine::load(&encode(&content)).unwrap()
}

#[test]
fn jwt_claims_identify_users_of_the_bundle() {
    let engine = jwt_engine(UnknownSubject::Reject);
    let ann = Verified(Some(json!({"iss": ISSUER, "sub": "ann", "scope": "read"})));
    let out = handle_with(&engine, &head("GET", "/whoami", &[]), b"", &ann).unwrap();
    assert_eq!(out.reply().status, 200);
    assert_eq!(
        body_json(out.reply()),
        json!({"user": "anon", "caller": {"login": "ann", "name": "Ann", "groups": ["staff"], "claims": {"iss": ISSUER, "sub": "ann", "scope": "read"}}})
    );

    // No token: 401 naming both schemes.
    let none = handle_with(&engine, &head("GET", "/whoami", &[]), b"", &Verified(None)).unwrap();
    assert_eq!(none.reply().status, 401);
    assert_eq!(
        none.reply().header("www-authenticate"),
        Some("Bearer realm=\"endpoint\", ApiKey realm=\"endpoint\", header=\"X-API-Key\"")
    );

    // A subject that is no user, and a token without the claim: 403.
    let stranger = Verified(Some(json!({"iss": ISSUER, "sub": "mallory"})));
    assert_eq!(
        handle_with(&engine, &head("GET", "/whoami", &[]), b"", &stranger)
            .unwrap()
            .reply()
            .status,
        403
    );
    let no_sub = Verified(Some(json!({"iss": ISSUER})));
    assert_eq!(
        handle_with(&engine, &head("GET", "/whoami", &[]), b"", &no_sub)
            .unwrap()
            .reply()
            .status,
        403
    );
    let numeric_sub = Verified(Some(json!({"iss": ISSUER, "sub": 7})));
    assert_eq!(
        handle_with(&engine, &head("GET", "/whoami", &[]), b"", &numeric_sub)
            .unwrap()
            .reply()
            .status,
        403
    );

    // A wrong API key is refused even with a valid token: no fall back.
    let out = handle_with(
        &engine,
        &head("GET", "/whoami", &[("x-api-key", "wrong")]),
        b"",
        &ann,
    )
    .unwrap();
    assert_eq!(out.reply().status, 401);
}

#[test]
fn only_tokens_of_the_listed_issuers_are_identities() {
    for unknown_subject in [UnknownSubject::Reject, UnknownSubject::Claims] {
        let engine = jwt_engine(unknown_subject);
        for claims in [
            json!({"iss": "https://elsewhere.test", "sub": "ann"}),
            json!({"iss": ["https://issuer.test"], "sub": "ann"}),
            json!({"sub": "ann"}),
        ] {
            let token = Verified(Some(claims.clone()));
            let out = handle_with(&engine, &head("GET", "/whoami", &[]), b"", &token).unwrap();
            assert_eq!(out.reply().status, 403, "{claims}");
            assert!(
                body_json(out.reply())["message"]
                    .as_str()
                    .unwrap()
                    .contains("jwt.issuers")
            );
        }
    }
}

#[test]
fn a_request_presents_one_credential() {
    let jwt = jwt_engine(UnknownSubject::Reject);
    let ann = Verified(Some(json!({"iss": ISSUER, "sub": "ann"})));
    let token = "Bearer a.b.c";
    let cases: [(&str, Vec<(&str, &str)>); 5] = [
        (
            "two keys, both valid",
            vec![("x-api-key", KEY), ("x-api-key", KEY)],
        ),
        (
            "a valid key and a wrong one",
            vec![("x-api-key", KEY), ("x-api-key", "nope")],
        ),
        (
            "a wrong key and a valid one",
            vec![("x-api-key", "nope"), ("x-api-key", KEY)],
        ),
        (
            "two tokens, joined",
            vec![("authorization", "Bearer a.b.c,Bearer d.e.f")],
        ),
        (
            "a key beside a token",
            vec![("x-api-key", KEY), ("authorization", token)],
        ),
    ];
    for (what, headers) in cases {
        let out = handle_with(&jwt, &head("GET", "/whoami", &headers), b"", &ann).unwrap();
        assert_eq!(out.reply().status, 401, "{what}");
        assert!(out.reply().header("www-authenticate").is_some(), "{what}");
    }
    // A key beside a token that `jwt_authn` verified and removed: still two.
    let key_only = head("GET", "/whoami", &[("x-api-key", KEY)]);
    let out = handle_with(&jwt, &key_only, b"", &ann).unwrap();
    assert_eq!(out.reply().status, 401);
    // Alone, each of them identifies ann.
    let out = handle_with(&jwt, &key_only, b"", &NoHost).unwrap();
    assert_eq!(out.reply().status, 200);
    let token_only = head("GET", "/whoami", &[("authorization", token)]);
    let out = handle_with(&jwt, &token_only, b"", &ann).unwrap();
    assert_eq!(out.reply().status, 200);
    // Without JWTs, an Authorization header is no credential of ours: a key beside it
    // works; two keys are still refused.
    let plain = engine();
    let beside = [("x-api-key", KEY), ("authorization", "Bearer a.b.c")];
    let out = handle_with(&plain, &head("GET", "/private", &beside), b"", &NoHost).unwrap();
    assert_eq!(out.reply().status, 200);
    let two = [("x-api-key", KEY), ("x-api-key", KEY)];
    let out = handle_with(&plain, &head("GET", "/private", &two), b"", &NoHost).unwrap();
    assert_eq!(out.reply().status, 401);
}

#[test]
fn unknown_subjects_can_become_users_made_from_claims() {
    let engine = jwt_engine(UnknownSubject::Claims);
    let stranger = Verified(Some(
        json!({"iss": ISSUER, "sub": "mallory", "name": "Mal", "groups": ["staff", 3]}),
    ));
    let out = handle_with(&engine, &head("GET", "/staff", &[]), b"", &stranger).unwrap();
    assert_eq!(
        out.reply().status,
        200,
        "{:?}",
        String::from_utf8_lossy(&out.reply().body)
    );
    assert_eq!(out.reply().body, b"mallory");
}

#[test]
fn allowed_groups_answer_403_to_other_users() {
    let engine = jwt_engine(UnknownSubject::Reject);
    let in_group = handle_with(
        &engine,
        &head("GET", "/staff", &[("x-api-key", KEY)]),
        b"",
        &NoHost,
    )
    .unwrap();
    assert_eq!(in_group.reply().status, 200);
    let bob = Verified(Some(json!({"iss": ISSUER, "sub": "bob"})));
    let out = handle_with(&engine, &head("GET", "/staff", &[]), b"", &bob).unwrap();
    assert_eq!(out.reply().status, 403);
    assert_eq!(body_json(out.reply())["error"], "Forbidden");
    // Not authenticated at all is still a 401.
    assert_eq!(
        handle_with(&engine, &head("GET", "/staff", &[]), b"", &NoHost)
            .unwrap()
            .reply()
            .status,
        401
    );
}

#[test]
fn the_instruction_budget_stops_work_no_loop_limit_sees_and_the_runtime_recovers() {
    let engine = engine();
    let started = std::time::Instant::now();
    let out = handle(&engine, &head("GET", "/spin", &[]), b"").unwrap();
    let took = started.elapsed();
    assert_eq!(out.reply().status, 500);
    assert_eq!(out.counters, vec![Counter::SnippetStopped]);
    assert!(
        out.logs[0].message.contains("over its budget"),
        "{:?}",
        out.logs
    );
    eprintln!("the default budget ran out after {took:?} (native, test profile)");
    assert!(
        took < std::time::Duration::from_secs(10),
        "bounded: {took:?}"
    );

    // The next request runs on the same runtime, at once: nothing is rebuilt.
    let next = handle(&engine, &head("GET", "/hello/ann", &[]), b"").unwrap();
    assert_eq!((next.reply().status, next.counters.len()), (200, 0));
    assert_eq!(body_json(next.reply())["hello"], "ann");
}

#[test]
fn failures_and_limit_stops_are_counted_apart() {
    let engine = engine();
    let failed = handle(&engine, &head("GET", "/broken", &[]), b"").unwrap();
    assert_eq!(failed.counters, vec![Counter::SnippetFailed]);
    let ok = handle(&engine, &head("GET", "/hello/x", &[]), b"").unwrap();
    assert!(ok.counters.is_empty());
}

#[test]
fn per_endpoint_limits_override_the_defaults() {
    let mut tight = endpoint(
        "tight",
        "/tight",
        Method::Get,
        "let n = 0; for (let i = 0; i < 50; i++) n++; result = {payload: n}",
    );
    tight.limits.loop_iterations = Some(10);
    let mut roomy = endpoint(
        "roomy",
        "/roomy",
        Method::Get,
        "let n = 0; for (let i = 0; i < 200000; i++) n++; result = {payload: n}",
    );
    roomy.limits.loop_iterations = Some(1_000_000);
    roomy.limits.instructions = Some(10_000_000);
    let content = BundleContent::example(vec![tight, roomy]);
    let engine = Engine::load(&encode(&content)).unwrap();
    let tight = handle(&engine, &head("GET", "/tight", &[]), b"").unwrap();
    assert_eq!(tight.reply().status, 500);
    assert_eq!(tight.counters, vec![Counter::SnippetStopped]);
    let roomy = handle(&engine, &head("GET", "/roomy", &[]), b"").unwrap();
    assert_eq!(
        (roomy.reply().status, roomy.reply().body.as_slice()),
        (200, b"200000".as_slice())
    );
}

fn env_engine(environment: &dyn Fn(&str) -> Option<String>) -> Result<Engine, LoadError> {
    let mut hook = endpoint("hook", "/hook", Method::Get, "result = {payload: env}");
    hook.secrets = vec!["HOOK_SECRET".into()];
    let plain = endpoint("plain", "/plain", Method::Get, "result = {payload: env}");
    let mut csv = endpoint(
        "csv",
        "/csv",
        Method::Post,
        "result = {payload: request.csv}",
    );
    csv.request_content_type = Some(ContentType::TextCsv);
    let mut vars = std::collections::BTreeMap::new();
    vars.insert("greeting".to_string(), json!("Hello"));
    vars.insert("limits".to_string(), json!({"max": 3}));
    let content = BundleContent {
        upstreams: Vec::new(),
        vars,
        ..BundleContent::example(vec![hook, plain, csv])
    };
    Engine::load_with_environment(&encode(&content), environment)
}

#[test]
fn env_holds_the_vars_and_only_the_endpoints_own_secrets() {
    let engine = env_engine(&|name| (name == "HOOK_SECRET").then(|| "s3cret".to_string())).unwrap();
    let hook = handle(&engine, &head("GET", "/hook", &[]), b"").unwrap();
    assert_eq!(
        body_json(hook.reply()),
        json!({"vars": {"greeting": "Hello", "limits": {"max": 3}}, "secrets": {"HOOK_SECRET": "s3cret"}})
    );
    let plain = handle(&engine, &head("GET", "/plain", &[]), b"").unwrap();
    assert_eq!(
        body_json(plain.reply())["secrets"],
        json!({}),
        "not declared, not visible"
    );
}

#[test]
fn a_missing_secret_refuses_the_bundle() {
    let Err(LoadError::Invalid(problems)) = env_engine(&|_| None) else {
        panic!("loaded without its secret");
    };
    assert!(
        matches!(&problems[0], LoadProblem::SecretNotSet { secret, .. } if secret == "HOOK_SECRET"),
        "{problems:?}"
    );
    let told = problems[0].to_string();
    assert!(told.contains("secret HOOK_SECRET is not set"), "{told}");
    assert!(told.contains("vm_config.environment_variables"), "{told}");
}

#[test]
fn csv_bodies_become_rows() {
    let engine = env_engine(&|_| Some("x".into())).unwrap();
    let csv = [("content-type", "text/csv")];
    let out = handle(&engine, &head("POST", "/csv", &csv), b"a,b\n1,\"x, y\"\n").unwrap();
    assert_eq!(body_json(out.reply()), json!([["a", "b"], ["1", "x, y"]]));
    let bad = handle(&engine, &head("POST", "/csv", &csv), b"a\n\xff\n").unwrap();
    assert_eq!(bad.reply().status, 400);
    assert_eq!(body_json(bad.reply())["errors"][0]["type"], "csv_invalid");
}

const ORDER_XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="order"><xs:complexType><xs:sequence>
    <xs:element name="id" type="xs:positiveInteger"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;

/// Endpoints with schemas, `log_only`, `cors` and a small body limit.
fn validating_engine() -> Engine {
    Engine::load(&encode(&validating_content())).unwrap()
}

fn validating_content() -> BundleContent {
    use crate::model::{ContentSchema, Cors, ValidationMode};
    let schema = json!({
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "integer", "minimum": 1}, "tag": {"type": "string"}}
    });
    let mut orders = endpoint(
        "orders",
        "/orders",
        Method::Post,
        "result = {payload: {id: request.json.id}, status_code: 201}",
    );
    orders.request_content_type = Some(ContentType::Json);
    orders.request_content_schema = Some(ContentSchema::Json(schema.clone()));
    orders.cors = Some(Cors {
        origins: vec!["https://app.example.com".into()],
    });
    orders.limits.body_bytes = Some(64);
    let mut listed = endpoint("list", "/orders", Method::Get, "result = {payload: []}");
    listed.cors = orders.cors.clone();
    listed.auth_type = AuthType::User;
    listed.exec_as_user = None;
    let mut trial = endpoint(
        "trial",
        "/trial",
        Method::Post,
        "result = {payload: {json: request.json}}",
    );
    trial.request_content_type = Some(ContentType::Json);
    trial.request_content_schema = Some(ContentSchema::Json(schema));
    trial.validation = ValidationMode::LogOnly;
    let mut xml = endpoint(
        "xml",
        "/xml",
        Method::Post,
        "result = {payload: request.body.length}",
    );
    xml.request_content_type = Some(ContentType::Xml);
    xml.request_content_schema = Some(ContentSchema::Xsd(ORDER_XSD.into()));
    let mut open = endpoint("open", "/open", Method::Get, "result = {payload: 1}");
    open.cors = Some(Cors {
        origins: vec!["*".into()],
    });
    BundleContent::example(vec![orders, listed, trial, xml, open])
}

/// A request's method, path, headers and body.
type TestRequest<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a [u8]);

#[test]
fn a_bundle_built_at_first_use_answers_as_one_built_at_load() {
    let bytes = encode(&validating_content());
    let at_load = Engine::load(&bytes).unwrap();
    let asked = std::cell::Cell::new(None);
    let at_first_use = Engine::load_as(&bytes, &|hash| {
        asked.set(Some(hash));
        Building::AtFirstUse
    })
    .unwrap();
    assert_eq!(asked.get(), Some(at_load.hash()), "asked for this bundle");
    let xml = ("content-type", "application/xml");
    let requests: [TestRequest; 7] = [
        ("POST", "/orders", &[JSON], br#"{"id": 0, "tag": 5}"#),
        ("POST", "/orders", &[JSON], br#"{"id": 7}"#),
        ("POST", "/orders", &[JSON], b"{"),
        ("POST", "/trial", &[JSON], br#"{"id": "x"}"#),
        ("POST", "/xml", &[xml], b"<order><id>x</id></order>"),
        ("POST", "/xml", &[xml], b"<order><id>7</id></order>"),
        ("GET", "/open", &[], b""),
    ];
    // Twice: built by the first request, kept for the second.
    for _ in 0..2 {
        for (method, path, headers, body) in requests {
            let request = head(method, path, headers);
            let expected = handle(&at_load, &request, body).unwrap();
            let got = handle(&at_first_use, &request, body).unwrap();
            assert_eq!(got.reply(), expected.reply(), "{method} {path}");
            assert_eq!(got.counters, expected.counters, "{method} {path}");
        }
    }
}

#[test]
fn built_at_first_use_a_bundle_is_still_checked_at_load_and_never_runs_unbuilt() {
    use crate::model::ContentSchema;
    let at_first_use =
        |content: &BundleContent| Engine::load_as(&encode(content), &|_| Building::AtFirstUse);
    // What loading checks besides the builds is checked all the same.
    let mut content = BundleContent::example(vec![
        endpoint("a", "/a/{x}", Method::Get, "result = {payload: 1}"),
        endpoint("b", "/a/{y}", Method::Get, "result = {payload: 1}"),
    ]);
    let Err(LoadError::Invalid(problems)) = at_first_use(&content) else {
        panic!("loaded two endpoints on one route");
    };
    assert!(
        matches!(&problems[0], LoadProblem::Route(_)),
        "{problems:?}"
    );

    // Only a bundle checked in full before is loaded so (the filter's canary did it):
    // a schema or snippet that cannot be built is then a defect, and its endpoint
    // answers 500 without running anything, while the others serve.
    content.endpoints.truncate(1);
    let mut schema = endpoint("schema", "/schema", Method::Post, "result = {payload: 1}");
    schema.request_content_type = Some(ContentType::Json);
    schema.request_content_schema = Some(ContentSchema::Json(json!({"pattern": "("})));
    content.endpoints.push(schema);
    content
        .endpoints
        .push(endpoint("snippet", "/snippet", Method::Get, "result = {"));
    assert!(Engine::load(&encode(&content)).is_err(), "refused in full");
    let engine = at_first_use(&content).unwrap();
    let schema = handle(&engine, &head("POST", "/schema", &[JSON]), b"\"x\"").unwrap();
    assert_eq!(schema.reply().status, 500);
    assert!(
        schema.logs[0]
            .message
            .contains("its request_content_schema could not be built at its first request"),
        "{:?}",
        schema.logs
    );
    let snippet = handle(&engine, &head("GET", "/snippet", &[]), b"").unwrap();
    assert_eq!(snippet.reply().status, 500);
    assert!(
        snippet.logs[0]
            .message
            .contains("its snippet could not be built"),
        "{:?}",
        snippet.logs
    );
    let served = handle(&engine, &head("GET", "/a/1", &[]), b"").unwrap();
    assert_eq!(served.reply().status, 200);
}

const JSON: (&str, &str) = ("content-type", "application/json");
const ORIGIN: (&str, &str) = ("origin", "https://app.example.com");

#[test]
fn bodies_failing_their_json_schema_are_problem_reports() {
    let engine = validating_engine();
    let outcome = handle(
        &engine,
        &head("POST", "/orders", &[JSON]),
        br#"{"id": 0, "tag": 5}"#,
    )
    .unwrap();
    assert_eq!(outcome.reply().status, 400);
    assert_eq!(
        outcome.reply().header("content-type"),
        Some("application/problem+json")
    );
    let problem = body_json(outcome.reply());
    assert_eq!(problem["title"], "RequestValidationError");
    assert_eq!(problem["status"], 400);
    let errors = problem["errors"].as_array().unwrap();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["type"].as_str().unwrap()))
        .collect();
    assert_eq!(found.len(), 2, "{errors:?}");
    assert!(found.contains(&("/id", "minimum")));
    assert!(found.contains(&("/tag", "type")));
    assert!(outcome.counters.contains(&Counter::BodyRejected));

    // An empty body is validated like any other: it is not JSON.
    let empty = handle(&engine, &head("POST", "/orders", &[JSON]), b"").unwrap();
    assert_eq!(
        body_json(empty.reply())["errors"][0]["type"],
        "json_invalid"
    );

    let ok = handle(&engine, &head("POST", "/orders", &[JSON]), br#"{"id": 7}"#).unwrap();
    assert_eq!(ok.reply().status, 201);
    assert_eq!(body_json(ok.reply()), json!({"id": 7}));
}

#[test]
fn log_only_logs_where_and_which_rule_and_lets_the_request_through() {
    let engine = validating_engine();
    let outcome = handle(
        &engine,
        &head("POST", "/trial", &[JSON]),
        br#"{"id": -5, "tag": "private-value"}"#,
    )
    .unwrap();
    assert_eq!(outcome.reply().status, 200);
    assert_eq!(body_json(outcome.reply())["json"]["id"], -5);
    assert!(outcome.counters.contains(&Counter::BodyLoggedOnly));
    let line = &outcome.logs[0].message;
    assert!(line.contains("/id (minimum)"), "{line}");
    assert!(
        !line.contains("private-value") && !line.contains("-5"),
        "{line}"
    );
    // A body that is not JSON at all is still refused.
    let malformed = handle(&engine, &head("POST", "/trial", &[JSON]), b"{oops").unwrap();
    assert_eq!(malformed.reply().status, 400);
}

#[test]
fn xml_bodies_are_checked_against_their_xsd() {
    let engine = validating_engine();
    let xml = ("content-type", "application/xml; charset=utf-8");
    let ok = handle(
        &engine,
        &head("POST", "/xml", &[xml]),
        b"<order><id>3</id></order>",
    )
    .unwrap();
    assert_eq!(ok.reply().status, 200);
    let bad = handle(
        &engine,
        &head("POST", "/xml", &[xml]),
        b"<order><id>0</id></order>",
    )
    .unwrap();
    assert_eq!(bad.reply().status, 400);
    let error = &body_json(bad.reply())["errors"][0];
    assert_eq!(error["type"], "xml_schema");
    assert_eq!(error["path"], "/order/id");
    for body in [
        &b"<order><id>3</id>"[..],
        br#"<!DOCTYPE order [<!ENTITY a "1">]><order><id>&a;</id></order>"#,
    ] {
        let refused = handle(&engine, &head("POST", "/xml", &[xml]), body).unwrap();
        assert_eq!(refused.reply().status, 400);
        assert_eq!(
            body_json(refused.reply())["errors"][0]["type"],
            "xml_invalid"
        );
    }
}

#[test]
fn body_limit_is_per_endpoint() {
    let engine = validating_engine();
    let Decision::Accept(accepted) = engine.decide(&head("POST", "/orders", &[JSON]), &NoHost)
    else {
        panic!("accepted");
    };
    assert_eq!(accepted.body_limit, 64);
    let declared = handle(
        &engine,
        &head("POST", "/orders", &[JSON, ("content-length", "65")]),
        b"",
    )
    .unwrap();
    assert_eq!(declared.reply().status, 413);
    assert_eq!(accepted.body_too_large().status, 413);
}

#[test]
fn cors_preflights_are_answered_for_allowed_origins() {
    let engine = validating_engine();
    let preflight = |origin: &str| {
        handle(
            &engine,
            &head(
                "OPTIONS",
                "/orders",
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "content-type, x-api-key"),
                ],
            ),
            b"",
        )
        .unwrap()
        .reply()
        .clone()
    };
    let allowed = preflight("https://app.example.com");
    assert_eq!(allowed.status, 204);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(
        allowed.header("access-control-allow-methods"),
        Some("GET, POST")
    );
    assert_eq!(
        allowed.header("access-control-allow-headers"),
        Some("content-type, x-api-key")
    );
    let other = preflight("https://evil.example.com");
    assert_eq!(other.status, 403);
    assert_eq!(other.header("access-control-allow-origin"), None);
    assert_eq!(other.header("vary"), Some("origin"));
    // OPTIONS without the preflight headers, or on a route without cors: step 2.
    let plain = handle(&engine, &head("OPTIONS", "/orders", &[ORIGIN]), b"").unwrap();
    assert_eq!(plain.reply().status, 405);
    let no_cors = handle(
        &engine,
        &head(
            "OPTIONS",
            "/xml",
            &[ORIGIN, ("access-control-request-method", "POST")],
        ),
        b"",
    )
    .unwrap();
    assert_eq!(no_cors.reply().status, 405);
    assert_eq!(no_cors.reply().header("access-control-allow-origin"), None);
}

#[test]
fn every_answer_of_a_cors_endpoint_carries_the_headers() {
    let engine = validating_engine();
    let cases: Vec<(RequestHead, &[u8], u16)> = vec![
        (
            head("POST", "/orders", &[JSON, ORIGIN]),
            br#"{"id": 1}"#,
            201,
        ),
        (
            head("POST", "/orders", &[JSON, ORIGIN]),
            br#"{"id": 0}"#,
            400,
        ),
        (
            head("POST", "/orders", &[ORIGIN, ("content-type", "text/plain")]),
            b"",
            415,
        ),
        (
            head(
                "POST",
                "/orders",
                &[JSON, ORIGIN, ("content-length", "100")],
            ),
            b"",
            413,
        ),
        (head("GET", "/orders", &[ORIGIN]), b"", 401),
        (head("DELETE", "/orders", &[ORIGIN]), b"", 405),
    ];
    for (request, body, status) in cases {
        let reply = handle(&engine, &request, body).unwrap().reply().clone();
        assert_eq!(reply.status, status, "{request:?}");
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("https://app.example.com"),
            "{status}"
        );
        assert_eq!(reply.header("vary"), Some("origin"), "{status}");
    }
    // Another origin, or no Origin at all: no CORS headers.
    let stranger = handle(
        &engine,
        &head(
            "POST",
            "/orders",
            &[JSON, ("origin", "https://evil.example.com")],
        ),
        br#"{"id": 1}"#,
    )
    .unwrap();
    assert_eq!(stranger.reply().header("access-control-allow-origin"), None);
    // A cache must not hand that answer to an allowed origin.
    assert_eq!(stranger.reply().header("vary"), Some("origin"));
    let no_origin = handle(&engine, &head("GET", "/orders", &[]), b"").unwrap();
    assert_eq!(no_origin.reply().status, 401);
    assert_eq!(no_origin.reply().header("vary"), Some("origin"));
    let any = handle(&engine, &head("GET", "/open", &[ORIGIN]), b"").unwrap();
    assert_eq!(any.reply().header("access-control-allow-origin"), Some("*"));
}

#[test]
fn a_bundle_with_a_schema_that_does_not_compile_is_refused() {
    use crate::model::ContentSchema;
    let mut bad = endpoint("bad", "/bad", Method::Post, "result = {payload: 1}");
    bad.request_content_type = Some(ContentType::Json);
    bad.request_content_schema = Some(ContentSchema::Json(json!({"type": "integr"})));
    let mut xsd = endpoint("xsd", "/xsd", Method::Post, "result = {payload: 1}");
    xsd.request_content_type = Some(ContentType::Xml);
    xsd.request_content_schema = Some(ContentSchema::Xsd("<xs:schema".into()));
    let content = BundleContent::example(vec![bad, xsd]);
    let Err(LoadError::Invalid(problems)) = Engine::load(&encode(&content)) else {
        panic!("must be refused");
    };
    assert_eq!(problems.len(), 2, "{problems:?}");
    use crate::validation::SchemaError;
    assert!(
        matches!(&problems[0], LoadProblem::Schema { endpoint, error: SchemaError::Json(problem) } if endpoint == "bad" && problem.pointer == "/type"),
        "{problems:?}"
    );
    assert!(
        matches!(&problems[1], LoadProblem::Schema { endpoint, error: SchemaError::Xsd(_) } if endpoint == "xsd"),
        "{problems:?}"
    );
    assert!(
        problems[0]
            .to_string()
            .starts_with("endpoint \"bad\": request_content_schema: at \"/type\": ")
    );
}

#[test]
fn a_json_body_reaches_the_snippet_as_json_parse_would_make_it() {
    // The same snippet with a schema and without: the body is read either way, once.
    let code = "const j = request.json; const parsed = JSON.parse(request.body); result = {payload: {keys: Object.keys(j), as_parsed: JSON.stringify(j) === JSON.stringify(parsed), inner: Object.keys(j.o), own: Object.getOwnPropertyNames(j).includes('__proto__'), prototype: Object.getPrototypeOf(j) === Object.prototype, x: j.__proto__.x, array: Array.isArray(j.a), types: j.a.map(v => typeof v), big: j.big, echo: j}}";
    let mut plain = endpoint("plain", "/plain", Method::Post, code);
    plain.request_content_type = Some(ContentType::Json);
    let mut checked = endpoint("checked", "/checked", Method::Post, code);
    checked.request_content_type = Some(ContentType::Json);
    checked.request_content_schema = Some(ContentSchema::Json(
        json!({"type": "object", "required": ["a"]}),
    ));
    let engine = Engine::load(&encode(&BundleContent::example(vec![plain, checked]))).unwrap();
    let body = br#"{"z": 1, "__proto__": {"x": 1}, "2": "b", "a": [1, 2.5, null, true, "s", {}], "o": {"y": 1, "x": 2, "1": 3, "0": 4}, "big": 12345678901}"#;
    let answer = |path: &str, body: &[u8]| {
        handle(
            &engine,
            &head("POST", path, &[("content-type", "application/json")]),
            body,
        )
        .unwrap()
    };
    for path in ["/plain", "/checked"] {
        let out = answer(path, body);
        assert_eq!(out.reply().status, 200, "{path}: {:?}", out.logs);
        assert_eq!(
            body_json(out.reply()),
            json!({
                // Members in the body's order, names that are array indices first,
                // exactly as `JSON.parse` orders them.
                "keys": ["2", "z", "__proto__", "a", "o", "big"],
                "as_parsed": true,
                "inner": ["0", "1", "y", "x"],
                "own": true,
                "prototype": true,
                "x": 1,
                "array": true,
                "types": ["number", "number", "object", "boolean", "string", "object"],
                "big": 12345678901u64,
                "echo": {"2": "b", "z": 1, "__proto__": {"x": 1}, "a": [1, 2.5, null, true, "s", {}], "o": {"y": 1, "x": 2, "1": 3, "0": 4}, "big": 12345678901u64}
            }),
            "{path}"
        );
        // Objects alike and objects each of their own, more kinds than the filter
        // keeps templates for, names that are or look like array indices: all as
        // `JSON.parse` makes them.
        let records: Vec<String> = (0..20)
            .map(|i| {
                format!(
                    r#"{{"id": {i}, "name{}": "n", "tags": [], "x": {{}}}}"#,
                    i % 11
                )
            })
            .collect();
        let body = format!(
            r#"{{"records": [{}], "a": [], "o": {{}}, "mixed": [{{"1": 1, "a": 2, "0": 3}}, {{"01": 1, "a": 2}}, {{"a": 1, "b": {{"a": 1, "b": 2}}}}, {{"b": 1, "a": 2}}], "own": [{{"__proto__": {{"x": 1}}, "a": 1}}, {{"__proto__": {{"x": 2}}, "a": 2}}]}}"#,
            records.join(", ")
        );
        let out = answer(path, body.as_bytes());
        assert_eq!(out.reply().status, 200, "{path}: {:?}", out.logs);
        let reply = body_json(out.reply());
        assert_eq!(reply["as_parsed"], json!(true), "{path}: {reply}");
        assert_eq!(reply["echo"]["mixed"][3], json!({"b": 1, "a": 2}), "{path}");
        // `__proto__` is a member like any other, in objects made from a template too.
        assert_eq!(
            reply["echo"]["own"][1],
            json!({"__proto__": {"x": 2}, "a": 2}),
            "{path}"
        );
        assert_eq!(
            reply["echo"]["records"][19],
            json!({"id": 19, "name8": "n", "tags": [], "x": {}}),
            "{path}"
        );
        // A name given twice counts once, by its last value, where the name first
        // came, as `JSON.parse` lists it: in small objects and in large ones.
        let wide: Vec<String> = (0..40).map(|i| format!(r#""w{i}": {i}"#)).collect();
        let wide = wide.join(", ");
        for body in [
            r#"{"a": [1], "b": 2, "a": [3], "o": {}}"#.to_string(),
            r#"{"a": 1, "b": 2, "b": 3, "a": 4, "a": [{"a": 5, "b": 0, "a": 6}], "o": {}}"#
                .to_string(),
            format!(r#"{{"a": 1, {wide}, "b": 2, "a": [7], "w3": "x", "o": {{}}, "b": 8}}"#),
        ] {
            let out = answer(path, body.as_bytes());
            assert_eq!(out.reply().status, 200, "{path}: {:?}", out.logs);
            let reply = body_json(out.reply());
            assert_eq!(reply["as_parsed"], json!(true), "{path}: {body}");
            assert_eq!(reply["keys"][0], json!("a"), "{path}: {body}");
        }
        // Objects of names drawn from a few, many given more than once, nested.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut draw = |below: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % below
        };
        for _ in 0..100 {
            let members = 1 + draw(60);
            let mut object: Vec<String> = (0..members)
                .map(|_| match draw(5) {
                    0 => format!(
                        r#""n{}": {{"n{}": 1, "n{}": 2}}"#,
                        draw(8),
                        draw(3),
                        draw(3)
                    ),
                    _ => format!(r#""n{}": {}"#, draw(8 + members / 4), draw(100)),
                })
                .collect();
            object.push(r#""a": [], "o": {}"#.into());
            let body = format!("{{{}}}", object.join(", "));
            let out = answer(path, body.as_bytes());
            assert_eq!(out.reply().status, 200, "{path}: {:?}", out.logs);
            assert_eq!(
                body_json(out.reply())["as_parsed"],
                json!(true),
                "{path}: {body}"
            );
        }
    }
}

#[test]
fn a_bundle_allowing_more_recursion_or_memory_than_the_filter_holds_is_refused() {
    let mut deep = endpoint("deep", "/deep", Method::Get, "result = {payload: 1}");
    deep.limits.recursion = Some(crate::snippet::MAX_RECURSION + 1);
    let mut most = endpoint("most", "/most", Method::Get, "result = {payload: 1}");
    most.limits.recursion = Some(crate::snippet::MAX_RECURSION);
    most.limits.memory_bytes = Some(crate::snippet::MAX_MEMORY_BYTES);
    let mut greedy = endpoint("greedy", "/greedy", Method::Get, "result = {payload: 1}");
    greedy.limits.memory_bytes = Some(crate::snippet::MAX_MEMORY_BYTES + 1);
    most.limits.instructions = Some(crate::snippet::MAX_INSTRUCTIONS);
    most.limits.loop_iterations = Some(crate::snippet::MAX_LOOP_ITERATIONS);
    let mut long = endpoint("long", "/long", Method::Get, "result = {payload: 1}");
    long.limits.instructions = Some(crate::snippet::MAX_INSTRUCTIONS + 1);
    long.limits.loop_iterations = Some(crate::snippet::MAX_LOOP_ITERATIONS + 1);
    let content = BundleContent::example(vec![deep, most, greedy, long]);
    let Err(LoadError::Invalid(problems)) = Engine::load(&encode(&content)) else {
        panic!("must be refused");
    };
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        vec![
            r#"endpoint "deep": limits.recursion 513 is over 512, the most the filter's native stack allows"#,
            r#"endpoint "greedy": limits.memory_bytes 67108865 is over 67108864, the most the filter's 1 GiB VM allows"#,
            r#"endpoint "long": limits.instructions 10000001 is over 10000000, the most the filter's time per run allows"#,
            r#"endpoint "long": limits.loop_iterations 10000001 is over 10000000, the most the filter's time per run allows"#
        ]
    );
}

#[test]
fn each_request_object_has_its_parts_in_order_and_changing_one_leaves_the_next_alone() {
    let keys = "result = {payload: {keys: Object.keys(request), \
        caller: Object.getOwnPropertyDescriptor(request, 'caller'), \
        plain: Object.getPrototypeOf(request) === Object.prototype && Object.isExtensible(request)}}";
    let mut posted = endpoint("posted", "/keys", Method::Post, keys);
    posted.request_content_type = Some(ContentType::Json);
    let vandal = endpoint(
        "vandal",
        "/vandal",
        Method::Get,
        "delete request.path; request.extra = 1; Object.freeze(request); result = {payload: Object.keys(request)}",
    );
    let only_path = endpoint(
        "path",
        "/path",
        Method::Get,
        "result = {payload: [request.path, request.query]}",
    );
    let content = BundleContent::example(vec![
        endpoint("keys", "/keys", Method::Get, keys),
        posted,
        vandal,
        only_path,
    ]);
    let engine = Engine::load(&encode(&content)).unwrap();
    let run = |method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]| {
        body_json(
            handle(&engine, &head(method, path, headers), body)
                .unwrap()
                .reply(),
        )
    };
    let all_data =
        json!({"value": null, "writable": true, "enumerable": true, "configurable": true});
    let got = run("GET", "/keys?x=1", &[], b"");
    assert_eq!(
        got,
        json!({"keys": ["method", "path", "params", "query", "headers", "body", "caller"], "caller": all_data, "plain": true})
    );
    let vandalised = run("GET", "/vandal", &[], b"");
    assert_eq!(
        vandalised,
        json!([
            "method", "params", "query", "headers", "body", "caller", "extra"
        ])
    );
    // Another set of parts (a JSON body adds `json`), then the first set again.
    let posted = run(
        "POST",
        "/keys",
        &[("content-type", "application/json")],
        b"{}",
    );
    assert_eq!(
        posted["keys"],
        json!([
            "method", "path", "params", "query", "headers", "body", "json", "caller"
        ])
    );
    assert_eq!(run("GET", "/keys", &[], b""), got);
    assert_eq!(
        run("GET", "/path?a=b", &[], b""),
        json!(["/path", {"a": "b"}])
    );
}

fn forward_engine() -> Engine {
    use crate::model::{Forward, Upstream};
    let forwarded = |name: &str, route: &str, path: Option<&str>, code: &str| {
        let mut endpoint = endpoint(name, route, Method::Get, code);
        endpoint.auth_type = AuthType::User;
        endpoint.exec_as_user = None;
        endpoint.exec_mode = ExecMode::Forward;
        endpoint.upstreams = vec!["orders".into()];
        endpoint.forward = Some(Forward {
            upstream: "orders".into(),
            path: path.map(str::to_string),
        });
        endpoint
    };
    let content = BundleContent {
        upstreams: vec![Upstream {
            name: "orders".into(),
            cluster: "orders-cluster".into(),
            address: None,
            timeout_ms: 750,
            max_response_bytes: 1024,
            headers: vec![("x-api-version".into(), "2".into())],
        }],
        endpoints: vec![
            forwarded("order", "/orders/{id}", Some("/api/orders/{id}"), ""),
            forwarded("whole", "/files/{*rest}", None, ""),
            forwarded(
                "tagged",
                "/tagged/{id}",
                None,
                "if (request.params.id === 'x') result = {forward: {headers: {'x-endpoint-user': 'root'}}}; \
                 else if (request.params.id === 'answer') result = {payload: 'by the snippet'}; \
                 else result = {forward: {headers: {'X-Tag': request.params.id, 'x-api-version': '3'}}};",
            ),
            endpoint(
                "code",
                "/code",
                Method::Get,
                "result = {forward: {headers: {}}}",
            ),
        ],
        users: vec![
            User::example("anon"),
            User {
                login: "ann".into(),
                name: "Ann".into(),
                groups: vec!["staff".into(), "ops".into()],
                api_keys: vec![hex(&Sha256::digest(KEY.as_bytes()))],
            },
        ],
        auth: AuthSettings::default(),
        vars: Default::default(),
    };
    Engine::load(&encode(&content)).unwrap()
}

fn forwarded(engine: &Engine, path: &str, headers: &[(&str, &str)]) -> Forwarding {
    match handle(engine, &head("GET", path, headers), b"")
        .unwrap()
        .step
    {
        Step::Forward(forwarding) => forwarding,
        other => panic!("{path}: not forwarded: {other:?}"),
    }
}

#[test]
fn forward_endpoints_rewrite_the_path_and_set_the_identity() {
    let engine = forward_engine();
    let forwarding = forwarded(
        &engine,
        "/orders/a%2Fb?x=1",
        &[
            ("x-api-key", KEY),
            ("x-endpoint-user", "mallory"),
            ("x-endpoint-cluster", "elsewhere"),
        ],
    );
    assert_eq!(forwarding.path, "/api/orders/a%2Fb?x=1");
    assert_eq!(
        forwarding.remove,
        ["x-api-key", "x-endpoint-cluster", "x-endpoint-user"]
    );
    assert_eq!(
        forwarding.set,
        [
            ("x-api-version", "2"),
            ("x-endpoint-user", "ann"),
            ("x-endpoint-groups", "staff,ops"),
            ("x-endpoint-endpoint", "order"),
            ("x-endpoint-cluster", "orders-cluster"),
            ("x-envoy-upstream-rq-timeout-ms", "750"),
        ]
        .map(|(n, v)| (n.to_string(), v.to_string()))
    );
    // Without a template, the path goes on as it came.
    let whole = forwarded(&engine, "/files/a/b?c", &[("x-api-key", KEY)]);
    assert_eq!(whole.path, "/files/a/b?c");
}

#[test]
fn forward_endpoints_check_before_they_forward() {
    let engine = forward_engine();
    let reply = |path: &str, headers: &[(&str, &str)]| {
        handle(&engine, &head("GET", path, headers), b"")
            .unwrap()
            .reply()
            .clone()
    };
    assert_eq!(reply("/orders/1", &[]).status, 401);
    assert_eq!(reply("/orders/..", &[("x-api-key", KEY)]).status, 400);
    assert_eq!(reply("/orders/%2E", &[("x-api-key", KEY)]).status, 400);
}

#[test]
fn a_forward_endpoints_snippet_adds_headers_or_answers() {
    let engine = forward_engine();
    let tagged = forwarded(&engine, "/tagged/7", &[("x-api-key", KEY)]);
    assert_eq!(tagged.path, "/tagged/7");
    let value = |name: &str| {
        tagged
            .set
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(value("x-tag"), ["7"]);
    // The snippet's value replaces the upstream's.
    assert_eq!(value("x-api-version"), ["3"]);
    assert_eq!(value("x-endpoint-user"), ["ann"]);

    let answered = handle(
        &engine,
        &head("GET", "/tagged/answer", &[("x-api-key", KEY)]),
        b"",
    )
    .unwrap();
    assert_eq!(answered.reply().body, b"by the snippet");

    // The proxy's own headers cannot be set by a snippet.
    let refused = handle(
        &engine,
        &head("GET", "/tagged/x", &[("x-api-key", KEY)]),
        b"",
    )
    .unwrap();
    assert_eq!(refused.reply().status, 500);
    assert!(
        refused
            .logs
            .iter()
            .any(|l| l.message.contains("x-endpoint-user")),
        "{:?}",
        refused.logs
    );
    // result.forward is for forward endpoints only.
    let code = handle(&engine, &head("GET", "/code", &[]), b"").unwrap();
    assert_eq!(code.reply().status, 500);
}

#[test]
fn forward_endpoints_need_their_upstream_in_the_bundle() {
    let mut content = Engine::load(&encode(&BundleContent::default()))
        .unwrap()
        .content()
        .clone();
    let mut endpoint = endpoint("order", "/orders", Method::Get, "");
    endpoint.exec_mode = ExecMode::Forward;
    endpoint.upstreams = vec!["missing".into()];
    endpoint.forward = Some(crate::model::Forward {
        upstream: "missing".into(),
        path: None,
    });
    content.endpoints.push(endpoint);
    content.users.push(User::example("anon"));
    let Err(LoadError::Invalid(problems)) = Engine::load(&encode(&content)) else {
        panic!("a forward to no upstream must be refused");
    };
    assert!(
        problems.contains(&LoadProblem::UnknownUpstream {
            endpoint: "order".into(),
            upstream: "missing".into()
        }),
        "{problems:?}"
    );
}

#[test]
fn a_fetching_snippet_waits_and_is_resumed_with_the_answer() {
    use crate::model::{Cors, Upstream};
    use crate::snippet::FetchAnswer;
    let mut aggregate = endpoint(
        "aggregate",
        "/agg/{id}",
        Method::Get,
        "const r = await fetch('orders', '/api/orders/' + request.params.id, {headers: {'x-a': '1'}}); \
         result = {payload: {got: await r.json(), status: r.status}}",
    );
    aggregate.upstreams = vec!["orders".into()];
    aggregate.cors = Some(Cors {
        origins: vec!["*".into()],
    });
    let content = BundleContent {
        upstreams: vec![Upstream {
            name: "orders".into(),
            cluster: "orders-cluster".into(),
            address: Some("127.0.0.1:9".into()),
            timeout_ms: 750,
            max_response_bytes: 1024,
            headers: vec![("x-a".into(), "fixed".into()), ("x-b".into(), "2".into())],
        }],
        ..BundleContent::example(vec![aggregate])
    };
    let engine = Engine::load(&encode(&content)).unwrap();
    let head = head("GET", "/agg/42", &[("origin", "https://app.example.com")]);
    let Decision::Accept(accepted) = engine.decide(&head, &NoHost) else {
        panic!("not accepted");
    };
    let outcome = engine.execute(&accepted, &head, b"");
    // Calls are counted by the host as it sends them, per upstream.
    assert!(outcome.counters.is_empty());
    let Step::Fetch(calls, waiting) = outcome.step else {
        panic!("{:?}", outcome.step);
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        calls,
        [FetchCall {
            id: 0,
            upstream: "orders".into(),
            cluster: "orders-cluster".into(),
            headers: pairs(&[
                (":method", "GET"),
                (":path", "/api/orders/42"),
                (":authority", "127.0.0.1:9"),
                ("x-b", "2"),
                ("x-a", "1"),
                ("x-endpoint-user", "anon"),
                ("x-endpoint-groups", ""),
                ("x-endpoint-endpoint", "aggregate"),
            ]),
            body: None,
            timeout_ms: 750,
            max_response_bytes: 1024,
        }]
    );
    let answer = FetchAnswer::Response {
        status: 200,
        headers: vec![],
        body: r#"{"id": 42}"#.into(),
    };
    let done = engine.resume(&accepted, &head, waiting, 0, answer);
    let reply = done.reply();
    assert_eq!(body_json(reply), json!({"got": {"id": 42}, "status": 200}));
    // Answers after a wait carry the endpoint's CORS headers too.
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
}

/// A body of many tiny arrays grows several times over as `request.json`: building
/// it counts against the run's memory limit, stops at the limit, and the bytes it
/// holds leave the snippet only what is left.
#[test]
fn request_data_counts_against_the_memory_limit() {
    let json_endpoint = |name: &str, code: &str| {
        let mut e = endpoint(name, &format!("/{name}"), Method::Post, code);
        e.request_content_type = Some(ContentType::Json);
        e.limits.body_bytes = Some(8 << 20);
        e.limits.memory_bytes = Some(4 << 20);
        e
    };
    let reads = json_endpoint("reads", "result = {payload: request.json.length}");
    let holds = json_endpoint(
        "holds",
        "const keep = new ArrayBuffer(2500000); result = {payload: request.json.length + keep.byteLength}",
    );
    let mut csv = endpoint(
        "rows",
        "/rows",
        Method::Post,
        "result = {payload: request.csv.length}",
    );
    csv.request_content_type = Some(ContentType::TextCsv);
    csv.limits.body_bytes = Some(8 << 20);
    csv.limits.memory_bytes = Some(4 << 20);
    let content = BundleContent::example(vec![reads, holds, csv]);
    let engine = Engine::load(&encode(&content)).unwrap();
    let post = |path: &str, content_type: &str, body: &[u8]| {
        handle(
            &engine,
            &head("POST", path, &[("content-type", content_type)]),
            body,
        )
        .unwrap()
    };

    // 1.5 MiB of `[],`: half a million arrays, far over 4 MiB as JavaScript.
    let tiny_arrays = format!("[{}[]]", "[],".repeat(500_000));
    let stopped = post("/reads", "application/json", tiny_arrays.as_bytes());
    assert_eq!(stopped.reply().status, 500);
    assert_eq!(stopped.counters, vec![Counter::SnippetStopped]);
    assert!(
        stopped.logs[0]
            .message
            .contains("over its memory limit of 4 MiB while the request was prepared (body parsed, `request` built)"),
        "{:?}",
        stopped.logs
    );
    // Objects alike, made from one template: bounded the same way.
    let records = format!("[{}{{}}]", r#"{"a": 0, "b": 0},"#.repeat(30_000));
    let stopped = post("/reads", "application/json", records.as_bytes());
    assert_eq!(stopped.reply().status, 500, "{:?}", stopped.logs);
    assert_eq!(stopped.counters, vec![Counter::SnippetStopped]);
    let records = format!("[{}{{}}]", r#"{"a": 0, "b": 0},"#.repeat(1_000));
    let fits = post("/reads", "application/json", records.as_bytes());
    assert_eq!(fits.reply().body, b"1001");
    let rows = "a,b\n".repeat(400_000);
    let stopped = post("/rows", "text/csv", rows.as_bytes());
    assert_eq!(stopped.reply().status, 500, "{:?}", stopped.logs);
    assert_eq!(stopped.counters, vec![Counter::SnippetStopped]);

    // A smaller body fits; the snippet's own 2.5 MB fits beside a small body, not
    // beside one that holds most of the limit already.
    let small = format!("[{}[]]", "[],".repeat(1_000));
    let fits = post("/reads", "application/json", small.as_bytes());
    assert_eq!(
        (fits.reply().status, fits.reply().body.as_slice()),
        (200, b"1001".as_slice())
    );
    let fits = post("/holds", "application/json", small.as_bytes());
    assert_eq!(fits.reply().status, 200, "{:?}", fits.logs);
    let most = format!("[{}[]]", "[],".repeat(20_000));
    let over = post("/holds", "application/json", most.as_bytes());
    assert_eq!(over.reply().status, 500);
    assert!(
        over.logs[0].message.contains("over its memory limit"),
        "{:?}",
        over.logs
    );

    // The worker goes on.
    let next = post("/reads", "application/json", b"[1, 2]");
    assert_eq!(next.reply().body, b"2");
}

/// A body only checked against its schema, then forwarded, is parsed under the
/// endpoint's memory limit too: past it, the check is stopped and the request is a
/// `500`, not passed on unchecked.
#[test]
fn a_forwarded_bodys_check_is_bounded_by_the_memory_limit() {
    use crate::model::{ContentSchema, Forward, Upstream};
    let mut checked = endpoint("checked", "/checked", Method::Post, "");
    checked.exec_mode = ExecMode::Forward;
    checked.upstreams = vec!["orders".into()];
    checked.forward = Some(Forward {
        upstream: "orders".into(),
        path: None,
    });
    checked.request_content_type = Some(ContentType::Json);
    checked.request_content_schema = Some(ContentSchema::Json(json!({"type": "array"})));
    checked.limits.body_bytes = Some(8 << 20);
    checked.limits.memory_bytes = Some(4 << 20);
    let mut content = BundleContent::example(vec![checked]);
    content.upstreams = vec![Upstream {
        name: "orders".into(),
        cluster: "orders-cluster".into(),
        address: None,
        timeout_ms: 750,
        max_response_bytes: 1024,
        headers: Vec::new(),
    }];
    let engine = Engine::load(&encode(&content)).unwrap();
    let post = |body: &[u8]| {
        handle(
            &engine,
            &head("POST", "/checked", &[("content-type", "application/json")]),
            body,
        )
        .unwrap()
    };
    let tiny_arrays = format!("[{}[]]", "[],".repeat(500_000));
    let stopped = post(tiny_arrays.as_bytes());
    assert_eq!(stopped.reply().status, 500, "{:?}", stopped.logs);
    assert_eq!(stopped.counters, vec![Counter::SnippetStopped]);
    assert!(matches!(post(b"[[], []]").step, Step::Forward(_)));
    assert_eq!(post(b"{}").reply().status, 400);
}

#[test]
fn a_static_endpoint_answers_after_its_checks() {
    use crate::model::StaticAnswer;
    let mut page = endpoint("docs", "/docs", Method::Get, "");
    page.exec_mode = ExecMode::Static;
    page.answer = Some(StaticAnswer {
        content_type: "text/html; charset=utf-8".into(),
        body: "<p>the page</p>".into(),
    });
    let mut private = page.clone();
    private.name = "private docs".into();
    private.routes = vec!["/private/docs".into()];
    private.auth_type = AuthType::User;
    let engine = Engine::load(&encode(&BundleContent::example(vec![page, private]))).unwrap();

    let out = handle(&engine, &head("GET", "/docs", &[]), b"").unwrap();
    assert_eq!(out.reply().status, 200);
    assert_eq!(
        out.reply().header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(out.reply().body, b"<p>the page</p>");
    // Its checks come first: no key, no page.
    let refused = handle(&engine, &head("GET", "/private/docs", &[]), b"").unwrap();
    assert_eq!(refused.reply().status, 401);
    let refused = handle(&engine, &head("POST", "/docs", &[]), b"").unwrap();
    assert_eq!(refused.reply().status, 405);
}

#[test]
fn a_static_answer_belongs_to_a_static_endpoint_only() {
    use crate::model::StaticAnswer;
    let answer = StaticAnswer {
        content_type: "text/plain".into(),
        body: "x".into(),
    };
    let mut without_answer = endpoint("a", "/a", Method::Get, "");
    without_answer.exec_mode = ExecMode::Static;
    let mut with_snippet = endpoint("b", "/b", Method::Get, "result = {payload: 1}");
    with_snippet.exec_mode = ExecMode::Static;
    with_snippet.answer = Some(answer.clone());
    let mut code_with_answer = endpoint("c", "/c", Method::Get, "result = {payload: 1}");
    code_with_answer.answer = Some(answer);
    let content = BundleContent::example(vec![without_answer, with_snippet, code_with_answer]);
    let Err(LoadError::Invalid(problems)) = Engine::load(&encode(&content)) else {
        panic!("loaded an invalid bundle");
    };
    let names = |endpoint: &str| endpoint.to_string();
    assert_eq!(
        problems,
        vec![
            LoadProblem::StaticWithoutAnswer {
                endpoint: names("a")
            },
            LoadProblem::StaticWithoutAnswer {
                endpoint: names("b")
            },
            LoadProblem::AnswerOutsideStatic {
                endpoint: names("c")
            },
        ]
    );
    assert_eq!(
        problems[2].to_string(),
        "endpoint \"c\": only exec_mode static has an `answer`"
    );
}

#[test]
fn a_fixed_time_is_what_date_reads_until_it_is_given_back() {
    let content = BundleContent::example(vec![endpoint(
        "now",
        "/now",
        Method::Get,
        "result = {payload: {now: Date.now(), iso: new Date().toISOString()}}",
    )]);
    let engine = Engine::load(&encode(&content)).unwrap();
    engine.fix_time(Some(1_767_225_600_000));
    let out = handle(&engine, &head("GET", "/now", &[]), b"").unwrap();
    assert_eq!(
        body_json(out.reply()),
        json!({"now": 1_767_225_600_000_i64, "iso": "2026-01-01T00:00:00.000Z"})
    );
    engine.fix_time(None);
    let out = handle(&engine, &head("GET", "/now", &[]), b"").unwrap();
    assert!(body_json(out.reply())["now"].as_i64().unwrap() > 1_767_225_600_000);
}

/// A snippet that does not read `request.json` gets a JSON body checked, not
/// parsed into a value for it: it is refused as before when it is not JSON, and
/// the snippet that reads it still gets it.
#[test]
fn a_json_body_nobody_reads_is_still_checked() {
    let mut unread = endpoint(
        "unread",
        "/unread",
        Method::Post,
        "result = {payload: {ran: true}}",
    );
    unread.request_content_type = Some(ContentType::Json);
    let mut read = endpoint(
        "read",
        "/read",
        Method::Post,
        "result = {payload: request.json}",
    );
    read.request_content_type = Some(ContentType::Json);
    let engine = Engine::load(&encode(&BundleContent::example(vec![unread, read]))).unwrap();
    for body in [&b"{oops"[..], b"", b"1e400", b"\"\xff\"", b"[1] [2]"] {
        let refused = handle(&engine, &head("POST", "/unread", &[JSON]), body).unwrap();
        assert_eq!(
            refused.reply().status,
            400,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(
            body_json(refused.reply())["errors"][0]["type"],
            "json_invalid"
        );
        assert!(refused.counters.contains(&Counter::BodyRejected));
    }
    let body = br#"{"id": 7, "tags": ["a", "b"]}"#;
    let ran = handle(&engine, &head("POST", "/unread", &[JSON]), body).unwrap();
    assert_eq!(body_json(ran.reply()), json!({"ran": true}));
    let echoed = handle(&engine, &head("POST", "/read", &[JSON]), body).unwrap();
    assert_eq!(
        body_json(echoed.reply()),
        json!({"id": 7, "tags": ["a", "b"]})
    );
}
