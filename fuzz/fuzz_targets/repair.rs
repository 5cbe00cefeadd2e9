//! Fuzz target: legacy-encoding repair and explicit decoding never panic, clean
//! detection is stable, and results are well-formed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::text::repair::{decode, decode_str, repair, repair_bytes, Encoding};

fuzz_target!(|data: &[u8]| {
    let r = repair_bytes(data);
    assert!((0.0..=1.0).contains(&r.confidence));
    for enc in Encoding::ALL {
        let _ = decode(data, enc);
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let r2 = repair(s);
        assert_eq!(r.text, r2.text);
        if r2.encoding.is_none() {
            assert_eq!(r2.text, s);
        }
        for enc in Encoding::ALL {
            let _ = decode_str(s, enc);
        }
    }
});
