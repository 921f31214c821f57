//! `rankdown themes`: clusters of unlinked notes that fit no item (see
//! [`crate::themes`]), as text or JSON.

use std::io::Write;

use super::{Cli, Context, Outcome, TextOrJson};
use crate::error::Error;
use crate::parse::Bodies;
use crate::render::themes as render;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// A note fits an item at this score or more (default: `suggest.min_score` in rankdown.yaml)
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ctx = Context::load(cli, Bodies::Keep)?;
    if ctx.report(err)? {
        return Ok(Outcome::Findings);
    }
    let backlog = &ctx.backlog;
    let min_score = args.min_score.unwrap_or(backlog.config.suggest.min_score);
    let themes = crate::themes::themes(backlog, min_score);
    let text = match args.format {
        TextOrJson::Text => render::text(backlog, &themes, &|path| ctx.shown(path)),
        TextOrJson::Json => render::json(backlog, &themes)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
