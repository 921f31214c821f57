//! One call from a [`Source`](crate::source::Source) to a linked backlog: read the config, read and
//! parse every file, link. Every content problem becomes a diagnostic; only
//! I/O problems stop the load.

use std::collections::{BTreeMap, BTreeSet};

use rayon::iter::{IntoParallelIterator, ParallelIterator};

use crate::config::{CONFIG_FILE, Config, Kind};
use crate::diagnostic::{self, Diagnostic, Pos, SourceText};
use crate::error::Error;
use crate::link::{self, Links, Unreadable};
use crate::model::{Feedback, Goal, Item, Located};
use crate::parse::{self, Bodies, Entity};
use crate::people::{PEOPLE_FILE, People};
use crate::source::{Entry, Source, SourceFile, decode};

pub const VISION_FILE: &str = "vision.md";

/// Everything read from a backlog, linked, with the problems found.
#[derive(Debug, Clone)]
pub struct Backlog {
    pub config: Config,
    /// The vision's first paragraph, if there is a vision.
    pub vision: Option<String>,
    pub goals: Vec<Goal>,
    pub items: Vec<Item>,
    pub feedback: Vec<Feedback>,
    pub links: Links,
    pub diagnostics: Vec<Diagnostic>,
    /// `people.yaml`: who each alias is (empty without the file).
    pub people: People,
    /// Whether items and notes hold their bodies (see [`Bodies`]).
    pub bodies: Bodies,
    /// The decoded text of every file read, for code frames in diagnostics.
    texts: BTreeMap<String, String>,
}

impl Backlog {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The item an id or one of its aliases names.
    pub fn item(&self, id: &str) -> Option<usize> {
        self.links.item(id)
    }

    pub fn goal(&self, id: &str) -> Option<usize> {
        self.links.goals.get(id).copied()
    }

    /// The ids of the open items `item` depends on: why it ranks after them
    /// ("after X" in PRIORITIES.md, `list` and its JSON and CSV).
    pub fn open_dependencies(&self, item: usize) -> Vec<&str> {
        self.links.depends_on[item]
            .iter()
            .filter(|&&d| self.items[d].status.is_open())
            .map(|&d| self.items[d].id.value.as_str())
            .collect()
    }
}

impl SourceText for Backlog {
    fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }
}

/// The diagnostic for an entry a source could not hand over whole, or the
/// file it holds: the one place that words skipped files, for every source.
pub fn readable(entry: Entry, limit: u64, diagnostics: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    match entry {
        Entry::File(file) => Some(file),
        Entry::TooLarge { path, size } => {
            diagnostics.push(
                Diagnostic::error(
                    "too-large",
                    &path,
                    Pos::START,
                    format!("this file is {size} bytes, over the limit of {limit} bytes (max_file_bytes); it was not read"),
                )
                .with_help("split it, or raise max_file_bytes in rankdown.yaml"),
            );
            None
        }
        Entry::LinkSkipped { path, why } => {
            let (code, message) = why.describe();
            diagnostics.push(Diagnostic::warning(code, &path, Pos::START, message));
            None
        }
        Entry::BadName { path } => {
            diagnostics.push(
                Diagnostic::error(
                    "bad-file-name",
                    &path,
                    Pos::START,
                    "this file's name is not valid UTF-8; it was not read",
                )
                .with_help("rename it with UTF-8 characters only"),
            );
            None
        }
    }
}

/// Reads `people.yaml` (see [`People::parse`]) from the bytes a source
/// handed over; its problems join `diagnostics`. The text comes back when
/// there were problems, for code frames.
pub fn read_people(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> (People, Option<String>) {
    let text = match decode(PEOPLE_FILE, bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return (People::default(), None);
        }
    };
    let (people, found) = People::parse(&text, PEOPLE_FILE);
    let text = (!found.is_empty()).then(|| text.into_owned());
    diagnostics.extend(found);
    (people, text)
}

