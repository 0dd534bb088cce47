"""Parse the heading/paragraph stream with the LALR outline grammar and build the section tree."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from lark import Lark, Token, Transformer
from lark.lexer import Lexer

from .cleaned import Cleaned
from .grammars import grammar_text
from .headings import Heading
from .layout import Layout, Span
from .levels import LEVELS


class _StreamLexer(Lexer):
    """Hands the parser a ready-made token stream: the layout stage has already decided the tokens."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        return iter(data)


class _Shape(Transformer):
    """Runs inside the parser as it reduces: the tree's shape as item indices, with no Tree objects.

    A summary becomes its item index, a section (heading index, [children]).
    """

    def summary(self, children: list[Token]) -> int:
        return int(children[0])

    def section(self, children: list) -> tuple[int, list]:
        return int(children[0]), children[1:]

    def start(self, children: list) -> list:
        return children


@cache
def outline_parser() -> Lark:
    """The LALR parser of grammar/outline.lark, built once per process (and its tables cached on disk)."""
    # cache=True keeps the LALR tables in the system's temporary directory (keyed on the grammar and
    # Lark's version), never inside the package, so a read-only install works
    return Lark(grammar_text("outline.lark"), parser="lalr", lexer=_StreamLexer, transformer=_Shape(), cache=True)


_HEAD_TYPES = [f"H{k}" for k in range(LEVELS + 1)]


def tokens(leads: list[Heading | Span], levels: list[int]) -> list[Token]:
    """The token stream: one token per unit, a heading's (H<level>) or a summary's, its value the
    unit's index."""
    heads = iter(levels)
    return [Token(_HEAD_TYPES[next(heads)] if type(lead) is Heading else "SUMMARY", str(k))
            for k, lead in enumerate(leads)]


@dataclass(slots=True)
class ParagraphNode:
    """A paragraph of the output, in the field order of models.Paragraph (orjson writes it natively)."""

    type: str
    text: str
    span: tuple[int, int]


@dataclass(slots=True)
class SectionNode:
    """A section of the output, in the field order of models.Section; far smaller than a dict."""

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


class _NodeMaker:
    """Makes the JSON-ready nodes, with spans mapped back to the source: of a run of paragraphs, and of
    the shapes the parser returns (a summary is its paragraph and those after it; a section,
    (heading index, [child shapes])). A class rather than closures: recursive closures form a
    reference cycle, which would keep the whole layout alive while the collector is paused."""

    __slots__ = ("units", "text", "src", "text_end", "source_end")

    def __init__(self, units: Layout, c: Cleaned) -> None:
        self.units, self.text, self.src = units, c.text, c.src
        self.text_end, self.source_end = len(c.text), len(c.source)

    def paragraphs(self, spans: list[Span]) -> list[Node]:
        text, src = self.text, self.src
        out: list[Node] = []
        for a, b in spans:
            words = text[a:b]
            if "\n" in words:  # a paragraph of hard-wrapped lines
                words = "".join(line.strip() for line in words.splitlines())
            out.append(ParagraphNode("paragraph", words, (src(a), src(b - 1) + 1)))
        return out

    def section(self, shape: tuple[int, list], depth: int) -> SectionNode:
        k, shapes = shape
        h, body = self.units.leads[k], self.units.body(k)
        assert type(h) is Heading
        src = self.src
        start = src(h.start)
        title_start = src(h.title_start) if h.title_start < self.text_end else self.source_end
        title_end = max(title_start, src(h.end - 1) + 1)
        kids = self.paragraphs(body) if body else []
        if shapes:
            kids += self.children(shapes, depth + 1)
        end = max(title_end, kids[-1].span[1]) if kids else title_end
        m = h.marker
        return SectionNode("section", m.style, m.number, m.text, depth, h.title, (title_start, title_end),
                           (start, end), kids)

    def children(self, shapes: list, depth: int) -> list[Node]:
        out: list[Node] = []
        for shape in shapes:
            if type(shape) is int:
                out += self.paragraphs([self.units.leads[shape], *self.units.body(shape)])  # type: ignore[list-item]
            else:
                out.append(self.section(shape, depth))
        return out


def build(units: Layout, levels: list[int], cleaned: Cleaned) -> list[Node]:
    """The document's children: preamble paragraphs and the top-level sections, as output nodes."""
    stream = tokens(units.leads, levels)
    shape: list = outline_parser().parse(stream) if stream else []  # type: ignore[arg-type,assignment]
    del stream  # one Lark token per heading: let them go before the nodes are made
    make = _NodeMaker(units, cleaned)
    return make.paragraphs(units.preamble()) + make.children(shape, 1)
