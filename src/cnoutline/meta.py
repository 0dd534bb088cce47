"""The document's own title and what the text states about it: author, organisation, date, source, keywords."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from .cleaned import Cleaned
from .numerals import cn_to_int

MAX_TITLE = 120
HEAD_LINES = 15
HEAD_CHARS = 3000
# a line of the head; a no-break space separates lines there too in collapsed crawls
_LINE = re.compile(r"[^\r\n\xa0]+")
# a stretch of a collapsed line between runs of full-width spaces, which stand for its lost line breaks
_SEGMENT = re.compile(r"(?:[^\u3000]|\u3000(?!\u3000))+")
_FULL_STOPS = "。！？；!?;"  # (a stretch holding one is a paragraph, not a title)

# ---- what a title line is not ---------------------------------------------------------------------------
_NOT_TITLE = re.compile(
    r"[。！？；，,：:;、]$"                       # a sentence, or an addressee line ending in ：
    r"|^——|^[-—]{3,}$"                          # a subtitle or rule
    r"|文件$"                                    # a red-head letterhead
    r"|^\S{0,12}〔\d{4}〕\d+[号號]$"                  # a document number
    r"|^[(（]?[\d〇零○一二三四五六七八九十年月日 \-/.:]+[)）]?$"  # a date line
    r"|^(?:作者|来源|來源|时间|時間|发布|發布|编辑|編輯)\s*[:：]"
    r"|。."                                        # a sentence stands inside the line
    r"|^[(（]?(?:\d{4}|[〇零○一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日"
    r"|令\s*第\s*\d+\s*[号號]$"                      # a decree number: 国务院令第693号
    r"|^[(（].*[)）]$"                              # a bracketed note: (譯自…俄文稿)
    r"|^[-*•·]\s"                                  # a list bullet of site chrome: - 相关推荐
)
# The audience a speaker addresses (各位代表, 同志们, 女士们、先生们), in simplified and traditional spelling.
AUDIENCE = ("各位代表|各位委员|各位委員|各位来宾|各位來賓|各位嘉宾|各位嘉賓|同志们|同志們|女士们|女士們|先生们|先生們|"
            "朋友们|朋友們|同学们|同學們")
# A salutation opening the text (各位代表：, 同志们！) means a speech with no title line of its own.
_SALUTATION = re.compile(rf"^(?:{AUDIENCE})[，,：:！!、]")
# A position and a name, perhaps letter-spaced (总　理 　温家宝): a signature or by-line, not a title.
_SIGNED_NAME = re.compile(r"^(?:[\u4e00-\u9fff][ \u3000]*){0,14}(?:长|長|主席|书记|書記|主任|部长|部長|[总總][ \u3000]*理|委员|委員)[ \u3000]+"
                          r"[\u4e00-\u9fff][ \u3000]*[\u4e00-\u9fff](?:[ \u3000]*[\u4e00-\u9fff])?$")
MIN_TITLE = 3
SIGNATURE_CHARS = 400
_ORG_SUFFIX = (r"(?:办公厅|辦公廳|办公室|辦公室|委员会|委員會|人民政府|政府|党工委|工委|党委|黨委|党组|支部|总工会|局|厅|廳|部|院|"
               r"会|會|处|處|中心|公司)")
# the full date a signature ends with: a four-digit year (Arabic or Chinese), then 月 and 日
_YEARS = (r"\d{4}", r"[〇零○一二三四五六七八九]{4}")
_MONTH_DAY = r"\d{1,2}月\d{1,2}日"
YEAR = 4
# an organisation glued to the date after it (or on a line of its own above it), after a sentence end or a gap
_SIGNED = re.compile(r"(?:^|[。！？；\s\u3000\xa0])([\u4e00-\u9fff]{2,30}?" + _ORG_SUFFIX +
                     rf")\s*(?=(?:{'|'.join(_YEARS)})年{_MONTH_DAY})", re.M)
# the same date found from its 年 (a literal, quickly found); the match starts at 年
_SIGNED_DATE = re.compile(rf"年(?<={'年|'.join(_YEARS)}年){_MONTH_DAY}")
MAX_SIGNED = 80  # how far before its date a glued organisation's name may start
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()、 ]{2,30}" + _ORG_SUFFIX + "$")
# ---- where a long first line holds the title and then something else -----------------------------------
_DOC_NUMBER = re.compile(r"〔\d{4}〕\d{1,5}[号號]")
# the words 公文 titles end with (GB/T 9704 kinds of document), and what may follow them in a title
_KIND = re.compile(r"(?:通知|意见|意見|决定|決定|规定|規定|办法|辦法|方案|规划|規劃|计划|計劃|报告|報告|批复|批復|函|公告|"
                   r"通告|通报|通報|纪要|紀要|细则|細則|条例|條例|决议|決議|命令|议案|請示|请示)(?:》)?")
_KIND_END = re.compile(_KIND.pattern + r"[ \t\u3000]*$")
MAX_TITLE_TAIL = 40
_BYLINE_MARK = re.compile(r"※")
_CJK_AFTER = re.compile(r"[\u4e00-\u9fff]")
_MARKDOWN_TITLE = re.compile(r"^#\s+(.+?)\s*#*$")
_LINK = re.compile(r"\[(?<!!\[)([^\]]+)\]\((https?://[^)\s]+)\)")  # (opens on the literal [, found quickly)
_SITE_LABEL = re.compile(r"^[“\"][^”\"]{2,12}[”\"]\s+")
_TITLE_JUNK = re.compile(r"^\*\*|\*\*$|\.(?:docx?|pdf|txt|wps)$", re.I)

# ---- what chrome and front matter state --------------------------------------------------------------------
_DECLARED = re.compile(r"(?:本文标题|本文標題)[ \t]*[:：][ \t]*([^\r\n]*[^\s])[ \t]*\r?$"
                       r"|(?:当前位置|當前位置|您的位置|您现在的位置)[ \t]*[:：][^\r\n]*>[ \t]*([^>\r\n]*[^>\s])[ \t]*\r?$", re.M)
# A breadcrumb's last step names the page only where it is longer than a channel's name (首页 > 通知公告,
# > 正文, > 详细内容 name the channel or the kind of page).
MIN_CRUMB_TITLE = 7
_YAML = re.compile(r"^(title|author|date|tags)\s*:\s*['\"]?(.*?)['\"]?\s*$", re.M)
_URL = re.compile(r"(?:链接地址|鏈接地址|本文链接|本文鏈接|原文链接|原文地址|原文網址|来源网址)\s*[:：]\s*(https?://[^\s\u3000]+|www\.[^\s\u3000]+)")
_URL_WORDS = ("链接", "鏈接", "原文", "网址")  # one of which each label of _URL holds (a quick test first)
_KEYWORDS_WORDS = ("关键", "關鍵", "关 键", "關 鍵")  # likewise for _KEYWORDS
_KEYWORDS = re.compile(r"(?:本文关键词|本文關鍵詞|关键词|關鍵詞|关键字|關鍵字|关 键 词|關 鍵 詞)\s*[:：]\s*-?\s*([^\r\n]*)(?:\r?\n\s*-\s*([^\r\n]+))?")
# An author's by-line, as one alternation of forms; each form needs one of its literals without which it
# cannot match, and only the forms with a literal in the text are tried (the whole alternation scans slowly).
_AUTHOR_FORMS = (
    (("者",), r"(?:作者|作\s者)\s*[:：]\s*(?!身份|不详|不詳|佚名)([\u4e00-\u9fff·]{2,4})(?![\u4e00-\u9fff])"),
    (("/",), r"(?<![\u4e00-\u9fff])文\s*/\s*(?!身份|不详|不詳|佚名)([\u4e00-\u9fff·]{2,4})(?![\u4e00-\u9fff])"),
    (("※",), r"※\s*([\u4e00-\u9fff]{2,4})(?=[\u4e00-\u9fff]{0,2}[我这這在今])"),
    (("《",), r"^>\s*([\u4e00-\u9fff]{2,4})\s*《"),
    (("这是", "這是"), r"^[ \t\u3000>]*[这這]是([\u4e00-\u9fff]{2,3})(?:同志)?(?:为|為|爲|在)"),
    (("的这篇", "的這篇"), r"^[ \t\u3000>]*([\u4e00-\u9fff]{2,3})(?:同志)?的[这這]篇"),
)
_BYLINE = re.compile(r"^[\u4e00-\u9fff]{0,16}(?:长|長|主席|书记|書記|主任|部长|部長|总理|總理|委员|委員|记者|記者)[ \u3000]+([\u4e00-\u9fff]{2,3})$")
# a page's posting time: labelled, or a timestamp with the time of day
_POSTED = re.compile(r"(?:时间|時間|发布时间|發布時間|发布日期|發布日期|日期)\s*[:：]|\d{1,2}:\d{2}")
_DATE = re.compile(
    r"(\d{4})\s*(?:年\s*|[-/.])(\d{1,2})\s*(?:月\s*|[-/.])(\d{1,2})(?!\d)"
    r"|([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?"
)
# a line that states a date: one that opens with it (after ——, a bracket or a 时间: label), or a short one
_DATE_LINE = re.compile(r"(?:——|[(（]|\S{0,6}[:：])?\s*(?:\d{4}|[〇零○一二三四五六七八九]{4})\s*[年\-/.]|.{1,30}$")
MAX_DATE_LINE = 40
# an editor's closing note: "这是习近平总书记2020年9月28日在…的讲话。"
_CLOSING_NOTE = re.compile(r"[这這]是[^。\n]{0,20}?(\d{4}年\d{1,2}月\d{1,2}日)在")
_SENTENCE_END = "。！？；，,：:;、"


@dataclass(slots=True)
class Head:
    """The document title (in cleaned offsets, or a source span where only chrome states it) and meta."""

    title: str | None = None
    start: int = 0
    end: int = 0
    source_span: tuple[int, int] | None = None
    in_text: bool = False
    """Whether the title stands in the cleaned text (so layout leaves it out of the paragraphs)."""
    meta: dict = field(default_factory=dict)


def read_head(cleaned: Cleaned, first_marker: int | None) -> Head:
    """The document's title and meta, read from its head, its end and the chrome around it."""
    source, text = cleaned.lines, cleaned.text
    limit = min(len(text), HEAD_CHARS if first_marker is None else min(first_marker, HEAD_CHARS))
    yaml = dict((k, v) for k, v in _YAML.findall(source[:2000])) if source.lstrip().startswith("---") else {}
    declared = _declared_title(source)
    head = _title_in_text(text, limit, declared[0] if declared else None)
    if head.title is not None:
        head.source_span = (cleaned.src(head.start), cleaned.src_end(head.end))
        head.in_text = True
    elif yaml.get("title"):
        at = source.find(yaml["title"], 0, 2000)
        head = Head(yaml["title"], source_span=(at, at + len(yaml["title"])) if at >= 0 else None)
    elif declared:
        # the chrome's title line may stand anywhere; its span is the title's only if it is in the head
        # and the chrome around it was cut (else those characters belong to a paragraph)
        before_sections = first_marker is None or declared[1][1] <= cleaned.src(first_marker)
        in_chrome = any(c.start <= declared[1][0] and declared[1][1] <= c.end for c in cleaned.cuts)
        head = Head(_clean_title(declared[0]), source_span=declared[1] if before_sections and in_chrome else None)
    head.meta = _meta(cleaned, yaml, head)
    return head


