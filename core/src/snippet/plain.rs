//! The reply of a plain `result`, made in Rust instead of by the prelude's checks.
//!
//! Turning `result` into a reply took about 40% of a hello request natively when the
//! prelude did it in JavaScript. Most results are plain: an ordinary object whose
//! `payload`, `status_code` and `headers` are data properties, or whose `response`
//! is a `Response` made by its constructor, with data properties. Headers are plain
//! when they are an ordinary object of string values. For those, [`Reader::read`]
//! reads the property tables and writes the payload with the filter's JSON writer
//! (which runs a `toJSON` or a getter inside the run's budget, as the prelude would).
//! Any other result is left to the prelude, before any of its code has run.

use boa_engine::property::PropertyKey;
use boa_engine::{Context, JsObject, JsResult, JsValue, js_string};

use super::json::{self, Intrinsics};

/// A reply made by [`Reader::read`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// `"json"`, `"text"` or `"empty"`, as the prelude's `kind`.
    pub kind: &'static str,
}

/// What [`Reader::read`] made of a `result`.
pub enum Reading {
    Replied(PlainReply),
    /// Not plain: the prelude's checks take it, and nothing has run yet.
    NotPlain,
    /// The payload has no JSON form: the prelude reports its `ResultError`.
    NotWritable,
}

/// Reads plain results; made once per runtime.
pub struct Reader {
    intrinsics: Intrinsics,
    response_prototype: JsObject,
    keys: Keys,
}

/// The property names read, made once: a key made per read allocates its string.
struct Keys {
    response: PropertyKey,
    headers: PropertyKey,
    status_code: PropertyKey,
    payload: PropertyKey,
    body: PropertyKey,
    status: PropertyKey,
}

impl Default for Keys {
    fn default() -> Keys {
        Keys {
            response: js_string!("response").into(),
            headers: js_string!("headers").into(),
            status_code: js_string!("status_code").into(),
            payload: js_string!("payload").into(),
            body: js_string!("body").into(),
            status: js_string!("status").into(),
        }
    }
}

/// An own property as the property table has it.
enum Own {
    Absent,
    Data(JsValue),
    /// A getter or setter: reading it would run code, so the prelude does it.
    Accessor,
}

fn own(object: &JsObject, key: &PropertyKey) -> Own {
    match object.borrow().properties().get(key) {
        None => Own::Absent,
        Some(descriptor) => match descriptor.value() {
            Some(value) => Own::Data(value.clone()),
            None => Own::Accessor,
        },
    }
}

impl Reader {
    /// `response_prototype` is the prelude's `Response.prototype`.
    pub fn new(response_prototype: JsObject, context: &mut Context) -> JsResult<Reader> {
        Ok(Reader {
            intrinsics: Intrinsics::of(context)?,
            response_prototype,
            keys: Keys::default(),
        })
    }

    /// The reply of a plain `result`, or [`Reading::NotPlain`] having run nothing. An
    /// exception from the payload's own code (a `toJSON`, a getter) is returned, as
    /// the prelude's `JSON.stringify` would throw it.
    pub fn read(&self, result: &JsValue, context: &mut Context) -> JsResult<Reading> {
        let keys = &self.keys;
        let Some(result) = result.as_object() else {
            return Ok(Reading::NotPlain);
        };
        // An ordinary object straight from `{...}`: the frozen Object.prototype has none
        // of the names read here, so the own properties are all there is.
        if !is_plain_object(&result, self.intrinsics.object_prototype()) {
            return Ok(Reading::NotPlain);
        }
        let parts = match own(&result, &keys.response) {
            Own::Absent => payload_parts(&result, keys),
            Own::Data(value) if value.is_undefined() => payload_parts(&result, keys),
            Own::Data(response) => response_parts(&response, &self.response_prototype, keys),
            Own::Accessor => None,
        };
        let Some((status, headers, body)) = parts else {
            return Ok(Reading::NotPlain);
        };
        let Some(headers) = header_list(headers, context)? else {
            return Ok(Reading::NotPlain);
        };
        // Nothing has run so far; the payload's own code may, from here.
        let (kind, body) = if body.is_null_or_undefined() {
            ("empty", String::new())
        } else if let Some(text) = body.as_string() {
            ("text", text.to_std_string_lossy())
        } else {
            match json::to_text(&self.intrinsics, body, context)? {
                Some(text) => ("json", text),
                None => return Ok(Reading::NotWritable),
            }
        };
        Ok(Reading::Replied(PlainReply {
            status,
            headers,
            body,
            kind,
        }))
    }
}

