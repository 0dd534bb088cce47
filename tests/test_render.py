"""The outline, Markdown and chunk views (render.py): exact output on a built tree, properties on real documents."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cnoutline import Document, Paragraph, Section, parse_file
from cnoutline.render import chunks, heading_text, markdown, outline

_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
_BOLD_LINE = re.compile(r"^\*\*.*\*\*$", re.MULTILINE)


def _para(text: str, start: int) -> Paragraph:
    return Paragraph(text=text, span=(start, start + len(text)))


def _sec(style: str, number: int, marker: str, depth: int, title: str, start: int, end: int,
         children: list[Paragraph | Section]) -> Section:
    title_start = start + len(marker)
    return Section(style=style, number=number, marker=marker, depth=depth, title=title,  # type: ignore[arg-type]
                   title_span=(title_start, title_start + len(title)), span=(start, end), children=children)


DEEP_BODY = "# 不是标题\n1. 也不是列表\n<!-- 不是注释 -->\n  - 不是列表项"
DEEP_END = 178 + len(DEEP_BODY)


def _deep_chain(depth: int, last: int) -> Section:
    """Sections nested from `depth` to 7 under one another, one per style, the innermost with a paragraph."""
    styles = [("arabic", "1."), ("arabic_paren", "（1）"), ("arabic_half_paren", "1）"), ("circled", "①"),
              ("cn_stem", "（甲）"), ("cn_shi", "一是")]
    style, marker = styles[depth - 2]
    start = 100 + 10 * depth
    if depth == 7:
        body = _para(DEEP_BODY, start + 8)
        return _sec(style, 1, marker, depth, f"第{depth}层", start, body.span[1], [body])
    return _sec(style, 1, marker, depth, f"第{depth}层", start, last, [_deep_chain(depth + 1, last)])


@pytest.fixture(scope="module")
def doc() -> Document:
    """A document with a title, a preamble, a section with paragraphs before and after its
    subsections, a leaf without paragraphs, and a chain of sections seven levels deep."""
    leaf_end = DEEP_END
    return Document(
        source={"name": "built.txt", "encoding": "utf-8", "chars": 300, "sha256": "0" * 64},
        title="关于加强学习的意见", title_span=(0, 9),
        children=[
            _para("为了加强学习，提出如下意见。", 10),
            _sec("cn_dun", 1, "一、", 1, "总体要求", 30, 90, [
                _para("学习是立身之本。", 40),
                _sec("cn_paren", 1, "（一）", 2, "指导思想", 50, 66, [_para("坚持学以致用。", 59)]),
                _sec("cn_paren", 2, "（二）", 2, "基本原则", 67, 75, []),
                _para("总之，要把学习摆在突出位置。", 76),
            ]),
            _sec("chapter", 2, "第二章", 1, "主要任务", 95, leaf_end, [_deep_chain(2, leaf_end)]),
        ],
    )


def test_heading_text_joins_marker_and_title_as_written(doc: Document) -> None:
    """Punctuated markers run into the title; word-like markers (第二章, 一是) take a space."""
    names = [heading_text(s) for _, s in doc.sections()]
    assert names[:4] == ["一、总体要求", "（一）指导思想", "（二）基本原则", "第二章 主要任务"]
    assert names[-1] == "一是 第7层"


def test_outline_of_built_document(doc: Document) -> None:
    """Title line, then one line per section indented two spaces per level, own paragraphs counted."""
    lines = outline(doc).splitlines()
    assert lines[:5] == [
        "关于加强学习的意见  [1¶]",
        "  一、总体要求  [2¶]",
        "    （一）指导思想  [1¶]",
        "    （二）基本原则",
        "  第二章 主要任务",
    ]
    assert len(lines) == 1 + len(list(doc.sections()))
    assert [len(line) - len(line.lstrip(" ")) for line in lines[5:]] == [2 * d for d in range(2, 8)]


def test_outline_without_title_names_the_source(doc: Document) -> None:
    untitled = doc.model_copy(update={"title": None, "title_span": None})
    assert outline(untitled).splitlines()[0] == "built.txt  [1¶]"


def test_outline_keeps_one_line_per_section_when_a_title_holds_a_line_break(doc: Document) -> None:
    broken = doc.model_copy(deep=True)
    first = broken.children[1]
    assert isinstance(first, Section)
    first.title = "总体\r\n要求\u2028"
    lines = outline(broken).splitlines()
    assert len(lines) == 1 + len(list(broken.sections()))
    assert lines[1] == "  一、总体  要求   [2¶]"


def test_markdown_of_built_document(doc: Document) -> None:
    """Title '#', depth d as d+1 '#'s up to six, deeper sections bold; bodies in order."""
    md = markdown(doc)
    assert _HEADING.findall(md) == ["# ", "## ", "### ", "### ", "## ", "### ", "#### ", "##### ", "###### "]
    assert _BOLD_LINE.findall(md) == ["**（甲）第6层**", "**一是 第7层**"]
    assert md.startswith("# 关于加强学习的意见\n\n为了加强学习，提出如下意见。\n\n## 一、总体要求\n\n学习是立身之本。\n\n"
                         "### （一）指导思想\n\n坚持学以致用。\n\n### （二）基本原则\n\n总之，要把学习摆在突出位置。\n\n"
                         "## 第二章 主要任务\n\n### 1.第2层\n\n")


def test_markdown_escapes_body_lines_that_would_be_markup(doc: Document) -> None:
    """A body line starting '#', '1. ', '<!--' or '- ' stays text, not a heading, list or comment."""
    body = markdown(doc).rstrip("\n").rsplit("\n\n", 1)[1]
    assert body == "\\# 不是标题\n1\\. 也不是列表\n\\<!-- 不是注释 -->\n\\- 不是列表项"


def test_chunks_of_built_document(doc: Document) -> None:
    """Preamble, a section's leading and trailing paragraph runs, leaves (even empty ones), in order."""
    got = [(c["path"], c["markers"], c["depth"], c["text"], c["span"]) for c in chunks(doc)]
    assert got == [
        ([], [], 0, "为了加强学习，提出如下意见。", [10, 24]),
        (["总体要求"], ["一、"], 1, "学习是立身之本。", [30, 48]),
        (["总体要求", "指导思想"], ["一、", "（一）"], 2, "坚持学以致用。", [50, 66]),
        (["总体要求", "基本原则"], ["一、", "（二）"], 2, "", [67, 75]),
        (["总体要求"], ["一、"], 1, "总之，要把学习摆在突出位置。", [76, 90]),
        (["主要任务", "第2层", "第3层", "第4层", "第5层", "第6层", "第7层"],
         ["第二章", "1.", "（1）", "1）", "①", "（甲）", "一是"], 7,
         DEEP_BODY, [170, DEEP_END]),
    ]


