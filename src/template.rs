//! The text of the files `rankdown init` and `rankdown new` create: one
//! template per kind, so the examples of a new backlog and a new file say
//! the same things. Allowed words come from the model and the configuration's
//! field tables, never copied by hand. Every template passes `check` as written.

use std::fmt::Write as _;

use crate::config::{CONFIG_FIELDS, Config, IMPORT_FIELDS, SUGGEST_FIELDS, WEIGHT_FIELDS};
use crate::date::Date;
use crate::model::{Channel, GoalStatus, Horizon, Keyword, Level, Size, Status};
use crate::parse::fields::{Field, FieldKind};

/// An item file. Fields left `None` or empty appear as comments to uncomment.
#[derive(Debug, Clone, Copy)]
pub struct ItemDraft<'a> {
    pub title: &'a str,
    /// A goal it serves, with its impact.
    pub goal: Option<(&'a str, Level)>,
    pub effort: Size,
    /// As written: `0.8` or `80%`.
    pub confidence: Option<&'a str>,
    pub tags: &'a [&'a str],
    pub body: &'a str,
}

/// A goal file.
#[derive(Debug, Clone, Copy)]
pub struct GoalDraft<'a> {
    pub title: &'a str,
    pub weight: u8,
    pub horizon: Horizon,
    /// The metric and its baseline, current and target values.
    pub metric: Option<(&'a str, f64, f64, f64)>,
    pub body: &'a str,
}

/// A feedback note.
#[derive(Debug, Clone, Copy)]
pub struct FeedbackDraft<'a> {
    pub channel: Channel,
    pub date: Date,
    pub from: Option<&'a str>,
    pub org: Option<&'a str>,
    pub severity: Level,
    /// A `# heading` above the body.
    pub heading: Option<&'a str>,
    pub body: &'a str,
}

/// The body of a new item, goal or note: what to write there.
pub const ITEM_BODY: &str =
    "What problem does this solve, and for whom? What does done look like?\n";
pub const GOAL_BODY: &str =
    "Why this matters to the business, and how you will know it is achieved.\n";
pub const FEEDBACK_BODY: &str =
    "What did they say? Quote them, and put `[[item-id]]` (without the backticks)
after each passage that speaks of an item: that passage becomes evidence for it.
";

/// `vision.md` of a new backlog.
pub const VISION: &str = "# Vision

Replace this paragraph with your product's vision: who you serve, the problem you solve for them, and what is true when you succeed. Its first paragraph heads PRIORITIES.md.

The goals in goals/ say what the business wants and by when; the items in items/ are the work; the notes in feedback/ are what users told you. rankdown ranks the open items by both.
";

/// `field: value   # comment`, the comments aligned; a `None` value writes
/// the line commented out with `example` as its value.
fn line(out: &mut String, field: &str, value: Option<&str>, example: &str, comment: &str) {
    let text = match value {
        Some(value) => format!("{field}: {value}"),
        None => format!("# {field}: {example}"),
    };
    let _ = writeln!(out, "{text:<20} # {comment}");
}

fn choices(words: &[&str]) -> String {
    words.join(" | ")
}

pub fn item(draft: &ItemDraft) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml_text(draft.title));
    line(
        &mut out,
        "status",
        Some(Status::Proposed.name()),
        "",
        &choices(&Status::words()),
    );
    let goals = draft
        .goal
        .map(|(goal, impact)| format!("{{{goal}: {}}}", impact.name()));
    line(
        &mut out,
        "goals",
        goals.as_deref(),
        "{goal-id: medium}",
        &format!("the goals it serves; impact: {}", choices(&Level::words())),
    );
    line(
        &mut out,
        "effort",
        Some(draft.effort.name()),
        "",
        &format!("{}, or a number of person-weeks", choices(&Size::words())),
    );
    line(
        &mut out,
        "confidence",
        draft.confidence,
        "80%",
        "how sure the estimates are: 0..1 or a percentage (default 1)",
    );
    line(
        &mut out,
        "depends_on",
        None,
        "[other-item]",
        "items that must be done first",
    );
    let tags = (!draft.tags.is_empty()).then(|| format!("[{}]", draft.tags.join(", ")));
    line(
        &mut out,
        "tags",
        tags.as_deref(),
        "[]",
        "free words to filter by",
    );
    line(&mut out, "owner", None, "someone", "who drives it");
    let _ = write!(out, "---\n\n{}", draft.body);
    out
}

