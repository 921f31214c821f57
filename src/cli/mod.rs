//! The command line. Each subcommand is a function writing to `&mut dyn
//! Write`, so tests can run it without a process.

mod check;
mod compare;
mod completions;
mod configuration;
mod diff;
mod explain;
mod history;
mod hook;
mod import;
mod init;
mod link;
mod list;
mod new;
mod rank;
mod schema;
mod stale;
mod suggest;
mod themes;
mod value_enums;

/// The file-name slug of a title, shared with the importers.
pub(crate) use new::slug;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::backlog::{self, Backlog};
use crate::config;
use crate::diagnostic::{self, DiagnosticFormat};
use crate::error::Error;
use crate::model::RankModel;
use crate::parse::Bodies;
use crate::source::WorkTree;

/// `--format` of the commands that print either terminal text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

/// Rank a Markdown backlog by business goals and user evidence.
///
/// rankdown reads goals, items and feedback notes (Markdown with YAML front
/// matter) from a backlog folder holding rankdown.yaml, links each piece of
/// feedback to the items it speaks of, and writes a ranked PRIORITIES.md.
#[derive(Debug, Parser)]
#[command(name = "rankdown", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The backlog folder (holding rankdown.yaml); found upward from the current directory when omitted
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print nothing but data and errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to use colour in diagnostics
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write PRIORITIES.md (the default command)
    Rank(rank::Args),
    /// Validate everything; fail with a diff when PRIORITIES.md is stale
    Check(check::Args),
    /// Show the ranked items (filters: --status, --goal, --tag)
    List(list::Args),
    /// Show every term of one item's score, with its evidence
    Explain(explain::Args),
    /// Two models' rankings side by side: moves, the largest movers, Kendall's τ-b
    Compare(compare::Args),
    /// Print the effective configuration (defaults filled in) as YAML for rankdown.yaml
    Config(configuration::Args),
    /// How the ranking moved between two git revisions, and why
    Diff(diff::Args),
    /// The item's rank at each commit that changed the backlog
    History(history::Args),
    /// Open items whose file and evidence have not changed in a while (git dates)
    Stale(stale::Args),
    /// Suggest the open items each unlinked feedback note speaks of
    Suggest(suggest::Args),
    /// Clusters of unlinked notes that fit no item, with the goal each resembles
    Themes(themes::Args),
    /// Add items to a feedback note's `items:` field (only that field changes)
    Link(link::Args),
    /// Install or remove the git pre-commit hook that ranks the staged content
    Hook(hook::Args),
    /// Feedback notes from other tools' exports; Backlog.md tasks as items
    Import(import::Args),
    /// Create a new backlog that passes `check` at once
    Init(init::Args),
    /// Create an item, goal or feedback note from a template
    New(new::Args),
    /// Print the JSON Schema of a front matter kind, for editors
    Schema(schema::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::Args),
    /// Print a man page (roff), or write them all with --dir
    Man(completions::ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How a run ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: invalid content, stale or missing output.
    Findings,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
        }
    }
}

pub fn run(cli: &Cli) -> Result<Outcome, Error> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let outcome = match &cli.command {
        None => rank::run(cli, &rank::Args::default(), &mut err),
        Some(Command::Rank(args)) => rank::run(cli, args, &mut err),
        Some(Command::Diff(args)) => diff::run(cli, args, &mut out, &mut err),
        Some(Command::History(args)) => history::run(cli, args, &mut out, &mut err),
        Some(Command::Stale(args)) => stale::run(cli, args, &mut out, &mut err),
        Some(Command::Suggest(args)) => suggest::run(cli, args, &mut out, &mut err),
        Some(Command::Themes(args)) => themes::run(cli, args, &mut out, &mut err),
        Some(Command::Link(args)) => link::run(cli, args, &mut out, &mut err),
        Some(Command::Hook(args)) => hook::run(cli, args, &mut out, &mut err),
        Some(Command::Import(args)) => import::run(cli, args, &mut out, &mut err),
        Some(Command::Init(args)) => init::run(cli, args, &mut out, &mut err),
        Some(Command::New(args)) => new::run(cli, args, &mut out, &mut err),
        Some(Command::Schema(args)) => schema::run(cli, args, &mut out, &mut err),
        Some(Command::Completions(args)) => completions::completions(args, &mut out),
        Some(Command::Man(args)) => completions::man(cli, args, &mut out, &mut err),
        Some(Command::Check(args)) => check::run(cli, args, &mut out, &mut err),
        Some(Command::List(args)) => list::run(cli, args, &mut out, &mut err),
        Some(Command::Explain(args)) => explain::run(cli, args, &mut out, &mut err),
        Some(Command::Compare(args)) => compare::run(cli, args, &mut out, &mut err),
        Some(Command::Config(args)) => configuration::run(cli, args, &mut out, &mut err),
    }?;
    out.flush()?;
    Ok(outcome)
}

/// A loaded backlog and how to show paths to the user.
pub(crate) struct Context {
    pub root: PathBuf,
    pub backlog: Backlog,
    /// Turns a root-relative path into one relative to the current directory.
    pub prefix: String,
    pub styled: bool,
    /// `model:` as rankdown.yaml sets it, whatever `--model` asks for.
    pub configured_model: RankModel,
}

