//! `rankdown hook install|uninstall|run`: a plain git pre-commit hook that
//! ranks the **staged** content (read from the index, so a partially staged
//! file yields the PRIORITIES.md that matches the commit), writes it and
//! stages it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Cli, Context, Outcome};
use crate::backlog::{self, VISION_FILE};
use crate::config::{CONFIG_FILE, Config};
use crate::error::Error;
use crate::history::Repo;
use crate::parse::Bodies;
use crate::people::PEOPLE_FILE;
use crate::rank;
use crate::render::priorities;
use crate::source::{GitSource, Source};

/// The first comment line of our hook, for people reading it.
const MARKER: &str = "# rankdown pre-commit hook";
/// The last line of our hook: the git blob id of everything above it. A hook
/// is ours only when this line is there and matches, so a hook that merely
/// mentions rankdown, or one a person edited, is never replaced or removed.
const CHECKSUM: &str = "# rankdown-hook-checksum: ";
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
        /// Allow a core.hooksPath outside this repository (the hook then runs for every repository using it)
        #[arg(long)]
        global_hooks: bool,
    },
    /// Remove the hook `install` wrote, restoring a backup it kept (needs no backlog)
    Uninstall {
        /// Allow a core.hooksPath outside this repository
        #[arg(long)]
        global_hooks: bool,
    },
    /// What the hook runs: rank the staged backlog, write PRIORITIES.md and stage it
    Run,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    match args.action {
        Action::Uninstall { global_hooks } => {
            // Uninstalling needs the repository, not a backlog.
            let start = match &cli.root {
                Some(root) => root.clone(),
                None => std::env::current_dir().map_err(|e| Error::io(".", e))?,
            };
            let repo = Repo::open(&start, "hook")?;
            uninstall(cli, &repo, global_hooks, out)
        }
        Action::Install {
            force,
            global_hooks,
        } => {
            let (root, _) = Context::locate(cli)?;
            let repo = Repo::open(&root, "hook")?;
            install(cli, &repo, force, global_hooks, out)
        }
        Action::Run => {
            let (root, prefix) = Context::locate(cli)?;
            let repo = Repo::open(&root, "hook")?;
            run_hook(cli, &repo, root, prefix, err)
        }
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

/// The hooks folder, refused when it lies outside this repository (its work
/// tree and git directory) unless `global` says the user means it.
fn hooks_dir_checked(repo: &gix::Repository, global: bool) -> Result<PathBuf, Error> {
    let dir = hooks_dir(repo);
    if global {
        return Ok(dir);
    }
    let resolved = crate::files::resolve_existing(&dir);
    let inside = [
        repo.workdir(),
        Some(repo.git_dir()),
        Some(repo.common_dir()),
    ]
    .into_iter()
    .flatten()
    .filter_map(|p| std::fs::canonicalize(p).ok())
    .any(|p| resolved.starts_with(p));
    if inside {
        Ok(dir)
    } else {
        Err(Error::GlobalHooks { dir })
    }
}

/// Whether the hook at `path` is one rankdown wrote and nobody changed since.
fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| is_our_script(&text))
}

fn is_our_script(text: &str) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let Some((above, last)) = body.rsplit_once('\n') else {
        return false;
    };
    let above = &text[..=above.len()];
    last.strip_prefix(CHECKSUM)
        .is_some_and(|sum| sum == checksum(above))
}

/// The git blob id of `text` (what `git hash-object` prints).
fn checksum(text: &str) -> String {
    gix::objs::compute_hash(
        gix::hash::Kind::Sha1,
        gix::objs::Kind::Blob,
        text.as_bytes(),
    )
    .map(|id| id.to_string())
    .unwrap_or_default()
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
    let text = format!(
        "#!/bin/sh\n{MARKER}: ranks the staged backlog and stages PRIORITIES.md.\n\
         # Installed by `rankdown hook install`; remove it with `rankdown hook uninstall`.\n\
         # Edited, it is no longer rankdown's: install and uninstall then leave it alone.\n\
         rankdown={}\n\
         [ -x \"$rankdown\" ] || rankdown=rankdown\n\
         exec \"$rankdown\" hook run --root {}\n",
        sh_quote(&exe),
        sh_quote(root)
    );
    let sum = checksum(&text);
    format!("{text}{CHECKSUM}{sum}\n")
}

