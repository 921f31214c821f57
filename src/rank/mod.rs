//! Scoring and ordering: pure functions of a linked backlog. No I/O, no git,
//! no clock: the as-of date comes from the content.

pub mod models;
pub mod versus;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use crate::backlog::Backlog;
use crate::config::Weights;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
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
    /// The model's own terms, in the order of its formula.
    pub terms: Vec<models::Term>,
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
    /// Days from the as-of date to the goal's due date: a horizon counts as
    /// its [`models::HORIZON_DAYS`], a due date with no as-of date as 12m.
    pub days: i64,
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

/// The largest score an item can inherit its way to: far above any own score
/// the bounded weights allow, and still finite in every output.
pub const MAX_SCORE: f64 = 1e100;

/// A sum that is +0.0 when empty: `Iterator::sum` starts from -0.0, which
/// would sort below 0.0 under `total_cmp` and print as "-0".
fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |total, v| total + v)
}

/// The as-of date: `as_of:` in the config, else the first day of the month of
/// the newest feedback date (see [`default_as_of`]); `None` when there is
/// neither.
pub fn as_of(backlog: &Backlog) -> Option<Date> {
    backlog.config.as_of.or_else(|| {
        default_as_of(
            backlog
                .feedback
                .iter()
                .filter_map(|f| f.date.as_ref().map(|d| d.value))
                .max(),
        )
    })
}

/// Warnings for feedback dated after `today`. Ages count from the newest
/// feedback date (unless `as_of:` is set), so one such note would make every
/// other note look old. The command line reads the clock for `today`; the
/// warnings never enter the ranking or PRIORITIES.md.
pub fn future_dates(backlog: &Backlog, today: Date) -> Vec<Diagnostic> {
    let sets_as_of = backlog.config.as_of.is_none();
    backlog
        .feedback
        .iter()
        .filter_map(|note| {
            let date = note.date.as_ref().filter(|d| d.value > today)?;
            let help = if sets_as_of {
                "ages count from the month of the newest feedback date, so this one makes \
                 every other note look older; fix the date, or set `as_of:` in rankdown.yaml"
            } else {
                "fix the date if it is a typo"
            };
            Some(
                Diagnostic::warning(
                    "future-date",
                    &note.path,
                    date.pos,
                    format!("this note is dated {}, after today ({today})", date.value),
                )
                .with_help(help),
            )
        })
        .collect()
}

/// What a model finds worth a warning in the backlog it ranked: under RICE,
/// an open item with no `reach:` and no linked feedback has reach 0 and so
/// scores 0, whatever its goals. (`check` reports these for the model in force.)
pub fn model_findings(backlog: &Backlog, ranking: &Ranking) -> Vec<Diagnostic> {
    if ranking.model != RankModel::Rice {
        return Vec::new();
    }
    let mut found: Vec<Diagnostic> = ranking
        .ranked
        .iter()
        .filter(|s| {
            s.terms
                .iter()
                .any(|t| t.name == models::TermName::Reach && t.value == 0.0)
        })
        .map(|s| {
            let item = &backlog.items[s.item];
            Diagnostic::warning(
                "no-reach",
                &item.path,
                item.id.pos,
                "under the rice model this item scores 0: it has no `reach:` and no linked feedback",
            )
            .with_help("set `reach:` to the people or events it reaches per quarter")
        })
        .collect();
    crate::diagnostic::sort(&mut found);
    found
}

/// The as-of date when `as_of:` is not set, from the newest feedback date:
/// the start of its month. A new note then moves every age only when it opens
/// a new month, so ages advance once a month in one visible commit instead of
/// every score shifting a little with every note (docs/ranking.md).
pub fn default_as_of(newest_note: Option<Date>) -> Option<Date> {
    newest_note.map(Date::start_of_month)
}

/// The urgency of a goal's timing; a due date maps to the nearest horizon.
/// With no as-of date a due date cannot be placed, and counts as the default
/// horizon (12m) of a goal that sets none: a missing date never makes a goal
/// more urgent (docs/ranking.md).
pub fn urgency(timing: Timing, as_of: Option<Date>, weights: &Weights) -> f64 {
    weights.urgency[horizon(timing, as_of).index()]
}

/// Days from the as-of date until a goal is due (see [`GoalTerm::days`]).
pub fn days_until(timing: Timing, as_of: Option<Date>) -> i64 {
    match (timing, as_of) {
        (Timing::Due(due), Some(as_of)) => i64::from(due.days_since(as_of)),
        (Timing::Due(_), None) => models::HORIZON_DAYS[Horizon::TwelveMonths.index()],
        (Timing::Horizon(h), _) => models::HORIZON_DAYS[h.index()],
    }
}

