//! `rankdown [rank]`: write PRIORITIES.md when the content is valid and the
//! ranking changed.

use std::io::Write;

use super::{Cli, Context, Outcome};
use crate::error::Error;
use crate::files::write_if_changed;
use crate::model::RankModel;
use crate::parse::Bodies;
use crate::rank;
use crate::render::{plural, priorities};

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Exit 1 when PRIORITIES.md was written or changed (for pre-commit hooks: the new file must be staged)
    #[arg(long)]
    pub fail_on_change: bool,
    /// The model to rank with; only the one `model:` in rankdown.yaml names, since `check` compares PRIORITIES.md with that model's ranking
    #[arg(long, value_enum, value_name = "NAME")]
    pub model: Option<RankModel>,
}

/// Writes PRIORITIES.md when the content is valid and the file would change.
pub fn run(cli: &Cli, args: &Args, err: &mut dyn Write) -> Result<Outcome, Error> {
    let ctx = Context::load(cli, Bodies::Keep)?;
    if let Some(asked) = args.model.filter(|&m| m != ctx.configured_model) {
        return Err(Error::OtherModel {
            asked,
            configured: ctx.configured_model,
            output: ctx.backlog.config.output_path(),
        });
    }
    let output_file = ctx.output_file()?;
    if ctx.report(err)? {
        writeln!(
            err,
            "{} left untouched",
            ctx.shown(&ctx.backlog.config.output_path())
        )?;
        return Ok(Outcome::Findings);
    }
    let ranking = rank::rank(&ctx.backlog);
    let text = priorities::render(&ctx.backlog, &ranking);
    let path = output_file;
    let shown = ctx.shown(&ctx.backlog.config.output_path());
    let changed = write_if_changed(&path, &text)?;
    if !cli.quiet {
        if changed {
            writeln!(
                err,
                "wrote {shown} ({})",
                plural(ranking.ranked.len(), "ranked item", "ranked items")
            )?;
        } else {
            writeln!(err, "{shown} is up to date")?;
        }
    }
    if changed && args.fail_on_change {
        if !cli.quiet {
            writeln!(
                err,
                "{shown} changed: stage it (git add {shown}) and commit again"
            )?;
        }
        return Ok(Outcome::Findings);
    }
    Ok(Outcome::Clean)
}
