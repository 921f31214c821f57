//! `rankdown list` in a terminal: a plain table, titles cut to fit.

use std::fmt::Write as _;

use super::num;
use crate::backlog::Backlog;
use crate::diagnostic::clean;
use crate::rank::Scored;

pub fn render(backlog: &Backlog, shown: &[&Scored], width: usize) -> String {
    let mut rows: Vec<[String; 7]> = vec![[
        "#".to_owned(),
        "ID".to_owned(),
        "SCORE".to_owned(),
        "BIZ".to_owned(),
        "USERS".to_owned(),
        "PEOPLE".to_owned(),
        "EFFORT".to_owned(),
    ]];
    for s in shown {
        let item = &backlog.items[s.item];
        rows.push([
            s.rank.to_string(),
            clean(&item.id.value),
            num(s.score),
            num(s.business),
            num(s.users),
            s.people.len().to_string(),
            item.effort.to_string(),
        ]);
    }
    let mut widths = [0usize; 7];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let fixed: usize = widths.iter().sum::<usize>() + 2 * widths.len();
    let title_width = width.saturating_sub(fixed).max(12);
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate() {
        let title = if r == 0 {
            "TITLE".to_owned()
        } else {
            cut(&clean(&backlog.items[shown[r - 1].item].title), title_width)
        };
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            // Numbers right-aligned, names left-aligned.
            if c == 1 {
                let _ = write!(line, "{cell:<w$}  ", w = widths[c]);
            } else {
                let _ = write!(line, "{cell:>w$}  ", w = widths[c]);
            }
        }
        line.push_str(&title);
        out.push_str(line.trim_end());
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
