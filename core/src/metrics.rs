//! The filter's metrics: what it counts per endpoint, and the names that carry the
//! endpoint, the status class and the upstream as tags (docs/operations.md).
//!
//! A proxy-wasm metric has a name and nothing else, so the tags travel inside it:
//! `endpoint.requests;endpoint=greet;code_class=2xx`. Envoy's `stats_config`, with
//! [`TAGS`], takes each `;tag=value` out of the name and makes it a tag, which
//! `/stats/prometheus` shows as a label: `endpoint_requests{endpoint="greet",
//! code_class="2xx"}`. An endpoint's names are made once per bundle, at its first
//! request ([`EndpointMetrics`]); no tag ever holds request data.

/// What the engine tells the host to count for a request it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// A snippet threw an unmapped error or produced a bad result: `500`.
    SnippetFailed,
    /// A snippet was stopped by a limit: `500`.
    SnippetStopped,
    /// A body failed its schema and was refused with a `400` (malformed or invalid).
    BodyRejected,
    /// A body failed its schema on a `validation: log_only` endpoint and went on.
    BodyLoggedOnly,
}

impl Counter {
    pub const ALL: [Counter; 4] = [
        Counter::SnippetFailed,
        Counter::SnippetStopped,
        Counter::BodyRejected,
        Counter::BodyLoggedOnly,
    ];

    /// The metric's name before its tags.
    pub fn stat_name(self) -> &'static str {
        match self {
            Counter::SnippetFailed => "endpoint.snippet.failed",
            Counter::SnippetStopped => "endpoint.snippet.stopped",
            Counter::BodyRejected => "endpoint.validation.rejected",
            Counter::BodyLoggedOnly => "endpoint.validation.log_only",
        }
    }

    fn index(self) -> usize {
        match self {
            Counter::SnippetFailed => 0,
            Counter::SnippetStopped => 1,
            Counter::BodyRejected => 2,
            Counter::BodyLoggedOnly => 3,
        }
    }
}

/// The classes of answer status a request is counted under.
pub const CODE_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// The index in [`CODE_CLASSES`] of a status; anything out of range counts as `5xx`.
pub fn code_class(status: u16) -> usize {
    match status {
        100..=199 => 0,
        200..=299 => 1,
        300..=399 => 2,
        400..=499 => 3,
        _ => 4,
    }
}

/// One tag Envoy extracts from the filter's metric names: the regular expression's
/// first group is cut from the name, its second is the tag's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    pub name: &'static str,
    pub regex: &'static str,
}

/// The tags of every metric the filter defines, for Envoy's
/// `stats_config.stats_tags`.
pub const TAGS: [Tag; 3] = [
    Tag {
        name: "endpoint",
        regex: r"^wasmcustom\.endpoint\..*?(;endpoint=([^;]*))",
    },
    Tag {
        name: "code_class",
        regex: r"^wasmcustom\.endpoint\..*?(;code_class=([^;]*))",
    },
    Tag {
        name: "upstream",
        regex: r"^wasmcustom\.endpoint\..*?(;upstream=([^;]*))",
    },
];

/// The name of the histogram of the filter's own time per request, in microseconds.
pub const DURATION: &str = "endpoint.duration_us";

/// The histogram buckets of [`DURATION`], in microseconds, for Envoy's
/// `stats_config.histogram_bucket_settings`: Envoy's default buckets start at 0.5
/// and are made for milliseconds.
pub const DURATION_BUCKETS: [f64; 14] = [
    10.0,
    25.0,
    50.0,
    100.0,
    250.0,
    500.0,
    1_000.0,
    2_500.0,
    5_000.0,
    10_000.0,
    25_000.0,
    50_000.0,
    100_000.0,
    1_000_000.0,
];

/// A tag's value as a name may carry it: `;` ends a value, and control characters
/// have no place in a stat name, so both become `_`.
fn tag_value(text: &str) -> String {
    text.chars()
        .map(|c| if c == ';' || c.is_control() { '_' } else { c })
        .collect()
}

/// How Envoy keeps a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Histogram,
}

/// Every metric of one endpoint, as names (`EndpointMetrics<String>`) or as the
/// host's handles for them (what the filter makes of the names when a bundle loads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointMetrics<T> {
    /// Requests answered, by [`code_class`].
    pub requests: [T; 5],
    /// The histogram of the filter's own time per request.
    pub duration: T,
    /// The engine's [`Counter`]s.
    pub counters: [T; 4],
    /// Per upstream the endpoint may fetch from: its name, calls sent, and calls that
    /// got no answer (timed out, unavailable, too large, no cluster).
    pub fetches: Vec<(String, T, T)>,
}

