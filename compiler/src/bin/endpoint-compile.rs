//! `endpoint-compile DIR... -o bundle.bin [--openapi openapi.json]`: see
//! docs/commands.md and docs/openapi.md.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use endpoint_compiler::{Failure, compile, openapi, write_atomically};

/// Compiles endpoint definitions (every *.yaml / *.yml below each path) into one bundle.
///
/// Exit status: 0 the bundle was written (or, with --check, would be); 1 the
/// definitions have problems, each reported as FILE:LINE:COL: error: MESSAGE, and
/// nothing was written; 2 usage or I/O error.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Folders (searched recursively) or files holding definitions.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Where to write the bundle (atomically: readers see the old file or the new).
    #[arg(short, long, value_name = "FILE", required_unless_present_any = ["check", "list", "openapi"])]
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
}

fn main() -> ExitCode {
    let args = Args::parse();
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
