//! The content of a bundle: endpoints and users, in the canonical form the compiler
//! writes (sorted, defaults filled in), so that the same definitions give the same bytes.

use serde::{Deserialize, Serialize};

/// Everything compiled together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleContent {
    /// Sorted by first route, then method.
    pub endpoints: Vec<Endpoint>,
    /// Sorted by login.
    pub users: Vec<User>,
    /// Bundle-wide settings (`kind: auth`).
    #[serde(default)]
    pub auth: AuthSettings,
    /// Values every snippet reads as `env.vars` (`kind: vars`), by name.
    #[serde(default)]
    pub vars: std::collections::BTreeMap<String, serde_json::Value>,
    /// The services behind the proxy that endpoints may reach (`kind: upstream`),
    /// sorted by name. Left out when empty: a bundle without upstreams is written
    /// as it was before they existed, and keeps its hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstreams: Vec<Upstream>,
}

/// A service behind the proxy, reached through an Envoy cluster: by a forward
/// endpoint, or by a snippet's `fetch` (docs/upstreams.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upstream {
    /// What definitions call it (`upstreams: [orders]`, `fetch("orders", ...)`).
    pub name: String,
    /// The Envoy cluster that serves it.
    pub cluster: String,
    /// `host:port`, from which a generated Envoy configuration makes the cluster;
    /// `None` when the cluster is defined elsewhere (Istio, a hand-written bootstrap).
    #[serde(default)]
    pub address: Option<String>,
    /// The whole exchange, in milliseconds.
    pub timeout_ms: u64,
    /// The largest response body a `fetch` takes into the snippet.
    pub max_response_bytes: u64,
    /// Headers sent with every request to it, lower-case names, sorted.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}

/// Default of an upstream's `timeout`.
pub const DEFAULT_UPSTREAM_TIMEOUT_MS: u64 = 5_000;
/// Default of an upstream's `max_response_bytes`.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 1 << 20;

/// Where a forward endpoint sends the request once every check passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forward {
    /// One of the endpoint's `upstreams`.
    pub upstream: String,
    /// A path template with the route's `{param}`s; `None` keeps the request path.
    #[serde(default)]
    pub path: Option<String>,
}

/// How callers are identified, beyond API keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthSettings {
    /// Accept JWTs that Envoy's `jwt_authn` filter verified. `None`: API keys only.
    pub jwt: Option<JwtSettings>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtSettings {
    /// The `payload_in_metadata` name of the `jwt_authn` provider.
    pub payload_in_metadata: String,
    /// The claim holding the user's login.
    pub user_claim: String,
    pub unknown_subject: UnknownSubject,
    /// The `iss` of the tokens whose subjects are users here. A token from any other
    /// issuer that `jwt_authn` verified (another provider writing the same metadata)
    /// is no identity for these endpoints.
    pub issuers: Vec<String>,
}

pub const JWT_AUTHN_METADATA_NAMESPACE: &str = "envoy.filters.http.jwt_authn";

impl Default for JwtSettings {
    fn default() -> JwtSettings {
        JwtSettings {
            payload_in_metadata: "jwt_payload".into(),
            user_claim: "sub".into(),
            unknown_subject: UnknownSubject::Reject,
            issuers: Vec::new(),
        }
    }
}

/// What a verified token whose subject is no user of the bundle gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownSubject {
    /// `403`: the token is valid, but its subject may not use these endpoints.
    Reject,
    /// A user made from the claims: login from the user claim, `name` and `groups`
    /// from the claims of those names.
    Claims,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub name: String,
    /// One or more URL paths, with `{param}` and a final `{*rest}`.
    pub routes: Vec<String>,
    pub route_group: Option<String>,
    /// `false`: archived, kept in the bundle for listings, not served.
    pub active: bool,
    pub auth_type: AuthType,
    /// The login of the user the snippet runs as, when set.
    pub exec_as_user: Option<String>,
    /// When not empty, the caller must belong to one of these groups (else `403`).
    #[serde(default)]
    pub allowed_groups: Vec<String>,
    pub request_method: Method,
    pub request_content_type: Option<ContentType>,
    pub exec_mode: ExecMode,
    /// The JavaScript snippet: required for `exec_mode: code`, optional for
    /// `forward` (empty when there is none).
    pub code: String,
    /// The upstreams this endpoint may reach, sorted: its `forward` and its
    /// snippet's `fetch` calls name nothing else.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upstreams: Vec<String>,
    /// For `exec_mode: forward`: where the checked request goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward: Option<Forward>,
    /// For `exec_mode: static`: the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<StaticAnswer>,
    /// The schema the body must satisfy (step 6), compiled when the bundle loads.
    #[serde(default)]
    pub request_content_schema: Option<ContentSchema>,
    /// What a body that fails its schema gets: `enforce` (`400`), or `log_only`.
    #[serde(default)]
    pub validation: ValidationMode,
    /// Whether a JSON Schema's `format` keywords are checked (the default) or only
    /// annotations.
    #[serde(default, skip_serializing_if = "SchemaFormats::is_default")]
    pub schema_formats: SchemaFormats,
    /// The origins allowed to call this endpoint from a browser; `None`: no CORS.
    #[serde(default)]
    pub cors: Option<Cors>,
    /// Overrides of the default body and snippet limits.
    #[serde(default)]
    pub limits: EndpointLimits,
    /// Names of the secrets this endpoint's snippet reads as `env.secrets.NAME`. The
    /// values are never in a bundle: the filter reads them from its VM environment.
    #[serde(default)]
    pub secrets: Vec<String>,
}

