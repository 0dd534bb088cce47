"""Which marker candidates are real: those that form numbered sequences (SPEC.md §1, "What is not a marker")."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from .markers import INLINE, LINE, NONE, Candidate, first_item_before

# A list may skip this many numbers and still go on (with a warning): 一、 三、.
MAX_GAP = 2
# How far back a lost first item may stand before the list's second item.
BACKFILL_WINDOW = 1000
# Styles whose lone item counts where it heads a line, whatever its number.
_SINGLE_OK = ("part", "attachment", "chapter", "section", "article", "cn_formal")
_CONTINUES_WITHOUT_CONTEXT = ("cn_paren", "arabic_paren")
_START = attrgetter("start")


@dataclass(slots=True)
class _Chain:
    key: str
    items: list[Candidate]



def select(candidates: list[Candidate], text: str) -> list[Candidate]:
    """The candidates that are real markers, in text order.

    Block styles are read first; their lists may run on across sections (（四） under 二、 after
    （三） under 一、). Inline lists (第一，, 一是, 首先) are read next, senior styles first, and a list
    never continues across a marker of a more senior style.
    """
    accepted = _chains([c for c in candidates if c.style not in INLINE], None, text)
    for style in INLINE:
        inline = [c for c in candidates if c.style == style]
        if inline:
            accepted.sort(key=_START)
            accepted.extend(_chains(inline, [c.start for c in accepted], text))
    accepted.sort(key=_START)
    return _drop_overlaps(accepted, text)


def _chains(cands: list[Candidate], breaks: list[int] | None, text: str) -> list[Candidate]:
    """Group candidates into numbered lists and return the members of lists that are real."""
    chains: list[_Chain] = []
    current: dict[str, _Chain] = {}
    # the latest list of each key ending at each number, so a list that runs on is found at once
    ending: dict[tuple[str, int], _Chain] = {}
    for c in cands:
        touched = _extend(chains, current, ending, c, breaks)
        if touched is not None:
            ending[(touched.key, touched.items[-1].number)] = touched
    _backfill(chains, breaks, text)
    return [c for ch in chains if _accepted(ch) for c in ch.items]


def _extend(chains: list[_Chain], current: dict[str, _Chain], ending: dict[tuple[str, int], _Chain],
            c: Candidate, breaks: list[int] | None) -> _Chain | None:
    """Put candidate c on the list it continues, or start a list with it; returns the list it joined."""
    key = c.key
    cur = current.get(key)
    items = cur.items if cur is not None else []
    last = items[-1] if items else None
    broken = breaks is not None and last is not None and _between(breaks, last.start, c.start)
    if c.context == NONE:
        if (last is not None and not broken and c.style in _CONTINUES_WITHOUT_CONTEXT
                and c.number == last.number + 1):
            items.append(c)
            return cur
        return None
    if c.style == "sequence":
        if c.number == 1:
            current[key] = _start(chains, key, c)
            return current[key]
        if last is not None and not broken and last.number != 4 and c.number >= last.number:
            c.number = len(items) + 1
            items.append(c)
            return cur
        return None
    if last is not None and not broken and c.number == last.number + 1:
        items.append(c)
        return cur
    if c.number != 1 and breaks is None:
        # a list that runs on after other sections, e.g. （四） under 二、
        runs_on = ending.get((key, c.number - 1))
        if runs_on is not None and runs_on.items[-1].number == c.number - 1:
            runs_on.items.append(c)
            current[key] = runs_on
            return runs_on
    if (last is not None and not broken and last.number < c.number <= last.number + 1 + MAX_GAP
            and (c.context == LINE or len(items) >= 2)):
        c.gap = c.number - last.number - 1
        items.append(c)
        return cur
    current[key] = _start(chains, key, c)
    return current[key]


def _start(chains: list[_Chain], key: str, c: Candidate) -> _Chain:
    chain = _Chain(key, [c])
    chains.append(chain)
    return chain


def _between(breaks: list[int], a: int, b: int) -> bool:
    """Whether a break (a senior marker) lies between offsets a and b."""
    return bisect_left(breaks, a) != bisect_left(breaks, b)


def _backfill(chains: list[_Chain], breaks: list[int] | None, text: str) -> None:
    """Give a list that starts at 2 its first item where that item lost its context ("上一要…。二要…")."""
    starts = sorted(ch.items[0].start for ch in chains)
    for ch in chains:
        first = ch.items[0]
        if first.number != 2 or first.style not in (*INLINE, "cn_dun", "cn_paren", "arabic_paren"):
            continue
        k = bisect_left(starts, first.start)
        window = max(first.start - BACKFILL_WINDOW, starts[k - 1] if k else 0)
        if breaks is not None:
            b = bisect_left(breaks, first.start)
            window = max(window, breaks[b - 1] if b else 0)
        found = first_item_before(text, window, first.start, ch.key)
        if found is not None:
            ch.items.insert(0, found)


def _accepted(chain: _Chain) -> bool:
    """A list is real if it has two items; a lone item only where it heads a line and looks like one.

    A list of bare numbers ("104 辦理…", "105 完成…") must start at the start: numbers in table cells
    and years run on from anywhere, a document's own list from 1 (or 2, its first item lost).
    """
    if all(c.form.endswith("__bare") for c in chain.items) and chain.items[0].number > 2:
        return False
    if len(chain.items) >= 2:
        return any(c.context != NONE for c in chain.items)
    first = chain.items[0]
    if first.style in INLINE or first.form.endswith("__bare") or first.context != LINE:
        return False
    return first.number == 1 or first.style in _SINGLE_OK


def _drop_overlaps(markers: list[Candidate], text: str) -> list[Candidate]:
    """Where two accepted markers overlap, keep the first; a marker that ends its line (…篇一) titles the
    whole line, so it stands only where no other marker comes before it on that line."""
    out: list[Candidate] = []
    for m in markers:
        if out and m.start < out[-1].end:
            continue
        if out and m.form.endswith("__trailing") and out[-1].start >= text.rfind("\n", 0, m.start) + 1:
            continue
        out.append(m)
    return out
