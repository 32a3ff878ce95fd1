//! The request pipeline of docs/request-handling.md, step by step, over one
//! loaded bundle. Everything that can be done once is done in [`Engine::load`]:
//! decoding, routing tables, key digests, snippet compilation, the frozen `user`,
//! `endpoint` and `env` values. A request then costs a route lookup, a few header
//! reads and one snippet call.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value, json};

use crate::auth::{API_KEY_HEADER, ApiKeys};
use crate::bundle::ContentHash;
use crate::cors::CorsHeaders;
use crate::forward::{self, Forwarding};
use crate::media_type;
pub use crate::metrics::Counter;
use crate::model::{
    AuthType, BundleContent, ContentType, Cors, Endpoint, ExecMode, Method, UnknownSubject,
    ValidationMode,
};
use crate::reply::{Level, LogRecord, Reply};
use crate::router::Router;
use crate::snippet::{
    Answer, CallerView, FetchAnswer, FetchRequest, FetchScope, Limits, Needs, Preparing, Program,
    Progress, RunStart, SnippetFailure, SnippetReply, WaitingRun,
};
use crate::validation::{self, BodyCheck, BodySchema, Violation, json};

mod head;
mod load;
pub use head::RequestHead;
pub use load::{Building, LoadError, LoadProblem};

/// Largest request body buffered for an endpoint, unless its `limits.body_bytes` says
/// otherwise.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// How long a browser may cache the answer to a CORS preflight, in seconds.
pub const CORS_MAX_AGE: &str = "600";

/// The header a bearer token comes in; `jwt_authn` reads it.
const AUTHORIZATION_HEADER: &str = "authorization";

/// The `WWW-Authenticate` challenges of a `401`: the schemes a caller can use.
pub const API_KEY_CHALLENGE: &str = "ApiKey realm=\"endpoint\", header=\"X-API-Key\"";
pub const BEARER_CHALLENGE: &str = "Bearer realm=\"endpoint\"";

/// What the engine asks of its host, and only when a step needs it.
pub trait Host {
    /// The payload of a JWT that Envoy's `jwt_authn` filter verified, from the dynamic
    /// metadata it wrote under `payload_in_metadata`. A client cannot set that
    /// metadata, unlike any header.
    fn jwt_payload(&self, payload_in_metadata: &str) -> Option<Map<String, Value>>;
}

/// A host with nothing to offer beyond the request itself.
pub struct NoHost;

impl Host for NoHost {
    fn jwt_payload(&self, _: &str) -> Option<Map<String, Value>> {
        None
    }
}

/// Who is calling, once authenticated.
#[derive(Debug, Clone)]
enum Caller {
    /// A user of the bundle, with the token's claims when a JWT identified them.
    Known {
        user: usize,
        claims: Option<Map<String, Value>>,
    },
    /// A verified token whose subject is no user of the bundle (`unknown_subject:
    /// claims`): `login`, `name`, `groups` taken from the claims.
    FromClaims {
        view: Value,
        claims: Map<String, Value>,
    },
}

/// The decision once the headers are known.
#[derive(Debug)]
pub enum Decision {
    /// No route matches: the request continues down Envoy's filter chain untouched.
    NotOurs,
    /// Answered without a snippet (405, 401, 403, 415, 413); `endpoint` is the
    /// endpoint the request reached, `None` for an answer of the route as a whole
    /// (its `405`, a CORS preflight).
    Reply {
        reply: Reply,
        endpoint: Option<usize>,
    },
    /// All header checks passed: read the body (up to `body_limit`), then call
    /// [`Engine::execute`].
    Accept(Accepted),
}

#[derive(Debug, Clone)]
pub struct Accepted {
    endpoint: usize,
    params: Vec<(String, String)>,
    /// The authenticated caller; `None` on public endpoints.
    caller: Option<Caller>,
    pub body_limit: usize,
    /// The CORS headers every answer to this request carries.
    cors: CorsHeaders,
}

impl Accepted {
    /// The index of the endpoint that accepted the request, in bundle order.
    pub fn endpoint(&self) -> usize {
        self.endpoint
    }

    /// A reply to this request, with its CORS headers when the endpoint has `cors`.
    pub fn finish(&self, reply: Reply) -> Reply {
        self.cors.apply(reply)
    }

    /// The `413` for a body that grew over the limit while it streamed in.
    pub fn body_too_large(&self) -> Reply {
        self.finish(body_too_large(self.body_limit))
    }

    /// The `500` for a request the host could not complete.
    pub fn failed(&self) -> Reply {
        self.finish(generic_failure())
    }
}

/// What the host does next, the lines to write to Envoy's log, and what to count.
#[derive(Debug)]
pub struct Outcome {
    pub step: Step,
    pub logs: Vec<LogRecord>,
    pub counters: Vec<Counter>,
}

