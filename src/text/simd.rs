//! The vector block loop shared by the slug maker and the fold key (x86-64 only): 32
//! bytes at a time with AVX2, 16 with SSSE3, while a block holds only ASCII, Vietnamese
//! letters (NFC, either case) and the separators of the [`Mode`]; the caller's scalar
//! loop takes any other block. The classification is written once, generic over the
//! vector width ([`Lanes`]) and the mode.
//!
//! Each lane classifies the byte it starts with, looking ahead one and two bytes (three
//! overlapping loads), as
//! - a **letter**: an ASCII letter or digit, or the leading byte of a Vietnamese letter, with
//!   the lower-case ASCII letter it folds to (`ộ`→`o`, `Đ`→`d`), exactly as
//!   [`fold2`](crate::text::letters::fold2) / [`fold3`](crate::text::letters::fold3);
//! - a **separator**: for slugs, ASCII other than letters, digits and `'`, or the leading
//!   byte of NBSP, U+2010..U+2015, U+2018, U+201A..U+201F, U+2026 (written as `-`); for
//!   folding, ASCII whitespace or NBSP (written as a space), while other ASCII but NUL is
//!   kept, lower-cased;
//! - a **continuation** byte, which does nothing;
//! - anything else, which hands the block to the scalar loop.
//!
//! A letter is written; a separator is written when the character before it (skipping
//! continuation bytes) is a letter, which is the scalar loops' rule. The written lanes are
//! packed eight at a time with a byte shuffle from a 256-entry table.
//!
//! This is the crate's only `unsafe` code: the `std::arch` intrinsics, called only after
//! run-time detection of the CPU features, and unaligned loads from slices whose length is
//! checked first. Why it exists and what it buys: docs/bench-text.md and BENCHMARKS.md.
#![allow(unsafe_code)]
// On the MSRV (1.80) intrinsics are `unsafe fn`s; newer compilers call them safe inside
// a `#[target_feature]` function and would flag the blocks as unused.
#![allow(unused_unsafe)]

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::{
    __m128i, __m256i, _mm256_add_epi8, _mm256_alignr_epi8, _mm256_and_si256, _mm256_andnot_si256,
    _mm256_castsi256_si128, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8, _mm256_extracti128_si256,
    _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8, _mm256_or_si256,
    _mm256_permute2x128_si256, _mm256_set1_epi8, _mm256_setr_m128i, _mm256_shuffle_epi8,
    _mm256_sub_epi8, _mm_add_epi8, _mm_alignr_epi8, _mm_and_si128, _mm_andnot_si128,
    _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cvtsi128_si64, _mm_cvtsi64_si128, _mm_loadu_si128,
    _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setr_epi8, _mm_shuffle_epi8,
    _mm_srli_si128, _mm_sub_epi8,
};

/// Where the block loop stopped: the next input byte (possibly a continuation byte of a
/// letter already written), the output length, and 1 if the last character seen was a
/// letter or digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stop {
    pub i: usize,
    pub o: usize,
    pub w: u64,
    /// Every byte read so far was ASCII.
    pub ascii: bool,
}

/// Which loop [`run`] uses. A vector level can only be made after run-time detection
/// of its CPU features ([`Level::best`], [`Level::ssse3`], [`Level::avx2`]), which is what
/// makes calling its `#[target_feature]` loop sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Level(Kind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Ssse3,
    Avx2,
}

impl Level {
    /// No vector loop: [`run`] returns at once.
    pub(crate) const SCALAR: Level = Level(Kind::Scalar);

    /// The 16-byte loop, if this CPU has SSSE3.
    pub(crate) fn ssse3() -> Option<Level> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("ssse3") {
                return Some(Level(Kind::Ssse3));
            }
        }
        None
    }

    /// The 32-byte loop, if this CPU has AVX2 and POPCNT.
    pub(crate) fn avx2() -> Option<Level> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("popcnt") {
                return Some(Level(Kind::Avx2));
            }
        }
        None
    }

    /// The widest loop this CPU runs.
    #[inline]
    pub(crate) fn best() -> Level {
        Self::avx2().or_else(Self::ssse3).unwrap_or(Self::SCALAR)
    }
}

/// The vector loops this CPU runs (for tests comparing each with the scalar loop).
#[cfg(test)]
pub(crate) fn vector_levels() -> Vec<Level> {
    [Level::ssse3(), Level::avx2()]
        .into_iter()
        .flatten()
        .collect()
}

