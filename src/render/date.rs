//! Dates as Vietnamese readers, feed readers and crawlers expect them.

use chrono::format::{Fixed, Item};
use chrono::{Datelike, FixedOffset, Timelike};

use crate::model::Timestamp;

const WEEKDAYS: [&str; 7] = [
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
];

// Hand-written digits: chrono's format items cost +9.6 % on render_count's callgrind count.
/// "00".."99" as one string: two-digit fields are a slice of it.
const DIGITS2: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// Appends `n` (0..=99) as two digits.
fn push2(out: &mut String, n: u32) {
    let i = (n % 100) as usize * 2;
    out.push_str(DIGITS2.get(i..i + 2).unwrap_or("00"));
}

/// Appends a year as at least four digits (`-` before negative years).
fn push_year(out: &mut String, y: i32) {
    if (0..=9999).contains(&y) {
        let y = y as u32;
        push2(out, y / 100);
        push2(out, y % 100);
    } else {
        out.push_str(&format!("{y:04}"));
    }
}

/// Appends `17/08/2018`.
fn push_dmy(out: &mut String, t: &chrono::NaiveDateTime) {
    push2(out, t.day());
    out.push('/');
    push2(out, t.month());
    out.push('/');
    push_year(out, t.year());
}

/// Appends `2018-08-17`.
fn push_ymd(out: &mut String, t: &chrono::NaiveDateTime) {
    push_year(out, t.year());
    out.push('-');
    push2(out, t.month());
    out.push('-');
    push2(out, t.day());
}

/// Appends `Thứ Sáu, 17/08/2018`.
fn push_weekday_dmy(out: &mut String, t: &chrono::NaiveDateTime) {
    let wd = WEEKDAYS
        .get(t.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or("");
    out.push_str(wd);
    out.push_str(", ");
    push_dmy(out, t);
}

/// `Thứ Sáu, 17/08/2018 08:00`, in the given offset.
pub(crate) fn vietnamese_into(out: &mut String, t: &Timestamp, offset: FixedOffset) {
    let t = t.with_timezone(&offset).naive_local();
    push_weekday_dmy(out, &t);
    out.push(' ');
    push2(out, t.hour());
    out.push(':');
    push2(out, t.minute());
}

/// `Thứ Sáu, 17/08/2018` (no time of day), in the given offset.
pub(crate) fn vietnamese_date_into(out: &mut String, t: &Timestamp, offset: FixedOffset) {
    let t = t.with_timezone(&offset).naive_local();
    push_weekday_dmy(out, &t);
}

/// The calendar date as ISO 8601 / HTML wants it: `2018-08-17`, in the given offset.
pub(crate) fn iso_date_into(out: &mut String, t: &Timestamp, offset: FixedOffset) {
    let t = t.with_timezone(&offset).naive_local();
    push_ymd(out, &t);
}

/// `17/08/2018`, in the given offset.
pub(crate) fn short_into(out: &mut String, t: &Timestamp, offset: FixedOffset) {
    let t = t.with_timezone(&offset).naive_local();
    push_dmy(out, &t);
}

/// RFC 3339 with seconds and the numeric offset (`Z` for UTC): `2018-08-17T08:00:00+07:00`.
pub(crate) fn rfc3339_into(out: &mut String, t: &Timestamp) {
    let off = t.offset().local_minus_utc();
    let t = t.naive_local();
    push_ymd(out, &t);
    out.push('T');
    push2(out, t.hour());
    out.push(':');
    push2(out, t.minute());
    out.push(':');
    push2(out, t.second());
    if off == 0 {
        out.push('Z');
    } else {
        out.push(if off < 0 { '-' } else { '+' });
        let a = off.unsigned_abs();
        push2(out, a / 3600);
        out.push(':');
        push2(out, (a % 3600) / 60);
    }
}

/// RFC 822 / RFC 2822 (`Fri, 17 Aug 2018 08:00:00 +0700`), chrono's own writer.
const RFC2822: [Item<'static>; 1] = [Item::Fixed(Fixed::RFC2822)];

/// RFC 822 / RFC 2822 as RSS 2.0 wants it: `Fri, 17 Aug 2018 08:00:00 +0700`. A year
/// outside 0..=9999, which RFC 2822 cannot write, is written in RFC 3339 form instead.
pub(crate) fn rfc822_into(out: &mut String, t: &Timestamp) {
    let mut s = String::new();
    if t.format_with_items(RFC2822.iter()).write_to(&mut s).is_ok() {
        out.push_str(&s);
    } else {
        rfc3339_into(out, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn forms() {
        let t: Timestamp = "2018-08-17T08:00:00+07:00".parse().unwrap();
        let mut s = String::new();
        vietnamese_into(&mut s, &t, crate::model::VIETNAM_OFFSET);
        assert_eq!(s, "Thứ Sáu, 17/08/2018 08:00");
        s.clear();
        rfc3339_into(&mut s, &t);
        assert_eq!(s, "2018-08-17T08:00:00+07:00");
        s.clear();
        rfc822_into(&mut s, &t);
        assert_eq!(s, "Fri, 17 Aug 2018 08:00:00 +0700");
        // A UTC timestamp is shown in Vietnam time.
        let u: Timestamp = "2018-08-19T01:30:00Z".parse().unwrap();
        s.clear();
        vietnamese_into(&mut s, &u, crate::model::VIETNAM_OFFSET);
        assert_eq!(s, "Chủ Nhật, 19/08/2018 08:30");
        s.clear();
        rfc3339_into(&mut s, &u);
        assert_eq!(s, "2018-08-19T01:30:00Z");
        s.clear();
        short_into(&mut s, &u, crate::model::VIETNAM_OFFSET);
        assert_eq!(s, "19/08/2018");
        // Years below 1000 keep four digits; fractions of a second are not written.
        let old: Timestamp = "0987-01-02T03:04:05.678-05:30".parse().unwrap();
        s.clear();
        rfc3339_into(&mut s, &old);
        assert_eq!(s, "0987-01-02T03:04:05-05:30");
        s.clear();
        vietnamese_into(&mut s, &old, crate::model::VIETNAM_OFFSET);
        assert_eq!(s, "Thứ Ba, 02/01/0987 15:34");
        // RFC 2822 has no form for year 10000: no panic, the RFC 3339 form instead.
        let far = crate::model::VIETNAM_OFFSET
            .with_ymd_and_hms(10000, 1, 1, 0, 0, 0)
            .unwrap();
        s.clear();
        rfc822_into(&mut s, &far);
        assert_eq!(s, "10000-01-01T00:00:00+07:00");
        s.clear();
        vietnamese_date_into(&mut s, &t, crate::model::VIETNAM_OFFSET);
        assert_eq!(s, "Thứ Sáu, 17/08/2018");
        s.clear();
        iso_date_into(&mut s, &t, crate::model::VIETNAM_OFFSET);
        assert_eq!(s, "2018-08-17");
    }
}
