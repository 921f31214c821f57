//! Feedback intake: turning the exports of other tools (ticket CSVs, mail) into
//! ordinary feedback notes. Each importer is a pure function from a source's
//! bytes to notes and diagnostics; [`plan`](crate::import::plan) decides, against the notes the
//! backlog already holds, which to write under which name and which to skip.
//! Writing is the command's job (`cli/import.rs`), through `crate::files`.

pub mod backlog_md;
pub mod chat;
pub mod dates;
pub mod forum;
pub mod mail;
pub mod people;
pub mod privacy;
pub mod tickets;
pub mod transcript;

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::model::{Channel, Feedback, Level};
use crate::template::yaml_text;

/// One note an importer made, before it has a file name.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub channel: Channel,
    pub date: Date,
    pub from: Option<String>,
    pub org: Option<String>,
    pub severity: Level,
    /// The message's identity in its system (`ref:`): a ticket key, a Message-ID.
    pub reference: String,
    /// The importer (`source:`): with `reference`, how a re-import knows the note.
    pub source: &'static str,
    /// A short title: the note's heading and its file name's slug.
    pub title: String,
    pub body: String,
    /// Where it came from, for messages: `tickets.csv row 3`.
    pub origin: String,
    /// Every name the source gives the sender (display name, address), for
    /// finding them in `people.yaml`; never written to the note.
    pub senders: Vec<String>,
}

/// What one source yields: notes in source order, and the problems met.
#[derive(Debug, Default)]
pub struct Imported {
    pub notes: Vec<Note>,
    pub diagnostics: Vec<Diagnostic>,
    /// Messages left out on purpose, with where they are and why.
    pub skipped: Vec<(String, String)>,
}

/// Options shared by every importer.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Mask email addresses and phone numbers in bodies and titles.
    pub mask_contacts: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            mask_contacts: true,
        }
    }
}

/// Writes each note's sender as their `people.yaml` key, and their org when
/// the note has none. Returns the senders the directory does not know, in
/// first-seen order, each once.
pub fn resolve_people(notes: &mut [Note], people: &people::People) -> Vec<String> {
    let mut unknown: Vec<String> = Vec::new();
    for note in notes {
        if let Some(person) = people.resolve(&note.senders) {
            note.from = Some(person.key.clone());
            if note.org.is_none() {
                note.org.clone_from(&person.org);
            }
        } else if let Some(from) = &note.from
            && !unknown.contains(from)
        {
            unknown.push(from.clone());
        }
    }
    unknown
}

/// What to do with one note.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Write `text` to the first free name of `<stem>.md`, `<stem>-2.md`…
    /// (`stem` is root-relative).
    Write {
        note: Note,
        stem: String,
        text: String,
    },
    /// Leave it: `reason` says why, in words.
    Skip { note: Note, reason: String },
}

/// Decides each note's fate: skipped when the backlog (or an earlier note of
/// this run) already holds its `ref:` from the same source, or when it is
/// older than `since`; written otherwise, under `<feedback>/<channel folder>/`
/// (see [`channel_folder`]).
///
/// An existing note matches when its `ref:` is the same and either its
/// `source:` names the same importer or, having no `source:` (typed by a
/// person), its `channel:` is the importer's channel.
pub fn plan(
    notes: Vec<Note>,
    existing: &[Feedback],
    feedback_folder: &str,
    since: Option<Date>,
) -> Vec<Action> {
    let mut seen: HashSet<(String, &'static str)> = HashSet::new();
    let mut actions = Vec::with_capacity(notes.len());
    for mut note in notes {
        // As the note will hold it, so that a re-import compares like with like.
        note.reference = one_line(&note.reference);
        if let Some(since) = since
            && note.date < since
        {
            let reason = format!("dated {}, before --since {since}", note.date);
            actions.push(Action::Skip { note, reason });
            continue;
        }
        if let Some(old) = existing.iter().find(|f| same_message(f, &note)) {
            let reason = format!("already imported as {}", old.path);
            actions.push(Action::Skip { note, reason });
            continue;
        }
        if !seen.insert((note.reference.clone(), note.source)) {
            let reason = format!("ref '{}' appears earlier in this import", note.reference);
            actions.push(Action::Skip { note, reason });
            continue;
        }
        let stem = format!(
            "{}/{}/{}-{}",
            feedback_folder.trim_end_matches('/'),
            channel_folder(note.channel),
            note.date,
            slug_of(&note)
        );
        let text = render(&note);
        actions.push(Action::Write { note, stem, text });
    }
    actions
}

/// The folder of a channel's notes, as the sample backlog names them:
/// `tickets/`, `interviews/`, `surveys/`, and the channel's word for the rest.
pub fn channel_folder(channel: Channel) -> &'static str {
    match channel {
        Channel::Ticket => "tickets",
        Channel::Interview => "interviews",
        Channel::Survey => "surveys",
        other => other.name(),
    }
}

