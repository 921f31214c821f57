//! The backlog as git stores it: in a commit's tree, or staged in the index.
//! Files are read straight from the object database (no checkout, no
//! temporary files, no `git` process), so `diff` and `history` see each
//! revision exactly as committed, `rankdown.yaml` included, whatever the work
//! tree holds, and the pre-commit hook sees exactly what is about to be
//! committed.

use std::collections::BTreeMap;

use gix::ObjectId;

use rayon::iter::ParallelIterator;
use rayon::slice::ParallelSlice;

use super::{Entry, Found, Skipped, Source, SourceFile, folder_steps, follow_policy, is_markdown};
use crate::config::MAX_FILE_BYTES;
use crate::error::Error;

/// One blob of the backlog, by its path relative to the backlog root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GitFile {
    pub id: ObjectId,
    /// A symbolic link: the blob holds the link's target.
    pub link: bool,
}

/// A backlog read from git objects: a commit's tree ([`GitSource::from_tree`])
/// or the index ([`GitSource::from_index`]). Paths are relative to the backlog folder,
/// which may sit in a subdirectory of the repository.
#[derive(Clone)]
pub struct GitSource<'repo> {
    repo: &'repo gix::Repository,
    files: BTreeMap<String, GitFile>,
    /// Blobs read by an earlier source of the same repository (`diff A B`:
    /// most files are the same blob on both sides), and where this one
    /// leaves the blobs it reads.
    shared: Option<&'repo BlobCache>,
    /// Paths whose names are not UTF-8, as shown (lossily): never read.
    bad_names: Vec<String>,
}

impl std::fmt::Debug for GitSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitSource")
            .field("files", &self.files)
            .finish_non_exhaustive()
    }
}

impl<'repo> GitSource<'repo> {
    /// The backlog folder `dir` (repository-relative) in the tree `tree` (a
    /// commit's root tree). A folder missing from the tree is an empty backlog.
    pub fn from_tree(
        repo: &'repo gix::Repository,
        tree: ObjectId,
        dir: &str,
    ) -> Result<Self, Error> {
        let mut files = BTreeMap::new();
        let mut bad_names = Vec::new();
        if let Some(subtree) = subtree(repo, tree, dir)? {
            flatten(repo, subtree, "", &mut files, &mut bad_names)?;
        }
        Ok(Self {
            repo,
            files,
            shared: None,
            bad_names,
        })
    }

    /// The backlog folder `dir` at a commit.
    pub fn from_commit(
        repo: &'repo gix::Repository,
        commit: ObjectId,
        dir: &str,
    ) -> Result<Self, Error> {
        let tree = commit_tree(repo, commit)?;
        Self::from_tree(repo, tree, dir)
    }

    /// The staged content of the backlog in `dir` (repository-relative, `/`
    /// separated, empty for the repository root): what the next commit will hold.
    /// The pre-commit hook ranks this, not the work tree, so unstaged edits never
    /// leak into a commit's PRIORITIES.md. Conflicted entries (stages 1–3) are left
    /// out; an absent index reads as empty. A sparse index's collapsed
    /// directories (`git sparse-checkout --sparse-index`) are read from their trees.
    pub fn from_index(repo: &'repo gix::Repository, dir: &str) -> Result<Self, Error> {
        let index = repo.index_or_empty().map_err(git_error)?;
        let prefix = dir_prefix(dir);
        let mut files = BTreeMap::new();
        let mut bad_names = Vec::new();
        for entry in index.entries() {
            if entry.stage() != gix::index::entry::Stage::Unconflicted {
                continue;
            }
            let path = entry.path(&index);
            if entry.mode == gix::index::entry::Mode::DIR {
                // A collapsed directory, `a/b/`: inside the backlog, or holding it.
                let path = format!("{}/", String::from_utf8_lossy(path).trim_end_matches('/'));
                if let Some(rel) = path.strip_prefix(&prefix) {
                    flatten(repo, entry.id, rel, &mut files, &mut bad_names)?;
                } else if let Some(below) = prefix.strip_prefix(&path)
                    && let Some(tree) = subtree(repo, entry.id, below)?
                {
                    flatten(repo, tree, "", &mut files, &mut bad_names)?;
                }
                continue;
            }
            let Some(rel) = path.strip_prefix(prefix.as_bytes()) else {
                continue;
            };
            let link = entry.mode == gix::index::entry::Mode::SYMLINK;
            let file = entry.mode == gix::index::entry::Mode::FILE
                || entry.mode == gix::index::entry::Mode::FILE_EXECUTABLE;
            if !(file || link) {
                continue;
            }
            match std::str::from_utf8(rel) {
                Ok(rel) => {
                    files.insert(rel.to_owned(), GitFile { id: entry.id, link });
                }
                Err(_) => bad_names.push(String::from_utf8_lossy(rel).into_owned()),
            }
        }
        Ok(Self {
            repo,
            files,
            shared: None,
            bad_names,
        })
    }

