//! `rankdown import tickets`: CSV exports of ticketing systems (Zendesk,
//! Jira, Linear, Freshdesk…), one note per row. A column mapping names the
//! columns the note needs; presets hold the usual layouts. The separator
//! (`,`, `;` or a tab) is sniffed from the header, a BOM dropped, quoted
//! fields may span lines. Only the mapped columns are read: the rest of a
//! row (assignees, tags, custom fields, attachments) never reaches a note.

use super::{Imported, Note, Options, dates, decode_text, privacy};
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Channel, Level};

/// What a note takes from a row, by column name (matched ignoring case and
/// surrounding spaces).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    pub date: Option<String>,
    pub from: Option<String>,
    pub org: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub reference: Option<String>,
    pub severity: Option<String>,
}

/// The keys `--map` accepts, in the order they are documented.
pub const KEYS: &[&str] = &["date", "from", "org", "title", "text", "ref", "severity"];

/// The layouts of the common exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Zendesk's CSV export of tickets.
    Zendesk,
    /// Jira's "Export CSV (all fields)".
    Jira,
}

impl Mapping {
    /// Each field read from the column of its own name (`date`, `from`…).
    pub fn by_name() -> Self {
        let own = |key: &str| Some(key.to_owned());
        Self {
            date: own("date"),
            from: own("from"),
            org: own("org"),
            title: own("title"),
            text: own("text"),
            reference: own("ref"),
            severity: own("severity"),
        }
    }

    pub fn preset(preset: Preset) -> Self {
        let col = |name: &str| Some(name.to_owned());
        match preset {
            Preset::Zendesk => Self {
                date: col("Created at"),
                from: col("Requester"),
                org: col("Organization"),
                title: col("Subject"),
                text: col("Description"),
                reference: col("Id"),
                severity: col("Priority"),
            },
            Preset::Jira => Self {
                date: col("Created"),
                from: col("Reporter"),
                org: None,
                title: col("Summary"),
                text: col("Description"),
                reference: col("Issue key"),
                severity: col("Priority"),
            },
        }
    }

    /// Applies `key=Column,key=Column`; an empty column (`org=`) unmaps the key.
    pub fn apply(&mut self, spec: &str) -> Result<(), String> {
        for pair in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((key, column)) = pair.split_once('=') else {
                return Err(format!("'{pair}' is not KEY=COLUMN"));
            };
            let column = Some(column.trim().to_owned()).filter(|c| !c.is_empty());
            let slot = match key.trim() {
                "date" => &mut self.date,
                "from" => &mut self.from,
                "org" => &mut self.org,
                "title" => &mut self.title,
                "text" => &mut self.text,
                "ref" => &mut self.reference,
                "severity" => &mut self.severity,
                other => {
                    return Err(format!(
                        "unknown key '{other}'; the keys are {}",
                        KEYS.join(", ")
                    ));
                }
            };
            *slot = column;
        }
        Ok(())
    }
}

/// The severity a ticketing system's priority word means; `None` for a word
/// this does not know. An empty priority is medium.
pub fn severity(word: &str) -> Option<Level> {
    let word = word.trim().to_lowercase();
    Some(match word.as_str() {
        "" | "medium" | "normal" | "moderate" | "p2" | "p3" | "sev3" | "s3" | "3" => Level::Medium,
        "critical" | "urgent" | "blocker" | "highest" | "emergency" | "p0" | "sev1" | "s1"
        | "1" => Level::Critical,
        "high" | "major" | "important" | "p1" | "sev2" | "s2" | "2" => Level::High,
        "low" | "lowest" | "minor" | "trivial" | "p4" | "p5" | "sev4" | "s4" | "4" | "5" => {
            Level::Low
        }
        _ => return None,
    })
}

