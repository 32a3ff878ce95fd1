//! Property tests of every parser a client or an author feeds: requests as the
//! engine sees them (routing, percent-decoding, the query, media types, JSON, form,
//! CSV and XML bodies, JSON turned into JavaScript and back), media types alone, and
//! bundle decoding. Whatever the input, nothing panics, and each answer is the
//! documented one. `PROPTEST_CASES` sets the cases per property (docs/testing.md).

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use endpoint_core::bundle;
use endpoint_core::engine::{Decision, Host, RequestHead, Step};
use endpoint_core::media_type;
use endpoint_core::model::{BundleContent, ContentSchema, ContentType, Endpoint, Method};
use endpoint_core::{Engine, Reply};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

struct NoJwt;

impl Host for NoJwt {
    fn jwt_payload(&self, _: &str) -> Option<Map<String, Value>> {
        None
    }
}

const ORDER_XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="order"><xs:complexType><xs:sequence>
    <xs:element name="id" type="xs:integer"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;

fn engine() -> Engine {
    let body = |name: &str, content_type: ContentType, code: &str| {
        let mut endpoint = Endpoint::example(name, &format!("/{name}"), Method::Post, code);
        endpoint.request_content_type = Some(content_type);
        endpoint
    };
    let mut xml = body("xml", ContentType::Xml, "result = {payload: 'checked'}");
    xml.request_content_schema = Some(ContentSchema::Xsd(ORDER_XSD.into()));
    let mut checked = body(
        "checked",
        ContentType::Json,
        "result = {payload: 'checked'}",
    );
    checked.request_content_schema = Some(ContentSchema::Json(json!({
        "type": "object",
        "properties": {"email": {"type": "string", "format": "email"}}
    })));
    let content = BundleContent::example(vec![
        body(
            "json",
            ContentType::Json,
            "result = {payload: {value: request.json}}",
        ),
        body(
            "form",
            ContentType::FormUrlencoded,
            "result = {payload: request.form}",
        ),
        body(
            "csv",
            ContentType::TextCsv,
            "result = {payload: request.csv}",
        ),
        body(
            "text",
            ContentType::TextPlain,
            "result = {payload: request.body}",
        ),
        xml,
        checked,
        Endpoint::example(
            "item",
            "/items/{id}",
            Method::Get,
            "result = {payload: {id: request.params.id, query: request.query}}",
        ),
        Endpoint::example(
            "files",
            "/files/{*rest}",
            Method::Get,
            "result = {payload: request.params.rest}",
        ),
    ]);
    Engine::load(&bundle::encode(&content)).unwrap()
}

thread_local! {
    static ENGINE: Engine = engine();
}

/// The engine's answer to a request, `None` when it is not an endpoint's.
fn answer(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Option<Reply> {
    ENGINE.with(|engine| {
        let head = RequestHead::new(method, path, headers);
        match engine.decide(&head, &NoJwt) {
            Decision::NotOurs => None,
            Decision::Reply { reply, .. } => Some(reply),
            Decision::Accept(accepted) => match engine.execute(&accepted, &head, body).step {
                Step::Reply(reply) => Some(reply),
                other => panic!("{method} {path}: neither a fetch nor a forward: {other:?}"),
            },
        }
    })
}

fn post(path: &str, content_type: &str, body: &[u8]) -> Reply {
    answer("POST", path, &[("content-type", content_type)], body).unwrap()
}

/// The payload of a `200`, as JSON.
fn payload(reply: &Reply) -> Value {
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    serde_json::from_slice(&reply.body).unwrap()
}

/// Every status the engine documents for a request it answers
/// (docs/request-handling.md), none of them a `500` for input alone.
const DOCUMENTED: [u16; 7] = [200, 400, 404, 405, 406, 413, 415];

/// JSON values of every kind, nested, with any text in keys and strings (control
/// characters, `__proto__`, lone surrogates excepted: JSON text cannot hold them).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        // Not whole: JavaScript writes a whole number without a fraction, which reads
        // back as an integer.
        (any::<i32>(), 1..8).prop_map(|(i, k)| json!(f64::from(i) + 1.0 / f64::from(1 << k))),
        any::<String>().prop_map(Value::from),
        Just(json!("__proto__")),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![any::<String>(), Just("__proto__".to_string())],
                    inner
                ),
                0..8
            )
            .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GET".to_string()),
        Just("POST".to_string()),
        Just("HEAD".to_string()),
        Just("OPTIONS".to_string()),
        "[A-Za-z]{0,8}",
    ]
}

