//! Fatal errors (usage, I/O, configuration, git): one typed enum, printed
//! once by `main`, exit code 2.

use std::io;
use std::path::PathBuf;

/// A problem that stops a run before or outside content checks: exit code 2.
///
/// Content problems are [`crate::diagnostic::Diagnostic`]s instead, collected
/// across every file so that one run shows them all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no rankdown.yaml found in {} or any parent folder\n  hint: pass --root DIR, or create a backlog with a rankdown.yaml",
        start.display()
    )]
    NoBacklog { start: PathBuf },
    #[error("no rankdown.yaml in {}\n  hint: --root names the backlog folder itself, the one holding rankdown.yaml", root.display())]
    NotABacklog { root: PathBuf },
    #[error("output path '{}' leads outside the backlog root through a symbolic link", path.display())]
    OutputEscapes { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot write output: {0}")]
    Output(io::Error),
    #[error("cannot serialise output as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("output path '{path}' {reason}")]
    BadOutputPath { path: String, reason: &'static str },
    #[error("no item with id '{id}'{}", hint.as_ref().map(|h| format!("\n  hint: did you mean '{h}'?")).unwrap_or_default())]
    UnknownItem { id: String, hint: Option<String> },
    /// `rankdown link` could not add the links safely; nothing was written.
    #[error("cannot link {path}: {reason}; nothing was written")]
    CannotLink { path: String, reason: String },
    /// A name that matches nothing: a `list --goal` or `--tag`, a man page.
    #[error("unknown {kind} '{value}'\n  hint: {hint}")]
    Unknown {
        kind: &'static str,
        value: String,
        hint: String,
    },
    #[error("{} is not rankdown's hook; left untouched\n  hint: `rankdown hook install --force` replaces it and keeps a backup", path.display())]
    ForeignHook { path: PathBuf },
    #[error("{} already holds a backup of an earlier hook; nothing was changed\n  hint: move it away first", path.display())]
    HookBackupExists { path: PathBuf },
    #[error(
        "the hooks folder {} (core.hooksPath) is outside this repository, so a hook there runs for every repository that uses it; nothing was changed\n  hint: pass --global-hooks if that is what you mean, or set core.hooksPath for this repository only",
        dir.display()
    )]
    GlobalHooks { dir: PathBuf },
    /// A file rankdown would have to overwrite.
    #[error("{path}: already exists; rankdown never overwrites a file, so nothing was written")]
    AlreadyExists { path: String },
    /// A new file whose id another file of the backlog already has.
    #[error("{path}: the id '{id}' is already used by {other}; nothing was written")]
    IdTaken {
        path: String,
        id: String,
        other: String,
    },
    #[error("`git add {}` failed ({status}); the file was written but not staged", path.display())]
    GitAddFailed {
        path: PathBuf,
        status: std::process::ExitStatus,
    },
    /// `rank --model` with a model other than the configured one.
    #[error(
        "rank --model {asked}: rankdown.yaml ranks with `{configured}`, so a {output} ranked with `{asked}` would fail `rankdown check`; nothing was written\n  hint: to switch, set `model: {asked}` in rankdown.yaml; to look first, run `rankdown list --model {asked}` or `rankdown compare {asked}`"
    )]
    OtherModel {
        asked: crate::model::RankModel,
        configured: crate::model::RankModel,
        output: String,
    },
    #[error("{flag} does not apply to `rankdown import {kind}`: it {applies}")]
    FlagNotForKind {
        flag: &'static str,
        kind: String,
        applies: &'static str,
    },
    #[error("the backlog has problems; run `rankdown check` to see them")]
    InvalidContent,
    #[error("{} is not inside a git repository\n  hint: `rankdown {command}` reads the backlog's git history; run `git init` and commit first", root.display())]
    NoRepository {
        root: PathBuf,
        command: &'static str,
    },
    /// A failure inside git's object database or configuration; the source
    /// error is kept for callers that want more than its message.
    #[error("git: {0}")]
    Git(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("cannot open the git repository {}: {reason}", git_dir.display())]
    OpenRepository { git_dir: PathBuf, reason: String },
    #[error("unknown revision '{spec}': {reason}")]
    BadRevision { spec: String, reason: String },
    #[error(
        "the repository has no commits yet\n  hint: commit the backlog first; `rankdown {0}` compares commits"
    )]
    NoCommits(&'static str),
    #[error("cannot find the revision to compare with: {reason}\n  hint: {}", if *shallow {
        "this is a shallow clone: fetch the whole history (in GitHub Actions, `fetch-depth: 0` on actions/checkout), or name the base: `rankdown diff BASE`"
    } else {
        "name the revision to compare with: `rankdown diff BASE`"
    })]
    NoBase { reason: String, shallow: bool },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// Writing to a closed pipe (`rankdown list | head`) is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Self::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        Self::Output(err)
    }
}
