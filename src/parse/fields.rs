//! Typed reading of a YAML mapping, field by field, collecting a diagnostic
//! for every problem instead of stopping at the first (as serde derive would).

use super::yaml::{Node, Value};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Pos, suggest};
use crate::model::{Keyword, Located};

/// One accepted key of a mapping: its name, what its value may be, and what
/// it means. A kind's table of fields is the single definition that both the
/// unknown-field check (here) and the JSON Schema (`crate::schema`) read, so
/// the two cannot drift.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: FieldKind,
    pub doc: &'static str,
    /// Absent, the file has a "missing required field" problem.
    pub required: bool,
    /// A field that must not be set together with this one (`horizon`/`due`).
    pub excludes: Option<&'static str>,
}

impl Field {
    pub const fn new(name: &'static str, kind: FieldKind, doc: &'static str) -> Self {
        Self {
            name,
            kind,
            doc,
            required: false,
            excludes: None,
        }
    }

    #[must_use]
    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    #[must_use]
    pub const fn excludes(self, other: &'static str) -> Self {
        Self {
            excludes: Some(other),
            ..self
        }
    }
}

/// The accepted words of a [`Keyword`] enum (`<Status as Keyword>::words`).
pub type Words = fn() -> Vec<&'static str>;

/// What a field's value may be, as the parser reads it.
#[derive(Debug, Clone, Copy)]
pub enum FieldKind {
    /// Free text; plain numbers and booleans are taken as their text.
    Text,
    /// A slug: letters, digits, '-', '_' and '.'.
    Id,
    /// One of a fixed set of words.
    Keyword(Words),
    /// Any number.
    Number,
    /// A whole number from `min` to `max` (inclusive).
    Whole { min: i64, max: Option<i64> },
    /// A weight: a number within its bounds.
    Weight(Bounds),
    /// A `YYYY-MM-DD` date.
    Date,
    /// A list of names; a single name counts as a list of one.
    List,
    /// `goals:` of an item: a list of goal ids, or a map of goal id to impact.
    GoalLinks(Words),
    /// A T-shirt size or a positive number of person-weeks.
    Effort(Words),
    /// 0..1, or a percentage from 0% to 100%.
    Confidence,
    /// A nested mapping with its own fields.
    Map(&'static [Field]),
    /// A mapping from each keyword to a weight (`weights.impact`).
    WeightTable { words: Words, bounds: Bounds },
    /// One number of a fixed scale, or a word standing for one (RICE's
    /// `impact: high` is 2; WSJF's steps have no words).
    Scale {
        steps: &'static [f64],
        words: &'static [(&'static str, f64)],
    },
}

/// The numbers a weight may take: from `min` (left out when `above`) to
/// `max` (infinite when there is no limit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub above: bool,
    pub max: f64,
}

impl Bounds {
    pub fn contains(self, n: f64) -> bool {
        (if self.above {
            n > self.min
        } else {
            n >= self.min
        }) && n <= self.max
    }

    /// What is wrong with `n`, in words such as "must be positive, not -2".
    pub fn problem(self, n: f64) -> Option<String> {
        if self.contains(n) {
            None
        } else if n > self.max {
            Some(format!("must be at most {}, not {}", self.max, number(n)))
        } else if self.min <= 0.0 && self.above {
            Some(format!("must be positive, not {n}"))
        } else if self.min <= 0.0 {
            Some(format!("must be zero or more, not {n}"))
        } else {
            Some(format!(
                "must be from {} to {}, not {}",
                self.min,
                self.max,
                number(n)
            ))
        }
    }
}

/// A number as a person wrote it (`11`, `0.5`), in exponent form only when
/// it is too large or too small to read that way (`1e300`).
fn number(n: f64) -> String {
    if n == 0.0 || (1e-4..1e15).contains(&n.abs()) {
        n.to_string()
    } else {
        format!("{n:e}")
    }
}

/// The names of a table of fields, for [`Fields::new`].
pub fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

/// The fields of one mapping, checked against the names a kind accepts.
pub struct Fields<'a> {
    path: &'a str,
    pairs: Vec<(&'a str, &'a Node)>,
    /// The accepted names; reading any other is a bug in the caller.
    allowed: Vec<String>,
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
            allowed: allowed.iter().map(|&name| name.to_owned()).collect(),
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

    /// The file the mapping is read from, for the [`Fields`] of a nested mapping.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// One number of `steps`, or one of `words` standing for a number; an
    /// off-scale value is reported with the scale. `name` is the key as the
    /// reader wrote it (`wsjf.value`).
    pub fn scale_of(
        &mut self,
        name: &str,
        node: &Node,
        steps: &[f64],
        words: &[(&str, f64)],
    ) -> Option<f64> {
        let scale: Vec<String> = steps
            .iter()
            .map(
                |step| match words.iter().find(|(_, n)| n.total_cmp(step).is_eq()) {
                    Some((word, _)) => format!("{step} ({word})"),
                    None => step.to_string(),
                },
            )
            .collect();
        let given = if let Some(n) = number_of(&node.value) {
            if steps.contains(&n) {
                return Some(n);
            }
            n.to_string()
        } else if let Value::Str(word) = &node.value {
            let folded = word.trim().to_lowercase();
            if let Some((_, n)) = words.iter().find(|(w, _)| *w == folded) {
                return Some(*n);
            }
            format!("'{word}'")
        } else {
            self.error(
                node.pos,
                format!(
                    "'{name}' must be one of {}, not {}",
                    scale.join(", "),
                    node.value.kind()
                ),
            );
            return None;
        };
        self.diagnostics.push(
            Diagnostic::error(
                "unknown-value",
                self.path,
                node.pos,
                format!("{name} {given} is not on its scale"),
            )
            .with_help(format!("use one of: {}", scale.join(", "))),
        );
        None
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error("type", self.path, pos, message));
    }

    /// The value of a field; `key:` with nothing after it counts as absent.
    pub fn get(&self, name: &str) -> Option<&'a Node> {
        debug_assert!(
            self.allowed.iter().any(|a| a == name),
            "field '{name}' is read but missing from its table of fields"
        );
        self.pairs
            .iter()
            .find(|(key, value)| *key == name && value.value != Value::Null)
            .map(|(_, value)| *value)
    }

    pub fn pos_of(&self, name: &str) -> Option<Pos> {
        self.get(name).map(|n| n.pos)
    }

    /// Reports a required field that is absent.
    pub fn require(&mut self, name: &str, help: &str) {
        if self.get(name).is_none() {
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
        if let Some(text) = scalar_text(node) {
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
        let Some(word) = scalar_text(node) else {
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
        let text = scalar_text(node).unwrap_or_default();
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
            match scalar_text(item) {
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

/// The text of a scalar as written, or `None` for lists and mappings.
pub fn scalar_text(node: &Node) -> Option<String> {
    if let Some(source) = &node.source {
        return Some(source.clone());
    }
    match &node.value {
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
