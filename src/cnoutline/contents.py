"""Numbered lines that do not open sections: tables of contents, lists of attachments, editors' notes."""
from __future__ import annotations

import re
from bisect import bisect_right

from .headings import Heading, heading

MIN_ENTRIES = 3
MAX_FILLER = 80  # dot leaders, page numbers and spaces between two entries
# What may stand between two entries of a table of contents: white space, dot leaders, page numbers.
_FILLER = re.compile(r"[\s.·…_\-—0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩivxlcIVXLC]*")
# The end of a table-of-contents line: a dot leader and a page number (Arabic or Roman).
_LEADER_END = re.compile(r"(?:[.．·‧]{4,}|…{2,})[ \t\u3000]*[0-9ivxlcIVXLCⅠ-Ⅻ]+[ \t\u3000]*\r?$")
MAX_WRAPPED_ENTRY = 60
MAX_ENTRY_TAIL = 200
_ROMAN_LETTERS = set("ivxlcIVXLCⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ")  # how much of a line's end a dot leader and page number may take
# "附件：1.…　2.…" lists a 公文's attachments; the attachments themselves follow as 附件1, 附件2.
_ATTACHMENT_LIST = re.compile(r"附件\s*[:：]\s*$")


def drop_contents(text: str, heads: list[Heading], soft: frozenset[int] = frozenset()) -> list[Heading]:
    """The headings without those that form a table of contents (a heading before a dropped run is
    read again, since it may now run further).

    A table of contents is a run of at least MIN_ENTRIES headings with nothing but filler between
    them and no entry twice, most of whose (style, number, title) come back later in the document.
    A list of attachments is such a run of one style right after 附件：, however short. A heading whose
    line (or its wrapped continuation) ends in a dot leader and a page number is an entry in any case.
    """
    leaders = _Leaders(text)
    drop: set[int] = set()
    if leaders.ends:
        limits = [h.start for h in heads[2:]] + [len(text)] * 2
        drop = {i for i, (h, limit) in enumerate(zip(heads, limits)) if leaders.is_entry(h, limit)}
    # whether only filler stands between each heading and the next
    bare = [b.start - a.end <= MAX_FILLER and _FILLER.fullmatch(text, a.end, b.start) is not None
            for a, b in zip(heads, heads[1:])]
    keys = [(h.marker.style, h.marker.number, h.title) for h in heads]  # a table lists each entry once
    last: dict[tuple[str, int, str], int] = {}  # the last index of each key, made when first needed
    i = 0
    while i < len(heads):
        j = i
        if i < len(bare) and bare[i]:
            run = {keys[i]}
            while j < len(bare) and bare[j] and keys[j + 1] not in run:
                j += 1
                run.add(keys[j])
        before = max(0, heads[i].start - 20)
        if text.find("附件", before, heads[i].start) >= 0 and _ATTACHMENT_LIST.search(text, before, heads[i].start):
            same = next((k for k in range(i, j + 1) if heads[k].marker.style != heads[i].marker.style), j + 1)
            drop.update(range(i, same))
        elif j - i + 1 >= MIN_ENTRIES:
            last = last or {key: k for k, key in enumerate(keys)}
            if sum(1 for k in range(i, j + 1) if last[keys[k]] > j) * 2 > j - i + 1:
                drop.update(range(i, j + 1))
        i = j + 1
    if not drop:
        return heads
    kept = [h for k, h in enumerate(heads) if k not in drop]
    limits = [h.marker.start for h in kept[1:]] + [len(text)]
    return [heading(text, h.marker, limit, soft) if k + 1 in drop else h
            for k, h, limit in zip((i for i in range(len(heads)) if i not in drop), kept, limits)]


# A run of dot leaders; a table-of-contents line holds one.
_LEADER_RUN = re.compile(r"[.．·‧…][.．·‧…]+")  # a superset of the leaders, in the form the engine scans fastest


class _Leaders:
    """The dot-leader runs of a text, found in one pass, so that headings far from any are passed over."""

    def __init__(self, text: str) -> None:
        self.text = text
        runs = [m.span() for m in _LEADER_RUN.finditer(text)]
        self.starts = [a for a, _ in runs]
        self.ends = [b for _, b in runs]

    def is_entry(self, h: Heading, limit: int) -> bool:
        """Whether the heading's line, or the wrapped line after it, ends in a dot leader and a page number.

        Only the end of a line is looked at (the pattern is anchored there), and never past `limit`, the
        next heading but one: one long line of headings costs no more than its length.
        """
        text = self.text
        line_end = text.find("\n", h.title_start, limit)
        line_end = limit if line_end < 0 else line_end
        k = bisect_right(self.ends, h.title_start)
        if k == len(self.ends) or self.starts[k] >= line_end + 1 + MAX_WRAPPED_ENTRY:
            return False  # no dot leader on the heading's line or the next
        if _ends_in_page_number(text, line_end) and _LEADER_END.search(
                text, max(h.title_start, line_end - MAX_ENTRY_TAIL), line_end):
            return True
        nxt_end = text.find("\n", line_end + 1, line_end + 1 + MAX_WRAPPED_ENTRY)
        return nxt_end >= 0 and _ends_in_page_number(text, nxt_end) and \
            _LEADER_END.search(text, line_end + 1, nxt_end) is not None


def _ends_in_page_number(text: str, end: int) -> bool:
    """A quick look before the pattern: does the line ending at `end` end in a digit or a Roman numeral?"""
    i = end
    while i > 0 and text[i - 1] in " \t\r\u3000":
        i -= 1
    return i > 0 and (text[i - 1].isdigit() or text[i - 1] in _ROMAN_LETTERS)


# An editor's notes block: a 注释 line (or a rule) near the end, followed by numbered notes.
# (Anchored on the line feed before it, a literal the engine finds quickly, rather than on ^.)
_NOTES = re.compile(r"\n[ \t\u3000]*(?:[注註][ \t\u3000]*[释釋]|注[ \t\u3000]*解|附[ \t\u3000]*注|-{6,}|—{6,})[ \t\u3000]*[:：]?[ \t\u3000]*\r?\n"
                    r"(?:[ \t\u3000]*\r?\n|[ \t\u3000]*[注註][ \t\u3000]*[释釋][ \t\u3000]*\r?\n)*"
                    r"[ \t\u3000]*(?:〔\d+〕|\[\d+\]|［\d+］|[①⑴]|\(1\)|（1）)")
NOTES_FROM = 0.5


def notes_start(text: str) -> int | None:
    """Where an editor's notes block starts, if the document ends with one; its numbering is the notes'.

    Only a block in the second half of the text counts, so a note list inside the body is left alone.
    """
    m = _NOTES.search(text, max(0, int(len(text) * NOTES_FROM) - 1))
    return m.start() + 1 if m else None
