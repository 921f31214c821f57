//! `rankdown import KIND SOURCE…`: other tools' exports into feedback notes,
//! written as new files under `<feedback>/<channel>/`, never over an existing
//! one; notes already imported (same `ref:` and `source:`) are skipped and
//! said so. `rankdown import backlog-md DIR` reads a Backlog.md project into
//! items (and goals) instead (see `backlog_md` below). The importers
//! themselves are `crate::import`.

mod backlog_md;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Cli, Context, Outcome};
use crate::date::Date;
use crate::diagnostic::{self, DiagnosticFormat, SourceText};
use crate::error::Error;
use crate::files;
use crate::import::people::{PEOPLE_FILE, People};
use crate::import::tickets::{self, Mapping, Preset};
use crate::import::{self, Action, Imported, Options};
use crate::parse::Bodies;
use crate::render::terminal::sanitize;

#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // each is a command-line flag
pub struct Args {
    /// What the sources are
    #[arg(value_enum)]
    pub kind: Kind,
    /// Export files, or folders of them (read in name order); backlog-md: the project folder
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// The backlog to import into [default: --root, else found upward]
    #[arg(long, value_name = "ROOT")]
    pub into: Option<PathBuf>,
    /// List what would be written and skipped; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Skip messages dated before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub since: Option<Date>,
    /// Keep email addresses and phone numbers in bodies (masked by default)
    #[arg(long)]
    pub keep_contacts: bool,
    /// tickets: the column layout of a known export
    #[arg(long, value_enum)]
    pub preset: Option<PresetArg>,
    /// tickets: which column holds each field, e.g. date=Created,from=Requester,ref=Key
    /// (keys: date, from, org, title, text, ref, severity; over the preset's)
    #[arg(long, value_name = "KEY=COLUMN,…", value_parser = mapping_spec)]
    pub map: Vec<String>,
    /// transcript, chat: a person of the team (a speaker; a Slack handle, name or id); repeatable
    #[arg(long, value_name = "NAME")]
    pub team: Vec<String>,
    /// transcript: keep the team's turns as context instead of dropping them
    #[arg(long)]
    pub keep_team: bool,
    /// backlog-md: make each milestone a goal its tasks serve (else a tag)
    #[arg(long)]
    pub milestones_as_goals: bool,
    /// How to print problems in the sources
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// CSV exports of a ticketing system, one note per row
    Tickets,
    /// mbox files and .eml messages, one note per message from outside the team
    Mail,
    /// GitHub issues (`gh issue list --json …`) or a Discourse topic's JSON
    Forum,
    /// VTT or SRT interview transcripts, one interview note per file
    Transcript,
    /// A Slack export folder, one note per thread from someone outside the team
    Chat,
    /// A Backlog.md project (its folder or its backlog/ folder): tasks become items
    BacklogMd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PresetArg {
    /// Zendesk: Id, Subject, Description, Requester, Organization, Priority, Created at
    Zendesk,
    /// Jira: Issue key, Summary, Description, Reporter, Priority, Created
    Jira,
}

fn day(text: &str) -> Result<Date, String> {
    Date::parse(text.trim()).ok_or_else(|| "write the date as YYYY-MM-DD".to_owned())
}

fn mapping_spec(text: &str) -> Result<String, String> {
    Mapping::default().apply(text)?;
    Ok(text.to_owned())
}

/// The sources' texts, for code frames under the diagnostics.
struct Texts(BTreeMap<String, String>);

impl SourceText for Texts {
    fn text(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }
}

/// A flag that does nothing for the kind asked is a usage error rather
/// than silently ignored.
fn flags_fit_kind(args: &Args) -> Result<(), Error> {
    use Kind::{BacklogMd, Chat, Forum, Mail, Tickets, Transcript};
    const FEEDBACK: &[Kind] = &[Tickets, Mail, Forum, Transcript, Chat];
    let flags: [(&str, bool, &[Kind], &str); 7] = [
        (
            "--since",
            args.since.is_some(),
            FEEDBACK,
            "applies to the feedback importers only",
        ),
        (
            "--keep-contacts",
            args.keep_contacts,
            FEEDBACK,
            "applies to the feedback importers only",
        ),
        (
            "--preset",
            args.preset.is_some(),
            &[Tickets],
            "applies to `import tickets` only",
        ),
        (
            "--map",
            !args.map.is_empty(),
            &[Tickets],
            "applies to `import tickets` only",
        ),
        (
            "--team",
            !args.team.is_empty(),
            &[Transcript, Chat],
            "applies to `import transcript` and `import chat` only",
        ),
        (
            "--keep-team",
            args.keep_team,
            &[Transcript],
            "applies to `import transcript` only",
        ),
        (
            "--milestones-as-goals",
            args.milestones_as_goals,
            &[BacklogMd],
            "applies to `import backlog-md` only",
        ),
    ];
    match flags
        .into_iter()
        .find(|(_, given, kinds, _)| *given && !kinds.contains(&args.kind))
    {
        Some((flag, _, _, applies)) => Err(Error::FlagNotForKind {
            flag,
            kind: clap::ValueEnum::to_possible_value(&args.kind)
                .map_or_else(String::new, |v| v.get_name().to_owned()),
            applies,
        }),
        None => Ok(()),
    }
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    flags_fit_kind(args)?;
    let ctx = if let Some(into) = &args.into {
        Context::load(
            &Cli {
                command: None,
                root: Some(into.clone()),
                quiet: cli.quiet,
                color: cli.color,
            },
            Bodies::Drop,
        )?
    } else {
        Context::load(cli, Bodies::Drop)?
    };
    if args.kind == Kind::BacklogMd {
        return backlog_md::run(cli, args, &ctx, out, err);
    }
    // Every source is read before anything is written: a missing file
    // stops the run with nothing imported.
    let mut files = Vec::new();
    let mut exports = Vec::new();
    for source in &args.sources {
        if args.kind == Kind::Chat {
            exports.push((
                source,
                collect_export(source, ctx.backlog.config.max_file_bytes)?,
            ));
        } else {
            collect(source, args.kind, &mut files)?;
        }
    }
    let options = Options {
        mask_contacts: !args.keep_contacts,
    };
    let mut mapping = args.preset.map_or_else(Mapping::by_name, |p| {
        Mapping::preset(match p {
            PresetArg::Zendesk => Preset::Zendesk,
            PresetArg::Jira => Preset::Jira,
        })
    });
    for spec in &args.map {
        mapping.apply(spec).map_err(|reason| Error::Unknown {
            kind: "--map",
            value: spec.clone(),
            hint: reason,
        })?;
    }
    let team = import::transcript::Team {
        names: args.team.clone(),
        keep: args.keep_team,
    };
    let mut all = Imported::default();
    let mut texts = Texts(BTreeMap::new());
    let total_bytes = files.iter().map(|(_, b)| b.len() as u64).sum::<u64>()
        + exports
            .iter()
            .flat_map(|(_, export)| export.iter())
            .map(|(_, b)| b.len() as u64)
            .sum::<u64>();
    let bar = progress_bar(total_bytes, cli.quiet);
    for (path, bytes) in files {
        let shown = path.to_string_lossy().replace('\\', "/");
        let imported = match args.kind {
            Kind::Tickets => tickets::import(&shown, &bytes, &mapping, options),
            Kind::Mail => import::mail::import(
                &shown,
                &bytes,
                &ctx.backlog.config.import.team_domains,
                options,
            ),
            Kind::Forum => import::forum::import(&shown, &bytes, options),
            Kind::Transcript => import::transcript::import(&shown, &bytes, &team, options),
            Kind::Chat | Kind::BacklogMd => unreachable!("read whole, elsewhere"),
        };
        bar.inc(bytes.len() as u64);
        if !imported.diagnostics.is_empty() {
            texts.0.insert(shown, import::decode_text(&bytes));
        }
        all.notes.extend(imported.notes);
        all.skipped.extend(imported.skipped);
        all.diagnostics.extend(imported.diagnostics);
    }
    for (source, export) in exports {
        let shown = source
            .to_string_lossy()
            .trim_end_matches(['/', '\\'])
            .replace('\\', "/");
        let imported =
            import::chat::import_with_progress(&shown, &export, &args.team, options, &|n| {
                bar.inc(n);
            });
        for (name, bytes) in &export {
            let path = format!("{shown}/{name}");
            if imported.diagnostics.iter().any(|d| d.path == path) {
                texts.0.insert(path, import::decode_text(bytes));
            }
        }
        all.notes.extend(imported.notes);
        all.skipped.extend(imported.skipped);
        all.diagnostics.extend(imported.diagnostics);
    }
    bar.finish_and_clear();
    let people = read_people(&ctx, &mut all, &mut texts);
    let unknown = import::resolve_people(&mut all.notes, &people);
    let folder = ctx.backlog.config.folders.feedback.clone();
    let actions = import::plan(all.notes, &ctx.backlog.feedback, &folder, args.since);
    for (origin, reason) in &all.skipped {
        writeln!(out, "skipped {}: {}", sanitize(origin), sanitize(reason))?;
    }
    let (written, skipped) = apply(&ctx, actions, args.dry_run, out)?;
    let skipped = skipped + all.skipped.len();
    if args.dry_run {
        for sender in &unknown {
            writeln!(out, "new person (not in people.yaml): {}", sanitize(sender))?;
        }
    }
    if !all.diagnostics.is_empty() {
        diagnostic::sort(&mut all.diagnostics);
        let text = diagnostic::render(&all.diagnostics, args.format, &texts, "", ctx.styled)?;
        err.write_all(text.as_bytes())?;
    }
    // JSON and GitHub annotations on stderr stay machine-readable alone.
    let plain = matches!(
        args.format,
        DiagnosticFormat::Human | DiagnosticFormat::Short
    );
    if !cli.quiet && plain {
        let verb = if args.dry_run { "would write" } else { "wrote" };
        writeln!(
            err,
            "{verb} {}, skipped {skipped}",
            crate::render::plural(written, "note", "notes")
        )?;
    }
    Ok(
        if all.diagnostics.iter().any(diagnostic::Diagnostic::is_error) {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}

/// The backlog's `people.yaml`, as the load read it (inside the root, under
/// the same size and link rules as every backlog file); its problems join the
/// import's diagnostics.
fn read_people(ctx: &Context, all: &mut Imported, texts: &mut Texts) -> People {
    let shown = format!("{}{PEOPLE_FILE}", ctx.prefix);
    for diagnostic in ctx
        .backlog
        .diagnostics
        .iter()
        .filter(|d| d.path == PEOPLE_FILE)
    {
        let mut diagnostic = diagnostic.clone();
        diagnostic.path.clone_from(&shown);
        all.diagnostics.push(diagnostic);
    }
    if let Some(text) = ctx.backlog.text(PEOPLE_FILE) {
        texts.0.insert(shown, text.to_owned());
    }
    ctx.backlog.people.clone()
}

/// Sources larger than this (bytes of export read) get a progress bar:
/// roughly a few hundred chat messages or tickets.
const PROGRESS_FROM_BYTES: u64 = 256 * 1024;

/// A progress bar over the bytes being imported, drawn on stderr only when
/// stderr is a terminal, the run is not `--quiet` and the import is long;
/// hidden (drawing nothing) otherwise, so pipes, tests and CI see nothing.
fn progress_bar(total: u64, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || total < PROGRESS_FROM_BYTES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("importing {wide_bar} {percent}%") {
        bar.set_style(style);
    }
    bar
}

/// A Slack export's JSON files (`users.json`, `<channel>/<day>.json`),
/// named by their path inside it: an unpacked folder (links are not
/// followed), or the `.zip` Slack hands out, read in memory within bounds
/// (one entry at most `max_file_bytes` uncompressed).
fn collect_export(
    source: &Path,
    max_file_bytes: u64,
) -> Result<Vec<import::chat::ExportFile>, Error> {
    let meta = fs::metadata(source).map_err(|e| Error::io(source, e))?;
    if meta.is_file() {
        let file = fs::File::open(source).map_err(|e| Error::io(source, e))?;
        let limits = import::chat::ZipLimits {
            entry_bytes: max_file_bytes,
            ..import::chat::ZipLimits::default()
        };
        return import::chat::read_zip(std::io::BufReader::new(file), limits)
            .map_err(|reason| Error::io(source, std::io::Error::other(reason)));
    }
    if !meta.is_dir() {
        return Err(Error::io(
            source,
            std::io::Error::other("a Slack export is a folder or a .zip file"),
        ));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(source)
        .max_depth(2)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::io(source, e.into()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(source) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
        files.push((name, bytes));
    }
    Ok(files)
}

/// The files a source names: itself, or a folder's files of the kind's
/// extension, in name order.
fn collect(source: &Path, kind: Kind, files: &mut Vec<(PathBuf, Vec<u8>)>) -> Result<(), Error> {
    let extensions: &[&str] = match kind {
        Kind::Tickets => &["csv"],
        Kind::Mail => &["eml", "mbox"],
        Kind::Forum | Kind::Chat => &["json"],
        Kind::Transcript => &["vtt", "srt"],
        Kind::BacklogMd => &["md"],
    };
    let meta = fs::metadata(source).map_err(|e| Error::io(source, e))?;
    if meta.is_dir() {
        let mut found: Vec<PathBuf> = fs::read_dir(source)
            .map_err(|e| Error::io(source, e))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|p| {
                p.is_file()
                    && p.extension()
                        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
            })
            .collect();
        found.sort();
        for path in found {
            let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
            files.push((path, bytes));
        }
    } else {
        let bytes = fs::read(source).map_err(|e| Error::io(source, e))?;
        files.push((source.to_path_buf(), bytes));
    }
    Ok(())
}

/// Writes (or, dry, names) each note's file and reports every action on
/// `out`. Returns how many notes were written and how many skipped.
fn apply(
    ctx: &Context,
    actions: Vec<Action>,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<(usize, usize), Error> {
    let root = fs::canonicalize(&ctx.root).map_err(|e| Error::io(&ctx.root, e))?;
    let mut ids: HashSet<String> = ctx
        .backlog
        .feedback
        .iter()
        .map(|f| f.id.value.clone())
        .collect();
    let (mut written, mut skipped) = (0, 0);
    for action in actions {
        match action {
            Action::Skip { note, reason } => {
                skipped += 1;
                writeln!(
                    out,
                    "skipped {}: {}",
                    sanitize(&note.origin),
                    sanitize(&reason)
                )?;
            }
            Action::Write { note, stem, text } => {
                let path = write_note(ctx, &root, &mut ids, &stem, &text, dry_run)?;
                written += 1;
                let verb = if dry_run { "would write" } else { "wrote" };
                writeln!(
                    out,
                    "{verb} {} ({})",
                    ctx.shown(&path),
                    sanitize(&note.origin)
                )?;
            }
        }
    }
    Ok((written, skipped))
}

/// How many numbered names a note tries after its plain one.
const NOTE_SUFFIXES: usize = 999;

/// Creates `<stem>.md`, else the first free of `<stem>-2.md`, `<stem>-3.md`…
/// (free: no file there, no note with that id). Dry, only finds the name.
/// Returns the root-relative path.
fn write_note(
    ctx: &Context,
    root: &Path,
    ids: &mut HashSet<String>,
    stem: &str,
    text: &str,
    dry_run: bool,
) -> Result<String, Error> {
    let mut last = None;
    for n in 1..=NOTE_SUFFIXES + 1 {
        let rel = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let id = rel
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_end_matches(".md")
            .to_owned();
        if ids.contains(&id) {
            continue;
        }
        let full = root.join(&rel);
        // The feedback folder may be a link: the note must still land inside
        // the root, and never in a git directory.
        let resolved = files::resolve_existing(&full);
        let inside = resolved
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace('\\', "/"));
        match inside {
            Ok(inside) if !files::in_git_dir(&inside) => {}
            _ => return Err(Error::OutputEscapes { path: full }),
        }
        if dry_run {
            if fs::symlink_metadata(&full).is_ok() {
                continue;
            }
            ids.insert(id);
            return Ok(rel);
        }
        match files::create_new(&full, &ctx.shown(&rel), text) {
            Ok(()) => {
                ids.insert(id);
                return Ok(rel);
            }
            Err(error @ Error::AlreadyExists { .. }) => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(|| Error::AlreadyExists {
        path: ctx.shown(&format!("{stem}.md")),
    }))
}
