//! The scoring models as their authors defined them (docs/ranking.md "The
//! other models"): terms given on items, their diagnostics, `--model`,
//! `rankdown config` and `rankdown compare`, on small backlogs and on
//! `sample-backlog/`.

use std::path::Path;

use rankdown::model::RankModel;
use rankdown::rank::{self, versus};

use crate::support::{self, copy_dir, rankdown, scratch};

/// A copy of `sample-backlog/` in a temp dir.
fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(Path::new("sample-backlog"), dir.path());
    dir
}

fn run(root: &Path, args: &[&str]) -> std::process::Output {
    rankdown()
        .arg("--root")
        .arg(root)
        .args(args)
        .env("GIT_CEILING_DIRECTORIES", root.parent().expect("parent"))
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

const GOAL: &str = "---\ntitle: Ship faster\nweight: 4\nhorizon: 3m\n---\n";

#[test]
fn given_terms_replace_derived_ones() {
    let item = "---\ntitle: Given\ngoals: {ship: low}\neffort: L\nconfidence: 50%\n\
                reach: 100\nimpact: massive\nwsjf: {value: 8, time: 5, rr_oe: 3, size: 5}\n\
                ice: {impact: 7, confidence: 6, ease: 8}\n---\n";
    let derived = "---\ntitle: Derived\ngoals: {ship: high}\neffort: 1\nconfidence: 0.8\n---\n";
    let note = "---\ndate: 2026-10-01\nfrom: ana\nitems: [derived]\n---\nSlow.\n";
    let backlog = support::load(&[
        ("rankdown.yaml", "as_of: 2026-10-01\n"),
        ("goals/ship.md", GOAL),
        ("items/given.md", item),
        ("items/derived.md", derived),
        ("feedback/a.md", note),
    ]);
    assert!(backlog.diagnostics.is_empty(), "{:?}", backlog.diagnostics);
    let score = |model, id: &str| {
        let ranking = rank::rank_with(&backlog, model);
        let item = backlog.item(id).expect("item");
        ranking.position(item).expect("ranked").score
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    // Reach 100 × massive 3 × 0.5 ÷ (4 weeks = 1 month).
    assert!(close(score(RankModel::Rice, "given"), 150.0));
    // (8 + 5 + 3) ÷ 5.
    assert!(close(score(RankModel::Wsjf, "given"), 3.2));
    assert!(close(score(RankModel::Ice, "given"), 336.0));
    // Derived: reach 1 person × high 2 × 0.8 ÷ at least half a month.
    assert!(close(score(RankModel::Rice, "derived"), 3.2));
    // Value: weight 4 × high 2 + 1 × ana's interview-less note (other 0.5 ×
    // medium 1 × recency 1) = 8.5 → 13; due in 91 days → 8; RR/OE 1; size 1.
    assert!(close(score(RankModel::Wsjf, "derived"), 22.0));
    // Impact 1 + 9 × v ÷ (v + 10) with v = 4 × 2 × 1 + 0.5; confidence 8; ease 10 ÷ 1.5.
    let v: f64 = 8.5;
    let ice = (1.0 + 9.0 * v / (v + 10.0)) * 8.0 * (10.0 / 1.5);
    assert!(close(score(RankModel::Ice, "derived"), ice));
}

#[test]
fn bad_framework_terms_are_located() {
    let item = "---\ntitle: Bad\nreach: -3\nimpact: huge\nwsjf: {value: 4, tiem: 5, size: 21}\nice: {impact: 11, ease: 0}\n---\n";
    let dir = scratch(&[("rankdown.yaml", ""), ("items/bad.md", item)]);
    let out = run(dir.path(), &["check", "--format", "short"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    for expected in [
        "items/bad.md:3:8: error: reach must be zero or more, not -3",
        "items/bad.md:4:9: error: impact 'huge' is not on its scale",
        "items/bad.md:5:15: error: wsjf.value 4 is not on its scale",
        "items/bad.md:5:18: error: unknown field 'tiem' in wsjf",
        "items/bad.md:5:33: error: wsjf.size 21 is not on its scale",
        "items/bad.md:6:15: error: ice.impact must be at most 10, not 11",
        "items/bad.md:6:25: error: ice.ease must be from 1 to 10, not 0",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    let human = text(&run(dir.path(), &["check"]).stderr);
    assert!(
        human.contains("use one of: 3 (massive), 2 (high), 1 (medium), 0.5 (low), 0.25 (minimal)"),
        "{human}"
    );
    assert!(human.contains("did you mean 'time'?"), "{human}");
}

#[test]
fn rank_writes_only_with_the_configured_model() {
    let dir = sample();
    let before = std::fs::read(dir.path().join("PRIORITIES.md")).expect("read");
    let out = run(dir.path(), &["rank", "--model", "rice"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("set `model: rice` in rankdown.yaml"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("PRIORITIES.md")).expect("read"),
        before
    );
    let out = run(dir.path(), &["rank", "--model", "evidence"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Once rankdown.yaml says rice, `rank --model rice` writes.
    let config = dir.path().join("rankdown.yaml");
    let yaml = std::fs::read_to_string(&config).expect("read");
    std::fs::write(&config, format!("{yaml}model: rice\n")).expect("write");
    let out = run(dir.path(), &["rank", "--model", "rice"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("PRIORITIES.md")).expect("read");
    assert!(
        written.contains("model `rice` (reach × impact × confidence ÷ effort;"),
        "{written}"
    );
    assert_eq!(run(dir.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn check_with_another_model_keeps_the_configured_output() {
    let dir = sample();
    let out = run(dir.path(), &["check", "--model", "rice"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("warning[no-reach]"), "{stderr}");
    assert!(stderr.contains("ranked with `evidence`"), "{stderr}");
    // The configured model finds nothing to warn about.
    let out = run(dir.path(), &["check", "--model", "evidence"]);
    assert!(!text(&out.stderr).contains("no-reach"));
    // A stale PRIORITIES.md is stale whatever --model says.
    std::fs::write(dir.path().join("PRIORITIES.md"), "old\n").expect("write");
    for model in ["evidence", "wsjf"] {
        let out = run(dir.path(), &["check", "--model", model]);
        assert_eq!(out.status.code(), Some(1), "{model}");
    }
}

#[test]
fn list_and_explain_take_the_model_for_one_run() {
    let dir = sample();
    for model in ["evidence", "rice", "wsjf", "ice"] {
        let out = run(dir.path(), &["list", "--model", model, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["model"], model);
        let first = &json["items"][0];
        assert!(
            first["terms"].as_array().is_some_and(|t| t.len() >= 3),
            "{first}"
        );
        let id = first["id"].as_str().expect("id");
        let out = run(dir.path(), &["explain", id, "--model", model]);
        let explained = text(&out.stdout);
        assert!(explained.contains(&format!("model {model}")), "{explained}");
    }
    // The configuration was not touched.
    let yaml = std::fs::read_to_string(dir.path().join("rankdown.yaml")).expect("read");
    assert!(!yaml.contains("model:"));
}

#[test]
fn config_pasted_back_ranks_the_same() {
    let dir = sample();
    let config = dir.path().join("rankdown.yaml");
    let yaml = std::fs::read_to_string(&config).expect("read");
    std::fs::write(
        &config,
        format!("{yaml}weights:\n  users_factor: 0.3\n  channel: {{chat: 0.45}}\n"),
    )
    .expect("write");
    assert_eq!(run(dir.path(), &["rank"]).status.code(), Some(0));
    let printed = run(dir.path(), &["config"]);
    assert_eq!(printed.status.code(), Some(0));
    let effective = text(&printed.stdout);
    assert!(effective.contains("users_factor: 0.3"), "{effective}");
    assert!(effective.contains("chat: 0.45"), "{effective}");
    for format in ["text", "json"] {
        let out = run(dir.path(), &["config", "--format", format]);
        std::fs::write(&config, &out.stdout).expect("write");
        let check = run(dir.path(), &["check"]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{format}: {}",
            text(&check.stderr)
        );
        assert_eq!(
            text(&run(dir.path(), &["config"]).stdout),
            effective,
            "{format}"
        );
    }
}

/// Values YAML must quote, or that hold a control character, are printed
/// escaped (never raw on the terminal) and read back as the same values.
#[test]
fn config_keeps_odd_values_exactly() {
    let dir = scratch(&[(
        "rankdown.yaml",
        "output: \"out: #1 \\u001b[31m.md\"\nfolders:\n  items: \"it ems\"\nimport:\n  team_domains: [\"a.example\", \"yes\", \"x\\u001b.example\", \"b,c.example\"]\n",
    )]);
    std::fs::create_dir_all(dir.path().join("it ems")).expect("mkdir");
    let first = run(dir.path(), &["config", "--format", "json"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).expect("JSON");
    assert_eq!(json["output"], "out: #1 \u{1b}[31m.md");
    assert_eq!(json["import"]["team_domains"][3], "b,c.example");
    let yaml = run(dir.path(), &["config"]);
    assert!(!yaml.stdout.contains(&0x1b), "{}", text(&yaml.stdout));
    assert!(
        text(&yaml.stdout).contains("output: \"out: #1 \\u001b[31m.md\""),
        "{}",
        text(&yaml.stdout)
    );
    std::fs::write(dir.path().join("rankdown.yaml"), &yaml.stdout).expect("write");
    let again = run(dir.path(), &["config", "--format", "json"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&again.stdout).expect("JSON"),
        json
    );
}

#[test]
fn config_reports_problems_in_rankdown_yaml_instead() {
    let dir = scratch(&[("rankdown.yaml", "model: rise\n")]);
    let out = run(dir.path(), &["config"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("did you mean 'rice'?"));
}

#[test]
fn compare_pairs_every_open_item() {
    let dir = sample();
    let out = run(dir.path(), &["compare", "rice", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["model"], "rice");
    assert_eq!(json["base"], "evidence");
    let items = json["items"].as_array().expect("items");
    let backlog = rankdown::backlog::load(
        &rankdown::source::WorkTree::new(dir.path()).expect("work tree"),
        rankdown::parse::Bodies::Keep,
    )
    .expect("loads");
    let ranking = rank::rank(&backlog);
    assert_eq!(items.len(), ranking.ranked.len());
    let mut base_ranks: Vec<i64> = Vec::new();
    for (at, item) in items.iter().enumerate() {
        let rank = item["rank"].as_i64().expect("rank");
        let base = item["base_rank"].as_i64().expect("base rank");
        assert_eq!(rank, at as i64 + 1);
        assert_eq!(item["move"].as_i64(), Some(base - rank));
        base_ranks.push(base);
    }
    base_ranks.sort_unstable();
    assert_eq!(base_ranks, (1..=items.len() as i64).collect::<Vec<_>>());
    let tau = json["kendall_tau_b"].as_f64().expect("tau");
    assert!((-1.0..=1.0).contains(&tau) && tau < 1.0, "{tau}");
    let moved = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .and_then(|i| i["move"].as_i64())
            .expect("listed")
            .abs()
    };
    let most: Vec<i64> = json["moves_most"]
        .as_array()
        .expect("list")
        .iter()
        .map(|id| moved(id.as_str().expect("id")))
        .collect();
    assert!(!most.is_empty());
    assert!(most.windows(2).all(|w| w[0] >= w[1]), "{most:?}");
    let largest = items
        .iter()
        .filter_map(|i| i["move"].as_i64())
        .map(i64::abs)
        .max();
    assert_eq!(most.first().copied(), largest);

    // The text form: the same τ, the model names, and the largest mover.
    let shown = text(&run(dir.path(), &["compare", "rice", "evidence"]).stdout);
    assert!(
        shown.starts_with("rice compared with evidence: "),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("Kendall's τ-b {tau:.2}")),
        "{shown}"
    );
    let first = json["moves_most"][0].as_str().expect("id");
    assert!(shown.contains(first), "{shown}");
}

#[test]
fn a_model_compared_with_itself_agrees_fully() {
    let dir = sample();
    let backlog = rankdown::backlog::load(
        &rankdown::source::WorkTree::new(dir.path()).expect("work tree"),
        rankdown::parse::Bodies::Keep,
    )
    .expect("loads");
    for model in [
        RankModel::Evidence,
        RankModel::Rice,
        RankModel::Wsjf,
        RankModel::Ice,
    ] {
        let same = versus::compare(&backlog, model, model);
        assert!(same.rows.iter().all(|r| r.moved() == 0));
        assert_eq!(same.tau_b, Some(1.0), "{model}");
        assert!(same.moves_most(5).is_empty());
    }
}
