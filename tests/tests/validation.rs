//! Request validation in a real Envoy, on the definitions of `examples/orders.yaml`:
//! JSON Schema and XSD bodies, each failure class, bodies split over many chunks,
//! `log_only`, CORS, and a sample of the JSON-Schema-Test-Suite.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use endpoint_core::model::{
    BundleContent, ContentSchema, ContentType, Endpoint, Method, SchemaFormats,
};
use endpoint_integration_tests::{Envoy, Response, compile, workspace_root};
use serde_json::{Value, json};

const JSON: (&str, &str) = ("content-type", "application/json");
const XML: (&str, &str) = ("content-type", "application/xml");
const SHOP: (&str, &str) = ("origin", "https://shop.example.com");

fn examples() -> Envoy {
    Envoy::with_environment(
        &compile(&workspace_root().join("examples")),
        &[("GITHUB_WEBHOOK_SECRET", "not-used-here")],
    )
}

fn problem(response: &Response) -> Vec<(String, String)> {
    assert_eq!(response.status, 400, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("application/problem+json")
    );
    let body = response.json();
    assert_eq!(body["title"], "RequestValidationError");
    assert_eq!(body["status"], 400);
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
            (
                e["path"].as_str().unwrap().to_string(),
                e["type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pair(path: &str, kind: &str) -> (String, String) {
    (path.to_string(), kind.to_string())
}

#[test]
fn json_bodies_are_checked_against_their_schema() {
    let envoy = examples();
    let good = br#"{"customer": "ann@example.com", "lines": [{"sku": "ABC-1", "quantity": 2}, {"sku": "XYZ-9", "quantity": 1}]}"#;
    let placed = envoy.request("POST", "/orders", &[JSON], good);
    assert_eq!(placed.status, 201, "{}", placed.text());
    assert_eq!(
        placed.json(),
        json!({"accepted": true, "lines": 2, "items": 3})
    );

    let bad = br#"{"customer": 7, "lines": [{"sku": "abc", "quantity": 0}, {}], "extra": true}"#;
    let errors = problem(&envoy.request("POST", "/orders", &[JSON], bad));
    for expected in [
        pair("/customer", "type"),
        pair("/lines/0/sku", "pattern"),
        pair("/lines/0/quantity", "minimum"),
        pair("/lines/1", "required"),
        pair("", "additionalProperties"),
    ] {
        assert!(errors.contains(&expected), "{expected:?} in {errors:?}");
    }
    // `format: email` is asserted: a string that is no address is refused.
    let not_an_address =
        br#"{"customer": "ann at example", "lines": [{"sku": "ABC-1", "quantity": 2}]}"#;
    let errors = problem(&envoy.request("POST", "/orders", &[JSON], not_an_address));
    assert_eq!(errors, vec![pair("/customer", "format")]);
    for body in [&b""[..], b"{\"customer\": ", b"[1, 2"] {
        let errors = problem(&envoy.request("POST", "/orders", &[JSON], body));
        assert_eq!(errors, vec![pair("", "json_invalid")]);
    }
    let wrong_type = envoy.request("POST", "/orders", &[("content-type", "text/plain")], good);
    assert_eq!(wrong_type.status, 415);
    assert_eq!(
        envoy.stat("wasmcustom.endpoint.validation.rejected"),
        Some(5)
    );
    // A member named twice counts once, with its last value, for the schema and for
    // the snippet's `request.json` alike.
    let twice = br#"{"customer": 7, "lines": [{"sku": "ABC-1", "quantity": 2}, {"sku": "ABC-2", "quantity": 1}], "customer": "ann@example.com", "lines": [{"sku": "XYZ-9", "quantity": 5}]}"#;
    let placed = envoy.request("POST", "/orders", &[JSON], twice);
    assert_eq!(placed.status, 201, "{}", placed.text());
    assert_eq!(
        placed.json(),
        json!({"accepted": true, "lines": 1, "items": 5})
    );
    let last_is_bad = br#"{"customer": "ann@example.com", "lines": [{"sku": "ABC-1", "quantity": 2}], "customer": 7}"#;
    let errors = problem(&envoy.request("POST", "/orders", &[JSON], last_is_bad));
    assert_eq!(errors, vec![pair("/customer", "type")]);
    // Members a message lists come in the body's order.
    let extras = br#"{"customer": "ann@example.com", "lines": [{"sku": "ABC-1", "quantity": 2}], "zeta": 1, "alpha": 2}"#;
    let refused = envoy.request("POST", "/orders", &[JSON], extras);
    assert_eq!(problem(&refused), vec![pair("", "additionalProperties")]);
    let message = refused.json()["errors"][0]["message"].to_string();
    assert!(message.contains("'zeta', 'alpha'"), "{message}");
    assert_eq!(
        envoy.stat("wasmcustom.endpoint.validation.rejected"),
        Some(7)
    );
    // A body that is UTF-8 throughout is read as text, other characters than ASCII
    // included; one holding bytes that are not UTF-8 is not JSON, wherever they are.
    let not_ascii =
        r#"{"customer": "ann@example.com", "lines": [{"sku": "ÄBC-1", "quantity": 2}]}"#;
    let errors = problem(&envoy.request("POST", "/orders", &[JSON], not_ascii.as_bytes()));
    assert_eq!(errors, vec![pair("/lines/0/sku", "pattern")]);
    for body in [
        &b"{\"customer\": \"ann\xff@example.com\", \"lines\": []}"[..],
        b"{\"customer\": \"ann@example.com\", \"lines\": []}\xc3",
    ] {
        let errors = problem(&envoy.request("POST", "/orders", &[JSON], body));
        assert_eq!(errors, vec![pair("", "json_invalid")]);
    }
}

#[test]
fn bodies_split_over_many_chunks_are_validated_whole() {
    let envoy = examples();
    let mut lines = Vec::new();
    for i in 0..300 {
        lines.push(json!({"sku": format!("ABC-{i}"), "quantity": 1}));
    }
    let body = serde_json::to_vec(&json!({"customer": "bo@example.com", "lines": lines})).unwrap();
    let chunks: Vec<&[u8]> = body.chunks(61).collect();
    assert!(chunks.len() > 100);
    let placed = envoy.request_chunked("POST", "/orders", &[JSON], &chunks);
    assert_eq!(placed.status, 201, "{}", placed.text());
    assert_eq!(placed.json()["items"], 300);

    // A violation in the last chunk is found.
    let mut broken = body.clone();
    let at = broken.len() - 10;
    broken.splice(at..at, b"x".iter().copied());
    let chunks: Vec<&[u8]> = broken.chunks(61).collect();
    let refused = envoy.request_chunked("POST", "/orders", &[JSON], &chunks);
    assert_eq!(refused.status, 400);

    // Over the endpoint's `limits.body_bytes` (64 KiB): 413 before it is all read.
    let big = vec![b' '; 100 * 1024];
    let chunks: Vec<&[u8]> = big.chunks(16 * 1024).collect();
    let too_large = envoy.request_chunked("POST", "/orders", &[JSON], &chunks);
    assert_eq!(too_large.status, 413);

    let xml =
        br#"<invoice number="7"><amount currency="EUR">12.50</amount><note>split</note></invoice>"#;
    let chunks: Vec<&[u8]> = xml.chunks(5).collect();
    let received = envoy.request_chunked("POST", "/invoices", &[XML], &chunks);
    assert_eq!(received.status, 202, "{}", received.text());
}

#[test]
fn xml_bodies_are_checked_against_their_xsd() {
    let envoy = examples();
    let good = br#"<?xml version="1.0" encoding="UTF-8"?><invoice number="7"><amount currency="EUR">12.50</amount></invoice>"#;
    let received = envoy.request("POST", "/invoices", &[XML], good);
    assert_eq!(received.status, 202, "{}", received.text());

    let bad = br#"<invoice number="0"><amount currency="euro">lots</amount><extra/></invoice>"#;
    let refused = envoy.request("POST", "/invoices", &[XML], bad);
    // The attributes of both inline types are checked, each against its own
    // declaration, by the validator the good body left warm.
    let said = refused.text();
    assert!(
        said.contains("attribute 'number'") && said.contains("attribute 'currency'"),
        "{said}"
    );
    let errors = problem(&refused);
    assert!(
        errors.iter().all(|(_, kind)| kind == "xml_schema"),
        "{errors:?}"
    );
    assert!(errors.len() >= 3, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|(path, _)| path.starts_with("/invoice/amount")),
        "{errors:?}"
    );

    // Each refusal says why: not well-formed, a DOCTYPE (whatever it declares, refused
    // before it is read), too deep.
    let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
    for (body, message) in [
        (&b"<invoice number=\"7\">"[..], "not well-formed"),
        (b"", "not well-formed"),
        (
            br#"<!DOCTYPE invoice [<!ENTITY e SYSTEM "file:///etc/passwd">]><invoice number="7"><amount currency="EUR">&e;</amount></invoice>"#,
            "DOCTYPE declarations are not accepted",
        ),
        (
            br#"<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><invoice number="1">&b;</invoice>"#,
            "DOCTYPE declarations are not accepted",
        ),
        (deep.as_bytes(), "nested deeper than 256 levels"),
        // Rules of XML the XSD validator lets pass: the filter's own reading of
        // every body keeps them, and says where.
        (
            b"<invoice number=\"7\">\n<!-- paid ---><amount currency=\"EUR\">12.50</amount></invoice>",
            "'--' is not allowed inside a comment (line 2, column 11)",
        ),
        (
            br#"<invoice xmlns:a="urn:x" xmlns:b="urn:&#x78;" a:n="1" b:n="2" number="7"><amount currency="EUR">12.50</amount></invoice>"#,
            "two attributes named 'n' are in the same namespace",
        ),
    ] {
        let response = envoy.request("POST", "/invoices", &[XML], body);
        let errors = problem(&response);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].1, "xml_invalid");
        let said = response.json()["errors"][0]["message"].to_string();
        assert!(said.contains(message), "{said}");
    }
    // The worker is unharmed.
    assert_eq!(envoy.request("POST", "/invoices", &[XML], good).status, 202);
}

