//! Relative paths between backlog files: where a Markdown link or a symbolic
//! link written in one file points, as a root-relative path. One function for
//! both, so links in notes and links in git trees resolve alike.

/// The root-relative path that `target`, written in the file `from` (itself
/// root-relative, `/`-separated), points at; `None` when it climbs above the
/// backlog root. A `target` starting with `/` counts from the root; `.` and
/// empty parts are skipped.
pub fn resolve_relative(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop(); // the file's own name
        parts
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::resolve_relative;

    #[test]
    fn resolves_against_the_file_s_folder_and_stays_inside() {
        assert_eq!(
            resolve_relative("items/a.md", "b.md").as_deref(),
            Some("items/b.md")
        );
        assert_eq!(
            resolve_relative("feedback/x/n.md", "../../items/./c.md").as_deref(),
            Some("items/c.md")
        );
        assert_eq!(
            resolve_relative("feedback/n.md", "/items/c.md").as_deref(),
            Some("items/c.md")
        );
        assert_eq!(resolve_relative("items/a.md", "../../x.md"), None);
        assert_eq!(resolve_relative("a.md", "..//x.md"), None);
    }
}
