//! The load reads and parses files on several threads, and suggestions and
//! themes are found on several (README "Benchmarks"): PRIORITIES.md, `list
//! --format json`, `suggest`, `themes` and every diagnostic stay the same
//! bytes whatever the number of threads and whatever order the files were
//! created in (which is the order a folder listing gives them).

use std::path::Path;

use crate::support::rankdown;

/// Words that tell items apart (each in a tenth of them), for suggestions.
const AREAS: [&str; 10] = [
    "billing", "search", "upload", "login", "report", "alerts", "mobile", "invoice", "sharing",
    "calendar",
];

/// A generated backlog of `items` items and `notes` notes, as `(path, text)`
/// pairs: every status, goals as lists and maps, dependencies on earlier
/// items, notes linking by front matter, `[[id]]` and Markdown links, quotes
/// and lists, a few notes in the triage inbox; with `problems`, a few content
/// problems too, so that diagnostics (with code frames) are compared.
fn generated(items: usize, notes: usize, problems: bool) -> Vec<(String, String)> {
    let statuses = ["proposed", "ready", "in-progress", "done", "dropped"];
    let channels = ["interview", "chat", "forum", "ticket", "mail", "survey"];
    let mut files = vec![
        ("rankdown.yaml".to_owned(), "as_of: 2026-11-20\n".to_owned()),
        (
            "goals/speed.md".to_owned(),
            "---\ntitle: Speed\nweight: 5\nhorizon: 3m\n---\n".to_owned(),
        ),
        (
            "goals/quality.md".to_owned(),
            "---\ntitle: Quality\nweight: 2\ndue: 2027-06-30\n---\n".to_owned(),
        ),
    ];
    for i in 0..items {
        let goals = if i % 3 == 0 {
            "goals: {speed: high, quality: low}".to_owned()
        } else {
            "goals: [speed]".to_owned()
        };
        let depends = if i > 4 && i % 7 == 0 {
            format!("depends_on: [item-{:03}]\n", i / 2)
        } else {
            String::new()
        };
        files.push((
            format!("items/item-{i:03}.md"),
            format!(
                "---\ntitle: Item number {i}\nstatus: {}\n{goals}\neffort: {}\nconfidence: {}%\n{depends}---\nWhy item {i} matters: the {} flow.\n",
                statuses[i % statuses.len()],
                ["XS", "S", "M", "L", "XL"][i % 5],
                50 + i % 50,
                AREAS[i % AREAS.len()],
            ),
        ));
    }
    for n in 0..notes {
        let item = (n * 7) % items;
        let other = (n * 13 + 5) % items;
        let front = if n % 11 == 0 {
            String::new()
        } else {
            format!("items: [item-{item:03}]\n")
        };
        let unlinked = !problems && n % 29 == 3;
        let front = if unlinked { String::new() } else { front };
        let body = if unlinked && n % 2 == 0 {
            // Linked to nothing and like no item: themes.
            format!("The warehouse export times out every night, run {n}.\n")
        } else if unlinked {
            // Linked to nothing, but like an item: suggestions.
            format!("The {} flow matters to us.\n", AREAS[other % AREAS.len()])
        } else if problems && n % 17 == 0 {
            // A reference to nothing: a link diagnostic in a note that parses cleanly.
            format!("Note {n} says little.\n\n> it breaks [[missing-{n}]]\n")
        } else {
            format!(
                "First paragraph of note {n}, from someone.\n\n> \"It takes   {n} minutes\" [[item-{other:03}]]\n\n- a list entry about [the item](../../items/item-{item:03}.md)\n- `[[not-a-link]]` in code\n"
            )
        };
        let date = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
        let severity = ["low", "medium", "high", "critical"][n % 4];
        let field = if problems && n % 23 == 0 {
            "severity: huge\n".to_owned()
        } else {
            format!("severity: {severity}\n")
        };
        files.push((
            format!(
                "feedback/{}/{}/note-{n:04}.md",
                channels[n % channels.len()],
                &date[..7]
            ),
            format!(
                "---\ndate: {date}\nfrom: person-{}\n{field}{front}---\n{body}",
                n % 40
            ),
        ));
    }
    files
}

