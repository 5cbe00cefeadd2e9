//! NFC with a Vietnamese fast path: already-NFC text is returned borrowed after one
//! scan, Vietnamese letters in NFD or mixed forms are composed by table, anything else
//! goes through `unicode-normalization`.

use std::borrow::Cow;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::letters::{ascii_vowel, combining, compose, lookup, modify, VnLetter};

/// The eight bytes of `b` from `i`, little-endian, if there are eight.
#[inline(always)]
pub(super) fn load8(b: &[u8], i: usize) -> Option<u64> {
    b.get(i..i + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
        .map(u64::from_le_bytes)
}

/// Characters that never compose with what precedes them and are NFC as they stand.
#[inline]
fn is_safe_starter(c: char) -> bool {
    let u = c as u32;
    u < 0x300 || (0x1EA0..=0x1EF9).contains(&u)
}

/// Brings `s` to Unicode Normalization Form C. Already-NFC input (the common case) is
/// returned borrowed after one scan; Vietnamese letters in NFD or mixed forms are
/// composed by table, anything else by `unicode-normalization`.
///
/// ```
/// use tintuc::text::nfc;
/// assert_eq!(nfc("Nguye\u{0302}\u{0303}n"), "Nguyễn");
/// assert!(matches!(nfc("Nguyễn"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn nfc(s: &str) -> Cow<'_, str> {
    match first_non_nfc(s) {
        None => Cow::Borrowed(s),
        Some(i) => {
            // Back up to the last safe starter before the problem.
            let start = s
                .get(..i)
                .and_then(|head| {
                    head.char_indices()
                        .rev()
                        .find(|&(_, c)| is_safe_starter(c))
                        .map(|(p, _)| p)
                })
                .unwrap_or(0);
            let (head, tail) = s.split_at(start);
            let mut out = String::with_capacity(s.len());
            out.push_str(head);
            nfc_slow(tail, &mut out);
            Cow::Owned(out)
        }
    }
}

/// Byte offset of the first character that may need normalisation, if any.
///
/// Every character below U+0300 is NFC and a starter: its UTF-8 bytes are all below 0xCC
/// (ASCII, continuation bytes, lead bytes C2–CB). So one comparison per byte skips
/// everything but combining marks and higher code points, of which the Vietnamese letters
/// U+1EA0–U+1EF9 (E1 BA A0 – E1 BB B9) are also skipped by their bytes.
fn first_non_nfc(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut last_ccc = 0u8;
    let mut last_end = usize::MAX; // end of the last character inspected in full
    while let Some(&b0) = bytes.get(i) {
        if b0 < 0xCC {
            // Eight bytes at a time: jump to the first byte >= 0xCC that does not start a
            // character U+1E80..U+1EFF (E1 BA xx, E1 BB xx: starters, NFC as they stand,
            // tested below), if any.
            i += match (load8(bytes, i), load8(bytes, i + 1)) {
                (Some(x), Some(y)) => first_at_least_cc_not_1e8x(x, y),
                _ => 1,
            };
            continue;
        }
        if b0 == 0xE1 {
            if let (Some(0xBA), Some(0xA0..=0xBF)) | (Some(0xBB), Some(0x80..=0xB9)) =
                (bytes.get(i + 1), bytes.get(i + 2))
            {
                i += 3;
                continue;
            }
        }
        let c = s.get(i..).and_then(|t| t.chars().next())?;
        let prev_ccc = if last_end == i { last_ccc } else { 0 };
        let ccc = canonical_combining_class(c);
        if !is_safe_starter(c)
            && (is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes
                || (ccc != 0 && prev_ccc > ccc))
        {
            return Some(i);
        }
        last_ccc = ccc;
        i += c.len_utf8();
        last_end = i;
    }
    None
}

/// Offset (0–8) of the first byte >= 0xCC in eight little-endian bytes, 8 when there is
/// none. A byte is >= 0xCC exactly when its top bit is set and its low seven bits plus 0x34
/// reach 0x80; the sums stay below 0x100, so no carry crosses a byte.
#[cfg(test)]
fn first_at_least_cc(x: u64) -> usize {
    (at_least_cc(x).trailing_zeros() / 8) as usize
}

/// Bit 7 set in each byte of `x` that is >= 0xCC (see [`first_at_least_cc`]).
#[inline(always)]
fn at_least_cc(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ADD: u64 = 0x3434_3434_3434_3434;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    x & ((x & LOW7) + ADD) & HIGH
}

