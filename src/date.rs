//! Calendar dates without the clock: parsing `YYYY-MM-DD`, day arithmetic for
//! ages, and the one function that reads today's date (authoring and warnings).

use std::fmt;

/// A calendar date, stored as days since 1970-01-01 so that ages are a subtraction.
///
/// rankdown never reads the clock for ranking: every date comes from content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting dates that do not exist (2026-02-30).
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<i32> {
            let part = &text[range];
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        Self::from_ymd(year, month, day)
    }

    pub fn from_ymd(year: i32, month: i32, day: i32) -> Option<Self> {
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self(days_from_civil(year, month, day)))
    }

    /// Today in UTC, from the clock. Only authoring (`init`, `new`), `stale`
    /// and the warning about notes dated after today read it; ranking never does.
    pub fn today() -> Self {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_days(i32::try_from(seconds / 86_400).unwrap_or(i32::MAX))
    }

    pub fn from_days(days: i32) -> Self {
        Self(days)
    }

    pub fn days(self) -> i32 {
        self.0
    }

    /// Whole days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.0 - earlier.0
    }

    pub fn ymd(self) -> (i32, i32, i32) {
        civil_from_days(self.0)
    }

    /// The first day of this date's month.
    #[must_use]
    pub fn start_of_month(self) -> Self {
        let (year, month, _) = self.ymd();
        Self(days_from_civil(year, month, 1))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: i32) -> i32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days.
fn days_from_civil(year: i32, month: i32, day: i32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, i32, i32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn parses_and_prints_round_trip() {
        for text in ["1970-01-01", "2024-02-29", "2026-11-26", "1999-12-31"] {
            assert_eq!(
                Date::parse(text).map(|d| d.to_string()).as_deref(),
                Some(text)
            );
        }
        assert_eq!(Date::parse("1970-01-01").map(Date::days), Some(0));
    }

    #[test]
    fn start_of_month_keeps_year_and_month() {
        for (text, start) in [
            ("2026-11-20", "2026-11-01"),
            ("2026-11-01", "2026-11-01"),
            ("2024-02-29", "2024-02-01"),
            ("2026-12-31", "2026-12-01"),
            ("1969-03-15", "1969-03-01"),
        ] {
            let date = Date::parse(text).map(Date::start_of_month);
            assert_eq!(date.map(|d| d.to_string()).as_deref(), Some(start));
        }
    }

    #[test]
    fn rejects_impossible_or_malformed_dates() {
        for text in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "26-1-1",
            "2026/01/01",
            "2026-1-01",
            "+026-01-01",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }

    #[test]
    fn differences_are_in_days() {
        let a = Date::parse("2026-01-01").expect("valid");
        let b = Date::parse("2026-03-01").expect("valid");
        assert_eq!(b.days_since(a), 59);
    }
}
