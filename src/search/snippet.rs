//! Snippets: the passage of an article with the most matched syllables.
//!
//! A [`Snippet`] is plain text split into marked and unmarked parts; it never contains
//! markup. [`Snippet::to_html`] takes the caller's escaper, so HTML escaping stays with
//! the renderer.

use super::index::DocEntry;
use crate::text::fold;
use crate::text::letters::{decode_at, fold2, fold3};
use crate::text::syllable::is_syllable_char;

/// Syllables shown in a snippet.
const WINDOW: usize = 28;

/// One run of snippet text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    /// The text, as in the article (newlines shown as spaces).
    pub text: String,
    /// Whether it is a matched syllable.
    pub marked: bool,
}

/// A passage of an article with the matched syllables marked.
///
/// ```
/// use tintuc::search::{Index, Query};
/// let articles = tintuc::import::sample_articles()?;
/// let index = Index::build(&articles);
/// let results = index.search(&Query::new("thi dua "))?;
/// for hit in &results.hits {
///     let html = hit.snippet.to_html(|s, out| out.push_str(&s.replace('<', "&lt;")));
///     assert!(!html.contains("<script"));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The parts in order.
    pub parts: Vec<SnippetPart>,
    /// Whether text precedes the passage.
    pub cut_before: bool,
    /// Whether text follows the passage.
    pub cut_after: bool,
}

impl Snippet {
    /// The passage as plain text (with `…` where it was cut).
    pub fn plain(&self) -> String {
        self.to_html(|s, out| out.push_str(s))
            .replace("<mark>", "")
            .replace("</mark>", "")
    }

    /// The passage as HTML: every part passed through `escape` (which appends the escaped
    /// text to the buffer), matched parts wrapped in `<mark>…</mark>`, `…` where cut.
    pub fn to_html(&self, escape: impl Fn(&str, &mut String)) -> String {
        let mut out = String::new();
        if self.cut_before {
            out.push('…');
        }
        for p in &self.parts {
            if p.marked {
                out.push_str("<mark>");
                escape(&p.text, &mut out);
                out.push_str("</mark>");
            } else {
                escape(&p.text, &mut out);
            }
        }
        if self.cut_after {
            out.push('…');
        }
        out
    }
}

/// The folded syllables a snippet marks.
pub(crate) type Marks = rustc_hash::FxHashSet<String>;

/// One syllable of a field: byte range and whether it is marked.
type Span = (usize, usize, bool);

/// The best passage of an article's lead and body (else the title) for the folded `marks`.
pub(crate) fn snippet(doc: &DocEntry, marks: &Marks) -> Snippet {
    // (hits, first syllable of the window, the field, its syllables)
    let mut best: Option<(usize, usize, &str, Vec<Span>)> = None;
    let mut spare: Vec<Span> = Vec::new();
    let marks = MarkSet::new(marks);
    for text in [doc.lead.as_str(), doc.body.as_str(), doc.title.as_str()] {
        if text.is_empty() {
            continue;
        }
        scan(text, &marks, &mut spare);
        let (hits, first) = best_window(&spare);
        // The first non-empty field unless a later one has more matches.
        if best.as_ref().is_none_or(|b| hits > b.0) {
            let old = best.replace((hits, first, text, std::mem::take(&mut spare)));
            if let Some(old) = old {
                spare = old.3;
            }
        }
    }
    best.map(|(_, first, text, syl)| passage(text, &syl, first))
        .unwrap_or_default()
}

