//! Property tests: the ranking invariants of docs/ranking.md under every model, the
//! determinism of PRIORITIES.md (file order, line endings, BOM), the order of
//! dependencies, and no panic on arbitrary input.
//!
//! Backlogs are generated as small plain specs ([`Spec`]) and written out as
//! the Markdown and YAML files a team would keep, so every property runs the
//! whole pipeline: source → parse → link → rank (→ render).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;
use proptest::sample::{Index, subsequence};

use rankdown::backlog::{self, Backlog};
use rankdown::diagnostic::{self, DiagnosticFormat};
use rankdown::rank::{self, Ranking};
use rankdown::source::MemorySource;

use crate::support;

const MODELS: [&str; 4] = ["evidence", "rice", "wsjf", "ice"];
/// The small cast feedback comes from.
const PEOPLE: [&str; 4] = ["ana", "bo", "chen", "dana"];
/// A person none of the generated notes comes from.
const NEWCOMER: &str = "newcomer";
const ORGS: [&str; 2] = ["payments", "platform"];
/// Channels with their default weights.
const CHANNELS: [(&str, f64); 7] = [
    ("interview", 1.0),
    ("ticket", 0.8),
    ("mail", 0.8),
    ("forum", 0.6),
    ("chat", 0.5),
    ("survey", 0.5),
    ("other", 0.5),
];
/// Impact and severity words, weakest first.
const LEVELS: [&str; 4] = ["low", "medium", "high", "critical"];
/// Effort sizes with their default person-weeks.
const SIZES: [(&str, f64); 5] = [("XS", 0.5), ("S", 1.0), ("M", 2.0), ("L", 4.0), ("XL", 8.0)];
/// Horizons, nearest first.
const HORIZONS: [&str; 3] = ["3m", "6m", "12m"];
const GOAL_IDS: [&str; 4] = ["grow", "retain", "speed", "trust"];
const ITEM_IDS: [&str; 5] = ["alpha", "bravo", "charlie", "delta", "echo"];
/// Days are counted from 2025-01-01; 2026 is days 365..730.
const Y2026: u32 = 365;

#[test]
fn the_properties_cover_every_model() {
    use rankdown::model::{Keyword, RankModel};
    assert_eq!(MODELS.to_vec(), RankModel::words());
}

