"""Lay the cleaned text out as a sequence of headings and paragraphs, in document order."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import Heading

# A paragraph is a run of text between line breaks; in collapsed texts a run of full-width spaces
# also separates paragraphs.
_PARAGRAPH = re.compile(r"\S+(?:(?:[ \t]|\u3000(?!\u3000))+\S+)*")
_SUMMARY = re.compile(r"(?:(?:同志们|朋友们|各位代表|同志們|朋友們)[，,]\s*)?(?:总之|總之|综上所述|綜上所述|总而言之|總而言之)")


@dataclass(slots=True)
class Para:
    """A paragraph of body text, in cleaned-text offsets."""

    start: int
    end: int
    summary: bool = False
    """It opens with 总之/综上所述, so it closes the enumeration before it."""


def layout(text: str, heads: list[Heading], skip: tuple[int, int] | None,
           soft: frozenset[int] = frozenset()) -> list[Heading | Para]:
    """Headings and the paragraphs between them; `skip` is the document title's range, left out.

    Lines joined by a soft break (a wrap of hard-wrapped text) form one paragraph.
    """
    items: list[Heading | Para] = []
    pos = 0
    if skip is not None and (not heads or skip[1] <= heads[0].start):
        items.extend(_paragraphs(text, 0, skip[0], soft))
        pos = skip[1]
    for h in heads:
        items.extend(_paragraphs(text, pos, h.start, soft))
        items.append(h)
        pos = h.end
    items.extend(_paragraphs(text, pos, len(text), soft))
    return items


def _paragraphs(text: str, start: int, end: int, soft: frozenset[int]) -> list[Para]:
    out: list[Para] = []
    for m in _PARAGRAPH.finditer(text, start, end):
        if out and soft and _joined(text, out[-1].end, m.start(), soft):
            out[-1].end = m.end()
        else:
            out.append(Para(m.start(), m.end(), _SUMMARY.match(text, m.start()) is not None))
    return out


def _joined(text: str, a: int, b: int, soft: frozenset[int]) -> bool:
    """Whether the gap a..b is a single soft line break (with white space around it)."""
    gap = text[a:b]
    return gap.count("\n") == 1 and a + gap.index("\n") in soft
