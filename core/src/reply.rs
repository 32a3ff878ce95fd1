//! What the engine hands back to the host: a response to send, and log lines to write.

/// A complete HTTP response the filter sends instead of forwarding the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The answer every refusal and error carries, from the engine or from a snippet's
    /// error class: `{"error": <class>, "message": ...}`.
    pub fn error(status: u16, error: &str, message: &str) -> Reply {
        Reply::json(status, &error_body(error, message))
    }

    /// A JSON body with its content type.
    pub fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The body of [`Reply::error`].
pub fn error_body(error: &str, message: &str) -> serde_json::Value {
    serde_json::json!({"error": error, "message": message})
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The level a snippet names in `log(message, level)`; unknown names are `info`.
    pub fn from_name(name: &str) -> Level {
        match name {
            "debug" => Level::Debug,
            "warning" | "warn" => Level::Warning,
            "error" => Level::Error,
            _ => Level::Info,
        }
    }
}

/// A message as one line of Envoy's log: control characters (CR, LF, ESC, ...) and
/// the Unicode line separators are written as escapes (`\n`, `\u{1b}`), so that no
/// text a client or a snippet chose can start a line of its own.
pub fn log_line(message: &str) -> std::borrow::Cow<'_, str> {
    let needs_escape = |c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if !message.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(message);
    }
    let mut line = String::with_capacity(message.len() + 8);
    for c in message.chars() {
        match c {
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            '\t' => line.push_str("\\t"),
            c if needs_escape(c) => line.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => line.push(c),
        }
    }
    std::borrow::Cow::Owned(line)
}

/// A line for Envoy's log. Never carries request data or secrets unless a snippet
/// chose to log them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    pub level: Level,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_cannot_be_split_or_forged() {
        assert_eq!(log_line("plain text, \"quoted\""), "plain text, \"quoted\"");
        assert_eq!(
            log_line("a\r\n[critical][admin] forged\tline"),
            "a\\r\\n[critical][admin] forged\\tline"
        );
        assert_eq!(log_line("esc \u{1b}[31m red"), "esc \\u{1b}[31m red");
        assert_eq!(
            log_line("nul \0, del \u{7f}, nel \u{85}"),
            "nul \\u{0}, del \\u{7f}, nel \\u{85}"
        );
        assert_eq!(
            log_line("ls \u{2028} ps \u{2029}"),
            "ls \\u{2028} ps \\u{2029}"
        );
        assert_eq!(log_line("zoë ✓"), "zoë ✓");
    }
}
