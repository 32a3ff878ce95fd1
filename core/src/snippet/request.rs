//! The `request` global, built with only the parts a snippet reads.
//!
//! Which parts a snippet reads is found once, when the bundle loads, by a conservative
//! scan of its source: `request.headers`, `request?.query`, `request["body"]` name a
//! part; any other use of `request` (passed whole, destructured, aliased) needs all of
//! them. The engine fills a [`RequestView`] with those parts; the program turns it
//! into the JavaScript object, from a template per set of parts.

use std::borrow::Cow;

use boa_engine::object::ObjectInitializer;
use boa_engine::object::builtins::JsArray;
use boa_engine::object::shape::ObjectTemplate;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsNativeError, JsResult, JsString, JsValue};
use serde_json::{Map, Value};

use super::{HostObject, interrupt, is_identifier_char, js_number, js_value, whole_names};
use crate::validation::json::{Content, Document, DocumentNode};

/// The parts of `request` made only for a snippet that reads them; `method`, `path`
/// and `caller` are always there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    pub params: bool,
    pub query: bool,
    pub headers: bool,
    pub body: bool,
    pub json: bool,
    pub form: bool,
    pub csv: bool,
}

impl Needs {
    pub const ALL: Needs = Needs {
        params: true,
        query: true,
        headers: true,
        body: true,
        json: true,
        form: true,
        csv: true,
    };

    /// Scans a snippet for the parts of `request` it reads.
    pub fn of(code: &str) -> Needs {
        // `arguments[0]` is `request` under another name.
        if whole_names(code, "arguments").next().is_some() {
            return Needs::ALL;
        }
        let mut needs = Needs::default();
        for (start, end) in whole_names(code, "request") {
            // A property of something else (`x.request`): not the global.
            if code[..start].ends_with('.') {
                continue;
            }
            match accessed_part(code[end..].trim_start()) {
                Some(part) => needs.add(part),
                None => return Needs::ALL,
            }
        }
        needs
    }

    fn add(&mut self, part: &str) {
        match part {
            "params" => self.params = true,
            "query" => self.query = true,
            "headers" => self.headers = true,
            "body" => self.body = true,
            "json" => self.json = true,
            "form" => self.form = true,
            "csv" => self.csv = true,
            _ => {} // always there, or not a part at all
        }
    }
}

/// The part named right after `request`: `.name`, `?.name`, `["name"]`, `['name']`.
fn accessed_part(rest: &str) -> Option<&str> {
    fn identifier(text: &str) -> Option<&str> {
        let text = text.trim_start();
        let length = text
            .find(|c: char| !is_identifier_char(c))
            .unwrap_or(text.len());
        (length > 0).then(|| &text[..length])
    }
    if let Some(after) = rest.strip_prefix("?.") {
        return identifier(after);
    }
    if let Some(after) = rest.strip_prefix('.') {
        return identifier(after);
    }
    let inside = rest.strip_prefix('[')?.trim_start();
    let quote = inside.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let name = &inside[1..];
    let close = name.find(quote)?;
    name[close + 1..]
        .trim_start()
        .starts_with(']')
        .then(|| &name[..close])
}

/// The `request` global as host data: the parts its snippet reads, each converted to
/// JavaScript once, straight into the object the snippet gets.
/// It borrows from the request, so nothing is copied on the way to JavaScript.
#[derive(Debug)]
pub struct RequestView<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub params: Option<&'a [(String, String)]>,
    pub query: Option<Value>,
    pub headers: Option<Map<String, Value>>,
    pub body: Option<Cow<'a, str>>,
    /// The JSON body as read for its check (`null` when there is none).
    pub json: Option<Option<Document<'a>>>,
    pub form: Option<Value>,
    pub csv: Option<Value>,
}

