//! The built filter module, as Envoy sees it: which callbacks it exports.
//!
//! Envoy calls each exported callback at its point of every stream, and skips the
//! ones a module lacks. The filter answers or passes a request on while it reads the
//! request, so the response-side, log and end-of-stream callbacks would be calls
//! into the VM that do nothing, on every request (vendor/README.md, `proxy-wasm`).

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use endpoint_integration_tests::filter_wasm;
use wasmparser::{Parser, Payload};

fn exported_functions() -> BTreeSet<String> {
    let module = std::fs::read(filter_wasm()).unwrap();
    let mut names = BTreeSet::new();
    for payload in Parser::new(0).parse_all(&module) {
        if let Payload::ExportSection(exports) = payload.unwrap() {
            for export in exports {
                let export = export.unwrap();
                if export.kind == wasmparser::ExternalKind::Func {
                    names.insert(export.name.to_string());
                }
            }
        }
    }
    names
}

#[test]
fn the_module_exports_what_the_filter_handles_and_nothing_envoy_would_call_for_nothing() {
    let exports = exported_functions();
    for handled in [
        "proxy_abi_version_0_2_1",
        "proxy_on_memory_allocate",
        "proxy_on_vm_start",
        "proxy_on_configure",
        "proxy_on_context_create",
        "proxy_on_request_headers",
        "proxy_on_request_body",
        "proxy_on_request_trailers",
        // A forwarded answer gets the endpoint's CORS headers (docs/upstreams.md).
        "proxy_on_response_headers",
        "proxy_on_http_call_response",
        "proxy_on_delete",
    ] {
        assert!(
            exports.contains(handled),
            "{handled} missing from {exports:?}"
        );
    }
    for unused in [
        "proxy_on_response_body",
        "proxy_on_response_trailers",
        "proxy_on_log",
        "proxy_on_done",
    ] {
        assert!(
            !exports.contains(unused),
            "{unused} is exported: Envoy would call it on every request"
        );
    }
}
