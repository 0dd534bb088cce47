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


@cache
def outline_parser() -> Lark:
    """The LALR parser of grammar/outline.lark, built once per process."""
    return Lark(grammar_text("outline.lark"), parser="lalr", lexer=_StreamLexer)


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


class _Build(Transformer):
    """Turns the parse tree into JSON-ready dicts with spans mapped back to the source."""

    def __init__(self, items: list[Heading | Para], cleaned: Cleaned) -> None:
        super().__init__()
        self.items = items
        self.cleaned = cleaned

    def para(self, children: list[Token]) -> dict:
        p = self.items[int(children[0])]
        assert isinstance(p, Para)
        c = self.cleaned
        text = c.text[p.start:p.end]
        if "\n" in text:  # a paragraph of hard-wrapped lines
            text = "".join(line.strip() for line in text.splitlines())
        return {"type": "paragraph", "text": text, "span": (c.src(p.start), c.src_end(p.end))}

    summary = para

    def section(self, children: list) -> dict:
        h = self.items[int(children[0])]
        assert isinstance(h, Heading)
        c = self.cleaned
        kids = children[1:]
        start = c.src(h.start)
        title_start = c.src(h.title_start) if h.title_start < len(c.text) else len(c.source)
        title_end = max(title_start, c.src_end(h.end))
        end = max(title_end, kids[-1]["span"][1]) if kids else title_end
        marker_text = c.text[h.marker.start:h.marker.end]
        return {"type": "section", "style": h.marker.style, "number": h.marker.number,
                "marker": marker_text, "depth": 0, "title": h.title,
                "title_span": (title_start, title_end), "span": (start, end), "children": kids}

    def start(self, children: list) -> list:
        _set_depth(children, 1)
        return children


def _set_depth(nodes: list[dict], depth: int) -> None:
    for n in nodes:
        if n["type"] == "section":
            n["depth"] = depth
            _set_depth(n["children"], depth + 1)


def build(items: list[Heading | Para], levels: list[int], cleaned: Cleaned) -> list[dict]:
    """The document's children: preamble paragraphs and the top-level sections."""
    tree: Tree = outline_parser().parse(tokens(items, levels))  # type: ignore[arg-type]
    return _Build(items, cleaned).transform(tree)
