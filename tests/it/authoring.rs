//! `rankdown init` and `rankdown new`: files that pass `check` as created,
//! and never an overwritten file.

use std::path::Path;
use std::process::Output;

use rankdown::backlog;
use rankdown::config::Config;
use rankdown::date::Date;
use rankdown::source::WorkTree;

use crate::support::rankdown;

fn run(dir: &Path, args: &[&str]) -> Output {
    rankdown()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file below `dir`, root-relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walks"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Today in UTC, the way a test can know it: either side of a run.
fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    Date::from_days(i32::try_from(seconds / 86_400).expect("fits"))
}

fn assert_valid(root: &Path) {
    let loaded = backlog::load(
        &WorkTree::new(root).expect("root"),
        rankdown::parse::Bodies::Keep,
    )
    .expect("loads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
}

#[test]
fn init_creates_a_backlog_that_passes_check() {
    let temp = tempfile::tempdir().expect("temp dir");
    let before = today();
    let out = run(temp.path(), &["init", "team/backlog"]);
    let after = today();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let root = temp.path().join("team/backlog");
    let created: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(created.len(), 6, "{created:?}");
    assert_eq!(created[0], "team/backlog/rankdown.yaml");
    assert_eq!(created[5], "team/backlog/PRIORITIES.md");
    for path in &created {
        assert!(temp.path().join(path).is_file(), "{path}");
    }
    let note = created
        .iter()
        .find(|p| p.contains("/feedback/"))
        .expect("a note");
    assert!(
        [before, after]
            .iter()
            .any(|d| note.contains(&format!("feedback/{d}-"))),
        "{note}"
    );
    let files = tree(&root);
    for folder in ["goals/", "items/", "feedback/"] {
        assert_eq!(
            files.iter().filter(|f| f.starts_with(folder)).count(),
            1,
            "{files:?}"
        );
    }
    assert!(files.contains(&"vision.md".to_owned()), "{files:?}");

    let config = std::fs::read_to_string(root.join("rankdown.yaml")).expect("reads");
    let (parsed, diagnostics) = Config::parse(&config, "rankdown.yaml");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(parsed, Config::default());

    assert_valid(&root);
    let check = run(temp.path(), &["check", "--root", "team/backlog"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let priorities = std::fs::read_to_string(root.join("PRIORITIES.md")).expect("reads");
    assert!(priorities.contains("[Guide new users through setup]"));
    assert!(priorities.contains("I gave up at the third setup step"));
}

#[test]
fn init_defaults_to_the_current_directory_and_can_be_quiet() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = run(temp.path(), &["init", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");
    assert!(temp.path().join("rankdown.yaml").is_file());
    let check = run(temp.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn init_never_overwrites_and_then_writes_nothing() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(temp.path().join("items")).expect("mkdir");
    let mine = "---\ntitle: Mine\n---\n";
    std::fs::write(temp.path().join("items/guided-setup.md"), mine).expect("write");
    let out = run(temp.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("items/guided-setup.md: already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(temp.path()), vec!["items/guided-setup.md"]);
    assert_eq!(
        std::fs::read_to_string(temp.path().join("items/guided-setup.md")).expect("reads"),
        mine
    );

    // A second init over a first one changes nothing either.
    let other = tempfile::tempdir().expect("temp dir");
    assert!(run(other.path(), &["init", "-q"]).status.success());
    let first = tree(other.path());
    std::fs::write(other.path().join("PRIORITIES.md"), "hand-edited").expect("write");
    let again = run(other.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("rankdown.yaml"),
        "{}",
        stderr(&again)
    );
    assert_eq!(tree(other.path()), first);
    assert_eq!(
        std::fs::read_to_string(other.path().join("PRIORITIES.md")).expect("reads"),
        "hand-edited"
    );
}

#[test]
fn new_creates_valid_files_where_the_config_says() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    std::fs::write(
        root.join("rankdown.yaml"),
        "folders: {items: work/items, goals: aims}\n",
    )
    .expect("write");
    std::fs::create_dir_all(root.join("work/items")).expect("mkdir");

    let item = run(
        &root.join("work/items"),
        &[
            "new",
            "item",
            "--title",
            "Fix: São Paulo's \"cold\" cache #2",
        ],
    );
    assert_eq!(item.status.code(), Some(0), "{}", stderr(&item));
    // Relative to the current directory, like every path rankdown prints.
    assert_eq!(
        stdout(&item),
        "../../work/items/fix-sao-paulo-s-cold-cache-2.md\n"
    );
    let text = std::fs::read_to_string(root.join("work/items/fix-sao-paulo-s-cold-cache-2.md"))
        .expect("created");
    assert!(text.starts_with("---\ntitle: "), "{text}");

    let goal = run(root, &["new", "goal", "--title", "Grow revenue"]);
    assert_eq!(goal.status.code(), Some(0), "{}", stderr(&goal));
    assert_eq!(stdout(&goal), "aims/grow-revenue.md\n");

    let before = today();
    let note = run(
        root,
        &[
            "new",
            "feedback",
            "--channel",
            "interview",
            "--from",
            "Priya Raman",
        ],
    );
    let after = today();
    assert_eq!(note.status.code(), Some(0), "{}", stderr(&note));
    let path = stdout(&note).trim().to_owned();
    assert!(
        [before, after]
            .iter()
            .any(|d| path == format!("feedback/{d}-priya-raman-interview.md")),
        "{path}"
    );
    let text = std::fs::read_to_string(root.join(&path)).expect("created");
    assert!(text.contains("\nfrom: Priya Raman "), "{text}");
    assert!(text.contains("\nchannel: interview "), "{text}");

    let titled = run(
        root,
        &["new", "feedback", "--title", "Town hall", "--root", "."],
    );
    assert_eq!(titled.status.code(), Some(0), "{}", stderr(&titled));
    assert!(stdout(&titled).trim().ends_with("-town-hall.md"));

    assert_valid(root);
    let loaded = backlog::load(
        &WorkTree::new(root).expect("root"),
        rankdown::parse::Bodies::Keep,
    )
    .expect("loads");
    assert_eq!(loaded.items[0].title, "Fix: São Paulo's \"cold\" cache #2");
    assert_eq!(loaded.goals[0].title, "Grow revenue");
    assert_eq!(loaded.feedback.len(), 2);
}

#[test]
fn new_refuses_to_overwrite_or_reuse_an_id() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    std::fs::write(root.join("rankdown.yaml"), "").expect("write");
    std::fs::create_dir_all(root.join("items")).expect("mkdir");
    let mine = "---\ntitle: Mine\n---\nMy words.\n";
    std::fs::write(root.join("items/cache.md"), mine).expect("write");
    std::fs::write(
        root.join("items/other.md"),
        "---\nid: log-search\ntitle: Logs\n---\n",
    )
    .expect("write");

    let out = run(root, &["new", "item", "--title", "Cache"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("items/cache.md: already exists"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("items/cache.md")).expect("reads"),
        mine
    );

    let out = run(root, &["new", "item", "--title", "Log search"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already used by items/other.md"),
        "{}",
        stderr(&out)
    );
    assert!(!root.join("items/log-search.md").exists());
    assert_eq!(tree(root).len(), 3);
}

#[test]
fn new_rejects_bad_input_and_writes_nothing() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    std::fs::write(root.join("rankdown.yaml"), "").expect("write");
    for args in [
        &["new", "item", "--title", "日本"][..],
        &["new", "item", "--title", " -- "],
        &["new", "item"],
        &["new", "feedback", "--channel", "phone"],
        &["new", "goal", "--title", "G", "--from", "priya"],
        &["new", "widget", "--title", "W"],
    ] {
        let out = run(root, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    assert_eq!(tree(root), vec!["rankdown.yaml"]);

    let nowhere = tempfile::tempdir().expect("temp dir");
    let out = run(nowhere.path(), &["new", "item", "--title", "X"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no rankdown.yaml"),
        "{}",
        stderr(&out)
    );
    assert!(tree(nowhere.path()).is_empty());
}

#[test]
fn a_second_note_of_the_same_day_gets_the_next_free_name() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    std::fs::write(root.join("rankdown.yaml"), "").expect("write");
    let args = ["new", "feedback", "--from", "tom", "--channel", "chat"];
    let mut paths = Vec::new();
    for _ in 0..3 {
        let out = run(root, &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        paths.push(stdout(&out).trim().to_owned());
    }
    let first = paths[0].strip_suffix(".md").expect("a note");
    assert!(first.ends_with("-tom-chat"), "{first}");
    assert_eq!(
        paths[1..],
        [format!("{first}-2.md"), format!("{first}-3.md")],
        "{paths:?}"
    );
    // A note that already took a numbered name (by file or by `id:`) is skipped.
    let mine = "---\nid: x\ndate: 2026-01-01\n---\nMine.\n";
    std::fs::write(root.join(format!("{first}-4.md")), mine).expect("write");
    std::fs::write(
        root.join("feedback/other.md"),
        format!(
            "---\nid: {}-5\ndate: 2026-01-01\n---\n",
            first.trim_start_matches("feedback/")
        ),
    )
    .expect("write");
    let out = run(root, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("{first}-6.md"));
    assert_eq!(
        std::fs::read_to_string(root.join(format!("{first}-4.md"))).expect("reads"),
        mine
    );
    assert_valid(root);
}