fn same_message(old: &Feedback, note: &Note) -> bool {
    old.reference.as_deref().map(str::trim) == Some(note.reference.as_str())
        && match old.source.as_deref() {
            Some(source) => source.trim() == note.source,
            None => old.channel == note.channel,
        }
}

/// The slug of the title, cut to a few words; the channel when nothing is left.
fn slug_of(note: &Note) -> String {
    /// Longest slug kept, in bytes (whole words).
    const MAX: usize = 48;
    let full = crate::cli::slug(&note.title);
    let mut out = String::new();
    for word in full.split('-') {
        if !out.is_empty() && out.len() + 1 + word.len() > MAX {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out.truncate(MAX);
    if out.is_empty() {
        note.channel.name().to_owned()
    } else {
        out
    }
}

/// The note's file: front matter, a heading, the body.
pub fn render(note: &Note) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "channel: {}", note.channel.name());
    let _ = writeln!(out, "date: {}", note.date);
    if let Some(from) = &note.from {
        let _ = writeln!(out, "from: {}", yaml_text(&one_line(from)));
    }
    if let Some(org) = &note.org {
        let _ = writeln!(out, "org: {}", yaml_text(&one_line(org)));
    }
    let _ = writeln!(out, "severity: {}", note.severity.name());
    let _ = writeln!(out, "ref: {}", yaml_text(&one_line(&note.reference)));
    let _ = writeln!(out, "source: {}", note.source);
    out.push_str("---\n\n");
    let title = one_line(&note.title);
    if !title.is_empty() {
        let _ = write!(out, "# {}\n\n", markdown_text(&title));
    }
    let body = unlinked(&clean_body(&note.body));
    if !body.is_empty() {
        out.push_str(&body);
        out.push('\n');
    }
    out
}

/// Text whose brackets cannot make a link: an imported note starts linked
/// to nothing, since linking evidence to items is the team's call, not the
/// sender's. `[[`, `](`, `][` and `]:` (wiki links, inline and reference
/// links, link definitions) get a backslash; other brackets stay as written.
fn unlinked(text: &str) -> String {
    text.replace("[[", "\\[\\[")
        .replace("](", "\\](")
        .replace("][", "\\][")
        .replace("]:", "\\]:")
}

