//! The filter's stack, and the identity of its build.
//!
//! Stack: Boa parses and compiles a snippet by recursion when a bundle loads; in wasm
//! the stack is a fixed region of linear memory, and running off its end traps the
//! VM. `endpoint_core::snippet::nesting` bounds what a snippet may nest to about
//! 1.6 MiB of native stack; 8 MiB leaves room for wasm's larger frames. Pages of
//! linear memory that are never touched cost no resident memory.
//!
//! Identity: a digest of everything that decides whether a bundle loads (the engine's
//! and the filter's sources, the locked dependencies, the patches to vendored ones).
//! A bundle one build checked in full is built at first use by the VMs of that same
//! build only (`CHECKED_KEY` in src/lib.rs).

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-cdylib=-zstack-size={}", 8 << 20);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let inputs = [
        root.join("core/src"),
        root.join("filter/src"),
        root.join("Cargo.lock"),
        root.join("vendor"),
    ];
    let mut files = Vec::new();
    for input in &inputs {
        println!("cargo::rerun-if-changed={}", input.display());
        collect(input, &mut files);
    }
    files.sort();
    let mut digest = DefaultHasher::new();
    for file in &files {
        if let Ok(bytes) = std::fs::read(file) {
            digest.write(
                file.strip_prefix(&root)
                    .unwrap_or(file)
                    .to_string_lossy()
                    .as_bytes(),
            );
            digest.write(&bytes);
        }
    }
    println!(
        "cargo::rustc-env=ENDPOINT_BUILD_ID={}-{:016x}",
        env!("CARGO_PKG_VERSION"),
        digest.finish()
    );
}

/// The files under `path` that can change what the filter accepts: sources, the lock
/// file, and of `vendor/` the patches (which say what differs from upstream).
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && path.parent().is_some_and(|p| p.ends_with("vendor")) {
                continue; // a vendored crate's tree: its patch stands for it
            }
            collect(&path, files);
        }
    } else if path.extension().is_none_or(|ext| ext != "md") {
        files.push(path.to_path_buf());
    }
}
