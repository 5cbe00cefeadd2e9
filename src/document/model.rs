//! The official document (văn bản) and its parts.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{DocumentKind, Link, Slug, Timestamp, VIETNAM_OFFSET};

use super::Symbol;

/// Why a [`DocumentId`] was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document id {value:?}: {reason}")]
pub struct DocumentIdError {
    /// The rejected input.
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// A stable document identifier: 1–256 bytes, no whitespace or control characters.
///
/// ```
/// use tintuc::document::DocumentId;
/// let id: DocumentId = "ubnd-st-2018-08-kh".parse()?;
/// assert_eq!(id.as_str(), "ubnd-st-2018-08-kh");
/// assert!("có dấu cách".parse::<DocumentId>().is_err());
/// # Ok::<(), tintuc::document::DocumentIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocumentId(String);

impl DocumentId {
    /// Checks and wraps an id.
    pub fn new(value: impl Into<String>) -> Result<Self, DocumentIdError> {
        let value = value.into();
        let reason = if value.is_empty() {
            Some("must not be empty")
        } else if value.len() > crate::model::MAX_ID_LEN {
            Some("longer than 256 bytes")
        } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("contains whitespace or control characters")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(DocumentIdError { value, reason }),
            None => Ok(Self(value)),
        }
    }
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for DocumentId {
    type Err = DocumentIdError;
    fn from_str(s: &str) -> Result<Self, DocumentIdError> {
        Self::new(s)
    }
}

impl TryFrom<String> for DocumentId {
    type Error = DocumentIdError;
    fn try_from(s: String) -> Result<Self, DocumentIdError> {
        Self::new(s)
    }
}

impl From<DocumentId> for String {
    fn from(v: DocumentId) -> String {
        v.0
    }
}

/// A file attached to a document (the signed scan, an annex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// File name shown to readers, e.g. "08-KH-UBND.pdf".
    pub name: String,
    /// Media type, e.g. `application/pdf`.
    pub media_type: String,
    /// Size in bytes, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Where it is downloaded from (http, https or relative only).
    pub url: Link,
}

/// How a document relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RelationKind {
    /// It replaces the other (thay thế).
    Replaces,
    /// It amends the other (sửa đổi, bổ sung).
    Amends,
    /// It guides the implementation of the other (hướng dẫn).
    Guides,
    /// It implements the other (thực hiện, triển khai).
    Implements,
}

impl RelationKind {
    /// The Vietnamese wording, e.g. "Thay thế".
    ///
    /// ```
    /// assert_eq!(tintuc::document::RelationKind::Guides.vietnamese_name(), "Hướng dẫn");
    /// ```
    pub fn vietnamese_name(self) -> &'static str {
        match self {
            RelationKind::Replaces => "Thay thế",
            RelationKind::Amends => "Sửa đổi, bổ sung",
            RelationKind::Guides => "Hướng dẫn",
            RelationKind::Implements => "Thực hiện",
        }
    }
}

/// A link from one document to another in the registry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Relation {
    /// How they relate.
    pub kind: RelationKind,
    /// The other document.
    pub target: DocumentId,
}

/// Whether a document is in force at some instant (tình trạng hiệu lực).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// Issued, but its effective date is still ahead (chưa có hiệu lực).
    NotYetInForce,
    /// In force (còn hiệu lực).
    InForce,
    /// Its expiry date has passed (hết hiệu lực).
    Expired,
}

impl Validity {
    /// The Vietnamese label shown on the badge.
    ///
    /// ```
    /// assert_eq!(tintuc::document::Validity::InForce.vietnamese_name(), "Còn hiệu lực");
    /// ```
    pub fn vietnamese_name(self) -> &'static str {
        match self {
            Validity::NotYetInForce => "Chưa có hiệu lực",
            Validity::InForce => "Còn hiệu lực",
            Validity::Expired => "Hết hiệu lực",
        }
    }
    /// A CSS-class-safe name: `chua-hieu-luc`, `con-hieu-luc`, `het-hieu-luc`.
    pub fn css_class(self) -> &'static str {
        match self {
            Validity::NotYetInForce => "chua-hieu-luc",
            Validity::InForce => "con-hieu-luc",
            Validity::Expired => "het-hieu-luc",
        }
    }
}

