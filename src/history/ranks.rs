//! An item's rank at each commit that changed the backlog.
//!
//! Each such commit's backlog is the previous one updated by the tree diff
//! between them (`Live`), and every file's parse is kept by blob id: a file
//! unchanged since an earlier commit is never read or parsed again, links
//! and own scores are redone only for what the diff touches, so a commit
//! costs its diff and the final ordering of the open items, not a full load.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use gix::ObjectId;

use super::follow::{ItemKey, pair_renames};
use super::live::{Live, Ranked};
use super::{Ahead, Change, CommitInfo, Repo, Walk};
use crate::backlog::{read_people, readable};
use crate::config::{CONFIG_FILE, Config, Folders, Kind, is_under};
use crate::date::Date;
use crate::error::Error;
use crate::model::{Feedback, Goal, Item};
use crate::parse::{self, Bodies, Entity};
use crate::people::{PEOPLE_FILE, People};
use crate::source::GitFile;
use crate::source::git::{entry_at, follow, git_error, link_target};

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
    Goal(Rc<Goal>),
    Item(Rc<Item>),
    Feedback(Rc<Feedback>),
    /// Unreadable, invalid, a link not followed, the vision: nothing to rank.
    Nothing,
}

impl From<Option<Entity>> for Parsed {
    fn from(entity: Option<Entity>) -> Self {
        match entity {
            Some(Entity::Goal(goal)) => Parsed::Goal(Rc::new(goal)),
            Some(Entity::Item(item)) => Parsed::Item(Rc::new(item)),
            Some(Entity::Feedback(note)) => Parsed::Feedback(Rc::new(note)),
            _ => Parsed::Nothing,
        }
    }
}

/// A parse and the path it was made for.
type ParsedAt = (Box<str>, Rc<Parsed>);

/// Parses by blob id and path (an id comes from the path's file stem).
struct Parses<'r> {
    repo: &'r Repo,
    by_blob: HashMap<ObjectId, Vec<ParsedAt>>,
    /// The config every parse in `by_blob` was made under: its folders and
    /// size limit decide what a file becomes.
    config: Config,
    count: usize,
    /// Files of the commit at hand parsed ahead under the default config,
    /// by path.
    prefetched: Vec<ParsedAhead>,
}

/// A file parsed on the diff thread, under the default config: its path,
/// blob and what it held.
struct ParsedAhead {
    path: String,
    id: ObjectId,
    kind: Kind,
    /// What it held (`None`: nothing to rank).
    held: Option<Entity>,
    /// Whether [`Parses::take_ahead`] took it already.
    taken: bool,
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
        let Some(kind) = defaults.folders.kind_of(path) else {
            continue;
        };
        // Links depend on other files: they are read in order, not ahead.
        if file.link || matches!(kind, Kind::Config | Kind::Vision) {
            continue;
        }
        let blob = repo.find_blob(file.id).map_err(git_error)?;
        let held = if blob.data.len() as u64 > defaults.max_file_bytes {
            None
        } else {
            parse::entity(
                kind,
                path,
                &blob.data,
                &defaults,
                Bodies::Drop,
                &mut Vec::new(),
            )
            .entity
        };
        out.push(ParsedAhead {
            path: path.clone(),
            id: file.id,
            kind,
            held,
            taken: false,
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
            config: Config::default(),
            count: 0,
            prefetched: Vec::new(),
        }
    }

    /// What the file at `path` holds, read as a full load reads it (links
    /// followed by the same policy, against `files`).
    fn get(
        &mut self,
        path: &str,
        file: GitFile,
        kind: Kind,
        files: &BTreeMap<String, GitFile>,
    ) -> Result<Rc<Parsed>, Error> {
        // A link's content is its target's: parses are kept by the blob read.
        let Ok(content) = follow(&self.repo.repo, files, path, file)? else {
            return Ok(Rc::new(Parsed::Nothing));
        };
        if let Some(found) = self
            .by_blob
            .get(&content.id)
            .and_then(|v| v.iter().find(|(p, _)| &**p == path))
        {
            return Ok(Rc::clone(&found.1));
        }
        let parsed = Rc::new(match self.take_ahead(path, file, kind) {
            Some(parsed) => parsed,
            None => self.parse(path, file, kind, files)?,
        });
        self.count += 1;
        self.by_blob
            .entry(content.id)
            .or_default()
            .push((path.into(), Rc::clone(&parsed)));
        Ok(parsed)
    }

