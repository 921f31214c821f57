//! Hostile content in the rendered outputs: PRIORITIES.md stays inert
//! Markdown, the terminal sees no control characters, CSV holds no formulas,
//! and tables align by display width.

use std::path::Path;
use std::process::Output;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rankdown::render::terminal::{is_unsafe, width};

use crate::support::{self, GitRepo, rankdown, scratch};

const CONFIG: &str = "as_of: 2026-11-01\n";

/// A backlog whose every text field tries to escape its context.
fn hostile() -> Vec<(&'static str, &'static str)> {
    vec![
        ("rankdown.yaml", CONFIG),
        (
            "vision.md",
            "<script>alert(1)</script> see www.evil.example and @everyone\n",
        ),
        (
            "goals/g.md",
            "---\ntitle: \"Goal <img src=x onerror=alert(1)>\"\nweight: 3\nmetric: \"<b>x</b> [m](https://evil.example)\"\n---\n",
        ),
        (
            "goals/un`served.md",
            "---\ntitle: \"Nobody ![img](https://evil.example/x.png)\"\n---\n",
        ),
        (
            "items/link.md",
            "---\ntitle: 'x\\](https://evil.example)'\ngoals: [g]\n---\n",
        ),
        (
            "items/pipe.md",
            "---\ntitle: 'a \\| b | c'\ngoals: [g]\n---\n",
        ),
        (
            "items/html.md",
            "---\ntitle: \"<script>alert(1)</script> and `code` and *em* &amp;\"\ngoals: [g]\n---\n",
        ),
        (
            "items/a b(1).md",
            "---\ntitle: \"Paren path\"\ngoals: [g]\n---\n",
        ),
        (
            "feedback/n1.md",
            "---\ndate: 2026-10-01\nfrom: \"pat\\n# Owned\\n[click](javascript:alert(1))\"\norg: \"@org/team\"\nitems: [link]\n---\n# not a quote\n\nPing @org/team at https://evil.example <img src=x onerror=alert(1)> [[link]]\n",
        ),
        (
            "feedback/n2.md",
            "---\ndate: 2026-10-02\nfrom: \"@someone\\n\\n<script>x</script>\"\n---\n1. numbered\n- <a href=\"javascript:alert(1)\">x</a> @someone\n",
        ),
        (
            "feedback/n3.md",
            "---\ndate: 2026-10-03\nfrom: kim\nitems: [pipe]\n---\n# Heading line\n\n> - nested | cell [x](https://evil.example)\n",
        ),
    ]
}

/// Every heading (its text, and the target of the link it consists of, if
/// it is one link and nothing else), every link's target, every HTML node,
/// the cells of each table row, and the start and length of each ordered
/// list, as pulldown-cmark reads the Markdown (GitHub's tables and
/// strikethrough on).
#[derive(Default, Debug)]
struct Parsed {
    headings: Vec<Heading>,
    links: Vec<String>,
    html: Vec<String>,
    rows: Vec<usize>,
    ordered_lists: Vec<(u64, usize)>,
    code: Vec<String>,
    text: String,
}

#[derive(Default, Debug)]
struct Heading {
    text: String,
    /// The target when the whole heading is one link.
    link: Option<String>,
    /// Text or another element outside that link.
    outside_link: bool,
}

