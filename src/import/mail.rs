//! `rankdown import mail`: mbox files (RFC 4155) and `.eml` messages, one
//! note per message from outside the team. MIME, transfer encodings and
//! charsets are `mail-parser`'s; an HTML-only body is turned into text. What
//! the note keeps of a message: the sender's name (its address when it has
//! none), the day it was sent, the subject and the new text of the body:
//! quoted replies and the signature are cut, attachments never read.

use mail_parser::MessageParser;

use super::{Imported, Note, Options, one_line, privacy};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Channel, Level};

/// Reads one source: an mbox when it opens with a `From ` line, else one
/// message. `team_domains` are the team's own mail domains (their
/// subdomains too): messages from them are skipped.
pub fn import(path: &str, bytes: &[u8], team_domains: &[String], options: Options) -> Imported {
    let mut imported = Imported::default();
    if bytes.starts_with(b"From ") {
        for (line, message) in split_mbox(bytes) {
            read_message(
                path,
                line,
                Some(line),
                &message,
                team_domains,
                options,
                &mut imported,
            );
        }
    } else {
        read_message(path, 1, None, bytes, team_domains, options, &mut imported);
    }
    imported
}

/// The messages of an mbox with the line of each `From ` separator; body
/// lines escaped as `>From ` (mboxrd, mboxo) lose one `>`.
fn split_mbox(bytes: &[u8]) -> Vec<(u32, Vec<u8>)> {
    let mut messages: Vec<(u32, Vec<u8>)> = Vec::new();
    for (index, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if line.starts_with(b"From ") {
            messages.push((number, Vec::new()));
            continue;
        }
        let Some((_, message)) = messages.last_mut() else {
            continue;
        };
        let quoted = line.iter().take_while(|&&b| b == b'>').count();
        if quoted > 0 && line[quoted..].starts_with(b"From ") {
            message.extend_from_slice(&line[1..]);
        } else {
            message.extend_from_slice(line);
        }
    }
    messages
}

fn read_message(
    path: &str,
    line: u32,
    mbox_line: Option<u32>,
    raw: &[u8],
    team_domains: &[String],
    options: Options,
    imported: &mut Imported,
) {
    let pos = Pos::new(line, 1);
    let what = mbox_line.map_or_else(
        || "the message".to_owned(),
        |l| format!("the message at line {l}"),
    );
    let origin = mbox_line.map_or_else(|| path.to_owned(), |l| format!("{path} line {l}"));
    let mut problem = |message: String| {
        imported
            .diagnostics
            .push(Diagnostic::error("import-mail", path, pos, message));
    };
    let Some(message) = MessageParser::default().parse(raw) else {
        problem(format!("{what} has no mail headers; it was skipped"));
        return;
    };
    let Some(id) = message
        .message_id()
        .map(one_line)
        .filter(|id| !id.is_empty())
    else {
        problem(format!(
            "{what} has no Message-ID, so a re-import could not recognise it; it was skipped"
        ));
        return;
    };
    let sender = message.from().and_then(|from| from.first());
    let address = sender
        .and_then(|s| s.address())
        .map(str::trim)
        .unwrap_or_default();
    if let Some(domain) = team_domain(address, team_domains) {
        imported
            .skipped
            .push((origin, format!("from the team's domain {domain}")));
        return;
    }
    let Some(date) = message
        .date()
        .and_then(|d| Date::from_ymd(i32::from(d.year), i32::from(d.month), i32::from(d.day)))
    else {
        problem(format!(
            "{what} has no readable Date header; it was skipped"
        ));
        return;
    };
    let name = sender
        .and_then(|s| s.name())
        .map(one_line)
        .filter(|n| !n.is_empty() && !n.contains('@'));
    let senders: Vec<String> = name
        .iter()
        .cloned()
        .chain(Some(address.to_owned()).filter(|a| !a.is_empty()))
        .collect();
    let from = senders.first().cloned();
    let subject = strip_reply_prefixes(&one_line(message.subject().unwrap_or_default()));
    let body = message
        .body_text(0)
        .map(|b| new_text(&b))
        .unwrap_or_default();
    if body.is_empty() && subject.is_empty() {
        problem(format!("{what} has no text; it was skipped"));
        return;
    }
    let mask = |s: &str| {
        if options.mask_contacts {
            privacy::mask_contacts(s)
        } else {
            s.to_owned()
        }
    };
    imported.notes.push(Note {
        channel: Channel::Mail,
        date,
        from,
        org: None,
        severity: Level::Medium,
        reference: id,
        source: "mail",
        title: mask(&subject),
        body: mask(&body),
        origin,
        senders,
    });
}

/// The team domain `address` belongs to (the domain or a subdomain of it).
fn team_domain<'d>(address: &str, team_domains: &'d [String]) -> Option<&'d str> {
    let (_, domain) = address.rsplit_once('@')?;
    let domain = domain.trim().trim_end_matches('.').to_lowercase();
    team_domains
        .iter()
        .map(|d| d.trim().trim_start_matches('@'))
        .find(|team| {
            let team = team.to_lowercase();
            domain == team || domain.ends_with(&format!(".{team}"))
        })
}

/// `Re: Fwd: Export fails` → `Export fails`.
fn strip_reply_prefixes(subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let lower = rest.to_lowercase();
        let Some(prefix) = ["re:", "fwd:", "fw:", "aw:", "wg:", "sv:", "tr:"]
            .iter()
            .find(|p| lower.starts_with(*p))
        else {
            return rest.to_owned();
        };
        rest = rest[prefix.len()..].trim_start();
    }
}

