//! Which documents a listing shows, and the URL segment of each document kind.

use crate::document::{Document, Validity};
use crate::model::{DocumentKind, Slug, Timestamp};

/// Which documents a listing page shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentFilter {
    /// Every document.
    All,
    /// One kind.
    Kind(DocumentKind),
    /// One issuer, by the slug of its name.
    Issuer(Slug),
    /// One field (lĩnh vực), by the slug of its name.
    Field(Slug),
    /// One year.
    Year(i32),
    /// The documents in force at the listing's instant.
    InForce,
}

impl DocumentFilter {
    /// Whether `d` belongs on this listing at `at`.
    ///
    /// ```
    /// use tintuc::render::DocumentFilter;
    /// let d = &tintuc::document::sample_documents()?[0];
    /// let at = "2018-08-17T08:00:00+07:00".parse()?;
    /// assert!(DocumentFilter::Issuer("ubnd-tinh-soc-trang".parse()?).matches(d, at));
    /// assert!(DocumentFilter::InForce.matches(d, at));
    /// assert!(!DocumentFilter::Year(2019).matches(d, at));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches(&self, d: &Document, at: Timestamp) -> bool {
        match self {
            DocumentFilter::All => true,
            DocumentFilter::Kind(k) => d.kind == *k,
            DocumentFilter::Issuer(s) => {
                crate::model::Slug::from_title(&d.issuer).as_ref() == Some(s)
            }
            DocumentFilter::Field(s) => d
                .fields
                .iter()
                .any(|f| crate::model::Slug::from_title(f).as_ref() == Some(s)),
            DocumentFilter::Year(y) => d.year() == *y,
            DocumentFilter::InForce => d.validity_at(at) == Validity::InForce,
        }
    }
}

/// The URL segment of a kind: `ke-hoach`, `quyet-dinh`, ...
pub(crate) fn kind_slug(k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::Law => "luat",
        DocumentKind::Ordinance => "phap-lenh",
        DocumentKind::Resolution => "nghi-quyet",
        DocumentKind::Decree => "nghi-dinh",
        DocumentKind::Decision => "quyet-dinh",
        DocumentKind::Directive => "chi-thi",
        DocumentKind::Circular => "thong-tu",
        DocumentKind::Plan => "ke-hoach",
        DocumentKind::OfficialLetter => "cong-van",
        DocumentKind::Notice => "thong-bao",
        DocumentKind::Report => "bao-cao",
        DocumentKind::Guidance => "huong-dan",
        DocumentKind::Submission => "to-trinh",
        DocumentKind::Programme => "chuong-trinh",
        _ => "van-ban-khac",
    }
}
