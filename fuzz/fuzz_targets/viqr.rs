//! VIQR decoding (explicit and auto-detected) on arbitrary text: no panic, NFC out,
//! and text without any VIQR mark character or `dd` comes back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::text::nfc;
use tintuc::text::repair::{decode_str, repair, Encoding};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let d = decode_str(s, Encoding::Viqr).unwrap_or_default();
    assert_eq!(nfc(&d), d.as_str());
    let marks = s.contains(['\'', '`', '?', '~', '.', '^', '(', '+', '\\']);
    let dd = s.to_ascii_lowercase().contains("dd");
    if !marks && !dd && nfc(s) == s {
        assert_eq!(d, s);
    }
    let _ = repair(s);
});
