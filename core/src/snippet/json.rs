//! `JSON.stringify` for snippets, and for the payloads they return: the algorithm of
//! ECMA-262 §25.5.2, written without recursion.
//!
//! Boa's own `JSON.stringify` recurses natively once per level of nesting, and inside
//! Envoy the wasm VM runs on a native stack of about a megabyte: a payload a few
//! thousand levels deep, which a loop builds within the instruction budget, trapped
//! the VM and every request on its worker. Here each open object or array is a frame
//! on a heap stack, so depth costs memory, not stack. Snippet code that the algorithm
//! calls (a `toJSON`, a replacer, a getter, a proxy's trap) runs inside the run's
//! budget, like any call.
//!
//! It is also the fast path of a reply: plain data (ordinary objects and arrays with
//! the built-in prototypes) is read straight from the property table, written into one
//! buffer, where Boa's version builds a string per nested value.

use std::collections::HashSet;

use boa_engine::builtins::proxy::Proxy;
use boa_engine::property::PropertyKey;
use boa_engine::string::{CodePoint, JsStrVariant};
use boa_engine::value::{IntegerOrInfinity, JsVariant};
use boa_engine::{
    Context, Finalize, JsBigInt, JsNativeError, JsObject, JsResult, JsString, JsValue, Trace,
    js_string,
};

use super::HostObject;

/// What the writer needs from the realm, taken once when the runtime is built (the
/// realm is frozen afterwards, so these stay the built-ins).
pub struct Intrinsics {
    object_prototype: JsObject,
    array_prototype: JsObject,
    /// `Array.isArray`, which sees through proxies.
    is_array: JsObject,
    /// `Object.prototype.propertyIsEnumerable`: [[GetOwnProperty]] of any object.
    property_is_enumerable: JsObject,
    /// `JSON.isRawJSON`.
    is_raw_json: JsObject,
}

impl Finalize for Intrinsics {}

// SAFETY: every garbage-collected value the struct holds is marked.
#[allow(unsafe_code)] // Boa's `Trace` is an unsafe trait.
unsafe impl Trace for Intrinsics {
    boa_engine::gc::custom_trace!(this, mark, {
        mark(&this.object_prototype);
        mark(&this.array_prototype);
        mark(&this.is_array);
        mark(&this.property_is_enumerable);
        mark(&this.is_raw_json);
    });
}

impl Intrinsics {
    pub fn of(context: &mut Context) -> JsResult<Intrinsics> {
        let constructors = context.intrinsics().constructors();
        let object_prototype = constructors.object().prototype();
        let array_prototype = constructors.array().prototype();
        let array = constructors.array().constructor();
        let json = context.intrinsics().objects().json();
        let function = |object: &JsObject,
                        name: JsString,
                        context: &mut Context|
         -> JsResult<JsObject> {
            object
                .get(name.clone(), context)?
                .as_callable()
                .ok_or_else(|| {
                    JsNativeError::typ()
                        .with_message(format!("{} is not a function", name.to_std_string_lossy()))
                        .into()
                })
        };
        Ok(Intrinsics {
            is_array: function(&array, js_string!("isArray"), context)?,
            property_is_enumerable: function(
                &object_prototype,
                js_string!("propertyIsEnumerable"),
                context,
            )?,
            is_raw_json: function(&json, js_string!("isRawJSON"), context)?,
            object_prototype,
            array_prototype,
        })
    }

    /// `Object.prototype`, as the realm was built.
    pub fn object_prototype(&self) -> &JsObject {
        &self.object_prototype
    }
}

/// `JSON.stringify(value)` as host text, written from the UTF-16 buffer with no string
/// made in between; `None` when the value has no JSON form (`undefined`, a function).
pub fn to_text(
    intrinsics: &Intrinsics,
    value: JsValue,
    context: &mut Context,
) -> JsResult<Option<String>> {
    let mut writer = Writer::new(
        intrinsics,
        &JsValue::undefined(),
        &JsValue::undefined(),
        context,
    )?;
    Ok(match writer.write(value, context)? {
        true => Some(host_text(&writer.out)),
        false => None,
    })
}