/// One file of a content folder, read and parsed on whichever thread.
#[derive(Default)]
struct Parsed {
    entity: Option<Entity>,
    diagnostics: Vec<Diagnostic>,
    /// The path and text of a file with problems, for code frames.
    text: Option<(String, String)>,
    /// A goal or item file that yielded nothing: links to it are not
    /// reported again (its own problem is the cause).
    failed: Option<String>,
}

/// Loads, parses and links the backlog a source holds.
///
/// The files of each content folder are read and parsed in parallel (the
/// work tree hands them over unread); results are put back in path order, so
/// the backlog, its diagnostics and everything rendered from it are the same
/// whatever the number of threads. Only files with problems keep their text.
pub fn load(source: &dyn Source, bodies: Bodies) -> Result<Backlog, Error> {
    let mut diagnostics = Vec::new();
    let mut texts = BTreeMap::new();
    let read = |kind: Kind, entry: Entry, config: &Config, limit: u64| -> Parsed {
        let mut parsed = Parsed::default();
        // A goal or item file that yields nothing has its own error; a
        // skipped link is only a warning, so links to it stay errors.
        let counts =
            matches!(kind, Kind::Goal | Kind::Item) && !matches!(entry, Entry::LinkSkipped { .. });
        let path = counts.then(|| entry.path().to_owned());
        let Some(file) = readable(entry, limit, &mut parsed.diagnostics) else {
            parsed.failed = path;
            return parsed;
        };
        let read = parse::entity(
            kind,
            &file.path,
            &file.bytes,
            config,
            bodies,
            &mut parsed.diagnostics,
        );
        if read.entity.is_none() {
            parsed.failed = path;
        }
        parsed.entity = read.entity;
        parsed.text = read.text.map(|text| (file.path, text));
        parsed
    };
    let mut keep = |parsed: Parsed, diagnostics: &mut Vec<Diagnostic>| -> Option<Entity> {
        diagnostics.extend(parsed.diagnostics);
        if let Some((path, text)) = parsed.text {
            texts.insert(path, text);
        }
        parsed.entity
    };
    let mut unreadable = Unreadable::default();

    // The config is read under the default limit: it is where the limit is set.
    let defaults = Config::default();
    let config = match source.read(CONFIG_FILE, defaults.max_file_bytes)? {
        Some(entry) => match keep(
            read(Kind::Config, entry, &defaults, defaults.max_file_bytes),
            &mut diagnostics,
        ) {
            Some(Entity::Config(config)) => *config,
            _ => defaults,
        },
        None => defaults,
    };
    let limit = config.max_file_bytes;

    let vision = match source.read(VISION_FILE, limit)? {
        Some(entry) => match keep(read(Kind::Vision, entry, &config, limit), &mut diagnostics) {
            Some(Entity::Vision(summary)) => Some(summary),
            _ => None,
        },
        None => None,
    };

    let people = match source.read(PEOPLE_FILE, limit)? {
        Some(entry) => match readable(entry, limit, &mut diagnostics) {
            Some(file) => {
                let mut parsed = Parsed::default();
                let (people, text) = read_people(&file.bytes, &mut parsed.diagnostics);
                parsed.text = text.map(|text| (file.path, text));
                keep(parsed, &mut diagnostics);
                people
            }
            None => People::default(),
        },
        None => People::default(),
    };

    let mut goals = Vec::new();
    let mut items = Vec::new();
    let mut feedback = Vec::new();
    for (folder, kind) in config.folders.content() {
        let found = source.find_markdown_under(folder, limit)?;
        // Each file is read, parsed and dropped on one thread: only the
        // parsed entities (and the texts of files with problems) are kept.
        let parsed: Vec<Result<Parsed, Error>> = found
            .into_par_iter()
            .map(|found| {
                Ok(found
                    .open(limit)?
                    .map(|entry| read(kind, entry, &config, limit))
                    .unwrap_or_default())
            })
            .collect();
        for parsed in parsed {
            let mut parsed = parsed?;
            match parsed.failed.take() {
                Some(path) if kind == Kind::Goal => unreadable.add_goal(&path),
                Some(path) if kind == Kind::Item => unreadable.add_item(&path),
                _ => {}
            }
            match keep(parsed, &mut diagnostics) {
                Some(Entity::Goal(goal)) => goals.push(goal),
                Some(Entity::Item(item)) => items.push(item),
                Some(Entity::Feedback(mut note)) => {
                    people.apply(&mut note);
                    feedback.push(note);
                }
                _ => {}
            }
        }
    }
    let mut backlog = assemble(
        config,
        vision,
        goals,
        items,
        feedback,
        &unreadable,
        diagnostics,
    );
    // Linking found problems in files that parsed cleanly: read those again
    // for their code frames (there are few; keeping every text costs a copy
    // of the backlog in memory).
    let unread: BTreeSet<&str> = backlog
        .diagnostics
        .iter()
        .map(|d| d.path.as_str())
        .filter(|path| !texts.contains_key(*path))
        .collect();
    for path in unread {
        if let Ok(Some(Entry::File(file))) = source.read(path, limit)
            && let Ok(text) = decode(path, &file.bytes)
        {
            texts.insert(path.to_owned(), text.into_owned());
        }
    }
    backlog.texts = texts;
    backlog.people = people;
    backlog.bodies = bodies;
    Ok(backlog)
}

