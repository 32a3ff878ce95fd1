//! `kind: docs`: the API description and its reference page, served by the filter.

use super::*;

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

impl Reader<'_> {
    /// `kind: docs`: where the filter serves the API description and its page, and for
    /// whom.
    pub(super) fn docs(&mut self, entries: &Entries<'_>) -> Option<DocsDef> {
        let fields = self.fields(entries, DOCS_FIELDS, "docs");
        let title = fields.get("title");
        let json_route = fields.get("json_route");
        let page_route = fields.get("page_route");
        let groups = fields.get("groups");
        let servers = fields.get("servers");
        let auth_type = fields.get("auth_type");
        let allowed_groups = fields.get("allowed_groups");
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
                cases: Vec::new(),
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
}
