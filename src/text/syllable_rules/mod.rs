//! The rules of a written Vietnamese syllable, in one place for the whole text module:
//! which onsets, vowel nuclei and codas make a syllable ([`ONSETS`], [`NUCLEI`],
//! [`CODAS`]), where its tone mark goes in each [`ToneStyle`] ([`tone_position`]), and
//! which rimes occur and how often ([`RIMES`], generated from the syllable lists in
//! `../shared/data/wordlists` by `scripts/gen_repair_tables.py`, which reads its onsets
//! and codas from this file).
//!
//! Normalisation parses a word by the onset, nucleus and coda tables and puts its mark
//! where [`tone_position`] says; repair (VIQR decoding, encoding detection) takes a word
//! as Vietnamese when an onset of [`ONSETS`] is followed by an attested rime
//! ([`is_syllable`]). The rime list is the attested part of what the rules allow: a test
//! below checks every rime against the nucleus, coda and placement rules.

mod rimes;

use super::letters::{
    has_modifier, V_A, V_AA, V_AW, V_E, V_EE, V_I, V_O, V_OO, V_OW, V_U, V_UW, V_Y,
};
use rimes::{RIMES, RIME_WEIGHT};

/// Where the tone mark goes in the open syllables `oa`, `oe`, `uy`.
///
/// The two styles differ only there (15 tone/vowel pairs × case): `Old` puts the mark on
/// the first vowel (`hòa`, `khỏe`, `thủy` — most newspapers), `New` on the main vowel
/// (`hoà`, `khoẻ`, `thuỷ` — Quyết định 1989/QĐ-BGDĐT). Never after `qu`/`gi` (`quý`,
/// `già`), and never when a final consonant or glide follows (`hoàn`, `ngoài`, `huỳnh`).
///
/// ```
/// use tintuc::text::{convert_tone_style, ToneStyle};
/// assert_eq!(convert_tone_style("Hòa bình, sức khỏe", ToneStyle::New), "Hoà bình, sức khoẻ");
/// assert_eq!(convert_tone_style("Uỷ ban", ToneStyle::Old), "Ủy ban");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ToneStyle {
    /// Mark on the first vowel of open `oa`, `oe`, `uy` (`hòa`). The default.
    #[default]
    Old,
    /// Mark on the main vowel (`hoà`).
    New,
}

impl std::str::FromStr for ToneStyle {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "old" => Ok(ToneStyle::Old),
            "new" => Ok(ToneStyle::New),
            other => Err(format!("tone style {other:?}: expected old or new")),
        }
    }
}

/// How the byte-level parsers spell `đ` among the ASCII consonants (see [`onset_ok`]).
pub(super) const D_STROKE: u8 = b'#';

/// Onsets (initial consonants), longest first (`""` = none). `gi` and `qu` count their
/// `i`/`u` with the onset: `già` is `gi` + `à`, `quý` is `qu` + `ý`.
pub(super) const ONSETS: [&str; 28] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Codas (final consonants; `""` = none). The glides `i/y`, `o/u` that close a rime are
/// part of the nucleus ([`NUCLEI`]).
pub(super) const CODAS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// A consonant letter's 5-bit code in [`consonant_index`]: `a`..`z` 1..=26,
/// [`D_STROKE`] 27, anything else 31 (in no set); 0 is "no letter".
#[inline(always)]
const fn letter_code(b: u8) -> usize {
    match b {
        b'a'..=b'z' => (b - b'a' + 1) as usize,
        D_STROKE => 27,
        _ => 31,
    }
}

/// The bit of up to three consonant letters (as [`letter_code`]s) in a
/// [`ConsonantSet`]; `None` for longer runs, which no set holds.
#[inline(always)]
fn consonant_index(letters: &[u8]) -> Option<usize> {
    let code = |k: usize| letters.get(k).map_or(0, |&b| letter_code(b));
    (letters.len() <= 3).then(|| code(0) | (code(1) << 5) | (code(2) << 10))
}

/// A set of consonant runs of up to three letters: one bit per [`consonant_index`].
type ConsonantSet = [u64; 512];

