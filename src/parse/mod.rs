//! From a file's text to a goal, item or feedback note, with a diagnostic for
//! every problem found on the way.

pub mod body;
pub mod conflict;
pub mod fields;
pub mod framework;
pub mod frontmatter;
pub mod person;
mod simple_yaml;
pub mod yaml;

use fields::{Field, FieldKind, Fields};
use frontmatter::{FrontMatter, Split};
use yaml::{Node, Value};

use crate::config::{Config, EFFORT_WEEKS, Kind};
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{
    Channel, Effort, Feedback, Goal, GoalLink, GoalStatus, Horizon, Item, Keyword, Level, Located,
    Reference, Size, Status, Timing,
};
use crate::source::{LineIndex, decode};

const ID_DOC: &str =
    "The id other files use to refer to this one (a slug); the file name without .md when absent";

/// The fields of a goal's front matter (`goals/*.md`).
pub const GOAL_FIELDS: &[Field] = &[
    Field::new("id", FieldKind::Id, ID_DOC),
    Field::new("title", FieldKind::Text, "The goal, in a sentence").required(),
    Field::new(
        "weight",
        FieldKind::Whole {
            min: 1,
            max: Some(5),
        },
        "How much the business cares, from 1 to 5 (default 3)",
    ),
    Field::new(
        "horizon",
        FieldKind::Keyword(<Horizon as Keyword>::words),
        "How soon the goal is due: 3m, 6m or 12m (default 12m); or set due: instead",
    )
    .excludes("due"),
    Field::new(
        "due",
        FieldKind::Date,
        "The date the goal is due (YYYY-MM-DD), instead of a horizon; mapped to the nearest horizon",
    ),
    Field::new("metric", FieldKind::Text, "How success is measured"),
    Field::new(
        "baseline",
        FieldKind::Number,
        "Where the metric stood at the start",
    ),
    Field::new("current", FieldKind::Number, "Where the metric stands now"),
    Field::new(
        "target",
        FieldKind::Number,
        "Where the metric should get to",
    ),
    Field::new(
        "status",
        FieldKind::Keyword(<GoalStatus as Keyword>::words),
        "active (default), achieved or dropped; only active goals score",
    ),
];

/// The fields of an item's front matter (`items/*.md`).
pub const ITEM_FIELDS: &[Field] = &[
    Field::new("id", FieldKind::Id, ID_DOC),
    Field::new("title", FieldKind::Text, "The item, in a sentence").required(),
    Field::new(
        "status",
        FieldKind::Keyword(<Status as Keyword>::words),
        "Where the item stands (default proposed); only proposed, ready and in-progress items are ranked",
    ),
    Field::new(
        "goals",
        FieldKind::GoalLinks(<Level as Keyword>::words),
        "The goals the item serves: a list of goal ids (impact medium), or a map of goal id to impact (low, medium, high, critical)",
    ),
    Field::new(
        "effort",
        FieldKind::Effort(<Size as Keyword>::words),
        "A T-shirt size (XS, S, M, L, XL; default M) or a number of person-weeks",
    ),
    Field::new(
        "confidence",
        FieldKind::Confidence,
        "How sure the estimates are: 0..1 or a percentage such as 80% (default 1)",
    ),
    Field::new(
        "depends_on",
        FieldKind::List,
        "Ids of the items that must be done first",
    ),
    Field::new("tags", FieldKind::List, "Free labels, for filtering"),
    Field::new("owner", FieldKind::Text, "Who drives the item"),
    // The frameworks' own scores (framework.rs).
    framework::ITEM_FIELDS[0],
    framework::ITEM_FIELDS[1],
    framework::ITEM_FIELDS[2],
    framework::ITEM_FIELDS[3],
    // Carried over from other tools (`rankdown import backlog-md`).
    Field::new(
        "aliases",
        FieldKind::List,
        "Other ids of the item, such as its id in another tool (task-12); links, depends_on and [[…]] resolve them, ignoring case",
    ),
    Field::new(
        "priority",
        FieldKind::Keyword(<Level as Keyword>::words),
        "A priority hint (low, medium, high, critical) that explain shows; it does not change the score",
    ),
];

