//! `rankdown compare`: two models' rankings side by side, each item's move,
//! the items that move most and Kendall's τ-b, as terminal text (content
//! escaped, columns aligned by display width) or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::json::round;
use super::num;
use super::terminal::{pad_left, pad_right, sanitize, width};
use crate::backlog::Backlog;
use crate::model::RankModel;
use crate::rank::versus::{Comparison, Row};

/// How many items the "moves most" list names.
pub const MOVERS: usize = 5;

/// `↑3`, `↓2`, or `=` for an item that keeps its place.
fn arrow(moved: i64) -> String {
    match moved {
        0 => "=".to_owned(),
        m if m > 0 => format!("↑{m}"),
        m => format!("↓{}", m.unsigned_abs()),
    }
}

fn tau_text(tau: Option<f64>) -> String {
    tau.map_or_else(
        || "undefined (fewer than two items, or one model scores them all the same)".to_owned(),
        |t| format!("{} (1: the same order, 0: unrelated, -1: reversed)", num(t)),
    )
}

pub fn text(backlog: &Backlog, comparison: &Comparison) -> String {
    let Comparison {
        model, base, rows, ..
    } = comparison;
    let mut out = String::new();
    let id = |row: &Row| sanitize(&backlog.items[row.item].id.value);
    let _ = writeln!(
        out,
        "{model} compared with {base}: {} open item{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, "Kendall's τ-b {}\n", tau_text(comparison.tau_b));
    if rows.is_empty() {
        out.push_str("No open items.\n");
        return out;
    }
    // The base ranking, by rank, for its side of the table.
    let mut by_base: Vec<&Row> = rows.iter().collect();
    by_base.sort_by_key(|r| r.base_rank);
    let ids: Vec<String> = rows.iter().map(id).collect();
    let base_ids: Vec<String> = by_base.iter().map(|r| id(r)).collect();
    let rank_width = rows.len().to_string().len().max(1);
    let id_width = ids
        .iter()
        .map(|i| width(i))
        .chain([width(model.name()), width(base.name())])
        .max()
        .unwrap_or(0);
    let scores: Vec<String> = rows.iter().map(|r| num(r.score)).collect();
    let base_scores: Vec<String> = by_base.iter().map(|r| num(r.base_score)).collect();
    let score_width = scores
        .iter()
        .chain(&base_scores)
        .map(|s| width(s))
        .max()
        .unwrap_or(0)
        .max(5);
    let moves: Vec<String> = rows.iter().map(|r| arrow(r.moved())).collect();
    let move_width = moves.iter().map(|m| width(m)).max().unwrap_or(0).max(4);
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  {}  {}",
        pad_left("#", rank_width),
        pad_right(model.name(), id_width),
        pad_left("score", score_width),
        pad_right("move", move_width),
        pad_right(base.name(), id_width),
        pad_left("score", score_width),
    );
    for (at, row) in rows.iter().enumerate() {
        let line = format!(
            "{}  {}  {}  {}  {}  {}",
            pad_left(&row.rank.to_string(), rank_width),
            pad_right(&ids[at], id_width),
            pad_left(&scores[at], score_width),
            pad_right(&moves[at], move_width),
            pad_right(&base_ids[at], id_width),
            pad_left(&base_scores[at], score_width),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let largest = comparison.moves_most(MOVERS);
    if largest.is_empty() {
        let _ = writeln!(out, "\nEvery item keeps its place.");
    } else {
        let _ = writeln!(out, "\nMoves most (rank under {base} → {model}):");
        let widest = largest.iter().map(|r| width(&id(r))).max().unwrap_or(0);
        for row in largest {
            let _ = writeln!(
                out,
                "  {}  {} → {}  {}",
                pad_right(&id(row), widest),
                pad_left(&row.base_rank.to_string(), rank_width),
                pad_left(&row.rank.to_string(), rank_width),
                arrow(row.moved())
            );
        }
    }
    out
}

#[derive(Debug, Serialize)]
struct CompareJson<'a> {
    model: RankModel,
    base: RankModel,
    /// Kendall's τ-b; `null` when undefined.
    kendall_tau_b: Option<f64>,
    /// In the order of `model`'s ranking.
    items: Vec<RowJson<'a>>,
    /// The ids of the items that move most, largest move first.
    moves_most: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
struct RowJson<'a> {
    id: &'a str,
    title: &'a str,
    rank: usize,
    score: f64,
    base_rank: usize,
    base_score: f64,
    /// Places gained under `model` (negative: lost).
    #[serde(rename = "move")]
    moved: i64,
}

pub fn json(backlog: &Backlog, comparison: &Comparison) -> serde_json::Result<String> {
    let id = |row: &Row| backlog.items[row.item].id.value.as_str();
    let doc = CompareJson {
        model: comparison.model,
        base: comparison.base,
        kendall_tau_b: comparison.tau_b.map(round),
        items: comparison
            .rows
            .iter()
            .map(|row| RowJson {
                id: id(row),
                title: &backlog.items[row.item].title,
                rank: row.rank,
                score: round(row.score),
                base_rank: row.base_rank,
                base_score: round(row.base_score),
                moved: row.moved(),
            })
            .collect(),
        moves_most: comparison.moves_most(MOVERS).into_iter().map(id).collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}
