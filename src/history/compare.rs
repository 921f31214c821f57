//! How the ranking moved between two backlogs, and why: a pure comparison of
//! two loaded backlogs and their rankings, wherever they were loaded from.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::backlog::Backlog;
use crate::model::{Feedback, GoalStatus, Item, Timing};
use crate::rank::Ranking;
use crate::render::num;

/// One item whose rank changed, or that was added, closed or removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub id: String,
    pub title: String,
    /// Ranks; `null` where the item was absent or closed.
    pub from: Option<usize>,
    pub to: Option<usize>,
    /// `up`, `down`, `added`, `removed`, `closed` or `reopened`.
    pub change: &'static str,
    pub score_from: Option<f64>,
    pub score_to: Option<f64>,
    /// The item's path at head (or at base when removed), backlog-relative.
    pub path: String,
    pub causes: Vec<Cause>,
}

/// One reason for a move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// `item-added`, `item-removed`, `status`, `effort`, `confidence`,
    /// `goal-link`, `depends-on`, `goal`, `feedback-new`, `feedback-changed`,
    /// `feedback-removed`, `pushed-down`, `rose`, `config`, `as-of`.
    pub kind: &'static str,
    /// The cause in plain words, paths backlog-relative.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The feedback note's path, backlog-relative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// The items that pushed this one down, or made room for it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

impl Cause {
    fn new(kind: &'static str, text: String) -> Self {
        Self {
            kind,
            text,
            person: None,
            note: None,
            goal: None,
            items: Vec::new(),
        }
    }
}

/// Every move between two rankings, best new rank first, then removed items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub moves: Vec<Move>,
    /// Ranked items whose rank did not change.
    pub unchanged: usize,
}

/// A side of the comparison.
pub struct Side<'a> {
    pub backlog: &'a Backlog,
    pub ranking: &'a Ranking,
}

impl Side<'_> {
    fn item(&self, id: &str) -> Option<&Item> {
        self.backlog.item(id).map(|i| &self.backlog.items[i])
    }

    fn rank(&self, id: &str) -> Option<(usize, f64)> {
        let i = self.backlog.item(id)?;
        self.ranking.position(i).map(|s| (s.rank, s.score))
    }

    /// The notes linked to an item, by path, with their quotes.
    fn evidence(&self, id: &str) -> BTreeMap<&str, (&Feedback, &[String])> {
        let Some(i) = self.backlog.item(id) else {
            return BTreeMap::new();
        };
        self.backlog.links.evidence[i]
            .iter()
            .map(|e| {
                let note = &self.backlog.feedback[e.note];
                (note.path.as_str(), (note, e.quotes.as_slice()))
            })
            .collect()
    }

    fn goal_ids(&self, id: &str) -> BTreeSet<String> {
        self.item(id)
            .map(|item| item.goals.iter().map(|g| g.goal.value.clone()).collect())
            .unwrap_or_default()
    }
}

/// Paths in the result are `prefix` + the backlog-relative path, so they read
/// relative to the current directory.
pub fn compare(base: &Side<'_>, head: &Side<'_>, prefix: &str) -> Comparison {
    let ids: BTreeSet<&str> = base
        .backlog
        .links
        .items
        .keys()
        .chain(head.backlog.links.items.keys())
        .map(String::as_str)
        .collect();
    let mut moves = Vec::new();
    let mut unchanged = 0;
    for id in ids {
        let (b, h) = (base.item(id), head.item(id));
        let (from, to) = (base.rank(id), head.rank(id));
        if from.map(|f| f.0) == to.map(|t| t.0) {
            if to.is_some() {
                unchanged += 1;
            }
            continue;
        }
        let change = match (b, h, from, to) {
            (None, _, _, _) => "added",
            (_, None, _, _) => "removed",
            (_, Some(_), _, None) => "closed",
            (Some(_), _, None, Some(_)) => "reopened",
            (_, _, Some(f), Some(t)) if t.0 < f.0 => "up",
            _ => "down",
        };
        let Some(shown) = h.or(b) else { continue };
        moves.push(Move {
            id: id.to_owned(),
            title: shown.title.clone(),
            from: from.map(|f| f.0),
            to: to.map(|t| t.0),
            change,
            score_from: from.map(|f| crate::render::json::round(f.1)),
            score_to: to.map(|t| crate::render::json::round(t.1)),
            path: format!("{prefix}{}", shown.path),
            causes: Vec::new(),
        });
    }
    for m in &mut moves {
        m.causes = causes(base, head, m, prefix);
    }
    let ranked_moves: Vec<(String, Option<usize>, Option<usize>)> =
        moves.iter().map(|m| (m.id.clone(), m.from, m.to)).collect();
    let global = global_causes(base, head);
    for m in &mut moves {
        if !m.causes.is_empty() {
            continue;
        }
        if let Some(cause) = relative_cause(m, &ranked_moves) {
            m.causes.push(cause);
        }
        if m.causes.is_empty() || m.causes[0].items.is_empty() {
            m.causes.extend(global.iter().cloned());
        }
        if m.causes.is_empty() {
            m.causes.push(Cause::new(
                "score",
                format!(
                    "score {} → {}",
                    m.score_from.map_or_else(|| "-".to_owned(), num),
                    m.score_to.map_or_else(|| "-".to_owned(), num)
                ),
            ));
        }
    }
    moves.sort_by_key(|m| (m.to.is_none(), m.to, m.from, m.id.clone()));
    Comparison { moves, unchanged }
}

