//! `make bench`: Endpoint measured against Envoy itself, in one run on this machine.
//!
//! Every scenario runs in its own Envoy (one worker) on loopback and answers the same
//! body on the same route; wrk drives each at 1 and 32 connections after a warm-up.
//! Each ratio is to Envoy's `direct_response`, measured again right after the
//! scenario at the same connections. Then: memory
//! under load, start-up and memory at 1, 4 and 8 workers against Envoy alone, and
//! sync at three bundle sizes. Results go to
//! `target/bench/results.json`; the table is printed for docs/benchmarks.md.
//!
//! Not a test: it asserts nothing, and neither `make test` nor CI runs it.

// A benchmark driver: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use endpoint_compiler::envoy::VmEnvironment;
use endpoint_compiler::sync::sync;
use endpoint_integration_tests::upstream::Upstream;
use endpoint_integration_tests::{Envoy, compile, filter_wasm, workspace_root};
use serde_json::{Value, json};

const BODY: &str = r#"{"hello":"/hello"}"#;
const API_KEY: &str = "bench-key";

fn main() {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let work = workspace_root().join("target/bench");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).unwrap();
    let mut results = json!({
        "date": command_output("date", &["-u", "+%Y-%m-%d"]),
        "machine": format!("{} cores, {}", num_cores(), command_output("uname", &["-srm"])),
        "envoy": "1.40.0, one worker",
        "duration_seconds": seconds,
    });
    // Envoy's V8 compiles the whole module before the filter answers: start-up grows
    // with its size (docs/benchmarks.md, Start-up).
    let module_bytes = fs::metadata(filter_wasm()).unwrap().len();
    println!("filter module: {module_bytes} bytes");
    results["module_bytes"] = json!(module_bytes);

    // BENCH_ONLY=save_to_live measures `make dev` alone; BENCH_ONLY=bundles, big
    // bundles alone (compile, size, sync).
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only == "save_to_live") {
        save_to_live(&work);
        return;
    }
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only == "bundles") {
        println!("{}", sync_figures(&work));
        return;
    }
    // BENCH_ONLY=workers: start-up and memory at 1, 4 and 8 workers, against Envoy alone.
    if std::env::var("BENCH_ONLY").is_ok_and(|only| only == "workers") {
        let upstream = Upstream::start();
        let bundle = compile(&scenario_definitions(&work, &upstream));
        println!("{}", workers_figures(&bundle));
        return;
    }
    // The service behind the proxy for the forward and fetch rows, and their baselines.
    let upstream = Upstream::start();
    let definitions = scenario_definitions(&work, &upstream);
    let bundle = compile(&definitions);
    let mut rows = Vec::new();
    let json_body = fixture("order.json");
    let xml_body = fixture("order.xml");
    let scenarios = [
        Scenario::new("direct_response", "/hello", &[]),
        Scenario::new("lua", "/hello", &[]),
        Scenario::new("proxy-wasm floor, answer", "/hello", &[]),
        Scenario::new("filter, static answer", "/static", &[]),
        Scenario::preflight("filter, CORS preflight (no JS)", "/cors"),
        Scenario::new("hello snippet", "/hello", &[]),
        Scenario::new("API key + snippet", "/private", &[("x-api-key", API_KEY)]),
        // The baseline of the POST rows: Lua reads the whole body, then answers.
        Scenario::post(
            "lua POST 1 KiB buffered",
            "/json",
            "application/json",
            &json_body,
        ),
        Scenario::post(
            "proxy-wasm floor, POST 1 KiB buffered",
            "/json",
            "application/json",
            &json_body,
        ),
        Scenario::post(
            "POST 1 KiB JSON, no schema",
            "/json",
            "application/json",
            &json_body,
        ),
        Scenario::post(
            "POST 1 KiB JSON, 20-property schema",
            "/json-schema",
            "application/json",
            &json_body,
        ),
        Scenario::post(
            "POST 1 KiB XML, no schema",
            "/xml",
            "application/xml",
            &xml_body,
        ),
        Scenario::post(
            "POST 1 KiB XML, XSD",
            "/xml-xsd",
            "application/xml",
            &xml_body,
        ),
        // Behind the proxy: Envoy's own routing against a forward endpoint, and Lua's
        // httpCall against a snippet's fetch, each pair to the same upstream.
        Scenario::new("envoy route to upstream", "/fixed", &[]),
        Scenario::new("forward to upstream", "/forward", &[]),
        Scenario::new("lua httpCall", "/hello", &[]),
        Scenario::new("proxy-wasm floor, one call", "/fetch", &[]),
        Scenario::new("snippet with one fetch", "/fetch", &[]),
    ];
    // BENCH_ONLY=hello,static measures only the scenarios whose names contain one of
    // the words (and direct_response, which every ratio needs), then stops.
    let only: Option<Vec<String>> = std::env::var("BENCH_ONLY")
        .ok()
        .map(|list| list.split(',').map(str::to_string).collect());
    // direct_response stays up for the whole table: it is measured again right after
    // each scenario, and the ratio is to that measurement. This machine's speed drifts
    // by a fifth within minutes; seconds apart, both see the same machine.
    let mut direct_envoy: Option<Envoy> = None;
    for Scenario {
        name,
        path,
        method,
        headers,
        post,
    } in &scenarios
    {
        if let Some(words) = &only
            && *name != "direct_response"
            && !words.iter().any(|word| name.contains(word.as_str()))
        {
            continue;
        }
        let envoy = start_scenario(name, &bundle);
        let mut check_headers: Vec<(&str, &str)> =
            headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let body = match post {
            Some((content_type, body)) => {
                check_headers.push(("content-type", content_type));
                body.as_bytes()
            }
            None => &b""[..],
        };
        let check = envoy.request(method, path, &check_headers, body);
        let expected = if *method == "OPTIONS" {
            (204, "")
        } else {
            (200, BODY)
        };
        assert_eq!(
            (check.status, check.text().as_str()),
            expected,
            "{name} answers as every scenario of its method does"
        );
        let script = (*method != "GET").then(|| {
            let file = work.join(format!("{}.lua", path.trim_start_matches('/')));
            let mut script = format!("wrk.method = \"{method}\"\n");
            if let Some((content_type, body)) = post {
                script.push_str(&format!(
                    "wrk.headers[\"Content-Type\"] = \"{content_type}\"\nwrk.body = {}\n",
                    lua_string(body)
                ));
            }
            fs::write(&file, script).unwrap();
            file
        });
        for connections in [1u32, 32] {
            let _warm = wrk_with(envoy.port, path, headers, connections, 2, script.as_deref());
            let measured = wrk_with(
                envoy.port,
                path,
                headers,
                connections,
                seconds,
                script.as_deref(),
            );
            let direct = match &direct_envoy {
                None => measured.requests_per_second,
                Some(direct) => {
                    wrk(direct.port, "/hello", &[], connections, seconds).requests_per_second
                }
            };
            let ratio = measured.requests_per_second / direct;
            println!(
                "{name:<24} c{connections:<3} {:>9.0} req/s  p50 {:>7.3} ms  p99 {:>7.3} ms  ratio {ratio:.2} (direct_response {direct:.0})",
                measured.requests_per_second, measured.p50_ms, measured.p99_ms
            );
            rows.push(json!({
                "scenario": name, "connections": connections,
                "requests_per_second": measured.requests_per_second.round(),
                "p50_ms": measured.p50_ms, "p99_ms": measured.p99_ms,
                "direct_response_alongside": direct.round(),
                "ratio_to_direct_response": (ratio * 100.0).round() / 100.0,
            }));
        }
        if *name == "direct_response" {
            direct_envoy = Some(envoy);
        }
    }
    // Stopped before the figures below, which measure one Envoy alone.
    drop(direct_envoy);
    results["to_baselines"] = paired_ratios(&rows);
    results["throughput"] = Value::Array(rows);
    if only.is_some() {
        return;
    }

    // Memory with the filter loaded, and after 200,000 requests. Read once the
    // allocator has given back what V8 compiled with, so that the two compare.
    let envoy = start_scenario("hello snippet", &bundle);
    std::thread::sleep(RELEASED_AFTER);
    let before = envoy.resident_kib().unwrap_or(0);
    let mut sent = 0u64;
    while sent < 200_000 {
        let run = wrk(envoy.port, "/hello", &[], 32, 3);
        sent += run.requests;
    }
    let after = envoy.resident_kib().unwrap_or(0);
    println!("memory: {before} KiB loaded, {after} KiB after {sent} requests");
    results["memory_kib"] = json!({"loaded": before, "after_requests": after, "requests": sent});
    drop(envoy);

    results["workers"] = workers_figures(&bundle);

    results["sync"] = sync_figures(&work);
    results["save_to_live"] = save_to_live(&work);
    let file = work.join("results.json");
    fs::write(&file, serde_json::to_string_pretty(&results).unwrap()).unwrap();
    println!("written to {}", file.display());
}

