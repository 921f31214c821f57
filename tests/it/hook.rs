//! The plain git pre-commit hook: it ranks the staged content, so the
//! committed PRIORITIES.md always matches the commit.

use std::path::Path;

use crate::support::GitRepo;

const CONFIG: &str = "";
const GOAL: &str = "---\ntitle: Faster CI\nweight: 5\nhorizon: 3m\n---\n";
const ITEM_A: &str = "---\ntitle: Cache deps\ngoals: {ci: high}\n---\n";
const ITEM_B: &str = "---\ntitle: Log search\neffort: S\n---\n";

fn backlog(repo: &GitRepo) {
    repo.write("backlog/rankdown.yaml", CONFIG);
    repo.write("backlog/goals/ci.md", GOAL);
    repo.write("backlog/items/a.md", ITEM_A);
    repo.write("backlog/items/b.md", ITEM_B);
}

fn note(item: &str) -> String {
    format!("---\nchannel: interview\ndate: 2026-01-05\nfrom: ana\n---\nIt hurts [[{item}]].\n")
}

/// The committed PRIORITIES.md passes `check` in a fresh clone of HEAD: it
/// is exactly what the committed content ranks to.
fn assert_head_is_consistent(repo: &GitRepo) {
    let clone = repo.clone_head();
    let out = repo.run_in(&clone, &["check", "--root", "backlog"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn install(repo: &GitRepo, args: &[&str]) -> std::process::Output {
    let mut all = vec!["hook", "install", "--root", "backlog"];
    all.extend_from_slice(args);
    repo.run(&all)
}

#[test]
fn a_commit_of_a_new_note_carries_the_matching_priorities() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    let out = repo.run(&["--root", "backlog", "-q"]);
    assert!(out.status.success());
    repo.commit("backlog");
    let out = install(&repo, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hook = repo.dir.join(".git/hooks/pre-commit");
    assert!(
        std::fs::read_to_string(&hook)
            .expect("hook")
            .contains("rankdown pre-commit hook")
    );

    repo.write("backlog/feedback/ana.md", &note("b"));
    repo.git(&["add", "backlog/feedback/ana.md"]);
    repo.git(&["commit", "-q", "-m", "feedback"]);
    let files = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(
        files.contains("backlog/PRIORITIES.md"),
        "the hook staged it: {files}"
    );
    assert_head_is_consistent(&repo);
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "",
        "nothing left behind"
    );
}

#[test]
fn a_partially_staged_note_ranks_as_staged_not_as_edited() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    repo.run(&["--root", "backlog", "-q"]);
    repo.commit("backlog");
    assert!(install(&repo, &[]).status.success());

    // Staged: the note speaks of b. In the work tree it then speaks of a.
    repo.write("backlog/feedback/ana.md", &note("b"));
    repo.git(&["add", "backlog/feedback/ana.md"]);
    repo.write("backlog/feedback/ana.md", &note("a"));
    repo.git(&["commit", "-q", "-m", "feedback about b"]);

    assert_head_is_consistent(&repo);
    let committed = repo.git(&["show", "HEAD:backlog/PRIORITIES.md"]);
    let row = |id: &str| {
        committed
            .lines()
            .find(|l| l.contains(&format!("(items/{id}.md)")) && l.starts_with("1. ["))
            .map(str::to_owned)
    };
    let b = row("b").expect("b ranked");
    assert!(
        b.contains(" · 1 person (") || b.ends_with(" · 1 person"),
        "b has ana's evidence: {b}"
    );
    let a = row("a").expect("a ranked");
    assert!(
        !a.contains(" person") && !a.contains(" people"),
        "a has none in the commit: {a}"
    );
    // The work tree keeps the unstaged edit.
    assert_eq!(
        repo.git(&["status", "--porcelain"]),
        "M backlog/feedback/ana.md"
    );
}

#[test]
fn commit_all_uses_the_index_git_commits_from() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    repo.write("backlog/feedback/ana.md", &note("b"));
    repo.run(&["--root", "backlog", "-q"]);
    repo.commit("backlog");
    assert!(install(&repo, &[]).status.success());
    // `commit -a` commits from a temporary index (GIT_INDEX_FILE).
    repo.write("backlog/feedback/ana.md", &note("a"));
    repo.git(&["commit", "-q", "-a", "-m", "now about a"]);
    assert_head_is_consistent(&repo);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn invalid_staged_content_stops_the_commit() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    repo.run(&["--root", "backlog", "-q"]);
    repo.commit("backlog");
    assert!(install(&repo, &[]).status.success());
    let head = repo.git(&["rev-parse", "HEAD"]);
    repo.write("backlog/items/c.md", "---\ntitle: C\ngaols: [ci]\n---\n");
    repo.git(&["add", "-A"]);
    let out = repo.git_status(&["commit", "-q", "-m", "broken"]);
    assert!(!out.status.success(), "the hook refused the commit");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field 'gaols'"));
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head);
}

