//! `rankdown init [DIR]`: a new backlog with a fully commented configuration
//! and one example of each kind, ranked, that passes `check` at once.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use super::new::{already_exists, create_new};
use super::{Cli, Outcome};
use crate::backlog::{self, VISION_FILE};
use crate::config::{CONFIG_FIELDS, CONFIG_FILE, Config, WEIGHT_FIELDS};
use crate::date::Date;
use crate::error::Error;
use crate::model::{Channel, Horizon, Keyword, Level, Size};
use crate::parse::fields::{Field, FieldKind};
use crate::rank;
use crate::render::priorities;
use crate::source::WorkTree;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the backlog in (created if missing) [default: --root, else the current directory]
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

const GOAL: &str = "first-week-success";
const ITEM: &str = "guided-setup";

/// Writes the files, then PRIORITIES.md; prints every created path.
pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let dir = args
        .dir
        .clone()
        .or_else(|| cli.root.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let prefix = super::dir_prefix(&dir);
    let today = Date::today();
    let config = Config::default();
    let files = files(&config, today);
    let output = config.output_path();
    // Nothing is written when any file would be overwritten.
    for path in files.iter().map(|(p, _)| p).chain([&output]) {
        if std::fs::symlink_metadata(dir.join(path)).is_ok() {
            return Err(already_exists(&format!("{prefix}{path}")));
        }
    }
    let mut created = Vec::new();
    for (path, text) in &files {
        let shown = format!("{prefix}{path}");
        if let Err(error) = create_new(&dir.join(path), &shown, text) {
            // Leave the folder as it was: remove what this run wrote.
            for path in &created {
                let _ = std::fs::remove_file(dir.join(path));
            }
            return Err(error);
        }
        created.push(path.clone());
    }
    let backlog = backlog::load(&WorkTree::new(&dir)?)?;
    if backlog.has_errors() {
        // The examples are checked by tests; this would be a bug.
        return Err(Error::InvalidContent);
    }
    let ranking = rank::rank(&backlog);
    let text = priorities::render(&backlog, &ranking);
    super::rank::write_if_changed(&dir.join(&output), &text)?;
    created.push(output);
    if !cli.quiet {
        for path in &created {
            writeln!(out, "{prefix}{path}")?;
        }
        let at = if prefix.is_empty() {
            String::new()
        } else {
            format!(" --root {}", prefix.trim_end_matches('/'))
        };
        writeln!(
            err,
            "created a backlog: replace the examples with your own (`rankdown{at} new item --title …`), then run `rankdown{at}`"
        )?;
    }
    Ok(Outcome::Clean)
}

/// Every file of a new backlog but PRIORITIES.md, as (root-relative path, text).
fn files(config: &Config, today: Date) -> Vec<(String, String)> {
    let folders = &config.folders;
    vec![
        (CONFIG_FILE.to_owned(), config_text(config, today)),
        (VISION_FILE.to_owned(), VISION.to_owned()),
        (format!("{}/{GOAL}.md", folders.goals), goal_text()),
        (format!("{}/{ITEM}.md", folders.items), item_text()),
        (
            format!("{}/{today}-sam-interview.md", folders.feedback),
            feedback_text(today),
        ),
    ]
}

const VISION: &str = "# Vision

Replace this paragraph with your product's vision: who you serve, the problem you solve for them, and what is true when you succeed. Its first paragraph heads PRIORITIES.md.

The goals in goals/ say what the business wants and by when; the items in items/ are the work; the notes in feedback/ are what users told you. rankdown ranks the open items by both.
";

fn goal_text() -> String {
    format!(
        "---
title: New users succeed in their first week
weight: 4            # 1..5: how much the business cares (default 3)
horizon: 6m          # {horizons}; or due: YYYY-MM-DD instead
metric: share of new sign-ups still active after seven days (%)
baseline: 35
current: 35
target: 60
status: active       # active | achieved | dropped; only active goals score
---

An example goal: replace it with one of yours. A goal says what the business
wants to achieve, by when, and how you will know. Items name the goals they
serve in their front matter.
",
        horizons = Horizon::words().join(" | "),
    )
}

