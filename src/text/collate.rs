//! Vietnamese collation: `a ă â b c d đ e ê … o ô ơ … u ư v x y`, tones `a à ả ã á ạ`.
//!
//! Three levels, as in the Unicode Collation Algorithm with CLDR's `vi` tailoring: letters
//! first (over the whole string), then tone marks (position by position), then case
//! (lower before upper). Spaces sort before punctuation, punctuation before digits,
//! digits before letters, and other scripts after Latin letters by code point.

use std::cmp::Ordering;

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

use super::letters::{ascii_vowel, combining, lookup, modify, VnLetter};

/// Rank of each vowel index in the alphabet (see `ALPHABET` below).
const VOWEL_RANK: [u8; 12] = [0, 1, 2, 7, 8, 12, 18, 19, 20, 26, 27, 31];
/// Rank of each ASCII letter `a..=z`.
const ASCII_RANK: [u8; 26] = [
    0, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31,
    32,
];
const D_STROKE_RANK: u8 = 6;
const LETTER_BASE: u32 = 0xA0;
const DIGIT_BASE: u32 = 0x90;
const OTHER_BASE: u32 = 0x100;
/// Secondary weight of a mark that is not a Vietnamese tone.
const OTHER_MARK: u8 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Elem {
    primary: u32,
    /// 0 none, 1..=5 the tones in order (grave, hook, tilde, acute, dot), 6 other marks.
    tone: u8,
    upper: bool,
}

/// Collation elements of a string; composes following combining marks, so NFC and NFD
/// input give the same elements.
struct Elems<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Elems<'a> {
    fn new(s: &'a str) -> Self {
        Elems { s, i: 0 }
    }
}

impl Iterator for Elems<'_> {
    type Item = Elem;

    #[inline]
    fn next(&mut self) -> Option<Elem> {
        loop {
            let bytes = self.s.as_bytes();
            let b = *bytes.get(self.i)?;
            // (primary, vowel index if a vowel that may take a modifier, tone, upper)
            let (mut primary, mut vowel, mut tone, upper);
            if b.is_ascii() {
                self.i += 1;
                upper = b.is_ascii_uppercase();
                tone = 0;
                vowel = None;
                if b.is_ascii_alphabetic() {
                    let l = b | 0x20;
                    primary = LETTER_BASE
                        + u32::from(ASCII_RANK.get(usize::from(l - b'a')).copied().unwrap_or(0));
                    vowel = ascii_vowel(l);
                } else if b.is_ascii_digit() {
                    primary = DIGIT_BASE + u32::from(b - b'0');
                } else if b == b' ' || (b'\t'..=b'\r').contains(&b) {
                    primary = 1;
                } else {
                    primary = 2 + u32::from(b);
                }
                // Fast exit: next byte ASCII means no combining marks follow.
                if bytes.get(self.i).is_none_or(|n| n.is_ascii()) {
                    return Some(Elem {
                        primary,
                        tone,
                        upper,
                    });
                }
            } else {
                let c = self.s.get(self.i..)?.chars().next()?;
                self.i += c.len_utf8();
                match lookup(c) {
                    Some(VnLetter::Vowel {
                        v,
                        tone: t,
                        upper: u,
                    }) => {
                        primary = LETTER_BASE
                            + u32::from(VOWEL_RANK.get(usize::from(v)).copied().unwrap_or(0));
                        vowel = Some(v);
                        tone = t;
                        upper = u;
                    }
                    Some(VnLetter::DStroke { upper: u, .. }) => {
                        primary = LETTER_BASE + u32::from(D_STROKE_RANK);
                        vowel = None;
                        tone = 0;
                        upper = u;
                    }
                    None => {
                        if canonical_combining_class(c) != 0 {
                            // A stray mark with no base: ignorable at the first level.
                            continue;
                        }
                        // Decompose (ñ → n + ◌̃): base letter primary, marks secondary.
                        let mut base = None;
                        let mut t = 0u8;
                        decompose_canonical(c, |d| {
                            if base.is_none() {
                                base = Some(d);
                            } else if t == 0 {
                                t = match combining(d) {
                                    Some((0, val)) => val,
                                    _ => OTHER_MARK,
                                };
                            }
                        });
                        let base = base.unwrap_or(c);
                        tone = t;
                        vowel = None;
                        if base.is_ascii_alphabetic() {
                            let l = (base as u8) | 0x20;
                            upper = base.is_ascii_uppercase();
                            primary = LETTER_BASE
                                + u32::from(
                                    ASCII_RANK.get(usize::from(l - b'a')).copied().unwrap_or(0),
                                );
                        } else if base.is_whitespace() {
                            upper = false;
                            primary = 1;
                        } else {
                            upper = base.is_uppercase();
                            let lower = base.to_lowercase().next().unwrap_or(base);
                            primary = OTHER_BASE + lower as u32;
                        }
                    }
                }
            }
            // Absorb following combining marks.
            while let Some(m) = self.s.get(self.i..).and_then(|t| t.chars().next()) {
                if m.is_ascii() || canonical_combining_class(m) == 0 {
                    break;
                }
                self.i += m.len_utf8();
                match combining(m) {
                    Some((0, val)) if tone == 0 => tone = val,
                    Some((1, val)) if vowel.and_then(|v| modify(v, val)).is_some() => {
                        let v = vowel.and_then(|v| modify(v, val)).unwrap_or(0);
                        vowel = Some(v);
                        primary = LETTER_BASE
                            + u32::from(VOWEL_RANK.get(usize::from(v)).copied().unwrap_or(0));
                    }
                    _ => {
                        if tone == 0 {
                            tone = OTHER_MARK;
                        }
                    }
                }
            }
            return Some(Elem {
                primary,
                tone,
                upper,
            });
        }
    }
}

