use super::*;

const DEPTH: usize = 256;

/// How the filter read a body before this reader: an XML declaration naming an
/// encoding other than UTF-8 refused, then fastxml's reading.
fn fastxml_accepts(text: &str) -> bool {
    if text.starts_with("<?xml")
        && let Ok(quick_xml::events::Event::Decl(declaration)) =
            quick_xml::Reader::from_str(text).read_event()
        && let Some(Ok(encoding)) = declaration.encoding()
        && !matches!(
            String::from_utf8_lossy(&encoding)
                .to_ascii_lowercase()
                .as_str(),
            "utf-8" | "us-ascii"
        )
    {
        return false;
    }
    let limits = fastxml::DocumentLimits {
        max_depth: Some(DEPTH),
        forbid_doctype: true,
    };
    fastxml::Parser::from(text.as_bytes())
        .check_well_formed_within(limits)
        .is_ok()
}

/// Rules of XML that fastxml lets pass and this reader keeps: white space
/// between attributes (production 40), and a comment ending in `--->` (15).
const KEPT_ONLY_HERE: &[&str] = &[
    "expected white space, '>' or '/>'",
    "'--' is not allowed inside a comment",
];

/// Whether a namespace declaration's value holds a reference: fastxml compares the
/// value as written, this reader the namespace name it stands for (Namespaces in
/// XML 1.0, section 3), so `urn:&#x61;` is `urn:a` here only.
fn names_a_namespace_by_reference(text: &str) -> bool {
    text.match_indices("xmlns").any(|(at, _)| {
        let rest = &text[at..];
        let Some(quote_at) = rest.find(['"', '\'']) else {
            return false;
        };
        let quote = &rest[quote_at..quote_at + 1];
        let value = &rest[quote_at + 1..];
        value
            .split(quote)
            .next()
            .is_some_and(|value| value.contains('&'))
    })
}

/// Whether this reader and fastxml agree on `text`, but for [`KEPT_ONLY_HERE`] and
/// namespace names given by reference.
fn agree(text: &str) -> bool {
    if names_a_namespace_by_reference(text) {
        return true;
    }
    match check(text, DEPTH) {
        Ok(()) => fastxml_accepts(text),
        Err(refusal) => {
            let message = refusal.describe(text, "the body");
            KEPT_ONLY_HERE.iter().any(|rule| message.contains(rule)) || !fastxml_accepts(text)
        }
    }
}

fn refusal(text: &str) -> String {
    match check(text, DEPTH) {
        Ok(()) => panic!("accepted: {text:?}"),
        Err(refusal) => refusal.describe(text, "the body"),
    }
}

const WELL_FORMED: &[&str] = &[
    "<a/>",
    "<a></a>",
    "<?xml version=\"1.0\"?><a/>",
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<a/>",
    "<?xml version=\"1.1\" encoding=\"us-ascii\" ?><a/>",
    "<?xml version = \"1.0\" encoding = 'utf-8'?><a/>",
    "  \n<a/>\n  ",
    "<!-- before --><?pi data?><a/><!-- after --><?pi?>",
    "<a b=\"1\" c='2' d = \"3\"/>",
    "<a b=\"it's\" c='say \"hi\"'/>",
    "<a>text &lt; &gt; &amp; &apos; &quot; &#65; &#x42; &#x1F600;</a>",
    "<a b=\"&lt;&#10;&amp;\">x</a>",
    "<a><![CDATA[<not> & markup ]] ]>]]></a>",
    "<a><!----></a>",
    "<a><!-- - single - dashes - --></a>",
    "<a>]] > ]</a>",
    "<a\n\tb='1'\r\n/>",
    "<a><b><c/></b><b/></a>",
    "<a></a >",
    "<order id=\"1\"><line sku=\"A\"><q>1</q></line></order>",
    "<p:a xmlns:p=\"urn:p\"><p:b p:c=\"1\" c=\"2\"/></p:a>",
    "<a xmlns=\"urn:d\"><b xmlns=\"\"/></a>",
    "<a xmlns:p=\"urn:p\" xmlns:q=\"urn:q\" p:x=\"1\" q:x=\"2\"/>",
    "<a xml:lang=\"en\" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>",
    "<p:a xmlns:p=\"urn:1\"><p:a xmlns:p=\"urn:2\"/></p:a>",
    "<a xmlns:p=\"urn:&#x70;\"><p:b/></a>",
    "<été attribut=\"ü\">日本語</été>",
    "<a>\u{10000}\u{FFFD}\u{E000}\u{85}</a>",
    "<a-b.c_d e-f.g='1'/>",
    "<_a/>",
    "<a><?target some ? data?></a>",
];

