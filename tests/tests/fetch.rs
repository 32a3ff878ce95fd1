//! `fetch` in snippets through a real Envoy to a real upstream: answers read by the
//! snippet, calls in parallel, every way a call can fail, many requests waiting at
//! once on one worker, and clients that go away while their request waits.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use endpoint_integration_tests::Envoy;
use endpoint_integration_tests::upstream::Upstream;
use serde_json::{Value, json};

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn envoy_before(upstream: &Upstream) -> Envoy {
    let definitions = format!(
        r#"
kind: upstream
name: orders
address: {address}
timeout: 500ms
max_response_bytes: 2048
---
kind: upstream
name: down
address: 127.0.0.1:{closed}
---
kind: upstream
name: ghost
cluster: no-such-cluster
---
kind: user
login: anon
---
name: one
route: /one/{{id}}
request_method: GET
auth_type: public
exec_as_user: anon
upstreams: [orders]
code: |
  const r = await fetch("orders", "/api/orders/" + request.params.id, {{headers: {{"x-trace": "t"}}}});
  const seen = await r.json();
  const missing = await fetch("orders", "/status/404");
  result = {{payload: {{
    status: r.status, ok: r.ok, path: seen.path, user: seen.headers["x-endpoint-user"],
    endpoint: seen.headers["x-endpoint-endpoint"], trace: seen.headers["x-trace"],
    upstream: r.headers["x-upstream"], text: JSON.parse(await r.text()).path,
    keys: Object.keys(r), missing: [missing.status, missing.ok],
  }}}}
---
name: post
route: /post
request_method: POST
request_content_type: application/json
auth_type: public
exec_as_user: anon
upstreams: [orders]
code: |
  const r = await fetch("orders", "/api/orders", {{method: "POST", body: request.json}});
  const seen = await r.json();
  result = {{payload: {{method: seen.method, body: JSON.parse(seen.body), type: seen.headers["content-type"]}}}}
---
name: both
route: /both
request_method: GET
auth_type: public
exec_as_user: anon
upstreams: [orders]
code: |
  const [a, b] = await Promise.all([fetch("orders", "/a"), fetch("orders", "/b")]);
  result = {{payload: [(await a.json()).path, (await b.json()).path]}}
---
name: fail
route: /fail/{{how}}
request_method: GET
auth_type: public
exec_as_user: anon
upstreams: [orders, down, ghost]
code: |
  const targets = {{
    slow: ["orders", "/slow/2000"], reset: ["orders", "/reset"], big: ["orders", "/big/5000"],
    down: ["down", "/x"], ghost: ["ghost", "/x"],
  }};
  const [upstream, path] = targets[request.params.how];
  if (request.query.catch) {{
    try {{
      await fetch(upstream, path);
      result = {{payload: "answered"}};
    }} catch (e) {{
      result = {{payload: {{name: e.name, reason: e.reason, upstream: e.upstream}}}};
    }}
  }} else {{
    await fetch(upstream, path);
    result = {{payload: "answered"}};
  }}
---
name: spin
route: /spin
request_method: GET
auth_type: public
exec_as_user: anon
upstreams: [orders]
code: |
  await fetch("orders", "/a");
  while (true) {{}}
---
name: wait
route: /wait/{{id}}
request_method: GET
auth_type: public
exec_as_user: anon
upstreams: [orders]
code: |
  const r = await fetch("orders", "/slow/200?id=" + request.params.id);
  result = {{payload: {{mine: request.params.id, got: (await r.json()).path}}}}
"#,
        address = upstream.address(),
        closed = closed_port(),
    );
    Envoy::serving_yaml(&definitions)
}

#[test]
fn a_snippet_reads_what_its_fetches_bring_back() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);

    let one = envoy.get("/one/42");
    assert_eq!(one.status, 200, "{}\n{}", one.text(), envoy.log());
    assert_eq!(
        one.json(),
        json!({
            "status": 200, "ok": true, "path": "/api/orders/42", "user": "anon",
            "endpoint": "one", "trace": "t", "upstream": "test", "text": "/api/orders/42",
            "keys": ["status", "ok", "headers"], "missing": [404, false],
        })
    );

    let post = envoy.request(
        "POST",
        "/post",
        &[("content-type", "application/json")],
        br#"{"item": "tea", "qty": 2}"#,
    );
    assert_eq!(post.status, 200, "{}", post.text());
    assert_eq!(
        post.json(),
        json!({"method": "POST", "body": {"item": "tea", "qty": 2}, "type": "application/json"})
    );

    let both = envoy.get("/both");
    assert_eq!(both.status, 200, "{}", both.text());
    assert_eq!(both.json(), json!(["/a", "/b"]));
}