/// An official document (văn bản) in the portal's registry.
///
/// ```
/// use tintuc::document::{Document, Validity};
/// let json = r#"{"id":"ubnd-st-2018-08-kh","slug":"ke-hoach-08-kh-ubnd-2018",
///   "symbol":"08/KH-UBND","kind":"plan","issuer":"UBND tỉnh Sóc Trăng",
///   "issued":"2018-01-22","expires":"2019-01-01",
///   "summary":"Tổ chức hoạt động của các cụm, khối thi đua năm 2018"}"#;
/// let d: Document = serde_json::from_str(json)?;
/// d.validate()?;
/// assert_eq!(d.validity_at("2018-06-01T00:00:00Z".parse()?), Validity::InForce);
/// // 2018-12-31T17:00Z is already 1 January 2019 in Vietnam.
/// assert_eq!(d.validity_at("2018-12-31T17:00:00Z".parse()?), Validity::Expired);
/// assert_eq!(d.validity_at("2018-01-21T12:00:00+07:00".parse()?), Validity::NotYetInForce);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier.
    pub id: DocumentId,
    /// URL slug, unique in the registry.
    pub slug: Slug,
    /// Số ký hiệu, e.g. `08/KH-UBND`.
    pub symbol: Symbol,
    /// Loại văn bản.
    pub kind: DocumentKind,
    /// Cơ quan ban hành, e.g. "UBND tỉnh Sóc Trăng".
    pub issuer: String,
    /// Other names citations use for the issuer ("Ủy ban nhân dân tỉnh Sóc Trăng").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issuer_aliases: Vec<String>,
    /// Người ký.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// Lĩnh vực, e.g. "Thi đua, khen thưởng".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// Ngày ban hành.
    pub issued: NaiveDate,
    /// Ngày hiệu lực (the issue date when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// Ngày hết hiệu lực: the first day it is no longer in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// Trích yếu: what the document is about.
    pub summary: String,
    /// The text, paragraph by paragraph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<String>,
    /// Attached files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Documents it replaces, amends, guides or implements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
}

/// Which rule a document field broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentErrorKind {
    /// The field is empty or only whitespace.
    Empty,
    /// The field contains control characters (other than tab and newline).
    ControlCharacters,
    /// The field is longer than allowed.
    TooLong {
        /// The limit, in bytes.
        max: usize,
    },
    /// The date is earlier than the date it must follow.
    DateOrder {
        /// The field it must not precede.
        after: &'static str,
    },
    /// The year inside the symbol is not the year of issue. Only an advisory
    /// ([`Document::advisories`]): laws and ordinances carry the year of the session
    /// that passed them and are signed later (`24/1999/PL-UBTVQH10` of 28/4/2000), and a
    /// paper dated early in January may still carry last year's number.
    SymbolYear {
        /// The year in the symbol.
        symbol: i32,
        /// The year of issue.
        issued: i32,
    },
    /// A value appears twice where it must be unique.
    Duplicate {
        /// The repeated value.
        value: String,
    },
    /// The document relates to itself.
    SelfReference,
    /// A media type that is not `type/subtype`.
    MediaType,
}

impl fmt::Display for DocumentErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("must not be empty"),
            Self::ControlCharacters => f.write_str("contains control characters"),
            Self::TooLong { max } => write!(f, "longer than {max} bytes"),
            Self::DateOrder { after } => write!(f, "is earlier than `{after}`"),
            Self::SymbolYear { symbol, issued } => write!(
                f,
                "the symbol's year {symbol} is not the year of issue {issued}"
            ),
            Self::Duplicate { value } => write!(f, "duplicate value {value:?}"),
            Self::SelfReference => f.write_str("a document cannot relate to itself"),
            Self::MediaType => f.write_str("must be a media type such as application/pdf"),
        }
    }
}

/// A document validation failure, naming the field (`attachments[1].name`).
///
/// ```
/// use tintuc::document::{Document, DocumentErrorKind};
/// let mut d: Document = serde_json::from_str(r#"{"id":"d1","slug":"d1","symbol":"30/2020/NĐ-CP",
///   "kind":"decree","issuer":"Chính phủ","issued":"2020-03-05","expires":"2020-03-01",
///   "summary":"Về công tác văn thư"}"#)?;
/// let e = d.validate().unwrap_err();
/// assert_eq!(e.field, "expires");
/// assert_eq!(e.to_string(), "field `expires`: is earlier than `issued`");
/// d.expires = None;
/// d.validate()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {kind}")]
pub struct DocumentError {
    /// Path of the offending field.
    pub field: String,
    /// What is wrong.
    pub kind: DocumentErrorKind,
}