/// UTF-16 as host text, a lone surrogate as U+FFFD, into a string sized once.
pub fn host_text(units: &[u16]) -> String {
    // Most replies are ASCII: one byte per unit, with nothing to decode.
    if units.iter().all(|&unit| unit < 0x80) {
        return units.iter().map(|&unit| char::from(unit as u8)).collect();
    }
    let mut text = String::with_capacity(units.len());
    text.extend(
        char::decode_utf16(units.iter().copied()).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)),
    );
    text
}

/// `JSON.stringify(value, replacer, space)`.
pub fn stringify(
    intrinsics: &Intrinsics,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let arg = |index: usize| args.get(index).cloned().unwrap_or_default();
    let mut writer = Writer::new(intrinsics, &arg(1), &arg(2), context)?;
    Ok(match writer.write(arg(0), context)? {
        true => JsString::from(&writer.out[..]).into(),
        false => JsValue::undefined(),
    })
}

struct Writer<'a> {
    intrinsics: &'a Intrinsics,
    /// UTF-16, as JavaScript strings are: a gap may hold half a surrogate pair.
    out: Vec<u16>,
    replacer: Option<JsObject>,
    /// The replacer's list of keys, when it is an array.
    property_list: Option<Vec<PropertyKey>>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    /// The open objects and arrays, innermost last.
    frames: Vec<Frame>,
    /// The objects of frames past the first [`SCANNED`], for the cycle check; the first
    /// ones are scanned, which for shallow data costs less than hashing.
    deep_open: HashSet<JsObject>,
}

/// An object or array being written.
struct Frame {
    holder: JsObject,
    keys: Keys,
    next: u64,
    wrote_any: bool,
    /// The indent to return to when the frame closes.
    stepback: usize,
}

enum Keys {
    Object(Vec<PropertyKey>),
    Array(u64),
}

/// How many open frames are scanned for a cycle before a hash set takes over.
const SCANNED: usize = 16;

/// A property's value, once `toJSON`, the replacer and unboxing have had their say.
enum Prepared {
    /// Left out of an object; `null` in an array.
    Nothing,
    /// A primitive to write: null, a boolean, a number or a string.
    Primitive(JsValue),
    /// The text of a `JSON.rawJSON` object.
    Raw(JsString),
    Open(JsObject, bool),
}

