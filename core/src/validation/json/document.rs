//! A JSON body read for its schema and for a snippet's `request.json`: one flat list
//! of its values, in the body's order, strings borrowed from the body where they hold
//! no escape. Building a `serde_json::Value` allocates every name, string, array and
//! map one by one, then frees them again, and that was most of checking a body
//! against its schema. Read by the same serde_json parser, so a body is refused exactly as before, and
//! validated by jsonschema through its traits for representations of JSON
//! (`jsonschema::json`).
//!
//! What the schema sees is what a `Value` holds: numbers as serde_json reads them and,
//! when an object names a member twice, only the last one (as a `Value`'s map keeps).

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use jsonschema::JsonType;
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// A body's values, each container followed by what it holds.
#[derive(Debug)]
pub struct Document<'a> {
    entries: Vec<Entry<'a>>,
    /// The strings that held escapes, unescaped, one after the other.
    unescaped: String,
}

/// One value, or one member's name (a string, found by its place in its object).
#[derive(Debug)]
enum Entry<'a> {
    Null,
    Bool(bool),
    Number(Number),
    Str(&'a str),
    Unescaped {
        start: u32,
        len: u32,
    },
    /// The name of a member that a later member of the same name replaces: it and
    /// its value are skipped. The first of a name holds the place of the last
    /// (`JSON.parse` lists a member where its name first came): `place_of` is the
    /// index of that last member's name.
    Replaced {
        place_of: Option<u32>,
    },
    /// `end`: the index right after the container's last entry.
    Array {
        len: u32,
        end: u32,
    },
    Object {
        len: u32,
        end: u32,
    },
}

/// Above this many members, an object's names are sorted to find those named twice;
/// up to it, a name is compared with those before it when its fingerprint was seen.
const COMPARED_PAIRWISE: usize = 32;

impl<'a> Document<'a> {
    /// Reads a JSON text, as `serde_json::from_str` reads it into a `Value`, and
    /// stops, refusing it, at the first array or object past which `over_memory`
    /// says the run being prepared is past its memory limit.
    pub fn read(text: &'a str, over_memory: fn() -> bool) -> serde_json::Result<Document<'a>> {
        let mut document = Document {
            // Most bodies hold a value for every 6 to 10 bytes: reserved at once, up
            // to a bound, so that a small body grows its list once.
            entries: Vec::with_capacity((text.len() / 6 + 2).min(4096)),
            unescaped: String::new(),
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        Reader {
            document: &mut document,
            over_memory,
        }
        .deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(document)
    }

    /// The body's value.
    pub fn root(&self) -> DocumentNode<'_> {
        self.node(0)
    }

    fn node(&self, at: usize) -> DocumentNode<'_> {
        DocumentNode { document: self, at }
    }

