//! The backlog as it is on disk, read under the one link policy of
//! [`Skipped`](super::Skipped).

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Entry, Found, Skipped, Source, SourceFile, folder_steps, follow_policy, is_markdown};
use crate::error::Error;

/// The backlog as it is on disk. Symbolic links are followed only as
/// [`Skipped`] says: to a regular file inside the root, with no other link
/// on the way.
#[derive(Debug, Clone)]
pub struct WorkTree {
    root: PathBuf,
}

impl WorkTree {
    pub fn new(root: &Path) -> Result<Self, Error> {
        // The root itself may be reached through links; only what lies below it is policed.
        fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the link at `rel` leads under the policy: the root-relative
    /// path of the regular file it names, or why it is not followed.
    fn follow(&self, rel: &str) -> Result<String, Skipped> {
        let full = self.root.join(rel);
        let target = fs::read_link(&full).map_err(|_| Skipped::Dangling)?;
        let target = target.to_str().ok_or(Skipped::Outside)?;
        let resolved = follow_policy(rel, target).ok_or(Skipped::Outside)?;
        let mut at = self.root.clone();
        for step in resolved.split('/') {
            at.push(step);
            match fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => return Err(Skipped::Chain),
                Ok(_) => {}
                Err(_) => return Err(Skipped::Dangling),
            }
        }
        match fs::metadata(&at) {
            Ok(meta) if meta.is_file() => Ok(resolved),
            Ok(meta) if meta.is_dir() => Err(Skipped::Folder),
            _ => Err(Skipped::Dangling),
        }
    }

    /// The entry for the file or link at `rel`; `None` for anything else
    /// (a folder, a socket).
    fn entry(&self, rel: String, max_bytes: u64) -> Result<Option<Entry>, Error> {
        let path = self.root.join(&rel);
        let link = fs::symlink_metadata(&path).map_err(|e| Error::io(&path, e))?;
        let path = if link.file_type().is_symlink() {
            match self.follow(&rel) {
                Ok(target) => self.root.join(target),
                Err(why) => return Ok(Some(Entry::LinkSkipped { path: rel, why })),
            }
        } else {
            path
        };
        let meta = fs::symlink_metadata(&path).map_err(|e| Error::io(&path, e))?;
        if !meta.is_file() {
            return Ok(None);
        }
        if meta.len() > max_bytes {
            return Ok(Some(Entry::TooLarge {
                path: rel,
                size: meta.len(),
            }));
        }
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Some(Entry::File(SourceFile { path: rel, bytes })))
    }
}

impl Source for WorkTree {
    fn read(&self, path: &str, max_bytes: u64) -> Result<Option<Entry>, Error> {
        if fs::symlink_metadata(self.root.join(path)).is_err() {
            return Ok(None);
        }
        self.entry(path.to_owned(), max_bytes)
    }

    fn markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Entry>, Error> {
        let mut entries = Vec::new();
        for found in self.find_markdown_under(folder, max_bytes)? {
            entries.extend(found.open(max_bytes)?);
        }
        Ok(entries)
    }

    fn find_markdown_under(&self, folder: &str, max_bytes: u64) -> Result<Vec<Found>, Error> {
        // A content folder (or one above it) that is a link is never entered.
        for step in folder_steps(folder) {
            match fs::symlink_metadata(self.root.join(step)) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let Err(why) = self.follow(step) else {
                        // A link to a file where the folder should be: no folder.
                        return Ok(Vec::new());
                    };
                    return Ok(vec![Found::Read(Entry::LinkSkipped {
                        path: step.to_owned(),
                        why,
                    })]);
                }
                Ok(meta) if meta.is_dir() => {}
                _ => return Ok(Vec::new()),
            }
        }
        let dir = self.root.join(folder);
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
            if found
                .path()
                .strip_prefix(&self.root)
                .is_ok_and(|p| p.to_str().is_none())
            {
                entries.push(Found::Read(Entry::BadName { path: rel }));
                continue;
            }
            if is_link {
                // Links are rare: the policy is applied here, one at a time.
                // A linked folder or non-Markdown file is only worth a word when not followed.
                match self.entry(rel.clone(), max_bytes)? {
                    Some(entry @ Entry::LinkSkipped { .. }) => entries.push(Found::Read(entry)),
                    Some(entry) if is_markdown(&rel) => entries.push(Found::Read(entry)),
                    _ => {}
                }
                continue;
            }
            // The walk's file type comes from the folder listing: no link, so a
            // plain file is read later (in parallel); anything else (a socket,
            // a FIFO) is never opened.
            if found.file_type().is_file() {
                entries.push(Found::OnDisk {
                    path: rel,
                    file: found.into_path(),
                });
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