/// The horizon a goal's timing counts as.
fn horizon(timing: Timing, as_of: Option<Date>) -> Horizon {
    match (timing, as_of) {
        (Timing::Horizon(h), _) => h,
        (Timing::Due(_), None) => Horizon::TwelveMonths,
        (Timing::Due(due), Some(as_of)) => {
            let days = due.days_since(as_of);
            [
                (91, Horizon::ThreeMonths),
                (182, Horizon::SixMonths),
                (365, Horizon::TwelveMonths),
            ]
            .into_iter()
            .min_by_key(|(span, _)| (days - span).abs())
            .map_or(Horizon::ThreeMonths, |(_, h)| h)
        }
    }
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
#[derive(Debug, Clone, PartialEq)]
pub struct Own {
    pub business: f64,
    pub users: f64,
    pub effort: f64,
    /// The model's score from the item's goals and evidence alone.
    pub own: f64,
    /// The model's terms, in the order of its formula.
    pub terms: Vec<models::Term>,
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
    let (terms, own) = models::terms(model, weights, item, goals, people, effort);
    Own {
        business,
        users,
        effort,
        own,
        terms,
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

/// What the final stage ([`settle`]) needs of each open item, one entry per
/// open item in path order. [`rank`] and the history's incremental backlog
/// both build one, entry by entry, so the scoring orchestration cannot drift.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs<'a> {
    /// Each entry's own score.
    pub own: Vec<f64>,
    /// How many distinct people back each entry.
    pub people: Vec<usize>,
    pub ids: Vec<&'a str>,
    /// Each entry's open dependencies, as entry indices.
    pub waits_for: Vec<Vec<usize>>,
}

impl<'a> Inputs<'a> {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            own: Vec::with_capacity(n),
            people: Vec::with_capacity(n),
            ids: Vec::with_capacity(n),
            waits_for: Vec::with_capacity(n),
        }
    }

    /// Adds an open item with no dependencies yet; returns its entry index.
    pub fn push(&mut self, id: &'a str, own: f64, people: usize) -> usize {
        self.own.push(own);
        self.people.push(people);
        self.ids.push(id);
        self.waits_for.push(Vec::new());
        self.own.len() - 1
    }
}

/// Dependency inheritance and ordering: the stage after every item's own
/// score is known. `rank` and the rank history share it.
///
/// `hint`, a permutation of the entries, only saves time: the closer it is
/// to the result (say, the previous order of a history), the faster the sort.
pub fn settle(inputs: &Inputs<'_>, share: f64, hint: Option<Vec<usize>>) -> Settled {
    let Inputs {
        own,
        people,
        ids,
        waits_for,
    } = inputs;
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

    let score = effective(own, &unblocks, share);
    let order = order(&score, people, ids, waits_for, hint);
    Settled {
        score,
        unblocks,
        order,
    }
}

/// Scores and orders every open item with the configured model.
pub fn rank(backlog: &Backlog) -> Ranking {
    rank_with(backlog, backlog.config.model)
}

/// Scores and orders every open item with `model`.
pub fn rank_with(backlog: &Backlog, model: RankModel) -> Ranking {
    let weights = &backlog.config.weights;
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
            terms,
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
            terms,
            unblocks: Vec::new(),
        });
    }

    let mut inputs = Inputs::with_capacity(scored.len());
    for s in &scored {
        inputs.push(&items[s.item].id.value, s.own, s.people.len());
    }
    // Open dependencies of each scored entry, as entry indices.
    for (s, waits) in scored.iter().zip(&mut inputs.waits_for) {
        waits.extend(
            backlog.links.depends_on[s.item]
                .iter()
                .filter_map(|d| slot.get(d).copied()),
        );
    }
    let settled = settle(&inputs, weights.dependency_inheritance, None);
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

/// An item inherits part of the value of what waits for it, transitively:
/// own + share × the effective score of each open dependent. A depth-first
/// walk with its path on the heap (a long chain cannot overflow the stack),
/// each entry settled once: linear in entries + dependencies. Cycles are
/// reported by link; here an entry met again on the path adds nothing.
fn effective(own: &[f64], unblocks: &[Vec<usize>], share: f64) -> Vec<f64> {
    let n = own.len();
    let mut memo: Vec<Option<f64>> = vec![None; n];
    let mut visiting = vec![false; n];
    // The path: each entry with the next dependent to add and its value so far.
    let mut path: Vec<(usize, usize, f64)> = Vec::new();
    for root in 0..n {
        if memo[root].is_some() {
            continue;
        }
        visiting[root] = true;
        path.push((root, 0, own[root]));
        while let Some(&mut (s, ref mut next, ref mut value)) = path.last_mut() {
            if let Some(&d) = unblocks[s].get(*next) {
                *next += 1;
                if let Some(settled) = memo[d] {
                    *value += share * settled;
                } else if visiting[d] {
                    // Back on the path: a cycle, which counts as 0 here
                    // (added, not skipped, to keep the sum's bits as before).
                    *value += share * 0.0;
                } else {
                    visiting[d] = true;
                    path.push((d, 0, own[d]));
                }
                continue;
            }
            // Inheritance multiplies along every path that waits: capped, so
            // a wide, deep graph of dependents cannot reach infinity.
            let settled = value.min(MAX_SCORE);
            path.pop();
            visiting[s] = false;
            memo[s] = Some(settled);
            if let Some((_, _, value)) = path.last_mut() {
                *value += share * settled;
            }
        }
    }
    memo.into_iter()
        .map(|v| v.expect("every entry is settled"))
        .collect()
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
    // Each key becomes the best score of everything that waits for it,
    // directly or not. Components come listed after those they wait for, so
    // in reverse each one's key is final before it passes it on; the members
    // of a cycle all wait for each other and share one key.
    let mut key: Vec<f64> = score.to_vec();
    for members in crate::link::components(waits_for).iter().rev() {
        let mut best = key[members[0]];
        for &m in members {
            if best < key[m] {
                best = key[m];
            }
        }
        for &m in members {
            if key[m] < best {
                key[m] = best;
            }
            for &d in &waits_for[m] {
                if key[d] < best {
                    key[d] = best;
                }
            }
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
        days: days_until(goal.timing, as_of),
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
