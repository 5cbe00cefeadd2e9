//! The model's value parsers on arbitrary text: `Link`, `WebUrl`, `Slug`, `ArticleId`,
//! `Slug::from_title` and the importer's dates. A link is only ever http(s), relative or
//! protocol-relative with a host; an absolute link says so; built slugs are valid and
//! capped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::model::{ArticleId, Link, Slug, WebUrl, MAX_SLUG_LEN};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(l) = Link::new(s) {
        let lower = l.as_str().to_ascii_lowercase();
        // A scheme as RFC 3986 spells it: a letter, then letters, digits, `+ - .`.
        let scheme = lower.split_once(':').map(|x| x.0).filter(|h| {
            h.starts_with(|c: char| c.is_ascii_alphabetic())
                && h.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        assert!(matches!(scheme, None | Some("http") | Some("https")), "{s:?}");
        if l.is_protocol_relative() {
            assert!(l.is_absolute());
            let host = &l.as_str()[2..];
            assert!(!host.is_empty() && !host.starts_with(['/', '?', '#', ':', '@']), "{s:?}");
        }
        if lower.starts_with("http:") || lower.starts_with("https:") {
            assert!(l.is_absolute());
        }
    }
    if let Ok(u) = WebUrl::new(s) {
        assert!(Link::new(u.as_str()).is_ok_and(|l| l.is_absolute()), "{s:?}");
    }
    let _ = Slug::new(s);
    let _ = ArticleId::new(s);
    if let Some(slug) = Slug::from_title(s) {
        assert!(slug.as_str().len() <= MAX_SLUG_LEN);
        assert!(Slug::new(slug.as_str()).is_ok());
        assert_eq!(Slug::from_title(s), Some(slug));
    }
    let _ = tintuc::import::parse_date(s);
});
