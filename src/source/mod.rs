//! Where backlog files come from. A [`Source`](crate::source::Source) yields `(path, bytes)` pairs
//! addressed by root-relative paths with `/` separators; parsing and ranking
//! never know whether they came from the work tree or, later, a git tree.

pub(crate) mod git;
mod text;
mod worktree;

pub use git::{GitFile, GitSource};
pub use text::{Cursor, LineIndex, decode};
pub use worktree::WorkTree;

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
    /// A symbolic link whose target lies outside the backlog root: not followed.
    LinkOutside {
        path: String,
    },
}

impl Entry {
    pub fn path(&self) -> &str {
        match self {
            Entry::File(file) => &file.path,
            Entry::TooLarge { path, .. } | Entry::LinkOutside { path } => path,
        }
    }
}

/// A backlog's files, wherever they are stored.
pub trait Source {
    /// The file at a root-relative path, or `None` when there is none.
    fn read(&self, path: &str, max_bytes: u64) -> Result<Option<Entry>, Error>;
    /// Every Markdown file under a root-relative folder, at any depth, sorted
    /// by path. A missing folder holds no files.
    fn markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Entry>, Error>;
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
