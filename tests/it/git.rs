//! Output made before a commit passes `check` after it: PRIORITIES.md depends
//! on content only, never on the clock, the path or the commit.

use crate::support::GitRepo;

#[test]
fn output_made_before_a_commit_passes_check_after_it_and_in_a_clone() {
    let mut repo = GitRepo::new();
    repo.write("backlog/rankdown.yaml", "");
    repo.write(
        "backlog/goals/ci.md",
        "---\ntitle: Faster CI\nweight: 5\nhorizon: 3m\n---\n",
    );
    repo.write(
        "backlog/items/cache.md",
        "---\ntitle: Cache deps\ngoals: {ci: high}\neffort: S\n---\n",
    );
    repo.write(
        "backlog/items/logs.md",
        "---\ntitle: Log search\neffort: L\n---\n",
    );
    repo.write(
        "backlog/feedback/a.md",
        "---\nchannel: chat\ndate: 2026-01-01\nfrom: ana\n---\nCI is slow [[cache]], logs are lost [[logs]].\n",
    );

    // The hook's moment: generate before committing.
    let made = repo.run(&["--root", "backlog", "-q"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let before = std::fs::read(repo.dir.join("backlog/PRIORITIES.md")).expect("written");
    repo.commit("backlog");

    // CI's moment: check after the commit, and in a fresh clone at another
    // path, from a subfolder (the backlog is found upward).
    let checked = repo.run(&["check", "--root", "backlog"]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let clone = repo.clone_head();
    let in_clone = repo.run_in(&clone.join("backlog/items"), &["check"]);
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
    repo.write(
        "backlog/feedback/b.md",
        "---\nchannel: interview\ndate: 2026-01-05\nfrom: bo\n---\nLogs [[logs]].\n",
    );
    let stale = repo.run(&["check", "--root", "backlog"]);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(stderr.contains("PRIORITIES.md is out of date"), "{stderr}");
    assert!(stderr.contains("backlog/PRIORITIES.md:5:1"), "{stderr}");
    // Still as of 2026-01-01: the newest note's month has not changed.
    assert!(
        stderr.contains(
            "+As of **2026-01-01** (the month of the newest note) · model `evidence` (business + 1 × users, × confidence ÷ effort in person-weeks; feedback half-life 180 days) · 2 open items · 0 closed · 1 active goal · 2 feedback notes from 2 people"
        ),
        "{stderr}"
    );
}
