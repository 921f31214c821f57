//! The one loading path: the link policy in the work tree and in git, ids
//! taken from file names, ids that differ only in case, merge-conflict markers.

use rankdown::backlog::Backlog;

use crate::support::{self, GitRepo, rankdown};

const ITEM: &str = "---\ntitle: Inside\n---\n";
const SECRET: &str = "---\ntitle: Secret outside\n---\n";

/// `(path, code)` of every diagnostic that is not about PRIORITIES.md.
fn codes(backlog: &Backlog) -> Vec<(String, String)> {
    backlog
        .diagnostics
        .iter()
        .filter(|d| !d.path.ends_with("PRIORITIES.md"))
        .map(|d| (d.path.clone(), d.code.to_owned()))
        .collect()
}

fn titles(backlog: &Backlog) -> Vec<&str> {
    backlog.items.iter().map(|i| i.title.as_str()).collect()
}

/// A backlog in `repo/backlog` whose links leave it in every way the policy
/// covers: a content folder, a file, `vision.md`, `rankdown.yaml`; plus links
/// that stay inside (a file, followed; a folder, not followed).
#[cfg(unix)]
fn linked_backlog(repo: &GitRepo) {
    use std::os::unix::fs::symlink;

    repo.write("backlog/items/a.md", ITEM);
    repo.write("backlog/conf/real.md", "---\ntitle: Real\n---\n");
    repo.write("backlog/conf/deep/b.md", "---\ntitle: Deep\n---\n");
    repo.write("elsewhere/x.md", SECRET);
    repo.write("outside.yaml", "model: rice\nmax_file_bytes: 10\n");
    repo.write("outside-vision.md", "Secret vision.\n");
    let backlog = repo.dir.join("backlog");
    symlink("../elsewhere", backlog.join("feedback")).expect("symlink");
    symlink("../../elsewhere/x.md", backlog.join("items/out.md")).expect("symlink");
    symlink("../conf/real.md", backlog.join("items/real.md")).expect("symlink");
    symlink("../conf/deep", backlog.join("items/deep")).expect("symlink");
    symlink("../outside.yaml", backlog.join("rankdown.yaml")).expect("symlink");
    symlink("../outside-vision.md", backlog.join("vision.md")).expect("symlink");
    // `goals` is a link to a folder inside the root: not followed either.
    symlink("conf", backlog.join("goals")).expect("symlink");
}

#[cfg(unix)]
fn expected_link_diagnostics() -> Vec<(String, String)> {
    [
        ("feedback", "symlink-outside"),
        ("goals", "symlink-skipped"),
        ("items/deep", "symlink-skipped"),
        ("items/out.md", "symlink-outside"),
        ("rankdown.yaml", "symlink-outside"),
        ("vision.md", "symlink-outside"),
    ]
    .iter()
    .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
    .collect()
}

