//! Any bytes as a bundle: refused with an error, or loaded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = endpoint_core::Engine::load(data);
});
