//! A small echo server on loopback standing for a service behind the proxy, for
//! `make run` (examples/backend.yaml): every request is answered with what it was,
//! as JSON. `endpoint-upstream PORT`; it serves until it is stopped.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(port) = std::env::args().nth(1).and_then(|p| p.parse::<u16>().ok()) else {
        eprintln!("usage: endpoint-upstream PORT");
        return ExitCode::from(2);
    };
    match endpoint_integration_tests::upstream::Upstream::serve_forever(port) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("endpoint-upstream: cannot serve on 127.0.0.1:{port}: {error}");
            ExitCode::from(1)
        }
    }
}
