//! `rankdown.yaml`: where the backlog's folders are, where the output goes,
//! and every constant of the ranking model. Every key is optional; an unknown
//! key is a diagnostic, like an unknown field in front matter.

use std::path::{Component, Path, PathBuf};

use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::{Channel, Horizon, Keyword, Language, Level, RankModel, Size};
use crate::parse::fields::{Bounds, Field, FieldKind, Fields, names, number_of};
use crate::parse::yaml::{self, Node, Value};

pub const CONFIG_FILE: &str = "rankdown.yaml";

/// The keys of `rankdown.yaml`.
pub const CONFIG_FIELDS: &[Field] = &[
    Field::new(
        "model",
        FieldKind::Keyword(<RankModel as Keyword>::words),
        "The scoring model",
    ),
    Field::new(
        "as_of",
        FieldKind::Date,
        "The date ages are measured from (YYYY-MM-DD); when absent, the first day of the month of the newest note; never the clock",
    ),
    Field::new(
        "output",
        FieldKind::Text,
        "Where the ranking is written, relative to this folder",
    ),
    Field::new(
        "max_file_bytes",
        FieldKind::Whole {
            min: 1,
            max: Some(MAX_FILE_BYTES as i64),
        },
        "Larger files are reported and not read (at most 64 MiB)",
    ),
    Field::new(
        "folders",
        FieldKind::Map(FOLDER_FIELDS),
        "Where goals, items and feedback notes live, relative to this folder",
    ),
    Field::new(
        "weights",
        FieldKind::Map(WEIGHT_FIELDS),
        "The constants of the ranking model",
    ),
    Field::new(
        "import",
        FieldKind::Map(IMPORT_FIELDS),
        "How `rankdown import` reads other tools' exports",
    ),
    Field::new(
        "suggest",
        FieldKind::Map(SUGGEST_FIELDS),
        "How `rankdown suggest` matches unlinked feedback to items",
    ),
];

pub const IMPORT_FIELDS: &[Field] = &[Field::new(
    "team_domains",
    FieldKind::List,
    "The team's own mail domains (subdomains included): mail from them is not feedback and is skipped",
)];

pub const SUGGEST_FIELDS: &[Field] = &[
    Field::new(
        "language",
        FieldKind::Keyword(<Language as Keyword>::words),
        "The language of the backlog's text: its stemmer and stop words",
    ),
    Field::new(
        "min_score",
        FieldKind::Weight(MIN_SCORE),
        "Below this score (0 to 100) an item is not suggested; a note with none gets \"no item fits\"",
    ),
];

/// `suggest.min_score`: scores run from 0 to 100.
pub const MIN_SCORE: Bounds = Bounds {
    min: 0.0,
    above: false,
    max: 100.0,
};

pub const FOLDER_FIELDS: &[Field] = &[
    Field::new("goals", FieldKind::Text, "The goals folder"),
    Field::new("items", FieldKind::Text, "The items folder"),
    Field::new(
        "feedback",
        FieldKind::Text,
        "The feedback folder (notes at any depth)",
    ),
];

/// Efforts, in person-weeks, whether an item's `effort:` or a size's weight:
/// bounded so that no score divides by almost nothing (README "Ranking").
pub const EFFORT_WEEKS: Bounds = Bounds {
    min: 0.01,
    above: false,
    max: 10_000.0,
};
/// A weight in a table (impact, severity, channel, urgency) and
/// `users_factor`: bounded so that every score stays finite.
pub const WEIGHT: Bounds = Bounds {
    min: 0.0,
    above: false,
    max: 1_000.0,
};
/// `half_life_days`: any positive number.
pub const HALF_LIFE: Bounds = Bounds {
    min: 0.0,
    above: true,
    max: f64::INFINITY,
};
/// `dependency_inheritance`: more than 1 would let an item inherit more than
/// what waits for it.
pub const INHERITANCE: Bounds = Bounds {
    min: 0.0,
    above: false,
    max: 1.0,
};

pub const WEIGHT_FIELDS: &[Field] = &[
    Field::new(
        "impact",
        FieldKind::WeightTable {
            words: <Level as Keyword>::words,
            bounds: WEIGHT,
        },
        "Impact of an item on a goal it serves",
    ),
    Field::new(
        "severity",
        FieldKind::WeightTable {
            words: <Level as Keyword>::words,
            bounds: WEIGHT,
        },
        "Severity of a user's pain",
    ),
    Field::new(
        "channel",
        FieldKind::WeightTable {
            words: <Channel as Keyword>::words,
            bounds: WEIGHT,
        },
        "How much a channel's feedback counts",
    ),
    Field::new(
        "effort",
        FieldKind::WeightTable {
            words: <Size as Keyword>::words,
            bounds: EFFORT_WEEKS,
        },
        "Person-weeks of each T-shirt size (a number on an item is person-weeks)",
    ),
    Field::new(
        "urgency",
        FieldKind::WeightTable {
            words: <Horizon as Keyword>::words,
            bounds: WEIGHT,
        },
        "Urgency of a goal's horizon",
    ),
    Field::new(
        "half_life_days",
        FieldKind::Weight(HALF_LIFE),
        "Feedback this many days old counts half",
    ),
    Field::new(
        "users_factor",
        FieldKind::Weight(WEIGHT),
        "k in score = (business + k * users) * confidence / effort",
    ),
    Field::new(
        "dependency_inheritance",
        FieldKind::Weight(INHERITANCE),
        "The share of its dependents' value an open item inherits",
    ),
];

