//! The filter against a host that refuses calls: Envoy may answer any host call with
//! a status other than `Ok`. Whichever call it refuses, with whichever status, the
//! filter must not panic (in wasm a panic aborts the VM and every request on its
//! worker), and a request it accepted must end answered or reset, never go on
//! unchecked or half rewritten. Envoy cannot be made to refuse on demand, so this
//! host is a fake: it implements the proxy-wasm imports the filter uses, natively.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use endpoint_core::bundle;
use endpoint_core::model::{
    BundleContent, ContentType, Endpoint, ExecMode, Forward, Method, Upstream,
};
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, BufferType, LogLevel, MapType, MetricType, Status, StreamType};

use crate::EndpointRoot;

/// The host calls the filter makes, by their import name.
const HOST_CALLS: [&str; 18] = [
    "proxy_log",
    "proxy_get_buffer_bytes",
    "proxy_get_header_map_pairs",
    "proxy_replace_header_map_value",
    "proxy_remove_header_map_value",
    "proxy_add_header_map_value",
    "proxy_get_property",
    "proxy_continue_stream",
    "proxy_close_stream",
    "proxy_send_local_response",
    "proxy_http_call",
    "proxy_define_metric",
    "proxy_increment_metric",
    "proxy_record_metric",
    "proxy_get_current_time_nanoseconds",
    "proxy_get_header_map_value",
    "proxy_get_shared_data",
    "proxy_set_shared_data",
];

/// Every status but `Ok` that the ABI defines.
const REFUSALS: [Status; 7] = [
    Status::NotFound,
    Status::BadArgument,
    Status::SerializationFailure,
    Status::ParseFailure,
    Status::Empty,
    Status::CasMismatch,
    Status::InternalFailure,
];

