//! `rankdown import`: notes written from exports into a backlog in a temp
//! dir; idempotence, never overwriting, masking, dry runs and diagnostics.

use std::fs;
use std::path::Path;

use crate::support::{copy_dir, rankdown};

/// A Zendesk export with the quirks real ones have: a BOM, `;` separators,
/// a quoted newline, a contact in a body, an unknown priority, a short row.
const ZENDESK: &str = "\u{feff}Id;Subject;Requester;Organization;Priority;Created at;Description;Assignee\n\
101;Export fails;Ana Lima;Acme;Urgent;14.10.2026 09:12;\"The export fails.\nCall me on +49 151 1234 5678 or ana@acme.example\";Bob\n\
102;Slow dashboard;Raj Patel;;Whenever;10/15/2026;It is slow;Bob\n\
103;broken;row\n\
104;Login loop;Mia;Initech;low;Wed, 21 Oct 2026 08:00:00 +0000;Loops on login;Eve\n";

/// A minimal backlog in a temp dir.
fn backlog() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(root.join("rankdown.yaml"), "as_of: 2026-11-01\n").expect("write");
    fs::create_dir_all(root.join("feedback/tickets")).expect("mkdir");
    fs::write(
        root.join("feedback/tickets/by-hand.md"),
        "---\nchannel: ticket\ndate: 2026-10-01\nref: \"104\"\n---\n\nTyped by a person.\n",
    )
    .expect("write");
    fs::write(root.join("zendesk.csv"), ZENDESK).expect("write");
    dir
}

fn import(root: &Path, extra: &[&str]) -> std::process::Output {
    rankdown()
        .current_dir(root)
        .args([
            "import",
            "tickets",
            "zendesk.csv",
            "--preset",
            "zendesk",
            "--format",
            "short",
        ])
        .args(extra)
        .output()
        .expect("runs")
}

fn notes(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("feedback/tickets"))
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn rows_become_notes_and_problems_name_file_and_row() {
    let dir = backlog();
    let out = import(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stdout,
        "wrote feedback/tickets/2026-10-14-export-fails.md (zendesk.csv row 2)\n\
         wrote feedback/tickets/2026-10-15-slow-dashboard.md (zendesk.csv row 3)\n\
         skipped zendesk.csv row 5: already imported as feedback/tickets/by-hand.md\n"
    );
    assert!(
        stderr.contains(
            "zendesk.csv:4:1: warning: row 3: unknown priority 'Whenever'; imported as medium"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "zendesk.csv:5:1: error: row 4 has 3 fields where the header has 8; the row was skipped"
        ),
        "{stderr}"
    );
    assert!(stderr.ends_with("wrote 2 notes, skipped 1\n"), "{stderr}");
    let first = fs::read_to_string(
        dir.path()
            .join("feedback/tickets/2026-10-14-export-fails.md"),
    )
    .expect("note");
    assert_eq!(
        first,
        "---\nchannel: ticket\ndate: 2026-10-14\nfrom: Ana Lima\norg: Acme\nseverity: critical\nref: \"101\"\nsource: tickets\n---\n\n# Export fails\n\nThe export fails.\nCall me on [phone] or [email]\n"
    );
    // Only the mapped columns reach a note: the assignee does not.
    assert!(!first.contains("Bob"));
    // The backlog with the new notes passes check's content rules.
    let check = rankdown()
        .current_dir(dir.path())
        .args(["check", "--format", "short"])
        .output()
        .expect("runs");
    let problems = String::from_utf8_lossy(&check.stdout);
    assert!(!problems.contains("feedback/"), "{problems}");
}

#[test]
fn a_second_run_writes_nothing_and_says_why() {
    let dir = backlog();
    import(dir.path(), &[]);
    let before = notes(dir.path());
    let out = import(dir.path(), &[]);
    assert_eq!(notes(dir.path()), before);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("already imported as").count(), 3, "{stdout}");
    assert!(!stdout.contains("wrote"), "{stdout}");
}

#[test]
fn an_edited_note_stays_as_the_team_left_it() {
    let dir = backlog();
    import(dir.path(), &[]);
    let path = dir
        .path()
        .join("feedback/tickets/2026-10-14-export-fails.md");
    let edited = fs::read_to_string(&path)
        .expect("note")
        .replace("# Export fails", "# Export fails [[export]]");
    fs::write(&path, &edited).expect("write");
    import(dir.path(), &[]);
    assert_eq!(fs::read_to_string(&path).expect("note"), edited);
}

