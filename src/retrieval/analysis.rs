//! Analysis: article → weighted term strings (syllables, syllable bigrams, document numbers).
//!
//! All calls into the Vietnamese text toolkit ([`crate::text`]: normalisation, syllables,
//! document extraction) go through the private `shim` module below, in one place.

use serde::{Deserialize, Serialize};

use crate::model::Article;

/// How much an occurrence counts, by where it is: the analysis side of the related
/// index's build configuration (`related::Config::title_weight`, `lead_weight`,
/// `bigram_weight`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FieldWeights {
    /// A title occurrence against a body occurrence.
    pub(crate) title: f32,
    /// A lead (sapo) occurrence.
    pub(crate) lead: f32,
    /// A syllable bigram's occurrence against a single syllable's.
    pub(crate) bigram: f32,
}

impl Default for FieldWeights {
    fn default() -> Self {
        FieldWeights {
            title: 2.0,
            lead: 2.0,
            bigram: 0.5,
        }
    }
}

/// The text toolkit calls the ranker depends on, in one place.
mod shim {
    /// [`crate::text::normalize`] (NFC, invisible characters, spaces, old tone style:
    /// `hoà` → `hòa`), then lower case: for short labels (tags, document numbers).
    pub(super) fn normalize_full(s: &str) -> String {
        crate::text::letters::to_lowercase(&crate::text::normalize(s))
    }

    /// For running text: NFC and the old tone style ([`crate::text::convert_tone_style`]:
    /// `hoà` → `hòa`), case kept. Cheaper than the full [`crate::text::normalize`]:
    /// spacing and invisible characters are left to the syllable tokenizer.
    pub(super) fn toned(s: &str) -> std::borrow::Cow<'_, str> {
        crate::text::convert_tone_style(s, crate::text::ToneStyle::Old)
    }

    /// Lower case ([`crate::text::letters::to_lowercase`]).
    pub(super) fn lowercase(s: &str) -> String {
        crate::text::letters::to_lowercase(s)
    }

    /// The syllables of `lowercase(&toned(s))` in one pass, when `s` allows it
    /// ([`crate::text::syllable::normalized_syllables`]).
    pub(super) use crate::text::syllable::{normalized_syllables, NormSpan};

    /// Syllables of normalised text with a flag "starts a new clause": only whitespace may
    /// separate two syllables of one clause ([`crate::text::syllable::clause_syllables`]).
    pub(super) use crate::text::syllable::clause_syllables as syllables;

    /// Official document numbers ([`crate::text::extract_documents`]), upper case.
    pub(super) fn document_numbers(s: &str) -> Vec<String> {
        if !s.contains('/') {
            return Vec::new();
        }
        crate::text::extract_documents(s)
            .into_iter()
            .map(|d| d.number.to_uppercase())
            .collect()
    }
}

/// Vietnamese function syllables that carry no topic on their own. They are dropped as
/// unigrams (a bigram is dropped only when both of its syllables are listed); everything
/// else frequent is handled by IDF and by high-df pruning at query time.
pub const STOP_SYLLABLES: &[&str] = &[
    "à", "ạ", "ai", "anh", "bị", "bởi", "các", "cái", "cần", "cho", "chỉ", "chiếc", "chính", "chứ",
    "chưa", "có", "còn", "của", "cùng", "cũng", "đã", "đang", "đây", "để", "đến", "đều", "điều",
    "do", "đó", "được", "gì", "hay", "hơn", "khi", "không", "là", "lại", "lên", "lúc", "mà", "mỗi",
    "một", "này", "nào", "nên", "nếu", "ngay", "nhiều", "như", "nhưng", "những", "nơi", "nữa", "ở",
    "ra", "rằng", "rất", "rồi", "sau", "sẽ", "so", "tại", "theo", "thì", "trên", "trong", "từ",
    "vẫn", "vào", "vì", "với", "và", "về", "vừa",
];