fn config(cases: u32) -> ProptestConfig {
    // No regression files: this suite must not write next to the sources.
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

/// `YYYY-MM-DD` for a day counted from 2025-01-01 (valid through 2099).
fn date(day: u32) -> String {
    let (mut year, mut day) = (2025, day);
    loop {
        let len = if year % 4 == 0 { 366 } else { 365 };
        if day < len {
            break;
        }
        day -= len;
        year += 1;
    }
    let february = if year % 4 == 0 { 29 } else { 28 };
    let mut month = 1;
    for len in [31, february, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
        if day < len {
            break;
        }
        day -= len;
        month += 1;
    }
    format!("{year:04}-{month:02}-{:02}", day + 1)
}

// ---------------------------------------------------------------------------
// Generated backlogs.

#[derive(Debug, Clone, Copy, PartialEq)]
enum Timing {
    /// Index into [`HORIZONS`].
    Horizon(usize),
    /// `due:` on this day.
    Due(u32),
}

#[derive(Debug, Clone)]
struct GoalSpec {
    /// `None` leaves the default (3).
    weight: Option<u8>,
    timing: Timing,
    status: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Effort {
    Absent,
    /// Index into [`SIZES`].
    Size(usize),
    /// Quarter person-weeks.
    Weeks(u32),
}

impl Effort {
    /// Person-weeks, as docs/ranking.md maps them (absent is M).
    fn weeks(self) -> f64 {
        match self {
            Effort::Absent => 2.0,
            Effort::Size(size) => SIZES[size].1,
            Effort::Weeks(quarters) => f64::from(quarters) / 4.0,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Confidence {
    Absent,
    /// Written as a decimal from 0 to 1.
    Fraction(u8),
    /// Written as a percentage.
    Percent(u8),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// `items: [id]` in the front matter.
    Front,
    /// `[[id]]` in the body.
    Wiki,
    /// `[text](../items/id.md)` in the body.
    Markdown,
}

#[derive(Debug, Clone)]
struct ItemSpec {
    /// (goal, impact) pairs, goals distinct.
    goals: Vec<(usize, usize)>,
    /// `goals: [a, b]` (impact medium) instead of a map.
    list_form: bool,
    /// Block style YAML instead of flow style.
    block: bool,
    effort: Effort,
    confidence: Confidence,
    status: Option<&'static str>,
    depends_on: Vec<usize>,
    /// Front matter lines giving framework terms (`reach: 40`, `wsjf: {size: 5}`):
    /// a given term replaces a derived one, and the invariants still hold.
    framework: Vec<String>,
}

#[derive(Debug, Clone)]
struct NoteSpec {
    channel: usize,
    day: u32,
    from: Option<&'static str>,
    org: Option<usize>,
    severity: Option<usize>,
    /// (item, how it is linked), items distinct.
    links: Vec<(usize, Style)>,
    /// In `feedback/calls/` rather than `feedback/`.
    nested: bool,
}

impl NoteSpec {
    /// Severity as its index in [`LEVELS`] (absent is medium).
    fn severity_level(&self) -> usize {
        self.severity.unwrap_or(1)
    }

    fn links_to(&self, item: usize) -> bool {
        self.links.iter().any(|(i, _)| *i == item)
    }
}

#[derive(Debug, Clone)]
struct Spec {
    goals: Vec<GoalSpec>,
    items: Vec<ItemSpec>,
    notes: Vec<NoteSpec>,
    /// `as_of:` in rankdown.yaml.
    as_of: Option<u32>,
    vision: bool,
}

impl Spec {
    /// The backlog's files, `rankdown.yaml` first, each ending in a newline.
    fn files(&self, model: &str) -> Vec<(String, String)> {
        let mut files = Vec::new();
        let mut config = format!("model: {model}\n");
        if let Some(day) = self.as_of {
            let _ = writeln!(config, "as_of: {}", date(day));
        }
        files.push(("rankdown.yaml".to_owned(), config));
        if self.vision {
            files.push((
                "vision.md".to_owned(),
                "# Vision\n\nShip faster, with fewer surprises.\n\nMore later.\n".to_owned(),
            ));
        }
        for (g, goal) in self.goals.iter().enumerate() {
            let mut text = format!("---\ntitle: Goal {}\n", GOAL_IDS[g]);
            if let Some(weight) = goal.weight {
                let _ = writeln!(text, "weight: {weight}");
            }
            match goal.timing {
                Timing::Horizon(h) => {
                    let _ = writeln!(text, "horizon: {}", HORIZONS[h]);
                }
                Timing::Due(day) => {
                    let _ = writeln!(text, "due: {}", date(day));
                }
            }
            if let Some(status) = goal.status {
                let _ = writeln!(text, "status: {status}");
            }
            text.push_str("---\nWhy this goal matters.\n");
            files.push((format!("goals/{}.md", GOAL_IDS[g]), text));
        }
        for (i, item) in self.items.iter().enumerate() {
            files.push((format!("items/{}.md", ITEM_IDS[i]), item_text(i, item)));
        }
        for (n, note) in self.notes.iter().enumerate() {
            files.push(note_file(n, note));
        }
        files
    }

    /// The score of every ranked item by id, checking that without
    /// `depends_on` the score is the item's own.
    fn scores(&self, model: &str) -> Result<BTreeMap<&'static str, f64>, TestCaseError> {
        Ok(self
            .seen(model)?
            .into_iter()
            .map(|(id, seen)| (id, seen.score))
            .collect())
    }

    /// The score and distinct people of every ranked item by id, checking
    /// that without `depends_on` the score is the item's own.
    fn seen(&self, model: &str) -> Result<BTreeMap<&'static str, Seen>, TestCaseError> {
        let (backlog, ranking) = load_valid(&self.files(model))?;
        let mut scores = BTreeMap::new();
        for s in &ranking.ranked {
            let id = ITEM_IDS
                .iter()
                .find(|id| **id == backlog.items[s.item].id.value)
                .copied()
                .expect("generated ids");
            prop_assert!(
                (s.score - s.own).abs() <= tolerance(s.own),
                "{model}: {id} has score {} but own {} with no depends_on",
                s.score,
                s.own
            );
            scores.insert(
                id,
                Seen {
                    score: s.score,
                    people: s.people.len(),
                },
            );
        }
        Ok(scores)
    }
}

/// What the properties look at in an item's ranking.
#[derive(Debug, Clone, Copy)]
struct Seen {
    score: f64,
    people: usize,
}

fn item_text(i: usize, item: &ItemSpec) -> String {
    let mut text = format!("---\ntitle: Item {}\n", ITEM_IDS[i]);
    if let Some(status) = item.status {
        let _ = writeln!(text, "status: {status}");
    }
    if !item.goals.is_empty() {
        let ids: Vec<&str> = item.goals.iter().map(|(g, _)| GOAL_IDS[*g]).collect();
        match (item.list_form, item.block) {
            (true, false) => {
                let _ = writeln!(text, "goals: [{}]", ids.join(", "));
            }
            (true, true) => {
                text.push_str("goals:\n");
                for id in ids {
                    let _ = writeln!(text, "  - {id}");
                }
            }
            (false, false) => {
                let pairs: Vec<String> = item
                    .goals
                    .iter()
                    .map(|(g, level)| format!("{}: {}", GOAL_IDS[*g], LEVELS[*level]))
                    .collect();
                let _ = writeln!(text, "goals: {{{}}}", pairs.join(", "));
            }
            (false, true) => {
                text.push_str("goals:\n");
                for (g, level) in &item.goals {
                    let _ = writeln!(text, "  {}: {}", GOAL_IDS[*g], LEVELS[*level]);
                }
            }
        }
    }
    match item.effort {
        Effort::Absent => {}
        Effort::Size(size) => {
            let _ = writeln!(text, "effort: {}", SIZES[size].0);
        }
        Effort::Weeks(quarters) => {
            let _ = writeln!(text, "effort: {}", f64::from(quarters) / 4.0);
        }
    }
    match item.confidence {
        Confidence::Absent => {}
        Confidence::Fraction(percent) => {
            let _ = writeln!(text, "confidence: {}", f64::from(percent) / 100.0);
        }
        Confidence::Percent(percent) => {
            let _ = writeln!(text, "confidence: {percent}%");
        }
    }
    if !item.depends_on.is_empty() {
        let ids: Vec<&str> = item.depends_on.iter().map(|d| ITEM_IDS[*d]).collect();
        if ids.len() == 1 && item.block {
            let _ = writeln!(text, "depends_on: {}", ids[0]);
        } else {
            let _ = writeln!(text, "depends_on: [{}]", ids.join(", "));
        }
    }
    for line in &item.framework {
        let _ = writeln!(text, "{line}");
    }
    text.push_str("---\nWhat this item is about.\n");
    text
}

fn note_file(n: usize, note: &NoteSpec) -> (String, String) {
    let (path, up) = if note.nested {
        (format!("feedback/calls/n{n:02}.md"), "../../")
    } else {
        (format!("feedback/n{n:02}.md"), "../")
    };
    let mut text = format!(
        "---\nchannel: {}\ndate: {}\n",
        CHANNELS[note.channel].0,
        date(note.day)
    );
    if let Some(from) = note.from {
        let _ = writeln!(text, "from: {from}");
    }
    if let Some(org) = note.org {
        let _ = writeln!(text, "org: {}", ORGS[org]);
    }
    if let Some(severity) = note.severity {
        let _ = writeln!(text, "severity: {}", LEVELS[severity]);
    }
    let front: Vec<&str> = note
        .links
        .iter()
        .filter(|(_, style)| *style == Style::Front)
        .map(|(i, _)| ITEM_IDS[*i])
        .collect();
    if !front.is_empty() {
        let _ = writeln!(text, "items: [{}]", front.join(", "));
    }
    text.push_str("---\nWhat we heard on this call.\n\n");
    for (i, style) in &note.links {
        let id = ITEM_IDS[*i];
        match style {
            Style::Front => {}
            Style::Wiki => {
                let _ = writeln!(text, "- It slows us down every day [[{id}]].");
            }
            Style::Markdown => {
                let _ = writeln!(text, "- See [this one]({up}items/{id}.md), please.");
            }
        }
    }
    (path, text)
}

fn load(files: &[(String, String)]) -> Backlog {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    support::load(&refs)
}

/// Loads generated files, which must be free of any diagnostic, and ranks them.
fn load_valid(files: &[(String, String)]) -> Result<(Backlog, Ranking), TestCaseError> {
    let backlog = load(files);
    prop_assert!(
        backlog.diagnostics.is_empty(),
        "the generated backlog should be valid, but: {:#?}\nfiles: {files:#?}",
        backlog.diagnostics
    );
    let ranking = rank::rank(&backlog);
    Ok((backlog, ranking))
}

/// Slack for float rounding where the math is exact.
fn tolerance(value: f64) -> f64 {
    1e-9 * (1.0 + value.abs())
}

/// Checks that `after` never scores an item below `before`, for the `ids`.
fn never_lower(
    model: &str,
    change: &str,
    ids: &[&str],
    before: &BTreeMap<&str, f64>,
    after: &BTreeMap<&str, f64>,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{}: {} changed which items are ranked",
        model,
        change
    );
    for id in ids {
        if let (Some(b), Some(a)) = (before.get(id), after.get(id)) {
            prop_assert!(
                *a >= *b - tolerance(*b),
                "{model}: {change} lowered {id}'s score from {b} to {a}"
            );
        }
    }
    Ok(())
}

fn effort() -> impl Strategy<Value = Effort> {
    prop_oneof![
        Just(Effort::Absent),
        (0..SIZES.len()).prop_map(Effort::Size),
        (1u32..=80).prop_map(Effort::Weeks),
    ]
}

fn timing() -> impl Strategy<Value = Timing> {
    prop_oneof![
        3 => (0..HORIZONS.len()).prop_map(Timing::Horizon),
        1 => (Y2026..Y2026 + 730).prop_map(Timing::Due),
    ]
}

fn goal_spec() -> impl Strategy<Value = GoalSpec> {
    (
        prop::option::weighted(0.8, 1u8..=5),
        timing(),
        prop_oneof![
            8 => Just(None),
            2 => Just(Some("active")),
            1 => Just(Some("achieved")),
            1 => Just(Some("dropped")),
        ],
    )
        .prop_map(|(weight, timing, status)| GoalSpec {
            weight,
            timing,
            status,
        })
}

fn item_spec(goals: usize) -> impl Strategy<Value = ItemSpec> {
    (
        btree_map(0..goals, 0..LEVELS.len(), 0..=goals.min(3)),
        any::<bool>(),
        any::<bool>(),
        effort(),
        prop_oneof![
            Just(Confidence::Absent),
            (0u8..=100).prop_map(Confidence::Fraction),
            (0u8..=100).prop_map(Confidence::Percent),
        ],
        prop_oneof![
            4 => Just(None),
            2 => Just(Some("proposed")),
            2 => Just(Some("ready")),
            2 => Just(Some("in-progress")),
            1 => Just(Some("done")),
            1 => Just(Some("dropped")),
        ],
        framework_lines(),
    )
        .prop_map(
            |(goals, list_form, block, effort, confidence, status, framework)| {
                // A list of goal ids means impact medium.
                let goals = goals
                    .into_iter()
                    .map(|(g, level)| (g, if list_form { 1 } else { level }))
                    .collect();
                ItemSpec {
                    goals,
                    list_form,
                    block,
                    effort,
                    confidence,
                    status,
                    depends_on: Vec::new(),
                    framework,
                }
            },
        )
}

/// Framework terms an item may give, each left out most of the time so
/// that derived terms are exercised too (docs/formats.md).
fn framework_lines() -> impl Strategy<Value = Vec<String>> {
    const IMPACTS: [&str; 8] = ["3", "2", "1", "0.5", "0.25", "massive", "minimal", "High"];
    const WSJF: [&str; 4] = ["value", "time", "rr_oe", "size"];
    const STEPS: [u8; 7] = [1, 2, 3, 5, 8, 13, 20];
    const ICE: [&str; 3] = ["impact", "confidence", "ease"];
    let pairs = |keys: Vec<String>, values: Vec<String>| {
        keys.into_iter()
            .zip(values)
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    (
        prop::option::weighted(0.25, 0u32..5000),
        prop::option::weighted(0.25, prop::sample::select(IMPACTS.to_vec())),
        prop::option::weighted(
            0.25,
            (
                subsequence(WSJF.to_vec(), 1..=4),
                vec(prop::sample::select(STEPS.to_vec()), 4),
            ),
        ),
        prop::option::weighted(
            0.25,
            (subsequence(ICE.to_vec(), 1..=3), vec(10u32..=100, 3)),
        ),
    )
        .prop_map(move |(reach, impact, wsjf, ice)| {
            let mut lines = Vec::new();
            if let Some(reach) = reach {
                lines.push(format!("reach: {reach}"));
            }
            if let Some(impact) = impact {
                lines.push(format!("impact: {impact}"));
            }
            if let Some((keys, steps)) = wsjf {
                let keys = keys.into_iter().map(str::to_owned).collect();
                let values = steps.into_iter().map(|s| s.to_string()).collect();
                lines.push(format!("wsjf: {{{}}}", pairs(keys, values)));
            }
            if let Some((keys, tenths)) = ice {
                let keys = keys.into_iter().map(str::to_owned).collect();
                let values = tenths
                    .into_iter()
                    .map(|t| (f64::from(t) / 10.0).to_string())
                    .collect();
                lines.push(format!("ice: {{{}}}", pairs(keys, values)));
            }
            lines
        })
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![Just(Style::Front), Just(Style::Wiki), Just(Style::Markdown)]
}

/// A note dated in `days`, linked to at most `max_links` of `items` items.
fn note_spec(
    items: usize,
    days: std::ops::RangeInclusive<u32>,
    from: impl Strategy<Value = Option<&'static str>>,
    max_links: usize,
) -> impl Strategy<Value = NoteSpec> {
    (
        0..CHANNELS.len(),
        days,
        from,
        prop::option::of(0..ORGS.len()),
        prop::option::of(0..LEVELS.len()),
        btree_map(0..items, style(), 0..=max_links.min(items)),
        any::<bool>(),
    )
        .prop_map(
            |(channel, day, from, org, severity, links, nested)| NoteSpec {
                channel,
                day,
                from,
                org,
                severity,
                links: links.into_iter().collect(),
                nested,
            },
        )
}

fn known_person() -> impl Strategy<Value = Option<&'static str>> {
    prop::option::weighted(0.8, prop::sample::select(PEOPLE.to_vec()))
}

/// A valid backlog without dependencies, `as_of:` pinned late in 2026 and
/// feedback dated in 2026 (some of it after the as-of date).
fn spec(min_notes: usize) -> impl Strategy<Value = Spec> {
    (1..=GOAL_IDS.len(), 1..=ITEM_IDS.len())
        .prop_flat_map(move |(goals, items)| {
            (
                vec(goal_spec(), goals),
                vec(item_spec(goals), items),
                vec(
                    note_spec(items, Y2026..=Y2026 + 364, known_person(), 2),
                    min_notes..=6,
                ),
                Y2026 + 180..=Y2026 + 364,
            )
        })
        .prop_map(|(goals, items, notes, as_of)| Spec {
            goals,
            items,
            notes,
            as_of: Some(as_of),
            vision: false,
        })
}

/// Like [`spec`], with acyclic `depends_on`, an optional `as_of:` and vision,
/// and `forced` making one item wait for another.
fn spec_with_dependencies(forced: bool) -> impl Strategy<Value = Spec> {
    (spec(0), any::<bool>(), any::<bool>())
        .prop_flat_map(move |(spec, pinned, vision)| {
            let n = spec.items.len();
            (
                Just(spec),
                Just(pinned),
                Just(vision),
                // A topological order: an item depends only on items before it.
                Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
                vec(btree_set(0..n, 0..=2), n),
            )
        })
        .prop_map(move |(mut spec, pinned, vision, order, wanted)| {
            let position = |i: usize| order.iter().position(|&o| o == i).expect("permutation");
            for (i, deps) in wanted.into_iter().enumerate() {
                spec.items[i].depends_on = deps
                    .into_iter()
                    .filter(|&d| position(d) < position(i))
                    .collect();
            }
            if forced && order.len() >= 2 {
                let (first, second) = (order[0], order[1]);
                if !spec.items[second].depends_on.contains(&first) {
                    spec.items[second].depends_on.push(first);
                }
            }
            if !pinned {
                spec.as_of = None;
            }
            spec.vision = vision;
            spec
        })
}

/// Channels no stronger than `channel`, by default weight.
fn weaker_channels(channel: usize) -> Vec<usize> {
    (0..CHANNELS.len())
        .filter(|&c| CHANNELS[c].1 <= CHANNELS[channel].1)
        .collect()
}

// ---------------------------------------------------------------------------
// The invariants of docs/ranking.md, for every model. Without depends_on, score == own.

proptest! {
    #![proptest_config(config(64))]

    /// 1. A recent note (dated on or before the as-of date) from a new person
    ///    (named or anonymous) linked to X never lowers X's score.
    #[test]
    fn a_recent_note_from_a_new_person_never_lowers_the_score(
        (spec, x, mut note, style) in spec(0).prop_flat_map(|spec| {
            let items = spec.items.len();
            let as_of = spec.as_of.expect("pinned");
            let who = prop_oneof![Just(Some(NEWCOMER)), Just(None)];
            (Just(spec), 0..items, note_spec(items, Y2026..=as_of, who, 1), style())
        })
    ) {
        if !note.links_to(x) {
            note.links.push((x, style));
        }
        let mut with = spec.clone();
        with.notes.push(note);
        let id = ITEM_IDS[x];
        for model in MODELS {
            let (before, after) = (spec.seen(model)?, with.seen(model)?);
            if let (Some(b), Some(a)) = (before.get(id), after.get(id)) {
                prop_assert!(
                    a.score >= b.score - tolerance(b.score),
                    "{model}: a new person's note lowered {id}'s score from {} to {}",
                    b.score, a.score
                );
                prop_assert_eq!(
                    a.people, b.people + 1,
                    "{}: a note from {:?} should add a distinct person to {}",
                    model, with.notes.last().and_then(|n| n.from), id
                );
            }
            prop_assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        }
    }

    /// 2. A second note from the same person, no stronger (same or weaker
    ///    channel and severity, same or older date), linked to X changes no
    ///    score at all.
    #[test]
    fn a_no_stronger_note_from_the_same_person_changes_nothing(
        (mut spec, x, which, person, channel, severity, older, style, org) in spec(1)
            .prop_flat_map(|spec| {
            let items = spec.items.len();
            (
                Just(spec),
                0..items,
                any::<Index>(),
                prop::sample::select(PEOPLE.to_vec()),
                any::<Index>(),
                any::<Index>(),
                prop_oneof![Just(0u32), 1u32..=200],
                style(),
                prop::option::of(0..ORGS.len()),
            )
        })
    ) {
        // The note to repeat: make it a known person's, linked to X.
        let n = which.index(spec.notes.len());
        let base = &mut spec.notes[n];
        if base.from.is_none() {
            base.from = Some(person);
        }
        if !base.links_to(x) {
            base.links.push((x, style));
        }
        let channels = weaker_channels(base.channel);
        let second = NoteSpec {
            channel: channels[channel.index(channels.len())],
            day: base.day.saturating_sub(older),
            from: base.from,
            org,
            severity: Some(severity.index(base.severity_level() + 1)),
            links: vec![(x, style)],
            nested: !base.nested,
        };
        let mut with = spec.clone();
        with.notes.push(second);
        for model in MODELS {
            let (before, after) = (spec.seen(model)?, with.seen(model)?);
            prop_assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
            for (id, b) in &before {
                let a = after[id];
                prop_assert!(
                    (a.score - b.score).abs() <= tolerance(b.score) && a.people == b.people,
                    "{}: a no-stronger note from {:?} on {} moved {}'s score \
                     from {} to {} (people {} to {})",
                    model, with.notes[n].from, ITEM_IDS[x], id, b.score, a.score, b.people, a.people
                );
            }
        }
    }

    /// 3. Moving a note's date older never raises any item's score.
    #[test]
    fn an_older_date_never_raises_a_score(
        (spec, which, older) in spec(1)
            .prop_flat_map(|spec| (Just(spec), any::<Index>(), 1u32..=300))
    ) {
        let n = which.index(spec.notes.len());
        let mut moved = spec.clone();
        moved.notes[n].day -= older;
        for model in MODELS {
            let before = spec.scores(model)?;
            let after = moved.scores(model)?;
            prop_assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
            for (id, b) in &before {
                let a = after[id];
                prop_assert!(
                    a <= b + tolerance(*b),
                    "{}: moving note {} from {} to {} raised {}'s score from {} to {}",
                    model, n, date(spec.notes[n].day), date(moved.notes[n].day), id, b, a
                );
            }
        }
    }

    /// 4. More effort on X never raises X's score.
    #[test]
    fn more_effort_never_raises_the_score(
        (spec, x, one, two) in spec(0).prop_flat_map(|spec| {
            let items = spec.items.len();
            (Just(spec), 0..items, effort(), effort())
        })
    ) {
        let (less, more) = if one.weeks() <= two.weeks() { (one, two) } else { (two, one) };
        let mut small = spec.clone();
        small.items[x].effort = less;
        let mut large = spec;
        large.items[x].effort = more;
        for model in MODELS {
            let before = small.scores(model)?;
            let after = large.scores(model)?;
            let id = ITEM_IDS[x];
            if let (Some(b), Some(a)) = (before.get(id), after.get(id)) {
                prop_assert!(
                    *a <= b + tolerance(*b),
                    "{model}: effort {less:?} → {more:?} raised {id}'s score from {b} to {a}"
                );
            }
        }
    }

    /// 5. A higher weight on a goal X serves never lowers X's score (nor any
    ///    other item's).
    #[test]
    fn a_higher_goal_weight_never_lowers_the_score(
        (mut spec, x, which, impact, one, two) in spec(0).prop_flat_map(|spec| {
            let items = spec.items.len();
            (Just(spec), 0..items, any::<Index>(), 0..LEVELS.len(), 1u8..=5, 1u8..=5)
        })
    ) {
        let goal = if spec.items[x].goals.is_empty() {
            let goal = which.index(spec.goals.len());
            let impact = if spec.items[x].list_form { 1 } else { impact };
            spec.items[x].goals.push((goal, impact));
            goal
        } else {
            spec.items[x].goals[which.index(spec.items[x].goals.len())].0
        };
        let mut light = spec.clone();
        light.goals[goal].weight = Some(one.min(two));
        let mut heavy = spec;
        heavy.goals[goal].weight = Some(one.max(two));
        let ids: Vec<&str> = ITEM_IDS.to_vec();
        for model in MODELS {
            let change = format!(
                "weight {} → {} on goal {}",
                one.min(two), one.max(two), GOAL_IDS[goal]
            );
            never_lower(model, &change, &ids, &light.scores(model)?, &heavy.scores(model)?)?;
        }
    }

    /// 6. A nearer horizon (12m → 6m → 3m), or an earlier due date, on a goal
    ///    X serves never lowers X's score (nor any other item's).
    #[test]
    fn a_nearer_horizon_never_lowers_the_score(
        (mut spec, x, which, (far, near)) in spec(0).prop_flat_map(|spec| {
            let items = spec.items.len();
            let pair = prop_oneof![
                (0..HORIZONS.len(), 0..HORIZONS.len())
                    .prop_map(|(a, b)| (Timing::Horizon(a.max(b)), Timing::Horizon(a.min(b)))),
                (Y2026 - 100..Y2026 + 730, Y2026 - 100..Y2026 + 730)
                    .prop_map(|(a, b)| (Timing::Due(a.max(b)), Timing::Due(a.min(b)))),
            ];
            (Just(spec), 0..items, any::<Index>(), pair)
        })
    ) {
        let goal = if spec.items[x].goals.is_empty() {
            let goal = which.index(spec.goals.len());
            spec.items[x].goals.push((goal, 2));
            goal
        } else {
            spec.items[x].goals[which.index(spec.items[x].goals.len())].0
        };
        let mut later = spec.clone();
        later.goals[goal].timing = far;
        let mut sooner = spec;
        sooner.goals[goal].timing = near;
        let ids: Vec<&str> = ITEM_IDS.to_vec();
        for model in MODELS {
            let change = format!("timing {far:?} → {near:?} on goal {}", GOAL_IDS[goal]);
            never_lower(model, &change, &ids, &later.scores(model)?, &sooner.scores(model)?)?;
        }
    }

    /// Ties (docs/ranking.md): score descending, then more distinct people, then id
    /// ascending. Scores equal as numbers are a tie, whatever the sign of a
    /// zero.
    #[test]
    fn ties_go_to_more_people_then_the_smaller_id(spec in spec(0)) {
        use std::cmp::Ordering;
        for model in MODELS {
            let (backlog, ranking) = load_valid(&spec.files(model))?;
            for pair in ranking.ranked.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let a_id = &backlog.items[a.item].id.value;
                let b_id = &backlog.items[b.item].id.value;
                let order = a.score.partial_cmp(&b.score);
                prop_assert!(
                    matches!(order, Some(Ordering::Greater | Ordering::Equal)),
                    "{model}: {a_id} (score {:?}) ranks above {b_id} (score {:?})",
                    a.score, b.score
                );
                if order == Some(Ordering::Equal) {
                    let (a_people, b_people) = (a.people.len(), b.people.len());
                    prop_assert!(
                        a_people > b_people || (a_people == b_people && a_id < b_id),
                        "{model}: {a_id} (score {:?}, {a_people} people) ranks above \
                         {b_id} (score {:?}, {b_people} people) in a tie",
                        a.score, b.score
                    );
                }
            }
        }
    }

    /// An open item always ranks above the open items that depend on it,
    /// whatever their scores, and inherits a non-negative share of them.
    #[test]
    fn dependencies_rank_above_their_dependents(spec in spec_with_dependencies(true)) {
        for model in MODELS {
            let (backlog, ranking) = load_valid(&spec.files(model))?;
            for s in &ranking.ranked {
                prop_assert!(
                    s.inherited >= -tolerance(s.own) && s.score >= s.own - tolerance(s.own),
                    "{model}: {} scores {} below its own {}",
                    backlog.items[s.item].id.value, s.score, s.own
                );
            }
            for (a, deps) in backlog.links.depends_on.iter().enumerate() {
                for &b in deps {
                    if let (Some(ra), Some(rb)) = (ranking.position(a), ranking.position(b)) {
                        prop_assert!(
                            rb.rank < ra.rank,
                            "{model}: {} (score {}) depends on {} (score {}) but ranks {} vs {}",
                            backlog.items[a].id.value, ra.score,
                            backlog.items[b].id.value, rb.score,
                            ra.rank, rb.rank
                        );
                    }
                }
            }
        }
    }

    /// `Ranking::position` finds each open item's own entry, and nothing for
    /// closed items or indexes past the backlog.
    #[test]
    fn position_finds_each_items_own_entry(spec in spec(0)) {
        let (backlog, ranking) = load_valid(&spec.files("evidence"))?;
        for item in 0..backlog.items.len() {
            let expected = ranking.ranked.iter().find(|s| s.item == item);
            prop_assert_eq!(ranking.position(item), expected);
            prop_assert_eq!(expected.is_none(), ranking.closed.contains(&item));
        }
        prop_assert_eq!(ranking.position(backlog.items.len()), None);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// An id that plain YAML would read as a number or a boolean (`007`,
    /// `1.50`, `1e3`, `0x1f`, `True`) still names its item in `items:` and
    /// `depends_on:`, and its goal in `goals:`, as `[[007]]` does in a body:
    /// ids are file stems, compared as written.
    #[test]
    fn ids_that_look_like_numbers_still_link(
        id in prop_oneof![
            "0[0-9]{1,3}",
            "[0-9]{1,2}\\.[0-9]0",
            "[1-9]e[1-9]",
            "0x[0-9a-f]{1,2}",
            "(True|TRUE|False|FALSE)",
            "[a-z][a-z0-9-]{0,6}",
        ],
    ) {
        let files = vec![
            ("rankdown.yaml".to_owned(), "as_of: 2026-06-01\n".to_owned()),
            (format!("goals/{id}.md"), "---\ntitle: A goal\nhorizon: 3m\n---\n".to_owned()),
            (format!("items/{id}.md"), format!("---\ntitle: An item\ngoals: [{id}]\n---\n")),
            (
                "items/zz-later.md".to_owned(),
                format!("---\ntitle: Later\ndepends_on: [{id}]\n---\n"),
            ),
            (
                "feedback/n.md".to_owned(),
                format!(
                    "---\nchannel: chat\ndate: 2026-05-01\nfrom: ana\nitems: [{id}]\n---\n\
                     Also [[{id}]].\n"
                ),
            ),
        ];
        let backlog = load(&files);
        let problems: Vec<String> = backlog
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}:{}: {}", d.path, d.line, d.column, d.message))
            .collect();
        prop_assert!(problems.is_empty(), "id {:?}: {:#?}", id, problems);
        let item = backlog.item(&id).expect("the item is loaded");
        let later = backlog.item("zz-later").expect("the item is loaded");
        prop_assert_eq!(&backlog.links.depends_on[later], &vec![item]);
        prop_assert_eq!(backlog.links.item_goals[item].len(), 1);
        prop_assert_eq!(backlog.links.evidence[item].len(), 1);
    }
}

// ---------------------------------------------------------------------------
// Determinism: PRIORITIES.md is a pure function of the content.

/// Files that bring diagnostics and odd cases along; output must stay
/// deterministic with them too.
const NOISE: [(&str, &str); 7] = [
    (
        "items/zz-dup.md",
        "---\nid: alpha\ntitle: A second alpha\n---\n",
    ),
    (
        "items/aa-dup.md",
        "---\nid: bravo\ntitle: The first bravo by path\neffort: XS\n---\n",
    ),
    (
        "items/zz-cycle-a.md",
        "---\ntitle: Cycle A\ndepends_on: [zz-cycle-b]\n---\n",
    ),
    (
        "items/zz-cycle-b.md",
        "---\ntitle: Cycle B\ndepends_on: [zz-cycle-a]\n---\n",
    ),
    (
        "feedback/zz-unknown.md",
        "---\nchannel: chat\ndate: 2026-05-05\nfrom: Ana\n---\nAbout [[nope]] and [[alpha]].\n",
    ),
    (
        "feedback/inbox/yy.md",
        "---\nchannel: forum\ndate: 2026-06-01\n---\nNothing linked here.\n\nSecond paragraph.\n",
    ),
    (
        "goals/zz-bad.md",
        "---\ntitle: Bad goal\nweight: 9\nhorizon: 2y\nmetric: x\n---\n",
    ),
];

/// The PRIORITIES.md text and the diagnostics, as a person would see them.
fn outputs(files: &[(String, String)]) -> (String, String) {
    let backlog = load(files);
    let diagnostics = diagnostic::render(
        &backlog.diagnostics,
        DiagnosticFormat::Short,
        &backlog,
        "",
        false,
    )
    .expect("diagnostics serialise");
    (support::priorities(&backlog), diagnostics)
}

/// The first line where two texts differ, for readable failures.
fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
        .map_or_else(
            || format!("lengths {} and {}", a.len(), b.len()),
            |(n, (x, y))| format!("line {}: {x:?} vs {y:?}", n + 1),
        )
}

