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

/// One syllable of a field: byte range and whether it is marked.
type Span = (usize, usize, bool);

/// The syllables of the field being scanned and of the best one so far.
#[derive(Default)]
struct Scratch {
    spare: Vec<Span>,
    best: Vec<Span>,
}

thread_local! {
    /// Each thread's scan buffers, so that a snippet allocates only its own parts (the
    /// allocator is a large share of a query after an index build: `search_eval`).
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The best passage of an article's lead and body (else the title) for `marks`.
pub(crate) fn snippet(doc: &DocEntry, marks: &MarkSet<'_>) -> Snippet {
    let with = |buf: &mut Scratch| snippet_with(doc, marks, buf);
    SCRATCH
        .try_with(|b| match b.try_borrow_mut() {
            Ok(mut buf) => with(&mut buf),
            Err(_) => with(&mut Scratch::default()),
        })
        .unwrap_or_else(|_| with(&mut Scratch::default()))
}

fn snippet_with(doc: &DocEntry, marks: &MarkSet<'_>, buf: &mut Scratch) -> Snippet {
    // (hits, first syllable of the window, the field); its syllables are in `buf.best`
    let mut best: Option<(usize, usize, &str)> = None;
    for text in [doc.lead.as_str(), doc.body.as_str(), doc.title.as_str()] {
        if text.is_empty() {
            continue;
        }
        scan(text, marks, &mut buf.spare);
        let (hits, first) = best_window(&buf.spare);
        // The first non-empty field unless a later one has more matches.
        if best.is_none_or(|b| hits > b.0) {
            best = Some((hits, first, text));
            std::mem::swap(&mut buf.spare, &mut buf.best);
        }
    }
    best.map(|(_, first, text)| passage(text, &buf.best, first))
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

/// Folded syllables of at most this many bytes are compared as one packed integer.
const PACKED: usize = 8;

/// The bytes of a folded syllable packed into an integer, first byte highest: exact (and
/// one-to-one) for at most [`PACKED`] bytes, none of them zero, which folded letters
/// never are.
fn pack(key: &[u8]) -> Option<u64> {
    if key.len() > PACKED || key.contains(&0) {
        return None;
    }
    Some(key.iter().fold(0u64, |h, &b| h << 8 | u64::from(b)))
}

/// The folded syllables a snippet marks: the short ones packed behind a 256-bit filter
/// (most syllables are turned away by one bit test), the longer ones as strings.
pub(crate) struct MarkSet<'a> {
    filter: [u64; 4],
    packed: Vec<u64>,
    long: Vec<&'a str>,
}

fn filter_bit(h: u64) -> (usize, u64) {
    let x = h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56;
    ((x >> 6) as usize, 1u64 << (x & 63))
}

impl<'a> MarkSet<'a> {
    /// The set of the folded syllables `marks`.
    pub(crate) fn new(marks: impl IntoIterator<Item = &'a str>) -> MarkSet<'a> {
        let mut set = MarkSet {
            filter: [0; 4],
            packed: Vec::new(),
            long: Vec::new(),
        };
        for m in marks {
            match pack(m.as_bytes()) {
                Some(p) => {
                    let (w, bit) = filter_bit(p);
                    if let Some(x) = set.filter.get_mut(w) {
                        *x |= bit;
                    }
                    set.packed.push(p);
                }
                None => set.long.push(m),
            }
        }
        set
    }

    fn is_empty(&self) -> bool {
        self.packed.is_empty() && self.long.is_empty()
    }

    fn contains_packed(&self, p: u64) -> bool {
        let (w, bit) = filter_bit(p);
        self.filter.get(w).is_some_and(|x| x & bit != 0) && self.packed.contains(&p)
    }

    fn contains(&self, folded: &str) -> bool {
        match pack(folded.as_bytes()) {
            Some(p) => self.contains_packed(p),
            None => self.long.contains(&folded),
        }
    }
}

/// The syllables of `text` ([`crate::text::syllables`]) into `out`, each marked when its
/// fold ([`fold`] of the syllable alone) is in `marks`. One pass over the bytes: ASCII and
/// Vietnamese letters fold through the letter tables as they are read, into one packed
/// integer; a syllable with any other character (a foreign letter, a combining mark) or
/// longer than [`PACKED`] folded bytes is folded whole.
fn scan(text: &str, marks: &MarkSet<'_>, out: &mut Vec<Span>) {
    out.clear();
    let b = text.as_bytes();
    let mut packed = 0u64;
    let mut n = 0usize;
    let mut whole = false;
    let mut start: Option<usize> = None;
    let mut i = 0;
    let none = marks.is_empty();
    let mut emit = |start: usize, end: usize, packed: u64, whole: bool| {
        let marked = if none {
            false
        } else if whole {
            marks.contains(&fold(text.get(start..end).unwrap_or("")))
        } else {
            marks.contains_packed(packed)
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
                emit(s, i, packed, whole);
            }
        } else {
            if start.is_none() {
                start = Some(i);
                packed = 0;
                n = 0;
                whole = false;
            }
            if f == 0xFF || n == PACKED {
                whole = true;
            } else {
                packed = packed << 8 | u64::from(f);
                n += 1;
            }
        }
        i += len;
    }
    if let Some(s) = start {
        emit(s, b.len(), packed, whole);
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
    // Parts as byte ranges first (unmarked text between marks merged), so that each
    // part's string is allocated once at its size.
    let mut ranges: Vec<(usize, usize, bool)> = Vec::with_capacity(window.len() + 1);
    let mut pos = start;
    for &(s, e, m) in window {
        for (a, b, marked) in [(pos, s, false), (s, e, m)] {
            if a >= b {
                continue;
            }
            match ranges.last_mut() {
                Some(last) if !marked && !last.2 => last.1 = b,
                _ => ranges.push((a, b, marked)),
            }
        }
        pos = e;
    }
    let parts = ranges
        .iter()
        .map(|&(a, b, marked)| {
            let t = text.get(a..b).unwrap_or("");
            let mut text = String::with_capacity(t.len());
            push_text(&mut text, t);
            SnippetPart { text, marked }
        })
        .collect();
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

    type Marks = rustc_hash::FxHashSet<String>;

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
            scan(&text, &MarkSet::new(marks.iter().map(String::as_str)), &mut got);
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
            scan(
                text,
                &MarkSet::new(marks.iter().map(String::as_str)),
                &mut syl,
            );
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
        // Folded syllables longer than the packed ones are compared as strings.
        let long: Marks = ["nghieng", "internationalization"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (hits, s) = passage(
            "Nghiêng về INTERNATIONALIZATION, internationalizatio",
            &long,
        );
        assert_eq!(hits, 2);
        let html = s.to_html(|t, out| out.push_str(t));
        assert_eq!(
            html,
            "<mark>Nghiêng</mark> về <mark>INTERNATIONALIZATION</mark>, internationalizatio"
        );
    }
}
