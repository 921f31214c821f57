use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Entry, Source, SourceFile, is_markdown};
use crate::error::Error;

/// The backlog as it is on disk. Symbolic links are followed only while
/// their target stays inside the root.
#[derive(Debug, Clone)]
pub struct WorkTree {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl WorkTree {
    pub fn new(root: &Path) -> Result<Self, Error> {
        let canonical_root = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        Ok(Self {
            root: root.to_path_buf(),
            canonical_root,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn entry(&self, path: &Path, rel: String, max_bytes: u64) -> Result<Option<Entry>, Error> {
        let link = fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
        if link.file_type().is_symlink() {
            match fs::canonicalize(path) {
                Ok(target) if target.starts_with(&self.canonical_root) => {}
                // A dangling link or one that leaves the root is never followed.
                _ => return Ok(Some(Entry::LinkOutside { path: rel })),
            }
        }
        let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Ok(None);
        }
        if meta.len() > max_bytes {
            return Ok(Some(Entry::TooLarge {
                path: rel,
                size: meta.len(),
            }));
        }
        let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(Some(Entry::File(SourceFile { path: rel, bytes })))
    }
}

impl Source for WorkTree {
    fn read(&self, path: &str, max_bytes: u64) -> Result<Option<Entry>, Error> {
        let full = self.root.join(path);
        if fs::symlink_metadata(&full).is_err() {
            return Ok(None);
        }
        self.entry(&full, path.to_owned(), max_bytes)
    }

    fn markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Entry>, Error> {
        let dir = self.root.join(folder);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut entries = Vec::new();
        for found in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
            let found = found.map_err(|e| {
                let path = e.path().unwrap_or(&dir).to_path_buf();
                Error::io(path, e.into())
            })?;
            let is_link = found.path_is_symlink();
            if found.file_type().is_dir()
                || !(is_markdown(&found.file_name().to_string_lossy()) || is_link)
            {
                continue;
            }
            let rel = relative(&self.root, found.path());
            if is_link && !is_markdown(&rel) {
                // A linked folder or non-Markdown file: only report links that leave the root.
                if let Some(entry @ Entry::LinkOutside { .. }) =
                    self.entry(found.path(), rel, max_bytes)?
                {
                    entries.push(entry);
                }
                continue;
            }
            if let Some(entry) = self.entry(found.path(), rel, max_bytes)? {
                entries.push(entry);
            }
        }
        entries.sort_by(|a, b| a.path().cmp(b.path()));
        Ok(entries)
    }
}

/// `root/items/a.md` → `items/a.md`, always with `/`.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
