//! The article data model: what a Vietnamese agency or news portal publishes.
//!
//! This module owns plain data types and their validation. It never performs I/O,
//! never normalises text (it calls [`crate::text`] for slugs and cited documents) and
//! never renders: storage, import, ranking and rendering build on it, never the reverse.
//!
//! # Newtypes
//! Values that a raw `String` would let go wrong are newtypes that can only be built
//! valid: [`ArticleId`] (non-empty, no whitespace or control characters),
//! [`Slug`] (`[a-z0-9]+(-[a-z0-9]+)*`), [`WebUrl`] (absolute `http`/`https`) and
//! [`Link`] (absolute `http`/`https` or a relative reference — never `javascript:`).
//! Deserialisation goes through the same checks, so invalid JSON is rejected.
//!
//! # JSON interchange
//! [`Article`] serialises to JSON and deserialises back to an equal value
//! (the round trip is exact: `from_str(to_string(a)) == a`, and re-serialising gives
//! the same bytes). Optional fields that are absent are omitted.
//!
//! ```
//! use tintuc::model::{Article, Block, Status};
//!
//! let json = r#"{
//!   "id": "vks-2018-0817-thi-dua",
//!   "slug": "khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018",
//!   "title": "Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018",
//!   "lead": "Khối thi đua 1 tổ chức Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2018.",
//!   "body": [
//!     {"type": "paragraph", "text": "Dự hội nghị có đại diện Ban Thi đua - Khen thưởng tỉnh."},
//!     {"type": "figure", "src": "/uploads/2018/08/hoi-nghi.jpg", "alt": "Toàn cảnh Hội nghị",
//!      "caption": "Toàn cảnh Hội nghị", "width": 800, "height": 533}
//!   ],
//!   "authors": [{"name": "Trần Việt Tuấn"}],
//!   "category": {"name": "Hoạt động ngành", "slug": "hoat-dong-nganh"},
//!   "tags": ["thi đua khen thưởng"],
//!   "published": "2018-08-17T08:00:00+07:00",
//!   "status": "published",
//!   "documents": [{"number": "08/KH-UBND", "kind": "plan", "issuer": "UBND tỉnh Sóc Trăng",
//!                  "date": "2018-01-22"}]
//! }"#;
//! let article: Article = serde_json::from_str(json)?;
//! article.validate()?;
//! assert_eq!(article.status, Status::Published);
//! assert!(matches!(article.body[1], Block::Figure(_)));
//! let again: Article = serde_json::from_str(&serde_json::to_string(&article)?)?;
//! assert_eq!(again, article);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

mod curation;
mod diff;
mod ids;
mod lifecycle;
mod link;
mod rights;

pub use curation::{GroupEntry, Topic};
pub use diff::{changed_fields, diff, diff_blocks, ArticleDiff, BlockEdit, MAX_ALIGN_CELLS};
pub use ids::{ArticleId, Slug, MAX_ID_LEN, MAX_SLUG_LEN};
pub use lifecycle::{next_transition, Lifecycle, Visibility};
pub use link::{Link, WebUrl, MAX_URL_LEN};
pub use rights::{
    check_write, transition_roles, BadGrantKey, Denied, Grants, Role, ALL_CATEGORIES,
};

/// Vietnam's UTC offset: +07:00 all year (no daylight saving time).
///
/// ```
/// assert_eq!(tintuc::model::VIETNAM_OFFSET.local_minus_utc(), 7 * 3600);
/// ```
// Evaluated at compile time: the `panic!` arm can never run.
pub const VIETNAM_OFFSET: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(o) => o,
    None => panic!("+07:00 is a valid offset"),
};

/// A timestamp with its UTC offset, as published (Vietnam: `+07:00`).
pub type Timestamp = DateTime<FixedOffset>;

