//! Escaping for generated Markdown (PRIORITIES.md, `diff --format md`): one
//! function per context a text from content can land in, so that no title,
//! id, name, path or quote can open a link, raw HTML, a heading, a table
//! column or a code span of its own, or ping anyone on GitHub.
//!
//! What each function guarantees, as `CommonMark` and GitHub render it:
//! - every ASCII punctuation character with a meaning inline (`\` `` ` ``
//!   `*` `_` `[` `]` `<` `>` `|` `~` `&` `!`) is backslash-escaped, so no
//!   link, image, emphasis, raw HTML, entity or table column comes from
//!   content; line breaks become spaces, so no block (heading, list, quote)
//!   can start;
//! - `@` is followed by a zero-width space written as `&#8203;`: GitHub finds
//!   mentions (`@user`, `@org/team`) and e-mail autolinks in the rendered text,
//!   and the space breaks both, while readers see `@user` as written. This is
//!   what Dependabot and Renovate write in pull-request bodies for the same
//!   reason. (`&#64;` would not do: it decodes to `@` before GitHub looks.)
//! - the same zero-width space goes before `://` and after `www`, so GitHub's
//!   autolinking of bare URLs in text (`https://…`, `www.…`) does not apply;
//! - control and bidirectional characters are shown escaped (`\u{1b}`), as in
//!   the terminal.
//!
//! Only [`link_target`] makes a link, and only from a path inside the backlog.

use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::terminal;

/// A zero-width space as an entity: invisible in the rendered text, visible
/// in the Markdown source, and it stops GitHub's mentions and autolinks.
const ZERO_WIDTH: &str = "&#8203;";

/// Plain inline text (a paragraph, a list item): shown exactly as written.
pub fn text(text: &str) -> String {
    let flat = terminal::sanitize(&one_line(text));
    let mut out = String::with_capacity(flat.len());
    let mut rest = flat.as_str();
    while let Some(c) = rest.chars().next() {
        let lower = rest.get(..4).map(str::to_ascii_lowercase);
        if rest.starts_with("://") {
            out.push_str(ZERO_WIDTH);
            out.push(':');
        } else if lower.as_deref() == Some("www.") && !out.ends_with(|p: char| p.is_alphanumeric())
        {
            out.push_str(&rest[..3]);
            out.push_str(ZERO_WIDTH);
            rest = &rest[3..];
            continue;
        } else if c == '@' {
            out.push('@');
            out.push_str(ZERO_WIDTH);
        } else if is_inline_punctuation(c) {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Text in a table cell (a `|` is escaped, as in any inline text).
pub fn cell(text: &str) -> String {
    self::text(text)
}

/// The label of a link (`[label](target)`): brackets cannot close it early.
pub fn link_text(label: &str) -> String {
    self::text(label)
}

/// The line of a block quote, after `> `: also no marker at its start can
/// turn it into a heading, list, rule or nested quote.
pub fn quote(line: &str) -> String {
    let escaped = self::text(line.trim_start());
    let mut chars = escaped.chars();
    match chars.next() {
        Some(c @ ('#' | '-' | '+' | '=' | '>' | '*')) => format!("\\{c}{}", chars.as_str()),
        Some(c) if c.is_ascii_digit() => {
            // `1.` and `1)` start an ordered list.
            let digits = escaped.len()
                - escaped
                    .trim_start_matches(|d: char| d.is_ascii_digit())
                    .len();
            let (number, after) = escaped.split_at(digits);
            match after.chars().next() {
                Some(m @ ('.' | ')')) => format!("{number}\\{m}{}", &after[1..]),
                _ => escaped,
            }
        }
        _ => escaped,
    }
}

/// Characters escaped in a link target: everything but letters, digits and
/// `/ . - _ ~`, so a target is never a scheme (`javascript:`), never leaves
/// the parentheses, and a `%` in a file name stays a `%`.
const TARGET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

/// The target of a link to a backlog file: `path` is relative (to the
/// generated file) and comes from a source, never from a URL in content.
/// Percent-encoded, so it cannot carry a scheme or end the link early.
pub fn link_target(path: &str) -> String {
    utf8_percent_encode(path, TARGET).to_string()
}

/// A code span outside tables: a fence longer than any run of backticks in
/// the text, so a backtick cannot end it early.
pub fn code(text: &str) -> String {
    let flat = terminal::sanitize(&one_line(text));
    let longest = flat.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space on both sides when the text starts or ends with a backtick or
    // a space; CommonMark strips one of each.
    let pad = if flat.starts_with(['`', ' ']) || flat.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    let mut out = String::new();
    let _ = write!(out, "{fence}{pad}{flat}{pad}{fence}");
    out
}

/// A code span inside a table cell: as [`code`], with `|` escaped (GitHub
/// splits the row before it reads code spans, and drops the backslash).
pub fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// Line breaks as spaces: a text from content never starts a block.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

fn is_inline_punctuation(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!'
    )
}

#[cfg(test)]
mod tests {
    use super::{code, code_cell, link_target, quote, text};

    #[test]
    fn escapes_inline_markup() {
        assert_eq!(text("x\\](https://evil)"), "x\\\\\\](https&#8203;://evil)");
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(
            text("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)\\>"
        );
        assert_eq!(text("a\nb\r\nc"), "a b c");
        assert_eq!(text("a\u{1b}b"), "a\\\\u{1b}b");
        assert_eq!(text("ci_cache & *x*"), "ci\\_cache \\& \\*x\\*");
    }

    #[test]
    fn breaks_mentions_and_autolinks() {
        assert_eq!(text("@org/team"), "@&#8203;org/team");
        assert_eq!(text("see www.evil.com"), "see www&#8203;.evil.com");
        assert_eq!(text("awww.x wwwx"), "awww.x wwwx");
    }

    #[test]
    fn quotes_cannot_start_blocks() {
        assert_eq!(quote("# Heading"), "\\# Heading");
        assert_eq!(quote("- item"), "\\- item");
        assert_eq!(quote("12. item"), "12\\. item");
        assert_eq!(quote("12 items"), "12 items");
        assert_eq!(quote("plain"), "plain");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a.md"), "`a.md`");
        assert_eq!(code("a`b.md"), "``a`b.md``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code_cell("a|b"), "`a\\|b`");
    }

    #[test]
    fn link_targets_are_percent_encoded() {
        assert_eq!(link_target("items/a b(1).md"), "items/a%20b%281%29.md");
        assert_eq!(link_target("javascript:x/a.md"), "javascript%3Ax/a.md");
        assert_eq!(link_target("items/100%.md"), "items/100%25.md");
        assert_eq!(link_target("items/東.md"), "items/%E6%9D%B1.md");
    }
}