/// Whether `s` (with `h = fnv1a(s)`) is a stop syllable: looked up by its hash, which the
/// analysis computes anyway, in a 256-slot open-addressing table of the stop syllables'
/// hashes (most syllables end at an empty slot), then compared.
fn is_stop_hashed(h: u64, s: &str) -> bool {
    /// `(hash, stop syllable)`, placed by the hash's top byte, linear probing.
    type StopTable = [(u64, &'static str); 256];
    static SET: std::sync::OnceLock<StopTable> = std::sync::OnceLock::new();
    let table = SET.get_or_init(|| {
        let mut t: StopTable = [(0, ""); 256];
        for &w in STOP_SYLLABLES {
            let h = fnv1a(w.as_bytes());
            let mut i = (h >> 56) as usize;
            while t.get(i & 255).is_some_and(|x| !x.1.is_empty()) {
                i += 1;
            }
            if let Some(x) = t.get_mut(i & 255) {
                *x = (h, w);
            }
        }
        t
    });
    let home = (h >> 56) as usize;
    // at most 256 probes (the table is never full)
    for k in 0..table.len() {
        match table.get((home + k) & 255) {
            Some(&(sh, w)) if !w.is_empty() => {
                if sh == h && w == s {
                    return true;
                }
            }
            _ => return false,
        }
    }
    false
}

/// An analysed article: what the ranker (or an external engine) indexes.
///
/// Term strings are the crate's own tokens: a syllable (`thi`), a bigram of two syllables
/// of the same clause joined with `_` (`thi_đua`), or an official document number in upper
/// case (`08/KH-UBND`). Weights are field-weighted term frequencies (title and lead count
/// more than the body, see `related::Config`), before IDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzedDoc {
    /// `(term, weighted frequency)`, in no particular order (deterministic).
    pub terms: Vec<(String, f32)>,
    /// Normalised tags (lower case, NFC), de-duplicated.
    pub tags: Vec<String>,
    /// Cited document numbers (from the article's list and from its text), upper case.
    pub documents: Vec<String>,
    /// FNV-1a hash of the body text: equal hashes mean duplicate bodies.
    pub body_hash: u64,
}

/// The terms of a piece of text, in order: syllables (stop syllables removed) and
/// bigrams within each clause, plus document numbers. Normalised: `hoà` and `hòa` give
/// the same term; diacritics are kept (`bộ` ≠ `bò`); no syllable is too short.
///
/// ```
/// let t = tintuc::related::terms("Hội nghị thi đua, khen thưởng theo Kế hoạch 08/KH-UBND; Hoà Bình");
/// assert!(t.contains(&"thi_đua".to_string()));
/// assert!(!t.contains(&"đua_khen".to_string())); // the comma ends the clause
/// assert!(t.contains(&"08/KH-UBND".to_string()));
/// assert!(t.contains(&"hòa_bình".to_string()));
/// ```
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    push_terms(text, |_, t| out.push(t.to_string()));
    out
}

/// A term as the analysis finds it: one piece (a syllable, a document number) or a
/// bigram of two syllables, whose text is `first_second`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Piece<'a> {
    One(&'a str),
    Two(&'a str, &'a str),
}

impl Piece<'_> {
    /// The length of the term's text in bytes.
    fn len(self) -> usize {
        match self {
            Piece::One(a) => a.len(),
            Piece::Two(a, b) => a.len() + 1 + b.len(),
        }
    }

    /// Appends the term's text to `out`.
    fn push_to(self, out: &mut String) {
        match self {
            Piece::One(a) => out.push_str(a),
            Piece::Two(a, b) => {
                out.push_str(a);
                out.push('_');
                out.push_str(b);
            }
        }
    }
}

impl std::fmt::Display for Piece<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Piece::One(a) => f.write_str(a),
            Piece::Two(a, b) => write!(f, "{a}_{b}"),
        }
    }
}

/// The previous syllable of the clause (text, hash, stop) while terms are emitted.
#[derive(Default)]
struct Bigrams<'a> {
    prev: Option<(&'a str, u64, bool)>,
}

impl<'a> Bigrams<'a> {
    /// Emits the terms of syllable `s`: itself (unless a stop syllable) and its bigram
    /// with the previous syllable of the clause (unless both are stop syllables).
    #[inline]
    fn push(&mut self, s: &'a str, new_clause: bool, f: &mut impl FnMut(u64, Piece<'_>)) {
        // the syllable's hash and the bigram's (which continues the previous syllable's
        // hash) in one pass: two independent multiply chains run side by side
        let bigram = self.prev.filter(|_| !new_clause);
        let (h, hb) = match bigram {
            Some((_, hp, _)) => fnv1a_two(FNV_OFFSET, fnv1a_from(hp, b"_"), s.as_bytes()),
            None => (fnv1a(s.as_bytes()), 0),
        };
        let stop = is_stop_hashed(h, s);
        if !stop {
            f(h, Piece::One(s));
        }
        if let Some((p, _, p_stop)) = bigram {
            if !(stop && p_stop) {
                f(hb, Piece::Two(p, s));
            }
        }
        self.prev = Some((s, h, stop));
    }
}

