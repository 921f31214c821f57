//! `rankdown import forum`: GitHub issues as `gh issue list --json
//! number,title,body,author,createdAt,url,labels,comments` prints them, and a
//! Discourse topic as its JSON (`/t/ID.json`). One note per opening post,
//! with its author's own later comments appended; a comment or reply by
//! anyone else is a note of its own. Kept: the author's login, the day, the
//! title and the text (Discourse's HTML turned into text). Left out: labels,
//! reactions, assignees, avatars, edit history, and everything else the JSON
//! carries.

use serde_json::Value;

use super::{Imported, Note, Options, dates, one_line, privacy};
use crate::diagnostic::{Diagnostic, Pos};
use crate::model::{Channel, Level};

/// Reads one JSON file: a `gh` list (an array) or a Discourse topic (an
/// object with `post_stream`).
pub fn import(path: &str, bytes: &[u8], options: Options) -> Imported {
    let mut imported = Imported::default();
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => {
            let pos = Pos::new(
                u32::try_from(e.line()).unwrap_or(1).max(1),
                u32::try_from(e.column()).unwrap_or(1).max(1),
            );
            imported.diagnostics.push(Diagnostic::error(
                "import-json",
                path,
                pos,
                format!("not valid JSON: {e}; nothing was imported from this file"),
            ));
            return imported;
        }
    };
    let mut reader = Reader {
        path,
        options,
        imported,
    };
    match &value {
        Value::Array(issues) => {
            for (i, issue) in issues.iter().enumerate() {
                reader.gh_issue(&format!("[{i}]"), issue);
            }
        }
        Value::Object(topic) if topic.contains_key("post_stream") => reader.discourse(&value),
        _ => reader.problem(
            "",
            "is neither a list of GitHub issues (`gh issue list --json …`) nor a Discourse topic (`/t/ID.json`)",
        ),
    }
    reader.imported
}

/// One post on its way to a note.
struct Post<'a> {
    json_path: String,
    author: &'a str,
    date_text: &'a str,
    text: String,
    reference: String,
}

struct Reader<'p> {
    path: &'p str,
    options: Options,
    imported: Imported,
}

