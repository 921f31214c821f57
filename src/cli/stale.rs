//! `rankdown stale [--days N]`: open items whose file and linked evidence
//! have not changed in git for N days, oldest first. Unlike PRIORITIES.md
//! this report may use the clock: it is about how long things have waited.

use std::io::Write;

use super::{Cli, Context, Outcome, TextOrJson};
use crate::date::Date;
use crate::error::Error;
use crate::history::{Repo, freshness};
use crate::parse::Bodies;
use crate::render::stale;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many days without a change make an item stale
    #[arg(long, default_value_t = 90, value_name = "N")]
    pub days: u32,
    /// Measure ages from this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| "expected a date as YYYY-MM-DD".to_owned())
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    _err: &mut dyn Write,
) -> Result<Outcome, Error> {
    // The git walk and the work tree's load overlap; errors come in the order
    // they would one after the other.
    let (root, _) = Context::locate(cli)?;
    let (ctx, found) = std::thread::scope(|scope| {
        let git = scope.spawn(|| {
            let repo = Repo::open(&root, "stale")?;
            repo.head()?.ok_or(Error::NoCommits("stale"))?;
            freshness::at_head(&repo)
        });
        let ctx = Context::load(cli, Bodies::Drop);
        let found = git
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (ctx, found)
    });
    let (ctx, found) = (ctx?, found?);
    let as_of = args.as_of.unwrap_or_else(Date::today);
    let items = freshness::stale(&ctx.backlog, &found, as_of, args.days);
    let report = stale::Report {
        backlog: &ctx.backlog,
        items: &items,
        as_of,
        days: args.days,
        truncated: found.truncated,
        prefix: &ctx.prefix,
    };
    let text = match args.format {
        TextOrJson::Json => stale::json(&report)?,
        TextOrJson::Text => stale::text(&report),
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
