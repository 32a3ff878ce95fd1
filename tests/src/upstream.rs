//! A real HTTP/1.1 server on a loopback port, standing for a service behind the
//! proxy: it records every request it receives (so tests can prove a refused request
//! never reached it) and answers with what it received, as JSON.
//!
//! Paths: `/slow/MS` answers after MS milliseconds; `/status/CODE` answers CODE;
//! `/big/N` answers N bytes; `/reset` closes the connection without an answer;
//! `/fixed` answers `{"hello":"/hello"}` (the benchmarks' body) and records nothing;
//! anything else 200. Every answer carries `x-upstream: test`. The server stops when
//! the [`Upstream`] is dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Map, Value, json};

/// One request as the upstream received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Lower-case names, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct Upstream {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    stopping: Arc<AtomicBool>,
}

impl Upstream {
    pub fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the upstream");
        let port = listener.local_addr().expect("upstream address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stopping = Arc::new(AtomicBool::new(false));
        let (log, stop) = (Arc::clone(&received), Arc::clone(&stopping));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let log = Arc::clone(&log);
                thread::spawn(move || serve(stream, &log));
            }
        });
        Upstream {
            port,
            received,
            stopping,
        }
    }

    /// Serves on `port` until the process ends (`make run`'s upstream).
    pub fn serve_forever(port: u16) -> std::io::Result<()> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        for stream in listener.incoming() {
            let stream = stream?;
            let log = Arc::clone(&log);
            thread::spawn(move || {
                serve(stream, &log);
                // Only the latest requests matter here; keep the log from growing.
                if let Ok(mut log) = log.lock() {
                    log.clear();
                }
            });
        }
        Ok(())
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("upstream log").clone()
    }

    pub fn count(&self) -> usize {
        self.received.lock().expect("upstream log").len()
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Serves one connection, request after request (Envoy keeps them alive).
fn serve(stream: TcpStream, log: &Mutex<Vec<Received>>) {
    let Ok(writer) = stream.try_clone() else {
        return;
    };
    let mut writer = writer;
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        if request.path == "/fixed" {
            let body = r#"{"hello":"/hello"}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            if writer.write_all(answer.as_bytes()).is_err() {
                return;
            }
            continue;
        }
        log.lock().expect("upstream log").push(request.clone());
        if request.path.starts_with("/reset") {
            return;
        }
        let mut status = 200;
        if let Some(ms) = request.path.strip_prefix("/slow/") {
            let ms: u64 = ms.split('?').next().unwrap_or("0").parse().unwrap_or(0);
            thread::sleep(Duration::from_millis(ms));
        }
        if let Some(code) = request.path.strip_prefix("/status/") {
            status = code
                .split('?')
                .next()
                .unwrap_or("200")
                .parse()
                .unwrap_or(200);
        }
        if let Some(size) = request.path.strip_prefix("/big/") {
            let size: usize = size.split('?').next().unwrap_or("0").parse().unwrap_or(0);
            let answer = format!(
                "HTTP/1.1 200 Upstream\r\ncontent-type: text/plain\r\ncontent-length: {size}\r\n\r\n{}",
                "b".repeat(size)
            );
            if writer.write_all(answer.as_bytes()).is_err() {
                return;
            }
            continue;
        }
        let headers: Map<String, Value> = request
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), Value::String(v.clone())))
            .collect();
        let body = json!({
            "method": request.method,
            "path": request.path,
            "headers": headers,
            "body": String::from_utf8_lossy(&request.body),
        })
        .to_string();
        let answer = format!(
            "HTTP/1.1 {status} Upstream\r\ncontent-type: application/json\r\nx-upstream: test\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Received> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v): &(String, String)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(length) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.resize(length, 0);
        reader.read_exact(&mut body).ok()?;
    } else if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    Some(Received {
        method,
        path,
        headers,
        body,
    })
}
