//! Passing a checked request on to an upstream (`exec_mode: forward`): the path it
//! goes to, the headers the proxy owns, and what the filter hands to Envoy's router.
//!
//! Identity reaches an upstream only through headers the filter sets (`x-endpoint-*`),
//! after removing every header of that prefix the client sent (docs/upstreams.md).

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::cors::CorsHeaders;

/// Every header of this prefix belongs to the proxy: a client's is removed from every
/// request an endpoint takes, and a snippet or a definition cannot set one.
pub const RESERVED_PREFIX: &str = "x-endpoint-";
/// The login of the user the request runs as (the caller, or `exec_as_user`).
pub const USER_HEADER: &str = "x-endpoint-user";
/// That user's groups, joined with `,`.
pub const GROUPS_HEADER: &str = "x-endpoint-groups";
/// The name of the endpoint that forwarded the request.
pub const ENDPOINT_HEADER: &str = "x-endpoint-endpoint";
/// The Envoy cluster the router sends a forwarded request to (`cluster_header` of
/// the route that Envoy configurations of this project carry).
pub const CLUSTER_HEADER: &str = "x-endpoint-cluster";
/// Envoy's router reads the request's timeout from it, over the route's.
pub const TIMEOUT_HEADER: &str = "x-envoy-upstream-rq-timeout-ms";

/// Headers a definition or a snippet may not set on an upstream request: the proxy
/// frames the request and routes it.
const PROXY_OWNED: [&str; 10] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
    TIMEOUT_HEADER,
];

/// Why a header name may not be set on an upstream request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderNameError {
    /// Empty, or not an HTTP token.
    NotAToken,
    /// Under the prefix the proxy keeps for the caller's identity.
    Reserved,
    /// A header the proxy sets itself (framing, hop-by-hop, the timeout).
    ProxyOwned,
}

impl fmt::Display for HeaderNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderNameError::NotAToken => {
                f.write_str("a header name is an HTTP token (letters, digits, `-`, ...)")
            }
            HeaderNameError::Reserved => write!(
                f,
                "`{RESERVED_PREFIX}*` headers are the proxy's: it sets the caller's identity itself"
            ),
            HeaderNameError::ProxyOwned => f.write_str("the proxy sets this header itself"),
        }
    }
}

impl std::error::Error for HeaderNameError {}

/// Whether a (lower-case) header name may be set on an upstream request.
pub fn check_header_name(name: &str) -> Result<(), HeaderNameError> {
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(HeaderNameError::NotAToken);
    }
    if name.starts_with(RESERVED_PREFIX) {
        return Err(HeaderNameError::Reserved);
    }
    if PROXY_OWNED.contains(&name) {
        return Err(HeaderNameError::ProxyOwned);
    }
    Ok(())
}

pub fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Why a route or path template does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{` that no `}` closes.
    Unclosed,
    /// What stands between the braces is not a parameter name.
    NotAName(String),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::Unclosed => f.write_str("a `{` opens a parameter that no `}` closes"),
            TemplateError::NotAName(inside) => write!(f, "`{{{inside}}}` is not a parameter name"),
        }
    }
}

impl std::error::Error for TemplateError {}

/// The parameter names of a route or path template, without the catch-all's `*`.
pub fn template_params(template: &str) -> Result<Vec<String>, TemplateError> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(TemplateError::Unclosed)?;
        let name = after[..close].trim_start_matches('*');
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(TemplateError::NotAName(after[..close].to_string()));
        }
        names.push(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(names)
}

/// What a path segment keeps unencoded: RFC 3986 unreserved characters and the
/// sub-delimiters a segment allows, not `/`, `?`, `#` or `%`.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Why a request cannot be forwarded to the path its endpoint names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeParam {
    pub name: String,
}