    /// This source, reading each blob from `cache` when an earlier source
    /// left it there, and leaving there the blobs it reads.
    #[must_use]
    pub fn sharing(self, cache: &'repo BlobCache) -> Self {
        Self {
            shared: Some(cache),
            ..self
        }
    }

    /// Every file of the backlog, by backlog-relative path.
    pub fn files(&self) -> &BTreeMap<String, GitFile> {
        &self.files
    }

    fn entry(&self, path: &str, file: GitFile, max_bytes: u64) -> Result<Option<Entry>, Error> {
        read_shared(
            self.repo,
            self.shared,
            &self.files,
            (path, file),
            max_bytes,
            Bound::Header,
        )
        .map(Some)
    }
}

impl Source for GitSource<'_> {
    fn read(&self, path: &str, max_bytes: u64) -> Result<Option<Entry>, Error> {
        match self.files.get(path) {
            Some(&file) => self.entry(path, file, max_bytes),
            None => Ok(None),
        }
    }

    fn markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Entry>, Error> {
        let mut entries = match self.under(folder, max_bytes)? {
            Under::Skipped(entries) => return Ok(entries),
            Under::Files { unread, mut read } => {
                for (path, file) in unread {
                    read.push(read_shared(
                        self.repo,
                        self.shared,
                        &self.files,
                        (path, file),
                        max_bytes,
                        Bound::Header,
                    )?);
                }
                read
            }
        };
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(entries)
    }

    /// As [`Source::markdown_under`], with the blobs inflated in parallel,
    /// each thread through its own handle on the object database: on a large
    /// backlog, reading blobs one at a time took longer than parsing them.
    fn find_markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Found>, Error> {
        let mut entries = match self.under(folder, max_bytes)? {
            Under::Skipped(entries) => return Ok(entries.into_iter().map(Found::Read).collect()),
            Under::Files { unread, mut read } => {
                // One handle per thread; a handle is not shared between threads.
                let git_dir = self.repo.git_dir();
                let (files, shared) = (&self.files, self.shared);
                let per_thread = unread.len().div_ceil(rayon::current_num_threads()).max(1);
                let blobs: Vec<Result<Vec<Entry>, Error>> = unread
                    .par_chunks(per_thread)
                    .map(|chunk| {
                        let mut repo = reopen(git_dir)?;
                        // Each blob is read once: caching them costs, and saves nothing.
                        repo.object_cache_size(0);
                        chunk
                            .iter()
                            .map(|&entry| {
                                read_shared(
                                    &repo,
                                    shared,
                                    files,
                                    entry,
                                    max_bytes,
                                    Bound::AllocLimit,
                                )
                            })
                            .collect()
                    })
                    .collect();
                for chunk in blobs {
                    read.extend(chunk?);
                }
                read
            }
        };
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(entries.into_iter().map(Found::Read).collect())
    }
}

