//! Well-formedness of an XML body, in one reading of its bytes that builds nothing.
//!
//! Every body is read here before any XSD. fastxml checks well-formedness too as it
//! validates, but it turns every tag into an event with its names and attributes
//! first: without a schema, that cost three times what the rest of the request did.
//! This reader checks XML 1.0 and Namespaces in XML 1.0 with fastxml's classes of
//! name characters, and three rules fastxml lets pass (white space between
//! attributes, no comment ending in `--->`, namespace names read with their
//! references replaced). A DOCTYPE, nesting deeper than the limit and an XML
//! declaration naming an encoding other than UTF-8 are refused as they come.

use std::borrow::Cow;
use std::collections::HashMap;

use fastxml::parser::{is_name_char, is_name_start_char};

/// The namespace the prefix `xml` is bound to, and only it.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of `xmlns` attributes, which no prefix may be bound to.
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// Names longer than this are cut short in messages.
const SHOWN_NAME_CHARS: usize = 64;

/// Why a body was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The body breaks a rule of XML at byte `offset`.
    NotWellFormed { offset: usize, message: String },
    /// The body is XML the filter does not accept: a DOCTYPE, nesting past the
    /// limit, an encoding other than UTF-8.
    Refused(String),
}

impl Refusal {
    /// The refusal as its reader reads it, with the line and column of a broken
    /// rule; `document` names what `text` is ("the body").
    pub fn describe(&self, text: &str, document: &str) -> String {
        match self {
            Refusal::Refused(message) => message.clone(),
            Refusal::NotWellFormed { offset, message } => {
                let before = text.get(..*offset).unwrap_or(text);
                let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
                let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
                let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
                format!(
                    "{document} is not well-formed XML: {message} (line {line}, column {column})"
                )
            }
        }
    }
}

/// Checks that `text` is one well-formed XML document, no deeper than `max_depth`.
pub fn check(text: &str, max_depth: usize) -> Result<(), Refusal> {
    Reader::new(text, max_depth).document()
}

/// Where a name or value lies in the text.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// The part of `text` it covers; spans lie on character boundaries.
    fn of(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// An element whose end tag has not come yet.
struct Open {
    name: Span,
    /// How many namespace declarations were in scope before its start tag.
    declared_before: usize,
}

#[derive(Clone, Copy)]
struct Attribute {
    name: Span,
    value: Span,
    /// The value holds a reference or a tab or line break, which a namespace's
    /// name is read with.
    escaped: bool,
}

/// The prefixes declared by the open elements.
#[derive(Default)]
struct Scope<'a> {
    /// Each declared prefix's namespaces, innermost last; made at the first
    /// declaration, since most bodies have none.
    bindings: Option<HashMap<&'a str, Vec<Cow<'a, str>>>>,
    /// The prefixes in the order they were declared, to undo an element's.
    declared: Vec<&'a str>,
}

impl<'a> Scope<'a> {
    fn bind(&mut self, prefix: &'a str, namespace: Cow<'a, str>) {
        self.bindings
            .get_or_insert_with(HashMap::new)
            .entry(prefix)
            .or_default()
            .push(namespace);
        self.declared.push(prefix);
    }

    /// Forgets the declarations made after the first `count`.
    fn unbind_to(&mut self, count: usize) {
        while self.declared.len() > count {
            let Some(prefix) = self.declared.pop() else {
                break;
            };
            if let Some(namespaces) = self
                .bindings
                .as_mut()
                .and_then(|bindings| bindings.get_mut(prefix))
            {
                namespaces.pop();
            }
        }
    }

    fn resolve(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NAMESPACE);
        }
        self.bindings
            .as_ref()?
            .get(prefix)?
            .last()
            .map(AsRef::as_ref)
    }
}

