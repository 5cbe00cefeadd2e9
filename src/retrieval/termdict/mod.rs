//! The term dictionary: term strings to ids ([`TermTable`], and [`KeyTable`] during a
//! build), and document frequencies ([`Sketch`]).

mod keys;
mod sketch;
mod table;

#[cfg(test)]
pub(crate) use keys::HEAD;
pub(crate) use keys::{BuildKeys, KeyTable};
pub(crate) use sketch::{encode_slots, for_each_slot, Sketch};
pub(crate) use table::TermTable;
