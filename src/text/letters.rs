//! Tables for the Vietnamese letters: the 12 vowels × 6 tones × 2 cases (precomposed),
//! plus `đ/Đ`. Built at compile time; every lookup is one range check and one array read.

/// Vowel indices, in Vietnamese alphabetical order.
pub(crate) const V_A: u8 = 0;
pub(crate) const V_AW: u8 = 1; // ă
pub(crate) const V_AA: u8 = 2; // â
pub(crate) const V_E: u8 = 3;
pub(crate) const V_EE: u8 = 4; // ê
pub(crate) const V_I: u8 = 5;
pub(crate) const V_O: u8 = 6;
pub(crate) const V_OO: u8 = 7; // ô
pub(crate) const V_OW: u8 = 8; // ơ
pub(crate) const V_U: u8 = 9;
pub(crate) const V_UW: u8 = 10; // ư
pub(crate) const V_Y: u8 = 11;

/// Tones in collation order: none, huyền (grave), hỏi (hook), ngã (tilde), sắc (acute), nặng (dot).
pub(crate) const LOWER: [[char; 6]; 12] = [
    ['a', 'à', 'ả', 'ã', 'á', 'ạ'],
    ['ă', 'ằ', 'ẳ', 'ẵ', 'ắ', 'ặ'],
    ['â', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ'],
    ['e', 'è', 'ẻ', 'ẽ', 'é', 'ẹ'],
    ['ê', 'ề', 'ể', 'ễ', 'ế', 'ệ'],
    ['i', 'ì', 'ỉ', 'ĩ', 'í', 'ị'],
    ['o', 'ò', 'ỏ', 'õ', 'ó', 'ọ'],
    ['ô', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ'],
    ['ơ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ'],
    ['u', 'ù', 'ủ', 'ũ', 'ú', 'ụ'],
    ['ư', 'ừ', 'ử', 'ữ', 'ứ', 'ự'],
    ['y', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ'],
];

/// Upper-case counterparts of [`LOWER`].
pub(crate) const UPPER: [[char; 6]; 12] = [
    ['A', 'À', 'Ả', 'Ã', 'Á', 'Ạ'],
    ['Ă', 'Ằ', 'Ẳ', 'Ẵ', 'Ắ', 'Ặ'],
    ['Â', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ậ'],
    ['E', 'È', 'Ẻ', 'Ẽ', 'É', 'Ẹ'],
    ['Ê', 'Ề', 'Ể', 'Ễ', 'Ế', 'Ệ'],
    ['I', 'Ì', 'Ỉ', 'Ĩ', 'Í', 'Ị'],
    ['O', 'Ò', 'Ỏ', 'Õ', 'Ó', 'Ọ'],
    ['Ô', 'Ồ', 'Ổ', 'Ỗ', 'Ố', 'Ộ'],
    ['Ơ', 'Ờ', 'Ở', 'Ỡ', 'Ớ', 'Ợ'],
    ['U', 'Ù', 'Ủ', 'Ũ', 'Ú', 'Ụ'],
    ['Ư', 'Ừ', 'Ử', 'Ữ', 'Ứ', 'Ự'],
    ['Y', 'Ỳ', 'Ỷ', 'Ỹ', 'Ý', 'Ỵ'],
];

/// Plain ASCII base of each vowel.
pub(crate) const BASE: [u8; 12] = *b"aaaeeiooouuy";

/// A decoded Vietnamese letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VnLetter {
    /// A vowel: index (`V_*`), tone (0..6), upper case.
    Vowel { v: u8, tone: u8, upper: bool },
    /// `đ`/`Đ` (and the look-alike `ð`/`Ð` when `eth`).
    DStroke { upper: bool, eth: bool },
}

const LO_START: u32 = 0xC0;
const LO_END: u32 = 0x1B0; // inclusive
const HI_START: u32 = 0x1EA0;
const HI_END: u32 = 0x1EF9; // inclusive

const fn enc(v: usize, tone: usize, upper: bool) -> u8 {
    (1 + v * 12 + tone * 2 + upper as usize) as u8
}
const D_LOWER: u8 = 200;
const D_UPPER: u8 = 201;
const ETH_LOWER: u8 = 202;
const ETH_UPPER: u8 = 203;

const fn build(start: u32, end: u32) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut v = 0;
    while v < 12 {
        let mut tone = 0;
        while tone < 6 {
            let lo = LOWER[v][tone] as u32;
            if lo >= start && lo <= end {
                t[(lo - start) as usize] = enc(v, tone, false);
            }
            let up = UPPER[v][tone] as u32;
            if up >= start && up <= end {
                t[(up - start) as usize] = enc(v, tone, true);
            }
            tone += 1;
        }
        v += 1;
    }
    if start == LO_START {
        t[(0x111 - LO_START) as usize] = D_LOWER;
        t[(0x110 - LO_START) as usize] = D_UPPER;
        t[(0xF0 - LO_START) as usize] = ETH_LOWER;
        t[(0xD0 - LO_START) as usize] = ETH_UPPER;
    }
    t
}

static TABLE_LO: [u8; 256] = build(LO_START, LO_END);
static TABLE_HI: [u8; 256] = build(HI_START, HI_END);

#[inline]
fn decode(code: u8) -> Option<VnLetter> {
    match code {
        0 => None,
        D_LOWER => Some(VnLetter::DStroke {
            upper: false,
            eth: false,
        }),
        D_UPPER => Some(VnLetter::DStroke {
            upper: true,
            eth: false,
        }),
        ETH_LOWER => Some(VnLetter::DStroke {
            upper: false,
            eth: true,
        }),
        ETH_UPPER => Some(VnLetter::DStroke {
            upper: true,
            eth: true,
        }),
        c => {
            let x = c - 1;
            Some(VnLetter::Vowel {
                v: x / 12,
                tone: (x % 12) / 2,
                upper: x % 2 == 1,
            })
        }
    }
}

/// Looks up a precomposed non-ASCII Vietnamese letter (vowel with marks, `đ`, `ð`).
#[inline]
pub(crate) fn lookup(c: char) -> Option<VnLetter> {
    lookup_cp(c as u32)
}

/// [`lookup`] by code point.
#[inline]
pub(crate) fn lookup_cp(u: u32) -> Option<VnLetter> {
    if (LO_START..=LO_END).contains(&u) {
        decode(*TABLE_LO.get((u - LO_START) as usize)?)
    } else if (HI_START..=HI_END).contains(&u) {
        decode(*TABLE_HI.get((u - HI_START) as usize)?)
    } else {
        None
    }
}

/// Vowel index of an ASCII letter, if it is a vowel.
#[inline]
pub(crate) fn ascii_vowel(b: u8) -> Option<u8> {
    match b | 0x20 {
        b'a' => Some(V_A),
        b'e' => Some(V_E),
        b'i' => Some(V_I),
        b'o' => Some(V_O),
        b'u' => Some(V_U),
        b'y' => Some(V_Y),
        _ => None,
    }
}

/// The precomposed character for a vowel, tone and case.
#[inline]
pub(crate) fn compose(v: u8, tone: u8, upper: bool) -> char {
    let t = if upper { &UPPER } else { &LOWER };
    t.get(v as usize)
        .and_then(|r| r.get(tone as usize))
        .copied()
        .unwrap_or('\u{FFFD}')
}

/// Combining marks Vietnamese uses, as (kind, value): kind 0 = tone (1..=5), kind 1 =
/// modifier (1 breve, 2 circumflex, 3 horn).
#[inline]
pub(crate) fn combining(c: char) -> Option<(u8, u8)> {
    Some(match c {
        '\u{0300}' | '\u{0340}' => (0, 1),
        '\u{0309}' => (0, 2),
        '\u{0303}' => (0, 3),
        '\u{0301}' | '\u{0341}' => (0, 4),
        '\u{0323}' => (0, 5),
        '\u{0306}' => (1, 1),
        '\u{0302}' => (1, 2),
        '\u{031B}' => (1, 3),
        _ => return None,
    })
}

/// Applies a modifier (1 breve, 2 circumflex, 3 horn) to a plain vowel.
#[inline]
pub(crate) fn modify(v: u8, m: u8) -> Option<u8> {
    match (v, m) {
        (V_A, 1) => Some(V_AW),
        (V_A, 2) => Some(V_AA),
        (V_E, 2) => Some(V_EE),
        (V_O, 2) => Some(V_OO),
        (V_O, 3) => Some(V_OW),
        (V_U, 3) => Some(V_UW),
        _ => None,
    }
}

/// Whether a vowel carries a modifier (ă â ê ô ơ ư).
#[inline]
pub(crate) fn has_modifier(v: u8) -> bool {
    matches!(v, V_AW | V_AA | V_EE | V_OO | V_OW | V_UW)
}

/// Decodes the character at byte `i` of valid UTF-8 (from a `&str`): (code point, length).
/// Returns `None` past the end.
#[inline(always)]
pub(crate) fn decode_at(b: &[u8], i: usize) -> Option<(u32, usize)> {
    let b0 = *b.get(i)?;
    if b0 < 0x80 {
        return Some((u32::from(b0), 1));
    }
    let c1 = u32::from(b.get(i + 1).copied().unwrap_or(0) & 0x3F);
    if b0 < 0xE0 {
        return Some(((u32::from(b0 & 0x1F) << 6) | c1, 2));
    }
    let c2 = u32::from(b.get(i + 2).copied().unwrap_or(0) & 0x3F);
    if b0 < 0xF0 {
        return Some(((u32::from(b0 & 0x0F) << 12) | (c1 << 6) | c2, 3));
    }
    let c3 = u32::from(b.get(i + 3).copied().unwrap_or(0) & 0x3F);
    Some((
        (u32::from(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3,
        4,
    ))
}

const fn build_fold(start: u32, end: u32) -> [u8; 256] {
    let codes = build(start, end);
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = codes[i];
        t[i] = if c == 0 {
            0
        } else if c >= D_LOWER {
            b'd'
        } else {
            BASE[((c - 1) / 12) as usize]
        };
        i += 1;
    }
    t
}

static FOLD_LO: [u8; 256] = build_fold(LO_START, LO_END);
static FOLD_HI: [u8; 256] = build_fold(HI_START, HI_END);

/// The plain lower-case ASCII letter of a Vietnamese letter's code point (`ệ`→`e`,
/// `Đ`→`d`), or 0 when the code point is not one of them.
#[inline(always)]
pub(crate) fn fold_cp(cp: u32) -> u8 {
    if (LO_START..=LO_END).contains(&cp) {
        FOLD_LO.get((cp - LO_START) as usize).copied().unwrap_or(0)
    } else if (HI_START..=HI_END).contains(&cp) {
        FOLD_HI.get((cp - HI_START) as usize).copied().unwrap_or(0)
    } else {
        0
    }
}

static FOLD_E1: [u8; 256] = build_fold(0x1E80, 0x1F7F);

/// [`fold_cp`] of a two-byte character whose lead byte is 0xC3..=0xC6 (U+00C0..U+01BF,
/// which holds every Vietnamese letter below U+0300): 0 when it is not one of them.
#[inline(always)]
pub(crate) fn fold2(lead: u8, cont: u8) -> u8 {
    // (lead - 0xC3) * 64 + (cont & 0x3F) = code point - 0xC0.
    let k = (usize::from(lead.wrapping_sub(0xC3) & 3) << 6) | usize::from(cont & 0x3F);
    FOLD_LO.get(k).copied().unwrap_or(0)
}

/// [`fold_cp`] of a three-byte character `E1 b1 b2` with `b1` 0xBA or 0xBB
/// (U+1E80..U+1EFF, which holds U+1EA0..U+1EF9): 0 when it is not a Vietnamese letter.
#[inline(always)]
pub(crate) fn fold3(b1: u8, b2: u8) -> u8 {
    let k = (usize::from(b1 & 1) << 6) | usize::from(b2 & 0x3F);
    FOLD_E1.get(k).copied().unwrap_or(0)
}

/// Eight-bytes-at-a-time ("SWAR") helpers: `ONES` has 1 in every byte, `HIGH` bit 7,
/// `LOW7` the low seven bits.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// Bit 7 of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
pub(crate) const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// Bit 7 of each byte set where the byte of `x` equals `c` (exact, no false positives).
#[inline(always)]
pub(crate) fn swar_eq(x: u64, c: u8) -> u64 {
    let v = x ^ (ONES * u64::from(c));
    !(((v & LOW7) + LOW7) | v) & HIGH
}

/// `s.to_lowercase()`, faster on Vietnamese text: ASCII, Latin-1, the Latin Extended-A
/// pairs (ă, đ, ĩ, ũ), ơ, ư and the Latin Extended Additional letters (U+1EA0..U+1EF9,
/// where upper case is even and lower case odd) are mapped directly; anything else goes through `char::to_lowercase`. Text with a capital
/// sigma (whose lower case depends on its neighbours) is handed to `str::to_lowercase`.
pub(crate) fn to_lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match lower_char(c) {
            Some(l) => out.push(l),
            None if c == '\u{3A3}' => return s.to_lowercase(),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The lower case of `c` when it is one of the letters [`to_lowercase`] maps directly
/// (ASCII, Latin-1, the Latin Extended-A pairs, ơ, ư, U+1EA0..U+1EF9): always the one
/// character `char::to_lowercase` gives. `None` for every other character.
#[inline]
pub(crate) fn lower_char(c: char) -> Option<char> {
    let u = u32::from(c);
    let l = match u {
        0x41..=0x5A => u + 0x20,
        0..=0x7F => u,
        0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        // already lower case: Latin-1 à..ÿ (ß, ÷ included)
        0xDF..=0xFF => u,
        // Latin Extended-A pairs, upper case even (ă, đ, ĩ, ũ)
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 => u | 1,
        0x1A0 | 0x1A1 => 0x1A1, // ơ
        0x1AF | 0x1B0 => 0x1B0, // ư
        0x1EA0..=0x1EF9 => u | 1,
        _ => return None,
    };
    char::from_u32(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_char_is_std_lower_case_where_defined() {
        for c in (0..0x11000u32).filter_map(char::from_u32) {
            if let Some(l) = lower_char(c) {
                assert!(
                    c.to_lowercase().eq(std::iter::once(l)),
                    "U+{:04X}",
                    u32::from(c)
                );
            }
        }
        assert_eq!(lower_char('\u{3A3}'), None);
        assert_eq!(lower_char('Ự'), Some('ự'));
    }

    #[test]
    fn to_lowercase_matches_std_on_every_letter_range() {
        for cp in (0..0x2000u32).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("a{c}Σ {c} {c}b");
            assert_eq!(to_lowercase(&s), s.to_lowercase(), "U+{cp:04X}");
            let s = format!("{c}x");
            assert_eq!(to_lowercase(&s), s.to_lowercase(), "U+{cp:04X}");
        }
    }

    proptest::proptest! {
        #[test]
        fn to_lowercase_matches_std(s in strategy::viet_heavy(), t in "\\PC*") {
            proptest::prop_assert_eq!(to_lowercase(&s), s.to_lowercase());
            proptest::prop_assert_eq!(to_lowercase(&t), t.to_lowercase());
        }
    }

    #[test]
    fn every_table_letter_round_trips() {
        let mut n = 0;
        for v in 0..12u8 {
            for tone in 0..6u8 {
                for upper in [false, true] {
                    let c = compose(v, tone, upper);
                    if c.is_ascii() {
                        continue;
                    }
                    n += 1;
                    assert_eq!(lookup(c), Some(VnLetter::Vowel { v, tone, upper }), "{c}");
                }
            }
        }
        assert_eq!(n, 132); // 12 vowels × 6 tones × 2 cases, minus the 12 ASCII ones
        assert!(lookup('đ').is_some() && lookup('Đ').is_some());
        assert_eq!(lookup('ñ'), None);
        assert_eq!(lookup('ç'), None);
    }

    #[test]
    fn byte_tables_match_fold_cp() {
        for cp in 0xC0u32..0x1C0 {
            let c = char::from_u32(cp).unwrap();
            let mut b = [0u8; 4];
            let e = c.encode_utf8(&mut b).as_bytes();
            assert_eq!(fold2(e[0], e[1]), fold_cp(cp), "{c}");
        }
        for cp in 0x1E80u32..0x1F00 {
            let c = char::from_u32(cp).unwrap();
            let mut b = [0u8; 4];
            let e = c.encode_utf8(&mut b).as_bytes();
            assert_eq!((e[0], e[1] & 0xFE), (0xE1, 0xBA));
            assert_eq!(fold3(e[1], e[2]), fold_cp(cp), "{c}");
        }
    }
}

/// Input generators shared by the fast-path-versus-reference property tests.
#[cfg(test)]
pub(crate) mod strategy {
    use proptest::prelude::*;

    /// Strings heavy in Vietnamese letters (every precomposed one, `đ/Đ`, `ð/Ð`), ASCII
    /// letters, digits and punctuation, combining marks, typographic and Latin-1
    /// characters, the neighbours of the table ranges, and arbitrary characters.
    pub(crate) fn viet_heavy() -> impl Strategy<Value = String> {
        let mut letters: Vec<char> = super::LOWER
            .iter()
            .chain(super::UPPER.iter())
            .flatten()
            .copied()
            .collect();
        letters.extend(['đ', 'Đ', 'ð', 'Ð']);
        let piece = prop_oneof![
            4 => proptest::sample::select(letters).prop_map(String::from),
            3 => "[a-zA-Z0-9]{1,5}",
            2 => proptest::sample::select(vec![
                " ", "  ", "-", "'", "/", ".", ",", "\t", "\n", "\r\n", "?", "^", "(", "+", "~", "`",
                "\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}", "\u{0302}",
                "\u{0306}", "\u{031B}", "\u{034F}", "\u{0340}", "\u{036F}",
                "\u{00A0}", "\u{2013}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2026}",
                "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{00AD}", "\u{02BC}", "\u{3000}",
                "®", "µ", "»", "×", "÷", "ß", "ñ", "ü", "Ç", "æ", "ÿ", "Ā", "ı", "Ł", "ſ",
                "ƀ", "ƿ", "\u{0F73}", "Ȁ", "Ǻ", "ȺȾ", "ẞ", "ḿ", "Ẁ", "ẟ", "Ỻ", "ỿ", "Ἀ", "ἀ", "İ",
                "👩", "🎉", "中文", "Ω", "ﬁ", "\u{1E9E}", "\u{0000}", "\u{0007}", "\u{0085}",
            ])
            .prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }
}