/// The field separator: whichever of `,`, `;` and tab is most frequent in
/// the first line, outside quotes (a comma on a tie).
fn sniff_separator(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                for (sep, count) in &mut counts {
                    if b == *sep {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .max_by_key(|(sep, count)| (*count, *sep == b','))
        .map_or(b',', |(sep, _)| *sep)
}

/// Reads one CSV export named `path` (as the user gave it, for messages).
pub fn import(path: &str, bytes: &[u8], mapping: &Mapping, options: Options) -> Imported {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_separator(&text))
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut imported = Imported::default();
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            imported.diagnostics.push(Diagnostic::error(
                "import-csv",
                path,
                Pos::START,
                format!("cannot read the header row: {e}"),
            ));
            return imported;
        }
    };
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut missing = Vec::new();
    let mut column = |key: &'static str, name: Option<&String>, required: bool| {
        let Some(name) = name else {
            if required {
                missing.push(format!("nothing is mapped to '{key}'"));
            }
            return None;
        };
        let found = names.iter().position(|n| *n == name.trim().to_lowercase());
        if found.is_none() && required {
            missing.push(format!("no column '{name}' for '{key}'"));
        }
        found
    };
    let columns = Columns {
        date: column("date", mapping.date.as_ref(), true),
        reference: column("ref", mapping.reference.as_ref(), true),
        text: column("text", mapping.text.as_ref(), false),
        title: column("title", mapping.title.as_ref(), false),
        from: column("from", mapping.from.as_ref(), false),
        org: column("org", mapping.org.as_ref(), false),
        severity: column("severity", mapping.severity.as_ref(), false),
    };
    if columns.text.is_none() && columns.title.is_none() {
        missing.push("no column for 'text' or 'title'".to_owned());
    }
    if !missing.is_empty() {
        imported.diagnostics.push(
            Diagnostic::error(
                "import-columns",
                path,
                Pos::START,
                format!(
                    "{}; nothing was imported from this file",
                    missing.join(", ")
                ),
            )
            .with_help(format!(
                "the columns are: {}; map them with --map KEY=COLUMN,… or pick a --preset",
                headers.iter().map(str::trim).collect::<Vec<_>>().join(", ")
            )),
        );
        return imported;
    }
    for (index, record) in reader.records().enumerate() {
        // The header is row 1, as a spreadsheet numbers them.
        let row = index + 2;
        match record {
            Ok(record) => {
                let line = record.position().map_or(1, csv::Position::line) as u32;
                let pos = Pos::new(line, 1);
                let get = |col: Option<usize>| {
                    col.and_then(|c| record.get(c))
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                };
                read_row(path, row, pos, &columns, &get, options, &mut imported);
            }
            Err(e) => {
                let line = e.position().map_or(1, csv::Position::line) as u32;
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        len, expected_len, ..
                    } => format!(
                        "row {row} has {len} fields where the header has {expected_len}; the row was skipped"
                    ),
                    _ => format!("row {row} cannot be read: {e}; the row was skipped"),
                };
                imported.diagnostics.push(Diagnostic::error(
                    "import-row",
                    path,
                    Pos::new(line, 1),
                    message,
                ));
            }
        }
    }
    imported
}

/// The index of each mapped column in the header.
struct Columns {
    date: Option<usize>,
    reference: Option<usize>,
    text: Option<usize>,
    title: Option<usize>,
    from: Option<usize>,
    org: Option<usize>,
    severity: Option<usize>,
}

fn read_row<'r>(
    path: &str,
    row: usize,
    pos: Pos,
    columns: &Columns,
    get: &dyn Fn(Option<usize>) -> Option<&'r str>,
    options: Options,
    imported: &mut Imported,
) {
    let mut problem = |message: String| {
        imported
            .diagnostics
            .push(Diagnostic::error("import-row", path, pos, message));
    };
    let Some(reference) = get(columns.reference) else {
        problem(format!("row {row} has no ref; the row was skipped"));
        return;
    };
    let Some(date_text) = get(columns.date) else {
        problem(format!("row {row} has no date; the row was skipped"));
        return;
    };
    let Some(date) = dates::parse_day(date_text) else {
        problem(format!(
            "row {row}: '{date_text}' is not a date this reads; the row was skipped"
        ));
        return;
    };
    let text = get(columns.text).unwrap_or_default();
    let title = get(columns.title).map_or_else(|| first_words(text), str::to_owned);
    if text.is_empty() && title.is_empty() {
        problem(format!("row {row} has no text; the row was skipped"));
        return;
    }
    let severity_word = get(columns.severity).unwrap_or_default();
    let severity_level = severity(severity_word).unwrap_or_else(|| {
        imported.diagnostics.push(
            Diagnostic::warning(
                "import-severity",
                path,
                pos,
                format!("row {row}: unknown priority '{severity_word}'; imported as medium"),
            )
            .with_help("known words: low, minor, normal, medium, high, major, urgent, critical, blocker, p0-p4, sev1-sev4"),
        );
        Level::Medium
    });
    let mask = |s: &str| {
        if options.mask_contacts {
            privacy::mask_contacts(s)
        } else {
            s.to_owned()
        }
    };
    let from = get(columns.from).map(super::one_line);
    imported.notes.push(Note {
        channel: Channel::Ticket,
        date,
        senders: from.iter().cloned().collect(),
        from,
        org: get(columns.org).map(super::one_line),
        severity: severity_level,
        reference: super::one_line(reference),
        source: "tickets",
        title: mask(&title),
        body: mask(text),
        origin: format!("{path} row {row}"),
    });
}