/// The text the sender wrote: everything from a reply header (`On … wrote:`,
/// `-----Original Message-----`) or a signature separator (`-- `) on is cut,
/// and `>` quoted lines are dropped.
pub fn new_text(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let signature = *line == "-- " || trimmed == "--";
        let original = trimmed.starts_with("-----Original Message-----")
            || trimmed.starts_with("-------- Original Message --------");
        let wrote = (trimmed.ends_with("wrote:") || trimmed.ends_with("schrieb:"))
            && (trimmed.starts_with("On ")
                || trimmed.starts_with("Am ")
                || i > 0 && lines[i - 1].trim_start().starts_with("On "));
        if signature || original {
            break;
        }
        if wrote {
            // A header wrapped over two lines starts on the line before.
            if !(trimmed.starts_with("On ") || trimmed.starts_with("Am ")) {
                kept.pop();
            }
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        kept.push(line);
    }
    super::clean_body(&kept.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> Imported {
        import(
            "in.mbox",
            bytes,
            &["example.com".to_owned()],
            Options::default(),
        )
    }

    const MBOX: &str = "From ana@acme.test Wed Oct 14 09:12:00 2026\n\
Message-ID: <m1@acme.test>\n\
From: Ana Lima <ana@acme.test>\n\
To: support@example.com\n\
Subject: Re: Export fails\n\
Date: Wed, 14 Oct 2026 09:12:00 +0000\n\
\n\
The export fails again. Mail ana@acme.test.\n\
>From now on I will retry.\n\
\n\
On Tue, 13 Oct 2026 at 10:00, Bob <bob@example.com>\n\
wrote:\n\
> Can you retry?\n\
\n\
From bob@example.com Wed Oct 14 10:00:00 2026\n\
Message-ID: <m2@example.com>\n\
From: Bob <bob@support.example.com>\n\
Subject: internal\n\
Date: Wed, 14 Oct 2026 10:00:00 +0000\n\
\n\
Our own reply.\n\
From x Wed Oct 14 10:00:00 2026\n\
From: Nobody <n@acme.test>\n\
Subject: no id\n\
Date: Wed, 14 Oct 2026 10:00:00 +0000\n\
\n\
text\n";

    #[test]
    fn an_mbox_yields_outside_messages_without_quotes() {
        let imported = run(MBOX.as_bytes());
        let [note] = &imported.notes[..] else {
            panic!("{:?}", imported.notes)
        };
        assert_eq!(note.reference, "m1@acme.test");
        assert_eq!(note.from.as_deref(), Some("Ana Lima"));
        assert_eq!(note.date.to_string(), "2026-10-14");
        assert_eq!(note.title, "Export fails");
        assert_eq!(
            note.body,
            "The export fails again. Mail [email].\nFrom now on I will retry."
        );
        assert_eq!(note.origin, "in.mbox line 1");
        assert_eq!(
            imported.skipped,
            [(
                "in.mbox line 15".to_owned(),
                "from the team's domain example.com".to_owned()
            )]
        );
        let problems: Vec<String> = imported
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}", d.line, d.message))
            .collect();
        assert_eq!(
            problems,
            [
                "22:the message at line 22 has no Message-ID, so a re-import could not recognise it; it was skipped"
            ]
        );
    }

    #[test]
    fn mime_encodings_and_charsets_become_text() {
        let eml = b"Message-ID: <q@x.test>\r\n\
From: =?ISO-8859-1?Q?Jos=E9_M=FCller?= <jose@x.test>\r\n\
Subject: =?windows-1252?Q?=93Caf=E9=94_report?=\r\n\
Date: Thu, 15 Oct 2026 08:00:00 +0200\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: multipart/alternative; boundary=\"b2\"\r\n\
\r\n\
--b2\r\n\
Content-Type: text/plain; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Le caf=E9 est froid. Appelez +33 6 12 34 56 78.\r\n\
-- \r\n\
Jos=E9\r\n\
--b2\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>ignored</p>\r\n\
--b2--\r\n\
--b1\r\n\
Content-Type: application/pdf; name=\"secret.pdf\"\r\n\
Content-Disposition: attachment; filename=\"secret.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
U0VDUkVU\r\n\
--b1--\r\n";
        let imported = run(eml);
        assert!(
            imported.diagnostics.is_empty(),
            "{:?}",
            imported.diagnostics
        );
        let note = &imported.notes[0];
        assert_eq!(note.from.as_deref(), Some("José Müller"));
        assert_eq!(note.title, "“Café” report");
        assert_eq!(note.body, "Le café est froid. Appelez [phone].");
        assert_eq!(note.origin, "in.mbox");
    }

    #[test]
    fn base64_and_html_only_bodies_become_text() {
        let eml = b"Message-ID: <h@x.test>\n\
From: raj@x.test\n\
Subject: Slow\n\
Date: 16 Oct 2026 08:00:00 +0000\n\
Content-Type: text/html; charset=windows-1252\n\
Content-Transfer-Encoding: base64\n\
\n\
PHA+VGhlIHBhZ2UgaXMgPGI+c2xvdzwvYj4gkyBhZ2FpbiCULjwvcD4=\n";
        let imported = run(eml);
        let note = &imported.notes[0];
        assert_eq!(note.from.as_deref(), Some("raj@x.test"));
        assert_eq!(note.body, "The page is slow “ again ”.");
    }

    #[test]
    fn reply_headers_quotes_and_signatures_are_cut() {
        let body = "New text.\n> old\n\nMore.\n-----Original Message-----\nFrom: x";
        assert_eq!(new_text(body), "New text.\n\nMore.");
        assert_eq!(new_text("Hi\nOn Mon, Bob wrote:\n> x"), "Hi");
        assert_eq!(new_text("Hi\n--\nAna"), "Hi");
        assert_eq!(strip_reply_prefixes("RE: Fwd: AW: Topic"), "Topic");
    }
}
