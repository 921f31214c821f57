//! The one edit rankdown makes to a file a person wrote, on request
//! (`rankdown link`, `suggest --apply`): adding ids to a note's `items:`
//! front matter field. Only that field's bytes change; comments, order,
//! quoting and line endings elsewhere stay exactly as they were.

use std::fmt::Write as _;

use crate::parse::frontmatter::{self, FrontMatter};

/// Why a note could not be edited; the caller refuses and writes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

/// The text with `ids` appended to the front matter's `items:` list, the
/// field created (as a flow list, before the closing `---`) when absent. A
/// flow list (`[a, b]`) grows in place, a block list (`- a` lines) grows by
/// lines of the same indentation, and a single id (`items: a`) becomes a
/// flow list. The caller leaves out ids already in the list.
pub fn add_items(text: &str, ids: &[&str]) -> Result<String, Refusal> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let body = &text[bom.len()..];
    let FrontMatter::Present(split) = frontmatter::split(body) else {
        return Err(Refusal("it has no front matter block".into()));
    };
    let yaml_start = bom.len() + body.find('\n').map_or(body.len(), |n| n + 1);
    let yaml = split.yaml;
    let eol = if body.starts_with("---\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let quoted: Vec<String> = ids.iter().map(|id| quote(id)).collect();
    let flow = quoted.join(", ");

    let lines = line_spans(yaml);
    let Some(at) = lines
        .iter()
        .position(|&(_, line)| items_key(line).is_some())
    else {
        let mut out = String::with_capacity(text.len() + flow.len() + 12);
        let end = yaml_start + yaml.len();
        out.push_str(&text[..end]);
        let _ = write!(out, "items: [{flow}]{eol}");
        out.push_str(&text[end..]);
        return Ok(out);
    };
    let (line_start, line) = lines[at];
    let after_colon = items_key(line).unwrap_or(line.len());
    let rest = &line[after_colon..];
    let value_len = value_length(rest);
    let value = rest[..value_len].trim();
    let value_start = yaml_start + line_start + after_colon;
    let splice =
        |from: usize, to: usize, with: &str| format!("{}{with}{}", &text[..from], &text[to..]);

    if value.starts_with('[') {
        let open = value_start + rest.find('[').unwrap_or(0);
        let Some(close) = matching_bracket(text, open, yaml_start + yaml.len()) else {
            return Err(Refusal("its `items:` list has no closing `]`".into()));
        };
        let inside = &text[open + 1..close];
        let last = inside.trim_end();
        return Ok(if last.trim().is_empty() {
            splice(open + 1, close, &flow)
        } else {
            let at = open + 1 + last.len();
            let joiner = if last.ends_with(',') { " " } else { ", " };
            splice(at, at, &format!("{joiner}{flow}"))
        });
    }
    if value.starts_with(['{', '|', '>', '&', '*', '!']) {
        return Err(Refusal(
            "its `items:` field is not a list of ids; edit it by hand".into(),
        ));
    }
    if value.is_empty() || value == "~" || value == "null" {
        // A block list on the lines below?
        let block: Vec<usize> = lines[at + 1..]
            .iter()
            .enumerate()
            .take_while(|(_, (_, l))| {
                let t = l.trim_start();
                t.is_empty() || t.starts_with('#') || l.starts_with([' ', '\t', '-'])
            })
            .filter(|(_, (_, l))| {
                let t = l.trim_start();
                t.starts_with("- ") || t.trim_end() == "-"
            })
            .map(|(i, _)| at + 1 + i)
            .collect();
        if let (Some(&first), Some(&last_entry)) = (block.first(), block.last()) {
            if !value.is_empty() {
                return Err(Refusal(
                    "its `items:` field is both empty and a list".into(),
                ));
            }
            let first_line = lines[first].1;
            let indent = &first_line[..first_line.len() - first_line.trim_start().len()];
            // The entry may go on over more indented lines: insert after them.
            let mut after = last_entry;
            for (i, &(_, l)) in lines.iter().enumerate().skip(last_entry + 1) {
                let deeper = l.len() - l.trim_start().len() > indent.len()
                    && !l.trim_start().is_empty()
                    && !l.trim_start().starts_with('#');
                if deeper {
                    after = i;
                } else {
                    break;
                }
            }
            // Every front matter line ends with a line break: `---` follows.
            let (start, l) = lines[after];
            let insert_at = yaml_start + start + l.len();
            let mut added = String::new();
            for id in &quoted {
                let _ = write!(added, "{indent}- {id}{eol}");
            }
            return Ok(splice(insert_at, insert_at, &added));
        }
        let from = value_start;
        let to = value_start + value_len;
        let keep_space = rest[value_len..].starts_with([' ', '\t']);
        let tail = if keep_space || rest[value_len..].trim().is_empty() {
            ""
        } else {
            " "
        };
        return Ok(splice(from, to, &format!(" [{flow}]{tail}")));
    }
    // A single id: it becomes the first of a flow list.
    let leading = rest.len() - rest.trim_start().len();
    let from = value_start + leading;
    let to = from + value.len();
    Ok(splice(from, to, &format!("[{value}, {flow}]")))
}

