//! Scoring and ordering: pure functions of a linked backlog. No I/O, no git,
//! no clock: the as-of date comes from the content.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use crate::backlog::Backlog;
use crate::config::Weights;
use crate::date::Date;
use crate::model::{Channel, Effort, GoalStatus, Horizon, Level, RankModel, Status, Timing};

/// The ranking of a backlog.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub as_of: Option<Date>,
    pub model: RankModel,
    /// Open items, best first.
    pub ranked: Vec<Scored>,
    /// Done items, then dropped ones, each by id.
    pub closed: Vec<usize>,
}

impl Ranking {
    pub fn position(&self, item: usize) -> Option<&Scored> {
        self.ranked.iter().find(|s| s.item == item)
    }
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
fn person_key(from: Option<&str>, note: usize) -> String {
    match from {
        Some(name) => format!("p:{}", name.trim().to_lowercase()),
        None => format!("n:{note:08}"),
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
        let goals = goal_terms(backlog, i, as_of);
        let business = sum(goals.iter().map(|g| g.value));
        let people = person_terms(backlog, i, as_of);
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
            confidence,
            unblocks: Vec::new(),
        });
    }

    // Open dependents of each open item.
    for (d, deps) in backlog.links.depends_on.iter().enumerate() {
        if !open[d] {
            continue;
        }
        for &x in deps {
            if let Some(&s) = slot.get(&x) {
                scored[s].unblocks.push(d);
            }
        }
    }
    for s in &mut scored {
        s.unblocks
            .sort_by(|a, b| items[*a].id.value.cmp(&items[*b].id.value));
    }

    // An item inherits part of the value of what waits for it, transitively.
    let share = weights.dependency_inheritance;
    let mut total: BTreeMap<usize, f64> = BTreeMap::new();
    for s in 0..scored.len() {
        effective(s, &scored, &slot, share, &mut total, &mut BTreeSet::new());
    }
    for (s, entry) in scored.iter_mut().enumerate() {
        entry.score = total[&s];
        entry.inherited = entry.score - entry.own;
    }

    let order = order(&scored, &slot, backlog);
    let mut ranked: Vec<Scored> = Vec::with_capacity(order.len());
    for (position, s) in order.into_iter().enumerate() {
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
    Ranking {
        as_of,
        model,
        ranked,
        closed,
    }
}

fn effective(
    s: usize,
    scored: &[Scored],
    slot: &BTreeMap<usize, usize>,
    share: f64,
    memo: &mut BTreeMap<usize, f64>,
    visiting: &mut BTreeSet<usize>,
) -> f64 {
    if let Some(&value) = memo.get(&s) {
        return value;
    }
    // A cycle is reported by link; here it only must not loop.
    if !visiting.insert(s) {
        return 0.0;
    }
    let mut value = scored[s].own;
    for d in &scored[s].unblocks {
        if let Some(&ds) = slot.get(d) {
            value += share * effective(ds, scored, slot, share, memo, visiting);
        }
    }
    visiting.remove(&s);
    memo.insert(s, value);
    value
}

/// Best first, with every open dependency above its dependents: each item's
/// sort key is raised to the key of the best item waiting on it, and items are
/// taken in key order only once their open dependencies are placed.
fn order(scored: &[Scored], slot: &BTreeMap<usize, usize>, backlog: &Backlog) -> Vec<usize> {
    let items = &backlog.items;
    let n = scored.len();
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
    let mut key: Vec<f64> = scored.iter().map(|s| s.score).collect();
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
            .then(scored[b].score.total_cmp(&scored[a].score))
            .then(scored[b].people.len().cmp(&scored[a].people.len()))
            .then(
                items[scored[a].item]
                    .id
                    .value
                    .cmp(&items[scored[b].item].id.value),
            )
    };
    // Kahn's algorithm over a heap of positions in the preferred order:
    // O(n log n) rather than a scan of every item per placement.
    let mut by_preference: Vec<usize> = (0..n).collect();
    by_preference.sort_by(|&a, &b| better(a, b));
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

fn goal_terms(backlog: &Backlog, item: usize, as_of: Option<Date>) -> Vec<GoalTerm> {
    let weights = &backlog.config.weights;
    backlog.links.item_goals[item]
        .iter()
        .filter(|(g, _)| backlog.goals[*g].status == GoalStatus::Active)
        .map(|&(g, impact)| {
            let goal = &backlog.goals[g];
            let weight = f64::from(goal.weight);
            let impact_value = weights.impact[impact.index()];
            let urgency = urgency(goal.timing, as_of, weights);
            GoalTerm {
                goal: g,
                weight,
                impact,
                impact_value,
                urgency,
                value: weight * impact_value * urgency,
            }
        })
        .collect()
}

fn person_terms(backlog: &Backlog, item: usize, as_of: Option<Date>) -> Vec<PersonTerm> {
    let weights = &backlog.config.weights;
    let mut best: BTreeMap<String, PersonTerm> = BTreeMap::new();
    for evidence in &backlog.links.evidence[item] {
        let note = &backlog.feedback[evidence.note];
        let date = note.date.as_ref().map(|d| d.value);
        let age = match (as_of, date) {
            (Some(as_of), Some(date)) => f64::from(as_of.days_since(date).max(0)),
            _ => 0.0,
        };
        let recency = 0.5f64.powf(age / weights.half_life_days);
        let channel_weight = weights.channel[note.channel.index()];
        let severity_weight = weights.severity[note.severity.index()];
        let term = PersonTerm {
            person: note.from.clone(),
            note: evidence.note,
            org: note.org.clone(),
            channel: note.channel,
            date,
            severity: note.severity,
            channel_weight,
            severity_weight,
            recency,
            value: channel_weight * severity_weight * recency,
            notes: 1,
        };
        let key = person_key(note.from.as_deref(), evidence.note);
        match best.get_mut(&key) {
            None => {
                best.insert(key, term);
            }
            Some(current) => {
                let notes = current.notes + 1;
                // The strongest note counts; ties go to the newer, then the first by path.
                if (term.value, term.date) > (current.value, current.date) {
                    *current = term;
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
