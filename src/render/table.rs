//! `rankdown list` in a terminal: a table with optional colour, titles cut
//! to the terminal's width. An item that ranks below a lower score because it
//! waits for open dependencies says so after its title (`· after X`), as in
//! PRIORITIES.md; closed items, shown when asked for, have no rank or score.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::num;
use super::terminal::{cut, pad_left, pad_right, sanitize, width as display_width};
use crate::backlog::Backlog;
use crate::model::{RankModel, Status};
use crate::rank::Scored;
use crate::rank::models::TermName;

const PLAIN: Style = Style::new();
const BOLD: Style = Style::new().bold();
const CYAN: Style = AnsiColor::Cyan.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();

/// Columns a title keeps beside an "after" marker that would not fit whole.
const TITLE_KEPT: usize = 12;

const HEADER: [&str; 7] = ["#", "ID", "SCORE", "BIZ", "USERS", "PEOPLE", "EFFORT"];

/// The header under `model`: the evidence model's business and users, or
/// two headline terms of another model (`explain` shows them all).
fn header(model: RankModel) -> [&'static str; 7] {
    let (a, b) = match model {
        RankModel::Evidence => return HEADER,
        RankModel::Rice => ("REACH", "IMPACT"),
        RankModel::Wsjf => ("COD", "SIZE"),
        RankModel::Ice => ("IMPACT", "EASE"),
    };
    ["#", "ID", "SCORE", a, b, "PEOPLE", "EFFORT"]
}

/// The two middle columns of a ranked row under `model` (see [`header`]).
fn middle(model: RankModel, s: &Scored) -> [String; 2] {
    let term = |name: TermName| {
        s.terms
            .iter()
            .find(|t| t.name == name)
            .map_or(0.0, |t| t.value)
    };
    match model {
        RankModel::Evidence => [num(s.business), num(s.users)],
        RankModel::Rice => [num(term(TermName::Reach)), num(term(TermName::Impact))],
        RankModel::Wsjf => [
            num(term(TermName::Value) + term(TermName::Time) + term(TermName::RrOe)),
            num(term(TermName::Size)),
        ],
        RankModel::Ice => [num(term(TermName::Impact)), num(term(TermName::Ease))],
    }
}

pub fn render(
    backlog: &Backlog,
    shown: &[&Scored],
    closed: &[usize],
    width: usize,
    color: bool,
) -> String {
    let model = backlog.config.model;
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    };
    let rows: Vec<[String; 7]> = shown
        .iter()
        .map(|s| {
            let item = &backlog.items[s.item];
            let [a, b] = middle(model, s);
            [
                s.rank.to_string(),
                sanitize(&item.id.value),
                num(s.score),
                a,
                b,
                s.people.len().to_string(),
                item.effort.to_string(),
            ]
        })
        .chain(closed.iter().map(|&i| {
            let item = &backlog.items[i];
            let none = || "-".to_owned();
            [
                none(),
                sanitize(&item.id.value),
                none(),
                none(),
                none(),
                none(),
                item.effort.to_string(),
            ]
        }))
        .collect();
    // The items behind the rows, ranked then closed.
    let row_items: Vec<usize> = shown
        .iter()
        .map(|s| s.item)
        .chain(closed.iter().copied())
        .collect();
    let mut widths = header(model).map(display_width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let fixed: usize = widths.iter().sum::<usize>() + 2 * widths.len();
    let title_width = width.saturating_sub(fixed).max(12);

    // Pads by the plain text's width, then paints, so colour never shifts columns.
    let line = |cells: [&str; 7], title: &str, styles: [Style; 8]| -> String {
        let mut out = String::new();
        for (c, cell) in cells.iter().enumerate() {
            let padded = if c == 1 {
                pad_right(cell, widths[c])
            } else {
                pad_left(cell, widths[c])
            };
            let _ = write!(
                out,
                "{}  ",
                if styles[c] == PLAIN {
                    padded
                } else {
                    paint(styles[c], &padded)
                }
            );
        }
        if styles[7] == PLAIN {
            out.push_str(title);
        } else {
            out.push_str(&paint(styles[7], title));
        }
        out.trim_end().to_owned()
    };

    let mut out = line(header(model), "TITLE", [BOLD; 8]);
    out.push('\n');
    for (row, &i) in rows.iter().zip(&row_items) {
        let item = &backlog.items[i];
        let after = backlog.open_dependencies(i);
        let marker = if after.is_empty() || !item.status.is_open() {
            String::new()
        } else {
            sanitize(&format!(" · after {}", after.join(", ")))
        };
        // The marker explains the order, so the title is cut first; in a
        // narrow column the title keeps 12 columns and the marker is cut too.
        let title = sanitize(&item.title);
        let title_room = title_width
            .saturating_sub(display_width(&marker))
            .max(TITLE_KEPT.min(display_width(&title)));
        let title = cut(&title, title_room);
        let marker_room = title_width.saturating_sub(display_width(&title));
        let marker = if marker_room >= " · after x…".len() {
            cut(&marker, marker_room)
        } else {
            String::new()
        };
        let title_style = if item.status == Status::InProgress {
            YELLOW
        } else {
            PLAIN
        };
        // Painted here, title and marker apart, so `line` adds no style.
        let title = match (title_style == PLAIN, marker.is_empty()) {
            (true, true) => title,
            (false, true) => paint(title_style, &title),
            (true, false) => format!("{title}{}", paint(DIM, &marker)),
            (false, false) => format!("{}{}", paint(title_style, &title), paint(DIM, &marker)),
        };
        let cells = [
            &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6],
        ]
        .map(String::as_str);
        out.push_str(&line(
            cells,
            &title,
            [DIM, CYAN, BOLD, PLAIN, PLAIN, PLAIN, PLAIN, PLAIN],
        ));
        out.push('\n');
    }
    out
}