/// Without a schema, the filter's own reading of XML is the only check between the
/// client and the snippet: each broken rule and each refusal is a 400 that says
/// which and where, and the snippet, which answers 200, never runs.
#[test]
fn xml_bodies_without_a_schema_are_checked_before_the_snippet() {
    let envoy = Envoy::serving_yaml(
        "kind: user\nlogin: anon\n---\n\
         name: notes\nroute: /notes\nrequest_method: POST\nrequest_content_type: application/xml\n\
         auth_type: public\nexec_as_user: anon\ncode: 'result = {payload: {bytes: request.body.length}}'\n",
    );
    let good = br#"<?xml version="1.0"?><note xmlns:p="urn:p" p:to="ann">hi &amp; bye<![CDATA[<x>]]><!-- c --></note>"#;
    let read = envoy.request("POST", "/notes", &[XML], good);
    assert_eq!(read.status, 200, "{}", read.text());
    assert_eq!(read.json(), json!({"bytes": good.len()}));

    let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
    for (body, message) in [
        (
            &b"<note>hi</note><"[..],
            "not allowed after the document element",
        ),
        (
            b"<note><to>ann</note></to>",
            "the end tag </'note'> does not end <'to'>",
        ),
        (b"<note>\n  <to>ann</from>\n</note>", "(line 2, column 10)"),
        (b"<note a=\"1\"b=\"2\"/>", "expected white space"),
        (
            b"<p:note/>",
            "the prefix 'p' of the element 'p:note' is not declared",
        ),
        (
            b"<note>&nbsp;</note>",
            "the entity &'nbsp'; is not declared",
        ),
        (
            br#"<!DOCTYPE note [<!ENTITY x "y">]><note>&x;</note>"#,
            "DOCTYPE declarations are not accepted",
        ),
        (deep.as_bytes(), "nested deeper than 256 levels"),
        (
            br#"<?xml version="1.0" encoding="ISO-8859-1"?><note/>"#,
            "send XML in UTF-8",
        ),
        (b"<note>\xff</note>", "the body is not UTF-8"),
    ] {
        let response = envoy.request("POST", "/notes", &[XML], body);
        assert_eq!(problem(&response), vec![pair("", "xml_invalid")]);
        let said = response.json()["errors"][0]["message"].to_string();
        assert!(said.contains(message), "{said}");
    }
    // The worker is unharmed.
    assert_eq!(envoy.request("POST", "/notes", &[XML], good).status, 200);
}

