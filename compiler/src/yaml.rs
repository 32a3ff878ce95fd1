//! YAML documents as nodes that remember where they were written, so that every
//! problem can be reported at its line and column.

use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYamlOwned, ScalarOwned, YamlDataOwned};

use crate::diagnostics::{Diagnostic, Position};

pub type Node = MarkedYamlOwned;

/// Parses every document of a file. A syntax error is one diagnostic at its position.
pub fn load(file: &Path, text: &str) -> Result<Vec<Node>, Diagnostic> {
    Node::load_from_str(text).map_err(|e| {
        Diagnostic::new(
            file,
            Position::from(*e.marker()),
            format!("YAML syntax: {}", e.info()),
        )
    })
}

pub fn position(node: &Node) -> Position {
    Position::from(node.span.start)
}

/// A short name for a node's type, for "expected X, found Y" messages.
pub fn kind(node: &Node) -> &'static str {
    match &node.data {
        YamlDataOwned::Value(ScalarOwned::Null) => "null",
        YamlDataOwned::Value(ScalarOwned::Boolean(_)) => "a boolean",
        YamlDataOwned::Value(ScalarOwned::Integer(_)) => "an integer",
        YamlDataOwned::Value(ScalarOwned::FloatingPoint(_)) => "a number",
        YamlDataOwned::Value(ScalarOwned::String(_)) => "a string",
        YamlDataOwned::Sequence(_) => "a list",
        YamlDataOwned::Mapping(_) => "a mapping",
        YamlDataOwned::Alias(_) => "an alias",
        _ => "an unsupported value",
    }
}

pub fn as_str(node: &Node) -> Option<&str> {
    match &node.data {
        YamlDataOwned::Value(ScalarOwned::String(text)) => Some(text),
        _ => None,
    }
}

pub fn as_bool(node: &Node) -> Option<bool> {
    match &node.data {
        YamlDataOwned::Value(ScalarOwned::Boolean(value)) => Some(*value),
        _ => None,
    }
}

pub fn as_int(node: &Node) -> Option<i64> {
    match &node.data {
        YamlDataOwned::Value(ScalarOwned::Integer(value)) => Some(*value),
        _ => None,
    }
}

pub fn as_list(node: &Node) -> Option<&Vec<Node>> {
    match &node.data {
        YamlDataOwned::Sequence(items) => Some(items),
        _ => None,
    }
}

pub fn is_null(node: &Node) -> bool {
    matches!(node.data, YamlDataOwned::Value(ScalarOwned::Null))
}

/// The entries of a mapping as (key text, key node, value node), in written order.
/// Keys that are not strings are reported and left out.
pub fn entries<'n>(
    file: &Path,
    node: &'n Node,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<(&'n str, &'n Node, &'n Node)>> {
    let YamlDataOwned::Mapping(mapping) = &node.data else {
        return None;
    };
    let mut out = Vec::with_capacity(mapping.len());
    for (key, value) in mapping {
        match as_str(key) {
            Some(name) => out.push((name, key, value)),
            None => problems.push(Diagnostic::new(
                file,
                position(key),
                format!("field names are strings, found {}", kind(key)),
            )),
        }
    }
    Some(out)
}

/// A YAML value as JSON (for vars, and schemas written as YAML). Mapping keys must be
/// strings; an alias or a non-finite number is refused, with the node at fault.
pub fn to_json(node: &Node) -> Result<serde_json::Value, (&Node, String)> {
    use serde_json::Value;
    Ok(match &node.data {
        YamlDataOwned::Value(ScalarOwned::Null) => Value::Null,
        YamlDataOwned::Value(ScalarOwned::Boolean(b)) => Value::Bool(*b),
        YamlDataOwned::Value(ScalarOwned::Integer(i)) => Value::from(*i),
        YamlDataOwned::Value(ScalarOwned::FloatingPoint(f)) => {
            serde_json::Number::from_f64(f.into_inner())
                .map(Value::Number)
                .ok_or((
                    node,
                    "a number that JSON cannot hold (infinite or NaN)".to_string(),
                ))?
        }
        YamlDataOwned::Value(ScalarOwned::String(s)) => Value::String(s.clone()),
        YamlDataOwned::Sequence(items) => {
            Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?)
        }
        YamlDataOwned::Mapping(mapping) => {
            let mut object = serde_json::Map::new();
            for (key, value) in mapping {
                let name =
                    as_str(key).ok_or((key, format!("keys are strings, found {}", kind(key))))?;
                object.insert(name.to_string(), to_json(value)?);
            }
            Value::Object(object)
        }
        YamlDataOwned::Tagged(_, inner) => to_json(inner)?,
        _ => return Err((node, format!("{} cannot be written as JSON", kind(node)))),
    })
}

/// A mapping's (key, value) pairs, in written order, whatever their keys' types.
pub fn pairs(node: &Node) -> Option<Vec<(&Node, &Node)>> {
    let YamlDataOwned::Mapping(mapping) = &node.data else {
        return None;
    };
    Some(mapping.iter().collect())
}

/// The value of a mapping's string key, if the node is a mapping that has it.
pub fn mapping_value<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    let YamlDataOwned::Mapping(mapping) = &node.data else {
        return None;
    };
    mapping
        .iter()
        .find(|(k, _)| as_str(k) == Some(key))
        .map(|(_, v)| v)
}
