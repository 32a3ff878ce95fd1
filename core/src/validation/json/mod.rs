//! JSON bodies: read once, and checked against a JSON Schema (Draft 2020-12).

use serde_json::Value;

mod document;

use document::Body;
pub use document::{Content, Document, DocumentNode};

use super::{BodyCheck, MAX_VIOLATIONS, SchemaError, Violation};
use crate::model::SchemaFormats;

/// The `format` names checked when formats are asserted; any other is refused.
pub const CHECKED_FORMATS: &[&str] = &[
    "date",
    "date-time",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "regex",
    "relative-json-pointer",
    "time",
    "uri",
    "uri-reference",
    "uri-template",
    "uuid",
];

/// The `$schema` this product validates with; a schema may name it or nothing.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// A JSON Schema compiled for validation.
pub struct JsonSchema {
    validator: jsonschema::Validator<Body>,
}

/// A problem with a schema itself, located by a JSON Pointer into the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaProblem {
    pub pointer: String,
    pub message: String,
}

/// Every problem of a schema: its `$schema`, the Draft 2020-12 meta-schema, then
/// compilation (a `$ref` that does not resolve inside the schema, a regular
/// expression the engine cannot run, a `format` it does not know while formats are
/// asserted). Empty when the schema is good.
pub fn problems(schema: &Value, formats: SchemaFormats) -> Vec<SchemaProblem> {
    if let Some(problem) = declared_draft_problem(schema) {
        return vec![problem];
    }
    let meta = jsonschema::draft202012::meta::validator();
    let found: Vec<SchemaProblem> = meta
        .iter_errors(schema)
        .map(|error| SchemaProblem {
            pointer: error.instance_path().as_str().to_string(),
            // Masked: a schema read from a file may be a file that is no schema at
            // all, and its content stays out of messages.
            message: format!(
                "not a valid Draft 2020-12 schema: {} (keyword `{}`)",
                error.masked_with("the value"),
                error.kind().keyword()
            ),
        })
        .collect();
    if !found.is_empty() {
        return found;
    }
    match build(schema, formats, &Patterns::new()) {
        Ok(_) => Vec::new(),
        Err(error) => vec![compile_problem(schema, &error)],
    }
}

/// Why a schema that passed the meta-schema does not compile, located in it.
fn compile_problem(schema: &Value, error: &jsonschema::ValidationError<'_>) -> SchemaProblem {
    let pointer = error.instance_path().as_str().to_string();
    // jsonschema's own message for an unknown format points at its options, which
    // are not this product's: say what is checked and how to check nothing.
    let unknown_format = Some(&pointer)
        .filter(|pointer| pointer.ends_with("/format"))
        .and_then(|pointer| schema.pointer(pointer))
        .and_then(Value::as_str)
        .filter(|name| !CHECKED_FORMATS.contains(name));
    let message = match unknown_format {
        Some(name) => format!(
            "`format: {name}` is not one this product checks ({}); fix the name, or set `schema_formats: ignore` on the endpoint to treat every `format` as an annotation",
            CHECKED_FORMATS.join(", ")
        ),
        None => format!("the schema does not compile: {error}"),
    };
    SchemaProblem { pointer, message }
}

/// A `$schema` other than Draft 2020-12's.
fn declared_draft_problem(schema: &Value) -> Option<SchemaProblem> {
    let declared = schema.get("$schema")?;
    if declared.as_str().map(|s| s.trim_end_matches('#')) == Some(DRAFT_2020_12) {
        return None;
    }
    Some(SchemaProblem {
        pointer: "/$schema".into(),
        message: format!(
            "`$schema` is {declared}, but bodies are validated with Draft 2020-12: remove `$schema` or set it to \"{DRAFT_2020_12}\""
        ),
    })
}

/// The regular expressions of `pattern`s, compiled once for every schema that
/// holds the same one: compiling them is half of building a schema, and the schemas
/// of one API repeat their patterns (an email, a currency, an identifier).
pub type Patterns = jsonschema::PatternCache;

fn build(
    schema: &Value,
    formats: SchemaFormats,
    patterns: &Patterns,
) -> Result<jsonschema::Validator<Body>, jsonschema::ValidationError<'static>> {
    let assert = formats == SchemaFormats::Assert;
    jsonschema::options_for::<Body>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(assert)
        .should_ignore_unknown_formats(!assert)
        .with_pattern_cache(patterns.clone())
        .build(schema)
}

