//! Every Envoy configuration in `envoy/` is valid for the pinned Envoy, with the filter
//! and a real bundle in place (`envoy --mode validate`), and has the settings a forward
//! needs; so does the one inside the Kubernetes manifest, and the Istio EnvoyFilter
//! patches them in.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use endpoint_integration_tests::{
    Envoy, compile, external_tool, http, validate_envoy_config, workspace_root,
};
use saphyr::{LoadableYamlNode, YamlOwned};

/// What a forward needs (docs/upstreams.md): paths normalised before anything is
/// decided, the route the filter names clusters on, and a buffer that lets the largest
/// body reach the filter (docs/request-handling.md).
const FORWARD_SETTINGS: [&str; 6] = [
    "normalize_path: true",
    "merge_slashes: true",
    "path_with_escaped_slashes_action: REJECT_REQUEST",
    "cluster_header: x-endpoint-cluster",
    "request_headers_to_remove: [x-endpoint-cluster]",
    "per_connection_buffer_limit_bytes: 68157440",
];

fn assert_forward_settings(place: &str, config: &str) {
    for setting in FORWARD_SETTINGS {
        assert!(config.contains(setting), "{place} lacks `{setting}`");
    }
}

fn yaml_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(workspace_root().join(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no YAML files in {folder}/");
    files
}

/// A ConfigMap's file, if the document holds it.
fn config_map_entry(document: &YamlOwned, file: &str) -> Option<String> {
    document
        .as_mapping_get("data")?
        .as_mapping_get(file)?
        .as_str()
        .map(str::to_string)
}

fn documents(path: &Path) -> Vec<YamlOwned> {
    let text = fs::read_to_string(path).unwrap();
    YamlOwned::load_from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not YAML: {error}", path.display()))
}

/// A section of a configuration, as JSON with every number a float; `None` if absent.
fn section_of(place: &str, config: &str, section: &str) -> Option<serde_json::Value> {
    fn floats(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
            Value::Array(items) => Value::Array(items.into_iter().map(floats).collect()),
            Value::Object(fields) => {
                Value::Object(fields.into_iter().map(|(k, v)| (k, floats(v))).collect())
            }
            other => other,
        }
    }
    let documents = endpoint_compiler::yaml::load(Path::new(place), config).unwrap();
    let whole = endpoint_compiler::yaml::to_json(&documents[0]).unwrap();
    whole.get(section).cloned().map(floats)
}

/// Every configuration the project ships sets what `endpoint-envoy` writes beside the
/// listener: the stats tags, so that `/stats/prometheus` labels the filter's metrics
/// the same everywhere, and the allocator's release of the memory V8 compiled with.
fn assert_sections_as_written(place: &str, config: &str) {
    let written = serde_json::json!({
        "stats_config": endpoint_compiler::envoy::stats_config(),
        "memory_allocator_manager": endpoint_compiler::envoy::memory_allocator_manager(),
    })
    .to_string();
    for (section, without) in [
        ("stats_config", "its metrics would have no labels"),
        (
            "memory_allocator_manager",
            "the memory V8 compiled the module with would stay with Envoy",
        ),
    ] {
        let own = section_of(place, config, section)
            .unwrap_or_else(|| panic!("{place} has no {section}: {without}"));
        assert_eq!(
            Some(own),
            section_of("written", &written, section),
            "{place}: {section} differs from endpoint-envoy's"
        );
    }
}

