//! The snippet runtime: one Boa context per loaded bundle, every snippet compiled once
//! into a function (when the bundle loads, or before its first run: `Program::prepare`),
//! and one call of that function per request.
//!
//! Isolation without a context per request (which costs ~10× throughput): snippets run
//! in strict mode inside their own function, and everything reachable from the global
//! object is frozen once at load, so a request can neither leave a global behind nor
//! patch a built-in for the next one. The per-request globals (`request`, `user`,
//! `endpoint`, `env`) are the function's parameters.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use interrupt::Cause;
use std::collections::VecDeque;

use boa_engine::builtins::promise::PromiseState;
use boa_engine::context::time::{JsInstant, StdClock};
use boa_engine::context::{Clock, ContextBuilder, HostHooks};
use boa_engine::gc::Tenured;
use boa_engine::job::{Job, JobExecutor};
use boa_engine::object::builtins::{JsFunction, JsPromise};
use boa_engine::object::{FunctionObjectBuilder, IntegrityLevel, ObjectInitializer};
use boa_engine::property::Attribute;
use boa_engine::property::PropertyDescriptor;
use boa_engine::realm::Realm;
use boa_engine::{
    Context, Finalize, JsData, JsError, JsNativeError, JsObject, JsResult, JsString, JsValue,
    NativeFunction, Source, Trace, js_string, object::builtins::JsArray,
};

use crate::reply::{Level, LogRecord};

mod fetch;
pub mod heap;
mod helpers;
mod interrupt;
mod json;
pub mod nesting;
mod plain;
mod program;
mod request;
use fetch::{CurrentFetches, RunFetches};
pub use fetch::{
    DEFAULT_FETCHES, FetchAnswer, FetchFailure, FetchRequest, FetchScope, MAX_FETCHES,
};
pub use helpers::HELPERS;
pub(crate) use interrupt::memory_exhausted;
use plain::Reading;
pub use program::{CallerView, Program, ProgramError, RunStart, StartError};
pub use request::{Needs, RequestView};

const PRELUDE: &str = include_str!("prelude.js");
const FREEZE: &str = include_str!("freeze.js");

/// The parameters every snippet function takes: the per-request globals.
pub const PARAMETERS: [&str; 4] = ["request", "user", "endpoint", "env"];

/// What comes before a snippet's first line in its function body. It holds no newline,
/// so snippet line numbers stay as written; columns on the first line shift by its length.
pub const BODY_PREFIX: &str = "\"use strict\"; let result; ";
const BODY_SUFFIX: &str = "\n;return result;";

/// Whether a snippet becomes an async function: one that awaits, fetches or chains
/// `then`. Its promise jobs run in its own request's time (docs/snippets.md); any
/// other snippet stays a plain function, which costs less per request.
pub fn is_async(code: &str) -> bool {
    ["await", "fetch", "then"]
        .iter()
        .any(|word| whole_names(code, word).next().is_some())
}

/// Where `name` appears in `code` as a name of its own, not inside a longer one
/// (`requests`, `endpoint.request_method`): its start and end.
pub(crate) fn whole_names<'a>(
    code: &'a str,
    name: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    code.match_indices(name).filter_map(move |(start, _)| {
        let end = start + name.len();
        let before = code[..start].chars().next_back();
        let after = code[end..].chars().next();
        (!before.is_some_and(is_identifier_char) && !after.is_some_and(is_identifier_char))
            .then_some((start, end))
    })
}

pub(crate) fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The body of the function a snippet becomes. The runtime hands it to the `Function`
/// constructor, which parses it as a function body alone: a snippet cannot close the
/// function early and run code outside it.
pub fn function_body(code: &str) -> String {
    let mut out = String::with_capacity(BODY_PREFIX.len() + code.len() + BODY_SUFFIX.len());
    out.push_str(BODY_PREFIX);
    out.push_str(code);
    out.push_str(BODY_SUFFIX);
    out
}

/// The snippet as one function expression, for tools that parse it as a script (the
/// compiler); positions on its first line are shifted by [`wrapped_prefix_len`].
pub fn function_expression(code: &str) -> String {
    format!("{}{}{BODY_END}", function_head(code), function_body(code))
}

/// What [`function_expression`] puts before the function body.
fn function_head(code: &str) -> String {
    let keyword = if is_async(code) {
        "async function"
    } else {
        "function"
    };
    format!("({keyword} ({}) {{ ", PARAMETERS.join(", "))
}

const BODY_END: &str = " })";

/// Length, in characters, of what [`function_expression`] puts before the snippet.
pub fn wrapped_prefix_len(code: &str) -> usize {
    function_head(code).chars().count() + BODY_PREFIX.chars().count()
}

/// Bounds on one snippet run. Envoy cannot interrupt a wasm call, so these are the
/// only thing between a runaway snippet and a blocked worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Boa's cost units of bytecode ("clock cycles"), for the whole run: the snippet,
    /// and every function called from it, by its code or by a built-in (a getter, a
    /// callback of `map`, a generator). Bounds straight-line work too.
    pub instructions: u64,
    /// Iterations of the loops of one function call.
    pub loop_iterations: u64,
    /// Nested calls.
    pub recursion: usize,
    /// Bytes the run may add to the heap (garbage collected first).
    pub memory_bytes: u64,
}

