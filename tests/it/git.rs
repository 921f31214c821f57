//! Output made before a commit passes `check` after it: PRIORITIES.md depends
//! on content only, never on the clock, the path or the commit.

use std::path::Path;
use std::process::Command;

use crate::support::rankdown;

fn git(dir: &Path, home: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("HOME", home)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2026-01-02T03:04:05Z")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("has parent")).expect("mkdir");
    std::fs::write(full, text).expect("write");
}

#[test]
fn output_made_before_a_commit_passes_check_after_it_and_in_a_clone() {
    let temp = tempfile::tempdir().expect("temp dir");
    let home = temp.path().join("home");
    let repo = temp.path().join("repo");
    std::fs::create_dir_all(&home).expect("mkdir");
    std::fs::create_dir_all(&repo).expect("mkdir");
    write(&repo, "backlog/rankdown.yaml", "");
    write(
        &repo,
        "backlog/goals/ci.md",
        "---\ntitle: Faster CI\nweight: 5\nhorizon: 3m\n---\n",
    );
    write(
        &repo,
        "backlog/items/cache.md",
        "---\ntitle: Cache deps\ngoals: {ci: high}\neffort: S\n---\n",
    );
    write(
        &repo,
        "backlog/items/logs.md",
        "---\ntitle: Log search\neffort: L\n---\n",
    );
    write(
        &repo,
        "backlog/feedback/a.md",
        "---\nchannel: chat\ndate: 2026-01-01\nfrom: ana\n---\nCI is slow [[cache]], logs are lost [[logs]].\n",
    );
    git(&repo, &home, &["init", "-q", "-b", "main"]);

    // The hook's moment: generate before committing.
    let made = rankdown()
        .args(["--root", "backlog", "-q"])
        .current_dir(&repo)
        .output()
        .expect("runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let before = std::fs::read(repo.join("backlog/PRIORITIES.md")).expect("written");

    git(&repo, &home, &["add", "-A"]);
    git(&repo, &home, &["commit", "-q", "-m", "backlog"]);

    // CI's moment: check after the commit, and in a fresh clone at another path.
    let checked = rankdown()
        .args(["check", "--root", "backlog"])
        .current_dir(&repo)
        .output()
        .expect("runs");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let clone = temp.path().join("elsewhere/clone");
    git(
        temp.path(),
        &home,
        &[
            "clone",
            "-q",
            repo.to_str().expect("utf-8"),
            clone.to_str().expect("utf-8"),
        ],
    );
    let in_clone = rankdown()
        .args(["check"])
        .current_dir(clone.join("backlog/items"))
        .output()
        .expect("runs");
    assert!(
        in_clone.status.success(),
        "{}",
        String::from_utf8_lossy(&in_clone.stderr)
    );
    assert_eq!(
        std::fs::read(clone.join("backlog/PRIORITIES.md")).expect("cloned"),
        before
    );

    // A new note after the commit makes the committed output stale.
    write(
        &repo,
        "backlog/feedback/b.md",
        "---\nchannel: interview\ndate: 2026-01-05\nfrom: bo\n---\nLogs [[logs]].\n",
    );
    let stale = rankdown()
        .args(["check", "--root", "backlog"])
        .current_dir(&repo)
        .output()
        .expect("runs");
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(stderr.contains("PRIORITIES.md is out of date"), "{stderr}");
    assert!(stderr.contains("backlog/PRIORITIES.md:5:1"), "{stderr}");
    assert!(stderr.contains("+As of **2026-01-05**"), "{stderr}");
}
