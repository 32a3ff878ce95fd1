//! One YAML document into an endpoint or a user, checking each field where it is
//! written. Cross-document rules (uniqueness, conflicts) are in [`crate::checks`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use endpoint_core::model::{
    AuthSettings, AuthType, ContentSchema, ContentType, Cors, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_UPSTREAM_TIMEOUT_MS, Endpoint, EndpointLimits, ExecMode, Forward, JwtSettings, Method,
    SchemaFormats, StaticAnswer, UnknownSubject, Upstream, User, ValidationMode, is_secret_name,
};
use endpoint_core::validation;

use crate::diagnostics::{Diagnostic, Origin, suggestion};
use crate::openapi::{EndpointDocs, ResponseDoc};
use crate::snippets;
use crate::yaml::{self, Node};

/// The fields of an endpoint document, in the order docs/definitions.md lists them.
pub const ENDPOINT_FIELDS: &[&str] = &[
    "kind",
    "name",
    "description",
    "route",
    "routes",
    "route_group",
    "active",
    "auth_type",
    "exec_as_user",
    "allowed_groups",
    "request_method",
    "request_content_type",
    "request_content_schema",
    "validation",
    "schema_formats",
    "exec_mode",
    "code",
    "limits",
    "secrets",
    "cors",
    "upstreams",
    "forward",
    "responses",
];

/// The fields of one answer in an endpoint's `responses`.
pub const RESPONSE_FIELDS: &[&str] = &["description", "content_type", "schema"];

/// The fields of `forward` on a forward endpoint.
pub const FORWARD_FIELDS: &[&str] = &["upstream", "path"];

/// The fields of a `kind: upstream` document.
pub const UPSTREAM_FIELDS: &[&str] = &[
    "kind",
    "name",
    "cluster",
    "address",
    "timeout",
    "max_response_bytes",
    "headers",
];

/// Longest `timeout` of an upstream: a request waiting longer holds its stream,
/// and its snippet's state, for that long.
pub const MAX_UPSTREAM_TIMEOUT_MS: u64 = 300_000;

/// Largest `max_response_bytes`: a fetched body is held whole in the VM.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

pub const LIMIT_FIELDS: &[&str] = &[
    "body_bytes",
    "instructions",
    "loop_iterations",
    "recursion",
    "memory_bytes",
    "fetches",
];

/// Largest `limits.body_bytes`: a body is buffered whole in the proxy's memory.
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

pub const USER_FIELDS: &[&str] = &["kind", "login", "name", "groups", "api_keys"];

/// The fields of a `kind: docs` document.
pub const DOCS_FIELDS: &[&str] = &[
    "kind",
    "title",
    "json_route",
    "page_route",
    "groups",
    "servers",
    "auth_type",
    "allowed_groups",
];

/// The fields of a `kind: vars` document.
pub const VARS_FIELDS: &[&str] = &["kind", "vars"];

/// The fields of the bundle-wide `kind: auth` document.
pub const AUTH_FIELDS: &[&str] = &["kind", "jwt"];
pub const JWT_FIELDS: &[&str] = &[
    "issuers",
    "payload_in_metadata",
    "user_claim",
    "unknown_subject",
];

/// An endpoint with where each of its parts was written.
#[derive(Debug)]
pub struct EndpointDef {
    pub endpoint: Endpoint,
    pub origin: Origin,
    /// One per route, in the same order.
    pub route_origins: Vec<Origin>,
    pub exec_as_user_origin: Option<Origin>,
    /// Where each name of `upstreams` was written, in the order written.
    pub upstream_origins: Vec<(String, Origin)>,
    /// Where `forward.upstream` was written.
    pub forward_origin: Option<Origin>,
    /// The upstreams the snippet's `fetch` calls name literally, with where.
    pub fetched: Vec<(String, Origin)>,
    /// What the definition says for people: the API description's part.
    pub docs: EndpointDocs,
}

/// `kind: upstream`: a service behind the proxy.
#[derive(Debug)]
pub struct UpstreamDef {
    pub upstream: Upstream,
    pub name_origin: Origin,
}

#[derive(Debug)]
pub struct UserDef {
    pub user: User,
    pub origin: Origin,
    pub login_origin: Origin,
    /// One per key digest, in the same order.
    pub key_origins: Vec<Origin>,
}

#[derive(Debug)]
pub struct AuthDef {
    pub settings: AuthSettings,
    pub origin: Origin,
}

/// `kind: vars`: values every snippet reads as `env.vars`.
#[derive(Debug)]
pub struct VarsDef {
    /// Each var with where its name was written.
    pub vars: Vec<(String, serde_json::Value, Origin)>,
}

/// `kind: docs`: the API description and its reference page, which the filter serves
/// (docs/openapi.md).
#[derive(Debug)]
pub struct DocsDef {
    pub options: crate::openapi::Options,
    /// The two endpoints serving the description (JSON) and the page (HTML), checked
    /// with every other endpoint; what they answer is made once all is checked.
    pub pages: Vec<EndpointDef>,
    /// Where each name of `groups` was written.
    pub group_origins: Vec<(String, Origin)>,
    pub origin: Origin,
}

/// The media types of the two docs pages, by which the compiler fills them in.
pub const DOCS_JSON_TYPE: &str = "application/json";
pub const DOCS_PAGE_TYPE: &str = "text/html; charset=utf-8";

#[derive(Debug)]
pub enum Definition {
    /// Boxed: an endpoint is twice the size of the other kinds.
    Endpoint(Box<EndpointDef>),
    User(UserDef),
    Auth(AuthDef),
    Vars(VarsDef),
    Upstream(UpstreamDef),
    Docs(Box<DocsDef>),
}

