//! The plain JSON Lines import format, for migrating old portals.
//!
//! One JSON object per line. Only `id`, `title` and `body` are required:
//!
//! ```json
//! {"id":"a1","title":"...","body":"para 1\npara 2","category":"...","tags":["..."],
//!  "published":"2018-08-17T08:00:00+07:00","author":"...","lead":"..."}
//! ```
//!
//! - `body` is split into paragraphs at `\n` (blank paragraphs are dropped);
//! - `published` (and `updated`) accept RFC 3339, `17/8/2018`, `17/08/2018 08:00`,
//!   `17/08/2018 08:00:00` and `2018-08-17`; dates without an offset are Vietnam time (+07:00);
//!   a `published` date without a time of day sets [`Article::published_date_only`];
//! - `slug` is optional: when absent it is built from the title with
//!   [`Slug::from_title`], and made unique within the import with `-2`, `-3`, …;
//! - `author` is a string, `authors` a list of strings; `tags` repeated are kept once;
//! - unknown fields are ignored;
//! - a line whose `body` is a JSON array is read as the crate's full [`Article`] JSON
//!   (the bundled sample uses this).
//!
//! # Repairs
//! Text is repaired, not rejected, and every repair is reported as a [`Repair`] with
//! its line, article id and field ([`ImportReport::repairs`]), in this order per field:
//! - a legacy encoding or mojibake is undone ([`crate::text::repair::repair`], field by
//!   field); a line that is not UTF-8 at all is decoded as a whole first (field `line`)
//!   when it is TCVN3, VNI, VISCII or Windows-1258, and rejected otherwise;
//! - control characters are removed, except that tabs and line breaks in one-line
//!   fields (title, tags, names, captions) become spaces, and vertical tabs, form feeds,
//!   lone carriage returns and Unicode line/paragraph separators in a body become
//!   paragraph breaks;
//! - invisible characters (zero-width space, BOM, soft hyphen, directional marks) are
//!   removed; the joiners are kept;
//! - text is brought to Unicode NFC;
//! - a given `slug` longer than [`crate::model::MAX_SLUG_LEN`] is cut at a word boundary.
//!
//! Built slugs (article, category, tag) are [`Slug::from_title`], at most
//! [`crate::model::MAX_SLUG_LEN`] bytes. [`Importer::strict`] rejects a line that would
//! need any repair instead (and stops the import there).
//!
//! Blank lines are skipped. A bad line is reported with its 1-based line number and
//! never aborts the other lines, unless the caller asks for strict mode.
//!
//! ```
//! use tintuc::import::Importer;
//!
//! let input = "{\"id\":\"a1\",\"title\":\"Tin một\",\"body\":\"Một.\\nHai.\"}\nnot json\n";
//! let report = Importer::new().read(input.as_bytes())?;
//! assert_eq!(report.articles.len(), 1);
//! assert_eq!(report.errors.len(), 1);
//! assert_eq!(report.errors[0].line, 2);
//! # Ok::<(), tintuc::import::ImportError>(())
//! ```

use std::collections::HashSet;
use std::io::BufRead;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::Deserialize;

use crate::model::{
    Article, ArticleId, Author, Block, Category, ParseError, Slug, Status, Timestamp,
    ValidationError, MAX_SLUG_LEN, VIETNAM_OFFSET,
};

mod fix;
pub mod nukeviet;

use fix::{Fixer, Lines, Refused};
pub use fix::{Repair, RepairKind};

/// The bundled sample corpus (24 agency-news articles written for this crate, in the
/// full [`Article`] JSON form, one per line).
pub const SAMPLE_JSONL: &str = include_str!("../data/sample.jsonl");

/// The bundled sample corpus, parsed.
///
/// ```
/// let articles = tintuc::import::sample_articles()?;
/// assert!(articles.len() >= 20);
/// # Ok::<(), tintuc::import::ImportError>(())
/// ```
pub fn sample_articles() -> Result<Vec<Article>, ImportError> {
    let report = Importer::new().strict(true).read(SAMPLE_JSONL.as_bytes())?;
    Ok(report.articles)
}

