"""Find the noise in a source text (SPEC.md §2): what to cut from the cleaned view, and why.

Each rule is a rule of the genre, scraped and extracted Chinese text, and returns cuts in source
offsets; nothing here alters the source. Every pattern starts on a literal or a character class, so
the regular expression engine can skip ahead, and checks of the surrounding line are done in Python
on the few places it finds: cleaning stays a few fast passes over the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from .cleaned import Cleaned, Cut, make_cuts, unify_line_ends

_SENTENCE_END = "。！？；：.!?;:”」』）)…"


def _line_at(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the line holding offset i, without its line break."""
    start = text.rfind("\n", 0, i) + 1
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    return start, end - (1 if end > start and text[end - 1] == "\r" else 0)


def _char_before(text: str, i: int) -> str:
    """The last non-blank character before offset i ('' at the start)."""
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return text[i - 1] if i > 0 else ""


# ---- anti-scraping garbage: runs of short random ASCII tokens ("* x" y* g+ G" f G2 d2") ------------
_GARBAGE_RUN = re.compile(r"[!-~]{1,3}(?: +[!-~]{1,3}){3,}")
# Runs are found from the spaces between their tokens (rare in Chinese text, so the engine can skip to
# them), then matched whole from the token before.
_GARBAGE_TRIGGER = re.compile(r" [!-~]{1,3} +[!-~]{1,3} +[!-~]{1,3}")
_NOISY_TOKEN = re.compile(r"[!-/:-@\[-`{-~]|[A-Za-z][0-9]|[0-9][A-Za-z]")


def garbage(source: str) -> list[Cut]:
    """Runs of short ASCII tokens most of which mix symbols, letters and digits at random."""
    cuts: list[Cut] = []
    for trigger in _GARBAGE_TRIGGER.finditer(source):
        if cuts and trigger.start() < cuts[-1].end:
            continue
        start = trigger.start()
        while start > 0 and "!" <= source[start - 1] <= "~" and trigger.start() - start < 3:
            start -= 1
        m = _GARBAGE_RUN.match(source, start)
        if m is None or (start > 0 and "!" <= source[start - 1] <= "~"):
            continue
        tokens = m.group().split()
        noisy = sum(1 for t in tokens if _NOISY_TOKEN.search(t))
        letters = sum(1 for t in tokens if any(c.isalpha() for c in t))
        if noisy >= 3 and noisy * 2 >= len(tokens) and letters >= 2:
            cuts.append(Cut("garbage", m.start(), m.end()))
    return cuts


# ---- pinyin glosses after characters: 優(yōu)化 -------------------------------------------------------
_SYLLABLE = r"[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*"
# in half-width or full-width brackets; a pattern for each, opening on its literal (found fast)
_PINYIN = (re.compile(rf"\({_SYLLABLE}\)"), re.compile(rf"（{_SYLLABLE}）"))


def pinyin(source: str) -> list[Cut]:
    """Tone-marked pinyin in brackets right after a character (or after the debris of one)."""
    return [Cut("pinyin", m.start(), m.end()) for pattern in _PINYIN for m in pattern.finditer(source)
            if m.start() > 0 and not (source[m.start() - 1].isspace() or source[m.start() - 1].isascii()
                                      and source[m.start() - 1].isalpha() or source[m.start() - 1] in "(（")]


# ---- footnote calls: ⑴ and [1] after a word ------------------------------------------------------------
_BRACKETED_CALL = re.compile(r"\[\d{1,2}\]")
# a call whose brackets and number each stand on a line of their own, as wiki pages copied as text have
# them ("上屆代表會議\n[\n1\n]\n以來的工作報告"): cut with the line breaks, so the sentence is whole again
_SPLIT_CALL = re.compile(r"\[\r?\n\d{1,3}\r?\n\]\r?\n")  # (from its bracket, a literal quickly found)
# ⑴ … ⒇, rare: the regex module skips through text to a character range several times faster than re
_PARENTHESISED_CALL = regex.compile(r"[\u2474-\u2487]")


def footnote_calls(source: str) -> list[Cut]:
    """Footnote call marks inside running text (editorial apparatus, not part of the words)."""
    bracketed = "[" in source
    found = list(_BRACKETED_CALL.finditer(source)) if bracketed else []
    found += _PARENTHESISED_CALL.finditer(source)
    cuts = [Cut("footnote_call", m.start(), m.end()) for m in found
            if m.start() > 0 and not source[m.start() - 1].isspace()]  # (make_cuts sorts every rule's cuts)
    for m in _SPLIT_CALL.finditer(source) if bracketed else ():
        start = m.start() - 1 - (source[m.start() - 2:m.start()] == "\r\n")  # with the line break before it
        if source[start:m.start()].isspace() and start > 0 and not source[start - 1].isspace():
            cuts.append(Cut("footnote_call", start, m.end()))
    return cuts