#[test]
fn log_only_lets_the_request_through_and_logs_no_values() {
    let envoy = examples();
    let body =
        br#"{"customer": "private-address@example.com", "lines": [], "coupon": "SECRET-COUPON"}"#;
    let response = envoy.request("POST", "/orders/trial", &[JSON], body);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(response.json()["received"]["coupon"], "SECRET-COUPON");
    // `request.json` holds the members in the body's order, as `JSON.parse` would.
    assert_eq!(
        response.text(),
        r#"{"received":{"customer":"private-address@example.com","lines":[],"coupon":"SECRET-COUPON"}}"#
    );
    assert!(envoy.eventually(std::time::Duration::from_secs(5), |e| {
        e.stat("wasmcustom.endpoint.validation.log_only") == Some(1)
    }));
    let log = envoy.log();
    let line = log
        .lines()
        .find(|l| l.contains("validation log_only"))
        .unwrap_or_else(|| panic!("no log_only line in:\n{log}"));
    assert!(line.contains("/lines (minItems)"), "{line}");
    assert!(!log.contains("SECRET-COUPON") && !log.contains("private-address"));
    // A member named twice counts once, by its last value, where its name first came.
    let twice = envoy.request(
        "POST",
        "/orders/trial",
        &[JSON],
        br#"{"coupon": "A", "lines": [], "coupon": "B", "customer": 7}"#,
    );
    assert_eq!(
        twice.text(),
        r#"{"received":{"coupon":"B","lines":[],"customer":7}}"#
    );
    // Not JSON at all is still refused.
    assert_eq!(
        envoy
            .request("POST", "/orders/trial", &[JSON], b"nope")
            .status,
        400
    );
}

