//! TF-IDF term weights: saturated term frequency, floored IDF, pruning, L2 norm.

use crate::retrieval::analysis::Analysed;
use crate::retrieval::prefetch::read_ahead;
use crate::retrieval::termdict::Sketch;

/// The settings weighting reads (the weighting side of `related::Config`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct WeighParams {
    /// BM25's `k₁`; 0 or less: `1 + ln tf`.
    pub(crate) tf_saturation: f32,
    /// Document frequencies below this share of the articles count as this share.
    pub(crate) idf_floor: f32,
    /// Terms kept per vector (its heaviest).
    pub(crate) vector_terms: usize,
}

/// The term-frequency factor of a weight: BM25's saturation `tf (k₁ + 1) / (tf + k₁)`
/// for `k1 > 0` ([`WeighParams::tf_saturation`]), else the logarithmic `1 + ln tf`.
pub(crate) fn sublinear(tf: f32, k1: f32) -> f32 {
    let tf = tf.max(0.0);
    if k1 > 0.0 {
        tf * (k1 + 1.0) / (tf + k1)
    } else if tf >= 1.0 {
        1.0 + tf.ln()
    } else {
        tf
    }
}

/// An analysed article's term (by its entry index in the analysis) and its weight: the
/// weights exist before the terms have ids.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct EntryWeight {
    pub(crate) entry: u32,
    pub(crate) weight: f32,
}

/// TF-IDF weights of an analysed article's terms with the statistics `df` over `live`
/// articles, pruned to [`WeighParams::vector_terms`] and L2-normalised, in a
/// deterministic order.
///
/// Terms no other article has cannot match anything and are left out
/// (`counted`: the article itself is already in the statistics).
pub(crate) fn weigh_entries(
    df: &Sketch,
    live: u32,
    params: &WeighParams,
    analyzed: Analysed<'_>,
    counted: bool,
    tables: Option<&WeighTables>,
) -> Vec<EntryWeight> {
    let n = live.max(1) as f32;
    let min_df = if counted { 2 } else { 1 };
    if tables.is_some() {
        // the article's counters read ahead (the counter array is larger than the caches)
        read_ahead(
            analyzed
                .hashes()
                .map(|(h, _)| df.rows.get(Sketch::slot(h)).copied().unwrap_or(0)),
        );
    }
    let mut v: Vec<EntryWeight> = Vec::with_capacity(analyzed.len());
    v.extend(analyzed.hashes().enumerate().filter_map(|(i, (h, tf))| {
        let df = df.get(h);
        (df >= min_df).then(|| {
            let idf = match tables.and_then(|t| t.idf.get(df as usize)) {
                Some(&idf) => idf,
                None => idf_of(df, n, params),
            };
            let sub = match tables {
                // weighted frequencies are mostly small whole numbers
                Some(t) if tf >= 0.0 && (tf as usize) < t.sub.len() && tf as usize as f32 == tf => {
                    t.sub
                        .get(tf as usize)
                        .copied()
                        .unwrap_or_else(|| sublinear(tf, params.tf_saturation))
                }
                _ => sublinear(tf, params.tf_saturation),
            };
            EntryWeight {
                entry: i as u32,
                weight: sub * idf,
            }
        })
    }));
    let keep = params.vector_terms.max(1);
    if v.len() > keep {
        v.select_nth_unstable_by(keep - 1, |a, b| b.weight.total_cmp(&a.weight));
        v.truncate(keep);
    }
    let norm = v.iter().map(|x| x.weight * x.weight).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            x.weight /= norm;
        }
    }
    v
}

/// A build's lookup tables for [`weigh_entries`] (same results, less work).
pub(crate) struct WeighTables {
    /// IDF of every counter value (the counters are 16-bit): one logarithm per value,
    /// not per term.
    pub(crate) idf: Vec<f32>,
    /// `sublinear(tf, k1)` of the whole numbers `tf` below 64.
    pub(crate) sub: Vec<f32>,
}

impl WeighTables {
    pub(crate) fn new(n: f32, params: &WeighParams) -> Self {
        let idf = (0..=u32::from(u16::MAX))
            .map(|d| idf_of(d, n, params))
            .collect();
        let sub = (0..64u8)
            .map(|tf| sublinear(f32::from(tf), params.tf_saturation))
            .collect();
        WeighTables { idf, sub }
    }
}

/// Inverse document frequency of a term in `df` of `n` articles.
pub(crate) fn idf_of(df: u32, n: f32, params: &WeighParams) -> f32 {
    let df_eff = (df as f32).max(params.idf_floor * n);
    (1.0 + n / df_eff).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_pruned_and_unit_length() {
        let mut all = crate::retrieval::analysis::Analyses::default();
        let mut a = crate::model::Article::new(
            "a".parse().unwrap(),
            "Thi đua khen thưởng".into(),
            "a".parse().unwrap(),
        );
        a.body = vec![crate::model::Block::paragraph(
            "Hội nghị sơ kết phong trào thi đua khen thưởng sáu tháng đầu năm.",
        )];
        all.push(&a, &Default::default());
        let view = all.view();
        let mut df = Sketch::new();
        for (h, _) in view.hashes() {
            df.add(h);
            df.add(h); // as if another article had every term
        }
        let params = WeighParams {
            tf_saturation: 1.2,
            idf_floor: 0.04,
            vector_terms: 5,
        };
        let plain = weigh_entries(&df, 10, &params, view, true, None);
        assert_eq!(plain.len(), 5);
        let norm: f32 = plain.iter().map(|x| x.weight * x.weight).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        // the build's tables give the same weights
        let tables = WeighTables::new(10.0, &params);
        assert_eq!(
            weigh_entries(&df, 10, &params, view, true, Some(&tables)),
            plain
        );
        // terms only this article has (df 1 when counted) are left out
        assert!(weigh_entries(&Sketch::new(), 10, &params, view, true, None).is_empty());
    }

    #[test]
    fn idf_is_floored() {
        let params = WeighParams {
            tf_saturation: 1.2,
            idf_floor: 0.1,
            vector_terms: 240,
        };
        // below 10 % of 1,000 articles every frequency weighs as 100
        assert_eq!(idf_of(1, 1000.0, &params), idf_of(100, 1000.0, &params));
        assert!(idf_of(500, 1000.0, &params) < idf_of(100, 1000.0, &params));
    }
}
