//! Differences between two versions of an article: which fields changed, and for the
//! body which blocks were added, removed or changed.
//!
//! Field names are the article's JSON field names, found by comparing the two versions'
//! JSON objects key by key, so every field the model has (now or later) is covered.
//! Body blocks are aligned by a longest common subsequence over whole blocks; a removed
//! block directly followed by an added one is reported as one changed block.

use serde::{Deserialize, Serialize};

use super::{Article, Block};

/// Bodies whose differing middle (after trimming the common prefix and suffix) would
/// need an alignment table larger than this many cells are not aligned: every block of
/// the middle is reported as changed, added or removed by position. Keeps a diff of two
/// huge bodies linear in memory.
pub const MAX_ALIGN_CELLS: usize = 4_000_000;

/// One edit to the body, by block index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BlockEdit {
    /// `new[new_index]` has no counterpart in the old body.
    Added {
        /// Index in the new body.
        new_index: usize,
        /// The block.
        block: Block,
    },
    /// `old[old_index]` has no counterpart in the new body.
    Removed {
        /// Index in the old body.
        old_index: usize,
        /// The block.
        block: Block,
    },
    /// `old[old_index]` became `new[new_index]`.
    Changed {
        /// Index in the old body.
        old_index: usize,
        /// Index in the new body.
        new_index: usize,
        /// The old block.
        old: Block,
        /// The new block.
        new: Block,
    },
}

/// What differs between two versions of an article; see [`diff`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ArticleDiff {
    /// JSON names of the fields that differ (`"body"`, `"tags"`, `"title"`, …), in
    /// alphabetical order.
    pub fields: Vec<String>,
    /// The body's edits, in reading order; empty when the bodies are equal.
    pub blocks: Vec<BlockEdit>,
}

impl ArticleDiff {
    /// Whether the two versions are equal.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// Compares two versions of an article.
///
/// ```
/// use tintuc::model::{diff, Article, Block, BlockEdit};
///
/// let mut old = Article::new("a1".parse()?, "Hội nghị".into(), "hoi-nghi".parse()?);
/// old.body = vec![Block::paragraph("Mở đầu."), Block::paragraph("Kết luận.")];
/// let mut new = old.clone();
/// new.title = "Hội nghị sơ kết".into();
/// new.body.insert(1, Block::paragraph("Diễn biến."));
///
/// let d = diff(&old, &new);
/// assert_eq!(d.fields, ["body", "title"]);
/// assert!(matches!(&d.blocks[..], [BlockEdit::Added { new_index: 1, .. }]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(old: &Article, new: &Article) -> ArticleDiff {
    ArticleDiff {
        fields: changed_fields(Some(old), Some(new)),
        blocks: diff_blocks(&old.body, &new.body),
    }
}

/// JSON names of the fields that differ between two versions, in alphabetical order.
/// A missing version (`None`: before creation, after deletion) counts as having no
/// fields, so every field the other version sets is listed.
///
/// ```
/// use tintuc::model::{changed_fields, Article};
/// let a = Article::new("a1".parse()?, "Tin".into(), "tin".parse()?);
/// let mut b = a.clone();
/// b.tags.push("thời sự".into());
/// assert_eq!(changed_fields(Some(&a), Some(&b)), ["tags"]);
/// assert!(changed_fields(None, Some(&a)).contains(&"title".to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn changed_fields(old: Option<&Article>, new: Option<&Article>) -> Vec<String> {
    let old = old.map(fields_of).unwrap_or_default();
    let new = new.map(fields_of).unwrap_or_default();
    let mut out: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(
        old.keys()
            .filter(|k| !new.contains_key(k.as_str()))
            .cloned(),
    );
    out.sort_unstable();
    out
}

