//! `rankdown compare MODEL [BASE]`: what switching models would change.

use std::io::Write;

use super::{Cli, Context, Outcome, TextOrJson};
use crate::error::Error;
use crate::model::RankModel;
use crate::parse::Bodies;
use crate::rank::versus;
use crate::render::versus as render;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each item's move is the places it gains under MODEL over BASE. Kendall's τ-b \
compares the two orders: items a model scores the same count as tied under it. \
See \"Models\" in the README."
)]
pub struct Args {
    /// The model to look at
    #[arg(value_enum)]
    pub model: RankModel,
    /// The model to compare it with [default: `model:` in rankdown.yaml]
    #[arg(value_enum)]
    pub base: Option<RankModel>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ctx = Context::load(cli, Bodies::Drop)?;
    if ctx.report(err)? {
        return Ok(Outcome::Findings);
    }
    let backlog = &ctx.backlog;
    let base = args.base.unwrap_or(ctx.configured_model);
    let comparison = versus::compare(backlog, args.model, base);
    let text = match args.format {
        TextOrJson::Text => render::text(backlog, &comparison),
        TextOrJson::Json => render::json(backlog, &comparison)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
