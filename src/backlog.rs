//! One call from a [`Source`](crate::source::Source) to a linked backlog: read the config, read and
//! parse every file, link. Every content problem becomes a diagnostic; only
//! I/O problems stop the load.

use std::collections::BTreeMap;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{self, Diagnostic, Pos, SourceText};
use crate::error::Error;
use crate::link::{self, Links};
use crate::model::{Feedback, Goal, Item};
use crate::parse;
use crate::source::{self, Entry, Source};

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
    /// The decoded text of every file read, for code frames in diagnostics.
    texts: BTreeMap<String, String>,
}

impl Backlog {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn item(&self, id: &str) -> Option<usize> {
        self.links.items.get(id).copied()
    }

    pub fn goal(&self, id: &str) -> Option<usize> {
        self.links.goals.get(id).copied()
    }
}

impl SourceText for Backlog {
    fn text(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }
}

/// Loads, parses and links the backlog a source holds.
pub fn load(source: &dyn Source) -> Result<Backlog, Error> {
    let mut diagnostics = Vec::new();
    let mut texts = BTreeMap::new();
    let mut read = |entry: Entry,
                    diagnostics: &mut Vec<Diagnostic>,
                    limit: u64|
     -> Option<(String, String)> {
        match entry {
            Entry::File(file) => match source::decode(&file.path, &file.bytes) {
                Ok(text) => {
                    texts.insert(file.path.clone(), text.clone());
                    Some((file.path, text))
                }
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            },
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
            Entry::LinkOutside { path } => {
                diagnostics.push(Diagnostic::warning(
                    "symlink-outside",
                    &path,
                    Pos::START,
                    "this symbolic link points outside the backlog root and was not followed",
                ));
                None
            }
        }
    };

    let default_limit = Config::default().max_file_bytes;
    let config = match source.read(CONFIG_FILE, default_limit)? {
        Some(entry) => match read(entry, &mut diagnostics, default_limit) {
            Some((path, text)) => {
                let (config, found) = Config::parse(&text, &path);
                diagnostics.extend(found);
                config
            }
            None => Config::default(),
        },
        None => Config::default(),
    };
    let limit = config.max_file_bytes;

    let vision = match source.read(VISION_FILE, limit)? {
        Some(entry) => read(entry, &mut diagnostics, limit).map(|(path, text)| {
            let body = match parse::frontmatter::split(&text) {
                parse::frontmatter::FrontMatter::Present(split) => split.body,
                _ => text.as_str(),
            };
            parse::body::scan(body, &path, &config.folders.items).summary
        }),
        None => None,
    };

    let mut goals = Vec::new();
    for entry in source.markdown_under(&config.folders.goals, limit)? {
        if let Some((path, text)) = read(entry, &mut diagnostics, limit) {
            goals.extend(parse::goal(&path, &text, &mut diagnostics));
        }
    }
    let mut items = Vec::new();
    for entry in source.markdown_under(&config.folders.items, limit)? {
        if let Some((path, text)) = read(entry, &mut diagnostics, limit) {
            items.extend(parse::item(&path, &text, &mut diagnostics));
        }
    }
    let mut feedback = Vec::new();
    for entry in source.markdown_under(&config.folders.feedback, limit)? {
        if let Some((path, text)) = read(entry, &mut diagnostics, limit) {
            feedback.extend(parse::feedback(
                &path,
                &text,
                &config.folders.items,
                &mut diagnostics,
            ));
        }
    }
    let mut backlog = assemble(config, vision, goals, items, feedback, diagnostics);
    backlog.texts = texts;
    Ok(backlog)
}

/// Links entities that are already parsed into a backlog. History uses it to
/// reuse the parse of every file unchanged since an earlier commit; such a
/// backlog keeps no file texts, so its diagnostics print without code frames.
pub fn assemble(
    config: Config,
    vision: Option<String>,
    mut goals: Vec<Goal>,
    mut items: Vec<Item>,
    mut feedback: Vec<Feedback>,
    mut diagnostics: Vec<Diagnostic>,
) -> Backlog {
    // Sources sort by path already; sorting here keeps the order a property of
    // the content, whatever source fed it.
    goals.sort_by(|a, b| a.path.cmp(&b.path));
    items.sort_by(|a, b| a.path.cmp(&b.path));
    feedback.sort_by(|a, b| a.path.cmp(&b.path));

    let links = link::link(&goals, &items, &feedback, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Backlog {
        config,
        vision,
        goals,
        items,
        feedback,
        links,
        diagnostics,
        texts: BTreeMap::new(),
    }
}
