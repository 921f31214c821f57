//! `rankdown import chat`: a Slack export, its `.zip` or unpacked folder (`users.json`,
//! `channels.json`, `<channel>/<YYYY-MM-DD>.json`). One note per thread root
//! or top-level message from someone outside the team, with that person's
//! own replies in the thread appended. Mentions (`<@U123>`), channel links
//! and `<url|text>` links are resolved; names come from `users.json`. Kept:
//! the person's name, the day, the words. Left out: reactions, files and
//! attachments, edits, bots and joins, replies by other people, and profile
//! details (an email address only helps find the person in `people.yaml`).

use std::collections::HashMap;

use serde_json::Value;

use super::{Imported, Note, Options, one_line, privacy};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Channel, Level};

/// One file of the export: its path inside the export, and its bytes.
pub type ExportFile = (String, Vec<u8>);

#[derive(Debug, Default)]
struct User {
    /// The name a note shows: the real name, else the handle.
    shown: String,
    /// Every name the export gives them (id, handle, real and display name,
    /// email), for `people.yaml` and `--team`.
    names: Vec<String>,
    bot: bool,
}

/// Reads an export. `shown` names it in messages; `team` holds the team's
/// own people (handles, names or ids), whose messages are not feedback.
pub fn import(shown: &str, files: &[ExportFile], team: &[String], options: Options) -> Imported {
    import_with_progress(shown, files, team, options, &|_| {})
}

/// [`import`], calling `progress` with each channel day's byte count as
/// that day is read (for a progress bar; it changes nothing read).
pub fn import_with_progress(
    shown: &str,
    files: &[ExportFile],
    team: &[String],
    options: Options,
    progress: &dyn Fn(u64),
) -> Imported {
    let mut imported = Imported::default();
    let mut users: HashMap<String, User> = HashMap::new();
    let json = |name: &str, bytes: &[u8], imported: &mut Imported| -> Option<Value> {
        match serde_json::from_slice(bytes) {
            Ok(value) => Some(value),
            Err(e) => {
                let pos = Pos::new(
                    u32::try_from(e.line()).unwrap_or(1).max(1),
                    u32::try_from(e.column()).unwrap_or(1).max(1),
                );
                imported.diagnostics.push(Diagnostic::error(
                    "import-json",
                    &format!("{shown}/{name}"),
                    pos,
                    format!("not valid JSON: {e}; the file was skipped"),
                ));
                None
            }
        }
    };
    let users_file = files.iter().find(|(name, _)| name == "users.json");
    if let Some((name, bytes)) = users_file
        && let Some(Value::Array(list)) = json(name, bytes, &mut imported)
    {
        for user in &list {
            let get = |v: Option<&Value>| {
                v.and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_owned()
            };
            let id = get(user.get("id"));
            let handle = get(user.get("name"));
            let profile = user.get("profile");
            let real = get(user.get("real_name"));
            let real = if real.is_empty() {
                get(profile.and_then(|p| p.get("real_name")))
            } else {
                real
            };
            let display = get(profile.and_then(|p| p.get("display_name")));
            let email = get(profile.and_then(|p| p.get("email")));
            let shown_name = [&real, &display, &handle, &id]
                .into_iter()
                .find(|n| !n.is_empty())
                .cloned()
                .unwrap_or_default();
            let names = [id.clone(), handle, real, display, email]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect();
            let bot = user.get("is_bot").and_then(Value::as_bool).unwrap_or(false);
            users.insert(
                id,
                User {
                    shown: shown_name,
                    names,
                    bot,
                },
            );
        }
    }
    let is_team = |user: &User| {
        user.names
            .iter()
            .any(|n| team.iter().any(|t| t.trim().eq_ignore_ascii_case(n)))
    };
    // Messages of every channel file, in path order (channel, then day).
    let mut channel_files: Vec<&ExportFile> = files
        .iter()
        .filter(|(name, _)| name.contains('/') && name.to_ascii_lowercase().ends_with(".json"))
        .collect();
    channel_files.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in channel_files {
        progress(bytes.len() as u64);
        let channel = name.split('/').next().unwrap_or_default();
        let Some(value) = json(name, bytes, &mut imported) else {
            continue;
        };
        let Some(messages) = value.as_array() else {
            imported.diagnostics.push(Diagnostic::error(
                "import-json",
                &format!("{shown}/{name}"),
                Pos::START,
                "a channel's day must be a list of messages; the file was skipped",
            ));
            continue;
        };
        read_day(
            shown,
            name,
            channel,
            messages,
            &users,
            &is_team,
            options,
            &mut imported,
        );
    }
    imported
}

