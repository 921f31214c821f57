//! An item's rank at each commit that changed the backlog.
//!
//! Each such commit's backlog is the previous one updated by the tree diff
//! between them (`Live`), and every file's parse is kept by blob id: a file
//! unchanged since an earlier commit is never read or parsed again, links
//! and own scores are redone only for what the diff touches, so a commit
//! costs its diff and the final ordering of the open items, not a full load.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use gix::ObjectId;

use super::live::{Live, Ranked};
use super::{Ahead, Change, CommitInfo, Repo, Walk, renames};
use crate::backlog::VISION_FILE;
use crate::config::{CONFIG_FILE, Config, Folders};
use crate::date::Date;
use crate::error::Error;
use crate::model::{Feedback, Goal, Item};
use crate::parse;
use crate::source::git::git_error;
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
    Config(Box<Config>),
    Goal(Option<Rc<Goal>>),
    Item(Option<Rc<Item>>),
    Feedback(Option<Rc<Feedback>>),
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

/// Parses by blob id and path (an id comes from the path's file stem).
struct Parses<'r> {
    repo: &'r Repo,
    by_blob: HashMap<ObjectId, Vec<ParsedAt>>,
    folders: Folders,
    count: usize,
    /// Files of the commit at hand parsed ahead under the default config,
    /// by path.
    prefetched: Vec<ParsedAhead>,
}

/// A file parsed on the diff thread, under the default config's folders
/// and size limit: its path, blob and what it held.
struct ParsedAhead {
    path: String,
    id: ObjectId,
    kind: Kind,
    /// `None` once taken.
    held: Option<Held>,
}

/// What [`Parsed`] holds, before it is shared.
enum Held {
    Goal(Option<Goal>),
    Item(Option<Item>),
    Feedback(Option<Feedback>),
    Nothing,
}

/// Reads and parses, on the diff thread, the goals, items and notes a commit
/// adds or modifies, as [`Parses::parse`] would under the default config.
fn parse_ahead(repo: &gix::Repository, changes: &[Change]) -> Result<Vec<ParsedAhead>, Error> {
    let defaults = Config::default();
    let mut out = Vec::new();
    for change in changes {
        let (Change::Added { path, file }
        | Change::Modified {
            path, new: file, ..
        }) = change
        else {
            continue;
        };
        let Some(kind) = kind_of(path, &defaults.folders) else {
            continue;
        };
        if file.link || matches!(kind, Kind::Config | Kind::Vision) {
            continue;
        }
        let blob = repo.find_blob(file.id).map_err(git_error)?;
        let held = if blob.data.len() as u64 > defaults.max_file_bytes {
            Held::Nothing
        } else if let Ok(text) = decode(path, &blob.data) {
            let mut ignored = Vec::new();
            match kind {
                Kind::Goal => Held::Goal(parse::goal(path, &text, &mut ignored)),
                Kind::Item => Held::Item(parse::item(path, &text, &mut ignored)),
                _ => Held::Feedback(parse::feedback(
                    path,
                    &text,
                    &defaults.folders.items,
                    &mut ignored,
                )),
            }
        } else {
            Held::Nothing
        };
        out.push(ParsedAhead {
            path: path.clone(),
            id: file.id,
            kind,
            held: Some(held),
        });
    }
    out.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

impl<'r> Parses<'r> {
    fn new(repo: &'r Repo) -> Self {
        Self {
            repo,
            by_blob: HashMap::new(),
            folders: Config::default().folders,
            count: 0,
            prefetched: Vec::new(),
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
        let parsed = Rc::new(match self.take_ahead(path, file, kind, limit) {
            Some(parsed) => parsed,
            None => self.parse(path, file, kind, limit)?,
        });
        self.count += 1;
        self.by_blob
            .entry(file.id)
            .or_default()
            .push((path.into(), Rc::clone(&parsed)));
        Ok(parsed)
    }

    /// The parse made ahead for this file, if it was made under the same
    /// folders and limit.
    fn take_ahead(&mut self, path: &str, file: GitFile, kind: Kind, limit: u64) -> Option<Parsed> {
        let defaults = Config::default();
        if file.link || limit != defaults.max_file_bytes || self.folders != defaults.folders {
            return None;
        }
        let i = self
            .prefetched
            .binary_search_by(|p| p.path.as_str().cmp(path))
            .ok()?;
        let ahead = &mut self.prefetched[i];
        if ahead.id != file.id || ahead.kind != kind {
            return None;
        }
        Some(match ahead.held.take()? {
            Held::Goal(goal) => Parsed::Goal(goal.map(Rc::new)),
            Held::Item(item) => Parsed::Item(item.map(Rc::new)),
            Held::Feedback(note) => Parsed::Feedback(note.map(Rc::new)),
            Held::Nothing => Parsed::Nothing,
        })
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
            Kind::Config => Parsed::Config(Box::new(Config::parse(&text, path).0)),
            // The vision does not enter a rank.
            Kind::Vision => Parsed::Nothing,
            Kind::Goal => Parsed::Goal(parse::goal(path, &text, &mut ignored).map(Rc::new)),
            Kind::Item => Parsed::Item(parse::item(path, &text, &mut ignored).map(Rc::new)),
            Kind::Feedback => Parsed::Feedback(
                parse::feedback(path, &text, &self.folders.items, &mut ignored).map(Rc::new),
            ),
        })
    }

    /// The config `files` hold; parses made under other folders are dropped
    /// (feedback links resolve against the items folder).
    fn config(&mut self, files: &BTreeMap<String, GitFile>) -> Result<Config, Error> {
        let default_limit = Config::default().max_file_bytes;
        let config = match files.get(CONFIG_FILE) {
            Some(&file) => match &*self.get(CONFIG_FILE, file, Kind::Config, default_limit)? {
                Parsed::Config(config) => (**config).clone(),
                _ => Config::default(),
            },
            None => Config::default(),
        };
        if config.folders != self.folders {
            self.by_blob.clear();
            self.folders = config.folders.clone();
        }
        Ok(config)
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

/// One evaluated commit: how many items were ranked, and (lineage, rank) pairs.
type Evaluated<'c> = (&'c CommitInfo, usize, Vec<(u32, u32)>);

/// What the walk shows at each evaluated commit.
struct Seen<'a> {
    /// Every open item's lineage, rank and score, in path order.
    ranks: &'a [Ranked],
    /// Ids whose items changed at this commit, with the lineage of the last
    /// item (by path) now holding each, if any.
    touched: &'a [(String, Option<u32>)],
    live: &'a Live,
}

