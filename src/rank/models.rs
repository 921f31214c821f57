//! The scoring models, each in its author's own terms (docs/ranking.md):
//! `evidence` (rankdown's own), Intercom's RICE, the Scaled Agile
//! Framework's WSJF, and ICE. A term
//! an item gives in the framework's own field (`reach:`, `wsjf: {size: 5}`)
//! is taken as given; any other is derived from the item's goals, evidence,
//! confidence and effort by a mapping that never goes down as its input goes
//! up, so every model keeps the invariants of docs/ranking.md.

use serde::Serialize;

use super::{GoalTerm, PersonTerm};
use crate::config::Weights;
use crate::model::{FIBONACCI, Item, Level, RankModel};

/// Weeks in a person-month: RICE's effort is in person-months, ours in
/// person-weeks.
pub const WEEKS_PER_MONTH: f64 = 4.0;
/// RICE's smallest effort: half a person-month.
pub const MIN_MONTHS: f64 = 0.5;
/// The evidence value (B + k·U) at which ICE's derived impact is halfway
/// up its scale (5.5).
pub const ICE_HALFWAY: f64 = 10.0;
/// Days ahead of the as-of date of the horizons, as a goal's due date is
/// counted (a horizon's due date is this far away).
pub const HORIZON_DAYS: [i64; 3] = [91, 182, 365];
/// WSJF's time criticality by how many days away the nearest goal is due:
/// the first row whose limit is at least the days applies; beyond the last,
/// 2; serving no active goal, 1.
pub const TIME_CRITICALITY: [(i64, f64); 5] =
    [(0, 20.0), (30, 13.0), (91, 8.0), (182, 5.0), (365, 3.0)];

/// What a term of a formula is; serialised as the key a team writes it
/// under (`wsjf: {rr_oe: 3}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermName {
    Business,
    Users,
    Reach,
    Impact,
    Confidence,
    Effort,
    Value,
    Time,
    RrOe,
    Size,
    Ease,
}

impl TermName {
    /// The key a team writes the term under, and JSON names it by.
    pub fn key(self) -> &'static str {
        match self {
            Self::Business => "business",
            Self::Users => "users",
            Self::Reach => "reach",
            Self::Impact => "impact",
            Self::Confidence => "confidence",
            Self::Effort => "effort",
            Self::Value => "value",
            Self::Time => "time",
            Self::RrOe => "rr_oe",
            Self::Size => "size",
            Self::Ease => "ease",
        }
    }
}

/// Where a term's value comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Source {
    /// Set on the item, in the framework's own field.
    Given,
    /// The sum of the item's goal terms (`evidence`'s business).
    Goals,
    /// The sum of the item's person terms (`evidence`'s users).
    Feedback,
    /// The number of distinct people behind the item's feedback.
    People,
    /// The strongest impact among the active goals it serves (a goal index).
    Goal { goal: usize, impact: Level },
    /// It serves no active goal: the least the scale allows.
    NoGoal,
    /// The item's confidence, 0..1.
    Confidence(f64),
    /// The item's effort in person-weeks.
    Effort(f64),
    /// Goals and evidence, before they are put on the scale.
    Evidence(f64),
    /// The nearest due date of the active goals it serves, in days after
    /// the as-of date (a goal index).
    Due { goal: usize, days: i64 },
    /// The documented default.
    Default,
}

/// One factor of a model's formula, in the model's own unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub name: TermName,
    pub value: f64,
    pub from: Source,
}

/// A sum that is +0.0 when empty (see `super::sum`).
fn sum(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(0.0, |total, v| total + v)
}

/// The smallest step of a scale at or above `value`; its largest step when
/// `value` is above them all. Monotone: a larger value never gets a smaller step.
pub fn step_up(value: f64, scale: &[f64]) -> f64 {
    scale
        .iter()
        .copied()
        .find(|&step| step >= value)
        .unwrap_or_else(|| scale.last().copied().unwrap_or(value))
}

