//! URL slugs from Vietnamese titles: `[a-z0-9]+(-[a-z0-9]+)*`, as plain strings.
//!
//! `đ`→`d`; any Unicode form in (NFC, NFD, mixed; old or new tone style) gives the same
//! slug; document numbers and dates keep their parts (`08/KH-UBND` → `08-kh-ubnd`,
//! `17/8/2018` → `17-8-2018`); emoji and symbols are dropped (no `and`, no `percent`).
//! The model's `Slug` newtype wraps this output (`Slug::from_title`).
//!
//! ```
//! use tintuc::text::slugify;
//! let s = slugify("Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018").unwrap();
//! assert_eq!(s, "khoi-thi-dua-1-so-ket-phong-trao-thi-dua-06-thang-dau-nam-2018");
//! ```

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::letters::{decode_at, fold2, fold3, fold_cp, swar_eq, HIGH, LOW7, ONES};
use super::simd::{self, Mode};

/// Turns a title into a slug (`[a-z0-9]+(-[a-z0-9]+)*`), or `None` when it has no
/// letters or digits at all.
///
/// ```
/// use tintuc::text::slugify;
/// assert_eq!(slugify("Kế hoạch 08/KH-UBND ngày 17/8/2018").unwrap(),
///            "ke-hoach-08-kh-ubnd-ngay-17-8-2018");
/// assert_eq!(slugify("Đà Nẵng & Huế: 100% 🎉").unwrap(), "da-nang-hue-100");
/// assert!(slugify("!!! 🎉").is_none());
/// // Legacy encodings and mojibake are repaired first:
/// assert_eq!(slugify("Viá»‡t Nam").unwrap(), "viet-nam");
/// assert_eq!(slugify("Khèi thi ®ua 1").unwrap(), "khoi-thi-dua-1");
/// ```
pub fn slugify(title: &str) -> Option<String> {
    Slugger::default().slugify(title)
}

/// A configurable slug maker (today: an optional maximum length).
///
/// ```
/// use tintuc::text::Slugger;
/// let s = Slugger::new().max_len(20).slugify("Sơ kết phong trào thi đua 6 tháng").unwrap();
/// assert_eq!(s, "so-ket-phong-trao"); // cut at a word boundary
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Slugger {
    max_len: Option<usize>,
}

impl Slugger {
    /// No length limit.
    pub fn new() -> Self {
        Self::default()
    }

    /// Limits the slug to `n` bytes, cut at a word boundary (a single word longer than
    /// `n` is cut at `n`).
    pub fn max_len(mut self, n: usize) -> Self {
        self.max_len = Some(n);
        self
    }

    /// Makes the slug (`[a-z0-9]+(-[a-z0-9]+)*`), or `None` when nothing of the title
    /// is left.
    pub fn slugify(&self, title: &str) -> Option<String> {
        // Text made only of ASCII, Vietnamese letters, typographic quotes/dashes and NBSP
        // is taken as Unicode (a lone `â` must not be "repaired" as TCVN3; legacy and
        // mojibake text always carries other Latin-1 symbols such as `®`, `µ`, `»`);
        // anything else — and plain ASCII, which may be VIQR — goes through repair's
        // auto-detection, found out in the same pass that makes the slug.
        let (mut bytes, suspect) = slug_bytes(title);
        if suspect {
            let repaired = super::repair::repair(title);
            if repaired.encoding.is_some() {
                bytes = slug_bytes(&repaired.text).0;
            }
        }
        let mut out = String::from_utf8(bytes).ok()?; // always ASCII
        if let Some(max) = self.max_len {
            if out.len() > max {
                let cut = if out.as_bytes().get(max) == Some(&b'-') {
                    max
                } else {
                    match out.get(..max).and_then(|h| h.rfind('-')) {
                        Some(p) if p > 0 => p,
                        _ => max,
                    }
                };
                out.truncate(cut);
                while out.ends_with('-') {
                    out.pop();
                }
            }
        }
        // `slug_into` writes `[a-z0-9]+(-[a-z0-9]+)*` or nothing, and the cut above keeps
        // that form (trailing dashes removed), so only emptiness is left to check.
        if out.is_empty() {
            None
        } else {
            Some(out)
        }
    }
}