/// Reads one document. Problems are pushed; `None` when the document is unusable.
pub fn read(
    file: &Path,
    document: &Node,
    text: &str,
    roots: &[PathBuf],
    problems: &mut Vec<Diagnostic>,
) -> Option<Definition> {
    let at = |node: &Node| Origin {
        file: file.to_path_buf(),
        position: yaml::position(node),
    };
    let Some(entries) = yaml::entries(file, document, problems) else {
        problems.push(Diagnostic::new(
            file,
            yaml::position(document),
            format!(
                "a definition is a mapping of fields (name, route, request_method, ...), found {}",
                yaml::kind(document)
            ),
        ));
        return None;
    };
    let kind = entries
        .iter()
        .find(|(name, _, _)| *name == "kind")
        .map(|(_, _, value)| *value);
    let mut reader = Reader {
        file,
        roots,
        problems,
        document,
    };
    match kind.map(|node| (yaml::as_str(node), node)) {
        None | Some((Some("endpoint"), _)) => reader.endpoint(&entries, text).map(|mut def| {
            def.origin = at(document);
            Definition::Endpoint(Box::new(def))
        }),
        Some((Some("upstream"), _)) => reader.upstream(&entries).map(Definition::Upstream),
        Some((Some("user"), _)) => {
            reader
                .user(&entries)
                .map(|(user, login_origin, key_origins)| {
                    Definition::User(UserDef {
                        user,
                        origin: at(document),
                        login_origin,
                        key_origins,
                    })
                })
        }
        Some((Some("auth"), _)) => reader.auth(&entries).map(|settings| {
            Definition::Auth(AuthDef {
                settings,
                origin: at(document),
            })
        }),
        Some((Some("vars"), _)) => reader
            .vars(&entries)
            .map(|vars| Definition::Vars(VarsDef { vars })),
        Some((Some("docs"), _)) => reader.docs(&entries).map(|mut def| {
            def.origin = at(document);
            Definition::Docs(Box::new(def))
        }),
        Some((_, node)) => {
            reader.error(
                node,
                "kind is `endpoint` (the default), `user`, `upstream`, `auth`, `vars` or `docs`",
            );
            None
        }
    }
}

struct Reader<'a> {
    file: &'a Path,
    /// The folders being compiled (resolved): schema files must lie inside one.
    roots: &'a [PathBuf],
    problems: &'a mut Vec<Diagnostic>,
    document: &'a Node,
}

type Entries<'n> = [(&'n str, &'n Node, &'n Node)];

/// A document's known fields, read by name: reordering a list of field names can
/// never hand one field's value to another.
struct Fields<'n> {
    known: &'static [&'static str],
    values: Vec<(&'static str, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value written for each name, if any (the last, where a YAML mapping
    /// repeats a key).
    fn named<const N: usize>(&self, names: [&str; N]) -> [Option<&'n Node>; N] {
        names.map(|name| {
            debug_assert!(self.known.contains(&name), "`{name}` is not a known field");
            self.values
                .iter()
                .rev()
                .find(|(known, _)| *known == name)
                .map(|(_, node)| *node)
        })
    }
}