/// The most `max_file_bytes` may be: `rankdown.yaml` comes with the content,
/// so a pull request must not be able to make rankdown read (or inflate from
/// git) a file of any size.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub model: RankModel,
    /// The date ages are measured from; when absent, the first day of the month of the newest note.
    pub as_of: Option<Date>,
    /// Where PRIORITIES.md goes, relative to the root.
    pub output: String,
    pub max_file_bytes: u64,
    pub folders: Folders,
    pub weights: Weights,
    /// The `import:` settings.
    pub import: ImportSettings,
    pub suggest: SuggestConfig,
}

/// How `rankdown import` reads exports (`import:` in rankdown.yaml).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSettings {
    /// Mail domains of the team: mail from them is skipped.
    pub team_domains: Vec<String>,
}

/// The `suggest:` keys (README "Suggested links").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SuggestConfig {
    pub language: Language,
    pub min_score: f64,
}

impl Default for SuggestConfig {
    fn default() -> Self {
        Self {
            language: Language::English,
            min_score: 14.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub goals: String,
    pub items: String,
    pub feedback: String,
}

/// What a backlog file is, from where it sits: the one place that decides it,
/// for a full load and for the incremental history alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Config,
    Vision,
    Goal,
    Item,
    Feedback,
}

impl Folders {
    /// The kind of the file at a root-relative path (`/` separated), or
    /// `None` when the backlog is not read from it: `rankdown.yaml`,
    /// `vision.md`, and Markdown files at any depth under the three folders.
    pub fn kind_of(&self, path: &str) -> Option<Kind> {
        if path == CONFIG_FILE {
            return Some(Kind::Config);
        }
        if path == crate::backlog::VISION_FILE {
            return Some(Kind::Vision);
        }
        if !crate::source::is_markdown(path) {
            return None;
        }
        self.content()
            .into_iter()
            .find(|(folder, _)| is_under(path, folder))
            .map(|(_, kind)| kind)
    }

    /// The content folders with the kind of file each holds, in load order.
    pub fn content(&self) -> [(&str, Kind); 3] {
        [
            (&self.goals, Kind::Goal),
            (&self.items, Kind::Item),
            (&self.feedback, Kind::Feedback),
        ]
    }
}

/// Whether `path` lies below `folder` (at any depth).
pub fn is_under(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder.trim_end_matches('/'))
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The constants of the ranking model (docs/ranking.md). Tables are indexed by the keyword's position.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub impact: [f64; 4],
    pub severity: [f64; 4],
    pub channel: [f64; 7],
    pub effort: [f64; 5],
    /// 3m, 6m, 12m.
    pub urgency: [f64; 3],
    pub half_life_days: f64,
    pub users_factor: f64,
    pub dependency_inheritance: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            impact: [0.5, 1.0, 2.0, 3.0],
            severity: [0.5, 1.0, 2.0, 3.0],
            // interview, chat, forum, ticket, mail, survey, other
            channel: [1.0, 0.5, 0.6, 0.8, 0.8, 0.5, 0.5],
            effort: [0.5, 1.0, 2.0, 4.0, 8.0],
            urgency: [1.0, 0.6, 0.3],
            half_life_days: 180.0,
            users_factor: 1.0,
            dependency_inheritance: 0.5,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            model: RankModel::Evidence,
            as_of: None,
            output: "PRIORITIES.md".to_owned(),
            max_file_bytes: 1_048_576,
            folders: Folders {
                goals: "goals".to_owned(),
                items: "items".to_owned(),
                feedback: "feedback".to_owned(),
            },
            weights: Weights::default(),
            import: ImportSettings::default(),
            suggest: SuggestConfig::default(),
        }
    }
}