fn parse(md: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut heading: Option<Heading> = None;
    let mut in_link = false;
    let mut cells = 0;
    let mut lists: Vec<Option<(u64, usize)>> = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(md, options) {
        match &event {
            Event::Start(Tag::Link { .. }) => {}
            Event::End(TagEnd::Link) => in_link = false,
            Event::Start(_) | Event::Text(_) | Event::Code(_) if !in_link => {
                if let Some(h) = &mut heading
                    && !matches!(event, Event::Start(Tag::Heading { .. }))
                {
                    h.outside_link = true;
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(Heading::default()),
            Event::End(TagEnd::Heading(_)) => parsed.headings.extend(heading.take()),
            Event::Start(Tag::List(start)) => lists.push(start.map(|n| (n, 0))),
            Event::Start(Tag::Item) => {
                if let Some(Some((_, items))) = lists.last_mut() {
                    *items += 1;
                }
            }
            Event::End(TagEnd::List(_)) => parsed.ordered_lists.extend(lists.pop().flatten()),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                in_link = true;
                if let Some(h) = &mut heading
                    && h.text.is_empty()
                    && !h.outside_link
                {
                    h.link = Some(dest_url.to_string());
                }
                parsed.links.push(dest_url.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => parsed.html.push(html.to_string()),
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => parsed.rows.push(cells),
            Event::Code(code) => parsed.code.push(code.to_string()),
            Event::Text(text) => {
                if let Some(h) = &mut heading {
                    h.text.push_str(&text);
                }
                parsed.text.push_str(&text);
            }
            Event::End(_) => parsed.text.push('\n'),
            _ => {}
        }
    }
    parsed
}

/// What must hold of any PRIORITIES.md, whatever the content: the only HTML
/// is the generated comment, every link goes to a backlog file, every heading
/// is rankdown's, no `@` is live and no bare URL autolinks.
fn assert_inert(md: &str) -> Parsed {
    let parsed = parse(md);
    assert_eq!(parsed.html.len(), 1, "{:?}\n{md}", parsed.html);
    assert!(parsed.html[0].starts_with("<!-- Generated"), "{md}");
    for link in &parsed.links {
        assert!(
            ["items/", "goals/", "feedback/"]
                .iter()
                .any(|folder| link.starts_with(folder))
                && !link.contains(':')
                && Path::new(link).extension().is_some_and(|e| e == "md"),
            "link from content: {link}\n{md}"
        );
    }
    for heading in &parsed.headings {
        let ours = [
            "Priorities",
            "Ranking",
            "Value versus effort",
            "Goal coverage",
            "Triage inbox",
            "Closed",
        ]
        .contains(&heading.text.as_str())
            || heading.text.starts_with("Why the top ")
            // A "why" section: the heading is the link to its item, no more.
            || (!heading.outside_link
                && heading
                    .link
                    .as_deref()
                    .is_some_and(|l| l.starts_with("items/")));
        assert!(ours, "heading from content: {heading:?}\n{md}");
    }
    for (at, _) in parsed.text.match_indices('@') {
        assert!(
            parsed.text[at + 1..].starts_with('\u{200b}'),
            "live mention: {}\n{md}",
            &parsed.text[at..]
        );
    }
    assert!(!parsed.text.contains("https://"), "{md}");
    parsed
}

#[test]
fn hostile_content_renders_inert_in_priorities_md() {
    let backlog = support::load(&hostile());
    let errors: Vec<_> = backlog
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let md = support::priorities(&backlog);
    let parsed = assert_inert(&md);

    assert!(!parsed.links.is_empty());
    assert!(parsed.links.contains(&"items/a%20b%281%29.md".to_owned()));

    // The ranking is one ordered list, numbered from 1, an entry per item:
    // no text started a list of its own or ended it early.
    assert_eq!(parsed.ordered_lists, [(1, 4)], "{md}");
    // Every row of the goal table has as many cells as its header.
    assert!(
        !parsed.rows.is_empty() && parsed.rows.iter().all(|&c| c == 6),
        "{:?}\n{md}",
        parsed.rows
    );

    // The texts arrive as written, backslashes and all.
    for shown in [
        "x\\](https://",
        "a \\| b | c",
        "<script>alert(1)</script> and `code` and *em* &amp;",
        "Goal <img src=x onerror=alert(1)>",
        "<b>x</b> [m](https://",
    ] {
        let seen = parsed.text.replace('\u{200b}', "");
        assert!(seen.contains(shown), "{shown:?} not shown as text:\n{md}");
    }
    // A backtick in a file name stays inside its code span.
    assert!(parsed.code.contains(&"un`served".to_owned()), "{md}");

    assert!(!parsed.text.contains("www.evil"), "{md}");
}

proptest::proptest! {
    // No regression files: tests write nothing next to the sources.
    #![proptest_config(proptest::test_runner::Config {
        failure_persistence: None,
        ..proptest::test_runner::Config::with_cases(64)
    })]

    /// Whatever text lands in a title, a name, an org, a metric or a quote,
    /// PRIORITIES.md stays inert.
    #[test]
    fn any_text_renders_inert(
        title in TEXT,
        from in TEXT,
        org in TEXT,
        metric in TEXT,
        body in TEXT,
    ) {
        let yaml = |s: &str| serde_json::to_string(s).expect("json string");
        let goal = format!("---\ntitle: {}\nmetric: {}\n---\n", yaml(&title), yaml(&metric));
        let item = format!("---\ntitle: {}\ngoals: [g]\n---\n", yaml(&title));
        let linked = format!(
            "---\ndate: 2026-10-01\nfrom: {}\norg: {}\nitems: [i]\n---\n{body} [[i]]\n",
            yaml(&from),
            yaml(&org)
        );
        let unlinked = format!("---\ndate: 2026-10-02\nfrom: {}\n---\n{body}\n", yaml(&from));
        let backlog = support::load(&[
            ("rankdown.yaml", CONFIG),
            ("goals/g.md", &goal),
            ("items/i.md", &item),
            ("feedback/a.md", &linked),
            ("feedback/b.md", &unlinked),
        ]);
        assert_inert(&support::priorities(&backlog));
    }
}

