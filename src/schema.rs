//! JSON Schemas (draft 2020-12) of goal, item and feedback front matter and
//! of `rankdown.yaml`, for editors: the YAML language server validates and
//! completes a file against them.
//!
//! They are generated from the very tables of fields the parser checks keys
//! against ([`crate::parse::GOAL_FIELDS`] and its siblings,
//! [`crate::config::CONFIG_FIELDS`]), so a field added to the parser is in the
//! schema, and a field the schema knows is one the parser accepts.

use serde_json::{Map, Value, json};

use crate::config::{CONFIG_FIELDS, EFFORT_WEEKS};
use crate::parse::fields::{Bounds, Field, FieldKind, Words};
use crate::parse::{FEEDBACK_FIELDS, GOAL_FIELDS, ITEM_FIELDS};

pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// What a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    Item,
    Goal,
    Feedback,
    Config,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 4] = [Self::Item, Self::Goal, Self::Feedback, Self::Config];

    pub fn name(self) -> &'static str {
        match self {
            Self::Item => "item",
            Self::Goal => "goal",
            Self::Feedback => "feedback",
            Self::Config => "config",
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Self::Item => ITEM_FIELDS,
            Self::Goal => GOAL_FIELDS,
            Self::Feedback => FEEDBACK_FIELDS,
            Self::Config => CONFIG_FIELDS,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Item => "rankdown item front matter (items/*.md)",
            Self::Goal => "rankdown goal front matter (goals/*.md)",
            Self::Feedback => "rankdown feedback front matter (feedback/**/*.md)",
            Self::Config => "rankdown.yaml",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Self::Item => {
                "A backlog item: the YAML block between the `---` lines at the top of the file."
            }
            Self::Goal => {
                "A business goal: the YAML block between the `---` lines at the top of the file."
            }
            Self::Feedback => {
                "A feedback note: the YAML block between the `---` lines at the top of the file. Passages of the body link to items with [[item-id]]."
            }
            Self::Config => "The configuration of a rankdown backlog. Every key is optional.",
        }
    }
}

/// The JSON Schema of one kind.
pub fn schema(kind: SchemaKind) -> Value {
    let mut root = object(kind.fields());
    root.insert("$schema".into(), DRAFT.into());
    root.insert("title".into(), kind.title().into());
    root.insert("description".into(), kind.description().into());
    // An empty document is read as an empty mapping: fine when no field is required.
    if kind.fields().iter().all(|f| !f.required) {
        root.insert("type".into(), json!(["object", "null"]));
    }
    Value::Object(root)
}

/// A mapping whose keys are `fields` and nothing else.
fn object(fields: &[Field]) -> Map<String, Value> {
    let mut properties = Map::new();
    for field in fields {
        let mut property = value_schema(field.kind);
        property.insert("description".into(), field.doc.into());
        properties.insert(field.name.into(), Value::Object(property));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let exclusions: Vec<Value> = fields
        .iter()
        .filter_map(|f| f.excludes.map(|other| (f.name, other)))
        .map(|(a, b)| json!({"not": {"required": [a, b]}}))
        .collect();
    let mut object = Map::new();
    object.insert("type".into(), "object".into());
    object.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        object.insert("required".into(), json!(required));
    }
    object.insert("additionalProperties".into(), false.into());
    if !exclusions.is_empty() {
        object.insert("allOf".into(), Value::Array(exclusions));
    }
    object
}

/// A scalar taken as text by the parser (`title: 2027` is the text "2027").
fn text() -> Value {
    json!({"type": ["string", "number", "boolean"]})
}

fn words(words: Words) -> Value {
    json!({"enum": words()})
}

fn weight(bounds: Bounds) -> Value {
    let mut schema = json!({"type": "number"});
    let min = if bounds.above {
        "exclusiveMinimum"
    } else {
        "minimum"
    };
    schema[min] = json!(bounds.min);
    if bounds.max.is_finite() {
        schema["maximum"] = json!(bounds.max);
    }
    schema
}

