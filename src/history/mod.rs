//! A thin gix wrapper that turns a repository into domain facts: the backlog
//! at a revision, the commits that changed it, what each of them changed, and
//! per-file timelines. No `git` process, no checkout, no temporary files.
//!
//! Walking thousands of commits stays cheap because the backlog folder's
//! subtree id is compared first (a commit that left the folder alone costs one
//! tree lookup), only changed subtrees are descended into, a delta-base pack
//! cache is installed, and renames are paired by identical blob ids. The tree
//! diff lives in `treediff` (it skips the entries two trees' bytes share), the
//! read-ahead on a second thread in `ahead`.

mod ahead;
mod commit;
mod follow;
pub mod freshness;
mod live;
pub mod ranks;
pub mod timeline;
mod treediff;

pub use ahead::Ahead;
pub use treediff::{Change, renames};

use std::collections::{HashMap, HashSet};
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;

use crate::date::Date;
use crate::error::Error;
use crate::source::GitSource;
use crate::source::git::{git_error, install_caches, subtree};

/// A repository holding a backlog, and where the backlog sits in it.
pub struct Repo {
    pub repo: gix::Repository,
    /// The backlog folder relative to the work tree, `/`-separated; empty when
    /// the backlog is the repository root.
    pub dir: String,
}

/// One commit, as history reports it.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: ObjectId,
    pub parents: Vec<ObjectId>,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
    /// The author after `.mailmap`.
    pub author: String,
    pub subject: String,
    /// The backlog folder's tree at this commit, if it existed.
    pub backlog: Option<ObjectId>,
}

impl CommitInfo {
    /// The committer date (UTC).
    pub fn date(&self) -> Date {
        date_of(self.time)
    }
}

/// Seconds since the epoch → the UTC calendar date. Extreme times (git
/// accepts any 64-bit count) are clamped to some million years either side,
/// where date arithmetic cannot overflow.
pub fn date_of(seconds: i64) -> Date {
    const LIMIT: i64 = 1 << 30;
    Date::from_days(i32::try_from(seconds.div_euclid(86_400).clamp(-LIMIT, LIMIT)).unwrap_or(0))
}

/// The commits reachable from a tip, parents before children.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    pub commits: Vec<CommitInfo>,
    /// A shallow clone's boundary cut the walk short.
    pub truncated: bool,
}

impl Repo {
    /// The repository holding the backlog folder `root`, or `None` outside
    /// any repository (or in a bare one, which has no backlog folder).
    pub fn discover(root: &Path) -> Result<Option<Self>, Error> {
        // The environment counts as it does for git: `GIT_DIR` inside hooks,
        // `GIT_CEILING_DIRECTORIES` to keep a backlog out of an enclosing repository.
        // Like git, a ceiling that is no parent of the root is ignored.
        let options = || gix::discover::upwards::Options {
            match_ceiling_dir_or_error: false,
            ..Default::default()
        };
        let repo = match gix::ThreadSafeRepository::discover_with_environment_overrides_opts(
            root,
            options(),
            |options, _trust| options,
        ) {
            Ok(repo) => repo,
            Err(e) => {
                // A repository that is there but cannot be opened (a broken
                // config, an unsupported format) is not "no repository": the
                // hook would otherwise block every commit with the wrong reason.
                let found = if let Some(git_dir) = std::env::var_os("GIT_DIR") {
                    Some(std::path::PathBuf::from(git_dir))
                } else {
                    gix::discover::upwards_opts(root, options().apply_environment())
                        .ok()
                        .map(|(path, _)| path.into_repository_and_work_tree_directories().0)
                };
                return match found {
                    Some(git_dir) => Err(Error::OpenRepository {
                        git_dir,
                        reason: reasons(&e),
                    }),
                    None => Ok(None),
                };
            }
        };
        let mut repo = repo.to_thread_local();
        let Some(workdir) = repo.workdir() else {
            return Ok(None);
        };
        let canonical = |p: &Path| std::fs::canonicalize(p).map_err(|e| Error::io(p, e));
        let workdir = canonical(workdir)?;
        let root = canonical(root)?;
        let Ok(below) = root.strip_prefix(&workdir) else {
            return Ok(None);
        };
        let dir = below
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        install_caches(&mut repo);
        Ok(Some(Self { repo, dir }))
    }

