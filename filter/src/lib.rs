//! The Envoy side of Endpoint: a proxy-wasm HTTP filter that only translates host
//! calls into [`endpoint_core::Engine`] calls. All decisions are the engine's.
//!
//! Envoy runs one root context per filter configuration (per bundle); every HTTP
//! stream gets an [`EndpointStream`] that shares the root's engine and metrics ([`Live`]).

// A panic aborts the VM with every request on its worker: no index that can fail.
#![deny(clippy::indexing_slicing)]

mod header_map;
mod metadata;
// The fake host implements Envoy's side of the ABI: exported functions that read and
// write through raw pointers.
#[cfg(test)]
#[allow(unsafe_code)]
mod tests;

use std::cell::OnceCell;
use std::rc::Rc;

use std::time::Duration;

use endpoint_core::bundle::ContentHash;
use endpoint_core::configuration::{self, Configuration};
use endpoint_core::cors::CorsHeaders;
use endpoint_core::engine::Building;
use endpoint_core::engine::{
    Accepted, Decision, FetchCall, Host, Outcome, RequestHead, Step, Waiting, generic_failure,
};
use endpoint_core::forward::{self, Forwarding};
use endpoint_core::metrics::{Counter, EndpointMetrics, Kind};
use endpoint_core::model::Endpoint;
use endpoint_core::snippet::{FetchAnswer, FetchFailure};
use endpoint_core::{Engine, Level, LogRecord, Reply};
use proxy_wasm::hostcalls;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, BufferType, ContextType, LogLevel, MapType, MetricType, Status};

/// Counts the heap, so that a snippet run that outgrows its memory limit is stopped
/// before it exhausts the VM (core/src/snippet/heap.rs).
#[global_allocator]
static ALLOCATOR: endpoint_core::snippet::heap::CountingAllocator =
    endpoint_core::snippet::heap::CountingAllocator;

// The filter calls the SDK's `hostcalls`, which return the host's status as an error,
// never its trait methods (`send_http_response`, ...), which unwrap it: a panic aborts
// the VM (clippy.toml refuses them). Nor does it install the SDK's logger, which
// unwraps too: nothing here logs through the `log` crate.
proxy_wasm::main! {{
    // A panic aborts the VM; say so in Envoy's log before it happens.
    std::panic::set_hook(Box::new(|info| {
        let _ = hostcalls::log(LogLevel::Critical, &format!("endpoint filter panicked: {info}"));
    }));
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(EndpointRoot::default()) });
}}

#[derive(Default)]
struct EndpointRoot {
    live: Option<Rc<Live>>,
}

/// A loaded bundle with its metrics: a stream keeps the one it started with, whole.
struct Live {
    engine: Engine,
    /// One place per endpoint in bundle order, filled when a request first reaches the
    /// endpoint in this VM ([`EndpointStream::endpoint_metrics`]).
    metrics: Box<[OnceCell<Metrics>]>,
}

/// One endpoint's metrics; `None` where Envoy refused to define one (it is then not
/// counted).
type Metrics = EndpointMetrics<Option<u32>>;

impl Context for EndpointRoot {}

