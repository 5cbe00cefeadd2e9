//! The latent-topic component of the ranker: fitting the topics over the stored
//! vectors, folding articles in and out, and a candidate's topic contribution.

use super::*;
use crate::retrieval::latent::{cosine, TOPIC_TERMS};

/// Extra random columns of the fit beyond [`Config::latent_dims`].
#[cfg(feature = "latent")]
const OVERSAMPLE: usize = 10;
/// Power iterations of the fit.
#[cfg(feature = "latent")]
const POWER_ITERATIONS: usize = 2;
/// The fit's seed: the same articles and configuration give the same index bytes.
#[cfg(feature = "latent")]
const SEED: u64 = 0x7469_6E74_7563_4C53;
/// Terms of the term–topic matrix at most (the most frequent): 32,000 rows of 32
/// topic bytes, a 4-byte scale, a 4-byte weight and a 4-byte term id are 1.4 MB, 42
/// bytes an article at 33.7k.
#[cfg(feature = "latent")]
const MAX_TERMS: usize = 32_000;
/// The fit weighs each term by its idf squared (on top of the stored vectors' own
/// idf), so that rarer, topical terms rather than frequent ones shape the topics:
/// five-fold cross-validation on VNTC train put p@10 at 0.8502 / 0.8559 / 0.8571 /
/// 0.8608 / 0.8606 / 0.8596 with the powers 0 / 1 / 1.5 / 2 / 2.5 / 3, each at its best
/// [`Config::latent_weight`] (`ARCHITECTURE.md`).
#[cfg(feature = "latent")]
const IDF_POWER: f32 = 2.0;
/// Articles of the fit's matrix at most (spread evenly; the others are projected as a
/// fold-in is): the products' time grows with the rows. At 148.8k articles (VNTC train
/// and baomoi) this cap cuts the fit from 2.96 s to 0.92 s on two cores
/// (`related_build --baomoi --latent-time`); the five-fold
/// cross-validation (about 27k articles a fold) and 33.7k builds fit every article.
#[cfg(feature = "latent")]
const MAX_ROWS: usize = 40_000;
/// A fit needs at least this many articles a topic: below, the topics are the few
/// articles' own syllables again, and add nothing the lexical cosine does not say.
#[cfg(feature = "latent")]
pub(super) const ARTICLES_PER_TOPIC: usize = 8;

/// Whether a term is a syllable (or a number) or a two-syllable word (`thi_đua`): what
/// the topic matrix has rows for. Document numbers (`08/KH-UBND`) are left to the
/// lexical side.
#[cfg(feature = "latent")]
fn is_topic_term(t: &str) -> bool {
    let syllable = |s: &str| !s.is_empty() && s.chars().all(char::is_alphanumeric);
    match t.split_once('_') {
        Some((a, b)) => syllable(a) && syllable(b),
        None => syllable(t),
    }
}

impl Inner {
    /// Fits the latent topics over the indexed articles' stored vectors
    /// ([`Config::latent_weight`] 0: none). Without the `latent` feature the topics
    /// stay as they are.
    pub(super) fn fit_latent(&mut self, threads: usize) {
        #[cfg(feature = "latent")]
        {
            use crate::retrieval::latent::{fit, FitParams};
            if self.config.latent_weight.is_nan() || self.config.latent_weight <= 0.0 {
                self.latent = None;
                return;
            }
            let slots: Vec<u32> = (0..self.docs.len() as u32)
                .filter(|&s| self.doc(s).is_some())
                .collect();
            let dims = self.config.latent_dims.clamp(1, 1024);
            if slots.len() < ARTICLES_PER_TOPIC * dims {
                self.latent = None;
                return;
            }
            let params = FitParams {
                dims,
                oversample: OVERSAMPLE,
                power_iterations: POWER_ITERATIONS,
                seed: SEED,
                max_terms: MAX_TERMS,
                idf_power: IDF_POWER,
                max_rows: MAX_ROWS,
                threads,
            };
            let row = |i: usize| {
                let slot = *slots.get(i)?;
                let d = self.doc(slot)?;
                Some((slot, decode(&d.vec, d.scale)))
            };
            let keep = |t: u32| self.term_str(t).is_some_and(is_topic_term);
            self.latent = fit(slots.len(), row, keep, &params);
        }
        #[cfg(not(feature = "latent"))]
        let _ = threads;
    }

    /// Folds the article at `slot` into the topics (by projection).
    pub(super) fn fold_in_latent(&mut self, slot: u32) {
        if self.latent.is_none() {
            return;
        }
        let Some(v) = self.doc(slot).map(|d| decode(&d.vec, d.scale)) else {
            return;
        };
        if let Some(l) = &mut self.latent {
            l.fold_in(slot, &v);
        }
    }

    /// Forgets the topic vector of a removed article's slot.
    pub(super) fn clear_latent(&mut self, slot: u32) {
        if let Some(l) = &mut self.latent {
            l.clear(slot);
        }
    }

    /// The topic vector of the indexed article at `slot`.
    pub(super) fn latent_of_slot(&self, slot: u32) -> Option<std::borrow::Cow<'_, [i8]>> {
        let v = self.latent.as_ref()?.vector(slot)?;
        Some(std::borrow::Cow::Borrowed(v))
    }

    /// The topic vector of an outside article's TF-IDF vector.
    pub(super) fn latent_of_vec(
        &self,
        vec: &[TermWeight],
    ) -> Option<std::borrow::Cow<'static, [i8]>> {
        let v = self.latent.as_ref()?.quantised(vec);
        v.iter()
            .any(|&x| x != 0)
            .then_some(std::borrow::Cow::Owned(v))
    }

    /// A candidate's latent contribution ([`Config::latent_weight`] × the positive topic
    /// cosine) and, with `words`, the strongest shared topic's syllables. `slot`: the
    /// candidate's, when it is among the [`Config::latent_candidates`] best.
    pub(super) fn latent_part(
        &self,
        q: &Query<'_>,
        slot: Option<u32>,
        words: bool,
    ) -> (f32, Vec<Word>) {
        let w = self.config.latent_weight;
        let (Some(slot), Some(qv), Some(l)) = (slot, q.latent.as_deref(), self.latent.as_ref())
        else {
            return (0.0, Vec::new());
        };
        let Some(dv) = l.vector(slot).filter(|_| w > 0.0) else {
            return (0.0, Vec::new());
        };
        let cos = cosine(qv, dv);
        if cos.is_nan() || cos <= 0.0 {
            return (0.0, Vec::new());
        }
        let topic = if words {
            let mut topic = Vec::with_capacity(TOPIC_TERMS);
            topic.extend(
                l.shared_topic(qv, dv)
                    .filter_map(|t| self.term_str(t).map(super::query::display_word)),
            );
            topic
        } else {
            Vec::new()
        };
        (w * cos, topic)
    }
}
