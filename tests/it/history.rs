//! Git history: `diff`, `history`, `explain`'s git context and `stale`, in
//! throwaway repositories with pinned dates and isolated git config.

use std::process::Output;

use crate::support::{GitRepo, rankdown};

type Repo = GitRepo;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).expect("valid JSON")
}

const GOAL_CI: &str = "---\ntitle: Faster CI\nweight: 3\nhorizon: 6m\n---\n";
const CACHE: &str = "---\ntitle: Cache deps\ngoals: {ci: medium}\neffort: M\n---\n";
const LOGS: &str = "---\ntitle: Log search\ngoals: {ci: high}\neffort: M\n---\n";
const DOCS: &str = "---\ntitle: Better docs\neffort: L\n---\n";

/// A backlog in `backlog/` with logs ranked above cache, above docs.
fn backlog_repo() -> Repo {
    let mut repo = Repo::new();
    repo.write("README.md", "# project\n");
    repo.write("backlog/rankdown.yaml", "");
    repo.write("backlog/goals/ci.md", GOAL_CI);
    repo.write("backlog/items/cache.md", CACHE);
    repo.write("backlog/items/logs.md", LOGS);
    repo.write("backlog/items/docs.md", DOCS);
    repo.write(
        "backlog/feedback/old.md",
        "---\nchannel: chat\ndate: 2026-01-01\nfrom: bo\n---\nDocs are thin [[docs]].\n",
    );
    repo.commit("Start the backlog");
    repo
}

const ANA: &str = "---\nchannel: interview\ndate: 2026-01-10\nfrom: ana\nseverity: critical\n---\nThe build is slow [[cache]].\n";

#[test]
fn diff_names_new_feedback_and_items_pushed_down_in_text_md_and_json() {
    let mut repo = backlog_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("Interview with Ana");

    // BASE defaults to the merge base with main, HEAD to the work tree.
    let text = ok(&repo.run(&["diff", "--root", "backlog"]));
    assert!(text.contains("↑ 2 → 1  cache  Cache deps (up)"), "{text}");
    assert!(
        text.contains("new feedback from ana: backlog/feedback/ana.md (interview, 2026-01-10)"),
        "{text}"
    );
    assert!(text.contains("↓ 1 → 2  logs  Log search (down)"), "{text}");
    assert!(
        text.contains("overtaken by cache, which rose because new feedback from ana"),
        "{text}"
    );
    assert!(text.contains("1 ranked item unchanged."), "{text}");

    let md = ok(&repo.run(&["diff", "--root", "backlog", "--format", "md"]));
    assert!(
        md.contains("| ↑ | 2 → 1 | 0.90 → 2.40 | [**Cache deps**](backlog/items/cache.md) `cache` | new feedback from ana: [backlog/feedback/ana.md](backlog/feedback/ana.md) (interview, 2026-01-10) |"),
        "{md}"
    );
    assert!(
        md.contains("| ↓ | 1 → 2 | 1.80 → 1.80 | [**Log search**](backlog/items/logs.md) `logs` | overtaken by cache, which rose because new feedback"),
        "{md}"
    );

    // Paths are relative to the current directory.
    let doc = json(&repo.run_in(
        &repo.dir.join("backlog/items"),
        &["diff", "main", "feature", "--format", "json"],
    ));
    let main = repo.git(&["rev-parse", "main"]);
    assert_eq!(doc["base"], main.as_str());
    assert_eq!(doc["moves"].as_array().map(Vec::len), Some(2));
    let cache = &doc["moves"][0];
    assert_eq!(
        (
            cache["id"].as_str(),
            cache["from"].as_u64(),
            cache["to"].as_u64()
        ),
        (Some("cache"), Some(2), Some(1))
    );
    assert_eq!(cache["causes"][0]["kind"], "feedback-new");
    assert_eq!(cache["causes"][0]["person"], "ana");
    assert_eq!(cache["causes"][0]["note"], "../feedback/ana.md");
    assert_eq!(doc["moves"][1]["causes"][0]["items"][0], "cache");
}

#[test]
fn diff_names_goal_changes_own_edits_new_and_closed_items() {
    let mut repo = backlog_repo();
    let base = repo.git(&["rev-parse", "HEAD"]);
    repo.write(
        "backlog/goals/ci.md",
        "---\ntitle: Faster CI\nweight: 5\nhorizon: 3m\n---\n",
    );
    repo.write(
        "backlog/items/docs.md",
        "---\ntitle: Better docs\neffort: XS\ngoals: {ci: low}\n---\n",
    );
    repo.write(
        "backlog/items/logs.md",
        "---\ntitle: Log search\ngoals: {ci: high}\neffort: M\nstatus: done\n---\n",
    );
    repo.write(
        "backlog/items/search.md",
        "---\ntitle: Search\ngoals: {ci: critical}\neffort: XS\n---\n",
    );
    let head = repo.commit("Replan");
    // The work tree's config must not matter: diff reads it from the commits.
    repo.write("backlog/rankdown.yaml", "folders: {items: elsewhere}\n");

    let doc = json(&repo.run(&[
        "diff", &base, &head, "--root", "backlog", "--format", "json",
    ]));
    let moves = doc["moves"].as_array().expect("moves");
    let find = |id: &str| {
        moves
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id} moved: {doc:#}"))
    };
    let kinds = |m: &serde_json::Value| -> Vec<String> {
        m["causes"]
            .as_array()
            .expect("causes")
            .iter()
            .map(|c| c["kind"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let search = find("search");
    assert_eq!(
        (search["from"].as_u64(), search["to"].as_u64()),
        (None, Some(1))
    );
    assert_eq!(search["change"], "added");
    assert_eq!(kinds(search)[0], "item-added");
    let logs = find("logs");
    assert_eq!(logs["change"], "closed");
    assert!(logs["to"].is_null());
    assert!(kinds(logs).contains(&"status".to_owned()), "{logs:#}");
    let docs = find("docs");
    assert_eq!(kinds(docs), ["effort", "goal-link", "goal"], "{docs:#}");
    assert!(
        docs["causes"][2]["text"]
            .as_str()
            .is_some_and(|t| t.contains("weight 3 → 5") && t.contains("horizon 6m → horizon 3m")),
        "{docs:#}"
    );
}

#[test]
fn diff_head_defaults_to_the_work_tree_with_untracked_files_and_staged_is_the_index() {
    let repo = backlog_repo();
    repo.write("backlog/feedback/ana.md", ANA);
    let text = ok(&repo.run(&["diff", "--root", "backlog"]));
    assert!(text.contains("to work tree"), "{text}");
    assert!(text.contains("new feedback from ana"), "{text}");
    let staged = ok(&repo.run(&["diff", "--root", "backlog", "--staged"]));
    assert!(staged.contains("No item moved"), "{staged}");
    repo.git(&["add", "backlog/feedback/ana.md"]);
    let staged = ok(&repo.run(&["diff", "--root", "backlog", "--staged"]));
    assert!(staged.contains("new feedback from ana"), "{staged}");
}

#[test]
fn index_source_reads_the_staged_content_not_the_work_tree() {
    let repo = backlog_repo();
    repo.write(
        "backlog/items/cache.md",
        "---\ntitle: Staged title\neffort: M\n---\n",
    );
    repo.git(&["add", "backlog/items/cache.md"]);
    repo.write(
        "backlog/items/cache.md",
        "---\ntitle: Unstaged title\neffort: M\n---\n",
    );
    let git = gix::open(&repo.dir).expect("opens");
    let source = rankdown::source::GitSource::from_index(&git, "backlog").expect("index");
    let backlog = rankdown::backlog::load(&source, rankdown::parse::Bodies::Keep).expect("loads");
    assert!(!backlog.has_errors(), "{:?}", backlog.diagnostics);
    let cache = backlog.item("cache").expect("cache staged");
    assert_eq!(backlog.items[cache].title, "Staged title");
    assert_eq!(backlog.items.len(), 3);

    // The commit's tree still holds the committed title.
    let head = git.head_id().expect("head").detach();
    let source = rankdown::source::GitSource::from_commit(&git, head, "backlog").expect("tree");
    let backlog = rankdown::backlog::load(&source, rankdown::parse::Bodies::Keep).expect("loads");
    let cache = backlog.item("cache").expect("cache committed");
    assert_eq!(backlog.items[cache].title, "Cache deps");
}

fn points(doc: &serde_json::Value) -> Vec<(String, Option<u64>)> {
    doc["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| {
            (
                p["commit"].as_str().unwrap_or_default().to_owned(),
                p["rank"].as_u64(),
            )
        })
        .collect()
}

/// start → (feature: Ana's note) → README only → merge → rename cache.md.
fn repo_with_merge_and_rename() -> (Repo, Vec<String>) {
    let mut repo = backlog_repo();
    let start = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("backlog/feedback/ana.md", ANA);
    let note = repo.commit("Interview with Ana");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "# project, renamed\n");
    repo.write("backlog/PRIORITIES.md", "generated\n");
    repo.commit("Docs only");
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"]);
    repo.commits += 1;
    let merge = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["mv", "backlog/items/cache.md", "backlog/items/ci-cache.md"]);
    repo.write(
        "backlog/feedback/ana.md",
        &ANA.replace("[[cache]]", "[[ci-cache]]"),
    );
    let rename = repo.commit("Rename cache");
    (repo, vec![start, note, merge, rename])
}

