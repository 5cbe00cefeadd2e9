//! The plain JSON Lines import format for documents, beside the article one.
//!
//! One JSON object per line; `symbol`, `issuer`, `issued` and `summary` are required:
//!
//! ```json
//! {"id":"ubnd-st-2018-kh-08","symbol":"08/KH-UBND","kind":"Kế hoạch",
//!  "issuer":"UBND tỉnh Sóc Trăng","signer":"…","field":"Thi đua, khen thưởng",
//!  "issued":"22/01/2018","effective":"22/01/2018","expires":"01/01/2019",
//!  "summary":"…","body":"đoạn 1\nđoạn 2",
//!  "attachments":[{"name":"08-KH-UBND.pdf","media_type":"application/pdf","size":182044,"url":"/files/08-KH-UBND.pdf"}],
//!  "replaces":["id"],"amends":["id"],"guides":["id"],"implements":["id"]}
//! ```
//!
//! The full [`Document`] JSON (`fields`, `relations` as written by `serde_json`) is a
//! valid line too.
//!
//! - `id` is optional: when absent it is built from the symbol and the year of issue;
//! - `slug` is optional: built from kind, symbol and year (`ke-hoach-08-kh-ubnd-2018`),
//!   made unique within the import with `-2`, `-3`, …;
//! - `kind` is a Vietnamese name (`Kế hoạch`, `Nghị định`, any case or tone style) or the
//!   JSON name (`plan`); when absent it comes from the symbol's type code (`KH` → plan);
//! - dates accept `22/01/2018`, `22-01-2018` and `2018-01-22`;
//! - `field` (one) or `fields` (a list); `body` a string split at `\n` or a list;
//! - text is normalised to NFC; unknown fields are ignored.
//!
//! A bad line is reported with its 1-based line number and never stops the others.
//!
//! ```
//! use tintuc::document::read_documents;
//! let input = concat!(
//!   r#"{"symbol":"08/KH-UBND","issuer":"UBND tỉnh Sóc Trăng","issued":"22/01/2018","summary":"Thi đua năm 2018"}"#, "\n",
//!   r#"{"symbol":"08/KH-UBND","issuer":"UBND tỉnh Sóc Trăng","issued":"31/02/2018","summary":"x"}"#, "\n");
//! let report = read_documents(input.as_bytes())?;
//! assert_eq!(report.documents[0].slug.as_str(), "ke-hoach-08-kh-ubnd-2018");
//! assert_eq!(report.documents[0].id.as_str(), "2018-08-kh-ubnd");
//! assert_eq!(report.errors[0].line, 2);
//! assert_eq!(report.errors[0].to_string(), "line 2: field `issued`: not a date (22/01/2018 or 2018-01-22)");
//! # Ok::<(), std::io::Error>(())
//! ```

use std::collections::HashSet;
use std::io::BufRead;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::model::{DocumentKind, Link, Slug};
use crate::text::fold;

use super::{Attachment, Document, DocumentError, DocumentId, Relation, RelationKind, Symbol};

/// Why one line of a document import failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentLineErrorKind {
    /// Not a JSON object of the expected shape.
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
    /// The resulting document failed validation.
    #[error(transparent)]
    Invalid(#[from] DocumentError),
}

/// A bad line, with its 1-based number.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {kind}")]
pub struct DocumentLineError {
    /// 1-based line number.
    pub line: usize,
    /// What went wrong.
    pub kind: DocumentLineErrorKind,
}

/// The outcome of [`read_documents`].
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct DocumentImportReport {
    /// Documents read, in input order.
    pub documents: Vec<Document>,
    /// Every bad line, in input order.
    pub errors: Vec<DocumentLineError>,
    /// Lines read, including blank and bad ones.
    pub lines: usize,
}

#[derive(Deserialize)]
struct PlainAttachment {
    name: String,
    #[serde(default)]
    media_type: Option<String>,
    #[serde(default)]
    size: Option<u64>,
    url: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => s.split('\n').map(str::to_string).collect(),
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
struct PlainDocument {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    slug: Option<String>,
    symbol: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    issuer: Option<String>,
    #[serde(default)]
    issuer_aliases: Vec<String>,
    #[serde(default)]
    signer: Option<String>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    fields: Vec<String>,
    issued: Option<String>,
    #[serde(default)]
    effective: Option<String>,
    #[serde(default)]
    expires: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    body: Option<OneOrMany>,
    #[serde(default)]
    attachments: Vec<PlainAttachment>,
    #[serde(default)]
    replaces: Vec<String>,
    #[serde(default)]
    amends: Vec<String>,
    #[serde(default)]
    guides: Vec<String>,
    #[serde(default)]
    implements: Vec<String>,
    #[serde(default)]
    relations: Vec<Relation>,
}

fn nfc(s: &str) -> String {
    crate::text::nfc(s.trim()).into_owned()
}

fn field(field: &'static str, reason: impl Into<String>) -> DocumentLineErrorKind {
    DocumentLineErrorKind::Field {
        field,
        reason: reason.into(),
    }
}

/// Reads `22/01/2018`, `22-01-2018` or `2018-01-22`.
pub(crate) fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

fn day(name: &'static str, v: Option<&str>) -> Result<Option<NaiveDate>, DocumentLineErrorKind> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_day(s)
            .map(Some)
            .ok_or_else(|| field(name, "not a date (22/01/2018 or 2018-01-22)")),
    }
}

