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
from .layout import Para
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


def tokens(items: list[Heading | Para], levels: list[int]) -> tuple[list[Token], list[int], dict[int, list[int]]]:
    """The token stream (one token per heading or summary, its value the item's index), the preamble's
    paragraphs, and the paragraphs each token carries."""
    out: list[Token] = []
    preamble: list[int] = []
    bodies: dict[int, list[int]] = {}
    body = preamble
    heads = iter(levels)
    for i, item in enumerate(items):
        if isinstance(item, Heading):
            out.append(Token(_HEAD_TYPES[next(heads)], str(i)))
        elif item.summary and out and out[-1].type != "SUMMARY":
            # a summary closes the list of the headings before it; a second one in a row has none to close
            out.append(Token("SUMMARY", str(i)))
        else:
            body.append(i)
            continue
        body = bodies[i] = []
    return out, preamble, bodies


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


def _paragraph(p: Para, c: Cleaned) -> ParagraphNode:
    text = c.text[p.start:p.end]
    if "\n" in text:  # a paragraph of hard-wrapped lines
        text = "".join(line.strip() for line in text.splitlines())
    return ParagraphNode("paragraph", text, (c.src(p.start), c.src_end(p.end)))


def _nodes(shape: int | tuple[int, list], items: list[Heading | Para], bodies: dict[int, list[int]],
           c: Cleaned, depth: int) -> list[Node]:
    """The JSON-ready nodes of one shape (a summary is its paragraph and those after it), with spans
    mapped back to the source."""
    if isinstance(shape, int):
        return [_paragraph(items[k], c) for k in (shape, *bodies[shape])]  # type: ignore[arg-type]
    h = items[shape[0]]
    assert isinstance(h, Heading)
    kids: list[Node] = [_paragraph(items[k], c) for k in bodies[shape[0]]]  # type: ignore[arg-type]
    for child in shape[1]:
        kids.extend(_nodes(child, items, bodies, c, depth + 1))
    start = c.src(h.start)
    title_start = c.src(h.title_start) if h.title_start < len(c.text) else len(c.source)
    title_end = max(title_start, c.src_end(h.end))
    end = max(title_end, kids[-1].span[1]) if kids else title_end
    return [SectionNode("section", h.marker.style, h.marker.number, h.marker.text, depth, h.title,
                        (title_start, title_end), (start, end), kids)]


def build(items: list[Heading | Para], levels: list[int], cleaned: Cleaned) -> list[Node]:
    """The document's children: preamble paragraphs and the top-level sections, as output nodes."""
    stream, preamble, bodies = tokens(items, levels)
    shape: list = outline_parser().parse(stream) if stream else []  # type: ignore[arg-type,assignment]
    del stream  # one Lark token per heading: let them go before the nodes are made
    out: list[Node] = [_paragraph(items[k], cleaned) for k in preamble]  # type: ignore[arg-type]
    for s in shape:
        out.extend(_nodes(s, items, bodies, cleaned, 1))
    return out
