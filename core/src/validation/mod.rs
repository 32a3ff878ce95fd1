//! Step 6 of the pipeline: request bodies against their endpoint's schema.
//!
//! Schemas are compiled once, when the bundle loads ([`BodySchema::compile`]), and the
//! compiler runs the same compilation, so a schema that would not load never reaches
//! a bundle. Nothing is fetched, ever: JSON Schema `$ref`s resolve inside the schema,
//! and an XSD is one self-contained document.

use serde::Serialize;

use crate::model::{ContentSchema, SchemaFormats};

pub mod json;
pub mod xml;

/// Most violations one answer lists; a body with more gets the first ones. Bounds
/// the size of a `400` a hostile body can make the proxy build.
pub const MAX_VIOLATIONS: usize = 100;

/// Longest message and path of one violation, in bytes. The XSD validator's messages
/// may quote the value that failed, and paths are made of the body's own names, all
/// the caller's: with these bounds and [`MAX_VIOLATIONS`], a `400` stays under about
/// 50 KB whatever the body.
pub const MAX_MESSAGE: usize = 200;
pub const MAX_PATH: usize = 200;

/// One entry of the `errors` list of a `400` (docs/validation.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Where, in the body: a JSON Pointer, or the element path of an XML document.
    pub path: String,
    pub message: String,
    /// The failed JSON Schema keyword, or `json_invalid`, `xml_invalid`, `xml_schema`.
    #[serde(rename = "type")]
    pub kind: String,
}

impl Violation {
    /// A violation, its message cut after [`MAX_MESSAGE`] bytes and its path before
    /// its last [`MAX_PATH`] bytes (the end of a path says most), each cut marked `…`.
    pub fn new(kind: &str, path: &str, message: &str) -> Violation {
        Violation {
            path: keep_end(path, MAX_PATH),
            message: keep_start(message, MAX_MESSAGE),
            kind: kind.to_string(),
        }
    }
}

fn keep_start(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn keep_end(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    format!("…{}", &text[start..])
}

/// What a body check found.
#[derive(Debug)]
pub enum BodyCheck<T> {
    /// The body is well-formed and satisfies the schema, if there is one.
    Valid(T),
    /// Well-formed, but not what the schema says: `400`, or logged in `log_only`.
    Invalid(T, Vec<Violation>),
    /// Not JSON or XML at all: always a `400`.
    Malformed(Violation),
}

/// Why a schema of the bundle does not compile, for a person to mend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaError {
    /// A JSON Schema that is not valid 2020-12, at a JSON Pointer into it.
    Json(json::SchemaProblem),
    /// An XSD that would be checked only in part, or does not compile.
    Xsd(String),
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaError::Json(problem) => {
                write!(f, "at {:?}: {}", problem.pointer, problem.message)
            }
            SchemaError::Xsd(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for SchemaError {}

/// A compiled body schema.
pub enum BodySchema {
    Json(json::JsonSchema),
    Xml(xml::XmlSchema),
}

impl BodySchema {
    /// Compiles a schema of the bundle, with the regular expressions its JSON Schema
    /// `pattern`s share with the bundle's other schemas. The error says what is wrong,
    /// for a person.
    pub fn compile(
        schema: &ContentSchema,
        formats: SchemaFormats,
        patterns: &json::Patterns,
    ) -> Result<BodySchema, SchemaError> {
        match schema {
            ContentSchema::Json(value) => {
                json::JsonSchema::compile_sharing(value, formats, patterns).map(BodySchema::Json)
            }
            ContentSchema::Xsd(text) => xml::XmlSchema::compile(text).map(BodySchema::Xml),
        }
    }
}

impl std::fmt::Debug for BodySchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BodySchema::Json(_) => "BodySchema::Json",
            BodySchema::Xml(_) => "BodySchema::Xml",
        })
    }
}

/// `count` bodies made from `original` by one to four random edits each (a byte
/// removed, one of `pieces` inserted, the rest cut off), the same for a given
/// `seed`: what the parsers' tests feed them to compare or to survive.
#[cfg(test)]
pub(crate) fn mangled(original: &[u8], pieces: &[&[u8]], seed: u64, count: usize) -> Vec<Vec<u8>> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let mut body = original.to_vec();
            for _ in 0..1 + next() % 4 {
                if body.is_empty() {
                    break;
                }
                let at = (next() % body.len() as u64) as usize;
                match next() % 3 {
                    0 => {
                        body.remove(at);
                    }
                    1 => {
                        let piece = pieces[(next() % pieces.len() as u64) as usize];
                        body.splice(at..at, piece.iter().copied());
                    }
                    _ => body.truncate(at),
                }
            }
            body
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_and_paths_are_cut_on_character_boundaries() {
        let message = "é".repeat(300);
        let path = format!("/{}", "ü/".repeat(300));
        let violation = Violation::new("x", &path, &message);
        assert!(violation.message.len() <= MAX_MESSAGE + '…'.len_utf8());
        assert!(violation.message.ends_with('…') && violation.message.starts_with("éé"));
        assert!(violation.path.len() <= MAX_PATH + '…'.len_utf8());
        assert!(violation.path.starts_with('…') && violation.path.ends_with("ü/"));
        let short = Violation::new("x", "/a/0", "too small");
        assert_eq!(
            (short.path.as_str(), short.message.as_str()),
            ("/a/0", "too small")
        );
    }
}