/// Outside the document element, or after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Prolog,
    Epilog,
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    max_depth: usize,
    open: Vec<Open>,
    /// The attributes of the start tag being read.
    attributes: Vec<Attribute>,
    scope: Scope<'a>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, max_depth: usize) -> Reader<'a> {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            max_depth,
            open: Vec::new(),
            attributes: Vec::new(),
            scope: Scope::default(),
        }
    }

    /// `document ::= prolog element Misc*`, the prolog without a DOCTYPE.
    fn document(&mut self) -> Result<(), Refusal> {
        if self.at_declaration() {
            self.declaration()?;
        }
        self.misc(Place::Prolog)?;
        if self.peek().is_none() {
            return Err(self.malformed("the document has no element"));
        }
        self.element()?;
        self.misc(Place::Epilog)?;
        // The epilog ends at the end of the text, or at markup it cannot hold.
        match (self.peek(), self.peek_at(1)) {
            (None, _) => Ok(()),
            (_, Some(b)) if is_name_start_byte(b) => {
                Err(self.malformed("a document has one element: this one comes after it"))
            }
            _ => Err(self.malformed("this markup is not allowed after the document element")),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    fn looking_at(&self, expected: &[u8]) -> bool {
        self.bytes
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(expected))
    }

    fn str(&self, span: Span) -> &'a str {
        span.of(self.text)
    }

    fn malformed(&self, message: impl Into<String>) -> Refusal {
        malformed_at(self.at, message)
    }

    /// Skips white space; whether there was any.
    fn skip_space(&mut self) -> bool {
        let start = self.at;
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
        self.at > start
    }

    fn at_declaration(&self) -> bool {
        self.looking_at(b"<?xml") && self.peek_at(5).is_some_and(is_space)
    }

    /// `XMLDecl ::= '<?xml' VersionInfo EncodingDecl? SDDecl? S? '?>'`.
    fn declaration(&mut self) -> Result<(), Refusal> {
        self.at += "<?xml".len();
        self.skip_space();
        if !self.looking_at(b"version") {
            return Err(self.malformed("the XML declaration begins with version=\"1.0\""));
        }
        self.at += "version".len();
        let version = self.pseudo_attribute("version")?;
        let valid_version = version
            .strip_prefix("1.")
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        if !valid_version {
            return Err(self.malformed(format!("XML version {} is not 1.x", shown(version))));
        }
        let mut spaced = self.skip_space();
        if spaced && self.looking_at(b"encoding") {
            self.at += "encoding".len();
            let encoding = self.pseudo_attribute("encoding")?;
            if !is_encoding_name(encoding) {
                return Err(self.malformed(format!("{} is not an encoding name", shown(encoding))));
            }
            let encoding = encoding.to_ascii_lowercase();
            if encoding != "utf-8" && encoding != "us-ascii" {
                return Err(Refusal::Refused(format!(
                    "the document declares encoding {}: send XML in UTF-8",
                    shown(&encoding)
                )));
            }
            spaced = self.skip_space();
        }
        if spaced && self.looking_at(b"standalone") {
            self.at += "standalone".len();
            let standalone = self.pseudo_attribute("standalone")?;
            if standalone != "yes" && standalone != "no" {
                return Err(self.malformed("standalone is \"yes\" or \"no\""));
            }
            self.skip_space();
        }
        if !self.looking_at(b"?>") {
            return Err(self.malformed("the XML declaration holds version, encoding and standalone, in that order, and ends with '?>'"));
        }
        self.at += 2;
        Ok(())
    }

    /// `Eq` and a quoted value in the XML declaration.
    fn pseudo_attribute(&mut self, name: &str) -> Result<&'a str, Refusal> {
        self.skip_space();
        if self.peek() != Some(b'=') {
            return Err(self.malformed(format!("expected '=' after {name}")));
        }
        self.at += 1;
        self.skip_space();
        let Some(quote @ (b'"' | b'\'')) = self.peek() else {
            return Err(self.malformed(format!("the value of {name} is quoted")));
        };
        self.at += 1;
        let start = self.at;
        while self.peek().is_some_and(|b| b != quote && b != b'>') {
            self.at += 1;
        }
        if self.peek() != Some(quote) {
            return Err(self.malformed(format!("the value of {name} has no closing quote")));
        }
        let value = self.str(Span {
            start,
            end: self.at,
        });
        self.at += 1;
        Ok(value)
    }

    /// White space, comments and processing instructions, up to the document
    /// element (in the prolog) or the end (in the epilog).
    fn misc(&mut self, place: Place) -> Result<(), Refusal> {
        loop {
            self.skip_space();
            match (self.peek(), self.peek_at(1)) {
                (None, _) => return Ok(()),
                (Some(b'<'), Some(b'?')) => self.processing_instruction()?,
                (Some(b'<'), Some(b'!')) if self.looking_at(b"<!--") => self.comment()?,
                (Some(b'<'), Some(b'!')) if self.looking_at(b"<!DOCTYPE") => {
                    return Err(Refusal::Refused(
                        "DOCTYPE declarations are not accepted (no DTDs, no entities)".into(),
                    ));
                }
                (Some(b'<'), _) => return Ok(()),
                (Some(_), _) if place == Place::Prolog => {
                    return Err(self.malformed("text before the document element"));
                }
                (Some(_), _) => return Err(self.malformed("text after the document element")),
            }
        }
    }

    /// The document element and everything in it.
    fn element(&mut self) -> Result<(), Refusal> {
        self.start_tag()?;
        while !self.open.is_empty() {
            self.text_until_markup()?;
            match self.peek_at(1) {
                Some(b'/') => self.end_tag()?,
                Some(b'?') => self.processing_instruction()?,
                Some(b'!') if self.looking_at(b"<!--") => self.comment()?,
                Some(b'!') if self.looking_at(b"<![CDATA[") => self.cdata()?,
                Some(b'!') => {
                    return Err(self.malformed("'<!' starts neither a comment nor a CDATA section"));
                }
                _ => self.start_tag()?,
            }
        }
        Ok(())
    }

    /// Character data and references, up to the next '<'.
    fn text_until_markup(&mut self) -> Result<(), Refusal> {
        loop {
            self.at += self.run_of(&PLAIN_TEXT);
            let Some(b) = self.peek() else {
                let name = self.open.last().map_or("", |open| self.str(open.name));
                return Err(self.malformed(format!(
                    "the document ends before the end tag </{}>",
                    shown(name)
                )));
            };
            match b {
                b'<' => return Ok(()),
                b'&' => self.reference()?,
                b']' if self.looking_at(b"]]>") => {
                    return Err(self.malformed("']]>' is not allowed in text"));
                }
                b']' => self.at += 1,
                _ => self.suspect_character()?,
            }
        }
    }

    /// `STag` or `EmptyElemTag`, its attributes and namespaces.
    fn start_tag(&mut self) -> Result<(), Refusal> {
        let tag = self.at;
        self.at += 1;
        let name = self.name("an element name after '<'")?;
        self.attributes.clear();
        let empty = loop {
            let spaced = self.skip_space();
            match self.peek() {
                Some(b'>') => {
                    self.at += 1;
                    break false;
                }
                Some(b'/') if self.peek_at(1) == Some(b'>') => {
                    self.at += 2;
                    break true;
                }
                None => {
                    return Err(malformed_at(
                        tag,
                        format!("the start tag <{}> is not closed", shown(self.str(name))),
                    ));
                }
                Some(_) if !spaced => {
                    return Err(self.malformed("expected white space, '>' or '/>'"));
                }
                Some(_) => self.attribute()?,
            }
        };
        self.unique_attributes()?;
        let declared_before = self.scope.declared.len();
        declare_namespaces(self.text, &self.attributes, &mut self.scope)?;
        check_prefixes(self.text, name, &self.attributes, &self.scope)?;
        if self.open.len() >= self.max_depth {
            return Err(Refusal::Refused(format!(
                "elements are nested deeper than {} levels",
                self.max_depth
            )));
        }
        if empty {
            self.scope.unbind_to(declared_before);
        } else {
            self.open.push(Open {
                name,
                declared_before,
            });
        }
        Ok(())
    }

    /// `Attribute ::= Name Eq AttValue`.
    fn attribute(&mut self) -> Result<(), Refusal> {
        let name = self.name("an attribute name")?;
        self.skip_space();
        if self.peek() != Some(b'=') {
            return Err(self.malformed(format!(
                "expected '=' after the attribute name {}",
                shown(self.str(name))
            )));
        }
        self.at += 1;
        self.skip_space();
        let Some(quote @ (b'"' | b'\'')) = self.peek() else {
            return Err(self.malformed("an attribute value is quoted with \" or '"));
        };
        self.at += 1;
        let start = self.at;
        let mut escaped = false;
        loop {
            self.at += self.run_of(&PLAIN_VALUE);
            let Some(b) = self.peek() else {
                return Err(malformed_at(
                    start,
                    "the attribute value has no closing quote",
                ));
            };
            match b {
                b'"' | b'\'' if b == quote => break,
                b'"' | b'\'' => self.at += 1,
                b'<' => return Err(self.malformed("'<' is not allowed in an attribute value")),
                b'&' => {
                    escaped = true;
                    self.reference()?;
                }
                b'\t' | b'\n' | b'\r' => {
                    escaped = true;
                    self.at += 1;
                }
                _ => self.suspect_character()?,
            }
        }
        let value = Span {
            start,
            end: self.at,
        };
        self.at += 1;
        self.attributes.push(Attribute {
            name,
            value,
            escaped,
        });
        Ok(())
    }

    /// No attribute is given twice in one tag (`Unique Att Spec`).
    fn unique_attributes(&self) -> Result<(), Refusal> {
        let name = |i: usize| {
            let attribute = self.attributes.get(i)?;
            Some((self.str(attribute.name), attribute.name.start))
        };
        match first_repeated(self.attributes.len(), name) {
            Some((name, offset)) => Err(malformed_at(
                offset,
                format!("the attribute {} is given twice", shown(name)),
            )),
            None => Ok(()),
        }
    }

    /// `ETag ::= '</' Name S? '>'`, which closes the innermost open element.
    fn end_tag(&mut self) -> Result<(), Refusal> {
        let tag = self.at;
        self.at += 2;
        let name = self.name("an element name after '</'")?;
        self.skip_space();
        if self.peek() != Some(b'>') {
            return Err(self.malformed("expected '>' to end the end tag"));
        }
        self.at += 1;
        let Some(open) = self.open.pop() else {
            return Err(malformed_at(tag, "an end tag with no start tag"));
        };
        if self.str(open.name) != self.str(name) {
            return Err(malformed_at(
                tag,
                format!(
                    "the end tag </{}> does not end <{}>",
                    shown(self.str(name)),
                    shown(self.str(open.name))
                ),
            ));
        }
        self.scope.unbind_to(open.declared_before);
        Ok(())
    }

    /// `Comment ::= '<!--' ((Char - '-') | ('-' (Char - '-')))* '-->'`.
    fn comment(&mut self) -> Result<(), Refusal> {
        let start = self.at;
        self.at += "<!--".len();
        self.characters_until(b"--", start, "the comment is not closed with '-->'")?;
        if self.peek() != Some(b'>') {
            return Err(malformed_at(
                self.at - 2,
                "'--' is not allowed inside a comment",
            ));
        }
        self.at += 1;
        Ok(())
    }

    /// `PI ::= '<?' PITarget (S (Char* - (Char* '?>' Char*)))? '?>'`.
    fn processing_instruction(&mut self) -> Result<(), Refusal> {
        let start = self.at;
        self.at += 2;
        let target = self.name("a processing-instruction target after '<?'")?;
        let target = self.str(target);
        if target.eq_ignore_ascii_case("xml") {
            return Err(malformed_at(
                start,
                "a processing instruction is not named 'xml': the XML declaration comes first in the document, <?xml version=\"1.0\"?>",
            ));
        }
        if target.contains(':') {
            return Err(malformed_at(
                start,
                "a processing-instruction target has no ':'",
            ));
        }
        if self.looking_at(b"?>") {
            self.at += 2;
            return Ok(());
        }
        if !self.skip_space() {
            return Err(self.malformed(
                "expected white space or '?>' after the processing-instruction target",
            ));
        }
        self.characters_until(
            b"?>",
            start,
            "the processing instruction is not closed with '?>'",
        )
    }

    /// `CDSect ::= '<![CDATA[' (Char* - (Char* ']]>' Char*)) ']]>'`.
    fn cdata(&mut self) -> Result<(), Refusal> {
        let start = self.at;
        self.at += "<![CDATA[".len();
        self.characters_until(b"]]>", start, "the CDATA section is not closed with ']]>'")
    }

    /// Characters XML allows, up to and past `end`; the section that began at
    /// `start` is `unclosed` if the text ends first.
    fn characters_until(
        &mut self,
        end: &[u8],
        start: usize,
        unclosed: &str,
    ) -> Result<(), Refusal> {
        loop {
            if self.looking_at(end) {
                self.at += end.len();
                return Ok(());
            }
            match self.peek() {
                None => return Err(malformed_at(start, unclosed)),
                Some(b) if CHARACTER_SUSPECTS.contains(b) => self.suspect_character()?,
                Some(_) => self.at += 1,
            }
        }
    }

    /// `Reference`: one of the five predefined entities (a body has no DTD to
    /// declare others) or a character reference to a character XML allows.
    fn reference(&mut self) -> Result<(), Refusal> {
        let start = self.at;
        self.at += 1;
        if self.peek() == Some(b'#') {
            self.at += 1;
            let radix = if self.peek() == Some(b'x') {
                self.at += 1;
                16
            } else {
                10
            };
            let digits = self.at;
            let mut value: u32 = 0;
            while let Some(digit) = self.peek().and_then(|b| char::from(b).to_digit(radix)) {
                value = value.saturating_mul(radix).saturating_add(digit);
                self.at += 1;
            }
            if self.at == digits || self.peek() != Some(b';') {
                return Err(malformed_at(
                    start,
                    "a character reference is &#DIGITS; or &#xHEX;",
                ));
            }
            self.at += 1;
            if !char::from_u32(value).is_some_and(is_xml_char) {
                return Err(malformed_at(
                    start,
                    "the character reference names a character XML does not allow",
                ));
            }
            return Ok(());
        }
        let name = self.name("an entity name after '&' (write '&' as &amp;)")?;
        if self.peek() != Some(b';') {
            return Err(self.malformed("an entity reference ends with ';'"));
        }
        self.at += 1;
        match self.str(name) {
            "lt" | "gt" | "amp" | "apos" | "quot" => Ok(()),
            other => Err(malformed_at(
                start,
                format!(
                    "the entity &{}; is not declared: a body has no DTD, so only &lt; &gt; &amp; &apos; &quot; and character references are known",
                    shown(other)
                ),
            )),
        }
    }

    /// A byte [`CHARACTER_SUSPECTS`] holds: a control character XML does not allow,
    /// or the first byte of U+FFFE or U+FFFF, which it does not allow either.
    fn suspect_character(&mut self) -> Result<(), Refusal> {
        let Some(c) = self.char_here() else {
            return Err(self.malformed("the text is cut inside a character"));
        };
        if !is_xml_char(c) {
            return Err(self.malformed(format!(
                "the character U+{:04X} is not allowed in XML",
                u32::from(c)
            )));
        }
        self.at += c.len_utf8();
        Ok(())
    }

    /// `Name`, read up to the first character that cannot be in one.
    fn name(&mut self, expected: &str) -> Result<Span, Refusal> {
        let start = self.at;
        match self.peek() {
            Some(b) if NAME_STARTS.contains(b) => self.at += 1,
            Some(b) if !b.is_ascii() => match self.char_here() {
                Some(c) if is_name_start_char(c) => self.at += c.len_utf8(),
                _ => return Err(self.malformed(format!("expected {expected}"))),
            },
            _ => return Err(self.malformed(format!("expected {expected}"))),
        }
        loop {
            // ASCII name characters in one run; past ASCII, a character at a time.
            self.at += self.run_of(&NAME_CHARACTERS);
            if self.peek().is_none_or(|b| b.is_ascii()) {
                break;
            }
            match self.char_here() {
                Some(c) if is_name_char(c) => self.at += c.len_utf8(),
                _ => break,
            }
        }
        Ok(Span {
            start,
            end: self.at,
        })
    }

    /// How many bytes from here are of `class`.
    fn run_of(&self, class: &ByteClass) -> usize {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        rest.iter()
            .position(|&b| !class.contains(b))
            .unwrap_or(rest.len())
    }

    fn char_here(&self) -> Option<char> {
        self.text.get(self.at..)?.chars().next()
    }
}

