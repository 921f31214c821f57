//! `rankdown list`: the ranked items (and, when asked, the closed ones) as a
//! terminal table, JSON or CSV, filtered by status, goal or tag.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};

use super::{Cli, Context, Outcome};
use crate::backlog::Backlog;
use crate::error::Error;
use crate::model::Status;
use crate::parse::Bodies;
use crate::rank;
use crate::render::{json, table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Rank with this model for this run instead of `model:` in rankdown.yaml
    #[arg(long, value_enum, value_name = "NAME")]
    pub model: Option<crate::model::RankModel>,
    /// Only items with this status (proposed, ready, in-progress, or done and dropped for closed items)
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// Only items serving this goal id (an unknown goal is an error)
    #[arg(long, value_name = "GOAL")]
    pub goal: Option<String>,
    /// Only items with this tag (a tag no item has is an error)
    #[arg(long)]
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
    Csv,
}

fn parse_status(text: &str) -> Result<Status, String> {
    use crate::model::Keyword;
    Status::from_word(text)
        .ok_or_else(|| format!("expected one of: {}", Status::words().join(", ")))
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut ctx = Context::load(cli, Bodies::Drop)?;
    ctx.use_model(args.model);
    if ctx.report(err)? {
        return Ok(Outcome::Findings);
    }
    let backlog = &ctx.backlog;
    check_filters(backlog, args)?;
    let ranking = rank::rank(backlog);
    let selected = |i: usize| {
        let item = &backlog.items[i];
        args.status.is_none_or(|st| item.status == st)
            && args
                .goal
                .as_ref()
                .is_none_or(|g| item.goals.iter().any(|l| &l.goal.value == g))
            && args.tag.as_ref().is_none_or(|t| item.tags.contains(t))
    };
    let shown: Vec<&rank::Scored> = ranking.ranked.iter().filter(|s| selected(s.item)).collect();
    let closed: Vec<usize> = ranking
        .closed
        .iter()
        .copied()
        .filter(|&i| selected(i))
        .collect();
    // JSON always has its `closed` list; the table and CSV show closed items
    // when `--status` asks for them.
    let closed_rows: &[usize] = if args.status.is_some_and(|st| !st.is_open()) {
        &closed
    } else {
        &[]
    };
    let text = match args.format {
        ListFormat::Text => {
            let terminal = std::io::stdout().is_terminal();
            table::render(
                backlog,
                &shown,
                closed_rows,
                terminal_width(terminal),
                super::color_enabled(cli.color, &std::io::stdout()),
            )
        }
        ListFormat::Json => json::list_with_closed(backlog, &ranking, &shown, &closed)?,
        ListFormat::Csv => json::csv_with_closed(backlog, &shown, closed_rows),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// A `--goal` no goal file defines, or a `--tag` no item carries, is a
/// mistake (most likely a typo), not an empty selection.
fn check_filters(backlog: &Backlog, args: &Args) -> Result<(), Error> {
    if let Some(goal) = &args.goal {
        let known: Vec<&str> = backlog.goals.iter().map(|g| g.id.value.as_str()).collect();
        if !known.contains(&goal.as_str()) {
            return Err(super::unknown("goal", goal, known));
        }
    }
    if let Some(tag) = &args.tag {
        let known: BTreeSet<&str> = backlog
            .items
            .iter()
            .flat_map(|i| i.tags.iter().map(String::as_str))
            .collect();
        if !known.contains(tag.as_str()) {
            return Err(super::unknown("tag", tag, known.into_iter().collect()));
        }
    }
    Ok(())
}

/// `COLUMNS` when set (as shells export it), else the terminal's width, else 100.
fn terminal_width(terminal: bool) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| {
            terminal
                .then(terminal_size::terminal_size)
                .flatten()
                .map(|(w, _)| usize::from(w.0))
        })
        .unwrap_or(100)
}
