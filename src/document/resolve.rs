//! The registry of documents and the resolution of citations to its entries.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::model::{CitedDocument, DocumentKind, Slug};

use super::issuer::{issuer_key, issuer_matches, issuer_parts};
use super::symbol::{code_of_kind, kind_from_code};
use super::{Document, DocumentError, DocumentId, Symbol};

/// Why a registry could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// Two documents share an id.
    #[error("duplicate document id {0}")]
    DuplicateId(DocumentId),
    /// Two documents share a slug.
    #[error("duplicate document slug {slug} (documents {first} and {second})")]
    DuplicateSlug {
        /// The slug.
        slug: Slug,
        /// The document that has it first.
        first: DocumentId,
        /// The other one.
        second: DocumentId,
    },
    /// A document failed validation.
    #[error("document {id}: {error}")]
    Invalid {
        /// The document.
        id: DocumentId,
        /// Its first problem.
        error: DocumentError,
    },
}

/// Why a citation did not resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unresolved {
    /// The cited number is not a document symbol.
    BadNumber,
    /// No registered document has this number and symbol.
    NotInRegistry,
    /// Documents with this symbol exist, but the citation states no year (neither in
    /// the symbol nor as a date), and numbers restart every year.
    YearNotStated {
        /// How many registered documents carry the symbol.
        candidates: usize,
    },
    /// Documents with this symbol exist, but none agrees with what the citation states.
    Conflict {
        /// The stated part that ruled the last candidates out: `year`, `date`, `kind`
        /// or `issuer`.
        field: &'static str,
    },
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::BadNumber => f.write_str("not a document number"),
            Unresolved::NotInRegistry => f.write_str("not in the registry"),
            Unresolved::YearNotStated { candidates } => write!(
                f,
                "no year stated and {candidates} registered document(s) carry the symbol"
            ),
            Unresolved::Conflict { field } => {
                write!(f, "registered documents with the symbol differ in {field}")
            }
        }
    }
}

/// What a citation resolved to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution<'r> {
    /// Exactly one registered document fits.
    Resolved(&'r Document),
    /// Several fit; the citation stays text.
    Ambiguous(Vec<&'r Document>),
    /// None fits; the citation stays text.
    Unknown(Unresolved),
}

impl<'r> Resolution<'r> {
    /// The document, when resolved.
    pub fn document(&self) -> Option<&'r Document> {
        match self {
            Resolution::Resolved(d) => Some(d),
            _ => None,
        }
    }
}

/// The documents a portal knows, indexed for citation lookup.
///
/// A citation resolves to an entry only when everything it states agrees: the symbol
/// (number and codes, [`Symbol::key`]), the year (from the symbol, the date or a year
/// stated alone, [`CitedDocument::year`] — a
/// citation that states no year never resolves, because numbers restart every year; a
/// date of another year than the symbol's fits only a document registered with both),
/// the date of issue, the kind and the issuer (compared with [`issuer_key`], so `UBND`
/// and `Ủy ban nhân dân` agree; a joint document also answers to any of its bodies). A
/// symbol written without its type code ("Quyết định 09/2005/TTg") is looked up with the
/// code of the kind its words name, a symbol registered without one is found with it
/// ("42/NĐ-CP" reaches 42/CP, a decree of 1996), and `NĐ` alone reads as `NĐ-CP` (a
/// decree is the Government's). When nothing is registered under the symbol as
/// written and the citation states its year, a miswritten code is read as a careful
/// reader would: a type code that names no kind by the kind the words name ("Chỉ thị
/// số 22/2004/CP-TTg" is 22/2004/CT-TTg), `QC` (quy chế) as the decision that issues
/// the rules, a ministry's code without its `B` (`BTM-CN` for `BTM-BCN`). One fit
/// resolves; several are [`Resolution::Ambiguous`]; none is [`Resolution::Unknown`]
/// with the reason.
///
/// ```
/// use tintuc::document::{cited_in, Registry, Resolution, Unresolved};
/// let registry = Registry::new(tintuc::document::sample_documents()?)?;
/// let text = "Thực hiện Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Sóc Trăng về thi đua";
/// let cited = &cited_in(text)[0];
/// let doc = registry.resolve(cited).document().unwrap();
/// assert_eq!(doc.id.as_str(), "ubnd-st-2018-kh-08");
/// // The same number from another province is not this plan.
/// let other = &cited_in("Kế hoạch số 08/KH-UBND ngày 22/01/2018 của UBND tỉnh Bạc Liêu")[0];
/// assert_eq!(registry.resolve(other), Resolution::Unknown(Unresolved::Conflict { field: "issuer" }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Registry {
    docs: Vec<Document>,
    issuer_keys: Vec<Vec<String>>,
    /// The bodies of a joint document ("Bộ Tư pháp - Bộ Công an"), by index; empty
    /// for a document of one body.
    co_issuers: Vec<Vec<String>>,
    by_key: HashMap<String, Vec<usize>>,
    /// Symbols with a ministry code (`BCN`, `BTM`) indexed with it written without its
    /// `B` as well ([`ministry_loose`]).
    by_loose: HashMap<String, Vec<usize>>,
    by_id: HashMap<DocumentId, usize>,
    by_slug: HashMap<Slug, usize>,
}

