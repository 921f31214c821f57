//! `rankdown new item|goal|feedback`: a file from a template, named by the
//! slug of its title, that passes `check` as written. Authoring is the one
//! place the clock enters: a feedback note is dated today (UTC).

use std::fmt::Write as _;
use std::io::Write;

use clap::builder::PossibleValuesParser;

use super::{Cli, Context, Outcome};
use crate::date::Date;
use crate::error::Error;
use crate::files;
use crate::model::{Channel, Horizon, Keyword, Level, Size};
use crate::parse::Bodies;
use crate::template::{self, FeedbackDraft, GoalDraft, ItemDraft};

#[derive(Debug, clap::Args)]
#[command(subcommand_value_name = "KIND", subcommand_help_heading = "Kinds")]
pub struct Args {
    #[command(subcommand)]
    pub kind: Kind,
}

#[derive(Debug, clap::Subcommand)]
pub enum Kind {
    /// An item: <items folder>/<slug of the title>.md
    Item(ItemArgs),
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
pub struct ItemArgs {
    /// The title; its slug (lowercase letters, digits and '-') is the file name and id
    #[arg(long, value_parser = title, required_unless_present = "from_notes")]
    pub title: Option<String>,
    /// Draft the item from these feedback notes (paths or ids): the words they
    /// share, their nearest goal, and each note linked to the new item
    #[arg(long, num_args = 1.., value_name = "NOTE")]
    pub from_notes: Vec<String>,
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
    // Only a theme of notes (`--from-notes`) reads their bodies.
    let bodies = match &args.kind {
        Kind::Item(item) if !item.from_notes.is_empty() => Bodies::Keep,
        _ => Bodies::Drop,
    };
    let ctx = Context::load(cli, bodies)?;
    let folders = &ctx.backlog.config.folders;
    let backlog = &ctx.backlog;
    let path = match &args.kind {
        Kind::Item(item) if !item.from_notes.is_empty() => {
            return from_notes(&ctx, item, out);
        }
        Kind::Item(item) => {
            let title = item.title.as_deref().unwrap_or_default();
            let id = slug(title);
            let taken = backlog.item(&id).map(|i| backlog.items[i].path.clone());
            let text = template::item(&ItemDraft {
                title,
                goal: None,
                effort: Size::M,
                confidence: None,
                tags: &[],
                body: template::ITEM_BODY,
            });
            create(&ctx, &folders.items, &id, taken, &text)?
        }
        Kind::Goal(titled) => {
            let id = slug(&titled.title);
            let taken = backlog.goal(&id).map(|g| backlog.goals[g].path.clone());
            let text = template::goal(&GoalDraft {
                title: &titled.title,
                weight: 3,
                horizon: Horizon::TwelveMonths,
                metric: None,
                body: template::GOAL_BODY,
            });
            create(&ctx, &folders.goals, &id, taken, &text)?
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
            let text = template::feedback(&FeedbackDraft {
                channel: Channel::from_word(&feedback.channel).unwrap_or(Channel::Other),
                date: today,
                from,
                org: None,
                severity: Level::Medium,
                heading: feedback.title.as_deref(),
                body: template::FEEDBACK_BODY,
            });
            create_note(&ctx, &format!("{today}-{}", slug(&name)), &text)?
        }
    };
    writeln!(out, "{}", ctx.shown(&path))?;
    Ok(Outcome::Clean)
}

/// `new item --from-notes`: an item drafted from the notes' theme (the
/// words they share as a draft title, unless `--title` names it; their
/// nearest active goal at medium impact), then each note linked to it as
/// `rankdown link` would. Prints the item's path, then each link.
fn from_notes(ctx: &Context, args: &ItemArgs, out: &mut dyn Write) -> Result<Outcome, Error> {
    let backlog = &ctx.backlog;
    let notes = args
        .from_notes
        .iter()
        .map(|arg| super::suggest::find_note(ctx, arg))
        .collect::<Result<Vec<_>, _>>()?;
    let theme = crate::themes::describe(backlog, &notes);
    let words: Vec<&str> = theme.terms.iter().take(3).map(String::as_str).collect();
    let title = args.title.clone().unwrap_or_else(|| {
        if words.is_empty() {
            "Draft from feedback".to_owned()
        } else {
            format!("Draft: {}", words.join(", "))
        }
    });
    let id = slug(&title);
    let goal = theme.goal.map(|g| backlog.goals[g].id.value.as_str());
    let mut body = String::from(template::ITEM_BODY);
    body.push_str(
        "
Drafted from these notes (each now links here):

",
    );
    for &n in &theme.notes {
        let note = &backlog.feedback[n];
        let summary = crate::parse::body::truncate(&note.summary, 120).replace(['\r', '\n'], " ");
        let _ = writeln!(body, "- {}: {summary}", note.path);
    }
    let text = template::item(&ItemDraft {
        title: &title,
        goal: goal.map(|g| (g, Level::Medium)),
        effort: Size::M,
        confidence: None,
        tags: &[],
        body: &body,
    });
    let taken = backlog.item(&id).map(|i| backlog.items[i].path.clone());
    let path = create(ctx, &backlog.config.folders.items, &id, taken, &text)?;
    writeln!(out, "{}", ctx.shown(&path))?;
    for &n in &theme.notes {
        let note = &backlog.feedback[n];
        super::link::add_links(ctx, note, &[id.as_str()])?;
        writeln!(out, "linked {} to {id}", ctx.shown(&note.path))?;
    }
    Ok(Outcome::Clean)
}

/// Creates `<folder>/<id>.md`, refusing an existing file or an id that
/// `taken_by` (another file) already has. Returns the root-relative path.
fn create(
    ctx: &Context,
    folder: &str,
    id: &str,
    taken_by: Option<String>,
    text: &str,
) -> Result<String, Error> {
    let path = format!("{folder}/{id}.md");
    match taken_by {
        Some(other) if other == path => Err(Error::AlreadyExists {
            path: ctx.shown(&path),
        }),
        Some(other) => Err(Error::IdTaken {
            path: ctx.shown(&path),
            id: id.to_owned(),
            other: ctx.shown(&other),
        }),
        None => {
            files::create_new(&ctx.root.join(&path), &ctx.shown(&path), text)?;
            Ok(path)
        }
    }
}

/// How many numbered names a note tries after its plain one.
const NOTE_SUFFIXES: usize = 999;

/// Creates a note named `<stem>.md`, else the first free of `<stem>-2.md`,
/// `<stem>-3.md`…: two notes from the same person and channel on one day are
/// ordinary. A name is free when no file has it and no note has its id.
fn create_note(ctx: &Context, stem: &str, text: &str) -> Result<String, Error> {
    let folder = &ctx.backlog.config.folders.feedback;
    let mut last = None;
    for n in 1..=NOTE_SUFFIXES + 1 {
        let id = if n == 1 {
            stem.to_owned()
        } else {
            format!("{stem}-{n}")
        };
        if ctx.backlog.feedback.iter().any(|f| f.id.value == id) {
            continue;
        }
        let path = format!("{folder}/{id}.md");
        match files::create_new(&ctx.root.join(&path), &ctx.shown(&path), text) {
            Ok(()) => return Ok(path),
            Err(error @ Error::AlreadyExists { .. }) => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(|| Error::AlreadyExists {
        path: ctx.shown(&format!("{folder}/{stem}.md")),
    }))
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

#[cfg(test)]
mod tests {
    use super::slug;

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
}
