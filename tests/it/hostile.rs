//! Content an attacker could put in a pull request (issue 7): inputs sized so
//! that quadratic work would run for minutes (the assertions are about
//! results, never time), scores that must stay finite, people who must not
//! be counted twice, and dates after today. See README "Running on untrusted
//! pull requests".

use std::fmt::Write as _;

use rankdown::backlog::Backlog;
use rankdown::date::Date;
use rankdown::diagnostic::Diagnostic;
use rankdown::rank;

use crate::support::{self, rankdown};

/// A backlog of `rankdown.yaml` (room for 4 MiB files) and `files`.
fn load(files: &[(&str, &str)]) -> Backlog {
    let mut all = vec![("rankdown.yaml", "max_file_bytes: 4194304\n")];
    all.extend_from_slice(files);
    support::load(&all)
}

fn with_code<'a>(backlog: &'a Backlog, code: &str) -> Vec<&'a Diagnostic> {
    backlog
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

/// Every number of every item in `list --format json` output is a number,
/// not `null` (what serde writes for infinity).
fn assert_scores_are_numbers(json: &str) {
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    for item in value["items"].as_array().expect("items") {
        for key in ["score", "business", "users", "effort", "confidence"] {
            assert!(item[key].is_number(), "{key} in {item}");
        }
    }
}

const GOAL: (&str, &str) = ("goals/g.md", "---\ntitle: G\n---\n");

// ------------------------------------------------------------ link scanning

/// 300,000 references on one 1.8 MB line: counting each one's column from
/// the start of the line, or building its quote from the whole paragraph,
/// would be quadratic (hours in a debug build).
#[test]
fn many_references_on_one_line_are_scanned_in_linear_time() {
    let count = 300_000;
    let body = "[[a]] ".repeat(count);
    let note = format!("---\nfrom: pat\ndate: 2026-01-01\n---\n{body}\n");
    let backlog = load(&[
        GOAL,
        ("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n"),
        ("feedback/n.md", &note),
    ]);
    assert!(backlog.diagnostics.is_empty(), "{:?}", backlog.diagnostics);
    let refs = &backlog.feedback[0].references;
    assert_eq!(refs.len(), count);
    let last = refs.last().expect("references");
    assert_eq!(
        (last.pos.line, last.pos.column),
        (5, 6 * (count as u32 - 1) + 1)
    );
    // The paragraph is the quote, cut at its limit, and kept once.
    assert!(
        last.quote.is_empty(),
        "a paragraph of links only quotes nothing"
    );
    assert_eq!(backlog.links.evidence[0].len(), 1);
}

/// 100,000 list items, each quoting different words: comparing every new
/// quote with the ones kept so far would be quadratic.
#[test]
fn many_distinct_quotes_are_kept_in_linear_time() {
    let count = 100_000;
    let mut note = String::from("---\nfrom: pat\ndate: 2026-01-01\n---\n");
    for i in 0..count {
        let _ = writeln!(note, "- [[a]] said {i}\n- [[a]] said {i}");
    }
    let backlog = load(&[
        GOAL,
        ("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n"),
        ("feedback/n.md", &note),
    ]);
    assert!(backlog.diagnostics.is_empty(), "{:?}", backlog.diagnostics);
    let evidence = &backlog.links.evidence[0];
    assert_eq!(evidence.len(), 1, "one note");
    assert_eq!(evidence[0].quotes.len(), count, "each distinct quote once");
    // A reference the sentence goes on after reads as its id.
    assert_eq!(
        evidence[0].quotes[count - 1],
        format!("a said {}", count - 1)
    );
}

// ------------------------------------------------------------- dependencies

/// A chain of 200,000 open entries, each waiting for the one before, with
/// the best own score at the far end: the old key propagation needed one
/// pass per link (quadratic) and inheritance recursed once per link (a stack
/// overflow in a test thread).
#[test]
fn a_long_dependency_chain_settles_without_recursion_or_quadratic_work() {
    let n = 200_000;
    let own: Vec<f64> = (0..n)
        .map(|i| if i == n - 1 { 10.0 } else { 0.0 })
        .collect();
    let people = vec![0; n];
    let names: Vec<String> = (0..n).map(|i| format!("i{i:06}")).collect();
    let ids: Vec<&str> = names.iter().map(String::as_str).collect();
    // Entry i waits for entry i - 1.
    let waits_for: Vec<Vec<usize>> = (0..n)
        .map(|i| if i == 0 { Vec::new() } else { vec![i - 1] })
        .collect();
    let mut inputs = rank::Inputs {
        own,
        people,
        ids,
        waits_for,
    };
    let settled = rank::settle(&inputs, 0.5, None);
    assert_eq!(
        settled.order,
        (0..n).collect::<Vec<_>>(),
        "every dependency first"
    );
    assert!((settled.score[n - 2] - 5.0).abs() < 1e-12);
    assert!(settled.score.iter().all(|s| s.is_finite()));

    // A cycle closing the whole chain is found without recursion too.
    let mut cyclic = inputs.waits_for.clone();
    cyclic[0].push(n - 1);
    let components = rankdown::link::components(&cyclic);
    assert_eq!(components.len(), 1);
    assert_eq!(components[0].len(), n);
    inputs.waits_for = cyclic;
    let settled = rank::settle(&inputs, 0.5, None);
    assert_eq!(settled.order.len(), n);
}

