//! XML document representation.

use std::sync::Arc;

use parking_lot::{Mutex, RwLock};

use crate::error::Result;
use crate::namespace::{Namespace, NamespaceResolver};
use crate::node::error::NodeError;
use crate::node::{NodeData, NodeId, XmlNode, XmlRoNode};

/// An XML document.
///
/// The document owns all nodes and provides methods for traversal
/// and manipulation. It uses a flat vector storage with indices
/// for efficient memory usage and cache locality.
#[derive(Clone)]
pub struct XmlDocument {
    /// All nodes in the document (index 0 is always the document node)
    pub(crate) nodes: Arc<RwLock<Vec<NodeData>>>,
    /// Root element node ID (not the document node)
    pub(crate) root_element_id: Option<NodeId>,
    /// Cached namespace resolver for XPath
    pub(crate) namespace_resolver: Arc<RwLock<NamespaceResolver>>,
    /// Attribute / namespace nodes the XPath evaluator has created, so each
    /// is created once and sorts in document order
    pub(crate) pseudo_nodes: Arc<Mutex<PseudoNodes>>,
}

/// Where a pseudo-node sits in XPath document order: right after its owner
/// element (namespace nodes first, then attribute nodes), before the owner's
/// children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DocOrderKey {
    owner: NodeId,
    /// 0 for the owner itself (and every ordinary node), 1 for namespace
    /// nodes, 2 for attribute nodes
    kind: u8,
    index: usize,
}

/// Identifies an attribute by its owner element, prefix and local name.
type AttrKey = (NodeId, Option<Arc<str>>, Arc<str>);

/// Registry of the attribute and namespace nodes created for XPath results.
///
/// Attributes and namespace bindings are stored on their element, not as
/// nodes; the attribute and namespace axes materialize them as extra nodes
/// appended to the node list. The registry makes that happen once per
/// (element, attribute) and (element, prefix), so repeated queries reuse the
/// same node instead of growing the document, and records each node's owner
/// so node-sets can be sorted in document order (node IDs alone would put
/// every such node after all elements).
#[derive(Debug, Default)]
pub(crate) struct PseudoNodes {
    /// attribute key -> attribute node
    attributes: rustc_hash::FxHashMap<AttrKey, NodeId>,
    /// (owner, prefix) -> namespace node
    namespaces: rustc_hash::FxHashMap<(NodeId, String), NodeId>,
    /// pseudo-node -> its document-order position
    order: rustc_hash::FxHashMap<NodeId, DocOrderKey>,
}

impl PseudoNodes {
    fn order_key(&self, id: NodeId) -> DocOrderKey {
        self.order.get(&id).copied().unwrap_or(DocOrderKey {
            owner: id,
            kind: 0,
            index: 0,
        })
    }
}

impl XmlDocument {
    /// Creates a new empty document.
    pub fn new() -> Self {
        let mut nodes = Vec::with_capacity(64);
        nodes.push(NodeData::document());

        Self {
            nodes: Arc::new(RwLock::new(nodes)),
            root_element_id: None,
            namespace_resolver: Arc::new(RwLock::new(NamespaceResolver::new())),
            pseudo_nodes: Arc::default(),
        }
    }

    /// Creates a document node reference.
    pub fn document_node(&self) -> XmlNode {
        XmlNode {
            id: 0,
            nodes: Arc::clone(&self.nodes),
        }
    }

    /// Returns the root element node.
    pub fn get_root_element(&self) -> Result<XmlNode> {
        self.root_element_id
            .map(|id| XmlNode {
                id,
                nodes: Arc::clone(&self.nodes),
            })
            .ok_or_else(|| NodeError::NoRootElement.into())
    }

    /// Returns the root element as a read-only node.
    pub fn get_root_element_ro(&self) -> Result<XmlRoNode> {
        self.get_root_element().map(XmlRoNode::from_node)
    }

    /// Returns the namespace resolver for this document.
    pub fn namespace_resolver(&self) -> Arc<RwLock<NamespaceResolver>> {
        Arc::clone(&self.namespace_resolver)
    }