const NOT_WELL_FORMED: &[(&str, &str)] = &[
    ("", "the document has no element"),
    ("   ", "the document has no element"),
    ("<!-- only a comment -->", "the document has no element"),
    ("text", "text before the document element"),
    ("<a/>text", "text after the document element"),
    ("<a/><b/>", "a document has one element"),
    ("<a/></a>", "not allowed after the document element"),
    ("<a/><", "not allowed after the document element"),
    ("<a/>\n<", "not allowed after the document element"),
    ("<a>", "ends before the end tag </'a'>"),
    ("<a><b></a></b>", "the end tag </'a'> does not end <'b'>"),
    ("<a></b>", "does not end"),
    ("</a>", "expected an element name"),
    ("<a", "is not closed"),
    ("<a b='1'", "is not closed"),
    ("<1a/>", "expected an element name"),
    ("<a b/>", "expected '='"),
    ("<a b=1/>", "quoted"),
    ("<a b='1/>", "no closing quote"),
    ("<a b='1'c='2'/>", "expected white space"),
    ("<a b='1' b='2'/>", "the attribute 'b' is given twice"),
    ("<a b='<'/>", "'<' is not allowed in an attribute value"),
    ("<a b='&'/>", "an entity name"),
    ("<a>&</a>", "an entity name"),
    ("<a>&amp</a>", "ends with ';'"),
    ("<a>&nbsp;</a>", "the entity &'nbsp'; is not declared"),
    ("<a>&#;</a>", "character reference"),
    ("<a>&#x;</a>", "character reference"),
    ("<a>&#xZ;</a>", "character reference"),
    ("<a>&#0;</a>", "a character XML does not allow"),
    ("<a>&#xD800;</a>", "a character XML does not allow"),
    ("<a>&#xFFFE;</a>", "a character XML does not allow"),
    ("<a>&#99999999999;</a>", "a character XML does not allow"),
    ("<a>\u{1}</a>", "U+0001 is not allowed"),
    ("<a b='\u{8}'/>", "U+0008 is not allowed"),
    ("<a>\u{FFFE}</a>", "U+FFFE is not allowed"),
    ("<a><!-- \u{FFFF} --></a>", "U+FFFF is not allowed"),
    ("<a>]]></a>", "']]>' is not allowed in text"),
    (
        "<a><!-- a -- b --></a>",
        "'--' is not allowed inside a comment",
    ),
    ("<a><!-- a ---></a>", "'--' is not allowed inside a comment"),
    ("<a><!-- a </a>", "the comment is not closed"),
    ("<a><![CDATA[ x </a>", "the CDATA section is not closed"),
    ("<![CDATA[x]]><a/>", "expected an element name"),
    ("<a><!ELEMENT a ANY></a>", "'<!' starts neither"),
    ("<a><? x?></a>", "processing-instruction target"),
    ("<a><?pi</a>", "expected white space or '?>'"),
    ("<a><?pi x</a>", "not closed with '?>'"),
    ("<a><?xml version='1.0'?></a>", "not named 'xml'"),
    ("<a/><?XmL x?>", "not named 'xml'"),
    (" <?xml version='1.0'?><a/>", "not named 'xml'"),
    ("<?xml?><a/>", "not named 'xml'"),
    ("<a><?p:i x?></a>", "has no ':'"),
    ("<?xml encoding='UTF-8'?><a/>", "begins with version"),
    ("<?xml version='2.0'?><a/>", "XML version '2.0' is not 1.x"),
    ("<?xml version='1.'?><a/>", "is not 1.x"),
    ("<?xml version=1.0?><a/>", "quoted"),
    (
        "<?xml version='1.0' encoding='8bit'?><a/>",
        "not an encoding name",
    ),
    (
        "<?xml version='1.0' standalone='maybe'?><a/>",
        "standalone is",
    ),
    (
        "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><a/>",
        "in that order",
    ),
    ("<?xml version='1.0'encoding='UTF-8'?><a/>", "in that order"),
    ("<?xml version='1.0'", "in that order"),
    (
        "<p:a/>",
        "the prefix 'p' of the element 'p:a' is not declared",
    ),
    (
        "<a p:b='1'/>",
        "the prefix 'p' of the attribute 'p:b' is not declared",
    ),
    (
        "<a><p:b xmlns:p='urn:p'/><p:c/></a>",
        "the prefix 'p' of the element 'p:c'",
    ),
    ("<xmlns:a/>", "the prefix 'xmlns'"),
    ("<a:/>", "not a name with a namespace prefix"),
    ("<:a/>", "not a name with a namespace prefix"),
    (
        "<a:b:c xmlns:a='urn:a'/>",
        "not a name with a namespace prefix",
    ),
    (
        "<a xmlns:p='urn:p' p:1='x'/>",
        "not a name with a namespace prefix",
    ),
    ("<a xmlns:='urn:p'/>", "is not a namespace prefix"),
    ("<a xmlns:p=''/>", "empty namespace"),
    (
        "<a xmlns:xmlns='urn:x'/>",
        "the prefix xmlns is never declared",
    ),
    (
        "<a xmlns:xml='urn:x'/>",
        "the prefix xml is bound to the xml namespace",
    ),
    (
        "<a xmlns:p='http://www.w3.org/XML/1998/namespace'/>",
        "the prefix xml is bound",
    ),
    (
        "<a xmlns:p='http://www.w3.org/XML/1998/namespac&#x65;'/>",
        "the prefix xml is bound",
    ),
    (
        "<a xmlns:p='http://www.w3.org/2000/xmlns/'/>",
        "no prefix is bound to the xmlns namespace",
    ),
    (
        "<a xmlns='http://www.w3.org/XML/1998/namespace'/>",
        "the default namespace is neither",
    ),
    (
        "<a xmlns='http://www.w3.org/2000/xmlns/'/>",
        "the default namespace is neither",
    ),
    (
        "<a xmlns:p='urn:same' xmlns:q='urn:same' p:x='1' q:x='2'/>",
        "two attributes named 'x' are in the same namespace",
    ),
    (
        "<a xmlns:p='urn:same' xmlns:q='urn:s&#x61;me' p:x='1' q:x='2'/>",
        "two attributes named 'x' are in the same namespace",
    ),
    ("<a>\u{FEFF}<b/></a><c/>", "a document has one element"),
];