impl JsonSchema {
    /// Compiles a schema for validation, as the filter does at load. Compiling checks
    /// the schema against the meta-schema too, but reports the first problem only:
    /// [`problems`], for the compiler, lists them all. (The meta-schema's validator is
    /// built once per VM, on wasm too: vendor/README.md.)
    pub fn compile(schema: &Value, formats: SchemaFormats) -> Result<JsonSchema, SchemaError> {
        JsonSchema::compile_sharing(schema, formats, &Patterns::new())
    }

    /// [`compile`](Self::compile), taking compiled patterns from `patterns` and
    /// leaving its own there: a bundle compiles each distinct pattern once.
    pub fn compile_sharing(
        schema: &Value,
        formats: SchemaFormats,
        patterns: &Patterns,
    ) -> Result<JsonSchema, SchemaError> {
        if let Some(problem) = declared_draft_problem(schema) {
            return Err(SchemaError::Json(problem));
        }
        build(schema, formats, patterns)
            .map(|validator| JsonSchema { validator })
            .map_err(|e| SchemaError::Json(compile_problem(schema, &e)))
    }

    /// Every violation (up to [`MAX_VIOLATIONS`]) of a parsed body. Messages name the
    /// rule that failed, never the value that failed it: the value is the caller's
    /// data, and it stays out of answers and logs.
    fn violations(&self, body: DocumentNode<'_>) -> Vec<Violation> {
        // The valid body, the common case, is checked by the validator's fast path,
        // which stops at the first failure and builds no error; only a body it
        // refuses is walked again for every violation.
        if self.validator.is_valid(body) {
            return Vec::new();
        }
        self.validator
            .iter_errors(body)
            .take(MAX_VIOLATIONS)
            .map(|error| {
                Violation::new(
                    error.kind().keyword(),
                    error.instance_path().as_str(),
                    &error.masked_with("the value").to_string(),
                )
            })
            .collect()
    }
}

/// Checks a JSON body against `schema`, if any, and keeps it read into a
/// [`Document`] when `keep_document`: a snippet that reads `request.json` is given
/// its values from it. A body is refused alike either way. A body read stops,
/// refused, where `over_memory` says the run being prepared is past its memory
/// limit.
pub fn check<'a>(
    body: &'a [u8],
    schema: Option<&JsonSchema>,
    keep_document: bool,
    over_memory: fn() -> bool,
) -> BodyCheck<Option<Document<'a>>> {
    if schema.is_none() && !keep_document {
        return match well_formed(body) {
            BodyCheck::Valid(()) => BodyCheck::Valid(None),
            BodyCheck::Invalid((), violations) => BodyCheck::Invalid(None, violations),
            BodyCheck::Malformed(violation) => BodyCheck::Malformed(violation),
        };
    }
    // A body that is not UTF-8 is refused with serde_json's own message, by the
    // reader of bytes.
    let Ok(text) = std::str::from_utf8(body) else {
        return match well_formed(body) {
            BodyCheck::Malformed(violation) => BodyCheck::Malformed(violation),
            _ => BodyCheck::Malformed(Violation::new(
                "json_invalid",
                "",
                "the body is not valid JSON: it is not UTF-8",
            )),
        };
    };
    let document = match Document::read(text, over_memory) {
        Ok(document) => document,
        Err(e) => return BodyCheck::Malformed(not_json(&e)),
    };
    let violations = schema.map_or_else(Vec::new, |schema| schema.violations(document.root()));
    let kept = keep_document.then_some(document);
    if violations.is_empty() {
        BodyCheck::Valid(kept)
    } else {
        BodyCheck::Invalid(kept, violations)
    }
}

/// Checks that a body is JSON and builds nothing: for an endpoint that neither has
/// a schema nor reads `request.json`. It accepts and refuses exactly what [`parse`]
/// does: the same parser reads every string, number and nesting level, and only the
/// values are not kept.
fn well_formed(body: &[u8]) -> BodyCheck<()> {
    use serde::de::DeserializeSeed;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match Syntax
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end())
    {
        Ok(()) => BodyCheck::Valid(()),
        Err(e) => BodyCheck::Malformed(not_json(&e)),
    }
}

fn not_json(error: &serde_json::Error) -> Violation {
    Violation::new(
        "json_invalid",
        "",
        &format!("the body is not valid JSON: {error}"),
    )
}

/// A JSON value read and thrown away: strings, numbers and nesting are parsed
/// (and refused) as for a `Value`, with nothing allocated.
struct Syntax;

