//! Link targets and web addresses: [`Link`] (absolute http(s), protocol-relative or
//! relative) and [`WebUrl`] (absolute http(s) only), with the checks they share.

use serde::{Deserialize, Serialize};

use super::ParseError;

/// Maximum URL length accepted by [`WebUrl`] and [`Link`].
pub const MAX_URL_LEN: usize = 2048;

/// Checks shared by [`WebUrl`] and [`Link`]: no control characters, no whitespace, bounded.
fn url_basic_check(value: &str) -> Option<&'static str> {
    if value.is_empty() {
        Some("must not be empty")
    } else if value.len() > MAX_URL_LEN {
        Some("longer than 2048 bytes")
    } else if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some("contains whitespace or control characters")
    } else if value.contains(['<', '>', '"', '`', '\\']) {
        Some("contains a character that is not allowed in a URL")
    } else {
        None
    }
}

/// The reason to refuse what follows `//` in a link: it must start with a host.
fn missing_host(rest: &str) -> Option<&'static str> {
    match rest.chars().next() {
        None | Some('/' | '?' | '#' | ':' | '@') => Some("missing host"),
        Some(_) => None,
    }
}

/// Returns the scheme (lower-cased) if `value` starts with `scheme:` per RFC 3986.
/// What follows `scheme://` when `://` comes right after the scheme (`http:o:/p://A`
/// has no authority where its `://` stands).
fn after_slashes<'a>(value: &'a str, scheme: &str) -> Option<&'a str> {
    value.get(scheme.len()..)?.strip_prefix("://")
}

fn scheme_of(value: &str) -> Option<String> {
    let colon = value.find(':')?;
    let head = value.get(..colon)?;
    // A scheme only exists if the colon comes before any '/', '?' or '#'.
    if head.contains(['/', '?', '#']) {
        return None;
    }
    let mut chars = head.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    if chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        Some(head.to_ascii_lowercase())
    } else {
        // Something like "java&#x73;cript:" — not a clean scheme, but it is not a path either.
        Some(String::from("\u{fffd}"))
    }
}

/// An absolute `http` or `https` URL (canonical and source URLs).
///
/// ```
/// use tintuc::model::WebUrl;
/// assert!(WebUrl::new("https://vksndtc.gov.vn/tin/abc.html").is_ok());
/// assert!(WebUrl::new("javascript:alert(1)").is_err());
/// assert!(WebUrl::new("/relative").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WebUrl(pub(super) String);