/// A kind from its Vietnamese name (any case, tone style or form) or its JSON name.
///
/// ```
/// use tintuc::document::parse_kind;
/// use tintuc::model::DocumentKind;
/// assert_eq!(parse_kind("Kế hoạch"), Some(DocumentKind::Plan));
/// assert_eq!(parse_kind("NGHỊ ĐỊNH"), Some(DocumentKind::Decree));
/// assert_eq!(parse_kind("official_letter"), Some(DocumentKind::OfficialLetter));
/// assert_eq!(parse_kind("Văn bản"), Some(DocumentKind::Other));
/// assert_eq!(parse_kind("Thư"), None);
/// ```
pub fn parse_kind(s: &str) -> Option<DocumentKind> {
    let f = fold(s);
    if let Some(k) = DocumentKind::ALL
        .into_iter()
        .chain([DocumentKind::Other])
        .find(|k| fold(k.vietnamese_name()) == f)
    {
        return Some(k);
    }
    serde_json::from_value(serde_json::Value::String(s.trim().to_string())).ok()
}

fn parse_record(line: &str) -> Result<Document, DocumentLineErrorKind> {
    let rec: PlainDocument = serde_json::from_str(line)?;
    let required = |v: Option<String>, name: &'static str| {
        v.map(|s| nfc(&s))
            .filter(|s| !s.is_empty())
            .ok_or(DocumentLineErrorKind::Missing(name))
    };
    let symbol_text = required(rec.symbol, "symbol")?;
    let symbol = Symbol::new(symbol_text).map_err(|e| field("symbol", e.reason))?;
    let issuer = required(rec.issuer, "issuer")?;
    let summary = required(rec.summary, "summary")?;
    let issued =
        day("issued", rec.issued.as_deref())?.ok_or(DocumentLineErrorKind::Missing("issued"))?;
    let kind = match rec.kind.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(k) => parse_kind(k).ok_or_else(|| field("kind", format!("unknown kind {k:?}")))?,
        None => symbol
            .kind()
            .ok_or_else(|| field("kind", "missing, and the symbol's type code names no kind"))?,
    };
    let year = symbol.year().unwrap_or(issued.year());
    let id = match rec.id {
        Some(id) => id,
        None => format!(
            "{year}-{}",
            crate::text::slugify(symbol.as_str()).unwrap_or_default()
        ),
    };
    let id = DocumentId::new(id).map_err(|e| field("id", e.reason))?;
    let slug = match rec.slug {
        Some(s) => Slug::new(s).map_err(|_| field("slug", "must match [a-z0-9]+(-[a-z0-9]+)*"))?,
        None => {
            let mut base = format!("{} {}", kind.vietnamese_name(), symbol);
            if symbol.year().is_none() {
                base.push_str(&format!(" {year}"));
            }
            Slug::from_title(&base).ok_or_else(|| field("slug", "nothing to build a slug from"))?
        }
    };
    let mut fields: Vec<String> = rec.fields.iter().map(|f| nfc(f)).collect();
    if let Some(f) = rec.field {
        fields.insert(0, nfc(&f));
    }
    let body = rec
        .body
        .map(OneOrMany::into_vec)
        .unwrap_or_default()
        .iter()
        .map(|p| nfc(p))
        .filter(|p| !p.is_empty())
        .collect();
    let mut attachments = Vec::new();
    for a in rec.attachments {
        let url = Link::new(a.url).map_err(|e| field("attachments", e.to_string()))?;
        let media_type = a
            .media_type
            .unwrap_or_else(|| media_type_of(url.as_str()).to_string());
        attachments.push(Attachment {
            name: nfc(&a.name),
            media_type,
            size: a.size,
            url,
        });
    }
    let mut relations = Vec::new();
    for (kind, ids, name) in [
        (RelationKind::Replaces, rec.replaces, "replaces"),
        (RelationKind::Amends, rec.amends, "amends"),
        (RelationKind::Guides, rec.guides, "guides"),
        (RelationKind::Implements, rec.implements, "implements"),
    ] {
        for t in ids {
            let target = DocumentId::new(t).map_err(|e| field(name, e.to_string()))?;
            relations.push(Relation { kind, target });
        }
    }
    relations.extend(rec.relations);
    let doc = Document {
        id,
        slug,
        symbol,
        kind,
        issuer,
        issuer_aliases: rec.issuer_aliases.iter().map(|a| nfc(a)).collect(),
        signer: rec.signer.map(|s| nfc(&s)).filter(|s| !s.is_empty()),
        fields,
        issued,
        effective: day("effective", rec.effective.as_deref())?,
        expires: day("expires", rec.expires.as_deref())?,
        summary,
        body,
        attachments,
        relations,
    };
    doc.validate()?;
    Ok(doc)
}