/// The files under a content folder: those still to read, and the entries
/// known without reading a blob's content (skipped links, bad names).
enum Under<'a> {
    /// The folder, or one above it, is a link: it is never entered.
    Skipped(Vec<Entry>),
    Files {
        unread: Vec<(&'a str, GitFile)>,
        read: Vec<Entry>,
    },
}

impl GitSource<'_> {
    fn under(&self, folder: &str, max_bytes: u64) -> Result<Under<'_>, Error> {
        // A content folder (or one above it) that is a link is never entered.
        for step in folder_steps(folder) {
            if let Some(&file) = self.files.get(step) {
                let why = match follow(self.repo, &self.files, step, file)? {
                    Err(why) if file.link => why,
                    // A plain file where the folder should be: no folder, no files.
                    _ => return Ok(Under::Skipped(Vec::new())),
                };
                return Ok(Under::Skipped(vec![Entry::LinkSkipped {
                    path: step.to_owned(),
                    why,
                }]));
            }
        }
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        let mut unread = Vec::new();
        let mut read = Vec::new();
        for (path, &file) in self.files.range(prefix.clone()..) {
            if !path.starts_with(&prefix) {
                break;
            }
            if !is_markdown(path) {
                // A linked folder or non-Markdown file: only worth a word when not followed.
                if file.link
                    && let Some(entry @ Entry::LinkSkipped { .. }) =
                        self.entry(path, file, max_bytes)?
                {
                    read.push(entry);
                }
                continue;
            }
            unread.push((path.as_str(), file));
        }
        read.extend(
            self.bad_names
                .iter()
                .filter(|p| p.starts_with(&prefix) && (is_markdown(p) || p.ends_with('/')))
                .map(|p| Entry::BadName { path: p.clone() }),
        );
        Ok(Under::Files { unread, read })
    }
}

/// The blobs two sources of one repository have in common (`diff A B`: most
/// files are the same blob at both revisions): the first source to read one
/// keeps it, and the other takes it instead of inflating it again.
#[derive(Debug, Default)]
pub struct BlobCache(std::sync::Mutex<Shared>);

#[derive(Debug, Default)]
struct Shared {
    /// Blobs of both sources that neither has read yet.
    wanted: std::collections::HashSet<ObjectId>,
    /// Blobs read by one source, waiting for the other.
    kept: std::collections::HashMap<ObjectId, Vec<u8>>,
}

