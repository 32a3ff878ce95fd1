//! The foundation, end to end: definitions compiled by the real compiler, served by
//! the real filter inside a real Envoy, driven over HTTP.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use endpoint_integration_tests::{Envoy, compile, fixtures};
use serde_json::json;

const ANN_KEY: &str = "ann-key";

#[test]
fn snippets_answer_in_both_result_forms() {
    let envoy = Envoy::serving("foundation");

    let hello = envoy.get("/hello");
    assert_eq!(hello.status, 200);
    assert_eq!(hello.text(), "Hello, World!");
    assert_eq!(
        hello.header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    let echo = envoy.request(
        "GET",
        "/echo/a%20b?x=1&y=two&x=3",
        &[("X-Demo", "demo")],
        b"",
    );
    assert_eq!(echo.status, 200);
    assert_eq!(echo.header("content-type"), Some("application/json"));
    assert_eq!(
        echo.json(),
        json!({
            "method": "GET", "path": "/echo/a%20b", "query": {"x": "1", "y": "two"},
            "params": {"id": "a b"}, "demo": "demo", "user": "anon",
            "endpoint": "echo", "group": "echo",
        })
    );

    // Header values as bytes: past 127 bytes (a length no longer ASCII in the map
    // Envoy hands over) and not UTF-8 (obs-text, which HTTP allows).
    let long = "d".repeat(300);
    let request = |demo: &[u8]| {
        let mut raw =
            b"GET /echo/1 HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\nx-demo: ".to_vec();
        raw.extend(demo);
        raw.extend(b"\r\n\r\n");
        envoy.request_raw(&raw).json()["demo"].clone()
    };
    assert_eq!(request(long.as_bytes()), json!(long));
    // A header given twice reaches the snippet once, its values joined in order.
    assert_eq!(request(b"first\r\nX-Demo: second"), json!("first, second"));
    assert_eq!(request(b"caf\xe9 ol\xe9"), json!("caf\u{fffd} ol\u{fffd}"));

    let custom = envoy.get("/custom");
    assert_eq!(custom.status, 418);
    assert_eq!(custom.header("x-tea"), Some("earl grey"));
    assert_eq!(custom.json(), json!({"made": "by hand"}));
    let converted = envoy.get("/custom/converted");
    assert_eq!(converted.status, 201);
    assert_eq!(converted.header("x-cups"), Some("2"));
    assert_eq!(
        converted.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(converted.text(), "brewed");

    let deleted = envoy.request("DELETE", "/echo/1", &[], b"");
    assert_eq!(deleted.status, 204);
}

#[test]
fn routes_parameters_catch_all_and_unmatched_requests() {
    let envoy = Envoy::serving("foundation");
    assert_eq!(envoy.get("/files/a/b/c.txt").text(), "a/b/c.txt");
    assert_eq!(
        envoy.get("/docs/readme").text(),
        "readme",
        "second route of one endpoint"
    );
    // A snippet that reaches `request` only as `arguments[0]` gets every part.
    assert_eq!(
        envoy.get("/aliased/42?q=1").json(),
        json!({"id": "42", "headers": "object", "query": {"q": "1"}})
    );

    // Unmatched requests continue down the chain to Envoy's own 404 route.
    for path in ["/", "/nothing", "/hello/extra", "/echo", "/archived"] {
        let response = envoy.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.text(),
            "no endpoint here\n",
            "{path}: not Envoy's own route"
        );
    }
}

#[test]
fn wrong_method_is_405_with_allow() {
    let envoy = Envoy::serving("foundation");
    for method in ["POST", "PUT", "PATCH", "OPTIONS"] {
        let response = envoy.request(method, "/echo/1", &[], b"");
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(
            response.header("allow"),
            Some("GET, HEAD, DELETE"),
            "{method}"
        );
    }
    let lower = envoy.request("get", "/hello", &[], b"");
    assert_ne!(lower.status, 200, "methods are case-sensitive");
}

#[test]
fn content_type_is_enforced_by_media_type() {
    let envoy = Envoy::serving("foundation");
    let body = br#"{"a": 1}"#;
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/json-seq"),
        Some(""),
    ] {
        let headers: Vec<(&str, &str)> = content_type
            .map(|c| ("content-type", c))
            .into_iter()
            .collect();
        let response = envoy.request("POST", "/json", &headers, body);
        assert_eq!(response.status, 415, "{content_type:?}");
        assert_eq!(response.json()["error"], "UnsupportedMediaType");
    }
    for content_type in [
        "application/json",
        "Application/JSON; charset=UTF-8",
        "application/json ; foo=bar",
    ] {
        let response = envoy.request("POST", "/json", &[("content-type", content_type)], body);
        assert_eq!(response.status, 201, "{content_type}: {}", response.text());
        assert_eq!(response.json(), json!({"received": {"a": 1}, "length": 8}));
    }
}

