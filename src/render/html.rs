//! The output buffer and its escapers: the only ways text reaches a page.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::model::{Link, Timestamp, WebUrl};

use super::TrustedHtml;

/// Non-zero for bytes that may start a character no HTML or XML document can hold as
/// is, or CR: C0 controls but tab and line feed, DEL, and the leading bytes of C1 controls
/// (0xC2), of U+FDD0..U+FDEF and U+FFFE/U+FFFF (0xEF) and of supplementary
/// noncharacters (0xF0..=0xF4). Vietnamese letters never start with one of these.
static CTRL_STOP: [u8; 256] = ctrl_stop_table();

const fn ctrl_stop_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = 1;
        b += 1;
    }
    t[b'\t' as usize] = 0;
    t[b'\n' as usize] = 0;
    t[0x7f] = 1;
    t[0xc2] = 1;
    t[0xef] = 1;
    let mut b = 0xf0;
    while b <= 0xf4 {
        t[b] = 1;
        b += 1;
    }
    t
}

/// Non-zero for bytes that end a plain run in text: [`CTRL_STOP`]'s and `&`, `<`, `>`.
static TEXT_STOP: [u8; 256] = markup_stop_table(false);
/// Non-zero for bytes that end a plain run in a double-quoted attribute value: also `"`.
static ATTR_STOP: [u8; 256] = markup_stop_table(true);

const fn markup_stop_table(quote: bool) -> [u8; 256] {
    let mut t = ctrl_stop_table();
    t[b'&' as usize] = 1;
    t[b'<' as usize] = 1;
    t[b'>' as usize] = 1;
    if quote {
        t[b'"' as usize] = 1;
    }
    t
}

/// Bit flags of [`PAIR_STOP`]: which scan a byte pair stops.
const CTRL_BIT: u8 = 1;
const TEXT_BIT: u8 = 2;
const ATTR_BIT: u8 = 4;
const JSON_BIT: u8 = 8;

/// For every pair of bytes, which scans must stop at one of them: four lookups test
/// eight bytes. 64 KiB, built at compile time; the entries real text touches (letters,
/// Vietnamese UTF-8 pairs) stay in cache.
static PAIR_STOP: [u8; 65536] = pair_table();

const fn pair_table() -> [u8; 65536] {
    let ctrl = ctrl_stop_table();
    let text = markup_stop_table(false);
    let attr = markup_stop_table(true);
    let json = json_stop_table();
    let mut t = [0u8; 65536];
    let mut i = 0;
    while i < 65536 {
        let (lo, hi) = (i & 0xff, i >> 8);
        let mut f = 0;
        if ctrl[lo] | ctrl[hi] != 0 {
            f |= CTRL_BIT;
        }
        if text[lo] | text[hi] != 0 {
            f |= TEXT_BIT;
        }
        if attr[lo] | attr[hi] != 0 {
            f |= ATTR_BIT;
        }
        if json[lo] | json[hi] != 0 {
            f |= JSON_BIT;
        }
        t[i] = f;
        i += 1;
    }
    t
}

/// The end of the run of bytes from `i` on that `stop` lets through unchanged (`bit`
/// is `stop`'s flag in [`PAIR_STOP`]). Tests eight bytes per step: most text is plain.
#[inline]
fn plain_run(bytes: &[u8], mut i: usize, stop: &[u8; 256], bit: u8) -> usize {
    while let Some(c) = bytes.get(i..i + 8) {
        let Ok(c) = <[u8; 8]>::try_from(c) else { break };
        let w = u64::from_le_bytes(c);
        let at = |k: u32| PAIR_STOP[((w >> (16 * k)) & 0xffff) as usize];
        if (at(0) | at(1) | at(2) | at(3)) & bit != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if stop[b as usize] != 0 {
            break;
        }
        i += 1;
    }
    i
}

/// Whether `c` cannot appear in an HTML or XML document as is: C0 controls other than
/// tab and line feed (carriage return is handled separately), DEL, C1 controls and
/// Unicode noncharacters.
pub(crate) fn is_forbidden_char(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n' && c != '\r')
        || (0x7f..=0x9f).contains(&u)
        || (0xfdd0..=0xfdef).contains(&u)
        || (u & 0xfffe) == 0xfffe
}