impl Config {
    /// Reads `rankdown.yaml`; problems become diagnostics and leave defaults
    /// in place, so the rest of the backlog is still checked.
    pub fn parse(text: &str, path: &str) -> (Self, Vec<Diagnostic>) {
        let mut config = Self::default();
        let node = match yaml::parse(text, 1, path) {
            Ok(node) => node,
            Err(diagnostic) => return (config, vec![diagnostic]),
        };
        let mut fields = Fields::new(&node, path, &names(CONFIG_FIELDS), "rankdown.yaml");
        if let Some(model) = fields.keyword("model") {
            config.model = model;
        }
        config.as_of = fields.date("as_of").map(|d| d.value);
        if let Some(output) = fields.text("output") {
            config.output = output.value;
        }
        if let Some(max) = fields.number("max_file_bytes") {
            if max.value >= 1.0 && max.value <= MAX_FILE_BYTES as f64 && max.value.fract() == 0.0 {
                config.max_file_bytes = max.value as u64;
            } else {
                fields.error(
                    max.pos,
                    "max_file_bytes must be a whole number of bytes from 1 to 67108864 (64 MiB)",
                );
            }
        }
        let mut diagnostics = Vec::new();
        if let Some(node) = fields.get("folders") {
            let mut folders = Fields::new(node, path, &names(FOLDER_FIELDS), "folders");
            for (key, slot) in [
                ("goals", &mut config.folders.goals),
                ("items", &mut config.folders.items),
                ("feedback", &mut config.folders.feedback),
            ] {
                if let Some(name) = folders.text(key) {
                    match clean_relative(&name.value) {
                        Some(clean) => *slot = clean,
                        None => folders.error(
                            name.pos,
                            format!(
                                "folder '{}' must be a path inside the backlog root",
                                name.value
                            ),
                        ),
                    }
                }
            }
            diagnostics.extend(folders.diagnostics);
        }
        if let Some(node) = fields.get("weights") {
            diagnostics.extend(parse_weights(node, path, &mut config.weights));
        }
        if let Some(node) = fields.get("import") {
            let mut import = Fields::new(node, path, &names(IMPORT_FIELDS), "import");
            config.import.team_domains = import
                .list("team_domains")
                .into_iter()
                .map(|d| d.value.trim().to_owned())
                .filter(|d| !d.is_empty())
                .collect();
            diagnostics.extend(import.diagnostics);
        }
        if let Some(node) = fields.get("suggest") {
            let mut suggest = Fields::new(node, path, &names(SUGGEST_FIELDS), "suggest");
            if let Some(language) = suggest.keyword("language") {
                config.suggest.language = language;
            }
            if let Some(value) = suggest.number("min_score") {
                match MIN_SCORE.problem(value.value) {
                    Some(problem) => suggest.error(value.pos, format!("min_score {problem}")),
                    None => config.suggest.min_score = value.value,
                }
            }
            diagnostics.extend(suggest.diagnostics);
        }
        diagnostics.splice(0..0, fields.diagnostics);
        (config, diagnostics)
    }

    /// Rejects an output path outside the root, inside a content folder or
    /// a `.git` folder, or naming a file people write. (What the path leads
    /// to on disk is checked by [`crate::files::output_target`].)
    pub fn check_output(&self) -> Result<(), Error> {
        let bad = |reason| Error::BadOutputPath {
            path: self.output.clone(),
            reason,
        };
        let Some(clean) = clean_relative(&self.output) else {
            return Err(bad("must be a relative path inside the backlog root"));
        };
        let inside = |folder: &str| clean == folder || clean.starts_with(&format!("{folder}/"));
        if [
            &self.folders.goals,
            &self.folders.items,
            &self.folders.feedback,
        ]
        .into_iter()
        .any(|f| inside(f))
        {
            return Err(bad(
                "must not be inside the goals, items or feedback folders",
            ));
        }
        if crate::files::in_git_dir(&clean) {
            return Err(bad("must not be inside a .git folder"));
        }
        if clean == CONFIG_FILE || clean == "vision.md" {
            return Err(bad("would overwrite a file people write"));
        }
        Ok(())
    }

    /// The output path, cleaned (`./PRIORITIES.md` → `PRIORITIES.md`).
    pub fn output_path(&self) -> String {
        clean_relative(&self.output).unwrap_or_else(|| self.output.clone())
    }
}