/// Binds the prefixes a start tag declares, checking each declaration
/// (Namespaces in XML 1.0, section 3): they hold for the element that makes them.
fn declare_namespaces<'a>(
    text: &'a str,
    attributes: &[Attribute],
    scope: &mut Scope<'a>,
) -> Result<(), Refusal> {
    for attribute in attributes {
        let name = attribute.name.of(text);
        let offset = attribute.name.start;
        if name == "xmlns" {
            let namespace = attribute_value(text, *attribute);
            if namespace == XML_NAMESPACE || namespace == XMLNS_NAMESPACE {
                return Err(malformed_at(
                    offset,
                    "the default namespace is neither the xml nor the xmlns namespace",
                ));
            }
        } else if let Some(prefix) = name.strip_prefix("xmlns:") {
            let namespace = attribute_value(text, *attribute);
            let problem = if !is_ncname(prefix) {
                Some(format!("{} is not a namespace prefix", shown(prefix)))
            } else if prefix == "xmlns" {
                Some("the prefix xmlns is never declared".to_string())
            } else if (prefix == "xml") != (namespace == XML_NAMESPACE) {
                Some("the prefix xml is bound to the xml namespace, and no other prefix is".into())
            } else if namespace == XMLNS_NAMESPACE {
                Some("no prefix is bound to the xmlns namespace".into())
            } else if namespace.is_empty() {
                Some(format!(
                    "the prefix {} is declared with an empty namespace, which XML 1.0 does not allow",
                    shown(prefix)
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(malformed_at(offset, problem));
            }
            scope.bind(prefix, namespace);
        }
    }
    Ok(())
}

/// The element's name and its attributes' are QNames with declared prefixes, and
/// no two attributes have the same local name in the same namespace.
fn check_prefixes(
    text: &str,
    element: Span,
    attributes: &[Attribute],
    scope: &Scope<'_>,
) -> Result<(), Refusal> {
    let name = element.of(text);
    if let Some((prefix, _)) = qname(name, element.start)?
        && scope.resolve(prefix).is_none()
    {
        return Err(malformed_at(
            element.start,
            format!(
                "the prefix {} of the element {} is not declared",
                shown(prefix),
                shown(name)
            ),
        ));
    }
    let mut expanded = Vec::new();
    for attribute in attributes {
        let name = attribute.name.of(text);
        if name.starts_with("xmlns:") {
            continue;
        }
        let Some((prefix, local)) = qname(name, attribute.name.start)? else {
            continue;
        };
        let Some(namespace) = scope.resolve(prefix) else {
            return Err(malformed_at(
                attribute.name.start,
                format!(
                    "the prefix {} of the attribute {} is not declared",
                    shown(prefix),
                    shown(name)
                ),
            ));
        };
        expanded.push(((namespace, local), attribute.name.start));
    }
    match first_repeated(expanded.len(), |i| expanded.get(i).copied()) {
        Some(((_, local), offset)) => Err(malformed_at(
            offset,
            format!(
                "two attributes named {} are in the same namespace",
                shown(local)
            ),
        )),
        None => Ok(()),
    }
}

/// A QName's prefix and local part, `None` for a name without a prefix.
fn qname(name: &str, offset: usize) -> Result<Option<(&str, &str)>, Refusal> {
    // Names are short: a plain loop finds the colon sooner than a memchr would.
    let Some(colon) = name.bytes().position(|b| b == b':') else {
        return Ok(None);
    };
    let (prefix, local) = (
        name.get(..colon).unwrap_or(""),
        name.get(colon + 1..).unwrap_or(""),
    );
    if prefix.is_empty() || !is_ncname(local) {
        return Err(malformed_at(
            offset,
            format!(
                "{} is not a name with a namespace prefix (prefix:name)",
                shown(name)
            ),
        ));
    }
    Ok(Some((prefix, local)))
}

/// The first of `count` items given a second time, with the place of that second,
/// in n log n whatever the items.
fn first_repeated<T: Ord + Copy>(
    count: usize,
    item: impl Fn(usize) -> Option<(T, usize)>,
) -> Option<(T, usize)> {
    const PAIRWISE_UP_TO: usize = 16;
    if count <= PAIRWISE_UP_TO {
        return (1..count).find_map(|i| {
            let (later, offset) = item(i)?;
            (0..i)
                .any(|j| item(j).is_some_and(|(earlier, _)| earlier == later))
                .then_some((later, offset))
        });
    }
    let mut sorted: Vec<(T, usize)> = (0..count).filter_map(item).collect();
    sorted.sort_unstable();
    sorted
        .windows(2)
        .filter_map(|pair| match pair {
            [(a, _), (b, later)] if a == b => Some((*b, *later)),
            _ => None,
        })
        .min_by_key(|&(_, offset)| offset)
}

/// An attribute's value as a namespace's name: references replaced, and each tab
/// or line break read as a space (XML 1.0, 3.3.3).
fn attribute_value(text: &str, attribute: Attribute) -> Cow<'_, str> {
    let raw = attribute.value.of(text);
    if !attribute.escaped {
        return Cow::Borrowed(raw);
    }
    let mut value = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        match c {
            '\t' | '\n' | '\r' => {
                value.push(' ');
                rest = rest.get(1..).unwrap_or("");
            }
            '&' => {
                let Some((reference, after)) = rest.get(1..).and_then(|r| r.split_once(';')) else {
                    break; // the reader checked every reference
                };
                value.push(referenced(reference));
                rest = after;
            }
            c => {
                value.push(c);
                rest = rest.get(c.len_utf8()..).unwrap_or("");
            }
        }
    }
    Cow::Owned(value)
}