/// What the host does with a request once the engine has run it.
#[derive(Debug)]
pub enum Step {
    /// Answer the client.
    Reply(Reply),
    /// Change the request so and let it go on to Envoy's router, which sends it to
    /// the upstream's cluster (`exec_mode: forward`).
    Forward(Forwarding),
    /// Send these calls (there may be none: the run still waits for earlier ones),
    /// keep the request paused, and hand each answer to [`Engine::resume`] with the
    /// [`Waiting`] run.
    Fetch(Vec<FetchCall>, Waiting),
}

/// A call to an upstream for the host to send (`dispatch_http_call`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchCall {
    /// The run's number for the call: what [`Engine::resume`] takes with its answer.
    pub id: u32,
    /// The upstream the snippet named (several may share a cluster).
    pub upstream: String,
    pub cluster: String,
    /// `:method`, `:path` and `:authority` first, then the rest, lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub timeout_ms: u64,
    /// An answer with a larger body is refused before it is read.
    pub max_response_bytes: u64,
}

/// A request whose snippet waits for its fetches. Dropped, it frees everything the
/// run held (a client that went away).
pub struct Waiting {
    /// Boxed: a step is passed by value on every request, and few wait.
    run: Box<WaitingRun>,
    /// Each call's timeout, for the message of a timed-out call.
    timeouts: Vec<(u32, u64)>,
}

impl fmt::Debug for Waiting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiting")
            .field("timeouts", &self.timeouts)
            .finish_non_exhaustive()
    }
}

impl Outcome {
    /// A reply to `accepted` carries its endpoint's CORS headers, whatever made it.
    fn finished_for(mut self, accepted: &Accepted) -> Outcome {
        if let Step::Reply(reply) = self.step {
            self.step = Step::Reply(accepted.finish(reply));
        }
        self
    }

    fn reply(reply: Reply, logs: Vec<LogRecord>, counters: Vec<Counter>) -> Outcome {
        Outcome {
            step: Step::Reply(reply),
            logs,
            counters,
        }
    }
}

/// What loading made of one endpoint, beside its definition.
struct LoadedEndpoint {
    /// The user its snippet runs as.
    run_as: Option<usize>,
    limits: Limits,
    /// The parts of `request` its snippet reads.
    needs: Needs,
    /// Its compiled body schema: built at load, or at its first request
    /// ([`Building::AtFirstUse`]). Empty for an endpoint without one.
    schema: OnceCell<BodySchema>,
    /// For a forward endpoint, the index of its upstream in the bundle's.
    forward_to: Option<usize>,
    /// What its snippet may fetch.
    fetch_scope: FetchScope,
}

pub struct Engine {
    hash: ContentHash,
    content: BundleContent,
    router: Router,
    api_keys: ApiKeys,
    /// One per endpoint of the bundle, in its order.
    loaded: Vec<LoadedEndpoint>,
    /// The `WWW-Authenticate` value of this bundle's `401`s.
    challenge: String,
    /// Index of the users by login, for token subjects.
    users_by_login: HashMap<String, usize>,
    /// The snippets run one request at a time (wasm is single-threaded); the cell
    /// lets `Engine` be shared by every HTTP context of the bundle.
    program: RefCell<Program>,
    /// The JSON Schema patterns compiled so far, shared by the bundle's schemas
    /// whether they are built at load or at their first request.
    patterns: json::Patterns,
}

impl Engine {
    pub fn hash(&self) -> ContentHash {
        self.hash
    }

    pub fn content(&self) -> &BundleContent {
        &self.content
    }

    /// Fixes what snippets' `Date` reads as now (milliseconds since the Unix epoch),
    /// or gives back the host's clock: for the tests a definition holds. The filter
    /// never calls it.
    pub fn fix_time(&self, millis: Option<i64>) {
        if let Ok(program) = self.program.try_borrow() {
            program.fix_time(millis);
        }
    }

