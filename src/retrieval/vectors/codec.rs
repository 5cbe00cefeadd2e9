//! The stored-vector codec: 3-byte chunks of term-id gap and quantised weight.

use crate::retrieval::quantize::{round, sort_by_keys};
use crate::retrieval::{TermId, TermWeight};

/// Sorts a vector with distinct terms by term id.
pub(crate) fn sort_by_term(v: &mut [TermWeight]) {
    sort_by_keys(
        v,
        |x| u64::from(x.term) << 32 | u64::from(x.weight.to_bits()),
        |k| TermWeight::new((k >> 32) as TermId, f32::from_bits(k as u32)),
    );
}

/// Escape chunk: a gap field of `0xFFFF` adds `(m + 1) × 0xFFFF` to the next gap.
pub(crate) const GAP_ESCAPE: u32 = 0xFFFF;

/// Compresses a vector sorted by term id into 3-byte chunks `[gap lo, gap hi, weight]`
/// (weight in 1..=255, times `scale / 255`); a gap of `0xFFFF` or more is preceded by
/// escape chunks `[0xFF, 0xFF, m]`. Fixed-size chunks decode without the unpredictable
/// branches of variable-length integers (the rerank decodes ~24,000 entries a query).
pub(crate) fn encode(v: &[TermWeight]) -> (Box<[u8]>, f32) {
    let scale = v.iter().map(|x| x.weight).fold(0.0f32, f32::max);
    let mut out = Vec::with_capacity(v.len() * 3);
    let mut prev = 0u32;
    for &TermWeight { term: t, weight: w } in v {
        let mut gap = t.wrapping_sub(prev);
        prev = t;
        while gap >= GAP_ESCAPE {
            let m = (gap / GAP_ESCAPE - 1).min(255);
            out.extend_from_slice(&[0xFF, 0xFF, m as u8]);
            gap -= (m + 1) * GAP_ESCAPE;
        }
        let q = if scale > 0.0 {
            round(w / scale * 255.0)
        } else {
            0.0
        };
        let [lo, hi, ..] = gap.to_le_bytes();
        out.extend_from_slice(&[lo, hi, q.clamp(1.0, 255.0) as u8]);
    }
    (out.into_boxed_slice(), scale)
}

/// The terms and weights of an encoded vector, in term order.
pub(crate) fn decode(bytes: &[u8], scale: f32) -> Vec<TermWeight> {
    let mut out = Vec::with_capacity(bytes.len() / 2);
    for_each_encoded(bytes, scale, |t, w| out.push(TermWeight::new(t, w)));
    out
}

/// Calls `f(term, weight)` for each entry of an encoded vector, in term order.
pub(crate) fn for_each_encoded(bytes: &[u8], scale: f32, mut f: impl FnMut(TermId, f32)) {
    let k = scale / 255.0;
    let mut prev = 0u32;
    let mut carry = 0u32;
    for c in bytes.chunks_exact(3) {
        if let [lo, hi, w] = *c {
            let gap = u32::from(u16::from_le_bytes([lo, hi]));
            if gap == GAP_ESCAPE {
                carry = carry.wrapping_add((u32::from(w) + 1).wrapping_mul(GAP_ESCAPE));
            } else {
                prev = prev.wrapping_add(carry).wrapping_add(gap);
                carry = 0;
                f(prev, f32::from(w) * k);
            }
        }
    }
}

/// The dot product of two vectors sorted by term.
pub(crate) fn dot(a: &[TermWeight], b: &[TermWeight]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f32);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.term.cmp(&y.term) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += x.weight * y.weight;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// The ids in both sorted lists.
pub(crate) fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(*x);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) fn dot_encoded(q: &[TermWeight], bytes: &[u8], scale: f32) -> f32 {
    let mut i = 0;
    let mut s = 0.0f32;
    for_each_encoded(bytes, scale, |t, w| {
        while q.get(i).is_some_and(|x| x.term < t) {
            i += 1;
        }
        if let Some(x) = q.get(i) {
            if x.term == t {
                s += x.weight * w;
            }
        }
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_within_a_quantum_and_escape_long_gaps() {
        let v: Vec<TermWeight> = [
            (0u32, 0.5f32),
            (65_535, 1.0),
            (65_536, 0.1),
            (u32::MAX, 0.3),
        ]
        .iter()
        .map(|&(t, w)| TermWeight::new(t, w))
        .collect();
        let (bytes, scale) = encode(&v);
        assert_eq!(scale, 1.0);
        // the gap of 0xFFFF takes an escape chunk, and so does the one to u32::MAX
        assert!(bytes.len() > 3 * v.len());
        let back = decode(&bytes, scale);
        assert_eq!(back.len(), v.len());
        for (a, b) in v.iter().zip(&back) {
            assert_eq!(a.term, b.term);
            assert!((a.weight - b.weight).abs() <= scale / 255.0);
        }
        assert!((dot(&v, &back) - dot(&v, &v)).abs() < 0.01);
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 7]), [3, 7]);
        // truncated input decodes to what is whole, without a panic
        assert_eq!(decode(bytes.get(..4).unwrap(), scale).len(), 1);
    }
}
