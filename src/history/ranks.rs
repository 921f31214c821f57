//! An item's rank at each commit that changed the backlog.
//!
//! Each such commit's backlog is rebuilt from the previous one by the tree
//! diff between them, and every file's parse is kept by blob id: a file
//! unchanged since an earlier commit is never read or parsed again, so a
//! commit costs its diff, a link and a rank, not a full load.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use gix::ObjectId;

use super::{Change, CommitInfo, Repo, renames};
use crate::backlog::{self, Backlog, VISION_FILE};
use crate::config::{CONFIG_FILE, Config, Folders};
use crate::date::Date;
use crate::error::Error;
use crate::model::{Feedback, Goal, Item};
use crate::parse;
use crate::rank;
use crate::source::{GitFile, decode, is_markdown};

/// The item's rank at one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub commit: ObjectId,
    pub date: Date,
    pub author: String,
    pub subject: String,
    /// `None` where the item was absent or closed.
    pub rank: Option<usize>,
    /// How many items were ranked at this commit.
    pub ranked: usize,
}

#[derive(Debug, Clone, Default)]
pub struct RankHistory {
    /// Oldest first, one per commit that changed a file the backlog is read from.
    pub points: Vec<Point>,
    pub truncated: bool,
    /// Whether any commit held an item with the id asked for.
    pub found: bool,
    /// Distinct files parsed over the whole walk (for the benchmark's figures).
    pub parses: usize,
}

/// What one file became, kept by blob id.
#[derive(Debug)]
enum Parsed {
    Config(Config),
    Vision(Option<String>),
    Goal(Option<Goal>),
    Item(Option<Item>),
    Feedback(Option<Feedback>),
    /// Not UTF-8, or too large: contributes nothing.
    Nothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Config,
    Vision,
    Goal,
    Item,
    Feedback,
}

fn kind_of(path: &str, folders: &Folders) -> Option<Kind> {
    if path == CONFIG_FILE {
        return Some(Kind::Config);
    }
    if path == VISION_FILE {
        return Some(Kind::Vision);
    }
    if !is_markdown(path) {
        return None;
    }
    let under = |folder: &str| {
        path.strip_prefix(folder.trim_end_matches('/'))
            .is_some_and(|rest| rest.starts_with('/'))
    };
    if under(&folders.goals) {
        Some(Kind::Goal)
    } else if under(&folders.items) {
        Some(Kind::Item)
    } else if under(&folders.feedback) {
        Some(Kind::Feedback)
    } else {
        None
    }
}

/// A parse and the path it was made for.
type ParsedAt = (Box<str>, Rc<Parsed>);

/// One evaluated commit: how many items were ranked, and (lineage, rank) pairs.
type Evaluated<'c> = (&'c CommitInfo, usize, Vec<(u32, u32)>);

/// Parses by blob id and path (an id comes from the path's file stem).
struct Parses<'r> {
    repo: &'r Repo,
    by_blob: HashMap<ObjectId, Vec<ParsedAt>>,
    folders: Folders,
    count: usize,
}

impl<'r> Parses<'r> {
    fn new(repo: &'r Repo) -> Self {
        Self {
            repo,
            by_blob: HashMap::new(),
            folders: Config::default().folders,
            count: 0,
        }
    }

    fn get(
        &mut self,
        path: &str,
        file: GitFile,
        kind: Kind,
        limit: u64,
    ) -> Result<Rc<Parsed>, Error> {
        if let Some(found) = self
            .by_blob
            .get(&file.id)
            .and_then(|v| v.iter().find(|(p, _)| &**p == path))
        {
            return Ok(Rc::clone(&found.1));
        }
        let parsed = Rc::new(self.parse(path, file, kind, limit)?);
        self.count += 1;
        self.by_blob
            .entry(file.id)
            .or_default()
            .push((path.into(), Rc::clone(&parsed)));
        Ok(parsed)
    }