    /// Registers a namespace binding for XPath evaluation.
    pub fn register_namespace(&self, prefix: &str, uri: &str) {
        let mut resolver = self.namespace_resolver.write();
        resolver.register(prefix, uri);
    }

    /// Registers multiple namespace bindings at once.
    ///
    /// # Example
    /// ```
    /// use fastxml::Parser;
    ///
    /// let xml = "<root><child/></root>";
    /// let doc = Parser::from(xml).parse().unwrap();
    /// doc.register_namespaces([
    ///     ("gml", "http://www.opengis.net/gml"),
    ///     ("bldg", "http://www.opengis.net/citygml/building/2.0"),
    /// ]);
    ///
    /// let ns = doc.namespaces();
    /// assert!(ns.contains_key("gml"));
    /// assert!(ns.contains_key("bldg"));
    /// ```
    pub fn register_namespaces<I, S1, S2>(&self, iter: I)
    where
        I: IntoIterator<Item = (S1, S2)>,
        S1: AsRef<str>,
        S2: AsRef<str>,
    {
        let mut resolver = self.namespace_resolver.write();
        for (prefix, uri) in iter {
            resolver.register(prefix.as_ref(), uri.as_ref());
        }
    }

    /// Returns all namespace bindings as a map of prefix -> URI.
    ///
    /// This includes namespaces declared in the document and any
    /// manually registered namespaces.
    ///
    /// # Example
    /// ```
    /// use fastxml::Parser;
    ///
    /// let xml = r#"<root xmlns:gml="http://www.opengis.net/gml"
    ///                    xmlns:bldg="http://www.opengis.net/citygml/building/2.0">
    ///     <gml:name>Test</gml:name>
    /// </root>"#;
    /// let doc = Parser::from(xml).parse().unwrap();
    ///
    /// let namespaces = doc.namespaces();
    /// assert_eq!(namespaces.get("gml"), Some(&"http://www.opengis.net/gml".to_string()));
    /// assert_eq!(namespaces.get("bldg"), Some(&"http://www.opengis.net/citygml/building/2.0".to_string()));
    /// ```
    pub fn namespaces(&self) -> std::collections::HashMap<String, String> {
        let resolver = self.namespace_resolver.read();
        resolver
            .bindings()
            .map(|(prefix, uri)| (prefix.to_string(), uri.to_string()))
            .collect()
    }

    /// Gets a node by ID.
    pub fn get_node(&self, id: NodeId) -> Option<XmlNode> {
        let nodes = self.nodes.read();
        if id < nodes.len() {
            Some(XmlNode {
                id,
                nodes: Arc::clone(&self.nodes),
            })
        } else {
            None
        }
    }

    /// Gets a read-only node by ID.
    pub fn get_node_ro(&self, id: NodeId) -> Option<XmlRoNode> {
        self.get_node(id).map(XmlRoNode::from_node)
    }

    /// Returns the total number of nodes in the document.
    pub fn node_count(&self) -> usize {
        self.nodes.read().len()
    }

    /// Extracts namespace declarations from the root element and registers them.
    pub(crate) fn extract_and_register_namespaces(&self) {
        if let Some(root_id) = self.root_element_id {
            let nodes = self.nodes.read();
            if let Some(root) = nodes.get(root_id) {
                let mut resolver = self.namespace_resolver.write();
                for ns in root.ns_decls() {
                    resolver.register(ns.prefix(), ns.uri());
                }
            }
        }
    }

    /// Creates a pseudo-attribute node for XPath evaluation.
    ///
    /// These nodes are added to the document's node list and can be used
    /// in XPath results. They store the attribute name and value. Every call
    /// adds a new node, unattached to any element; the XPath evaluator creates
    /// one node per attribute and reuses it across queries.
    pub fn create_attribute_node(
        &self,
        name: &str,
        value: &str,
        prefix: Option<&str>,
        namespace_uri: Option<&str>,
    ) -> XmlNode {
        let mut nodes = self.nodes.write();
        let id = nodes.len();
        nodes.push(NodeData::attribute(
            name.to_string(),
            value.to_string(),
            prefix.map(|s| s.to_string()),
            namespace_uri.map(|s| s.to_string()),
        ));
        XmlNode {
            id,
            nodes: Arc::clone(&self.nodes),
        }
    }