/// Why one line could not be imported.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LineErrorKind {
    /// The line is not valid UTF-8.
    #[error("not valid UTF-8 (at byte {valid_up_to})")]
    InvalidUtf8 {
        /// Length of the valid prefix.
        valid_up_to: usize,
    },
    /// The line is not a JSON object of the expected shape.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A required field is missing or empty.
    #[error("missing required field `{0}`")]
    Missing(&'static str),
    /// A field has a value that cannot be used.
    #[error("field `{field}`: {reason}")]
    Field {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A newtype (id, slug, URL) was rejected.
    #[error(transparent)]
    Value(#[from] ParseError),
    /// The resulting article failed validation.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Strict mode: a field would need a repair.
    #[error("field `{field}`: needs repair ({repair}), refused in strict mode")]
    NeedsRepair {
        /// The field, as a path (`title`, `body[0].text`) or `line`.
        field: String,
        /// The repair it would need.
        repair: RepairKind,
    },
}

impl From<Refused> for LineErrorKind {
    fn from(r: Refused) -> Self {
        LineErrorKind::NeedsRepair {
            field: r.field,
            repair: r.kind,
        }
    }
}

/// A bad line, with its 1-based line number.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// The article id, when the line got far enough to have one.
    pub id: Option<String>,
    /// What went wrong.
    pub kind: LineErrorKind,
}

/// Errors that stop an import as a whole.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// Reading the input failed.
    #[error("reading input: {0}")]
    Io(#[from] std::io::Error),
    /// Strict mode: the first bad line.
    #[error("strict import stopped at {0}")]
    Strict(#[from] LineError),
}

/// The outcome of a lenient import.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Articles read, in input order.
    pub articles: Vec<Article>,
    /// Every bad line, in input order.
    pub errors: Vec<LineError>,
    /// Lines read, including blank and bad ones.
    pub lines: usize,
    /// Blank lines skipped.
    pub blank: usize,
    /// Articles whose slug got a `-N` suffix to stay unique.
    pub renamed_slugs: usize,
    /// Every repair made, in input order.
    pub repairs: Vec<Repair>,
    /// The 1-based line of each article in [`ImportReport::articles`] (same order).
    pub article_lines: Vec<usize>,
}

#[derive(Deserialize)]
struct PlainRecord {
    id: Option<serde_json::Value>,
    title: Option<String>,
    body: Option<serde_json::Value>,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    lead: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    authors: Option<Vec<String>>,
    #[serde(default)]
    status: Option<Status>,
}

/// Parses a date or date-time in the accepted forms; times without an offset are
/// Vietnam time (+07:00).
///
/// ```
/// use tintuc::import::parse_date;
/// let t = parse_date("17/8/2018").unwrap();
/// assert_eq!(t.to_rfc3339(), "2018-08-17T00:00:00+07:00");
/// assert_eq!(parse_date("17/08/2018 08:00").unwrap().to_rfc3339(), "2018-08-17T08:00:00+07:00");
/// assert!(parse_date("31/2/2018").is_none());
/// ```
pub fn parse_date(s: &str) -> Option<Timestamp> {
    parse_date_kind(s).map(|x| x.0)
}

/// [`parse_date`], and whether the text was a date alone (no time of day).
fn parse_date_kind(s: &str) -> Option<(Timestamp, bool)> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some((t, false));
    }
    let local = |dt: NaiveDateTime| VIETNAM_OFFSET.from_local_datetime(&dt).single();
    for fmt in [
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return local(dt).map(|t| (t, false));
        }
    }
    for fmt in ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return local(d.and_time(NaiveTime::MIN)).map(|t| (t, true));
        }
    }
    None
}

/// Parses one line (plain or full form) into an article, without slug de-duplication,
/// making the repairs described in the [module docs](self) (use [`Importer`] to see
/// them reported).
///
/// ```
/// let a = tintuc::import::parse_line(r#"{"id":"x","title":"Đà Nẵng","body":"Một."}"#)?;
/// assert_eq!(a.slug.as_str(), "da-nang");
/// let a = tintuc::import::parse_line(r#"{"id":"x","title":"Hµ Néi","body":"Một.\u000bHai."}"#)?;
/// assert_eq!((a.title.as_str(), a.body.len()), ("Hà Nội", 2));
/// # Ok::<(), tintuc::import::LineErrorKind>(())
/// ```
pub fn parse_line(line: &str) -> Result<Article, LineErrorKind> {
    parse_with(line, &mut Fixer::new(false))
}

