//! `rankdown import transcript`: `WebVTT` and SRT interview transcripts (Zoom,
//! Teams, Meet), one interview note per file. Speakers come from `WebVTT`
//! voice tags (`<v Ana Lima>`) or a `Name:` at the start of a cue; the
//! team's own speakers (`--team`) are dropped, or kept as context. Kept: the
//! interviewee's words, one paragraph per turn. Left out: timings, cue ids,
//! styling and positioning, and the recording itself.

use super::{Imported, Note, Options, one_line, privacy};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Channel, Level};

/// How the team's own speakers are treated.
#[derive(Debug, Clone, Default)]
pub struct Team {
    /// Speaker names of the team (compared ignoring case).
    pub names: Vec<String>,
    /// Keep their turns as context (`*Name:* …` lines) instead of dropping them.
    pub keep: bool,
}

/// One speaker's consecutive words.
#[derive(Debug, PartialEq)]
struct Turn {
    speaker: Option<String>,
    text: String,
}

/// Reads one transcript. The interview's day comes from the file name
/// (`2026-10-14-ana.vtt`, Zoom's `GMT20261014-091200_Recording.vtt`).
pub fn import(path: &str, bytes: &[u8], team: &Team, options: Options) -> Imported {
    let mut imported = Imported::default();
    let text = super::decode_text(bytes);
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let Some(date) = date_in_name(file_name) else {
        imported.diagnostics.push(
            Diagnostic::error(
                "import-transcript",
                path,
                Pos::START,
                "the file name holds no date, and a transcript has none inside; nothing was imported from this file",
            )
            .with_help("rename it with the interview's day, e.g. 2026-10-14-ana-lima.vtt"),
        );
        return imported;
    };
    let turns = turns(&text);
    let is_team = |speaker: &Option<String>| {
        speaker.as_ref().is_some_and(|s| {
            team.names
                .iter()
                .any(|t| t.trim().eq_ignore_ascii_case(s.trim()))
        })
    };
    // The interviewee: whoever outside the team speaks most.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for turn in &turns {
        if let Some(speaker) = &turn.speaker
            && !is_team(&turn.speaker)
        {
            match counts.iter_mut().find(|(s, _)| s == speaker) {
                Some((_, n)) => *n += turn.text.len(),
                None => counts.push((speaker, turn.text.len())),
            }
        }
    }
    let interviewee = counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(s, _)| (*s).to_owned());
    let mut paragraphs = Vec::new();
    for turn in &turns {
        if is_team(&turn.speaker) {
            if team.keep {
                let who = turn.speaker.as_deref().unwrap_or_default();
                paragraphs.push(format!("*{}:* {}", one_line(who), turn.text));
            }
        } else if turn.speaker.is_some() && turn.speaker != interviewee {
            let who = turn.speaker.as_deref().unwrap_or_default();
            paragraphs.push(format!("{}: {}", one_line(who), turn.text));
        } else {
            paragraphs.push(turn.text.clone());
        }
    }
    if paragraphs.is_empty() {
        imported.diagnostics.push(Diagnostic::error(
            "import-transcript",
            path,
            Pos::START,
            "no cue outside the team says anything; nothing was imported from this file",
        ));
        return imported;
    }
    let body = paragraphs.join("\n\n");
    let body = if options.mask_contacts {
        privacy::mask_contacts(&body)
    } else {
        body
    };
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .trim_end_matches(".transcript");
    imported.notes.push(Note {
        channel: Channel::Interview,
        date,
        senders: interviewee.iter().cloned().collect(),
        title: interviewee.as_ref().map_or_else(
            || "Interview".to_owned(),
            |who| format!("Interview with {who}"),
        ),
        from: interviewee,
        org: None,
        severity: Level::Medium,
        reference: one_line(stem),
        source: "transcript",
        body,
        origin: path.to_owned(),
    });
    imported
}

/// `2026-10-14` or `20261014` anywhere in a file name.
fn date_in_name(name: &str) -> Option<Date> {
    let bytes = name.as_bytes();
    for start in 0..bytes.len() {
        let rest = &name[start..];
        if !name.is_char_boundary(start) {
            continue;
        }
        if rest.len() >= 10
            && let Some(date) = Date::parse(&rest[..10])
        {
            return Some(date);
        }
        let digits: String = rest.chars().take(8).collect();
        if digits.len() == 8
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (start == 0 || !bytes[start - 1].is_ascii_digit())
            && let Some(date) = Date::parse(&format!(
                "{}-{}-{}",
                &digits[..4],
                &digits[4..6],
                &digits[6..]
            ))
        {
            return Some(date);
        }
    }
    None
}