/// Why a newtype value was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// An article id was empty, too long, or contained whitespace/control characters.
    #[error("invalid article id {value:?}: {reason}")]
    ArticleId {
        /// The rejected input.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A slug was not `[a-z0-9]+(-[a-z0-9]+)*`.
    #[error("invalid slug {value:?}: must match [a-z0-9]+(-[a-z0-9]+)*")]
    Slug {
        /// The rejected input.
        value: String,
    },
    /// A URL was not acceptable.
    #[error("invalid url {value:?}: {reason}")]
    Url {
        /// The rejected input.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Where an article is in the editorial workflow, in order: draft, in review,
/// approved, scheduled, published, then expired (archived) or withdrawn.
///
/// Whether readers see an article at an instant also depends on its publish and expiry
/// times: ask [`Article::visibility_at`], never the status alone. In JSON the status is
/// snake_case (`"in_review"`); `"archived"` reads as [`Status::Expired`].
///
/// ```
/// use tintuc::model::Status;
/// let s: Status = serde_json::from_str(r#""archived""#)?;
/// assert_eq!(s, Status::Expired);
/// assert_eq!(serde_json::to_string(&Status::InReview)?, r#""in_review""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Being written; never visible.
    #[default]
    Draft,
    /// Submitted to an editor; never visible.
    InReview,
    /// Approved by an editor, not yet scheduled or published; never visible.
    Approved,
    /// To appear at its `published` time and until its `expires` time.
    Scheduled,
    /// Visible from its `published` time (if any) until its `expires` time (if any).
    /// The publish time may be unknown (migrated archives).
    Published,
    /// Taken off the site at the end of its life (NukeViet's "archived"); never visible.
    #[serde(alias = "archived")]
    Expired,
    /// Pulled by the editors (a correction or a legal request); never visible.
    Withdrawn,
}

/// A figure: an image with caption and alternative text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// Image location.
    pub src: Link,
    /// Alternative text for screen readers (may be empty for decorative images).
    #[serde(default)]
    pub alt: String,
    /// Visible caption, e.g. "Toàn cảnh Hội nghị".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Intrinsic width in pixels, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Intrinsic height in pixels, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// One block of an article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Block {
    /// A paragraph of plain text.
    Paragraph {
        /// The text.
        text: String,
    },
    /// A sub-heading; `level` is 2–6 (the title is the page's only level 1).
    Heading {
        /// Heading level, 2–6.
        level: u8,
        /// The text.
        text: String,
    },
    /// An image with caption.
    Figure(Figure),
    /// A quotation, optionally attributed.
    Quote {
        /// The quoted text.
        text: String,
        /// Who or what is quoted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    /// A bulleted or numbered list.
    List {
        /// Numbered (`ol`) rather than bulleted (`ul`).
        #[serde(default)]
        ordered: bool,
        /// The items, as plain text.
        items: Vec<String>,
    },
}

impl Block {
    /// A paragraph block.
    ///
    /// ```
    /// let b = tintuc::model::Block::paragraph("Dự hội nghị có đại diện các đơn vị.");
    /// assert_eq!(b.text_parts(), vec!["Dự hội nghị có đại diện các đơn vị."]);
    /// ```
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph { text: text.into() }
    }

    /// The human-readable text pieces of this block (captions and alt text included),
    /// in reading order. Used by indexing and search.
    pub fn text_parts(&self) -> Vec<&str> {
        match self {
            Block::Paragraph { text } | Block::Heading { text, .. } => vec![text.as_str()],
            Block::Quote { text, cite } => {
                let mut v = vec![text.as_str()];
                if let Some(c) = cite {
                    v.push(c.as_str());
                }
                v
            }
            Block::Figure(f) => f.caption.iter().map(|s| s.as_str()).collect(),
            Block::List { items, .. } => items.iter().map(|s| s.as_str()).collect(),
        }
    }
}

/// A person credited in the byline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// Display name, e.g. "Trần Việt Tuấn".
    pub name: String,
    /// Optional role or unit, e.g. "VKSND huyện Cù Lao Dung".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

impl Author {
    /// An author with only a name.
    ///
    /// ```
    /// assert_eq!(tintuc::model::Author::new("Trần Việt Tuấn").name, "Trần Việt Tuấn");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Author {
            name: name.into(),
            role: None,
        }
    }
}

/// A section of the site (chuyên mục).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Category {
    /// Display name, e.g. "Hoạt động ngành".
    pub name: String,
    /// URL slug, e.g. `hoat-dong-nganh`.
    pub slug: Slug,
}

