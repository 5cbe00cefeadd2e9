//! Latent topics (LSA): a term–topic matrix from a truncated SVD of the article × term
//! (syllables and two-syllable words) TF-IDF matrix, and one 8-bit topic vector per
//! article. Two articles about
//! one event in different words (`tăng giá` / `leo thang`) share few terms but load on
//! the same topics; their topic cosine says so.
//!
//! This module owns the stored model: the matrix rows (by term id) and their weights, the
//! per-slot vectors, the projection that folds an article in, the cosine of two
//! vectors, each topic's heaviest terms, and the drift since the fit. The fit itself
//! (`fit`, feature `latent`) needs a linear-algebra crate; everything here does not,
//! so an index with topics loads, ranks and folds in without the feature.

#[cfg(feature = "latent")]
mod fit;
#[cfg(feature = "latent")]
mod qr;

#[cfg(feature = "latent")]
pub(crate) use fit::{fit, FitParams};

use serde::{Deserialize, Serialize};

use super::{Slot, TermId, TermWeight};

/// Terms listed per topic and sign (the explanation's "cùng chủ đề" words).
pub(crate) const TOPIC_TERMS: usize = 3;

/// No term (a topic with fewer loaded terms than [`TOPIC_TERMS`]).
const NO_TERM: TermId = TermId::MAX;

/// The fitted model and the articles' topic vectors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Latent {
    /// Topics (columns of the matrix, bytes of a vector).
    dims: u32,
    /// The term ids of the matrix rows, ascending.
    terms: Vec<TermId>,
    /// Term–topic matrix, row-major: row `r` holds `terms[r]`'s loading on each topic
    /// (orthonormal columns: right singular vectors of the TF-IDF matrix), in 8 bits:
    /// `matrix[r·dims + j] · row_scale[r]` (a byte a loading keeps the matrix at a
    /// quarter of `f32`'s size; the article vectors are 8-bit anyway).
    matrix: Vec<i8>,
    /// Per row, the loading of one step of its bytes.
    row_scale: Vec<f32>,
    /// Per row, the weight its term's TF-IDF weight gets before the projection (the
    /// fit's column weight, a power of the term's idf; empty: 1 for every row).
    #[serde(default)]
    row_weight: Vec<f32>,
    /// Per slot, `dims` signed bytes: the article's projection scaled to ±127 (all
    /// zero: no vector — no term of the model, or an empty slot).
    vectors: Vec<i8>,
    /// Per topic, [`TOPIC_TERMS`] terms of highest positive loading, then as many of
    /// the most negative ([`NO_TERM`] pads).
    topic_terms: Vec<TermId>,
    /// Articles indexed when the model was fitted (its matrix holds at most
    /// [`FitParams::max_rows`] of them; all were projected).
    fitted: u32,
    /// Articles projected since the fit (inserts and updates).
    folded: u32,
    /// Mean share of such an article's (unit, weighted) vector of the model's terms the
    /// topics leave out.
    residual_fitted: f32,
    /// Sum of that share over the folded articles.
    residual_folded: f64,
}

/// How far the articles added since the fit have moved from it ([`Latent::drift`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Drift {
    pub(crate) fitted: usize,
    pub(crate) folded: usize,
    pub(crate) residual_fitted: f32,
    pub(crate) residual_folded: f32,
}

impl Latent {
    /// Topics per article.
    pub(crate) fn dims(&self) -> usize {
        self.dims as usize
    }

    /// Row `r` of the matrix, its scale and its weight.
    fn row_at(&self, r: usize) -> Option<(&[i8], f32, f32)> {
        let d = self.dims();
        let weight = if self.row_weight.is_empty() {
            1.0
        } else {
            *self.row_weight.get(r)?
        };
        Some((
            self.matrix.get(r * d..(r + 1) * d)?,
            *self.row_scale.get(r)?,
            weight,
        ))
    }

    /// The projection of a TF-IDF vector onto the topics (its terms of the model,
    /// weighted as the fit weighted them and re-normalised to unit length) and the share
    /// of that unit vector the topics leave out; `None` when it has none of the model's
    /// terms.
    pub(crate) fn project(&self, vec: &[TermWeight]) -> Option<(Vec<f32>, f32)> {
        self.project_by(vec, |t| self.terms.binary_search(&t).ok())
    }

