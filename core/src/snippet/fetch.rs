//! `fetch(upstream, path, init)`: the calls a snippet makes to upstreams, and their
//! answers when the host hands them back.
//!
//! The host function makes a pending promise per call and keeps its resolving
//! functions with the run that made it; the host sends the call once the run has
//! gone as far as it can (its jobs all run), and resolves the promise when the
//! answer comes, in that run's next turn. A run's calls live in its own
//! [`RunFetches`], which the runtime sets aside while the run waits, so that no
//! request ever resolves another's promise.

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::builtins::promise::ResolvingFunctions;
use boa_engine::object::builtins::JsPromise;
use boa_engine::object::shape::ObjectTemplate;
use boa_engine::property::{Attribute, PropertyKey};
use boa_engine::{
    Context, Finalize, JsData, JsNativeError, JsObject, JsResult, JsString, JsSymbol, JsValue,
    NativeFunction, Trace, js_string,
};

use crate::forward;

/// The most fetches an endpoint may allow a run (`limits.fetches`).
pub const MAX_FETCHES: u32 = 64;
/// The fetches a run may make unless its endpoint says otherwise.
pub const DEFAULT_FETCHES: u32 = 8;

/// Methods a snippet may use.
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// What a run may fetch: the upstreams its endpoint declared, and how many times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchScope {
    /// Shared by every run of the endpoint: cloned per request without copying.
    pub upstreams: Rc<[String]>,
    pub limit: u32,
}

/// A call a snippet made, for the host to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    /// The run's own number for the call, from 0.
    pub id: u32,
    pub upstream: String,
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// Why a call gave no answer. The snippet's `UpstreamError` has it as `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchFailure {
    /// No answer within the upstream's `timeout`.
    Timeout,
    /// The connection failed or was reset, or no healthy host could take it.
    Unavailable,
    /// The answer's body is over the upstream's `max_response_bytes`.
    TooLarge,
    /// The proxy has no cluster of that name.
    NoCluster,
}

impl FetchFailure {
    pub fn reason(self) -> &'static str {
        match self {
            FetchFailure::Timeout => "timeout",
            FetchFailure::Unavailable => "unavailable",
            FetchFailure::TooLarge => "too_large",
            FetchFailure::NoCluster => "no_cluster",
        }
    }
}

/// What came back for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchAnswer {
    Response {
        status: u16,
        /// Lower-case names, in the order received.
        headers: Vec<(String, String)>,
        body: String,
    },
    Failed(FetchFailure),
}

/// The calls of one run: what it may still make, what the host is to send, and the
/// promises waiting for answers.
pub(crate) struct RunFetches {
    scope: FetchScope,
    made: u32,
    /// Made in this turn, not yet handed to the host.
    outgoing: Vec<FetchRequest>,
    /// Each call's number, upstream and the functions that settle its promise.
    waiting: Vec<(u32, String, ResolvingFunctions)>,
}

impl RunFetches {
    pub(crate) fn new(scope: FetchScope) -> RunFetches {
        RunFetches {
            scope,
            made: 0,
            outgoing: Vec::new(),
            waiting: Vec::new(),
        }
    }

    /// Whether a promise of this run still waits for an answer.
    pub(crate) fn is_waiting(&self) -> bool {
        !self.waiting.is_empty()
    }

    pub(crate) fn take_outgoing(&mut self) -> Vec<FetchRequest> {
        std::mem::take(&mut self.outgoing)
    }

    /// The upstream and the resolving functions of call `id`, once.
    pub(crate) fn take_waiting(&mut self, id: u32) -> Option<(String, ResolvingFunctions)> {
        let at = self
            .waiting
            .iter()
            .position(|(waiting, _, _)| *waiting == id)?;
        let (_, upstream, resolvers) = self.waiting.swap_remove(at);
        Some((upstream, resolvers))
    }
}

/// The run whose turn it is, if it may fetch; shared with the host function.
pub(crate) type CurrentFetches = Rc<RefCell<Option<RunFetches>>>;

struct FetchCaptures(CurrentFetches);

impl Finalize for FetchCaptures {}

// SAFETY: `ResolvingFunctions` are rooted by being held outside the heap's objects;
// the captures hold nothing the collector must trace through.
#[allow(unsafe_code)] // Boa's `Trace` is an unsafe trait.
unsafe impl Trace for FetchCaptures {
    boa_engine::gc::empty_trace!();
}

impl JsData for FetchCaptures {}

/// The global through which the prelude takes the host's fetch; gone before any
/// snippet runs.
pub(crate) const FETCH_GLOBAL: &str = "__endpointFetch";

/// Hands the prelude the host's fetch.
pub(crate) fn install(context: &mut Context, current: &CurrentFetches) -> JsResult<()> {
    let function = NativeFunction::from_copy_closure_with_captures(
        |_, args, captures, context| host_fetch(&captures.0, args, context),
        FetchCaptures(Rc::clone(current)),
    );
    let fetch = super::host_function(context, js_string!("fetch"), 5, function);
    context.register_global_property(
        JsString::from(FETCH_GLOBAL),
        fetch,
        boa_engine::property::Attribute::CONFIGURABLE,
    )
}

fn type_error(message: String) -> boa_engine::JsError {
    JsNativeError::typ().with_message(message).into()
}

