//! A model's terms in words, for `explain`, PRIORITIES.md and JSON:
//! "Reach 4 (people) × Impact 2 (from goal g, high) × Confidence 0.8 ÷
//! Effort 1 month = 6.4". Every text from the backlog (a goal id) goes
//! through the caller's escape for where it lands.

use serde::Serialize;

use super::json::round;
use super::num;
use crate::backlog::Backlog;
use crate::model::RankModel;
use crate::rank::models::{ICE_HALFWAY, MIN_MONTHS, Source, Term, TermName, WEEKS_PER_MONTH};

/// A number without trailing zeros, at two decimals at most: `4`, `0.8`, `6.45`.
pub fn short(value: f64) -> String {
    let text = num(value);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The name of a term as its framework writes it.
pub fn label(name: TermName) -> &'static str {
    match name {
        TermName::Business => "Business",
        TermName::Users => "Users",
        TermName::Reach => "Reach",
        TermName::Impact => "Impact",
        TermName::Confidence => "Confidence",
        TermName::Effort => "Effort",
        TermName::Value => "Value",
        TermName::Time => "Time criticality",
        TermName::RrOe => "RR/OE",
        TermName::Size => "Job size",
        TermName::Ease => "Ease",
    }
}

/// The formula of a model, in its own terms.
pub fn formula(model: RankModel) -> &'static str {
    match model {
        RankModel::Evidence => "(business + k × users) × confidence ÷ effort",
        RankModel::Rice => "reach × impact × confidence ÷ effort",
        RankModel::Wsjf => "(value + time criticality + RR/OE) ÷ job size",
        RankModel::Ice => "impact × confidence × ease",
    }
}

/// The model's formula and parameters, as PRIORITIES.md's header names them
/// (for `evidence`, the weights that shape every score).
pub fn parameters(model: RankModel, weights: &crate::config::Weights) -> String {
    match model {
        RankModel::Evidence => format!(
            "business + {} × users, × confidence ÷ effort in person-weeks; feedback half-life {} days",
            short(weights.users_factor),
            short(weights.half_life_days)
        ),
        RankModel::Rice => format!(
            "reach × impact × confidence ÷ effort; effort in person-months of {} person-weeks, at least {}",
            short(WEEKS_PER_MONTH),
            short(MIN_MONTHS)
        ),
        RankModel::Wsjf => {
            "(value + time criticality + RR/OE) ÷ job size, each on 1, 2, 3, 5, 8, 13, 20"
                .to_owned()
        }
        RankModel::Ice => format!(
            "impact × confidence × ease, each 1 to 10; derived impact 5.5 at value {}",
            short(ICE_HALFWAY)
        ),
    }
}

/// A term's value with its unit: RICE's effort is in months.
pub fn value(model: RankModel, term: &Term) -> String {
    match (model, term.name) {
        (RankModel::Rice, TermName::Effort) => {
            let unit = if (term.value - 1.0).abs() < f64::EPSILON {
                "month"
            } else {
                "months"
            };
            format!("{} {unit}", short(term.value))
        }
        (RankModel::Evidence, TermName::Effort) => format!("{} weeks", short(term.value)),
        _ => short(term.value),
    }
}

/// Where a term comes from, in words; `escape` is applied to goal ids.
pub fn source(backlog: &Backlog, term: &Term, escape: &dyn Fn(&str) -> String) -> String {
    let goal = |g: usize| escape(&backlog.goals[g].id.value);
    match term.from {
        Source::Given => "given".to_owned(),
        Source::Goals => "its goals".to_owned(),
        Source::Feedback => "its feedback".to_owned(),
        Source::People => "people".to_owned(),
        Source::Goal { goal: g, impact } => format!("from goal {}, {impact}", goal(g)),
        Source::NoGoal => "no active goal".to_owned(),
        Source::Confidence(c) => format!("confidence {}%", short(c * 100.0)),
        Source::Effort(weeks) if (weeks - 1.0).abs() < f64::EPSILON => "1 person-week".to_owned(),
        Source::Effort(weeks) => format!("{} person-weeks", short(weeks)),
        Source::Evidence(v) => format!("from goals and evidence {}", short(v)),
        Source::Due { goal: g, days } if days <= 0 => format!("goal {} is due", goal(g)),
        Source::Due { goal: g, days } => format!("goal {} due in {days} days", goal(g)),
        Source::Default => "default".to_owned(),
    }
}

