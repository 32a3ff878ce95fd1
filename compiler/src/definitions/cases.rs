//! An endpoint's `tests`: cases checked here like every other field, kept out of the
//! bundle (docs/testing-definitions.md).

use std::collections::BTreeMap;

use endpoint_core::snippet::FetchFailure;

use super::*;
use crate::testing::{BodyExpectation, CaseRequest, Expectation, Mock, MockAnswer, TestCase};

pub const CASE_FIELDS: &[&str] = &[
    "name", "request", "as", "fetch", "now", "secrets", "vars", "expect",
];
pub const CASE_REQUEST_FIELDS: &[&str] =
    &["method", "path", "query", "headers", "json", "body", "form"];
pub const MOCK_FIELDS: &[&str] = &[
    "upstream", "method", "path", "status", "headers", "json", "body", "error",
];
pub const EXPECT_FIELDS: &[&str] = &[
    "status",
    "headers",
    "json",
    "json_includes",
    "body",
    "body_matches",
    "errors",
];

/// The `error` a mock may answer with instead of a response.
const MOCK_ERRORS: &[(&str, FetchFailure)] = &[
    ("timeout", FetchFailure::Timeout),
    ("unavailable", FetchFailure::Unavailable),
    ("too_large", FetchFailure::TooLarge),
    ("no_cluster", FetchFailure::NoCluster),
];

/// What a case needs to know of its endpoint.
pub(super) struct CaseContext<'a> {
    pub endpoint: &'a str,
    pub method: Option<Method>,
    pub routes: &'a [(String, Origin)],
}

