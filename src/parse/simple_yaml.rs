//! A fast path for the front matter most files hold: ASCII `key: value`
//! lines whose values are plain words, whole numbers, short decimals
//! (`0.8`), percentages (`80%`), dates, double-quoted
//! text without escapes, one-line `[a, b]` lists, or an indented block of
//! `- value` or `key: value` lines. It builds the same [`Node`] tree, with the
//! same positions, as the YAML crate would (debug builds check every
//! answer against it), and gives up (`None`) on anything else, which the YAML
//! crate then reads: comments, anchors, multi-line or escaped scalars, words
//! YAML reads as booleans or null, other numbers (signed, exponents, long).

use super::yaml::{Node, Value};
use crate::diagnostic::Pos;

/// Front matter longer than this goes to the YAML crate (and its budgets).
const MAX_LEN: usize = 4096;

/// The tree of `yaml` (which starts at 1-based line `first_line`), or `None`
/// when it is not in the simple form.
pub fn parse(yaml: &str, first_line: u32) -> Option<Node> {
    if yaml.is_empty() || yaml.len() > MAX_LEN || !yaml.is_ascii() || !yaml.ends_with('\n') {
        return None;
    }
    // Printable ASCII and line breaks only: no tabs, control characters
    // (which YAML refuses) or escapes.
    if yaml
        .bytes()
        .any(|b| b == b'\\' || !(b == b'\n' || (b' '..=b'~').contains(&b)))
    {
        return None;
    }
    let lines: Vec<&str> = yaml.lines().collect();
    let line_no = |index: usize| Some(first_line + u32::try_from(index).ok()?);
    let mut pairs = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let (key, rest) = key_of(line)?;
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let number = line_no(index)?;
        let key_node = text_node(key, number, 1);
        let value = if rest.is_empty() {
            // An indented block follows.
            let start = index + 1;
            let mut end = start;
            while end < lines.len() && lines[end].starts_with(' ') {
                end += 1;
            }
            if end == start {
                return None;
            }
            let block = block(&lines[start..end], line_no(start)?)?;
            index = end;
            block
        } else {
            index += 1;
            let column = u32::try_from(line.len() - rest.len()).ok()? + 1;
            inline_value(rest, number, column)?
        };
        pairs.push((key_node, value));
    }
    Some(Node {
        value: Value::Map(pairs),
        pos: Pos::new(first_line, 1),
        source: None,
    })
}

/// `key: rest` → (`key`, `rest`); `rest` is empty for `key:` alone.
fn key_of(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    let rest = if after.is_empty() {
        after
    } else {
        after.strip_prefix(' ')?
    };
    if rest.starts_with(' ')
        || rest.ends_with(' ')
        || key.len() > 64
        || !is_word(key)
        || !key.starts_with(is_letter)
    {
        return None;
    }
    Some((key, rest))
}

fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// Letters, digits, `_`, `-` and `.`, and not a word YAML reads as
/// something other than text.
fn is_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !is_special(word)
}

/// Words some YAML schema reads as null or a boolean, and the names of the
/// special floats: left to the YAML crate.
fn is_special(word: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
    ];
    let word = word.trim_start_matches(['.', '+', '-']);
    SPECIAL
        .iter()
        .any(|special| special.eq_ignore_ascii_case(word))
}

/// A value on the key's line, starting at 1-based `column`.
fn inline_value(text: &str, line: u32, column: u32) -> Option<Node> {
    if let Some(inner) = text.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        let mut items = Vec::new();
        if !inner.is_empty() {
            let mut offset = 1; // after the `[`
            for (n, item) in inner.split(',').enumerate() {
                let trimmed = if n == 0 {
                    item
                } else {
                    item.strip_prefix(' ')?
                };
                let skipped = item.len() - trimmed.len();
                if !is_word(trimmed) || !trimmed.starts_with(is_letter) {
                    return None;
                }
                let at = column + u32::try_from(offset + skipped).ok()?;
                items.push(text_node(trimmed, line, at));
                offset += item.len() + 1;
            }
        }
        return Some(Node {
            value: Value::Seq(items),
            pos: Pos::new(line, column),
            source: None,
        });
    }
    if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains('"') {
            return None;
        }
        return Some(Node {
            value: Value::Str(inner.to_owned()),
            pos: Pos::new(line, column).wide(text.len()),
            source: None,
        });
    }
    scalar(text, line, column)
}

