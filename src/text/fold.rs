//! Folding to a search key: lower case, no diacritics, `đ`→`d`.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::letters::{decode_at, fold2, fold3, swar_eq, HIGH, LOW7, ONES};
use super::simd::{self, Level, Mode};

/// Folds text to a search key: lower case, every Vietnamese diacritic (tone marks, breve,
/// circumflex, horn) removed, `đ/Đ` → `d`, whitespace runs collapsed to one space and
/// trimmed, invisible characters dropped. NFC, NFD and mixed input fold identically;
/// other characters are kept (lower-cased, with any combining marks removed).
///
/// ```
/// use tintuc::text::fold;
/// assert_eq!(fold("  Đảng   ỦY Hòa\u{00A0}Bình "), "dang uy hoa binh");
/// assert_eq!(fold("Nguye\u{0302}\u{0303}n"), fold("Nguyễn"));
/// ```
pub fn fold(s: &str) -> String {
    fold_with(s, Level::best())
}

/// [`fold`] with the vector block loop of `level` (16 or 32 bytes at a time while they
/// are ASCII, Vietnamese letters and whitespace); the loop below takes every other
/// block, a character at a time.
fn fold_with(s: &str, level: Level) -> String {
    let bytes = s.as_bytes();
    let n = bytes.len();
    // Invariant: `buf.len() >= o + (n - i) + 8`, so the fast path (one output byte per
    // input byte at most, eight at a time) never runs out of room; the slow path and
    // the block loop grow it.
    let mut buf = vec![0u8; n + 8];
    let mut o = 0usize; // bytes of `buf` kept
    let mut w = 0u64; // 1 when the last kept byte is not a space
    let mut i = 0;
    let mut resume = if level == Level::SCALAR {
        usize::MAX
    } else {
        0
    };
    loop {
        if i >= resume {
            let mut st = simd::Stop {
                i,
                o,
                w,
                ascii: false,
            };
            let done = simd::step(level, Mode::Fold, bytes, &mut buf, &mut st, &mut resume);
            (i, o, w) = (st.i, st.o, st.w);
            if done {
                break;
            }
        }
        // Eight ASCII bytes at a time: anything but controls, and single spaces.
        if let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        {
            let (out, k, last) = swar_chunk(u64::from_le_bytes(chunk), w);
            if let Some(dst) = buf.get_mut(o..o + 8) {
                dst.copy_from_slice(&out.to_le_bytes());
            }
            o += k;
            i += k;
            if k > 0 {
                w = last;
            }
            if k == 8 {
                continue;
            }
        }
        // Then one character.
        let Some(&b0) = bytes.get(i) else { break };
        // ASCII (whitespace or a control byte here), a two-byte or a three-byte Vietnamese
        // letter, chosen without branching (which comes next is unpredictable in
        // Vietnamese text), the length from the leading byte alone; `m` is 0 for anything
        // else (slow path; in ASCII only NUL folds to 0, and is kept).
        let b1 = bytes.get(i + 1).copied().unwrap_or(0);
        let b2 = bytes.get(i + 2).copied().unwrap_or(0);
        let len = 1 + usize::from(b0 >= 0xC0) + usize::from(b0 >= 0xE0);
        let is_ascii = u8::from(b0 < 0x80);
        let is_two = u8::from(b0.wrapping_sub(0xC3) < 4);
        let is_three = u8::from(b0 == 0xE1) & u8::from(b1 & 0xFE == 0xBA);
        let m = (FOLD_ASCII
            .get(usize::from(b0 & 0x7F))
            .copied()
            .unwrap_or(b' ')
            & is_ascii.wrapping_neg())
            | (fold2(b0, b1) & is_two.wrapping_neg())
            | (fold3(b1, b2) & is_three.wrapping_neg());
        if m == 0 && b0 >= 0x80 {
            i += fold_slow(bytes, i, &mut buf, &mut o, &mut w, n).max(1);
            continue;
        }
        i += len;
        if let Some(slot) = buf.get_mut(o) {
            *slot = m;
        }
        let a = u64::from(m != b' ');
        o += (a | w) as usize;
        w = a;
    }
    // At most one trailing space (runs collapse); no leading one.
    if w == 0 && o > 0 {
        o -= 1;
    }
    buf.truncate(o);
    // Only whole UTF-8 sequences were written; the fallback never runs.
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// For the fuzz target only (`cargo fuzz` builds with `--cfg fuzzing`): whether every
/// vector loop this CPU runs folds `s` as the scalar loop does.
#[cfg(fuzzing)]
#[doc(hidden)]
pub fn vector_loops_agree(s: &str) -> bool {
    let scalar = fold_with(s, Level::SCALAR);
    [Level::ssse3(), Level::avx2()]
        .into_iter()
        .flatten()
        .all(|level| fold_with(s, level) == scalar)
}

/// What an ASCII byte folds to: itself in lower case, or a space for whitespace.
static FOLD_ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b == b' ' || (b >= b'\t' && b <= b'\r') {
            b' '
        } else {
            b.to_ascii_lowercase()
        };
        i += 1;
    }
    t
};