impl EndpointMetrics<String> {
    /// The names of one endpoint's metrics.
    pub fn named(endpoint: &str, upstreams: &[String]) -> EndpointMetrics<String> {
        let endpoint = format!(";endpoint={}", tag_value(endpoint));
        EndpointMetrics {
            requests: CODE_CLASSES
                .map(|class| format!("endpoint.requests{endpoint};code_class={class}")),
            duration: format!("{DURATION}{endpoint}"),
            counters: Counter::ALL.map(|counter| format!("{}{endpoint}", counter.stat_name())),
            fetches: upstreams
                .iter()
                .map(|upstream| {
                    let upstream_tag = format!(";upstream={}", tag_value(upstream));
                    (
                        upstream.clone(),
                        format!("endpoint.fetch.calls{endpoint}{upstream_tag}"),
                        format!("endpoint.fetch.failures{endpoint}{upstream_tag}"),
                    )
                })
                .collect(),
        }
    }
}

impl<T> EndpointMetrics<T> {
    /// The same metrics, each made into something else (a name into a handle).
    pub fn map<U>(&self, mut make: impl FnMut(&T, Kind) -> U) -> EndpointMetrics<U> {
        let mut counter = |metric: &T| make(metric, Kind::Counter);
        let [r1, r2, r3, r4, r5] = &self.requests;
        let requests = [
            counter(r1),
            counter(r2),
            counter(r3),
            counter(r4),
            counter(r5),
        ];
        let [c1, c2, c3, c4] = &self.counters;
        let counters = [counter(c1), counter(c2), counter(c3), counter(c4)];
        let fetches = self
            .fetches
            .iter()
            .map(|(upstream, calls, failures)| {
                (upstream.clone(), counter(calls), counter(failures))
            })
            .collect();
        EndpointMetrics {
            requests,
            duration: make(&self.duration, Kind::Histogram),
            counters,
            fetches,
        }
    }

    /// The metric of a request answered with `status`.
    pub fn request(&self, status: u16) -> &T {
        // `code_class` is below 5, the length of `requests`.
        #[allow(clippy::indexing_slicing)]
        &self.requests[code_class(status)]
    }

    pub fn counter(&self, counter: Counter) -> &T {
        // `Counter::index` is below 4, the length of `counters`.
        #[allow(clippy::indexing_slicing)]
        &self.counters[counter.index()]
    }

    /// The calls and failures metrics of an upstream.
    pub fn fetch(&self, upstream: &str) -> Option<(&T, &T)> {
        self.fetches
            .iter()
            .find(|(name, _, _)| name == upstream)
            .map(|(_, calls, failures)| (calls, failures))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_their_tags_and_no_separator_from_a_name() {
        let names = EndpointMetrics::named("orders;evil\n", &["billing".into()]);
        assert_eq!(
            names.requests[1],
            "endpoint.requests;endpoint=orders_evil_;code_class=2xx"
        );
        assert_eq!(names.duration, "endpoint.duration_us;endpoint=orders_evil_");
        assert_eq!(
            names.counter(Counter::SnippetStopped),
            "endpoint.snippet.stopped;endpoint=orders_evil_"
        );
        assert_eq!(
            names.fetch("billing"),
            Some((
                &"endpoint.fetch.calls;endpoint=orders_evil_;upstream=billing".to_string(),
                &"endpoint.fetch.failures;endpoint=orders_evil_;upstream=billing".to_string()
            ))
        );
        assert_eq!(names.fetch("other"), None);
        let kinds = names.map(|name, kind| (name.clone(), kind));
        assert_eq!(kinds.duration, (names.duration.clone(), Kind::Histogram));
        assert_eq!(
            kinds.requests[4],
            (names.requests[4].clone(), Kind::Counter)
        );
        assert_eq!(
            kinds.fetches[0].2,
            (names.fetches[0].2.clone(), Kind::Counter)
        );
    }

    #[test]
    fn statuses_fall_in_their_class() {
        let names = EndpointMetrics::named("e", &[]);
        for (status, class) in [(101, "1xx"), (204, "2xx"), (304, "3xx"), (404, "4xx")] {
            assert!(names.request(status).ends_with(class), "{status}");
        }
        for status in [500, 504, 0, 999] {
            assert!(names.request(status).ends_with("5xx"), "{status}");
        }
    }

    #[test]
    fn every_tag_takes_its_value_out_of_the_name() {
        let name = "wasmcustom.endpoint.fetch.calls;endpoint=a b=c;upstream=up.1";
        let mut rest = name.to_string();
        let mut found = Vec::new();
        for tag in TAGS {
            let regex = regex::Regex::new(tag.regex).unwrap();
            if let Some(captures) = regex.captures(&rest.clone()) {
                let whole = captures.get(1).unwrap();
                found.push((tag.name, captures.get(2).unwrap().as_str().to_string()));
                rest.replace_range(whole.range(), "");
            }
        }
        assert_eq!(rest, "wasmcustom.endpoint.fetch.calls");
        assert_eq!(
            found,
            vec![
                ("endpoint", "a b=c".to_string()),
                ("upstream", "up.1".to_string())
            ]
        );
    }
}
