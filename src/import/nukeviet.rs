//! Migrating a NukeViet 4.x news module: its database read into a [`Snapshot`]
//! ([`read_mysql`], feature `nukeviet`), converted into articles with a report of every
//! article and every repair ([`migrate`]), and every old URL mapped to its new page
//! ([`redirects`], [`resolve`], [`nginx_map`]). The pure pieces below — the entity
//! escaping of stored titles and the shape of old article URLs — need no feature.
//!
//! NukeViet stores titles HTML-escaped with its own spellings: `08&#x002F;KH-UBND`,
//! `&#40;`, `&#x3A;`, `&#039;`, `&amp;`. [`decode_title`] undoes exactly that and
//! refuses anything it cannot decode without guessing (a bare `&`, an unknown name, a
//! reference to no character), naming the byte where the trouble starts.
//! [`parse_article_path`] reads `/{module}/{category-alias}/{alias}-{id}.html`, the
//! key of a redirect map from old URLs to new ones.
//!
//! # What becomes what
//! | NukeViet | article |
//! |---|---|
//! | `id` | `id` (the same number, after [`Options::id_prefix`]) |
//! | `title` | `title`, [`decode_title`]d and repaired |
//! | `alias` | `slug` when valid and unique, else a slug of it (reported) |
//! | `catid`, `listcatid` | `category` (primary), `more_categories` (the others, in order) |
//! | `topicid` → `_topics` | `topic` |
//! | `_block` + `_block_cat` | `groups`, with the article's `weight` as `position` |
//! | `_tags_id` + `_tags` | `tags` (the tag's title, else its alias with spaces) |
//! | `sourceid` → `_sources`, `_detail.sourcetext` | `source_name`; `source_url` (the article address when given, else the source's link) |
//! | `author` | `authors[0]` |
//! | `hometext` | `lead`, as text |
//! | `homeimgfile`, `homeimgalt` | the first figure of the body (not when `imgposition` is 0) |
//! | `_detail.bodyhtml` (`_bodyhtml_{n}` before 4.3) | `body`, after the sanitiser |
//! | `publtime`, `exptime`, `edittime` | `published`, `expires`, `updated` (+07:00; 0 is none) |
//! | `status` | `status`, see [`map_status`] |
//!
//! # Statuses
//! NukeViet shows an article when `status` is 1, `publtime` is past and `exptime` is 0 or
//! in the future; its visit-triggered job turns status 2 into 1 once `publtime` passes
//! and, at `exptime`, deletes the article (`archive` 0) or archives it as status 3
//! (`archive` 1). The model's [`crate::model::Article::visibility_at`] gives the same
//! answer at any instant without the job: status 2 becomes [`crate::model::Status::Scheduled`]
//! with `published` = `publtime`, and `exptime` becomes `expires` whatever `archive` says.
//! [`map_status`] lists every value.

use std::fmt;

mod snapshot;
pub use snapshot::{
    RawCategory, RawGroupLink, RawNamed, RawRow, RawSource, RawTag, RawTagLink, Snapshot,
};

#[cfg(feature = "nukeviet")]
mod body;
#[cfg(feature = "nukeviet")]
mod convert;
#[cfg(feature = "nukeviet")]
mod db;
#[cfg(feature = "nukeviet")]
mod redirects;

#[cfg(feature = "nukeviet")]
pub use convert::{
    map_status, migrate, ArticleReport, Migrated, Migration, Note, Options, Outcome, TableRepair,
};
#[cfg(feature = "nukeviet")]
pub use db::{read_mysql, ReadError, Tables};
#[cfg(feature = "nukeviet")]
pub use redirects::{
    nginx_map, percent_encode_path, redirects, resolve, Redirect, Target, UrlConfig,
};

/// The named entities accepted in titles: the ones `htmlspecialchars` writes, plus
/// `&apos;` and `&nbsp;`.
const NAMED: [(&str, char); 6] = [
    ("amp", '&'),
    ("quot", '"'),
    ("lt", '<'),
    ("gt", '>'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
];

/// Longest numeric reference body accepted (`&#x0010FFFF;` has 8 hex digits).
const MAX_DIGITS: usize = 8;

/// Why a title could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntityErrorKind {
    /// An `&` that does not start a complete `&name;` or `&#…;` reference.
    BareAmpersand,
    /// A well-formed `&name;` that is not one of the accepted names.
    UnknownName {
        /// The name between `&` and `;`.
        name: String,
    },
    /// A numeric reference with no digits, too many digits, or a non-digit before `;`.
    MalformedNumber,
    /// A numeric reference to no Unicode scalar value (a surrogate, above U+10FFFF) or
    /// to a control character other than tab and line breaks.
    ForbiddenCodePoint {
        /// The value referred to.
        value: u32,
    },
}

