//! Sync: take a new bundle live in a running Envoy, and tell what is live.
//!
//! Envoy watches the filter file of the run folder (ECDS from a file). A sync
//! 1. checks the bundle with the same engine the filter runs, before Envoy sees it;
//! 2. keeps the file being replaced as `filter.last-good.json`;
//! 3. replaces the filter file by a rename (Envoy ignores writes in place);
//! 4. waits until the filter itself reports the new version (the gauge
//!    `wasmcustom.endpoint.bundle.version`), never trusting `/config_dump`, which shows a
//!    rejected configuration as if it were live;
//! 5. if Envoy rejects the file or the new version does not appear in time, puts the
//!    last good file back, so that a restart comes back on a good bundle, and says why.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant};

use endpoint_core::bundle::{self, ContentHash};
use endpoint_core::configuration::{self, Configuration};
use endpoint_core::model::{BundleContent, Endpoint};
use serde_json::Value;

use crate::envoy::{
    FILTER_NAME, STRING_VALUE, VmEnvironment, marked_configuration, marked_filter_resource,
};
use crate::write_atomically;

pub const FILTER_FILE: &str = "filter.json";
pub const LAST_GOOD_FILE: &str = "filter.last-good.json";
pub const VERSION_STAT: &str = "wasmcustom.endpoint.bundle.version";

/// Where the running Envoys are: the run folder whose filter file they all watch
/// (one Envoy's, or a fleet's shared file, such as a mounted ConfigMap), and each
/// one's admin address.
pub struct Target {
    pub run_dir: PathBuf,
    pub admins: Vec<String>,
}

impl Target {
    /// One Envoy.
    pub fn one(run_dir: PathBuf, admin: String) -> Target {
        Target {
            run_dir,
            admins: vec![admin],
        }
    }
}

#[derive(Debug)]
pub struct Synced {
    pub hash: ContentHash,
    /// From the swap until the last Envoy served the bundle.
    pub elapsed: Duration,
    /// Each Envoy, with how long after the swap it served the bundle.
    pub envoys: Vec<(String, Duration)>,
}

/// What became of one Envoy in a sync that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It served the new bundle (and, since another did not, went back).
    TookIt,
    /// It refused the new bundle: Envoy's reason.
    Refused(String),
    /// It did not serve the new bundle in time.
    NotLive(String),
}

/// A sync that did not take the bundle live everywhere, with each Envoy's part.
#[derive(Debug)]
pub struct SyncFailure {
    /// Why nothing changed, when the sync stopped before the swap.
    pub before_swap: Option<String>,
    pub envoys: Vec<(String, Outcome)>,
    /// Whether the last good file is back in place, and what each Envoy serves now.
    pub restored: String,
}

impl std::fmt::Display for SyncFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(reason) = &self.before_swap {
            return f.write_str(reason);
        }
        let failed: Vec<String> = self
            .envoys
            .iter()
            .filter_map(|(admin, outcome)| match outcome {
                Outcome::TookIt => None,
                Outcome::Refused(reason) => Some(format!(
                    "the Envoy at {admin} rejected the bundle: {reason}"
                )),
                Outcome::NotLive(reason) => Some(format!("the Envoy at {admin}: {reason}")),
            })
            .collect();
        write!(f, "{}; {}", failed.join("; "), self.restored)
    }
}

impl SyncFailure {
    fn before_swap(reason: String) -> SyncFailure {
        SyncFailure {
            before_swap: Some(reason),
            envoys: Vec::new(),
            restored: String::new(),
        }
    }
}

/// Takes `bundle` live in one Envoy; see the module documentation.
pub fn sync(target: &Target, bundle_bytes: &[u8], timeout: Duration) -> Result<Synced, String> {
    sync_all(target, bundle_bytes, timeout).map_err(|failure| failure.to_string())
}

