//! `rankdown config`: the effective configuration, defaults filled in, as
//! YAML that reads back as the same configuration (or as JSON).

use std::io::Write;

use serde_json::{Map, Value, json};

use super::{Cli, Context, Outcome, TextOrJson};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{self, DiagnosticFormat};
use crate::error::Error;
use crate::model::{Channel, Horizon, Keyword, Level, Size};
use crate::parse::Bodies;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The YAML can be pasted into rankdown.yaml as it is: it ranks the same. The JSON is YAML too."
)]
pub struct Args {
    /// Output format: commented YAML (text) or JSON
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

/// Prints the configuration in force; problems in rankdown.yaml are reported
/// instead (exit 1), since their keys would show defaults that are not meant.
pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ctx = Context::load(cli, Bodies::Drop)?;
    let problems: Vec<_> = ctx
        .backlog
        .diagnostics
        .iter()
        .filter(|d| d.path == CONFIG_FILE && d.is_error())
        .cloned()
        .collect();
    if !problems.is_empty() {
        let text = diagnostic::render(
            &problems,
            DiagnosticFormat::Human,
            &ctx.backlog,
            &ctx.prefix,
            ctx.styled,
        )?;
        err.write_all(text.as_bytes())?;
        return Ok(Outcome::Findings);
    }
    let config = &ctx.backlog.config;
    let text = match args.format {
        TextOrJson::Text => crate::template::effective_config(config),
        TextOrJson::Json => {
            let mut text = serde_json::to_string_pretty(&as_json(config))?;
            text.push('\n');
            text
        }
    };
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

/// The configuration as JSON, with rankdown.yaml's keys.
pub fn as_json(config: &Config) -> Value {
    fn table<K: Keyword>(values: &[f64]) -> Value {
        let map: Map<String, Value> = K::words()
            .into_iter()
            .zip(values)
            .map(|(word, value)| (word.to_owned(), json!(value)))
            .collect();
        Value::Object(map)
    }
    let w = &config.weights;
    json!({
        "model": config.model,
        "as_of": config.as_of,
        "output": config.output,
        "max_file_bytes": config.max_file_bytes,
        "folders": {
            "goals": config.folders.goals,
            "items": config.folders.items,
            "feedback": config.folders.feedback,
        },
        "weights": {
            "impact": table::<Level>(&w.impact),
            "severity": table::<Level>(&w.severity),
            "channel": table::<Channel>(&w.channel),
            "effort": table::<Size>(&w.effort),
            "urgency": table::<Horizon>(&w.urgency),
            "half_life_days": w.half_life_days,
            "users_factor": w.users_factor,
            "dependency_inheritance": w.dependency_inheritance,
        },
        "import": {"team_domains": config.import.team_domains},
        "suggest": {
            "language": config.suggest.language,
            "min_score": config.suggest.min_score,
        },
    })
}
