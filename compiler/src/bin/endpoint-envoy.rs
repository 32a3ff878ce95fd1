//! `endpoint-envoy`: writes the Envoy configuration that serves a bundle.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use endpoint_compiler::envoy::{Listen, VmEnvironment, bootstrap, filter_resource};
use endpoint_compiler::write_atomically;
use sha2::{Digest, Sha256};

#[derive(Parser)]
#[command(version, about = "Envoy configuration for an Endpoint bundle")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes RUN_DIR/envoy.json (the bootstrap) and RUN_DIR/filter.json (the filter
    /// with its bundle, which Envoy watches), and copies the wasm module into RUN_DIR
    /// under a name of its content hash (Envoy does not watch the module file). The
    /// secrets the bundle declares are passed on from Envoy's own environment.
    Config {
        /// The bundle endpoint-compile wrote.
        #[arg(long)]
        bundle: PathBuf,
        /// The filter module (endpoint_filter.wasm).
        #[arg(long)]
        wasm: PathBuf,
        /// Folder for the generated files.
        #[arg(long)]
        run_dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        address: String,
        #[arg(long, default_value_t = 10000)]
        port: u16,
        #[arg(long, default_value_t = 9901)]
        admin_port: u16,
    },
}

fn main() -> ExitCode {
    let Args { command } = Args::parse();
    let Command::Config {
        bundle,
        wasm,
        run_dir,
        address,
        port,
        admin_port,
    } = command;
    match write_config(
        &bundle,
        &wasm,
        &run_dir,
        Listen {
            address,
            port,
            admin_port,
        },
    ) {
        Ok(bootstrap_path) => {
            println!("{}", bootstrap_path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("endpoint-envoy: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn write_config(
    bundle: &Path,
    wasm: &Path,
    run_dir: &Path,
    listen: Listen,
) -> Result<PathBuf, String> {
    let read =
        |path: &Path| fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let bundle_bytes = read(bundle)?;
    let wasm_bytes = read(wasm)?;
    fs::create_dir_all(run_dir).map_err(|e| format!("cannot create {}: {e}", run_dir.display()))?;
    let run_dir = run_dir
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", run_dir.display()))?;

    let module = run_dir.join(format!(
        "endpoint-filter-{}.wasm",
        endpoint_core::bundle::hex(&Sha256::digest(&wasm_bytes)[..8])
    ));
    if !module.exists() {
        write_atomically(&module, &wasm_bytes)
            .map_err(|e| format!("cannot write {}: {e}", module.display()))?;
    }
    let filter_file = run_dir.join("filter.json");
    let bootstrap_file = run_dir.join("envoy.json");
    let write_json = |path: &Path, value: &serde_json::Value| {
        write_atomically(path, value.to_string().as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let environment = VmEnvironment::passing_secrets_of(&bundle_bytes);
    write_json(
        &filter_file,
        &filter_resource(&module, &bundle_bytes, &environment),
    )?;
    write_json(&bootstrap_file, &bootstrap(&listen, &filter_file, &[]))?;
    Ok(bootstrap_file)
}
