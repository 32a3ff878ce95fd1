//! Any request against the examples' bundle: routing, percent-decoding, the query,
//! media types, credentials, and JSON, form, CSV and XML bodies into snippets.
//! The input is `METHOD PATH`, header lines `name: value`, an empty line, the body.
#![no_main]

use std::path::PathBuf;

use endpoint_core::Engine;
use endpoint_core::engine::{Decision, Host, RequestHead};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

struct NoJwt;

impl Host for NoJwt {
    fn jwt_payload(&self, _: &str) -> Option<Map<String, Value>> {
        None
    }
}

thread_local! {
    static ENGINE: Engine = {
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let Ok(compiled) = endpoint_compiler::compile(&[examples]) else {
            panic!("the examples do not compile");
        };
        match Engine::load(&compiled.bundle) {
            Ok(engine) => engine,
            Err(error) => panic!("the examples' bundle does not load: {error}"),
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let first = lines.next().unwrap_or_default();
    let (method, path) = first.split_once(' ').unwrap_or((first, "/"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    let head = RequestHead::new(method, path, &headers);
    ENGINE.with(|engine| {
        if let Decision::Accept(accepted) = engine.decide(&head, &NoJwt) {
            // A reply, a forward or fetches: the examples have all three.
            let _ = engine.execute(&accepted, &head, body);
        }
    });
});