/// The set of the consonant letters of each of `list` (`đ` as [`D_STROKE`]; the vowel
/// of `gi`/`qu` and anything after it left out).
const fn consonant_set(list: &[&str]) -> ConsonantSet {
    let mut set = [0u64; 512];
    let mut k = 0;
    while k < list.len() {
        let s = list[k].as_bytes();
        let (mut index, mut shift, mut i) = (0usize, 0, 0);
        while i < s.len() && shift < 15 {
            let (letter, len) = if s[i] == 0xC4 {
                (D_STROKE, 2) // đ: C4 91
            } else {
                (s[i], 1)
            };
            if matches!(letter, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
                break;
            }
            index |= letter_code(letter) << shift;
            shift += 5;
            i += len;
        }
        set[index / 64] |= 1 << (index % 64);
        k += 1;
    }
    set
}

/// [`ONSETS`] by their consonants.
static ONSET_SET: ConsonantSet = consonant_set(&ONSETS);
/// [`CODAS`].
static CODA_SET: ConsonantSet = consonant_set(&CODAS);

#[inline(always)]
fn holds(set: &ConsonantSet, letters: &[u8]) -> bool {
    consonant_index(letters)
        .and_then(|i| set.get(i / 64).map(|w| w >> (i % 64) & 1 == 1))
        .unwrap_or(false)
}

/// Whether `consonants` — the letters before a word's first vowel, lower-case ASCII with
/// [`D_STROKE`] for `đ` — open a syllable: an onset of [`ONSETS`], with `gi`/`qu` seen
/// by their consonant (the `i`/`u` is read with the vowels).
#[inline(always)]
pub(super) fn onset_ok(consonants: &[u8]) -> bool {
    holds(&ONSET_SET, consonants)
}

/// Whether `coda` (lower-case ASCII) is a coda of [`CODAS`].
#[inline(always)]
pub(super) fn coda_ok(coda: &[u8]) -> bool {
    holds(&CODA_SET, coda)
}

/// Vowel nuclei of Vietnamese syllables (after the `qu`/`gi` onsets are taken off), as
/// vowel indices of [`super::letters`]: the vowels between onset and coda, glides included.
pub(super) const NUCLEI: &[&[u8]] = &[
    &[V_A],
    &[V_AW],
    &[V_AA],
    &[V_E],
    &[V_EE],
    &[V_I],
    &[V_O],
    &[V_OO],
    &[V_OW],
    &[V_U],
    &[V_UW],
    &[V_Y],
    &[V_A, V_I],
    &[V_A, V_O],
    &[V_A, V_U],
    &[V_A, V_Y],
    &[V_AA, V_U],
    &[V_AA, V_Y],
    &[V_E, V_O],
    &[V_EE, V_U],
    &[V_I, V_A],
    &[V_I, V_EE],
    &[V_I, V_U],
    &[V_O, V_A],
    &[V_O, V_AW],
    &[V_O, V_E],
    &[V_O, V_I],
    &[V_OO, V_I],
    &[V_OW, V_I],
    &[V_O, V_O],
    &[V_U, V_A],
    &[V_U, V_AA],
    &[V_U, V_EE],
    &[V_U, V_I],
    &[V_U, V_OO],
    &[V_U, V_OW],
    &[V_UW, V_A],
    &[V_UW, V_I],
    &[V_UW, V_U],
    &[V_UW, V_OW],
    &[V_U, V_Y],
    &[V_Y, V_EE],
    &[V_I, V_EE, V_U],
    &[V_Y, V_EE, V_U],
    &[V_O, V_A, V_I],
    &[V_O, V_A, V_Y],
    &[V_O, V_A, V_O],
    &[V_O, V_E, V_O],
    &[V_U, V_AA, V_Y],
    &[V_U, V_OO, V_I],
    &[V_UW, V_OW, V_I],
    &[V_UW, V_OW, V_U],
    &[V_U, V_Y, V_EE],
    &[V_U, V_Y, V_A],
    &[V_U, V_Y, V_U],
    &[V_U, V_OW, V_I],
];

const fn nucleus_key(v0: u8, v1: u8, v2: u8) -> usize {
    (v0 as usize) * 169 + (v1 as usize) * 13 + v2 as usize
}

