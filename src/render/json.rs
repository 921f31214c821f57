//! `list --format json|csv`: the ranking as data. The field names are the
//! contract of docs/formats.md.

use serde::Serialize;

use crate::backlog::Backlog;
use crate::date::Date;
use crate::model::{RankModel, Status};
use crate::rank::{Ranking, Scored};

#[derive(Debug, Serialize)]
pub struct ListJson<'a> {
    pub as_of: Option<Date>,
    pub model: RankModel,
    pub items: Vec<ListItem<'a>>,
    pub closed: Vec<ClosedItem<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ListItem<'a> {
    pub rank: usize,
    pub id: &'a str,
    pub title: &'a str,
    pub status: Status,
    pub score: f64,
    pub business: f64,
    pub users: f64,
    /// Person-weeks after sizes are mapped through `weights.effort`.
    pub effort: f64,
    /// The effort as written: a size (`M`) or weeks (`3w`).
    pub effort_label: String,
    pub confidence: f64,
    /// The model's terms, in the order of its formula.
    pub terms: Vec<super::terms::TermJson<'a>>,
    pub goals: Vec<&'a str>,
    pub people: usize,
    pub orgs: &'a [String],
    pub depends_on: Vec<&'a str>,
    /// The open items it depends on: they rank above it whatever its score.
    pub after: Vec<&'a str>,
    pub tags: &'a [String],
    pub owner: Option<&'a str>,
    pub path: &'a str,
}

#[derive(Debug, Serialize)]
pub struct ClosedItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: Status,
    pub path: &'a str,
}

/// Rounds for output, so JSON is as stable as the Markdown.
pub fn round(value: f64) -> f64 {
    let rounded = (value * 10_000.0).round() / 10_000.0;
    // An empty sum is -0.0; print it as 0.
    if rounded == 0.0 { 0.0 } else { rounded }
}

pub fn list_item<'a>(backlog: &'a Backlog, s: &'a Scored) -> ListItem<'a> {
    let item = &backlog.items[s.item];
    ListItem {
        rank: s.rank,
        id: &item.id.value,
        title: &item.title,
        status: item.status,
        score: round(s.score),
        business: round(s.business),
        users: round(s.users),
        effort: round(s.effort),
        effort_label: item.effort.to_string(),
        confidence: round(s.confidence),
        terms: super::terms::json(backlog, &s.terms),
        goals: s
            .goals
            .iter()
            .map(|g| backlog.goals[g.goal].id.value.as_str())
            .collect(),
        people: s.people.len(),
        orgs: &s.orgs,
        depends_on: depends_on(backlog, s.item),
        after: backlog.open_dependencies(s.item),
        tags: &item.tags,
        owner: item.owner.as_deref(),
        path: &item.path,
    }
}

/// The ids of the items `item` depends on.
fn depends_on(backlog: &Backlog, item: usize) -> Vec<&str> {
    backlog.links.depends_on[item]
        .iter()
        .map(|&d| backlog.items[d].id.value.as_str())
        .collect()
}

/// The ranking as JSON: `shown` open items, and every closed one or none.
pub fn list<'a>(
    backlog: &'a Backlog,
    ranking: &'a Ranking,
    shown: &[&'a Scored],
    show_closed: bool,
) -> serde_json::Result<String> {
    let closed: &[usize] = if show_closed { &ranking.closed } else { &[] };
    list_with_closed(backlog, ranking, shown, closed)
}

/// The ranking as JSON: `shown` open items, and the `closed` ones (indices
/// into the backlog's items) that pass the same filters.
pub fn list_with_closed<'a>(
    backlog: &'a Backlog,
    ranking: &'a Ranking,
    shown: &[&'a Scored],
    closed: &[usize],
) -> serde_json::Result<String> {
    let data = ListJson {
        as_of: ranking.as_of,
        model: ranking.model,
        items: shown.iter().map(|s| list_item(backlog, s)).collect(),
        closed: closed
            .iter()
            .map(|&i| {
                let item = &backlog.items[i];
                ClosedItem {
                    id: &item.id.value,
                    title: &item.title,
                    status: item.status,
                    path: &item.path,
                }
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&data)?;
    out.push('\n');
    Ok(out)
}

/// RFC 4180 CSV, one row per ranked item.
pub fn csv(backlog: &Backlog, shown: &[&Scored]) -> String {
    csv_with_closed(backlog, shown, &[])
}

/// RFC 4180 CSV, one row per shown item: ranked ones, then closed ones
/// (without rank or score). A field a spreadsheet would take for a formula is
/// neutralised as OWASP recommends (see `csv_field`).
pub fn csv_with_closed(backlog: &Backlog, shown: &[&Scored], closed: &[usize]) -> String {
    let mut out = String::from(
        "rank,id,title,status,score,business,users,effort,confidence,goals,people,orgs,depends_on,path,after\n",
    );
    for s in shown {
        let row = list_item(backlog, s);
        let fields = [
            row.rank.to_string(),
            row.id.to_owned(),
            row.title.to_owned(),
            row.status.to_string(),
            super::num(s.score),
            super::num(s.business),
            super::num(s.users),
            row.effort_label.clone(),
            super::num(s.confidence),
            row.goals.join(";"),
            row.people.to_string(),
            row.orgs.join(";"),
            row.depends_on.join(";"),
            row.path.to_owned(),
            row.after.join(";"),
        ];
        push_row(&mut out, &fields);
    }
    for &i in closed {
        let item = &backlog.items[i];
        let goals: Vec<&str> = item.goals.iter().map(|g| g.goal.value.as_str()).collect();
        let fields = [
            String::new(),
            item.id.value.clone(),
            item.title.clone(),
            item.status.to_string(),
            String::new(),
            String::new(),
            String::new(),
            item.effort.to_string(),
            super::num(item.confidence),
            goals.join(";"),
            String::new(),
            String::new(),
            depends_on(backlog, i).join(";"),
            item.path.clone(),
            String::new(),
        ];
        push_row(&mut out, &fields);
    }
    out
}

fn push_row(out: &mut String, fields: &[String]) {
    let escaped: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&escaped.join(","));
    out.push('\n');
}

/// One CSV field. A text starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return is a formula to Excel, `LibreOffice` and Google Sheets (CSV
/// injection): it gets a leading `'` and quotes, as OWASP recommends, so the
/// cell shows the text instead of running it.
fn csv_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_never_start_a_formula() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field("+1"), "\"'+1\"");
        assert_eq!(csv_field("-2+3"), "\"'-2+3\"");
        assert_eq!(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_field("\t=1"), "\"'\t=1\"");
        assert_eq!(csv_field("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("ci-cache"), "ci-cache");
    }
}
