//! Scoring and ordering: pure functions of a linked backlog. No I/O, no git,
//! no clock: the as-of date comes from the content.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use crate::backlog::Backlog;
use crate::config::Weights;
use crate::date::Date;
use crate::model::{
    Channel, Effort, Feedback, Goal, GoalStatus, Horizon, Item, Level, RankModel, Status, Timing,
};

/// The ranking of a backlog.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub as_of: Option<Date>,
    pub model: RankModel,
    /// Open items, best first.
    pub ranked: Vec<Scored>,
    /// Done items, then dropped ones, each by id.
    pub closed: Vec<usize>,
    /// For each item (by index into the backlog), its index in `ranked`:
    /// `diff` looks up every item on both sides, so the lookup is O(1).
    by_item: Vec<Option<usize>>,
}

impl Ranking {
    /// The item's entry in the ranking; `None` when it is closed or unknown.
    pub fn position(&self, item: usize) -> Option<&Scored> {
        self.by_item
            .get(item)
            .copied()
            .flatten()
            .map(|at| &self.ranked[at])
    }
}

/// Where each item sits in `ranked`, by item index.
fn index_by_item(ranked: &[Scored], items: usize) -> Vec<Option<usize>> {
    let mut by_item = vec![None; items];
    for (at, s) in ranked.iter().enumerate() {
        if let Some(slot) = by_item.get_mut(s.item) {
            *slot = Some(at);
        }
    }
    by_item
}

/// One open item's score, term by term.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub item: usize,
    /// 1-based.
    pub rank: usize,
    /// The item's own score plus what it inherits from dependents.
    pub score: f64,
    /// The score from its own goals and evidence.
    pub own: f64,
    pub inherited: f64,
    pub business: f64,
    pub goals: Vec<GoalTerm>,
    pub users: f64,
    /// One term per distinct person, strongest first.
    pub people: Vec<PersonTerm>,
    pub orgs: Vec<String>,
    pub effort: f64,
    pub confidence: f64,
    /// Open items that depend on this one.
    pub unblocks: Vec<usize>,
}

/// weight × impact × urgency for one active goal the item serves.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalTerm {
    pub goal: usize,
    pub weight: f64,
    pub impact: Level,
    pub impact_value: f64,
    pub urgency: f64,
    pub value: f64,
}

/// channel × severity × recency for a person's strongest linked note.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonTerm {
    /// The `from:` of the note, or `None` for an anonymous note.
    pub person: Option<String>,
    pub note: usize,
    pub org: Option<String>,
    pub channel: Channel,
    pub date: Option<Date>,
    pub severity: Level,
    pub channel_weight: f64,
    pub severity_weight: f64,
    pub recency: f64,
    pub value: f64,
    /// How many of this person's notes link to the item.
    pub notes: usize,
}

/// A sum that is +0.0 when empty: `Iterator::sum` starts from -0.0, which
/// would sort below 0.0 under `total_cmp` and print as "-0".
fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |total, v| total + v)
}

/// The as-of date: `as_of:` in the config, else the newest feedback date.
pub fn as_of(backlog: &Backlog) -> Option<Date> {
    backlog.config.as_of.or_else(|| {
        backlog
            .feedback
            .iter()
            .filter_map(|f| f.date.as_ref().map(|d| d.value))
            .max()
    })
}

/// The urgency of a goal's timing; a due date maps to the nearest horizon.
pub fn urgency(timing: Timing, as_of: Option<Date>, weights: &Weights) -> f64 {
    let horizon = match timing {
        Timing::Horizon(h) => h,
        Timing::Due(due) => {
            let days = as_of.map_or(0, |a| due.days_since(a));
            [
                (91, Horizon::ThreeMonths),
                (182, Horizon::SixMonths),
                (365, Horizon::TwelveMonths),
            ]
            .into_iter()
            .min_by_key(|(span, _)| (days - span).abs())
            .map_or(Horizon::ThreeMonths, |(_, h)| h)
        }
    };
    weights.urgency[horizon.index()]
}

fn effort_value(effort: Effort, weights: &Weights) -> f64 {
    match effort {
        Effort::Size(size) => weights.effort[size.index()],
        Effort::Weeks(weeks) => weeks,
    }
}

