//! Bad input (docs/formats.md, "Diagnostics"), one test per case: each problem is reported with its file,
//! line and column, in plain words, with a hint where one helps, and never
//! stops the run early, hangs or crashes.
//!
//! Content checks go through the library (`support::load`); what depends on
//! the file system, paths shown to the user or exit codes runs the binary on
//! a temporary backlog.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use rankdown::backlog::{self, Backlog};
use rankdown::diagnostic::{Diagnostic, Severity};
use rankdown::source::MemorySource;

use crate::support::{self, rankdown};

// ---------------------------------------------------------------- helpers

/// A goal, two items and a feedback note that link up without problems.
const GOAL: (&str, &str) = (
    "goals/cut-ci.md",
    "---\ntitle: Cut CI time\nweight: 5\nhorizon: 3m\n---\n",
);
const ITEM: (&str, &str) = (
    "items/ci-cache.md",
    "---\ntitle: Cache dependencies\ngoals: [cut-ci]\n---\n",
);

/// A backlog of `rankdown.yaml` (empty) and `files`.
fn load(files: &[(&str, &str)]) -> Backlog {
    let mut all = vec![("rankdown.yaml", "")];
    all.extend_from_slice(files);
    support::load(&all)
}

/// Loads from raw bytes (for invalid UTF-8).
fn load_bytes(files: &[(&str, &[u8])]) -> Backlog {
    let source = MemorySource::new(
        files
            .iter()
            .map(|(path, bytes)| ((*path).to_owned(), bytes.to_vec())),
    );
    backlog::load(&source, rankdown::parse::Bodies::Keep).expect("memory sources do not fail")
}

/// `(path, line, column, code)` of every diagnostic, in reported order.
fn located(backlog: &Backlog) -> Vec<(&str, u32, u32, &str)> {
    backlog
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.line, d.column, d.code))
        .collect()
}

/// The one diagnostic of a backlog; fails when there are none or several.
fn only(backlog: &Backlog) -> &Diagnostic {
    assert_eq!(
        backlog.diagnostics.len(),
        1,
        "expected exactly one diagnostic: {:#?}",
        backlog.diagnostics
    );
    &backlog.diagnostics[0]
}

/// Asserts a diagnostic's place, code and severity (error).
fn assert_at(d: &Diagnostic, path: &str, line: u32, column: u32, code: &str) {
    assert_eq!(
        (d.path.as_str(), d.line, d.column, d.code, d.severity),
        (path, line, column, code, Severity::Error),
        "{d:#?}"
    );
}

fn assert_message(d: &Diagnostic, needles: &[&str]) {
    for needle in needles {
        assert!(
            d.message.contains(needle),
            "message {:?} lacks {needle:?}",
            d.message
        );
    }
}

fn help(d: &Diagnostic) -> &str {
    d.help.as_deref().unwrap_or_default()
}

/// A temporary folder holding a backlog in `backlog/`; the binary runs from
/// the temporary folder with `--root backlog`, so paths print as `backlog/…`.
struct Scratch {
    temp: tempfile::TempDir,
}

impl Scratch {
    fn new(files: &[(&str, &[u8])]) -> Self {
        let scratch = Self {
            temp: tempfile::tempdir().expect("temp dir"),
        };
        for (path, bytes) in files {
            scratch.write(path, bytes);
        }
        scratch
    }

    fn root(&self) -> PathBuf {
        self.temp.path().join("backlog")
    }

    fn write(&self, path: &str, bytes: &[u8]) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }

    fn read(&self, path: &str) -> Vec<u8> {
        std::fs::read(self.root().join(path)).expect("read")
    }

    /// Runs `rankdown ARGS --root backlog` from the temporary folder.
    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = rankdown();
        cmd.args(args).args(["--root", "backlog"]);
        run_in(self.temp.path(), cmd)
    }
}

/// Runs `rankdown ARGS` from `dir` (the backlog is found by walking up).
fn run_from(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = rankdown();
    cmd.args(args);
    run_in(dir, cmd)
}

