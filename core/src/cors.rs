//! The CORS headers of an endpoint's answers, whoever makes them: the filter's own
//! refusals, the snippet, or the upstream of a forward endpoint.
//!
//! An answer that depends on the request's `Origin` says so with `Vary: Origin`,
//! refusals included: a shared cache must not hand one origin's answer to another.

use crate::model::Cors;
use crate::reply::Reply;

/// What an endpoint's `cors` adds to one answer to one request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorsHeaders {
    /// `Access-Control-Allow-Origin`: `*`, or the request's origin when it is listed.
    allow_origin: Option<String>,
    /// The endpoint lists origins, so its answers differ by `Origin`.
    vary_origin: bool,
}

impl CorsHeaders {
    /// The headers for a request from `origin` to an endpoint with `cors` (none
    /// without). With `*`, every answer allows any origin and nothing varies.
    pub fn for_request(cors: Option<&Cors>, origin: Option<&str>) -> CorsHeaders {
        let Some(cors) = cors else {
            return CorsHeaders::default();
        };
        if cors.allows_any() {
            return CorsHeaders {
                allow_origin: Some("*".into()),
                vary_origin: false,
            };
        }
        CorsHeaders {
            allow_origin: origin
                .and_then(|origin| cors.allow_origin(origin))
                .map(str::to_string),
            vary_origin: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.allow_origin.is_none() && !self.vary_origin
    }

    /// The headers as (name, value). `vary` is to be added to an answer's own; the
    /// others replace any of the answer's own.
    pub fn headers(&self) -> Vec<(&'static str, &str)> {
        let mut headers = Vec::with_capacity(3);
        if let Some(origin) = &self.allow_origin {
            headers.push(("access-control-allow-origin", origin.as_str()));
            headers.push(("access-control-expose-headers", "*"));
        }
        if self.vary_origin {
            headers.push(("vary", "origin"));
        }
        headers
    }

    /// `reply` with these headers; the endpoint's `cors` wins over an
    /// `Access-Control-Allow-Origin` a snippet set.
    pub fn apply(&self, mut reply: Reply) -> Reply {
        if self.is_empty() {
            return reply;
        }
        reply.headers.retain(|(name, _)| {
            name != "access-control-allow-origin" && name != "access-control-expose-headers"
        });
        for (name, value) in self.headers() {
            let already = name == "vary"
                && reply.headers.iter().any(|(n, v)| {
                    n == "vary" && v.split(',').any(|v| v.trim().eq_ignore_ascii_case(value))
                });
            if !already {
                reply = reply.with_header(name, value);
            }
        }
        reply
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed() -> Cors {
        Cors {
            origins: vec!["https://app.example".into()],
        }
    }

    #[test]
    fn a_listed_origin_is_allowed_and_every_answer_varies_by_origin() {
        let allowed = CorsHeaders::for_request(Some(&listed()), Some("https://app.example"));
        assert_eq!(
            allowed.headers(),
            [
                ("access-control-allow-origin", "https://app.example"),
                ("access-control-expose-headers", "*"),
                ("vary", "origin")
            ]
        );
        for origin in [Some("https://evil.example"), None] {
            let refused = CorsHeaders::for_request(Some(&listed()), origin);
            assert_eq!(refused.headers(), [("vary", "origin")], "{origin:?}");
        }
    }

    #[test]
    fn any_origin_needs_no_vary_and_no_cors_adds_nothing() {
        let any = Cors {
            origins: vec!["*".into()],
        };
        for origin in [Some("https://x.example"), None] {
            let headers = CorsHeaders::for_request(Some(&any), origin);
            assert_eq!(
                headers.headers(),
                [
                    ("access-control-allow-origin", "*"),
                    ("access-control-expose-headers", "*")
                ]
            );
        }
        let none = CorsHeaders::for_request(None, Some("https://x.example"));
        assert!(none.is_empty());
        let reply = none.apply(Reply::new(200).with_header("access-control-allow-origin", "*"));
        assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    }

    #[test]
    fn the_endpoint_wins_over_the_snippet_and_vary_is_not_repeated() {
        let headers = CorsHeaders::for_request(Some(&listed()), Some("https://app.example"));
        let reply = headers.apply(
            Reply::new(200)
                .with_header("access-control-allow-origin", "*")
                .with_header("vary", "Accept, Origin"),
        );
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("https://app.example")
        );
        let varies: Vec<_> = reply.headers.iter().filter(|(n, _)| n == "vary").collect();
        assert_eq!(varies.len(), 1);
    }
}
