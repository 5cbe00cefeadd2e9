//! URL slugs from Vietnamese titles: `[a-z0-9]+(-[a-z0-9]+)*`.
//!
//! `đ`→`d`; any Unicode form in (NFC, NFD, mixed; old or new tone style) gives the same
//! slug; document numbers and dates keep their parts (`08/KH-UBND` → `08-kh-ubnd`,
//! `17/8/2018` → `17-8-2018`); emoji and symbols are dropped (no `and`, no `percent`).
//!
//! ```
//! use tintuc::slug::slugify;
//! let s = slugify("Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018").unwrap();
//! assert_eq!(s.as_str(), "khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018");
//! ```

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use crate::model::Slug;
use crate::store::{ArticleStore, StoreError};
use crate::text::letters::{decode_at, fold_cp};

/// Turns a title into a slug, or `None` when it has no letters or digits at all.
///
/// ```
/// use tintuc::slug::slugify;
/// assert_eq!(slugify("Kế hoạch 08/KH-UBND ngày 17/8/2018").unwrap().as_str(),
///            "ke-hoach-08-kh-ubnd-ngay-17-8-2018");
/// assert_eq!(slugify("Đà Nẵng & Huế: 100% 🎉").unwrap().as_str(), "da-nang-hue-100");
/// assert!(slugify("!!! 🎉").is_none());
/// // Legacy encodings and mojibake are repaired first:
/// assert_eq!(slugify("Viá»‡t Nam").unwrap().as_str(), "viet-nam");
/// assert_eq!(slugify("Khèi thi ®ua 1").unwrap().as_str(), "khoi-thi-dua-1");
/// ```
pub fn slugify(title: &str) -> Option<Slug> {
    Slugger::new().slugify(title)
}

/// A configurable slug maker (today: an optional maximum length).
///
/// ```
/// use tintuc::slug::Slugger;
/// let s = Slugger::new().max_len(20).slugify("Sơ kết phong trào thi đua 6 tháng").unwrap();
/// assert_eq!(s.as_str(), "so-ket-phong-trao"); // cut at a word boundary
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Slugger {
    max_len: Option<usize>,
}

impl Slugger {
    /// No length limit.
    pub fn new() -> Self {
        Self::default()
    }

    /// Limits the slug to `n` bytes, cut at a word boundary (a single word longer than
    /// `n` is cut at `n`).
    pub fn max_len(mut self, n: usize) -> Self {
        self.max_len = Some(n);
        self
    }

    /// Makes the slug, or `None` when nothing of the title is left.
    pub fn slugify(&self, title: &str) -> Option<Slug> {
        // Text made only of ASCII, Vietnamese letters, typographic quotes/dashes and NBSP
        // is taken as Unicode (a lone `â` must not be "repaired" as TCVN3; legacy and
        // mojibake text always carries other Latin-1 symbols such as `®`, `µ`, `»`);
        // anything else — and plain ASCII, which may be VIQR — goes through repair's
        // auto-detection, found out in the same pass that makes the slug.
        let mut bytes = Vec::with_capacity(title.len());
        let mut suspect = slug_into(title, &mut bytes);
        // Pure ASCII may be VIQR.
        suspect |= title.is_ascii();
        if suspect {
            let repaired = crate::text::repair::repair(title);
            if repaired.encoding.is_some() {
                bytes.clear();
                slug_into(&repaired.text, &mut bytes);
            }
        }
        let mut out = String::from_utf8(bytes).ok()?; // always ASCII
        if let Some(max) = self.max_len {
            if out.len() > max {
                let cut = if out.as_bytes().get(max) == Some(&b'-') {
                    max
                } else {
                    match out.get(..max).and_then(|h| h.rfind('-')) {
                        Some(p) if p > 0 => p,
                        _ => max,
                    }
                };
                out.truncate(cut);
                while out.ends_with('-') {
                    out.pop();
                }
            }
        }
        // `slug_into` writes `[a-z0-9]+(-[a-z0-9]+)*` or nothing, and the cut above keeps
        // that form (trailing dashes removed), so only emptiness is left to check.
        if out.is_empty() {
            None
        } else {
            Some(Slug::from_valid(out))
        }
    }
}

