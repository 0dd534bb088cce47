"""Every real document parses to a tree whose spans nest inside the source and that loses nothing (SPEC.md §3).

The documents are the shared seeds and corpus (../shared beside the repository); the checks are
`cnoutline.verify`'s. The tests at the end show the checks themselves catch each kind of damage.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from cnoutline import (
    Document,
    Paragraph,
    Removed,
    Section,
    Warning,
    dumps,
    parse,
    parse_file,
    parse_json,
)
from cnoutline.verify import check, check_spans, uncovered

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GLOBS = ("seeds/*.txt", "corpus/docs/*.txt", "corpus/large/*.txt")


def documents() -> list[Path]:
    """Every shared document, in a stable order."""
    return [path for pattern in GLOBS for path in sorted(SHARED.glob(pattern))]


pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared documents not found at {SHARED}")


def test_documents_found() -> None:
    """The globs found the seeds, the corpus documents and the large texts (guards the parametrized test)."""
    found = documents()
    for pattern in GLOBS:
        assert any(path.match(pattern) for path in found), f"no document matches {SHARED / pattern}"


@pytest.mark.parametrize("path", documents(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_document_is_lossless(path: Path) -> None:
    """Spans are sound, nothing is lost, the JSON reads back as the same document, and the fast path
    parse_json gives exactly the bytes of dumps(parse(text))."""
    text = path.read_text(encoding="utf-8")
    doc = parse(text, name=path.name)
    assert check(doc, text) == []
    out = dumps(doc)
    assert Document.model_validate_json(out) == doc
    assert parse_json(text, name=path.name) == out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_encoded_file_is_lossless(encoding: str, tmp_path: Path) -> None:
    """A seed saved in each encoding parse_file reads gives the same sound document over the decoded text."""
    seed = min(SHARED.glob("seeds/*.txt"))
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / seed.name
    path.write_bytes(text.encode(encoding))
    doc = parse_file(path)
    assert check(doc, text) == []
    assert doc.children == parse(text).children


# ---- the checks catch damage ----------------------------------------------------------------------

SAMPLE = "关于工作的几点思考\n一、总则。本办法适用于全体。\n（一）目的。明确要求。\n二、附则\n本办法自公布之日起施行。"


def sample() -> Document:
    """A sound document with a title, nested sections and paragraphs."""
    doc = parse(SAMPLE)
    assert check(doc, SAMPLE) == []
    return doc


def first_section(doc: Document) -> Section:
    """The document's first top-level section."""
    return next(c for c in doc.children if isinstance(c, Section))


def test_sample_has_structure() -> None:
    """The sample the damage tests start from has a title, two top-level sections and a nested one."""
    doc = sample()
    assert doc.title_span is not None
    assert [(s.marker, s.depth) for _, s in doc.sections()] == [("一、", 1), ("（一）", 2), ("二、", 1)]


def test_lost_paragraph_is_reported() -> None:
    """Dropping a paragraph leaves its text uncovered, and check() names it."""
    doc = sample()
    last = doc.children[-1]
    assert isinstance(last, Section)
    dropped = last.children.pop()
    assert isinstance(dropped, Paragraph)
    assert uncovered(doc, SAMPLE) == [dropped.span]
    assert any(p.startswith("lost:") for p in check(doc, SAMPLE))


def test_removed_span_accounts_for_text() -> None:
    """A stretch recorded in `removed` counts as accounted for; its text must be the source's."""
    doc = sample()
    last = doc.children[-1]
    assert isinstance(last, Section)
    dropped = last.children.pop()
    start, end = dropped.span
    doc.removed.append(Removed(reason="boilerplate", span=(start, end), text=SAMPLE[start:end]))
    assert check(doc, SAMPLE) == []
    doc.removed[-1].text = "别的"
    assert any("not the source under its span" in p for p in check(doc, SAMPLE))


def test_blank_gaps_are_not_lost() -> None:
    """Blank characters (line breaks, U+3000) between nodes need no covering."""
    text = "标题\n\u3000\u3000一、总则\r\n\t正文。\n"
    assert uncovered(parse(text), text) == []


def test_span_outside_source() -> None:
    """A span past the end of the source is reported."""
    doc = sample()
    first_section(doc).span = (first_section(doc).span[0], len(SAMPLE) + 5)
    assert any("is not within" in p for p in check_spans(doc))


def test_warning_outside_source() -> None:
    """A warning whose span is not in the source is reported."""
    doc = sample()
    index = len(doc.warnings)
    doc.warnings.append(Warning(code="numbering_gap", message="三、 follows 一、", span=(3, len(SAMPLE) + 1), line=1, column=4))
    assert any(p.startswith(f"warnings[{index}]") for p in check_spans(doc))


def test_child_outside_parent() -> None:
    """A child whose span leaves its parent's span is reported."""
    doc = sample()
    section = first_section(doc)
    section.span = (section.span[0], section.span[1] - 3)
    assert any("outside its parent's span" in p for p in check_spans(doc))


def test_siblings_out_of_order() -> None:
    """Swapped siblings overlap the order the spans promise, and are reported."""
    doc = sample()
    doc.children.reverse()
    assert any("starts before" in p for p in check_spans(doc))


def test_title_outside_section() -> None:
    """A title_span that is not inside its section's span is reported."""
    doc = sample()
    section = first_section(doc)
    section.title_span = (section.span[0] - 1, section.title_span[1])
    problems = check_spans(doc)
    assert any("title_span" in p and "outside its span" in p for p in problems)


def test_marker_must_precede_title() -> None:
    """A title_span starting at the section start leaves no room for the marker, and is reported."""
    doc = sample()
    section = first_section(doc)
    section.title_span = (section.span[0], section.title_span[1])
    assert any("does not fit" in p for p in check_spans(doc))


def test_marker_must_be_in_source() -> None:
    """A marker that is not in the source before the title is reported."""
    doc = sample()
    first_section(doc).marker = "三、"
    assert any("marker not found" in p for p in check(doc, SAMPLE))


def test_wrong_depth() -> None:
    """A depth that is not the tree depth is reported."""
    doc = sample()
    first_section(doc).depth = 2
    assert any("tree depth" in p for p in check_spans(doc))


def test_wrong_source_facts() -> None:
    """source.chars and source.sha256 must describe the text the document was parsed from."""
    doc = sample()
    problems = check(doc, SAMPLE + "。")
    assert any(p.startswith("source.chars") for p in problems)
    assert any(p.startswith("source.sha256") for p in problems)


def trailing_part(title_start: int) -> tuple[Document, str]:
    """A hand-built document with one 篇一 part whose title starts at `title_start`."""
    text = "学习心得篇一\n正文。"
    part = Section(style="part", number=1, marker="篇一", depth=1, title="学习心得", title_span=(title_start, 6),
                   span=(0, 10), children=[Paragraph(text="正文。", span=(7, 10))])
    doc = parse("")
    doc.source.chars = len(text)
    doc.children = [part]
    return doc, text


def test_trailing_part_marker() -> None:
    """A 篇一 part starts with its title and its marker follows; any other shape is reported."""
    doc, text = trailing_part(0)
    assert check_spans(doc) == []
    assert uncovered(doc, text) == []
    doc, text = trailing_part(1)
    assert any("trailing marker" in p for p in check_spans(doc))