impl<'a> Writer<'a> {
    fn new(
        intrinsics: &'a Intrinsics,
        replacer: &JsValue,
        space: &JsValue,
        context: &mut Context,
    ) -> JsResult<Writer<'a>> {
        let mut writer = Writer {
            intrinsics,
            out: Vec::with_capacity(64),
            replacer: None,
            property_list: None,
            gap: Vec::new(),
            indent: Vec::new(),
            frames: Vec::new(),
            deep_open: HashSet::new(),
        };
        if let Some(replacer) = replacer.as_object() {
            if replacer.is_callable() {
                writer.replacer = Some(replacer.clone());
            } else if writer.is_array(&replacer, context)? {
                writer.property_list = Some(property_list(&replacer, context)?);
            }
        }
        writer.gap = gap(space, context)?;
        Ok(writer)
    }

    /// SerializeJSONProperty of `value` under the empty key of a wrapper object (made
    /// only for a replacer, the one to see it); false when the result is `undefined`.
    fn write(&mut self, value: JsValue, context: &mut Context) -> JsResult<bool> {
        let wrapper = match self.replacer {
            Some(_) => {
                let wrapper = JsObject::with_object_proto(context.intrinsics());
                wrapper.create_data_property_or_throw(js_string!(), value.clone(), context)?;
                Some(wrapper)
            }
            None => None,
        };
        let top = PropertyKey::from(js_string!());
        match self.prepare(wrapper.as_ref(), value, &top, context)? {
            Prepared::Nothing => return Ok(false),
            prepared => self.put(prepared, context)?,
        }
        while let Some(mut frame) = self.frames.pop() {
            let Some((key, value)) = self.next_member(&mut frame, context)? else {
                self.close(frame);
                continue;
            };
            let is_array = matches!(frame.keys, Keys::Array(_));
            let prepared = self.prepare(Some(&frame.holder), value, &key, context)?;
            if matches!(prepared, Prepared::Nothing) && !is_array {
                self.frames.push(frame);
                continue;
            }
            if frame.wrote_any {
                self.out.push(b',' as u16);
            }
            frame.wrote_any = true;
            if !self.gap.is_empty() {
                self.out.push(b'\n' as u16);
                self.out.extend_from_slice(&self.indent);
            }
            if !is_array {
                if let JsVariant::String(name) = key_value(&key).variant() {
                    quote(&name, &mut self.out);
                }
                self.out.push(b':' as u16);
                if !self.gap.is_empty() {
                    self.out.push(b' ' as u16);
                }
            }
            self.frames.push(frame);
            self.put(prepared, context)?;
        }
        Ok(true)
    }

    /// Writes a prepared value, or opens it; `Nothing` is an array's `null`.
    fn put(&mut self, prepared: Prepared, context: &mut Context) -> JsResult<()> {
        match prepared {
            Prepared::Nothing => push_ascii(&mut self.out, "null"),
            Prepared::Raw(text) => self.out.extend(text.iter()),
            Prepared::Open(object, is_array) => return self.open(object, is_array, context),
            Prepared::Primitive(value) => match value.variant() {
                JsVariant::Boolean(true) => push_ascii(&mut self.out, "true"),
                JsVariant::Boolean(false) => push_ascii(&mut self.out, "false"),
                JsVariant::String(s) => quote(&s, &mut self.out),
                JsVariant::Integer32(n) => push_ascii(&mut self.out, &n.to_string()),
                JsVariant::Float64(n) if n.is_finite() => {
                    self.out.extend(value.to_string(context)?.iter());
                }
                _ => push_ascii(&mut self.out, "null"),
            },
        }
        Ok(())
    }

    /// The frame's next key and the value read under it, or `None` when it is done.
    fn next_member(
        &mut self,
        frame: &mut Frame,
        context: &mut Context,
    ) -> JsResult<Option<(PropertyKey, JsValue)>> {
        let index = frame.next;
        let key: PropertyKey = match &frame.keys {
            Keys::Array(length) if index < *length => index.into(),
            Keys::Object(keys) => match keys.get(index as usize) {
                Some(key) => key.clone(),
                None => return Ok(None),
            },
            Keys::Array(_) => return Ok(None),
        };
        frame.next += 1;
        // Plain data is read from the property table, past Boa's charged property
        // accesses: each member is charged here. A value shared many times over
        // (`a = [a, a]` in a loop) writes out exponentially; the budget, and the
        // memory limit that the charge looks at, stop it.
        context.charge_budget(1)?;
        let value = self.get(&frame.holder, &key, context)?;
        Ok(Some((key, value)))
    }

    /// SerializeJSONProperty, steps 2 to 12, for the `value` read under `key`.
    ///
    /// Without a replacer, a primitive and plain data (an ordinary object or array with
    /// its built-in prototype and no own `toJSON`) come out of those steps as they went
    /// in: nearly every payload is only that, and is decided here without the general
    /// steps, whose code then stays out of a request's way (in Envoy, a request's cost is
    /// mostly the code it brings back into the caches).
    fn prepare(
        &mut self,
        holder: Option<&JsObject>,
        value: JsValue,
        key: &PropertyKey,
        context: &mut Context,
    ) -> JsResult<Prepared> {
        if self.replacer.is_none() {
            match value.variant() {
                JsVariant::Null
                | JsVariant::Boolean(_)
                | JsVariant::String(_)
                | JsVariant::Integer32(_)
                | JsVariant::Float64(_) => return Ok(Prepared::Primitive(value)),
                JsVariant::Undefined | JsVariant::Symbol(_) => return Ok(Prepared::Nothing),
                JsVariant::Object(object) if self.plain_data(&object) => {
                    let is_array = object.is_array();
                    return Ok(Prepared::Open(object, is_array));
                }
                JsVariant::Object(_) | JsVariant::BigInt(_) => {}
            }
        }
        self.prepare_in_full(holder, value, key, context)
    }

    /// An object kept in its own property table, whose prototype is a built-in one
    /// (not `null`, as a `JSON.rawJSON` object's is) and which has no own `toJSON`:
    /// steps 2 to 12 leave it as it is.
    fn plain_data(&self, object: &JsObject) -> bool {
        Self::plain_storage(object)
            && object.prototype().is_some()
            && self.builtin_prototype(object)
            && object.borrow().properties().get(&to_json_key()).is_none()
    }

    /// [`Writer::prepare`] for any value: `toJSON`, the replacer, and boxed primitives.
    #[inline(never)]
    fn prepare_in_full(
        &mut self,
        holder: Option<&JsObject>,
        mut value: JsValue,
        key: &PropertyKey,
        context: &mut Context,
    ) -> JsResult<Prepared> {
        if value.is_object() || value.is_bigint() {
            let to_json = self.to_json_method(&value, context)?;
            if let Some(to_json) = to_json {
                value = to_json.call(&value, &[key_value(key)], context)?;
            }
        }
        if let Some(replacer) = &self.replacer {
            let holder = holder.map_or_else(JsValue::undefined, |h| h.clone().into());
            value = replacer.call(&holder, &[key_value(key), value], context)?;
        }
        if let Some(object) = value.as_object() {
            if object.is::<f64>() {
                value = value.to_number(context)?.into();
            } else if object.is::<JsString>() {
                value = value.to_string(context)?.into();
            } else if let Some(boolean) = object.downcast_ref::<bool>() {
                value = (*boolean).into();
            } else if let Some(bigint) = object.downcast_ref::<JsBigInt>() {
                value = bigint.clone().into();
            } else if object.prototype().is_none()
                && self
                    .intrinsics
                    .is_raw_json
                    .call(&JsValue::undefined(), std::slice::from_ref(&value), context)?
                    .to_boolean()
            {
                let raw = object.get(js_string!("rawJSON"), context)?;
                return Ok(Prepared::Raw(raw.to_string(context)?));
            }
        }
        Ok(match value.variant() {
            JsVariant::Null
            | JsVariant::Boolean(_)
            | JsVariant::String(_)
            | JsVariant::Integer32(_)
            | JsVariant::Float64(_) => Prepared::Primitive(value),
            JsVariant::BigInt(_) => {
                return Err(JsNativeError::typ()
                    .with_message("cannot serialize a BigInt to JSON")
                    .into());
            }
            JsVariant::Object(object) if !object.is_callable() => {
                let is_array = self.is_array(&object, context)?;
                Prepared::Open(object, is_array)
            }
            JsVariant::Object(_) | JsVariant::Undefined | JsVariant::Symbol(_) => Prepared::Nothing,
        })
    }

    /// SerializeJSONObject and SerializeJSONArray up to their first member.
    fn open(&mut self, object: JsObject, is_array: bool, context: &mut Context) -> JsResult<()> {
        let scanned = self.frames.iter().take(SCANNED).any(|f| f.holder == object);
        if scanned || (self.frames.len() > SCANNED && self.deep_open.contains(&object)) {
            return Err(JsNativeError::typ()
                .with_message("cyclic object value")
                .into());
        }
        let keys = if is_array {
            let length = object.get(js_string!("length"), context)?;
            Keys::Array(length.to_length(context)?)
        } else if let Some(list) = &self.property_list {
            Keys::Object(list.clone())
        } else {
            Keys::Object(self.enumerable_own_keys(&object, context)?)
        };
        self.out.push(if is_array { b'[' } else { b'{' } as u16);
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap);
        if self.frames.len() >= SCANNED {
            self.deep_open.insert(object.clone());
        }
        self.frames.push(Frame {
            holder: object,
            keys,
            next: 0,
            wrote_any: false,
            stepback,
        });
        Ok(())
    }

    fn close(&mut self, frame: Frame) {
        self.indent.truncate(frame.stepback);
        if frame.wrote_any && !self.gap.is_empty() {
            self.out.push(b'\n' as u16);
            self.out.extend_from_slice(&self.indent);
        }
        let closer = if matches!(frame.keys, Keys::Array(_)) {
            b']'
        } else {
            b'}'
        };
        self.out.push(closer as u16);
        if self.frames.len() >= SCANNED {
            self.deep_open.remove(&frame.holder);
        }
    }

    /// Whether the object keeps its properties in its own table, with no internal
    /// method that would run code or compute them.
    fn plain_storage(object: &JsObject) -> bool {
        object.is_ordinary() || object.is_array() || object.is::<HostObject>()
    }

    /// Get(holder, key), read from the property table when that is all it does.
    fn get(
        &self,
        holder: &JsObject,
        key: &PropertyKey,
        context: &mut Context,
    ) -> JsResult<JsValue> {
        if Self::plain_storage(holder) {
            let own = holder.borrow().properties().get(key);
            if let Some(value) = own.as_ref().and_then(|d| d.value()) {
                return Ok(value.clone());
            }
        }
        holder.get(key.clone(), context)
    }

    /// GetV(value, "toJSON"), when callable. The built-in prototypes of plain objects and
    /// arrays are frozen without one, so only an own `toJSON` is looked for there.
    fn to_json_method(&self, value: &JsValue, context: &mut Context) -> JsResult<Option<JsObject>> {
        let key = to_json_key();
        let method = match value.as_object() {
            Some(object) if Self::plain_storage(&object) && self.builtin_prototype(&object) => {
                let own = object.borrow().properties().get(&key);
                match own {
                    None => return Ok(None),
                    Some(descriptor) => match descriptor.value() {
                        Some(value) => value.clone(),
                        None => object.get(key, context)?,
                    },
                }
            }
            Some(object) => object.get(key, context)?,
            None => value.to_object(context)?.get(key, context)?,
        };
        Ok(method.as_callable())
    }

    fn builtin_prototype(&self, object: &JsObject) -> bool {
        match object.prototype() {
            None => true,
            Some(prototype) => {
                prototype == self.intrinsics.object_prototype
                    || prototype == self.intrinsics.array_prototype
            }
        }
    }

    /// IsArray, which sees through proxies.
    fn is_array(&self, object: &JsObject, context: &mut Context) -> JsResult<bool> {
        if object.is_array() {
            return Ok(true);
        }
        // Asked of every object written: a test of its type, where `JsProxy` would
        // make an error for each one that is not a proxy.
        if !object.is::<Proxy>() {
            return Ok(false);
        }
        Ok(self
            .intrinsics
            .is_array
            .call(&JsValue::undefined(), &[object.clone().into()], context)?
            .to_boolean())
    }

    /// EnumerableOwnProperties(object, key): string keys, in [[OwnPropertyKeys]] order.
    fn enumerable_own_keys(
        &self,
        object: &JsObject,
        context: &mut Context,
    ) -> JsResult<Vec<PropertyKey>> {
        let mut keys = object.own_property_keys(context)?;
        keys.retain(|key| !matches!(key, PropertyKey::Symbol(_)));
        if Self::plain_storage(object) {
            let object = object.borrow();
            let properties = object.properties();
            keys.retain(|key| {
                properties
                    .get(key)
                    .is_some_and(|d| d.enumerable().unwrap_or(false))
            });
            return Ok(keys);
        }
        let mut enumerable = Vec::with_capacity(keys.len());
        for key in keys {
            let is_enumerable = self
                .intrinsics
                .property_is_enumerable
                .call(&object.clone().into(), &[key_value(&key)], context)?
                .to_boolean();
            if is_enumerable {
                enumerable.push(key);
            }
        }
        Ok(enumerable)
    }
}