impl<'de> serde::de::DeserializeSeed<'de> for Syntax {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Syntax {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while items.next_element_seed(Syntax)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        while members.next_key_seed(Syntax)?.is_some() {
            members.next_value_seed(Syntax)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Checking well-formedness alone refuses exactly the bodies a full parse
    /// refuses, the corners of JSON included, and thousands of mangled ones.
    #[test]
    fn well_formed_agrees_with_a_full_parse() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let mut bodies: Vec<Vec<u8>> = [
            &b""[..],
            b" ",
            b"null",
            b"1e400",
            b"-1e-400",
            b"18446744073709551616",
            b"-0",
            b"01",
            b"1.",
            br#""\ud800""#,
            br#""\udc00\ud800""#,
            br#""\u00e9\n\"""#,
            b"\"\xff\"",
            b"\"a\x01\"",
            br#"{"a":1,"a":2}"#,
            br#"{"a":1,}"#,
            br#"[1,]"#,
            br#"{1:2}"#,
            br#"{"a" 1}"#,
            b"[1] [2]",
            b"\xEF\xBB\xBF{}",
            b"tru",
            b"NaN",
        ]
        .iter()
        .map(|b| b.to_vec())
        .collect();
        bodies.push(deep(127).into_bytes());
        bodies.push(deep(128).into_bytes());
        bodies.push(deep(129).into_bytes());
        let order = br#"{"id": 12, "items": [{"sku": "ABC", "qty": 2.5e1}, {"sku": "D\u00e9F"}], "note": null, "ok": true}"#;
        let pieces: [&[u8]; 10] = [
            b"{", b"}", b"[", b"]", b"\"", b",", b":", b"\\", b"e9", b"\xff",
        ];
        bodies.extend(crate::validation::mangled(
            order,
            &pieces,
            0x9e37_79b9_7f4a_7c15,
            5_000,
        ));
        let mut refused = 0;
        for body in &bodies {
            let parsed = serde_json::from_slice::<Value>(body);
            match well_formed(body) {
                BodyCheck::Valid(()) => assert!(
                    parsed.is_ok(),
                    "accepted what a parse refuses: {}",
                    String::from_utf8_lossy(body)
                ),
                BodyCheck::Malformed(violation) => {
                    refused += 1;
                    assert_eq!(violation.kind, "json_invalid");
                    assert!(
                        parsed.is_err(),
                        "refused what a parse accepts: {}",
                        String::from_utf8_lossy(body)
                    );
                }
                BodyCheck::Invalid(..) => unreachable!("no schema"),
            }
        }
        assert!(
            refused > bodies.len() / 4,
            "the mangled bodies were refused {refused} times"
        );
    }

    #[test]
    fn text_is_read_once_checked_and_other_bytes_are_refused_as_before() {
        // UTF-8 throughout: read as text, its strings as written.
        let BodyCheck::Valid(Some(document)) = check(
            "{\"sku\": \"DéF\", \"note\": \"\\u00e9\"}".as_bytes(),
            None,
            true,
            || false,
        ) else {
            panic!("refused")
        };
        assert_eq!(document.to_value(), json!({"sku": "DéF", "note": "é"}));
        // Not UTF-8, inside a string or outside one: refused by the byte reader, with
        // serde_json's message, with a schema or without.
        let schema = order_schema();
        for schema in [None, Some(&schema)] {
            for keep in [false, true] {
                let BodyCheck::Malformed(inside) =
                    check(b"{\"sku\": \"D\xffF\"}", schema, keep, || false)
                else {
                    panic!("accepted")
                };
                assert!(
                    inside.message.contains("invalid unicode code point"),
                    "{inside:?}"
                );
                assert!(matches!(
                    check(b"{\"sku\": 1}\xff", schema, keep, || false),
                    BodyCheck::Malformed(violation) if violation.kind == "json_invalid"
                ));
                assert!(matches!(
                    check(b"[\"\xc3\"]", schema, keep, || false),
                    BodyCheck::Malformed(violation) if violation.kind == "json_invalid"
                ));
            }
        }
    }

    fn order_schema() -> JsonSchema {
        JsonSchema::compile(&json!({
            "type": "object",
            "required": ["id", "items"],
            "properties": {
                "id": {"type": "integer", "minimum": 1},
                "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}},
                "note": {"type": "string", "maxLength": 5}
            },
            "additionalProperties": false,
            "$defs": {"item": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}$"}}}}
        }), SchemaFormats::Assert)
        .unwrap()
    }

