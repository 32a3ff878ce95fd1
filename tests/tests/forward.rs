//! `exec_mode: forward` through a real Envoy to a real upstream: a request goes on
//! only after every check passed, with the identity the proxy sets and nothing a
//! client sent in its name.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use endpoint_integration_tests::Envoy;
use endpoint_integration_tests::upstream::Upstream;
use sha2::{Digest, Sha256};

const ANN_KEY: &str = "ann-key";
const BOB_KEY: &str = "bob-key";

fn digest(key: &str) -> String {
    endpoint_core::bundle::hex(&Sha256::digest(key.as_bytes()))
}

/// Envoy serving forward endpoints in front of `upstream`.
fn envoy_before(upstream: &Upstream) -> Envoy {
    let definitions = format!(
        r#"
kind: upstream
name: orders
address: {address}
timeout: 500ms
headers:
  x-api-version: "2"
---
kind: user
login: ann
name: Ann
groups: [staff, ops]
api_keys: [{ann}]
---
kind: user
login: bob
api_keys: [{bob}]
---
name: order
route: /orders/{{id}}
request_method: GET
cors: https://app.example.com
upstreams: [orders]
exec_mode: forward
forward: {{upstream: orders, path: "/api/orders/{{id}}"}}
---
name: create order
route: /orders
request_method: POST
request_content_type: application/json
request_content_schema:
  type: object
  required: [item]
  properties:
    item: {{type: string}}
allowed_groups: [staff]
limits: {{body_bytes: 1024}}
upstreams: [orders]
exec_mode: forward
forward: {{upstream: orders}}
---
name: slow
route: /slow/{{ms}}
auth_type: public
exec_as_user: bob
request_method: GET
upstreams: [orders]
exec_mode: forward
forward: {{upstream: orders}}
---
name: tagged
route: /tagged/{{id}}
request_method: GET
upstreams: [orders]
exec_mode: forward
forward: {{upstream: orders, path: "/api/tagged/{{id}}"}}
code: |
  if (request.params.id === "teapot") {{
    result = {{payload: {{answered: "by the snippet"}}, status_code: 418}};
  }} else {{
    result = {{forward: {{headers: {{"x-tag": "t-" + request.params.id}}}}}};
  }}
"#,
        address = upstream.address(),
        ann = digest(ANN_KEY),
        bob = digest(BOB_KEY),
    );
    Envoy::serving_yaml(&definitions)
}

#[test]
fn a_checked_request_reaches_the_upstream_with_the_identity_the_proxy_sets() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);

    let answer = envoy.request(
        "GET",
        "/orders/4%202?x=1&y=2",
        &[
            ("X-API-Key", ANN_KEY),
            // A client's claims to an identity, a route or an endpoint: all dropped.
            ("X-Endpoint-User", "mallory"),
            ("x-endpoint-groups", "admin"),
            ("x-endpoint-cluster", "elsewhere"),
            ("x-endpoint-anything", "else"),
            ("x-kept", "kept"),
        ],
        b"",
    );
    assert_eq!(answer.status, 200, "{}\n{}", answer.text(), envoy.log());
    // The upstream's answer passes back unchanged.
    assert_eq!(answer.header("x-upstream"), Some("test"));
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/api/orders/4%202?x=1&y=2");
    assert_eq!(request.header("x-endpoint-user"), Some("ann"));
    assert_eq!(request.header("x-endpoint-groups"), Some("staff,ops"));
    assert_eq!(request.header("x-endpoint-endpoint"), Some("order"));
    assert_eq!(request.header("x-api-version"), Some("2"));
    assert_eq!(request.header("x-kept"), Some("kept"));
    // The proxy's credential stays at the proxy.
    assert_eq!(request.header("x-api-key"), None);
    assert_eq!(request.header("x-endpoint-anything"), None);
    let owned: Vec<_> = request
        .headers
        .iter()
        .filter(|(name, _)| name.starts_with("x-endpoint-"))
        .collect();
    // The cluster's name is the router's, removed before the request goes on.
    assert_eq!(request.header("x-endpoint-cluster"), None);
    assert_eq!(owned.len(), 3, "{owned:?}");
    assert_eq!(answer.json()["path"], "/api/orders/4%202?x=1&y=2");

    // The upstream's answer gets the endpoint's CORS headers, for an allowed origin.
    let from = |origin: &str| {
        envoy.request(
            "GET",
            "/orders/7",
            &[("x-api-key", ANN_KEY), ("origin", origin)],
            b"",
        )
    };
    let allowed = from("https://app.example.com");
    assert_eq!(allowed.status, 200);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    assert_eq!(allowed.header("access-control-expose-headers"), Some("*"));
    assert_eq!(allowed.header("vary"), Some("origin"));
    assert_eq!(allowed.header("x-upstream"), Some("test"));
    let other = from("https://evil.example.com");
    assert_eq!(other.status, 200);
    assert_eq!(other.header("access-control-allow-origin"), None);
    assert_eq!(other.header("vary"), Some("origin"));
    let upstream_seen = upstream.count();

    // A body checked against its schema is forwarded whole, the path unchanged.
    let body = br#"{"item": "tea", "note": "two"}"#;
    let created = envoy.request(
        "POST",
        "/orders",
        &[("x-api-key", ANN_KEY), ("content-type", "application/json")],
        body,
    );
    assert_eq!(created.status, 200, "{}", created.text());
    let received = upstream.received();
    assert_eq!(received.len(), upstream_seen + 1);
    assert_eq!(received[upstream_seen].path, "/orders");
    assert_eq!(received[upstream_seen].body, body);

    // A public endpoint forwards as its exec_as_user.
    let public = envoy.get("/slow/0");
    assert_eq!(public.status, 200);
    assert_eq!(
        upstream.received()[upstream_seen + 1].header("x-endpoint-user"),
        Some("bob")
    );
}

