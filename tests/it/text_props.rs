//! Property tests over arbitrary Unicode, and a linear-time check on pathological input.

use proptest::prelude::*;
use std::iter::repeat_n;
use tintuc::text::repair::repair;
use tintuc::text::{
    compare, convert_tone_style, fold, nfc, normalize, sort_key, syllables, ToneStyle,
};
use tintuc::text::{slugify, Slugger};
use unicode_normalization::UnicodeNormalization;

/// Strings mixing Vietnamese letters, combining marks, spaces, invisibles and anything.
fn viet_text() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("hòa".to_string()),
            Just("hoà".to_string()),
            Just("Qúy".to_string()),
            Just("ươ".to_string()),
            Just("\u{0301}".to_string()),
            Just("\u{0323}".to_string()),
            Just("\u{0302}".to_string()),
            Just("\u{031B}".to_string()),
            Just("\u{200D}".to_string()),
            Just("\u{200B}".to_string()),
            Just("\u{00A0}".to_string()),
            Just(" ".to_string()),
            Just("👩".to_string()),
            "[a-zA-ZđĐăâêôơư0-9/ -]{0,6}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..24,
    );
    pieces.prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::cases(1000)))]

    #[test]
    fn normalize_is_idempotent(s in viet_text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone());
        // Output is NFC, trimmed, with single spaces.
        let reference: String = once.nfc().collect();
        prop_assert_eq!(&reference, &once);
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
    }

    #[test]
    fn normalize_arbitrary(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn nfc_matches_unicode_normalization(s in viet_text()) {
        let reference: String = s.nfc().collect();
        prop_assert_eq!(nfc(&s), reference);
    }

    #[test]
    fn tone_styles_round_trip(s in viet_text()) {
        let old = convert_tone_style(&s, ToneStyle::Old).into_owned();
        let new = convert_tone_style(&old, ToneStyle::New).into_owned();
        prop_assert_eq!(convert_tone_style(&new, ToneStyle::Old).into_owned(), old.clone());
        prop_assert_eq!(fold(&new), fold(&old));
    }

    #[test]
    fn fold_forms_agree(s in viet_text()) {
        let nfd: String = s.nfd().collect();
        let f = fold(&s);
        prop_assert_eq!(fold(&nfd), f.clone());
        prop_assert_eq!(fold(&f), f.clone());
        prop_assert!(!f.chars().any(|c| c.is_uppercase() && c.to_lowercase().next() != Some(c)));
    }

    #[test]
    fn slug_shape(s in viet_text(), max in 0usize..40) {
        for slug in [slugify(&s), Slugger::new().max_len(max).slugify(&s)].into_iter().flatten() {
            let t = slug.as_str();
            prop_assert!(!t.is_empty() && !t.starts_with('-') && !t.ends_with('-') && !t.contains("--"));
            prop_assert!(t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
        if let Some(slug) = Slugger::new().max_len(max).slugify(&s) {
            prop_assert!(slug.as_str().len() <= max);
        }
        // Any Unicode form gives the same slug, unless legacy-encoding detection (which
        // depends on the exact characters) fires on one of the forms.
        let nfd: String = s.nfd().collect();
        if repair(&s).encoding.is_none() && repair(&nfd).encoding.is_none() {
            prop_assert_eq!(slugify(&nfd), slugify(&s));
        }
    }

    #[test]
    fn collation_is_consistent(a in viet_text(), b in viet_text()) {
        prop_assert_eq!(compare(&a, &b), sort_key(&a).cmp(&sort_key(&b)));
        prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
    }

    #[test]
    fn syllables_are_in_place(s in viet_text()) {
        let mut last = 0;
        for syl in syllables(&s) {
            prop_assert!(syl.start >= last);
            prop_assert_eq!(&s[syl.start..syl.start + syl.text.len()], syl.text);
            last = syl.start + syl.text.len();
        }
    }

    #[test]
    fn extraction_never_panics(s in any::<String>()) {
        let _ = tintuc::text::extract_documents(&s);
        for d in tintuc::text::extract_dates(&s) {
            prop_assert!(s.is_char_boundary(d.start) && s.is_char_boundary(d.end) && d.start < d.end);
        }
    }
}

/// Pathological inputs run in linear time: 4× the input must cost well under 16× (we
/// allow 10×, generous for a shared machine; quadratic behaviour would show ≈16×).
#[test]
fn pathological_input_is_linear() {
    fn inputs(mb: usize) -> Vec<String> {
        let n = mb << 20;
        vec![
            // one letter followed by a huge run of combining marks
            std::iter::once('a')
                .chain(repeat_n('\u{0301}', n / 2))
                .collect(),
            // alternating marks of different classes (reordering work)
            std::iter::once('o')
                .chain(repeat_n(['\u{0323}', '\u{0302}', '\u{031B}'], n / 6).flatten())
                .collect(),
            // 100k-character "words" of Vietnamese letters
            repeat_n(
                repeat_n("ươ", 50_000).collect::<String>() + " ",
                n / 200_002 + 1,
            )
            .collect(),
            // NFD Vietnamese without spaces
            repeat_n("hoa\u{0300}", n / 5).collect(),
            // digits and slashes (extraction)
            repeat_n("1/", n / 2).collect(),
        ]
    }
    fn cost(inputs: &[String]) -> std::time::Duration {
        let t = std::time::Instant::now();
        for s in inputs {
            std::hint::black_box(normalize(s));
            std::hint::black_box(fold(s));
            std::hint::black_box(slugify(s));
            std::hint::black_box(sort_key(s));
            std::hint::black_box(syllables(s).count());
            std::hint::black_box(tintuc::text::extract_documents(s));
            std::hint::black_box(tintuc::text::extract_dates(s));
        }
        t.elapsed()
    }
    let small = inputs(1);
    let large = inputs(4);
    let _ = cost(&small); // warm up
    let a = cost(&small);
    let b = cost(&large);
    println!(
        "1 MB: {a:?}, 4 MB: {b:?}, ratio {:.2}",
        b.as_secs_f64() / a.as_secs_f64()
    );
    assert!(
        b.as_secs_f64() < 10.0 * a.as_secs_f64() + 0.05,
        "1 MB {a:?} vs 4 MB {b:?}"
    );
}
