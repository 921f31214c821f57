//! A thin gix wrapper that turns a repository into domain facts: the backlog
//! at a revision, the commits that changed it, what each of them changed, and
//! per-file timelines. No `git` process, no checkout, no temporary files.
//!
//! Walking thousands of commits stays cheap because the backlog folder's
//! subtree id is compared first (a commit that left the folder alone costs one
//! tree lookup), only changed subtrees are descended into, a delta-base pack
//! cache is installed, and renames are paired by identical blob ids. Within
//! a changed tree, the entries its bytes share with the old one are skipped
//! unparsed, and the diffs (and, for ranks, the parses of what they add) run
//! ahead on a second thread while the first applies them in order.

pub mod freshness;
mod live;
pub mod ranks;
pub mod timeline;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;

use crate::date::Date;
use crate::error::Error;
use crate::source::git::{git_error, subtree};
use crate::source::{GitFile, GitSource};

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

/// Seconds since the epoch → the UTC calendar date.
pub fn date_of(seconds: i64) -> Date {
    Date::from_days(i32::try_from(seconds.div_euclid(86_400)).unwrap_or(i32::MAX))
}

/// The commits reachable from a tip, parents before children.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    pub commits: Vec<CommitInfo>,
    /// A shallow clone's boundary cut the walk short.
    pub truncated: bool,
}

/// What happened to one file of the backlog between two trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added {
        path: String,
        file: GitFile,
    },
    Removed {
        path: String,
        file: GitFile,
    },
    Modified {
        path: String,
        old: GitFile,
        new: GitFile,
    },
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Added { path, .. }
            | Change::Removed { path, .. }
            | Change::Modified { path, .. } => path,
        }
    }
}

impl Repo {
    /// The repository holding the backlog folder `root`, or `None` outside
    /// any repository (or in a bare one, which has no backlog folder).
    pub fn discover(root: &Path) -> Result<Option<Self>, Error> {
        // The environment counts as it does for git: `GIT_DIR` inside hooks,
        // `GIT_CEILING_DIRECTORIES` to keep a backlog out of an enclosing repository.
        // Like git, a ceiling that is no parent of the root is ignored.
        let options = gix::discover::upwards::Options {
            match_ceiling_dir_or_error: false,
            ..Default::default()
        };
        let Ok(repo) = gix::ThreadSafeRepository::discover_with_environment_overrides_opts(
            root,
            options,
            gix::sec::trust::Mapping::default(),
        ) else {
            return Ok(None);
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
    /// `master`, else HEAD's upstream. `None` when none of them exists.
    pub fn default_base(&self, head: ObjectId) -> Result<Option<ObjectId>, Error> {
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
        for name in candidates {
            let Ok(branch) = self.repo.rev_parse_single(name.as_str()) else {
                continue;
            };
            let branch = self.peel_to_commit(branch.detach(), &name)?;
            return Ok(match self.repo.merge_base(branch, head) {
                Ok(base) => base.map(gix::Id::detach),
                Err(_) => None,
            });
        }
        Ok(None)
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
        let decoded = commit.decode().map_err(git_error)?;
        let time = decoded
            .committer()
            .map_err(git_error)?
            .time()
            .map_err(git_error)?;
        let author = decoded.author().map_err(git_error)?;
        let author = mailmap.resolve(author.trim());
        let subject = decoded.message().summary().to_str_lossy().trim().to_owned();
        let tree = decoded.tree();
        Ok(CommitInfo {
            id,
            parents: decoded.parents().collect(),
            time: time.seconds,
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
        let mut out = Vec::new();
        diff_trees(&self.repo, old, new, "", &mut out)?;
        Ok(out)
    }

    /// The changes between each pair of backlog trees, computed ahead on a
    /// second thread (with its own repository handle) and handed to `consume`
    /// in order, each with what `extra` made of them on that thread (it may
    /// read objects through the handle it is given). A pair equal on both
    /// sides yields no changes.
    pub fn changes_ahead<T: Send, R>(
        &self,
        pairs: Vec<(Option<ObjectId>, Option<ObjectId>)>,
        extra: impl Fn(&gix::Repository, &[Change]) -> Result<T, Error> + Send,
        consume: impl FnOnce(&mut dyn Iterator<Item = Result<Ahead<T>, Error>>) -> R,
    ) -> R {
        // Sent in batches: one wake-up per commit costs more than a small diff.
        const BATCH: usize = 32;
        let git_dir = self.repo.git_dir().to_path_buf();
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Result<Ahead<T>, Error>>>(16);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let mut repo = match gix::ThreadSafeRepository::open_with_environment_overrides(
                    git_dir,
                    gix::sec::trust::Mapping::default(),
                ) {
                    Ok(repo) => repo.to_thread_local(),
                    Err(e) => {
                        let _ = send.send(vec![Err(git_error(e))]);
                        return;
                    }
                };
                install_caches(&mut repo);
                let mut batch = Vec::with_capacity(BATCH);
                let mut first = true;
                for (old, new) in pairs {
                    let ahead = diff(&repo, old, new).and_then(|changes| {
                        let extra = extra(&repo, &changes)?;
                        Ok(Ahead { changes, extra })
                    });
                    let failed = ahead.is_err();
                    batch.push(ahead);
                    // The first pair goes alone, so that work starts at once.
                    if failed || first || batch.len() >= BATCH {
                        first = false;
                        if send.send(std::mem::take(&mut batch)).is_err() || failed {
                            return;
                        }
                    }
                }
                if !batch.is_empty() {
                    let _ = send.send(batch);
                }
            });
            let mut received = receive.iter().flatten();
            let out = consume(&mut received);
            // Unblocks the worker if `consume` stopped early.
            drop(received);
            drop(receive);
            out
        })
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

/// Without the max-performance feature gix installs no caches; history reads
/// the same delta bases and commits over and over.
fn install_caches(repo: &mut gix::Repository) {
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
            64 * 1024 * 1024,
        ))
    });
    repo.object_cache_size_if_unset(16 * 1024 * 1024);
}

