//! How the ranking moved between two backlogs, and why: a pure comparison of
//! two loaded backlogs and their rankings, wherever they were loaded from (a
//! commit, the index, the work tree). It returns typed facts and raw numbers;
//! the wording, rounding and path prefixes are `render::diff`'s.

mod crossings;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::backlog::Backlog;
use crate::date::Date;
use crate::model::{Channel, Effort, Feedback, GoalStatus, Item, Level, RankModel, Status, Timing};
use crate::rank::Ranking;
use crossings::Crossings;

/// How an item's place changed; serialised as `diff --format json` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MoveKind {
    Up,
    Down,
    Added,
    Removed,
    Closed,
    Reopened,
}

/// What kind of reason a [`Cause`] is; serialised as `diff --format json`
/// names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CauseKind {
    ItemAdded,
    ItemRemoved,
    Status,
    Effort,
    Confidence,
    GoalLink,
    DependsOn,
    Goal,
    FeedbackNew,
    FeedbackChanged,
    FeedbackRemoved,
    PushedDown,
    Rose,
    Config,
    AsOf,
    Score,
    Overtaken,
    Inherited,
}

/// One item whose rank changed, or that was added, closed or removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub id: String,
    pub title: String,
    /// Ranks; `None` where the item was absent or closed.
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub kind: MoveKind,
    /// Scores as ranked, unrounded.
    pub score_from: Option<f64>,
    pub score_to: Option<f64>,
    /// The item's path at head (or at base when removed), backlog-relative.
    pub path: String,
    pub causes: Vec<Cause>,
}

/// One reason for a move, with the facts that word it. Paths are
/// backlog-relative.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    ItemAdded {
        path: String,
        status: Status,
    },
    ItemRemoved {
        path: String,
    },
    Status {
        from: Status,
        to: Status,
    },
    Effort {
        from: Effort,
        to: Effort,
    },
    Confidence {
        from: f64,
        to: f64,
    },
    /// The item's claim on a goal: added (`from` is `None`), removed (`to`
    /// is `None`) or its impact changed.
    GoalLink {
        goal: String,
        from: Option<Level>,
        to: Option<Level>,
    },
    DependsOn {
        item: String,
        added: bool,
    },
    /// A goal the item serves (at base or head) changed.
    Goal {
        goal: String,
        changes: Vec<GoalChange>,
        /// The goal is missing or inactive at head: it no longer scores.
        inactive: bool,
    },
    Feedback {
        change: FeedbackChange,
        note: NoteFacts,
    },
    /// The item fell only because these items rose past it (the first
    /// [`NAMED`] by rank, and how many more).
    PushedDown {
        items: Vec<String>,
        more: usize,
    },
    /// The item rose only because these items fell below it or left (the
    /// first [`NAMED`] by rank, and how many more).
    Rose {
        items: Vec<String>,
        more: usize,
    },
    Model {
        from: RankModel,
        to: RankModel,
    },
    Weights,
    AsOf {
        from: Option<Date>,
        to: Option<Date>,
    },
    /// Nothing else explains the move: the scores, as ranked.
    Score {
        from: Option<f64>,
        to: Option<f64>,
    },
    /// An item that rose past this one (new, reopened, or its score rose),
    /// and why it rose: its own causes, else what it inherits, else the
    /// whole-model changes, else its scores.
    Overtaken {
        item: String,
        because: Vec<Cause>,
    },
    /// More items overtook this one than are named one by one (the next
    /// [`NAMED`] by rank, and how many more).
    AlsoOvertaken {
        items: Vec<String>,
        more: usize,
    },
    /// What the item inherits from an item that depends on it changed
    /// (`rose`: it inherits more), and what changed there.
    Inherited {
        item: String,
        rose: bool,
        because: Vec<Cause>,
    },
}

