//! `rankdown themes` output: each theme's shared words, notes, people, orgs
//! and nearest goal, as text for a terminal or as JSON (README "Themes").

use std::fmt::Write as _;

use serde::Serialize;

use crate::backlog::Backlog;
use crate::render::terminal::sanitize;
use crate::themes::Theme;

#[derive(Serialize)]
struct Doc<'a> {
    themes: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    terms: &'a [String],
    notes: Vec<&'a str>,
    people: &'a [String],
    orgs: &'a [String],
    goal: Option<&'a str>,
}

/// `{themes: [{terms, notes: [path], people, orgs, goal}]}`; `goal` is the
/// nearest active goal's id, or null.
pub fn json(backlog: &Backlog, themes: &[Theme]) -> Result<String, serde_json::Error> {
    let doc = Doc {
        themes: themes
            .iter()
            .map(|t| Entry {
                terms: &t.terms,
                notes: t
                    .notes
                    .iter()
                    .map(|&n| backlog.feedback[n].path.as_str())
                    .collect(),
                people: &t.people,
                orgs: &t.orgs,
                goal: t.goal.map(|g| backlog.goals[g].id.value.as_str()),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// One block per theme; `shown` prints a root-relative path for the terminal.
pub fn text(backlog: &Backlog, themes: &[Theme], shown: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    if themes.is_empty() {
        out.push_str("no themes: no two unlinked notes that fit no item resemble each other\n");
    }
    for theme in themes {
        let _ = writeln!(out, "{}", sanitize(&theme.terms.join(", ")));
        let _ = writeln!(
            out,
            "  {} {} from {}{}",
            theme.notes.len(),
            if theme.notes.len() == 1 {
                "note"
            } else {
                "notes"
            },
            sanitize(&theme.people.join(", ")),
            if theme.orgs.is_empty() {
                String::new()
            } else {
                format!(" ({})", sanitize(&theme.orgs.join(", ")))
            }
        );
        if let Some(goal) = theme.goal {
            let goal = &backlog.goals[goal];
            let _ = writeln!(
                out,
                "  nearest goal: {} ({})",
                sanitize(&goal.id.value),
                sanitize(&goal.title)
            );
        }
        for &n in &theme.notes {
            let _ = writeln!(out, "  {}", shown(&backlog.feedback[n].path));
        }
    }
    out
}