#[test]
fn every_failed_fetch_is_an_upstream_error() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);
    for (how, status, reason) in [
        ("slow", 504, "timeout"),
        ("reset", 502, "unavailable"),
        ("big", 502, "too_large"),
        ("down", 502, "unavailable"),
        ("ghost", 502, "no_cluster"),
    ] {
        let uncaught = envoy.get(&format!("/fail/{how}"));
        assert_eq!(uncaught.status, status, "{how}: {}", uncaught.text());
        assert_eq!(uncaught.json()["error"], "UpstreamError", "{how}");
        let caught = envoy.get(&format!("/fail/{how}?catch=1"));
        assert_eq!(caught.status, 200, "{how}: {}", caught.text());
        assert_eq!(caught.json()["reason"], reason, "{how}");
        assert_eq!(caught.json()["name"], "UpstreamError", "{how}");
    }
    // The reason is in the log, not in the answer.
    assert!(
        envoy
            .log()
            .contains("uncaught UpstreamError from upstream orders")
    );
    // A snippet that spins after an await is stopped by the same budget, and the
    // worker goes on serving.
    assert_eq!(envoy.get("/spin").status, 500);
    assert_eq!(envoy.get("/one/7").status, 200);
}

#[test]
fn requests_waiting_at_once_each_get_their_own_answer() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);
    let port = envoy.port;
    // One worker: all 200 wait in the same VM at the same time (each fetch takes
    // 200 ms at the upstream).
    let clients: Vec<_> = (0..200)
        .map(|i| {
            thread::spawn(move || {
                let answer =
                    endpoint_integration_tests::http(port, "GET", &format!("/wait/{i}"), &[], b"")
                        .unwrap();
                (i, answer.status, answer.json())
            })
        })
        .collect();
    for client in clients {
        let (i, status, body) = client.join().unwrap();
        assert_eq!(status, 200, "{i}: {body}");
        assert_eq!(
            body,
            json!({"mine": i.to_string(), "got": format!("/slow/200?id={i}")})
        );
    }
}

#[test]
fn clients_that_go_away_mid_fetch_leave_nothing_behind() {
    let upstream = Upstream::start();
    let envoy = envoy_before(&upstream);
    let go_away = |count: usize| {
        for i in 0..count {
            let mut stream = TcpStream::connect(("127.0.0.1", envoy.port)).unwrap();
            let request = format!("GET /wait/{i} HTTP/1.1\r\nhost: localhost\r\n\r\n");
            stream.write_all(request.as_bytes()).unwrap();
            // Closed before the answer: Envoy ends the stream while its fetch is
            // under way, and the filter drops the waiting run.
            drop(stream);
        }
    };
    // Once Envoy has seen every client go, and every call of theirs has ended (Envoy
    // lets a call run to its end; the filter dropped what waited for it).
    let settled = |envoy: &Envoy, clients: u64| {
        envoy.eventually(Duration::from_secs(60), |envoy| {
            let stat = |name: &str| envoy.stat(name).unwrap_or(u64::MAX);
            stat("http.endpoint.downstream_cx_total") >= clients
                && stat("http.endpoint.downstream_cx_active") == 0
                && stat("cluster.orders.upstream_rq_active") == 0
                && stat("cluster.orders.upstream_rq_pending_active") == 0
        })
    };
    // In rounds: the VM's memory grows to what the most requests waiting at once
    // need, and stays (wasm memory does not shrink); what must not grow is what is
    // left after each round.
    let mut clients = 0;
    let mut resident = Vec::new();
    for round in 0..7 {
        go_away(2_000);
        clients += 2_000;
        assert!(
            settled(&envoy, clients),
            "calls still active after round {round}"
        );
        // The worker serves on. (Right after a burst of a thousand calls, one call
        // was seen, rarely, to fail as `unavailable` at Envoy's pool of upstream
        // connections; the next attempt succeeds. Not pinned down further.)
        let mut probes = 0;
        assert!(
            envoy.eventually(Duration::from_secs(5), |envoy| {
                probes += 1;
                envoy.get("/one/1").status == 200
            }),
            "no answer after round {round}"
        );
        clients += probes;
        resident.push(envoy.resident_kib().unwrap());
    }
    eprintln!(
        "Envoy resident memory (KiB) after each round of 2,000 clients gone mid-fetch: {resident:?}; \
         the upstream received {} calls",
        upstream.count()
    );
    // The high-water mark is reached in the first rounds; after it, nothing grows
    // with the number of clients gone.
    let growth = resident[6].saturating_sub(resident[2]);
    assert!(
        growth < 32 * 1024,
        "Envoy grew {growth} KiB over 8,000 more clients: {resident:?}"
    );
    let _: Value = envoy.get("/one/3").json();
}