/// The fields of a feedback note's front matter (`feedback/**/*.md`).
pub const FEEDBACK_FIELDS: &[Field] = &[
    Field::new("id", FieldKind::Id, ID_DOC),
    Field::new(
        "channel",
        FieldKind::Keyword(<Channel as Keyword>::words),
        "How the feedback reached the team (default other)",
    ),
    Field::new(
        "date",
        FieldKind::Date,
        "The day the feedback was given (YYYY-MM-DD); recent feedback weighs more",
    )
    .required(),
    Field::new(
        "from",
        FieldKind::Text,
        "The person; notes without one each count as a distinct person",
    ),
    Field::new(
        "org",
        FieldKind::Text,
        "The person's team, customer or segment",
    ),
    Field::new(
        "severity",
        FieldKind::Keyword(<Level as Keyword>::words),
        "How much it hurts (default medium)",
    ),
    Field::new(
        "items",
        FieldKind::List,
        "Ids of the items the whole note speaks of (passages link with [[id]] in the body)",
    ),
    Field::new(
        "ref",
        FieldKind::Text,
        "An external reference: a ticket, thread or URL",
    ),
    Field::new(
        "source",
        FieldKind::Text,
        "Which importer wrote the note (`rankdown import KIND`: tickets, mail, forum, transcript, chat); with `ref`, how a re-import recognises it",
    ),
];

/// What one backlog file holds, once parsed.
#[derive(Debug, Clone)]
pub enum Entity {
    Config(Box<Config>),
    /// The vision's first paragraph.
    Vision(String),
    Goal(Goal),
    Item(Item),
    Feedback(Feedback),
}

/// Whether a parse keeps the Markdown bodies of items and notes. Only the
/// suggestions (`suggest`, `themes`, `link`, `new --from-notes` and
/// PRIORITIES.md's triage inbox) read them, and on a large backlog they are
/// most of its memory, so the commands that show fields, scores and quotes
/// (`list`, `explain`, `diff`, `history`, `stale`) leave them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    Keep,
    Drop,
}

impl Bodies {
    /// The body as an item or note keeps it: copied, or left empty.
    fn keep(self, body: &str) -> String {
        match self {
            Bodies::Keep => body.to_owned(),
            Bodies::Drop => String::new(),
        }
    }
}

/// One file read: what it holds, and its decoded text (for code frames)
/// when it had problems: kept only then, so a load does not hold a second
/// copy of every file.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub text: Option<String>,
    pub entity: Option<Entity>,
}

/// The one way from a backlog file's bytes to an entity, for a full load and
/// the history alike: decode, look for merge-conflict markers, parse as
/// `kind`. `config` is the backlog's config (feedback links resolve against
/// its items folder); for `rankdown.yaml` itself it is not consulted. Every
/// problem becomes a diagnostic.
pub fn entity(
    kind: Kind,
    path: &str,
    bytes: &[u8],
    config: &Config,
    bodies: Bodies,
    diagnostics: &mut Vec<Diagnostic>,
) -> Read {
    let text = match decode(path, bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Read::default();
        }
    };
    let found_before = diagnostics.len();
    diagnostics.extend(conflict::markers(path, &text));
    let entity = match kind {
        Kind::Config => {
            let (config, found) = Config::parse(&text, path);
            diagnostics.extend(found);
            Some(Entity::Config(Box::new(config)))
        }
        Kind::Vision => {
            let body = match frontmatter::split(&text) {
                FrontMatter::Present(split) => split.body,
                _ => &text,
            };
            Some(Entity::Vision(
                body::scan(body, path, &config.folders.items).summary,
            ))
        }
        Kind::Goal => goal(path, &text, diagnostics).map(Entity::Goal),
        Kind::Item => item(path, &text, bodies, diagnostics).map(Entity::Item),
        Kind::Feedback => {
            feedback(path, &text, &config.folders.items, bodies, diagnostics).map(Entity::Feedback)
        }
    };
    Read {
        text: (diagnostics.len() > found_before).then(|| text.into_owned()),
        entity,
    }
}

