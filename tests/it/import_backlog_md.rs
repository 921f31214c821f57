//! `rankdown import backlog-md`: a small Backlog.md project built in a temp
//! dir (statuses, `task-N` and prefixed dependencies, subtasks, labels,
//! milestones, an unknown status, drafts, the archive, a title YAML must
//! quote), and the real task files of Backlog.md's own backlog when
//! `RANKDOWN_CORPUS` names the corpora folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::{rankdown, scratch};

const QUOTED_TITLE: &str = "Set up: the \"core\" #1 [cli] & more";

/// A Backlog.md project below `project/backlog/`, and a backlog in `root/`.
fn project() -> tempfile::TempDir {
    let dir = scratch(&[
        (
            "project/backlog/config.yml",
            "project_name: \"Demo\"\ntask_prefix: \"back\"\n",
        ),
        (
            "project/backlog/tasks/back-1 - Set-up.md",
            "---\nid: BACK-1\ntitle: 'Set up: the \"core\" #1 [cli] & more'\nstatus: To Do\nassignee: @ana\nlabels: [cli, setup]\npriority: high\nmilestone: m-1\ndependencies: []\n---\n\n## Description\n\nFirst things first.\n",
        ),
        (
            "project/backlog/tasks/back-2 - Board.md",
            "---\nid: BACK-2\ntitle: Board view\nstatus: In Progress\nassignee:\n  - '@bo'\n  - cy\nlabels:\n  - ui\npriority: low\nmilestone: Later Things\ndependencies:\n  - task-1\n---\n\nThe board.\n",
        ),
        (
            "project/backlog/tasks/back-2.01 - Board-columns.md",
            "---\nid: BACK-2.01\ntitle: Board columns\nstatus: Done\nparent_task_id: task-2\ndependencies: [back-2, BACK-1]\n---\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [x] #1 Columns show [[not-a-link]] as written\n<!-- AC:END -->\n",
        ),
        (
            "project/backlog/tasks/back-3 - Review.md",
            "---\nid: BACK-3\ntitle: Review things\nstatus: In Review\n---\n\nCustom status.\n",
        ),
        (
            "project/backlog/tasks/back-4 - Waits.md",
            "---\nid: BACK-4\ntitle: ../../Waits for others\nstatus: to do\npriority: urgent\ndependencies:\n  - BACK-3\n  - task-99\n---\n\nWaiting.\n",
        ),
        (
            "project/backlog/completed/back-5 - Shipped.md",
            "---\nid: BACK-5\ntitle: Shipped thing\nstatus: Done\ndependencies: [\"2.1\"]\n---\n\nDone long ago.\n",
        ),
        (
            "project/backlog/drafts/draft-1 - Idea.md",
            "---\nid: DRAFT-1\ntitle: 'Set up: the \"core\" #1 [cli] & more'\nstatus: To Do\nlabels: [idea]\n---\n\nA draft with the same title.\n",
        ),
        (
            "project/backlog/archive/tasks/back-5 - Old.md",
            "---\nid: BACK-5\ntitle: An old test task\nstatus: Won't Do\n---\n\nIts id was reused.\n",
        ),
        (
            "project/backlog/milestones/m-1 - release-one.md",
            "---\nid: m-1\ntitle: \"Release One\"\n---\n\n## Description\n\nThe first release.\n",
        ),
        (
            "project/backlog/decisions/decision-1 - Use-Rust.md",
            "---\nid: decision-1\ntitle: Use Rust\nstatus: accepted\n---\n",
        ),
        (
            "project/backlog/docs/doc-1 - Guide.md",
            "---\nid: doc-1\ntitle: Guide\n---\n",
        ),
        ("project/backlog/docs/readme.md", "# Docs\n"),
        (
            "outside.md",
            "---\nid: BACK-9\ntitle: Outside\nstatus: To Do\n---\n",
        ),
        ("root/rankdown.yaml", "as_of: 2026-11-01\n"),
        (
            "root/feedback/2026-10-01-ana.md",
            "---\ndate: 2026-10-01\nfrom: ana\nitems: [BACK-2]\n---\n\nThe setup hurts. [[task-1]]\n",
        ),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("outside.md"),
        dir.path().join("project/backlog/tasks/back-9 - Outside.md"),
    )
    .expect("symlink");
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    rankdown()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs")
}

/// `rankdown import backlog-md PROJECT --into root EXTRA…`, run in `dir`.
fn import_into(dir: &Path, project: &str, extra: &[&str]) -> Output {
    let mut args = vec!["import", "backlog-md", project, "--into", "root"];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file below `dir` (links as their targets' paths), by path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("entry");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("below")
            .to_string_lossy()
            .into_owned();
        if entry.file_type().is_symlink() {
            let target = fs::read_link(entry.path()).expect("link");
            out.insert(rel, target.to_string_lossy().as_bytes().to_vec());
        } else if entry.file_type().is_file() {
            out.insert(rel, fs::read(entry.path()).expect("read"));
        }
    }
    out
}

/// The item files of a backlog, by file name.
fn items(root: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = fs::read_dir(root.join("items")) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read_to_string(e.path()).expect("read"),
            )
        })
        .collect()
}

