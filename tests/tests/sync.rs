//! Sync against a real Envoy: bundles swapped under steady load, with nothing dropped,
//! nothing mixed, rejected bundles never served, and a safe start.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use endpoint_compiler::sync::sync;
use endpoint_integration_tests::{Envoy, compile, http, versioned_definitions};
use serde_json::Value;

/// The sync tests' definitions of version `n` ([`versioned_definitions`]).
fn definitions(n: u32, extra: bool, secret: Option<&str>) -> PathBuf {
    versioned_definitions("sync", n, extra, secret)
}

#[test]
fn bundles_swap_under_load_with_nothing_dropped_or_mixed() {
    let envoy = Envoy::with_bundle(&compile(&definitions(1, true, None)));
    assert_eq!(envoy.get("/extra").text(), "extra");

    let running = Arc::new(AtomicBool::new(true));
    let port = envoy.port;
    let load = {
        let running = running.clone();
        thread::spawn(move || {
            let mut seen = Vec::new();
            while running.load(Ordering::Relaxed) {
                let response = http(port, "GET", "/version", &[], &[]);
                seen.push(response.map(|r| (r.status, r.body)));
            }
            seen
        })
    };

    let target = envoy.sync_target();
    let mut times = Vec::new();
    let mut hashes = Vec::new();
    for n in 2..=6 {
        thread::sleep(Duration::from_millis(150));
        let started = Instant::now();
        let synced = sync(
            &target,
            &compile(&definitions(n, false, None)),
            Duration::from_secs(10),
        )
        .unwrap_or_else(|e| panic!("sync {n}: {e}\n{}", envoy.log()));
        times.push(started.elapsed());
        hashes.push(synced.hash);
        assert!(
            synced.elapsed < Duration::from_secs(1),
            "version {n} live after {:?}",
            synced.elapsed
        );
        assert_eq!(
            envoy.get("/version").json()["code"],
            n,
            "right after sync {n}"
        );
    }

    // Envoy loaded each bundle in its canary first, which checked it in full, then
    // on its main thread and its worker, which built its snippets at first use.
    let log = envoy.log();
    for hash in &hashes {
        let loads: Vec<&str> = log
            .lines()
            .filter(|line| line.contains(&format!("endpoint bundle {} loaded", hash.short())))
            .collect();
        let in_full = loads
            .iter()
            .filter(|line| !line.contains("checked in full before by this build"))
            .count();
        assert_eq!(in_full, 1, "{hash}: {loads:#?}");
        assert!(loads.len() >= 2, "{hash}: {loads:#?}");
        assert!(
            loads[0].ends_with("checked in full"),
            "the first load checks in full: {loads:#?}"
        );
    }

    // A bundle Envoy refuses (it names a secret the filter is not given) is never
    // served: the sync says so, and the last good bundle stays, on disk too.
    let refused = sync(
        &target,
        &compile(&definitions(7, false, Some("NOT_GIVEN"))),
        Duration::from_secs(10),
    );
    let reason = refused.expect_err("a refused bundle must fail the sync");
    assert!(reason.contains("rejected the bundle"), "{reason}");
    assert!(
        reason.contains("last good bundle is back in place"),
        "{reason}"
    );
    assert_eq!(envoy.get("/version").json()["code"], 6);
    let on_disk = fs::read(target.run_dir.join("filter.json")).unwrap();
    let (live_hash, _) =
        endpoint_core::bundle::decode(&endpoint_compiler::sync::bundle_of(&on_disk).unwrap())
            .unwrap();
    let (six, _) = endpoint_core::bundle::decode(&compile(&definitions(6, false, None))).unwrap();
    assert_eq!(
        live_hash, six,
        "the run folder holds the bundle that serves"
    );
    thread::sleep(Duration::from_millis(200));

    running.store(false, Ordering::Relaxed);
    let seen = load.join().unwrap();
    assert!(seen.len() > 100, "the load ran: {} requests", seen.len());
    let mut last = 0;
    for (index, response) in seen.iter().enumerate() {
        let (status, body) = response
            .as_ref()
            .unwrap_or_else(|e| panic!("request {index} failed: {e}"));
        assert_eq!(
            *status,
            200,
            "request {index}: {}",
            String::from_utf8_lossy(body)
        );
        let body: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(
            body["code"], body["var"],
            "request {index} mixes bundles: {body}"
        );
        let version = body["code"].as_u64().unwrap();
        assert!(
            version >= last,
            "request {index} went back from {last} to {version}"
        );
        assert!(version <= 6, "request {index} saw the refused bundle");
        last = version;
    }
    // The route removed in version 2 is gone.
    assert_eq!(envoy.get("/extra").status, 404);
    eprintln!(
        "{} requests during 5 syncs; sync took {times:?}",
        seen.len()
    );
}

#[test]
fn without_a_good_bundle_every_request_is_a_503_until_a_sync_delivers_one() {
    // A bad bundle at start: the filter keeps its configuration without one.
    let envoy = Envoy::with_bundle(b"not a bundle");
    let no_bundle = |envoy: &Envoy| {
        // Endpoint routes and every other path alike: which requests need the
        // filter's checks is what the missing bundle would say.
        // The health route too: not ready.
        for path in ["/version", "/anything", "/healthz"] {
            let response = envoy.get(path);
            assert_eq!(response.status, 503, "{path}: {}", response.text());
            assert_eq!(response.json()["error"], "ServiceUnavailable");
            assert_eq!(response.header("retry-after"), Some("5"));
        }
        let forward = envoy.request("GET", "/x", &[("x-endpoint-cluster", "admin")], b"");
        assert_eq!(forward.status, 503);
    };
    no_bundle(&envoy);
    assert!(
        envoy.log().contains("no endpoint bundle yet"),
        "{}",
        envoy.log()
    );
    // A sync to a good bundle then takes effect.
    let synced = sync(
        &envoy.sync_target(),
        &compile(&definitions(1, false, None)),
        Duration::from_secs(10),
    );
    synced.unwrap_or_else(|e| panic!("{e}\n{}", envoy.log()));
    assert_eq!(envoy.get("/version").json()["code"], 1);
    assert_eq!(envoy.get("/healthz").text(), "ok\n");
}