pub fn goal(draft: &GoalDraft) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml_text(draft.title));
    line(
        &mut out,
        "weight",
        Some(&draft.weight.to_string()),
        "",
        "1..5: how much the business cares (default 3)",
    );
    line(
        &mut out,
        "horizon",
        Some(draft.horizon.name()),
        "",
        &format!("{}; or due: YYYY-MM-DD instead", choices(&Horizon::words())),
    );
    let metric = draft.metric;
    line(
        &mut out,
        "metric",
        metric.map(|m| yaml_text(m.0)).as_deref(),
        "how success is measured",
        "what you measure",
    );
    for (field, value) in [
        ("baseline", metric.map(|m| m.1)),
        ("current", metric.map(|m| m.2)),
        ("target", metric.map(|m| m.3)),
    ] {
        let value = value.map(|v| v.to_string());
        line(
            &mut out,
            field,
            value.as_deref(),
            "0",
            &format!("the metric's {field} value"),
        );
    }
    line(
        &mut out,
        "status",
        Some(GoalStatus::Active.name()),
        "",
        &format!("{}; only active goals score", choices(&GoalStatus::words())),
    );
    let _ = write!(out, "---\n\n{}", draft.body);
    out
}

pub fn feedback(draft: &FeedbackDraft) -> String {
    let mut out = String::from("---\n");
    line(
        &mut out,
        "channel",
        Some(draft.channel.name()),
        "",
        &choices(&Channel::words()),
    );
    let _ = writeln!(out, "date: {}", draft.date);
    line(
        &mut out,
        "from",
        draft.from.map(yaml_text).as_deref(),
        "who said it",
        "the person, counted once per item however many notes; a note without one counts as its own person",
    );
    line(
        &mut out,
        "org",
        draft.org.map(yaml_text).as_deref(),
        "their team",
        "their team, customer or segment",
    );
    line(
        &mut out,
        "severity",
        Some(draft.severity.name()),
        "",
        &choices(&Level::words()),
    );
    line(
        &mut out,
        "items",
        None,
        "[item-id]",
        "items the whole note speaks of",
    );
    line(&mut out, "ref", None, "SUP-1234", "ticket, thread or URL");
    out.push_str("---\n\n");
    if let Some(heading) = draft.heading {
        let heading: String = heading.chars().filter(|c| !c.is_control()).collect();
        let _ = write!(out, "# {heading}\n\n");
    }
    out.push_str(draft.body);
    out
}

/// Text as a YAML scalar: plain when that reads back as the same text,
/// double-quoted (JSON escapes, which YAML shares) otherwise.
pub fn yaml_text(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -_.,()/'&+!?".contains(c))
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text
    } else {
        serde_json::Value::String(text).to_string()
    }
}

/// Text as a YAML scalar that reads back as exactly the same text, in a
/// flow list too: [`yaml_text`]'s plain form when it is the text itself,
/// else double-quoted with JSON escapes (control characters as `\u001b`,
/// so they reach no terminal raw).
fn yaml_exact(text: &str) -> String {
    let plain = yaml_text(text);
    if plain == text && !text.contains(',') {
        plain
    } else {
        serde_json::Value::String(text.to_owned()).to_string()
    }
}

/// rankdown.yaml with every key at its default value, each under its
/// documentation from the same table of fields the parser reads.
pub fn config(config: &Config, today: Date) -> String {
    let header = "# rankdown.yaml: this backlog's configuration. Every key is optional, and the\n\
         # values below are the defaults: keep what you change, delete the rest.\n\
         # `rankdown schema config` prints its JSON Schema, for editors.\n";
    config_text(config, header, &format!("# as_of: {today}"))
}

/// The effective configuration (`rankdown config`): every key with the
/// value in force, defaults filled in, as YAML that reads back as the same
/// configuration when pasted into rankdown.yaml.
pub fn effective_config(config: &Config) -> String {
    let header = "# The effective configuration: every key of rankdown.yaml with the value in\n\
         # force, defaults filled in. Pasted into rankdown.yaml, it ranks the same.\n";
    let as_of = config.as_of.map_or_else(
        || {
            "# as_of is not set: ages count from the first day of the month of the newest note"
                .to_owned()
        },
        |date| format!("as_of: {date}"),
    );
    config_text(config, header, &as_of)
}

