//! The OpenAPI 3.1 description of compiled definitions (docs/openapi.md): every active
//! endpoint as an operation, its body and its schema, its documented answers and the
//! product's own, and how callers authenticate. The same definitions give the same
//! bytes.

use std::collections::{BTreeMap, BTreeSet};

use endpoint_core::bundle::ContentHash;
use endpoint_core::model::{
    AuthType, BundleContent, ContentSchema, ContentType, Endpoint, ExecMode, ValidationMode,
};
use serde_json::{Map, Value, json};

use crate::Compiled;

/// What a definition says for the people who call it, beside what the filter checks:
/// read by the compiler, described here, and not part of the bundle.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointDocs {
    /// `description`: what the endpoint does, in Markdown.
    pub description: Option<String>,
    /// `responses`: the answers its snippet (or upstream) gives, by status.
    pub responses: BTreeMap<u16, ResponseDoc>,
}

/// One documented answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseDoc {
    pub description: String,
    /// The body's media type; none for an answer without a body.
    pub content_type: Option<String>,
    /// A JSON Schema (2020-12) of the body, for a JSON media type.
    pub schema: Option<Value>,
}

/// How the document is written: `endpoint-compile --openapi` and its flags.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `info.title`.
    pub title: String,
    /// `--server URL`, in the order given.
    pub servers: Vec<String>,
    /// `--group G`: only the endpoints of these route groups (all when empty).
    pub groups: Vec<String>,
}

/// The reference page the filter serves beside the description: a page of our own,
/// with no script or style from anywhere else, that draws the description it holds.
const PAGE: &str = include_str!("docs_page.html");

/// The reference page of `description`, titled `title`. The description is inside it
/// (no request for the JSON, no network), written so that no text in it can close
/// its script element.
pub fn page(title: &str, description: &Value) -> String {
    let json = description
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let title = html_text(title);
    PAGE.split("{{description}}")
        .map(|part| part.replace("{{title}}", &title))
        .collect::<Vec<_>>()
        .join(&json)
}

fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const API_KEY_SCHEME: &str = "apiKey";
const BEARER_SCHEME: &str = "bearerJwt";

/// The OpenAPI document of `compiled`.
pub fn document(compiled: &Compiled, options: &Options) -> Value {
    let docs: Vec<EndpointDocs> = compiled.documented().map(|(_, d)| d.clone()).collect();
    document_of(&compiled.content, &docs, compiled.api_version, options)
}

