//! Analysis of documents and queries into the index's keys.
//!
//! Every syllable yields two keys: its **exact** form (NFC, lower case, old tone style, so
//! `hoà` = `hòa`, marks kept) and its **folded** form (no marks, `đ`→`d`). Consecutive
//! syllables of one paragraph yield a folded **bigram** (`thi dua`), and a cited document
//! number yields one **document** key (`08/kh-ubnd`, folded). The functions here only map
//! text to keys; they know nothing of postings, so a shared term dictionary can take their
//! output as it is.

use crate::text::{extract_documents, fold, normalize, syllables};

/// The search index's hash map: FxHash (rustc's hasher, from `rustc-hash`) is several
/// times faster than SipHash on short syllable keys. Keys come from the site's own
/// articles and the dictionaries are never filled from queries, so hash flooding is
/// not a concern here.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// The kind of an index key; each kind has its own dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum KeyKind {
    /// NFC, lower case, old tone style, marks kept.
    Exact,
    /// Folded syllable.
    Folded,
    /// Two folded syllables joined by a space.
    Bigram,
    /// A cited document number, folded (`08/kh-ubnd`).
    Document,
}

/// Field weights of a document (term frequencies are weighted sums over fields).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldWeights {
    pub title: f32,
    pub lead: f32,
    pub body: f32,
    pub tags: f32,
    pub category: f32,
    pub documents: f32,
}

impl Default for FieldWeights {
    fn default() -> Self {
        FieldWeights {
            title: 3.0,
            lead: 1.5,
            body: 1.0,
            tags: 2.0,
            category: 1.0,
            documents: 3.0,
        }
    }
}

/// The searchable text of one document, as the index keeps it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocText<'a> {
    pub title: &'a str,
    pub lead: &'a str,
    pub body: &'a str,
    pub tags: &'a [String],
    pub category: &'a str,
    pub documents: &'a [String],
}

/// Weighted term frequencies of one document, and its weighted length (syllables).
#[derive(Debug, Default)]
pub(crate) struct DocTerms {
    pub terms: FxMap<(KeyKind, String), f32>,
    pub len: f32,
}

/// One syllable's two keys.
pub(crate) fn syllable_keys(syllable: &str) -> (String, String) {
    (syllable.to_lowercase(), fold(syllable))
}

/// Adds the keys of `text` (normalised first) with weight `w`; bigrams never cross a line.
fn add_text(out: &mut DocTerms, text: &str, w: f32) {
    if text.is_empty() || w <= 0.0 {
        return;
    }
    for line in text.split('\n') {
        let line = normalize(line);
        let mut prev: Option<String> = None;
        for s in syllables(&line) {
            let (exact, folded) = syllable_keys(s.text);
            out.len += w;
            *out.terms.entry((KeyKind::Exact, exact)).or_default() += w;
            if let Some(p) = prev.take() {
                let bigram = format!("{p} {folded}");
                *out.terms.entry((KeyKind::Bigram, bigram)).or_default() += w;
            }
            *out.terms
                .entry((KeyKind::Folded, folded.clone()))
                .or_default() += w;
            prev = Some(folded);
        }
    }
}

/// Folded key of a document number.
pub(crate) fn document_key(number: &str) -> String {
    fold(number.trim())
}

/// Document numbers cited in `text` (as written), for the index's document keys.
pub(crate) fn cited_numbers(text: &str) -> Vec<String> {
    extract_documents(text)
        .into_iter()
        .map(|d| d.number)
        .collect()
}

/// All keys of a document with their weighted frequencies.
pub(crate) fn analyze_document(doc: &DocText<'_>, w: &FieldWeights) -> DocTerms {
    let mut out = DocTerms::default();
    add_text(&mut out, doc.title, w.title);
    add_text(&mut out, doc.lead, w.lead);
    add_text(&mut out, doc.body, w.body);
    for t in doc.tags {
        add_text(&mut out, t, w.tags);
    }
    add_text(&mut out, doc.category, w.category);
    for n in doc.documents {
        let key = document_key(n);
        if !key.is_empty() {
            *out.terms.entry((KeyKind::Document, key)).or_default() += w.documents;
        }
    }
    out
}

