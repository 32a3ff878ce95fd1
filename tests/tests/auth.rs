//! Authentication against a real Envoy: API keys, and JWTs verified by Envoy's own
//! `jwt_authn` filter (a local JWKS, tokens signed here), whose claims the filter reads
//! from dynamic metadata, never from a header.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use endpoint_integration_tests::{Envoy, compile, fixtures};
use hmac::{KeyInit, Mac};
use serde_json::{Value, json};

const SECRET: &[u8] = b"a-test-signing-key-of-32-bytes!!";
const OTHER_SECRET: &[u8] = b"another-key-nobody-trusts-here!!";
const ISSUER: &str = "https://issuer.test";
/// A second provider of the same `jwt_authn`, writing the same metadata: its tokens
/// are verified, but the `auth` document does not list its issuer.
const PARTNER_SECRET: &[u8] = b"a-partner-identity-provider-key!";
const PARTNER: &str = "https://partner.test";

fn jwks(secret: &[u8]) -> String {
    json!({"keys": [{"kty": "oct", "alg": "HS256", "k": URL_SAFE_NO_PAD.encode(secret)}]})
        .to_string()
}

fn jwt_authn() -> Value {
    json!({
        "name": "envoy.filters.http.jwt_authn",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
            "providers": {
                "test": {
                    "issuer": ISSUER,
                    "local_jwks": {"inline_string": jwks(SECRET)},
                    "payload_in_metadata": "jwt_payload",
                    "forward": false
                },
                "partner": {
                    "issuer": PARTNER,
                    "local_jwks": {"inline_string": jwks(PARTNER_SECRET)},
                    "payload_in_metadata": "jwt_payload",
                    "forward": false
                }
            },
            // A missing or failed token passes on without claims: the endpoint then
            // decides (401 where an identity is needed, nothing on public endpoints).
            "rules": [{
                "match": {"prefix": "/"},
                "requires": {"requires_any": {"requirements": [
                    {"provider_name": "test"},
                    {"provider_name": "partner"},
                    {"allow_missing_or_failed": {}}
                ]}}
            }]
        }
    })
}

fn sign(claims: &Value, key: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(json!({"alg": "HS256", "typ": "JWT"}).to_string());
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signing_input = format!("{header}.{payload}");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn token_for(sub: &str) -> String {
    sign(
        &json!({"iss": ISSUER, "sub": sub, "exp": now() + 600, "scope": "read"}),
        SECRET,
    )
}

fn start() -> Envoy {
    Envoy::with_filters_before(&compile(&fixtures("auth")), &[jwt_authn()])
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[test]
fn valid_tokens_and_keys_identify_users() {
    let envoy = start();
    let token = bearer(&token_for("ann"));
    let by_token = envoy.request("GET", "/whoami", &[("authorization", &token)], b"");
    assert_eq!(by_token.status, 200, "{}\n{}", by_token.text(), envoy.log());
    let body = by_token.json();
    assert_eq!(body["user"], "ann");
    assert_eq!(body["caller"]["login"], "ann");
    assert_eq!(body["caller"]["groups"], json!(["staff"]));
    assert_eq!(body["caller"]["claims"]["scope"], "read");

    let by_key = envoy.request("GET", "/whoami", &[("x-api-key", "ann-key")], b"");
    assert_eq!(
        by_key.json(),
        json!({"user": "ann", "caller": {"login": "ann", "name": "Ann", "groups": ["staff"]}})
    );

    // exec_as_user on a user endpoint: the caller authenticates, the snippet runs as service.
    let service = envoy.request("GET", "/service", &[("authorization", &token)], b"");
    assert_eq!(service.json(), json!({"user": "service", "caller": "ann"}));
    assert_eq!(envoy.get("/service").status, 401);

    // Public: no identity needed, and none is taken.
    let public = envoy.request("GET", "/public", &[("authorization", &token)], b"");
    assert_eq!(public.json(), json!({"user": "anon", "caller": null}));
}

#[test]
fn bad_tokens_and_spoofed_headers_are_refused() {
    let envoy = start();
    let expired = sign(
        &json!({"iss": ISSUER, "sub": "ann", "exp": now() - 120}),
        SECRET,
    );
    let wrong_key = sign(
        &json!({"iss": ISSUER, "sub": "ann", "exp": now() + 600}),
        OTHER_SECRET,
    );
    let wrong_issuer = sign(
        &json!({"iss": "https://elsewhere.test", "sub": "ann", "exp": now() + 600}),
        SECRET,
    );
    let valid = token_for("ann");
    let mut parts: Vec<&str> = valid.split('.').collect();
    let forged_payload = URL_SAFE_NO_PAD.encode(
        json!({"iss": ISSUER, "sub": "ann", "exp": now() + 600, "scope": "admin"}).to_string(),
    );
    parts[1] = &forged_payload;
    let tampered = parts.join(".");
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(json!({"iss": ISSUER, "sub": "ann"}).to_string())
    );
    let payload_header = URL_SAFE_NO_PAD.encode(json!({"sub": "ann"}).to_string());
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("no identity", vec![]),
        ("expired", vec![("authorization", bearer(&expired))]),
        (
            "signed by another key",
            vec![("authorization", bearer(&wrong_key))],
        ),
        (
            "another issuer",
            vec![("authorization", bearer(&wrong_issuer))],
        ),
        ("tampered", vec![("authorization", bearer(&tampered))]),
        ("alg none", vec![("authorization", bearer(&unsigned))]),
        (
            "garbage",
            vec![("authorization", "Bearer not.a.token".into())],
        ),
        ("X-User", vec![("x-user", "ann".into())]),
        ("X-Endpoint-User", vec![("x-endpoint-user", "ann".into())]),
        ("X-Forwarded-User", vec![("x-forwarded-user", "ann".into())]),
        (
            "a JWT payload header",
            vec![("x-jwt-payload", payload_header.clone())],
        ),
        (
            "jwt_payload header",
            vec![("jwt_payload", payload_header.clone())],
        ),
        ("wrong key", vec![("x-api-key", "not-a-key".into())]),
    ];
    for (what, headers) in &cases {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let response = envoy.request("GET", "/whoami", &headers, b"");
        assert_eq!(response.status, 401, "{what}: {}", response.text());
        let challenge = response.header("www-authenticate").unwrap_or_default();
        assert!(
            challenge.contains("Bearer") && challenge.contains("X-API-Key"),
            "{what}: {challenge}"
        );
    }
    // A wrong key is not rescued by a valid token.
    let token = bearer(&token_for("ann"));
    let both = envoy.request(
        "GET",
        "/whoami",
        &[("authorization", &token), ("x-api-key", "nope")],
        b"",
    );
    assert_eq!(both.status, 401);
    assert!(!envoy.log().contains("ann-key"), "keys never reach the log");
}

