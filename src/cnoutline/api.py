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
from .errors import ReadError
from .readers import Format, Shown, read, read_file
from .headings import Heading, headings
from .layout import layout
from .levels import assign_levels
from .markers import INLINE, LINE, Candidate, scan
from .meta import read_head
from .models import SCHEMA_VERSION, Document
from .runon import split_runons
from .sequences import select
from .tree import SectionNode, build, located
from .unnumbered import unnumbered_headings
from .wraps import soft_breaks, unwrapped


def parse(text: str | Shown, *, name: str | None = None, clean: bool = True, encoding: str = "utf-8") -> Document:
    """Parse Chinese text into its section tree (validated pydantic models).

    `text` is a str, or the `Shown` text a reader made of a file (`cnoutline.readers.read`).
    `clean=False` skips noise removal (every character then lands in the tree). `encoding` is only
    recorded in `source`, for text that was decoded elsewhere.
    """
    with _collector_paused():
        return Document.model_validate(_parse_data(_shown(text, encoding), name, clean), from_attributes=True)


def parse_json(text: str | Shown, *, name: str | None = None, clean: bool = True, encoding: str = "utf-8",
               pretty: bool = False) -> bytes:
    """Parse text straight to the JSON of its Document: the fast path for pipelines and the CLI.

    The bytes are exactly `dumps(parse(text))`, without building model objects on the way.
    """
    with _collector_paused():
        data = _parse_data(_shown(text, encoding), name, clean)
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 if pretty else 0)


def _shown(text: str | Shown, encoding: str) -> Shown:
    return text if isinstance(text, Shown) else Shown(text, "text", encoding=encoding)


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


def _parse_data(shown: Shown, name: str | None, clean: bool) -> dict:
    """The document in the shape of Document: a dict whose nodes are dataclasses (tree.py), which
    orjson writes and pydantic reads (from attributes) without a copy."""
    text = shown.text
    try:
        # hashed at once, so the bytes (up to four times the text's size) are not held through the parse
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except UnicodeEncodeError as exc:  # lone surrogates: no JSON writer can emit them as UTF-8
        raise ValueError(f"text is not valid Unicode: a lone surrogate at offset {exc.start}") from None
    cleaned = clean_text(text, enabled=clean, marked=shown.cuts)
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
    meta = head.meta
    if shown.meta:  # what the file states outside its text, where the text states nothing
        meta = {**meta, **{k: v for k, v in shown.meta.items() if k in meta and not meta[k] and v}}
        if title is None and shown.meta.get("title"):
            title, title_span = shown.meta["title"], None
    source = {"name": name, "format": shown.format, "encoding": shown.encoding, "chars": len(text),
              "sha256": sha256}
    if shown.unit == "page":
        source["pages"] = list(shown.starts)
    return {
        "type": "document",
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "title": title,
        "title_span": title_span,
        "meta": meta,
        "children": located(children, shown) if shown.unit else children,
        "removed": [{"reason": c.reason, "span": (c.start, c.end), "text": text[c.start:c.end]}
                    for c in cleaned.cuts],
        "warnings": _warnings(cleaned, markers, out_of_order, uncertain),
    }


def parse_file(path: str | PathLike[str], *, clean: bool = True, format: Format | None = None) -> Document:
    """Read a file of any format cnoutline reads (text in UTF-8, UTF-16 or GB18030/GBK; Markdown,
    Word .docx, HTML, PDF: detected by content) and parse the text it shows.

    Raises ReadError (DecodeError for undecodable text) with a one-line reason.
    """
    return parse(read_file(path, format=format), name=str(path), clean=clean)


def parse_bytes(data: bytes, *, name: str | None = None, clean: bool = True, format: Format | None = None
                ) -> Document:
    """Parse the bytes of a file of any format cnoutline reads (see `parse_file`)."""
    return parse(read(data, name=name, format=format), name=name, clean=clean)


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
    out.sort(key=lambda w: w["span"])
    return _with_lines(out, cleaned.lines)


def _with_lines(warnings: list[dict], lines: str) -> list[dict]:
    """Each warning with the 1-based line and column of its span's start (one walk over the text up to
    the last warning: they come in order)."""
    line, line_start, pos = 1, 0, 0
    for w in warnings:
        start = w["span"][0]
        breaks = lines.count("\n", pos, start)
        if breaks:
            line += breaks
            line_start = lines.rfind("\n", pos, start) + 1
        pos = start
        w["line"], w["column"] = line, start - line_start + 1
    return warnings