#[test]
fn a_taken_name_gets_the_next_free_one_and_the_file_is_kept() {
    let dir = backlog();
    let taken = dir
        .path()
        .join("feedback/tickets/2026-10-14-export-fails.md");
    // Not a note of the backlog (no front matter), but a file all the same.
    fs::write(&taken, "notes of a person\n").expect("write");
    let out = import(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("wrote feedback/tickets/2026-10-14-export-fails-2.md"),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(&taken).expect("file"),
        "notes of a person\n"
    );
}

#[test]
fn a_dry_run_writes_nothing_and_lists_what_it_would() {
    let dir = backlog();
    let before = notes(dir.path());
    let out = import(dir.path(), &["--dry-run"]);
    assert_eq!(notes(dir.path()), before);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "would write feedback/tickets/2026-10-14-export-fails.md (zendesk.csv row 2)\n"
        ),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).ends_with("would write 2 notes, skipped 1\n"));
}

#[test]
fn since_keep_contacts_and_into_are_honoured() {
    let dir = backlog();
    let csv = dir.path().join("zendesk.csv");
    let out = rankdown()
        .args([
            "import",
            "tickets",
            "--preset",
            "zendesk",
            "--keep-contacts",
        ])
        .args(["--since", "2026-10-15", "--into"])
        .arg(dir.path())
        .arg(&csv)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("skipped ")
            && stdout.contains("row 2: dated 2026-10-14, before --since 2026-10-15"),
        "{stdout}"
    );
    assert_eq!(notes(dir.path()).len(), 2, "by-hand.md and row 3");
    // Contacts kept on request: write a row holding one and look.
    fs::write(&csv, "ref,date,text\n9,2026-10-20,mail ana@acme.example\n").expect("write");
    rankdown()
        .args(["import", "tickets", "--keep-contacts", "--into"])
        .arg(dir.path())
        .arg(&csv)
        .output()
        .expect("runs");
    let kept = fs::read_to_string(
        dir.path()
            .join("feedback/tickets/2026-10-20-mail-ana-acme-example.md"),
    )
    .expect("note");
    assert!(kept.contains("mail ana@acme.example"), "{kept}");
}