#[cfg(unix)]
#[test]
fn links_leaving_the_root_are_never_read_in_the_work_tree_the_index_or_a_commit() {
    let mut repo = GitRepo::new();
    linked_backlog(&repo);
    repo.commit("Linked backlog");
    let git = rankdown::history::Repo::discover(&repo.dir.join("backlog"))
        .expect("discovers")
        .expect("a repository");
    let head = git.head().expect("head").expect("born");

    let work_tree = rankdown::source::WorkTree::new(&repo.dir.join("backlog")).expect("work tree");
    let loaded = [
        (
            "work tree",
            rankdown::backlog::load(&work_tree, rankdown::parse::Bodies::Keep).expect("loads"),
        ),
        (
            "index",
            rankdown::backlog::load(&git.staged().expect("index"), rankdown::parse::Bodies::Keep)
                .expect("loads"),
        ),
        (
            "commit",
            rankdown::backlog::load(
                &git.at_commit(head).expect("tree"),
                rankdown::parse::Bodies::Keep,
            )
            .expect("loads"),
        ),
    ];
    for (name, backlog) in &loaded {
        assert_eq!(titles(backlog), ["Inside", "Real"], "{name}");
        assert_eq!(codes(backlog), expected_link_diagnostics(), "{name}");
        assert!(
            backlog.vision.is_none(),
            "{name}: the vision outside was read"
        );
        assert_eq!(
            backlog.config,
            rankdown::config::Config::default(),
            "{name}: the config outside was read"
        );
        assert!(backlog.feedback.is_empty(), "{name}");
    }

    // The CLI says what it skipped, and nothing outside reaches the output.
    let out = repo.run_in(&repo.dir.join("backlog"), &["check", "--format", "short"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("feedback:1:1: warning: this symbolic link points outside the backlog root and was not followed"),
        "{shown}"
    );
    assert!(
        shown.contains("goals:1:1: warning: this symbolic link points to a folder"),
        "{shown}"
    );
    let out = repo.run_in(&repo.dir.join("backlog"), &["list", "--format", "json"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Secret"));

    // The history reads each commit as a full load does.
    let mut repo = repo;
    repo.write("elsewhere/x.md", "---\ntitle: Secret edited\n---\n");
    repo.write(
        "backlog/conf/real.md",
        "---\ntitle: Real edited\neffort: S\n---\n",
    );
    repo.commit("Edit link targets");
    let out = repo.run_in(
        &repo.dir.join("backlog"),
        &["history", "real", "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let history: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(history["points"].as_array().expect("points").len(), 2);
    let out = repo.run_in(
        &repo.dir.join("backlog"),
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Secret"));
}

#[cfg(unix)]
#[test]
fn file_names_that_cannot_be_ids_are_errors() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let temp = tempfile::tempdir().expect("temp dir");
    let items = temp.path().join("items");
    std::fs::create_dir_all(&items).expect("mkdir");
    std::fs::write(temp.path().join("rankdown.yaml"), "").expect("write");
    for name in [
        &b"\xff.md"[..],
        b"\xfe.md",
        b"a|b.md",
        b"line\nbreak.md",
        b"esc\x1b[31m.md",
    ] {
        std::fs::write(items.join(OsStr::from_bytes(name)), ITEM).expect("write");
    }
    let source = rankdown::source::WorkTree::new(temp.path()).expect("work tree");
    let backlog = rankdown::backlog::load(&source, rankdown::parse::Bodies::Keep).expect("loads");
    let bad: Vec<&str> = backlog
        .diagnostics
        .iter()
        .filter(|d| d.code == "bad-file-name")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(bad.len(), 5, "{:#?}", backlog.diagnostics);
    assert!(bad.iter().any(|m| m.contains("not valid UTF-8")), "{bad:?}");
    assert!(bad.iter().any(|m| m.contains("'|'")), "{bad:?}");
    assert!(bad.iter().any(|m| m.contains("line break")), "{bad:?}");
    assert!(bad.iter().any(|m| m.contains("U+001B")), "{bad:?}");
    // The two names that are not UTF-8 no longer collapse into one duplicate id.
    assert!(
        !backlog.diagnostics.iter().any(|d| d.code == "duplicate-id"),
        "{:#?}",
        backlog.diagnostics
    );
    // `id:` in the front matter makes the file name irrelevant.
    let backlog = support::load(&[("items/a|b.md", "---\nid: ab\ntitle: A\n---\n")]);
    assert!(backlog.diagnostics.is_empty(), "{:#?}", backlog.diagnostics);
}

#[test]
fn ids_that_differ_only_in_case_are_errors() {
    let backlog = support::load(&[
        ("items/A.md", ITEM),
        ("items/a.md", ITEM),
        ("goals/Grow.md", "---\ntitle: G\n---\n"),
        ("goals/sub/grow.md", "---\ntitle: G\n---\n"),
        ("items/b.md", "---\nid: B-1\ntitle: B\n---\n"),
        ("items/c.md", "---\nid: b-1\ntitle: C\n---\n"),
    ]);
    let found: Vec<(&str, &str)> = backlog
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.code))
        .collect();
    assert_eq!(
        found,
        [
            ("goals/sub/grow.md", "case-collision"),
            ("items/a.md", "case-collision"),
            ("items/c.md", "case-collision"),
        ]
    );
    assert!(
        backlog.diagnostics[1].message.contains("'A'"),
        "{:#?}",
        backlog.diagnostics
    );
}

#[test]
fn merge_conflict_markers_are_errors_at_their_lines() {
    let conflicted = "---\ntitle: A\n<<<<<<< HEAD\nstatus: ready\n=======\nstatus: done\n>>>>>>> topic\n---\nBody.\n";
    let in_body = "---\ndate: 2026-10-01\n---\n<<<<<<< ours\n> slow [[a]]\n=======\n> fast [[a]]\n>>>>>>> theirs\n";
    let backlog = support::load(&[
        (
            "rankdown.yaml",
            "model: rice\n<<<<<<< HEAD\nas_of: 2026-01-01\n=======\n>>>>>>> x\n",
        ),
        ("items/a.md", conflicted),
        ("feedback/n.md", in_body),
        // A setext heading is not a conflict.
        (
            "items/b.md",
            "---\ntitle: B\n---\nHeading\n=======\n\nText.\n",
        ),
    ]);
    let markers: Vec<(&str, u32)> = backlog
        .diagnostics
        .iter()
        .filter(|d| d.code == "conflict-marker")
        .map(|d| (d.path.as_str(), d.line))
        .collect();
    assert_eq!(
        markers,
        [
            ("feedback/n.md", 4),
            ("feedback/n.md", 6),
            ("feedback/n.md", 8),
            ("items/a.md", 3),
            ("items/a.md", 5),
            ("items/a.md", 7),
            ("rankdown.yaml", 2),
            ("rankdown.yaml", 4),
            ("rankdown.yaml", 5),
        ]
    );
    assert!(backlog.has_errors());
}

#[test]
fn check_fails_on_a_conflict_in_a_body() {
    let temp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(temp.path().join("items")).expect("mkdir");
    std::fs::write(temp.path().join("rankdown.yaml"), "").expect("write");
    std::fs::write(
        temp.path().join("items/a.md"),
        "---\ntitle: A\n---\n<<<<<<< HEAD\nMine.\n=======\nTheirs.\n>>>>>>> other\n",
    )
    .expect("write");
    let out = rankdown()
        .args(["check", "--format", "short", "--root"])
        .arg(temp.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("items/a.md:4:1: error: a merge-conflict marker"),
        "{shown}"
    );
}

const PEOPLE: &str = "\
- key: ana
  name: Ana Lima
  org: Acme
  aliases: [ana@acme.test, U123ANA]
- key: bo
  aliases: [bo@globex.test, U123ana]
";

fn note(channel: &str, from: &str) -> String {
    format!(
        "---\nchannel: {channel}\ndate: 2026-01-10\nfrom: {from}\nitems: [export]\n---\nPlease.\n"
    )
}

#[test]
fn one_person_writing_from_every_channel_counts_once_under_their_key() {
    let mail = note("mail", "ana@acme.test");
    let chat = note("chat", "U123ANA");
    let ticket = note("ticket", "ana");
    let files = [
        ("items/export.md", "---\ntitle: Export\neffort: M\n---\n"),
        ("feedback/mail.md", mail.as_str()),
        ("feedback/chat.md", chat.as_str()),
        ("feedback/ticket.md", ticket.as_str()),
        ("people.yaml", PEOPLE),
    ];
    let backlog = support::load(&files);
    let ranked = rankdown::rank::rank(&backlog);
    let export = &ranked.ranked[0];
    assert_eq!(export.people.len(), 1, "{:?}", export.people);
    assert_eq!(export.people[0].person.as_deref(), Some("ana"));
    assert_eq!(export.orgs, ["Acme"]);
    // Shown as the key, with the person's org where the note has none.
    for note in &backlog.feedback {
        assert_eq!(note.from.as_deref(), Some("ana"), "{}", note.path);
        assert_eq!(note.org.as_deref(), Some("Acme"), "{}", note.path);
    }

    // Without the directory they are three people.
    let without = support::load(&files[..4]);
    assert_eq!(rankdown::rank::rank(&without).ranked[0].people.len(), 3);
}

#[test]
fn check_reports_an_alias_claimed_by_two_people_at_its_line() {
    let dir = support::scratch(&[
        ("rankdown.yaml", ""),
        ("items/export.md", "---\ntitle: Export\n---\n"),
        ("people.yaml", PEOPLE),
    ]);
    let out = rankdown()
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        all.contains("error[alias-claimed-twice]: 'U123ana' is claimed by both 'ana' and 'bo'"),
        "{all}"
    );
    assert!(all.contains("people.yaml:6:29\n"), "{all}");
    assert!(
        all.contains("6 |   aliases: [bo@globex.test, U123ana]"),
        "{all}"
    );
}

#[cfg(unix)]
#[test]
fn a_people_yaml_linking_outside_the_root_is_not_read() {
    let dir = support::scratch(&[
        (
            "outside.yaml",
            "- key: ana\n  aliases: [bo, bo]\n- key: bo\n",
        ),
        ("b/rankdown.yaml", ""),
        ("b/items/export.md", "---\ntitle: Export\n---\n"),
    ]);
    std::os::unix::fs::symlink("../outside.yaml", dir.path().join("b/people.yaml"))
        .expect("symlink");
    let out = rankdown()
        .args(["check", "--root"])
        .arg(dir.path().join("b"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning[symlink-outside]"), "{stderr}");
    assert!(stderr.contains("people.yaml:1:1"), "{stderr}");
    // Its content (an alias claimed twice) was never read.
    assert!(!stderr.contains("alias-claimed-twice"), "{stderr}");
}

/// `list`, `explain`, `diff` and `history` load without bodies (README
/// "Benchmarks"): everything else they read is the same as with bodies.
#[test]
fn a_load_without_bodies_differs_only_in_the_bodies() {
    use rankdown::parse::Bodies;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-backlog");
    let source = rankdown::source::WorkTree::new(&root).expect("sample");
    let full = rankdown::backlog::load(&source, Bodies::Keep).expect("loads");
    let lean = rankdown::backlog::load(&source, Bodies::Drop).expect("loads");
    assert!(full.feedback.iter().all(|n| !n.body.is_empty()));
    assert!(lean.feedback.iter().all(|n| n.body.is_empty()));
    assert!(lean.items.iter().all(|i| i.body.is_empty()));
    let mut bodiless = full.clone();
    bodiless.feedback.iter_mut().for_each(|n| n.body.clear());
    bodiless.items.iter_mut().for_each(|i| i.body.clear());
    assert_eq!(
        format!("{:?}", bodiless.feedback),
        format!("{:?}", lean.feedback)
    );
    assert_eq!(format!("{:?}", bodiless.items), format!("{:?}", lean.items));
    assert_eq!(
        rankdown::rank::rank(&full).ranked,
        rankdown::rank::rank(&lean).ranked
    );
}