proptest! {
    #![proptest_config(config(64))]

    /// The output is byte-identical whatever the order the source lists the
    /// files in, with CRLF line endings, and with a UTF-8 BOM on every file.
    #[test]
    fn output_ignores_file_order_line_endings_and_bom(
        spec in spec_with_dependencies(false),
        model in prop::sample::select(MODELS.to_vec()),
        noise in subsequence(NOISE.to_vec(), 0..=NOISE.len()),
        keys in vec(any::<u64>(), 40),
    ) {
        let mut files = spec.files(model);
        files.extend(noise.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())));
        prop_assert!(files.len() <= keys.len(), "one sort key per file");
        let mut keyed: Vec<(u64, (String, String))> =
            keys.iter().copied().zip(files.iter().cloned()).collect();
        keyed.sort_by_key(|(key, _)| *key);
        let shuffled: Vec<(String, String)> = keyed.into_iter().map(|(_, file)| file).collect();
        let crlf: Vec<(String, String)> =
            files.iter().map(|(p, t)| (p.clone(), t.replace('\n', "\r\n"))).collect();
        let bom: Vec<(String, String)> =
            files.iter().map(|(p, t)| (p.clone(), format!("\u{feff}{t}"))).collect();
        let all: Vec<(String, String)> = shuffled
            .iter()
            .map(|(p, t)| (p.clone(), format!("\u{feff}{}", t.replace('\n', "\r\n"))))
            .collect();

        let (expected, expected_diagnostics) = outputs(&files);
        prop_assert!(expected.contains("## Ranking"), "{expected}");
        let variants =
            [("shuffled", &shuffled), ("CRLF", &crlf), ("BOM", &bom), ("all three", &all)];
        for (variant, changed) in variants {
            let (got, diagnostics) = outputs(changed);
            prop_assert!(
                got == expected,
                "PRIORITIES.md differs for the {} files: {}",
                variant,
                first_difference(&expected, &got)
            );
            prop_assert!(
                diagnostics == expected_diagnostics,
                "diagnostics differ for the {} files:\n{}\nvs\n{}",
                variant,
                expected_diagnostics,
                diagnostics
            );
        }
    }
}