#[test]
fn a_refused_request_never_reaches_the_upstream() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);
    let json = ("content-type", "application/json");
    type Case<'a> = (u16, &'a str, &'a str, Vec<(&'a str, &'a str)>, Vec<u8>);
    let cases: Vec<Case> = vec![
        (401, "GET", "/orders/1", vec![], vec![]),
        (
            401,
            "GET",
            "/orders/1",
            vec![("x-api-key", "wrong")],
            vec![],
        ),
        (
            405,
            "DELETE",
            "/orders/1",
            vec![("x-api-key", ANN_KEY)],
            vec![],
        ),
        (
            403,
            "POST",
            "/orders",
            vec![("x-api-key", BOB_KEY), json],
            br#"{"item":"x"}"#.to_vec(),
        ),
        (
            415,
            "POST",
            "/orders",
            vec![("x-api-key", ANN_KEY), ("content-type", "text/plain")],
            b"item".to_vec(),
        ),
        (
            413,
            "POST",
            "/orders",
            vec![("x-api-key", ANN_KEY), json],
            vec![b' '; 2048],
        ),
        (
            400,
            "POST",
            "/orders",
            vec![("x-api-key", ANN_KEY), json],
            br#"{"item": 7}"#.to_vec(),
        ),
        (
            400,
            "POST",
            "/orders",
            vec![("x-api-key", ANN_KEY), json],
            b"{not json".to_vec(),
        ),
        // Answered by the snippet instead of forwarded.
        (
            418,
            "GET",
            "/tagged/teapot",
            vec![("x-api-key", ANN_KEY)],
            vec![],
        ),
        // No endpoint's route: a client's x-endpoint-cluster does not pick a cluster.
        (
            404,
            "GET",
            "/nothing",
            vec![("x-endpoint-cluster", "orders")],
            vec![],
        ),
    ];
    for (status, method, path, headers, body) in &cases {
        let answer = envoy.request(method, path, headers, body);
        assert_eq!(answer.status, *status, "{method} {path}: {}", answer.text());
    }
    assert_eq!(upstream.count(), 0, "{:?}", upstream.received());

    // The snippet's headers go with a forwarded request.
    let tagged = envoy.request("GET", "/tagged/7", &[("x-api-key", ANN_KEY)], b"");
    assert_eq!(tagged.status, 200, "{}", tagged.text());
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/api/tagged/7");
    assert_eq!(received[0].header("x-tag"), Some("t-7"));
}

#[test]
fn the_upstreams_timeout_holds() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);
    let answer = envoy.get("/slow/3000");
    assert_eq!(answer.status, 504, "{}", answer.text());
}

#[test]
fn path_tricks_never_reach_the_upstream_past_the_checks() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);
    let variants = [
        "/orders/1/",
        "//orders/1",
        "/./orders/1",
        "/a/../orders/1",
        "/%6Frders/1",
        "/orders/%2e%2e",
        "/orders/%2E%2E/%2e%2e/admin",
        "/orders/1%2F..%2F..%2Fadmin",
        "/orders/1%2fx",
        "/orders/1;jsessionid=x",
        "/ORDERS/1",
        "/Orders/1",
    ];
    for path in variants {
        let answer = envoy.get(path);
        assert!(
            matches!(answer.status, 400 | 401 | 404),
            "{path}: {} {}",
            answer.status,
            answer.text()
        );
    }
    assert_eq!(upstream.count(), 0, "{:?}", upstream.received());

    // With a key, whatever reaches the upstream stays under the endpoint's path.
    for path in variants {
        let answer = envoy.request("GET", path, &[("x-api-key", ANN_KEY)], b"");
        assert!(
            matches!(answer.status, 200 | 400 | 404),
            "{path}: {} {}",
            answer.status,
            answer.text()
        );
    }
    for request in upstream.received() {
        let path = request.path.split('?').next().unwrap();
        assert!(path.starts_with("/api/orders/"), "{path}");
        let rest = &path["/api/orders/".len()..];
        assert!(
            !rest.contains('/') && rest != "." && rest != "..",
            "{path} leaves the endpoint's path"
        );
    }
}