impl Cause {
    pub fn kind(&self) -> CauseKind {
        match self {
            Cause::ItemAdded { .. } => CauseKind::ItemAdded,
            Cause::ItemRemoved { .. } => CauseKind::ItemRemoved,
            Cause::Status { .. } => CauseKind::Status,
            Cause::Effort { .. } => CauseKind::Effort,
            Cause::Confidence { .. } => CauseKind::Confidence,
            Cause::GoalLink { .. } => CauseKind::GoalLink,
            Cause::DependsOn { .. } => CauseKind::DependsOn,
            Cause::Goal { .. } => CauseKind::Goal,
            Cause::Feedback { change, .. } => match change {
                FeedbackChange::New { .. } => CauseKind::FeedbackNew,
                FeedbackChange::Changed(_) => CauseKind::FeedbackChanged,
                FeedbackChange::Removed { .. } => CauseKind::FeedbackRemoved,
            },
            Cause::PushedDown { .. } => CauseKind::PushedDown,
            Cause::Rose { .. } => CauseKind::Rose,
            Cause::Model { .. } | Cause::Weights => CauseKind::Config,
            Cause::AsOf { .. } => CauseKind::AsOf,
            Cause::Score { .. } => CauseKind::Score,
            Cause::Overtaken { .. } | Cause::AlsoOvertaken { .. } => CauseKind::Overtaken,
            Cause::Inherited { .. } => CauseKind::Inherited,
        }
    }

    /// The items that pushed this one down, made room for it, overtook it
    /// or pass value on to it.
    pub fn items(&self) -> &[String] {
        match self {
            Cause::PushedDown { items, .. }
            | Cause::Rose { items, .. }
            | Cause::AlsoOvertaken { items, .. } => items,
            Cause::Overtaken { item, .. } | Cause::Inherited { item, .. } => {
                std::slice::from_ref(item)
            }
            _ => &[],
        }
    }

    /// How many more items a list cause stands for than it names.
    pub fn more(&self) -> usize {
        match self {
            Cause::PushedDown { more, .. }
            | Cause::Rose { more, .. }
            | Cause::AlsoOvertaken { more, .. } => *more,
            _ => 0,
        }
    }

    /// What changed at the item a cause names, for the causes that name one.
    pub fn because(&self) -> &[Cause] {
        match self {
            Cause::Overtaken { because, .. } | Cause::Inherited { because, .. } => because,
            _ => &[],
        }
    }
}

/// One change to a goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GoalChange {
    Added,
    Removed,
    Weight { from: u8, to: u8 },
    Timing { from: Timing, to: Timing },
    Status { from: GoalStatus, to: GoalStatus },
}

/// How a linked feedback note changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedbackChange {
    /// Newly linked: a new note, or (`relinked`) one that existed but did not link here.
    New { relinked: bool },
    /// No longer linked: the note is gone, or (`unlinked`) it stays but links elsewhere.
    Removed { unlinked: bool },
    /// Still linked, with these fields changed.
    Changed(Vec<NoteField>),
}

/// A field of a feedback note that counts for the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteField {
    Date,
    Severity,
    Channel,
    Person,
    Org,
    Quote,
}

impl NoteField {
    pub fn name(self) -> &'static str {
        match self {
            NoteField::Date => "date",
            NoteField::Severity => "severity",
            NoteField::Channel => "channel",
            NoteField::Person => "person",
            NoteField::Org => "org",
            NoteField::Quote => "quote",
        }
    }
}

/// What a cause tells about a note: at head, or at base when it is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteFacts {
    /// Backlog-relative.
    pub path: String,
    /// `from:`; `None` for an anonymous note.
    pub person: Option<String>,
    pub channel: Channel,
    pub date: Option<Date>,
}

impl NoteFacts {
    fn of(note: &Feedback) -> Self {
        Self {
            path: note.path.clone(),
            person: note.from.clone(),
            channel: note.channel,
            date: note.date.as_ref().map(|d| d.value),
        }
    }
}

