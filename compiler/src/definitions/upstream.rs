//! `kind: upstream` documents: the services behind the proxy.

use super::*;

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

impl Reader<'_> {
    /// `kind: upstream`.
    pub(super) fn upstream(&mut self, entries: &Entries<'_>) -> Option<UpstreamDef> {
        let fields = self.fields(entries, UPSTREAM_FIELDS, "upstream");
        let name = fields.get("name");
        let cluster = fields.get("cluster");
        let address = fields.get("address");
        let timeout = fields.get("timeout");
        let max_response_bytes = fields.get("max_response_bytes");
        let headers = fields.get("headers");
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
    pub(super) fn fixed_headers(&mut self, node: &Node) -> Vec<(String, String)> {
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