/// Takes `bundle` live in every Envoy of `target`: one swap of the shared filter file,
/// then a wait until each one serves it. If any refuses it or does not serve it in
/// time, the last good file goes back and every Envoy returns to the last good
/// bundle: a fleet never settles on two versions because of a sync.
pub fn sync_all(
    target: &Target,
    bundle_bytes: &[u8],
    timeout: Duration,
) -> Result<Synced, SyncFailure> {
    let (hash, content) =
        bundle::decode(bundle_bytes).map_err(|e| SyncFailure::before_swap(e.to_string()))?;
    // The filter's own checks, here first: a bundle it would refuse never reaches Envoy.
    // Secrets are Envoy's to give, so they are taken as present here.
    endpoint_core::Engine::load_with_environment(bundle_bytes, &|_| Some(String::new())).map_err(
        |e| SyncFailure::before_swap(format!("the filter would refuse this bundle: {e}")),
    )?;
    if target.admins.is_empty() {
        return Err(SyncFailure::before_swap(
            "no Envoy to sync: name at least one admin address".into(),
        ));
    }
    for admin in &target.admins {
        let missing = missing_clusters(admin, &content).map_err(SyncFailure::before_swap)?;
        if !missing.is_empty() {
            return Err(SyncFailure::before_swap(format!(
                "the Envoy at {admin} lacks {}: add the cluster to its configuration first (`endpoint-envoy config` writes one for an upstream with an `address`); nothing was changed",
                missing.join(", ")
            )));
        }
    }

    let filter_file = target.run_dir.join(FILTER_FILE);
    let current = fs::read(&filter_file).map_err(|e| {
        SyncFailure::before_swap(format!(
            "cannot read {} ({e}): sync works on the run folder of a running Envoy (make run writes .run/PORT)",
            filter_file.display()
        ))
    })?;
    let current_json: Value = serde_json::from_slice(&current).map_err(|e| {
        SyncFailure::before_swap(format!(
            "{} is not a filter file: {e}",
            filter_file.display()
        ))
    })?;
    let wasm = wasm_of(&current_json)
        .ok_or_else(|| SyncFailure::before_swap("the filter file names no wasm module".into()))?;
    let mut rejections_before = Vec::with_capacity(target.admins.len());
    for admin in &target.admins {
        rejections_before.push(rejections(admin).map_err(SyncFailure::before_swap)?);
    }
    write_atomically(&target.run_dir.join(LAST_GOOD_FILE), &current).map_err(|e| {
        SyncFailure::before_swap(format!("cannot keep the last good filter file: {e}"))
    })?;

    let started = Instant::now();
    let environment = VmEnvironment::passing_secrets_of(bundle_bytes);
    let resource =
        marked_filter_resource(Path::new(&wasm), bundle_bytes, &environment, &write_mark());
    write_atomically(&filter_file, resource.to_string().as_bytes()).map_err(|e| {
        SyncFailure::before_swap(format!("cannot write {}: {e}", filter_file.display()))
    })?;

    // Each Envoy's main thread loads the bundle, and its admin interface may not
    // answer meanwhile: that is a wait, not a failure, until the deadline.
    let mut live_after: Vec<Option<Duration>> = vec![None; target.admins.len()];
    let mut refused: Vec<Option<String>> = vec![None; target.admins.len()];
    let mut last_error: Vec<Option<String>> = vec![None; target.admins.len()];
    loop {
        for (index, admin) in target.admins.iter().enumerate() {
            if live_after[index].is_some() || refused[index].is_some() {
                continue;
            }
            match live_version(admin) {
                Ok(live) if live == Some(hash.gauge_value()) => {
                    live_after[index] = Some(started.elapsed());
                }
                Ok(_) => match rejections(admin) {
                    Ok(count) if count > rejections_before[index] => {
                        refused[index] = Some(rejection_reason(admin));
                    }
                    Ok(_) => {}
                    Err(e) => last_error[index] = Some(e),
                },
                Err(e) => last_error[index] = Some(e),
            }
        }
        let settled =
            (0..target.admins.len()).all(|i| live_after[i].is_some() || refused[i].is_some());
        if settled || started.elapsed() > timeout {
            break;
        }
        sleep(Duration::from_millis(20));
    }
    if live_after.iter().all(Option::is_some) {
        let envoys: Vec<(String, Duration)> = target
            .admins
            .iter()
            .cloned()
            .zip(live_after.iter().flatten().copied())
            .collect();
        return Ok(Synced {
            hash,
            elapsed: started.elapsed(),
            envoys,
        });
    }
    let envoys = target
        .admins
        .iter()
        .enumerate()
        .map(|(index, admin)| {
            let outcome = match (&live_after[index], &refused[index]) {
                (Some(_), _) => Outcome::TookIt,
                (None, Some(reason)) => Outcome::Refused(reason.clone()),
                (None, None) => {
                    let detail = last_error[index]
                        .as_ref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default();
                    Outcome::NotLive(format!(
                        "the new bundle was not live after {timeout:?}{detail}"
                    ))
                }
            };
            (admin.clone(), outcome)
        })
        .collect();
    // Back to the last good file, so that every Envoy serves it again and a restart
    // loads it.
    let restored = match write_atomically(&filter_file, &remarked(&current_json, &current)) {
        Ok(()) => back_on_last_good(target, &current, timeout),
        Err(e) => format!("restoring the last good file failed: {e}"),
    };
    Err(SyncFailure {
        before_swap: None,
        envoys,
        restored,
    })
}

