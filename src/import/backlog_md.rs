//! `rankdown import backlog-md`: a Backlog.md project's tasks as rankdown
//! items, and its milestones as goals when asked. A pure function from the
//! project's files to a plan (which files to write, which tasks the backlog
//! already holds, what is skipped and why); reading the folder and writing
//! the files is the command's job (`cli/import.rs`).
//!
//! Backlog.md keeps one Markdown file per task (`tasks/back-12 - Title.md`)
//! with YAML front matter. Its ids are `PREFIX-N` or `PREFIX-N.M` for
//! subtasks; Backlog.md compares them ignoring the prefix's case and leading
//! zeros (`BACK-24.02` is `back-24.2`), gives a bare number the project's
//! prefix, and resolves a dependency among the active and completed tasks,
//! an id claimed by two of them resolving to neither. Items get slug ids
//! from their titles and keep the old ids in `aliases:`; dependencies are
//! written as the new ids, so the imported backlog does not depend on these
//! rules (README "Importing a Backlog.md project").

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use super::one_line;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Goal, Item, Level, Located, Status};
use crate::parse::fields::scalar_text;
use crate::parse::frontmatter::{self, FrontMatter};
use crate::parse::yaml::{self, Node, Value};
use crate::template::yaml_text;

/// The prefix Backlog.md gives task ids unless `task_prefix` says otherwise.
const DEFAULT_PREFIX: &str = "task";

/// Longest slug kept for an id made from a title, in bytes (whole words).
const MAX_SLUG: usize = 48;

/// The folders of a Backlog.md project, in the order their tasks claim ids,
/// slugs and aliases: active tasks first, as Backlog.md prefers them.
const FOLDERS: &[(&str, Folder)] = &[
    ("tasks", Folder::Tasks),
    ("completed", Folder::Completed),
    ("drafts", Folder::Drafts),
    ("archive/tasks", Folder::ArchivedTasks),
    ("archive/drafts", Folder::ArchivedDrafts),
    ("milestones", Folder::Milestones),
    ("archive/milestones", Folder::ArchivedMilestones),
    ("decisions", Folder::Decisions),
    ("docs", Folder::Docs),
];

/// Where a file sits in the project, which decides what it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Folder {
    Tasks,
    Completed,
    Drafts,
    ArchivedTasks,
    ArchivedDrafts,
    Milestones,
    ArchivedMilestones,
    Decisions,
    Docs,
}

impl Folder {
    /// The folder of a project-relative path (`archive/tasks/x.md`), if it
    /// is one this reads; `docs/` at any depth.
    pub fn of(path: &str) -> Option<Folder> {
        let (dir, _) = path.rsplit_once('/')?;
        if dir == "docs" || dir.starts_with("docs/") {
            return Some(Folder::Docs);
        }
        FOLDERS.iter().find(|(d, _)| *d == dir).map(|(_, f)| *f)
    }

    /// The folders the command reads, relative to the project's backlog folder.
    pub fn paths() -> impl Iterator<Item = &'static str> {
        FOLDERS.iter().map(|(d, _)| *d)
    }

    fn is_task(self) -> bool {
        matches!(
            self,
            Folder::Tasks
                | Folder::Completed
                | Folder::Drafts
                | Folder::ArchivedTasks
                | Folder::ArchivedDrafts
        )
    }

    /// Active and completed tasks: what Backlog.md resolves dependencies among.
    fn is_live(self) -> bool {
        matches!(self, Folder::Tasks | Folder::Completed)
    }

    fn is_draft(self) -> bool {
        matches!(self, Folder::Drafts | Folder::ArchivedDrafts)
    }

    fn is_archived(self) -> bool {
        matches!(self, Folder::ArchivedTasks | Folder::ArchivedDrafts)
    }

    /// The word before an alias that a task of an earlier folder holds.
    fn word(self) -> &'static str {
        match self {
            Folder::Tasks => "task",
            Folder::Completed => "completed",
            Folder::Drafts => "draft",
            Folder::ArchivedTasks | Folder::ArchivedDrafts => "archived",
            Folder::Milestones | Folder::ArchivedMilestones => "milestone",
            Folder::Decisions => "decision",
            Folder::Docs => "doc",
        }
    }
}

/// One file of the project: its path below the backlog folder (`tasks/…`),
/// with `/` between folders.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What the command found in the project's backlog folder.
#[derive(Debug, Default)]
pub struct Source {
    /// The backlog folder as the user sees it, prefixed to paths in messages.
    pub shown: String,
    pub files: Vec<SourceFile>,
    /// `config.yml`, for `task_prefix`.
    pub config: Option<Vec<u8>>,
    /// Files not read (links leaving the folder, too large), with why.
    pub skipped: Vec<(String, String)>,
}