/// Whether a secret name is one an environment variable can carry: `A-Z`, `0-9`,
/// `_`, not starting with a digit.
pub fn is_secret_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Per-endpoint overrides of the default limits; `None` keeps the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointLimits {
    /// Largest request body, in bytes (step 5).
    #[serde(default)]
    pub body_bytes: Option<u64>,
    pub instructions: Option<u64>,
    pub loop_iterations: Option<u64>,
    pub recursion: Option<u32>,
    /// Bytes a snippet run may add to the heap.
    #[serde(default)]
    pub memory_bytes: Option<u64>,
    /// Calls a snippet run may make with `fetch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetches: Option<u32>,
}

/// A body schema, as the compiler resolved it (inline, string or file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentSchema {
    /// A JSON Schema, Draft 2020-12, for `application/json` bodies.
    Json(serde_json::Value),
    /// An XSD 1.0 document, for `application/xml` bodies.
    Xsd(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidationMode {
    /// A body that fails its schema is a `400`.
    #[default]
    Enforce,
    /// Violations are logged and counted; the request goes on to the snippet. A rollout
    /// aid for a new schema. A body that is not JSON or XML at all is still a `400`.
    LogOnly,
}

/// What `format` means in an endpoint's JSON Schema.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaFormats {
    /// `format` is an assertion: a string that is not a valid `email`, `date-time`,
    /// `uuid`, ... fails the schema; a format the validator does not know is refused
    /// when the schema compiles, so a typo never goes unchecked.
    #[default]
    Assert,
    /// `format` is an annotation only, as Draft 2020-12 has it by default: nothing
    /// is checked, and any name is accepted.
    Ignore,
}

impl SchemaFormats {
    fn is_default(&self) -> bool {
        *self == SchemaFormats::default()
    }
}

/// CORS for one endpoint: the origins a browser may call it from. The headers its
/// answers carry are [`crate::cors::CorsHeaders`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cors {
    /// Exact origins (`https://app.example.com`), or `*` for any.
    pub origins: Vec<String>,
}

impl Cors {
    /// The `Access-Control-Allow-Origin` answering a request from `origin`: `*` when
    /// any origin may call, the origin itself when it is listed, else none.
    pub fn allow_origin<'o>(&self, origin: &'o str) -> Option<&'o str> {
        if self.allows_any() {
            Some("*")
        } else {
            self.origins.iter().any(|o| o == origin).then_some(origin)
        }
    }

    /// `*` is listed: any origin may call, and no answer depends on the origin.
    pub fn allows_any(&self) -> bool {
        self.origins.iter().any(|o| o == "*")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub login: String,
    pub name: String,
    pub groups: Vec<String>,
    /// SHA-256 digests of the user's API keys, lowercase hex.
    pub api_keys: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthType {
    /// The caller must be authenticated.
    User,
    /// No authentication; the snippet runs as `exec_as_user`.
    Public,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Parses an HTTP method exactly (methods are case-sensitive, RFC 9110 §9.1).
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// Whether a `request_content_type` is required for this method (docs/definitions.md).
    pub fn takes_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ContentType {
    #[serde(rename = "text/plain")]
    TextPlain,
    #[serde(rename = "text/csv")]
    TextCsv,
    #[serde(rename = "application/json")]
    Json,
    #[serde(rename = "application/xml")]
    Xml,
    #[serde(rename = "application/x-www-form-urlencoded")]
    FormUrlencoded,
}

impl ContentType {
    pub const ALL: [ContentType; 5] = [
        ContentType::TextPlain,
        ContentType::TextCsv,
        ContentType::Json,
        ContentType::Xml,
        ContentType::FormUrlencoded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::TextPlain => "text/plain",
            ContentType::TextCsv => "text/csv",
            ContentType::Json => "application/json",
            ContentType::Xml => "application/xml",
            ContentType::FormUrlencoded => "application/x-www-form-urlencoded",
        }
    }

    pub fn parse(text: &str) -> Option<ContentType> {
        ContentType::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExecMode {
    /// The snippet answers.
    Code,
    /// The request goes on to `forward`'s upstream; an optional snippet may add
    /// headers or answer itself.
    Forward,
    /// `answer`, the same for every request, after the endpoint's checks: the pages
    /// a `kind: docs` document makes (docs/openapi.md). No snippet runs.
    Static,
}

/// The fixed answer of an `exec_mode: static` endpoint: `200` with this body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticAnswer {
    pub content_type: String,
    pub body: String,
}

impl BundleContent {
    /// `endpoints` with the `anon` user that [`Endpoint::example`] runs as: for tests
    /// and benchmarks.
    pub fn example(endpoints: Vec<Endpoint>) -> BundleContent {
        BundleContent {
            endpoints,
            users: vec![User::example("anon")],
            ..Default::default()
        }
    }
}

impl User {
    /// A user with no groups and no keys, named after its login: for tests and
    /// benchmarks, as [`Endpoint::example`] is.
    pub fn example(login: &str) -> User {
        User {
            login: login.into(),
            name: login.into(),
            groups: vec![],
            api_keys: vec![],
        }
    }
}

impl Endpoint {
    /// A public endpoint run as `anon`, with every other field at its default: for
    /// tests and benchmarks, which change what they need.
    pub fn example(name: &str, route: &str, method: Method, code: &str) -> Endpoint {
        Endpoint {
            name: name.into(),
            routes: vec![route.into()],
            route_group: None,
            active: true,
            auth_type: AuthType::Public,
            exec_as_user: Some("anon".into()),
            allowed_groups: vec![],
            request_method: method,
            request_content_type: None,
            exec_mode: ExecMode::Code,
            code: code.into(),
            upstreams: vec![],
            forward: None,
            answer: None,
            request_content_schema: None,
            validation: ValidationMode::Enforce,
            schema_formats: SchemaFormats::Assert,
            cors: None,
            limits: EndpointLimits::default(),
            secrets: vec![],
        }
    }
}
