//! The latent fit: a randomized truncated SVD (Halko, Martinsson and Tropp, 2011) of the
//! sparse article × term TF-IDF matrix `A` (m articles, n terms), each term's column
//! weighted by a power of its idf ([`FitParams::idf_power`]).
//!
//! A seeded random ±1 matrix `Ω` (m × l, l = topics + oversampling) gives `Y = Aᵀ Ω`,
//! whose orthonormal basis `Q` (QR) approximates the term space the heaviest
//! singular vectors span; power iterations (`Q ← orth(Aᵀ orth(A Q))`, re-orthonormalised
//! each half step so small singular values do not drown) sharpen it. Then `Bᵀ = A Q`
//! (m × l) is factored `Q₂ R`, and the SVD of the small `Rᵀ = U Σ Wᵀ` gives the
//! term–topic matrix `Q U` (its first columns, by singular value). Only the tall QRs
//! (nalgebra's Householder steps, the columns updated in parallel: [`super::qr`]) and
//! the small SVD come from nalgebra; the sparse × dense products are plain loops, each
//! output row summed by one worker in the order of its entries, over pieces of about
//! equal work that the pool shares (the matrix is put together from blocks of rows the
//! same way), so the result does not depend on the thread count.

use nalgebra::DMatrix;

use super::{quantise, Latent, NO_TERM, TOPIC_TERMS};
use crate::retrieval::parallel::{par_map, par_map_after_by};
use crate::retrieval::{Slot, TermId, TermWeight};

/// What a fit is asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FitParams {
    /// Topics (columns of the term–topic matrix).
    pub(crate) dims: usize,
    /// Extra random columns beyond `dims` (the accuracy of the leading ones).
    pub(crate) oversample: usize,
    /// Power iterations.
    pub(crate) power_iterations: usize,
    /// Seed of the random matrix.
    pub(crate) seed: u64,
    /// The matrix keeps at most this many terms (the most frequent).
    pub(crate) max_terms: usize,
    /// Each term's column of `A` is weighted by its idf (`ln(m / df)` over all the given
    /// articles) to this power before the rows are normalised (0: unweighted); a
    /// projection weighs an article's terms the same way ([`Latent::project`]).
    pub(crate) idf_power: f32,
    /// The matrix has a row for at most this many articles, spread evenly over the
    /// given ones; every article is then projected onto the topics as a fold-in is.
    /// The products' cost grows with the rows, the topics' quality hardly past a few
    /// tens of thousands of articles.
    pub(crate) max_rows: usize,
    /// Threads of the products (1: this thread).
    pub(crate) threads: usize,
}

/// The indices of `rows` articles the matrix is built from: all of them, or `max`
/// spread evenly (the `k`-th at `⌊k · rows / max⌋`).
fn fitted_rows(rows: usize, max: usize) -> Vec<usize> {
    if rows <= max {
        return (0..rows).collect();
    }
    (0..max).map(|k| k * rows / max).collect()
}

/// A term must be in this many articles to be a row of the matrix.
const MIN_DF: u32 = 2;

/// Pieces a sparse product is cut into (by stored entries, so each piece is about as
/// much work): enough for the pool to balance them, few enough that scheduling costs
/// nothing. The cut depends only on the matrix, never on the thread count.
const PIECES: usize = 256;

/// Rows of the matrix one worker builds (or counts the terms of) at a time.
const ROW_BLOCK: usize = 1024;

/// Blocks of rows whose terms are counted at a time.
const DF_WAVE: usize = 32;

/// The article × term matrix, by row (articles) and by column (terms).
struct Sparse {
    m: usize,
    n: usize,
    row_starts: Vec<usize>,
    row_cols: Vec<u32>,
    row_vals: Vec<f32>,
    /// Where the products over rows are cut ([`pieces`] of `row_starts`).
    row_pieces: Vec<usize>,
    col_starts: Vec<usize>,
    col_rows: Vec<u32>,
    col_vals: Vec<f32>,
    /// Where the products over columns are cut.
    col_pieces: Vec<usize>,
}

