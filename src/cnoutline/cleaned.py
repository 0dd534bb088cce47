"""The cleaned view of a source text: the source with noise spans cut out, and a map back to it."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_LONE_CR = re.compile(r"\r(?!\n)")


@dataclass(frozen=True, slots=True)
class Cut:
    """A stretch of the source removed from the cleaned view."""

    reason: str
    start: int
    end: int


@dataclass(slots=True)
class Cleaned:
    """Source text, the cleaned view of it, and the offset map between the two.

    The cleaned view is the source with every `cut` removed. Kept stretches are stored as
    (cleaned start, source start) pairs, so mapping an offset back is a binary search.
    """

    source: str
    cuts: list[Cut]
    lines: str = ""
    """The source with its line ends unified (`unify_line_ends`; the source itself where it has no lone
    CR): what the cleaning rules and the metadata read, at the source's offsets."""
    text: str = ""
    _starts: list[int] = field(default_factory=list)
    _origins: list[int] = field(default_factory=list)
    # the stretch that mapped the last offset: [_lo, _hi) in cleaned offsets, moved by _delta
    _lo: int = 0
    _hi: int = -1
    _delta: int = 0

    def __post_init__(self) -> None:
        lines = self.lines = self.lines or unify_line_ends(self.source)
        pieces: list[str] = []
        pos = out = 0
        for cut in self.cuts:
            if cut.start > pos:
                self._starts.append(out)
                self._origins.append(pos)
                pieces.append(lines[pos:cut.start])
                out += cut.start - pos
            pos = max(pos, cut.end)
        if pos < len(self.source) or not self._starts:
            self._starts.append(out)
            self._origins.append(pos)
            pieces.append(lines[pos:])
        self.text = "".join(pieces)

    def src(self, i: int) -> int:
        """Source offset of the character at cleaned offset i."""
        if self._lo <= i < self._hi:  # offsets are mostly asked for in order: the last stretch holds most
            return i + self._delta
        starts = self._starts
        k = bisect_right(starts, i) - 1
        self._lo = starts[k]
        self._hi = starts[k + 1] if k + 1 < len(starts) else len(self.text) + 1
        self._delta = self._origins[k] - self._lo
        return i + self._delta

    def src_end(self, i: int) -> int:
        """Source offset just after the character before cleaned offset i (an exclusive end)."""
        return self.src(i - 1) + 1 if i > 0 else self.src(0)


def unify_line_ends(source: str) -> str:
    """The source with each lone CR (an old Mac line end) made a LF, so that every rule and stage sees
    one kind of line break; one character for one, so offsets are kept. (CR LF stays as it is.)"""
    return _LONE_CR.sub("\n", source) if "\r" in source else source


def make_cuts(spans: list[Cut]) -> list[Cut]:
    """Sort cuts and drop any that lie inside an earlier one, so they are ordered and disjoint."""
    out: list[Cut] = []
    for cut in sorted(spans, key=lambda c: (c.start, -c.end)):
        if out and cut.start < out[-1].end:
            if cut.end > out[-1].end:
                out.append(Cut(cut.reason, out[-1].end, cut.end))
            continue
        out.append(cut)
    return out
