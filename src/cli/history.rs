//! `rankdown history ID`: the item's rank at each commit that changed the
//! backlog, read from git objects.

use std::io::Write;

use super::{Cli, Context, Outcome, TextOrJson};
use crate::backlog;
use crate::diagnostic::suggest;
use crate::error::Error;
use crate::history::Repo;
use crate::history::ranks::rank_history;
use crate::parse::Bodies;
use crate::render::history;
use crate::source::WorkTree;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (its file stem, or its `id:`) at HEAD
    pub id: String,
    /// Include the commits of merged branches, not only HEAD's first parents
    #[arg(long)]
    pub all_parents: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<Outcome, Error> {
    // The work tree's backlog only serves a "did you mean" when the id is unknown.
    let (root, _) = Context::locate(cli)?;
    let repo = Repo::open(&root, "history")?;
    let head = repo.head()?.ok_or(Error::NoCommits("history"))?;
    let mut found = rank_history(&repo, head, &args.id, !args.all_parents)?;
    if !found.found {
        let backlog = backlog::load(&WorkTree::new(&root)?, Bodies::Drop)?;
        // An alias: the history of the item that holds it now.
        if let Some(item) = backlog.item(&args.id)
            && backlog.items[item].id.value != args.id
        {
            let id = &backlog.items[item].id.value;
            found = rank_history(&repo, head, id, !args.all_parents)?;
        }
        if !found.found {
            return Err(Error::UnknownItem {
                id: args.id.clone(),
                hint: suggest(&args.id, backlog.links.items.keys().map(String::as_str)),
            });
        }
    }
    let text = match args.format {
        TextOrJson::Text => history::text(&args.id, &found, args.all_parents),
        TextOrJson::Json => history::json(&args.id, &found)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
