//! Related articles ("Tin liên quan"): a Vietnamese-aware ranker that explains itself.
