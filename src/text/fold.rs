//! Folding to a search key: lower case, no diacritics, `đ`→`d`.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::letters::{decode_at, fold_cp};

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
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut pending_space = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let m = if b < 0x80 {
            i += 1;
            if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                pending_space = true;
                continue;
            }
            b.to_ascii_lowercase()
        } else {
            let Some((cp, len)) = decode_at(bytes, i) else {
                break;
            };
            i += len;
            match fold_cp(cp) {
                0 => {
                    let Some(c) = char::from_u32(cp) else {
                        continue;
                    };
                    if c.is_whitespace() {
                        pending_space = true;
                        continue;
                    }
                    if super::normalize::is_dropped_invisible(c)
                        || canonical_combining_class(c) != 0
                    {
                        continue;
                    }
                    if pending_space {
                        if !out.is_empty() {
                            out.push(b' ');
                        }
                        pending_space = false;
                    }
                    fold_other(c, &mut out);
                    continue;
                }
                base => base,
            }
        };
        if pending_space {
            if !out.is_empty() {
                out.push(b' ');
            }
            pending_space = false;
        }
        out.push(m);
    }
    // Only whole UTF-8 sequences were pushed; the fallback never runs.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn push_char(c: char, out: &mut Vec<u8>) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Decomposes, lower-cases and drops combining marks (slow path for non-Vietnamese).
fn fold_other(c: char, out: &mut Vec<u8>) {
    decompose_canonical(c, |d| {
        if canonical_combining_class(d) != 0 {
            return;
        }
        for l in d.to_lowercase() {
            if l.is_ascii() {
                push_char(l, out);
            } else {
                decompose_canonical(l, |e| {
                    if canonical_combining_class(e) == 0 {
                        push_char(e, out);
                    }
                });
            }
        }
    });
}
