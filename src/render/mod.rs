//! Output as text: PRIORITIES.md, JSON, CSV and terminal tables. Pure
//! functions of a backlog and its ranking, returning `String`.

pub mod diff;
pub mod explain;
pub mod history;
pub mod json;
pub mod priorities;
pub mod stale;
pub mod table;

/// A number at the fixed precision every output uses.
pub fn num(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    // Avoid "-0.00".
    format!("{:.2}", if rounded == 0.0 { 0.0 } else { rounded })
}

/// `1 item`, `2 items`.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Text safe inside a Markdown table cell.
pub fn cell(text: &str) -> String {
    crate::diagnostic::clean(text)
        .replace('\n', " ")
        .replace('|', "\\|")
}

/// Text safe as the label of a Markdown link.
pub fn link_label(text: &str) -> String {
    cell(text).replace('[', "\\[").replace(']', "\\]")
}

/// A link target safe in Markdown (spaces and parentheses encoded).
pub fn link_target(path: &str) -> String {
    path.replace(' ', "%20")
        .replace('(', "%28")
        .replace(')', "%29")
}