    /// Steps 1 to 5 of the pipeline, on the request headers.
    pub fn decide(&self, head: &RequestHead, host: &dyn Host) -> Decision {
        let (path, _) = split_query(head.path());
        let Some(found) = self.router.lookup(path) else {
            return Decision::NotOurs;
        };
        let origin = head.header("origin");
        let Some(index) = found.table.for_request(head.method()) else {
            if let Some(preflight) = self.preflight(head, found.table, origin) {
                return Decision::Reply {
                    reply: preflight,
                    endpoint: None,
                };
            }
            let allow = found.table.allow();
            let reply = Reply::error(
                405,
                "MethodNotAllowed",
                &format!("this route accepts {allow}"),
            )
            .with_header("allow", &allow);
            // The route's CORS, so that a browser can read why.
            let cors = Method::ALL
                .into_iter()
                .filter_map(|m| found.table.get(m))
                .find_map(|i| self.content.endpoints.get(i)?.cors.as_ref());
            return Decision::Reply {
                reply: CorsHeaders::for_request(cors, origin).apply(reply),
                endpoint: None,
            };
        };
        let Some(endpoint) = self.content.endpoints.get(index) else {
            // The router names only endpoints of this bundle.
            return Decision::Reply {
                reply: generic_failure(),
                endpoint: None,
            };
        };
        let cors = CorsHeaders::for_request(endpoint.cors.as_ref(), origin);
        let refuse = |reply: Reply| Decision::Reply {
            reply: cors.apply(reply),
            endpoint: Some(index),
        };

        let caller = match endpoint.auth_type {
            AuthType::Public => None,
            AuthType::User => match self.identify(head, host) {
                Ok(Some(caller)) => Some(caller),
                Ok(None) => return refuse(self.unauthorized("this endpoint needs an identity")),
                Err(reply) => return refuse(reply),
            },
        };
        if let Some(caller) = &caller
            && !endpoint.allowed_groups.is_empty()
            && !self.in_any_group(caller, &endpoint.allowed_groups)
        {
            return refuse(Reply::error(
                403,
                "Forbidden",
                "the caller is in none of the groups this endpoint allows",
            ));
        }

        if let Some(expected) = endpoint.request_content_type
            && !media_type::matches(head.header("content-type"), expected)
        {
            return refuse(Reply::error(
                415,
                "UnsupportedMediaType",
                &format!("send the body as {}", expected.as_str()),
            ));
        }

        let body_limit = endpoint
            .limits
            .body_bytes
            .and_then(|limit| usize::try_from(limit).ok())
            .unwrap_or(DEFAULT_BODY_LIMIT);
        let declared_length = head
            .header("content-length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared_length.is_some_and(|length| length > body_limit as u64) {
            return refuse(body_too_large(body_limit));
        }

        Decision::Accept(Accepted {
            endpoint: index,
            params: found.params,
            caller,
            body_limit,
            cors,
        })
    }

    /// Answers a CORS preflight (`OPTIONS` with `Origin` and
    /// `Access-Control-Request-Method`) to a route with `cors` on some endpoint; `None`
    /// when it is not one, and step 2's `405` applies.
    fn preflight(
        &self,
        head: &RequestHead,
        table: &crate::router::MethodTable,
        origin: Option<&str>,
    ) -> Option<Reply> {
        if head.method() != "OPTIONS" || head.header("access-control-request-method").is_none() {
            return None;
        }
        let with_cors: Vec<(Method, &Cors)> = Method::ALL
            .into_iter()
            .filter_map(|m| {
                let endpoint = self.content.endpoints.get(table.get(m)?)?;
                Some((m, endpoint.cors.as_ref()?))
            })
            .collect();
        if with_cors.is_empty() {
            return None;
        }
        let origin = origin?;
        let allowed: Vec<(Method, &str)> = with_cors
            .iter()
            .filter_map(|(m, cors)| Some((*m, cors.allow_origin(origin)?)))
            .collect();
        let methods: Vec<&str> = allowed.iter().map(|(m, _)| m.as_str()).collect();
        if methods.is_empty() {
            return Some(
                Reply::error(
                    403,
                    "Forbidden",
                    "this origin may not call this route from a browser: list it in the endpoint's `cors`",
                )
                .with_header("vary", "origin"),
            );
        }
        // `*` only when every method allows any origin; else the origin itself.
        let any_origin = with_cors.len() == allowed.len() && allowed.iter().all(|(_, a)| *a == "*");
        let mut reply = Reply::new(204)
            .with_header(
                "access-control-allow-origin",
                if any_origin { "*" } else { origin },
            )
            .with_header("access-control-allow-methods", &methods.join(", "))
            .with_header("access-control-max-age", CORS_MAX_AGE)
            .with_header(
                "vary",
                "origin, access-control-request-method, access-control-request-headers",
            );
        // The headers a page may send: those it asks for, when they are header names.
        if let Some(requested) = head.header("access-control-request-headers")
            && requested
                .split(',')
                .all(|name| name.trim().bytes().all(is_token_byte))
        {
            reply = reply.with_header("access-control-allow-headers", requested);
        }
        Some(reply)
    }

