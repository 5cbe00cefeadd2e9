//! NukeViet's filtered HTML bodies to the model's blocks.
//!
//! The HTML first goes through the sanitiser (ammonia, with an allow-list of the
//! structural tags this module maps: paragraphs, divisions, line breaks, headings,
//! lists, quotes, figures, images, tables; `script` and `style` are removed with their
//! content, every other tag is unwrapped to its text, every attribute but an image's
//! `src`, `alt`, `width` and `height` is dropped, and image sources must be http(s) or
//! relative). The sanitiser's output is well-formed, so a small tokenizer reads it into
//! blocks: text is entity-decoded and its white space (including no-break spaces)
//! collapsed, as a browser shows it.

use crate::model::{Block, Figure, Link};

/// What the conversion had to leave out or flatten.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct BodyNotes {
    /// Images whose source is not a usable link.
    pub(super) dropped_images: usize,
    /// Tables flattened to one paragraph per row (cells separated by ` | `).
    pub(super) tables: usize,
}

fn cleaner() -> ammonia::Builder<'static> {
    use std::collections::{HashMap, HashSet};
    let mut b = ammonia::Builder::empty();
    b.add_tags([
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "table",
        "caption",
        "tr",
        "td",
        "th",
        "hr",
    ]);
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    attrs.insert(
        "img",
        ["src", "alt", "width", "height"].into_iter().collect(),
    );
    b.tag_attributes(attrs);
    b.url_schemes(["http", "https"].into_iter().collect());
    b.url_relative(ammonia::UrlRelative::PassThrough);
    b.link_rel(None);
    b.clean_content_tags(["script", "style"].into_iter().collect());
    b
}

#[derive(Debug, PartialEq, Eq)]
enum Tok<'a> {
    Text(&'a str),
    Start(&'a str, Vec<(&'a str, String)>),
    End(&'a str),
}

/// Reads the sanitiser's serialisation: lowercase tag names, attribute values in double
/// quotes (which may contain `>`), no comments.
fn tokens(html: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Tok::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Tok::Text(&rest[..lt]));
        }
        let tag = &rest[lt + 1..];
        let (tok, used) = tag_token(tag);
        match tok {
            Some(t) => out.push(t),
            // Not a tag after all (cannot happen in sanitised output): keep as text.
            None => out.push(Tok::Text(&rest[lt..lt + 1])),
        }
        rest = &rest[lt + 1 + used..];
    }
    out
}

/// One tag after its `<`: the token and the bytes consumed (through `>`).
fn tag_token(s: &str) -> (Option<Tok<'_>>, usize) {
    let (closing, body) = match s.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let off = usize::from(closing);
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return (None, 0);
    }
    let name = &body[..name_len];
    let mut i = name_len;
    let bytes = body.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            i += 1;
        }
        match bytes.get(i) {
            None => return (None, 0),
            Some(b'>') => {
                let tok = if closing {
                    Tok::End(name)
                } else {
                    Tok::Start(name, attrs)
                };
                return (Some(tok), off + i + 1);
            }
            Some(_) => {}
        }
        let start = i;
        while bytes
            .get(i)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let key = &body[start..i];
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            if bytes.get(i) == Some(&b'"') {
                let Some(len) = body[i + 1..].find('"') else {
                    return (None, 0);
                };
                value = html_escape::decode_html_entities(&body[i + 1..i + 1 + len]).into_owned();
                i += len + 2;
            } else {
                let vstart = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                {
                    i += 1;
                }
                value = html_escape::decode_html_entities(&body[vstart..i]).into_owned();
            }
        }
        if key.is_empty() {
            i += 1;
        } else {
            attrs.push((key, value));
        }
    }
}

