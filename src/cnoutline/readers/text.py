"""Text files (and Markdown, which is text to the pipeline): the decoded bytes are the shown text."""
from __future__ import annotations

from ..decode import decode
from .shown import Format, Shown


def read(data: bytes, format: Format = "text") -> Shown:
    """The decoded text (UTF-8, UTF-16 or GB18030/GBK, detected), as it stands."""
    text, encoding = decode(data)
    return Shown(text, format, encoding=encoding)
