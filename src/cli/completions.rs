//! `rankdown completions SHELL` and `rankdown man`: shell completion scripts
//! and the man page, generated from the clap definitions.

use std::io::Write;

use clap::CommandFactory;

use super::{Cli, Outcome};
use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Prints a completion script for a shell.
pub fn completions(args: &Args, out: &mut dyn Write) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    // clap_complete panics on write errors; render to memory, then write.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "rankdown", &mut script);
    out.write_all(&script)?;
    Ok(Outcome::Clean)
}

/// Prints the man page (roff) of rankdown.
pub fn man(out: &mut dyn Write) -> Result<Outcome, Error> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(Outcome::Clean)
}
