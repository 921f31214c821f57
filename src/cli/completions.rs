//! `rankdown completions SHELL` and `rankdown man`: shell completion scripts
//! and the man pages (one per subcommand), generated from the clap
//! definitions so they never drift from the real options.

use std::io::Write;
use std::path::{Path, PathBuf};

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

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`list`, `hook install`); rankdown's own page when omitted
    #[arg(value_name = "SUBCOMMAND", conflicts_with = "dir")]
    pub page: Vec<String>,
    /// Write every page (rankdown.1 and rankdown-*.1) into DIR, created if missing, instead of printing one
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Prints one man page (roff), or writes them all with `--dir`.
pub fn man(
    cli: &Cli,
    args: &ManArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let pages = man_pages()?;
    if let Some(dir) = &args.dir {
        write_pages(dir, &pages)?;
        if !cli.quiet {
            writeln!(
                err,
                "wrote {} man pages (rankdown.1, rankdown-*.1) to {}",
                pages.len(),
                crate::render::terminal::sanitize(&dir.to_string_lossy())
            )?;
        }
        return Ok(Outcome::Clean);
    }
    let name = std::iter::once("rankdown")
        .chain(args.page.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("-");
    let file = format!("{name}.1");
    let Some((_, page)) = pages.iter().find(|(f, _)| *f == file) else {
        let known = pages
            .iter()
            .filter_map(|(f, _)| f.strip_prefix("rankdown-")?.strip_suffix(".1"))
            .map(|s| s.replace('-', " "))
            .collect::<Vec<_>>();
        return Err(super::unknown(
            "subcommand",
            &args.page.join(" "),
            known.iter().map(String::as_str).collect(),
        ));
    };
    out.write_all(page)?;
    Ok(Outcome::Clean)
}

/// Every man page as `(file name, roff)`: rankdown.1, then one page per
/// subcommand, nested ones included (`rankdown-hook-install.1`), which is
/// what the SUBCOMMANDS section of each page refers to.
fn man_pages() -> Result<Vec<(String, Vec<u8>)>, Error> {
    fn collect(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
        // Every page is rankdown's (clap_mangen would name a subcommand's page's source `install`).
        let man = clap_mangen::Man::new(cmd.clone())
            .source(concat!("rankdown ", env!("CARGO_PKG_VERSION")));
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        pages.push((man.get_filename(), roff));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            collect(sub, pages)?;
        }
        Ok(())
    }
    // `help` has no page of its own: each page lists the options.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, &mut pages)?;
    Ok(pages)
}

/// Writes each page atomically (a temporary file beside it, then a rename),
/// replacing the page of an earlier install.
fn write_pages(dir: &Path, pages: &[(String, Vec<u8>)]) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (file, roff) in pages {
        let path = dir.join(file);
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{file}.rankdown-tmp-"))
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        temp.write_all(roff)
            .map_err(|e| Error::io(temp.path(), e))?;
        temp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    }
    Ok(())
}