/// The whole pipeline on a 20,000-item chain that closes into a cycle: one
/// diagnostic names the cycle, from its smallest id.
#[test]
fn a_long_dependency_cycle_is_reported_once() {
    let n = 20_000;
    let mut texts = Vec::new();
    for i in 0..n {
        let next = (i + 1) % n;
        texts.push((
            format!("items/i{i:05}.md"),
            format!("---\ntitle: I\ndepends_on: [i{next:05}]\n---\n"),
        ));
    }
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let backlog = load(&files);
    let cycles = with_code(&backlog, "dependency-cycle");
    assert_eq!(
        cycles.len(),
        1,
        "{:?}",
        &backlog.diagnostics[..3.min(backlog.diagnostics.len())]
    );
    assert_eq!(cycles[0].path, "items/i00000.md");
    assert!(
        cycles[0]
            .message
            .starts_with("dependency cycle: i00000 → i00001 → i00002 → ")
    );
    assert!(cycles[0].message.ends_with(" → i19999 → i00000"));
    let ranking = rank::rank(&backlog);
    assert_eq!(ranking.ranked.len(), n);
}

/// In a cycle group with several loops, the shortest loop through the
/// smallest id is named, once.
#[test]
fn a_group_of_cycles_is_reported_once_by_its_shortest_loop() {
    let backlog = load(&[
        ("items/a.md", "---\ntitle: A\ndepends_on: [b]\n---\n"),
        ("items/b.md", "---\ntitle: B\ndepends_on: [c, a]\n---\n"),
        ("items/c.md", "---\ntitle: C\ndepends_on: [a]\n---\n"),
    ]);
    let cycles = with_code(&backlog, "dependency-cycle");
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert_eq!(cycles[0].message, "dependency cycle: a → b → a");
    assert_eq!(
        (cycles[0].path.as_str(), cycles[0].line, cycles[0].column),
        ("items/a.md", 3, 14)
    );
}

// ------------------------------------------------------------ finite scores

#[test]
fn an_effort_near_zero_is_a_diagnostic_at_its_line() {
    let backlog = load(&[
        GOAL,
        (
            "items/a.md",
            "---\ntitle: A\ngoals: [g]\neffort: 1e-310\n---\n",
        ),
        (
            "items/b.md",
            "---\ntitle: B\ngoals: [g]\neffort: 1e300\n---\n",
        ),
    ]);
    let found = with_code(&backlog, "type");
    let at: Vec<_> = found
        .iter()
        .map(|d| (d.path.as_str(), d.line, d.column))
        .collect();
    assert_eq!(at, [("items/a.md", 4, 9), ("items/b.md", 4, 9)]);
    assert!(
        found[0].message.contains("from 0.01 to 10000 person-weeks"),
        "{}",
        found[0].message
    );
    for s in rank::rank(&backlog).ranked {
        assert!(s.score.is_finite() && s.score > 0.0, "{s:?}");
    }
}

#[test]
fn weights_out_of_range_are_diagnostics_at_their_line() {
    let config = "weights:\n  users_factor: 1e308\n  dependency_inheritance: 2\n  effort: {M: 1e-310}\n  channel: {chat: 1e300}\n";
    let backlog = support::load(&[
        ("rankdown.yaml", config),
        GOAL,
        ("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n"),
        (
            "feedback/n.md",
            "---\nfrom: pat\nchannel: chat\ndate: 2026-01-01\nitems: [a]\n---\n",
        ),
    ]);
    let at: Vec<_> = backlog
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.line, d.code))
        .collect();
    assert_eq!(
        at,
        [
            ("rankdown.yaml", 2, "type"),
            ("rankdown.yaml", 3, "type"),
            ("rankdown.yaml", 4, "type"),
            ("rankdown.yaml", 5, "type"),
        ],
        "{:?}",
        backlog.diagnostics
    );
    let ranking = rank::rank(&backlog);
    assert!(ranking.ranked[0].score.is_finite());
    let shown: Vec<_> = ranking.ranked.iter().collect();
    assert_scores_are_numbers(
        &rankdown::render::json::list(&backlog, &ranking, &shown, false).expect("serialises"),
    );
}