/// The fold of up to eight ASCII bytes: (the eight output bytes, how many are valid —
/// every byte before the first control byte, non-ASCII byte, or space not right after a
/// non-space — and 1 if the last valid one is not a space). `w` is 1 when the byte
/// before `x` left a non-space.
#[inline(always)]
fn swar_chunk(x: u64, w: u64) -> (u64, usize, u64) {
    let x7 = x & LOW7;
    let ascii = !x & HIGH;
    let printable = (x7 + ONES * (0x80 - 0x20)) & ascii;
    let space = swar_eq(x, b' ');
    let solid = printable & !space;
    let upper = (x7 + ONES * (0x80 - 0x41)) & !(x7 + ONES * (0x80 - 0x5B)) & ascii;
    let good = solid | (space & ((solid << 8) | (w << 7)));
    let k = ((!good & HIGH).trailing_zeros() / 8) as usize;
    let out = x | (upper >> 2);
    let last = (solid >> ((8 * k).wrapping_sub(1) & 63)) & 1;
    (out, k, last)
}

/// The slow path of [`fold`] for the non-ASCII character at byte `i` that is not a
/// precomposed Vietnamese letter: writes its fold into `buf` at `*o` (keeping the
/// invariant of [`fold`]), updates the space state `w`; returns its length.
#[inline(never)]
fn fold_slow(
    bytes: &[u8],
    i: usize,
    buf: &mut Vec<u8>,
    o: &mut usize,
    w: &mut u64,
    n: usize,
) -> usize {
    let Some((cp, len)) = decode_at(bytes, i) else {
        return 1;
    };
    let Some(c) = char::from_u32(cp) else {
        return len;
    };
    if c.is_whitespace() {
        // Written, and kept only after a non-space.
        if let Some(slot) = buf.get_mut(*o) {
            *slot = b' ';
        }
        *o += *w as usize;
        *w = 0;
        return len;
    }
    if super::normalize::is_dropped_invisible(c) || canonical_combining_class(c) != 0 {
        return len;
    }
    let mut tmp = Vec::new();
    fold_other(c, &mut tmp);
    if tmp.is_empty() {
        // Nothing but combining marks (U+0F73 is U+0F71 U+0F72): dropped like an
        // invisible character, so a space before it is not kept for it.
        return len;
    }
    // Keep room for the rest of the input after this character.
    let need = *o + tmp.len() + (n - i - len) + 8;
    if buf.len() < need {
        buf.resize(need, 0);
    }
    if let Some(dst) = buf.get_mut(*o..*o + tmp.len()) {
        dst.copy_from_slice(&tmp);
    }
    *o += tmp.len();
    // Like a letter: a following space is kept (unless nothing was written at all yet).
    *w = u64::from(*o > 0);
    len
}

fn push_char(c: char, out: &mut Vec<u8>) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Decomposes, lower-cases and drops combining marks (slow path for non-Vietnamese).
fn fold_other(c: char, out: &mut Vec<u8>) {
    decompose_canonical(c, |d| {
        if canonical_combining_class(d) != 0 {
            return;
        }
        for l in d.to_lowercase() {
            if l.is_ascii() {
                push_char(l, out);
            } else {
                decompose_canonical(l, |e| {
                    if canonical_combining_class(e) == 0 {
                        push_char(e, out);
                    }
                });
            }
        }
    });
}

/// The per-code-point implementation used before the table-driven loop, kept as the
/// reference the fast path is tested against.
#[cfg(test)]
mod reference {
    use super::fold_other;
    use crate::text::letters::{decode_at, fold_cp};
    use unicode_normalization::char::canonical_combining_class;

