"""Load the .lark grammars (shipped in the package, or from the source tree) and build parsers once."""
from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from lark import Lark

_SOURCE_TREE = Path(__file__).resolve().parents[2] / "grammar"


def grammar_text(name: str) -> str:
    """Text of grammar `name` (e.g. "outline.lark"): the installed copy, else the repository's."""
    installed = files("cnoutline") / "grammar" / name
    if installed.is_file():
        return installed.read_text(encoding="utf-8")
    return (_SOURCE_TREE / name).read_text(encoding="utf-8")


@cache
def marker_grammar() -> Lark:
    """The marker grammar: one terminal per spelling of a numbering style."""
    return Lark(grammar_text("markers.lark"), start="marker", parser="lalr", lexer="basic")


@cache
def marker_terminals() -> tuple[tuple[str, str], ...]:
    """(terminal name, regular expression) of every marker spelling, highest priority first."""
    terms = sorted(marker_grammar().terminals, key=lambda t: -t.priority)
    return tuple((t.name, t.pattern.to_regexp()) for t in terms)