impl BlobCache {
    /// For the blobs (not links) that `a` and `b` both hold.
    pub fn between(a: &GitSource<'_>, b: &GitSource<'_>) -> Self {
        let blobs = |s: &GitSource<'_>| -> std::collections::HashSet<ObjectId> {
            s.files.values().filter(|f| !f.link).map(|f| f.id).collect()
        };
        let wanted = blobs(a).intersection(&blobs(b)).copied().collect();
        Self(std::sync::Mutex::new(Shared {
            wanted,
            kept: std::collections::HashMap::new(),
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// [`entry_at`], through `shared` when given: a blob kept there by the
/// other source is taken instead of read (its size is checked against this
/// source's limit all the same), and a blob the other source will want is
/// kept.
fn read_shared(
    repo: &gix::Repository,
    shared: Option<&BlobCache>,
    files: &BTreeMap<String, GitFile>,
    (path, file): (&str, GitFile),
    max_bytes: u64,
    bound: Bound,
) -> Result<Entry, Error> {
    let Some(cache) = shared.filter(|_| !file.link) else {
        return entry_bounded(repo, files, path, file, max_bytes, bound);
    };
    let kept = cache.lock().kept.remove(&file.id);
    if let Some(bytes) = kept {
        let size = bytes.len() as u64;
        return Ok(if size > max_bytes {
            Entry::TooLarge {
                path: path.to_owned(),
                size,
            }
        } else {
            Entry::File(SourceFile {
                path: path.to_owned(),
                bytes,
            })
        });
    }
    let entry = entry_bounded(repo, files, path, file, max_bytes, bound)?;
    if let Entry::File(read) = &entry {
        let mut shared = cache.lock();
        if shared.wanted.remove(&file.id) {
            shared.kept.insert(file.id, read.bytes.clone());
        }
    }
    Ok(entry)
}

/// Another handle on the repository at `git_dir`, with the caches that
/// reading many blobs and trees wants, for a thread of its own (a
/// [`gix::Repository`] is not shared between threads). It reads objects
/// only, so it refuses to inflate one over [`MAX_FILE_BYTES`] (gix's
/// allocation limit): no blob is read whole that no backlog may hold, and
/// no header needs reading first ([`Bound::AllocLimit`]).
pub(crate) fn reopen(git_dir: &std::path::Path) -> Result<gix::Repository, Error> {
    let limit = format!("gitoxide.objects.allocLimit={MAX_FILE_BYTES}");
    let mut repo = gix::ThreadSafeRepository::open_with_environment_overrides(
        git_dir,
        move |options, _trust| options.config_overrides([limit.as_str()]),
    )
    .map_err(git_error)?
    .to_thread_local();
    install_caches(&mut repo);
    Ok(repo)
}

/// Without the max-performance feature gix installs no caches; history and
/// large loads read the same delta bases and trees over and over.
pub(crate) fn install_caches(repo: &mut gix::Repository) {
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::StaticLinkedList::<64>::new(
            64 * 1024 * 1024,
        ))
    });
    repo.object_cache_size_if_unset(16 * 1024 * 1024);
}

/// What the file at `path` (backlog-relative) in `files` is read as, under
/// the one link policy of [`Skipped`]: the history reads commits through it
/// too, so a link means the same in every command.
pub(crate) fn entry_at(
    repo: &gix::Repository,
    files: &BTreeMap<String, GitFile>,
    path: &str,
    file: GitFile,
    max_bytes: u64,
) -> Result<Entry, Error> {
    entry_bounded(repo, files, path, file, max_bytes, Bound::Header)
}

/// How a blob's size is kept in check before it is inflated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// Its header is read first.
    Header,
    /// The handle refuses to inflate more than [`MAX_FILE_BYTES`] (a
    /// [`reopen`]ed one): the blob is read at once, its size compared
    /// after, and its header read only when the read fails.
    AllocLimit,
}

/// [`entry_at`], with the size kept in check as `bound` says.
fn entry_bounded(
    repo: &gix::Repository,
    files: &BTreeMap<String, GitFile>,
    path: &str,
    file: GitFile,
    max_bytes: u64,
    bound: Bound,
) -> Result<Entry, Error> {
    let target = match follow(repo, files, path, file)? {
        Ok(target) => target,
        Err(why) => {
            return Ok(Entry::LinkSkipped {
                path: path.to_owned(),
                why,
            });
        }
    };
    let too_large = |size| {
        Ok(Entry::TooLarge {
            path: path.to_owned(),
            size,
        })
    };
    if bound == Bound::Header {
        let size = repo.find_header(target.id).map_err(git_error)?.size();
        if size > max_bytes {
            return too_large(size);
        }
    }
    let bytes = match repo.find_blob(target.id) {
        Ok(mut blob) => blob.take_data(),
        // Over the allocation limit, or broken: the header tells which.
        Err(e) => {
            let size = repo.find_header(target.id).map_err(git_error)?.size();
            return if size > max_bytes {
                too_large(size)
            } else {
                Err(git_error(e))
            };
        }
    };
    if bytes.len() as u64 > max_bytes {
        return too_large(bytes.len() as u64);
    }
    Ok(Entry::File(SourceFile {
        path: path.to_owned(),
        bytes,
    }))
}

/// The blob a file's content is read from: itself, or for a link the file
/// it names when the policy follows it.
pub(crate) fn follow(
    repo: &gix::Repository,
    files: &BTreeMap<String, GitFile>,
    path: &str,
    file: GitFile,
) -> Result<Result<GitFile, Skipped>, Error> {
    if !file.link {
        return Ok(Ok(file));
    }
    let text = repo.find_blob(file.id).map_err(git_error)?.take_data();
    let Some(resolved) = std::str::from_utf8(&text)
        .ok()
        .and_then(|target| follow_policy(path, target))
    else {
        return Ok(Err(Skipped::Outside));
    };
    Ok(classify(files, &resolved))
}

