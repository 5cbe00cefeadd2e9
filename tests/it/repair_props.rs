//! Property tests: no panic on arbitrary input, clean Vietnamese is left untouched,
//! mojibake of clean Vietnamese is undone exactly.

use std::borrow::Cow;

use proptest::prelude::*;
use tintuc::text::repair::{decode, decode_str, detect, repair, repair_bytes, Encoding};
use unicode_normalization::UnicodeNormalization;

const SYLLABLES: &[&str] = &[
    "khối",
    "thi",
    "đua",
    "sơ",
    "kết",
    "phong",
    "trào",
    "tháng",
    "đầu",
    "năm",
    "hội",
    "nghị",
    "tỉnh",
    "sóc",
    "trăng",
    "viện",
    "kiểm",
    "sát",
    "nhân",
    "dân",
    "huyện",
    "cù",
    "lao",
    "dung",
    "tổ",
    "chức",
    "cuộc",
    "kỹ",
    "năng",
    "giải",
    "quyết",
    "vụ",
    "án",
    "hình",
    "sự",
    "người",
    "được",
    "những",
    "của",
    "và",
    "cà",
    "phê",
    "bà",
    "có",
    "là",
    "quý",
    "già",
    "hoà",
    "hòa",
    "thuỷ",
    "thủy",
    "khuỷu",
    "nguyễn",
    "việt",
    "nam",
    "hà",
    "nội",
    "ủy",
    "ban",
    "lượng",
    "trường",
    "học",
    "sinh",
    "giáo",
    "dục",
    "đà",
    "nẵng",
    "ông",
    "ở",
    "mẹ",
    "chị",
    "em",
    "ý",
];

fn case(s: &str, k: u8) -> String {
    match k % 4 {
        0 | 1 => s.to_string(),
        2 => {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        _ => s.to_uppercase(),
    }
}

fn clean_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            0..SYLLABLES.len(),
            any::<u8>(),
            prop::sample::select(vec![
                " ",
                " ",
                " ",
                ", ",
                ". ",
                ": ",
                " – ",
                " “",
                "” ",
                " (",
                ") ",
                "\u{a0}",
                " 2018 ",
                " 08/KH-UBND ",
            ]),
        ),
        1..24,
    )
    .prop_map(|words| {
        let mut s = String::new();
        for (i, k, sep) in words {
            s.push_str(&case(SYLLABLES[i], k));
            s.push_str(sep);
        }
        s.trim().to_string()
    })
}

fn cp1252(b: u8) -> char {
    const HIGH: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x192, 0x201E, 0x2026, 0x2020, 0x2021, 0x2C6, 0x2030, 0x160, 0x2039,
        0x152, 0x8D, 0x17D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x2DC, 0x2122, 0x161, 0x203A, 0x153, 0x9D, 0x17E, 0x178,
    ];
    if (0x80..0xA0).contains(&b) {
        char::from_u32(HIGH[usize::from(b - 0x80)]).unwrap()
    } else {
        char::from(b)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::common::cases(512)))]

    #[test]
    fn no_panic_on_arbitrary_bytes(b in prop::collection::vec(any::<u8>(), 0..300)) {
        let r = repair_bytes(&b);
        prop_assert!((0.0..=1.0).contains(&r.confidence));
        for enc in Encoding::ALL {
            let _ = decode(&b, enc);
        }
        if let Ok(s) = std::str::from_utf8(&b) {
            let again = repair(s);
            prop_assert_eq!(r.text.as_ref(), again.text.as_ref());
        }
    }

    #[test]
    fn no_panic_on_arbitrary_strings(s in any::<String>()) {
        let r = repair(&s);
        prop_assert!((0.0..=1.0).contains(&r.confidence));
        let _ = detect(&s);
        for enc in Encoding::ALL {
            let _ = decode_str(&s, enc);
        }
    }

    #[test]
    fn no_panic_on_cp1252_soup(s in "[\\x00-\\x7f\u{80}-\u{ff}€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{0,80}") {
        let r = repair(&s);
        if r.encoding.is_none() {
            prop_assert!(matches!(r.text, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn clean_vietnamese_is_identity(s in clean_text()) {
        let r = repair(&s);
        prop_assert_eq!(r.encoding, None, "{}", s);
        prop_assert!(matches!(r.text, Cow::Borrowed(t) if t == s));
        let nfd: String = s.nfd().collect();
        let r = repair(&nfd);
        prop_assert_eq!(r.encoding, None);
        prop_assert!(matches!(r.text, Cow::Borrowed(t) if t == nfd));
        prop_assert_eq!(repair_bytes(s.as_bytes()).encoding, None);
    }

    #[test]
    fn mojibake_of_clean_vietnamese_is_undone(s in clean_text()) {
        prop_assume!(!s.is_ascii());
        let m: String = s.bytes().map(cp1252).collect();
        let r = repair(&m);
        prop_assert_eq!(r.encoding, Some(Encoding::Mojibake));
        prop_assert_eq!(r.text.as_ref(), s.as_str());
        prop_assert_eq!(decode_str(&m, Encoding::Mojibake).unwrap(), s);
        // Repairing again changes nothing.
        prop_assert_eq!(repair(&r.text).encoding, None);
    }
}