impl Registry {
    /// Validates and indexes documents; ids and slugs must be unique.
    pub fn new(docs: impl IntoIterator<Item = Document>) -> Result<Self, RegistryError> {
        let mut r = Registry::default();
        for d in docs {
            if let Err(error) = d.validate() {
                return Err(RegistryError::Invalid { id: d.id, error });
            }
            let i = r.docs.len();
            if r.by_id.contains_key(&d.id) {
                return Err(RegistryError::DuplicateId(d.id));
            }
            if let Some(&j) = r.by_slug.get(&d.slug) {
                return Err(RegistryError::DuplicateSlug {
                    slug: d.slug.clone(),
                    first: r.docs.get(j).map(|x| x.id.clone()).unwrap_or(d.id.clone()),
                    second: d.id,
                });
            }
            r.by_id.insert(d.id.clone(), i);
            r.by_slug.insert(d.slug.clone(), i);
            let key = d.symbol.key();
            // A symbol registered without its type code ("42/CP", a decree of 1996) is
            // also found as written with the code of its kind ("42/NĐ-CP").
            let coded = code_of_kind(d.kind)
                .filter(|_| d.symbol.kind().is_none())
                .and_then(|code| with_type_code(&key, code));
            let loose = ministry_loose(&key);
            if loose != key {
                r.by_loose.entry(loose).or_default().push(i);
            }
            r.by_key.entry(key).or_default().push(i);
            if let Some(coded) = coded {
                let at = r.by_key.entry(coded).or_default();
                if !at.contains(&i) {
                    at.push(i);
                }
            }
            let mut keys = vec![issuer_key(&d.issuer)];
            keys.extend(d.issuer_aliases.iter().map(|a| issuer_key(a)));
            r.issuer_keys.push(keys);
            r.co_issuers.push(issuer_parts(&d.issuer));
            r.docs.push(d);
        }
        Ok(r)
    }

    /// Every document, in the order given.
    pub fn documents(&self) -> &[Document] {
        &self.docs
    }

    /// The document with this id.
    pub fn get(&self, id: &DocumentId) -> Option<&Document> {
        self.by_id.get(id).and_then(|&i| self.docs.get(i))
    }

    /// The document with this slug.
    pub fn get_by_slug(&self, slug: &Slug) -> Option<&Document> {
        self.by_slug.get(slug).and_then(|&i| self.docs.get(i))
    }

