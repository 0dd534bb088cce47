"""Parse the heading/summary stream with the LALR outline grammar, assembling the section tree as it reduces."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from lark import Lark, Transformer
from lark.lexer import Lexer

from .cleaned import Cleaned
from .grammars import grammar_text
from .headings import Heading
from .layout import Layout, Span
from .levels import LEVELS
from .readers.shown import Shown


# The nodes are plain dataclasses: orjson writes one from its attribute dict several times faster than
# one with __slots__ (read field by field), for some 20% more memory per node.
@dataclass
class ParagraphNode:
    """A paragraph of the output, in the field order of models.Paragraph (orjson writes it natively)."""

    type: str
    text: str
    span: tuple[int, int]


@dataclass
class SectionNode:
    """A section of the output, in the field order of models.Section; smaller than a dict."""

    type: str
    style: str
    number: int
    marker: str
    depth: int
    title: str
    title_span: tuple[int, int]
    span: tuple[int, int]
    children: list[ParagraphNode | SectionNode]


Node = ParagraphNode | SectionNode


class Unit:
    """A token of the stream: H<level> for a heading, its value the section node with its body
    paragraphs; SUMMARY for a summary and BREAK for a heading without a number, its value their
    paragraph nodes.

    Lark reads a token's `type`, and takes the position fields of the last token for its end-of-input
    token; a ready-made stream has no positions, so they are None (a lark.Token costs several times
    as much to make, and a marker-dense text has tens of thousands of units).
    """

    __slots__ = ("type", "value")
    start_pos = line = column = end_line = end_column = end_pos = None

    def __init__(self, type: str, value: SectionNode | list[Node]) -> None:
        self.type, self.value = type, value


class _StreamLexer(Lexer):
    """Hands the parser a ready-made token stream: the layout stage has already decided the tokens."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Unit]:  # type: ignore[override]
        return iter(data)


class _Assemble(Transformer):
    """Runs inside the parser as it reduces (one reduction per unit, each a plain method call): a
    heading's section node is taken from its token, and a section, or the document, adopts each
    section the grammar gives it, with the summary after it. Depths and the spans' ends are set
    afterwards, when every section has all its children."""

    def document(self, children: list) -> list[Node]:
        return []

    def join(self, children: list) -> list[Node]:
        _add_child(children[0], children)
        return children[0]  # type: ignore[no-any-return]

    def resume(self, children: list) -> list[Node]:
        children[0] += children[1].value
        return children[0]  # type: ignore[no-any-return]

    def leaf(self, children: list[Unit]) -> SectionNode:
        return children[0].value  # type: ignore[return-value]

    def adopt(self, children: list) -> SectionNode:
        _add_child(children[0].children, children)
        return children[0]  # type: ignore[no-any-return]

    def summary(self, children: list[Unit]) -> list[Node]:
        return children[0].value  # type: ignore[return-value]


def _add_child(kids: list[Node], reduced: list) -> None:
    """Add a reduction's child (reduced[1]) to a list of nodes, and the summary after it (reduced[2])."""
    kids.append(reduced[1])
    if len(reduced) > 2:
        kids += reduced[2]


@cache
def outline_parser() -> Lark:
    """The LALR parser of grammar/outline.lark, built in memory once per process.

    No on-disk cache: Lark's cache is a pickle in the shared temporary directory, which any local
    user could plant first, and loading it would run their code.
    """
    return Lark(grammar_text("outline.lark"), parser="lalr", lexer=_StreamLexer, transformer=_Assemble())


_HEAD_TYPES = [f"H{k}" for k in range(LEVELS + 1)]


def _paragraph_nodes(spans: list[Span], c: Cleaned) -> list[Node]:
    """The paragraph nodes of (start, end) spans, mapped to the source; a paragraph of hard-wrapped
    lines is joined up."""
    text, src = c.text, c.src
    out: list[Node] = []
    for a, b in spans:
        words = text[a:b]
        if "\n" in words:
            words = "".join(line.strip() for line in words.splitlines())
        out.append(ParagraphNode("paragraph", words, (src(a), src(b - 1) + 1)))
    return out


def _units(layout: Layout, levels: list[int], c: Cleaned, paragraphs: list[Node]) -> list[Unit]:
    """The token stream: a section node (with its body paragraphs, but no subsections yet) per
    heading, the paragraph nodes per summary; `paragraphs` are the nodes of layout.paragraphs."""
    src, text_end, source_end = c.src, len(c.text), len(c.source)
    heads = iter(levels)
    out: list[Unit] = []
    for lead, lo, hi in zip(layout.leads, layout.firsts, [*layout.firsts[1:], len(paragraphs)]):
        if type(lead) is not Heading:  # a summary or a heading without a number: a paragraph's span
            span = cast(Span, lead)
            kind = "BREAK" if span[0] in layout.unnumbered else "SUMMARY"
            out.append(Unit(kind, _paragraph_nodes([span], c) + paragraphs[lo:hi]))
            continue
        title_start = src(lead.title_start) if lead.title_start < text_end else source_end
        title_end = max(title_start, src(lead.end - 1) + 1)
        m = lead.marker
        node = SectionNode("section", m.style, m.number, m.text, 0, lead.title, (title_start, title_end),
                           (src(lead.start), title_end), paragraphs[lo:hi])
        out.append(Unit(_HEAD_TYPES[next(heads)], node))
    return out


def _finish(nodes: list[Node], depth: int) -> None:
    """Set the depth of each section, and end its span with its last child (deepest first)."""
    for node in nodes:
        if type(node) is SectionNode:
            node.depth = depth
            kids = node.children
            if kids:
                _finish(kids, depth + 1)
                node.span = (node.span[0], max(node.title_span[1], kids[-1].span[1]))


def build(layout: Layout, levels: list[int], cleaned: Cleaned) -> list[Node]:
    """The document's children: preamble paragraphs and the top-level sections, as output nodes."""
    paragraphs = _paragraph_nodes(layout.paragraphs, cleaned)
    stream = _units(layout, levels, cleaned, paragraphs)
    top: list[Node] = outline_parser().parse(stream) if stream else []  # type: ignore[arg-type,assignment]
    _finish(top, 1)
    return paragraphs[:layout.firsts[0] if layout.firsts else len(paragraphs)] + top


def located(nodes: list[Node], shown: Shown) -> list[dict[str, Any]]:
    """The nodes as dicts with the place each starts at in the file (`page` or `block`, as the format
    has), in the field order of the models; only files with pages or blocks need the copy."""
    key = shown.unit
    assert key is not None
    out: list[dict[str, Any]] = []
    for node in nodes:
        where = shown.locate(node.span[0])
        if type(node) is SectionNode:
            out.append({"type": node.type, "style": node.style, "number": node.number, "marker": node.marker,
                        "depth": node.depth, "title": node.title, "title_span": node.title_span,
                        "span": node.span, key: where, "children": located(node.children, shown)})
        else:
            out.append({"type": node.type, "text": node.text, "span": node.span, key: where})
    return out