/// The character a checked reference (without '&' and ';') stands for.
fn referenced(reference: &str) -> char {
    let number = match reference.strip_prefix("#x") {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => reference
            .strip_prefix('#')
            .and_then(|decimal| decimal.parse().ok()),
    };
    if let Some(number) = number {
        return char::from_u32(number).unwrap_or(char::REPLACEMENT_CHARACTER);
    }
    match reference {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        _ => '"',
    }
}

fn malformed_at(offset: usize, message: impl Into<String>) -> Refusal {
    Refusal::NotWellFormed {
        offset,
        message: message.into(),
    }
}

/// A name from the body as a message shows it: quoted, and cut short if long.
fn shown(name: &str) -> String {
    match name.char_indices().nth(SHOWN_NAME_CHARS) {
        Some((cut, _)) => format!("'{}…'", name.get(..cut).unwrap_or("")),
        None => format!("'{name}'"),
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// `Char`: what a UTF-8 text can hold but for most C0 controls, U+FFFE and U+FFFF.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn is_name_start_byte(b: u8) -> bool {
    !b.is_ascii() || NAME_STARTS.contains(b)
}

/// A `Name` without ':'.
fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c != ':' && is_name_start_char(c))
        && chars.all(|c| c != ':' && is_name_char(c))
}

