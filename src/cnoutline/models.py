"""Pydantic v2 models of cnoutline's JSON contract (schema_version "1"); no parsing happens here."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["2"] = "2"

Style = Literal[
    "part", "attachment", "chapter", "section", "article", "cn_formal", "cn_dun", "cn_paren", "arabic",
    "decimal", "arabic_paren", "arabic_half_paren", "circled", "cn_stem", "cn_di", "cn_shi", "sequence",
]
Span = tuple[int, int]
Format = Literal["text", "markdown", "docx", "html", "pdf"]


def _absent(value: object) -> bool:
    return value is None


def _location(description: str) -> Any:
    """A field that only some input formats have: left out of the JSON where it is null."""
    return Field(default=None, exclude_if=_absent, description=description)


_PAGE = "The 1-based page of a PDF where this starts (PDF input only)."
_BLOCK = ("The 0-based index of the block where this starts: the Word body paragraph (counted among all "
          "of them, tables included) or the HTML block element (Word and HTML input only).")


class _Model(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True, extra="forbid", frozen=False)


class Source(_Model):
    """Where the text came from and how it was read."""

    name: str | None = None
    """File name, or null for text given directly."""
    format: Format = "text"
    """How the input was read: text, markdown, docx, html or pdf."""
    encoding: str | None = "utf-8"
    """The encoding the bytes of a text format were decoded with (utf-8, utf-8-sig, utf-16, gb18030,
    ...); null for Word, HTML and PDF, which say their own."""
    chars: int
    """Length of the source text in characters (the decoded text, or the text a Word, HTML or PDF file
    shows, as `cnoutline text` prints it); every span indexes into that text."""
    sha256: str
    """SHA-256 of the source text encoded as UTF-8."""
    pages: list[int] | None = _location("Where each page of a PDF starts in the source text (page k at "
                                        "pages[k - 1]); PDF input only.")


class Meta(_Model):
    """What the text itself states about the document."""

    author: str | None = None
    """The author, speaker or signatory as named in the text."""
    org: str | None = None
    """The signing or issuing organisation."""
    date: str | None = None
    """The document's own date, ISO 8601 (YYYY-MM-DD, or YYYY-MM where the day is not given)."""
    doc_number: str | None = None
    """The document number of a 公文 (发文字号, e.g. 国办发〔2019〕5号) where the file states it."""
    source_url: str | None = None
    """The page address the text states for itself."""
    keywords: list[str] = Field(default_factory=list)
    """Keywords the text lists (关键词)."""


class Paragraph(_Model):
    """A run of body text: cleaned text, and the span it came from."""

    type: Literal["paragraph"] = "paragraph"
    text: str
    """Cleaned text: noise, glosses and page artifacts removed, hard-wrapped lines joined."""
    span: Span
    """[start, end) character offsets into the source text."""
    page: int | None = _location(_PAGE)
    block: int | None = _location(_BLOCK)


class Section(_Model):
    """A numbered section: its marker, title and everything under it."""

    type: Literal["section"] = "section"
    style: Style
    """The numbering style of the marker (see the README's table)."""
    number: int
    """The ordinal value of the marker (一 = 1, 十二 = 12, ③ = 3, 甲 = 1)."""
    marker: str
    """The marker as written in the source, e.g. "一、", "（一）", "第三条", "一是"."""
    depth: int
    """Depth in the tree: 1 for a child of the document."""
    title: str
    """The heading text as a reader names it: cleaned, without trailing punctuation."""
    title_span: Span
    """[start, end) of the title in the source, including the punctuation that ends the heading."""
    span: Span
    """[start, end) of the whole section: marker, title, body and descendants."""
    page: int | None = _location(_PAGE)
    block: int | None = _location(_BLOCK)
    children: list[Node] = Field(default_factory=list)
    """Paragraphs and subsections in document order."""


Node = Annotated[Paragraph | Section, Field(discriminator="type")]


class Removed(_Model):
    """A stretch of the source left out of the tree as noise, with the reason."""

    reason: str
    """boilerplate, garbage, pinyin, page_artifact, footnote_call, markup, broken_marker, ..."""
    span: Span
    text: str
    """The removed source text."""


class Warning(_Model):
    """Something the parser was unsure about or found out of order."""

    code: str
    """numbering_gap, numbering_order, uncertain_title, ..."""
    message: str
    span: Span
    line: int
    """1-based line of the span's start in the source text."""
    column: int
    """1-based column (in characters) of the span's start in its line."""


class Document(_Model):
    """The parsed document: metadata, preamble paragraphs and the section tree."""

    type: Literal["document"] = "document"
    schema_version: Literal["2"] = SCHEMA_VERSION
    source: Source
    title: str | None = None
    """The document's own title, or null where the text has none."""
    title_span: Span | None = None
    meta: Meta = Field(default_factory=Meta)
    children: list[Node] = Field(default_factory=list)
    """Preamble paragraphs, then sections, in document order."""
    removed: list[Removed] = Field(default_factory=list)
    """Everything left out as noise; with the tree it accounts for every character of the source."""
    warnings: list[Warning] = Field(default_factory=list)

    def sections(self) -> Iterator[tuple[tuple[Section, ...], Section]]:
        """Every section in document order with its ancestors (outermost first)."""
        return walk(self)


def walk(node: Document | Section, path: tuple[Section, ...] = ()) -> Iterator[tuple[tuple[Section, ...], Section]]:
    """Yield (ancestors, section) for every section below node, in document order (pre-order)."""
    for child in node.children:
        if isinstance(child, Section):
            yield path, child
            yield from walk(child, path + (child,))


Section.model_rebuild()
Document.model_rebuild()