/// What an ASCII byte becomes in a slug: the lower-case letter/digit itself, `SEP` for a
/// separator, `JOIN` for the apostrophe (dropped without separating).
const SEP: u8 = 0;
const JOIN: u8 = 1;
static SLUG_ASCII: [u8; 128] = {
    let mut t = [SEP; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() {
            t[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    t[b'\'' as usize] = JOIN;
    t
};

/// Appends the slug of `title` to `out` (which should be empty): one pass, a table lookup
/// per ASCII byte and per Vietnamese letter.
fn slug_into(title: &str, out: &mut Vec<u8>) -> bool {
    let mut suspect = false;
    let bytes = title.as_bytes();
    let mut dash = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let m = if b < 0x80 {
            i += 1;
            SLUG_ASCII.get(usize::from(b)).copied().unwrap_or(SEP)
        } else {
            let Some((cp, len)) = decode_at(bytes, i) else {
                break;
            };
            i += len;
            match fold_cp(cp) {
                0 => match char::from_u32(cp) {
                    Some(c) if matches!(c, '\u{00A0}' | '\u{2010}'..='\u{2015}' | '\u{2018}'..='\u{201F}' | '\u{2026}') => {
                        if matches!(c, '\u{2019}') {
                            JOIN
                        } else {
                            SEP
                        }
                    }
                    Some(c) => {
                        suspect = true;
                        match other_base(c) {
                            Some(base) => base,
                            // Combining marks, apostrophes and invisible characters join; the
                            // rest (spaces, punctuation, symbols, emoji, other scripts) separate.
                            None if canonical_combining_class(c) != 0
                                || matches!(
                                    c,
                                    '\u{2019}' | '\u{02BC}' | '\u{00AD}' | '\u{200B}'
                                        ..='\u{200D}' | '\u{FEFF}'
                                ) =>
                            {
                                JOIN
                            }
                            None => SEP,
                        }
                    }
                    None => SEP,
                },
                base => base,
            }
        };
        if m > JOIN {
            if dash {
                if !out.is_empty() {
                    out.push(b'-');
                }
                dash = false;
            }
            out.push(m);
        } else if m == SEP {
            dash = true;
        }
    }
    suspect
}

/// The ASCII letter or digit a non-Vietnamese character decomposes to (`ñ`→`n`), if any.
fn other_base(c: char) -> Option<u8> {
    let mut base = None;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            first = false;
            if d.is_ascii_alphanumeric() {
                base = Some(d.to_ascii_lowercase() as u8);
            }
        }
    });
    base
}

/// Returns `base` if no stored article uses it, else the first free `base-2`, `base-3`, ….
///
/// ```
/// use tintuc::model::Article;
/// use tintuc::slug::{slugify, unique_slug};
/// use tintuc::store::{ArticleStore, MemoryStore};
///
/// let store = MemoryStore::new();
/// let base = slugify("Hội nghị sơ kết").unwrap();
/// assert_eq!(unique_slug(&store, &base)?.as_str(), "hoi-nghi-so-ket");
/// store.put(&Article::new("a1".parse()?, "Hội nghị sơ kết".into(), base.clone()), None)?;
/// assert_eq!(unique_slug(&store, &base)?.as_str(), "hoi-nghi-so-ket-2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn unique_slug(store: &dyn ArticleStore, base: &Slug) -> Result<Slug, StoreError> {
    if !store.slug_exists(base)? {
        return Ok(base.clone());
    }
    let mut n: u64 = 2;
    loop {
        let candidate = format!("{}-{n}", base.as_str());
        if let Ok(slug) = Slug::new(candidate) {
            if !store.slug_exists(&slug)? {
                return Ok(slug);
            }
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> String {
        slugify(x)
            .map(|s| s.as_str().to_string())
            .unwrap_or_default()
    }

    #[test]
    fn cases() {
        assert_eq!(s("Đường Trường Sơn"), "duong-truong-son");
        assert_eq!(s("Quyết định 1989/QĐ-BGDĐT"), "quyet-dinh-1989-qd-bgddt");
        assert_eq!(s("15/2023/NĐ-CP"), "15-2023-nd-cp");
        assert_eq!(s("Hoà bình"), s("Hòa bình"));
        assert_eq!(s("Vie\u{0302}\u{0323}t Nam"), "viet-nam");
        assert_eq!(s("Señor Müller's café"), "senor-mullers-cafe");
        assert_eq!(s("  --a--  "), "a");
        assert_eq!(s("中文 ok"), "ok");
    }

    #[test]
    fn max_len() {
        let t = "khoi thi dua mot";
        assert_eq!(
            Slugger::new().max_len(9).slugify(t).unwrap().as_str(),
            "khoi-thi"
        );
        assert_eq!(
            Slugger::new().max_len(8).slugify(t).unwrap().as_str(),
            "khoi-thi"
        );
        assert_eq!(
            Slugger::new().max_len(3).slugify(t).unwrap().as_str(),
            "kho"
        );
        assert!(Slugger::new().max_len(0).slugify(t).is_none());
        assert_eq!(
            Slugger::new().max_len(100).slugify(t).unwrap().as_str(),
            "khoi-thi-dua-mot"
        );
    }
}