#[allow(clippy::too_many_arguments)]
fn read_day(
    shown: &str,
    name: &str,
    channel: &str,
    messages: &[Value],
    users: &HashMap<String, User>,
    is_team: &dyn Fn(&User) -> bool,
    options: Options,
    imported: &mut Imported,
) {
    for (i, message) in messages.iter().enumerate() {
        let ts = text_of(message, "ts");
        let thread = text_of(message, "thread_ts");
        let user_id = text_of(message, "user");
        let is_reply = !thread.is_empty() && thread != ts;
        let subtype = text_of(message, "subtype");
        if is_reply || !subtype.is_empty() || user_id.is_empty() {
            continue;
        }
        let unknown = User {
            shown: user_id.to_owned(),
            names: vec![user_id.to_owned()],
            bot: false,
        };
        let user = users.get(user_id).unwrap_or(&unknown);
        if user.bot || is_team(user) {
            continue;
        }
        let origin = format!("{shown}/{name} [{i}]");
        let Some(date) = day_of(ts) else {
            imported.diagnostics.push(Diagnostic::error(
                "import-json",
                &format!("{shown}/{name}"),
                Pos::START,
                format!("at [{i}]: 'ts' is not a Slack timestamp ('{ts}'); skipped"),
            ));
            continue;
        };
        let mut text = resolve(text_of(message, "text"), users);
        // The same person's replies in this thread, wherever the export put them.
        for reply in messages {
            if text_of(reply, "thread_ts") == ts
                && text_of(reply, "ts") != ts
                && text_of(reply, "user") == user_id
            {
                let more = resolve(text_of(reply, "text"), users);
                if !more.trim().is_empty() {
                    text = format!("{}\n\n{}", text.trim_end(), more.trim());
                }
            }
        }
        if text.trim().is_empty() {
            continue;
        }
        let mask = |s: &str| {
            if options.mask_contacts {
                privacy::mask_contacts(s)
            } else {
                s.to_owned()
            }
        };
        let title: String = one_line(&text)
            .split(' ')
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
        imported.notes.push(Note {
            channel: Channel::Chat,
            date,
            from: Some(one_line(&user.shown)).filter(|s| !s.is_empty()),
            org: None,
            severity: Level::Medium,
            reference: format!("#{channel}/{ts}"),
            source: "chat",
            title: mask(&title),
            body: mask(&text),
            origin,
            senders: user.names.clone(),
        });
    }
}

/// A string field of a message, empty when absent.
fn text_of<'v>(message: &'v Value, key: &str) -> &'v str {
    message.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The UTC day of a Slack timestamp (`1760432520.000100`).
fn day_of(ts: &str) -> Option<Date> {
    let seconds: i64 = ts.split('.').next()?.parse().ok()?;
    Some(Date::from_days(
        i32::try_from(seconds.div_euclid(86_400)).ok()?,
    ))
}

/// Slack's markup as plain words: `<@U1>` → `@Name`, `<#C1|general>` →
/// `#general`, `<https://x|text>` → `text (https://x)`, `<!here>` → `@here`,
/// entities decoded.
fn resolve(text: &str, users: &HashMap<String, User>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inner = &rest[start + 1..start + len];
        let (target, label) = inner
            .split_once('|')
            .map_or((inner, None), |(t, l)| (t, Some(l)));
        let shown = if let Some(id) = target.strip_prefix('@') {
            let name = users
                .get(id)
                .map(|u| u.shown.as_str())
                .or(label)
                .unwrap_or(id);
            format!("@{name}")
        } else if let Some(id) = target.strip_prefix('#') {
            format!("#{}", label.unwrap_or(id))
        } else if let Some(special) = target.strip_prefix('!') {
            format!("@{}", label.unwrap_or(special).trim_start_matches('@'))
        } else {
            match label {
                Some(label) if label != target => format!("{label} ({target})"),
                _ => target.to_owned(),
            }
        };
        out.push_str(&shown);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Bounds on what a zipped export may make rankdown read.
#[derive(Debug, Clone, Copy)]
pub struct ZipLimits {
    /// Entries the archive may list, read or not.
    pub entries: usize,
    /// Uncompressed bytes of one read entry.
    pub entry_bytes: u64,
    /// Uncompressed bytes of all read entries together.
    pub total_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        Self {
            entries: 100_000,
            entry_bytes: 1_048_576,
            total_bytes: 512 * 1_048_576,
        }
    }
}

