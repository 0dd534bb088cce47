"""Numbering markers: find candidates with the grammar's terminals, keep the ones that form sequences."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from .grammars import marker_terminals
from .numerals import to_int

# Where a marker may start. LINE: at a line start (after indentation or Markdown markup) or after a
# run of full-width spaces or a no-break space, which collapsed texts use as paragraph breaks; SENTENCE: after a sentence
# end (or the closing bracket of a remark such as （…负责）, which ends paragraphs in collapsed 公文);
# COMMA: after a comma or an opening bracket, for inline styles only; NONE: anywhere, which only a
# bracketed list item continuing its list, or the lost first item of a list, may use.
LINE, SENTENCE, COMMA, NONE = 3, 2, 1, 0
# The forms that may stand with no context at all, and how far back a lost first item may be.
CONTEXT_FREE = ("CN_PAREN", "ARABIC_PAREN", "CN_SHI", "CN_DI", "CN_DUN")
CONTINUES_WITHOUT_CONTEXT = ("cn_paren", "arabic_paren")
BACKFILL_WINDOW = 1000

INLINE = ("cn_di", "cn_shi", "sequence")
BLOCK_LINE_ONLY = ("attachment", "part")
SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 4, "最後": 4}
# A marker number may skip this many values and still continue a list (with a warning).
MAX_GAP = 2


@dataclass(slots=True)
class Candidate:
    """A place where a marker could start, in cleaned-text offsets."""

    style: str
    number: int
    start: int
    end: int
    context: int
    form: str
    """The terminal that matched: the style, or style__VARIANT (e.g. cn_dun__bare)."""
    parts: int = 1
    """For decimal markers, how many dotted parts (1.2.3 has 3)."""
    gap: int = 0
    """How many numbers were skipped before this one in its list."""


@cache
def scanner() -> re.Pattern[str]:
    """One compiled pattern: a context prefix, then every marker terminal as a named group."""
    alternatives = [f"(?P<{name}>{pattern})" for name, pattern in marker_terminals() if "__TRAILING" not in name]
    prefix = (r"(?:(?P<line>^[ \t\u3000#*>]*)|(?<=\u3000\u3000)|(?<=\xa0)|(?P<sentence>(?<=[。!?;:)”」])[ \t\u3000]*)"
              r"|(?P<comma>(?<=[,(])[ \t\u3000]*))")
    return re.compile(prefix + "(?:" + "|".join(alternatives) + ")", re.M)


@cache
def context_free_scanner() -> re.Pattern[str]:
    """The forms that may appear with no context (see NONE), not preceded by 第 (第（三）项 is a reference)."""
    alternatives = [f"(?P<{name}>{pattern})" for name, pattern in marker_terminals() if name in CONTEXT_FREE]
    return re.compile("(?<!第)(?:" + "|".join(alternatives) + r")(?=[ \t\u3000]*[\u4e00-\u9fff\w“「])")


_NUM = re.compile(r"[0-9]+|[〇零○一二两兩三四五六七八九十百千壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟]+|[甲乙丙丁戊己庚辛壬癸]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _number(style: str, text: str) -> tuple[int, int] | None:
    """(number, parts) of a marker's text."""
    if style == "sequence":
        return SEQUENCE_WORDS[text], 1
    if style == "circled":
        return _CIRCLED.index(text) + 1, 1
    if style == "decimal":
        parts = text.split(".")
        return int(parts[-1]), len(parts)
    found = _NUM.search(text.removeprefix("第") if style == "part" else text)
    if found is None:
        return None
    value = to_int(found.group())
    return (value, 1) if value is not None else None


@cache
def trailing_scanner() -> re.Pattern[str]:
    """Markers that end a short line instead of starting one (a title line ending in 篇一)."""
    alternatives = [f"(?P<{name}>{pattern})" for name, pattern in marker_terminals() if "__TRAILING" in name]
    return re.compile(r"(?<=[^\s])(?:" + "|".join(alternatives) + ")", re.M)


MAX_TRAILING_TITLE = 40


def scan(view: str) -> list[Candidate]:
    """Every marker candidate in the matching view, with the context it starts in."""
    out = _scan_with_context(view)
    for m in trailing_scanner().finditer(view):
        name = m.lastgroup
        assert name is not None
        got = _number(name.lower().split("__")[0], m.group())
        if got and m.start() - (view.rfind("\n", 0, m.start()) + 1) <= MAX_TRAILING_TITLE:
            out.append(Candidate("part", got[0], m.start(), m.end(), LINE, name.lower(), 1))
    taken = {c.start for c in out}
    for m in context_free_scanner().finditer(view):
        name = m.lastgroup
        assert name is not None
        if m.start() in taken:
            continue
        style = name.lower()
        got = _number(style, m.group())
        if got is not None and got[0] > 0:
            out.append(Candidate(style, got[0], m.start(), m.end(), NONE, style, got[1]))
    out.sort(key=lambda c: c.start)
    return out


def _context(m: re.Match[str]) -> int:
    for group, context in (("sentence", SENTENCE), ("comma", COMMA)):
        prefix = m.group(group)
        if prefix is not None:
            return LINE if "\u3000\u3000" in prefix else context
    return LINE