thread_local! {
    /// [`push_terms`]' buffers for [`shim::normalized_syllables`], kept between calls.
    static NORMALIZED: std::cell::Cell<(String, Vec<shim::NormSpan>)> =
        const { std::cell::Cell::new((String::new(), Vec::new())) };
}

/// The terms of `text` in order, each with its FNV-1a hash (`fnv1a` of its text; a
/// bigram's hash continues its first syllable's, so no bigram string is built).
fn push_terms(text: &str, mut f: impl FnMut(u64, Piece<'_>)) {
    // Nearly all text is normalised and split in one pass into reused buffers; the rest
    // is normalised whole, then split (the same syllables either way).
    let (mut buf, mut spans) = NORMALIZED.with(std::cell::Cell::take);
    if shim::normalized_syllables(text, &mut buf, &mut spans) {
        let mut bigrams = Bigrams::default();
        for p in &spans {
            bigrams.push(p.text(text, &buf), p.new_clause, &mut f);
        }
    } else {
        let norm = shim::lowercase(&shim::toned(text));
        let mut bigrams = Bigrams::default();
        shim::syllables(&norm, |s, new_clause| bigrams.push(s, new_clause, &mut f));
    }
    // a huge text's buffers are not kept
    if buf.capacity() <= 1 << 20 {
        NORMALIZED.with(|l| l.set((buf, spans)));
    }
    for d in shim::document_numbers(text) {
        f(fnv1a(d.as_bytes()), Piece::One(&d));
    }
}

/// Normalised form of a tag or category name (NFC, lower case, old tone style, single
/// spaces).
pub(crate) fn normalize_label(s: &str) -> String {
    shim::normalize_full(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body hash of an article without body text.
pub(crate) const EMPTY_HASH: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit SimHash of weighted terms: near-duplicate texts differ in few bits.
pub(crate) fn simhash<'a>(terms: impl IntoIterator<Item = (&'a str, f32)>) -> u64 {
    simhash_hashed(terms.into_iter().map(|(t, w)| (fnv1a(t.as_bytes()), w)))
}

/// [`simhash`] of terms given by their FNV-1a hashes (`fnv1a(term)`, as the analysis
/// keeps them): no term is hashed again.
pub(crate) fn simhash_hashed(terms: impl IntoIterator<Item = (u64, f32)>) -> u64 {
    let mut bits = [0f32; 64];
    let mut total = 0f32;
    for (h, w) in terms {
        total += w;
        // every bit gets `w` or `+0.0` (which leaves a non-negative sum as it is): the
        // same sums as adding `w` to the set bits only, without a branch a bit; `w`'s
        // bits masked by a byte of `h` at a time ([`BYTE_MASKS`]), eight lanes at once
        let w = w.to_bits();
        for (j, lanes) in bits.chunks_exact_mut(8).enumerate() {
            let masks = &BYTE_MASKS[(h >> (8 * j)) as u8 as usize];
            for (b, &m) in lanes.iter_mut().zip(masks) {
                *b += f32::from_bits(w & m);
            }
        }
    }
    // bit i is set when the weight voting for it outweighs the weight voting against
    bits.iter().enumerate().fold(
        0u64,
        |acc, (i, &b)| if 2.0 * b > total { acc | 1 << i } else { acc },
    )
}

/// Lane masks of a byte: entry `b` holds, for each of its 8 bits (lowest first), all
/// ones when the bit is set and zero otherwise.
static BYTE_MASKS: [[u32; 8]; 256] = {
    let mut t = [[0u32; 8]; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            if b >> i & 1 == 1 {
                t[b][i] = u32::MAX;
            }
            i += 1;
        }
        b += 1;
    }
    t
};

/// The FNV-1a offset basis (the hash of no bytes).
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, bytes)
}