    /// Every registered relation of `d`, both ways, in words: its own relations
    /// ("Thay thế", "Sửa đổi, bổ sung", "Hướng dẫn", "Thực hiện") and those of documents
    /// pointing at it ("Bị thay thế bởi", "Được sửa đổi, bổ sung bởi", "Được hướng dẫn
    /// bởi", "Được thực hiện bởi"). Targets missing from the registry are left out.
    ///
    /// ```
    /// use tintuc::document::{sample_documents, Registry};
    /// let r = Registry::new(sample_documents()?)?;
    /// let plan = r.get(&"ubnd-st-2018-kh-08".parse()?).unwrap();
    /// let rel: Vec<_> = r.related(plan).into_iter().map(|(l, d)| (l, d.id.as_str())).collect();
    /// assert!(rel.contains(&("Bị thay thế bởi", "ubnd-st-2019-kh-08")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn related(&self, d: &Document) -> Vec<(&'static str, &Document)> {
        use super::RelationKind as K;
        let mut out = Vec::new();
        for r in &d.relations {
            if let Some(t) = self.get(&r.target) {
                out.push((r.kind.vietnamese_name(), t));
            }
        }
        for other in &self.docs {
            for r in other.relations.iter().filter(|r| r.target == d.id) {
                let label = match r.kind {
                    K::Replaces => "Bị thay thế bởi",
                    K::Amends => "Được sửa đổi, bổ sung bởi",
                    K::Guides => "Được hướng dẫn bởi",
                    _ => "Được thực hiện bởi",
                };
                out.push((label, other));
            }
        }
        out
    }

    /// Documents carrying this symbol key ([`Symbol::key`]), any year.
    pub fn with_symbol(&self, symbol: &Symbol) -> impl Iterator<Item = &Document> + use<'_> {
        self.by_key
            .get(&symbol.key())
            .into_iter()
            .flatten()
            .filter_map(|&i| self.docs.get(i))
    }

    /// Resolves one citation; see [`Registry`].
    pub fn resolve(&self, cited: &CitedDocument) -> Resolution<'_> {
        self.resolve_inner(cited, None)
    }

    /// Resolves a citation written on `context` (the citing article's publish day). A
    /// citation that states no year is then read as citing a document issued in the 365
    /// days up to `context` — "Chỉ thị số 01/CT-VKSTC" in a July 2018 article is the
    /// 2018 directive, not the 2017 one with the same number — and when fitting
    /// documents remain from several years, the latest year's are kept. Everything the
    /// citation does state must still agree.
    ///
    /// ```
    /// use tintuc::document::{cited_in, Registry, Resolution, Unresolved};
    /// let registry = Registry::new(tintuc::document::sample_documents()?)?;
    /// let cited = &cited_in("thực hiện nghiêm Chỉ thị số 01/CT-VKSTC")[0];
    /// assert!(matches!(registry.resolve(cited), Resolution::Unknown(Unresolved::YearNotStated { .. })));
    /// let on = "2018-07-10".parse()?;
    /// assert_eq!(registry.resolve_at(cited, on).document().unwrap().issued.to_string(), "2018-01-10");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve_at(&self, cited: &CitedDocument, context: NaiveDate) -> Resolution<'_> {
        self.resolve_inner(cited, Some(context))
    }

    fn resolve_inner(&self, cited: &CitedDocument, context: Option<NaiveDate>) -> Resolution<'_> {
        let Ok(symbol) = Symbol::new(cited.number.as_str()) else {
            return Resolution::Unknown(Unresolved::BadNumber);
        };
        let key = symbol.key();
        // "Quyết định 09/2005/TTg": the type code left out of 09/2005/QĐ-TTg. The kind
        // the words name supplies it when the written symbol has none of its own.
        let with_kind_code = cited
            .kind
            .filter(|_| symbol.kind().is_none())
            .and_then(code_of_kind)
            .and_then(|code| with_type_code(&key, code));
        // "Nghị định 121/NĐ/2004": a decree is the Government's, so `NĐ` alone is NĐ-CP.
        let decree = (symbol.type_code() == "nd" && symbol.issuer_codes().is_empty())
            .then(|| format!("{key}-cp"));
        let mut all: Vec<usize> = Vec::new();
        for k in [Some(key), with_kind_code, decree].into_iter().flatten() {
            for &i in self.by_key.get(&k).into_iter().flatten() {
                if !all.contains(&i) {
                    all.push(i);
                }
            }
        }
        // Nothing under the symbol as written: a careful reader still knows the document
        // when the year is stated and the symbol's codes are only miswritten — a type
        // code that names no kind where the words name one ("Chỉ thị số 22/2004/CP-TTg"
        // is 22/2004/CT-TTg), rules cited by their code ("Quy chế 73/2004/QC-BTC", issued
        // by Quyết định 73/2004/QĐ-BTC), a ministry's code without its `B` ("TTLT/BTM -
        // CN" for BTM-BCN). Everything stated must still agree, and one entry must fit.
        let year_stated = symbol.year().is_some() || cited.date.is_some() || cited.year.is_some();
        let mut retyped_kind = None;
        if all.is_empty() && year_stated {
            if let Some((k, kind)) = retyped(&symbol, cited.kind) {
                all.extend(self.by_key.get(&k).into_iter().flatten());
                retyped_kind = Some(kind);
            }
            if all.is_empty() {
                let loose = ministry_loose(&symbol.key());
                all.extend(self.by_loose.get(&loose).into_iter().flatten());
            }
        }
        if all.is_empty() {
            return Resolution::Unknown(Unresolved::NotInRegistry);
        }
        let doc = |i: usize| self.docs.get(i);
        let mut left: Vec<usize> = all.clone();
        let mut last_field = "year";
        let mut keep = |field: &'static str, left: &mut Vec<usize>, f: &dyn Fn(usize) -> bool| {
            if !left.is_empty() {
                left.retain(|&i| f(i));
                if left.is_empty() {
                    last_field = field;
                }
            }
        };
        // A year stated without a full date ("năm 2000") counts as the date's year.
        let stated = cited.date.map(|d| d.year()).or(cited.year);
        let year = match (symbol.year(), stated) {
            (Some(a), Some(b)) if a != b => {
                // The date is of another year than the symbol: a typo in one of them,
                // or a document signed after the year its symbol carries (an ordinance
                // numbered by its session). Only a registered document with both this
                // symbol year and this very date fits.
                let date = cited.date;
                left.retain(|&i| doc(i).is_some_and(|d| d.year() == a && Some(d.issued) == date));
                if left.is_empty() {
                    return Resolution::Unknown(Unresolved::Conflict { field: "date" });
                }
                Some(a)
            }
            (Some(y), _) | (None, Some(y)) => Some(y),
            (None, None) => None,
        };
        match (year, context) {
            (Some(year), _) => {
                keep("year", &mut left, &|i| {
                    doc(i).is_some_and(|d| d.year() == year)
                });
            }
            (None, Some(ctx)) => {
                let from = ctx
                    .checked_sub_days(chrono::Days::new(365))
                    .unwrap_or(NaiveDate::MIN);
                keep("year", &mut left, &|i| {
                    doc(i).is_some_and(|d| d.issued <= ctx && d.issued >= from)
                });
            }
            (None, None) => {
                return Resolution::Unknown(Unresolved::YearNotStated {
                    candidates: all.len(),
                })
            }
        }
        let cited_issuer = cited.issuer.as_deref().map(issuer_key);
        let code_kind = symbol.kind();
        if let Some(date) = cited.date {
            keep("date", &mut left, &|i| {
                doc(i).is_some_and(|d| d.issued == date)
            });
        }
        if let Some(kind) = cited.kind {
            keep("kind", &mut left, &|i| {
                doc(i).is_some_and(|d| d.kind == kind)
            });
        }
        if let Some(kind) = code_kind.or(retyped_kind) {
            keep("kind", &mut left, &|i| {
                doc(i).is_some_and(|d| d.kind == kind)
            });
        }
        let cited_parts = cited.issuer.as_deref().map(|i| {
            let parts = issuer_parts(i);
            if parts.is_empty() {
                vec![issuer_key(i)]
            } else {
                parts
            }
        });
        if let Some(key) = &cited_issuer {
            keep("issuer", &mut left, &|i| {
                let named = self
                    .issuer_keys
                    .get(i)
                    .is_some_and(|ks| ks.iter().any(|k| issuer_matches(key, k)));
                // A joint document cited by some of its bodies ("của TAND Tối cao và
                // VKSND Tối cao", "của VKSND Tối cao, Bộ Nội vụ, …" read to the comma).
                let joint = || {
                    let parts = self.co_issuers.get(i).map_or(&[][..], Vec::as_slice);
                    let cited = cited_parts.as_deref().unwrap_or_default();
                    !parts.is_empty()
                        && !cited.is_empty()
                        && cited
                            .iter()
                            .all(|c| parts.iter().any(|p| issuer_matches(c, p)))
                };
                named || joint()
            });
        }
        if year.is_none() && left.len() > 1 {
            // Read without a stated year: the latest year's documents.
            let latest = left
                .iter()
                .filter_map(|&i| doc(i))
                .map(Document::year)
                .max();
            left.retain(|&i| doc(i).map(Document::year) == latest);
        }
        match left.as_slice() {
            [] => Resolution::Unknown(Unresolved::Conflict { field: last_field }),
            [one] => match doc(*one) {
                Some(d) => Resolution::Resolved(d),
                None => Resolution::Unknown(Unresolved::NotInRegistry),
            },
            many => Resolution::Ambiguous(many.iter().filter_map(|&i| doc(i)).collect()),
        }
    }
}

