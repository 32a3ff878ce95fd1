//! `schema/definitions.schema.json`, the JSON Schema editors use to check definitions
//! as people type, agrees with the compiler: every example passes it, broken documents
//! fail it, and it names every field the compiler knows.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use endpoint_compiler::{definitions, yaml};
use serde_json::{Value, json};

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/definitions.schema.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).unwrap()
}

fn documents(file: &Path) -> Vec<Value> {
    let text = fs::read_to_string(file).unwrap();
    yaml::load(file, &text)
        .unwrap()
        .iter()
        .filter(|d| !yaml::is_null(d))
        .map(|d| yaml::to_json(&with_text_keys(d)).unwrap_or_else(|(_, e)| panic!("{e}")))
        .collect()
}

/// The document with number keys as text (`responses: {200: ...}`), as editors see
/// YAML when they check it against a JSON Schema.
fn with_text_keys(node: &yaml::Node) -> yaml::Node {
    use saphyr::{ScalarOwned, YamlDataOwned};
    let mut node = node.clone();
    match &mut node.data {
        YamlDataOwned::Mapping(mapping) => {
            let pairs: Vec<_> = std::mem::take(mapping).into_iter().collect();
            for (mut key, value) in pairs {
                if let YamlDataOwned::Value(ScalarOwned::Integer(n)) = key.data {
                    key.data = YamlDataOwned::Value(ScalarOwned::String(n.to_string()));
                }
                mapping.insert(key, with_text_keys(&value));
            }
        }
        YamlDataOwned::Sequence(items) => {
            for item in items.iter_mut() {
                *item = with_text_keys(item);
            }
        }
        _ => {}
    }
    node
}

#[test]
fn every_example_passes() {
    let validator = validator();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut checked = 0;
    for entry in fs::read_dir(examples).unwrap() {
        let path = entry.unwrap().path();
        // Schema files sit beside the definitions, in their own folder.
        if path.is_dir() {
            continue;
        }
        for document in documents(&path) {
            let errors: Vec<String> = validator
                .iter_errors(&document)
                .map(|e| e.to_string())
                .collect();
            assert!(
                errors.is_empty(),
                "{}: {errors:?}\n{document}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} documents");
}

#[test]
fn broken_documents_fail() {
    let validator = validator();
    let endpoint = json!({"name": "x", "route": "/x", "request_method": "GET", "auth_type": "public", "exec_as_user": "a", "code": "result = {}"});
    assert!(validator.is_valid(&endpoint));
    let broken = |change: &dyn Fn(&mut Value)| {
        let mut document = endpoint.clone();
        change(&mut document);
        document
    };
    for (what, document) in [
        (
            "unknown field",
            broken(&|d| d["reqest_method"] = json!("GET")),
        ),
        (
            "bad method",
            broken(&|d| d["request_method"] = json!("FETCH")),
        ),
        ("route without /", broken(&|d| d["route"] = json!("x"))),
        ("route and routes", broken(&|d| d["routes"] = json!(["/y"]))),
        (
            "no code",
            broken(&|d| {
                d.as_object_mut().unwrap().remove("code");
            }),
        ),
        (
            "POST without content type",
            broken(&|d| d["request_method"] = json!("POST")),
        ),
        (
            "public without exec_as_user",
            broken(&|d| {
                d.as_object_mut().unwrap().remove("exec_as_user");
            }),
        ),
        (
            "bad secret name",
            broken(&|d| d["secrets"] = json!(["my-secret"])),
        ),
        (
            "bad limit",
            broken(&|d| d["limits"] = json!({"instructions": 0})),
        ),
        (
            "key instead of digest",
            json!({"kind": "user", "login": "a", "api_keys": ["demo-key"]}),
        ),
        (
            "unknown jwt field",
            json!({"kind": "auth", "jwt": {"user_clam": "sub"}}),
        ),
        (
            "forward without exec_mode forward",
            broken(&|d| d["forward"] = json!({"upstream": "a"})),
        ),
        (
            "forward endpoint without forward",
            broken(&|d| d["exec_mode"] = json!("forward")),
        ),
        (
            "unknown upstream field",
            json!({"kind": "upstream", "name": "a", "adress": "127.0.0.1:1"}),
        ),
        ("unknown docs field", json!({"kind": "docs", "titel": "x"})),
        (
            "docs route with a parameter",
            json!({"kind": "docs", "json_route": "/api/{v}"}),
        ),
        (
            "bad upstream timeout",
            json!({"kind": "upstream", "name": "a", "timeout": "5 seconds"}),
        ),
    ] {
        assert!(
            !validator.is_valid(&document),
            "{what} must fail: {document}"
        );
    }
}

#[test]
fn the_schema_names_every_field_the_compiler_knows() {
    let schema = schema();
    for (definition, fields) in [
        ("endpoint", definitions::ENDPOINT_FIELDS),
        ("user", definitions::USER_FIELDS),
        ("vars", definitions::VARS_FIELDS),
        ("auth", definitions::AUTH_FIELDS),
        ("upstream", definitions::UPSTREAM_FIELDS),
        ("docs", definitions::DOCS_FIELDS),
    ] {
        let properties = schema["$defs"][definition]["properties"]
            .as_object()
            .unwrap();
        let mut in_schema: Vec<&str> = properties.keys().map(String::as_str).collect();
        let mut in_compiler = fields.to_vec();
        in_schema.sort();
        in_compiler.sort();
        assert_eq!(in_schema, in_compiler, "{definition}");
    }
    let case = &schema["$defs"]["testCase"]["properties"];
    for (part, properties, fields) in [
        ("testCase", case, definitions::CASE_FIELDS),
        (
            "request",
            &case["request"]["properties"],
            definitions::CASE_REQUEST_FIELDS,
        ),
        (
            "fetch",
            &case["fetch"]["items"]["properties"],
            definitions::MOCK_FIELDS,
        ),
        (
            "expect",
            &case["expect"]["properties"],
            definitions::EXPECT_FIELDS,
        ),
    ] {
        let mut in_schema: Vec<&str> = properties
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut in_compiler = fields.to_vec();
        in_schema.sort();
        in_compiler.sort();
        assert_eq!(in_schema, in_compiler, "{part}");
    }
}