/// `(fnv1a_from(a, bytes), fnv1a_from(b, bytes))` in one pass.
fn fnv1a_two(mut a: u64, mut b: u64, bytes: &[u8]) -> (u64, u64) {
    for &x in bytes {
        a = (a ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
        b = (b ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3);
    }
    (a, b)
}

fn fnv1a_from(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The analysis of one article as owned strings (`related::analyze`).
pub(crate) fn analyze(article: &Article, fields: &FieldWeights) -> AnalyzedDoc {
    let all = analyze_compact(article, fields);
    let a = all.view();
    AnalyzedDoc {
        terms: a.terms().map(|(_, t, w)| (t.to_owned(), w)).collect(),
        tags: a.tags.to_vec(),
        documents: a.documents.to_vec(),
        body_hash: a.body_hash,
    }
}

/// [`AnalyzedDoc`]s of several articles without one allocation per term, or per
/// article: the terms' text in one arena, each term keyed by its FNV-1a hash. A build
/// analyses its articles 64 to an `Analyses` (each article's view is an [`Analysed`]); a
/// single article is an `Analyses` of one ([`analyze_compact`]).
#[derive(Debug, Default)]
pub(crate) struct Analyses {
    /// The terms' text, concatenated in entry order.
    arena: String,
    /// `(hash, start in the article's text in the arena, weighted frequency)`; a term's
    /// text ends where the next one's starts, the article's last where its text in the
    /// arena ends (16 bytes an entry: a build holds every article's entries). The
    /// offsets are per article, so only one article's analysed text is bounded by
    /// [`ARTICLE_TEXT_CAP`], not an `Analyses`' 64 together.
    entries: Vec<(u64, u32, f32)>,
    docs: Vec<Meta>,
}

/// One article of an [`Analyses`].
#[derive(Debug)]
struct Meta {
    /// Its entries: `entries[from..to]`.
    from: usize,
    to: usize,
    /// Its text in the arena: `arena[arena_from..arena_end]`.
    arena_from: usize,
    arena_end: usize,
    tags: Vec<String>,
    documents: Vec<String>,
    body_hash: u64,
}

/// One analysed article (of an [`Analyses`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Analysed<'a> {
    entries: &'a [(u64, u32, f32)],
    /// This article's text in the arena (its entries' offsets start here).
    arena: &'a str,
    /// Normalised tags, sorted, de-duplicated.
    pub(crate) tags: &'a [String],
    /// Cited document numbers, sorted, de-duplicated.
    pub(crate) documents: &'a [String],
    /// As [`AnalyzedDoc::body_hash`].
    pub(crate) body_hash: u64,
}

impl Analyses {
    /// The number of articles.
    pub(crate) fn articles(&self) -> usize {
        self.docs.len()
    }

    /// Article `i`.
    pub(crate) fn get(&self, i: usize) -> Option<Analysed<'_>> {
        let m = self.docs.get(i)?;
        Some(Analysed {
            entries: self.entries.get(m.from..m.to)?,
            arena: self.arena.get(m.arena_from..m.arena_end)?,
            tags: &m.tags,
            documents: &m.documents,
            body_hash: m.body_hash,
        })
    }

    /// The first article (an empty one if there is none).
    pub(crate) fn view(&self) -> Analysed<'_> {
        self.get(0).unwrap_or(Analysed {
            entries: &[],
            arena: "",
            tags: &[],
            documents: &[],
            body_hash: EMPTY_HASH,
        })
    }

    /// The heap memory it holds, in bytes (its buffers; an article's tag and document
    /// strings are left out, being few).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<(u64, u32, f32)>()
            + self.arena.capacity()
            + self.docs.capacity() * std::mem::size_of::<Meta>()
    }

    /// Every article's `(hash, weighted frequency)` of each term, article by article.
    pub(crate) fn all_hashes(&self) -> impl Iterator<Item = (u64, f32)> + '_ {
        self.entries.iter().map(|&(h, _, w)| (h, w))
    }
}

impl<'a> Analysed<'a> {
    /// `(hash, weighted frequency)` of each term, in entry order.
    pub(crate) fn hashes(self) -> impl Iterator<Item = (u64, f32)> + 'a {
        self.entries.iter().map(|&(h, _, w)| (h, w))
    }

    /// The number of terms.
    pub(crate) fn len(self) -> usize {
        self.entries.len()
    }

    /// The text of entry `i` (`""` when out of range).
    fn text(self, i: usize) -> &'a str {
        let Some(&(_, start, _)) = self.entries.get(i) else {
            return "";
        };
        let end = self
            .entries
            .get(i + 1)
            .map_or(self.arena.len(), |e| e.1 as usize);
        self.arena.get(start as usize..end).unwrap_or("")
    }

    /// `(hash, term)` of entry `i` (`(0, "")` when out of range).
    pub(crate) fn entry(self, i: u32) -> (u64, &'a str) {
        let h = self.entries.get(i as usize).map_or(0, |e| e.0);
        (h, self.text(i as usize))
    }

    /// `(hash, term, weighted frequency)`.
    pub(crate) fn terms(self) -> impl Iterator<Item = (u64, &'a str, f32)> + 'a {
        self.entries
            .iter()
            .enumerate()
            .map(move |(i, &(h, _, w))| (h, self.text(i), w))
    }
}