/// `NUCLEI` as a lookup table keyed by (first+1, second+1, third+1), 0 for absent.
static NUCLEUS_OK: [bool; 13 * 13 * 13] = {
    let mut t = [false; 13 * 13 * 13];
    let mut k = 0;
    while k < NUCLEI.len() {
        let n = NUCLEI[k];
        let v0 = n[0] + 1;
        let v1 = if n.len() > 1 { n[1] + 1 } else { 0 };
        let v2 = if n.len() > 2 { n[2] + 1 } else { 0 };
        t[nucleus_key(v0, v1, v2)] = true;
        k += 1;
    }
    t
};

/// Whether `nuc` (vowel indices, after `qu`/`gi`) is a nucleus of [`NUCLEI`].
#[inline(always)]
pub(super) fn nucleus_ok(nuc: &[u8]) -> bool {
    let g = |k: usize| nuc.get(k).map_or(0, |v| v + 1);
    nuc.len() <= 3
        && NUCLEUS_OK
            .get(nucleus_key(g(0), g(1), g(2)))
            .copied()
            .unwrap_or(false)
}

/// Whether vowels `a` then `b` (vowel indices) are a pair whose tone mark the two
/// [`ToneStyle`]s place differently when it ends an open syllable: `oa`, `oe`, `uy`.
#[inline(always)]
pub(super) const fn style_pair(a: u8, b: u8) -> bool {
    matches!((a, b), (V_O, V_A | V_E) | (V_U, V_Y))
}

/// The index in `nucleus` (vowel indices, after `qu`/`gi`; a nucleus of [`NUCLEI`]) of
/// the vowel that carries the tone mark: the last vowel with a modifier (`ươ` → `ơ`),
/// else the only vowel, else the last one before a coda (`hoàn`), else the middle of
/// three (`ngoài`), else the first of two (`mùa`, `hòa`) — except a [`style_pair`] in the
/// new style, which marks the second (`hoà`).
#[inline(always)]
pub(super) fn tone_position(nucleus: &[u8], has_coda: bool, style: ToneStyle) -> usize {
    if let Some(p) = nucleus.iter().rposition(|&v| has_modifier(v)) {
        p
    } else if nucleus.len() <= 1 {
        0
    } else if has_coda {
        nucleus.len() - 1
    } else if nucleus.len() == 3 {
        1
    } else {
        match (nucleus.first().copied(), nucleus.get(1).copied(), style) {
            (Some(a), Some(b), ToneStyle::New) if style_pair(a, b) => 1,
            _ => 0,
        }
    }
}

/// Whether `word` (letters only) is a well-formed Vietnamese syllable: an onset of
/// [`ONSETS`], then an attested rime of [`RIMES`] with its tone mark where Vietnamese puts
/// it (either tone style), in lower, Title or UPPER case.
pub(super) fn is_syllable(word: &str) -> bool {
    syllable_weight(word).is_some()
}

/// Like [`is_syllable`], returning the rime's frequency weight (0..=~12) when valid.
pub(super) fn syllable_weight(word: &str) -> Option<u8> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest_upper = chars.clone().all(char::is_uppercase);
    let rest_lower = chars.all(char::is_lowercase);
    if !(rest_lower || (first.is_uppercase() && rest_upper)) {
        return None;
    }
    let mut buf = [0u8; 32];
    let lw = lower_into(word, &mut buf)?;
    ONSETS
        .iter()
        .filter_map(|ini| {
            let rime = lw.strip_prefix(ini).filter(|r| !r.is_empty())?;
            let i = RIMES.binary_search(&rime).ok()?;
            RIME_WEIGHT.get(i).copied()
        })
        .max()
}

