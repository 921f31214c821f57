//! `rankdown diff [BASE] [HEAD]`: load the backlog at two revisions straight
//! from git objects (or the work tree), rank both, and compare.

use std::io::Write;

use gix::ObjectId;

use super::{Cli, Context, Outcome};
use crate::backlog::{self, Backlog};
use crate::compare::{Side, compare};
use crate::error::Error;
use crate::history::Repo;
use crate::rank;
use crate::render::diff::{self, Revision};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Revision to compare from [default: the merge base of HEAD with main, else master, else the upstream]
    pub base: Option<String>,
    /// Revision to compare to [default: the work tree, uncommitted and untracked files included]
    pub head: Option<String>,
    /// Compare to the staged content (the index) instead of the work tree
    #[arg(long, conflicts_with = "head")]
    pub staged: bool,
    /// Output format: text for terminals, md for a pull-request comment
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
    Json,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ctx = Context::load(cli)?;
    let repo = Repo::open(&ctx.root, "diff")?;
    let head_commit = repo.head()?;

    let (base_id, base_label) = if let Some(spec) = &args.base {
        (repo.resolve(spec)?, spec.clone())
    } else {
        let head = head_commit.ok_or(Error::NoCommits("diff"))?;
        (repo.default_base(head)?, "merge base".to_owned())
    };
    let base_backlog = backlog::load(&repo.at_commit(base_id)?)?;
    let loaded_head;
    let (head_backlog, head_rev): (&Backlog, Revision) = match (&args.head, args.staged) {
        (Some(spec), _) => {
            let id = repo.resolve(spec)?;
            loaded_head = backlog::load(&repo.at_commit(id)?)?;
            (&loaded_head, revision(Some(id), spec))
        }
        (None, true) => {
            loaded_head = backlog::load(&repo.staged()?)?;
            (&loaded_head, revision(None, "index"))
        }
        (None, false) => (&ctx.backlog, revision(None, "work tree")),
    };
    let base_rev = revision(Some(base_id), &base_label);

    let invalid = head_backlog.has_errors();
    if invalid && !cli.quiet {
        writeln!(
            err,
            "warning: the backlog at {} has problems; run `rankdown check` (ranks below skip what could not be read)",
            head_rev.label
        )?;
    }
    let base_ranking = rank::rank(&base_backlog);
    let head_ranking = rank::rank(head_backlog);
    let cmp = compare(
        &Side {
            backlog: &base_backlog,
            ranking: &base_ranking,
        },
        &Side {
            backlog: head_backlog,
            ranking: &head_ranking,
        },
    );
    let text = match args.format {
        DiffFormat::Text => diff::text(&cmp, &base_rev, &head_rev, &ctx.prefix),
        DiffFormat::Md => diff::markdown(&cmp, &base_rev, &head_rev, &ctx.prefix),
        DiffFormat::Json => diff::json(&cmp, &base_rev, &head_rev, &ctx.prefix)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(if invalid {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn revision(commit: Option<ObjectId>, label: &str) -> Revision {
    Revision {
        commit: commit.map(|id| id.to_string()),
        label: label.to_owned(),
    }
}
