//! Document frequencies: a fixed-size hashed counter array, and per-article lists of
//! the counters an article added to (for exact removals).

use serde::{Deserialize, Serialize};

use crate::retrieval::analysis::Analysed;

/// log2 of the number of document-frequency counters.
pub(crate) const SKETCH_BITS: u32 = 22;

/// Document frequencies in a fixed-size hashed counter array (2^22 saturating 16-bit
/// counters, 8 MiB; a one-row count-min sketch): every term ever seen is counted without
/// keeping its string. Never under-counts; a collision adds a rare term's count to
/// another's. Removals and updates subtract only with [`Config::exact_edits`] (which
/// keeps each article's list of counter slots); otherwise a rebuild refreshes them.
#[derive(Debug, Clone)]
pub(crate) struct Sketch {
    pub(crate) rows: Vec<u16>,
}

/// Serialised sparsely: `[[slot, count], ...]` for the non-zero counters.
impl Serialize for Sketch {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let nonzero = self.rows.iter().filter(|&&c| c != 0).count();
        let mut seq = s.serialize_seq(Some(nonzero))?;
        for (i, &c) in self.rows.iter().enumerate() {
            if c != 0 {
                seq.serialize_element(&(i as u32, c))?;
            }
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for Sketch {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pairs: Vec<(u32, u16)> = Vec::deserialize(d)?;
        let mut sketch = Sketch::new();
        for (i, c) in pairs {
            match sketch.rows.get_mut(i as usize) {
                Some(slot) => *slot = c,
                None => {
                    return Err(serde::de::Error::custom(format!(
                        "related index: sketch slot {i} out of range"
                    )))
                }
            }
        }
        Ok(sketch)
    }
}

impl Sketch {
    pub(crate) fn new() -> Self {
        Sketch {
            rows: vec![0; 1 << SKETCH_BITS],
        }
    }
    pub(crate) fn slot(h: u64) -> usize {
        // high bits: FNV-1a mixes them best
        (h >> (64 - SKETCH_BITS)) as usize
    }
    pub(crate) fn get(&self, h: u64) -> u32 {
        u32::from(self.rows.get(Self::slot(h)).copied().unwrap_or(0))
    }
    pub(crate) fn add(&mut self, h: u64) {
        if let Some(c) = self.rows.get_mut(Self::slot(h)) {
            *c = c.saturating_add(1);
        }
    }
    /// Undoes an `add` to `slot` (a saturated counter stays saturated: its true count is
    /// unknown).
    pub(crate) fn sub_slot(&mut self, slot: usize) {
        if let Some(c) = self.rows.get_mut(slot) {
            if *c != u16::MAX {
                *c = c.saturating_sub(1);
            }
        }
    }
}

/// The counter slots of an article's terms, sorted, as LEB128 gaps.
pub(crate) fn encode_slots(analyzed: Analysed<'_>) -> Box<[u8]> {
    let mut slots: Vec<u32> = analyzed
        .hashes()
        .map(|(h, _)| Sketch::slot(h) as u32)
        .collect();
    slots.sort_unstable();
    let mut out = Vec::with_capacity(slots.len() * 2);
    let mut prev = 0u32;
    for s in slots {
        let mut gap = s - prev;
        prev = s;
        loop {
            let b = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
    }
    out.into_boxed_slice()
}

pub(crate) fn for_each_slot(bytes: &[u8], mut f: impl FnMut(usize)) {
    let (mut prev, mut gap, mut shift) = (0u32, 0u32, 0u32);
    for &b in bytes {
        gap |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        shift += 7;
        if b & 0x80 == 0 {
            prev = prev.wrapping_add(gap);
            f(prev as usize);
            gap = 0;
            shift = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_saturate_undo_and_round_trip() {
        let mut s = Sketch::new();
        let h = 0xDEAD_BEEF_0000_0001u64;
        s.add(h);
        s.add(h);
        assert_eq!(s.get(h), 2);
        s.sub_slot(Sketch::slot(h));
        assert_eq!(s.get(h), 1);
        // a saturated counter stays saturated: its true count is unknown
        let g = 0x1234_5678_9ABC_DEF0u64;
        for _ in 0..u32::from(u16::MAX) + 3 {
            s.add(g);
        }
        s.sub_slot(Sketch::slot(g));
        assert_eq!(s.get(g), u32::from(u16::MAX));
        let json = serde_json::to_string(&s).unwrap();
        let back: Sketch = serde_json::from_str(&json).unwrap();
        assert_eq!(back.rows, s.rows);
        assert!(serde_json::from_str::<Sketch>("[[4294967295, 1]]").is_err());
    }

    #[test]
    fn slot_lists_round_trip() {
        let mut all = crate::retrieval::analysis::Analyses::default();
        let mut a = crate::model::Article::new(
            "a".parse().unwrap(),
            "Thi đua khen thưởng".into(),
            "a".parse().unwrap(),
        );
        a.body = vec![crate::model::Block::paragraph("Sơ kết thi đua.")];
        all.push(&a, &Default::default());
        let view = all.view();
        let mut want: Vec<usize> = view.hashes().map(|(h, _)| Sketch::slot(h)).collect();
        want.sort_unstable();
        let mut got = Vec::new();
        for_each_slot(&encode_slots(view), |s| got.push(s));
        assert_eq!(got, want);
    }
}