impl Category {
    /// A category whose slug is derived from its name with [`Slug::from_title`].
    /// Returns `None` if the name has no letters or digits to build a slug from.
    ///
    /// ```
    /// let c = tintuc::model::Category::from_name("Pháp luật").unwrap();
    /// assert_eq!(c.slug.as_str(), "phap-luat");
    /// ```
    pub fn from_name(name: impl Into<String>) -> Option<Self> {
        let name = name.into();
        let slug = Slug::from_title(&name)?;
        Some(Category { name, slug })
    }
}

pub use crate::text::DocumentKind;

/// An official document cited by an article, e.g. "Kế hoạch số 08/KH-UBND ngày 22/01/2018".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CitedDocument {
    /// The document number (số ký hiệu), e.g. `08/KH-UBND`, `15/2023/NĐ-CP`.
    pub number: String,
    /// The kind, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    /// The issuing body, e.g. "UBND tỉnh Sóc Trăng", when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The signing date, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The year of issue, when the text states it without a full date ("Nghị định 38/CP
    /// năm 2000", "24/QĐ/TTYT, tháng 3-2005").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

impl From<crate::text::ExtractedDocument> for CitedDocument {
    /// A document found in text ([`crate::text::extract_documents`]), as the model cites it.
    ///
    /// ```
    /// use tintuc::model::{CitedDocument, DocumentKind};
    /// let found = tintuc::text::extract_documents("Theo Nghị định 15/2023/NĐ-CP.");
    /// let cited: Vec<CitedDocument> = found.into_iter().map(CitedDocument::from).collect();
    /// assert_eq!(cited[0].number, "15/2023/NĐ-CP");
    /// assert_eq!(cited[0].kind, Some(DocumentKind::Decree));
    /// ```
    fn from(d: crate::text::ExtractedDocument) -> Self {
        CitedDocument {
            number: d.number,
            kind: d.kind,
            issuer: d.issuer,
            date: d.date,
            year: None,
        }
    }
}

/// An article as published by the portal.
///
/// Build one with [`Article::new`] and set fields directly (they are public plain data),
/// then call [`Article::validate`].
///
/// ```
/// use tintuc::model::{Article, Block, Status};
/// let mut a = Article::new("a1".parse()?, "Sơ kết thi đua".into(), "so-ket-thi-dua".parse()?);
/// a.body.push(Block::paragraph("Nội dung."));
/// a.status = Status::Published;
/// a.published = Some("2018-08-17T08:00:00+07:00".parse()?);
/// a.updated = Some("2018-08-16T08:00:00+07:00".parse()?);
/// assert_eq!(a.validate().unwrap_err().field, "updated"); // updated before published
/// a.updated = None;
/// a.validate()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier.
    pub id: ArticleId,
    /// URL slug, unique per store.
    pub slug: Slug,
    /// Headline.
    pub title: String,
    /// Lead paragraph (sapo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Body blocks in reading order.
    #[serde(default)]
    pub body: Vec<Block>,
    /// Byline, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// Section (chuyên mục), the primary one: it gives the article's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// Further sections that also list the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_categories: Vec<Category>,
    /// The topic thread (dòng sự kiện) the article follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<Topic>,
    /// Curated groups listing the article, with its place in each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupEntry>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// First publication time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Timestamp>,
    /// `published` was given as a date without a time of day (`17/8/2018`); it then
    /// holds midnight, and pages and JSON-LD show the date alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub published_date_only: bool,
    /// Last substantive update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Timestamp>,
    /// When the article leaves the site (see [`Article::visibility_at`]); `expires_at`
    /// is accepted in JSON.
    #[serde(default, alias = "expires_at", skip_serializing_if = "Option::is_none")]
    pub expires: Option<Timestamp>,
    /// Place in the editorial workflow; see [`Article::visibility_at`].
    #[serde(default)]
    pub status: Status,
    /// Official documents cited in the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<CitedDocument>,
    /// Hand-picked related articles, shown first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<ArticleId>,
    /// Where the text came from, if republished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<WebUrl>,
    /// The name of the source (nguồn tin), e.g. "Báo Chính phủ".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_name: Option<String>,
    /// The canonical URL, if not the page's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<WebUrl>,
}