#[test]
fn every_configuration_in_envoy_validates() {
    let bundle = compile(&workspace_root().join("examples"));
    let mut checked = 0;
    for entry in fs::read_dir(workspace_root().join("envoy")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let config = fs::read_to_string(&path).unwrap();
            assert_forward_settings(&path.display().to_string(), &config);
            assert_sections_as_written(&path.display().to_string(), &config);
            if let Err(error) = validate_envoy_config(&config, &bundle) {
                panic!("{} does not validate:\n{error}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 1, "no configurations in envoy/");
}

/// The bootstrap `endpoint-envoy config` writes makes Envoy give back what V8 compiled
/// the filter's module with: Envoy takes the allocator setting (its log says so) and
/// its free memory falls under 32 MiB, where it stays at about 50 MiB without it
/// (docs/benchmarks.md, "Start-up and memory").
#[test]
fn the_written_bootstrap_gives_back_the_memory_v8_compiled_with() {
    let envoy = Envoy::serving("foundation");
    assert!(
        envoy
            .log()
            .contains("background release rate: 16777216 bytes per second"),
        "Envoy did not take memory_allocator_manager:\n{}",
        envoy.log()
    );
    let free_bytes = |envoy: &Envoy| -> u64 {
        let memory = http(envoy.admin_port, "GET", "/memory", &[], &[])
            .unwrap()
            .json();
        memory["pageheap_free"]
            .as_str()
            .and_then(|bytes| bytes.parse().ok())
            .unwrap_or_else(|| panic!("no pageheap_free in Envoy's /memory: {memory}"))
    };
    assert!(
        envoy.eventually(Duration::from_secs(30), |envoy| free_bytes(envoy)
            < 32 << 20),
        "Envoy still holds {} bytes of free memory 30 s after its start",
        free_bytes(&envoy)
    );
}

#[test]
fn the_kubernetes_manifest_holds_a_valid_envoy_configuration() {
    let bundle = compile(&workspace_root().join("examples"));
    for path in yaml_files("envoy/kubernetes") {
        let configs: Vec<String> = documents(&path)
            .iter()
            .filter(|document| document["kind"].as_str() == Some("ConfigMap"))
            .filter_map(|document| config_map_entry(document, "envoy.yaml"))
            .collect();
        assert_eq!(
            configs.len(),
            1,
            "{}: one ConfigMap with envoy.yaml",
            path.display()
        );
        let place = format!("{}'s envoy.yaml", path.display());
        assert_forward_settings(&place, &configs[0]);
        assert_sections_as_written(&place, &configs[0]);
        if let Err(error) = validate_envoy_config(&configs[0], &bundle) {
            panic!("{place} does not validate:\n{error}");
        }
    }
}

#[test]
fn the_istio_envoyfilter_patches_in_what_a_forward_needs() {
    for path in yaml_files("envoy/istio") {
        let documents = documents(&path);
        let filter = documents
            .iter()
            .find(|document| document["kind"].as_str() == Some("EnvoyFilter"))
            .unwrap_or_else(|| panic!("{} holds no EnvoyFilter", path.display()));
        let patches = filter["spec"]["configPatches"].as_vec().unwrap();
        let applied: Vec<(&str, &str)> = patches
            .iter()
            .map(|patch| {
                (
                    patch["applyTo"].as_str().unwrap(),
                    patch["patch"]["operation"].as_str().unwrap(),
                )
            })
            .collect();
        for expected in [
            ("HTTP_FILTER", "INSERT_BEFORE"),
            ("NETWORK_FILTER", "MERGE"),
            ("LISTENER", "MERGE"),
            ("HTTP_ROUTE", "INSERT_FIRST"),
        ] {
            assert!(
                applied.contains(&expected),
                "{} lacks the patch {expected:?}",
                path.display()
            );
        }
        assert_forward_settings(
            &path.display().to_string(),
            &fs::read_to_string(&path).unwrap(),
        );
    }
}

#[test]
fn the_kubernetes_manifests_pass_kubernetes_validate() {
    let Some(validate) = external_tool("KUBERNETES_VALIDATE", "kubernetes-validate") else {
        return;
    };
    for path in yaml_files("envoy/kubernetes") {
        let output = std::process::Command::new(&validate)
            .arg("--strict")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{} does not validate:\n{}{}",
            path.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The manifest applies as shipped: its filter file is the filter without a bundle,
/// naming the module where the Dockerfile puts it, in an image of the pinned Envoy.
#[test]
fn the_kubernetes_filter_file_and_image_agree_with_the_project() {
    let manifest = workspace_root().join("envoy/kubernetes/endpoint.yaml");
    let filter = documents(&manifest)
        .iter()
        .filter(|d| d["kind"].as_str() == Some("ConfigMap"))
        .find_map(|d| config_map_entry(d, "filter.json"))
        .expect("a ConfigMap with filter.json");
    let filter: serde_json::Value = serde_json::from_str(&filter).unwrap();
    let config = &filter["resources"][0]["typed_config"]["config"];
    let marker = config["configuration"]["value"].as_str().unwrap();
    use base64::Engine as _;
    let marker = base64::engine::general_purpose::STANDARD
        .decode(marker)
        .unwrap();
    assert_eq!(marker, endpoint_core::bundle::NO_BUNDLE);
    let module = config["vm_config"]["code"]["local"]["filename"]
        .as_str()
        .unwrap();

    let dockerfile =
        fs::read_to_string(workspace_root().join("envoy/kubernetes/Dockerfile")).unwrap();
    let makefile = fs::read_to_string(workspace_root().join("Makefile")).unwrap();
    let version = makefile
        .lines()
        .find_map(|line| line.strip_prefix("ENVOY_VERSION := "))
        .unwrap()
        .trim();
    assert!(
        dockerfile.contains(&format!("\nFROM envoyproxy/envoy:v{version}\n")),
        "the Dockerfile's Envoy is not the pinned {version}"
    );
    assert!(
        dockerfile.contains(&format!("release/endpoint_filter.wasm {module}\n")),
        "the Dockerfile does not put the module at {module}"
    );
    // The Envoy configuration names the same module for its start without a bundle.
    let envoy = fs::read_to_string(&manifest).unwrap();
    assert!(
        envoy.contains(&format!("filename: {module}}}")),
        "envoy.yaml names another module"
    );
}

/// The Kubernetes manifest run as a pod would run it, with a real Envoy: its Envoy
/// configuration and its shipped filter file, mounted where it says (paths and ports
/// moved to this test's). Not ready (`503`) until a bundle is synced, then serving it.
#[test]
fn the_kubernetes_manifest_starts_without_a_bundle_and_takes_one() {
    let manifest = workspace_root().join("envoy/kubernetes/endpoint.yaml");
    let documents = documents(&manifest);
    let entry = |file: &str| {
        documents
            .iter()
            .find_map(|d| config_map_entry(d, file))
            .unwrap()
    };
    let port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .unwrap()
            .port()
    };
    let (listener, admin) = (port(), port());
    let dir = workspace_root().join(format!("target/integration/k8s-{}", std::process::id()));
    let mounted = dir.join("etc-endpoint");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&mounted).unwrap();
    let wasm = dir.join("endpoint_filter.wasm");
    fs::copy(endpoint_integration_tests::filter_wasm(), &wasm).unwrap();
    let moved = |text: String| {
        text.replace("/etc/endpoint", &mounted.to_string_lossy())
            .replace(
                "/opt/endpoint/endpoint_filter.wasm",
                &wasm.to_string_lossy(),
            )
            .replace("port_value: 10000", &format!("port_value: {listener}"))
            .replace("port_value: 9901", &format!("port_value: {admin}"))
            .replace("address: 0.0.0.0", "address: 127.0.0.1")
    };
    fs::write(mounted.join("filter.json"), moved(entry("filter.json"))).unwrap();
    let config = dir.join("envoy.yaml");
    fs::write(&config, moved(entry("envoy.yaml"))).unwrap();

    struct Running(std::process::Child);
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let log = fs::File::create(dir.join("envoy.log")).unwrap();
    let _envoy = Running(
        std::process::Command::new(endpoint_integration_tests::envoy_bin())
            .args(["--disable-hot-restart", "--base-id"])
            .arg(listener.to_string())
            .arg("-c")
            .arg(&config)
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    let status_of = |path: &str| {
        endpoint_integration_tests::http(listener, "GET", path, &[], b"")
            .map(|response| response.status)
            .ok()
    };
    let eventually = |path: &str, status: u16| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if status_of(path) == Some(status) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        false
    };
    let log = || fs::read_to_string(dir.join("envoy.log")).unwrap_or_default();
    assert!(
        eventually("/healthz", 503),
        "not the no-bundle 503:\n{}",
        log()
    );
    assert_eq!(status_of("/hello"), Some(503));

    // The pipeline's sync: the filter file replaced by a rename, as the kubelet does.
    let bundle = compile(&endpoint_integration_tests::fixtures("foundation"));
    let filter = endpoint_compiler::envoy::filter_resource(
        &wasm,
        &bundle,
        &endpoint_compiler::envoy::VmEnvironment::default(),
    );
    endpoint_compiler::write_atomically(
        &mounted.join("filter.json"),
        filter.to_string().as_bytes(),
    )
    .unwrap();
    assert!(
        eventually("/healthz", 200),
        "the bundle was not taken:\n{}",
        log()
    );
    assert_eq!(status_of("/hello"), Some(200));
    let _ = fs::remove_dir_all(&dir);
}