// ---------------------------------------------------------------------------
// No panic, whatever the input.

/// Pieces of YAML and Markdown syntax, to reach past the first parse error
/// into deeper code.
const SYNTAX: &[&str] = &[
    "---\n",
    "...\n",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "\r\n",
    "\r",
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: *a\n",
    "? ",
    "!!str ",
    "!!binary ",
    "|\n",
    ">-\n",
    "%YAML 1.2\n",
    "\"",
    "'",
    "#",
    "[[",
    "]]",
    "`",
    "```\n",
    "> ",
    "* ",
    "|",
    "(",
    ")",
    "<!--",
    "-->",
    "\\",
    "\u{feff}",
    "\u{0}",
    "\u{1b}[31m",
    "é",
    "🦀",
    "\u{202e}",
];
/// Every key rankdown reads, and a few misspelt ones.
const KEYS: &[&str] = &[
    "title",
    "id",
    "weight",
    "horizon",
    "due",
    "status",
    "goals",
    "effort",
    "confidence",
    "depends_on",
    "tags",
    "owner",
    "items",
    "from",
    "org",
    "channel",
    "date",
    "severity",
    "ref",
    "metric",
    "baseline",
    "current",
    "target",
    "model",
    "as_of",
    "output",
    "folders",
    "weights",
    "impact",
    "urgency",
    "half_life_days",
    "users_factor",
    "dependency_inheritance",
    "max_file_bytes",
    "gaols",
    "titel",
    "feedback",
];
/// Values rankdown reads, valid and not.
const VALUES: &[&str] = &[
    "3m",
    "12m",
    "XS",
    "XL",
    "high",
    "critical",
    "interview",
    "done",
    "in-progress",
    "rice",
    "wsjf",
    "0",
    "-1",
    "0.5",
    "7",
    "1e308",
    "-1e308",
    "1e-320",
    ".nan",
    ".inf",
    "-.inf",
    "80%",
    "200%",
    "2026-02-29",
    "2026-10-14",
    "9999-12-31",
    "0000-01-01",
    "null",
    "~",
    "true",
    "alpha",
    "bravo",
    "grow",
    "speed",
    "nope",
    "../items/alpha.md",
    "items/alpha.md",
    "/items/bravo.md",
    "../../../x.md",
    "items",
    "..",
    "https://x.test/items/a.md",
    "%20",
    "ana",
    "Ana\u{200B}",
    "p\u{0430}t",
    "1e-310",
    "[alpha, bravo]",
    "{grow: high}",
    "{XL: 0}",
    "{high: -2}",
    "[[alpha]]",
    "[]",
    "{}",
];