fn to_json_key() -> PropertyKey {
    js_string!("toJSON").into()
}

/// The replacer array's keys (§25.5.2, step 4.b): strings, numbers and their wrapper
/// objects, each once.
fn property_list(replacer: &JsObject, context: &mut Context) -> JsResult<Vec<PropertyKey>> {
    let length = replacer
        .get(js_string!("length"), context)?
        .to_length(context)?;
    let mut list: Vec<JsString> = Vec::new();
    for index in 0..length {
        let item = replacer.get(index, context)?;
        let name = match item.variant() {
            JsVariant::String(s) => Some(s),
            JsVariant::Integer32(_) | JsVariant::Float64(_) => Some(item.to_string(context)?),
            JsVariant::Object(object) if object.is::<JsString>() || object.is::<f64>() => {
                Some(item.to_string(context)?)
            }
            _ => None,
        };
        if let Some(name) = name
            && !list.contains(&name)
        {
            list.push(name);
        }
    }
    Ok(list.into_iter().map(PropertyKey::from).collect())
}

/// A property key as the string (or symbol) JavaScript code is given.
fn key_value(key: &PropertyKey) -> JsValue {
    match key {
        PropertyKey::String(name) => name.clone().into(),
        PropertyKey::Index(index) => JsString::from(index.get().to_string().as_str()).into(),
        PropertyKey::Symbol(symbol) => symbol.clone().into(),
    }
}