    /// Step 3: an API key, else a JWT verified by Envoy. A credential that is presented
    /// but not valid is a `401` (or `403`), never a fall back to another; and a request
    /// presents one credential: two keys, two tokens, or a key beside a token are a
    /// `401`, so no layer in front can pick a different one than the filter did.
    fn identify(&self, head: &RequestHead, host: &dyn Host) -> Result<Option<Caller>, Reply> {
        let mut keys = head
            .headers()
            .filter(|(name, _)| *name == API_KEY_HEADER)
            .map(|(_, value)| value);
        let key = keys.next();
        if keys.next().is_some() {
            return Err(self.unauthorized("the request has more than one X-API-Key header"));
        }
        let jwt = self.content.auth.jwt.as_ref();
        if let Some(jwt) = jwt {
            // Envoy joins repeated `Authorization` headers with a comma, which no token
            // holds; `jwt_authn` would read one of them.
            let mut tokens = head
                .headers()
                .filter(|(name, _)| *name == AUTHORIZATION_HEADER)
                .flat_map(|(_, value)| value.split(','));
            let token = tokens.next();
            if tokens.next().is_some() {
                return Err(self.unauthorized("the request has more than one Authorization value"));
            }
            // `jwt_authn` may remove the header it verified (`forward: false`): a
            // verified payload is a token too.
            if key.is_some()
                && (token.is_some_and(is_bearer)
                    || host.jwt_payload(&jwt.payload_in_metadata).is_some())
            {
                return Err(self.unauthorized(
                    "the request has both an X-API-Key and a bearer token: send one credential",
                ));
            }
        }
        if let Some(key) = key {
            return match self.api_keys.user_for(key.trim().as_bytes()) {
                Some(user) => Ok(Some(Caller::Known { user, claims: None })),
                None => Err(self.unauthorized("the X-API-Key is not a key of any user")),
            };
        }
        let Some(jwt) = jwt else {
            return Ok(None);
        };
        let Some(claims) = host.jwt_payload(&jwt.payload_in_metadata) else {
            return Ok(None);
        };
        let issuer = claims.get("iss").and_then(Value::as_str);
        if !issuer.is_some_and(|iss| jwt.issuers.iter().any(|listed| listed == iss)) {
            return Err(Reply::error(
                403,
                "Forbidden",
                "the token is valid, but its issuer is not one the `auth` document lists in `jwt.issuers`",
            ));
        }
        let Some(login) = claims.get(&jwt.user_claim).and_then(Value::as_str) else {
            return Err(Reply::error(
                403,
                "Forbidden",
                &format!("the token has no `{}` claim naming a user", jwt.user_claim),
            ));
        };
        if let Some(&user) = self.users_by_login.get(login) {
            return Ok(Some(Caller::Known {
                user,
                claims: Some(claims),
            }));
        }
        match jwt.unknown_subject {
            UnknownSubject::Reject => Err(Reply::error(
                403,
                "Forbidden",
                "the token is valid, but its subject is not a user of these endpoints",
            )),
            UnknownSubject::Claims => {
                let groups: Vec<Value> = claims
                    .get("groups")
                    .and_then(Value::as_array)
                    .map(|list| list.iter().filter(|g| g.is_string()).cloned().collect())
                    .unwrap_or_default();
                let name = claims.get("name").and_then(Value::as_str).unwrap_or(login);
                let view = json!({"login": login, "name": name, "groups": groups});
                Ok(Some(Caller::FromClaims { view, claims }))
            }
        }
    }

    fn in_any_group(&self, caller: &Caller, allowed: &[String]) -> bool {
        match caller {
            Caller::Known { user, .. } => self
                .content
                .users
                .get(*user)
                .is_some_and(|u| u.groups.iter().any(|g| allowed.contains(g))),
            Caller::FromClaims { view, .. } => view["groups"].as_array().is_some_and(|groups| {
                groups
                    .iter()
                    .any(|g| g.as_str().is_some_and(|g| allowed.iter().any(|a| a == g)))
            }),
        }
    }

    fn unauthorized(&self, reason: &str) -> Reply {
        let accepted = if self.content.auth.jwt.is_some() {
            "send a valid X-API-Key header or a bearer token"
        } else {
            "send a valid X-API-Key header"
        };
        Reply::error(401, "Unauthorized", &format!("{reason}: {accepted}"))
            .with_header("www-authenticate", &self.challenge)
    }

    /// Steps 6 and 7: checks the body and runs the snippet. Every answer carries the
    /// endpoint's CORS headers.
    pub fn execute(&self, accepted: &Accepted, head: &RequestHead, body: &[u8]) -> Outcome {
        self.execute_checked(accepted, head, body)
            .finished_for(accepted)
    }

