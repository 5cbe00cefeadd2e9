//! PostgreSQL's `tsvector`/`tsquery` literal syntax, shared by the PostgreSQL-backed
//! `related` and `search`: the crate analyses the text, PostgreSQL only stores and
//! matches the lexemes it is given, so each must reach it exactly as written.

/// Appends `t` as a quoted lexeme: `'…'`, with a quote doubled (`''`) and a backslash
/// doubled (`\\`), the two characters PostgreSQL's lexeme syntax treats specially
/// inside quotes. Everything else, spaces and punctuation included, is kept as is.
pub(crate) fn quote_lexeme(out: &mut String, t: &str) {
    out.push('\'');
    for c in t.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::quote_lexeme;

    #[test]
    fn quotes_and_backslashes_are_doubled() {
        let mut q = String::new();
        quote_lexeme(&mut q, "a'b\\c");
        assert_eq!(q, "'a''b\\\\c'");
        q.clear();
        quote_lexeme(&mut q, "thi_đua 08/kh-ubnd");
        assert_eq!(q, "'thi_đua 08/kh-ubnd'");
    }
}
