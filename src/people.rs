//! `people.yaml`, the people directory at the backlog root, for importers and
//! the ranking alike: the same customer writes a mail and files a ticket under
//! different names and addresses; an importer writes every alias of a person
//! as their one `key`, and a note whose `from:` is any alias counts as that
//! person, so the ranking counts them once. Names and aliases match as `from:`
//! names do (case, compatibility forms and invisible characters aside).

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::model::Feedback;
use crate::parse::fields::{Field, FieldKind, Fields, names};
use crate::parse::person;
use crate::parse::yaml::{self, Value};

/// The file, at the backlog root.
pub const PEOPLE_FILE: &str = "people.yaml";

/// The fields of one person in `people.yaml`.
pub const PERSON_FIELDS: &[Field] = &[
    Field::new(
        "key",
        FieldKind::Text,
        "How notes name the person (`from:`); importers write it for every alias",
    )
    .required(),
    Field::new("name", FieldKind::Text, "The display name"),
    Field::new(
        "org",
        FieldKind::Text,
        "Their team, customer or segment; imported notes without one get it",
    ),
    Field::new(
        "aliases",
        FieldKind::List,
        "Other names the person goes by: email addresses, chat ids, logins, spellings",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub key: String,
    pub name: Option<String>,
    pub org: Option<String>,
    pub aliases: Vec<String>,
}

/// Everyone in `people.yaml`, findable by key, name or alias.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    pub people: Vec<Person>,
    /// `person::key` of each key, name and alias → index in `people`.
    index: HashMap<String, usize>,
}

impl People {
    /// Reads `people.yaml`: a list of people. Problems are diagnostics; a
    /// person without a key is left out, an alias two people claim stays
    /// with the first.
    pub fn parse(text: &str, path: &str) -> (Self, Vec<Diagnostic>) {
        let mut people = Self::default();
        let node = match yaml::parse(text, 1, path) {
            Ok(node) => node,
            Err(diagnostic) => return (people, vec![diagnostic]),
        };
        let mut diagnostics = Vec::new();
        let entries = match &node.value {
            Value::Seq(entries) => entries.as_slice(),
            Value::Null => &[],
            other => {
                diagnostics.push(Diagnostic::error(
                    "type",
                    path,
                    node.pos,
                    format!(
                        "people.yaml must be a list of people (`- key: …`), not {}",
                        other.kind()
                    ),
                ));
                return (people, diagnostics);
            }
        };
        for entry in entries {
            let mut fields = Fields::new(entry, path, &names(PERSON_FIELDS), "a person");
            fields.require(
                "key",
                "add the name notes use for this person, e.g. `key: ana-lima`",
            );
            let key = fields.text("key");
            let name = fields.text("name");
            let org = fields.text("org").map(|o| o.value);
            let aliases = fields.list("aliases");
            diagnostics.append(&mut fields.diagnostics);
            let Some(key) = key else {
                continue;
            };
            let at = people.people.len();
            for claim in std::iter::once(&key).chain(name.as_ref()).chain(&aliases) {
                let folded = person::key(&claim.value);
                if folded.is_empty() {
                    continue;
                }
                match people.index.get(&folded) {
                    Some(&other) if other != at => diagnostics.push(
                        Diagnostic::error(
                            "alias-claimed-twice",
                            path,
                            claim.pos,
                            format!(
                                "'{}' is claimed by both '{}' and '{}'",
                                claim.value, people.people[other].key, key.value
                            ),
                        )
                        .with_help("an alias names one person: remove it from one of them"),
                    ),
                    Some(_) => {}
                    None => {
                        people.index.insert(folded, at);
                    }
                }
            }
            people.people.push(Person {
                key: key.value,
                name: name.map(|n| n.value),
                org,
                aliases: aliases.into_iter().map(|a| a.value).collect(),
            });
        }
        (people, diagnostics)
    }

    /// The person any of `senders` (a name, an address…) names.
    pub fn resolve<S: AsRef<str>>(&self, senders: &[S]) -> Option<&Person> {
        senders
            .iter()
            .find_map(|s| self.index.get(&person::key(s.as_ref())))
            .map(|&i| &self.people[i])
    }

    /// A note as the ranking reads it: a `from:` that names a person (by
    /// key, name or alias) becomes their key, so one person counts once
    /// whatever channel or alias they wrote from; a note without `org:`
    /// takes theirs. Returns whether the note changed.
    pub fn apply(&self, note: &mut Feedback) -> bool {
        let Some(person) = note.from.as_deref().and_then(|from| self.resolve(&[from])) else {
            return false;
        };
        let key = person::key(&person.key);
        let mut changed = false;
        if note.from.as_deref() != Some(person.key.as_str()) {
            note.from = Some(person.key.clone());
            changed = true;
        }
        if note.person.as_deref() != Some(key.as_str()) {
            note.person = Some(key);
            changed = true;
        }
        if note.org.is_none() && person.org.is_some() {
            note.org.clone_from(&person.org);
            changed = true;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::People;

    const PEOPLE: &str = "\
- key: ana-lima
  name: Ana Lima
  org: Acme
  aliases: [ana@acme.test, ANA.LIMA]
- key: bob
  aliases: [ana@ACME.test]
- name: nobody
";

    #[test]
    fn aliases_names_and_keys_resolve_to_one_person() {
        let (people, diagnostics) = People::parse(PEOPLE, "people.yaml");
        let found: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
            .collect();
        assert_eq!(
            found,
            [
                "6:13: 'ana@ACME.test' is claimed by both 'ana-lima' and 'bob'",
                "7:1: missing required field 'key'",
            ]
        );
        for sender in ["ana-lima", "Ana  Lima", "ana.lima", "Ana@Acme.Test"] {
            let person = people.resolve(&[sender]).expect(sender);
            assert_eq!(person.key, "ana-lima", "{sender}");
            assert_eq!(person.org.as_deref(), Some("Acme"));
        }
        assert_eq!(
            people.resolve(&["Bob"]).map(|p| p.key.as_str()),
            Some("bob")
        );
        assert!(people.resolve(&["carol", "carol@x.test"]).is_none());
        assert_eq!(people.people.len(), 2);
    }

    #[test]
    fn a_file_that_is_no_list_is_one_diagnostic() {
        let (people, diagnostics) = People::parse("key: ana\n", "people.yaml");
        assert!(people.people.is_empty());
        assert_eq!(diagnostics.len(), 1);
    }
}