/// Whether a name inside a zipped export is one the importer reads:
/// `users.json`, `channels.json` or `<channel>/<YYYY-MM-DD>.json`, where the
/// channel is a plain name (no `..`, no hidden or absolute path, no `\`).
/// Anything else (folders, files, other paths) is left unread.
fn wanted(name: &str) -> bool {
    if name == "users.json" || name == "channels.json" {
        return true;
    }
    let Some((channel, file)) = name.split_once('/') else {
        return false;
    };
    let Some(day) = file.strip_suffix(".json") else {
        return false;
    };
    let channel_ok = !channel.is_empty()
        && !channel.starts_with('.')
        && !channel.contains(['\\', ':', '\0'])
        && !channel.chars().any(char::is_control);
    let bytes = day.as_bytes();
    let day_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    channel_ok && day_ok
}

/// Reads a zipped Slack export (what Slack hands out) in memory: only the
/// entries `wanted` names, each read whole up to `limits`; nothing is
/// extracted to disk. An `Err` says in plain words why the archive was not
/// read (not a zip, too many entries, an entry or the whole too large).
pub fn read_zip<R: std::io::Read + std::io::Seek>(
    reader: R,
    limits: ZipLimits,
) -> Result<Vec<ExportFile>, String> {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(reader).map_err(|e| format!("not a readable zip archive: {e}"))?;
    if archive.len() > limits.entries {
        return Err(format!(
            "the archive lists {} entries, more than the {} read",
            archive.len(),
            limits.entries
        ));
    }
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|e| format!("entry {index} is unreadable: {e}"))?;
        // A name that is not valid text is none the importer reads.
        let Ok(name) = entry.name().map(|n| n.to_string()) else {
            continue;
        };
        if entry.is_dir() || !wanted(&name) {
            continue;
        }
        let too_big = || {
            format!(
                "{name} is over {} bytes uncompressed; the archive was not read",
                limits.entry_bytes
            )
        };
        if entry.size() > limits.entry_bytes {
            return Err(too_big());
        }
        // The declared size is not trusted: read at most one byte more.
        let mut bytes = Vec::new();
        (&mut entry)
            .take(limits.entry_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name} is unreadable: {e}"))?;
        let len = bytes.len() as u64;
        if len > limits.entry_bytes {
            return Err(too_big());
        }
        total += len;
        if total > limits.total_bytes {
            return Err(format!(
                "the export is over {} bytes uncompressed; the archive was not read",
                limits.total_bytes
            ));
        }
        files.push((name, bytes));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export() -> Vec<ExportFile> {
        let users = r#"[
            {"id":"U1","name":"ana","real_name":"Ana Lima","profile":{"email":"ana@acme.test"}},
            {"id":"U2","name":"priya","real_name":"Priya Raman"},
            {"id":"B1","name":"ci-bot","is_bot":true}]"#;
        let day = r#"[
            {"type":"message","user":"U1","text":"CI is slow <@U2>, see <https://ci.example/run/1|run 1> in <#C1|builds>","ts":"1760432520.000100","thread_ts":"1760432520.000100","reply_count":2},
            {"type":"message","user":"U2","text":"Looking","ts":"1760432600.000200","thread_ts":"1760432520.000100"},
            {"type":"message","user":"U1","text":"Thanks &amp; sorry","ts":"1760432700.000300","thread_ts":"1760432520.000100"},
            {"type":"message","user":"U2","text":"team post","ts":"1760432800.000400"},
            {"type":"message","user":"B1","text":"build failed","ts":"1760432900.000500"},
            {"type":"message","subtype":"channel_join","user":"U3","text":"joined","ts":"1760433000.000600"},
            {"type":"message","user":"U3","text":"Who am I?","ts":"oops"}]"#;
        vec![
            ("users.json".to_owned(), users.as_bytes().to_vec()),
            ("channels.json".to_owned(), b"[]".to_vec()),
            (
                "platform-help/2025-10-14.json".to_owned(),
                day.as_bytes().to_vec(),
            ),
            ("broken/2025-10-14.json".to_owned(), b"[{".to_vec()),
        ]
    }

    #[test]
    fn threads_become_notes_from_people_outside_the_team() {
        let imported = import(
            "export",
            &export(),
            &["priya".to_owned()],
            Options::default(),
        );
        let [note] = &imported.notes[..] else {
            panic!("{:?}", imported.notes)
        };
        assert_eq!(note.date.to_string(), "2025-10-14");
        assert_eq!(note.from.as_deref(), Some("Ana Lima"));
        assert_eq!(note.reference, "#platform-help/1760432520.000100");
        assert_eq!(
            note.body,
            "CI is slow @Priya Raman, see run 1 (https://ci.example/run/1) in #builds\n\nThanks & sorry"
        );
        assert!(note.senders.contains(&"ana@acme.test".to_owned()));
        assert_eq!(note.origin, "export/platform-help/2025-10-14.json [0]");
        let problems: Vec<String> = imported
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.path, d.line, d.message))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("export/broken/2025-10-14.json:1: not valid JSON"));
        assert!(problems[1].ends_with("at [6]: 'ts' is not a Slack timestamp ('oops'); skipped"));
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> std::io::Cursor<Vec<u8>> {
        use std::io::Write as _;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            writer.start_file(*name, options).expect("zip entry");
            writer.write_all(content).expect("zip write");
        }
        std::io::Cursor::new(writer.finish().expect("zip finish").into_inner())
    }

    #[test]
    fn only_the_exports_own_names_are_read_from_a_zip() {
        for name in [
            "users.json",
            "channels.json",
            "general/2026-10-14.json",
            "ops-help/1999-01-31.json",
        ] {
            assert!(wanted(name), "{name}");
        }
        for name in [
            "../users.json",
            "../etc/2026-10-14.json",
            "/general/2026-10-14.json",
            ".hidden/2026-10-14.json",
            "a/b/2026-10-14.json",
            "c:\\x/2026-10-14.json",
            "general/notes.json",
            "general/2026-10-14.txt",
            "general/2026-10-14.json/",
            "integration_logs.json",
            "dms.json",
        ] {
            assert!(!wanted(name), "{name}");
        }
    }

    #[test]
    fn a_zip_is_read_in_memory_and_sorted_by_name() {
        let zip = zip_of(&[
            ("general/2026-10-15.json", b"[]"),
            ("users.json", b"[]"),
            ("../evil/2026-10-14.json", b"[]"),
            ("general/2026-10-14.json", b"[1]"),
        ]);
        let files = read_zip(zip, ZipLimits::default()).expect("read");
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "general/2026-10-14.json",
                "general/2026-10-15.json",
                "users.json"
            ]
        );
        assert_eq!(files[0].1, b"[1]");
    }

    #[test]
    fn a_zip_past_its_bounds_is_refused() {
        let limits = ZipLimits {
            entries: 2,
            entry_bytes: 100,
            total_bytes: 150,
        };
        let three = zip_of(&[("a", b""), ("b", b""), ("c", b"")]);
        let err = read_zip(three, limits).expect_err("too many entries");
        assert!(err.contains("3 entries"), "{err}");
        // Highly compressible: small in the archive, large once inflated.
        let big = vec![b' '; 101];
        let err = read_zip(zip_of(&[("users.json", &big)]), limits).expect_err("entry");
        assert!(err.contains("users.json is over 100 bytes"), "{err}");
        let eighty = vec![b' '; 80];
        let err = read_zip(
            zip_of(&[("users.json", &eighty), ("channels.json", &eighty)]),
            limits,
        )
        .expect_err("total");
        assert!(err.contains("over 150 bytes"), "{err}");
        let err =
            read_zip(std::io::Cursor::new(b"not a zip".to_vec()), limits).expect_err("not a zip");
        assert!(err.contains("not a readable zip"), "{err}");
    }

    #[test]
    fn progress_counts_every_channel_days_bytes() {
        let files = export();
        let days: u64 = files
            .iter()
            .filter(|(name, _)| name.contains('/'))
            .map(|(_, bytes)| bytes.len() as u64)
            .sum();
        let seen = std::cell::Cell::new(0);
        let with = import_with_progress("slack", &files, &[], Options::default(), &|n| {
            seen.set(seen.get() + n);
        });
        assert_eq!(seen.get(), days);
        let without = import("slack", &files, &[], Options::default());
        assert_eq!(format!("{with:?}"), format!("{without:?}"));
    }
}
