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
//! - `slug` is optional: when absent it is built from the title with
//!   [`Slug::from_title`], and made unique within the import with `-2`, `-3`, …;
//! - `author` is a string, `authors` a list of strings; `tags` repeated are kept once;
//! - unknown fields are ignored; text is normalised to NFC (documented repair);
//! - a line whose `body` is a JSON array is read as the crate's full [`Article`] JSON
//!   (the bundled sample uses this).
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
    ValidationError, VIETNAM_OFFSET,
};

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
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    let local = |dt: NaiveDateTime| VIETNAM_OFFSET.from_local_datetime(&dt).single();
    for fmt in [
        "%d/%m/%Y %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return local(dt);
        }
    }
    for fmt in ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return local(d.and_time(NaiveTime::MIN));
        }
    }
    None
}

fn nfc(s: &str) -> String {
    crate::text::nfc(s).into_owned()
}

/// Parses one line (plain or full form) into an article, without slug de-duplication.
///
/// ```
/// let a = tintuc::import::parse_line(r#"{"id":"x","title":"Đà Nẵng","body":"Một."}"#)?;
/// assert_eq!(a.slug.as_str(), "da-nang");
/// # Ok::<(), tintuc::import::LineErrorKind>(())
/// ```
pub fn parse_line(line: &str) -> Result<Article, LineErrorKind> {
    let value: serde_json::Value = serde_json::from_str(line)?;
    if value.get("body").is_some_and(|b| b.is_array()) {
        let article: Article = serde_json::from_value(value)?;
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
    let title = nfc(rec
        .title
        .as_deref()
        .ok_or(LineErrorKind::Missing("title"))?
        .trim());
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
        Some(s) => Slug::new(s)?,
        None => Slug::from_title(&title)
            .or_else(|| Slug::from_title(id.as_str()))
            .ok_or_else(|| LineErrorKind::Field {
                field: "slug",
                reason: "neither title nor id has letters or digits to build a slug".into(),
            })?,
    };
    let mut a = Article::new(id, title, slug);
    a.body = body
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Block::paragraph(nfc(p)))
        .collect();
    a.lead = rec.lead.map(|l| nfc(l.trim())).filter(|l| !l.is_empty());
    if let Some(c) = rec
        .category
        .map(|c| nfc(c.trim()))
        .filter(|c| !c.is_empty())
    {
        a.category = Some(Category::from_name(c).ok_or_else(|| LineErrorKind::Field {
            field: "category",
            reason: "has no letters or digits to build a slug".into(),
        })?);
    }
    let mut seen = HashSet::new();
    for t in rec.tags.unwrap_or_default() {
        let t = nfc(t.trim());
        if !t.is_empty() && seen.insert(t.clone()) {
            a.tags.push(t);
        }
    }
    let names = rec
        .author
        .into_iter()
        .chain(rec.authors.unwrap_or_default());
    a.authors = names
        .map(|n| nfc(n.trim()))
        .filter(|n| !n.is_empty())
        .map(Author::new)
        .collect();
    let date =
        |field: &'static str, v: Option<String>| -> Result<Option<Timestamp>, LineErrorKind> {
            match v.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(s) => parse_date(s).map(Some).ok_or_else(|| LineErrorKind::Field {
                    field,
                    reason: format!(
                        "unrecognised date {s:?} (use RFC 3339, 17/8/2018 or 17/08/2018 08:00)"
                    ),
                }),
            }
        };
    a.published = date("published", rec.published)?;
    a.updated = date("updated", rec.updated)?;
    a.status = rec.status.unwrap_or(Status::Published);
    a.validate()?;
    Ok(a)
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
}

impl Importer {
    /// A lenient importer.
    pub fn new() -> Self {
        Self::default()
    }

    /// In strict mode [`Importer::read`] stops at the first bad line.
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
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Some(Err(LineError {
                    line,
                    id: None,
                    kind: LineErrorKind::InvalidUtf8 {
                        valid_up_to: e.valid_up_to(),
                    },
                }))
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return None;
        }
        Some(match parse_line(text) {
            Ok(mut a) => {
                self.make_unique(&mut a);
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
                Some(Ok(a)) => report.articles.push(a),
                Some(Err(e)) if self.strict => return Err(ImportError::Strict(e)),
                Some(Err(e)) => report.errors.push(e),
            }
        }
        report.renamed_slugs = self.renamed;
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