/// The OpenAPI document of `content`, whose endpoints `docs` describe one by one, in
/// order. The docs pages (`exec_mode: static`) are not part of the API.
pub fn document_of(
    content: &BundleContent,
    docs: &[EndpointDocs],
    version: ContentHash,
    options: &Options,
) -> Value {
    let jwt = content.auth.jwt.is_some();
    let chosen: Vec<(&Endpoint, &EndpointDocs)> = content
        .endpoints
        .iter()
        .zip(docs)
        .filter(|(endpoint, _)| endpoint.active && endpoint.exec_mode != ExecMode::Static)
        .filter(|(endpoint, _)| {
            options.groups.is_empty()
                || endpoint
                    .route_group
                    .as_ref()
                    .is_some_and(|group| options.groups.contains(group))
        })
        .collect();
    let ids = operation_ids(&chosen);

    let mut schemas = Map::new();
    schemas.insert("Error".into(), error_schema());
    schemas.insert("ValidationProblem".into(), problem_schema());
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut tags = BTreeSet::new();
    for (index, (endpoint, docs)) in chosen.iter().enumerate() {
        for (route_index, route) in endpoint.routes.iter().enumerate() {
            let id = &ids[index][route_index];
            let (path, parameters) = path_and_parameters(route);
            let operation = operation(endpoint, docs, id, parameters, jwt, &mut schemas);
            if let Some(group) = &endpoint.route_group {
                tags.insert(group.clone());
            }
            paths.entry(path).or_default().insert(
                endpoint.request_method.as_str().to_ascii_lowercase(),
                operation,
            );
        }
    }

    let mut security_schemes = Map::new();
    security_schemes.insert(
        API_KEY_SCHEME.into(),
        json!({
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "A key of a user of the definitions (`kind: user`, `api_keys`).",
        }),
    );
    if jwt {
        security_schemes.insert(
            BEARER_SCHEME.into(),
            json!({
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "A JWT that Envoy's jwt_authn verifies, of an issuer the `auth` document lists.",
            }),
        );
    }
    let mut document = Map::new();
    document.insert("openapi".into(), json!("3.1.0"));
    document.insert(
        "info".into(),
        json!({"title": options.title, "version": version.short()}),
    );
    document.insert(
        "jsonSchemaDialect".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    if !options.servers.is_empty() {
        let servers: Vec<Value> = options
            .servers
            .iter()
            .map(|url| json!({"url": url}))
            .collect();
        document.insert("servers".into(), Value::Array(servers));
    }
    if !tags.is_empty() {
        let tags: Vec<Value> = tags.into_iter().map(|name| json!({"name": name})).collect();
        document.insert("tags".into(), Value::Array(tags));
    }
    let paths: Map<String, Value> = paths
        .into_iter()
        .map(|(path, operations)| (path, Value::Object(operations)))
        .collect();
    document.insert("paths".into(), Value::Object(paths));
    document.insert(
        "components".into(),
        json!({"schemas": schemas, "securitySchemes": security_schemes}),
    );
    Value::Object(document)
}

/// An operation id per route of each endpoint: the name in lower camel case, and where
/// two would be equal (or an endpoint has several routes), the method and route too.
fn operation_ids(chosen: &[(&Endpoint, &EndpointDocs)]) -> Vec<Vec<String>> {
    let plain: Vec<String> = chosen.iter().map(|(e, _)| camel_case(&e.name)).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &plain {
        *count.entry(id.as_str()).or_default() += 1;
    }
    let mut used = BTreeSet::new();
    chosen
        .iter()
        .zip(&plain)
        .map(|((endpoint, _), id)| {
            endpoint
                .routes
                .iter()
                .map(|route| {
                    let mut candidate = if count[id.as_str()] == 1 && endpoint.routes.len() == 1 {
                        id.clone()
                    } else {
                        camel_case(&format!(
                            "{} {} {route}",
                            endpoint.name,
                            endpoint.request_method.as_str()
                        ))
                    };
                    // Names that differ only in punctuation: numbered, in document order.
                    let base = candidate.clone();
                    let mut n = 2;
                    while !used.insert(candidate.clone()) {
                        candidate = format!("{base}{n}");
                        n += 1;
                    }
                    candidate
                })
                .collect()
        })
        .collect()
}

/// `Place an order` → `placeOrder`-like ids: words of ASCII letters and digits.
fn camel_case(text: &str) -> String {
    let mut id = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if id.is_empty() {
                id.push(first.to_ascii_lowercase());
            } else {
                id.push(first.to_ascii_uppercase());
            }
            id.extend(chars);
        }
    }
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert_str(0, "operation");
    }
    id
}

/// The OpenAPI path of a route, and its path parameters. A catch-all `{*rest}` becomes
/// `{rest}`: OpenAPI's path parameters hold one segment, so it says in words that
/// this one takes the rest of the path, slashes included.
fn path_and_parameters(route: &str) -> (String, Vec<Value>) {
    // The compiler checked the route: its parameters read.
    let names = endpoint_core::forward::template_params(route).unwrap_or_default();
    let parameters = names
        .iter()
        .map(|name| {
            let description = if route.contains(&format!("{{*{name}}}")) {
                "The rest of the path, `/` included (a catch-all; OpenAPI cannot describe it exactly)."
            } else {
                "One path segment, percent-decoded."
            };
            json!({
                "name": name,
                "in": "path",
                "required": true,
                "description": description,
                "schema": {"type": "string"},
            })
        })
        .collect();
    (route.replace("{*", "{"), parameters)
}