    /// The parse made ahead for this file, if it was made under the same
    /// config.
    fn take_ahead(&mut self, path: &str, file: GitFile, kind: Kind) -> Option<Parsed> {
        let defaults = Config::default();
        if file.link
            || self.config.max_file_bytes != defaults.max_file_bytes
            || self.config.folders != defaults.folders
        {
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
        if std::mem::replace(&mut ahead.taken, true) {
            return None;
        }
        Some(ahead.held.take().into())
    }

    fn parse(
        &self,
        path: &str,
        file: GitFile,
        kind: Kind,
        files: &BTreeMap<String, GitFile>,
    ) -> Result<Parsed, Error> {
        // Diagnostics matter to `check`, not to a rank over time.
        let mut ignored = Vec::new();
        let limit = self.config.max_file_bytes;
        let entry = entry_at(&self.repo.repo, files, path, file, limit)?;
        let Some(read) = readable(entry, limit, &mut ignored) else {
            return Ok(Parsed::Nothing);
        };
        Ok(parse::entity(
            kind,
            path,
            &read.bytes,
            &self.config,
            Bodies::Drop,
            &mut ignored,
        )
        .entity
        .into())
    }

    /// The config `files` hold, read as a full load reads it; parses made
    /// under other folders or another size limit are dropped.
    fn config(&mut self, files: &BTreeMap<String, GitFile>) -> Result<Config, Error> {
        let defaults = Config::default();
        let mut ignored = Vec::new();
        let config = match files.get(CONFIG_FILE) {
            Some(&file) => {
                let entry = entry_at(
                    &self.repo.repo,
                    files,
                    CONFIG_FILE,
                    file,
                    defaults.max_file_bytes,
                )?;
                match readable(entry, defaults.max_file_bytes, &mut ignored).map(|read| {
                    parse::entity(
                        Kind::Config,
                        CONFIG_FILE,
                        &read.bytes,
                        &defaults,
                        Bodies::Drop,
                        &mut ignored,
                    )
                    .entity
                }) {
                    Some(Some(Entity::Config(config))) => *config,
                    _ => defaults,
                }
            }
            None => defaults,
        };
        if config.folders != self.config.folders
            || config.max_file_bytes != self.config.max_file_bytes
        {
            self.by_blob.clear();
        }
        self.config = config.clone();
        Ok(config)
    }

    /// The `people.yaml` `files` hold, read as a full load reads it.
    fn people(&self, files: &BTreeMap<String, GitFile>, limit: u64) -> Result<People, Error> {
        let Some(&file) = files.get(PEOPLE_FILE) else {
            return Ok(People::default());
        };
        let entry = entry_at(&self.repo.repo, files, PEOPLE_FILE, file, limit)?;
        let mut ignored = Vec::new();
        Ok(readable(entry, limit, &mut ignored)
            .map(|read| read_people(&read.bytes, &mut ignored).0)
            .unwrap_or_default())
    }

    fn item(
        &mut self,
        path: &str,
        file: GitFile,
        files: &BTreeMap<String, GitFile>,
    ) -> Result<Option<Rc<Item>>, Error> {
        Ok(match &*self.get(path, file, Kind::Item, files)? {
            Parsed::Item(item) => Some(Rc::clone(item)),
            _ => None,
        })
    }
}

/// Whether a change touches a file the backlog is read from.
fn relevant(change: &Change, folders: &Folders) -> bool {
    change.path() == PEOPLE_FILE || folders.kind_of(change.path()).is_some()
}

/// Whether a change at `changed` can change what a link to `target` reads:
/// the file itself, or a folder or link on the way to it.
fn touches(target: &str, changed: &str) -> bool {
    target == changed || is_under(target, changed) || is_under(changed, target)
}

/// One evaluated commit of a rank history.
struct Evaluated<'c> {
    commit: &'c CommitInfo,
    /// How many items were ranked.
    ranked: usize,
    /// Every ranked item's lineage and rank.
    ranks: Vec<LineageRank>,
}