#[test]
fn unknown_subjects_and_groups_are_forbidden() {
    let envoy = start();
    let stranger = envoy.request(
        "GET",
        "/whoami",
        &[("authorization", &bearer(&token_for("mallory")))],
        b"",
    );
    assert_eq!(stranger.status, 403);
    assert_eq!(stranger.json()["error"], "Forbidden");

    let staff = envoy.request(
        "GET",
        "/staff",
        &[("authorization", &bearer(&token_for("ann")))],
        b"",
    );
    assert_eq!((staff.status, staff.text().as_str()), (200, "ann"));
    let guest = envoy.request(
        "GET",
        "/staff",
        &[("authorization", &bearer(&token_for("bob")))],
        b"",
    );
    assert_eq!(guest.status, 403);
    assert_eq!(envoy.get("/staff").status, 401);
}

#[test]
fn tokens_of_an_issuer_the_auth_document_does_not_list_are_no_identity() {
    let envoy = start();
    let partner = sign(
        &json!({"iss": PARTNER, "sub": "ann", "exp": now() + 600}),
        PARTNER_SECRET,
    );
    let response = envoy.request(
        "GET",
        "/whoami",
        &[("authorization", &bearer(&partner))],
        b"",
    );
    assert_eq!(response.status, 403, "{}", response.text());
    assert!(
        response.json()["message"]
            .as_str()
            .unwrap()
            .contains("jwt.issuers")
    );
    // The same subject from the listed issuer is ann.
    let ours = envoy.request(
        "GET",
        "/whoami",
        &[("authorization", &bearer(&token_for("ann")))],
        b"",
    );
    assert_eq!(ours.json()["user"], "ann");
}

#[test]
fn a_request_presents_one_credential() {
    let envoy = start();
    let token = bearer(&token_for("ann"));
    let other = bearer(&token_for("service"));
    let cases: [(&str, Vec<(&str, &str)>); 5] = [
        (
            "two valid keys",
            vec![("x-api-key", "ann-key"), ("x-api-key", "ann-key")],
        ),
        (
            "a valid key, then a wrong one",
            vec![("x-api-key", "ann-key"), ("x-api-key", "nope")],
        ),
        (
            "a wrong key, then a valid one",
            vec![("x-api-key", "nope"), ("x-api-key", "ann-key")],
        ),
        (
            "two valid tokens",
            vec![("authorization", &token), ("authorization", &other)],
        ),
        (
            "a valid key beside a valid token",
            vec![("x-api-key", "ann-key"), ("authorization", &token)],
        ),
    ];
    for (what, headers) in &cases {
        let response = envoy.request("GET", "/whoami", headers, b"");
        assert_eq!(response.status, 401, "{what}: {}", response.text());
        assert!(response.header("www-authenticate").is_some(), "{what}");
    }
}