/// The cues' text grouped into turns: consecutive cues of one speaker join.
fn turns(text: &str) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if !line.contains("-->") {
            continue;
        }
        let mut cue = Vec::new();
        while let Some(next) = lines.peek() {
            if next.trim().is_empty() {
                break;
            }
            cue.push(next.trim());
            lines.next();
        }
        let (speaker, words) = speaker_and_words(&cue.join(" "));
        let words = one_line(&words);
        if words.is_empty() {
            continue;
        }
        match turns.last_mut() {
            Some(last) if last.speaker == speaker => {
                last.text.push(' ');
                last.text.push_str(&words);
            }
            _ => turns.push(Turn {
                speaker,
                text: words,
            }),
        }
    }
    turns
}

/// `<v Ana Lima>It fails</v>` or `Ana Lima: It fails` → the speaker and
/// the words, other tags removed.
fn speaker_and_words(cue: &str) -> (Option<String>, String) {
    let mut speaker = None;
    if let Some(rest) = cue.strip_prefix("<v")
        && let Some((tag, _)) = rest.split_once('>')
    {
        // `<v.loud Ana Lima>`: classes hang on the `v`, the name follows a space.
        let name = if tag.starts_with('.') {
            tag.split_once(' ').map_or("", |(_, name)| name)
        } else {
            tag
        }
        .trim();
        speaker = Some(name.to_owned()).filter(|n| !n.is_empty());
    }
    let mut words = String::new();
    let mut in_tag = false;
    for c in cue.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => words.push(c),
            _ => {}
        }
    }
    let words = words
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    if speaker.is_none()
        && let Some((name, said)) = words.split_once(": ")
        && !name.is_empty()
        && name.chars().count() <= 40
        && name.split_whitespace().count() <= 4
        && !name.contains(['.', '?', '!', ','])
    {
        return (Some(name.trim().to_owned()), said.trim().to_owned());
    }
    (speaker, words.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Team {
        Team {
            names: vec!["Priya (PM)".to_owned()],
            keep: false,
        }
    }

    const VTT: &str = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Priya (PM)>How do you ship a change?</v>\n\n\
2\n00:00:05.000 --> 00:00:09.000\n<v Ana Lima>We wait for CI.\nIt takes 40 minutes.</v>\n\n\
3\n00:00:09.500 --> 00:00:12.000\n<v Ana Lima>Call me on +49 151 1234 5678.</v>\n\n\
4\n00:00:13.000 --> 00:00:15.000\n<v Bo>Same for me.</v>\n";

    #[test]
    fn a_vtt_interview_keeps_the_interviewee_turns() {
        let imported = import(
            "GMT20261014-091200_Recording.transcript.vtt",
            VTT.as_bytes(),
            &team(),
            Options::default(),
        );
        assert!(
            imported.diagnostics.is_empty(),
            "{:?}",
            imported.diagnostics
        );
        let note = &imported.notes[0];
        assert_eq!(note.date.to_string(), "2026-10-14");
        assert_eq!(note.from.as_deref(), Some("Ana Lima"));
        assert_eq!(note.title, "Interview with Ana Lima");
        assert_eq!(note.reference, "GMT20261014-091200_Recording");
        assert_eq!(
            note.body,
            "We wait for CI. It takes 40 minutes. Call me on [phone].\n\nBo: Same for me."
        );
    }

    #[test]
    fn an_srt_with_name_prefixes_keeps_the_team_as_context_when_asked() {
        let srt = "1\r\n00:00:01,000 --> 00:00:04,000\r\nPriya (PM): What hurts?\r\n\r\n2\r\n00:00:05,000 --> 00:00:08,000\r\nRaj: Flaky tests.\r\n";
        let team = Team {
            keep: true,
            ..team()
        };
        let imported = import(
            "2026-10-20-raj.srt",
            srt.as_bytes(),
            &team,
            Options::default(),
        );
        let note = &imported.notes[0];
        assert_eq!(note.from.as_deref(), Some("Raj"));
        assert_eq!(note.body, "*Priya (PM):* What hurts?\n\nFlaky tests.");
    }

    #[test]
    fn a_file_name_without_a_date_is_reported() {
        let imported = import("call.vtt", VTT.as_bytes(), &team(), Options::default());
        assert!(imported.notes.is_empty());
        assert_eq!(imported.diagnostics.len(), 1);
    }
}