/// Paths near the bundle's routes, with percent escapes, dot segments and bytes of
/// every kind.
fn path() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just("items".to_string()),
        Just("files".to_string()),
        Just("json".to_string()),
        Just("..".to_string()),
        Just(".".to_string()),
        Just("%2F".to_string()),
        Just("%2e".to_string()),
        Just("%".to_string()),
        Just("%ZZ".to_string()),
        "[^/?#]{0,6}",
    ];
    (
        prop::collection::vec(segment, 0..5),
        prop::option::of("[ -~]{0,12}"),
    )
        .prop_map(|(segments, query)| {
            let mut path = format!("/{}", segments.join("/"));
            if let Some(query) = query {
                path.push('?');
                path.push_str(&query);
            }
            path
        })
}

fn header() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![
            Just("content-type".to_string()),
            Just("accept".to_string()),
            Just("origin".to_string()),
            Just("x-api-key".to_string()),
            Just("authorization".to_string()),
            "[a-z-]{1,12}",
        ],
        prop_oneof![
            Just("application/json".to_string()),
            Just("application/json; charset=utf-8".to_string()),
            Just("text/csv".to_string()),
            Just("application/x-www-form-urlencoded".to_string()),
            Just("application/xml".to_string()),
            ".{0,24}",
        ],
    )
}