    /// Creates a pseudo-namespace node for XPath evaluation.
    ///
    /// These nodes are added to the document's node list and can be used
    /// in XPath results. They store the namespace prefix and URI. Every call
    /// adds a new node, unattached to any element; the XPath evaluator creates
    /// one node per element and prefix and reuses it across queries.
    pub fn create_namespace_node(&self, prefix: &str, uri: &str) -> XmlNode {
        let mut nodes = self.nodes.write();
        let id = nodes.len();
        nodes.push(NodeData::namespace_node(
            prefix.to_string(),
            uri.to_string(),
        ));
        XmlNode {
            id,
            nodes: Arc::clone(&self.nodes),
        }
    }

    /// Returns the XPath attribute node for `attr`, the `index`-th attribute
    /// of element `owner`, creating it on first use (see [`PseudoNodes`]).
    pub(crate) fn attribute_node(
        &self,
        owner: NodeId,
        index: usize,
        attr: &crate::node::types::Attr,
    ) -> XmlNode {
        let mut pseudo = self.pseudo_nodes.lock();
        let key = (owner, attr.prefix.clone(), Arc::clone(&attr.name));
        let id = match pseudo.attributes.get(&key) {
            Some(&id) => {
                // The element may have been edited since the node was made.
                let current = |n: &NodeData| {
                    n.content.as_deref() == Some(&*attr.value) && n.namespace_uri == attr.ns_uri
                };
                if !self.nodes.read().get(id).is_some_and(current) {
                    if let Some(node) = self.nodes.write().get_mut(id) {
                        node.content = Some(Arc::from(&*attr.value));
                        node.namespace_uri = attr.ns_uri.clone();
                    }
                }
                id
            }
            None => {
                let id = self
                    .create_attribute_node(
                        &attr.name,
                        &attr.value,
                        attr.prefix.as_deref(),
                        attr.ns_uri.as_deref(),
                    )
                    .id;
                pseudo.attributes.insert(key, id);
                id
            }
        };
        pseudo.order.insert(
            id,
            DocOrderKey {
                owner,
                kind: 2,
                index,
            },
        );
        XmlNode {
            id,
            nodes: Arc::clone(&self.nodes),
        }
    }

    /// Returns the XPath namespace node binding `prefix` to `uri` on element
    /// `owner` (its `index`-th namespace node), creating it on first use (see
    /// [`PseudoNodes`]).
    pub(crate) fn namespace_node(
        &self,
        owner: NodeId,
        index: usize,
        prefix: &str,
        uri: &str,
    ) -> XmlNode {
        let mut pseudo = self.pseudo_nodes.lock();
        let key = (owner, prefix.to_string());
        let id = match pseudo.namespaces.get(&key) {
            Some(&id) => {
                // The element may have been edited since the node was made.
                if !self
                    .nodes
                    .read()
                    .get(id)
                    .is_some_and(|n| n.content.as_deref() == Some(uri))
                {
                    if let Some(node) = self.nodes.write().get_mut(id) {
                        node.content = Some(Arc::from(uri));
                    }
                }
                id
            }
            None => {
                let id = self.create_namespace_node(prefix, uri).id;
                pseudo.namespaces.insert(key, id);
                id
            }
        };
        pseudo.order.insert(
            id,
            DocOrderKey {
                owner,
                kind: 1,
                index,
            },
        );
        XmlNode {
            id,
            nodes: Arc::clone(&self.nodes),
        }
    }

