//! `rankdown explain ID`: every term of an item's score, as Taskwarrior's
//! `info` shows urgency: value × weight = contribution, with the evidence.

use std::fmt::Write as _;

use serde::Serialize;

use super::json::round;
use super::terminal::{pad_left, pad_right, sanitize as clean, width};
use super::terms::{self, TermJson};
use super::{num, plural};
use crate::backlog::Backlog;
use crate::date::Date;
use crate::history::freshness::GitContext;
use crate::model::{Channel, Level, RankModel, Status};
use crate::rank::Ranking;

#[derive(Debug, Serialize)]
pub struct Explain<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: Status,
    pub path: &'a str,
    /// `null` for done and dropped items.
    pub rank: Option<usize>,
    pub score: Option<f64>,
    pub own_score: Option<f64>,
    pub inherited: Option<f64>,
    pub unblocks: Vec<&'a str>,
    pub model: RankModel,
    pub as_of: Option<Date>,
    pub business: Business<'a>,
    pub users: Users<'a>,
    pub effort: Option<f64>,
    pub effort_label: String,
    pub confidence: f64,
    /// The model's terms, in the order of its formula; empty for closed items.
    pub terms: Vec<TermJson<'a>>,
    /// Filled in by the git integration; `null` outside a repository.
    pub git: Option<GitContext>,
    /// The item's other ids (`aliases:`).
    pub aliases: Vec<&'a str>,
    /// The `priority:` hint; it is not part of the score.
    pub priority: Option<Level>,
}

#[derive(Debug, Serialize)]
pub struct Business<'a> {
    pub total: f64,
    pub goals: Vec<GoalJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct GoalJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub weight: u8,
    pub impact: Level,
    pub impact_weight: f64,
    pub urgency: f64,
    pub value: f64,
}

#[derive(Debug, Serialize)]
pub struct Users<'a> {
    pub total: f64,
    pub factor: f64,
    pub people: Vec<PersonJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PersonJson<'a> {
    pub person: Option<&'a str>,
    pub org: Option<&'a str>,
    pub channel: Channel,
    pub channel_weight: f64,
    pub date: Option<Date>,
    pub severity: Level,
    pub severity_weight: f64,
    pub recency: f64,
    pub value: f64,
    /// How many of this person's notes link here; only the strongest counts.
    pub notes: usize,
    pub note: &'a str,
    pub quote: Option<&'a str>,
}

pub fn explain<'a>(backlog: &'a Backlog, ranking: &'a Ranking, item: usize) -> Explain<'a> {
    let it = &backlog.items[item];
    let scored = ranking.position(item);
    let empty = Vec::new();
    let goals = scored.map_or(&empty, |s| &s.goals);
    let people = scored.map(|s| s.people.as_slice()).unwrap_or_default();
    Explain {
        id: &it.id.value,
        title: &it.title,
        status: it.status,
        path: &it.path,
        rank: scored.map(|s| s.rank),
        score: scored.map(|s| round(s.score)),
        own_score: scored.map(|s| round(s.own)),
        inherited: scored.map(|s| round(s.inherited)),
        unblocks: scored.map_or_else(Vec::new, |s| {
            s.unblocks
                .iter()
                .map(|&d| backlog.items[d].id.value.as_str())
                .collect()
        }),
        model: ranking.model,
        as_of: ranking.as_of,
        business: Business {
            total: round(scored.map_or(0.0, |s| s.business)),
            goals: goals
                .iter()
                .map(|g| GoalJson {
                    id: &backlog.goals[g.goal].id.value,
                    title: &backlog.goals[g.goal].title,
                    weight: backlog.goals[g.goal].weight,
                    impact: g.impact,
                    impact_weight: g.impact_value,
                    urgency: g.urgency,
                    value: round(g.value),
                })
                .collect(),
        },
        users: Users {
            total: round(scored.map_or(0.0, |s| s.users)),
            factor: backlog.config.weights.users_factor,
            people: people
                .iter()
                .map(|p| PersonJson {
                    person: p.person.as_deref(),
                    org: p.org.as_deref(),
                    channel: p.channel,
                    channel_weight: p.channel_weight,
                    date: p.date,
                    severity: p.severity,
                    severity_weight: p.severity_weight,
                    recency: round(p.recency),
                    value: round(p.value),
                    notes: p.notes,
                    note: &backlog.feedback[p.note].path,
                    quote: backlog.links.evidence[item]
                        .iter()
                        .find(|e| e.note == p.note)
                        .and_then(|e| e.quotes.first())
                        .map(String::as_str),
                })
                .collect(),
        },
        effort: scored.map(|s| s.effort),
        effort_label: it.effort.to_string(),
        confidence: it.confidence,
        terms: scored.map_or_else(Vec::new, |s| terms::json(backlog, &s.terms)),
        git: None,
        aliases: it.aliases.iter().map(|a| a.value.as_str()).collect(),
        priority: it.priority,
    }
}

