//! The stream's dynamic metadata, as Envoy hands it to wasm: the `metadata` property
//! is a serialized `envoy.config.core.v3.Metadata`. (A path into it comes back in
//! proxy-wasm's own pair encoding instead, and lists not at all, so the whole message is
//! read and decoded here.) The engine wants JSON.

use std::collections::BTreeMap;

use endpoint_core::model::JWT_AUTHN_METADATA_NAMESPACE;
use prost::Message;
use prost_types::value::Kind;
use serde_json::{Map, Number, Value};

/// The part of `envoy.config.core.v3.Metadata` the filter reads.
#[derive(Clone, PartialEq, Message)]
struct Metadata {
    #[prost(btree_map = "string, message", tag = "1")]
    filter_metadata: BTreeMap<String, prost_types::Struct>,
}

/// The claims `jwt_authn` stored under `payload_in_metadata`, as a JSON object.
pub fn jwt_payload(metadata: &[u8], payload_in_metadata: &str) -> Option<Map<String, Value>> {
    let mut decoded = Metadata::decode(metadata).ok()?;
    let mut namespace = decoded
        .filter_metadata
        .remove(JWT_AUTHN_METADATA_NAMESPACE)?;
    match namespace.fields.remove(payload_in_metadata)?.kind {
        Some(Kind::StructValue(payload)) => Some(fields_to_json(payload.fields)),
        _ => None,
    }
}

fn fields_to_json(fields: BTreeMap<String, prost_types::Value>) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(name, value)| (name, value_to_json(value)))
        .collect()
}

fn value_to_json(value: prost_types::Value) -> Value {
    match value.kind {
        None | Some(Kind::NullValue(_)) => Value::Null,
        Some(Kind::BoolValue(b)) => Value::Bool(b),
        Some(Kind::StringValue(s)) => Value::String(s),
        // Protobuf numbers are doubles; whole ones read back as integers, as in the token.
        Some(Kind::NumberValue(n)) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Value::Number(Number::from(n as i64))
            } else {
                Number::from_f64(n).map_or(Value::Null, Value::Number)
            }
        }
        Some(Kind::StructValue(s)) => Value::Object(fields_to_json(s.fields)),
        Some(Kind::ListValue(list)) => {
            Value::Array(list.values.into_iter().map(value_to_json).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost_types::{ListValue, Struct, Value as PValue};

    fn string(s: &str) -> PValue {
        PValue {
            kind: Some(Kind::StringValue(s.into())),
        }
    }

    fn metadata_with(namespace: &str, key: &str, payload: Struct) -> Vec<u8> {
        let mut fields = BTreeMap::new();
        fields.insert(
            key.to_string(),
            PValue {
                kind: Some(Kind::StructValue(payload)),
            },
        );
        let mut filter_metadata = BTreeMap::new();
        filter_metadata.insert(namespace.to_string(), Struct { fields });
        Metadata { filter_metadata }.encode_to_vec()
    }

    #[test]
    fn decodes_claims() {
        let mut fields = BTreeMap::new();
        fields.insert("sub".to_string(), string("ann"));
        fields.insert(
            "exp".to_string(),
            PValue {
                kind: Some(Kind::NumberValue(1_700_000_000.0)),
            },
        );
        fields.insert(
            "ratio".to_string(),
            PValue {
                kind: Some(Kind::NumberValue(0.5)),
            },
        );
        fields.insert(
            "admin".to_string(),
            PValue {
                kind: Some(Kind::BoolValue(true)),
            },
        );
        fields.insert(
            "groups".to_string(),
            PValue {
                kind: Some(Kind::ListValue(ListValue {
                    values: vec![string("a"), string("b")],
                })),
            },
        );
        let bytes = metadata_with(
            JWT_AUTHN_METADATA_NAMESPACE,
            "jwt_payload",
            Struct { fields },
        );
        let json = Value::Object(jwt_payload(&bytes, "jwt_payload").unwrap());
        assert_eq!(
            json,
            serde_json::json!({"sub": "ann", "exp": 1_700_000_000, "ratio": 0.5, "admin": true, "groups": ["a", "b"]})
        );
    }

    #[test]
    fn finds_nothing_where_jwt_authn_wrote_nothing() {
        assert!(jwt_payload(b"\xff\xff\xff", "jwt_payload").is_none());
        assert!(jwt_payload(b"", "jwt_payload").is_none());
        let other_key = metadata_with(JWT_AUTHN_METADATA_NAMESPACE, "other", Struct::default());
        assert!(jwt_payload(&other_key, "jwt_payload").is_none());
        // Another filter's metadata under the same key is not a verified token.
        let other_filter = metadata_with(
            "envoy.filters.http.header_to_metadata",
            "jwt_payload",
            Struct::default(),
        );
        assert!(jwt_payload(&other_filter, "jwt_payload").is_none());
    }
}