/// The text an HTML parser reads back from `s` once escaped: CR LF and lone CR become
/// LF, characters no document may contain become U+FFFD, everything else is kept.
/// Borrows `s` when there is nothing to change (almost always).
fn visible(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let mut i = plain_run(bytes, 0, &CTRL_STOP, CTRL_BIT);
    if i == bytes.len() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    while let Some(c) = s.get(i..).and_then(|r| r.chars().next()) {
        let len = c.len_utf8();
        if c == '\r' {
            out.push_str(s.get(start..i).unwrap_or(""));
            out.push('\n');
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        } else if is_forbidden_char(c) {
            out.push_str(s.get(start..i).unwrap_or(""));
            out.push('\u{fffd}');
            start = i + len;
        }
        // A stop byte can start a character that is allowed (NBSP, `«`, BOM, emoji):
        // it stays in the run.
        i = plain_run(bytes, i + len, &CTRL_STOP, CTRL_BIT);
    }
    out.push_str(s.get(start..).unwrap_or(""));
    Cow::Owned(out)
}

/// Appends `s` escaped for HTML/XML text (`quote == false`) or a double-quoted attribute
/// value (`quote == true`): first [`visible`] (CR LF and lone CR become LF, which an
/// HTML parser would do anyway; characters no document may contain become U+FFFD), then
/// `html-escape` turns `&`, `<`, `>` (and `"` in attributes) into references.
pub(crate) fn escape_into(out: &mut String, s: &str, quote: bool) {
    let (stop, bit) = if quote {
        (&ATTR_STOP, ATTR_BIT)
    } else {
        (&TEXT_STOP, TEXT_BIT)
    };
    // Hand-written prefix scan: html-escape alone doubles render_count's callgrind count.
    let plain = plain_run(s.as_bytes(), 0, stop, bit);
    let (head, rest) = s.split_at(plain);
    out.push_str(head);
    if rest.is_empty() {
        return;
    }
    let clean = visible(rest);
    if quote {
        html_escape::encode_double_quoted_attribute_to_string(&*clean, out);
    } else {
        html_escape::encode_text_to_string(&*clean, out);
    }
}

/// The text an HTML parser reads back from `s` once the renderer has escaped it: CR LF and CR
/// become LF, forbidden characters become U+FFFD, everything else is kept.
///
/// ```
/// assert_eq!(tintuc::render::visible_text("a\r\nb\u{0}c"), "a\nb\u{fffd}c");
/// assert_eq!(tintuc::render::visible_text("Sơ kết <b>"), "Sơ kết <b>");
/// ```
pub fn visible_text(s: &str) -> String {
    visible(s).into_owned()
}

/// Appends `s` as the body of a JSON string (no quotes) that is safe inside an HTML
/// `<script>` element: `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`, so neither
/// `</script>` nor `<!--` can appear; U+2028/U+2029, control characters and
/// noncharacters are `\u` escapes too. The JSON value decodes to exactly `s`.
pub(crate) fn json_str_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    loop {
        i = plain_run(bytes, i, &JSON_STOP, JSON_BIT);
        let Some(&b) = bytes.get(i) else { break };
        out.push_str(s.get(start..i).unwrap_or(""));
        let c = if b.is_ascii() {
            b as char
        } else {
            s.get(i..)
                .and_then(|r| r.chars().next())
                .unwrap_or('\u{fffd}')
        };
        let esc: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\t' => Some("\\t"),
            '<' => Some("\\u003c"),
            '>' => Some("\\u003e"),
            '&' => Some("\\u0026"),
            '\u{2028}' => Some("\\u2028"),
            '\u{2029}' => Some("\\u2029"),
            _ => None,
        };
        if let Some(e) = esc {
            out.push_str(e);
        } else if c == '\r' || is_forbidden_char(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
        i += c.len_utf8();
        start = i;
    }
    out.push_str(s.get(start..).unwrap_or(""));
}

/// Non-zero for bytes that end a plain run inside a JSON string: `"`, `\`, controls,
/// `<`, `>`, `&`, and lead bytes of U+2028/U+2029 (0xE2), C1 controls (0xC2) and
/// noncharacters (0xEF, 0xF0..=0xF4).
static JSON_STOP: [u8; 256] = json_stop_table();

const fn json_stop_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = 1;
        b += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t[b'<' as usize] = 1;
    t[b'>' as usize] = 1;
    t[b'&' as usize] = 1;
    t[0x7f] = 1;
    t[0xc2] = 1;
    t[0xe2] = 1;
    t[0xef] = 1;
    let mut b = 0xf0;
    while b <= 0xf4 {
        t[b] = 1;
        b += 1;
    }
    t
}

/// An attribute value escaped once, to be written several times.
pub(crate) struct Escaped(String);

impl Escaped {
    pub(crate) fn attr(s: &str) -> Self {
        let mut e = String::with_capacity(s.len() + 8);
        escape_into(&mut e, s, true);
        Escaped(e)
    }
}

