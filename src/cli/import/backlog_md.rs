//! `rankdown import backlog-md DIR`: reads a Backlog.md project's folder
//! (never following a link out of it, never writing into it), plans with
//! `crate::import::backlog_md`, and writes the new item and goal files, each
//! only where no file is (README "Importing a Backlog.md project").

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Args, Texts};
use crate::cli::{Cli, Context, Outcome};
use crate::diagnostic::{self, DiagnosticFormat};
use crate::error::Error;
use crate::files;
use crate::import::backlog_md::{self, Folder, Source, SourceFile, Target, Written};
use crate::model::{Keyword, Status};
use crate::render::terminal::sanitize;

/// The folders whose presence makes a folder a Backlog.md backlog.
const MARKERS: &[&str] = &["tasks", "drafts", "completed", "archive"];

pub(super) fn run(
    cli: &Cli,
    args: &Args,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let [dir] = args.sources.as_slice() else {
        return Err(Error::io(
            &args.sources[1],
            std::io::Error::other("backlog-md imports one project at a time"),
        ));
    };
    let dir = backlog_folder(dir)?;
    let project = fs::canonicalize(&dir).map_err(|e| Error::io(&dir, e))?;
    let source = read_project(&dir, ctx.backlog.config.max_file_bytes)?;
    let folders = &ctx.backlog.config.folders;
    let item_files = stems(&ctx.root.join(&folders.items));
    let goal_files = stems(&ctx.root.join(&folders.goals));
    let target = Target {
        items: &ctx.backlog.items,
        goals: &ctx.backlog.goals,
        items_folder: &folders.items,
        goals_folder: &folders.goals,
        item_files: &item_files,
        goal_files: &goal_files,
        milestones_as_goals: args.milestones_as_goals,
    };
    let mut plan = backlog_md::plan(&source, &target);

    for (origin, reason) in &plan.skipped {
        writeln!(out, "skipped {}: {}", sanitize(origin), sanitize(reason))?;
    }
    for (origin, path) in &plan.present {
        writeln!(
            out,
            "already imported {} as {}",
            sanitize(origin),
            ctx.shown(path)
        )?;
    }
    let root = fs::canonicalize(&ctx.root).map_err(|e| Error::io(&ctx.root, e))?;
    let verb = if args.dry_run { "would write" } else { "wrote" };
    let mut items: BTreeMap<Status, usize> = BTreeMap::new();
    let mut goals_written = 0;
    for write in &plan.writes {
        let full = root.join(&write.path);
        // The items or goals folder may be a link: the file must still land
        // inside the root, and never in a git directory.
        let resolved = files::resolve_existing(&full);
        let inside = resolved
            .strip_prefix(&root)
            .map(|r| r.to_string_lossy().replace('\\', "/"));
        match inside {
            Ok(inside) if !files::in_git_dir(&inside) => {}
            _ => return Err(Error::OutputEscapes { path: full }),
        }
        if resolved.starts_with(&project) {
            return Err(Error::io(
                &full,
                std::io::Error::other(
                    "inside the Backlog.md project being imported, which is only read; import --into a backlog outside it",
                ),
            ));
        }
        if args.dry_run {
            if fs::symlink_metadata(&full).is_ok() {
                return Err(Error::AlreadyExists {
                    path: ctx.shown(&write.path),
                });
            }
        } else {
            files::create_new(&full, &ctx.shown(&write.path), &write.text)?;
        }
        match write.kind {
            Written::Item(status) => *items.entry(status).or_default() += 1,
            Written::Goal => goals_written += 1,
        }
        writeln!(
            out,
            "{verb} {} ({})",
            ctx.shown(&write.path),
            sanitize(&write.origin)
        )?;
    }

    if !plan.diagnostics.is_empty() {
        diagnostic::sort(&mut plan.diagnostics);
        let texts = Texts(std::mem::take(&mut plan.texts));
        let text = diagnostic::render(&plan.diagnostics, args.format, &texts, "", ctx.styled)?;
        err.write_all(text.as_bytes())?;
    }
    let for_people = matches!(
        args.format,
        DiagnosticFormat::Human | DiagnosticFormat::Short
    );
    if !cli.quiet && for_people {
        let written: usize = items.values().sum();
        let by_status = if items.is_empty() {
            String::new()
        } else {
            let parts: Vec<String> = Status::ALL
                .iter()
                .filter_map(|(word, status)| items.get(status).map(|n| format!("{n} {word}")))
                .collect();
            format!(" ({})", parts.join(", "))
        };
        let goals = if args.milestones_as_goals {
            format!(
                ", {}",
                crate::render::plural(goals_written, "goal", "goals")
            )
        } else {
            String::new()
        };
        writeln!(
            err,
            "{verb} {}{by_status}{goals}; {} already imported, {} skipped; {} written as depends_on, {} left out",
            crate::render::plural(written, "item", "items"),
            plan.present.len(),
            plan.skipped.len(),
            crate::render::plural(plan.dependencies, "dependency", "dependencies"),
            plan.unresolved,
        )?;
        if written + goals_written > 0 && !args.dry_run {
            writeln!(
                err,
                "run `rankdown rank` to write PRIORITIES.md with the new items"
            )?;
        }
    }
    Ok(
        if plan
            .diagnostics
            .iter()
            .any(diagnostic::Diagnostic::is_error)
        {
            Outcome::Findings
        } else {
            Outcome::Clean
        },
    )
}

