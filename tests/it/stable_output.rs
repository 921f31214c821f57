//! A change of priority is a small diff of PRIORITIES.md: moving one item, or
//! adding one note, on a copy of `sample-backlog/` changes only the lines
//! about that item (README.md, docs/formats.md), and the as-of date moves
//! once a month, not with every note (docs/ranking.md).

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::support::{self, copy_dir, rankdown};

/// A copy of the sample backlog in a temp dir, with its PRIORITIES.md.
struct Sample {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Sample {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("sample");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-backlog"),
            &root,
        );
        Self { _dir: dir, root }
    }

    /// Ranks the backlog and returns the PRIORITIES.md it wrote.
    fn rank(&self) -> String {
        let out = rankdown()
            .arg("--root")
            .arg(&self.root)
            .arg("-q")
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(self.root.join("PRIORITIES.md")).expect("written")
    }

    /// The rank of an open item, from `list --format json`.
    fn rank_of(&self, id: &str) -> u64 {
        let out = rankdown()
            .arg("--root")
            .arg(&self.root)
            .args(["list", "--format", "json"])
            .output()
            .expect("runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["id"] == id)
            .and_then(|i| i["rank"].as_u64())
            .expect("ranked")
    }

    /// Sets a front matter field of a file, replacing its line.
    fn set(&self, path: &str, key: &str, value: &str) {
        let file = self.root.join(path);
        let text = std::fs::read_to_string(&file).expect("read");
        let prefix = format!("{key}:");
        assert!(text.lines().any(|l| l.starts_with(&prefix)), "{path}");
        let edited: String = text
            .lines()
            .map(|l| {
                if l.starts_with(&prefix) {
                    format!("{key}: {value}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(file, edited).expect("write");
    }

    fn write(&self, path: &str, text: &str) {
        std::fs::write(self.root.join(path), text).expect("write");
    }
}

/// The lines of a diff from `old` to `new`, each with the `## ` section of
/// PRIORITIES.md it belongs to (empty for the header).
fn changed_lines(old: &str, new: &str) -> Vec<(String, String)> {
    let sections = |text: &str| -> Vec<String> {
        let mut current = String::new();
        text.lines()
            .map(|l| {
                if let Some(heading) = l.strip_prefix("## ") {
                    heading.clone_into(&mut current);
                }
                current.clone()
            })
            .collect()
    };
    let (old_sections, new_sections) = (sections(old), sections(new));
    let (old_lines, new_lines): (Vec<&str>, Vec<&str>) =
        (old.lines().collect(), new.lines().collect());
    let diff = similar::TextDiff::from_lines(old, new);
    let mut changed = Vec::new();
    for op in diff.ops() {
        for change in diff.iter_changes(op) {
            match change.tag() {
                similar::ChangeTag::Equal => {}
                similar::ChangeTag::Delete => {
                    let at = change.old_index().expect("old line");
                    changed.push((old_sections[at].clone(), format!("-{}", old_lines[at])));
                }
                similar::ChangeTag::Insert => {
                    let at = change.new_index().expect("new line");
                    changed.push((new_sections[at].clone(), format!("+{}", new_lines[at])));
                }
            }
        }
    }
    changed
}

/// Asserts that a diff touches only the lines about `id`, outside the parts
/// that are about the top items: exactly two lines of the ranking (its old
/// and new place), at most one line per goal it serves, at most two points
/// of the chart, nothing else but the "why" sections.
fn assert_only_about(id: &str, goals: usize, changed: &[(String, String)]) {
    let shown = || {
        changed
            .iter()
            .map(|(s, l)| format!("[{s}] {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let link = format!("(items/{id}.md)");
    let in_section = |name: &str| -> Vec<&String> {
        changed
            .iter()
            .filter(|(s, _)| s == name)
            .map(|(_, l)| l)
            .collect()
    };
    let ranking = in_section("Ranking");
    assert_eq!(ranking.len(), 2, "{}", shown());
    assert!(ranking[0].starts_with('-') != ranking[1].starts_with('-'));
    assert!(ranking.iter().all(|l| l.contains(&link)), "{}", shown());

    let coverage = in_section("Goal coverage");
    assert!(coverage.len() <= 2 * goals, "{}", shown());
    assert!(coverage.iter().all(|l| l.contains(id)), "{}", shown());

    assert!(in_section("Value versus effort").len() <= 2, "{}", shown());
    for (section, line) in changed {
        assert!(
            ["Ranking", "Goal coverage", "Value versus effort"].contains(&section.as_str())
                || section.starts_with("Why the top "),
            "a line outside the item's parts changed: [{section}] {line}\n{}",
            shown()
        );
    }
}

#[test]
fn moving_one_item_changes_only_its_own_lines() {
    // (file, field, value, goals the item serves, rank before → after)
    let moves = [
        // Bottom to top.
        ("ml-gpu-ci-runners", "effort", "0.1", 1, (27, 1)),
        // Top to bottom.
        ("retry-infra-failures-only", "effort", "200", 2, (1, 28)),
        // Middle to near the top.
        ("macos-runner-capacity", "effort", "S", 1, (17, 5)),
        // Middle, down.
        ("regional-package-mirror", "effort", "L", 2, (15, 22)),
    ];
    for (id, field, value, goals, (from, to)) in moves {
        let sample = Sample::new();
        let before = sample.rank();
        assert_eq!(sample.rank_of(id), from, "{id}");
        sample.set(&format!("items/{id}.md"), field, value);
        let after = sample.rank();
        assert_eq!(sample.rank_of(id), to, "{id}");
        let changed = changed_lines(&before, &after);
        assert_only_about(id, goals, &changed);
        let outside_why = changed
            .iter()
            .filter(|(s, _)| !s.starts_with("Why the top "))
            .count();
        assert!(outside_why <= 2 + 2 * goals + 2, "{id}: {changed:#?}");
        if from > 5 && to > 5 {
            assert!(outside_why == changed.len(), "{id}: {changed:#?}");
        }
    }
}

const NEW_NOTE: &str = "---\nchannel: chat\ndate: 2026-11-21\nfrom: new-person\norg: checkout\nitems: [docs-stale-page-flags]\n---\nThe deploy runbook was wrong again today.\n";

#[test]
fn one_note_changes_only_its_item_and_the_counts() {
    // As the sample is, and as a backlog with no `as_of:` that takes its
    // date from the newest note (2026-11-20 here; the new note is a day
    // later, in the same month).
    for pinned in [true, false] {
        let sample = Sample::new();
        if !pinned {
            sample.write("rankdown.yaml", "");
        }
        let before = sample.rank();
        let from = sample.rank_of("docs-stale-page-flags");
        sample.write("feedback/chat/2026-11-21-new-person.md", NEW_NOTE);
        let after = sample.rank();
        assert_eq!(sample.rank_of("docs-stale-page-flags"), from - 1);
        let changed = changed_lines(&before, &after);
        // The header's counts, and the item's old and new place.
        assert_eq!(changed.len(), 4, "pinned {pinned}: {changed:#?}");
        assert!(changed[..2].iter().all(|(s, l)| s.is_empty()
            && l.contains("74 feedback notes from 37 people") != l.starts_with('-')));
        assert_only_about("docs-stale-page-flags", 0, &changed[2..]);
    }
}

#[test]
fn the_default_as_of_date_moves_once_a_month() {
    let sample = Sample::new();
    sample.write("rankdown.yaml", "");
    let before = sample.rank();
    assert!(
        before.contains("\nAs of **2026-11-01** (the month of the newest note) · "),
        "{before}"
    );
    // A note in a new month moves the as-of date to that month's first day.
    sample.write(
        "feedback/chat/2026-11-21-new-person.md",
        &NEW_NOTE.replace("2026-11-21", "2026-12-03"),
    );
    let after = sample.rank();
    assert!(
        after.contains("\nAs of **2026-12-01** (the month of the newest note) · "),
        "{after}"
    );
    // `as_of:` still overrides it.
    sample.write("rankdown.yaml", "as_of: 2026-11-20\n");
    assert!(sample.rank().contains("\nAs of **2026-11-20** · "));
}

#[test]
fn a_backlog_without_dated_feedback_has_a_defined_urgency() {
    let goal = "---\ntitle: Pass the audit\nweight: 4\ndue: 2027-06-30\n---\n";
    let item = "---\ntitle: Rotate keys\ngoals: {audit: high}\neffort: S\n---\n";
    let dated = "---\nfrom: ana\ndate: 2026-11-20\nitems: [rotate]\n---\nKeys never rotate.\n";

    // A new backlog, no feedback yet and no `as_of:`: no as-of date, and the
    // due date counts as the default horizon, 12m (urgency 0.3), never as due
    // now.
    let backlog = support::load(&[
        ("rankdown.yaml", ""),
        ("goals/audit.md", goal),
        ("items/rotate.md", item),
    ]);
    assert!(backlog.diagnostics.is_empty(), "{:?}", backlog.diagnostics);
    let md = support::priorities(&backlog);
    assert!(
        md.contains(
            "\nNo as-of date (no dated feedback, no `as_of:`): due dates count as 12m · model"
        ),
        "{md}"
    );
    assert!(
        md.contains("weight 4 × impact high (2.00) × urgency 0.30 = 2.40"),
        "{md}"
    );

    // With a dated note, the due date (seven months after 2026-11-01) is 6m.
    let md = support::priorities(&support::load(&[
        ("rankdown.yaml", ""),
        ("goals/audit.md", goal),
        ("items/rotate.md", item),
        ("feedback/a.md", dated),
    ]));
    assert!(
        md.contains("\nAs of **2026-11-01** (the month of the newest note) · "),
        "{md}"
    );
    assert!(
        md.contains("weight 4 × impact high (2.00) × urgency 0.60 = 4.80"),
        "{md}"
    );
}

#[test]
fn the_ranking_renders_as_one_list_numbered_from_one() {
    let md = Sample::new().rank();
    // No line carries a rank number: no `#3`, no `| 3 |`, no `### 3.`.
    for line in md.lines() {
        let numbered = line
            .match_indices('#')
            .any(|(at, _)| line[at + 1..].starts_with(|c: char| c.is_ascii_digit()));
        assert!(
            !numbered && !line.starts_with("| 1 ") && !line.starts_with("### 1"),
            "{line}"
        );
    }
    let mut lists = Vec::new();
    let mut depth = 0;
    for event in Parser::new(&md) {
        match event {
            Event::Start(Tag::List(start)) => {
                depth += 1;
                lists.push((start, 0));
            }
            Event::Start(Tag::Item) if depth == 1 => {
                if let Some((_, items)) = lists.last_mut() {
                    *items += 1;
                }
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            _ => {}
        }
    }
    let ordered: Vec<_> = lists.iter().filter(|(start, _)| start.is_some()).collect();
    // GitHub numbers the 28 open items 1 to 28.
    assert_eq!(ordered, [&(Some(1), 28)], "{md}");
}
