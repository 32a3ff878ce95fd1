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

/// The hooks of `.pre-commit-hooks.yaml` as the pre-commit framework runs them, on a
/// repository of definitions: passing, then failing on a broken case.
#[test]
fn the_pre_commit_hooks_check_and_test_a_definitions_repository() {
    use std::process::Command;
    let Some(pre_commit) =
        endpoint_integration_tests::external_tool("PRE_COMMIT", "the pre-commit hooks")
    else {
        return;
    };
    let root = workspace_root();
    if !root.join(".git").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI checks out a git repository: pre-commit needs one"
        );
        eprintln!("SKIPPED: the pre-commit hooks test needs this checkout to be a git repository");
        return;
    }
    let scratch = root.join(format!(
        "target/integration/pre-commit-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    let repository = scratch.join("definitions");
    std::fs::create_dir_all(repository.join("schemas")).unwrap();
    for entry in std::fs::read_dir(root.join("examples")).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), repository.join(entry.file_name())).unwrap();
        }
    }
    for entry in std::fs::read_dir(root.join("examples/schemas"))
        .unwrap()
        .flatten()
    {
        std::fs::copy(
            entry.path(),
            repository.join("schemas").join(entry.file_name()),
        )
        .unwrap();
    }
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&repository)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "--quiet"]);
    git(&["add", "."]);
    // The compiler this test run built, rather than a build of its own in pre-commit's
    // cache: the hooks' manifest, entry and arguments are what is under test.
    let compiler = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("debug/endpoint-compile");
    let run = |hook: &str| {
        let mut command = Command::new(&pre_commit);
        command
            .args([
                "try-repo",
                root.to_str().unwrap(),
                hook,
                "--all-files",
                "--color",
                "never",
            ])
            .current_dir(&repository)
            .env("PRE_COMMIT_HOME", scratch.join("home"));
        if compiler.exists() {
            command.env("ENDPOINT_COMPILE", &compiler);
        }
        let output = command.output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        (output.status.success(), text)
    };
    let (passed, text) = run("endpoint-check");
    assert!(passed, "{text}");
    let (passed, text) = run("endpoint-test");
    assert!(passed, "{text}");
    assert!(text.contains("Passed"), "{text}");

    let hello = repository.join("hello.yaml");
    let broken = std::fs::read_to_string(&hello)
        .unwrap()
        .replace("body: \"Hello, World!\"", "body: \"Hello!\"");
    std::fs::write(&hello, broken).unwrap();
    git(&["add", "."]);
    let (passed, text) = run("endpoint-test");
    assert!(!passed, "{text}");
    assert!(
        text.contains("hello.yaml:15: FAIL offline: Hello › answers the greeting: body: expected \"Hello!\", got \"Hello, World!\""),
        "{text}"
    );
    let (passed, text) = run("endpoint-check");
    assert!(passed, "a failing case is no compile error: {text}");
}