/// rankdown.yaml from a configuration: `header`, then every key under its
/// documentation; `as_of` is the line for the as-of date.
fn config_text(config: &Config, header: &str, as_of: &str) -> String {
    let weights = &config.weights;
    let folders = &config.folders;
    let table = |words: Vec<&str>, values: &[f64]| {
        let pairs: Vec<String> = words
            .iter()
            .zip(values)
            .map(|(word, value)| format!("{word}: {value}"))
            .collect();
        format!("{{{}}}", pairs.join(", "))
    };
    let mut text = String::from(header);
    for field in CONFIG_FIELDS {
        let _ = writeln!(text, "\n{}", comment(field, ""));
        let value = match field.name {
            "model" => config.model.name().to_owned(),
            "as_of" => {
                let _ = writeln!(text, "{as_of}");
                continue;
            }
            "output" => yaml_exact(&config.output),
            "max_file_bytes" => config.max_file_bytes.to_string(),
            "folders" => format!(
                "\n  goals: {}\n  items: {}\n  feedback: {}",
                yaml_exact(&folders.goals),
                yaml_exact(&folders.items),
                yaml_exact(&folders.feedback)
            ),
            "weights" => {
                let mut block = String::new();
                for weight in WEIGHT_FIELDS {
                    let value = match weight.name {
                        "impact" => table(Level::words(), &weights.impact),
                        "severity" => table(Level::words(), &weights.severity),
                        "channel" => table(Channel::words(), &weights.channel),
                        "effort" => table(Size::words(), &weights.effort),
                        "urgency" => table(Horizon::words(), &weights.urgency),
                        "half_life_days" => weights.half_life_days.to_string(),
                        "users_factor" => weights.users_factor.to_string(),
                        "dependency_inheritance" => weights.dependency_inheritance.to_string(),
                        other => unreachable!("weight '{other}' has no default here"),
                    };
                    let _ = write!(
                        block,
                        "\n{}\n  {}: {value}",
                        comment(weight, "  "),
                        weight.name
                    );
                }
                block
            }
            "import" => {
                let domains: Vec<String> = config
                    .import
                    .team_domains
                    .iter()
                    .map(|d| yaml_exact(d))
                    .collect();
                format!(
                    "\n{}\n  team_domains: [{}]",
                    comment(&IMPORT_FIELDS[0], "  "),
                    domains.join(", ")
                )
            }
            "suggest" => format!(
                "\n{}\n  language: {}\n{}\n  min_score: {}",
                comment(&SUGGEST_FIELDS[0], "  "),
                config.suggest.language,
                comment(&SUGGEST_FIELDS[1], "  "),
                config.suggest.min_score
            ),
            other => unreachable!("key '{other}' has no default here"),
        };
        let separator = if value.starts_with('\n') { "" } else { " " };
        let _ = writeln!(text, "{}:{separator}{value}", field.name);
    }
    text
}

fn comment(field: &Field, indent: &str) -> String {
    match field.kind {
        FieldKind::Keyword(words) => {
            format!("{indent}# {}: {}", field.doc, words().join(" | "))
        }
        _ => format!("{indent}# {}", field.doc),
    }
}

#[cfg(test)]
mod tests {
    use super::{FeedbackDraft, GoalDraft, ItemDraft, config, feedback, goal, item, yaml_text};
    use crate::config::{CONFIG_FIELDS, Config};
    use crate::date::Date;
    use crate::model::{Channel, Horizon, Level, Size};
    use crate::parse;
    use crate::parse::fields::FieldKind;
    use crate::parse::yaml::{self, Value};

    fn day() -> Date {
        Date::parse("2026-11-26").expect("date")
    }

    #[test]
    fn odd_titles_stay_the_same_text_in_yaml() {
        for title in [
            "Plain title, with (parens)",
            "Fix: the thing",
            "a #hash and \"quotes\"",
            "2027",
            "true",
            "- dash first",
            "[brackets]",
            "Priya's {braces}",
        ] {
            let text = format!("---\ntitle: {}\n---\n", yaml_text(title));
            let mut diagnostics = Vec::new();
            let item = parse::item(
                "items/x.md",
                &text,
                crate::parse::Bodies::Keep,
                &mut diagnostics,
            )
            .expect("item");
            assert!(diagnostics.is_empty(), "{title}: {diagnostics:?}");
            assert_eq!(item.title, title, "{text}");
        }
        assert_eq!(yaml_text("Plain title"), "Plain title");
        assert_eq!(yaml_text("Fix: it"), "\"Fix: it\"");
    }