/// The bounds of about [`PIECES`] consecutive runs of rows of a CSR-like layout
/// (`starts`, one more than the rows), each of about the same number of entries and at
/// least one row: `[0, …, rows]`.
fn pieces(starts: &[usize]) -> Vec<usize> {
    let rows = starts.len().saturating_sub(1);
    let total = starts.last().copied().unwrap_or(0);
    let step = total.div_ceil(PIECES).max(1);
    let mut out = vec![0];
    let mut next = step;
    for (i, &s) in starts.iter().enumerate().take(rows).skip(1) {
        if s >= next {
            out.push(i);
            next = s + step;
        }
    }
    if rows > 0 {
        out.push(rows);
    }
    out
}

/// One side of the matrix as a product reads it: each row's entries (`idx`, `vals`
/// from `starts[i]` to `starts[i + 1]`) and where the product is cut (`bounds`).
#[derive(Clone, Copy)]
struct Csr<'a> {
    starts: &'a [usize],
    idx: &'a [u32],
    vals: &'a [f32],
    bounds: &'a [usize],
}

/// `out[i] = Σ_{(j, v) ∈ row i} v · x[j]` for every row `i` of a CSR-like layout (`x`
/// row-major with `l` columns): output row-major, `rows` rows. Each output row is summed
/// in the order of its entries by one worker, so the result is the same however the
/// rows are cut into `bounds` (pieces taken in parallel) and whatever the thread count.
fn gather(rows: usize, csr: Csr<'_>, x: &[f64], l: usize, threads: usize) -> Vec<f64> {
    let Csr {
        starts,
        idx,
        vals,
        bounds,
    } = csr;
    let runs: Vec<(usize, usize)> = bounds
        .windows(2)
        .filter_map(|w| match *w {
            [a, b] => Some((a, b.min(rows))),
            _ => None,
        })
        .collect();
    let (parts, ()) = par_map_after_by(
        &runs,
        threads,
        1,
        |&(from, to)| {
            let mut out = vec![0.0f64; to.saturating_sub(from) * l];
            for (i, o) in (from..to).zip(out.chunks_exact_mut(l.max(1))) {
                let (a, b) = (starts.get(i).copied(), starts.get(i + 1).copied());
                let (a, b) = (a.unwrap_or(0), b.unwrap_or(0));
                let entries = idx.get(a..b).unwrap_or_default();
                let weights = vals.get(a..b).unwrap_or_default();
                for (&j, &v) in entries.iter().zip(weights) {
                    let j = j as usize;
                    let Some(xr) = x.get(j * l..(j + 1) * l) else {
                        continue;
                    };
                    let v = f64::from(v);
                    for (o, &xv) in o.iter_mut().zip(xr) {
                        *o += v * xv;
                    }
                }
            }
            out
        },
        || (),
    );
    let mut out = Vec::with_capacity(rows * l);
    for p in parts {
        out.extend_from_slice(&p);
    }
    out.resize(rows * l, 0.0);
    out
}

impl Sparse {
    /// `A x` (x: n × l row-major) as an m × l matrix.
    fn mul(&self, x: &[f64], l: usize, threads: usize) -> DMatrix<f64> {
        let rows = Csr {
            starts: &self.row_starts,
            idx: &self.row_cols,
            vals: &self.row_vals,
            bounds: &self.row_pieces,
        };
        let out = gather(self.m, rows, x, l, threads);
        DMatrix::from_row_slice(self.m, l, &out)
    }

    /// `Aᵀ x` (x: m × l row-major) as an n × l matrix.
    fn mul_t(&self, x: &[f64], l: usize, threads: usize) -> DMatrix<f64> {
        let cols = Csr {
            starts: &self.col_starts,
            idx: &self.col_rows,
            vals: &self.col_vals,
            bounds: &self.col_pieces,
        };
        let out = gather(self.n, cols, x, l, threads);
        DMatrix::from_row_slice(self.n, l, &out)
    }
}

