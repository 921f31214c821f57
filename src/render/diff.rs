//! `rankdown diff`: the moves between two rankings with their causes, as
//! terminal text, a Markdown pull-request comment, or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use super::json::round;
use super::{cell, markdown, num, plural};
use crate::compare::{
    Cause, CauseKind, Comparison, FeedbackChange, GoalChange, Move, MoveKind, NoteFacts,
};
use crate::diagnostic::clean;
use crate::model::Timing;

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
    match m.kind {
        MoveKind::Up | MoveKind::Reopened => "↑",
        MoveKind::Down => "↓",
        MoveKind::Added => "+",
        MoveKind::Removed => "×",
        MoveKind::Closed => "✓",
    }
}

fn change(kind: MoveKind) -> &'static str {
    match kind {
        MoveKind::Up => "up",
        MoveKind::Down => "down",
        MoveKind::Added => "added",
        MoveKind::Removed => "removed",
        MoveKind::Closed => "closed",
        MoveKind::Reopened => "reopened",
    }
}

/// Names up to three items, then how many more (of the names and the
/// `more` items left unnamed).
fn list(names: &[String], more: usize) -> String {
    const SHOWN: usize = 3;
    if names.len() <= SHOWN && more == 0 {
        names.join(", ")
    } else {
        let shown = names.len().min(SHOWN);
        format!(
            "{} and {} more",
            names[..shown].join(", "),
            names.len() - shown + more
        )
    }
}

fn timing(t: Timing) -> String {
    match t {
        Timing::Horizon(h) => format!("horizon {h}"),
        Timing::Due(d) => format!("due {d}"),
    }
}

fn goal_change(change: &GoalChange) -> String {
    match change {
        GoalChange::Added => "added".to_owned(),
        GoalChange::Removed => "removed".to_owned(),
        GoalChange::Weight { from, to } => format!("weight {from} → {to}"),
        GoalChange::Timing { from, to } => format!("{} → {}", timing(*from), timing(*to)),
        GoalChange::Status { from, to } => format!("status {from} → {to}"),
    }
}

/// How a cause's words are written: plain (terminal, JSON) or as Markdown,
/// where every text from content is escaped and every path is a link.
struct Words<'a> {
    /// Put before each backlog-relative path.
    prefix: &'a str,
    /// Put before each link target in Markdown (e.g. the repository's URL
    /// at the head commit), so links resolve where the text is shown.
    link_base: &'a str,
    markdown: bool,
}

impl Words<'_> {
    /// A text from content: an id, a goal, a person's name.
    fn text(&self, text: &str) -> String {
        if self.markdown {
            markdown::cell(text)
        } else {
            text.to_owned()
        }
    }

    /// A backlog-relative path: in Markdown, a link to the file.
    fn path(&self, path: &str) -> String {
        let full = format!("{}{path}", self.prefix);
        if self.markdown {
            format!(
                "[{}]({}{})",
                markdown::link_text(&full),
                self.link_base,
                markdown::link_target(&full)
            )
        } else {
            full
        }
    }

    fn list(&self, names: &[String], more: usize) -> String {
        let names: Vec<String> = names.iter().map(|n| self.text(n)).collect();
        list(&names, more)
    }
}

fn person(note: &NoteFacts) -> &str {
    note.person.as_deref().unwrap_or("anonymous")
}

fn describe(note: &NoteFacts, w: &Words<'_>) -> String {
    let date = note.date.map_or_else(String::new, |d| format!(", {d}"));
    format!("{} ({}{date})", w.path(&note.path), note.channel)
}

fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| num(round(v)))
}

/// A cause in plain words; paths are `prefix` + the backlog-relative path.
pub fn cause_text(cause: &Cause, prefix: &str) -> String {
    words(
        cause,
        &Words {
            prefix,
            link_base: "",
            markdown: false,
        },
    )
}

/// A cause as Markdown inline text: content escaped, each path a link to
/// `prefix` + the backlog-relative path.
pub fn cause_markdown(cause: &Cause, prefix: &str, link_base: &str) -> String {
    words(
        cause,
        &Words {
            prefix,
            link_base,
            markdown: true,
        },
    )
}