/// The upstream path: the template with each `{param}` replaced by the request's
/// value, encoded again as a path segment, and the query. A parameter written
/// `{*rest}` keeps the `/`s of its value; written `{rest}`, they are encoded.
///
/// A value that is `.` or `..` (or has such a segment) is refused: the upstream
/// would resolve it and reach a path the endpoint never named.
pub fn fill_path(
    template: &str,
    params: &[(String, String)],
    query: &str,
) -> Result<String, UnsafeParam> {
    let mut out = String::with_capacity(template.len() + query.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let written = &after[..close];
        let name = written.trim_start_matches('*');
        let keeps_slashes = written.starts_with('*');
        let value = params
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str());
        for (index, segment) in value.split('/').enumerate() {
            // Refused encoded too: an upstream may decode `%2F` before it resolves.
            if segment == "." || segment == ".." {
                return Err(UnsafeParam {
                    name: name.to_string(),
                });
            }
            if index > 0 {
                out.push_str(if keeps_slashes { "/" } else { "%2F" });
            }
            out.extend(utf8_percent_encode(segment, SEGMENT));
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    if !query.is_empty() {
        out.push('?');
        out.push_str(query);
    }
    Ok(out)
}

/// What the identity headers may carry unencoded: visible ASCII but `%`, and space.
const HEADER_VALUE: &AsciiSet = &CONTROLS.add(b'%');

/// A login, group or endpoint name as a header value: UTF-8, with `%`, control
/// characters and non-ASCII percent-encoded, so that no value can split a header.
pub fn header_value(text: &str) -> String {
    utf8_percent_encode(text, HEADER_VALUE).to_string()
}

/// What the filter does to the request before it lets it go on to Envoy's router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarding {
    /// The upstream the endpoint forwards to, by its name in the definitions.
    pub upstream: String,
    /// The new `:path`, query included.
    pub path: String,
    /// Headers to remove first: every `x-endpoint-*` header the client sent.
    pub remove: Vec<String>,
    /// Headers to set (replacing any of the same name), lower-case names.
    pub set: Vec<(String, String)>,
    /// The CORS headers the upstream's answer gets: the endpoint's `cors` for this
    /// request's origin.
    pub cors: CorsHeaders,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fills_parameters_encoded_again_as_segments() {
        let filled = fill_path("/api/orders/{id}", &params(&[("id", "a b/c%d")]), "x=1");
        assert_eq!(filled, Ok("/api/orders/a%20b%2Fc%25d?x=1".to_string()));
        let filled = fill_path("/files/{rest}", &params(&[("rest", "a/b c/d")]), "");
        assert_eq!(filled, Ok("/files/a%2Fb%20c%2Fd".to_string()));
        let filled = fill_path("/files/{*rest}", &params(&[("rest", "a/b c/d")]), "");
        assert_eq!(filled, Ok("/files/a/b%20c/d".to_string()));
    }

    #[test]
    fn refuses_dot_segments_in_values() {
        for value in [".", "..", "a/../b", "../x", "a/."] {
            for template in ["/api/{*rest}", "/api/{rest}"] {
                assert_eq!(
                    fill_path(template, &params(&[("rest", value)]), ""),
                    Err(UnsafeParam {
                        name: "rest".into()
                    }),
                    "{template} {value:?}"
                );
            }
        }
        // Dots inside a segment are ordinary.
        assert_eq!(
            fill_path("/api/{id}", &params(&[("id", "v1..2")]), ""),
            Ok("/api/v1..2".to_string())
        );
    }

    #[test]
    fn reads_template_parameters() {
        assert_eq!(
            template_params("/a/{id}/b/{*rest}"),
            Ok(vec!["id".to_string(), "rest".to_string()])
        );
        assert_eq!(template_params("/a/{id"), Err(TemplateError::Unclosed));
        assert_eq!(
            template_params("/a/{}").unwrap_err().to_string(),
            "`{}` is not a parameter name"
        );
    }

    #[test]
    fn header_names_the_proxy_owns_are_refused() {
        assert!(check_header_name("x-api-version").is_ok());
        for (name, why) in [
            ("x-endpoint-user", HeaderNameError::Reserved),
            ("x-endpoint-anything", HeaderNameError::Reserved),
            ("host", HeaderNameError::ProxyOwned),
            ("content-length", HeaderNameError::ProxyOwned),
            ("transfer-encoding", HeaderNameError::ProxyOwned),
            (TIMEOUT_HEADER, HeaderNameError::ProxyOwned),
            ("bad name", HeaderNameError::NotAToken),
            (":path", HeaderNameError::NotAToken),
            ("", HeaderNameError::NotAToken),
        ] {
            assert_eq!(check_header_name(name), Err(why), "{name:?}");
        }
    }

    #[test]
    fn identity_values_cannot_split_a_header() {
        assert_eq!(header_value("alice"), "alice");
        assert_eq!(header_value("a\r\nx-evil: 1"), "a%0D%0Ax-evil: 1");
        assert_eq!(header_value("50%"), "50%25");
        assert_eq!(header_value("zoë"), "zo%C3%AB");
    }
}
