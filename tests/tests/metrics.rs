//! Per-endpoint metrics through a real Envoy: known traffic, then a scrape of
//! `/stats/prometheus`, whose series carry the endpoint, status class and upstream
//! as labels (docs/operations.md, "Metrics"), with exact counts.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::time::Duration;

use endpoint_integration_tests::{Envoy, http, workspace_root};

const JSON: (&str, &str) = ("content-type", "application/json");

/// One scraped sample: its metric name and labels.
type Series = (String, BTreeMap<String, String>);

/// `/stats/prometheus`, parsed: every sample of a metric whose name starts with
/// `endpoint_` (the filter's), by name and labels.
fn scrape(envoy: &Envoy) -> BTreeMap<Series, f64> {
    let response = http(envoy.admin_port, "GET", "/stats/prometheus", &[], &[]).unwrap();
    assert_eq!(response.status, 200);
    let mut samples = BTreeMap::new();
    for line in response.text().lines() {
        if line.starts_with('#') || !line.starts_with("endpoint_") {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap();
        let (name, labels) = match series.split_once('{') {
            Some((name, labels)) => (name, labels.trim_end_matches('}')),
            None => (series, ""),
        };
        let labels = labels
            .split("\",")
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once("=\"").unwrap();
                (key.to_string(), value.trim_end_matches('"').to_string())
            })
            .collect();
        samples.insert((name.to_string(), labels), value.parse().unwrap());
    }
    samples
}