fn run_in(dir: &Path, mut cmd: std::process::Command) -> Output {
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd.output().expect("rankdown runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The JSON diagnostics of `rankdown check --format json`.
fn check_json(scratch: &Scratch) -> (i32, Vec<serde_json::Value>) {
    let out = scratch.run(&["check", "--format", "json"]);
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    let list = parsed.as_array().expect("a JSON array").clone();
    (out.status.code().expect("exit code"), list)
}

/// `(path, line, column, code)` of JSON diagnostics.
fn json_located(list: &[serde_json::Value]) -> Vec<(String, u64, u64, String)> {
    list.iter()
        .map(|d| {
            (
                d["path"].as_str().expect("path").to_owned(),
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
                d["code"].as_str().expect("code").to_owned(),
            )
        })
        .collect()
}

fn owned(found: &[(&str, u64, u64, &str)]) -> Vec<(String, u64, u64, String)> {
    found
        .iter()
        .map(|(p, l, c, code)| ((*p).to_owned(), *l, *c, (*code).to_owned()))
        .collect()
}

// ---------------------------------------------------------- front matter

#[test]
fn no_front_matter_is_reported_at_the_start() {
    let backlog = load(&[("items/a.md", "title: A\nstatus: ready\n")]);
    let d = only(&backlog);
    assert_at(d, "items/a.md", 1, 1, "no-front-matter");
    assert_message(d, &["no front matter"]);
    assert!(help(d).contains("---"), "{d:?}");
}

#[test]
fn a_front_matter_block_that_is_not_first_is_not_front_matter() {
    let backlog = load(&[("items/a.md", "# A\n---\ntitle: A\n---\n")]);
    assert_at(only(&backlog), "items/a.md", 1, 1, "no-front-matter");
}

#[test]
fn unterminated_front_matter_is_reported_at_its_opening_line() {
    let backlog = load(&[("items/a.md", "---\ntitle: A\nstatus: ready\n\nBody.\n")]);
    let d = only(&backlog);
    assert_at(d, "items/a.md", 1, 1, "unterminated-front-matter");
    assert_message(d, &["never closed"]);
    assert!(help(d).contains("---"), "{d:?}");
}

#[test]
fn invalid_yaml_is_located_in_the_file_not_in_the_block() {
    // The YAML starts on line 2 (after `---`): an unclosed bracket on the
    // block's second line is on the file's third.
    let backlog = load(&[("items/a.md", "---\ntitle: A\ntags: [ci, infra\n---\n")]);
    let d = only(&backlog);
    assert_at(d, "items/a.md", 3, 7, "yaml");
    assert_message(d, &["invalid YAML", "bracket"]);
    assert!(
        !d.message.contains(" at line "),
        "no block-relative position in the message: {}",
        d.message
    );

    let backlog = load(&[("items/b.md", "---\ntitle: \"Cache\n---\n")]);
    let d = only(&backlog);
    assert_at(d, "items/b.md", 2, 8, "yaml");
    assert_message(d, &["invalid YAML", "quote"]);
}

#[test]
fn duplicate_yaml_keys_are_reported_at_the_second_key() {
    let backlog = load(&[(
        "items/a.md",
        "---\ntitle: A\nstatus: ready\ntitle: B\n---\n",
    )]);
    let d = only(&backlog);
    assert_at(d, "items/a.md", 4, 1, "yaml");
    assert_message(d, &["duplicate"]);
}

#[test]
fn wrong_types_are_reported_at_the_value() {
    let backlog = load(&[
        (
            "goals/g.md",
            "---\ntitle: G\nweight: heavy\nbaseline: [1]\n---\n",
        ),
        (
            "items/a.md",
            "---\ntitle: [not, text]\ntags: {a: 1}\nconfidence: lots\n---\n",
        ),
        ("items/b.md", "---\n- title\n- status\n---\n"),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("goals/g.md", 3, 9, "type"),
            ("goals/g.md", 4, 11, "type"),
            ("items/a.md", 2, 8, "type"),
            ("items/a.md", 3, 7, "type"),
            ("items/a.md", 4, 13, "type"),
            ("items/b.md", 2, 1, "type"),
            ("items/b.md", 2, 1, "missing-field"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    let messages: Vec<&str> = backlog
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages[0], "'weight' must be a number, not text");
    assert_eq!(messages[1], "'baseline' must be a number, not a list");
    assert_eq!(messages[2], "'title' must be text, not a list");
    assert_eq!(
        messages[3],
        "'tags' must be a list of names; this entry is a mapping"
    );
    assert!(messages[4].starts_with("confidence must be a number from 0 to 1"));
    assert!(messages[5].contains("must be a mapping"), "{}", messages[5]);
}

#[test]
fn out_of_range_values_are_reported_at_the_value() {
    let backlog = load(&[
        ("goals/g.md", "---\ntitle: G\nweight: 7\n---\n"),
        (
            "items/a.md",
            "---\ntitle: A\neffort: -2\nconfidence: 150%\n---\n",
        ),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("goals/g.md", 3, 9, "type"),
            ("items/a.md", 3, 9, "type"),
            ("items/a.md", 4, 13, "type"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_message(&backlog.diagnostics[0], &["1 to 5", "7"]);
    assert_message(&backlog.diagnostics[1], &["more than zero"]);
}

#[test]
fn unknown_fields_get_a_did_you_mean() {
    let backlog = load(&[
        GOAL,
        (
            "items/a.md",
            "---\ntitle: A\ngaols: [cut-ci]\nefort: S\n---\n",
        ),
        (
            "feedback/n.md",
            "---\ndate: 2026-10-01\nfrom: priya\nchanel: chat\n---\n",
        ),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("feedback/n.md", 4, 1, "unknown-field"),
            ("items/a.md", 3, 1, "unknown-field"),
            ("items/a.md", 4, 1, "unknown-field"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    let d = &backlog.diagnostics[1];
    assert_message(d, &["unknown field 'gaols'"]);
    assert_eq!(help(d), "did you mean 'goals'?");
    assert_eq!(help(&backlog.diagnostics[2]), "did you mean 'effort'?");
    assert_eq!(help(&backlog.diagnostics[0]), "did you mean 'channel'?");
}

#[test]
fn an_unknown_field_far_from_any_name_lists_the_accepted_ones() {
    let backlog = load(&[("items/a.md", "---\ntitle: A\nbudget: 1\n---\n")]);
    let d = only(&backlog);
    assert_at(d, "items/a.md", 3, 1, "unknown-field");
    assert!(
        help(d).contains("title") && help(d).contains("depends_on"),
        "{d:?}"
    );
}

#[test]
fn unknown_config_keys_are_located_in_rankdown_yaml() {
    let backlog = support::load(&[(
        "rankdown.yaml",
        "as_of: 2026-11-01\nmodle: rice\nweights:\n  half_lfe_days: 90\n",
    )]);
    assert_eq!(
        located(&backlog),
        vec![
            ("rankdown.yaml", 2, 1, "unknown-field"),
            ("rankdown.yaml", 4, 3, "unknown-field"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_eq!(help(&backlog.diagnostics[0]), "did you mean 'model'?");
    assert_eq!(
        help(&backlog.diagnostics[1]),
        "did you mean 'half_life_days'?"
    );
}

#[test]
fn unknown_enum_values_get_a_did_you_mean() {
    let backlog = load(&[
        GOAL,
        (
            "items/a.md",
            "---\ntitle: A\nstatus: redy\ngoals:\n  cut-ci: hihg\neffort: XXL\n---\n",
        ),
        (
            "feedback/n.md",
            "---\nchannel: intervew\ndate: 2026-10-01\nseverity: meduim\n---\n",
        ),
        ("goals/h.md", "---\ntitle: H\nhorizon: 3 months\n---\n"),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("feedback/n.md", 2, 10, "unknown-value"),
            ("feedback/n.md", 4, 11, "unknown-value"),
            ("goals/h.md", 3, 10, "unknown-value"),
            ("items/a.md", 3, 9, "unknown-value"),
            ("items/a.md", 5, 11, "unknown-value"),
            ("items/a.md", 6, 9, "unknown-value"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    let status = &backlog.diagnostics[3];
    assert_eq!(status.message, "unknown status 'redy'");
    assert!(
        help(status).starts_with("did you mean 'ready'?"),
        "{status:?}"
    );
    assert!(help(&backlog.diagnostics[0]).starts_with("did you mean 'interview'?"));
    assert!(help(&backlog.diagnostics[1]).starts_with("did you mean 'medium'?"));
    assert!(help(&backlog.diagnostics[4]).starts_with("did you mean 'high'?"));
    // Far from every word: the accepted words are listed instead.
    assert!(help(&backlog.diagnostics[2]).contains("3m, 6m, 12m"));
}

#[test]
fn a_missing_title_is_reported_at_the_front_matter() {
    let backlog = load(&[
        ("items/a.md", "---\nstatus: ready\n---\n"),
        ("goals/g.md", "---\nweight: 2\n---\n"),
        ("items/b.md", "---\ntitle:\n---\n"),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("goals/g.md", 2, 1, "missing-field"),
            ("items/a.md", 2, 1, "missing-field"),
            ("items/b.md", 2, 1, "missing-field"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    for d in &backlog.diagnostics {
        assert_eq!(d.message, "missing required field 'title'");
        assert!(help(d).contains("title:"), "{d:?}");
    }
}

#[test]
fn a_feedback_note_without_a_date_is_reported() {
    let backlog = load(&[("feedback/n.md", "---\nfrom: priya\n---\nSlow CI.\n")]);
    let d = only(&backlog);
    assert_at(d, "feedback/n.md", 2, 1, "missing-field");
    assert_message(d, &["'date'"]);
}

// ------------------------------------------------------------------ links

#[test]
fn duplicate_ids_name_both_files() {
    let backlog = load(&[
        GOAL,
        ("goals/other.md", "---\nid: cut-ci\ntitle: Other\n---\n"),
        ITEM,
        ("items/nested/ci-cache.md", "---\ntitle: Same stem\n---\n"),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("goals/other.md", 2, 5, "duplicate-id"),
            ("items/nested/ci-cache.md", 1, 1, "duplicate-id"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_eq!(
        backlog.diagnostics[0].full_message(""),
        "duplicate goal id 'cut-ci': goals/cut-ci.md uses it too"
    );
    assert_eq!(
        backlog.diagnostics[1].full_message(""),
        "duplicate item id 'ci-cache': items/ci-cache.md uses it too"
    );
}

#[test]
fn front_matter_links_to_missing_items_are_located() {
    let backlog = load(&[
        GOAL,
        ITEM,
        (
            "feedback/n.md",
            "---\ndate: 2026-10-01\nitems: [ci-cache, ci-cahce, nope]\n---\n",
        ),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("feedback/n.md", 3, 19, "unknown-item"),
            ("feedback/n.md", 3, 29, "unknown-item"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_eq!(backlog.diagnostics[0].message, "no item with id 'ci-cahce'");
    assert_eq!(help(&backlog.diagnostics[0]), "did you mean 'ci-cache'?");
    assert_eq!(backlog.diagnostics[1].message, "no item with id 'nope'");
    assert_eq!(backlog.diagnostics[1].help, None);
}

#[test]
fn wiki_links_to_missing_items_are_located_in_the_body() {
    let backlog = load(&[
        GOAL,
        ITEM,
        (
            "feedback/n.md",
            "---\ndate: 2026-10-01\n---\n\nIntro.\n\n> “Slow”, says Ana — [[ci-cahce]] and [[ci-cache]]\n",
        ),
    ]);
    let d = only(&backlog);
    // Columns count characters: “ ” and — are one column each.
    assert_at(d, "feedback/n.md", 7, 22, "unknown-item");
    assert_eq!(d.message, "no item with id 'ci-cahce'");
    assert_eq!(help(d), "did you mean 'ci-cache'?");
}

#[test]
fn markdown_links_to_missing_item_files_are_located() {
    let backlog = load(&[
        GOAL,
        ITEM,
        (
            "feedback/chat/n.md",
            "---\ndate: 2026-10-01\n---\nThe [cache](../../items/ci-cache.md) and the\n[store](../../items/artifact-store.md) are slow. [Docs](https://x.test/items/a.md).\n",
        ),
    ]);
    let d = only(&backlog);
    assert_at(d, "feedback/chat/n.md", 5, 1, "unknown-item");
    assert_message(d, &["items/artifact-store.md", "not an item file"]);
}

#[test]
fn links_to_missing_goals_are_located() {
    let backlog = load(&[
        GOAL,
        (
            "items/a.md",
            "---\ntitle: A\ngoals: [cut-ci, cut-cl]\n---\n",
        ),
        (
            "items/b.md",
            "---\ntitle: B\ngoals:\n  cut-ci: high\n  revenue: low\n---\n",
        ),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("items/a.md", 3, 17, "unknown-goal"),
            ("items/b.md", 5, 3, "unknown-goal"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_eq!(backlog.diagnostics[0].message, "no goal with id 'cut-cl'");
    assert_eq!(help(&backlog.diagnostics[0]), "did you mean 'cut-ci'?");
    assert_eq!(backlog.diagnostics[1].message, "no goal with id 'revenue'");
}

#[test]
fn links_to_missing_dependencies_are_located() {
    let backlog = load(&[
        ITEM,
        GOAL,
        ("items/b.md", "---\ntitle: B\ndepends_on: [ci-cach]\n---\n"),
    ]);
    let d = only(&backlog);
    assert_at(d, "items/b.md", 3, 14, "unknown-item");
    assert_eq!(help(d), "did you mean 'ci-cache'?");
}

#[test]
fn dependency_cycles_are_reported_once_with_the_cycle() {
    let backlog = load(&[
        ("items/b.md", "---\ntitle: B\ndepends_on: [c]\n---\n"),
        ("items/c.md", "---\ntitle: C\ndepends_on: [d]\n---\n"),
        (
            "items/d.md",
            "---\ntitle: D\ntags: [x]\ndepends_on: [b]\n---\n",
        ),
        ("items/e.md", "---\ntitle: E\ndepends_on: [b]\n---\n"),
    ]);
    let d = only(&backlog);
    assert_at(d, "items/b.md", 3, 14, "dependency-cycle");
    assert_eq!(d.message, "dependency cycle: b → c → d → b");
}

#[test]
fn self_dependencies_are_cycles() {
    let backlog = load(&[
        ("items/a.md", "---\ntitle: A\ndepends_on: [z, a]\n---\n"),
        ("items/z.md", "---\ntitle: Z\n---\n"),
    ]);
    let d = only(&backlog);
    assert_at(d, "items/a.md", 3, 17, "dependency-cycle");
    assert_message(d, &["'a' depends on itself"]);
}

// ------------------------------------------------------------------ dates

#[test]
fn bad_dates_are_reported_at_the_value() {
    let backlog = support::load(&[
        ("feedback/a.md", "---\ndate: 2026-02-30\n---\n"),
        ("feedback/b.md", "---\nfrom: x\ndate: soon\n---\n"),
        ("feedback/c.md", "---\ndate: 14/10/2026\n---\n"),
        ("goals/g.md", "---\ntitle: G\ndue: 2027-13-01\n---\n"),
        ("rankdown.yaml", "as_of: 2026-11-31\n"),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("feedback/a.md", 2, 7, "bad-date"),
            ("feedback/b.md", 3, 7, "bad-date"),
            ("feedback/c.md", 2, 7, "bad-date"),
            ("goals/g.md", 3, 6, "bad-date"),
            ("rankdown.yaml", 1, 8, "bad-date"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_eq!(
        backlog.diagnostics[0].message,
        "'date' is not a valid date: '2026-02-30'"
    );
    assert_eq!(
        backlog.diagnostics[1].message,
        "'date' is not a valid date: 'soon'"
    );
    assert!(help(&backlog.diagnostics[0]).contains("YYYY-MM-DD"));
}

#[test]
fn leap_days_are_dates_only_in_leap_years() {
    let backlog = load(&[
        ("feedback/a.md", "---\ndate: 2028-02-29\n---\n"),
        ("feedback/b.md", "---\ndate: 2027-02-29\n---\n"),
    ]);
    assert_at(only(&backlog), "feedback/b.md", 2, 7, "bad-date");
}

// ------------------------------------------------------------ bytes, lines

#[test]
fn non_utf8_bytes_are_located_at_the_first_bad_byte() {
    let backlog = load_bytes(&[
        ("rankdown.yaml", b""),
        (
            "feedback/n.md",
            b"---\ndate: 2026-10-01\n---\n\nna\xC3\xAFve caf\xE9 \xFF\n",
        ),
        ("items/a.md", b"\xFE---\ntitle: A\n---\n"),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            // "naïve caf" is 9 characters (ï is two bytes, one column).
            ("feedback/n.md", 5, 10, "encoding"),
            ("items/a.md", 1, 1, "encoding"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_message(&backlog.diagnostics[0], &["not valid UTF-8", "0xE9"]);
    assert_message(&backlog.diagnostics[1], &["0xFE"]);
    assert!(help(&backlog.diagnostics[0]).contains("UTF-8"));
}

#[test]
fn a_bom_is_accepted_and_moves_no_position() {
    let backlog = load(&[
        GOAL,
        ITEM,
        ("items/a.md", "\u{feff}---\ntitle: A\nstatus: redy\n---\n"),
        (
            "feedback/n.md",
            "\u{feff}---\ndate: 2026-10-01\n---\nSee [[ci-cache]] and [[nope]].\n",
        ),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("feedback/n.md", 4, 22, "unknown-item"),
            ("items/a.md", 3, 9, "unknown-value"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_eq!(backlog.items.len(), 2);
}

#[test]
fn a_bom_in_the_config_is_accepted() {
    let backlog = support::load(&[("rankdown.yaml", "\u{feff}modle: rice\n")]);
    let d = only(&backlog);
    assert_at(d, "rankdown.yaml", 1, 1, "unknown-field");
}

#[test]
fn crlf_line_endings_are_accepted_with_positions_intact() {
    let crlf = |text: &str| text.replace('\n', "\r\n");
    let item = crlf("---\ntitle: A\nefort: S\nstatus: ready\n---\nBody.\n");
    let note =
        crlf("---\ndate: 2026-10-01\nfrom: priya\n---\n\nIntro.\n\n> slow [[ci-cache]] [[nope]]\n");
    let backlog = load(&[GOAL, ITEM, ("items/a.md", &item), ("feedback/n.md", &note)]);
    assert_eq!(
        located(&backlog),
        vec![
            ("feedback/n.md", 8, 21, "unknown-item"),
            ("items/a.md", 3, 1, "unknown-field"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    let a = backlog.item("a").expect("item a");
    assert_eq!(backlog.items[a].title, "A", "no stray carriage return");
    let ci = backlog.item("ci-cache").expect("ci-cache");
    assert_eq!(backlog.links.evidence[ci].len(), 1);
    assert_eq!(
        backlog.links.evidence[ci][0].quotes,
        vec!["slow".to_owned()]
    );
}

#[test]
fn crlf_and_lf_give_the_same_priorities() {
    let lf = [
        GOAL,
        ITEM,
        (
            "feedback/n.md",
            "---\ndate: 2026-10-01\nfrom: priya\n---\n\nIntro.\n\n> slow [[ci-cache]]\n",
        ),
    ];
    let crlf: Vec<(String, String)> = lf
        .iter()
        .map(|(p, t)| ((*p).to_owned(), t.replace('\n', "\r\n")))
        .collect();
    let crlf: Vec<(&str, &str)> = crlf.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (a, b) = (load(&lf), load(&crlf));
    assert!(a.diagnostics.is_empty(), "{:#?}", a.diagnostics);
    assert!(b.diagnostics.is_empty(), "{:#?}", b.diagnostics);
    assert_eq!(support::priorities(&a), support::priorities(&b));
}

#[test]
fn empty_files_are_reported() {
    let backlog = load(&[
        ("items/a.md", ""),
        ("goals/g.md", "\n  \n"),
        ("feedback/n.md", "\u{feff}"),
    ]);
    assert_eq!(
        located(&backlog),
        vec![
            ("feedback/n.md", 1, 1, "empty-file"),
            ("goals/g.md", 1, 1, "empty-file"),
            ("items/a.md", 1, 1, "empty-file"),
        ],
        "{:#?}",
        backlog.diagnostics
    );
    assert_message(&backlog.diagnostics[0], &["empty"]);
}

#[test]
fn an_empty_config_means_defaults() {
    let backlog = load(&[GOAL, ITEM]);
    assert!(backlog.diagnostics.is_empty(), "{:#?}", backlog.diagnostics);
}

#[test]
fn files_over_max_file_bytes_are_reported_naming_the_limit() {
    let big = format!("---\ntitle: Big\n---\n{}\n", "x".repeat(200));
    let exact = format!("---\ntitle: Exact\n---\n{}\n", "y".repeat(100 - 22));
    assert_eq!(exact.len(), 100);
    let backlog = support::load(&[
        ("rankdown.yaml", "max_file_bytes: 100\n"),
        ("items/big.md", &big),
        ("items/exact.md", &exact),
    ]);
    let d = only(&backlog);
    assert_at(d, "items/big.md", 1, 1, "too-large");
    assert_message(d, &["100 bytes", "max_file_bytes", &big.len().to_string()]);
    assert_eq!(backlog.items.len(), 1, "the file at the limit is read");
}

/// `rankdown.yaml` comes with the content: a pull request cannot raise the
/// limit past 64 MiB to make rankdown read or inflate a huge file.
#[test]
fn max_file_bytes_past_64_mib_is_an_error_and_the_default_holds() {
    let backlog = support::load(&[("rankdown.yaml", "\nmax_file_bytes: 67108865\n")]);
    let d = only(&backlog);
    assert_at(d, "rankdown.yaml", 2, 17, "type");
    assert_message(d, &["max_file_bytes", "67108864"]);
    assert_eq!(backlog.config.max_file_bytes, 1_048_576);
    let at_most = support::load(&[("rankdown.yaml", "max_file_bytes: 67108864\n")]);
    assert!(at_most.diagnostics.is_empty(), "{:#?}", at_most.diagnostics);
    assert_eq!(at_most.config.max_file_bytes, 67_108_864);
}

#[test]
fn files_over_max_file_bytes_on_disk_are_reported_by_the_binary() {
    let big = format!("---\ntitle: Big\n---\n{}\n", "x".repeat(200));
    let scratch = Scratch::new(&[
        ("rankdown.yaml", b"max_file_bytes: 100\n"),
        ("items/big.md", big.as_bytes()),
    ]);
    let out = scratch.run(&["check", "--format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "backlog/items/big.md:1:1: error: this file is {} bytes, over the limit of 100 bytes (max_file_bytes); it was not read (split it, or raise max_file_bytes in rankdown.yaml)\n",
            big.len()
        )
    );
}

// ------------------------------------------------------ hostile YAML input

#[test]
fn yaml_alias_bombs_are_errors_not_hangs() {
    let mut yaml = String::from(
        "---\ntitle: Bomb\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..=12 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        let _ = writeln!(yaml, "x{level}: &a{level} [{refs}]");
    }
    yaml.push_str("---\n");
    let backlog = load(&[("items/bomb.md", &yaml)]);
    let d = only(&backlog);
    assert_eq!(
        (d.path.as_str(), d.code),
        ("items/bomb.md", "yaml"),
        "{d:?}"
    );
    assert!(
        d.line >= 3 && d.line <= 16,
        "located in the front matter: {d:?}"
    );
    assert_message(d, &["invalid YAML"]);
}

#[test]
fn yaml_alias_bomb_messages_are_plain_and_complete() {
    let mut yaml = String::from("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in ('b'..='k').zip('a'..='j') {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        let _ = writeln!(yaml, "{name}: &{name} [{refs}]");
    }
    yaml.push_str("---\n");
    let backlog = load(&[("items/bomb.md", &yaml)]);
    let d = only(&backlog);
    // The message must not carry positions counted from the YAML block
    // (they are one line off from the file's) nor be cut off mid-sentence.
    assert!(
        !d.message.contains("line "),
        "block-relative position in the message: {}",
        d.message
    );
    assert_eq!(
        d.message.matches('(').count(),
        d.message.matches(')').count(),
        "cut-off message: {}",
        d.message
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let flow = format!(
        "---\ntitle: Deep\ntags: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut block = String::from("---\ntitle: Deep\ntags:\n");
    for depth in 1..200 {
        block.push_str(&"  ".repeat(depth));
        block.push_str("-\n");
    }
    block.push_str("---\n");
    let backlog = load(&[("items/flow.md", &flow), ("items/block.md", &block)]);
    let found: Vec<(&str, &str)> = backlog
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.code))
        .collect();
    assert_eq!(
        found,
        vec![("items/block.md", "yaml"), ("items/flow.md", "yaml")]
    );
    for d in &backlog.diagnostics {
        assert!(d.line >= 3, "located in the front matter: {d:?}");
    }
    assert_eq!(
        backlog.diagnostics[1].line, 3,
        "{:?}",
        backlog.diagnostics[1]
    );
}

#[test]
fn deep_nesting_messages_are_plain_words() {
    let mut block = String::from("---\ntitle: Deep\ntags:\n");
    for depth in 1..60 {
        block.push_str(&"  ".repeat(depth));
        block.push_str("-\n");
    }
    block.push_str("---\n");
    let backlog = load(&[("items/block.md", &block)]);
    let d = only(&backlog);
    assert!(
        !d.message.contains('{') && !d.message.contains("Depth"),
        "developer-facing message: {}",
        d.message
    );
}

#[test]
fn the_binary_survives_hostile_yaml() {
    let deep = format!(
        "---\ntitle: Deep\ntags: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let scratch = Scratch::new(&[("rankdown.yaml", b""), ("items/deep.md", deep.as_bytes())]);
    let (code, list) = check_json(&scratch);
    assert_eq!(code, 1);
    assert_eq!(list.len(), 1, "{list:#?}");
    assert_eq!(list[0]["path"], "backlog/items/deep.md");
    assert_eq!(list[0]["code"], "yaml");
    assert_eq!(list[0]["line"], 3);
}

// --------------------------------------------------------------- symlinks

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_root_are_warnings_naming_the_link() {
    use std::os::unix::fs::symlink;

    let scratch = Scratch::new(&[
        ("rankdown.yaml", b""),
        ("items/a.md", b"---\ntitle: A\n---\n"),
    ]);
    let outside = scratch.temp.path().join("outside.md");
    std::fs::write(&outside, "---\ntitle: Secret\n---\n").expect("write");
    std::fs::create_dir(scratch.temp.path().join("elsewhere")).expect("mkdir");
    std::fs::write(
        scratch.temp.path().join("elsewhere/n.md"),
        "---\ndate: 2026-10-01\n---\n",
    )
    .expect("write");
    let root = scratch.root();
    symlink(&outside, root.join("items/absolute.md")).expect("symlink");
    symlink("../../outside.md", root.join("items/relative.md")).expect("symlink");
    symlink("../../elsewhere", root.join("items/folder")).expect("symlink");
    symlink("a.md", root.join("items/inside.md")).expect("symlink");
    let out = scratch.run(&["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        vec!["a", "inside"],
        "links inside the root are followed"
    );

    let out = scratch.run(&["check", "--format", "short"]);
    assert_eq!(
        text(&out.stdout),
        "backlog/items/absolute.md:1:1: warning: this symbolic link points outside the backlog root and was not followed\n\
         backlog/items/folder:1:1: warning: this symbolic link points outside the backlog root and was not followed\n\
         backlog/items/relative.md:1:1: warning: this symbolic link points outside the backlog root and was not followed\n\
         backlog/PRIORITIES.md:1:1: error: PRIORITIES.md does not exist (run `rankdown` to generate it, then commit it)\n"
    );
    let (_, list) = check_json(&scratch);
    assert_eq!(list[0]["severity"], "warning");
    assert_eq!(list[0]["code"], "symlink-outside");

    // Warnings do not fail a run: rank writes, then check passes.
    let out = scratch.run(&["rank"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = scratch.run(&["check", "--format", "short"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(!text(&scratch.read("PRIORITIES.md")).contains("Secret"));
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_a_warning_too() {
    use std::os::unix::fs::symlink;

    let scratch = Scratch::new(&[("rankdown.yaml", b"")]);
    std::fs::create_dir_all(scratch.root().join("feedback")).expect("mkdir");
    symlink("nowhere.md", scratch.root().join("feedback/gone.md")).expect("symlink");
    let (code, list) = check_json(&scratch);
    assert_eq!(code, 1, "PRIORITIES.md is missing");
    assert_eq!(
        json_located(&list),
        owned(&[
            ("backlog/feedback/gone.md", 1, 1, "symlink-outside"),
            ("backlog/PRIORITIES.md", 1, 1, "missing-output"),
        ])
    );
}

// ------------------------------------------------------------ output path

#[test]
fn output_outside_the_root_or_in_content_is_a_usage_error() {
    // (extra config, output, words of the reason); `{abs}` is an absolute
    // path inside the scratch folder, so a regression writes nowhere else.
    let cases = [
        ("", "../PRIORITIES.md", "inside the backlog root"),
        ("", "{abs}/PRIORITIES.md", "inside the backlog root"),
        ("", "items/PRIORITIES.md", "must not be inside"),
        ("", "feedback/deep/PRIORITIES.md", "must not be inside"),
        ("", "goals", "must not be inside"),
        ("", "./items/../goals/P.md", "must not be inside"),
        (
            "folders: {items: work}\n",
            "work/P.md",
            "must not be inside",
        ),
        ("", "rankdown.yaml", "overwrite"),
    ];
    for (extra, output, reason) in cases {
        let scratch = Scratch::new(&[("items/a.md", b"---\ntitle: A\n---\n")]);
        let output = output.replace("{abs}", &scratch.temp.path().to_string_lossy());
        let config = format!("{extra}output: {output}\n");
        scratch.write("rankdown.yaml", config.as_bytes());
        for command in ["rank", "check"] {
            let out = scratch.run(&[command]);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{output} {command}: {stderr}");
            assert!(stderr.contains(&format!("'{output}'")), "{stderr}");
            assert!(stderr.contains(reason), "{stderr}");
            assert!(out.stdout.is_empty());
        }
        // Nothing was written: not beside the backlog, not inside it.
        let names = |dir: &Path| {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .expect("read dir")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(scratch.temp.path()), vec!["backlog"], "{output}");
        assert_eq!(
            names(&scratch.root()),
            vec!["items", "rankdown.yaml"],
            "{output}"
        );
        assert_eq!(
            names(&scratch.root().join("items")),
            vec!["a.md"],
            "{output}"
        );
        assert_eq!(scratch.read("rankdown.yaml"), config.as_bytes(), "{output}");
    }
}

#[cfg(unix)]
#[test]
fn output_through_a_symlinked_folder_outside_the_root_is_refused() {
    use std::os::unix::fs::symlink;

    let scratch = Scratch::new(&[
        ("rankdown.yaml", b"output: docs/PRIORITIES.md\n"),
        ("items/a.md", b"---\ntitle: A\n---\n"),
    ]);
    let outside = scratch.temp.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    symlink(&outside, scratch.root().join("docs")).expect("symlink");
    let out = scratch.run(&["rank"]);
    assert!(
        !outside.join("PRIORITIES.md").exists(),
        "rank wrote outside the backlog root through the `docs` symlink"
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

// ------------------------------------------------------ a run, as a whole

#[test]
fn every_problem_of_a_run_is_reported_at_once() {
    let scratch = Scratch::new(&[
        ("rankdown.yaml", b"as_of: 2026-11-01\nmodle: rice\n"),
        ("goals/g.md", b"---\ntitle: G\nweight: heavy\n---\n"),
        ("items/a.md", b"---\ntitle: A\ngaols: [g]\n---\n"),
        ("items/b.md", b"title: B\n"),
        (
            "items/c.md",
            b"---\ntitle: C\nstatus: redy\ndepends_on: [nope]\n---\n",
        ),
        (
            "feedback/n.md",
            b"---\ndate: soon\n---\n\nSee [[a]] and [[zzz]].\n",
        ),
        (
            "feedback/m.md",
            b"---\ndate: 2026-10-01\ntitle: wrong kind\n---\n",
        ),
    ]);
    let (code, list) = check_json(&scratch);
    assert_eq!(code, 1);
    assert_eq!(
        json_located(&list),
        owned(&[
            ("backlog/feedback/m.md", 3, 1, "unknown-field"),
            ("backlog/feedback/n.md", 2, 7, "bad-date"),
            ("backlog/feedback/n.md", 5, 15, "unknown-item"),
            ("backlog/goals/g.md", 3, 9, "type"),
            ("backlog/items/a.md", 3, 1, "unknown-field"),
            ("backlog/items/b.md", 1, 1, "no-front-matter"),
            ("backlog/items/c.md", 3, 9, "unknown-value"),
            ("backlog/items/c.md", 4, 14, "unknown-item"),
            ("backlog/rankdown.yaml", 2, 1, "unknown-field"),
        ])
    );

    // The human form shows all of them too, with a count.
    let out = scratch.run(&["check"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.ends_with("9 errors\n"), "{stderr}");
    assert!(stderr.contains(" --> backlog/items/c.md:4:14"), "{stderr}");
    assert!(stderr.contains("did you mean 'goals'?"), "{stderr}");
}

#[test]
fn paths_are_relative_to_the_current_directory() {
    let scratch = Scratch::new(&[
        ("rankdown.yaml", b""),
        ("items/a.md", b"---\ntitle: A\nstatus: redy\n---\n"),
    ]);
    let expected = "items/a.md:3:9: error: unknown status 'redy'";
    // From the backlog's parent, with --root.
    let out = scratch.run(&["check", "--format", "short"]);
    assert!(text(&out.stdout).starts_with(&format!("backlog/{expected}")));
    // From the backlog root, found without --root.
    let out = run_from(&scratch.root(), &["check", "--format", "short"]);
    assert!(
        text(&out.stdout).starts_with(expected),
        "{}",
        text(&out.stdout)
    );
    // From a folder below the root, found by walking up.
    let below = scratch.root().join("items");
    let out = run_from(&below, &["check", "--format", "github"]);
    assert!(
        text(&out.stdout).starts_with("::error file=../items/a.md,line=3,col=9,"),
        "{}",
        text(&out.stdout)
    );
    // With --root ., no prefix.
    let out = run_from(
        &scratch.root(),
        &["check", "--format", "short", "--root", "."],
    );
    assert!(
        text(&out.stdout).starts_with(expected),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn duplicate_ids_name_the_other_file_as_the_user_sees_it() {
    let scratch = Scratch::new(&[
        ("rankdown.yaml", b""),
        ("items/a.md", b"---\ntitle: A\n---\n"),
        ("items/z.md", b"---\nid: a\ntitle: Z\n---\n"),
    ]);
    let (_, list) = check_json(&scratch);
    assert_eq!(list[0]["path"], "backlog/items/z.md");
    assert_eq!(
        (list[0]["line"].as_u64(), list[0]["column"].as_u64()),
        (Some(2), Some(5))
    );
    let message = list[0]["message"].as_str().expect("message");
    assert!(
        message.contains("backlog/items/a.md"),
        "the other file should be named relative to the current directory, like the diagnostic's own path: {message}"
    );
}

#[test]
fn priorities_md_is_left_untouched_when_the_content_is_invalid() {
    let old = b"# Priorities\n\nhand-made, stale, but must not be touched\n";
    let scratch = Scratch::new(&[
        ("rankdown.yaml", b""),
        ("items/a.md", b"---\ntitle: A\nstatus: redy\n---\n"),
        ("PRIORITIES.md", old),
    ]);
    let path = scratch.root().join("PRIORITIES.md");
    let before = std::fs::metadata(&path)
        .expect("metadata")
        .modified()
        .expect("mtime");
    for args in [&[][..], &["rank"][..]] {
        let out = scratch.run(args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(" --> backlog/items/a.md:3:9"), "{stderr}");
        assert!(
            stderr.contains("backlog/PRIORITIES.md left untouched"),
            "{stderr}"
        );
        assert_eq!(scratch.read("PRIORITIES.md"), old);
    }
    let after = std::fs::metadata(&path)
        .expect("metadata")
        .modified()
        .expect("mtime");
    assert_eq!(before, after);
    let mut names: Vec<String> = std::fs::read_dir(scratch.root())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["PRIORITIES.md", "items", "rankdown.yaml"],
        "no temp file left"
    );

    // check fails on the content, without a diff, and writes nothing.
    let out = scratch.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stderr).contains("(expected)"));
    assert_eq!(scratch.read("PRIORITIES.md"), old);
}

#[test]
fn usage_errors_exit_2() {
    let scratch = Scratch::new(&[
        ("rankdown.yaml", b""),
        ("items/ci-cache.md", b"---\ntitle: A\n---\n"),
    ]);
    let out = scratch.run(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("'--bogus'"),
        "{}",
        text(&out.stderr)
    );

    let out = scratch.run(&["list", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));

    let out = scratch.run(&["explain", "no-such-id"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "error: no item with id 'no-such-id'\n");
    assert!(out.stdout.is_empty());

    let out = scratch.run(&["explain", "ci-cach"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean 'ci-cache'?"));

    // No rankdown.yaml anywhere up from the current directory.
    let empty = tempfile::tempdir().expect("temp dir");
    let out = rankdown()
        .arg("check")
        .current_dir(empty.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no rankdown.yaml found"),
        "{}",
        text(&out.stderr)
    );

    // --root naming a folder without one.
    let out = run_from(scratch.temp.path(), &["check", "--root", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no rankdown.yaml in nowhere"));
    assert!(
        scratch.temp.path().read_dir().expect("dir").count() == 1,
        "nothing created"
    );
}

// ------------------------------------------------------------------ bodies

#[test]
fn references_in_code_are_not_references() {
    let backlog = load(&[
        GOAL,
        ITEM,
        (
            "feedback/n.md",
            "---\ndate: 2026-10-01\nfrom: priya\n---\n\nWrite `[[x]]` to link.\n\n```\n[[y]]\n```\n\n~~~md\n[[z]]\n~~~\n\n    [[w]] indented\n\nThe [cache](../items/ci-cache.md) though.\n",
        ),
    ]);
    assert!(backlog.diagnostics.is_empty(), "{:#?}", backlog.diagnostics);
    let ci = backlog.item("ci-cache").expect("ci-cache");
    assert_eq!(backlog.links.evidence[ci].len(), 1, "the real link counts");
}

#[test]
fn a_dashed_block_further_down_is_body_text() {
    let note = "---\ndate: 2026-10-01\nfrom: priya\n---\n\nFirst paragraph.\n\n---\nitems: [nope]\n---\n\nAfter it [[ci-cache]] and [[ghost]].\n";
    let backlog = load(&[GOAL, ITEM, ("feedback/n.md", note)]);
    let d = only(&backlog);
    // `items: [nope]` is text (no diagnostic for `nope`); the later
    // references still count, at their place in the file.
    assert_at(d, "feedback/n.md", 12, 27, "unknown-item");
    assert_eq!(d.message, "no item with id 'ghost'");
    let ci = backlog.item("ci-cache").expect("ci-cache");
    assert_eq!(backlog.links.evidence[ci].len(), 1);
    assert_eq!(backlog.feedback[0].summary, "First paragraph.");
}
