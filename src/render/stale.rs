//! `rankdown stale`: the open items that waited too long, as terminal text or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::backlog::Backlog;
use crate::date::Date;
use crate::diagnostic::clean;
use crate::history::freshness::Stale;

/// What a stale report is about.
pub struct Report<'a> {
    pub backlog: &'a Backlog,
    pub items: &'a [Stale],
    pub as_of: Date,
    pub days: u32,
    /// A shallow clone cut the walk: ages may be understated.
    pub truncated: bool,
    /// Turns backlog-relative paths into paths from the current directory.
    pub prefix: &'a str,
}

#[derive(Debug, Serialize)]
struct StaleItem<'a> {
    id: &'a str,
    title: &'a str,
    path: String,
    /// The newest git change to the item's file or its linked notes.
    last_changed: Date,
    days: i32,
}

#[derive(Debug, Serialize)]
struct StaleJson<'a> {
    as_of: Date,
    days: u32,
    items: Vec<StaleItem<'a>>,
    truncated: bool,
}

pub fn json(report: &Report<'_>) -> serde_json::Result<String> {
    let doc = StaleJson {
        as_of: report.as_of,
        days: report.days,
        items: report
            .items
            .iter()
            .map(|s| {
                let item = &report.backlog.items[s.item];
                StaleItem {
                    id: &item.id.value,
                    title: &item.title,
                    path: format!("{}{}", report.prefix, item.path),
                    last_changed: s.last_changed,
                    days: s.days,
                }
            })
            .collect(),
        truncated: report.truncated,
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

pub fn text(report: &Report<'_>) -> String {
    let (today, days) = (report.as_of, report.days);
    let mut text = String::new();
    if report.items.is_empty() {
        let _ = writeln!(
            text,
            "No open item has gone {days} days without a change (as of {today})."
        );
    } else {
        let _ = writeln!(
            text,
            "Open items unchanged for {days} days or more, with their evidence (git dates, as of {today}), oldest first:\n"
        );
        for s in report.items {
            let item = &report.backlog.items[s.item];
            let _ = writeln!(
                text,
                "  {:>5} days  {}  {}  {}  ({}{})",
                s.days,
                s.last_changed,
                clean(&item.id.value),
                clean(&item.title),
                report.prefix,
                item.path
            );
        }
    }
    if report.truncated {
        let _ = writeln!(
            text,
            "\n(shallow clone: history stops at its boundary, so ages may be understated)"
        );
    }
    text
}