impl RootContext for EndpointRoot {
    fn on_configure(&mut self, _size: usize) -> bool {
        let bytes = match hostcalls::get_buffer(BufferType::PluginConfiguration, 0, usize::MAX) {
            Ok(bytes) => bytes.unwrap_or_default(),
            Err(status) => {
                // Refused, so the bundle serving stays.
                log(
                    LogLevel::Error,
                    &format!(
                        "endpoint bundle rejected: Envoy did not hand over the configuration ({status:?})"
                    ),
                );
                return false;
            }
        };
        let bytes = match configuration::read(&bytes) {
            Ok(Configuration::Bundle(bytes)) => bytes,
            Ok(Configuration::NoBundle) => {
                // The configuration Envoy starts with until a bundle arrives
                // (`default_config`): no bundle, so every request is a 503, since
                // without one the filter cannot tell which requests need its checks.
                // Anything else that is not a bundle (an empty file, say) is refused,
                // and the bundle serving stays.
                log(
                    LogLevel::Info,
                    "no endpoint bundle yet: every request is answered 503 until a sync delivers one",
                );
                self.live = None;
                return true;
            }
            Err(error) => {
                log(
                    LogLevel::Error,
                    &format!("endpoint bundle rejected: {error}"),
                );
                return false;
            }
        };
        let checked = checked_bundle();
        let building = std::cell::Cell::new(Building::AtLoad);
        let loaded = Engine::load_as(&bytes, &|hash| {
            if checked.as_deref() == Some(checked_record(hash).as_str()) {
                building.set(Building::AtFirstUse);
            }
            building.get()
        });
        match loaded {
            Ok(engine) => {
                let hash = engine.hash();
                let endpoints = engine.content().endpoints.len();
                let built = match building.get() {
                    Building::AtLoad => {
                        record_checked(hash);
                        "checked in full"
                    }
                    Building::AtFirstUse => {
                        "checked in full before by this build; schemas and snippets are built at first use"
                    }
                };
                log(
                    LogLevel::Info,
                    &format!(
                        "endpoint bundle {} loaded: {endpoints} endpoints, {built}",
                        hash.short()
                    ),
                );
                record_gauge("endpoint.bundle.version", hash.gauge_value());
                record_gauge("endpoint.bundle.endpoints", endpoints as u64);
                let metrics = (0..endpoints).map(|_| OnceCell::new()).collect();
                self.live = Some(Rc::new(Live { engine, metrics }));
                true
            }
            Err(error) => {
                // Returning false makes Envoy reject this configuration and keep the
                // last good one serving.
                log(
                    LogLevel::Error,
                    &format!("endpoint bundle rejected: {error}"),
                );
                false
            }
        }
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }

    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(self.stream()))
    }
}

impl EndpointRoot {
    fn stream(&self) -> EndpointStream {
        EndpointStream {
            live: self.live.clone(),
            pending: None,
            body_size: 0,
            fetching: None,
            forwarded_cors: CorsHeaders::default(),
            measure: Measure::default(),
        }
    }
}

struct EndpointStream {
    /// The bundle the stream started with; `None` only if Envoy created a stream
    /// before a successful `on_configure`.
    live: Option<Rc<Live>>,
    /// The accepted request, waiting for its body.
    pending: Option<(Accepted, RequestHead)>,
    /// How much of the body Envoy has buffered so far.
    body_size: usize,
    /// A request whose snippet waits for its fetches. Dropped with the stream when
    /// the client goes away: the run and all it held are freed.
    fetching: Option<Fetching>,
    /// A forwarded request's CORS headers, for the upstream's answer.
    forwarded_cors: CorsHeaders,
    measure: Measure,
}

/// What the stream measures of a request an endpoint took.
#[derive(Default)]
struct Measure {
    /// The endpoint, once the request reached one.
    endpoint: Option<usize>,
    /// The filter's own time so far, in nanoseconds, over all its callbacks.
    busy_ns: u64,
    /// When the callback under way began, if the host told the time.
    entered_ns: Option<u64>,
    /// The filter is done with the request (answered or forwarded): its time is
    /// recorded when the callback under way ends.
    done: bool,
    /// Forwarded: the upstream's status is counted when its answer passes.
    forwarded: bool,
}

struct Fetching {
    accepted: Accepted,
    head: RequestHead,
    waiting: Waiting,
    in_flight: Vec<InFlight>,
}

/// A call under way: the host's token, the run's number, the largest body taken,
/// and the upstream it went to (for its metrics).
struct InFlight {
    token: u32,
    id: u32,
    max_response_bytes: u64,
    upstream: String,
}

/// What the stream does once the engine's step is carried out.
enum Next {
    /// Stay paused: answered, or waiting for fetches.
    Pause,
    /// Go on to Envoy's router (forwarded).
    Continue,
}