fn operation(
    endpoint: &Endpoint,
    docs: &EndpointDocs,
    id: &str,
    parameters: Vec<Value>,
    jwt: bool,
    schemas: &mut Map<String, Value>,
) -> Value {
    let mut operation = Map::new();
    operation.insert("operationId".into(), json!(id));
    operation.insert("summary".into(), json!(endpoint.name));
    if let Some(description) = &docs.description {
        operation.insert("description".into(), json!(description));
    }
    if let Some(group) = &endpoint.route_group {
        operation.insert("tags".into(), json!([group]));
    }
    if !parameters.is_empty() {
        operation.insert("parameters".into(), Value::Array(parameters));
    }
    if let Some(content_type) = endpoint.request_content_type {
        operation.insert(
            "requestBody".into(),
            request_body(endpoint, content_type, id, schemas),
        );
    }
    operation.insert(
        "responses".into(),
        responses(endpoint, docs, id, jwt, schemas),
    );
    let security = match endpoint.auth_type {
        AuthType::Public => json!([]),
        AuthType::User if jwt => json!([{API_KEY_SCHEME: []}, {BEARER_SCHEME: []}]),
        AuthType::User => json!([{API_KEY_SCHEME: []}]),
    };
    operation.insert("security".into(), security);
    Value::Object(operation)
}

fn request_body(
    endpoint: &Endpoint,
    content_type: ContentType,
    id: &str,
    schemas: &mut Map<String, Value>,
) -> Value {
    let mut media = Map::new();
    match (&endpoint.request_content_schema, content_type) {
        (Some(ContentSchema::Json(schema)), _) => {
            let name = format!("{id}Request");
            let reference = component(schemas, &name, schema);
            // `log_only` lets a failing body through: the schema is what the body
            // should be, not what it must be, and the description says so.
            let described = match endpoint.validation {
                ValidationMode::Enforce => reference,
                ValidationMode::LogOnly => json!({
                    "description": "Should match the referenced schema: violations are logged, not refused (`validation: log_only`).",
                    "anyOf": [reference, {}],
                }),
            };
            media.insert("schema".into(), described);
        }
        (Some(ContentSchema::Xsd(xsd)), _) => {
            media.insert(
                "schema".into(),
                json!({
                    "type": "string",
                    "description": "An XML document valid against the XSD in this media type's `x-xsd`.",
                }),
            );
            media.insert("x-xsd".into(), json!(xsd));
        }
        (None, ContentType::Json) => {
            media.insert("schema".into(), json!({}));
        }
        (None, ContentType::FormUrlencoded) => {
            media.insert(
                "schema".into(),
                json!({"type": "object", "additionalProperties": {"type": "string"}}),
            );
        }
        (None, ContentType::Xml | ContentType::TextCsv | ContentType::TextPlain) => {
            media.insert("schema".into(), json!({"type": "string"}));
        }
    }
    let mut description = match &endpoint.request_content_schema {
        Some(ContentSchema::Xsd(_)) => {
            "Checked against the XSD attached as `x-xsd` before the endpoint runs.".to_string()
        }
        Some(ContentSchema::Json(_)) => {
            "Checked against its schema before the endpoint runs.".into()
        }
        None => String::new(),
    };
    if let Some(limit) = endpoint.limits.body_bytes {
        if !description.is_empty() {
            description.push(' ');
        }
        description.push_str(&format!("At most {limit} bytes."));
    }
    let mut body = Map::new();
    if !description.is_empty() {
        body.insert("description".into(), json!(description));
    }
    body.insert("required".into(), json!(true));
    body.insert(
        "content".into(),
        json!({content_type.as_str(): Value::Object(media)}),
    );
    Value::Object(body)
}

