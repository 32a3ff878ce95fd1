//! The Envoy configuration that serves a bundle, shared by `make run` and the
//! integration tests so that both run the same setup.
//!
//! The filter's configuration comes through Extension Config Discovery (ECDS) from a
//! file Envoy watches: replacing that file (atomically, by rename) takes a new bundle
//! live without a restart. The bundle travels inside it as a `BytesValue`, because the
//! wasm module cannot open files.

use std::path::Path;

use base64::Engine as _;
use endpoint_core::forward::CLUSTER_HEADER;
use endpoint_core::model::Upstream;
use serde_json::{Value, json};

/// The HTTP filter's name, in the bootstrap and in the ECDS resource; they must agree.
pub const FILTER_NAME: &str = "endpoint";
const WASM_TYPE: &str = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";

/// Where Envoy listens.
#[derive(Debug, Clone)]
pub struct Listen {
    pub address: String,
    pub port: u16,
    /// The admin interface's address: loopback unless asked for otherwise. It can
    /// change and stop the proxy, whatever address the listener has.
    pub admin_address: String,
    pub admin_port: u16,
}

/// A route on the listener that answers `200` once the filter has a bundle (before,
/// the filter answers every request `503`): the readiness probe of an orchestrator,
/// which then never needs the admin interface.
pub const HEALTH_PATH: &str = "/healthz";

/// What Envoy may buffer of one request for the filter: the largest body an endpoint
/// may accept (`limits.body_bytes`, 64 MiB) and room for its headers.
pub const BUFFER_LIMIT_BYTES: u64 = (64 << 20) + (1 << 20);

/// The environment of the filter's VM: where snippets' secrets come from.
#[derive(Debug, Clone, Default)]
pub struct VmEnvironment {
    /// Variables of Envoy's own process passed on to the VM (Kubernetes secrets
    /// mounted as environment variables, for one).
    pub host_env_keys: Vec<String>,
    /// Variables set here.
    pub key_values: std::collections::BTreeMap<String, String>,
}