/// Like [`first_at_least_cc`], skipping the bytes 0xE1 followed (in `y`, the bytes one
/// further on) by 0xBA or 0xBB.
#[inline(always)]
fn first_at_least_cc_not_1e8x(x: u64, y: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Exact byte equality (no false positives, which would hide a byte >= 0xCC).
    let eq = |v: u64, c: u8| {
        let d = v ^ (ONES * u64::from(c));
        !(((d & LOW7) + LOW7) | d) & HIGH
    };
    let ge_cc = at_least_cc(x);
    let vn = eq(x, 0xE1) & eq(y | ONES, 0xBB);
    ((ge_cc & !vn).trailing_zeros() / 8) as usize
}

fn nfc_slow(s: &str, out: &mut String) {
    let mut seg_start = 0;
    for (i, c) in s.char_indices() {
        if i > seg_start && is_safe_starter(c) {
            if let Some(seg) = s.get(seg_start..i) {
                nfc_segment(seg, out);
            }
            seg_start = i;
        }
    }
    if let Some(seg) = s.get(seg_start..) {
        nfc_segment(seg, out);
    }
}

fn nfc_segment(seg: &str, out: &mut String) {
    let mut it = seg.chars();
    let Some(first) = it.next() else { return };
    if it.as_str().is_empty() && is_safe_starter(first) {
        out.push(first);
        return;
    }
    if let Some(c) = compose_vn_segment(first, it.as_str()) {
        out.push(c);
        return;
    }
    out.extend(seg.nfc());
}

/// Composes a vowel followed by Vietnamese combining marks exactly as NFC would, or
/// `None` when the sequence is anything else (left to the general algorithm).
fn compose_vn_segment(first: char, marks: &str) -> Option<char> {
    let (mut v, mut tone, upper) = if first.is_ascii() {
        (ascii_vowel(first as u8)?, 0u8, first.is_ascii_uppercase())
    } else {
        match lookup(first)? {
            VnLetter::Vowel { v, tone, upper } => (v, tone, upper),
            VnLetter::DStroke { .. } => return None,
        }
    };
    // Marks sorted by combining class (horn 216 < dot below 220 < the rest 230), stably.
    let mut buf = [(0u8, 0u8, 0u8); 4];
    let mut n = 0;
    for m in marks.chars() {
        let (kind, val) = combining(m)?;
        let ccc = match (kind, val) {
            (1, 3) => 216,
            (0, 5) => 220,
            _ => 230,
        };
        *buf.get_mut(n)? = (ccc, kind, val);
        n += 1;
    }
    let marks = buf.get_mut(..n)?;
    marks.sort_by_key(|m| m.0);
    for &(_, kind, val) in marks.iter() {
        if kind == 0 {
            if tone != 0 {
                return None;
            }
            tone = val;
        } else {
            // Horn composes only with a bare vowel; breve/circumflex also onto a dot below.
            if !(tone == 0 || (tone == 5 && val != 3)) {
                return None;
            }
            v = modify(v, val)?;
        }
    }
    Some(compose(v, tone, upper))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `o`/`u` letter followed by every `a`/`e` (resp. `y`) letter, as the letter
    /// tables decode them, passes the byte pre-filter of the style conversion.
    #[test]
    fn swar_threshold_matches_bytewise() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut w = [0x41u8; 8];
                if let Some(slot) = w.get_mut(pos) {
                    *slot = b;
                }
                let want = if b >= 0xCC { pos } else { 8 };
                assert_eq!(
                    first_at_least_cc(u64::from_le_bytes(w)),
                    want,
                    "{b:#x} at {pos}"
                );
                let mut w2 = [0xCBu8; 8];
                if let Some(slot) = w2.get_mut(pos) {
                    *slot = b;
                }
                assert_eq!(
                    first_at_least_cc(u64::from_le_bytes(w2)),
                    want,
                    "{b:#x} at {pos}"
                );
            }
        }
    }

    #[test]
    fn latin_extended_additional_tail_is_nfc_safe() {
        // The characters the NFC scan skips by their bytes E1 BA xx / E1 BB xx.
        for u in 0x1E80..=0x1EFFu32 {
            let c = char::from_u32(u).unwrap();
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c}");
            assert_eq!(canonical_combining_class(c), 0, "{c}");
        }
        // And the skip itself, byte by byte.
        for b in 0..=255u8 {
            for next in [0xBAu8, 0xBB, 0xBC, 0xB9, 0x41] {
                let mut x = [0x41u8; 9];
                x[3] = b;
                x[4] = next;
                let lo = u64::from_le_bytes(x[..8].try_into().unwrap());
                let hi = u64::from_le_bytes(x[1..].try_into().unwrap());
                let want = if b >= 0xCC && !(b == 0xE1 && (next == 0xBA || next == 0xBB)) {
                    3
                } else {
                    8
                };
                assert_eq!(first_at_least_cc_not_1e8x(lo, hi), want, "{b:#x} {next:#x}");
            }
        }
    }
}
