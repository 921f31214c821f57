//! `rankdown new item|goal|feedback`: a file from a template, named by the
//! slug of its title, that passes `check` as written. Authoring is the one
//! place the clock enters: a feedback note is dated today (UTC).

use std::io::{self, Write};
use std::path::Path;

use clap::builder::PossibleValuesParser;

use super::{Cli, Context, Outcome};
use crate::date::Date;
use crate::error::Error;
use crate::model::{Channel, GoalStatus, Horizon, Keyword, Level, Size, Status};

#[derive(Debug, clap::Args)]
#[command(subcommand_value_name = "KIND", subcommand_help_heading = "Kinds")]
pub struct Args {
    #[command(subcommand)]
    pub kind: Kind,
}

#[derive(Debug, clap::Subcommand)]
pub enum Kind {
    /// An item: <items folder>/<slug of the title>.md
    Item(Titled),
    /// A goal: <goals folder>/<slug of the title>.md
    Goal(Titled),
    /// A feedback note dated today: <feedback folder>/<today>-<slug>.md
    Feedback(FeedbackArgs),
}

#[derive(Debug, clap::Args)]
pub struct Titled {
    /// The title; its slug (lowercase letters, digits and '-') is the file name and id
    #[arg(long, value_parser = title)]
    pub title: String,
}

#[derive(Debug, clap::Args)]
pub struct FeedbackArgs {
    /// A short title for the file name [default: the person and the channel]
    #[arg(long, value_parser = title)]
    pub title: Option<String>,
    /// How the feedback reached you
    #[arg(long, default_value = "other", value_parser = PossibleValuesParser::new(<Channel as Keyword>::words()))]
    pub channel: String,
    /// The person who gave it (the `from:` field)
    #[arg(long, value_name = "PERSON")]
    pub from: Option<String>,
}

/// Creates the file and prints its path (relative to the current directory).
pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ctx = Context::load(cli)?;
    let folders = &ctx.backlog.config.folders;
    let (path, text, taken) = match &args.kind {
        Kind::Item(titled) => {
            let id = slug(&titled.title);
            let taken = ctx
                .backlog
                .item(&id)
                .map(|i| ctx.backlog.items[i].path.clone());
            (
                format!("{}/{id}.md", folders.items),
                item_template(&titled.title),
                taken,
            )
        }
        Kind::Goal(titled) => {
            let id = slug(&titled.title);
            let taken = ctx
                .backlog
                .goal(&id)
                .map(|g| ctx.backlog.goals[g].path.clone());
            (
                format!("{}/{id}.md", folders.goals),
                goal_template(&titled.title),
                taken,
            )
        }
        Kind::Feedback(feedback) => {
            let today = Date::today();
            let from = feedback
                .from
                .as_deref()
                .map(str::trim)
                .filter(|f| !f.is_empty());
            let name = feedback
                .title
                .clone()
                .unwrap_or_else(|| format!("{} {}", from.unwrap_or_default(), feedback.channel));
            let id = format!("{today}-{}", slug(&name));
            let taken = ctx
                .backlog
                .feedback
                .iter()
                .find(|f| f.id.value == id)
                .map(|f| f.path.clone());
            let text = feedback_template(today, &feedback.channel, from, feedback.title.as_deref());
            (format!("{}/{id}.md", folders.feedback), text, taken)
        }
    };
    if taken.as_deref() == Some(path.as_str()) {
        return Err(already_exists(&ctx.shown(&path)));
    }
    if let Some(other) = taken {
        return Err(Error::io(
            ctx.shown(&path),
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "the id is already used by {}; nothing was written",
                    ctx.shown(&other)
                ),
            ),
        ));
    }
    create_new(&ctx.root.join(&path), &ctx.shown(&path), &text)?;
    writeln!(out, "{}", ctx.shown(&path))?;
    Ok(Outcome::Clean)
}

/// Writes a file that must not exist yet, creating its folder. `shown` names
/// it in errors.
pub(super) fn create_new(path: &Path, shown: &str, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                already_exists(shown)
            } else {
                Error::io(shown, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(shown, e))?;
    Ok(())
}

/// The error for a file rankdown would have to overwrite (exit 2).
pub(super) fn already_exists(shown: &str) -> Error {
    Error::io(
        shown,
        io::Error::new(
            io::ErrorKind::AlreadyExists,
            "already exists; rankdown never overwrites a file, so nothing was written",
        ),
    )
}

/// Checks that a title makes a usable file name.
fn title(text: &str) -> Result<String, String> {
    if slug(text).is_empty() {
        Err("the title needs a letter or digit (a-z, 0-9) to make a file name".to_owned())
    } else {
        Ok(text.trim().to_owned())
    }
}

