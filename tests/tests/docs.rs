//! A `kind: docs` document through Envoy: the filter serves the examples' OpenAPI
//! description and its reference page from the bundle, behind the endpoint checks
//! like any endpoint; the page, opened in headless Chromium, shows every operation;
//! and schemathesis, driven by that description, finds nothing the examples answer
//! against it (docs/openapi.md).

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use endpoint_compiler::openapi;
use endpoint_integration_tests::{
    Envoy, external_tool, fixtures, upstream::Upstream, workspace_root,
};
use serde_json::Value;

fn operation_ids(description: &Value) -> Vec<String> {
    description["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|operations| operations.as_object().unwrap().values())
        .map(|operation| operation["operationId"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_examples_description_and_page_are_served() {
    let upstream = Upstream::start();
    let examples = endpoint_integration_tests::examples_before(&upstream);
    let envoy = Envoy::with_environment(&examples, &[("GITHUB_WEBHOOK_SECRET", "example")]);

    // The same description as `endpoint-compile --openapi` with the docs' title.
    let compiled = endpoint_compiler::compile(&[workspace_root().join("examples")]).unwrap();
    let expected = openapi::document(
        &compiled,
        &openapi::Options {
            title: "Endpoint examples".into(),
            ..Default::default()
        },
    );
    let served = envoy.get("/openapi.json");
    assert_eq!(served.status, 200);
    assert_eq!(served.header("content-type"), Some("application/json"));
    assert_eq!(served.json(), expected);
    let ids = operation_ids(&expected);
    assert!(ids.len() >= 15, "{ids:?}");
    // The docs pages are not operations of the API.
    assert!(expected["paths"]["/docs"].is_null());

    let page = envoy.get("/docs");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    assert!(html.contains("<title>Endpoint examples</title>"));
    for id in &ids {
        assert!(html.contains(&format!("\"operationId\":\"{id}\"")), "{id}");
    }
    // No text of the description can end its script element.
    assert_eq!(html.matches("</script>").count(), 2);

    let head = envoy.request("HEAD", "/docs", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(envoy.request("POST", "/openapi.json", &[], b"").status, 405);

    opened_in_chromium(&envoy, &ids);
}

/// The page as a browser draws it: every operation is an element of the DOM.
fn opened_in_chromium(envoy: &Envoy, ids: &[String]) {
    let Some(chromium) = external_tool("CHROMIUM", "the page in a browser") else {
        return;
    };
    let url = format!("http://127.0.0.1:{}/docs", envoy.port);
    let profile = workspace_root().join(format!("target/chromium-{}", std::process::id()));
    let browser = |extra: &[&str]| {
        Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&url)
            .output()
            .unwrap()
    };
    let dumped = browser(&["--dump-dom"]);
    let dom = String::from_utf8_lossy(&dumped.stdout);
    assert!(
        dom.contains("data-operation="),
        "the page drew nothing:\n{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    for id in ids {
        assert!(
            dom.contains(&format!("data-operation=\"{id}\"")),
            "{id} not drawn"
        );
    }
    // Kept for people to look at: target/docs-page.png.
    let screenshot = workspace_root().join("target/docs-page.png");
    let shot = browser(&[
        "--window-size=1280,2400",
        &format!("--screenshot={}", screenshot.display()),
    ]);
    assert!(
        screenshot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let _ = std::fs::remove_dir_all(&profile);
}

#[test]
fn docs_behind_auth_need_a_key() {
    let envoy = Envoy::serving_yaml(
        "kind: user\nlogin: ann\napi_keys: [c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c]\n\
         ---\nname: hello\nroute: /hello\nroute_group: demo\nrequest_method: GET\nauth_type: public\nexec_as_user: ann\ncode: 'result = {payload: 1}'\n\
         ---\nkind: docs\ntitle: Private\n",
    );
    let refused = envoy.get("/openapi.json");
    assert_eq!(refused.status, 401);
    assert!(refused.header("www-authenticate").is_some());
    assert_eq!(envoy.get("/docs").status, 401);
    let served = envoy.request("GET", "/openapi.json", &[("x-api-key", "demo-key")], b"");
    assert_eq!(served.status, 200);
    assert_eq!(served.json()["info"]["title"], "Private");
    assert!(served.json()["paths"]["/hello"]["get"].is_object());
}

/// schemathesis with its default checks (no 5xx; statuses, content types, headers
/// and bodies as described; schema-valid requests accepted, invalid ones refused;
/// undescribed methods refused), a fixed seed and number of cases, against the
/// examples behind Envoy with an upstream. Its configuration lists the few rules a
/// description cannot express, each with its reason.
#[test]
fn schemathesis_finds_nothing_in_the_examples() {
    let Some(schemathesis) = external_tool("SCHEMATHESIS", "schemathesis") else {
        return;
    };
    let upstream = Upstream::start();
    let examples = endpoint_integration_tests::examples_before(&upstream);
    let envoy = Envoy::with_environment(&examples, &[("GITHUB_WEBHOOK_SECRET", "example")]);
    let config = fixtures("schemathesis").join("schemathesis.toml");
    let run = Command::new(schemathesis)
        .arg("--config-file")
        .arg(&config)
        .args(["run", "--seed", "1", "--max-examples", "20", "--no-color"])
        .args(["--header", "X-API-Key: demo-key"])
        .arg(format!("http://127.0.0.1:{}/openapi.json", envoy.port))
        // Its reports and caches go under target/, not into the checkout.
        .current_dir(workspace_root().join("target"))
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "schemathesis found failures:\n{report}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Every operation was tried.
    let operations = operation_ids(&envoy.get("/openapi.json").json()).len();
    assert!(
        report.contains(&format!("Tested: {operations}")),
        "{report}"
    );
}
