"""What every reader produces: the text a document shows, and a map from that text back to its file."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

from ..cleaned import Cut

Format = Literal["text", "markdown", "docx", "html", "pdf"]
Unit = Literal["page", "block"]


@dataclass(frozen=True, slots=True)
class HeadingHint:
    """A line the file marks as a heading (a Word Heading style or outline level, an HTML <h1>–<h6>):
    evidence for the pipeline, which still reads the numbering from the text."""

    start: int
    """Offset of the line's first character in the shown text."""
    level: int
    """Outline level, 1 = most senior (Heading 1, <h1>)."""


@dataclass(frozen=True, slots=True)
class Shown:
    """The text a document shows a reader, in reading order, and where each part of it came from.

    Every span of the parsed document indexes `text`, which `cnoutline text FILE` prints. For a text
    file it is the decoded file; for Word, HTML and PDF it is what the reader builds: one line per
    paragraph or block element, Word's automatic numbers written in as Word draws them.
    """

    text: str
    format: Format
    encoding: str | None = None
    """How the bytes of a text format were decoded (utf-8, gb18030, …); None for container formats."""
    unit: Unit | None = None
    """What `starts` and `numbers` locate: PDF pages, or Word / HTML blocks (paragraphs, elements)."""
    starts: tuple[int, ...] = ()
    """Offset in `text` where each unit's text starts, ascending."""
    numbers: tuple[int, ...] = ()
    """The number of each unit, parallel to `starts`: the 1-based page, or the 0-based index of the
    block in the file (a Word body paragraph counted among all of them, an HTML block element)."""
    cuts: tuple[Cut, ...] = ()
    """Stretches the file itself marks as not content (a PDF's running headers and page numbers, a
    Word table of contents), in text order: cut from the tree like noise, whether or not the noise
    rules run, and listed in `removed` with their reason."""
    headings: tuple[HeadingHint, ...] = ()
    """Lines the file marks as headings, in text order."""
    meta: dict[str, str | None] = field(default_factory=dict)
    """What the file states about the document outside its text (Word core properties, a web page's
    information table, PDF metadata): title, author, org, date (ISO 8601), doc_number. Fallbacks:
    what the text itself states wins."""
    warnings: tuple[str, ...] = ()
    """One-line notes about what the reader could not render exactly (an unknown number format)."""

    def locate(self, offset: int) -> int | None:
        """The number of the unit holding `offset` of the text (None where the format has no units)."""
        if not self.starts:
            return None
        k = bisect_right(self.starts, offset) - 1
        return self.numbers[max(k, 0)]