#[test]
fn sync_refuses_what_the_filter_would_refuse_before_envoy_sees_it() {
    let envoy = Envoy::with_bundle(&compile(&definitions(1, false, None)));
    let before = fs::read(envoy.sync_target().run_dir.join("filter.json")).unwrap();
    let damaged = {
        let mut bytes = compile(&definitions(2, false, None));
        // A byte of the stored content hash.
        bytes[20] ^= 1;
        bytes
    };
    let error = sync(&envoy.sync_target(), &damaged, Duration::from_secs(5)).unwrap_err();
    assert!(error.contains("does not match its hash"), "{error}");
    assert_eq!(
        fs::read(envoy.sync_target().run_dir.join("filter.json")).unwrap(),
        before,
        "untouched"
    );
    assert_eq!(envoy.get("/version").json()["code"], 1);

    // A bundle whose upstream names a cluster this Envoy lacks would make every fetch
    // and forward of it fail: refused, with the cluster named, and nothing changed.
    let with_upstream = definitions(3, false, None);
    fs::write(
        with_upstream.join("upstream.yaml"),
        "kind: upstream\nname: billing\ncluster: billing-v2\n",
    )
    .unwrap();
    let error = sync(
        &envoy.sync_target(),
        &compile(&with_upstream),
        Duration::from_secs(5),
    )
    .unwrap_err();
    assert!(
        error.contains("lacks upstream `billing` (cluster `billing-v2`)"),
        "{error}"
    );
    // What `endpoint-envoy status` lists as `cannot sync`, from the same admin read.
    let (_, content) = endpoint_core::bundle::decode(&compile(&with_upstream)).unwrap();
    assert_eq!(
        endpoint_compiler::sync::missing_clusters(&envoy.sync_target().admins[0], &content)
            .unwrap(),
        ["upstream `billing` (cluster `billing-v2`)"]
    );
    assert_eq!(
        fs::read(envoy.sync_target().run_dir.join("filter.json")).unwrap(),
        before,
        "untouched"
    );
    assert_eq!(envoy.get("/version").json()["code"], 1);
}

#[test]
fn status_compares_what_is_live_with_the_definitions_on_disk() {
    use endpoint_compiler::sync::{Difference, Status, status, wait_live};
    let one = compile(&definitions(1, false, None));
    let envoy = Envoy::with_bundle(&one);
    let target = envoy.sync_target();
    let (hash, _) = endpoint_core::bundle::decode(&one).unwrap();
    wait_live(&target.admins[0], hash, Duration::from_secs(5)).unwrap();

    let (live, in_sync) = status(&target, &one).unwrap();
    assert_eq!((live, in_sync), (Some(hash.gauge_value()), Status::InSync));

    // Version 2 changes /version and adds /extra: both are to sync.
    let two = compile(&definitions(2, true, None));
    let (_, differs) = status(&target, &two).unwrap();
    assert_eq!(
        differs,
        Status::Differs(Difference {
            added: vec!["GET /extra".into()],
            changed: vec!["GET /version".into()],
            ..Difference::default()
        })
    );
    sync(&target, &two, Duration::from_secs(10)).unwrap();
    assert_eq!(status(&target, &two).unwrap().1, Status::InSync);

    // A bundle that is not live is reported as such by wait.
    let (never, _) = endpoint_core::bundle::decode(&compile(&definitions(3, false, None))).unwrap();
    let error = wait_live(&target.admins[0], never, Duration::from_millis(300)).unwrap_err();
    assert!(error.contains("is not live"), "{error}");
}

/// The JSON plugin configuration Istio's WasmPlugin and Envoy Gateway's
/// EnvoyExtensionPolicy hand Envoy (a `StringValue` holding `{"bundle": "BASE64"}`)
/// serves its bundle in a real Envoy, and a JSON configuration the filter refuses
/// leaves the bundle serving.
#[test]
fn a_json_plugin_configuration_serves_its_bundle() {
    let envoy = Envoy::with_bundle(&compile(&definitions(1, false, None)));
    let two = compile(&definitions(2, false, None));
    let as_json = |configuration: &Value| {
        let mut resource: Value = serde_json::from_slice(
            &fs::read(envoy.sync_target().run_dir.join("filter.json")).unwrap(),
        )
        .unwrap();
        resource["resources"][0]["typed_config"]["config"]["configuration"] = serde_json::json!({
            "@type": "type.googleapis.com/google.protobuf.StringValue",
            "value": configuration.to_string(),
        });
        resource.to_string().into_bytes()
    };
    envoy.write_filter_file(&as_json(&endpoint_core::configuration::json_for(&two)));
    let (hash, _) = endpoint_core::bundle::decode(&two).unwrap();
    endpoint_compiler::sync::wait_live(&envoy.admin(), hash, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}\n{}", envoy.log()));
    assert_eq!(envoy.get("/version").json()["code"], 2);

    envoy.write_filter_file(&as_json(&serde_json::json!({"bundel": "AAAA"})));
    let refused = envoy.eventually(Duration::from_secs(10), |envoy| {
        envoy
            .log()
            .contains("endpoint bundle rejected: the configuration has an unknown field \"bundel\"")
    });
    assert!(refused, "{}", envoy.log());
    assert_eq!(envoy.get("/version").json()["code"], 2);
}
