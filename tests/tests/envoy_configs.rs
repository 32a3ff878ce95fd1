//! Every Envoy configuration in `envoy/` is valid for the pinned Envoy, with the filter
//! and a real bundle in place (`envoy --mode validate`).

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;

use endpoint_integration_tests::{compile, validate_envoy_config, workspace_root};

#[test]
fn every_configuration_in_envoy_validates() {
    let bundle = compile(&workspace_root().join("examples"));
    let mut checked = 0;
    for entry in fs::read_dir(workspace_root().join("envoy")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let config = fs::read_to_string(&path).unwrap();
            // What a forward needs (docs/upstreams.md): paths normalised before
            // anything is decided, and the route the filter names clusters on.
            for setting in [
                "normalize_path: true",
                "merge_slashes: true",
                "path_with_escaped_slashes_action: REJECT_REQUEST",
                "cluster_header: x-endpoint-cluster",
                "request_headers_to_remove: [x-endpoint-cluster]",
            ] {
                assert!(
                    config.contains(setting),
                    "{} lacks `{setting}`",
                    path.display()
                );
            }
            if let Err(error) = validate_envoy_config(&config, &bundle) {
                panic!("{} does not validate:\n{error}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 1, "no configurations in envoy/");
}
