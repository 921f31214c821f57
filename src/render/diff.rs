//! `rankdown diff`: the moves between two rankings with their causes, as
//! terminal text, a Markdown pull-request comment, or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::{cell, plural};
use crate::diagnostic::clean;
use crate::history::compare::{Comparison, Move};

/// One side of a diff as the user named it.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// The full commit id; `null` for the work tree or the index.
    pub commit: Option<String>,
    /// What the user asked for (`main`, `HEAD~2`), or how it was chosen.
    pub label: String,
}

impl Revision {
    fn shown(&self) -> String {
        match &self.commit {
            Some(id) if self.label.starts_with(id.get(..7).unwrap_or(id)) => {
                id.get(..7).unwrap_or(id).to_owned()
            }
            Some(id) => format!("{} ({})", clean(&self.label), id.get(..7).unwrap_or(id)),
            None => clean(&self.label),
        }
    }
}

fn ranks(m: &Move) -> String {
    let show = |r: Option<usize>| r.map_or_else(|| "-".to_owned(), |r| r.to_string());
    format!("{} → {}", show(m.from), show(m.to))
}

fn arrow(m: &Move) -> &'static str {
    match m.change {
        "up" | "reopened" => "↑",
        "down" => "↓",
        "added" => "+",
        "removed" => "×",
        _ => "✓",
    }
}

pub fn text(cmp: &Comparison, base: &Revision, head: &Revision) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Ranking from {} to {}", base.shown(), head.shown());
    if cmp.moves.is_empty() {
        let _ = writeln!(
            out,
            "No item moved ({} unchanged).",
            plural(cmp.unchanged, "ranked item", "ranked items")
        );
        return out;
    }
    let width = cmp
        .moves
        .iter()
        .map(|m| ranks(m).chars().count())
        .max()
        .unwrap_or(0);
    for m in &cmp.moves {
        let _ = writeln!(
            out,
            "\n{} {:<width$}  {}  {} ({})",
            arrow(m),
            ranks(m),
            clean(&m.id),
            clean(&m.title),
            m.change
        );
        for cause in &m.causes {
            let _ = writeln!(out, "    {}", clean(&cause.text));
        }
    }
    let _ = writeln!(
        out,
        "\n{} unchanged.",
        plural(cmp.unchanged, "ranked item", "ranked items")
    );
    out
}

pub fn markdown(cmp: &Comparison, base: &Revision, head: &Revision) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Backlog ranking: {} → {}\n",
        cell(&base.shown()),
        cell(&head.shown())
    );
    if cmp.moves.is_empty() {
        let _ = writeln!(
            out,
            "No item moved; {} unchanged.",
            plural(cmp.unchanged, "ranked item", "ranked items")
        );
        return out;
    }
    let _ = writeln!(out, "| | Rank | Item | Why |");
    let _ = writeln!(out, "|---|---|---|---|");
    for m in &cmp.moves {
        let why: Vec<String> = m.causes.iter().map(|c| cell(&c.text)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | **{}** {} | {} |",
            arrow(m),
            ranks(m),
            cell(&m.title),
            super::markdown::code_cell(&m.id),
            why.join("<br>")
        );
    }
    let _ = writeln!(
        out,
        "\n{} unchanged.",
        plural(cmp.unchanged, "ranked item", "ranked items")
    );
    out
}

#[derive(Serialize)]
struct DiffJson<'a> {
    base: Option<&'a str>,
    head: Option<&'a str>,
    base_label: &'a str,
    head_label: &'a str,
    moves: &'a [Move],
    unchanged: usize,
}

pub fn json(cmp: &Comparison, base: &Revision, head: &Revision) -> serde_json::Result<String> {
    let doc = DiffJson {
        base: base.commit.as_deref(),
        head: head.commit.as_deref(),
        base_label: &base.label,
        head_label: &head.label,
        moves: &cmp.moves,
        unchanged: cmp.unchanged,
    };
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}