/// What a byte starting a character does in the table-driven slug loop: an ASCII letter
/// or digit maps to itself in lower case, an ASCII separator to `-`; the kinds below are
/// all ≥ 0x80.
const K_JOIN: u8 = 0x80; // the apostrophe: dropped without separating
const K_TWO: u8 = 0x81; // lead byte 0xC3..=0xC6: maybe a Vietnamese letter
const K_E1: u8 = 0x82; // lead byte 0xE1: maybe a Vietnamese letter U+1EA0..U+1EF9
const K_SLOW: u8 = 0x83; // any other non-ASCII character
static SLUG_CLASS: [u8; 256] = {
    let mut t = [K_SLOW; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_alphanumeric() {
            b.to_ascii_lowercase()
        } else {
            b'-'
        };
        i += 1;
    }
    t[b'\'' as usize] = K_JOIN;
    t[0xC3] = K_TWO;
    t[0xC4] = K_TWO;
    t[0xC5] = K_TWO;
    t[0xC6] = K_TWO;
    t[0xE1] = K_E1;
    t
};

/// The slug of `title` (`[a-z0-9]+(-[a-z0-9]+)*` or empty) and whether it must be checked
/// for a legacy encoding or mojibake: one pass over the bytes, no code point decoded for
/// ASCII and Vietnamese letters.
///
/// The output is written into a buffer as long as the input (every output byte consumes
/// at least one input byte): each letter or digit is written and kept; each separator
/// writes `-`, kept only when it follows a letter or digit, so runs collapse and a leading
/// one disappears; a trailing `-` is cut at the end.
fn slug_bytes(title: &str) -> (Vec<u8>, bool) {
    slug_bytes_with(title, simd::Level::best())
}

/// [`slug_bytes`] with the vector block loop of `level`, which handles 16 or 32 bytes at
/// a time while they are ASCII, Vietnamese letters and typographic separators; the loop
/// below takes every other block, a character at a time.
fn slug_bytes_with(title: &str, level: simd::Level) -> (Vec<u8>, bool) {
    let bytes = title.as_bytes();
    let mut buf = vec![0u8; bytes.len() + simd::SLACK];
    let mut o = 0usize; // bytes of `buf` kept
    let mut w = 0u64; // 1 when the last kept byte is a letter or digit
    let mut suspect = false;
    let mut ascii = true;
    let mut i = 0;
    let mut resume = if level == simd::Level::SCALAR {
        usize::MAX
    } else {
        0
    }; // where to try blocks again
    loop {
        if i >= resume {
            let mut st = simd::Stop { i, o, w, ascii };
            let done = simd::step(level, Mode::Slug, bytes, &mut buf, &mut st, &mut resume);
            (i, o, w, ascii) = (st.i, st.o, st.w, st.ascii);
            if done {
                break;
            }
        }
        // Eight ASCII bytes at a time: letters, digits and single spaces.
        if let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .filter(|c| c[0] < 0x80)
        {
            let (out, k, last_alnum) = swar_chunk(u64::from_le_bytes(chunk), w);
            if let Some(dst) = buf.get_mut(o..o + 8) {
                dst.copy_from_slice(&out.to_le_bytes());
            }
            o += k;
            i += k;
            if k == 8 {
                w = last_alnum;
                continue;
            }
            if k > 0 {
                w = last_alnum;
            }
        }
        // One character, whatever it is.
        let Some(&b0) = bytes.get(i) else { break };
        let b1 = bytes.get(i + 1).copied().unwrap_or(0);
        let b2 = bytes.get(i + 2).copied().unwrap_or(0);
        let e = SLUG_CLASS.get(usize::from(b0)).copied().unwrap_or(K_SLOW);
        ascii &= b0 < 0x80;
        // Which kind of character comes next is unpredictable in Vietnamese text, so the
        // three fast kinds (ASCII, two-byte and three-byte Vietnamese letters) are chosen
        // without branching, and the length comes from the leading byte alone; `m` is 0 for
        // anything else (slow path).
        let len = 1 + usize::from(b0 >= 0xC0) + usize::from(b0 >= 0xE0);
        let is_ascii = u8::from(e < 0x80);
        let is_two = u8::from(e == K_TWO);
        let is_three = u8::from(e == K_E1) & u8::from(b1 & 0xFE == 0xBA);
        let m = (e & is_ascii.wrapping_neg())
            | (fold2(b0, b1) & is_two.wrapping_neg())
            | (fold3(b1, b2) & is_three.wrapping_neg());
        let m = if m == JOIN {
            if e == K_JOIN {
                i += 1;
                continue;
            }
            let (m, len, sus) = slug_slow(bytes, i);
            i += len;
            suspect |= sus;
            if m == JOIN {
                continue;
            }
            m
        } else {
            i += len;
            m
        };
        if let Some(slot) = buf.get_mut(o) {
            *slot = m;
        }
        let a = u64::from(m != b'-');
        o += (a | w) as usize;
        w = a;
    }
    // At most one trailing `-` (runs collapse); no leading one.
    if w == 0 && o > 0 {
        o -= 1;
    }
    buf.truncate(o);
    // Pure ASCII may be VIQR.
    (buf, suspect | ascii)
}

