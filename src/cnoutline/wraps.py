"""Hard-wrapped text (PDF extractions): which line breaks are only the page's line wraps."""
from __future__ import annotations

import re
from collections.abc import Iterator
from operator import itemgetter

from .markers import Candidate

_SENTENCE_END = "。！？；：…」』”）):;!?，,、"
# A wrapped document's lines are narrow (in display columns: a CJK character is two) and mostly stop
# mid-sentence; one paragraph per line gives wide lines that end in punctuation.
MAX_COLUMNS = 90
MIN_LINES = 12
MIN_FULL_SHARE = 0.2
FULL = 0.85
# A line ending in a number the wrap split off its text ("(1)2014" / "臺北爵士音樂節"), or a next line
# that opens with punctuation that cannot start a line of its own, also continues.
_CONTINUES = re.compile(r"[:：,，、)）。;；]")


# Characters that take one column: all but East Asian wide and full-width ones (Unicode's W and F),
# which take two. (Counting the few narrow characters of a Chinese line is cheaper than the many wide.)
_NARROW = re.compile(r"[^\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                     r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _columns(line: str) -> int:
    return 2 * len(line) - len(_NARROW.findall(line))


BATCH = 1 << 20  # characters of text whose lines are looked at together


def _content_lines(text: str) -> Iterator[list[str]]:
    """The text's non-blank lines, stripped, in batches: a huge text is never split into lines at once."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + BATCH)
        end = len(text) if end < 0 else end
        yield list(filter(None, map(str.strip, text[start:end].split("\n"))))
        start = end + 1


def soft_breaks(text: str) -> frozenset[int]:
    """Offsets of the line feeds that are line wraps inside a paragraph, in a hard-wrapped text.

    Empty for texts that are not hard-wrapped. A break is a wrap where the line before it fills the
    column, ends in a number split from its text, or the next line opens with a continuing mark.
    """
    # cheap tests first, counted a batch of lines at a time: a line is at least as wide as it is long,
    # so the 80th percentile of the lengths must be narrow enough; and most lines must stop mid-sentence
    content = narrow = ends = 0
    for batch in _content_lines(text):
        content += len(batch)
        narrow += sum(map(MAX_COLUMNS.__ge__, map(len, batch)))
        ends += sum(map(_SENTENCE_END.__contains__, map(itemgetter(-1), batch)))
    if content < MIN_LINES or narrow <= int(content * 0.8) or content - ends < MIN_FULL_SHARE * content:
        return frozenset()
    raw = text.split("\n")
    stripped = list(map(str.strip, raw))
    offsets, pos = [], 0
    for ln in raw:
        pos += len(ln) + 1
        offsets.append(pos - 1)  # the line feed that ends this line
    lines = list(zip(offsets, stripped, strict=True))
    placed = [(s, ln) for s, ln in lines if ln]
    columns = [_columns(ln) for _, ln in placed]
    p80 = sorted(columns)[int(len(columns) * 0.8)]
    if p80 > MAX_COLUMNS:
        return frozenset()
    full = sum(1 for (_, ln), width in zip(placed, columns) if width >= FULL * p80 and ln[-1] not in _SENTENCE_END)
    if full < MIN_FULL_SHARE * len(placed):
        return frozenset()
    soft = []
    for (newline, body), (_, following) in zip(lines, lines[1:]):
        if not body or not following:
            continue
        if (body[-1] not in _SENTENCE_END and (_columns(body) >= FULL * p80 or body[-1].isdigit())) \
                or _CONTINUES.match(following):
            soft.append(newline)
    return frozenset(soft)


def unwrapped(candidates: list[Candidate], text: str, soft: frozenset[int]) -> list[Candidate]:
    """The candidates without the bare numbers that a line wrap left at the start of a line
    ("…以紓解台\n4 線交通壅塞問題。"): they belong to the sentence the wrap split."""
    if not soft:
        return candidates
    return [c for c in candidates if not (c.form.endswith("__bare") and text.rfind("\n", 0, c.start) in soft)]
