//! The snippet runtime inside a real Envoy: isolation between requests, the limits and
//! what they leave behind, env (vars and secrets), CSV, how payloads are written as
//! JSON and a `Response` is built, and the webhook example.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use endpoint_integration_tests::upstream::Upstream;
use endpoint_integration_tests::{Envoy, compile, examples_before, fixtures};
use hmac::{KeyInit, Mac};
use serde_json::json;

fn start() -> Envoy {
    Envoy::with_environment(
        &compile(&fixtures("snippets")),
        &[("TEST_SECRET", "t0p-s3cret")],
    )
}

#[test]
fn no_request_changes_what_the_next_one_sees() {
    let envoy = start();
    let clean = json!({
        "leaked": "undefined", "proto": null, "json": "[1]", "map": "function", "user": "anon",
        "greeting": "Hello", "extra": null, "sha": "e3b0c442", "counter": 1,
        "helper": null, "wrapped": null,
    });
    assert_eq!(envoy.get("/check").json(), clean);
    for how in [
        "global",
        "implicit",
        "prototype",
        "builtin",
        "array",
        "user",
        "env",
        "response",
        "helper",
        "iterator-helper",
        "wrapped-iterator",
    ] {
        let attempt = envoy.get(&format!("/leak/{how}"));
        assert_eq!(
            attempt.status, 500,
            "{how}: the write must fail, not succeed"
        );
        assert_eq!(envoy.get("/check").json(), clean, "after {how}");
    }
    // Promise jobs run in their own request's time, never in a later one's.
    assert_eq!(
        envoy.get("/promise").json(),
        json!(["end", "then", "after await"])
    );
    assert_eq!(envoy.get("/promise/dropped").text(), "done");
    for _ in 0..3 {
        assert_eq!(envoy.get("/check").json(), clean, "after /promise");
    }
    assert_eq!(envoy.log().matches("promise job ran").count(), 1);
    assert!(!envoy.log().contains("dropped job ran"));
}

#[test]
fn runaway_snippets_are_stopped_and_the_worker_keeps_serving() {
    let envoy = start();
    let spins = ["getter", "callback", "generator", "sort"].map(|how| format!("/spin/{how}"));
    for path in ["/loop", "/deep", "/spin"]
        .into_iter()
        .chain(spins.iter().map(String::as_str))
    {
        let started = Instant::now();
        let response = envoy.get(path);
        let took = started.elapsed();
        assert_eq!(response.status, 500, "{path}");
        assert_eq!(response.json()["error"], "InternalServerError");
        eprintln!("{path} stopped after {took:?} in Envoy");
        assert_eq!(envoy.get("/check").status, 200, "after {path}");
    }
    // Each run was stopped where it was, and the next request ran on the same
    // runtime (/check above), with nothing rebuilt.
    assert_eq!(envoy.stat("wasmcustom.endpoint.snippet.stopped"), Some(7));
    let log = envoy.log();
    assert!(
        log.contains(
            "endpoint \"spin\": snippet failed: stopped: over its budget of 1000000 instructions"
        ),
        "{log}"
    );
    assert!(log.contains("endpoint \"loop\": snippet failed: stopped:"));
    // The stopped run's log line is not reported as the next request's.
    assert!(!log.contains("endpoint \"check\": loop started"), "{log}");
    assert_eq!(
        log.matches(
            "endpoint \"spin through built-ins\": snippet failed: stopped: over its budget"
        )
        .count(),
        4,
        "{log}"
    );
    // An endpoint given more room uses it.
    assert_eq!(envoy.get("/generous").text(), "500000");
}