/// The entries of a matrix, row by row.
fn row_major(m: &DMatrix<f64>) -> Vec<f64> {
    m.transpose().as_slice().to_vec()
}

/// An orthonormal basis of a tall matrix's columns (its thin QR's `Q`).
fn orth(m: DMatrix<f64>, threads: usize) -> DMatrix<f64> {
    super::qr::q(m, threads)
}

/// SplitMix64: the seeded stream of the random matrix's signs.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Fits topics to `rows` articles: `row(i)` gives article `i`'s slot and its TF-IDF
/// vector (any order of terms); only terms `keep` accepts and that at least
/// [`MIN_DF`] articles share are rows of the matrix. `None` when no such term exists.
/// The same rows, `keep` and `params` (whatever `params.threads`) give the same model.
pub(crate) fn fit(
    rows: usize,
    row: impl Fn(usize) -> Option<(Slot, Vec<TermWeight>)> + Sync,
    keep: impl Fn(TermId) -> bool,
    params: &FitParams,
) -> Option<Latent> {
    let threads = params.threads;
    // the vocabulary: kept terms in two articles or more, the most frequent first
    // (blocks of rows decoded in parallel, a wave of them at a time so that their term
    // lists stay small, and counted in order)
    let mut df: Vec<u32> = Vec::new();
    let blocks: Vec<usize> = (0..rows.div_ceil(ROW_BLOCK)).collect();
    for wave in blocks.chunks(DF_WAVE) {
        let (terms, ()) = par_map_after_by(
            wave,
            threads,
            1,
            |&b| {
                let mut terms: Vec<TermId> = Vec::new();
                for i in b * ROW_BLOCK..((b + 1) * ROW_BLOCK).min(rows) {
                    if let Some((_, v)) = row(i) {
                        terms.extend(v.iter().map(|x| x.term));
                    }
                }
                terms
            },
            || (),
        );
        for t in terms.iter().flatten() {
            let t = *t as usize;
            if df.len() <= t {
                df.resize(t + 1, 0);
            }
            if let Some(c) = df.get_mut(t) {
                *c += 1;
            }
        }
    }
    let mut vocab: Vec<TermId> = (0..df.len() as u32)
        .filter(|&t| df.get(t as usize).is_some_and(|&c| c >= MIN_DF) && keep(t))
        .collect();
    if vocab.len() > params.max_terms {
        vocab.sort_by(|&a, &b| {
            let (da, db) = (df.get(a as usize), df.get(b as usize));
            db.cmp(&da).then(a.cmp(&b))
        });
        vocab.truncate(params.max_terms);
        vocab.sort_unstable();
    }
    // (the model keeps it: not the capacity of every candidate term)
    vocab.shrink_to_fit();
    let mut col_of = vec![u32::MAX; df.len()];
    for (c, &t) in vocab.iter().enumerate() {
        if let Some(x) = col_of.get_mut(t as usize) {
            *x = c as u32;
        }
    }
    // each column's weight: idf to `idf_power` (the stored vectors already carry one
    // idf; more of it lets the rarer, topical terms rather than the frequent ones shape
    // the topics)
    let weights: Vec<f32> = vocab
        .iter()
        .map(|&t| {
            let d = df.get(t as usize).copied().unwrap_or(1).max(1) as f32;
            if params.idf_power == 0.0 {
                1.0
            } else {
                (rows as f32 / d).ln().max(0.01).powf(params.idf_power)
            }
        })
        .collect();
    drop(df);
    // the matrix by rows: each fitted article's kept terms, weighted, unit length
    // (blocks of rows in parallel, put together in order)
    let picked = fitted_rows(rows, params.max_rows.max(1));
    let blocks: Vec<&[usize]> = picked.chunks(ROW_BLOCK).collect();
    let (built, ()) = par_map_after_by(
        &blocks,
        threads,
        1,
        |&b| {
            let mut slots: Vec<Slot> = Vec::with_capacity(ROW_BLOCK);
            let mut lens: Vec<usize> = Vec::with_capacity(ROW_BLOCK);
            let (mut cols, mut vals) = (Vec::new(), Vec::new());
            for &i in b {
                let Some((slot, v)) = row(i) else { continue };
                let mut entries: Vec<(u32, f32)> = v
                    .iter()
                    .filter_map(|x| {
                        let c = *col_of.get(x.term as usize)?;
                        let w = x.weight * weights.get(c as usize)?;
                        (c != u32::MAX && w != 0.0).then_some((c, w))
                    })
                    .collect();
                entries.sort_unstable_by_key(|e| e.0);
                let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
                let before = cols.len();
                if norm > 0.0 {
                    cols.extend(entries.iter().map(|e| e.0));
                    vals.extend(entries.iter().map(|e| e.1 / norm));
                }
                slots.push(slot);
                lens.push(cols.len() - before);
            }
            (slots, lens, cols, vals)
        },
        || (),
    );
    let total: usize = built.iter().map(|b| b.2.len()).sum();
    drop(picked);
    let mut slots: Vec<Slot> = Vec::with_capacity(rows.min(params.max_rows));
    let mut row_starts = Vec::with_capacity(slots.capacity() + 1);
    row_starts.push(0usize);
    let (mut row_cols, mut row_vals) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for (s, lens, cols, vals) in built {
        slots.extend(s);
        for len in lens {
            row_starts.push(row_starts.last().copied().unwrap_or(0) + len);
        }
        row_cols.extend(cols);
        row_vals.extend(vals);
    }
    let (m, n) = (slots.len(), vocab.len());
    if m == 0 || n == 0 {
        return None;
    }
    // and by columns
    let mut col_starts = vec![0usize; n + 1];
    for &c in &row_cols {
        if let Some(x) = col_starts.get_mut(c as usize + 1) {
            *x += 1;
        }
    }
    for i in 1..col_starts.len() {
        col_starts[i] += col_starts[i - 1];
    }
    let mut next = col_starts.clone();
    let (mut col_rows, mut col_vals) = (vec![0u32; row_cols.len()], vec![0f32; row_cols.len()]);
    for r in 0..m {
        let (a, b) = (row_starts[r], row_starts[r + 1]);
        for (&c, &v) in row_cols[a..b].iter().zip(&row_vals[a..b]) {
            if let Some(at) = next.get_mut(c as usize) {
                if let (Some(x), Some(y)) = (col_rows.get_mut(*at), col_vals.get_mut(*at)) {
                    (*x, *y) = (r as u32, v);
                }
                *at += 1;
            }
        }
    }
    drop(next);
    let a = Sparse {
        m,
        n,
        row_pieces: pieces(&row_starts),
        row_starts,
        row_cols,
        row_vals,
        col_pieces: pieces(&col_starts),
        col_starts,
        col_rows,
        col_vals,
    };
    let l = (params.dims + params.oversample).min(m).min(n).max(1);
    let k = params.dims.min(l);
    // the range finder on Aᵀ, with power iterations
    let mut rng = SplitMix(params.seed);
    let omega: Vec<f64> = (0..m * l)
        .map(|_| if rng.next() >> 63 == 0 { 1.0 } else { -1.0 })
        .collect();
    let mut q = orth(a.mul_t(&omega, l, threads), threads);
    drop(omega);
    for _ in 0..params.power_iterations {
        let z = orth(a.mul(&row_major(&q), l, threads), threads);
        q = orth(a.mul_t(&row_major(&z), l, threads), threads);
    }
    // Bᵀ = A Q = Q₂ R; Rᵀ = U Σ Wᵀ; the term–topic matrix is Q U
    let bt = a.mul(&row_major(&q), l, threads);
    let r = super::qr::r(bt, threads);
    let svd = r.transpose().svd(true, false);
    let u = svd.u?;
    let mut order: Vec<usize> = (0..svd.singular_values.len()).collect();
    order.sort_by(|&x, &y| {
        svd.singular_values[y]
            .total_cmp(&svd.singular_values[x])
            .then(x.cmp(&y))
    });
    order.truncate(k);
    let u_k = DMatrix::from_fn(u.nrows(), order.len(), |i, j| u[(i, order[j])]);
    let v = &q * u_k;
    // row-major, `dims` columns (those past the rank stay zero), each topic's sign
    // fixed so that its largest loading is positive
    let dims = params.dims;
    let mut matrix = vec![0.0f32; n * dims];
    for j in 0..v.ncols() {
        let col = v.column(j);
        let big = col
            .iter()
            .copied()
            .fold(0.0f64, |b, x| if x.abs() > b.abs() { x } else { b });
        let sign = if big < 0.0 { -1.0 } else { 1.0 };
        for (i, &x) in col.iter().enumerate() {
            if let Some(dst) = matrix.get_mut(i * dims + j) {
                *dst = (sign * x) as f32;
            }
        }
    }
    // each topic's heaviest terms, both signs (the topics in parallel)
    let topics: Vec<usize> = (0..dims).collect();
    let (heaviest, ()) = par_map_after_by(
        &topics,
        threads,
        1,
        |&j| {
            let mut loads: Vec<(f32, TermId)> = vocab
                .iter()
                .enumerate()
                .map(|(i, &t)| (matrix.get(i * dims + j).copied().unwrap_or(0.0), t))
                .collect();
            loads.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            let pos = loads.iter().take(TOPIC_TERMS).filter(|x| x.0 > 0.0);
            let neg = loads.iter().rev().take(TOPIC_TERMS).filter(|x| x.0 < 0.0);
            [
                pos.map(|x| x.1).collect::<Vec<TermId>>(),
                neg.map(|x| x.1).collect(),
            ]
        },
        || (),
    );
    let mut topic_terms = vec![NO_TERM; dims * 2 * TOPIC_TERMS];
    for (j, sides) in heaviest.iter().enumerate() {
        for (side, list) in sides.iter().enumerate() {
            for (s, &t) in list.iter().enumerate() {
                if let Some(dst) = topic_terms.get_mut((2 * j + side) * TOPIC_TERMS + s) {
                    *dst = t;
                }
            }
        }
    }
    // each row in 8 bits, scaled by its largest loading
    let mut bytes = vec![0i8; n * dims];
    let mut row_scale = vec![0.0f32; n];
    for ((row, out), scale) in matrix
        .chunks_exact(dims)
        .zip(bytes.chunks_exact_mut(dims))
        .zip(&mut row_scale)
    {
        let max = row.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        if max > 0.0 {
            *scale = max / 127.0;
            for (o, &x) in out.iter_mut().zip(row) {
                *o = (x / *scale).round().clamp(-127.0, 127.0) as i8;
            }
        }
    }
    drop(matrix);
    let mut latent = Latent {
        dims: dims as u32,
        terms: vocab,
        matrix: bytes,
        row_scale,
        row_weight: weights,
        vectors: Vec::new(),
        topic_terms,
        fitted: m as u32,
        folded: 0,
        residual_fitted: 0.0,
        residual_folded: 0.0,
    };
    // every article's vector (fitted or not), projected as a fold-in is
    let at: Vec<usize> = (0..rows).collect();
    let projected = par_map(&at, threads, |&i| {
        let (slot, v) = row(i)?;
        let row_of = |t: TermId| {
            let c = *col_of.get(t as usize)?;
            (c != u32::MAX).then_some(c as usize)
        };
        let (q, residual) = match latent.project_by(&v, row_of) {
            Some((p, r)) => (quantise(&p), r),
            None => (vec![0; dims], 1.0),
        };
        Some((slot, q, residual))
    });
    let (mut residual, mut count) = (0.0f64, 0usize);
    for (slot, q, r) in projected.into_iter().flatten() {
        latent.set(slot, &q);
        residual += f64::from(r);
        count += 1;
    }
    latent.residual_fitted = (residual / count.max(1) as f64) as f32;
    latent.fitted = u32::try_from(count).unwrap_or(u32::MAX);
    latent.vectors.shrink_to_fit();
    Some(latent)
}