#[test]
fn cors_preflights_and_headers_on_every_answer() {
    let envoy = examples();
    let preflight = envoy.request(
        "OPTIONS",
        "/orders",
        &[
            SHOP,
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
        b"",
    );
    assert_eq!(preflight.status, 204, "{}", preflight.text());
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://shop.example.com")
    );
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        Some("POST")
    );
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        Some("content-type")
    );
    let stranger = envoy.request(
        "OPTIONS",
        "/orders",
        &[
            ("origin", "https://evil.example.com"),
            ("access-control-request-method", "POST"),
        ],
        b"",
    );
    assert_eq!(stranger.status, 403);
    assert_eq!(stranger.header("access-control-allow-origin"), None);
    // The refusal depends on the origin: a cache must not serve it to the shop.
    assert_eq!(stranger.header("vary"), Some("origin"));
    let unlisted = envoy.request(
        "POST",
        "/orders",
        &[JSON, ("origin", "https://evil.example.com")],
        b"{}",
    );
    assert_eq!(unlisted.status, 400);
    assert_eq!(unlisted.header("access-control-allow-origin"), None);
    assert_eq!(unlisted.header("vary"), Some("origin"));

    let good = br#"{"customer": "c@example.com", "lines": [{"sku": "ABC-1", "quantity": 1}]}"#;
    let big = vec![b' '; 70_000];
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a [u8], u16);
    let cases: [Case; 5] = [
        ("POST", &[JSON, SHOP], good, 201),
        ("POST", &[JSON, SHOP], b"{}", 400),
        ("POST", &[SHOP, ("content-type", "text/csv")], good, 415),
        ("POST", &[JSON, SHOP], &big, 413),
        ("DELETE", &[SHOP], b"", 405),
    ];
    for (method, headers, body, status) in cases {
        let response = envoy.request(method, "/orders", headers, body);
        assert_answers_the_shop(&response, status);
    }
}

