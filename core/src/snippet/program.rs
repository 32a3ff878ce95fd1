//! A bundle's snippets, ready to run: one realm with every snippet compiled, the
//! frozen values every request shares (`endpoint`, `env`, the users), and the
//! templates of the `request` object. The engine hands it plain data and gets a
//! [`Progress`] back; it never touches a JavaScript value.

use std::fmt;

use boa_engine::JsValue;
use serde_json::{Map, Value, json};

use super::request::RequestShapes;
use super::{
    FetchAnswer, FetchScope, Globals, Limits, Preparing, Progress, RequestView, SnippetError,
    SnippetId, SnippetRuntime, WaitingRun,
};
use crate::model::{BundleContent, Endpoint};

/// Who called, as the program makes `request.caller` (and `user`, unless the endpoint
/// runs as a user of its own).
#[derive(Debug, Clone, Copy)]
pub enum CallerView<'a> {
    /// No one authenticated: `null`.
    Nobody,
    /// A user of the bundle: its frozen view, made once at load.
    User(usize),
    /// A view made for this request (a token's claims beside the user's fields).
    Described(&'a Value),
}

/// One run to start.
pub struct RunStart<'a> {
    /// The index of the endpoint in the bundle.
    pub endpoint: usize,
    pub request: RequestView<'a>,
    pub caller: CallerView<'a>,
    /// The user the snippet runs as (`exec_as_user`), or `None` for the caller.
    pub run_as: Option<usize>,
    pub limits: Limits,
    pub scope: FetchScope,
    /// The run's preparation (body parsed, `request` built), counted against its
    /// memory limit until the run starts.
    pub preparing: Preparing,
}

/// What one endpoint's runs share, in the program's realm.
struct EndpointValues {
    snippet: SnippetId,
    /// The frozen `endpoint` global.
    view: JsValue,
    /// The frozen `env`: the vars, and the secrets it declared.
    env: JsValue,
}

pub struct Program {
    runtime: SnippetRuntime,
    /// The `request` objects' templates, in `runtime`'s realm.
    request_shapes: RequestShapes,
    /// One per endpoint of the bundle, in its order: made at load, or by
    /// [`Program::prepare`] before the endpoint's first run.
    endpoints: Vec<Option<EndpointValues>>,
    /// The bundle's vars, and each endpoint's own secrets, in bundle order: what
    /// [`Program::prepare`] makes an endpoint's `env` of.
    vars: Value,
    secrets: Vec<Map<String, Value>>,
    /// One frozen view per user of the bundle, in its order.
    users: Vec<JsValue>,
}

/// Why a bundle's snippets could not be made ready: nothing of the bundle is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramError {
    /// The realm itself could not be built, or a shared value not made in it.
    Realm(SnippetError),
    /// These endpoints' snippets did not compile, by endpoint name.
    Snippets(Vec<(String, SnippetError)>),
}