/// One pair of trees' changes, computed ahead, and what was made of them there.
#[derive(Debug, Default)]
pub struct Ahead<T> {
    pub changes: Vec<Change>,
    pub extra: T,
}

fn diff(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
) -> Result<Vec<Change>, Error> {
    let mut changes = Vec::new();
    diff_trees(repo, old, new, "", &mut changes)?;
    Ok(changes)
}

/// `(renamed from, renamed to)` pairs among one commit's changes: a removed
/// and an added file with the same blob id.
pub fn renames(changes: &[Change]) -> Vec<(String, String)> {
    let mut removed: BTreeMap<ObjectId, Vec<&str>> = BTreeMap::new();
    for change in changes {
        if let Change::Removed { path, file } = change {
            removed.entry(file.id).or_default().push(path);
        }
    }
    let mut out = Vec::new();
    for change in changes {
        if let Change::Added { path, file } = change
            && let Some(from) = removed.get_mut(&file.id).and_then(Vec::pop)
        {
            out.push((from.to_owned(), path.clone()));
        }
    }
    out
}

/// A tree object, if there is one.
fn find_tree(
    repo: &gix::Repository,
    tree: Option<ObjectId>,
) -> Result<Option<gix::Tree<'_>>, Error> {
    tree.map(|id| repo.find_tree(id).map_err(git_error))
        .transpose()
}

/// A tree entry that matters here: `(name, is tree, file)`.
type Entry<'t> = (&'t [u8], bool, GitFile);

/// A tree's entries that matter here, in git's order, with names borrowed
/// from the tree (no copy per entry); `data` starts at an entry.
fn entries(data: &[u8], hash: gix::hash::Kind) -> impl Iterator<Item = Result<Entry<'_>, Error>> {
    gix::objs::TreeRefIter::from_bytes(data, hash).filter_map(|entry| match entry {
        Err(e) => Some(Err(git_error(e))),
        Ok(e) => (e.mode.is_tree() || e.mode.is_blob_or_symlink()).then(|| {
            Ok((
                e.filename.as_bytes(),
                e.mode.is_tree(),
                GitFile {
                    id: e.oid.to_owned(),
                    link: e.mode.is_link(),
                },
            ))
        }),
    })
}