/// The backlog being imported into, as loaded.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub items: &'a [Item],
    pub goals: &'a [Goal],
    pub items_folder: &'a str,
    pub goals_folder: &'a str,
    /// The names (file stems) in the items and goals folders, readable or not.
    pub item_files: &'a HashSet<String>,
    pub goal_files: &'a HashSet<String>,
    /// `--milestones-as-goals`.
    pub milestones_as_goals: bool,
}

/// What kind of file a write creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Item(Status),
    Goal,
}

/// A file to create: its root-relative path and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub path: String,
    pub text: String,
    /// The project file it comes from, as shown to the user.
    pub origin: String,
    pub kind: Written,
}

/// The import, decided: nothing here has touched the disk.
#[derive(Debug, Default)]
pub struct Plan {
    pub writes: Vec<Write>,
    /// Tasks and milestones the backlog already holds: (origin, its file).
    pub present: Vec<(String, String)>,
    /// Files left out on purpose: (origin, why).
    pub skipped: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded text of every file with a diagnostic, for code frames.
    pub texts: BTreeMap<String, String>,
    /// Dependencies written as `depends_on` (to new or present items).
    pub dependencies: usize,
    /// Dependencies left out: naming no task, or a task not imported.
    pub unresolved: usize,
}

/// A task file, read.
#[derive(Debug)]
struct Task {
    origin: String,
    folder: Folder,
    /// Its id as written (front matter, else the file name).
    id: String,
    title: String,
    status: Option<Located<String>>,
    assignees: Vec<String>,
    labels: Vec<String>,
    dependencies: Vec<Located<String>>,
    priority: Option<Located<String>>,
    milestone: Option<Located<String>>,
    parent: Option<Located<String>>,
    body: String,
}

/// A milestone file, read.
#[derive(Debug)]
struct Milestone {
    origin: String,
    archived: bool,
    id: String,
    title: String,
    due: Option<String>,
    body: String,
}

/// What a task becomes.
#[derive(Debug, Clone, PartialEq)]
enum Fate {
    /// Written, with this status, under `id`.
    New { status: Status, id: String },
    /// Already in the backlog as the item `id` (file `path`).
    Present { id: String, path: String },
    /// Not imported; its own diagnostic says why.
    Refused,
}

/// Plans the import of a project into a backlog.
pub fn plan(source: &Source, target: &Target<'_>) -> Plan {
    let mut plan = Plan {
        skipped: source.skipped.clone(),
        ..Plan::default()
    };
    let shown = |path: &str| format!("{}{path}", source.shown);
    let mut tasks: Vec<Task> = Vec::new();
    let mut milestones: Vec<Milestone> = Vec::new();
    let mut files: Vec<&SourceFile> = source.files.iter().collect();
    let by_origin: HashMap<String, &SourceFile> =
        files.iter().map(|f| (shown(&f.path), *f)).collect();
    files.sort_by(|a, b| (Folder::of(&a.path), &a.path).cmp(&(Folder::of(&b.path), &b.path)));
    for file in files {
        let origin = shown(&file.path);
        let Some(folder) = Folder::of(&file.path) else {
            continue;
        };
        let name = file.path.rsplit('/').next().unwrap_or_default();
        if name.eq_ignore_ascii_case("readme.md") {
            plan.skipped.push((
                origin,
                "the folder's readme, Backlog.md's own notes".to_owned(),
            ));
            continue;
        }
        match folder {
            Folder::Decisions => {
                plan.skipped.push((
                    origin,
                    "a decision record: it explains a choice, it is not work to rank".to_owned(),
                ));
                continue;
            }
            Folder::Docs => {
                plan.skipped.push((
                    origin,
                    "a document: it describes the project, it is not work to rank".to_owned(),
                ));
                continue;
            }
            _ => {}
        }
        let mut diagnostics = Vec::new();
        let read = read_file(&origin, &file.bytes, &mut diagnostics);
        plan.diagnostics.append(&mut diagnostics);
        let Some((node, body)) = read else {
            continue;
        };
        let fields = Fields(&node);
        if folder.is_task() {
            tasks.push(task(origin, folder, name, &fields, body));
        } else {
            milestones.push(Milestone {
                archived: folder == Folder::ArchivedMilestones,
                id: fields.text("id").unwrap_or_else(|| id_from_name(name)),
                title: fields
                    .text("title")
                    .map(|t| one_line(&t))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| title_from_name(name)),
                due: fields.text("due_date"),
                body,
                origin,
            });
        }
    }
    let prefix = project_prefix(source.config.as_deref(), &tasks);
    let mut plan = Planner {
        target,
        prefix,
        tasks,
        milestones,
        plan,
    }
    .run();
    // Every problem is shown at its line of the Backlog.md file.
    for d in &plan.diagnostics {
        if let Some(file) = by_origin.get(&d.path)
            && !plan.texts.contains_key(&d.path)
        {
            let text = crate::source::decode(&d.path, &file.bytes).map_or_else(
                |_| String::from_utf8_lossy(&file.bytes).into_owned(),
                std::borrow::Cow::into_owned,
            );
            plan.texts.insert(d.path.clone(), text);
        }
    }
    plan
}

