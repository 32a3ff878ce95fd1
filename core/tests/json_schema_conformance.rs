//! The official JSON-Schema-Test-Suite, Draft 2020-12, required tests and the
//! optional `format` tests, run through the product's own path:
//! [`JsonSchema::compile`] as the bundle loads it, then [`json::check`] on the
//! serialized instance, as a request body arrives.
//!
//! The product asserts `format` by default, as the optional tests expect; the
//! required `format.json` tests that `format` is only an annotation, which is what
//! an endpoint with `schema_formats: ignore` gets, so that file runs that way.
//!
//! The suite ships in the `jsonschema` source distribution on PyPI; `make
//! json-schema-suite` fetches it and `make test` passes its folder as
//! `JSON_SCHEMA_TEST_SUITE`. The cases the product gets wrong, with what it answered,
//! are in `tests/conformance/json-schema-failures.txt`; the list may only shrink.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use endpoint_core::model::SchemaFormats;
use endpoint_core::validation::BodyCheck;
use endpoint_core::validation::json::{self, JsonSchema};

fn suite_dir() -> PathBuf {
    let root = std::env::var_os("JSON_SCHEMA_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/JSON-Schema-Test-Suite-4.25.1")
        });
    root.join("tests/draft2020-12")
}

/// The `.json` files of a folder of the suite, sorted, with at least `at_least`.
fn json_files(dir: &Path, at_least: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}: fetch the JSON-Schema-Test-Suite with `make json-schema-suite` (make test does)",
                dir.display()
            )
        })
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= at_least,
        "{} holds only {} files",
        dir.display(),
        files.len()
    );
    files
}

#[test]
fn json_schema_test_suite_matches_the_baseline() {
    let dir = suite_dir();
    let required = json_files(&dir, 40).into_iter().map(|file| {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let formats = if name == "format" {
            SchemaFormats::Ignore
        } else {
            SchemaFormats::Assert
        };
        (file, name, formats)
    });
    let optional_formats = json_files(&dir.join("optional/format"), 15)
        .into_iter()
        .map(|file| {
            let name = file.file_stem().unwrap().to_string_lossy();
            let name = format!("optional/format/{name}");
            (file, name, SchemaFormats::Assert)
        });
    let mut failures = BTreeMap::new();
    let (mut passed, mut total) = (0, 0);
    for (file, name, formats) in required.chain(optional_formats) {
        let groups: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for group in groups.as_array().unwrap() {
            let group_name = group["description"].as_str().unwrap();
            let schema = JsonSchema::compile(&group["schema"], formats);
            for test in group["tests"].as_array().unwrap() {
                total += 1;
                let id = format!(
                    "{name}/{group_name}/{}",
                    test["description"].as_str().unwrap()
                );
                let expected_valid = test["valid"].as_bool().unwrap();
                let answer = match &schema {
                    Err(reason) => Err(format!("schema refused: {reason}")),
                    Ok(schema) => {
                        let body = serde_json::to_vec(&test["data"]).unwrap();
                        match json::check(&body, Some(schema), false, || false) {
                            BodyCheck::Valid(_) => Ok(true),
                            BodyCheck::Invalid(..) => Ok(false),
                            BodyCheck::Malformed(v) => Err(format!("body refused: {}", v.message)),
                        }
                    }
                };
                match answer {
                    Ok(valid) if valid == expected_valid => passed += 1,
                    Ok(valid) => {
                        failures.insert(
                            id,
                            format!("answered valid={valid}, expected {expected_valid}"),
                        );
                    }
                    Err(reason) => {
                        failures.insert(id, reason);
                    }
                }
            }
        }
    }
    println!(
        "JSON-Schema-Test-Suite draft2020-12, required and optional/format: {passed}/{total} tests pass"
    );
    common::check_against_baseline(
        &failures,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/json-schema-failures.txt"),
        "json_schema_conformance",
    );
}
