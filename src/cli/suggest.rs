//! `rankdown suggest [NOTE…]`: the open items each unlinked note most likely
//! speaks of (see [`crate::suggest`]); with `--apply`, links each note to its
//! best candidate through the same edit as `rankdown link`.

use std::io::Write;

use super::{Cli, Context, Outcome, TextOrJson};
use crate::error::Error;
use crate::parse::Bodies;
use crate::render::suggest as render;
use crate::suggest;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Feedback notes (paths, or ids); every unlinked note when omitted
    #[arg(value_name = "NOTE")]
    pub notes: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
    /// Candidates shown per note
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub limit: usize,
    /// Below this score an item is not suggested (default: `suggest.min_score` in rankdown.yaml)
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,
    /// Link each note to its best candidate (edits the notes' `items:` field)
    #[arg(long)]
    pub apply: bool,
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
    let notes = if args.notes.is_empty() {
        suggest::unlinked(backlog)
    } else {
        args.notes
            .iter()
            .map(|arg| find_note(&ctx, arg))
            .collect::<Result<Vec<_>, _>>()?
    };
    let min_score = args.min_score.unwrap_or(backlog.config.suggest.min_score);
    let suggestions = suggest::suggest(backlog, &notes, args.limit.max(1), min_score);
    if args.apply {
        for s in &suggestions {
            let Some(best) = s.candidates.first() else {
                continue;
            };
            let note = &backlog.feedback[s.note];
            let id = &backlog.items[best.item].id.value;
            super::link::add_links(&ctx, note, &[id.as_str()])?;
            writeln!(
                out,
                "linked {} to {}",
                ctx.shown(&note.path),
                crate::render::terminal::sanitize(id)
            )?;
        }
        return Ok(Outcome::Clean);
    }
    let text = match args.format {
        TextOrJson::Text => render::text(backlog, &suggestions, &|path| ctx.shown(path)),
        TextOrJson::Json => render::json(backlog, &suggestions)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// The note an argument names: its path relative to the current directory
/// or to the root, or its id; an unknown one is exit 2 with a hint.
pub(crate) fn find_note(ctx: &Context, arg: &str) -> Result<usize, Error> {
    let arg = arg.replace('\\', "/");
    let trimmed = arg.trim_start_matches("./");
    let from_root = trimmed.strip_prefix(ctx.prefix.as_str()).unwrap_or(trimmed);
    let feedback = &ctx.backlog.feedback;
    feedback
        .iter()
        .position(|n| n.path == from_root || n.path == trimmed)
        .or_else(|| feedback.iter().position(|n| n.id.value == arg))
        .ok_or_else(|| {
            super::unknown(
                "feedback note",
                &arg,
                feedback.iter().map(|n| n.path.as_str()).collect(),
            )
        })
}