#[test]
fn memory_is_bounded_per_run_and_the_worker_keeps_serving() {
    let envoy = start();
    let hoards = ["doubling", "strings", "objects", "fill", "caught"];
    for how in hoards {
        let started = Instant::now();
        let response = envoy.get(&format!("/hoard/{how}"));
        // A VM that ran out of memory would answer 503, and the next ones too.
        assert_eq!(response.status, 500, "{how}: {}", response.text());
        assert_eq!(response.json()["error"], "InternalServerError");
        eprintln!(
            "/hoard/{how} stopped after {:?} in Envoy",
            started.elapsed()
        );
        assert_eq!(envoy.get("/check").status, 200, "after {how}");
    }
    let log = envoy.log();
    assert_eq!(
        log.matches("endpoint \"hoard\": snippet failed: stopped: over its memory limit of 4 MiB")
            .count(),
        hoards.len(),
        "{log}"
    );
    // At the largest limit an endpoint may set, twice over: freed memory is not
    // always reusable for the next large block, and the VM must still hold. (Growth
    // element by element, as `fill` does, held too, but takes Boa 17 s at 64 MiB.)
    let most = ["doubling", "strings", "objects"];
    for how in most.iter().chain(&most) {
        let started = Instant::now();
        let response = envoy.get(&format!("/hoard-most/{how}"));
        assert_eq!(response.status, 500, "{how}: {}", response.text());
        eprintln!(
            "/hoard-most/{how} stopped after {:?} in Envoy",
            started.elapsed()
        );
        assert_eq!(envoy.get("/check").status, 200, "after {how}");
    }
    // Garbage is collected, not counted against a run: again and again.
    for _ in 0..5 {
        let churn = envoy.get("/churn").text();
        let why: Vec<String> = envoy
            .log()
            .lines()
            .filter(|l| l.contains("\"churn\""))
            .map(str::to_string)
            .collect();
        assert_eq!(churn, "1048576", "{why:?}");
    }
    // Loops inside built-ins are charged; room asked for all at once is not taken.
    for how in ["indexOf", "join", "apply", "exponential", "regex"] {
        let started = Instant::now();
        let response = envoy.get(&format!("/huge/{how}"));
        assert_eq!(response.status, 500, "{how}: {}", response.text());
        eprintln!("/huge/{how} stopped after {:?} in Envoy", started.elapsed());
        assert_eq!(envoy.get("/check").status, 200, "after {how}");
    }
    assert_eq!(
        envoy.get("/huge/repeat").text(),
        "RangeError",
        "a string too long for the VM is a RangeError"
    );
    assert_eq!(
        envoy.get("/huge/buffer").text(),
        "RangeError",
        "a buffer larger than the VM is a RangeError"
    );
    let stops = hoards.len() as u64 + 2 * most.len() as u64 + 5;
    assert_eq!(
        envoy.stat("wasmcustom.endpoint.snippet.stopped"),
        Some(stops)
    );
    let log = envoy.log();
    assert!(
        log.contains(
            "endpoint \"huge\": snippet failed: stopped: a regular expression took over 4000000 steps"
        ),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

/// A body of tiny arrays is small as bytes and huge as JavaScript: building
/// `request.json` counts against the run's memory limit and stops the run, where it
/// used to exhaust the VM.
#[test]
fn request_data_is_built_inside_the_memory_limit() {
    let envoy = start();
    for megabytes in [8, 64] {
        let arrays = megabytes * (1 << 20) / 3 - 1;
        let body = format!("[{}[]]", "[],".repeat(arrays));
        let started = Instant::now();
        let response = envoy.request(
            "POST",
            "/tiny-arrays",
            &[("content-type", "application/json")],
            body.as_bytes(),
        );
        assert_eq!(response.status, 500, "{megabytes} MiB: {}", response.text());
        assert_eq!(response.json()["error"], "InternalServerError");
        eprintln!(
            "{megabytes} MiB of `[],` stopped after {:?}",
            started.elapsed()
        );
        assert_eq!(envoy.get("/check").status, 200, "after {megabytes} MiB");
    }
    let small = envoy.request(
        "POST",
        "/tiny-arrays",
        &[("content-type", "application/json")],
        b"[[], [], []]",
    );
    assert_eq!(small.text(), "3");
    let log = envoy.log();
    assert_eq!(
        log.matches("endpoint \"tiny-arrays\": snippet failed: stopped: over its memory limit of 32 MiB while the request was prepared (body parsed, `request` built)")
            .count(),
        2,
        "{log}"
    );
}

#[test]
fn env_carries_vars_and_declared_secrets() {
    let envoy = start();
    assert_eq!(
        envoy.get("/env").json(),
        json!({"vars": {"greeting": "Hello", "nested": {"list": [1, 2]}}, "secrets": {"TEST_SECRET": "t0p-s3cret"}})
    );
    assert!(
        !envoy.log().contains("t0p-s3cret"),
        "secrets never reach the log"
    );
}

#[test]
fn payloads_are_written_as_json_stringify_writes_them() {
    let envoy = start();
    let plain = envoy.get("/payloads/plain");
    assert_eq!(plain.header("content-type"), Some("application/json"));
    assert_eq!(
        plain.text(),
        r#"{"text":"quote \" é 😀","n":[1,2.5,0,null,true],"nested":{"empty":{},"hole":[1,null,3]}}"#
    );
    assert_eq!(
        envoy.get("/payloads/rich").text(),
        r#"{"when":"1970-01-01T00:00:00.000Z","own":"T","computed":5}"#
    );
    assert_eq!(
        envoy.get("/payloads/request").text(),
        r#"{"kind":"request"}"#
    );
    let built = envoy.get("/response/built");
    assert_eq!(built.status, 201);
    assert_eq!(built.header("content-type"), Some("application/json"));
    assert_eq!(
        built.json(),
        json!({"reads": 2, "keys": ["body", "status", "headers"], "response": true})
    );
}

#[test]
fn csv_bodies_become_rows() {
    let envoy = start();
    let csv = [("content-type", "text/csv; charset=utf-8")];
    let response = envoy.request("POST", "/csv", &csv, b"sku,price\nA-1,\"1,50\"\n");
    assert_eq!(response.json(), json!([["sku", "price"], ["A-1", "1,50"]]));
    let bad = envoy.request("POST", "/csv", &csv, b"a\n\xff\xfe\n");
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["errors"][0]["type"], "csv_invalid");
}

#[test]
fn the_webhook_example_verifies_signatures_and_forwards_the_event() {
    let secret = "webhook-test-secret";
    let upstream = Upstream::start();
    let envoy = Envoy::with_environment(
        &examples_before(&upstream),
        &[("GITHUB_WEBHOOK_SECRET", secret)],
    );
    let body = br#"{"action": "opened", "repository": {"full_name": "acme/widgets"}}"#;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let signature = format!(
        "sha256={}",
        endpoint_core::bundle::hex(&mac.finalize().into_bytes())
    );
    let headers = |signature: &str| {
        vec![
            ("content-type".to_string(), "application/json".to_string()),
            ("x-github-event".to_string(), "pull_request".to_string()),
            ("x-hub-signature-256".to_string(), signature.to_string()),
        ]
    };
    let send = |signature: &str, body: &[u8]| {
        let owned = headers(signature);
        let headers: Vec<(&str, &str)> = owned
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        envoy.request("POST", "/webhooks/github", &headers, body)
    };
    let accepted = send(&signature, body);
    assert_eq!(accepted.status, 200, "{}", accepted.text());
    assert!(envoy.log().contains("github pull_request for acme/widgets"));
    // The signed event reached the service behind the proxy, whole, marked verified.
    let received = upstream.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path, "/api/events/github");
    assert_eq!(received[0].body, body);
    assert_eq!(received[0].header("x-event-verified"), Some("github"));
    assert_eq!(
        received[0].header("x-event-repository"),
        Some("acme/widgets")
    );
    assert_eq!(received[0].header("x-github-event"), Some("pull_request"));

    let tampered = send(
        &signature,
        br#"{"action": "closed", "repository": {"full_name": "acme/widgets"}}"#,
    );
    assert_eq!(tampered.status, 401);
    assert_eq!(tampered.json()["error"], "Unauthorized");
    // A request that fails its check never reaches the upstream.
    assert_eq!(upstream.count(), 1);
    assert_eq!(send("sha256=00", body).status, 401);
    assert_eq!(send("", body).status, 401);

    // The CSV and vars example of the same folder.
    let prices = envoy.request(
        "POST",
        "/prices",
        &[("content-type", "text/csv")],
        b"sku,price\nA-1,9.50\n",
    );
    assert_eq!(prices.json(), json!([{"sku": "A-1", "price": "9.50 EUR"}]));
}