/// Text shaped like a backlog file: a front matter block of `key: value`
/// lines and syntax, with a body; or fragments alone; or any characters; or
/// any bytes.
fn arbitrary_file() -> impl Strategy<Value = Vec<u8>> {
    let soup = |size: usize| {
        vec(
            prop_oneof![
                4 => prop::sample::select(SYNTAX).prop_map(str::to_owned),
                2 => prop::sample::select(KEYS).prop_map(str::to_owned),
                2 => prop::sample::select(VALUES).prop_map(str::to_owned),
                1 => "[a-z0-9 ]{1,8}",
            ],
            0..size,
        )
        .prop_map(|parts| parts.concat())
    };
    let line = (
        prop::sample::select(KEYS),
        prop::sample::select(VALUES),
        prop_oneof![8 => Just(String::new()), 1 => soup(4)],
    )
        .prop_map(|(key, value, junk)| format!("{key}: {value}{junk}\n"));
    let lines = vec(line, 0..8).prop_map(|lines| lines.concat());
    prop_oneof![
        3 => (lines, prop_oneof![Just(String::new()), soup(6)], soup(40))
            .prop_map(|(lines, yaml, body)| {
                format!("---\n{lines}{yaml}\n---\n{body}").into_bytes()
            }),
        2 => (soup(30), soup(30))
            .prop_map(|(yaml, body)| format!("---\n{yaml}\n---\n{body}").into_bytes()),
        1 => soup(60).prop_map(String::into_bytes),
        1 => "(?s).{0,300}".prop_map(String::into_bytes),
        1 => vec(any::<u8>(), 0..400),
    ]
}