    fn entry(&self, at: usize) -> &Entry<'a> {
        // Indices come from the document's own structure; `Null` is never reached.
        self.entries.get(at).unwrap_or(&Entry::Null)
    }

    fn unescaped(&self, start: u32, len: u32) -> &str {
        let start = start as usize;
        self.unescaped
            .get(start..start + len as usize)
            .unwrap_or("")
    }

    /// The index right after the value at `at`.
    fn after(&self, at: usize) -> usize {
        match self.entry(at) {
            Entry::Array { end, .. } | Entry::Object { end, .. } => *end as usize,
            _ => at + 1,
        }
    }

    /// The string at `at`: a string value, or a member's name (`None` for a
    /// replaced member).
    fn text(&self, at: usize) -> Option<&str> {
        match self.entry(at) {
            Entry::Str(text) => Some(text),
            Entry::Unescaped { start, len } => Some(self.unescaped(*start, *len)),
            _ => None,
        }
    }

    /// Where the names of an object's members are, in order.
    fn name_slots(&self, object: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.after(object);
        std::iter::successors(Some(object + 1), move |&name| Some(self.after(name + 1)))
            .take_while(move |&name| name < end)
    }

    /// Marks the names of an object's `members` that a later member replaces, and
    /// returns how many members are left.
    fn replace_duplicates(&mut self, object: usize, members: usize) -> usize {
        // Every name given more than once, at each of its places (other names may
        // be among them), to be put in order of name, then of place.
        let mut named: Vec<(&str, usize)> = if members <= COMPARED_PAIRWISE {
            // A 256-bit set of fingerprints: a name is compared with those before it
            // only when its fingerprint was seen already.
            let mut twice = Vec::new();
            let (mut low, mut high) = (0u128, 0u128);
            for at in self.name_slots(object) {
                let name = self.text(at).unwrap_or("");
                let print = fingerprint(name);
                let seen = if print < 128 { &mut low } else { &mut high };
                let bit = 1u128 << (print & 127);
                if *seen & bit != 0 {
                    for before in self.name_slots(object).take_while(|&before| before < at) {
                        if self.text(before) == Some(name) {
                            twice.extend([(name, before), (name, at)]);
                        }
                    }
                }
                *seen |= bit;
            }
            twice
        } else {
            self.name_slots(object)
                .map(|at| (self.text(at).unwrap_or(""), at))
                .collect()
        };
        if named.is_empty() {
            return members;
        }
        named.sort_unstable();
        named.dedup();
        // Of a run of equal names, every one but the last is replaced, and the first
        // holds the place of the last.
        let mut replaced: Vec<(usize, Option<u32>)> = Vec::new();
        for run in named.chunk_by(|a, b| a.0 == b.0) {
            if let Some(((_, last), earlier)) = run.split_last() {
                // Within the document, whose length `index` bounds.
                let last = u32::try_from(*last).unwrap_or(u32::MAX);
                replaced.extend(
                    earlier
                        .iter()
                        .enumerate()
                        .map(|(i, &(_, at))| (at, (i == 0).then_some(last))),
                );
            }
        }
        for &(at, place_of) in &replaced {
            if let Some(entry) = self.entries.get_mut(at) {
                *entry = Entry::Replaced { place_of };
            }
        }
        members - replaced.len()
    }

    /// The body as a `serde_json::Value`, as `serde_json::from_str` builds it.
    pub fn to_value(&self) -> Value {
        self.value(0)
    }

    /// The value at `at`: for error messages and the rare keyword that compares
    /// whole values.
    fn value(&self, at: usize) -> Value {
        match self.entry(at) {
            Entry::Null | Entry::Replaced { .. } => Value::Null,
            Entry::Bool(b) => Value::Bool(*b),
            Entry::Number(n) => Value::Number(n.clone()),
            Entry::Str(_) | Entry::Unescaped { .. } => {
                Value::String(self.text(at).unwrap_or_default().to_owned())
            }
            Entry::Array { .. } => Value::Array(
                self.node(at)
                    .elements()
                    .map(|element| self.value(element.at))
                    .collect(),
            ),
            Entry::Object { .. } => Value::Object(
                self.node(at)
                    .members()
                    .map(|(name, value)| (name.to_owned(), self.value(value.at)))
                    .collect(),
            ),
        }
    }
}

