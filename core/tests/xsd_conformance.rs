//! The W3C XML Schema 1.0 test suite (single-document cases, kept in
//! `../shared/conformance/xsts-1.0.jsonl.gz`), run through the product's own path:
//! [`XmlSchema::compile`] for each schema, [`xml::check`] for each instance.
//!
//! The cases the product gets wrong are listed, with what it answered, in
//! `tests/conformance/xsts-failures.txt`; the list may only shrink (see `common`).
//!
//! Instances with a DOCTYPE are refused by design (no DTDs, no entities): the test
//! checks that each one is refused, and does not count it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use endpoint_core::validation::BodyCheck;
use endpoint_core::validation::xml::{self, XmlSchema};

/// `XSD_TEST_SUITE` (which `make test` sets), else `../shared` beside the checkout.
fn suite_path() -> PathBuf {
    std::env::var_os("XSD_TEST_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/xsts-1.0.jsonl.gz")
        })
}

fn baseline_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/xsts-failures.txt")
}

#[derive(Default)]
struct Tally {
    schemas: (usize, usize),
    instances: (usize, usize),
}

#[test]
fn w3c_xsd_suite_matches_the_baseline() {
    // The suite is W3C's data, never copied into the project: a clone alone does not
    // have it, and skips; CI (which always has it), or anyone who names it, runs it.
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "false");
    let required = set("CI") || set("XSD_TEST_SUITE_REQUIRED");
    let file = match std::fs::File::open(suite_path()) {
        Ok(file) => file,
        Err(e) if !required => {
            eprintln!(
                "SKIPPED: the W3C XSD suite is not at {} ({e}). It lives outside the repository \
                 (../shared/conformance beside the checkout); set XSD_TEST_SUITE to its file to run \
                 this test. Under CI it is required.",
                suite_path().display()
            );
            return;
        }
        Err(e) => panic!(
            "{}: {e}: the W3C suite comes from ../shared/conformance beside the checkout; set XSD_TEST_SUITE (or SHARED_DIR for make) to its file",
            suite_path().display()
        ),
    };
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    // Case id -> what the product answered, for every case it gets wrong.
    let mut failures = BTreeMap::new();
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut doctype_refused = 0;
    for line in reader.lines() {
        let case: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let set = case["set"].as_str().unwrap();
        let id = format!("{set}/{}", case["group"].as_str().unwrap());
        let counts = tally.entry(set.to_string()).or_default();
        let expected_valid = case["schema_valid"].as_bool().unwrap();
        let compiled = XmlSchema::compile(case["schema"].as_str().unwrap());
        counts.schemas.1 += 1;
        match (&compiled, expected_valid) {
            (Ok(_), true) | (Err(_), false) => counts.schemas.0 += 1,
            (Ok(_), false) => {
                failures.insert(id.clone(), "invalid schema accepted".to_string());
            }
            (Err(reason), true) => {
                failures.insert(id.clone(), format!("valid schema refused: {reason}"));
            }
        }
        let Ok(schema) = compiled else { continue };
        for instance in case["instances"].as_array().unwrap() {
            let name = instance["name"].as_str().unwrap();
            let body = instance["xml"].as_str().unwrap().as_bytes();
            let outcome = xml::check(body, Some(&schema));
            if instance["doctype"].as_bool().unwrap() {
                assert!(
                    matches!(outcome, BodyCheck::Malformed(_)),
                    "{id}/{name}: a DOCTYPE must be refused"
                );
                doctype_refused += 1;
                continue;
            }
            counts.instances.1 += 1;
            let expected_valid = instance["valid"].as_bool().unwrap();
            let answer = match &outcome {
                BodyCheck::Valid(()) => None,
                BodyCheck::Invalid((), violations) => Some(violations[0].message.clone()),
                BodyCheck::Malformed(violation) => Some(violation.message.clone()),
            };
            match (answer, expected_valid) {
                (None, true) | (Some(_), false) => counts.instances.0 += 1,
                (None, false) => {
                    failures.insert(format!("{id}/{name}"), "invalid instance accepted".into());
                }
                (Some(reason), true) => {
                    failures.insert(
                        format!("{id}/{name}"),
                        format!("valid instance refused: {reason}"),
                    );
                }
            }
        }
    }

    let mut report = String::new();
    let mut total = Tally::default();
    for (set, counts) in &tally {
        report.push_str(&format!(
            "{set:40} schemas {:5}/{:<5} instances {:5}/{:<5}\n",
            counts.schemas.0, counts.schemas.1, counts.instances.0, counts.instances.1
        ));
        total.schemas.0 += counts.schemas.0;
        total.schemas.1 += counts.schemas.1;
        total.instances.0 += counts.instances.0;
        total.instances.1 += counts.instances.1;
    }
    report.push_str(&format!(
        "{:40} schemas {:5}/{:<5} instances {:5}/{:<5} ({doctype_refused} DOCTYPE instances refused by design)\n",
        "all", total.schemas.0, total.schemas.1, total.instances.0, total.instances.1
    ));
    println!("{report}");

    common::check_against_baseline(&failures, &baseline_path(), "xsd_conformance");
}
