use std::io::Write;

use super::{Cli, Context, Outcome};
use crate::diagnostic::suggest;
use crate::error::Error;
use crate::rank;
use crate::render::explain;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's id (its file stem, or its `id:`)
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ctx = Context::load(cli)?;
    if ctx.report(err)? {
        return Ok(Outcome::Findings);
    }
    let backlog = &ctx.backlog;
    let Some(item) = backlog.item(&args.id) else {
        return Err(Error::UnknownItem {
            id: args.id.clone(),
            hint: suggest(&args.id, backlog.links.items.keys().map(String::as_str)),
        });
    };
    let ranking = rank::rank(backlog);
    let text = match args.format {
        ExplainFormat::Text => explain::text(backlog, &ranking, item),
        ExplainFormat::Json => explain::json(&explain::explain(backlog, &ranking, item)),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
