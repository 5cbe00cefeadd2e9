//! URL slugs from Vietnamese titles: `đ`→`d`, any Unicode form in, `[a-z0-9-]` out.
//!
//! ```
//! use tintuc::slug::slugify;
//! let s = slugify("Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018").unwrap();
//! assert_eq!(s.as_str(), "khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018");
//! ```

use unicode_normalization::char::decompose_canonical;

use crate::model::Slug;

/// Turns a title into a slug, or `None` when it has no letters or digits at all.
///
/// ```
/// assert_eq!(tintuc::slug::slugify("Kế hoạch 08/KH-UBND").unwrap().as_str(), "ke-hoach-08-kh-ubnd");
/// assert!(tintuc::slug::slugify("!!!").is_none());
/// ```
pub fn slugify(title: &str) -> Option<Slug> {
    let mut out = String::with_capacity(title.len());
    let mut pending_dash = false;
    for c in title.chars() {
        let mut emit = |b: char, out: &mut String| {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(b);
        };
        if c.is_ascii_alphanumeric() {
            emit(c.to_ascii_lowercase(), &mut out);
            continue;
        }
        if c == 'đ' || c == 'Đ' {
            emit('d', &mut out);
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        let mut base = None;
        decompose_canonical(c, |d| {
            if base.is_none() {
                base = Some(d);
            }
        });
        match base {
            Some(b) if b.is_ascii_alphanumeric() => emit(b.to_ascii_lowercase(), &mut out),
            _ => pending_dash = true,
        }
    }
    Slug::new(out).ok()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}