/// After the last good file is back: waits until every Envoy serves its bundle again,
/// and says so, or names those that do not.
fn back_on_last_good(target: &Target, last_good: &[u8], timeout: Duration) -> String {
    let Some(version) = bundle_of(last_good)
        .ok()
        .and_then(|bytes| bundle::decode(&bytes).ok())
        .map(|(hash, _)| hash)
    else {
        return "the last good file is back in place".into();
    };
    let started = Instant::now();
    loop {
        let astray: Vec<&String> = target
            .admins
            .iter()
            .filter(
                |admin| !matches!(live_version(admin), Ok(Some(v)) if v == version.gauge_value()),
            )
            .collect();
        if astray.is_empty() {
            return format!(
                "the last good bundle is back in place ({}), and every Envoy serves it",
                version.short()
            );
        }
        if started.elapsed() > timeout {
            let names: Vec<&str> = astray.iter().map(|a| a.as_str()).collect();
            return format!(
                "the last good bundle is back in place ({}), but {} do not serve it yet",
                version.short(),
                names.join(", ")
            );
        }
        sleep(Duration::from_millis(20));
    }
}

/// A mark no earlier write had: the time in nanoseconds, this process, and a count
/// of its writes (a clock can tell the same time twice).
fn write_mark() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or_default();
    let count = WRITES.fetch_add(1, Ordering::Relaxed);
    format!("{nanos:x}-{:x}-{count}", std::process::id())
}

/// The last good filter file as it goes back: the same bundle and settings, with a
/// new write mark. Envoy may still hold the filter of that bundle, and would take
/// the same bytes back without loading them: the version it reports would stay the
/// refused one's. A file whose bundle cannot be read goes back as it was.
fn remarked(filter_file: &Value, bytes: &[u8]) -> Vec<u8> {
    let Ok(bundle) = bundle_in(filter_file) else {
        return bytes.to_vec();
    };
    let mut file = filter_file.clone();
    file["resources"][0]["typed_config"]["config"]["configuration"] =
        marked_configuration(&bundle, &write_mark());
    file.to_string().into_bytes()
}

fn wasm_of(filter_file: &Value) -> Option<String> {
    filter_file["resources"][0]["typed_config"]["config"]["vm_config"]["code"]["local"]["filename"]
        .as_str()
        .map(str::to_string)
}

/// The bundle inside a filter file, in either form of the configuration: its bytes
/// (`endpoint-envoy config`) or JSON (what a sync writes).
pub fn bundle_of(filter_file: &[u8]) -> Result<Vec<u8>, String> {
    bundle_in(&serde_json::from_slice(filter_file).map_err(|e| e.to_string())?)
}

/// [`bundle_of`] a filter file already read as JSON.
fn bundle_in(filter_file: &Value) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    let configuration = &filter_file["resources"][0]["typed_config"]["config"]["configuration"];
    let value = configuration["value"]
        .as_str()
        .ok_or("the filter file holds no bundle")?;
    if configuration["@type"] == STRING_VALUE {
        return match configuration::read(value.as_bytes()).map_err(|e| e.to_string())? {
            Configuration::Bundle(bytes) => Ok(bytes.into_owned()),
            Configuration::NoBundle => Ok(endpoint_core::bundle::NO_BUNDLE.to_vec()),
        };
    }
    base64::engine::general_purpose::STANDARD
        .decode(value)
        .map_err(|e| e.to_string())
}

