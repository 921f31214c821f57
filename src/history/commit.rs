//! A commit's headers read as `git log` reads them: a malformed or extreme
//! timestamp, or a signature gix's strict parser rejects, must not stop
//! `history`, `stale` or `explain` (git tolerates such commits, and anyone
//! can push one). An unreadable time counts as the epoch, as git shows it.

use gix::ObjectId;
use gix::bstr::{BStr, ByteSlice};

/// The headers history needs, borrowed from the commit's bytes.
pub(super) struct Headers<'a> {
    pub tree: Option<ObjectId>,
    pub parents: Vec<ObjectId>,
    pub author: gix::actor::SignatureRef<'a>,
    /// Committer time, seconds since the Unix epoch.
    pub time: i64,
    pub message: &'a BStr,
}

/// Reads a commit object's headers, leniently: unknown headers and
/// continuation lines (`gpgsig`) are skipped; a missing or odd author is empty.
pub(super) fn headers(data: &[u8]) -> Headers<'_> {
    let (head, message) = match data.find(b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut out = Headers {
        tree: None,
        parents: Vec::new(),
        author: signature(b""),
        time: 0,
        message: message.as_bstr(),
    };
    for line in head.lines() {
        let Some((key, value)) = line.split_once_str(b" ") else {
            continue;
        };
        match key {
            b"tree" => out.tree = ObjectId::from_hex(value).ok(),
            b"parent" => out.parents.extend(ObjectId::from_hex(value).ok()),
            b"author" => out.author = signature(value),
            b"committer" => out.time = seconds(signature(value).time),
            _ => {}
        }
    }
    out
}

/// `Name <email> seconds zone`, any part of which may be missing or odd.
fn signature(value: &[u8]) -> gix::actor::SignatureRef<'_> {
    let (name, rest) = value.split_once_str(b"<").unwrap_or((value, b""));
    let (email, time) = rest.split_once_str(b">").unwrap_or((rest, b""));
    gix::actor::SignatureRef {
        name: name.trim().as_bstr(),
        email: email.trim().as_bstr(),
        time: std::str::from_utf8(time.trim()).unwrap_or_default(),
    }
}

/// The seconds of a signature's time; 0 (the epoch) when git could not read
/// them either (not a number, or beyond 64 bits).
pub(super) fn seconds(time: &str) -> i64 {
    time.split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    #[test]
    fn odd_timestamps_and_signatures_are_read_as_git_log_reads_them() {
        for (committer, time) in [
            ("C <c@e> 1700000000 +0000", 1_700_000_000),
            ("C <c@e> notanumber +0000", 0),
            ("C <c@e> 99999999999999999999 +0000", 0),
            ("C <c@e> 9999999999999 +0000", 9_999_999_999_999),
            ("C <c@e> -5 +0000", -5),
            ("C <c@e> 1700000000 +99999", 1_700_000_000),
            ("C <c@e>", 0),
            ("no email at all", 0),
        ] {
            let text = format!(
                "tree {TREE}\nparent {TREE}\nauthor Ana <a@e> x y\ncommitter {committer}\ngpgsig -----BEGIN\n continued\n\nSubject\n\nBody\n"
            );
            let got = headers(text.as_bytes());
            assert_eq!(got.time, time, "{committer}");
            assert_eq!(got.author.name, "Ana");
            assert_eq!(got.parents.len(), 1);
            assert!(got.tree.is_some());
            assert_eq!(got.message, "Subject\n\nBody\n");
        }
    }
}