/// A name, and a snippet `n` levels deep.
type Shape = (&'static str, fn(usize) -> String);

/// Snippet shapes that make Boa's parser and compiler recurse, `n` levels deep; each
/// replies 200 when it runs.
fn deep_shapes() -> Vec<Shape> {
    vec![
        ("arrays", |n| {
            format!("result = {{payload: {}{}}}", "[".repeat(n), "]".repeat(n))
        }),
        ("functions", |n| {
            format!(
                "result = {{payload: {}1{}}}",
                "(function () { return ".repeat(n),
                " })()".repeat(n)
            )
        }),
        ("templates", |n| {
            format!(
                "result = {{payload: {}1{}}}",
                "`${".repeat(n),
                "}`".repeat(n)
            )
        }),
        ("else if", |n| {
            format!(
                "let a = 0;{} {{ result = {{payload: 1}} }}",
                " if (a) {} else".repeat(n)
            )
        }),
        ("if without braces", |n| {
            format!(
                "let a = 1;\n{}result = {{payload: 1}}",
                "if (a)\n".repeat(n)
            )
        }),
        ("conditionals", |n| {
            format!("let a = 0; result = {{payload: {}2}}", "a ? 1 : ".repeat(n))
        }),
        ("arrows", |n| {
            format!(
                "const f = {}1; result = {{payload: typeof f}}",
                "x => ".repeat(n)
            )
        }),
        ("unary operators", |n| {
            format!("result = {{payload: {}1}}", "!".repeat(n))
        }),
        ("additions", |n| {
            format!("result = {{payload: 1{}}}", " + 1".repeat(n))
        }),
        ("members", |n| {
            format!(
                "const a = {{}}; a.a = a; result = {{payload: typeof a{}}}",
                ".a".repeat(n)
            )
        }),
        ("chains in nested parentheses", |n| {
            let chain = " + 1".repeat(60);
            format!(
                "result = {{payload: {}1{}}}",
                "(".repeat(n),
                format!("{chain})").repeat(n)
            )
        }),
    ]
}

/// The largest `n` the nesting bound accepts for a shape.
fn deepest_accepted(shape: fn(usize) -> String) -> usize {
    let mut n = 1;
    while endpoint_core::snippet::nesting::check(&shape(n + 1)).is_ok() {
        n += 1;
    }
    n
}

#[test]
fn the_deepest_snippets_the_bound_accepts_load_and_run_and_deeper_ones_are_refused_at_load() {
    use endpoint_core::model::{BundleContent, Endpoint, Method};
    let shapes = deep_shapes();
    let bundle_at = |extra: usize| {
        let endpoints = shapes
            .iter()
            .enumerate()
            .map(|(index, (name, shape))| {
                let code = shape(deepest_accepted(*shape) + extra);
                Endpoint::example(name, &format!("/deep/{index}"), Method::Get, &code)
            })
            .collect();
        endpoint_core::bundle::encode(&BundleContent::example(endpoints))
    };
    // Made without the compiler, which would refuse the deeper ones itself.
    let envoy = Envoy::with_bundle(&bundle_at(0));
    for (index, (name, _)) in shapes.iter().enumerate() {
        let response = envoy.get(&format!("/deep/{index}"));
        assert_eq!(response.status, 200, "{name}: {}", envoy.log());
    }

    // One level past the bound, each shape on its own: refused at load with the
    // snippet's place, the last good bundle serving on (a trapped VM would answer 503).
    for (index, (name, shape)) in shapes.iter().enumerate() {
        let code = shape(deepest_accepted(*shape) + 1);
        let endpoints = vec![Endpoint::example(name, "/deeper", Method::Get, &code)];
        envoy.push_bundle(&endpoint_core::bundle::encode(&BundleContent::example(
            endpoints,
        )));
        let refused = envoy.eventually(std::time::Duration::from_secs(10), |e| {
            e.log().matches("nests too deeply").count() > index
        });
        assert!(refused, "{name}: {}", envoy.log());
        assert_eq!(envoy.get("/deep/0").status, 200, "{name}");
        assert_eq!(envoy.get("/deeper").status, 404, "{name}");
    }

    // A bundle that lets a snippet recurse deeper than the native stack holds, or
    // take more memory than the VM survives, is refused the same way.
    let mut greedy = Endpoint::example("greedy", "/deeper", Method::Get, "result = {payload: 1}");
    greedy.limits.recursion = Some(endpoint_core::snippet::MAX_RECURSION + 1);
    greedy.limits.memory_bytes = Some(endpoint_core::snippet::MAX_MEMORY_BYTES + 1);
    envoy.push_bundle(&endpoint_core::bundle::encode(&BundleContent::example(
        vec![greedy],
    )));
    let refused = envoy.eventually(std::time::Duration::from_secs(10), |e| {
        e.log().contains("limits.recursion 513 is over 512")
    });
    assert!(refused, "{}", envoy.log());
    assert!(
        envoy
            .log()
            .contains("limits.memory_bytes 67108865 is over 67108864"),
        "{}",
        envoy.log()
    );
    assert_eq!(envoy.get("/deep/0").status, 200);
    assert_eq!(envoy.get("/deeper").status, 404);
}

#[test]
fn snippets_cannot_compile_code_from_strings() {
    let envoy = start();
    for how in ["eval", "function", "constructor"] {
        let response = envoy.get(&format!("/compile/{how}"));
        assert_eq!(response.status, 500, "{how}: {}", response.text());
    }
    let log = envoy.log();
    assert!(
        log.matches("EvalError: snippets cannot compile code from strings")
            .count()
            >= 3,
        "{log}"
    );
}

#[test]
fn deep_data_and_deep_calls_through_built_ins_never_run_the_vm_out_of_stack() {
    let envoy = start();
    for (how, status) in [
        ("payload", 200),
        ("stringify", 200),
        ("flat", 200),
        ("join", 500),
        ("getter", 500),
        ("setter", 500),
        ("json", 500),
        ("trap", 500),
        ("proto", 500),
        ("proxy", 500),
        ("prototypeof", 500),
        ("set", 500),
        ("has", 500),
        ("instanceof", 500),
        ("keys", 500),
        ("extensible", 500),
        ("bound", 500),
        ("classes", 500),
        ("delegate", 500),
        ("regexp", 500),
    ] {
        let response = envoy.get(&format!("/stack/{how}"));
        assert_eq!(response.status, status, "{how}: {}", response.text());
        assert_eq!(envoy.get("/check").status, 200, "after {how}");
    }
    assert_eq!(envoy.get("/stack/stringify").text(), "20003");
    // A trap would show here, and as 503s while the VM is reloaded.
    let log = envoy.log();
    for line in log
        .lines()
        .filter(|l| l.contains("endpoint \"stack\": snippet failed"))
    {
        eprintln!("{}", &line[line.len().saturating_sub(200)..]);
    }
    // Every chain of links met the recursion limit, each link a nested call.
    let recursion =
        "snippet failed: stopped: RuntimeLimitError: reached the maximum number of recursive calls";
    assert!(log.matches(recursion).count() >= 12, "{log}");
    assert!(!log.contains("Maximum call stack size exceeded"), "{log}");
    assert!(!log.contains("Wasm VM failed"), "{log}");
}
