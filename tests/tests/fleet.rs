//! A rollout across a fleet: three Envoys watching one filter file (as pods mounting
//! one ConfigMap do), synced under steady load on all three. Every Envoy converges,
//! no request fails or is answered by a mix of versions, a bundle one Envoy refuses
//! leaves every Envoy on the last good one, and `status` shows a skew while it lasts.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use endpoint_compiler::envoy::{VmEnvironment, filter_resource};
use endpoint_compiler::sync::{self, Outcome, Target};
use endpoint_compiler::write_atomically;
use endpoint_integration_tests::{
    Envoy, compile, filter_wasm, http, versioned_definitions, workspace_root,
};
use serde_json::Value;

/// The secret version 3 declares; the third Envoy is not given it, so it refuses
/// that bundle while the other two would take it.
const SECRET: &str = "FLEET_ROLLOUT_SECRET";

/// The fleet's definitions of version `n` ([`versioned_definitions`]).
fn definitions(n: u32, secret: Option<&str>) -> PathBuf {
    versioned_definitions("fleet", n, false, secret)
}

fn version_of(bundle: &[u8]) -> u64 {
    endpoint_core::bundle::decode(bundle)
        .unwrap()
        .0
        .gauge_value()
}

/// Writes the shared filter file as a ConfigMap update would, without a sync.
fn put_in_place(filter_file: &Path, bundle: &[u8]) {
    let resource = filter_resource(
        &filter_wasm(),
        bundle,
        &VmEnvironment::passing_secrets_of(bundle),
    );
    write_atomically(filter_file, resource.to_string().as_bytes()).unwrap();
}