/// `response` has `status` and the CORS headers of an answer to the shop's origin.
fn assert_answers_the_shop(response: &Response, status: u16) {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://shop.example.com"),
        "{status}"
    );
    assert_eq!(response.header("vary"), Some("origin"), "{status}");
}

/// An authenticated endpoint with `cors`: the `401` of step 3 carries the headers too.
#[test]
fn cors_headers_on_the_401_of_an_authenticated_endpoint() {
    let envoy = examples();
    let refused = envoy.request("GET", "/me", &[SHOP], b"");
    assert_eq!(refused.status, 401);
    assert!(refused.header("www-authenticate").is_some());
    assert_eq!(
        refused.header("access-control-allow-origin"),
        Some("https://shop.example.com")
    );
    let known = envoy.request("GET", "/me", &[SHOP, ("x-api-key", "demo-key")], b"");
    assert_eq!(known.status, 200, "{}", known.text());
    assert_eq!(
        known.header("access-control-allow-origin"),
        Some("https://shop.example.com")
    );
}

/// The other answers of an endpoint with `cors`: the `403` of a caller outside its
/// groups, and the `500` of a failed snippet, carry the headers too.
#[test]
fn cors_headers_on_the_403_and_the_500() {
    use endpoint_core::model::{AuthType, Cors, User};
    use sha2::{Digest, Sha256};
    let cors = Some(Cors {
        origins: vec!["https://shop.example.com".into()],
    });
    let mut staff = Endpoint::example("staff", "/staff", Method::Get, "result = {payload: 1}");
    staff.auth_type = AuthType::User;
    staff.exec_as_user = None;
    staff.allowed_groups = vec!["staff".into()];
    staff.cors = cors.clone();
    let mut broken = Endpoint::example("broken", "/broken", Method::Get, "null.x");
    broken.cors = cors;
    let mut content = BundleContent::example(vec![staff, broken]);
    let mut guest = User::example("guest");
    let digest: String = Sha256::digest(b"guest-key")
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    guest.api_keys = vec![digest];
    content.users.push(guest);
    let envoy = Envoy::with_bundle(&endpoint_core::bundle::encode(&content));
    let forbidden = envoy.request("GET", "/staff", &[SHOP, ("x-api-key", "guest-key")], b"");
    let failed = envoy.request("GET", "/broken", &[SHOP], b"");
    assert_answers_the_shop(&forbidden, 403);
    assert_answers_the_shop(&failed, 500);
}

