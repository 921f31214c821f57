//! `rankdown list` in a terminal: a table with optional colour, titles cut
//! to the terminal's width.

use std::fmt::Write as _;

use super::num;
use crate::backlog::Backlog;
use crate::diagnostic::clean;
use crate::model::Status;
use crate::rank::Scored;

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const YELLOW: &str = "\x1b[33m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

const HEADER: [&str; 7] = ["#", "ID", "SCORE", "BIZ", "USERS", "PEOPLE", "EFFORT"];

pub fn render(backlog: &Backlog, shown: &[&Scored], width: usize, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_owned()
        }
    };
    let rows: Vec<[String; 7]> = shown
        .iter()
        .map(|s| {
            let item = &backlog.items[s.item];
            [
                s.rank.to_string(),
                clean(&item.id.value),
                num(s.score),
                num(s.business),
                num(s.users),
                s.people.len().to_string(),
                item.effort.to_string(),
            ]
        })
        .collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let fixed: usize = widths.iter().sum::<usize>() + 2 * widths.len();
    let title_width = width.saturating_sub(fixed).max(12);

    // Pads by the plain text's width, then paints, so colour never shifts columns.
    let line = |cells: [&str; 7], title: &str, styles: [&str; 8]| -> String {
        let mut out = String::new();
        for (c, cell) in cells.iter().enumerate() {
            let padded = if c == 1 {
                format!("{cell:<w$}", w = widths[c])
            } else {
                format!("{cell:>w$}", w = widths[c])
            };
            let _ = write!(
                out,
                "{}  ",
                if styles[c].is_empty() {
                    padded
                } else {
                    paint(styles[c], &padded)
                }
            );
        }
        if styles[7].is_empty() {
            out.push_str(title);
        } else {
            out.push_str(&paint(styles[7], title));
        }
        out.trim_end().to_owned()
    };

    let mut out = line(HEADER, "TITLE", [BOLD; 8]);
    out.push('\n');
    for (row, s) in rows.iter().zip(shown) {
        let item = &backlog.items[s.item];
        let title = cut(&clean(&item.title), title_width);
        let title_style = if item.status == Status::InProgress {
            YELLOW
        } else {
            ""
        };
        let cells = [
            &row[0], &row[1], &row[2], &row[3], &row[4], &row[5], &row[6],
        ]
        .map(String::as_str);
        out.push_str(&line(
            cells,
            &title,
            [DIM, CYAN, BOLD, "", "", "", "", title_style],
        ));
        out.push('\n');
    }
    out
}

/// Cuts text to `width` characters, marking the cut with an ellipsis.
pub fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn cuts_long_titles_with_an_ellipsis() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