/// The item file holding `alias` (exactly one).
fn item_with_alias<'a>(items: &'a BTreeMap<String, String>, alias: &str) -> (&'a str, &'a str) {
    let found: Vec<_> = items
        .iter()
        .filter(|(_, t)| list(t, "aliases").iter().any(|a| a == alias))
        .collect();
    assert_eq!(found.len(), 1, "one item holds {alias}: {found:?}");
    (found[0].0.trim_end_matches(".md"), found[0].1.as_str())
}

/// The entries of a front matter list field.
fn list(text: &str, field: &str) -> Vec<String> {
    let Some(rest) = text.split(&format!("\n{field}:\n")).nth(1) else {
        return Vec::new();
    };
    rest.lines()
        .take_while(|l| l.starts_with("  - "))
        .map(|l| l.trim_start_matches("  - ").trim_matches('"').to_owned())
        .collect()
}

#[test]
fn a_backlog_md_project_becomes_items_once() {
    let dir = project();
    let base = dir.path();
    let source_before = tree(&base.join("project"));

    // A dry run writes nothing and names what it would write.
    let dry = import_into(base, "project", &["--dry-run", "--format", "short"]);
    let dry_out = text(&dry.stdout);
    assert!(items(&base.join("root")).is_empty(), "{dry_out}");
    let would: Vec<&str> = dry_out
        .lines()
        .filter(|l| l.starts_with("would write "))
        .collect();

    let first = import_into(base, "project", &["--format", "short"]);
    let out = text(&first.stdout);
    let err = text(&first.stderr);
    // The unknown status is an error: the exit code says so.
    assert_eq!(first.status.code(), Some(1), "{out}\n{err}");
    let wrote: Vec<&str> = out.lines().filter(|l| l.starts_with("wrote ")).collect();
    assert_eq!(wrote.len(), 7, "{out}");
    assert_eq!(
        would
            .iter()
            .map(|l| l.trim_start_matches("would write "))
            .collect::<Vec<_>>(),
        wrote
            .iter()
            .map(|l| l.trim_start_matches("wrote "))
            .collect::<Vec<_>>()
    );
    // Reported, with file:line:column, not guessed.
    assert!(
        err.contains("project/backlog/tasks/back-3 - Review.md:4:9: error: unknown status 'In Review'; the task was not imported"),
        "{err}"
    );
    assert!(
        err.contains("project/backlog/tasks/back-4 - Waits.md:7:5: warning: dependency 'BACK-3' names project/backlog/tasks/back-3 - Review.md, which is not imported"),
        "{err}"
    );
    assert!(
        err.contains("project/backlog/tasks/back-4 - Waits.md:8:5: warning: dependency 'task-99' names no task of the project"),
        "{err}"
    );
    assert!(
        err.contains("back-4 - Waits.md:5:11: warning: unknown priority 'urgent'"),
        "{err}"
    );
    for skipped in [
        "decisions/decision-1 - Use-Rust.md: a decision record",
        "docs/doc-1 - Guide.md: a document",
        "docs/readme.md: the folder's readme",
        "milestones/m-1 - release-one.md: a milestone",
    ] {
        assert!(out.contains(skipped), "{skipped}\n{out}");
    }
    #[cfg(unix)]
    assert!(
        out.contains("tasks/back-9 - Outside.md: a symbolic link leading outside the project"),
        "{out}"
    );
    assert!(
        err.contains(
            "wrote 7 items (3 proposed, 1 in-progress, 2 done, 1 dropped); 0 already imported"
        ),
        "{err}"
    );

    let root = base.join("root");
    let all = items(&root);
    assert_eq!(all.len(), 7, "{:?}", all.keys());
    assert!(
        all.keys()
            .all(|name| !name.contains("..") && !name.contains('/'))
    );

    let (setup, setup_text) = item_with_alias(&all, "back-1");
    let (board, board_text) = item_with_alias(&all, "back-2");
    let (columns, columns_text) = item_with_alias(&all, "back-2.01");
    let (_, waits_text) = item_with_alias(&all, "back-4");
    let (_, shipped_text) = item_with_alias(&all, "back-5");
    let (draft, draft_text) = item_with_alias(&all, "draft-1");
    let (_, old_text) = item_with_alias(&all, "archived-back-5");

    // Slugs from titles; the draft with the same title gets its alias added.
    assert_eq!(setup, "set-up-the-core-1-cli-more");
    assert_eq!(draft, "set-up-the-core-1-cli-more-draft-1");
    assert_eq!(board, "board-view");
    // Aliases: as written, as Backlog.md compares ids, and `task-N` since
    // this project's files still use the default prefix.
    assert_eq!(
        list(columns_text, "aliases"),
        ["back-2.01", "back-2.1", "task-2.1"]
    );
    assert_eq!(list(draft_text, "aliases"), ["draft-1"]);

    // Statuses by folder and word.
    for (text, status) in [
        (setup_text, "proposed"),
        (board_text, "in-progress"),
        (columns_text, "done"),
        (waits_text, "proposed"),
        (shipped_text, "done"),
        (draft_text, "proposed"),
        (old_text, "dropped"),
    ] {
        assert!(
            text.contains(&format!("\nstatus: {status}\n")),
            "{status}: {text}"
        );
    }
    // Dependencies: `task-1` (the old prefix), prefixed forms, a bare
    // zero-padded number; unresolvable ones left out.
    assert_eq!(list(board_text, "depends_on"), [setup]);
    assert_eq!(list(columns_text, "depends_on"), [board, setup]);
    assert_eq!(list(shipped_text, "depends_on"), [columns]);
    assert!(list(waits_text, "depends_on").is_empty(), "{waits_text}");
    // Labels, drafts, subtasks and milestones as tags; owner and priority.
    assert_eq!(
        list(setup_text, "tags"),
        ["cli", "setup", "milestone-release-one"]
    );
    assert_eq!(list(board_text, "tags"), ["ui", "milestone-later-things"]);
    assert_eq!(list(columns_text, "tags"), ["subtask-of-back-2"]);
    assert_eq!(list(draft_text, "tags"), ["idea", "draft"]);
    assert!(
        setup_text.contains("\nowner: \"@ana\"\n") && setup_text.contains("\npriority: high\n")
    );
    assert!(
        board_text.contains("\nowner: \"@bo, cy\"\n") && board_text.contains("\npriority: low\n")
    );
    // Bodies verbatim, acceptance criteria included.
    assert!(columns_text.ends_with(
        "---\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [x] #1 Columns show [[not-a-link]] as written\n<!-- AC:END -->\n"
    ));

    // The title reads back whole; aliases resolve in notes (`items:` and
    // `[[…]]`, ignoring case); explain shows the priority hint.
    let explain = run(&root, &["explain", "task-1", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&explain.stdout).expect("json");
    assert_eq!(json["id"], setup);
    assert_eq!(json["title"], QUOTED_TITLE);
    assert_eq!(json["priority"], "high");
    assert_eq!(json["users"]["people"].as_array().map(Vec::len), Some(1));
    let explain = run(&root, &["explain", "BACK-2"]);
    let shown = text(&explain.stdout);
    assert!(
        shown.contains("priority low (a hint; not part of the score)"),
        "{shown}"
    );
    assert!(shown.contains("also known as back-2, task-2"), "{shown}");

    // The backlog checks clean once ranked.
    let rank = run(&root, &["rank"]);
    assert_eq!(rank.status.code(), Some(0), "{}", text(&rank.stderr));
    let check = run(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));

    // Again: nothing new, each task named as imported.
    let before = tree(&root);
    let again = import_into(base, "project/backlog", &[]);
    let again_out = text(&again.stdout);
    assert!(!again_out.contains("wrote "), "{again_out}");
    assert_eq!(
        again_out.matches("already imported ").count(),
        7,
        "{again_out}"
    );
    assert_eq!(tree(&root), before);
    // Nothing in the project changed.
    assert_eq!(tree(&base.join("project")), source_before);
}

