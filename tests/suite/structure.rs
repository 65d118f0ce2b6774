//! The shape of `src/`, checked: every file says what lives there (`//!`), none is over 400 lines,
//! and the modules import each other without cycles. The import graph is read from the `crate::`
//! and `super::` paths of each file (brace groups expanded, `pub use` re-exports and `#[cfg(test)]`
//! modules left out), each path resolved to the deepest module file it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// Every `.rs` file under `src/`, by module path (`emulator::ops`; `crate` for lib.rs).
fn modules() -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|file| {
            let relative = file.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            let name = if parts.is_empty() {
                "crate".to_string()
            } else {
                parts.join("::")
            };
            (name, file)
        })
        .collect()
}

/// The code of a file without its `#[cfg(test)]` modules and `pub use` re-exports.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("pub use ") && !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path that starts with `crate::` or `super::`, brace groups expanded: `crate::a::{b, c::d}`
/// gives `crate::a::b` and `crate::a::c::d`.
fn paths(code: &str) -> Vec<String> {
    fn tree(chars: &[char], mut i: usize, prefix: &str, out: &mut Vec<String>) -> usize {
        let mut segment = String::new();
        let mut path = prefix.to_string();
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphanumeric() || c == '_' {
                segment.push(c);
            } else if c == ':' && chars.get(i + 1) == Some(&':') {
                path = format!("{path}::{segment}");
                segment.clear();
                i += 1;
            } else if c == '{' {
                i = tree(chars, i + 1, &path, out);
                while chars.get(i) == Some(&',') {
                    i = tree(chars, i + 1, &path, out);
                }
                return i + 1;
            } else if !c.is_whitespace() || !segment.is_empty() {
                break;
            }
            i += 1;
        }
        if !segment.is_empty() {
            out.push(format!("{path}::{segment}"));
        } else if path != prefix {
            out.push(path);
        }
        i
    }
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let byte = from + at;
            let boundary = code[..byte]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
            if boundary {
                let index = code[..byte].chars().count() + start.len();
                tree(&chars, index, start.trim_end_matches("::"), &mut out);
            }
            from = byte + start.len();
        }
    }
    out
}

/// The module a path in module `from` refers to: the deepest existing module on it. (`super` of
/// `a::b` is `a` whether `a::b` is `a/b.rs` or `a/b/mod.rs`.)
fn resolve(from: &str, path: &str, modules: &BTreeMap<String, PathBuf>) -> Option<String> {
    let mut segments = path.split("::").peekable();
    let mut absolute: Vec<&str> = match segments.peek() {
        Some(&"crate") => {
            segments.next();
            Vec::new()
        }
        Some(&"super") => {
            let mut at: Vec<&str> = if from == "crate" {
                Vec::new()
            } else {
                from.split("::").collect()
            };
            while segments.next_if_eq(&"super").is_some() {
                at.pop();
            }
            at
        }
        _ => return None,
    };
    absolute.extend(segments);
    while !absolute.is_empty() {
        let name = absolute.join("::");
        if modules.contains_key(&name) {
            return Some(name);
        }
        absolute.pop();
    }
    None
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (name, file) in &modules {
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let edges: BTreeSet<String> = paths(&code)
            .iter()
            .filter_map(|p| resolve(name, p, &modules))
            .filter(|target| target != name && target != "crate")
            // A module's own submodules are its parts, not its dependencies.
            .filter(|target| !target.starts_with(&format!("{name}::")) && name != "crate")
            .collect();
        graph.insert(name.clone(), edges);
    }
    graph
}

/// A cycle of the graph, if it has one (depth-first search).
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut found = stack[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, stack, done) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn every_source_file_is_documented_and_small() {
    for file in modules().values() {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} does not start with a //! comment",
            file.display()
        );
        let lines = text.lines().count();
        assert!(
            lines <= MAX_LINES,
            "{} has {lines} lines (limit {MAX_LINES})",
            file.display()
        );
    }
}

#[test]
fn the_import_graph_is_read_from_crate_and_super_paths() {
    let modules = modules();
    let code =
        "use crate::headers::{self, API_VERSION_HEADER};\nuse super::state::{Kind, State};\nlet x = crate::pb::pool();";
    let found = paths(code);
    assert_eq!(
        found,
        [
            "crate::headers::self",
            "crate::headers::API_VERSION_HEADER",
            "crate::pb::pool",
            "super::state::Kind",
            "super::state::State"
        ]
    );
    assert_eq!(
        resolve("proxy", "crate::headers::self", &modules).as_deref(),
        Some("headers")
    );
    assert_eq!(
        resolve("emulator::clock", "super::clock::now", &modules).as_deref(),
        Some("emulator::clock")
    );
    assert_eq!(
        resolve("emulator::api", "super::State", &modules).as_deref(),
        Some("emulator")
    );
    assert_eq!(
        resolve("emulator::api::users", "super::super::clock", &modules).as_deref(),
        Some("emulator::clock")
    );
    // A graph with a cycle is caught.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("a".into());
    assert_eq!(cycle(&graph), Some(vec!["a".into(), "b".into(), "a".into()]));
}

#[test]
fn modules_import_each_other_without_cycles() {
    let graph = import_graph();
    assert!(graph.get("proxy").is_some_and(|e| e.contains("headers")), "{graph:?}");
    if let Some(found) = cycle(&graph) {
        panic!("import cycle: {}", found.join(" -> "));
    }
}
