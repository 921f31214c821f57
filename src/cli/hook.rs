//! `rankdown hook install|uninstall|run`: a plain git pre-commit hook that
//! ranks the **staged** content (read from the index, so a partially staged
//! file yields the PRIORITIES.md that matches the commit), writes it and
//! stages it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Cli, Context, Outcome};
use crate::backlog;
use crate::error::Error;
use crate::history::Repo;
use crate::rank;
use crate::render::priorities;
use crate::source::Source;

/// The line that marks a hook as ours, so `uninstall` and `install` never
/// touch someone else's.
const MARKER: &str = "# rankdown pre-commit hook";
const BACKUP_SUFFIX: &str = ".rankdown-backup";

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Write a pre-commit hook (where core.hooksPath or the repository says)
    Install {
        /// Replace a pre-commit hook that is not rankdown's, keeping a backup
        #[arg(long)]
        force: bool,
    },
    /// Remove the hook `install` wrote, restoring a backup it kept
    Uninstall,
    /// What the hook runs: rank the staged backlog, write PRIORITIES.md and stage it
    Run,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let (root, prefix) = Context::locate(cli)?;
    let repo = Repo::open(&root, "hook")?;
    match args.action {
        Action::Install { force } => install(cli, &repo, force, out),
        Action::Uninstall => uninstall(cli, &repo, out),
        Action::Run => run_hook(cli, &repo, root, prefix, err),
    }
}

/// Where git looks for hooks: `core.hooksPath` (relative to the work tree's
/// top, `~/` expanded), else the common git directory's `hooks/` (shared by
/// linked worktrees).
fn hooks_dir(repo: &gix::Repository) -> PathBuf {
    let configured = repo
        .config_snapshot()
        .string("core.hooksPath")
        .map(|p| p.to_string())
        .filter(|p| !p.is_empty());
    match configured {
        Some(path) => {
            let path = match path.strip_prefix("~/") {
                Some(rest) => std::env::var_os("HOME").map_or_else(
                    || PathBuf::from(&path),
                    |home| PathBuf::from(home).join(rest),
                ),
                None => PathBuf::from(path),
            };
            if path.is_absolute() {
                path
            } else {
                repo.workdir()
                    .unwrap_or_else(|| repo.common_dir())
                    .join(path)
            }
        }
        None => repo.common_dir().join("hooks"),
    }
}

fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.contains(MARKER))
}

/// Single-quotes a value for sh.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn script(repo: &Repo) -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(str::to_owned))
        .unwrap_or_else(|| "rankdown".to_owned());
    let root = if repo.dir.is_empty() {
        "."
    } else {
        repo.dir.as_str()
    };
    format!(
        "#!/bin/sh\n{MARKER}: ranks the staged backlog and stages PRIORITIES.md.\n\
         # Installed by `rankdown hook install`; remove it with `rankdown hook uninstall`.\n\
         rankdown={}\n\
         [ -x \"$rankdown\" ] || rankdown=rankdown\n\
         exec \"$rankdown\" hook run --root {}\n",
        sh_quote(&exe),
        sh_quote(root)
    )
}

fn install(cli: &Cli, repo: &Repo, force: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let dir = hooks_dir(&repo.repo);
    let hook = dir.join("pre-commit");
    if hook.exists() && !is_ours(&hook) {
        if !force {
            return Err(Error::ForeignHook { path: hook });
        }
        let backup = dir.join(format!("pre-commit{BACKUP_SUFFIX}"));
        if backup.exists() {
            return Err(Error::io(
                &backup,
                std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a backup of an earlier hook is already there; move it away first",
                ),
            ));
        }
        std::fs::rename(&hook, &backup).map_err(|e| Error::io(&hook, e))?;
        if !cli.quiet {
            writeln!(out, "kept the previous hook as {}", backup.display())?;
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    std::fs::write(&hook, script(repo)).map_err(|e| Error::io(&hook, e))?;
    make_executable(&hook)?;
    if !cli.quiet {
        writeln!(out, "installed {}", hook.display())?;
    }
    Ok(Outcome::Clean)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), Error> {
    Ok(())
}

fn uninstall(cli: &Cli, repo: &Repo, out: &mut dyn Write) -> Result<Outcome, Error> {
    let dir = hooks_dir(&repo.repo);
    let hook = dir.join("pre-commit");
    if !hook.exists() {
        if !cli.quiet {
            writeln!(out, "no pre-commit hook in {}", dir.display())?;
        }
        return Ok(Outcome::Clean);
    }
    if !is_ours(&hook) {
        return Err(Error::ForeignHook { path: hook });
    }
    std::fs::remove_file(&hook).map_err(|e| Error::io(&hook, e))?;
    let backup = dir.join(format!("pre-commit{BACKUP_SUFFIX}"));
    if backup.exists() {
        std::fs::rename(&backup, &hook).map_err(|e| Error::io(&backup, e))?;
    }
    if !cli.quiet {
        writeln!(out, "removed {}", hook.display())?;
    }
    Ok(Outcome::Clean)
}

/// Ranks what is staged. Invalid content stops the commit (exit 1); a
/// changed ranking is written to the work tree and staged with `git add`
/// (which honours the index git commits from, `GIT_INDEX_FILE` included).
fn run_hook(
    cli: &Cli,
    repo: &Repo,
    root: PathBuf,
    prefix: String,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let staged = repo.staged()?;
    let backlog = backlog::load(&staged)?;
    let ctx = Context::new(cli, root, prefix, backlog);
    let output = ctx.output_file()?;
    if ctx.report(err)? {
        writeln!(
            err,
            "rankdown: the staged backlog has problems; the commit was stopped"
        )?;
        return Ok(Outcome::Findings);
    }
    let ranking = rank::rank(&ctx.backlog);
    let text = priorities::render(&ctx.backlog, &ranking);
    let output_rel = ctx.backlog.config.output_path();
    let staged_output = staged.read(&output_rel, u64::MAX)?;
    let up_to_date =
        matches!(&staged_output, Some(crate::source::Entry::File(f)) if f.bytes == text.as_bytes());
    if up_to_date {
        return Ok(Outcome::Clean);
    }
    crate::files::write_if_changed(&output, &text)?;
    let status = std::process::Command::new("git")
        .arg("add")
        .arg("--")
        .arg(&output)
        .status()
        .map_err(|e| Error::io("git", e))?;
    if !status.success() {
        return Err(Error::GitAddFailed {
            path: output,
            status,
        });
    }
    if !cli.quiet {
        writeln!(
            err,
            "rankdown: updated and staged {}",
            ctx.shown(&output_rel)
        )?;
    }
    Ok(Outcome::Clean)
}
