//! How fresh an item is in git: when its file was created and last changed,
//! by whom, when its linked evidence last changed (`explain`), and which open
//! items have waited too long (`stale`). Built on the per-file timelines.

use serde::Serialize;

use super::Repo;
use super::timeline::{Timelines, timelines};
use crate::backlog::Backlog;
use crate::date::Date;
use crate::error::Error;

/// The timelines of the backlog at HEAD; none on an unborn branch.
pub fn at_head(repo: &Repo) -> Result<Timelines, Error> {
    match repo.head()? {
        Some(head) => timelines(repo, head),
        None => Ok(Timelines::default()),
    }
}

/// What git knows of an item: its file's life and its evidence's freshness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GitContext {
    /// The first commit that held the item's file (followed through renames);
    /// `null` while it is uncommitted.
    pub created: Option<Date>,
    pub last_changed: Option<Date>,
    /// Distinct authors of those commits, after `.mailmap`.
    pub authors: Vec<String>,
    pub commits: usize,
    pub evidence: EvidenceDates,
    /// A shallow clone cut the walk: `created` may be later than the truth.
    pub truncated: bool,
}

/// How fresh an item's evidence is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceDates {
    /// The newest `date:` among the linked notes, and that note's path
    /// (backlog-relative here; `render::explain` shows it from the current directory).
    pub newest_date: Option<Date>,
    pub newest_note: Option<String>,
    /// When a linked note last changed in git.
    pub last_changed: Option<Date>,
}

/// The git context of item `item` (an index into `backlog.items`).
pub fn git_context(backlog: &Backlog, item: usize, found: &Timelines) -> GitContext {
    let own = found
        .files
        .get(&backlog.items[item].path)
        .cloned()
        .unwrap_or_default();
    let notes: Vec<&crate::model::Feedback> = backlog.links.evidence[item]
        .iter()
        .map(|e| &backlog.feedback[e.note])
        .collect();
    let newest = notes
        .iter()
        .filter_map(|n| n.date.as_ref().map(|d| (d.value, &n.path)))
        .max();
    let last_changed = notes
        .iter()
        .filter_map(|n| found.files.get(&n.path).and_then(|t| t.last_changed))
        .max();
    GitContext {
        created: own.created,
        last_changed: own.last_changed,
        authors: own.authors,
        commits: own.commits,
        evidence: EvidenceDates {
            newest_date: newest.map(|(d, _)| d),
            newest_note: newest.map(|(_, p)| p.clone()),
            last_changed,
        },
        truncated: found.truncated,
    }
}

/// An open item whose file and linked evidence have not changed in git for a while.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Index into `backlog.items`.
    pub item: usize,
    /// The newest git change to the item's file or its linked notes.
    pub last_changed: Date,
    /// Days from `last_changed` to the as-of date.
    pub days: i32,
}

/// The open items unchanged for `days` days or more as of `today`, oldest
/// first (then by id). A file git has never seen is new work, not stale work.
pub fn stale(backlog: &Backlog, found: &Timelines, today: Date, days: u32) -> Vec<Stale> {
    let threshold = i32::try_from(days).unwrap_or(i32::MAX);
    let mut out = Vec::new();
    for (i, item) in backlog.items.iter().enumerate() {
        if !item.status.is_open() {
            continue;
        }
        let Some(own) = found.files.get(&item.path).and_then(|t| t.last_changed) else {
            continue;
        };
        let last_changed = backlog.links.evidence[i]
            .iter()
            .filter_map(|e| {
                found
                    .files
                    .get(&backlog.feedback[e.note].path)
                    .and_then(|t| t.last_changed)
            })
            .fold(own, Date::max);
        let waited = today.days_since(last_changed);
        if waited >= threshold {
            out.push(Stale {
                item: i,
                last_changed,
                days: waited,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.last_changed, &backlog.items[a.item].id.value)
            .cmp(&(b.last_changed, &backlog.items[b.item].id.value))
    });
    out
}
