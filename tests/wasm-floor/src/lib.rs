//! The floor under every proxy-wasm filter, for `make bench` (docs/benchmarks.md):
//! a filter in the same SDK and the same Envoy that does nothing but what the
//! benchmark's scenarios need. `/fetch` calls the bench's upstream once and answers
//! its body (a `502` if the call fails or does not answer `200`); a request with a
//! body is answered once the whole body is buffered and copied into the VM, as the
//! filter reads a body it checks; any other request is answered at once. Nothing is
//! parsed, checked or run, so the distance from these rows to Envoy's own is what
//! the wasm host costs, and the distance from the filter's rows to these is the
//! filter's own work.

use std::time::Duration;

use proxy_wasm::hostcalls;
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, BufferType, ContextType, MapType};

/// What every scenario of the bench answers.
const BODY: &[u8] = br#"{"hello":"/hello"}"#;
const HEADERS: [(&str, &str); 1] = [("content-type", "application/json")];

proxy_wasm::main! {{
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(Floor) });
}}

struct Floor;

impl Context for Floor {}

impl RootContext for Floor {
    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }

    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(Exchange))
    }
}

/// One request.
struct Exchange;

impl Context for Exchange {
    fn on_http_call_response(&mut self, _token: u32, _headers: usize, size: usize, _: usize) {
        let status = hostcalls::get_map_value(MapType::HttpCallResponseHeaders, ":status");
        let body = hostcalls::get_buffer(BufferType::HttpCallResponseBody, 0, size);
        match (status.ok().flatten().as_deref(), body.ok().flatten()) {
            (Some("200"), Some(body)) => answer(200, &body),
            _ => answer(502, b""),
        }
    }
}

impl HttpContext for Exchange {
    fn on_http_request_headers(&mut self, _headers: usize, end_of_stream: bool) -> Action {
        let path = hostcalls::get_map_value(MapType::HttpRequestHeaders, ":path");
        if path.ok().flatten().as_deref() == Some("/fetch") {
            let call = hostcalls::dispatch_http_call(
                "bench-upstream",
                vec![
                    (":method", "GET"),
                    (":path", "/fixed"),
                    (":authority", "bench"),
                ],
                None,
                Vec::new(),
                Duration::from_secs(5),
            );
            // A call that failed is a 502, never the body the call would have
            // answered: the bench refuses a row with errors, so the floor's call row
            // measures calls.
            if call.is_err() {
                answer(502, b"");
            }
            return Action::Pause;
        }
        if end_of_stream {
            answer(200, BODY);
        }
        // Else Envoy buffers the body until its end (`on_http_request_body`).
        Action::Pause
    }

    fn on_http_request_body(&mut self, body_size: usize, end_of_stream: bool) -> Action {
        if end_of_stream {
            match hostcalls::get_buffer(BufferType::HttpRequestBody, 0, body_size) {
                Ok(Some(body)) if body.len() == body_size => answer(200, BODY),
                _ => answer(500, b""),
            }
        }
        Action::Pause
    }
}

fn answer(status: u32, body: &[u8]) {
    let _ = hostcalls::send_http_response(status, HEADERS.to_vec(), Some(body));
}
