use std::io::{IsTerminal, Write};

use super::{Cli, Context, Outcome};
use crate::error::Error;
use crate::model::Status;
use crate::rank;
use crate::render::{json, table};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Only items with this status (proposed, ready, in-progress)
    #[arg(long, value_parser = parse_status)]
    pub status: Option<Status>,
    /// Only items serving this goal id
    #[arg(long, value_name = "GOAL")]
    pub goal: Option<String>,
    /// Only items with this tag
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
    let ctx = Context::load(cli)?;
    if ctx.report(err)? {
        return Ok(Outcome::Findings);
    }
    let backlog = &ctx.backlog;
    let ranking = rank::rank(backlog);
    let shown: Vec<&rank::Scored> = ranking
        .ranked
        .iter()
        .filter(|s| {
            let item = &backlog.items[s.item];
            args.status.is_none_or(|st| item.status == st)
                && args
                    .goal
                    .as_ref()
                    .is_none_or(|g| item.goals.iter().any(|l| &l.goal.value == g))
                && args.tag.as_ref().is_none_or(|t| item.tags.contains(t))
        })
        .collect();
    let filtered = args.status.is_some() || args.goal.is_some() || args.tag.is_some();
    let text = match args.format {
        ListFormat::Text => {
            let terminal = std::io::stdout().is_terminal();
            table::render(
                backlog,
                &shown,
                terminal_width(terminal),
                super::color_enabled(cli.color, &std::io::stdout()),
            )
        }
        ListFormat::Json => json::list(backlog, &ranking, &shown, !filtered)?,
        ListFormat::Csv => json::csv(backlog, &shown),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
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