/// The git context with its paths shown from the current directory
/// (`prefix` + the backlog-relative path), as `explain` prints it.
pub fn shown_from(mut git: GitContext, prefix: &str) -> GitContext {
    if let Some(note) = &mut git.evidence.newest_note {
        note.insert_str(0, prefix);
    }
    git
}

/// The git lines of `explain`'s text form; nothing outside a repository.
pub fn git_text(git: Option<&GitContext>, prefix: &str) -> String {
    let mut out = String::new();
    let Some(git) = git else {
        return out;
    };
    let show = |d: Option<Date>| d.map_or_else(|| "uncommitted".to_owned(), |d| d.to_string());
    let authors = if git.authors.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = git.authors.iter().map(|a| clean(a)).collect();
        format!(" · by {}", names.join(", "))
    };
    let _ = writeln!(
        out,
        "\nGit: created {} · last changed {} · {} commit{}{authors}",
        show(git.created),
        show(git.last_changed),
        git.commits,
        if git.commits == 1 { "" } else { "s" }
    );
    let evidence = &git.evidence;
    match (evidence.newest_date, &evidence.newest_note) {
        (Some(date), Some(note)) => {
            let _ = writeln!(
                out,
                "Evidence: newest note dated {date} ({}) · notes last changed in git {}",
                clean(&format!("{prefix}{note}")),
                show(evidence.last_changed)
            );
        }
        _ if evidence.last_changed.is_some() => {
            let _ = writeln!(
                out,
                "Evidence: notes last changed in git {}",
                show(evidence.last_changed)
            );
        }
        _ => {
            let _ = writeln!(out, "Evidence: none linked");
        }
    }
    if git.truncated {
        let _ = writeln!(
            out,
            "  (shallow clone: history stops at its boundary; dates may be later than the truth)"
        );
    }
    out
}

pub fn json(explain: &Explain<'_>) -> serde_json::Result<String> {
    let mut out = serde_json::to_string_pretty(explain)?;
    out.push('\n');
    Ok(out)
}

/// The lines naming an item's aliases and priority hint, if it has them.
fn hints(item: &crate::model::Item) -> String {
    let mut out = String::new();
    if !item.aliases.is_empty() {
        let names: Vec<&str> = item.aliases.iter().map(|a| a.value.as_str()).collect();
        let _ = writeln!(out, "also known as {}", clean(&names.join(", ")));
    }
    if let Some(priority) = item.priority {
        let _ = writeln!(out, "priority {priority} (a hint; not part of the score)");
    }
    out
}