/// Each ASCII byte's folded form when it is a letter or digit (lower case), else 0.
static ASCII_KEY: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// The marks as hashed byte strings behind a 256-bit filter: most syllables are turned
/// away by one bit test.
struct MarkSet<'a> {
    filter: [u64; 4],
    keys: Vec<(u64, &'a [u8])>,
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;

fn mix(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
}

fn filter_bit(h: u64) -> (usize, u64) {
    let x = h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
    ((x >> 6) as usize, 1u64 << (x & 63))
}

impl<'a> MarkSet<'a> {
    fn new(marks: &'a Marks) -> MarkSet<'a> {
        let mut set = MarkSet {
            filter: [0; 4],
            keys: Vec::with_capacity(marks.len()),
        };
        for m in marks {
            let h = m.bytes().fold(SEED, mix);
            let (w, bit) = filter_bit(h);
            if let Some(x) = set.filter.get_mut(w) {
                *x |= bit;
            }
            set.keys.push((h, m.as_bytes()));
        }
        set
    }

    fn contains(&self, h: u64, key: &[u8]) -> bool {
        let (w, bit) = filter_bit(h);
        self.filter.get(w).is_some_and(|x| x & bit != 0)
            && self.keys.iter().any(|(kh, k)| *kh == h && *k == key)
    }
}

/// The syllables of `text` ([`crate::text::syllables`]) into `out`, each marked when its
/// fold ([`fold`] of the syllable alone) is in `marks`. One pass over the bytes: ASCII and
/// Vietnamese letters fold through the letter tables as they are read; a syllable with any
/// other character (a foreign letter, a combining mark) is folded whole.
fn scan(text: &str, marks: &MarkSet<'_>, out: &mut Vec<Span>) {
    out.clear();
    let b = text.as_bytes();
    let mut key: Vec<u8> = Vec::with_capacity(24);
    let mut h = SEED;
    let mut whole = false;
    let mut start: Option<usize> = None;
    let mut i = 0;
    let mut emit = |start: usize, end: usize, key: &[u8], h: u64, whole: bool| {
        let marked = if marks.keys.is_empty() {
            false
        } else if whole {
            let f = fold(text.get(start..end).unwrap_or(""));
            marks.contains(f.bytes().fold(SEED, mix), f.as_bytes())
        } else {
            marks.contains(h, key)
        };
        out.push((start, end, marked));
    };
    // Folded byte of the character at `i` (0: not a syllable character, 0xFF: one that is
    // folded only with its whole syllable) and its length.
    while let Some(&b0) = b.get(i) {
        let b1 = b.get(i + 1).copied().unwrap_or(0);
        let (f, len) = if b0 < 0x80 {
            (ASCII_KEY.get(usize::from(b0)).copied().unwrap_or(0), 1)
        } else if b0.wrapping_sub(0xC3) < 4 && fold2(b0, b1) != 0 {
            (fold2(b0, b1), 2)
        } else if b0 == 0xE1
            && b1 & 0xFE == 0xBA
            && fold3(b1, b.get(i + 2).copied().unwrap_or(0)) != 0
        {
            (fold3(b1, b.get(i + 2).copied().unwrap_or(0)), 3)
        } else {
            let (cp, len) = decode_at(b, i).unwrap_or((0, 1));
            let syl = char::from_u32(cp).is_some_and(is_syllable_char);
            (if syl { 0xFF } else { 0 }, len)
        };
        if f == 0 {
            if let Some(s) = start.take() {
                emit(s, i, &key, h, whole);
            }
        } else {
            if start.is_none() {
                start = Some(i);
                key.clear();
                h = SEED;
                whole = false;
            }
            if f == 0xFF {
                whole = true;
            } else {
                key.push(f);
                h = mix(h, f);
            }
        }
        i += len;
    }
    if let Some(s) = start {
        emit(s, b.len(), &key, h, whole);
    }
}

/// The number of marked syllables in the best window of [`WINDOW`] syllables, and its
/// first syllable (the earliest window with the most).
fn best_window(syl: &[Span]) -> (usize, usize) {
    let mut best = (0usize, 0usize);
    let mut count = 0usize;
    for (i, s) in syl.iter().enumerate() {
        count += usize::from(s.2);
        if i >= WINDOW {
            count -= usize::from(syl.get(i - WINDOW).is_some_and(|x| x.2));
        }
        if count > best.0 {
            best = (count, (i + 1).saturating_sub(WINDOW));
        }
    }
    best
}

/// The snippet of the window of `syl` (the syllables of `text`) starting at `first`.
fn passage(text: &str, syl: &[Span], first: usize) -> Snippet {
    let window = syl
        .get(first..(first + WINDOW).min(syl.len()))
        .unwrap_or(&[]);
    let (Some(start), Some(end)) = (window.first().map(|s| s.0), window.last().map(|s| s.1)) else {
        return Snippet::default();
    };
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut pos = start;
    let mut push = |t: &str, marked: bool| {
        if t.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.marked == marked && !marked => push_text(&mut last.text, t),
            _ => {
                let mut text = String::with_capacity(t.len());
                push_text(&mut text, t);
                parts.push(SnippetPart { text, marked });
            }
        }
    };
    for &(s, e, m) in window {
        push(text.get(pos..s).unwrap_or(""), false);
        push(text.get(s..e).unwrap_or(""), m);
        pos = e;
    }
    let cut_after = end < text.trim_end().len();
    Snippet {
        parts,
        cut_before: start > 0,
        cut_after,
    }
}

/// Appends `t` with newlines shown as spaces.
fn push_text(out: &mut String, t: &str) {
    for (i, line) in t.split('\n').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn scan_is_syllables_and_fold(
            text in "[a-zA-Z0-9 đĐơưâăêôƠƯÂĂÊÔàáảãạẠỆệữ\u{300}-\u{323}\u{200B}.,ß中éçöẀḁ\n-]{0,60}",
        ) {
            let marks: Marks = crate::text::syllables(&text)
                .step_by(2)
                .map(|s| fold(s.text))
                .collect();
            let mut got = Vec::new();
            scan(&text, &MarkSet::new(&marks), &mut got);
            let want: Vec<Span> = crate::text::syllables(&text)
                .map(|s| (s.start, s.start + s.text.len(), marks.contains(&fold(s.text))))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn marks_matched_syllables() {
        let marks: Marks = ["thi", "dua"].iter().map(|s| s.to_string()).collect();
        let passage = |text: &str, marks: &Marks| {
            let mut syl = Vec::new();
            scan(text, &MarkSet::new(marks), &mut syl);
            let (hits, first) = best_window(&syl);
            (hits, super::passage(text, &syl, first))
        };
        let (hits, s) = passage("Sơ kết <thi> đua", &marks);
        assert_eq!(hits, 2);
        let html = s.to_html(|t, out| out.push_str(&t.replace('<', "&lt;").replace('>', "&gt;")));
        assert_eq!(html, "Sơ kết &lt;<mark>thi</mark>&gt; <mark>đua</mark>");
        assert_eq!(s.plain(), "Sơ kết <thi> đua");
        // NFD input, and a zero-width space that folding drops (the slow path).
        let (hits, _) = passage("Thi\u{200B}xa Đu\u{0300}a thi đua", &marks);
        assert_eq!(hits, 4);
        let (hits, _) = passage("Thi đu\u{0300}a", &marks);
        assert_eq!(hits, 2);
    }
}