def _scan_with_context(view: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in scanner().finditer(view):
        name = m.lastgroup
        assert name is not None
        if name in ("line", "sentence", "comma"):  # pragma: no cover - a prefix group cannot be last
            continue
        form = name.lower()
        style = form.split("__")[0]
        context = _context(m)
        if context == COMMA and style not in INLINE:
            continue
        if context != LINE and (style in BLOCK_LINE_ONLY or form.endswith("__bare")):
            continue
        got = _number(style, m.group(name))
        if got is None or got[0] <= 0:
            continue
        out.append(Candidate(style, got[0], m.start(name), m.end(name), context, form, got[1]))
    return out


@dataclass(slots=True)
class _Chain:
    key: str
    items: list[Candidate]

    @property
    def last(self) -> Candidate:
        return self.items[-1]


def _key(c: Candidate) -> str:
    """Candidates that can continue each other's list share a key."""
    if c.style == "decimal":
        return f"decimal{c.parts}"
    if c.style == "cn_shi":
        return "cn_shi" + c.form[-1:]  # 一是 and 一要 lists are separate lists
    if c.style == "cn_di":
        return "cn_di" + ("种" if c.form.endswith("种:") else "")
    if c.form.endswith("__bare"):
        return c.form
    return c.style


_SINGLE_OK = ("part", "attachment", "chapter", "section", "article", "cn_formal")


def _accepted(chain: _Chain) -> bool:
    """A list is real if it has two items; a lone item only where it heads a line and looks like one."""
    if len(chain.items) >= 2:
        return any(c.context != NONE for c in chain.items)
    first = chain.items[0]
    if first.style in INLINE or first.form.endswith("__bare") or first.context != LINE:
        return False
    return first.number == 1 or first.style in _SINGLE_OK


def select(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates that are real markers: those that form numbered sequences.

    Block styles are read first; their lists may run on across sections (（四） under 二、 after
    （三） under 一、). Inline lists (一是, 第一，, 首先) are read next, senior styles first, and a list
    never continues across a marker of a more senior style.
    """
    text_order = sorted(candidates, key=lambda c: c.start)
    accepted: list[Candidate] = []
    block = [c for c in text_order if c.style not in INLINE and c.style != "sequence"]
    accepted.extend(_chains(block, breaks=None))
    for style in INLINE:
        accepted.sort(key=lambda c: c.start)
        mine = [c for c in text_order if c.style == style]
        accepted.extend(_chains(mine, breaks=[c.start for c in accepted]))
    accepted.sort(key=lambda c: c.start)
    return _drop_overlaps(accepted)


def _chains(cands: list[Candidate], breaks: list[int] | None) -> list[Candidate]:
    """Group candidates into numbered lists and return the members of lists that are real."""
    chains: list[_Chain] = []
    current: dict[str, _Chain] = {}
    loose: list[Candidate] = []
    for c in cands:
        key = _key(c)
        cur = current.get(key)
        broken = cur is not None and _between(breaks, cur.last.start, c.start)
        if c.context == NONE:
            if (cur is not None and not broken and c.style in CONTINUES_WITHOUT_CONTEXT
                    and c.number == cur.last.number + 1):
                cur.items.append(c)
            elif c.number == 1:
                loose.append(c)
            continue
        if c.style == "sequence":
            if c.number == 1:
                current[key] = _start(chains, key, c)
            elif cur is not None and not broken and cur.last.number != 4 and c.number >= cur.last.number:
                c.number = len(cur.items) + 1
                cur.items.append(c)
            continue
        if cur is not None and not broken and c.number == cur.last.number + 1:
            cur.items.append(c)
            continue
        if c.number != 1 and breaks is None:
            # a list that runs on after other sections, e.g. （四） under 二、
            runs_on = next((ch for ch in reversed(chains) if ch.key == key and ch.last.number == c.number - 1), None)
            if runs_on is not None:
                runs_on.items.append(c)
                current[key] = runs_on
                continue
        if (cur is not None and not broken and cur.last.number < c.number <= cur.last.number + 1 + MAX_GAP
                and (c.context == LINE or len(cur.items) >= 2)):
            c.gap = c.number - cur.last.number - 1
            cur.items.append(c)
            continue
        current[key] = _start(chains, key, c)
    _backfill(chains, loose, breaks)
    return [c for ch in chains if _accepted(ch) for c in ch.items]


def _start(chains: list[_Chain], key: str, c: Candidate) -> _Chain:
    chain = _Chain(key, [c])
    chains.append(chain)
    return chain


def _between(breaks: list[int] | None, a: int, b: int) -> bool:
    """Whether a break (a senior marker) lies between offsets a and b."""
    return breaks is not None and bisect_left(breaks, a) != bisect_left(breaks, b)


def _backfill(chains: list[_Chain], loose: list[Candidate], breaks: list[int] | None) -> None:
    """Give a list that starts at 2 its first item where that item lost its context ("上一要…。二要…")."""
    starts = sorted(ch.items[0].start for ch in chains)
    for ch in chains:
        first = ch.items[0]
        if first.number != 2:
            continue
        for c in reversed(loose):
            if c.start >= first.start or _key(c) != ch.key:
                continue
            if (first.start - c.start <= BACKFILL_WINDOW and not _between(breaks, c.start, first.start)
                    and bisect_left(starts, c.start) == bisect_left(starts, first.start)):
                ch.items.insert(0, c)
            break


def _drop_overlaps(markers: list[Candidate]) -> list[Candidate]:
    """Where two accepted markers overlap, keep the first (the scan never yields overlaps itself)."""
    out: list[Candidate] = []
    for m in markers:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
