//! Small numeric helpers of the index's quantisers and sorts: rounding without the
//! library call, and sorting by integer keys.

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

thread_local! {
    /// [`sort_by_keys`]' keys, kept between calls (a build sorts one vector an article
    /// and one list a term).
    static SORT_KEYS: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Sorts `v` by the integer keys `key` gives (`from_key` inverts it; keys are distinct):
/// faster than comparing the items by a key function.
pub(crate) fn sort_by_keys<T>(v: &mut [T], key: impl Fn(&T) -> u64, from_key: impl Fn(u64) -> T) {
    let mut keys = SORT_KEYS.with(std::cell::Cell::take);
    keys.clear();
    keys.extend(v.iter().map(key));
    keys.sort_unstable();
    for (x, &k) in v.iter_mut().zip(&keys) {
        *x = from_key(k);
    }
    if keys.capacity() <= 1 << 16 {
        SORT_KEYS.with(|c| c.set(keys));
    }
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

    #[test]
    fn sorting_by_keys_sorts_and_keeps_the_items() {
        let mut v: Vec<(u32, u32)> = vec![(3, 30), (1, 10), (2, 20)];
        sort_by_keys(
            &mut v,
            |&(a, b)| u64::from(a) << 32 | u64::from(b),
            |k| ((k >> 32) as u32, k as u32),
        );
        assert_eq!(v, [(1, 10), (2, 20), (3, 30)]);
    }
}
