//! Step 6 of the pipeline: request bodies against their endpoint's schema.
//!
//! Schemas are compiled once, when the bundle loads ([`BodySchema::compile`]), and the
//! compiler runs the same compilation, so a schema that would not load never reaches
//! a bundle. Nothing is fetched, ever: JSON Schema `$ref`s resolve inside the schema,
//! and an XSD is one self-contained document.

use serde::Serialize;

use crate::model::ContentSchema;

pub mod json;
pub mod xml;

/// Most violations one answer lists; a body with more gets the first ones. Bounds
/// the size of a `400` a hostile body can make the proxy build.
pub const MAX_VIOLATIONS: usize = 100;

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
    pub fn new(kind: &str, path: impl Into<String>, message: impl Into<String>) -> Violation {
        Violation {
            path: path.into(),
            message: message.into(),
            kind: kind.to_string(),
        }
    }
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

/// A compiled body schema.
pub enum BodySchema {
    Json(json::JsonSchema),
    Xml(xml::XmlSchema),
}

impl BodySchema {
    /// Compiles a schema of the bundle. The error says what is wrong, for a person.
    pub fn compile(schema: &ContentSchema) -> Result<BodySchema, String> {
        match schema {
            ContentSchema::Json(value) => json::JsonSchema::compile(value).map(BodySchema::Json),
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
