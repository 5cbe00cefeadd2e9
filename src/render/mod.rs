//! HTML rendering of the article page and the site around it, escaped by construction.
