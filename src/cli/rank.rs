use std::io::Write;
use std::path::Path;

use super::{Cli, Context, Outcome};
use crate::error::Error;
use crate::rank;
use crate::render::{plural, priorities};

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Exit 1 when PRIORITIES.md was written or changed (for pre-commit hooks: the new file must be staged)
    #[arg(long)]
    pub fail_on_change: bool,
}

/// Writes PRIORITIES.md when the content is valid and the file would change.
pub fn run(cli: &Cli, args: &Args, err: &mut dyn Write) -> Result<Outcome, Error> {
    let ctx = Context::load(cli)?;
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

/// Writes atomically (temp file in the same folder, then rename) and only
/// when the content differs. Returns whether it wrote.
pub fn write_if_changed(path: &Path, text: &str) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    temp.write_all(text.as_bytes())
        .map_err(|e| Error::io(temp.path(), e))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(true)
}
