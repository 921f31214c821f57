//! The command line as data: each `tests/cmd/*.toml` case runs the built
//! binary on a small backlog and compares its exit code, stdout, stderr and,
//! for `rank`, the files it writes (`<case>.out/`).
//!
//! Shared input trees: `valid-backlog/` (with its matching PRIORITIES.md),
//! `stale-backlog/` (the same content with a PRIORITIES.md from before the
//! note `feedback/interviews/2026-09-02-omar.md` was added) and
//! `invalid-backlog/` (about one problem per file). `rank.in/` is
//! `valid-backlog/` without its PRIORITIES.md, and `rank.out/` holds what
//! `rank` must write there. Regenerate snapshots with
//! `TRYCMD=overwrite cargo test --test it cmd`, and read every changed
//! snapshot before committing it.

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn cli_cases() {
    // The input trees live inside rankdown's own repository; stop git
    // discovery above them, so `explain` shows no git context of ours.
    let ceiling = std::fs::canonicalize("tests/cmd").expect("tests/cmd");
    trycmd::TestCases::new()
        .env("GIT_CEILING_DIRECTORIES", ceiling.to_string_lossy())
        .case("tests/cmd/*.toml");
}

/// Every file under `dir`, by its `/`-separated path relative to `dir`.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).expect("below dir");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(entry.path()).expect("read"))
        })
        .collect()
}

/// The input trees tell one story: the same backlog everywhere, and the
/// PRIORITIES.md that `check` accepts is the one `rank` writes.
#[test]
fn cli_input_trees_agree() {
    let cmd = Path::new("tests/cmd");
    let mut valid = tree(&cmd.join("valid-backlog"));
    let priorities = valid.remove("PRIORITIES.md").expect("valid PRIORITIES.md");
    assert_eq!(
        tree(&cmd.join("rank.out")),
        BTreeMap::from([("PRIORITIES.md".to_owned(), priorities)]),
        "rank.out/PRIORITIES.md must equal valid-backlog/PRIORITIES.md"
    );
    assert_eq!(
        tree(&cmd.join("rank.in")),
        valid,
        "rank.in/ must be valid-backlog/ without PRIORITIES.md"
    );
    let mut stale = tree(&cmd.join("stale-backlog"));
    stale.remove("PRIORITIES.md").expect("stale PRIORITIES.md");
    assert_eq!(
        stale, valid,
        "stale-backlog/ must hold the content of valid-backlog/"
    );
}