    /// The repository holding the folder `root`, which need not exist in the
    /// work tree (another branch checked out, a sparse checkout): found from
    /// its nearest existing ancestor, the missing components appended to
    /// [`Repo::dir`]. For commands that read the backlog from revisions only.
    pub fn open_for_revisions(root: &Path, command: &'static str) -> Result<Self, Error> {
        let no_repository = || Error::NoRepository {
            root: root.to_path_buf(),
            command,
        };
        let mut missing = Vec::new();
        let mut existing = root;
        while !existing.as_os_str().is_empty() && !existing.exists() {
            let name = match existing.components().next_back() {
                Some(std::path::Component::Normal(name)) => name.to_string_lossy().into_owned(),
                // `..` or `.` past a missing folder: no plain path to follow.
                _ => {
                    return Err(Error::NotABacklog {
                        root: root.to_path_buf(),
                    });
                }
            };
            missing.push(name);
            existing = existing.parent().unwrap_or(Path::new(""));
        }
        let start = if existing.as_os_str().is_empty() {
            Path::new(".")
        } else {
            existing
        };
        let mut repo = Self::discover(start)?.ok_or_else(no_repository)?;
        for name in missing.into_iter().rev() {
            if !repo.dir.is_empty() {
                repo.dir.push('/');
            }
            repo.dir.push_str(&name);
        }
        Ok(repo)
    }

    /// Whether the backlog folder holds a `rankdown.yaml` in `commit`'s tree.
    pub fn has_backlog(&self, commit: ObjectId) -> Result<bool, Error> {
        let tree = crate::source::git::commit_tree(&self.repo, commit)?;
        let path = if self.dir.is_empty() {
            crate::config::CONFIG_FILE.to_owned()
        } else {
            format!("{}/{}", self.dir, crate::config::CONFIG_FILE)
        };
        let tree = self.repo.find_tree(tree).map_err(git_error)?;
        let entry = tree
            .lookup_entry_by_path(path.as_str())
            .map_err(git_error)?;
        Ok(entry.is_some_and(|e| e.mode().is_blob_or_symlink()))
    }

    /// Like [`Repo::discover`], but no repository is an error naming the command.
    pub fn open(root: &Path, command: &'static str) -> Result<Self, Error> {
        Self::discover(root)?.ok_or_else(|| Error::NoRepository {
            root: root.to_path_buf(),
            command,
        })
    }

    /// The commit HEAD points at; `None` on an unborn branch.
    pub fn head(&self) -> Result<Option<ObjectId>, Error> {
        let mut head = self.repo.head().map_err(git_error)?;
        match head.try_peel_to_id().map_err(git_error)? {
            Some(id) => Ok(Some(self.peel_to_commit(id.detach(), "HEAD")?)),
            None => Ok(None),
        }
    }

    /// A revision (`main`, `HEAD~2`, a hash) resolved to a commit.
    pub fn resolve(&self, spec: &str) -> Result<ObjectId, Error> {
        let id = self
            .repo
            .rev_parse_single(spec)
            .map_err(|e| Error::BadRevision {
                spec: spec.to_owned(),
                reason: e.to_string(),
            })?;
        self.peel_to_commit(id.detach(), spec)
    }