impl fmt::Display for EntityErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntityErrorKind::BareAmpersand => f.write_str("`&` does not start an entity"),
            EntityErrorKind::UnknownName { name } => write!(f, "unknown entity `&{name};`"),
            EntityErrorKind::MalformedNumber => f.write_str("malformed numeric entity"),
            EntityErrorKind::ForbiddenCodePoint { value } => {
                write!(
                    f,
                    "numeric entity refers to forbidden code point {value:#x}"
                )
            }
        }
    }
}

/// A title that could not be decoded, with the byte offset of the offending `&`.
///
/// ```
/// use tintuc::import::nukeviet::{decode_title, EntityErrorKind};
/// let err = decode_title("Hỏi & đáp").unwrap_err();
/// assert_eq!(err.to_string(), "title at byte 6: `&` does not start an entity");
/// assert_eq!((err.offset, err.kind), (6, EntityErrorKind::BareAmpersand));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("title at byte {offset}: {kind}")]
#[non_exhaustive]
pub struct EntityError {
    /// Byte offset of the `&` in the stored title.
    pub offset: usize,
    /// What is wrong.
    pub kind: EntityErrorKind,
}

/// Decodes a title as NukeViet stores it: decimal (`&#40;`, `&#039;`) and hexadecimal
/// (`&#x3A;`, `&#x002F;`) references and the names `amp`, `quot`, `lt`, `gt`, `apos`,
/// `nbsp`. Every `&` must start a complete reference ending in `;`; anything else is
/// an error rather than a guess. Text without `&` comes back unchanged.
///
/// ```
/// use tintuc::import::nukeviet::decode_title;
/// assert_eq!(
///     decode_title("Kế hoạch 08&#x002F;KH-UBND &#40;sửa đổi&#41;&#x3A; &quot;Xanh&quot; &amp; &#039;sạch&#039;")?,
///     "Kế hoạch 08/KH-UBND (sửa đổi): \"Xanh\" & 'sạch'",
/// );
/// assert!(decode_title("&copy; 2024").is_err()); // not a name NukeViet writes
/// # Ok::<(), tintuc::import::nukeviet::EntityError>(())
/// ```
pub fn decode_title(stored: &str) -> Result<String, EntityError> {
    let mut out = String::with_capacity(stored.len());
    let mut rest = stored;
    let mut offset = 0;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let at = offset + amp;
        let tail = &rest[amp + 1..];
        let fail = |kind| EntityError { offset: at, kind };
        // A reference body never contains `&`, whitespace or `;` before its end, and is
        // short: look for `;` only within a small window.
        let end = tail
            .char_indices()
            .take(MAX_DIGITS + 3)
            .take_while(|&(_, c)| c != '&' && !c.is_whitespace())
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i)
            .ok_or_else(|| fail(EntityErrorKind::BareAmpersand))?;
        let body = &tail[..end];
        let c = match body.strip_prefix('#') {
            Some(num) => decode_number(num).map_err(fail)?,
            None => decode_name(body).map_err(fail)?,
        };
        out.push(c);
        let consumed = amp + 1 + end + 1;
        rest = &rest[consumed..];
        offset += consumed;
    }
    out.push_str(rest);
    Ok(out)
}

fn decode_name(name: &str) -> Result<char, EntityErrorKind> {
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(EntityErrorKind::BareAmpersand);
    }
    NAMED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| c)
        .ok_or_else(|| EntityErrorKind::UnknownName { name: name.into() })
}

fn decode_number(num: &str) -> Result<char, EntityErrorKind> {
    let (digits, radix) = match num.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (num, 10),
    };
    if digits.is_empty() || digits.len() > MAX_DIGITS || !digits.chars().all(|c| c.is_digit(radix))
    {
        return Err(EntityErrorKind::MalformedNumber);
    }
    let value = u32::from_str_radix(digits, radix).map_err(|_| EntityErrorKind::MalformedNumber)?;
    match char::from_u32(value) {
        Some(c) if !c.is_control() || matches!(c, '\t' | '\n' | '\r') => Ok(c),
        _ => Err(EntityErrorKind::ForbiddenCodePoint { value }),
    }
}

