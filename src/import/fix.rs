//! The importer's repairs of one text field: legacy encodings, control and invisible
//! characters, NFC. Each repair is recorded with the field it was made in; in strict
//! mode the first one is an error instead.

use std::fmt;

use crate::text::repair::{repair, Encoding};

/// What the importer changed in a field so the article could be kept.
///
/// ```
/// use tintuc::import::RepairKind;
/// assert_eq!(RepairKind::ControlCharacters { removed: 2 }.to_string(),
///            "removed 2 control characters");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RepairKind {
    /// Text in a legacy encoding (or mojibake) was decoded to Unicode.
    Encoding {
        /// The encoding that was undone.
        encoding: Encoding,
    },
    /// Control characters (ESC, NUL, DEL, C1 controls, …) were removed.
    ControlCharacters {
        /// How many.
        removed: usize,
    },
    /// Tabs and line or page breaks inside a one-line field became spaces.
    Spaces {
        /// How many characters were mapped.
        mapped: usize,
    },
    /// Vertical tabs, form feeds, lone carriage returns and Unicode line or paragraph
    /// separators in a body became paragraph breaks.
    ParagraphBreaks {
        /// How many characters were mapped.
        mapped: usize,
    },
    /// Invisible characters (zero-width space, BOM, soft hyphen, directional marks)
    /// were removed.
    Invisible {
        /// How many.
        removed: usize,
    },
    /// The text was brought to Unicode NFC.
    Nfc,
    /// A given slug was longer than [`crate::model::MAX_SLUG_LEN`] and was cut at a
    /// word boundary.
    SlugShortened {
        /// The length it was cut to, in bytes.
        len: usize,
    },
}

impl fmt::Display for RepairKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        match self {
            RepairKind::Encoding { encoding } => write!(f, "decoded from {encoding}"),
            RepairKind::ControlCharacters { removed } => {
                write!(f, "removed {removed} control character{}", s(*removed))
            }
            RepairKind::Spaces { mapped } => write!(
                f,
                "mapped {mapped} tab{} or line break{} to spaces",
                s(*mapped),
                s(*mapped)
            ),
            RepairKind::ParagraphBreaks { mapped } => write!(
                f,
                "mapped {mapped} line or page break{} to paragraph breaks",
                s(*mapped)
            ),
            RepairKind::Invisible { removed } => {
                write!(f, "removed {removed} invisible character{}", s(*removed))
            }
            RepairKind::Nfc => f.write_str("brought to unicode nfc"),
            RepairKind::SlugShortened { len } => write!(f, "shortened to {len} bytes"),
        }
    }
}

/// One repair, with the line and field it was made in.
///
/// ```
/// use tintuc::import::Importer;
/// let input = "{\"id\":\"a\",\"title\":\"Tin\\u001b m\u{1edb}i\",\"body\":\"M\u{1ed9}t.\"}\n";
/// let report = Importer::new().read(input.as_bytes())?;
/// assert_eq!(report.articles[0].title, "Tin mới");
/// assert_eq!(report.repairs[0].to_string(),
///            "line 1: article a: field `title`: removed 1 control character");
/// # Ok::<(), tintuc::import::ImportError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// 1-based line number.
    pub line: usize,
    /// The article id.
    pub id: String,
    /// The field, as a path (`title`, `body[2].text`, `tags[0]`); `line` when the
    /// whole line was decoded from a legacy encoding before it could be read as JSON.
    pub field: String,
    /// What was changed.
    pub kind: RepairKind,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: article {}: field `{}`: {}",
            self.line, self.id, self.field, self.kind
        )
    }
}

/// Whether a field holds one line of text or may hold several paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lines {
    /// Title, tag, name, caption: tabs and breaks become spaces.
    One,
    /// A plain-form body, split into paragraphs at `\n` afterwards: other breaks become
    /// `\n`, tabs become spaces.
    Paragraphs,
    /// A block of the full form: `\n`, `\t` and `\r` stay (the model allows them).
    Block,
}

/// Characters removed as invisible. The joiners (U+200C, U+200D) are kept: emoji
/// sequences and some scripts need them.
fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD | 0x180E | 0x200B | 0x200E | 0x200F | 0x202A..=0x202E | 0x2060..=0x2064
            | 0x2066..=0x2069 | 0xFEFF
    )
}

/// A break that separates lines or pages (other than `\n`).
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Control characters a field of this kind keeps as they are.
fn kept(lines: Lines, c: char) -> bool {
    match lines {
        Lines::Block => matches!(c, '\n' | '\t' | '\r'),
        Lines::Paragraphs => c == '\n',
        Lines::One => false,
    }
}

/// Collects repairs for one line; in strict mode refuses to make any.
#[derive(Debug)]
pub(crate) struct Fixer {
    pub(crate) strict: bool,
    pub(crate) repairs: Vec<(String, RepairKind)>,
}

/// A repair refused in strict mode: the field and what it would have needed.
#[derive(Debug)]
pub(crate) struct Refused {
    pub(crate) field: String,
    pub(crate) kind: RepairKind,
}

impl Fixer {
    pub(crate) fn new(strict: bool) -> Self {
        Fixer {
            strict,
            repairs: Vec::new(),
        }
    }

