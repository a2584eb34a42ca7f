//! Calendar dates for the plan's stages: proleptic Gregorian, no time zone,
//! no clock. The caller says what day it is.
//!
//! Day arithmetic goes through a day count since 1970-01-01 with the
//! `days_from_civil` / `civil_from_days` algorithms (H. Hinnant, "chrono-
//! Compatible Low-Level Date Algorithms"): eras of 400 years, 146,097 days
//! each, with the year starting in March so that the leap day falls last.

use std::fmt;

use crate::catalogue::PlanCode;
use crate::diag::{Diagnostic, Span};

/// A calendar date, from year 1 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Whether `year` has a 29 February.
pub const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1 to 12) of `year`; 0 for a month that
/// does not exist.
pub const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The earliest date: 0001-01-01.
    pub const MIN: Date = Date { year: 1, month: 1, day: 1 };
    /// The latest date: 9999-12-31.
    pub const MAX: Date = Date { year: 9999, month: 12, day: 31 };

    /// The date `year-month-day`, when it exists.
    ///
    /// ```
    /// use dmarc_lens::plan::Date;
    /// assert!(Date::new(2028, 2, 29).is_some());
    /// assert!(Date::new(2026, 2, 29).is_none());
    /// ```
    pub const fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if year < 1 || year > 9999 || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Reads `YYYY-MM-DD` (RFC 3339 `full-date`). A date that does not
    /// exist, or anything else, gives a `plan-date-invalid` diagnostic whose
    /// span points into `text`.
    ///
    /// ```
    /// use dmarc_lens::plan::Date;
    /// assert_eq!(Date::parse("2026-06-01").unwrap().to_string(), "2026-06-01");
    /// let bad = Date::parse("2026-02-30").unwrap_err();
    /// assert_eq!(bad.code.as_str(), "plan-date-invalid");
    /// assert_eq!(bad.span.slice("2026-02-30"), "30");
    /// ```
    pub fn parse(text: &str) -> Result<Date, Diagnostic> {
        let fail = |span: Span, why: &str| {
            Diagnostic::new(PlanCode::DateInvalid, span, &[("text", text), ("why", why)])
        };
        let whole = Span::new(0, text.len());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return Err(fail(whole, "it is not written as YYYY-MM-DD"));
        }
        let number = |from: usize, to: usize| -> Option<u32> {
            let part = text.get(from..to)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let Some(year) = number(0, 4) else {
            return Err(fail(Span::new(0, 4), "the year is not four digits"));
        };
        let Some(month) = number(5, 7) else {
            return Err(fail(Span::new(5, 7), "the month is not two digits"));
        };
        let Some(day) = number(8, 10) else {
            return Err(fail(Span::new(8, 10), "the day is not two digits"));
        };
        if year == 0 {
            return Err(fail(Span::new(0, 4), "there is no year 0"));
        }
        if !(1..=12).contains(&month) {
            return Err(fail(Span::new(5, 7), "there are 12 months"));
        }
        // Both fit: year <= 9999 (four digits), month <= 12.
        let (year, month) = (year as i32, month as u8);
        let last = days_in_month(year, month);
        match u8::try_from(day).ok().and_then(|d| Date::new(year, month, d)) {
            Some(date) => Ok(date),
            None => {
                let why = format!("{year:04}-{month:02} has {last} days");
                Err(fail(Span::new(8, 10), &why))
            }
        }
    }

    /// Days since 1970-01-01 (negative before it).
    pub const fn days_since_epoch(self) -> i64 {
        let year = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400; // 0..=399
        let month = self.month as i64;
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + self.day as i64 - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` days after 1970-01-01, clamped to
    /// [`Date::MIN`]..=[`Date::MAX`].
    pub const fn from_days_since_epoch(days: i64) -> Date {
        if days <= Date::MIN.days_since_epoch() {
            return Date::MIN;
        }
        if days >= Date::MAX.days_since_epoch() {
            return Date::MAX;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097; // 0..=146096
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
        // In range: the clamps above keep year within 1..=9999.
        Date { year: year as i32, month: month as u8, day: day as u8 }
    }

    /// The date `days` days later (earlier when negative), clamped to
    /// [`Date::MIN`]..=[`Date::MAX`].
    ///
    /// ```
    /// use dmarc_lens::plan::Date;
    /// let d = Date::new(2028, 2, 20).unwrap();
    /// assert_eq!(d.add_days(10).to_string(), "2028-03-01");
    /// ```
    pub const fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }

    /// The number of days from `self` to `later` (negative when earlier).
    pub const fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// `YYYYMMDD`, the iCalendar `DATE` form (RFC 5545 §3.3.4).
    pub fn basic(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|e| panic!("{text}: {}", e.message))
    }

    #[test]
    fn the_epoch_and_known_days() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("1970-01-02").days_since_epoch(), 1);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("2026-01-01").days_since_epoch(), 20_454);
        assert_eq!(Date::MIN.days_since_epoch(), -719_162);
    }

    #[test]
    fn every_day_round_trips_over_five_centuries() {
        let mut date = d("1800-01-01");
        let mut count = date.days_since_epoch();
        while date < d("2300-01-01") {
            assert_eq!(Date::from_days_since_epoch(count), date);
            let next = date.add_days(1);
            // The next day is the next day of the month, or the first of the next month.
            let expected = Date::new(date.year, date.month, date.day + 1)
                .or_else(|| Date::new(date.year, date.month + 1, 1))
                .or_else(|| Date::new(date.year + 1, 1, 1));
            assert_eq!(Some(next), expected, "after {date}");
            date = next;
            count += 1;
        }
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024) && is_leap_year(2000) && is_leap_year(2028));
        assert!(!is_leap_year(1900) && !is_leap_year(2100) && !is_leap_year(2026));
        assert_eq!(d("2028-02-28").add_days(1), d("2028-02-29"));
        assert_eq!(d("2026-02-28").add_days(1), d("2026-03-01"));
        assert_eq!(d("2100-02-28").add_days(1), d("2100-03-01"));
        assert_eq!(d("2000-02-28").add_days(1), d("2000-02-29"));
        assert_eq!(d("2028-01-01").days_until(d("2029-01-01")), 366);
        assert_eq!(d("2026-01-01").days_until(d("2027-01-01")), 365);
    }

    #[test]
    fn parse_refuses_what_is_not_a_date() {
        for (text, span) in [
            ("2026-6-1", (0, 8)),
            ("2026/06/01", (0, 10)),
            ("20a6-06-01", (0, 4)),
            ("0000-06-01", (0, 4)),
            ("2026-13-01", (5, 7)),
            ("2026-00-10", (5, 7)),
            ("2026-02-29", (8, 10)),
            ("2026-04-31", (8, 10)),
            ("2026-04-00", (8, 10)),
            ("+026-04-01", (0, 4)),
            ("", (0, 0)),
            ("2026-06-01\n", (0, 11)),
            ("２０２６-06-01", (0, 18)),
        ] {
            let e = Date::parse(text).expect_err(text);
            assert_eq!((e.span.start, e.span.end), span, "{text:?}: {}", e.message);
            assert!(e.message.ends_with('.'), "{}", e.message);
        }
        assert!(Date::parse("2026-02-29").unwrap_err().message.contains("2026-02 has 28 days"));
    }

    #[test]
    fn arithmetic_clamps_at_the_ends() {
        assert_eq!(Date::MAX.add_days(1), Date::MAX);
        assert_eq!(Date::MIN.add_days(-1), Date::MIN);
        assert_eq!(d("2026-06-01").add_days(i64::MAX), Date::MAX);
        assert_eq!(d("2026-06-01").add_days(i64::MIN), Date::MIN);
        assert_eq!(d("9999-12-31").to_string(), "9999-12-31");
        assert_eq!(d("0001-01-01").basic(), "00010101");
    }
}