    /// [`Latent::project`] with each term's row found by `row_of` (the fit's dense
    /// table: a binary search per term is a third of projecting every article).
    fn project_by(
        &self,
        vec: &[TermWeight],
        row_of: impl Fn(TermId) -> Option<usize>,
    ) -> Option<(Vec<f32>, f32)> {
        let mut p = vec![0.0f32; self.dims()];
        let mut norm = 0.0f32;
        for x in vec {
            let Some((row, scale, weight)) = row_of(x.term).and_then(|r| self.row_at(r)) else {
                continue;
            };
            let x = x.weight * weight;
            norm += x * x;
            let w = x * scale;
            for (a, &v) in p.iter_mut().zip(row) {
                *a += w * f32::from(v);
            }
        }
        if norm <= 0.0 {
            return None;
        }
        let inv = 1.0 / norm.sqrt();
        let mut kept = 0.0f32;
        for a in &mut p {
            *a *= inv;
            kept += *a * *a;
        }
        Some((p, (1.0 - kept).max(0.0)))
    }

    /// The 8-bit vector of a TF-IDF vector (all zero: none of the model's terms).
    pub(crate) fn quantised(&self, vec: &[TermWeight]) -> Vec<i8> {
        self.project(vec)
            .map_or_else(|| vec![0; self.dims()], |(p, _)| quantise(&p))
    }

    /// The stored vector of `slot`, if it has one.
    pub(crate) fn vector(&self, slot: Slot) -> Option<&[i8]> {
        let d = self.dims();
        let v = self
            .vectors
            .get(slot as usize * d..(slot as usize + 1) * d)?;
        v.iter().any(|&x| x != 0).then_some(v)
    }

    /// The stored bytes of `slot` (all zero: no vector), to read them ahead of a loop.
    pub(crate) fn stored(&self, slot: Slot) -> Option<&[i8]> {
        let d = self.dims();
        self.vectors.get(slot as usize * d..(slot as usize + 1) * d)
    }

    fn set(&mut self, slot: Slot, v: &[i8]) {
        let d = self.dims();
        let end = (slot as usize + 1) * d;
        if self.vectors.len() < end {
            self.vectors.resize(end, 0);
        }
        if let Some(dst) = self.vectors.get_mut(end - d..end) {
            dst.copy_from_slice(v);
        }
    }

    /// Folds an article in at `slot`: its projection onto the fitted topics.
    pub(crate) fn fold_in(&mut self, slot: Slot, vec: &[TermWeight]) {
        let (v, residual) = match self.project(vec) {
            Some((p, r)) => (quantise(&p), r),
            None => (vec![0; self.dims()], 1.0),
        };
        self.set(slot, &v);
        self.folded = self.folded.saturating_add(1);
        self.residual_folded += f64::from(residual);
    }

    /// Forgets the vector of `slot` (its article was removed).
    pub(crate) fn clear(&mut self, slot: Slot) {
        let d = self.dims();
        if let Some(v) = self
            .vectors
            .get_mut(slot as usize * d..(slot as usize + 1) * d)
        {
            v.fill(0);
        }
    }

    /// The strongest topic two vectors share (largest positive product of their
    /// coordinates) as its heaviest terms on their side of it.
    pub(crate) fn shared_topic(&self, a: &[i8], b: &[i8]) -> impl Iterator<Item = TermId> + '_ {
        let best = a
            .iter()
            .zip(b)
            .enumerate()
            .map(|(j, (&x, &y))| (j, i32::from(x) * i32::from(y), x > 0))
            .filter(|&(_, p, _)| p > 0)
            .max_by(|l, r| l.1.cmp(&r.1).then(r.0.cmp(&l.0)));
        let terms = best.map_or(&[][..], |(j, _, positive)| {
            let at = (2 * j + usize::from(!positive)) * TOPIC_TERMS;
            self.topic_terms
                .get(at..at + TOPIC_TERMS)
                .unwrap_or_default()
        });
        terms.iter().copied().filter(|&t| t != NO_TERM)
    }

    /// How far the folded articles have moved from the fit.
    pub(crate) fn drift(&self) -> Drift {
        let folded = self.folded as usize;
        Drift {
            fitted: self.fitted as usize,
            folded,
            residual_fitted: self.residual_fitted,
            residual_folded: if folded == 0 {
                0.0
            } else {
                (self.residual_folded / folded as f64) as f32
            },
        }
    }

    /// Heap bytes.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.terms.capacity() * 4
            + self.matrix.capacity()
            + self.row_scale.capacity() * 4
            + self.row_weight.capacity() * 4
            + self.vectors.capacity()
            + self.topic_terms.capacity() * 4
    }
}