def _declared_title(source: str) -> tuple[str, tuple[int, int]] | None:
    """The title the page's chrome declares (本文标题: …, or the last step of a breadcrumb), and its span."""
    if "标题" not in source and "標題" not in source and "位置" not in source:
        return None
    for offset in (0, max(0, len(source) - HEAD_CHARS)):
        for m in _DECLARED.finditer(source, offset, offset + HEAD_CHARS):
            if m.group(1):
                return m.group(1), m.span(1)
            if len(m.group(2)) >= MIN_CRUMB_TITLE:
                return m.group(2), m.span(2)
    return None


def _head_lines(text: str, limit: int) -> Iterator[re.Match[str]]:
    """The lines of the head. A line whose runs of full-width spaces mark the line breaks it lost (a
    collapsed crawl: 标题　　2022-12-06　　正文…) is taken as those lines, where the first of them
    could be a title: one that holds a sentence end is a paragraph with spaces in it, and stays whole."""
    for line in _LINE.finditer(text, 0, limit):
        if "\u3000\u3000" in line.group().strip():
            segments = [s for s in _SEGMENT.finditer(text, line.start(), line.end()) if s.group().strip()]
            if not any(stop in segments[0].group() for stop in _FULL_STOPS):
                yield from segments
                continue
        yield line


