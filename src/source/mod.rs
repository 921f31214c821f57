//! Where backlog files come from. A [`Source`](crate::source::Source) yields `(path, bytes)` pairs
//! addressed by root-relative paths with `/` separators; parsing and ranking
//! never know whether they came from the work tree, the index or a commit's tree.

pub(crate) mod git;
mod relative;
mod text;
mod worktree;

pub use git::{GitFile, GitSource};
pub use relative::resolve_relative;
pub use text::{Cursor, LineIndex, decode};
pub use worktree::WorkTree;

use std::fs;
use std::io::Read as _;
use std::path::PathBuf;

use crate::error::Error;

/// One file's content, by its path relative to the backlog root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a source found at a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    File(SourceFile),
    /// Larger than `max_file_bytes`: never read whole.
    TooLarge {
        path: String,
        size: u64,
    },
    /// A file (or folder) whose name is not UTF-8, shown lossily: never read,
    /// since its id could not be told from another's.
    BadName {
        path: String,
    },
    /// A symbolic link that the link policy (see [`Skipped`]) does not follow.
    LinkSkipped {
        path: String,
        why: Skipped,
    },
}

/// Why a symbolic link was not followed.
///
/// The one policy, for the work tree, the index and commit trees alike, and
/// for every path (content folders and the folders above them, files,
/// `vision.md`, `rankdown.yaml`): a link is followed only when its target,
/// read as a path relative to the link's folder, names a regular file inside
/// the backlog root, outside `.git`, with no other link on the way. A link
/// that stays inside the root is read as if the file were at the link's path
/// (its id comes from the link's name); every other link is skipped with a
/// warning naming it. This is decided from the link's text alone, so a git
/// tree (where a link is a blob holding its target) and a checkout of it
/// read the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// The target is absolute, climbs above the root, or lies in `.git`.
    Outside,
    /// Nothing is there.
    Dangling,
    /// The target is a folder: folders are never followed.
    Folder,
    /// The target, or a folder on the way to it, is another link.
    Chain,
}

impl Skipped {
    /// The diagnostic code and message for a link skipped for this reason.
    pub fn describe(self) -> (&'static str, &'static str) {
        match self {
            Skipped::Outside => (
                "symlink-outside",
                "this symbolic link points outside the backlog root and was not followed",
            ),
            Skipped::Dangling => (
                "symlink-outside",
                "this symbolic link points to nothing and was not followed",
            ),
            Skipped::Folder => (
                "symlink-skipped",
                "this symbolic link points to a folder and was not followed: nothing under it was read",
            ),
            Skipped::Chain => (
                "symlink-skipped",
                "this symbolic link points to another link and was not followed",
            ),
        }
    }
}

/// Where a link at `path` (root-relative) points, root-relative, or `None`
/// when the target is absolute, climbs out of the root or enters `.git`:
/// the lexical half of the link policy (see [`Skipped`]).
pub(crate) fn follow_policy(path: &str, target: &str) -> Option<String> {
    if target.is_empty()
        || target.starts_with('/')
        || target.contains('\\')
        || target.contains(':')
        || target.contains('\0')
    {
        return None;
    }
    let resolved = resolve_relative(path, target)?;
    let inside_git = resolved.split('/').any(|part| part == ".git");
    (!resolved.is_empty() && !inside_git).then_some(resolved)
}

/// The folders from the root down to `folder`: `a/b` → `a`, `a/b`.
pub(crate) fn folder_steps(folder: &str) -> impl Iterator<Item = &str> {
    let folder = folder.trim_matches('/');
    folder
        .match_indices('/')
        .map(|(i, _)| &folder[..i])
        .chain((!folder.is_empty()).then_some(folder))
}

impl Entry {
    pub fn path(&self) -> &str {
        match self {
            Entry::File(file) => &file.path,
            Entry::TooLarge { path, .. }
            | Entry::LinkSkipped { path, .. }
            | Entry::BadName { path } => path,
        }
    }
}

/// A file a source found, read already or still to be read with
/// [`Found::open`], which any thread may call: the work tree leaves regular
/// files unread so that the load reads and parses them in parallel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Read already, or not to be read (too large, a skipped link, a bad name).
    Read(Entry),
    /// A regular file on disk (no link on the way, the walk saw to that),
    /// to be read as `path`.
    OnDisk { path: String, file: PathBuf },
}