impl fmt::Display for ProgramError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgramError::Realm(error) => error.fmt(f),
            ProgramError::Snippets(failed) => {
                for (index, (endpoint, error)) in failed.iter().enumerate() {
                    if index > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "endpoint {endpoint:?}: snippet: {error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ProgramError {}

/// Why a run could not start: a `500` the engine reports as its own failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartError {
    /// The program has no endpoint at this index, or has not prepared it.
    NoEndpoint(usize),
    /// A value of the run could not be made in the realm.
    Value(SnippetError),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::NoEndpoint(index) => {
                write!(f, "the program has no endpoint #{index}")
            }
            StartError::Value(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for StartError {}

impl Program {
    /// Builds the realm and the values every request shares. With `all_now`, it
    /// compiles every snippet of the bundle too; otherwise [`Program::prepare`] makes
    /// each endpoint ready before its first run. `secrets` holds each endpoint's own,
    /// in bundle order.
    pub fn build(
        content: &BundleContent,
        secrets: Vec<Map<String, Value>>,
        all_now: bool,
    ) -> Result<Program, ProgramError> {
        let runtime = SnippetRuntime::new().map_err(ProgramError::Realm)?;
        let mut program = Program {
            runtime,
            request_shapes: RequestShapes::default(),
            endpoints: Vec::new(),
            vars: json!(content.vars),
            secrets,
            users: Vec::with_capacity(content.users.len()),
        };
        program
            .endpoints
            .resize_with(content.endpoints.len(), || None);
        if all_now {
            let mut failed = Vec::new();
            for (index, endpoint) in content.endpoints.iter().enumerate() {
                match program.make_ready(index, endpoint) {
                    Ok(()) => {}
                    Err(ProgramError::Snippets(mut own)) => failed.append(&mut own),
                    Err(realm) => return Err(realm),
                }
            }
            if !failed.is_empty() {
                return Err(ProgramError::Snippets(failed));
            }
            // Every endpoint is ready: no copy of the secrets need outlive the load.
            program.secrets = Vec::new();
        }
        for user in &content.users {
            let view = json!({"login": user.login, "name": user.name, "groups": user.groups});
            let view = program
                .runtime
                .frozen_value(&view)
                .map_err(ProgramError::Realm)?;
            program.users.push(view);
        }
        // Once, for all: each tenuring walks what the collector still walks.
        let mut shared = program.users.clone();
        let mut snippets = Vec::new();
        for values in program.endpoints.iter().flatten() {
            shared.extend([values.view.clone(), values.env.clone()]);
            snippets.push(values.snippet);
        }
        program.runtime.tenure(shared, &snippets);
        Ok(program)
    }

    /// Compiles the snippet of the endpoint at `index` (`endpoint`) and makes its
    /// `endpoint` and `env` values, unless done already.
    pub fn prepare(&mut self, index: usize, endpoint: &Endpoint) -> Result<(), ProgramError> {
        if let Some(Some(_)) = self.endpoints.get(index) {
            return Ok(());
        }
        self.make_ready(index, endpoint)?;
        if let Some(Some(values)) = self.endpoints.get(index) {
            let shared = vec![values.view.clone(), values.env.clone()];
            let snippet = values.snippet;
            self.runtime.tenure(shared, &[snippet]);
        }
        Ok(())
    }

    /// [`Program::prepare`], leaving what it makes to the collector's walks.
    fn make_ready(&mut self, index: usize, endpoint: &Endpoint) -> Result<(), ProgramError> {
        match self.endpoints.get(index) {
            Some(Some(_)) => return Ok(()),
            Some(None) => {}
            None => {
                return Err(ProgramError::Realm(SnippetError::Value(format!(
                    "the program has no endpoint #{index}"
                ))));
            }
        }
        // Each endpoint sees the vars, and only the secrets it declared.
        let own_secrets = self.secrets.get(index).cloned().unwrap_or_default();
        let env = json!({"vars": self.vars, "secrets": own_secrets});
        let env = self
            .runtime
            .frozen_value(&env)
            .map_err(ProgramError::Realm)?;
        let view = self
            .runtime
            .frozen_value(&endpoint_view(endpoint))
            .map_err(ProgramError::Realm)?;
        let snippet = self
            .runtime
            .compile(&endpoint.code)
            .map_err(|error| ProgramError::Snippets(vec![(endpoint.name.clone(), error)]))?;
        if let Some(slot) = self.endpoints.get_mut(index) {
            *slot = Some(EndpointValues { snippet, view, env });
        }
        Ok(())
    }

    /// Fixes what `Date` reads as now (milliseconds since the Unix epoch), or gives it
    /// back the host's clock: for the tests a definition holds (`now:`).
    pub fn fix_time(&self, millis: Option<i64>) {
        self.runtime.fix_time(millis);
    }

    /// Makes the run's globals and starts it. A run whose preparation crossed its
    /// memory limit ends stopped, before its snippet is called.
    pub fn start(&mut self, run: RunStart<'_>) -> Result<Progress, StartError> {
        let Some(Some(values)) = self.endpoints.get(run.endpoint) else {
            return Err(StartError::NoEndpoint(run.endpoint));
        };
        let (snippet, endpoint, env) = (values.snippet, values.view.clone(), values.env.clone());
        let caller = match run.caller {
            CallerView::Nobody => JsValue::null(),
            CallerView::User(user) => self.user(user),
            CallerView::Described(view) => self.runtime.value(view).map_err(StartError::Value)?,
        };
        let request = run.request.into_js(
            caller.clone(),
            &mut self.request_shapes,
            self.runtime.context(),
        );
        let prepared_bytes = match run.preparing.finish() {
            Ok(bytes) => bytes,
            Err(stopped) => return Ok(Progress::Done(stopped)),
        };
        let request = request.map_err(|error| StartError::Value(SnippetError::value(&error)))?;
        let user = match run.run_as {
            Some(user) => self.user(user),
            None => caller,
        };
        let globals = Globals {
            request,
            user,
            endpoint,
            env,
            prepared_bytes,
        };
        Ok(self.runtime.start(snippet, globals, run.limits, run.scope))
    }

    /// Hands a waiting run the answer to one of its fetches and runs it on.
    pub fn resume(
        &mut self,
        waiting: WaitingRun,
        call: u32,
        upstream_timeout_ms: Option<u64>,
        answer: FetchAnswer,
    ) -> Progress {
        self.runtime
            .resume(waiting, call, upstream_timeout_ms, answer)
    }

    fn user(&self, index: usize) -> JsValue {
        self.users.get(index).cloned().unwrap_or_else(JsValue::null)
    }
}

/// The `endpoint` global (docs/snippets.md): the definition's own fields, never its
/// code, secrets or limits.
fn endpoint_view(endpoint: &Endpoint) -> Value {
    json!({
        "name": endpoint.name,
        "route": endpoint.routes.first(),
        "routes": endpoint.routes,
        "route_group": endpoint.route_group,
        "active": endpoint.active,
        "auth_type": endpoint.auth_type,
        "exec_as_user": endpoint.exec_as_user,
        "request_method": endpoint.request_method,
        "request_content_type": endpoint.request_content_type,
        "exec_mode": endpoint.exec_mode,
    })
}
