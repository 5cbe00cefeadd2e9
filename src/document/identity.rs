//! The registry's identity of a cited document, for everything that compares citations
//! across articles (the related-articles ranker weighs shared documents).
//!
//! A symbol as written is no identity: "08/KH-UBND" is a different plan at every
//! agency and in every year, and one plan is written `08/KH-UBND`, `KH số 08/KH-UBND`
//! or `08/2018/KH-UBND`. A resolved citation is named by [`identity_key`] instead.

use std::collections::HashSet;

use crate::model::{Article, Block, CitedDocument, VIETNAM_OFFSET};

use super::cite::{article_citations, prepare_text, symbol_spans};
use super::{Document, Registry};

/// The name every resolved citation of `doc` shares: its symbol as registered and its
/// id, `08/KH-UBND (ubnd-st-2018-kh-08)` — readable where an explanation lists shared
/// documents, and unique in the registry through the id.
///
/// ```
/// use tintuc::document::{identity_key, sample_documents};
/// let docs = sample_documents()?;
/// assert_eq!(identity_key(&docs[0]), "08/KH-UBND (ubnd-st-2018-kh-08)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn identity_key(doc: &Document) -> String {
    format!("{} ({})", doc.symbol, doc.id)
}

impl Registry {
    /// A copy of `article` for indexes that compare citations (build the related
    /// articles index from these copies): every citation that resolves — with the
    /// article's publish day as context, [`Registry::resolve_at`] — is listed in
    /// `documents` by its [`identity_key`], and its symbol is taken out of the copy's
    /// text, so the text no longer yields the symbol as written as a document of its
    /// own. Citations that stay text are listed as found. The copy's text is also
    /// repaired and in NFC ([`prepare_text`]). An empty registry resolves nothing and
    /// gives the article back unchanged.
    ///
    /// So two articles citing "Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc
    /// Trăng" and "KH số 08/KH-UBND ngày 22-01-2018" share one document, and two citing
    /// the `08/KH-UBND` of two provinces share none.
    ///
    /// ```
    /// use tintuc::document::{sample_documents, Registry};
    /// use tintuc::model::{Article, Block};
    ///
    /// let registry = Registry::new(sample_documents()?)?;
    /// let mut a = Article::new("a".parse()?, "Sơ kết".into(), "so-ket".parse()?);
    /// a.body.push(Block::paragraph("Theo KH số 08/KH-UBND ngày 22-01-2018, các đơn vị thi đua."));
    /// let copy = registry.with_resolved_citations(&a);
    /// assert_eq!(copy.documents[0].number, "08/KH-UBND (ubnd-st-2018-kh-08)");
    /// assert!(!copy.body_text().contains("08/KH-UBND"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_resolved_citations(&self, article: &Article) -> Article {
        if self.documents().is_empty() {
            return article.clone();
        }
        let day = article
            .published
            .map(|t| t.with_timezone(&VIETNAM_OFFSET).date_naive());
        let mut documents = Vec::new();
        let mut resolved_numbers: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for c in article_citations(article) {
            let r = match day {
                Some(d) => self.resolve_at(&c, d),
                None => self.resolve(&c),
            };
            let number = match r.document() {
                Some(doc) => {
                    resolved_numbers.push(c.number.clone());
                    identity_key(doc)
                }
                None => c.number.clone(),
            };
            if seen.insert(number.clone()) {
                documents.push(CitedDocument { number, ..c });
            }
        }
        let numbers: Vec<&str> = resolved_numbers.iter().map(String::as_str).collect();
        let mut copy = article.clone();
        copy.documents = documents;
        let fix = |s: &mut String| *s = without(&prepare_text(s), &numbers);
        fix(&mut copy.title);
        if let Some(l) = copy.lead.as_mut() {
            fix(l);
        }
        for b in &mut copy.body {
            match b {
                Block::Paragraph { text } | Block::Heading { text, .. } => fix(text),
                Block::Quote { text, cite } => {
                    fix(text);
                    if let Some(c) = cite.as_mut() {
                        fix(c);
                    }
                }
                Block::List { items, .. } => items.iter_mut().for_each(fix),
                Block::Figure(f) => {
                    if let Some(c) = f.caption.as_mut() {
                        fix(c);
                    }
                }
            }
        }
        copy
    }
}

/// `text` with the stand-alone mentions of `numbers` taken out.
fn without(text: &str, numbers: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, _) in symbol_spans(text, numbers) {
        out.push_str(text.get(at..r.start).unwrap_or_default());
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}
