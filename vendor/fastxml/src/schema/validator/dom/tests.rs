//! Tests for DOM-based schema validation.

use std::sync::Arc;

use crate::document::XmlDocument;
use crate::parse;
use crate::schema::types::{CompiledSchema, ComplexType, ContentModel, ElementDef, TypeDef};

use super::super::ValidationMode;
use super::DomSchemaValidator;

fn create_test_doc(xml: &str) -> XmlDocument {
    parse(xml.as_bytes()).unwrap()
}

#[test]
fn test_dom_validator_empty_schema() {
    let doc = create_test_doc("<root><child/></root>");
    let schema = CompiledSchema::new();
    let validator = DomSchemaValidator::new(Arc::new(schema));

    let errors = validator.validate(&doc).unwrap();
    // Empty schema should not produce errors
    assert!(errors.is_empty());
}

#[test]
fn test_dom_validator_unknown_element_strict() {
    let doc = create_test_doc("<unknown/>");

    let mut schema = CompiledSchema::new();
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "known"),
        ElementDef::new("known"),
    );

    let validator = DomSchemaValidator::new(Arc::new(schema));
    let errors = validator.validate(&doc).unwrap();

    assert!(!errors.is_empty());
    assert!(errors[0].message.contains("unknown"));
}

#[test]
fn test_dom_validator_unknown_element_lenient() {
    let doc = create_test_doc("<unknown/>");

    let mut schema = CompiledSchema::new();
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "known"),
        ElementDef::new("known"),
    );

    let validator = DomSchemaValidator::new(Arc::new(schema)).with_mode(ValidationMode::Lenient);
    let errors = validator.validate(&doc).unwrap();

    assert!(errors.is_empty());
}

#[test]
fn test_dom_validator_min_occurs() {
    let doc = create_test_doc("<parent></parent>");

    let mut schema = CompiledSchema::new();

    let complex_type = ComplexType {
        name: "ParentType".to_string(),
        base_type: None,
        base_ns: None,
        derivation: None,
        block: Default::default(),
        wildcard: None,
        attr_wildcard: None,
        content: ContentModel::Sequence(vec![
            ElementDef::new("required_child").with_occurs(1, Some(1)),
        ]),
        attributes: Vec::new(),
        is_abstract: false,
        mixed: false,
        particle: None,
    };

    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "parent"),
        ElementDef::new("parent").with_type("ParentType"),
    );

    schema.types_ns.insert(
        crate::schema::types::NsName::new("", "ParentType"),
        TypeDef::Complex(complex_type),
    );

    let validator = DomSchemaValidator::new(Arc::new(schema));
    let errors = validator.validate(&doc).unwrap();

    assert!(!errors.is_empty());
    assert!(errors[0].message.contains("required_child"));
}

#[test]
fn test_dom_validator_max_occurs() {
    let doc = create_test_doc("<parent><child/><child/><child/></parent>");

    let mut schema = CompiledSchema::new();

    let complex_type = ComplexType {
        name: "ParentType".to_string(),
        base_type: None,
        base_ns: None,
        derivation: None,
        block: Default::default(),
        wildcard: None,
        attr_wildcard: None,
        content: ContentModel::Sequence(vec![ElementDef::new("child").with_occurs(0, Some(2))]),
        attributes: Vec::new(),
        is_abstract: false,
        mixed: false,
        particle: None,
    };

    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "parent"),
        ElementDef::new("parent").with_type("ParentType"),
    );

    schema.types_ns.insert(
        crate::schema::types::NsName::new("", "ParentType"),
        TypeDef::Complex(complex_type),
    );

    // Also define child as global element
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "child"),
        ElementDef::new("child"),
    );

    let validator = DomSchemaValidator::new(Arc::new(schema));
    let errors = validator.validate(&doc).unwrap();

    assert!(!errors.is_empty());
    assert!(errors[0].message.contains("maximum"));
}

#[test]
fn test_dom_validator_choice_content_model() {
    let doc = create_test_doc("<boundedBy><Envelope/></boundedBy>");

    let mut schema = CompiledSchema::new();

    let mut choice_type = ComplexType::new("BoundingShapeType");
    choice_type.content = ContentModel::Choice(vec![
        ElementDef::new("Envelope").with_type("xs:string"),
        ElementDef::new("Null").with_type("xs:string"),
    ]);

    schema.types_ns.insert(
        crate::schema::types::NsName::new("", "BoundingShapeType"),
        TypeDef::Complex(choice_type),
    );

    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "boundedBy"),
        ElementDef::new("boundedBy").with_type("BoundingShapeType"),
    );
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "Envelope"),
        ElementDef::new("Envelope"),
    );
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "Null"),
        ElementDef::new("Null"),
    );

    let validator = DomSchemaValidator::new(Arc::new(schema));
    let errors = validator.validate(&doc).unwrap();

    // Choice should accept one of the options
    assert!(errors.is_empty());
}

