//! Front matter is a `---` block at byte 0 only (the BOM is already gone).
//! A `---` further down is body text: a thematic break or a setext heading.

/// A file split into its YAML block and Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The 1-based line the YAML starts on (2, after the opening `---`).
    pub yaml_first_line: u32,
    pub body: &'a str,
    /// Byte offset of the body in the whole text.
    pub body_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatter<'a> {
    Present(Split<'a>),
    /// The file does not start with `---`.
    Absent,
    /// It starts with `---` but no closing `---` line follows.
    Unterminated,
}

pub fn split(text: &str) -> FrontMatter<'_> {
    let mut lines = line_spans(text);
    let Some((0, first)) = lines.next() else {
        return FrontMatter::Absent;
    };
    if first.trim_end() != "---" {
        return FrontMatter::Absent;
    }
    let yaml_start = first.len();
    for (start, line) in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_offset = start + line.len();
            return FrontMatter::Present(Split {
                yaml: &text[yaml_start..start],
                yaml_first_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
    }
    FrontMatter::Unterminated
}

/// Each line with its start offset, newline included.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

#[cfg(test)]
mod tests {
    use super::{FrontMatter, split};

    #[test]
    fn splits_a_block_at_byte_zero() {
        let FrontMatter::Present(s) = split("---\ntitle: a\n---\nbody\n---\nmore\n") else {
            panic!("front matter expected")
        };
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n---\nmore\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn a_later_block_is_body_text() {
        assert_eq!(split("# Title\n---\na: 1\n---\n"), FrontMatter::Absent);
        assert_eq!(split(" ---\na: 1\n---\n"), FrontMatter::Absent);
    }

    #[test]
    fn unterminated_and_empty_blocks() {
        assert_eq!(split("---\ntitle: a\n"), FrontMatter::Unterminated);
        let FrontMatter::Present(s) = split("---\n---\n") else {
            panic!("front matter expected")
        };
        assert_eq!((s.yaml, s.body), ("", ""));
        assert!(
            matches!(split("---\na: 1\n...\nbody"), FrontMatter::Present(s) if s.body == "body")
        );
    }
}
