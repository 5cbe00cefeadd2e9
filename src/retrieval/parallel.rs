//! The build's parallel map.

/// `items.iter().map(f)` on up to `threads` scoped threads that take chunks of 64 items
/// in turn (a slow thread does not hold the others up); the output is in input order,
/// whatever the thread count. A chunk whose thread failed is redone on this thread.
pub(crate) fn par_map<'a, T: Sync, U: Send>(
    items: &'a [T],
    threads: usize,
    f: impl Fn(&'a T) -> U + Sync,
) -> Vec<U> {
    par_map_after(items, threads, f, || ()).0
}

/// [`par_map`] where this thread first runs `first` (while the other threads already
/// map) and then maps too: serial work overlapped with parallel work.
pub(crate) fn par_map_after<'a, T: Sync, U: Send, R>(
    items: &'a [T],
    threads: usize,
    f: impl Fn(&'a T) -> U + Sync,
    first: impl FnOnce() -> R,
) -> (Vec<U>, R) {
    par_map_after_by(items, threads, 64, f, first)
}

/// [`par_map_after`] where the threads take `chunk` items at a time.
pub(crate) fn par_map_after_by<'a, T: Sync, U: Send, R>(
    items: &'a [T],
    threads: usize,
    chunk: usize,
    f: impl Fn(&'a T) -> U + Sync,
    first: impl FnOnce() -> R,
) -> (Vec<U>, R) {
    let chunk = chunk.max(1);
    let chunks = items.len().div_ceil(chunk);
    if threads <= 1 || chunks <= 1 {
        let r = first();
        return (items.iter().map(f).collect(), r);
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let part = |c: usize| items.get(c * chunk..((c + 1) * chunk).min(items.len()));
    let work = || {
        let mut out = Vec::new();
        loop {
            let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(p) = part(c) else { break };
            out.push((c, p.iter().map(&f).collect::<Vec<U>>()));
        }
        out
    };
    let (mut done, r): (Vec<(usize, Vec<U>)>, R) = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads.min(chunks)).map(|_| s.spawn(work)).collect();
        let r = first();
        let mut done = work();
        for h in handles {
            done.extend(h.join().unwrap_or_default());
        }
        (done, r)
    });
    done.sort_unstable_by_key(|x| x.0);
    let mut out = Vec::with_capacity(items.len());
    let mut expect = 0;
    for (c, v) in done {
        while expect < c {
            out.extend(part(expect).unwrap_or(&[]).iter().map(&f));
            expect += 1;
        }
        out.extend(v);
        expect = c + 1;
    }
    while expect < chunks {
        out.extend(part(expect).unwrap_or(&[]).iter().map(&f));
        expect += 1;
    }
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
}