#[test]
fn bodies_of_every_type_and_size() {
    let envoy = Envoy::serving("foundation");
    let json_type = [("content-type", "application/json")];

    // A body split over many writes is buffered whole.
    let chunks: Vec<&[u8]> = vec![b"{\"par", b"ts\": [1,", b" 2, 3]", b", \"end\"", b": true}"];
    let chunked = envoy.request_chunked("POST", "/json", &json_type, &chunks);
    assert_eq!(chunked.status, 201, "{}", chunked.text());
    assert_eq!(
        chunked.json()["received"],
        json!({"parts": [1, 2, 3], "end": true})
    );

    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(300_000));
    let pieces: Vec<&[u8]> = big.as_bytes().chunks(16 * 1024).collect();
    let large = envoy.request_chunked("POST", "/json", &json_type, &pieces);
    assert_eq!(large.status, 201);
    assert_eq!(large.json()["length"], big.len());

    // Over the limit: by Content-Length before reading, and while streaming.
    let over = vec![b'x'; 1024 * 1024 + 1];
    let declared = envoy.request("POST", "/json", &json_type, &over);
    assert_eq!(declared.status, 413);
    assert_eq!(declared.json()["error"], "PayloadTooLarge");
    let streamed_pieces: Vec<&[u8]> = over.chunks(64 * 1024).collect();
    let streamed = envoy.request_chunked("POST", "/json", &json_type, &streamed_pieces);
    assert_eq!(streamed.status, 413);

    // Not JSON: a problem report that does not echo the body.
    let invalid = envoy.request("POST", "/json", &json_type, b"{\"secret\": ");
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.header("content-type"),
        Some("application/problem+json")
    );
    let problem = invalid.json();
    assert_eq!(problem["title"], "RequestValidationError");
    assert_eq!(problem["status"], 400);
    assert_eq!(problem["errors"][0]["type"], "json_invalid");
    assert!(!invalid.text().contains("secret"));
    let empty = envoy.request("POST", "/json", &json_type, b"");
    assert_eq!(empty.status, 400, "an empty body is not JSON");
    // A snippet that never reads the body gets it checked all the same.
    for body in [&b"{\"secret\": "[..], b"", b"1e400", b"[1] [2]"] {
        let refused = envoy.request("POST", "/json-unread", &json_type, body);
        assert_eq!(refused.status, 400, "{}", String::from_utf8_lossy(body));
        assert_eq!(refused.json()["errors"][0]["type"], "json_invalid");
        assert!(!refused.text().contains("secret"));
    }
    let ran = envoy.request("POST", "/json-unread", &json_type, br#"{"id": 7}"#);
    assert_eq!(
        (ran.status, ran.json()),
        (200, serde_json::json!({"ran": true}))
    );

    let form = envoy.request(
        "PUT",
        "/form",
        &[("content-type", "application/x-www-form-urlencoded")],
        b"name=Ann+Lee&city=K%C3%B6ln&name=ignored",
    );
    assert_eq!(form.json(), json!({"name": "Ann Lee", "city": "Köln"}));

    let text = envoy.request(
        "PATCH",
        "/text",
        &[("content-type", "text/plain; charset=utf-8")],
        b"shout",
    );
    assert_eq!(text.text(), "SHOUT");
}

