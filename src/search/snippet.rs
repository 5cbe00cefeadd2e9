//! Snippets: the passage of an article with the most matched syllables.
//!
//! A [`Snippet`] is plain text split into marked and unmarked parts; it never contains
//! markup. [`Snippet::to_html`] takes the caller's escaper, so HTML escaping stays with
//! the renderer.

use std::collections::HashSet;

use super::index::DocEntry;
use crate::text::{fold, syllables, Syllable};

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

/// The best passage of an article's lead and body (else the title) for the folded `marks`.
pub(crate) fn snippet(doc: &DocEntry, marks: &HashSet<String>) -> Snippet {
    let mut best: Option<(usize, Snippet)> = None;
    for text in [doc.lead.as_str(), doc.body.as_str(), doc.title.as_str()] {
        if text.is_empty() {
            continue;
        }
        let (hits, s) = passage(text, marks);
        // The first non-empty field unless a later one has more matches.
        if best.as_ref().map_or(true, |(h, _)| hits > *h) {
            best = Some((hits, s));
        }
    }
    best.map(|(_, s)| s).unwrap_or_default()
}

/// The window of [`WINDOW`] syllables of `text` with the most marked ones.
fn passage(text: &str, marks: &HashSet<String>) -> (usize, Snippet) {
    let orig: Vec<Syllable<'_>> = syllables(text).collect();
    // Fold the text once and walk its syllables in step with the original's; when the
    // counts differ (invisible characters joined two syllables, a lone mark vanished),
    // fold syllable by syllable instead.
    let folded_text = fold(text);
    let folded: Vec<&str> = syllables(&folded_text).map(|s| s.text).collect();
    let marked: Vec<bool> = if folded.len() == orig.len() {
        folded.iter().map(|f| marks.contains(*f)).collect()
    } else {
        orig.iter().map(|s| marks.contains(&fold(s.text))).collect()
    };
    let syl: Vec<(usize, usize, bool)> = orig
        .iter()
        .zip(marked)
        .map(|(s, m)| (s.start, s.start + s.text.len(), m))
        .collect();
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
    let (hits, first) = best;
    let window = syl
        .get(first..(first + WINDOW).min(syl.len()))
        .unwrap_or(&[]);
    let (Some(start), Some(end)) = (window.first().map(|s| s.0), window.last().map(|s| s.1)) else {
        return (0, Snippet::default());
    };
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut pos = start;
    let mut push = |t: &str, marked: bool| {
        let t = t.replace('\n', " ");
        if t.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.marked == marked && !marked => last.text.push_str(&t),
            _ => parts.push(SnippetPart { text: t, marked }),
        }
    };
    for &(s, e, m) in window {
        push(text.get(pos..s).unwrap_or(""), false);
        push(text.get(s..e).unwrap_or(""), m);
        pos = e;
    }
    let cut_after = end < text.trim_end().len();
    (
        hits,
        Snippet {
            parts,
            cut_before: start > 0,
            cut_after,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_matched_syllables() {
        let marks: HashSet<String> = ["thi", "dua"].iter().map(|s| s.to_string()).collect();
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
