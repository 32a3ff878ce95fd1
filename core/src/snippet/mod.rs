//! The snippet runtime: one Boa context per loaded bundle, every snippet compiled once
//! into a function when the bundle loads, and one call of that function per request.
//!
//! Isolation without a context per request (which costs ~10× throughput): snippets run
//! in strict mode inside their own function, and everything reachable from the global
//! object is frozen once at load, so a request can neither leave a global behind nor
//! patch a built-in for the next one. The per-request globals (`request`, `user`,
//! `endpoint`, `env`) are the function's parameters.

use boa_engine::{Context, JsError, JsObject, JsString, JsValue, Source, js_string};
use serde::Deserialize;

use crate::reply::{Level, LogRecord};

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
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Iterations of any single loop.
    pub loop_iterations: u64,
    /// Nested calls.
    pub recursion: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            loop_iterations: 100_000,
            recursion: 256,
        }
    }
}

/// A reply a snippet produced, or an error class it threw that maps to a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Why a snippet gave no reply. The text is for Envoy's log only, never for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetFailure(pub String);

/// The outcome of one run, with the lines the snippet logged.
pub struct Run {
    pub outcome: Result<SnippetReply, SnippetFailure>,
    pub logs: Vec<LogRecord>,
}

/// The plain object `invoke` (prelude.js) returns.
#[derive(Deserialize)]
struct Invoked {
    status: Option<u16>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default)]
    body: String,
    failure: Option<String>,
    #[serde(default)]
    logs: Vec<(String, String)>,
}

pub struct SnippetRuntime {
    context: Context,
    invoke: JsObject,
    function_constructor: JsObject,
    snippets: Vec<Option<JsObject>>,
}

impl SnippetRuntime {
    /// Creates the context, runs the prelude and freezes the realm.
    pub fn new(limits: Limits) -> Result<SnippetRuntime, String> {
        let mut context = Context::default();
        let invoke = context
            .eval(Source::from_bytes(PRELUDE))
            .map_err(|e| format!("snippet prelude failed: {e}"))?
            .as_object()
            .ok_or("snippet prelude returned no function")?;
        context
            .eval(Source::from_bytes(FREEZE))
            .map_err(|e| format!("freezing the snippet realm failed: {e}"))?;
        let function_constructor = context
            .global_object()
            .get(js_string!("Function"), &mut context)
            .map_err(|e| e.to_string())?
            .as_object()
            .ok_or("the global Function constructor is missing")?;
        let runtime_limits = context.runtime_limits_mut();
        runtime_limits.set_loop_iteration_limit(limits.loop_iterations);
        runtime_limits.set_recursion_limit(limits.recursion);
        Ok(SnippetRuntime {
            context,
            invoke,
            function_constructor,
            snippets: Vec::new(),
        })
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

    /// Runs one snippet with its four globals.
    pub fn run(
        &mut self,
        snippet: usize,
        request: JsValue,
        user: JsValue,
        endpoint: JsValue,
        env: JsValue,
    ) -> Run {
        let Some(Some(function)) = self.snippets.get(snippet) else {
            return Run {
                outcome: Err(SnippetFailure(format!("no compiled snippet #{snippet}"))),
                logs: Vec::new(),
            };
        };
        let args = [function.clone().into(), request, user, endpoint, env];
        let invoked = self
            .invoke
            .call(&JsValue::undefined(), &args, &mut self.context)
            .and_then(|value| value.to_json(&mut self.context));
        match invoked {
            Ok(Some(json)) => match serde_json::from_value::<Invoked>(json) {
                Ok(invoked) => invoked.into_run(),
                Err(e) => failure(format!("unexpected reply shape from the runtime: {e}")),
            },
            Ok(None) => failure("the runtime returned nothing".into()),
            Err(error) => failure(describe_uncatchable(&error)),
        }
    }
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
            (Some(reason), _) => Err(SnippetFailure(reason)),
            (None, Some(status)) => Ok(SnippetReply {
                status,
                headers: self.headers,
                body: self.body,
            }),
            (None, None) => Err(SnippetFailure("reply without a status".into())),
        };
        Run { outcome, logs }
    }
}

fn failure(reason: String) -> Run {
    Run {
        outcome: Err(SnippetFailure(reason)),
        logs: Vec::new(),
    }
}

/// Errors that escape `invoke`'s catch: the runtime limits, which JavaScript cannot catch.
fn describe_uncatchable(error: &JsError) -> String {
    format!("stopped: {error}")
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
];

#[cfg(test)]
mod tests;