/// For the fuzz target only (`cargo fuzz` builds with `--cfg fuzzing`): whether every
/// vector loop this CPU runs gives the scalar loop's slug and suspect flag for `title`.
#[cfg(fuzzing)]
#[doc(hidden)]
pub fn vector_loops_agree(title: &str) -> bool {
    let scalar = slug_bytes_with(title, simd::Level::SCALAR);
    [simd::Level::ssse3(), simd::Level::avx2()]
        .into_iter()
        .flatten()
        .all(|level| slug_bytes_with(title, level) == scalar)
}

/// Bit 7 of each byte set where the byte of `x` is an ASCII letter or digit.
#[inline(always)]
fn swar_alnum(x: u64) -> u64 {
    let t = (x | (ONES * 0x20)) & LOW7; // letters lower-cased
    let letter = (t + ONES * (0x80 - 0x61)) & !(t + ONES * (0x80 - 0x7B));
    let x7 = x & LOW7;
    let digit = (x7 + ONES * (0x80 - 0x30)) & !(x7 + ONES * (0x80 - 0x3A));
    (letter | digit) & !x & HIGH
}

/// The slug of up to eight bytes of ASCII: (the eight output bytes, how many of them are
/// valid — every byte before the first one that is not a letter, a digit, or a space
/// right after a letter or digit — and 1 if the last valid one is a letter or digit).
/// `w` is 1 when the byte before `x` left a letter or digit.
#[inline(always)]
fn swar_chunk(x: u64, w: u64) -> (u64, usize, u64) {
    let alnum = swar_alnum(x);
    let space = swar_eq(x, b' ');
    let prev_alnum = (alnum << 8) | (w << 7);
    let good = alnum | (space & prev_alnum);
    let k = ((!good & HIGH).trailing_zeros() / 8) as usize;
    // Letters to lower case, spaces to `-` (0x20 | 0x0D).
    let out = x | (ONES * 0x20) | ((space >> 7) * 0x0D);
    let last = (alnum >> ((8 * k).wrapping_sub(1) & 63)) & 1;
    (out, k, last)
}

/// Returned by [`slug_slow`] for a character dropped without separating.
const JOIN: u8 = 0;

/// The slow path of [`slug_bytes`] for the character at byte `i`: (its base letter or
/// digit, `-` for a separator or [`JOIN`]; its length; whether it is outside the
/// Vietnamese-letter/typographic set, so the title is suspect).
#[inline(never)]
fn slug_slow(bytes: &[u8], i: usize) -> (u8, usize, bool) {
    let Some((cp, len)) = decode_at(bytes, i) else {
        return (JOIN, bytes.len().saturating_sub(i).max(1), false);
    };
    let mut suspect = false;
    let m = match fold_cp(cp) {
        0 => match char::from_u32(cp) {
            Some('\u{2019}') => JOIN,
            Some('\u{00A0}' | '\u{2010}'..='\u{2015}' | '\u{2018}'..='\u{201F}' | '\u{2026}') => {
                b'-'
            }
            Some(c) => {
                suspect = true;
                match other_base(c) {
                    Some(base) => base,
                    // Combining marks, apostrophes and invisible characters join; the
                    // rest (spaces, punctuation, symbols, emoji, other scripts) separate.
                    None if canonical_combining_class(c) != 0
                        || matches!(
                            c,
                            '\u{2019}' | '\u{02BC}' | '\u{00AD}' | '\u{200B}'
                                ..='\u{200D}' | '\u{FEFF}'
                        ) =>
                    {
                        JOIN
                    }
                    None => b'-',
                }
            }
            None => b'-',
        },
        base => base,
    };
    (m, len, suspect)
}

