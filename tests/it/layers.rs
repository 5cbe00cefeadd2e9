//! The module layers point one way (see ARCHITECTURE.md / the crate docs):
//!
//! ```text
//! text  <  model  <  document  <  store, import  <  retrieval  <  related, search, render  <  web
//! ```
//!
//! Every `crate::`, `super::` and `self::` path in `src/` — in code, `use` trees and doc
//! links alike — is resolved to the module it names. A path from one top-level module
//! must name a strictly lower layer (two modules on the same layer never use each other),
//! and inside a module the submodules that use each other must not form a cycle.
//! Paths inside string literals are not references and are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer of each top-level module; a module may only name modules with a smaller one.
const LAYERS: &[(&str, u32)] = &[
    ("text", 0),
    ("model", 1),
    ("document", 2),
    ("store", 3),
    ("import", 3),
    ("retrieval", 4),
    ("related", 5),
    ("search", 5),
    ("render", 5),
    ("web", 6),
];

/// Sibling cycles inside a module that are still to be broken, as
/// `parent: a <-> b`. A cycle not listed here fails the test, and so does an entry
/// that no longer matches a cycle (the list only shrinks).
const KNOWN_CYCLES: &[&str] = &[];

/// Files whose upward references are still to be moved. An entry that no longer has an
/// upward reference fails the test.
const KNOWN_UPWARD: &[&str] = &[];

type ModPath = Vec<String>;

/// Tokens with their line numbers.
type Tokens = Vec<(Tok, usize)>;

/// One reference found in a file: the module it is written in, the path's segments
/// (starting with `crate`, `super` or `self`) and where it is.
struct Reference {
    from: ModPath,
    segments: Vec<String>,
    line: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Colons,
    Open,
    Close,
    Comma,
    Other,
}

