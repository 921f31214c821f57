//! When each backlog file was created and last changed, by whom and in how
//! many commits: what `git log --name-status -- <backlog>` tells, read in one
//! walk over every commit reachable from a tip.

use std::collections::{BTreeMap, HashMap, HashSet};

use gix::ObjectId;

use super::follow::{ItemKey, pair_renames};
use super::{Change, CommitInfo, Repo};
use crate::config::{CONFIG_FILE, Config, Kind};
use crate::date::Date;
use crate::error::Error;
use crate::parse::{self, Bodies, Entity};
use crate::source::GitFile;
use crate::source::git::git_error;

/// One file's life in git, followed through renames.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timeline {
    /// The first commit's date; `None` only for files never committed.
    pub created: Option<Date>,
    pub last_changed: Option<Date>,
    /// Commit time of the last change, seconds since the epoch.
    pub last_time: i64,
    /// Distinct authors after `.mailmap`, in order of first change.
    pub authors: Vec<String>,
    pub commits: usize,
}

/// The timelines of every file in the backlog at `tip`, by backlog-relative path.
#[derive(Debug, Clone, Default)]
pub struct Timelines {
    pub files: BTreeMap<String, Timeline>,
    /// A shallow clone's boundary cut the walk: `created` may be later than the truth.
    pub truncated: bool,
}

/// Walks every commit reachable from `tip`, oldest first. A merge counts as
/// changing a file only where it differs from every parent (as `git log`
/// shows it); a rename carries the timeline over to the new path (an item
/// file is followed by its unchanged id, else identical content, else its
/// title), and a removed file that comes back (a revert; for an item, any
/// file with its id) continues its timeline. The tip's `rankdown.yaml` tells
/// which files are items.
pub fn timelines(repo: &Repo, tip: ObjectId) -> Result<Timelines, Error> {
    let walk = repo.walk(tip, false)?;
    let config = tip_config(repo, walk.commits.last().and_then(|c| c.backlog))?;
    let config = &config;
    let trees: HashMap<ObjectId, Option<ObjectId>> =
        walk.commits.iter().map(|c| (c.id, c.backlog)).collect();
    let mut files = Files {
        live: BTreeMap::new(),
        buried: HashMap::new(),
    };
    // The commits that changed the backlog folder since every parent, with
    // their parents' trees; first-parent diffs are read ahead on a second thread.
    let to_diff: Vec<(&CommitInfo, Vec<Option<ObjectId>>)> = walk
        .commits
        .iter()
        .filter_map(|commit| {
            let parent_trees: Vec<Option<ObjectId>> = commit
                .parents
                .iter()
                .map(|p| trees.get(p).copied().flatten())
                .collect();
            (!parent_trees.contains(&commit.backlog)).then_some((commit, parent_trees))
        })
        .collect();
    let pairs = to_diff
        .iter()
        .map(|(c, parents)| (parents.first().copied().flatten(), c.backlog))
        .collect();
    repo.changes_ahead(
        pairs,
        |_, _| Ok(()),
        |ahead| -> Result<(), Error> {
            for ((commit, parent_trees), received) in to_diff.iter().zip(ahead) {
                let mut changes = received?.changes;
                for other in parent_trees.iter().skip(1) {
                    let against: HashSet<String> = repo
                        .changes(*other, commit.backlog)?
                        .iter()
                        .map(|c| c.path().to_owned())
                        .collect();
                    changes.retain(|c| against.contains(c.path()));
                }
                apply(repo, config, &mut files, commit, &changes)?;
            }
            Ok(())
        },
    )?;
    Ok(Timelines {
        files: files.live,
        truncated: walk.truncated,
    })
}