/// The article's JSON object. Serialising an [`Article`] cannot fail (every key is a
/// string, every value plain data), so a failure yields no fields rather than a panic.
fn fields_of(a: &Article) -> serde_json::Map<String, serde_json::Value> {
    match serde_json::to_value(a) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

/// The edits turning body `old` into body `new`, in reading order.
///
/// ```
/// use tintuc::model::{diff_blocks, Block, BlockEdit};
/// let old = vec![Block::paragraph("Một."), Block::paragraph("Hai.")];
/// let new = vec![Block::paragraph("Một."), Block::paragraph("Hai, sửa.")];
/// assert!(matches!(
///     &diff_blocks(&old, &new)[..],
///     [BlockEdit::Changed { old_index: 1, new_index: 1, .. }]
/// ));
/// ```
pub fn diff_blocks(old: &[Block], new: &[Block]) -> Vec<BlockEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old_rest[..old_rest.len() - suffix];
    let new_mid = &new_rest[..new_rest.len() - suffix];
    let steps = align(old_mid, new_mid);
    let mut out = Vec::new();
    let mut pending_removed: Vec<usize> = Vec::new();
    let mut pending_added: Vec<usize> = Vec::new();
    let flush = |out: &mut Vec<BlockEdit>, removed: &mut Vec<usize>, added: &mut Vec<usize>| {
        // Pair removals with additions in order: each pair is one changed block.
        let paired = removed.len().min(added.len());
        for (&i, &j) in removed.iter().zip(added.iter()) {
            out.push(BlockEdit::Changed {
                old_index: prefix + i,
                new_index: prefix + j,
                old: old_mid[i].clone(),
                new: new_mid[j].clone(),
            });
        }
        for &i in &removed[paired..] {
            out.push(BlockEdit::Removed {
                old_index: prefix + i,
                block: old_mid[i].clone(),
            });
        }
        for &j in &added[paired..] {
            out.push(BlockEdit::Added {
                new_index: prefix + j,
                block: new_mid[j].clone(),
            });
        }
        removed.clear();
        added.clear();
    };
    for step in steps {
        match step {
            Step::Keep => flush(&mut out, &mut pending_removed, &mut pending_added),
            Step::Remove(i) => pending_removed.push(i),
            Step::Add(j) => pending_added.push(j),
        }
    }
    flush(&mut out, &mut pending_removed, &mut pending_added);
    out
}

enum Step {
    Keep,
    Remove(usize),
    Add(usize),
}

/// Longest-common-subsequence alignment of two block lists, as a script of steps.
fn align(old: &[Block], new: &[Block]) -> Vec<Step> {
    let (n, m) = (old.len(), new.len());
    if n.saturating_mul(m) > MAX_ALIGN_CELLS {
        // Too large to align: everything in the middle is replaced.
        let mut steps: Vec<Step> = (0..n).map(Step::Remove).collect();
        steps.extend((0..m).map(Step::Add));
        return steps;
    }
    // lcs[i][j]: length of the LCS of old[i..] and new[j..], row-major with width m + 1.
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if old[i] == new[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut steps = Vec::with_capacity(n + m);
    while i < n && j < m {
        if old[i] == new[j] {
            steps.push(Step::Keep);
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            steps.push(Step::Remove(i));
            i += 1;
        } else {
            steps.push(Step::Add(j));
            j += 1;
        }
    }
    steps.extend((i..n).map(Step::Remove));
    steps.extend((j..m).map(Step::Add));
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Block {
        Block::paragraph(s)
    }

    #[test]
    fn equal_bodies_have_no_edits() {
        let b = vec![p("a"), p("b")];
        assert!(diff_blocks(&b, &b).is_empty());
    }

    #[test]
    fn removal_addition_and_change() {
        let old = vec![p("a"), p("b"), p("c"), p("d")];
        let new = vec![p("a"), p("c"), p("D"), p("e")];
        let edits = diff_blocks(&old, &new);
        assert_eq!(
            edits,
            vec![
                BlockEdit::Removed {
                    old_index: 1,
                    block: p("b")
                },
                BlockEdit::Changed {
                    old_index: 3,
                    new_index: 2,
                    old: p("d"),
                    new: p("D")
                },
                BlockEdit::Added {
                    new_index: 3,
                    block: p("e")
                },
            ]
        );
    }

    #[test]
    fn oversized_middle_falls_back_to_replacement() {
        let old: Vec<Block> = (0..2001).map(|i| p(&format!("o{i}"))).collect();
        let new: Vec<Block> = (0..2001).map(|i| p(&format!("n{i}"))).collect();
        let edits = diff_blocks(&old, &new);
        assert_eq!(edits.len(), 2001);
        assert!(edits.iter().all(|e| matches!(e, BlockEdit::Changed { .. })));
    }

    #[test]
    fn fields_cover_removed_optional_fields() {
        let mut a = Article::new("a".parse().unwrap(), "T".into(), "t".parse().unwrap());
        a.lead = Some("sapo".into());
        let mut b = a.clone();
        b.lead = None;
        assert_eq!(changed_fields(Some(&a), Some(&b)), ["lead"]);
        assert!(changed_fields(Some(&a), None).contains(&"lead".to_string()));
    }
}
