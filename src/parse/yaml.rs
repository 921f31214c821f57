//! The one place the YAML crate is called. serde-saphyr (pinned in
//! Cargo.toml) replaces the archived `serde_yaml`: it is pure Rust, linear on
//! deep input, and has budgets against alias bombs and nesting. Front matter
//! and `rankdown.yaml` are read into a small located tree ([`Node`]), so field
//! checks can report every problem of a file, each at its own line.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Diagnostic, Pos};

/// A YAML value with the position of its first character in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// The source text of a number or boolean as written (`00`, `1.50`), so
    /// that an id which looks like a number keeps its spelling.
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// The name of the value's type, as a user would say it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a true/false value",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The value as JSON, to check it against a JSON Schema (`rankdown
    /// schema`). Keys that are not text become their text (`1:` is `"1"`);
    /// numbers JSON cannot hold (`.nan`, `.inf`) become null.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as Json;
        match &self.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => Json::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::Str(s) => Json::String(s.clone()),
            Value::Seq(items) => Json::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(pairs) => Json::Object(
                pairs
                    .iter()
                    .map(|(key, value)| {
                        let key = match key.to_json() {
                            Json::String(s) => s,
                            other => other.to_string(),
                        };
                        (key, value.to_json())
                    })
                    .collect(),
            ),
        }
    }
}

const MAX_DEPTH: usize = 32;
const MAX_NODES: usize = 20_000;
const MAX_REPLAYED_EVENTS: usize = 10_000;

/// Parses a YAML document that starts at 1-based line `first_line` of `path`.
///
/// Front matter in the simple form most files use takes a fast path
/// (`simple_yaml`) that builds the same tree; debug
/// builds (every test, the fuzzer) check each such tree against this crate's.
pub fn parse(yaml: &str, first_line: u32, path: &str) -> Result<Node, Diagnostic> {
    if let Some(node) = super::simple_yaml::parse(yaml, first_line) {
        debug_assert_eq!(
            parse_with_crate(yaml, first_line, path).as_ref(),
            Ok(&node),
            "the fast path read this YAML otherwise:\n{yaml}"
        );
        return Ok(node);
    }
    parse_with_crate(yaml, first_line, path)
}

/// [`parse`], always through serde-saphyr.
pub(super) fn parse_with_crate(
    yaml: &str,
    first_line: u32,
    path: &str,
) -> Result<Node, Diagnostic> {
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    alias_limits.max_replay_stack_depth = 16;
    alias_limits.max_alias_expansions_per_anchor = 1_000;
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_events: 100_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
            max_total_scalar_bytes: 4 * 1024 * 1024,
        },
        alias_limits: alias_limits,
        with_snippet: false,
    };
    let shift = |loc: Location| -> Pos {
        if loc.line() == 0 {
            Pos::new(first_line, 1)
        } else {
            Pos::new(
                first_line + loc.line() as u32 - 1,
                loc.column().max(1) as u32,
            )
        }
    };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(yaml, options) {
        Ok(raw) => Ok(convert(raw, yaml, &shift)),
        Err(err) => {
            let mut pos = err.location().map_or(Pos::new(first_line, 1), shift);
            let message = plain_message(&err);
            let mut help = None;
            // The parser names a tab only sometimes, and often a line early:
            // point at the tab and say what to do.
            let error_line = err
                .location()
                .map_or(0, |l| l.line().saturating_sub(1) as usize);
            if let Some((line, column)) = indentation_tab(yaml, error_line.saturating_sub(1))
                .filter(|&(line, _)| message.contains("tab") || line <= error_line + 1)
            {
                pos = Pos::new(first_line + line as u32, column as u32 + 1);
                help = Some(
                    "YAML indents with spaces only; replace the tab at the start of this line with spaces"
                        .to_owned(),
                );
            } else if message.contains("tab") {
                help =
                    Some("YAML indents with spaces only; replace the tab with spaces".to_owned());
            }
            Err(
                Diagnostic::error("yaml", path, pos, format!("invalid YAML: {message}"))
                    .with_help_opt(help),
            )
        }
    }
}

/// The first tab in a line's indentation, at or after 0-based line `from`:
/// `(line, column)`, both 0-based.
fn indentation_tab(yaml: &str, from: usize) -> Option<(usize, usize)> {
    yaml.lines().enumerate().skip(from).find_map(|(n, line)| {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        line[..indent].find('\t').map(|column| (n, column))
    })
}

/// The crate's message in plain words: budget breaches say what limit was
/// hit, and the location suffix and developer-facing advice are dropped.
fn plain_message(err: &serde_saphyr::Error) -> String {
    let mut text = err.without_snippet().to_string();
    if text.contains("alias replay limit") || text.contains("Alias") {
        return format!(
            "aliases expand to too much data (limit {MAX_REPLAYED_EVENTS} values); front matter needs no anchors or aliases"
        );
    }
    if text.contains("Depth") {
        return format!("values are nested too deeply (limit {MAX_DEPTH} levels)");
    }
    if text.contains("recursion limit") || text.contains("nesting") {
        return "values are nested too deeply".to_owned();
    }
    if text.contains("Nodes") || text.contains("Events") {
        return format!("too many values (limit {MAX_NODES})");
    }
    if text.contains("budget breached") {
        return "the YAML is too large or complex to read safely".to_owned();
    }
    if let Some(at) = text.rfind(" at line ") {
        let tail = &text[at + " at line ".len()..];
        let is_location = tail.split(", column ").count() == 2
            && tail
                .replace(", column ", "")
                .bytes()
                .all(|b| b.is_ascii_digit());
        if is_location {
            text.truncate(at);
        }
    }
    if let Some(at) = text.find(", set DuplicateKeyPolicy") {
        text.truncate(at);
    }
    text
}