/// Every move between two rankings, best new rank first, then removed items.
#[derive(Debug, Clone, PartialEq)]
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
    fn scored(&self, id: &str) -> Option<&crate::rank::Scored> {
        self.ranking.position(self.backlog.item(id)?)
    }

    /// The ids of the open items that depend on `id`.
    fn dependents(&self, id: &str) -> Vec<String> {
        self.scored(id)
            .map(|s| {
                s.unblocks
                    .iter()
                    .map(|&d| self.backlog.items[d].id.value.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

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

pub fn compare(base: &Side<'_>, head: &Side<'_>) -> Comparison {
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
        let kind = match (b, h, from, to) {
            (None, _, _, _) => MoveKind::Added,
            (_, None, _, _) => MoveKind::Removed,
            (_, Some(_), _, None) => MoveKind::Closed,
            (Some(_), _, None, Some(_)) => MoveKind::Reopened,
            (_, _, Some(f), Some(t)) if t.0 < f.0 => MoveKind::Up,
            _ => MoveKind::Down,
        };
        let Some(shown) = h.or(b) else { continue };
        moves.push(Move {
            id: id.to_owned(),
            title: shown.title.clone(),
            from: from.map(|f| f.0),
            to: to.map(|t| t.0),
            kind,
            score_from: from.map(|f| f.1),
            score_to: to.map(|t| t.1),
            path: shown.path.clone(),
            causes: Vec::new(),
        });
    }
    let global = global_causes(base, head);
    let mut own = OwnCauses {
        base,
        head,
        known: BTreeMap::new(),
    };
    for m in &mut moves {
        m.causes = own.of(&m.id);
        m.causes.extend(inherited(&mut own, &m.id));
    }
    // Who rose, and why: new or reopened items, and items whose score rose.
    let risers: BTreeMap<String, Vec<Cause>> = moves
        .iter()
        .filter(|m| {
            m.to.is_some()
                && (m.from.is_none()
                    || m.score_to.unwrap_or(0.0) > m.score_from.unwrap_or(0.0) + SCORE_EPSILON)
        })
        .map(|m| {
            let mut because: Vec<Cause> = m.causes.clone();
            if because.is_empty() {
                because.clone_from(&global);
            }
            if because.is_empty() {
                because.push(Cause::Score {
                    from: m.score_from,
                    to: m.score_to,
                });
            }
            (m.id.clone(), because)
        })
        .collect();
    relative_causes(&mut moves, &risers, &global);
    moves.sort_by_key(|m| (m.to.is_none(), m.to, m.from, m.id.clone()));
    Comparison { moves, unchanged }
}

/// The causes of moves relative to the others, for the moves without a
/// cause of their own: pushed down by or moved up as the items that passed
/// them (else the global causes, else the score); then, for every move
/// that fell, the `risers` that overtook it, each with its reasons.
fn relative_causes(moves: &mut [Move], risers: &BTreeMap<String, Vec<Cause>>, global: &[Cause]) {
    let ranks: Vec<Ranks> = moves
        .iter()
        .map(|m| Ranks {
            from: rank32(m.from),
            to: rank32(m.to),
            riser: risers.contains_key(&m.id),
        })
        .collect();
    let crossings = Crossings::new(&ranks);
    let ids: Vec<String> = moves.iter().map(|m| m.id.clone()).collect();
    let names =
        |found: Vec<usize>| -> Vec<String> { found.into_iter().map(|x| ids[x].clone()).collect() };
    for (at, m) in moves.iter_mut().enumerate() {
        if !m.causes.is_empty() {
            continue;
        }
        // "Pushed down by" the items that rose past it for no reason of their
        // own (those that did are named below, with their reasons), or
        // "moved up as" the items that fell below it or left.
        let passed = if crossings::fell(ranks[at]) {
            let (found, plain, risen) = crossings.pushed_down(at, NAMED);
            if plain > 0 {
                m.causes.push(Cause::PushedDown {
                    more: plain - found.len(),
                    items: names(found),
                });
            }
            plain + risen > 0
        } else if crossings::rose(ranks[at]) {
            let (found, made_room) = crossings.moved_up_as(at, NAMED);
            if made_room > 0 {
                m.causes.push(Cause::Rose {
                    more: made_room - found.len(),
                    items: names(found),
                });
            }
            made_room > 0
        } else {
            false
        };
        if !passed {
            m.causes.extend(global.iter().cloned());
            if m.causes.is_empty() {
                m.causes.push(Cause::Score {
                    from: m.score_from,
                    to: m.score_to,
                });
            }
        }
    }
    // "Overtaken by X, which rose because …" for every item that fell, for
    // each item that rose past it (new, reopened, or with a higher score).
    for (at, m) in moves.iter_mut().enumerate() {
        if !crossings::fell(ranks[at]) {
            continue;
        }
        let (found, total) = crossings.overtaken_by(at, OVERTAKERS_SHOWN + NAMED);
        let found = names(found);
        for id in found.iter().take(OVERTAKERS_SHOWN) {
            m.causes.push(Cause::Overtaken {
                item: id.clone(),
                because: risers[id].clone(),
            });
        }
        if total > OVERTAKERS_SHOWN {
            let items: Vec<String> = found.into_iter().skip(OVERTAKERS_SHOWN).collect();
            m.causes.push(Cause::AlsoOvertaken {
                more: total - OVERTAKERS_SHOWN - items.len(),
                items,
            });
        }
    }
}

/// Scores closer than this count as equal (they are shown to two decimals).
const SCORE_EPSILON: f64 = 1e-9;

/// How many overtaking items a move names one by one, with their causes.
const OVERTAKERS_SHOWN: usize = 3;

/// Each item's own causes, worked out once.
struct OwnCauses<'s, 'a> {
    base: &'s Side<'a>,
    head: &'s Side<'a>,
    known: BTreeMap<String, Vec<Cause>>,
}

impl OwnCauses<'_, '_> {
    fn of(&mut self, id: &str) -> Vec<Cause> {
        if let Some(known) = self.known.get(id) {
            return known.clone();
        }
        let found = causes(self.base, self.head, id);
        self.known.insert(id.to_owned(), found.clone());
        found
    }
}

/// "Inherits more (or less) from Y, which depends on it": for an item whose
/// inherited value changed, each dependent (at base or head) that changed
/// itself, with what changed there, else its scores.
fn inherited(own: &mut OwnCauses<'_, '_>, id: &str) -> Vec<Cause> {
    let inherits = |side: &Side<'_>| side.scored(id).map_or(0.0, |s| s.inherited);
    let (before, after) = (inherits(own.base), inherits(own.head));
    if (after - before).abs() <= SCORE_EPSILON {
        return Vec::new();
    }
    let mut dependents: BTreeSet<String> = own.base.dependents(id).into_iter().collect();
    dependents.extend(own.head.dependents(id));
    let mut out = Vec::new();
    for dependent in dependents {
        let mut because = own.of(&dependent);
        if because.is_empty() {
            let score = |side: &Side<'_>| side.scored(&dependent).map(|s| s.score);
            let (from, to) = (score(own.base), score(own.head));
            if from
                .zip(to)
                .is_some_and(|(f, t)| (f - t).abs() <= SCORE_EPSILON)
            {
                continue;
            }
            because.push(Cause::Score { from, to });
        }
        out.push(Cause::Inherited {
            item: dependent,
            rose: after > before,
            because,
        });
    }
    out
}

/// How many items a "pushed down by", "moved up as" or "also overtaken by"
/// cause names; the rest it counts.
pub const NAMED: usize = 10;

/// Changes to the whole model: weights, model, the as-of date.
fn global_causes(base: &Side<'_>, head: &Side<'_>) -> Vec<Cause> {
    let mut out = Vec::new();
    let (bc, hc) = (&base.backlog.config, &head.backlog.config);
    if bc.model != hc.model {
        out.push(Cause::Model {
            from: bc.model,
            to: hc.model,
        });
    }
    if bc.weights != hc.weights {
        out.push(Cause::Weights);
    }
    if base.ranking.as_of != head.ranking.as_of {
        out.push(Cause::AsOf {
            from: base.ranking.as_of,
            to: head.ranking.as_of,
        });
    }
    out
}

/// A move's ranks, absent as [`ABSENT`] (above every rank, so that "below
/// it" holds for an item that left).
#[derive(Debug, Clone, Copy)]
struct Ranks {
    from: u32,
    to: u32,
    /// It rose for reasons of its own (new, reopened, or a higher score).
    riser: bool,
}

/// The rank of an item absent or closed on one side.
const ABSENT: u32 = u32::MAX;

fn rank32(rank: Option<usize>) -> u32 {
    rank.map_or(ABSENT, |r| u32::try_from(r).unwrap_or(ABSENT - 1))
}

/// The item's own causes: its edits, its goals, its feedback.
fn causes(base: &Side<'_>, head: &Side<'_>, id: &str) -> Vec<Cause> {
    let mut out = Vec::new();
    let (b, h) = (base.item(id), head.item(id));
    match (b, h) {
        (None, Some(item)) => out.push(Cause::ItemAdded {
            path: item.path.clone(),
            status: item.status,
        }),
        (Some(item), None) => out.push(Cause::ItemRemoved {
            path: item.path.clone(),
        }),
        (Some(b), Some(h)) => own_edits(b, h, &mut out),
        (None, None) => {}
    }
    goal_changes(base, head, id, &mut out);
    feedback_changes(base, head, id, &mut out);
    out
}

fn own_edits(b: &Item, h: &Item, out: &mut Vec<Cause>) {
    if b.status != h.status {
        out.push(Cause::Status {
            from: b.status,
            to: h.status,
        });
    }
    if b.effort != h.effort {
        out.push(Cause::Effort {
            from: b.effort,
            to: h.effort,
        });
    }
    if (b.confidence - h.confidence).abs() > f64::EPSILON {
        out.push(Cause::Confidence {
            from: b.confidence,
            to: h.confidence,
        });
    }
    let impacts = |i: &Item| -> BTreeMap<String, Level> {
        i.goals
            .iter()
            .map(|g| (g.goal.value.clone(), g.impact))
            .collect()
    };
    let (before, after) = (impacts(b), impacts(h));
    for (goal, &impact) in &after {
        let from = before.get(goal).copied();
        if from != Some(impact) {
            out.push(Cause::GoalLink {
                goal: goal.clone(),
                from,
                to: Some(impact),
            });
        }
    }
    for (goal, &impact) in before.iter().filter(|(g, _)| !after.contains_key(*g)) {
        out.push(Cause::GoalLink {
            goal: goal.clone(),
            from: Some(impact),
            to: None,
        });
    }
    let deps =
        |i: &Item| -> BTreeSet<String> { i.depends_on.iter().map(|d| d.value.clone()).collect() };
    let (bd, hd) = (deps(b), deps(h));
    for item in hd.difference(&bd) {
        out.push(Cause::DependsOn {
            item: item.clone(),
            added: true,
        });
    }
    for item in bd.difference(&hd) {
        out.push(Cause::DependsOn {
            item: item.clone(),
            added: false,
        });
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
            (None, Some(_)) => changes.push(GoalChange::Added),
            (Some(_), None) => changes.push(GoalChange::Removed),
            (Some(b), Some(h)) => {
                if b.weight != h.weight {
                    changes.push(GoalChange::Weight {
                        from: b.weight,
                        to: h.weight,
                    });
                }
                if b.timing != h.timing {
                    changes.push(GoalChange::Timing {
                        from: b.timing,
                        to: h.timing,
                    });
                }
                if b.status != h.status {
                    changes.push(GoalChange::Status {
                        from: b.status,
                        to: h.status,
                    });
                }
            }
            (None, None) => {}
        }
        if changes.is_empty() {
            continue;
        }
        let inactive = !matches!(h.map(|g| g.status), Some(GoalStatus::Active) | None);
        out.push(Cause::Goal {
            goal,
            changes,
            inactive,
        });
    }
}

fn feedback_changes(base: &Side<'_>, head: &Side<'_>, id: &str, out: &mut Vec<Cause>) {
    let before = base.evidence(id);
    let after = head.evidence(id);
    let paths: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    for path in paths {
        let (change, note) = match (before.get(path), after.get(path)) {
            (None, Some((note, _))) => {
                let relinked = base.backlog.feedback.iter().any(|f| f.path == path);
                (FeedbackChange::New { relinked }, *note)
            }
            (Some((note, _)), None) => {
                let unlinked = head.backlog.feedback.iter().any(|f| f.path == path);
                (FeedbackChange::Removed { unlinked }, *note)
            }
            (Some((b, bq)), Some((h, hq))) => {
                let mut what = Vec::new();
                if b.date.as_ref().map(|d| d.value) != h.date.as_ref().map(|d| d.value) {
                    what.push(NoteField::Date);
                }
                if b.severity != h.severity {
                    what.push(NoteField::Severity);
                }
                if b.channel != h.channel {
                    what.push(NoteField::Channel);
                }
                if b.from != h.from {
                    what.push(NoteField::Person);
                }
                if b.org != h.org {
                    what.push(NoteField::Org);
                }
                if bq != hq {
                    what.push(NoteField::Quote);
                }
                if what.is_empty() {
                    continue;
                }
                (FeedbackChange::Changed(what), *h)
            }
            (None, None) => continue,
        };
        out.push(Cause::Feedback {
            change,
            note: NoteFacts::of(note),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The relative causes as computed before the flat array of ranks and
    /// the lists capped at [`NAMED`] (f73c3fe), kept to compare against.
    mod before {
        use std::collections::BTreeMap;

        use super::super::{Cause, Move, OVERTAKERS_SHOWN};

        type Movers = [(String, Option<usize>, Option<usize>)];

        pub fn relative_causes(
            moves: &mut [Move],
            risers: &BTreeMap<String, Vec<Cause>>,
            global: &[Cause],
        ) {
            let ranked: Vec<(String, Option<usize>, Option<usize>)> =
                moves.iter().map(|m| (m.id.clone(), m.from, m.to)).collect();
            for m in moves.iter_mut() {
                if !m.causes.is_empty() {
                    continue;
                }
                if let Some(cause) = relative_cause(m, &ranked) {
                    m.causes.push(cause);
                }
                if m.causes.first().is_none_or(|c| c.items().is_empty()) {
                    m.causes.extend(global.iter().cloned());
                }
                if m.causes.is_empty() {
                    m.causes.push(Cause::Score {
                        from: m.score_from,
                        to: m.score_to,
                    });
                }
            }
            for m in moves.iter_mut() {
                overtaken(m, &ranked, risers);
            }
        }

        fn overtaken(m: &mut Move, movers: &Movers, risers: &BTreeMap<String, Vec<Cause>>) {
            let (Some(from), Some(to)) = (m.from, m.to) else {
                return;
            };
            if to <= from {
                return;
            }
            let mut past: Vec<(usize, &str)> = movers
                .iter()
                .filter(|(id, f, t)| {
                    *id != m.id
                        && risers.contains_key(id)
                        && t.is_some_and(|t| t < to)
                        && f.is_none_or(|f| f > from)
                })
                .filter_map(|(id, _, t)| Some(((*t)?, id.as_str())))
                .collect();
            past.sort_unstable();
            for cause in &mut m.causes {
                if let Cause::PushedDown { items, .. } = cause {
                    items.retain(|id| !past.iter().any(|&(_, p)| p == id));
                }
            }
            m.causes
                .retain(|c| !matches!(c, Cause::PushedDown { items, .. } if items.is_empty()));
            for &(_, id) in past.iter().take(OVERTAKERS_SHOWN) {
                m.causes.push(Cause::Overtaken {
                    item: id.to_owned(),
                    because: risers[id].clone(),
                });
            }
            if past.len() > OVERTAKERS_SHOWN {
                m.causes.push(Cause::AlsoOvertaken {
                    items: past[OVERTAKERS_SHOWN..]
                        .iter()
                        .map(|&(_, id)| id.to_owned())
                        .collect(),
                    more: 0,
                });
            }
        }

        fn relative_cause(m: &Move, movers: &Movers) -> Option<Cause> {
            let (Some(from), Some(to)) = (m.from, m.to) else {
                return None;
            };
            let fell = to > from;
            let mut items: Vec<(usize, String)> = movers
                .iter()
                .filter(|(id, f, t)| {
                    *id != m.id
                        && if fell {
                            t.is_some_and(|t| t < to) && f.is_none_or(|f| f > from)
                        } else {
                            f.is_some_and(|f| f < from) && t.is_none_or(|t| t > to)
                        }
                })
                // Named by rank since: head rank for a fall, base rank for a rise.
                .map(|(id, f, t)| {
                    (
                        if fell { t.unwrap_or(0) } else { f.unwrap_or(0) },
                        id.clone(),
                    )
                })
                .collect();
            items.sort_by_key(|(rank, _)| *rank);
            let items: Vec<String> = items.into_iter().map(|(_, id)| id).collect();
            if items.is_empty() {
                None
            } else if fell {
                Some(Cause::PushedDown { items, more: 0 })
            } else {
                Some(Cause::Rose { items, more: 0 })
            }
        }
    }

    /// A full list as the capped one words it: the first [`NAMED`] and a count.
    fn capped(mut causes: Vec<Cause>) -> Vec<Cause> {
        for cause in &mut causes {
            if let Cause::PushedDown { items, more }
            | Cause::Rose { items, more }
            | Cause::AlsoOvertaken { items, more } = cause
            {
                *more = items.len().saturating_sub(NAMED);
                items.truncate(NAMED);
            }
        }
        causes
    }

    proptest::proptest! {
        /// Every mix of present and absent ranks, risers and moves with
        /// causes of their own gives the causes the pairwise lists of
        /// f73c3fe gave, capped to [`NAMED`] names and a count.
        #[test]
        fn relative_causes_are_those_of_the_lists_before_the_flat_ranks(
            shape in proptest::collection::vec(
                (proptest::option::of(1usize..30), proptest::option::of(1usize..30), 0u8..4),
                0..60,
            ),
            global in proptest::bool::ANY,
        ) {
            let moves: Vec<Move> = shape
                .iter()
                .enumerate()
                .map(|(n, &(from, to, flags))| Move {
                    id: format!("m{n:02}"),
                    title: String::new(),
                    from,
                    to,
                    kind: MoveKind::Up,
                    score_from: from.map(|_| 1.0),
                    score_to: to.map(|_| 2.0),
                    path: String::new(),
                    // A quarter have causes of their own.
                    causes: if flags == 3 { vec![Cause::Weights] } else { Vec::new() },
                })
                .collect();
            let risers: BTreeMap<String, Vec<Cause>> = moves
                .iter()
                .zip(&shape)
                .filter(|(m, shape)| m.to.is_some() && shape.2 % 2 == 1)
                .map(|(m, _)| (m.id.clone(), vec![Cause::Weights]))
                .collect();
            let global = if global { vec![Cause::Weights] } else { Vec::new() };
            let mut old = moves.clone();
            before::relative_causes(&mut old, &risers, &global);
            let mut new = moves;
            relative_causes(&mut new, &risers, &global);
            for (old, new) in old.into_iter().zip(new) {
                proptest::prop_assert_eq!(capped(old.causes), new.causes, "{}", new.id);
            }
        }
    }

    fn mover(from: usize, to: usize, riser: bool) -> Ranks {
        Ranks {
            from: rank32(Some(from)),
            to: rank32(Some(to)),
            riser,
        }
    }

    /// An item that fell past many others names ten of them (by head rank)
    /// and counts the rest, so a diff of n moves stays O(n) in size; items
    /// that rose for reasons of their own are counted apart, for `overtaken`.
    #[test]
    fn long_relative_causes_name_ten_and_count_the_rest() {
        // The fallen item first, then 30 that rose past it; the first
        // `risers` of those rose for reasons of their own.
        let movers = |risers: usize| {
            let mut all = vec![mover(1, 40, false)];
            all.extend((0..30).map(|n| mover(10 + n, 2 + n, n < risers)));
            all
        };
        let (found, plain, risen) = Crossings::new(&movers(5)).pushed_down(0, NAMED);
        assert_eq!(
            found,
            (6..16).collect::<Vec<_>>(),
            "by head rank, risers left out"
        );
        assert_eq!((plain, risen), (25, 5));
        let (overtakers, total) = Crossings::new(&movers(5)).overtaken_by(0, 2);
        assert_eq!((overtakers, total), (vec![1, 2], 5));
        let (found, plain, risen) = Crossings::new(&movers(30)).pushed_down(0, NAMED);
        assert_eq!((found.len(), plain, risen), (0, 0, 30));
        let (found, plain, risen) = Crossings::new(&movers(0)[..1]).pushed_down(0, NAMED);
        assert_eq!((found.len(), plain, risen), (0, 0, 0));
        // One that rose past items that fell or left: "moved up as", by base rank.
        let mut rose = vec![mover(40, 1, false)];
        rose.extend((0..12).map(|n| Ranks {
            from: rank32(Some(14 - n)),
            to: if n % 2 == 0 {
                ABSENT
            } else {
                rank32(Some(50 + n))
            },
            riser: false,
        }));
        let (found, total) = Crossings::new(&rose).moved_up_as(0, NAMED);
        assert_eq!(total, 12);
        assert_eq!(found, (3..13).rev().collect::<Vec<_>>());
    }
}
