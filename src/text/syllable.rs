//! Syllable tokenizer with byte offsets.

use super::letters::lookup;

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
fn is_syllable_char(c: char) -> bool {
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
