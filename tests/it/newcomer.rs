//! Rough edges a newcomer hit: references read inside quotes, `list` filters
//! that show closed items and refuse unknown goals and tags, one man page per
//! subcommand, and diagnostics that name the cause first.

use crate::support::{self, rankdown, scratch};

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = rankdown()
        .arg("--root")
        .arg(dir)
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

const INLINE: &[(&str, &str)] = &[
    ("rankdown.yaml", "as_of: 2026-11-01\n"),
    ("items/offline-mode.md", "---\ntitle: Work offline\n---\n"),
    ("items/sync.md", "---\ntitle: Sync\n---\n"),
    (
        "feedback/a.md",
        "---\ndate: 2026-10-01\nfrom: ana\n---\n\
         On the train the app can't [[offline-mode]]. It needs [[sync|a | button]] first. [[sync]]\n",
    ),
];

#[test]
fn a_reference_inside_a_quote_reads_as_its_text() {
    let whole = "On the train the app can't offline-mode. It needs a | button first.";
    let md = support::priorities(&support::load(INLINE));
    // Escaped for a block quote: the `|` stays text.
    assert!(
        md.contains("> On the train the app can't offline-mode. It needs a \\| button first.\n"),
        "{md}"
    );

    let dir = scratch(INLINE);
    let (code, text, _) = run(dir.path(), &["explain", "offline-mode"]);
    assert_eq!(code, 0);
    assert!(text.contains(&format!("“{whole}”")), "{text}");
    let (code, json, _) = run(dir.path(), &["explain", "sync", "--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(json["users"]["people"][0]["quote"], whole);
}

/// Every `rankdown-x(1)` a page refers to is a page `man --dir` writes, and
/// each subcommand's page lists its own options.
#[test]
fn man_pages_exist_for_every_subcommand_they_refer_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = dir.path().join("man1");
    let out = rankdown()
        .args(["man", "--dir"])
        .arg(&pages)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let written: std::collections::BTreeSet<String> = std::fs::read_dir(&pages)
        .expect("pages")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    for name in ["rankdown.1", "rankdown-list.1", "rankdown-hook-install.1"] {
        assert!(written.contains(name), "{written:?}");
    }
    assert!(!written.iter().any(|n| n.contains("help")), "{written:?}");
    let mut referred = 0;
    for name in &written {
        let roff = std::fs::read_to_string(pages.join(name)).expect("page");
        assert!(roff.starts_with(".ie \\n(.g"), "{name} is not roff");
        for (at, _) in roff.match_indices("(1)") {
            let start = roff[..at].rfind('\n').map_or(0, |n| n + 1);
            let page = format!("{}.1", roff[start..at].replace("\\-", "-"));
            assert!(written.contains(&page), "{name} refers to {page}");
            referred += 1;
        }
    }
    assert!(referred > 10, "{referred}");

    let list = rankdown().args(["man", "list"]).output().expect("runs");
    assert!(list.status.success());
    let page = String::from_utf8(list.stdout).expect("utf-8");
    assert!(page.contains(".TH rankdown-list 1"), "{page}");
    assert!(page.contains("\\-\\-status"), "{page}");
    let install = rankdown()
        .args(["man", "hook", "install"])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&install.stdout).contains("\\-\\-global\\-hooks"),
        "{install:?}"
    );
    let typo = rankdown().args(["man", "lst"]).output().expect("runs");
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&typo.stderr).contains("did you mean 'list'?"),
        "{typo:?}"
    );
}

/// A duplicate key in an item's front matter, with notes and an item linking
/// to it: only the cause is reported, not "no item with id" for each link;
/// a link to an id no file has is still an error.
#[test]
fn a_file_that_fails_to_parse_is_the_only_error_its_links_cause() {
    let files: &[(&str, &str)] = &[
        ("rankdown.yaml", "as_of: 2026-11-01\n"),
        ("goals/g.md", "---\ntitle: G\ntitle: again\n---\n"),
        (
            "items/offline.md",
            "---\ntitle: Offline\neffort: S\neffort: M\n---\n",
        ),
        (
            "items/other.md",
            "---\ntitle: Other\ngoals: [g]\ndepends_on: [offline]\n---\n",
        ),
        (
            "feedback/a.md",
            "---\ndate: 2026-10-01\nitems: [offline]\n---\nNo signal. [[offline]]\n",
        ),
        (
            "feedback/b.md",
            "---\ndate: 2026-10-02\n---\nOn the train [it stops](../items/offline.md).\n",
        ),
        (
            "feedback/c.md",
            "---\ndate: 2026-10-03\n---\nAnd this one [[offlne]]\n",
        ),
    ];
    let dir = scratch(files);
    let (code, out, _) = run(dir.path(), &["check", "--format", "short"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].contains("feedback/c.md:4:14:") && lines[0].contains("no item with id 'offlne'"),
        "{out}"
    );
    assert!(
        lines[1].contains("goals/g.md:3:1") && lines[1].contains("duplicate"),
        "{out}"
    );
    assert!(
        lines[2].contains("items/offline.md:4:1") && lines[2].contains("duplicate"),
        "{out}"
    );
}
