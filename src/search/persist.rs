//! Persistence: the index as versioned JSON (`{"format_version":N,"index":{…}}`).
//!
//! The saved form holds the dictionaries, postings and stored documents, so loading does
//! no analysis. An unknown `format_version` is refused with
//! [`SearchError::UnsupportedVersion`] before the rest is read.

use std::sync::Arc;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::index::{Index, Inner};
use super::SearchError;

/// The saved format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct SavedRef<'a> {
    format_version: u32,
    index: &'a Inner,
}

#[derive(Deserialize)]
struct Saved {
    format_version: u32,
    index: Inner,
}

#[derive(Deserialize)]
struct VersionOnly {
    format_version: u32,
}

fn check_version(found: u32) -> Result<(), SearchError> {
    if found == FORMAT_VERSION {
        Ok(())
    } else {
        Err(SearchError::UnsupportedVersion {
            found,
            supported: FORMAT_VERSION,
        })
    }
}

impl Serialize for Index {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SavedRef {
            format_version: FORMAT_VERSION,
            index: &self.inner,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Index {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Index, D::Error> {
        let saved = Saved::deserialize(d)?;
        check_version(saved.format_version).map_err(D::Error::custom)?;
        let mut inner = saved.index;
        inner.rebuild_ids();
        Ok(Index {
            inner: Arc::new(inner),
        })
    }
}

impl Index {
    /// The index as JSON bytes (see [`Index::from_json`]).
    ///
    /// ```
    /// use tintuc::search::{Index, Query};
    /// let index = Index::build(&tintuc::import::sample_articles()?);
    /// let bytes = index.to_json()?;
    /// let loaded = Index::from_json(&bytes)?;
    /// assert_eq!(loaded.len(), index.len());
    /// let q = Query::new("thi đua");
    /// assert_eq!(loaded.search(&q)?, index.search(&q)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_json(&self) -> Result<Vec<u8>, SearchError> {
        serde_json::to_vec(self).map_err(|e| SearchError::Format(e.to_string()))
    }

    /// Loads an index saved by [`Index::to_json`]; an unknown format version is
    /// [`SearchError::UnsupportedVersion`], anything unreadable [`SearchError::Format`].
    ///
    /// ```
    /// use tintuc::search::{Index, SearchError};
    /// let err = Index::from_json(br#"{"format_version":99,"index":{}}"#).unwrap_err();
    /// assert!(matches!(err, SearchError::UnsupportedVersion { found: 99, .. }));
    /// ```
    pub fn from_json(bytes: &[u8]) -> Result<Index, SearchError> {
        let v: VersionOnly =
            serde_json::from_slice(bytes).map_err(|e| SearchError::Format(e.to_string()))?;
        check_version(v.format_version)?;
        serde_json::from_slice(bytes).map_err(|e| SearchError::Format(e.to_string()))
    }
}
