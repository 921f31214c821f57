//! `rankdown stale [--days N]`: open items whose file and linked evidence
//! have not changed in git for N days, oldest first. Unlike PRIORITIES.md
//! this report may use the clock: it is about how long things have waited.

use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use super::{Cli, Context, Outcome};
use crate::date::Date;
use crate::diagnostic::clean;
use crate::error::Error;
use crate::history::Repo;
use crate::history::timeline::timelines;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many days without a change make an item stale
    #[arg(long, default_value_t = 90, value_name = "N")]
    pub days: u32,
    /// Measure ages from this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Output format
    #[arg(long, value_enum, default_value_t = StaleFormat::Text)]
    pub format: StaleFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StaleFormat {
    Text,
    Json,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| "expected a date as YYYY-MM-DD".to_owned())
}

#[derive(Debug, Serialize)]
struct StaleItem {
    id: String,
    title: String,
    path: String,
    /// The newest git change to the item's file or its linked notes.
    last_changed: Date,
    days: i32,
}

#[derive(Debug, Serialize)]
struct StaleJson {
    as_of: Date,
    days: u32,
    items: Vec<StaleItem>,
    truncated: bool,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<Outcome, Error> {
    // The git walk and the work tree's load overlap; errors come in the order
    // they would one after the other.
    let (root, _) = Context::locate(cli)?;
    let (ctx, found) = std::thread::scope(|scope| {
        let git = scope.spawn(|| {
            let repo = Repo::open(&root, "stale")?;
            let head = repo.head()?.ok_or(Error::NoCommits("stale"))?;
            timelines(&repo, head)
        });
        let ctx = Context::load(cli);
        let found = git
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (ctx, found)
    });
    let (ctx, found) = (ctx?, found?);
    let today = args.as_of.unwrap_or_else(Date::today);
    let backlog = &ctx.backlog;
    let mut items = Vec::new();
    for (i, item) in backlog.items.iter().enumerate() {
        if !item.status.is_open() {
            continue;
        }
        // A file git has never seen is new work, not stale work.
        let Some(own) = found.files.get(&item.path).and_then(|t| t.last_changed) else {
            continue;
        };
        let last = backlog.links.evidence[i]
            .iter()
            .filter_map(|e| {
                found
                    .files
                    .get(&backlog.feedback[e.note].path)
                    .and_then(|t| t.last_changed)
            })
            .fold(own, Date::max);
        let days = today.days_since(last);
        if days >= i32::try_from(args.days).unwrap_or(i32::MAX) {
            items.push(StaleItem {
                id: item.id.value.clone(),
                title: item.title.clone(),
                path: format!("{}{}", ctx.prefix, item.path),
                last_changed: last,
                days,
            });
        }
    }
    items.sort_by(|a, b| (a.last_changed, &a.id).cmp(&(b.last_changed, &b.id)));
    let text = match args.format {
        StaleFormat::Json => {
            let doc = StaleJson {
                as_of: today,
                days: args.days,
                items,
                truncated: found.truncated,
            };
            let mut text = serde_json::to_string_pretty(&doc)?;
            text.push('\n');
            text
        }
        StaleFormat::Text => {
            let mut text = String::new();
            if items.is_empty() {
                let _ = writeln!(
                    text,
                    "No open item has gone {} days without a change (as of {today}).",
                    args.days
                );
            } else {
                let _ = writeln!(
                    text,
                    "Open items unchanged for {} days or more, with their evidence (git dates, as of {today}), oldest first:\n",
                    args.days
                );
                for item in &items {
                    let _ = writeln!(
                        text,
                        "  {:>5} days  {}  {}  {}  ({})",
                        item.days,
                        item.last_changed,
                        clean(&item.id),
                        clean(&item.title),
                        clean(&item.path)
                    );
                }
            }
            if found.truncated {
                let _ = writeln!(
                    text,
                    "\n(shallow clone: history stops at its boundary, so ages may be understated)"
                );
            }
            text
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
