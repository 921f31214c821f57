//! rankdown: a Git-native, plain-text backlog manager.
//!
//! Data flows one way: **source → parse → link → rank → render**. A source
//! yields `(path, bytes)` pairs; everything after it is shared, so a git tree
//! can feed the same pipeline as the work tree.

/// Loading a whole backlog: source, parse and link in one call.
pub mod backlog;
/// The command line: one module per subcommand, each writing to `&mut dyn Write`.
pub mod cli;
/// How the ranking moved between two backlogs, and why: typed moves and causes.
pub mod compare;
/// `rankdown.yaml`: defaults, discovery upward, validation of every key.
pub mod config;
/// Dates as days since an epoch, without the clock.
pub mod date;
/// Content problems as data, and their human, short, JSON and GitHub forms.
pub mod diagnostic;
/// The one edit of a person's file, on request: ids added to a note's `items:`.
pub mod edit;
/// Fatal errors (usage, I/O): exit code 2.
pub mod error;
/// Creating files without overwriting, and atomic, contained writes of output.
pub mod files;
/// Git as domain facts: the backlog at a revision, rank history, file timelines.
pub mod history;
/// Feedback intake: importers from other tools' exports to feedback notes.
pub mod import;
/// Resolve references and dependencies into a linked backlog.
pub mod link;
/// Goals, items and feedback as plain data.
pub mod model;
/// Front matter split, YAML, field checks and Markdown body references.
pub mod parse;
/// `people.yaml`: who is who across channels, for importers and the ranking.
pub mod people;
/// Scoring models and explanations; pure functions.
pub mod rank;
/// PRIORITIES.md, JSON, CSV and terminal output; pure functions returning String.
pub mod render;
/// JSON Schemas of front matter and rankdown.yaml, generated from the parser's field tables.
pub mod schema;
/// Where backlog files come from: the work tree, the index or a commit's tree.
pub mod source;
/// Suggested links from unlinked feedback to open items (BM25 over stemmed words).
pub mod suggest;
/// The text of the files `init` and `new` create, one template per kind.
pub mod template;
/// Themes: clusters of unlinked notes that fit no item, with the goal they resemble.
pub mod themes;