/// The whole formula with its values and their sources (without `= score`).
pub fn line(
    backlog: &Backlog,
    model: RankModel,
    terms: &[Term],
    escape: &dyn Fn(&str) -> String,
) -> String {
    let part = |t: &Term| match t.from {
        // The value is the item's confidence itself: nothing to add.
        Source::Confidence(c) if c.total_cmp(&t.value).is_eq() => {
            format!("{} {}", label(t.name), value(model, t))
        }
        _ => format!(
            "{} {} ({})",
            label(t.name),
            value(model, t),
            source(backlog, t, escape)
        ),
    };
    let parts: Vec<String> = terms.iter().map(part).collect();
    match (model, parts.as_slice()) {
        (RankModel::Rice, [r, i, c, e]) => format!("{r} × {i} × {c} ÷ {e}"),
        (RankModel::Wsjf, [v, t, o, s]) => format!("({v} + {t} + {o}) ÷ {s}"),
        (RankModel::Ice, [i, c, e]) => format!("{i} × {c} × {e}"),
        _ => parts.join(", "),
    }
}

/// The terms in short, for a line of PRIORITIES.md: `reach 4 · impact 2 · …`.
pub fn brief(model: RankModel, terms: &[Term]) -> String {
    let parts: Vec<String> = terms
        .iter()
        .map(|t| format!("{} {}", label(t.name).to_lowercase(), value(model, t)))
        .collect();
    parts.join(" · ")
}

/// A term as JSON: its key, value, where it comes from and that source's input.
#[derive(Debug, Serialize)]
pub struct TermJson<'a> {
    pub name: TermName,
    pub value: f64,
    /// given, goals, feedback, people, goal, no-goal, confidence, effort,
    /// evidence, due or default.
    pub from: &'static str,
    /// The goal a `goal` or `due` term comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<&'a str>,
    /// The input before the model's mapping: the confidence 0..1, the
    /// person-weeks, the evidence value, the days until due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<f64>,
}

pub fn json<'a>(backlog: &'a Backlog, terms: &[Term]) -> Vec<TermJson<'a>> {
    terms
        .iter()
        .map(|t| {
            let goal = |g: usize| Some(backlog.goals[g].id.value.as_str());
            let (from, goal, input) = match t.from {
                Source::Given => ("given", None, None),
                Source::Goals => ("goals", None, None),
                Source::Feedback => ("feedback", None, None),
                Source::People => ("people", None, None),
                Source::Goal { goal: g, .. } => ("goal", goal(g), None),
                Source::NoGoal => ("no-goal", None, None),
                Source::Confidence(c) => ("confidence", None, Some(c)),
                Source::Effort(w) => ("effort", None, Some(w)),
                Source::Evidence(v) => ("evidence", None, Some(round(v))),
                Source::Due { goal: g, days } => ("due", goal(g), Some(days as f64)),
                Source::Default => ("default", None, None),
            };
            TermJson {
                name: t.name,
                value: round(t.value),
                from,
                goal,
                input,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::short;

    #[test]
    fn short_numbers_drop_trailing_zeros() {
        assert_eq!(short(4.0), "4");
        assert_eq!(short(0.8), "0.8");
        assert_eq!(short(6.456), "6.46");
        assert_eq!(short(0.0), "0");
        assert_eq!(short(20.0), "20");
        assert_eq!(short(100.0), "100");
    }
}