/// Writes the files under `root` in the given order.
fn write(root: &Path, files: &[(String, String)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// The outputs that must not depend on threads: PRIORITIES.md as `rank`
/// writes it, `list --format json`, the suggestions and themes (found on
/// many threads), and `check`'s diagnostics in the human form (with code
/// frames) and as JSON.
fn outputs(root: &Path, threads: usize) -> Vec<(String, Vec<u8>)> {
    let run = |args: &[&str]| {
        rankdown()
            .env("RAYON_NUM_THREADS", threads.to_string())
            .args(args)
            .args(["--root", "."])
            .current_dir(root)
            .output()
            .expect("runs")
    };
    let ranked = run(&["rank", "-q"]);
    // Not written when the backlog has errors.
    let priorities = std::fs::read(root.join("PRIORITIES.md")).unwrap_or_default();
    let list = run(&["list", "--format", "json"]);
    let check = run(&["check"]);
    let check_json = run(&["check", "--format", "json"]);
    let suggest = run(&["suggest", "--format", "json"]);
    let themes = run(&["themes", "--format", "json"]);
    vec![
        ("rank stderr".to_owned(), ranked.stderr),
        ("PRIORITIES.md".to_owned(), priorities),
        ("list --format json".to_owned(), list.stdout),
        ("check".to_owned(), [check.stdout, check.stderr].concat()),
        (
            "check --format json".to_owned(),
            [check_json.stdout, check_json.stderr].concat(),
        ),
        ("suggest --format json".to_owned(), suggest.stdout),
        ("themes --format json".to_owned(), themes.stdout),
    ]
}

/// Writes `files` into two temp dirs, in opposite orders, and checks that
/// every output is the same bytes with 1, 4 and 7 threads in both.
fn same_outputs(files: &[(String, String)]) -> Vec<(String, Vec<u8>)> {
    let forward = tempfile::tempdir().expect("temp dir");
    write(forward.path(), files);
    let mut reversed_files = files.to_vec();
    reversed_files.reverse();
    let reversed = tempfile::tempdir().expect("temp dir");
    write(reversed.path(), &reversed_files);

    let one = outputs(forward.path(), 1);
    for (root, threads) in [
        (forward.path(), 4),
        (forward.path(), 7),
        (reversed.path(), 1),
        (reversed.path(), 4),
    ] {
        for ((what, expected), (_, got)) in one.iter().zip(outputs(root, threads)) {
            assert!(
                *expected == got,
                "{what} differs with {threads} threads ({}):\n{}\n---\n{}",
                root.display(),
                String::from_utf8_lossy(expected),
                String::from_utf8_lossy(&got)
            );
        }
    }
    one
}

#[test]
fn priorities_and_list_are_the_same_bytes_whatever_the_threads_and_file_order() {
    let one = same_outputs(&generated(60, 400, false));
    let priorities = String::from_utf8_lossy(&one[1].1);
    assert!(priorities.contains("Item number"), "{priorities}");
    assert!(
        priorities.contains("> \"It takes ") && !priorities.contains("takes  "),
        "quotes are shown, squeezed: {priorities}"
    );
    let list = String::from_utf8_lossy(&one[2].1);
    assert!(list.contains("item-000"), "{list}");
    let suggest = String::from_utf8_lossy(&one[5].1);
    assert!(suggest.contains("\"id\": \"item-"), "{suggest}");
    let themes = String::from_utf8_lossy(&one[6].1);
    assert!(themes.contains("warehouse"), "{themes}");
}

#[test]
fn diagnostics_are_the_same_bytes_whatever_the_threads_and_file_order() {
    let one = same_outputs(&generated(40, 200, true));
    // Problems found at parse time and at link time, each with a code frame.
    let check = String::from_utf8_lossy(&one[3].1);
    assert!(check.contains("huge"), "{check}");
    assert!(
        check.contains("> it breaks [[missing-17]]"),
        "a link problem keeps its code frame: {check}"
    );
}