/// The documented answers, then the product's own where they can happen
/// (docs/request-handling.md), each with its body's schema.
fn responses(
    endpoint: &Endpoint,
    docs: &EndpointDocs,
    id: &str,
    jwt: bool,
    schemas: &mut Map<String, Value>,
) -> Value {
    let mut responses: BTreeMap<String, Value> = BTreeMap::new();
    for (status, doc) in &docs.responses {
        let mut response = Map::new();
        response.insert("description".into(), json!(doc.description));
        if let Some(content_type) = &doc.content_type {
            let schema = match &doc.schema {
                Some(schema) => component(schemas, &format!("{id}Response{status}"), schema),
                None => json!({}),
            };
            response.insert("content".into(), json!({content_type: {"schema": schema}}));
        }
        responses.insert(status.to_string(), Value::Object(response));
    }
    let forward = endpoint.exec_mode == ExecMode::Forward;
    let has_snippet = !endpoint.code.trim().is_empty();
    let fetches = has_snippet && !endpoint.upstreams.is_empty();
    let has_body = endpoint.request_content_type.is_some();
    let has_success = docs.responses.keys().any(|s| (200..400).contains(s));
    if !has_success {
        let (status, description) = if forward {
            ("default", "The upstream's answer, passed on unchanged.")
        } else {
            (
                "200",
                "The snippet's answer (describe it with `responses` in the definition).",
            )
        };
        responses.insert(status.into(), json!({"description": description}));
    }
    // A documented answer of the same status wins over the product's description.
    fn own(responses: &mut BTreeMap<String, Value>, status: u16, description: &str, body: Value) {
        responses
            .entry(status.to_string())
            .or_insert_with(|| json!({"description": description, "content": body}));
    }
    let error = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}});
    let problem = json!({"application/problem+json": {"schema": {"$ref": "#/components/schemas/ValidationProblem"}}});
    // A forward's path template refuses `.` and `..` as parameter values.
    let forward_template = endpoint
        .forward
        .as_ref()
        .and_then(|f| f.path.as_ref())
        .is_some_and(|path| path.contains('{'));
    match (has_body, has_snippet || forward_template) {
        (true, true) => {
            let mut both = problem.as_object().cloned().unwrap_or_default();
            both.extend(error.as_object().cloned().unwrap_or_default());
            own(
                &mut responses,
                400,
                "The body is malformed or fails its schema (`application/problem+json`, one entry per violation), or the endpoint refused the request.",
                Value::Object(both),
            );
        }
        (true, false) => own(
            &mut responses,
            400,
            "The body is malformed or fails its schema: one entry per violation.",
            problem.clone(),
        ),
        (false, true) => own(
            &mut responses,
            400,
            "The endpoint refused the request.",
            error.clone(),
        ),
        (false, false) => {}
    }
    let user = endpoint.auth_type == AuthType::User;
    if user || has_snippet {
        let mut unauthorized = json!({
            "description": "No valid credentials, or ambiguous ones (two keys, or a key and a token).",
            "content": error,
        });
        if user {
            unauthorized["headers"] = json!({"WWW-Authenticate": {
                "description": "How to authenticate: `ApiKey realm=\"endpoint\", header=\"X-API-Key\"`.",
                "schema": {"type": "string"},
            }});
        }
        responses.entry("401".into()).or_insert(unauthorized);
    }
    if !endpoint.allowed_groups.is_empty() || (user && jwt) {
        own(
            &mut responses,
            403,
            "The caller is known but not allowed: not in the endpoint's groups, or a token of an issuer the definitions do not list.",
            error.clone(),
        );
    }
    if has_snippet && !forward {
        own(
            &mut responses,
            404,
            "The endpoint found nothing for the request (a snippet's `NotFound`).",
            error.clone(),
        );
    }
    if has_body {
        own(
            &mut responses,
            413,
            "The body is over the endpoint's limit.",
            error.clone(),
        );
        own(
            &mut responses,
            415,
            "The request's `Content-Type` is not the endpoint's.",
            error.clone(),
        );
    }
    own(
        &mut responses,
        500,
        "The endpoint failed, or was stopped by its limits; the reason is in the proxy's log only.",
        error.clone(),
    );
    if fetches {
        own(
            &mut responses,
            502,
            "A call to a service behind the proxy failed.",
            error.clone(),
        );
        own(
            &mut responses,
            504,
            "A call to a service behind the proxy did not answer in time.",
            error.clone(),
        );
    }
    let responses: Map<String, Value> = responses.into_iter().collect();
    Value::Object(responses)
}

/// Puts `schema` into the document's components as `name`, with its own `#...`
/// references pointed at where it now lies, and returns the reference to it. A schema
/// with its own `$id` is left as it is: its references resolve against that.
fn component(schemas: &mut Map<String, Value>, name: &str, schema: &Value) -> Value {
    let mut schema = schema.clone();
    if schema.get("$id").is_none() {
        let base = format!("#/components/schemas/{}", pointer_token(name));
        rebase_references(&mut schema, &base);
    }
    schemas.insert(name.into(), schema);
    json!({"$ref": format!("#/components/schemas/{}", pointer_token(name))})
}