#[test]
fn a_missing_source_is_a_usage_error_and_nothing_is_written() {
    let dir = backlog();
    let before = notes(dir.path());
    let out = rankdown()
        .current_dir(dir.path())
        .args(["import", "tickets", "zendesk.csv", "missing.csv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.csv"));
    assert_eq!(notes(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn a_feedback_folder_linked_outside_the_root_is_refused() {
    let dir = backlog();
    let outside = tempfile::tempdir().expect("temp dir");
    fs::remove_dir_all(dir.path().join("feedback/tickets")).expect("rm");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("feedback/tickets")).expect("link");
    let out = import(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_dir(outside.path()).expect("read").count(), 0);
}

/// An mbox with a customer's message and a colleague's reply.
const MBOX: &str = "From ana@acme.test Wed Oct 14 09:12:00 2026\n\
Message-ID: <m1@acme.test>\n\
From: Ana Lima <ana@acme.test>\n\
Subject: Export fails\n\
Date: Wed, 14 Oct 2026 09:12:00 +0000\n\
\n\
The export fails again.\n\
\n\
From bob@example.com Wed Oct 14 10:00:00 2026\n\
Message-ID: <m2@example.com>\n\
From: Bob <bob@example.com>\n\
Subject: Re: Export fails\n\
Date: Wed, 14 Oct 2026 10:00:00 +0000\n\
\n\
Looking into it.\n";

#[test]
fn mail_skips_the_team_and_imports_each_message_once() {
    let dir = backlog();
    let root = dir.path();
    fs::write(
        root.join("rankdown.yaml"),
        "as_of: 2026-11-01\nimport:\n  team_domains: [example.com]\n",
    )
    .expect("write");
    let inbox = root.join("inbox");
    fs::create_dir_all(&inbox).expect("mkdir");
    fs::write(inbox.join("support.mbox"), MBOX).expect("write");
    fs::write(
        inbox.join("raj.eml"),
        "Message-ID: <r1@x.test>\nFrom: Raj <raj@x.test>\nSubject: Slow\nDate: 15 Oct 2026 08:00:00 +0000\n\nThe page is slow.\n-- \nRaj\n",
    )
    .expect("write");
    fs::write(inbox.join("notes.txt"), "not mail").expect("write");
    let run = || {
        rankdown()
            .current_dir(root)
            .args(["import", "mail", "inbox"])
            .output()
            .expect("runs")
    };
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "skipped inbox/support.mbox line 9: from the team's domain example.com\n\
         wrote feedback/mail/2026-10-15-slow.md (inbox/raj.eml)\n\
         wrote feedback/mail/2026-10-14-export-fails.md (inbox/support.mbox line 1)\n"
    );
    let note = fs::read_to_string(root.join("feedback/mail/2026-10-15-slow.md")).expect("note");
    assert_eq!(
        note,
        "---\nchannel: mail\ndate: 2026-10-15\nfrom: Raj\nseverity: medium\nref: \"r1@x.test\"\nsource: mail\n---\n\n# Slow\n\nThe page is slow.\n"
    );
    let again = run();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert_eq!(stdout.matches("already imported").count(), 2, "{stdout}");
    assert!(!stdout.contains("wrote"), "{stdout}");
}

/// The README's walk-through: the sample's raw exports imported into a copy.
#[test]
fn the_sample_inbox_imports_into_a_copy_of_the_sample() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("sample");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-backlog"),
        &root,
    );
    let run = |args: &[&str]| {
        let out = rankdown()
            .current_dir(&root)
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let tickets = run(&[
        "import",
        "tickets",
        "inbox/devx-jira-export.csv",
        "--preset",
        "jira",
    ]);
    assert_eq!(
        tickets.matches("\nwrote ").count() + usize::from(tickets.starts_with("wrote ")),
        3,
        "{tickets}"
    );
    assert!(
        tickets.contains("row 2: already imported as feedback/tickets/devx-1745.md"),
        "{tickets}"
    );
    let mail = run(&["import", "mail", "inbox/platform-help.mbox"]);
    assert!(
        mail.contains("from the team's domain platform.example"),
        "{mail}"
    );
    assert!(
        mail.contains("wrote feedback/mail/2026-11-11-preview-environments-again.md"),
        "{mail}"
    );
    let forum = run(&["import", "forum", "inbox/github-issues.json"]);
    assert_eq!(forum.matches("wrote feedback/forum/").count(), 2, "{forum}");
    let chat = run(&[
        "import",
        "chat",
        "inbox/slack-export",
        "--team",
        "ben.okafor",
    ]);
    assert_eq!(chat.matches("wrote feedback/chat/").count(), 1, "{chat}");
    let transcript = run(&[
        "import",
        "transcript",
        "inbox/2026-11-19-lena-vogel.vtt",
        "--team",
        "Priya Raman",
    ]);
    assert!(
        transcript.contains("wrote feedback/interviews/2026-11-19-interview-with-lena-vogel.md"),
        "{transcript}"
    );
    let before = fs::read_to_string(root.join("PRIORITIES.md")).expect("read");
    run(&["--quiet"]);
    let after = fs::read_to_string(root.join("PRIORITIES.md")).expect("read");
    assert!(before.contains("73 feedback notes from 36 people"));
    assert!(
        after.contains("81 feedback notes from 40 people"),
        "{after}"
    );
    assert!(after.contains("Feedback linked to no item (16)"), "{after}");
    run(&["check"]);
}