impl Reader<'_> {
    fn error(&mut self, node: &Node, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::new(self.file, yaml::position(node), message));
    }

    fn origin(&self, node: &Node) -> Origin {
        Origin {
            file: self.file.to_path_buf(),
            position: yaml::position(node),
        }
    }

    /// Reports unknown fields; returns the known ones, to be read by name.
    fn fields<'n>(
        &mut self,
        entries: &Entries<'n>,
        known: &'static [&'static str],
        what: &str,
    ) -> Fields<'n> {
        let mut values = Vec::with_capacity(entries.len());
        for (name, key, value) in entries {
            match known.iter().find(|k| *k == name) {
                Some(known_name) => values.push((*known_name, *value)),
                None => {
                    let hint = suggestion(name, known)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("; {what} fields are {}", known.join(", ")));
                    self.error(key, format!("unknown field `{name}`{hint}"));
                }
            }
        }
        Fields { known, values }
    }

    fn required<'n>(
        &mut self,
        value: Option<&'n Node>,
        field: &str,
        what: &str,
    ) -> Option<&'n Node> {
        if value.is_none() {
            let document = self.document;
            self.error(document, format!("{what} has no `{field}`"));
        }
        value
    }

    fn string(&mut self, node: &Node, field: &str) -> Option<String> {
        match yaml::as_str(node) {
            Some(text) if !text.trim().is_empty() => Some(text.to_string()),
            Some(_) => {
                self.error(node, format!("`{field}` is empty"));
                None
            }
            None => {
                self.error(
                    node,
                    format!("`{field}` is a string, found {}", yaml::kind(node)),
                );
                None
            }
        }
    }

    fn string_list(&mut self, node: &Node, field: &str) -> Option<Vec<(String, Origin)>> {
        let Some(items) = yaml::as_list(node) else {
            self.error(
                node,
                format!("`{field}` is a list of strings, found {}", yaml::kind(node)),
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let origin = self.origin(item);
            if let Some(text) = self.string(item, field) {
                out.push((text, origin));
            }
        }
        Some(out)
    }

    fn choice<T: Copy>(&mut self, node: &Node, field: &str, options: &[(&str, T)]) -> Option<T> {
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        let text = yaml::as_str(node);
        match text.and_then(|t| options.iter().find(|(name, _)| *name == t)) {
            Some((_, value)) => Some(*value),
            None => {
                let found = text.map_or_else(|| yaml::kind(node).to_string(), |t| format!("`{t}`"));
                let hint = text
                    .and_then(|t| suggestion(t, &names))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                self.error(
                    node,
                    format!(
                        "`{field}` is one of {}, found {found}{hint}",
                        names.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn endpoint(&mut self, entries: &Entries<'_>, text: &str) -> Option<EndpointDef> {
        let [
            _kind,
            name,
            description,
            route,
            routes,
            route_group,
            active,
            auth_type,
            exec_as_user,
            allowed_groups,
            request_method,
            request_content_type,
            request_content_schema,
            validation_mode,
            schema_formats,
            exec_mode,
            code,
            limits,
            secrets,
            cors,
            upstreams,
            forward,
            responses,
        ] = self.fields(entries, ENDPOINT_FIELDS, "endpoint").named([
            "kind",
            "name",
            "description",
            "route",
            "routes",
            "route_group",
            "active",
            "auth_type",
            "exec_as_user",
            "allowed_groups",
            "request_method",
            "request_content_type",
            "request_content_schema",
            "validation",
            "schema_formats",
            "exec_mode",
            "code",
            "limits",
            "secrets",
            "cors",
            "upstreams",
            "forward",
            "responses",
        ]);
        let problems_before = self.problems.len();

        let name = self
            .required(name, "name", "an endpoint")
            .and_then(|n| self.string(n, "name"));

        let mut route_list = Vec::new();
        match (route, routes) {
            (Some(_), Some(both)) => self.error(both, "give `route` or `routes`, not both"),
            (Some(single), None) => {
                if let Some(text) = self.string(single, "route") {
                    route_list.push((text, self.origin(single)));
                }
            }
            (None, Some(many)) => {
                if let Some(list) = self.string_list(many, "routes") {
                    if list.is_empty() {
                        self.error(many, "`routes` is empty: list at least one route");
                    }
                    route_list = list;
                }
            }
            (None, None) => {
                let document = self.document;
                self.error(document, "an endpoint has no `route` (or `routes`)");
            }
        }
        for (route, origin) in &route_list {
            if let Err(reason) = check_route(route) {
                self.problems.push(Diagnostic::new(
                    &origin.file,
                    origin.position,
                    format!("route {route:?}: {reason}"),
                ));
            }
        }

        let route_group = route_group.and_then(|g| self.string(g, "route_group"));
        let active = match active {
            None => true,
            Some(node) => yaml::as_bool(node).unwrap_or_else(|| {
                self.error(
                    node,
                    format!("`active` is true or false, found {}", yaml::kind(node)),
                );
                true
            }),
        };
        let auth_type = self.auth_type(auth_type);
        let exec_as_user_origin = exec_as_user.map(|node| self.origin(node));
        let exec_as_user = exec_as_user.and_then(|u| self.string(u, "exec_as_user"));
        if auth_type == Some(AuthType::Public)
            && exec_as_user.is_none()
            && exec_as_user_origin.is_none()
        {
            let document = self.document;
            self.error(
                document,
                "a public endpoint needs `exec_as_user`: the login of the user document its snippet runs as",
            );
        }

        let allowed_groups = self.allowed_groups(allowed_groups, auth_type);

        let methods: Vec<(&str, Method)> = Method::ALL.iter().map(|m| (m.as_str(), *m)).collect();
        let method = self
            .required(request_method, "request_method", "an endpoint")
            .and_then(|m| self.choice(m, "request_method", &methods));

        let types: Vec<(&str, ContentType)> =
            ContentType::ALL.iter().map(|c| (c.as_str(), *c)).collect();
        let content_type =
            request_content_type.and_then(|c| self.choice(c, "request_content_type", &types));
        match (method, request_content_type) {
            (Some(m), None) if m.takes_body() => {
                let document = self.document;
                self.error(
                    document,
                    format!(
                        "a {} endpoint needs `request_content_type` (one of {})",
                        m.as_str(),
                        ContentType::ALL.map(ContentType::as_str).join(", ")
                    ),
                );
            }
            (Some(m), Some(node)) if !m.takes_body() => self.error(
                node,
                format!(
                    "`request_content_type` is for POST, PUT and PATCH; a {} request has no body",
                    m.as_str()
                ),
            ),
            _ => {}
        }
        let schema_formats = match schema_formats {
            None => SchemaFormats::Assert,
            Some(node) => {
                if content_type != Some(ContentType::Json) || request_content_schema.is_none() {
                    self.error(
                        node,
                        "`schema_formats` says whether a JSON Schema checks `format`: set `request_content_type: application/json` and `request_content_schema` too",
                    );
                }
                self.choice(
                    node,
                    "schema_formats",
                    &[
                        ("assert", SchemaFormats::Assert),
                        ("ignore", SchemaFormats::Ignore),
                    ],
                )
                .unwrap_or_default()
            }
        };
        let schema = request_content_schema.and_then(|node| {
            self.content_schema(node, content_type, request_content_type, schema_formats)
        });
        let validation = match validation_mode {
            None => ValidationMode::Enforce,
            Some(node) => {
                if request_content_schema.is_none() {
                    self.error(
                        node,
                        "`validation` says what a body failing its schema gets: set `request_content_schema` too",
                    );
                }
                self.choice(
                    node,
                    "validation",
                    &[
                        ("enforce", ValidationMode::Enforce),
                        ("log_only", ValidationMode::LogOnly),
                    ],
                )
                .unwrap_or_default()
            }
        };
        let cors = cors.and_then(|node| self.cors(node));

        let exec_mode = match exec_mode {
            None => Some(ExecMode::Code),
            Some(node) => self.choice(
                node,
                "exec_mode",
                &[("code", ExecMode::Code), ("forward", ExecMode::Forward)],
            ),
        };
        let upstream_origins = match upstreams {
            None => Vec::new(),
            Some(node) => {
                let list = self.string_list(node, "upstreams").unwrap_or_default();
                let mut seen = std::collections::BTreeSet::new();
                for (name, origin) in &list {
                    if !seen.insert(name.clone()) {
                        self.problems.push(Diagnostic::new(
                            &origin.file,
                            origin.position,
                            format!("upstream `{name}` is listed twice"),
                        ));
                    }
                }
                list
            }
        };
        let forward_origin = forward.and_then(|node| {
            let file = self.file;
            yaml::entries(file, node, self.problems)
                .and_then(|entries| {
                    entries
                        .iter()
                        .find(|(name, _, _)| *name == "upstream")
                        .map(|(_, _, value)| *value)
                })
                .map(|value| self.origin(value))
        });
        let forward = match (exec_mode, forward) {
            (Some(ExecMode::Forward), Some(node)) => self.forward(node, &route_list),
            (Some(ExecMode::Forward), None) => {
                let document = self.document;
                self.error(
                    document,
                    "an endpoint with `exec_mode: forward` has no `forward`: give `forward: {upstream: NAME}`",
                );
                None
            }
            (_, Some(node)) => {
                self.error(node, "`forward` is for `exec_mode: forward`");
                None
            }
            (_, None) => None,
        };
        // A forward endpoint's snippet is optional: it may add headers or answer.
        let code_node = match exec_mode {
            Some(ExecMode::Forward) => code,
            _ => self.required(code, "code", "an endpoint with `exec_mode: code`"),
        };
        let code_text = code_node.and_then(|c| self.string(c, "code"));
        let mut fetched = Vec::new();
        if let (Some(node), Some(source)) = (code_node, &code_text) {
            match snippets::check(source) {
                Ok(scan) => {
                    for call in scan.fetched {
                        let position =
                            snippets::position_in_file(text, node, call.line, call.column);
                        fetched.push((
                            call.upstream,
                            Origin {
                                file: self.file.to_path_buf(),
                                position,
                            },
                        ));
                    }
                }
                Err(problem) => {
                    let position =
                        snippets::position_in_file(text, node, problem.line, problem.column);
                    self.problems.push(Diagnostic::new(
                        self.file,
                        position,
                        format!("snippet: {}", problem.message),
                    ));
                }
            }
        }

        let limits = limits.map(|node| self.limits(node)).unwrap_or_default();
        let secrets = match secrets {
            None => Vec::new(),
            Some(node) => self
                .string_list(node, "secrets")
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(name, origin)| {
                    if is_secret_name(&name) {
                        Some(name)
                    } else {
                        self.problems.push(Diagnostic::new(
                            &origin.file,
                            origin.position,
                            format!("secret {name:?}: name a secret as an environment variable, in A-Z, 0-9 and _ (`GITHUB_WEBHOOK_SECRET`); its value is given to Envoy, never written here"),
                        ));
                        None
                    }
                })
                .collect(),
        };

        let docs = EndpointDocs {
            description: description.and_then(|node| self.string(node, "description")),
            responses: responses
                .map(|node| self.responses(node))
                .unwrap_or_default(),
        };

        if self.problems.len() > problems_before {
            return None;
        }
        let mut upstream_names: Vec<String> =
            upstream_origins.iter().map(|(n, _)| n.clone()).collect();
        upstream_names.sort();
        upstream_names.dedup();
        Some(EndpointDef {
            endpoint: Endpoint {
                name: name?,
                routes: route_list.iter().map(|(r, _)| r.clone()).collect(),
                route_group,
                active,
                auth_type: auth_type?,
                exec_as_user,
                allowed_groups,
                request_method: method?,
                request_content_type: content_type,
                request_content_schema: schema,
                schema_formats,
                validation,
                cors,
                exec_mode: exec_mode?,
                code: code_text.unwrap_or_default(),
                upstreams: upstream_names,
                forward,
                answer: None,
                limits,
                secrets,
            },
            origin: self.origin(self.document),
            route_origins: route_list.into_iter().map(|(_, o)| o).collect(),
            exec_as_user_origin,
            upstream_origins,
            forward_origin,
            fetched,
            docs,
        })
    }

    /// `responses`: status → `{description, content_type, schema}`, the answers the
    /// endpoint gives, for its API description. A schema is checked as a request's is.
    fn responses(&mut self, node: &Node) -> BTreeMap<u16, ResponseDoc> {
        let mut responses = BTreeMap::new();
        let Some(pairs) = yaml::pairs(node) else {
            self.error(
                node,
                format!(
                    "`responses` maps statuses to answers (`200: {{description: ...}}`), found {}",
                    yaml::kind(node)
                ),
            );
            return responses;
        };
        for (key, value) in pairs {
            let status = yaml::as_int(key)
                .or_else(|| yaml::as_str(key).and_then(|text| text.parse().ok()))
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| (100..=599).contains(n));
            let Some(status) = status else {
                self.error(key, "a response's key is an HTTP status, 100 to 599");
                continue;
            };
            if responses.contains_key(&status) {
                self.error(key, format!("status {status} is described twice"));
                continue;
            }
            if let Some(doc) = self.response(status, value) {
                responses.insert(status, doc);
            }
        }
        responses
    }

    fn response(&mut self, status: u16, node: &Node) -> Option<ResponseDoc> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                format!(
                    "response {status} is a mapping: {{description, content_type, schema}}, found {}",
                    yaml::kind(node)
                ),
            );
            return None;
        };
        let [description, content_type, schema] = self
            .fields(&entries, RESPONSE_FIELDS, "response")
            .named(["description", "content_type", "schema"]);
        let description = match description {
            Some(text) => self.string(text, "description"),
            None => {
                self.error(
                    node,
                    format!("response {status} has no `description`: say what it means"),
                );
                None
            }
        };
        let content_type = match content_type {
            Some(node) => {
                let text = self.string(node, "content_type");
                if let Some(text) = &text
                    && !is_media_type(text)
                {
                    self.error(
                        node,
                        format!("content_type {text:?} is a media type such as application/json"),
                    );
                }
                text
            }
            None => schema.map(|_| "application/json".to_string()),
        };
        let schema = match schema {
            None => None,
            Some(node) => {
                let json = content_type
                    .as_deref()
                    .is_some_and(|t| t == "application/json" || t.ends_with("+json"));
                if !json {
                    self.error(
                        node,
                        "a response's `schema` is a JSON Schema, for a JSON `content_type`",
                    );
                    return None;
                }
                let field = format!("responses {status} schema");
                let (text, source) = self.schema_text(node)?;
                self.json_schema(node, text, &source, &field, SchemaFormats::Assert)
            }
        };
        Some(ResponseDoc {
            description: description?,
            content_type,
            schema,
        })
    }

    /// `forward: {upstream, path}`. The path template may use only the parameters
    /// that every route of the endpoint has, so that each request fills it.
    fn forward(&mut self, node: &Node, routes: &[(String, Origin)]) -> Option<Forward> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                format!("`forward` is a mapping of {}", FORWARD_FIELDS.join(", ")),
            );
            return None;
        };
        let [upstream, path] = self
            .fields(&entries, FORWARD_FIELDS, "forward")
            .named(["upstream", "path"]);
        let upstream = match upstream {
            Some(node) => self.string(node, "forward.upstream"),
            None => {
                self.error(
                    node,
                    "`forward` has no `upstream`: name one of the endpoint's `upstreams`",
                );
                None
            }
        };
        let path = match path {
            None => None,
            Some(node) => {
                let template = self.string(node, "forward.path")?;
                if let Err(reason) = check_forward_path(&template, routes) {
                    self.error(node, format!("forward.path {template:?}: {reason}"));
                    return None;
                }
                Some(template)
            }
        };
        Some(Forward {
            upstream: upstream?,
            path,
        })
    }

    /// `auth_type`: `user` (the default) or `public`.
    fn auth_type(&mut self, node: Option<&Node>) -> Option<AuthType> {
        match node {
            None => Some(AuthType::User),
            Some(node) => self.choice(
                node,
                "auth_type",
                &[("user", AuthType::User), ("public", AuthType::Public)],
            ),
        }
    }

    /// `allowed_groups`: for authenticated callers only, and never empty.
    fn allowed_groups(&mut self, node: Option<&Node>, auth_type: Option<AuthType>) -> Vec<String> {
        let Some(node) = node else {
            return Vec::new();
        };
        if auth_type == Some(AuthType::Public) {
            self.error(
                node,
                "`allowed_groups` needs an authenticated caller: with `auth_type: public` there is none",
            );
        }
        let groups = self.string_list(node, "allowed_groups");
        if groups.as_ref().is_some_and(Vec::is_empty) {
            self.error(
                node,
                "`allowed_groups: []` lets no caller in: list at least one group, \
                 or leave the field out to let every authenticated caller in",
            );
        }
        groups
            .unwrap_or_default()
            .into_iter()
            .map(|(g, _)| g)
            .collect()
    }

    /// `kind: docs`: where the filter serves the API description and its page, and for
    /// whom.
    fn docs(&mut self, entries: &Entries<'_>) -> Option<DocsDef> {
        let [
            _kind,
            title,
            json_route,
            page_route,
            groups,
            servers,
            auth_type,
            allowed_groups,
        ] = self.fields(entries, DOCS_FIELDS, "docs").named([
            "kind",
            "title",
            "json_route",
            "page_route",
            "groups",
            "servers",
            "auth_type",
            "allowed_groups",
        ]);
        let problems_before = self.problems.len();
        let title = title
            .and_then(|node| self.string(node, "title"))
            .unwrap_or_else(|| "API".into());
        let mut route = |node: Option<&Node>, field: &str, default: &str| match node {
            None => Some((default.to_string(), self.origin(self.document))),
            Some(node) => {
                let text = self.string(node, field)?;
                match check_route(&text) {
                    Ok(()) if !text.contains('{') => Some((text, self.origin(node))),
                    Ok(()) => {
                        self.error(
                            node,
                            format!("`{field}` is a fixed path, without parameters"),
                        );
                        None
                    }
                    Err(reason) => {
                        self.error(node, format!("{field} {text:?}: {reason}"));
                        None
                    }
                }
            }
        };
        let json_route = route(json_route, "json_route", "/openapi.json");
        let page_route = route(page_route, "page_route", "/docs");
        let group_origins = match groups {
            None => Vec::new(),
            Some(node) => self.string_list(node, "groups").unwrap_or_default(),
        };
        let servers: Vec<String> = match servers {
            None => Vec::new(),
            Some(node) => self
                .string_list(node, "servers")
                .unwrap_or_default()
                .into_iter()
                .map(|(url, _)| url)
                .collect(),
        };
        let auth_type = self.auth_type(auth_type);
        let allowed_groups = self.allowed_groups(allowed_groups, auth_type);
        if self.problems.len() > problems_before {
            return None;
        }
        let (auth_type, json_route, page_route) = (auth_type?, json_route?, page_route?);
        let page =
            |name: &str, (route, origin): (String, Origin), content_type: &str| EndpointDef {
                endpoint: Endpoint {
                    name: name.into(),
                    routes: vec![route],
                    route_group: None,
                    active: true,
                    auth_type,
                    exec_as_user: None,
                    allowed_groups: allowed_groups.clone(),
                    request_method: Method::Get,
                    request_content_type: None,
                    exec_mode: ExecMode::Static,
                    code: String::new(),
                    upstreams: Vec::new(),
                    forward: None,
                    answer: Some(StaticAnswer {
                        content_type: content_type.into(),
                        body: String::new(),
                    }),
                    request_content_schema: None,
                    validation: ValidationMode::Enforce,
                    schema_formats: SchemaFormats::Assert,
                    cors: None,
                    limits: EndpointLimits::default(),
                    secrets: Vec::new(),
                },
                origin: origin.clone(),
                route_origins: vec![origin],
                exec_as_user_origin: None,
                upstream_origins: Vec::new(),
                forward_origin: None,
                fetched: Vec::new(),
                docs: EndpointDocs::default(),
            };
        let pages = vec![
            page(
                &format!("{title}: OpenAPI description"),
                json_route,
                DOCS_JSON_TYPE,
            ),
            page(&format!("{title}: reference"), page_route, DOCS_PAGE_TYPE),
        ];
        Some(DocsDef {
            options: crate::openapi::Options {
                title,
                servers,
                groups: group_origins.iter().map(|(g, _)| g.clone()).collect(),
            },
            pages,
            group_origins,
            origin: self.origin(self.document),
        })
    }

    /// `kind: upstream`.
    fn upstream(&mut self, entries: &Entries<'_>) -> Option<UpstreamDef> {
        let [
            _kind,
            name,
            cluster,
            address,
            timeout,
            max_response_bytes,
            headers,
        ] = self.fields(entries, UPSTREAM_FIELDS, "upstream").named([
            "kind",
            "name",
            "cluster",
            "address",
            "timeout",
            "max_response_bytes",
            "headers",
        ]);
        let problems_before = self.problems.len();
        let name_node = self.required(name, "name", "an upstream");
        let name_origin = name_node.map(|n| self.origin(n));
        let name = name_node.and_then(|n| self.string(n, "name"));
        if let (Some(node), Some(text)) = (name_node, &name)
            && !is_upstream_name(text)
        {
            self.error(
                node,
                "an upstream's name is letters, digits, `_`, `-` and `.`: snippets write it in `fetch(\"NAME\", ...)`",
            );
        }
        let cluster = match cluster {
            Some(node) => self.string(node, "cluster"),
            None => name.clone(),
        };
        let address = address.and_then(|node| {
            let text = self.string(node, "address")?;
            match check_address(&text) {
                Ok(()) => Some(text),
                Err(reason) => {
                    self.error(node, format!("address {text:?}: {reason}"));
                    None
                }
            }
        });
        let timeout_ms = match timeout {
            None => DEFAULT_UPSTREAM_TIMEOUT_MS,
            Some(node) => match duration_ms(node) {
                Some(ms) if (1..=MAX_UPSTREAM_TIMEOUT_MS).contains(&ms) => ms,
                _ => {
                    self.error(
                        node,
                        format!(
                            "`timeout` is a duration from 1ms to {}s, such as `5s` or `250ms`",
                            MAX_UPSTREAM_TIMEOUT_MS / 1000
                        ),
                    );
                    DEFAULT_UPSTREAM_TIMEOUT_MS
                }
            },
        };
        let max_response_bytes = max_response_bytes
            .map(|n| self.positive(n, "max_response_bytes", MAX_RESPONSE_BYTES))
            .unwrap_or(Some(DEFAULT_MAX_RESPONSE_BYTES));
        let headers = headers
            .map(|node| self.fixed_headers(node))
            .unwrap_or_default();
        if self.problems.len() > problems_before {
            return None;
        }
        Some(UpstreamDef {
            upstream: Upstream {
                name: name?,
                cluster: cluster?,
                address,
                timeout_ms,
                max_response_bytes: max_response_bytes?,
                headers,
            },
            name_origin: name_origin?,
        })
    }

    /// An upstream's `headers`: names that are HTTP tokens and not the proxy's own,
    /// string values with no CR, LF or NUL. Lower-case names, sorted.
    fn fixed_headers(&mut self, node: &Node) -> Vec<(String, String)> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(node, "`headers` is a mapping of header names to values");
            return Vec::new();
        };
        let mut headers = Vec::with_capacity(entries.len());
        for (name, key, value) in entries {
            let lower = name.to_ascii_lowercase();
            if let Err(reason) = endpoint_core::forward::check_header_name(&lower) {
                self.error(key, format!("header `{name}`: {reason}"));
                continue;
            }
            let Some(text) = yaml::as_str(value) else {
                self.error(
                    value,
                    format!("header `{name}` is a string, found {}", yaml::kind(value)),
                );
                continue;
            };
            if text.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
                self.error(value, format!("header `{name}` holds CR, LF or NUL"));
                continue;
            }
            headers.push((lower, text.to_string()));
        }
        headers.sort();
        headers
    }

    /// `request_content_schema`: for JSON, a schema written inline as YAML, as a JSON or
    /// YAML string, or `{file: path}`; for XML, an XSD as a string or `{file: path}`.
    /// The schema is checked here exactly as the filter will compile it.
    fn content_schema(
        &mut self,
        node: &Node,
        content_type: Option<ContentType>,
        content_type_node: Option<&Node>,
        formats: SchemaFormats,
    ) -> Option<ContentSchema> {
        let is_xml = match content_type {
            Some(ContentType::Json) => false,
            Some(ContentType::Xml) => true,
            Some(other) => {
                self.error(
                    node,
                    format!("`request_content_schema` is for application/json and application/xml bodies, not {}", other.as_str()),
                );
                return None;
            }
            None => {
                if content_type_node.is_none() {
                    self.error(
                        node,
                        "`request_content_schema` needs `request_content_type: application/json` or `application/xml`",
                    );
                }
                return None;
            }
        };
        let (text, source) = self.schema_text(node)?;
        if is_xml {
            let Some(xsd) = text else {
                self.error(
                    node,
                    format!("an XSD is written as a string (`|` block) or `{{file: schema.xsd}}`, found {}", yaml::kind(node)),
                );
                return None;
            };
            let problems = validation::xml::problems(&xsd);
            for problem in &problems {
                self.error(node, format!("request_content_schema: {source}{problem}"));
            }
            return problems.is_empty().then_some(ContentSchema::Xsd(xsd));
        }
        self.json_schema(node, text, &source, "request_content_schema", formats)
            .map(ContentSchema::Json)
    }

    /// A schema's text when it is a string or `{file: path}` (read next to this
    /// definition file, inside the folders being compiled), with the file's path for
    /// messages; no text when it is written as YAML. `None` when the file is refused.
    fn schema_text(&mut self, node: &Node) -> Option<(Option<String>, String)> {
        let from_file =
            yaml::entries(self.file, node, self.problems).and_then(|entries| match &entries[..] {
                [("file", _, path)] => Some(*path),
                _ => None,
            });
        match from_file {
            Some(path_node) => {
                let relative = self.string(path_node, "file")?;
                let read = schema_file(self.file, &relative, self.roots).and_then(|path| {
                    std::fs::read_to_string(&path)
                        .map(|text| (text, path))
                        .map_err(|e| format!("cannot read the schema file {relative}: {e}"))
                });
                match read {
                    Ok((text, path)) => Some((Some(text), format!("{} ", path.display()))),
                    Err(reason) => {
                        self.error(path_node, reason);
                        None
                    }
                }
            }
            None => Some((yaml::as_str(node).map(str::to_string), String::new())),
        }
    }

    /// A JSON Schema (2020-12) written as JSON or YAML text, or inline as YAML, checked
    /// against its meta-schema; problems are reported as `field: ...`.
    fn json_schema(
        &mut self,
        node: &Node,
        text: Option<String>,
        source: &str,
        field: &str,
        formats: SchemaFormats,
    ) -> Option<serde_json::Value> {
        let schema = match text {
            // JSON first, for its exact numbers; YAML is the other string form.
            Some(text) => match serde_json::from_str(&text) {
                Ok(value) => value,
                Err(json_error) => match yaml_text_to_json(&text) {
                    Ok(value) => value,
                    Err(yaml_error) => {
                        self.error(
                            node,
                            format!("{field}: {source}is neither JSON ({json_error}) nor YAML ({yaml_error})"),
                        );
                        return None;
                    }
                },
            },
            None => match yaml::to_json(node) {
                Ok(value) => value,
                Err((at, reason)) => {
                    self.error(at, format!("{field}: {reason}"));
                    return None;
                }
            },
        };
        let problems = validation::json::problems(&schema, formats);
        for problem in &problems {
            // An inline schema's problem is reported at the YAML node it is about.
            let at = if source.is_empty() && yaml::as_str(node).is_none() {
                node_at_pointer(node, &problem.pointer)
            } else {
                node
            };
            let location = if problem.pointer.is_empty() {
                String::new()
            } else {
                format!("at {} ", problem.pointer)
            };
            self.error(
                at,
                format!("{field}: {source}{location}{}", problem.message),
            );
        }
        problems.is_empty().then_some(schema)
    }

    /// `cors`: an origin, or a list of them; `*` allows any.
    fn cors(&mut self, node: &Node) -> Option<Cors> {
        let origins = match yaml::as_str(node) {
            Some(one) => vec![(one.to_string(), self.origin(node))],
            None => self.string_list(node, "cors")?,
        };
        let problems_before = self.problems.len();
        for (origin, at) in &origins {
            if let Err(reason) = check_origin(origin) {
                self.problems.push(Diagnostic::new(
                    &at.file,
                    at.position,
                    format!("cors origin {origin:?}: {reason}"),
                ));
            }
        }
        if origins.is_empty() {
            self.error(node, "`cors` lists at least one origin, or `*`");
        }
        (self.problems.len() == problems_before).then(|| Cors {
            origins: origins.into_iter().map(|(o, _)| o).collect(),
        })
    }

    /// `limits: {body_bytes, instructions, loop_iterations, recursion}`: positive whole numbers.
    fn limits(&mut self, node: &Node) -> EndpointLimits {
        let mut limits = EndpointLimits::default();
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                format!("`limits` is a mapping of {}", LIMIT_FIELDS.join(", ")),
            );
            return limits;
        };
        let [
            body_bytes,
            instructions,
            loop_iterations,
            recursion,
            memory_bytes,
            fetches,
        ] = self.fields(&entries, LIMIT_FIELDS, "limits").named([
            "body_bytes",
            "instructions",
            "loop_iterations",
            "recursion",
            "memory_bytes",
            "fetches",
        ]);
        limits.body_bytes = body_bytes.and_then(|n| self.positive(n, "body_bytes", MAX_BODY_BYTES));
        limits.instructions = instructions.and_then(|n| {
            self.positive(n, "instructions", endpoint_core::snippet::MAX_INSTRUCTIONS)
        });
        limits.loop_iterations = loop_iterations.and_then(|n| {
            self.positive(
                n,
                "loop_iterations",
                endpoint_core::snippet::MAX_LOOP_ITERATIONS,
            )
        });
        limits.recursion = recursion
            .and_then(|n| {
                self.positive(
                    n,
                    "recursion",
                    u64::from(endpoint_core::snippet::MAX_RECURSION),
                )
            })
            .and_then(|r| u32::try_from(r).ok());
        limits.memory_bytes = memory_bytes.and_then(|n| {
            self.positive(n, "memory_bytes", endpoint_core::snippet::MAX_MEMORY_BYTES)
        });
        limits.fetches = fetches
            .and_then(|n| {
                self.positive(n, "fetches", u64::from(endpoint_core::snippet::MAX_FETCHES))
            })
            .and_then(|n| u32::try_from(n).ok());
        limits
    }

    fn positive(&mut self, node: &Node, field: &str, max: u64) -> Option<u64> {
        match yaml::as_int(node).and_then(|n| u64::try_from(n).ok()) {
            Some(n) if n >= 1 && n <= max => Some(n),
            _ => {
                self.error(node, format!("`{field}` is a whole number from 1 to {max}"));
                None
            }
        }
    }

    fn vars(&mut self, entries: &Entries<'_>) -> Option<Vec<(String, serde_json::Value, Origin)>> {
        let [_kind, vars] = self
            .fields(entries, VARS_FIELDS, "vars")
            .named(["kind", "vars"]);
        let document = self.document;
        let node = self.required(vars, "vars", "a `kind: vars` document")?;
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(node, "`vars` is a mapping of names to values");
            return None;
        };
        let _ = document;
        let mut out = Vec::with_capacity(entries.len());
        for (name, key, value) in entries {
            match yaml::to_json(value) {
                Ok(json) => out.push((name.to_string(), json, self.origin(key))),
                Err((at, reason)) => self.error(at, format!("var `{name}`: {reason}")),
            }
        }
        Some(out)
    }

    fn auth(&mut self, entries: &Entries<'_>) -> Option<AuthSettings> {
        let [_kind, jwt] = self
            .fields(entries, AUTH_FIELDS, "auth")
            .named(["kind", "jwt"]);
        let problems_before = self.problems.len();
        let jwt = jwt.map(|node| {
            let mut settings = JwtSettings::default();
            let file = self.file;
            let entries = match yaml::is_null(node) {
                true => Some(Vec::new()),
                false => yaml::entries(file, node, self.problems),
            };
            let Some(entries) = entries else {
                self.error(
                    node,
                    format!("`jwt` is a mapping of {}", JWT_FIELDS.join(", ")),
                );
                return settings;
            };
            let [issuers, payload, claim, unknown] =
                self.fields(&entries, JWT_FIELDS, "jwt").named([
                    "issuers",
                    "payload_in_metadata",
                    "user_claim",
                    "unknown_subject",
                ]);
            match issuers.and_then(|n| Some((n, self.string_list(n, "issuers")?))) {
                None if issuers.is_none() => self.error(
                    node,
                    "`jwt` needs `issuers`: the `iss` of the tokens whose subjects are users here, \
                     as in the jwt_authn providers",
                ),
                None => {}
                Some((node, list)) if list.is_empty() => self.error(
                    node,
                    "`issuers: []` accepts no token: list the `iss` of your identity provider",
                ),
                Some((_, list)) => settings.issuers = list.into_iter().map(|(i, _)| i).collect(),
            }
            if let Some(text) = payload.and_then(|n| self.string(n, "payload_in_metadata")) {
                settings.payload_in_metadata = text;
            }
            if let Some(text) = claim.and_then(|n| self.string(n, "user_claim")) {
                settings.user_claim = text;
            }
            if let Some(choice) = unknown.and_then(|n| {
                self.choice(
                    n,
                    "unknown_subject",
                    &[
                        ("reject", UnknownSubject::Reject),
                        ("claims", UnknownSubject::Claims),
                    ],
                )
            }) {
                settings.unknown_subject = choice;
            }
            settings
        });
        (self.problems.len() == problems_before).then_some(AuthSettings { jwt })
    }

    fn user(&mut self, entries: &Entries<'_>) -> Option<(User, Origin, Vec<Origin>)> {
        let [_kind, login, name, groups, api_keys] = self
            .fields(entries, USER_FIELDS, "user")
            .named(["kind", "login", "name", "groups", "api_keys"]);
        let problems_before = self.problems.len();
        let login_node = self.required(login, "login", "a user");
        let login_origin = login_node.map(|n| self.origin(n));
        let login = login_node.and_then(|n| self.string(n, "login"));
        let name = match name {
            Some(node) => self.string(node, "name"),
            None => login.clone(),
        };
        let groups = match groups {
            Some(node) => self.string_list(node, "groups").unwrap_or_default(),
            None => Vec::new(),
        };
        let keys = match api_keys {
            Some(node) => self.string_list(node, "api_keys").unwrap_or_default(),
            None => Vec::new(),
        };
        for (digest, origin) in &keys {
            if endpoint_core::auth::parse_digest(digest).is_none() {
                self.problems.push(Diagnostic::new(
                    &origin.file,
                    origin.position,
                    "an api key is listed as the SHA-256 of the key in lowercase hex (64 digits), never the key itself: `printf %s \"$KEY\" | sha256sum`",
                ));
            }
        }
        if self.problems.len() > problems_before {
            return None;
        }
        Some((
            User {
                login: login?,
                name: name?,
                groups: groups.into_iter().map(|(g, _)| g).collect(),
                api_keys: keys.iter().map(|(k, _)| k.clone()).collect(),
            },
            login_origin?,
            keys.into_iter().map(|(_, o)| o).collect(),
        ))
    }
}