/// Eight bits of a name's length and its first and last bytes: cheap, and apart
/// for most names of one object.
fn fingerprint(name: &str) -> u8 {
    let bytes = name.as_bytes();
    let (first, last) = (bytes.first().copied(), bytes.last().copied());
    let mixed = (name.len() as u64)
        ^ (u64::from(first.unwrap_or(0)) << 16)
        ^ (u64::from(last.unwrap_or(0)) << 32);
    (mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as u8
}

fn index<E: serde::de::Error>(at: usize) -> Result<u32, E> {
    u32::try_from(at).map_err(|_| E::custom("the body holds too many values to validate"))
}

/// Appends one value, or one member's name, to a document.
struct Reader<'d, 'a> {
    document: &'d mut Document<'a>,
    over_memory: fn() -> bool,
}

impl<'a> Reader<'_, 'a> {
    fn push<E: serde::de::Error>(self, entry: Entry<'a>) -> Result<(), E> {
        self.document.entries.push(entry);
        Ok(())
    }

    /// Reading stops once the run being prepared is past its memory limit: a body
    /// of tiny arrays grows several times over as it is read.
    fn within_memory<E: serde::de::Error>(&self) -> Result<(), E> {
        if (self.over_memory)() {
            return Err(E::custom("over the run's memory limit"));
        }
        Ok(())
    }

    /// A reader of one more value into the same document.
    fn next(&mut self) -> Reader<'_, 'a> {
        Reader {
            document: self.document,
            over_memory: self.over_memory,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Reader<'_, 'de> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<(), E> {
        self.push(Entry::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<(), E> {
        self.push(Entry::Number(value.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<(), E> {
        self.push(Entry::Number(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<(), E> {
        // serde_json hands over finite numbers only.
        let entry = Number::from_f64(value).map_or(Entry::Null, Entry::Number);
        self.push(entry)
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<(), E> {
        self.push(Entry::Str(value))
    }

    /// A string that held escapes, unescaped by serde_json.
    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        let start = index(self.document.unescaped.len())?;
        let len = index(value.len())?;
        self.document.unescaped.push_str(value);
        self.push(Entry::Unescaped { start, len })
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.push(Entry::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut items: A) -> Result<(), A::Error> {
        self.within_memory()?;
        let at = self.document.entries.len();
        self.document.entries.push(Entry::Array { len: 0, end: 0 });
        let mut len = 0;
        while items.next_element_seed(self.next())?.is_some() {
            len += 1;
        }
        self.within_memory()?;
        let document = self.document;
        let (len, end) = (index(len)?, index(document.entries.len())?);
        if let Some(entry) = document.entries.get_mut(at) {
            *entry = Entry::Array { len, end };
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut members: A) -> Result<(), A::Error> {
        self.within_memory()?;
        let at = self.document.entries.len();
        self.document.entries.push(Entry::Object { len: 0, end: 0 });
        let mut len = 0;
        while members.next_key_seed(self.next())?.is_some() {
            members.next_value_seed(self.next())?;
            len += 1;
        }
        self.within_memory()?;
        let document = self.document;
        let end = index(document.entries.len())?;
        if let Some(entry) = document.entries.get_mut(at) {
            *entry = Entry::Object { len: 0, end };
        }
        // Once the object knows its end, its names can be walked.
        let len = index(if len > 1 {
            document.replace_duplicates(at, len)
        } else {
            len
        })?;
        if let Some(entry) = document.entries.get_mut(at) {
            *entry = Entry::Object { len, end };
        }
        Ok(())
    }
}

/// jsonschema's name for this representation.
pub struct Body;

impl Json for Body {
    type Node<'a> = DocumentNode<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    // An object's member is found by a scan of its names, so one pass over them all
    // beats a lookup per `required` name.
    const KEYS_PER_LOOKUP: usize = 1 << 20;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(DocumentNode<'_>) -> T) -> T {
        let name = Document {
            entries: vec![Entry::Str(string)],
            unescaped: String::new(),
        };
        f(name.root())
    }
}

/// A value of a [`Document`].
#[derive(Clone, Copy)]
pub struct DocumentNode<'a> {
    document: &'a Document<'a>,
    at: usize,
}

/// What a value of a [`Document`] is, for a reader outside validation: a snippet's
/// `request.json` is built from it.
pub enum Content<'a> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    Array {
        len: usize,
        elements: Elements<'a>,
    },
    /// Its members in the order `JSON.parse` gives them: each name where it first
    /// comes, with the value of its last member.
    Object {
        len: usize,
        members: ParsedMembers<'a>,
    },
}

impl<'a> DocumentNode<'a> {
    /// What this value is, its contents for a container.
    pub fn content(&self) -> Content<'a> {
        match self.entry() {
            Entry::Null | Entry::Replaced { .. } => Content::Null,
            Entry::Bool(b) => Content::Bool(*b),
            Entry::Number(number) => Content::Number(number),
            Entry::Str(_) | Entry::Unescaped { .. } => Content::String(self.text().unwrap_or("")),
            Entry::Array { len, .. } => Content::Array {
                len: *len as usize,
                elements: self.elements(),
            },
            Entry::Object { len, .. } => {
                let (next, end) = self.contents();
                Content::Object {
                    len: *len as usize,
                    members: ParsedMembers {
                        document: self.document,
                        next,
                        end,
                        moved: BinaryHeap::new(),
                    },
                }
            }
        }
    }

    fn entry(&self) -> &'a Entry<'a> {
        self.document.entry(self.at)
    }

    fn text(&self) -> Option<&'a str> {
        self.document.text(self.at)
    }

    /// The entries of a container, from its first to right after its last.
    fn contents(&self) -> (usize, usize) {
        (self.at + 1, self.document.after(self.at))
    }

    fn members(&self) -> Members<'a> {
        let (next, end) = self.contents();
        Members {
            document: self.document,
            next,
            end,
        }
    }

    fn elements(&self) -> Elements<'a> {
        let (next, end) = self.contents();
        Elements {
            document: self.document,
            next,
            end,
        }
    }
}

impl<'a> Node<'a, Body> for DocumentNode<'a> {
    type Object = DocumentNode<'a>;
    type Array = DocumentNode<'a>;
    type Number = &'a Number;

    fn as_object(&self) -> Option<DocumentNode<'a>> {
        matches!(self.entry(), Entry::Object { .. }).then_some(*self)
    }

    fn as_array(&self) -> Option<DocumentNode<'a>> {
        matches!(self.entry(), Entry::Array { .. }).then_some(*self)
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.text().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self.entry() {
            Entry::Number(number) => Some(number),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.entry() {
            Entry::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.entry(), Entry::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.entry() {
            Entry::Null | Entry::Replaced { .. } => JsonType::Null,
            Entry::Bool(_) => JsonType::Boolean,
            Entry::Number(_) => JsonType::Number,
            Entry::Str(_) | Entry::Unescaped { .. } => JsonType::String,
            Entry::Array { .. } => JsonType::Array,
            Entry::Object { .. } => JsonType::Object,
        }
    }

    fn string_length_within(&self, min: u64, max: u64) -> Option<bool> {
        let text = self.text()?;
        // A code point takes one to four bytes: the byte length often decides.
        let bytes = text.len() as u64;
        if bytes < min || bytes.div_ceil(4) > max {
            return Some(false);
        }
        if min <= bytes.div_ceil(4) && bytes <= max {
            return Some(true);
        }
        Some((min..=max).contains(&(text.chars().count() as u64)))
    }

    fn equals_value(&self, expected: &Value) -> bool {
        match (self.entry(), expected) {
            (Entry::Null, Value::Null) => true,
            (Entry::Bool(b), Value::Bool(e)) => b == e,
            (Entry::Str(_) | Entry::Unescaped { .. }, Value::String(e)) => {
                self.text() == Some(e.as_str())
            }
            (Entry::Number(n), Value::Number(e)) => jsonschema::json::cmp::equal_numbers(n, e),
            (Entry::Array { .. } | Entry::Object { .. }, _) => {
                jsonschema::json::cmp::equal(&self.to_value(), expected)
            }
            _ => false,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(self.document.value(self.at))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::tagged(
            std::ptr::from_ref(self.document) as usize,
            // A document's entries are counted in `u32` (`index`).
            self.at as u32,
        ))
    }
}

impl<'a> Object<'a, Body> for DocumentNode<'a> {
    type Node = DocumentNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        match self.entry() {
            Entry::Object { len, .. } => *len as usize,
            _ => 0,
        }
    }

    fn get(&self, key: &String) -> Option<DocumentNode<'a>> {
        DocumentNode::members(self)
            .find(|(name, _)| *name == key)
            .map(|(_, value)| value)
    }

    fn members(&self) -> Members<'a> {
        DocumentNode::members(self)
    }
}

