//! `endpoint-envoy`: writes the Envoy configuration that serves a bundle.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use endpoint_compiler::envoy::{Listen, VmEnvironment, bootstrap, filter_resource};
use endpoint_compiler::sync::{self, Status, Target};
use endpoint_compiler::write_atomically;
use endpoint_core::bundle::ContentHash;
use sha2::{Digest, Sha256};

#[derive(Parser)]
#[command(version, about = "Envoy configuration for an Endpoint bundle")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

/// Where Envoy's admin interface listens.
#[derive(clap::Args)]
struct Admin {
    #[arg(long, default_value = "127.0.0.1")]
    address: String,
    #[arg(long, default_value_t = 9901)]
    admin_port: u16,
}

impl Admin {
    fn endpoint(&self) -> String {
        format!("{}:{}", self.address, self.admin_port)
    }
}

/// Where the proxies fetch the filter module.
#[derive(clap::Args)]
struct ModuleSource {
    /// The module's URL as the mesh fetches it: https://, oci:// or file://.
    #[arg(long)]
    module_url: String,
    /// The module file itself, to pin its SHA-256 in the resource.
    #[arg(long)]
    wasm: Option<PathBuf>,
}

impl ModuleSource {
    fn module(&self) -> Result<endpoint_compiler::mesh::Module, ExitCode> {
        let sha256 = match &self.wasm {
            None => None,
            Some(path) => {
                let bytes = fs::read(path)
                    .map_err(|e| fail(&format!("cannot read {}: {e}", path.display()), 2))?;
                Some(endpoint_core::bundle::hex(&Sha256::digest(&bytes)))
            }
        };
        Ok(endpoint_compiler::mesh::Module {
            url: self.module_url.clone(),
            sha256,
        })
    }
}

/// The admin interfaces of a fleet: every Envoy watching the same filter file.
#[derive(clap::Args)]
struct Admins {
    /// An Envoy's admin interface, HOST:PORT; repeat it for each Envoy of a fleet.
    /// Without it, --address and --admin-port name the one Envoy.
    #[arg(long = "admin", value_name = "HOST:PORT")]
    each: Vec<String>,
    #[command(flatten)]
    one: Admin,
}

