//! Two models' rankings of one backlog, item by item: what switching from
//! one model to the other would change (`rankdown compare`). Not to be
//! confused with `crate::compare`, which compares two backlogs under one
//! model for `diff`.

use std::cmp::Ordering;

use super::rank_with;
use crate::backlog::Backlog;
use crate::model::RankModel;

/// One open item under both models.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub item: usize,
    /// 1-based, under the model compared.
    pub rank: usize,
    pub score: f64,
    /// 1-based, under the base model.
    pub base_rank: usize,
    pub base_score: f64,
}

impl Row {
    /// Places gained by switching from the base model (negative: lost).
    pub fn moved(&self) -> i64 {
        i64::try_from(self.base_rank).unwrap_or(i64::MAX)
            - i64::try_from(self.rank).unwrap_or(i64::MAX)
    }
}

/// A backlog ranked by two models.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub model: RankModel,
    pub base: RankModel,
    /// Every open item, in the order of `model`'s ranking.
    pub rows: Vec<Row>,
    /// Kendall's τ-b between the two rankings (see [`rank_tau_b`]); `None`
    /// when it is undefined (fewer than two items, or one model ties them all).
    pub tau_b: Option<f64>,
}

impl Comparison {
    /// The `n` rows that move most, largest move first, then by rank under
    /// `model`; rows that do not move are left out.
    pub fn moves_most(&self, n: usize) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.iter().filter(|r| r.moved() != 0).collect();
        rows.sort_by(|a, b| {
            b.moved()
                .unsigned_abs()
                .cmp(&a.moved().unsigned_abs())
                .then(a.rank.cmp(&b.rank))
        });
        rows.truncate(n);
        rows
    }
}

/// Ranks the backlog with `model` and with `base` and pairs the results.
pub fn compare(backlog: &Backlog, model: RankModel, base: RankModel) -> Comparison {
    let ours = rank_with(backlog, model);
    let theirs = rank_with(backlog, base);
    let rows: Vec<Row> = ours
        .ranked
        .iter()
        .filter_map(|s| {
            let other = theirs.position(s.item)?;
            Some(Row {
                item: s.item,
                rank: s.rank,
                score: s.score,
                base_rank: other.rank,
                base_score: other.score,
            })
        })
        .collect();
    let tau_b = rank_tau_b(&rows);
    Comparison {
        model,
        base,
        rows,
        tau_b,
    }
}

/// Scores a model cannot tell apart: equal to within rounding.
fn same_score(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// Kendall's τ-b between the two rankings of `rows`. Two items are in the
/// order of their ranks, except that two items a model scores the same are
/// a tie under that model: their order there comes from the tie rules, not
/// from the model (docs/ranking.md "Compare").
pub fn rank_tau_b(rows: &[Row]) -> Option<f64> {
    let order = |rank: fn(&Row) -> usize, score: fn(&Row) -> f64| {
        move |i: usize, j: usize| {
            let (a, b) = (&rows[i], &rows[j]);
            if same_score(score(a), score(b)) {
                Ordering::Equal
            } else {
                rank(a).cmp(&rank(b))
            }
        }
    };
    tau_b(
        rows.len(),
        order(|r| r.rank, |r| r.score),
        order(|r| r.base_rank, |r| r.base_score),
    )
}

/// Kendall's τ-b of two orderings of the same `n` things, each given as a
/// comparison (`Equal` is a tie): (concordant − discordant) pairs ÷
/// √((pairs − ties in the first) × (pairs − ties in the second)). A pair tied
/// in either ordering is neither concordant nor discordant. `None` when the
/// denominator is 0.
pub fn tau_b(
    n: usize,
    first: impl Fn(usize, usize) -> Ordering,
    second: impl Fn(usize, usize) -> Ordering,
) -> Option<f64> {
    let (mut concordant, mut discordant, mut ties_first, mut ties_second) =
        (0u64, 0u64, 0u64, 0u64);
    for i in 0..n {
        for j in i + 1..n {
            match (first(i, j), second(i, j)) {
                (Ordering::Equal, Ordering::Equal) => {
                    ties_first += 1;
                    ties_second += 1;
                }
                (Ordering::Equal, _) => ties_first += 1,
                (_, Ordering::Equal) => ties_second += 1,
                (a, b) if a == b => concordant += 1,
                _ => discordant += 1,
            }
        }
    }
    let pairs = (n as u64) * (n.saturating_sub(1) as u64) / 2;
    let denominator = ((pairs - ties_first) as f64 * (pairs - ties_second) as f64).sqrt();
    (denominator > 0.0).then(|| (concordant as f64 - discordant as f64) / denominator)
}

#[cfg(test)]
mod tests {
    use super::{Row, rank_tau_b, tau_b};

    fn by_value(values: &[f64]) -> impl Fn(usize, usize) -> std::cmp::Ordering + '_ {
        move |i, j| values[i].total_cmp(&values[j])
    }

    #[test]
    fn tau_b_matches_a_hand_computed_example_with_ties() {
        // Pairs of [1, 2, 2, 3] against [1, 3, 2, 2]: (0,1) (0,2) (0,3)
        // concordant, (1,3) discordant, (1,2) tied in the first, (2,3) tied
        // in the second: (3 − 1) ÷ √((6 − 1) × (6 − 1)) = 0.4.
        let a = [1.0, 2.0, 2.0, 3.0];
        let b = [1.0, 3.0, 2.0, 2.0];
        let tau = tau_b(4, by_value(&a), by_value(&b)).expect("defined");
        assert!((tau - 0.4).abs() < 1e-12, "{tau}");
        // Without ties τ-b is τ-a: one swap among 4 items is (5 − 1) ÷ 6.
        let c = [1.0, 2.0, 3.0, 4.0];
        let d = [2.0, 1.0, 3.0, 4.0];
        let tau = tau_b(4, by_value(&c), by_value(&d)).expect("defined");
        assert!((tau - 4.0 / 6.0).abs() < 1e-12, "{tau}");
        let reversed = [4.0, 3.0, 2.0, 1.0];
        assert_eq!(tau_b(4, by_value(&c), by_value(&reversed)), Some(-1.0));
        assert_eq!(tau_b(4, by_value(&c), by_value(&c)), Some(1.0));
        // Undefined: one item, or an ordering that ties everything.
        assert_eq!(tau_b(1, by_value(&c), by_value(&c)), None);
        assert_eq!(tau_b(3, by_value(&[5.0; 3]), by_value(&c)), None);
    }

    #[test]
    fn equal_scores_are_ties_whatever_their_ranks() {
        let row = |rank, score, base_rank, base_score| Row {
            item: rank,
            rank,
            score,
            base_rank,
            base_score,
        };
        // The base model scores items 1 and 2 the same: its order between
        // them is the tie rule's, so that pair counts as a tie, not a swap.
        let rows = [
            row(1, 9.0, 2, 4.0),
            row(2, 8.0, 1, 4.0),
            row(3, 7.0, 3, 1.0),
        ];
        let tau = rank_tau_b(&rows).expect("defined");
        // 2 concordant, 0 discordant, 1 tie in the base: 2 ÷ √(3 × 2).
        assert!((tau - 2.0 / 6f64.sqrt()).abs() < 1e-12, "{tau}");
        assert_eq!(rows[0].moved(), 1);
        assert_eq!(rows[1].moved(), -1);
    }
}
