//! XML bodies: well-formedness (well_formed.rs), then an XSD 1.0 schema, with fastxml.
//!
//! A body is refused, as it is read, for what no API body needs and an attacker
//! would use: a DOCTYPE (refused before its internal subset is read, so no entity is
//! declared: no XXE, no entity expansion) and nesting deeper than [`MAX_DEPTH`].
//! fastxml holds an XSD, and a body it validates, to the same limits. Only UTF-8 is
//! read. A schema is one self-contained document from the bundle: it may not
//! include, import or redefine other documents, so validation reads nothing but the
//! body and the bundle.

use std::cell::RefCell;
use std::sync::Arc;

use fastxml::DocumentLimits;
use fastxml::parser::error::ParseError;
use fastxml::schema::xsd::facets::FacetConstraints;
use fastxml::schema::{NoopFetcher, Schema, WarmValidator};
use quick_xml::events::Event;

use super::{BodyCheck, MAX_VIOLATIONS, SchemaError, Violation};

mod well_formed;

/// Deepest element nesting a body may have.
pub const MAX_DEPTH: usize = 256;

/// What fastxml holds an XSD, and a body it validates, to as it reads it.
const LIMITS: DocumentLimits = DocumentLimits {
    max_depth: Some(MAX_DEPTH),
    forbid_doctype: true,
};

const XSD_NAMESPACE: &[u8] = b"http://www.w3.org/2001/XMLSchema";

/// Names a kept validator may have interned before it is thrown away. Each
/// distinct element or attribute name a body brings stays in the validator
/// with what it memoized under it: the bound keeps bodies full of invented
/// names from growing it without end. The schema's own names are far fewer.
const MAX_INTERNED_NAMES: usize = 4_096;

/// An XSD compiled for validation.
pub struct XmlSchema {
    schema: Arc<Schema>,
    /// The validator of the last body, with what it learned of the schema:
    /// learning it costs many times the validation of a small body.
    warm: RefCell<Option<WarmValidator>>,
}

impl XmlSchema {
    /// Compiles an XSD of the bundle; refuses one that would be checked only in part.
    pub fn compile(xsd: &str) -> Result<XmlSchema, SchemaError> {
        if let Some(problem) = audit(xsd).into_iter().next() {
            return Err(SchemaError::Xsd(problem));
        }
        compile_schema(xsd)
            .map(|schema| XmlSchema {
                schema: Arc::new(schema),
                warm: RefCell::new(None),
            })
            .map_err(SchemaError::Xsd)
    }

    /// Validates a body with the kept validator, or a new one if none is kept
    /// (or it is in use, which a nested call would be).
    fn validate(&self, body: &[u8]) -> fastxml::error::Result<fastxml::schema::Report> {
        let Ok(mut kept) = self.warm.try_borrow_mut() else {
            return self.validator().validate(body);
        };
        let warm = kept.get_or_insert_with(|| self.validator());
        let report = warm.validate(body);
        if warm.interned_names() > MAX_INTERNED_NAMES {
            *kept = None;
        }
        report
    }

    fn validator(&self) -> WarmValidator {
        WarmValidator::new(Arc::clone(&self.schema))
            .max_errors(MAX_VIOLATIONS)
            .limits(LIMITS)
    }

    /// Names the kept validator holds (0 when none is kept).
    #[cfg(test)]
    fn interned_names(&self) -> usize {
        self.warm
            .borrow()
            .as_ref()
            .map_or(0, WarmValidator::interned_names)
    }
}

fn compile_schema(xsd: &str) -> Result<Schema, String> {
    Schema::builder()
        .add("request_content_schema.xsd", xsd.as_bytes().to_vec())
        .resolve_with(&NoopFetcher)
        .map_err(|e| format!("the XSD does not compile: {e}"))
}