    /// How a request that passed every check goes on to its endpoint's upstream:
    /// its path, the client's `x-endpoint-*` headers and API key removed, and the
    /// identity, the upstream's fixed headers and the snippet's set.
    fn forwarding(
        &self,
        accepted: &Accepted,
        head: &RequestHead,
        endpoint: &Endpoint,
        snippet_headers: Vec<(String, String)>,
    ) -> Result<Forwarding, Box<Outcome>> {
        let upstream = self
            .loaded
            .get(accepted.endpoint)
            .and_then(|loaded| loaded.forward_to)
            .and_then(|index| self.content.upstreams.get(index));
        let (Some(upstream), Some(target)) = (upstream, &endpoint.forward) else {
            return Err(Box::new(internal_error(
                "the endpoint forwards to no upstream".into(),
                &endpoint.name,
            )));
        };
        let path = match &target.path {
            None => head.path().to_string(),
            Some(template) => {
                let (_, query) = split_query(head.path());
                forward::fill_path(template, &accepted.params, query).map_err(|unsafe_param| {
                    Box::new(Outcome::reply(
                        Reply::error(
                            400,
                            "BadRequest",
                            &format!(
                                "route parameter `{}` cannot be `.` or `..`",
                                unsafe_param.name
                            ),
                        ),
                        Vec::new(),
                        Vec::new(),
                    ))
                })?
            }
        };
        let mut remove: Vec<String> = head
            .headers()
            .map(|(name, _)| name)
            .filter(|name| name.starts_with(forward::RESERVED_PREFIX) || *name == API_KEY_HEADER)
            .map(str::to_string)
            .collect();
        remove.sort();
        remove.dedup();
        let mut set: Vec<(String, String)> = upstream.headers.clone();
        for (name, value) in snippet_headers {
            let lower = name.to_ascii_lowercase();
            if let Err(reason) = forward::check_header_name(&lower) {
                return Err(Box::new(internal_error(
                    format!("result.forward header {name:?}: {reason}"),
                    &endpoint.name,
                )));
            }
            if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
                return Err(Box::new(internal_error(
                    format!("result.forward header {name:?} holds CR, LF or NUL"),
                    &endpoint.name,
                )));
            }
            set.retain(|(n, _)| *n != lower);
            set.push((lower, value));
        }
        set.extend(self.identity_headers(accepted, endpoint));
        set.push((forward::CLUSTER_HEADER.into(), upstream.cluster.clone()));
        set.push((
            forward::TIMEOUT_HEADER.into(),
            upstream.timeout_ms.to_string(),
        ));
        Ok(Forwarding {
            upstream: upstream.name.clone(),
            path,
            remove,
            set,
            cors: accepted.cors.clone(),
        })
    }

    /// A snippet's call as the host sends it: to the upstream's cluster, with the
    /// upstream's headers, the snippet's, and the identity the proxy sets.
    fn fetch_call(
        &self,
        accepted: &Accepted,
        endpoint: &Endpoint,
        request: FetchRequest,
    ) -> Option<FetchCall> {
        let upstream = self
            .content
            .upstreams
            .iter()
            .find(|u| u.name == request.upstream)?;
        let authority = upstream
            .address
            .clone()
            .unwrap_or_else(|| upstream.cluster.clone());
        let mut headers = vec![
            (":method".to_string(), request.method),
            (":path".to_string(), request.path),
            (":authority".to_string(), authority),
        ];
        let mut own: Vec<(String, String)> = upstream.headers.clone();
        for (name, value) in request.headers {
            own.retain(|(n, _)| *n != name);
            own.push((name, value));
        }
        headers.extend(own);
        headers.extend(self.identity_headers(accepted, endpoint));
        Some(FetchCall {
            id: request.id,
            upstream: upstream.name.clone(),
            cluster: upstream.cluster.clone(),
            headers,
            body: request.body,
            timeout_ms: upstream.timeout_ms,
            max_response_bytes: upstream.max_response_bytes,
        })
    }

    /// Who the request is for, as an upstream learns it (forwarded or fetched): the
    /// user it runs as, that user's groups, and the endpoint.
    fn identity_headers(&self, accepted: &Accepted, endpoint: &Endpoint) -> Vec<(String, String)> {
        let mut headers = Vec::with_capacity(3);
        if let Some((login, groups)) = self.runs_as(accepted) {
            headers.push((forward::USER_HEADER.into(), forward::header_value(&login)));
            headers.push((
                forward::GROUPS_HEADER.into(),
                forward::header_value(&groups.join(",")),
            ));
        }
        headers.push((
            forward::ENDPOINT_HEADER.into(),
            forward::header_value(&endpoint.name),
        ));
        headers
    }

    /// The login and groups of the user a request runs as: the endpoint's
    /// `exec_as_user`, else the caller.
    fn runs_as(&self, accepted: &Accepted) -> Option<(String, Vec<String>)> {
        let known = |index: usize| {
            self.content
                .users
                .get(index)
                .map(|u| (u.login.clone(), u.groups.clone()))
        };
        if let Some(index) = self
            .loaded
            .get(accepted.endpoint)
            .and_then(|loaded| loaded.run_as)
        {
            return known(index);
        }
        match accepted.caller.as_ref()? {
            Caller::Known { user, .. } => known(*user),
            Caller::FromClaims { view, .. } => {
                let login = view["login"].as_str()?.to_string();
                let groups = view["groups"]
                    .as_array()
                    .map(|list| {
                        list.iter()
                            .filter_map(|g| g.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                Some((login, groups))
            }
        }
    }

    /// Step 6: the body against its content type and schema. `Err` is the answer.
    /// A JSON body is kept, read, only for a snippet that reads `request.json`
    /// (`wants_json`); otherwise it is only checked.
    fn check_body<'a>(
        &self,
        schema: Option<&BodySchema>,
        wants_json: bool,
        endpoint: &Endpoint,
        body: &'a [u8],
        logs: &mut Vec<LogRecord>,
        counters: &mut Vec<Counter>,
    ) -> Result<Option<json::Document<'a>>, Reply> {
        let (parsed, violations) = match endpoint.request_content_type {
            Some(ContentType::Json) => {
                let schema = match schema {
                    Some(BodySchema::Json(schema)) => Some(schema),
                    _ => None,
                };
                match json::check(body, schema, wants_json, crate::snippet::memory_exhausted) {
                    BodyCheck::Valid(parsed) => return Ok(parsed),
                    BodyCheck::Invalid(parsed, violations) => (parsed, violations),
                    BodyCheck::Malformed(violation) => {
                        counters.push(Counter::BodyRejected);
                        return Err(validation_problem(vec![violation]));
                    }
                }
            }
            Some(ContentType::Xml) => {
                let schema = match schema {
                    Some(BodySchema::Xml(schema)) => Some(schema),
                    _ => None,
                };
                match validation::xml::check(body, schema) {
                    BodyCheck::Valid(()) => return Ok(None),
                    BodyCheck::Invalid((), violations) => (None, violations),
                    BodyCheck::Malformed(violation) => {
                        counters.push(Counter::BodyRejected);
                        return Err(validation_problem(vec![violation]));
                    }
                }
            }
            _ => return Ok(None),
        };
        if endpoint.validation == ValidationMode::LogOnly {
            // Where and which rule, never the values: they are the caller's data.
            let listed: Vec<String> = violations
                .iter()
                .take(10)
                .map(|v| {
                    format!(
                        "{} ({})",
                        if v.path.is_empty() { "/" } else { &v.path },
                        v.kind
                    )
                })
                .collect();
            logs.push(LogRecord {
                level: Level::Warning,
                message: format!(
                    "endpoint {:?}: validation log_only: the body fails its schema ({} violation(s): {}); let through",
                    endpoint.name,
                    violations.len(),
                    listed.join(", ")
                ),
            });
            counters.push(Counter::BodyLoggedOnly);
            return Ok(parsed);
        }
        counters.push(Counter::BodyRejected);
        Err(validation_problem(violations))
    }

    /// The endpoint's schema and snippet, built now if the bundle loaded
    /// [`Building::AtFirstUse`] and no request has needed them yet. The bundle was
    /// checked in full when it first loaded, so a failure here is a defect; it is a
    /// `500`, never a request let through unchecked.
    fn built<'a>(
        &self,
        index: usize,
        endpoint: &Endpoint,
        loaded: &'a LoadedEndpoint,
    ) -> Result<Option<&'a BodySchema>, Box<Outcome>> {
        let unbuilt = |what: &str, reason: String| {
            Box::new(Outcome::reply(
                generic_failure(),
                vec![LogRecord {
                    level: Level::Error,
                    message: format!(
                        "endpoint {:?}: its {what} could not be built at its first request, though the bundle was checked in full when it loaded: {reason}",
                        endpoint.name
                    ),
                }],
                Vec::new(),
            ))
        };
        let schema = match (&endpoint.request_content_schema, loaded.schema.get()) {
            (None, _) => None,
            (Some(_), Some(built)) => Some(built),
            (Some(source), None) => {
                let built = BodySchema::compile(source, endpoint.schema_formats, &self.patterns)
                    .map_err(|error| unbuilt("request_content_schema", error.to_string()))?;
                Some(loaded.schema.get_or_init(|| built))
            }
        };
        if endpoint.exec_mode != ExecMode::Forward || !endpoint.code.is_empty() {
            let Ok(mut program) = self.program.try_borrow_mut() else {
                return Err(Box::new(internal_error(
                    "snippet runtime re-entered".into(),
                    &endpoint.name,
                )));
            };
            program
                .prepare(index, endpoint)
                .map_err(|error| unbuilt("snippet", error.to_string()))?;
        }
        Ok(schema)
    }

    fn execute_checked(&self, accepted: &Accepted, head: &RequestHead, body: &[u8]) -> Outcome {
        let (Some(endpoint), Some(loaded)) = (
            self.content.endpoints.get(accepted.endpoint),
            self.loaded.get(accepted.endpoint),
        ) else {
            return internal_error("accepted request names no endpoint".into(), "?");
        };
        let needs = loaded.needs;
        if let Some(answer) = &endpoint.answer {
            let reply = Reply {
                status: 200,
                headers: vec![("content-type".into(), answer.content_type.clone())],
                body: answer.body.clone().into_bytes(),
            };
            return Outcome::reply(reply, Vec::new(), Vec::new());
        }
        // Built before the run's memory is counted: what a first request builds
        // stays for every later one.
        let schema = match self.built(accepted.endpoint, endpoint, loaded) {
            Ok(schema) => schema,
            Err(failed) => return *failed,
        };
        let mut logs = Vec::new();
        let mut counters = Vec::new();
        let limits = loaded.limits;
        // The body parsed and `request` built count against the run's memory limit:
        // whichever step crosses it, the run ends stopped.
        let preparing = Preparing::begin(limits);
        let stopped =
            |progress: crate::snippet::Run, logs: Vec<LogRecord>, counters: Vec<Counter>| {
                self.conclude(
                    accepted,
                    head,
                    endpoint,
                    Progress::Done(progress),
                    logs,
                    counters,
                )
            };
        let json =
            match self.check_body(schema, needs.json, endpoint, body, &mut logs, &mut counters) {
                Ok(parsed) => parsed,
                Err(reply) => {
                    return match preparing.finish() {
                        // Not refused: its check was stopped.
                        Err(run) => stopped(run, logs, Vec::new()),
                        Ok(_) => Outcome::reply(reply, logs, counters),
                    };
                }
            };
        if endpoint.exec_mode == ExecMode::Forward && endpoint.code.is_empty() {
            if let Err(run) = preparing.finish() {
                return stopped(run, logs, counters);
            }
            return match self.forwarding(accepted, head, endpoint, Vec::new()) {
                Ok(forwarding) => Outcome {
                    step: Step::Forward(forwarding),
                    logs,
                    counters,
                },
                Err(failed) => *failed,
            };
        }
        let request = match request::view(
            needs,
            endpoint.request_content_type,
            head,
            &accepted.params,
            body,
            json,
        ) {
            Ok(request) => request,
            Err(reply) => {
                return match preparing.finish() {
                    Err(run) => stopped(run, logs, counters),
                    Ok(_) => Outcome::reply(reply, logs, counters),
                };
            }
        };
        let described;
        let caller = match &accepted.caller {
            None => CallerView::Nobody,
            Some(Caller::Known { user, claims: None }) => CallerView::User(*user),
            Some(Caller::Known {
                user,
                claims: Some(claims),
            }) => {
                let known = self.content.users.get(*user);
                described = json!({
                    "login": known.map(|u| u.login.as_str()),
                    "name": known.map(|u| u.name.as_str()),
                    "groups": known.map(|u| u.groups.as_slice()),
                    "claims": claims,
                });
                CallerView::Described(&described)
            }
            Some(Caller::FromClaims { view, claims }) => {
                let mut view = view.clone();
                if let Some(fields) = view.as_object_mut() {
                    fields.insert("claims".into(), Value::Object(claims.clone()));
                }
                described = view;
                CallerView::Described(&described)
            }
        };
        let Ok(mut program) = self.program.try_borrow_mut() else {
            return internal_error("snippet runtime re-entered".into(), &endpoint.name);
        };
        let progress = program.start(RunStart {
            endpoint: accepted.endpoint,
            request,
            caller,
            run_as: loaded.run_as,
            limits,
            scope: loaded.fetch_scope.clone(),
            preparing,
        });
        drop(program);
        let progress = match progress {
            Ok(progress) => progress,
            Err(error) => return internal_error(error.to_string(), &endpoint.name),
        };
        self.conclude(accepted, head, endpoint, progress, logs, counters)
    }

    /// Hands a waiting request the answer to one of its fetches and runs it on.
    pub fn resume(
        &self,
        accepted: &Accepted,
        head: &RequestHead,
        waiting: Waiting,
        call: u32,
        answer: FetchAnswer,
    ) -> Outcome {
        let Some(endpoint) = self.content.endpoints.get(accepted.endpoint) else {
            return internal_error("accepted request names no endpoint".into(), "?");
        };
        let Ok(mut program) = self.program.try_borrow_mut() else {
            return internal_error("snippet runtime re-entered".into(), &endpoint.name);
        };
        let timeout = waiting
            .timeouts
            .iter()
            .find(|(id, _)| *id == call)
            .map(|(_, ms)| *ms);
        let progress = program.resume(*waiting.run, call, timeout, answer);
        drop(program);
        self.conclude(accepted, head, endpoint, progress, Vec::new(), Vec::new())
            .finished_for(accepted)
    }

    /// What a run came to: its reply, a forward, or the calls it waits for.
    fn conclude(
        &self,
        accepted: &Accepted,
        head: &RequestHead,
        endpoint: &Endpoint,
        progress: Progress,
        mut logs: Vec<LogRecord>,
        mut counters: Vec<Counter>,
    ) -> Outcome {
        let ran = match progress {
            Progress::Done(run) => run,
            Progress::Waiting(run, requests) => {
                let mut calls = Vec::with_capacity(requests.len());
                let mut timeouts = Vec::with_capacity(requests.len());
                for request in requests {
                    match self.fetch_call(accepted, endpoint, request) {
                        Some(call) => {
                            timeouts.push((call.id, call.timeout_ms));
                            calls.push(call);
                        }
                        None => {
                            return internal_error(
                                "a fetch names an upstream the bundle lacks".into(),
                                &endpoint.name,
                            );
                        }
                    }
                }
                return Outcome {
                    step: Step::Fetch(
                        calls,
                        Waiting {
                            run: Box::new(run),
                            timeouts,
                        },
                    ),
                    logs,
                    counters,
                };
            }
        };

        logs.extend(ran.logs.into_iter().map(|record| LogRecord {
            level: record.level,
            message: format!("endpoint {:?}: {}", endpoint.name, record.message),
        }));
        let failure = match ran.outcome {
            Ok(Answer::Reply(reply)) => match checked_reply(reply, &endpoint.name, &mut logs) {
                Ok(reply) => return Outcome::reply(reply, logs, counters),
                Err(reason) => SnippetFailure {
                    reason,
                    stopped: false,
                },
            },
            Ok(Answer::Forward { headers }) if endpoint.exec_mode == ExecMode::Forward => {
                return match self.forwarding(accepted, head, endpoint, headers) {
                    Ok(forwarding) => Outcome {
                        step: Step::Forward(forwarding),
                        logs,
                        counters,
                    },
                    Err(failed) => {
                        let mut failed = *failed;
                        logs.append(&mut failed.logs);
                        failed.logs = logs;
                        failed.counters.append(&mut counters);
                        failed
                    }
                };
            }
            Ok(Answer::Forward { .. }) => SnippetFailure {
                reason: "result.forward is for endpoints with `exec_mode: forward`".into(),
                stopped: false,
            },
            Err(failure) => failure,
        };
        counters.push(if failure.stopped {
            Counter::SnippetStopped
        } else {
            Counter::SnippetFailed
        });
        let mut failed = internal_error(failure.reason, &endpoint.name);
        logs.append(&mut failed.logs);
        failed.logs = logs;
        failed.counters = counters;
        failed
    }
}

