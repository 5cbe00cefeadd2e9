//! The index's serialised form.

use super::*;

impl Serialize for Index {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.inner.as_ref().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Index {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut inner = Inner::deserialize(d)?;
        if inner.weighting < SATURATED_TF {
            // saved before `tf_saturation`: its vectors are `1 + ln tf` weighted
            inner.config.tf_saturation = 0.0;
        }
        if inner.weighting < WEIGHTED_BIGRAMS {
            // saved before `bigram_weight`: its bigrams count as much as syllables
            inner.config.bigram_weight = 1.0;
        }
        inner.rebuild_term_ids();
        inner.rebuild_by_id();
        Ok(Index {
            inner: Arc::new(inner),
        })
    }
}