    pub(crate) fn record(&mut self, field: &str, kind: RepairKind) -> Result<(), Refused> {
        if self.strict {
            return Err(Refused {
                field: field.to_string(),
                kind,
            });
        }
        self.repairs.push((field.to_string(), kind));
        Ok(())
    }

    /// Repairs one field's text: legacy encoding, then control characters and breaks,
    /// then invisible characters, then NFC. Returns the text unchanged (moved) when
    /// nothing needed doing.
    pub(crate) fn text(&mut self, field: &str, s: String, lines: Lines) -> Result<String, Refused> {
        let mut s = s;
        let r = repair(&s);
        if let Some(encoding) = r.encoding {
            let text = r.text.into_owned();
            self.record(field, RepairKind::Encoding { encoding })?;
            s = text;
        }
        let needs_pass = s
            .chars()
            .any(|c| is_invisible(c) || ((c.is_control() || is_break(c)) && !kept(lines, c)));
        if needs_pass {
            let (mut removed, mut spaces, mut paras, mut invisible) = (0, 0, 0, 0);
            let mut out = String::with_capacity(s.len());
            let mut chars = s.chars().peekable();
            while let Some(c) = chars.next() {
                if is_invisible(c) {
                    invisible += 1;
                    continue;
                }
                if kept(lines, c) || !(c.is_control() || is_break(c)) {
                    out.push(c);
                    continue;
                }
                match (lines, c) {
                    // CRLF is an ordinary line end: one break, not reported.
                    (Lines::Paragraphs, '\r') if chars.peek() == Some(&'\n') => {}
                    (Lines::Paragraphs, c) if is_break(c) => {
                        paras += 1;
                        out.push('\n');
                    }
                    (Lines::Block, c) if is_break(c) => {
                        paras += 1;
                        out.push('\n');
                    }
                    (_, '\t') => {
                        spaces += 1;
                        out.push(' ');
                    }
                    (Lines::One, c) if c == '\n' || is_break(c) => {
                        // CRLF inside a one-line field: one space.
                        if !(c == '\r' && chars.peek() == Some(&'\n')) {
                            spaces += 1;
                            out.push(' ');
                        }
                    }
                    _ => removed += 1,
                }
            }
            if removed > 0 {
                self.record(field, RepairKind::ControlCharacters { removed })?;
            }
            if spaces > 0 {
                self.record(field, RepairKind::Spaces { mapped: spaces })?;
            }
            if paras > 0 {
                self.record(field, RepairKind::ParagraphBreaks { mapped: paras })?;
            }
            if invisible > 0 {
                self.record(field, RepairKind::Invisible { removed: invisible })?;
            }
            s = out;
        }
        if let std::borrow::Cow::Owned(n) = crate::text::nfc(&s) {
            self.record(field, RepairKind::Nfc)?;
            s = n;
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(s: &str, lines: Lines) -> (String, Vec<RepairKind>) {
        let mut f = Fixer::new(false);
        let out = f.text("f", s.to_string(), lines).unwrap();
        (out, f.repairs.into_iter().map(|r| r.1).collect())
    }

    #[test]
    fn controls_breaks_and_invisibles() {
        assert_eq!(
            fix("Tin\u{1b}[0m m\u{1edb}i\u{b}", Lines::One),
            (
                "Tin[0m mới ".to_string(),
                vec![
                    RepairKind::ControlCharacters { removed: 1 },
                    RepairKind::Spaces { mapped: 1 }
                ]
            )
        );
        assert_eq!(
            fix("a\u{b}b\r\nc\u{2029}d\te", Lines::Paragraphs),
            (
                "a\nb\nc\nd e".to_string(),
                vec![
                    RepairKind::Spaces { mapped: 1 },
                    RepairKind::ParagraphBreaks { mapped: 2 }
                ]
            )
        );
        assert_eq!(
            fix("x\u{200b}y\u{feff}", Lines::Block),
            ("xy".to_string(), vec![RepairKind::Invisible { removed: 2 }])
        );
        assert_eq!(
            fix("a\nb\tc\r", Lines::Block),
            ("a\nb\tc\r".to_string(), vec![])
        );
        // Emoji joiners are kept.
        assert_eq!(fix("👨\u{200d}👩", Lines::One).1, vec![]);
        assert_eq!(
            fix("Vie\u{302}\u{323}t", Lines::One),
            ("Việt".to_string(), vec![RepairKind::Nfc])
        );
    }

    #[test]
    fn legacy_first_then_controls() {
        let (out, kinds) = fix("Khèi thi ®ua 1 - S¬ kÕt phong trµo\u{7f}", Lines::One);
        assert_eq!(out, "Khối thi đua 1 - Sơ kết phong trào");
        assert_eq!(
            kinds[0],
            RepairKind::Encoding {
                encoding: Encoding::Tcvn3
            }
        );
    }

    #[test]
    fn strict_refuses() {
        let mut f = Fixer::new(true);
        let e = f.text("title", "a\u{1b}".into(), Lines::One).unwrap_err();
        assert_eq!(e.field, "title");
        assert_eq!(f.text("t", "Hà Nội".into(), Lines::One).unwrap(), "Hà Nội");
    }
}