fn series(name: &str, labels: &[(&str, &str)]) -> Series {
    (
        name.to_string(),
        labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// The samples of `name` that are not zero.
fn counted(samples: &BTreeMap<Series, f64>, name: &str) -> BTreeMap<BTreeMap<String, String>, f64> {
    samples
        .iter()
        .filter(|((metric, _), value)| metric == name && **value != 0.0)
        .map(|((_, labels), value)| (labels.clone(), *value))
        .collect()
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    series("", pairs).1
}

#[test]
fn a_scrape_shows_each_endpoint_s_traffic_as_labelled_series() {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let envoy = Envoy::serving_yaml(&format!(
        r#"
kind: upstream
name: down
address: 127.0.0.1:{closed}
timeout: 500ms
---
kind: user
login: anon
---
name: Hello there
route: /hello
request_method: GET
auth_type: public
exec_as_user: anon
code: |
  result = {{payload: "hi"}}
---
name: broken
route: /broken
request_method: GET
auth_type: public
exec_as_user: anon
code: |
  result = {{payload: JSON.parse("not json")}}
---
name: orders
route: /orders
request_method: POST
request_content_type: application/json
request_content_schema:
  type: object
  required: [id]
auth_type: public
exec_as_user: anon
code: |
  result = {{payload: request.json.id}}
---
name: private
route: /private
request_method: GET
auth_type: user
code: |
  result = {{payload: user.login}}
---
name: calls
route: /calls
request_method: GET
auth_type: public
exec_as_user: anon
upstreams: [down]
code: |
  const answer = await fetch("down", "/x");
  result = {{payload: answer.status}}
---
name: idle
route: /idle
request_method: GET
auth_type: public
exec_as_user: anon
code: |
  result = {{payload: "never asked"}}
"#
    ));
    for _ in 0..3 {
        assert_eq!(envoy.get("/hello?who=evil-label-value").status, 200);
    }
    for _ in 0..2 {
        assert_eq!(envoy.get("/broken").status, 500);
    }
    assert_eq!(envoy.request("POST", "/orders", &[JSON], b"{}").status, 400);
    assert_eq!(
        envoy
            .request("POST", "/orders", &[JSON], br#"{"id": 7}"#)
            .status,
        200
    );
    assert_eq!(envoy.get("/private").status, 401);
    for _ in 0..2 {
        assert_eq!(envoy.get("/calls").status, 502);
    }
    // Not an endpoint's, and a method the route does not take: no endpoint's count.
    assert_eq!(envoy.get("/elsewhere").status, 404);
    assert_eq!(envoy.request("DELETE", "/hello", &[], b"").status, 405);

    let samples = scrape(&envoy);
    assert_eq!(
        counted(&samples, "endpoint_requests"),
        BTreeMap::from([
            (
                labels(&[("endpoint", "Hello there"), ("code_class", "2xx")]),
                3.0
            ),
            (
                labels(&[("endpoint", "broken"), ("code_class", "5xx")]),
                2.0
            ),
            (
                labels(&[("endpoint", "orders"), ("code_class", "4xx")]),
                1.0
            ),
            (
                labels(&[("endpoint", "orders"), ("code_class", "2xx")]),
                1.0
            ),
            (
                labels(&[("endpoint", "private"), ("code_class", "4xx")]),
                1.0
            ),
            (labels(&[("endpoint", "calls"), ("code_class", "5xx")]), 2.0),
        ])
    );
    // An endpoint's series exist from its first request on, the others at zero; an
    // endpoint no request reached has none.
    assert!(
        samples
            .keys()
            .all(|(_, labels)| labels.get("endpoint").map(String::as_str) != Some("idle")),
        "{samples:?}"
    );
    assert_eq!(
        samples.get(&series(
            "endpoint_requests",
            &[("endpoint", "private"), ("code_class", "2xx")]
        )),
        Some(&0.0)
    );
    assert_eq!(
        counted(&samples, "endpoint_snippet_failed"),
        BTreeMap::from([(labels(&[("endpoint", "broken")]), 2.0)])
    );
    assert_eq!(
        counted(&samples, "endpoint_validation_rejected"),
        BTreeMap::from([(labels(&[("endpoint", "orders")]), 1.0)])
    );
    let upstream = labels(&[("endpoint", "calls"), ("upstream", "down")]);
    assert_eq!(
        counted(&samples, "endpoint_fetch_calls"),
        BTreeMap::from([(upstream.clone(), 2.0)])
    );
    assert_eq!(
        counted(&samples, "endpoint_fetch_failures"),
        BTreeMap::from([(upstream, 2.0)])
    );
    // No label holds request data.
    assert!(
        samples
            .keys()
            .all(|(_, labels)| labels.values().all(|v| !v.contains("evil"))),
        "{samples:?}"
    );

    // Histograms reach the admin interface at Envoy's next stats flush (5 s).
    let mut durations = BTreeMap::new();
    let flushed = envoy.eventually(Duration::from_secs(15), |envoy| {
        durations = counted(&scrape(envoy), "endpoint_duration_us_count");
        durations.len() == 5
    });
    assert!(flushed, "{durations:?}");
    assert_eq!(
        durations,
        BTreeMap::from([
            (labels(&[("endpoint", "Hello there")]), 3.0),
            (labels(&[("endpoint", "broken")]), 2.0),
            (labels(&[("endpoint", "orders")]), 2.0),
            (labels(&[("endpoint", "private")]), 1.0),
            (labels(&[("endpoint", "calls")]), 2.0),
        ])
    );
    let samples = scrape(&envoy);
    let hello = |le: &str| {
        samples[&series(
            "endpoint_duration_us_bucket",
            &[("endpoint", "Hello there"), ("le", le)],
        )]
    };
    // The buckets are the filter's microseconds, not Envoy's default milliseconds.
    assert_eq!(hello("+Inf"), 3.0);
    assert!(hello("10") <= hello("1000000"));
    assert!(samples.contains_key(&series(
        "endpoint_duration_us_bucket",
        &[("endpoint", "Hello there"), ("le", "25")]
    )));
    the_dashboard_reads_what_the_scrape_shows(&samples);
}

/// Every metric and label the Grafana dashboard (envoy/grafana-dashboard.json) queries
/// is one this scrape of a real Envoy shows.
fn the_dashboard_reads_what_the_scrape_shows(samples: &BTreeMap<Series, f64>) {
    let path = workspace_root().join("envoy/grafana-dashboard.json");
    let dashboard: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut queries: Vec<String> = Vec::new();
    for panel in dashboard["panels"].as_array().unwrap() {
        for target in panel["targets"].as_array().unwrap() {
            queries.push(target["expr"].as_str().unwrap().to_string());
        }
    }
    queries.push(
        dashboard["templating"]["list"][1]["query"]["query"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    assert!(queries.len() >= 10, "{queries:?}");
    let names: std::collections::BTreeSet<&str> =
        samples.keys().map(|(name, _)| name.as_str()).collect();
    let mut labels: std::collections::BTreeSet<&str> = samples
        .keys()
        .flat_map(|(_, labels)| labels.keys().map(String::as_str))
        .collect();
    // Grafana's own variable names, and PromQL's `count_values` label.
    labels.insert("version");
    let words = |query: &str| -> Vec<String> {
        query
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    };
    for query in &queries {
        for word in words(query) {
            if word.starts_with("endpoint_") {
                assert!(
                    names.contains(word.as_str()),
                    "{query}: no metric {word} in the scrape"
                );
            }
        }
        // Labels: what `by (...)` groups on and what selectors match.
        for grouped in query.split("by (").skip(1) {
            for label in grouped.split(')').next().unwrap().split(',') {
                assert!(labels.contains(label.trim()), "{query}: no label {label}");
            }
        }
        for selector in query.split('{').skip(1) {
            for matcher in selector.split('}').next().unwrap().split(',') {
                let label = matcher.split(['=', '!']).next().unwrap().trim();
                assert!(labels.contains(label), "{query}: no label {label}");
            }
        }
    }
}