fn install(
    cli: &Cli,
    repo: &Repo,
    force: bool,
    global: bool,
    out: &mut dyn Write,
) -> Result<Outcome, Error> {
    let dir = hooks_dir_checked(&repo.repo, global)?;
    let hook = dir.join("pre-commit");
    if hook.exists() && !is_ours(&hook) {
        if !force {
            return Err(Error::ForeignHook { path: hook });
        }
        let backup = dir.join(format!("pre-commit{BACKUP_SUFFIX}"));
        if std::fs::symlink_metadata(&backup).is_ok() {
            return Err(Error::HookBackupExists { path: backup });
        }
        std::fs::rename(&hook, &backup).map_err(|e| Error::io(&hook, e))?;
        if !cli.quiet {
            writeln!(out, "kept the previous hook as {}", backup.display())?;
        }
    }
    crate::files::write_if_changed(&hook, &script(repo))?;
    make_executable(&hook)?;
    if !cli.quiet {
        writeln!(out, "installed {}", hook.display())?;
    }
    Ok(Outcome::Clean)
}

/// Backlog-relative paths whose staged file differs from HEAD's.
fn changed_paths<'a>(staged: &'a GitSource, head: Option<&'a GitSource>) -> Vec<&'a str> {
    static EMPTY: BTreeMap<String, crate::source::GitFile> = BTreeMap::new();
    let head = head.map_or(&EMPTY, GitSource::files);
    let staged = staged.files();
    let mut changed: Vec<&str> = staged
        .iter()
        .filter(|(path, file)| head.get(*path) != Some(file))
        .map(|(path, _)| path.as_str())
        .collect();
    changed.extend(
        head.keys()
            .filter(|path| !staged.contains_key(*path))
            .map(String::as_str),
    );
    changed
}

/// Whether rankdown reads or writes the file: the configuration, the vision,
/// the people directory, anything in a content folder, or the output.
fn is_backlog_file(path: &str, config: &Config) -> bool {
    let folders = &config.folders;
    path == CONFIG_FILE
        || path == VISION_FILE
        || path == PEOPLE_FILE
        || path == config.output_path()
        || [&folders.goals, &folders.items, &folders.feedback]
            .into_iter()
            .any(|folder| path.starts_with(&format!("{folder}/")))
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

fn uninstall(cli: &Cli, repo: &Repo, global: bool, out: &mut dyn Write) -> Result<Outcome, Error> {
    let dir = hooks_dir_checked(&repo.repo, global)?;
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
///
/// A commit that stages no change to the backlog (its configuration, vision,
/// goals, items, feedback or PRIORITIES.md) is left alone, even when
/// PRIORITIES.md is stale: an unrelated commit should not carry a ranking
/// change, and `rankdown check` reports the staleness.
fn run_hook(
    cli: &Cli,
    repo: &Repo,
    root: PathBuf,
    prefix: String,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let staged = repo.staged()?;
    let head = match repo.head()? {
        Some(commit) => Some(repo.at_commit(commit)?),
        None => None,
    };
    let changed = changed_paths(&staged, head.as_ref());
    if changed.is_empty() {
        return Ok(Outcome::Clean);
    }
    let backlog = backlog::load(&staged, Bodies::Keep)?;
    if !changed
        .iter()
        .any(|path| is_backlog_file(path, &backlog.config))
    {
        return Ok(Outcome::Clean);
    }
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

#[cfg(test)]
mod tests {
    use super::{CHECKSUM, checksum, is_our_script};

    #[test]
    fn a_hook_is_ours_only_with_its_checksum_intact() {
        let text = "#!/bin/sh\nexec rankdown hook run\n";
        let ours = format!("{text}{CHECKSUM}{}\n", checksum(text));
        assert!(is_our_script(&ours));
        // The blob id git would give the same bytes.
        assert_eq!(checksum(""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        for theirs in [
            ours.replace("exec", "make lint; exec"),
            ours.replace(CHECKSUM, "# rankdown: "),
            text.to_owned(),
            format!("{ours}echo more\n"),
            String::new(),
        ] {
            assert!(!is_our_script(&theirs), "{theirs}");
        }
    }
}