impl Limits {
    /// Matching steps of regular expressions, for the whole run: a pattern that
    /// backtracks catastrophically runs inside one call of a built-in.
    pub fn regex_steps(&self) -> u64 {
        self.instructions
            .saturating_mul(REGEX_STEPS_PER_INSTRUCTION)
    }
}

/// Matching steps a run's regular expressions may take per unit of its instruction
/// budget: a step costs a fraction of an instruction (docs/snippets.md, "Limits").
pub const REGEX_STEPS_PER_INSTRUCTION: u64 = 4;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            instructions: DEFAULT_INSTRUCTIONS,
            loop_iterations: 100_000,
            recursion: 256,
            memory_bytes: DEFAULT_MEMORY_BYTES,
        }
    }
}

/// The most nested calls an endpoint may allow. Boa runs JavaScript calling JavaScript
/// without native recursion, but a call through a built-in (a getter, a setter,
/// `toString`, a proxy's trap, `Array.prototype.map`) takes native stack too, and
/// inside Envoy the VM has about a megabyte of it: such chains trapped the VM at
/// 1,200 to 1,500 levels (measured; docs/snippets.md, "Limits").
pub const MAX_RECURSION: u32 = 512;

/// The default heap a run may add: a megabyte of JSON body, parsed, fits many times.
pub const DEFAULT_MEMORY_BYTES: u64 = 32 << 20;

/// The most heap an endpoint may allow a run. A wasm VM has about 1 GiB of linear
/// memory, and a run is stopped only after the step that crossed its limit: a
/// string as long as all it holds (`s + s`), an array doubling its storage (old and
/// new block while it is copied), and freed blocks are not always reusable for the
/// next large one. At 128 MiB, a series of such runs exhausted a VM in Envoy; at
/// 64 MiB it did not (tests/tests/snippets.rs).
pub const MAX_MEMORY_BYTES: u64 = 64 << 20;

/// The default instruction budget: about 9 ms of snippet work in Envoy (measured; see
/// docs/snippets.md). A hello snippet costs a few hundred.
pub const DEFAULT_INSTRUCTIONS: u64 = 1_000_000;

/// The largest instruction budget an endpoint may set, so that one run holds its
/// worker for a bounded time: at this budget, the slowest work found (a loop calling
/// `JSON.parse` on a 4 KiB text, which Boa charges per call, not per byte) took
/// 2.6 s natively, a built-in's own loop 0.1–0.4 s, plain bytecode 50 ms
/// (docs/snippets.md, "Limits").
pub const MAX_INSTRUCTIONS: u64 = 10_000_000;

/// The most iterations of one loop an endpoint may allow. The instruction budget
/// bounds a run's time anyway; past this a loop is a bug, reported as such.
pub const MAX_LOOP_ITERATIONS: u64 = 10_000_000;

/// A reply a snippet produced, or an error class it threw that maps to a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What a run asks for: a reply, or (on a forward endpoint) that the request go on
/// to its upstream with these headers added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Reply(SnippetReply),
    Forward { headers: Vec<(String, String)> },
}

/// Why a snippet gave no reply. The text is for Envoy's log only, never for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetFailure {
    pub reason: String,
    /// Stopped by a limit (loops, recursion, instructions), not failed by itself.
    pub stopped: bool,
}

/// The outcome of one run, with the lines the snippet logged.
pub struct Run {
    pub outcome: Result<Answer, SnippetFailure>,
    pub logs: Vec<LogRecord>,
}

/// The data of the objects the host makes per request (`request`, its `params`).
/// They behave as ordinary objects; being made with this data, they also get a
/// shared shape, as object literals do, where an ordinary object made from Rust
/// builds a property table of its own.
pub struct HostObject;

impl Finalize for HostObject {}

// SAFETY: `HostObject` holds no garbage-collected values, so there is nothing to trace.
#[allow(unsafe_code)] // Boa's `Trace` is an unsafe trait.
unsafe impl Trace for HostObject {
    boa_engine::gc::empty_trace!();
}

impl JsData for HostObject {}

/// A JSON number as `JSON.parse` gives it: an integer that fits 32 bits as one (the
/// engine's fast case), any other as a double.
fn js_number(number: &serde_json::Number) -> JsValue {
    match number.as_i64().and_then(|i| i32::try_from(i).ok()) {
        Some(i) => JsValue::from(i),
        None => JsValue::from(number.as_f64().unwrap_or(f64::NAN)),
    }
}

/// Host data as JavaScript, the way `JSON.parse` makes it, except that objects are
/// [`HostObject`]s, with shared shapes; `freeze` freezes every object and array.
/// Made while a run's data is prepared ([`Preparing`]), it stops at the first array
/// or object past the run's memory limit.
pub fn js_value(
    value: &serde_json::Value,
    freeze: bool,
    context: &mut Context,
) -> JsResult<JsValue> {
    use serde_json::Value;
    let object = match value {
        Value::Null => return Ok(JsValue::null()),
        Value::Bool(b) => return Ok(JsValue::from(*b)),
        Value::Number(n) => return Ok(js_number(n)),
        Value::String(s) => return Ok(JsString::from(s.as_str()).into()),
        Value::Array(_) | Value::Object(_) if interrupt::memory_exhausted() => {
            return Err(JsNativeError::range()
                .with_message("over the run's memory limit")
                .into());
        }
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| js_value(item, freeze, context))
                .collect::<JsResult<Vec<_>>>()?;
            JsObject::from(JsArray::from_iter(items, context))
        }
        Value::Object(members) => {
            let members = members
                .iter()
                .map(|(key, member)| {
                    Ok((
                        JsString::from(key.as_str()),
                        js_value(member, freeze, context)?,
                    ))
                })
                .collect::<JsResult<Vec<_>>>()?;
            let mut object = ObjectInitializer::with_native_data(HostObject, context);
            for (key, member) in members {
                object.property(key, member, Attribute::all());
            }
            object.build()
        }
    };
    if freeze {
        object.set_integrity_level(IntegrityLevel::Frozen, context)?;
    }
    Ok(object.into())
}