# ---- site boilerplate ----------------------------------------------------------------------------------
def _any_word(words: str) -> re.Pattern[str]:
    """A pattern for any of the words (literals separated by |), found fast (a single character is taken
    before a longer word that starts with it, longer words in the order given).

    It opens on one character class, the words' first characters, and checks the second character
    in the same step; only then are the words tried, each as a look-behind at its first two
    characters and the rest. Many words start with a common character (会, 发, 作, 全, 关), and the
    engine would otherwise try the whole alternation at every one of them.
    """
    listed = words.split("|")
    singles = "".join(w for w in listed if len(w) == 1)
    longer = [w for w in listed if len(w) > 1]
    firsts = "".join(sorted({w[0] for w in longer} | set(singles)))
    seconds = "".join(sorted({w[1] for w in longer}))
    rests = "|".join(f"(?<={re.escape(w[:2])}){re.escape(w[2:])}" for w in longer)
    single = f"(?<=[{re.escape(singles)}])|" if singles else ""
    return re.compile(f"[{re.escape(firsts)}](?:{single}[{re.escape(seconds)}](?:{rests}))")


# Words that only site chrome uses; a line holding one is checked against _CHROME_LINE.
_CHROME_WORD = _any_word(
    "欢迎|歡迎|位置|上一篇|下一篇|链接|鏈接|标题|標題|原文|文章来源|编辑|編輯|来源|來源|时间|時間|发布|發布|作者|"
    "阅读|閱讀|浏览|瀏覽|导语|導語|会员|會員|搜索|TXT|synchronized|下载|下載|打印|列印|全屏|收藏|分享|字号|"
    "加大|还原|還原|减小|減小|返回|关闭|關閉|顶部|頂部|】|Public|false|true|作品|维基|維基|http|www.|┌|└|│|┐|┘|─")
_CHROME_LINE = re.compile(
    r"[ \t\u3000]*(?:"
    r".{0,20}(?:欢迎访问|歡迎訪問|欢迎光临|歡迎光臨).{0,40}"
    r"|(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：].*"
    r"|.{0,80}(?:上一篇|上一篇文章)\s*[:：].*"
    r"|(?:下一篇|下一篇文章)\s*[:：].*"
    r"|(?:链接地址|鏈接地址|本文标题|本文標題|本文链接|本文鏈接|原文链接|原文地址|文章来源|责任编辑|責任編輯)\s*[:：].*"
    r"|(?:来源|來源|时间|時間|发布时间|發布時間|发布日期|作者|阅读|閱讀|浏览|瀏覽)\s*[:：][^。！？\n]{0,40}"
    r"|(?:导语|導語)\s*[:：].*"
    r"|.*(?:由会员分享|由會員分享|请在.{1,12}上搜索|免费TXT|This page is synchronized from).*"
    r"|.*(?:下载|下載).{0,4}/.{0,6}(?:打印|列印).*"
    r"|.*【字号.*"
    r"|(?:下载|下載|打印|列印|全屏|收藏|分享|加大|还原|還原|减小|減小|返回|关闭|關閉|顶部|頂部|】)"
    r"|【(?![^】\n]*篇)[^】\n]{1,8}】[^【\n]{0,60}"
    r"|(?:Public domain|false|true)"
    r"|(?:本作品|這部作品|这部作品).{0,120}(?:公有领域|公有領域|著作权|著作權).*"
    r"|注[:：].{0,30}(?:维基文库|維基文庫).*"
    r"|(?:https?://|www\.)\S+"
    r"|[┌└│┐┘─]+.*"
    r")[ \t\u3000]*"
)
MAX_CHROME_LINE = 200
# A breadcrumb label alone on its line ("您的位置:"), its steps on the short lines after it.
_CRUMB_LABEL = re.compile(r"[ \t\u3000]*(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：][ \t\u3000]*")
_CRUMB_STEP = re.compile(r"\r?\n[ \t\u3000]*(?:[>›»/]|[^\s。，,：:；;！？>]{1,6})[ \t\u3000]*(?=\r?\n)")
MAX_CRUMB_STEPS = 6


def _breadcrumb_end(source: str, end: int) -> int:
    """The end of a breadcrumb whose steps (首页 / > / 云南要闻) stand on the lines after its label."""
    for _ in range(MAX_CRUMB_STEPS):
        step = _CRUMB_STEP.match(source, end)
        if step is None:
            break
        end = step.end()
    return end
# Where one of these starts a line in the last third, everything from there to the end is site footer.
_FOOTER_WORD = _any_word("本站热搜|本站熱搜|相关文章|相關文章|相关推荐|相關推薦|热门文章|熱門文章|猜你喜欢|猜你喜歡"
                         "|推荐阅读|推薦閱讀|延伸阅读|配套讲稿|配套講稿|特殊限制|关 键 词|關 鍵 詞")