/// A plain scalar: text, a small whole or decimal number or a date.
fn scalar(text: &str, line: u32, column: u32) -> Option<Node> {
    let first = text.bytes().next()?;
    if first.is_ascii_digit() {
        let bytes = text.as_bytes();
        if text.len() <= 9
            && text.bytes().all(|b| b.is_ascii_digit())
            && (first != b'0' || text.len() == 1)
        {
            return Some(Node {
                value: Value::Int(text.parse().ok()?),
                pos: Pos::new(line, column).wide(text.len()),
                source: Some(text.to_owned()),
            });
        }
        // A short decimal (`0.3`, `12.25`), as confidences are written.
        if let Some((whole, fraction)) = text.split_once('.')
            && (1..=6).contains(&whole.len())
            && (1..=6).contains(&fraction.len())
            && whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
            && (first != b'0' || whole.len() == 1)
        {
            return Some(Node {
                value: Value::Float(text.parse().ok()?),
                pos: Pos::new(line, column).wide(text.len()),
                source: Some(text.to_owned()),
            });
        }
        // A percentage (`80%`, `12.5%`) is text to YAML.
        if let Some(number) = text.strip_suffix('%')
            && number.len() <= 6
            && number.bytes().filter(|&b| b == b'.').count() <= 1
            && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && !number.ends_with('.')
        {
            return Some(text_node(text, line, column));
        }
        let is_date = text.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && text
                .bytes()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        return is_date.then(|| text_node(text, line, column));
    }
    if !first.is_ascii_alphabetic() || text.contains("  ") {
        return None;
    }
    let plain = text.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'_' | b'-' | b'.' | b'/' | b'@' | b'+' | b'(' | b')' | b'\'' | b'='
            )
    });
    (plain && !is_special(text)).then(|| text_node(text, line, column))
}

fn text_node(text: &str, line: u32, column: u32) -> Node {
    Node {
        value: Value::Str(text.to_owned()),
        pos: Pos::new(line, column).wide(text.len()),
        source: None,
    }
}

