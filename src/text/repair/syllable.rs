//! Well-formed Vietnamese syllables by the generated initial and rime tables: what
//! detection counts and what the VIQR decoder accepts as a marked word.

use super::tables::{INITIALS, RIMES, RIME_WEIGHT};

/// Whether `word` (letters only) is a well-formed Vietnamese syllable: a known initial,
/// a known rime with its tone mark where Vietnamese puts it (either tone style), and
/// lower, Title or UPPER case.
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
    INITIALS
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
