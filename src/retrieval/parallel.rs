//! The build's parallel map, on rayon: the output is in input order whatever the
//! thread count, and a panic in a worker propagates to the caller.

use rayon::prelude::*;

/// Items a worker takes at a time at least: an item is one article or one chunk of
/// them, and smaller pieces cost more in scheduling than they gain in balance.
const MIN_ITEMS: usize = 64;

/// `items.iter().map(f)` on the current rayon pool (`threads <= 1`: on this thread);
/// the output is in input order.
pub(crate) fn par_map<'a, T: Sync, U: Send>(
    items: &'a [T],
    threads: usize,
    f: impl Fn(&'a T) -> U + Sync + Send,
) -> Vec<U> {
    par_map_after_by(items, threads, MIN_ITEMS, f, || ()).0
}

/// [`par_map`] where this thread also runs `first` (while the pool already maps):
/// serial work overlapped with parallel work.
#[cfg(test)]
pub(crate) fn par_map_after<'a, T: Sync, U: Send, R: Send>(
    items: &'a [T],
    threads: usize,
    f: impl Fn(&'a T) -> U + Sync + Send,
    first: impl FnOnce() -> R + Send,
) -> (Vec<U>, R) {
    par_map_after_by(items, threads, MIN_ITEMS, f, first)
}

/// [`par_map_after`] where a worker takes at least `chunk` items at a time.
pub(crate) fn par_map_after_by<'a, T: Sync, U: Send, R: Send>(
    items: &'a [T],
    threads: usize,
    chunk: usize,
    f: impl Fn(&'a T) -> U + Sync + Send,
    first: impl FnOnce() -> R + Send,
) -> (Vec<U>, R) {
    if threads <= 1 || items.len() <= chunk.max(1) {
        let r = first();
        return (items.iter().map(f).collect(), r);
    }
    let (r, out) = rayon::join(first, || {
        items
            .par_iter()
            .with_min_len(chunk.max(1))
            .map(&f)
            .collect::<Vec<U>>()
    });
    (out, r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_after_runs_its_serial_part_once_and_keeps_the_order() {
        let many: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 3] {
            for items in [&many[..0], &many[..10], &many[..]] {
                let mut runs = 0;
                let (out, r) = par_map_after(
                    items,
                    threads,
                    |x| x * 3,
                    || {
                        runs += 1;
                        items.len()
                    },
                );
                assert_eq!(runs, 1, "{threads} threads");
                assert_eq!(r, items.len());
                assert_eq!(out, items.iter().map(|x| x * 3).collect::<Vec<u32>>());
            }
        }
    }

    #[test]
    #[should_panic(expected = "worker failed")]
    fn a_worker_panic_reaches_the_caller() {
        let many: Vec<u32> = (0..1000).collect();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        pool.install(|| {
            par_map(&many, 2, |&x| {
                assert!(x != 700, "worker failed");
                x
            })
        });
    }
}