#[test]
fn history_follows_first_parents_through_merges_and_renames() {
    let (repo, ids) = repo_with_merge_and_rename();
    let doc = json(&repo.run(&[
        "history", "ci-cache", "--root", "backlog", "--format", "json",
    ]));
    assert_eq!(doc["id"], "ci-cache");
    assert_eq!(doc["truncated"], false);
    // README and PRIORITIES.md changes are not points; the merge is.
    assert_eq!(
        points(&doc),
        [
            (ids[0].clone(), Some(2)),
            (ids[2].clone(), Some(1)),
            (ids[3].clone(), Some(1)),
        ]
    );
    assert_eq!(doc["points"][0]["date"], "2026-01-01");
    assert_eq!(doc["points"][2]["subject"], "Rename cache");

    let all = json(&repo.run(&[
        "history",
        "ci-cache",
        "--all-parents",
        "--root",
        "backlog",
        "--format",
        "json",
    ]));
    assert_eq!(
        points(&all),
        [
            (ids[0].clone(), Some(2)),
            (ids[1].clone(), Some(1)),
            (ids[2].clone(), Some(1)),
            (ids[3].clone(), Some(1)),
        ]
    );

    let text = ok(&repo.run(&["history", "ci-cache", "--root", "backlog"]));
    assert!(text.contains("Merge feature"), "{text}");
    assert!(
        text.contains("rank over time (taller is better): ▁██"),
        "{text}"
    );
    assert!(!text.contains("truncated"), "{text}");

    let unknown = repo.run(&["history", "ci-cach", "--root", "backlog"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean 'ci-cache'"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn history_in_a_shallow_clone_stops_at_the_boundary_and_says_so() {
    let (repo, ids) = repo_with_merge_and_rename();
    let clone = repo.dir.parent().expect("parent").join("shallow");
    let url = format!("file://{}", repo.dir.display());
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "2",
        &url,
        clone.to_str().expect("utf-8"),
    ]);
    let doc = json(&repo.run_in(
        &clone,
        &[
            "history", "ci-cache", "--root", "backlog", "--format", "json",
        ],
    ));
    assert_eq!(doc["truncated"], true);
    let got = points(&doc);
    assert_eq!(got.last(), Some(&(ids[3].clone(), Some(1))), "{doc:#}");
    assert!(got.len() < 3, "{doc:#}");
    let text = ok(&repo.run_in(&clone, &["history", "ci-cache", "--root", "backlog"]));
    assert!(
        text.contains("history is truncated: this is a shallow clone"),
        "{text}"
    );
}

#[test]
fn history_works_on_a_detached_head_and_from_a_linked_worktree() {
    let (repo, ids) = repo_with_merge_and_rename();
    repo.git(&["checkout", "-q", "--detach", &ids[2]]);
    let doc = json(&repo.run(&["history", "cache", "--root", "backlog", "--format", "json"]));
    assert_eq!(points(&doc).last(), Some(&(ids[2].clone(), Some(1))));

    let wt = repo.dir.parent().expect("parent").join("wt");
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    repo.add_worktree(&wt, &ids[3]);
    let doc = json(&repo.run_in(
        &wt.join("backlog"),
        &["history", "ci-cache", "--format", "json"],
    ));
    assert_eq!(points(&doc).len(), 3, "{doc:#}");
}

