//! The output folder: pages are written only when their bytes change, and files of an
//! earlier run that this run no longer produces are removed.
//!
//! Each run lists what it produced in `MANIFEST` (one path per line, relative to the
//! folder). The next run removes the files listed there that it did not produce; a file
//! the portal never wrote is never listed, so never removed.

use std::collections::BTreeSet;
use std::error::Error;
use std::fs;
use std::path::{Component, Path, PathBuf};

use tintuc::model::Link;

/// The list of files the last run produced, in the output folder.
pub const MANIFEST: &str = ".tintuc-portal-files";

/// The longest file or folder name most file systems accept, in bytes.
const MAX_FILE_NAME: usize = 255;

/// Where a site-relative link is written: `/tin/a.html` → `tin/a.html`,
/// `/chuyen-muc/x` → `chuyen-muc/x/index.html`, `/` → `index.html`.
pub fn relative_file(link: &Link) -> Result<String, String> {
    let path = link.as_str().split(['?', '#']).next().unwrap_or("");
    let rel = path
        .strip_prefix('/')
        .ok_or(format!("{link} is not site-relative"))?;
    let mut parts = Vec::new();
    for seg in rel.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." {
            return Err(format!("{link} leaves the output folder"));
        }
        if seg.len() > MAX_FILE_NAME {
            return Err(format!(
                "{link}: a path component is {} bytes, more than file systems accept ({MAX_FILE_NAME})",
                seg.len()
            ));
        }
        parts.push(seg);
    }
    let last = rel.rsplit('/').next().unwrap_or("");
    if last.is_empty() || !last.contains('.') {
        parts.push("index.html");
    }
    Ok(parts.join("/"))
}

/// What a run did to the output folder.
#[derive(Debug, Default)]
pub struct Output {
    out: PathBuf,
    produced: BTreeSet<String>,
    /// Files produced (written or already there with the same bytes).
    pub files: usize,
    /// Their bytes.
    pub bytes: usize,
    /// Files written because they were new or their bytes changed.
    pub rewritten: usize,
    /// Files of the last run this run did not produce, removed.
    pub removed: usize,
    /// Pages that could not be written (reported as they happen).
    pub failed: usize,
}

impl Output {
    /// Writes into `out` (created when missing).
    pub fn new(out: &Path) -> Result<Self, Box<dyn Error>> {
        fs::create_dir_all(out)?;
        Ok(Output {
            out: out.to_path_buf(),
            ..Output::default()
        })
    }

    /// Writes a page at its site-relative link; returns its file.
    pub fn write(&mut self, link: &Link, body: &[u8]) -> Result<PathBuf, Box<dyn Error>> {
        let rel = relative_file(link)?;
        self.put(rel, body)
    }

    /// Writes a page, reporting (and counting) a failure instead of returning it.
    pub fn publish(&mut self, link: &Link, body: &str) -> bool {
        match self.write(link, body.as_bytes()) {
            Ok(_) => true,
            Err(e) => {
                self.failed += 1;
                eprintln!("portal: cannot write {link}: {e}");
                false
            }
        }
    }

    fn put(&mut self, rel: String, body: &[u8]) -> Result<PathBuf, Box<dyn Error>> {
        let path = self.out.join(&rel);
        // Listed even when the write fails: an earlier version stays rather than vanish.
        self.produced.insert(rel);
        match same_bytes(&path, body) {
            Some(true) => {}
            Some(false) => {
                // A new file rather than the old one truncated: ext4 forces a truncated
                // file's data to disk when it is closed (auto_da_alloc), which made
                // rewriting a whole site several times slower than writing it afresh.
                fs::remove_file(&path)?;
                fs::write(&path, body)?;
                self.rewritten += 1;
            }
            None => {
                if let Some(dir) = path.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::write(&path, body)?;
                self.rewritten += 1;
            }
        }
        self.files += 1;
        self.bytes += body.len();
        Ok(path)
    }

    /// Copies the files under `from` to the same relative paths under the output.
    pub fn copy_tree(&mut self, from: &Path) -> Result<(), Box<dyn Error>> {
        let mut stack = vec![from.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path.strip_prefix(from)?;
                let rel: Vec<&str> = rel
                    .components()
                    .map(|c| c.as_os_str().to_str().ok_or("a file name is not UTF-8"))
                    .collect::<Result<_, _>>()?;
                self.put(rel.join("/"), &fs::read(&path)?)?;
            }
        }
        Ok(())
    }

    /// Removes the files of the last run that this run did not produce (and folders
    /// left empty), then records what this run produced.
    pub fn finish(&mut self) -> Result<(), Box<dyn Error>> {
        let manifest = self.out.join(MANIFEST);
        let old = match fs::read_to_string(&manifest) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(format!("{}: {e}", manifest.display()).into()),
        };
        for rel in old.lines() {
            if self.produced.contains(rel) || !is_plain_relative(rel) {
                continue;
            }
            let path = self.out.join(rel);
            match fs::symlink_metadata(&path) {
                Ok(m) if m.is_file() => {}
                _ => continue,
            }
            fs::remove_file(&path)?;
            self.removed += 1;
            // Folders the removal left empty (remove_dir fails on a non-empty one).
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.out) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        let mut list = String::new();
        for rel in &self.produced {
            list.push_str(rel);
            list.push('\n');
        }
        if list != old {
            let tmp = self.out.join(format!("{MANIFEST}.tmp"));
            fs::write(&tmp, &list)?;
            fs::rename(&tmp, &manifest)?;
        }
        Ok(())
    }
}

/// A relative path of plain names (no `..`, no root): what this module writes.
fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && rel != MANIFEST
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Whether `path`, a file, holds exactly `body`; `None` when there is no such file.
fn same_bytes(path: &Path, body: &[u8]) -> Option<bool> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {
            Some(m.len() == body.len() as u64 && fs::read(path).is_ok_and(|old| old == body))
        }
        _ => None,
    }
}