/// The element names of XSD 1.0: anything else in its namespace is a typo that
/// fastxml would silently skip.
const XSD_ELEMENTS: &[&str] = &[
    "all",
    "annotation",
    "any",
    "anyAttribute",
    "appinfo",
    "attribute",
    "attributeGroup",
    "choice",
    "complexContent",
    "complexType",
    "documentation",
    "element",
    "enumeration",
    "extension",
    "field",
    "fractionDigits",
    "group",
    "import",
    "include",
    "key",
    "keyref",
    "length",
    "list",
    "maxExclusive",
    "maxInclusive",
    "maxLength",
    "minExclusive",
    "minInclusive",
    "minLength",
    "notation",
    "pattern",
    "redefine",
    "restriction",
    "schema",
    "selector",
    "sequence",
    "simpleContent",
    "simpleType",
    "totalDigits",
    "union",
    "unique",
    "whiteSpace",
];

/// The kinds of top-level components a QName attribute refers to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Component {
    Type,
    Element,
    Attribute,
    Group,
    AttributeGroup,
}

impl Component {
    fn declared_by(element: &[u8]) -> Option<Component> {
        Some(match element {
            b"complexType" | b"simpleType" => Component::Type,
            b"element" => Component::Element,
            b"attribute" => Component::Attribute,
            b"group" => Component::Group,
            b"attributeGroup" => Component::AttributeGroup,
            _ => return None,
        })
    }

    fn noun(self) -> &'static str {
        match self {
            Component::Type => "type",
            Component::Element => "element",
            Component::Attribute => "attribute",
            Component::Group => "group",
            Component::AttributeGroup => "attribute group",
        }
    }
}

/// The attributes whose value names a component, by the element they sit on.
fn references(element: &[u8]) -> &'static [(&'static [u8], Component)] {
    match element {
        b"element" => &[
            (b"type", Component::Type),
            (b"ref", Component::Element),
            (b"substitutionGroup", Component::Element),
        ],
        b"attribute" => &[(b"type", Component::Type), (b"ref", Component::Attribute)],
        b"restriction" | b"extension" => &[(b"base", Component::Type)],
        b"list" => &[(b"itemType", Component::Type)],
        b"union" => &[(b"memberTypes", Component::Type)],
        b"group" => &[(b"ref", Component::Group)],
        b"attributeGroup" => &[(b"ref", Component::AttributeGroup)],
        _ => &[],
    }
}

/// Every problem of an XSD, for the compiler and the loader: not well-formed, a
/// DOCTYPE, a reference to another document, an element or component reference the
/// validator would silently skip, a pattern it cannot run, or a schema fastxml does
/// not compile. A schema is refused rather than checked in part.
pub fn problems(xsd: &str) -> Vec<String> {
    let mut found = audit(xsd);
    if found.is_empty()
        && let Err(reason) = compile_schema(xsd)
    {
        found.push(reason);
    }
    found
}