/// The first words of a text, for a title when a row has none.
fn first_words(text: &str) -> String {
    /// How many words a title taken from the text keeps.
    const WORDS: usize = 8;
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    line.split_whitespace()
        .take(WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(csv: &str, mapping: &Mapping) -> Imported {
        import("t.csv", csv.as_bytes(), mapping, Options::default())
    }

    #[test]
    fn zendesk_rows_become_ticket_notes() {
        let csv = "\u{feff}Id;Subject;Requester;Organization;Priority;Created at;Description;Assignee\n\
                   101;Export fails;Ana Lima;Acme;Urgent;14.10.2026 09:12;\"Export fails.\nMail me at ana@acme.example\";Bob\n\
                   102;;Raj;;low;2026-10-15;Slow page;Bob\n";
        let imported = run(csv, &Mapping::preset(Preset::Zendesk));
        assert!(
            imported.diagnostics.is_empty(),
            "{:?}",
            imported.diagnostics
        );
        let [first, second] = &imported.notes[..] else {
            panic!("{:?}", imported.notes)
        };
        assert_eq!(first.reference, "101");
        assert_eq!(first.date.to_string(), "2026-10-14");
        assert_eq!(first.severity, Level::Critical);
        assert_eq!(first.from.as_deref(), Some("Ana Lima"));
        assert_eq!(first.org.as_deref(), Some("Acme"));
        assert_eq!(first.title, "Export fails");
        assert_eq!(first.body, "Export fails.\nMail me at [email]");
        assert_eq!(first.origin, "t.csv row 2");
        assert_eq!(second.title, "Slow page");
        assert_eq!(second.org, None);
        assert_eq!(second.severity, Level::Low);
    }

    #[test]
    fn bad_rows_are_reported_by_row_and_line_and_the_rest_imports() {
        let csv = "Key,Created,Description,Priority\n\
                   A-1,2026-10-14,\"two\nlines\",High\n\
                   A-2,someday,text,High\n\
                   A-3,2026-10-14,too,many,fields\n\
                   A-4,2026-10-14,ok,Meh\n\
                   ,2026-10-14,no ref,low\n";
        let mut mapping = Mapping::by_name();
        mapping
            .apply("date=Created,text=Description,ref=Key,severity=Priority")
            .expect("map");
        let imported = run(csv, &mapping);
        let refs: Vec<&str> = imported
            .notes
            .iter()
            .map(|n| n.reference.as_str())
            .collect();
        assert_eq!(refs, ["A-1", "A-4"]);
        let found: Vec<String> = imported
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.path, d.line, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "t.csv:4: row 3: 'someday' is not a date this reads; the row was skipped",
                "t.csv:5: row 4 has 5 fields where the header has 4; the row was skipped",
                "t.csv:6: row 5: unknown priority 'Meh'; imported as medium",
                "t.csv:7: row 6 has no ref; the row was skipped",
            ]
        );
    }

    #[test]
    fn missing_columns_are_one_diagnostic_naming_them() {
        let imported = run("a,b\n1,2\n", &Mapping::preset(Preset::Jira));
        assert!(imported.notes.is_empty());
        assert_eq!(imported.diagnostics.len(), 1);
        let d = &imported.diagnostics[0];
        assert_eq!(
            d.message,
            "no column 'Created' for 'date', no column 'Issue key' for 'ref', no column for 'text' or 'title'; nothing was imported from this file"
        );
        assert!(d.help.as_deref().is_some_and(|h| h.contains("a, b")));
    }

    #[test]
    fn mapping_specs_are_checked() {
        let mut mapping = Mapping::preset(Preset::Jira);
        mapping
            .apply("org=Custom field (Organizations), from=")
            .expect("map");
        assert_eq!(mapping.org.as_deref(), Some("Custom field (Organizations)"));
        assert_eq!(mapping.from, None);
        assert!(mapping.apply("who=Reporter").is_err());
        assert!(mapping.apply("date").is_err());
    }

    #[test]
    fn the_separator_is_sniffed_outside_quotes() {
        assert_eq!(sniff_separator("a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_separator("\"a;b;c\",d\n"), b',');
        assert_eq!(sniff_separator("a\tb\n"), b'\t');
        assert_eq!(sniff_separator("single\n"), b',');
    }

    #[test]
    fn contacts_are_kept_when_asked() {
        let csv = "ref,date,text\n1,2026-10-14,call +49 151 1234 5678\n";
        let keep = Options {
            mask_contacts: false,
        };
        let imported = import("t.csv", csv.as_bytes(), &Mapping::by_name(), keep);
        assert_eq!(imported.notes[0].body, "call +49 151 1234 5678");
        assert_eq!(run(csv, &Mapping::by_name()).notes[0].body, "call [phone]");
    }
}
