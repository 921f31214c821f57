//! Which moves passed which, for "pushed down by", "moved up as" and
//! "overtaken by": counted, and the first few named in rank order, in
//! O(n log n) for n moves plus O(log n) per name. Comparing every pair of
//! moves took most of a diff where thousands of items move.

use super::{ABSENT, Ranks};

/// The moves, indexed for the three questions.
pub(super) struct Crossings {
    ranks: Vec<Ranks>,
    /// Moves that did not rise for reasons of their own, ranked at head, by
    /// head rank: the ones a fall is "pushed down by".
    plain: ByRank,
    /// Moves that rose for reasons of their own, ranked at head, by head rank.
    risers: ByRank,
    /// Every move ranked at base, by base rank: the ones a rise "moved up as".
    fallen: ByRank,
    /// Per move that fell: how many plain moves and risers passed it.
    passed_plain: Vec<usize>,
    passed_risers: Vec<usize>,
    /// Per move that rose: how many moves fell below it or left.
    made_room: Vec<usize>,
}

impl Crossings {
    pub(super) fn new(ranks: &[Ranks]) -> Self {
        let plain = ByRank::new(ranks, |r| !r.riser && r.to != ABSENT, |r| (r.to, r.from));
        let risers = ByRank::new(ranks, |r| r.riser && r.to != ABSENT, |r| (r.to, r.from));
        let fallen = ByRank::new(ranks, |r| r.from != ABSENT, |r| (r.from, r.to));
        let fell: Vec<usize> = (0..ranks.len()).filter(|&i| fell(ranks[i])).collect();
        let rose: Vec<usize> = (0..ranks.len()).filter(|&i| rose(ranks[i])).collect();
        let mut passed_plain = vec![0; ranks.len()];
        let mut passed_risers = vec![0; ranks.len()];
        let mut made_room = vec![0; ranks.len()];
        // Fell from f to t: passed by x with x.to < t and x.from > f, that is
        // those with x.to < t less those that also have x.from <= f.
        for (set, out) in [(&plain, &mut passed_plain), (&risers, &mut passed_risers)] {
            let below = set.count_with(&fell, |i| (ranks[i].from, set.before(ranks[i].to)));
            for (&i, below) in fell.iter().zip(below) {
                out[i] = set.before(ranks[i].to) - below;
            }
        }
        // Rose from f to t: x with x.from < f and x.to > t, that is those
        // with x.from < f less those that also have x.to <= t.
        let above = fallen.count_with(&rose, |i| (ranks[i].to, fallen.before(ranks[i].from)));
        for (&i, above) in rose.iter().zip(above) {
            made_room[i] = fallen.before(ranks[i].from) - above;
        }
        Self {
            ranks: ranks.to_vec(),
            plain,
            risers,
            fallen,
            passed_plain,
            passed_risers,
            made_room,
        }
    }

    /// For a move that fell: the first `names` plain moves that passed it
    /// (by head rank), how many did, and how many risers did.
    pub(super) fn pushed_down(&self, at: usize, names: usize) -> (Vec<usize>, usize, usize) {
        let r = self.ranks[at];
        let found = self.plain.first(self.plain.before(r.to), r.from, names);
        (found, self.passed_plain[at], self.passed_risers[at])
    }

    /// For a move that fell: the first `names` risers that passed it, by
    /// head rank, and how many did.
    pub(super) fn overtaken_by(&self, at: usize, names: usize) -> (Vec<usize>, usize) {
        let r = self.ranks[at];
        let found = self.risers.first(self.risers.before(r.to), r.from, names);
        (found, self.passed_risers[at])
    }

    /// For a move that rose: the first `names` moves that fell below it or
    /// left (by base rank), and how many did.
    pub(super) fn moved_up_as(&self, at: usize, names: usize) -> (Vec<usize>, usize) {
        let r = self.ranks[at];
        let found = self.fallen.first(self.fallen.before(r.from), r.to, names);
        (found, self.made_room[at])
    }
}

pub(super) fn fell(r: Ranks) -> bool {
    r.from != ABSENT && r.to != ABSENT && r.to > r.from
}

/// Ranked on both sides and not lower: a rise (an unchanged rank is not a
/// move, and counts as a rise should one come).
pub(super) fn rose(r: Ranks) -> bool {
    r.from != ABSENT && r.to != ABSENT && r.to <= r.from
}

