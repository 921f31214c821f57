//! `rankdown schema KIND`: the JSON Schema of a front matter kind or of
//! rankdown.yaml, for editors.

use std::io::Write;

use super::{Cli, Outcome};
use crate::error::Error;
use crate::schema::{self, SchemaKind};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The YAML language server (e.g. VS Code's YAML extension) validates and completes \
fields with these schemas. Write each to a file and point the editor at it:\n  \
rankdown schema item > .rankdown/item.schema.json\nSee \"Editor support\" in the README."
)]
pub struct Args {
    /// Which schema: the front matter of an item, goal or feedback note, or rankdown.yaml
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

/// Prints the schema as pretty JSON; needs no backlog.
pub fn run(
    _cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let schema = schema::schema(args.kind);
    let text = serde_json::to_string_pretty(&schema)?;
    writeln!(out, "{text}")?;
    Ok(Outcome::Clean)
}