/// One syllable of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QuerySyllable {
    /// The syllable as typed (normalised).
    pub text: String,
    /// Exact key, when the reader typed marks (`None` for a syllable without marks).
    pub exact: Option<String>,
    /// Folded key.
    pub folded: String,
    /// Index of the quoted phrase it belongs to.
    pub phrase: Option<usize>,
    /// Whether it is the unfinished last syllable (matched as a prefix too).
    pub prefix: bool,
}

/// A query split into syllables, quoted phrases and document numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AnalyzedQuery {
    pub syllables: Vec<QuerySyllable>,
    pub documents: Vec<String>,
}

/// Whether `chunk` looks like a document number: a digit, a `/` and a letter.
fn looks_like_number(chunk: &str) -> bool {
    chunk.contains('/')
        && chunk.chars().any(|c| c.is_ascii_digit())
        && chunk.chars().any(char::is_alphabetic)
}

/// Analyses a query: normalised (NFC, old tone style, invisible and control characters
/// dropped), split into syllables; text between double quotes forms a phrase; the last
/// syllable is a prefix unless the query ends with a space or punctuation or it is quoted.
pub(crate) fn analyze_query(q: &str) -> AnalyzedQuery {
    let norm = normalize(q);
    let mut out = AnalyzedQuery::default();
    for chunk in norm.split_whitespace() {
        let c = chunk.trim_matches(|c: char| !c.is_alphanumeric());
        if looks_like_number(c) {
            let key = document_key(c);
            if !out.documents.contains(&key) {
                out.documents.push(key);
            }
        }
    }
    let mut phrase_count = 0usize;
    for (i, part) in norm.split('"').enumerate() {
        let quoted = i % 2 == 1;
        let phrase = quoted.then_some(phrase_count);
        let mut any = false;
        for s in syllables(part) {
            any = true;
            let (exact, folded) = syllable_keys(s.text);
            let marked = exact != folded;
            out.syllables.push(QuerySyllable {
                text: s.text.to_string(),
                exact: marked.then_some(exact),
                folded,
                phrase,
                prefix: false,
            });
        }
        if quoted && any {
            phrase_count += 1;
        }
    }
    // As-you-type: a query that stops right after a letter is unfinished.
    let ends_in_letter = q.chars().last().is_some_and(char::is_alphanumeric);
    if let Some(last) = out.syllables.last_mut() {
        if ends_in_letter && last.phrase.is_none() {
            last.prefix = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_styles_share_exact_keys() {
        assert_eq!(syllable_keys(&normalize("Hoà")).0, "hòa");
        let a = analyze_query("hoà bình ");
        let b = analyze_query("hòa bình ");
        assert_eq!(a, b);
    }

    #[test]
    fn query_parts() {
        let q = analyze_query("\"thi đua\" so ket 08/KH-UBND phong tr");
        let f: Vec<&str> = q.syllables.iter().map(|s| s.folded.as_str()).collect();
        assert_eq!(
            f,
            ["thi", "dua", "so", "ket", "08", "kh", "ubnd", "phong", "tr"]
        );
        assert_eq!(q.syllables[0].phrase, Some(0));
        assert_eq!(q.syllables[2].phrase, None);
        assert!(q.syllables[0].exact.is_none());
        assert_eq!(q.syllables[1].exact.as_deref(), Some("đua"));
        assert!(q.syllables[8].prefix);
        assert!(!q.syllables[7].prefix);
        assert_eq!(q.documents, ["08/kh-ubnd"]);
        assert!(!analyze_query("phong tr ").syllables[1].prefix);
    }

    #[test]
    fn document_keys_and_bigrams() {
        let docs = vec!["08/KH-UBND".to_string()];
        let t = DocText {
            title: "Sơ kết thi đua",
            lead: "",
            body: "Thi đua.\nKhen thưởng",
            tags: &[],
            category: "",
            documents: &docs,
        };
        let d = analyze_document(&t, &FieldWeights::default());
        assert_eq!(d.terms[&(KeyKind::Bigram, "thi dua".into())], 4.0);
        assert!(!d.terms.contains_key(&(KeyKind::Bigram, "dua khen".into())));
        assert_eq!(d.terms[&(KeyKind::Document, "08/kh-ubnd".into())], 3.0);
        assert_eq!(d.terms[&(KeyKind::Exact, "sơ".into())], 3.0);
        assert_eq!(d.len, 3.0 * 4.0 + 4.0);
    }
}