fn convert(raw: Spanned<Raw>, yaml: &str, shift: &dyn Fn(Location) -> Pos) -> Node {
    let loc = raw.referenced;
    let width = loc.span().len();
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Bool(b) => Value::Bool(b),
        Raw::Int(i) => Value::Int(i),
        Raw::Float(f) => Value::Float(f),
        Raw::Str(s) => Value::Str(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|n| convert(n, yaml, shift)).collect()),
        Raw::Map(pairs) => Value::Map(
            pairs
                .into_iter()
                .map(|(k, v)| (convert(k, yaml, shift), convert(v, yaml, shift)))
                .collect(),
        ),
    };
    let width = match &value {
        Value::Seq(_) | Value::Map(_) | Value::Null => 1,
        _ => width,
    };
    let source = match value {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            let span = loc.span();
            span.byte_offset()
                .zip(span.byte_len())
                .and_then(|(start, len)| yaml.get(start as usize..(start + len) as usize))
                .map(str::to_owned)
        }
        _ => None,
    };
    Node {
        value,
        pos: shift(loc).wide(width as usize),
        source,
    }
}

/// What serde-saphyr hands us before positions are shifted into the file.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Raw, E> {
        Ok(Raw::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Raw, E> {
        Ok(i64::try_from(u).map_or(Raw::Float(u as f64), Raw::Int))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Raw, E> {
        Ok(Raw::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Raw, E> {
        Ok(Raw::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Raw, E> {
        Ok(Raw::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut pairs = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            pairs.push((key, value));
        }
        Ok(Raw::Map(pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::{Value, parse};
    use crate::diagnostic::Pos;

    #[test]
    fn positions_are_shifted_into_the_file() {
        let node = parse("title: héllo\nweight: 5\n", 2, "a.md").expect("valid");
        let Value::Map(pairs) = node.value else {
            panic!("mapping expected")
        };
        assert_eq!(pairs[1].0.pos, Pos::new(3, 1).wide(6));
        assert_eq!(pairs[1].1.value, Value::Int(5));
        assert_eq!(pairs[0].1.pos, Pos::new(2, 8).wide(5));
    }

    #[test]
    fn converts_to_json() {
        let node = parse(
            "title: x\nweight: 5\nc: 0.5\ngoals: {a: high, b: }\ntags: [1, true]\n1: one\n",
            2,
            "a.md",
        )
        .expect("valid");
        assert_eq!(
            node.to_json(),
            serde_json::json!({
                "title": "x", "weight": 5, "c": 0.5, "goals": {"a": "high", "b": null},
                "tags": [1, true], "1": "one",
            })
        );
    }

    #[test]
    fn syntax_errors_carry_file_positions() {
        let err = parse("a: 1\nb: [1, 2\n", 2, "a.md").expect_err("invalid");
        assert_eq!(err.line, 3);
        assert!(err.message.starts_with("invalid YAML: "), "{}", err.message);
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn a_tab_in_indentation_is_pointed_at_with_a_hint() {
        // Each parser message differs, and some point at the line before.
        for (yaml, line) in [
            ("title: A\ngoals:\n\t- x\n", 3),
            ("title: A\ngoals:\n  - x\n\ttags: [a]\n", 4),
            ("title: A\n\towner: x\n", 2),
        ] {
            let err = parse(yaml, 1, "a.md").expect_err("invalid");
            assert_eq!((err.line, err.column), (line, 1), "{yaml:?}: {err:?}");
            assert!(
                err.help
                    .as_deref()
                    .is_some_and(|h| h.contains("spaces only")),
                "{err:?}"
            );
        }
        let err = parse("a: [1\n", 1, "a.md").expect_err("invalid");
        assert_eq!(err.help, None);
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second_key() {
        let err = parse("a: 1\na: 2\n", 2, "a.md").expect_err("duplicate");
        assert_eq!((err.line, err.column), (3, 1));
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }

    #[test]
    fn alias_bombs_and_deep_nesting_hit_the_budget() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, prev) in ('b'..='k').zip('a'..='j') {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(
                &[
                    i.to_string(),
                    ": &".into(),
                    i.to_string(),
                    " [".into(),
                    refs,
                    "]\n".into(),
                ]
                .concat(),
            );
        }
        let err = parse(&bomb, 2, "a.md").expect_err("bomb");
        assert!(
            err.message.contains("aliases expand to too much data"),
            "{}",
            err.message
        );
        let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let err = parse(&deep, 2, "a.md").expect_err("deep");
        assert!(err.message.contains("nested too deeply"), "{}", err.message);
        let block: String = (1..60).map(|i| "  ".repeat(i) + "- \n").collect();
        let err = parse(&format!("a:\n{block}"), 2, "a.md").expect_err("deep block");
        assert!(err.message.contains("nested too deeply"), "{}", err.message);
    }
}