#[test]
fn accepts_what_xml_allows() {
    for text in WELL_FORMED {
        assert_eq!(check(text, DEPTH), Ok(()), "{text:?}");
    }
}

#[test]
fn refuses_each_broken_rule_and_says_which() {
    for (text, expected) in NOT_WELL_FORMED {
        let message = refusal(text);
        assert!(
            message.contains(expected),
            "{text:?}: {message:?} does not say {expected:?}"
        );
    }
}

/// The filter held bodies to fastxml's reading before; both readings agree on
/// every case here.
#[test]
fn agrees_with_fastxml_on_every_case() {
    for text in WELL_FORMED
        .iter()
        .chain(NOT_WELL_FORMED.iter().map(|(t, _)| t))
    {
        assert!(agree(text), "{text:?}: this reader and fastxml disagree");
    }
}

/// Each well-formed case cut short, or with one character removed, doubled, or
/// replaced or preceded by one that means something to XML, or followed at its end
/// by one: thousands of documents, most of them broken in one place, on which both
/// readings must agree.
#[test]
fn agrees_with_fastxml_on_every_one_byte_change() {
    let seeds = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- c --><p:order xmlns:p=\"urn:p\" id=\"1\" p:k='v'><line sku=\"A&amp;B\"><q>1</q><![CDATA[x]]></line><?pi d?><e/></p:order>",
        "<a xmlns=\"urn:d\" xml:lang='en'>t&#x41;&lt;<b c=\"&#10;\"/>]</a>",
    ];
    let inserts = [
        "<", ">", "/", "?", "!", "-", "&", ";", "#", "'", "\"", "=", ":", " ", "]", "x", "1",
        "\u{1}", "é",
    ];
    let mut compared = 0;
    for seed in seeds {
        let boundaries: Vec<usize> = (0..=seed.len())
            .filter(|&i| seed.is_char_boundary(i))
            .collect();
        for pair in boundaries.windows(2) {
            let (start, end) = (pair[0], pair[1]);
            let mut variants = vec![
                // Cut short here: every prefix of a document is broken.
                seed[..start].to_string(),
                format!("{}{}", &seed[..start], &seed[end..]),
                format!("{}{}{}", &seed[..end], &seed[start..end], &seed[end..]),
            ];
            for insert in inserts {
                variants.push(format!("{}{insert}{}", &seed[..start], &seed[end..]));
                variants.push(format!("{}{insert}{}", &seed[..start], &seed[start..]));
            }
            if end == seed.len() {
                variants.extend(inserts.iter().map(|insert| format!("{seed}{insert}")));
            }
            for text in variants {
                assert!(agree(&text), "{text:?}: this reader and fastxml disagree");
                compared += 1;
            }
        }
    }
    assert!(compared > 5_000, "{compared}");
}

#[test]
fn refuses_a_doctype_before_reading_it() {
    for text in [
        "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
        "<?xml version='1.0'?>\n<!DOCTYPE a SYSTEM \"http://example.com/a.dtd\"><a/>",
        "<!DOCTYPE a [",
        "<a/><!DOCTYPE a>",
    ] {
        assert_eq!(
            check(text, DEPTH),
            Err(Refusal::Refused(
                "DOCTYPE declarations are not accepted (no DTDs, no entities)".into()
            )),
            "{text:?}"
        );
    }
}

