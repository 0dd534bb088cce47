"""Marker candidates: where the grammar's marker terminals match in a context where a marker can start."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .grammars import marker_terminals
from .numerals import to_int

# Where a marker may start. LINE: at a line start (after indentation or Markdown markup), or after a
# run of full-width spaces or a no-break space, which collapsed texts use as paragraph breaks;
# SENTENCE: after a sentence end (or the closing bracket of a remark such as （…负责）, which ends
# paragraphs in collapsed 公文); COMMA: after a comma or an opening bracket, for inline styles only;
# NONE: anywhere, which only a bracketed item continuing its list may use (see sequences.py).
LINE, SENTENCE, COMMA, NONE = 3, 2, 1, 0

INLINE = ("cn_di", "cn_shi", "sequence")
LINE_ONLY = ("attachment", "part")
SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 4, "最後": 4}
BRACKETED = ("CN_PAREN", "ARABIC_PAREN")
_FIRST_ITEM_FORMS = ("CN_SHI", "CN_DI", "CN_DUN", *BRACKETED)  # the forms whose lost first item is looked for

# Every marker starts with one of these characters; scanning jumps from context to context and tries
# the terminals only where one of them follows.
_CN = "〇零○一二两兩三四五六七八九十百千"
FIRST_CHARS = ("第【附篇" + _CN + "壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟0-9０-９(（"
               "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳甲乙丙丁戊己庚辛壬癸首其再最")
# What may stand before a marker at the start of its line: indentation, Markdown (## 第一章, **一、…**,
# > 三、) and the glyphs web pages set before headings (■ 一、, ◆（一）); they belong to the heading.
LEAD_MARKUP = "#*>■□◆◇●▲△▶►▷★☆▌▍▎◎•"
_LEAD = rf"[ \t\u3000{re.escape(LEAD_MARKUP)}]*"
_COMMAS, _BRACKETS = "，,", "(（"  # what an inline marker may follow
_SENTENCE_END = "。！？；：!?;:)）”」"


@dataclass(slots=True)
class Candidate:
    """A place where a marker could start, in cleaned-text offsets."""

    style: str
    number: int
    start: int
    end: int
    context: int
    form: str
    """The terminal that matched: the style, or style__VARIANT (e.g. cn_dun__bare)."""
    text: str
    """The marker as written."""
    key: str
    """Candidates that can continue each other's list share a key (1.1 and 2.1 do; 1. and 1.1 do not)."""
    parts: int = 1
    """For decimal markers, how many dotted parts (1.2.3 has 3)."""
    gap: int = 0
    """How many numbers were skipped before this one in its list."""


def _alternation(names: list[str], before: str = "", after: str = "") -> re.Pattern[str]:
    terms = dict(marker_terminals())
    return re.compile(before + "|".join(f"(?P<{n}>{terms[n]})" for n in names) + after, re.M)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    names = [n for n, _ in marker_terminals()]
    names_but_trailing = [n for n in names if "__TRAILING" not in n]
    return {
        "marker": _alternation(names_but_trailing),
        "bracketed": _alternation(list(BRACKETED)),
        # (only the forms looked for: each further branch of an alternation costs at every character)
        "first_item": _alternation(list(_FIRST_ITEM_FORMS)),
        "trailing": _alternation([n for n in names if "__TRAILING" in n]),
        # a line or sentence start, and the marker after it (looked ahead at, so a marker that ends in
        # a sentence end such as （一） can itself stand before the next)
        "at_line_or_sentence": _alternation(names_but_trailing, rf"[\n\xa0\u3000{_SENTENCE_END}]{_LEAD}(?=[{FIRST_CHARS}])(?=", ")"),
        # a comma or an opening bracket, perhaps spaces, and an inline marker after them (looked ahead
        # at: the engine checks the marker's first character, then the terminals, without leaving C);
        # one pattern per opener, each starting on its literal, which the engine finds far faster
        # than a character class (brackets are found by str.find, and matched where they stand)
        **{f"after{opener}": _alternation([n for n in names if n.split("__")[0].lower() in INLINE],
                                          rf"{re.escape(opener)}[ \t\u3000]*(?=[第其首再最{_CN}])(?=", ")")
           for opener in _COMMAS + _BRACKETS},
        # 第一章 / 第一节 / 第一条 glued to the text before it but followed by a gap: a heading that lost
        # its line break (…管理条例第一章　总则, …一般规定第一千零四十条 本编…); a cross-reference
        # (本法第二章规定, 依照第十条处理) has no gap after it
        "glued": _alternation(["CHAPTER", "SECTION", "ARTICLE"]),
        "lead": re.compile(_LEAD),
    }