/// The file `request_content_schema: {file: relative}` of a definition file names,
/// resolved (symbolic links followed): a relative path from that file's folder that
/// stays inside one of the folders being compiled (`roots`, resolved). A bundle is
/// made from the definitions alone, never from whatever else the machine that
/// compiles it can read.
pub fn schema_file(
    definition_file: &Path,
    relative: &str,
    roots: &[PathBuf],
) -> Result<PathBuf, String> {
    if Path::new(relative).has_root() {
        return Err(format!(
            "the schema file {relative} is an absolute path: name it relative to this definition file"
        ));
    }
    let joined = definition_file
        .parent()
        .unwrap_or(Path::new("."))
        .join(relative);
    let resolved = joined
        .canonicalize()
        .map_err(|e| format!("cannot read the schema file {relative}: {e}"))?;
    if !roots.iter().any(|root| resolved.starts_with(root)) {
        return Err(format!(
            "the schema file {relative} lies outside the folders being compiled: \
             keep schemas inside the definitions' folder tree"
        ));
    }
    Ok(resolved)
}

/// A YAML (or JSON) text of one document as JSON.
fn yaml_text_to_json(text: &str) -> Result<serde_json::Value, String> {
    let documents = yaml::load(Path::new("schema"), text).map_err(|d| d.message)?;
    match &documents[..] {
        [one] => yaml::to_json(one).map_err(|(_, reason)| reason),
        _ => Err("a schema is one document".into()),
    }
}

