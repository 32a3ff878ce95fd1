//! `endpoint-compile DIR... -o bundle.bin [--openapi openapi.json] [--test]`: see
//! docs/commands.md, docs/openapi.md and docs/testing-definitions.md.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use endpoint_compiler::testing::{self, CaseResult, report};
use endpoint_compiler::{Compiled, Failure, compile, openapi, write_atomically};

/// Compiles endpoint definitions (every *.yaml / *.yml below each path) into one bundle.
///
/// Exit status: 0 the bundle was written (or, with --check, would be) and, with
/// --test, every case passed; 1 the definitions have problems, each reported as
/// FILE:LINE:COL: error: MESSAGE, or a case failed, and nothing was written; 2 usage
/// or I/O error.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Folders (searched recursively) or files holding definitions.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Where to write the bundle (atomically: readers see the old file or the new).
    #[arg(short, long, value_name = "FILE", required_unless_present_any = ["check", "list", "openapi", "test", "against"])]
    output: Option<PathBuf>,

    /// Also write the OpenAPI 3.1 description of the active endpoints (JSON).
    #[arg(long, value_name = "FILE", conflicts_with = "list")]
    openapi: Option<PathBuf>,

    /// With --openapi: a server URL the API is reached at (repeatable).
    #[arg(long = "server", value_name = "URL", requires = "openapi")]
    servers: Vec<String>,

    /// With --openapi: the document's title.
    #[arg(
        long,
        value_name = "TEXT",
        requires = "openapi",
        default_value = "Endpoint API"
    )]
    title: String,

    /// Check the definitions and write nothing.
    #[arg(long, conflicts_with = "output")]
    check: bool,

    /// List the endpoints (route, method, group, auth, active) instead of writing.
    #[arg(long, conflicts_with_all = ["output", "check"])]
    list: bool,

    /// With --list or --openapi: only the endpoints of this route group.
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,

    /// With --list: as a JSON array.
    #[arg(long)]
    json: bool,

    /// Run the definitions' tests through the engine the filter runs, no proxy
    /// needed; with -o, the bundle is written only when every case passes.
    #[arg(long, conflicts_with = "list")]
    test: bool,

    /// Also run the tests against a live Envoy serving these definitions
    /// (http://host:port); `as: LOGIN` sends the key in ENDPOINT_TEST_KEY_<LOGIN>.
    #[arg(long, value_name = "URL", conflicts_with = "list")]
    against: Option<String>,

    /// With --test: only the cases with WORD in their name, endpoint or file.
    #[arg(long, value_name = "WORD")]
    filter: Option<String>,

    /// With --test: also write the results as JUnit XML.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let testing = args.test || args.against.is_some();
    if !testing && (args.filter.is_some() || args.junit.is_some()) {
        use clap::CommandFactory;
        Args::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "--filter and --junit go with --test or --against",
            )
            .exit();
    }
    if !args.list && (args.json || (args.group.is_some() && args.openapi.is_none())) {
        use clap::CommandFactory;
        Args::command()
            .error(
                clap::error::ErrorKind::MissingRequiredArgument,
                "--json goes with --list, --group with --list or --openapi",
            )
            .exit();
    }
    let compiled = match compile(&args.paths) {
        Ok(compiled) => compiled,
        Err(failure) => return report(&failure),
    };
    if args.list {
        print_list(&compiled.content, args.group.as_deref(), args.json);
        return ExitCode::SUCCESS;
    }
    if testing {
        match run_tests(&compiled, &args) {
            Ok(true) => {}
            Ok(false) => {
                if args.output.is_some() {
                    eprintln!("a case failed; nothing written");
                }
                return ExitCode::from(1);
            }
            Err(code) => return code,
        }
    }
    if let Some(path) = &args.openapi {
        let options = openapi::Options {
            title: args.title.clone(),
            servers: args.servers.clone(),
            groups: args.group.iter().cloned().collect(),
        };
        let document = openapi::document(&compiled, &options);
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        text.push('\n');
        if let Err(error) = write_atomically(path, text.as_bytes()) {
            eprintln!(
                "{}: error: cannot write the OpenAPI document: {error}",
                path.display()
            );
            return ExitCode::from(2);
        }
        eprintln!("wrote {}", path.display());
    }
    let summary = format!(
        "{} endpoints, {} users, bundle {}",
        compiled.content.endpoints.len(),
        compiled.content.users.len(),
        compiled.hash.short(),
    );
    match args.output {
        Some(output) => {
            if let Err(error) = write_atomically(&output, &compiled.bundle) {
                eprintln!(
                    "{}: error: cannot write the bundle: {error}",
                    output.display()
                );
                return ExitCode::from(2);
            }
            eprintln!("wrote {} ({summary})", output.display());
        }
        None if args.openapi.is_some() => {}
        None => eprintln!("ok: {summary}"),
    }
    ExitCode::SUCCESS
}