/// RICE's impact of one of our impact levels: critical is massive (3),
/// high 2, medium 1, low 0.5.
pub fn rice_impact(level: Level) -> f64 {
    match level {
        Level::Critical => 3.0,
        Level::High => 2.0,
        Level::Medium => 1.0,
        Level::Low => 0.5,
    }
}

/// WSJF's time criticality of a goal due `days` after the as-of date.
pub fn time_criticality(days: i64) -> f64 {
    TIME_CRITICALITY
        .iter()
        .find(|(limit, _)| days <= *limit)
        .map_or(2.0, |(_, step)| *step)
}

/// ICE's impact of an evidence value v = B + k·U: 1 + 9·v ÷ (v + 10), from 1
/// at nothing towards 10.
pub fn ice_impact(value: f64) -> f64 {
    let value = value.max(0.0);
    1.0 + 9.0 * value / (value + ICE_HALFWAY)
}

/// ICE's confidence of a confidence 0..1: ten times it, at least 1.
pub fn ice_confidence(confidence: f64) -> f64 {
    (10.0 * confidence).max(1.0)
}

/// ICE's ease of an effort in person-weeks: 10 ÷ (1 + weeks ÷ 2), at least 1.
pub fn ice_ease(weeks: f64) -> f64 {
    (10.0 / (1.0 + weeks / 2.0)).max(1.0)
}

/// RICE's effort in person-months of an effort in person-weeks.
pub fn months(weeks: f64) -> f64 {
    (weeks / WEEKS_PER_MONTH).max(MIN_MONTHS)
}

