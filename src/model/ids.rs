//! Identifiers that can only be built valid: [`ArticleId`] and [`Slug`], and the string
//! conversions every string newtype of the model shares.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Link, ParseError, WebUrl};

/// Maximum length of an [`ArticleId`] in bytes.
pub const MAX_ID_LEN: usize = 256;

/// A stable article identifier: 1–256 bytes, no whitespace, no control characters.
///
/// ```
/// use tintuc::model::ArticleId;
/// let id: ArticleId = "vntc-train-XH_NLD_(3680)".parse()?;
/// assert_eq!(id.as_str(), "vntc-train-XH_NLD_(3680)");
/// assert!("has space".parse::<ArticleId>().is_err());
/// # Ok::<(), tintuc::model::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ArticleId(String);

impl ArticleId {
    /// Checks and wraps an id.
    pub fn new(value: impl Into<String>) -> Result<Self, ParseError> {
        let value = value.into();
        let reason = if value.is_empty() {
            Some("must not be empty")
        } else if value.len() > MAX_ID_LEN {
            Some("longer than 256 bytes")
        } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("contains whitespace or control characters")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(ParseError::ArticleId { value, reason }),
            None => Ok(Self(value)),
        }
    }
    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A URL slug: `[a-z0-9]+(-[a-z0-9]+)*`.
///
/// Build one from any title with [`Slug::from_title`]; [`Slug::new`] only checks.
///
/// ```
/// use tintuc::model::Slug;
/// assert_eq!(Slug::from_title("Kế hoạch 08/KH-UBND").unwrap().as_str(), "ke-hoach-08-kh-ubnd");
/// assert!(Slug::new("08-kh-ubnd").is_ok());
/// assert!(Slug::new("Đà-Nẵng").is_err());
/// assert!(Slug::new("a--b").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    /// Checks and wraps a slug.
    pub fn new(value: impl Into<String>) -> Result<Self, ParseError> {
        let value = value.into();
        if is_valid_slug(&value) {
            Ok(Self(value))
        } else {
            Err(ParseError::Slug { value })
        }
    }
    /// The slug of a title, category or tag name, at most [`MAX_SLUG_LEN`] bytes, or
    /// `None` when the text has no letters or digits.
    ///
    /// A slug that would be longer is cut at a word boundary and ends in `-` and eight
    /// hex digits of a hash (FNV-1a) of the whole slug: the same text always gets the
    /// same slug, and two long names that share their beginning keep distinct slugs.
    ///
    /// ```
    /// use tintuc::model::{Slug, MAX_SLUG_LEN};
    /// assert_eq!(Slug::from_title("Pháp luật").unwrap().as_str(), "phap-luat");
    /// let long = "Hội nghị sơ kết công tác kiểm sát ".repeat(10);
    /// let a = Slug::from_title(&format!("{long} quý I")).unwrap();
    /// let b = Slug::from_title(&format!("{long} quý II")).unwrap();
    /// assert!(a.as_str().len() <= MAX_SLUG_LEN && a != b);
    /// assert!(a.as_str().starts_with("hoi-nghi-so-ket-cong-tac-kiem-sat-hoi-nghi"));
    /// assert!(Slug::from_title("!!! 🎉").is_none());
    /// ```
    pub fn from_title(text: &str) -> Option<Slug> {
        let full = crate::text::slugify(text)?;
        if full.len() <= MAX_SLUG_LEN {
            return Some(Slug::from_valid(full));
        }
        let hash = fnv1a(full.as_bytes());
        let head = crate::text::Slugger::new()
            .max_len(MAX_SLUG_LEN - SLUG_HASH_LEN)
            .slugify(text)?;
        Some(Slug::from_valid(format!("{head}-{:08x}", hash as u32)))
    }
    /// Wraps a slug that is valid by construction (the slug maker's output), without the
    /// second pass over it; checked in debug builds.
    pub(crate) fn from_valid(value: String) -> Self {
        debug_assert!(is_valid_slug(&value), "invalid slug {value:?}");
        Self(value)
    }
    /// The slug as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest slug [`Slug::from_title`] builds (and the importer gives an article,
/// category or tag), in bytes, before the importer's `-2`, `-3`, … uniqueness suffix.
/// A page's file name (`{slug}.html`, `{slug}-12.html`) stays far below the 255 bytes
/// file systems accept.
pub const MAX_SLUG_LEN: usize = 120;

/// `-` and eight hex digits.
const SLUG_HASH_LEN: usize = 9;

/// FNV-1a, 64 bits: stable across runs, platforms and versions.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Whether `s` matches `[a-z0-9]+(-[a-z0-9]+)*`.
pub(crate) fn is_valid_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.first() != Some(&b'-')
        && b.last() != Some(&b'-')
        && !s.contains("--")
        && b.iter()
            .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

macro_rules! string_newtype_impls {
    ($($t:ident),*) => {$(
        impl TryFrom<String> for $t {
            type Error = ParseError;
            fn try_from(s: String) -> Result<Self, ParseError> { Self::new(s) }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String { v.0 }
        }
        impl FromStr for $t {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> { Self::new(s) }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(&self.0) }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str { &self.0 }
        }
        impl std::borrow::Borrow<str> for $t {
            fn borrow(&self) -> &str { &self.0 }
        }
    )*};
}
string_newtype_impls!(ArticleId, Slug, WebUrl, Link);