/// How many leading bytes two slices share.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut n = 0;
    for (x, y) in a.chunks(64).zip(b.chunks(64)) {
        if x == y {
            n += x.len();
        } else {
            return n + x.iter().zip(y).take_while(|(p, q)| p == q).count();
        }
    }
    n
}

/// Where the entries that lie wholly inside the bytes both trees start with
/// end: those entries are the same on both sides.
fn same_entries_end(a: &[u8], b: &[u8], hash_len: usize) -> usize {
    let common = common_prefix(a, b);
    let mut start = 0;
    // An entry is `mode SP name NUL id`.
    while let Some(nul) = a[start..common].iter().position(|&c| c == 0) {
        let end = start + nul + 1 + hash_len;
        if end > common {
            break;
        }
        start = end;
    }
    start
}

/// Git's tree order: names compare as bytes, a tree as if it ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let common = a.len().min(b.len());
    a[..common].cmp(&b[..common]).then_with(|| {
        let next = |name: &[u8], tree: bool| {
            name.get(common)
                .copied()
                .or(if tree { Some(b'/') } else { None })
        };
        next(a, a_tree).cmp(&next(b, b_tree))
    })
}

/// Descends only into subtrees whose ids differ; both entry lists are in
/// git's order, so one merge pass pairs them.
fn diff_trees(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    prefix: &str,
    out: &mut Vec<Change>,
) -> Result<(), Error> {
    use std::cmp::Ordering;
    if old == new {
        return Ok(());
    }
    let (old_tree, new_tree) = (find_tree(repo, old)?, find_tree(repo, new)?);
    let hash = old.or(new).map_or(gix::hash::Kind::Sha1, |id| id.kind());
    let old_bytes = old_tree.as_ref().map_or(&[][..], |t| &t.data[..]);
    let new_bytes = new_tree.as_ref().map_or(&[][..], |t| &t.data[..]);
    let start = same_entries_end(old_bytes, new_bytes, hash.len_in_bytes());
    let mut old_entries = entries(&old_bytes[start..], hash);
    let mut new_entries = entries(&new_bytes[start..], hash);
    let (mut a_next, mut b_next) = (
        old_entries.next().transpose()?,
        new_entries.next().transpose()?,
    );
    loop {
        let (before, after) = match (a_next, b_next) {
            (None, None) => break,
            (Some(a), None) => {
                a_next = old_entries.next().transpose()?;
                (Some(a), None)
            }
            (None, Some(b)) => {
                b_next = new_entries.next().transpose()?;
                (None, Some(b))
            }
            (Some(a), Some(b)) => match git_order(a.0, a.1, b.0, b.1) {
                Ordering::Less => {
                    a_next = old_entries.next().transpose()?;
                    (Some(a), None)
                }
                Ordering::Greater => {
                    b_next = new_entries.next().transpose()?;
                    (None, Some(b))
                }
                Ordering::Equal => {
                    a_next = old_entries.next().transpose()?;
                    b_next = new_entries.next().transpose()?;
                    (Some(a), Some(b))
                }
            },
        };
        if let (Some(a), Some(b)) = (before, after)
            && a.2 == b.2
        {
            continue;
        }
        let entry = before.or(after).map_or(&[][..], |e| e.0);
        let path = format!("{prefix}{}", entry.to_str_lossy());
        let tree = |e: Option<Entry<'_>>| e.filter(|e| e.1).map(|e| e.2.id);
        let file = |e: Option<Entry<'_>>| e.filter(|e| !e.1).map(|e| e.2);
        if tree(before).is_some() || tree(after).is_some() {
            diff_trees(repo, tree(before), tree(after), &format!("{path}/"), out)?;
            continue;
        }
        match (file(before), file(after)) {
            (Some(old), Some(new)) => out.push(Change::Modified { path, old, new }),
            (Some(file), None) => out.push(Change::Removed { path, file }),
            (None, Some(file)) => out.push(Change::Added { path, file }),
            (None, None) => {}
        }
    }
    Ok(())
}
