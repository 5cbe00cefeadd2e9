//! Syllable tokenizer with byte offsets.

use super::letters::{lookup, lower_char, VnLetter, V_A, V_E, V_O, V_U, V_Y};
use super::normalize::old_style_word;

/// One syllable of a text: a maximal run of letters (with their combining marks) and
/// digits, and its byte offset in the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Syllable<'a> {
    /// The syllable as written (not normalised).
    pub text: &'a str,
    /// Byte offset of `text` in the input.
    pub start: usize,
}

/// Splits text into syllables. Punctuation, spaces and symbols separate them; a document
/// number such as `08/KH-UBND` yields its parts (`08`, `KH`, `UBND`) — see
/// [`crate::text::extract_documents`] for numbers as wholes.
///
/// ```
/// use tintuc::text::syllables;
/// let s = "Kế hoạch số 08/KH-UBND";
/// let v: Vec<(&str, usize)> = syllables(s).map(|x| (x.text, x.start)).collect();
/// assert_eq!(v, [("Kế", 0), ("hoạch", 5), ("số", 13), ("08", 18), ("KH", 21), ("UBND", 24)]);
/// ```
pub fn syllables(s: &str) -> Syllables<'_> {
    Syllables { s, pos: 0 }
}

/// The iterator returned by [`syllables`].
#[derive(Debug, Clone)]
pub struct Syllables<'a> {
    s: &'a str,
    pos: usize,
}

#[inline]
pub(crate) fn is_syllable_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    lookup(c).is_some() || c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

impl<'a> Iterator for Syllables<'a> {
    type Item = Syllable<'a>;

    fn next(&mut self) -> Option<Syllable<'a>> {
        let rest = self.s.get(self.pos..)?;
        let (off, _) = rest.char_indices().find(|&(_, c)| is_syllable_char(c))?;
        let start = self.pos + off;
        let tail = self.s.get(start..)?;
        let len = tail
            .char_indices()
            .find(|&(_, c)| !is_syllable_char(c))
            .map_or(tail.len(), |(i, _)| i);
        self.pos = start + len;
        Some(Syllable {
            text: tail.get(..len)?,
            start,
        })
    }
}

impl std::iter::FusedIterator for Syllables<'_> {}

/// A syllable found by [`normalized_syllables`]: its text is `buf[start..end]`;
/// `new_clause` when something other than whitespace (or nothing: the text's first
/// syllable) comes before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NormSpan {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) new_clause: bool,
}

/// How [`normalized_syllables`] takes a byte: [`SEPARATOR`] (ASCII), [`NON_ASCII`], or
/// [`ALNUM`] (ASCII) with [`OU`] for `o`/`u` and [`AEY`] for `a`/`e`/`y`, any case.
const SEPARATOR: u8 = 0;
const ALNUM: u8 = 1;
const OU: u8 = 2;
const AEY: u8 = 4;
const NON_ASCII: u8 = 8;

/// The class of each byte (see [`SEPARATOR`]).
static CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let l = (b as u8).to_ascii_lowercase();
        t[b] = if !(b as u8).is_ascii_alphanumeric() {
            SEPARATOR
        } else if l == b'o' || l == b'u' {
            ALNUM | OU
        } else if l == b'a' || l == b'e' || l == b'y' {
            ALNUM | AEY
        } else {
            ALNUM
        };
        b += 1;
    }
    t
};

/// What a non-ASCII character is to [`normalized_syllables`]: a Vietnamese letter (its
/// lower case, and [`OU`] or [`AEY`] for those vowels), a separator (whether
/// whitespace), or `None`: a character left to the general path.
enum Other {
    Letter(char, u8),
    Separator(bool),
}

