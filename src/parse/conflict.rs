//! Unresolved merge-conflict markers in a backlog file, found before parsing.
//!
//! A conflict starts with a line opening with `<<<<<<<` (seven `<`, then a
//! space or the line's end). From there, the `|||||||` and `=======` lines and
//! the closing `>>>>>>>` line are markers too. A `=======` line elsewhere is
//! left alone: in Markdown it underlines a setext heading, and without an
//! opener it is not a conflict. Every marker is an error at its line, so an
//! unresolved merge can never pass `check` or end up quoted in PRIORITIES.md.

use crate::diagnostic::{Diagnostic, Pos};

/// Whether `line` is `marker` (seven equal characters) alone or followed by a space.
fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// One error per conflict-marker line of `text` (already decoded, `\n` line ends).
pub fn markers(path: &str, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !text.contains("<<<<<<<") {
        // No opener, so no marker: most files end here, after one fast search.
        return found;
    }
    let mut inside = false;
    for (n, line) in text.split('\n').enumerate() {
        let marker = if is_marker(line, "<<<<<<<") {
            inside = true;
            true
        } else if inside && is_marker(line, ">>>>>>>") {
            inside = false;
            true
        } else {
            inside && (is_marker(line, "=======") || is_marker(line, "|||||||"))
        };
        if marker {
            let line_number = u32::try_from(n + 1).unwrap_or(u32::MAX);
            found.push(
                Diagnostic::error(
                    "conflict-marker",
                    path,
                    Pos::new(line_number, 1).wide(7),
                    "a merge-conflict marker: this file holds an unresolved merge conflict",
                )
                .with_help("keep the side you want, then delete the marker lines"),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::markers;

    fn lines(text: &str) -> Vec<u32> {
        markers("a.md", text).iter().map(|d| d.line).collect()
    }

    #[test]
    fn every_marker_of_a_conflict_is_found() {
        let text = "---\ntitle: A\n<<<<<<< HEAD\nstatus: ready\n=======\nstatus: done\n>>>>>>> topic\n---\n";
        assert_eq!(lines(text), [3, 5, 7]);
        let diff3 = "x\n<<<<<<<\na\n||||||| base\nb\n=======\nc\n>>>>>>>\n";
        assert_eq!(lines(diff3), [2, 4, 6, 8]);
    }

    #[test]
    fn a_setext_underline_is_not_a_conflict() {
        assert!(lines("Title\n=======\n\nText.\n").is_empty());
        assert!(lines("> quoted\n>>>>>>> deeply\n").is_empty());
        assert!(lines("<<<<<<<< eight\n").is_empty());
    }
}