#[test]
fn authentication_by_api_key_and_exec_as_user() {
    let envoy = Envoy::serving("foundation");
    // No identity, a wrong key, and headers a client can set: all 401.
    for headers in [
        vec![],
        vec![("x-api-key", "wrong")],
        vec![("x-api-key", "")],
        vec![("x-user", "ann")],
        vec![("x-endpoint-user", "ann")],
        vec![("x-forwarded-user", "ann")],
        vec![(
            "authorization",
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbm4ifQ.",
        )],
    ] {
        let response = envoy.request("GET", "/private", &headers, b"");
        assert_eq!(response.status, 401, "{headers:?}");
        assert!(
            response
                .header("www-authenticate")
                .is_some_and(|v| v.contains("X-API-Key"))
        );
        assert_eq!(response.json()["error"], "Unauthorized");
    }
    let ann = envoy.request("GET", "/private", &[("x-api-key", ANN_KEY)], b"");
    assert_eq!(ann.status, 200);
    assert_eq!(
        ann.json(),
        json!({"login": "ann", "groups": ["staff", "admin"]})
    );

    // A user endpoint with exec_as_user: the caller authenticates, the snippet runs as the named user.
    assert_eq!(envoy.get("/private/robot").status, 401);
    let robot = envoy.request("GET", "/private/robot", &[("x-api-key", ANN_KEY)], b"");
    assert_eq!(robot.text(), "robot");

    // The key never reaches the log.
    assert!(!envoy.log().contains(ANN_KEY));
}

#[test]
fn snippet_errors_become_statuses_and_failures_generic_500s() {
    let envoy = Envoy::serving("foundation");
    for (kind, status, error) in [
        ("user", 400, "UserError"),
        ("validation", 400, "ValidationError"),
        ("bad", 400, "BadRequest"),
        ("notfound", 404, "NotFound"),
        ("unauthorized", 401, "Unauthorized"),
    ] {
        let response = envoy.get(&format!("/errors/{kind}"));
        assert_eq!(response.status, status, "{kind}");
        assert_eq!(
            response.json(),
            json!({"error": error, "message": kind_message(kind)}),
            "{kind}"
        );
    }
    for kind in [
        "type",
        "missing",
        "loop",
        "recursion",
        "split",
        "split-response",
        "status",
    ] {
        let response = envoy.get(&format!("/errors/{kind}"));
        assert_eq!(response.status, 500, "{kind}: {}", response.text());
        assert_eq!(
            response.json(),
            json!({"error": "InternalServerError", "message": "the endpoint failed; the proxy's log has the details"}),
            "{kind}"
        );
        assert!(response.header("x-evil").is_none() && response.header("set-cookie").is_none());
    }
    // Details are in Envoy's log, tagged with the endpoint.
    let log = envoy.log();
    assert!(
        log.contains("endpoint \"errors\": snippet failed: TypeError"),
        "{log}"
    );
    assert!(log.contains("did not assign `result`"));
    assert!(log.contains("holds CR, LF or NUL"));
    // The worker survived the runaway snippets.
    assert_eq!(envoy.get("/hello").status, 200);
}

fn kind_message(kind: &str) -> &'static str {
    match kind {
        "user" => "user error",
        "validation" => "validation error",
        "bad" => "bad request",
        "notfound" => "not found",
        _ => "unauthorized",
    }
}

