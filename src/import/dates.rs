//! The dates exports really hold, read as calendar days: ISO with or without
//! a time, `10/14/2026` (month first unless the first number is over 12),
//! `14.10.2026`, Jira's `14/Oct/26 9:12 AM`, `Oct 14, 2026` and RFC 2822
//! (`Wed, 14 Oct 2026 09:12:00 +0000`). The time and its zone are dropped:
//! a note is dated by the day as the export wrote it.

use crate::date::Date;

/// The day a timestamp names, or `None` when it is no date this reads.
pub fn parse_day(text: &str) -> Option<Date> {
    let text = text.trim();
    // RFC 2822 opens with an optional weekday: `Wed, 14 Oct 2026 …`.
    let text = match text.split_once(',') {
        Some((day, rest)) if weekday(day) => rest.trim(),
        _ => text,
    };
    let mut date_part = text.split_whitespace().next().unwrap_or_default();
    if date_part.as_bytes().get(10) == Some(&b'T') {
        date_part = &date_part[..10];
    }
    if let Some(date) = Date::parse(date_part) {
        return Some(date);
    }
    numeric(date_part).or_else(|| words(text))
}

fn weekday(word: &str) -> bool {
    matches!(
        word.trim().to_ascii_lowercase().get(..3),
        Some("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")
    )
}

/// `2026/10/14`, `10/14/2026`, `14/10/2026`, `14.10.2026`, `14-10-2026`,
/// `14/Oct/26`.
fn numeric(text: &str) -> Option<Date> {
    let sep = text.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = text.trim_end_matches('.').split(sep).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    if let Some(month) = month_name(b) {
        let day = a.parse().ok()?;
        return Date::from_ymd(year(c)?, month, day);
    }
    let year_first = a.len() == 4;
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    if year_first {
        return Date::from_ymd(a, b, c.parse().ok()?);
    }
    let year = year(c)?;
    if sep == '/' && a <= 12 {
        // Slashes with a first number that can be a month: the US order.
        Date::from_ymd(year, a, b)
    } else {
        Date::from_ymd(year, b, a)
    }
}

/// `Oct 14, 2026`, `14 Oct 2026`, `October 14 2026`.
fn words(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .take(3)
        .collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    if let Some(month) = month_name(a) {
        return Date::from_ymd(year(c)?, month, b.parse().ok()?);
    }
    let month = month_name(b)?;
    Date::from_ymd(year(c)?, month, a.parse().ok()?)
}

/// A four-digit year, or a two-digit one taken as 20xx.
fn year(text: &str) -> Option<i32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match text.len() {
        4 => text.parse().ok(),
        2 => text.parse::<i32>().ok().map(|y| 2000 + y),
        _ => None,
    }
}

fn month_name(text: &str) -> Option<i32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.to_ascii_lowercase();
    if lower.len() < 3 || !lower.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let index = MONTHS.iter().position(|m| lower.starts_with(m))?;
    Some(i32::try_from(index).ok()? + 1)
}

#[cfg(test)]
mod tests {
    use super::parse_day;

    #[test]
    fn the_formats_exports_use_name_the_same_day() {
        for text in [
            "2026-10-14",
            "2026-10-14 09:12",
            "2026-10-14T09:12:00Z",
            "2026/10/14",
            "10/14/2026",
            "14/10/2026",
            "14.10.2026",
            "14.10.2026 09:12",
            "14/Oct/26 9:12 AM",
            "Oct 14, 2026",
            "14 October 2026",
            "Wed, 14 Oct 2026 09:12:00 +0000",
            " 14 Oct 2026 09:12:00 -0700 ",
        ] {
            assert_eq!(
                parse_day(text).map(|d| d.to_string()).as_deref(),
                Some("2026-10-14"),
                "{text}"
            );
        }
    }

    #[test]
    fn slashes_read_month_first_when_both_could_be_months() {
        assert_eq!(
            parse_day("03/04/2026").map(|d| d.to_string()).as_deref(),
            Some("2026-03-04")
        );
    }

    #[test]
    fn non_dates_are_refused() {
        for text in [
            "",
            "soon",
            "2026-02-30",
            "13/13/2026",
            "14.10.",
            "1/2/3",
            "Oct 2026",
        ] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }
}