#[cfg(test)]
mod tests {
    use super::super::cosine;
    use super::*;

    /// Articles over two disjoint vocabularies (terms 0..10 and 10..20), each article a
    /// few terms of its half: two topics separate them.
    fn two_topics(n: usize) -> Vec<(Slot, Vec<TermWeight>)> {
        (0..n)
            .map(|i| {
                let base = if i % 2 == 0 { 0 } else { 10 };
                let v = (0..4)
                    .map(|j| TermWeight::new(base + ((i * 7 + j * 3) % 10) as u32, 1.0 + j as f32))
                    .collect();
                (i as Slot, v)
            })
            .collect()
    }

    fn params(threads: usize) -> FitParams {
        FitParams {
            dims: 4,
            oversample: 4,
            power_iterations: 2,
            seed: 7,
            max_terms: 1000,
            idf_power: 0.0,
            max_rows: usize::MAX,
            threads,
        }
    }

    #[test]
    fn topics_separate_disjoint_vocabularies_and_refit_is_identical() {
        let rows = two_topics(200);
        let get = |i: usize| rows.get(i).cloned();
        let m = fit(rows.len(), get, |_| true, &params(1)).unwrap();
        let (a, b, c) = (
            m.vector(0).unwrap(),
            m.vector(2).unwrap(),
            m.vector(1).unwrap(),
        );
        assert!(cosine(a, b) > 0.5, "{}", cosine(a, b));
        assert!(cosine(a, c).abs() < 0.2, "{}", cosine(a, c));
        // same input, more threads: the same model
        let again = fit(rows.len(), get, |_| true, &params(4)).unwrap();
        assert_eq!(m, again);
        // the columns are orthonormal
        let d = m.dims();
        for x in 0..d {
            for y in 0..d {
                let dot: f32 = (0..m.terms.len())
                    .map(|r| {
                        let s = m.row_scale[r];
                        f32::from(m.matrix[r * d + x]) * s * f32::from(m.matrix[r * d + y]) * s
                    })
                    .sum();
                let want = if x == y { 1.0 } else { 0.0 };
                assert!((dot - want).abs() < 2e-2, "{x} {y} {dot}");
            }
        }
        // a fold-in of a fitted article gets its fitted vector
        let mut f = m.clone();
        f.fold_in(500, &rows[3].1);
        assert_eq!(f.vector(500), m.vector(3));
    }