/// The key a symbol is read as when its type code names no kind but the words do
/// (`22/2004/CP-TTg` in "Chỉ thị số …" → `22/ct-ttg`), or is `QC` (quy chế: rules are
/// issued by a decision of their number, `73/2004/QC-BTC` → `73/qd-btc`), with the kind
/// that key's documents must have. Only for a symbol with codes after its type code.
fn retyped(symbol: &Symbol, words: Option<DocumentKind>) -> Option<(String, DocumentKind)> {
    if symbol.kind().is_some() || symbol.issuer_codes().is_empty() {
        return None;
    }
    let code = if symbol.type_code() == "qc" {
        "qd"
    } else {
        words.and_then(code_of_kind)?
    };
    let kind = kind_from_code(code)?;
    let key = symbol.key();
    let (number, codes) = key.split_once('/')?;
    let (_, rest) = codes.split_once('-')?;
    Some((format!("{number}/{code}-{rest}"), kind))
}

/// A symbol key with every ministry code after the type code written without its `B`
/// (`18/ttlt-btm-bcn` → `18/ttlt-tm-cn`): articles write "BTM - CN" for the Ministries
/// of Trade and of Industry. A code counts as a ministry's when it starts with `b` and
/// has three letters or more.
fn ministry_loose(key: &str) -> String {
    let Some((number, codes)) = key.split_once('/') else {
        return key.to_string();
    };
    let codes: Vec<&str> = codes
        .split('-')
        .enumerate()
        .map(|(n, c)| match c.strip_prefix('b') {
            Some(rest) if n > 0 && rest.chars().count() >= 2 => rest,
            _ => c,
        })
        .collect();
    format!("{number}/{}", codes.join("-"))
}