_NUM = re.compile(r"[0-9０-９]+|[〇零○一二两兩三四五六七八九十百千壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟]+|[甲乙丙丁戊己庚辛壬癸]")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_DECIMAL_PARTS = re.compile(r"[.．]")
MAX_TRAILING_TITLE = 40


def number_of(style: str, text: str) -> tuple[int, int] | None:
    """(number, parts) of a marker's text; parts counts the dotted parts of a decimal marker."""
    if style == "sequence":
        return SEQUENCE_WORDS[text], 1
    if style == "circled":
        return _CIRCLED.index(text) + 1, 1
    if style == "decimal":
        parts = _DECIMAL_PARTS.split(text)
        return int(parts[-1]), len(parts)
    found = _NUM.search(text.removeprefix("第") if style == "part" else text)
    if found is None:
        return (1, 1) if style == "attachment" else None  # 附件 alone: the only attachment
    value = to_int(found.group())
    return (value, 1) if value is not None else None


_Reading = tuple[str, str, bool, int, int, str] | None
"""What a terminal's match says: (form, style, whether it must head a line, number, parts, key), or
None where the number is not a positive number."""
_READINGS: dict[tuple[str, str], _Reading] = {}
MAX_READINGS = 100_000  # distinct (terminal, text) pairs remembered; a document rarely has a thousand
_UNREAD: _Reading = ("", "", False, 0, 0, "")  # (a reading no terminal gives: not yet in _READINGS)


def _reading(name: str, text: str) -> _Reading:
    form = name.lower()
    style = form.split("__")[0]
    got = number_of(style, text)
    if got is None or got[0] <= 0:
        return None
    return form, style, style in LINE_ONLY or form.endswith("__bare"), got[0], got[1], _key(style, text, got[1])


def _candidate(m: re.Match[str], context: int) -> Candidate | None:
    name = m.lastgroup
    assert name is not None
    text = m.group(name)
    reading = _READINGS.get((name, text), _UNREAD)
    if reading is _UNREAD:
        if len(_READINGS) >= MAX_READINGS:
            _READINGS.clear()
        reading = _READINGS[(name, text)] = _reading(name, text)
    if reading is None or reading[2] and context != LINE:
        return None
    form, style, _, number, parts, key = reading
    start = m.start(name)
    return Candidate(style, number, start, start + len(text), context, form, text, key, parts)


