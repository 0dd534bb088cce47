"""The level of each marker in this document's hierarchy (SPEC.md §1 "Nesting")."""
from __future__ import annotations

from collections.abc import Sequence

from .markers import INLINE, Candidate

# The usual rank of each style, senior first: parts, the 章节条 family of regulations, then the list
# levels of GB/T 9704-2012 (一、 （一） 1. （1）) with the forms printed between and below them,
# then the inline enumerations, which always nest under whatever contains them.
USUAL_RANK = {
    "part": 0, "attachment": 0, "chapter": 1, "section": 2, "article": 3, "cn_formal": 4, "cn_stem": 4.5,
    "cn_dun": 5, "cn_paren": 6, "arabic": 7, "decimal": 8, "arabic_paren": 12, "arabic_half_paren": 13,
    "circled": 14, "cn_di": 16, "cn_shi": 17, "sequence": 18,
}
# Styles whose place is fixed whatever order a document uses them in.
FIXED = ("part", "attachment", "chapter", "section", "article", *INLINE)
MAX_DECIMAL_PARTS = 5
LEVELS = 20  # the H1 … H20 tokens of grammar/outline.lark


def assign_levels(markers: list[Candidate], restarts: Sequence[int] = ()) -> list[int]:
    """A level (1 = most senior, at most LEVELS) for each marker, dense over the ranks in use.

    List styles rank in the order the document first uses them (as reStructuredText ranks heading
    adornments), so "1." as the top level with 一、 inside it nests as written; the order starts
    afresh in each part or attachment, and after each of `restarts` (where a heading without a
    number starts: unnumbered.py). Parts, the 章节条 family and the inline styles keep their
    usual rank.
    """
    ranks: list[float] = []
    seen: dict[str, float] = {}
    pending = iter(restarts)
    restart = next(pending, None)
    for m in markers:
        if restart is not None and restart < m.start:
            seen = {}
            while restart is not None and restart < m.start:
                restart = next(pending, None)
        if m.style in ("part", "attachment"):
            seen = {}
        key = m.key
        if m.style in FIXED:
            ranks.append(_usual(m))
            continue
        if key not in seen:
            seen[key] = _first_seen_rank(seen, _usual(m))
        ranks.append(seen[key])
    # past LEVELS distinct ranks the deepest share the last level (siblings rather than a crash)
    dense = {r: min(LEVELS, i + 1) for i, r in enumerate(sorted(set(ranks)))}
    return [dense[r] for r in ranks]


def _usual(m: Candidate) -> float:
    if m.style == "decimal":
        return USUAL_RANK["decimal"] + min(m.parts, MAX_DECIMAL_PARTS) - 2
    return USUAL_RANK[m.style]


def _first_seen_rank(seen: dict[str, float], usual: float) -> float:
    """A rank below every list style seen so far in this scope, keeping the usual order where it agrees."""
    if not seen or usual > max(seen.values()):
        return usual
    return max(seen.values()) + (usual - min(USUAL_RANK["cn_formal"], usual)) / 100 + 0.001
