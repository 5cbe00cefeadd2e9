//! Reading memory ahead of loops that would otherwise meet it one cold miss at a time.

/// Reads every value of `values` ahead of a loop that would meet their memory one cold
/// miss at a time: the loads are independent of each other, so they overlap, and the
/// loop then finds them in cache. The values are only combined so that the loads are not
/// optimised away.
pub(crate) fn read_ahead<T: Into<u64>>(values: impl Iterator<Item = T>) {
    std::hint::black_box(values.fold(0u64, |x, v| x ^ v.into()));
}

/// [`read_ahead`] of one byte of every cache line of each slice (`byte` picks it from an
/// item).
pub(crate) fn touch_lines<'a, T: 'a>(
    slices: impl Iterator<Item = &'a [T]>,
    byte: impl Fn(&T) -> u8,
) {
    let step = (64 / std::mem::size_of::<T>().max(1)).max(1);
    read_ahead(slices.flat_map(|s| s.iter().step_by(step).map(&byte)));
}