impl WebUrl {
    /// Checks and wraps an absolute http(s) URL.
    pub fn new(value: impl Into<String>) -> Result<Self, ParseError> {
        let value = value.into();
        let reason = url_basic_check(&value).or_else(|| match scheme_of(&value).as_deref() {
            // The same rules as `Link`, so every `WebUrl` is an absolute `Link`.
            Some(scheme) if scheme == "http" || scheme == "https" => {
                match after_slashes(&value, scheme) {
                    Some(rest) => missing_host(rest),
                    None => Some("missing host"),
                }
            }
            _ => Some("must be an absolute http or https URL"),
        });
        let reason = reason.or_else(|| {
            has_char_reference(&value).then_some("contains an HTML character reference")
        });
        match reason {
            Some(reason) => Err(ParseError::Url { value, reason }),
            None => Ok(Self(value)),
        }
    }
    /// The URL as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A link target: an absolute `http`/`https` URL or a relative reference
/// (`/uploads/a.jpg`, `anh.jpg`, `?trang=2`). Any other scheme is rejected,
/// whatever its case, and so is anything containing whitespace, control characters,
/// or characters that could break out of an HTML attribute.
///
/// ```
/// use tintuc::model::Link;
/// assert!(Link::new("/uploads/2018/08/hoi-nghi.jpg").is_ok());
/// assert!(Link::new("https://example.vn/a.jpg").is_ok());
/// assert!(Link::new("JaVaScRiPt:alert(1)").is_err());
/// assert!(Link::new("java\tscript:alert(1)").is_err());
/// assert!(Link::new("data:text/html;base64,xx").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Link(pub(super) String);

impl Link {
    /// Checks and wraps a link.
    pub fn new(value: impl Into<String>) -> Result<Self, ParseError> {
        let value = value.into();
        let reason = url_basic_check(&value).or_else(|| {
            if let Some(rest) = value.strip_prefix("//") {
                // Protocol-relative: an absolute link that takes the page's scheme
                // (http or https), so it needs a host like any absolute link.
                return missing_host(rest);
            }
            match scheme_of(&value).as_deref() {
                None => None,
                Some(scheme) if scheme == "http" || scheme == "https" => {
                    match after_slashes(&value, scheme) {
                        Some(rest) => missing_host(rest),
                        None => Some("an http or https link needs `://` and a host"),
                    }
                }
                Some(_) => Some("only http, https and relative links are allowed"),
            }
        });
        // Entities can hide a scheme ("javascript&#58;", "&Tab;javascript:" — the tab is
        // stripped by URL parsers after the attribute is decoded); a plain link never
        // needs a character reference.
        let reason = reason.or_else(|| {
            if has_char_reference(&value) {
                Some("contains an HTML character reference")
            } else {
                None
            }
        });
        match reason {
            Some(reason) => Err(ParseError::Url { value, reason }),
            None => Ok(Self(value)),
        }
    }
    /// The link as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether this is an absolute link: an http(s) URL, or a protocol-relative
    /// `//host/…` one (which points to that host with the page's scheme, never to a
    /// path of the page's own site).
    ///
    /// ```
    /// use tintuc::model::Link;
    /// assert!(Link::new("//cdn.example.vn/a.jpg")?.is_absolute());
    /// assert!(Link::new("https://example.vn/")?.is_absolute());
    /// assert!(!Link::new("/tin/a.html")?.is_absolute());
    /// assert!(Link::new("///a.jpg").is_err()); // no host
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn is_absolute(&self) -> bool {
        // A link's only possible schemes are http and https (checked at construction).
        let b = self.0.as_bytes();
        let starts = |p: &[u8]| b.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
        starts(b"http:") || starts(b"https:") || self.is_protocol_relative()
    }

    /// Whether this is a protocol-relative link (`//host/…`).
    ///
    /// ```
    /// use tintuc::model::Link;
    /// assert!(Link::new("//cdn.example.vn/a.jpg")?.is_protocol_relative());
    /// assert!(!Link::new("https://cdn.example.vn/a.jpg")?.is_protocol_relative());
    /// # Ok::<(), tintuc::model::ParseError>(())
    /// ```
    pub fn is_protocol_relative(&self) -> bool {
        self.0.starts_with("//")
    }
}

impl Link {
    /// Joins parts built from checked values (slugs, digits, literal paths) into a
    /// link. Callers in this crate only pass such parts.
    pub(crate) fn from_checked_parts(parts: &[&str]) -> Link {
        let s = parts.concat();
        // Slugs, digits and literal paths are always valid links; checked in debug
        // builds and tests, skipped in release builds (renderers build many per page).
        debug_assert!(Link::new(s.as_str()).is_ok(), "{s:?}");
        Link(s)
    }
}

/// Whether `s` contains something an HTML parser would decode as a character
/// reference: `&#` (numeric) or `&` + letters/digits + `;` (named, e.g. `&Tab;`,
/// `&colon;`, `&NewLine;`). Names without `;` followed by `=` or a letter are not decoded
/// inside attributes (HTML's legacy rule), so query strings such as `?a=1&tab=2` pass.
fn has_char_reference(s: &str) -> bool {
    let b = s.as_bytes();
    for (i, _) in s.match_indices('&') {
        let rest = b.get(i + 1..).unwrap_or(&[]);
        if rest.first() == Some(&b'#') {
            return true;
        }
        let name_len = rest
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len > 0 && rest.get(name_len) == Some(&b';') {
            return true;
        }
    }
    false
}

impl From<WebUrl> for Link {
    fn from(u: WebUrl) -> Self {
        Link(u.0)
    }
}