pub(crate) fn split_query(path: &str) -> (&str, &str) {
    path.split_once('?').unwrap_or((path, ""))
}

/// The `400` of step 6 (docs/request-handling.md).
pub fn validation_problem(errors: Vec<Violation>) -> Reply {
    let body = json!({
        "type": "urn:endpoint:problem:request-validation",
        "title": "RequestValidationError",
        "status": 400,
        "errors": errors,
    });
    Reply {
        status: 400,
        headers: vec![("content-type".into(), "application/problem+json".into())],
        body: body.to_string().into_bytes(),
    }
}

pub fn body_too_large(limit: usize) -> Reply {
    Reply::error(
        413,
        "PayloadTooLarge",
        &format!("the body is over this endpoint's limit of {limit} bytes"),
    )
}

/// The generic `500` body: what went wrong is for the log only.
pub fn generic_failure() -> Reply {
    Reply::error(
        500,
        "InternalServerError",
        "the endpoint failed; the proxy's log has the details",
    )
}

/// An `Authorization` value of the `Bearer` scheme (case-insensitive, RFC 9110 §11.1).
fn is_bearer(value: &str) -> bool {
    value
        .trim_start()
        .get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer "))
}

/// The generic `500`; the reason goes to the log only.
fn internal_error(reason: String, endpoint: &str) -> Outcome {
    Outcome {
        step: Step::Reply(generic_failure()),
        logs: vec![LogRecord {
            level: Level::Error,
            message: format!("endpoint {endpoint:?}: snippet failed: {reason}"),
        }],
        counters: Vec::new(),
    }
}