    fn peel_to_commit(&self, id: ObjectId, spec: &str) -> Result<ObjectId, Error> {
        let object = self.repo.find_object(id).map_err(git_error)?;
        let commit = object.peel_to_commit().map_err(|e| Error::BadRevision {
            spec: spec.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(commit.id)
    }

    /// The merge base of `head` with the default branch: `main`, else
    /// `master`, else HEAD's upstream. No such branch, or one that shares no
    /// commit with `head` here (a shallow clone, an unrelated branch), is an
    /// error: comparing anything else would report "no item moved" wrongly.
    pub fn default_base(&self, head: ObjectId) -> Result<ObjectId, Error> {
        let mut candidates: Vec<String> = ["main", "master", "origin/main", "origin/master"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        if let Ok(Some(name)) = self.repo.head_name()
            && let Some(Ok(upstream)) = self
                .repo
                .branch_remote_tracking_ref_name(name.as_ref(), gix::remote::Direction::Fetch)
        {
            candidates.push(upstream.as_bstr().to_string());
        }
        let shallow = self.repo.is_shallow().unwrap_or(false);
        for name in candidates {
            let Ok(branch) = self.repo.rev_parse_single(name.as_str()) else {
                continue;
            };
            let branch = self.peel_to_commit(branch.detach(), &name)?;
            return match self.repo.merge_base(branch, head) {
                Ok(Some(base)) => Ok(base.detach()),
                // A traversal that hits a missing parent fails: a shallow clone.
                Ok(None) | Err(_) => Err(Error::NoBase {
                    reason: format!("{name} and HEAD share no commit in this repository"),
                    shallow,
                }),
            };
        }
        Err(Error::NoBase {
            reason: "no branch main or master, and HEAD has no upstream".to_owned(),
            shallow,
        })
    }

    /// The backlog as committed in `commit`.
    pub fn at_commit(&self, commit: ObjectId) -> Result<GitSource<'_>, Error> {
        GitSource::from_commit(&self.repo, commit, &self.dir)
    }

    /// The backlog as staged in the index.
    pub fn staged(&self) -> Result<GitSource<'_>, Error> {
        GitSource::from_index(&self.repo, &self.dir)
    }

    /// A commit's facts, without walking.
    pub fn commit(&self, id: ObjectId) -> Result<CommitInfo, Error> {
        let mailmap = self.repo.open_mailmap();
        self.commit_info(id, &mailmap)
    }

    fn commit_info(
        &self,
        id: ObjectId,
        mailmap: &gix::mailmap::Snapshot,
    ) -> Result<CommitInfo, Error> {
        let commit = self.repo.find_commit(id).map_err(git_error)?;
        let read = commit::headers(&commit.data);
        let tree = read
            .tree
            .ok_or_else(|| Error::Git(format!("commit {id} names no tree").into()))?;
        let author = mailmap.resolve(read.author);
        let subject = gix::objs::commit::MessageRef::from_bytes(read.message)
            .summary()
            .to_str_lossy()
            .trim()
            .to_owned();
        Ok(CommitInfo {
            id,
            parents: read.parents,
            time: read.time,
            author: author.name.to_str_lossy().trim().to_owned(),
            subject,
            backlog: subtree(&self.repo, tree, &self.dir)?,
        })
    }

    /// The commits reachable from `tip`, parents before children: only the
    /// first-parent chain, or every commit of merged branches too.
    pub fn walk(&self, tip: ObjectId, first_parent_only: bool) -> Result<Walk, Error> {
        let mailmap = self.repo.open_mailmap();
        let shallow: HashSet<ObjectId> = self
            .repo
            .shallow_commits()
            .map_err(git_error)?
            .map(|commits| commits.iter().copied().collect())
            .unwrap_or_default();
        let mut infos: HashMap<ObjectId, CommitInfo> = HashMap::new();
        let mut truncated = false;
        // Iterative depth-first post-order over parents: parents come out
        // before children, and a first-parent chain comes out oldest first.
        let mut order = Vec::new();
        let mut stack: Vec<(ObjectId, usize)> = vec![(tip, 0)];
        let mut seen: HashSet<ObjectId> = HashSet::from([tip]);
        while let Some(&mut (id, ref mut next)) = stack.last_mut() {
            if let std::collections::hash_map::Entry::Vacant(slot) = infos.entry(id) {
                let mut info = self.commit_info(id, &mailmap)?;
                if shallow.contains(&id) {
                    truncated = true;
                    info.parents.clear();
                }
                slot.insert(info);
            }
            let parents = &infos[&id].parents;
            let limit = if first_parent_only {
                parents.len().min(1)
            } else {
                parents.len()
            };
            if *next < limit {
                let parent = parents[*next];
                *next += 1;
                if seen.insert(parent) {
                    if self.repo.has_object(parent) {
                        stack.push((parent, 0));
                    } else {
                        // A clone without the parent's objects: a boundary too.
                        truncated = true;
                    }
                }
            } else {
                stack.pop();
                order.push(id);
            }
        }
        let commits = order
            .into_iter()
            .filter_map(|id| infos.remove(&id))
            .collect();
        Ok(Walk { commits, truncated })
    }

    /// The files that differ between two backlog trees (either may be absent).
    pub fn changes(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
    ) -> Result<Vec<Change>, Error> {
        treediff::diff(&self.repo, old, new)
    }

    /// A blob's bytes.
    pub fn blob(&self, id: ObjectId) -> Result<Vec<u8>, Error> {
        Ok(self.repo.find_blob(id).map_err(git_error)?.take_data())
    }

    /// A blob's size, without reading it.
    pub fn blob_size(&self, id: ObjectId) -> Result<u64, Error> {
        Ok(self.repo.find_header(id).map_err(git_error)?.size())
    }
}

/// An error and its causes, outermost first, as one line.
fn reasons(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        text.push_str(": ");
        text.push_str(&e.to_string());
        cause = e.source();
    }
    text
}
