//! JSON text for plain data, written natively: the payload most snippets return
//! (objects and arrays of strings, numbers, booleans and null) costs a fraction of
//! Boa's `JSON.stringify`, which follows the specification step by step and builds a
//! string per nested value.
//!
//! Only data that no snippet code can observe being read is written here: ordinary
//! objects and arrays with the built-in prototypes, without accessors or an own
//! `toJSON`. Anything else (a getter, a proxy, a `Date`, a class instance, a function,
//! a cycle, a BigInt, a boxed primitive) makes [`plain_json`] return `undefined`, and
//! the prelude calls `JSON.stringify`, whose result is then the same by construction.

use boa_engine::property::PropertyKey;
use boa_engine::string::CodePoint;
use boa_engine::value::JsVariant;
use boa_engine::{Context, JsObject, JsResult, JsString, JsValue, js_string};

/// Nesting past this is left to `JSON.stringify`.
const MAX_DEPTH: usize = 32;

/// `plainJson(value)`: the JSON text of `value`, or `undefined` when it is not plain.
pub fn plain_json(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let value = args.first().cloned().unwrap_or_default();
    let mut writer = Writer {
        out: String::new(),
        stack: Vec::new(),
        object_prototype: context.intrinsics().constructors().object().prototype(),
        array_prototype: context.intrinsics().constructors().array().prototype(),
    };
    Ok(match writer.value(&value, context) {
        Some(true) => JsString::from(writer.out.as_str()).into(),
        _ => JsValue::undefined(),
    })
}

struct Writer {
    out: String,
    /// The objects being written, outermost first: a cycle is left to `JSON.stringify`.
    stack: Vec<JsObject>,
    object_prototype: JsObject,
    array_prototype: JsObject,
}

impl Writer {
    /// Writes `value`; `Some(false)` when JSON leaves it out (undefined, a symbol),
    /// `None` when it is not plain data.
    fn value(&mut self, value: &JsValue, context: &mut Context) -> Option<bool> {
        match value.variant() {
            JsVariant::Null => self.out.push_str("null"),
            JsVariant::Undefined | JsVariant::Symbol(_) => return Some(false),
            JsVariant::Boolean(b) => self.out.push_str(if b { "true" } else { "false" }),
            JsVariant::Integer32(n) => self.out.push_str(&n.to_string()),
            JsVariant::Float64(n) if n.is_finite() => {
                let text = value.to_string(context).ok()?;
                self.out.push_str(&text.to_std_string_lossy());
            }
            JsVariant::Float64(_) => self.out.push_str("null"),
            JsVariant::String(s) => quote(&s, &mut self.out),
            JsVariant::BigInt(_) => return None,
            JsVariant::Object(object) => self.object(&object, context)?,
        }
        Some(true)
    }

    fn object(&mut self, object: &JsObject, context: &mut Context) -> Option<()> {
        if self.stack.len() >= MAX_DEPTH
            || self.stack.iter().any(|seen| seen == object)
            || object.is_callable()
        {
            return None;
        }
        let is_array = object.is_array();
        let expected_prototype = if is_array {
            &self.array_prototype
        } else if object.is_ordinary() || object.is::<super::HostObject>() {
            &self.object_prototype
        } else {
            return None;
        };
        match object.prototype() {
            Some(prototype) if &prototype == expected_prototype => {}
            None if !is_array => {}
            _ => return None,
        }
        // The prototypes are frozen without a `toJSON`; an own one would be called.
        let to_json = PropertyKey::from(js_string!("toJSON"));
        if object.borrow().properties().get(&to_json).is_some() {
            return None;
        }
        self.stack.push(object.clone());
        let written = if is_array {
            self.array(object, context)
        } else {
            self.members(object, context)
        };
        self.stack.pop();
        written
    }

    /// Only `length` and the indices are read, as `JSON.stringify` does; an accessor
    /// among the indices would run code, so it is left to `JSON.stringify`.
    fn array(&mut self, array: &JsObject, context: &mut Context) -> Option<()> {
        let length_key = PropertyKey::from(js_string!("length"));
        let length = own_data(array, &length_key)?.0.as_number()? as u32;
        self.out.push('[');
        for index in 0..length {
            if index > 0 {
                self.out.push(',');
            }
            // A hole reads through the frozen, index-free Array.prototype: undefined.
            let element = match array.borrow().properties().get(&PropertyKey::from(index)) {
                None => JsValue::undefined(),
                Some(descriptor) => descriptor.value()?.clone(),
            };
            if !self.value(&element, context)? {
                self.out.push_str("null");
            }
        }
        self.out.push(']');
        Some(())
    }