impl RequestView<'_> {
    /// The JavaScript object, with `caller` (who called: a user view or `null`), made
    /// from the template of its parts.
    pub(super) fn into_js(
        self,
        caller: JsValue,
        shapes: &mut RequestShapes,
        context: &mut Context,
    ) -> JsResult<JsValue> {
        fn text(value: &str) -> JsValue {
            JsString::from(value).into()
        }
        let mut parts = 0;
        let mut storage = Vec::with_capacity(3 + OPTIONAL_PARTS.len());
        storage.extend([text(self.method), text(self.path)]);
        let mut optional = |part: usize, value: JsValue| {
            parts |= 1 << part;
            storage.push(value);
        };
        if let Some(params) = self.params {
            let mut object = ObjectInitializer::with_native_data(HostObject, context);
            for (name, value) in params {
                object.property(JsString::from(name.as_str()), text(value), Attribute::all());
            }
            optional(0, object.build().into());
        }
        if let Some(query) = self.query {
            optional(1, js_value(&query, false, context)?);
        }
        if let Some(headers) = self.headers {
            optional(2, js_value(&Value::Object(headers), false, context)?);
        }
        if let Some(body) = self.body {
            optional(3, text(&body));
        }
        if let Some(json) = self.json {
            let value = match &json {
                Some(document) => js_json(document, context)?,
                None => JsValue::null(),
            };
            optional(4, value);
        }
        for (part, value) in [(5, self.form), (6, self.csv)] {
            if let Some(value) = value {
                optional(part, js_value(&value, false, context)?);
            }
        }
        storage.push(caller);
        Ok(shapes
            .template(parts, context)
            .create(HostObject, storage)
            .into())
    }
}

/// A JSON body's value as `JSON.parse` makes it: members in the body's order (names
/// that are array indices first, as for any object; a name given twice where it
/// first came, with its last value). Stops, `RangeError`, past the run's memory
/// limit.
fn js_json(document: &Document<'_>, context: &mut Context) -> JsResult<JsValue> {
    JsonBuilder::default().value(document.root(), context)
}

/// Builds the objects of one body. Objects that list the same names in the same
/// order (the records of an array, most often) are made from one template, which
/// gives each its shape at once: added one by one, each member looks up the next
/// shape, and that was most of building a body.
#[derive(Default)]
struct JsonBuilder<'d> {
    /// The lists of names met so far, up to [`SHAPES_KEPT`], most bodies' all.
    shapes: Vec<Shape<'d>>,
}

/// One list of names, and its template.
struct Shape<'d> {
    names: Vec<&'d str>,
    template: ObjectTemplate,
}

/// Lists of names are compared one by one: a body of many different objects builds
/// the rest member by member.
const SHAPES_KEPT: usize = 8;

impl<'d> JsonBuilder<'d> {
    fn value(&mut self, node: DocumentNode<'d>, context: &mut Context) -> JsResult<JsValue> {
        let within_memory = || {
            if interrupt::memory_exhausted() {
                return Err(JsNativeError::range().with_message("over the run's memory limit"));
            }
            Ok(())
        };
        Ok(match node.content() {
            Content::Null => JsValue::null(),
            Content::Bool(b) => JsValue::from(b),
            Content::Number(number) => js_number(number),
            Content::String(text) => JsString::from(text).into(),
            Content::Array { len, elements } => {
                within_memory()?;
                let mut values = Vec::with_capacity(len);
                for element in elements {
                    values.push(self.value(element, context)?);
                }
                JsArray::from_iter(values, context).into()
            }
            Content::Object { len, members } => {
                within_memory()?;
                let (mut names, mut values) = (Vec::with_capacity(len), Vec::with_capacity(len));
                for (name, value) in members {
                    names.push(name);
                    values.push(self.value(value, context)?);
                }
                self.object(names, values, context)
            }
        })
    }