/// Runs the cases offline, and against a live Envoy when asked; prints each failure
/// and the counts. `Ok(true)` when every case that ran passed.
fn run_tests(compiled: &Compiled, args: &Args) -> Result<bool, ExitCode> {
    let cases: Vec<_> = compiled
        .cases
        .iter()
        .filter(|case| testing::selected(case, args.filter.as_deref()))
        .cloned()
        .collect();
    if cases.is_empty() {
        eprintln!(
            "no case to run: {}",
            match &args.filter {
                Some(word) => format!("none matches --filter {word:?}"),
                None => "the definitions hold no `tests`".into(),
            }
        );
    }
    let offline = testing::offline::run(&compiled.content, &cases);
    eprint!("{}", report::text(&offline, "offline"));
    let mut runs: Vec<(String, Vec<CaseResult>)> = vec![("offline".into(), offline)];
    if let Some(url) = &args.against {
        let label = format!("against {url}");
        let live = testing::live::run(url, &cases, &|name| std::env::var(name).ok());
        eprint!("{}", report::text(&live, &label));
        let disagreements = report::disagreements(&runs[0].1, &live);
        for line in &disagreements {
            eprintln!("{line}");
        }
        runs.push((label, live));
    }
    if let Some(path) = &args.junit {
        let suites: Vec<(&str, &[CaseResult])> = runs
            .iter()
            .map(|(label, results)| (label.as_str(), results.as_slice()))
            .collect();
        if let Err(error) = write_atomically(path, report::junit(&suites).as_bytes()) {
            eprintln!(
                "{}: error: cannot write the JUnit report: {error}",
                path.display()
            );
            return Err(ExitCode::from(2));
        }
    }
    Ok(runs
        .iter()
        .all(|(_, results)| report::Tally::of(results).failed == 0))
}

/// The endpoints, sorted by route and method, as a table or as JSON.
fn print_list(content: &endpoint_core::model::BundleContent, group: Option<&str>, json: bool) {
    let mut rows: Vec<serde_json::Value> = content
        .endpoints
        .iter()
        .filter(|e| group.is_none() || e.route_group.as_deref() == group)
        .flat_map(|e| {
            e.routes.iter().map(move |route| {
                serde_json::json!({
                    "route": route,
                    "method": e.request_method.as_str(),
                    "name": e.name,
                    "route_group": e.route_group,
                    "auth_type": e.auth_type,
                    "active": e.active,
                })
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a["route"].as_str(), a["method"].as_str())
            .cmp(&(b["route"].as_str(), b["method"].as_str()))
    });
    if json {
        println!("{}", serde_json::Value::Array(rows));
        return;
    }
    let cell = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    println!(
        "{:<40} {:<7} {:<14} {:<7} {:<7} NAME",
        "ROUTE", "METHOD", "GROUP", "AUTH", "ACTIVE"
    );
    for row in &rows {
        let group = row["route_group"].as_str().unwrap_or("-");
        println!(
            "{:<40} {:<7} {:<14} {:<7} {:<7} {}",
            cell(&row["route"]),
            cell(&row["method"]),
            group,
            cell(&row["auth_type"]),
            if row["active"] == true { "yes" } else { "no" },
            cell(&row["name"]),
        );
    }
}

fn report(failure: &Failure) -> ExitCode {
    for diagnostic in failure.diagnostics() {
        eprintln!("{diagnostic}");
    }
    let count = failure.diagnostics().len();
    eprintln!(
        "{count} problem{}; nothing written",
        if count == 1 { "" } else { "s" }
    );
    ExitCode::from(u8::try_from(failure.exit_code()).unwrap_or(1))
}
