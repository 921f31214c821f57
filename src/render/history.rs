//! `rankdown history ID`: the item's rank at each commit that changed the
//! backlog, as a table with a sparkline, or JSON (docs/formats.md).

use std::fmt::Write as _;

use serde::Serialize;

use crate::date::Date;
use crate::diagnostic::clean;
use crate::history::ranks::RankHistory;

#[derive(Serialize)]
struct HistoryJson<'a> {
    id: &'a str,
    points: Vec<PointJson<'a>>,
    truncated: bool,
}

#[derive(Serialize)]
struct PointJson<'a> {
    commit: String,
    date: Date,
    rank: Option<usize>,
    subject: &'a str,
    author: &'a str,
}

pub fn json(id: &str, history: &RankHistory) -> serde_json::Result<String> {
    let doc = HistoryJson {
        id,
        points: history
            .points
            .iter()
            .map(|p| PointJson {
                commit: p.commit.to_string(),
                date: p.date,
                rank: p.rank,
                subject: &p.subject,
                author: &p.author,
            })
            .collect(),
        truncated: history.truncated,
    };
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}

/// Rank 1 is the tallest bar; a gap where the item was absent or closed.
pub fn sparkline(ranks: &[Option<usize>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let worst = ranks.iter().flatten().copied().max().unwrap_or(1);
    ranks
        .iter()
        .map(|rank| match rank {
            None => ' ',
            Some(_) if worst <= 1 => BARS[7],
            Some(r) => {
                let level = (worst - r) * 7 / (worst - 1);
                BARS[level.min(7)]
            }
        })
        .collect()
}

pub fn text(id: &str, history: &RankHistory, all_parents: bool) -> String {
    let mut out = String::new();
    let walk = if all_parents {
        "every commit reachable from HEAD"
    } else {
        "first parents of HEAD"
    };
    let _ = writeln!(
        out,
        "{}: rank at each commit that changed the backlog ({walk}), oldest first\n",
        clean(id)
    );
    // `-` rows as wide as `n of m` rows, however many digits the ranks take.
    let digits = |n: usize| n.to_string().len();
    let rank_width = history
        .points
        .iter()
        .filter_map(|p| p.rank)
        .map(digits)
        .max()
        .unwrap_or(1)
        .max(4);
    let of_width = history
        .points
        .iter()
        .map(|p| digits(p.ranked))
        .max()
        .unwrap_or(1)
        .max(3);
    for p in &history.points {
        let rank = p.rank.map_or_else(
            || format!("{:>rank_width$}{:of_width$}    ", "-", ""),
            |r| format!("{r:>rank_width$} of {:<of_width$}", p.ranked),
        );
        let _ = writeln!(
            out,
            "  {}  {}  {rank}  {}",
            p.date,
            &p.commit.to_string()[..7],
            clean(&p.subject)
        );
    }
    if history.points.is_empty() {
        let _ = writeln!(out, "  (no commit changed the backlog)");
    }
    let ranks: Vec<Option<usize>> = history.points.iter().map(|p| p.rank).collect();
    if ranks.iter().any(Option::is_some) {
        let _ = writeln!(
            out,
            "\n  rank over time (taller is better): {}",
            sparkline(&ranks)
        );
    }
    if history.truncated {
        let _ = writeln!(
            out,
            "\nhistory is truncated: this is a shallow clone and the walk stopped at its boundary\n  hint: `git fetch --unshallow` to see the whole history"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sparkline;

    #[test]
    fn sparkline_puts_rank_one_highest_and_gaps_for_absent() {
        assert_eq!(sparkline(&[Some(3), Some(1), None, Some(2)]), "▁█ ▄");
        assert_eq!(sparkline(&[Some(1), Some(1)]), "██");
        assert_eq!(sparkline(&[]), "");
    }
}
