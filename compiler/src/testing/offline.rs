//! Cases run natively through [`Engine`], the code the filter runs: routing, method,
//! authentication, content type, size, validation, the snippet and its reply. No
//! proxy: upstreams answer from the case's `fetch` mocks, and `as: LOGIN` sends a key
//! made for this run alone, checked by the engine like any key.

use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::time::Instant;

use endpoint_core::bundle;
use endpoint_core::engine::{Decision, Engine, NoHost, RequestHead, Step};
use endpoint_core::model::BundleContent;
use endpoint_core::reply::Reply;
use endpoint_core::snippet::FetchAnswer;
use sha2::{Digest, Sha256};

use super::expect::verdict;
use super::{CaseResult, MockAnswer, Observed, TestCase, Verdict};

/// The header an API key is sent in.
const API_KEY_HEADER: &str = "x-api-key";

/// Runs `cases` against the compiled `content`, each on an engine loaded with that
/// case's vars and secrets (engines are shared by cases that agree on them).
pub fn run(content: &BundleContent, cases: &[TestCase]) -> Vec<CaseResult> {
    let keys = TestKeys::new(content);
    let mut engines: BTreeMap<String, Result<Engine, String>> = BTreeMap::new();
    cases
        .iter()
        .map(|case| {
            let started = Instant::now();
            let setup = serde_json::json!([case.vars, case.secrets]).to_string();
            let engine = engines
                .entry(setup)
                .or_insert_with(|| load(content, &keys, case));
            let verdict = match engine {
                Ok(engine) => judge(engine, &keys, case),
                Err(reason) => Verdict::Failed(vec![reason.clone()]),
            };
            CaseResult {
                case: case.clone(),
                verdict,
                micros: started.elapsed().as_micros(),
            }
        })
        .collect()
}

/// A key per user, made for this run: `as: LOGIN` sends it, so the engine
/// authenticates the case's request as it would any, and no key is written in a
/// definition.
struct TestKeys {
    by_login: BTreeMap<String, String>,
}

impl TestKeys {
    fn new(content: &BundleContent) -> TestKeys {
        let run = format!("{:?}{}", Instant::now(), std::process::id());
        let by_login = content
            .users
            .iter()
            .map(|user| {
                let key = bundle::hex(&Sha256::digest(format!("{run}/{}", user.login)));
                (user.login.clone(), format!("endpoint-test-{key}"))
            })
            .collect();
        TestKeys { by_login }
    }

    /// The content with each user's test key beside their own.
    fn added_to(&self, content: &BundleContent) -> BundleContent {
        let mut content = content.clone();
        for user in &mut content.users {
            if let Some(key) = self.by_login.get(&user.login) {
                user.api_keys.push(bundle::hex(&Sha256::digest(key)));
            }
        }
        content
    }
}

/// An engine for the case's vars and secrets. A secret the case does not give is
/// empty: offline results never depend on the environment they run in.
fn load(content: &BundleContent, keys: &TestKeys, case: &TestCase) -> Result<Engine, String> {
    let mut content = keys.added_to(content);
    for (name, value) in &case.vars {
        content.vars.insert(name.clone(), value.clone());
    }
    let bytes = bundle::encode(&content);
    Engine::load_with_environment(&bytes, &|name| {
        Some(case.secrets.get(name).cloned().unwrap_or_default())
    })
    .map_err(|error| format!("the bundle does not load for this case: {error}"))
}

fn judge(engine: &Engine, keys: &TestKeys, case: &TestCase) -> Verdict {
    engine.fix_time(case.now);
    let observed = exchange(engine, keys, case);
    engine.fix_time(None);
    verdict(&case.expect, observed)
}

/// The case's request through the engine, as the filter would run it.
fn exchange(engine: &Engine, keys: &TestKeys, case: &TestCase) -> Result<Observed, String> {
    let request = &case.request;
    let mut headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    if let Some(login) = &case.run_as {
        let key = keys
            .by_login
            .get(login)
            .ok_or_else(|| format!("`as: {login}`: no user has that login"))?;
        headers.push((API_KEY_HEADER, key));
    }
    let length = request.body.len().to_string();
    if !request.body.is_empty() && !request.headers.iter().any(|(n, _)| n == "content-length") {
        headers.push(("content-length", &length));
    }
    let head = RequestHead::new(&request.method, &request.path, &headers);
    let accepted = match engine.decide(&head, &NoHost) {
        Decision::NotOurs => {
            return Ok(Observed {
                status: 404,
                headers: vec![],
                body: b"no endpoint has this route: Envoy passes the request on".to_vec(),
            });
        }
        Decision::Reply { reply, .. } => return Ok(observed(reply)),
        Decision::Accept(accepted) => accepted,
    };
    if request.body.len() > accepted.body_limit {
        return Ok(observed(accepted.body_too_large()));
    }
    let mut outcome = engine.execute(&accepted, &head, &request.body);
    let mut calls = VecDeque::new();
    loop {
        match outcome.step {
            Step::Reply(reply) => return Ok(observed(reply)),
            Step::Forward(forwarding) => {
                let upstream = forwarding.upstream.clone();
                let answer = mocked(
                    case,
                    &upstream,
                    &request.method,
                    &forwarding.path,
                    "forwards",
                )?;
                let reply = match answer {
                    FetchAnswer::Response {
                        status,
                        headers,
                        body,
                    } => Reply {
                        status,
                        headers,
                        body: body.into_bytes(),
                    },
                    FetchAnswer::Failed(failure) => {
                        return Err(format!(
                            "the forward's mock answers `error: {}`: a forward is answered by Envoy, mock a response",
                            failure.reason()
                        ));
                    }
                };
                return Ok(observed(forwarding.cors.apply(reply)));
            }
            Step::Fetch(more, waiting) => {
                calls.extend(more);
                let Some(call) = calls.pop_front() else {
                    return Err("the snippet waits, and no call of it is pending".into());
                };
                let pseudo = |name: &str| {
                    call.headers
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                let upstream = call.upstream.clone();
                let mut answer = mocked(
                    case,
                    &upstream,
                    &pseudo(":method"),
                    &pseudo(":path"),
                    "fetches",
                )?;
                if let FetchAnswer::Response { body, .. } = &answer
                    && body.len() as u64 > call.max_response_bytes
                {
                    answer = FetchAnswer::Failed(endpoint_core::snippet::FetchFailure::TooLarge);
                }
                outcome = engine.resume(&accepted, &head, waiting, call.id, answer);
            }
        }
    }
}

/// The answer of the case's first mock for this call.
fn mocked(
    case: &TestCase,
    upstream: &str,
    method: &str,
    path: &str,
    what: &str,
) -> Result<FetchAnswer, String> {
    let mock = case
        .mocks
        .iter()
        .find(|m| m.answers(upstream, method, path))
        .ok_or_else(|| {
            format!(
                "the endpoint {what} {method} {path} to `{upstream}`, and no `fetch` mock of the case answers it"
            )
        })?;
    Ok(match &mock.answer {
        MockAnswer::Response {
            status,
            headers,
            body,
        } => FetchAnswer::Response {
            status: *status,
            headers: headers.clone(),
            body: body.clone(),
        },
        MockAnswer::Failure(failure) => FetchAnswer::Failed(*failure),
    })
}

fn observed(reply: Reply) -> Observed {
    Observed {
        status: reply.status,
        headers: reply.headers,
        body: reply.body,
    }
}
