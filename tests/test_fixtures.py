"""Real documents beside their expected output (fixtures/documents), held to the shared gold outlines."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import orjson
import pytest

import cnoutline
from cnoutline import Document, parse_file, parse_json, walk

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DOCUMENTS = sorted((FIXTURES / "documents").glob("*.txt"))
UPDATE = os.environ.get("UPDATE_FIXTURES") == "1"


def test_fixtures_exist() -> None:
    assert len(DOCUMENTS) >= 10, "fixtures/documents holds the real documents the tests read"


def _parse(path: Path) -> dict:
    return orjson.loads(parse_json(path.read_text(encoding="utf-8"), name=path.name))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_expected_output(path: Path) -> None:
    """The whole document (tree, spans, removed, warnings, meta) is what was checked by hand."""
    got = _parse(path)
    expected_path = path.with_suffix(".json")
    if UPDATE:
        expected_path.write_bytes(orjson.dumps(got, option=orjson.OPT_INDENT_2) + b"\n")
    expected = orjson.loads(expected_path.read_bytes())
    if got != expected:
        outline = [(s["depth"], s["marker"], s["title"]) for _, s in _sections(got)]
        wanted = [(s["depth"], s["marker"], s["title"]) for _, s in _sections(expected)]
        assert outline == wanted, "the outline changed"
        assert got == expected, "the outline is the same but spans, text or metadata changed"


def _sections(doc: dict, path: tuple = ()) -> list[tuple[tuple, dict]]:
    out = []
    for child in doc["children"]:
        if child["type"] == "section":
            out.append((path, child))
            out.extend(_sections(child, path + (child["title"],)))
    return out


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(text.split()).rstrip("。．.，,；;：:！!？? ")


@pytest.mark.parametrize("path", [p for p in DOCUMENTS if p.with_suffix(".gold.json").exists()],
                         ids=lambda p: p.stem)
def test_matches_gold_outline(path: Path) -> None:
    """Every heading of the human gold outline, at its depth, with its style, number and title."""
    gold = orjson.loads(path.with_suffix(".gold.json").read_bytes())
    doc = Document.model_validate(_parse(path))
    got = [(len(anc) + 1, s.style, s.number, _norm(s.title)) for anc, s in walk(doc)]
    want = [(h["depth"], h["style"], h["number"], _norm(h["title"])) for h in gold["headings"]]
    assert got == want
    assert _norm(doc.title) == _norm(gold["title"])
    for field in ("author", "date"):
        if gold.get(field):
            assert getattr(doc.meta, field) == gold[field], field


ENCODINGS = FIXTURES / "encodings"


@pytest.mark.parametrize("name, encoding", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                            ("utf-16", "utf-16"), ("gb18030", "gb18030")])
def test_encodings_give_the_same_tree(name: str, encoding: str) -> None:
    reference = parse_file(ENCODINGS / "utf-8.txt")
    doc = parse_file(ENCODINGS / f"{name}.txt")
    assert doc.source.encoding == encoding
    assert doc.source.chars == reference.source.chars
    assert doc.children == reference.children


def test_undecodable_file_is_a_clear_error() -> None:
    with pytest.raises(cnoutline.DecodeError):
        parse_file(ENCODINGS / "undecodable.txt")


@pytest.mark.parametrize("line_end", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_do_not_change_the_outline(real_docs: list[Path], line_end: str) -> None:
    """Windows (CRLF) and old Mac (CR) copies of every real document read as the LF original does."""
    def outline(text: str) -> tuple:
        doc = orjson.loads(parse_json(text))
        return doc["title"], [(len(path), s["style"], s["number"], s["title"]) for path, s in _sections(doc)]

    for path in real_docs:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert outline(text.replace("\n", line_end)) == outline(text), path.name