/// Changes to the whole model: weights, model, the as-of date.
fn global_causes(base: &Side<'_>, head: &Side<'_>) -> Vec<Cause> {
    let mut out = Vec::new();
    let (bc, hc) = (&base.backlog.config, &head.backlog.config);
    if bc.model != hc.model {
        out.push(Cause::new(
            "config",
            format!("ranking model {} → {}", bc.model, hc.model),
        ));
    }
    if bc.weights != hc.weights {
        out.push(Cause::new(
            "config",
            "weights changed in rankdown.yaml".to_owned(),
        ));
    }
    if base.ranking.as_of != head.ranking.as_of {
        let show =
            |d: Option<crate::date::Date>| d.map_or_else(|| "none".to_owned(), |d| d.to_string());
        out.push(Cause::new(
            "as-of",
            format!(
                "as-of date {} → {}: older evidence counts for less",
                show(base.ranking.as_of),
                show(head.ranking.as_of)
            ),
        ));
    }
    out
}

/// "Pushed down by X" when an item only moved because others rose, or
/// "rose as X fell" when others fell below it or left the ranking.
fn relative_cause(m: &Move, movers: &[(String, Option<usize>, Option<usize>)]) -> Option<Cause> {
    let (Some(from), Some(to)) = (m.from, m.to) else {
        return None;
    };
    let names: Vec<String> = if to > from {
        movers
            .iter()
            .filter(|(id, f, t)| {
                *id != m.id && t.is_some_and(|t| t < to) && f.is_none_or(|f| f > from)
            })
            .map(|(id, ..)| id.clone())
            .collect()
    } else {
        movers
            .iter()
            .filter(|(id, f, t)| {
                *id != m.id && f.is_some_and(|f| f < from) && t.is_none_or(|t| t > to)
            })
            .map(|(id, ..)| id.clone())
            .collect()
    };
    if names.is_empty() {
        return None;
    }
    let listed = list(&names);
    let (kind, text) = if to > from {
        ("pushed-down", format!("pushed down by {listed}"))
    } else {
        ("rose", format!("moved up as {listed} fell or left"))
    };
    let mut cause = Cause::new(kind, text);
    cause.items = names;
    Some(cause)
}