/// Which rule a field broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// The field is empty or only whitespace.
    Empty,
    /// The field is longer than allowed.
    TooLong {
        /// The limit, in bytes.
        max: usize,
    },
    /// The update time is earlier than the publish time.
    UpdatedBeforePublished,
    /// The expiry time is not after the publish time.
    ExpiresBeforePublished,
    /// A scheduled article has no publish time.
    MissingPublishTime,
    /// A value appears twice where it must be unique.
    Duplicate {
        /// The repeated value.
        value: String,
    },
    /// The article lists itself as related.
    SelfReference,
    /// A heading level outside 2–6.
    HeadingLevel {
        /// The rejected level.
        level: u8,
    },
    /// A value contains control characters (other than tab/newline).
    ControlCharacters,
}

impl fmt::Display for ValidationErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValidationErrorKind::Empty => f.write_str("must not be empty"),
            ValidationErrorKind::TooLong { max } => write!(f, "longer than {max} bytes"),
            ValidationErrorKind::UpdatedBeforePublished => {
                f.write_str("update time is earlier than publish time")
            }
            ValidationErrorKind::ExpiresBeforePublished => {
                f.write_str("expiry time is not after publish time")
            }
            ValidationErrorKind::MissingPublishTime => {
                f.write_str("a scheduled article needs a publish time")
            }
            ValidationErrorKind::Duplicate { value } => write!(f, "duplicate value {value:?}"),
            ValidationErrorKind::SelfReference => f.write_str("an article cannot relate to itself"),
            ValidationErrorKind::HeadingLevel { level } => {
                write!(f, "heading level {level} is outside 2..=6")
            }
            ValidationErrorKind::ControlCharacters => f.write_str("contains control characters"),
        }
    }
}

/// A validation failure, naming the field (as a path such as `body[2].caption`).
///
/// ```
/// use tintuc::model::{Article, ValidationErrorKind};
/// let a = Article::new("a1".parse()?, "   ".into(), "a1".parse()?);
/// let err = a.validate().unwrap_err();
/// assert_eq!(err.field, "title");
/// assert_eq!(err.kind, ValidationErrorKind::Empty);
/// assert_eq!(err.to_string(), "field `title`: must not be empty");
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {kind}")]
pub struct ValidationError {
    /// Path of the offending field.
    pub field: String,
    /// What is wrong.
    pub kind: ValidationErrorKind,
}

/// Maximum title length in bytes.
pub const MAX_TITLE_LEN: usize = 1024;

impl Article {
    /// A draft article with the required fields; everything else empty.
    pub fn new(id: ArticleId, title: String, slug: Slug) -> Self {
        Article {
            id,
            slug,
            title,
            lead: None,
            body: Vec::new(),
            authors: Vec::new(),
            category: None,
            more_categories: Vec::new(),
            topic: None,
            groups: Vec::new(),
            tags: Vec::new(),
            published: None,
            published_date_only: false,
            updated: None,
            expires: None,
            status: Status::Draft,
            documents: Vec::new(),
            related: Vec::new(),
            source_url: None,
            source_name: None,
            canonical_url: None,
        }
    }

