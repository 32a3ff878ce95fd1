//! Who calls and runs: `kind: user`, the bundle-wide `kind: auth`, and `kind: vars`.

use super::*;

pub const USER_FIELDS: &[&str] = &["kind", "login", "name", "groups", "api_keys"];

/// The fields of the bundle-wide `kind: auth` document.
pub const AUTH_FIELDS: &[&str] = &["kind", "jwt"];

pub const JWT_FIELDS: &[&str] = &[
    "issuers",
    "payload_in_metadata",
    "user_claim",
    "unknown_subject",
];

/// The fields of a `kind: vars` document.
pub const VARS_FIELDS: &[&str] = &["kind", "vars"];

impl Reader<'_> {
    pub(super) fn user(&mut self, entries: &Entries<'_>) -> Option<(User, Origin, Vec<Origin>)> {
        let fields = self.fields(entries, USER_FIELDS, "user");
        let login = fields.get("login");
        let name = fields.get("name");
        let groups = fields.get("groups");
        let api_keys = fields.get("api_keys");
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

    pub(super) fn auth(&mut self, entries: &Entries<'_>) -> Option<AuthSettings> {
        let fields = self.fields(entries, AUTH_FIELDS, "auth");
        let jwt = fields.get("jwt");
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
            let fields = self.fields(&entries, JWT_FIELDS, "jwt");
            let issuers = fields.get("issuers");
            let payload = fields.get("payload_in_metadata");
            let claim = fields.get("user_claim");
            let unknown = fields.get("unknown_subject");
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

    pub(super) fn vars(
        &mut self,
        entries: &Entries<'_>,
    ) -> Option<Vec<(String, serde_json::Value, Origin)>> {
        let fields = self.fields(entries, VARS_FIELDS, "vars");
        let vars = fields.get("vars");
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
}
