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

/// A line for Envoy's log. Never carries request data or secrets unless a snippet
/// chose to log them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    pub level: Level,
    pub message: String,
}