impl Next {
    fn action(self) -> Action {
        match self {
            Next::Pause => Action::Pause,
            Next::Continue => Action::Continue,
        }
    }
}

impl Context for EndpointStream {
    fn on_http_call_response(
        &mut self,
        token: u32,
        num_headers: usize,
        body_size: usize,
        _num_trailers: usize,
    ) {
        self.timed(|stream| stream.call_answered(token, num_headers, body_size));
    }
}

impl EndpointStream {
    fn call_answered(&mut self, token: u32, num_headers: usize, body_size: usize) {
        let Some(mut fetching) = self.fetching.take() else {
            return;
        };
        let Some(at) = fetching.in_flight.iter().position(|c| c.token == token) else {
            self.fetching = Some(fetching);
            return;
        };
        let call = fetching.in_flight.swap_remove(at);
        let answer = call_answer(num_headers, body_size, call.max_response_bytes);
        if let FetchAnswer::Failed(_) = answer {
            self.count_fetch_failure(&call.upstream);
        }
        let Fetching {
            accepted,
            head,
            waiting,
            in_flight,
        } = fetching;
        let Some(live) = self.live.clone() else {
            self.respond(&accepted.failed());
            return;
        };
        let outcome = live
            .engine
            .resume(&accepted, &head, waiting, call.id, answer);
        if let Next::Continue = self.carry_out(outcome, accepted.clone(), head, in_flight)
            && let Err(status) = hostcalls::resume_http_request()
        {
            log(
                LogLevel::Error,
                &format!(
                    "a forwarded request could not go on: Envoy refused to resume it ({status:?})"
                ),
            );
            self.respond(&accepted.failed());
        }
    }
}

/// Only the request side: the patched SDK exports no response, log or end-of-stream
/// callback, so that Envoy makes no call into the VM for them (vendor/README.md).
impl HttpContext for EndpointStream {
    fn on_http_request_headers(&mut self, _headers: usize, end_of_stream: bool) -> Action {
        self.timed(|stream| stream.request_headers(end_of_stream))
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        self.timed(|stream| stream.request_body(body_size, end_of_stream))
    }

    /// The upstream's answer to a forwarded request passes back unchanged, but for the
    /// endpoint's CORS headers. Every other answer (the filter's own, or one to a
    /// request that is not ours) passes untouched.
    fn on_http_response_headers(&mut self, _headers: usize, _end_of_stream: bool) -> Action {
        if std::mem::take(&mut self.measure.forwarded) {
            let status = hostcalls::get_map_value(MapType::HttpResponseHeaders, ":status")
                .ok()
                .flatten()
                .and_then(|status| status.parse::<u16>().ok());
            // No status at all is no answer the client can read.
            self.count_request(status.unwrap_or(502));
        }
        let cors = std::mem::take(&mut self.forwarded_cors);
        if !cors.is_empty() {
            for (name, value) in cors.headers() {
                // `vary` is added to the upstream's; the others replace its own.
                let set = if name == "vary" {
                    hostcalls::add_map_value(MapType::HttpResponseHeaders, name, value)
                } else {
                    hostcalls::set_map_value(MapType::HttpResponseHeaders, name, Some(value))
                };
                if set.is_err() {
                    log(
                        LogLevel::Warn,
                        "a forwarded answer's CORS headers could not be set",
                    );
                    break;
                }
            }
        }
        Action::Continue
    }

    /// A request with trailers ends here, not with an end-of-stream body callback: an
    /// accepted request must still be answered, never continue down the chain.
    fn on_http_request_trailers(&mut self, _trailers: usize) -> Action {
        self.timed(|stream| {
            if stream.pending.is_some() {
                return stream.run_pending();
            }
            Action::Continue
        })
    }
}