#[inline]
fn other(c: char) -> Option<Other> {
    match lookup(c) {
        Some(letter) => {
            let kind = match letter {
                VnLetter::Vowel { v, .. } if v == V_O || v == V_U => OU,
                VnLetter::Vowel { v, .. } if v == V_A || v == V_E || v == V_Y => AEY,
                _ => 0,
            };
            lower_char(c).map(|l| Other::Letter(l, kind))
        }
        None if is_syllable_char(c) || !c.to_lowercase().eq(std::iter::once(c)) => None,
        None => Some(Other::Separator(c.is_whitespace())),
    }
}

/// The syllables of `s` normalised as the related-articles analysis wants them — NFC,
/// old tone style, lower case — in one pass over `s` instead of three over the whole
/// text: `buf` receives the syllables back to back and `spans` where each one is (both
/// are cleared first). Gives exactly what [`syllables`] finds in
/// `letters::to_lowercase(&convert_tone_style(s, ToneStyle::Old))`, with the clause flag
/// as the analysis defines it.
///
/// Handles text made of ASCII, the precomposed Vietnamese letters of [`lookup`] and
/// non-letters whose lower case is themselves (such text is already NFC, up to
/// separators that NFC maps to separators), which is nearly all Vietnamese text. Returns
/// `false` (with partial output) at the first other character (a foreign letter, a
/// combining mark, a capital sigma...): the caller then takes the general path.
pub(crate) fn normalized_syllables(s: &str, buf: &mut String, spans: &mut Vec<NormSpan>) -> bool {
    buf.clear();
    spans.clear();
    let bytes = s.as_bytes();
    let mut i = 0;
    // whether everything since the last syllable is whitespace (none yet: no)
    let mut gap_blank = false;
    loop {
        // separators up to the next syllable, whose first character (as written, in
        // lower case, and its class) comes out
        let first = loop {
            let Some(&b) = bytes.get(i) else {
                break None;
            };
            let class = CLASS.get(usize::from(b)).copied().unwrap_or(NON_ASCII);
            if class & ALNUM != 0 {
                break Some((char::from(b), char::from(b.to_ascii_lowercase()), class));
            }
            if class == SEPARATOR {
                // `char::is_whitespace` on ASCII (which counts U+000B, unlike
                // `u8::is_ascii_whitespace`)
                gap_blank &= matches!(b, b'\t'..=b'\r' | b' ');
                i += 1;
                continue;
            }
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                return false;
            };
            match other(c) {
                Some(Other::Letter(l, kind)) => break Some((c, l, kind | NON_ASCII)),
                Some(Other::Separator(blank)) => {
                    gap_blank &= blank;
                    i += c.len_utf8();
                }
                None => return false,
            }
        };
        let Some((c, l, class)) = first else {
            return true;
        };
        // The syllable: a run of letters and digits, copied as it is and lower-cased
        // afterwards only if it holds a capital. Its tone style can need changing only
        // when it has a non-ASCII letter and an `o`/`u` letter right before an
        // `a`/`e`/`y` letter.
        let start = buf.len();
        let from = i;
        let mut capital = l != c;
        let (mut non_ascii, mut prev_ou, mut pair) =
            (class & NON_ASCII != 0, class & OU != 0, false);
        i += c.len_utf8();
        while let Some(&b) = bytes.get(i) {
            let class = CLASS.get(usize::from(b)).copied().unwrap_or(NON_ASCII);
            let kind = if class & ALNUM != 0 {
                capital |= b.is_ascii_uppercase();
                i += 1;
                class
            } else if class == SEPARATOR {
                break;
            } else {
                let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                    return false;
                };
                match other(c) {
                    Some(Other::Letter(l, kind)) => {
                        capital |= l != c;
                        non_ascii = true;
                        i += c.len_utf8();
                        kind
                    }
                    Some(Other::Separator(_)) => break,
                    None => return false,
                }
            };
            pair |= prev_ou && kind & AEY != 0;
            prev_ou = kind & OU != 0;
        }
        let word = s.get(from..i).unwrap_or("");
        if capital {
            buf.extend(word.chars().map(|c| lower_char(c).unwrap_or(c)));
        } else {
            buf.push_str(word);
        }
        if non_ascii && pair {
            if let Some(old) = buf.get(start..).and_then(old_style_word) {
                buf.truncate(start);
                buf.push_str(&old);
            }
        }
        spans.push(NormSpan {
            start,
            end: buf.len(),
            new_clause: spans.is_empty() || !gap_blank,
        });
        gap_blank = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::letters::{strategy, to_lowercase};
    use crate::text::{convert_tone_style, ToneStyle};

    /// What [`normalized_syllables`] stands for: the syllables of the text in the old tone
    /// style, lower-cased, each
    /// flagged when anything but whitespace (or nothing) precedes it.
    fn reference(s: &str) -> Vec<(String, bool)> {
        let lower = to_lowercase(&convert_tone_style(s, ToneStyle::Old));
        let mut prev_end: Option<usize> = None;
        syllables(&lower)
            .map(|syl| {
                let new_clause = match prev_end {
                    None => true,
                    Some(end) => !lower
                        .get(end..syl.start)
                        .is_some_and(|gap| gap.chars().all(char::is_whitespace)),
                };
                prev_end = Some(syl.start + syl.text.len());
                (syl.text.to_string(), new_clause)
            })
            .collect()
    }

    fn fused(s: &str) -> Option<Vec<(String, bool)>> {
        let (mut buf, mut spans) = (String::new(), Vec::new());
        normalized_syllables(s, &mut buf, &mut spans).then(|| {
            spans
                .iter()
                .map(|p| (buf[p.start..p.end].to_string(), p.new_clause))
                .collect()
        })
    }

    #[test]
    fn normalized_syllables_on_news_text() {
        let s = "Hội nghị THI ĐUA, khen thưởng  (Kế hoạch 08/KH-UBND) “Hoà Bình” – 2018\u{A0}năm HOÀ thuỷ";
        assert_eq!(fused(s), Some(reference(s)));
        let got = fused(s).unwrap();
        assert_eq!(got[2], ("thi".to_string(), false));
        assert_eq!(got[4], ("khen".to_string(), true));
        assert!(got.contains(&("hòa".to_string(), true)));
        assert!(got.contains(&("hòa".to_string(), false)));
        assert!(got.contains(&("thủy".to_string(), false)));
        // a foreign letter, a combining mark, a capital sigma: the general path
        for s in ["Müller ñ", "a\u{301}", "ΣΑΣ", "中文"] {
            if fused(s).is_some() {
                assert_eq!(fused(s), Some(reference(s)), "{s}");
            }
        }
        assert_eq!(fused("ñ"), None);
        assert_eq!(fused("a\u{301}"), None);
        assert_eq!(fused(""), Some(Vec::new()));
    }

    proptest::proptest! {
        #[test]
        fn normalized_syllables_match_the_three_pass_path(s in strategy::viet_heavy()) {
            if let Some(got) = fused(&s) {
                proptest::prop_assert_eq!(got, reference(&s));
            }
        }

        #[test]
        fn normalized_syllables_take_vietnamese_text_in_one_pass(
            s in "[a-zA-Z0-9 ,.\\-/\n\t\u{A0}\u{201C}\u{201D}\u{2013}\u{200B}àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸ]{0,60}"
        ) {
            proptest::prop_assert_eq!(fused(&s), Some(reference(&s)));
        }

        #[test]
        fn normalized_syllables_place_tones_as_the_whole_text_pass(
            v in proptest::collection::vec(proptest::sample::select(vec![
                "o", "O", "ó", "Ó", "ọ", "u", "U", "ú", "Ụ", "ư", "a", "A", "à", "À", "ả", "e",
                "E", "é", "è", "y", "Y", "ỳ", "Ỷ", "ỹ", "q", "Q", "g", "G", "i", "I", "h", "H",
                "n", "t", "đ", "Đ", " ", " ", ",", "-", "2",
            ]), 0..30)
        ) {
            let s = v.concat();
            proptest::prop_assert_eq!(fused(&s), Some(reference(&s)));
        }
    }
}
