//! Bytes to text: BOM, UTF-8 check and line endings, and the line index that
//! turns byte offsets into 1-based `line:column` positions.

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Pos};

/// Turns a file's bytes into text: drops a leading BOM, rejects invalid UTF-8
/// with the position of the first bad byte, and turns CRLF into LF (which moves
/// no line or column). A lone CR becomes LF too: the YAML parser and editors
/// both take it for a line break, so our line numbers must as well. Text
/// that needs none of this is borrowed, not copied.
pub fn decode<'a>(path: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if text.contains('\r') => {
            Ok(Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")))
        }
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let pos = LineIndex::new(prefix).pos(prefix, prefix.len());
            Err(Diagnostic::error(
                "encoding",
                path,
                pos,
                format!(
                    "this file is not valid UTF-8 (byte 0x{:02X} here)",
                    bytes[err.valid_up_to()]
                ),
            )
            .with_help("save the file as UTF-8"))
        }
    }
}

/// Byte offset → 1-based line and character column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// A cursor for positions of offsets in ascending order: each is counted
    /// on from the one before, so many on one long line cost the line once.
    pub fn cursor<'a>(&'a self, text: &'a str) -> Cursor<'a> {
        Cursor {
            index: self,
            text,
            last: None,
        }
    }

    /// The position of `offset` in `text` (the text this index was built from).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Pos::new(
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        )
    }
}

/// Positions of ascending offsets, from [`LineIndex::cursor`].
#[derive(Debug)]
pub struct Cursor<'a> {
    index: &'a LineIndex,
    text: &'a str,
    /// The last offset asked for, its line's start and its position.
    last: Option<(usize, usize, Pos)>,
}

impl Cursor<'_> {
    /// The position of `offset`, as [`LineIndex::pos`] gives it.
    pub fn pos(&mut self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.index.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.index.starts[line];
        let pos = match self.last {
            Some((last, last_start, pos)) if last_start == start && last <= offset => {
                self.text.get(last..offset).map(|s| {
                    let column = pos.column as usize + s.chars().count();
                    Pos::new(pos.line, u32::try_from(column).unwrap_or(u32::MAX))
                })
            }
            _ => None,
        }
        .unwrap_or_else(|| self.index.pos(self.text, offset));
        self.last = Some((offset, start, pos));
        pos
    }
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, decode};
    use crate::diagnostic::Pos;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\nçd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.pos(text, 0), Pos::new(1, 1));
        assert_eq!(index.pos(text, 3), Pos::new(2, 1));
        assert_eq!(index.pos(text, 5), Pos::new(2, 2), "ç is one column");
        assert_eq!(index.pos(text, text.len()), Pos::new(3, 1));
    }

    #[test]
    fn a_cursor_gives_the_positions_the_index_gives() {
        let text = "ab çd [[x]] é [[y]]\nz [[w]]\n";
        let index = LineIndex::new(text);
        let mut cursor = index.cursor(text);
        for offset in [0, 3, 4, 6, 16, 16, 21, 23, 25, text.len(), 2] {
            assert_eq!(
                cursor.pos(offset),
                index.pos(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn decode_drops_bom_and_crlf() {
        assert_eq!(
            decode("a.md", b"\xEF\xBB\xBFa\r\nb\r\n").as_deref(),
            Ok("a\nb\n")
        );
    }

    #[test]
    fn a_lone_cr_is_a_line_break() {
        assert_eq!(decode("a.md", b"a\r\rb\r\n").as_deref(), Ok("a\n\nb\n"));
    }

    #[test]
    fn decode_locates_invalid_utf8() {
        let err = decode("a.md", b"---\ntitle: caf\xE9\n").expect_err("invalid");
        assert_eq!((err.line, err.column), (2, 11));
        assert!(err.message.contains("0xE9"), "{}", err.message);
    }
}
