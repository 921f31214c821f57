//! `rankdown diff [BASE] [HEAD]`: load the backlog at two revisions straight
//! from git objects (or the work tree), rank both, and compare.

use std::io::Write;

use gix::ObjectId;

use super::{Cli, Context, Outcome};
use crate::backlog::{self, Backlog};
use crate::compare::{Side, compare};
use crate::error::Error;
use crate::history::Repo;
use crate::parse::Bodies;
use crate::rank;
use crate::render::diff::{self, Revision};
use crate::source::git::BlobCache;

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
    /// With --format md: put this before every link target, e.g. the repository's
    /// blob URL at the head commit, `https://github.com/OWNER/REPO/blob/SHA/` (in a
    /// pull-request comment relative links resolve against the page)
    #[arg(long, value_name = "URL", value_parser = link_base)]
    pub link_base: Option<String>,
}

/// A link base must be an http(s) URL ending in `/`, so that no other scheme
/// (`javascript:`) reaches a comment through it.
fn link_base(value: &str) -> Result<String, String> {
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && value.ends_with('/')
        && !value
            .chars()
            .any(|c| c.is_whitespace() || "()<>\"`".contains(c));
    if ok {
        Ok(value.to_owned())
    } else {
        Err("give an http(s) URL ending in '/', without spaces, quotes or parentheses".to_owned())
    }
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
    // Between two revisions the work tree need not hold the backlog (another
    // branch checked out, a sparse checkout): both sides come from git.
    if let Some(head_spec) = &args.head {
        let (repo, prefix) = locate_in_revisions(cli, args, head_spec)?;
        let head_id = repo.resolve(head_spec)?;
        let (base_id, base_label) = base(&repo, args, Some(head_id))?;
        // Most files are the same blob at both revisions: each is inflated once.
        let (base_files, head_files) = (repo.at_commit(base_id)?, repo.at_commit(head_id)?);
        let blobs = BlobCache::between(&base_files, &head_files);
        let base_backlog = backlog::load(&base_files.sharing(&blobs), Bodies::Drop)?;
        let head_backlog = backlog::load(&head_files.sharing(&blobs), Bodies::Drop)?;
        let link_prefix = link_prefix(&repo);
        return show(
            cli,
            args,
            Shown {
                base: (&base_backlog, revision(Some(base_id), &base_label)),
                head: (&head_backlog, revision(Some(head_id), head_spec)),
                prefix: &prefix,
                link_prefix: &link_prefix,
            },
            out,
            err,
        );
    }
    let ctx = Context::load(cli, Bodies::Drop)?;
    let repo = Repo::open(&ctx.root, "diff")?;
    let (base_id, base_label) = base(&repo, args, repo.head()?)?;
    let base_backlog = backlog::load(&repo.at_commit(base_id)?, Bodies::Drop)?;
    let loaded_head;
    let (head_backlog, head_rev): (&Backlog, Revision) = if args.staged {
        loaded_head = backlog::load(&repo.staged()?, Bodies::Drop)?;
        (&loaded_head, revision(None, "index"))
    } else {
        (&ctx.backlog, revision(None, "work tree"))
    };
    let link_prefix = link_prefix(&repo);
    show(
        cli,
        args,
        Shown {
            base: (&base_backlog, revision(Some(base_id), &base_label)),
            head: (head_backlog, head_rev),
            prefix: &ctx.prefix,
            link_prefix: &link_prefix,
        },
        out,
        err,
    )
}

/// The two sides to compare and how to name their files.
struct Shown<'a> {
    base: (&'a Backlog, Revision),
    head: (&'a Backlog, Revision),
    /// Turns a backlog-relative path into one relative to the current directory.
    prefix: &'a str,
    /// Turns a backlog-relative path into one relative to the repository root.
    link_prefix: &'a str,
}

/// The base revision: as named, else the merge base of `head` with the
/// default branch.
fn base(repo: &Repo, args: &Args, head: Option<ObjectId>) -> Result<(ObjectId, String), Error> {
    Ok(if let Some(spec) = &args.base {
        (repo.resolve(spec)?, spec.clone())
    } else {
        let head = head.ok_or(Error::NoCommits("diff"))?;
        (repo.default_base(head)?, "merge base".to_owned())
    })
}

/// The backlog folder's path from the repository root, as a prefix.
fn link_prefix(repo: &Repo) -> String {
    if repo.dir.is_empty() {
        String::new()
    } else {
        format!("{}/", repo.dir)
    }
}

/// The repository and the backlog folder in it when both sides are
/// revisions: `--root` (which need not exist in the work tree), else the
/// folder found upward in the work tree, else the nearest folder at or above
/// the current directory whose `rankdown.yaml` the head revision holds.
fn locate_in_revisions(cli: &Cli, args: &Args, head_spec: &str) -> Result<(Repo, String), Error> {
    if let Ok((root, prefix)) = Context::locate(cli) {
        return Ok((Repo::open(&root, "diff")?, prefix));
    }
    if let Some(root) = &cli.root {
        let repo = Repo::open_for_revisions(root, "diff")?;
        let head = repo.resolve(head_spec)?;
        let base = args.base.as_deref().map(|s| repo.resolve(s)).transpose()?;
        if !repo.has_backlog(head)?
            && !base
                .map(|b| repo.has_backlog(b))
                .transpose()?
                .unwrap_or(false)
        {
            return Err(Error::NotABacklog { root: root.clone() });
        }
        let (_, prefix) = Context::locate_unchecked(cli)?;
        return Ok((repo, prefix));
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let mut repo = Repo::open(&cwd, "diff")?;
    let head = repo.resolve(head_spec)?;
    let mut ups = 0;
    loop {
        if repo.has_backlog(head)? {
            return Ok((repo, "../".repeat(ups)));
        }
        if repo.dir.is_empty() {
            return Err(Error::NoBacklog { start: cwd });
        }
        repo.dir = repo
            .dir
            .rsplit_once('/')
            .map_or_else(String::new, |(up, _)| up.to_owned());
        ups += 1;
    }
}

fn show(
    cli: &Cli,
    args: &Args,
    shown: Shown<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let Shown {
        base: (base_backlog, base_rev),
        head: (head_backlog, head_rev),
        prefix,
        link_prefix,
    } = shown;
    let invalid = head_backlog.has_errors();
    if invalid && !cli.quiet {
        writeln!(
            err,
            "warning: the backlog at {} has problems; run `rankdown check` (ranks below skip what could not be read)",
            head_rev.label
        )?;
    }
    let base_ranking = rank::rank(base_backlog);
    let head_ranking = rank::rank(head_backlog);
    let cmp = compare(
        &Side {
            backlog: base_backlog,
            ranking: &base_ranking,
        },
        &Side {
            backlog: head_backlog,
            ranking: &head_ranking,
        },
    );
    let text = match args.format {
        DiffFormat::Text => diff::text(&cmp, &base_rev, &head_rev, prefix),
        DiffFormat::Md => diff::markdown(
            &cmp,
            &base_rev,
            &head_rev,
            link_prefix,
            args.link_base.as_deref().unwrap_or_default(),
        ),
        DiffFormat::Json => diff::json(&cmp, &base_rev, &head_rev, prefix)?,
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