/// Text as a browser shows it: entities decoded, white space (no-break spaces too)
/// collapsed to single spaces, trimmed.
fn visible(raw: &str) -> String {
    let decoded = html_escape::decode_html_entities(raw);
    let mut out = String::with_capacity(decoded.len());
    for word in decoded.split(|c: char| c.is_whitespace()) {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    notes: BodyNotes,
    /// Open structural elements, innermost last.
    open: Vec<String>,
    /// Inline text since the last block boundary (still escaped).
    buf: String,
    /// Open lists: ordered, items.
    lists: Vec<(bool, Vec<String>)>,
    /// Cells of the open table row.
    cells: Vec<String>,
    /// Index of the figure a `figcaption` belongs to.
    figure: Option<usize>,
}

impl Builder {
    fn inside(&self, names: &[&str]) -> Option<&str> {
        self.open
            .iter()
            .rev()
            .map(String::as_str)
            .find(|n| names.contains(n))
    }

    fn flush(&mut self) {
        let text = visible(&self.buf);
        self.buf.clear();
        if text.is_empty() {
            return;
        }
        let ctx = self.inside(&[
            "li",
            "figcaption",
            "td",
            "th",
            "caption",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
        ]);
        match ctx {
            Some("li") if !self.lists.is_empty() => {
                if let Some(item) = self.lists.last_mut().and_then(|l| l.1.last_mut()) {
                    if !item.is_empty() {
                        item.push(' ');
                    }
                    item.push_str(&text);
                }
            }
            Some("figcaption") => match self.figure.and_then(|i| self.blocks.get_mut(i)) {
                Some(Block::Figure(f)) => {
                    let c = f.caption.get_or_insert_with(String::new);
                    if !c.is_empty() {
                        c.push(' ');
                    }
                    c.push_str(&text);
                }
                _ => self.blocks.push(Block::paragraph(text)),
            },
            Some("td" | "th") => self.cells.push(text),
            Some(h) if h.len() == 2 && h.starts_with('h') => {
                let level = h[1..].parse::<u8>().unwrap_or(2).max(2);
                self.blocks.push(Block::Heading { level, text });
            }
            Some("blockquote") => self.blocks.push(Block::Quote { text, cite: None }),
            _ => self.blocks.push(Block::paragraph(text)),
        }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.flush();
        match name {
            "br" | "hr" => {}
            "img" => self.image(attrs),
            "ul" | "ol" => {
                self.lists.push((name == "ol", Vec::new()));
                self.open.push(name.into());
            }
            "li" => {
                if let Some(l) = self.lists.last_mut() {
                    l.1.push(String::new());
                }
                self.open.push(name.into());
            }
            "table" => {
                self.notes.tables += 1;
                self.open.push(name.into());
            }
            "figure" => {
                self.figure = None;
                self.open.push(name.into());
            }
            _ => self.open.push(name.into()),
        }
    }

    fn end(&mut self, name: &str) {
        self.flush();
        if let Some(pos) = self.open.iter().rposition(|n| n == name) {
            self.open.truncate(pos);
        }
        match name {
            "ul" | "ol" => {
                if let Some((ordered, items)) = self.lists.pop() {
                    let items: Vec<String> = items.into_iter().filter(|i| !i.is_empty()).collect();
                    match self.lists.last_mut() {
                        // A nested list's items join the enclosing list.
                        Some(outer) => outer.1.extend(items),
                        None if !items.is_empty() => {
                            self.blocks.push(Block::List { ordered, items })
                        }
                        None => {}
                    }
                }
            }
            "tr" => {
                let cells = std::mem::take(&mut self.cells);
                if !cells.is_empty() {
                    self.blocks.push(Block::paragraph(cells.join(" | ")));
                }
            }
            "figure" => self.figure = None,
            _ => {}
        }
    }

    fn image(&mut self, attrs: &[(&str, String)]) {
        let get = |k: &str| attrs.iter().find(|a| a.0 == k).map(|a| a.1.as_str());
        let Some(src) = get("src").and_then(|s| Link::new(s.trim()).ok()) else {
            self.notes.dropped_images += 1;
            return;
        };
        let dim = |k| get(k).and_then(|v| v.trim().parse::<u32>().ok());
        self.blocks.push(Block::Figure(Figure {
            src,
            alt: visible(get("alt").unwrap_or_default()),
            caption: None,
            width: dim("width"),
            height: dim("height"),
        }));
        if self.inside(&["figure"]).is_some() {
            self.figure = Some(self.blocks.len() - 1);
        }
    }
}

/// Converts a body to blocks, after the sanitiser.
pub(super) fn html_to_blocks(html: &str) -> (Vec<Block>, BodyNotes) {
    let clean = cleaner().clean(html).to_string();
    let mut b = Builder::default();
    for tok in tokens(&clean) {
        match tok {
            Tok::Text(t) => b.buf.push_str(t),
            Tok::Start(name, attrs) => b.start(name, &attrs),
            Tok::End(name) => b.end(name),
        }
    }
    b.flush();
    while !b.lists.is_empty() {
        b.end(if b.lists.last().is_some_and(|l| l.0) {
            "ol"
        } else {
            "ul"
        });
    }
    (b.blocks, b.notes)
}

/// The visible text of a lead (escaped text or HTML), paragraphs joined by spaces.
pub(super) fn html_to_text(html: &str) -> String {
    let clean = ammonia::Builder::empty().clean(html).to_string();
    visible(&clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(s: &str) -> Block {
        Block::paragraph(s)
    }

    #[test]
    fn paragraphs_headings_lists_quotes() {
        let (blocks, notes) = html_to_blocks(
            "<p>Dự hội nghị&nbsp;có <strong>đại diện</strong><br />các đơn vị.</p>\
             <h1>Mục 1</h1><h3>Mục &amp; 2</h3>\
             <ul><li>Một <em>ý</em></li><li><ol><li>Hai</li></ol></li><li> </li></ul>\
             <blockquote><p>Trích dẫn</p></blockquote>\
             <script>alert('x')</script><style>p{}</style><div onclick=\"x\">Cuối</div>",
        );
        assert_eq!(
            blocks,
            vec![
                para("Dự hội nghị có đại diện"),
                para("các đơn vị."),
                Block::Heading {
                    level: 2,
                    text: "Mục 1".into()
                },
                Block::Heading {
                    level: 3,
                    text: "Mục & 2".into()
                },
                Block::List {
                    ordered: false,
                    items: vec!["Một ý".into(), "Hai".into()]
                },
                Block::Quote {
                    text: "Trích dẫn".into(),
                    cite: None
                },
                para("Cuối"),
            ]
        );
        assert_eq!(notes, BodyNotes::default());
    }

    #[test]
    fn figures_tables_and_bad_images() {
        let (blocks, notes) = html_to_blocks(
            "<figure class=\"image\"><img alt=\"Toàn cảnh &quot;A&gt;B&quot;\" height=\"533\" \
             src=\"/uploads/news/2024_05/hoi-nghi.jpg\" width=\"800\" />\
             <figcaption>Toàn cảnh Hội nghị</figcaption></figure>\
             <p><img src=\"javascript:alert(1)\"><img src=\"data:image/png;base64,AAAA\"></p>\
             <table><tr><th>STT</th><th>Đơn vị</th></tr><tr><td>1</td><td>Sở Nội vụ</td></tr></table>",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Figure(Figure {
                    src: "/uploads/news/2024_05/hoi-nghi.jpg".parse().unwrap(),
                    alt: "Toàn cảnh \"A>B\"".into(),
                    caption: Some("Toàn cảnh Hội nghị".into()),
                    width: Some(800),
                    height: Some(533),
                }),
                para("STT | Đơn vị"),
                para("1 | Sở Nội vụ"),
            ]
        );
        assert_eq!(
            notes,
            BodyNotes {
                dropped_images: 2,
                tables: 1
            }
        );
    }

    #[test]
    fn lead_text() {
        assert_eq!(
            html_to_text("Sáng 17&#x2F;8, <b>Khối</b>\n thi đua &quot;1&quot;&nbsp;"),
            "Sáng 17/8, Khối thi đua \"1\""
        );
        assert_eq!(html_to_text(""), "");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_blocks_are_valid(
            s in "([<>/=\"' a-z0-9&;#]|<p>|</p>|<li>|<ul>|</ul>|<img src=x>|<figcaption>|\\PC){0,80}"
        ) {
            let _ = tokens(&s);
            let (blocks, _) = html_to_blocks(&s);
            let mut a = crate::model::Article::new("a".parse().unwrap(), "T".into(), "t".parse().unwrap());
            a.body = blocks;
            proptest::prop_assert!(a.validate().is_ok(), "{:?}", a.validation_errors());
            let _ = html_to_text(&s);
        }
    }

    #[test]
    fn tokenizer_keeps_gt_inside_quotes() {
        assert_eq!(
            tokens("<img alt=\"a>b\" src=\"x\">t</p>"),
            vec![
                Tok::Start("img", vec![("alt", "a>b".into()), ("src", "x".into())]),
                Tok::Text("t"),
                Tok::End("p")
            ]
        );
    }
}
