//! The snippet runtime: one Boa context per loaded bundle, every snippet compiled once
//! into a function when the bundle loads, and one call of that function per request.
//!
//! Isolation without a context per request (which costs ~10× throughput): snippets run
//! in strict mode inside their own function, and everything reachable from the global
//! object is frozen once at load, so a request can neither leave a global behind nor
//! patch a built-in for the next one. The per-request globals (`request`, `user`,
//! `endpoint`, `env`) are the function's parameters.

use std::future::Future;
use std::pin::pin;
use std::task::{Poll, Waker};

use boa_engine::{
    Context, JsNativeError, JsObject, JsResult, JsString, JsValue, Script, Source, js_string,
};

use crate::reply::{Level, LogRecord};

mod helpers;
pub use helpers::HELPERS;

const PRELUDE: &str = include_str!("prelude.js");
const FREEZE: &str = include_str!("freeze.js");

/// The parameters every snippet function takes: the per-request globals.
pub const PARAMETERS: [&str; 4] = ["request", "user", "endpoint", "env"];

/// What comes before a snippet's first line in its function body. It holds no newline,
/// so snippet line numbers stay as written; columns on the first line shift by its length.
pub const BODY_PREFIX: &str = "\"use strict\"; let result; ";
const BODY_SUFFIX: &str = "\n;return result;";

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
    format!(
        "(function ({}) {{ {} }})",
        PARAMETERS.join(", "),
        function_body(code)
    )
}

/// Length, in characters, of what [`function_expression`] puts before the snippet.
pub fn wrapped_prefix_len() -> usize {
    format!("(function ({}) {{ ", PARAMETERS.join(", "))
        .chars()
        .count()
        + BODY_PREFIX.chars().count()
}

/// Bounds on one snippet run. Envoy cannot interrupt a wasm call, so these are the
/// only thing between a runaway snippet and a blocked worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Boa's cost units of bytecode ("clock cycles"): bounds straight-line work too.
    pub instructions: u64,
    /// Iterations of the loops of one function call.
    pub loop_iterations: u64,
    /// Nested calls.
    pub recursion: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            instructions: DEFAULT_INSTRUCTIONS,
            loop_iterations: 100_000,
            recursion: 256,
        }
    }
}

/// The default instruction budget: about 9 ms of snippet work in Envoy (measured; see
/// README.md). A hello snippet costs a few hundred.
pub const DEFAULT_INSTRUCTIONS: u64 = 1_000_000;

/// How many cost units run between two budget checks.
const SLICE: u32 = 10_000;

/// A reply a snippet produced, or an error class it threw that maps to a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
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
    pub outcome: Result<SnippetReply, SnippetFailure>,
    pub logs: Vec<LogRecord>,
}

/// The plain object `invoke` (prelude.js) returns, read field by field: it is built by
/// trusted code, and reading it directly costs far less than a JSON round trip.
struct Invoked {
    status: Option<u16>,
    headers: Vec<(String, String)>,
    body: String,
    failure: Option<String>,
    logs: Vec<(String, String)>,
}

impl Invoked {
    fn read(value: &JsValue, context: &mut Context) -> JsResult<Invoked> {
        let object = value
            .as_object()
            .ok_or_else(|| JsNativeError::typ().with_message("not an object"))?;
        let status = object.get(js_string!("status"), context)?;
        Ok(Invoked {
            status: status
                .as_number()
                .and_then(|n| u16::try_from(n as i64).ok()),
            headers: pairs(&object, js_string!("headers"), context)?,
            body: text(&object.get(js_string!("body"), context)?).unwrap_or_default(),
            failure: text(&object.get(js_string!("failure"), context)?),
            logs: pairs(&object, js_string!("logs"), context)?,
        })
    }
}

fn text(value: &JsValue) -> Option<String> {
    value.as_string().map(|s| s.to_std_string_lossy())
}

