//! The server's modules must not import each other in circles: a file that needs another that needs it back is a
//! structure waiting to tangle. This test reads `src/` as text (every `crate::…` and `super::…` path), builds the
//! graph of files, and fails on any circle that is not one of the few known pairs below — which are to go, not to
//! grow.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Circles known today (files relative to `src/`, sorted). Remove an entry when its circle is broken.
const KNOWN: &[&[&str]] = &[
    // One type (`RoomsService`) implemented in two files.
    &["rooms/notify.rs", "rooms/service.rs"],
    &["config.rs", "mail/sender.rs"],
    &["http/errors.rs", "http/request_id.rs"],
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file (`balancer/bbb/client.rs` → `["balancer", "bbb", "client"]`; `mod.rs`, `lib.rs`
/// name their folder).
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// Paths written in a file: `crate::a::b::c` and `super::x` (with the segments that follow), test modules left out.
fn paths_in(src: &str) -> Vec<(bool, Vec<String>)> {
    let code = src.split("#[cfg(test)]").next().unwrap_or(src);
    let mut found = Vec::new();
    for (start, root) in [("crate::", false), ("super::", true)] {
        for (at, _) in code.match_indices(start) {
            // Not part of a longer name (`convene::crate::…` does not exist, but `a_super::` might).
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut segs = Vec::new();
            let mut rest = &code[at..];
            // `super::super::x`: count the leading supers as one each.
            while let Some(stripped) = rest.strip_prefix(start) {
                if root {
                    segs.push("super".to_owned());
                }
                rest = stripped;
                if !root {
                    break;
                }
            }
            for seg in rest.split("::") {
                let name: String = seg.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name.is_empty() {
                    // `crate::{a, b}` groups: each name in the braces.
                    if let Some(group) = seg.strip_prefix('{') {
                        let inner = group.split('}').next().unwrap_or("");
                        for item in inner.split(',') {
                            let n: String =
                                item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                            if !n.is_empty() {
                                let mut s = segs.clone();
                                s.push(n);
                                found.push((root, s));
                            }
                        }
                    }
                    break;
                }
                let whole = seg.len() == name.len();
                segs.push(name);
                if !whole {
                    break;
                }
            }
            found.push((root, segs));
        }
    }
    found
}

#[test]
fn no_new_import_circles_among_server_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rel = |p: &Path| p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
    let modules: BTreeMap<Vec<String>, String> = files.iter().map(|f| (module_of(&rel(f)), rel(f))).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let me = rel(f);
        if me == "main.rs" {
            continue;
        }
        // `super` is the parent of the file's module (of a mod.rs: of its folder's module).
        let here = module_of(&me);
        for (relative, segs) in paths_in(&std::fs::read_to_string(f).unwrap()) {
            let mut path = if relative { here.clone() } else { Vec::new() };
            for s in &segs {
                if s == "super" {
                    path.pop();
                } else {
                    path.push(s.clone());
                }
            }
            // The longest prefix of the path that is a file of ours.
            let target = (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]));
            if let Some(t) = target
                && *t != me
                && t != "lib.rs"
            {
                edges.entry(me.clone()).or_default().insert(t.clone());
            }
        }
    }
    // Strongly connected components (Tarjan, iterative enough for a few hundred files).
    let nodes: Vec<&String> = modules.values().collect();
    let mut index = BTreeMap::new();
    let mut low = BTreeMap::new();
    let mut on_stack = BTreeSet::new();
    let mut stack = Vec::new();
    let mut circles: Vec<Vec<String>> = Vec::new();
    let mut counter = 0usize;
    #[allow(clippy::too_many_arguments)]
    fn visit(
        v: &String,
        edges: &BTreeMap<String, BTreeSet<String>>,
        index: &mut BTreeMap<String, usize>,
        low: &mut BTreeMap<String, usize>,
        on_stack: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
        circles: &mut Vec<Vec<String>>,
        counter: &mut usize,
    ) {
        index.insert(v.clone(), *counter);
        low.insert(v.clone(), *counter);
        *counter += 1;
        stack.push(v.clone());
        on_stack.insert(v.clone());
        for w in edges.get(v).into_iter().flatten() {
            if !index.contains_key(w) {
                visit(w, edges, index, low, on_stack, stack, circles, counter);
                let lw = low[w];
                let lv = low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if on_stack.contains(w) {
                let iw = index[w];
                let lv = low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if low[v] == index[v] {
            let mut comp = Vec::new();
            while let Some(w) = stack.pop() {
                on_stack.remove(&w);
                let done = w == *v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                circles.push(comp);
            }
        }
    }
    for v in nodes {
        if !index.contains_key(v) {
            visit(v, &edges, &mut index, &mut low, &mut on_stack, &mut stack, &mut circles, &mut counter);
        }
    }
    let known: Vec<Vec<String>> = KNOWN.iter().map(|c| c.iter().map(|s| (*s).to_owned()).collect()).collect();
    let new: Vec<&Vec<String>> = circles.iter().filter(|c| !known.contains(c)).collect();
    assert!(
        new.is_empty(),
        "modules that import each other in a circle (break it, e.g. move what both need into a module of its own): \
         {new:?}"
    );
    let gone: Vec<&Vec<String>> = known.iter().filter(|k| !circles.contains(k)).collect();
    assert!(gone.is_empty(), "these known circles are gone: take them off KNOWN: {gone:?}");
    assert!(edges.len() > 40, "the scan read too little ({} files with imports)", edges.len());
}
