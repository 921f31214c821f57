//! Rough edges a newcomer hit: references read inside quotes, `list` filters
//! that show closed items and refuse unknown goals and tags, one man page per
//! subcommand, and diagnostics that name the cause first.

use crate::support::{self, rankdown};

fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    dir
}

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