/// Splits `src` into code tokens (string and char literals dropped) and comment text,
/// each with its line number.
fn lex(src: &str) -> (Tokens, Vec<(String, usize)>) {
    let c: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut comments = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    while i < c.len() {
        let ch = at(i);
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            let start = i;
            while i < c.len() && at(i) != '\n' {
                i += 1;
            }
            comments.push((c[start..i].iter().collect(), line));
        } else if ch == '/' && at(i + 1) == '*' {
            let (start, start_line) = (i, line);
            let mut depth = 0;
            loop {
                if i >= c.len() {
                    break;
                }
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if at(i) == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
            comments.push((c[start..i].iter().collect(), start_line));
        } else if ch == '"'
            || ((ch == 'r' || ch == 'b')
                && !is_ident(at(i.wrapping_sub(1)))
                && raw_or_byte_str(&c, i))
        {
            // Normal, byte or raw string literal.
            let mut j = i;
            while at(j) == 'b' || at(j) == 'r' {
                j += 1;
            }
            let raw = c[i..j].contains(&'r');
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1; // opening quote
            loop {
                if j >= c.len() {
                    break;
                }
                let d = at(j);
                if d == '\n' {
                    line += 1;
                }
                if !raw && d == '\\' {
                    if at(j + 1) == '\n' {
                        line += 1;
                    }
                    j += 2;
                    continue;
                }
                if d == '"' && (0..hashes).all(|k| at(j + 1 + k) == '#') {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
            toks.push((Tok::Other, line));
        } else if ch == '\'' {
            // A char literal, or a lifetime / label.
            if at(i + 1) == '\\' {
                let mut j = i + 2;
                while j < c.len() && at(j) != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
            toks.push((Tok::Other, line));
        } else if is_ident_start(ch) {
            let start = i;
            while is_ident(at(i)) {
                i += 1;
            }
            toks.push((Tok::Ident(c[start..i].iter().collect()), line));
        } else if ch == ':' && at(i + 1) == ':' {
            toks.push((Tok::Colons, line));
            i += 2;
        } else {
            let t = match ch {
                '{' => Tok::Open,
                '}' => Tok::Close,
                ',' => Tok::Comma,
                c if c.is_whitespace() => {
                    i += 1;
                    continue;
                }
                _ => Tok::Other,
            };
            toks.push((t, line));
            i += 1;
        }
    }
    (toks, comments)
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether a string literal starts at `i` with a `b`, `r` or `br` prefix.
fn raw_or_byte_str(c: &[char], i: usize) -> bool {
    let mut j = i;
    if c.get(j) == Some(&'b') {
        j += 1;
    }
    let raw = c.get(j) == Some(&'r');
    if raw {
        j += 1;
        while c.get(j) == Some(&'#') {
            j += 1;
        }
    }
    j > i && c.get(j) == Some(&'"')
}

/// Tokens of comment text: only identifiers and `::` matter there.
fn comment_tokens(text: &str, line: usize) -> Vec<(Tok, usize)> {
    let mut toks = Vec::new();
    let mut line = line;
    let c: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\n' {
            line += 1;
            i += 1;
        } else if is_ident_start(c[i]) {
            let start = i;
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            toks.push((Tok::Ident(c[start..i].iter().collect()), line));
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            toks.push((Tok::Colons, line));
            i += 2;
        } else if c[i] == '{' || c[i] == '}' || c[i] == ',' {
            // Braces in comments are format strings or prose, never use trees.
            toks.push((Tok::Other, line));
            i += 1;
        } else {
            if !c[i].is_whitespace() {
                toks.push((Tok::Other, line));
            }
            i += 1;
        }
    }
    toks
}

/// Parses the path (or use tree) whose first segment is at `toks[i]`, appending every
/// full path it names to `out`.
fn parse_tree(
    toks: &[(Tok, usize)],
    mut i: usize,
    prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    let mut path = prefix;
    loop {
        match toks.get(i) {
            Some((Tok::Ident(s), _)) => {
                path.push(s.clone());
                i += 1;
            }
            Some((Tok::Open, _)) => {
                // A use-tree group: `{a, b::c, d::{e, f}}`.
                i += 1;
                loop {
                    match toks.get(i) {
                        Some((Tok::Ident(_), _)) => i = parse_tree(toks, i, path.clone(), out),
                        Some((Tok::Comma, _)) => i += 1,
                        Some((Tok::Close, _)) => return i + 1,
                        Some(_) => i += 1,
                        None => return i,
                    }
                }
            }
            _ => break,
        }
        if toks.get(i).map(|t| &t.0) == Some(&Tok::Colons) {
            i += 1;
        } else {
            break;
        }
    }
    out.push(path);
    i
}

/// Every `crate::`/`super::`/`self::` path in the tokens, with the inline module it sits
/// in when `track_mods` (code tokens: `mod name { … }`).
fn references(
    file_mod: &ModPath,
    toks: &[(Tok, usize)],
    track_mods: bool,
    out: &mut Vec<Reference>,
) {
    let mut stack: Vec<(String, usize)> = Vec::new(); // inline module and its brace depth
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let (t, line) = &toks[i];
        match t {
            Tok::Open => depth += 1,
            Tok::Close => {
                depth = depth.saturating_sub(1);
                if stack.last().is_some_and(|(_, d)| *d == depth) {
                    stack.pop();
                }
            }
            Tok::Ident(m) if track_mods && m == "mod" => {
                if let (Some((Tok::Ident(name), _)), Some((Tok::Open, _))) =
                    (toks.get(i + 1), toks.get(i + 2))
                {
                    stack.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                    continue;
                }
            }
            Tok::Ident(head) if matches!(head.as_str(), "crate" | "super" | "self") => {
                let preceded_by_colons = i > 0 && toks[i - 1].0 == Tok::Colons;
                if !preceded_by_colons && toks.get(i + 1).map(|t| &t.0) == Some(&Tok::Colons) {
                    let mut paths = Vec::new();
                    let next = parse_tree(toks, i, Vec::new(), &mut paths);
                    let mut from = file_mod.clone();
                    from.extend(stack.iter().map(|(n, _)| n.clone()));
                    for segments in paths {
                        out.push(Reference {
                            from: from.clone(),
                            segments,
                            line: *line,
                        });
                    }
                    i = next.max(i + 1);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` → `["a", "b"]`; `src/lib.rs` → `[]`.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// Names that a module imports or re-exports from one of its child modules
/// (`pub use html::{Html, visible_text}` in `render` maps `Html` to `render::html`).
fn child_items(
    module: &ModPath,
    toks: &[(Tok, usize)],
    children: &BTreeSet<String>,
) -> BTreeMap<String, ModPath> {
    let mut map = BTreeMap::new();
    for i in 0..toks.len() {
        if toks[i].0 != Tok::Ident("use".into()) {
            continue;
        }
        let mut j = i + 1;
        if toks.get(j).map(|t| &t.0) == Some(&Tok::Ident("self".into())) {
            j += 2;
        }
        let Some((Tok::Ident(first), _)) = toks.get(j) else {
            continue;
        };
        if !children.contains(first) {
            continue;
        }
        let mut paths = Vec::new();
        parse_tree(toks, j, Vec::new(), &mut paths);
        for p in paths {
            if let Some(name) = p.last() {
                let mut target = module.clone();
                target.push(first.clone());
                map.insert(name.clone(), target);
            }
        }
    }
    map
}

struct Crate {
    modules: BTreeSet<ModPath>,
    /// Per module: item name → the child module it comes from.
    reexports: BTreeMap<ModPath, BTreeMap<String, ModPath>>,
    refs: Vec<(PathBuf, Reference)>,
}

fn read_crate() -> Crate {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let sources: Vec<(PathBuf, ModPath, String)> = files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            let m = module_of(&src, &f);
            let shown = f
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(&f)
                .to_path_buf();
            (shown, m, text)
        })
        .collect();
    Crate::from_sources(&sources)
}

impl Crate {
    /// Reads (file as shown, module, source text) triples.
    fn from_sources(sources: &[(PathBuf, ModPath, String)]) -> Crate {
        let modules: BTreeSet<ModPath> = sources.iter().map(|(_, m, _)| m.clone()).collect();
        let mut reexports = BTreeMap::new();
        let mut refs = Vec::new();
        for (f, m, text) in sources {
            let (toks, comments) = lex(text);
            let children: BTreeSet<String> = modules
                .iter()
                .filter(|c| c.len() == m.len() + 1 && c.starts_with(m))
                .filter_map(|c| c.last().cloned())
                .collect();
            reexports.insert(m.clone(), child_items(m, &toks, &children));
            let mut found = Vec::new();
            references(m, &toks, true, &mut found);
            for (text, line) in &comments {
                references(m, &comment_tokens(text, *line), false, &mut found);
            }
            refs.extend(found.into_iter().map(|r| (f.clone(), r)));
        }
        Crate {
            modules,
            reexports,
            refs,
        }
    }

    /// The module a path names: its longest prefix that is a module, followed into the
    /// child module an item of it comes from. `None` for paths that leave the crate.
    fn resolve(&self, r: &Reference) -> Option<ModPath> {
        let mut base: ModPath = r.from.clone();
        let mut rest = r.segments.iter().peekable();
        match rest.peek().map(|s| s.as_str()) {
            Some("crate") => {
                base.clear();
                rest.next();
            }
            Some("self") => {
                rest.next();
            }
            _ => {}
        }
        while rest.peek().map(|s| s.as_str()) == Some("super") {
            base.pop()?;
            rest.next();
        }
        // Inline modules (`mod tests`) count as the file module that holds them.
        while !base.is_empty() && !self.modules.contains(&base) {
            base.pop();
        }
        for seg in rest {
            let mut next = base.clone();
            next.push(seg.clone());
            if self.modules.contains(&next) {
                base = next;
            } else {
                if let Some(child) = self.reexports.get(&base).and_then(|m| m.get(seg)) {
                    base = child.clone();
                }
                break;
            }
        }
        Some(base)
    }

    /// Each reference as (from file module, to module, where).
    fn edges(&self) -> Vec<(ModPath, ModPath, String)> {
        let mut out = Vec::new();
        for (file, r) in &self.refs {
            let Some(to) = self.resolve(r) else { continue };
            let mut from = r.from.clone();
            while !from.is_empty() && !self.modules.contains(&from) {
                from.pop();
            }
            let place = format!("{}:{}: {}", file.display(), r.line, r.segments.join("::"));
            out.push((from, to, place));
        }
        out
    }
}

fn layer(top: &str) -> u32 {
    LAYERS
        .iter()
        .find(|(m, _)| *m == top)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| {
            panic!("top-level module `{top}` has no layer: add it to LAYERS in tests/it/layers.rs")
        })
}

/// Upward or sideways references between top-level modules, and the `KNOWN_UPWARD`
/// files that have some.
fn upward_references(krate: &Crate) -> (Vec<String>, BTreeSet<&'static str>) {
    let mut bad = Vec::new();
    let mut excused = BTreeSet::new();
    for (from, to, place) in krate.edges() {
        let (Some(f), Some(t)) = (from.first(), to.first()) else {
            continue;
        };
        if f != t && layer(t) >= layer(f) {
            match KNOWN_UPWARD
                .iter()
                .find(|k| place.starts_with(&format!("{k}:")))
            {
                Some(k) => {
                    excused.insert(*k);
                }
                None => bad.push(format!(
                    "{f} (layer {}) -> {t} (layer {}): {place}",
                    layer(f),
                    layer(t)
                )),
            }
        }
    }
    (bad, excused)
}

#[test]
fn top_level_modules_only_use_lower_layers() {
    let (bad, excused) = upward_references(&read_crate());
    assert!(
        bad.is_empty(),
        "upward or sideways references:\n{}",
        bad.join("\n")
    );
    for k in KNOWN_UPWARD {
        assert!(
            excused.contains(k),
            "{k} has no upward reference left: remove it from KNOWN_UPWARD"
        );
    }
}

/// Cycles between sibling submodules, and the `KNOWN_CYCLES` entries that still hold.
fn sibling_cycles(krate: &Crate) -> (Vec<String>, BTreeSet<String>) {
    // parent → (child a → child b → evidence)
    let mut graphs: BTreeMap<ModPath, BTreeMap<String, BTreeMap<String, String>>> = BTreeMap::new();
    for (from, to, place) in krate.edges() {
        if from.starts_with(&to) || to.starts_with(&from) {
            continue; // a module and its own parent or child
        }
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common == 0 {
            continue; // between top-level modules: the layer test's business
        }
        let parent: ModPath = from[..common].to_vec();
        graphs
            .entry(parent)
            .or_default()
            .entry(from[common].clone())
            .or_default()
            .entry(to[common].clone())
            .or_insert(place);
    }
    let mut cycles = BTreeMap::new();
    let mut seen_known = BTreeSet::new();
    for (parent, g) in &graphs {
        for (a, outs) in g {
            for (b, place) in outs {
                // The edge a -> b closes a cycle when b reaches a again.
                if !reaches(g, b, a) {
                    continue;
                }
                let (x, y) = if a < b { (a, b) } else { (b, a) };
                let name = format!("{}: {x} <-> {y}", parent.join("::"));
                if KNOWN_CYCLES.contains(&name.as_str()) {
                    seen_known.insert(name);
                } else {
                    cycles.entry(name).or_insert_with(|| place.clone());
                }
            }
        }
    }
    let cycles: Vec<String> = cycles
        .into_iter()
        .map(|(n, p)| format!("{n} (e.g. {p})"))
        .collect();
    (cycles, seen_known)
}

#[test]
fn no_cycle_between_submodules() {
    let (cycles, seen_known) = sibling_cycles(&read_crate());
    assert!(
        cycles.is_empty(),
        "cycles between submodules:\n{}",
        cycles.join("\n")
    );
    for k in KNOWN_CYCLES {
        assert!(
            seen_known.contains(*k),
            "`{k}` is no cycle any more: remove it from KNOWN_CYCLES"
        );
    }
}

fn reaches(g: &BTreeMap<String, BTreeMap<String, String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n.clone()) {
            if let Some(outs) = g.get(&n) {
                stack.extend(outs.keys().cloned());
            }
        }
    }
    false
}

/// The checker itself: it must see the references it is meant to police.
#[test]
fn checker_resolves_paths_use_trees_and_reexports() {
    let krate = read_crate();
    let edges = krate.edges();
    // `render::jsonld` writes dates through `super::date` (a use tree in a group).
    assert!(
        edges
            .iter()
            .any(|(f, t, _)| f == &["render", "jsonld"] && t == &["render", "date"]),
        "render::jsonld -> render::date not seen"
    );
    // Every layer above `text` names something below it.
    for top in ["model", "store", "import", "render", "related"] {
        assert!(
            edges
                .iter()
                .any(|(f, t, _)| f.first().map(String::as_str) == Some(top)
                    && t.first() != f.first()
                    && !t.is_empty()),
            "no reference out of `{top}` seen"
        );
    }
    let (toks, _) =
        lex("let s = \"crate::model::X\"; let c = 'x'; fn f<'a>() {} use crate::{a::{b, c}, d};");
    let mut refs = Vec::new();
    references(&vec!["text".into()], &toks, true, &mut refs);
    let got: Vec<String> = refs.iter().map(|r| r.segments.join("::")).collect();
    assert_eq!(got, ["crate::a::b", "crate::a::c", "crate::d"]);
}

/// The checks fail on planted violations: an upward `use`, a doc link to a higher layer,
/// a sibling cycle through a re-exported item.
#[test]
fn checker_catches_planted_violations() {
    let src = |file: &str, m: &[&str], text: &str| {
        (
            PathBuf::from(file),
            m.iter().map(|s| s.to_string()).collect::<ModPath>(),
            text.to_string(),
        )
    };
    let krate = Crate::from_sources(&[
        src(
            "src/lib.rs",
            &[],
            "pub mod text; pub mod model; pub mod render;",
        ),
        src(
            "src/text/mod.rs",
            &["text"],
            "mod a;\n/// See [`crate::render::Page`].\npub fn f() {}",
        ),
        src(
            "src/text/a.rs",
            &["text", "a"],
            "use crate::model::Article;",
        ),
        src("src/model.rs", &["model"], "use crate::text::f;"),
        src(
            "src/render/mod.rs",
            &["render"],
            "mod x; mod y; pub use x::Thing;",
        ),
        src("src/render/x.rs", &["render", "x"], "use super::y::g;"),
        src(
            "src/render/y.rs",
            &["render", "y"],
            "fn g() { let _ = super::Thing; let s = \"super::x\"; }",
        ),
    ]);
    let (bad, _) = upward_references(&krate);
    assert_eq!(
        bad,
        [
            "text (layer 0) -> render (layer 5): src/text/mod.rs:2: crate::render::Page",
            "text (layer 0) -> model (layer 1): src/text/a.rs:1: crate::model::Article",
        ]
    );
    let (cycles, _) = sibling_cycles(&krate);
    assert_eq!(
        cycles,
        ["render: x <-> y (e.g. src/render/x.rs:1: super::y::g)"]
    );
}
