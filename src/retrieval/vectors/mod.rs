//! Document vectors: the compressed stored form ([`codec`]) and the query side of the
//! rerank's dot products ([`weights`]).

pub(crate) mod codec;
pub(crate) mod weights;

pub(crate) use codec::{decode, dot, encode, for_each_encoded, intersect, sort_by_term};
pub(crate) use weights::TermWeights;