    #[test]
    fn a_row_cap_fits_on_an_even_spread_and_projects_every_article() {
        assert_eq!(fitted_rows(5, 10), vec![0, 1, 2, 3, 4]);
        assert_eq!(fitted_rows(10, 4), vec![0, 2, 5, 7]);
        let rows = two_topics(400);
        let get = |i: usize| rows.get(i).cloned();
        let capped = FitParams {
            max_rows: 64,
            ..params(2)
        };
        let m = fit(rows.len(), get, |_| true, &capped).unwrap();
        // every article has its vector and counts as fitted, not only the 64 rows
        assert!((0..400).all(|s| m.vector(s).is_some()));
        assert_eq!(m.drift().fitted, 400);
        let (a, b, c) = (
            m.vector(10).unwrap(),
            m.vector(12).unwrap(),
            m.vector(11).unwrap(),
        );
        assert!(cosine(a, b) > 0.5, "{}", cosine(a, b));
        assert!(cosine(a, c).abs() < 0.2, "{}", cosine(a, c));
        // an article outside the matrix gets what a fold-in gives it
        let mut f = m.clone();
        f.fold_in(900, &rows[11].1);
        assert_eq!(f.vector(900), m.vector(11));
        // the cap changes the model: the matrix had other rows
        assert_ne!(m, fit(rows.len(), get, |_| true, &params(2)).unwrap());
    }

