//! The reply of a plain `result`, made in Rust instead of by the prelude's checks.
//!
//! Turning `result` into a reply took about 40% of a hello request natively when the
//! prelude did it in JavaScript. Most results are plain: an ordinary object whose
//! `payload` and `status_code` are data properties, with no `response` and no
//! `headers`. For those, [`plain_reply`] reads the property table, writes the payload
//! with the filter's JSON writer (which runs a `toJSON` or a getter inside the run's
//! budget, as the prelude would) and leaves the reply in a slot the host reads. Any
//! other result is left to the prelude, before any of its code has run.

use std::cell::RefCell;
use std::rc::Rc;

use boa_engine::property::PropertyKey;
use boa_engine::{Context, Finalize, JsObject, JsResult, JsValue, Trace, js_string};

use super::json::{self, Intrinsics};

/// A reply made by [`plain_reply`], for the host to take after the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainReply {
    pub status: u16,
    pub body: String,
    /// `"json"`, `"text"` or `"empty"`, as the prelude's `kind`.
    pub kind: &'static str,
}

/// Where [`plain_reply`] leaves its reply; shared by the native function and the host.
pub type ReplySlot = Rc<RefCell<Option<PlainReply>>>;

/// What the native function holds.
pub struct Captures {
    pub intrinsics: Intrinsics,
    pub slot: ReplySlot,
}

impl Finalize for Captures {}

// SAFETY: the intrinsics are marked; the slot holds no garbage-collected value.
unsafe impl Trace for Captures {
    boa_engine::gc::custom_trace!(this, mark, {
        mark(&this.intrinsics);
    });
}

/// What [`plain_reply`] tells the prelude.
pub const NOT_PLAIN: i32 = 0;
pub const REPLIED: i32 = 1;
/// The payload has no JSON form: the prelude throws its `ResultError`.
pub const NOT_WRITABLE: i32 = 2;

/// An own property as the property table has it.
enum Own {
    Absent,
    Data(JsValue),
    /// A getter or setter: reading it would run code, so the prelude does it.
    Accessor,
}

fn own(object: &JsObject, name: &'static str) -> Own {
    let key = PropertyKey::from(js_string!(name));
    match object.borrow().properties().get(&key) {
        None => Own::Absent,
        Some(descriptor) => match descriptor.value() {
            Some(value) => Own::Data(value.clone()),
            None => Own::Accessor,
        },
    }
}

/// `plainReply(result)`: [`REPLIED`] with the reply in the slot, [`NOT_PLAIN`] having
/// run nothing, or [`NOT_WRITABLE`]. An exception from the payload's own code (a
/// `toJSON`, a getter) is thrown on, as the prelude's `JSON.stringify` would.
pub fn plain_reply(
    captures: &Captures,
    args: &[JsValue],
    context: &mut Context,
) -> JsResult<JsValue> {
    let not_plain = Ok(JsValue::from(NOT_PLAIN));
    let Some(result) = args.first().and_then(JsValue::as_object) else {
        return not_plain;
    };
    // An ordinary object straight from `{...}`: the frozen Object.prototype has none of
    // the names read here, so the own properties are all there is.
    if !result.is_ordinary()
        || result.prototype().as_ref() != Some(captures.intrinsics.object_prototype())
    {
        return not_plain;
    }
    match own(&result, "response") {
        Own::Absent => {}
        Own::Data(value) if value.is_undefined() => {}
        _ => return not_plain,
    }
    match own(&result, "headers") {
        Own::Absent => {}
        Own::Data(value) if value.is_null_or_undefined() => {}
        _ => return not_plain,
    }
    let status = match own(&result, "status_code") {
        Own::Absent => None,
        Own::Data(value) if value.is_undefined() => Some(200),
        Own::Data(value) => match value.as_number() {
            Some(n) if n.fract() == 0.0 && (200.0..=599.0).contains(&n) => Some(n as u16),
            _ => return not_plain,
        },
        Own::Accessor => return not_plain,
    };
    let payload = match own(&result, "payload") {
        Own::Absent => None,
        Own::Data(value) => Some(value),
        Own::Accessor => return not_plain,
    };
    // Neither part: the prelude says what is wrong.
    let status = match (status, &payload) {
        (None, None) => return not_plain,
        (Some(status), _) => status,
        (None, Some(_)) => 200,
    };
    let payload = payload.unwrap_or_default();
    let (kind, body) = if payload.is_null_or_undefined() {
        ("empty", String::new())
    } else if let Some(text) = payload.as_string() {
        ("text", text.to_std_string_lossy())
    } else {
        match json::to_text(&captures.intrinsics, payload, context)? {
            Some(text) => ("json", text),
            None => return Ok(JsValue::from(NOT_WRITABLE)),
        }
    };
    *captures.slot.borrow_mut() = Some(PlainReply { status, body, kind });
    Ok(JsValue::from(REPLIED))
}
