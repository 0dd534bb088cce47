"""Where a heading's title starts and ends, and where its body begins (SPEC.md §1 "Title and body")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .markers import LEAD_MARKUP, Candidate

# What may stand between a marker and its title: spaces, and the comma or colon that follows
# 首先 / 第一篇 / 第一种.
# (and the ** that opens a bold title: 1. **加强领导**：…)
_SEPARATORS = re.compile(r"[ \t\u3000,:.、，：．*]*")
# A title ends at the first of these (FORMAT: 。！？；;), or at the end of its line: a line break, or a
# run of full-width spaces in collapsed text. Half-width ? and ! are not sentence ends in scraped
# text, where they are mostly damage.
_TERMINATORS = "。！？；;"
# (Written to start on one character class, which the engine scans for far faster than an alternation:
# [。！？；;]|\r?\n|\u3000\u3000.)
_TITLE_END = re.compile(r"[。！？；;\n\r\u3000](?:(?<=\r)\n|(?<=\u3000)\u3000|(?<=[。！？；;\n]))")
INLINE_STYLES = ("cn_di", "cn_shi", "sequence")
# A block marker alone on its line, and below it (past blank lines) a short line without a sentence end
# that does not end as a clause does: its title ("（一）\n指导思想\n…", "第一章\n\n总则"). A long line below
# is the body ("一\n\n　　一九五六年…。"), and so is a line that leads into what follows ("…我有下列提议：").
MAX_TITLE_BELOW = 30
_TITLE_BELOW = re.compile(rf"\r?\n(?:[ \t\u3000]*\r?\n)*[ \t\u3000]*([^\s。！？；;][^\r\n。！？；;]{{0,{MAX_TITLE_BELOW - 1}}}"
                          r"(?<![：:，,、]))[ \t\u3000]*(?=\r?\n|\Z)")
_COLON_OR_BRACKET = re.compile(r"[:：“”「」『』《》()（）【】\[\]‘’]")
_OPEN = set("“「『《(（【[‘")
_CLOSE = set("”」』》)）】]’")
# the dot leader and page number of a table-of-contents line: "成立青年事務局........ 18"
_LEADER = re.compile(r"[.．·…‧]{3,}[ \t]*[0-9ivxlcIVXLCⅠ-Ⅻ]*$")
_LEADER_LAST = frozenset(".．·…‧0123456789ivxlcIVXLC" + "".join(map(chr, range(ord("Ⅰ"), ord("Ⅻ") + 1))))
TRAILING = " \t\u3000\r\n,，、:：.．。;；!！?？…—-*"  # (* closing a bold title: **一、总体要求**)
_LEAD_CHARS = " \t\u3000" + LEAD_MARKUP


@dataclass(slots=True)
class Heading:
    """A marker with its title, in cleaned-text offsets."""

    marker: Candidate
    start: int
    """Where the section starts: the marker, or the title for a title line ending in 篇一."""
    title_start: int
    title_end: int
    end: int
    """Where the heading ends and the body begins: after the title and the punctuation that ends it."""
    title: str


def line_start(text: str, i: int) -> int:
    """Offset of the start of the line holding offset i."""
    return text.rfind("\n", 0, i) + 1


def heading(text: str, m: Candidate, limit: int, soft: frozenset[int] = frozenset()) -> Heading:
    """The heading that marker m opens; it cannot run past `limit` (the next marker).

    A heading ends with its line, unless the line break is a wrap of hard-wrapped text (`soft`).
    """
    if m.form.endswith("__trailing"):
        start = line_start(text, m.start)
        return Heading(m, start, start, m.start, m.end, strip_title(text[start:m.start]))
    separators = _SEPARATORS.match(text, m.end)
    title_start = separators.end() if separators else m.end
    stop = end = limit
    found = _TITLE_END.search(text, title_start, limit)
    if found is not None and found.start() == title_start and m.style not in INLINE_STYLES:
        below = _TITLE_BELOW.match(text, title_start, limit)
        if below:
            title_start = below.start(1)
            found = _TITLE_END.search(text, title_start, limit)
    while found is not None:
        at, after = found.span()
        if not (after - 1 in soft  # a wrap of hard-wrapped text, not a line end
                or text[at] == "\u3000" and _letter_spaced(text, title_start, at)
                or text[after - 1] == "\n" and at == title_start
                and m.style in INLINE_STYLES):  # 一是 alone on its line: the title follows
            stop = at
            end = after if text[at] in _TERMINATORS else stop
            break
        found = _TITLE_END.search(text, after, limit)
    if text.find("：", title_start, stop) >= 0 or text.find(":", title_start, stop) >= 0:
        colon = _colon(text, title_start, stop)
        if colon is not None:
            stop, end = colon, colon + 1
    start = _markup_start(text, m.start) if text[m.start - 1:m.start] in _LEAD_CHARS else m.start
    return Heading(m, start, title_start, stop, end, strip_title(text[title_start:stop]))


def _markup_start(text: str, i: int) -> int:
    """Where the markup before the marker at i starts (Markdown, or a glyph such as ■), if only markup
    and indentation stand before it on its line; else i. The markup belongs to the heading, not to a
    paragraph of its own."""
    j = i
    while j > 0 and text[j - 1] in _LEAD_CHARS:
        j -= 1
    if j == i or j > 0 and text[j - 1] != "\n":
        return i
    while j < i and text[j] not in LEAD_MARKUP:
        j += 1
    return j


def _letter_spaced(text: str, start: int, gap: int) -> bool:
    """Whether a run of full-width spaces is letter-spacing inside a short heading (总　　则), not the
    gap after a whole title: only one character stands before it."""
    return len(text[start:gap].strip()) <= 1


def headings(text: str, markers: list[Candidate], soft: frozenset[int] = frozenset()) -> list[Heading]:
    """The heading of every marker; each ends before the next marker starts."""
    ends = [m.start for m in markers[1:]] + [len(text)] * bool(markers)
    out: list[Heading] = []
    for m, limit in zip(markers, ends, strict=True):
        h = heading(text, m, limit, soft)
        if out and h.start < out[-1].end:
            continue  # a trailing 篇N whose line the title before it already runs into (a wrapped title)
        out.append(h)
    return out


def _colon(text: str, start: int, stop: int) -> int | None:
    """Offset of a colon that introduces a body on the same line, outside quotes and brackets."""
    depth = 0
    for m in _COLON_OR_BRACKET.finditer(text, start, stop):
        ch = m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in ":：" and depth == 0 and text[m.end():stop].strip():
            return m.start()
    return None


def strip_title(title: str) -> str:
    """The title without surrounding white space and trailing punctuation, inner line breaks joined."""
    title = title.strip()
    if title[-1:] in _LEADER_LAST:  # the only titles the leader pattern can end
        title = _LEADER.sub("", title)
    title = title.rstrip(TRAILING)
    if "\n" in title:
        title = "".join(part.strip() for part in title.splitlines())
    return title