impl EndpointStream {
    fn request_headers(&mut self, end_of_stream: bool) -> Action {
        let Some(live) = self.live.clone() else {
            // Fail closed: without a bundle nothing can be checked.
            self.respond(&no_bundle());
            return Action::Pause;
        };
        // One host call for every header: a call that returns data also calls into
        // the VM to allocate it, which costs more than copying the headers we need.
        // The headers are then read where the host wrote them (header_map.rs).
        let head = hostcalls::get_map_serialized(MapType::HttpRequestHeaders)
            .ok()
            .and_then(header_map::request_head);
        let Some(head) = head else {
            // Fail closed: without its headers no request can be checked.
            log(
                LogLevel::Error,
                "the request headers could not be read from Envoy",
            );
            self.respond(&generic_failure());
            return Action::Pause;
        };
        // Most traffic is not ours: `decide` looks at the path first, and it goes on.
        match live.engine.decide(&head, &EnvoyHost) {
            Decision::NotOurs => {
                // The proxy's own headers never come from a client: one named
                // `x-endpoint-cluster` would pick a forward route's cluster.
                if head
                    .headers()
                    .any(|(name, _)| name.starts_with(forward::RESERVED_PREFIX))
                {
                    let removed = remove_reserved_headers(&head);
                    if removed.is_err() {
                        log(
                            LogLevel::Error,
                            "a client's x-endpoint-* header could not be removed",
                        );
                        self.respond(&generic_failure());
                        return Action::Pause;
                    }
                }
                Action::Continue
            }
            Decision::Reply { reply, endpoint } => {
                self.measure.endpoint = endpoint;
                self.respond(&reply);
                Action::Pause
            }
            Decision::Accept(accepted) if end_of_stream => {
                self.measure.endpoint = Some(accepted.endpoint());
                let outcome = live.engine.execute(&accepted, &head, &[]);
                self.carry_out(outcome, accepted, head, Vec::new()).action()
            }
            Decision::Accept(accepted) => {
                self.measure.endpoint = Some(accepted.endpoint());
                // Wait for the body; Envoy buffers it (allow_on_headers_stop_iteration).
                self.pending = Some((accepted, head));
                Action::Pause
            }
        }
    }

    fn request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        let Some((accepted, head)) = self.pending.take() else {
            return Action::Continue;
        };
        if body_size > accepted.body_limit {
            self.respond(&accepted.body_too_large());
            return Action::Pause;
        }
        self.body_size = body_size;
        self.pending = Some((accepted, head));
        if end_of_stream {
            return self.run_pending();
        }
        // While we pause, Envoy keeps buffering; body_size is the running total.
        Action::Pause
    }
}

impl EndpointStream {
    /// Runs the accepted request with the whole body Envoy buffered.
    fn run_pending(&mut self) -> Action {
        let Some((accepted, head)) = self.pending.take() else {
            return Action::Continue;
        };
        let Some(live) = self.live.clone() else {
            self.respond(&no_bundle());
            return Action::Pause;
        };
        let body = if self.body_size == 0 {
            Vec::new()
        } else {
            match hostcalls::get_buffer(BufferType::HttpRequestBody, 0, self.body_size) {
                Ok(Some(body)) => body,
                Ok(None) | Err(_) => {
                    // Fail closed: never run a snippet on a body it did not get.
                    log(
                        LogLevel::Error,
                        "the request body could not be read from Envoy",
                    );
                    self.respond(&accepted.failed());
                    return Action::Pause;
                }
            }
        };
        let outcome = live.engine.execute(&accepted, &head, &body);
        self.carry_out(outcome, accepted, head, Vec::new()).action()
    }

