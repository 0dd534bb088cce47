"""The library surface: parse text or a file into a Document or straight to JSON, and serialise it."""
from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike

import orjson

from .clean import clean as clean_text
from .cleaned import Cleaned
from .contents import drop_contents, notes_start
from .decode import read_text
from .headings import Heading, headings
from .layout import layout
from .levels import assign_levels
from .markers import INLINE, LINE, Candidate, scan
from .meta import read_head
from .models import SCHEMA_VERSION, Document
from .runon import split_runons
from .sequences import select
from .tree import SectionNode, build
from .unnumbered import unnumbered_headings
from .wraps import soft_breaks, unwrapped


def parse(text: str, *, name: str | None = None, clean: bool = True, encoding: str = "utf-8") -> Document:
    """Parse Chinese text into its section tree (validated pydantic models).

    `clean=False` skips noise removal (every character then lands in the tree). `encoding` is only
    recorded in `source`, for text that was decoded elsewhere.
    """
    with _collector_paused():
        return Document.model_validate(_parse_data(text, name, clean, encoding), from_attributes=True)


def parse_json(text: str, *, name: str | None = None, clean: bool = True, encoding: str = "utf-8",
               pretty: bool = False) -> bytes:
    """Parse text straight to the JSON of its Document: the fast path for pipelines and the CLI.

    The bytes are exactly `dumps(parse(text))`, without building model objects on the way.
    """
    with _collector_paused():
        return orjson.dumps(_parse_data(text, name, clean, encoding), option=orjson.OPT_INDENT_2 if pretty else 0)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing makes many small objects and no cycles, and the
    collector's passes over them cost a tenth of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse_data(text: str, name: str | None, clean: bool, encoding: str) -> dict:
    """The document in the shape of Document: a dict whose nodes are dataclasses (tree.py), which
    orjson writes and pydantic reads (from attributes) without a copy."""
    try:
        # hashed at once, so the bytes (up to four times the text's size) are not held through the parse
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except UnicodeEncodeError as exc:  # lone surrogates: no JSON writer can emit them as UTF-8
        raise ValueError(f"text is not valid Unicode: a lone surrogate at offset {exc.start}") from None
    cleaned = clean_text(text, enabled=clean)
    notes = notes_start(cleaned.text)
    soft = soft_breaks(cleaned.text)
    candidates = unwrapped([c for c in scan(cleaned.text) if notes is None or c.start < notes], cleaned.text, soft)
    markers = select(candidates, cleaned.text)
    out_of_order = _out_of_order(cleaned.text, candidates, markers)
    del candidates  # the largest list of the parse, not needed past this point
    heads = drop_contents(cleaned.text, headings(cleaned.text, markers, soft), soft)
    markers = [h.marker for h in heads]
    heads, uncertain = split_runons(cleaned.text, heads)
    head = read_head(cleaned, heads[0].start if heads else None)  # where the first section starts
    unnumbered = unnumbered_headings(cleaned.text, heads)
    levels = assign_levels(markers, unnumbered)
    units = layout(cleaned.text, heads, levels, (head.start, head.end) if head.in_text else None, soft,
                   frozenset(unnumbered))
    children = build(units, levels, cleaned)
    title, title_span = head.title, head.source_span
    first = next((c for c in children if isinstance(c, SectionNode)), None)
    if title is None and first is not None and first.style == "part" and first.marker.startswith("篇"):
        # a web compilation (X篇1, X篇2 …) is titled by what its parts share, the words before each 篇N
        # (not so a text that opens 第一部分　总体要求: that title is the part's alone)
        title = first.title
    return {
        "type": "document",
        "schema_version": SCHEMA_VERSION,
        "source": {"name": name, "encoding": encoding, "chars": len(text),
                   "sha256": sha256},
        "title": title,
        "title_span": title_span,
        "meta": head.meta,
        "children": children,
        "removed": [{"reason": c.reason, "span": (c.start, c.end), "text": text[c.start:c.end]}
                    for c in cleaned.cuts],
        "warnings": _warnings(cleaned, markers, out_of_order, uncertain),
    }


def parse_file(path: str | PathLike[str], *, clean: bool = True) -> Document:
    """Read a file (UTF-8, UTF-8 with BOM, UTF-16 or GB18030/GBK, detected) and parse it."""
    text, encoding = read_text(path)
    return parse(text, name=str(path), clean=clean, encoding=encoding)


def dumps(doc: Document, *, pretty: bool = False) -> bytes:
    """The document as UTF-8 JSON bytes (orjson; not ASCII-escaped)."""
    option = orjson.OPT_INDENT_2 if pretty else 0
    with _collector_paused():
        return orjson.dumps(doc.model_dump(mode="python"), option=option)


def _out_of_order(text: str, candidates: list[Candidate], markers: list[Candidate]) -> list[Candidate]:
    """Block markers heading a line, with a title after them, that fit no numbered list (so they were
    read as text)."""
    accepted = {m.start for m in markers}
    return [c for c in candidates if c.context == LINE and c.style not in INLINE
            and not c.form.endswith("__bare") and c.start not in accepted
            and text[c.end:c.end + 1].strip() and text[c.end:c.end + 1] not in "\r\n"]


def _warnings(cleaned: Cleaned, markers: list[Candidate], out_of_order: list[Candidate],
              uncertain: list[Heading]) -> list[dict]:
    """Numbering gaps, markers out of order, and run-on titles whose end could not be found."""
    out = [{"code": "numbering_gap", "message": f"{m.text} skips {m.gap} number{'s' * (m.gap > 1)}",
            "span": (cleaned.src(m.start), cleaned.src_end(m.end))} for m in markers if m.gap]
    out += [{"code": "numbering_order", "message": f"{m.text} does not continue a numbered list; read as text",
             "span": (cleaned.src(m.start), cleaned.src_end(m.end))} for m in out_of_order]
    out += [{"code": "uncertain_title",
             "message": f"heading {h.marker.text} runs into its body; title taken to the first sentence end",
             "span": (cleaned.src(h.title_start), cleaned.src_end(h.title_end))} for h in uncertain]
    return sorted(out, key=lambda w: w["span"])
