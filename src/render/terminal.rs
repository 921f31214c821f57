//! Text for a terminal: the one sanitiser every text from content passes
//! through before it is printed (file names, ids, titles, paths, config
//! values, commit subjects and authors, lines of a stale PRIORITIES.md), and
//! display-width helpers for aligned columns. JSON output never goes through
//! here: it stays exact.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

/// `text` with every character that could drive a terminal or reorder what
/// it shows made visible as an escape (`\u{1b}`, `\n`): C0 and C1 controls,
/// DEL (so ESC, CSI, OSC 8 hyperlinks and OSC 52 clipboard writes are inert),
/// and the bidirectional controls (U+061C, U+200E–200F, U+202A–202E,
/// U+2066–2069) and line separators (U+2028–2029). A tab becomes a space.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_safe(&mut out, c);
    }
    out
}

/// Like [`sanitize`], for text of several lines: line breaks (`\n`, and
/// `\r\n` as one) stay, everything else is escaped.
pub fn sanitize_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' if chars.peek() == Some(&'\n') => {}
            c => push_safe(&mut out, c),
        }
    }
    out
}

/// Whether a character must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\t' => out.push(' '),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// How many terminal columns `text` takes (CJK and emoji take two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces on the right to `columns` display columns.
pub fn pad_right(text: &str, columns: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

/// `text` padded with spaces on the left to `columns` display columns.
pub fn pad_left(text: &str, columns: usize) -> String {
    let mut out: String = std::iter::repeat_n(' ', columns.saturating_sub(width(text))).collect();
    out.push_str(text);
    out
}

/// Cuts text to at most `columns` display columns, marking a cut with an
/// ellipsis.
pub fn cut(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_owned();
    }
    let room = columns.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::{cut, pad_left, pad_right, sanitize, sanitize_lines, width};

    #[test]
    fn escapes_terminal_controls_visibly() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        // OSC 8 hyperlink and OSC 52 clipboard write, ended by BEL or ST.
        assert_eq!(
            sanitize("\u{1b}]8;;https://evil\u{7}x\u{1b}]8;;\u{7}"),
            "\\u{1b}]8;;https://evil\\u{7}x\\u{1b}]8;;\\u{7}"
        );
        assert_eq!(
            sanitize("\u{1b}]52;c;ZXZpbA==\u{1b}\\"),
            "\\u{1b}]52;c;ZXZpbA==\\u{1b}\\"
        );
        // C1 CSI, DEL, NUL.
        assert_eq!(sanitize("\u{9b}2J\u{7f}\0"), "\\u{9b}2J\\u{7f}\\u{0}");
        assert_eq!(sanitize("a\r\nb\tc"), "a\\r\\nb c");
    }

    #[test]
    fn escapes_bidi_overrides_and_isolates() {
        assert_eq!(
            sanitize("x\u{202e}gpj.exe\u{202c}\u{2066}y\u{2069}"),
            "x\\u{202e}gpj.exe\\u{202c}\\u{2066}y\\u{2069}"
        );
        assert_eq!(sanitize("café 東京 🚀"), "café 東京 🚀");
    }

    #[test]
    fn keeps_line_breaks_when_asked() {
        assert_eq!(sanitize_lines("a\r\nb\n\u{1b}c\rd"), "a\nb\n\\u{1b}c\\rd");
    }

    #[test]
    fn measures_and_pads_by_display_width() {
        assert_eq!(width("東京"), 4);
        assert_eq!(width("🚀"), 2);
        assert_eq!(pad_right("東", 4), "東  ");
        assert_eq!(pad_left("東", 4), "  東");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cut("東京大阪", 5), "東京…");
        assert!(width(&cut("東京大阪", 5)) <= 5);
    }
}