# Inline chrome: a teaser ending in 本文内容:, and a tail from 本文来自 / 本文关键词 to the line end.
# (from 文, a literal the engine finds quickly, with 本 or 正 checked behind it)
_TEASER_END = re.compile(r"文[内內]容(?<=[本正]文[内內]容)\s*[:：]")
_TAIL = re.compile(r"(?:本文来自|本文來自|本文关键词|本文關鍵詞)[^\n]*")
# HTML comments, the tags and entities a scrape left in the text (<p>一、总体要求</p>, &nbsp;), and
# Markdown images, each a pattern of its own that opens on a literal (found far faster than the
# alternation's first characters); only the tags of running text count, so 1<a 或 <<条例>> stay
_HTML_TAGS = ("p|div|span|br|hr|strong|b|i|em|u|s|font|h[1-6]|li|ul|ol|dl|dt|dd|table|tbody|thead|tr|td|th|a|img|"
              "section|article|blockquote|sup|sub|center|pre|code|small|big")
_MARKUP = {"<!--": re.compile(r"<!--.*?-->"),
           "<": re.compile(rf"</?(?:{_HTML_TAGS})(?:\s[^<>\n]{{0,300}})?/?>", re.IGNORECASE),
           "&": re.compile(r"&(?:nbsp|ensp|emsp|thinsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|"
                           r"hellip|middot|bull|#\d{1,6}|#x[0-9a-fA-F]{1,5});"),
           "![": re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")}
_FRONT_MATTER = re.compile(r"\s*---\r?\n(?:.*\r?\n){0,60}?---[ \t]*(?:\r?\n|\Z)")


def boilerplate(source: str) -> list[Cut]:
    """Site chrome: whole chrome lines, footers, teasers, markup and YAML front matter."""
    cuts = []
    checked = -1
    for m in _CHROME_WORD.finditer(source):
        if m.start() <= checked:
            continue
        start, end = _line_at(source, m.start())
        checked = end
        if 0 < end - start <= MAX_CHROME_LINE and _CHROME_LINE.fullmatch(source, start, end):
            if _CRUMB_LABEL.fullmatch(source, start, end):
                end = checked = _breadcrumb_end(source, end)
            cuts.append(Cut("boilerplate", start, end))
    for m in _FOOTER_WORD.finditer(source, len(source) * 2 // 3):
        start = _line_at(source, m.start())[0]
        if not source[start:m.start()].strip(" \t\u3000-"):
            cuts.append(Cut("boilerplate", start, len(source)))
            break
    if "文内容" in source or "文內容" in source:  # a substring test is cheaper than the pattern's pass
        cuts += [Cut("boilerplate", _line_at(source, m.start())[0], m.end()) for m in _TEASER_END.finditer(source)]
    cuts += [Cut("boilerplate", m.start(), m.end()) for m in _TAIL.finditer(source)]
    for opener, pattern in _MARKUP.items():
        if opener in source:
            cuts += [Cut("markup", m.start(), m.end()) for m in pattern.finditer(source)]
    front = _FRONT_MATTER.match(source)
    if front:
        cuts.append(Cut("front_matter", 0, front.end()))
    return cuts


# ---- page-number artifacts of .docx/PDF extraction --------------------------------------------------------
# "…但负责的具体工作却\n2、不少于其他县市区…": a number that starts a line in the middle of a sentence,
# numbered in a run of its own through the document.
_LINE_NUMBER = re.compile(r"\n[ \t]*(\d{1,3})、[ \t]*")
MIN_PAGE_LINE = 100
_FIRST_LINE_NUMBER = re.compile(r"[ \t]*(\d{1,3})、[ \t]*")


def page_artifacts(source: str) -> list[Cut]:
    """The N、 page markers of a converted .docx: one run 1, 2, 3 … most of which cut a long line (a
    page of text) in the middle of a sentence and continue it; short list lines are real items."""
    first = _FIRST_LINE_NUMBER.match(source)
    found = ([first] if first else []) + list(_LINE_NUMBER.finditer(source))
    numbers = [int(m.group(1)) for m in found]
    if len(found) < 2 or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return []
    cut_pages = sum(1 for m in found if _char_before(source, m.start()) not in _SENTENCE_END
                    and m.start() - source.rfind("\n", 0, m.start()) > MIN_PAGE_LINE)
    if cut_pages * 3 < len(found) * 2:
        return []
    # the cut takes the line break too (and a CR before it), so the sentence is joined again
    return [Cut("page_artifact", m.start() - (m.start() > 0 and source[m.start() - 1] == "\r"), m.end())
            for m in found]


# ---- page numbers of PDF text: lines holding only a number, counting up by one through the document ------
# A page number line: 12, XII, the — 12 — of GB/T 9704 公文, 第12页 (共30页), 12/30.
_BARE_NUMBER_LINE = re.compile(
    r"\n([ \t]*(?:(\d{1,4}|[IVXLC]{1,7})(?:[ \t]*[/／][ \t]*\d{1,4})?"
    r"|[-—－–]+[ \t]*(\d{1,4})[ \t]*[-—－–]+"
    r"|第[ \t]*(\d{1,4})[ \t]*页(?:[ \t]*[,，]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?)[ \t]*\r?\n)")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _page_number(text: str) -> int:
    """The value of an Arabic or Roman page number (front matter is often numbered I, II, III …)."""
    if text.isdigit():
        return int(text)
    values = [_ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
MIN_PAGE_RUN = 3


def page_numbers(source: str) -> list[Cut]:
    """Page number lines that count up by one (20, 21, 22 …, III, IV, V …, — 3 —, — 4 — …): the page
    numbers of extracted PDF text.

    Numbers that a line wrap split off the text (8, 104, 103) do not form such a run and stay.
    """
    best: list[re.Match[str]] = []
    runs: dict[int, list[re.Match[str]]] = {}
    pos = 0
    while (m := _BARE_NUMBER_LINE.search(source, pos)) is not None:
        n = _page_number(m.group(2) or m.group(3) or m.group(4))
        run = runs.pop(n - 1, []) + [m]
        runs[n] = run
        if len(run) > len(best):
            best = run
        pos = m.end() - 1  # the closing line break may open the next number line
    if len(best) < MIN_PAGE_RUN:
        return []
    return [Cut("page_artifact", m.start(1), m.end(1)) for m in best]


# ---- photo captions spliced into the text: "2020年9月22日，…座谈会。 新华社记者 鞠鹏/摄" ------------------
# (from 者, a literal the engine finds quickly, with 记 or 記 checked behind it)
_CREDIT = re.compile(r"者(?<=[记記]者)[ \t\u3000]*[\u4e00-\u9fff]{2,4}(?:[ \t\u3000]*[/／][ \t\u3000]*)?[摄攝]")
_CAPTION_START = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?[，,]")
MAX_CAPTION = 300


def captions(source: str) -> list[Cut]:
    """Photo captions that web pages splice into the running text: a dated sentence ending in 记者 NAME/摄."""
    cuts = []
    for credit in _CREDIT.finditer(source):
        window = max(0, credit.start() - MAX_CAPTION, source.rfind("\n", 0, credit.start()) + 1)
        starts = list(_CAPTION_START.finditer(source, window, credit.start()))
        if starts:
            cuts.append(Cut("boilerplate", starts[-1].start(), credit.end()))
    return cuts


# ---- damaged indentation: full-width spaces that a wrong decoding turned into "??" -----------------------
_DAMAGED_INDENT = re.compile(r"\n\?{1,4}(?=[^\s?])")


def damaged_indentation(source: str) -> list[Cut]:
    """Question marks standing where a line's full-width indentation was lost in decoding."""
    cuts = [Cut("garbage", m.start() + 1, m.end()) for m in _DAMAGED_INDENT.finditer(source)]
    first = re.match(r"\?{1,4}(?=[^\s?])", source)
    return ([Cut("garbage", 0, first.end())] if first else []) + cuts


# ---- a marker broken over a line break: "（\n三）改革开放…" (a scrape that kept the bracket's own element) ----
# one pattern per bracket, each starting on its literal, which the engine finds far faster than a class
_BROKEN_BRACKETS = tuple(re.compile(bracket + r"(\r?\n)(?=[〇零一二三四五六七八九十0-9０-９]{1,3}[）)])")
                         for bracket in ("（", r"\("))


def broken_markers(source: str) -> list[Cut]:
    """The line break inside a bracketed marker whose opening bracket was left alone on its line."""
    return [Cut("broken_marker", m.start(1), m.end(1)) for pattern in _BROKEN_BRACKETS for m in pattern.finditer(source)
            if not source[source.rfind("\n", 0, m.start()) + 1:m.start()].strip(" \t\u3000")]


RULES = (boilerplate, garbage, pinyin, footnote_calls, page_artifacts, page_numbers, captions, damaged_indentation,
         broken_markers)


def clean(source: str, enabled: bool = True, marked: Iterable[Cut] = ()) -> Cleaned:
    """The cleaned view of `source`: every noise rule applied, or none when `enabled` is false.

    `marked` are the cuts the file itself marks (a PDF's running headers, a Word table of contents):
    made whether or not the noise rules run.
    """
    lines = unify_line_ends(source)  # the rules look for line breaks as LF (and CR LF)
    cuts: list[Cut] = list(marked)
    if enabled:
        for rule in RULES:
            cuts.extend(rule(lines))
    return Cleaned(source, make_cuts(cuts), lines)