/// Longest accepted summary (trích yếu), in bytes.
pub const MAX_SUMMARY_LEN: usize = 2048;

fn has_controls(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
}

fn is_media_type(s: &str) -> bool {
    let ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let main = s.split(';').next().unwrap_or_default().trim();
    matches!(main.split_once('/'), Some((t, st)) if ok(t) && ok(st))
}

impl Document {
    /// The date it takes effect: [`Document::effective`], else the issue date.
    pub fn effective_from(&self) -> NaiveDate {
        self.effective.unwrap_or(self.issued)
    }

    /// Its validity at `at`, judged on the calendar day in Vietnam (UTC+07:00).
    pub fn validity_at(&self, at: Timestamp) -> Validity {
        self.validity_on(at.with_timezone(&VIETNAM_OFFSET).date_naive())
    }

    /// Its validity on a Vietnamese calendar day.
    pub fn validity_on(&self, day: NaiveDate) -> Validity {
        if day < self.effective_from() {
            Validity::NotYetInForce
        } else if self.expires.is_some_and(|e| day >= e) {
            Validity::Expired
        } else {
            Validity::InForce
        }
    }

    /// The year the document belongs to: the year in its symbol, else the issue year.
    pub fn year(&self) -> i32 {
        use chrono::Datelike;
        self.symbol.year().unwrap_or(self.issued.year())
    }