pub fn text(backlog: &Backlog, ranking: &Ranking, item: usize) -> String {
    let it = &backlog.items[item];
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", clean(&it.id.value), clean(&it.title));
    let _ = writeln!(out, "{}", clean(&it.path));
    out.push_str(&hints(it));
    let Some(s) = ranking.position(item) else {
        let _ = writeln!(
            out,
            "\nstatus {}: only open items (proposed, ready, in-progress) are ranked.",
            it.status
        );
        return out;
    };
    let as_of = ranking
        .as_of
        .map_or_else(|| "no date (no feedback yet)".to_owned(), |d| d.to_string());
    let _ = writeln!(
        out,
        "rank {} of {} · score {} · {} · model {} · as of {as_of}\n",
        s.rank,
        ranking.ranked.len(),
        num(s.score),
        it.status,
        ranking.model
    );

    // The first column is as wide as its longest entry (at least 28), so long
    // goal ids, names and wide characters keep the numbers aligned.
    let goal_names: Vec<String> = s
        .goals
        .iter()
        .map(|g| clean(&backlog.goals[g.goal].id.value))
        .collect();
    let people: Vec<String> = s
        .people
        .iter()
        .map(|p| {
            let who = p
                .person
                .as_deref()
                .map_or_else(|| "anonymous".to_owned(), clean);
            let org = p
                .org
                .as_deref()
                .map_or_else(String::new, |o| format!(" ({})", clean(o)));
            format!("{who}{org}")
        })
        .collect();
    let first = goal_names
        .iter()
        .chain(&people)
        .map(|n| width(n))
        .max()
        .unwrap_or(0)
        .max(28);
    // A total sits under its column of values: they start 28 columns after
    // the name in the goals table, 52 in the people table.
    let total = |label: &str, after_name: usize, value: f64| {
        format!(
            "  {} {:>6}\n",
            pad_left(label, first + after_name - 1),
            num(value)
        )
    };

    let _ = writeln!(out, "Business: weight × impact × urgency = value");
    if s.goals.is_empty() {
        let _ = writeln!(out, "  (serves no active goal)");
    }
    for (g, name) in s.goals.iter().zip(&goal_names) {
        let _ = writeln!(
            out,
            "  {} {} × {:<8} {} × {} = {:>6}",
            pad_right(name, first),
            g.weight,
            g.impact.name(),
            num(g.impact_value),
            num(g.urgency),
            num(g.value)
        );
    }
    let _ = writeln!(out, "{}", total("business", 28, s.business));

    let _ = writeln!(
        out,
        "Users: one term per person, their strongest note: channel × severity × recency = value"
    );
    if s.people.is_empty() {
        let _ = writeln!(out, "  (no feedback linked)");
    }
    for (p, name) in s.people.iter().zip(&people) {
        let date = p
            .date
            .map_or_else(|| "no date".to_owned(), |d| d.to_string());
        let _ = writeln!(
            out,
            "  {} {:<9} {:<10} {:<8} {} × {} × {} = {:>6}",
            pad_right(name, first),
            p.channel.name(),
            date,
            p.severity.name(),
            num(p.channel_weight),
            num(p.severity_weight),
            num(p.recency),
            num(p.value)
        );
        let note = &backlog.feedback[p.note];
        let extra = if p.notes > 1 {
            format!(" (+{})", plural(p.notes - 1, "weaker note", "weaker notes"))
        } else {
            String::new()
        };
        let _ = writeln!(out, "      {}{extra}", clean(&note.path));
        if let Some(quote) = backlog.links.evidence[item]
            .iter()
            .find(|e| e.note == p.note)
            .and_then(|e| e.quotes.first())
        {
            let quote = clean(quote);
            if quote.starts_with(['"', '“', '\'']) {
                let _ = writeln!(out, "      {quote}");
            } else {
                let _ = writeln!(out, "      “{quote}”");
            }
        }
    }
    let _ = writeln!(out, "{}", total("users", 52, s.users));

    let k = backlog.config.weights.users_factor;
    let formula = if ranking.model == RankModel::Evidence {
        format!(
            "(business {} + {} × users {}) × confidence {} ÷ effort {} = {}",
            num(s.business),
            num(k),
            num(s.users),
            num(s.confidence),
            num(s.effort),
            num(s.own)
        )
    } else {
        format!(
            "{}\n  {} = {}",
            terms::formula(ranking.model),
            terms::line(backlog, ranking.model, &s.terms, &|t| clean(t)),
            terms::short(s.own)
        )
    };
    let _ = writeln!(out, "Score: {formula}");
    if s.inherited > 0.0 {
        let names: Vec<&str> = s
            .unblocks
            .iter()
            .map(|&d| backlog.items[d].id.value.as_str())
            .collect();
        let _ = writeln!(
            out,
            "  + {} × the value of what waits for it ({}) = {}",
            num(backlog.config.weights.dependency_inheritance),
            clean(&names.join(", ")),
            num(s.inherited)
        );
        let _ = writeln!(out, "  = {}", num(s.score));
    }
    out
}
