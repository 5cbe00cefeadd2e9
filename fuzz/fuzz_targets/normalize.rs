//! Normalise, tone-style conversion, fold, collation and extraction on arbitrary UTF-8:
//! no panics, idempotence, NFC-ness, style round trip, and fold's vector block loops
//! give the scalar loop's result, and the one-pass syllable tokenizer of the related-articles
//! analysis gives the three-pass syllables.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tintuc::text::{compare, convert_tone_style, fold, nfc, normalize, sort_key, ToneStyle};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let once = normalize(s);
    assert_eq!(normalize(&once), once);
    assert_eq!(nfc(&once), once.as_str());
    let old = convert_tone_style(s, ToneStyle::Old).into_owned();
    let new = convert_tone_style(&old, ToneStyle::New).into_owned();
    assert_eq!(convert_tone_style(&new, ToneStyle::Old), old.as_str());
    let f = fold(s);
    assert_eq!(fold(&f), f);
    assert!(tintuc::text::fold_vector_loops_agree(s), "{s:?}");
    assert!(tintuc::text::normalized_syllables_agree(s), "{s:?}");
    assert_eq!(compare(s, &once), sort_key(s).cmp(&sort_key(&once)));
    let _ = tintuc::text::syllables(s).count();
    let _ = tintuc::text::extract_documents(s);
    let _ = tintuc::text::extract_dates(s);
});