fn list(names: &[String]) -> String {
    const SHOWN: usize = 3;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

/// The item's own causes: its edits, its goals, its feedback.
fn causes(base: &Side<'_>, head: &Side<'_>, m: &Move, prefix: &str) -> Vec<Cause> {
    let mut out = Vec::new();
    let (b, h) = (base.item(&m.id), head.item(&m.id));
    match (b, h) {
        (None, Some(item)) => out.push(Cause::new(
            "item-added",
            format!("new item ({prefix}{}, {})", item.path, item.status),
        )),
        (Some(item), None) => out.push(Cause::new(
            "item-removed",
            format!("item removed ({prefix}{})", item.path),
        )),
        (Some(b), Some(h)) => own_edits(b, h, &mut out),
        (None, None) => {}
    }
    goal_changes(base, head, &m.id, &mut out);
    feedback_changes(base, head, &m.id, prefix, &mut out);
    out
}

fn own_edits(b: &Item, h: &Item, out: &mut Vec<Cause>) {
    if b.status != h.status {
        out.push(Cause::new(
            "status",
            format!("status {} → {}", b.status, h.status),
        ));
    }
    if b.effort != h.effort {
        out.push(Cause::new(
            "effort",
            format!("effort {} → {}", b.effort, h.effort),
        ));
    }
    if (b.confidence - h.confidence).abs() > f64::EPSILON {
        out.push(Cause::new(
            "confidence",
            format!("confidence {} → {}", num(b.confidence), num(h.confidence)),
        ));
    }
    let before: BTreeMap<&str, _> = b
        .goals
        .iter()
        .map(|g| (g.goal.value.as_str(), g.impact))
        .collect();
    let after: BTreeMap<&str, _> = h
        .goals
        .iter()
        .map(|g| (g.goal.value.as_str(), g.impact))
        .collect();
    for (goal, impact) in &after {
        let text = match before.get(goal) {
            None => format!("now serves goal {goal} (impact {impact})"),
            Some(old) if old != impact => format!("impact on goal {goal} {old} → {impact}"),
            Some(_) => continue,
        };
        let mut cause = Cause::new("goal-link", text);
        cause.goal = Some((*goal).to_owned());
        out.push(cause);
    }
    for goal in before.keys().filter(|g| !after.contains_key(*g)) {
        let mut cause = Cause::new("goal-link", format!("no longer serves goal {goal}"));
        cause.goal = Some((*goal).to_owned());
        out.push(cause);
    }
    let deps =
        |i: &Item| -> BTreeSet<String> { i.depends_on.iter().map(|d| d.value.clone()).collect() };
    let (bd, hd) = (deps(b), deps(h));
    for added in hd.difference(&bd) {
        out.push(Cause::new("depends-on", format!("now depends on {added}")));
    }
    for removed in bd.difference(&hd) {
        out.push(Cause::new(
            "depends-on",
            format!("no longer depends on {removed}"),
        ));
    }
}

fn timing(t: Timing) -> String {
    match t {
        Timing::Horizon(h) => format!("horizon {h}"),
        Timing::Due(d) => format!("due {d}"),
    }
}

fn goal_changes(base: &Side<'_>, head: &Side<'_>, id: &str, out: &mut Vec<Cause>) {
    let mut goals = base.goal_ids(id);
    goals.extend(head.goal_ids(id));
    for goal in goals {
        let b = base.backlog.goal(&goal).map(|g| &base.backlog.goals[g]);
        let h = head.backlog.goal(&goal).map(|g| &head.backlog.goals[g]);
        let mut changes = Vec::new();
        match (b, h) {
            (None, Some(_)) => changes.push("added".to_owned()),
            (Some(_), None) => changes.push("removed".to_owned()),
            (Some(b), Some(h)) => {
                if b.weight != h.weight {
                    changes.push(format!("weight {} → {}", b.weight, h.weight));
                }
                if b.timing != h.timing {
                    changes.push(format!("{} → {}", timing(b.timing), timing(h.timing)));
                }
                if b.status != h.status {
                    changes.push(format!("status {} → {}", b.status, h.status));
                }
            }
            (None, None) => {}
        }
        if changes.is_empty() {
            continue;
        }
        let status_note = match h.map(|g| g.status) {
            Some(GoalStatus::Active) | None => "",
            Some(_) => " (only active goals score)",
        };
        let mut cause = Cause::new(
            "goal",
            format!("goal {goal}: {}{status_note}", changes.join(", ")),
        );
        cause.goal = Some(goal);
        out.push(cause);
    }
}

fn person(note: &Feedback) -> String {
    note.from.clone().unwrap_or_else(|| "anonymous".to_owned())
}

fn describe(note: &Feedback, prefix: &str) -> String {
    let date = note
        .date
        .as_ref()
        .map_or_else(String::new, |d| format!(", {}", d.value));
    format!("{prefix}{} ({}{date})", note.path, note.channel)
}

fn feedback_changes(
    base: &Side<'_>,
    head: &Side<'_>,
    id: &str,
    prefix: &str,
    out: &mut Vec<Cause>,
) {
    let before = base.evidence(id);
    let after = head.evidence(id);
    let paths: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    for path in paths {
        let (kind, note, text) = match (before.get(path), after.get(path)) {
            (None, Some((note, _))) => {
                let existed = base.backlog.feedback.iter().any(|f| f.path == path);
                let verb = if existed {
                    "feedback now linked"
                } else {
                    "new feedback"
                };
                (
                    "feedback-new",
                    *note,
                    format!("{verb} from {}: {}", person(note), describe(note, prefix)),
                )
            }
            (Some((note, _)), None) => {
                let exists = head.backlog.feedback.iter().any(|f| f.path == path);
                let verb = if exists {
                    "feedback no longer linked"
                } else {
                    "feedback removed"
                };
                (
                    "feedback-removed",
                    *note,
                    format!("{verb} from {}: {}", person(note), describe(note, prefix)),
                )
            }
            (Some((b, bq)), Some((h, hq))) => {
                let mut what = Vec::new();
                if b.date.as_ref().map(|d| d.value) != h.date.as_ref().map(|d| d.value) {
                    what.push("date");
                }
                if b.severity != h.severity {
                    what.push("severity");
                }
                if b.channel != h.channel {
                    what.push("channel");
                }
                if b.from != h.from {
                    what.push("person");
                }
                if b.org != h.org {
                    what.push("org");
                }
                if bq != hq {
                    what.push("quote");
                }
                if what.is_empty() {
                    continue;
                }
                (
                    "feedback-changed",
                    *h,
                    format!(
                        "feedback from {} changed ({}): {}",
                        person(h),
                        what.join(", "),
                        describe(h, prefix)
                    ),
                )
            }
            (None, None) => continue,
        };
        let mut cause = Cause::new(kind, text);
        cause.person.clone_from(&note.from);
        cause.note = Some(format!("{prefix}{}", note.path));
        out.push(cause);
    }
}