/// A symbol key with a type code put before its codes: `42/cp` and `nd` → `42/nd-cp`.
fn with_type_code(key: &str, code: &str) -> Option<String> {
    let (number, codes) = key.split_once('/')?;
    Some(format!("{number}/{code}-{codes}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentKind;

    fn d(id: &str, symbol: &str, issuer: &str, issued: (i32, u32, u32)) -> Document {
        let symbol: Symbol = symbol.parse().unwrap();
        Document {
            id: id.parse().unwrap(),
            slug: id.parse().unwrap(),
            kind: symbol.kind().unwrap_or(DocumentKind::Other),
            symbol,
            issuer: issuer.into(),
            issuer_aliases: vec![],
            signer: None,
            fields: vec![],
            issued: NaiveDate::from_ymd_opt(issued.0, issued.1, issued.2).unwrap(),
            effective: None,
            expires: None,
            summary: "Trích yếu".into(),
            body: vec![],
            attachments: vec![],
            relations: vec![],
        }
    }

    fn cite(number: &str, date: Option<(i32, u32, u32)>, issuer: Option<&str>) -> CitedDocument {
        CitedDocument {
            number: number.into(),
            kind: None,
            issuer: issuer.map(String::from),
            date: date.and_then(|(y, m, dd)| NaiveDate::from_ymd_opt(y, m, dd)),
            year: None,
        }
    }

    #[test]
    fn number_alone_is_not_enough() {
        let r = Registry::new([
            d(
                "st-2018",
                "08/KH-UBND",
                "UBND tỉnh Sóc Trăng",
                (2018, 1, 22),
            ),
            d(
                "st-2019",
                "08/KH-UBND",
                "UBND tỉnh Sóc Trăng",
                (2019, 1, 20),
            ),
            d("bl-2018", "08/KH-UBND", "UBND tỉnh Bạc Liêu", (2018, 1, 22)),
        ])
        .unwrap();
        let id = |c: &CitedDocument| r.resolve(c).document().map(|d| d.id.to_string());
        assert_eq!(
            r.resolve(&cite("08/KH-UBND", None, None)),
            Resolution::Unknown(Unresolved::YearNotStated { candidates: 3 })
        );
        assert!(matches!(
            r.resolve(&cite("08/KH-UBND", Some((2018, 1, 22)), None)),
            Resolution::Ambiguous(v) if v.len() == 2
        ));
        assert_eq!(
            id(&cite(
                "08/KH-UBND",
                Some((2018, 1, 22)),
                Some("UBND tỉnh Sóc Trăng")
            ))
            .as_deref(),
            Some("st-2018")
        );
        assert_eq!(
            id(&cite(
                "08/KH-UBND",
                Some((2018, 1, 22)),
                Some("Ủy ban nhân dân tỉnh Bạc Liêu")
            ))
            .as_deref(),
            Some("bl-2018")
        );
        assert_eq!(
            id(&cite("08/KH-UBND", Some((2019, 1, 20)), None)).as_deref(),
            Some("st-2019")
        );
        assert_eq!(
            r.resolve(&cite("08/KH-UBND", Some((2018, 1, 23)), None)),
            Resolution::Unknown(Unresolved::Conflict { field: "date" })
        );
        assert_eq!(
            r.resolve(&cite("08/2019/KH-UBND", Some((2018, 1, 22)), None)),
            Resolution::Unknown(Unresolved::Conflict { field: "date" })
        );
        assert_eq!(
            r.resolve(&cite("09/KH-UBND", Some((2018, 1, 22)), None)),
            Resolution::Unknown(Unresolved::NotInRegistry)
        );
        assert_eq!(
            r.resolve(&cite("KH-UBND", None, None)),
            Resolution::Unknown(Unresolved::BadNumber)
        );
        let mut c = cite("08/KH-UBND", Some((2019, 1, 20)), None);
        c.kind = Some(DocumentKind::Decision);
        assert_eq!(
            r.resolve(&c),
            Resolution::Unknown(Unresolved::Conflict { field: "kind" })
        );
    }

    #[test]
    fn symbol_year_apart_from_the_issue_year() {
        let r = Registry::new([
            d(
                "pl",
                "24/1999/PL-UBTVQH10",
                "Ủy ban Thường vụ Quốc hội",
                (2000, 4, 28),
            ),
            d("qd", "26/2003/QĐ-UB", "UBND", (2003, 1, 30)),
        ])
        .unwrap();
        let id = |c: &CitedDocument| r.resolve(c).document().map(|d| d.id.to_string());
        assert_eq!(
            id(&cite("24/1999/PL-UBTVQH10", Some((2000, 4, 28)), None)).as_deref(),
            Some("pl")
        );
        assert_eq!(
            id(&cite("24/1999/PL-UBTVQH10", None, None)).as_deref(),
            Some("pl")
        );
        assert_eq!(
            r.resolve(&cite("24/1999/PL-UBTVQH10", Some((2000, 4, 29)), None)),
            Resolution::Unknown(Unresolved::Conflict { field: "date" })
        );
        // A date of another year reaches no document carrying the date's year instead.
        assert_eq!(
            r.resolve(&cite("26/2006/QĐ-UB", Some((2003, 1, 30)), None)),
            Resolution::Unknown(Unresolved::Conflict { field: "date" })
        );
    }

    #[test]
    fn decree_symbols_written_three_ways() {
        let mut old = d("cp-1996-42", "42/CP", "Chính phủ", (1996, 7, 16));
        old.kind = DocumentKind::Decree;
        let r = Registry::new([
            old,
            d("cp-2004-121", "121/2004/NĐ-CP", "Chính phủ", (2004, 5, 12)),
            d("ub-2004-121", "121/2004/QĐ-UB", "UBND", (2004, 5, 12)),
        ])
        .unwrap();
        let id = |c: &CitedDocument| r.resolve(c).document().map(|d| d.id.to_string());
        // Registered without its type code, cited with it, and back.
        assert_eq!(
            id(&cite("42/NĐ-CP", Some((1996, 7, 16)), None)).as_deref(),
            Some("cp-1996-42")
        );
        assert_eq!(id(&cite("42/NĐ-CP", Some((1997, 7, 16)), None)), None);
        assert_eq!(id(&cite("42/QĐ-CP", Some((1996, 7, 16)), None)), None);
        // `NĐ` alone is the Government's; another type code alone is not widened.
        assert_eq!(
            id(&cite("121/NĐ/2004", None, None)).as_deref(),
            Some("cp-2004-121")
        );
        assert_eq!(id(&cite("121/NĐ/2005", None, None)), None);
        assert_eq!(id(&cite("121/QĐ/2004", None, None)), None);
        assert_eq!(id(&cite("121/NĐ-UB", Some((2004, 5, 12)), None)), None);
    }

    #[test]
    fn miswritten_codes_with_a_stated_year() {
        let mut ct = d("ct", "22/2004/CT-TTg", "Thủ tướng Chính phủ", (2004, 6, 2));
        ct.kind = DocumentKind::Directive;
        let mut ct_old = d(
            "ct-old",
            "22/2003/CT-TTg",
            "Thủ tướng Chính phủ",
            (2003, 6, 2),
        );
        ct_old.kind = DocumentKind::Directive;
        let qd = d("qd", "73/2004/QĐ-BTC", "Bộ Tài chính", (2004, 9, 15));
        let ttlt = d(
            "ttlt",
            "18/2005/TTLT-BTM-BCN",
            "Bộ Thương mại - Bộ Công nghiệp",
            (2005, 10, 21),
        );
        let r = Registry::new([ct, ct_old, qd, ttlt]).unwrap();
        let with_kind = |number: &str, kind: Option<DocumentKind>, issuer: Option<&str>| {
            let mut c = cite(number, None, issuer);
            c.kind = kind;
            r.resolve(&c).document().map(|d| d.id.to_string())
        };
        let directive = Some(DocumentKind::Directive);
        // A type code that names no kind, read by the words' kind and the year.
        assert_eq!(
            with_kind("22/2004/CP-TTg", directive, None).as_deref(),
            Some("ct")
        );
        assert_eq!(
            with_kind("22/2003/CP-TTg", directive, None).as_deref(),
            Some("ct-old")
        );
        // No kind in the words, another kind, no year, another issuer: nothing.
        assert_eq!(with_kind("22/2004/CP-TTg", None, None), None);
        assert_eq!(
            with_kind("22/2004/CP-TTg", Some(DocumentKind::Decision), None),
            None
        );
        assert_eq!(with_kind("22/CP-TTg", directive, None), None);
        assert_eq!(
            with_kind("22/2004/CP-TTg", directive, Some("Bộ Tài chính")),
            None
        );
        // A type code that names a kind is never replaced.
        assert_eq!(with_kind("22/2004/QĐ-TTg", directive, None), None);
        // Rules cited by their code are the decision's; not another year's or kind's.
        assert_eq!(
            with_kind("73/2004/QC-BTC", None, None).as_deref(),
            Some("qd")
        );
        assert_eq!(with_kind("73/2005/QC-BTC", None, None), None);
        assert_eq!(with_kind("73/2004/QC-BTC", directive, None), None);
        // A ministry's code without its B.
        assert_eq!(
            with_kind("18/2005/TTLT-BTM-CN", None, None).as_deref(),
            Some("ttlt")
        );
        assert_eq!(
            with_kind("18/2005/TTLT-TM-CN", None, None).as_deref(),
            Some("ttlt")
        );
        assert_eq!(with_kind("18/2006/TTLT-BTM-CN", None, None), None);
        assert_eq!(with_kind("18/TTLT-BTM-CN", None, None), None);
        assert_eq!(with_kind("18/2005/TT-BTM-CN", None, None), None);
        assert_eq!(
            with_kind("18/2005/TTLT-BTM-CN", None, Some("Bộ Y tế")),
            None
        );
        assert_eq!(ministry_loose("18/ttlt-btm-bcn"), "18/ttlt-tm-cn");
        assert_eq!(ministry_loose("5/bc-ub"), "5/bc-ub");
        assert_eq!(ministry_loose("5/qd-bt"), "5/qd-bt");
    }

    #[test]
    fn context_at_the_calendar_edge() {
        let r = Registry::new([d("a", "08/KH-UBND", "UBND", (2018, 1, 22))]).unwrap();
        let c = cite("08/KH-UBND", None, None);
        assert!(matches!(
            r.resolve_at(&c, NaiveDate::MIN),
            Resolution::Unknown(_)
        ));
        assert!(r
            .resolve_at(&c, NaiveDate::from_ymd_opt(2018, 12, 1).unwrap())
            .document()
            .is_some());
        assert!(matches!(
            r.resolve_at(&c, NaiveDate::from_ymd_opt(2019, 2, 1).unwrap()),
            Resolution::Unknown(Unresolved::Conflict { field: "year" })
        ));
    }

    #[test]
    fn registry_rejects_duplicates() {
        let a = d("a", "08/KH-UBND", "UBND", (2018, 1, 22));
        assert!(matches!(
            Registry::new([a.clone(), a.clone()]),
            Err(RegistryError::DuplicateId(_))
        ));
        let mut b = a.clone();
        b.id = "b".parse().unwrap();
        assert!(matches!(
            Registry::new([a, b]),
            Err(RegistryError::DuplicateSlug { .. })
        ));
    }
}