    fn members(&mut self, object: &JsObject, context: &mut Context) -> Option<()> {
        // For an ordinary object this is its own key list, and runs no code.
        let keys = object.own_property_keys(context).ok()?;
        self.out.push('{');
        let mut first = true;
        for key in &keys {
            let name = match key {
                PropertyKey::String(name) => name.clone(),
                PropertyKey::Index(index) => JsString::from(index.get().to_string().as_str()),
                PropertyKey::Symbol(_) => continue,
            };
            let (value, enumerable) = own_data(object, key)?;
            if !enumerable {
                continue;
            }
            let mark = self.out.len();
            if !first {
                self.out.push(',');
            }
            quote(&name, &mut self.out);
            self.out.push(':');
            if self.value(&value, context)? {
                first = false;
            } else {
                self.out.truncate(mark);
            }
        }
        self.out.push('}');
        Some(())
    }
}

/// An own data property's value and whether it is enumerable; `None` for an accessor
/// (reading it would run code) or a missing key.
fn own_data(object: &JsObject, key: &PropertyKey) -> Option<(JsValue, bool)> {
    let descriptor = object.borrow().properties().get(key)?;
    let value = descriptor.value()?.clone();
    Some((value, descriptor.enumerable().unwrap_or(false)))
}

/// QuoteJSONString (ECMA-262 §25.5.2.3): lone surrogates become `\uXXXX` escapes.
fn quote(text: &JsString, out: &mut String) {
    out.push('"');
    for point in text.code_points() {
        match point {
            CodePoint::Unicode(c) => match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            },
            CodePoint::UnpairedSurrogate(unit) => out.push_str(&format!("\\u{unit:04x}")),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use boa_engine::Source;

    use super::*;

    fn written(context: &mut Context, expression: &str) -> Option<String> {
        let value = context
            .eval(Source::from_bytes(&format!("({expression})")))
            .unwrap();
        let text = plain_json(&JsValue::undefined(), &[value], context).unwrap();
        text.as_string().map(|s| s.to_std_string_escaped())
    }

    fn stringified(context: &mut Context, expression: &str) -> String {
        context
            .eval(Source::from_bytes(&format!("JSON.stringify({expression})")))
            .unwrap()
            .as_string()
            .unwrap()
            .to_std_string_escaped()
    }

    #[test]
    fn plain_data_is_written_exactly_as_json_stringify_writes_it() {
        let mut context = Context::default();
        for expression in [
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
            "[NaN, Infinity, -Infinity]",
            "{u: undefined, s: Symbol('x'), n: 1}",
            "[undefined, , 3, Symbol('y')]",
            r#"{"2": "b", "1": "a", z: 1, "10": 3, y: 2}"#,
            r#""quote \" back \\ ctl \u0001 \u001f nl \n tab \t bs \b ff \f cr \r é 😀 \ud800 x \udc00""#,
            r#"(() => { const o = Object.create(null); o.k = [1]; return o; })()"#,
            "Object.assign([1, 2], {x: 1})",
            // JSON.stringify reads no other key of an array, so no code can run.
            r#"Object.defineProperty([1, 2], "x", {get() { throw new Error("read"); }})"#,
            r#"Object.defineProperty({a: 1}, "b", {value: 2, enumerable: false})"#,
            "(() => { const shared = {v: 1}; return {a: shared, b: [shared, shared]}; })()",
            // Built by a loop: Boa's parser needs a deep stack for nested literals.
            "(() => { let v = {deep: [1]}; for (let i = 0; i < 10; i++) v = [v]; return v; })()",
            "{[Symbol('k')]: 1, k: 2}",
            "new Array(3)",
        ] {
            assert_eq!(
                written(&mut context, expression),
                Some(stringified(&mut context, expression)),
                "{expression}"
            );
        }
    }

    #[test]
    fn anything_that_could_run_code_or_is_not_plain_is_left_to_json_stringify() {
        let mut context = Context::default();
        for expression in [
            "new Date(0)",
            "{get a() { return 1; }}",
            "{toJSON() { return 1; }}",
            "Object.assign([1], {toJSON: 1})",
            "new Proxy({}, {})",
            "[1, new Proxy([], {})]",
            "(() => { const a = {}; a.self = a; return a; })()",
            "10n",
            "{n: 10n}",
            "new Number(1)",
            "new String('s')",
            "(() => { class A { constructor() { this.x = 1; } } return new A(); })()",
            "{f: function () {}}",
            "function () {}",
            "new Map()",
            "Object.defineProperty([], 0, {get() { return 1; }})",
            "(() => { let v = [1]; for (let i = 0; i < 40; i++) v = {v}; return v; })()",
        ] {
            assert_eq!(written(&mut context, expression), None, "{expression}");
        }
    }
}