/// Some of the moves, ordered by one rank (`key`), each with the other rank
/// (`other`) in a max-tree, so that "the next one before this rank whose
/// other rank is above that" is a descent of the tree.
struct ByRank {
    /// Move indices, by (key, index).
    moves: Vec<usize>,
    keys: Vec<u32>,
    others: Vec<u32>,
    tree: MaxTree,
}

impl ByRank {
    fn new(
        ranks: &[Ranks],
        keep: impl Fn(Ranks) -> bool,
        key: impl Fn(Ranks) -> (u32, u32),
    ) -> Self {
        let mut moves: Vec<usize> = (0..ranks.len()).filter(|&i| keep(ranks[i])).collect();
        moves.sort_by_key(|&i| (key(ranks[i]).0, i));
        let keys: Vec<u32> = moves.iter().map(|&i| key(ranks[i]).0).collect();
        let others: Vec<u32> = moves.iter().map(|&i| key(ranks[i]).1).collect();
        let tree = MaxTree::new(&others);
        Self {
            moves,
            keys,
            others,
            tree,
        }
    }

    /// How many of the moves have a key below `key`.
    fn before(&self, key: u32) -> usize {
        self.keys.partition_point(|&k| k < key)
    }

    /// The first `names` moves among the first `end` whose other rank is
    /// above `floor`, in key order.
    fn first(&self, end: usize, floor: u32, names: usize) -> Vec<usize> {
        let mut found = Vec::new();
        let mut start = 0;
        while found.len() < names {
            let Some(at) = self.tree.first_above(start, end, floor) else {
                break;
            };
            found.push(self.moves[at]);
            start = at + 1;
        }
        found
    }

    /// For each query move `q`, with `query(q) = (threshold, end)`: how many
    /// of the first `end` moves (in key order) have their other rank (not
    /// absent) at most the threshold. One sweep by other rank, a Fenwick
    /// tree over positions.
    fn count_with(&self, queries: &[usize], query: impl Fn(usize) -> (u32, usize)) -> Vec<usize> {
        let mut points: Vec<(u32, usize)> = self
            .others
            .iter()
            .enumerate()
            .filter(|&(_, &other)| other != ABSENT)
            .map(|(at, &other)| (other, at))
            .collect();
        points.sort_unstable();
        let mut order: Vec<usize> = (0..queries.len()).collect();
        order.sort_by_key(|&q| query(queries[q]).0);
        let mut fenwick = Fenwick::new(self.moves.len());
        let mut out = vec![0; queries.len()];
        let mut next = 0;
        for q in order {
            let (threshold, end) = query(queries[q]);
            while next < points.len() && points[next].0 <= threshold {
                fenwick.add(points[next].1);
                next += 1;
            }
            out[q] = fenwick.before(end);
        }
        out
    }
}

/// Counts of positions added, by prefix.
struct Fenwick(Vec<usize>);

impl Fenwick {
    fn new(len: usize) -> Self {
        Self(vec![0; len + 1])
    }

    fn add(&mut self, at: usize) {
        let mut i = at + 1;
        while i < self.0.len() {
            self.0[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// How many positions below `end` were added.
    fn before(&self, end: usize) -> usize {
        let mut sum = 0;
        let mut i = end.min(self.0.len() - 1);
        while i > 0 {
            sum += self.0[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }
}

/// The maximum over every aligned range of positions.
struct MaxTree {
    leaves: usize,
    max: Vec<u32>,
}

impl MaxTree {
    fn new(values: &[u32]) -> Self {
        let leaves = values.len().next_power_of_two();
        let mut max = vec![0; 2 * leaves];
        max[leaves..leaves + values.len()].copy_from_slice(values);
        for node in (1..leaves).rev() {
            max[node] = max[2 * node].max(max[2 * node + 1]);
        }
        Self { leaves, max }
    }

    /// The first position in `start..end` whose value is above `floor`.
    fn first_above(&self, start: usize, end: usize, floor: u32) -> Option<usize> {
        self.descend(1, (0, self.leaves), start, end, floor)
    }

    fn descend(
        &self,
        node: usize,
        (lo, hi): (usize, usize),
        start: usize,
        end: usize,
        floor: u32,
    ) -> Option<usize> {
        if hi <= start || end <= lo || self.max[node] <= floor {
            return None;
        }
        if hi - lo == 1 {
            return Some(lo);
        }
        let mid = lo + (hi - lo) / 2;
        self.descend(2 * node, (lo, mid), start, end, floor)
            .or_else(|| self.descend(2 * node + 1, (mid, hi), start, end, floor))
    }
}