/// How a run ended: its reply, or the failure the prelude reported, with the lines
/// logged. A reply the prelude wrote is read from the hand-over, where every value was
/// put by trusted code, so reading it runs no snippet code.
struct Reported {
    status: Option<u16>,
    headers: Vec<(String, String)>,
    body: String,
    /// `"text"`, `"json"` or `"empty"`: which content type the body gets by default;
    /// `"error"` for a thrown error class, whose message the body is.
    kind: Option<Cow<'static, str>>,
    /// The error class's name, with `kind` `"error"`.
    error: Option<String>,
    failure: Option<String>,
    logs: Vec<(String, String)>,
}

impl Reported {
    fn plain(reply: plain::PlainReply, logs: Vec<(String, String)>) -> Reported {
        Reported {
            status: Some(reply.status),
            headers: reply.headers,
            body: reply.body,
            kind: Some(Cow::Borrowed(reply.kind)),
            error: None,
            failure: None,
            logs,
        }
    }

    /// What `settle` or `fail` (prelude.js) reported: `failure`, their value, or the
    /// reply they wrote into the hand-over.
    fn from_prelude(
        failure: Option<String>,
        logs: Vec<(String, String)>,
        handover: &JsObject,
        context: &mut Context,
    ) -> JsResult<Reported> {
        if failure.is_some() {
            return Ok(Reported {
                status: None,
                headers: Vec::new(),
                body: String::new(),
                kind: None,
                error: None,
                failure,
                logs,
            });
        }
        let status = handover.get(js_string!("status"), context)?;
        let headers = pairs(&handover.get(js_string!("headers"), context)?, context)?;
        let kind = text(&handover.get(js_string!("kind"), context)?).map(Cow::Owned);
        let error = match kind.as_deref() {
            Some("error") => text(&handover.get(js_string!("error"), context)?),
            _ => None,
        };
        Ok(Reported {
            status: status
                .as_number()
                .and_then(|n| u16::try_from(n as i64).ok()),
            headers,
            body: text(&handover.get(js_string!("body"), context)?).unwrap_or_default(),
            kind,
            error,
            failure,
            logs,
        })
    }
}

/// A flat `[name, value, name, value, ...]` array of strings, made by trusted code
/// (prelude.js): the reply's headers.
pub(crate) fn pairs(value: &JsValue, context: &mut Context) -> JsResult<Vec<(String, String)>> {
    let Some(list) = value.as_object() else {
        return Ok(Vec::new());
    };
    let length = list.get(js_string!("length"), context)?.to_u32(context)?;
    let mut pairs = Vec::with_capacity(length as usize / 2);
    for index in (0..length.saturating_sub(1)).step_by(2) {
        let first = text(&list.get(index, context)?).unwrap_or_default();
        let second = text(&list.get(index + 1, context)?).unwrap_or_default();
        pairs.push((first, second));
    }
    Ok(pairs)
}

fn text(value: &JsValue) -> Option<String> {
    value.as_string().map(|s| s.to_std_string_lossy())
}

/// Boa's host hooks for snippet contexts: code is compiled from strings only while a
/// bundle loads. At run time `eval` and the `Function` constructors throw an
/// `EvalError`, so that no request data ever reaches the parser, whose recursion could
/// exhaust the filter's stack (and because a snippet has no need of them).
struct Hooks {
    compiling: Rc<Cell<bool>>,
}

impl HostHooks for Hooks {
    fn ensure_can_compile_strings(
        &self,
        _realm: Realm,
        _parameters: &[JsString],
        _body: &JsString,
        _direct: bool,
        _context: &mut Context,
    ) -> JsResult<()> {
        if self.compiling.get() {
            Ok(())
        } else {
            Err(JsNativeError::eval()
                .with_message(
                    "snippets cannot compile code from strings (eval, new Function): \
                     write the code in the snippet",
                )
                .into())
        }
    }
}

/// A function object for a host function, made once when the runtime is built.
pub(crate) fn host_function(
    context: &mut Context,
    name: JsString,
    length: usize,
    function: NativeFunction,
) -> JsFunction {
    FunctionObjectBuilder::new(context.realm(), function)
        .name(name)
        .length(length)
        .constructor(false)
        .build()
}

/// The lines a run logged, as `(level, message)`.
type LogLines = Rc<RefCell<Vec<(String, String)>>>;

/// A run keeps at most this many lines; `log` drops later ones unread.
const MAX_LOG_LINES: usize = 100;
/// A message is cut after this many UTF-16 code units.
const MAX_LOG_LENGTH: usize = 4096;

/// What the host's `log` holds.
struct LogCaptures(LogLines);

impl Finalize for LogCaptures {}

// SAFETY: the lines are Rust strings: nothing garbage-collected to trace.
#[allow(unsafe_code)] // Boa's `Trace` is an unsafe trait.
unsafe impl Trace for LogCaptures {
    boa_engine::gc::empty_trace!();
}

