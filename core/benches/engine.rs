//! Native micro-benchmarks of the request path, so that regressions show without
//! Envoy: `cargo bench -p endpoint-core`. Plain timing loops (the standard harness is
//! unstable); each figure is the median of several rounds.

// Benchmark code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use endpoint_core::engine::{Decision, NoHost, RequestHead};
use endpoint_core::model::{BundleContent, Endpoint, Method, User};
use endpoint_core::{Engine, bundle};

fn endpoint(name: &str, route: &str, code: &str) -> Endpoint {
    Endpoint::example(name, route, Method::Get, code)
}

fn content(extra_endpoints: usize) -> BundleContent {
    let mut endpoints = vec![
        endpoint(
            "hello",
            "/hello",
            "result = {payload: {hello: request.path}}",
        ),
        endpoint(
            "static",
            "/static",
            "result = {response: new Response('hello')}",
        ),
    ];
    for i in 0..extra_endpoints {
        endpoints.push(endpoint(
            &format!("e{i}"),
            &format!("/api/v1/items{i}/{{id}}/parts/{{part}}"),
            "result = {payload: request.params}",
        ));
    }
    BundleContent {
        endpoints,
        users: vec![User {
            login: "anon".into(),
            name: "Anonymous".into(),
            groups: vec![],
            api_keys: vec![],
        }],
        auth: Default::default(),
        vars: Default::default(),
    }
}

/// Median time per call over `rounds` rounds of `iterations` calls.
fn measure(name: &str, iterations: u32, mut f: impl FnMut()) -> Duration {
    for _ in 0..iterations / 10 {
        f();
    }
    let mut rounds: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed() / iterations
        })
        .collect();
    rounds.sort();
    let median = rounds[rounds.len() / 2];
    println!("{name:<48} {:>10.2} µs", median.as_secs_f64() * 1e6);
    median
}

fn head(path: &str) -> RequestHead {
    RequestHead {
        method: "GET".into(),
        path: path.into(),
        headers: vec![
            ("host".into(), "localhost".into()),
            ("user-agent".into(), "bench".into()),
            ("accept".into(), "*/*".into()),
        ],
    }
}

fn request(engine: &Engine, head: &RequestHead) {
    match engine.decide(head, &NoHost) {
        Decision::Accept(accepted) => {
            black_box(engine.execute(&accepted, head, b""));
        }
        other => panic!("{other:?}"),
    }
}

fn main() {
    let small = bundle::encode(&content(0));
    let engine = Engine::load(&small).unwrap();
    let hello = head("/hello");
    let statik = head("/static");
    // `cargo bench -p endpoint-core -- profile-hello`: only the hello loop, for a profiler.
    if std::env::args().any(|a| a == "profile-hello") {
        measure("hello snippet, decide + execute", 200_000, || {
            request(&engine, &hello)
        });
        return;
    }
    measure("hello snippet, decide + execute", 20_000, || {
        request(&engine, &hello)
    });
    measure("static Response, decide + execute", 20_000, || {
        request(&engine, &statik)
    });
    measure("route match only (decide), 2 endpoints", 200_000, || {
        black_box(engine.decide(&hello, &NoHost));
    });
    for size in [1_000, 10_000] {
        let bytes = bundle::encode(&content(size));
        let started = Instant::now();
        let big = Engine::load(&bytes).unwrap();
        println!(
            "{:<48} {:>10.2} ms ({} bytes)",
            format!("load a bundle of {size} endpoints"),
            started.elapsed().as_secs_f64() * 1e3,
            bytes.len()
        );
        let deep = head(&format!("/api/v1/items{}/42/parts/7", size - 1));
        measure(
            &format!("route match only (decide), {size} endpoints"),
            200_000,
            || {
                black_box(big.decide(&deep, &NoHost));
            },
        );
        measure(&format!("bundle decode, {size} endpoints"), 20, || {
            black_box(bundle::decode(&bytes).unwrap());
        });
    }
}