/// The file at a resolved link target, or why it is not followed.
fn classify(files: &BTreeMap<String, GitFile>, resolved: &str) -> Result<GitFile, Skipped> {
    if folder_steps(resolved)
        .any(|step| step != resolved && files.get(step).is_some_and(|f| f.link))
    {
        return Err(Skipped::Chain);
    }
    match files.get(resolved) {
        Some(found) if found.link => Err(Skipped::Chain),
        Some(found) => Ok(*found),
        None => {
            let below = format!("{resolved}/");
            if files
                .range(below.clone()..)
                .next()
                .is_some_and(|(p, _)| p.starts_with(&below))
            {
                Err(Skipped::Folder)
            } else {
                Err(Skipped::Dangling)
            }
        }
    }
}

/// Where a link's text points, backlog-relative, for the history to notice
/// when that file changes; `None` when it is never followed anyway.
pub(crate) fn link_target(
    repo: &gix::Repository,
    path: &str,
    file: GitFile,
) -> Result<Option<String>, Error> {
    let text = repo.find_blob(file.id).map_err(git_error)?.take_data();
    Ok(std::str::from_utf8(&text)
        .ok()
        .and_then(|target| follow_policy(path, target)))
}

/// `backlog` → `backlog/`; the repository root → the empty prefix.
pub(crate) fn dir_prefix(dir: &str) -> String {
    let dir = dir.trim_matches('/');
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// The root tree of a commit (or of whatever `commit` peels to).
pub(crate) fn commit_tree(repo: &gix::Repository, commit: ObjectId) -> Result<ObjectId, Error> {
    let commit = repo.find_commit(commit).map_err(git_error)?;
    commit.tree_id().map(gix::Id::detach).map_err(git_error)
}

/// The tree id of `dir` inside the root tree `tree`, if it is there.
pub(crate) fn subtree(
    repo: &gix::Repository,
    tree: ObjectId,
    dir: &str,
) -> Result<Option<ObjectId>, Error> {
    let dir = dir.trim_matches('/');
    if dir.is_empty() {
        return Ok(Some(tree));
    }
    let tree = repo.find_tree(tree).map_err(git_error)?;
    let entry = tree.lookup_entry_by_path(dir).map_err(git_error)?;
    Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
}

/// Every blob and link under `tree`, by path below it; paths that are not
/// UTF-8 go to `bad_names`.
pub(crate) fn flatten(
    repo: &gix::Repository,
    tree: ObjectId,
    prefix: &str,
    files: &mut BTreeMap<String, GitFile>,
    bad_names: &mut Vec<String>,
) -> Result<(), Error> {
    let tree = repo.find_tree(tree).map_err(git_error)?;
    let decoded = tree.decode().map_err(git_error)?;
    for entry in &decoded.entries {
        let Ok(name) = std::str::from_utf8(entry.filename) else {
            let shown = format!("{prefix}{}", entry.filename);
            if entry.mode.is_tree() {
                // Everything below is named through it: count the folder once.
                bad_names.push(format!("{shown}/"));
            } else {
                bad_names.push(shown);
            }
            continue;
        };
        let path = format!("{prefix}{name}");
        if entry.mode.is_tree() {
            flatten(
                repo,
                entry.oid.to_owned(),
                &format!("{path}/"),
                files,
                bad_names,
            )?;
        } else if entry.mode.is_blob_or_symlink() {
            files.insert(
                path,
                GitFile {
                    id: entry.oid.to_owned(),
                    link: entry.mode.is_link(),
                },
            );
        }
    }
    Ok(())
}

pub(crate) fn git_error(err: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Git(Box::new(err))
}