/// An output buffer for markup that can only receive escaped text.
///
/// Markup comes from `&'static str` literals (the theme's own code); everything else
/// passes through an escaper chosen by context: [`Html::text`] for element content,
/// [`Html::attr`] for attribute values (always double-quoted), [`Html::link_attr`] for
/// URLs (only [`Link`]s, which admit http, https and relative references), and
/// [`Html::trusted`] for HTML that a sanitiser produced. Hosts writing a theme
/// therefore cannot splice article text into markup unescaped by accident.
///
/// ```
/// use tintuc::render::Html;
/// let mut s = String::new();
/// let mut h = Html::new(&mut s);
/// h.raw("<p");
/// h.attr("title", "\"><script>");
/// h.raw(">");
/// h.text("<b>Tin & ảnh</b>");
/// h.raw("</p>");
/// assert_eq!(s, r#"<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;Tin &amp; ảnh&lt;/b&gt;</p>"#);
/// ```
#[derive(Debug)]
pub struct Html<'a> {
    buf: &'a mut String,
}

impl<'a> Html<'a> {
    /// Writes into `buf` (appending).
    pub fn new(buf: &'a mut String) -> Self {
        Html { buf }
    }

    /// Appends markup written by the theme itself.
    #[inline]
    pub fn raw(&mut self, markup: &'static str) {
        self.buf.push_str(markup);
    }

    /// Appends text for element content, escaped (`&`, `<`, `>`).
    #[inline]
    pub fn text(&mut self, text: &str) {
        escape_into(self.buf, text, false);
    }

    /// Appends ` name="value"` with the value escaped for a double-quoted attribute.
    #[inline]
    pub fn attr(&mut self, name: &'static str, value: &str) {
        self.buf.push(' ');
        self.buf.push_str(name);
        self.buf.push_str("=\"");
        escape_into(self.buf, value, true);
        self.buf.push('"');
    }

    /// Appends ` name="value"` with a value escaped beforehand.
    pub(crate) fn escaped_attr(&mut self, name: &'static str, value: &Escaped) {
        self.buf.push(' ');
        self.buf.push_str(name);
        self.buf.push_str("=\"");
        self.buf.push_str(&value.0);
        self.buf.push('"');
    }

    /// Appends ` name="url"` for a [`Link`] as given (relative links stay relative).
    #[inline]
    pub fn link_attr(&mut self, name: &'static str, link: &Link) {
        self.attr(name, link.as_str());
    }

    /// Appends ` name="url"` with `link` made absolute against the site's `base` URL;
    /// `page` is the path of the page being written (for path-relative links).
    pub fn abs_link_attr(&mut self, name: &'static str, base: &WebUrl, page: &Link, link: &Link) {
        self.buf.push(' ');
        self.buf.push_str(name);
        self.buf.push_str("=\"");
        for part in abs_parts(base, page, link) {
            escape_into(self.buf, part, true);
        }
        self.buf.push('"');
    }

    /// Appends ` name="n"` for a number.
    pub fn num_attr(&mut self, name: &'static str, n: u64) {
        let _ = write!(self.buf, " {name}=\"{n}\"");
    }

    /// Appends a number as text.
    pub fn num(&mut self, n: u64) {
        let _ = write!(self.buf, "{n}");
    }

    /// Appends HTML produced by the sanitiser.
    pub fn trusted(&mut self, html: &TrustedHtml) {
        self.buf.push_str(html.as_str());
    }

    /// Appends CSS for a `<style>` element; any `</` is written `<\/` so the stylesheet
    /// cannot close the element.
    pub fn css(&mut self, css: &str) {
        // The default stylesheet has no `<` (checked by a test): skip the scan.
        if std::ptr::eq(css, super::css::DEFAULT_CSS) {
            self.buf.push_str(css);
            return;
        }
        let mut rest = css;
        while let Some(p) = rest.find('<') {
            let after = rest.get(p + 1..).unwrap_or("");
            self.buf.push_str(rest.get(..=p).unwrap_or(""));
            if after.starts_with('/') {
                self.buf.push('\\');
            }
            rest = after;
        }
        self.buf.push_str(rest);
    }

    /// Appends a JSON string literal (with quotes) safe inside `<script>`.
    pub fn json_str(&mut self, s: &str) {
        self.buf.push('"');
        json_str_into(self.buf, s);
        self.buf.push('"');
    }

    /// Appends a timestamp in RFC 3339 form (`2018-08-17T08:00:00+07:00`); no escaping
    /// is needed, the form has no special characters.
    pub fn rfc3339(&mut self, t: &Timestamp) {
        super::date::rfc3339_into(self.buf, t);
    }

    /// The underlying buffer, for helpers in this crate.
    pub(crate) fn buf(&mut self) -> &mut String {
        self.buf
    }
}