/// An article's term hash → entry index: open addressing over the hash's top bits with
/// linear probing (the FNV-1a hashes are the keys; no hashing again), half full at
/// most. Kept by the thread between articles; each article clears only the slots it
/// uses.
#[derive(Default)]
struct TermSlots {
    /// Entry index + 1; 0 is empty.
    slots: Vec<u32>,
    /// Slots in use: `slots[..=mask]`.
    mask: usize,
    /// `64 - log2(mask + 1)`: a hash's home slot is `hash >> shift`.
    shift: u32,
    len: usize,
}

impl TermSlots {
    /// Empties the table and sizes it for `expected` terms.
    fn reset(&mut self, expected: usize) {
        let n = expected.saturating_mul(2).next_power_of_two().max(64);
        if self.slots.len() < n {
            self.slots.resize(n, 0);
        }
        if let Some(used) = self.slots.get_mut(..n) {
            used.fill(0);
        }
        self.mask = n - 1;
        self.shift = 64 - n.trailing_zeros();
        self.len = 0;
    }

    /// The entry holding hash `h` (`hash_of` gives an entry's hash), or `None` after
    /// recording that `h` is entry `next`.
    #[inline]
    fn get_or_insert(&mut self, h: u64, next: u32, hash_of: impl Fn(u32) -> u64) -> Option<u32> {
        if (self.len + 1) * 2 > self.mask + 1 {
            self.grow(&hash_of);
        }
        let mut i = (h >> self.shift) as usize;
        loop {
            match self.slots.get_mut(i & self.mask) {
                Some(slot) if *slot == 0 => {
                    *slot = next.wrapping_add(1);
                    self.len += 1;
                    return None;
                }
                Some(slot) => {
                    let e = *slot - 1;
                    if hash_of(e) == h {
                        return Some(e);
                    }
                }
                // (never: the index is masked to the slots in use)
                None => return None,
            }
            i += 1;
        }
    }

    /// The entry holding hash `h`, without inserting it.
    fn find(&self, h: u64, hash_of: impl Fn(u32) -> u64) -> Option<u32> {
        let mut i = (h >> self.shift) as usize;
        loop {
            let slot = *self.slots.get(i & self.mask)?;
            if slot == 0 {
                return None;
            }
            if hash_of(slot - 1) == h {
                return Some(slot - 1);
            }
            i += 1;
        }
    }

    /// Doubles the slots in use and places every entry again.
    fn grow(&mut self, hash_of: &impl Fn(u32) -> u64) {
        let len = self.len;
        self.reset(self.mask + 1);
        for e in 0..len as u32 {
            let h = hash_of(e);
            let mut i = (h >> self.shift) as usize;
            while let Some(slot) = self.slots.get_mut(i & self.mask) {
                if *slot == 0 {
                    *slot = e + 1;
                    break;
                }
                i += 1;
            }
        }
        self.len = len;
    }
}

thread_local! {
    /// [`Analyses::push`]'s term → entry table, kept between articles.
    static POS: std::cell::Cell<TermSlots> = std::cell::Cell::new(TermSlots::default());
}

/// [`FieldWeights::bigram`], 0 (no bigrams) when it is not a finite non-negative number.
fn bigram_weight(fields: &FieldWeights) -> f32 {
    let b = fields.bigram;
    if b.is_finite() && b >= 0.0 {
        b
    } else {
        0.0
    }
}

/// The bytes of text an article's analysis reads.
fn text_len(article: &Article) -> usize {
    article.title.len()
        + article.lead.as_ref().map_or(0, String::len)
        + article
            .body
            .iter()
            .flat_map(|b| b.text_parts())
            .map(str::len)
            .sum::<usize>()
}

/// The most analysed text (terms' text, bytes) one article keeps: entries address their
/// text with 32-bit offsets. A term first met beyond it is left out (terms met before
/// still count every occurrence); an article would need gigabytes of text to reach it.
const ARTICLE_TEXT_CAP: usize = u32::MAX as usize;