/// Lower-cases a short word into `buf` without allocating.
fn lower_into<'b>(word: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let mut n = 0;
    for c in word.chars() {
        let mut l = c.to_lowercase();
        let lc = l.next()?;
        if l.next().is_some() {
            return None;
        }
        let len = lc.len_utf8();
        let slot = buf.get_mut(n..n + len)?;
        lc.encode_utf8(slot);
        n += len;
    }
    std::str::from_utf8(buf.get(..n)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::letters::{ascii_vowel, lookup, VnLetter};

    #[test]
    fn syllables() {
        for w in [
            "Việt", "NGUYỄN", "hoà", "hòa", "quý", "gì", "giữa", "khuỷu", "Đành",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in ["ViÖt", "NguyÔn", "ThÕ", "giíi", "caù", "Hµ", "qúy"] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn onsets_by_their_consonants() {
        let ok: [&[u8]; 27] = [
            b"", b"b", b"c", b"ch", b"d", b"#", b"g", b"gh", b"h", b"k", b"kh", b"l", b"m", b"n",
            b"ng", b"ngh", b"nh", b"p", b"ph", b"q", b"r", b"s", b"t", b"th", b"tr", b"v", b"x",
        ];
        for o in ok {
            assert!(onset_ok(o), "{o:?}");
        }
        for o in [
            &b"f"[..],
            b"gi",
            b"qu",
            b"ngg",
            b"nghh",
            b"tt",
            b"dd",
            b"w",
            b"z",
            b"j",
        ] {
            assert!(!onset_ok(o), "{o:?}");
        }
        assert!(CODAS.iter().all(|c| coda_ok(c.as_bytes())));
        assert!(!coda_ok(b"k") && !coda_ok(b"nn"));
    }

    #[test]
    fn tone_positions() {
        use ToneStyle::{New, Old};
        let cases: [(&[u8], bool, usize, usize); 9] = [
            (&[V_O, V_A], false, 0, 1),      // hòa / hoà
            (&[V_U, V_Y], false, 0, 1),      // thủy / thuỷ
            (&[V_O, V_A], true, 1, 1),       // hoàn
            (&[V_U, V_A], false, 0, 0),      // mùa
            (&[V_UW, V_OW], true, 1, 1),     // người
            (&[V_O, V_A, V_I], false, 1, 1), // ngoài
            (&[V_U, V_Y, V_EE], true, 2, 2), // nguyễn
            (&[V_A], false, 0, 0),
            (&[V_I, V_EE, V_U], false, 1, 1), // điều
        ];
        for (nuc, coda, old, new) in cases {
            assert_eq!(tone_position(nuc, coda, Old), old, "{nuc:?}");
            assert_eq!(tone_position(nuc, coda, New), new, "{nuc:?}");
        }
    }

    /// A rime's vowels (indices), the tone and the index of its marked vowel, and coda.
    fn parse_rime(r: &str) -> (Vec<u8>, Option<usize>, String) {
        let (mut vowels, mut marked, mut coda) = (Vec::new(), None, String::new());
        for c in r.chars() {
            let v = if c.is_ascii() {
                u8::try_from(c).ok().and_then(ascii_vowel)
            } else {
                match lookup(c) {
                    Some(VnLetter::Vowel { v, tone, .. }) => {
                        if tone != 0 {
                            marked = Some(vowels.len());
                        }
                        Some(v)
                    }
                    _ => None,
                }
            };
            match v {
                Some(v) if coda.is_empty() => vowels.push(v),
                _ => coda.push(c),
            }
        }
        (vowels, marked, coda)
    }

    /// The attested rimes are the rules' own: each is a nucleus of [`NUCLEI`] and a coda
    /// of [`CODAS`], with its mark where [`tone_position`] puts it in one of the styles.
    /// The exceptions, listed: `ya`/`yu` (with their marks), attested only after `qu`
    /// (`quỵu`), whose nucleus the rules read as `uya`/`uyu` only after other onsets
    /// (`khuya`, `khuỵu`); and `out` (the loan `tout`).
    #[test]
    fn attested_rimes_follow_the_rules() {
        let mut outside = Vec::new();
        for r in RIMES {
            let (nuc, marked, coda) = parse_rime(r);
            let placed = marked.is_none_or(|m| {
                [ToneStyle::Old, ToneStyle::New]
                    .iter()
                    .any(|&st| tone_position(&nuc, !coda.is_empty(), st) == m)
            });
            if !(nucleus_ok(&nuc) && coda_ok(coda.as_bytes()) && placed) {
                outside.push(r);
            }
        }
        let expected: Vec<&str> = "out ya yu ýa ýu ỳa ỳu ỵa ỵu ỷa ỷu ỹa ỹu"
            .split(' ')
            .collect();
        assert_eq!(outside, expected);
        // Every onset splits off some attested syllable.
        for o in ONSETS {
            assert!(
                is_syllable(&format!("{o}a")) || is_syllable(&format!("{o}i")),
                "{o}"
            );
        }
    }
}
