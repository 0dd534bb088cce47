"""Bytes or a file → the text the document shows (`Shown`), whatever its format.

The format is told by content, not only by the name: a zip holding `word/document.xml` is Word, bytes
opening with `%PDF-` are a PDF, markup that opens with a doctype or an <html> element is a web page;
a `.md` name marks Markdown, and anything else is read as text. Each format has one module here with
one function, `read(data) -> Shown`; the pipeline runs unchanged on what it returns.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from importlib import import_module
from os import PathLike

from ..errors import ReadError
from .shown import Cut, Format, HeadingHint, Shown

__all__ = ["MAX_INPUT_BYTES", "Cut", "Format", "HeadingHint", "Shown", "detect", "read", "read_file"]

# The largest input read, in bytes: a bound on memory (about 10× the text) and time for one document.
MAX_INPUT_BYTES = 256 * 1024 * 1024

# format → the module (in this package) whose `read(data: bytes) -> Shown` reads it
_MODULES: dict[str, str] = {
    "text": "text", "markdown": "text", "docx": "docx", "html": "html", "pdf": "pdf",
}
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 .doc, and encrypted Office files
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_HTML_OPENINGS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")
_SNIFF = 1024


def detect(data: bytes, name: str | None = None) -> Format:
    """The format of `data`, told by its content, then by the suffix of `name`.

    Raises ReadError for a container cnoutline does not read (a .doc, an encrypted Office file, a zip
    that is not a Word file), naming what it is.
    """
    head = data[:_SNIFF]
    if head.startswith(_ZIP):
        return "docx"  # the docx reader says which zips are not Word files
    if head.startswith(_OLE2):
        raise ReadError("an encrypted Office file or a Word 97-2003 .doc (OLE2), not .docx: "
                        "remove the password, or save it as .docx")
    if b"%PDF-" in head:
        return "pdf"
    suffix = os.path.splitext(name or "")[1].lower()
    opening = _strip_opening(head).lower()
    if opening.startswith(_HTML_OPENINGS) and (suffix in _HTML_SUFFIXES or _looks_like_page(data)):
        return "html"
    if suffix in _HTML_SUFFIXES and opening.startswith(b"<"):
        return "html"
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    return "text"


def _strip_opening(head: bytes) -> bytes:
    """The head without a byte order mark and leading white space (UTF-8 and ASCII-compatible pages)."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def _looks_like_page(data: bytes) -> bool:
    """Whether markup that opens like a page has a page's elements (text with a stray tag does not)."""
    low = data[:64 * 1024].lower()
    return b"<html" in low or b"<body" in low or b"<head" in low


def read(data: bytes, *, name: str | None = None, format: Format | None = None) -> Shown:
    """The text the document in `data` shows, read by the reader of its format (detected unless given).

    Raises ReadError (DecodeError for text that is not in a known encoding) with a one-line reason.
    """
    if len(data) > MAX_INPUT_BYTES:
        raise ReadError(f"{len(data):,} bytes, over the limit of {MAX_INPUT_BYTES:,}")
    fmt = format or detect(data, name)
    reader: Callable[..., Shown] = import_module(f".{_MODULES[fmt]}", __name__).read
    return reader(data, format=fmt) if _MODULES[fmt] == "text" else reader(data)


def read_file(path: str | PathLike[str], *, format: Format | None = None) -> Shown:
    """The text the file at `path` shows (see `read`)."""
    with open(path, "rb") as f:
        data = f.read(MAX_INPUT_BYTES + 1)
    return read(data, name=os.fspath(path), format=format)
