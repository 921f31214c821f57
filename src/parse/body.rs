//! References in a feedback body, found with pulldown-cmark so that a `[[x]]`
//! in a code span or code block is never taken for one. The block holding a
//! reference (paragraph, list item or block quote) becomes its quote.
//!
//! Inside a quote a `[[id]]` reads as its text (the id, or the label of
//! `[[id|label]]`) where the sentence goes on after it ("the app can't
//! offline-mode."), so no sentence is left broken; references that only end
//! a block (`"…" [[ci-cache]]`) are tags and are left out.

use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::Target;

/// A reference found in a body, located by byte range within the body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyRef {
    pub target: Target,
    pub start: usize,
    pub end: usize,
    /// Shared by every reference in the same block.
    pub quote: Arc<str>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Body {
    pub references: Vec<BodyRef>,
    /// The first paragraph, as plain text, whole.
    pub summary: String,
}

const QUOTE_LIMIT: usize = 280;

/// Scans a Markdown body. `note_path` (root-relative) anchors relative links;
/// only links into `items_folder` count as references.
pub fn scan(body: &str, note_path: &str, items_folder: &str) -> Body {
    // Metadata blocks stay off: pulldown-cmark would accept a `---` block
    // anywhere and drop its text.
    let options = Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut out = Body::default();
    // The text of the open blocks, as the parser's pieces (borrowed from the
    // body, mostly): a block's text is the tail from where it started, so
    // nested blocks share one list. Only a block that holds a reference, or
    // the first paragraph, is ever joined into a string.
    let mut pieces: Vec<CowStr<'_>> = Vec::new();
    // Open blocks, innermost last: where their text starts and the references they hold.
    let mut blocks: Vec<(usize, Vec<usize>)> = Vec::new();
    // One entry per open link: whether it is a wiki link, whose text is only the id.
    let mut links: Vec<bool> = Vec::new();
    let mut open_wiki_links = 0usize;
    // Wiki-link text since the last other text: it joins the block's text
    // only when more text follows in the block.
    let mut tail: Vec<CowStr<'_>> = Vec::new();
    let mut first_paragraph: Option<String> = None;
    let mut paragraph_depth: Option<usize> = None;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::Heading { .. }
                | Tag::TableCell,
            ) => {
                if matches!(event, Event::Start(Tag::Paragraph))
                    && first_paragraph.is_none()
                    && paragraph_depth.is_none()
                {
                    paragraph_depth = Some(blocks.len());
                }
                tail.clear();
                blocks.push((pieces.len(), Vec::new()));
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::Heading(_)
                | TagEnd::TableCell,
            ) => {
                tail.clear();
                if let Some((start, refs)) = blocks.pop() {
                    let is_first = paragraph_depth == Some(blocks.len())
                        && matches!(event, Event::End(TagEnd::Paragraph));
                    if is_first || !refs.is_empty() {
                        let block = squeezed(&pieces[start..]);
                        if !refs.is_empty() {
                            // One quote per block, shared by its references.
                            let quote: Arc<str> = truncate(&block, QUOTE_LIMIT).into();
                            for index in refs {
                                out.references[index].quote = Arc::clone(&quote);
                            }
                        }
                        if is_first {
                            first_paragraph = Some(block);
                            paragraph_depth = None;
                        }
                    }
                    if blocks.is_empty() {
                        pieces.clear();
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let target = match link_type {
                    LinkType::WikiLink { .. } => Some(Target::Id(dest_url.trim().to_owned())),
                    _ => resolve_link(&dest_url, note_path, items_folder).map(Target::Path),
                };
                let wiki = matches!(target, Some(Target::Id(_)));
                links.push(wiki);
                open_wiki_links += usize::from(wiki);
                if let Some(target) = target {
                    out.references.push(BodyRef {
                        target,
                        start: range.start,
                        end: range.end,
                        quote: Arc::from(""),
                    });
                    if let Some((_, refs)) = blocks.last_mut() {
                        refs.push(out.references.len() - 1);
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                open_wiki_links -= usize::from(links.pop() == Some(true));
            }
            Event::Text(words) | Event::Code(words) if !blocks.is_empty() => {
                if open_wiki_links > 0 || (!tail.is_empty() && words.trim().is_empty()) {
                    tail.push(words);
                } else {
                    pieces.append(&mut tail);
                    pieces.push(words);
                }
            }
            Event::SoftBreak | Event::HardBreak if !blocks.is_empty() => {
                if tail.is_empty() {
                    pieces.push(CowStr::Borrowed(" "));
                } else {
                    tail.push(CowStr::Borrowed(" "));
                }
            }
            _ => {}
        }
    }
    out.summary = first_paragraph.unwrap_or_default();
    out
}

/// `../items/ci-cache.md#why` from `feedback/x/note.md` → `items/ci-cache.md`;
/// `None` for links elsewhere (web pages, goals, anchors).
fn resolve_link(dest: &str, note_path: &str, items_folder: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') {
        return None;
    }
    let dest = dest.split(['#', '?']).next().unwrap_or_default();
    let dest = percent_encoding::percent_decode_str(dest)
        .decode_utf8()
        .ok()?;
    if dest.is_empty() {
        return None;
    }
    let resolved = crate::source::resolve_relative(note_path, &dest)?;
    let prefix = format!("{}/", items_folder.trim_matches('/'));
    let is_item = resolved.starts_with(&prefix)
        && std::path::Path::new(&resolved)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    is_item.then_some(resolved)
}

