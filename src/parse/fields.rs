//! Typed reading of a YAML mapping, field by field, collecting a diagnostic
//! for every problem instead of stopping at the first (as serde derive would).

use super::yaml::{Node, Value};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Pos, suggest};
use crate::model::{Keyword, Located};

/// The fields of one mapping, checked against the names a kind accepts.
pub struct Fields<'a> {
    path: &'a str,
    pairs: Vec<(&'a str, &'a Node)>,
    /// Where the mapping starts, for "missing field" problems.
    pos: Pos,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Reads `node` as a mapping whose keys must be among `allowed`.
    /// `what` names the mapping in messages ("front matter", "weights").
    pub fn new(node: &'a Node, path: &'a str, allowed: &[&str], what: &str) -> Self {
        let mut fields = Self {
            path,
            pairs: Vec::new(),
            pos: node.pos,
            diagnostics: Vec::new(),
        };
        match &node.value {
            Value::Null => {}
            Value::Map(pairs) => {
                for (key, value) in pairs {
                    let Value::Str(name) = &key.value else {
                        fields.error(
                            key.pos,
                            format!("{what} keys must be names, not {}", key.value.kind()),
                        );
                        continue;
                    };
                    if allowed.contains(&name.as_str()) {
                        fields.pairs.push((name.as_str(), value));
                    } else {
                        let help = suggest(name, allowed.iter().copied()).map_or_else(
                            || format!("{what} accepts: {}", allowed.join(", ")),
                            |near| format!("did you mean '{near}'?"),
                        );
                        fields.diagnostics.push(
                            Diagnostic::error(
                                "unknown-field",
                                path,
                                key.pos,
                                format!("unknown field '{name}' in {what}"),
                            )
                            .with_help(help),
                        );
                    }
                }
            }
            other => fields.error(
                node.pos,
                format!(
                    "{what} must be a mapping of `key: value` lines, not {}",
                    other.kind()
                ),
            ),
        }
        fields
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error("type", self.path, pos, message));
    }

    /// The value of a field; `key:` with nothing after it counts as absent.
    pub fn get(&self, name: &str) -> Option<&'a Node> {
        self.pairs
            .iter()
            .find(|(key, value)| *key == name && value.value != Value::Null)
            .map(|(_, value)| *value)
    }

    pub fn pos_of(&self, name: &str) -> Option<Pos> {
        self.get(name).map(|n| n.pos)
    }

    /// Reports a required field that is absent.
    pub fn require(&mut self, name: &str, found: bool, help: &str) {
        if !found && self.get(name).is_none() {
            let pos = Pos::new(self.pos.line, 1);
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    self.path,
                    pos,
                    format!("missing required field '{name}'"),
                )
                .with_help(help),
            );
        }
    }

    /// Free text. Plain numbers and booleans are taken as their text
    /// (`title: 2027` means the words "2027").
    pub fn text(&mut self, name: &str) -> Option<Located<String>> {
        let node = self.get(name)?;
        if let Some(text) = scalar_text(&node.value) {
            Some(Located::new(text, node.pos))
        } else {
            self.error(
                node.pos,
                format!("'{name}' must be text, not {}", node.value.kind()),
            );
            None
        }
    }

    /// One of a fixed set of words.
    pub fn keyword<K: Keyword>(&mut self, name: &str) -> Option<K> {
        let node = self.get(name)?;
        self.keyword_of(name, node)
    }

    pub fn keyword_of<K: Keyword>(&mut self, name: &str, node: &Node) -> Option<K> {
        let Some(word) = scalar_text(&node.value) else {
            self.error(
                node.pos,
                format!(
                    "'{name}' must be one of {}, not {}",
                    K::words().join(", "),
                    node.value.kind()
                ),
            );
            return None;
        };
        if let Some(value) = K::from_word(&word) {
            return Some(value);
        }
        let help = suggest(&word, K::words()).map_or_else(
            || format!("use one of: {}", K::words().join(", ")),
            |near| {
                format!(
                    "did you mean '{near}'? Use one of: {}",
                    K::words().join(", ")
                )
            },
        );
        self.diagnostics.push(
            Diagnostic::error(
                "unknown-value",
                self.path,
                node.pos,
                format!("unknown {name} '{word}'"),
            )
            .with_help(help),
        );
        None
    }

    /// A number, integer or decimal.
    pub fn number(&mut self, name: &str) -> Option<Located<f64>> {
        let node = self.get(name)?;
        if let Some(n) = number_of(&node.value) {
            Some(Located::new(n, node.pos))
        } else {
            self.error(
                node.pos,
                format!("'{name}' must be a number, not {}", node.value.kind()),
            );
            None
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, name: &str) -> Option<Located<Date>> {
        let node = self.get(name)?;
        let text = scalar_text(&node.value).unwrap_or_default();
        if let Some(date) = Date::parse(text.trim()) {
            return Some(Located::new(date, node.pos));
        }
        self.diagnostics.push(
            Diagnostic::error(
                "bad-date",
                self.path,
                node.pos,
                format!(
                    "'{name}' is not a valid date: {}",
                    if text.is_empty() {
                        node.value.kind().to_owned()
                    } else {
                        format!("'{text}'")
                    }
                ),
            )
            .with_help("write dates as YYYY-MM-DD, e.g. 2026-10-14"),
        );
        None
    }

    /// A list of names; a single name is taken as a list of one.
    pub fn list(&mut self, name: &str) -> Vec<Located<String>> {
        let Some(node) = self.get(name) else {
            return Vec::new();
        };
        let nodes: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for item in nodes {
            match scalar_text(&item.value) {
                Some(text) => out.push(Located::new(text, item.pos)),
                None => self.error(
                    item.pos,
                    format!(
                        "'{name}' must be a list of names; this entry is {}",
                        item.value.kind()
                    ),
                ),
            }
        }
        out
    }
}

/// The text of a scalar, or `None` for lists and mappings.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Seq(_) | Value::Map(_) => None,
    }
}

pub fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}