impl<'a> Array<'a, Body> for DocumentNode<'a> {
    type Node = DocumentNode<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        match self.entry() {
            Entry::Array { len, .. } => *len as usize,
            _ => 0,
        }
    }

    fn elements(&self) -> Elements<'a> {
        DocumentNode::elements(self)
    }

    fn is_unique(&self) -> bool {
        // Strings alone, the common case, compared as they are; anything else as
        // values, as jsonschema compares them.
        let mut texts: Vec<&str> = Vec::with_capacity(Array::len(self));
        for element in DocumentNode::elements(self) {
            match element.text() {
                Some(text) => texts.push(text),
                None => {
                    let values: Vec<Value> = DocumentNode::elements(self)
                        .map(|element| self.document.value(element.at))
                        .collect();
                    return jsonschema::json::unique::is_unique(&values);
                }
            }
        }
        texts.sort_unstable();
        texts
            .windows(2)
            .all(|pair| !matches!(pair, [a, b] if a == b))
    }
}

/// An object's members in the body's order, those replaced skipped.
pub struct Members<'a> {
    document: &'a Document<'a>,
    next: usize,
    end: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, DocumentNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.end {
            let name = self.next;
            let value = name + 1;
            self.next = self.document.after(value);
            if let Some(text) = self.document.text(name) {
                return Some((text, self.document.node(value)));
            }
        }
        None
    }
}

/// An object's members as `JSON.parse` lists them: a name given twice stands where it
/// first came, with the value of its last member.
pub struct ParsedMembers<'a> {
    document: &'a Document<'a>,
    next: usize,
    end: usize,
    /// The names of last members given already, where their names first came: each
    /// lies ahead, so the least is the next one met.
    moved: BinaryHeap<Reverse<usize>>,
}