/// An array of `[string, string]` pairs.
fn pairs(
    object: &JsObject,
    key: JsString,
    context: &mut Context,
) -> JsResult<Vec<(String, String)>> {
    let Some(list) = object.get(key, context)?.as_object() else {
        return Ok(Vec::new());
    };
    let length = list.get(js_string!("length"), context)?.to_u32(context)?;
    let mut out = Vec::with_capacity(length as usize);
    for index in 0..length {
        let Some(pair) = list.get(index, context)?.as_object() else {
            continue;
        };
        let first = text(&pair.get(0, context)?).unwrap_or_default();
        let second = text(&pair.get(1, context)?).unwrap_or_default();
        out.push((first, second));
    }
    Ok(out)
}

pub struct SnippetRuntime {
    context: Context,
    /// Hands a run's arguments to `__endpointRun` (prelude.js).
    set_pending: JsObject,
    /// `__endpointRun()`, compiled once.
    run_script: Script,
    function_constructor: JsObject,
    snippets: Vec<Option<JsObject>>,
    /// A run was cut off mid-bytecode: the context's state is undefined, and it must
    /// not run anything again. The owner builds a new runtime.
    poisoned: bool,
}

impl SnippetRuntime {
    /// Creates the context, runs the prelude and freezes the realm.
    pub fn new() -> Result<SnippetRuntime, String> {
        let mut context = Context::default();
        let set_pending = context
            .eval(Source::from_bytes(PRELUDE))
            .map_err(|e| format!("snippet prelude failed: {e}"))?
            .as_object()
            .ok_or("snippet prelude returned no function")?;
        helpers::register(&mut context).map_err(|e| format!("snippet helpers failed: {e}"))?;
        context
            .eval(Source::from_bytes(FREEZE))
            .map_err(|e| format!("freezing the snippet realm failed: {e}"))?;
        let function_constructor = context
            .global_object()
            .get(js_string!("Function"), &mut context)
            .map_err(|e| e.to_string())?
            .as_object()
            .ok_or("the global Function constructor is missing")?;
        let run_script = Script::parse(Source::from_bytes("__endpointRun()"), None, &mut context)
            .map_err(|e| format!("the run script does not parse: {e}"))?;
        Ok(SnippetRuntime {
            context,
            set_pending,
            run_script,
            function_constructor,
            snippets: Vec::new(),
            poisoned: false,
        })
    }

    /// Every name defined on the global object: JavaScript's built-ins as this Boa has
    /// them, and the snippet globals. The compiler checks snippets against it.
    pub fn global_names(&mut self) -> Result<Vec<String>, String> {
        let names = self
            .context
            .eval(Source::from_bytes("Object.getOwnPropertyNames(globalThis)"))
            .and_then(|value| value.to_json(&mut self.context))
            .map_err(|e| e.to_string())?;
        Ok(names
            .and_then(|json| serde_json::from_value(json).ok())
            .unwrap_or_default())
    }