/// Inheritance adds up along every path that waits: 1,200 layers of two
/// items, each waiting for both items of the layer below, with all of the
/// value passed on, double the score per layer (2^1200 overflows).
#[test]
fn inherited_scores_stay_finite_on_a_wide_deep_graph() {
    let layers = 1_200;
    let mut texts = vec![(
        "rankdown.yaml".to_owned(),
        "weights: {dependency_inheritance: 1}\n".to_owned(),
    )];
    texts.push((GOAL.0.to_owned(), GOAL.1.to_owned()));
    for layer in 0..layers {
        for side in ["a", "b"] {
            let deps = if layer == 0 {
                String::new()
            } else {
                format!("depends_on: [l{:04}a, l{:04}b]\n", layer - 1, layer - 1)
            };
            texts.push((
                format!("items/l{layer:04}{side}.md"),
                format!("---\ntitle: L\ngoals: [g]\n{deps}---\n"),
            ));
        }
    }
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let backlog = support::load(&files);
    assert!(
        backlog.diagnostics.is_empty(),
        "{:?}",
        backlog.diagnostics.first()
    );
    let ranking = rank::rank(&backlog);
    assert_eq!(ranking.ranked.len(), 2 * layers);
    for s in &ranking.ranked {
        assert!(s.score.is_finite() && s.inherited.is_finite(), "{s:?}");
    }
    let shown: Vec<_> = ranking.ranked.iter().collect();
    assert_scores_are_numbers(
        &rankdown::render::json::list(&backlog, &ranking, &shown, false).expect("serialises"),
    );
    // The foundations still rank first.
    let first = &backlog.items[ranking.ranked[0].item].id.value;
    assert!(first.starts_with("l0000"), "{first}");
}

// ------------------------------------------------------------------- people

fn note(from: &str) -> String {
    format!("---\nfrom: \"{from}\"\ndate: 2026-01-01\nitems: [a]\n---\n")
}

#[test]
fn names_that_look_the_same_count_as_one_person() {
    let (plain, invisible, wide) = (note("pat"), note("Pat\u{200B}"), note("ｐａｔ"));
    let backlog = load(&[
        GOAL,
        ("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n"),
        ("feedback/1.md", &plain),
        ("feedback/2.md", &invisible),
        ("feedback/3.md", &wide),
    ]);
    assert!(backlog.diagnostics.is_empty(), "{:?}", backlog.diagnostics);
    let ranking = rank::rank(&backlog);
    assert_eq!(
        ranking.ranked[0].people.len(),
        1,
        "{:?}",
        ranking.ranked[0].people
    );
    assert_eq!(ranking.ranked[0].people[0].notes, 3);
}

#[test]
fn a_name_that_mixes_scripts_is_warned_about() {
    // The second `a` is CYRILLIC SMALL LETTER A.
    let (plain, cyrillic) = (note("pat"), note("p\u{0430}t"));
    let backlog = load(&[
        GOAL,
        ("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n"),
        ("feedback/1.md", &plain),
        ("feedback/2.md", &cyrillic),
    ]);
    let found = with_code(&backlog, "mixed-script");
    assert_eq!(found.len(), 1, "{:?}", backlog.diagnostics);
    assert_eq!(
        (found[0].path.as_str(), found[0].line, found[0].column),
        ("feedback/2.md", 2, 7)
    );
    assert!(!found[0].is_error(), "a warning");
}

// -------------------------------------------------------------------- dates

#[test]
fn notes_dated_after_today_are_warned_about() {
    let backlog = load(&[
        GOAL,
        ("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n"),
        (
            "feedback/now.md",
            "---\nfrom: ana\ndate: 2026-06-01\nitems: [a]\n---\n",
        ),
        (
            "feedback/typo.md",
            "---\nfrom: bo\ndate: 9999-12-31\nitems: [a]\n---\n",
        ),
    ]);
    let today = Date::parse("2026-06-02").expect("date");
    let found = rank::future_dates(&backlog, today);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].path.as_str(), found[0].line, found[0].column),
        ("feedback/typo.md", 3, 7)
    );
    assert_eq!(
        found[0].message,
        "this note is dated 9999-12-31, after today (2026-06-02)"
    );
    assert!(!found[0].is_error());
    assert!(rank::future_dates(&backlog, Date::parse("9999-12-31").expect("date")).is_empty());
}

/// The command line warns (reading the clock), while PRIORITIES.md stays a
/// function of the content alone.
#[test]
fn the_future_date_warning_never_enters_priorities() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    for (path, text) in [
        ("rankdown.yaml", ""),
        GOAL,
        ("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n"),
        (
            "feedback/typo.md",
            "---\nfrom: bo\ndate: 9999-12-31\nitems: [a]\n---\n",
        ),
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let rank = rankdown().arg("--root").arg(root).output().expect("runs");
    let stderr = String::from_utf8_lossy(&rank.stderr);
    assert!(rank.status.success(), "{stderr}");
    assert!(stderr.contains("after today"), "{stderr}");
    let written = std::fs::read_to_string(root.join("PRIORITIES.md")).expect("written");
    assert!(
        !written.contains("today") && !written.contains("future-date"),
        "{written}"
    );
    let check = rankdown()
        .arg("--root")
        .arg(root)
        .arg("check")
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(0), "a warning is not a finding");
    assert!(String::from_utf8_lossy(&check.stderr).contains("after today"));
}
