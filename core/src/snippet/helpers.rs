//! Native helpers for snippets: digests, HMACs and a constant-time comparison, so
//! that a snippet can verify a webhook signature (GitHub's `X-Hub-Signature-256`, for
//! one) without writing cryptography in JavaScript.
//!
//! Text arguments are hashed as their UTF-8 bytes. Output is lowercase hex unless the
//! last argument says `"base64"`.

use base64::Engine as _;
use boa_engine::{Context, JsNativeError, JsResult, JsString, JsValue, NativeFunction};
use hmac::{KeyInit, Mac, SimpleHmac};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::bundle::hex;

/// The helpers' global names, with the number of arguments each takes.
pub const HELPERS: &[(&str, usize)] = &[
    ("sha1", 2),
    ("sha256", 2),
    ("sha512", 2),
    ("hmacSha1", 3),
    ("hmacSha256", 3),
    ("hmacSha512", 3),
    ("timingSafeEqual", 2),
];

/// Defines the helpers on the global object (frozen afterwards with the rest).
pub fn register(context: &mut Context) -> JsResult<()> {
    let functions: [NativeFunction; 7] = [
        NativeFunction::from_fn_ptr(digest::<Sha1>),
        NativeFunction::from_fn_ptr(digest::<Sha256>),
        NativeFunction::from_fn_ptr(digest::<Sha512>),
        NativeFunction::from_fn_ptr(hmac::<Sha1>),
        NativeFunction::from_fn_ptr(hmac::<Sha256>),
        NativeFunction::from_fn_ptr(hmac::<Sha512>),
        NativeFunction::from_fn_ptr(timing_safe_equal),
    ];
    for ((name, length), function) in HELPERS.iter().zip(functions) {
        context.register_global_builtin_callable(JsString::from(*name), *length, function)?;
    }
    Ok(())
}

fn digest<D: Digest>(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let data = text(args, 0, "data", context)?;
    let output = D::digest(&data);
    encode(&output, args.get(1), context)
}

fn hmac<D>(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue>
where
    D: Digest + sha2::digest::common::BlockSizeUser + Clone,
{
    let key = text(args, 0, "key", context)?;
    let data = text(args, 1, "data", context)?;
    let mut mac = <SimpleHmac<D> as KeyInit>::new_from_slice(&key)
        .map_err(|_| JsNativeError::typ().with_message("the HMAC key is not usable"))?;
    mac.update(&data);
    encode(&mac.finalize().into_bytes(), args.get(2), context)
}

/// Compares two strings in time that depends on their lengths only, never on where
/// they differ: for comparing a computed signature with a presented one.
fn timing_safe_equal(_: &JsValue, args: &[JsValue], context: &mut Context) -> JsResult<JsValue> {
    let a = text(args, 0, "a", context)?;
    let b = text(args, 1, "b", context)?;
    if a.len() != b.len() {
        return Ok(JsValue::from(false));
    }
    let difference = a.iter().zip(&b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    Ok(JsValue::from(std::hint::black_box(difference) == 0))
}

fn text(args: &[JsValue], index: usize, name: &str, context: &mut Context) -> JsResult<Vec<u8>> {
    match args.get(index) {
        Some(value) if value.is_string() => {
            Ok(value.to_string(context)?.to_std_string_lossy().into_bytes())
        }
        _ => Err(JsNativeError::typ()
            .with_message(format!("`{name}` must be a string"))
            .into()),
    }
}

fn encode(bytes: &[u8], encoding: Option<&JsValue>, context: &mut Context) -> JsResult<JsValue> {
    let encoding = match encoding {
        None => "hex".to_string(),
        Some(value) if value.is_undefined() => "hex".to_string(),
        Some(value) => value.to_string(context)?.to_std_string_lossy(),
    };
    let text = match encoding.as_str() {
        "hex" => hex(bytes),
        "base64" => base64::engine::general_purpose::STANDARD.encode(bytes),
        other => {
            return Err(JsNativeError::typ()
                .with_message(format!(
                    "unknown encoding {other:?}: use \"hex\" or \"base64\""
                ))
                .into());
        }
    };
    Ok(JsValue::from(JsString::from(text.as_str())))
}
