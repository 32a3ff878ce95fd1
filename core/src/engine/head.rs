//! What the host passes in about a request: method, path (with its query string) and
//! headers, names in lower case as Envoy delivers them.
//!
//! All of it is one text with the fields as spans of it: the host hands the headers
//! over as one buffer, and a name and a value allocated per header cost more than
//! most requests' checks (the filter's host glue fills it in place).

use std::ops::Range;

#[derive(Debug, Clone, Default)]
pub struct RequestHead {
    text: String,
    method: Span,
    path: Span,
    /// Every header but `:method` and `:path`, in the order given.
    headers: Vec<(Span, Span)>,
}

/// Byte offsets into [`RequestHead`]'s text, checked to lie on its character
/// boundaries when the head is made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The span's text; `from_text` checked every span, so the empty fallback is
    /// never taken.
    fn of(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

impl RequestHead {
    /// A head from separate parts: for tests, benchmarks and hosts that hold them so.
    pub fn new(method: &str, path: &str, headers: &[(&str, &str)]) -> RequestHead {
        let mut text = String::new();
        let mut fields = Vec::with_capacity(headers.len() + 2);
        let pairs = [(":method", method), (":path", path)];
        for (name, value) in pairs.iter().chain(headers) {
            let name_start = text.len();
            text.push_str(name);
            let value_start = text.len();
            text.push_str(value);
            fields.push((name_start..value_start, value_start..text.len()));
        }
        // Every span was just cut from `text` itself.
        RequestHead::from_text(text, fields).unwrap_or_default()
    }

    /// A head whose names and values are spans of `text`; the `:method` and `:path`
    /// pseudo-headers become the method and the path. `None` when a span falls
    /// outside `text` or inside a character.
    pub fn from_text(
        text: String,
        fields: impl IntoIterator<Item = (Range<usize>, Range<usize>)>,
    ) -> Option<RequestHead> {
        let span = |range: Range<usize>| {
            text.get(range.clone())?;
            Some(Span {
                start: u32::try_from(range.start).ok()?,
                end: u32::try_from(range.end).ok()?,
            })
        };
        let mut head = RequestHead::default();
        for (name, value) in fields {
            let (name, value) = (span(name)?, span(value)?);
            match name.of(&text) {
                ":method" => head.method = value,
                ":path" => head.path = value,
                _ => head.headers.push((name, value)),
            }
        }
        head.text = text;
        Some(head)
    }

    pub fn method(&self) -> &str {
        self.method.of(&self.text)
    }

    pub fn path(&self) -> &str {
        self.path.of(&self.text)
    }

    /// The first value of the header `name` (in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Every header but `:method` and `:path`, as (name, value), in the order given.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers
            .iter()
            .map(|&(name, value)| (name.of(&self.text), value.of(&self.text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_path_and_headers_are_read_from_their_spans() {
        let head = RequestHead::new(
            "GET",
            "/a?b=1",
            &[("x-one", "1"), (":authority", "h"), ("x-one", "2")],
        );
        assert_eq!((head.method(), head.path()), ("GET", "/a?b=1"));
        assert_eq!(head.header("x-one"), Some("1"));
        assert_eq!(head.header("x-two"), None);
        let all: Vec<_> = head.headers().collect();
        assert_eq!(all, [("x-one", "1"), (":authority", "h"), ("x-one", "2")]);
    }

    #[test]
    fn spans_outside_the_text_or_inside_a_character_are_refused() {
        let text = "nameé".to_string();
        assert!(RequestHead::from_text(text.clone(), [(0..4, 4..6)]).is_some());
        assert!(RequestHead::from_text(text.clone(), [(0..4, 4..5)]).is_none());
        assert!(RequestHead::from_text(text.clone(), [(0..4, 4..7)]).is_none());
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 3..2;
        assert!(RequestHead::from_text(text, [(backwards, 4..6)]).is_none());
    }

    #[test]
    fn a_head_without_pseudo_headers_has_an_empty_method_and_path() {
        let head = RequestHead::from_text("ab".into(), [(0..1, 1..2)]).unwrap();
        assert_eq!(
            (head.method(), head.path(), head.header("a")),
            ("", "", Some("b"))
        );
    }
}