/// Cosine of two 8-bit vectors (0 when either is all zero).
pub(crate) fn cosine(a: &[i8], b: &[i8]) -> f32 {
    let (mut ab, mut aa, mut bb) = (0i32, 0i32, 0i32);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (i32::from(x), i32::from(y));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0 || bb == 0 {
        return 0.0;
    }
    ab as f32 / ((aa as f32).sqrt() * (bb as f32).sqrt())
}

/// A projection scaled so that its largest coordinate is ±127, rounded.
pub(crate) fn quantise(p: &[f32]) -> Vec<i8> {
    let max = p.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if max <= 0.0 || !max.is_finite() {
        return vec![0; p.len()];
    }
    let s = 127.0 / max;
    p.iter()
        .map(|&x| (x * s).round().clamp(-127.0, 127.0) as i8)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two topics over four syllables: 1, 2 on the first, 3, 4 on the second.
    fn model() -> Latent {
        let h = std::f32::consts::FRAC_1_SQRT_2;
        Latent {
            dims: 2,
            terms: vec![1, 2, 3, 4],
            matrix: vec![127, 0, 127, 0, 0, 127, 0, -127],
            row_scale: vec![h / 127.0; 4],
            row_weight: Vec::new(),
            vectors: Vec::new(),
            topic_terms: vec![
                1, 2, NO_TERM, NO_TERM, NO_TERM, NO_TERM, 3, NO_TERM, NO_TERM, 4, NO_TERM, NO_TERM,
            ],
            fitted: 2,
            folded: 0,
            residual_fitted: 0.0,
            residual_folded: 0.0,
        }
    }

    #[test]
    fn articles_in_different_words_of_one_topic_have_cosine_one() {
        let m = model();
        let a = m.quantised(&[TermWeight::new(1, 1.0), TermWeight::new(9, 5.0)]);
        let b = m.quantised(&[TermWeight::new(2, 0.3)]);
        assert!((cosine(&a, &b) - 1.0).abs() < 1e-6);
        let c = m.quantised(&[TermWeight::new(3, 1.0)]);
        assert!(cosine(&a, &c).abs() < 1e-6);
        assert_eq!(m.shared_topic(&a, &b).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(m.shared_topic(&a, &c).count(), 0);
        // the negative side of topic 2
        let d = m.quantised(&[TermWeight::new(4, 1.0)]);
        assert_eq!(m.shared_topic(&d, &d).collect::<Vec<_>>(), vec![4]);
        // no syllable of the model: no vector, cosine 0
        let none = m.quantised(&[TermWeight::new(9, 1.0)]);
        assert_eq!(cosine(&a, &none), 0.0);
    }

    #[test]
    fn fold_in_stores_clears_and_counts_drift() {
        let mut m = model();
        m.fold_in(3, &[TermWeight::new(1, 1.0), TermWeight::new(3, 1.0)]);
        assert_eq!(m.vector(3), Some(&[127i8, 127][..]));
        assert_eq!(m.vector(0), None);
        let d = m.drift();
        assert_eq!((d.fitted, d.folded), (2, 1));
        // each syllable loads 1/√2 on its topic: half of the unit vector is left out
        assert!((d.residual_folded - 0.5).abs() < 1e-6);
        // no syllable of the model: all of it
        m.fold_in(4, &[TermWeight::new(9, 1.0)]);
        assert!((m.drift().residual_folded - 0.75).abs() < 1e-6);
        m.clear(3);
        assert_eq!(m.vector(3), None);
        assert!(m.memory_bytes() >= 5 * 2);
    }

    #[test]
    fn quantise_keeps_direction_and_zero() {
        assert_eq!(quantise(&[0.5, -0.25, 0.0]), vec![127, -64, 0]);
        assert_eq!(quantise(&[0.0, 0.0]), vec![0, 0]);
        assert_eq!(quantise(&[f32::NAN, 1.0]), vec![0, 127]);
    }
}
