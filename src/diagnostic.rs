//! Content problems as data (`Diagnostic`: severity, code, message, path,
//! position, help) and their human, short, JSON and GitHub forms.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::render::terminal::{sanitize, sanitize_lines};

/// The terminal sanitiser, under the name older callers use: it shows
/// control and bidi characters escaped instead of passing them on.
pub use crate::render::terminal::sanitize as clean;

/// How bad a finding is. Errors fail the run (exit 1); warnings are shown only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the content, located at `path:line:column` (1-based; the
/// column counts characters, as editors do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case name for the kind of problem, for filtering in tools.
    pub code: &'static str,
    pub message: String,
    /// Relative to the backlog root, with `/` separators.
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// Width of the highlighted text, in characters (at least 1).
    #[serde(skip)]
    pub width: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Another file the problem involves (the first user of a duplicate id),
    /// root-relative; shown after the message, relative to the current directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, path: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            path: path.to_owned(),
            line: pos.line,
            column: pos.column,
            width: pos.width.max(1),
            help: None,
            related: None,
        }
    }

    pub fn warning(code: &'static str, path: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, path, pos, message)
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    #[must_use]
    pub fn with_related(mut self, path: &str) -> Self {
        self.related = Some(path.to_owned());
        self
    }

    /// The message, naming the related file as the user sees it.
    pub fn full_message(&self, prefix: &str) -> String {
        match &self.related {
            Some(path) => format!("{}: {prefix}{path} uses it too", self.message),
            None => self.message.clone(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A position in a file: 1-based line and character column, and the width of
/// the text it points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub width: u32,
}

impl Pos {
    pub const START: Pos = Pos {
        line: 1,
        column: 1,
        width: 1,
    };

    pub fn new(line: u32, column: u32) -> Self {
        Self {
            line,
            column,
            width: 1,
        }
    }

    #[must_use]
    pub fn wide(mut self, width: usize) -> Self {
        self.width = u32::try_from(width).unwrap_or(u32::MAX).max(1);
        self
    }
}

/// Sorts diagnostics by file, then position, so output does not depend on
/// the order files were read in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

/// The ways diagnostics can be printed (the command line's words for them
/// are in `cli/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticFormat {
    /// Code frames with a caret under the problem, for people.
    Human,
    /// One `path:line:col: severity: message` line each, for editors.
    Short,
    /// A JSON array, for tools.
    Json,
    /// GitHub Actions workflow commands, which annotate the pull request.
    Github,
}

/// Where the text of a file can be found again, to draw a code frame.
pub trait SourceText {
    fn text(&self, path: &str) -> Option<&str>;
}

/// Renders diagnostics for output. `prefix` turns a root-relative path into
/// one relative to the current directory (e.g. `sample-backlog/`). Every
/// form but JSON shows content's control characters escaped (paths, messages,
/// code frames); JSON carries the exact text.
pub fn render(
    diagnostics: &[Diagnostic],
    format: DiagnosticFormat,
    sources: &dyn SourceText,
    prefix: &str,
    styled: bool,
) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    match format {
        DiagnosticFormat::Human => {
            let renderer = if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            for d in diagnostics {
                out.push_str(&render_frame(d, sources, prefix, &renderer));
                out.push_str("\n\n");
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            if !diagnostics.is_empty() {
                let _ = writeln!(out, "{}", summary(errors, warnings));
            }
        }
        DiagnosticFormat::Short => {
            for d in diagnostics {
                let severity = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let _ = write!(
                    out,
                    "{}:{}:{}: {severity}: {}",
                    sanitize(&format!("{prefix}{}", d.path)),
                    d.line,
                    d.column,
                    sanitize(&d.full_message(prefix))
                );
                if let Some(help) = &d.help {
                    let _ = write!(out, " ({})", sanitize(help));
                }
                out.push('\n');
            }
        }
        DiagnosticFormat::Json => {
            let shown: Vec<Diagnostic> = diagnostics
                .iter()
                .map(|d| Diagnostic {
                    path: format!("{prefix}{}", d.path),
                    message: d.full_message(prefix),
                    related: d.related.as_ref().map(|r| format!("{prefix}{r}")),
                    ..d.clone()
                })
                .collect();
            out = serde_json::to_string_pretty(&shown)?;
            out.push('\n');
        }
        DiagnosticFormat::Github => {
            for d in diagnostics {
                let kind = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let mut message = sanitize_lines(&d.full_message(prefix));
                if let Some(help) = &d.help {
                    let _ = write!(message, "\n{}", sanitize_lines(help));
                }
                let _ = writeln!(
                    out,
                    "::{kind} file={},line={},col={},title=rankdown {}::{}",
                    github_escape_property(&sanitize(&format!("{prefix}{}", d.path))),
                    d.line,
                    d.column,
                    d.code,
                    github_escape_data(&message)
                );
            }
        }
    }
    Ok(out)
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

fn render_frame(
    d: &Diagnostic,
    sources: &dyn SourceText,
    prefix: &str,
    renderer: &Renderer,
) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = sanitize_lines(&d.full_message(prefix));
    let path = sanitize(&format!("{prefix}{}", d.path));
    let line = sources
        .text(&d.path)
        .and_then(|text| text.lines().nth(d.line.saturating_sub(1) as usize));
    let help = d.help.as_deref().map(sanitize_lines);
    let mut group = Group::with_title(level.primary_title(message.as_str()).id(d.code));
    if let Some(line) = line {
        // The caret spans the same characters after escaping: measure the
        // escaped text before and inside the span.
        let start = char_to_byte(line, d.column.saturating_sub(1) as usize);
        let end = char_to_byte(line, (d.column.saturating_sub(1) + d.width) as usize).max(start);
        let before = sanitize(&line[..start]);
        let inside = sanitize(&line[start..end]);
        let line_text = format!("{before}{inside}{}", sanitize(&line[end..]));
        let (start, end) = (before.len(), before.len() + inside.len());
        group = group.element(
            Snippet::source(line_text.as_str())
                .line_start(d.line as usize)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(start..end)),
        );
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        renderer.render(&[group])
    } else {
        let located = format!("{path}:{}:{}", d.line, d.column);
        let mut report = vec![group.element(Level::NOTE.message(located.as_str()))];
        if let Some(help) = &help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        renderer.render(&report)
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

fn github_escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_escape_property(text: &str) -> String {
    github_escape_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{Diagnostic, DiagnosticFormat, Pos, SourceText, render};

    struct One(&'static str);
    impl SourceText for One {
        fn text(&self, _: &str) -> Option<&str> {
            Some(self.0)
        }
    }

    fn sample() -> Diagnostic {
        Diagnostic::error(
            "unknown-field",
            "items/a.md",
            Pos::new(3, 1).wide(5),
            "unknown field 'gaols'",
        )
        .with_help("did you mean 'goals'?")
    }

    #[test]
    fn short_form_is_path_line_col() {
        let out =
            render(&[sample()], DiagnosticFormat::Short, &One(""), "sb/", false).expect("renders");
        assert_eq!(
            out,
            "sb/items/a.md:3:1: error: unknown field 'gaols' (did you mean 'goals'?)\n"
        );
    }

    #[test]
    fn human_form_draws_a_frame_with_caret() {
        let text = "---\ntitle: x\ngaols: [a]\n---\n";
        let out =
            render(&[sample()], DiagnosticFormat::Human, &One(text), "", false).expect("renders");
        assert!(
            out.contains("error[unknown-field]: unknown field 'gaols'"),
            "{out}"
        );
        assert!(out.contains("items/a.md:3:1"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("did you mean 'goals'?"), "{out}");
        assert!(out.ends_with("1 error\n"), "{out}");
    }

    #[test]
    fn github_form_escapes_properties_and_newlines() {
        let out =
            render(&[sample()], DiagnosticFormat::Github, &One(""), "", false).expect("renders");
        assert_eq!(
            out,
            "::error file=items/a.md,line=3,col=1,title=rankdown unknown-field::unknown field 'gaols'%0Adid you mean 'goals'?\n"
        );
    }

    #[test]
    fn control_characters_show_escaped_in_every_text_form() {
        let d = Diagnostic::error(
            "bad",
            "items/\u{1b}]52;c;eA==\u{7}.md",
            Pos::new(1, 8).wide(3),
            "title \u{202e}txt.exe",
        )
        .with_help("see \u{1b}[2J");
        let text = "title: \u{1b}[31mred\n";
        for format in [
            DiagnosticFormat::Human,
            DiagnosticFormat::Short,
            DiagnosticFormat::Github,
        ] {
            let out =
                render(std::slice::from_ref(&d), format, &One(text), "", false).expect("renders");
            assert!(
                !out.chars()
                    .any(|c| c != '\n' && crate::render::terminal::is_unsafe(c)),
                "{format:?}: {out:?}"
            );
            assert!(
                out.contains("\\u{1b}]52;c;eA==\\u{7}.md"),
                "{format:?}: {out}"
            );
            assert!(out.contains("\\u{202e}"), "{format:?}: {out}");
        }
        // The caret still points at the same characters once escaped.
        let out = render(
            std::slice::from_ref(&d),
            DiagnosticFormat::Human,
            &One(text),
            "",
            false,
        )
        .expect("renders");
        assert!(out.contains("title: \\u{1b}[31mred"), "{out}");
        assert!(out.contains("       ^^^^^^^^"), "{out}");
        // JSON carries the exact text.
        let json = render(&[d], DiagnosticFormat::Json, &One(text), "", false).expect("renders");
        assert!(json.contains("\\u001b]52;c;eA==\\u0007.md"), "{json}");
    }
}

/// The candidate closest to `word` by edit distance (optimal string
/// alignment: a swap of neighbours costs one), if it is close enough to be a
/// likely typo (`gaols` → `goals`).
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod suggest_tests {
    use super::suggest;

    #[test]
    fn suggests_close_words_only() {
        let fields = ["title", "goals", "effort", "depends_on"];
        assert_eq!(suggest("gaols", fields).as_deref(), Some("goals"));
        assert_eq!(suggest("efort", fields).as_deref(), Some("effort"));
        assert_eq!(suggest("depends-on", fields).as_deref(), Some("depends_on"));
        assert_eq!(suggest("owner", fields), None);
    }
}
