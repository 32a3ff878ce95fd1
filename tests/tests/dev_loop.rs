//! The author's loop (`make dev`) against a real Envoy: a save that compiles and
//! passes its tests goes live; a definition error or a failing case is printed and
//! the live bundle stays (docs/testing-definitions.md).

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use endpoint_compiler::dev;
use endpoint_integration_tests::{Envoy, workspace_root};

const USERS: &str = "kind: user\nlogin: anon\n";

fn hello(text: &str, expected: &str) -> String {
    format!(
        "name: hello\nroute: /hello\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
         code: |\n  result = {{response: new Response({text:?})}}\n\
         tests:\n  - name: greets\n    expect: {{status: 200, body: {expected:?}}}\n"
    )
}

/// The next line the loop says that is not about an unchanged bundle.
fn next(lines: &mpsc::Receiver<String>) -> String {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the loop says something within a minute");
        if !line.contains("is already live") {
            return line;
        }
    }
}

#[test]
fn saves_go_live_only_when_they_compile_and_pass() {
    let dir = workspace_root().join(format!("target/integration/dev-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("users.yaml"), USERS).unwrap();
    let file = dir.join("hello.yaml");
    fs::write(&file, hello("one", "one")).unwrap();
    let envoy = Envoy::serving_dir(&dir);
    assert_eq!(envoy.get("/hello").text(), "one");

    let (sender, lines) = mpsc::channel();
    let watching = Arc::new(AtomicBool::new(true));
    let still = Arc::clone(&watching);
    let target = envoy.sync_target();
    let paths: Vec<PathBuf> = vec![dir.clone()];
    let watcher = std::thread::spawn(move || {
        dev::watch(
            &paths,
            &target,
            &mut |line| {
                let _ = sender.send(line.to_string());
            },
            &|| still.load(Ordering::SeqCst),
        );
    });

    fs::write(&file, hello("two", "two")).unwrap();
    let line = next(&lines);
    assert!(
        line.contains("is live: 1 endpoints, 1 cases passed"),
        "{line}"
    );
    assert_eq!(envoy.get("/hello").text(), "two");

    // A definition error: printed at its place, and the live bundle stays.
    fs::write(&file, hello("three", "three").replace("route:", "rout:")).unwrap();
    let at = file.display();
    assert_eq!(
        next(&lines),
        format!("{at}:1:1: error: an endpoint has no `route` (or `routes`)")
    );
    assert_eq!(
        next(&lines),
        format!("{at}:2:1: error: unknown field `rout`; did you mean `route`?")
    );
    assert_eq!(next(&lines), "2 problems; the live bundle stays");
    assert_eq!(envoy.get("/hello").text(), "two");

    // A failing case: reported at its line, and the live bundle stays.
    fs::write(&file, hello("four", "five")).unwrap();
    assert_eq!(
        next(&lines),
        format!("{at}:9: FAIL offline: hello › greets: body: expected \"five\", got \"four\"")
    );
    assert_eq!(next(&lines), "offline: 0 passed, 1 failed");
    assert_eq!(next(&lines), "a case failed; the live bundle stays");
    assert_eq!(envoy.get("/hello").text(), "two");

    // Mended: live.
    fs::write(&file, hello("four", "four")).unwrap();
    assert!(next(&lines).contains("is live"));
    assert_eq!(envoy.get("/hello").text(), "four");

    watching.store(false, Ordering::SeqCst);
    watcher.join().unwrap();
}
