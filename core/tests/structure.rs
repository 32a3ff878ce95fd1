//! The architecture of docs/design.md ("The shape of the code"), checked on the
//! source: modules import one another without a loop, at the top of the crate and
//! inside each module folder, and the engine never touches Boa (the snippet module
//! owns JavaScript).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A file's code without its tests and comments: what it imports at run time.
fn code_of(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            files.push(path);
        }
    }
    files
}

/// The names `prefix` is followed by in `code`: `crate::engine::x` gives `engine`.
fn named_after(code: &str, prefix: &str) -> BTreeSet<String> {
    code.match_indices(prefix)
        .filter(|(at, _)| {
            // `crate::` itself, not the end of another path (`foo_crate::`).
            code[..*at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
        .map(|(at, _)| {
            code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// A module's name: `engine` for `src/engine/load.rs`, `auth` for `src/auth.rs`.
fn top_module(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

fn crate_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for file in rust_files(src) {
        let module = top_module(src, &file);
        if module == "lib" {
            continue;
        }
        let used = named_after(&code_of(&file), "crate::");
        let edges = graph.entry(module.clone()).or_default();
        edges.extend(used.into_iter().filter(|used| *used != module));
    }
    graph
}

/// The graph among the files of one module folder (`snippet/heap.rs`,
/// `snippet/interrupt.rs`, ...), by `super::name` and `crate::folder::name`.
fn folder_graph(src: &Path, folder: &str) -> Graph {
    let dir = src.join(folder);
    let siblings: BTreeSet<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| {
            let stem = p.file_stem()?.to_string_lossy().to_string();
            (stem != "mod" && stem != "tests").then_some(stem)
        })
        .collect();
    let mut graph = Graph::new();
    for name in &siblings {
        let file = if dir.join(format!("{name}.rs")).exists() {
            dir.join(format!("{name}.rs"))
        } else {
            dir.join(name).join("mod.rs")
        };
        let code = code_of(&file);
        let mut used = named_after(&code, "super::");
        used.extend(named_after(&code, &format!("crate::{folder}::")));
        graph.insert(
            name.clone(),
            used.into_iter()
                .filter(|used| used != name && siblings.contains(used))
                .collect(),
        );
    }
    graph
}

/// A cycle of `graph`, if it has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_crate_s_modules_import_one_another_without_a_loop() {
    let graph = crate_graph(&source_dir());
    assert!(graph["engine"].contains("snippet"), "{graph:?}");
    assert_eq!(find_cycle(&graph), None, "{graph:#?}");
}

#[test]
fn no_module_folder_has_an_import_loop() {
    let src = source_dir();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let folder = path.file_name().unwrap().to_string_lossy().to_string();
            let graph = folder_graph(&src, &folder);
            assert_eq!(find_cycle(&graph), None, "{folder}: {graph:#?}");
        }
    }
}

#[test]
fn the_engine_does_not_know_boa() {
    let src = source_dir();
    for file in rust_files(&src.join("engine")) {
        let code = code_of(&file);
        assert!(
            !code.contains("boa_engine") && !code.contains("JsValue"),
            "{} reaches into JavaScript: hand the snippet module plain data instead",
            file.display()
        );
    }
}

#[test]
fn the_checks_see_a_loop_when_there_is_one() {
    let mut graph = Graph::new();
    graph.insert("heap".into(), ["interrupt".into()].into());
    graph.insert("interrupt".into(), ["heap".into()].into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["heap".into(), "interrupt".into(), "heap".into()])
    );
    let code = "use super::heap;\nlet x = crate::snippet::interrupt::raise(); my_crate::x";
    assert_eq!(
        named_after(code, "super::"),
        BTreeSet::from(["heap".to_string()])
    );
    assert_eq!(
        named_after(code, "crate::"),
        BTreeSet::from(["snippet".to_string()])
    );
}