fn item_text() -> String {
    format!(
        "---
title: Guide new users through setup
status: proposed     # {statuses}
goals:
  {GOAL}: high   # impact: {levels}
effort: S            # {sizes}, or a number of person-weeks
confidence: 80%      # 0..1 or a percentage (default 1)
tags: [onboarding]
---

An example item. Say what problem it solves and for whom, and what done looks
like. Feedback notes link their passages to it with `[[{ITEM}]]`.
",
        statuses = crate::model::Status::words().join(" | "),
        levels = Level::words().join(" | "),
        sizes = Size::words().join(" | "),
    )
}

fn feedback_text(today: Date) -> String {
    format!(
        "---
channel: interview   # {channels}
date: {today}
from: sam            # the person: one person counts once per item, however many notes
org: example-customer
severity: high       # {levels}
---

An example feedback note: a half-hour call with Sam, who signed up last week.

> \"I gave up at the third setup step: I could not tell what it wanted from me.\" [[{ITEM}]]

A `[[item-id]]` after a passage (a paragraph, list item or quote) makes that
passage evidence for the item.
",
        channels = Channel::words().join(" | "),
        levels = Level::words().join(" | "),
    )
}

/// rankdown.yaml with every key at its default value, each under its
/// documentation from the same table of fields the parser reads.
fn config_text(config: &Config, today: Date) -> String {
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
    let mut text = String::from(
        "# rankdown.yaml: this backlog's configuration. Every key is optional, and the\n\
         # values below are the defaults: keep what you change, delete the rest.\n\
         # `rankdown schema config` prints its JSON Schema, for editors.\n",
    );
    for field in CONFIG_FIELDS {
        let _ = writeln!(text, "\n{}", comment(field, ""));
        let value = match field.name {
            "model" => config.model.name().to_owned(),
            "as_of" => {
                let _ = writeln!(text, "# as_of: {today}");
                continue;
            }
            "output" => config.output.clone(),
            "max_file_bytes" => config.max_file_bytes.to_string(),
            "folders" => format!(
                "\n  goals: {}\n  items: {}\n  feedback: {}",
                folders.goals, folders.items, folders.feedback
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
    use super::{config_text, files};
    use crate::config::{CONFIG_FIELDS, Config};
    use crate::date::Date;
    use crate::parse::fields::FieldKind;
    use crate::parse::yaml::{self, Value};
    use crate::source::MemorySource;

    fn day() -> Date {
        Date::parse("2026-11-26").expect("date")
    }

    #[test]
    fn the_written_config_is_the_default_config() {
        let text = config_text(&Config::default(), day());
        let (config, diagnostics) = Config::parse(&text, "rankdown.yaml");
        assert!(diagnostics.is_empty(), "{diagnostics:?}\n{text}");
        assert_eq!(config, Config::default(), "{text}");
        assert!(text.contains("\n# as_of: 2026-11-26\n"), "{text}");
    }

    #[test]
    fn the_written_config_spells_out_every_key() {
        let text = config_text(&Config::default(), day());
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

    #[test]
    fn the_examples_link_up_without_problems() {
        let source = MemorySource::new(
            files(&Config::default(), day())
                .into_iter()
                .map(|(path, text)| (path, text.into_bytes())),
        );
        let backlog = crate::backlog::load(&source).expect("loads");
        assert!(backlog.diagnostics.is_empty(), "{:?}", backlog.diagnostics);
        assert_eq!(
            (
                backlog.goals.len(),
                backlog.items.len(),
                backlog.feedback.len()
            ),
            (1, 1, 1)
        );
        let ranking = crate::rank::rank(&backlog);
        assert_eq!(ranking.ranked.len(), 1);
        let text = crate::render::priorities::render(&backlog, &ranking);
        assert!(text.contains("Guide new users through setup"), "{text}");
        assert!(text.contains("I gave up at the third setup step"), "{text}");
    }
}
