//! The backlog as git stores it: in a commit's tree, or staged in the index.
//! Files are read straight from the object database (no checkout, no
//! temporary files, no `git` process), so `diff` and `history` see each
//! revision exactly as committed, `rankdown.yaml` included, whatever the work
//! tree holds, and the pre-commit hook sees exactly what is about to be
//! committed.

use std::collections::BTreeMap;

use gix::ObjectId;

use super::{Entry, Source, SourceFile, is_markdown};
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
        if let Some(subtree) = subtree(repo, tree, dir)? {
            flatten(repo, subtree, "", &mut files)?;
        }
        Ok(Self { repo, files })
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
        for entry in index.entries() {
            if entry.stage() != gix::index::entry::Stage::Unconflicted {
                continue;
            }
            let path = entry.path(&index);
            if entry.mode == gix::index::entry::Mode::DIR {
                // A collapsed directory, `a/b/`: inside the backlog, or holding it.
                let path = format!("{}/", String::from_utf8_lossy(path).trim_end_matches('/'));
                if let Some(rel) = path.strip_prefix(&prefix) {
                    flatten(repo, entry.id, rel, &mut files)?;
                } else if let Some(below) = prefix.strip_prefix(&path)
                    && let Some(tree) = subtree(repo, entry.id, below)?
                {
                    flatten(repo, tree, "", &mut files)?;
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
            files.insert(
                String::from_utf8_lossy(rel).into_owned(),
                GitFile { id: entry.id, link },
            );
        }
        Ok(Self { repo, files })
    }

    /// Every file of the backlog, by backlog-relative path.
    pub fn files(&self) -> &BTreeMap<String, GitFile> {
        &self.files
    }

    fn entry(&self, path: &str, file: GitFile, max_bytes: u64) -> Result<Option<Entry>, Error> {
        let mut target = file;
        if file.link {
            // A link is followed only to a regular file inside the backlog, as
            // in the work tree.
            let bytes = self.blob(file.id)?;
            let resolved = resolve_link(path, &String::from_utf8_lossy(&bytes));
            match resolved.and_then(|p| self.files.get(&p)) {
                Some(found) if !found.link => target = *found,
                _ => {
                    return Ok(Some(Entry::LinkOutside {
                        path: path.to_owned(),
                    }));
                }
            }
        }
        let size = self.repo.find_header(target.id).map_err(git_error)?.size();
        if size > max_bytes {
            return Ok(Some(Entry::TooLarge {
                path: path.to_owned(),
                size,
            }));
        }
        Ok(Some(Entry::File(SourceFile {
            path: path.to_owned(),
            bytes: self.blob(target.id)?,
        })))
    }

    fn blob(&self, id: ObjectId) -> Result<Vec<u8>, Error> {
        Ok(self.repo.find_blob(id).map_err(git_error)?.take_data())
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
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        let mut entries = Vec::new();
        for (path, &file) in self.files.range(prefix.clone()..) {
            if !path.starts_with(&prefix) {
                break;
            }
            if !is_markdown(path) {
                // Only a link that leaves the backlog is worth a word.
                if file.link
                    && let Some(entry @ Entry::LinkOutside { .. }) =
                        self.entry(path, file, max_bytes)?
                {
                    entries.push(entry);
                }
                continue;
            }
            entries.extend(self.entry(path, file, max_bytes)?);
        }
        Ok(entries)
    }
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

/// Every blob and link under `tree`, by path below it.
pub(crate) fn flatten(
    repo: &gix::Repository,
    tree: ObjectId,
    prefix: &str,
    files: &mut BTreeMap<String, GitFile>,
) -> Result<(), Error> {
    let tree = repo.find_tree(tree).map_err(git_error)?;
    let decoded = tree.decode().map_err(git_error)?;
    for entry in &decoded.entries {
        let path = format!("{prefix}{}", entry.filename);
        if entry.mode.is_tree() {
            flatten(repo, entry.oid.to_owned(), &format!("{path}/"), files)?;
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

/// Where a link at `path` (backlog-relative) points, backlog-relative, or
/// `None` when it leaves the backlog.
fn resolve_link(path: &str, target: &str) -> Option<String> {
    if target.starts_with('/') || target.contains('\\') || target.contains(':') {
        return None;
    }
    super::resolve_relative(path, target)
}

pub(crate) fn git_error(err: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Git(Box::new(err))
}

#[cfg(test)]
mod tests {
    use super::resolve_link;

    #[test]
    fn links_resolve_inside_the_backlog_only() {
        assert_eq!(
            resolve_link("items/a.md", "b.md").as_deref(),
            Some("items/b.md")
        );
        assert_eq!(
            resolve_link("items/a.md", "../goals/./g.md").as_deref(),
            Some("goals/g.md")
        );
        assert_eq!(resolve_link("items/a.md", "../../x.md"), None);
        assert_eq!(resolve_link("items/a.md", "/etc/passwd"), None);
    }
}