/// One ranked item at an evaluated commit, by the lineage of its file.
#[derive(Clone, Copy)]
struct LineageRank {
    lineage: u32,
    rank: u32,
}

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
        links: BTreeMap::new(),
        lineage: HashMap::new(),
        next_lineage: 0,
        retired: HashMap::new(),
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
    /// Every link in `files` that the policy may follow, with the path its
    /// text names: a change there changes what the link reads.
    links: BTreeMap<String, String>,
    /// A lineage follows one file through renames.
    lineage: HashMap<String, u32>,
    next_lineage: u32,
    /// The lineages of item files removed for good, by the id they held.
    retired: HashMap<String, u32>,
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
        links,
        lineage,
        next_lineage,
        retired,
    } = state;
    let reaches_a_link = |changed: &str| links.values().any(|target| touches(target, changed));
    if !since_parent
        .iter()
        .any(|c| relevant(c, &live.config.folders) || reaches_a_link(c.path()))
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
    let is_item = |path: &str| folders.kind_of(path) == Some(Kind::Item);
    let pairs = pair_renames(&changes, is_item, |path, file| {
        Ok(parses.item(path, file, files)?.map(|item| ItemKey {
            id: item.id.value.clone(),
            title: item.title.clone(),
        }))
    })?;
    for (from, to) in &pairs {
        if let Some(l) = lineage.remove(from) {
            lineage.insert(to.clone(), l);
        }
    }
    // An item file removed for good keeps its lineage by id: the item that
    // comes back with that id (a revert, a re-add) continues it.
    for change in &changes {
        if let Change::Removed { path, file } = change
            && !file.link
            && is_item(path)
            && !pairs.iter().any(|(from, _)| from == path)
            && let Some(&l) = lineage.get(path)
            && let Some(item) = parses.item(path, *file, files)?
        {
            retired.insert(item.id.value.clone(), l);
        }
    }
    // Paths whose content may have changed: the changed files, and the links
    // reading through them (the one link policy, as a full load applies it).
    let mut affected: BTreeSet<String> = BTreeSet::new();
    for change in &changes {
        affected.insert(change.path().to_owned());
        affected.extend(
            links
                .iter()
                .filter(|(_, target)| touches(target, change.path()))
                .map(|(link, _)| link.clone()),
        );
    }
    for change in &changes {
        match change {
            Change::Added { path, file }
            | Change::Modified {
                path, new: file, ..
            } => {
                files.insert(path.clone(), *file);
                if !lineage.contains_key(path) {
                    let back = if retired.is_empty() || file.link || !is_item(path) {
                        None
                    } else {
                        parses
                            .item(path, *file, files)?
                            .and_then(|item| retired.remove(&item.id.value))
                    };
                    let l = back.unwrap_or_else(|| {
                        *next_lineage += 1;
                        *next_lineage
                    });
                    lineage.insert(path.clone(), l);
                }
                match file
                    .link
                    .then(|| link_target(&repo.repo, path, *file))
                    .transpose()?
                    .flatten()
                {
                    Some(target) => links.insert(path.clone(), target),
                    None => links.remove(path),
                };
            }
            Change::Removed { path, .. } => {
                files.remove(path);
                links.remove(path);
                if !pairs.iter().any(|(from, _)| from == path) {
                    lineage.remove(path);
                }
            }
        }
    }
    // Links made by this very change reach through files it changed too.
    for change in &changes {
        affected.extend(
            links
                .iter()
                .filter(|(_, target)| touches(target, change.path()))
                .map(|(link, _)| link.clone()),
        );
    }

    let restart = if affected.contains(CONFIG_FILE) || affected.contains(PEOPLE_FILE) {
        let config = parses.config(files)?;
        let people = parses.people(files, config.max_file_bytes)?;
        (config != live.config || people != live.people).then_some((config, people))
    } else {
        None
    };
    if let Some((config, people)) = restart {
        // Weights, folders, the as-of date or who is who changed: start afresh.
        let touched = live.take_touched();
        *live = Live::new(config);
        live.people = people;
        for id in touched {
            live.touch(id);
        }
        for (path, &file) in &*files {
            add(live, parses, path, file, files, lineage)?;
        }
    } else {
        for path in &affected {
            let path = path.as_str();
            let kind = folders.kind_of(path);
            if kind.is_none_or(|k| matches!(k, Kind::Config | Kind::Vision)) {
                continue;
            }
            if let Some(&file) = files.get(path)
                && kind == Some(Kind::Item)
                && let Parsed::Item(item) = &*parses.get(path, file, Kind::Item, files)?
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
                add(live, parses, path, file, files, lineage)?;
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
    files: &BTreeMap<String, GitFile>,
    lineage: &HashMap<String, u32>,
) -> Result<(), Error> {
    let Some(kind) = live.config.folders.kind_of(path) else {
        return Ok(());
    };
    if matches!(kind, Kind::Config | Kind::Vision) {
        return Ok(());
    }
    match &*parses.get(path, file, kind, files)? {
        Parsed::Goal(goal) => live.insert_goal(path, Rc::clone(goal)),
        // Every file has a lineage; 0 would stand for none.
        Parsed::Item(item) => {
            live.insert_item(
                path,
                Rc::clone(item),
                lineage.get(path).copied().unwrap_or(0),
            );
        }
        Parsed::Feedback(note) => live.insert_note(path, Rc::clone(note)),
        Parsed::Nothing => {}
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
/// renames (paired by an unchanged id, else identical content, else an
/// unchanged title) and removals undone by the same id.
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
        let mut ranks: Vec<LineageRank> = Vec::with_capacity(seen.ranks.len());
        ranks.extend(
            seen.ranks
                .iter()
                .filter(|r| r.lineage != 0)
                .map(|r| LineageRank {
                    lineage: r.lineage,
                    rank: u32::try_from(r.rank).unwrap_or(u32::MAX),
                }),
        );
        for (id, last) in seen.touched {
            if let Some(l) = last.filter(|&l| l != 0) {
                lineage_of_id.insert(id.clone(), l);
            }
        }
        evaluated.push(Evaluated {
            commit,
            ranked: seen.ranks.len(),
            ranks,
        });
    })?;

    let target = lineage_of_id.get(id).copied();
    let points = evaluated
        .into_iter()
        .map(
            |Evaluated {
                 commit,
                 ranked,
                 ranks,
             }| Point {
                commit: commit.id,
                date: commit.date(),
                author: commit.author.clone(),
                subject: commit.subject.clone(),
                rank: target.and_then(|t| {
                    ranks
                        .iter()
                        .find(|r| r.lineage == t)
                        .map(|r| r.rank as usize)
                }),
                ranked,
            },
        )
        .collect();
    Ok(RankHistory {
        points,
        truncated: walk.truncated,
        found: target.is_some(),
        parses,
    })
}