#[test]
fn test_dom_validator_substitution_group() {
    let doc = create_test_doc("<parent><ReliefFeature/></parent>");

    let mut schema = CompiledSchema::new();

    // Parent type expects _CityObject
    let mut parent_type = ComplexType::new("ParentType");
    parent_type.content = ContentModel::Sequence(vec![
        ElementDef::new("_CityObject").with_type("AbstractCityObjectType"),
    ]);
    schema.types_ns.insert(
        crate::schema::types::NsName::new("", "ParentType"),
        TypeDef::Complex(parent_type),
    );

    let abstract_type = ComplexType::new("AbstractCityObjectType");
    schema.types_ns.insert(
        crate::schema::types::NsName::new("", "AbstractCityObjectType"),
        TypeDef::Complex(abstract_type),
    );

    // Define elements
    let mut head_elem = ElementDef::new("_CityObject");
    head_elem.is_abstract = true;
    head_elem.type_ref = Some("AbstractCityObjectType".to_string());
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "_CityObject"),
        head_elem,
    );

    let mut substitute_elem = ElementDef::new("ReliefFeature");
    substitute_elem.substitution_group = Some("_CityObject".to_string());
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "ReliefFeature"),
        substitute_elem,
    );

    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "parent"),
        ElementDef::new("parent").with_type("ParentType"),
    );

    // Build substitution group caches
    schema
        .substitution_groups
        .insert("_CityObject".to_string(), vec!["ReliefFeature".to_string()]);
    schema
        .substitution_group_heads
        .insert("ReliefFeature".to_string(), "_CityObject".to_string());
    schema.transitive_substitution_groups.insert(
        "_CityObject".to_string(),
        Arc::new(vec!["ReliefFeature".to_string()]),
    );

    let validator = DomSchemaValidator::new(Arc::new(schema));
    let errors = validator.validate(&doc).unwrap();

    // ReliefFeature should count toward _CityObject requirement
    assert!(
        errors.is_empty(),
        "Substitution group member should satisfy min_occurs, errors: {:?}",
        errors
    );
}

#[test]
fn test_dom_validator_with_max_errors() {
    let doc = create_test_doc("<root><a/><b/><c/><d/><e/></root>");

    let mut schema = CompiledSchema::new();
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "root"),
        ElementDef::new("root"),
    );
    // Only root is known, all children are unknown

    let validator = DomSchemaValidator::new(Arc::new(schema)).with_max_errors(2);
    let errors = validator.validate(&doc).unwrap();

    // Should stop at 2 errors
    assert_eq!(errors.len(), 2);
}

#[test]
fn test_dom_validator_type_inheritance() {
    let doc = create_test_doc("<root><baseElement>content</baseElement></root>");

    let mut schema = CompiledSchema::new();

    // BaseType with "baseElement"
    let mut base_type = ComplexType::new("BaseType");
    base_type.content = ContentModel::Sequence(vec![
        ElementDef::new("baseElement")
            .with_type("xs:string")
            .optional(),
    ]);
    schema.types_ns.insert(
        crate::schema::types::NsName::new("", "BaseType"),
        TypeDef::Complex(base_type),
    );

    // ExtendedType extends BaseType
    let mut extended_type = ComplexType::new("ExtendedType");
    extended_type.content = ContentModel::ComplexExtension {
        base_type: "BaseType".to_string(),
        elements: vec![],
    };
    schema.types_ns.insert(
        crate::schema::types::NsName::new("", "ExtendedType"),
        TypeDef::Complex(extended_type),
    );

    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "root"),
        ElementDef::new("root").with_type("ExtendedType"),
    );
    schema.elements_ns.insert(
        crate::schema::types::NsName::new("", "baseElement"),
        ElementDef::new("baseElement").with_type("xs:string"),
    );

    let validator = DomSchemaValidator::new(Arc::new(schema));
    let errors = validator.validate(&doc).unwrap();

    // Should recognize inherited element
    assert!(
        errors.is_empty(),
        "Should accept inherited elements, errors: {:?}",
        errors
    );
}

#[test]
fn test_dom_validator_count_child_elements() {
    let doc = create_test_doc("<parent><a/><b/><a/><c/><a/></parent>");

    let schema = CompiledSchema::new();
    let validator = DomSchemaValidator::new(Arc::new(schema));

    let root = doc.get_root_element().unwrap();
    let counts = validator.count_child_elements(&root);

    assert_eq!(counts.get("a"), Some(&3));
    assert_eq!(counts.get("b"), Some(&1));
    assert_eq!(counts.get("c"), Some(&1));
    assert_eq!(counts.get("d"), None);
}

#[test]
fn test_dom_validator_collect_text_content() {
    let doc = create_test_doc("<root>Hello <child/>World</root>");

    let schema = CompiledSchema::new();
    let validator = DomSchemaValidator::new(Arc::new(schema));

    let root = doc.get_root_element().unwrap();
    let text = validator.collect_text_content(&root);

    assert_eq!(text, "Hello World");
}

/// A schema whose `seq` element has an anonymous `sequence(a, c)` content
/// model with no particle tree, so no content-model automaton is built and
/// the count-based sequence-order check runs.
fn sequence_without_automaton() -> CompiledSchema {
    let mut complex = ComplexType::new("");
    complex.content = ContentModel::Sequence(vec![ElementDef::new("a"), ElementDef::new("c")]);
    let mut seq = ElementDef::new("seq");
    seq.inline_type = Some(std::sync::Arc::new(TypeDef::Complex(complex)));
    let mut schema = CompiledSchema::new();
    schema
        .elements_ns
        .insert(crate::schema::types::NsName::new("", "seq"), seq);
    schema
}

#[test]
fn test_dom_sequence_order_error_names_the_preceding_element() {
    let doc = create_test_doc("<seq><c/><a/></seq>");
    let validator = DomSchemaValidator::new(Arc::new(sequence_without_automaton()));
    let errors = validator.validate(&doc).unwrap();
    assert!(
        errors.iter().any(|e| e.message.as_ref()
            == "element 'a' in 'seq' appears out of sequence order (it must come before 'c')"),
        "{:?}",
        errors
    );
}
