//! The filter as Istio's `WasmPlugin` and Envoy Gateway's `EnvoyExtensionPolicy`
//! (docs/sync-and-deployment.md, "Istio and Envoy Gateway"): the bundle travels in
//! their JSON plugin configuration, `{"bundle": "BASE64"}`, which the filter reads
//! beside the bytes of a `BytesValue`.
//!
//! Neither resource can set `allow_on_headers_stop_iteration`, without which Envoy
//! hands a wasm filter no request body at all: a request with a body to an endpoint
//! would wait until Envoy's stream timeout. A bundle with endpoints that take a body
//! is refused here, with the way that serves them (envoy/istio/envoyfilter.yaml).

use std::fmt;

use endpoint_core::bundle;
use endpoint_core::configuration::json_for;
use endpoint_core::model::Method;
use serde_json::{Value, json};

use crate::envoy::{FILTER_NAME, VmEnvironment};

/// The largest resource printed: a Kubernetes object lives in etcd, whose requests
/// are limited to 1.5 MiB by default, and the API server adds its own fields (and
/// `kubectl apply` a copy of the whole object, unless applied server-side). A
/// ConfigMap is refused past 1 MiB of data: the same bound holds here.
pub const RESOURCE_LIMIT_BYTES: usize = 1 << 20;

/// Where Envoy fetches the module: an `https://` or `oci://` URL (or `file://` for a
/// module baked into the proxy image), and its SHA-256 when known.
pub struct Module {
    pub url: String,
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeshError {
    /// Not a bundle.
    Bundle(String),
    /// The resource would be larger than a Kubernetes object may be.
    TooLarge { bytes: usize },
    /// These endpoints (`METHOD ROUTE`) take a body, which neither resource lets the
    /// filter read.
    TakesBodies(Vec<String>),
}

impl fmt::Display for MeshError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MeshError::Bundle(reason) => write!(f, "not a bundle: {reason}"),
            MeshError::TooLarge { bytes } => write!(
                f,
                "the resource would be {} KiB, over the {} KiB a Kubernetes object may hold (etcd's limit, less what the API server adds): split the definitions into bundles for separate gateways or workloads, or serve the filter configuration from an xDS control plane (docs/sync-and-deployment.md, \"A fleet\")",
                bytes.div_ceil(1024),
                RESOURCE_LIMIT_BYTES / 1024
            ),
            MeshError::TakesBodies(endpoints) => write!(
                f,
                "these endpoints take a request body, which a WasmPlugin or EnvoyExtensionPolicy cannot let the filter read (neither sets Envoy's allow_on_headers_stop_iteration, so such a request would wait until its timeout): {}. Serve this bundle with envoy/istio/envoyfilter.yaml (an EnvoyFilter, or Envoy Gateway's EnvoyPatchPolicy), which sets it",
                endpoints.join(", ")
            ),
        }
    }
}

impl std::error::Error for MeshError {}

/// Istio's `WasmPlugin` serving `bundle` on the workloads `selector` picks.
pub fn wasm_plugin(
    bundle_bytes: &[u8],
    module: &Module,
    selector: &[(String, String)],
    namespace: Option<&str>,
) -> Result<Value, MeshError> {
    checked(bundle_bytes)?;
    let mut spec = json!({
        "selector": {"matchLabels": selector.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<serde_json::Map<String, Value>>()},
        "url": module.url,
        // After Istio's authentication (its jwt_authn writes the claims the filter
        // reads), before its authorization.
        "phase": "AUTHZ",
        "type": "HTTP",
        "pluginName": FILTER_NAME,
        "pluginConfig": json_for(bundle_bytes),
        // A crashed VM comes back after a brief 503, as everywhere else.
        "failStrategy": "FAIL_RELOAD",
    });
    if let Some(sha256) = &module.sha256 {
        spec["sha256"] = sha256.clone().into();
    }
    let secrets = secret_names(bundle_bytes);
    if !secrets.is_empty() {
        spec["vmConfig"] = json!({
            "env": secrets.iter().map(|name| json!({"name": name, "valueFrom": "HOST"})).collect::<Vec<_>>()
        });
    }
    sized(json!({
        "apiVersion": "extensions.istio.io/v1alpha1",
        "kind": "WasmPlugin",
        "metadata": metadata(namespace),
        "spec": spec,
    }))
}

/// Envoy Gateway's `EnvoyExtensionPolicy` serving `bundle` on the Gateway `gateway`.
pub fn extension_policy(
    bundle_bytes: &[u8],
    module: &Module,
    gateway: &str,
    namespace: Option<&str>,
) -> Result<Value, MeshError> {
    checked(bundle_bytes)?;
    let mut http = json!({"url": module.url});
    if let Some(sha256) = &module.sha256 {
        http["sha256"] = sha256.clone().into();
    }
    let mut wasm = json!({
        "name": FILTER_NAME,
        "rootID": FILTER_NAME,
        "code": {"type": "HTTP", "http": http},
        "config": json_for(bundle_bytes),
        "failOpen": false,
    });
    let secrets = secret_names(bundle_bytes);
    if !secrets.is_empty() {
        wasm["env"] = json!({"hostKeys": secrets});
    }
    sized(json!({
        "apiVersion": "gateway.envoyproxy.io/v1alpha1",
        "kind": "EnvoyExtensionPolicy",
        "metadata": metadata(namespace),
        "spec": {
            "targetRefs": [{"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": gateway}],
            "wasm": [wasm],
        },
    }))
}

fn metadata(namespace: Option<&str>) -> Value {
    match namespace {
        Some(namespace) => json!({"name": FILTER_NAME, "namespace": namespace}),
        None => json!({"name": FILTER_NAME}),
    }
}

