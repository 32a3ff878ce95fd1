//! One YAML document into a definition, checking each field where it is written, one
//! module per kind of document; what they share (the reader and its field helpers)
//! is here. Cross-document rules (uniqueness, conflicts) are in [`crate::checks`].

mod cases;
mod docs;
mod endpoint;
mod schema;
mod upstream;
mod users;

pub use cases::{CASE_FIELDS, CASE_REQUEST_FIELDS, EXPECT_FIELDS, MOCK_FIELDS};
pub use docs::{DOCS_FIELDS, DOCS_JSON_TYPE, DOCS_PAGE_TYPE, DocsDef};
pub use endpoint::{
    ENDPOINT_FIELDS, FORWARD_FIELDS, LIMIT_FIELDS, MAX_BODY_BYTES, RESPONSE_FIELDS, check_origin,
    check_route,
};
pub use schema::schema_file;
pub use upstream::{MAX_RESPONSE_BYTES, MAX_UPSTREAM_TIMEOUT_MS, UPSTREAM_FIELDS};
pub use users::{AUTH_FIELDS, JWT_FIELDS, USER_FIELDS, VARS_FIELDS};

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
    /// Its `tests`, kept out of the bundle.
    pub cases: Vec<crate::testing::TestCase>,
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
    text: &crate::snippets::SourceLines<'_>,
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
    /// The value written for `name`, if any (the last, where a YAML mapping repeats
    /// a key).
    fn get(&self, name: &str) -> Option<&'n Node> {
        debug_assert!(self.known.contains(&name), "`{name}` is not a known field");
        self.values
            .iter()
            .rev()
            .find(|(known, _)| *known == name)
            .map(|(_, node)| *node)
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

    fn positive(&mut self, node: &Node, field: &str, max: u64) -> Option<u64> {
        match yaml::as_int(node).and_then(|n| u64::try_from(n).ok()) {
            Some(n) if n >= 1 && n <= max => Some(n),
            _ => {
                self.error(node, format!("`{field}` is a whole number from 1 to {max}"));
                None
            }
        }
    }
}
