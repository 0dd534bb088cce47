"""Lay the cleaned text out as units: a heading (or a summary) and the paragraphs that follow it."""
from __future__ import annotations

import re

from .headings import Heading

# A paragraph is a run of text between line breaks; in collapsed texts a run of full-width spaces
# also separates paragraphs.
_PARAGRAPH = re.compile(r"\S+(?:(?:[ \t]|\u3000(?!\u3000))+\S+)*")
_SUMMARY = re.compile(r"(?:(?:同志们|朋友们|各位代表|同志們|朋友們)[，,]\s*)?(?:总之|總之|综上所述|綜上所述|总而言之|總而言之)")
_SUMMARY_FIRST = frozenset("同朋各总總综綜")

Span = tuple[int, int]
"""A paragraph of body text: (start, end) in cleaned-text offsets."""
Unit = tuple[Heading | Span, list[Span]]
"""What opens a unit (a heading, or a summary paragraph: one that opens with 总之/综上所述 and so
closes the enumeration before it), and the body paragraphs after it."""


def layout(text: str, heads: list[Heading], skip: Span | None,
           soft: frozenset[int] = frozenset()) -> tuple[list[Span], list[Unit]]:
    """The preamble's paragraphs and the units that follow, in document order; `skip` is the
    document title's range, left out.

    Lines joined by a soft break (a wrap of hard-wrapped text) form one paragraph. A summary opens a
    unit only after a heading: a second one in a row, or one in the preamble, has nothing to close.
    """
    preamble: list[Span] = []
    units: list[Unit] = []
    body = preamble
    after_heading = False

    def paragraphs(start: int, end: int) -> None:
        nonlocal body, after_heading
        for span in _paragraphs(text, start, end, soft):
            if after_heading and text[span[0]] in _SUMMARY_FIRST and _SUMMARY.match(text, span[0]):
                body = []
                units.append((span, body))
                after_heading = False
            else:
                body.append(span)

    pos = 0
    if skip is not None and (not heads or skip[1] <= heads[0].start):
        paragraphs(0, skip[0])
        pos = skip[1]
    for h in heads:
        if h.start - pos > 2 or h.start > pos and not text[pos:h.start].isspace():  # often a mere line break
            paragraphs(pos, h.start)
        body = []
        units.append((h, body))
        after_heading = True
        pos = h.end
    paragraphs(pos, len(text))
    return preamble, units


def _paragraphs(text: str, start: int, end: int, soft: frozenset[int]) -> list[Span]:
    if not soft:
        return [m.span() for m in _PARAGRAPH.finditer(text, start, end)]
    out: list[Span] = []
    for m in _PARAGRAPH.finditer(text, start, end):
        if out and _joined(text, out[-1][1], m.start(), soft):
            out[-1] = (out[-1][0], m.end())
        else:
            out.append(m.span())
    return out


def _joined(text: str, a: int, b: int, soft: frozenset[int]) -> bool:
    """Whether the gap a..b is a single soft line break (with white space around it)."""
    gap = text[a:b]
    return gap.count("\n") == 1 and a + gap.index("\n") in soft