    /// Checks the article and returns the first problem found.
    /// Use [`Article::validation_errors`] for all of them.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self.validation_errors().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every validation problem, in field order (empty when valid).
    ///
    /// ```
    /// use tintuc::model::Article;
    /// let mut a = Article::new("a1".parse()?, "".into(), "a1".parse()?);
    /// a.tags = vec!["x".into(), "x".into()];
    /// let fields: Vec<_> = a.validation_errors().into_iter().map(|e| e.field).collect();
    /// assert_eq!(fields, ["title", "tags[1]"]);
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn validation_errors(&self) -> Vec<ValidationError> {
        let mut errs = Vec::new();
        let mut push = |field: String, kind| errs.push(ValidationError { field, kind });
        let text_field = |push: &mut dyn FnMut(String, ValidationErrorKind),
                          field: &str,
                          v: &str,
                          required: bool| {
            if required && v.trim().is_empty() {
                push(field.to_string(), ValidationErrorKind::Empty);
            }
            if v.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            {
                push(field.to_string(), ValidationErrorKind::ControlCharacters);
            }
        };
        text_field(&mut push, "title", &self.title, true);
        if self.title.len() > MAX_TITLE_LEN {
            push(
                "title".into(),
                ValidationErrorKind::TooLong { max: MAX_TITLE_LEN },
            );
        }
        if let Some(lead) = &self.lead {
            text_field(&mut push, "lead", lead, false);
        }
        for (i, b) in self.body.iter().enumerate() {
            match b {
                Block::Paragraph { text } => {
                    text_field(&mut push, &format!("body[{i}].text"), text, true)
                }
                Block::Heading { level, text } => {
                    if !(2..=6).contains(level) {
                        push(
                            format!("body[{i}].level"),
                            ValidationErrorKind::HeadingLevel { level: *level },
                        );
                    }
                    text_field(&mut push, &format!("body[{i}].text"), text, true)
                }
                Block::Quote { text, cite } => {
                    text_field(&mut push, &format!("body[{i}].text"), text, true);
                    if let Some(c) = cite {
                        text_field(&mut push, &format!("body[{i}].cite"), c, false);
                    }
                }
                Block::Figure(f) => {
                    text_field(&mut push, &format!("body[{i}].alt"), &f.alt, false);
                    if let Some(c) = &f.caption {
                        text_field(&mut push, &format!("body[{i}].caption"), c, false);
                    }
                }
                Block::List { items, .. } => {
                    if items.is_empty() {
                        push(format!("body[{i}].items"), ValidationErrorKind::Empty);
                    }
                    for (j, it) in items.iter().enumerate() {
                        text_field(&mut push, &format!("body[{i}].items[{j}]"), it, true);
                    }
                }
            }
        }
        for (i, a) in self.authors.iter().enumerate() {
            text_field(&mut push, &format!("authors[{i}].name"), &a.name, true);
        }
        if let Some(c) = &self.category {
            text_field(&mut push, "category.name", &c.name, true);
        }
        let mut seen = HashSet::new();
        for (i, t) in self.tags.iter().enumerate() {
            text_field(&mut push, &format!("tags[{i}]"), t, true);
            if !seen.insert(t.as_str()) {
                push(
                    format!("tags[{i}]"),
                    ValidationErrorKind::Duplicate { value: t.clone() },
                );
            }
        }
        if let (Some(p), Some(u)) = (self.published, self.updated) {
            if u < p {
                push(
                    "updated".into(),
                    ValidationErrorKind::UpdatedBeforePublished,
                );
            }
        }
        if let (Some(p), Some(e)) = (self.published, self.expires) {
            if e <= p {
                push(
                    "expires".into(),
                    ValidationErrorKind::ExpiresBeforePublished,
                );
            }
        }
        if self.status == Status::Scheduled && self.published.is_none() {
            push("published".into(), ValidationErrorKind::MissingPublishTime);
        }
        let mut seen_docs = HashSet::new();
        for (i, d) in self.documents.iter().enumerate() {
            text_field(
                &mut push,
                &format!("documents[{i}].number"),
                &d.number,
                true,
            );
            if !seen_docs.insert(d.number.as_str()) {
                push(
                    format!("documents[{i}].number"),
                    ValidationErrorKind::Duplicate {
                        value: d.number.clone(),
                    },
                );
            }
        }
        let mut seen_rel = HashSet::new();
        for (i, r) in self.related.iter().enumerate() {
            if r == &self.id {
                push(format!("related[{i}]"), ValidationErrorKind::SelfReference);
            } else if !seen_rel.insert(r) {
                push(
                    format!("related[{i}]"),
                    ValidationErrorKind::Duplicate {
                        value: r.to_string(),
                    },
                );
            }
        }
        curation::curation_errors(self, &mut errs);
        errs
    }

