"""Parse the heading/paragraph stream with the LALR outline grammar and build the section tree."""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from lark import Lark, Token, Transformer, Tree
from lark.lexer import Lexer

from .cleaned import Cleaned
from .grammars import grammar_text
from .headings import Heading
from .layout import Para


class _StreamLexer(Lexer):
    """Hands the parser a ready-made token stream: the layout stage has already decided the tokens."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        return iter(data)


class _Shape(Transformer):
    """Runs inside the parser as it reduces: the tree's shape as item indices, with no Tree objects.

    A paragraph becomes its item index, a section (heading index, [children]).
    """

    def para(self, children: list[Token]) -> int:
        return int(children[0])

    summary = para

    def section(self, children: list) -> tuple[int, list]:
        return int(children[0]), children[1:]

    def start(self, children: list) -> list:
        return children


@cache
def outline_parser() -> Lark:
    """The LALR parser of grammar/outline.lark, built once per process."""
    return Lark(grammar_text("outline.lark"), parser="lalr", lexer=_StreamLexer, transformer=_Shape())


def tokens(items: list[Heading | Para], levels: list[int]) -> list[Token]:
    """One token per item; its value is the item's index."""
    out: list[Token] = []
    seen_section = False
    heads = iter(levels)
    for i, item in enumerate(items):
        if isinstance(item, Heading):
            out.append(Token(f"H{next(heads)}", str(i)))
            seen_section = True
        else:
            out.append(Token("SUMMARY" if item.summary and seen_section else "PARA", str(i)))
    return out


def _node(shape: int | tuple[int, list], items: list[Heading | Para], c: Cleaned, depth: int) -> dict:
    """The JSON-ready node of one shape, with spans mapped back to the source."""
    if isinstance(shape, int):
        p = items[shape]
        text = c.text[p.start:p.end]
        if "\n" in text:  # a paragraph of hard-wrapped lines
            text = "".join(line.strip() for line in text.splitlines())
        return {"type": "paragraph", "text": text, "span": (c.src(p.start), c.src_end(p.end))}
    h = items[shape[0]]
    assert isinstance(h, Heading)
    kids = [_node(k, items, c, depth + 1) for k in shape[1]]
    start = c.src(h.start)
    title_start = c.src(h.title_start) if h.title_start < len(c.text) else len(c.source)
    title_end = max(title_start, c.src_end(h.end))
    end = max(title_end, kids[-1]["span"][1]) if kids else title_end
    return {"type": "section", "style": h.marker.style, "number": h.marker.number, "marker": h.marker.text,
            "depth": depth, "title": h.title, "title_span": (title_start, title_end), "span": (start, end),
            "children": kids}


def build(items: list[Heading | Para], levels: list[int], cleaned: Cleaned) -> list[dict]:
    """The document's children: preamble paragraphs and the top-level sections, as JSON-ready dicts."""
    shape = outline_parser().parse(tokens(items, levels))  # type: ignore[arg-type]
    return [_node(s, items, cleaned, 1) for s in shape]