/// The front matter of a file, parsed, and where its body starts.
fn front_matter<'t>(
    path: &str,
    text: &'t str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Node, Split<'t>)> {
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error("empty-file", path, Pos::START, "this file is empty")
                .with_help("start it with a front matter block: a `---` line, the fields, and another `---` line"),
        );
        return None;
    }
    match frontmatter::split(text) {
        FrontMatter::Present(split) => match yaml::parse(split.yaml, split.yaml_first_line, path) {
            Ok(node) => Some((node, split)),
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                None
            }
        },
        FrontMatter::Absent => {
            diagnostics.push(
                Diagnostic::error(
                    "no-front-matter",
                    path,
                    Pos::START.wide(3),
                    "this file has no front matter",
                )
                .with_help("start the file with a `---` line, the fields, and another `---` line"),
            );
            None
        }
        FrontMatter::Unterminated => {
            diagnostics.push(
                Diagnostic::error(
                    "unterminated-front-matter",
                    path,
                    Pos::START.wide(3),
                    "the front matter that starts here is never closed",
                )
                .with_help("add a line holding only `---` after the last field"),
            );
            None
        }
    }
}

/// The file stem (`items/ci-cache.md` → `ci-cache`), or the `id:` field.
fn entity_id(path: &str, fields: &mut Fields<'_>) -> Located<String> {
    if let Some(id) = fields.text("id") {
        if is_slug(&id.value) {
            return id;
        }
        fields.diagnostics.push(
            Diagnostic::error(
                "bad-id",
                path,
                id.pos,
                format!("'{}' is not a usable id", id.value),
            )
            .with_help("ids are slugs: letters, digits, '-', '_' and '.'"),
        );
    }
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(bad) = stem.chars().find(|&c| !fits_an_id(c)) {
        fields.diagnostics.push(
            Diagnostic::error(
                "bad-file-name",
                path,
                Pos::START,
                format!(
                    "this file's name cannot be an id: it holds {}",
                    match bad {
                        '|' => "a '|'".to_owned(),
                        '\n' | '\r' => "a line break".to_owned(),
                        other => format!("the character U+{:04X}", u32::from(other)),
                    }
                ),
            )
            .with_help("rename the file, or set `id:` in the front matter"),
        );
    }
    Located::new(stem, Pos::START)
}

/// `aliases:` of an item, each a usable id (a slug, as `id:` is).
fn aliases(path: &str, fields: &mut Fields<'_>) -> Vec<Located<String>> {
    let mut out = Vec::new();
    for alias in fields.list("aliases") {
        if is_slug(&alias.value) {
            out.push(alias);
        } else {
            fields.diagnostics.push(
                Diagnostic::error(
                    "bad-id",
                    path,
                    alias.pos,
                    format!("'{}' is not a usable alias", alias.value),
                )
                .with_help("aliases are ids: letters, digits, '-', '_' and '.'"),
            );
        }
    }
    out
}