proptest! {
    /// Any request: an answer among the documented statuses, with a JSON problem
    /// report when it is an error, or left to Envoy; never a panic.
    #[test]
    fn any_request_gets_a_documented_answer(
        method in method(),
        path in path(),
        headers in prop::collection::vec(header(), 0..6),
        body in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let headers: Vec<(&str, &str)> =
            headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        if let Some(reply) = answer(&method, &path, &headers, &body) {
            prop_assert!(DOCUMENTED.contains(&reply.status), "{method} {path}: {}", reply.status);
            if reply.status >= 400 {
                let problem: Value = serde_json::from_slice(&reply.body).unwrap();
                // The filter's own error, or a problem report (RFC 9457) for a body
                // that fails its checks.
                let own = problem["error"].is_string() && problem["message"].is_string();
                let report = problem["title"].is_string() && problem["status"] == reply.status;
                prop_assert!(own || report, "{problem}");
            }
        }
    }

    /// JSON in, through `request.json` into JavaScript and out through the payload:
    /// the same value, whatever its keys (`__proto__` included) and text.
    #[test]
    fn json_bodies_reach_snippets_unchanged(value in json_value()) {
        let reply = post("/json", "application/json", &serde_json::to_vec(&value).unwrap());
        prop_assert_eq!(&payload(&reply)["value"], &value);
    }

    /// Any bytes as JSON: the value, or a `400` that names the problem.
    #[test]
    fn any_json_text_is_read_or_refused(body in prop::collection::vec(any::<u8>(), 0..128)) {
        let reply = post("/checked", "application/json", &body);
        match serde_json::from_slice::<Value>(&body) {
            Ok(value) if value.is_object() && value.get("email").is_none_or(|e| e.is_string()) => {
                prop_assert!([200, 400].contains(&reply.status));
            }
            _ => prop_assert_eq!(reply.status, 400),
        }
    }

    /// Form bodies: each name's first value, whatever the names and values hold.
    #[test]
    fn form_bodies_keep_each_names_first_value(
        pairs in prop::collection::vec((".{0,8}", ".{0,8}"), 0..12),
    ) {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let mut expected = Map::new();
        for (name, value) in &pairs {
            expected.entry(name.clone()).or_insert_with(|| Value::from(value.clone()));
        }
        let reply = post("/form", "application/x-www-form-urlencoded", encoded.as_bytes());
        prop_assert_eq!(payload(&reply), Value::Object(expected));
    }

    /// Any bytes as a form: an object, never a failure.
    #[test]
    fn any_form_text_is_read(body in prop::collection::vec(any::<u8>(), 0..128)) {
        let reply = post("/form", "application/x-www-form-urlencoded", &body);
        prop_assert!(payload(&reply).is_object());
    }

    /// CSV written by a CSV writer, rows of any lengths and fields of any text,
    /// quotes, commas and line breaks included: the same rows.
    #[test]
    fn csv_bodies_are_read_as_written(
        // A row of one empty field is written as an empty line, which readers skip,
        // and a byte order mark opening the text is not data. Filtered in the
        // strategy, so a deep run (`PROPTEST_CASES`) is not stopped by proptest's
        // cap on rejected cases.
        rows in prop::collection::vec(prop::collection::vec(".{0,6}", 1..5), 1..8)
            .prop_filter("rows a CSV writer writes as data", |rows| {
                rows.iter().all(|row| row.len() > 1 || !row[0].is_empty())
                    && !rows[0][0].starts_with('\u{feff}')
            }),
    ) {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let body = writer.into_inner().unwrap();
        let reply = post("/csv", "text/csv", &body);
        prop_assert_eq!(payload(&reply), json!(rows));
    }

    /// Any bytes as CSV: rows, or a `400` (not UTF-8, say).
    #[test]
    fn any_csv_text_is_read_or_refused(body in prop::collection::vec(any::<u8>(), 0..128)) {
        let reply = post("/csv", "text/csv", &body);
        prop_assert!([200, 400].contains(&reply.status), "{}", reply.status);
    }

    /// Any bytes, or text made of XML's own pieces, as an XML body: checked against
    /// the XSD or refused with a `400`, never a failure of the filter.
    #[test]
    fn any_xml_text_is_checked_or_refused(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..128),
            prop::collection::vec(
                prop_oneof![
                    Just("<order>"), Just("</order>"), Just("<id>"), Just("</id>"),
                    Just("1"), Just("<!DOCTYPE order [<!ENTITY e \"x\">]>"), Just("&e;"),
                    Just("<?xml version=\"1.0\"?>"), Just("<![CDATA["), Just("]]>"),
                    Just("<!--"), Just("-->"), Just("<x:order xmlns:x=\"u\">"),
                    Just("&#0;"), Just("&amp;"), Just("\u{0}"),
                ],
                0..16,
            )
            .prop_map(|pieces| pieces.concat().into_bytes()),
        ],
    ) {
        let reply = post("/xml", "application/xml", &body);
        prop_assert!([200, 400].contains(&reply.status), "{}", reply.status);
    }

    /// A route parameter is the segment percent-decoded, and the query's names keep
    /// their first value.
    #[test]
    fn parameters_and_queries_are_decoded(
        id in "[^/]{1,12}",
        query in prop::collection::vec(("[a-z%+=&]{1,4}", ".{0,6}"), 0..5),
    ) {
        prop_assume!(id != "." && id != "..");
        let segment: String =
            percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let query_text = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&query)
            .finish();
        let mut expected = BTreeMap::new();
        for (name, value) in &query {
            expected.entry(name.clone()).or_insert_with(|| value.clone());
        }
        let reply = answer("GET", &format!("/items/{segment}?{query_text}"), &[], b"").unwrap();
        prop_assert_eq!(payload(&reply), json!({"id": id, "query": expected}));
    }

    /// A media type matches whatever its case, parameters and spaces.
    #[test]
    fn media_types_match_in_any_case_with_any_parameters(
        upper in prop::collection::vec(any::<bool>(), 16),
        parameters in "(;[ ]?[a-z]{1,6}=[a-z0-9\"]{0,6}){0,3}",
        spaces in "[ \t]{0,2}",
    ) {
        let essence: String = "application/json"
            .chars()
            .zip(upper.iter().cycle())
            .map(|(c, &up)| if up { c.to_ascii_uppercase() } else { c })
            .collect();
        let header = format!("{spaces}{essence}{spaces}{parameters}");
        prop_assert!(media_type::matches(Some(&header), ContentType::Json), "{header:?}");
        prop_assert!(!media_type::matches(Some(&header), ContentType::Xml));
        prop_assert_eq!(media_type::essence(&header), "application/json");
    }

    /// Any header value: an essence without parameters or surrounding spaces, in
    /// ASCII lower case (media types are ASCII), never a panic.
    #[test]
    fn any_media_type_has_an_essence(value in any::<String>()) {
        let essence = media_type::essence(&value);
        prop_assert_eq!(essence.to_ascii_lowercase(), essence.clone());
        prop_assert!(!essence.contains(';'));
        prop_assert_eq!(essence.trim(), essence.as_str());
    }

    /// Any bytes as a bundle, a bundle cut short, a bundle with one bit changed or
    /// one byte added: refused with an error, the bundle serving kept. The one
    /// change that loads is a flip among the unused bits that pad DEFLATE's last
    /// byte, and it loads the very bundle that was compiled.
    #[test]
    fn bundles_are_decoded_whole_or_refused(
        bytes in prop::collection::vec(any::<u8>(), 0..256),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        prop_assert!(Engine::load(&bytes).is_err());
        let good = example_bundle();
        prop_assert!(Engine::load(&good[..cut.index(good.len())]).is_err());
        let mut changed = good.clone();
        changed[flip.index(good.len())] ^= 1 << bit;
        if let Ok((hash, content)) = bundle::decode(&changed) {
            prop_assert_eq!(flip.index(good.len()), good.len() - 1);
            prop_assert_eq!(Some((hash, content)), bundle::decode(&good).ok());
        }
        let mut longer = good.clone();
        longer.push(bit);
        prop_assert!(Engine::load(&longer).is_err());
    }
}

fn example_bundle() -> Vec<u8> {
    bundle::encode(&BundleContent::example(vec![Endpoint::example(
        "hello",
        "/hello",
        Method::Get,
        "result = {payload: 'hi'}",
    )]))
}

#[test]
fn a_bundle_decodes_to_what_was_encoded() {
    let content = BundleContent::example(vec![Endpoint::example(
        "hello",
        "/hello",
        Method::Get,
        "result = {payload: 'hi'}",
    )]);
    let (_, decoded) = bundle::decode(&bundle::encode(&content)).unwrap();
    assert_eq!(decoded, content);
}