/// Writes `link` as an absolute URL: absolute links as they are, `//host` with the
/// base's scheme, `/path` after the base (its trailing `/` dropped), `?q`/`#f` after
/// the page path, other relative paths after the page's directory.
pub(crate) fn absolutize(out: &mut String, base: &WebUrl, page: &Link, link: &Link) {
    for part in abs_parts(base, page, link) {
        out.push_str(part);
    }
}

/// The pieces of [`absolutize`]'s result, to be written one after the other.
pub(crate) fn abs_parts<'a>(base: &'a WebUrl, page: &'a Link, link: &'a Link) -> [&'a str; 4] {
    let l = link.as_str();
    let b = base.as_str().trim_end_matches('/');
    if link.is_protocol_relative() {
        [b.split_once(':').map_or("https", |x| x.0), ":", l, ""]
    } else if link.is_absolute() {
        [l, "", "", ""]
    } else if l.starts_with('/') {
        [b, l, "", ""]
    } else {
        let p = page.as_str();
        let p = if p.starts_with('/') { p } else { "/" };
        let path = p.split(['?', '#']).next().unwrap_or(p);
        if l.starts_with('?') || l.starts_with('#') {
            [b, path, l, ""]
        } else {
            [
                b,
                path.rfind('/').and_then(|i| path.get(..=i)).unwrap_or("/"),
                l,
                "",
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str, q: bool) -> String {
        let mut o = String::new();
        escape_into(&mut o, s, q);
        o
    }

    #[test]
    fn text_and_attr_escapers_differ() {
        assert_eq!(esc(r#"a&b<c>"d'"#, false), r#"a&amp;b&lt;c&gt;"d'"#);
        assert_eq!(esc(r#"a&b<c>"d'"#, true), "a&amp;b&lt;c&gt;&quot;d'");
        assert_eq!(esc("Thứ Sáu, 17/08/2018", true), "Thứ Sáu, 17/08/2018");
    }

    #[test]
    fn controls_are_cleaned_before_and_after_the_first_escape() {
        // The plain prefix is copied; the rest goes through `visible` then html-escape.
        assert_eq!(esc("x&\r\ny\u{0}\"", true), "x&amp;\ny\u{fffd}&quot;");
        assert_eq!(esc("\u{0}a<b\rc", false), "\u{fffd}a&lt;b\nc");
        assert_eq!(
            esc("Sơ kết «Hội nghị»\u{a0}>", false),
            "Sơ kết «Hội nghị»\u{a0}&gt;"
        );
        assert_eq!(esc("", true), "");
        assert_eq!(visible_text("\r\r\n\u{85}"), "\n\n\u{fffd}");
    }

    #[test]
    fn cleans_what_documents_cannot_hold() {
        assert_eq!(esc("a\r\nb\rc", false), "a\nb\nc");
        assert_eq!(
            esc("\u{0}\u{1}\u{7f}\u{85}\u{fdd0}\u{fffe}\u{1fffe}x", false),
            "\u{fffd}".repeat(7) + "x"
        );
        assert_eq!(
            esc("\u{a0}«»\u{feff}\u{1f600}\u{10ffff}", false),
            "\u{a0}«»\u{feff}\u{1f600}\u{fffd}"
        );
    }

    #[test]
    fn json_cannot_close_script() {
        let mut o = String::new();
        json_str_into(&mut o, "</script><!--\u{2028}\r\u{0}\u{1fffe}");
        assert_eq!(
            o,
            "\\u003c/script\\u003e\\u003c!--\\u2028\\u000d\\u0000\\ud83f\\udffe"
        );
        let back: String = serde_json::from_str(&format!("\"{o}\"")).unwrap();
        assert_eq!(back, "</script><!--\u{2028}\r\u{0}\u{1fffe}");
    }

    #[test]
    fn default_css_cannot_close_style() {
        assert!(!crate::render::css::DEFAULT_CSS.contains('<'));
        let mut s = String::new();
        Html::new(&mut s).css("a{}</style><script>");
        assert_eq!(s, "a{}<\\/style><script>");
    }

    #[test]
    fn absolute_urls() {
        let base = WebUrl::new("https://vks.gov.vn/").unwrap();
        let page = Link::new("/tin/a.html").unwrap();
        let abs = |l: &str| {
            let mut o = String::new();
            absolutize(&mut o, &base, &page, &Link::new(l).unwrap());
            o
        };
        assert_eq!(abs("/uploads/x.jpg"), "https://vks.gov.vn/uploads/x.jpg");
        assert_eq!(abs("x.jpg"), "https://vks.gov.vn/tin/x.jpg");
        assert_eq!(abs("?trang=2"), "https://vks.gov.vn/tin/a.html?trang=2");
        assert_eq!(abs("//cdn.vn/x.jpg"), "https://cdn.vn/x.jpg");
        assert_eq!(abs("http://a.vn/b"), "http://a.vn/b");
    }
}
