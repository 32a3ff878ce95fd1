//! Any text as a definitions file: read into definitions, or refused with
//! diagnostics inside the text.
#![no_main]

use std::path::Path;

use endpoint_compiler::{definitions, yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let file = Path::new("fuzzed.yaml");
    let Ok(documents) = yaml::load(file, text) else {
        return;
    };
    let mut problems = Vec::new();
    for document in &documents {
        let _ = definitions::read(file, document, text, &[], &mut problems);
    }
    let lines = text.lines().count() + 1;
    for problem in &problems {
        assert!(problem.line >= 1 && problem.line <= lines && problem.column >= 1);
    }
});
