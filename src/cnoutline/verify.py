"""Invariant checks of a parsed Document against SPEC.md §3: spans well formed, nothing lost.

These are the promises a caller relies on when it maps a node back to the source (RAG chunking,
corpus building): every span indexes the source, the tree nests the way its spans say, and every
non-blank character of the source is accounted for. The checks are for tests and for users who want
to validate output; they return lists of human-readable problems (empty = fine) instead of raising,
so one run reports everything that is wrong. Cost is linear in the size of the tree plus the text.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from .models import Document, Paragraph, Section, Span

_NON_BLANK = re.compile(r"\S")


def is_trailing(section: Section) -> bool:
    """Whether the section's marker trails its title: a title line ending in 篇一 (SPEC.md §1 `part`).

    Only that spelling starts with 篇 ("【篇1】" opens with a bracket and "第一篇" with 第).
    """
    return section.style == "part" and section.marker.startswith("篇")


def check_spans(doc: Document) -> list[str]:
    """Problems with the document's spans, judged from the document alone.

    - every span lies within [0, source.chars] and has start <= end;
    - children lie inside their parent's span, in order, without overlapping; a section's children
      come after its heading (marker and title), and the document's children do not overlap its title;
    - a section's title_span lies inside its span, and the marker fits between the span start and the
      title start (for a trailing 篇一 marker, the title starts the section instead);
    - `depth` is the depth in the tree (1 for a child of the document);
    - removed spans are in order and do not overlap one another;
    - warning spans lie within the source too.
    """
    problems: list[str] = []
    chars = doc.source.chars
    if doc.title_span is not None:
        _check_bounds(doc.title_span, chars, "document title_span", problems)
        title_start, title_end = doc.title_span
        for i, child in enumerate(doc.children):
            if child.span[0] < title_end and title_start < child.span[1]:
                problems.append(f"document > {_label(child, i)} span {list(child.span)} overlaps the "
                                f"document title_span {list(doc.title_span)}")
    _check_children(doc.children, (0, chars), None, 1, "document", chars, problems)
    previous_end = 0
    for i, removed in enumerate(doc.removed):
        where = f"removed[{i}] {removed.reason}"
        _check_bounds(removed.span, chars, where, problems)
        if removed.span[0] < previous_end:
            problems.append(f"{where} span {list(removed.span)} overlaps or precedes the one before (ends {previous_end})")
        previous_end = max(previous_end, removed.span[1])
    for i, warning in enumerate(doc.warnings):
        _check_bounds(warning.span, chars, f"warnings[{i}] {warning.code}", problems)
    return problems


def _check_bounds(span: Span, chars: int, where: str, problems: list[str]) -> bool:
    """Record a problem and return False unless 0 <= start <= end <= chars."""
    start, end = span
    if not 0 <= start <= end <= chars:
        problems.append(f"{where} span {list(span)} is not within [0, {chars}] with start <= end")
        return False
    return True


def _check_children(children: Sequence[Paragraph | Section], parent: Span, heading: Span | None,
                    depth: int, where: str, chars: int, problems: list[str]) -> None:
    """Check each child's own spans, then that the children sit inside `parent`, in order, after `heading`.

    `heading` is what precedes the children inside a section: its marker and title. (The document's
    title is not always first: a salutation such as 各位代表： may precede it, so the document's
    children are only required not to overlap it.)
    """
    cursor = heading[1] if heading is not None else parent[0]
    for i, child in enumerate(children):
        label = f"{where} > {_label(child, i)}"
        if not _check_bounds(child.span, chars, label, problems):
            continue
        start, end = child.span
        if start < parent[0] or end > parent[1]:
            problems.append(f"{label} span {list(child.span)} is outside its parent's span {list(parent)}")
        if start < cursor:
            problems.append(f"{label} span {list(child.span)} starts before {cursor}, "
                            "the end of the previous sibling or of the parent's heading")
        cursor = max(cursor, end)
        if isinstance(child, Section):
            _check_section(child, depth, label, chars, problems)


def _check_section(section: Section, depth: int, label: str, chars: int, problems: list[str]) -> None:
    """A section's own invariants (title_span, marker place, depth), then its children's."""
    if section.depth != depth:
        problems.append(f"{label} has depth {section.depth} but sits at tree depth {depth}")
    start, end = section.span
    title_start, title_end = section.title_span
    if _check_bounds(section.title_span, chars, f"{label} title", problems):
        if title_start < start or title_end > end:
            problems.append(f"{label} title_span {list(section.title_span)} is outside its span {list(section.span)}")
        if is_trailing(section):
            if title_start != start:
                problems.append(f"{label} trailing marker: title_span {list(section.title_span)} "
                                f"does not start the section at {start}")
        elif title_start - start < len(section.marker):
            problems.append(f"{label} marker {section.marker!r} does not fit between span start {start} "
                            f"and title start {title_start}")
    _check_children(section.children, section.span, section.title_span, depth + 1, label, chars, problems)


def _label(node: Paragraph | Section, index: int) -> str:
    """A short name of a node for problem messages."""
    if isinstance(node, Section):
        return f"[{index}] {node.style} {node.marker!r} {node.title[:20]!r}"
    return f"[{index}] paragraph {node.text[:20]!r}"


def covered(doc: Document, text: str) -> list[Span]:
    """The spans that account for source characters (SPEC.md §3 "Nothing is lost"), sorted, unmerged.

    The document's title_span; each section's marker and title, [span.start, title_span.end), and for
    a trailing 篇一 marker the marker where it follows the title in `text`; each paragraph's span; each
    removed span. A section's body is accounted for by its children, not by its own span, so that a
    section swallowing text it does not show counts as a loss.
    """
    spans: list[Span] = [r.span for r in doc.removed]
    if doc.title_span is not None:
        spans.append(doc.title_span)
    stack: list[Paragraph | Section] = list(doc.children)
    while stack:
        node = stack.pop()
        if isinstance(node, Section):
            spans.append((node.span[0], node.title_span[1]))
            if is_trailing(node):
                at = text.find(node.marker, node.title_span[0], node.span[1])
                if at != -1:
                    spans.append((at, at + len(node.marker)))
            stack.extend(node.children)
        else:
            spans.append(node.span)
    spans.sort()
    return spans


def _gaps(spans: Iterable[Span], length: int) -> list[Span]:
    """The stretches of [0, length) that no span covers; `spans` must be sorted by start."""
    gaps: list[Span] = []
    reached = 0
    for start, end in spans:
        start, end = max(0, start), min(length, end)
        if start > reached:
            gaps.append((reached, start))
        reached = max(reached, end)
    if reached < length:
        gaps.append((reached, length))
    return gaps


def uncovered(doc: Document, text: str) -> list[Span]:
    """The stretches of non-blank source characters that nothing in the document accounts for.

    Each gap between the covered spans (see `covered`) is trimmed of blank characters
    (str.isspace, which includes U+3000); a gap left non-empty is reported as [start, end). An empty
    list means nothing was lost. Sort and sweep: linear in the text after sorting the spans.
    """
    lost: list[Span] = []
    for start, end in _gaps(covered(doc, text), len(text)):
        first = _NON_BLANK.search(text, start, end)
        if first is None:
            continue
        lost.append((first.start(), first.start() + len(text[first.start():end].rstrip())))
    return lost


def check_source(doc: Document, text: str) -> list[str]:
    """Problems with what the document says about its source text and the markers and removals in it.

    `source.chars` and `source.sha256` describe `text`; each removed entry's text is the source under
    its span; each marker appears in the source where SPEC.md §3 puts it: between the span start and
    the title start, or, for a trailing 篇一, inside the section after its title starts. A marker is
    matched against the source with removed stretches left out, since noise (a page artifact, say)
    may have cut into it: "2\n5、 ." is the marker "2." around the page artifact "\n5、 ".
    (For a trailing marker that means reading the section's text; parts do not nest, so in all
    that stays linear.)
    """
    problems: list[str] = []
    if doc.source.chars != len(text):
        problems.append(f"source.chars is {doc.source.chars} but the text has {len(text)} characters")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if doc.source.sha256 != digest:
        problems.append(f"source.sha256 {doc.source.sha256} is not the text's {digest}")
    for i, removed in enumerate(doc.removed):
        start, end = removed.span
        if removed.text != text[start:end]:
            problems.append(f"removed[{i}] text {removed.text[:30]!r} is not the source under its span "
                            f"{list(removed.span)}: {text[start:end][:30]!r}")
    cuts = sorted(r.span for r in doc.removed)
    cut_ends = [end for _, end in cuts]
    for _, section in doc.sections():
        start, end = section.span
        title_start = section.title_span[0]
        if is_trailing(section):
            where, lo, hi = "after the title start", title_start, end
        else:
            where, lo, hi = "before the title", start, title_start
        shown = _without_cuts(text, lo, hi, cuts, cut_ends)
        if section.marker not in shown:
            problems.append(f"section {section.marker!r} at {list(section.span)}: marker not found {where} "
                            f"in {shown[:30]!r}")
    return problems


def _without_cuts(text: str, start: int, end: int, cuts: list[Span], cut_ends: list[int]) -> str:
    """text[start:end] with the removed spans left out; `cuts` sorted and disjoint, `cut_ends` their ends."""
    pieces: list[str] = []
    pos = start
    k = bisect_right(cut_ends, start)
    while k < len(cuts) and cuts[k][0] < end:
        cut_start, cut_end = cuts[k]
        pieces.append(text[pos:max(pos, cut_start)])
        pos = max(pos, min(cut_end, end))
        k += 1
    pieces.append(text[pos:end])
    return "".join(pieces)


def check(doc: Document, text: str) -> list[str]:
    """Every invariant problem of `doc` parsed from `text`: spans, source facts, and lost characters.

    An empty list means the document satisfies SPEC.md §3's span rules and loses nothing.
    """
    problems = check_spans(doc) + check_source(doc, text)
    for start, end in uncovered(doc, text):
        sample = text[start:end]
        shown = sample if len(sample) <= 40 else sample[:37] + "..."
        problems.append(f"lost: source [{start}, {end}) {shown!r} is in no title, heading, paragraph or removed span")
    return problems
