//! Native micro-benchmarks of the request path, so that regressions show without
//! Envoy: `cargo bench -p endpoint-core`. Plain timing loops (the standard harness is
//! unstable); each figure is the median of several rounds.

// Benchmark code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use endpoint_core::engine::{Building, Decision, NoHost, RequestHead, Step};
use endpoint_core::model::{BundleContent, Endpoint, Method};
use endpoint_core::snippet::heap;
use endpoint_core::{Engine, bundle};

/// The filter's allocator, which counts the heap for the memory limit and for
/// collecting garbage between runs: measured as the filter runs.
#[global_allocator]
static ALLOCATOR: heap::CountingAllocator = heap::CountingAllocator;

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
    BundleContent::example(endpoints)
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

/// Times each of `iterations` calls of `f` (after a warm-up) and prints the median,
/// the 99th and 99.9th percentiles and the worst.
fn tail(name: &str, iterations: usize, mut f: impl FnMut()) {
    for _ in 0..iterations / 10 {
        f();
    }
    let mut times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |share: f64| times[((times.len() as f64 * share) as usize).min(times.len() - 1)];
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{name:<48} p50 {:.2} µs, p99 {:.2} µs, p99.9 {:.2} µs, worst {:.2} µs",
        micros(at(0.5)),
        micros(at(0.99)),
        micros(at(0.999)),
        micros(times[times.len() - 1])
    );
}

fn head(path: &str) -> RequestHead {
    RequestHead::new(
        "GET",
        path,
        &[
            ("host", "localhost"),
            ("user-agent", "bench"),
            ("accept", "*/*"),
        ],
    )
}

