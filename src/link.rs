//! Resolves ids: items' goals and dependencies, feedback's links to items.
//! Unknown ids, duplicates and dependency cycles become diagnostics.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::Hash;

use crate::diagnostic::{Diagnostic, Pos, suggest};
use crate::model::{Feedback, Goal, GoalLink, Item, Level, Located, Target};

/// The resolved relations of a backlog, by index into its vectors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Links {
    /// Item id → index (the first file to claim an id keeps it).
    pub items: BTreeMap<String, usize>,
    /// Item alias (`aliases:`), in lowercase → index: what an id that names
    /// no item resolves to (see [`Links::item`]).
    pub aliases: BTreeMap<String, usize>,
    pub goals: BTreeMap<String, usize>,
    /// Per item: the goals it serves, with impact.
    pub item_goals: Vec<Vec<(usize, Level)>>,
    /// Per item: the items it depends on.
    pub depends_on: Vec<Vec<usize>>,
    /// Per item: the feedback notes linked to it.
    pub evidence: Vec<Vec<Evidence>>,
    /// Per note: whether it links to any item.
    pub linked: Vec<bool>,
}

impl Links {
    /// The item an id or alias names: an id exactly, else an alias ignoring
    /// ASCII case.
    pub fn item(&self, id: &str) -> Option<usize> {
        find_item(&self.items, &self.aliases, id)
    }
}

/// An id's item: by id, else by alias (ignoring ASCII case).
fn find_item(
    ids: &BTreeMap<String, usize>,
    aliases: &BTreeMap<String, usize>,
    id: &str,
) -> Option<usize> {
    ids.get(id).copied().or_else(|| {
        if aliases.is_empty() {
            None
        } else {
            aliases.get(&id.to_ascii_lowercase()).copied()
        }
    })
}

/// Goal and item files that were found but could not be read (invalid front
/// matter, a duplicate key, over the size limit…): a link to one of them is
/// not reported as unknown, since the file's own error is the cause, and one
/// fix then clears both.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unreadable {
    /// Ids the unreadable goal files would have had (their file stems).
    pub goals: BTreeSet<String>,
    /// Ids the unreadable item files would have had (their file stems).
    pub items: BTreeSet<String>,
    /// Their paths, for links to an item's file.
    pub item_paths: BTreeSet<String>,
}

impl Unreadable {
    /// Notes a goal file that yielded no goal.
    pub fn add_goal(&mut self, path: &str) {
        self.goals.insert(file_stem(path));
    }

    /// Notes an item file that yielded no item.
    pub fn add_item(&mut self, path: &str) {
        self.items.insert(file_stem(path));
        self.item_paths.insert(path.to_owned());
    }
}

/// The id a file has unless its front matter sets `id:`.
fn file_stem(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// A feedback note linked to an item, with the passages that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub note: usize,
    pub quotes: Vec<String>,
}