/// The gap (§25.5.2, steps 5 to 8): up to ten spaces, or the first ten code units of
/// a string.
fn gap(space: &JsValue, context: &mut Context) -> JsResult<Vec<u16>> {
    let mut space = space.clone();
    if let Some(object) = space.as_object() {
        if object.is::<f64>() {
            space = space.to_number(context)?.into();
        } else if object.is::<JsString>() {
            space = space.to_string(context)?.into();
        }
    }
    if space.is_number() {
        let count = match space.to_integer_or_infinity(context)? {
            IntegerOrInfinity::PositiveInfinity => 10,
            IntegerOrInfinity::Integer(n) => n.clamp(0, 10) as usize,
            IntegerOrInfinity::NegativeInfinity => 0,
        };
        return Ok(vec![b' ' as u16; count]);
    }
    Ok(match space.as_string() {
        Some(text) => text.iter().take(10).collect(),
        None => Vec::new(),
    })
}

fn push_ascii(out: &mut Vec<u16>, text: &str) {
    out.extend(text.bytes().map(u16::from));
}

/// QuoteJSONString (§25.5.2.3): lone surrogates become `\uXXXX` escapes.
fn quote(text: &JsString, out: &mut Vec<u16>) {
    out.push(b'"' as u16);
    // Latin-1 text, the common case, is one unit per byte and has no surrogates.
    if let JsStrVariant::Latin1(bytes) = text.variant() {
        out.reserve(bytes.len() + 1);
        for &byte in bytes {
            match byte {
                b'"' | b'\\' | 0..0x20 => quote_char(char::from(byte), out),
                _ => out.push(u16::from(byte)),
            }
        }
        out.push(b'"' as u16);
        return;
    }
    for point in text.code_points() {
        match point {
            CodePoint::Unicode(c) => quote_char(c, out),
            CodePoint::UnpairedSurrogate(unit) => push_ascii(out, &format!("\\u{unit:04x}")),
        }
    }
    out.push(b'"' as u16);
}