/// The YAML node a JSON Pointer names inside an inline schema, or the deepest one
/// that exists on its way.
fn node_at_pointer<'n>(root: &'n Node, pointer: &str) -> &'n Node {
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let next = match yaml::as_list(node) {
            Some(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            None => yaml::mapping_value(node, &segment),
        };
        match next {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// A CORS origin: `*`, or `scheme://host[:port]` as a browser sends it in `Origin`.
pub fn check_origin(origin: &str) -> Result<(), String> {
    if origin == "*" {
        return Ok(());
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Err(
            "an origin is `scheme://host[:port]`, such as `https://app.example.com`, or `*`".into(),
        );
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!("the scheme is http or https, not {scheme:?}"));
    }
    if rest.is_empty() || rest.contains(['/', '?', '#', '*', ' ']) {
        return Err("an origin has no path, query or wildcard: browsers send `scheme://host[:port]` exactly".into());
    }
    if rest.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("browsers send origins in lower case: write it that way".into());
    }
    Ok(())
}

/// Route syntax: a path starting with `/`, parameters `{name}`, a final `{*rest}`.
pub fn check_route(route: &str) -> Result<(), String> {
    if !route.starts_with('/') {
        return Err("a route starts with `/`".into());
    }
    if let Some(bad) = route
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '?' | '#'))
    {
        return Err(format!("a route cannot hold {bad:?}"));
    }
    let mut rest = route;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or("a `{` opens a parameter that no `}` closes")?;
        let name = &after[..close];
        let (catch_all, ident) = match name.strip_prefix('*') {
            Some(ident) => (true, ident),
            None => (false, name),
        };
        if ident.is_empty() || !ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "parameter `{{{name}}}` needs a name of letters, digits and `_`"
            ));
        }
        if catch_all && !after[close + 1..].is_empty() {
            return Err(format!("the catch-all `{{{name}}}` must end the route"));
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        return Err("a `}` closes no parameter".into());
    }
    // The router has the last word on what it accepts.
    matchit::Router::new()
        .insert(route, ())
        .map_err(|e| e.to_string())
}