/// The pieces of a block's text joined, every run of whitespace (also
/// across pieces) squeezed to one space, trimmed of spaces at both ends.
fn squeezed(pieces: &[CowStr<'_>]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        let mut rest: &str = piece;
        while !rest.is_empty() {
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            text.push_str(&rest[..word]);
            rest = &rest[word..];
            let space = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            if space > 0 && !text.ends_with(' ') {
                text.push(' ');
            }
            rest = &rest[space..];
        }
    }
    let trimmed = text.trim_matches(' ');
    if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_owned()
    }
}

/// Cuts text at a word boundary near `limit` characters, marking the cut.
/// Reads at most `limit` characters, however long the text.
pub fn truncate(text: &str, limit: usize) -> String {
    let Some((end, _)) = text.char_indices().nth(limit) else {
        return text.to_owned();
    };
    let mut cut = text[..end].to_owned();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::{resolve_link, scan};
    use crate::model::Target;

    #[test]
    fn a_reference_inside_a_sentence_reads_as_its_text() {
        let body = "I can't work because the app can't [[offline-mode]]. Really.\n\n\
                    Needs [[sync|a sync button]] first. [[ci-cache]]\n[[log-search]]\n\n\
                    - slow logs [[log-search]] [[ci-cache]]\n";
        let found = scan(body, "feedback/a.md", "items");
        let quotes: Vec<&str> = found.references.iter().map(|r| &*r.quote).collect();
        assert_eq!(
            quotes,
            [
                "I can't work because the app can't offline-mode. Really.",
                "Needs a sync button first.",
                "Needs a sync button first.",
                "Needs a sync button first.",
                "slow logs",
                "slow logs",
            ]
        );
        assert_eq!(
            found.summary,
            "I can't work because the app can't offline-mode. Really."
        );
    }

    #[test]
    fn wiki_links_become_references_with_their_block_as_quote() {
        let body = "Intro paragraph.\n\n> \"I wait twenty minutes for CI\" [[ci-cache]]\n\n- slow logs [[log-search]]\n- other\n";
        let found = scan(body, "feedback/a.md", "items");
        assert_eq!(found.references.len(), 2);
        assert_eq!(found.references[0].target, Target::Id("ci-cache".into()));
        assert_eq!(
            &*found.references[0].quote,
            "\"I wait twenty minutes for CI\""
        );
        assert_eq!(
            &body[found.references[0].start..found.references[0].end],
            "[[ci-cache]]"
        );
        assert_eq!(&*found.references[1].quote, "slow logs");
        assert_eq!(found.summary, "Intro paragraph.");
    }

    #[test]
    fn code_is_never_a_reference() {
        let body = "Use `[[not-a-link]]` syntax.\n\n```\n[[also-not]]\n```\n";
        assert!(scan(body, "feedback/a.md", "items").references.is_empty());
    }

    #[test]
    fn markdown_links_to_item_files_are_references() {
        let body = "The [cache](../../items/ci-cache.md#notes) is cold. See [docs](https://x.test/items/a.md).\n";
        let found = scan(body, "feedback/interviews/a.md", "items");
        assert_eq!(found.references.len(), 1);
        assert_eq!(
            found.references[0].target,
            Target::Path("items/ci-cache.md".into())
        );
        assert_eq!(&*found.references[0].quote, "The cache is cold. See docs.");
    }

    #[test]
    fn a_later_dash_block_stays_body_text() {
        let body = "First.\n\n---\ntitle: x\n---\n\nAfter [[a]].\n";
        let found = scan(body, "feedback/a.md", "items");
        assert_eq!(found.references.len(), 1);
    }

    #[test]
    fn links_resolve_relative_to_the_note() {
        assert_eq!(
            resolve_link("../items/a.md", "feedback/n.md", "items").as_deref(),
            Some("items/a.md")
        );
        assert_eq!(
            resolve_link("/items/a.md", "feedback/x/n.md", "items").as_deref(),
            Some("items/a.md")
        );
        assert_eq!(
            resolve_link("../../../items/a.md", "feedback/n.md", "items"),
            None
        );
        assert_eq!(
            resolve_link("../goals/g.md", "feedback/n.md", "items"),
            None
        );
    }
}
