//! The `rankdown` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rankdown::cli::Cli::parse();
    match rankdown::cli::run(&cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            // Paths, config values and revisions in the message may come from content.
            eprintln!(
                "error: {}",
                rankdown::render::terminal::sanitize_lines(&err.to_string())
            );
            ExitCode::from(2)
        }
    }
}
