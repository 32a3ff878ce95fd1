//! Loading a bundle: decoded, then checked in full. Nothing of a bundle is served
//! unless every endpoint, schema, snippet, secret and limit of it loads; the filter
//! keeps the last good bundle otherwise (docs/sync-and-deployment.md).

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt;

use serde_json::{Map, Value};

use super::{API_KEY_CHALLENGE, BEARER_CHALLENGE, Engine, LoadedEndpoint};
use crate::auth::{ApiKeys, KeyError};
use crate::bundle::{self, ContentHash, DecodeError};
use crate::model::{Endpoint, ExecMode};
use crate::router::{RouteConflict, Router};
use crate::snippet::{
    DEFAULT_FETCHES, FetchScope, Limits, MAX_FETCHES, MAX_INSTRUCTIONS, MAX_LOOP_ITERATIONS,
    MAX_MEMORY_BYTES, MAX_RECURSION, Needs, Program, ProgramError, SnippetError,
};
use crate::validation::{BodySchema, SchemaError, json};

/// Why a bundle was refused. The filter logs it and keeps serving the previous bundle.
#[derive(Debug)]
pub enum LoadError {
    Decode(DecodeError),
    Invalid(Vec<LoadProblem>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Decode(e) => e.fmt(f),
            LoadError::Invalid(problems) => {
                f.write_str("bundle content is invalid: ")?;
                for (index, problem) in problems.iter().enumerate() {
                    if index > 0 {
                        f.write_str("; ")?;
                    }
                    problem.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// One reason a bundle's content cannot be served. The compiler refuses all of these
/// first; a bundle made otherwise, or a filter missing a secret, meets them here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// A secret the endpoint declares is not in the filter's environment.
    SecretNotSet { endpoint: String, secret: String },
    /// Two endpoints answer the same method on overlapping routes.
    Route(RouteConflict),
    /// The users' API key digests.
    Keys(KeyError),
    /// The endpoint lists an upstream the bundle does not declare.
    UnknownUpstream { endpoint: String, upstream: String },
    /// An `answer` on an endpoint that is not `exec_mode: static`.
    AnswerOutsideStatic { endpoint: String },
    /// `exec_mode: forward` without a `forward` naming one of its upstreams.
    ForwardWithoutTarget { endpoint: String },
    /// `exec_mode: static` without an `answer`, or with a snippet.
    StaticWithoutAnswer { endpoint: String },
    /// Its `request_content_schema` does not compile.
    Schema {
        endpoint: String,
        error: SchemaError,
    },
    /// Its `exec_as_user` is no user of the bundle.
    UnknownRunAs { endpoint: String, login: String },
    /// A limit over what the filter allows: `bound` says what it protects.
    OverCeiling {
        endpoint: String,
        field: &'static str,
        value: u64,
        most: u64,
        bound: &'static str,
    },
    /// Its snippet does not compile.
    Snippet {
        endpoint: String,
        error: SnippetError,
    },
    /// The snippet realm could not be built: a defect of this build.
    Realm(SnippetError),
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadProblem::SecretNotSet { endpoint, secret } => write!(
                f,
                "endpoint {endpoint:?}: secret {secret} is not set: give it to the filter in vm_config.environment_variables (key_values, or host_env_keys to pass on Envoy's own environment)"
            ),
            LoadProblem::Route(conflict) => conflict.fmt(f),
            LoadProblem::Keys(error) => error.fmt(f),
            LoadProblem::UnknownUpstream { endpoint, upstream } => write!(
                f,
                "endpoint {endpoint:?}: upstream {upstream:?} is not an upstream of the bundle"
            ),
            LoadProblem::AnswerOutsideStatic { endpoint } => write!(
                f,
                "endpoint {endpoint:?}: only exec_mode static has an `answer`"
            ),
            LoadProblem::ForwardWithoutTarget { endpoint } => write!(
                f,
                "endpoint {endpoint:?}: exec_mode forward needs `forward` naming one of its upstreams"
            ),
            LoadProblem::StaticWithoutAnswer { endpoint } => write!(
                f,
                "endpoint {endpoint:?}: exec_mode static needs an `answer` and no snippet"
            ),
            LoadProblem::Schema { endpoint, error } => {
                write!(f, "endpoint {endpoint:?}: request_content_schema: {error}")
            }
            LoadProblem::UnknownRunAs { endpoint, login } => write!(
                f,
                "endpoint {endpoint:?}: exec_as_user {login:?} is not a user of the bundle"
            ),
            LoadProblem::OverCeiling {
                endpoint,
                field,
                value,
                most,
                bound,
            } => write!(
                f,
                "endpoint {endpoint:?}: limits.{field} {value} is over {most}, the most the filter's {bound} allows"
            ),
            LoadProblem::Snippet { endpoint, error } => {
                write!(f, "endpoint {endpoint:?}: snippet: {error}")
            }
            LoadProblem::Realm(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for LoadProblem {}

/// When a bundle's schemas and snippets are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Building {
    /// All of them as the bundle loads: how a bundle is checked in full.
    AtLoad,
    /// Each at the first request that needs it. Only for a bundle that this same
    /// build of the engine has already loaded [`Building::AtLoad`], the very same
    /// bytes: Envoy loads a configuration in its canary first, then once more per
    /// thread, and only the canary need build what no request has needed yet
    /// (docs/sync-and-deployment.md). Everything else is checked at load all the same.
    AtFirstUse,
}

impl Engine {
    /// Decodes and fully checks a bundle: nothing is served unless all of it loads.
    /// Secrets come from the process environment (in Envoy, the VM's
    /// `vm_config.environment_variables`).
    pub fn load(bytes: &[u8]) -> Result<Engine, LoadError> {
        Engine::load_as(bytes, &|_| Building::AtLoad)
    }

    /// [`Engine::load`], building schemas and snippets as `building` says for the
    /// bundle's content hash.
    pub fn load_as(
        bytes: &[u8],
        building: &dyn Fn(ContentHash) -> Building,
    ) -> Result<Engine, LoadError> {
        Engine::load_with(bytes, &|name| std::env::var(name).ok(), building)
    }

    /// [`Engine::load`], with secrets looked up by `environment`.
    pub fn load_with_environment(
        bytes: &[u8],
        environment: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Engine, LoadError> {
        Engine::load_with(bytes, environment, &|_| Building::AtLoad)
    }

    fn load_with(
        bytes: &[u8],
        environment: &dyn Fn(&str) -> Option<String>,
        building: &dyn Fn(ContentHash) -> Building,
    ) -> Result<Engine, LoadError> {
        let (hash, content) = bundle::decode(bytes).map_err(LoadError::Decode)?;
        let all_now = building(hash) == Building::AtLoad;
        let mut problems = Vec::new();
        let mut secrets = Vec::with_capacity(content.endpoints.len());
        for endpoint in &content.endpoints {
            let mut own = Map::new();
            for name in &endpoint.secrets {
                match environment(name) {
                    Some(value) => {
                        own.insert(name.clone(), Value::String(value));
                    }
                    None => problems.push(LoadProblem::SecretNotSet {
                        endpoint: endpoint.name.clone(),
                        secret: name.clone(),
                    }),
                }
            }
            secrets.push(own);
        }
        let router = Router::build(&content.endpoints).unwrap_or_else(|conflicts| {
            problems.extend(conflicts.into_iter().map(LoadProblem::Route));
            Router::empty()
        });
        let api_keys = ApiKeys::build(&content.users).unwrap_or_else(|reason| {
            problems.push(LoadProblem::Keys(reason));
            ApiKeys::empty()
        });
        let users_by_login: HashMap<String, usize> = content
            .users
            .iter()
            .enumerate()
            .map(|(index, user)| (user.login.clone(), index))
            .collect();
        let mut loaded = Vec::with_capacity(content.endpoints.len());
        let patterns = json::Patterns::new();
        let upstream_index = |name: &str| content.upstreams.iter().position(|u| u.name == name);
        for endpoint in &content.endpoints {
            for name in &endpoint.upstreams {
                if upstream_index(name).is_none() {
                    problems.push(LoadProblem::UnknownUpstream {
                        endpoint: endpoint.name.clone(),
                        upstream: name.clone(),
                    });
                }
            }
            let forward_to = match (&endpoint.exec_mode, &endpoint.forward) {
                (ExecMode::Code | ExecMode::Forward, _) if endpoint.answer.is_some() => {
                    problems.push(LoadProblem::AnswerOutsideStatic {
                        endpoint: endpoint.name.clone(),
                    });
                    None
                }
                (ExecMode::Forward, Some(target))
                    if endpoint.upstreams.contains(&target.upstream) =>
                {
                    upstream_index(&target.upstream)
                }
                (ExecMode::Forward, _) => {
                    problems.push(LoadProblem::ForwardWithoutTarget {
                        endpoint: endpoint.name.clone(),
                    });
                    None
                }
                (ExecMode::Code, _) => None,
                (ExecMode::Static, _) => {
                    if endpoint.answer.is_none() || !endpoint.code.is_empty() {
                        problems.push(LoadProblem::StaticWithoutAnswer {
                            endpoint: endpoint.name.clone(),
                        });
                    }
                    None
                }
            };
            let schema = OnceCell::new();
            if let (true, Some(source)) = (all_now, &endpoint.request_content_schema) {
                match BodySchema::compile(source, endpoint.schema_formats, &patterns) {
                    Ok(built) => {
                        let _ = schema.set(built);
                    }
                    Err(error) => problems.push(LoadProblem::Schema {
                        endpoint: endpoint.name.clone(),
                        error,
                    }),
                }
            }
            let run_as = endpoint.exec_as_user.as_ref().and_then(|login| {
                let found = users_by_login.get(login.as_str()).copied();
                if found.is_none() {
                    problems.push(LoadProblem::UnknownRunAs {
                        endpoint: endpoint.name.clone(),
                        login: login.clone(),
                    });
                }
                found
            });
            // The compiler refuses these too; a bundle made otherwise meets them here.
            let ceilings = [
                (
                    "instructions",
                    endpoint.limits.instructions,
                    MAX_INSTRUCTIONS,
                    "time per run",
                ),
                (
                    "loop_iterations",
                    endpoint.limits.loop_iterations,
                    MAX_LOOP_ITERATIONS,
                    "time per run",
                ),
                (
                    "recursion",
                    endpoint.limits.recursion.map(u64::from),
                    u64::from(MAX_RECURSION),
                    "native stack",
                ),
                (
                    "memory_bytes",
                    endpoint.limits.memory_bytes,
                    MAX_MEMORY_BYTES,
                    "1 GiB VM",
                ),
                (
                    "fetches",
                    endpoint.limits.fetches.map(u64::from),
                    u64::from(MAX_FETCHES),
                    "per-request",
                ),
            ];
            for (field, value, most, bound) in ceilings {
                if let Some(value) = value
                    && value > most
                {
                    problems.push(LoadProblem::OverCeiling {
                        endpoint: endpoint.name.clone(),
                        field,
                        value,
                        most,
                        bound,
                    });
                }
            }
            loaded.push(LoadedEndpoint {
                run_as,
                limits: limits_of(endpoint),
                needs: Needs::of(&endpoint.code),
                schema,
                forward_to,
                fetch_scope: FetchScope {
                    upstreams: endpoint.upstreams.as_slice().into(),
                    limit: endpoint.limits.fetches.unwrap_or(DEFAULT_FETCHES),
                },
            });
        }
        let program = match Program::build(&content, secrets, all_now) {
            Ok(program) => Some(program),
            Err(ProgramError::Realm(error)) => {
                problems.push(LoadProblem::Realm(error));
                None
            }
            Err(ProgramError::Snippets(failed)) => {
                problems.extend(
                    failed
                        .into_iter()
                        .map(|(endpoint, error)| LoadProblem::Snippet { endpoint, error }),
                );
                None
            }
        };
        let (true, Some(program)) = (problems.is_empty(), program) else {
            return Err(LoadError::Invalid(problems));
        };
        let challenge = if content.auth.jwt.is_some() {
            format!("{BEARER_CHALLENGE}, {API_KEY_CHALLENGE}")
        } else {
            API_KEY_CHALLENGE.to_string()
        };
        Ok(Engine {
            hash,
            content,
            router,
            api_keys,
            loaded,
            challenge,
            users_by_login,
            program: RefCell::new(program),
            patterns,
        })
    }
}

fn limits_of(endpoint: &Endpoint) -> Limits {
    let defaults = Limits::default();
    let own = endpoint.limits;
    Limits {
        instructions: own.instructions.unwrap_or(defaults.instructions),
        loop_iterations: own.loop_iterations.unwrap_or(defaults.loop_iterations),
        recursion: own.recursion.map_or(defaults.recursion, |r| r as usize),
        memory_bytes: own.memory_bytes.unwrap_or(defaults.memory_bytes),
    }
}