/// Analyses one article ([`Analyses::push`]).
pub(crate) fn analyze_compact(article: &Article, fields: &FieldWeights) -> Analyses {
    let mut out = Analyses::default();
    out.push(article, fields);
    out
}

impl Analyses {
    /// Analyses `articles` into one `Analyses`.
    pub(crate) fn of(articles: &[&Article], fields: &FieldWeights) -> Analyses {
        let mut out = Analyses::default();
        // Sized from the text, so that the buffers rarely grow (each growth copies them):
        // news text has about one distinct term per 5 bytes, and 1.6 bytes of term text
        // per byte (bigrams repeat their syllables). The slack is returned below.
        let text: usize = articles.iter().map(|a| text_len(a)).sum();
        out.entries.reserve(text / 4 + 64);
        out.arena.reserve(text * 2 + 64);
        out.docs.reserve(articles.len());
        for a in articles {
            out.push(a, fields);
        }
        out.entries.shrink_to_fit();
        out.arena.shrink_to_fit();
        out
    }

    /// Analyses `article` after the articles already here.
    pub(crate) fn push(&mut self, article: &Article, fields: &FieldWeights) {
        self.push_capped(article, fields, ARTICLE_TEXT_CAP);
    }

    /// [`Analyses::push`] with the cap on the article's analysed text as a parameter
    /// (tests use a small one).
    fn push_capped(&mut self, article: &Article, fields: &FieldWeights, cap: usize) {
        let (from, arena_from) = (self.entries.len(), self.arena.len());
        // about one distinct term per 4 bytes of news text
        let guess = (text_len(article) / 4).max(64);
        // the term → entry table is the thread's, reused from article to article (no
        // allocation, warm in cache); it holds entry indices from `from`
        let mut pos: TermSlots = POS.with(std::cell::Cell::take);
        pos.reset(guess);
        let (entries, arena) = (&mut self.entries, &mut self.arena);
        let mut add_term = |entries: &mut Vec<(u64, u32, f32)>,
                            arena: &mut String,
                            h: u64,
                            t: Piece<'_>,
                            w: f32| {
            let mine = entries.get(from..).unwrap_or(&[]);
            let hash_of = |e: u32| mine.get(e as usize).map_or(!h, |x| x.0);
            let start = arena.len() - arena_from;
            // Past the cap only terms already met still count (a new term's text
            // could not be addressed); far past any real article: 4 GiB.
            let found = if start.saturating_add(t.len()) <= cap {
                pos.get_or_insert(h, mine.len() as u32, hash_of)
            } else {
                match pos.find(h, hash_of) {
                    Some(i) => Some(i),
                    None => return,
                }
            };
            match found {
                Some(i) => {
                    if let Some(e) = entries.get_mut(from + i as usize) {
                        e.2 += w;
                    }
                }
                None => {
                    t.push_to(arena);
                    // (start + t.len() <= cap <= u32::MAX)
                    entries.push((h, start as u32, w));
                }
            }
        };
        let bigram = bigram_weight(fields);
        let mut add =
            |entries: &mut Vec<(u64, u32, f32)>, arena: &mut String, text: &str, w: f32| {
                push_terms(text, |h, t| match t {
                    Piece::One(_) => add_term(entries, arena, h, t, w),
                    // weight 0: no bigram terms at all (not terms that weigh nothing)
                    Piece::Two(..) if bigram > 0.0 => add_term(entries, arena, h, t, w * bigram),
                    Piece::Two(..) => {}
                });
            };
        add(entries, arena, &article.title, fields.title);
        if let Some(lead) = &article.lead {
            add(entries, arena, lead, fields.lead);
        }
        let mut body_hash: u64 = EMPTY_HASH;
        for block in &article.body {
            for part in block.text_parts() {
                add(entries, arena, part, 1.0);
                body_hash = fnv1a_from(body_hash, part.trim().as_bytes());
                body_hash = fnv1a_from(body_hash, b"\n");
            }
        }
        // a huge article's table is not kept
        if pos.slots.len() <= 1 << 16 {
            POS.with(|p| p.set(pos));
        }
        let mut documents: Vec<String> = Vec::new();
        for d in &article.documents {
            let n = shim::normalize_full(&d.number).to_uppercase();
            if !n.is_empty() {
                documents.push(n);
            }
        }
        // Citing a document is a strong signal: weigh it like a title term. (Only document
        // numbers hold a `/`: one scan of the article's text rules out most articles.)
        let cited = if arena.get(arena_from..).is_some_and(|t| t.contains('/')) {
            entries.len() - from
        } else {
            0
        };
        for i in 0..cited {
            let t = Analysed {
                entries: entries.get(from..).unwrap_or(&[]),
                arena: arena.get(arena_from..).unwrap_or(""),
                tags: &[],
                documents: &[],
                body_hash,
            }
            .text(i);
            if t.contains('/') {
                documents.push(t.to_owned());
                if let Some(e) = entries.get_mut(from + i) {
                    e.2 = e.2.max(fields.title);
                }
            }
        }
        for d in &documents {
            let h = fnv1a(d.as_bytes());
            let start = arena.len() - arena_from;
            let new = !entries.get(from..).unwrap_or(&[]).iter().any(|e| e.0 == h);
            if new && start.saturating_add(d.len()) <= cap {
                arena.push_str(d);
                entries.push((h, start as u32, fields.title));
            }
        }
        documents.sort();
        documents.dedup();
        let mut tags: Vec<String> = article
            .tags
            .iter()
            .map(|t| normalize_label(t))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        self.docs.push(Meta {
            from,
            to: self.entries.len(),
            arena_from,
            arena_end: self.arena.len(),
            tags,
            documents,
            body_hash,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_styles_meet() {
        assert_eq!(terms("hoà"), terms("hòa"));
        assert_eq!(terms("Thuỷ"), terms("thủy"));
        assert_eq!(terms("khoẻ"), terms("khỏe"));
        assert_eq!(terms("quý"), vec!["quý".to_string()]);
        assert_eq!(terms("hoàn"), vec!["hoàn".to_string()]);
    }

    #[test]
    fn text_the_one_pass_tokenizer_leaves_is_analysed_alike() {
        // a foreign letter, a combining mark (NFD), a capital sigma: the general path,
        // with the same terms as the one-pass path gives for the same words
        let fast = terms("Hoà Bình, THUỶ lợi");
        assert_eq!(fast, ["hòa", "bình", "hòa_bình", "thủy", "lợi", "thủy_lợi"]);
        assert_eq!(terms("Hoà Bình, THUỶ lợi ñ")[..6], fast[..]);
        assert_eq!(terms("Hoa\u{300} Bình, THUY\u{309} lợi"), fast);
        assert_eq!(terms("Hoà Bình, THUỶ lợi Σ")[..6], fast[..]);
    }

    #[test]
    fn diacritics_and_short_syllables_kept() {
        assert_ne!(terms("bộ"), terms("bò"));
        assert_eq!(terms("y tế"), vec!["y", "tế", "y_tế"]);
        assert_eq!(terms("Hà"), vec!["hà"]);
    }

    #[test]
    fn nfd_input_matches_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let s = "Khối thi đua tỉnh Sóc Trăng";
        let nfd: String = s.nfd().collect();
        assert_eq!(terms(s), terms(&nfd));
    }

    #[test]
    fn document_numbers_are_single_tokens() {
        let t = terms("Quyết định 1989/QĐ-BGDĐT và Nghị định 15/2023/NĐ-CP ngày 22/01/2018");
        assert!(t.contains(&"1989/QĐ-BGDĐT".to_string()));
        assert!(t.contains(&"15/2023/NĐ-CP".to_string()));
        assert!(!t.iter().any(|x| x.starts_with("22/01")));
    }

    /// The SimHash loop before `simhash_hashed`: adds each weight to the set bits only.
    fn simhash_reference(terms: &[(&str, f32)]) -> u64 {
        let mut bits = [0f32; 64];
        let mut total = 0f32;
        for &(t, w) in terms {
            let mut h = fnv1a(t.as_bytes());
            total += w;
            while h != 0 {
                let i = h.trailing_zeros() as usize;
                bits[i] += w;
                h &= h - 1;
            }
        }
        bits.iter().enumerate().fold(
            0u64,
            |acc, (i, &b)| if 2.0 * b > total { acc | 1 << i } else { acc },
        )
    }

    proptest::proptest! {
        #[test]
        fn simhash_equals_the_reference(terms in proptest::collection::vec(("\\PC{0,12}", 0.0f32..4.0), 0..40)) {
            let terms: Vec<(&str, f32)> = terms.iter().map(|(t, w)| (t.as_str(), *w)).collect();
            proptest::prop_assert_eq!(simhash(terms.iter().copied()), simhash_reference(&terms));
        }
    }

    #[test]
    fn two_chains_equal_two_hashes() {
        for (a, b) in [("", ""), ("thi", "đua"), ("08/KH", "UBND"), ("x", "")] {
            let h = fnv1a(a.as_bytes());
            let joined = format!("{a}_{b}");
            assert_eq!(
                fnv1a_two(FNV_OFFSET, fnv1a_from(h, b"_"), b.as_bytes()),
                (fnv1a(b.as_bytes()), fnv1a(joined.as_bytes()))
            );
        }
    }

    #[test]
    fn bigram_weight_scales_bigrams_and_zero_drops_them() {
        use crate::model::{Article, Block};
        let mut a = Article::new("a".parse().unwrap(), "Thi đua".into(), "a".parse().unwrap());
        a.body.push(Block::paragraph("Thi đua khen thưởng."));
        let w = |b: f32, t: &str| {
            let c = FieldWeights {
                bigram: b,
                ..FieldWeights::default()
            };
            analyze(&a, &c)
                .terms
                .iter()
                .find(|(s, _)| s == t)
                .map(|p| p.1)
        };
        // title 2 + body 1 occurrences
        assert_eq!(w(1.0, "thi_đua"), Some(3.0));
        assert_eq!(w(0.5, "thi_đua"), Some(1.5));
        assert_eq!(w(0.5, "thi"), Some(3.0));
        for b in [0.0, -1.0, f32::NAN] {
            assert_eq!(w(b, "thi_đua"), None, "{b}");
            assert_eq!(w(b, "thi"), Some(3.0));
        }
    }

    #[test]
    fn no_length_limit() {
        let long = "a".repeat(10_000);
        assert_eq!(terms(&long), vec![long]);
    }

    fn article(id: &str, body: &str) -> Article {
        let mut a = Article::new(
            crate::model::ArticleId::new(id).unwrap(),
            "Hội nghị tổng kết".to_string(),
            crate::model::Slug::new("a").unwrap(),
        );
        a.body = vec![crate::model::Block::paragraph(body)];
        a
    }

    fn terms_of(a: Analysed<'_>) -> Vec<(u64, String, f32)> {
        a.terms().map(|(h, t, w)| (h, t.to_owned(), w)).collect()
    }

    #[test]
    fn text_past_the_cap_keeps_known_terms_and_every_text_right() {
        let config = FieldWeights::default();
        // a known term again at the end (`nghị`), after many new ones
        let body = "thi đua khen thưởng năm 2018 kiểm sát viên pháp luật hình sự \
                    tố tụng dân sự hành chính lao động kinh doanh thương mại nghị nghị";
        let first = article("a", body);
        let second = article("b", "toàn cảnh hội nghị viện kiểm sát nhân dân tỉnh");
        let full = analyze_compact(&first, &config);
        let full = terms_of(full.view());
        for cap in [0, 1, 7, 40, 100, 200] {
            let mut all = Analyses::default();
            all.push_capped(&first, &config, cap);
            all.push(&second, &config);
            let capped = terms_of(all.get(0).unwrap());
            let text: usize = capped.iter().map(|t| t.1.len()).sum();
            assert!(text <= cap, "cap {cap}: {text} bytes kept");
            assert!(capped.len() < full.len(), "cap {cap} left nothing out");
            for (h, t, w) in &capped {
                // the same text and every occurrence counted, as without the cap
                let same = full.iter().find(|f| f.0 == *h).unwrap();
                assert_eq!((&same.1, same.2), (t, *w), "cap {cap}");
            }
            // the next article of the same `Analyses` reads its own text
            let alone = analyze_compact(&second, &config);
            assert_eq!(terms_of(all.get(1).unwrap()), terms_of(alone.view()));
        }
        // a cap the text fits under changes nothing
        let mut all = Analyses::default();
        all.push_capped(&first, &config, 10_000);
        assert_eq!(terms_of(all.view()), full);
        // the repeated known term counts past the cap
        let mut all = Analyses::default();
        all.push_capped(&first, &config, 40);
        let kept = terms_of(all.view());
        let nghi = kept.iter().find(|t| t.1 == "nghị").unwrap();
        assert_eq!(nghi.2, full.iter().find(|t| t.1 == "nghị").unwrap().2);
        assert!(nghi.2 > config.title);
    }
}