/// Text heavy in what Markdown, HTML and terminals give meaning to.
const TEXT: &str = "([a-z ]|[\\\\`*_\\[\\]()<>!|#@:/&;.~=+\\-]|\n|https://|www\\.|<img src=x onerror=y>|\u{1b}|\u{202e}){0,12}";

fn run(dir: &Path, args: &[&str]) -> Output {
    rankdown()
        .arg("--root")
        .arg(dir)
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .output()
        .expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}

fn assert_safe(what: &str, out: &str) {
    assert!(
        !out.chars().any(|c| c != '\n' && is_unsafe(c)),
        "{what}: {out:?}"
    );
}

const ESC_TITLE: &str = "---\ntitle: \"Red \\e[31m \\e]8;;https://evil\\a link\\e]8;;\\a \\e]52;c;ZXZpbA==\\a \\u202Egpj.exe\"\ngoals: [g]\n---\n";

#[test]
fn terminal_output_shows_control_characters_escaped() {
    let dir = scratch(&[
        (
            "rankdown.yaml",
            "as_of: 2026-11-01\noutput: \"out\\e[2J.md\"\n",
        ),
        ("goals/g.md", "---\ntitle: G\n---\n"),
        ("items/esc.md", ESC_TITLE),
        (
            "items/bidi\u{202e}dm.md",
            // Such a name is no id (see tests/it/load.rs): `id:` names it.
            "---\nid: bidi\ntitle: Bidi\ngoals: [g]\n---\n",
        ),
        (
            "feedback/n.md",
            "---\ndate: 2026-10-01\nfrom: \"ann\\e[8m\"\norg: \"o\\u2066rg\"\nitems: [esc]\n---\nQuote \u{1b}[5m here.\n",
        ),
    ]);
    let root = dir.path();

    let out = run(root, &["rank"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_safe("rank", &text(&out.stderr));
    assert!(
        text(&out.stderr).contains("out\\u{1b}[2J.md"),
        "{}",
        text(&out.stderr)
    );

    for args in [
        &["list"][..],
        &["list", "--color", "always"],
        &["explain", "esc"],
        &["explain", "bidi"],
    ] {
        let out = run(root, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        // `--color always` paints with SGR codes of its own: strip only those.
        let stdout = stdout.replace("\u{1b}[0m", "").replace("\u{1b}[1m", "");
        let stdout = ["2m", "33m", "36m"]
            .iter()
            .fold(stdout, |s, c| s.replace(&format!("\u{1b}[{c}"), ""));
        assert_safe(&format!("{args:?}"), &stdout);
        assert!(
            stdout.contains("\\u{1b}") || stdout.contains("\\u{202e}"),
            "{args:?}: {stdout}"
        );
    }

    // JSON stays exact.
    let json = text(&run(root, &["list", "--format", "json"]).stdout);
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    let titles: Vec<&str> = doc["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["title"].as_str())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.contains("\u{1b}]52;c;ZXZpbA==\u{7}")),
        "{json}"
    );

    // A stale PRIORITIES.md carrying escapes is shown as a diff, escaped.
    let output = root.join("out\u{1b}[2J.md");
    let mut stale = std::fs::read_to_string(&output).expect("written");
    stale.push_str("\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}\n");
    std::fs::write(&output, stale).expect("write");
    for format in ["human", "short", "github"] {
        let out = run(root, &["check", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_safe(format, &all);
    }
    let human = text(&run(root, &["check"]).stderr);
    assert!(
        human.contains("+\\u{1b}]52;c;ZXZpbA==\\u{7}")
            || human.contains("-\\u{1b}]52;c;ZXZpbA==\\u{7}"),
        "{human}"
    );
}

#[test]
fn error_messages_escape_config_values() {
    let dir = scratch(&[
        ("rankdown.yaml", "output: \"../\\e]52;c;ZXZpbA==\\a.md\"\n"),
        ("goals/g.md", "---\ntitle: G\n---\n"),
    ]);
    let out = run(dir.path(), &["rank"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_safe("error", &stderr);
    assert!(stderr.contains("\\u{1b}]52;c;ZXZpbA==\\u{7}"), "{stderr}");
}

#[test]
fn diagnostics_escape_file_names_and_frames() {
    let dir = scratch(&[
        ("rankdown.yaml", CONFIG),
        (
            "items/e\u{1b}]8;;x\u{7}.md",
            "---\ntitle: \"t\u{1b}[31m\"\ngaols: [x]\n---\n",
        ),
    ]);
    for format in ["human", "short", "github"] {
        let out = run(dir.path(), &["check", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_safe(format, &all);
        assert!(all.contains("e\\u{1b}]8;;x\\u{7}.md"), "{format}: {all}");
    }
}

#[test]
fn git_subjects_and_authors_reach_the_terminal_escaped() {
    let mut repo = GitRepo::new();
    repo.write("rankdown.yaml", CONFIG);
    repo.write("goals/g.md", "---\ntitle: G\n---\n");
    repo.write("items/a.md", "---\ntitle: A\ngoals: [g]\n---\n");
    repo.author = ("Mal\u{1b}]52;c;ZXZpbA==\u{7}lory", "m@example.com");
    repo.commit("add a \u{1b}[2J\u{202e}");
    repo.write("items/b.md", "---\ntitle: B\ngoals: [g]\neffort: XS\n---\n");
    repo.commit("b overtakes \u{1b}]8;;https://evil\u{7}a");
    for args in [
        &["history", "a"][..],
        &["explain", "a"],
        &["diff", "HEAD~1", "HEAD"],
    ] {
        let out = repo.run(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert_safe(&format!("{args:?}"), &text(&out.stdout));
    }
    // `-` rows (b did not exist yet) line up with `n of m` rows.
    let history = text(&repo.run(&["history", "b"]).stdout);
    let subjects: Vec<usize> = history
        .lines()
        .filter(|l| l.starts_with("  2026-"))
        .map(|l| {
            l.find(" add a")
                .or_else(|| l.find(" b overtakes"))
                .expect("subject")
        })
        .collect();
    assert_eq!(subjects.len(), 2, "{history}");
    assert_eq!(subjects[0], subjects[1], "{history}");
}

#[test]
fn csv_cells_never_start_a_formula() {
    let dir = scratch(&[
        ("rankdown.yaml", CONFIG),
        ("goals/g.md", "---\ntitle: G\n---\n"),
        (
            "items/f.md",
            "---\ntitle: \"=HYPERLINK(\\\"https://evil\\\",\\\"x\\\")\"\ngoals: [g]\n---\n",
        ),
        ("items/p.md", "---\ntitle: \"+1\"\ngoals: [g]\n---\n"),
        ("items/at.md", "---\ntitle: \"@SUM(1)\"\ngoals: [g]\n---\n"),
    ]);
    let csv = text(&run(dir.path(), &["list", "--format", "csv"]).stdout);
    assert!(
        csv.contains(",\"'=HYPERLINK(\"\"https://evil\"\",\"\"x\"\")\","),
        "{csv}"
    );
    assert!(csv.contains(",\"'+1\","), "{csv}");
    assert!(csv.contains(",\"'@SUM(1)\","), "{csv}");
    for line in csv.lines() {
        for field in line.split(',') {
            assert!(!field.starts_with(['=', '+', '@']), "{line}");
        }
    }
}

#[test]
fn wide_characters_keep_table_columns_aligned() {
    let dir = scratch(&[
        ("rankdown.yaml", CONFIG),
        ("goals/g.md", "---\ntitle: G\n---\n"),
        (
            "items/東京.md",
            "---\ntitle: 東京のビルドを速くする 🚀🚀 とても長いタイトルがここに続きます\ngoals: [g]\n---\n",
        ),
        (
            "items/ascii.md",
            "---\ntitle: Plain title\ngoals: [g]\neffort: L\n---\n",
        ),
        (
            "items/🚀.md",
            "---\ntitle: Rocket\ngoals: [g]\neffort: XL\n---\n",
        ),
    ]);
    let out = rankdown()
        .arg("--root")
        .arg(dir.path())
        .args(["list"])
        .env("COLUMNS", "60")
        .output()
        .expect("runs");
    let list = text(&out.stdout);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 4, "{list}");
    // The SCORE column ends at the same display column on every line.
    let score_end = |line: &str| {
        let cut = line.find('.').expect("score") + 3;
        width(&line[..cut])
    };
    let header = lines[0];
    let header_end = width(&header[..header.find("SCORE").expect("header") + 5]);
    for line in &lines[1..] {
        assert_eq!(score_end(line), header_end, "{list}");
        assert!(width(line) <= 60, "{line}: {}\n{list}", width(line));
    }
}

#[test]
fn colour_follows_the_flag_then_the_environment() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-backlog");
    let list = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = rankdown();
        cmd.args(["list", "--root", root])
            .args(args)
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        text(&cmd.output().expect("runs").stdout).contains("\u{1b}[")
    };
    assert!(!list(&[], &[]), "not a terminal: no colour");
    assert!(list(&[], &[("CLICOLOR_FORCE", "1")]), "CLICOLOR_FORCE");
    assert!(
        !list(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
    assert!(
        !list(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]),
        "--color never wins"
    );
    assert!(
        list(&["--color", "always"], &[("NO_COLOR", "1")]),
        "--color always wins"
    );
}

#[test]
fn percent_encoded_links_to_items_resolve() {
    let backlog = support::load(&[
        ("rankdown.yaml", CONFIG),
        ("goals/g.md", "---\ntitle: G\n---\n"),
        (
            "items/café au lait.md",
            "---\ntitle: Coffee\ngoals: [g]\n---\n",
        ),
        (
            "feedback/n.md",
            "---\ndate: 2026-10-01\nfrom: ann\n---\nI want [coffee](../items/caf%C3%A9%20au%20lait.md).\n",
        ),
    ]);
    assert!(backlog.links.linked[0], "{:#?}", backlog.diagnostics);
}