def _title_in_text(text: str, limit: int, declared: str | None) -> Head:
    lines = [m for _, m in zip(range(HEAD_LINES), _head_lines(text, limit)) if m.group().strip()]
    for k, m in enumerate(lines):
        line = m.group().strip()
        start = m.start() + m.group().index(line[0])
        md = _MARKDOWN_TITLE.match(line)
        if md:
            title, end = _clean_title(md.group(1)), start + len(line)
            nxt = lines[k + 1].group().strip() if k + 1 < len(lines) else ""
            second = _MARKDOWN_TITLE.match(nxt)
            if second and not second.group(1).startswith("#"):
                title, end = f"{title} {_clean_title(second.group(1))}", lines[k + 1].end()
            return Head(title, start, end)
        if declared and line.startswith(declared) and not _CJK_AFTER.match(line, len(declared)):
            # the page's own title, followed by its body on the same line (a separator between)
            return Head(declared, start, start + len(declared))
        prefix = _title_prefix(line)
        if prefix:
            return Head(_clean_title(prefix), start, start + len(prefix))
        if k == 0 and _SALUTATION.match(line):
            break
        if len(line) > MAX_TITLE or _NOT_TITLE.search(line) or _SIGNATURE.match(line) or _SIGNED_NAME.match(line):
            continue
        title, end = _clean_title(line), start + len(line)
        if len(title) >= MIN_TITLE:
            following = lines[k + 1] if k + 1 < len(lines) else None
            if following is not None:
                tail = following.group().strip()
                tail = _title_prefix(tail) or tail
                if _continues_title(title, tail):
                    # a title broken over two lines: 国务院关于印发国家环境保护 / “十一五”规划的通知
                    title = title + _clean_title(tail)
                    end = following.start() + following.group().index(tail[0]) + len(tail)
            return Head(title, start, end)
    return Head()


