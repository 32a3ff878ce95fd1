//! A case's `expect`, and the judge of what came back: the same for a run through
//! the engine and for one through a live Envoy, so that their verdicts compare.

use serde_json::Value;

use super::{Observed, Verdict};

/// What a case expects back.
#[derive(Debug, Clone)]
pub struct Expectation {
    pub status: u16,
    /// Each must be present with this value (names case-insensitive); others may be.
    pub headers: Vec<(String, String)>,
    pub body: Option<BodyExpectation>,
    /// `errors`: the violations of a `400`, each a subset of one reported.
    pub errors: Option<Vec<Value>>,
}

#[derive(Debug, Clone)]
pub enum BodyExpectation {
    /// `json`: the body is this JSON value.
    Json(Value),
    /// `json_includes`: the body is JSON that holds this value (objects: these keys
    /// with values that hold theirs; arrays and scalars: equal).
    JsonIncludes(Value),
    /// `body`: the body is exactly this text.
    Text(String),
    /// `body_matches`: a regular expression finds a match in the body.
    Matches(regex::Regex),
}

/// Longest piece of a body quoted in a failure.
const QUOTED_BODY: usize = 300;

/// The verdict on what a run got: what came back judged, or why nothing came.
pub fn verdict(expected: &Expectation, observed: Result<Observed, String>) -> Verdict {
    match observed {
        Ok(observed) => {
            let found = differences(expected, &observed);
            if found.is_empty() {
                Verdict::Passed
            } else {
                Verdict::Failed(found)
            }
        }
        Err(reason) => Verdict::Failed(vec![reason]),
    }
}

/// Every way `observed` differs from `expected`, one line each; none when it passes.
pub fn differences(expected: &Expectation, observed: &Observed) -> Vec<String> {
    let mut found = Vec::new();
    if observed.status != expected.status {
        found.push(format!(
            "status: expected {}, got {} with body {}",
            expected.status,
            observed.status,
            quoted(&observed.body)
        ));
    }
    for (name, value) in &expected.headers {
        match observed.header(name) {
            Some(got) if got == value => {}
            Some(got) => found.push(format!("header {name}: expected {value:?}, got {got:?}")),
            None => found.push(format!("header {name}: expected {value:?}, got none")),
        }
    }
    let json = || serde_json::from_slice::<Value>(&observed.body);
    match &expected.body {
        None => {}
        Some(BodyExpectation::Json(want)) => match json() {
            Ok(got) if got == *want => {}
            Ok(got) => found.push(format!("json: expected {want}, got {got}")),
            Err(_) => found.push(format!(
                "json: expected {want}, got a body that is not JSON: {}",
                quoted(&observed.body)
            )),
        },
        Some(BodyExpectation::JsonIncludes(want)) => match json() {
            Ok(got) => {
                if let Some(at) = missing(want, &got, String::new()) {
                    found.push(format!(
                        "json_includes: {at} differs; expected {want} within {got}"
                    ));
                }
            }
            Err(_) => found.push(format!(
                "json_includes: expected JSON, got {}",
                quoted(&observed.body)
            )),
        },
        Some(BodyExpectation::Text(want)) if observed.body != want.as_bytes() => {
            found.push(format!(
                "body: expected {want:?}, got {}",
                quoted(&observed.body)
            ));
        }
        Some(BodyExpectation::Matches(pattern))
            if !pattern.is_match(&String::from_utf8_lossy(&observed.body)) =>
        {
            found.push(format!(
                "body_matches: /{pattern}/ finds no match in {}",
                quoted(&observed.body)
            ));
        }
        Some(BodyExpectation::Text(_) | BodyExpectation::Matches(_)) => {}
    }
    if let Some(want) = &expected.errors {
        let got = json()
            .ok()
            .and_then(|body| body.get("errors").and_then(Value::as_array).cloned());
        match got {
            None => found.push(format!(
                "errors: expected {}, got a body without `errors`: {}",
                Value::Array(want.clone()),
                quoted(&observed.body)
            )),
            Some(got) => {
                if let Some(problem) = errors_differ(want, &got) {
                    found.push(problem);
                }
            }
        }
    }
    found
}

/// Each expected error matched by a different reported one, and none reported beyond.
fn errors_differ(want: &[Value], got: &[Value]) -> Option<String> {
    let mut unused: Vec<&Value> = got.iter().collect();
    for expected in want {
        match unused
            .iter()
            .position(|g| missing(expected, g, String::new()).is_none())
        {
            Some(index) => {
                unused.remove(index);
            }
            None => {
                return Some(format!(
                    "errors: none reported matches {expected}; reported {}",
                    Value::Array(got.to_vec())
                ));
            }
        }
    }
    if unused.is_empty() {
        None
    } else {
        Some(format!(
            "errors: reported beyond the expected: {}",
            Value::Array(unused.into_iter().cloned().collect())
        ))
    }
}