/// The media type a file name's extension suggests (`application/octet-stream` if none).
fn media_type_of(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let ext = path.rsplit_once('.').map(|x| x.1.to_ascii_lowercase());
    match ext.as_deref() {
        Some("pdf") => "application/pdf",
        Some("doc") => "application/msword",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xls") => "application/vnd.ms-excel",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("zip") => "application/zip",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// Reads documents in the plain JSON Lines format (or the full [`Document`] JSON, which
/// is also a valid plain line). Bad lines are reported, not fatal; only a read error is.
pub fn read_documents(reader: impl BufRead) -> std::io::Result<DocumentImportReport> {
    let mut report = DocumentImportReport::default();
    let mut slugs: HashSet<Slug> = HashSet::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        report.lines += 1;
        if line.trim().is_empty() {
            continue;
        }
        match parse_record(&line) {
            Ok(mut d) => {
                if slugs.contains(&d.slug) {
                    let base = d.slug.to_string();
                    let mut k = 2;
                    while let Ok(s) = Slug::new(format!("{base}-{k}")) {
                        if !slugs.contains(&s) {
                            d.slug = s;
                            break;
                        }
                        k += 1;
                    }
                }
                slugs.insert(d.slug.clone());
                report.documents.push(d);
            }
            Err(kind) => report.errors.push(DocumentLineError { line: n + 1, kind }),
        }
    }
    Ok(report)
}

/// The bundled sample registry: documents written for this crate that the sample
/// articles (`import::SAMPLE_JSONL`) cite, in the plain format.
pub const SAMPLE_DOCUMENTS_JSONL: &str = include_str!("../../data/documents.jsonl");

/// Why the bundled sample registry could not be read.
#[derive(Debug, thiserror::Error)]
#[error("sample documents: {0}")]
pub struct SampleError(#[from] DocumentLineError);

/// The bundled sample registry, parsed (every line must be valid).
///
/// ```
/// let docs = tintuc::document::sample_documents()?;
/// assert!(docs.len() >= 10);
/// # Ok::<(), tintuc::document::SampleError>(())
/// ```
pub fn sample_documents() -> Result<Vec<Document>, SampleError> {
    let report = read_documents(SAMPLE_DOCUMENTS_JSONL.as_bytes()).unwrap_or_default();
    if let Some(e) = report.errors.into_iter().next() {
        return Err(SampleError(e));
    }
    Ok(report.documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_json_is_a_plain_line() {
        for d in sample_documents().unwrap() {
            let line = serde_json::to_string(&d).unwrap();
            assert_eq!(parse_record(&line).unwrap(), d, "{line}");
        }
    }

    #[test]
    fn errors_name_fields() {
        let bad = [
            (r#"{"issuer":"x","issued":"2018-01-01","summary":"s"}"#, "missing required field `symbol`"),
            (r#"{"symbol":"08/KH","issuer":"x","issued":"2018-01-01","summary":"s","kind":"Thư"}"#, "field `kind`: unknown kind \"Thư\""),
            (r#"{"symbol":"08/XY","issuer":"x","issued":"2018-01-01","summary":"s"}"#, "field `kind`: missing, and the symbol's type code names no kind"),
            (r#"{"symbol":"08/KH","issuer":"x","issued":"2018-01-01","summary":"s","attachments":[{"name":"a","url":"javascript:x"}]}"#, "field `attachments`: invalid url \"javascript:x\": only http, https and relative links are allowed"),
            (r#"{"symbol":"08/KH","issuer":"x","issued":"2018-01-01","expires":"2017-01-01","summary":"s"}"#, "field `expires`: is earlier than `issued`"),
        ];
        for (line, msg) in bad {
            assert_eq!(parse_record(line).unwrap_err().to_string(), msg);
        }
        let d = parse_record(r#"{"symbol":"08/KH","issuer":"x","issued":"2018-01-01","summary":"s","attachments":[{"name":"a","url":"/f/a.PDF"}]}"#).unwrap();
        assert_eq!(d.attachments[0].media_type, "application/pdf");
    }
}