/// The ASCII letter or digit a non-Vietnamese character decomposes to (`ñ`→`n`), if any.
fn other_base(c: char) -> Option<u8> {
    let mut base = None;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            first = false;
            if d.is_ascii_alphanumeric() {
                base = Some(d.to_ascii_lowercase() as u8);
            }
        }
    });
    base
}

/// A per-code-point slug maker, simple enough to check by reading: the reference the
/// table-driven loop is tested against.
#[cfg(test)]
pub(crate) mod reference {
    use super::other_base;
    use crate::text::letters::{decode_at, fold_cp};
    use unicode_normalization::char::canonical_combining_class;

    /// What an ASCII byte becomes in a slug: the lower-case letter/digit itself, `SEP` for a
    /// separator, `JOIN` for the apostrophe (dropped without separating).
    const SEP: u8 = 0;
    const JOIN: u8 = 1;
    static SLUG_ASCII: [u8; 128] = {
        let mut t = [SEP; 128];
        let mut i = 0;
        while i < 128 {
            let b = i as u8;
            if b.is_ascii_alphanumeric() {
                t[i] = b.to_ascii_lowercase();
            }
            i += 1;
        }
        t[b'\'' as usize] = JOIN;
        t
    };

    /// Appends the slug of `title` to `out` (which should be empty): one pass, a table lookup
    /// per ASCII byte and per Vietnamese letter.
    pub(super) fn slug_into(title: &str, out: &mut Vec<u8>) -> bool {
        let mut suspect = false;
        let bytes = title.as_bytes();
        let mut dash = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let m = if b < 0x80 {
                i += 1;
                SLUG_ASCII.get(usize::from(b)).copied().unwrap_or(SEP)
            } else {
                let Some((cp, len)) = decode_at(bytes, i) else {
                    break;
                };
                i += len;
                match fold_cp(cp) {
                    0 => match char::from_u32(cp) {
                        Some(c) if matches!(c, '\u{00A0}' | '\u{2010}'..='\u{2015}' | '\u{2018}'..='\u{201F}' | '\u{2026}') => {
                            if matches!(c, '\u{2019}') {
                                JOIN
                            } else {
                                SEP
                            }
                        }
                        Some(c) => {
                            suspect = true;
                            match other_base(c) {
                                Some(base) => base,
                                // Combining marks, apostrophes and invisible characters join; the
                                // rest (spaces, punctuation, symbols, emoji, other scripts) separate.
                                None if canonical_combining_class(c) != 0
                                    || matches!(
                                        c,
                                        '\u{2019}' | '\u{02BC}' | '\u{00AD}' | '\u{200B}'
                                            ..='\u{200D}' | '\u{FEFF}'
                                    ) =>
                                {
                                    JOIN
                                }
                                None => SEP,
                            }
                        }
                        None => SEP,
                    },
                    base => base,
                }
            };
            if m > JOIN {
                if dash {
                    if !out.is_empty() {
                        out.push(b'-');
                    }
                    dash = false;
                }
                out.push(m);
            } else if m == SEP {
                dash = true;
            }
        }
        suspect
    }

    /// The slug and suspect flag by the per-code-point rules.
    pub(crate) fn slug_and_suspect(title: &str) -> (Vec<u8>, bool) {
        let mut out = Vec::new();
        let suspect = slug_into(title, &mut out) | title.is_ascii();
        (out, suspect)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::letters::strategy::viet_heavy;
    use proptest::prelude::*;

    #[test]
    fn fast_path_matches_reference_on_edge_cases() {
        for s in [
            "abc\u{2019}",
            "a\u{2019}b",
            "abc'",
            "\u{200B}",
            "ab\u{0301}",
            "Vie^.t Nam",
            "a  b",
            "abcdefgh ijklmnop",
            "12345678-",
            "ABCDEFGH",
            "AAAAAAA Ă",
            " \u{00A0}x",
            "abcdefghijklmno abcdefghijklmnop Ñabcdefghijklmn x",
            "Nguyễn Trường nghiệp",
        ] {
            assert_eq!(slug_bytes(s), reference::slug_and_suspect(s), "{s:?}");
        }
    }

    use simd::Level;

    use simd::vector_levels;

    /// Every vector loop and the scalar loop agree on `s`, and with the reference.
    fn same_all_ways(s: &str) {
        let scalar = slug_bytes_with(s, Level::SCALAR);
        for level in vector_levels() {
            assert_eq!(slug_bytes_with(s, level), scalar, "{level:?} {s:?}");
        }
        assert_eq!(scalar, reference::slug_and_suspect(s), "{s:?}");
    }

    #[test]
    fn vector_loop_runs_on_this_machine() {
        // Not a correctness check: says which loops the tests below exercise.
        eprintln!("slug vector loops on this machine: {:?}", vector_levels());
    }

    #[test]
    fn vector_loop_matches_scalar_for_every_character_at_every_lane() {
        // each character followed by a letter, a separator or a three-byte letter
        for s in simd::lane_cases(&["b", "-", "\u{1ec7}"]) {
            same_all_ways(&s);
        }
    }

    #[test]
    fn vector_loop_matches_scalar_on_titles() {
        for s in [
            "Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018",
            "“Toàn cảnh Hội nghị” – Kế hoạch số 08/KH-UBND ngày 22/01/2018…",
            "ĐẢNG BỘ TỈNH QUẢNG NGÃI: ỨNG DỤNG CÔNG NGHỆ THÔNG TIN Ở CƠ SỞ",
            "Tin liên quan » Ủy ban nhân dân\u{a0}tỉnh – thuỷ lợi, hoà bình",
            "Vie\u{302}\u{323}t Nam trong NFD va\u{300} ca\u{301}c da\u{301}u",
            "---   ---   ---   ---   --- a",
            "aaaaaaaaaaaaaaa'bbbbbbbbbbbbbbbbbbbbbbbb",
        ] {
            same_all_ways(s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn vector_loop_matches_scalar_on_vietnamese(s in viet_heavy()) {
            let scalar = slug_bytes_with(&s, Level::SCALAR);
            for level in vector_levels() {
                prop_assert_eq!(slug_bytes_with(&s, level), scalar.clone());
            }
        }

        #[test]
        fn vector_loop_matches_scalar_on_any_unicode(s in any::<String>()) {
            let scalar = slug_bytes_with(&s, Level::SCALAR);
            for level in vector_levels() {
                prop_assert_eq!(slug_bytes_with(&s, level), scalar.clone());
            }
        }

        #[test]
        fn fast_path_matches_reference_on_vietnamese(s in viet_heavy()) {
            prop_assert_eq!(slug_bytes(&s), reference::slug_and_suspect(&s));
        }

        #[test]
        fn fast_path_matches_reference_on_any_unicode(s in any::<String>()) {
            prop_assert_eq!(slug_bytes(&s), reference::slug_and_suspect(&s));
        }
    }

    fn s(x: &str) -> String {
        slugify(x).unwrap_or_default()
    }

    #[test]
    fn cases() {
        assert_eq!(s("Đường Trường Sơn"), "duong-truong-son");
        assert_eq!(s("Quyết định 1989/QĐ-BGDĐT"), "quyet-dinh-1989-qd-bgddt");
        assert_eq!(s("15/2023/NĐ-CP"), "15-2023-nd-cp");
        assert_eq!(s("Hoà bình"), s("Hòa bình"));
        assert_eq!(s("Vie\u{0302}\u{0323}t Nam"), "viet-nam");
        assert_eq!(s("Señor Müller's café"), "senor-mullers-cafe");
        assert_eq!(s("  --a--  "), "a");
        assert_eq!(s("中文 ok"), "ok");
    }

    #[test]
    fn max_len() {
        let t = "khoi thi dua mot";
        assert_eq!(Slugger::new().max_len(9).slugify(t).unwrap(), "khoi-thi");
        assert_eq!(Slugger::new().max_len(8).slugify(t).unwrap(), "khoi-thi");
        assert_eq!(Slugger::new().max_len(3).slugify(t).unwrap(), "kho");
        assert!(Slugger::new().max_len(0).slugify(t).is_none());
        assert_eq!(
            Slugger::new().max_len(100).slugify(t).unwrap(),
            "khoi-thi-dua-mot"
        );
    }
}