impl Found {
    pub fn path(&self) -> &str {
        match self {
            Found::Read(entry) => entry.path(),
            Found::OnDisk { path, .. } => path,
        }
    }

    /// The entry, reading the file if it is still unread; `None` when it is
    /// no longer a regular file. One open, one `fstat` and the reads: the
    /// size check is made on the open file, so it holds for what is read.
    pub fn open(self, max_bytes: u64) -> Result<Option<Entry>, Error> {
        let (path, file) = match self {
            Found::Read(entry) => return Ok(Some(entry)),
            Found::OnDisk { path, file } => (path, file),
        };
        let mut handle = fs::File::open(&file).map_err(|e| Error::io(&file, e))?;
        let meta = handle.metadata().map_err(|e| Error::io(&file, e))?;
        if !meta.is_file() {
            return Ok(None);
        }
        if meta.len() > max_bytes {
            return Ok(Some(Entry::TooLarge {
                path,
                size: meta.len(),
            }));
        }
        // The size the open file had: one read, no second one to find the
        // end. Should the file grow meanwhile, what it grew by is not read
        // (nor more than the limit); should it shrink, the reads stop at its end.
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        (&mut handle)
            .take(meta.len())
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&file, e))?;
        Ok(Some(Entry::File(SourceFile { path, bytes })))
    }
}

/// A backlog's files, wherever they are stored.
pub trait Source {
    /// The file at a root-relative path, or `None` when there is none.
    fn read(&self, path: &str, max_bytes: u64) -> Result<Option<Entry>, Error>;
    /// Every Markdown file under a root-relative folder, at any depth, sorted
    /// by path. A missing folder holds no files.
    fn markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Entry>, Error>;
    /// The same files as [`Source::markdown_under`], in the same order, but
    /// possibly unread: [`Found::open`] reads each (on any thread) into the
    /// entry `markdown_under` would give.
    fn find_markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Found>, Error> {
        Ok(self
            .markdown_under(folder, max_bytes)?
            .into_iter()
            .map(Found::Read)
            .collect())
    }
}

/// An in-memory source, for tests and for content that is already loaded.
#[derive(Debug, Clone, Default)]
pub struct MemorySource {
    pub files: Vec<SourceFile>,
}

impl MemorySource {
    pub fn new(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|(path, bytes)| SourceFile { path, bytes })
                .collect(),
        }
    }

    fn entry(file: &SourceFile, max_bytes: u64) -> Entry {
        let size = file.bytes.len() as u64;
        if size > max_bytes {
            Entry::TooLarge {
                path: file.path.clone(),
                size,
            }
        } else {
            Entry::File(file.clone())
        }
    }
}

impl Source for MemorySource {
    fn read(&self, path: &str, max_bytes: u64) -> Result<Option<Entry>, Error> {
        Ok(self
            .files
            .iter()
            .find(|f| f.path == path)
            .map(|f| Self::entry(f, max_bytes)))
    }

    fn markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Entry>, Error> {
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        let mut entries: Vec<Entry> = self
            .files
            .iter()
            .filter(|f| f.path.starts_with(&prefix) && is_markdown(&f.path))
            .map(|f| Self::entry(f, max_bytes))
            .collect();
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(entries)
    }
}

pub(crate) fn is_markdown(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}

#[cfg(test)]
mod tests {
    use super::{folder_steps, follow_policy};

    #[test]
    fn links_resolve_inside_the_root_only() {
        assert_eq!(
            follow_policy("items/a.md", "b.md").as_deref(),
            Some("items/b.md")
        );
        assert_eq!(
            follow_policy("items/a.md", "../goals/./g.md").as_deref(),
            Some("goals/g.md")
        );
        assert_eq!(follow_policy("items/a.md", "../../x.md"), None);
        assert_eq!(follow_policy("items/a.md", "/etc/passwd"), None);
        assert_eq!(follow_policy("items/a.md", "../.git/config"), None);
        assert_eq!(follow_policy("items", ".."), None);
    }

    #[test]
    fn folder_steps_go_from_the_root_down() {
        assert_eq!(
            folder_steps("a/b/c").collect::<Vec<_>>(),
            ["a", "a/b", "a/b/c"]
        );
        assert_eq!(folder_steps("items").collect::<Vec<_>>(), ["items"]);
    }
}