    #[test]
    fn templates_parse_without_problems_filled_in_or_not() {
        let mut diagnostics = Vec::new();
        for draft in [
            ItemDraft {
                title: "Fix: it",
                goal: None,
                effort: Size::M,
                confidence: None,
                tags: &[],
                body: "",
            },
            ItemDraft {
                title: "Fix: it",
                goal: Some(("g", Level::High)),
                effort: Size::S,
                confidence: Some("80%"),
                tags: &["a", "b"],
                body: "Body.\n",
            },
        ] {
            let parsed = parse::item(
                "items/x.md",
                &item(&draft),
                crate::parse::Bodies::Keep,
                &mut diagnostics,
            )
            .expect("item");
            assert_eq!(parsed.title, "Fix: it");
            assert_eq!(parsed.tags.len(), draft.tags.len());
        }
        for metric in [None, Some(("share (%)", 35.0, 40.5, 60.0))] {
            let draft = GoalDraft {
                title: "Grow",
                weight: 4,
                horizon: Horizon::SixMonths,
                metric,
                body: "",
            };
            let parsed = parse::goal("goals/x.md", &goal(&draft), &mut diagnostics).expect("goal");
            assert_eq!(parsed.weight, 4);
        }
        for (from, heading) in [(Some("priya"), Some("Slow CI")), (None, None)] {
            let draft = FeedbackDraft {
                channel: Channel::Interview,
                date: day(),
                from,
                org: None,
                severity: Level::Medium,
                heading,
                body: super::FEEDBACK_BODY,
            };
            let note = parse::feedback(
                "feedback/x.md",
                &feedback(&draft),
                "items",
                crate::parse::Bodies::Keep,
                &mut diagnostics,
            )
            .expect("note");
            assert_eq!(note.date.map(|d| d.value), Some(day()));
            assert_eq!(note.from.as_deref(), from);
            assert!(note.references.is_empty(), "{:?}", note.references);
        }
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn the_written_config_is_the_default_config() {
        let text = config(&Config::default(), day());
        let (parsed, diagnostics) = Config::parse(&text, "rankdown.yaml");
        assert!(diagnostics.is_empty(), "{diagnostics:?}\n{text}");
        assert_eq!(parsed, Config::default(), "{text}");
        assert!(text.contains("\n# as_of: 2026-11-26\n"), "{text}");
    }

    #[test]
    fn the_effective_config_reads_back_as_itself() {
        let text = "model: wsjf\nas_of: 2026-02-03\noutput: \"out/true\"\n\
                    folders: {items: \"backlog items\"}\n\
                    weights: {users_factor: 0.1, half_life_days: 33.3, channel: {chat: 0.07}}\n\
                    import: {team_domains: [a.example, \"1.example\"]}\n\
                    suggest: {language: german, min_score: 2.5}\n";
        let (config, diagnostics) = Config::parse(text, "rankdown.yaml");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_ne!(config, Config::default());
        for config in [config, Config::default()] {
            let printed = super::effective_config(&config);
            let (again, diagnostics) = Config::parse(&printed, "rankdown.yaml");
            assert!(diagnostics.is_empty(), "{diagnostics:?}\n{printed}");
            assert_eq!(again, config, "{printed}");
        }
    }

    #[test]
    fn the_written_config_spells_out_every_key() {
        let text = config(&Config::default(), day());
        let node = yaml::parse(&text, 1, "rankdown.yaml").expect("YAML");
        let json = node.to_json();
        for field in CONFIG_FIELDS {
            if field.name == "as_of" {
                continue;
            }
            let value = &json[field.name];
            assert!(!value.is_null(), "{} missing:\n{text}", field.name);
            if let FieldKind::Map(inner) = field.kind {
                for sub in inner {
                    let value = &json[field.name][sub.name];
                    assert!(!value.is_null(), "{}.{} missing", field.name, sub.name);
                    if let FieldKind::WeightTable { words, .. } = sub.kind {
                        for word in words() {
                            assert!(value[word].is_number(), "{}.{word}", sub.name);
                        }
                    }
                }
            }
        }
        let Value::Map(pairs) = node.value else {
            panic!("a mapping")
        };
        assert_eq!(pairs.len(), CONFIG_FIELDS.len() - 1);
    }
}