#[test]
fn install_respects_hooks_path_foreign_hooks_and_uninstall() {
    let repo = GitRepo::new();
    backlog(&repo);
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    let dir = repo.dir.join(".githooks");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("pre-commit"), "#!/bin/sh\necho theirs\n").expect("write");

    let refused = install(&repo, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not rankdown's hook"));
    assert_eq!(read(&dir.join("pre-commit")), "#!/bin/sh\necho theirs\n");

    assert!(install(&repo, &["--force"]).status.success());
    assert!(read(&dir.join("pre-commit")).contains("rankdown pre-commit hook"));
    assert_eq!(
        read(&dir.join("pre-commit.rankdown-backup")),
        "#!/bin/sh\necho theirs\n"
    );
    assert!(
        !repo.dir.join(".git/hooks/pre-commit").exists(),
        "core.hooksPath wins"
    );

    let removed = repo.run(&["hook", "uninstall", "--root", "backlog"]);
    assert!(removed.status.success());
    assert_eq!(
        read(&dir.join("pre-commit")),
        "#!/bin/sh\necho theirs\n",
        "backup restored"
    );
    let again = repo.run(&["hook", "uninstall", "--root", "backlog"]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "a foreign hook is never removed"
    );
}

#[test]
fn hook_commands_need_a_repository() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::write(temp.path().join("rankdown.yaml"), "").expect("write");
    let out = crate::support::rankdown()
        .args(["hook", "install", "--root"])
        .arg(temp.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            temp.path().parent().expect("parent"),
        )
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read")
}

#[test]
fn a_global_hooks_path_is_refused_without_the_flag() {
    let repo = GitRepo::new();
    backlog(&repo);
    let shared = repo.home.join("shared-hooks");
    let shared_text = shared.to_str().expect("utf-8");
    repo.git(&["config", "--global", "core.hooksPath", shared_text]);

    let refused = install(&repo, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("outside this repository") && message.contains("--global-hooks"),
        "{message}"
    );
    assert!(!shared.join("pre-commit").exists(), "nothing written");

    let allowed = install(&repo, &["--global-hooks"]);
    assert!(
        allowed.status.success(),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    assert!(shared.join("pre-commit").is_file());
    let refused = repo.run(&["hook", "uninstall"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(shared.join("pre-commit").is_file());
    assert!(
        repo.run(&["hook", "uninstall", "--global-hooks"])
            .status
            .success()
    );
    assert!(!shared.join("pre-commit").exists());
}

#[test]
fn only_the_exact_hook_rankdown_wrote_is_its_own() {
    let repo = GitRepo::new();
    backlog(&repo);
    assert!(install(&repo, &[]).status.success());
    let hook = repo.dir.join(".git/hooks/pre-commit");
    let ours = read(&hook);
    // Installing again over its own hook needs no --force and keeps no backup.
    assert!(install(&repo, &[]).status.success());
    assert!(
        !repo
            .dir
            .join(".git/hooks/pre-commit.rankdown-backup")
            .exists()
    );

    // A hook that merely carries the marker line, or ours edited by a person.
    let mentions = "#!/bin/sh\n# rankdown pre-commit hook\nmake lint\n".to_owned();
    let edited = ours.replacen("exec ", "make lint && exec ", 1);
    assert_ne!(edited, ours);
    for theirs in [mentions, edited] {
        std::fs::write(&hook, &theirs).expect("write");
        let out = repo.run(&["hook", "uninstall"]);
        assert_eq!(out.status.code(), Some(2), "{theirs}");
        assert_eq!(read(&hook), theirs, "never removed");
        let out = install(&repo, &[]);
        assert_eq!(out.status.code(), Some(2), "{theirs}");
        assert_eq!(read(&hook), theirs, "never overwritten");
    }
}

#[test]
fn uninstall_needs_no_backlog() {
    let repo = GitRepo::new();
    backlog(&repo);
    assert!(install(&repo, &[]).status.success());
    // From the repository root, which holds no rankdown.yaml.
    let out = repo.run(&["hook", "uninstall"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!repo.dir.join(".git/hooks/pre-commit").exists());
}

#[test]
fn a_commit_staging_nothing_of_the_backlog_is_left_alone() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    repo.run(&["--root", "backlog", "-q"]);
    // PRIORITIES.md is stale in HEAD: a note was committed without it.
    repo.write("backlog/feedback/ana.md", &note("b"));
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "-m", "backlog", "--no-verify"]);
    repo.commits += 1;
    assert!(install(&repo, &[]).status.success());
    let stale = read(&repo.dir.join("backlog/PRIORITIES.md"));

    // Nothing staged: the commit stops as git says, and nothing is staged.
    let out = repo.git_status(&["commit", "-q", "-m", "nothing"]);
    assert!(!out.status.success());
    assert_eq!(repo.git(&["diff", "--cached", "--name-only"]), "");
    assert_eq!(read(&repo.dir.join("backlog/PRIORITIES.md")), stale);

    // An unrelated file: committed alone, PRIORITIES.md untouched.
    repo.write("src/main.c", "int main(void) { return 0; }\n");
    repo.git(&["add", "src/main.c"]);
    repo.git(&["commit", "-q", "-m", "code"]);
    let files = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files, "src/main.c");

    // A backlog change: the ranking is brought up to date with it.
    repo.write("backlog/items/c.md", "---\ntitle: C\n---\n");
    repo.git(&["add", "backlog/items/c.md"]);
    repo.git(&["commit", "-q", "-m", "item c"]);
    let files = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.contains("backlog/PRIORITIES.md"), "{files}");
    assert_head_is_consistent(&repo);
}

