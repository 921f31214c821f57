//! `rankdown init [DIR]`: a new backlog with a fully commented configuration
//! and one example of each kind, ranked, that passes `check` at once.

use std::io::Write;
use std::path::PathBuf;

use super::{Cli, Outcome};
use crate::backlog::{self, VISION_FILE};
use crate::config::{CONFIG_FILE, Config};
use crate::date::Date;
use crate::error::Error;
use crate::files::{self, create_new};
use crate::model::{Channel, Horizon, Level, Size};
use crate::parse::Bodies;
use crate::rank;
use crate::render::priorities;
use crate::source::WorkTree;
use crate::template::{self, FeedbackDraft, GoalDraft, ItemDraft};

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
    let files = example_files(&config, today);
    let output = config.output_path();
    // Nothing is written when any file would be overwritten.
    for path in files.iter().map(|(p, _)| p).chain([&output]) {
        if std::fs::symlink_metadata(dir.join(path)).is_ok() {
            return Err(Error::AlreadyExists {
                path: format!("{prefix}{path}"),
            });
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
    let backlog = backlog::load(&WorkTree::new(&dir)?, Bodies::Keep)?;
    if backlog.has_errors() {
        // The examples are checked by tests; this would be a bug.
        return Err(Error::InvalidContent);
    }
    let ranking = rank::rank(&backlog);
    let text = priorities::render(&backlog, &ranking);
    files::write_if_changed(&dir.join(&output), &text)?;
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
fn example_files(config: &Config, today: Date) -> Vec<(String, String)> {
    let folders = &config.folders;
    let goal = template::goal(&GoalDraft {
        title: "New users succeed in their first week",
        weight: 4,
        horizon: Horizon::SixMonths,
        metric: Some((
            "share of new sign-ups still active after seven days (%)",
            35.0,
            35.0,
            60.0,
        )),
        body: "An example goal: replace it with one of yours. A goal says what the business
wants to achieve, by when, and how you will know. Items name the goals they
serve in their front matter.
",
    });
    let item = template::item(&ItemDraft {
        title: "Guide new users through setup",
        goal: Some((GOAL, Level::High)),
        effort: Size::S,
        confidence: Some("80%"),
        tags: &["onboarding"],
        body: &format!(
            "An example item. Say what problem it solves and for whom, and what done looks
like. Feedback notes link their passages to it with `[[{ITEM}]]`.
"
        ),
    });
    let note = template::feedback(&FeedbackDraft {
        channel: Channel::Interview,
        date: today,
        from: Some("sam"),
        org: Some("example-customer"),
        severity: Level::High,
        heading: None,
        body: &format!(
            "An example feedback note: a half-hour call with Sam, who signed up last week.

> \"I gave up at the third setup step: I could not tell what it wanted from me.\" [[{ITEM}]]

A `[[item-id]]` after a passage (a paragraph, list item or quote) makes that
passage evidence for the item.
"
        ),
    });
    vec![
        (CONFIG_FILE.to_owned(), template::config(config, today)),
        (VISION_FILE.to_owned(), template::VISION.to_owned()),
        (format!("{}/{GOAL}.md", folders.goals), goal),
        (format!("{}/{ITEM}.md", folders.items), item),
        (
            format!("{}/{today}-sam-interview.md", folders.feedback),
            note,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::example_files;
    use crate::config::Config;
    use crate::date::Date;
    use crate::source::MemorySource;

    #[test]
    fn the_examples_link_up_without_problems() {
        let day = Date::parse("2026-11-26").expect("date");
        let source = MemorySource::new(
            example_files(&Config::default(), day)
                .into_iter()
                .map(|(path, text)| (path, text.into_bytes())),
        );
        let backlog = crate::backlog::load(&source, crate::parse::Bodies::Keep).expect("loads");
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