/// The version the filter reports as live (first 48 bits of its content hash).
pub fn live_version(admin: &str) -> Result<Option<u64>, String> {
    stat(admin, VERSION_STAT)
}

/// Envoy's count of filter configurations it could not apply.
fn rejections(admin: &str) -> Result<u64, String> {
    let text = admin_get(admin, "/stats?filter=extension_config_discovery")?;
    Ok(text
        .lines()
        .filter(|l| l.contains(&format!(".{FILTER_NAME}.")))
        .filter(|l| l.contains("config_fail") || l.contains("update_rejected"))
        .filter_map(|l| {
            l.rsplit(": ")
                .next()
                .and_then(|v| v.trim().parse::<u64>().ok())
        })
        .sum())
}

/// Envoy's own words on the last rejected filter configuration, from the ECDS part of
/// `/config_dump` (its error state; the configuration it shows is not what serves).
fn rejection_reason(admin: &str) -> String {
    let reason = admin_get(admin, "/config_dump?resource=ecds_filters")
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|dump| {
            dump["configs"].as_array().and_then(|configs| {
                configs
                    .iter()
                    .find_map(|c| c["error_state"]["details"].as_str().map(str::to_string))
            })
        });
    match reason {
        Some(details) => format!(
            "{details} (the filter logs its own reason in Envoy's log: look for \"endpoint bundle rejected\")"
        ),
        None => "see Envoy's log (\"endpoint bundle rejected\")".to_string(),
    }
}

fn stat(admin: &str, name: &str) -> Result<Option<u64>, String> {
    let text = admin_get(admin, &format!("/stats?filter=^{name}$"))?;
    Ok(text
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .and_then(|v| v.trim().parse().ok()))
}

/// A GET on Envoy's admin interface (plain HTTP/1.1, loopback in practice).
pub fn admin_get(admin: &str, path: &str) -> Result<String, String> {
    let unreachable = |e: std::io::Error| {
        format!(
            "Envoy's admin interface at {admin} does not answer ({e}): is Envoy running with this ADMIN_PORT?"
        )
    };
    let mut stream = TcpStream::connect(admin).map_err(unreachable)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(unreachable)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: {admin}\r\nconnection: close\r\n\r\n"
    )
    .map_err(unreachable)?;
    let mut raw = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buffer).map_err(unreachable)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buffer[..n]);
    }
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or("a broken answer from Envoy's admin interface")?;
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!(
            "Envoy's admin interface answered {}",
            head.lines().next().unwrap_or("")
        ));
    }
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Ok(dechunk(body));
    }
    Ok(body.to_string())
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}

/// Waits until the Envoy at `admin` serves the bundle of `hash`.
pub fn wait_live(admin: &str, hash: ContentHash, timeout: Duration) -> Result<(), String> {
    let started = Instant::now();
    loop {
        let live = live_version(admin);
        if matches!(live, Ok(Some(version)) if version == hash.gauge_value()) {
            return Ok(());
        }
        if started.elapsed() > timeout {
            return match live {
                Ok(live) => Err(format!(
                    "bundle {} is not live after {timeout:?}: {} is; Envoy's log says why (\"endpoint bundle rejected\")",
                    hash.short(),
                    live.map_or("none".into(), |v| format!("{v:012x}"))
                )),
                Err(e) => Err(e),
            };
        }
        sleep(Duration::from_millis(200));
    }
}

/// What each Envoy of a fleet serves, as `endpoint-envoy status` prints it: a line
/// per Envoy, then a `version skew` line when they serve more than one version (a
/// rollout under way, or an Envoy that refused a bundle the others took).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetView {
    pub lines: Vec<String>,
    /// The distinct versions served; more than one is a skew.
    pub versions: Vec<Option<u64>>,
}

impl FleetView {
    pub fn skewed(&self) -> bool {
        self.versions.len() > 1
    }
}