/// How long Envoy's allocator takes to give back what V8 compiled the module with
/// (about 50 MB at 16 MiB a second: the bootstrap's `memory_allocator_manager`).
const RELEASED_AFTER: Duration = Duration::from_secs(5);

/// Start-up and resident memory at 1, 4 and 8 workers: Envoy alone (a direct
/// response) against Envoy with the filter and the bench's bundle. Each Envoy first
/// serves 32 connections for 3 s, so that every worker has answered, then rests
/// [`RELEASED_AFTER`]. Start-up runs from starting Envoy until the filter
/// answers a request.
fn workers_figures(bundle: &[u8]) -> Value {
    let settled = |envoy: &Envoy| {
        wrk(envoy.port, "/hello", &[], 32, 3);
        std::thread::sleep(RELEASED_AFTER);
        let allocator =
            endpoint_integration_tests::http(envoy.admin_port, "GET", "/memory", &[], &[])
                .map(|answer| answer.json())
                .unwrap_or(Value::Null);
        (envoy.resident_kib().unwrap_or(0), allocator)
    };
    let mut rows = Vec::new();
    const WORKERS: [u32; 3] = [1, 4, 8];
    for workers in WORKERS {
        let alone = start_scenario_on("direct_response", bundle, workers);
        let (alone_kib, alone_allocator) = settled(&alone);
        drop(alone);
        let started = Instant::now();
        let envoy = start_scenario_on("hello snippet", bundle, workers);
        while endpoint_integration_tests::http(envoy.port, "GET", "/hello", &[], &[])
            .map_or(true, |answer| answer.status != 200)
        {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the filter did not answer within 2 minutes of Envoy's start:\n{}",
                envoy.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let ready = started.elapsed().as_secs_f64();
        let (filter_kib, allocator) = settled(&envoy);
        drop(envoy);
        let in_use_kib = |allocator: &Value| {
            allocator["allocated"]
                .as_str()
                .and_then(|bytes| bytes.parse::<u64>().ok())
                .map_or(0, |bytes| bytes / 1024)
        };
        let (allocated_kib, alone_allocated_kib) =
            (in_use_kib(&allocator), in_use_kib(&alone_allocator));
        println!(
            "{workers} worker(s): ready in {ready:.2} s; resident {filter_kib} KiB with the filter, {alone_kib} KiB alone, {} KiB more; the allocator holds {allocated_kib} KiB in use ({alone_allocated_kib} KiB alone)",
            filter_kib.saturating_sub(alone_kib)
        );
        rows.push(json!({
            "workers": workers,
            "startup_seconds": (ready * 100.0).round() / 100.0,
            "resident_kib_alone": alone_kib,
            "resident_kib_with_filter": filter_kib,
            "resident_kib_more": filter_kib.saturating_sub(alone_kib),
            "allocator_in_use_kib_with_filter": allocated_kib,
            "allocator_in_use_kib_alone": alone_allocated_kib,
        }));
    }
    let more = |index: usize| rows[index]["resident_kib_more"].as_u64().unwrap_or(0);
    let added_workers = u64::from(WORKERS[2] - WORKERS[0]);
    let per_added_worker = more(2).saturating_sub(more(0)) / added_workers;
    println!(
        "the filter: {} KiB more at one worker, {per_added_worker} KiB per added worker",
        more(0)
    );
    json!({"rows": rows, "more_at_one_worker_kib": more(0), "more_per_added_worker_kib": per_added_worker})
}

/// One way of answering `GET path` (or a POST of a body) with [`BODY`], or a CORS
/// preflight with its `204`.
struct Scenario {
    name: &'static str,
    path: &'static str,
    method: &'static str,
    headers: Vec<(&'static str, String)>,
    /// For a POST: its content type and body.
    post: Option<(&'static str, String)>,
}

impl Scenario {
    fn new(name: &'static str, path: &'static str, headers: &[(&'static str, &str)]) -> Scenario {
        Scenario {
            name,
            path,
            method: "GET",
            headers: headers.iter().map(|(n, v)| (*n, v.to_string())).collect(),
            post: None,
        }
    }

    /// Answered by the filter alone: what the host glue costs without JavaScript.
    fn preflight(name: &'static str, path: &'static str) -> Scenario {
        Scenario {
            method: "OPTIONS",
            ..Scenario::new(
                name,
                path,
                &[
                    ("origin", "https://shop.example.com"),
                    ("access-control-request-method", "GET"),
                ],
            )
        }
    }

    fn post(
        name: &'static str,
        path: &'static str,
        content_type: &'static str,
        body: &str,
    ) -> Scenario {
        // wrk's script sets the content type; a second header would make it a list.
        Scenario {
            name,
            path,
            method: "POST",
            headers: Vec::new(),
            post: Some((content_type, body.to_string())),
        }
    }
}

/// The bodies and schemas of the validation scenarios, shared with the native bench.
fn fixture(name: &str) -> String {
    fs::read_to_string(workspace_root().join("tests/fixtures/bench").join(name)).unwrap()
}

/// A Lua string literal wrk's script can hold the body in.
fn lua_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The scenarios' definitions: the same body from a snippet, a static Response and an
/// authenticated endpoint.
fn scenario_definitions(work: &Path, upstream: &Upstream) -> PathBuf {
    let dir = work.join("definitions");
    fs::create_dir_all(&dir).unwrap();
    let digest =
        endpoint_core::bundle::hex(&<sha2::Sha256 as sha2::Digest>::digest(API_KEY.as_bytes()));
    let text = format!(
        "kind: user\nlogin: anon\napi_keys: [{digest}]\n---\n\
         name: hello\nroute: /hello\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  result = {{payload: {{hello: request.path}}}}\n---\n\
         name: static\nroute: /static\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  result = {{response: new Response('{BODY}', {{headers: {{'content-type': 'application/json'}}}})}}\n---\n\
         name: private\nroute: /private\nrequest_method: GET\ncode: |\n  result = {{payload: {{hello: '/hello'}}}}\n---\n\
         name: cors\nroute: /cors\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncors: https://shop.example.com\ncode: |\n  result = {{payload: {{hello: '/hello'}}}}\n"
    );
    let mut text = text;
    for (route, content_type, schema) in [
        ("/json", "application/json", None),
        (
            "/json-schema",
            "application/json",
            Some("order.schema.json"),
        ),
        ("/xml", "application/xml", None),
        ("/xml-xsd", "application/xml", Some("order.xsd")),
    ] {
        text.push_str(&format!(
            "---\nname: post {route}\nroute: {route}\nrequest_method: POST\nrequest_content_type: {content_type}\nauth_type: public\nexec_as_user: anon\ncode: |\n  result = {{payload: {{hello: '/hello'}}}}\n"
        ));
        if let Some(file) = schema {
            fs::write(dir.join(file), fixture(file)).unwrap();
            text.push_str(&format!("request_content_schema: {{file: {file}}}\n"));
        }
    }
    text.push_str(&format!(
        "---\nkind: upstream\nname: bench-upstream\naddress: {address}\n---\n\
         name: forward\nroute: /forward\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
         upstreams: [bench-upstream]\nexec_mode: forward\nforward: {{upstream: bench-upstream, path: /fixed}}\n---\n\
         name: fetch\nroute: /fetch\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n\
         upstreams: [bench-upstream]\ncode: |\n  const answer = await fetch('bench-upstream', '/fixed');\n  \
         result = {{response: new Response(await answer.text(), {{headers: {{'content-type': 'application/json'}}}})}}\n",
        address = upstream.address()
    ));
    fs::write(dir.join("bench.yaml"), text).unwrap();
    dir
}

fn start_scenario(name: &str, bundle: &[u8]) -> Envoy {
    start_scenario_on(name, bundle, 1)
}

/// [`start_scenario`] with `workers` worker threads.
fn start_scenario_on(name: &str, bundle: &[u8], workers: u32) -> Envoy {
    let name = name.to_string();
    Envoy::start_custom_with_workers(bundle, workers, move |config| {
        let manager = &mut config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"]
            [0]["typed_config"];
        let router = json!({"name": "envoy.filters.http.router", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}});
        match name.as_str() {
            "direct_response" => {
                manager["http_filters"] = json!([router]);
                manager["route_config"]["virtual_hosts"][0]["routes"] = json!([{
                    "match": {"prefix": "/"},
                    "direct_response": {"status": 200, "body": {"inline_string": BODY}}
                }]);
                manager["route_config"]["virtual_hosts"][0]["response_headers_to_add"] =
                    json!([{"header": {"key": "content-type", "value": "application/json"}}]);
            }
            "lua" => {
                let code = format!(
                    "function envoy_on_request(handle) handle:respond({{[\":status\"] = \"200\", [\"content-type\"] = \"application/json\"}}, '{BODY}') end"
                );
                manager["http_filters"] = json!([
                    {"name": "envoy.filters.http.lua", "typed_config": {
                        "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
                        "default_source_code": {"inline_string": code}}},
                    router
                ]);
            }
            "lua POST 1 KiB buffered" => {
                // `body()` buffers the whole body; `getBytes` copies it into Lua, as
                // the filter reads a body it checks.
                let code = format!(
                    "function envoy_on_request(handle) local body = handle:body() \
                     local bytes = body:getBytes(0, body:length()) \
                     handle:respond({{[\":status\"] = \"200\", [\"content-type\"] = \"application/json\"}}, '{BODY}') end"
                );
                manager["http_filters"] = json!([
                    {"name": "envoy.filters.http.lua", "typed_config": {
                        "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
                        "default_source_code": {"inline_string": code}}},
                    router
                ]);
            }
            "envoy route to upstream" => {
                manager["http_filters"] = json!([router]);
                manager["route_config"]["virtual_hosts"][0]["routes"] = json!([{
                    "match": {"prefix": "/"},
                    "route": {"cluster": "bench-upstream"}
                }]);
            }
            "proxy-wasm floor, answer"
            | "proxy-wasm floor, one call"
            | "proxy-wasm floor, POST 1 KiB buffered" => {
                manager["http_filters"] = json!([floor_filter(), router]);
            }
            "lua httpCall" => {
                let code = "function envoy_on_request(handle) \
                    local headers, body = handle:httpCall(\"bench-upstream\", \
                    {[\":method\"] = \"GET\", [\":path\"] = \"/fixed\", [\":authority\"] = \"bench\"}, \"\", 5000) \
                    handle:respond({[\":status\"] = \"200\", [\"content-type\"] = \"application/json\"}, body) end";
                manager["http_filters"] = json!([
                    {"name": "envoy.filters.http.lua", "typed_config": {
                        "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
                        "default_source_code": {"inline_string": code}}},
                    router
                ]);
            }
            _ => {}
        }
    })
}

/// The floor filter (tests/wasm-floor): the least a proxy-wasm filter does, in the
/// filter's SDK and V8, built by `make bench` (ENDPOINT_FLOOR_WASM).
fn floor_filter() -> Value {
    let wasm = endpoint_integration_tests::built_module(
        "ENDPOINT_FLOOR_WASM",
        "endpoint_wasm_floor.wasm",
        "`make bench` (it builds tests/wasm-floor for wasm32-wasip1)",
    );
    json!({"name": "floor", "typed_config": {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
        "config": {"name": "floor", "root_id": "floor",
            // As the filter's: without it, a request paused at its headers waits for
            // its body until it times out.
            "allow_on_headers_stop_iteration": true,
            "vm_config": {
            "runtime": "envoy.wasm.runtime.v8",
            "code": {"local": {"filename": wasm}}}}}})
}

/// Rows against a baseline that does the same work, in the same run: a forward against
/// Envoy routing to the same upstream, a fetch against Lua's `httpCall` and against the
/// proxy-wasm floor making the same call (and that floor against Lua), hello against
/// the floor answering, each POST against Lua and the floor buffering the same body
/// (and that floor against Lua), and the XSD
/// POST against the JSON Schema one.
fn paired_ratios(rows: &[Value]) -> Value {
    let rate = |scenario: &str, connections: u64| {
        rows.iter()
            .find(|row| row["scenario"] == scenario && row["connections"] == connections)
            .and_then(|row| row["requests_per_second"].as_f64())
    };
    let mut pairs = Vec::new();
    const BUFFERED: &str = "lua POST 1 KiB buffered";
    const FLOOR_BUFFERED: &str = "proxy-wasm floor, POST 1 KiB buffered";
    for (ours, baseline) in [
        ("forward to upstream", "envoy route to upstream"),
        ("snippet with one fetch", "lua httpCall"),
        ("proxy-wasm floor, one call", "lua httpCall"),
        ("snippet with one fetch", "proxy-wasm floor, one call"),
        ("hello snippet", "proxy-wasm floor, answer"),
        ("POST 1 KiB JSON, no schema", BUFFERED),
        ("POST 1 KiB JSON, 20-property schema", BUFFERED),
        ("POST 1 KiB XML, no schema", BUFFERED),
        ("POST 1 KiB XML, XSD", BUFFERED),
        ("proxy-wasm floor, POST 1 KiB buffered", BUFFERED),
        ("POST 1 KiB JSON, no schema", FLOOR_BUFFERED),
        ("POST 1 KiB JSON, 20-property schema", FLOOR_BUFFERED),
        ("POST 1 KiB XML, no schema", FLOOR_BUFFERED),
        ("POST 1 KiB XML, XSD", FLOOR_BUFFERED),
        ("POST 1 KiB XML, XSD", "POST 1 KiB JSON, 20-property schema"),
    ] {
        for connections in [1, 32] {
            if let (Some(ours_rate), Some(base_rate)) =
                (rate(ours, connections), rate(baseline, connections))
            {
                let ratio = ours_rate / base_rate;
                println!("{ours:<24} c{connections:<3} {ratio:.2} of {baseline}");
                pairs.push(json!({
                    "scenario": ours, "baseline": baseline, "connections": connections,
                    "ratio": (ratio * 100.0).round() / 100.0,
                }));
            }
        }
    }
    Value::Array(pairs)
}

struct Measured {
    requests_per_second: f64,
    requests: u64,
    p50_ms: f64,
    p99_ms: f64,
}

fn wrk(
    port: u16,
    path: &str,
    headers: &[(&str, String)],
    connections: u32,
    seconds: u64,
) -> Measured {
    wrk_with(port, path, headers, connections, seconds, None)
}

fn wrk_with(
    port: u16,
    path: &str,
    headers: &[(&str, String)],
    connections: u32,
    seconds: u64,
    script: Option<&Path>,
) -> Measured {
    let mut command = Command::new("wrk");
    command.args([
        "-t1",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    for (name, value) in headers {
        command.args(["-H", &format!("{name}: {value}")]);
    }
    command.arg(format!("http://127.0.0.1:{port}{path}"));
    let output = command
        .output()
        .expect("wrk: run `make bench`, which installs it");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(!text.contains("Non-2xx"), "wrk saw errors:\n{text}");
    let field = |prefix: &str| -> String {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| panic!("no {prefix} in wrk's output:\n{text}"))
    };
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Measured {
        requests_per_second: field("Requests/sec:").parse().unwrap_or(0.0),
        requests,
        p50_ms: milliseconds(&field("50%")),
        p99_ms: milliseconds(&field("99%")),
    }
}

fn milliseconds(text: &str) -> f64 {
    let (number, unit) =
        text.split_at(text.find(|c: char| c.is_alphabetic()).unwrap_or(text.len()));
    let value: f64 = number.parse().unwrap_or(f64::NAN);
    match unit {
        "us" => value / 1000.0,
        "ms" => value,
        "s" => value * 1000.0,
        _ => f64::NAN,
    }
}

/// Compile and sync figures for bundles of 10, 1,000 and 10,000 endpoints (routes with
/// parameters), and Envoy's memory across 100 syncs.
fn sync_figures(work: &Path) -> Value {
    let mut sizes = Vec::new();
    let envoy = Envoy::with_bundle(&compile(&generated(work, 10, 0)));
    for (index, count) in [10usize, 1_000, 10_000].into_iter().enumerate() {
        let dir = generated(work, count, index + 1);
        let started = Instant::now();
        let bundle = compile(&dir);
        let compile_time = started.elapsed();
        let synced = sync(&envoy.sync_target(), &bundle, Duration::from_secs(300)).unwrap();
        // An even index: a GET endpoint (odd ones are POSTs with a schema).
        let path = format!("/api/v1/items{}/42/parts/7", count - 2);
        let routed = envoy.get(&path);
        assert_eq!(routed.status, 200, "{path}");
        // The filter file, as a ConfigMap holds it (the bundle in base64).
        let filter_file = endpoint_compiler::envoy::filter_resource(
            &filter_wasm(),
            &bundle,
            &VmEnvironment::passing_secrets_of(&bundle),
        )
        .to_string()
        .len();
        println!(
            "{count:>6} endpoints: compiled in {:.2} s, bundle {} KiB, filter file {} KiB, live {:.2} s after the swap",
            compile_time.as_secs_f64(),
            bundle.len() / 1024,
            filter_file / 1024,
            synced.elapsed.as_secs_f64()
        );
        sizes.push(json!({
            "endpoints": count, "compile_seconds": round2(compile_time.as_secs_f64()),
            "bundle_bytes": bundle.len(), "filter_file_bytes": filter_file,
            "sync_to_live_seconds": round2(synced.elapsed.as_secs_f64()),
        }));
    }
    drop(envoy);

    // The compiler's goal: 1,000 endpoints, each with a JSON Schema and a snippet.
    let dir = generated_with(work, 1_000, 0, 1);
    let started = Instant::now();
    let bundle = compile(&dir);
    let all_schemas = started.elapsed();
    println!(
        "  1000 endpoints, each with a schema and a snippet: compiled in {:.2} s, bundle {} KiB",
        all_schemas.as_secs_f64(),
        bundle.len() / 1024
    );

    let a = compile(&generated(work, 10, 10));
    let b = compile(&generated(work, 10, 11));
    let envoy = Envoy::with_bundle(&a);
    let before = envoy.resident_kib().unwrap_or(0);
    for round in 0..100 {
        let bundle = if round % 2 == 0 { &b } else { &a };
        sync(&envoy.sync_target(), bundle, Duration::from_secs(30)).unwrap();
    }
    let after = envoy.resident_kib().unwrap_or(0);
    println!("memory across 100 syncs: {before} KiB before, {after} KiB after");
    json!({"sizes": sizes, "compile_1000_with_schemas_seconds": round2(all_schemas.as_secs_f64()),
        "memory_kib_before_100_syncs": before, "memory_kib_after_100_syncs": after})
}

/// `make dev` as an author meets it: the debug `endpoint-envoy dev` that `make cli`
/// builds, watching 100 endpoints (one file each, a schema and two cases each), and the
/// time from a save to the line saying the new bundle is live, polling included.
fn save_to_live(work: &Path) -> Value {
    use std::io::{BufRead, BufReader};
    let dir = work.join("dev-100");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("users.yaml"), "kind: user\nlogin: anon\n").unwrap();
    let write = |i: usize, word: &str| {
        fs::write(
            dir.join(format!("e{i}.yaml")),
            format!(
                "name: endpoint {i}\nroute: /e{i}/{{id}}\nrequest_method: POST\nrequest_content_type: application/json\n\
                 auth_type: public\nexec_as_user: anon\nrequest_content_schema:\n  type: object\n  required: [name]\n\
                 \x20 additionalProperties: false\n  properties:\n    name: {{type: string, minLength: 1}}\n    count: {{type: integer, minimum: 0}}\n\
                 code: |\n  result = {{payload: {{id: request.params.id, name: request.json.name, word: {word:?}}}, status_code: 201}};\n\
                 tests:\n  - name: creates\n    request: {{path: /e{i}/7, json: {{name: a}}}}\n    expect: {{status: 201, json: {{id: \"7\", name: a, word: {word:?}}}}}\n\
                 \x20 - name: refuses\n    request: {{path: /e{i}/7, json: {{count: -1}}}}\n    expect: {{status: 400}}\n"
            ),
        )
        .unwrap();
    };
    for i in 0..100 {
        write(i, "first");
    }
    let envoy = Envoy::serving_dir(&dir);
    let target = envoy.sync_target();
    let dev = workspace_root().join("target/debug/endpoint-envoy");
    let admin_port = envoy.admin_port.to_string();
    let mut child = Command::new(&dev)
        .arg("dev")
        .arg(&dir)
        .arg("--run-dir")
        .arg(&target.run_dir)
        .args(["--admin-port", &admin_port])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} (make cli builds it): {e}", dev.display()));
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next_line = || lines.next().unwrap().unwrap();
    while !next_line().contains("is already live") {}
    let mut rounds = Vec::new();
    let mut last = String::new();
    for round in 0..5 {
        let word = format!("round{round}");
        let saved = Instant::now();
        write(round * 17, &word);
        loop {
            let line = next_line();
            assert!(!line.contains("FAIL") && !line.contains("error"), "{line}");
            if line.contains("is live") {
                last = line;
                break;
            }
        }
        rounds.push(saved.elapsed().as_secs_f64());
        let answer = envoy.request(
            "POST",
            &format!("/e{}/1", round * 17),
            &[("content-type", "application/json")],
            br#"{"name": "x"}"#,
        );
        assert!(answer.text().contains(&word), "{}", answer.text());
    }
    let _ = child.kill();
    let _ = child.wait();
    rounds.sort_by(f64::total_cmp);
    let median = rounds[rounds.len() / 2];
    let worst = rounds[rounds.len() - 1];
    println!(
        "save to live, 100 endpoints (make dev): median {:.0} ms, worst {:.0} ms; last pass: {last}",
        median * 1000.0,
        worst * 1000.0
    );
    json!({"endpoints": 100, "cases": 200, "median_ms": (median * 1000.0).round(),
        "worst_ms": (worst * 1000.0).round(), "last_pass": last})
}

/// `count` endpoints with route parameters, every other one a POST with the
/// 20-property JSON Schema inline, its patterns made the endpoint's own (a bundle
/// compiles each distinct pattern once: one pattern shared by every schema would
/// flatter the load); `variant` changes every snippet.
fn generated(work: &Path, count: usize, variant: usize) -> PathBuf {
    generated_with(work, count, variant, 2)
}

/// [`generated`], with a schema on one endpoint in `schema_every`.
fn generated_with(work: &Path, count: usize, variant: usize, schema_every: usize) -> PathBuf {
    let dir = work.join(format!("generated-{count}-{variant}-{schema_every}"));
    fs::create_dir_all(&dir).unwrap();
    let schema: Value = serde_json::from_str(&fixture("order.schema.json")).unwrap();
    let mut text = String::from("kind: user\nlogin: anon\n");
    for i in 0..count {
        let with_schema = i % schema_every == schema_every - 1;
        let (method, extra) = if with_schema {
            let mut schema = schema.clone();
            own_patterns(&mut schema, i);
            (
                "POST",
                format!(
                    "request_content_type: application/json\nrequest_content_schema: {schema}\n"
                ),
            )
        } else {
            ("GET", String::new())
        };
        text.push_str(&format!(
            "---\nname: item {i}\nroute: /api/v1/items{i}/{{id}}/parts/{{part}}\nrequest_method: {method}\nauth_type: public\nexec_as_user: anon\n{extra}code: |\n  result = {{payload: {{variant: {variant}, id: request.params.id, part: request.params.part}}}}\n"
        ));
    }
    fs::write(dir.join("generated.yaml"), text).unwrap();
    dir
}

/// Makes every `pattern` of `schema` the endpoint's own: its number right after the
/// leading `^`, which keeps the pattern's kind (an anchored sequence stays one, and
/// jsonschema compiles those apart from other regular expressions). Generated
/// bundles are loaded, never sent a body, so what the patterns match is moot.
fn own_patterns(schema: &mut Value, endpoint: usize) {
    match schema {
        Value::Object(members) => {
            for (key, value) in members.iter_mut() {
                match value {
                    Value::String(pattern) if key == "pattern" => {
                        *pattern = match pattern.strip_prefix('^') {
                            Some(rest) => format!("^{endpoint}{rest}"),
                            None => format!("{endpoint}{pattern}"),
                        };
                    }
                    _ => own_patterns(value, endpoint),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| own_patterns(item, endpoint)),
        _ => {}
    }
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn num_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