    #[test]
    fn reports_every_violation_with_pointer_and_keyword() {
        let schema = order_schema();
        let BodyCheck::Invalid(_, violations) = check(
            br#"{"id": 0, "items": [{"sku": "secret-sku"}, {}], "note": "too long", "x": 1}"#,
            Some(&schema),
            false,
            || false,
        ) else {
            panic!("expected violations");
        };
        let found: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.path.as_str(), v.kind.as_str()))
            .collect();
        for expected in [
            ("/id", "minimum"),
            ("/items/0/sku", "pattern"),
            ("/items/1", "required"),
            ("/note", "maxLength"),
            ("", "additionalProperties"),
        ] {
            assert!(found.contains(&expected), "{expected:?} in {found:?}");
        }
        // The caller's values never come back in messages.
        for violation in &violations {
            assert!(!violation.message.contains("secret-sku"), "{violation:?}");
            assert!(!violation.message.contains("too long"), "{violation:?}");
        }
    }

    #[test]
    fn valid_and_malformed_bodies() {
        let schema = order_schema();
        assert!(matches!(
            check(
                br#"{"id": 3, "items": [{"sku": "ABC"}]}"#,
                Some(&schema),
                false,
                || false
            ),
            BodyCheck::Valid(_)
        ));
        for body in [&b""[..], b"{", b"\xff", b"{\"id\": 1} trailing"] {
            let BodyCheck::Malformed(violation) = check(body, Some(&schema), false, || false)
            else {
                panic!("{body:?} is not JSON");
            };
            assert_eq!(violation.kind, "json_invalid");
        }
    }

    #[test]
    fn many_violations_are_capped() {
        let schema =
            JsonSchema::compile(&json!({"items": {"type": "string"}}), SchemaFormats::Assert)
                .unwrap();
        let body = serde_json::to_vec(&vec![1; 1000]).unwrap();
        let BodyCheck::Invalid(_, violations) = check(&body, Some(&schema), false, || false) else {
            panic!("expected violations");
        };
        assert_eq!(violations.len(), MAX_VIOLATIONS);
    }

    #[test]
    fn paths_made_of_long_member_names_are_bounded() {
        use crate::validation::MAX_PATH;
        let schema = JsonSchema::compile(
            &json!({"additionalProperties": {"type": "string"}}),
            SchemaFormats::Assert,
        )
        .unwrap();
        let name = "k".repeat(10_000);
        let body = serde_json::to_vec(&json!({name.clone(): 1})).unwrap();
        let BodyCheck::Invalid(_, violations) = check(&body, Some(&schema), false, || false) else {
            panic!("expected violations");
        };
        assert!(violations[0].path.len() <= MAX_PATH + 3);
        assert!(violations[0].path.ends_with("kkk"));
    }

    #[test]
    fn bad_schemas_are_refused_with_a_location() {
        let cases = [
            (json!({"type": "integr"}), "/type"),
            (json!({"minimum": "3"}), "/minimum"),
            (json!({"$ref": "https://example.com/other.json"}), ""),
            (json!({"$ref": "#/$defs/missing"}), ""),
            (json!({"pattern": "(unclosed"}), "/pattern"),
            (
                json!({"$schema": "http://json-schema.org/draft-07/schema#"}),
                "/$schema",
            ),
        ];
        for (schema, pointer) in cases {
            let found = problems(&schema, SchemaFormats::Assert);
            assert!(!found.is_empty(), "{schema} should be refused");
            assert_eq!(found[0].pointer, pointer, "{schema}: {found:?}");
            assert!(JsonSchema::compile(&schema, SchemaFormats::Assert).is_err());
        }
        assert!(
            problems(
                &json!({"$schema": DRAFT_2020_12, "type": "object"}),
                SchemaFormats::Assert
            )
            .is_empty()
        );
        assert!(problems(&json!(true), SchemaFormats::Assert).is_empty());
    }

    /// Schemas that share compiled patterns each still check with their own: a
    /// pattern met again is the same pattern, one that failed fails again, with the
    /// same message, and the schemas' other keywords stay theirs.
    #[test]
    fn schemas_sharing_patterns_each_check_their_own_rules() {
        let patterns = Patterns::new();
        let sku = json!({"type": "string", "pattern": "^[A-Z]{3}-[0-9]+$"});
        let short_sku = json!({"type": "string", "pattern": "^[A-Z]{3}-[0-9]+$", "maxLength": 5});
        let zip = json!({"type": "string", "pattern": "^[0-9]{5}$"});
        let compile = |schema: &Value| {
            JsonSchema::compile_sharing(schema, SchemaFormats::Assert, &patterns).unwrap()
        };
        let (sku, short_sku, zip) = (compile(&sku), compile(&short_sku), compile(&zip));
        let valid = |schema: &JsonSchema, body: &[u8]| {
            matches!(
                check(body, Some(schema), false, || false),
                BodyCheck::Valid(_)
            )
        };
        assert!(valid(&sku, br#""ABC-12345""#));
        assert!(!valid(&short_sku, br#""ABC-12345""#));
        assert!(valid(&short_sku, br#""ABC-1""#));
        assert!(!valid(&sku, br#""12345""#));
        assert!(valid(&zip, br#""12345""#));
        assert!(!valid(&zip, br#""ABC-1""#));

        let broken = json!({"properties": {"a": {"pattern": "(unclosed"}}});
        let alone = JsonSchema::compile(&broken, SchemaFormats::Assert)
            .err()
            .map(|e| e.to_string());
        for _ in 0..2 {
            let shared = JsonSchema::compile_sharing(&broken, SchemaFormats::Assert, &patterns)
                .err()
                .map(|e| e.to_string());
            assert!(shared.is_some());
            assert_eq!(shared, alone);
        }
    }

    #[test]
    fn formats_are_asserted_unless_the_endpoint_ignores_them() {
        let schema = json!({"properties": {
            "email": {"format": "email"}, "when": {"format": "date-time"},
            "id": {"format": "uuid"}, "host": {"format": "ipv4"}
        }});
        let asserted = JsonSchema::compile(&schema, SchemaFormats::Assert).unwrap();
        let ignored = JsonSchema::compile(&schema, SchemaFormats::Ignore).unwrap();
        let good = br#"{"email": "a@example.com", "when": "2026-12-04T10:00:00Z",
            "id": "2f1e8a3c-1d2b-4c5d-8e9f-0a1b2c3d4e5f", "host": "10.0.0.1"}"#;
        let bad = br#"{"email": "not-an-address", "when": "yesterday",
            "id": "1234", "host": "10.0.0.256"}"#;
        assert!(matches!(
            check(good, Some(&asserted), false, || false),
            BodyCheck::Valid(_)
        ));
        let BodyCheck::Invalid(_, violations) = check(bad, Some(&asserted), false, || false) else {
            panic!("bad formats pass an asserting schema");
        };
        let mut paths: Vec<(&str, &str)> = violations
            .iter()
            .map(|v| (v.path.as_str(), v.kind.as_str()))
            .collect();
        paths.sort();
        assert_eq!(
            paths,
            [
                ("/email", "format"),
                ("/host", "format"),
                ("/id", "format"),
                ("/when", "format")
            ]
        );
        // Masked like every other message: the value stays out.
        assert!(
            violations
                .iter()
                .all(|v| !v.message.contains("not-an-address"))
        );
        assert!(matches!(
            check(bad, Some(&ignored), false, || false),
            BodyCheck::Valid(_)
        ));
    }

    #[test]
    fn an_unknown_format_is_refused_where_formats_are_asserted() {
        let schema = json!({"properties": {"mail": {"type": "string", "format": "emial"}}});
        let found = problems(&schema, SchemaFormats::Assert);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pointer, "/properties/mail/format");
        assert!(
            found[0].message.contains("`format: emial`"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("schema_formats: ignore"));
        let refused = JsonSchema::compile(&schema, SchemaFormats::Assert)
            .err()
            .unwrap();
        assert_eq!(refused, SchemaError::Json(found[0].clone()));
        assert!(problems(&schema, SchemaFormats::Ignore).is_empty());
        // Every name the docs list is one the validator checks.
        for name in CHECKED_FORMATS {
            let schema = json!({"format": name});
            assert!(
                problems(&schema, SchemaFormats::Assert).is_empty(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_document_reads_json_as_serde_json_does() {
        for text in [
            r#"{"a": [1, -2, 3.5, 1e300, 18446744073709551615, -9223372036854775808], "b": {"c": null, "d": true, "e": "\u00e9\n"}, "a": 0}"#,
            "[]",
            "{}",
            "\"text\"",
            "0",
            " [ [ [] ] ] ",
        ] {
            let expected: Value = serde_json::from_str(text).unwrap();
            let document = Document::read(text, || false).unwrap();
            assert_eq!(document.to_value(), expected, "{text}");
        }
        for bad in [
            "",
            "[1,]",
            "{\"a\" 1}",
            "[1] 2",
            "NaN",
            "\"\\ud800\"",
            "[[[[",
        ] {
            assert!(Document::read(bad, || false).is_err(), "{bad}");
            assert!(serde_json::from_str::<Value>(bad).is_err(), "{bad}");
        }
        // serde_json's nesting limit holds.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(Document::read(&deep, || false).is_err());
    }
}