/// Links goals, items and notes. A link to an id or path in `unreadable`
/// names a file whose own error is already reported: it is left out silently.
pub fn link(
    goals: &[Goal],
    items: &[Item],
    feedback: &[Feedback],
    unreadable: &Unreadable,
    diagnostics: &mut Vec<Diagnostic>,
) -> Links {
    let goal_index = index_ids(
        "goal",
        goals.iter().map(|g| (&g.id, g.path.as_str())),
        diagnostics,
    );
    let item_index = index_ids(
        "item",
        items.iter().map(|i| (&i.id, i.path.as_str())),
        diagnostics,
    );
    let alias_index = index_aliases(items, &item_index, diagnostics);
    let find = |id: &str| find_item(&item_index, &alias_index, id);
    index_ids(
        "feedback",
        feedback.iter().map(|f| (&f.id, f.path.as_str())),
        diagnostics,
    );
    let item_paths: BTreeMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.path.as_str(), i))
        .collect();

    let mut links = Links {
        item_goals: vec![Vec::new(); items.len()],
        depends_on: vec![Vec::new(); items.len()],
        evidence: vec![Vec::new(); items.len()],
        linked: vec![false; feedback.len()],
        ..Links::default()
    };

    for (i, item) in items.iter().enumerate() {
        links.item_goals[i] = resolve_goals(
            item,
            |id| goal_index.get(id).copied(),
            |link| {
                if !unreadable.goals.contains(&link.goal.value) {
                    diagnostics.push(unknown(
                        "goal",
                        &link.goal.value,
                        &item.path,
                        link.goal.pos,
                        &goal_index,
                    ));
                }
            },
        );
        links.depends_on[i] = resolve_depends_on(item, i, find, |dep, problem| {
            if problem == DependencyProblem::Unknown && unreadable.items.contains(&dep.value) {
                return;
            }
            diagnostics.push(match problem {
                DependencyProblem::Itself => Diagnostic::error(
                    "dependency-cycle",
                    &item.path,
                    dep.pos,
                    format!("item '{}' depends on itself", dep.value),
                )
                .with_help("remove it from depends_on"),
                DependencyProblem::Unknown => {
                    unknown("item", &dep.value, &item.path, dep.pos, &item_index)
                }
            });
        });
    }

    for (n, note) in feedback.iter().enumerate() {
        let found = resolve_note(
            note,
            find,
            |path| item_paths.get(path).copied(),
            |target, pos| {
                let cause_reported = match target {
                    NoteLink::Id(id) => unreadable.items.contains(id),
                    NoteLink::Path(path) => unreadable.item_paths.contains(path),
                };
                if cause_reported {
                    return;
                }
                diagnostics.push(match target {
                    NoteLink::Id(id) => unknown("item", id, &note.path, pos, &item_index),
                    NoteLink::Path(path) => Diagnostic::error(
                        "unknown-item",
                        &note.path,
                        pos,
                        format!("this link points to '{path}', which is not an item file"),
                    )
                    .with_help_opt(
                        suggest(path, item_paths.keys().copied())
                            .map(|p| format!("did you mean '{p}'?")),
                    ),
                });
            },
        );
        // The (item, quote) pairs of this note so far: a note with many
        // references costs time linear in them.
        let mut quoted: HashSet<(usize, &str)> = HashSet::new();
        for (i, quote) in found {
            links.linked[n] = true;
            // Notes come in order, so this note's evidence, if any, is the last.
            if links.evidence[i].last().is_none_or(|e| e.note != n) {
                links.evidence[i].push(Evidence {
                    note: n,
                    quotes: Vec::new(),
                });
            }
            let evidence = links.evidence[i].last_mut().expect("just pushed");
            if let Some(quote) = quote.filter(|q| quoted.insert((i, q))) {
                evidence.quotes.push(quote.to_owned());
            }
        }
    }

    report_cycles(items, &links.depends_on, diagnostics);
    links.items = item_index;
    links.aliases = alias_index;
    links.goals = goal_index;
    links
}

/// The goals an item serves, each once, in the order it names them: `find`
/// maps a goal id to the goal that holds it (the first file by path), and
/// `unknown` hears of every id that names no goal.
pub fn resolve_goals<'a, G: Copy + Eq + Hash>(
    item: &'a Item,
    mut find: impl FnMut(&str) -> Option<G>,
    mut unknown: impl FnMut(&'a GoalLink),
) -> Vec<(G, Level)> {
    let mut out: Vec<(G, Level)> = Vec::new();
    let mut seen: HashSet<G> = HashSet::new();
    for link in &item.goals {
        match find(&link.goal.value) {
            Some(g) if seen.insert(g) => out.push((g, link.impact)),
            Some(_) => {}
            None => unknown(link),
        }
    }
    out
}

/// Why a `depends_on` entry links to nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependencyProblem {
    Itself,
    Unknown,
}

/// The items an item (`this`) depends on, each once, in the order it names
/// them; itself and unknown ids are reported to `problem` and left out.
pub fn resolve_depends_on<'a, I: Copy + Eq + Hash>(
    item: &'a Item,
    this: I,
    mut find: impl FnMut(&str) -> Option<I>,
    mut problem: impl FnMut(&'a Located<String>, DependencyProblem),
) -> Vec<I> {
    let mut out: Vec<I> = Vec::new();
    let mut seen: HashSet<I> = HashSet::new();
    for dep in &item.depends_on {
        match find(&dep.value) {
            Some(d) if d == this => problem(dep, DependencyProblem::Itself),
            Some(d) if seen.insert(d) => out.push(d),
            Some(_) => {}
            None => problem(dep, DependencyProblem::Unknown),
        }
    }
    out
}