/// The file's front matter (Backlog.md's way: `@name` values of `assignee`
/// and `reporter` read as text) and its body, or diagnostics.
fn read_file(
    origin: &str,
    bytes: &[u8],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Node, String)> {
    let text = match crate::source::decode(origin, bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let FrontMatter::Present(split) = frontmatter::split(&text) else {
        diagnostics.push(
            Diagnostic::error(
                "import-front-matter",
                origin,
                Pos::START,
                "no front matter block (`---` lines) at the start; the file was not imported",
            )
            .with_help("Backlog.md files start with `---`, their fields, and another `---`"),
        );
        return None;
    };
    let yaml = quote_handles(split.yaml);
    match yaml::parse(&yaml, split.yaml_first_line, origin) {
        Ok(node) if matches!(node.value, Value::Map(_)) => Some((
            node,
            raw_body(bytes).unwrap_or_else(|| split.body.to_owned()),
        )),
        Ok(node) => {
            diagnostics.push(Diagnostic::error(
                "import-front-matter",
                origin,
                node.pos,
                "the front matter is not a mapping of `key: value` lines; the file was not imported",
            ));
            None
        }
        Err(mut diagnostic) => {
            diagnostic.message.push_str("; the file was not imported");
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// The body as the file holds it, CRLF line ends included: `decode` gives
/// the parser LF lines, but a body is kept byte for byte (README). `None`
/// when a lone CR ends a line, as the lines would then split differently.
fn raw_body(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).ok()?;
    if text.replace("\r\n", "").contains('\r') {
        return None;
    }
    match frontmatter::split(text) {
        FrontMatter::Present(split) => Some(split.body.to_owned()),
        _ => None,
    }
}

/// Backlog.md's own repair before it parses front matter: an `assignee:` or
/// `reporter:` value such as `@MrLesk` (which YAML cannot start a value
/// with) is read as quoted text, in flow lists too. Lines stay where they are.
fn quote_handles(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + 16);
    for line in yaml.split_inclusive('\n') {
        let (content, end) = match line.strip_suffix('\n') {
            Some(content) => (content.strip_suffix('\r').unwrap_or(content), "\n"),
            None => (line, ""),
        };
        let Some((key, value)) = content.split_once(':') else {
            out.push_str(line);
            continue;
        };
        if !matches!(key.trim(), "assignee" | "reporter") || key.starts_with(char::is_whitespace) {
            out.push_str(line);
            continue;
        }
        let value = value.trim();
        let quote = |v: &str| {
            if v.starts_with('@') {
                serde_json::Value::String(v.to_owned()).to_string()
            } else {
                v.to_owned()
            }
        };
        let fixed = if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let entries: Vec<String> = list
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(quote)
                .collect();
            format!("{key}: [{}]", entries.join(", "))
        } else if value.starts_with('@') {
            format!("{key}: {}", quote(value))
        } else {
            out.push_str(line);
            continue;
        };
        out.push_str(&fixed);
        out.push_str(end);
    }
    out
}

/// Reading a front matter mapping by key; every key is optional.
struct Fields<'a>(&'a Node);

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&Node> {
        let Value::Map(pairs) = &self.0.value else {
            return None;
        };
        pairs
            .iter()
            .find(|(k, v)| matches!(&k.value, Value::Str(s) if s == key) && v.value != Value::Null)
            .map(|(_, v)| v)
    }

    fn text(&self, key: &str) -> Option<String> {
        self.located(key).map(|t| t.value)
    }

    fn located(&self, key: &str) -> Option<Located<String>> {
        let node = self.get(key)?;
        scalar_text(node)
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .map(|t| Located::new(t, node.pos))
    }

    /// A list, or a single value as a list of one.
    fn list(&self, key: &str) -> Vec<Located<String>> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        let nodes: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        nodes
            .into_iter()
            .filter_map(|n| {
                scalar_text(n)
                    .map(|t| one_line(&t))
                    .filter(|t| !t.is_empty())
                    .map(|t| Located::new(t, n.pos))
            })
            .collect()
    }
}