impl Reader<'_> {
    /// `tests`: a list of cases.
    pub(super) fn cases(&mut self, node: &Node, context: &CaseContext<'_>) -> Vec<TestCase> {
        let Some(items) = yaml::as_list(node) else {
            self.error(
                node,
                format!(
                    "`tests` is a list of cases (`- name: ...`), found {}",
                    yaml::kind(node)
                ),
            );
            return Vec::new();
        };
        let mut names: BTreeMap<String, Origin> = BTreeMap::new();
        let mut cases = Vec::with_capacity(items.len());
        for item in items {
            let Some(case) = self.case(item, context) else {
                continue;
            };
            if let Some(first) = names.get(&case.name) {
                self.error(
                    item,
                    format!(
                        "a case named {:?} is already given at {first}: name each case of an endpoint differently",
                        case.name
                    ),
                );
                continue;
            }
            names.insert(case.name.clone(), case.origin.clone());
            cases.push(case);
        }
        cases
    }

    fn case(&mut self, node: &Node, context: &CaseContext<'_>) -> Option<TestCase> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                format!(
                    "a case is a mapping (name, request, expect, ...), found {}",
                    yaml::kind(node)
                ),
            );
            return None;
        };
        let fields = self.fields(&entries, CASE_FIELDS, "a case's");
        let before = self.problems.len();
        let name = match fields.get("name") {
            Some(n) => self.string(n, "name"),
            None => {
                self.error(node, "a case has no `name`: say what it checks");
                None
            }
        };
        let request = match fields.get("request") {
            Some(r) => self.case_request(r, context),
            None => self.default_request(node, context),
        };
        let run_as = fields.get("as").and_then(|n| self.string(n, "as"));
        if let (Some(_), Some(request)) = (&run_as, &request)
            && request.headers.iter().any(|(n, _)| n == "x-api-key")
            && let Some(as_node) = fields.get("as")
        {
            self.error(
                as_node,
                "give `as` or an X-API-Key header, not both: `as` sends a key of its own",
            );
        }
        let mocks = match fields.get("fetch") {
            None => Vec::new(),
            Some(list) => self.mocks(list),
        };
        let now = fields.get("now").and_then(|n| self.instant(n));
        let secrets = match fields.get("secrets") {
            None => BTreeMap::new(),
            Some(map) => self.string_map(map, "secrets"),
        };
        let vars = match fields.get("vars") {
            None => BTreeMap::new(),
            Some(map) => self.json_map(map, "vars"),
        };
        let expect = match fields.get("expect") {
            Some(e) => self.expectation(e),
            None => {
                self.error(
                    node,
                    "a case has no `expect`: give at least `expect: {status: ...}`",
                );
                None
            }
        };
        if self.problems.len() > before {
            return None;
        }
        Some(TestCase {
            name: name?,
            endpoint: context.endpoint.to_string(),
            origin: self.origin(node),
            request: request?,
            run_as,
            mocks,
            now,
            secrets,
            vars,
            expect: expect?,
        })
    }

    /// The request of a case that writes none: the endpoint's method on its route,
    /// when the route has no parameters to fill.
    fn default_request(&mut self, node: &Node, context: &CaseContext<'_>) -> Option<CaseRequest> {
        let path = self.default_path(node, context)?;
        Some(CaseRequest {
            method: context.method?.as_str().to_string(),
            path,
            headers: Vec::new(),
            body: Vec::new(),
        })
    }

    fn default_path(&mut self, node: &Node, context: &CaseContext<'_>) -> Option<String> {
        let (route, _) = context.routes.first()?;
        if route.contains('{') {
            self.error(
                node,
                format!("the route {route:?} has parameters: give the case's `request.path`"),
            );
            return None;
        }
        Some(route.clone())
    }

    fn case_request(&mut self, node: &Node, context: &CaseContext<'_>) -> Option<CaseRequest> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                "`request` is a mapping (method, path, query, headers, and json, body or form)",
            );
            return None;
        };
        let fields = self.fields(&entries, CASE_REQUEST_FIELDS, "a case's request");
        let method = match fields.get("method") {
            Some(m) => self.method_name(m),
            None => context.method.map(|m| m.as_str().to_string()),
        };
        let mut path = match fields.get("path") {
            Some(p) => self.case_path(p),
            None => self.default_path(node, context),
        };
        if let (Some(path), Some(query)) = (&mut path, fields.get("query")) {
            let query = self.query(query);
            if !query.is_empty() {
                path.push(if path.contains('?') { '&' } else { '?' });
                path.push_str(&query);
            }
        }
        let mut headers = match fields.get("headers") {
            None => Vec::new(),
            Some(h) => self.case_headers(h),
        };
        let bodies: Vec<(&str, &Node)> = ["json", "body", "form"]
            .into_iter()
            .filter_map(|f| Some((f, fields.get(f)?)))
            .collect();
        if let [_, (_, second), ..] = bodies.as_slice() {
            self.error(second, "give one of `json`, `body` and `form`");
        }
        let mut content_type = None;
        let body = match bodies.first() {
            None => Vec::new(),
            Some(("json", value)) => match yaml::to_json(value) {
                Ok(json) => {
                    content_type = Some("application/json");
                    json.to_string().into_bytes()
                }
                Err((at, reason)) => {
                    self.error(at, format!("`json`: {reason}"));
                    Vec::new()
                }
            },
            Some(("form", value)) => {
                content_type = Some("application/x-www-form-urlencoded");
                self.query(value).into_bytes()
            }
            Some((_, value)) => self.text(value, "body").into_bytes(),
        };
        if let Some(content_type) = content_type
            && !headers.iter().any(|(n, _)| n == "content-type")
        {
            headers.push(("content-type".into(), content_type.into()));
        }
        Some(CaseRequest {
            method: method?,
            path: path?,
            headers,
            body,
        })
    }

    /// A method name: an HTTP token (a case may send one the endpoint refuses).
    fn method_name(&mut self, node: &Node) -> Option<String> {
        let text = self.string(node, "method")?;
        if text.bytes().all(is_token_byte) {
            Some(text.to_ascii_uppercase())
        } else {
            self.error(node, format!("method {text:?} is not an HTTP method name"));
            None
        }
    }

    fn case_path(&mut self, node: &Node) -> Option<String> {
        let text = self.string(node, "path")?;
        if !text.starts_with('/') {
            self.error(node, format!("path {text:?} starts with `/`"));
            return None;
        }
        if text.bytes().any(|b| b <= b' ' || b == 0x7f) {
            self.error(
                node,
                format!("path {text:?} holds spaces or control characters: percent-encode them"),
            );
            return None;
        }
        Some(text)
    }

    /// `query` or `form`: names to a value or a list of values, percent-encoded.
    fn query(&mut self, node: &Node) -> String {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(node, "a query or form is a mapping of names to values");
            return String::new();
        };
        let mut pairs = Vec::new();
        for (name, _, value) in entries {
            let values: Vec<&Node> = match yaml::as_list(value) {
                Some(items) => items.iter().collect(),
                None => vec![value],
            };
            for value in values {
                let text = self.scalar_text(value, name);
                pairs.push(format!(
                    "{}={}",
                    percent_encode(name),
                    percent_encode(&text)
                ));
            }
        }
        pairs.join("&")
    }

    /// A scalar as the text a client sends: strings as written, numbers and booleans
    /// as YAML wrote them.
    fn scalar_text(&mut self, node: &Node, field: &str) -> String {
        if let Some(text) = yaml::as_str(node) {
            return text.to_string();
        }
        match yaml::to_json(node) {
            Ok(value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
                value.to_string()
            }
            _ => {
                self.error(
                    node,
                    format!("`{field}` is a string, found {}", yaml::kind(node)),
                );
                String::new()
            }
        }
    }

    /// Text that may be empty (a body, a mock's body).
    fn text(&mut self, node: &Node, field: &str) -> String {
        match yaml::as_str(node) {
            Some(text) => text.to_string(),
            None => {
                self.error(
                    node,
                    format!("`{field}` is a string, found {}", yaml::kind(node)),
                );
                String::new()
            }
        }
    }

    /// Request or answer headers: token names (lower-cased), values without CR, LF or
    /// NUL. Unlike an upstream's fixed headers, any name is allowed: a case may send
    /// what a hostile client would.
    fn case_headers(&mut self, node: &Node) -> Vec<(String, String)> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(node, "`headers` is a mapping of header names to values");
            return Vec::new();
        };
        let mut headers = Vec::with_capacity(entries.len());
        for (name, key, value) in entries {
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                self.error(key, format!("header name {name:?} is not an HTTP token"));
                continue;
            }
            let text = self.scalar_text(value, name);
            if text.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
                self.error(value, format!("header `{name}` holds CR, LF or NUL"));
                continue;
            }
            headers.push((name.to_ascii_lowercase(), text));
        }
        headers
    }

    fn mocks(&mut self, node: &Node) -> Vec<Mock> {
        let Some(items) = yaml::as_list(node) else {
            self.error(
                node,
                "`fetch` is a list of mocks (`- {upstream: NAME, path: /..., json: ...}`)",
            );
            return Vec::new();
        };
        items.iter().filter_map(|item| self.mock(item)).collect()
    }

    fn mock(&mut self, node: &Node) -> Option<Mock> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                "a mock is a mapping (upstream, method, path, and its answer)",
            );
            return None;
        };
        let fields = self.fields(&entries, MOCK_FIELDS, "a mock's");
        let before = self.problems.len();
        let upstream = match fields.get("upstream") {
            Some(u) => self.string(u, "upstream"),
            None => {
                self.error(
                    node,
                    "a mock has no `upstream`: name the upstream it answers for",
                );
                None
            }
        };
        let method = match fields.get("method") {
            Some(m) => self.method_name(m),
            None => Some("GET".to_string()),
        };
        let path = match fields.get("path") {
            Some(p) => self.case_path(p),
            None => {
                self.error(node, "a mock has no `path`: the path it answers");
                None
            }
        };
        let answer = if let Some(error) = fields.get("error") {
            if let Some(other) = ["status", "headers", "json", "body"]
                .into_iter()
                .find_map(|f| fields.get(f))
            {
                self.error(other, "a mock answers with `error` or a response, not both");
            }
            self.choice(error, "error", MOCK_ERRORS)
                .map(MockAnswer::Failure)
        } else {
            let status = match fields.get("status") {
                Some(s) => self.status(s),
                None => Some(200),
            };
            let mut headers = fields
                .get("headers")
                .map(|h| self.case_headers(h))
                .unwrap_or_default();
            let body = match (fields.get("json"), fields.get("body")) {
                (Some(_), Some(second)) => {
                    self.error(second, "give `json` or `body`, not both");
                    String::new()
                }
                (Some(json), None) => match yaml::to_json(json) {
                    Ok(value) => {
                        if !headers.iter().any(|(n, _)| n == "content-type") {
                            headers.push(("content-type".into(), "application/json".into()));
                        }
                        value.to_string()
                    }
                    Err((at, reason)) => {
                        self.error(at, format!("`json`: {reason}"));
                        String::new()
                    }
                },
                (None, Some(body)) => self.text(body, "body"),
                (None, None) => String::new(),
            };
            status.map(|status| MockAnswer::Response {
                status,
                headers,
                body,
            })
        };
        if self.problems.len() > before {
            return None;
        }
        Some(Mock {
            upstream: upstream?,
            method: method?,
            path: path?,
            answer: answer?,
            origin: self.origin(node),
        })
    }

    fn status(&mut self, node: &Node) -> Option<u16> {
        match yaml::as_int(node).and_then(|n| u16::try_from(n).ok()) {
            Some(status) if (100..=599).contains(&status) => Some(status),
            _ => {
                self.error(node, "`status` is an HTTP status, from 100 to 599");
                None
            }
        }
    }

    /// `now`: milliseconds since the Unix epoch, or an RFC 3339 time
    /// (`2026-01-01T09:30:00Z`, `2026-01-01T10:30:00+01:00`).
    fn instant(&mut self, node: &Node) -> Option<i64> {
        if let Some(millis) = yaml::as_int(node) {
            return Some(millis);
        }
        let parsed = yaml::as_str(node).and_then(rfc3339_millis);
        if parsed.is_none() {
            self.error(
                node,
                "`now` is an RFC 3339 time (`2026-01-01T09:30:00Z`) or milliseconds since 1970",
            );
        }
        parsed
    }

    fn string_map(&mut self, node: &Node, field: &str) -> BTreeMap<String, String> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(node, format!("`{field}` is a mapping of names to strings"));
            return BTreeMap::new();
        };
        let mut map = BTreeMap::new();
        for (name, _, value) in entries {
            let text = self.text(value, name);
            map.insert(name.to_string(), text);
        }
        map
    }

    fn json_map(&mut self, node: &Node, field: &str) -> BTreeMap<String, serde_json::Value> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(node, format!("`{field}` is a mapping of names to values"));
            return BTreeMap::new();
        };
        let mut map = BTreeMap::new();
        for (name, _, value) in entries {
            match yaml::to_json(value) {
                Ok(json) => {
                    map.insert(name.to_string(), json);
                }
                Err((at, reason)) => self.error(at, format!("`{field}.{name}`: {reason}")),
            }
        }
        map
    }

    fn expectation(&mut self, node: &Node) -> Option<Expectation> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                "`expect` is a mapping (status, headers, and json, json_includes, body or body_matches, errors)",
            );
            return None;
        };
        let fields = self.fields(&entries, EXPECT_FIELDS, "an expectation's");
        let status = match fields.get("status") {
            Some(s) => self.status(s),
            None => {
                self.error(node, "`expect` has no `status`");
                None
            }
        };
        let headers = fields
            .get("headers")
            .map(|h| self.case_headers(h))
            .unwrap_or_default();
        let bodies: Vec<(&str, &Node)> = ["json", "json_includes", "body", "body_matches"]
            .into_iter()
            .filter_map(|f| Some((f, fields.get(f)?)))
            .collect();
        if let [_, (_, second), ..] = bodies.as_slice() {
            self.error(
                second,
                "give one of `json`, `json_includes`, `body` and `body_matches`",
            );
        }
        let body = match bodies.first() {
            None => None,
            Some((kind @ ("json" | "json_includes"), value)) => match yaml::to_json(value) {
                Ok(json) if *kind == "json" => Some(BodyExpectation::Json(json)),
                Ok(json) => Some(BodyExpectation::JsonIncludes(json)),
                Err((at, reason)) => {
                    self.error(at, format!("`{kind}`: {reason}"));
                    None
                }
            },
            Some(("body_matches", value)) => {
                let pattern = self.text(value, "body_matches");
                match regex::Regex::new(&pattern) {
                    Ok(regex) => Some(BodyExpectation::Matches(regex)),
                    Err(error) => {
                        self.error(
                            value,
                            format!("`body_matches` is not a regular expression: {error}"),
                        );
                        None
                    }
                }
            }
            Some((_, value)) => Some(BodyExpectation::Text(self.text(value, "body"))),
        };
        let errors = match fields.get("errors") {
            None => None,
            Some(list) => match (yaml::as_list(list), yaml::to_json(list)) {
                (Some(_), Ok(serde_json::Value::Array(items)))
                    if items.iter().all(serde_json::Value::is_object) =>
                {
                    if status.is_some_and(|s| s != 400) {
                        self.error(list, "`errors` are those of a `400`: expect `status: 400`");
                    }
                    Some(items)
                }
                _ => {
                    self.error(
                        list,
                        "`errors` is a list of violations, each a mapping of some of path, type and message",
                    );
                    None
                }
            },
        };
        Some(Expectation {
            status: status?,
            headers,
            body,
            errors,
        })
    }
}