/// `hostFetch(upstream, path, method, headers, body)`, called by the prelude's
/// `fetch` with strings and a flat header list it made: checks the call and
/// returns a pending promise for its answer.
fn host_fetch(
    current: &CurrentFetches,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let text = |index: usize| -> Option<String> {
        args.get(index)
            .and_then(JsValue::as_string)
            .map(|s| s.to_std_string_lossy())
    };
    let (Some(upstream), Some(path), Some(method)) = (text(0), text(1), text(2)) else {
        return Err(type_error(
            "fetch(upstream, path, init) takes the upstream's name and a path".into(),
        ));
    };
    let headers = super::pairs(args.get(3).unwrap_or(&JsValue::undefined()), context)?;
    let body = text(4).map(String::into_bytes);

    if !path.starts_with('/') || !path.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(type_error(format!(
            "fetch: the path {path:?} starts with `/` and holds no space or control character (encode them)"
        )));
    }
    if !METHODS.contains(&method.as_str()) {
        return Err(type_error(format!(
            "fetch: the method is one of {}, not {method:?}",
            METHODS.join(", ")
        )));
    }
    for (name, value) in &headers {
        forward::check_header_name(name)
            .map_err(|reason| type_error(format!("fetch: header {name:?}: {reason}")))?;
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(type_error(format!(
                "fetch: header {name:?} holds CR, LF or NUL"
            )));
        }
    }

    let mut guard = current.borrow_mut();
    let Some(run) = guard.as_mut() else {
        return Err(type_error("fetch is not available here".into()));
    };
    if !run.scope.upstreams.contains(&upstream) {
        return Err(type_error(format!(
            "fetch: upstream {upstream:?} is not one of this endpoint's `upstreams`"
        )));
    }
    if run.made >= run.scope.limit {
        return Err(JsNativeError::range()
            .with_message(format!(
                "fetch: this request made its {} fetches (the endpoint's limits.fetches)",
                run.scope.limit
            ))
            .into());
    }
    let id = run.made;
    run.made += 1;
    let (promise, resolvers) = JsPromise::new_pending(context);
    run.waiting.push((id, upstream.clone(), resolvers));
    run.outgoing.push(FetchRequest {
        id,
        upstream,
        method,
        path,
        headers,
        body,
    });
    Ok(promise.into())
}

/// What a call's promise settles with: a response, made from `response_template`, or an
/// `UpstreamError`, made by the prelude's `failed(reason, message, upstream)`.
pub(crate) struct Makers {
    /// The prelude's `UpstreamResponse.prototype`, with `status`, `ok`, `headers`, and
    /// the body under the prelude's symbol: the object takes its shape at once, where
    /// adding its properties one by one took a shape transition each.
    response_template: ObjectTemplate,
    pub failed: JsObject,
}

impl Makers {
    pub(crate) fn new(
        prototype: JsObject,
        body: JsSymbol,
        failed: JsObject,
        context: &Context,
    ) -> Makers {
        let mut template = ObjectTemplate::with_prototype(context.root_shape().shape(), prototype);
        for name in ["status", "ok", "headers"] {
            template.property(JsString::from(name).into(), Attribute::all());
        }
        // Not enumerable: `Object.keys` and `JSON.stringify` show status, ok, headers.
        template.property(
            PropertyKey::Symbol(body),
            Attribute::WRITABLE | Attribute::CONFIGURABLE,
        );
        Makers {
            response_template: template,
            failed,
        }
    }

    fn response(&self, status: u16, headers: JsValue, body: &str) -> JsValue {
        self.response_template
            .create(
                super::HostObject,
                vec![
                    JsValue::from(status),
                    JsValue::from((200..300).contains(&status)),
                    headers,
                    JsString::from(body).into(),
                ],
            )
            .into()
    }
}

/// Settles the promise of a call with its answer, or rejects it with the reason it
/// has none.
pub(crate) fn settle(
    makers: &Makers,
    (upstream, resolvers): &(String, ResolvingFunctions),
    upstream_timeout: Option<u64>,
    answer: FetchAnswer,
    context: &mut Context,
) -> JsResult<()> {
    match answer {
        FetchAnswer::Response {
            status,
            headers,
            body,
        } => {
            let headers = headers_object(&headers, context)?;
            let response = makers.response(status, headers, &body);
            resolvers
                .resolve
                .call(&JsValue::undefined(), &[response], context)?;
        }
        FetchAnswer::Failed(failure) => {
            let message = match (failure, upstream_timeout) {
                (FetchFailure::Timeout, Some(ms)) => {
                    format!("the upstream did not answer within {ms} ms")
                }
                (FetchFailure::Timeout, None) => "the upstream did not answer in time".into(),
                (FetchFailure::Unavailable, _) => {
                    "the upstream could not be reached, or reset the connection".into()
                }
                (FetchFailure::TooLarge, _) => {
                    "the upstream's answer is over its max_response_bytes".into()
                }
                (FetchFailure::NoCluster, _) => "the proxy has no cluster for this upstream".into(),
            };
            let error = makers.failed.call(
                &JsValue::undefined(),
                &[
                    JsString::from(failure.reason()).into(),
                    JsString::from(message.as_str()).into(),
                    JsString::from(upstream.as_str()).into(),
                ],
                context,
            )?;
            resolvers
                .reject
                .call(&JsValue::undefined(), &[error], context)?;
        }
    }
    Ok(())
}

/// A response's headers as an object of lower-case names; repeated headers joined
/// with `, ` as in `request.headers`.
fn headers_object(headers: &[(String, String)], context: &mut Context) -> JsResult<JsValue> {
    let mut joined: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        if name.starts_with(':') {
            continue;
        }
        match joined.iter_mut().find(|(n, _)| n == name) {
            Some((_, existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            None => joined.push((name.clone(), value.clone())),
        }
    }
    let json = serde_json::Value::Object(
        joined
            .into_iter()
            .map(|(n, v)| (n, serde_json::Value::String(v)))
            .collect(),
    );
    super::js_value(&json, false, context)
}
