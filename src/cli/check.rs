//! `rankdown check`: every content problem at once, and whether PRIORITIES.md
//! is what `rank` would write now.

use std::io::Write;

use similar::TextDiff;

use super::{Cli, Context, Outcome};
use crate::diagnostic::{self, Diagnostic, DiagnosticFormat, Pos};
use crate::error::Error;
use crate::parse::Bodies;
use crate::rank;
use crate::render::plural;
use crate::render::priorities;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print problems: human (code frames), short (path:line:col), json, github (Actions annotations)
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// Also rank with this model and report what it finds (items RICE scores 0); PRIORITIES.md is still checked against `model:` in rankdown.yaml
    #[arg(long, value_enum, value_name = "NAME")]
    pub model: Option<crate::model::RankModel>,
}

/// Validates the content and compares PRIORITIES.md with what `rank` would write.
pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let mut ctx = Context::load(cli, Bodies::Keep)?;
    let output_file = ctx.output_file()?;
    let mut diagnostics = ctx.backlog.diagnostics.clone();
    let output = ctx.backlog.config.output_path();
    let mut diff = None;
    if !ctx.backlog.has_errors() {
        let ranking = rank::rank(&ctx.backlog);
        let expected = priorities::render(&ctx.backlog, &ranking);
        match std::fs::read(&output_file) {
            Ok(bytes) if same_but_line_endings(&bytes, expected.as_bytes()) => {}
            Ok(bytes) => {
                let actual = String::from_utf8_lossy(&bytes).into_owned();
                let line = first_difference(&actual, &expected);
                diagnostics.push(
                    Diagnostic::error(
                        "stale-output",
                        &output,
                        Pos::new(line, 1),
                        format!("{output} is out of date with the backlog"),
                    )
                    .with_help("run `rankdown` to regenerate it, then commit the result"),
                );
                let shown = ctx.shown(&output);
                diff = Some(
                    TextDiff::from_lines(&actual, &expected)
                        .unified_diff()
                        .context_radius(2)
                        .header(
                            &format!("{shown} (committed)"),
                            &format!("{shown} (expected)"),
                        )
                        .to_string(),
                );
            }
            Err(_) => diagnostics.push(
                Diagnostic::error(
                    "missing-output",
                    &output,
                    Pos::START,
                    format!("{output} does not exist"),
                )
                .with_help("run `rankdown` to generate it, then commit it"),
            ),
        }
        // PRIORITIES.md is what `rank` writes, with the configured model;
        // `--model` adds what another model finds, never another staleness.
        let findings = if args.model.is_some_and(|m| m != ctx.configured_model) {
            ctx.use_model(args.model);
            rank::model_findings(&ctx.backlog, &rank::rank(&ctx.backlog))
        } else {
            rank::model_findings(&ctx.backlog, &ranking)
        };
        diagnostics.extend(findings);
    }
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let text = diagnostic::render(
        &diagnostics,
        args.format,
        &ctx.backlog,
        &ctx.prefix,
        ctx.styled,
    )?;
    match args.format {
        DiagnosticFormat::Human => {
            err.write_all(text.as_bytes())?;
            if let Some(diff) = diff {
                // The committed file is content too: its lines reach the
                // terminal only with control characters escaped.
                let diff = crate::render::terminal::sanitize_lines(&diff);
                err.write_all(diff.as_bytes())?;
            }
            if !failed && !cli.quiet {
                let other = if ctx.backlog.config.model == ctx.configured_model {
                    String::new()
                } else {
                    format!(
                        " (ranked with `{}`, the model rankdown.yaml sets; `{}` was checked for its findings only)",
                        ctx.configured_model, ctx.backlog.config.model
                    )
                };
                writeln!(
                    err,
                    "ok: {}, {}, {}; {} is up to date{other}",
                    plural(ctx.backlog.goals.len(), "goal", "goals"),
                    plural(ctx.backlog.items.len(), "item", "items"),
                    plural(
                        ctx.backlog.feedback.len(),
                        "feedback note",
                        "feedback notes"
                    ),
                    ctx.shown(&output)
                )?;
            }
        }
        DiagnosticFormat::Short | DiagnosticFormat::Json | DiagnosticFormat::Github => {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Whether the file holds the expected text, with `\r\n` line ends allowed
/// in place of `\n`: a checkout with `core.autocrlf` is not stale.
fn same_but_line_endings(actual: &[u8], expected: &[u8]) -> bool {
    let mut rest = actual;
    for line in expected.split_inclusive(|&b| b == b'\n') {
        if let Some(after) = rest.strip_prefix(line) {
            rest = after;
            continue;
        }
        let Some(body) = line.strip_suffix(b"\n") else {
            return false;
        };
        match rest
            .strip_prefix(body)
            .and_then(|r| r.strip_prefix(b"\r\n"))
        {
            Some(after) => rest = after,
            None => return false,
        }
    }
    rest.is_empty()
}

/// The 1-based line where two texts first differ.
fn first_difference(a: &str, b: &str) -> u32 {
    let same = a.lines().zip(b.lines()).take_while(|(x, y)| x == y).count();
    u32::try_from(same + 1).unwrap_or(u32::MAX)
}