    /// Logs and counts what the engine decided, and carries it out: a reply is sent
    /// (the stream stays paused), a forwarded request goes on to Envoy's router, and
    /// a snippet's fetches are sent while the stream waits. `in_flight`: calls of the
    /// run already under way.
    fn carry_out(
        &mut self,
        mut outcome: Outcome,
        accepted: Accepted,
        head: RequestHead,
        mut in_flight: Vec<InFlight>,
    ) -> Next {
        // Calls Envoy refused to send, each answered in turn.
        let mut refused: Vec<(u32, FetchFailure)> = Vec::new();
        loop {
            write_logs(&outcome.logs);
            for counter in &outcome.counters {
                self.count(*counter);
            }
            let (calls, waiting) = match outcome.step {
                Step::Reply(reply) => {
                    self.respond(&reply);
                    return Next::Pause;
                }
                Step::Forward(forwarding) => {
                    return match rewrite_request(&forwarding) {
                        Ok(()) => {
                            self.forwarded_cors = forwarding.cors;
                            self.measure.done = true;
                            self.measure.forwarded = true;
                            Next::Continue
                        }
                        Err(what) => {
                            // Fail closed: a request half rewritten never reaches the
                            // upstream.
                            log(
                                LogLevel::Error,
                                &format!(
                                    "the request could not be forwarded: Envoy refused to {what}"
                                ),
                            );
                            self.respond(&accepted.failed());
                            Next::Pause
                        }
                    };
                }
                Step::Fetch(calls, waiting) => (calls, waiting),
            };
            for call in calls {
                self.count_fetch(&call.upstream);
                match dispatch(&call) {
                    Ok(token) => in_flight.push(InFlight {
                        token,
                        id: call.id,
                        max_response_bytes: call.max_response_bytes,
                        upstream: call.upstream,
                    }),
                    // Not sent: the snippet's promise rejects now.
                    Err(failure) => {
                        self.count_fetch_failure(&call.upstream);
                        refused.push((call.id, failure));
                    }
                }
            }
            let Some((id, failure)) = refused.pop() else {
                self.fetching = Some(Fetching {
                    accepted,
                    head,
                    waiting,
                    in_flight,
                });
                return Next::Pause;
            };
            let Some(live) = self.live.clone() else {
                self.respond(&accepted.failed());
                return Next::Pause;
            };
            outcome =
                live.engine
                    .resume(&accepted, &head, waiting, id, FetchAnswer::Failed(failure));
        }
    }

    /// Sends the filter's answer. If Envoy refuses it, the stream is reset: a paused
    /// request is never left waiting, nor let go on.
    fn respond(&mut self, reply: &Reply) {
        self.count_request(reply.status);
        self.measure.done = true;
        let headers: Vec<(&str, &str)> = reply
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        if let Err(status) =
            hostcalls::send_http_response(u32::from(reply.status), headers, Some(&reply.body))
        {
            log(
                LogLevel::Error,
                &format!(
                    "a {} answer could not be sent: Envoy refused it ({status:?}); the stream is reset",
                    reply.status
                ),
            );
            let _ = hostcalls::reset_http_request();
        }
    }
}

/// Metrics: defined at an endpoint's first request, counted per request, never named
/// per request.
impl EndpointStream {
    /// Runs one callback, adding its time to the filter's own; once the filter is done
    /// with the request, records that time in its endpoint's histogram.
    fn timed<T>(&mut self, callback: impl FnOnce(&mut EndpointStream) -> T) -> T {
        self.measure.entered_ns = now_ns();
        let result = callback(self);
        // A request no endpoint took costs no second reading of the clock.
        if let Some(entered) = self.measure.entered_ns.take()
            && self.measure.endpoint.is_some()
            && let Some(now) = now_ns()
        {
            self.measure.busy_ns += now.saturating_sub(entered);
        }
        if std::mem::take(&mut self.measure.done)
            && let Some(metrics) = self.endpoint_metrics()
            && let Some(id) = metrics.duration
        {
            let _ = hostcalls::record_metric(id, self.measure.busy_ns / 1_000);
        }
        result
    }

    /// The metrics of the endpoint that took the request, defined the first time one
    /// of its requests is counted. Defining them as a bundle loads cost Envoy more than
    /// the load itself for big bundles: Envoy runs its tag regexes on each new name.
    fn endpoint_metrics(&self) -> Option<&Metrics> {
        let index = self.measure.endpoint?;
        let live = self.live.as_ref()?;
        let endpoint = live.engine.content().endpoints.get(index)?;
        Some(
            live.metrics
                .get(index)?
                .get_or_init(|| define_metrics(endpoint)),
        )
    }

