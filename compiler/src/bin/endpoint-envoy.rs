//! `endpoint-envoy`: writes the Envoy configuration that serves a bundle.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::time::Duration;

use clap::{Parser, Subcommand};
use endpoint_compiler::envoy::{Listen, VmEnvironment, bootstrap, filter_resource};
use endpoint_compiler::sync::{self, Target};
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
    /// Takes a bundle live in the Envoy serving RUN_DIR, without restart: checks it as
    /// the filter will, replaces RUN_DIR/filter.json atomically, and waits until the
    /// filter reports the new version. If Envoy rejects it, the last good file is put
    /// back (still serving, and what a restart loads) and the command exits 1.
    Sync {
        #[arg(long)]
        bundle: PathBuf,
        #[arg(long)]
        run_dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        address: String,
        #[arg(long, default_value_t = 9901)]
        admin_port: u16,
        /// How long to wait for the new version to be live.
        #[arg(long, default_value_t = 30)]
        timeout_seconds: u64,
    },
    /// Prints the filter resource that serves BUNDLE (the file Envoy watches), naming
    /// the module as Envoy will find it: for deployments that put the file in place
    /// themselves (a Kubernetes ConfigMap, for one).
    Filter {
        #[arg(long)]
        bundle: PathBuf,
        /// The module's path inside the Envoy container.
        #[arg(long)]
        wasm_path: PathBuf,
    },
    /// Waits until the Envoy at ADDRESS:ADMIN_PORT serves BUNDLE (its filter reports
    /// the bundle's version); exits 1 if it does not within the timeout.
    Wait {
        #[arg(long)]
        bundle: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        address: String,
        #[arg(long, default_value_t = 9901)]
        admin_port: u16,
        #[arg(long, default_value_t = 60)]
        timeout_seconds: u64,
    },
    /// Shows the live bundle's version next to BUNDLE's (compiled from the definitions
    /// on disk), and the endpoints that differ. Exits 0 when in sync, 3 when not.
    Status {
        #[arg(long)]
        bundle: PathBuf,
        #[arg(long)]
        run_dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        address: String,
        #[arg(long, default_value_t = 9901)]
        admin_port: u16,
    },
}

fn main() -> ExitCode {
    let Args { command } = Args::parse();
    match command {
        Command::Config {
            bundle,
            wasm,
            run_dir,
            address,
            port,
            admin_port,
        } => {
            let listen = Listen {
                address,
                port,
                admin_port,
            };
            match write_config(&bundle, &wasm, &run_dir, listen) {
                Ok(bootstrap_path) => {
                    println!("{}", bootstrap_path.display());
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&message, 2),
            }
        }
        Command::Sync {
            bundle,
            run_dir,
            address,
            admin_port,
            timeout_seconds,
        } => {
            let bytes = match fs::read(&bundle) {
                Ok(bytes) => bytes,
                Err(e) => return fail(&format!("cannot read {}: {e}", bundle.display()), 2),
            };
            let target = Target {
                run_dir,
                admin: format!("{address}:{admin_port}"),
            };
            match sync::sync(&target, &bytes, Duration::from_secs(timeout_seconds)) {
                Ok(synced) => {
                    println!(
                        "bundle {} is live ({} ms after the swap)",
                        synced.hash.short(),
                        synced.elapsed.as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&format!("sync failed: {message}"), 1),
            }
        }
        Command::Status {
            bundle,
            run_dir,
            address,
            admin_port,
        } => status(&bundle, &run_dir, &format!("{address}:{admin_port}")),
        Command::Filter { bundle, wasm_path } => match fs::read(&bundle) {
            Ok(bytes) => {
                let environment = VmEnvironment::passing_secrets_of(&bytes);
                println!("{}", filter_resource(&wasm_path, &bytes, &environment));
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("cannot read {}: {e}", bundle.display()), 2),
        },
        Command::Wait {
            bundle,
            address,
            admin_port,
            timeout_seconds,
        } => wait(
            &bundle,
            &format!("{address}:{admin_port}"),
            Duration::from_secs(timeout_seconds),
        ),
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
    write_json(
        &bootstrap_file,
        &bootstrap(&listen, &filter_file, &module, &[]),
    )?;
    Ok(bootstrap_file)
}

fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("endpoint-envoy: error: {message}");
    ExitCode::from(code)
}

/// Live version against the definitions on disk, and what differs: the "To sync" list.
fn status(bundle: &Path, run_dir: &Path, admin: &str) -> ExitCode {
    let decode = |bytes: &[u8]| endpoint_core::bundle::decode(bytes).map_err(|e| e.to_string());
    let on_disk = match fs::read(bundle)
        .map_err(|e| e.to_string())
        .and_then(|b| decode(&b))
    {
        Ok(decoded) => decoded,
        Err(e) => return fail(&format!("cannot read {}: {e}", bundle.display()), 2),
    };
    let live_version = match sync::live_version(admin) {
        Ok(version) => version,
        Err(e) => return fail(&e, 2),
    };
    let live_hex = live_version.map_or("none".to_string(), |v| format!("{v:012x}"));
    println!("live in Envoy:      {live_hex}");
    println!("compiled from disk: {}", on_disk.0.short());
    let in_run_dir = fs::read(run_dir.join(sync::FILTER_FILE))
        .map_err(|e| e.to_string())
        .and_then(|file| sync::bundle_of(&file))
        .and_then(|bytes| decode(&bytes));
    let live_content = match in_run_dir {
        Ok((hash, content)) if Some(hash.gauge_value()) == live_version => content,
        Ok((hash, _)) => {
            println!(
                "the run folder holds bundle {}, which is not the one serving: sync again",
                hash.short()
            );
            return ExitCode::from(3);
        }
        Err(e) => {
            return fail(
                &format!(
                    "cannot read the live bundle from {}: {e}",
                    run_dir.display()
                ),
                2,
            );
        }
    };
    let difference = sync::difference(&live_content, &on_disk.1);
    if live_version == Some(on_disk.0.gauge_value()) && difference.is_empty() {
        println!("in sync");
        return ExitCode::SUCCESS;
    }
    println!("to sync:");
    for (label, list) in [
        ("added", &difference.added),
        ("changed", &difference.changed),
        ("removed", &difference.removed),
        ("archived", &difference.archived),
    ] {
        for endpoint in list {
            println!("  {label:<9} {endpoint}");
        }
    }
    ExitCode::from(3)
}

fn wait(bundle: &Path, admin: &str, timeout: Duration) -> ExitCode {
    let hash = match fs::read(bundle)
        .map_err(|e| e.to_string())
        .and_then(|b| endpoint_core::bundle::decode(&b).map_err(|e| e.to_string()))
    {
        Ok((hash, _)) => hash,
        Err(e) => return fail(&format!("cannot read {}: {e}", bundle.display()), 2),
    };
    let started = std::time::Instant::now();
    loop {
        match sync::live_version(admin) {
            Ok(Some(version)) if version == hash.gauge_value() => {
                println!("bundle {} is live", hash.short());
                return ExitCode::SUCCESS;
            }
            Ok(_) | Err(_) if started.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(200));
            }
            Ok(live) => {
                let live = live.map_or("none".into(), |v| format!("{v:012x}"));
                return fail(
                    &format!(
                        "bundle {} is not live after {timeout:?}: {live} is; Envoy's log says why (\"endpoint bundle rejected\")",
                        hash.short()
                    ),
                    1,
                );
            }
            Err(e) => return fail(&e, 1),
        }
    }
}
