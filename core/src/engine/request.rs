//! The `request` global, built with only the parts a snippet reads.
//!
//! Which parts a snippet reads is found once, when the bundle loads, by a conservative
//! scan of its source: `request.headers`, `request?.query`, `request["body"]` name a
//! part; any other use of `request` (passed whole, destructured, aliased) needs all of
//! them. Bodies are still checked in full whatever the snippet reads: a JSON or CSV
//! body that does not parse is a `400` either way.

use std::borrow::Cow;

use boa_engine::object::ObjectInitializer;
use boa_engine::object::shape::ObjectTemplate;
use boa_engine::property::Attribute;
use boa_engine::{Context, JsResult, JsString, JsValue};
use serde_json::{Map, Value};

use crate::model::ContentType;
use crate::reply::Reply;
use crate::snippet::{HostObject, js_value};

use crate::validation::Violation;

use super::{RequestHead, split_query, validation_problem};
use crate::snippet::{is_identifier_char, whole_names};

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
#[derive(Debug, Clone, PartialEq)]
pub struct RequestView<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub params: Option<&'a [(String, String)]>,
    pub query: Option<Value>,
    pub headers: Option<Map<String, Value>>,
    pub body: Option<Cow<'a, str>>,
    pub json: Option<Value>,
    pub form: Option<Value>,
    pub csv: Option<Value>,
}

impl RequestView<'_> {
    /// The JavaScript object, with `caller` (who called: a user view or `null`), made
    /// from the template of its parts.
    pub fn into_js(
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
        for (part, value) in [(4, self.json), (5, self.form), (6, self.csv)] {
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

/// The parts of `request` that only some requests have, in the order the object
/// lists them: after `method` and `path`, before `caller`.
const OPTIONAL_PARTS: [&str; 7] = ["params", "query", "headers", "body", "json", "form", "csv"];

/// Templates of the `request` object, one per set of optional parts, each made the
/// first time a request has that set: an object made from a template takes its shape
/// at once, where one built property by property looks up a shape per property.
/// Belongs to one realm, whose `Object.prototype` the objects get.
pub struct RequestShapes {
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

/// The `request` global, or the `400` for a body that is not what its type says.
/// A JSON body comes parsed (and checked) by step 6.
pub fn view<'a>(
    needs: Needs,
    content_type: Option<ContentType>,
    head: &'a RequestHead,
    params: &'a [(String, String)],
    body: &'a [u8],
    parsed_json: Option<Value>,
) -> Result<RequestView<'a>, Reply> {
    let (path, query) = split_query(head.path());
    let mut request = RequestView {
        method: head.method(),
        path,
        params: needs.params.then_some(params),
        query: needs.query.then(|| form_object(query.as_bytes())),
        headers: needs.headers.then(|| headers(head)),
        body: needs.body.then(|| String::from_utf8_lossy(body)),
        json: None,
        form: None,
        csv: None,
    };
    match content_type {
        Some(ContentType::Json) if needs.json => {
            request.json = Some(parsed_json.unwrap_or(Value::Null));
        }
        Some(ContentType::TextCsv) => {
            let rows = csv_rows(body)?;
            if needs.csv {
                request.csv = Some(rows);
            }
        }
        Some(ContentType::FormUrlencoded) if needs.form => request.form = Some(form_object(body)),
        _ => {}
    }
    Ok(request)
}

fn invalid(kind: &str, message: String) -> Reply {
    validation_problem(vec![Violation::new(kind, "", &message)])
}

/// Header names in lower case; repeated headers fold into one comma-separated value
/// (RFC 9110 §5.3). Envoy's pseudo-headers (`:path`) are left out.
fn headers(head: &RequestHead) -> Map<String, Value> {
    let mut headers = Map::new();
    for (name, value) in head.headers() {
        if name.starts_with(':') {
            continue;
        }
        match headers.get_mut(name) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            _ => {
                headers.insert(name.to_owned(), Value::String(value.to_owned()));
            }
        }
    }
    headers
}

/// `a=1&b=x%20y` as an object; the first value of a repeated name wins.
/// Past the memory limit of the run being prepared, the rest is left out: the run
/// stops.
pub fn form_object(encoded: &[u8]) -> Value {
    let mut object = Map::new();
    for (name, value) in form_urlencoded::parse(encoded) {
        if crate::interrupt::memory_exhausted() {
            break;
        }
        object
            .entry(name.into_owned())
            .or_insert_with(|| Value::String(value.into_owned()));
    }
    Value::Object(object)
}

/// A CSV body as rows of text fields (RFC 4180 quoting; rows may differ in length).
/// The first row is a row like any other: the snippet knows whether it is a header.
/// Past the memory limit of the run being prepared, a `500`: the run stops.
fn csv_rows(body: &[u8]) -> Result<Value, Reply> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            invalid(
                "csv_invalid",
                format!("row {}: the body is not valid CSV: {e}", index + 1),
            )
        })?;
        if crate::interrupt::memory_exhausted() {
            return Err(super::generic_failure());
        }
        rows.push(Value::Array(
            record
                .iter()
                .map(|field| Value::String(field.to_string()))
                .collect(),
        ));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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

    #[test]
    fn csv_rows_follow_rfc_4180() {
        let rows = csv_rows(b"id,name\n1,\"Lee, Ann\"\n2,\"say \"\"hi\"\"\",extra\n").unwrap();
        assert_eq!(
            rows,
            json!([
                ["id", "name"],
                ["1", "Lee, Ann"],
                ["2", "say \"hi\"", "extra"]
            ])
        );
        assert_eq!(csv_rows(b"").unwrap(), json!([]));
        let bad = csv_rows(b"a,b\n\xff\xfe,c\n").unwrap_err();
        assert_eq!(bad.status, 400);
        assert!(String::from_utf8_lossy(&bad.body).contains("csv_invalid"));
    }
}