fn value_schema(kind: FieldKind) -> Map<String, Value> {
    let value = match kind {
        FieldKind::Text => text(),
        FieldKind::Id => json!({
            "type": ["string", "number", "boolean"],
            "pattern": r"^[\p{L}\p{N}_.-]+$",
        }),
        FieldKind::Keyword(list) => words(list),
        FieldKind::Number => json!({"type": "number"}),
        FieldKind::Whole { min, max } => match max {
            Some(max) => json!({"type": "integer", "minimum": min, "maximum": max}),
            None => json!({"type": "integer", "minimum": min}),
        },
        FieldKind::Weight(bounds) => weight(bounds),
        FieldKind::Date => json!({
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
        }),
        FieldKind::List => json!({"anyOf": [{"type": "array", "items": text()}, text()]}),
        FieldKind::GoalLinks(impacts) => {
            let mut impact = impacts().into_iter().map(Value::from).collect::<Vec<_>>();
            // `goal-id:` with nothing after it means impact medium.
            impact.push(Value::Null);
            json!({"anyOf": [
                {"type": "object", "additionalProperties": {"enum": impact}},
                {"type": "array", "items": text()},
                text(),
            ]})
        }
        FieldKind::Effort(sizes) => json!({"anyOf": [words(sizes), weight(EFFORT_WEEKS)]}),
        FieldKind::Confidence => json!({"anyOf": [
            {"type": "number", "minimum": 0, "maximum": 1},
            {"type": "string", "pattern": r"^\s*(100(\.0+)?|\d{1,2}(\.\d+)?)\s*%$"},
        ]}),
        FieldKind::Map(fields) => Value::Object(object(fields)),
        FieldKind::Scale { steps, words } => {
            let numbers = json!({"enum": steps});
            if words.is_empty() {
                numbers
            } else {
                let names: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
                json!({"anyOf": [numbers, {"enum": names}]})
            }
        }
        FieldKind::WeightTable { words, bounds } => {
            let properties: Map<String, Value> = words()
                .into_iter()
                .map(|word| (word.to_owned(), weight(bounds)))
                .collect();
            json!({
                "type": "object",
                "properties": properties,
                "additionalProperties": false,
            })
        }
    };
    match value {
        Value::Object(map) => map,
        _ => unreachable!("every value schema is an object"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::{SchemaKind, schema};
    use crate::diagnostic::Diagnostic;
    use crate::parse::fields::{Field, FieldKind};

    /// A value the parser accepts for a field of this kind.
    fn valid(kind: FieldKind) -> Value {
        match kind {
            FieldKind::Text => json!("some text"),
            FieldKind::Id => json!("an-id"),
            FieldKind::Keyword(words) | FieldKind::Effort(words) => json!(words()[0]),
            FieldKind::Number => json!(2.5),
            FieldKind::Whole { min, .. } => json!(min),
            FieldKind::Weight(bounds) if bounds.contains(0.75) => json!(0.75),
            FieldKind::Weight(bounds) => json!(bounds.min),
            FieldKind::Date => json!("2026-10-14"),
            FieldKind::List => json!(["a", "b"]),
            FieldKind::GoalLinks(impacts) => json!({"a-goal": impacts()[2], "other": null}),
            FieldKind::Confidence => json!("80%"),
            FieldKind::Map(fields) => Value::Object(every_field(fields)),
            FieldKind::Scale { steps, .. } => json!(steps[steps.len() / 2]),
            FieldKind::WeightTable { words, .. } => Value::Object(
                words()
                    .into_iter()
                    .map(|w| (w.to_owned(), json!(2)))
                    .collect(),
            ),
        }
    }

    /// Every field with a valid value, leaving out those a field excludes.
    fn every_field(fields: &[Field]) -> Map<String, Value> {
        let excluded: Vec<&str> = fields.iter().filter_map(|f| f.excludes).collect();
        fields
            .iter()
            .filter(|f| !excluded.contains(&f.name))
            .map(|f| (f.name.to_owned(), valid(f.kind)))
            .collect()
    }

    /// Parses a mapping (as JSON, which is YAML) the way the kind is read.
    fn parse(kind: SchemaKind, mapping: &Map<String, Value>) -> Vec<Diagnostic> {
        let yaml = serde_json::to_string_pretty(mapping).expect("serializes");
        let front = format!("---\n{yaml}\n---\nBody.\n");
        let mut diagnostics = Vec::new();
        match kind {
            SchemaKind::Item => {
                crate::parse::item(
                    "items/x.md",
                    &front,
                    crate::parse::Bodies::Keep,
                    &mut diagnostics,
                );
            }
            SchemaKind::Goal => {
                crate::parse::goal("goals/x.md", &front, &mut diagnostics);
            }
            SchemaKind::Feedback => {
                crate::parse::feedback(
                    "feedback/x.md",
                    &front,
                    "items",
                    crate::parse::Bodies::Keep,
                    &mut diagnostics,
                );
            }
            SchemaKind::Config => {
                diagnostics = crate::config::Config::parse(&yaml, "rankdown.yaml").1;
            }
        }
        diagnostics
    }

    #[test]
    fn the_parser_accepts_every_field_of_its_table() {
        for kind in SchemaKind::ALL {
            let found = parse(kind, &every_field(kind.fields()));
            assert!(found.is_empty(), "{}: {found:?}", kind.name());
        }
    }

    #[test]
    fn the_parser_reads_every_field_of_its_table() {
        // A list of lists is wrong for every kind of field: a problem reported
        // for it proves the parser reads the field, not just lets it pass.
        fn check(
            kind: SchemaKind,
            path: &[&str],
            fields: &'static [Field],
            root: &Map<String, Value>,
        ) {
            for field in fields {
                let mut mapping = root.clone();
                let mut slot = &mut mapping;
                for key in path {
                    slot = slot
                        .get_mut(*key)
                        .and_then(Value::as_object_mut)
                        .expect("nested mapping");
                }
                slot.insert(field.name.to_owned(), json!([[1]]));
                let found = parse(kind, &mapping);
                assert!(
                    !found.is_empty(),
                    "{}: '{}' under {path:?} is never read",
                    kind.name(),
                    field.name
                );
                if let FieldKind::Map(inner) = field.kind {
                    let nested: Vec<&str> = path.iter().copied().chain([field.name]).collect();
                    check(kind, &nested, inner, root);
                }
            }
        }
        for kind in SchemaKind::ALL {
            check(kind, &[], kind.fields(), &every_field(kind.fields()));
        }
    }

    #[test]
    fn required_and_excluded_fields_are_enforced_by_the_parser() {
        for kind in SchemaKind::ALL {
            let all = every_field(kind.fields());
            for field in kind.fields() {
                if field.required {
                    let mut without = all.clone();
                    without.remove(field.name);
                    let found = parse(kind, &without);
                    assert!(
                        found
                            .iter()
                            .any(|d| d.message.contains("missing required field")),
                        "{}: {found:?}",
                        field.name
                    );
                }
                if let Some(other) = field.excludes {
                    let mut both = all.clone();
                    both.insert(field.name.to_owned(), valid(field.kind));
                    let other_kind = kind
                        .fields()
                        .iter()
                        .find(|f| f.name == other)
                        .expect("known");
                    both.insert(other.to_owned(), valid(other_kind.kind));
                    assert_eq!(parse(kind, &both).len(), 1, "{} with {other}", field.name);
                }
            }
        }
    }

    #[test]
    fn every_field_of_a_table_is_in_the_schema() {
        fn check(fields: &[Field], schema: &Value, at: &str) {
            assert_eq!(schema["additionalProperties"], json!(false), "{at}");
            let properties = schema["properties"].as_object().expect("properties");
            assert_eq!(properties.len(), fields.len(), "{at}");
            for field in fields {
                let property = &properties[field.name];
                assert_eq!(
                    property["description"],
                    json!(field.doc),
                    "{at}.{}",
                    field.name
                );
                if let FieldKind::Map(inner) = field.kind {
                    check(inner, property, &format!("{at}.{}", field.name));
                }
            }
        }
        for kind in SchemaKind::ALL {
            let schema = schema(kind);
            assert_eq!(schema["$schema"], json!(super::DRAFT));
            check(kind.fields(), &schema, kind.name());
        }
        let item = schema(SchemaKind::Item);
        assert_eq!(item["required"], json!(["title"]));
        assert_eq!(
            item["properties"]["status"]["enum"],
            json!(["proposed", "ready", "in-progress", "done", "dropped"])
        );
        let goal = schema(SchemaKind::Goal);
        assert_eq!(
            goal["allOf"][0]["not"]["required"],
            json!(["horizon", "due"])
        );
    }

    #[test]
    fn schemas_agree_with_the_parser_on_valid_and_wrong_values() {
        for kind in SchemaKind::ALL {
            let mut schemas = boon::Schemas::new();
            let mut compiler = boon::Compiler::new();
            let url = format!("memory:///{}.json", kind.name());
            compiler.add_resource(&url, schema(kind)).expect("adds");
            let index = compiler.compile(&url, &mut schemas).expect("compiles");
            let all = every_field(kind.fields());
            assert!(
                schemas.validate(&Value::Object(all.clone()), index).is_ok(),
                "{}",
                kind.name()
            );
            for field in kind.fields() {
                let mut wrong = all.clone();
                wrong.insert(field.name.to_owned(), json!([[1]]));
                assert!(
                    schemas.validate(&Value::Object(wrong), index).is_err(),
                    "{}",
                    field.name
                );
            }
        }
    }
}