    pub(crate) fn fold(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(s.len());
        let mut pending_space = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let m = if b < 0x80 {
                i += 1;
                if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                    pending_space = true;
                    continue;
                }
                b.to_ascii_lowercase()
            } else {
                let Some((cp, len)) = decode_at(bytes, i) else {
                    break;
                };
                i += len;
                match fold_cp(cp) {
                    0 => {
                        let Some(c) = char::from_u32(cp) else {
                            continue;
                        };
                        if c.is_whitespace() {
                            pending_space = true;
                            continue;
                        }
                        if crate::text::normalize::is_dropped_invisible(c)
                            || canonical_combining_class(c) != 0
                        {
                            continue;
                        }
                        let mut folded = Vec::new();
                        fold_other(c, &mut folded);
                        if folded.is_empty() {
                            continue;
                        }
                        if pending_space {
                            if !out.is_empty() {
                                out.push(b' ');
                            }
                            pending_space = false;
                        }
                        out.extend_from_slice(&folded);
                        continue;
                    }
                    base => base,
                }
            };
            if pending_space {
                if !out.is_empty() {
                    out.push(b' ');
                }
                pending_space = false;
            }
            out.push(m);
        }
        // Only whole UTF-8 sequences were pushed; the fallback never runs.
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
            "a \u{0F73} b",
            "\u{0F73} b",
            "a \u{0F73}",
            "a \u{0F73} ",
            "  ",
            "\t\nA\r ",
            "ABCDEFGH IJKLMNOP  Q",
            "x\u{00A0}\u{3000}y",
            "Ⱥ Ⱥ Ⱥ Ⱥ Ⱥ Ⱥ",
            "İİ",
            "a\u{0}b\u{7}c",
        ] {
            assert_eq!(fold(s), reference::fold(s), "{s:?}");
        }
    }

    #[test]
    fn characters_that_fold_to_nothing_keep_no_space() {
        // U+0F73 decomposes into two combining marks, so it folds to nothing; found by
        // the `normalize` fuzz target (fold was not idempotent: "dand \u{F73}" gave
        // "dand ", which folds to "dand").
        for (s, want) in [
            ("a \u{0F73}", "a"),
            ("a \u{0F73} b", "a b"),
            ("\u{0F73} b", "b"),
            ("dand\u{0B}\u{0F73}", "dand"),
            ("\u{0F73}", ""),
        ] {
            assert_eq!(fold(s), want, "{s:?}");
            assert_eq!(fold(want), want, "{s:?}");
            same_all_ways(s);
        }
    }

    /// Every vector loop and the scalar loop agree on `s`, and with the reference.
    fn same_all_ways(s: &str) {
        let scalar = fold_with(s, Level::SCALAR);
        for level in simd::vector_levels() {
            assert_eq!(fold_with(s, level), scalar, "{level:?} {s:?}");
        }
        assert_eq!(scalar, reference::fold(s), "{s:?}");
    }

    #[test]
    fn vector_loop_matches_scalar_for_every_character_at_every_lane() {
        // each character followed by a letter, whitespace or a three-byte letter
        for s in simd::lane_cases(&["B", "\t", "\u{1ec6}"]) {
            same_all_ways(&s);
        }
    }

    #[test]
    fn vector_loop_matches_scalar_on_text() {
        for s in [
            "Khối thi đua 1 - Sơ kết phong trào thi đua 06 tháng đầu năm 2018",
            "“Toàn cảnh Hội nghị” – Kế hoạch số 08/KH-UBND ngày 22/01/2018…",
            "ĐẢNG BỘ TỈNH QUẢNG NGÃI:\tỨNG DỤNG CÔNG NGHỆ THÔNG TIN Ở CƠ SỞ\r\n",
            "Tin liên quan » Ủy ban nhân dân\u{a0}tỉnh – thuỷ lợi, hoà bình",
            "Vie\u{302}\u{323}t Nam trong NFD va\u{300} ca\u{301}c da\u{301}u",
            "   \t\t\n   \u{a0}\u{a0}  a  \u{0}  b                                 ",
        ] {
            same_all_ways(s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn fast_path_matches_reference_on_vietnamese(s in viet_heavy()) {
            prop_assert_eq!(fold(&s), reference::fold(&s));
        }

        #[test]
        fn vector_loops_match_scalar_on_vietnamese(s in viet_heavy()) {
            let scalar = fold_with(&s, Level::SCALAR);
            for level in simd::vector_levels() {
                prop_assert_eq!(fold_with(&s, level), scalar.clone());
            }
        }

        #[test]
        fn vector_loops_match_scalar_on_any_unicode(s in any::<String>()) {
            let scalar = fold_with(&s, Level::SCALAR);
            for level in simd::vector_levels() {
                prop_assert_eq!(fold_with(&s, level), scalar.clone());
            }
        }

        #[test]
        fn fast_path_matches_reference_on_any_unicode(s in any::<String>()) {
            prop_assert_eq!(fold(&s), reference::fold(&s));
        }
    }
}