/// The project's backlog folder: `DIR/backlog` when there is one, else
/// `DIR` itself, which must then hold Backlog.md's folders.
fn backlog_folder(dir: &Path) -> Result<PathBuf, Error> {
    let meta = fs::metadata(dir).map_err(|e| Error::io(dir, e))?;
    if !meta.is_dir() {
        return Err(Error::io(
            dir,
            std::io::Error::other("a Backlog.md project is a folder"),
        ));
    }
    let nested = dir.join("backlog");
    let folder = if nested.is_dir() {
        nested
    } else {
        dir.to_path_buf()
    };
    if MARKERS.iter().any(|m| folder.join(m).is_dir()) {
        Ok(folder)
    } else {
        Err(Error::io(
            dir,
            std::io::Error::other(
                "not a Backlog.md project: no tasks/, drafts/, completed/ or archive/ folder here or in its backlog/ folder",
            ),
        ))
    }
}

/// Every `.md` file of the folders Backlog.md keeps (docs/ at any depth,
/// the others at their top), and `config.yml`. A link is read only when
/// it leads to a file inside the project's folder; a file over
/// `max_file_bytes` is not read. Both are listed as skipped.
fn read_project(dir: &Path, max_file_bytes: u64) -> Result<Source, Error> {
    let canonical = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let shown = format!(
        "{}/",
        dir.to_string_lossy()
            .replace('\\', "/")
            .trim_end_matches('/')
    );
    let mut source = Source {
        shown: shown.clone(),
        ..Source::default()
    };
    // Whether a path (a link, or under a linked folder) stays in the project.
    let inside = |path: &Path| fs::canonicalize(path).is_ok_and(|p| p.starts_with(&canonical));
    let config = dir.join("config.yml");
    if fs::symlink_metadata(&config).is_ok() && inside(&config) {
        let bytes = read_limited(&config, max_file_bytes)?;
        source.config = bytes.ok();
    }
    for folder in Folder::paths() {
        let path = dir.join(folder);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() && !inside(&path) {
            source.skipped.push((
                format!("{shown}{folder}/"),
                "a symbolic link leading outside the project; not followed".to_owned(),
            ));
            continue;
        }
        if !path.is_dir() {
            continue;
        }
        let depth = if folder == "docs" { usize::MAX } else { 1 };
        let walker = walkdir::WalkDir::new(&path)
            .min_depth(1)
            .max_depth(depth)
            .sort_by_file_name();
        for entry in walker {
            let entry = entry.map_err(|e| Error::io(&path, e.into()))?;
            let file = entry.path();
            let is_md = file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"));
            let Ok(rel) = file.strip_prefix(dir) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let kind = entry.file_type();
            if kind.is_dir() || !is_md {
                continue;
            }
            if kind.is_symlink() && !inside(file) {
                source.skipped.push((
                    format!("{shown}{rel}"),
                    "a symbolic link leading outside the project; not followed".to_owned(),
                ));
                continue;
            }
            if !file.is_file() {
                continue;
            }
            match read_limited(file, max_file_bytes)? {
                Ok(bytes) => source.files.push(SourceFile { path: rel, bytes }),
                Err(size) => source.skipped.push((
                    format!("{shown}{rel}"),
                    format!("{size} bytes, over max_file_bytes ({max_file_bytes}); not read"),
                )),
            }
        }
    }
    Ok(source)
}

/// A file's bytes, or its size when it is over the limit.
fn read_limited(path: &Path, limit: u64) -> Result<Result<Vec<u8>, u64>, Error> {
    let size = fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    if size > limit {
        return Ok(Err(size));
    }
    fs::read(path).map(Ok).map_err(|e| Error::io(path, e))
}

/// The stems of the `.md` files in a folder (none when it is missing).
fn stems(dir: &Path) -> HashSet<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return HashSet::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_owned)
        })
        .collect()
}