#[test]
fn snippet_log_lines_reach_envoys_log() {
    let envoy = Envoy::serving("foundation");
    assert_eq!(envoy.get("/log").text(), "logged");
    let found = envoy.eventually(std::time::Duration::from_secs(5), |e| {
        let log = e.log();
        log.contains("[info][wasm]")
            && log.contains("endpoint \"logging\": marker-info-line")
            && log.contains("[warning][wasm]")
            && log.contains("marker-warning-line")
    });
    assert!(found, "{}", envoy.log());

    // A line break a client sends in data a snippet logs is written as an escape:
    // no line of the log starts with text the client chose.
    let forged = "/log?q=a%0D%0A%5B2026-01-01%5D%5Bcritical%5D%20FORGED%1B%5B31m";
    assert_eq!(envoy.get(forged).text(), "logged");
    let found = envoy.eventually(std::time::Duration::from_secs(5), |e| {
        e.log().contains("from-query: a")
    });
    let log = envoy.log();
    assert!(found, "{log}");
    assert!(
        log.contains("from-query: a\\r\\n[2026-01-01][critical] FORGED\\u{1b}[31m"),
        "{log}"
    );
    assert!(
        !log.lines()
            .any(|line| line.starts_with("[2026-01-01][critical]")),
        "{log}"
    );
}

#[test]
fn a_runs_log_lines_are_cut_and_counted() {
    let envoy = Envoy::serving("foundation");
    assert_eq!(envoy.get("/log/limits").text(), "logged");
    let kept = format!("cut-{}", "x".repeat(4092));
    let found = envoy.eventually(std::time::Duration::from_secs(5), |e| {
        e.log().contains("many-98;")
    });
    let log = envoy.log();
    assert!(found, "{log}");
    assert!(log.contains(&format!("endpoint \"log limits\": {kept}\n")));
    assert!(!log.contains(&format!("{kept}x")), "cut at 4,096 units");
    // The cut line and 99 more: the hundredth line ends the run's log.
    assert!(!log.contains("many-99;"), "only 100 lines per run");
}

#[test]
fn the_live_bundle_version_is_a_stat_and_a_bad_bundle_never_replaces_it() {
    let bundle = compile(&fixtures("foundation"));
    let (hash, _) = endpoint_core::bundle::decode(&bundle).unwrap();
    let envoy = Envoy::with_bundle(&bundle);
    assert_eq!(
        envoy.stat("wasmcustom.endpoint.bundle.version"),
        Some(hash.gauge_value())
    );

    // Damaged bundles are refused by the filter, and the last good one keeps serving.
    // A hash that does not match, a compressed payload cut short, and one with
    // another bundle after its end.
    let mut damaged = bundle.clone();
    damaged[20] ^= 0x20;
    let truncated = bundle[..bundle.len() - 10].to_vec();
    let mut other_version = bundle.clone();
    other_version[8] = 99;
    let junk = b"this is not a bundle but long enough to hold a bundle header".to_vec();
    let joined = [bundle.as_slice(), bundle.as_slice()].concat();
    let cases = [
        ("damaged", damaged),
        ("truncated", truncated),
        ("two bundles joined", joined),
        ("future format", other_version),
        ("junk", junk),
        ("empty", Vec::new()),
    ];
    for (index, (what, bytes)) in cases.into_iter().enumerate() {
        envoy.push_bundle(&bytes);
        let refused = envoy.eventually(std::time::Duration::from_secs(10), |e| {
            e.log().matches("endpoint bundle rejected").count() > index
        });
        assert!(refused, "{what}: {}", envoy.log());
        assert_eq!(envoy.get("/hello").text(), "Hello, World!", "{what}");
        assert_eq!(
            envoy.stat("wasmcustom.endpoint.bundle.version"),
            Some(hash.gauge_value()),
            "{what}"
        );
    }
    let log = envoy.log();
    assert!(
        log.contains("bundle content does not match its hash"),
        "{log}"
    );
    assert!(log.contains("bundle payload does not decompress"), "{log}");
    assert!(log.contains("bytes follow the bundle's payload"), "{log}");
    assert!(log.contains("bundle format version 99"), "{log}");
    assert!(log.contains("not an Endpoint bundle"), "{log}");
    assert!(
        log.contains("the configuration is 0 bytes, too short for a bundle"),
        "{log}"
    );
}