/// The lane tests' strings: every character of U+0000..U+07FF and U+1E00..U+206F (every
/// Vietnamese letter, Latin-1, combining marks, typographic punctuation and spaces) and
/// every 997th code point beyond, after a letter or a space and followed by each of
/// `after`, at every lane where 16- and 32-byte blocks and their halves begin and end
/// and at the look-ahead bytes.
#[cfg(test)]
pub(crate) fn lane_cases<'a>(after: &'a [&'a str]) -> impl Iterator<Item = String> + 'a {
    let chars = (0u32..0x800)
        .chain(0x1E00..0x2070)
        .chain((0x2070..0x11_0000).step_by(997))
        .filter_map(char::from_u32);
    chars.flat_map(move |c| {
        ["a", " "].into_iter().flat_map(move |before| {
            after.iter().flat_map(move |after| {
                [0, 1, 2, 7, 14, 15, 16, 17, 18, 30, 31, 32, 33, 34]
                    .into_iter()
                    .map(move |lane| {
                        format!("{}{before}{c}{after}{}", "x".repeat(lane), "y ".repeat(12))
                    })
            })
        })
    })
}

/// What the block loop makes: a slug (separators write `-`) or a fold key (whitespace
/// writes a space; other ASCII is kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The slug rules (separators become `-`).
    Slug,
    /// The fold-key rules (whitespace becomes a space).
    Fold,
}

/// Bytes the loop needs left to run a block: 32 lanes plus two bytes of look-ahead (the
/// 16-byte loop needs 18 of them, but one threshold keeps the caller simple).
pub(crate) const READ: usize = 34;

/// Room the output buffer needs past the input's length: a block writes into the
/// [`WINDOW`] bytes from the output position, which is at most one byte past the input
/// position.
pub(crate) const SLACK: usize = 48;

/// For every 8-bit mask, the indices of its set bits in order, then 0x80 (which makes
/// `pshufb` write zero).
#[cfg(target_arch = "x86_64")]
static COMPACT: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut m = 0;
    while m < 256 {
        let mut bytes = [0x80u8; 8];
        let mut k = 0;
        let mut bit = 0;
        while bit < 8 {
            if m & (1 << bit) != 0 {
                bytes[k] = bit as u8;
                k += 1;
            }
            bit += 1;
        }
        t[m] = u64::from_le_bytes(bytes);
        m += 1;
    }
    t
};