/// What the fake host holds and what it saw, per test thread.
#[derive(Default)]
struct FakeHost {
    /// The call it refuses, every time, and with what.
    refuses: Option<(&'static str, Status)>,
    plugin_configuration: Vec<u8>,
    request_headers: Vec<(String, String)>,
    request_body: Vec<u8>,
    call_response_headers: Vec<(String, String)>,
    call_response_body: Vec<u8>,
    local_replies: Vec<u32>,
    resets: usize,
    resumed: usize,
    /// The token of the last call sent, 0 for none.
    calls_sent: u32,
    logged: Vec<String>,
    /// The metrics defined, by id less one: name and kind.
    metrics: Vec<(String, MetricType)>,
    /// What was counted or recorded, by metric name, in order.
    metric_values: Vec<(String, u64)>,
    /// The fake clock, in nanoseconds: each reading moves it on by a microsecond.
    clock_ns: u64,
    /// The `:status` of the upstream's answer to a forwarded request.
    response_status: Option<String>,
    /// The process's shared data, which every VM of the filter sees.
    shared_data: std::collections::HashMap<String, Vec<u8>>,
}

impl FakeHost {
    fn metric_name(&self, id: u32) -> String {
        let index = id.checked_sub(1).unwrap() as usize;
        self.metrics[index].0.clone()
    }
}

thread_local! {
    static HOST: RefCell<FakeHost> = RefCell::new(FakeHost::default());
    static NEXT_TOKEN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn host<T>(f: impl FnOnce(&mut FakeHost) -> T) -> T {
    HOST.with(|host| f(&mut host.borrow_mut()))
}

/// `Err` with the status the host refuses `call` with, if it does.
fn refused(call: &str) -> Result<(), Status> {
    match host(|h| h.refuses) {
        Some((name, status)) if name == call => Err(status),
        _ => Ok(()),
    }
}

fn status_of(result: Result<(), Status>) -> Status {
    result.err().unwrap_or(Status::Ok)
}

/// Hands `bytes` to the SDK as the host does: memory it owns from then on.
///
/// # Safety
/// `data` and `size` must be writable.
unsafe fn hand_over(bytes: &[u8], data: *mut *mut u8, size: *mut usize) {
    let boxed: Box<[u8]> = bytes.into();
    unsafe {
        *size = boxed.len();
        *data = Box::into_raw(boxed).cast::<u8>();
    }
}

/// # Safety
/// `data` must point at `size` readable bytes.
unsafe fn bytes<'a>(data: *const u8, size: usize) -> &'a [u8] {
    if size == 0 {
        return &[];
    }
    unsafe { std::slice::from_raw_parts(data, size) }
}

unsafe fn text(data: *const u8, size: usize) -> String {
    String::from_utf8_lossy(unsafe { bytes(data, size) }).into_owned()
}

fn serialized(pairs: &[(String, String)]) -> Vec<u8> {
    let borrowed: Vec<(&str, &[u8])> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
        .collect();
    crate::header_map::serialized(&borrowed)
}

#[unsafe(no_mangle)]
extern "C" fn proxy_log(_level: LogLevel, data: *const u8, size: usize) -> Status {
    let line = unsafe { text(data, size) };
    host(|h| h.logged.push(line));
    status_of(refused("proxy_log"))
}

#[unsafe(no_mangle)]
extern "C" fn proxy_get_buffer_bytes(
    buffer_type: BufferType,
    start: usize,
    max_size: usize,
    data: *mut *mut u8,
    size: *mut usize,
) -> Status {
    if let Err(status) = refused("proxy_get_buffer_bytes") {
        return status;
    }
    let buffer = host(|h| match buffer_type {
        BufferType::PluginConfiguration => Some(h.plugin_configuration.clone()),
        BufferType::HttpRequestBody => Some(h.request_body.clone()),
        BufferType::HttpCallResponseBody => Some(h.call_response_body.clone()),
        _ => None,
    });
    let Some(buffer) = buffer else {
        return Status::NotFound;
    };
    let end = buffer.len().min(start.saturating_add(max_size));
    unsafe { hand_over(&buffer[start.min(end)..end], data, size) };
    Status::Ok
}

#[unsafe(no_mangle)]
extern "C" fn proxy_get_header_map_pairs(
    map_type: MapType,
    data: *mut *mut u8,
    size: *mut usize,
) -> Status {
    if let Err(status) = refused("proxy_get_header_map_pairs") {
        return status;
    }
    let map = host(|h| match map_type {
        MapType::HttpRequestHeaders => Some(serialized(&h.request_headers)),
        MapType::HttpCallResponseHeaders => Some(serialized(&h.call_response_headers)),
        _ => None,
    });
    let Some(map) = map else {
        return Status::BadArgument;
    };
    unsafe { hand_over(&map, data, size) };
    Status::Ok
}

/// Sets, adds or removes a request header; response headers are not kept.
fn change_header(map_type: MapType, name: String, value: Option<String>, add: bool) {
    if map_type != MapType::HttpRequestHeaders {
        return;
    }
    host(|h| {
        if !add {
            h.request_headers.retain(|(n, _)| *n != name);
        }
        if let Some(value) = value {
            h.request_headers.push((name, value));
        }
    });
}

#[unsafe(no_mangle)]
extern "C" fn proxy_replace_header_map_value(
    map_type: MapType,
    key: *const u8,
    key_size: usize,
    value: *const u8,
    value_size: usize,
) -> Status {
    refused("proxy_replace_header_map_value").map_or_else(
        |status| status,
        |()| {
            let (key, value) = unsafe { (text(key, key_size), text(value, value_size)) };
            change_header(map_type, key, Some(value), false);
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_remove_header_map_value(
    map_type: MapType,
    key: *const u8,
    key_size: usize,
) -> Status {
    refused("proxy_remove_header_map_value").map_or_else(
        |status| status,
        |()| {
            change_header(map_type, unsafe { text(key, key_size) }, None, false);
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_add_header_map_value(
    map_type: MapType,
    key: *const u8,
    key_size: usize,
    value: *const u8,
    value_size: usize,
) -> Status {
    refused("proxy_add_header_map_value").map_or_else(
        |status| status,
        |()| {
            let (key, value) = unsafe { (text(key, key_size), text(value, value_size)) };
            change_header(map_type, key, Some(value), true);
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_get_property(
    _path: *const u8,
    _path_size: usize,
    _data: *mut *mut u8,
    _size: *mut usize,
) -> Status {
    refused("proxy_get_property").map_or_else(|status| status, |()| Status::NotFound)
}

#[unsafe(no_mangle)]
extern "C" fn proxy_continue_stream(_stream: StreamType) -> Status {
    refused("proxy_continue_stream").map_or_else(
        |status| status,
        |()| {
            host(|h| h.resumed += 1);
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_close_stream(_stream: StreamType) -> Status {
    refused("proxy_close_stream").map_or_else(
        |status| status,
        |()| {
            host(|h| h.resets += 1);
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
extern "C" fn proxy_send_local_response(
    status_code: u32,
    _details: *const u8,
    _details_size: usize,
    _body: *const u8,
    _body_size: usize,
    _headers: *const u8,
    _headers_size: usize,
    _grpc_status: i32,
) -> Status {
    refused("proxy_send_local_response").map_or_else(
        |status| status,
        |()| {
            host(|h| h.local_replies.push(status_code));
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
extern "C" fn proxy_http_call(
    _upstream: *const u8,
    _upstream_size: usize,
    _headers: *const u8,
    _headers_size: usize,
    _body: *const u8,
    _body_size: usize,
    _trailers: *const u8,
    _trailers_size: usize,
    _timeout: u32,
    token: *mut u32,
) -> Status {
    refused("proxy_http_call").map_or_else(
        |status| status,
        |()| {
            // Unique on the thread, as Envoy's are: the SDK keeps each token it
            // registered.
            let sent = NEXT_TOKEN.with(|next| {
                next.set(next.get() + 1);
                next.get()
            });
            host(|h| h.calls_sent = sent);
            unsafe { *token = sent };
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_define_metric(
    metric_type: MetricType,
    name: *const u8,
    name_size: usize,
    id: *mut u32,
) -> Status {
    refused("proxy_define_metric").map_or_else(
        |status| status,
        |()| {
            let name = unsafe { text(name, name_size) };
            let defined = host(|h| {
                let known = h.metrics.iter().position(|(n, _)| *n == name);
                let index = known.unwrap_or_else(|| {
                    h.metrics.push((name, metric_type));
                    h.metrics.len() - 1
                });
                index as u32 + 1
            });
            unsafe { *id = defined };
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_increment_metric(id: u32, offset: i64) -> Status {
    refused("proxy_increment_metric").map_or_else(
        |status| status,
        |()| {
            host(|h| {
                let name = h.metric_name(id);
                h.metric_values.push((name, offset as u64));
            });
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_record_metric(id: u32, value: u64) -> Status {
    refused("proxy_record_metric").map_or_else(
        |status| status,
        |()| {
            host(|h| {
                let name = h.metric_name(id);
                h.metric_values.push((name, value));
            });
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_get_shared_data(
    key_data: *const u8,
    key_size: usize,
    value_data: *mut *mut u8,
    value_size: *mut usize,
    cas: *mut u32,
) -> Status {
    refused("proxy_get_shared_data").map_or_else(
        |status| status,
        |()| {
            let key = unsafe { text(key_data, key_size) };
            match host(|h| h.shared_data.get(&key).cloned()) {
                None => Status::NotFound,
                Some(value) => {
                    unsafe {
                        hand_over(&value, value_data, value_size);
                        *cas = 1;
                    }
                    Status::Ok
                }
            }
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_set_shared_data(
    key_data: *const u8,
    key_size: usize,
    value_data: *const u8,
    value_size: usize,
    _cas: u32,
) -> Status {
    refused("proxy_set_shared_data").map_or_else(
        |status| status,
        |()| {
            let key = unsafe { text(key_data, key_size) };
            let value = unsafe { bytes(value_data, value_size) }.to_vec();
            host(|h| h.shared_data.insert(key, value));
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_get_current_time_nanoseconds(time: *mut u64) -> Status {
    refused("proxy_get_current_time_nanoseconds").map_or_else(
        |status| status,
        |()| {
            let now = host(|h| {
                h.clock_ns += 1_000;
                h.clock_ns
            });
            unsafe { *time = now };
            Status::Ok
        },
    )
}

#[unsafe(no_mangle)]
extern "C" fn proxy_get_header_map_value(
    map_type: MapType,
    key: *const u8,
    key_size: usize,
    data: *mut *mut u8,
    size: *mut usize,
) -> Status {
    if let Err(status) = refused("proxy_get_header_map_value") {
        return status;
    }
    let key = unsafe { text(key, key_size) };
    let value = host(|h| match map_type {
        MapType::HttpResponseHeaders if key == ":status" => h.response_status.clone(),
        _ => None,
    });
    match value {
        Some(value) => {
            unsafe { hand_over(value.as_bytes(), data, size) };
            Status::Ok
        }
        None => Status::NotFound,
    }
}

/// The requests the sweep sends, each down a different path through the filter.
#[derive(Debug, Clone, Copy)]
enum Scenario {
    /// A snippet answers a `GET`.
    Snippet,
    /// A snippet answers a JSON body.
    Body,
    /// A snippet fetches from an upstream, then answers.
    Fetch,
    /// The request is forwarded, its headers rewritten.
    Forward,
    /// Not an endpoint's: it goes on without its `x-endpoint-*` header.
    NotOurs,
}

fn bundle() -> Vec<u8> {
    let upstream = |endpoint: &mut Endpoint| endpoint.upstreams = vec!["orders".into()];
    let mut echo = Endpoint::example(
        "echo",
        "/echo",
        Method::Post,
        "result = {payload: request.json}",
    );
    echo.request_content_type = Some(ContentType::Json);
    let mut fetching = Endpoint::example(
        "fetching",
        "/fetching",
        Method::Get,
        "const answer = await fetch('orders', '/x'); result = {payload: answer.status}",
    );
    upstream(&mut fetching);
    let mut forwarded = Endpoint::example("forwarded", "/forwarded/{id}", Method::Get, "");
    upstream(&mut forwarded);
    forwarded.exec_mode = ExecMode::Forward;
    forwarded.forward = Some(Forward {
        upstream: "orders".into(),
        path: Some("/api/{id}".into()),
    });
    let mut content = BundleContent::example(vec![
        Endpoint::example("hello", "/hello", Method::Get, "result = {payload: 'hi'}"),
        echo,
        fetching,
        forwarded,
    ]);
    content.upstreams = vec![Upstream {
        name: "orders".into(),
        cluster: "orders-cluster".into(),
        address: None,
        timeout_ms: 1000,
        max_response_bytes: 1024,
        headers: Vec::new(),
    }];
    bundle::encode(&content)
}

/// What became of one request.
#[derive(Debug)]
struct Ending {
    configured: bool,
    /// What the filter told Envoy at its last callback.
    action: Option<Action>,
    local_replies: Vec<u32>,
    resets: usize,
    resumed: usize,
    request_headers: Vec<(String, String)>,
    /// What was counted or recorded while the request ran, by metric name.
    metric_values: Vec<(String, u64)>,
}

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// A host that has seen nothing yet, whose plugin configuration is `bundle`.
fn fresh_host(bundle: &[u8]) {
    host(|h| {
        *h = FakeHost {
            plugin_configuration: bundle.to_vec(),
            ..FakeHost::default()
        }
    });
}

/// Loads the bundle and sends one request of `scenario`, the host refusing
/// `refuses`; `Err` with the panic's message if the filter panicked.
fn send(
    bundle: &[u8],
    scenario: Scenario,
    refuses: Option<(&'static str, Status)>,
) -> Result<Ending, String> {
    fresh_host(bundle);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut root = EndpointRoot::default();
        let configured = root.on_configure(bundle.len());
        host(|h| h.refuses = refuses);
        // Made as `create_http_context` makes it, without the trait object, whose
        // table would need every import of the SDK.
        let mut stream = root.stream();
        let get = |path: &str| headers(&[(":method", "GET"), (":path", path), (":authority", "h")]);
        let action = match scenario {
            Scenario::Snippet => {
                host(|h| h.request_headers = get("/hello"));
                stream.on_http_request_headers(3, true)
            }
            Scenario::Body => {
                host(|h| {
                    h.request_headers = headers(&[
                        (":method", "POST"),
                        (":path", "/echo"),
                        ("content-type", "application/json"),
                    ]);
                    h.request_body = b"[1, 2]".to_vec();
                });
                let action = stream.on_http_request_headers(3, false);
                // Envoy sends the body on unless the stream was answered or reset.
                let ended = host(|h| h.local_replies.len() + h.resets > 0);
                if action == Action::Pause && !ended {
                    stream.on_http_request_body(6, true)
                } else {
                    action
                }
            }
            Scenario::Fetch => {
                host(|h| h.request_headers = get("/fetching"));
                let action = stream.on_http_request_headers(3, true);
                let sent = host(|h| {
                    h.call_response_headers =
                        headers(&[(":status", "201"), ("x-envoy-upstream-service-time", "1")]);
                    h.call_response_body = b"done".to_vec();
                    h.calls_sent
                });
                if sent == 0 {
                    action
                } else {
                    stream.on_http_call_response(sent, 2, 4, 0);
                    action
                }
            }
            Scenario::Forward => {
                host(|h| {
                    h.request_headers = get("/forwarded/7");
                    h.request_headers
                        .push(("x-endpoint-user".into(), "mallory".into()));
                    h.response_status = Some("503".into());
                });
                let action = stream.on_http_request_headers(4, true);
                if action == Action::Continue {
                    // The upstream's answer passes back through the filter.
                    stream.on_http_response_headers(2, true);
                }
                action
            }
            Scenario::NotOurs => {
                host(|h| {
                    h.request_headers = get("/elsewhere");
                    h.request_headers
                        .push(("x-endpoint-user".into(), "mallory".into()));
                });
                stream.on_http_request_headers(4, true)
            }
        };
        Some((configured, action))
    }));
    let (configured, action) = match result {
        Ok(Some((configured, action))) => (configured, Some(action)),
        Ok(None) => (false, None),
        Err(panic) => {
            return Err(panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default());
        }
    };
    Ok(host(|h| Ending {
        configured,
        action,
        local_replies: h.local_replies.clone(),
        resets: h.resets,
        resumed: h.resumed,
        request_headers: h.request_headers.clone(),
        metric_values: h.metric_values.clone(),
    }))
}

fn header<'a>(ending: &'a Ending, name: &str) -> Vec<&'a str> {
    ending
        .request_headers
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The request was answered (by the filter, once) or reset, and did not go on.
fn ended_here(ending: &Ending) -> bool {
    ending.action == Some(Action::Pause)
        && ending.resumed == 0
        && ending.local_replies.len() + ending.resets == 1
}

#[test]
fn with_a_willing_host_each_request_takes_its_path() {
    let bundle = bundle();
    let ending = |scenario| send(&bundle, scenario, None).unwrap();
    for scenario in [Scenario::Snippet, Scenario::Body, Scenario::Fetch] {
        let ending = ending(scenario);
        assert!(ending.configured);
        assert_eq!(ending.local_replies, [200], "{scenario:?}: {ending:?}");
    }
    let forwarded = ending(Scenario::Forward);
    assert_eq!(forwarded.action, Some(Action::Continue));
    assert_eq!(header(&forwarded, ":path"), ["/api/7"]);
    assert_eq!(header(&forwarded, "x-endpoint-user"), ["anon"]);
    let not_ours = ending(Scenario::NotOurs);
    assert_eq!(not_ours.action, Some(Action::Continue));
    assert!(header(&not_ours, "x-endpoint-user").is_empty());
}

/// The metrics one request of each path leaves: its endpoint's status class, the
/// filter's own time (each reading of the fake clock moves it by 1 µs, so a callback
/// takes 1 µs), and calls per upstream. A request no endpoint takes leaves none.
#[test]
fn each_request_counts_under_its_endpoint() {
    let bundle = bundle();
    // The bundle's gauges, recorded as it loads, are not the request's.
    let counted = |scenario| -> Vec<(String, u64)> {
        let values = send(&bundle, scenario, None).unwrap().metric_values;
        values
            .into_iter()
            .filter(|(name, _)| !name.starts_with("endpoint.bundle."))
            .collect()
    };
    let pairs = |list: &[(&str, u64)]| -> Vec<(String, u64)> {
        list.iter().map(|(n, v)| (n.to_string(), *v)).collect()
    };
    assert_eq!(
        counted(Scenario::Snippet),
        pairs(&[
            ("endpoint.requests;endpoint=hello;code_class=2xx", 1),
            ("endpoint.duration_us;endpoint=hello", 1),
        ])
    );
    assert_eq!(
        counted(Scenario::Fetch),
        pairs(&[
            ("endpoint.fetch.calls;endpoint=fetching;upstream=orders", 1),
            ("endpoint.requests;endpoint=fetching;code_class=2xx", 1),
            // Two callbacks: the request's headers, and the call's answer.
            ("endpoint.duration_us;endpoint=fetching", 2),
        ])
    );
    assert_eq!(
        counted(Scenario::Forward),
        pairs(&[
            ("endpoint.duration_us;endpoint=forwarded", 1),
            ("endpoint.requests;endpoint=forwarded;code_class=5xx", 1),
        ])
    );
    assert!(counted(Scenario::NotOurs).is_empty());
}

/// A load defines the bundle's gauges only; an endpoint's metrics are defined at its
/// first request in the VM, all of them (so its other series start at zero), and
/// never again; an endpoint no request reached has none.
#[test]
fn an_endpoint_s_metrics_are_defined_at_its_first_request_only() {
    let bundle = bundle();
    fresh_host(&bundle);
    let defined =
        || -> Vec<String> { host(|h| h.metrics.iter().map(|(n, _)| n.clone()).collect()) };
    let mut root = EndpointRoot::default();
    assert!(root.on_configure(bundle.len()));
    assert_eq!(
        defined(),
        ["endpoint.bundle.version", "endpoint.bundle.endpoints"]
    );
    let get_hello = || {
        host(|h| {
            h.request_headers =
                headers(&[(":method", "GET"), (":path", "/hello"), (":authority", "h")])
        });
        root.stream().on_http_request_headers(3, true);
    };
    get_hello();
    let after_first = defined();
    let hello: Vec<&String> = after_first
        .iter()
        .filter(|name| !name.starts_with("endpoint.bundle."))
        .collect();
    assert_eq!(hello.len(), 10, "{after_first:?}");
    assert!(
        hello.iter().all(|name| name.contains(";endpoint=hello")),
        "{after_first:?}"
    );
    get_hello();
    assert_eq!(defined(), after_first);
}

/// Every host call refused with every status, on every path: no panic, and the
/// request never goes on unless it went on whole.
#[test]
fn a_refused_host_call_never_panics_nor_lets_a_request_through() {
    let bundle = bundle();
    let mut panics = Vec::new();
    for call in HOST_CALLS {
        for status in REFUSALS {
            for scenario in [
                Scenario::Snippet,
                Scenario::Body,
                Scenario::Fetch,
                Scenario::Forward,
                Scenario::NotOurs,
            ] {
                let what = format!("{call} refused with {status:?}, {scenario:?}");
                let ending = match send(&bundle, scenario, Some((call, status))) {
                    Ok(ending) => ending,
                    Err(panic) => {
                        panics.push(format!("{what}: panicked: {panic}"));
                        continue;
                    }
                };
                assert!(ending.configured);
                match scenario {
                    Scenario::Snippet | Scenario::Body | Scenario::Fetch => {
                        assert!(ended_here(&ending), "{what}: {ending:?}");
                    }
                    Scenario::Forward | Scenario::NotOurs => {
                        if ending.action == Some(Action::Continue) {
                            // Gone on whole: the client's identity header removed, the
                            // proxy's set.
                            let user = header(&ending, "x-endpoint-user");
                            assert!(!user.contains(&"mallory"), "{what}: {ending:?}");
                            if let Scenario::Forward = scenario {
                                assert_eq!(user, ["anon"], "{what}: {ending:?}");
                                assert_eq!(header(&ending, ":path"), ["/api/7"], "{what}");
                            }
                        } else {
                            assert!(ended_here(&ending), "{what}: {ending:?}");
                        }
                    }
                }
            }
        }
    }
    assert!(panics.is_empty(), "{}", panics.join("\n"));
}

/// A refused answer resets the stream; a refused configuration keeps the last good
/// bundle; each says why in the log.
#[test]
fn what_the_filter_does_when_envoy_refuses_says_so_in_the_log() {
    let bundle = bundle();
    let ending = send(
        &bundle,
        Scenario::Snippet,
        Some(("proxy_send_local_response", Status::BadArgument)),
    )
    .unwrap();
    assert_eq!((ending.resets, ending.local_replies.len()), (1, 0));
    let logged = host(|h| h.logged.clone());
    assert!(
        logged
            .iter()
            .any(|l| l.contains("a 200 answer could not be sent: Envoy refused it (BadArgument)")),
        "{logged:?}"
    );
}

/// A configuration Envoy does not hand over is refused (Envoy keeps the last good
/// bundle); any other refusal while a bundle loads leaves it loaded.
#[test]
fn a_refused_call_while_a_bundle_loads_never_panics() {
    let bundle = bundle();
    for call in HOST_CALLS {
        for status in REFUSALS {
            host(|h| {
                *h = FakeHost {
                    refuses: Some((call, status)),
                    plugin_configuration: bundle.clone(),
                    ..FakeHost::default()
                }
            });
            let configured = catch_unwind(|| EndpointRoot::default().on_configure(bundle.len()));
            let what = format!("{call} refused with {status:?}");
            let Ok(configured) = configured else {
                panic!("{what}: the filter panicked");
            };
            // `NotFound` is the host's way of saying there is no configuration: an
            // empty one, which is no bundle.
            assert_eq!(configured, call != "proxy_get_buffer_bytes", "{what}");
        }
    }
    host(|h| {
        *h = FakeHost {
            refuses: Some(("proxy_get_buffer_bytes", Status::InternalFailure)),
            plugin_configuration: bundle.clone(),
            ..FakeHost::default()
        }
    });
    assert!(!EndpointRoot::default().on_configure(bundle.len()));
    let logged = host(|h| h.logged.clone());
    assert!(
        logged.iter().any(|l| l.contains(
            "endpoint bundle rejected: Envoy did not hand over the configuration (InternalFailure)"
        )),
        "{logged:?}"
    );
}

/// A filter configured with `configuration` by a host that refuses nothing, ready
/// for its streams.
fn configured(configuration: &[u8]) -> (EndpointRoot, bool) {
    host(|h| {
        *h = FakeHost {
            plugin_configuration: configuration.to_vec(),
            ..FakeHost::default()
        }
    });
    let mut root = EndpointRoot::default();
    let configured = root.on_configure(configuration.len());
    (root, configured)
}

fn post_echo(content_length: Option<&str>) -> Vec<(String, String)> {
    let mut head = headers(&[
        (":method", "POST"),
        (":path", "/echo"),
        ("content-type", "application/json"),
    ]);
    if let Some(length) = content_length {
        head.push(("content-length".into(), length.into()));
    }
    head
}

#[test]
fn a_body_over_the_limit_is_refused_as_soon_as_it_passes_it() {
    let mut echo = Endpoint::example("echo", "/echo", Method::Post, "result = {payload: 1}");
    echo.request_content_type = Some(ContentType::Json);
    echo.limits.body_bytes = Some(8);
    let (root, configured) = configured(&bundle::encode(&BundleContent::example(vec![echo])));
    assert!(configured);

    // Chunked: the first part fits, the second passes the limit before the end.
    let mut stream = root.stream();
    host(|h| h.request_headers = post_echo(None));
    assert_eq!(stream.on_http_request_headers(3, false), Action::Pause);
    assert_eq!(stream.on_http_request_body(5, false), Action::Pause);
    assert!(host(|h| h.local_replies.is_empty()), "answered too soon");
    assert_eq!(stream.on_http_request_body(12, false), Action::Pause);
    assert_eq!(host(|h| h.local_replies.clone()), [413]);
    // What Envoy still delivers for that stream is not looked at again.
    assert_eq!(stream.on_http_request_body(20, true), Action::Continue);
    assert_eq!(host(|h| (h.local_replies.len(), h.resumed)), (1, 0));

    // A declared length over the limit is refused at the headers.
    let mut stream = root.stream();
    host(|h| h.request_headers = post_echo(Some("9")));
    assert_eq!(stream.on_http_request_headers(4, false), Action::Pause);
    assert_eq!(host(|h| h.local_replies.clone()), [413, 413]);
}

#[test]
fn a_request_with_trailers_is_answered_at_its_trailers() {
    let (root, _) = configured(&bundle());
    let mut stream = root.stream();
    host(|h| {
        h.request_headers = post_echo(None);
        h.request_body = b"[1, 2]".to_vec();
    });
    assert_eq!(stream.on_http_request_headers(3, false), Action::Pause);
    assert_eq!(stream.on_http_request_body(6, false), Action::Pause);
    assert!(host(|h| h.local_replies.is_empty()));
    // Envoy ends such a request with its trailers, not an end-of-stream body.
    assert_eq!(stream.on_http_request_trailers(1), Action::Pause);
    assert_eq!(host(|h| h.local_replies.clone()), [200]);
}

#[test]
fn without_a_bundle_every_request_is_a_503() {
    let (root, configured) = configured(bundle::NO_BUNDLE);
    assert!(
        configured,
        "the no-bundle marker is a configuration Envoy may start with"
    );
    for path in ["/hello", "/anything"] {
        let mut stream = root.stream();
        host(|h| h.request_headers = headers(&[(":method", "GET"), (":path", path)]));
        assert_eq!(stream.on_http_request_headers(2, true), Action::Pause);
    }
    assert_eq!(host(|h| h.local_replies.clone()), [503, 503]);
    assert_eq!(host(|h| h.resumed), 0);
}

/// The bundle in JSON (`{"bundle": "BASE64"}`, as Istio's and Envoy Gateway's Wasm
/// resources carry it) serves as the bytes do; a JSON configuration that is wrong is
/// refused with its reason, so the bundle serving stays.
#[test]
fn a_json_configuration_serves_its_bundle_and_a_bad_one_is_refused() {
    let bundle = bundle();
    let json = endpoint_core::configuration::json_for(&bundle).to_string();
    let ending = send(json.as_bytes(), Scenario::Snippet, None).unwrap();
    assert!(ending.configured);
    assert_eq!(ending.local_replies, [200]);

    let (_, empty) = configured(b"{}");
    assert!(empty, "JSON without a bundle is the filter without one");
    let (_, misspelt) = configured(br#"{"bundel": "AAAA"}"#);
    assert!(!misspelt);
    let logged = host(|h| h.logged.join("\n"));
    assert!(
        logged.contains(
            "endpoint bundle rejected: the configuration has an unknown field \"bundel\""
        ),
        "{logged}"
    );
}

/// Envoy loads a configuration in its canary VM first, then in one VM per thread:
/// only a bundle that this build checked in full is built at first use after, and
/// it serves as the canary's would.
#[test]
fn a_bundle_checked_in_full_is_built_at_first_use_by_the_vms_after() {
    let bundle = bundle();
    let hash = bundle::decode(&bundle).unwrap().0;
    host(|h| {
        *h = FakeHost {
            plugin_configuration: bundle.clone(),
            ..FakeHost::default()
        }
    });
    let loaded = |record: Option<String>| {
        host(|h| {
            h.logged.clear();
            if let Some(record) = record {
                h.shared_data
                    .insert(crate::CHECKED_KEY.into(), record.into_bytes());
            }
        });
        let mut root = EndpointRoot::default();
        assert!(root.on_configure(bundle.len()));
        let logged = host(|h| h.logged.join("\n"));
        (root, logged)
    };
    let (_, canary) = loaded(None);
    assert!(canary.contains("endpoints, checked in full"), "{canary}");
    let recorded = host(|h| h.shared_data.get(crate::CHECKED_KEY).cloned()).unwrap();
    assert_eq!(
        String::from_utf8(recorded).unwrap(),
        crate::checked_record(hash)
    );

    let (thread, logged) = loaded(None);
    assert!(
        logged.contains(
            "checked in full before by this build; schemas and snippets are built at first use"
        ),
        "{logged}"
    );
    let mut stream = thread.stream();
    host(|h| {
        h.request_headers =
            headers(&[(":method", "GET"), (":path", "/hello"), (":authority", "h")]);
    });
    stream.on_http_request_headers(3, true);
    assert_eq!(host(|h| h.local_replies.clone()), [200]);

    // Another build's record, or another bundle's, is no reason to skip a build.
    let (_, logged) = loaded(Some(format!("0.0.0-0000000000000000 {hash}")));
    assert!(logged.contains("endpoints, checked in full"), "{logged}");
    let (_, logged) = loaded(Some(crate::checked_record(bundle::ContentHash::of(
        b"other",
    ))));
    assert!(logged.contains("endpoints, checked in full"), "{logged}");
}