fn parse_with(line: &str, fx: &mut Fixer) -> Result<Article, LineErrorKind> {
    let value: serde_json::Value = serde_json::from_str(line)?;
    if value.get("body").is_some_and(|b| b.is_array()) {
        let mut article: Article = serde_json::from_value(value)?;
        fix_article(&mut article, fx)?;
        article.slug = short_slug(article.slug, fx)?;
        article.validate()?;
        return Ok(article);
    }
    let rec: PlainRecord = serde_json::from_value(value)?;
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(LineErrorKind::Field {
                field: "id",
                reason: "must be a string or a number".into(),
            })
        }
        None => return Err(LineErrorKind::Missing("id")),
    };
    let id = ArticleId::new(id)?;
    let title = rec.title.ok_or(LineErrorKind::Missing("title"))?;
    let title = fx.text("title", title, Lines::One)?.trim().to_string();
    if title.is_empty() {
        return Err(LineErrorKind::Missing("title"));
    }
    let body = match rec.body {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => return Err(LineErrorKind::Missing("body")),
        Some(_) => {
            return Err(LineErrorKind::Field {
                field: "body",
                reason: "must be a string (paragraphs separated by \\n)".into(),
            })
        }
    };
    let slug = match rec.slug {
        Some(s) => short_slug(Slug::new(s)?, fx)?,
        None => Slug::from_title(&title)
            .or_else(|| Slug::from_title(id.as_str()))
            .ok_or_else(|| LineErrorKind::Field {
                field: "slug",
                reason: "neither title nor id has letters or digits to build a slug".into(),
            })?,
    };
    let mut a = Article::new(id, title, slug);
    let body = fx.text("body", body, Lines::Paragraphs)?;
    a.body = body
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(Block::paragraph)
        .collect();
    a.lead = match rec.lead {
        Some(l) => Some(fx.text("lead", l, Lines::One)?.trim().to_string()),
        None => None,
    }
    .filter(|l| !l.is_empty());
    if let Some(c) = rec.category {
        let c = fx.text("category", c, Lines::One)?.trim().to_string();
        if !c.is_empty() {
            a.category = Some(Category::from_name(c).ok_or_else(|| LineErrorKind::Field {
                field: "category",
                reason: "has no letters or digits to build a slug".into(),
            })?);
        }
    }
    let mut seen = HashSet::new();
    for (i, t) in rec.tags.unwrap_or_default().into_iter().enumerate() {
        let t = fx
            .text(&format!("tags[{i}]"), t, Lines::One)?
            .trim()
            .to_string();
        if !t.is_empty() && seen.insert(t.clone()) {
            a.tags.push(t);
        }
    }
    let names = rec.author.into_iter().map(|n| ("author".to_string(), n));
    let names = names.chain(
        rec.authors
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, n)| (format!("authors[{i}]"), n)),
    );
    for (field, n) in names {
        let n = fx.text(&field, n, Lines::One)?.trim().to_string();
        if !n.is_empty() {
            a.authors.push(Author::new(n));
        }
    }
    let date = |field: &'static str,
                v: Option<String>|
     -> Result<Option<(Timestamp, bool)>, LineErrorKind> {
        match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => parse_date_kind(s)
                .map(Some)
                .ok_or_else(|| LineErrorKind::Field {
                    field,
                    reason: format!(
                        "unrecognised date {s:?} (use RFC 3339, 17/8/2018 or 17/08/2018 08:00)"
                    ),
                }),
        }
    };
    let published = date("published", rec.published)?;
    a.published = published.map(|x| x.0);
    a.published_date_only = published.is_some_and(|x| x.1);
    a.updated = date("updated", rec.updated)?.map(|x| x.0);
    a.status = rec.status.unwrap_or(Status::Published);
    a.validate()?;
    Ok(a)
}

/// Cuts a given slug longer than [`MAX_SLUG_LEN`] at a word boundary.
fn short_slug(slug: Slug, fx: &mut Fixer) -> Result<Slug, LineErrorKind> {
    let s = slug.as_str();
    if s.len() <= MAX_SLUG_LEN {
        return Ok(slug);
    }
    let head = s.get(..MAX_SLUG_LEN).unwrap_or(s);
    let cut = if s.as_bytes().get(MAX_SLUG_LEN) == Some(&b'-') {
        head
    } else {
        head.rsplit_once('-').map_or(head, |x| x.0)
    };
    let short = Slug::new(cut.trim_end_matches('-'))?;
    fx.record(
        "slug",
        RepairKind::SlugShortened {
            len: short.as_str().len(),
        },
    )?;
    Ok(short)
}