/// Escapes a title the way NukeViet titles appear escaped, with the same spellings:
/// `&amp;` `&quot;` `&lt;` `&gt;` `&#039;` `&#40;` `&#41;` `&#x002F;` `&#x3A;`.
/// [`decode_title`] inverts it for every string. Useful to write NukeViet fixtures.
///
/// ```
/// use tintuc::import::nukeviet::{decode_title, encode_title};
/// let title = "Quyết định 12/QĐ-UBND (2024): \"A\" & 'B'";
/// let stored = encode_title(title);
/// assert_eq!(stored, "Quyết định 12&#x002F;QĐ-UBND &#40;2024&#41;&#x3A; &quot;A&quot; &amp; &#039;B&#039;");
/// assert_eq!(decode_title(&stored)?, title);
/// # Ok::<(), tintuc::import::nukeviet::EntityError>(())
/// ```
pub fn encode_title(title: &str) -> String {
    let mut out = String::with_capacity(title.len() + title.len() / 8);
    for c in title.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#039;"),
            '(' => out.push_str("&#40;"),
            ')' => out.push_str("&#41;"),
            '/' => out.push_str("&#x002F;"),
            ':' => out.push_str("&#x3A;"),
            c => out.push(c),
        }
    }
    out
}

/// An old NukeViet article URL path, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ArticlePath {
    /// Language prefix of a multilingual site (`vi` in `/vi/news/…`), if any.
    pub lang: Option<String>,
    /// Module name (`news`, `tin-tuc`).
    pub module: String,
    /// Alias of the article's category (the one used in its URL).
    pub category: String,
    /// Article alias, without the id.
    pub alias: String,
    /// Article id (NukeViet's `id` column).
    pub id: u64,
}

/// Why a path is not a NukeViet article URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// Not `/{module}/{category}/{alias}-{id}.html`, optionally after `/{lang}`.
    #[error("path is not /{{module}}/{{category}}/{{alias}}-{{id}}.html")]
    Shape,
    /// The last segment has no `-{id}` before `.html`, or the id is not a positive
    /// decimal number that fits 64 bits.
    #[error("last segment has no numeric id before `.html`")]
    Id,
}

/// Parses `/{module}/{category-alias}/{alias}-{id}.html`, optionally after a two-letter
/// language segment; a query string or fragment is ignored. Aliases are kept as they
/// appear (percent-encoding included).
///
/// ```
/// use tintuc::import::nukeviet::parse_article_path;
/// let p = parse_article_path("/news/thong-bao/ke-hoach-so-08-kh-ubnd-1234.html?x=1")?;
/// assert_eq!((p.module.as_str(), p.category.as_str()), ("news", "thong-bao"));
/// assert_eq!((p.alias.as_str(), p.id), ("ke-hoach-so-08-kh-ubnd", 1234));
/// assert_eq!(parse_article_path("/vi/news/tin/a-7.html")?.lang.as_deref(), Some("vi"));
/// assert!(parse_article_path("/news/tin/a.html").is_err());
/// # Ok::<(), tintuc::import::nukeviet::PathError>(())
/// ```
pub fn parse_article_path(path: &str) -> Result<ArticlePath, PathError> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix('/').ok_or(PathError::Shape)?;
    let segments: Vec<&str> = path.split('/').collect();
    let (lang, rest) = match segments.as_slice() {
        [l, m, c, a] if is_lang(l) => (Some((*l).to_string()), [*m, *c, *a]),
        [m, c, a] => (None, [*m, *c, *a]),
        _ => return Err(PathError::Shape),
    };
    let [module, category, last] = rest;
    if module.is_empty() || category.is_empty() {
        return Err(PathError::Shape);
    }
    let stem = last.strip_suffix(".html").ok_or(PathError::Shape)?;
    let (alias, id) = stem.rsplit_once('-').ok_or(PathError::Id)?;
    if alias.is_empty() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PathError::Id);
    }
    let id: u64 = id.parse().map_err(|_| PathError::Id)?;
    if id == 0 {
        return Err(PathError::Id);
    }
    Ok(ArticlePath {
        lang,
        module: module.into(),
        category: category.into(),
        alias: alias.into(),
        id,
    })
}