/// Runs blocks from `start.i` while at least [`READ`] bytes are left and each block is one
/// the vector loop handles. `buf` must have [`SLACK`] bytes more than `bytes`, and
/// `start.o ≤ start.i + 1`. With [`Level::SCALAR`] it returns `start`.
///
/// Also returns where the first byte the loop could not classify is, when that is why
/// it stopped: the scalar loop takes that character, and the vector loop goes on after
/// it.
#[inline(always)]
fn run(
    level: Level,
    mode: Mode,
    bytes: &[u8],
    buf: &mut [u8],
    start: Stop,
) -> (Stop, Option<usize>) {
    let fold = mode == Mode::Fold;
    match level.0 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Level` of this kind is only made after detecting AVX2 and POPCNT.
        Kind::Avx2 => unsafe {
            if fold {
                run_avx2::<true>(bytes, buf, start)
            } else {
                run_avx2::<false>(bytes, buf, start)
            }
        },
        #[cfg(target_arch = "x86_64")]
        // SAFETY: a `Level` of this kind is only made after detecting SSSE3.
        Kind::Ssse3 => unsafe {
            if fold {
                run_ssse3::<true>(bytes, buf, start)
            } else {
                run_ssse3::<false>(bytes, buf, start)
            }
        },
        _ => {
            let _ = (fold, bytes, &buf);
            (start, None)
        }
    }
}

/// The vector part of a byte loop, called when `st.i` reaches `*resume`: runs blocks
/// from `st.i` while it can, then the last bytes as one block padded with spaces (a
/// separator in both modes, so they change nothing but a trailing separator, which the
/// caller cuts as it does anyway). Returns `true` when the whole input is done; else
/// `st` is where the caller's scalar loop goes on (a character boundary) and `*resume`
/// where it hands back: after the character the blocks could not classify, or never.
///
/// `buf` is grown so the blocks always have room.
#[inline(always)]
pub(crate) fn step(
    level: Level,
    mode: Mode,
    bytes: &[u8],
    buf: &mut Vec<u8>,
    st: &mut Stop,
    resume: &mut usize,
) -> bool {
    let need = st.o + bytes.len().saturating_sub(st.i) + SLACK;
    if buf.len() < need {
        buf.resize(need, 0);
    }
    let mut unknown = None;
    if bytes.len().saturating_sub(st.i) >= READ {
        let (stop, bad) = run(level, mode, bytes, buf, *st);
        *st = stop;
        st.i = skip_continuation(bytes, st.i);
        unknown = bad;
    }
    let left = bytes.len().saturating_sub(st.i);
    if unknown.is_none() && left > 0 && left < READ {
        let mut pad = [b' '; 2 * READ];
        if let (Some(dst), Some(src)) = (pad.get_mut(..left), bytes.get(st.i..)) {
            dst.copy_from_slice(src);
        }
        let pad = pad.get(..left + READ).unwrap_or(&pad);
        let (stop, bad) = run(level, mode, pad, buf, Stop { i: 0, ..*st });
        (st.o, st.w, st.ascii) = (stop.o, stop.w, stop.ascii);
        if stop.i >= left {
            st.i = bytes.len();
            return true;
        }
        unknown = bad.map(|b| st.i + b);
        st.i = skip_continuation(bytes, st.i + stop.i);
    }
    *resume = unknown.map_or(usize::MAX, |u| u + 1);
    unknown.is_none() && st.i >= bytes.len()
}

/// The first byte at or after `i` that is not a UTF-8 continuation byte (those of a
/// letter a block already wrote).
fn skip_continuation(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|b| b & 0xC0 == 0x80) {
        i += 1;
    }
    i
}

/// The block loop compiled for AVX2 machines (VEX-encoded, with POPCNT).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,popcnt")]
unsafe fn run_avx2<const FOLD: bool>(
    bytes: &[u8],
    buf: &mut [u8],
    start: Stop,
) -> (Stop, Option<usize>) {
    unsafe { blocks::<V256, FOLD>(bytes, buf, start) }
}

/// The block loop for SSSE3 machines.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
unsafe fn run_ssse3<const FOLD: bool>(
    bytes: &[u8],
    buf: &mut [u8],
    start: Stop,
) -> (Stop, Option<usize>) {
    unsafe { blocks::<V128, FOLD>(bytes, buf, start) }
}

/// Byte-lane operations the block loop needs, for one vector width. Every method is an
/// intrinsic, so callers must run where the width's CPU features are enabled.
#[cfg(target_arch = "x86_64")]
trait Lanes: Copy {
    /// Lanes per vector.
    const N: usize;
    /// Loads `N` bytes from `p` (unaligned).
    unsafe fn load(p: *const u8) -> Self;
    unsafe fn splat(b: u8) -> Self;
    /// The same 16-byte table in every 128-bit half (for [`Lanes::lookup`]).
    unsafe fn table(t: __m128i) -> Self;
    unsafe fn and(self, o: Self) -> Self;
    unsafe fn or(self, o: Self) -> Self;
    /// `!self & o`
    unsafe fn andnot(self, o: Self) -> Self;
    unsafe fn eq(self, o: Self) -> Self;
    /// Signed `self > o`.
    unsafe fn gt(self, o: Self) -> Self;
    unsafe fn min_u(self, o: Self) -> Self;
    unsafe fn add(self, o: Self) -> Self;
    unsafe fn sub(self, o: Self) -> Self;
    /// `table[self & 15]` per lane, 0 where bit 7 is set.
    unsafe fn lookup(self, table: Self) -> Self;
    /// Every lane moved up by one; lane 0 takes `prev`'s last lane.
    unsafe fn shift_in(self, prev: Self) -> Self;
    /// Bit `k` = bit 7 of lane `k`.
    unsafe fn mask(self) -> u32;
    /// The `low`/`high` 128-bit halves (`high` is empty for 16 lanes).
    unsafe fn halves(self) -> (__m128i, Option<__m128i>);
}

#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct V128(__m128i);

#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
struct V256(__m256i);

#[cfg(target_arch = "x86_64")]
impl Lanes for V128 {
    const N: usize = 16;
    #[inline(always)]
    unsafe fn load(p: *const u8) -> Self {
        unsafe { Self(_mm_loadu_si128(p.cast::<__m128i>())) }
    }
    #[inline(always)]
    unsafe fn splat(b: u8) -> Self {
        unsafe { Self(_mm_set1_epi8(b as i8)) }
    }
    #[inline(always)]
    unsafe fn table(t: __m128i) -> Self {
        Self(t)
    }
    #[inline(always)]
    unsafe fn and(self, o: Self) -> Self {
        unsafe { Self(_mm_and_si128(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn or(self, o: Self) -> Self {
        unsafe { Self(_mm_or_si128(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn andnot(self, o: Self) -> Self {
        unsafe { Self(_mm_andnot_si128(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn eq(self, o: Self) -> Self {
        unsafe { Self(_mm_cmpeq_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn gt(self, o: Self) -> Self {
        unsafe { Self(_mm_cmpgt_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn min_u(self, o: Self) -> Self {
        unsafe { Self(_mm_min_epu8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, o: Self) -> Self {
        unsafe { Self(_mm_add_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, o: Self) -> Self {
        unsafe { Self(_mm_sub_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn lookup(self, table: Self) -> Self {
        unsafe { Self(_mm_shuffle_epi8(table.0, self.0)) }
    }
    #[inline(always)]
    unsafe fn shift_in(self, prev: Self) -> Self {
        unsafe { Self(_mm_alignr_epi8(self.0, prev.0, 15)) }
    }
    #[inline(always)]
    unsafe fn mask(self) -> u32 {
        unsafe { _mm_movemask_epi8(self.0) as u32 }
    }
    #[inline(always)]
    unsafe fn halves(self) -> (__m128i, Option<__m128i>) {
        (self.0, None)
    }
}

#[cfg(target_arch = "x86_64")]
impl Lanes for V256 {
    const N: usize = 32;
    #[inline(always)]
    unsafe fn load(p: *const u8) -> Self {
        unsafe { Self(_mm256_loadu_si256(p.cast::<__m256i>())) }
    }
    #[inline(always)]
    unsafe fn splat(b: u8) -> Self {
        unsafe { Self(_mm256_set1_epi8(b as i8)) }
    }
    #[inline(always)]
    unsafe fn table(t: __m128i) -> Self {
        unsafe { Self(_mm256_setr_m128i(t, t)) }
    }
    #[inline(always)]
    unsafe fn and(self, o: Self) -> Self {
        unsafe { Self(_mm256_and_si256(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn or(self, o: Self) -> Self {
        unsafe { Self(_mm256_or_si256(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn andnot(self, o: Self) -> Self {
        unsafe { Self(_mm256_andnot_si256(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn eq(self, o: Self) -> Self {
        unsafe { Self(_mm256_cmpeq_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn gt(self, o: Self) -> Self {
        unsafe { Self(_mm256_cmpgt_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn min_u(self, o: Self) -> Self {
        unsafe { Self(_mm256_min_epu8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn add(self, o: Self) -> Self {
        unsafe { Self(_mm256_add_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn sub(self, o: Self) -> Self {
        unsafe { Self(_mm256_sub_epi8(self.0, o.0)) }
    }
    #[inline(always)]
    unsafe fn lookup(self, table: Self) -> Self {
        unsafe { Self(_mm256_shuffle_epi8(table.0, self.0)) }
    }
    #[inline(always)]
    unsafe fn shift_in(self, prev: Self) -> Self {
        // [prev's high half, self's low half], then byte-wise alignment within halves.
        unsafe {
            let joint = _mm256_permute2x128_si256(prev.0, self.0, 0x21);
            Self(_mm256_alignr_epi8(self.0, joint, 15))
        }
    }
    #[inline(always)]
    unsafe fn mask(self) -> u32 {
        unsafe { _mm256_movemask_epi8(self.0) as u32 }
    }
    #[inline(always)]
    unsafe fn halves(self) -> (__m128i, Option<__m128i>) {
        unsafe {
            (
                _mm256_castsi256_si128(self.0),
                Some(_mm256_extracti128_si256(self.0, 1)),
            )
        }
    }
}

/// One block's classification: the letter or kept byte per lane (0 where none), ASCII
/// separator lanes, continuation lanes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn classify<V: Lanes, const FOLD: bool>(
    v: V,
    v1: V,
    v2: V,
    c3_lo: V,
    c3_hi: V,
) -> (V, V, V) {
    unsafe {
        let s = |b: u8| V::splat(b);
        let eq = |a: V, b: u8| a.eq(s(b));
        // x - lo ≤ len as unsigned bytes
        let within = |x: V, lo: u8, len: u8| {
            let d = x.sub(s(lo));
            d.min_u(s(len)).eq(d)
        };

        let is_ascii = v.gt(s(0xFF)); // v > -1 as signed
        let (mut val, ascii_sep) = if FOLD {
            // Whitespace separates; any other ASCII but NUL is kept, lower-cased.
            let space = eq(v, b' ').or(within(v, b'\t', 4));
            let upper = within(v, b'A', 25);
            let kept = space.or(eq(v, 0)).andnot(is_ascii);
            (kept.and(v.or(upper.and(s(0x20)))), space)
        } else {
            // Letters and digits are kept, lower-cased; the apostrophe is left to the
            // scalar loop (it joins); the rest separates.
            let lower = v.or(s(0x20));
            let letter = within(lower, b'a', 25);
            let digit = within(v, b'0', 9);
            let val = letter.and(lower).or(digit.and(v));
            (val, letter.or(digit).or(eq(v, b'\'')).andnot(is_ascii))
        };

        // Two-byte Vietnamese letters: U+00C0..U+00FF by the low five bits of the
        // continuation byte (cases differ in bit 5), then the few above U+00FF.
        let low4 = v1.and(s(0x0F));
        let bit4 = eq(v1.and(s(0x10)), 0x10);
        let c3 = bit4
            .and(low4.lookup(c3_hi))
            .or(bit4.andnot(low4.lookup(c3_lo)));
        val = val.or(eq(v, 0xC3).and(c3));
        let pair = v1.and(s(0xFE)); // upper/lower case pairs
        let c4 = eq(v, 0xC4);
        let c5 = eq(v, 0xC5);
        let c6 = eq(v, 0xC6);
        let pick = |lead: V, cont: V, out: u8| lead.and(cont).and(s(out));
        val = val.or(pick(c4, eq(pair, 0x82), b'a')); // Ă ă
        val = val.or(pick(c4, eq(pair, 0x90), b'd')); // Đ đ
        val = val.or(pick(c4, eq(pair, 0xA8), b'i')); // Ĩ ĩ
        val = val.or(pick(c5, eq(pair, 0xA8), b'u')); // Ũ ũ
        val = val.or(pick(c6, eq(pair, 0xA0), b'o')); // Ơ ơ
        val = val.or(pick(c6, eq(v1, 0xAF).or(eq(v1, 0xB0)), b'u')); // Ư ư

        // Three-byte Vietnamese letters U+1EA0..U+1EF9 (E1 BA A0 .. E1 BB B9), by offset
        // from U+1EA0: a 0..23, e 24..39, i 40..43, o 44..67, u 68..81, y 82..89.
        let e1 = eq(v, 0xE1).and(eq(pair, 0xBA));
        let off = eq(v1.and(s(1)), 1)
            .and(s(0x40))
            .or(v2.and(s(0x3F)))
            .sub(s(0x20));
        let in_range = within(off, 0, 89);
        let ge = |n: u8, step: u8| off.gt(s(n - 1)).and(s(step));
        let steps = ge(24, 4)
            .add(ge(40, 4))
            .add(ge(44, 6))
            .add(ge(68, 6))
            .add(ge(82, 4));
        val = val.or(e1.and(in_range).and(s(b'a').add(steps)));

        let cont = eq(v.and(s(0xC0)), 0x80);
        (val, ascii_sep, cont)
    }
}

/// The leading bytes of the non-ASCII separators (checked only for blocks that need them):
/// NBSP, and for slugs U+2010..U+2015, U+2018, U+201A..U+201F, U+2026.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn typographic<V: Lanes, const FOLD: bool>(v: V, v1: V, v2: V) -> V {
    unsafe {
        let s = |b: u8| V::splat(b);
        let eq = |a: V, b: u8| a.eq(s(b));
        let within = |x: V, lo: u8, len: u8| {
            let d = x.sub(s(lo));
            d.min_u(s(len)).eq(d)
        };
        let nbsp = eq(v, 0xC2).and(eq(v1, 0xA0));
        if FOLD {
            return nbsp;
        }
        let quote = within(v2, 0x90, 5)
            .or(eq(v2, 0x98))
            .or(within(v2, 0x9A, 5))
            .or(eq(v2, 0xA6));
        nbsp.or(eq(v, 0xE2).and(eq(v1, 0x80)).and(quote))
    }
}

/// The block loop, for vectors of `V::N` lanes.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn blocks<V: Lanes, const FOLD: bool>(
    bytes: &[u8],
    buf: &mut [u8],
    start: Stop,
) -> (Stop, Option<usize>) {
    let Stop {
        mut i,
        mut o,
        w,
        ascii,
    } = start;
    let mut unknown = None;
    let all: u32 = if V::N == 32 {
        u32::MAX
    } else {
        (1 << V::N) - 1
    };
    unsafe {
        #[rustfmt::skip]
        let c3_lo = V::table(_mm_setr_epi8(
            b'a' as i8, b'a' as i8, b'a' as i8, b'a' as i8, 0, 0, 0, 0, // À Á Â Ã Ä Å Æ Ç
            b'e' as i8, b'e' as i8, b'e' as i8, 0, b'i' as i8, b'i' as i8, 0, 0, // È É Ê Ë Ì Í Î Ï
        ));
        #[rustfmt::skip]
        let c3_hi = V::table(_mm_setr_epi8(
            b'd' as i8, 0, b'o' as i8, b'o' as i8, b'o' as i8, b'o' as i8, 0, 0, // Ð Ñ Ò Ó Ô Õ Ö ×
            0, b'u' as i8, b'u' as i8, 0, 0, b'y' as i8, 0, 0, // Ø Ù Ú Û Ü Ý Þ ß
        ));
        let zero = V::splat(0);
        let ones = V::splat(0xFF);
        let dash = V::splat(if FOLD { b' ' } else { b'-' });
        // The last lane of `carry` is 0xFF when the character before the block left a
        // letter or digit; `high` collects bit 7 of every byte read.
        let mut carry = if w == 0 { zero } else { ones };
        let mut high = zero;
        while let Some(window) = bytes.get(i..i + V::N + 2) {
            let p = window.as_ptr();
            // SAFETY: `window` holds N + 2 bytes, so the three N-byte loads at offsets 0,
            // 1 and 2 stay inside it; the loads have no alignment requirement.
            let (v, v1, v2) = (V::load(p), V::load(p.add(1)), V::load(p.add(2)));
            let (val, mut sep, cont) = classify::<V, FOLD>(v, v1, v2, c3_lo, c3_hi);
            let is_letter = val.eq(zero).andnot(ones);
            if is_letter.or(sep).or(cont).mask() != all {
                sep = sep.or(typographic::<V, FOLD>(v, v1, v2));
                let known = is_letter.or(sep).or(cont).mask();
                if known != all {
                    unknown = Some(i + (!known).trailing_zeros() as usize);
                    break;
                }
            }
            // w after each lane: 1 after a letter, 0 after a separator, unchanged over
            // continuation bytes (at most two in a row).
            let blend = |m: V, a: V, b: V| m.and(a).or(m.andnot(b));
            let w1 = blend(cont, is_letter.shift_in(carry), is_letter);
            let wl = blend(cont, w1.shift_in(carry), w1);
            let emit = is_letter.or(sep.and(wl.shift_in(carry)));
            let out = val.or(is_letter.andnot(dash));

            // `o ≤ i + 1` and `buf` has SLACK bytes past the input, so the window fits;
            // the stores below stay inside it (`k` grows by at most 8 per quarter).
            let Some(dst) = buf
                .get_mut(o..o + WINDOW)
                .and_then(|d| <&mut [u8; WINDOW]>::try_from(d).ok())
            else {
                break;
            };
            let mask = emit.mask();
            let (lo, hi) = out.halves();
            let mut k = pack(lo, mask, dst, 0);
            if let Some(hi) = hi {
                k = pack(hi, mask >> 16, dst, k);
            }
            o += k;
            carry = wl;
            high = high.or(v);
            i += V::N;
        }
        let w = u64::from(carry.mask() >> (V::N - 1));
        let ascii = ascii && high.mask() == 0;
        (Stop { i, o, w, ascii }, unknown)
    }
}

/// Output bytes a block may touch: up to 32 written lanes, then the rest of the last
/// 8-byte store.
const WINDOW: usize = 40;

/// Writes the lanes of `half` whose bit is set in the low 16 bits of `mask`, in order,
/// at `dst[k..]`, eight lanes at a time; returns the new `k` (at most `k + 16`).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn pack(half: __m128i, mask: u32, dst: &mut [u8; WINDOW], mut k: usize) -> usize {
    unsafe {
        for (q, m) in [
            (half, mask & 0xFF),
            (_mm_srli_si128(half, 8), (mask >> 8) & 0xFF),
        ] {
            let shuf = COMPACT.get(m as usize).copied().unwrap_or(0);
            let packed = _mm_cvtsi128_si64(_mm_shuffle_epi8(q, _mm_cvtsi64_si128(shuf as i64)));
            if let Some(d) = dst.get_mut(k..k + 8) {
                d.copy_from_slice(&packed.to_le_bytes());
            }
            k += m.count_ones() as usize;
        }
    }
    k
}
