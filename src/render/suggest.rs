//! `rankdown suggest` output: each note with its candidate items, as text for
//! a terminal or as JSON (README "Suggested links").

use std::fmt::Write as _;

use serde::Serialize;

use crate::backlog::Backlog;
use crate::render::json::round;
use crate::render::num;
use crate::render::terminal::sanitize;
use crate::suggest::Suggestion;

#[derive(Serialize)]
struct Doc<'a> {
    notes: Vec<Note<'a>>,
}

#[derive(Serialize)]
struct Note<'a> {
    path: &'a str,
    candidates: Vec<Candidate<'a>>,
}

#[derive(Serialize)]
struct Candidate<'a> {
    id: &'a str,
    score: f64,
    terms: &'a [String],
}

/// `{notes: [{path, candidates: [{id, score, terms}]}]}`, scores to four decimals.
pub fn json(backlog: &Backlog, suggestions: &[Suggestion]) -> Result<String, serde_json::Error> {
    let doc = Doc {
        notes: suggestions
            .iter()
            .map(|s| Note {
                path: &backlog.feedback[s.note].path,
                candidates: s
                    .candidates
                    .iter()
                    .map(|c| Candidate {
                        id: &backlog.items[c.item].id.value,
                        score: round(c.score),
                        terms: &c.terms,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// One block per note: its path (as `shown` prints paths), then a numbered
/// line per candidate with score and matched words, or "no item fits".
pub fn text(
    backlog: &Backlog,
    suggestions: &[Suggestion],
    shown: &dyn Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for s in suggestions {
        let _ = writeln!(out, "{}", shown(&backlog.feedback[s.note].path));
        if s.candidates.is_empty() {
            out.push_str("  no item fits\n");
        }
        for (rank, c) in s.candidates.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}  {}  ({})",
                rank + 1,
                sanitize(&backlog.items[c.item].id.value),
                num(c.score),
                sanitize(&c.terms.join(", "))
            );
        }
    }
    out
}