#[test]
fn refuses_nesting_past_the_limit_as_it_comes() {
    let nested = |depth: usize, inner: &str| {
        format!("{}{inner}{}", "<a>".repeat(depth), "</a>".repeat(depth))
    };
    assert_eq!(check(&nested(DEPTH, ""), DEPTH), Ok(()));
    assert_eq!(check(&nested(DEPTH - 1, "<b/>"), DEPTH), Ok(()));
    let too_deep = Err(Refusal::Refused(
        "elements are nested deeper than 256 levels".into(),
    ));
    assert_eq!(check(&nested(DEPTH + 1, ""), DEPTH), too_deep);
    assert_eq!(check(&nested(DEPTH, "<b/>"), DEPTH), too_deep);
    // Refused as soon as the limit is passed: the rest is never read.
    assert_eq!(check(&"<a>".repeat(100_000), DEPTH), too_deep);
}

#[test]
fn refuses_an_encoding_other_than_utf8() {
    let latin = "<?xml version='1.0' encoding='ISO-8859-1'?><a/>";
    let expected = Err(Refusal::Refused(
        "the document declares encoding 'iso-8859-1': send XML in UTF-8".into(),
    ));
    assert_eq!(check(latin, DEPTH), expected);
    assert_eq!(
        check("<?xml version='1.0' encoding='Utf-8'?><a/>", DEPTH),
        Ok(())
    );
    assert_eq!(
        check("<?xml version='1.0' encoding='US-ASCII'?><a/>", DEPTH),
        Ok(())
    );
}

#[test]
fn says_where_in_lines_and_characters() {
    let text = "<?xml version='1.0'?>\n<été>\n  <b>x</c>\n</été>";
    assert_eq!(
        refusal(text),
        "the body is not well-formed XML: the end tag </'c'> does not end <'b'> (line 3, column 7)"
    );
    assert_eq!(
        refusal("<é x='1' x='2'/>"),
        "the body is not well-formed XML: the attribute 'x' is given twice (line 1, column 10)"
    );
}

#[test]
fn cuts_long_names_short_in_messages() {
    let name = "n".repeat(10_000);
    let message = refusal(&format!("<{name}>"));
    assert!(message.len() < 200, "{message}");
    assert!(
        message.contains(&format!("'{}…'", "n".repeat(64))),
        "{message}"
    );
}

/// Tags with many attributes, and many namespaces, cost n log n: a 1 MiB body
/// built to be slow is read at once.
#[test]
fn hostile_attributes_and_namespaces_are_read_in_n_log_n() {
    let many: String = (0..50_000).map(|i| format!(" a{i}='{i}'")).collect();
    assert_eq!(check(&format!("<a{many}/>"), DEPTH), Ok(()));
    let repeated = format!("<a{many} a49999='again'/>");
    assert!(refusal(&repeated).contains("the attribute 'a49999' is given twice"));

    let declarations: String = (0..20_000)
        .map(|i| format!(" xmlns:p{i}='urn:{i}'"))
        .collect();
    let prefixed: String = (0..20_000)
        .map(|i| format!("<p{i}:e p{i}:x='1'/>"))
        .collect();
    assert_eq!(
        check(&format!("<a{declarations}>{prefixed}</a>"), DEPTH),
        Ok(())
    );
    let clashing: String = (0..20_000).map(|i| format!(" p{i}:x='1'")).collect();
    let one_namespace: String = (0..20_000)
        .map(|i| format!(" xmlns:p{i}='urn:same'"))
        .collect();
    assert!(
        refusal(&format!("<a{one_namespace}{clashing}/>"))
            .contains("two attributes named 'x' are in the same namespace")
    );
}

#[test]
fn a_namespace_declared_inside_ends_with_its_element() {
    assert_eq!(
        check(
            "<a><p:b xmlns:p='urn:p'><p:c/></p:b><q:b xmlns:q='urn:q'/></a>",
            DEPTH
        ),
        Ok(())
    );
    assert!(refusal("<a><b xmlns:p='urn:p'/><p:c/></a>").contains("'p:c' is not declared"));
    assert!(refusal("<a><p:b xmlns:p='urn:p'/><p:c/></a>").contains("'p:c' is not declared"));
}

#[test]
fn the_byte_tables_hold_what_the_character_classes_say() {
    for b in 0..=0x7F_u8 {
        let c = char::from(b);
        assert_eq!(NAME_STARTS.contains(b), is_name_start_char(c), "{b:#x}");
        assert_eq!(NAME_CHARACTERS.contains(b), is_name_char(c), "{b:#x}");
        assert_eq!(CHARACTER_SUSPECTS.contains(b), !is_xml_char(c), "{b:#x}");
    }
    // Of the bytes that begin a character past ASCII, only U+FFFE's and U+FFFF's.
    for b in 0x80..=0xFF_u8 {
        assert_eq!(CHARACTER_SUSPECTS.contains(b), b == 0xEF, "{b:#x}");
    }
}