/// Whether text can be an id: letters, digits, '-', '_' and '.'.
pub(crate) fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Whether a character may stand in an id taken from a file name: not a
/// `|` (it splits table rows), a control character (a line break included)
/// or an invisible bidi control, which would reach terminals and tables.
fn fits_an_id(c: char) -> bool {
    !(c == '|'
        || c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

fn required_title(fields: &mut Fields<'_>) -> String {
    fields.require(
        "title",
        "add a line such as `title: Cache dependencies between CI runs`",
    );
    fields.text("title").map(|t| t.value).unwrap_or_default()
}

pub fn goal(path: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Goal> {
    let (node, _) = front_matter(path, text, diagnostics)?;
    let mut fields = Fields::new(
        &node,
        path,
        &fields::names(GOAL_FIELDS),
        "a goal's front matter",
    );
    let id = entity_id(path, &mut fields);
    let title = required_title(&mut fields);
    let weight = fields.number("weight").map_or(3, |w| {
        if w.value.fract() == 0.0 && (1.0..=5.0).contains(&w.value) {
            w.value as u8
        } else {
            fields.error(
                w.pos,
                format!("weight must be a whole number from 1 to 5, not {}", w.value),
            );
            3
        }
    });
    let horizon = fields.keyword::<Horizon>("horizon");
    let due = fields.date("due");
    if let (Some(_), Some(pos)) = (horizon, fields.pos_of("due")) {
        fields.error(pos, "set either 'horizon' or 'due', not both");
    }
    let timing = due.map_or(
        Timing::Horizon(horizon.unwrap_or(Horizon::TwelveMonths)),
        |d| Timing::Due(d.value),
    );
    let goal = Goal {
        id,
        path: path.to_owned(),
        title,
        weight,
        timing,
        metric: fields.text("metric").map(|m| m.value),
        baseline: fields.number("baseline").map(|n| n.value),
        current: fields.number("current").map(|n| n.value),
        target: fields.number("target").map(|n| n.value),
        status: fields.keyword("status").unwrap_or(GoalStatus::Active),
    };
    finish(fields, diagnostics, goal)
}

pub fn item(
    path: &str,
    text: &str,
    bodies: Bodies,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let (node, split) = front_matter(path, text, diagnostics)?;
    let mut fields = Fields::new(
        &node,
        path,
        &fields::names(ITEM_FIELDS),
        "an item's front matter",
    );
    let id = entity_id(path, &mut fields);
    let title = required_title(&mut fields);
    let goals = goal_links(&mut fields);
    let effort = effort(&mut fields);
    let confidence = confidence(&mut fields);
    let framework = framework::inputs(&mut fields);
    let item = Item {
        id,
        path: path.to_owned(),
        title,
        status: fields.keyword("status").unwrap_or(Status::Proposed),
        goals,
        effort,
        confidence,
        depends_on: fields.list("depends_on"),
        tags: fields.list("tags").into_iter().map(|t| t.value).collect(),
        owner: fields.text("owner").map(|o| o.value),
        body: bodies.keep(split.body),
        framework,
        aliases: aliases(path, &mut fields),
        priority: fields.keyword("priority"),
    };
    finish(fields, diagnostics, item)
}

/// `goals: [a, b]` (impact medium) or `goals: {a: high}`.
fn goal_links(fields: &mut Fields<'_>) -> Vec<GoalLink> {
    let Some(node) = fields.get("goals") else {
        return Vec::new();
    };
    match &node.value {
        Value::Map(pairs) => {
            let mut links = Vec::new();
            for (key, value) in pairs {
                let Some(goal) = fields::scalar_text(key) else {
                    fields.error(key.pos, "goal ids must be names");
                    continue;
                };
                let impact = if value.value == Value::Null {
                    Some(Level::Medium)
                } else {
                    fields.keyword_of::<Level>("impact", value)
                };
                links.push(GoalLink {
                    goal: Located::new(goal, key.pos),
                    impact: impact.unwrap_or(Level::Medium),
                });
            }
            links
        }
        _ => fields
            .list("goals")
            .into_iter()
            .map(|goal| GoalLink {
                goal,
                impact: Level::Medium,
            })
            .collect(),
    }
}

/// A T-shirt size or a positive number of person-weeks; M when absent.
fn effort(fields: &mut Fields<'_>) -> Effort {
    let Some(node) = fields.get("effort") else {
        return Effort::Size(Size::M);
    };
    match fields::number_of(&node.value) {
        Some(weeks) if EFFORT_WEEKS.contains(weeks) => Effort::Weeks(weeks),
        Some(weeks) if weeks > 0.0 => {
            fields.error(
                node.pos,
                format!(
                    "effort must be from {} to {} person-weeks, not {weeks:e}",
                    EFFORT_WEEKS.min, EFFORT_WEEKS.max
                ),
            );
            Effort::Size(Size::M)
        }
        Some(weeks) => {
            fields.error(
                node.pos,
                format!("effort must be more than zero person-weeks, not {weeks}"),
            );
            Effort::Size(Size::M)
        }
        None => fields
            .keyword_of::<Size>("effort", node)
            .map_or(Effort::Size(Size::M), Effort::Size),
    }
}

/// 0..1, or a percentage from 0% to 100%; 1 when absent.
fn confidence(fields: &mut Fields<'_>) -> f64 {
    let Some(node) = fields.get("confidence") else {
        return 1.0;
    };
    let value = match &node.value {
        Value::Str(text) => text
            .trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f64>().ok())
            .map(|n| n / 100.0),
        other => fields::number_of(other),
    };
    match value {
        Some(c) if (0.0..=1.0).contains(&c) => c,
        _ => {
            fields.error(
                node.pos,
                "confidence must be a number from 0 to 1, or a percentage such as 80%",
            );
            1.0
        }
    }
}

pub fn feedback(
    path: &str,
    text: &str,
    items_folder: &str,
    bodies: Bodies,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Feedback> {
    let (node, split) = front_matter(path, text, diagnostics)?;
    let mut fields = Fields::new(
        &node,
        path,
        &fields::names(FEEDBACK_FIELDS),
        "a feedback note's front matter",
    );
    let id = entity_id(path, &mut fields);
    fields.require(
        "date",
        "add the day the feedback was given, e.g. `date: 2026-10-14`",
    );
    let body = body::scan(split.body, path, items_folder);
    // Lines are counted only as far as the last reference.
    let last = body.references.iter().map(|r| r.end).max().unwrap_or(0);
    let index = LineIndex::new(&text[..split.body_offset + last]);
    // References come in text order: each position is counted on from the last.
    let mut cursor = index.cursor(text);
    let references = body
        .references
        .into_iter()
        .map(|r| {
            let start = split.body_offset + r.start;
            let width = text[start..split.body_offset + r.end].chars().count();
            Reference {
                target: r.target,
                pos: cursor.pos(start).wide(width),
                quote: r.quote,
            }
        })
        .collect();
    let from = fields.text("from").map(|f| {
        if person::mixes_scripts(&f.value) {
            fields.diagnostics.push(
                Diagnostic::warning(
                    "mixed-script",
                    path,
                    f.pos,
                    format!(
                        "the name '{}' mixes letters of different scripts, so it can pass for another person",
                        f.value
                    ),
                )
                .with_help("write the name in one script, as the person's other notes do"),
            );
        }
        f.value
    });
    let parsed = Feedback {
        id,
        path: path.to_owned(),
        channel: fields.keyword("channel").unwrap_or(Channel::Other),
        date: fields.date("date"),
        from: from.clone(),
        person: from.as_deref().map(person::key),
        org: fields.text("org").map(|o| o.value),
        severity: fields.keyword("severity").unwrap_or(Level::Medium),
        items: fields.list("items"),
        reference: fields.text("ref").map(|r| r.value),
        source: fields.text("source").map(|s| s.value),
        references,
        summary: body.summary,
        body: bodies.keep(split.body),
    };
    finish(fields, diagnostics, parsed)
}

/// Hands over the field problems; the entity is kept even with problems, so
/// that links to it do not cascade into more errors.
#[allow(clippy::unnecessary_wraps)] // keeps every kind's parser ending the same way
fn finish<T>(fields: Fields<'_>, diagnostics: &mut Vec<Diagnostic>, entity: T) -> Option<T> {
    diagnostics.extend(fields.diagnostics);
    Some(entity)
}

#[cfg(test)]
mod tests {
    use super::{Bodies, feedback, goal, item};
    use crate::model::{Effort, Level, Size, Status, Timing};

    fn problems(
        f: impl FnOnce(&mut Vec<crate::diagnostic::Diagnostic>),
    ) -> Vec<(u32, u32, String)> {
        let mut diagnostics = Vec::new();
        f(&mut diagnostics);
        diagnostics
            .into_iter()
            .map(|d| (d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn reads_an_item_with_every_field() {
        let text = "---\ntitle: Cache deps\nstatus: ready\ngoals:\n  cut-ci: high\n  dev-joy:\neffort: 3\nconfidence: 80%\ndepends_on: [store]\ntags: [ci]\nowner: dana\n---\nBody\n";
        let mut diagnostics = Vec::new();
        let parsed = item("items/ci-cache.md", text, Bodies::Keep, &mut diagnostics).expect("item");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(parsed.id.value, "ci-cache");
        assert_eq!(parsed.status, Status::Ready);
        assert_eq!(parsed.goals[0].impact, Level::High);
        assert_eq!(parsed.goals[1].impact, Level::Medium);
        assert_eq!(parsed.effort, Effort::Weeks(3.0));
        assert!((parsed.confidence - 0.8).abs() < 1e-9);
        assert_eq!(parsed.depends_on[0].value, "store");
    }

    #[test]
    fn every_field_problem_of_a_file_is_reported() {
        let text = "---\nstatus: redy\ngaols: [a]\neffort: XXL\nconfidence: 1.5\n---\n";
        let found = problems(|d| {
            item("items/a.md", text, Bodies::Keep, d);
        });
        let lines: Vec<u32> = found.iter().map(|p| p.0).collect();
        assert_eq!(lines, vec![3, 2, 4, 5, 2], "{found:?}");
        assert!(
            found
                .iter()
                .any(|p| p.2.contains("missing required field 'title'"))
        );
    }

    #[test]
    fn goal_defaults_and_due_dates() {
        let mut diagnostics = Vec::new();
        let parsed = goal(
            "goals/g.md",
            "---\ntitle: G\ndue: 2027-03-31\n---\n",
            &mut diagnostics,
        )
        .expect("goal");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(parsed.weight, 3);
        assert!(matches!(parsed.timing, Timing::Due(_)));
        let found = problems(|d| {
            goal(
                "goals/g.md",
                "---\ntitle: G\nweight: 7\nhorizon: 3m\ndue: 2027-02-30\n---\n",
                d,
            );
        });
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (3, 9));
        assert_eq!(found[1].0, 5);
    }

    #[test]
    fn feedback_references_are_located_in_the_file() {
        let text = "---\ndate: 2026-10-01\nfrom: priya\n---\nIntro.\n\n> so slow [[ci-cache]]\n";
        let mut diagnostics = Vec::new();
        let note = feedback(
            "feedback/a.md",
            text,
            "items",
            Bodies::Keep,
            &mut diagnostics,
        )
        .expect("note");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let r = &note.references[0];
        assert_eq!((r.pos.line, r.pos.column, r.pos.width), (7, 11, 12));
        assert_eq!(&*r.quote, "so slow");
        assert_eq!(note.summary, "Intro.");
    }

    #[test]
    fn missing_front_matter_and_empty_files() {
        let found = problems(|d| {
            item("items/a.md", "", Bodies::Keep, d);
            item("items/b.md", "# Title\n", Bodies::Keep, d);
            item("items/c.md", "---\ntitle: x\n", Bodies::Keep, d);
        });
        assert_eq!(found.len(), 3);
        assert!(found[0].2.contains("empty"));
        assert!(found[1].2.contains("no front matter"));
        assert!(found[2].2.contains("never closed"));
        let _ = Size::M;
    }
}