    #[test]
    fn idf_weighted_fit_projects_as_it_fits() {
        // a rare term (in 4 of 200 articles) beside the two vocabularies
        let mut rows = two_topics(200);
        for (i, r) in rows.iter_mut().enumerate().filter(|(i, _)| i % 50 == 0) {
            r.1.push(TermWeight::new(30, 1.0 + i as f32 / 100.0));
        }
        let get = |i: usize| rows.get(i).cloned();
        let weighted = FitParams {
            idf_power: 2.0,
            ..params(1)
        };
        let m = fit(rows.len(), get, |_| true, &weighted).unwrap();
        assert_eq!(
            m,
            fit(
                rows.len(),
                get,
                |_| true,
                &FitParams {
                    threads: 4,
                    ..weighted
                }
            )
            .unwrap()
        );
        // the rare term weighs most: ln(200/4)² against ln(200/~40)²
        let w = |t: TermId| m.row_weight[m.terms.binary_search(&t).unwrap()];
        assert!(w(30) > 4.0 * w(0), "{} {}", w(30), w(0));
        let (a, b, c) = (
            m.vector(0).unwrap(),
            m.vector(2).unwrap(),
            m.vector(1).unwrap(),
        );
        assert!(cosine(a, b) > 0.5 && cosine(a, c).abs() < 0.2);
        // a fold-in weighs the terms as the fit did: a fitted article keeps its vector,
        // and what the topics leave out is a share of a unit vector
        let mut f = m.clone();
        f.fold_in(500, &rows[50].1);
        assert_eq!(f.vector(500), m.vector(50));
        let d = f.drift();
        assert!(
            (0.0..=1.0).contains(&d.residual_folded) && (0.0..=1.0).contains(&d.residual_fitted)
        );
    }

