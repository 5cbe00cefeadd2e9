//! NukeViet title decoding on arbitrary text: no panic, text without `&` comes back
//! unchanged, an error points at an `&`, and encode → decode round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::import::nukeviet::{decode_title, encode_title, parse_article_path};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match decode_title(s) {
        Ok(d) => {
            if !s.contains('&') {
                assert_eq!(d, s);
            }
        }
        Err(e) => assert_eq!(s.as_bytes().get(e.offset), Some(&b'&')),
    }
    assert_eq!(decode_title(&encode_title(s)).as_deref(), Ok(s));
    let _ = parse_article_path(s);
});