/// Repairs every text field of a full-form article in place.
fn fix_article(a: &mut Article, fx: &mut Fixer) -> Result<(), Refused> {
    let take = |fx: &mut Fixer, field: &str, s: &mut String, lines: Lines| {
        let t = std::mem::take(s);
        *s = fx.text(field, t, lines)?;
        Ok::<(), Refused>(())
    };
    take(fx, "title", &mut a.title, Lines::One)?;
    if let Some(l) = &mut a.lead {
        take(fx, "lead", l, Lines::Block)?;
    }
    for (i, b) in a.body.iter_mut().enumerate() {
        match b {
            Block::Paragraph { text } | Block::Heading { text, .. } => {
                take(fx, &format!("body[{i}].text"), text, Lines::Block)?
            }
            Block::Quote { text, cite } => {
                take(fx, &format!("body[{i}].text"), text, Lines::Block)?;
                if let Some(c) = cite {
                    take(fx, &format!("body[{i}].cite"), c, Lines::One)?;
                }
            }
            Block::Figure(f) => {
                take(fx, &format!("body[{i}].alt"), &mut f.alt, Lines::One)?;
                if let Some(c) = &mut f.caption {
                    take(fx, &format!("body[{i}].caption"), c, Lines::Block)?;
                }
            }
            Block::List { items, .. } => {
                for (j, it) in items.iter_mut().enumerate() {
                    take(fx, &format!("body[{i}].items[{j}]"), it, Lines::Block)?;
                }
            }
        }
    }
    for (i, au) in a.authors.iter_mut().enumerate() {
        take(fx, &format!("authors[{i}].name"), &mut au.name, Lines::One)?;
        if let Some(r) = &mut au.role {
            take(fx, &format!("authors[{i}].role"), r, Lines::One)?;
        }
    }
    if let Some(c) = &mut a.category {
        take(fx, "category.name", &mut c.name, Lines::One)?;
    }
    for (i, t) in a.tags.iter_mut().enumerate() {
        take(fx, &format!("tags[{i}]"), t, Lines::One)?;
    }
    for (i, d) in a.documents.iter_mut().enumerate() {
        take(
            fx,
            &format!("documents[{i}].number"),
            &mut d.number,
            Lines::One,
        )?;
    }
    Ok(())
}

/// A streaming importer: feed it lines, get articles or line errors.
///
/// Keeps the slugs it has handed out so each import yields unique slugs.
#[derive(Debug, Default)]
pub struct Importer {
    strict: bool,
    line: usize,
    slugs: HashSet<Slug>,
    renamed: usize,
    repairs: Vec<Repair>,
}

impl Importer {
    /// A lenient importer.
    pub fn new() -> Self {
        Self::default()
    }

