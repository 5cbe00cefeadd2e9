//! The index's serialised form: one format version, checked first.

use super::*;

/// The serialised index format this build reads and writes. An index saved in another
/// format is refused with [`FormatError`] (rebuild it from the articles): the stored
/// vectors and postings are weighted by the build configuration of their format, and
/// reading them under another would rank silently differently.
pub const FORMAT_VERSION: u32 = 2;

/// Why a serialised index cannot be read.
///
/// ```
/// let err = serde_json::from_str::<tintuc::related::Index>(r#"{"version": 99}"#).unwrap_err();
/// assert!(err.to_string().contains("format version 99"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The index was saved in another format (0: before formats were numbered).
    #[error("related index: format version {found} is not supported (this build reads version {supported}); rebuild the index")]
    UnsupportedVersion {
        /// The version found.
        found: u32,
        /// [`FORMAT_VERSION`].
        supported: u32,
    },
}

/// The `version` field of a serialised index: only [`FORMAT_VERSION`] deserialises; a
/// missing field reads as 0, which the index then refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FormatVersion(u32);

impl Default for FormatVersion {
    /// An index without a version field (0) until deserialised; new indexes are current.
    fn default() -> Self {
        FormatVersion(0)
    }
}

impl FormatVersion {
    pub(super) const CURRENT: FormatVersion = FormatVersion(FORMAT_VERSION);

    fn check(self) -> Result<(), FormatError> {
        if self == Self::CURRENT {
            Ok(())
        } else {
            Err(FormatError::UnsupportedVersion {
                found: self.0,
                supported: FORMAT_VERSION,
            })
        }
    }
}

impl Serialize for FormatVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = FormatVersion(u32::deserialize(d)?);
        v.check().map_err(serde::de::Error::custom)?;
        Ok(v)
    }
}

impl Serialize for Index {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.inner.as_ref().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Index {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut inner = Inner::deserialize(d)?;
        inner.version.check().map_err(serde::de::Error::custom)?;
        inner.rebuild_term_ids();
        inner.rebuild_by_id();
        Ok(Index {
            inner: Arc::new(inner),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_current_format_loads() {
        let articles = crate::import::sample_articles().unwrap();
        let index = Index::build(&articles, Config::default());
        let mut json = serde_json::to_value(&index).unwrap();
        assert_eq!(json["version"], FORMAT_VERSION);
        let back: Index = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back.len(), index.len());
        // before formats were numbered: no version field
        json.as_object_mut().unwrap().remove("version");
        let err = serde_json::from_value::<Index>(json.clone()).unwrap_err();
        assert!(err.to_string().contains("format version 0"), "{err}");
        json["version"] = 1.into();
        let err = serde_json::from_value::<Index>(json).unwrap_err();
        assert!(err.to_string().contains("format version 1"), "{err}");
    }
}
