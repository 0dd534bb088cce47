"""The document's own title and what the text states about it: author, organisation, date, source."""
from __future__ import annotations

import re

from .cleaned import Cleaned
from .markers import Candidate

_FIRST_LINE = re.compile(r"\S[^\r\n]*")
_TITLE_MARKUP = re.compile(r"^(?:#+\s*|\*\*|title:\s*)|\*\*$|\.(?:docx?|pdf|txt)$", re.I)
MAX_TITLE = 80


def find_title(cleaned: Cleaned, markers: list[Candidate]) -> tuple[str, int, int] | None:
    """The document title: its first line, where that line is short, is not a sentence and holds no marker.

    Returns (title, start, end) in cleaned offsets, or None.
    """
    m = _FIRST_LINE.search(cleaned.text)
    if m is None:
        return None
    line = m.group().rstrip()
    end = m.start() + len(line)
    if len(line) > MAX_TITLE or line[-1] in "。！？；，,：:;":
        return None
    if markers and markers[0].start < end:
        return None
    title = _TITLE_MARKUP.sub("", line).strip()
    return (title, m.start(), end) if title else None