pub fn fleet_view(admins: &[String]) -> FleetView {
    let mut lines = Vec::with_capacity(admins.len() + 1);
    let mut versions: Vec<Option<u64>> = Vec::new();
    for admin in admins {
        match live_version(admin) {
            Ok(version) => {
                lines.push(format!(
                    "  {admin}: {}",
                    version.map_or("none".into(), |v| format!("{v:012x}"))
                ));
                if !versions.contains(&version) {
                    versions.push(version);
                }
            }
            Err(message) => lines.push(format!("  {admin}: no answer ({message})")),
        }
    }
    if versions.len() > 1 {
        lines.push(format!(
            "version skew: {} versions live across {} Envoys",
            versions.len(),
            admins.len()
        ));
    }
    FleetView { lines, versions }
}

/// Waits until every Envoy at `admins` serves the bundle of `hash`, all within one
/// `timeout`; `Err` names each Envoy that does not, and why.
pub fn wait_all(
    admins: &[String],
    hash: ContentHash,
    timeout: Duration,
) -> Result<(), Vec<String>> {
    let started = Instant::now();
    let behind: Vec<String> = admins
        .iter()
        .filter_map(|admin| {
            let left = timeout.saturating_sub(started.elapsed());
            wait_live(admin, hash, left)
                .err()
                .map(|message| format!("{admin}: {message}"))
        })
        .collect();
    if behind.is_empty() {
        Ok(())
    } else {
        Err(behind)
    }
}

/// What is live in Envoy, next to a bundle compiled from the definitions on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Status {
    InSync,
    /// The endpoints to sync, the Odoo module's "To sync" list.
    Differs(Difference),
    /// The run folder holds another bundle than the one serving: a sync was cut short,
    /// or something else wrote the file. Sync again.
    RunFolderNotServing {
        in_run_folder: ContentHash,
    },
}

/// The upstreams of `content` whose cluster the Envoy at `admin` does not have, as
/// `upstream `NAME` (cluster `CLUSTER`)`; read from the admin's cluster list.
pub fn missing_clusters(admin: &str, content: &BundleContent) -> Result<Vec<String>, String> {
    if content.upstreams.is_empty() {
        return Ok(Vec::new());
    }
    let listed = admin_get(admin, "/clusters")?;
    let known: std::collections::BTreeSet<&str> = listed
        .lines()
        .filter_map(|line| line.split_once("::").map(|(name, _)| name))
        .collect();
    Ok(content
        .upstreams
        .iter()
        .filter(|upstream| !known.contains(upstream.cluster.as_str()))
        .map(|upstream| {
            format!(
                "upstream `{}` (cluster `{}`)",
                upstream.name, upstream.cluster
            )
        })
        .collect())
}

/// The live version (from the filter's gauge), and how `on_disk` differs from the
/// bundle in the run folder, which is the live one when the two agree.
pub fn status(target: &Target, on_disk: &[u8]) -> Result<(Option<u64>, Status), String> {
    let (disk_hash, disk_content) = bundle::decode(on_disk).map_err(|e| e.to_string())?;
    let first = target
        .admins
        .first()
        .ok_or("no Envoy to ask: name at least one admin address")?;
    let live = live_version(first)?;
    let file = target.run_dir.join(FILTER_FILE);
    let in_run_folder = fs::read(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))
        .and_then(|bytes| bundle_of(&bytes))
        .and_then(|bytes| bundle::decode(&bytes).map_err(|e| e.to_string()))?;
    let (folder_hash, live_content) = in_run_folder;
    if live != Some(folder_hash.gauge_value()) {
        return Ok((
            live,
            Status::RunFolderNotServing {
                in_run_folder: folder_hash,
            },
        ));
    }
    let difference = difference(&live_content, &disk_content);
    if folder_hash == disk_hash && difference.is_empty() {
        return Ok((live, Status::InSync));
    }
    Ok((live, Status::Differs(difference)))
}

/// How the definitions on disk differ from what is live, as the Odoo module's "To
/// sync" list does: endpoints added, changed, removed or archived, by method and route.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Difference {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub archived: Vec<String>,
}

impl Difference {
    pub fn is_empty(&self) -> bool {
        *self == Difference::default()
    }
}

