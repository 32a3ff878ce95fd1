//! Cases sent over HTTP to a live Envoy serving the same definitions (`--against
//! URL`), judged as offline runs are: a case that passes offline and fails here (or
//! the other way round) is a difference between the engine and the proxy.

use std::time::{Duration, Instant};

use super::expect::verdict;
use super::{CaseResult, Observed, TestCase, Verdict};

/// How long one exchange may take.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(30);

/// Largest answer read back.
const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

/// The environment variable holding the key `as: LOGIN` sends against a live Envoy:
/// `ENDPOINT_TEST_KEY_` and the login in upper case, other characters as `_`.
pub fn key_variable(login: &str) -> String {
    let name: String = login
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("ENDPOINT_TEST_KEY_{name}")
}

/// Runs `cases` against `base` (`http://host:port`, or `https://`), with the keys of
/// `as:` from `environment`.
pub fn run(
    base: &str,
    cases: &[TestCase],
    environment: &dyn Fn(&str) -> Option<String>,
) -> Vec<CaseResult> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(EXCHANGE_TIMEOUT))
        .build()
        .into();
    let base = base.trim_end_matches('/');
    cases
        .iter()
        .map(|case| {
            let started = Instant::now();
            let verdict = match case.offline_only() {
                Some(reason) => Verdict::Skipped(reason.to_string()),
                None => verdict(&case.expect, exchange(&agent, base, case, environment)),
            };
            CaseResult {
                case: case.clone(),
                verdict,
                micros: started.elapsed().as_micros(),
            }
        })
        .collect()
}

fn exchange(
    agent: &ureq::Agent,
    base: &str,
    case: &TestCase,
    environment: &dyn Fn(&str) -> Option<String>,
) -> Result<Observed, String> {
    let request = &case.request;
    let mut builder = ureq::http::Request::builder()
        .method(request.method.as_str())
        .uri(format!("{base}{}", request.path));
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if let Some(login) = &case.run_as {
        let variable = key_variable(login);
        let key = environment(&variable).ok_or_else(|| {
            format!("`as: {login}` needs that user's API key against a live Envoy: set {variable}")
        })?;
        builder = builder.header("x-api-key", key);
    }
    let http_request = builder
        .body(request.body.clone())
        .map_err(|e| format!("the request cannot be sent: {e}"))?;
    let mut response = agent
        .run(http_request)
        .map_err(|e| format!("{} {}{}: {e}", request.method, base, request.path))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_vec()
        .map_err(|e| format!("reading the answer: {e}"))?;
    Ok(Observed {
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_variables_are_shell_names() {
        assert_eq!(key_variable("demo"), "ENDPOINT_TEST_KEY_DEMO");
        assert_eq!(key_variable("ann.b-c@x"), "ENDPOINT_TEST_KEY_ANN_B_C_X");
    }
}