fn task(origin: String, folder: Folder, name: &str, fields: &Fields<'_>, body: String) -> Task {
    Task {
        folder,
        id: fields
            .text("id")
            .map_or_else(|| id_from_name(name), |id| one_line(&id)),
        title: fields
            .text("title")
            .map(|t| one_line(&t))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| title_from_name(name)),
        status: fields.located("status"),
        assignees: fields
            .list("assignee")
            .into_iter()
            .map(|a| a.value)
            .collect(),
        labels: fields.list("labels").into_iter().map(|l| l.value).collect(),
        dependencies: fields.list("dependencies"),
        priority: fields.located("priority"),
        milestone: fields.located("milestone"),
        parent: fields.located("parent_task_id"),
        body,
        origin,
    }
}

/// `back-12 - Fix-the-thing.md` → `back-12`.
fn id_from_name(name: &str) -> String {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    stem.split(" - ").next().unwrap_or(stem).trim().to_owned()
}

/// `back-12 - Fix-the-thing.md` → `Fix the thing`.
fn title_from_name(name: &str) -> String {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let title = stem.split_once(" - ").map_or(stem, |(_, t)| t);
    one_line(&title.replace('-', " "))
}

/// A task id as Backlog.md compares it: the prefix in lowercase, each
/// number without leading zeros (`BACK-24.02` → `back-24.2`); a bare number
/// takes the project's prefix; other ids are only lowercased.
fn canonical(id: &str, prefix: &str) -> String {
    let id = id.trim();
    let (head, body) = match id.split_once('-') {
        Some((head, body)) if !head.is_empty() && head.chars().all(|c| c.is_ascii_alphabetic()) => {
            (head.to_ascii_lowercase(), body)
        }
        _ => (prefix.to_ascii_lowercase(), id),
    };
    let numeric = !body.is_empty()
        && body
            .split('.')
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()));
    if !numeric {
        return id.to_ascii_lowercase();
    }
    let segments: Vec<&str> = body
        .split('.')
        .map(|s| {
            let s = s.trim_start_matches('0');
            if s.is_empty() { "0" } else { s }
        })
        .collect();
    format!("{head}-{}", segments.join("."))
}