fn is_lang(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kind(s: &str) -> EntityErrorKind {
        decode_title(s).unwrap_err().kind
    }

    #[test]
    fn decodes_the_spellings_found_in_nukeviet_titles() {
        for (stored, plain) in [
            ("08&#x002F;KH-UBND", "08/KH-UBND"),
            ("&#40;a&#41;", "(a)"),
            ("Giờ&#x3A; 8h", "Giờ: 8h"),
            ("&#039;x&#039;", "'x'"),
            ("&#X3a;", ":"),
            ("&amp;&quot;&lt;&gt;&apos;&nbsp;", "&\"<>'\u{a0}"),
            ("&amp;amp;", "&amp;"),
            ("không có thực thể", "không có thực thể"),
            ("", ""),
        ] {
            assert_eq!(decode_title(stored).as_deref(), Ok(plain), "{stored}");
        }
    }

    #[test]
    fn refuses_instead_of_guessing() {
        assert_eq!(kind("a & b"), EntityErrorKind::BareAmpersand);
        assert_eq!(kind("a &amp b"), EntityErrorKind::BareAmpersand);
        assert_eq!(kind("&"), EntityErrorKind::BareAmpersand);
        assert_eq!(kind("&;"), EntityErrorKind::BareAmpersand);
        assert_eq!(kind("&a-b;"), EntityErrorKind::BareAmpersand);
        assert_eq!(
            kind("&eacute;"),
            EntityErrorKind::UnknownName {
                name: "eacute".into()
            }
        );
        assert_eq!(kind("&#;"), EntityErrorKind::MalformedNumber);
        assert_eq!(kind("&#x;"), EntityErrorKind::MalformedNumber);
        assert_eq!(kind("&#12a;"), EntityErrorKind::MalformedNumber);
        assert_eq!(kind("&#x-1;"), EntityErrorKind::MalformedNumber);
        assert_eq!(kind("&#+1;"), EntityErrorKind::MalformedNumber);
        assert_eq!(kind("&#000000040;"), EntityErrorKind::MalformedNumber); // too long
        assert_eq!(kind("&#00000000000040;"), EntityErrorKind::BareAmpersand);
        assert_eq!(
            kind("&#xD800;"),
            EntityErrorKind::ForbiddenCodePoint { value: 0xd800 }
        );
        assert_eq!(
            kind("&#x110000;"),
            EntityErrorKind::ForbiddenCodePoint { value: 0x110000 }
        );
        assert_eq!(
            kind("&#0;"),
            EntityErrorKind::ForbiddenCodePoint { value: 0 }
        );
        assert_eq!(decode_title("ab&#40;&x").unwrap_err().offset, 7);
    }

    #[test]
    fn article_paths() {
        let p = parse_article_path("/tin-tuc/hoat-dong/so-ket-1.html#top").unwrap();
        assert_eq!(
            p,
            ArticlePath {
                lang: None,
                module: "tin-tuc".into(),
                category: "hoat-dong".into(),
                alias: "so-ket".into(),
                id: 1
            }
        );
        for bad in [
            "news/tin/a-1.html",
            "/news/a-1.html",
            "/x/y/news/tin/a-1.html",
            "/news//a-1.html",
            "/news/tin/a-1.htm",
            "/news/tin/a-1.html/",
            "/VI/news/tin/a-1.html",
        ] {
            assert_eq!(parse_article_path(bad), Err(PathError::Shape), "{bad}");
        }
        for bad in [
            "/news/tin/a.html",
            "/news/tin/-1.html",
            "/news/tin/a-.html",
            "/news/tin/a-0.html",
            "/news/tin/a-+1.html",
            "/news/tin/a-99999999999999999999.html",
        ] {
            assert_eq!(parse_article_path(bad), Err(PathError::Id), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn encode_then_decode_round_trips(s in "\\PC{0,60}|[&;#xX0-9a-z()/:'\"<> ]{0,40}") {
            prop_assert_eq!(decode_title(&encode_title(&s)), Ok(s));
        }

        #[test]
        fn decode_never_panics_and_keeps_plain_text(s in "[&;#xX0-9a-zA-Z ]{0,40}|\\PC{0,40}") {
            if let Ok(d) = decode_title(&s) {
                if !s.contains('&') {
                    prop_assert_eq!(d, s);
                }
            }
        }

        #[test]
        fn path_round_trips(
            module in "[a-z][a-z-]{0,10}",
            category in "[a-z0-9-]{1,20}",
            alias in "[a-z0-9-]{1,30}",
            id in 1u64..,
        ) {
            let p = parse_article_path(&format!("/{module}/{category}/{alias}-{id}.html")).unwrap();
            prop_assert_eq!((p.module, p.category, p.alias, p.id), (module, category, alias, id));
        }
    }
}