/// A link from a note to an item: by id, or by the item file's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteLink<'a> {
    Id(&'a str),
    Path(&'a str),
}

/// The items a note links to, in the order it names them (front matter
/// first, then body references with their quote, if any), repeats included:
/// `by_id` and `by_path` find an item, `unknown` hears of every link that
/// finds none.
pub fn resolve_note<'a, I>(
    note: &'a Feedback,
    mut by_id: impl FnMut(&str) -> Option<I>,
    mut by_path: impl FnMut(&str) -> Option<I>,
    mut unknown: impl FnMut(NoteLink<'a>, Pos),
) -> Vec<(I, Option<&'a str>)> {
    let mut found: Vec<(I, Option<&'a str>)> = Vec::new();
    for id in &note.items {
        match by_id(&id.value) {
            Some(i) => found.push((i, None)),
            None => unknown(NoteLink::Id(&id.value), id.pos),
        }
    }
    for reference in &note.references {
        let (target, link) = match &reference.target {
            Target::Id(id) => (by_id(id), NoteLink::Id(id)),
            Target::Path(path) => (by_path(path), NoteLink::Path(path)),
        };
        match target {
            Some(i) => found.push((i, Some(&*reference.quote).filter(|q| !q.is_empty()))),
            None => unknown(link, reference.pos),
        }
    }
    found
}

/// Maps ids to the first file (by path) that claims them; later claims are
/// errors naming both files.
fn index_ids<'a>(
    kind: &str,
    entities: impl Iterator<Item = (&'a crate::model::Located<String>, &'a str)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, usize> {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut paths: Vec<&str> = Vec::new();
    for (i, (id, path)) in entities.enumerate() {
        paths.push(path);
        if let Some(&first) = index.get(&id.value) {
            diagnostics.push(
                Diagnostic::error("duplicate-id", path, id.pos, format!("duplicate {kind} id '{}'", id.value))
                    .with_related(paths[first])
                    .with_help("ids must be unique within a kind; rename one of the files or set a different `id:`"),
            );
        } else {
            index.insert(id.value.clone(), i);
        }
    }
    index
}

/// Maps each item's aliases, in lowercase, to the item. An alias that is
/// (ignoring case) another item's id, or an alias of an earlier item (by
/// path), is an error at the alias naming the other file, and resolves to
/// nothing new: an id always wins, the first alias next. An alias repeating
/// the item's own id or one of its aliases is a warning.
fn index_aliases(
    items: &[Item],
    ids: &BTreeMap<String, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, usize> {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    if items.iter().all(|item| item.aliases.is_empty()) {
        return index;
    }
    let lower_ids: BTreeMap<String, usize> = ids
        .iter()
        .rev()
        .map(|(id, &i)| (id.to_ascii_lowercase(), i))
        .collect();
    for (i, item) in items.iter().enumerate() {
        for alias in &item.aliases {
            let key = alias.value.to_ascii_lowercase();
            let (other, what) = match (lower_ids.get(&key), index.get(&key)) {
                (Some(&other), _) => (other, "the id"),
                (None, Some(&other)) => (other, "an alias"),
                (None, None) => {
                    index.insert(key, i);
                    continue;
                }
            };
            let diagnostic = if other == i {
                Diagnostic::warning(
                    "duplicate-alias",
                    &item.path,
                    alias.pos,
                    format!("alias '{}' is already {what} of this item", alias.value),
                )
                .with_help("remove it from aliases")
            } else {
                let other = &items[other];
                Diagnostic::error(
                    "duplicate-alias",
                    &item.path,
                    alias.pos,
                    format!(
                        "alias '{}' is already {what} of item '{}'",
                        alias.value, other.id.value
                    ),
                )
                .with_related(&other.path)
                .with_help("an id or alias names one item; remove the alias from one of them")
            };
            diagnostics.push(diagnostic);
        }
    }
    index
}

fn unknown(
    kind: &str,
    id: &str,
    path: &str,
    pos: crate::diagnostic::Pos,
    known: &BTreeMap<String, usize>,
) -> Diagnostic {
    Diagnostic::error(
        format_code(kind),
        path,
        pos,
        format!("no {kind} with id '{id}'"),
    )
    .with_help_opt(
        suggest(id, known.keys().map(String::as_str)).map(|near| format!("did you mean '{near}'?")),
    )
}

fn format_code(kind: &str) -> &'static str {
    if kind == "goal" {
        "unknown-goal"
    } else {
        "unknown-item"
    }
}

/// The strongly connected components of a graph given as edge lists (every
/// target below `edges.len()`), each listed after every component it reaches.
/// Tarjan's algorithm without recursion: linear in nodes + edges, and a long
/// chain cannot overflow the stack.
pub fn components(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    // The depth-first path: each node with the next of its edges to follow.
    let mut path: Vec<(usize, usize)> = Vec::new();
    let mut next_index = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut entering = Some(root);
        loop {
            if let Some(v) = entering.take() {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
                path.push((v, 0));
            }
            let Some(&mut (v, ref mut edge)) = path.last_mut() else {
                break;
            };
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    entering = Some(w);
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// Reports each group of items that wait on each other once: the shortest
/// cycle through its smallest id, at that item's `depends_on` entry that
/// starts it. Linear in items + dependencies.
fn report_cycles(items: &[Item], depends_on: &[Vec<usize>], diagnostics: &mut Vec<Diagnostic>) {
    const NONE: usize = usize::MAX;
    let mut group = vec![NONE; items.len()];
    // Breadth-first search within a group: where each member was reached from.
    let mut parent = vec![NONE; items.len()];
    for (g, members) in components(depends_on).into_iter().enumerate() {
        // A single item is no cycle: `resolve_depends_on` drops self-dependencies.
        if members.len() < 2 {
            continue;
        }
        for &m in &members {
            group[m] = g;
        }
        let head = members
            .iter()
            .copied()
            .min_by(|&a, &b| items[a].id.value.cmp(&items[b].id.value).then(a.cmp(&b)))
            .expect("a group has members");
        let mut queue = std::collections::VecDeque::from([head]);
        let mut last = head;
        'search: while let Some(node) = queue.pop_front() {
            for &next in &depends_on[node] {
                if group[next] != g {
                    continue;
                }
                if next == head {
                    last = node;
                    break 'search;
                }
                if parent[next] == NONE {
                    parent[next] = node;
                    queue.push_back(next);
                }
            }
        }
        let mut cycle = vec![last];
        while *cycle.last().expect("not empty") != head {
            cycle.push(parent[*cycle.last().expect("not empty")]);
        }
        cycle.reverse();
        let names: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&i| items[i].id.value.as_str())
            .collect();
        let head_item = &items[head];
        let next = &items[cycle[1 % cycle.len()]].id.value;
        let pos = head_item
            .depends_on
            .iter()
            .find(|d| &d.value == next)
            .map_or(head_item.id.pos, |d| d.pos);
        diagnostics.push(
            Diagnostic::error(
                "dependency-cycle",
                &head_item.path,
                pos,
                format!("dependency cycle: {}", names.join(" → ")),
            )
            .with_help("an item cannot wait for itself; remove one of these depends_on entries"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{Unreadable, link};
    use crate::diagnostic::Diagnostic;
    use crate::parse;

    fn items(files: &[(&str, &str)]) -> Vec<crate::model::Item> {
        let mut d = Vec::new();
        files
            .iter()
            .filter_map(|(p, t)| parse::item(p, t, crate::parse::Bodies::Keep, &mut d))
            .collect()
    }

    #[test]
    fn cycles_are_reported_once_with_their_path() {
        let items = items(&[
            ("items/a.md", "---\ntitle: A\ndepends_on: [b]\n---\n"),
            ("items/b.md", "---\ntitle: B\ndepends_on: [c]\n---\n"),
            ("items/c.md", "---\ntitle: C\ndepends_on: [a]\n---\n"),
        ]);
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        link(&[], &items, &[], &Unreadable::default(), &mut diagnostics);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].message, "dependency cycle: a → b → c → a");
        assert_eq!(
            (
                diagnostics[0].path.as_str(),
                diagnostics[0].line,
                diagnostics[0].column
            ),
            ("items/a.md", 3, 14)
        );
    }

    #[test]
    fn unknown_ids_get_a_did_you_mean() {
        let items = items(&[
            ("items/ci-cache.md", "---\ntitle: A\n---\n"),
            ("items/b.md", "---\ntitle: B\ndepends_on: [ci-cahce]\n---\n"),
        ]);
        let mut diagnostics = Vec::new();
        link(&[], &items, &[], &Unreadable::default(), &mut diagnostics);
        assert_eq!(diagnostics[0].message, "no item with id 'ci-cahce'");
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean 'ci-cache'?")
        );
    }

    #[test]
    fn duplicate_ids_name_both_files() {
        let items = items(&[
            ("items/a.md", "---\ntitle: A\n---\n"),
            ("items/z.md", "---\nid: a\ntitle: Z\n---\n"),
        ]);
        let mut diagnostics = Vec::new();
        let links = link(&[], &items, &[], &Unreadable::default(), &mut diagnostics);
        assert_eq!(diagnostics[0].path, "items/z.md");
        assert_eq!(
            diagnostics[0].full_message("b/"),
            "duplicate item id 'a': b/items/a.md uses it too"
        );
        assert_eq!(links.items["a"], 0);
    }
}
