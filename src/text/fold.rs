//! Folding to a search key: lower case, no diacritics, `đ`→`d`.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::letters::{lookup, VnLetter, BASE};

/// Folds text to a search key: lower case, every Vietnamese diacritic (tone marks, breve,
/// circumflex, horn) removed, `đ/Đ` → `d`, whitespace runs collapsed to one space and
/// trimmed, invisible characters dropped. NFC, NFD and mixed input fold identically;
/// other characters are kept (lower-cased, with any combining marks removed).
///
/// ```
/// use tintuc::text::fold;
/// assert_eq!(fold("  Đảng   ỦY Hòa\u{00A0}Bình "), "dang uy hoa binh");
/// assert_eq!(fold("Nguye\u{0302}\u{0303}n"), fold("Nguyễn"));
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        if b.is_ascii() {
            i += 1;
            if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                pending_space = true;
                continue;
            }
            if pending_space {
                if !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
            }
            out.push(b.to_ascii_lowercase() as char);
            continue;
        }
        let Some(c) = s.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let base = match lookup(c) {
            Some(VnLetter::Vowel { v, .. }) => BASE.get(v as usize).copied(),
            Some(VnLetter::DStroke { .. }) => Some(b'd'),
            None => None,
        };
        if let Some(base) = base {
            if pending_space {
                if !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
            }
            out.push(base as char);
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if super::normalize::is_dropped_invisible(c) || canonical_combining_class(c) != 0 {
            continue;
        }
        if pending_space {
            if !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
        }
        fold_other(c, &mut out);
    }
    out
}

/// Decomposes, lower-cases and drops combining marks (slow path for non-Vietnamese).
fn fold_other(c: char, out: &mut String) {
    decompose_canonical(c, |d| {
        if canonical_combining_class(d) != 0 {
            return;
        }
        for l in d.to_lowercase() {
            if l.is_ascii() {
                out.push(l);
            } else {
                decompose_canonical(l, |e| {
                    if canonical_combining_class(e) == 0 {
                        out.push(e);
                    }
                });
            }
        }
    });
}
