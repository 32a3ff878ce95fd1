//! Body schemas: JSON Schema (inline, as text, or `{file: ...}` inside the folders
//! compiled) and XSD, checked as the filter will compile them.

use super::*;

impl Reader<'_> {
    /// `request_content_schema`: for JSON, a schema written inline as YAML, as a JSON or
    /// YAML string, or `{file: path}`; for XML, an XSD as a string or `{file: path}`.
    /// The schema is checked here exactly as the filter will compile it.
    pub(super) fn content_schema(
        &mut self,
        node: &Node,
        content_type: Option<ContentType>,
        content_type_node: Option<&Node>,
        formats: SchemaFormats,
    ) -> Option<ContentSchema> {
        let is_xml = match content_type {
            Some(ContentType::Json) => false,
            Some(ContentType::Xml) => true,
            Some(other) => {
                self.error(
                    node,
                    format!("`request_content_schema` is for application/json and application/xml bodies, not {}", other.as_str()),
                );
                return None;
            }
            None => {
                if content_type_node.is_none() {
                    self.error(
                        node,
                        "`request_content_schema` needs `request_content_type: application/json` or `application/xml`",
                    );
                }
                return None;
            }
        };
        let (text, source) = self.schema_text(node)?;
        if is_xml {
            let Some(xsd) = text else {
                self.error(
                    node,
                    format!("an XSD is written as a string (`|` block) or `{{file: schema.xsd}}`, found {}", yaml::kind(node)),
                );
                return None;
            };
            let problems = validation::xml::problems(&xsd);
            for problem in &problems {
                self.error(node, format!("request_content_schema: {source}{problem}"));
            }
            return problems.is_empty().then_some(ContentSchema::Xsd(xsd));
        }
        self.json_schema(node, text, &source, "request_content_schema", formats)
            .map(ContentSchema::Json)
    }

    /// A schema's text when it is a string or `{file: path}` (read next to this
    /// definition file, inside the folders being compiled), with the file's path for
    /// messages; no text when it is written as YAML. `None` when the file is refused.
    pub(super) fn schema_text(&mut self, node: &Node) -> Option<(Option<String>, String)> {
        let from_file =
            yaml::entries(self.file, node, self.problems).and_then(|entries| match &entries[..] {
                [("file", _, path)] => Some(*path),
                _ => None,
            });
        match from_file {
            Some(path_node) => {
                let relative = self.string(path_node, "file")?;
                let read = schema_file(self.file, &relative, self.roots).and_then(|path| {
                    std::fs::read_to_string(&path)
                        .map(|text| (text, path))
                        .map_err(|e| format!("cannot read the schema file {relative}: {e}"))
                });
                match read {
                    Ok((text, path)) => Some((Some(text), format!("{} ", path.display()))),
                    Err(reason) => {
                        self.error(path_node, reason);
                        None
                    }
                }
            }
            None => Some((yaml::as_str(node).map(str::to_string), String::new())),
        }
    }

    /// A JSON Schema (2020-12) written as JSON or YAML text, or inline as YAML, checked
    /// against its meta-schema; problems are reported as `field: ...`.
    pub(super) fn json_schema(
        &mut self,
        node: &Node,
        text: Option<String>,
        source: &str,
        field: &str,
        formats: SchemaFormats,
    ) -> Option<serde_json::Value> {
        let schema = match text {
            // JSON first, for its exact numbers; YAML is the other string form.
            Some(text) => match serde_json::from_str(&text) {
                Ok(value) => value,
                Err(json_error) => match yaml_text_to_json(&text) {
                    Ok(value) => value,
                    Err(yaml_error) => {
                        self.error(
                            node,
                            format!("{field}: {source}is neither JSON ({json_error}) nor YAML ({yaml_error})"),
                        );
                        return None;
                    }
                },
            },
            None => match yaml::to_json(node) {
                Ok(value) => value,
                Err((at, reason)) => {
                    self.error(at, format!("{field}: {reason}"));
                    return None;
                }
            },
        };
        let problems = validation::json::problems(&schema, formats);
        for problem in &problems {
            // An inline schema's problem is reported at the YAML node it is about.
            let at = if source.is_empty() && yaml::as_str(node).is_none() {
                node_at_pointer(node, &problem.pointer)
            } else {
                node
            };
            let location = if problem.pointer.is_empty() {
                String::new()
            } else {
                format!("at {} ", problem.pointer)
            };
            self.error(
                at,
                format!("{field}: {source}{location}{}", problem.message),
            );
        }
        problems.is_empty().then_some(schema)
    }
}

/// The file `request_content_schema: {file: relative}` of a definition file names,
/// resolved (symbolic links followed): a relative path from that file's folder that
/// stays inside one of the folders being compiled (`roots`, resolved). A bundle is
/// made from the definitions alone, never from whatever else the machine that
/// compiles it can read.
pub fn schema_file(
    definition_file: &Path,
    relative: &str,
    roots: &[PathBuf],
) -> Result<PathBuf, String> {
    if Path::new(relative).has_root() {
        return Err(format!(
            "the schema file {relative} is an absolute path: name it relative to this definition file"
        ));
    }
    let joined = definition_file
        .parent()
        .unwrap_or(Path::new("."))
        .join(relative);
    let resolved = joined
        .canonicalize()
        .map_err(|e| format!("cannot read the schema file {relative}: {e}"))?;
    if !roots.iter().any(|root| resolved.starts_with(root)) {
        return Err(format!(
            "the schema file {relative} lies outside the folders being compiled: \
             keep schemas inside the definitions' folder tree"
        ));
    }
    Ok(resolved)
}

/// A YAML (or JSON) text of one document as JSON.
fn yaml_text_to_json(text: &str) -> Result<serde_json::Value, String> {
    let documents = yaml::load(Path::new("schema"), text).map_err(|d| d.message)?;
    match &documents[..] {
        [one] => yaml::to_json(one).map_err(|(_, reason)| reason),
        _ => Err("a schema is one document".into()),
    }
}

/// The YAML node a JSON Pointer names inside an inline schema, or the deepest one
/// that exists on its way.
fn node_at_pointer<'n>(root: &'n Node, pointer: &str) -> &'n Node {
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        let next = match yaml::as_list(node) {
            Some(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            None => yaml::mapping_value(node, &segment),
        };
        match next {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}
