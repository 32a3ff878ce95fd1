//! The tests written inside definitions (`tests:`, docs/testing-definitions.md): what a
//! case is, and running cases offline through the engine the filter runs
//! ([`offline`]) or against a live Envoy ([`live`]), with one judge of what came back
//! ([`expect`]) and one report ([`report`]).

pub mod expect;
pub mod live;
pub mod offline;
pub mod report;

use std::collections::BTreeMap;

use crate::diagnostics::Origin;

pub use expect::{BodyExpectation, Expectation};

/// One case of an endpoint's `tests`.
#[derive(Debug, Clone)]
pub struct TestCase {
    pub name: String,
    /// The endpoint whose definition holds the case.
    pub endpoint: String,
    /// Where the case begins.
    pub origin: Origin,
    pub request: CaseRequest,
    /// `as: LOGIN`: sent as that user, without writing a key into the definition.
    pub run_as: Option<String>,
    /// What the upstreams answer, offline (`fetch`).
    pub mocks: Vec<Mock>,
    /// `now`: what `Date` reads, in milliseconds since the Unix epoch.
    pub now: Option<i64>,
    /// `secrets`: the values of the endpoint's secrets for this case.
    pub secrets: BTreeMap<String, String>,
    /// `vars`: values of `env.vars` replaced for this case.
    pub vars: BTreeMap<String, serde_json::Value>,
    pub expect: Expectation,
}

impl TestCase {
    /// What stops the case from running against a live Envoy, whose upstreams, clock
    /// and vars are its own.
    pub fn offline_only(&self) -> Option<&'static str> {
        if !self.mocks.is_empty() {
            Some("its `fetch` mocks answer offline only")
        } else if self.now.is_some() {
            Some("`now` fixes the clock offline only")
        } else if !self.vars.is_empty() {
            Some("`vars` are replaced offline only")
        } else {
            None
        }
    }

    /// `FILE:LINE`, where a report points.
    pub fn place(&self) -> String {
        format!(
            "{}:{}",
            self.origin.file.display(),
            self.origin.position.line
        )
    }
}

/// The request a case sends, as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRequest {
    pub method: String,
    /// The path with its query string.
    pub path: String,
    /// Lower-case names, in the order written.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What an upstream answers to one call, offline.
#[derive(Debug, Clone)]
pub struct Mock {
    pub upstream: String,
    pub method: String,
    /// Matched against the call's path; a mock path without `?` ignores the query.
    pub path: String,
    pub answer: MockAnswer,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MockAnswer {
    Response {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// `error: timeout | unavailable | too_large | no_cluster`.
    Failure(endpoint_core::snippet::FetchFailure),
}

impl Mock {
    /// Whether this mock answers a call of `method` to `path` on `upstream`.
    pub fn answers(&self, upstream: &str, method: &str, path: &str) -> bool {
        let path = if self.path.contains('?') {
            path
        } else {
            path.split_once('?').map_or(path, |(path, _)| path)
        };
        self.upstream == upstream && self.method.eq_ignore_ascii_case(method) && self.path == path
    }
}

/// What came back for a case's request, from the engine or over HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Observed {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How one case went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    /// What differed, one line each.
    Failed(Vec<String>),
    /// Why it did not run here.
    Skipped(String),
}

/// A case with its verdict.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub case: TestCase,
    pub verdict: Verdict,
    pub micros: u128,
}

/// Whether `filter` selects a case: a word in its name, its endpoint's name or its
/// file (case-insensitive); no filter selects every case.
pub fn selected(case: &TestCase, filter: Option<&str>) -> bool {
    let Some(word) = filter else {
        return true;
    };
    let word = word.to_lowercase();
    case.name.to_lowercase().contains(&word)
        || case.endpoint.to_lowercase().contains(&word)
        || case
            .origin
            .file
            .to_string_lossy()
            .to_lowercase()
            .contains(&word)
}