/// Links entities that are already parsed into a backlog. History uses it to
/// reuse the parse of every file unchanged since an earlier commit; such a
/// backlog keeps no file texts, so its diagnostics print without code frames.
/// Links to the `unreadable` goal and item files are not reported: those
/// files' own errors are the cause.
pub fn assemble(
    config: Config,
    vision: Option<String>,
    mut goals: Vec<Goal>,
    mut items: Vec<Item>,
    mut feedback: Vec<Feedback>,
    unreadable: &Unreadable,
    mut diagnostics: Vec<Diagnostic>,
) -> Backlog {
    // Sources sort by path already; sorting here keeps the order a property of
    // the content, whatever source fed it.
    goals.sort_by(|a, b| a.path.cmp(&b.path));
    items.sort_by(|a, b| a.path.cmp(&b.path));
    feedback.sort_by(|a, b| a.path.cmp(&b.path));

    let links = link::link(&goals, &items, &feedback, unreadable, &mut diagnostics);
    case_collisions(
        goals.iter().map(|g| (&g.id, g.path.as_str())),
        "goal",
        &mut diagnostics,
    );
    case_collisions(
        items.iter().map(|i| (&i.id, i.path.as_str())),
        "item",
        &mut diagnostics,
    );
    diagnostic::sort(&mut diagnostics);
    Backlog {
        config,
        vision,
        goals,
        items,
        feedback,
        links,
        diagnostics,
        people: People::default(),
        // Only `load` is asked for bodies; history assembles without them.
        bodies: Bodies::Drop,
        texts: BTreeMap::new(),
    }
}

/// Ids of one kind that differ only in case (`A.md`, `a.md`): they name the
/// same file on a case-insensitive checkout (macOS, Windows), so one would
/// overwrite the other. Each later one (by path) is an error; exact
/// duplicates are [`link`]'s to report.
fn case_collisions<'a>(
    ids: impl Iterator<Item = (&'a Located<String>, &'a str)>,
    kind: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut first: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for (id, path) in ids {
        match first.get(&id.value.to_lowercase()) {
            Some(&(other, other_path)) if other != id.value => diagnostics.push(
                Diagnostic::error(
                    "case-collision",
                    path,
                    id.pos,
                    format!(
                        "{kind} id '{}' differs from '{other}' ({other_path}) only in case",
                        id.value
                    ),
                )
                .with_help("ids that differ only in case collide on macOS and Windows checkouts: rename one"),
            ),
            Some(_) => {}
            None => {
                first.insert(id.value.to_lowercase(), (&id.value, path));
            }
        }
    }
}