fn is_plain_object(object: &JsObject, prototype: &JsObject) -> bool {
    object.is_ordinary() && object.prototype().as_ref() == Some(prototype)
}

/// Status, headers and payload of `{payload, status_code, headers}`, if plain.
fn payload_parts(result: &JsObject, keys: &Keys) -> Option<(u16, JsValue, JsValue)> {
    let headers = data(result, &keys.headers)?;
    let status = match own(result, &keys.status_code) {
        Own::Absent => None,
        Own::Data(value) if value.is_undefined() => Some(200),
        Own::Data(value) => Some(status(&value)?),
        Own::Accessor => return None,
    };
    let payload = match own(result, &keys.payload) {
        Own::Absent => None,
        Own::Data(value) => Some(value),
        Own::Accessor => return None,
    };
    // Neither part: the prelude says what is wrong.
    match (status, payload) {
        (None, None) => None,
        (status, payload) => Some((status.unwrap_or(200), headers, payload.unwrap_or_default())),
    }
}

/// Status, headers and body of a `Response` its constructor made, if plain. A
/// subclass, or anything else the prelude's `instanceof` accepts, is left to it.
fn response_parts(
    response: &JsValue,
    response_prototype: &JsObject,
    keys: &Keys,
) -> Option<(u16, JsValue, JsValue)> {
    let response = response.as_object()?;
    if !is_plain_object(&response, response_prototype) {
        return None;
    }
    let status = status(&data(&response, &keys.status)?)?;
    Some((
        status,
        data(&response, &keys.headers)?,
        data(&response, &keys.body)?,
    ))
}

/// An own data property's value, `undefined` when absent; `None` for an accessor.
fn data(object: &JsObject, key: &PropertyKey) -> Option<JsValue> {
    match own(object, key) {
        Own::Absent => Some(JsValue::undefined()),
        Own::Data(value) => Some(value),
        Own::Accessor => None,
    }
}

/// An HTTP status the prelude accepts: an integer from 200 to 599.
fn status(value: &JsValue) -> Option<u16> {
    let n = value.as_number()?;
    (n.fract() == 0.0 && (200.0..=599.0).contains(&n)).then_some(n as u16)
}

/// The headers as the prelude lists them (`Object.keys` order), when that runs no
/// code: none, or an ordinary object whose enumerable own properties are strings.
fn header_list(headers: JsValue, context: &mut Context) -> JsResult<Option<Vec<(String, String)>>> {
    if headers.is_null_or_undefined() {
        return Ok(Some(Vec::new()));
    }
    let Some(headers) = headers.as_object().filter(JsObject::is_ordinary) else {
        return Ok(None);
    };
    // An ordinary object's [[OwnPropertyKeys]]: its table's keys, in `Object.keys` order.
    let keys = headers.own_property_keys(context)?;
    let headers = headers.borrow();
    let mut list = Vec::with_capacity(keys.len());
    for key in keys {
        let name = match &key {
            PropertyKey::String(name) => name.to_std_string_lossy(),
            PropertyKey::Index(index) => index.get().to_string(),
            PropertyKey::Symbol(_) => continue, // `Object.keys` leaves symbols out
        };
        let Some(descriptor) = headers.properties().get(&key) else {
            return Ok(None);
        };
        if !descriptor.enumerable().unwrap_or(false) {
            continue;
        }
        let Some(value) = descriptor.value().and_then(JsValue::as_string) else {
            return Ok(None); // an accessor, or a value `String()` would convert
        };
        list.push((name, value.to_std_string_lossy()));
    }
    Ok(Some(list))
}