/// Hands the prelude `log` through a global it takes and deletes.
fn install_log(context: &mut Context, lines: &LogLines) -> JsResult<()> {
    let function = NativeFunction::from_copy_closure_with_captures(
        |_, args, captures, context| log(&captures.0, args, context),
        LogCaptures(Rc::clone(lines)),
    );
    let log = host_function(context, js_string!("log"), 2, function);
    context.register_global_property(js_string!(LOG_GLOBAL), log, Attribute::CONFIGURABLE)
}

/// The global through which the prelude takes `log`; gone before any snippet.
const LOG_GLOBAL: &str = "__endpointLog";

/// `log(message, level)`: keeps `String(level)` (`"info"` when undefined) and
/// `String(message)`, cut to [`MAX_LOG_LENGTH`]. A `toString` they call runs within
/// the run's budget; past [`MAX_LOG_LINES`], nothing is converted.
fn log(lines: &LogLines, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    if lines.borrow().len() >= MAX_LOG_LINES {
        return Ok(JsValue::undefined());
    }
    let level = match args.get(1).filter(|level| !level.is_undefined()) {
        None => "info".to_owned(),
        Some(level) => string_of(level, context)?.to_std_string_lossy(),
    };
    let message = string_of(args.first().unwrap_or(&JsValue::undefined()), context)?;
    let units: Vec<u16> = message.iter().take(MAX_LOG_LENGTH).collect();
    let message = json::host_text(&units);
    lines.borrow_mut().push((level, message));
    Ok(JsValue::undefined())
}

/// JavaScript's `String(value)`, which, unlike ToString, describes a symbol.
fn string_of(value: &JsValue, context: &mut Context) -> JsResult<JsString> {
    match value.as_symbol() {
        Some(symbol) => Ok(symbol.descriptive_string()),
        None => value.to_string(context),
    }
}

/// Replaces Boa's `JSON.stringify`, which recurses natively per level of nesting, with
/// the writer of json.rs, before the prelude takes it and the realm is frozen.
fn install_json_stringify(context: &mut Context) -> JsResult<()> {
    let intrinsics = json::Intrinsics::of(context)?;
    let function = NativeFunction::from_copy_closure_with_captures(
        |_, args, intrinsics, context| json::stringify(intrinsics, args, context),
        intrinsics,
    );
    let stringify = host_function(context, js_string!("stringify"), 3, function);
    let json = context.intrinsics().objects().json();
    json.define_property_or_throw(
        js_string!("stringify"),
        PropertyDescriptor::builder()
            .value(stringify)
            .writable(true)
            .enumerable(false)
            .configurable(true),
        context,
    )?;
    Ok(())
}

/// The promise jobs of the run under way (`then` callbacks, code after an `await`).
/// The runtime runs them to the end of the run's turn, within its budget, and drops
/// whatever a stopped run left: no job of one request runs in another's time.
#[derive(Default)]
struct JobQueue(RefCell<VecDeque<Job>>);

impl JobExecutor for JobQueue {
    fn enqueue_job(self: Rc<Self>, job: Job, _context: &mut Context) {
        // Only promise jobs: a snippet has no timers, and the host makes no futures.
        if matches!(job, Job::PromiseJob(_)) {
            self.0.borrow_mut().push_back(job);
        }
    }

    fn run_jobs(self: Rc<Self>, context: &mut Context) -> JsResult<()> {
        loop {
            let next = self.0.borrow_mut().pop_front();
            match next {
                Some(Job::PromiseJob(job)) => {
                    job.call(context)?;
                }
                Some(_) => {}
                None => return Ok(()),
            }
        }
    }
}

/// Why the snippet runtime could not do what it was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnippetError {
    /// The realm could not be built, at `step`: a defect of this build, never of a
    /// bundle.
    Realm { step: &'static str, reason: String },
    /// The snippet nests deeper than the native stack allows; refused before Boa
    /// parses it.
    TooDeep(nesting::TooDeep),
    /// Boa refused the snippet's source.
    Syntax(String),
    /// Host data could not be made into a JavaScript value.
    Value(String),
}

impl SnippetError {
    fn realm(step: &'static str) -> impl FnOnce(JsError) -> SnippetError {
        move |error| SnippetError::Realm {
            step,
            reason: error.to_string(),
        }
    }

    pub(crate) fn value(error: &JsError) -> SnippetError {
        SnippetError::Value(error.to_string())
    }
}