fn secondary(e: Elem) -> impl Iterator<Item = u8> {
    let n = if e.tone > 0 { 2 } else { 1 };
    [1u8, e.tone + 1].into_iter().take(n)
}

fn tertiary(e: Elem) -> impl Iterator<Item = u8> {
    let n = if e.tone > 0 { 2 } else { 1 };
    [1 + u8::from(e.upper), 1].into_iter().take(n)
}

/// Compares two strings in Vietnamese alphabetical order.
///
/// ```
/// use tintuc::text::compare;
/// use std::cmp::Ordering::*;
/// assert_eq!(compare("an", "ăn"), Less);
/// assert_eq!(compare("dơ", "đa"), Less);
/// assert_eq!(compare("hoà", "hòa"), Less); // tone compared position by position
/// assert_eq!(compare("Việt", "vie\u{0302}\u{0323}t"), Greater); // only the case differs
/// let mut v = ["ạ", "á", "ã", "ả", "à", "a"];
/// v.sort_by(|a, b| compare(a, b));
/// assert_eq!(v, ["a", "à", "ả", "ã", "á", "ạ"]);
/// ```
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    Elems::new(a)
        .map(|e| e.primary)
        .cmp(Elems::new(b).map(|e| e.primary))
        .then_with(|| {
            Elems::new(a)
                .flat_map(secondary)
                .cmp(Elems::new(b).flat_map(secondary))
        })
        .then_with(|| {
            Elems::new(a)
                .flat_map(tertiary)
                .cmp(Elems::new(b).flat_map(tertiary))
        })
}

/// A binary sort key: `sort_key(a).cmp(&sort_key(b)) == compare(a, b)`. Build keys once
/// when sorting large lists or storing an order in a database column.
///
/// ```
/// use tintuc::text::sort_key;
/// let mut v = vec!["ư", "u", "ơ", "đ", "d"];
/// v.sort_by_cached_key(|s| sort_key(s));
/// assert_eq!(v, ["d", "đ", "ơ", "u", "ư"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey(Vec<u8>);

impl SortKey {
    /// The key's bytes (compare them with `memcmp` order).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Computes the [`SortKey`] of a string.
pub fn sort_key(s: &str) -> SortKey {
    let mut k = Vec::with_capacity(s.len() * 3 + 2);
    for e in Elems::new(s) {
        // Order-preserving, prefix-free: one byte below 0xE0, else 0xF0 + 4 bytes.
        if e.primary < 0xDF {
            k.push(e.primary as u8 + 1);
        } else {
            k.push(0xF0);
            k.extend_from_slice(&e.primary.to_be_bytes());
        }
    }
    k.push(0);
    k.extend(Elems::new(s).flat_map(secondary));
    k.push(0);
    k.extend(Elems::new(s).flat_map(tertiary));
    SortKey(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet() {
        let alphabet = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z";
        let v: Vec<&str> = alphabet.split(' ').collect();
        for w in v.windows(2) {
            assert_eq!(compare(w[0], w[1]), Ordering::Less, "{w:?}");
            assert!(sort_key(w[0]) < sort_key(w[1]));
        }
    }

    #[test]
    fn key_agrees_with_compare() {
        let words = [
            "", " ", "a", "A", "à", "À", "ab", "a b", "a-b", "1", "10", "9", "ñ", "n", "中", "hoà",
            "hòa", "Hòa", "HÒA", "ươ", "uơ", "ư",
        ];
        for a in words {
            for b in words {
                assert_eq!(compare(a, b), sort_key(a).cmp(&sort_key(b)), "{a:?} {b:?}");
            }
        }
    }
}