/// A relative path without `.`/`..` tricks, with `/` separators; `None` if it
/// is absolute or climbs out of the root.
fn clean_relative(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn parse_weights(node: &Node, path: &str, weights: &mut Weights) -> Vec<Diagnostic> {
    let mut fields = Fields::new(node, path, &names(WEIGHT_FIELDS), "weights");
    let mut diagnostics = Vec::new();
    if let Some(table) = fields.get("impact") {
        diagnostics.extend(weight_table::<Level>(
            table,
            path,
            "impact",
            &mut weights.impact,
            WEIGHT,
        ));
    }
    if let Some(table) = fields.get("severity") {
        diagnostics.extend(weight_table::<Level>(
            table,
            path,
            "severity",
            &mut weights.severity,
            WEIGHT,
        ));
    }
    if let Some(table) = fields.get("channel") {
        diagnostics.extend(weight_table::<Channel>(
            table,
            path,
            "channel",
            &mut weights.channel,
            WEIGHT,
        ));
    }
    if let Some(table) = fields.get("effort") {
        diagnostics.extend(weight_table::<Size>(
            table,
            path,
            "effort",
            &mut weights.effort,
            EFFORT_WEEKS,
        ));
    }
    if let Some(table) = fields.get("urgency") {
        diagnostics.extend(weight_table::<Horizon>(
            table,
            path,
            "urgency",
            &mut weights.urgency,
            WEIGHT,
        ));
    }
    for (key, slot, bounds) in [
        ("half_life_days", &mut weights.half_life_days, HALF_LIFE),
        ("users_factor", &mut weights.users_factor, WEIGHT),
        (
            "dependency_inheritance",
            &mut weights.dependency_inheritance,
            INHERITANCE,
        ),
    ] {
        if let Some(value) = fields.number(key) {
            match bounds.problem(value.value) {
                Some(problem) => fields.error(value.pos, format!("{key} {problem}")),
                None => *slot = value.value,
            }
        }
    }
    diagnostics.splice(0..0, fields.diagnostics);
    diagnostics
}

/// Reads `{word: number}` into a table indexed like `K::ALL`.
fn weight_table<K: Keyword>(
    node: &Node,
    path: &str,
    name: &str,
    table: &mut [f64],
    bounds: Bounds,
) -> Vec<Diagnostic> {
    let words = K::words();
    let mut fields = Fields::new(node, path, &words, &format!("weights.{name}"));
    for (index, word) in words.iter().enumerate() {
        let Some(value) = fields.get(word) else {
            continue;
        };
        match number_of(&value.value) {
            Some(n) => match bounds.problem(n) {
                Some(problem) => {
                    fields.error(value.pos, format!("weights.{name}.{word} {problem}"));
                }
                None => table[index] = n,
            },
            None => fields.error(
                value.pos,
                format!(
                    "weights.{name}.{word} must be a number, not {}",
                    value.value.kind()
                ),
            ),
        }
    }
    if let Value::Seq(_) = node.value {
        fields.error(
            node.pos,
            format!("weights.{name} must be a mapping such as `{}: 1`", words[0]),
        );
    }
    fields.diagnostics
}

/// The folder holding `rankdown.yaml`: `start` or its nearest ancestor.
pub fn discover(start: &Path) -> Result<PathBuf, Error> {
    let absolute = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(start, e))?
            .join(start)
    };
    absolute
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or(Error::NoBacklog { start: absolute })
}

#[cfg(test)]
mod tests {
    use super::Config;
    use crate::model::RankModel;

    #[test]
    fn empty_config_means_defaults() {
        let (config, diagnostics) = Config::parse("", "rankdown.yaml");
        assert!(diagnostics.is_empty());
        assert_eq!(config, Config::default());
    }

    #[test]
    fn overrides_every_kind_of_key() {
        let text = "model: rice\nas_of: 2026-11-01\noutput: docs/P.md\nfolders: {items: backlog}\nweights:\n  channel: {chat: 0.7}\n  effort: {XL: 10}\n  half_life_days: 90\n";
        let (config, diagnostics) = Config::parse(text, "rankdown.yaml");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.model, RankModel::Rice);
        assert_eq!(config.folders.items, "backlog");
        assert!((config.weights.channel[1] - 0.7).abs() < 1e-9);
        assert!((config.weights.effort[4] - 10.0).abs() < 1e-9);
        assert!((config.weights.half_life_days - 90.0).abs() < 1e-9);
        assert_eq!(config.output_path(), "docs/P.md");
    }

    #[test]
    fn bad_weights_and_unknown_keys_are_located() {
        let text = "modle: rice\nweights:\n  severity: {high: -2}\n  channel: {phone: 1}\n  users_factor: lots\n";
        let (_, diagnostics) = Config::parse(text, "rankdown.yaml");
        let found: Vec<(u32, &str)> = diagnostics.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            found,
            vec![
                (1, "unknown-field"),
                (5, "type"),
                (3, "type"),
                (4, "unknown-field")
            ],
            "{diagnostics:?}"
        );
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean 'model'?")
        );
    }

    #[test]
    fn output_must_stay_in_the_root_and_out_of_content() {
        for bad in [
            "../P.md",
            "/tmp/P.md",
            "items/P.md",
            "rankdown.yaml",
            ".git/packed-refs",
            "./.GIT/config",
            "sub/.git/HEAD",
        ] {
            let config = Config {
                output: bad.to_owned(),
                ..Config::default()
            };
            assert!(config.check_output().is_err(), "{bad}");
        }
        assert!(Config::default().check_output().is_ok());
    }
}