#[test]
fn people_yaml_turns_every_alias_into_one_key() {
    let dir = backlog();
    let root = dir.path();
    fs::write(
        root.join("people.yaml"),
        "- key: ana-lima\n  org: Acme Corp\n  aliases: [ana@acme.test, Ana Lima]\n- key: raj\n  name: Raj Patel\n  aliases: [ana@acme.test]\n",
    )
    .expect("write");
    fs::write(
        root.join("ana.eml"),
        "Message-ID: <a1@acme.test>\nFrom: A. L. <ana@acme.test>\nSubject: Exports\nDate: 20 Oct 2026 08:00:00 +0000\n\nStill failing.\n",
    )
    .expect("write");
    let dry = import(root, &["--dry-run"]);
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(
        stdout.ends_with("new person (not in people.yaml): Mia\n"),
        "{stdout}"
    );
    assert!(
        String::from_utf8_lossy(&dry.stderr).contains(
            "people.yaml:6:13: error: 'ana@acme.test' is claimed by both 'ana-lima' and 'raj'"
        ),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    import(root, &[]);
    let ticket =
        fs::read_to_string(root.join("feedback/tickets/2026-10-14-export-fails.md")).expect("note");
    // The export's own org wins; the person's key replaces the name.
    assert!(ticket.contains("from: ana-lima\norg: Acme\n"), "{ticket}");
    let slow = fs::read_to_string(root.join("feedback/tickets/2026-10-15-slow-dashboard.md"))
        .expect("note");
    assert!(slow.contains("from: raj\n"), "{slow}");
    rankdown()
        .current_dir(root)
        .args(["import", "mail", "ana.eml"])
        .output()
        .expect("runs");
    let mail = fs::read_to_string(root.join("feedback/mail/2026-10-20-exports.md")).expect("note");
    assert!(mail.contains("from: ana-lima\norg: Acme Corp\n"), "{mail}");
}

#[test]
fn forum_json_imports_once_with_gh_urls_as_refs() {
    let dir = backlog();
    let root = dir.path();
    fs::write(
        root.join("issues.json"),
        r#"[{"number":7,"title":"Cache misses","body":"Builds are slow.","author":{"login":"lena"},
            "createdAt":"2026-11-10T08:15:00Z","url":"https://github.com/o/r/issues/7","labels":[],
            "comments":[{"author":{"login":"omar"},"body":"Same for us.","createdAt":"2026-11-12T08:00:00Z",
            "url":"https://github.com/o/r/issues/7#issuecomment-2"}]}]"#,
    )
    .expect("write");
    let run = || {
        rankdown()
            .current_dir(root)
            .args(["import", "forum", "issues.json"])
            .output()
            .expect("runs")
    };
    let out = run();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "wrote feedback/forum/2026-11-10-cache-misses.md (issues.json [0])\n\
         wrote feedback/forum/2026-11-12-re-cache-misses.md (issues.json [0].comments[0])\n"
    );
    let again = run();
    assert_eq!(
        String::from_utf8_lossy(&again.stdout)
            .matches("already imported")
            .count(),
        2
    );
}

#[test]
fn a_transcript_becomes_one_interview_note_without_the_interviewer() {
    let dir = backlog();
    let root = dir.path();
    fs::write(
        root.join("2026-10-20-raj.srt"),
        "1\n00:00:01,000 --> 00:00:04,000\nPriya: What hurts most?\n\n2\n00:00:05,000 --> 00:00:08,000\nRaj: Flaky tests, every day.\n",
    )
    .expect("write");
    let run = || {
        rankdown()
            .current_dir(root)
            .args([
                "import",
                "transcript",
                "2026-10-20-raj.srt",
                "--team",
                "Priya",
            ])
            .output()
            .expect("runs")
    };
    let out = run();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "wrote feedback/interviews/2026-10-20-interview-with-raj.md (2026-10-20-raj.srt)\n"
    );
    let note =
        fs::read_to_string(root.join("feedback/interviews/2026-10-20-interview-with-raj.md"))
            .expect("note");
    assert_eq!(
        note,
        "---\nchannel: interview\ndate: 2026-10-20\nfrom: Raj\nseverity: medium\nref: \"2026-10-20-raj\"\nsource: transcript\n---\n\n# Interview with Raj\n\nFlaky tests, every day.\n"
    );
    assert!(String::from_utf8_lossy(&run().stdout).contains("already imported"));
}

/// The Slack export the chat tests read: (path inside the export, content).
const SLACK_EXPORT: [(&str, &str); 3] = [
    (
        "users.json",
        r#"[{"id":"U1","name":"ana","real_name":"Ana Lima"},{"id":"U2","name":"priya","real_name":"Priya Raman"}]"#,
    ),
    ("channels.json", r#"[{"id":"C1","name":"platform-help"}]"#),
    (
        "platform-help/2026-10-14.json",
        r#"[{"type":"message","user":"U1","text":"Builds are slow <@U2>","ts":"1791968400.000100","thread_ts":"1791968400.000100"},
            {"type":"message","user":"U2","text":"On it","ts":"1791968500.000200","thread_ts":"1791968400.000100"},
            {"type":"message","user":"U2","text":"Team news","ts":"1791968600.000300"}]"#,
    ),
];

/// A zip archive of `entries` (name, content), deflated, as Slack hands out.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write as _;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(content.as_bytes()).expect("zip write");
    }
    writer.finish().expect("zip finish").into_inner()
}