def _continues_title(title: str, nxt: str) -> bool:
    """Whether the next line finishes a title that stopped short: the title does not end in a kind of
    document (通知, 规划, 条例 …) and the short next line does."""
    if _KIND.search(title[-4:]) or len(nxt) > MAX_TITLE_TAIL or nxt[-1:] in _SENTENCE_END:
        return False
    return _KIND_END.search(nxt.replace(" ", "").replace("\u3000", "")) is not None


def _title_prefix(line: str) -> str | None:
    """The title at the start of a collapsed first line: up to the kind of document before a document
    number (…的通知国办函〔2014〕119号…), before ※, or a title the converter repeated."""
    number = _DOC_NUMBER.search(line, 4)
    if number and number.start() <= MAX_TITLE + 12:
        kinds = [k.end() for k in _KIND.finditer(line, 0, number.start()) if 2 <= number.start() - k.end() <= 12]
        if kinds:
            return line[:kinds[-1]]
    mark = _BYLINE_MARK.search(line, 4)
    if mark and mark.start() <= MAX_TITLE and line[mark.start() - 1] not in _SENTENCE_END:
        return line[:mark.start()]
    for n in range(4, min(MAX_TITLE, len(line) // 2) + 1):
        if line.startswith(line[:n] * 2) and not line.startswith(line[:n + 1] * 2):
            return line[:n]
    return None


def _clean_title(title: str) -> str:
    title = _LINK.sub(r"\1", title)
    title = _SITE_LABEL.sub("", title)
    return _TITLE_JUNK.sub("", title).strip().rstrip(_SENTENCE_END + " ")


def iso_date(text: str) -> str | None:
    """The first date in `text` as ISO 8601 (YYYY-MM-DD, or YYYY-MM where no day is given)."""
    m = _DATE.search(text)
    if m is None:
        return None
    if m.group(1):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        y = int("".join(str(cn_to_int(c)) for c in m.group(4).replace("○", "〇")))
        mo = cn_to_int(m.group(5)) or 0
        if not m.group(6):
            return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None
        d = cn_to_int(m.group(6)) or 0
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1800 <= y <= 2200):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _meta(cleaned: Cleaned, yaml: dict, head: Head) -> dict:
    source, text = cleaned.lines, cleaned.text
    cut = cleaned.src(min(len(text) - 1, head.end + 400)) if head.in_text and text else 1500
    line_end = source.find("\n", cut)
    head_src = source[:len(source) if line_end < 0 else line_end]
    # what a text states about itself stands at its head and its end (by-lines, chrome, signatures)
    edges = source if len(source) <= 2 * HEAD_CHARS else source[:HEAD_CHARS] + "\n" + source[-HEAD_CHARS:]
    url = _URL.search(edges) if any(word in edges for word in _URL_WORDS) else None
    link = _LINK.search(source[:2000])
    keywords = _keywords(edges, yaml)
    signed = _signature(text)
    org = signed[0] if signed else None
    author = yaml.get("author") or _author(edges, head_src)
    return {
        "author": author or org,
        "org": org,
        "date": _date(yaml, head_src, text, signed[1] if signed else None),
        "doc_number": None,
        "source_url": (url.group(1) if url else link.group(2) if link else None),
        "keywords": keywords,
    }


def _author(source: str, head_src: str) -> str | None:
    for line in head_src.splitlines()[:HEAD_LINES]:
        m = _BYLINE.match(line.strip())
        if m:
            return m.group(1)
    m = _author_pattern(tuple(any(literal in source for literal in literals) for literals, _ in _AUTHOR_FORMS)).search(source)
    return next((g for g in m.groups() if g), None) if m else None


@cache
def _author_pattern(present: tuple[bool, ...]) -> re.Pattern[str]:
    forms = [form for (_, form), here in zip(_AUTHOR_FORMS, present) if here] or ["(?!)"]
    return re.compile("|".join(forms), re.M)


def _date(yaml: dict, head_src: str, text: str, signed: str | None) -> str | None:
    """The document's own date: a date line under the title, else the date it was signed or a date
    line at its end, else the page's posting date."""
    if yaml.get("date"):
        return iso_date(yaml["date"])
    posted = None
    for line in _pieces(head_src):
        if not _DATE_LINE.match(line) or line.endswith("。") or len(line) > MAX_DATE_LINE and not line.startswith("——"):
            continue
        found = iso_date(line)
        if found is None:
            continue
        if _POSTED.search(line):
            posted = posted or found
        else:
            return found
    if signed:
        return signed
    note = _CLOSING_NOTE.search(text, max(0, len(text) - 300))
    if note:
        return iso_date(note.group(1))
    tail = [ln.strip() for ln in text[-300:].splitlines() if ln.strip()]
    for line in reversed(tail[-3:]):
        found = iso_date(line)
        if found and len(line) <= 40:
            return found
    return posted


def _signature(text: str) -> tuple[str, str | None] | None:
    """The signing organisation and its date: organisation lines right above a date, or an organisation
    glued to its date in collapsed text (…落地见效。国务院办公厅2020年7月15日); at the end first, then
    in the head."""
    for region in (text[-SIGNATURE_CHARS:], text[:HEAD_CHARS]):
        lines = _pieces(region)
        for i in range(len(lines) - 1, 0, -1):
            if len(lines[i]) <= 20 and iso_date(lines[i]):
                orgs: list[str] = []
                j = i - 1
                while j >= 0 and _SIGNATURE.match(lines[j]):
                    orgs.insert(0, lines[j])
                    j -= 1
                if orgs:
                    return " ".join(orgs), iso_date(lines[i])
        glued = _glued_signature(region)
        if glued is not None:
            return glued.group(1), iso_date(region[glued.end():glued.end() + 20])
    return None


def _pieces(region: str) -> list[str]:
    """The non-blank lines of a region, stripped, where a line also breaks at a no-break space and at a
    run of full-width spaces: the lines of a signature or date in collapsed text
    (国务院\n二○○七年十一月二十二日\xa0国家环境保护“十一五”规划…; …施行。总理　　李克强　　2017年12月25日)."""
    return [piece for line in _LINE.findall(region) for piece in map(str.strip, _SEGMENT.findall(line)) if piece]


def _glued_signature(region: str) -> re.Match[str] | None:
    """The last organisation glued to the date after it. Found from the dates (few, and quickly found)
    rather than from every sentence end before them."""
    for date in reversed(list(_SIGNED_DATE.finditer(region))):
        year = date.start() - YEAR
        found = None
        for found in _SIGNED.finditer(region, max(0, year - MAX_SIGNED), date.end()):
            pass
        if found is not None and found.end() == year:
            return found
    return None


def _keywords(source: str, yaml: dict) -> list[str]:
    m = _KEYWORDS.search(source) if any(word in source for word in _KEYWORDS_WORDS) else None
    if m:
        raw = (m.group(1) or "").strip() or (m.group(2) or "")
        return [k for k in re.split(r"[,，、;；\s]+", raw) if k]
    return []
