//! Path routing with `matchit`, built once when a bundle loads.
//!
//! A route string maps to one slot holding, per HTTP method, the endpoint that serves
//! it; several endpoints share a route when their methods differ.

use std::collections::HashMap;
use std::fmt;

use crate::model::{Endpoint, Method};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteConflict {
    pub route: String,
    pub reason: String,
}

impl fmt::Display for RouteConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "route {:?}: {}", self.route, self.reason)
    }
}

/// Endpoints (by index into the bundle) for each method of one route.
#[derive(Debug, Clone, Default)]
pub struct MethodTable {
    by_method: [Option<usize>; 5],
}

impl MethodTable {
    pub fn get(&self, method: Method) -> Option<usize> {
        self.by_method.get(method.index()).copied().flatten()
    }

    /// The endpoint serving a request's method, as the request names it: `HEAD` is
    /// served by the `GET` endpoint (RFC 9110 §9.3.2; Envoy sends no body back).
    pub fn for_request(&self, method: &str) -> Option<usize> {
        match method {
            "HEAD" => self.get(Method::Get),
            other => self.get(Method::parse(other)?),
        }
    }

    /// The `Allow` header value: the methods this route serves, `HEAD` with `GET`.
    pub fn allow(&self) -> String {
        let mut methods = Vec::with_capacity(6);
        for method in Method::ALL {
            if self.get(method).is_some() {
                methods.push(method.as_str());
                if method == Method::Get {
                    methods.push("HEAD");
                }
            }
        }
        methods.join(", ")
    }

    /// Any endpoint of this route, for answers that do not depend on the method
    /// (a CORS preflight, a 405).
    pub fn any(&self) -> Option<usize> {
        self.by_method.iter().flatten().next().copied()
    }
}

pub struct Router {
    matcher: matchit::Router<usize>,
    tables: Vec<MethodTable>,
}

/// A matched route: its method table and the route parameters, percent-decoded.
pub struct Match<'r> {
    pub table: &'r MethodTable,
    pub params: Vec<(String, String)>,
}

impl Router {
    /// A router that matches nothing.
    pub fn empty() -> Router {
        Router {
            matcher: matchit::Router::new(),
            tables: Vec::new(),
        }
    }

    /// Builds the router over the active endpoints. Errors name the route that
    /// cannot be added, and why.
    pub fn build(endpoints: &[Endpoint]) -> Result<Router, Vec<RouteConflict>> {
        let mut matcher = matchit::Router::new();
        let mut tables: Vec<MethodTable> = Vec::new();
        // The slot of each route already added: a route two endpoints share (one per
        // method) has one slot. A map, since big bundles have thousands of routes.
        let mut slots: HashMap<&str, usize> = HashMap::new();
        let mut conflicts = Vec::new();
        for (index, endpoint) in endpoints.iter().enumerate() {
            if !endpoint.active {
                continue;
            }
            for route in &endpoint.routes {
                let slot = match slots.get(route.as_str()) {
                    Some(&slot) => slot,
                    None => match matcher.insert(route.as_str(), tables.len()) {
                        Ok(()) => {
                            slots.insert(route, tables.len());
                            tables.push(MethodTable::default());
                            tables.len() - 1
                        }
                        Err(error) => {
                            conflicts.push(RouteConflict {
                                route: route.clone(),
                                reason: error.to_string(),
                            });
                            continue;
                        }
                    },
                };
                let Some(entry) = tables
                    .get_mut(slot)
                    .and_then(|table| table.by_method.get_mut(endpoint.request_method.index()))
                else {
                    continue; // `slot` indexes `tables`, and every method has a place
                };
                if entry.is_some() {
                    conflicts.push(RouteConflict {
                        route: route.clone(),
                        reason: format!(
                            "{} is served by two endpoints",
                            endpoint.request_method.as_str()
                        ),
                    });
                } else {
                    *entry = Some(index);
                }
            }
        }
        if conflicts.is_empty() {
            Ok(Router { matcher, tables })
        } else {
            Err(conflicts)
        }
    }

    /// Matches a request path (without its query string).
    pub fn lookup(&self, path: &str) -> Option<Match<'_>> {
        let matched = self.matcher.at(path).ok()?;
        let table = self.tables.get(*matched.value)?;
        let params = matched
            .params
            .iter()
            .map(|(name, value)| (name.to_string(), percent_decode(value)))
            .collect();
        Some(Match { table, params })
    }
}

pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(route: &str, method: Method) -> Endpoint {
        Endpoint::example(&format!("{method:?} {route}"), route, method, "")
    }

    #[test]
    fn matches_parameters_catch_all_and_methods() {
        let router = Router::build(&[
            endpoint("/items/{id}", Method::Get),
            endpoint("/items/{id}", Method::Delete),
            endpoint("/files/{*rest}", Method::Get),
            endpoint("/items", Method::Post),
        ])
        .unwrap();

        let found = router.lookup("/items/a%20b").unwrap();
        assert_eq!(found.params, vec![("id".to_string(), "a b".to_string())]);
        assert_eq!(found.table.get(Method::Get), Some(0));
        assert_eq!(found.table.get(Method::Delete), Some(1));
        assert_eq!(found.table.get(Method::Post), None);
        assert_eq!(found.table.allow(), "GET, HEAD, DELETE");

        let files = router.lookup("/files/a/b/c.txt").unwrap();
        assert_eq!(
            files.params,
            vec![("rest".to_string(), "a/b/c.txt".to_string())]
        );
        assert_eq!(
            router.lookup("/items").unwrap().table.get(Method::Post),
            Some(3)
        );
        assert!(router.lookup("/nothing").is_none());
        assert!(router.lookup("/items/1").is_some() && router.lookup("/files/x/y").is_some());
        assert!(router.lookup("/nothing").is_none() && router.lookup("/items/1/more").is_none());
        assert!(router.lookup("/items/1/more").is_none());
    }

    #[test]
    fn inactive_endpoints_are_not_routed() {
        let mut archived = endpoint("/old", Method::Get);
        archived.active = false;
        let router = Router::build(&[archived]).unwrap();
        assert!(router.lookup("/old").is_none());
    }

    #[test]
    fn reports_routes_it_cannot_tell_apart() {
        let conflicts = Router::build(&[
            endpoint("/items/{id}", Method::Get),
            endpoint("/items/{name}", Method::Get),
            endpoint("/x", Method::Get),
            endpoint("/x", Method::Get),
        ])
        .err()
        .unwrap();
        assert_eq!(conflicts.len(), 2);
        assert_eq!(conflicts[0].route, "/items/{name}");
        assert!(
            conflicts[0].reason.contains("/items/{id}"),
            "{}",
            conflicts[0]
        );
        assert!(conflicts[1].reason.contains("two endpoints"));
    }
}