#[allow(clippy::too_many_lines)]
fn words(cause: &Cause, w: &Words<'_>) -> String {
    match cause {
        Cause::ItemAdded { path, status } => format!("new item ({}, {status})", w.path(path)),
        Cause::ItemRemoved { path } => format!("item removed ({})", w.path(path)),
        Cause::Status { from, to } => format!("status {from} → {to}"),
        Cause::Effort { from, to } => format!("effort {from} → {to}"),
        Cause::Confidence { from, to } => format!("confidence {} → {}", num(*from), num(*to)),
        Cause::GoalLink { goal, from, to } => {
            let goal = w.text(goal);
            match (from, to) {
                (None, Some(to)) => format!("now serves goal {goal} (impact {to})"),
                (Some(from), Some(to)) => format!("impact on goal {goal} {from} → {to}"),
                (_, None) => format!("no longer serves goal {goal}"),
            }
        }
        Cause::DependsOn { item, added: true } => format!("now depends on {}", w.text(item)),
        Cause::DependsOn { item, added: false } => {
            format!("no longer depends on {}", w.text(item))
        }
        Cause::Goal {
            goal,
            changes,
            inactive,
        } => {
            let changes: Vec<String> = changes.iter().map(goal_change).collect();
            let note = if *inactive {
                " (only active goals score)"
            } else {
                ""
            };
            format!("goal {}: {}{note}", w.text(goal), changes.join(", "))
        }
        Cause::Feedback { change, note } => {
            let (who, seen) = (w.text(person(note)), describe(note, w));
            match change {
                FeedbackChange::New { relinked: true } => {
                    format!("feedback now linked from {who}: {seen}")
                }
                FeedbackChange::New { relinked: false } => {
                    format!("new feedback from {who}: {seen}")
                }
                FeedbackChange::Removed { unlinked: true } => {
                    format!("feedback no longer linked from {who}: {seen}")
                }
                FeedbackChange::Removed { unlinked: false } => {
                    format!("feedback removed from {who}: {seen}")
                }
                FeedbackChange::Changed(fields) => {
                    let fields: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                    format!(
                        "feedback from {who} changed ({}): {seen}",
                        fields.join(", ")
                    )
                }
            }
        }
        Cause::PushedDown { items, more } => {
            format!("pushed down by {}", w.list(items, *more))
        }
        Cause::Rose { items, more } => {
            format!("moved up as {} fell or left", w.list(items, *more))
        }
        Cause::Model { from, to } => format!("ranking model {from} → {to}"),
        Cause::Weights => "weights changed in rankdown.yaml".to_owned(),
        Cause::AsOf { from, to } => {
            let show = |d: &Option<crate::date::Date>| {
                d.map_or_else(|| "none".to_owned(), |d| d.to_string())
            };
            format!(
                "as-of date {} → {}: older evidence counts for less",
                show(from),
                show(to)
            )
        }
        Cause::Score { from, to } => format!("score {} → {}", score(*from), score(*to)),
        Cause::Overtaken { item, because } => format!(
            "overtaken by {}, which rose because {}",
            w.text(item),
            reasons(because, w)
        ),
        Cause::AlsoOvertaken { items, more } => {
            format!("also overtaken by {}", w.list(items, *more))
        }
        Cause::Inherited {
            item,
            rose,
            because,
        } => format!(
            "inherits {} from {}, which depends on it: {}",
            if *rose { "more" } else { "less" },
            w.text(item),
            reasons(because, w)
        ),
    }
}

/// The causes of a change at another item, in one line.
fn reasons(because: &[Cause], w: &Words<'_>) -> String {
    let texts: Vec<String> = because.iter().map(|c| words(c, w)).collect();
    texts.join("; ")
}

pub fn text(cmp: &Comparison, base: &Revision, head: &Revision, prefix: &str) -> String {
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
            change(m.kind)
        );
        for cause in &m.causes {
            let _ = writeln!(out, "    {}", clean(&cause_text(cause, prefix)));
        }
    }
    let _ = writeln!(
        out,
        "\n{} unchanged.",
        plural(cmp.unchanged, "ranked item", "ranked items")
    );
    out
}

