"""Lay the cleaned text out as units: a heading (or a summary) and the paragraphs that follow it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .headings import Heading
from .meta import AUDIENCE

# A paragraph is a run of text between line breaks; in collapsed texts a run of full-width spaces
# also separates paragraphs.
_PARAGRAPH = re.compile(r"\S++(?:(?:[ \t]|\u3000(?!\u3000))++\S++)*+")  # possessive: nothing to backtrack into
_SUMMARY = re.compile(rf"(?:(?:{AUDIENCE})[，,]\s*)?(?:总之|總之|综上所述|綜上所述|总而言之|總而言之)")
# A salutation standing as a paragraph of its own (女士们、先生们、朋友们！ 同志们！ 各位代表：): in a speech
# it turns to a new part.
_SALUTATION = re.compile(rf"(?:{AUDIENCE})(?:[、，,]\s*(?:{AUDIENCE}))*\s*[！!：:]")
# what each pattern can open with: a quick test before the pattern
_SALUTATION_FIRST = frozenset(word[0] for word in AUDIENCE.split("|"))
_SUMMARY_FIRST = _SALUTATION_FIRST | frozenset("总總综綜")

Span = tuple[int, int]
"""A paragraph of body text: (start, end) in cleaned-text offsets."""


@dataclass(slots=True)
class Layout:
    """The text as paragraphs and the units they fall into.

    A unit opens with a lead: a heading, a summary paragraph (one that opens with 总之/综上所述 and
    so closes the enumeration before it), or a heading without a number (unnumbered.py), whose start
    is in `unnumbered`. The body paragraphs of lead k are
    paragraphs[firsts[k]:firsts[k + 1]]; those before the first lead are the preamble. (Flat lists
    rather than a list per unit: a marker-dense text has tens of thousands of units.)
    """

    paragraphs: list[Span] = field(default_factory=list)
    leads: list[Heading | Span] = field(default_factory=list)
    firsts: list[int] = field(default_factory=list)
    unnumbered: frozenset[int] = frozenset()


def layout(text: str, heads: list[Heading], levels: list[int], skip: Span | None,
           soft: frozenset[int] = frozenset(), unnumbered: frozenset[int] = frozenset()) -> Layout:
    """The paragraphs and the units of the text, in document order; `levels` are the headings' levels,
    `skip` is the document title's range, left out, and `unnumbered` where headings without a number
    start (each opens a unit of its own).

    Lines joined by a soft break (a wrap of hard-wrapped text) form one paragraph. A summary opens a
    unit only after a heading: a second one in a row, or one in the preamble, has nothing to close.
    A salutation on its own is a summary too where it stands between the last item of a list and a
    new list at a deeper level (…第四，…。女士们、先生们！…一是…): the speech turned to a new part, so
    the new list is not nested in the last item of the finished one. So is the paragraph after a list
    whose last item ends its sentence on its line, where the items were clauses of that sentence or ran
    within one paragraph (一、…；／二、…；／三、…。 or …表现在：一，…；二，…；三，…。): what follows is
    the parent's, not the last clause's.
    """
    out = Layout(unnumbered=unnumbered)
    after_heading = False

    def paragraphs(start: int, end: int, following: int) -> None:
        nonlocal after_heading
        clause_end = -1
        if after_heading and not _list_goes_on(heads, levels, following):
            clause_end = _clause_list_end(text, heads, levels, following - 1, end)
        for span in _paragraphs(text, start, end, soft):
            first = text[span[0]]
            after_clauses = False
            if 0 <= clause_end < span[0]:  # the first paragraph past the line of a list's last clause
                after_clauses, clause_end = text[clause_end:span[0]].isspace(), -1
            if span[0] in unnumbered or after_heading and (
                    after_clauses
                    or first in _SUMMARY_FIRST and _SUMMARY.match(text, span[0])
                    or first in _SALUTATION_FIRST and _SALUTATION.fullmatch(text, *span)
                    and _turns_to_new_list(heads, levels, following)):
                out.leads.append(span)
                out.firsts.append(len(out.paragraphs))
                after_heading = False
            else:
                out.paragraphs.append(span)

    pos = 0
    if skip is not None and (not heads or skip[1] <= heads[0].start):
        paragraphs(0, skip[0], 0)
        pos = skip[1]
    for k, h in enumerate(heads):
        if h.start - pos > 2 or h.start > pos and not text[pos:h.start].isspace():  # often a mere line break
            paragraphs(pos, h.start, k)
        out.leads.append(h)
        out.firsts.append(len(out.paragraphs))
        after_heading = True
        pos = h.end
    paragraphs(pos, len(text), len(heads))
    return out


def _turns_to_new_list(heads: list[Heading], levels: list[int], k: int) -> bool:
    """Whether heading k starts a new list (at 1) deeper than heading k - 1, whose list never goes on:
    the next heading of its level, if one comes before its parent's list goes on, starts a list afresh."""
    if not 0 < k < len(heads) or heads[k].marker.number != 1 or levels[k] <= levels[k - 1]:
        return False
    level = levels[k - 1]
    after = next((j for j in range(k + 1, len(levels)) if levels[j] <= level), None)
    return after is None or levels[after] < level or heads[after].marker.number == 1


def _list_goes_on(heads: list[Heading], levels: list[int], k: int) -> bool:
    """Whether heading k is the next item of the list of heading k - 1."""
    return 0 < k < len(heads) and levels[k] == levels[k - 1] and heads[k].marker.number == heads[k - 1].marker.number + 1


def _clause_list_end(text: str, heads: list[Heading], levels: list[int], last: int, limit: int) -> int:
    """Where the line of heading `last` ends (before `limit`), if that line ends the sentence (。) that
    its list, from the first item on, makes up: each item before it ends in ； on its own line, or runs
    on in the same line as the next. Else -1. (The caller has seen that the list does not go on.)"""
    if not 0 < last < len(heads) or heads[last].marker.number < 2:
        return -1
    line_end = text.find("\n", heads[last].end, limit)
    if line_end < 0 or not _line_ends_with(text, heads[last].start, line_end, "。"):
        return -1
    for j in range(last - 1, -1, -1):
        if not _list_goes_on(heads, levels, j + 1):
            return -1
        start, end = heads[j].start, heads[j + 1].start
        item_end = text.find("\n", start, end)
        if item_end >= 0 and not (_line_ends_with(text, start, item_end, ("；", ";")) and text[item_end:end].isspace()):
            return -1
        if heads[j].marker.number == 1:
            return line_end
    return -1


def _line_ends_with(text: str, start: int, end: int, marks: str | tuple[str, ...]) -> bool:
    """Whether text[start:end], trailing spaces left out, ends with one of `marks` (looking at its end only)."""
    return text[max(start, end - 8):end].rstrip().endswith(marks)


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
