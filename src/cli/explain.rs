//! `rankdown explain ID`: load, rank, and print every term of one item's score;
//! inside a repository, with its git context from `history::freshness`.

use std::io::Write;

use super::{Cli, Context, Outcome, TextOrJson};
use crate::diagnostic::suggest;
use crate::error::Error;
use crate::history::Repo;
use crate::history::freshness::{self, GitContext};
use crate::parse::Bodies;
use crate::rank;
use crate::render::explain;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (its file stem, or its `id:`)
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Rank with this model for this run instead of `model:` in rankdown.yaml
    #[arg(long, value_enum, value_name = "NAME")]
    pub model: Option<crate::model::RankModel>,
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
    let Some(item) = backlog.item(&args.id) else {
        return Err(Error::UnknownItem {
            id: args.id.clone(),
            hint: suggest(&args.id, backlog.links.items.keys().map(String::as_str)),
        });
    };
    let ranking = rank::rank(backlog);
    let git = git_context(&ctx, item)?;
    let text = match args.format {
        TextOrJson::Text => {
            let mut text = explain::text(backlog, &ranking, item);
            text.push_str(&explain::git_text(git.as_ref(), &ctx.prefix));
            text
        }
        TextOrJson::Json => {
            let mut doc = explain::explain(backlog, &ranking, item);
            doc.git = git.map(|g| explain::shown_from(g, &ctx.prefix));
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
    let found = freshness::at_head(&repo)?;
    Ok(Some(freshness::git_context(&ctx.backlog, item, &found)))
}
