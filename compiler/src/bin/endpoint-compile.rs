//! `endpoint-compile DIR... -o bundle.bin`: see README.md.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use endpoint_compiler::{Failure, compile, write_atomically};

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
    #[arg(short, long, value_name = "FILE", required_unless_present = "check")]
    output: Option<PathBuf>,

    /// Check the definitions and write nothing.
    #[arg(long, conflicts_with = "output")]
    check: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let compiled = match compile(&args.paths) {
        Ok(compiled) => compiled,
        Err(failure) => return report(&failure),
    };
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
        None => eprintln!("ok: {summary}"),
    }
    ExitCode::SUCCESS
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