/// `tchar` of RFC 9110 §5.6.2.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Every byte but the unreserved ones of RFC 3986 as `%XX`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` as milliseconds since the Unix epoch.
fn rfc3339_millis(text: &str) -> Option<i64> {
    let number = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut parts = date.split('-');
    let (year, month, day) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset_minutes) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = time.rfind(['+', '-'])?;
        let (clock, offset) = time.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (hours, minutes) = offset.get(1..)?.split_once(':')?;
        (clock, sign * (number(hours)? * 60 + number(minutes)?))
    };
    let (whole, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms = whole.split(':');
    let (hour, minute, second) = (
        number(hms.next()?)?,
        number(hms.next()?)?,
        number(hms.next()?)?,
    );
    if hms.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let millis = match fraction {
        "" => 0,
        digits => {
            let first3: String = digits.chars().chain("00".chars()).take(3).collect();
            number(digits)?;
            number(&first3)?
        }
    };
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times_become_epoch_milliseconds() {
        assert_eq!(rfc3339_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            rfc3339_millis("2026-01-01T00:00:00Z"),
            Some(1_767_225_600_000)
        );
        assert_eq!(
            rfc3339_millis("2026-01-01T01:00:00.5+01:00"),
            Some(1_767_225_600_500)
        );
        assert_eq!(
            rfc3339_millis("2000-02-29T12:00:00-00:30"),
            Some(951_827_400_000)
        );
        for bad in [
            "2026-13-01T00:00:00Z",
            "2026-01-01",
            "2026-01-01T25:00:00Z",
            "x",
            "2026-01-01T00:00:00",
        ] {
            assert_eq!(rfc3339_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn queries_are_percent_encoded() {
        assert_eq!(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
