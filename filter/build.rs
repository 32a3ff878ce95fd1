//! The filter's stack. Boa parses and compiles a snippet by recursion when a bundle
//! loads; in wasm the stack is a fixed region of linear memory, and running off its
//! end traps the VM. `endpoint_core::snippet::nesting` bounds what a snippet may nest
//! to about 1.6 MiB of native stack; 8 MiB leaves room for wasm's larger frames. Pages
//! of linear memory that are never touched cost no resident memory.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-cdylib=-zstack-size={}", 8 << 20);
    }
}
