"""Views of a parsed Document: an indented outline, Markdown, and retrieval chunks."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .models import Document, Paragraph, Section

# Characters str.splitlines() breaks on; a title rendered on one line must not contain any of them.
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Line starts that Markdown would read as structure (heading, quote, list, rule, fence, HTML block,
# setext underline, table) rather than as the text of a paragraph.
_MD_BLOCK_START = re.compile(r"(?:[#>+*=|<`~_-]|\d+[.)])")
_MD_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_MD_BOLD_SPECIALS = re.compile(r"([\\*_])")
# Markdown has six heading levels: the document title takes '#', so sections reach depth 5 as headings.
_MD_MAX_HEADING = 6


def outline(doc: Document) -> str:
    """An indented tree of the document for reading in a terminal.

    The first line is the document's title (or its source name); then one line per section,
    indented two spaces per level, marker and title as written, with the number of the section's
    own paragraphs in brackets. Exactly one line per section, so the view can be counted and diffed.
    """
    head = doc.title or doc.source.name or "(untitled)"
    lines = [_one_line(head) + _count(doc)]
    for _, sec in doc.sections():
        lines.append("  " * sec.depth + heading_text(sec) + _count(sec))
    return "\n".join(lines) + "\n"


def markdown(doc: Document) -> str:
    """The document as Markdown: title as '#', a depth-d section as d+1 '#'s, bodies as paragraphs.

    Sections deeper than Markdown's six heading levels become bold lines. The marker stays in the
    heading text because it is part of how the source names the section. Body text whose line start
    Markdown would read as structure (a '#' line, a list number, an HTML comment) is escaped, so
    the rendered headings are exactly the document's title and sections.
    """
    blocks: list[str] = []
    if doc.title:
        blocks.append("# " + _one_line(doc.title))
    _markdown_children(doc, blocks)
    return "\n\n".join(blocks) + "\n"


def _markdown_children(node: Document | Section, blocks: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Paragraph):
            blocks.append(_md_paragraph(child.text))
            continue
        text = heading_text(child)
        level = child.depth + 1
        if level <= _MD_MAX_HEADING:
            blocks.append("#" * level + " " + text)
        else:
            blocks.append("**" + _MD_BOLD_SPECIALS.sub(r"\\\1", text) + "**")
        _markdown_children(child, blocks)


def _md_paragraph(text: str) -> str:
    lines = _MD_INDENT.sub("", text).splitlines()
    return "\n".join(_md_escape_start(line) for line in lines)


def _md_escape_start(line: str) -> str:
    # A backslash before ASCII punctuation is always a literal in CommonMark, so escaping the
    # punctuation that would make the line structure is safe even where it was not needed.
    m = _MD_BLOCK_START.match(line)
    if m is None:
        return line
    return line[:m.end() - 1] + "\\" + line[m.end() - 1:]


def chunks(doc: Document) -> Iterator[dict[str, Any]]:
    """Retrieval chunks of the document, in document order, for writing as JSON Lines.

    One chunk per leaf section (a section without subsections), holding its paragraphs; a section
    that has subsections gets a chunk for the paragraphs before its first subsection, and one for
    each later run of its own paragraphs (such as a closing 总之 paragraph), so every paragraph of
    the document is in exactly one chunk. Paragraphs outside any section (the preamble) form chunks
    of depth 0 with an empty path. Each chunk carries its heading path, so a retriever can show
    where a passage sits; `span` points into the source text, and spans never overlap.
    """
    yield from _chunks(doc, doc, ())


def _chunks(doc: Document, node: Document | Section, path: tuple[Section, ...]) -> Iterator[dict[str, Any]]:
    if isinstance(node, Section) and not any(isinstance(c, Section) for c in node.children):
        # A leaf is one chunk even without paragraphs: its heading alone is content.
        yield _chunk(doc, path, [c for c in node.children if isinstance(c, Paragraph)], node.span)
        return
    run: list[Paragraph] = []
    # A section's paragraphs before its first subsection share a chunk with its heading.
    heading_start = node.span[0] if isinstance(node, Section) else None
    for child in node.children:
        if isinstance(child, Paragraph):
            run.append(child)
            continue
        if run:
            start = run[0].span[0] if heading_start is None else heading_start
            yield _chunk(doc, path, run, (start, run[-1].span[1]))
            run = []
        heading_start = None
        yield from _chunks(doc, child, path + (child,))
    if run:
        yield _chunk(doc, path, run, (run[0].span[0], run[-1].span[1]))


def _chunk(doc: Document, path: tuple[Section, ...], paragraphs: list[Paragraph], span: tuple[int, int]
           ) -> dict[str, Any]:
    """One chunk: `paragraphs` under the last section of `path` (none: the document itself)."""
    sec = path[-1] if path else None
    return {
        "doc": doc.source.name,
        "path": [s.title for s in path],
        "markers": [s.marker for s in path],
        "style": sec.style if sec else None,
        "number": sec.number if sec else None,
        "depth": sec.depth if sec else 0,
        "title": sec.title if sec else doc.title,
        "text": "\n".join(p.text for p in paragraphs),
        "span": list(span),
    }


def heading_text(sec: Section) -> str:
    """A section's marker and title on one line, as a reader would name it ("一、总则", "第一章 总则").

    A space separates marker and title unless the marker ends in punctuation (一、 （一） 1.),
    where the source itself runs them together.
    """
    marker, title = _one_line(sec.marker), _one_line(sec.title)
    if not title:
        return marker
    if marker and not unicodedata.category(marker[-1]).startswith("P"):
        return f"{marker} {title}"
    return marker + title


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text)


def _count(node: Document | Section) -> str:
    n = sum(isinstance(c, Paragraph) for c in node.children)
    return f"  [{n}¶]" if n else ""