#[test]
fn without_a_repository_history_commands_exit_2_and_the_rest_works() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path().join("backlog");
    std::fs::create_dir_all(root.join("items")).expect("mkdir");
    std::fs::write(root.join("rankdown.yaml"), "").expect("write");
    std::fs::write(root.join("items/a.md"), "---\ntitle: A\n---\n").expect("write");
    let run = |args: &[&str]| {
        rankdown()
            .args(args)
            .current_dir(&root)
            .env("GIT_CEILING_DIRECTORIES", temp.path())
            .output()
            .expect("runs")
    };
    for args in [
        &["history", "a"][..],
        &["diff"][..],
        &["diff", "HEAD~1", "HEAD"][..],
        &["stale"][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("is not inside a git repository"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let doc = json(&run(&["explain", "a", "--format", "json"]));
    assert!(doc["git"].is_null(), "{doc:#}");
    assert!(!ok(&run(&["explain", "a"])).contains("Git:"));
    ok(&run(&["list"]));
}

#[test]
fn an_unborn_branch_has_no_history_but_explain_works() {
    let repo = Repo::new();
    repo.write("rankdown.yaml", "");
    repo.write("items/a.md", "---\ntitle: A\n---\n");
    let out = repo.run(&["history", "a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no commits yet"), "{}", stderr(&out));
    let doc = json(&repo.run(&["explain", "a", "--format", "json"]));
    assert!(doc["git"]["created"].is_null(), "{doc:#}");
    assert_eq!(doc["git"]["commits"], 0);
}

#[test]
fn explain_gives_git_dates_and_authors_deduplicated_by_mailmap() {
    let mut repo = backlog_repo();
    repo.write(
        ".mailmap",
        "Ana Lopez <ana@new.example> <ana@old.example>\n",
    );
    repo.commit("mailmap");
    repo.author = ("ana", "ana@old.example");
    repo.write(
        "backlog/items/cache.md",
        &CACHE.replace("effort: M", "effort: S"),
    );
    repo.commit("Smaller");
    repo.author = ("Ana Lopez", "ana@new.example");
    repo.write("backlog/items/cache.md", CACHE);
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("Back to M");
    let doc = json(&repo.run(&["explain", "cache", "--root", "backlog", "--format", "json"]));
    let git = &doc["git"];
    assert_eq!(git["created"], "2026-01-01");
    assert_eq!(git["last_changed"], "2026-01-04");
    assert_eq!(git["commits"], 3);
    assert_eq!(git["authors"], serde_json::json!(["Test", "Ana Lopez"]));
    assert_eq!(git["evidence"]["newest_date"], "2026-01-10");
    assert_eq!(git["evidence"]["newest_note"], "backlog/feedback/ana.md");
    assert_eq!(git["evidence"]["last_changed"], "2026-01-04");
    let text = ok(&repo.run(&["explain", "cache", "--root", "backlog"]));
    assert!(
        text.contains(
            "Git: created 2026-01-01 · last changed 2026-01-04 · 3 commits · by Test, Ana Lopez"
        ),
        "{text}"
    );
}

#[test]
fn stale_lists_open_items_without_recent_changes_oldest_first() {
    let mut repo = backlog_repo();
    repo.write(
        "backlog/items/logs.md",
        &LOGS.replace("effort: M", "effort: L"),
    );
    repo.commit("Logs bigger");
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("Ana");
    repo.write("backlog/items/new.md", "---\ntitle: Uncommitted\n---\n");
    // As of 2026-04-02: docs and logs last changed 2026-01-01 and -02; cache
    // has fresh evidence from 2026-01-03.
    let doc = json(&repo.run(&[
        "stale",
        "--root",
        "backlog",
        "--as-of",
        "2026-04-02",
        "--format",
        "json",
    ]));
    let ids: Vec<&str> = doc["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids, ["docs", "logs"], "{doc:#}");
    assert_eq!(doc["items"][0]["days"], 91);
    let text = ok(&repo.run(&[
        "stale",
        "--root",
        "backlog",
        "--as-of",
        "2026-04-02",
        "--days",
        "89",
    ]));
    assert!(text.contains("cache"), "{text}");
    assert!(text.contains("backlog/items/docs.md"), "{text}");
    let none = ok(&repo.run(&["stale", "--root", "backlog", "--as-of", "2026-01-05"]));
    assert!(none.contains("No open item"), "{none}");
}

#[test]
fn priorities_holds_no_git_values_so_check_passes_across_commits() {
    let mut repo = backlog_repo();
    ok(&repo.run(&["rank", "--root", "backlog", "-q"]));
    let before = std::fs::read_to_string(repo.dir.join("backlog/PRIORITIES.md")).expect("written");
    let head = repo.commit("Generated");
    assert!(!before.contains(&head[..7]));
    assert!(!before.contains("Test"), "{before}");
    ok(&repo.run(&["check", "--root", "backlog"]));
    ok(&repo.run(&["history", "cache", "--root", "backlog"]));
    let after = std::fs::read_to_string(repo.dir.join("backlog/PRIORITIES.md")).expect("kept");
    assert_eq!(before, after);
}

use std::fmt::Write as _;

/// A small deterministic generator (an LCG), so the repository is the same on every run.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.roll(from.len())]
    }
}

fn random_item(dice: &mut Dice, id: Option<&str>) -> String {
    let mut text = String::from("---\n");
    if let Some(id) = id {
        writeln!(text, "id: {id}").expect("writes to a String");
    }
    writeln!(text, "title: Item {}", dice.roll(1000)).expect("writes to a String");
    let status = dice.pick(&[
        "proposed",
        "ready",
        "in-progress",
        "proposed",
        "done",
        "dropped",
    ]);
    writeln!(text, "status: {status}").expect("writes to a String");
    let goals: Vec<String> = (0..dice.roll(3))
        .map(|_| {
            let goal = dice.pick(&["g0", "g1", "g2", "g3", "nope"]);
            let impact = dice.pick(&["low", "medium", "high", "critical"]);
            format!("{goal}: {impact}")
        })
        .collect();
    if !goals.is_empty() {
        writeln!(text, "goals: {{{}}}", goals.join(", ")).expect("writes to a String");
    }
    writeln!(
        text,
        "effort: {}",
        dice.pick(&["XS", "S", "M", "L", "XL", "3"])
    )
    .expect("writes to a String");
    writeln!(text, "confidence: {}", dice.pick(&["0.5", "0.8", "1"])).expect("writes to a String");
    if dice.roll(3) == 0 {
        let deps: Vec<&str> = (0..=dice.roll(2))
            .map(|_| dice.pick(&["i0", "i1", "i2", "i3", "i4", "i5", "missing"]))
            .collect();
        writeln!(text, "depends_on: [{}]", deps.join(", ")).expect("writes to a String");
    }
    text + "---\nBody.\n"
}

fn random_goal(dice: &mut Dice) -> String {
    let timing = if dice.roll(3) == 0 {
        format!("due: 2026-{:02}-15", dice.roll(12) + 1)
    } else {
        format!("horizon: {}", dice.pick(&["3m", "6m", "12m"]))
    };
    let status = dice.pick(&["active", "active", "active", "achieved"]);
    format!(
        "---\ntitle: Goal {}\nweight: {}\n{timing}\nstatus: {status}\n---\n",
        dice.roll(100),
        dice.roll(5) + 1
    )
}

fn random_note(dice: &mut Dice) -> String {
    let mut text = format!(
        "---\nchannel: {}\ndate: 2026-{:02}-{:02}\nseverity: {}\n",
        dice.pick(&["interview", "chat", "ticket", "mail", "survey"]),
        dice.roll(11) + 1,
        dice.roll(28) + 1,
        dice.pick(&["low", "medium", "high", "critical"]),
    );
    if dice.roll(4) != 0 {
        writeln!(
            text,
            "from: {}",
            dice.pick(&["ana", "bo", "Ana ", "cy", "di", "ana@x.test"])
        )
        .expect("writes to a String");
    }
    if dice.roll(2) == 0 {
        writeln!(text, "org: {}", dice.pick(&["acme", "globex"])).expect("writes to a String");
    }
    if dice.roll(2) == 0 {
        writeln!(
            text,
            "items: [{}]",
            dice.pick(&["i0", "i1", "i2", "dup", "zz"])
        )
        .expect("writes to a String");
    }
    text += "---\n";
    for _ in 0..=dice.roll(2) {
        if dice.roll(2) == 0 {
            write!(
                text,
                "It hurts [[{}]].\n\n",
                dice.pick(&["i0", "i1", "i2", "i3", "i4", "i5", "i6", "nope"])
            )
            .expect("writes to a String");
        } else {
            let file = dice.pick(&["i0", "i1", "i3", "i6", "i7", "moved"]);
            write!(text, "See [this](../items/{file}.md).\n\n").expect("writes to a String");
        }
    }
    text
}

/// Runs git with a pinned date that stays valid past the 31 days
/// `GitRepo::date` covers: one day per commit, from January on.
fn git_dated(repo: &Repo, args: &[&str]) {
    let day = repo.commits;
    let date = format!("2026-{:02}-{:02}T10:00:00Z", day / 28 + 1, day % 28 + 1);
    let out = repo
        .git_command(&repo.dir, args)
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit_dated(repo: &mut Repo, message: &str) {
    git_dated(repo, &["add", "-A"]);
    git_dated(repo, &["commit", "-q", "--allow-empty", "-m", message]);
    repo.commits += 1;
}

/// Every open item's rank and score by path, from a full load of `commit`'s tree.
fn full_ranks(
    repo: &rankdown::history::Repo,
    commit: gix::ObjectId,
) -> std::collections::BTreeMap<String, (usize, f64)> {
    let source = repo.at_commit(commit).expect("tree");
    let backlog = rankdown::backlog::load(&source, rankdown::parse::Bodies::Keep).expect("loads");
    rankdown::rank::rank(&backlog)
        .ranked
        .iter()
        .map(|s| (backlog.items[s.item].path.clone(), (s.rank, s.score)))
        .collect()
}

#[test]
fn incremental_history_ranks_every_item_as_a_full_load_of_each_commit_does() {
    let mut repo = Repo::new();
    let mut dice = Dice(7);
    repo.write("README.md", "# project\n");
    repo.write("backlog/rankdown.yaml", "");
    for g in ["g0", "g1", "g2"] {
        repo.write(&format!("backlog/goals/{g}.md"), &random_goal(&mut dice));
    }
    for i in 0..8 {
        let item = random_item(&mut dice, None);
        repo.write(&format!("backlog/items/i{i}.md"), &item);
    }
    repo.commit("Start");
    let configs = [
        "",
        "as_of: 2026-12-01\n",
        "weights:\n  half_life_days: 30\n  users_factor: 2\n  dependency_inheritance: 0.8\n",
        "model: rice\n",
        "model: wsjf\nas_of: 2026-06-01\n",
        "model: ice\n",
        // Files over 120 bytes (many items and notes) are too large: a limit changed in rankdown.yaml.
        "max_file_bytes: 120\n",
        // Folder names changed in rankdown.yaml: notes move to `notes/`.
        "folders: {feedback: notes}\n",
        "folders: {feedback: notes, goals: aims}\nmax_file_bytes: 400\n",
    ];
    let mut notes = 0;
    for n in 0..110 {
        let dir = &repo.dir.join("backlog");
        let existing = |folder: &str| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir.join(folder))
                .map(|d| {
                    d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };
        let items = existing("items");
        let subject = match dice.roll(15) {
            0..=2 | 12 | 13 => {
                notes += 1;
                repo.write(
                    &format!("backlog/feedback/n{notes}.md"),
                    &random_note(&mut dice),
                );
                "add a note"
            }
            3 => {
                let feedback = existing("feedback");
                if let Some(name) = feedback.get(dice.roll(feedback.len().max(1))) {
                    let path = format!("backlog/feedback/{name}");
                    if dice.roll(2) == 0 {
                        git_dated(&repo, &["rm", "-q", &path]);
                    } else {
                        repo.write(&path, &random_note(&mut dice));
                    }
                }
                "edit or remove a note"
            }
            4 | 5 => {
                let i = dice.roll(9);
                let id = (dice.roll(4) == 0).then(|| format!("i{}", dice.roll(9)));
                let item = random_item(&mut dice, id.as_deref());
                repo.write(&format!("backlog/items/i{i}.md"), &item);
                "add or edit an item"
            }
            6 => {
                if let Some(name) = items.get(dice.roll(items.len().max(1))) {
                    git_dated(&repo, &["rm", "-q", &format!("backlog/items/{name}")]);
                }
                "remove an item"
            }
            7 => {
                if let Some(name) = items.get(dice.roll(items.len().max(1))) {
                    let to = if dice.roll(2) == 0 { "moved" } else { "dup" };
                    let to = format!("backlog/items/{to}.md");
                    if !dir.join(&to[8..]).exists() {
                        git_dated(&repo, &["mv", &format!("backlog/items/{name}"), &to]);
                    }
                }
                "rename an item"
            }
            8 => {
                let g = dice.pick(&["g0", "g1", "g2", "g3"]);
                if dice.roll(4) == 0 {
                    let _ = repo.git_status(&["rm", "-q", &format!("backlog/goals/{g}.md")]);
                } else {
                    repo.write(&format!("backlog/goals/{g}.md"), &random_goal(&mut dice));
                }
                "edit a goal"
            }
            9 if dice.roll(2) == 0 => {
                // Who is who: aliases merge people, give an org, or clash.
                let people = dice.pick(&[
                    "",
                    "- key: ana\n  aliases: [bo, ana@x.test]\n  org: acme\n",
                    "- key: cy\n  name: Di\n- key: Bo\n  org: globex\n",
                    "- key: di\n  aliases: [ana]\n- key: ana\n",
                    "- name: nobody\n",
                ]);
                repo.write("backlog/people.yaml", people);
                "change people.yaml"
            }
            9 => {
                let config = configs[dice.roll(configs.len())];
                // Through the link when the config is one.
                let at = if dir.join("conf.yaml").exists() {
                    "backlog/conf.yaml"
                } else {
                    "backlog/rankdown.yaml"
                };
                repo.write(at, config);
                "change the config"
            }
            10 => {
                repo.write("README.md", &format!("# project {n}\n"));
                // Notes and goals also land where the renamed folders point.
                if dice.roll(2) == 0 {
                    repo.write(&format!("backlog/notes/m{n}.md"), &random_note(&mut dice));
                } else {
                    repo.write("backlog/aims/g0.md", &random_goal(&mut dice));
                }
                "outside the backlog, and the other folders"
            }
            #[cfg(unix)]
            14 => {
                // Links: to an item inside (followed, and its target edited
                // later), outside the backlog, to a folder, dangling; and away again.
                let link = format!("l{}", dice.roll(4));
                let path = dir.join(format!("items/{link}.md"));
                let target = dice.pick(&[
                    "i1.md",
                    "i2.md",
                    "../../README.md",
                    "../goals",
                    "gone.md",
                    "../feedback/n1.md",
                ]);
                if std::fs::symlink_metadata(&path).is_ok() {
                    std::fs::remove_file(&path).expect("remove link");
                } else {
                    std::os::unix::fs::symlink(target, &path).expect("symlink");
                }
                if dice.roll(3) == 0 {
                    // A link for the config, inside the backlog.
                    let config = dir.join("rankdown.yaml");
                    let kept = dir.join("conf.yaml");
                    if std::fs::symlink_metadata(&config).is_ok_and(|m| m.file_type().is_symlink())
                    {
                        std::fs::remove_file(&config).expect("remove link");
                        std::fs::rename(&kept, &config).expect("rename");
                    } else if config.exists() {
                        std::fs::rename(&config, &kept).expect("rename");
                        std::os::unix::fs::symlink("conf.yaml", &config).expect("symlink");
                    }
                }
                "add or remove a link"
            }
            _ => {
                let id = format!("i{}", dice.roll(9));
                let item = random_item(&mut dice, Some(&id));
                repo.write(&format!("backlog/items/x{}.md", dice.roll(3)), &item);
                "an item with an id of its own"
            }
        };
        // Goals that items name go away and come back.
        if n == 80 {
            for g in ["g0", "g1"] {
                let _ = repo.git_status(&["rm", "-q", &format!("backlog/goals/{g}.md")]);
            }
        } else if n == 82 || n == 90 {
            let goal = random_goal(&mut dice);
            let g = if n == 82 { "g0" } else { "g1" };
            repo.write(&format!("backlog/goals/{g}.md"), &goal);
        }
        commit_dated(&mut repo, subject);
        if n == 60 {
            // A merged branch, for the walk over every parent.
            git_dated(&repo, &["checkout", "-q", "-b", "side", "HEAD~3"]);
            repo.write("backlog/feedback/side.md", &random_note(&mut dice));
            commit_dated(&mut repo, "side note");
            git_dated(&repo, &["checkout", "-q", "main"]);
            git_dated(
                &repo,
                &["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
            );
            repo.commits += 1;
        }
    }

    let git = rankdown::history::Repo::discover(&repo.dir.join("backlog"))
        .expect("discovers")
        .expect("a repository");
    let tip = git.head().expect("head").expect("born");
    for first_parent_only in [true, false] {
        let points =
            rankdown::history::ranks::ranks_by_commit(&git, tip, first_parent_only).expect("walks");
        assert!(points.len() > 50, "{} points", points.len());
        let mut ranked = 0;
        for (commit, ranks) in points {
            // Scores too, exactly: a stale cached term shows even when no rank moves.
            assert_eq!(ranks, full_ranks(&git, commit), "at {commit}");
            ranked += ranks.len();
        }
        assert!(ranked > 200, "{ranked} ranks compared");
    }
}

/// Compares `actual` with the snapshot file `name` under `tests/it/snapshots/`;
/// `SNAPSHOTS=overwrite` rewrites it (review the diff before committing).
fn snapshot(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/snapshots")
        .join(name);
    if std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite") {
        std::fs::write(&path, actual).expect("writes the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("reads the snapshot");
    assert!(
        expected == actual,
        "{name} differs; expected:\n{expected}\nactual:\n{actual}"
    );
}

/// Commits between which every kind of move and of item cause occurs.
fn repo_with_every_cause() -> (Repo, Vec<String>) {
    let mut repo = Repo::new();
    let item = |title: &str, rest: &str| format!("---\ntitle: {title}\n{rest}---\n");
    let note = |who: &str, rest: &str, body: &str| {
        format!("---\nchannel: interview\ndate: 2026-01-10\nfrom: {who}\n{rest}---\n{body}\n")
    };
    repo.write("backlog/rankdown.yaml", "as_of: 2026-02-01\n");
    repo.write("backlog/goals/ci.md", GOAL_CI);
    repo.write(
        "backlog/goals/dx.md",
        "---\ntitle: Developer joy\nweight: 2\nhorizon: 12m\n---\n",
    );
    repo.write(
        "backlog/items/edited.md",
        &item(
            "Edited item",
            "goals: {ci: low, dx: medium}\neffort: M\nconfidence: 0.5\n",
        ),
    );
    repo.write(
        "backlog/items/steady.md",
        &item("Steady item", "goals: {ci: medium}\neffort: S\n"),
    );
    repo.write(
        "backlog/items/quiet.md",
        &item("Quiet item", "goals: {dx: low}\neffort: L\n"),
    );
    repo.write(
        "backlog/items/closing.md",
        &item("Closing item", "goals: {ci: high}\neffort: S\n"),
    );
    repo.write(
        "backlog/items/back.md",
        &item("Back item", "status: done\ngoals: {dx: low}\neffort: XS\n"),
    );
    repo.write(
        "backlog/items/gone.md",
        &item("Gone item", "goals: {ci: high}\neffort: XS\n"),
    );
    repo.write("backlog/items/heard.md", &item("Heard item", "effort: M\n"));
    repo.write(
        "backlog/feedback/ana.md",
        &note("ana", "severity: low\n", "Slow [[heard]]."),
    );
    repo.write(
        "backlog/feedback/bo.md",
        &note("bo", "", "Quiet please [[quiet]]."),
    );
    repo.write(
        "backlog/feedback/cy.md",
        &note("cy", "", "About [[steady]]."),
    );
    let base = repo.commit("Base");

    repo.write(
        "backlog/rankdown.yaml",
        "as_of: 2026-03-01\nweights: {users_factor: 2}\n",
    );
    repo.write(
        "backlog/goals/dx.md",
        "---\ntitle: Developer joy\nweight: 4\nhorizon: 3m\n---\n",
    );
    repo.write(
        "backlog/items/edited.md",
        &item(
            "Edited item",
            "goals: {ci: high, ops: low}\neffort: S\nconfidence: 0.75\ndepends_on: [steady]\n",
        ),
    );
    repo.write(
        "backlog/items/closing.md",
        &item(
            "Closing item",
            "status: done\ngoals: {ci: high}\neffort: S\n",
        ),
    );
    repo.write(
        "backlog/items/back.md",
        &item("Back item", "status: ready\ngoals: {dx: low}\neffort: XS\n"),
    );
    std::fs::remove_file(repo.dir.join("backlog/items/gone.md")).expect("remove");
    repo.write(
        "backlog/items/fresh.md",
        &item("Fresh item", "goals: {dx: critical}\neffort: XS\n"),
    );
    repo.write(
        "backlog/feedback/ana.md",
        &note("ana", "severity: critical\n", "Slow [[heard]]."),
    );
    std::fs::remove_file(repo.dir.join("backlog/feedback/bo.md")).expect("remove");
    repo.write(
        "backlog/feedback/cy.md",
        &note("cy", "", "About [[heard]]."),
    );
    repo.write(
        "backlog/feedback/dee.md",
        &note("dee", "severity: high\n", "Please [[quiet]]."),
    );
    repo.write(
        "backlog/goals/ops.md",
        "---\ntitle: Calm operations\nweight: 1\n---\n",
    );
    let head = repo.commit("Head");
    // Others rise as the top item leaves, then fall below a new top item.
    std::fs::remove_file(repo.dir.join("backlog/items/fresh.md")).expect("remove");
    let gone = repo.commit("Drop fresh");
    repo.write(
        "backlog/items/top.md",
        &item(
            "Top item",
            "goals: {ci: critical, dx: critical}\neffort: XS\n",
        ),
    );
    let top = repo.commit("Add top");
    (repo, vec![base, head, gone, top])
}

#[test]
fn diff_output_for_every_kind_of_move_and_cause_stays_the_same() {
    let (repo, commits) = repo_with_every_cause();
    let dir = repo.dir.join("backlog/items");
    let run = |format: &str| {
        let mut all = String::new();
        for pair in commits.windows(2) {
            let mut out = ok(&repo.run_in(&dir, &["diff", &pair[0], &pair[1], "--format", format]));
            for (n, id) in commits.iter().enumerate() {
                out = out
                    .replace(id, &format!("<{n}>"))
                    .replace(&id[..7], &format!("<{n}>"));
            }
            all.push_str(&out);
        }
        all
    };
    snapshot("diff-every-cause.json", &run("json"));
    snapshot("diff-every-cause.txt", &run("text"));
    snapshot("diff-every-cause.md", &run("md"));
}

#[test]
fn diff_without_a_base_in_a_shallow_clone_or_unrelated_history_says_so_and_exits_2() {
    let mut repo = backlog_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("Interview with Ana");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("README.md", "# project, moved on\n");
    repo.commit("Main moves on");
    repo.git(&["checkout", "-q", "feature"]);

    // CI's default checkout: one commit of each branch, no shared history.
    let clone = repo.dir.parent().expect("parent").join("shallow-diff");
    let url = format!("file://{}", repo.dir.display());
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        "--no-single-branch",
        "--branch",
        "feature",
        &url,
        clone.to_str().expect("utf-8"),
    ]);
    let out = repo.run_in(&clone, &["diff", "--root", "backlog"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("cannot find the revision to compare with"),
        "{err}"
    );
    assert!(err.contains("share no commit"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");

    // A branch with no commit in common with main.
    repo.git(&["checkout", "-q", "--orphan", "unrelated"]);
    repo.commit("Unrelated start");
    let out = repo.run(&["diff", "--root", "backlog"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("main and HEAD share no commit"), "{err}");
    assert!(!err.contains("fetch-depth"), "{err}");
    assert!(err.contains("rankdown diff BASE"), "{err}");
    // Naming the base still works.
    ok(&repo.run(&["diff", "main", "--root", "backlog"]));

    // No default branch to compare with at all.
    repo.git(&["branch", "-q", "-m", "main", "trunk"]);
    let out = repo.run(&["diff", "--root", "backlog"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("no branch main or master"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_sha256_repository_has_history_diff_stale_and_explain() {
    let mut repo = Repo::new();
    std::fs::remove_dir_all(repo.dir.join(".git")).expect("remove .git");
    repo.git(&["init", "-q", "-b", "main", "--object-format=sha256"]);
    repo.write("backlog/rankdown.yaml", "");
    repo.write("backlog/goals/ci.md", GOAL_CI);
    repo.write("backlog/items/cache.md", CACHE);
    repo.write("backlog/items/logs.md", LOGS);
    let start = repo.commit("Start");
    assert_eq!(start.len(), 64, "a SHA-256 commit id: {start}");
    repo.write("backlog/feedback/ana.md", ANA);
    let head = repo.commit("Interview with Ana");

    let doc = json(&repo.run(&["history", "cache", "--root", "backlog", "--format", "json"]));
    assert_eq!(
        points(&doc),
        [(start.clone(), Some(2)), (head.clone(), Some(1))]
    );
    let diff = json(&repo.run(&[
        "diff", &start, &head, "--root", "backlog", "--format", "json",
    ]));
    assert_eq!(diff["base"], start.as_str());
    assert_eq!(diff["moves"][0]["id"], "cache");
    let stale = json(&repo.run(&[
        "stale",
        "--root",
        "backlog",
        "--days",
        "0",
        "--as-of",
        "2026-02-01",
        "--format",
        "json",
    ]));
    assert_eq!(
        stale["items"].as_array().map(Vec::len),
        Some(2),
        "{stale:#}"
    );
    let explain = json(&repo.run(&["explain", "cache", "--root", "backlog", "--format", "json"]));
    assert_eq!(explain["git"]["created"], "2026-01-01");
}

#[test]
fn a_repository_that_cannot_be_opened_is_named_with_the_reason() {
    let mut repo = backlog_repo();
    repo.commit("Second");
    let config = repo.dir.join(".git/config");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("[core\n");
    std::fs::write(&config, text).expect("break config");
    for args in [
        &["history", "cache", "--root", "backlog"][..],
        &["diff", "--root", "backlog"][..],
        &["stale", "--root", "backlog"][..],
        &["explain", "cache", "--root", "backlog"][..],
    ] {
        let out = repo.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(
            err.contains("cannot open the git repository"),
            "{args:?}: {err}"
        );
        assert!(err.contains("configuration"), "{args:?}: {err}");
        assert!(
            !err.contains("not inside a git repository"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn commits_with_malformed_or_extreme_timestamps_are_tolerated_as_git_log_does() {
    let mut repo = backlog_repo();
    for (n, time) in [
        "notanumber +0000",
        "99999999999999999999 +0000",
        "9999999999999 +0000",
        "-99999999999999 +0000",
        "1767261600 +99999",
        "",
    ]
    .iter()
    .enumerate()
    {
        repo.write(
            "backlog/items/cache.md",
            &CACHE.replace("Cache deps", &format!("Cache deps {n}")),
        );
        repo.git(&["add", "-A"]);
        let tree = repo.git(&["write-tree"]);
        let parent = repo.git(&["rev-parse", "HEAD"]);
        let object = format!(
            "tree {tree}\nparent {parent}\nauthor Odd <odd@example.com> {time}\ncommitter Odd <odd@example.com> {time}\n\nOdd time {n}\n"
        );
        let mut hash = repo.git_command(
            &repo.dir,
            &[
                "hash-object",
                "-t",
                "commit",
                "--literally",
                "-w",
                "--stdin",
            ],
        );
        let mut child = hash
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), object.as_bytes())
            .expect("writes");
        let out = child.wait_with_output().expect("git runs");
        assert!(out.status.success());
        let id = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        repo.git(&["update-ref", "refs/heads/main", &id]);
    }
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("A normal commit after the odd ones");

    let doc = json(&repo.run(&["history", "cache", "--root", "backlog", "--format", "json"]));
    let subjects: Vec<&str> = doc["points"]
        .as_array()
        .expect("points")
        .iter()
        .filter_map(|p| p["subject"].as_str())
        .collect();
    assert_eq!(subjects.len(), 8, "{doc:#}");
    assert_eq!(subjects[1], "Odd time 0");
    // Unreadable times count as the epoch, as git log shows them.
    assert_eq!(doc["points"][1]["date"], "1970-01-01");
    assert_eq!(doc["points"][2]["date"], "1970-01-01");
    assert_eq!(doc["points"][3]["date"], "318857-05-20");
    ok(&repo.run(&["history", "cache", "--root", "backlog"]));
    let stale = json(&repo.run(&[
        "stale",
        "--root",
        "backlog",
        "--days",
        "0",
        "--as-of",
        "2026-02-01",
        "--format",
        "json",
    ]));
    assert_eq!(
        stale["items"].as_array().map(Vec::len),
        Some(3),
        "{stale:#}"
    );
    ok(&repo.run(&["stale", "--root", "backlog"]));
    let explain = json(&repo.run(&["explain", "cache", "--root", "backlog", "--format", "json"]));
    assert_eq!(explain["git"]["commits"], 7, "{explain:#}");
    ok(&repo.run(&["explain", "cache", "--root", "backlog"]));
}

#[test]
fn diff_between_two_revisions_reads_the_backlog_from_them_not_the_work_tree() {
    let mut repo = backlog_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("Interview with Ana");
    // Another branch checked out whose tree has no backlog at all.
    repo.git(&["checkout", "-q", "-b", "elsewhere", "main"]);
    repo.git(&["rm", "-r", "-q", "backlog"]);
    repo.commit("Move the backlog away");
    assert!(!repo.dir.join("backlog").exists());

    let text = ok(&repo.run(&["diff", "main", "feature", "--root", "backlog"]));
    assert!(text.contains("↑ 2 → 1  cache  Cache deps (up)"), "{text}");
    assert!(text.contains("backlog/feedback/ana.md"), "{text}");
    // A missing folder below an existing one, named from a subfolder.
    std::fs::create_dir_all(repo.dir.join("docs")).expect("mkdir");
    let doc = json(&repo.run_in(
        &repo.dir.join("docs"),
        &[
            "diff",
            "main",
            "feature",
            "--root",
            "../backlog",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        doc["moves"][0]["causes"][0]["note"],
        "../backlog/feedback/ana.md"
    );
    // No revision holds a backlog there: still the plain error.
    let none = repo.run(&["diff", "main", "feature", "--root", "nowhere"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("no rankdown.yaml in nowhere"),
        "{}",
        stderr(&none)
    );
    // The work tree as HEAD still needs the files.
    let worktree = repo.run(&["diff", "main", "--root", "backlog"]);
    assert_eq!(worktree.status.code(), Some(2));
}

#[test]
fn history_and_explain_follow_an_unchanged_id_through_a_rename_with_a_new_title() {
    let mut repo = backlog_repo();
    let start = repo.git(&["rev-parse", "HEAD"]);
    repo.author = ("Ana", "ana@example.com");
    repo.write(
        "backlog/items/cache.md",
        &CACHE.replace("---\ntitle", "---\nid: cache\ntitle"),
    );
    let id_set = repo.commit("Pin the id");
    repo.author = ("Bo", "bo@example.com");
    // Renamed and retitled in one commit: neither content nor title pairs it.
    repo.git(&["mv", "backlog/items/cache.md", "backlog/items/ci-cache.md"]);
    repo.write(
        "backlog/items/ci-cache.md",
        "---\nid: cache\ntitle: Cache every dependency\ngoals: {ci: medium}\neffort: M\n---\n",
    );
    let renamed = repo.commit("Rename and retitle");
    let doc = json(&repo.run(&["history", "cache", "--root", "backlog", "--format", "json"]));
    assert_eq!(
        points(&doc),
        [(start, Some(2)), (id_set, Some(2)), (renamed, Some(2))]
    );
    let doc = json(&repo.run(&["explain", "cache", "--root", "backlog", "--format", "json"]));
    let git = &doc["git"];
    assert_eq!(git["created"], "2026-01-01");
    assert_eq!(git["commits"], 3);
    assert_eq!(git["authors"], serde_json::json!(["Test", "Ana", "Bo"]));
}

#[test]
fn history_and_explain_continue_an_item_whose_removal_was_reverted() {
    let mut repo = backlog_repo();
    let start = repo.git(&["rev-parse", "HEAD"]);
    repo.write("backlog/feedback/ana.md", ANA);
    let note = repo.commit("Interview with Ana");
    repo.git(&["rm", "-q", "backlog/items/docs.md"]);
    let removed = repo.commit("Drop docs");
    repo.git(&["revert", "--no-edit", "HEAD"]);
    repo.commits += 1;
    let reverted = repo.git(&["rev-parse", "HEAD"]);
    let doc = json(&repo.run(&["history", "docs", "--root", "backlog", "--format", "json"]));
    assert_eq!(
        points(&doc),
        [
            (start, Some(3)),
            (note, Some(3)),
            (removed, None),
            (reverted, Some(3))
        ]
    );
    let doc = json(&repo.run(&["explain", "docs", "--root", "backlog", "--format", "json"]));
    let git = &doc["git"];
    assert_eq!(git["created"], "2026-01-01");
    // Created, removed, restored: the commits `git log -- items/docs.md` lists.
    assert_eq!(git["commits"], 3);
    assert_eq!(git["last_changed"], "2026-01-04");
}

#[test]
fn diff_names_what_overtook_an_item_whose_own_score_rose_and_what_a_dependent_passed_on() {
    let mut repo = backlog_repo();
    // cache waits for docs: docs inherits part of cache's value.
    repo.write(
        "backlog/items/cache.md",
        &CACHE.replace("effort: M", "effort: M\ndepends_on: [docs]"),
    );
    repo.commit("Cache needs docs first");
    let before = ok(&repo.run(&["list", "--root", "backlog"]));
    repo.git(&["checkout", "-q", "-b", "feature"]);
    // logs gets a mild note, cache a critical one: logs' own score rises,
    // yet cache overtakes it; docs rises through what cache passes on.
    repo.write(
        "backlog/feedback/mild.md",
        "---\nchannel: chat\ndate: 2026-01-10\nfrom: cy\nseverity: low\n---\nSearch is slow [[logs]].\n",
    );
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("Two notes");
    let doc = json(&repo.run(&[
        "diff", "main", "feature", "--root", "backlog", "--format", "json",
    ]));
    let moves = doc["moves"].as_array().expect("moves");
    let by_id = |id: &str| {
        moves
            .iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("{id} moved: {doc:#}\n{before}"))
    };
    let logs = by_id("logs");
    assert_eq!(logs["change"], "down", "{doc:#}");
    assert!(
        logs["score_to"].as_f64() > logs["score_from"].as_f64(),
        "{doc:#}"
    );
    let kinds: Vec<&str> = logs["causes"]
        .as_array()
        .expect("causes")
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    // docs rose past it too, through what cache passes on.
    assert_eq!(kinds, ["feedback-new", "overtaken", "overtaken"], "{doc:#}");
    assert_eq!(logs["causes"][1]["items"], serde_json::json!(["docs"]));
    assert_eq!(logs["causes"][1]["because"][0]["kind"], "inherited");
    let overtaken = &logs["causes"][2];
    assert_eq!(overtaken["items"], serde_json::json!(["cache"]));
    assert_eq!(overtaken["because"][0]["kind"], "feedback-new");
    assert_eq!(overtaken["because"][0]["person"], "ana");
    assert!(
        overtaken["text"].as_str().is_some_and(
            |t| t.starts_with("overtaken by cache, which rose because new feedback from ana")
        ),
        "{doc:#}"
    );

    let docs = by_id("docs");
    assert_eq!(docs["change"], "up", "{doc:#}");
    let inherited = &docs["causes"][0];
    assert_eq!(inherited["kind"], "inherited", "{doc:#}");
    assert_eq!(inherited["items"], serde_json::json!(["cache"]));
    assert_eq!(inherited["because"][0]["note"], "backlog/feedback/ana.md");
    assert!(
        inherited["text"].as_str().is_some_and(|t| t
            .starts_with("inherits more from cache, which depends on it: new feedback from ana")),
        "{doc:#}"
    );
}

#[test]
fn diff_markdown_keeps_content_inert_and_links_only_to_backlog_files() {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut repo = backlog_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "backlog/items/evil [x](y).md",
        "---\ntitle: \"x](https://evil.example) <script>alert(1)</script> @everyone *em*\"\ngoals: {ci: high}\neffort: XS\n---\n",
    );
    repo.write(
        "backlog/feedback/a b(1).md",
        "---\nchannel: chat\ndate: 2026-01-10\nfrom: \"@someone <img src=x onerror=alert(1)> [c](javascript:alert(1))\"\nseverity: critical\n---\nPlease [[cache]] https://evil.example\n",
    );
    repo.commit("Hostile content");
    let md = ok(&repo.run(&[
        "diff", "main", "feature", "--root", "backlog", "--format", "md",
    ]));
    let mut links = Vec::new();
    let mut html = Vec::new();
    let mut text = String::new();
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push(dest_url.to_string());
            }
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    // The title and the note's path and person reached the output…
    assert!(text.contains("<script>alert(1)</script>"), "{md}");
    assert!(text.contains("backlog/feedback/a b(1).md"), "{md}");
    // …as text: the only HTML is the line break between causes, every link
    // goes to a file of the backlog, relative to the repository root.
    assert!(html.iter().all(|h| h == "<br>"), "{html:?}\n{md}");
    assert!(
        links.contains(&"backlog/items/evil%20%5Bx%5D%28y%29.md".to_owned()),
        "{links:?}\n{md}"
    );
    assert!(
        links.contains(&"backlog/feedback/a%20b%281%29.md".to_owned()),
        "{links:?}\n{md}"
    );
    for link in &links {
        assert!(
            link.starts_with("backlog/")
                && std::path::Path::new(link)
                    .extension()
                    .is_some_and(|e| e == "md")
                && !link.contains(':'),
            "link from content: {link}\n{md}"
        );
    }
    for (at, _) in text.match_indices('@') {
        assert!(
            text[at + 1..].starts_with('\u{200b}'),
            "live mention: {}\n{md}",
            &text[at..]
        );
    }
    assert!(!text.contains("https://"), "{md}");
}

#[test]
fn diff_between_two_revisions_without_root_finds_the_backlog_in_the_head_revision() {
    let mut repo = Repo::new();
    repo.write("rankdown.yaml", "");
    repo.write("goals/ci.md", GOAL_CI);
    repo.write("items/cache.md", CACHE);
    repo.write("items/logs.md", LOGS);
    repo.commit("Start");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("feedback/ana.md", ANA);
    repo.commit("Interview with Ana");
    repo.git(&["checkout", "-q", "--orphan", "bare-docs"]);
    repo.git(&["rm", "-r", "-q", "--cached", "."]);
    for path in ["rankdown.yaml", "goals", "items", "feedback"] {
        let full = repo.dir.join(path);
        if full.is_dir() {
            std::fs::remove_dir_all(full).expect("rm");
        } else {
            std::fs::remove_file(full).expect("rm");
        }
    }
    std::fs::create_dir_all(repo.dir.join("docs")).expect("mkdir");
    // From a subfolder: the nearest folder above it that the head revision
    // holds a backlog in, paths shown from the current directory.
    let text = ok(&repo.run_in(&repo.dir.join("docs"), &["diff", "main", "feature"]));
    assert!(text.contains("↑ 2 → 1  cache  Cache deps (up)"), "{text}");
    assert!(text.contains("../feedback/ana.md"), "{text}");
}

#[test]
fn diff_markdown_links_start_with_the_link_base_when_given() {
    let mut repo = backlog_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("backlog/feedback/ana.md", ANA);
    repo.commit("Ana's interview");
    let base = "https://github.com/acme/platform/blob/abc123/";
    let md = ok(&repo.run(&[
        "diff",
        "main",
        "feature",
        "--root",
        "backlog",
        "--format",
        "md",
        "--link-base",
        base,
    ]));
    assert!(
        md.contains(&format!("]({base}backlog/items/cache.md)")),
        "{md}"
    );
    assert!(
        md.contains(&format!("]({base}backlog/feedback/ana.md)")),
        "{md}"
    );
    // Only an http(s) URL ending in `/` is taken: no other scheme reaches a comment.
    for bad in [
        "javascript:alert(1)//",
        "https://x.example",
        "https://x.example/a b/",
    ] {
        let out = repo.run(&[
            "diff",
            "main",
            "feature",
            "--root",
            "backlog",
            "--format",
            "md",
            "--link-base",
            bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
    }
}

#[test]
fn history_and_diff_count_people_as_people_yaml_at_each_commit_says() {
    let mut repo = Repo::new();
    repo.write("backlog/rankdown.yaml", "");
    repo.write("backlog/items/a.md", "---\ntitle: A\neffort: M\n---\n");
    repo.write("backlog/items/b.md", "---\ntitle: B\neffort: M\n---\n");
    let note = |from: &str, item: &str| {
        format!(
            "---\nchannel: mail\ndate: 2026-01-10\nfrom: {from}\nitems: [{item}]\n---\nPlease.\n"
        )
    };
    repo.write("backlog/feedback/a1.md", &note("ana@acme.test", "a"));
    repo.write("backlog/feedback/a2.md", &note("U123", "a"));
    repo.write("backlog/feedback/a3.md", &note("ana", "a"));
    repo.write("backlog/feedback/b1.md", &note("bo", "b"));
    repo.write("backlog/feedback/b2.md", &note("cy", "b"));
    let first = repo.commit("Three senders for a, two for b");
    repo.write(
        "backlog/people.yaml",
        "- key: ana\n  org: Acme\n  aliases: [ana@acme.test, U123]\n",
    );
    let second = repo.commit("They are one person");
    repo.write(
        "backlog/people.yaml",
        "- key: ana\n  aliases: [ana@acme.test]\n",
    );
    let third = repo.commit("The chat id is someone else's");

    let git = rankdown::history::Repo::discover(&repo.dir.join("backlog"))
        .expect("discovers")
        .expect("a repository");
    let tip = git.head().expect("head").expect("born");
    let points = rankdown::history::ranks::ranks_by_commit(&git, tip, true).expect("walks");
    assert_eq!(points.len(), 3);
    for (commit, ranks) in &points {
        assert_eq!(*ranks, full_ranks(&git, *commit), "at {commit}");
    }
    let rank_of =
        |ranks: &std::collections::BTreeMap<String, (usize, f64)>, path: &str| ranks[path].0;
    // Three people ask for a, then one, then two.
    assert_eq!(rank_of(&points[0].1, "items/a.md"), 1);
    assert_eq!(rank_of(&points[1].1, "items/a.md"), 2);
    assert_eq!(rank_of(&points[2].1, "items/a.md"), 1);

    // Diff between the commits reads people.yaml at each of them: the notes
    // from Ana's aliases now show her key and org.
    let moves = |base: &str, head: &str| {
        let doc = json(&repo.run(&["diff", "--root", "backlog", "--format", "json", base, head]));
        let a = doc["moves"]
            .as_array()
            .and_then(|m| m.iter().find(|m| m["id"] == "a"))
            .cloned()
            .unwrap_or_else(|| panic!("a moves: {doc:#}"));
        (a["from"].as_u64(), a["to"].as_u64(), a["causes"].clone())
    };
    let (from, to, causes) = moves(&first, &second);
    assert_eq!((from, to), (Some(1), Some(2)));
    assert_eq!(causes[0]["kind"], "feedback-changed", "{causes:#}");
    assert_eq!(causes[0]["person"], "ana", "{causes:#}");
    assert_eq!(causes[1]["note"], "backlog/feedback/a2.md", "{causes:#}");
    assert_eq!(causes[1]["person"], "ana", "{causes:#}");
    let (from, to, _) = moves(&second, &third);
    assert_eq!((from, to), (Some(2), Some(1)));
}

/// `diff A B` reads a blob both revisions hold once, for both sides; each
/// side still applies its own `max_file_bytes` to it.
#[test]
fn diff_between_revisions_shares_blobs_under_each_sides_size_limit() {
    let mut repo = backlog_repo();
    let base = repo.git(&["rev-parse", "HEAD"]);
    // The same cache.md blob at head, now over head's limit.
    let limit = CACHE.len() - 1;
    repo.write(
        "backlog/rankdown.yaml",
        &format!("max_file_bytes: {limit}\n"),
    );
    repo.commit("A smaller limit");
    let any = |out: Output| -> serde_json::Value {
        serde_json::from_str(&stdout(&out)).expect("valid JSON")
    };
    let doc = any(repo.run(&[
        "diff",
        base.trim(),
        "HEAD",
        "--root",
        "backlog",
        "--format",
        "json",
    ]));
    let moves = doc["moves"].as_array().expect("moves");
    let cache = moves
        .iter()
        .find(|m| m["id"] == "cache")
        .unwrap_or_else(|| panic!("cache moves: {doc:#}"));
    assert!(cache["to"].is_null(), "{cache:#}");
    // And the other way round: read under head's limit first is not kept
    // from a base that allows it.
    let back = any(repo.run(&[
        "diff",
        "HEAD",
        base.trim(),
        "--root",
        "backlog",
        "--format",
        "json",
    ]));
    let cache = back["moves"]
        .as_array()
        .expect("moves")
        .iter()
        .find(|m| m["id"] == "cache")
        .unwrap_or_else(|| panic!("cache moves: {back:#}"));
    assert!(cache["to"].is_number(), "{cache:#}");
}

/// `diff A B` reads the blobs on several threads, each through its own
/// handle on the repository, and shares the blobs both revisions hold: its
/// moves are those of `diff A` against a clean checkout of B (read from
/// the work tree, one blob at a time), whatever the threads, from the main
/// checkout, a linked worktree, and with `GIT_DIR` set as hooks have it.
#[test]
fn diff_between_revisions_reads_as_the_work_tree_from_any_checkout_and_threads() {
    let mut repo = backlog_repo();
    let base = repo.git(&["rev-parse", "HEAD"]);
    for n in 0..40 {
        let effort = ["S", "M", "L"][n % 3];
        repo.write(
            &format!("backlog/items/gen-{n:02}.md"),
            &format!("---\ntitle: Generated {n}\ngoals: {{ci: low}}\neffort: {effort}\n---\n"),
        );
    }
    // A blob both revisions hold, moved, and at a second path too.
    repo.write("backlog/items/copy.md", CACHE);
    std::fs::rename(
        repo.dir.join("backlog/items/cache.md"),
        repo.dir.join("backlog/items/cache-moved.md"),
    )
    .expect("rename");
    repo.write(
        "backlog/feedback/ana.md",
        "---\nchannel: chat\ndate: 2026-01-02\nfrom: ana\n---\nSlow [[gen-07]].\n",
    );
    let head = repo.commit("Forty more");
    let moves = |dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]| {
        let out = rankdown()
            .args(args)
            .args(["--format", "json"])
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", repo.home.join("gitconfig"))
            .env("HOME", &repo.home)
            .envs(env.iter().copied())
            .output()
            .expect("runs");
        json(&out)["moves"].clone()
    };
    let expected = moves(
        &repo.dir,
        &["diff", base.as_str(), "--root", "backlog"],
        &[],
    );
    assert!(
        expected.as_array().is_some_and(|m| m.len() > 20),
        "{expected:#}"
    );
    let wt = repo.dir.parent().expect("parent").join("wt");
    repo.add_worktree(&wt, &base);
    let revisions = ["diff", base.as_str(), head.as_str(), "--root", "backlog"];
    let worktree_git_dir = repo.dir.join(".git/worktrees/wt");
    let worktree_git_dir = worktree_git_dir.to_str().expect("utf-8");
    for threads in ["1", "3", "8"] {
        let rayon = ("RAYON_NUM_THREADS", threads);
        for (dir, env) in [
            (&repo.dir, vec![rayon]),
            (&wt, vec![rayon]),
            (&repo.dir, vec![rayon, ("GIT_DIR", ".git")]),
            (&wt, vec![rayon, ("GIT_DIR", worktree_git_dir)]),
        ] {
            assert_eq!(
                moves(dir, &revisions, &env),
                expected,
                "in {} with {env:?}",
                dir.display()
            );
        }
    }
}
