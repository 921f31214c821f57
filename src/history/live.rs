//! A backlog kept up to date across commits, for the rank history.
//!
//! A full load links and scores every entity; here each commit's changes
//! touch only what they name. Entities are keyed by path; ids resolve to the
//! first path that claims them, as in [`crate::link`], whose resolution
//! rules are reused. Every item's own score is cached and recomputed only
//! when its file, a goal it names, a note linked to it, the config or the
//! as-of date changes; each point then runs the shared final stage
//! ([`rank::settle`]: inheritance and ordering) over the open items.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use crate::config::Config;
use crate::date::Date;
use crate::link;
use crate::model::{Feedback, Goal, Item, Target};
use crate::people::People;
use crate::rank;

struct ItemState {
    item: Rc<Item>,
    /// Which file this is, followed through renames.
    lineage: u32,
    /// Its rank at the last point, 0 if none: where the next sort starts.
    rank: usize,
    /// The notes linked to it, by path, with their numbers.
    notes: BTreeMap<String, (usize, Rc<Feedback>)>,
    own: f64,
    /// Its person terms, kept while its notes and the as-of date stay.
    people: Vec<rank::PersonTerm>,
    /// Whether `people` is to be recomputed.
    people_stale: bool,
}

struct NoteState {
    note: Rc<Feedback>,
    /// A number of its own, distinct among notes (a person key for anonymous notes).
    number: usize,
    /// Paths of the items it links to.
    targets: Vec<String>,
}

/// Adds `value` to the set under `key`.
fn enter(map: &mut HashMap<String, BTreeSet<String>>, key: &str, value: &str) {
    map.entry(key.to_owned())
        .or_default()
        .insert(value.to_owned());
}