/// `EncName ::= [A-Za-z] ([A-Za-z0-9._] | '-')*`.
fn is_encoding_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// A set of bytes, looked up in one step.
struct ByteClass([bool; 256]);

#[allow(clippy::indexing_slicing)] // a byte indexes one of 256 entries
impl ByteClass {
    const EMPTY: ByteClass = ByteClass([false; 256]);

    fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte)]
    }

    /// The bytes not in this class.
    const fn complement(mut self) -> ByteClass {
        let mut i = 0;
        while i < 256 {
            self.0[i] = !self.0[i];
            i += 1;
        }
        self
    }

    /// This class and the bytes of `list`, at compile time.
    const fn with(mut self, list: &[u8]) -> ByteClass {
        let mut i = 0;
        while i < list.len() {
            self.0[list[i] as usize] = true;
            i += 1;
        }
        self
    }
}

/// Bytes that may begin a character XML does not allow, in UTF-8: the C0 controls
/// but tab, line feed and carriage return, and 0xEF, with which U+FFFE and U+FFFF
/// begin. Every other character of a UTF-8 text is allowed.
const CHARACTER_SUSPECTS: ByteClass = ByteClass::EMPTY.with(
    b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0B\x0C\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E\x1F\xEF",
);

/// Where character data needs a look: markup, a reference, a possible `]]>`.
const TEXT_STOPS: ByteClass = CHARACTER_SUSPECTS.with(b"<&]");
const PLAIN_TEXT: ByteClass = TEXT_STOPS.complement();

/// Where an attribute value needs a look: its end, '<', a reference, and the
/// white space a namespace's name is read with.
const VALUE_STOPS: ByteClass = CHARACTER_SUSPECTS.with(b"\"'<&\t\n\r");
const PLAIN_VALUE: ByteClass = VALUE_STOPS.complement();

/// ASCII name start characters: letters, '_' and ':'.
const NAME_STARTS: ByteClass =
    ByteClass::EMPTY.with(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:");

/// ASCII name characters: the start characters, digits, '-' and '.'.
const NAME_CHARACTERS: ByteClass = NAME_STARTS.with(b"0123456789-.");

#[cfg(test)]
mod tests;