#[test]
fn a_slack_export_folder_imports_threads_from_outside_the_team_once() {
    let dir = backlog();
    let root = dir.path();
    let export = root.join("slack");
    fs::create_dir_all(export.join("platform-help")).expect("mkdir");
    for (name, content) in SLACK_EXPORT {
        fs::write(export.join(name), content).expect("write");
    }
    let run = || {
        rankdown()
            .current_dir(root)
            .args(["import", "chat", "slack", "--team", "priya"])
            .output()
            .expect("runs")
    };
    let out = run();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "wrote feedback/chat/2026-10-14-builds-are-slow-priya-raman.md (slack/platform-help/2026-10-14.json [0])\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note =
        fs::read_to_string(root.join("feedback/chat/2026-10-14-builds-are-slow-priya-raman.md"))
            .expect("note");
    assert!(note.contains("from: Ana Lima\n"), "{note}");
    assert!(
        note.contains("ref: \"#platform-help/1791968400.000100\"\n"),
        "{note}"
    );
    assert!(note.ends_with("Builds are slow @Priya Raman\n"), "{note}");
    assert!(String::from_utf8_lossy(&run().stdout).contains("already imported"));
}

#[test]
fn a_zipped_slack_export_imports_the_same_notes_as_its_folder() {
    let import = |source: &str, make: &dyn Fn(&Path)| {
        let dir = backlog();
        let root = dir.path();
        make(root);
        let out = rankdown()
            .current_dir(root)
            .args(["import", "chat", source, "--team", "priya"])
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = root.join("feedback/chat/2026-10-14-builds-are-slow-priya-raman.md");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            fs::read_to_string(path).expect("note"),
        )
    };
    let (folder_out, folder_note) = import("slack", &|root| {
        fs::create_dir_all(root.join("slack/platform-help")).expect("mkdir");
        for (name, content) in SLACK_EXPORT {
            fs::write(root.join("slack").join(name), content).expect("write");
        }
    });
    let (zip_out, zip_note) = import("slack.zip", &|root| {
        // Entries the importer must not read ride along: a path out of the
        // export, a nested file and a stray name.
        let mut entries = SLACK_EXPORT.to_vec();
        entries.push((
            "../outside/2026-10-14.json",
            "[{\"user\":\"U1\",\"text\":\"no\",\"ts\":\"1\"}]",
        ));
        entries.push(("a/b/2026-10-14.json", "not json"));
        entries.push(("integration_logs.json", "not json"));
        fs::write(root.join("slack.zip"), zip_of(&entries)).expect("write zip");
    });
    assert_eq!(zip_note, folder_note);
    assert_eq!(
        zip_out,
        folder_out.replace("(slack/", "(slack.zip/"),
        "the same notes, named by the archive"
    );
}

#[test]
fn a_slack_zip_over_the_size_limit_is_refused_and_nothing_is_written() {
    let dir = backlog();
    let root = dir.path();
    fs::write(
        root.join("rankdown.yaml"),
        "as_of: 2026-11-01\nmax_file_bytes: 1000\n",
    )
    .expect("write");
    let big = format!("[{}]", " ".repeat(5000));
    let mut entries = SLACK_EXPORT.to_vec();
    entries.push(("platform-help/2026-10-15.json", &big));
    fs::write(root.join("slack.zip"), zip_of(&entries)).expect("write zip");
    let out = rankdown()
        .current_dir(root)
        .args(["import", "chat", "slack.zip"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("over 1000 bytes uncompressed"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!root.join("feedback/chat").exists());
}

/// A flag another kind of import takes is a usage error (exit 2) naming the
/// kinds it is for, and nothing is read or written.
#[test]
fn a_flag_of_another_kind_is_refused() {
    let dir = backlog();
    let root = dir.path();
    let before = notes(root);
    for (args, flag, applies) in [
        (
            &["import", "mail", "x.mbox", "--milestones-as-goals"][..],
            "--milestones-as-goals",
            "`import backlog-md` only",
        ),
        (
            &["import", "backlog-md", "x", "--since", "2026-01-01"][..],
            "--since",
            "the feedback importers only",
        ),
        (
            &["import", "chat", "x", "--preset", "jira"][..],
            "--preset",
            "`import tickets` only",
        ),
        (
            &["import", "tickets", "x.csv", "--keep-team"][..],
            "--keep-team",
            "`import transcript` only",
        ),
    ] {
        let out = rankdown()
            .args(args)
            .arg("--root")
            .arg(root)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag) && stderr.contains(applies),
            "{stderr}"
        );
    }
    assert_eq!(notes(root), before);
}