def scan(text: str) -> list[Candidate]:
    """Every marker candidate in the text, with the context it starts in, in text order."""
    p = _patterns()
    out: list[Candidate] = []
    taken: set[int] = set()

    def add(c: Candidate | None) -> None:
        if c is not None and c.start not in taken:
            taken.add(c.start)
            out.append(c)

    for found in p["at_line_or_sentence"].finditer(text):
        opener = found.group()
        # a run of full-width spaces (not a single one) breaks a collapsed text like a line break
        wide = "\u3000\u3000" in opener or opener[0] == "\u3000" and text[found.start() - 1:found.start()] == "\u3000"
        if opener[0] == "\u3000" and not wide:
            continue
        c = _candidate(found, LINE if opener[0] in "\n\xa0" or wide else SENTENCE)
        if c is not None:  # (each at its own offset: the openers do not overlap)
            out.append(c)
    taken.update(c.start for c in out)
    lead = p["lead"].match(text)
    assert lead is not None
    first = p["marker"].match(text, lead.end())
    if first:
        add(_candidate(first, LINE))
    for comma in _COMMAS:
        for found in p[f"after{comma}"].finditer(text):
            add(_candidate(found, COMMA))
    for bracket in _BRACKETS:  # a literal is found far faster than a character class
        after_bracket = p[f"after{bracket}"]
        at = text.find(bracket)
        while at >= 0:
            inline = after_bracket.match(text, at)
            if inline:
                add(_candidate(inline, COMMA))
            bracketed = p["bracketed"].match(text, at)
            if bracketed and at not in taken and text[at - 1:at] != "第" and _followed_by_words(text, bracketed.end()):
                add(_candidate(bracketed, NONE))
            at = text.find(bracket, at + 1)
    for near in _GLUED_NEAR.finditer(text):
        if near.start() in taken:  # (most are: a heading that kept its line break)
            continue
        glued = p["glued"].match(text, near.start())
        if glued and _GAP_AFTER.match(text, glued.end()):
            add(_candidate(glued, SENTENCE))
    for found in p["trailing"].finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        if 0 < found.start() - line_start <= MAX_TRAILING_TITLE and not text[found.start() - 1].isspace():
            add(_candidate(found, LINE))
    out.sort(key=lambda c: c.start)
    return out


_GAP = "[ \t\u3000\u2002-\u200a]+"  # (typeset documents space titles with en and thin spaces too)
_GAP_AFTER = re.compile(rf"{_GAP}[\u4e00-\u9fff]")
# What a glued 第N章 / 第N节 / 第N条 at least looks like: from 第 (a literal the engine jumps to), the
# numeral, the word and a gap are checked in one pass, and only these places are tried with the terminals.
# (A 第 at a line start or after a sentence end is not glued: the scan has read it in that context.)
_GLUED_NEAR = re.compile(rf"第(?<=[^\n{_SENTENCE_END}]第)(?=[{_CN}0-9０-９]+[章节節条條]{_GAP}[\u4e00-\u9fff])")
_WORDS_AHEAD = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff\w“「]")


def starts_with_marker(text: str, i: int) -> bool:
    """Whether a marker of any style stands at offset i."""
    return _patterns()["marker"].match(text, i) is not None


def _followed_by_words(text: str, i: int) -> bool:
    """A marker with no context must at least be followed by a title (not 》 or 。)."""
    return _WORDS_AHEAD.match(text, i) is not None


def first_item_before(text: str, start: int, end: int, key: str) -> Candidate | None:
    """The last first item (number 1) of an inline, 一，or bracketed list between start and end, whatever
    its context.

    A list that starts at 2 lost its first item's context ("在思維創新上一要…。二要…"); this finds it.
    """
    p = _patterns()
    best = None
    for found in p["first_item"].finditer(text, start, end):
        if text[found.start() - 1:found.start()] == "第":
            continue
        c = _candidate(found, NONE)
        if c is not None and c.number == 1 and c.key == key and not _whole_word(text, found):
            best = c
    return best


def _whole_word(text: str, found: re.Match[str]) -> bool:
    """Whether a numeral + 要 is part of a word (一要求, 第一要务) rather than an enumerator."""
    return found.group().endswith("要") and text[found.end():found.end() + 1] in "求素点务件"


_DI_WORDS = {"种": "种", "種": "种", "点": "点", "點": "点"}


def _key(style: str, text: str, parts: int) -> str:
    if style == "decimal":
        return f"decimal{parts}"
    if style == "cn_shi":
        return "cn_shi" + text[-1]  # 一是 and 一要 lists are separate lists
    if style == "cn_di":
        return "cn_di" + next((_DI_WORDS[c] for c in text if c in _DI_WORDS), "")  # 第一种 and 第一点 lists apart
    return style