pub fn difference(live: &BundleContent, on_disk: &BundleContent) -> Difference {
    let key = |e: &Endpoint| format!("{} {}", e.request_method.as_str(), e.routes.join(" "));
    let find =
        |content: &BundleContent, k: &str| content.endpoints.iter().find(|e| key(e) == k).cloned();
    let mut out = Difference::default();
    for endpoint in &on_disk.endpoints {
        let k = key(endpoint);
        match find(live, &k) {
            None => out.added.push(k),
            Some(before) if before.active && !endpoint.active => out.archived.push(k),
            Some(before) if before != *endpoint => out.changed.push(k),
            Some(_) => {}
        }
    }
    for endpoint in &live.endpoints {
        let k = key(endpoint);
        if find(on_disk, &k).is_none() {
            out.removed.push(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use endpoint_core::model::Method;

    fn endpoint(route: &str, code: &str) -> Endpoint {
        Endpoint::example(route, route, Method::Get, code)
    }

    #[test]
    fn lists_what_is_to_sync() {
        let live = BundleContent {
            endpoints: vec![
                endpoint("/same", "a"),
                endpoint("/edited", "a"),
                endpoint("/gone", "a"),
                endpoint("/old", "a"),
            ],
            ..Default::default()
        };
        let mut archived = endpoint("/old", "a");
        archived.active = false;
        let disk = BundleContent {
            endpoints: vec![
                endpoint("/same", "a"),
                endpoint("/edited", "b"),
                endpoint("/new", "a"),
                archived,
            ],
            ..Default::default()
        };
        let diff = difference(&live, &disk);
        assert_eq!(diff.added, vec!["GET /new"]);
        assert_eq!(diff.changed, vec!["GET /edited"]);
        assert_eq!(diff.removed, vec!["GET /gone"]);
        assert_eq!(diff.archived, vec!["GET /old"]);
        assert!(difference(&disk, &disk).is_empty());
    }

    /// Envoy keeps a filter it still holds for byte-identical configuration without
    /// loading it: every file a sync writes, the last good one put back included,
    /// must differ from every earlier one, and still hold the same bundle.
    #[test]
    fn every_write_is_a_new_configuration_with_the_same_bundle() {
        let bundle = bundle::encode(&BundleContent {
            endpoints: vec![endpoint("/a", "a")],
            ..Default::default()
        });
        let wasm = Path::new("/filter.wasm");
        let environment = VmEnvironment::default();
        let plain = crate::envoy::filter_resource(wasm, &bundle, &environment).to_string();
        let first = marked_filter_resource(wasm, &bundle, &environment, &write_mark()).to_string();
        let second = marked_filter_resource(wasm, &bundle, &environment, &write_mark()).to_string();
        let first_json: Value = serde_json::from_str(&first).unwrap();
        let put_back = remarked(&first_json, first.as_bytes());
        let plain_put_back = remarked(&serde_json::from_str(&plain).unwrap(), plain.as_bytes());
        let files = [
            plain.as_bytes(),
            first.as_bytes(),
            second.as_bytes(),
            &put_back,
            &plain_put_back,
        ];
        for (index, file) in files.iter().enumerate() {
            assert_eq!(bundle_of(file).unwrap(), bundle, "file {index}");
            for other in &files[..index] {
                assert_ne!(file, other, "file {index} repeats an earlier one");
            }
        }
        // Everything but the configuration is kept.
        let put_back: Value = serde_json::from_slice(&put_back).unwrap();
        let config = |file: &Value| {
            let mut config = file["resources"][0]["typed_config"]["config"].clone();
            config["configuration"] = Value::Null;
            config
        };
        assert_eq!(config(&put_back), config(&first_json));
        assert_eq!(put_back["version_info"], first_json["version_info"]);
    }

    #[test]
    fn a_filter_file_without_a_readable_bundle_goes_back_as_it_was() {
        let odd = br#"{"resources": []}"#;
        assert_eq!(remarked(&serde_json::from_slice(odd).unwrap(), odd), odd);
    }

    #[test]
    fn dechunks_admin_answers() {
        assert_eq!(
            dechunk("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
            "hello world"
        );
    }
}