    #[test]
    fn pieces_cover_every_row_once_by_about_equal_work() {
        // rows of 1, 2, …, 40 entries
        let mut starts = vec![0usize];
        for r in 1..=40 {
            starts.push(starts[r - 1] + r);
        }
        let cut = pieces(&starts);
        assert_eq!((cut[0], *cut.last().unwrap()), (0, 40));
        assert!(cut.windows(2).all(|w| w[0] < w[1]), "{cut:?}");
        // 820 entries in at most PIECES pieces of at least a row
        let step = 820usize.div_ceil(PIECES);
        for w in cut.windows(2) {
            let work = starts[w[1]] - starts[w[0]];
            assert!(w[1] - w[0] == 1 || work <= step + 40, "{w:?} {work}");
        }
        // a gather cut anywhere sums each row the same
        let idx: Vec<u32> = (0..820).map(|e| (e * 7 % 13) as u32).collect();
        let vals: Vec<f32> = (0..820).map(|e| 1.0 / (1 + e % 11) as f32).collect();
        let x: Vec<f64> = (0..13 * 3).map(|e| (e as f64).sin()).collect();
        let csr = |bounds| Csr {
            starts: &starts,
            idx: &idx,
            vals: &vals,
            bounds,
        };
        let whole = gather(40, csr(&[0, 40]), &x, 3, 1);
        for threads in [1, 2, 3] {
            let cut_up = gather(40, csr(&cut), &x, 3, threads);
            assert_eq!(whole, cut_up);
        }
        assert_eq!(pieces(&[0]), vec![0]);
        assert_eq!(pieces(&[0, 0, 0]), vec![0, 2]);
    }

    #[test]
    fn nothing_to_fit_gives_none_and_tiny_inputs_do_not_panic() {
        assert!(fit(0, |_| None, |_| true, &params(1)).is_none());
        let one = [(0, vec![TermWeight::new(1, 1.0)])];
        assert!(fit(1, |i| one.get(i).cloned(), |_| true, &params(1)).is_none());
        let two = [
            (0, vec![TermWeight::new(1, 1.0)]),
            (5, vec![TermWeight::new(1, 2.0)]),
        ];
        let m = fit(2, |i| two.get(i).cloned(), |_| true, &params(1)).unwrap();
        assert_eq!(m.dims(), 4);
        assert!(m.vector(5).is_some());
        // nothing kept
        assert!(fit(2, |i| two.get(i).cloned(), |_| false, &params(1)).is_none());
    }
}