/// The config in the backlog tree `tree`, defaults where it is missing or
/// unreadable (only its folders and size limit matter here).
fn tip_config(repo: &Repo, tree: Option<ObjectId>) -> Result<Config, Error> {
    let defaults = Config::default();
    let Some(tree) = tree else {
        return Ok(defaults);
    };
    let tree = repo.repo.find_tree(tree).map_err(git_error)?;
    let Some(entry) = tree.find_entry(CONFIG_FILE) else {
        return Ok(defaults);
    };
    if !entry.mode().is_blob() || repo.blob_size(entry.object_id())? > defaults.max_file_bytes {
        return Ok(defaults);
    }
    let bytes = repo.blob(entry.object_id())?;
    Ok(
        match parse::entity(
            Kind::Config,
            CONFIG_FILE,
            &bytes,
            &defaults,
            Bodies::Drop,
            &mut Vec::new(),
        )
        .entity
        {
            Some(Entity::Config(config)) => *config,
            _ => defaults,
        },
    )
}

/// The timelines of the files present, and of those removed.
struct Files {
    live: BTreeMap<String, Timeline>,
    /// Timelines of removed files, by what would bring them back: an item's
    /// id, else the path.
    buried: HashMap<String, Timeline>,
}

/// An item file's id and title, read as a full load reads it.
fn item_key(
    repo: &Repo,
    config: &Config,
    path: &str,
    file: GitFile,
) -> Result<Option<ItemKey>, Error> {
    let blob = repo.blob_size(file.id)?;
    if blob > config.max_file_bytes {
        return Ok(None);
    }
    let bytes = repo.blob(file.id)?;
    Ok(
        match parse::entity(
            Kind::Item,
            path,
            &bytes,
            config,
            Bodies::Drop,
            &mut Vec::new(),
        )
        .entity
        {
            Some(Entity::Item(item)) => Some(ItemKey {
                id: item.id.value,
                title: item.title,
            }),
            _ => None,
        },
    )
}

/// What brings a removed file's timeline back: `id:<id>` for an item, else
/// `path:<path>`.
fn grave(repo: &Repo, config: &Config, path: &str, file: GitFile) -> Result<String, Error> {
    if !file.link
        && config.folders.kind_of(path) == Some(Kind::Item)
        && let Some(key) = item_key(repo, config, path, file)?
    {
        return Ok(format!("id:{}", key.id));
    }
    Ok(format!("path:{path}"))
}

/// Carries one commit's changes into the timelines.
fn apply(
    repo: &Repo,
    config: &Config,
    files: &mut Files,
    commit: &CommitInfo,
    changes: &[Change],
) -> Result<(), Error> {
    let is_item = |path: &str| config.folders.kind_of(path) == Some(Kind::Item);
    let pairs = pair_renames(changes, is_item, |path, file| {
        item_key(repo, config, path, file)
    })?;
    for (from, to) in &pairs {
        if let Some(timeline) = files.live.remove(from) {
            files.live.insert(to.clone(), timeline);
        }
    }
    let date = commit.date();
    let record = |timeline: &mut Timeline| {
        timeline.created.get_or_insert(date);
        timeline.last_changed = Some(date);
        timeline.last_time = commit.time;
        timeline.commits += 1;
        if !timeline.authors.contains(&commit.author) {
            timeline.authors.push(commit.author.clone());
        }
    };
    for change in changes {
        match change {
            Change::Added { path, file } if !files.live.contains_key(path) => {
                let mut timeline = if files.buried.is_empty() {
                    Timeline::default()
                } else {
                    let key = grave(repo, config, path, *file)?;
                    files.buried.remove(&key).unwrap_or_default()
                };
                record(&mut timeline);
                files.live.insert(path.clone(), timeline);
            }
            Change::Added { path, .. } | Change::Modified { path, .. } => {
                record(files.live.entry(path.clone()).or_default());
            }
            Change::Removed { path, file } => {
                if pairs.iter().any(|(from, _)| from == path) {
                    continue;
                }
                if let Some(mut timeline) = files.live.remove(path) {
                    // The removal is a change to the file, as `git log` lists it.
                    record(&mut timeline);
                    let key = grave(repo, config, path, *file)?;
                    files.buried.insert(key, timeline);
                }
            }
        }
    }
    Ok(())
}
