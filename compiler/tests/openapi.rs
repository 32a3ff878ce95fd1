//! `endpoint-compile --openapi`: the description of the examples is whole (every active
//! endpoint, its parameters, body, answers and security), the same bytes every time,
//! its references resolve, and tools nobody here wrote accept it: openapi-spec-validator
//! and `redocly lint`, installed pinned by `make test` (docs/openapi.md).

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use endpoint_core::model::{AuthType, ExecMode};
use serde_json::Value;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("openapi-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn compile(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_endpoint-compile"))
        .args(args)
        .env("GITHUB_WEBHOOK_SECRET", "test")
        .output()
        .unwrap()
}

/// The examples' document, written by the command as users run it.
fn examples_document(dir: &Path, extra: &[&str]) -> (PathBuf, Value) {
    let file = dir.join("openapi.json");
    let examples = examples();
    let mut args = vec![
        examples.to_str().unwrap(),
        "--openapi",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = compile(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    (file, document)
}

/// What a `#/...` reference points at in `document`.
fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    document.pointer(pointer)
}

fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => found.push(reference.clone()),
                    ("const" | "enum" | "examples" | "default", _) => {}
                    _ => references(child, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

#[test]
fn the_examples_are_described_whole() {
    let dir = out_dir("whole");
    let (_, document) = examples_document(&dir, &["--server", "http://127.0.0.1:10000"]);
    let compiled = endpoint_compiler::compile(&[examples()]).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    // The API's version: examples/docs.yaml puts the description in the bundle, so
    // the bundle's own version is another.
    assert_eq!(document["info"]["version"], compiled.api_version.short());
    assert_ne!(compiled.api_version, compiled.hash);
    assert_eq!(document["servers"][0]["url"], "http://127.0.0.1:10000");

    let mut ids = std::collections::BTreeSet::new();
    let mut operations = 0;
    for (endpoint, docs) in compiled.documented() {
        for route in &endpoint.routes {
            let path = route.replace("{*", "{");
            let method = endpoint.request_method.as_str().to_ascii_lowercase();
            let operation = &document["paths"][&path][&method];
            if !endpoint.active || endpoint.exec_mode == ExecMode::Static {
                assert!(operation.is_null(), "{route} is described");
                continue;
            }
            operations += 1;
            assert!(operation.is_object(), "{method} {path} is not described");
            assert_eq!(operation["summary"], endpoint.name.as_str());
            let id = operation["operationId"].as_str().unwrap();
            assert!(ids.insert(id.to_string()), "operationId {id} twice");
            // Every route parameter, as a required path parameter.
            for name in path.split('{').skip(1).map(|p| &p[..p.find('}').unwrap()]) {
                let parameters = operation["parameters"].as_array().unwrap();
                assert!(
                    parameters
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path" && p["required"] == true),
                    "{path}: no parameter {name}"
                );
            }
            match endpoint.request_content_type {
                Some(content_type) => assert!(
                    operation["requestBody"]["content"][content_type.as_str()].is_object(),
                    "{path}: no {} body",
                    content_type.as_str()
                ),
                None => assert!(operation["requestBody"].is_null()),
            }
            let responses = &operation["responses"];
            for status in docs.responses.keys() {
                assert!(
                    responses[status.to_string()].is_object(),
                    "{path}: {status}"
                );
            }
            assert!(responses["500"]["content"]["application/json"].is_object());
            match endpoint.auth_type {
                AuthType::Public => assert_eq!(operation["security"], serde_json::json!([])),
                AuthType::User => {
                    assert_eq!(operation["security"][0]["apiKey"], serde_json::json!([]));
                    assert!(responses["401"]["headers"]["WWW-Authenticate"].is_object());
                }
            }
            if endpoint.request_content_type.is_some() {
                for status in ["400", "413", "415"] {
                    assert!(responses[status].is_object(), "{path}: no {status}");
                }
            }
        }
    }
    assert!(operations >= 15, "only {operations} operations");
    assert_eq!(
        document["components"]["securitySchemes"]["apiKey"]["name"],
        "X-API-Key"
    );

    // The request schema of /orders keeps its `$defs` reachable where it now lies.
    let orders = &document["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    let schema = resolve(&document, orders["$ref"].as_str().unwrap()).unwrap();
    assert_eq!(schema["required"], serde_json::json!(["customer", "lines"]));
    // A log_only schema is described as what the body should be, not must be.
    let trial = &document["paths"]["/orders/trial"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"];
    assert_eq!(trial["anyOf"][1], serde_json::json!({}), "{trial}");
    assert!(resolve(&document, trial["anyOf"][0]["$ref"].as_str().unwrap()).is_some());
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.iter().any(|r| r.ends_with("/$defs/line")));
    for reference in &found {
        assert!(
            resolve(&document, reference).is_some(),
            "{reference} does not resolve"
        );
    }
}

#[test]
fn the_same_definitions_give_the_same_bytes() {
    let first = fs::read(examples_document(&out_dir("same-1"), &[]).0).unwrap();
    let second = fs::read(examples_document(&out_dir("same-2"), &[]).0).unwrap();
    assert_eq!(first, second);
}

#[test]
fn a_group_documents_its_endpoints_only() {
    let (_, document) = examples_document(&out_dir("group"), &["--group", "orders"]);
    let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/invoices", "/orders", "/orders/trial"]);
    assert_eq!(document["tags"], serde_json::json!([{"name": "orders"}]));
}

#[test]
fn server_without_openapi_is_a_usage_error() {
    let examples = examples();
    let output = compile(&[
        examples.to_str().unwrap(),
        "--check",
        "--server",
        "http://x",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--openapi"));
}

/// A tool `make test` installs, by the variable naming it; absent, the test says so
/// and passes, unless CI is set.
fn external_tool(variable: &str) -> Option<PathBuf> {
    match std::env::var_os(variable).map(PathBuf::from) {
        Some(path) if path.is_file() => Some(path),
        other => {
            let why = match other {
                Some(path) => format!("{} is not a file", path.display()),
                None => format!("{variable} is not set"),
            };
            assert!(
                std::env::var_os("CI").is_none(),
                "{why}: `make test` installs it; under CI it is required"
            );
            println!("SKIPPED: {why} (`make test` installs it and sets {variable})");
            None
        }
    }
}

#[test]
fn openapi_spec_validator_accepts_the_examples() {
    let Some(validator) = external_tool("OPENAPI_SPEC_VALIDATOR") else {
        return;
    };
    let (file, _) = examples_document(
        &out_dir("validator"),
        &["--server", "http://127.0.0.1:10000"],
    );
    let output = Command::new(validator).arg(&file).output().unwrap();
    assert!(
        output.status.success(),
        "openapi-spec-validator refused it:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn redocly_lint_accepts_the_examples() {
    let Some(redocly) = external_tool("REDOCLY") else {
        return;
    };
    let (file, _) = examples_document(&out_dir("redocly"), &["--server", "http://127.0.0.1:10000"]);
    let output = Command::new(redocly)
        .args(["lint", "--format", "stylish"])
        .arg(&file)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "redocly lint found errors:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