#[test]
fn a_rollout_reaches_every_envoy_and_a_refusal_anywhere_keeps_the_last_good_everywhere() {
    let shared = workspace_root().join(format!("target/integration/fleet-{}", std::process::id()));
    let _ = fs::remove_dir_all(&shared);
    fs::create_dir_all(&shared).unwrap();
    let filter_file = shared.join("filter.json");
    let v1 = compile(&definitions(1, None));
    put_in_place(&filter_file, &v1);
    let fleet = [
        Envoy::watching(&filter_file, &v1, &[(SECRET, "given")]),
        Envoy::watching(&filter_file, &v1, &[(SECRET, "given")]),
        Envoy::watching(&filter_file, &v1, &[]),
    ];
    let target = Target {
        run_dir: shared.clone(),
        admins: fleet.iter().map(Envoy::admin).collect(),
    };
    let serving = |bundle: &[u8]| {
        let version = version_of(bundle);
        fleet
            .iter()
            .all(|envoy| sync::live_version(&envoy.admin()) == Ok(Some(version)))
    };
    assert!(serving(&v1));

    // Steady load on every Envoy, for the whole rollout.
    let running = Arc::new(AtomicBool::new(true));
    let load: Vec<_> = fleet
        .iter()
        .map(|envoy| {
            let (running, port) = (running.clone(), envoy.port);
            thread::spawn(move || {
                let mut seen = Vec::new();
                while running.load(Ordering::Relaxed) {
                    seen.push(http(port, "GET", "/version", &[], &[]).map(|r| (r.status, r.body)));
                }
                seen
            })
        })
        .collect();

    // Version 2 goes live on all three, each reported.
    let v2 = compile(&definitions(2, None));
    let synced = sync::sync_all(&target, &v2, Duration::from_secs(20))
        .unwrap_or_else(|failure| panic!("sync of version 2: {failure}"));
    assert_eq!(
        synced
            .envoys
            .iter()
            .map(|(admin, _)| admin.clone())
            .collect::<Vec<_>>(),
        target.admins
    );
    assert!(serving(&v2));
    assert!(!sync::fleet_view(&target.admins).skewed());

    // Version 3 needs a secret the third Envoy lacks: it refuses, the sync says which
    // Envoy did and why, and every Envoy is back on version 2, on disk too.
    let v3 = compile(&definitions(3, Some(SECRET)));
    let failure = sync::sync_all(&target, &v3, Duration::from_secs(20))
        .expect_err("a bundle one Envoy refuses must fail the sync");
    let outcomes: Vec<&Outcome> = failure.envoys.iter().map(|(_, o)| o).collect();
    assert!(
        matches!(
            outcomes[..],
            [Outcome::TookIt, Outcome::TookIt, Outcome::Refused(_)]
        ),
        "{failure:?}"
    );
    let told = failure.to_string();
    assert!(
        told.contains(&format!(
            "the Envoy at {} rejected the bundle",
            target.admins[2]
        )),
        "{told}"
    );
    assert!(
        told.contains("the last good bundle is back in place")
            && told.contains("every Envoy serves it"),
        "{told}"
    );
    assert!(serving(&v2), "every Envoy back on version 2");
    let on_disk = sync::bundle_of(&fs::read(&filter_file).unwrap()).unwrap();
    assert_eq!(on_disk, v2, "the shared file holds the last good bundle");

    // The same bundle put in place without a sync (a ConfigMap edited by hand): two
    // Envoys take it, the third keeps version 2, and status shows the skew.
    put_in_place(&filter_file, &v3);
    let v3_version = version_of(&v3);
    let two_took_it = fleet[0].eventually(Duration::from_secs(20), |_| {
        fleet[..2]
            .iter()
            .all(|envoy| sync::live_version(&envoy.admin()) == Ok(Some(v3_version)))
    });
    assert!(two_took_it);
    let view = sync::fleet_view(&target.admins);
    assert!(view.skewed(), "{view:?}");
    assert_eq!(view.versions.len(), 2, "{view:?}");
    assert_eq!(
        view.lines.last().unwrap(),
        "version skew: 2 versions live across 3 Envoys"
    );
    assert!(
        view.lines[2].ends_with(&format!("{:012x}", version_of(&v2))),
        "{view:?}"
    );
    // `wait` names the Envoy that does not serve the bundle, and only that one.
    let (v3_hash, _) = endpoint_core::bundle::decode(&v3).unwrap();
    let behind = sync::wait_all(&target.admins, v3_hash, Duration::from_millis(500))
        .expect_err("the third Envoy does not serve version 3");
    assert_eq!(behind.len(), 1, "{behind:?}");
    assert!(
        behind[0].starts_with(&format!("{}: ", target.admins[2])),
        "{behind:?}"
    );
    let (v2_hash, _) = endpoint_core::bundle::decode(&v2).unwrap();
    assert!(sync::wait_all(&target.admins[2..], v2_hash, Duration::from_secs(1)).is_ok());
    // A sync of version 2 ends the skew.
    sync::sync_all(&target, &v2, Duration::from_secs(20))
        .unwrap_or_else(|failure| panic!("sync back to version 2: {failure}"));
    assert!(serving(&v2));
    assert!(!sync::fleet_view(&target.admins).skewed());

    running.store(false, Ordering::Relaxed);
    for (envoy, load) in load.into_iter().enumerate() {
        let seen = load.join().unwrap();
        assert!(
            seen.len() > 20,
            "Envoy {envoy}: the load ran ({} requests)",
            seen.len()
        );
        for (index, response) in seen.iter().enumerate() {
            let (status, body) = response
                .as_ref()
                .unwrap_or_else(|e| panic!("Envoy {envoy}, request {index} failed: {e}"));
            assert_eq!(*status, 200, "Envoy {envoy}, request {index}");
            let body: Value = serde_json::from_slice(body).unwrap();
            assert_eq!(
                body["code"], body["var"],
                "Envoy {envoy}, request {index} mixes bundles: {body}"
            );
            let version = body["code"].as_u64().unwrap();
            // The third Envoy never served version 3.
            assert!(
                envoy < 2 || version != 3,
                "Envoy {envoy} served the bundle it refused"
            );
        }
    }
}
