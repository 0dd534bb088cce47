"""Headings that run straight into their body where line breaks were lost (SPEC.md §1, collapsed text).

Only headings that start mid-line (the text around them is collapsed) or hold a gap are considered.

"一、注重思想和观念创新,树立机关工作新理念党政机关工作不但繁杂,…。" reads as heading
"注重思想和观念创新,树立机关工作新理念" and body "党政机关工作不但繁杂…". Nothing marks the boundary, so it
is split only on evidence, and the earliest evidence wins:
  - a space between two runs of characters (the lost line break left a gap);
  - the body opening with the word the title opened with ("XX区…存在的一些问题XX区作为…");
  - a word of three or four characters that opens the bodies of two or more sibling headings at about the
    same place ("工作内容政府部门…", "工作效果政府部门…");
  - a sentence opener that cannot continue a heading ("…面临问题的分析虽然…", "…实处在干部队伍作风建设中，");
  - for a sibling with no evidence of its own, the length its parallel siblings' titles share.
A long run-on title with no evidence is kept whole and flagged with a warning.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .headings import Heading, strip_title
from .markers import LINE

# The list levels of essays and reports; an article's title is its first sentence by definition, and
# parts, chapters and inline items are bounded by the markers after them.
LIST_STYLES = ("cn_formal", "cn_dun", "cn_paren", "arabic", "decimal", "arabic_paren", "arabic_half_paren",
               "circled", "cn_stem")
MIN_ARTICLES = 3
RUNON = 24          # a title this long, with body text after it on its line, may be run-on
MIN_TITLE = 4
UNCERTAIN = 40      # a run-on title this long with no evidence gets a warning
MAX_PARALLEL = 30   # sibling titles cut at a shared body opener are at most this long
_CJK = re.compile(r"[\u4e00-\u9fff]")
_GAP = re.compile(r"(?<=[\u4e00-\u9fff”》）)])[ \u3000]+(?=[\u4e00-\u9fff“《（(])")
_OPENER = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:虽然|雖然|尽管|儘管|为切实|[為爲]切實|为了|[為爲]了|为此|[為爲]此|为进一步|[為爲]進一步|随着|隨著|隨着"
    r"|近年来|近年來|近几年来|近幾年來|长期以来|長期以來|多年来|多年來|我们|我們|我多次|对此|對此|由于|由於|然而"
    r"|在[\u4e00-\u9fff“”「」]{1,15}(?:中|上|下|里|裏|裡|方面)[，,])")
# a word that follows these is inside a phrase, not at the start of a body
_BOUND = set("的之和与與及或、，,“「")
# nor does a title's opening word come back as the body's subject after a preposition or conjunction
_BOUND_RECURRENCE = _BOUND | set("对對在于於向从從由为為爲把被将將以同按依据據者")
# nor does a body open with a particle
_PARTICLES = set("的了之和与與及等或是着著过過")
_OPEN_QUOTE = "“「《（("


@dataclass(slots=True)
class Split:
    """A run-on heading and where its title ends (an offset in the cleaned text), if known."""

    heading: Heading
    at: int | None = None


def split_runons(text: str, heads: list[Heading]) -> tuple[list[Heading], list[Heading]]:
    """Headings with run-on titles cut where the body begins, and the headings still left uncertain."""
    if sum(1 for h in heads if h.marker.style == "article") >= MIN_ARTICLES:
        return heads, []  # a regulation: every title is its item's first sentence or clause
    runons = [Split(h) for h in heads if _is_runon(text, h)]
    for s in runons:
        s.at = _earliest(text, s.heading)
    _shared_openers(text, runons)
    _parallel_lengths(text, runons)
    uncertain = []
    for s in runons:
        h = s.heading
        if s.at is not None:
            h.title_end = h.end = s.at
            h.title = strip_title(text[h.title_start:s.at])
        elif h.title_end - h.title_start > UNCERTAIN:
            uncertain.append(h)
    return heads, uncertain


def _is_runon(text: str, h: Heading) -> bool:
    """A long title of a block heading that starts mid-line (or holds a gap), with body after it."""
    if h.marker.style not in LIST_STYLES or h.title_end - h.title_start <= RUNON:
        return False
    if text[h.marker.end - 1] in ",，":  # 一，…；二，…: an inline enumeration
        return False
    if h.marker.context == LINE and not _GAP.search(text, h.title_start, h.title_end):
        return False
    if "\n" in text[h.title_start:h.title_end]:
        return False
    rest = text[h.end:text.find("\n", h.end) if "\n" in text[h.end:h.end + 400] else h.end + 400]
    return _CJK.search(rest) is not None


def _earliest(text: str, h: Heading) -> int | None:
    """The first place the evidence of this heading alone says its body starts."""
    start, end = h.title_start + MIN_TITLE, h.title_end
    found = [m.start() for m in (_GAP.search(text, start, end), _OPENER.search(text, start, end)) if m]
    found += [i for i in (_recurrence(text, h),) if i is not None]
    return min(found) if found else None


def _recurrence(text: str, h: Heading) -> int | None:
    """Where the body opens with the word the title opened with ("XX区…问题XX区作为…")."""
    opening = text[h.title_start:h.title_start + 3]
    if not all(_CJK.match(c) or c.isalnum() for c in opening):
        return None
    i = text.find(opening, h.title_start + MIN_TITLE + 2, h.title_end)
    while i != -1:
        if text[i - 1] not in _BOUND_RECURRENCE and _CJK.match(text, i - 1):
            return i
        i = text.find(opening, i + 1, h.title_end)
    return None


def _siblings(runons: list[Split]) -> list[list[Split]]:
    """Run-on headings grouped by list: the same style, numbered on from each other."""
    groups: list[list[Split]] = []
    for s in runons:
        m = s.heading.marker
        group = next((g for g in reversed(groups) if g[-1].heading.marker.style == m.style
                      and g[-1].heading.marker.number < m.number <= g[-1].heading.marker.number + 2), None)
        if group is None:
            groups.append([s])
        else:
            group.append(s)
    return [g for g in groups if len(g) >= 2]


def _shared_openers(text: str, runons: list[Split]) -> None:
    """Cut siblings where a word opens two or more of their bodies, unless their own evidence is earlier.

    The word has three or four characters, does not start with a particle, stands at about the same
    place in each sibling (parallel titles are about one length) and starts the text the siblings
    share there (the characters before it differ). Titles that end alike
    ("…方面，将采取哪些举措") are parallel all the way and are left whole.
    """
    for group in _siblings(runons):
        firsts = [_first_words(text, s.heading) for s in group]
        counts = Counter(w for seen in firsts for w in seen)
        candidates = []
        for w, c in counts.items():
            offsets = [seen[w] - s.heading.title_start for s, seen in zip(group, firsts) if w in seen]
            before = {text[seen[w] - 1] for seen in firsts if w in seen}
            if (c >= 2 and max(offsets) - min(offsets) <= 1 and len(before) > 1
                    and not _end_alike(text, group, firsts, w)):
                candidates.append((c, min(offsets), w))
        words = {w for _, _, w in candidates}
        candidates = [c for c in candidates if not any(c[2] != w and c[2] in w for w in words)]
        if not candidates:
            continue
        best = max(candidates)[2]
        for s, seen in zip(group, firsts):
            if best in seen and (s.at is None or seen[best] < s.at):
                s.at = seen[best]


def _first_words(text: str, h: Heading) -> dict[str, int]:
    """Where each word of three or four characters first occurs in the title, past its first characters."""
    seen: dict[str, int] = {}
    for i in range(h.title_start + MIN_TITLE, min(h.title_end, h.title_start + MAX_PARALLEL)):
        if text[i - 1] in _BOUND or text[i] in _PARTICLES:
            continue
        for n in (4, 3):
            w = text[i:i + n]
            if len(w) == n and all(_CJK.match(c) for c in w) and w not in text[h.title_start:i]:
                seen.setdefault(w, i)
    return seen


def _end_alike(text: str, group: list[Split], firsts: list[dict[str, int]], w: str) -> bool:
    """Whether the siblings' texts after word w end alike (their titles are parallel throughout)."""
    ends = [text[seen[w]:s.heading.title_end] for s, seen in zip(group, firsts) if w in seen]
    return len(ends) >= 2 and all(e[-3:] == ends[0][-3:] for e in ends)


def _parallel_lengths(text: str, runons: list[Split]) -> None:
    """A sibling with no evidence takes the title length its siblings share, where a quote opens there."""
    for group in _siblings(runons):
        lengths = Counter(s.at - s.heading.title_start for s in group if s.at is not None)
        if not lengths:
            continue
        length, votes = lengths.most_common(1)[0]
        if votes < 2:
            continue
        for s in group:
            i = s.heading.title_start + length
            if s.at is None and i < s.heading.title_end and text[i] in _OPEN_QUOTE and _CJK.match(text, i - 1):
                s.at = i
