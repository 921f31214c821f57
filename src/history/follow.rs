//! Which file a removed file became, so that history and timelines follow an
//! item through renames: an unchanged `id:` is the first key, identical
//! content the second, an unchanged title the last. One rule for `history`,
//! `explain` and `stale` alike.

use std::collections::HashSet;

use super::{Change, renames};
use crate::error::Error;
use crate::source::GitFile;

/// What pairing needs to know of an item file: its id and title.
pub struct ItemKey {
    pub id: String,
    pub title: String,
}

/// `(renamed from, renamed to)` pairs among one change set. `is_item` tells
/// the item files; `read` gives an item file's id and title (`None` when it
/// holds no readable item). Files are read only when the change set both
/// removes and adds an item file, so a commit that adds notes reads nothing.
pub fn pair_renames(
    changes: &[Change],
    is_item: impl Fn(&str) -> bool,
    mut read: impl FnMut(&str, GitFile) -> Result<Option<ItemKey>, Error>,
) -> Result<Vec<(String, String)>, Error> {
    // A link's content is another file's: it is paired by content only.
    let item_file = |path: &str, file: &GitFile| !file.link && is_item(path);
    let removed: Vec<(&str, GitFile)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Removed { path, file } if item_file(path, file) => Some((path.as_str(), *file)),
            _ => None,
        })
        .collect();
    let added: Vec<(&str, GitFile)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Added { path, file } if item_file(path, file) => Some((path.as_str(), *file)),
            _ => None,
        })
        .collect();
    if removed.is_empty() || added.is_empty() {
        return Ok(renames(changes));
    }
    let mut old: Vec<(&str, ItemKey)> = Vec::new();
    for &(path, file) in &removed {
        if let Some(key) = read(path, file)? {
            old.push((path, key));
        }
    }
    let mut new: Vec<(&str, ItemKey)> = Vec::new();
    for &(path, file) in &added {
        if let Some(key) = read(path, file)? {
            new.push((path, key));
        }
    }
    let mut out = Vec::new();
    // 1. The same id.
    new.retain(
        |(to, key)| match old.iter().position(|(_, o)| o.id == key.id) {
            Some(i) => {
                let (from, _) = old.swap_remove(i);
                out.push((from.to_owned(), (*to).to_owned()));
                false
            }
            None => true,
        },
    );
    // 2. The same content, among the files not paired by id.
    let paired: HashSet<&str> = out
        .iter()
        .flat_map(|(from, to)| [from.as_str(), to.as_str()])
        .collect();
    let rest: Vec<Change> = changes
        .iter()
        .filter(|c| !paired.contains(c.path()))
        .cloned()
        .collect();
    let by_content = renames(&rest);
    // 3. The same title, among item files paired neither way.
    old.retain(|(from, _)| !by_content.iter().any(|(f, _)| f == from));
    new.retain(|(to, _)| !by_content.iter().any(|(_, t)| t == to));
    out.extend(by_content);
    for (to, key) in new {
        if let Some(i) = old.iter().position(|(_, o)| o.title == key.title) {
            let (from, _) = old.swap_remove(i);
            out.push((from.to_owned(), to.to_owned()));
        }
    }
    Ok(out)
}