    fn object(
        &mut self,
        names: Vec<&'d str>,
        values: Vec<JsValue>,
        context: &mut Context,
    ) -> JsValue {
        // The engine keeps a name that may be an array index apart from the others,
        // which a template does not do: such objects are built member by member.
        let shared = names.len() > 1
            && !names
                .iter()
                .any(|name| name.starts_with(|c: char| c.is_ascii_digit()));
        if shared {
            if let Some(shape) = self.shapes.iter().find(|shape| shape.names == names) {
                return shape.template.create(HostObject, values).into();
            }
            if self.shapes.len() < SHAPES_KEPT {
                let prototype = context.intrinsics().constructors().object().prototype();
                let mut template =
                    ObjectTemplate::with_prototype(context.root_shape().shape(), prototype);
                for name in &names {
                    template.property(JsString::from(*name).into(), Attribute::all());
                }
                let object = template.create(HostObject, values);
                self.shapes.push(Shape { names, template });
                return object.into();
            }
        }
        let mut object = ObjectInitializer::with_native_data(HostObject, context);
        for (name, value) in names.into_iter().zip(values) {
            object.property(JsString::from(name), value, Attribute::all());
        }
        object.build().into()
    }
}

/// The parts of `request` that only some requests have, in the order the object
/// lists them: after `method` and `path`, before `caller`.
const OPTIONAL_PARTS: [&str; 7] = ["params", "query", "headers", "body", "json", "form", "csv"];

/// Templates of the `request` object, one per set of optional parts, each made the
/// first time a request has that set: an object made from a template takes its shape
/// at once, where one built property by property looks up a shape per property.
/// Belongs to one realm, whose `Object.prototype` the objects get.
pub(super) struct RequestShapes {
    templates: Vec<Option<ObjectTemplate>>,
}

impl Default for RequestShapes {
    fn default() -> RequestShapes {
        RequestShapes {
            templates: vec![None; 1 << OPTIONAL_PARTS.len()],
        }
    }
}

impl RequestShapes {
    /// The template for the optional parts whose bits `parts` sets (bit `i` for
    /// `OPTIONAL_PARTS[i]`).
    fn template(&mut self, parts: usize, context: &mut Context) -> &ObjectTemplate {
        // Masked to the array's length, one slot per set of optional parts.
        #[allow(clippy::indexing_slicing)]
        let slot = &mut self.templates[parts & ((1 << OPTIONAL_PARTS.len()) - 1)];
        slot.get_or_insert_with(|| {
            let prototype = context.intrinsics().constructors().object().prototype();
            let mut template =
                ObjectTemplate::with_prototype(context.root_shape().shape(), prototype);
            let present = OPTIONAL_PARTS
                .iter()
                .enumerate()
                .filter(|(bit, _)| parts & (1 << bit) != 0)
                .map(|(_, name)| *name);
            for name in ["method", "path"]
                .into_iter()
                .chain(present)
                .chain(["caller"])
            {
                template.property(JsString::from(name).into(), Attribute::all());
            }
            template
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_parts_a_snippet_reads() {
        let none = Needs::default();
        assert_eq!(Needs::of("result = {payload: 'hi'}"), none);
        assert_eq!(Needs::of("result = {payload: request.path}"), none);
        assert_eq!(
            Needs::of("result = {payload: request.params.id + request.path}"),
            Needs {
                params: true,
                ..none
            }
        );
        let needs = Needs::of(
            "const a = request.headers['x']; const b = request?.query.q; request[\"json\"]",
        );
        assert_eq!(
            needs,
            Needs {
                headers: true,
                query: true,
                json: true,
                ..none
            }
        );
        assert_eq!(Needs::of("request . body"), Needs { body: true, ..none });
        // Names that merely contain "request" are not the global.
        assert_eq!(
            Needs::of("const requests = 1; endpoint.request_method; x.request(1)"),
            none
        );
    }

    #[test]
    fn any_other_use_needs_everything() {
        for code in [
            "JSON.stringify(request)",
            "const {headers} = request",
            "const r = request; r.headers",
            "f(request)",
            "request[key]",
            "request",
            "result = {payload: arguments[0].params}",
        ] {
            assert_eq!(Needs::of(code), Needs::ALL, "{code}");
        }
    }
}