impl std::fmt::Display for SnippetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnippetError::Realm { step, reason } => {
                write!(f, "the snippet realm could not be built ({step}): {reason}")
            }
            SnippetError::TooDeep(too_deep) => write!(
                f,
                "line {}, column {}: {}",
                too_deep.line, too_deep.column, too_deep.message
            ),
            SnippetError::Syntax(reason) | SnippetError::Value(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for SnippetError {}

/// A compiled snippet of a [`SnippetRuntime`], for [`SnippetRuntime::start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnippetId(usize);

pub struct SnippetRuntime {
    context: Context,
    jobs: Rc<JobQueue>,
    /// Set while [`SnippetRuntime::compile`] runs; read by [`Hooks`].
    compiling: Rc<Cell<bool>>,
    /// Where `settle` and `fail` (prelude.js) write their reply.
    handover: JsObject,
    /// The prelude's checks of a `result` that is not plain.
    settle: JsObject,
    /// The prelude's report of what a snippet threw.
    fail: JsObject,
    /// Turns a plain `result` into its reply.
    plain: plain::Reader,
    /// What the current run logged.
    log_lines: LogLines,
    function_constructor: JsObject,
    /// For snippets that await: `AsyncFunction`, which no global names.
    async_function_constructor: JsObject,
    snippets: Vec<JsObject>,
    /// The calls of the run whose turn it is; read by the host's `fetch`.
    fetches: CurrentFetches,
    /// What a call's promise settles with, made by the prelude.
    makers: fetch::Makers,
    /// What `Date` reads.
    clock: Rc<SnippetClock>,
    /// What lives as long as the runtime (the realm, compiled snippets, frozen shared
    /// values), left out of the collector's walks (vendor/README.md, `boa_gc`).
    /// Dropped after the context, it hands all of it back to the collector.
    tenured: Tenured,
}

/// The clock `Date` reads: the host's, unless a definition's test fixed the time.
#[derive(Default)]
struct SnippetClock {
    host: StdClock,
    /// Milliseconds since the Unix epoch that `Date.now()` returns, when fixed.
    fixed: Cell<Option<i64>>,
}

impl Clock for SnippetClock {
    fn now(&self) -> JsInstant {
        self.host.now()
    }

    fn system_time_millis(&self) -> i64 {
        self.fixed
            .get()
            .unwrap_or_else(|| self.host.system_time_millis())
    }
}

impl SnippetRuntime {
    /// Creates the context, runs the prelude and freezes the realm.
    pub fn new() -> Result<SnippetRuntime, SnippetError> {
        let compiling = Rc::new(Cell::new(false));
        let jobs = Rc::new(JobQueue::default());
        let clock = Rc::new(SnippetClock::default());
        let mut context = ContextBuilder::new()
            .clock(Rc::clone(&clock))
            .host_hooks(Rc::new(Hooks {
                compiling: Rc::clone(&compiling),
            }))
            .job_executor(Rc::clone(&jobs))
            .build()
            .map_err(SnippetError::realm("context"))?;
        // Boa looks at the interrupt (memory, regular expressions) during runs only,
        // while a budget is set.
        context.set_interrupt(Some(interrupt::for_boa()));
        install_json_stringify(&mut context).map_err(SnippetError::realm("JSON writer"))?;
        let log_lines = LogLines::default();
        install_log(&mut context, &log_lines).map_err(SnippetError::realm("log"))?;
        let fetches = CurrentFetches::default();
        fetch::install(&mut context, &fetches).map_err(SnippetError::realm("fetch"))?;
        let handover = context
            .eval(Source::from_bytes(PRELUDE))
            .map_err(SnippetError::realm("prelude"))?
            .as_object()
            .ok_or_else(|| missing("prelude", "a hand-over object"))?;
        helpers::register(&mut context).map_err(SnippetError::realm("helpers"))?;
        context
            .eval(Source::from_bytes(FREEZE))
            .map_err(SnippetError::realm("freeze"))?;
        let function_constructor = context
            .global_object()
            .get(js_string!("Function"), &mut context)
            .map_err(SnippetError::realm("Function"))?
            .as_object()
            .ok_or_else(|| missing("Function", "the global Function constructor"))?;
        let async_function_constructor = context
            .intrinsics()
            .constructors()
            .async_function()
            .constructor();
        let mut handed_over = |name: &str| {
            handover
                .get(JsString::from(name), &mut context)
                .map_err(SnippetError::realm("prelude"))?
                .as_object()
                .ok_or_else(|| missing("prelude", name))
        };
        let settle = handed_over("settle")?;
        let fail = handed_over("fail")?;
        let response_prototype = handed_over("responsePrototype")?;
        let upstream_response_prototype = handed_over("upstreamResponsePrototype")?;
        let failed = handed_over("failed")?;
        let upstream_response_body = handover
            .get(js_string!("upstreamResponseBody"), &mut context)
            .map_err(SnippetError::realm("prelude"))?
            .as_symbol()
            .ok_or_else(|| missing("prelude", "upstreamResponseBody"))?;
        let makers = fetch::Makers::new(
            upstream_response_prototype,
            upstream_response_body,
            failed,
            &context,
        );
        let plain = plain::Reader::new(response_prototype, &mut context)
            .map_err(SnippetError::realm("reply reader"))?;
        // Collecting the realm's own garbage first leaves only what lives on to tenure.
        boa_engine::gc::force_collect();
        let mut tenured = Tenured::new();
        tenured.add(&(
            context.realm().clone(),
            [
                handover.clone(),
                settle.clone(),
                fail.clone(),
                makers.failed.clone(),
            ],
        ));
        Ok(SnippetRuntime {
            context,
            jobs,
            async_function_constructor,
            compiling,
            handover,
            settle,
            fail,
            plain,
            log_lines,
            function_constructor,
            snippets: Vec::new(),
            fetches,
            makers,
            clock,
            tenured,
        })
    }

    /// Leaves `values`, and the compiled snippets, out of the collector's walks for
    /// the runtime's life: for what every request shares, once made.
    pub(crate) fn tenure(&mut self, mut values: Vec<JsValue>, snippets: &[SnippetId]) {
        values.extend(
            snippets
                .iter()
                .filter_map(|id| self.snippets.get(id.0))
                .map(|function| JsValue::from(function.clone())),
        );
        self.tenured.add(&values);
    }

    /// Fixes what `Date` reads as now (milliseconds since the Unix epoch), or gives it
    /// back the host's clock: for the tests a definition holds (`now:`).
    pub fn fix_time(&self, millis: Option<i64>) {
        self.clock.fixed.set(millis);
    }

    /// Every name defined on the global object: JavaScript's built-ins as this Boa has
    /// them, and the snippet globals. The compiler checks snippets against it.
    pub fn global_names(&mut self) -> Result<Vec<String>, SnippetError> {
        let names = self
            .context
            .eval(Source::from_bytes("Object.getOwnPropertyNames(globalThis)"))
            .and_then(|value| value.to_json(&mut self.context))
            .map_err(|e| SnippetError::value(&e))?;
        Ok(names
            .and_then(|json| serde_json::from_value(json).ok())
            .unwrap_or_default())
    }

    /// Compiles a snippet; returns its handle for [`SnippetRuntime::start`]. A
    /// snippet that nests too deeply for the stack is refused before Boa parses it.
    pub fn compile(&mut self, code: &str) -> Result<SnippetId, SnippetError> {
        nesting::check(code).map_err(SnippetError::TooDeep)?;
        let mut args: Vec<JsValue> = PARAMETERS
            .iter()
            .map(|name| JsString::from(*name).into())
            .collect();
        args.push(JsString::from(function_body(code).as_str()).into());
        let constructor = if is_async(code) {
            &self.async_function_constructor
        } else {
            &self.function_constructor
        };
        self.compiling.set(true);
        let compiled = constructor.call(&JsValue::undefined(), &args, &mut self.context);
        self.compiling.set(false);
        let function = compiled
            .map_err(|e| SnippetError::Syntax(e.to_string()))?
            .as_object()
            .filter(JsObject::is_callable)
            .ok_or_else(|| {
                SnippetError::Syntax("the snippet did not compile to a function".into())
            })?;
        self.snippets.push(function);
        Ok(SnippetId(self.snippets.len() - 1))
    }

    /// The Boa context, for the program's per-request object assembly.
    fn context(&mut self) -> &mut Context {
        &mut self.context
    }

    /// Converts host data into a JavaScript value, once (at load) or per request.
    fn value(&mut self, json: &serde_json::Value) -> Result<JsValue, SnippetError> {
        js_value(json, false, &mut self.context).map_err(|e| SnippetError::value(&e))
    }

    /// Converts host data into a frozen JavaScript value, for what every request shares
    /// (`user`, `endpoint`, `env`): one request cannot change it for the next.
    fn frozen_value(&mut self, json: &serde_json::Value) -> Result<JsValue, SnippetError> {
        js_value(json, true, &mut self.context).map_err(|e| SnippetError::value(&e))
    }

    /// Runs one snippet with its four globals, within `limits`, to its end: a snippet
    /// that fetches fails here (only [`SnippetRuntime::start`] can wait). For tests.
    #[cfg(test)]
    pub(crate) fn run(&mut self, snippet: SnippetId, globals: Globals, limits: Limits) -> Run {
        match self.start(snippet, globals, limits, FetchScope::default()) {
            Progress::Done(run) => run,
            Progress::Waiting(..) => failure_run("the snippet waits for a fetch".into()),
        }
    }

    /// Starts one run of a snippet: it goes as far as it can, and either ends or waits
    /// for the answers of the fetches it made ([`SnippetRuntime::resume`]).
    pub(crate) fn start(
        &mut self,
        snippet: SnippetId,
        globals: Globals,
        limits: Limits,
        scope: FetchScope,
    ) -> Progress {
        let Some(function) = self.snippets.get(snippet.0) else {
            return Progress::Done(failure_run(format!("no compiled snippet #{}", snippet.0)));
        };
        let function = function.clone();
        let state = RunState {
            limits,
            instructions_left: limits.instructions,
            memory_held: globals.prepared_bytes,
            logs: Vec::new(),
            fetches: RunFetches::new(scope),
        };
        let arguments = [globals.request, globals.user, globals.endpoint, globals.env];
        self.turn(state, |runtime| {
            function.call(&JsValue::undefined(), &arguments, &mut runtime.context)
        })
    }

    /// Gives a waiting run the answer to one of its fetches, and runs it on, within
    /// what is left of its budgets.
    pub fn resume(
        &mut self,
        waiting: WaitingRun,
        call: u32,
        upstream_timeout_ms: Option<u64>,
        answer: FetchAnswer,
    ) -> Progress {
        let WaitingRun { mut state, promise } = waiting;
        let Some(waiting_call) = state.fetches.take_waiting(call) else {
            return Progress::Done(failure_run(format!("no fetch #{call} waits for an answer")));
        };
        self.turn(state, move |runtime| {
            fetch::settle(
                &runtime.makers,
                &waiting_call,
                upstream_timeout_ms,
                answer,
                &mut runtime.context,
            )?;
            Ok(promise.into())
        })
    }

    /// One turn of a run: `step` (the call, or an answer handed in) and every job it
    /// leads to, charged to the run's budgets. Ends the run, or sets it aside to wait.
    fn turn(
        &mut self,
        mut state: RunState,
        step: impl FnOnce(&mut SnippetRuntime) -> JsResult<JsValue>,
    ) -> Progress {
        let limits = state.limits;
        let runtime_limits = self.context.runtime_limits_mut();
        runtime_limits.set_loop_iteration_limit(limits.loop_iterations);
        runtime_limits.set_recursion_limit(limits.recursion);
        *self.log_lines.borrow_mut() = std::mem::take(&mut state.logs);
        *self.fetches.borrow_mut() = Some(state.fetches);

        // One budget for all the run's code: Boa (patched, vendor/README.md) charges
        // nested runs to it too, which its `evaluate_async_with_budget` did not. What a
        // turn may still spend is what the run's earlier turns left.
        let memory_left = limits
            .memory_bytes
            .saturating_sub(u64::try_from(state.memory_held).unwrap_or(0));
        let regex_steps = state
            .instructions_left
            .saturating_mul(REGEX_STEPS_PER_INSTRUCTION);
        let held_before = heap::held();
        let guard = interrupt::RunGuard::begin(memory_left, regex_steps);
        self.context.set_instruction_budget(state.instructions_left);
        let turned = match step(self) {
            Ok(value) => self.settle_or_wait(value),
            // What the snippet threw (a limit passes through).
            Err(thrown) => self.settle(Err(thrown)).map(Turned::Settled),
        };
        // A stopped run leaves its jobs behind; they must never run in another's time.
        self.jobs.0.borrow_mut().clear();
        // Spent by the budget, or by the interrupt, which spends it too.
        let instructions_left = self.context.instruction_budget();
        self.context.set_instruction_budget(u64::MAX);
        let cause = guard.cause();
        drop(guard);
        let fetches = self.fetches.borrow_mut().take();
        let logs = std::mem::take(&mut *self.log_lines.borrow_mut());
        if instructions_left == 0 || cause.is_some() {
            // Boa unwinds every frame of the run to where the host called it: the
            // realm, frozen, is as it was, and the next run starts clean.
            return Progress::Done(stopped(match cause {
                Some(Cause::Memory) => format!(
                    "stopped: over its memory limit of {}",
                    size_text(limits.memory_bytes)
                ),
                Some(Cause::RegexSteps) => format!(
                    "stopped: a regular expression took over {} steps",
                    limits.regex_steps()
                ),
                None => format!(
                    "stopped: over its budget of {} instructions",
                    limits.instructions
                ),
            }));
        }
        let settled = match turned {
            Ok(Turned::Settled(settled)) => settled,
            Ok(Turned::Waiting(promise)) => {
                let Some(mut fetches) = fetches.filter(RunFetches::is_waiting) else {
                    return Progress::Done(failure_run(
                        "the snippet awaited a promise that nothing settles".into(),
                    ));
                };
                let calls = fetches.take_outgoing();
                let grown = heap::held() - held_before;
                state.memory_held = (state.memory_held + grown).max(0);
                state.instructions_left = instructions_left;
                state.logs = logs;
                state.fetches = fetches;
                return Progress::Waiting(WaitingRun { state, promise }, calls);
            }
            // What no JavaScript can catch: a limit.
            Err(error) => return Progress::Done(stopped(format!("stopped: {error}"))),
        };
        Progress::Done(match settled {
            Settled::Plain(reply) => Reported::plain(reply, logs).into_run(),
            Settled::ByPrelude(failure) => {
                match Reported::from_prelude(failure, logs, &self.handover, &mut self.context) {
                    Ok(reported) => reported.into_run(),
                    Err(e) => failure_run(format!("unexpected reply shape from the runtime: {e}")),
                }
            }
        })
    }

    /// What a turn's step gave: a plain snippet's `result`, or an async snippet's
    /// promise. The promise's jobs run first; then it has settled (its value or
    /// reason becomes the reply), or it waits for fetches. `Err` is an error no
    /// JavaScript could catch: a limit.
    fn settle_or_wait(&mut self, value: JsValue) -> JsResult<Turned> {
        let promise = value
            .as_object()
            .and_then(|object| JsPromise::from_object(object).ok());
        let settled = match promise {
            None => Ok(value),
            Some(promise) => {
                Rc::clone(&self.jobs).run_jobs(&mut self.context)?;
                match promise.state() {
                    PromiseState::Fulfilled(value) => Ok(value),
                    PromiseState::Rejected(reason) => Err(JsError::from_opaque(reason)),
                    PromiseState::Pending => return Ok(Turned::Waiting(promise)),
                }
            }
        };
        self.settle(settled).map(Turned::Settled)
    }

    /// Turns the snippet's `result`, or what it threw, into a reply.
    fn settle(&mut self, called: JsResult<JsValue>) -> JsResult<Settled> {
        let context = &mut self.context;
        let thrown = match called {
            Ok(result) => {
                let unwritable = match self.plain.read(&result, context) {
                    Ok(Reading::Replied(reply)) => return Ok(Settled::Plain(reply)),
                    Ok(Reading::NotPlain) => false,
                    Ok(Reading::NotWritable) => true,
                    Err(thrown) => return self.report_thrown(thrown),
                };
                let failure = self.settle.call(
                    &JsValue::undefined(),
                    &[result, unwritable.into()],
                    &mut self.context,
                )?;
                return Ok(Settled::ByPrelude(text(&failure)));
            }
            Err(thrown) => thrown,
        };
        self.report_thrown(thrown)
    }

    /// Hands what the snippet threw to the prelude's `fail`, unless it is a limit.
    fn report_thrown(&mut self, thrown: JsError) -> JsResult<Settled> {
        if thrown.as_engine().is_some() {
            return Err(thrown);
        }
        let thrown = thrown.into_opaque(&mut self.context)?;
        let failure = self
            .fail
            .call(&JsValue::undefined(), &[thrown], &mut self.context)?;
        Ok(Settled::ByPrelude(text(&failure)))
    }
}

/// What one turn of a run came to.
enum Turned {
    Settled(Settled),
    /// The snippet's promise, waiting for fetches.
    Waiting(JsPromise),
}

/// Where a run stands after a turn.
pub enum Progress {
    Done(Run),
    /// The run waits for the answers of its fetches; these are the calls it made in
    /// this turn, for the host to send.
    Waiting(WaitingRun, Vec<FetchRequest>),
}

/// A run set aside while its fetches are under way: its promise, its pending calls,
/// and what is left of its budgets. Dropping it (a client gone) frees all of it.
pub struct WaitingRun {
    state: RunState,
    promise: JsPromise,
}

/// What a run carries from one turn to the next.
struct RunState {
    limits: Limits,
    instructions_left: u64,
    /// What its turns added to the heap, and still hold, so far.
    memory_held: isize,
    /// What it logged so far: written when it ends.
    logs: Vec<(String, String)>,
    fetches: RunFetches,
}

/// How a run's `result` became a reply.
enum Settled {
    /// Plain: made in Rust.
    Plain(plain::PlainReply),
    /// By the prelude: the failure's text, or `None` with the reply in the hand-over.
    ByPrelude(Option<String>),
}

/// A value the realm's `step` should have made but did not.
fn missing(step: &'static str, what: &str) -> SnippetError {
    SnippetError::Realm {
        step,
        reason: format!("{what} is missing"),
    }
}

/// `64 MiB` for whole mebibytes, else bytes.
fn size_text(bytes: u64) -> String {
    if bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// The four per-request globals of a snippet.
pub(crate) struct Globals {
    pub request: JsValue,
    pub user: JsValue,
    pub endpoint: JsValue,
    pub env: JsValue,
    /// What preparing them added to the heap ([`Preparing::finish`]), charged to
    /// the run.
    pub prepared_bytes: isize,
}

/// The preparation of a run's data (its body parsed, `request` built), counted
/// against the run's memory limit as the run itself is: a body of many tiny arrays
/// grows several times over as JavaScript, and must stop its run, not fill the VM.
pub struct Preparing {
    guard: interrupt::RunGuard,
    held_before: isize,
    memory_bytes: u64,
}

impl Preparing {
    pub fn begin(limits: Limits) -> Preparing {
        // After the guard begins: it may first collect the garbage of earlier runs.
        let guard = interrupt::RunGuard::begin(limits.memory_bytes, u64::MAX);
        Preparing {
            guard,
            held_before: heap::held(),
            memory_bytes: limits.memory_bytes,
        }
    }

    /// The bytes the prepared data holds, for [`Globals::prepared_bytes`]; or, when
    /// it crossed the limit, the run, stopped.
    pub fn finish(self) -> Result<isize, Run> {
        if self.guard.cause() == Some(Cause::Memory) || interrupt::memory_exhausted() {
            return Err(stopped(format!(
                "stopped: over its memory limit of {} while the request was prepared (body parsed, `request` built)",
                size_text(self.memory_bytes)
            )));
        }
        Ok((heap::held() - self.held_before).max(0))
    }
}

impl Reported {
    fn into_run(self) -> Run {
        let logs = self
            .logs
            .into_iter()
            .map(|(level, message)| LogRecord {
                level: Level::from_name(&level),
                message,
            })
            .collect();
        let outcome = match (self.failure, self.status) {
            (Some(reason), _) => Err(SnippetFailure {
                reason,
                stopped: false,
            }),
            (None, Some(_)) if self.kind.as_deref() == Some("forward") => Ok(Answer::Forward {
                headers: self.headers,
            }),
            (None, Some(status)) if self.kind.as_deref() == Some("error") => {
                let class = self.error.unwrap_or_default();
                let reply = crate::reply::Reply::error(status, &class, &self.body);
                Ok(Answer::Reply(SnippetReply {
                    status,
                    headers: reply.headers,
                    body: String::from_utf8(reply.body).unwrap_or_default(),
                }))
            }
            (None, Some(status)) => {
                let mut headers = self.headers;
                let default_type = match self.kind.as_deref() {
                    Some("text") => Some("text/plain; charset=utf-8"),
                    Some("json") => Some("application/json"),
                    _ => None,
                };
                if let Some(content_type) = default_type
                    && !headers
                        .iter()
                        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
                {
                    headers.push(("content-type".into(), content_type.into()));
                }
                Ok(Answer::Reply(SnippetReply {
                    status,
                    headers,
                    body: self.body,
                }))
            }
            (None, None) => Err(SnippetFailure {
                reason: "reply without a status".into(),
                stopped: false,
            }),
        };
        Run { outcome, logs }
    }
}

fn failure_run(reason: String) -> Run {
    Run {
        outcome: Err(SnippetFailure {
            reason,
            stopped: false,
        }),
        logs: Vec::new(),
    }
}

fn stopped(reason: String) -> Run {
    Run {
        outcome: Err(SnippetFailure {
            reason,
            stopped: true,
        }),
        logs: Vec::new(),
    }
}

/// A name the runtime defines for snippets, besides JavaScript's own built-ins.
pub const SNIPPET_GLOBALS: &[&str] = &[
    "request",
    "user",
    "endpoint",
    "env",
    "result",
    "Response",
    "UserError",
    "ValidationError",
    "BadRequest",
    "NotFound",
    "Unauthorized",
    "UpstreamError",
    "fetch",
    "log",
];

#[cfg(test)]
mod tests;