    /// Sorts nodes of this document into XPath document order.
    ///
    /// Node IDs follow document order for parsed nodes; attribute and
    /// namespace nodes made by [`attribute_node`](Self::attribute_node) /
    /// [`namespace_node`](Self::namespace_node) are placed right after their
    /// element, before its children.
    pub(crate) fn sort_in_document_order(&self, nodes: &mut [XmlNode]) {
        let pseudo = self.pseudo_nodes.lock();
        if pseudo.order.is_empty() {
            nodes.sort_by_key(XmlNode::id);
        } else {
            nodes.sort_by_cached_key(|n| pseudo.order_key(n.id));
        }
    }
}

impl Default for XmlDocument {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for XmlDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nodes = self.nodes.read();
        f.debug_struct("XmlDocument")
            .field("node_count", &nodes.len())
            .field("root_element_id", &self.root_element_id)
            .finish()
    }
}

/// The interned local name and prefix of a qualified name.
type QNameParts = (std::sync::Arc<str>, Option<std::sync::Arc<str>>);

/// Builder for constructing XML documents.
///
/// This is used internally by the parser but can also be used
/// to programmatically build documents.
///
/// The builder avoids RwLock overhead during construction by storing
/// nodes directly in a Vec. The lock is only created when build() is called.
pub struct DocumentBuilder {
    /// Nodes stored directly without lock during construction
    nodes: Vec<NodeData>,
    /// Root element node ID
    root_element_id: Option<NodeId>,
    /// Stack of current element IDs for tracking parent-child relationships
    node_stack: Vec<NodeId>,
    /// Next available node ID
    next_id: NodeId,
    /// Interned strings for names / prefixes / namespace URIs, so the 2M
    /// nodes of a large document share a few hundred allocations
    strings: rustc_hash::FxHashSet<std::sync::Arc<str>>,
    /// Interned `(local name, prefix)` of each element qualified name seen, so
    /// an element costs one lookup instead of one per part
    qnames: rustc_hash::FxHashMap<Box<str>, QNameParts>,
}

/// An attribute split into its parts, with its prefix already resolved.
#[derive(Debug, Clone)]
pub(crate) struct ParsedAttr<'a> {
    /// Prefix as written (`None` when unprefixed)
    pub prefix: Option<&'a str>,
    /// Local name
    pub local: &'a str,
    /// Namespace URI the prefix resolved to
    pub ns_uri: Option<std::sync::Arc<str>>,
    /// Attribute value (after reference expansion and normalization)
    pub value: &'a str,
}

/// Converts a usize source position to the compact node representation.
fn to_position(value: Option<usize>) -> Option<std::num::NonZeroU32> {
    value.and_then(|v| std::num::NonZeroU32::new(v.min(u32::MAX as usize) as u32))
}

impl DocumentBuilder {
    /// Returns an interned copy of `s`, shared across the document.
    pub(crate) fn intern(&mut self, s: &str) -> std::sync::Arc<str> {
        if let Some(existing) = self.strings.get(s) {
            return std::sync::Arc::clone(existing);
        }
        let arc: std::sync::Arc<str> = std::sync::Arc::from(s);
        self.strings.insert(std::sync::Arc::clone(&arc));
        arc
    }

    /// Returns the interned local name and prefix of the qualified name
    /// `qname`.
    pub(crate) fn intern_qname(&mut self, qname: &str) -> QNameParts {
        if let Some((local, prefix)) = self.qnames.get(qname) {
            return (local.clone(), prefix.clone());
        }
        let (prefix, local) = crate::namespace::split_qname(qname);
        let parts = (self.intern(local), prefix.map(|p| self.intern(p)));
        self.qnames.insert(Box::from(qname), parts.clone());
        parts
    }

    /// Creates a new document builder.
    pub fn new() -> Self {
        Self::with_node_capacity(64)
    }

    /// Creates a builder whose node array starts with room for `capacity`
    /// nodes, so a document of known size is not copied as the array grows.
    pub(crate) fn with_node_capacity(capacity: usize) -> Self {
        let mut nodes = Vec::with_capacity(capacity.max(1));
        nodes.push(NodeData::document());

        Self {
            nodes,
            root_element_id: None,
            node_stack: vec![0], // Start with document node
            next_id: 1,
            strings: rustc_hash::FxHashSet::default(),
            qnames: rustc_hash::FxHashMap::default(),
        }
    }

