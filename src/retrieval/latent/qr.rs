//! The fit's tall QRs with their columns updated in parallel: nalgebra's Householder QR
//! (`QR::new`, `QR::q`, `QR::r`) step for step, each reflection applied to the columns
//! right of it by the pool, one column per task. A column's update is the same nalgebra
//! operations on the same numbers whichever worker runs it, so the factors are nalgebra's
//! to the bit whatever the thread count (the tests compare them).

use nalgebra::linalg::householder::reflection_axis_mut;
use nalgebra::{ComplexField, DMatrix, DVectorView, DVectorViewMut, Reflection, Unit};
use rayon::prelude::*;

/// Columns below which a reflection is applied on this thread (a task costs more).
const MIN_PARALLEL_ROWS: usize = 4096;

/// Applies the reflection of `axis` (a unit vector, `rows` long) with `sign` to the last
/// `rows` entries of every column in `cols` (column-major, `m` rows a column).
fn reflect_columns(axis: &[f64], sign: f64, cols: &mut [f64], m: usize, threads: usize) {
    let rows = axis.len();
    if m == 0 || rows == 0 {
        return;
    }
    let refl = Reflection::new(
        Unit::new_unchecked(DVectorView::from_slice(axis, rows)),
        0.0,
    );
    let one = |col: &mut [f64]| {
        let start = col.len().saturating_sub(rows);
        if let Some(tail) = col.get_mut(start..) {
            let mut v = DVectorViewMut::from_slice(tail, rows);
            refl.reflect_with_sign(&mut v, sign);
        }
    };
    if threads <= 1 || rows < MIN_PARALLEL_ROWS {
        cols.chunks_mut(m).for_each(one);
    } else {
        cols.par_chunks_mut(m).with_min_len(1).for_each(one);
    }
}

/// The Householder factorisation of `a` (m × n) as `QR::new` leaves it: the reflection
/// axes below the diagonal, `R` above it, and the diagonal's signed norms.
fn factor(mut a: DMatrix<f64>, threads: usize) -> (DMatrix<f64>, Vec<f64>) {
    let (m, n) = a.shape();
    let k = m.min(n);
    let mut diag = Vec::with_capacity(k);
    let data = a.as_mut_slice();
    for i in 0..k {
        let (left, right) = data.split_at_mut((i + 1) * m);
        let Some(col) = left.get_mut(i * m + i..) else {
            break;
        };
        let rows = col.len();
        let (norm, reflects) = reflection_axis_mut(&mut DVectorViewMut::from_slice(col, rows));
        diag.push(norm);
        if reflects {
            reflect_columns(col, ComplexField::signum(norm), right, m, threads);
        }
    }
    (a, diag)
}

/// `a.qr().q()`: the thin `Q` (m × min(m, n)) of `a`.
pub(super) fn q(a: DMatrix<f64>, threads: usize) -> DMatrix<f64> {
    let (m, n) = a.shape();
    let k = m.min(n);
    let (qr, diag) = factor(a, threads);
    let mut res = DMatrix::<f64>::identity(m, k);
    let axes = qr.as_slice();
    let out = res.as_mut_slice();
    for i in (0..k).rev() {
        let (Some(axis), Some(cols), Some(&d)) = (
            axes.get(i * m + i..(i + 1) * m),
            out.get_mut(i * m..),
            diag.get(i),
        ) else {
            continue;
        };
        reflect_columns(axis, ComplexField::signum(d), cols, m, threads);
    }
    res
}

/// `a.qr().r()`: the upper trapezoidal `R` (min(m, n) × n) of `a`.
pub(super) fn r(a: DMatrix<f64>, threads: usize) -> DMatrix<f64> {
    let (m, n) = a.shape();
    let k = m.min(n);
    let (qr, diag) = factor(a, threads);
    let mut res = qr.rows(0, k).upper_triangle();
    res.set_partial_diagonal(diag.iter().map(|e| e.abs()));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded matrix with some structure (and an exactly zero column, whose
    /// reflection is skipped).
    fn matrix(m: usize, n: usize, seed: u64) -> DMatrix<f64> {
        let mut x = seed;
        DMatrix::from_fn(m, n, |i, j| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            if j == 2 {
                0.0
            } else {
                ((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * (1.0 + (i % 7) as f64)
            }
        })
    }

    #[test]
    fn the_same_bits_as_nalgebra_whatever_the_thread_count() {
        for (m, n) in [(5000, 12), (300, 9), (9, 9), (4, 7), (1, 3), (0, 2)] {
            let a = matrix(m, n, (m * 31 + n) as u64);
            let bits = |x: &DMatrix<f64>| -> (usize, usize, Vec<u64>) {
                (
                    x.nrows(),
                    x.ncols(),
                    x.iter().map(|v| v.to_bits()).collect(),
                )
            };
            let (want_q, want_r) = (bits(&a.clone().qr().q()), bits(&a.clone().qr().r()));
            for threads in [1, 2, 3] {
                assert_eq!(bits(&q(a.clone(), threads)), want_q, "q {m}x{n} {threads}");
                assert_eq!(bits(&r(a.clone(), threads)), want_r, "r {m}x{n} {threads}");
            }
        }
    }
}
