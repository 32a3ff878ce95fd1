//! What a run of cases says: a line per failing case for people, and JUnit XML for CI
//! systems.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::{CaseResult, Verdict};

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl Tally {
    pub fn of(results: &[CaseResult]) -> Tally {
        let mut tally = Tally::default();
        for result in results {
            match result.verdict {
                Verdict::Passed => tally.passed += 1,
                Verdict::Failed(_) => tally.failed += 1,
                Verdict::Skipped(_) => tally.skipped += 1,
            }
        }
        tally
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} passed, {} failed", self.passed, self.failed)?;
        if self.skipped > 0 {
            write!(f, ", {} skipped", self.skipped)?;
        }
        Ok(())
    }
}

/// A line per failing case (`FILE:LINE: endpoint › case: what differed`, further
/// differences indented below) and per skipped one; `label` says where the cases ran.
pub fn text(results: &[CaseResult], label: &str) -> String {
    let mut out = String::new();
    for result in results {
        let case = &result.case;
        match &result.verdict {
            Verdict::Passed => {}
            Verdict::Failed(found) => {
                let (first, rest) = found
                    .split_first()
                    .map_or(("failed", &[][..]), |(f, r)| (f.as_str(), r));
                let _ = writeln!(
                    out,
                    "{}: FAIL {label}: {} › {}: {first}",
                    case.place(),
                    case.endpoint,
                    case.name
                );
                for more in rest {
                    let _ = writeln!(out, "    {more}");
                }
            }
            Verdict::Skipped(reason) => {
                let _ = writeln!(
                    out,
                    "{}: skip {label}: {} › {}: {reason}",
                    case.place(),
                    case.endpoint,
                    case.name
                );
            }
        }
    }
    let _ = writeln!(out, "{label}: {}", Tally::of(results));
    out
}

/// JUnit XML: a test suite per run (`offline`, `against URL`), a test case per case
/// named by its endpoint and name, its file and line kept.
pub fn junit(runs: &[(&str, &[CaseResult])]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = runs.iter().fold(Tally::default(), |sum, (_, results)| {
        let t = Tally::of(results);
        Tally {
            passed: sum.passed + t.passed,
            failed: sum.failed + t.failed,
            skipped: sum.skipped + t.skipped,
        }
    });
    let _ = writeln!(
        out,
        "<testsuites name=\"endpoint definitions\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        total.passed + total.failed + total.skipped,
        total.failed,
        total.skipped
    );
    for (label, results) in runs {
        let tally = Tally::of(results);
        let seconds: f64 = results.iter().map(|r| r.micros as f64 / 1e6).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{seconds:.6}\">",
            escape(*label),
            results.len(),
            tally.failed,
            tally.skipped
        );
        for result in *results {
            let case = &result.case;
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\" time=\"{:.6}\"",
                escape(case.endpoint.as_str()),
                escape(case.name.as_str()),
                escape(case.origin.file.to_string_lossy().as_ref()),
                case.origin.position.line,
                result.micros as f64 / 1e6
            );
            match &result.verdict {
                Verdict::Passed => out.push_str("/>\n"),
                Verdict::Failed(found) => {
                    let message = found.first().map(String::as_str).unwrap_or("failed");
                    let _ = writeln!(
                        out,
                        ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>",
                        escape(message),
                        escape(found.join("\n").as_str())
                    );
                }
                Verdict::Skipped(reason) => {
                    let _ = writeln!(
                        out,
                        ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                        escape(reason.as_str())
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The cases that passed in one run and failed in the other (skipped ones aside): a
/// difference between the engine and the proxy, which is a bug of the product.
pub fn disagreements(offline: &[CaseResult], live: &[CaseResult]) -> Vec<String> {
    offline
        .iter()
        .zip(live)
        .filter_map(|(here, there)| {
            let passed = |v: &Verdict| matches!(v, Verdict::Passed);
            let failed = |v: &Verdict| matches!(v, Verdict::Failed(_));
            let differs = (passed(&here.verdict) && failed(&there.verdict))
                || (failed(&here.verdict) && passed(&there.verdict));
            differs.then(|| {
                format!(
                    "{}: DIFFERENT: {} › {}: {} offline, {} against Envoy; please report it",
                    here.case.place(),
                    here.case.endpoint,
                    here.case.name,
                    if passed(&here.verdict) {
                        "passes"
                    } else {
                        "fails"
                    },
                    if passed(&there.verdict) {
                        "passes"
                    } else {
                        "fails"
                    },
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diagnostics::{Origin, Position};
    use crate::testing::{CaseRequest, Expectation, TestCase};

    fn result(name: &str, verdict: Verdict) -> CaseResult {
        CaseResult {
            case: TestCase {
                name: name.into(),
                endpoint: "e".into(),
                origin: Origin {
                    file: PathBuf::from("d.yaml"),
                    position: Position { line: 4, column: 5 },
                },
                request: CaseRequest {
                    method: "GET".into(),
                    path: "/".into(),
                    headers: vec![],
                    body: vec![],
                },
                run_as: None,
                mocks: vec![],
                now: None,
                secrets: Default::default(),
                vars: Default::default(),
                expect: Expectation {
                    status: 200,
                    headers: vec![],
                    body: None,
                    errors: None,
                },
            },
            verdict,
            micros: 1,
        }
    }

    #[test]
    fn a_verdict_that_differs_between_the_runs_is_named_and_skips_are_not() {
        let failed = || Verdict::Failed(vec!["status".into()]);
        let offline = [
            result("same", Verdict::Passed),
            result("differs", Verdict::Passed),
            result("skipped live", Verdict::Passed),
            result("fails only offline", failed()),
        ];
        let live = [
            result("same", Verdict::Passed),
            result("differs", failed()),
            result("skipped live", Verdict::Skipped("mocks".into())),
            result("fails only offline", Verdict::Passed),
        ];
        assert_eq!(
            disagreements(&offline, &live),
            [
                "d.yaml:4: DIFFERENT: e › differs: passes offline, fails against Envoy; please report it",
                "d.yaml:4: DIFFERENT: e › fails only offline: fails offline, passes against Envoy; please report it",
            ]
        );
        assert_eq!(
            text(&live, "live"),
            "d.yaml:4: FAIL live: e › differs: status\nd.yaml:4: skip live: e › skipped live: mocks\nlive: 2 passed, 1 failed, 1 skipped\n"
        );
    }
}