    /// Starts a new element.
    ///
    /// Each entry of `attributes` is `(name, value)`, where `name` is either
    /// the qualified name as written (`"gml:id"`, `"xml:lang"`) or a bare
    /// local name. `attribute_ns_info` entries are
    /// `(local_name, prefix, namespace_uri)`:
    ///
    /// - a qualified `name` takes its namespace from the entry with the same
    ///   local name and prefix (the `xml` prefix is always bound to the XML
    ///   namespace); without one it keeps its prefix and has no namespace;
    /// - a bare `name` takes the prefix and namespace of an entry with the
    ///   same local name, unless that entry belongs to a qualified name that
    ///   is also in `attributes`.
    ///
    /// Attributes that share a local name but differ in namespace are all
    /// kept; an attribute repeated with the same name replaces the earlier
    /// one.
    #[allow(clippy::too_many_arguments)]
    pub fn start_element(
        &mut self,
        name: &str,
        prefix: Option<&str>,
        namespace_uri: Option<&str>,
        attributes: Vec<(&str, &str)>,
        attribute_ns_info: Vec<(&str, &str, &str)>,
        namespace_decls: Vec<Namespace>,
        line: Option<usize>,
        column: Option<usize>,
    ) -> NodeId {
        let resolved: Vec<ParsedAttr<'_>> = attributes
            .iter()
            .map(|&(key, value)| match key.split_once(':') {
                Some((p, local)) => ParsedAttr {
                    prefix: Some(p),
                    local,
                    ns_uri: attribute_ns_info
                        .iter()
                        .find(|(l, pp, _)| *l == local && *pp == p)
                        .map(|(_, _, u)| *u)
                        .or((p == "xml").then_some(crate::namespace::common::XML_NS))
                        .map(|u| self.intern(u)),
                    value,
                },
                None => {
                    let legacy = attribute_ns_info.iter().find(|(l, pp, _)| {
                        *l == key
                            && !attributes
                                .iter()
                                .any(|(k, _)| k.split_once(':') == Some((pp, l)))
                    });
                    ParsedAttr {
                        prefix: legacy.map(|(_, p, _)| *p),
                        local: key,
                        ns_uri: legacy.map(|(_, _, u)| self.intern(u)),
                        value,
                    }
                }
            })
            .collect();
        let name = self.intern(name);
        let prefix = prefix.map(|p| self.intern(p));
        let namespace_uri = namespace_uri.map(|u| self.intern(u));
        self.start_element_resolved(
            name,
            prefix,
            namespace_uri,
            &resolved,
            namespace_decls,
            line,
            column,
        )
    }

    /// Starts a new element whose attributes are already split and resolved.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn start_element_resolved(
        &mut self,
        name: std::sync::Arc<str>,
        prefix: Option<std::sync::Arc<str>>,
        namespace_uri: Option<std::sync::Arc<str>>,
        attributes: &[ParsedAttr<'_>],
        namespace_decls: Vec<Namespace>,
        line: Option<usize>,
        column: Option<usize>,
    ) -> NodeId {
        let id = self.next_id;
        self.next_id += 1;

        let mut node = NodeData::element(name, prefix, namespace_uri);

        for attr in attributes {
            node.set_attr(crate::node::types::Attr {
                name: self.intern(attr.local),
                value: Box::from(attr.value),
                prefix: attr.prefix.map(|p| self.intern(p)),
                ns_uri: attr.ns_uri.clone(),
            });
        }

        if !namespace_decls.is_empty() {
            *node.ns_decls_mut() = namespace_decls;
        }
        node.line = to_position(line);
        node.column = to_position(column);

        let parent_id = *self.node_stack.last().unwrap_or(&0);
        node.set_parent(Some(parent_id));

        // Add as child of parent (direct access, no lock needed)
        if let Some(parent) = self.nodes.get_mut(parent_id) {
            parent.push_child(id);
        }

        self.nodes.push(node);

        // Set as root element if this is the first element
        if self.root_element_id.is_none() && parent_id == 0 {
            self.root_element_id = Some(id);
        }

        self.node_stack.push(id);
        id
    }