/// The terms of `model`'s formula for an item and its score from them.
/// `business` and `users` are the sums of the goal and person terms,
/// `effort` the item's person-weeks.
pub fn terms(
    model: RankModel,
    weights: &Weights,
    item: &Item,
    goals: &[GoalTerm],
    people: &[PersonTerm],
    effort: f64,
) -> (Vec<Term>, f64) {
    let business = sum(goals.iter().map(|g| g.value));
    let users = sum(people.iter().map(|p| p.value));
    let k = weights.users_factor;
    let confidence = item.confidence;
    let given = item.framework;
    let term = |name, value, from| Term { name, value, from };
    let or_given = |name, given: Option<f64>, derived: (f64, Source)| match given {
        Some(value) => term(name, value, Source::Given),
        None => term(name, derived.0, derived.1),
    };
    match model {
        RankModel::Evidence => {
            let terms = vec![
                term(TermName::Business, business, Source::Goals),
                term(TermName::Users, users, Source::Feedback),
                term(
                    TermName::Confidence,
                    confidence,
                    Source::Confidence(confidence),
                ),
                term(TermName::Effort, effort, Source::Effort(effort)),
            ];
            (terms, (business + k * users) * confidence / effort)
        }
        RankModel::Rice => {
            let strongest = goals.iter().fold(None::<&GoalTerm>, |best, g| match best {
                Some(b) if b.impact >= g.impact => Some(b),
                _ => Some(g),
            });
            let impact = strongest.map_or((0.25, Source::NoGoal), |g| {
                (
                    rice_impact(g.impact),
                    Source::Goal {
                        goal: g.goal,
                        impact: g.impact,
                    },
                )
            });
            let terms = vec![
                or_given(
                    TermName::Reach,
                    given.reach,
                    (people.len() as f64, Source::People),
                ),
                or_given(TermName::Impact, given.impact, impact),
                term(
                    TermName::Confidence,
                    confidence,
                    Source::Confidence(confidence),
                ),
                term(TermName::Effort, months(effort), Source::Effort(effort)),
            ];
            let score = terms[0].value * terms[1].value * terms[2].value / terms[3].value;
            (terms, score)
        }
        RankModel::Wsjf => {
            let value = sum(goals.iter().map(|g| g.weight * g.impact_value)) + k * users;
            let nearest = goals.iter().fold(None::<&GoalTerm>, |best, g| match best {
                Some(b) if b.days <= g.days => Some(b),
                _ => Some(g),
            });
            let time = nearest.map_or((1.0, Source::NoGoal), |g| {
                (
                    time_criticality(g.days),
                    Source::Due {
                        goal: g.goal,
                        days: g.days,
                    },
                )
            });
            let wsjf = given.wsjf;
            let terms = vec![
                or_given(
                    TermName::Value,
                    wsjf.value,
                    (step_up(value, FIBONACCI), Source::Evidence(value)),
                ),
                or_given(TermName::Time, wsjf.time, time),
                or_given(TermName::RrOe, wsjf.rr_oe, (1.0, Source::Default)),
                or_given(
                    TermName::Size,
                    wsjf.size,
                    (step_up(effort, FIBONACCI), Source::Effort(effort)),
                ),
            ];
            let score = (terms[0].value + terms[1].value + terms[2].value) / terms[3].value;
            (terms, score)
        }
        RankModel::Ice => {
            let value = business + k * users;
            let ice = given.ice;
            let terms = vec![
                or_given(
                    TermName::Impact,
                    ice.impact,
                    (ice_impact(value), Source::Evidence(value)),
                ),
                or_given(
                    TermName::Confidence,
                    ice.confidence,
                    (ice_confidence(confidence), Source::Confidence(confidence)),
                ),
                or_given(
                    TermName::Ease,
                    ice.ease,
                    (ice_ease(effort), Source::Effort(effort)),
                ),
            ];
            let score = terms[0].value * terms[1].value * terms[2].value;
            (terms, score)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{
        FIBONACCI, ice_confidence, ice_ease, ice_impact, months, rice_impact, step_up,
        time_criticality,
    };
    use crate::model::{Keyword, Level};

    fn same(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Samples 0, 0.01, … up to `max`: every derived mapping must never go
    /// down as its input goes up (docs/ranking.md "Invariants").
    fn never_down(f: impl Fn(f64) -> f64, max: f64) {
        let mut last = f(0.0);
        let mut x = 0.0;
        while x <= max {
            let y = f(x);
            assert!(y >= last, "f({x}) = {y} < {last}");
            last = y;
            x += 0.01;
        }
    }

    #[test]
    fn derived_terms_are_monotone_and_on_their_scales() {
        never_down(|x| step_up(x, FIBONACCI), 30.0);
        never_down(ice_impact, 200.0);
        never_down(ice_confidence, 1.0);
        never_down(|w| -ice_ease(w), 40.0);
        never_down(months, 40.0);
        // Time criticality rises as the due date nears.
        never_down(|x| time_criticality(500 - (x * 100.0) as i64), 6.0);
        let levels: Vec<f64> = Level::ALL.iter().map(|(_, l)| rice_impact(*l)).collect();
        assert!(
            levels
                .iter()
                .zip([0.5, 1.0, 2.0, 3.0])
                .all(|(a, b)| same(*a, b))
        );
        for x in [0.0, 0.5, 3.9, 4.0, 7.5, 19.0, 21.0, 1e9] {
            assert!(FIBONACCI.contains(&step_up(x, FIBONACCI)), "{x}");
            assert!((1.0..10.0).contains(&ice_impact(x)), "{x}");
            assert!((1.0..=10.0).contains(&ice_ease(x)), "{x}");
        }
        assert!(same(step_up(4.0, FIBONACCI), 5.0));
        assert!(same(step_up(5.0, FIBONACCI), 5.0));
        assert!(same(step_up(100.0, FIBONACCI), 20.0));
        assert!(same(months(1.0), 0.5));
        assert!(same(months(8.0), 2.0));
        assert!(same(time_criticality(91), 8.0));
        assert!(same(time_criticality(400), 2.0));
        assert!((ice_impact(10.0) - 5.5).abs() < 1e-12);
    }
}