/// `Cache deps: São Paulo!` → `cache-deps-sao-paulo`: lowercase ASCII letters
/// and digits, runs of anything else one '-', none at either end. Common
/// accented Latin letters lose their accents; other letters are dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let ascii = if c.is_ascii_alphanumeric() {
            Some(c.to_string())
        } else {
            transliterate(c).map(str::to_owned)
        };
        match ascii {
            Some(part) => {
                if gap && !out.is_empty() {
                    out.push('-');
                }
                gap = false;
                out.push_str(&part);
            }
            None => gap = true,
        }
    }
    out
}

fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Text as a YAML scalar: plain when that reads back as the same text,
/// double-quoted (JSON escapes, which YAML shares) otherwise.
pub(super) fn yaml_text(text: &str) -> String {
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

fn choices(words: &[&str]) -> String {
    words.join(" | ")
}

fn item_template(title: &str) -> String {
    format!(
        "---
title: {title}
status: proposed     # {status}
# goals: {{goal-id: medium}}   # the goals it serves; impact: {impact}
effort: M            # {size}, or a number of person-weeks
# confidence: 80%    # how sure the estimates are: 0..1 or a percentage (default 1)
# depends_on: [other-item]
# tags: []
# owner: who drives it
---

What problem does this solve, and for whom? What does done look like?
",
        title = yaml_text(title),
        status = choices(&Status::words()),
        impact = choices(&Level::words()),
        size = choices(&Size::words()),
    )
}

fn goal_template(title: &str) -> String {
    format!(
        "---
title: {title}
weight: 3            # 1..5: how much the business cares
horizon: 12m         # {horizon}; or due: YYYY-MM-DD instead
# metric: how success is measured
# baseline: 0
# current: 0
# target: 0
status: active       # {status}; only active goals score
---

Why this matters to the business, and how you will know it is achieved.
",
        title = yaml_text(title),
        horizon = choices(&Horizon::words()),
        status = choices(&GoalStatus::words()),
    )
}

fn feedback_template(
    today: Date,
    channel: &str,
    from: Option<&str>,
    title: Option<&str>,
) -> String {
    let from = from.map_or_else(
        || "# from: who said it  (notes without one each count as a distinct person)".to_owned(),
        |person| format!("from: {}", yaml_text(person)),
    );
    let heading = title.map(|t| format!("# {t}\n\n")).unwrap_or_default();
    format!(
        "---
{channel:<20} # {channels}
date: {today}
{from}
# org: their team, customer or segment
severity: medium     # {severity}
# items: [item-id]   # items the whole note speaks of
# ref: SUP-1234      # ticket, thread or URL
---

{heading}What did they say? Quote them, and put `[[item-id]]` (without the backticks)
after each passage that speaks of an item: that passage becomes evidence for it.
",
        channel = format!("channel: {channel}"),
        channels = choices(&Channel::words()),
        severity = choices(&Level::words()),
    )
}

#[cfg(test)]
mod tests {
    use super::{feedback_template, goal_template, item_template, slug, yaml_text};
    use crate::date::Date;
    use crate::parse;

    #[test]
    fn slugs_are_lowercase_ascii_words_joined_by_dashes() {
        for (title, expected) in [
            (
                "Cache dependencies between CI runs",
                "cache-dependencies-between-ci-runs",
            ),
            ("  Fix: the  --flaky-- test!  ", "fix-the-flaky-test"),
            ("São Paulo Ærø straße", "sao-paulo-aero-strasse"),
            ("Ünïcödé ÉLAN", "unicode-elan"),
            ("東京 office 2", "office-2"),
            ("v1.2_beta", "v1-2-beta"),
            ("日本", ""),
            ("---", ""),
        ] {
            assert_eq!(slug(title), expected, "{title}");
        }
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
            let item = parse::item("items/x.md", &text, &mut diagnostics).expect("item");
            assert!(diagnostics.is_empty(), "{title}: {diagnostics:?}");
            assert_eq!(item.title, title, "{text}");
        }
        assert_eq!(yaml_text("Plain title"), "Plain title");
        assert_eq!(yaml_text("Fix: it"), "\"Fix: it\"");
    }

    #[test]
    fn templates_parse_without_problems() {
        let mut diagnostics = Vec::new();
        let item =
            parse::item("items/x.md", &item_template("Fix: it"), &mut diagnostics).expect("item");
        assert_eq!(item.title, "Fix: it");
        let goal =
            parse::goal("goals/x.md", &goal_template("Grow"), &mut diagnostics).expect("goal");
        assert_eq!(goal.weight, 3);
        let day = Date::parse("2026-11-26").expect("date");
        for (from, title) in [(Some("priya"), Some("Slow CI")), (None, None)] {
            let note = parse::feedback(
                "feedback/x.md",
                &feedback_template(day, "interview", from, title),
                "items",
                &mut diagnostics,
            )
            .expect("note");
            assert_eq!(note.date.map(|d| d.value), Some(day));
            assert_eq!(note.from.as_deref(), from);
            assert!(note.references.is_empty(), "{:?}", note.references);
        }
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }
}