/// A person's identity for counting: `from:` folded, or the note itself.
/// Only equality matters: people are sorted by their terms afterwards.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum PersonKey<'a> {
    Named(&'a str),
    Anonymous(usize),
}

fn person_key(person: Option<&str>, note: usize) -> PersonKey<'_> {
    match person {
        Some(name) => PersonKey::Named(name),
        None => PersonKey::Anonymous(note),
    }
}

/// What an item's own score is made of, term by term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Own {
    pub business: f64,
    pub users: f64,
    pub effort: f64,
    /// The model's score from the item's goals and evidence alone.
    pub own: f64,
}

/// The model's formula: an item's own score from its goal and person terms.
pub fn own_score(
    model: RankModel,
    weights: &Weights,
    item: &Item,
    goals: &[GoalTerm],
    people: &[PersonTerm],
) -> Own {
    let business = sum(goals.iter().map(|g| g.value));
    let users = sum(people.iter().map(|p| p.value));
    let effort = effort_value(item.effort, weights);
    let confidence = item.confidence;
    let k = weights.users_factor;
    let own = match model {
        RankModel::Evidence => (business + k * users) * confidence / effort,
        RankModel::Rice => people.len() as f64 * business * confidence / effort,
        RankModel::Wsjf => {
            let value = sum(goals.iter().map(|g| g.weight * g.impact_value));
            (value + business + k * users) / effort
        }
        RankModel::Ice => (business + k * users) * confidence * 10.0 / (1.0 + effort),
    };
    Own {
        business,
        users,
        effort,
        own,
    }
}

/// The open items' final scores and order, by entry (see [`settle`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    /// Own score plus what each entry inherits from its dependents.
    pub score: Vec<f64>,
    /// The open entries that depend on each entry, by id.
    pub unblocks: Vec<Vec<usize>>,
    /// Entry indices, best first.
    pub order: Vec<usize>,
}

/// Dependency inheritance and ordering: the stage after every item's own
/// score is known. `rank` and the rank history share it. `own`, `people`
/// (distinct people) and `ids` hold one entry per open item in path order,
/// `waits_for` each entry's open dependencies as entry indices.
///
/// `hint`, a permutation of the entries, only saves time: the closer it is
/// to the result (say, the previous order of a history), the faster the sort.
pub fn settle(
    own: &[f64],
    people: &[usize],
    ids: &[&str],
    waits_for: &[Vec<usize>],
    share: f64,
    hint: Option<Vec<usize>>,
) -> Settled {
    let n = own.len();
    // Open dependents of each open entry, by id.
    let mut unblocks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (d, deps) in waits_for.iter().enumerate() {
        for &x in deps {
            unblocks[x].push(d);
        }
    }
    for u in &mut unblocks {
        u.sort_by(|a, b| ids[*a].cmp(ids[*b]));
    }

    // An item inherits part of the value of what waits for it, transitively.
    let mut memo: Vec<Option<f64>> = vec![None; n];
    let mut visiting = vec![false; n];
    for s in 0..n {
        effective(s, own, &unblocks, share, &mut memo, &mut visiting);
    }
    let score: Vec<f64> = memo
        .into_iter()
        .map(|v| v.expect("every entry is settled"))
        .collect();
    let order = order(&score, people, ids, waits_for, hint);
    Settled {
        score,
        unblocks,
        order,
    }
}