    fn parse(&self, path: &str, file: GitFile, kind: Kind, limit: u64) -> Result<Parsed, Error> {
        // Links are not followed in history; the work tree and `diff` report them.
        if file.link || self.repo.blob_size(file.id)? > limit {
            return Ok(Parsed::Nothing);
        }
        let bytes = self.repo.blob(file.id)?;
        let Ok(text) = decode(path, &bytes) else {
            return Ok(Parsed::Nothing);
        };
        // Diagnostics matter to `check`, not to a rank over time.
        let mut ignored = Vec::new();
        Ok(match kind {
            Kind::Config => Parsed::Config(Config::parse(&text, path).0),
            Kind::Vision => {
                let body = match parse::frontmatter::split(&text) {
                    parse::frontmatter::FrontMatter::Present(split) => split.body,
                    _ => text.as_str(),
                };
                Parsed::Vision(Some(
                    parse::body::scan(body, path, &self.folders.items).summary,
                ))
            }
            Kind::Goal => Parsed::Goal(parse::goal(path, &text, &mut ignored)),
            Kind::Item => Parsed::Item(parse::item(path, &text, &mut ignored)),
            Kind::Feedback => Parsed::Feedback(parse::feedback(
                path,
                &text,
                &self.folders.items,
                &mut ignored,
            )),
        })
    }

    /// The backlog made of `files`, parsing only what was never seen.
    fn backlog(&mut self, files: &BTreeMap<String, GitFile>) -> Result<Backlog, Error> {
        let default_limit = Config::default().max_file_bytes;
        let config = match files.get(CONFIG_FILE) {
            Some(&file) => match &*self.get(CONFIG_FILE, file, Kind::Config, default_limit)? {
                Parsed::Config(config) => config.clone(),
                _ => Config::default(),
            },
            None => Config::default(),
        };
        if config.folders != self.folders {
            // Feedback links resolve against the items folder: start afresh.
            self.by_blob.clear();
            self.folders = config.folders.clone();
        }
        let limit = config.max_file_bytes;
        let mut vision = None;
        let (mut goals, mut items, mut feedback) = (Vec::new(), Vec::new(), Vec::new());
        for (path, &file) in files {
            let Some(kind) = kind_of(path, &config.folders) else {
                continue;
            };
            if kind == Kind::Config {
                continue;
            }
            match &*self.get(path, file, kind, limit)? {
                Parsed::Vision(v) => vision.clone_from(v),
                Parsed::Goal(g) => goals.extend(g.clone()),
                Parsed::Item(i) => items.extend(i.clone()),
                Parsed::Feedback(f) => feedback.extend(f.clone()),
                Parsed::Config(_) | Parsed::Nothing => {}
            }
        }
        Ok(backlog::assemble(
            config,
            vision,
            goals,
            items,
            feedback,
            Vec::new(),
        ))
    }

    fn title(&mut self, path: &str, file: GitFile) -> Result<Option<String>, Error> {
        let limit = Config::default().max_file_bytes;
        Ok(match &*self.get(path, file, Kind::Item, limit)? {
            Parsed::Item(Some(item)) => Some(item.title.clone()),
            _ => None,
        })
    }
}

/// Whether a change touches a file the backlog is read from.
fn relevant(change: &Change, folders: &Folders) -> bool {
    kind_of(change.path(), folders).is_some()
}