impl Context {
    /// Loads the backlog of the work tree; `bodies` says whether the command
    /// reads items' and notes' bodies (see [`Bodies`]).
    pub fn load(cli: &Cli, bodies: Bodies) -> Result<Self, Error> {
        let (root, prefix) = Self::locate(cli)?;
        let source = WorkTree::new(&root)?;
        let backlog = backlog::load(&source, bodies)?;
        Ok(Self::new(cli, root, prefix, backlog))
    }

    /// A context for a backlog loaded from another source (the index, a commit).
    /// Notes dated after today are warned about here, the one place a
    /// command reads the clock for content (see [`crate::rank::future_dates`]).
    pub fn new(cli: &Cli, root: PathBuf, prefix: String, mut backlog: Backlog) -> Self {
        let future = crate::rank::future_dates(&backlog, crate::date::Date::today());
        if !future.is_empty() {
            backlog.diagnostics.extend(future);
            diagnostic::sort(&mut backlog.diagnostics);
        }
        Self {
            root,
            configured_model: backlog.config.model,
            backlog,
            prefix,
            styled: color_enabled(cli.color, &std::io::stderr()),
        }
    }

    /// Ranks with `--model` for this run, when given, instead of `model:`.
    pub fn use_model(&mut self, model: Option<RankModel>) {
        if let Some(model) = model {
            self.backlog.config.model = model;
        }
    }

    /// The backlog root (`--root`, else found upward) and the prefix that
    /// turns root-relative paths into paths relative to the current directory.
    pub fn locate(cli: &Cli) -> Result<(PathBuf, String), Error> {
        if let Some(root) = &cli.root
            && !root.join(config::CONFIG_FILE).is_file()
        {
            return Err(Error::NotABacklog { root: root.clone() });
        }
        Self::locate_unchecked(cli)
    }

    /// As [`Context::locate`], without checking that `--root` holds a
    /// `rankdown.yaml` in the work tree (for a backlog read from revisions).
    pub fn locate_unchecked(cli: &Cli) -> Result<(PathBuf, String), Error> {
        Ok(if let Some(root) = &cli.root {
            (root.clone(), dir_prefix(root))
        } else {
            let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
            let root = config::discover(&cwd)?;
            let prefix = cwd
                .strip_prefix(&root)
                .map(|below| "../".repeat(below.components().count()))
                .unwrap_or_default();
            (root, prefix)
        })
    }

    /// Prints the diagnostics (human form, to stderr); true when any is an error.
    pub fn report(&self, err: &mut dyn Write) -> Result<bool, Error> {
        let diagnostics = &self.backlog.diagnostics;
        if !diagnostics.is_empty() {
            let text = diagnostic::render(
                diagnostics,
                DiagnosticFormat::Human,
                &self.backlog,
                &self.prefix,
                self.styled,
            )?;
            err.write_all(text.as_bytes())?;
        }
        Ok(self.backlog.has_errors())
    }

    /// The output file's path, refused (exit 2) unless it is a regular file
    /// inside the root, outside the content folders and the git directory
    /// (see [`crate::files::output_target`]).
    pub fn output_file(&self) -> Result<PathBuf, Error> {
        crate::files::output_target(&self.root, &self.backlog.config)
    }

    /// A root-relative path as the user sees it, for a terminal: relative to
    /// the current directory, control characters escaped.
    pub fn shown(&self, path: &str) -> String {
        crate::render::terminal::sanitize(&format!("{}{path}", self.prefix))
    }
}

/// The error for a name that matches nothing (a `list --goal`, a `man`
/// page): exit 2, with the closest known name or the known ones as a hint.
pub(crate) fn unknown(kind: &'static str, value: &str, mut known: Vec<&str>) -> Error {
    /// How many known names a hint lists.
    const SHOWN: usize = 12;
    known.sort_unstable();
    known.dedup();
    let hint = if let Some(close) = crate::diagnostic::suggest(value, known.iter().copied()) {
        format!("did you mean '{close}'?")
    } else if known.is_empty() {
        format!("there is no {kind} to choose from")
    } else if known.len() <= SHOWN {
        format!("one of: {}", known.join(", "))
    } else {
        format!("one of: {}, …", known[..SHOWN].join(", "))
    };
    Error::Unknown {
        kind,
        value: value.to_owned(),
        hint,
    }
}

/// `sample-backlog` → `sample-backlog/`; `.` → the empty prefix.
fn dir_prefix(root: &Path) -> String {
    let text = root.to_string_lossy().replace('\\', "/");
    let trimmed = text.trim_end_matches('/');
    if trimmed.is_empty() || trimmed == "." {
        String::new()
    } else {
        format!("{trimmed}/")
    }
}

/// Colour follows `--color`; with `auto`, anstream's rules for the stream
/// decide: a non-empty `NO_COLOR` turns it off, `CLICOLOR_FORCE` on,
/// `CLICOLOR=0` off, else a terminal whose `TERM` is not `dumb` gets colour.
pub fn color_enabled(choice: ColorChoice, stream: &impl anstream::stream::RawStream) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !matches!(
            anstream::AutoStream::choice(stream),
            anstream::ColorChoice::Never
        ),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