/// Scores and orders every open item.
pub fn rank(backlog: &Backlog) -> Ranking {
    let weights = &backlog.config.weights;
    let model = backlog.config.model;
    let as_of = as_of(backlog);
    let items = &backlog.items;
    let open: Vec<bool> = items.iter().map(|i| i.status.is_open()).collect();

    let mut scored: Vec<Scored> = Vec::new();
    let mut slot: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        if !open[i] {
            continue;
        }
        let goals: Vec<GoalTerm> = backlog.links.item_goals[i]
            .iter()
            .filter_map(|&(g, impact)| goal_term(g, &backlog.goals[g], impact, as_of, weights))
            .collect();
        let people = person_terms(
            backlog.links.evidence[i]
                .iter()
                .map(|e| (e.note, &backlog.feedback[e.note])),
            as_of,
            weights,
        );
        let Own {
            business,
            users,
            effort,
            own,
        } = own_score(model, weights, item, &goals, &people);
        let orgs: BTreeSet<String> = people.iter().filter_map(|p| p.org.clone()).collect();
        slot.insert(i, scored.len());
        scored.push(Scored {
            item: i,
            rank: 0,
            score: own,
            own,
            inherited: 0.0,
            business,
            goals,
            users,
            people,
            orgs: orgs.into_iter().collect(),
            effort,
            confidence: item.confidence,
            unblocks: Vec::new(),
        });
    }

    // Open dependencies of each scored entry, as entry indices.
    let waits_for: Vec<Vec<usize>> = scored
        .iter()
        .map(|s| {
            backlog.links.depends_on[s.item]
                .iter()
                .filter_map(|d| slot.get(d).copied())
                .collect()
        })
        .collect();
    let own: Vec<f64> = scored.iter().map(|s| s.own).collect();
    let people: Vec<usize> = scored.iter().map(|s| s.people.len()).collect();
    let ids: Vec<&str> = scored
        .iter()
        .map(|s| items[s.item].id.value.as_str())
        .collect();
    let settled = settle(
        &own,
        &people,
        &ids,
        &waits_for,
        weights.dependency_inheritance,
        None,
    );
    let item_of: Vec<usize> = scored.iter().map(|s| s.item).collect();
    for (s, entry) in scored.iter_mut().enumerate() {
        entry.score = settled.score[s];
        entry.inherited = entry.score - entry.own;
        entry.unblocks = settled.unblocks[s].iter().map(|&d| item_of[d]).collect();
    }

    let mut ranked: Vec<Scored> = Vec::with_capacity(settled.order.len());
    for (position, s) in settled.order.into_iter().enumerate() {
        let mut entry = scored[s].clone();
        entry.rank = position + 1;
        ranked.push(entry);
    }

    let mut closed: Vec<usize> = (0..items.len()).filter(|&i| !open[i]).collect();
    closed.sort_by(|&a, &b| {
        let rank = |s: Status| u8::from(s == Status::Dropped);
        (rank(items[a].status), &items[a].id.value)
            .cmp(&(rank(items[b].status), &items[b].id.value))
    });
    let by_item = index_by_item(&ranked, items.len());
    Ranking {
        as_of,
        model,
        ranked,
        closed,
        by_item,
    }
}

fn effective(
    s: usize,
    own: &[f64],
    unblocks: &[Vec<usize>],
    share: f64,
    memo: &mut [Option<f64>],
    visiting: &mut [bool],
) -> f64 {
    if let Some(value) = memo[s] {
        return value;
    }
    // A cycle is reported by link; here it only must not loop.
    if visiting[s] {
        return 0.0;
    }
    visiting[s] = true;
    let mut value = own[s];
    for &d in &unblocks[s] {
        value += share * effective(d, own, unblocks, share, memo, visiting);
    }
    visiting[s] = false;
    memo[s] = Some(value);
    value
}

