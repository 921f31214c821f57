//! The files that differ between two backlog trees. Hand-written rather than
//! `gix::diff::tree` because of one shortcut that matters for history: in a
//! changed tree, the entries its bytes share with the old tree are skipped
//! unparsed (a folder of thousands of notes where one changed costs a byte
//! comparison, not thousands of entry decodes). Only subtrees whose ids differ
//! are descended into.

use std::collections::BTreeMap;

use gix::ObjectId;
use gix::bstr::ByteSlice;

use crate::error::Error;
use crate::source::GitFile;
use crate::source::git::git_error;

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

/// The files that differ between two backlog trees (either may be absent),
/// with `/`-separated paths relative to them.
pub fn diff(
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

/// A tree entry that matters here: a subtree, a blob or a symlink.
#[derive(Debug, Clone, Copy)]
struct Entry<'t> {
    /// The file name, borrowed from the tree's bytes.
    name: &'t [u8],
    is_tree: bool,
    /// The object id (of the subtree when `is_tree`) and whether it is a symlink.
    file: GitFile,
}

/// A tree's entries that matter here, in git's order, with names borrowed
/// from the tree (no copy per entry); `data` starts at an entry.
fn entries(data: &[u8], hash: gix::hash::Kind) -> impl Iterator<Item = Result<Entry<'_>, Error>> {
    gix::objs::TreeRefIter::from_bytes(data, hash).filter_map(|entry| match entry {
        Err(e) => Some(Err(git_error(e))),
        Ok(e) => (e.mode.is_tree() || e.mode.is_blob_or_symlink()).then(|| {
            Ok(Entry {
                name: e.filename.as_bytes(),
                is_tree: e.mode.is_tree(),
                file: GitFile {
                    id: e.oid.to_owned(),
                    link: e.mode.is_link(),
                },
            })
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
            (Some(a), Some(b)) => match git_order(a.name, a.is_tree, b.name, b.is_tree) {
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
            && a.file == b.file
        {
            continue;
        }
        let entry = before.or(after).map_or(&[][..], |e| e.name);
        let path = format!("{prefix}{}", entry.to_str_lossy());
        let tree = |e: Option<Entry<'_>>| e.filter(|e| e.is_tree).map(|e| e.file.id);
        let file = |e: Option<Entry<'_>>| e.filter(|e| !e.is_tree).map(|e| e.file);
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