/// An upstream name: what a snippet writes as `fetch`'s first argument.
fn is_upstream_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `host:port`, for a cluster that a generated Envoy configuration makes.
fn check_address(address: &str) -> Result<(), String> {
    let Some((host, port)) = address.rsplit_once(':') else {
        return Err("an address is `host:port`, such as `127.0.0.1:8081`".into());
    };
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
    {
        return Err("the host is a name or an IP address".into());
    }
    match port.parse::<u16>() {
        Ok(port) if port > 0 => Ok(()),
        _ => Err("the port is a number from 1 to 65535".into()),
    }
}

/// A duration as written: `250ms`, `5s`, `1m`, or a whole number of seconds.
fn duration_ms(node: &Node) -> Option<u64> {
    if let Some(seconds) = yaml::as_int(node) {
        return u64::try_from(seconds).ok()?.checked_mul(1000);
    }
    let text = yaml::as_str(node)?.trim();
    let (number, unit) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60_000)
    } else {
        return None;
    };
    number.trim().parse::<u64>().ok()?.checked_mul(unit)
}

/// A forward path template: starts with `/`, and each `{param}` is a parameter of
/// every route (a `{*rest}` catch-all is written `{rest}` or `{*rest}`).
fn check_forward_path(template: &str, routes: &[(String, Origin)]) -> Result<(), String> {
    if !template.starts_with('/') {
        return Err("a path starts with `/`".into());
    }
    if template.contains(['?', '#']) || template.chars().any(char::is_whitespace) {
        return Err("a path holds no query, fragment or space: the request's query is kept".into());
    }
    let params = endpoint_core::forward::template_params(template)?;
    for param in params {
        for (route, _) in routes {
            if !endpoint_core::forward::template_params(route)
                .unwrap_or_default()
                .contains(&param)
            {
                return Err(format!(
                    "`{{{param}}}` is not a parameter of route {route}: use one the route has"
                ));
            }
        }
    }
    Ok(())
}

/// `type/subtype`, each an HTTP token (RFC 9110), without parameters.
fn is_media_type(text: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    text.split_once('/')
        .is_some_and(|(kind, subtype)| token(kind) && token(subtype))
}