#[test]
fn the_examples_are_served() {
    let upstream = endpoint_integration_tests::upstream::Upstream::start();
    let examples = endpoint_integration_tests::examples_before(&upstream);
    let envoy = Envoy::with_environment(&examples, &[("GITHUB_WEBHOOK_SECRET", "example")]);
    assert_eq!(envoy.get("/hello").text(), "Hello, World!");
    let created = envoy.request(
        "POST",
        "/items",
        &[
            ("content-type", "application/json"),
            ("x-api-key", "demo-key"),
        ],
        br#"{"name": "pen"}"#,
    );
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.header("location"), Some("/items/1"));
    assert_eq!(envoy.get("/old-hello").status, 404, "archived");

    // examples/backend.yaml: a forward behind a key and a schema, a forward with a
    // snippet, and a snippet that aggregates two fetches.
    let key = ("x-api-key", "demo-key");
    let json = ("content-type", "application/json");
    let shipment = envoy.request(
        "POST",
        "/shipments",
        &[key, json],
        br#"{"order": 7, "address": "1 Main St"}"#,
    );
    assert_eq!(shipment.status, 200, "{}", shipment.text());
    assert_eq!(shipment.json()["path"], "/api/shipments");
    assert_eq!(shipment.json()["headers"]["x-endpoint-user"], "demo");
    let invalid = envoy.request("POST", "/shipments", &[key, json], br#"{"order": 0}"#);
    assert_eq!(invalid.status, 400);
    assert_eq!(
        envoy.request("POST", "/shipments", &[json], b"{}").status,
        401
    );
    let one = envoy.request("GET", "/shipments/12", &[key], b"");
    assert_eq!(one.status, 200, "{}", one.text());
    assert_eq!(one.json()["headers"]["x-requested-by"], "demo");
    assert_eq!(
        envoy.request("GET", "/shipments/abc", &[key], b"").status,
        404
    );
    let summary = envoy.request("GET", "/shipments/12/summary", &[key], b"");
    assert_eq!(summary.status, 200, "{}", summary.text());
    assert_eq!(
        summary.json(),
        json!({"shipment": "/api/shipments/12", "tracking": "/api/tracking/12", "requested_by": "demo"})
    );
    // Two forwards and two fetches reached the upstream; the refusals did not.
    assert_eq!(upstream.count(), 4);
}

#[test]
fn a_body_ending_with_trailers_is_answered_never_passed_on() {
    // Trailers reach filters only when the connection manager enables them; then the
    // request ends in the trailers callback, not with an end-of-stream body.
    let envoy = Envoy::start_custom(
        &compile(&fixtures("foundation")),
        &[],
        endpoint_compiler::envoy::VmEnvironment::default(),
        |config| {
            config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]["typed_config"]
                ["http_protocol_options"] = json!({"enable_trailers": true});
        },
    );
    let response = envoy.request_chunked_with_trailer(
        "POST",
        "/json",
        &[("content-type", "application/json")],
        &[b"{\"a\":", b" 1}"],
        Some("x-checksum: 42"),
    );
    assert_eq!(response.status, 201, "{}", response.text());
    assert_eq!(response.json()["received"], json!({"a": 1}));
}

/// A response's head and what follows it.
fn head_of(response: &str) -> Vec<&str> {
    response.split("\r\n\r\n").collect()
}