/// A bundle compiles each distinct `pattern` once, for all its schemas (in the canary
/// at load, in the worker at each endpoint's first request): schemas that share one
/// still check their own other rules, and a schema with another pattern its own.
#[test]
fn schemas_sharing_a_pattern_each_keep_their_own_rules() {
    let endpoint = |name: &str, schema: Value| {
        let mut endpoint = Endpoint::example(
            name,
            &format!("/{name}"),
            Method::Post,
            "result = {payload: 'ok'}",
        );
        endpoint.request_content_type = Some(ContentType::Json);
        endpoint.request_content_schema = Some(ContentSchema::Json(schema));
        endpoint
    };
    let sku = "^[A-Z]{3}-[0-9]+$";
    let content = BundleContent::example(vec![
        endpoint("sku", json!({"type": "string", "pattern": sku})),
        endpoint(
            "short-sku",
            json!({"type": "string", "pattern": sku, "maxLength": 5}),
        ),
        endpoint(
            "line",
            json!({"type": "object", "properties": {"sku": {"pattern": sku}, "zip": {"pattern": "^[0-9]{5}$"}}}),
        ),
    ]);
    let envoy = Envoy::with_bundle(&endpoint_core::bundle::encode(&content));
    for (route, body, status) in [
        ("/sku", &br#""ABC-12345""#[..], 200),
        ("/short-sku", br#""ABC-12345""#, 400),
        ("/short-sku", br#""ABC-1""#, 200),
        ("/sku", br#""abc-1""#, 400),
        ("/line", br#"{"sku": "ABC-1", "zip": "12345"}"#, 200),
        ("/line", br#"{"sku": "ABC-1", "zip": "ABC-1"}"#, 400),
        ("/line", br#"{"sku": "12345", "zip": "12345"}"#, 400),
    ] {
        let response = envoy.request("POST", route, &[JSON], body);
        assert_eq!(
            response.status,
            status,
            "{route} {}: {}",
            String::from_utf8_lossy(body),
            response.text()
        );
    }
}

/// A sample of the JSON-Schema-Test-Suite, one endpoint per test group, every test
/// sent as a request body: 200 when the suite says valid, 400 when not. The optional
/// `format` tests run as endpoints assert formats by default; the required
/// `format.json`, which says `format` is only an annotation, runs on endpoints with
/// `schema_formats: ignore`.
#[test]
fn a_sample_of_the_json_schema_test_suite_through_envoy() {
    let suite = std::env::var_os("JSON_SCHEMA_TEST_SUITE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".tools/JSON-Schema-Test-Suite-4.25.1"))
        .join("tests/draft2020-12");
    let mut endpoints = Vec::new();
    let mut cases = Vec::new();
    for file in [
        "type",
        "required",
        "properties",
        "items",
        "enum",
        "const",
        "minimum",
        "pattern",
        "oneOf",
        "anyOf",
        "allOf",
        "not",
        "if-then-else",
        "unevaluatedProperties",
        "dependentRequired",
        "uniqueItems",
        "ref",
        "defs",
        "prefixItems",
        "contains",
        "format",
        "optional/format/email",
        "optional/format/date",
        "optional/format/date-time",
        "optional/format/time",
        "optional/format/duration",
        "optional/format/uuid",
        "optional/format/ipv4",
        "optional/format/ipv6",
        "optional/format/hostname",
        "optional/format/uri",
        "optional/format/uri-reference",
        "optional/format/regex",
        "optional/format/json-pointer",
    ] {
        let formats = if file == "format" {
            SchemaFormats::Ignore
        } else {
            SchemaFormats::Assert
        };
        let path = suite.join(format!("{file}.json"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}: run `make json-schema-suite`", path.display()));
        let groups: Value = serde_json::from_str(&text).unwrap();
        for (index, group) in groups.as_array().unwrap().iter().enumerate() {
            let schema = &group["schema"];
            if endpoint_core::validation::json::JsonSchema::compile(schema, formats).is_err() {
                continue; // remote references: refused by design, covered natively
            }
            let route = format!("/suite/{file}/{index}");
            let mut endpoint = Endpoint::example(
                &format!("{file} {index}"),
                &route,
                Method::Post,
                "result = {payload: 'ok'}",
            );
            endpoint.request_content_type = Some(ContentType::Json);
            endpoint.request_content_schema = Some(ContentSchema::Json(schema.clone()));
            endpoint.schema_formats = formats;
            endpoints.push(endpoint);
            for test in group["tests"].as_array().unwrap() {
                cases.push((
                    route.clone(),
                    serde_json::to_vec(&test["data"]).unwrap(),
                    test["valid"].as_bool().unwrap(),
                    format!("{file}: {}: {}", group["description"], test["description"]),
                ));
            }
        }
    }
    let content = BundleContent::example(endpoints);
    let envoy = Envoy::with_bundle(&endpoint_core::bundle::encode(&content));
    assert!(cases.len() > 700, "{} cases", cases.len());
    for (route, body, valid, name) in &cases {
        let response = envoy.request("POST", route, &[JSON], body);
        let expected = if *valid { 200 } else { 400 };
        assert_eq!(response.status, expected, "{name}: {}", response.text());
    }
    eprintln!("{} suite tests sent through Envoy", cases.len());
}
