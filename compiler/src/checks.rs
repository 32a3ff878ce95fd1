//! Rules across everything compiled together: unique logins, keys and (route, method)
//! pairs, routes the router can tell apart, `exec_as_user` naming a user.

use std::collections::HashMap;

use crate::definitions::{EndpointDef, UpstreamDef, UserDef};
use crate::diagnostics::{Diagnostic, Origin, suggestion};

pub fn check(endpoints: &[EndpointDef], users: &[UserDef], problems: &mut Vec<Diagnostic>) {
    let mut report = |origin: &Origin, message: String| {
        problems.push(Diagnostic::new(&origin.file, origin.position, message));
    };

    let mut logins: HashMap<&str, &Origin> = HashMap::new();
    let mut digests: HashMap<&str, (&str, &Origin)> = HashMap::new();
    for def in users {
        let login = def.user.login.as_str();
        if let Some(first) = logins.insert(login, &def.login_origin) {
            report(
                &def.login_origin,
                format!("user `{login}` is already defined at {first}"),
            );
        }
        for (digest, origin) in def.user.api_keys.iter().zip(&def.key_origins) {
            if let Some((owner, first)) = digests.insert(digest, (login, origin)) {
                report(
                    origin,
                    format!(
                        "this api key is already listed for user `{owner}` at {first}: a key identifies one user"
                    ),
                );
            }
        }
    }

    let known_logins: Vec<&str> = users.iter().map(|u| u.user.login.as_str()).collect();
    for def in endpoints {
        let Some(login) = &def.endpoint.exec_as_user else {
            continue;
        };
        if !logins.contains_key(login.as_str()) {
            let origin = def.exec_as_user_origin.as_ref().unwrap_or(&def.origin);
            let hint = suggestion(login, &known_logins)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| "; add a document with `kind: user` and this login".into());
            report(
                origin,
                format!("exec_as_user `{login}` names no user{hint}"),
            );
        }
    }

    // (route, method) pairs, and routes the router cannot tell apart. Archived
    // endpoints count too: activating one must not break the bundle.
    let mut pairs: HashMap<(&str, &str), &Origin> = HashMap::new();
    let mut route_origins: HashMap<&str, &Origin> = HashMap::new();
    let mut router = matchit::Router::new();
    for def in endpoints {
        let method = def.endpoint.request_method.as_str();
        for (route, origin) in def.endpoint.routes.iter().zip(&def.route_origins) {
            if let Some(first) = pairs.insert((route, method), origin) {
                report(
                    origin,
                    format!("{method} {route} is already defined at {first}"),
                );
                continue;
            }
            if route_origins.contains_key(route.as_str()) {
                continue;
            }
            match router.insert(route.as_str(), ()) {
                Ok(()) => {
                    route_origins.insert(route, origin);
                }
                Err(matchit::InsertError::Conflict { with }) => {
                    let other = route_origins
                        .get(with.as_str())
                        .map(|o| format!(" at {o}"))
                        .unwrap_or_default();
                    report(
                        origin,
                        format!(
                            "route {route} cannot be told apart from route {with}{other}: rename a parameter or change a static segment"
                        ),
                    );
                }
                Err(other) => report(origin, format!("route {route}: {other}")),
            }
        }
    }
}

/// Upstreams: unique names; an endpoint lists only defined ones, and its `forward`
/// and its snippet's `fetch` calls name only upstreams it lists.
pub fn check_upstreams(
    endpoints: &[EndpointDef],
    upstreams: &[UpstreamDef],
    problems: &mut Vec<Diagnostic>,
) {
    let mut report = |origin: &Origin, message: String| {
        problems.push(Diagnostic::new(&origin.file, origin.position, message));
    };
    let mut defined: HashMap<&str, &Origin> = HashMap::new();
    for def in upstreams {
        let name = def.upstream.name.as_str();
        if let Some(first) = defined.insert(name, &def.name_origin) {
            report(
                &def.name_origin,
                format!("upstream `{name}` is already defined at {first}"),
            );
        }
    }
    let known: Vec<&str> = defined.keys().copied().collect();
    for def in endpoints {
        for (name, origin) in &def.upstream_origins {
            if !defined.contains_key(name.as_str()) {
                let hint = suggestion(name, &known)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        "; define it in a document with `kind: upstream` and this name".into()
                    });
                report(origin, format!("upstream `{name}` is not defined{hint}"));
            }
        }
        let declared: Vec<&str> = def.endpoint.upstreams.iter().map(String::as_str).collect();
        let mut named: Vec<(&str, &Origin, &str)> = def
            .fetched
            .iter()
            .map(|(name, origin)| (name.as_str(), origin, "fetch"))
            .collect();
        if let Some(forward) = &def.endpoint.forward {
            let origin = def.forward_origin.as_ref().unwrap_or(&def.origin);
            named.push((forward.upstream.as_str(), origin, "forward"));
        }
        for (name, origin, used_by) in named {
            if declared.contains(&name) {
                continue;
            }
            let hint = suggestion(name, &declared)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| format!("; list it in the endpoint's `upstreams: [{name}]`"));
            report(
                origin,
                format!(
                    "{used_by} names upstream `{name}`, which this endpoint does not declare{hint}"
                ),
            );
        }
    }
}

/// What an endpoint's cases name exists: the user of `as`, the upstreams mocked (among
/// those the endpoint may use), its own secrets, and defined vars.
pub fn check_cases(
    endpoints: &[EndpointDef],
    users: &[UserDef],
    vars: &[&str],
    problems: &mut Vec<Diagnostic>,
) {
    let logins: Vec<&str> = users.iter().map(|u| u.user.login.as_str()).collect();
    let mut report = |origin: &Origin, message: String| {
        problems.push(Diagnostic::new(&origin.file, origin.position, message));
    };
    let hint = |name: &str, known: &[&str], otherwise: String| {
        suggestion(name, known)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or(otherwise)
    };
    for def in endpoints {
        let endpoint = &def.endpoint;
        let upstreams: Vec<&str> = endpoint.upstreams.iter().map(String::as_str).collect();
        let secrets: Vec<&str> = endpoint.secrets.iter().map(String::as_str).collect();
        for case in &def.cases {
            let what = format!("case {:?}", case.name);
            if let Some(login) = &case.run_as
                && !logins.contains(&login.as_str())
            {
                let more = hint(login, &logins, String::new());
                report(
                    &case.origin,
                    format!("{what}: `as: {login}` names no user{more}"),
                );
            }
            for mock in &case.mocks {
                if !upstreams.contains(&mock.upstream.as_str()) {
                    let more = hint(
                        &mock.upstream,
                        &upstreams,
                        format!("; the endpoint may use {}", list_or_none(&upstreams)),
                    );
                    report(
                        &mock.origin,
                        format!(
                            "{what}: the mock answers for `{}`, which this endpoint does not declare in `upstreams`{more}",
                            mock.upstream
                        ),
                    );
                }
            }
            for name in case.secrets.keys() {
                if !secrets.contains(&name.as_str()) {
                    let more = hint(
                        name,
                        &secrets,
                        format!("; it declares {}", list_or_none(&secrets)),
                    );
                    report(
                        &case.origin,
                        format!("{what}: secret {name} is not one this endpoint declares{more}"),
                    );
                }
            }
            for name in case.vars.keys() {
                if !vars.contains(&name.as_str()) {
                    let more = hint(name, vars, "; define it in a `kind: vars` document".into());
                    report(
                        &case.origin,
                        format!("{what}: var `{name}` is not defined{more}"),
                    );
                }
            }
        }
    }
}

fn list_or_none(names: &[&str]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
