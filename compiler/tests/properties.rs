//! The definitions reader over what a careless author writes: the examples with
//! characters inserted, deleted or lines doubled. Whatever the text, the compiler
//! either writes a bundle the filter loads, or refuses with diagnostics that point
//! into the files it read; it never panics.

// Test code: failing loudly is its job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use endpoint_core::Engine;
use proptest::prelude::*;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// One change to a text.
#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, char),
    Delete(prop::sample::Index),
    DoubleLine(prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    // YAML's own characters, and some it does not expect.
    let character = prop::sample::select(vec![
        ':',
        '-',
        ' ',
        '\n',
        '\t',
        '"',
        '\'',
        '{',
        '}',
        '[',
        ']',
        '#',
        '&',
        '*',
        '!',
        '|',
        '>',
        '%',
        '@',
        '`',
        ',',
        '?',
        'x',
        '1',
        '\u{0}',
        '\u{feff}',
        'é',
        '\u{1F600}',
    ]);
    prop_oneof![
        (any::<prop::sample::Index>(), character).prop_map(|(at, c)| Edit::Insert(at, c)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        any::<prop::sample::Index>().prop_map(Edit::DoubleLine),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    match edit {
        Edit::Insert(at, c) => chars.insert(at.index(chars.len() + 1), *c),
        Edit::Delete(at) if !chars.is_empty() => {
            chars.remove(at.index(chars.len()));
        }
        Edit::Delete(_) => {}
        Edit::DoubleLine(at) => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let line = at
                .index(lines.len().max(1))
                .min(lines.len().saturating_sub(1));
            let mut doubled = String::new();
            for (i, l) in lines.iter().enumerate() {
                doubled.push_str(l);
                if i == line {
                    doubled.push_str(l);
                }
            }
            return doubled;
        }
    }
    chars.into_iter().collect()
}

/// A copy of the examples in a folder of its own.
fn copy_of_examples() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "endpoint-properties-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    fs::create_dir_all(dir.join("schemas")).unwrap();
    for sub in ["", "schemas"] {
        for entry in fs::read_dir(examples().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

const EXAMPLES: [&str; 6] = [
    "backend.yaml",
    "hello.yaml",
    "items.yaml",
    "orders.yaml",
    "users.yaml",
    "webhook.yaml",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)
    ))]

    #[test]
    fn changed_definitions_compile_to_a_loadable_bundle_or_are_refused_at_a_place(
        file in prop::sample::select(EXAMPLES.to_vec()),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let dir = copy_of_examples();
        let path = dir.join(file);
        let original = fs::read_to_string(&path).unwrap();
        let changed = edits.iter().fold(original, |text, edit| apply(&text, edit));
        fs::write(&path, &changed).unwrap();
        let result = endpoint_compiler::compile(std::slice::from_ref(&dir));
        match result {
            Ok(compiled) => {
                // Whatever secret names an edit made, the filter's environment has
                // them: a missing secret is the deployment's error, not the text's.
                let loaded = Engine::load_with_environment(&compiled.bundle, &|_| Some("s".into()));
                prop_assert!(loaded.is_ok(), "{changed}");
            }
            Err(failure) => {
                let diagnostics = failure.diagnostics();
                prop_assert!(!diagnostics.is_empty());
                for d in diagnostics {
                    prop_assert!(d.file.starts_with(&dir), "{}", d.file.display());
                    prop_assert!(!d.message.is_empty());
                    let lines = fs::read_to_string(&d.file)
                        .map(|text| text.lines().count() + 1)
                        .unwrap_or(1);
                    prop_assert!(
                        d.line >= 1 && d.line <= lines.max(1) && d.column >= 1,
                        "{}:{}:{}: {} in\n{changed}",
                        d.file.display(), d.line, d.column, d.message
                    );
                }
            }
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