/// A task file written on Windows (CRLF), with control characters and YAML
/// syntax in its fields, a dependency naming nothing and an unknown priority.
#[test]
fn crlf_bodies_stay_verbatim_and_problems_show_their_line() {
    let crlf = "---\r\nid: task-1\r\ntitle: \"Fix: \\u001b[31mred\\nline # [x] *y*\"\r\nstatus: To Do\r\nlabels: [\"a: b\", \"=SUM(1)\"]\r\nassignee: [\"@ann\\u0007\"]\r\npriority: urgent\r\ndependencies: [task-404]\r\n---\r\n\r\n## Description\r\n\r\nKeep these\r\nline ends.\r\n";
    let dir = scratch(&[
        ("project/backlog/tasks/task-1 - Fix.md", crlf),
        ("root/rankdown.yaml", "as_of: 2026-11-01\n"),
    ]);
    let base = dir.path();
    let first = import_into(base, "project", &["--color", "never"]);
    let err = text(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "{err}");
    let root = base.join("root");
    let all = items(&root);
    let (_, item) = item_with_alias(&all, "task-1");
    // The body, byte for byte: its CRLF line ends kept.
    let body = crlf
        .split_once("\r\n---\r\n")
        .map(|(_, b)| b)
        .expect("body");
    assert!(item.ends_with(&format!("\n---\n{body}")), "{item:?}");
    // The fields are one line each, without control characters.
    assert!(
        item.starts_with("---\ntitle: \"Fix: [31mred line # [x] *y*\"\nstatus: proposed\n"),
        "{item:?}"
    );
    assert!(item.contains("\nowner: \"@ann\"\n"), "{item:?}");
    // Each problem shows the line of the Backlog.md file it is about.
    assert!(
        err.contains("warning[import-link]: dependency 'task-404' names no task of the project"),
        "{err}"
    );
    assert!(err.contains("dependencies: [task-404]"), "{err}");
    assert!(
        err.contains("warning[import-priority]: unknown priority 'urgent'"),
        "{err}"
    );
    assert!(err.contains("priority: urgent"), "{err}");
    assert!(
        err.contains("--> project/backlog/tasks/task-1 - Fix.md:8:16"),
        "{err}"
    );
    // The item loads and checks clean.
    assert!(run(&root, &["rank"]).status.success());
    let check = run(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
}

/// Titles and ids rankdown cannot spell in a file name (Japanese, only
/// punctuation) still give every task an item, under a visible name.
#[test]
fn titles_without_ascii_letters_still_name_their_items() {
    let dir = scratch(&[
        (
            "project/backlog/tasks/a.md",
            "---\nid: 日本\ntitle: 日本語のタスク\nstatus: To Do\n---\nA.\n",
        ),
        (
            "project/backlog/tasks/b.md",
            "---\nid: '???'\ntitle: '!!!'\nstatus: To Do\n---\nB.\n",
        ),
        (
            "project/backlog/tasks/c.md",
            "---\nid: task-3\ntitle: '---'\nstatus: To Do\n---\nC.\n",
        ),
        ("root/rankdown.yaml", "as_of: 2026-11-01\n"),
    ]);
    let base = dir.path();
    let first = import_into(base, "project", &[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let root = base.join("root");
    let all = items(&root);
    assert_eq!(all.len(), 3, "{:?}", all.keys());
    for name in all.keys() {
        let stem = name.trim_end_matches(".md");
        assert!(
            !stem.is_empty() && !stem.starts_with('.') && !stem.ends_with('-'),
            "{name}"
        );
    }
    // The task whose title has no letters is named by its id, once.
    assert_eq!(item_with_alias(&all, "task-3").0, "task-3-2");
    assert!(run(&root, &["rank"]).status.success());
    let list = run(&root, &["list", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(json["items"].as_array().map(Vec::len), Some(3), "{json}");
    let check = run(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    // Found again by their old ids.
    let again = import_into(base, "project", &[]);
    assert_eq!(
        text(&again.stdout).matches("already imported ").count(),
        3,
        "{}",
        text(&again.stdout)
    );
    assert_eq!(items(&root).len(), 3);
}

#[test]
fn milestones_become_goals_when_asked() {
    let dir = project();
    let base = dir.path();
    let first = import_into(base, "project", &["--milestones-as-goals"]);
    let out = text(&first.stdout);
    let root = base.join("root");
    let release = fs::read_to_string(root.join("goals/release-one.md")).expect("goal");
    assert!(
        release.starts_with("---\ntitle: Release One\n---\n"),
        "{release}"
    );
    assert!(root.join("goals/later-things.md").is_file(), "{out}");
    // A milestone no file holds is named, with the task that names it.
    assert!(
        out.contains("wrote root/goals/later-things.md (milestone 'Later Things' of project/backlog/tasks/back-2 - Board.md)"),
        "{out}"
    );
    let all = items(&root);
    let (_, setup) = item_with_alias(&all, "back-1");
    assert_eq!(list(setup, "goals"), ["release-one"]);
    assert_eq!(list(setup, "tags"), ["cli", "setup"]);
    assert!(run(&root, &["rank"]).status.success());
    let check = run(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    // The goals are found again, not written twice.
    let again = text(&import_into(base, "project", &["--milestones-as-goals"]).stdout);
    assert!(!again.contains("wrote "), "{again}");
    assert!(again.contains("as root/goals/release-one.md"), "{again}");
}

#[test]
fn an_alias_naming_another_item_is_an_error_at_its_line() {
    let dir = scratch(&[
        ("rankdown.yaml", "as_of: 2026-11-01\n"),
        ("items/a.md", "---\ntitle: A\naliases: [task-1]\n---\n"),
        (
            "items/b.md",
            "---\ntitle: B\naliases:\n  - x\n  - TASK-1\n  - A\n---\n",
        ),
        (
            "items/c.md",
            "---\ntitle: C\ndepends_on: [Task-1]\naliases: [bad alias]\n---\n",
        ),
    ]);
    let check = run(dir.path(), &["check", "--format", "short"]);
    let out = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{out}");
    assert!(
        out.contains("items/b.md:5:5: error: alias 'TASK-1' is already an alias of item 'a'"),
        "{out}"
    );
    assert!(
        out.contains("items/b.md:6:5: error: alias 'A' is already the id of item 'a'"),
        "{out}"
    );
    assert!(
        out.contains("items/c.md:4:11: error: 'bad alias' is not a usable alias"),
        "{out}"
    );
    // `Task-1` resolves to a through its alias: no unknown-item error.
    assert!(!out.contains("no item with id"), "{out}");
}

#[test]
fn a_folder_without_backlog_md_folders_is_refused() {
    let dir = scratch(&[
        ("rankdown.yaml", "as_of: 2026-11-01\n"),
        ("elsewhere/x.md", "x"),
    ]);
    let refused = run(dir.path(), &["import", "backlog-md", "elsewhere"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("not a Backlog.md project"));
}

/// The number of entries of `dependencies:` in a Backlog.md file's front
/// matter, flow or block style.
fn dependencies_in(text: &str) -> usize {
    let Some(front) = text
        .strip_prefix("---\n")
        .and_then(|t| t.split("\n---").next())
    else {
        return 0;
    };
    let mut lines = front.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(value) = line.strip_prefix("dependencies:") else {
            continue;
        };
        let value = value.trim();
        if let Some(flow) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            return flow.split(',').filter(|e| !e.trim().is_empty()).count();
        }
        let mut n = 0;
        while lines
            .peek()
            .is_some_and(|l| l.trim_start().starts_with("- "))
        {
            lines.next();
            n += 1;
        }
        return n;
    }
    0
}

/// The bytes after a file's front matter (after its second `---` line).
fn body_of(bytes: &[u8]) -> &[u8] {
    let mut offset = 0;
    for (n, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        offset += line.len();
        if n > 0 && line.trim_ascii_end() == b"---" {
            return &bytes[offset..];
        }
    }
    panic!("no front matter in {}", String::from_utf8_lossy(bytes));
}

#[test]
fn the_real_backlog_md_tasks_import_check_and_reimport() {
    let Some(corpora) = std::env::var_os("RANKDOWN_CORPUS") else {
        eprintln!("skipped: RANKDOWN_CORPUS unset");
        return;
    };
    let source = Path::new(&corpora).join("backlog.md-tasks");
    assert!(source.is_dir(), "{} is not a folder", source.display());
    let before = tree(&source);

    // What the project holds, read plainly.
    let task_folders = [
        "tasks",
        "completed",
        "drafts",
        "archive/tasks",
        "archive/drafts",
    ];
    let mut tasks = 0;
    let mut dependencies = 0;
    let mut numbers: Vec<String> = Vec::new();
    for (path, bytes) in &before {
        let in_task_folder = task_folders
            .iter()
            .any(|f| Path::new(path).parent() == Some(Path::new(f)));
        let name = Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        if !in_task_folder
            || !Path::new(path)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            || name.as_deref() == Some("readme.md")
        {
            continue;
        }
        tasks += 1;
        dependencies += dependencies_in(&text(bytes));
        if !path.starts_with("drafts") && !path.starts_with("archive/drafts") {
            let name = name.unwrap_or_default();
            let id = name.split(" - ").next().unwrap_or_default();
            numbers.push(
                id.split_once('-')
                    .map(|(_, n)| n.to_owned())
                    .unwrap_or_default(),
            );
        }
    }
    assert!(tasks > 600, "{tasks} task files");

    let work = tempfile::tempdir().expect("temp dir");
    let root = work.path().join("root");
    let init = run(work.path(), &["init", "root"]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let examples = items(&root).len();
    let shown = source.to_string_lossy().into_owned();
    let first = import_into(work.path(), &shown, &["--format", "short"]);
    let out = text(&first.stdout);
    let err = text(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "{err}");
    for line in err.lines().filter(|l| l.starts_with("wrote ")) {
        eprintln!("{line}");
    }
    for line in out.lines().filter(|l| l.starts_with("skipped ")) {
        eprintln!("{line}");
    }

    // Every task became an item, its body byte for byte.
    for line in out.lines().filter_map(|l| l.strip_prefix("wrote ")) {
        let (written, origin) = line.split_once(" (").expect("wrote PATH (ORIGIN)");
        let origin = origin.strip_suffix(')').expect("(ORIGIN)");
        let item = fs::read(work.path().join(written)).expect("item");
        let task = fs::read(origin).expect("task");
        assert_eq!(body_of(&item), body_of(&task), "{written} from {origin}");
    }
    let all = items(&root);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("wrote ")).count(),
        tasks
    );
    assert_eq!(all.len(), examples + tasks);

    // Every dependency is written as depends_on, or left out with a warning
    // only when no task file of the project carries its number.
    let written: usize = all.values().map(|t| list(t, "depends_on").len()).sum();
    let left_out: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("warning: dependency '"))
        .collect();
    assert_eq!(written + left_out.len(), dependencies, "{err}");
    for warning in &left_out {
        assert!(
            warning.contains("names no task of the project"),
            "{warning}"
        );
        let id = warning
            .split("dependency '")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .unwrap_or_default();
        let number = id.split_once('-').map_or(id, |(_, n)| n);
        assert!(
            !numbers.iter().any(|n| n == number),
            "{id} could have resolved: {warning}"
        );
    }
    eprintln!(
        "{tasks} tasks, {dependencies} dependencies: {written} resolved, {} naming no task",
        left_out.len()
    );

    // It checks clean once ranked.
    let rank = run(&root, &["rank"]);
    assert!(rank.status.success(), "{}", text(&rank.stderr));
    let check = run(&root, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));

    // Again: nothing new.
    let snapshot = tree(&root);
    let again = import_into(work.path(), &shown, &[]);
    assert!(again.status.success());
    assert!(!text(&again.stdout).contains("\nwrote "));
    assert!(!text(&again.stdout).starts_with("wrote "));
    assert_eq!(tree(&root), snapshot);

    // The project is as it was.
    assert_eq!(tree(&source), before);
}