    fn increment(&self, metric: impl FnOnce(&Metrics) -> Option<u32>) {
        if let Some(id) = self.endpoint_metrics().and_then(metric) {
            let _ = hostcalls::increment_metric(id, 1);
        }
    }

    /// Counts a request by the class of the status its client got.
    fn count_request(&self, status: u16) {
        self.increment(|metrics| *metrics.request(status));
    }

    fn count(&self, counter: Counter) {
        self.increment(|metrics| *metrics.counter(counter));
    }

    fn count_fetch(&self, upstream: &str) {
        self.increment(|metrics| metrics.fetch(upstream).and_then(|(calls, _)| *calls));
    }

    fn count_fetch_failure(&self, upstream: &str) {
        self.increment(|metrics| metrics.fetch(upstream).and_then(|(_, failed)| *failed));
    }
}

/// Defines every metric of one endpoint.
fn define_metrics(endpoint: &Endpoint) -> Metrics {
    EndpointMetrics::named(&endpoint.name, &endpoint.upstreams).map(|name, kind| {
        let kind = match kind {
            Kind::Counter => MetricType::Counter,
            Kind::Histogram => MetricType::Histogram,
        };
        hostcalls::define_metric(kind, name).ok()
    })
}

/// The host's clock in nanoseconds, if it tells it.
fn now_ns() -> Option<u64> {
    let now = hostcalls::get_current_time().ok()?;
    let since = now.duration_since(std::time::UNIX_EPOCH).ok()?;
    u64::try_from(since.as_nanos()).ok()
}

/// Sends a snippet's call; `Err` when Envoy refuses it: no such cluster, or a call
/// that failed at once (the cluster's circuit breakers, for one).
fn dispatch(call: &FetchCall) -> Result<u32, FetchFailure> {
    let headers: Vec<(&str, &str)> = call
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    hostcalls::dispatch_http_call(
        &call.cluster,
        headers,
        call.body.as_deref(),
        Vec::new(),
        Duration::from_millis(call.timeout_ms),
    )
    .map_err(|status| match status {
        Status::BadArgument => {
            log(
                LogLevel::Warn,
                &format!(
                    "a fetch to cluster {:?} was refused: Envoy has no such cluster",
                    call.cluster
                ),
            );
            FetchFailure::NoCluster
        }
        _ => FetchFailure::Unavailable,
    })
}

/// The answer to every request while no bundle is loaded.
fn no_bundle() -> Reply {
    Reply::error(
        503,
        "ServiceUnavailable",
        "no endpoint bundle is loaded yet: sync one (endpoint-envoy sync)",
    )
    .with_header("retry-after", "5")
}

/// The answer to a call, as Envoy handed it over. Envoy answers a call it could not
/// complete itself: no headers at all for a reset, or its own `503` or `504`, which,
/// unlike an upstream's, lack the router's `x-envoy-upstream-service-time`.
fn call_answer(num_headers: usize, body_size: usize, max_response_bytes: u64) -> FetchAnswer {
    if num_headers == 0 {
        return FetchAnswer::Failed(FetchFailure::Unavailable);
    }
    let Some(headers) = hostcalls::get_map_serialized(MapType::HttpCallResponseHeaders)
        .ok()
        .and_then(|map| header_map::pairs(&map))
    else {
        return FetchAnswer::Failed(FetchFailure::Unavailable);
    };
    let status = headers
        .iter()
        .find(|(name, _)| name == ":status")
        .and_then(|(_, value)| value.parse::<u16>().ok());
    let Some(status) = status else {
        return FetchAnswer::Failed(FetchFailure::Unavailable);
    };
    let from_upstream = headers
        .iter()
        .any(|(name, _)| name == "x-envoy-upstream-service-time");
    if !from_upstream && status == 504 {
        return FetchAnswer::Failed(FetchFailure::Timeout);
    }
    if !from_upstream && status == 503 {
        return FetchAnswer::Failed(FetchFailure::Unavailable);
    }
    // Refused before a byte of it is copied into the VM.
    if body_size as u64 > max_response_bytes {
        return FetchAnswer::Failed(FetchFailure::TooLarge);
    }
    let body = if body_size == 0 {
        String::new()
    } else {
        match hostcalls::get_buffer(BufferType::HttpCallResponseBody, 0, body_size) {
            Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
            Ok(None) => String::new(),
            Err(_) => return FetchAnswer::Failed(FetchFailure::Unavailable),
        }
    };
    FetchAnswer::Response {
        status,
        headers,
        body,
    }
}