fn rebase_references(value: &mut Value, base: &str) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match (key.as_str(), child) {
                    ("$ref" | "$dynamicRef", Value::String(reference))
                        if reference.starts_with('#') =>
                    {
                        let fragment = &reference[1..];
                        // `#anchor` names an anchor, which stays where it is.
                        if fragment.is_empty() || fragment.starts_with('/') {
                            *reference = format!("{base}{fragment}");
                        }
                    }
                    // Inside `const`, `enum` and examples, `$ref` is data.
                    ("const" | "enum" | "examples" | "default", _) => {}
                    (_, child) => rebase_references(child, base),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rebase_references(item, base);
            }
        }
        _ => {}
    }
}

/// A JSON Pointer token (RFC 6901).
fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "description": "The product's error answers, and what snippets throw.",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "The kind of error, such as `Unauthorized` or `PayloadTooLarge`."},
            "message": {"type": "string", "description": "What went wrong, for people."},
        },
    })
}

fn problem_schema() -> Value {
    json!({
        "type": "object",
        "description": "A body that is not what its type says, or fails its schema (RFC 9457).",
        "required": ["type", "title", "status", "errors"],
        "properties": {
            "type": {"const": "urn:endpoint:problem:request-validation"},
            "title": {"const": "RequestValidationError"},
            "status": {"const": 400},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["path", "message", "type"],
                    "properties": {
                        "path": {"type": "string", "description": "Where in the body: a JSON Pointer, or an XML element path."},
                        "message": {"type": "string"},
                        "type": {"type": "string", "description": "The failed JSON Schema keyword, or `json_invalid`, `xml_invalid`, `xml_schema`."},
                    },
                },
            },
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_lower_camel_case_ids() {
        assert_eq!(camel_case("Place an order"), "placeAnOrder");
        assert_eq!(
            camel_case("Place an order (schema trial)"),
            "placeAnOrderSchemaTrial"
        );
        assert_eq!(camel_case("2fa check"), "operation2faCheck");
        assert_eq!(camel_case("ünïcode"), "nCode");
        assert_eq!(camel_case("---"), "operation");
    }

    #[test]
    fn routes_become_paths_with_parameters() {
        let (path, parameters) = path_and_parameters("/orders/{id}/lines/{line}");
        assert_eq!(path, "/orders/{id}/lines/{line}");
        assert_eq!(parameters.len(), 2);
        assert_eq!(parameters[1]["name"], "line");
        let (path, parameters) = path_and_parameters("/files/{*path}");
        assert_eq!(path, "/files/{path}");
        assert!(
            parameters[0]["description"]
                .as_str()
                .is_some_and(|d| d.contains("`/` included"))
        );
    }

    #[test]
    fn references_are_rebased_where_the_schema_now_lies() {
        let mut schemas = Map::new();
        let schema = json!({
            "type": "object",
            "properties": {
                "line": {"$ref": "#/$defs/line"},
                "self": {"$ref": "#"},
                "anchor": {"$ref": "#here"},
                "remote": {"$ref": "https://example.com/s.json"},
                "data": {"const": {"$ref": "#/$defs/line"}},
            },
            "$defs": {"line": {"type": "string"}},
        });
        let reference = component(&mut schemas, "placeOrderRequest", &schema);
        assert_eq!(
            reference,
            json!({"$ref": "#/components/schemas/placeOrderRequest"})
        );
        let placed = &schemas["placeOrderRequest"]["properties"];
        assert_eq!(
            placed["line"]["$ref"],
            "#/components/schemas/placeOrderRequest/$defs/line"
        );
        assert_eq!(
            placed["self"]["$ref"],
            "#/components/schemas/placeOrderRequest"
        );
        assert_eq!(placed["anchor"]["$ref"], "#here");
        assert_eq!(placed["remote"]["$ref"], "https://example.com/s.json");
        assert_eq!(placed["data"]["const"]["$ref"], "#/$defs/line");
    }

    #[test]
    fn a_schema_with_its_own_id_keeps_its_references() {
        let mut schemas = Map::new();
        let schema = json!({"$id": "urn:x", "$ref": "#/$defs/a", "$defs": {"a": {}}});
        component(&mut schemas, "x", &schema);
        assert_eq!(schemas["x"]["$ref"], "#/$defs/a");
    }
}
