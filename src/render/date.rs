//! Dates as Vietnamese readers, feed readers and crawlers expect them.

use std::fmt::Write as _;

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

/// `Thứ Sáu, 17/08/2018 08:00`, in the given offset.
pub(crate) fn vietnamese_into(out: &mut String, t: &Timestamp, offset: FixedOffset) {
    let t = t.with_timezone(&offset);
    let wd = WEEKDAYS
        .get(t.weekday().num_days_from_monday() as usize)
        .copied()
        .unwrap_or("");
    let _ = write!(
        out,
        "{wd}, {:02}/{:02}/{:04} {:02}:{:02}",
        t.day(),
        t.month(),
        t.year(),
        t.hour(),
        t.minute()
    );
}

/// `17/08/2018`, in the given offset.
pub(crate) fn short_into(out: &mut String, t: &Timestamp, offset: FixedOffset) {
    let t = t.with_timezone(&offset);
    let _ = write!(out, "{:02}/{:02}/{:04}", t.day(), t.month(), t.year());
}

/// RFC 3339 with seconds and the numeric offset (`Z` for UTC): `2018-08-17T08:00:00+07:00`.
pub(crate) fn rfc3339_into(out: &mut String, t: &Timestamp) {
    let off = t.offset().local_minus_utc();
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if off == 0 {
        out.push('Z');
    } else {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.unsigned_abs();
        let _ = write!(out, "{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60);
    }
}

/// RFC 822 / RFC 2822 as RSS 2.0 wants it: `Fri, 17 Aug 2018 08:00:00 +0700`.
pub(crate) fn rfc822_into(out: &mut String, t: &Timestamp) {
    out.push_str(&t.to_rfc2822());
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