    /// A title for pages and links: kind, symbol and summary ("Kế hoạch 08/KH-UBND: …").
    ///
    /// ```
    /// let d: tintuc::document::Document = serde_json::from_str(r#"{"id":"d","slug":"d",
    ///   "symbol":"08/KH-UBND","kind":"plan","issuer":"UBND tỉnh Sóc Trăng",
    ///   "issued":"2018-01-22","summary":"Tổ chức hoạt động thi đua năm 2018"}"#)?;
    /// assert_eq!(d.title(), "Kế hoạch 08/KH-UBND: Tổ chức hoạt động thi đua năm 2018");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn title(&self) -> String {
        format!(
            "{} {}: {}",
            self.kind.vietnamese_name(),
            self.symbol,
            self.summary.trim()
        )
    }

    /// What is odd but allowed: the symbol's year differs from the year of issue
    /// ([`DocumentErrorKind::SymbolYear`]). A registry accepts such a document — laws
    /// carry the year of the session that passed them, and papers dated early in January
    /// may carry last year's number — and `tintuc check --documents` lists it, so a typo
    /// in the year is seen. A citation reaches it only by stating both the symbol's year
    /// and the exact date of issue (see `Registry`).
    ///
    /// ```
    /// let d: tintuc::document::Document = serde_json::from_str(r#"{"id":"pl","slug":"pl",
    ///   "symbol":"24/1999/PL-UBTVQH10","kind":"other","issuer":"Ủy ban Thường vụ Quốc hội",
    ///   "issued":"2000-04-28","summary":"Nhập cảnh, xuất cảnh, cư trú của người nước ngoài"}"#)?;
    /// d.validate()?;
    /// let notes = d.advisories();
    /// assert_eq!(notes[0].to_string(), "field `symbol`: the symbol's year 1999 is not the year of issue 2000");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn advisories(&self) -> Vec<DocumentError> {
        use chrono::Datelike;
        let mut out = Vec::new();
        if let Some(y) = self.symbol.year() {
            if y != self.issued.year() {
                out.push(DocumentError {
                    field: "symbol".into(),
                    kind: DocumentErrorKind::SymbolYear {
                        symbol: y,
                        issued: self.issued.year(),
                    },
                });
            }
        }
        out
    }

    /// Checks the document; the first problem found.
    pub fn validate(&self) -> Result<(), DocumentError> {
        match self.validation_errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every validation problem, in field order (empty when valid).
    pub fn validation_errors(&self) -> Vec<DocumentError> {
        let mut errs = Vec::new();
        let mut push = |field: String, kind| errs.push(DocumentError { field, kind });
        let text = |push: &mut dyn FnMut(String, DocumentErrorKind),
                    field: &str,
                    v: &str,
                    required: bool| {
            if required && v.trim().is_empty() {
                push(field.to_string(), DocumentErrorKind::Empty);
            }
            if has_controls(v) {
                push(field.to_string(), DocumentErrorKind::ControlCharacters);
            }
        };
        text(&mut push, "issuer", &self.issuer, true);
        for (i, a) in self.issuer_aliases.iter().enumerate() {
            text(&mut push, &format!("issuer_aliases[{i}]"), a, true);
        }
        if let Some(s) = &self.signer {
            text(&mut push, "signer", s, true);
        }
        let mut seen = HashSet::new();
        for (i, f) in self.fields.iter().enumerate() {
            text(&mut push, &format!("fields[{i}]"), f, true);
            if !seen.insert(f.as_str()) {
                push(
                    format!("fields[{i}]"),
                    DocumentErrorKind::Duplicate { value: f.clone() },
                );
            }
        }
        if let Some(e) = self.effective {
            if e < self.issued {
                push(
                    "effective".into(),
                    DocumentErrorKind::DateOrder { after: "issued" },
                );
            }
        }
        if let Some(x) = self.expires {
            if x <= self.effective_from() {
                let after = if self.effective.is_some() {
                    "effective"
                } else {
                    "issued"
                };
                push("expires".into(), DocumentErrorKind::DateOrder { after });
            }
        }
        text(&mut push, "summary", &self.summary, true);
        if self.summary.len() > MAX_SUMMARY_LEN {
            push(
                "summary".into(),
                DocumentErrorKind::TooLong {
                    max: MAX_SUMMARY_LEN,
                },
            );
        }
        for (i, p) in self.body.iter().enumerate() {
            text(&mut push, &format!("body[{i}]"), p, true);
        }
        for (i, a) in self.attachments.iter().enumerate() {
            text(&mut push, &format!("attachments[{i}].name"), &a.name, true);
            if !is_media_type(&a.media_type) {
                push(
                    format!("attachments[{i}].media_type"),
                    DocumentErrorKind::MediaType,
                );
            }
        }
        let mut seen_rel = HashSet::new();
        for (i, r) in self.relations.iter().enumerate() {
            if r.target == self.id {
                push(
                    format!("relations[{i}].target"),
                    DocumentErrorKind::SelfReference,
                );
            } else if !seen_rel.insert((r.kind, &r.target)) {
                push(
                    format!("relations[{i}]"),
                    DocumentErrorKind::Duplicate {
                        value: r.target.to_string(),
                    },
                );
            }
        }
        errs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        serde_json::from_str(
            r#"{"id":"d1","slug":"d1","symbol":"08/KH-UBND","kind":"plan",
            "issuer":"UBND tỉnh Sóc Trăng","issued":"2018-01-22","summary":"Thi đua"}"#,
        )
        .unwrap()
    }

    #[test]
    fn validation_names_fields() {
        let mut d = doc();
        d.validate().unwrap();
        d.issuer = " ".into();
        d.effective = Some(NaiveDate::from_ymd_opt(2018, 1, 1).unwrap());
        d.expires = Some(NaiveDate::from_ymd_opt(2017, 1, 1).unwrap());
        d.attachments.push(Attachment {
            name: "".into(),
            media_type: "pdf".into(),
            size: None,
            url: "/a.pdf".parse().unwrap(),
        });
        d.relations.push(Relation {
            kind: RelationKind::Replaces,
            target: d.id.clone(),
        });
        let fields: Vec<String> = d.validation_errors().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "issuer",
                "effective",
                "expires",
                "attachments[0].name",
                "attachments[0].media_type",
                "relations[0].target"
            ]
        );
    }

    #[test]
    fn validity_edges() {
        let mut d = doc();
        d.effective = Some(NaiveDate::from_ymd_opt(2018, 2, 1).unwrap());
        d.expires = Some(NaiveDate::from_ymd_opt(2019, 1, 1).unwrap());
        let on = |y, m, dd| d.validity_on(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        assert_eq!(on(2018, 1, 31), Validity::NotYetInForce);
        assert_eq!(on(2018, 2, 1), Validity::InForce);
        assert_eq!(on(2018, 12, 31), Validity::InForce);
        assert_eq!(on(2019, 1, 1), Validity::Expired);
        assert!(is_media_type("application/pdf"));
        assert!(is_media_type(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ));
        assert!(!is_media_type("application/"));
    }
}