/// One character of a quoted string, escaped as JSON requires.
fn quote_char(c: char, out: &mut Vec<u16>) {
    match c {
        '"' => push_ascii(out, "\\\""),
        '\\' => push_ascii(out, "\\\\"),
        '\u{8}' => push_ascii(out, "\\b"),
        '\u{c}' => push_ascii(out, "\\f"),
        '\n' => push_ascii(out, "\\n"),
        '\r' => push_ascii(out, "\\r"),
        '\t' => push_ascii(out, "\\t"),
        c if (c as u32) < 0x20 => push_ascii(out, &format!("\\u{:04x}", c as u32)),
        c => {
            let mut units = [0; 2];
            out.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
}

#[cfg(test)]
mod tests {
    use boa_engine::Source;

    use super::*;

    /// What our writer gives for `JSON.stringify(<arguments>)`: the text, `None` for
    /// undefined, or the error's type and message.
    fn ours(arguments: &str) -> Result<Option<String>, String> {
        let mut context = Context::default();
        let intrinsics = Intrinsics::of(&mut context).unwrap();
        let args = context
            .eval(Source::from_bytes(&format!("[{arguments}]")))
            .unwrap();
        let args = args.as_object().unwrap();
        let length = args.get(js_string!("length"), &mut context).unwrap();
        let args: Vec<JsValue> = (0..length.to_u32(&mut context).unwrap())
            .map(|i| args.get(i, &mut context).unwrap())
            .collect();
        shown(stringify(&intrinsics, &args, &mut context), &mut context)
    }

    /// What Boa's own `JSON.stringify` gives, in a context of its own.
    fn boas(arguments: &str) -> Result<Option<String>, String> {
        let mut context = Context::default();
        let result = context.eval(Source::from_bytes(&format!("JSON.stringify({arguments})")));
        shown(result, &mut context)
    }

    fn shown(result: JsResult<JsValue>, context: &mut Context) -> Result<Option<String>, String> {
        match result {
            Ok(value) => Ok(value.as_string().map(|s| s.to_std_string_escaped())),
            Err(error) => {
                let error = error.into_opaque(context).unwrap();
                let name = error
                    .as_object()
                    .unwrap()
                    .get(js_string!("name"), context)
                    .unwrap();
                Err(name.to_string(context).unwrap().to_std_string_escaped())
            }
        }
    }

    #[test]
    fn host_text_is_utf8_with_lone_surrogates_replaced() {
        let units = |text: &str| text.encode_utf16().collect::<Vec<u16>>();
        assert_eq!(host_text(&units("{\"a\":\"plain\"}")), "{\"a\":\"plain\"}");
        assert_eq!(host_text(&units("é ÿ € 😀")), "é ÿ € 😀");
        assert_eq!(
            host_text(&[0x61, 0xd800, 0x62, 0xdc00]),
            "a\u{fffd}b\u{fffd}"
        );
        assert_eq!(host_text(&[]), "");
    }

    #[test]
    fn every_case_is_written_as_boas_json_stringify_writes_it() {
        for arguments in [
            // Plain data.
            r#"{hello: "/hello"}"#,
            r#"{a: 1, b: "x", c: [1, 2, {d: null}], e: true, f: false}"#,
            "[]",
            "{}",
            "42",
            "-0",
            "1.5e300",
            "0.1 + 0.2",
            "1e21",
            "-123.456",
            "'text'",
            "null",
            "true",
            "[NaN, Infinity, -Infinity]",
            "{u: undefined, s: Symbol('x'), n: 1, f() {}}",
            "[undefined, , 3, Symbol('y'), function () {}]",
            r#"{"2": "b", "1": "a", z: 1, "10": 3, y: 2}"#,
            r#""quote \" back \\ ctl \u0001 \u001f nl \n tab \t bs \b ff \f cr \r é 😀 \ud800 x \udc00""#,
            r#"{"key \" é \ud800": 1}"#,
            // Latin-1 only, so held one byte per unit.
            r#""quote \" back \\ ctl \u0000 \u0001 \u001f del \u007f nl \n tab \t é ÿ""#,
            r#"{"latin é": "ÿ \u0008", "ascii": "plain"}"#,
            "(() => { const o = Object.create(null); o.k = [1]; return o; })()",
            "Object.assign([1, 2], {x: 1})",
            r#"Object.defineProperty({a: 1}, "b", {value: 2, enumerable: false})"#,
            "(() => { const shared = {v: 1}; return {a: shared, b: [shared, shared]}; })()",
            "(() => { let v = {deep: [1]}; for (let i = 0; i < 200; i++) v = i % 2 ? [v, 1] : {v, w: 2}; return v; })()",
            "{[Symbol('k')]: 1, k: 2}",
            "new Array(3)",
            // Nothing to write.
            "undefined",
            "Symbol('s')",
            "function () {}",
            "",
            // Code that runs, in order.
            "(() => { const log = []; const o = {get b() { log.push('b'); return 2 }, get a() { log.push('a'); return 1 }}; return [o, log]; })()",
            "(() => { const log = []; const o = {x: {toJSON(key) { log.push(key); return 'X' }}, y: [{toJSON(key) { log.push(key); return 'Y' }}]}; return [o, log]; })()",
            "new Date(0)",
            "{d: new Date(0)}",
            "{toJSON() { return {nested: [1]}; }}",
            "Object.assign([1], {toJSON: 1})",
            "{get toJSON() { return () => 'got'; }}",
            "Object.defineProperty([1], 'toJSON', {get() { return () => 'array'; }})",
            "{a: {toJSON: undefined, b: 1}, c: [Object.assign({}, {toJSON: null})]}",
            "(() => { class A { constructor() { this.x = 1; } toJSON() { return 'A' } } return [new A(), Object.create(new A())]; })()",
            "(() => { class B { constructor() { this.y = [2]; } } return new B(); })()",
            "new Map([[1, 2]])",
            "new Uint8Array([1, 2, 3])",
            "[new Number(1), new String('s'), new Boolean(false), Object('x')]",
            "(function () { return arguments; })(1, 2)",
            "new Error('e')",
            // Proxies: their traps run, and an array proxy is an array.
            "new Proxy({a: 1, b: 2}, {})",
            "new Proxy([1, 2], {})",
            "(() => { const log = []; const p = new Proxy({a: 1, b: 2}, {ownKeys(t) { log.push('keys'); return ['b', 'a', 'c']; }, getOwnPropertyDescriptor(t, k) { log.push('desc ' + k); return k === 'c' ? undefined : {value: t[k], enumerable: true, configurable: true}; }, get(t, k) { log.push('get ' + String(k)); return t[k]; }}); return [p, log]; })()",
            "new Proxy({}, {get(t, k) { return k === 'toJSON' ? () => 'proxied' : undefined; }})",
            // Replacers.
            "{a: 1, b: [2, {c: 3}]}, (k, v) => typeof v === 'number' ? v * 10 : v",
            "{a: 1, b: 2}, function (k, v) { return k === '' ? v : (this.a === 1 ? k : v); }",
            "{a: 1, b: 2}, (k, v) => k === 'a' ? undefined : v",
            "[1, 2], (k, v) => k === '0' ? undefined : v",
            "{a: 1, b: {a: 2, c: 3}, c: 4, 1: 'one'}, ['a', 'b', 'a', 1, new String('c'), new Number(1), {}, true]",
            "[{a: 1, b: 2}], ['a']",
            "{a: 1}, 'not a replacer'",
            "{a: 1}, new Proxy(['a'], {})",
            // Space.
            "{a: [1, {b: 2}], c: {}, d: []}, null, 2",
            "{a: [1, {b: 2}]}, null, 20",
            "{a: [1, {b: 2}]}, null, -1",
            "{a: [1, {b: 2}]}, null, 2.7",
            "{a: [1, {b: 2}]}, null, '\\t'",
            "{a: [1, {b: 2}]}, null, 'abcdefghijklmnop'",
            "{a: [1, {b: 2}]}, null, new Number(3)",
            "{a: [1, {b: 2}]}, null, new String('--')",
            "{a: [1]}, null, Infinity",
            "{a: [1]}, null, '\\ud800'",
            "[[], {}, [[]], {a: {}}], null, 1",
            // Raw JSON.
            "JSON.rawJSON('123456789012345678901234567890')",
            "{a: JSON.rawJSON('\"x\"'), b: [JSON.rawJSON('null')]}",
            // Errors: cycles, BigInt, a throwing getter, toJSON or replacer.
            "(() => { const a = {}; a.self = a; return a; })()",
            "(() => { const a = []; a.push({a}); return a; })()",
            "10n",
            "{n: 10n}",
            "Object(10n)",
            "{get a() { throw new RangeError('read'); }}",
            "{toJSON() { throw new SyntaxError('json'); }}",
            "{a: 1}, () => { throw new EvalError('replacer'); }",
        ] {
            assert_eq!(
                ours(arguments),
                boas(arguments),
                "JSON.stringify({arguments})"
            );
        }
    }

    #[test]
    fn depth_costs_no_stack() {
        // 100,000 levels on a 1 MiB stack, which Boa needs for itself: a writer that
        // recursed would need about a hundred times more.
        let written = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| {
                ours(
                    "(() => { let v = [1]; for (let i = 0; i < 100000; i++) v = i % 2 ? [v] : {v}; return v; })()",
                )
            })
            .unwrap()
            .join()
            .unwrap()
            .unwrap()
            .unwrap();
        // Level i wraps the levels below it: opened outermost first, closed innermost
        // first.
        let wrapping = |i: usize| {
            if i % 2 == 1 {
                ("[", "]")
            } else {
                ("{\"v\":", "}")
            }
        };
        let opening: String = (0..100_000).rev().map(|i| wrapping(i).0).collect();
        let closing: String = (0..100_000).map(|i| wrapping(i).1).collect();
        let expected = format!("{opening}[1]{closing}");
        assert!(written == expected, "{}", &written[..40]);
    }
}
