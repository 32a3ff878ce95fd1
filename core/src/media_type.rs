//! `Content-Type` comparison: the media type only, case-insensitive, parameters ignored.

use crate::model::ContentType;

/// The bare media type of a `Content-Type` value: `Application/JSON; charset=utf-8`
/// gives `application/json`.
pub fn essence(header_value: &str) -> String {
    header_value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a request's `Content-Type` header (if any) is the endpoint's.
pub fn matches(header_value: Option<&str>, expected: ContentType) -> bool {
    header_value.is_some_and(|value| essence(value) == expected.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_the_media_type_only() {
        let json = ContentType::Json;
        assert!(matches(Some("application/json"), json));
        assert!(matches(Some("Application/JSON; charset=UTF-8"), json));
        assert!(matches(Some("  application/json ;charset=utf-8"), json));
        assert!(!matches(Some("application/json-patch+json"), json));
        assert!(!matches(Some("text/plain"), json));
        assert!(!matches(Some(""), json));
        assert!(!matches(None, json));
        assert!(matches(
            Some("application/x-www-form-urlencoded"),
            ContentType::FormUrlencoded
        ));
    }
}