/// Walks the commits reachable from `tip` (first parents only, or all) that
/// changed the backlog, oldest first, keeping the backlog up to date by their
/// changes, and shows each to `at`. Returns how many files were parsed.
fn walk_ranks<'w>(
    repo: &Repo,
    walk: &'w Walk,
    mut at: impl FnMut(&'w CommitInfo, &Seen<'_>),
) -> Result<usize, Error> {
    let trees: HashMap<ObjectId, Option<ObjectId>> =
        walk.commits.iter().map(|c| (c.id, c.backlog)).collect();

    let mut parses = Parses::new(repo);
    let mut state = Progress {
        files: BTreeMap::new(),
        applied_tree: None,
        live: Live::new(Config::default()),
        config_file: None,
        lineage: HashMap::new(),
        next_lineage: 0,
    };

    // The commits that changed the backlog folder, with their parent's tree;
    // their diffs (and the blobs those add) are read ahead on a second thread.
    let changed: Vec<(&'w CommitInfo, Option<ObjectId>)> = walk
        .commits
        .iter()
        .filter_map(|commit| {
            let parent_tree = commit
                .parents
                .first()
                .and_then(|p| trees.get(p).copied())
                .flatten();
            (commit.backlog != parent_tree || commit.parents.is_empty())
                .then_some((commit, parent_tree))
        })
        .collect();
    let pairs = changed.iter().map(|&(c, p)| (p, c.backlog)).collect();
    repo.changes_ahead(pairs, parse_ahead, |ahead| {
        for (&(commit, parent_tree), received) in changed.iter().zip(ahead) {
            let Ahead {
                changes: since_parent,
                extra,
            } = received?;
            parses.prefetched = extra;
            step(
                repo,
                commit,
                parent_tree,
                since_parent,
                &mut state,
                &mut parses,
                &mut at,
            )?;
        }
        Ok(parses.count)
    })
}

/// Everything [`walk_ranks`] keeps from one commit to the next.
struct Progress {
    files: BTreeMap<String, GitFile>,
    /// The backlog tree `files` and `live` hold.
    applied_tree: Option<ObjectId>,
    live: Live,
    config_file: Option<GitFile>,
    /// A lineage follows one file through renames.
    lineage: HashMap<String, u32>,
    next_lineage: u32,
}

/// Applies one commit that changed the backlog folder (`since_parent` being
/// its changes since its first parent) and shows it to `at` when it changed a
/// file the backlog is read from.
fn step<'w>(
    repo: &Repo,
    commit: &'w CommitInfo,
    parent_tree: Option<ObjectId>,
    since_parent: Vec<Change>,
    state: &mut Progress,
    parses: &mut Parses<'_>,
    at: &mut impl FnMut(&'w CommitInfo, &Seen<'_>),
) -> Result<(), Error> {
    let Progress {
        files,
        applied_tree,
        live,
        config_file,
        lineage,
        next_lineage,
    } = state;
    if !since_parent
        .iter()
        .any(|c| relevant(c, &live.config.folders))
    {
        return Ok(());
    }
    let changes = if *applied_tree == parent_tree {
        since_parent
    } else {
        repo.changes(*applied_tree, commit.backlog)?
    };
    *applied_tree = commit.backlog;

    let folders = live.config.folders.clone();
    let mut pairs = renames(&changes);
    title_renames(&changes, &pairs.clone(), &folders, parses, &mut pairs)?;
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
                    *next_lineage += 1;
                    *next_lineage
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

    let config = if files.get(CONFIG_FILE) == config_file.as_ref() {
        None
    } else {
        *config_file = files.get(CONFIG_FILE).copied();
        Some(parses.config(files)?).filter(|c| *c != live.config)
    };
    if let Some(config) = config {
        // Weights, folders or the as-of date changed: start afresh.
        let touched = live.take_touched();
        *live = Live::new(config);
        for id in touched {
            live.touch(id);
        }
        for (path, &file) in &*files {
            add(live, parses, path, file, lineage)?;
        }
    } else {
        for change in &changes {
            let path = change.path();
            if kind_of(path, &folders).is_none_or(|k| matches!(k, Kind::Config | Kind::Vision)) {
                continue;
            }
            if let Some(&file) = files.get(path)
                && kind_of(path, &folders) == Some(Kind::Item)
                && let Parsed::Item(Some(item)) =
                    &*parses.get(path, file, Kind::Item, live.config.max_file_bytes)?
                && live.replace_item(
                    path,
                    Rc::clone(item),
                    lineage.get(path).copied().unwrap_or(0),
                )
            {
                continue;
            }
            live.remove(path);
            if let Some(&file) = files.get(path) {
                add(live, parses, path, file, lineage)?;
            }
        }
    }

    live.settle();
    let touched_ids = live.take_touched();
    let ranks = live.ranks();
    let touched: Vec<(String, Option<u32>)> = touched_ids
        .into_iter()
        .map(|id| {
            let last = live.last_with_id(&id);
            (id, last)
        })
        .collect();
    at(
        commit,
        &Seen {
            ranks: &ranks,
            touched: &touched,
            live,
        },
    );
    Ok(())
}

