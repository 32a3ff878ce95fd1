//! What the request holds for its snippet: the parts of `request` it reads, taken
//! from the head and body. Bodies are still checked in full whatever the snippet
//! reads: a JSON or CSV body that does not parse is a `400` either way.

use serde_json::{Map, Value};

use crate::model::ContentType;
use crate::reply::Reply;
use crate::snippet::{Needs, RequestView};
use crate::validation::Violation;
use crate::validation::json::Document;

use super::{RequestHead, split_query, validation_problem};

/// The `request` global's parts, or the `400` for a body that is not what its type says.
/// A JSON body comes parsed (and checked) by step 6.
pub fn view<'a>(
    needs: Needs,
    content_type: Option<ContentType>,
    head: &'a RequestHead,
    params: &'a [(String, String)],
    body: &'a [u8],
    json: Option<Document<'a>>,
) -> Result<RequestView<'a>, Reply> {
    let (path, query) = split_query(head.path());
    let mut request = RequestView {
        method: head.method(),
        path,
        params: needs.params.then_some(params),
        query: needs.query.then(|| form_object(query.as_bytes())),
        headers: needs.headers.then(|| headers(head)),
        body: needs.body.then(|| String::from_utf8_lossy(body)),
        json: None,
        form: None,
        csv: None,
    };
    match content_type {
        Some(ContentType::Json) if needs.json => {
            request.json = Some(json);
        }
        Some(ContentType::TextCsv) => {
            let rows = csv_rows(body)?;
            if needs.csv {
                request.csv = Some(rows);
            }
        }
        Some(ContentType::FormUrlencoded) if needs.form => request.form = Some(form_object(body)),
        _ => {}
    }
    Ok(request)
}

fn invalid(kind: &str, message: String) -> Reply {
    validation_problem(vec![Violation::new(kind, "", &message)])
}

/// Header names in lower case; repeated headers fold into one comma-separated value
/// (RFC 9110 §5.3). Envoy's pseudo-headers (`:path`) are left out.
fn headers(head: &RequestHead) -> Map<String, Value> {
    let mut headers = Map::new();
    for (name, value) in head.headers() {
        if name.starts_with(':') {
            continue;
        }
        match headers.get_mut(name) {
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            _ => {
                headers.insert(name.to_owned(), Value::String(value.to_owned()));
            }
        }
    }
    headers
}

/// `a=1&b=x%20y` as an object; the first value of a repeated name wins.
/// Past the memory limit of the run being prepared, the rest is left out: the run
/// stops.
pub fn form_object(encoded: &[u8]) -> Value {
    let mut object = Map::new();
    for (name, value) in form_urlencoded::parse(encoded) {
        if crate::snippet::memory_exhausted() {
            break;
        }
        object
            .entry(name.into_owned())
            .or_insert_with(|| Value::String(value.into_owned()));
    }
    Value::Object(object)
}

/// A CSV body as rows of text fields (RFC 4180 quoting; rows may differ in length).
/// The first row is a row like any other: the snippet knows whether it is a header.
/// Past the memory limit of the run being prepared, a `500`: the run stops.
fn csv_rows(body: &[u8]) -> Result<Value, Reply> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            invalid(
                "csv_invalid",
                format!("row {}: the body is not valid CSV: {e}", index + 1),
            )
        })?;
        if crate::snippet::memory_exhausted() {
            return Err(super::generic_failure());
        }
        rows.push(Value::Array(
            record
                .iter()
                .map(|field| Value::String(field.to_string()))
                .collect(),
        ));
    }
    Ok(Value::Array(rows))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn csv_rows_follow_rfc_4180() {
        let rows = csv_rows(b"id,name\n1,\"Lee, Ann\"\n2,\"say \"\"hi\"\"\",extra\n").unwrap();
        assert_eq!(
            rows,
            json!([
                ["id", "name"],
                ["1", "Lee, Ann"],
                ["2", "say \"hi\"", "extra"]
            ])
        );
        assert_eq!(csv_rows(b"").unwrap(), json!([]));
        let bad = csv_rows(b"a,b\n\xff\xfe,c\n").unwrap_err();
        assert_eq!(bad.status, 400);
        assert!(String::from_utf8_lossy(&bad.body).contains("csv_invalid"));
    }
}
