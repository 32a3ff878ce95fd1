//! The filter's plugin configuration, in either form Envoy can hand it over
//! (docs/sync-and-deployment.md, "Envoy configuration"):
//!
//! - the bundle's own bytes, from a `google.protobuf.BytesValue` (what
//!   `endpoint-envoy` writes for Envoy and Kubernetes);
//! - JSON, `{"bundle": "BASE64"}`, from a `google.protobuf.StringValue`: what Istio's
//!   `WasmPlugin.pluginConfig` and Envoy Gateway's `EnvoyExtensionPolicy` `config`
//!   become, since both carry JSON only.
//!
//! A bundle starts with its magic bytes, never with `{`, so the two never meet.
//!
//! `endpoint-envoy sync` writes the JSON form with a `write` mark of its own: Envoy
//! keeps a filter instance it still holds for a byte-identical configuration and does
//! not load it again, so a sync back to a recent bundle (a rollback, or the last good
//! one after a refusal) would serve that bundle while the filter's version gauge still
//! named the one before. The mark makes every write a new configuration.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;

use crate::bundle::NO_BUNDLE;

/// The JSON configuration's field that holds the bundle, base64-encoded.
pub const BUNDLE_FIELD: &str = "bundle";

/// The JSON configuration's optional field that makes a write unique: any text, which
/// the filter does not read.
pub const WRITE_FIELD: &str = "write";

/// What the configuration asks the filter to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Configuration<'a> {
    /// Nothing yet: every request is a `503` until a bundle arrives
    /// ([`NO_BUNDLE`], or JSON without a bundle).
    NoBundle,
    /// These bytes, to be checked as a bundle.
    Bundle(Cow<'a, [u8]>),
}

/// Why a JSON configuration was refused (the bundle serving stays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigurationError {
    /// It starts like JSON but does not parse.
    NotJson(String),
    /// A field other than `bundle`: a typo would otherwise pass unseen.
    UnknownField(String),
    /// `bundle` is not a string.
    BundleNotText,
    /// `bundle` is not base64.
    NotBase64(String),
    /// `write` is not a string.
    WriteNotText,
}

impl fmt::Display for ConfigurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shape = "the JSON configuration is {\"bundle\": \"BASE64\"}, as `endpoint-envoy istio` and `endpoint-envoy gateway` print it, with an optional \"write\" text";
        match self {
            ConfigurationError::NotJson(reason) => {
                write!(f, "the configuration is not JSON ({reason}): {shape}")
            }
            ConfigurationError::UnknownField(name) => {
                write!(
                    f,
                    "the configuration has an unknown field {name:?}: {shape}"
                )
            }
            ConfigurationError::BundleNotText => write!(f, "`bundle` is not a string: {shape}"),
            ConfigurationError::NotBase64(reason) => {
                write!(f, "`bundle` is not base64 ({reason}): {shape}")
            }
            ConfigurationError::WriteNotText => write!(f, "`write` is not a string: {shape}"),
        }
    }
}

impl std::error::Error for ConfigurationError {}

/// Reads the plugin configuration Envoy handed over.
pub fn read(bytes: &[u8]) -> Result<Configuration<'_>, ConfigurationError> {
    if bytes == NO_BUNDLE {
        return Ok(Configuration::NoBundle);
    }
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Ok(Configuration::Bundle(Cow::Borrowed(bytes)));
    }
    let json: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ConfigurationError::NotJson(e.to_string()))?;
    // It starts with `{`: an object, if it parsed at all.
    let fields = match json {
        serde_json::Value::Object(fields) => fields,
        _ => serde_json::Map::new(),
    };
    if let Some(unknown) = fields
        .keys()
        .find(|name| *name != BUNDLE_FIELD && *name != WRITE_FIELD)
    {
        return Err(ConfigurationError::UnknownField(unknown.clone()));
    }
    if fields
        .get(WRITE_FIELD)
        .is_some_and(|mark| !mark.is_string())
    {
        return Err(ConfigurationError::WriteNotText);
    }
    match fields.get(BUNDLE_FIELD) {
        None | Some(serde_json::Value::Null) => Ok(Configuration::NoBundle),
        Some(serde_json::Value::String(encoded)) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map(|bytes| Configuration::Bundle(Cow::Owned(bytes)))
            .map_err(|e| ConfigurationError::NotBase64(e.to_string())),
        Some(_) => Err(ConfigurationError::BundleNotText),
    }
}

/// The JSON configuration that carries `bundle`.
pub fn json_for(bundle: &[u8]) -> serde_json::Value {
    serde_json::json!({ BUNDLE_FIELD: base64::engine::general_purpose::STANDARD.encode(bundle) })
}

/// The JSON configuration that carries `bundle` with the `write` mark `mark`; without
/// a bundle field for [`NO_BUNDLE`].
pub fn json_for_write(bundle: &[u8], mark: &str) -> serde_json::Value {
    let mut json = if bundle == NO_BUNDLE {
        serde_json::json!({})
    } else {
        json_for(bundle)
    };
    if let Some(fields) = json.as_object_mut() {
        fields.insert(WRITE_FIELD.into(), mark.into());
    }
    json
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{MAGIC, encode};
    use crate::model::BundleContent;

    #[test]
    fn both_forms_give_the_same_bundle() {
        let bundle = encode(&BundleContent::default());
        assert!(bundle.starts_with(&MAGIC) && MAGIC[0] != b'{');
        assert_eq!(
            read(&bundle),
            Ok(Configuration::Bundle(Cow::Borrowed(&bundle[..])))
        );
        let json = json_for(&bundle).to_string();
        assert_eq!(
            read(json.as_bytes()),
            Ok(Configuration::Bundle(Cow::Owned(bundle.clone())))
        );
        // Istio writes the Struct back out as it likes: spacing does not matter.
        let spaced = format!(
            "  \n{{ \"bundle\" : {:?} }}",
            json_for(&bundle)["bundle"].as_str().unwrap()
        );
        assert_eq!(
            read(spaced.as_bytes()),
            Ok(Configuration::Bundle(Cow::Owned(bundle.clone())))
        );
        // A write mark changes the configuration, not the bundle.
        let marked = json_for_write(&bundle, "18c2f0a1-4242").to_string();
        assert_ne!(marked, json);
        assert_eq!(
            read(marked.as_bytes()),
            Ok(Configuration::Bundle(Cow::Owned(bundle)))
        );
    }

    #[test]
    fn no_bundle_in_either_form() {
        assert_eq!(read(NO_BUNDLE), Ok(Configuration::NoBundle));
        assert_eq!(read(b"{}"), Ok(Configuration::NoBundle));
        assert_eq!(read(br#"{"bundle": null}"#), Ok(Configuration::NoBundle));
        let marked = json_for_write(NO_BUNDLE, "1").to_string();
        assert_eq!(read(marked.as_bytes()), Ok(Configuration::NoBundle));
    }

    #[test]
    fn every_bad_json_configuration_says_what_is_wrong() {
        for (bytes, expected) in [
            (&b"{"[..], "not JSON"),
            (b"{\"bundle\": 1}", "`bundle` is not a string"),
            (b"{\"bundel\": \"AA==\"}", "unknown field \"bundel\""),
            (b"{\"bundle\": \"not base64!\"}", "not base64"),
            (
                b"{\"bundle\": \"AA==\", \"write\": 7}",
                "`write` is not a string",
            ),
        ] {
            let error = read(bytes).unwrap_err().to_string();
            assert!(error.contains(expected), "{error}");
            assert!(error.contains("{\"bundle\": \"BASE64\"}"), "{error}");
        }
    }
}