/// Best first, with every open dependency above its dependents: each item's
/// sort key is raised to the key of the best item waiting on it, and items are
/// taken in key order only once their open dependencies are placed.
fn order(
    score: &[f64],
    people: &[usize],
    ids: &[&str],
    waits_for: &[Vec<usize>],
    hint: Option<Vec<usize>>,
) -> Vec<usize> {
    let n = score.len();
    let mut key: Vec<f64> = score.to_vec();
    // Propagate keys down dependency chains; n rounds reach every chain.
    for _ in 0..n {
        let mut changed = false;
        for (s, deps) in waits_for.iter().enumerate() {
            for &d in deps {
                if key[d] < key[s] {
                    key[d] = key[s];
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let better = |a: usize, b: usize| -> std::cmp::Ordering {
        key[b]
            .total_cmp(&key[a])
            .then(score[b].total_cmp(&score[a]))
            .then(people[b].cmp(&people[a]))
            .then(ids[a].cmp(ids[b]))
            // Duplicate ids with equal scores keep path order.
            .then(a.cmp(&b))
    };
    // Kahn's algorithm over a heap of positions in the preferred order:
    // O(n log n) rather than a scan of every item per placement.
    let mut by_preference: Vec<usize> = hint.unwrap_or_else(|| (0..n).collect());
    debug_assert_eq!(by_preference.len(), n);
    // `better` is a total order: the result does not depend on the start,
    // and the sort is quick on a start that is nearly in order.
    by_preference.sort_by(|&a, &b| better(a, b));
    if waits_for.iter().all(Vec::is_empty) {
        // Nothing waits: the heap would hand the positions back in order.
        return by_preference;
    }
    let mut position = vec![0; n];
    for (p, &s) in by_preference.iter().enumerate() {
        position[s] = p;
    }
    let mut pending: Vec<usize> = waits_for
        .iter()
        .enumerate()
        .map(|(s, deps)| deps.iter().filter(|&&d| d != s).count())
        .collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (s, deps) in waits_for.iter().enumerate() {
        for &d in deps.iter().filter(|&&d| d != s) {
            dependents[d].push(s);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..n)
        .filter(|&s| pending[s] == 0)
        .map(|s| Reverse(position[s]))
        .collect();
    let mut placed = vec![false; n];
    let mut out = Vec::with_capacity(n);
    let mut next_unplaced = 0;
    while out.len() < n {
        let next = if let Some(Reverse(p)) = ready.pop() {
            by_preference[p]
        } else {
            // In a cycle nothing is ready; take the best unplaced item.
            while placed[by_preference[next_unplaced]] {
                next_unplaced += 1;
            }
            by_preference[next_unplaced]
        };
        if placed[next] {
            continue;
        }
        placed[next] = true;
        out.push(next);
        for &d in &dependents[next] {
            pending[d] -= 1;
            if pending[d] == 0 && !placed[d] {
                ready.push(Reverse(position[d]));
            }
        }
    }
    out
}

/// weight × impact × urgency for a goal an item serves; `None` unless the
/// goal is active. `index` is what the term names the goal by.
pub fn goal_term(
    index: usize,
    goal: &Goal,
    impact: Level,
    as_of: Option<Date>,
    weights: &Weights,
) -> Option<GoalTerm> {
    if goal.status != GoalStatus::Active {
        return None;
    }
    let weight = f64::from(goal.weight);
    let impact_value = weights.impact[impact.index()];
    let urgency = urgency(goal.timing, as_of, weights);
    Some(GoalTerm {
        goal: index,
        weight,
        impact,
        impact_value,
        urgency,
        value: weight * impact_value * urgency,
    })
}

/// One term per distinct person among the notes linked to an item, given in
/// path order with the index each term names its note by (distinct per note).
pub fn person_terms<'a>(
    notes: impl IntoIterator<Item = (usize, &'a Feedback)>,
    as_of: Option<Date>,
    weights: &Weights,
) -> Vec<PersonTerm> {
    let mut best: BTreeMap<PersonKey<'a>, PersonTerm> = BTreeMap::new();
    for (index, note) in notes {
        let date = note.date.as_ref().map(|d| d.value);
        let age = match (as_of, date) {
            (Some(as_of), Some(date)) => f64::from(as_of.days_since(date).max(0)),
            _ => 0.0,
        };
        let recency = 0.5f64.powf(age / weights.half_life_days);
        let channel_weight = weights.channel[note.channel.index()];
        let severity_weight = weights.severity[note.severity.index()];
        let value = channel_weight * severity_weight * recency;
        // Made only for a note that counts.
        let term = || PersonTerm {
            person: note.from.clone(),
            note: index,
            org: note.org.clone(),
            channel: note.channel,
            date,
            severity: note.severity,
            channel_weight,
            severity_weight,
            recency,
            value,
            notes: 1,
        };
        let key = person_key(note.person.as_deref(), index);
        match best.get_mut(&key) {
            None => {
                best.insert(key, term());
            }
            Some(current) => {
                let notes = current.notes + 1;
                // The strongest note counts; ties go to the newer, then the first by path.
                if (value, date) > (current.value, current.date) {
                    *current = term();
                }
                current.notes = notes;
            }
        }
    }
    let mut people: Vec<PersonTerm> = best.into_values().collect();
    people.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.person.cmp(&b.person))
            .then(a.note.cmp(&b.note))
    });
    people
}
