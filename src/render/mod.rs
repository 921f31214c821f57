//! Output as text: PRIORITIES.md, JSON, CSV and terminal tables. Pure
//! functions of a backlog and its ranking, returning `String`.

pub mod diff;
pub mod explain;
pub mod history;
pub mod json;
pub mod markdown;
pub mod priorities;
pub mod stale;
pub mod suggest;
pub mod table;
pub mod terminal;
pub mod terms;
pub mod themes;
pub mod versus;

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

// The Markdown escapes under their older names, for the renderers that use them.
pub use markdown::{cell, link_target, link_text as link_label};