    /// In strict mode a line that would need a repair is a bad line, and
    /// [`Importer::read`] stops at the first bad line.
    ///
    /// ```
    /// use tintuc::import::{ImportError, Importer};
    /// let input = "{\"id\":\"a\",\"title\":\"Tin\\u0007\",\"body\":\"x\"}\n";
    /// assert_eq!(Importer::new().read(input.as_bytes())?.articles[0].title, "Tin");
    /// let err = Importer::new().strict(true).read(input.as_bytes()).unwrap_err();
    /// assert!(err.to_string().contains("field `title`: needs repair"), "{err}");
    /// # Ok::<(), ImportError>(())
    /// ```
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Parses the next line (bytes without the trailing newline). Returns `None` for a
    /// blank line.
    ///
    /// ```
    /// let mut imp = tintuc::import::Importer::new();
    /// let a = imp.next_line(br#"{"id":"1","title":"Tin","body":"x"}"#).unwrap()?;
    /// let b = imp.next_line(br#"{"id":"2","title":"Tin","body":"y"}"#).unwrap()?;
    /// assert_eq!((a.slug.as_str(), b.slug.as_str()), ("tin", "tin-2"));
    /// assert!(imp.next_line(b"   ").is_none());
    /// # Ok::<(), tintuc::import::LineError>(())
    /// ```
    pub fn next_line(&mut self, bytes: &[u8]) -> Option<Result<Article, LineError>> {
        self.line += 1;
        let line = self.line;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let mut fx = Fixer::new(self.strict);
        let decoded;
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let r = crate::text::repair::repair_bytes(bytes);
                match r.encoding {
                    Some(encoding) => {
                        decoded = r.text.into_owned();
                        if let Err(refused) = fx.record("line", RepairKind::Encoding { encoding }) {
                            return Some(Err(LineError {
                                line,
                                id: None,
                                kind: refused.into(),
                            }));
                        }
                        decoded.as_str()
                    }
                    None => {
                        return Some(Err(LineError {
                            line,
                            id: None,
                            kind: LineErrorKind::InvalidUtf8 {
                                valid_up_to: e.valid_up_to(),
                            },
                        }))
                    }
                }
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return None;
        }
        Some(match parse_with(text, &mut fx) {
            Ok(mut a) => {
                self.make_unique(&mut a);
                let id = a.id.as_str();
                self.repairs
                    .extend(fx.repairs.into_iter().map(|(field, kind)| Repair {
                        line,
                        id: id.to_string(),
                        field,
                        kind,
                    }));
                Ok(a)
            }
            Err(kind) => Err(LineError {
                line,
                id: serde_json::from_str::<serde_json::Value>(text)
                    .ok()
                    .and_then(|v| {
                        v.get("id")
                            .map(|i| i.to_string().trim_matches('"').to_owned())
                    }),
                kind,
            }),
        })
    }

    /// The repairs made since the last call (or since the start), in input order.
    ///
    /// ```
    /// let mut imp = tintuc::import::Importer::new();
    /// imp.next_line("{\"id\":\"1\",\"title\":\"Hµ Néi\",\"body\":\"x\"}".as_bytes());
    /// let repairs = imp.take_repairs();
    /// assert_eq!(repairs[0].to_string(), "line 1: article 1: field `title`: decoded from tcvn3");
    /// assert!(imp.take_repairs().is_empty());
    /// ```
    pub fn take_repairs(&mut self) -> Vec<Repair> {
        std::mem::take(&mut self.repairs)
    }

    fn make_unique(&mut self, a: &mut Article) {
        if self.slugs.insert(a.slug.clone()) {
            return;
        }
        for n in 2u64.. {
            if let Ok(s) = Slug::new(format!("{}-{n}", a.slug)) {
                if self.slugs.insert(s.clone()) {
                    a.slug = s;
                    self.renamed += 1;
                    return;
                }
            }
        }
    }

    /// Reads every line of `reader`. Lenient mode collects bad lines in the report;
    /// strict mode returns [`ImportError::Strict`] at the first one.
    pub fn read(mut self, mut reader: impl BufRead) -> Result<ImportReport, ImportError> {
        let mut report = ImportReport::default();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            if reader.read_until(b'\n', &mut buf)? == 0 {
                break;
            }
            let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
            report.lines += 1;
            match self.next_line(line) {
                None => report.blank += 1,
                Some(Ok(a)) => {
                    report.articles.push(a);
                    report.article_lines.push(self.line);
                }
                Some(Err(e)) if self.strict => return Err(ImportError::Strict(e)),
                Some(Err(e)) => report.errors.push(e),
            }
        }
        report.renamed_slugs = self.renamed;
        report.repairs = self.repairs;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fields() {
        let a = parse_line(
            r#"{"id":"a","title":" Tin ","body":"p1\n\n p2 \r\n","category":"Pháp luật","tags":["x","x"," y "],"published":"17/08/2018 08:00","author":"Trần Việt Tuấn","lead":"L","extra":1}"#,
        )
        .unwrap();
        assert_eq!(a.title, "Tin");
        assert_eq!(a.body.len(), 2);
        assert_eq!(a.tags, ["x", "y"]);
        assert_eq!(a.category.unwrap().slug.as_str(), "phap-luat");
        assert_eq!(a.authors[0].name, "Trần Việt Tuấn");
        assert_eq!(
            a.published.unwrap().to_rfc3339(),
            "2018-08-17T08:00:00+07:00"
        );
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(matches!(
            parse_line(r#"{"title":"t","body":"b"}"#),
            Err(LineErrorKind::Missing("id"))
        ));
        assert!(matches!(
            parse_line(r#"{"id":"x","body":"b"}"#),
            Err(LineErrorKind::Missing("title"))
        ));
        assert!(matches!(
            parse_line(r#"{"id":"x","title":"t"}"#),
            Err(LineErrorKind::Missing("body"))
        ));
        assert!(matches!(
            parse_line(r#"{"id":"x","title":"t","body":"b","published":"hôm qua"}"#),
            Err(LineErrorKind::Field {
                field: "published",
                ..
            })
        ));
        assert!(matches!(
            parse_line(r#"{"id":"x y","title":"t","body":"b"}"#),
            Err(LineErrorKind::Value(_))
        ));
    }

    #[test]
    fn strict_stops() {
        let input = b"{\"id\":\"a\",\"title\":\"t\",\"body\":\"b\"}\n{bad\n";
        let r = Importer::new().strict(true).read(&input[..]);
        assert!(matches!(
            r,
            Err(ImportError::Strict(LineError { line: 2, .. }))
        ));
    }

    #[test]
    fn sample_loads() {
        let v = sample_articles().unwrap();
        assert!(v.len() >= 20);
    }
}
