//! Tree diffs computed ahead on a second thread: history applies one
//! commit's changes while the next ones are being diffed (and, for ranks,
//! parsed), so the walk costs about the larger of the two, not their sum.

use gix::ObjectId;

use super::Repo;
use super::treediff::{Change, diff};
use crate::error::Error;

/// One pair of trees' changes, computed ahead, and what was made of them there.
#[derive(Debug, Default)]
pub struct Ahead<T> {
    pub changes: Vec<Change>,
    pub extra: T,
}

impl Repo {
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
                let repo = match crate::source::git::reopen(&git_dir) {
                    Ok(repo) => repo,
                    Err(e) => {
                        let _ = send.send(vec![Err(e)]);
                        return;
                    }
                };
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
}
