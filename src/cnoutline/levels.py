"""The level of each marker in this document's hierarchy (SPEC.md §1 "Nesting")."""
from __future__ import annotations

from .markers import Candidate

# The usual rank of each style, senior first: parts, the 章节条 family of regulations, then the list
# levels of GB/T 9704-2012 (一、 （一） 1. （1）) with the forms printed between and below them,
# then the inline enumerations, which always nest under whatever contains them.
USUAL_RANK = {
    "part": 0, "attachment": 0, "chapter": 1, "section": 2, "article": 3, "cn_formal": 4,
    "cn_dun": 5, "cn_paren": 6, "arabic": 7, "decimal": 8, "arabic_paren": 12, "arabic_half_paren": 13,
    "circled": 14, "cn_di": 16, "cn_shi": 17, "sequence": 18,
}
# Heavenly stems rank by first use; where they open the document they sit just above 一、.
STEM_TOP = 4.5
MAX_DECIMAL_PARTS = 5


def assign_levels(markers: list[Candidate]) -> list[int]:
    """A level (1 = most senior) for each marker, dense over the ranks this document uses."""
    ranks = [_rank(m) for m in markers]
    stem = _stem_rank(markers, ranks)
    ranks = [stem if r is None else r for r in ranks]
    dense = {r: i + 1 for i, r in enumerate(sorted(set(ranks)))}
    return [dense[r] for r in ranks]


def _rank(m: Candidate) -> float | None:
    if m.style == "cn_stem":
        return None
    if m.style == "decimal":
        return USUAL_RANK["decimal"] + min(m.parts, MAX_DECIMAL_PARTS) - 2
    return USUAL_RANK[m.style]


def _stem_rank(markers: list[Candidate], ranks: list[float | None]) -> float:
    """Where the heavenly stems rank: above 一、 where they come first, else just below it."""
    first = next((i for i, m in enumerate(markers) if m.style == "cn_stem"), len(markers))
    return USUAL_RANK["cn_dun"] + 0.5 if USUAL_RANK["cn_dun"] in ranks[:first] else STEM_TOP
