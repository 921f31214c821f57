//! Fitting into the team's workflow: the pre-commit hook contract,
//! shell completions and the man page.

use crate::support::rankdown;

fn backlog(root: &std::path::Path) {
    std::fs::create_dir_all(root.join("items")).expect("mkdir");
    std::fs::write(root.join("rankdown.yaml"), "").expect("write");
    std::fs::write(root.join("items/a.md"), "---\ntitle: A\n---\n").expect("write");
}

#[test]
fn fail_on_change_exits_1_only_when_it_wrote() {
    let temp = tempfile::tempdir().expect("temp dir");
    backlog(temp.path());
    let run = || {
        rankdown()
            .args(["rank", "--fail-on-change", "--root"])
            .arg(temp.path())
            .output()
            .expect("runs")
    };
    let first = run();
    assert_eq!(first.status.code(), Some(1), "a new file was written");
    assert!(String::from_utf8_lossy(&first.stderr).contains("stage it"));
    assert!(temp.path().join("PRIORITIES.md").is_file());
    assert_eq!(run().status.code(), Some(0), "nothing changed");
    std::fs::write(temp.path().join("items/b.md"), "---\ntitle: B\n---\n").expect("write");
    assert_eq!(
        run().status.code(),
        Some(1),
        "a new item changed the output"
    );
    // Without the flag, writing is success.
    std::fs::write(temp.path().join("items/c.md"), "---\ntitle: C\n---\n").expect("write");
    let plain = rankdown()
        .arg("--root")
        .arg(temp.path())
        .output()
        .expect("runs");
    assert_eq!(plain.status.code(), Some(0));
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = rankdown()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("rankdown") && script.contains("explain"),
            "{shell}: {script}"
        );
    }
    let man = rankdown().arg("man").output().expect("runs");
    assert!(man.status.success());
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.contains(".TH rankdown 1"), "{page}");
    assert!(page.contains("PRIORITIES.md"), "{page}");
}

#[test]
fn pre_commit_hooks_follow_the_framework_contract() {
    let hooks = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .expect("hooks file");
    for id in ["rankdown", "rankdown-system", "rankdown-check"] {
        assert!(
            hooks.contains(&format!("- id: {id}\n")),
            "hook {id} missing"
        );
    }
    assert_eq!(hooks.matches("pass_filenames: false").count(), 3);
    assert_eq!(hooks.matches("require_serial: true").count(), 3);
    assert!(hooks.contains("language: rust") && hooks.contains("language: system"));
    assert_eq!(
        hooks
            .matches("entry: rankdown rank --fail-on-change")
            .count(),
        2
    );
    assert!(hooks.contains("entry: rankdown check\n"));
}

#[test]
fn list_colours_follow_the_flag_and_titles_fit_the_width() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-backlog");
    let list = |args: &[&str], columns: &str| {
        let out = rankdown()
            .args(["list", "--root", root])
            .args(args)
            .env("COLUMNS", columns)
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    assert!(
        list(&["--color", "always"], "100").contains("\x1b[36m"),
        "colour when asked"
    );
    assert!(
        !list(&["--color", "never"], "100").contains('\x1b'),
        "no colour when refused"
    );
    // Not a terminal: auto means no colour.
    assert!(!list(&[], "100").contains('\x1b'));
    for columns in ["100", "140"] {
        let width: usize = columns.parse().expect("number");
        for line in list(&[], columns).lines() {
            assert!(line.chars().count() <= width, "{columns}: {line}");
        }
    }
    let narrow = list(&[], "100");
    assert!(narrow.contains('…'), "titles are cut: {narrow}");
}

#[test]
fn check_accepts_a_crlf_checkout_of_the_output_but_not_other_changes() {
    let temp = tempfile::tempdir().expect("temp dir");
    backlog(temp.path());
    let run = |args: &[&str]| {
        rankdown()
            .args(args)
            .arg("--root")
            .arg(temp.path())
            .output()
            .expect("runs")
    };
    assert_eq!(run(&["rank"]).status.code(), Some(0));
    let output = temp.path().join("PRIORITIES.md");
    let lf = std::fs::read_to_string(&output).expect("read");
    assert!(!lf.contains('\r'));
    // What `core.autocrlf=true` checks out.
    std::fs::write(&output, lf.replace('\n', "\r\n")).expect("write");
    let check = run(&["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // A line end mixed in is fine too; a changed or lost line is not.
    std::fs::write(&output, lf.replacen('\n', "\r\n", 1)).expect("write");
    assert_eq!(run(&["check"]).status.code(), Some(0));
    std::fs::write(&output, lf.replace('\n', "\r\n").replacen('A', "B", 1)).expect("write");
    assert_eq!(run(&["check"]).status.code(), Some(1));
    std::fs::write(&output, lf.replace('\n', "\r")).expect("write");
    assert_eq!(run(&["check"]).status.code(), Some(1));
    std::fs::write(&output, format!("{lf}\r\n")).expect("write");
    assert_eq!(run(&["check"]).status.code(), Some(1));
}