/// The rank of item `id` at every commit reachable from `tip` (first parents
/// only, or all) that changed the backlog, following the item's file through
/// renames: paired by identical blob, else by an unchanged title.
pub fn rank_history(
    repo: &Repo,
    tip: ObjectId,
    id: &str,
    first_parent_only: bool,
) -> Result<RankHistory, Error> {
    let walk = repo.walk(tip, first_parent_only)?;
    let trees: HashMap<ObjectId, Option<ObjectId>> =
        walk.commits.iter().map(|c| (c.id, c.backlog)).collect();

    let mut parses = Parses::new(repo);
    let mut files: BTreeMap<String, GitFile> = BTreeMap::new();
    let mut state_tree: Option<ObjectId> = None;
    let mut folders = Config::default().folders;
    // A lineage follows one file through renames.
    let mut lineage: HashMap<String, u32> = HashMap::new();
    let mut next_lineage = 0u32;
    let mut lineage_of_id: HashMap<String, u32> = HashMap::new();
    let mut evaluated: Vec<Evaluated<'_>> = Vec::new();

    for commit in &walk.commits {
        let parent_tree = commit
            .parents
            .first()
            .and_then(|p| trees.get(p).copied())
            .flatten();
        if commit.backlog == parent_tree && !commit.parents.is_empty() {
            continue;
        }
        let since_parent = repo.changes(parent_tree, commit.backlog)?;
        if !since_parent.iter().any(|c| relevant(c, &folders)) {
            continue;
        }
        let changes = if state_tree == parent_tree {
            since_parent
        } else {
            repo.changes(state_tree, commit.backlog)?
        };
        state_tree = commit.backlog;

        let mut pairs = renames(&changes);
        title_renames(&changes, &pairs.clone(), &folders, &mut parses, &mut pairs)?;
        for (from, to) in &pairs {
            if let Some(l) = lineage.remove(from) {
                lineage.insert(to.clone(), l);
            }
        }
        for change in &changes {
            match change {
                Change::Added { path, file }
                | Change::Modified {
                    path, new: file, ..
                } => {
                    files.insert(path.clone(), *file);
                    lineage.entry(path.clone()).or_insert_with(|| {
                        next_lineage += 1;
                        next_lineage
                    });
                }
                Change::Removed { path, .. } => {
                    files.remove(path);
                    if !pairs.iter().any(|(from, _)| from == path) {
                        lineage.remove(path);
                    }
                }
            }
        }

        let backlog = parses.backlog(&files)?;
        folders.clone_from(&backlog.config.folders);
        let ranking = rank::rank(&backlog);
        let mut ranks: Vec<(u32, u32)> = ranking
            .ranked
            .iter()
            .filter_map(|s| {
                let l = lineage.get(&backlog.items[s.item].path)?;
                Some((*l, u32::try_from(s.rank).unwrap_or(u32::MAX)))
            })
            .collect();
        ranks.sort_unstable();
        for item in &backlog.items {
            if let Some(&l) = lineage.get(&item.path) {
                lineage_of_id.insert(item.id.value.clone(), l);
            }
        }
        evaluated.push((commit, ranking.ranked.len(), ranks));
    }

    let target = lineage_of_id.get(id).copied();
    let points = evaluated
        .into_iter()
        .map(|(commit, ranked, ranks)| Point {
            commit: commit.id,
            date: commit.date(),
            author: commit.author.clone(),
            subject: commit.subject.clone(),
            rank: target.and_then(|t| {
                ranks
                    .binary_search_by_key(&t, |(l, _)| *l)
                    .ok()
                    .map(|i| ranks[i].1 as usize)
            }),
            ranked,
        })
        .collect();
    Ok(RankHistory {
        points,
        truncated: walk.truncated,
        found: target.is_some(),
        parses: parses.count,
    })
}

/// Renames that also edited the file: an item file removed and one added in
/// the same change set, with the same title, and no blob-identical pairing.
fn title_renames(
    changes: &[Change],
    paired: &[(String, String)],
    folders: &Folders,
    parses: &mut Parses<'_>,
    out: &mut Vec<(String, String)>,
) -> Result<(), Error> {
    let is_item = |path: &str| kind_of(path, folders) == Some(Kind::Item);
    let unpaired_removed: Vec<(&str, GitFile)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Removed { path, file }
                if is_item(path) && !paired.iter().any(|(from, _)| from == path) =>
            {
                Some((path.as_str(), *file))
            }
            _ => None,
        })
        .collect();
    if unpaired_removed.is_empty() {
        return Ok(());
    }
    let mut removed_titles = Vec::new();
    for (path, file) in unpaired_removed {
        if let Some(title) = parses.title(path, file)? {
            removed_titles.push((path.to_owned(), title));
        }
    }
    for change in changes {
        if let Change::Added { path, file } = change
            && is_item(path)
            && !paired.iter().any(|(_, to)| to == path)
            && let Some(title) = parses.title(path, *file)?
            && let Some(i) = removed_titles.iter().position(|(_, t)| *t == title)
        {
            let (from, _) = removed_titles.swap_remove(i);
            out.push((from, path.clone()));
        }
    }
    Ok(())
}
