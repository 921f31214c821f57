//! rankdown's integration tests: one binary, one module per concern.

mod bad_input;
mod cmd;
mod git;
mod props;
mod support;
mod workflow;