#[test]
fn a_sparse_index_ranks_the_collapsed_folders_too() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    repo.write("backlog/feedback/ana.md", &note("b"));
    repo.run(&["--root", "backlog", "-q"]);
    repo.commit("backlog");
    repo.git(&["sparse-checkout", "init", "--cone", "--sparse-index"]);
    repo.git(&["sparse-checkout", "set", "--sparse-index", "backlog/goals"]);
    let index = repo.git(&["ls-files", "--sparse", "backlog"]);
    assert!(
        index.lines().any(|l| l == "backlog/feedback/"),
        "collapsed in the index: {index}"
    );
    assert!(!repo.dir.join("backlog/items/a.md").exists());
    assert!(install(&repo, &[]).status.success());

    repo.write(
        "backlog/goals/ci.md",
        &GOAL.replace("weight: 5", "weight: 4"),
    );
    repo.git(&["add", "backlog/goals/ci.md"]);
    repo.git(&["commit", "-q", "-m", "weight 4"]);
    let committed = repo.git(&["show", "HEAD:backlog/PRIORITIES.md"]);
    for id in ["a", "b"] {
        assert!(
            committed.contains(&format!("(items/{id}.md)")),
            "item {id} is ranked: {committed}"
        );
    }
    repo.git(&["sparse-checkout", "disable"]);
    assert_head_is_consistent(&repo);
}

#[test]
fn a_commit_of_people_yaml_alone_carries_the_matching_priorities() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    repo.write("backlog/feedback/ana.md", &note("b"));
    repo.write(
        "backlog/feedback/mail.md",
        "---\nchannel: mail\ndate: 2026-01-06\nfrom: ana@acme.test\n---\nStill [[b]].\n",
    );
    repo.run(&["--root", "backlog", "-q"]);
    repo.commit("backlog");
    let before = read(&repo.dir.join("backlog/PRIORITIES.md"));
    assert!(install(&repo, &[]).status.success());

    // The two notes are one person from now on: the ranking changes with it.
    repo.write(
        "backlog/people.yaml",
        "- key: ana\n  org: Acme\n  aliases: [ana@acme.test]\n",
    );
    repo.git(&["add", "backlog/people.yaml"]);
    repo.git(&["commit", "-q", "-m", "people"]);
    let files = repo.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.contains("backlog/PRIORITIES.md"), "{files}");
    assert_ne!(read(&repo.dir.join("backlog/PRIORITIES.md")), before);
    assert_head_is_consistent(&repo);
}

/// A staged blob over 64 MiB (the most `max_file_bytes` may be) is never
/// inflated: the handles that read blobs refuse it, and it is reported as
/// too large, as a file on disk would be, not as a git error.
#[test]
fn a_staged_blob_past_every_limit_is_reported_too_large() {
    let mut repo = GitRepo::new();
    backlog(&repo);
    repo.commit("Start");
    let mut big = String::from("---\ntitle: Big\n---\n");
    big.push_str(&"x".repeat(64 * 1024 * 1024 + 1024));
    repo.write("backlog/items/big.md", &big);
    drop(big);
    repo.git(&["add", "backlog/items/big.md"]);
    let out = repo.run(&["hook", "run", "--root", "backlog"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("too-large") && stderr.contains("backlog/items/big.md"),
        "{stderr}"
    );
}
