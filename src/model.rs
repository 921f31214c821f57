//! Goals, items and feedback as plain data: no I/O, no parsing.

use crate::date::Date;
use crate::diagnostic::Pos;

/// A value with the place in its file it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Self { value, pos }
    }
}

/// A closed set of words accepted in front matter (`status: ready`).
pub trait Keyword: Sized + Copy + 'static {
    /// Every accepted word with its value, in the order they are documented.
    const ALL: &'static [(&'static str, Self)];

    fn from_word(word: &str) -> Option<Self> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
    }

    fn words() -> Vec<&'static str> {
        Self::ALL.iter().map(|(w, _)| *w).collect()
    }
}

macro_rules! keyword_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl Keyword for $name {
            const ALL: &'static [(&'static str, Self)] = &[$(($word, Self::$variant)),+];
        }

        impl $name {
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }
            /// Position in [`Keyword::ALL`], for indexing weight tables.
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
    };
}

keyword_enum!(
    /// Impact of an item on a goal, or severity of a user's pain.
    Level { Low = "low", Medium = "medium", High = "high", Critical = "critical" }
);
keyword_enum!(
    /// How feedback reached the team.
    Channel {
        Interview = "interview",
        Chat = "chat",
        Forum = "forum",
        Ticket = "ticket",
        Mail = "mail",
        Survey = "survey",
        Other = "other",
    }
);
keyword_enum!(
    /// Where an item stands. Only open items are ranked.
    Status {
        Proposed = "proposed",
        Ready = "ready",
        InProgress = "in-progress",
        Done = "done",
        Dropped = "dropped",
    }
);
keyword_enum!(
    /// How soon a goal is due.
    Horizon { ThreeMonths = "3m", SixMonths = "6m", TwelveMonths = "12m" }
);
keyword_enum!(
    /// Only active goals score.
    GoalStatus { Active = "active", Achieved = "achieved", Dropped = "dropped" }
);
keyword_enum!(
    /// T-shirt sizes of effort.
    Size { XS = "XS", S = "S", M = "M", L = "L", XL = "XL" }
);

impl Status {
    pub fn is_open(self) -> bool {
        matches!(self, Status::Proposed | Status::Ready | Status::InProgress)
    }
}

/// When a goal is due: a horizon, or a date mapped to the nearest horizon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Timing {
    Horizon(Horizon),
    Due(Date),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effort {
    Size(Size),
    /// Person-weeks, greater than zero.
    Weeks(f64),
}

impl std::fmt::Display for Effort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effort::Size(size) => f.write_str(size.name()),
            Effort::Weeks(weeks) => write!(f, "{weeks}w"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub id: Located<String>,
    pub path: String,
    pub title: String,
    /// 1..=5.
    pub weight: u8,
    pub timing: Timing,
    pub metric: Option<String>,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    pub target: Option<f64>,
    pub status: GoalStatus,
}

/// An item's claim to serve a goal.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalLink {
    pub goal: Located<String>,
    pub impact: Level,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: Located<String>,
    pub path: String,
    pub title: String,
    pub status: Status,
    pub goals: Vec<GoalLink>,
    pub effort: Effort,
    /// 0..=1.
    pub confidence: f64,
    pub depends_on: Vec<Located<String>>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    /// The Markdown body, for `suggest` to match feedback against (empty
    /// when loaded with [`Bodies::Drop`](crate::parse::Bodies)).
    pub body: String,
    /// `reach:`, `impact:`, `wsjf:` and `ice:`: a framework's own scores.
    pub framework: FrameworkInputs,
    // Fields that carry over what other tools knew (`rankdown import backlog-md`).
    /// Other names of the item (`aliases:`): links, `depends_on` and `[[…]]`
    /// resolve them as its id, ignoring ASCII case.
    pub aliases: Vec<Located<String>>,
    /// `priority:`, a hint `explain` shows; it never changes the score.
    pub priority: Option<Level>,
}

/// What a reference in a feedback body points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `[[ci-cache]]`.
    Id(String),
    /// A Markdown link, resolved to a root-relative path (`items/ci-cache.md`).
    Path(String),
}

/// A reference in a feedback body, with the block of text that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub target: Target,
    pub pos: Pos,
    /// Shared by every reference in the same block.
    pub quote: std::sync::Arc<str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub id: Located<String>,
    pub path: String,
    pub channel: Channel,
    pub date: Option<Located<Date>>,
    /// The person; a note without one counts as a distinct person.
    pub from: Option<String>,
    /// `from` as a key (see `parse::person::key`): who counts as the same person.
    pub person: Option<String>,
    pub org: Option<String>,
    pub severity: Level,
    /// Links in the front matter, for the whole note.
    pub items: Vec<Located<String>>,
    pub reference: Option<String>,
    /// The importer that wrote the note (`source:`), for re-imports.
    pub source: Option<String>,
    pub references: Vec<Reference>,
    /// The body's first paragraph, as plain text.
    pub summary: String,
    /// The whole Markdown body, for `suggest` to match against items (empty
    /// when loaded with [`Bodies::Drop`](crate::parse::Bodies)).
    pub body: String,
}

keyword_enum!(
    /// The scoring model chosen by `model:` in rankdown.yaml.
    RankModel { Evidence = "evidence", Rice = "rice", Wsjf = "wsjf", Ice = "ice" }
);

keyword_enum!(
    /// The language of the backlog's text, for `suggest`: which stemmer, which stop words.
    Language {
        English = "english",
        Danish = "danish",
        Dutch = "dutch",
        Finnish = "finnish",
        French = "french",
        German = "german",
        Hungarian = "hungarian",
        Italian = "italian",
        Norwegian = "norwegian",
        Portuguese = "portuguese",
        Romanian = "romanian",
        Russian = "russian",
        Spanish = "spanish",
        Swedish = "swedish",
        Turkish = "turkish",
    }
);

// The inputs of the frameworks teams already score with (docs/ranking.md "The
// other models"): each is optional on an item, and only its own model reads it.

/// Intercom's RICE impact scale, with its words: massive 3 … minimal 0.25.
pub const RICE_IMPACT: &[(&str, f64)] = &[
    ("massive", 3.0),
    ("high", 2.0),
    ("medium", 1.0),
    ("low", 0.5),
    ("minimal", 0.25),
];

/// The modified Fibonacci scale of WSJF (the Scaled Agile Framework): every term, job size included.
pub const FIBONACCI: &[f64] = &[1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 20.0];

/// Scores an item gives in a framework's own terms, each replacing the one
/// the model would derive (`reach:`, `impact:`, `wsjf: {…}`, `ice: {…}`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FrameworkInputs {
    /// RICE reach: people or events per quarter.
    pub reach: Option<f64>,
    /// RICE impact, on [`RICE_IMPACT`].
    pub impact: Option<f64>,
    pub wsjf: WsjfInputs,
    pub ice: IceInputs,
}

/// `wsjf: {value, time, rr_oe, size}`, each on [`FIBONACCI`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WsjfInputs {
    pub value: Option<f64>,
    pub time: Option<f64>,
    pub rr_oe: Option<f64>,
    pub size: Option<f64>,
}

/// `ice: {impact, confidence, ease}`, each from 1 to 10.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IceInputs {
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub ease: Option<f64>,
}
