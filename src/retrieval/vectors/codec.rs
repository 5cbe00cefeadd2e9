//! The stored-vector codec: 3-byte chunks of term-id gap and quantised weight.

use crate::retrieval::postings::sort_by_keys;
use crate::retrieval::{TermId, TermWeight};

/// `x.round()` without the library call (the baseline x86-64 target has no rounding
/// instruction) for the quantisers' range, `0 ≤ x < 2^23`, where `x - trunc(x)` is
/// exact; the library call elsewhere.
#[inline]
pub(crate) fn round(x: f32) -> f32 {
    if x.is_sign_positive() && x < 8_388_608.0 {
        let t = x as u32 as f32;
        if x - t >= 0.5 {
            t + 1.0
        } else {
            t
        }
    } else {
        x.round()
    }
}

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
    fn round_is_f32_round() {
        // every f32 in [0, 256) with a step of 2^-16, the halves around it, and the rest
        let mut xs: Vec<f32> = (0..(256u32 << 16)).map(|i| i as f32 / 65536.0).collect();
        xs.extend([
            0.5,
            1.5,
            2.5,
            254.5,
            0.499_999_97,
            0.500_000_06,
            -0.0,
            -0.5,
            -1.5,
        ]);
        xs.extend([
            8_388_607.5,
            8_388_608.0,
            1e30,
            -1e30,
            f32::INFINITY,
            f32::MIN_POSITIVE,
        ]);
        for x in xs {
            assert_eq!(round(x).to_bits(), x.round().to_bits(), "{x}");
        }
        assert!(round(f32::NAN).is_nan());
    }
}