/// Removes `value` from the set under `key`, and the set once empty.
fn leave(map: &mut HashMap<String, BTreeSet<String>>, key: &str, value: &str) {
    if let Some(set) = map.get_mut(key) {
        set.remove(value);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

/// Marks every path in the set under `key`.
fn mark(map: &HashMap<String, BTreeSet<String>>, key: &str, dirty: &mut HashSet<String>) {
    if let Some(set) = map.get(key) {
        dirty.extend(set.iter().cloned());
    }
}

/// The ids and item paths a note names.
fn named(note: &Feedback) -> impl Iterator<Item = link::NoteLink<'_>> {
    note.items
        .iter()
        .map(|id| link::NoteLink::Id(&id.value))
        .chain(note.references.iter().map(|r| match &r.target {
            Target::Id(id) => link::NoteLink::Id(id),
            Target::Path(path) => link::NoteLink::Path(path),
        }))
}

pub struct Live {
    pub config: Config,
    /// `people.yaml`, which every note's `from:` is resolved through.
    pub people: People,
    as_of: Option<Date>,
    /// How many notes carry each date.
    dates: BTreeMap<Date, usize>,
    goals: BTreeMap<String, Rc<Goal>>,
    /// Goal id → the paths that claim it; the first holds it.
    goal_ids: HashMap<String, BTreeSet<String>>,
    items: BTreeMap<String, ItemState>,
    item_ids: HashMap<String, BTreeSet<String>>,
    notes: HashMap<String, NoteState>,
    next_note: usize,
    /// Goal id → paths of the items naming it.
    items_naming_goal: HashMap<String, BTreeSet<String>>,
    /// Item alias, in lowercase → the paths of the items holding it.
    item_aliases: HashMap<String, BTreeSet<String>>,
    /// Item id or alias, in lowercase → paths of the notes naming it (a few
    /// more than name it exactly: marking a note needlessly costs time only).
    notes_naming_id: HashMap<String, BTreeSet<String>>,
    /// Item path → paths of the notes linking to it by path.
    notes_naming_path: HashMap<String, BTreeSet<String>>,
    dirty_items: HashSet<String>,
    dirty_notes: HashSet<String>,
    /// Every item's own score is to be recomputed.
    all_dirty: bool,
    /// Item ids whose set of items changed since the last [`Live::take_touched`].
    touched: HashSet<String>,
}

impl Live {
    pub fn new(config: Config) -> Self {
        Self {
            as_of: config.as_of,
            config,
            people: People::default(),
            dates: BTreeMap::new(),
            goals: BTreeMap::new(),
            goal_ids: HashMap::new(),
            items: BTreeMap::new(),
            item_ids: HashMap::new(),
            item_aliases: HashMap::new(),
            notes: HashMap::new(),
            next_note: 0,
            items_naming_goal: HashMap::new(),
            notes_naming_id: HashMap::new(),
            notes_naming_path: HashMap::new(),
            dirty_items: HashSet::new(),
            dirty_notes: HashSet::new(),
            all_dirty: true,
            touched: HashSet::new(),
        }
    }

    /// Forgets whatever entity `path` held.
    pub fn remove(&mut self, path: &str) {
        if let Some(goal) = self.goals.remove(path) {
            leave(&mut self.goal_ids, &goal.id.value, path);
            mark(
                &self.items_naming_goal,
                &goal.id.value,
                &mut self.dirty_items,
            );
        }
        if let Some(state) = self.items.remove(path) {
            let item = &state.item;
            leave(&mut self.item_ids, &item.id.value, path);
            for link in &item.goals {
                leave(&mut self.items_naming_goal, &link.goal.value, path);
            }
            for alias in &item.aliases {
                let alias = alias.value.to_ascii_lowercase();
                leave(&mut self.item_aliases, &alias, path);
                mark(&self.notes_naming_id, &alias, &mut self.dirty_notes);
            }
            self.touched.insert(item.id.value.clone());
            mark(
                &self.notes_naming_id,
                &item.id.value.to_ascii_lowercase(),
                &mut self.dirty_notes,
            );
            mark(&self.notes_naming_path, path, &mut self.dirty_notes);
            self.dirty_items.remove(path);
        }
        if let Some(state) = self.notes.remove(path) {
            for target in &state.targets {
                if let Some(item) = self.items.get_mut(target) {
                    item.notes.remove(path);
                    item.people_stale = true;
                    self.dirty_items.insert(target.clone());
                }
            }
            for name in named(&state.note) {
                match name {
                    link::NoteLink::Id(id) => {
                        leave(&mut self.notes_naming_id, &id.to_ascii_lowercase(), path);
                    }
                    link::NoteLink::Path(p) => leave(&mut self.notes_naming_path, p, path),
                }
            }
            if let Some(date) = &state.note.date
                && let Some(count) = self.dates.get_mut(&date.value)
            {
                *count -= 1;
                if *count == 0 {
                    self.dates.remove(&date.value);
                }
            }
            self.dirty_notes.remove(path);
        }
    }

    pub fn insert_goal(&mut self, path: &str, goal: Rc<Goal>) {
        enter(&mut self.goal_ids, &goal.id.value, path);
        mark(
            &self.items_naming_goal,
            &goal.id.value,
            &mut self.dirty_items,
        );
        self.goals.insert(path.to_owned(), goal);
    }

    pub fn insert_item(&mut self, path: &str, item: Rc<Item>, lineage: u32) {
        enter(&mut self.item_ids, &item.id.value, path);
        for link in &item.goals {
            enter(&mut self.items_naming_goal, &link.goal.value, path);
        }
        for alias in &item.aliases {
            let alias = alias.value.to_ascii_lowercase();
            enter(&mut self.item_aliases, &alias, path);
            mark(&self.notes_naming_id, &alias, &mut self.dirty_notes);
        }
        self.touched.insert(item.id.value.clone());
        mark(
            &self.notes_naming_id,
            &item.id.value.to_ascii_lowercase(),
            &mut self.dirty_notes,
        );
        mark(&self.notes_naming_path, path, &mut self.dirty_notes);
        self.dirty_items.insert(path.to_owned());
        self.items.insert(
            path.to_owned(),
            ItemState {
                item,
                lineage,
                rank: 0,
                notes: BTreeMap::new(),
                own: 0.0,
                people: Vec::new(),
                people_stale: true,
            },
        );
    }

    /// Puts `item` in place of the item `path` holds when both claim the same
    /// id and aliases: every note then resolves as before, so the links are kept and only
    /// the item is rescored. Returns whether it did.
    pub fn replace_item(&mut self, path: &str, item: Rc<Item>, lineage: u32) -> bool {
        let Some(state) = self.items.get_mut(path) else {
            return false;
        };
        if state.item.id.value != item.id.value || state.item.aliases != item.aliases {
            return false;
        }
        let old = std::mem::replace(&mut state.item, item);
        state.lineage = lineage;
        for link in &old.goals {
            leave(&mut self.items_naming_goal, &link.goal.value, path);
        }
        for link in &state.item.goals {
            enter(&mut self.items_naming_goal, &link.goal.value, path);
        }
        self.touched.insert(old.id.value.clone());
        self.dirty_items.insert(path.to_owned());
        true
    }

    pub fn insert_note(&mut self, path: &str, mut note: Rc<Feedback>) {
        // As a full load does: `from:` naming a person counts as their key.
        if note
            .from
            .as_deref()
            .is_some_and(|from| self.people.resolve(&[from]).is_some())
        {
            let mut resolved = (*note).clone();
            self.people.apply(&mut resolved);
            note = Rc::new(resolved);
        }
        for name in named(&note) {
            match name {
                link::NoteLink::Id(id) => {
                    enter(&mut self.notes_naming_id, &id.to_ascii_lowercase(), path);
                }
                link::NoteLink::Path(p) => enter(&mut self.notes_naming_path, p, path),
            }
        }
        if let Some(date) = &note.date {
            *self.dates.entry(date.value).or_default() += 1;
        }
        self.dirty_notes.insert(path.to_owned());
        self.notes.insert(
            path.to_owned(),
            NoteState {
                note,
                number: self.next_note,
                targets: Vec::new(),
            },
        );
        self.next_note += 1;
    }

    /// The ids whose items changed since the last call.
    pub fn take_touched(&mut self) -> HashSet<String> {
        std::mem::take(&mut self.touched)
    }

    /// Counts an id as changed.
    pub fn touch(&mut self, id: String) {
        self.touched.insert(id);
    }

    /// The lineage of the last item (by path) with this id, if any.
    pub fn last_with_id(&self, id: &str) -> Option<u32> {
        let path = self.item_ids.get(id)?.last()?;
        Some(self.items.get(path)?.lineage)
    }

    /// The open items' paths, in path order: what [`Live::ranks`] lists.
    pub fn open_paths(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter(|(_, state)| state.item.status.is_open())
            .map(|(path, _)| path.as_str())
            .collect()
    }

    /// The item holding an id: the first file by path to claim it as its
    /// id, else as an alias (ignoring ASCII case), as [`link::Links::item`]
    /// finds it in a backlog whose aliases name no other item's id.
    fn item_holding<'s>(
        item_ids: &'s HashMap<String, BTreeSet<String>>,
        item_aliases: &'s HashMap<String, BTreeSet<String>>,
        id: &str,
    ) -> Option<&'s str> {
        item_ids
            .get(id)
            .or_else(|| {
                if item_aliases.is_empty() {
                    None
                } else {
                    item_aliases.get(&id.to_ascii_lowercase())
                }
            })
            .and_then(BTreeSet::first)
            .map(String::as_str)
    }

    /// Brings the links and own scores up to date.
    pub fn settle(&mut self) {
        let as_of = self
            .config
            .as_of
            .or_else(|| rank::default_as_of(self.dates.keys().next_back().copied()));
        if as_of != self.as_of {
            self.as_of = as_of;
            self.all_dirty = true;
        }

        let mut dirty_notes: Vec<String> = self.dirty_notes.drain().collect();
        dirty_notes.sort_unstable();
        for path in dirty_notes {
            let Some(state) = self.notes.get(&path) else {
                continue;
            };
            let mut targets: Vec<String> = Vec::new();
            for (target, _) in link::resolve_note(
                &state.note,
                |id| Self::item_holding(&self.item_ids, &self.item_aliases, id),
                |p| self.items.get_key_value(p).map(|(k, _)| k.as_str()),
                |_, _| {},
            ) {
                if !targets.iter().any(|t| t == target) {
                    targets.push(target.to_owned());
                }
            }
            let state = self.notes.get_mut(&path).expect("present");
            let linked = (state.number, Rc::clone(&state.note));
            let old = std::mem::replace(&mut state.targets, targets.clone());
            // Only items that gain or lose the note change.
            for target in old {
                if !targets.contains(&target)
                    && let Some(item) = self.items.get_mut(&target)
                    && item.notes.remove(&path).is_some()
                {
                    item.people_stale = true;
                    self.dirty_items.insert(target);
                }
            }
            for target in targets {
                if let Some(item) = self.items.get_mut(&target)
                    && !item.notes.contains_key(&path)
                {
                    item.notes.insert(path.clone(), linked.clone());
                    item.people_stale = true;
                    self.dirty_items.insert(target);
                }
            }
        }

        let dirty: Vec<String> = if self.all_dirty {
            self.dirty_items.clear();
            for state in self.items.values_mut() {
                state.people_stale = true;
            }
            self.items.keys().cloned().collect()
        } else {
            self.dirty_items.drain().collect()
        };
        self.all_dirty = false;
        let Self {
            config,
            goals,
            goal_ids,
            items,
            ..
        } = self;
        let weights = &config.weights;
        for path in dirty {
            let Some(state) = items.get_mut(&path) else {
                continue;
            };
            let item = &state.item;
            if !item.status.is_open() {
                state.own = 0.0;
                state.people = Vec::new();
                state.people_stale = true;
                continue;
            }
            let terms: Vec<rank::GoalTerm> = link::resolve_goals(
                item,
                |id| {
                    goal_ids
                        .get(id)
                        .and_then(BTreeSet::first)
                        .map(String::as_str)
                },
                |_| {},
            )
            .into_iter()
            .filter_map(|(goal, impact)| rank::goal_term(0, &goals[goal], impact, as_of, weights))
            .collect();
            if state.people_stale {
                state.people = rank::person_terms(
                    state
                        .notes
                        .values()
                        .map(|(number, note)| (*number, &**note)),
                    as_of,
                    weights,
                );
                state.people_stale = false;
            }
            state.own = rank::own_score(config.model, weights, item, &terms, &state.people).own;
        }
    }

    /// Every open item's lineage, rank and score, in path order; call
    /// [`Live::settle`] first.
    pub fn ranks(&mut self) -> Vec<Ranked> {
        let capacity = self.items.len();
        let mut paths: Vec<&str> = Vec::with_capacity(capacity);
        let mut inputs = rank::Inputs::with_capacity(capacity);
        let mut items: Vec<&ItemState> = Vec::with_capacity(capacity);
        for (path, state) in &self.items {
            if state.item.status.is_open() {
                paths.push(path);
                inputs.push(&state.item.id.value, state.own, state.people.len());
                items.push(state);
            }
        }
        let n = paths.len();
        if items.iter().any(|i| !i.item.depends_on.is_empty()) {
            let entry: HashMap<&str, usize> =
                paths.iter().enumerate().map(|(e, p)| (*p, e)).collect();
            for (e, state) in items.iter().enumerate() {
                if state.item.depends_on.is_empty() {
                    continue;
                }
                inputs.waits_for[e] = link::resolve_depends_on(
                    &state.item,
                    paths[e],
                    |id| Self::item_holding(&self.item_ids, &self.item_aliases, id),
                    |_, _| {},
                )
                .into_iter()
                .filter_map(|d| entry.get(d).copied())
                .collect();
            }
        }
        // Start the sort from the last point's order; items new since then go last.
        let mut at_rank: Vec<Option<usize>> = vec![None; n + 1];
        let mut unranked: Vec<usize> = Vec::new();
        for (e, state) in items.iter().enumerate() {
            match at_rank.get_mut(state.rank) {
                Some(slot @ None) if state.rank > 0 => *slot = Some(e),
                _ => unranked.push(e),
            }
        }
        let hint: Vec<usize> = at_rank.into_iter().flatten().chain(unranked).collect();
        let settled = rank::settle(
            &inputs,
            self.config.weights.dependency_inheritance,
            Some(hint),
        );
        let mut out: Vec<Ranked> = items
            .iter()
            .map(|state| Ranked {
                lineage: state.lineage,
                rank: 0,
                score: 0.0,
            })
            .collect();
        for (position, &e) in settled.order.iter().enumerate() {
            out[e].rank = position + 1;
            out[e].score = settled.score[e];
        }
        drop(items);
        let mut e = 0;
        for state in self.items.values_mut() {
            if state.item.status.is_open() {
                state.rank = out[e].rank;
                e += 1;
            }
        }
        out
    }
}

/// One open item at one point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub lineage: u32,
    pub rank: usize,
    pub score: f64,
}