/// Where fuzzed files go: in place of a generated file, or beside them.
const TARGETS: [&str; 10] = [
    "rankdown.yaml",
    "vision.md",
    "goals/grow.md",
    "goals/fuzz.md",
    "items/alpha.md",
    "items/bravo.md",
    "items/fuzz.md",
    "feedback/n00.md",
    "feedback/deep/er/fuzz.md",
    "feedback/fuzz.MD",
];

proptest! {
    #![proptest_config(config(128))]

    /// Arbitrary text or bytes as any backlog file never panic load, rank,
    /// or rendering PRIORITIES.md, JSON and diagnostics in every format; the
    /// JSON parses with a finite number for every score, every item is ranked
    /// or closed, and every diagnostic names a file it read.
    #[test]
    fn arbitrary_files_never_panic(
        spec in spec_with_dependencies(false),
        fuzzed in vec((prop::sample::select(TARGETS.to_vec()), arbitrary_file()), 1..=3),
    ) {
        let mut files: BTreeMap<String, Vec<u8>> = spec
            .files("evidence")
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes()))
            .collect();
        for (path, bytes) in fuzzed {
            files.insert(path.to_owned(), bytes);
        }
        let paths: BTreeSet<String> = files.keys().cloned().collect();
        let source = MemorySource::new(files);
        let backlog = backlog::load(&source, rankdown::parse::Bodies::Keep).expect("memory sources do not fail");
        let ranking = rank::rank(&backlog);
        let markdown = support::priorities(&backlog);
        prop_assert!(markdown.starts_with("<!-- Generated by `rankdown"), "{markdown}");
        let shown: Vec<_> = ranking.ranked.iter().collect();
        // Output always valid: JSON that parses, with a number for every score.
        let json = rankdown::render::json::list(&backlog, &ranking, &shown, true).expect("serialises");
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON parses");
        for item in value["items"].as_array().expect("an items array") {
            for key in ["score", "business", "users", "effort", "confidence"] {
                prop_assert!(item[key].is_number(), "{} is not a number in {}", key, item);
            }
        }
        for s in &ranking.ranked {
            prop_assert!(s.score.is_finite() && s.own.is_finite(), "not finite: {:?}", s);
        }
        let _ = rankdown::render::json::csv(&backlog, &shown);
        for format in [
            DiagnosticFormat::Human,
            DiagnosticFormat::Short,
            DiagnosticFormat::Json,
            DiagnosticFormat::Github,
        ] {
            for styled in [false, true] {
                let shown =
                    diagnostic::render(&backlog.diagnostics, format, &backlog, "b/", styled)
                        .expect("diagnostics serialise");
                prop_assert!(
                    backlog.diagnostics.is_empty() || !shown.is_empty(),
                    "{format:?} diagnostics render to nothing"
                );
            }
        }

        prop_assert_eq!(
            ranking.ranked.len() + ranking.closed.len(),
            backlog.items.len(),
            "every item is either ranked or closed"
        );
        for (position, s) in ranking.ranked.iter().enumerate() {
            prop_assert_eq!(s.rank, position + 1, "ranks are 1, 2, 3, …");
        }
        for d in &backlog.diagnostics {
            prop_assert!(paths.contains(&d.path), "diagnostic for a file never given: {:?}", d);
            prop_assert!(
                d.line >= 1 && d.column >= 1 && d.width >= 1,
                "positions are 1-based: {:?}", d
            );
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Every diagnostic points inside its file: a line the file has, as
    /// rankdown reads it, and a column on that line (or just past its end).
    #[test]
    fn diagnostics_point_inside_their_file(
        spec in spec(0),
        fuzzed in vec((prop::sample::select(TARGETS.to_vec()), arbitrary_file()), 1..=3),
    ) {
        use rankdown::diagnostic::SourceText as _;
        let mut files: BTreeMap<String, Vec<u8>> = spec
            .files("evidence")
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes()))
            .collect();
        for (path, bytes) in fuzzed {
            files.insert(path.to_owned(), bytes);
        }
        let backlog = backlog::load(&MemorySource::new(files), rankdown::parse::Bodies::Keep).expect("memory sources do not fail");
        for d in &backlog.diagnostics {
            let Some(text) = backlog.text(&d.path) else { continue };
            let lines: Vec<&str> = text.split('\n').collect();
            prop_assert!(
                (d.line as usize) <= lines.len(),
                "{}:{}:{} ({}) is past the last line ({}) of {:?}",
                d.path, d.line, d.column, d.code, lines.len(), text
            );
            let line = lines[d.line as usize - 1];
            prop_assert!(
                (d.column as usize) <= line.chars().count() + 1,
                "{}:{}:{} ({}) is past the end of line {:?}",
                d.path, d.line, d.column, d.code, line
            );
        }
    }

    /// A lone CR (one not followed by LF) in the front matter must not move
    /// the line of a later problem: the reported line is the one that holds
    /// the offending key, as rankdown itself numbers lines (by `\n`) and
    /// draws its code frame.
    #[test]
    fn a_lone_cr_does_not_move_later_diagnostics(
        word in "[A-Za-z]{1,6}",
        crs in 1usize..=3,
        quoted in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        use rankdown::diagnostic::SourceText as _;
        // CRs inside a quoted title, or before a comment on the title's line.
        let cr = "\r".repeat(crs);
        let title = if quoted {
            format!("\"{word}{cr}more\"")
        } else {
            format!("{word}{cr}  # note")
        };
        let newline = if crlf { "\r\n" } else { "\n" };
        let text = ["---", &format!("title: {title}"), "gaols: [grow]", "---", ""].join(newline);
        let backlog = support::load(&[("rankdown.yaml", ""), ("items/alpha.md", &text)]);
        let found: Vec<_> = backlog
            .diagnostics
            .iter()
            .filter(|d| d.code == "unknown-field")
            .collect();
        prop_assert_eq!(
            found.len(), 1,
            "one unknown field in {:?}: {:?}", text, backlog.diagnostics
        );
        // Where the code frame looks: the reported line of the text as read.
        let shown = backlog
            .text("items/alpha.md")
            .and_then(|t| t.lines().nth(found[0].line as usize - 1))
            .map(|line| line.chars().skip(found[0].column as usize - 1).collect::<String>());
        prop_assert!(
            shown.as_deref().is_some_and(|s| s.starts_with("gaols")),
            "'gaols' in {:?} is reported at {}:{}, where the code frame shows {:?}",
            text,
            found[0].line,
            found[0].column,
            shown
        );
    }
}
