//! `rankdown link NOTE ITEM…`: adds items to a note's `items:` front matter,
//! changing only that field's bytes (see [`crate::edit`]). Like `new`, an
//! explicit request to write a person's file; every other command only reads.

use std::io::Write;

use super::{Cli, Context, Outcome};
use crate::error::Error;
use crate::model::Feedback;
use crate::parse::Bodies;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The feedback note (its path, or its id)
    pub note: String,
    /// The items to link it to (ids of existing items)
    #[arg(required = true, value_name = "ITEM")]
    pub items: Vec<String>,
}

pub fn run(
    cli: &Cli,
    args: &Args,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome, Error> {
    let ctx = Context::load(cli, Bodies::Keep)?;
    if ctx.report(err)? {
        return Ok(Outcome::Findings);
    }
    let note = &ctx.backlog.feedback[super::suggest::find_note(&ctx, &args.note)?];
    for id in &args.items {
        if ctx.backlog.item(id).is_none() {
            return Err(Error::UnknownItem {
                id: id.clone(),
                hint: crate::diagnostic::suggest(
                    id,
                    ctx.backlog.links.items.keys().map(String::as_str),
                ),
            });
        }
    }
    let ids: Vec<&str> = args.items.iter().map(String::as_str).collect();
    let added = add_links(&ctx, note, &ids)?;
    let shown = ctx.shown(&note.path);
    if added.is_empty() {
        writeln!(out, "{shown} already links to every one of them")?;
    } else {
        let added = crate::render::terminal::sanitize(&added.join(", "));
        writeln!(out, "linked {shown} to {added}")?;
    }
    Ok(Outcome::Clean)
}

/// Adds the ids the note's `items:` lacks (each once), writing the file
/// atomically; returns those it added. The edited text is read back and must
/// hold exactly the old links plus the new ones and nothing else changed, or
/// nothing is written.
pub(crate) fn add_links(
    ctx: &Context,
    note: &Feedback,
    ids: &[&str],
) -> Result<Vec<String>, Error> {
    let refuse = |reason: String| Error::CannotLink {
        path: ctx.shown(&note.path),
        reason,
    };
    let mut missing: Vec<&str> = Vec::new();
    for &id in ids {
        if !note.items.iter().any(|i| i.value == id) && !missing.contains(&id) {
            missing.push(id);
        }
    }
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let path = ctx.root.join(&note.path);
    // A note read through a symbolic link is not rewritten: renaming over
    // the link would replace it with a file.
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_file() => {}
        Ok(_) => return Err(refuse("it is not a regular file (a symbolic link?)".into())),
        Err(e) => return Err(Error::io(&path, e)),
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let text = String::from_utf8(bytes).map_err(|_| refuse("it is not UTF-8 text".into()))?;
    let edited = crate::edit::add_items(&text, &missing).map_err(|r| refuse(r.0))?;
    verify(ctx, note, &text, &edited, &missing).map_err(refuse)?;
    crate::files::write_if_changed(&path, &edited)?;
    Ok(missing.into_iter().map(str::to_owned).collect())
}

/// Reads both texts as notes: the edit must add exactly `added` to `items:`
/// and change nothing else the note says.
fn verify(
    ctx: &Context,
    note: &Feedback,
    old: &str,
    new: &str,
    added: &[&str],
) -> Result<(), String> {
    let folder = &ctx.backlog.config.folders.items;
    let read = |text: &str| {
        let mut diagnostics = Vec::new();
        let parsed = crate::parse::feedback(
            &note.path,
            text,
            folder,
            crate::parse::Bodies::Keep,
            &mut diagnostics,
        );
        (parsed, diagnostics.iter().filter(|d| d.is_error()).count())
    };
    let (Some(before), errors_before) = read(old) else {
        return Err("it no longer reads as a feedback note".into());
    };
    let (Some(after), errors_after) = read(new) else {
        return Err("the edited note would not read as a feedback note".into());
    };
    let values = |f: &Feedback| f.items.iter().map(|i| i.value.clone()).collect::<Vec<_>>();
    let mut expected = values(&before);
    expected.extend(added.iter().map(|&id| id.to_owned()));
    let same_rest = before.channel == after.channel
        && before.date.as_ref().map(|d| d.value) == after.date.as_ref().map(|d| d.value)
        && before.from == after.from
        && before.org == after.org
        && before.severity == after.severity
        && before.reference == after.reference
        && before.body == after.body;
    if values(&after) != expected || !same_rest || errors_after > errors_before {
        return Err("its `items:` field is written in a way rankdown cannot edit safely; add the ids by hand".into());
    }
    Ok(())
}