/// Where the value starts (after `items:`) when the line is the top-level
/// `items` key, plain or quoted.
fn items_key(line: &str) -> Option<usize> {
    for key in ["items", "\"items\"", "'items'"] {
        if let Some(rest) = line.strip_prefix(key) {
            let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let after = &rest[spaces..];
            if let Some(value) = after.strip_prefix(':')
                && (value.is_empty() || value.starts_with([' ', '\t', '\r', '\n']))
            {
                return Some(key.len() + spaces + 1);
            }
        }
    }
    None
}

/// The length of a line's value before a comment and the line ending,
/// outside quotes.
fn value_length(rest: &str) -> usize {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in rest.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (previous == ' ' || previous == '\t') => {
                return rest[..i].trim_end().len();
            }
            None if c == '\r' || c == '\n' => return rest[..i].trim_end().len(),
            Some(_) | None => {}
        }
        previous = c;
    }
    rest.trim_end().len()
}

/// The `]` closing the `[` at `open`, skipping quoted text and comments.
fn matching_bracket(text: &str, open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = ' ';
    for (i, c) in text[open..end].char_indices() {
        if comment {
            if c == '\n' {
                comment = false;
            }
        } else if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else {
            match c {
                '"' | '\'' => quote = Some(c),
                '#' if previous.is_whitespace() => comment = true,
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(open + i);
                    }
                }
                _ => {}
            }
        }
        previous = c;
    }
    None
}

/// An id as YAML: plain when it cannot be read as anything else, else a
/// double-quoted (JSON) string.
fn quote(id: &str) -> String {
    let plain = id
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !matches!(
            id.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && id.parse::<f64>().is_err();
    if plain {
        id.to_owned()
    } else {
        serde_json::to_string(id).unwrap_or_else(|_| format!("\"{id}\""))
    }
}

/// Each line with its start offset, line ending included.
fn line_spans(text: &str) -> Vec<(usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let start = offset;
            offset += line.len();
            (start, line)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::add_items;

    fn added(text: &str, ids: &[&str]) -> String {
        add_items(text, ids).expect("edits")
    }

    #[test]
    fn creates_the_field_before_the_closing_line() {
        assert_eq!(
            added("---\ndate: 2026-01-01 # when\n---\nbody\n", &["a", "b"]),
            "---\ndate: 2026-01-01 # when\nitems: [a, b]\n---\nbody\n"
        );
        assert_eq!(
            added("\u{feff}---\r\nfrom: x\r\n---\r\n", &["a"]),
            "\u{feff}---\r\nfrom: x\r\nitems: [a]\r\n---\r\n"
        );
    }

    #[test]
    fn grows_a_flow_list_in_place() {
        assert_eq!(
            added("---\nitems: [a, \"b\"] # mine\nfrom: x\n---\n", &["c"]),
            "---\nitems: [a, \"b\", c] # mine\nfrom: x\n---\n"
        );
        assert_eq!(
            added("---\nitems: []\n---\n", &["c"]),
            "---\nitems: [c]\n---\n"
        );
        assert_eq!(
            added("---\nitems: [\n  a,\n]\n---\n", &["c"]),
            "---\nitems: [\n  a, c\n]\n---\n"
        );
    }

    #[test]
    fn grows_a_block_list_by_lines_of_its_indentation() {
        assert_eq!(
            added(
                "---\nitems:\n  - a # first\n  - b\nfrom: x\n---\n",
                &["c", "d"]
            ),
            "---\nitems:\n  - a # first\n  - b\n  - c\n  - d\nfrom: x\n---\n"
        );
        assert_eq!(
            added("---\nitems:\n- a\n---\n", &["c"]),
            "---\nitems:\n- a\n- c\n---\n"
        );
    }

    #[test]
    fn a_single_or_empty_value_becomes_a_flow_list() {
        assert_eq!(
            added("---\nitems: 'a' # one\n---\n", &["c"]),
            "---\nitems: ['a', c] # one\n---\n"
        );
        assert_eq!(
            added("---\nitems:\n---\n", &["c"]),
            "---\nitems: [c]\n---\n"
        );
        assert_eq!(
            added("---\nitems: ~ # none\n---\n", &["c"]),
            "---\nitems: [c] # none\n---\n"
        );
    }

    #[test]
    fn ids_that_yaml_would_misread_are_quoted() {
        assert_eq!(
            added("---\n---\n", &["no", "a b", "1.5"]),
            "---\nitems: [\"no\", \"a b\", \"1.5\"]\n---\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        assert!(add_items("no front matter\n", &["a"]).is_err());
        assert!(add_items("---\nitems: {a: 1}\n---\n", &["a"]).is_err());
        assert!(add_items("---\nitems: [a\n---\n", &["a"]).is_err());
    }
}