/// The project's task prefix: `task_prefix` in `config.yml`, else the one
/// most of its task ids (drafts aside) carry, else `task`.
fn project_prefix(config: Option<&[u8]>, tasks: &[Task]) -> String {
    if let Some(bytes) = config
        && let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(node) = yaml::parse(text, 1, "config.yml")
        && let Some(prefix) = Fields(&node).text("task_prefix")
        && prefix.chars().all(|c| c.is_ascii_alphabetic())
    {
        return prefix.to_ascii_lowercase();
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for task in tasks.iter().filter(|t| !t.folder.is_draft()) {
        if let Some((head, _)) = task.id.split_once('-')
            && !head.is_empty()
            && head.chars().all(|c| c.is_ascii_alphabetic())
        {
            *counts.entry(head.to_ascii_lowercase()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or_else(|| DEFAULT_PREFIX.to_owned(), |(p, _)| p)
}

/// A slug of at most [`MAX_SLUG`] bytes, cut between words.
fn short_slug(text: &str) -> String {
    let full = crate::cli::slug(text);
    let mut out = String::new();
    for word in full.split('-') {
        if !out.is_empty() && out.len() + 1 + word.len() > MAX_SLUG {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out.truncate(MAX_SLUG);
    out
}

/// How a dependency (or parent) id resolved.
enum Resolved {
    /// A task of this project, by index.
    Task(usize),
    /// An item the backlog holds that is not from this project.
    Item(String),
    /// Two active or completed tasks claim it.
    Ambiguous(Vec<usize>),
    Nothing,
}

struct Planner<'t> {
    target: &'t Target<'t>,
    prefix: String,
    tasks: Vec<Task>,
    milestones: Vec<Milestone>,
    plan: Plan,
}

impl Planner<'_> {
    fn run(mut self) -> Plan {
        // Canonical id → tasks, by kind of folder.
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (t, task) in self.tasks.iter().enumerate() {
            index
                .entry(canonical(&task.id, &self.prefix))
                .or_default()
                .push(t);
        }
        let aliases = self.aliases(&index);
        let fates = self.fates(&aliases);
        let milestone_goals = self.milestone_goals();
        let ids: Vec<Option<&str>> = fates
            .iter()
            .map(|f| match f {
                Fate::New { id, .. } | Fate::Present { id, .. } => Some(id.as_str()),
                Fate::Refused => None,
            })
            .collect();
        let mut writes = Vec::new();
        let mut found: Vec<Diagnostic> = Vec::new();
        for (t, task) in self.tasks.iter().enumerate() {
            let Fate::New { status, id } = &fates[t] else {
                if let Fate::Present { path, .. } = &fates[t] {
                    self.plan.present.push((task.origin.clone(), path.clone()));
                }
                continue;
            };
            let mut depends_on: Vec<String> = Vec::new();
            for dep in &task.dependencies {
                let problem = match self.resolve(&index, &dep.value) {
                    Resolved::Task(d) if d == t => Some("names the task itself".to_owned()),
                    Resolved::Task(d) => match ids[d] {
                        Some(dep_id) => {
                            if !depends_on.iter().any(|x| x == dep_id) {
                                depends_on.push(dep_id.to_owned());
                            }
                            None
                        }
                        None => Some(format!(
                            "names {}, which is not imported (see its own problem)",
                            self.tasks[d].origin
                        )),
                    },
                    Resolved::Item(item) => {
                        if !depends_on.contains(&item) {
                            depends_on.push(item);
                        }
                        None
                    }
                    Resolved::Ambiguous(candidates) => Some(format!(
                        "names {} tasks ({}), as Backlog.md finds it ambiguous",
                        candidates.len(),
                        candidates
                            .iter()
                            .map(|&c| self.tasks[c].origin.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    Resolved::Nothing => Some("names no task of the project".to_owned()),
                };
                if let Some(problem) = problem {
                    self.plan.unresolved += 1;
                    found.push(warning(
                        &task.origin,
                        dep.pos,
                        format!(
                            "dependency '{}' {problem}; it was left out of depends_on",
                            dep.value
                        ),
                    ));
                } else {
                    self.plan.dependencies += 1;
                }
            }
            let mut tags: Vec<String> = Vec::new();
            let mut add_tag = |tag: String| {
                if !tag.is_empty() && !tags.contains(&tag) {
                    tags.push(tag);
                }
            };
            for label in &task.labels {
                add_tag(label.clone());
            }
            if task.folder.is_draft() {
                add_tag("draft".to_owned());
            }
            if let Some(parent) = &task.parent {
                let tag = match self.resolve(&index, &parent.value) {
                    Resolved::Task(p) if p != t => aliases[p]
                        .first()
                        .cloned()
                        .unwrap_or_else(|| canonical(&parent.value, &self.prefix)),
                    Resolved::Item(item) => item,
                    _ => {
                        found.push(warning(
                            &task.origin,
                            parent.pos,
                            format!(
                                "parent task '{}' names no other task of the project; the tag keeps its id",
                                parent.value
                            ),
                        ));
                        canonical(&parent.value, &self.prefix)
                    }
                };
                add_tag(format!("subtask-of-{tag}"));
            }
            let mut goals: Vec<String> = Vec::new();
            if let Some(milestone) = &task.milestone {
                let key = self.milestone_key(&milestone.value);
                if let Some(goal) = milestone_goals.get(&key) {
                    goals.push(goal.clone());
                } else {
                    let title = self
                        .find_milestone(&milestone.value)
                        .map_or(milestone.value.as_str(), |m| m.title.as_str());
                    add_tag(format!("milestone-{}", short_slug(title)));
                }
            }
            let priority = task.priority.as_ref().and_then(|p| {
                let level = match p.value.to_ascii_lowercase().as_str() {
                    "low" => Some(Level::Low),
                    "medium" => Some(Level::Medium),
                    "high" => Some(Level::High),
                    _ => None,
                };
                if level.is_none() {
                    found.push(Diagnostic::warning(
                        "import-priority",
                        &task.origin,
                        p.pos,
                        format!(
                            "unknown priority '{}' (Backlog.md's are high, medium and low); the item has no priority",
                            p.value
                        ),
                    ));
                }
                level
            });
            let text = render_item(&ItemText {
                title: &task.title,
                status: *status,
                priority,
                owner: &task.assignees,
                aliases: &aliases[t],
                depends_on: &depends_on,
                goals: &goals,
                tags: &tags,
                body: &task.body,
            });
            writes.push(Write {
                path: format!("{}/{id}.md", self.target.items_folder.trim_end_matches('/')),
                text,
                origin: task.origin.clone(),
                kind: Written::Item(*status),
            });
        }
        self.plan.writes.append(&mut writes);
        self.plan.diagnostics.append(&mut found);
        self.plan
    }

    /// Each task's aliases, first the one it is known by: its id as written
    /// and as Backlog.md compares it, in lowercase, unless a task of an
    /// earlier folder claims it (Backlog.md reuses archived tasks' ids);
    /// then, when the project's files still name tasks by the default
    /// `task-` prefix after changing it, `task-N` too. A task left with no
    /// alias gets its folder's word before its id (`archived-back-12`).
    fn aliases(&self, index: &HashMap<String, Vec<usize>>) -> Vec<Vec<String>> {
        let mut claimed: HashSet<String> = HashSet::new();
        let mut out: Vec<Vec<String>> = vec![Vec::new(); self.tasks.len()];
        for (t, task) in self.tasks.iter().enumerate() {
            for alias in [
                task.id.to_ascii_lowercase(),
                canonical(&task.id, &self.prefix),
            ] {
                if crate::parse::is_slug(&alias) && claimed.insert(alias.clone()) {
                    out[t].push(alias);
                }
            }
        }
        let legacy = self.prefix != DEFAULT_PREFIX
            && self.tasks.iter().any(|task| {
                task.dependencies.iter().chain(&task.parent).any(|d| {
                    let key = canonical(&d.value, &self.prefix);
                    key.starts_with("task-") && !index.contains_key(&key)
                })
            });
        if legacy {
            for (t, task) in self.tasks.iter().enumerate() {
                let key = canonical(&task.id, &self.prefix);
                if let Some(number) = key.strip_prefix(&format!("{}-", self.prefix))
                    && !task.folder.is_draft()
                    && out[t]
                        .first()
                        .is_some_and(|first| canonical(first, &self.prefix) == key)
                {
                    let alias = format!("{DEFAULT_PREFIX}-{number}");
                    if claimed.insert(alias.clone()) {
                        out[t].push(alias);
                    }
                }
            }
        }
        for (t, task) in self.tasks.iter().enumerate() {
            if !out[t].is_empty() {
                continue;
            }
            let base = format!("{}-{}", task.folder.word(), crate::cli::slug(&task.id));
            let mut alias = base.clone();
            let mut n = 2;
            while !claimed.insert(alias.clone()) {
                alias = format!("{base}-{n}");
                n += 1;
            }
            out[t].push(alias);
        }
        out
    }

    /// Resolves a task id the way Backlog.md does (see the module's docs):
    /// among active and completed tasks, else drafts, else archived tasks;
    /// a `task-N` naming nothing, in a project whose prefix is not `task`,
    /// as `PREFIX-N` (the task's name before the prefix changed); else an
    /// item of the backlog holding it as id or alias.
    fn resolve(&self, index: &HashMap<String, Vec<usize>>, id: &str) -> Resolved {
        let mut keys = vec![canonical(id, &self.prefix)];
        if self.prefix != DEFAULT_PREFIX
            && let Some(number) = keys[0].strip_prefix("task-")
        {
            keys.push(format!("{}-{number}", self.prefix));
        }
        for key in &keys {
            let Some(found) = index.get(key) else {
                continue;
            };
            for class in [Folder::is_live, Folder::is_draft, Folder::is_archived] {
                let of_class: Vec<usize> = found
                    .iter()
                    .copied()
                    .filter(|&t| class(self.tasks[t].folder))
                    .collect();
                match of_class.len() {
                    0 => {}
                    1 => return Resolved::Task(of_class[0]),
                    _ => return Resolved::Ambiguous(of_class),
                }
            }
        }
        let wanted = id.trim().to_ascii_lowercase();
        for item in self.target.items {
            if item.id.value.to_ascii_lowercase() == wanted
                || item
                    .aliases
                    .iter()
                    .any(|a| a.value.to_ascii_lowercase() == wanted)
            {
                return Resolved::Item(item.id.value.clone());
            }
        }
        Resolved::Nothing
    }

    /// What each task becomes: already present (an item holds one of its
    /// aliases as id or alias), refused (an unknown status), or a new item
    /// under a slug of its title that no item, file or alias holds.
    fn fates(&mut self, aliases: &[Vec<String>]) -> Vec<Fate> {
        let existing: HashMap<String, &Item> = self
            .target
            .items
            .iter()
            .flat_map(|item| {
                item.aliases
                    .iter()
                    .map(|a| a.value.to_ascii_lowercase())
                    .chain([item.id.value.to_ascii_lowercase()])
                    .map(move |name| (name, item))
            })
            .collect();
        let mut taken: HashSet<String> = existing.keys().cloned().collect();
        taken.extend(
            self.target
                .item_files
                .iter()
                .map(|f| f.to_ascii_lowercase()),
        );
        taken.extend(aliases.iter().flatten().cloned());
        let mut fates = Vec::with_capacity(self.tasks.len());
        for (t, task) in self.tasks.iter().enumerate() {
            if let Some(item) = aliases[t].iter().find_map(|a| existing.get(a)) {
                fates.push(Fate::Present {
                    id: item.id.value.clone(),
                    path: item.path.clone(),
                });
                continue;
            }
            let status = match status(task) {
                Ok(status) => status,
                Err(diagnostic) => {
                    self.plan.diagnostics.push(diagnostic);
                    fates.push(Fate::Refused);
                    continue;
                }
            };
            // The title's slug, else the old id's, else `task` (a title
            // and id in a script slugs do not spell, or only punctuation).
            let old_id = crate::cli::slug(&aliases[t][0]);
            let mut base = short_slug(&task.title);
            if base.is_empty() {
                base.clone_from(&old_id);
            }
            if base.is_empty() {
                "task".clone_into(&mut base);
            }
            let mut id = base.clone();
            if taken.contains(&id) {
                if !old_id.is_empty() && old_id != base {
                    id = format!("{base}-{old_id}");
                }
                let plain = id.clone();
                let mut n = 2;
                while taken.contains(&id) {
                    id = format!("{plain}-{n}");
                    n += 1;
                }
            }
            taken.insert(id.clone());
            fates.push(Fate::New { status, id });
        }
        fates
    }

    /// A milestone value as Backlog.md matches it: trimmed, lowercase, `m-N`
    /// or `N` as `m-N`.
    fn milestone_key(&self, value: &str) -> String {
        self.find_milestone(value).map_or_else(
            || format!("name:{}", value.trim().to_lowercase()),
            |m| format!("file:{}", m.origin),
        )
    }

    /// The milestone file a task's `milestone:` names: by id (`m-3`, `3`,
    /// ignoring case and leading zeros), else by title (ignoring case).
    fn find_milestone(&self, value: &str) -> Option<&Milestone> {
        let key = value.trim().to_lowercase();
        let numbered = |text: &str| {
            let text = text.trim().to_lowercase();
            let number = text.strip_prefix("m-").unwrap_or(&text);
            (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
                .then(|| number.trim_start_matches('0').to_owned())
        };
        // Active milestones first, as their tasks are.
        let mut order: Vec<&Milestone> = self.milestones.iter().collect();
        order.sort_by_key(|m| m.archived);
        order
            .iter()
            .find(|m| m.id.trim().to_lowercase() == key)
            .or_else(|| {
                let n = numbered(&key)?;
                order.iter().find(|m| numbered(&m.id).as_ref() == Some(&n))
            })
            .or_else(|| order.iter().find(|m| m.title.to_lowercase() == key))
            .copied()
    }

    /// With `--milestones-as-goals`: a goal per milestone file and per
    /// milestone name no file holds, written or found present (a goal of the
    /// same title). Returns the goal id of each milestone key.
    fn milestone_goals(&mut self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if !self.target.milestones_as_goals {
            for m in &self.milestones {
                self.plan.skipped.push((
                    m.origin.clone(),
                    "a milestone: its tasks carry it as a tag (--milestones-as-goals makes it a goal)".to_owned(),
                ));
            }
            return out;
        }
        let mut wanted: Vec<Wanted> = self
            .milestones
            .iter()
            .map(|m| Wanted {
                key: format!("file:{}", m.origin),
                title: m.title.clone(),
                origin: m.origin.clone(),
                archived: m.archived,
                due: m.due.clone(),
                body: m.body.clone(),
                id: m.id.clone(),
            })
            .collect();
        let mut named: BTreeMap<String, (String, String)> = BTreeMap::new();
        for task in &self.tasks {
            if let Some(milestone) = &task.milestone
                && self.find_milestone(&milestone.value).is_none()
            {
                named
                    .entry(self.milestone_key(&milestone.value))
                    .or_insert_with(|| (one_line(&milestone.value), task.origin.clone()));
            }
        }
        for (key, (title, origin)) in named {
            wanted.push(Wanted {
                key,
                id: title.clone(),
                origin: format!("milestone '{title}' of {origin}"),
                title,
                archived: false,
                due: None,
                body: String::new(),
            });
        }
        let mut taken: HashSet<String> = self
            .target
            .goals
            .iter()
            .map(|g| g.id.value.to_ascii_lowercase())
            .collect();
        taken.extend(
            self.target
                .goal_files
                .iter()
                .map(|f| f.to_ascii_lowercase()),
        );
        for w in wanted {
            if let Some(goal) = self
                .target
                .goals
                .iter()
                .find(|g| g.title.trim().to_lowercase() == w.title.trim().to_lowercase())
            {
                self.plan.present.push((w.origin, goal.path.clone()));
                out.insert(w.key, goal.id.value.clone());
                continue;
            }
            let mut base = short_slug(&w.title);
            if base.is_empty() {
                base = crate::cli::slug(&w.id);
            }
            if base.is_empty() {
                "milestone".clone_into(&mut base);
            }
            let mut id = base.clone();
            let mut n = 2;
            while taken.contains(&id) {
                id = format!("{base}-{n}");
                n += 1;
            }
            taken.insert(id.clone());
            let mut text = String::from("---\n");
            let _ = writeln!(text, "title: {}", yaml_text(&w.title));
            if w.archived {
                text.push_str("status: dropped\n");
            }
            if let Some(due) = w.due.as_deref().and_then(|d| d.get(..10))
                && crate::date::Date::parse(due).is_some()
            {
                let _ = writeln!(text, "due: {due}");
            }
            text.push_str("---\n");
            text.push_str(&w.body);
            self.plan.writes.push(Write {
                path: format!("{}/{id}.md", self.target.goals_folder.trim_end_matches('/')),
                text,
                origin: w.origin,
                kind: Written::Goal,
            });
            out.insert(w.key, id);
        }
        out
    }
}

/// The status a task is imported with, or the problem for a word
/// Backlog.md's default statuses do not have.
fn status(task: &Task) -> Result<Status, Diagnostic> {
    match task.folder {
        Folder::ArchivedTasks | Folder::ArchivedDrafts => return Ok(Status::Dropped),
        Folder::Drafts => return Ok(Status::Proposed),
        Folder::Completed => return Ok(Status::Done),
        _ => {}
    }
    let Some(word) = &task.status else {
        return Err(Diagnostic::error(
            "import-status",
            &task.origin,
            Pos::START,
            "this task has no status; it was not imported",
        )
        .with_help("give it one of Backlog.md's statuses: To Do, In Progress, Done"));
    };
    let status = match word.value.to_lowercase().as_str() {
        "to do" => Status::Proposed,
        "in progress" => Status::InProgress,
        "done" => Status::Done,
        _ => {
            return Err(
                Diagnostic::error(
                    "import-status",
                    &task.origin,
                    word.pos,
                    format!(
                        "unknown status '{}'; the task was not imported",
                        one_line(&word.value)
                    ),
                )
                .with_help(
                    "rankdown maps To Do, In Progress and Done (ignoring case); set one of them in Backlog.md, or archive the task, and import again",
                ),
            );
        }
    };
    Ok(status)
}

fn warning(origin: &str, pos: Pos, message: String) -> Diagnostic {
    Diagnostic::warning("import-link", origin, pos, message)
}

/// A goal `--milestones-as-goals` asks for: a milestone file's, or a
/// milestone name's that no file holds.
struct Wanted {
    key: String,
    title: String,
    origin: String,
    archived: bool,
    due: Option<String>,
    body: String,
    id: String,
}

/// The front matter fields of an imported item.
struct ItemText<'a> {
    title: &'a str,
    status: Status,
    priority: Option<Level>,
    owner: &'a [String],
    aliases: &'a [String],
    depends_on: &'a [String],
    goals: &'a [String],
    tags: &'a [String],
    body: &'a str,
}

/// An item file: front matter (every value quoted where YAML needs it), then
/// the task's body as it was.
fn render_item(item: &ItemText<'_>) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml_text(item.title));
    let _ = writeln!(out, "status: {}", item.status);
    if let Some(priority) = item.priority {
        let _ = writeln!(out, "priority: {priority}");
    }
    if !item.owner.is_empty() {
        let _ = writeln!(out, "owner: {}", yaml_text(&item.owner.join(", ")));
    }
    let mut list = |name: &str, values: &[String]| {
        if values.is_empty() {
            return;
        }
        let _ = writeln!(out, "{name}:");
        for value in values {
            let _ = writeln!(out, "  - {}", yaml_text(&one_line(value)));
        }
    };
    list("aliases", item.aliases);
    list("depends_on", item.depends_on);
    list("goals", item.goals);
    list("tags", item.tags);
    out.push_str("---\n");
    out.push_str(item.body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_as_backlog_md_compares_them() {
        assert_eq!(canonical("BACK-24.02", "back"), "back-24.2");
        assert_eq!(canonical("task-007", "back"), "task-7");
        assert_eq!(canonical("345", "back"), "back-345");
        assert_eq!(canonical(" Draft-3 ", "task"), "draft-3");
        assert_eq!(canonical("task-loading", "task"), "task-loading");
    }

    #[test]
    fn handles_are_quoted_as_backlog_md_quotes_them() {
        let yaml =
            "id: X-1\nassignee: @MrLesk\nreporter: [@a, 'b', @c]\nlabels: [\"@x\"]\r\ntitle: t\n";
        assert_eq!(
            quote_handles(yaml),
            "id: X-1\nassignee: \"@MrLesk\"\nreporter: [\"@a\", 'b', \"@c\"]\nlabels: [\"@x\"]\r\ntitle: t\n"
        );
    }

    #[test]
    fn names_give_ids_and_titles() {
        assert_eq!(id_from_name("back-12 - Fix-the-thing.md"), "back-12");
        assert_eq!(
            title_from_name("back-12 - Fix-the-thing.md"),
            "Fix the thing"
        );
    }
}