/// Paths (of items and notes, each a link) are `prefix` + the
/// backlog-relative path: the repository-relative prefix. Link targets start
/// with `link_base` (empty, or a URL such as the repository's blob URL at the
/// head commit, which a pull-request comment needs: GitHub resolves a
/// relative link there against the page, not the repository).
pub fn markdown(
    cmp: &Comparison,
    base: &Revision,
    head: &Revision,
    prefix: &str,
    link_base: &str,
) -> String {
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
    let _ = writeln!(out, "| | Rank | Score | Item | Why |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for m in &cmp.moves {
        let why: Vec<String> = m
            .causes
            .iter()
            .map(|c| cause_markdown(c, prefix, link_base))
            .collect();
        let file = format!("{prefix}{}", m.path);
        let _ = writeln!(
            out,
            "| {} | {} | {} → {} | [**{}**]({}{}) {} | {} |",
            arrow(m),
            ranks(m),
            score(m.score_from),
            score(m.score_to),
            markdown::link_text(&m.title),
            link_base,
            markdown::link_target(&file),
            markdown::code_cell(&m.id),
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
    moves: Vec<MoveJson<'a>>,
    unchanged: usize,
}

#[derive(Serialize)]
struct MoveJson<'a> {
    id: &'a str,
    title: &'a str,
    /// Ranks; `null` where the item was absent or closed.
    from: Option<usize>,
    to: Option<usize>,
    change: MoveKind,
    score_from: Option<f64>,
    score_to: Option<f64>,
    path: String,
    causes: Vec<CauseJson<'a>>,
}

#[derive(Serialize)]
struct CauseJson<'a> {
    kind: CauseKind,
    /// The cause in plain words.
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<&'a str>,
    /// The feedback note's path.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    goal: Option<&'a str>,
    /// The items that pushed this one down, made room for it, overtook it
    /// or pass value on to it.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    items: &'a [String],
    /// How many more items than `items` names (long lists name ten).
    #[serde(skip_serializing_if = "is_zero")]
    more: usize,
    /// What changed at the item named (`overtaken`, `inherited`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    because: Vec<CauseJson<'a>>,
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn cause_json<'a>(cause: &'a Cause, prefix: &str) -> CauseJson<'a> {
    let (person, note) = match cause {
        Cause::Feedback { note, .. } => (
            note.person.as_deref(),
            Some(format!("{prefix}{}", note.path)),
        ),
        _ => (None, None),
    };
    let goal = match cause {
        Cause::GoalLink { goal, .. } | Cause::Goal { goal, .. } => Some(goal.as_str()),
        _ => None,
    };
    CauseJson {
        kind: cause.kind(),
        text: cause_text(cause, prefix),
        person,
        note,
        goal,
        items: cause.items(),
        more: cause.more(),
        because: cause
            .because()
            .iter()
            .map(|c| cause_json(c, prefix))
            .collect(),
    }
}

/// Paths are `prefix` + the backlog-relative path; scores are rounded as in
/// every JSON output.
pub fn json(
    cmp: &Comparison,
    base: &Revision,
    head: &Revision,
    prefix: &str,
) -> serde_json::Result<String> {
    let moves = cmp
        .moves
        .iter()
        .map(|m| MoveJson {
            id: &m.id,
            title: &m.title,
            from: m.from,
            to: m.to,
            change: m.kind,
            score_from: m.score_from.map(round),
            score_to: m.score_to.map(round),
            path: format!("{prefix}{}", m.path),
            causes: m.causes.iter().map(|c| cause_json(c, prefix)).collect(),
        })
        .collect();
    let doc = DiffJson {
        base: base.commit.as_deref(),
        head: head.commit.as_deref(),
        base_label: &base.label,
        head_label: &head.label,
        moves,
        unchanged: cmp.unchanged,
    };
    let mut out = serde_json::to_string_pretty(&doc)?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::model::RankModel;

    #[test]
    fn whole_model_causes_and_long_lists_read_plainly() {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        let cases = [
            (
                Cause::PushedDown {
                    items: names.clone(),
                    more: 0,
                },
                "pushed down by a, b, c and 2 more",
            ),
            (
                Cause::Rose {
                    items: names[..1].to_vec(),
                    more: 40,
                },
                "moved up as a and 40 more fell or left",
            ),
            (
                Cause::Model {
                    from: RankModel::Evidence,
                    to: RankModel::Rice,
                },
                "ranking model evidence → rice",
            ),
            (Cause::Weights, "weights changed in rankdown.yaml"),
            (
                Cause::AsOf {
                    from: None,
                    to: Date::parse("2026-03-01"),
                },
                "as-of date none → 2026-03-01: older evidence counts for less",
            ),
            (
                Cause::Score {
                    from: Some(1.234_56),
                    to: None,
                },
                "score 1.23 → -",
            ),
        ];
        for (cause, text) in cases {
            assert_eq!(cause_text(&cause, "../"), text);
        }
    }
}