/// Sends `requests` one after the other on one kept-alive connection, and returns
/// all Envoy sent back: each answer is read until the connection has been quiet for
/// a moment, so that bytes a response should not have are caught before the next.
fn exchange(envoy: &Envoy, requests: &[(&str, &str)]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", envoy.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut answer = Vec::new();
    for (method, path) in requests {
        let request = format!("{method} {path} HTTP/1.1\r\nhost: x\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
                Err(_) => break, // quiet for the read timeout
            }
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

/// HEAD is the GET endpoint without a body, and a 204 or 304 has no body whatever the
/// snippet returns: checked on a kept-alive connection, where a stray body would be
/// read as the next response.
#[test]
fn answers_without_content_are_framed_without_a_body() {
    let envoy = Envoy::serving_yaml(
        "kind: user\nlogin: anon\n---\n\
         name: thing\nroute: /thing\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
         code: \"result = {payload: {method: request.method, n: 42}}\"\n---\n\
         name: none\nroute: /none\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
         code: \"result = {status_code: 204, payload: 'not sent'}\"\n---\n\
         name: same\nroute: /same\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
         code: \"result = {status_code: 304, payload: 'not sent', headers: {etag: '\\\"v1\\\"'}}\"\n",
    );
    let get = envoy.get("/thing");
    assert_eq!(get.json(), json!({"method": "GET", "n": 42}));
    let answer = exchange(
        &envoy,
        &[
            ("HEAD", "/thing"),
            ("GET", "/none"),
            ("GET", "/same"),
            ("GET", "/thing"),
        ],
    );
    let responses: Vec<&str> = answer.split("HTTP/1.1 ").skip(1).collect();
    assert_eq!(responses.len(), 4, "{answer}");
    // HEAD: the GET's headers (its length included), and no body.
    let head = head_of(responses[0]);
    assert!(head[0].starts_with("200"), "{answer}");
    assert!(
        head[0]
            .to_lowercase()
            .contains("content-type: application/json"),
        "{answer}"
    );
    assert_eq!(head[1], "", "{answer}");
    for (response, status) in [(responses[1], "204"), (responses[2], "304")] {
        let parts = head_of(response);
        assert!(parts[0].starts_with(status), "{answer}");
        assert_eq!(parts[1], "", "{answer}");
        let lower = parts[0].to_lowercase();
        assert!(
            !lower.contains("content-length") || lower.contains("content-length: 0"),
            "{answer}"
        );
        assert!(!lower.contains("transfer-encoding"), "{answer}");
    }
    assert!(
        head_of(responses[2])[0].contains("etag: \"v1\""),
        "{answer}"
    );
    assert!(
        responses[3].ends_with(r#"{"method":"GET","n":42}"#),
        "{answer}"
    );
    let log = envoy.log();
    assert!(log.contains("a 204 answer has no body"), "{log}");
    assert!(log.contains("a 304 answer has no body"), "{log}");
}

/// `limits.body_bytes` may be as large as 64 MiB: every such body reaches the filter
/// through Envoy's own buffers, and one past the limit gets the product's JSON 413.
#[test]
fn bodies_up_to_the_largest_limit_reach_the_filter() {
    let envoy = Envoy::serving_yaml(
        "kind: user\nlogin: anon\n---\n\
         name: big\nroute: /big\nrequest_method: POST\nrequest_content_type: text/plain\n\
         auth_type: public\nexec_as_user: anon\nlimits: {body_bytes: 67108864}\n\
         code: \"result = {payload: 'received'}\"\n---\n\
         name: eight\nroute: /eight\nrequest_method: POST\nrequest_content_type: text/plain\n\
         auth_type: public\nexec_as_user: anon\nlimits: {body_bytes: 8388608}\n\
         code: \"result = {payload: 'received'}\"\n",
    );
    let text = [("content-type", "text/plain")];
    for (path, size) in [("/eight", 8 << 20), ("/big", 64 << 20)] {
        let body = vec![b'x'; size];
        let response = envoy.request("POST", path, &text, &body);
        assert_eq!(response.status, 200, "{path} {size}: {}", response.text());
        assert_eq!(response.text(), "received");
        // Streamed in chunks, without a declared length, alike.
        let chunks: Vec<&[u8]> = body.chunks(1 << 20).collect();
        let streamed = envoy.request_chunked("POST", path, &text, &chunks);
        assert_eq!(
            streamed.status,
            200,
            "{path} {size} chunked: {}",
            streamed.text()
        );
        // One byte more, declared: the product's 413 from the headers alone.
        let over = format!(
            "POST {path} HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            size + 1
        );
        let refused = envoy.request_raw(over.as_bytes());
        assert_eq!(refused.status, 413, "{path}");
        assert_eq!(refused.json()["error"], "PayloadTooLarge", "{path}");
    }
}