/// The lines of an indented block, each indented by exactly two spaces:
/// all `- value` (a list) or all `key: value` (a mapping).
fn block(lines: &[&str], first_line: u32) -> Option<Node> {
    let inner: Vec<&str> = lines
        .iter()
        .map(|line| {
            line.strip_prefix("  ")
                .filter(|rest| !rest.starts_with(' '))
        })
        .collect::<Option<_>>()?;
    if inner[0].starts_with("- ") {
        let mut items = Vec::new();
        for (n, line) in inner.iter().enumerate() {
            let value = line.strip_prefix("- ")?;
            let number = first_line + u32::try_from(n).ok()?;
            items.push(scalar(value, number, 5)?);
        }
        return Some(Node {
            value: Value::Seq(items),
            pos: Pos::new(first_line, 3),
            source: None,
        });
    }
    let mut pairs = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    for (n, line) in inner.iter().enumerate() {
        let (key, rest) = key_of(line)?;
        if rest.is_empty() || keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let number = first_line + u32::try_from(n).ok()?;
        let column = u32::try_from(line.len() - rest.len()).ok()? + 3;
        pairs.push((text_node(key, number, 3), scalar(rest, number, column)?));
    }
    Some(Node {
        value: Value::Map(pairs),
        pos: Pos::new(first_line, 3),
        source: None,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::parse;
    use crate::parse::yaml::parse_with_crate;

    /// Values in and just outside the simple form.
    const VALUES: &[&str] = &[
        "chat",
        "Archive API pages",
        "dana-lee",
        "2024-12-21",
        "2024-13-45",
        "5",
        "0",
        "007",
        "12345678901",
        "1.5",
        "0.3",
        "12.250",
        "01.5",
        "1.",
        ".5",
        "1.2.3",
        "1.5e3",
        "80%",
        "12.5%",
        "5.%",
        "%",
        "1%%",
        "3m",
        "-2",
        "y",
        "N",
        "yes",
        "Off",
        "null",
        "~",
        "true",
        "NaN",
        ".inf",
        "\"#ci/p17\"",
        "\"a: b\"",
        "\"\"",
        "[a-1, b_2]",
        "[]",
        "[ a ]",
        "[a,b]",
        "[y, x]",
        "[1, 2]",
        "a: b",
        "x #c",
        "\"a #b\"",
        "\"&x\"",
        "*y",
        "&a x",
        "'q'",
        "{a: b}",
        "|",
        "- x",
        "O'Neil (ops)",
        "a  b",
        "e=mc2",
        "\"t\u{1b}[31m\"",
        "a\u{7f}",
        "\"a\tb\"",
        "",
    ];
    const KEYS: &[&str] = &["title", "status", "id", "y", "on", "a.b", "_x", "9", "Key"];

    fn document() -> impl Strategy<Value = String> {
        let line = (0..KEYS.len(), 0..VALUES.len(), 0..4usize).prop_map(|(k, v, nested)| {
            let (key, value) = (KEYS[k], VALUES[v]);
            match nested {
                0 => format!("{key}: {value}\n"),
                1 => format!("{key}:\n  - {value}\n  - x\n"),
                2 => format!("{key}:\n  a: {value}\n  b: low\n"),
                _ => format!("{key}:{value}\n"),
            }
        });
        proptest::collection::vec(line, 1..6).prop_map(|lines| lines.concat())
    }

    proptest! {
        #[test]
        fn the_fast_path_reads_what_the_yaml_crate_reads(yaml in document()) {
            if let Some(node) = parse(&yaml, 2) {
                prop_assert_eq!(parse_with_crate(&yaml, 2, "a.md"), Ok(node), "{}", yaml);
            }
        }
    }

    /// Numbers at the edge of the short-decimal and percentage forms, in
    /// every place a scalar can stand: the fast path either declines or
    /// builds the YAML crate's tree, positions and spelling included.
    #[test]
    fn edge_numbers_read_as_the_yaml_crate_reads_them() {
        const EDGES: &[&str] = &[
            "1.50",
            "0.0",
            "00.5",
            "0.05",
            "1.5%",
            "100%",
            "0%",
            "00%",
            "1e5",
            ".5",
            "5.",
            "-0.5",
            "+1.5",
            "1_000.5",
            "1_000",
            "0x1A",
            "0o17",
            "0b1",
            "1.5.6%",
            "1.5.6",
            "123456.123456",
            "1234567.5",
            "1.1234567",
            "999999999",
            "1000000000",
            "0.1%",
            "5.%",
            ".5%",
            "1%5",
            "1.5 %",
            "1,5",
            "1:30",
            "12:30:00",
            "2024-01-01T10:00",
            "2024-1-1",
            "10%%",
            "99.99%",
            "0.000001",
            "1.0e-3",
            "5.0.",
            "0.",
        ];
        let mut fast = 0;
        for value in EDGES {
            for yaml in [
                format!(
                    "confidence: {value}
"
                ),
                format!("tags:\n  - {value}\n  - x\n"),
                format!("goals:\n  a: {value}\n  b: low\n"),
                format!("title: x\nconfidence: {value}\neffort: 3\n"),
            ] {
                if let Some(node) = parse(&yaml, 7) {
                    fast += 1;
                    assert_eq!(parse_with_crate(&yaml, 7, "a.md"), Ok(node), "{yaml}");
                }
            }
        }
        // The forms meant for the fast path do take it.
        assert!(fast >= 4 * 10, "only {fast} took the fast path");
        for value in ["1.50", "0.0", "1.5%", "100%", "0.05"] {
            assert!(parse(&format!("c: {value}\n"), 2).is_some(), "{value}");
        }
    }

    #[test]
    fn typical_front_matter_takes_the_fast_path() {
        let feedback = "channel: chat\ndate: 2024-12-21\nfrom: carla-kulkarni\nseverity: high\nitems: [a-1, b_2]\nref: \"#ci-help/p17\"\n";
        let item = "title: Archive API pages\nstatus: ready\ngoals:\n  cut-ci: high\n  dev-joy: low\neffort: 3\nconfidence: 0.8\ntags:\n  - ci\nowner: dana\n";
        let percent = "title: Export\nconfidence: 80%\n";
        for yaml in [feedback, item, percent] {
            let node = parse(yaml, 2).expect("simple");
            assert_eq!(parse_with_crate(yaml, 2, "a.md"), Ok(node), "{yaml}");
        }
        assert!(parse("a: yes\n", 2).is_none(), "a boolean to YAML 1.1");
        assert!(parse("a: 1 # c\n", 2).is_none(), "a comment");
    }
}