impl Reader<'_> {
    fn problem(&mut self, json_path: &str, message: &str) {
        let at = if json_path.is_empty() {
            "the file".to_owned()
        } else {
            format!("at {json_path}")
        };
        self.imported.diagnostics.push(Diagnostic::error(
            "import-json",
            self.path,
            Pos::START,
            format!("{at}: {message}"),
        ));
    }

    fn gh_issue(&mut self, at: &str, issue: &Value) {
        let text = |v: &Value, key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let login = |v: &Value| {
            v.get("author")
                .and_then(|a| a.get("login"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let number = issue.get("number").and_then(Value::as_u64);
        let url = text(issue, "url");
        let reference = if url.is_empty() {
            number.map(|n| format!("#{n}")).unwrap_or_default()
        } else {
            url
        };
        let title = text(issue, "title");
        let author = login(issue);
        let opening = Post {
            json_path: at.to_owned(),
            author: &author,
            date_text: issue
                .get("createdAt")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            text: text(issue, "body"),
            reference,
        };
        let comments: Vec<(String, String, String, String)> = issue
            .get("comments")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|c| {
                        (
                            login(c),
                            text(c, "createdAt"),
                            text(c, "body"),
                            text(c, "url"),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let replies = comments
            .iter()
            .enumerate()
            .map(|(i, (who, when, body, url))| Post {
                json_path: format!("{at}.comments[{i}]"),
                author: who,
                date_text: when,
                text: body.clone(),
                reference: url.clone(),
            })
            .collect();
        self.thread(&title, opening, replies);
    }

    fn discourse(&mut self, topic: &Value) {
        let title = topic
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let id = topic.get("id").and_then(Value::as_u64).unwrap_or_default();
        let slug = topic.get("slug").and_then(Value::as_str).unwrap_or("topic");
        let Some(posts) = topic
            .get("post_stream")
            .and_then(|s| s.get("posts"))
            .and_then(Value::as_array)
        else {
            self.problem("post_stream", "has no list of posts");
            return;
        };
        let mut all: Vec<Post> = posts
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let number = p
                    .get("post_number")
                    .and_then(Value::as_u64)
                    .unwrap_or(i as u64 + 1);
                Post {
                    json_path: format!("post_stream.posts[{i}]"),
                    author: p
                        .get("username")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                    date_text: p
                        .get("created_at")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                    text: mail_parser::decoders::html::html_to_text(
                        p.get("cooked").and_then(Value::as_str).unwrap_or_default(),
                    ),
                    reference: format!("/t/{slug}/{id}/{number}"),
                }
            })
            .collect();
        if all.is_empty() {
            self.problem("post_stream.posts", "is empty");
            return;
        }
        let opening = all.remove(0);
        self.thread(&title, opening, all);
    }

    /// The opening post's note, with its author's later posts appended, and
    /// one note per post by anyone else.
    fn thread(&mut self, title: &str, mut opening: Post, replies: Vec<Post>) {
        let mut others = Vec::new();
        for reply in replies {
            if reply.author == opening.author && !reply.author.is_empty() {
                if !reply.text.trim().is_empty() {
                    opening.text = format!("{}\n\n{}", opening.text.trim_end(), reply.text.trim());
                }
            } else {
                others.push(reply);
            }
        }
        self.note(title, opening);
        let reply_title = format!("Re: {}", one_line(title));
        for reply in others {
            self.note(&reply_title, reply);
        }
    }

    fn note(&mut self, title: &str, post: Post) {
        if post.reference.is_empty() {
            self.problem(
                &post.json_path,
                "has no url or number to use as ref; skipped",
            );
            return;
        }
        let Some(date) = dates::parse_day(post.date_text) else {
            self.problem(
                &post.json_path,
                &format!("'{}' is not a date this reads; skipped", post.date_text),
            );
            return;
        };
        let mask = |s: &str| {
            if self.options.mask_contacts {
                privacy::mask_contacts(s)
            } else {
                s.to_owned()
            }
        };
        let from = Some(one_line(post.author)).filter(|a| !a.is_empty());
        let note = Note {
            channel: Channel::Forum,
            date,
            senders: from.iter().cloned().collect(),
            from,
            org: None,
            severity: Level::Medium,
            reference: post.reference,
            source: "forum",
            title: mask(title),
            body: mask(&post.text),
            origin: format!("{} {}", self.path, post.json_path),
        };
        self.imported.notes.push(note);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(json: &str) -> Imported {
        import("in.json", json.as_bytes(), Options::default())
    }

    #[test]
    fn gh_issues_become_one_note_per_author() {
        let json = r#"[{"number":7,"title":"Cache misses","body":"Builds are slow.","author":{"login":"lena"},
            "createdAt":"2026-11-10T08:15:00Z","url":"https://github.com/o/r/issues/7","labels":[{"name":"ci"}],
            "comments":[
              {"author":{"login":"lena"},"body":"Still slow, mail lena@x.test","createdAt":"2026-11-11T08:00:00Z","url":"https://github.com/o/r/issues/7#issuecomment-1"},
              {"author":{"login":"omar"},"body":"Same for us.","createdAt":"2026-11-12T08:00:00Z","url":"https://github.com/o/r/issues/7#issuecomment-2"}]},
            {"number":8,"title":"No date","body":"x","author":{"login":"a"},"url":"u8"}]"#;
        let imported = run(json);
        let summary: Vec<String> = imported
            .notes
            .iter()
            .map(|n| {
                format!(
                    "{} {} {:?} {} | {}",
                    n.date, n.reference, n.from, n.title, n.body
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                "2026-11-10 https://github.com/o/r/issues/7 Some(\"lena\") Cache misses | Builds are slow.\n\nStill slow, mail [email]",
                "2026-11-12 https://github.com/o/r/issues/7#issuecomment-2 Some(\"omar\") Re: Cache misses | Same for us.",
            ]
        );
        let problems: Vec<&str> = imported
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(problems, ["at [1]: '' is not a date this reads; skipped"]);
    }

    #[test]
    fn a_discourse_topic_turns_cooked_html_into_text() {
        let json = r#"{"id":42,"slug":"runbooks","title":"Runbook search",
            "post_stream":{"posts":[
              {"post_number":1,"username":"arjun","created_at":"2026-11-12T16:05:00.000Z","cooked":"<p>Search finds <b>nothing</b>.</p>"},
              {"post_number":2,"username":"siti","created_at":"2026-11-13T09:00:00.000Z","cooked":"<p>Same here.</p>"}]}}"#;
        let imported = run(json);
        assert!(
            imported.diagnostics.is_empty(),
            "{:?}",
            imported.diagnostics
        );
        assert_eq!(imported.notes.len(), 2);
        assert_eq!(imported.notes[0].reference, "/t/runbooks/42/1");
        assert_eq!(imported.notes[0].body.trim(), "Search finds nothing.");
        assert_eq!(imported.notes[1].from.as_deref(), Some("siti"));
        assert_eq!(imported.notes[1].origin, "in.json post_stream.posts[1]");
    }

    #[test]
    fn broken_json_is_located() {
        let imported = run("[\n  {\"number\": }\n]");
        let d = &imported.diagnostics[0];
        assert_eq!((d.line, d.column), (2, 14), "at the closing brace");
        assert!(run("{\"a\":1}").diagnostics[0].message.contains("neither"));
    }
}
