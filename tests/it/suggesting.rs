//! `suggest` and `link`: pinned suggestions on the sample backlog, and the
//! one edit rankdown makes to a note on request.

use std::path::Path;

use crate::support::rankdown;

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-backlog")
}

fn suggest_json(root: &Path, args: &[&str]) -> serde_json::Value {
    let out = rankdown()
        .arg("--root")
        .arg(root)
        .args(["suggest", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn best(doc: &serde_json::Value, note: &str) -> Option<String> {
    let found = doc["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .find(|n| n["path"] == note)
        .unwrap_or_else(|| panic!("{note} not in {doc}"));
    found["candidates"][0]["id"].as_str().map(str::to_owned)
}

#[test]
fn the_sample_inbox_gets_the_pinned_suggestions() {
    let doc = suggest_json(&sample(), &[]);
    assert_eq!(doc["notes"].as_array().expect("notes").len(), 8);
    // The review-latency notes fit no open item: nothing serves their goal.
    for note in [
        "feedback/chat/2026-07-21-aditya-kulkarni-review-wait.md",
        "feedback/mail/2026-04-30-hannah-schulz-review-latency.md",
    ] {
        assert_eq!(best(&doc, note), None, "{note}");
    }
    assert_eq!(
        best(
            &doc,
            "feedback/chat/2026-11-18-lucia-ferreira-feature-flags.md"
        )
        .as_deref(),
        Some("docs-stale-page-flags")
    );
}

#[test]
fn linked_notes_are_matched_back_to_their_items() {
    // Asked about notes that are linked already, suggest still finds their item first.
    let doc = suggest_json(
        &sample(),
        &[
            "feedback/forum/2026-06-16-noah-fischer-java-21.md",
            "feedback/chat/2026-04-10-jake-morrison-ios-queue.md",
            "feedback/tickets/devx-1644.md",
        ],
    );
    assert_eq!(
        best(&doc, "feedback/forum/2026-06-16-noah-fischer-java-21.md").as_deref(),
        Some("java-21-upgrade-path")
    );
    assert_eq!(
        best(&doc, "feedback/chat/2026-04-10-jake-morrison-ios-queue.md").as_deref(),
        Some("macos-runner-capacity")
    );
    assert_eq!(
        best(&doc, "feedback/tickets/devx-1644.md").as_deref(),
        Some("integration-test-db-isolation")
    );
    let candidate = &doc["notes"][0]["candidates"][0];
    assert!(candidate["score"].as_f64().expect("score") <= 100.0);
    assert!(!candidate["terms"].as_array().expect("terms").is_empty());
}

fn backlog(note: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("rankdown.yaml", "as_of: 2026-11-01\n");
    write(
        "items/ci-cache.md",
        "---\ntitle: Cache dependencies between CI runs\n---\nThe first build downloads every dependency again.\n",
    );
    write(
        "items/log-search.md",
        "---\ntitle: Search CI logs\n---\nFind the failing line in a long build log.\n",
    );
    write("feedback/a.md", note);
    dir
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    rankdown()
        .arg("--root")
        .arg(dir)
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn link_changes_only_the_items_field() {
    let note = "---\r\ndate: 2026-10-01 # the call\r\nitems:\r\n  - log-search   # asked first\r\nfrom: 'priya'\r\n---\r\nThe cache is cold every morning.\r\n";
    let dir = backlog(note);
    let out = run(
        dir.path(),
        &["link", "feedback/a.md", "ci-cache", "log-search"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "linked {}/feedback/a.md to ci-cache\n",
            dir.path().display()
        )
    );
    let text = std::fs::read_to_string(dir.path().join("feedback/a.md")).expect("read");
    assert_eq!(
        text,
        note.replace("# asked first\r\n", "# asked first\r\n  - ci-cache\r\n")
    );
    assert!(run(dir.path(), &["check"]).status.code() != Some(2));
}

#[test]
fn link_refuses_an_unknown_item_and_writes_nothing() {
    let note = "---\ndate: 2026-10-01\n---\nThe cache is cold.\n";
    let dir = backlog(note);
    let out = run(
        dir.path(),
        &["link", "feedback/a.md", "ci-cache", "ci-cahce"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean 'ci-cache'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("feedback/a.md")).expect("read");
    assert_eq!(text, note);
    let out = run(dir.path(), &["link", "feedback/nope.md", "ci-cache"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn suggest_apply_links_notes_above_the_threshold() {
    let note = "---\ndate: 2026-10-01\nitems: []\n---\nEvery first build downloads every dependency again: cache them.\n";
    let dir = backlog(note);
    let out = run(dir.path(), &["suggest", "--apply", "--min-score", "10"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("feedback/a.md to ci-cache\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = std::fs::read_to_string(dir.path().join("feedback/a.md")).expect("read");
    assert_eq!(text, note.replace("items: []", "items: [ci-cache]"));
    // Now linked, the note is no longer suggested for.
    let out = run(dir.path(), &["suggest"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
}

#[test]
fn a_note_below_the_threshold_says_no_item_fits() {
    let dir = backlog("---\ndate: 2026-10-01\n---\nPlease make the coffee machine faster.\n");
    let out = run(dir.path(), &["suggest", "--min-score", "50"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("feedback/a.md\n  no item fits\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_review_latency_notes_are_one_theme_next_to_the_goal_nothing_serves() {
    let out = rankdown()
        .arg("--root")
        .arg(sample())
        .args(["themes", "--format", "json"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let themes = doc["themes"].as_array().expect("themes");
    assert_eq!(themes.len(), 1, "{doc}");
    assert_eq!(
        themes[0]["notes"],
        serde_json::json!([
            "feedback/chat/2026-07-21-aditya-kulkarni-review-wait.md",
            "feedback/mail/2026-04-30-hannah-schulz-review-latency.md",
            "feedback/surveys/2026-q2/pulse-0139.md"
        ])
    );
    assert_eq!(themes[0]["goal"], "faster-code-review");
    assert_eq!(
        themes[0]["people"],
        serde_json::json!(["aditya-kulkarni", "hannah-schulz", "lucia-ferreira"])
    );
    let terms = themes[0]["terms"].as_array().expect("terms");
    assert!(terms.iter().any(|t| t == "review"), "{terms:?}");
}

#[test]
fn new_item_from_notes_drafts_an_item_and_links_the_notes() {
    let dir = backlog(
        "---\ndate: 2026-10-01\nfrom: ana\n---\nThe coffee machine on floor two is broken again.\n",
    );
    std::fs::write(
        dir.path().join("feedback/b.md"),
        "---\ndate: 2026-10-02\nfrom: ben # a comment\n---\nCoffee machine broken, floor two, third time.\n",
    )
    .expect("write");
    std::fs::create_dir_all(dir.path().join("goals")).expect("mkdir");
    std::fs::write(
        dir.path().join("goals/happy-office.md"),
        "---\ntitle: A working coffee machine on every floor\n---\n",
    )
    .expect("write");
    let out = run(
        dir.path(),
        &["new", "item", "--from-notes", "feedback/a.md", "b"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().expect("a path");
    let item = std::fs::read_to_string(first).expect("the new item");
    assert!(item.contains("goals: {happy-office: medium}"), "{item}");
    assert!(item.starts_with("---\ntitle: \"Draft: "), "{item}");
    let id = Path::new(first)
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let b = std::fs::read_to_string(dir.path().join("feedback/b.md")).expect("read");
    assert_eq!(
        b,
        format!(
            "---\ndate: 2026-10-02\nfrom: ben # a comment\nitems: [{id}]\n---\nCoffee machine broken, floor two, third time.\n"
        )
    );
    // Both notes are now linked: the rewritten backlog is valid.
    let out = run(dir.path(), &["rank"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
