//! The ratchet both conformance suites use: the cases the product gets wrong are
//! listed with what it answered, and the list may only shrink.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Compares `failures` (case id -> what the product answered) with the committed
/// list at `baseline`: a failure not listed is a regression, a listed case that passes
/// is an improvement to record. `UPDATE_BASELINE=1` rewrites the list instead.
pub fn check_against_baseline(failures: &BTreeMap<String, String>, baseline: &Path, test: &str) {
    let written: String = failures
        .iter()
        .map(|(id, reason)| format!("{id}\t{}\n", reason.replace(['\n', '\t'], " ")))
        .collect();
    if std::env::var_os("UPDATE_BASELINE").is_some() {
        std::fs::write(baseline, &written).unwrap();
        return;
    }
    let listed = std::fs::read_to_string(baseline).unwrap_or_default();
    let known: BTreeSet<&str> = listed
        .lines()
        .filter_map(|line| line.split('\t').next())
        .collect();
    let regressions: Vec<String> = failures
        .iter()
        .filter(|(id, _)| !known.contains(id.as_str()))
        .map(|(id, reason)| format!("{id}: {reason}"))
        .collect();
    let improvements: Vec<&str> = known
        .iter()
        .filter(|id| !failures.contains_key(**id))
        .copied()
        .collect();
    assert!(
        regressions.is_empty(),
        "{} conformance cases now fail:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
    assert!(
        improvements.is_empty(),
        "{} cases of {} now pass: record it with UPDATE_BASELINE=1 cargo test -p endpoint-core --test {test}\n{}",
        improvements.len(),
        baseline.display(),
        improvements.join("\n")
    );
}
