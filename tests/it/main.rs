//! rankdown's integration tests: one binary, one module per concern.

mod authoring;
mod bad_input;
mod cmd;
mod fuzzed;
mod git;
mod history;
mod hook;
mod hostile;
mod import;
mod import_backlog_md;
mod load;
mod models;
mod newcomer;
mod parallel;
mod pipeline;
mod props;
mod render_safety;
mod render_text;
mod schema;
mod stable_output;
mod suggesting;
mod support;
mod workflow;
mod writing;
