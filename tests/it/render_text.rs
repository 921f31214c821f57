//! The wording and alignment of rendered text: singular and plural, goal
//! progress, people without an org, and columns that hold with long ids.

use rankdown::render::terminal::width;

use crate::support::{self, rankdown, scratch};

const LONG_GOAL: &str = "a-goal-id-much-longer-than-twenty-eight-columns";

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("rankdown.yaml", "as_of: 2026-11-01\n"),
        (
            "goals/a-goal-id-much-longer-than-twenty-eight-columns.md",
            "---\ntitle: Long\nweight: 3\nbaseline: 10\ncurrent: 10.001\ntarget: 0\n---\n",
        ),
        ("goals/g.md", "---\ntitle: Short\n---\n"),
        (
            "items/one.md",
            "---\ntitle: One\ngoals: [a-goal-id-much-longer-than-twenty-eight-columns, g]\n---\n",
        ),
        (
            "feedback/a.md",
            "---\ndate: 2026-10-01\nfrom: ken\norg: garage\nitems: [one]\n---\nFirst.\n",
        ),
        (
            "feedback/b.md",
            "---\ndate: 2026-09-01\nfrom: ken\norg: garage\nitems: [one]\n---\nSecond.\n",
        ),
        (
            "feedback/c.md",
            "---\ndate: 2026-10-02\nfrom: 東京の長い名前の人ですよ\nitems: [one]\n---\nThird.\n",
        ),
    ]
}

#[test]
fn counts_read_right_in_the_singular_and_without_an_org() {
    let md = support::priorities(&support::load(&files()));
    assert!(!md.contains("-0%"), "{md}");
    assert!(md.contains("(0%)"), "{md}");
    assert!(md.contains(" · 2 people (garage, 1 with no org)\n"), "{md}");
    assert!(
        md.contains("- Heard from 2 people: in garage, and 1 with no org"),
        "{md}"
    );

    let dir = scratch(&files());
    let out = rankdown()
        .arg("--root")
        .arg(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("(1 ranked item)"), "{stderr}");

    let out = rankdown()
        .arg("--root")
        .arg(dir.path())
        .args(["explain", "one"])
        .output()
        .expect("runs");
    let explain = String::from_utf8_lossy(&out.stdout);
    assert!(explain.contains("(+1 weaker note)"), "{explain}");
}

#[test]
fn explain_columns_hold_with_long_ids_and_wide_names() {
    let dir = scratch(&files());
    let out = rankdown()
        .arg("--root")
        .arg(dir.path())
        .args(["explain", "one"])
        .output()
        .expect("runs");
    let explain = String::from_utf8_lossy(&out.stdout);
    // Every value (after " = ") and every total ends at the same column
    // within its table.
    let tables: Vec<&str> = explain.split("\n\n").collect();
    let business = tables
        .iter()
        .find(|t| t.starts_with("Business"))
        .expect("business table");
    let users = tables
        .iter()
        .find(|t| t.starts_with("Users"))
        .expect("users table");
    assert!(business.contains(LONG_GOAL), "{explain}");
    for table in [business, users] {
        let ends: Vec<usize> = table
            .lines()
            .skip(1)
            .filter(|l| l.contains(" = ") || l.trim_start().starts_with(['b', 'u']))
            .map(width)
            .collect();
        assert!(ends.len() >= 2, "{table}");
        assert!(ends.iter().all(|&e| e == ends[0]), "{ends:?}\n{table}");
    }
}