impl<'a> Iterator for ParsedMembers<'a> {
    type Item = (&'a str, DocumentNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.end {
            let name = self.next;
            self.next = self.document.after(name + 1);
            let last = match self.document.entry(name) {
                Entry::Replaced { place_of: None } => continue,
                Entry::Replaced {
                    place_of: Some(last),
                } => {
                    let last = *last as usize;
                    self.moved.push(Reverse(last));
                    last
                }
                _ if self.moved.peek() == Some(&Reverse(name)) => {
                    self.moved.pop();
                    continue;
                }
                _ => name,
            };
            if let Some(text) = self.document.text(last) {
                return Some((text, self.document.node(last + 1)));
            }
        }
        None
    }
}

/// An array's elements in order.
pub struct Elements<'a> {
    document: &'a Document<'a>,
    next: usize,
    end: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = DocumentNode<'a>;

    fn next(&mut self) -> Option<DocumentNode<'a>> {
        if self.next >= self.end {
            return None;
        }
        let at = self.next;
        self.next = self.document.after(at);
        Some(self.document.node(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SchemaFormats;
    use crate::validation::json::{JsonSchema, check};
    use crate::validation::{BodyCheck, Violation};
    use serde_json::json;

    /// Bodies with every kind of value, escapes, names given twice (in small objects
    /// and in large ones, escaped and not), and thousands of mangled variants.
    fn bodies() -> Vec<Vec<u8>> {
        let many = |n: usize, twice: &[usize]| {
            let mut members: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
            for &i in twice {
                members.push(format!("\"k{i}\": \"again {i}\""));
            }
            format!("{{{}}}", members.join(", "))
        };
        let mut bodies: Vec<Vec<u8>> = [
            &b"null"[..],
            b"[]",
            b"{}",
            b"-0",
            b"1e400",
            b"18446744073709551616",
            b"-9223372036854775809",
            br#""\ud83e\udd80 caf\u00e9""#,
            br#"{"a": 1, "a": "two"}"#,
            br#"{"a": 1, "\u0061": [2], "b": {"a": 3, "a": 4}, "a": null}"#,
            br#"{"x": {"y": [1, {"z": "\n"}, []], "y": {}}, "w": [[[]]]}"#,
            br#"{"": 1, "": 2}"#,
            br#"{"a":1,}"#,
            b"[1] [2]",
        ]
        .iter()
        .map(|b| b.to_vec())
        .collect();
        bodies.push(many(40, &[]).into_bytes());
        bodies.push(many(40, &[3, 39, 3]).into_bytes());
        bodies.push(many(20, &[0, 19]).into_bytes());
        let order = br#"{"id": 12, "items": [{"sku": "ABC", "qty": 2.5e1, "tags": ["a", "b", "a"]}, {"sku": "D\u00e9F", "sku": "DEF"}], "note": null, "ok": true, "id": 13}"#;
        let pieces: [&[u8]; 10] = [
            b"{",
            b"}",
            b"[",
            b"]",
            b"\"",
            b",",
            b":",
            b"\\",
            b"1",
            b"\"id\": ",
        ];
        bodies.extend(crate::validation::mangled(
            order,
            &pieces,
            0x2545_f491_4f6c_dd1d,
            5_000,
        ));
        bodies
    }

    /// A document holds what a `Value` holds, and is refused with the same message.
    #[test]
    fn a_document_holds_what_a_value_holds() {
        let mut read = 0;
        for body in bodies() {
            let Ok(text) = std::str::from_utf8(&body) else {
                continue;
            };
            match (
                Document::read(text, || false),
                serde_json::from_str::<Value>(text),
            ) {
                (Ok(document), Ok(value)) => {
                    read += 1;
                    assert_eq!(document.to_value(), value, "{text}");
                }
                (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string()),
                (ours, theirs) => panic!("{text}: {:?} against {theirs:?}", ours.err()),
            }
        }
        assert!(read > 300, "only {read} bodies were JSON");
    }

    /// Violations in one order, and the names a message lists too: a document
    /// lists unexpected members in the body's order, a `Value` by name.
    fn sorted(mut violations: Vec<Violation>) -> Vec<Violation> {
        for violation in &mut violations {
            let message = &violation.message;
            let Some(open) = message.find('(') else {
                continue;
            };
            if let Some(close) = message.rfind(" were unexpected)") {
                let mut names: Vec<&str> = message[open + 1..close].split(", ").collect();
                names.sort_unstable();
                violation.message = format!(
                    "{}{}{}",
                    &message[..=open],
                    names.join(", "),
                    &message[close..]
                );
            } else if message.ends_with('…') {
                // Cut short: the names listed depend on their order.
                violation.message = message[..=open].to_string();
            }
        }
        violations
            .sort_by(|a, b| (&a.path, &a.kind, &a.message).cmp(&(&b.path, &b.kind, &b.message)));
        violations
    }

    /// What the validator answers for a document is what it answers for the same
    /// body parsed into a `Value`: validity and every violation, for schemas that use
    /// every kind of keyword.
    #[test]
    fn a_document_is_validated_as_its_value_is() {
        let schemas = [
            json!({
                "type": "object",
                "required": ["id", "items"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1, "multipleOf": 1},
                    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}},
                    "note": {"type": ["string", "null"], "maxLength": 5},
                    "ok": {"const": true}
                },
                "additionalProperties": false,
                "$defs": {"item": {
                    "type": "object",
                    "required": ["sku"],
                    "properties": {
                        "sku": {"type": "string", "pattern": "^[A-Z]{3}$", "minLength": 3},
                        "qty": {"type": "number", "exclusiveMinimum": 0},
                        "tags": {"type": "array", "uniqueItems": true, "maxItems": 2}
                    }
                }}
            }),
            json!({
                "propertyNames": {"maxLength": 2},
                "patternProperties": {"^k[0-9]$": {"type": "integer"}},
                "unevaluatedProperties": {"type": "string"},
                "dependentRequired": {"a": ["b"]},
                "minProperties": 1,
                "maxProperties": 30
            }),
            json!({
                "if": {"type": "array"},
                "then": {"prefixItems": [{"enum": [1, "1", [1], {"a": 1}]}], "contains": {"type": "object"}, "uniqueItems": true},
                "else": {"not": {"type": "null"}, "anyOf": [{"type": "object"}, {"enum": [-0.0, 18446744073709551615_u64]}]}
            }),
            json!({"items": {"oneOf": [{"type": "string"}, {"const": {"sku": "DEF"}}]}, "minItems": 1}),
        ];
        let mut invalid = 0;
        for schema in &schemas {
            let ours = JsonSchema::compile(schema, SchemaFormats::Assert).unwrap();
            let reference = jsonschema::draft202012::new(schema).unwrap();
            for body in bodies() {
                let Ok(value) = serde_json::from_slice::<Value>(&body) else {
                    continue;
                };
                let expected: Vec<Violation> = reference
                    .iter_errors(&value)
                    .map(|error| {
                        Violation::new(
                            error.kind().keyword(),
                            error.instance_path().as_str(),
                            &error.masked_with("the value").to_string(),
                        )
                    })
                    .collect();
                let found = match check(&body, Some(&ours), true, || false) {
                    BodyCheck::Valid(kept) => {
                        assert_eq!(kept.map(|kept| kept.to_value()), Some(value.clone()));
                        Vec::new()
                    }
                    BodyCheck::Invalid(kept, found) => {
                        assert_eq!(kept.map(|kept| kept.to_value()), Some(value.clone()));
                        invalid += 1;
                        found
                    }
                    BodyCheck::Malformed(v) => panic!("{v:?}"),
                };
                assert_eq!(
                    sorted(found),
                    sorted(expected),
                    "{schema} against {}",
                    String::from_utf8_lossy(&body)
                );
            }
        }
        assert!(invalid > 100, "only {invalid} bodies failed a schema");
    }

    /// The last member of a name is the one checked, whichever object size.
    #[test]
    fn a_name_given_twice_is_checked_by_its_last_value() {
        let schema = JsonSchema::compile(
            &json!({"properties": {"k3": {"type": "integer"}}}),
            SchemaFormats::Assert,
        )
        .unwrap();
        let valid = |body: &str| {
            matches!(
                check(body.as_bytes(), Some(&schema), false, || false),
                BodyCheck::Valid(None)
            )
        };
        assert!(valid(r#"{"k3": "x", "k3": 3}"#));
        assert!(!valid(r#"{"k3": 3, "k3": "x"}"#));
        assert!(!valid(r#"{"k3": 3, "k\u0033": "x"}"#));
        let wide = |last: &str| {
            // The first `k3` fails the schema: only the last one counts.
            let members: Vec<String> = (0..100)
                .map(|i| match i {
                    3 => "\"k3\": \"x\"".to_string(),
                    _ => format!("\"k{i}\": {i}"),
                })
                .collect();
            format!("{{{}, \"k3\": {last}}}", members.join(", "))
        };
        assert!(valid(&wide("4")));
        assert!(!valid(&wide("\"x\"")));
    }
}