/// Rewrites the request headers as the engine said, before the request goes on:
/// Envoy's router then picks the route again (a header change clears its cache), the
/// one that sends it to the cluster named in `x-endpoint-cluster`.
fn rewrite_request(forwarding: &Forwarding) -> Result<(), &'static str> {
    for name in &forwarding.remove {
        hostcalls::set_map_value(MapType::HttpRequestHeaders, name, None)
            .map_err(|_| "remove a header")?;
    }
    for (name, value) in &forwarding.set {
        hostcalls::set_map_value(MapType::HttpRequestHeaders, name, Some(value))
            .map_err(|_| "set a header")?;
    }
    hostcalls::set_map_value(MapType::HttpRequestHeaders, ":path", Some(&forwarding.path))
        .map_err(|_| "set the path")
}

/// Removes every `x-endpoint-*` header a client sent.
fn remove_reserved_headers(head: &RequestHead) -> Result<(), ()> {
    for (name, _) in head.headers() {
        if name.starts_with(forward::RESERVED_PREFIX) {
            hostcalls::set_map_value(MapType::HttpRequestHeaders, name, None).map_err(|_| ())?;
        }
    }
    Ok(())
}

/// What the engine may ask of Envoy.
struct EnvoyHost;

impl Host for EnvoyHost {
    fn jwt_payload(
        &self,
        payload_in_metadata: &str,
    ) -> Option<serde_json::Map<String, serde_json::Value>> {
        // The stream's dynamic metadata, where jwt_authn wrote the payload of the token
        // it verified: a client cannot set it, unlike any header.
        let bytes = hostcalls::get_property(vec!["metadata"]).ok().flatten()?;
        metadata::jwt_payload(&bytes, payload_in_metadata)
    }
}

fn write_logs(records: &[LogRecord]) {
    for record in records {
        let level = match record.level {
            Level::Debug => LogLevel::Debug,
            Level::Info => LogLevel::Info,
            Level::Warning => LogLevel::Warn,
            Level::Error => LogLevel::Error,
        };
        log(level, &record.message);
    }
}

/// Every line the filter writes goes through here, as one line (docs/operations.md).
fn log(level: LogLevel, message: &str) {
    let _ = hostcalls::log(level, &endpoint_core::reply::log_line(message));
}

/// The shared data (one store per VM id, for the whole process) where the last bundle
/// a VM checked in full is recorded. Envoy loads a configuration in a canary VM first
/// and refuses it there if the filter does; then once per thread, where the same bytes
/// need not be built again before a request needs them (`Building`).
const CHECKED_KEY: &str = "endpoint.bundle.checked";

/// What [`CHECKED_KEY`] holds for a bundle checked in full: its hash, and the build
/// that checked it, since another build may accept other bundles.
fn checked_record(hash: ContentHash) -> String {
    format!("{} {hash}", env!("ENDPOINT_BUILD_ID"))
}

fn checked_bundle() -> Option<String> {
    match hostcalls::get_shared_data(CHECKED_KEY) {
        Ok((Some(bytes), _)) => String::from_utf8(bytes).ok(),
        _ => None,
    }
}

fn record_checked(hash: ContentHash) {
    let _ = hostcalls::set_shared_data(CHECKED_KEY, Some(checked_record(hash).as_bytes()), None);
}

fn record_gauge(name: &str, value: u64) {
    if let Ok(id) = hostcalls::define_metric(MetricType::Gauge, name) {
        let _ = hostcalls::record_metric(id, value);
    }
}