/// Where `got` fails to hold `want`, as a JSON Pointer; `None` when it holds it.
fn missing(want: &Value, got: &Value, at: String) -> Option<String> {
    match (want, got) {
        (Value::Object(want), Value::Object(got)) => want.iter().find_map(|(key, value)| {
            let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
            match got.get(key) {
                Some(inner) => missing(value, inner, here),
                None => Some(here),
            }
        }),
        _ if want == got => None,
        _ => Some(if at.is_empty() { "/".into() } else { at }),
    }
}

/// A body for a failure line: as text, cut after a few hundred bytes.
fn quoted(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty)".into();
    }
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(QUOTED_BODY) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn observed(status: u16, body: &str) -> Observed {
        Observed {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    fn expecting(status: u16, body: Option<BodyExpectation>) -> Expectation {
        Expectation {
            status,
            headers: vec![],
            body,
            errors: None,
        }
    }

    #[test]
    fn a_matching_answer_has_no_difference() {
        let want = Expectation {
            headers: vec![("Content-Type".into(), "application/json".into())],
            ..expecting(200, Some(BodyExpectation::Json(json!({"a": [1, 2]}))))
        };
        assert!(differences(&want, &observed(200, r#"{"a":[1,2]}"#)).is_empty());
    }

    #[test]
    fn each_difference_is_one_line() {
        let want = Expectation {
            headers: vec![("x-missing".into(), "1".into())],
            ..expecting(201, Some(BodyExpectation::Json(json!({"a": 1}))))
        };
        let found = differences(&want, &observed(200, r#"{"a":2}"#));
        assert_eq!(
            found,
            [
                r#"status: expected 201, got 200 with body "{\"a\":2}""#,
                r#"header x-missing: expected "1", got none"#,
                r#"json: expected {"a":1}, got {"a":2}"#,
            ]
        );
    }

    #[test]
    fn json_includes_names_where_it_differs() {
        let want = expecting(
            200,
            Some(BodyExpectation::JsonIncludes(json!({"a": {"b": 1}}))),
        );
        assert!(differences(&want, &observed(200, r#"{"a":{"b":1,"c":2},"d":3}"#)).is_empty());
        let found = differences(&want, &observed(200, r#"{"a":{"b":2}}"#));
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("json_includes: /a/b differs"),
            "{found:?}"
        );
        let found = differences(&want, &observed(200, "not json"));
        assert!(
            found[0].starts_with("json_includes: expected JSON"),
            "{found:?}"
        );
    }

    #[test]
    fn text_and_patterns() {
        let exact = expecting(200, Some(BodyExpectation::Text("hi".into())));
        assert!(differences(&exact, &observed(200, "hi")).is_empty());
        assert_eq!(differences(&exact, &observed(200, "hi!")).len(), 1);
        let pattern = expecting(
            200,
            Some(BodyExpectation::Matches(regex::Regex::new("^h.$").unwrap())),
        );
        assert!(differences(&pattern, &observed(200, "hi")).is_empty());
        assert_eq!(
            differences(&pattern, &observed(200, "")),
            ["body_matches: /^h.$/ finds no match in (empty)"]
        );
    }

    #[test]
    fn errors_match_one_to_one_and_allow_none_beyond() {
        let body = json!({"errors": [
            {"path": "/a", "type": "required", "message": "m1"},
            {"path": "/b", "type": "minimum", "message": "m2"},
        ]})
        .to_string();
        let want = |errors: Value| Expectation {
            errors: Some(errors.as_array().unwrap().clone()),
            ..expecting(400, None)
        };
        let both = want(json!([{"path": "/b"}, {"type": "required"}]));
        assert!(differences(&both, &observed(400, &body)).is_empty());
        let one = want(json!([{"path": "/a"}]));
        assert!(differences(&one, &observed(400, &body))[0].starts_with("errors: reported beyond"));
        let twice = want(json!([{"path": "/a"}, {"path": "/a"}]));
        assert!(differences(&twice, &observed(400, &body))[0].starts_with("errors: none reported"));
    }

    #[test]
    fn long_bodies_are_cut_in_reports() {
        let long = "x".repeat(1000);
        let found = differences(&expecting(201, None), &observed(200, &long));
        assert!(found[0].len() < 400 && found[0].ends_with('…'), "{found:?}");
    }
}