impl Admins {
    fn endpoints(&self) -> Vec<String> {
        if self.each.is_empty() {
            vec![self.one.endpoint()]
        } else {
            self.each.clone()
        }
    }
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
        /// The listener's address.
        #[arg(long, default_value = "127.0.0.1")]
        address: String,
        #[arg(long, default_value_t = 10000)]
        port: u16,
        /// The admin interface's address: loopback, whatever the listener's, unless
        /// given. The admin can change and stop Envoy: never expose it to clients.
        #[arg(long, default_value = "127.0.0.1")]
        admin_address: String,
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
        #[command(flatten)]
        admin: Admins,
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
    /// Waits until every Envoy named (--admin, or ADDRESS:ADMIN_PORT) serves BUNDLE
    /// (its filter reports the bundle's version); exits 1, naming those that do not,
    /// if they do not within the timeout.
    Wait {
        #[arg(long)]
        bundle: PathBuf,
        #[command(flatten)]
        admin: Admins,
        #[arg(long, default_value_t = 60)]
        timeout_seconds: u64,
    },
    /// The author's loop: watches DEFINITIONS and on every save compiles them, runs
    /// their tests, and syncs the Envoy of RUN_DIR when both pass; problems are printed
    /// at FILE:LINE:COL and the live bundle stays. Runs until stopped.
    Dev {
        /// Folders or files of definitions.
        #[arg(required = true, value_name = "PATH")]
        definitions: Vec<PathBuf>,
        #[arg(long)]
        run_dir: PathBuf,
        #[command(flatten)]
        admin: Admin,
    },
    /// Prints Istio's WasmPlugin serving BUNDLE (in its JSON plugin configuration), for
    /// `kubectl apply -f -`. Refuses a bundle with endpoints that take a body (a
    /// WasmPlugin cannot let the filter read one) or too large for a Kubernetes object.
    Istio {
        #[arg(long)]
        bundle: PathBuf,
        #[command(flatten)]
        module: ModuleSource,
        /// A label of the workloads to serve, KEY=VALUE; repeat for several.
        #[arg(long, value_name = "KEY=VALUE", required = true)]
        selector: Vec<String>,
        #[arg(long)]
        namespace: Option<String>,
    },
    /// Prints Envoy Gateway's EnvoyExtensionPolicy serving BUNDLE on the Gateway
    /// GATEWAY, for `kubectl apply -f -`; refuses as `istio` does.
    Gateway {
        #[arg(long)]
        bundle: PathBuf,
        #[command(flatten)]
        module: ModuleSource,
        #[arg(long)]
        gateway: String,
        #[arg(long)]
        namespace: Option<String>,
    },
    /// Shows the live bundle's version next to BUNDLE's (compiled from the definitions
    /// on disk), and the endpoints that differ. Exits 0 when in sync, 3 when not.
    Status {
        #[arg(long)]
        bundle: PathBuf,
        #[arg(long)]
        run_dir: PathBuf,
        #[command(flatten)]
        admin: Admins,
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
            admin_address,
            admin_port,
        } => {
            let listen = Listen {
                address,
                port,
                admin_address,
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
            admin,
            timeout_seconds,
        } => {
            let bytes = match read_bundle(&bundle) {
                Ok(bytes) => bytes,
                Err(code) => return code,
            };
            let target = Target {
                run_dir,
                admins: admin.endpoints(),
            };
            match sync::sync_all(&target, &bytes, Duration::from_secs(timeout_seconds)) {
                Ok(synced) => {
                    if synced.envoys.len() > 1 {
                        for (admin, after) in &synced.envoys {
                            println!("  {admin}: live {} ms after the swap", after.as_millis());
                        }
                    }
                    println!(
                        "bundle {} is live in {} ({} ms after the swap)",
                        synced.hash.short(),
                        envoys(synced.envoys.len()),
                        synced.elapsed.as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    for (admin, outcome) in &failure.envoys {
                        let said = match outcome {
                            sync::Outcome::TookIt => "took it, then went back".to_string(),
                            sync::Outcome::Refused(reason) => format!("refused it: {reason}"),
                            sync::Outcome::NotLive(reason) => reason.clone(),
                        };
                        eprintln!("  {admin}: {said}");
                    }
                    fail(&format!("sync failed: {failure}"), 1)
                }
            }
        }
        Command::Status {
            bundle,
            run_dir,
            admin,
        } => status(&bundle, run_dir, admin.endpoints()),
        Command::Dev {
            definitions,
            run_dir,
            admin,
        } => {
            let target = Target::one(run_dir, admin.endpoint());
            println!(
                "watching {} (stop with Ctrl-C)",
                definitions
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut say = |line: &str| {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{line}");
                let _ = out.flush();
            };
            endpoint_compiler::dev::watch(&definitions, &target, &mut say, &|| true);
            ExitCode::SUCCESS
        }
        Command::Istio {
            bundle,
            module,
            selector,
            namespace,
        } => {
            let mut labels = Vec::with_capacity(selector.len());
            for pair in &selector {
                match pair.split_once('=') {
                    Some((key, value)) if !key.is_empty() => {
                        labels.push((key.to_string(), value.to_string()));
                    }
                    _ => return fail(&format!("--selector {pair:?} is not KEY=VALUE"), 2),
                }
            }
            print_resource(&bundle, &module, |bytes, module| {
                endpoint_compiler::mesh::wasm_plugin(bytes, module, &labels, namespace.as_deref())
            })
        }
        Command::Gateway {
            bundle,
            module,
            gateway,
            namespace,
        } => print_resource(&bundle, &module, |bytes, module| {
            endpoint_compiler::mesh::extension_policy(bytes, module, &gateway, namespace.as_deref())
        }),
        Command::Filter { bundle, wasm_path } => match read_bundle(&bundle) {
            Ok(bytes) => {
                let environment = VmEnvironment::passing_secrets_of(&bytes);
                println!("{}", filter_resource(&wasm_path, &bytes, &environment));
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Wait {
            bundle,
            admin,
            timeout_seconds,
        } => {
            let hash = match read_bundle(&bundle)
                .and_then(|bytes| decode(&bundle, &bytes).map(|(hash, _)| hash))
            {
                Ok(hash) => hash,
                Err(code) => return code,
            };
            let admins = admin.endpoints();
            match sync::wait_all(&admins, hash, Duration::from_secs(timeout_seconds)) {
                Ok(()) => {
                    println!(
                        "bundle {} is live in {}",
                        hash.short(),
                        envoys(admins.len())
                    );
                    ExitCode::SUCCESS
                }
                Err(behind) => fail(&behind.join("\n"), 1),
            }
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
    let upstreams = endpoint_core::bundle::decode(&bundle_bytes)
        .map(|(_, content)| content.upstreams)
        .map_err(|e| format!("{}: {e}", bundle.display()))?;
    write_json(
        &filter_file,
        &filter_resource(&module, &bundle_bytes, &environment),
    )?;
    write_json(
        &bootstrap_file,
        &bootstrap(&listen, &filter_file, &module, &[], &upstreams),
    )?;
    Ok(bootstrap_file)
}

/// Prints the resource `make` builds for the bundle at `path`; exit 1 when the bundle
/// cannot be served that way.
fn print_resource(
    path: &Path,
    module: &ModuleSource,
    make: impl FnOnce(
        &[u8],
        &endpoint_compiler::mesh::Module,
    ) -> Result<serde_json::Value, endpoint_compiler::mesh::MeshError>,
) -> ExitCode {
    let (bytes, module) = match read_bundle(path).and_then(|bytes| Ok((bytes, module.module()?))) {
        Ok(read) => read,
        Err(code) => return code,
    };
    match make(&bytes, &module) {
        Ok(resource) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&resource).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error.to_string(), 1),
    }
}

fn fail(message: &str, code: u8) -> ExitCode {
    eprintln!("endpoint-envoy: error: {message}");
    ExitCode::from(code)
}

/// A bundle file's bytes, or the exit code of a clear error.
fn read_bundle(path: &Path) -> Result<Vec<u8>, ExitCode> {
    fs::read(path).map_err(|e| fail(&format!("cannot read {}: {e}", path.display()), 2))
}

fn decode(
    path: &Path,
    bytes: &[u8],
) -> Result<(ContentHash, endpoint_core::model::BundleContent), ExitCode> {
    endpoint_core::bundle::decode(bytes).map_err(|e| fail(&format!("{}: {e}", path.display()), 2))
}

/// "the Envoy" or "all 3 Envoys".
fn envoys(count: usize) -> String {
    if count == 1 {
        "the Envoy".into()
    } else {
        format!("all {count} Envoys")
    }
}

/// Live version against the definitions on disk, and what differs: exit 0 in sync,
/// 3 not.
fn status(bundle: &Path, run_dir: PathBuf, admins: Vec<String>) -> ExitCode {
    let (bytes, disk_hash, content) = match read_bundle(bundle)
        .and_then(|bytes| decode(bundle, &bytes).map(|(hash, content)| (bytes, hash, content)))
    {
        Ok(read) => read,
        Err(code) => return code,
    };
    let target = Target { run_dir, admins };
    // A fleet: each Envoy's version first, and whether they agree.
    let mut skew = false;
    if target.admins.len() > 1 {
        let fleet = sync::fleet_view(&target.admins);
        for line in &fleet.lines {
            println!("{line}");
        }
        skew = fleet.skewed();
    }
    let (live, status) = match sync::status(&target, &bytes) {
        Ok(status) => status,
        Err(message) => return fail(&message, 2),
    };
    // What a sync of this bundle would refuse, said before it is tried.
    for admin in &target.admins {
        let missing = match sync::missing_clusters(admin, &content) {
            Ok(missing) => missing,
            Err(message) => return fail(&message, 2),
        };
        for upstream in &missing {
            println!("cannot sync: the Envoy at {admin} lacks {upstream}");
        }
    }
    println!(
        "live in Envoy:      {}",
        live.map_or("none".into(), |v| format!("{v:012x}"))
    );
    println!("compiled from disk: {}", disk_hash.short());
    match status {
        Status::InSync if skew => ExitCode::from(3),
        Status::InSync => {
            println!("in sync");
            ExitCode::SUCCESS
        }
        Status::RunFolderNotServing { in_run_folder } => {
            println!(
                "the run folder holds bundle {}, which is not the one serving: sync again",
                in_run_folder.short()
            );
            ExitCode::from(3)
        }
        Status::Differs(difference) => {
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
            if difference.is_empty() {
                println!("  users, vars or auth settings");
            }
            ExitCode::from(3)
        }
    }
}
