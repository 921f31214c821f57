//! Themes: unlinked notes that fit no item but resemble each other. Each is
//! a cluster with its shared words, the distinct people and orgs behind it
//! and the active goal it most resembles, so a product owner sees what the
//! backlog is missing (README "Themes"). Pure: the same content gives the
//! same themes.

use std::collections::{BTreeMap, BTreeSet};

use rayon::iter::{IntoParallelIterator, IntoParallelRefIterator, ParallelIterator};

use crate::backlog::Backlog;
use crate::model::GoalStatus;
use crate::suggest::{self, Index};

/// Two notes belong together when the cosine of their word weights is at
/// least this much (through a chain of such notes, single linkage).
const SIMILAR: f64 = 0.12;
/// How many shared words a theme shows.
const SHOWN_TERMS: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Indices into `backlog.feedback`, in path order.
    pub notes: Vec<usize>,
    /// The words two notes or more share: most shared first, then weightiest.
    pub terms: Vec<String>,
    /// The distinct people (a note without `from:` counts as `anonymous`).
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    /// Index into `backlog.goals` of the active goal it most resembles.
    pub goal: Option<usize>,
}

/// The themes among the notes linked to nothing that no item fits (at
/// `min_score`), most people first, then most notes.
pub fn themes(backlog: &Backlog, min_score: f64) -> Vec<Theme> {
    let index = Index::new(backlog);
    let orphans: Vec<usize> = suggest::unlinked(backlog)
        .into_par_iter()
        .filter(|&n| {
            index
                .candidates(&backlog.feedback[n].body, 1, min_score)
                .is_empty()
        })
        .collect();
    themes_among(backlog, &index, &orphans)
}

/// The themes among notes already known to fit no item (indices into
/// `backlog.feedback`, in path order), with the index that judged them.
pub fn themes_among(backlog: &Backlog, index: &Index, orphans: &[usize]) -> Vec<Theme> {
    // Weighted words of each note: occurrences (saturated) × rarity among items.
    let vectors: Vec<BTreeMap<String, (f64, String)>> = orphans
        .par_iter()
        .map(|&n| index.weights(&backlog.feedback[n].body))
        .collect();
    // Single linkage through a union-find over similar pairs (found on any
    // thread; the groups do not depend on the order they are joined in).
    let similar: Vec<(usize, usize)> = (0..orphans.len())
        .into_par_iter()
        .flat_map_iter(|a| {
            let vectors = &vectors;
            (a + 1..vectors.len())
                .filter(move |&b| cosine(&vectors[a], &vectors[b]) >= SIMILAR)
                .map(move |b| (a, b))
        })
        .collect();
    let mut parent: Vec<usize> = (0..orphans.len()).collect();
    for (a, b) in similar {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..orphans.len() {
        let r = root(&mut parent, i);
        clusters.entry(r).or_default().push(i);
    }
    let mut themes: Vec<Theme> = clusters
        .into_values()
        .filter(|members| members.len() > 1)
        .map(|members| {
            let notes: Vec<usize> = members.iter().map(|&m| orphans[m]).collect();
            let vectors: Vec<_> = members.iter().map(|&m| vectors[m].clone()).collect();
            theme(backlog, index, notes, &vectors)
        })
        .collect();
    themes.sort_by(|a, b| {
        b.people
            .len()
            .cmp(&a.people.len())
            .then(b.notes.len().cmp(&a.notes.len()))
            .then(a.notes.cmp(&b.notes))
    });
    themes
}

/// The theme the given notes (indices into `backlog.feedback`) would make,
/// whether or not they resemble each other: for `new item --from-notes`.
pub fn describe(backlog: &Backlog, notes: &[usize]) -> Theme {
    let index = Index::new(backlog);
    let mut notes = notes.to_vec();
    notes.sort_unstable();
    notes.dedup();
    let vectors: Vec<_> = notes
        .iter()
        .map(|&n| index.weights(&backlog.feedback[n].body))
        .collect();
    theme(backlog, &index, notes, &vectors)
}

fn theme(
    backlog: &Backlog,
    index: &Index,
    notes: Vec<usize>,
    vectors: &[BTreeMap<String, (f64, String)>],
) -> Theme {
    // A word is shared when two notes or more use it; its weight is summed.
    let mut shared: BTreeMap<&str, (usize, f64, &str)> = BTreeMap::new();
    for vector in vectors {
        for (stem, (weight, word)) in vector {
            let entry = shared.entry(stem).or_insert((0, 0.0, word));
            entry.0 += 1;
            entry.1 += weight;
        }
    }
    // Words more of the notes share come first, then the weightier.
    let mut terms: Vec<(usize, f64, &str)> = shared
        .values()
        .filter(|(count, _, _)| *count > 1 || vectors.len() == 1)
        .copied()
        .collect();
    terms.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    let people: BTreeSet<String> = notes
        .iter()
        .map(|&n| {
            backlog.feedback[n]
                .from
                .clone()
                .unwrap_or_else(|| "anonymous".to_owned())
        })
        .collect();
    let orgs: BTreeSet<String> = notes
        .iter()
        .filter_map(|&n| backlog.feedback[n].org.clone())
        .collect();
    let text: String = notes
        .iter()
        .map(|&n| backlog.feedback[n].body.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let theme_words = index.weights(&text);
    let goal = backlog
        .goals
        .iter()
        .enumerate()
        .filter(|(_, g)| g.status == GoalStatus::Active)
        .map(|(i, g)| {
            let goal_text = format!("{} {}", g.title, g.metric.as_deref().unwrap_or(""));
            (i, cosine(&theme_words, &index.weights(&goal_text)))
        })
        .filter(|&(_, similarity)| similarity > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i);
    Theme {
        notes,
        terms: terms
            .into_iter()
            .take(SHOWN_TERMS)
            .map(|(_, _, w)| w.to_owned())
            .collect(),
        people: people.into_iter().collect(),
        orgs: orgs.into_iter().collect(),
        goal,
    }
}

fn cosine(a: &BTreeMap<String, (f64, String)>, b: &BTreeMap<String, (f64, String)>) -> f64 {
    let dot: f64 = a
        .iter()
        .filter_map(|(stem, (x, _))| b.get(stem).map(|(y, _)| x * y))
        .sum();
    let norm =
        |v: &BTreeMap<String, (f64, String)>| v.values().map(|(x, _)| x * x).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

/// The representative of `i`'s group in a union-find, halving paths.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}