    /// All human-readable body text joined by newlines (paragraphs, headings, quotes,
    /// list items, captions). Used for indexing and search.
    ///
    /// ```
    /// use tintuc::model::{Article, Block};
    /// let mut a = Article::new("a".parse()?, "T".into(), "t".parse()?);
    /// a.body = vec![Block::paragraph("Một."), Block::paragraph("Hai.")];
    /// assert_eq!(a.body_text(), "Một.\nHai.");
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for part in self.body.iter().flat_map(|b| b.text_parts()) {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(part);
        }
        out
    }

    /// The first figure in the body, if any (the page's representative image).
    pub fn first_figure(&self) -> Option<&Figure> {
        self.body.iter().find_map(|b| match b {
            Block::Figure(f) => Some(f),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_rejects_dangerous_schemes() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "java\nscript:alert(1)",
            "javascript&#58;alert(1)",
            "&#106;avascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "DaTa:image/png;base64,AAAA",
            "file:///etc/passwd",
            "\u{0}javascript:x",
            "javascript&colon;x",
            "&Tab;javascript:alert(1)",
            "&NewLine;javascript:alert(1)",
            "java&Tab;script:alert(1)",
            "javascript&COLON;alert(1)",
            "/x?a=&quot;",
            "&#0000106avascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:x",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "\u{1}javascript:alert(1)",
            "javascript\u{0}:alert(1)",
            "java\u{2028}script:alert(1)",
            "java\u{a0}script:alert(1)",
            "javascript\u{200b}:x",
            "\"><script>alert(1)</script>",
            "x' onerror='alert(1)",
            "`javascript:alert(1)`",
            "\\\\evil.example/x",
            "livescript:alert(1)",
            "mocha:alert(1)",
            "jar:http://x!/",
            "feed:javascript:alert(1)",
        ] {
            assert!(Link::new(bad).is_err(), "{bad:?} accepted");
        }
        for good in [
            "/tin/a.html",
            "a.jpg",
            "?trang=2",
            "#top",
            "//cdn.example.vn/x.jpg",
            "HTTPS://EXAMPLE.VN/",
            "/a:b",
            "/tim-kiem?q=a&b=c",
            "/tim-kiem?q=a&amp",
            "/x?view=1&tab=2",
            "/a%20b",
            "/tin/sơ-kết.html",
        ] {
            assert!(Link::new(good).is_ok(), "{good:?} rejected");
        }
    }

    #[test]
    fn protocol_relative_links_are_absolute_with_a_host() {
        for good in [
            "//evil.example/x.jpg",
            "//cdn.vn",
            "//a.vn:8080/x",
            "//u@a.vn/",
        ] {
            let l = Link::new(good).unwrap();
            assert!(l.is_absolute() && l.is_protocol_relative(), "{good}");
        }
        for bad in [
            "//",
            "///x.jpg",
            "//?x",
            "//#x",
            "//:80/x",
            "//@a",
            "http:x",
            "https:/x",
            "http://",
            "https:///x",
            "//javascript:alert(1)/",
        ] {
            let ok = Link::new(bad).is_ok_and(|l| l.is_absolute());
            // "//javascript:alert(1)/" has host "javascript" and port "alert(1)":
            // absolute, https or http only, never a javascript: URL.
            assert!(!ok || bad.starts_with("//javascript"), "{bad:?} accepted");
        }
        for rel in ["/x", "x.jpg", "?a", "#b", "/a//b"] {
            assert!(!Link::new(rel).unwrap().is_absolute(), "{rel}");
        }
    }

    #[test]
    fn weburl_requires_host() {
        assert!(WebUrl::new("http://").is_err());
        assert!(WebUrl::new("https:///x").is_err());
        // Found by the model_values fuzz target: a URL whose `//` is followed by no host.
        for bad in ["https://:C", "https://@a.vn", "http://?q", "http://#x"] {
            assert!(WebUrl::new(bad).is_err(), "{bad}");
            assert!(Link::new(bad).is_err(), "{bad}");
        }
        assert!(WebUrl::new("https://a.vn").is_ok());
    }

    #[test]
    fn slug_rules() {
        for good in ["a", "0", "a-b", "08-kh-ubnd"] {
            assert!(Slug::new(good).is_ok());
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "đ"] {
            assert!(Slug::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn update_before_publish_is_named() {
        let mut a = Article::new(
            ArticleId::new("x").unwrap(),
            "t".into(),
            Slug::new("t").unwrap(),
        );
        a.published = Some("2018-08-17T08:00:00+07:00".parse().unwrap());
        a.updated = Some("2018-08-16T08:00:00+07:00".parse().unwrap());
        let e = a.validate().unwrap_err();
        assert_eq!(e.field, "updated");
        assert_eq!(e.kind, ValidationErrorKind::UpdatedBeforePublished);
    }

    #[test]
    fn invalid_json_newtypes_rejected() {
        let r: Result<Slug, _> = serde_json::from_str("\"Bad Slug\"");
        assert!(r.is_err());
        let r: Result<Link, _> = serde_json::from_str("\"javascript:alert(1)\"");
        assert!(r.is_err());
    }
}