def test_chunk_fields(doc: Document) -> None:
    """Every chunk names its document and its own section; the preamble chunk carries the title."""
    first, second = list(chunks(doc))[:2]
    assert first == {"doc": "built.txt", "path": [], "markers": [], "style": None, "number": None, "depth": 0,
                     "title": "关于加强学习的意见", "text": "为了加强学习，提出如下意见。", "span": [10, 24]}
    assert {k: second[k] for k in ("doc", "style", "number", "title")} == {
        "doc": "built.txt", "style": "cn_dun", "number": 1, "title": "总体要求"}


def test_document_without_paragraphs_or_sections_has_no_chunks() -> None:
    empty = Document(source={"chars": 0, "sha256": "0" * 64})
    assert list(chunks(empty)) == []
    assert outline(empty) == "(untitled)\n"
    assert markdown(empty) == "\n"


# Properties on real documents: the repository's fixtures, and the shared seeds and corpus where present.


def _paragraphs(node: Document | Section) -> list[Paragraph]:
    out: list[Paragraph] = []
    for child in node.children:
        out.extend([child] if isinstance(child, Paragraph) else _paragraphs(child))
    return out


@pytest.fixture(scope="module")
def real(real_docs: list[Path]) -> list[Document]:
    return [parse_file(p) for p in real_docs]


def test_outline_has_a_line_per_section_on_real_documents(real: list[Document]) -> None:
    bad = [d.source.name for d in real if len(outline(d).splitlines()) != 1 + len(list(d.sections()))]
    assert not bad


def test_markdown_has_a_heading_per_section_on_real_documents(real: list[Document]) -> None:
    bad = []
    for d in real:
        md = markdown(d)
        if len(_HEADING.findall(md)) + len(_BOLD_LINE.findall(md)) != len(list(d.sections())) + bool(d.title):
            bad.append(d.source.name)
    assert not bad
    assert any(list(d.sections()) for d in real)


def test_chunks_lie_in_the_source_in_order_on_real_documents(real: list[Document]) -> None:
    bad = []
    for d in real:
        end = 0
        for c in chunks(d):
            start, stop = c["span"]
            if not end <= start <= stop <= d.source.chars:
                bad.append((d.source.name, c["path"], c["span"]))
            end = stop
            if len(c["path"]) != c["depth"] or len(c["markers"]) != c["depth"]:
                bad.append((d.source.name, c["path"], c["depth"]))
    assert not bad


def test_chunks_hold_every_paragraph_once_on_real_documents(real: list[Document]) -> None:
    """Joined in order, the chunk texts are exactly the document's paragraph texts."""
    bad = []
    for d in real:
        from_chunks = "\n".join(c["text"] for c in chunks(d) if c["text"])
        from_tree = "\n".join(p.text for p in _paragraphs(d) if p.text)
        if from_chunks != from_tree:
            bad.append(d.source.name)
    assert not bad


def test_every_leaf_section_has_a_chunk_on_real_documents(real: list[Document]) -> None:
    bad = []
    for d in real:
        leaves = [(tuple(a.marker for a in path) + (s.marker,), list(s.span)) for path, s in d.sections()
                  if not any(isinstance(c, Section) for c in s.children)]
        got = {(tuple(c["markers"]), tuple(c["span"])) for c in chunks(d)}
        bad += [(d.source.name, m) for m, span in leaves if (m, tuple(span)) not in got]
    assert not bad