    /// Whether a run was cut off and this runtime must be replaced.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned
    }

    /// Compiles a snippet; returns its handle for [`SnippetRuntime::run`].
    pub fn compile(&mut self, code: &str) -> Result<usize, String> {
        let mut args: Vec<JsValue> = PARAMETERS
            .iter()
            .map(|name| JsString::from(*name).into())
            .collect();
        args.push(JsString::from(function_body(code).as_str()).into());
        let function = self
            .function_constructor
            .call(&JsValue::undefined(), &args, &mut self.context)
            .map_err(|e| e.to_string())?
            .as_object()
            .filter(JsObject::is_callable)
            .ok_or("the snippet did not compile to a function")?;
        self.snippets.push(Some(function));
        Ok(self.snippets.len() - 1)
    }

    /// The Boa context, for the engine's per-request object assembly.
    pub fn context(&mut self) -> &mut Context {
        &mut self.context
    }

    /// Converts host data into a JavaScript value, once (at load) or per request.
    pub fn value(&mut self, json: &serde_json::Value) -> Result<JsValue, String> {
        JsValue::from_json(json, &mut self.context).map_err(|e| e.to_string())
    }

    /// Converts host data into a frozen JavaScript value, for what every request shares
    /// (`user`, `endpoint`, `env`): one request cannot change it for the next.
    pub fn frozen_value(&mut self, json: &serde_json::Value) -> Result<JsValue, String> {
        let value = self.value(json)?;
        let freeze = self
            .context
            .eval(Source::from_bytes(
                "(function deepFreeze(o) { if (o !== null && typeof o === 'object') { Object.freeze(o); for (const k of Object.keys(o)) deepFreeze(o[k]); } return o; })",
            ))
            .map_err(|e| e.to_string())?
            .as_object()
            .ok_or("deepFreeze is not a function")?;
        freeze
            .call(&JsValue::undefined(), &[value], &mut self.context)
            .map_err(|e| e.to_string())
    }

    /// Runs one snippet with its four globals, within `limits`.
    pub fn run(&mut self, snippet: usize, globals: Globals, limits: Limits) -> Run {
        if self.poisoned {
            return failure("the snippet runtime was stopped and not rebuilt".into());
        }
        let Some(Some(function)) = self.snippets.get(snippet) else {
            return failure(format!("no compiled snippet #{snippet}"));
        };
        let args = [
            function.clone().into(),
            globals.request,
            globals.user,
            globals.endpoint,
            globals.env,
        ];
        if let Err(error) = self
            .set_pending
            .call(&JsValue::undefined(), &args, &mut self.context)
        {
            return failure(format!("cannot hand over the request: {error}"));
        }
        let runtime_limits = self.context.runtime_limits_mut();
        runtime_limits.set_loop_iteration_limit(limits.loop_iterations);
        runtime_limits.set_recursion_limit(limits.recursion);

        let Some(completed) = self.run_within(limits.instructions) else {
            self.poisoned = true;
            return stopped(format!(
                "stopped: over its budget of {} instructions",
                limits.instructions
            ));
        };
        match completed {
            Ok(value) => match Invoked::read(&value, &mut self.context) {
                Ok(invoked) => invoked.into_run(),
                Err(e) => failure(format!("unexpected reply shape from the runtime: {e}")),
            },
            // `invoke` catches every error JavaScript can catch: what escapes is a limit.
            Err(error) => stopped(format!("stopped: {error}")),
        }
    }
}

impl SnippetRuntime {
    /// Evaluates the run script, checking the budget every [`SLICE`] cost units;
    /// `None` when the budget ran out (the run was abandoned mid-way).
    fn run_within(&mut self, instructions: u64) -> Option<boa_engine::JsResult<JsValue>> {
        let mut future = pin!(
            self.run_script
                .evaluate_async_with_budget(&mut self.context, SLICE)
        );
        let mut waker_context = std::task::Context::from_waker(Waker::noop());
        let mut spent: u64 = 0;
        loop {
            match future.as_mut().poll(&mut waker_context) {
                Poll::Ready(result) => return Some(result),
                Poll::Pending => {
                    spent += u64::from(SLICE);
                    if spent >= instructions {
                        return None;
                    }
                }
            }
        }
    }
}

/// The four per-request globals of a snippet.
pub struct Globals {
    pub request: JsValue,
    pub user: JsValue,
    pub endpoint: JsValue,
    pub env: JsValue,
}

impl Invoked {
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
            (None, Some(status)) => Ok(SnippetReply {
                status,
                headers: self.headers,
                body: self.body,
            }),
            (None, None) => Err(SnippetFailure {
                reason: "reply without a status".into(),
                stopped: false,
            }),
        };
        Run { outcome, logs }
    }
}

fn failure(reason: String) -> Run {
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
    "log",
    "__endpointRun",
];

#[cfg(test)]
mod tests;
