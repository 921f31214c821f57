use std::io::Write;

use super::{Cli, Context, Outcome};
use crate::backlog::Backlog;
use crate::diagnostic::suggest;
use crate::error::Error;
use crate::history::Repo;
use crate::history::timeline::{Timeline, timelines};
use crate::rank;
use crate::render::explain::{self, EvidenceDates, GitContext};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (its file stem, or its `id:`)
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
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
    let Some(item) = backlog.item(&args.id) else {
        return Err(Error::UnknownItem {
            id: args.id.clone(),
            hint: suggest(&args.id, backlog.links.items.keys().map(String::as_str)),
        });
    };
    let ranking = rank::rank(backlog);
    let git = git_context(&ctx, item)?;
    let text = match args.format {
        ExplainFormat::Text => {
            let mut text = explain::text(backlog, &ranking, item);
            text.push_str(&explain::git_text(git.as_ref()));
            text
        }
        ExplainFormat::Json => {
            let mut doc = explain::explain(backlog, &ranking, item);
            doc.git = git.map(serde_json::to_value).transpose()?;
            explain::json(&doc)?
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// The item's git context; `None` outside a repository.
fn git_context(ctx: &Context, item: usize) -> Result<Option<GitContext>, Error> {
    let Some(repo) = Repo::discover(&ctx.root)? else {
        return Ok(None);
    };
    let found = match repo.head()? {
        Some(head) => timelines(&repo, head)?,
        None => crate::history::timeline::Timelines::default(),
    };
    Ok(Some(context_of(
        &ctx.backlog,
        item,
        &found.files,
        found.truncated,
        &ctx.prefix,
    )))
}

fn context_of(
    backlog: &Backlog,
    item: usize,
    files: &std::collections::BTreeMap<String, Timeline>,
    truncated: bool,
    prefix: &str,
) -> GitContext {
    let own = files
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
        .filter_map(|n| files.get(&n.path).and_then(|t| t.last_changed))
        .max();
    GitContext {
        created: own.created,
        last_changed: own.last_changed,
        authors: own.authors,
        commits: own.commits,
        evidence: EvidenceDates {
            newest_date: newest.map(|(d, _)| d),
            newest_note: newest.map(|(_, p)| format!("{prefix}{p}")),
            last_changed,
        },
        truncated,
    }
}
