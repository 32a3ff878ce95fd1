//! The author's loop (`make dev`, `endpoint-envoy dev`): on every save, compile the
//! definitions, run their tests offline, and sync when both pass. Problems are printed
//! at FILE:LINE:COL and the live bundle stays (docs/testing-definitions.md).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use endpoint_core::bundle::ContentHash;

use crate::sync::{self, Target};
use crate::testing::{self, report};
use crate::{Compiled, compile};

/// How often the definitions are looked at. Polling sees editors that save by
/// renaming a new file over the old one, and folders on any file system, alike.
pub const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// What the definition files were at one look: each file's length and time of change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, (u64, Option<SystemTime>)>,
}

impl Snapshot {
    /// The `*.yaml`, `*.yml`, `*.json` and `*.xsd` files below `paths` (schema files
    /// count: an endpoint reads them), hidden folders left out.
    pub fn take(paths: &[PathBuf]) -> Snapshot {
        let mut files = BTreeMap::new();
        for path in paths {
            collect(path, &mut files);
        }
        Snapshot { files }
    }

    /// The latest time of change of any file, for the time from save to live.
    pub fn newest(&self) -> Option<SystemTime> {
        self.files
            .values()
            .filter_map(|(_, modified)| *modified)
            .max()
    }
}

fn collect(path: &Path, files: &mut BTreeMap<PathBuf, (u64, Option<SystemTime>)>) {
    let Ok(metadata) = fs::metadata(path) else {
        return;
    };
    if metadata.is_file() {
        files.insert(
            path.to_path_buf(),
            (metadata.len(), metadata.modified().ok()),
        );
        return;
    }
    let Ok(entries) = fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let child = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && !name.starts_with('.') => collect(&child, files),
            Ok(kind)
                if kind.is_file()
                    && [".yaml", ".yml", ".json", ".xsd"]
                        .iter()
                        .any(|ext| name.ends_with(ext)) =>
            {
                collect(&child, files);
            }
            _ => {}
        }
    }
}

/// How one pass of the loop went.
#[derive(Debug)]
pub enum Pass {
    /// The definitions have problems: these lines, and nothing changed.
    Invalid(Vec<String>),
    /// A case failed: the report, and nothing changed.
    TestsFailed(String),
    /// The bundle is already the live one.
    Unchanged(ContentHash),
    /// The bundle is live.
    Live {
        hash: ContentHash,
        endpoints: usize,
        cases: usize,
        timings: Timings,
    },
    /// The sync failed (Envoy refused, or is not there); the last good bundle serves.
    SyncFailed(String),
}

/// Where the time of a pass went.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub compile: Duration,
    pub test: Duration,
    pub sync: Duration,
    /// Of `sync`: from the swap of the filter file to Envoy serving the bundle.
    pub envoy: Duration,
}

/// One pass: compile, test, and sync unless `live` (the version Envoy reports) is
/// already this bundle's.
pub fn pass(paths: &[PathBuf], target: &Target, live: Option<u64>) -> Pass {
    let started = Instant::now();
    let compiled: Compiled = match compile(paths) {
        Ok(compiled) => compiled,
        Err(failure) => {
            return Pass::Invalid(
                failure
                    .diagnostics()
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            );
        }
    };
    let compiled_at = Instant::now();
    let results = testing::offline::run(&compiled.content, &compiled.cases);
    let tally = report::Tally::of(&results);
    if tally.failed > 0 {
        return Pass::TestsFailed(report::text(&results, "offline"));
    }
    let tested_at = Instant::now();
    if live == Some(compiled.hash.gauge_value()) {
        return Pass::Unchanged(compiled.hash);
    }
    match sync::sync(target, &compiled.bundle, Duration::from_secs(30)) {
        Ok(synced) => Pass::Live {
            hash: synced.hash,
            endpoints: compiled.content.endpoints.len(),
            cases: results.len(),
            timings: Timings {
                compile: compiled_at - started,
                test: tested_at - compiled_at,
                sync: tested_at.elapsed(),
                envoy: synced.elapsed,
            },
        },
        Err(reason) => Pass::SyncFailed(reason),
    }
}

/// Watches `paths` while `watching()` holds (the command: until it is stopped),
/// printing each pass; `say` takes the lines (standard output in the command).
pub fn watch(
    paths: &[PathBuf],
    target: &Target,
    say: &mut dyn FnMut(&str),
    watching: &dyn Fn() -> bool,
) {
    let mut seen = Snapshot::default();
    while watching() {
        let now = Snapshot::take(paths);
        if now != seen {
            // A save may come in several writes: wait until the files hold still.
            std::thread::sleep(POLL_INTERVAL);
            let settled = Snapshot::take(paths);
            if settled != now {
                continue;
            }
            let saved_at = settled.newest();
            seen = settled;
            let live = target
                .admins
                .first()
                .and_then(|admin| sync::live_version(admin).ok().flatten());
            match pass(paths, target, live) {
                Pass::Invalid(lines) => {
                    for line in &lines {
                        say(line);
                    }
                    say(&format!(
                        "{} problem{}; the live bundle stays",
                        lines.len(),
                        if lines.len() == 1 { "" } else { "s" }
                    ));
                }
                Pass::TestsFailed(text) => {
                    for line in text.lines() {
                        say(line);
                    }
                    say("a case failed; the live bundle stays");
                }
                Pass::Unchanged(hash) => say(&format!("bundle {} is already live", hash.short())),
                Pass::Live {
                    hash,
                    endpoints,
                    cases,
                    timings,
                } => {
                    let since_save = saved_at
                        .and_then(|at| at.elapsed().ok())
                        .map(|d| format!("live {} ms after the save; ", d.as_millis()))
                        .unwrap_or_default();
                    say(&format!(
                        "bundle {} is live: {endpoints} endpoints, {cases} cases passed ({since_save}compile {} ms, tests {} ms, sync {} ms of which Envoy {} ms)",
                        hash.short(),
                        timings.compile.as_millis(),
                        timings.test.as_millis(),
                        timings.sync.as_millis(),
                        timings.envoy.as_millis(),
                    ));
                }
                Pass::SyncFailed(reason) => say(&format!("sync failed: {reason}")),
            }
        }
        std::thread::sleep(POLL_INTERVAL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_changes_with_a_save_and_only_then() {
        let dir = std::env::temp_dir().join(format!("endpoint-dev-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join(".git")).unwrap();
        fs::write(dir.join("a.yaml"), "name: a\n").unwrap();
        fs::write(dir.join("notes.txt"), "x").unwrap();
        let paths = [dir.clone()];
        let first = Snapshot::take(&paths);
        assert_eq!(first.files.len(), 1);
        assert_eq!(first, Snapshot::take(&paths));
        fs::write(dir.join("notes.txt"), "xy").unwrap();
        fs::write(dir.join(".git/x.yaml"), "x").unwrap();
        assert_eq!(first, Snapshot::take(&paths), "other files do not count");
        fs::write(dir.join("a.yaml"), "name: ab\n").unwrap();
        assert_ne!(first, Snapshot::take(&paths));
        fs::write(dir.join("schema.json"), "{}").unwrap();
        assert_eq!(Snapshot::take(&paths).files.len(), 2);
        let _ = fs::remove_dir_all(&dir);
    }
}