/// The checks of [`problems`] that come before fastxml compiles the schema.
fn audit(xsd: &str) -> Vec<String> {
    // An XSD is held to what a body is: the same reader decides it is well-formed.
    let xsd = xsd.strip_prefix('\u{FEFF}').unwrap_or(xsd);
    if let Err(refusal) = well_formed::check(xsd, MAX_DEPTH) {
        let reason = refusal.describe(xsd, "it");
        return vec![format!("the XSD is not usable XML: {reason}")];
    }
    let mut found = Vec::new();
    let mut declared = std::collections::BTreeSet::new();
    let mut referenced = Vec::new();
    let mut target_namespace: Option<Vec<u8>> = None;
    let mut reader = quick_xml::NsReader::from_str(xsd);
    // Depth of the element being read; inside xs:annotation anything goes.
    let mut depth = 0usize;
    let mut annotation_depth: Option<usize> = None;
    loop {
        let (namespace, element, empty) = match reader.read_resolved_event() {
            Ok((namespace, Event::Start(e))) => (namespace, e, false),
            Ok((namespace, Event::Empty(e))) => (namespace, e, true),
            Ok((_, Event::End(_))) => {
                if annotation_depth == Some(depth) {
                    annotation_depth = None;
                }
                depth = depth.saturating_sub(1);
                continue;
            }
            Ok((_, Event::Eof)) => break,
            Ok(_) => continue,
            Err(e) => return vec![format!("the XSD is not well-formed XML: {e}")],
        };
        depth += 1;
        let in_xsd = matches!(&namespace, quick_xml::name::ResolveResult::Bound(ns) if ns.as_ref() == XSD_NAMESPACE);
        let local = element.local_name().as_ref().to_vec();
        let name = String::from_utf8_lossy(&local).into_owned();
        let attribute = |key: &[u8]| {
            element
                .try_get_attribute(key)
                .ok()
                .flatten()
                .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
        };
        if annotation_depth.is_none() && in_xsd {
            if !XSD_ELEMENTS.contains(&name.as_str()) {
                found.push(format!("xs:{name} is not an element of XSD 1.0"));
            }
            if local == b"annotation" && !empty {
                annotation_depth = Some(depth);
            }
            if depth == 1 && local == b"schema" {
                target_namespace = attribute(b"targetNamespace").map(String::into_bytes);
            }
            if depth == 2
                && let (Some(kind), Some(component)) =
                    (Component::declared_by(&local), attribute(b"name"))
            {
                declared.insert((kind, component));
            }
            for (key, kind) in references(&local) {
                for qname in attribute(key).unwrap_or_default().split_whitespace() {
                    let (resolved, local_name) =
                        reader.resolve_element(quick_xml::name::QName(qname.as_bytes()));
                    let namespace = match resolved {
                        quick_xml::name::ResolveResult::Bound(ns) => Some(ns.as_ref().to_vec()),
                        quick_xml::name::ResolveResult::Unbound => None,
                        quick_xml::name::ResolveResult::Unknown(prefix) => {
                            found.push(format!(
                                "{qname:?} uses the prefix {:?}, which is not declared",
                                String::from_utf8_lossy(&prefix)
                            ));
                            continue;
                        }
                    };
                    // Components of this schema; built-ins and other namespaces are
                    // fastxml's to resolve (it refuses unknown ones).
                    if namespace == target_namespace && namespace.as_deref() != Some(XSD_NAMESPACE)
                    {
                        let component = String::from_utf8_lossy(local_name.as_ref()).into_owned();
                        referenced.push((*kind, component, qname.to_string()));
                    }
                }
            }
            match local.as_slice() {
                b"include" | b"redefine" | b"override" => found.push(format!(
                    "xs:{name} refers to another document: put the whole schema in one document (nothing is fetched at run time)"
                )),
                b"import" if attribute(b"schemaLocation").is_some() => found.push(
                    "xs:import with a schemaLocation refers to another document: put the whole schema in one document (nothing is fetched at run time)".to_string(),
                ),
                b"pattern" => {
                    if let Some(pattern) = attribute(b"value") {
                        let mut constraints =
                            FacetConstraints::new().with_pattern(pattern.clone());
                        let compiled = constraints.compile_patterns().is_ok()
                            && constraints.compiled_patterns.len() == 1;
                        if !compiled {
                            found.push(format!(
                                "xs:pattern {pattern:?} uses a regular-expression construct the validator cannot run"
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        if empty {
            depth -= 1;
        }
    }
    for (kind, component, qname) in referenced {
        if !declared.contains(&(kind, component)) {
            found.push(format!(
                "{qname:?} names no top-level {} of this schema",
                kind.noun()
            ));
        }
    }
    if !declared.iter().any(|(kind, _)| *kind == Component::Element) {
        found.push("the schema declares no top-level element, so no body could be valid".into());
    }
    found
}

/// The body as text: UTF-8, without its byte order mark.
fn utf8_text(body: &[u8]) -> Result<&str, Violation> {
    let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    std::str::from_utf8(text).map_err(|_| malformed("the body is not UTF-8: send XML in UTF-8"))
}

/// Why fastxml refused `document` (a body, or an XSD): a broken limit in its own
/// words, any other error as not well-formed.
fn refused(error: fastxml::Error, document: &str) -> String {
    match error {
        fastxml::Error::Parse(ParseError::Forbidden { message }) => message,
        error => format!("{document} is not well-formed XML: {error}"),
    }
}

fn malformed(message: impl AsRef<str>) -> Violation {
    Violation::new("xml_invalid", "", message.as_ref())
}

/// Checks an XML body: well-formed, then valid against `schema`, if any.
pub fn check(body: &[u8], schema: Option<&XmlSchema>) -> BodyCheck<()> {
    // Every body is read by the reader of well_formed.rs first, so that one reading
    // decides what is well-formed, with a schema or without; the XSD validator,
    // which lets a few of its rules pass, reads only the bodies the reader accepted.
    let checked = utf8_text(body).and_then(|text| {
        well_formed::check(text, MAX_DEPTH)
            .map_err(|refusal| malformed(refusal.describe(text, "the body")))
    });
    if let Err(violation) = checked {
        return BodyCheck::Malformed(violation);
    }
    let Some(schema) = schema else {
        return BodyCheck::Valid(());
    };
    match schema.validate(body) {
        Err(error) => BodyCheck::Malformed(malformed(refused(error, "the body"))),
        Ok(report) if report.is_valid() => BodyCheck::Valid(()),
        Ok(report) => BodyCheck::Invalid(
            (),
            report
                .errors()
                .into_iter()
                .take(MAX_VIOLATIONS)
                .map(|error| {
                    Violation::new(
                        "xml_schema",
                        &element_path(error.element_path().unwrap_or("/"), &error.message),
                        &error.message,
                    )
                })
                .collect(),
        ),
    }
}

/// The path of the element a violation is about. fastxml reports a text-content
/// violation at the parent's path and names the element in the message
/// (`element 'id': ...`): that element is appended.
fn element_path(path: &str, message: &str) -> String {
    let named = message
        .split_once("element '")
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(name, _)| name);
    let last = path.rsplit('/').next().unwrap_or("");
    let last = last.split('[').next().unwrap_or(last);
    match named {
        Some(name) if !name.is_empty() && name != last && !name.contains('/') => {
            format!("{}/{name}", path.trim_end_matches('/'))
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER_XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="order"><xs:complexType><xs:sequence>
    <xs:element name="id" type="xs:int"/>
    <xs:element name="item" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="sku"><xs:simpleType><xs:restriction base="xs:string">
        <xs:pattern value="[A-Z]{3}-[0-9]+"/></xs:restriction></xs:simpleType></xs:element>
      <xs:element name="qty" type="xs:positiveInteger"/>
    </xs:sequence></xs:complexType></xs:element>
  </xs:sequence><xs:attribute name="currency" type="xs:string" use="required"/></xs:complexType></xs:element>
</xs:schema>"#;

    fn schema() -> XmlSchema {
        XmlSchema::compile(ORDER_XSD).unwrap()
    }

    /// An XSD is read by the same reader as a body: with a byte order mark, and
    /// refused where it breaks a rule, in lines and columns the author can find.
    #[test]
    fn an_xsd_is_held_to_the_rules_a_body_is() {
        assert!(XmlSchema::compile(&format!("\u{FEFF}{ORDER_XSD}")).is_ok());
        let broken = ORDER_XSD.replacen("\n", "\n<!-- x --->", 1);
        let found = problems(&broken);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("the XSD is not usable XML: it is not well-formed XML: '--' is not allowed inside a comment (line 2, column 8)"),
            "{found:?}"
        );
    }

    #[test]
    fn valid_documents_pass() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<order currency="EUR"><id>12</id><item><sku>ABC-1</sku><qty>2</qty></item></order>"#;
        assert!(matches!(check(body, Some(&schema())), BodyCheck::Valid(())));
        assert!(matches!(check(b"<any/>", None), BodyCheck::Valid(())));
    }

    #[test]
    fn every_violation_is_reported_with_its_element_path() {
        let body = br#"<order><id>x</id><item><sku>abc</sku><qty>-2</qty></item><bogus/></order>"#;
        let BodyCheck::Invalid((), violations) = check(body, Some(&schema())) else {
            panic!("expected violations");
        };
        assert!(violations.len() >= 4, "{violations:?}");
        assert!(violations.iter().all(|v| v.kind == "xml_schema"));
        let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
        assert!(paths.contains(&"/order/bogus"), "{paths:?}");
        assert!(
            paths.iter().any(|p| p.starts_with("/order/item")),
            "{paths:?}"
        );
    }

    #[test]
    fn malformed_and_refused_documents() {
        let cases: [&[u8]; 9] = [
            b"",
            b"<order>",
            b"<a></b>",
            b"<a>&undeclared;</a>",
            br#"<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>"#,
            br#"<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>"#,
            b"<a/><b/>",
            b"\xff\xfe<\x00a\x00/\x00>\x00",
            br#"<?xml version="1.0" encoding="ISO-8859-1"?><a/>"#,
        ];
        for body in cases {
            for schema in [None, Some(schema())] {
                let BodyCheck::Malformed(violation) = check(body, schema.as_ref()) else {
                    panic!("{:?} should be refused", String::from_utf8_lossy(body));
                };
                assert_eq!(violation.kind, "xml_invalid");
            }
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(matches!(
            check(deep(MAX_DEPTH).as_bytes(), None),
            BodyCheck::Valid(())
        ));
        // An empty element counts as a level too.
        let empty_at_the_bottom = format!(
            "{}<b/>{}",
            "<a>".repeat(MAX_DEPTH),
            "</a>".repeat(MAX_DEPTH)
        );
        for body in [deep(MAX_DEPTH + 1), deep(100_000), empty_at_the_bottom] {
            for schema in [None, Some(schema())] {
                let BodyCheck::Malformed(violation) = check(body.as_bytes(), schema.as_ref())
                else {
                    panic!("{} bytes of nesting are too deep", body.len());
                };
                assert_eq!(
                    violation.message,
                    format!("elements are nested deeper than {MAX_DEPTH} levels")
                );
            }
        }
    }

    /// A DOCTYPE is well-formed, and refused for what it could declare: the answer
    /// says so, whether or not the endpoint has a schema, and wherever it stands.
    #[test]
    fn a_doctype_is_refused_as_such() {
        for body in [
            &br#"<!DOCTYPE a [<!ENTITY x "boom">]><a>&x;</a>"#[..],
            br#"<?xml version="1.0"?><!-- c --><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>"#,
            br#"<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>"#,
        ] {
            for schema in [None, Some(schema())] {
                let BodyCheck::Malformed(violation) = check(body, schema.as_ref()) else {
                    panic!("{:?} should be refused", String::from_utf8_lossy(body));
                };
                assert_eq!(
                    violation.message,
                    "DOCTYPE declarations are not accepted (no DTDs, no entities)"
                );
            }
        }
    }

    #[test]
    fn schemas_are_checked_whole() {
        assert!(problems(ORDER_XSD).is_empty());
        let with = |inner: &str| {
            format!(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{inner}</xs:schema>"#)
        };
        for (xsd, expected) in [
            (
                with(r#"<xs:include schemaLocation="other.xsd"/>"#),
                "another document",
            ),
            (
                with(r#"<xs:import namespace="urn:x" schemaLocation="http://example.com/x.xsd"/>"#),
                "another document",
            ),
            (
                with(r#"<xs:element name="a" type="missing"/>"#),
                "names no top-level type",
            ),
            (
                with(r#"<xs:element name="a" type="xs:nosuch"/>"#),
                "does not compile",
            ),
            (
                with(r#"<xs:elemnt name="a"/>"#),
                "not an element of XSD 1.0",
            ),
            (with(""), "no top-level element"),
            (with(r#"<xs:element name="a" type="p:t"/>"#), "not declared"),
            (
                with(
                    r#"<xs:element name="a"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="\p{IsNoSuchBlock}"/></xs:restriction></xs:simpleType></xs:element>"#,
                ),
                "cannot run",
            ),
            ("<xs:schema".to_string(), "not usable XML"),
            (
                r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>"#.to_string(),
                "not usable XML",
            ),
        ] {
            let found = problems(&xsd);
            assert!(
                found.iter().any(|p| p.contains(expected)),
                "{xsd}: {found:?}"
            );
            // A schema is no body: the author reads of the XSD.
            assert!(
                found.iter().all(|p| !p.contains("the body is")),
                "{found:?}"
            );
            assert!(XmlSchema::compile(&xsd).is_err());
        }
    }

    /// Whether fastxml's parser, which read bodies without a schema before the
    /// filter's own reader, takes `body` as well-formed.
    fn well_formed_to_fastxml(body: &[u8]) -> bool {
        utf8_text(body).is_ok() && fastxml::Parser::from(body).parse().is_ok()
    }

    /// A panic in the filter kills the VM and every request on its worker: mangled
    /// documents must come back as answers, never as panics.
    #[test]
    fn mangled_documents_never_panic() {
        let schema = schema();
        let original = br#"<?xml version="1.0"?><order currency="EUR"><id>12</id><item><sku>ABC-1</sku><qty>2</qty></item><!-- c --><![CDATA[x]]></order>"#;
        let pieces: [&[u8]; 12] = [
            b"<", b">", b"/", b"&", b";", b"\"", b"'", b"=", b"<!", b"]]>", b"&#0;", b"\xff",
        ];
        for body in crate::validation::mangled(original, &pieces, 0x2545_f491_4f6c_dd1d, 3000) {
            let kept = answer(check(&body, Some(&schema)));
            // The kept validator answers as one made for this body alone.
            if let Some(kept) = kept {
                assert_eq!(
                    Some(kept),
                    answer_of_a_fresh_validator(&body, &schema),
                    "{}",
                    String::from_utf8_lossy(&body)
                );
            }
            // Well-formedness alone refuses exactly what the full parser refuses
            // (these bodies are shallow and hold no DOCTYPE, the limits' business).
            assert_eq!(
                matches!(check(&body, None), BodyCheck::Valid(())),
                well_formed_to_fastxml(&body),
                "{}",
                String::from_utf8_lossy(&body)
            );
        }
    }

    /// What a validator made for this body alone answers.
    fn answer_of_a_fresh_validator(body: &[u8], schema: &XmlSchema) -> Option<Vec<String>> {
        let report = fastxml::schema::Validator::from(body)
            .schema(Arc::clone(&schema.schema))
            .max_errors(MAX_VIOLATIONS)
            .run()
            .ok()?;
        Some(
            report
                .errors()
                .iter()
                .take(MAX_VIOLATIONS)
                .map(|e| Violation::new("xml_schema", "", &e.message).message)
                .collect(),
        )
    }

    fn answer(check: BodyCheck<()>) -> Option<Vec<String>> {
        match check {
            BodyCheck::Valid(()) => Some(Vec::new()),
            BodyCheck::Invalid((), violations) => {
                Some(violations.into_iter().map(|v| v.message).collect())
            }
            BodyCheck::Malformed(_) => None,
        }
    }

    const ITEMS_XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="items"><xs:complexType><xs:sequence>
    <xs:element name="item" maxOccurs="unbounded"><xs:complexType>
      <xs:attribute name="id" type="xs:ID" use="required"/>
      <xs:attribute name="ref" type="xs:IDREF"/>
    </xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;

    /// The validator is kept from one body to the next for what it learned of
    /// the schema; nothing of a body (its IDs, errors, open elements) may reach
    /// the next one.
    #[test]
    fn nothing_of_one_body_reaches_the_next() {
        let schema = XmlSchema::compile(ITEMS_XSD).unwrap();
        let valid: &[u8] = br#"<items><item id="a"/><item id="b" ref="a"/></items>"#;
        for _ in 0..3 {
            // The same IDs again: not duplicates of the last body's.
            assert!(matches!(check(valid, Some(&schema)), BodyCheck::Valid(())));
        }
        // `a` was declared by the bodies before, not by this one.
        let dangling: &[u8] = br#"<items><item id="b" ref="a"/></items>"#;
        let BodyCheck::Invalid((), violations) = check(dangling, Some(&schema)) else {
            panic!("an IDREF to an ID of an earlier body must not resolve");
        };
        assert!(
            violations.iter().any(|v| v.message.contains("IDREF")),
            "{violations:?}"
        );
        // A body cut off inside an element, then one with an undeclared child.
        let cut: &[u8] = br#"<items><item id="a"/><item id="b""#;
        assert!(matches!(check(cut, Some(&schema)), BodyCheck::Malformed(_)));
        let undeclared: &[u8] = br#"<items><item id="a"/><nope/></items>"#;
        let BodyCheck::Invalid((), violations) = check(undeclared, Some(&schema)) else {
            panic!("undeclared element");
        };
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert!(matches!(check(valid, Some(&schema)), BodyCheck::Valid(())));
        assert!(schema.interned_names() > 0, "the validator is kept");
    }

    /// The kept validator remembers what it resolved of each anonymous type (its
    /// attributes, its children's types) by that type: two anonymous types
    /// declaring the same names differently must never share it.
    #[test]
    fn anonymous_types_keep_their_own_declarations_from_body_to_body() {
        let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="root"><xs:complexType><xs:sequence>
    <xs:element name="a" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="v" type="xs:integer"/>
    </xs:sequence><xs:attribute name="n" type="xs:integer"/></xs:complexType></xs:element>
    <xs:element name="b" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="v" type="xs:boolean"/>
    </xs:sequence><xs:attribute name="n"><xs:simpleType><xs:restriction base="xs:string">
      <xs:pattern value="[a-z]+"/>
    </xs:restriction></xs:simpleType></xs:attribute></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
        let schema = XmlSchema::compile(xsd).unwrap();
        let cases: [(&[u8], bool); 6] = [
            (
                br#"<root><a n="12"><v>3</v></a><b n="xy"><v>true</v></b></root>"#,
                true,
            ),
            (br#"<root><a n="xy"><v>3</v></a></root>"#, false),
            (br#"<root><b n="12"><v>true</v></b></root>"#, false),
            (br#"<root><a n="1"><v>true</v></a></root>"#, false),
            (br#"<root><b n="x"><v>3</v></b></root>"#, false),
            (
                br#"<root><a><v>-4</v></a><b n="x"><v>false</v></b></root>"#,
                true,
            ),
        ];
        for _ in 0..3 {
            for (body, valid) in cases {
                let kept = answer(check(body, Some(&schema)));
                assert_eq!(
                    kept.as_ref().map(Vec::is_empty),
                    Some(valid),
                    "{}: {kept:?}",
                    String::from_utf8_lossy(body)
                );
                assert_eq!(kept, answer_of_a_fresh_validator(body, &schema));
            }
        }
    }

    /// Each distinct name a body brings stays in the kept validator: past a
    /// bound, it is thrown away, so invented names cannot grow it for ever.
    #[test]
    fn invented_names_do_not_grow_the_kept_validator_without_end() {
        let schema = schema();
        for round in 0..20 {
            let names: String = (0..1_000).map(|i| format!("<n{round}x{i}/>")).collect();
            let body = format!(r#"<order currency="EUR"><id>1</id>{names}</order>"#);
            assert!(matches!(
                check(body.as_bytes(), Some(&schema)),
                BodyCheck::Invalid((), _)
            ));
            assert!(
                schema.interned_names() <= MAX_INTERNED_NAMES,
                "{}",
                schema.interned_names()
            );
        }
        let valid: &[u8] = br#"<order currency="EUR"><id>12</id><item><sku>ABC-1</sku><qty>2</qty></item></order>"#;
        assert!(matches!(check(valid, Some(&schema)), BodyCheck::Valid(())));
    }

    #[test]
    fn paths_and_messages_built_from_long_names_are_bounded() {
        use crate::validation::{MAX_MESSAGE, MAX_PATH};
        let schema = XmlSchema::compile(ORDER_XSD).unwrap();
        let name = "n".repeat(5_000);
        let nested = format!("<{name}>").repeat(200) + &format!("</{name}>").repeat(200);
        let body = format!("<order>{nested}</order>");
        let BodyCheck::Invalid((), violations) = check(body.as_bytes(), Some(&schema)) else {
            panic!("must be invalid");
        };
        for violation in &violations {
            assert!(
                violation.path.len() <= MAX_PATH + 3,
                "{}",
                violation.path.len()
            );
            assert!(violation.message.len() <= MAX_MESSAGE + 3);
        }
        let BodyCheck::Malformed(violation) = check(format!("<{name}>").as_bytes(), None) else {
            panic!("must be malformed");
        };
        assert!(violation.message.len() <= MAX_MESSAGE + 3);
    }
}
