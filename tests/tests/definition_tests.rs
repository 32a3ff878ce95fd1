//! The examples' own tests against a real Envoy serving them (`endpoint-compile
//! --test --against URL`): every case that can run live gets the verdict it gets
//! offline, through the engine (docs/testing-definitions.md).

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use endpoint_compiler::testing::report::{Tally, disagreements};
use endpoint_compiler::testing::{self, Verdict, live};
use endpoint_integration_tests::{Envoy, upstream::Upstream, workspace_root};

const WEBHOOK_SECRET: &str = "demo-webhook-secret";

fn environment(name: &str) -> Option<String> {
    (name == "ENDPOINT_TEST_KEY_DEMO").then(|| "demo-key".to_string())
}

#[test]
fn the_examples_cases_pass_offline_and_through_envoy_alike() {
    let upstream = Upstream::start();
    let examples = endpoint_integration_tests::examples_before(&upstream);
    let envoy = Envoy::with_environment(&examples, &[("GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET)]);
    let compiled = endpoint_compiler::compile(&[workspace_root().join("examples")]).unwrap();
    let url = format!("http://127.0.0.1:{}", envoy.port);

    let offline = testing::offline::run(&compiled.content, &compiled.cases);
    let through_envoy = live::run(&url, &compiled.cases, &environment);
    let report = testing::report::text(&through_envoy, "against Envoy");
    let tally = Tally::of(&through_envoy);
    assert_eq!(Tally::of(&offline).failed, 0, "{report}");
    assert_eq!(tally.failed, 0, "{report}");
    assert!(tally.passed >= 25, "{report}");
    assert!(disagreements(&offline, &through_envoy).is_empty());
    // The cases with mocks ran offline only; none of them reached the real upstream.
    assert!(tally.skipped >= 5, "{report}");
}

#[test]
fn a_case_envoy_answers_otherwise_fails_and_is_named() {
    let upstream = Upstream::start();
    let examples = endpoint_integration_tests::examples_before(&upstream);
    let envoy = Envoy::with_environment(&examples, &[("GITHUB_WEBHOOK_SECRET", WEBHOOK_SECRET)]);
    let compiled = endpoint_compiler::compile(&[workspace_root().join("examples")]).unwrap();
    let url = format!("http://127.0.0.1:{}", envoy.port);

    let mut wrong = compiled
        .cases
        .iter()
        .find(|case| case.name == "answers the greeting")
        .unwrap()
        .clone();
    wrong.expect.status = 418;
    let mut keyless = compiled
        .cases
        .iter()
        .find(|case| case.name == "names the caller")
        .unwrap()
        .clone();
    keyless.name = "as demo without the key".into();
    let results = live::run(&url, &[wrong, keyless], &|_| None);
    match &results[0].verdict {
        Verdict::Failed(found) => assert_eq!(
            found[0],
            "status: expected 418, got 200 with body \"Hello, World!\""
        ),
        other => panic!("{other:?}"),
    }
    match &results[1].verdict {
        Verdict::Failed(found) => assert_eq!(
            found[0],
            "`as: demo` needs that user's API key against a live Envoy: set ENDPOINT_TEST_KEY_DEMO"
        ),
        other => panic!("{other:?}"),
    }

    // Nothing listens: the failure says where it tried.
    drop(envoy);
    let results = live::run(&url, &compiled.cases[..1], &environment);
    match &results[0].verdict {
        Verdict::Failed(found) => assert!(found[0].contains(&url), "{found:?}"),
        Verdict::Skipped(_) => {}
        other => panic!("{other:?}"),
    }
}