/// Touches every cache line of `memory`, as unrelated work between two requests does.
#[inline(never)]
fn evict(memory: &mut [u8]) {
    for line in memory.chunks_mut(64) {
        line[0] = line[0].wrapping_add(1);
    }
    black_box(memory);
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
    // `cargo bench -p endpoint-core -- profile-cold`: hello requests with the caches
    // evicted between them, as Envoy's own work evicts them, for a cache simulator
    // (docs/benchmarks.md, "Where a request's time goes in Envoy").
    if std::env::args().any(|a| a == "profile-cold") {
        let mut other_work = vec![0u8; 4 << 20];
        for _ in 0..2_000 {
            evict(&mut other_work);
            request(&engine, &hello);
        }
        return;
    }
    // `cargo bench -p endpoint-core -- tail`: hello requests timed one by one, for the
    // tail the collections between runs make (docs/benchmarks.md).
    if std::env::args().any(|a| a == "tail") {
        tail("hello snippet, one by one", 100_000, || {
            request(&engine, &hello)
        });
        return;
    }
    // `cargo bench -p endpoint-core -- profile-static`: only the static `Response` loop.
    if std::env::args().any(|a| a == "profile-static") {
        measure("static Response, decide + execute", 20_000, || {
            request(&engine, &statik)
        });
        return;
    }
    // `cargo bench -p endpoint-core -- profile-xml`: only the XML well-formedness check.
    if std::env::args().any(|a| a == "profile-xml") {
        let order_xml = bench_fixture("order.xml");
        measure("xml::check alone, no schema", 20_000, || {
            well_formed(order_xml.as_bytes())
        });
        return;
    }
    // `cargo bench -p endpoint-core -- profile-xsd`: only the check against the XSD.
    if std::env::args().any(|a| a == "profile-xsd") {
        let order_xml = bench_fixture("order.xml");
        let xsd = endpoint_core::validation::xml::XmlSchema::compile(&bench_fixture("order.xsd"))
            .unwrap();
        measure("xml::check alone, with the XSD", 2_000, || {
            valid_against(order_xml.as_bytes(), &xsd)
        });
        return;
    }
    // `cargo bench -p endpoint-core -- profile-json`: only the check against the JSON
    // Schema, the parse included.
    if std::env::args().any(|a| a == "profile-json") {
        let order_json = bench_fixture("order.json");
        let schema: serde_json::Value =
            serde_json::from_str(&bench_fixture("order.schema.json")).unwrap();
        let schema = endpoint_core::validation::json::JsonSchema::compile(
            &schema,
            endpoint_core::model::SchemaFormats::Assert,
        )
        .unwrap();
        measure("json::check alone (parse + validate)", 50_000, || {
            valid_json(order_json.as_bytes(), &schema)
        });
        return;
    }
    // `cargo bench -p endpoint-core -- validation`: only the validation figures;
    // `-- profile-json-read`: only the POST whose snippet reads `request.json`.
    if std::env::args().any(|a| a == "validation" || a == "profile-json-read") {
        validation_benchmarks();
        return;
    }
    // `cargo bench -p endpoint-core -- load`: only the big-bundle load figures (for
    // profiling what a sync of many endpoints waits for in the filter).
    if std::env::args().any(|a| a == "load") {
        load_benchmarks();
        return;
    }
    // `cargo bench -p endpoint-core -- fetch`: only the fetch figure (for profiling).
    if std::env::args().any(|a| a == "fetch") {
        fetch_benchmarks();
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
    after_a_stop();
    fetch_benchmarks();
    validation_benchmarks();
}

/// A snippet with one fetch, natively: the run up to its call, then its answer
/// handed back and the run to its end (what the filter does around
/// `dispatch_http_call`).
fn fetch_benchmarks() {
    use endpoint_core::model::Upstream;
    use endpoint_core::snippet::FetchAnswer;
    let mut fetching = endpoint(
        "fetch",
        "/fetch",
        "const answer = await fetch('up', '/fixed'); \
         result = {response: new Response(await answer.text(), {headers: {'content-type': 'application/json'}})}",
    );
    fetching.upstreams = vec!["up".into()];
    let mut content = BundleContent::example(vec![fetching]);
    content.upstreams = vec![Upstream {
        name: "up".into(),
        cluster: "up".into(),
        address: None,
        timeout_ms: 1000,
        max_response_bytes: 1 << 20,
        headers: vec![],
    }];
    let engine = Engine::load(&bundle::encode(&content)).unwrap();
    let head = head("/fetch");
    // The run up to its call, and then on from the call's answer, as the filter
    // does around `dispatch_http_call`.
    let start = || {
        let Decision::Accept(accepted) = engine.decide(&head, &NoHost) else {
            panic!("not accepted");
        };
        let Step::Fetch(calls, waiting) = engine.execute(&accepted, &head, b"").step else {
            panic!("no fetch");
        };
        (accepted, calls[0].id, waiting)
    };
    let finish = |(accepted, call, waiting)| {
        let answer = FetchAnswer::Response {
            status: 200,
            headers: vec![
                (":status".into(), "200".into()),
                ("content-type".into(), "application/json".into()),
                ("x-envoy-upstream-service-time".into(), "1".into()),
            ],
            body: r#"{"hello":"/hello"}"#.into(),
        };
        match engine.resume(&accepted, &head, waiting, call, answer).step {
            Step::Reply(reply) => assert_eq!(reply.status, 200),
            other => panic!("{other:?}"),
        }
    };
    measure("snippet with one fetch, start + resume", 20_000, || {
        finish(start())
    });
    // The same, 32 requests suspended at once, as at 32 connections in Envoy.
    measure("snippet with one fetch, 32 suspended at once", 500, || {
        let suspended: Vec<_> = (0..32).map(|_| start()).collect();
        suspended.into_iter().for_each(finish);
    });
}

/// What a stopped run costs the request after it, in a bundle of 1,000 endpoints:
/// the hello request alone, and right after a run stopped by its instruction budget
/// (the stop itself not counted). Nothing is rebuilt, so the two should be equal.
fn after_a_stop() {
    let mut content = content(1_000);
    content.endpoints.push(endpoint(
        "spin",
        "/spin",
        "const f = () => { for (let i = 0; i < 1000; i++); }; for (;;) f();",
    ));
    let engine = Engine::load(&bundle::encode(&content)).unwrap();
    let hello = head("/hello");
    let spin = head("/spin");
    let alone = measure("hello, 1,000 endpoints", 2_000, || request(&engine, &hello));
    let mut right_after = Vec::with_capacity(200);
    for _ in 0..200 {
        stop(&engine, &spin);
        let started = Instant::now();
        request(&engine, &hello);
        right_after.push(started.elapsed());
    }
    right_after.sort();
    let median = right_after[right_after.len() / 2];
    println!(
        "{:<48} {:>10.2} µs (+{:.2} µs; worst {:.2} µs)",
        "hello right after a stopped run, 1,000 endpoints",
        median.as_secs_f64() * 1e6,
        (median.as_secs_f64() - alone.as_secs_f64()) * 1e6,
        right_after.last().map_or(0.0, |d| d.as_secs_f64() * 1e6)
    );
}

/// A request whose snippet is stopped by its budget.
fn stop(engine: &Engine, head: &RequestHead) {
    let Decision::Accept(accepted) = engine.decide(head, &NoHost) else {
        panic!("not accepted");
    };
    match engine.execute(&accepted, head, b"").step {
        Step::Reply(reply) => assert_eq!(reply.status, 500),
        other => panic!("{other:?}"),
    }
}

/// The bodies and schemas `make bench` uses too: a 1 KiB JSON order against a
/// 20-property schema, a 1 KiB XML order against its XSD.
fn bench_fixture(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bench");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn post(route: &str, content_type: &str) -> RequestHead {
    RequestHead::new("POST", route, &[("content-type", content_type)])
}

fn well_formed(body: &[u8]) {
    use endpoint_core::validation::{BodyCheck, xml};
    assert!(matches!(xml::check(body, None), BodyCheck::Valid(())));
}

fn valid_against(body: &[u8], xsd: &endpoint_core::validation::xml::XmlSchema) {
    use endpoint_core::validation::{BodyCheck, xml};
    assert!(matches!(xml::check(body, Some(xsd)), BodyCheck::Valid(())));
}

fn valid_json(body: &[u8], schema: &endpoint_core::validation::json::JsonSchema) {
    use endpoint_core::validation::{BodyCheck, json};
    assert!(matches!(
        json::check(body, Some(schema), false, || false),
        BodyCheck::Valid(None)
    ));
}

/// Time added by validation: the same endpoint with and without its schema.
fn validation_benchmarks() {
    use endpoint_core::model::{ContentSchema, ContentType, SchemaFormats};
    use endpoint_core::validation::{json, xml};
    let order_schema: serde_json::Value =
        serde_json::from_str(&bench_fixture("order.schema.json")).unwrap();
    let order_json = bench_fixture("order.json");
    let order_xsd = bench_fixture("order.xsd");
    let order_xml = bench_fixture("order.xml");
    let with = |name: &str, route: &str, content_type, schema: Option<ContentSchema>| {
        let mut endpoint =
            Endpoint::example(name, route, Method::Post, "result = {payload: {ok: true}}");
        endpoint.request_content_type = Some(content_type);
        endpoint.request_content_schema = schema;
        endpoint
    };
    // Reads the whole body as a value, then one member of it.
    let reading = |name: &str, route: &str, schema: Option<ContentSchema>| {
        let mut endpoint = Endpoint::example(
            name,
            route,
            Method::Post,
            "result = {payload: {lines: request.json.lines.length}}",
        );
        endpoint.request_content_type = Some(ContentType::Json);
        endpoint.request_content_schema = schema;
        endpoint
    };
    let mut bundle = content(0);
    bundle.endpoints = vec![
        reading("json read", "/json-read", None),
        reading(
            "json+schema read",
            "/json-schema-read",
            Some(ContentSchema::Json(order_schema.clone())),
        ),
        with("json", "/json", ContentType::Json, None),
        with(
            "json+schema",
            "/json-schema",
            ContentType::Json,
            Some(ContentSchema::Json(order_schema.clone())),
        ),
        with("xml", "/xml", ContentType::Xml, None),
        with(
            "xml+xsd",
            "/xml-xsd",
            ContentType::Xml,
            Some(ContentSchema::Xsd(order_xsd.clone())),
        ),
    ];
    let engine = Engine::load(&bundle::encode(&bundle)).unwrap();
    let run = |head: &RequestHead, body: &[u8]| match engine.decide(head, &NoHost) {
        Decision::Accept(accepted) => match engine.execute(&accepted, head, body).step {
            Step::Reply(reply) => assert_eq!(
                reply.status,
                200,
                "{}",
                String::from_utf8_lossy(&reply.body)
            ),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    let read = || {
        run(
            &post("/json-read", "application/json"),
            order_json.as_bytes(),
        )
    };
    if std::env::args().any(|a| a == "profile-json-read") {
        measure("POST 1 KiB JSON, snippet reads request.json", 20_000, read);
        return;
    }
    let plain = measure("POST 1 KiB JSON, no schema", 20_000, || {
        run(&post("/json", "application/json"), order_json.as_bytes())
    });
    let checked = measure("POST 1 KiB JSON, 20-property schema", 20_000, || {
        run(
            &post("/json-schema", "application/json"),
            order_json.as_bytes(),
        )
    });
    println!(
        "{:<48} {:>10.2} µs",
        "  time added by the JSON Schema",
        (checked.as_secs_f64() - plain.as_secs_f64()) * 1e6
    );
    measure("POST 1 KiB JSON, snippet reads request.json", 20_000, read);
    measure(
        "POST 1 KiB JSON, schema, snippet reads request.json",
        20_000,
        || {
            run(
                &post("/json-schema-read", "application/json"),
                order_json.as_bytes(),
            )
        },
    );
    let plain = measure("POST 1 KiB XML, no schema (well-formedness)", 5_000, || {
        run(&post("/xml", "application/xml"), order_xml.as_bytes())
    });
    let checked = measure("POST 1 KiB XML, XSD", 2_000, || {
        run(&post("/xml-xsd", "application/xml"), order_xml.as_bytes())
    });
    println!(
        "{:<48} {:>10.2} µs",
        "  time added by the XSD",
        (checked.as_secs_f64() - plain.as_secs_f64()) * 1e6
    );
    let schema = json::JsonSchema::compile(&order_schema, SchemaFormats::Assert).unwrap();
    measure("json::check alone (parse + validate)", 50_000, || {
        valid_json(order_json.as_bytes(), &schema)
    });
    measure("xml::check alone, no schema", 20_000, || {
        well_formed(order_xml.as_bytes())
    });
    let xsd = xml::XmlSchema::compile(&order_xsd).unwrap();
    measure("xml::check alone, with the XSD", 2_000, || {
        valid_against(order_xml.as_bytes(), &xsd)
    });
}

/// The schemas of a generated bundle: none, one schema on every other endpoint, or
/// that schema with patterns of each endpoint's own (a bundle compiles each distinct
/// pattern once, so sharing them all would flatter the load).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Schemas {
    None,
    SharedPatterns,
    OwnPatterns,
}

/// Makes every `pattern` of `schema` the endpoint's own: its number right after the
/// leading `^`, which keeps the pattern's kind (an anchored sequence stays one, and
/// jsonschema compiles those apart from other regular expressions). Generated
/// bundles are loaded, never sent a body, so what the patterns match is moot.
fn own_patterns(schema: &mut serde_json::Value, endpoint: usize) {
    match schema {
        serde_json::Value::Object(members) => {
            for (key, value) in members.iter_mut() {
                match value {
                    serde_json::Value::String(pattern) if key == "pattern" => {
                        *pattern = match pattern.strip_prefix('^') {
                            Some(rest) => format!("^{endpoint}{rest}"),
                            None => format!("{endpoint}{pattern}"),
                        };
                    }
                    _ => own_patterns(value, endpoint),
                }
            }
        }
        serde_json::Value::Array(items) => items
            .iter_mut()
            .for_each(|item| own_patterns(item, endpoint)),
        _ => {}
    }
}

/// Loading a bundle as the big-bundle sync does (`make bench`'s 1,000 and 10,000
/// endpoints, every other one a POST with the order schema, its patterns each
/// endpoint's own), the same bundle with one schema throughout (patterns compiled
/// once) and without schemas, and its encoding and decoding alone. Natively only: on wasm the load
/// costs what these figures do not show (vendor/README.md, `jsonschema`).
fn load_benchmarks() {
    use endpoint_core::model::ContentSchema;
    let schema: serde_json::Value =
        serde_json::from_str(&bench_fixture("order.schema.json")).unwrap();
    let count: usize = std::env::var("LOAD_ENDPOINTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let endpoints = |schemas: Schemas| -> Vec<Endpoint> {
        (0..count)
            .map(|i| {
                let code =
                    "result = {payload: {variant: 1, id: request.params.id, part: request.params.part}}";
                let route = format!("/api/v1/items{i}/{{id}}/parts/{{part}}");
                if schemas != Schemas::None && i % 2 == 1 {
                    let mut e = Endpoint::example(&format!("item {i}"), &route, Method::Post, code);
                    e.request_content_type = Some(endpoint_core::model::ContentType::Json);
                    let mut schema = schema.clone();
                    if schemas == Schemas::OwnPatterns {
                        own_patterns(&mut schema, i);
                    }
                    e.request_content_schema = Some(ContentSchema::Json(schema));
                    e
                } else {
                    Endpoint::example(&format!("item {i}"), &route, Method::Get, code)
                }
            })
            .collect()
    };
    // Each load dropped after the clock stops: the filter drops a bundle apart from
    // loading the next.
    let timed_load = |name: &str, schemas: Schemas, building: Building| {
        let bytes = bundle::encode(&BundleContent::example(endpoints(schemas)));
        let started = Instant::now();
        let engine = black_box(Engine::load_as(&bytes, &|_| building).unwrap());
        let loaded = started.elapsed();
        drop(engine);
        println!(
            "{:<48} {:>10.2} ms",
            format!("load {count} endpoints{name}"),
            loaded.as_secs_f64() * 1e3
        );
    };
    timed_load(
        ", half with a schema",
        Schemas::OwnPatterns,
        Building::AtLoad,
    );
    timed_load(
        ", the same schema",
        Schemas::SharedPatterns,
        Building::AtLoad,
    );
    timed_load(", no schema", Schemas::None, Building::AtLoad);
    // What Envoy's loads after its canary do (docs/sync-and-deployment.md).
    timed_load(
        ", built at first use",
        Schemas::OwnPatterns,
        Building::AtFirstUse,
    );
    let started = Instant::now();
    let bytes = bundle::encode(&BundleContent::example(endpoints(Schemas::OwnPatterns)));
    println!(
        "{:<48} {:>10.2} ms",
        "encode",
        started.elapsed().as_secs_f64() * 1e3
    );
    let started = Instant::now();
    let decoded = black_box(bundle::decode(&bytes).unwrap());
    let elapsed = started.elapsed();
    drop(decoded);
    println!("{:<48} {:>10.2} ms", "decode", elapsed.as_secs_f64() * 1e3);
}
