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
from .layout import Span, Unit
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


def tokens(units: list[Unit], levels: list[int]) -> list[Token]:
    """The token stream: one token per unit, a heading's (H<level>) or a summary's, its value the
    unit's index."""
    heads = iter(levels)
    return [Token(_HEAD_TYPES[next(heads)] if type(lead) is Heading else "SUMMARY", str(k))
            for k, (lead, _) in enumerate(units)]


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


def _paragraphs(spans: list[Span], c: Cleaned) -> list[Node]:
    text, src = c.text, c.src
    out: list[Node] = []
    for a, b in spans:
        words = text[a:b]
        if "\n" in words:  # a paragraph of hard-wrapped lines
            words = "".join(line.strip() for line in words.splitlines())
        out.append(ParagraphNode("paragraph", words, (src(a), src(b - 1) + 1)))
    return out


def _summary(k: int, units: list[Unit], c: Cleaned) -> list[Node]:
    """A summary's paragraph and those after it (the grammar gives a summary no children)."""
    lead, after = units[k]
    return _paragraphs([lead, *after], c)  # type: ignore[list-item]


def _section(shape: tuple[int, list], units: list[Unit], c: Cleaned, depth: int) -> SectionNode:
    """The JSON-ready node of one section, with spans mapped back to the source."""
    k, children = shape
    h, body = units[k]
    assert type(h) is Heading
    src = c.src
    start = src(h.start)
    title_start = src(h.title_start) if h.title_start < len(c.text) else len(c.source)
    title_end = max(title_start, src(h.end - 1) + 1)
    kids = _paragraphs(body, c) if body else []
    for child in children:
        if type(child) is int:
            kids += _summary(child, units, c)
        else:
            kids.append(_section(child, units, c, depth + 1))
    end = max(title_end, kids[-1].span[1]) if kids else title_end
    m = h.marker
    return SectionNode("section", m.style, m.number, m.text, depth, h.title, (title_start, title_end), (start, end), kids)


def build(preamble: list[Span], units: list[Unit], levels: list[int], cleaned: Cleaned) -> list[Node]:
    """The document's children: preamble paragraphs and the top-level sections, as output nodes."""
    stream = tokens(units, levels)
    shape: list = outline_parser().parse(stream) if stream else []  # type: ignore[arg-type,assignment]
    del stream  # one Lark token per heading: let them go before the nodes are made
    out = _paragraphs(preamble, cleaned)
    for s in shape:
        if type(s) is int:
            out += _summary(s, units, cleaned)
        else:
            out.append(_section(s, units, cleaned, 1))
    return out