/// Text on one line, control characters and runs of spaces made one space.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A heading's text with the characters that would make it a link or
/// markup escaped, so a title cannot link the note to an item.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\[]<>`*_#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A body as lines without control characters (tabs kept), `\r\n` and `\r`
/// made `\n`, trailing spaces and blank lines at either end trimmed.
pub fn clean_body(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            line.chars()
                .filter(|&c| c == '\t' || !c.is_control())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// Bytes as text: UTF-8 (a BOM dropped), else windows-1252, the encoding
/// spreadsheet programs on Windows still export.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(reference: &str) -> Note {
        Note {
            channel: Channel::Ticket,
            date: Date::parse("2026-10-14").expect("date"),
            from: Some("Ana Lima".to_owned()),
            org: Some("Acme".to_owned()),
            severity: Level::High,
            reference: reference.to_owned(),
            source: "tickets",
            title: "Export [[ci-cache]] fails: again!".to_owned(),
            body: "line one\r\n\r\nline\u{7} two  \n\n".to_owned(),
            origin: "t.csv row 2".to_owned(),
            senders: Vec::new(),
        }
    }

    #[test]
    fn a_note_renders_as_front_matter_heading_and_body() {
        let text = render(&note("SUP-1"));
        assert_eq!(
            text,
            "---\nchannel: ticket\ndate: 2026-10-14\nfrom: Ana Lima\norg: Acme\nseverity: high\nref: SUP-1\nsource: tickets\n---\n\n# Export \\[\\[ci-cache\\]\\] fails: again!\n\nline one\n\nline two\n"
        );
        let mut diagnostics = Vec::new();
        let parsed = crate::parse::feedback(
            "feedback/ticket/x.md",
            &text,
            "items",
            crate::parse::Bodies::Keep,
            &mut diagnostics,
        )
        .expect("parsed");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(parsed.reference.as_deref(), Some("SUP-1"));
        assert_eq!(parsed.source.as_deref(), Some("tickets"));
        assert!(parsed.references.is_empty(), "a title links nothing");
    }

    #[test]
    fn hostile_fields_stay_in_their_field_and_link_nothing() {
        let mut hostile = note("A-1\nitems: [ci-cache]");
        hostile.from = Some("x\": y\u{1b}[31m".to_owned());
        hostile.org = Some("---".to_owned());
        hostile.title = "---\n# [[ci-cache]]".to_owned();
        hostile.body =
            "---\nitems: [x]\n---\nsee [[ci-cache]] and [c](../../items/ci-cache.md)".to_owned();
        let text = render(&hostile);
        let mut diagnostics = Vec::new();
        let parsed = crate::parse::feedback(
            "feedback/tickets/x.md",
            &text,
            "items",
            crate::parse::Bodies::Keep,
            &mut diagnostics,
        )
        .expect("parsed");
        assert!(diagnostics.is_empty(), "{diagnostics:?}\n{text}");
        assert_eq!(parsed.reference.as_deref(), Some("A-1 items: [ci-cache]"));
        assert_eq!(parsed.from.as_deref(), Some("x\": y [31m"));
        assert_eq!(parsed.org.as_deref(), Some("---"));
        assert!(parsed.items.is_empty());
        assert!(parsed.references.is_empty(), "{text}");
    }

    #[test]
    fn plan_skips_known_refs_duplicates_and_old_notes() {
        let mut typed = crate::parse::feedback(
            "feedback/by-hand.md",
            "---\nchannel: ticket\ndate: 2026-10-01\nref: SUP-1\n---\n",
            "items",
            crate::parse::Bodies::Keep,
            &mut Vec::new(),
        )
        .expect("parsed");
        let mut other_channel = typed.clone();
        other_channel.channel = Channel::Mail;
        other_channel.reference = Some("SUP-2".to_owned());
        let mut old = note("SUP-4");
        old.date = Date::parse("2026-01-01").expect("date");
        let actions = plan(
            vec![
                note("SUP-1"),
                note("SUP-2"),
                note("SUP-2"),
                note("SUP-3"),
                old,
            ],
            &[typed.clone(), other_channel],
            "feedback/",
            Date::parse("2026-06-01"),
        );
        let summary: Vec<String> = actions
            .iter()
            .map(|a| match a {
                Action::Write { stem, .. } => format!("write {stem}"),
                Action::Skip { reason, .. } => format!("skip: {reason}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "skip: already imported as feedback/by-hand.md",
                "write feedback/tickets/2026-10-14-export-ci-cache-fails-again",
                "skip: ref 'SUP-2' appears earlier in this import",
                "write feedback/tickets/2026-10-14-export-ci-cache-fails-again",
                "skip: dated 2026-01-01, before --since 2026-06-01",
            ]
        );
        // A note another importer wrote does not hide this one.
        typed.source = Some("mail".to_owned());
        let actions = plan(vec![note("SUP-1")], &[typed], "feedback", None);
        assert!(matches!(actions[0], Action::Write { .. }));
    }

    #[test]
    fn text_is_utf8_or_windows_1252() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(decode_text(b"caf\xE9 \x93ok\x94 \x80"), "café “ok” €");
    }
}