    /// Ends the current element.
    pub fn end_element(&mut self) {
        self.node_stack.pop();
    }

    /// Adds a text node.
    pub fn text(&mut self, content: &str) -> NodeId {
        if content.is_empty() {
            return 0; // Don't add empty text nodes
        }

        let id = self.next_id;
        self.next_id += 1;

        // Text made of white space alone (mostly indentation) repeats
        // throughout a document, so it is interned; other text is stored as is.
        let content = if content
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.intern(content)
        } else {
            std::sync::Arc::from(content)
        };
        let mut node = NodeData::text(content);
        let parent_id = *self.node_stack.last().unwrap_or(&0);
        node.set_parent(Some(parent_id));

        // Add as child of parent (direct access, no lock needed)
        if let Some(parent) = self.nodes.get_mut(parent_id) {
            parent.push_child(id);
        }

        self.nodes.push(node);
        id
    }

    /// Adds a CDATA node.
    pub fn cdata(&mut self, content: &str) -> NodeId {
        let id = self.next_id;
        self.next_id += 1;

        let mut node = NodeData::cdata(content);
        let parent_id = *self.node_stack.last().unwrap_or(&0);
        node.set_parent(Some(parent_id));

        // Add as child of parent (direct access, no lock needed)
        if let Some(parent) = self.nodes.get_mut(parent_id) {
            parent.push_child(id);
        }

        self.nodes.push(node);
        id
    }

    /// Adds a comment node.
    pub fn comment(&mut self, content: &str) -> NodeId {
        let id = self.next_id;
        self.next_id += 1;

        let mut node = NodeData::comment(content);
        let parent_id = *self.node_stack.last().unwrap_or(&0);
        node.set_parent(Some(parent_id));

        // Add as child of parent (direct access, no lock needed)
        if let Some(parent) = self.nodes.get_mut(parent_id) {
            parent.push_child(id);
        }

        self.nodes.push(node);
        id
    }

    /// Adds a processing instruction.
    pub fn processing_instruction(&mut self, target: &str, content: Option<&str>) -> NodeId {
        let id = self.next_id;
        self.next_id += 1;

        let mut node =
            NodeData::processing_instruction(target.to_string(), content.map(|s| s.to_string()));
        let parent_id = *self.node_stack.last().unwrap_or(&0);
        node.set_parent(Some(parent_id));

        // Add as child of parent (direct access, no lock needed)
        if let Some(parent) = self.nodes.get_mut(parent_id) {
            parent.push_child(id);
        }

        self.nodes.push(node);
        id
    }

    /// Finishes building and returns the document.
    pub fn build(self) -> XmlDocument {
        let document = XmlDocument {
            nodes: Arc::new(RwLock::new(self.nodes)),
            root_element_id: self.root_element_id,
            namespace_resolver: Arc::new(RwLock::new(NamespaceResolver::new())),
            pseudo_nodes: Arc::default(),
        };
        // Extract namespaces from root element
        document.extract_and_register_namespaces();
        document
    }
}

impl Default for DocumentBuilder {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_document_builder() {
        let mut builder = DocumentBuilder::new();

        builder.start_element(
            "root",
            None,
            None,
            vec![("attr", "value")],
            vec![],
            vec![Namespace::new("ns", "http://example.com")],
            Some(1),
            Some(1),
        );
        builder.text("Hello, ");
        builder.start_element("child", None, None, vec![], vec![], vec![], None, None);
        builder.text("World");
        builder.end_element();
        builder.end_element();

        let doc = builder.build();

        assert_eq!(doc.node_count(), 5); // document + root + 2 text + child

        let root = doc.get_root_element().unwrap();
        assert_eq!(root.get_name(), "root");
        assert_eq!(root.get_attribute("attr"), Some("value".into()));

        let children = root.get_child_elements();
        assert_eq!(children.len(), 1);
        assert_eq!(children[0].get_name(), "child");
    }
}
