"""Headings without a number: lines that head a stretch of text but number nothing (SPEC.md §1,
"Unnumbered headings").

Schema 1 has no sections for them, but they still end what came before them: a reader of

    关于极端民主化
    　　纠正的方法：
    　　（二）在组织上，厉行集中指导下的民主生活。
    　　5 党的下级机关和党员群众对于上级机关的指示……
    关于非组织观点
    　　甲　少数不服从多数。……

does not read 甲 as an item of 5 or of （二）. Two kinds are recognised, only after the first section:
a Markdown heading line (## 小标题), and, among paragraphs that are mostly indented, a short line that
is not indented, ends without punctuation and is followed by an indented paragraph.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .headings import Heading
from .markers import starts_with_marker

MAX_LENGTH = 25
MIN_INDENTED = 0.7  # the share of the paragraphs around a line that are indented, for it to stand out
AROUND = 3000  # how far around a line its paragraphs are looked at (a compilation changes its ways)
# the lines longer than a heading without a number: paragraphs, indented or not
_INDENTED_PARAGRAPH = re.compile(rf"\n[ \t\u3000]+\S[^\n]{{{MAX_LENGTH}}}")
_FLUSH_PARAGRAPH = re.compile(rf"\n\S[^\n]{{{MAX_LENGTH}}}")
# Each found from the line feed before it (a literal, found fast): a Markdown heading line, and a short
# line that opens with a character (possessive: a long line fails at once) and is followed, past blank
# lines, by an indented paragraph.
_MARKDOWN = re.compile(r"\n(#{1,6}[ \t]+)(?=\S)")
_SHORT = re.compile(rf"\n(\S[^\n]{{0,{MAX_LENGTH - 1}}}+)(?=\n(?:[ \t\u3000\r]*\n)*[ \t\u3000]+\S)")
_CLOSING = frozenset("。，,；;：:！!？?、…—)）】」』”")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def unnumbered_headings(text: str, heads: list[Heading]) -> list[int]:
    """Where each heading without a number starts, in text order, past the first section."""
    if not heads:
        return []
    starts = [h.start for h in heads]
    found: list[int] = []
    if "\n#" in text:
        found += [m.start(1) for m in _MARKDOWN.finditer(text, heads[0].start)
                  if not starts_with_marker(text, m.end())  # (## 第七节 that no list took is text, not a break)
                  and not _holds_heading(heads, starts, m.start(1), _line_end(text, m.start(1)))]
    found += [m.start(1) for m in _SHORT.finditer(text, heads[0].start)
              if (line := m.group(1).rstrip())[-1] not in _CLOSING and _CJK.search(line)
              and not _holds_heading(heads, starts, m.start(1), m.end())
              and _mostly_indented(text, m.start() - AROUND, m.end() + AROUND)]
    return sorted(set(found))


def _mostly_indented(text: str, start: int, end: int) -> bool:
    """Whether most paragraphs between start and end are indented."""
    start = max(0, start)
    indented = len(_INDENTED_PARAGRAPH.findall(text, start, end))
    return indented > 0 and indented >= MIN_INDENTED * (indented + len(_FLUSH_PARAGRAPH.findall(text, start, end)))


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _holds_heading(heads: list[Heading], starts: list[int], i: int, end: int) -> bool:
    """Whether the line i..end holds a heading, or part of one (a numbered line is no break)."""
    k = bisect_right(starts, i)
    return k > 0 and i < heads[k - 1].end or k < len(starts) and starts[k] < end
