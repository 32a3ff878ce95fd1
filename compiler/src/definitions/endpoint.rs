//! Endpoint documents: routes, methods, bodies, CORS, limits, forwards, and what they
//! document for the API description.

use super::*;
use crate::diagnostics::Position;
use crate::snippets::RequestPart;

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
    "tests",
];

/// The fields of one answer in an endpoint's `responses`.
pub const RESPONSE_FIELDS: &[&str] = &["description", "content_type", "schema"];

/// The fields of `forward` on a forward endpoint.
pub const FORWARD_FIELDS: &[&str] = &["upstream", "path"];

pub const LIMIT_FIELDS: &[&str] = &[
    "body_bytes",
    "instructions",
    "loop_iterations",
    "recursion",
    "memory_bytes",
    "fetches",
];

/// The parameter names of a route: `{name}` and `{*name}`.
fn route_parameters(route: &str) -> impl Iterator<Item = &str> {
    route.split('{').skip(1).filter_map(|rest| {
        let (inside, _) = rest.split_once('}')?;
        Some(inside.trim_start_matches('*'))
    })
}

/// Largest `limits.body_bytes`: a body is buffered whole in the proxy's memory.
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;

impl Reader<'_> {
    pub(super) fn endpoint(
        &mut self,
        entries: &Entries<'_>,
        text: &snippets::SourceLines<'_>,
    ) -> Option<EndpointDef> {
        let fields = self.fields(entries, ENDPOINT_FIELDS, "endpoint");
        let name = fields.get("name");
        let description = fields.get("description");
        let route = fields.get("route");
        let routes = fields.get("routes");
        let route_group = fields.get("route_group");
        let active = fields.get("active");
        let auth_type = fields.get("auth_type");
        let exec_as_user = fields.get("exec_as_user");
        let allowed_groups = fields.get("allowed_groups");
        let request_method = fields.get("request_method");
        let request_content_type = fields.get("request_content_type");
        let request_content_schema = fields.get("request_content_schema");
        let validation_mode = fields.get("validation");
        let schema_formats = fields.get("schema_formats");
        let exec_mode = fields.get("exec_mode");
        let code = fields.get("code");
        let limits = fields.get("limits");
        let secrets = fields.get("secrets");
        let cors = fields.get("cors");
        let upstreams = fields.get("upstreams");
        let forward = fields.get("forward");
        let responses = fields.get("responses");
        let tests = fields.get("tests");
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
        let mut shape_reads = Vec::new();
        if let (Some(node), Some(source)) = (code_node, &code_text) {
            match snippets::check(source) {
                Ok(scan) => {
                    for read in scan.shape_reads {
                        let position =
                            snippets::position_in_file(text, node, read.line, read.column);
                        shape_reads.push((read.part, read.name, position));
                    }
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

        self.check_shape_reads(
            &shape_reads,
            &route_list,
            schema.as_ref(),
            content_type,
            validation,
        );

        let cases = match (tests, &name) {
            (Some(node), Some(name)) => self.cases(
                node,
                &super::cases::CaseContext {
                    endpoint: name,
                    method,
                    routes: &route_list,
                },
            ),
            _ => Vec::new(),
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
            cases,
        })
    }

    /// A snippet's `request.params.NAME` must name a parameter of one of the routes,
    /// and its `request.json.NAME` a property the enforced schema allows, when the
    /// schema lists them and forbids others: a typo there would only show as
    /// `undefined` on a live request.
    fn check_shape_reads(
        &mut self,
        reads: &[(RequestPart, String, Position)],
        routes: &[(String, Origin)],
        schema: Option<&ContentSchema>,
        content_type: Option<ContentType>,
        validation: ValidationMode,
    ) {
        let parameters: Vec<&str> = routes
            .iter()
            .flat_map(|(route, _)| route_parameters(route))
            .collect();
        let properties: Option<Vec<&str>> = match (schema, content_type, validation) {
            (Some(ContentSchema::Json(root)), Some(ContentType::Json), ValidationMode::Enforce)
                if root.get("additionalProperties") == Some(&serde_json::Value::Bool(false))
                    && root.get("patternProperties").is_none() =>
            {
                root.get("properties")
                    .and_then(serde_json::Value::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
            }
            _ => None,
        };
        for (part, name, position) in reads {
            let (known, message) = match part {
                RequestPart::Params => {
                    let routes: Vec<&str> = routes.iter().map(|(r, _)| r.as_str()).collect();
                    let what = match routes.as_slice() {
                        [one] => format!("the route {one}"),
                        _ => format!("no route of {}", routes.join(", ")),
                    };
                    let has = if routes.len() == 1 { "has no" } else { "has a" };
                    (
                        parameters.as_slice(),
                        format!("`request.params.{name}`: {what} {has} parameter `{name}`"),
                    )
                }
                RequestPart::Json => match &properties {
                    Some(known) => (
                        known.as_slice(),
                        format!(
                            "`request.json.{name}`: the schema allows no property `{name}` (it lists its properties and forbids others)"
                        ),
                    ),
                    None => continue,
                },
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            let hint = suggestion(name, known)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| match known {
                    [] => String::new(),
                    _ => format!("; it has {}", known.join(", ")),
                });
            self.problems.push(Diagnostic::new(
                self.file,
                *position,
                format!("{message}{hint}"),
            ));
        }
    }

    /// `responses`: status → `{description, content_type, schema}`, the answers the
    /// endpoint gives, for its API description. A schema is checked as a request's is.
    pub(super) fn responses(&mut self, node: &Node) -> BTreeMap<u16, ResponseDoc> {
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

    pub(super) fn response(&mut self, status: u16, node: &Node) -> Option<ResponseDoc> {
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
        let fields = self.fields(&entries, RESPONSE_FIELDS, "response");
        let description = fields.get("description");
        let content_type = fields.get("content_type");
        let schema = fields.get("schema");
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
    pub(super) fn forward(&mut self, node: &Node, routes: &[(String, Origin)]) -> Option<Forward> {
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                format!("`forward` is a mapping of {}", FORWARD_FIELDS.join(", ")),
            );
            return None;
        };
        let fields = self.fields(&entries, FORWARD_FIELDS, "forward");
        let upstream = fields.get("upstream");
        let path = fields.get("path");
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

    /// `cors`: an origin, or a list of them; `*` allows any.
    pub(super) fn cors(&mut self, node: &Node) -> Option<Cors> {
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
    pub(super) fn limits(&mut self, node: &Node) -> EndpointLimits {
        let mut limits = EndpointLimits::default();
        let file = self.file;
        let Some(entries) = yaml::entries(file, node, self.problems) else {
            self.error(
                node,
                format!("`limits` is a mapping of {}", LIMIT_FIELDS.join(", ")),
            );
            return limits;
        };
        let fields = self.fields(&entries, LIMIT_FIELDS, "limits");
        let body_bytes = fields.get("body_bytes");
        let instructions = fields.get("instructions");
        let loop_iterations = fields.get("loop_iterations");
        let recursion = fields.get("recursion");
        let memory_bytes = fields.get("memory_bytes");
        let fetches = fields.get("fetches");
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

/// A forward path template: starts with `/`, and each `{param}` is a parameter of
/// every route (a `{*rest}` catch-all is written `{rest}` or `{*rest}`).
fn check_forward_path(template: &str, routes: &[(String, Origin)]) -> Result<(), String> {
    if !template.starts_with('/') {
        return Err("a path starts with `/`".into());
    }
    if template.contains(['?', '#']) || template.chars().any(char::is_whitespace) {
        return Err("a path holds no query, fragment or space: the request's query is kept".into());
    }
    let params =
        endpoint_core::forward::template_params(template).map_err(|error| error.to_string())?;
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
