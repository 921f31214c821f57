//! Shared helpers: in-memory backlogs and the built binary.

use rankdown::backlog::{self, Backlog};
use rankdown::source::MemorySource;

/// Loads a backlog from `(path, text)` pairs.
pub fn load(files: &[(&str, &str)]) -> Backlog {
    let source = MemorySource::new(
        files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec())),
    );
    backlog::load(&source).expect("memory sources do not fail")
}

/// The PRIORITIES.md text for a backlog.
pub fn priorities(backlog: &Backlog) -> String {
    rankdown::render::priorities::render(backlog, &rankdown::rank::rank(backlog))
}

/// A command running the built `rankdown` binary.
pub fn rankdown() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_rankdown"));
    cmd.env_remove("NO_COLOR").env("COLUMNS", "100");
    cmd
}