impl VmEnvironment {
    /// Passes on, from Envoy's environment, every secret the bundle declares.
    pub fn passing_secrets_of(bundle: &[u8]) -> VmEnvironment {
        let mut names: Vec<String> = endpoint_core::bundle::decode(bundle)
            .map(|(_, content)| {
                content
                    .endpoints
                    .into_iter()
                    .flat_map(|e| e.secrets)
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names.dedup();
        VmEnvironment {
            host_env_keys: names,
            key_values: Default::default(),
        }
    }
}

/// The ECDS resource file (a DiscoveryResponse) holding the filter with its bundle:
/// the same bytes for the same inputs, as a ConfigMap kept in Git wants them.
pub fn filter_resource(wasm: &Path, bundle: &[u8], environment: &VmEnvironment) -> Value {
    resource_with(
        bundle,
        plugin_config(wasm, bundle_bytes(bundle), environment),
    )
}

/// The ECDS resource a sync writes: [`filter_resource`] with the bundle in the JSON
/// configuration, marked with `mark` (`endpoint_core::configuration::WRITE_FIELD`), so
/// that Envoy loads it even where it still holds a filter for the same bundle.
pub fn marked_filter_resource(
    wasm: &Path,
    bundle: &[u8],
    environment: &VmEnvironment,
    mark: &str,
) -> Value {
    resource_with(
        bundle,
        plugin_config(wasm, marked_configuration(bundle, mark), environment),
    )
}

/// The type of a plugin configuration given as JSON text.
pub const STRING_VALUE: &str = "type.googleapis.com/google.protobuf.StringValue";

/// The plugin configuration of [`marked_filter_resource`]: the bundle in the JSON
/// form, marked with `mark`.
pub fn marked_configuration(bundle: &[u8], mark: &str) -> Value {
    json!({
        "@type": STRING_VALUE,
        "value": endpoint_core::configuration::json_for_write(bundle, mark).to_string(),
    })
}

fn resource_with(bundle: &[u8], config: Value) -> Value {
    json!({
        "version_info": endpoint_core::bundle::ContentHash::of(bundle).short(),
        "resources": [{
            "@type": "type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig",
            "name": FILTER_NAME,
            "typed_config": {
                "@type": WASM_TYPE,
                "config": config,
            }
        }]
    })
}

/// The plugin configuration holding the bundle's own bytes.
fn bundle_bytes(bundle: &[u8]) -> Value {
    json!({
        "@type": "type.googleapis.com/google.protobuf.BytesValue",
        "value": base64::engine::general_purpose::STANDARD.encode(bundle),
    })
}

fn plugin_config(wasm: &Path, configuration: Value, environment: &VmEnvironment) -> Value {
    let mut vm_config = json!({
        // One VM per worker, shared by every configuration of this filter: a new
        // bundle creates a new root context, not a new VM.
        "vm_id": FILTER_NAME,
        "runtime": "envoy.wasm.runtime.v8",
        "code": {"local": {"filename": wasm.to_string_lossy()}},
    });
    if !environment.host_env_keys.is_empty() || !environment.key_values.is_empty() {
        vm_config["environment_variables"] = json!({
            "host_env_keys": environment.host_env_keys,
            "key_values": environment.key_values,
        });
    }
    json!({
        "name": FILTER_NAME,
        "root_id": FILTER_NAME,
        "vm_config": vm_config,
        "configuration": configuration,
        // Lets the filter hold the request at its headers and still receive the body.
        "allow_on_headers_stop_iteration": true,
        // A crashed VM answers 503 briefly and is reloaded, instead of failing forever.
        "failure_policy": "FAIL_RELOAD",
    })
}

fn health_route() -> Value {
    json!({
        "match": {"path": HEALTH_PATH},
        "direct_response": {"status": 200, "body": {"inline_string": "ok\n"}}
    })
}

/// The bootstrap: one listener whose HTTP filter is discovered from `filter_file`;
/// requests no endpoint takes get Envoy's own 404. `filters_before` go in front of
/// ours, in order (for example Envoy's `jwt_authn`, whose verified claims we read).
///
/// Until the watched file holds a bundle the filter accepts (at start, a file that is
/// missing or bad), the filter runs with no bundle ([`endpoint_core::bundle::NO_BUNDLE`]) and
/// answers every request with its JSON `503`: it cannot tell which requests need its
/// checks, so none goes on (rather than Envoy's bare 500 without `default_config`).
pub fn bootstrap(
    listen: &Listen,
    filter_file: &Path,
    wasm: &Path,
    filters_before: &[Value],
    upstreams: &[Upstream],
) -> Value {
    let mut http_filters: Vec<Value> = filters_before.to_vec();
    http_filters.push(json!({
        "name": FILTER_NAME,
        "config_discovery": {
            "default_config": {
                "@type": WASM_TYPE,
                "config": plugin_config(wasm, bundle_bytes(endpoint_core::bundle::NO_BUNDLE), &VmEnvironment::default()),
            },
            "apply_default_config_without_warming": true,
            "config_source": {
                "path_config_source": {
                    "path": filter_file.to_string_lossy(),
                    "watched_directory": {"path": filter_file.parent().unwrap_or(Path::new(".")).to_string_lossy()}
                }
            },
            "type_urls": [WASM_TYPE]
        }
    }));
    http_filters.push(json!({
        "name": "envoy.filters.http.router",
        "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}
    }));
    json!({
        "node": {"id": "endpoint", "cluster": "endpoint"},
        "stats_config": stats_config(),
        "memory_allocator_manager": memory_allocator_manager(),
        "admin": {
            "address": {"socket_address": {"address": listen.admin_address, "port_value": listen.admin_port}}
        },
        "static_resources": {
            "listeners": [{
                "name": "endpoint",
                "address": {"socket_address": {"address": listen.address, "port_value": listen.port}},
                // A body up to the largest `limits.body_bytes` (64 MiB) must reach the
                // filter whole: Envoy's default, 1 MiB, resets the stream past it.
                "per_connection_buffer_limit_bytes": BUFFER_LIMIT_BYTES,
                "filter_chains": [{
                    "filters": [{
                        "name": "envoy.filters.network.http_connection_manager",
                        "typed_config": {
                            "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                            "stat_prefix": "endpoint",
                            // One path for each resource before anything is decided
                            // (docs/upstreams.md, "Paths"): dot segments resolved,
                            // slashes merged, an escaped slash refused with a 400.
                            "normalize_path": true,
                            "merge_slashes": true,
                            "path_with_escaped_slashes_action": "REJECT_REQUEST",
                            "route_config": {
                                "name": "local",
                                "virtual_hosts": [{
                                    "name": "all",
                                    "domains": ["*"],
                                    "routes": [health_route(), forward_route(), {
                                        "match": {"prefix": "/"},
                                        "direct_response": {
                                            "status": 404,
                                            "body": {"inline_string": "no endpoint here\n"}
                                        }
                                    }]
                                }]
                            },
                            "http_filters": http_filters
                        }
                    }]
                }]
            }],
            "clusters": clusters(upstreams)
        }
    })
}

/// Envoy's `memory_allocator_manager`: give the allocator's free memory back to the
/// system, 16 MiB a second. V8 compiles the filter's module once, at start, and frees
/// what it compiled with (about 50 MB); without this, Envoy's allocator keeps it
/// mapped for the life of the process (docs/benchmarks.md, "Start-up and memory").
pub fn memory_allocator_manager() -> Value {
    json!({"bytes_to_release": RELEASED_BYTES_PER_SECOND, "memory_release_interval": "1s"})
}

/// What [`memory_allocator_manager`] releases each second, at most: paid back in page
/// faults only if the memory is needed again, which is rare once the module is compiled.
const RELEASED_BYTES_PER_SECOND: u64 = 16 << 20;

/// Envoy's `stats_config` for the filter's metrics: the endpoint, status class and
/// upstream carried in their names become tags (Prometheus labels), and the
/// histogram of the filter's time gets buckets in microseconds (docs/operations.md).
pub fn stats_config() -> Value {
    use endpoint_core::metrics::{DURATION, DURATION_BUCKETS, TAGS};
    json!({
        "stats_tags": TAGS
            .iter()
            .map(|tag| json!({"tag_name": tag.name, "regex": tag.regex}))
            .collect::<Vec<_>>(),
        "histogram_bucket_settings": [{
            "match": {"prefix": format!("wasmcustom.{DURATION}")},
            "buckets": DURATION_BUCKETS,
        }]
    })
}

/// The route a forwarded request takes: to the cluster the filter named in
/// `x-endpoint-cluster`. The filter removes that header from every request a client
/// sends, so no request reaches an upstream but through an endpoint's checks.
pub fn forward_route() -> Value {
    json!({
        "name": "endpoint-forward",
        "match": {
            "prefix": "/",
            "headers": [{"name": CLUSTER_HEADER, "present_match": true}]
        },
        "route": {
            "cluster_header": CLUSTER_HEADER,
            // The filter sets each upstream's own timeout in the request.
            "timeout": "300s"
        },
        // Read by the router to pick the cluster; the upstream has no use for it.
        "request_headers_to_remove": [CLUSTER_HEADER]
    })
}

/// A cluster for each upstream that gives an `address`, once per cluster name.
pub fn clusters(upstreams: &[Upstream]) -> Vec<Value> {
    let mut made: Vec<&str> = Vec::new();
    let mut clusters = Vec::new();
    for upstream in upstreams {
        let Some(address) = &upstream.address else {
            continue;
        };
        if made.contains(&upstream.cluster.as_str()) {
            continue;
        }
        made.push(&upstream.cluster);
        let (host, port) = address.rsplit_once(':').unwrap_or((address, "80"));
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port: u16 = port.parse().unwrap_or(80);
        let is_ip = host.parse::<std::net::IpAddr>().is_ok();
        clusters.push(json!({
            "name": upstream.cluster,
            "type": if is_ip { "STATIC" } else { "STRICT_DNS" },
            "connect_timeout": "1s",
            "load_assignment": {
                "cluster_name": upstream.cluster,
                "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {
                    "socket_address": {"address": host, "port_value": port}
                }}}]}]
            }
        }));
    }
    clusters
}