/// Adds the entity the file at `path` holds, if any.
fn add(
    live: &mut Live,
    parses: &mut Parses<'_>,
    path: &str,
    file: GitFile,
    lineage: &HashMap<String, u32>,
) -> Result<(), Error> {
    let Some(kind) = kind_of(path, &live.config.folders) else {
        return Ok(());
    };
    if matches!(kind, Kind::Config | Kind::Vision) {
        return Ok(());
    }
    match &*parses.get(path, file, kind, live.config.max_file_bytes)? {
        Parsed::Goal(Some(goal)) => live.insert_goal(path, Rc::clone(goal)),
        // Every file has a lineage; 0 would stand for none.
        Parsed::Item(Some(item)) => {
            live.insert_item(
                path,
                Rc::clone(item),
                lineage.get(path).copied().unwrap_or(0),
            );
        }
        Parsed::Feedback(Some(note)) => live.insert_note(path, Rc::clone(note)),
        _ => {}
    }
    Ok(())
}

/// Every open item's `(rank, score)`, by path.
pub type RanksByPath = BTreeMap<String, (usize, f64)>;

/// Every open item's rank and score by path at every commit reachable from `tip`
/// (first parents only, or all) that changed the backlog, oldest first: what
/// [`rank_history`] reads one item's points from, for tests to hold against
/// a full load of each commit.
pub fn ranks_by_commit(
    repo: &Repo,
    tip: ObjectId,
    first_parent_only: bool,
) -> Result<Vec<(ObjectId, RanksByPath)>, Error> {
    let walk = repo.walk(tip, first_parent_only)?;
    let mut out = Vec::new();
    walk_ranks(repo, &walk, |commit, seen| {
        let ranks = seen
            .live
            .open_paths()
            .into_iter()
            .zip(seen.ranks)
            .map(|(path, r)| (path.to_owned(), (r.rank, r.score)))
            .collect();
        out.push((commit.id, ranks));
    })?;
    Ok(out)
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
    // The lineage the last item with each id had, at the last commit with one.
    let mut lineage_of_id: HashMap<String, u32> = HashMap::new();
    let mut evaluated: Vec<Evaluated<'_>> = Vec::new();
    let parses = walk_ranks(repo, &walk, |commit, seen| {
        let mut ranks: Vec<(u32, u32)> = Vec::with_capacity(seen.ranks.len());
        ranks.extend(
            seen.ranks
                .iter()
                .filter(|r| r.lineage != 0)
                .map(|r| (r.lineage, u32::try_from(r.rank).unwrap_or(u32::MAX))),
        );
        for (id, last) in seen.touched {
            if let Some(l) = last.filter(|&l| l != 0) {
                lineage_of_id.insert(id.clone(), l);
            }
        }
        evaluated.push((commit, seen.ranks.len(), ranks));
    })?;

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
                    .iter()
                    .find(|(l, _)| *l == t)
                    .map(|&(_, r)| r as usize)
            }),
            ranked,
        })
        .collect();
    Ok(RankHistory {
        points,
        truncated: walk.truncated,
        found: target.is_some(),
        parses,
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