/// Whether the bundle is one both resources can serve.
fn checked(bundle_bytes: &[u8]) -> Result<(), MeshError> {
    let (_, content) =
        bundle::decode(bundle_bytes).map_err(|e| MeshError::Bundle(e.to_string()))?;
    let taking_bodies: Vec<String> = content
        .endpoints
        .iter()
        .filter(|endpoint| {
            endpoint.active
                && (matches!(
                    endpoint.request_method,
                    Method::Post | Method::Put | Method::Patch
                ) || endpoint.request_content_type.is_some())
        })
        .map(|endpoint| {
            format!(
                "{} {}",
                endpoint.request_method.as_str(),
                endpoint.routes.join(" ")
            )
        })
        .collect();
    if !taking_bodies.is_empty() {
        return Err(MeshError::TakesBodies(taking_bodies));
    }
    Ok(())
}

fn secret_names(bundle_bytes: &[u8]) -> Vec<String> {
    VmEnvironment::passing_secrets_of(bundle_bytes).host_env_keys
}

fn sized(resource: Value) -> Result<Value, MeshError> {
    let bytes = resource.to_string().len();
    if bytes > RESOURCE_LIMIT_BYTES {
        return Err(MeshError::TooLarge { bytes });
    }
    Ok(resource)
}

#[cfg(test)]
mod tests {
    use super::*;
    use endpoint_core::bundle::encode;
    use endpoint_core::configuration::{Configuration, read};
    use endpoint_core::model::{BundleContent, ContentType, Endpoint};

    fn module() -> Module {
        Module {
            url: "oci://registry.example/endpoint-filter:1".into(),
            sha256: Some("ab".repeat(32)),
        }
    }

    fn bundle_of(endpoints: Vec<Endpoint>) -> Vec<u8> {
        encode(&BundleContent::example(endpoints))
    }

    fn get(name: &str) -> Endpoint {
        Endpoint::example(
            name,
            &format!("/{name}"),
            Method::Get,
            "result = {payload: 1}",
        )
    }

    #[test]
    fn the_plugin_configuration_carries_the_bundle_the_filter_reads() {
        let mut secret = get("hook");
        secret.secrets = vec!["HOOK_SECRET".into()];
        let bundle = bundle_of(vec![get("a"), secret]);
        let selector = [("app".to_string(), "shop".to_string())];
        let plugin = wasm_plugin(&bundle, &module(), &selector, Some("shop")).unwrap();
        assert_eq!(plugin["kind"], "WasmPlugin");
        assert_eq!(
            plugin["metadata"],
            json!({"name": "endpoint", "namespace": "shop"})
        );
        assert_eq!(
            plugin["spec"]["selector"]["matchLabels"],
            json!({"app": "shop"})
        );
        assert_eq!(plugin["spec"]["sha256"], "ab".repeat(32));
        assert_eq!(
            plugin["spec"]["vmConfig"]["env"],
            json!([{"name": "HOOK_SECRET", "valueFrom": "HOST"}])
        );
        let config = plugin["spec"]["pluginConfig"].to_string();
        assert_eq!(
            read(config.as_bytes()).unwrap(),
            Configuration::Bundle(bundle.clone().into())
        );

        let policy = extension_policy(&bundle, &module(), "edge", None).unwrap();
        assert_eq!(policy["kind"], "EnvoyExtensionPolicy");
        assert_eq!(policy["spec"]["targetRefs"][0]["name"], "edge");
        let wasm = &policy["spec"]["wasm"][0];
        assert_eq!(wasm["rootID"], "endpoint");
        assert_eq!(wasm["env"]["hostKeys"], json!(["HOOK_SECRET"]));
        assert_eq!(
            read(wasm["config"].to_string().as_bytes()).unwrap(),
            Configuration::Bundle(bundle.into())
        );
    }

    #[test]
    fn a_bundle_with_endpoints_that_take_a_body_is_refused_with_the_way_that_serves_it() {
        let mut typed = get("typed");
        typed.request_content_type = Some(ContentType::Json);
        let post = Endpoint::example("post", "/orders", Method::Post, "result = {payload: 1}");
        let bundle = bundle_of(vec![get("a"), post, typed]);
        let error = wasm_plugin(&bundle, &module(), &[], None).unwrap_err();
        assert_eq!(
            error,
            MeshError::TakesBodies(vec!["POST /orders".into(), "GET /typed".into()])
        );
        assert!(error.to_string().contains("envoy/istio/envoyfilter.yaml"));
        assert_eq!(
            extension_policy(&bundle, &module(), "edge", None).unwrap_err(),
            error
        );
    }

    #[test]
    fn a_resource_too_large_for_kubernetes_is_refused() {
        // Snippets DEFLATE cannot shrink much (pseudo-random text, 6 bits a
        // character): a bundle of about 1.2 MiB, 1.6 once in base64.
        let alphabet: Vec<char> =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$"
                .chars()
                .collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut noise = |length: usize| -> String {
            (0..length)
                .map(|_| {
                    // xorshift64
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % 64) as usize]
                })
                .collect()
        };
        let endpoints = (0..400)
            .map(|i| {
                let mut endpoint = get(&format!("e{i}"));
                endpoint.code = format!("result = {{payload: {:?}}}", noise(4000));
                endpoint
            })
            .collect();
        let bundle = bundle_of(endpoints);
        let error = wasm_plugin(&bundle, &module(), &[], None).unwrap_err();
        let MeshError::TooLarge { bytes } = error else {
            panic!("{error}");
        };
        assert!(bytes > RESOURCE_LIMIT_BYTES);
        assert!(error.to_string().contains("over the 1024 KiB"), "{error}");
        assert!(matches!(
            extension_policy(&bundle, &module(), "edge", None),
            Err(MeshError::TooLarge { .. })
        ));
    }
}