/// Checks the headers a snippet set: a name must be an HTTP token and a value must
/// hold no CR, LF or NUL, or the response could be split.
fn checked_reply(
    reply: SnippetReply,
    endpoint: &str,
    logs: &mut Vec<LogRecord>,
) -> Result<Reply, String> {
    let mut headers = Vec::with_capacity(reply.headers.len());
    for (name, value) in reply.headers {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(format!(
                "response header name {name:?} is not a valid HTTP header name"
            ));
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(format!("response header {name:?} holds CR, LF or NUL"));
        }
        let lower = name.to_ascii_lowercase();
        if lower == "content-length" || lower == "transfer-encoding" {
            logs.push(LogRecord {
                level: Level::Warning,
                message: format!("endpoint {endpoint:?}: response header {name:?} is set by the proxy; the snippet's value is ignored"),
            });
            continue;
        }
        headers.push((lower, value));
    }
    let mut body = reply.body.into_bytes();
    // These answers have no content (RFC 9110 §15.3.5, §15.4.5): a body would be
    // read by the client as the start of the next response.
    if matches!(reply.status, 204 | 304) && !body.is_empty() {
        logs.push(LogRecord {
            level: Level::Warning,
            message: format!(
                "endpoint {endpoint:?}: a {} answer has no body; the snippet's {} bytes are dropped",
                reply.status,
                body.len()
            ),
        });
        body.clear();
    }
    Ok(Reply {
        status: reply.status,
        headers,
        body,
    })
}

use crate::forward::is_token_byte;

mod request;

#[cfg(test)]
mod tests;
