//! Slugify on arbitrary UTF-8: no panics, always `[a-z0-9]+(-[a-z0-9]+)*`, length limit kept,
//! and the vector block loops give the scalar loop's result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::text::{slugify, Slugger};

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let Ok(s) = std::str::from_utf8(rest) else { return };
    for slug in [slugify(s), Slugger::new().max_len(usize::from(n)).slugify(s)].into_iter().flatten() {
        let t = slug.as_str();
        assert!(!t.is_empty() && !t.starts_with('-') && !t.ends_with('-') && !t.contains("--"));
        assert!(t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
    }
    assert!(tintuc::text::slug_vector_loops_agree(s), "{s:?}");
    if let Some(slug) = Slugger::new().max_len(usize::from(n)).slugify(s) {
        assert!(slug.as_str().len() <= usize::from(n));
    }
});
