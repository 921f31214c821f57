//! When each backlog file was created and last changed, by whom and in how
//! many commits: what `git log --name-status -- <backlog>` tells, read in one
//! walk over every commit reachable from a tip.

use std::collections::{BTreeMap, HashMap, HashSet};

use gix::ObjectId;

use super::{Change, CommitInfo, Repo, renames};
use crate::date::Date;
use crate::error::Error;

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
/// shows it); a rename carries the timeline over to the new path.
pub fn timelines(repo: &Repo, tip: ObjectId) -> Result<Timelines, Error> {
    let walk = repo.walk(tip, false)?;
    let trees: HashMap<ObjectId, Option<ObjectId>> =
        walk.commits.iter().map(|c| (c.id, c.backlog)).collect();
    let mut files: BTreeMap<String, Timeline> = BTreeMap::new();
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
                apply(&mut files, commit, &changes);
            }
            Ok(())
        },
    )?;
    Ok(Timelines {
        files,
        truncated: walk.truncated,
    })
}

/// Carries one commit's changes into the timelines.
fn apply(files: &mut BTreeMap<String, Timeline>, commit: &CommitInfo, changes: &[Change]) {
    for (from, to) in renames(changes) {
        if let Some(timeline) = files.remove(&from) {
            files.insert(to, timeline);
        }
    }
    let date = commit.date();
    for change in changes {
        match change {
            Change::Added { path, .. } | Change::Modified { path, .. } => {
                let timeline = files.entry(path.clone()).or_default();
                timeline.created.get_or_insert(date);
                timeline.last_changed = Some(date);
                timeline.last_time = commit.time;
                timeline.commits += 1;
                if !timeline.authors.contains(&commit.author) {
                    timeline.authors.push(commit.author.clone());
                }
            }
            Change::Removed { path, .. } => {
                files.remove(path);
            }
        }
    }
}
