"""Property tests: any text parses, every span nests inside the source, and nothing is lost (SPEC.md §2, §3, §5).

The strategies build the input the parser meets in real life: the marker spellings of every style in
SPEC.md §1 with Chinese and Arabic numerals (up to 千, half- and full-width), running Chinese text,
sentence punctuation, every kind of line break, full-width spaces, and the noise of §2 — anti-scraping
ASCII garbage, pinyin glosses, brackets and .docx page-number artifacts.
"""
from __future__ import annotations

import re
import time

import pytest
from chinese_numbers import FORMAL, chinese_numeral
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cnoutline import Document, dumps, parse, parse_json
from cnoutline.clean import _any_word
from cnoutline.verify import check

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_FULL_WIDTH = str.maketrans("0123456789.()", "０１２３４５６７８９．（）")


def test_chinese_numeral() -> None:
    """The numeral helper spells the forms SPEC.md §1 lists."""
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23, 101, 110, 1260)] == [
        "一", "十", "十一", "二十", "二十三", "一百零一", "一百一十", "一千二百六十"]


# Numbers: mostly small and close together so that markers form sequences, sometimes anything.
numbers = st.one_of(st.integers(1, 4), st.integers(1, 4), st.integers(1, 9999))

# Templates per numeral kind; {} is the number.
CN_TEMPLATES = ["{}、", "（{}）", "({})", "第{}章", "第{}节", "第{}條", "第{}条", "第{}篇", "第{}编", "第{}部分",
                "{}是", "{}要", "第{}是", "第{}，", "其{}，", "第{}种：", "附件{}", "{} ", "{}．", "篇{}",
                "第{}条之一", "【第{}篇】"]
ARABIC_TEMPLATES = ["{}.", "{}、", "{} .", "{})", "{}）", "（{}）", "({})", "{}.1", "{}.2.1", "附件{}", "{} ",
                    "【篇{}】", "第{}篇", "\n{}、"]
WORDS = ["首先", "其次", "再次", "最后", "总之", "综上所述", "附件", "壹、", "貳、", "參、", "肆、",
         "（甲）", "（乙）", "甲、", "乙、", "①", "②", "③", "⑳", "统一是", "第一次", "三严三实", "2008年3月29日",
         "一是", "二是", "三是", "一要", "二要", "第一，", "第二，"]


@st.composite
def markers(draw: st.DrawFn) -> str:
    """One marker spelling of any style in SPEC.md §1."""
    kind = draw(st.sampled_from(["cn", "arabic", "full", "formal", "word"]))
    if kind == "word":
        return draw(st.sampled_from(WORDS))
    n = draw(numbers)
    if kind == "formal":
        return chinese_numeral(n, FORMAL, "拾佰仟") + "、"
    if kind == "cn":
        return draw(st.sampled_from(CN_TEMPLATES)).format(chinese_numeral(n))
    spelled = draw(st.sampled_from(ARABIC_TEMPLATES)).format(n)
    return spelled.translate(_FULL_WIDTH) if kind == "full" else spelled


HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
PUNCTUATION = list("。，；：！？、,.;:!?…—“”《》")
BREAKS = ["\n", "\r\n", "\r", "\n\n", "\u3000\u3000", "\u3000", " ", "\t"]
GARBAGE = ['* x" y* g+ G" f G2 d2', "a1 b2 c3 d4", "+ - * /", "x y z w"]
PINYIN = ["(yōu)", "(huà)", "(lǜ)", "(yōu", "(", ")"]
BRACKETS = list("（）()【】[]「」《》“”‘’{}<>")


def hanzi_runs() -> st.SearchStrategy[str]:
    """A run of running Chinese text."""
    return st.text(alphabet=HANZI, min_size=1, max_size=12)


def page_artifacts() -> st.SearchStrategy[str]:
    """A .docx page-number line on its own: a number starting a line, as in '却\\n3、不少于'."""
    return st.integers(1, 12).map("\n{}、".format)


@st.composite
def paged_text(draw: st.DrawFn) -> str:
    """Running text cut by a .docx page-number run (\\n1、 \\n2、 …) in mid-sentence, as SPEC.md §1 describes."""
    runs = draw(st.lists(hanzi_runs(), min_size=2, max_size=8))
    first = draw(st.integers(1, 5))
    return runs[0] + "".join(f"\n{first + i}、{run}" for i, run in enumerate(runs[1:])) + "。"


# Closing paragraphs (SPEC.md §1 "Closing paragraphs") open a line.
CLOSINGS = ["\n总之，", "\n综上所述，", "\n总而言之", "\n總之"]

pieces = st.one_of(
    markers(), markers().map("\n".__add__), markers().map("\n".__add__), hanzi_runs(), hanzi_runs(),
    hanzi_runs(), st.sampled_from(CLOSINGS),
    st.sampled_from(PUNCTUATION), st.sampled_from(BREAKS), st.sampled_from(BREAKS),
    st.sampled_from(GARBAGE), st.sampled_from(PINYIN), st.sampled_from(BRACKETS), page_artifacts(),
)
marker_heavy = st.lists(pieces, max_size=60).map("".join)

# Noise of SPEC.md §2 around running text: boilerplate lines, garbage, glosses, artifacts, odd spaces.
NOISE = ["您好,欢迎访问三七文档\n", "当前位置:首页 > 范文\n", "上一篇:关于…下一篇:关于…\n", "本站热搜\n", "链接地址:http://x.cn\n",
         "《报告.docx》由会员分享,可在线阅读\n", "- 配套讲稿:\n", "- 特殊限制:\n", "- 关 键 词:\n", "<!-- x -->",
         "![](a.png)", "---\ntitle: x\n---\n", "⑴", "[1]", "\ufeff", "\x00", "\u200b", "\x0b", "\x1c", "\u2028", "\x85"]
noisy = st.lists(st.one_of(pieces, st.sampled_from(NOISE), st.sampled_from(NOISE), paged_text()),
                 max_size=60).map("".join)


@st.composite
def hard_wrapped(draw: st.DrawFn) -> str:
    """Marker-heavy text hard-wrapped every few characters, as in a PDF's text layer."""
    text = draw(marker_heavy)
    width = draw(st.integers(1, 12))
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def assert_sound(text: str) -> Document:
    """Parse `text`; the document must satisfy every invariant, survive a JSON round trip, and the
    fast path parse_json must give exactly the bytes of dumps(parse(text))."""
    doc = parse(text)
    assert check(doc, text) == []
    out = dumps(doc)
    assert Document.model_validate_json(out) == doc
    assert parse_json(text) == out
    return doc


@SETTINGS
@given(st.text())
@example("")
@example("\ufeff一、总则")
def test_any_text(text: str) -> None:
    """(a) Arbitrary Unicode text never raises, keeps every span in the source and loses nothing."""
    assert_sound(text)


@SETTINGS
@given(marker_heavy)
@example("一、总则。\n（一）目的。\n1.范围\n（1）对象\n二、附则")
@example("第一章 总则\n第一条 为了。\n第二条 本法。\n第二章 分则\n第三条 略。")
@example("文集\n标题篇一\n正文。\n标题篇二\n正文。")
@example("一是学习，二是工作；三是生活。")
@example("首先，学习。其次，工作。最后，生活。")
@example("\r\n一、甲\r二、乙\r\n")
def test_marker_heavy_text(text: str) -> None:
    """(b) Marker-heavy text never raises; spans nest inside the source; nothing lost; JSON round-trips."""
    assert_sound(text)


@SETTINGS
@given(noisy)
def test_noisy_text(text: str) -> None:
    """(c) Text full of site boilerplate, garbage, glosses and control characters: nothing lost."""
    assert_sound(text)


@SETTINGS
@given(hard_wrapped())
def test_hard_wrapped_text(text: str) -> None:
    """(d) Hard-wrapped text, whose soft line breaks the parser joins again: nothing lost, spans sound."""
    assert_sound(text)


@SETTINGS
@given(marker_heavy)
def test_without_cleaning(text: str) -> None:
    """With clean=False nothing is removed, so the tree alone accounts for every character."""
    doc = parse(text, clean=False)
    assert doc.removed == []
    assert check(doc, text) == []


# ---- regressions: inputs that broke an invariant (found by these properties and the fuzz target) ----

REGRESSIONS = [
    pytest.param("一、\n总之\n总之", id="two-closings-after-section"),
    pytest.param("一、甲\n总之，乙\n丙\n综上所述，丁", id="closing-para-closing"),
    pytest.param("一、甲\n总之，乙\n二、丙\n总之，丁", id="closing-per-section"),
    pytest.param("心得篇1\n正文。", id="trailing-part-first-line"),
    pytest.param("学习心得篇1\n正文。\n学习心得篇2\n正文。", id="trailing-parts-first-line"),
    pytest.param("【篇1】一", id="bracket-part-first-line"),
    pytest.param("文集\n心得篇1\n正文。\n心得篇2\n正文。", id="trailing-parts-after-title"),
    pytest.param("一、范文甲\n当前位置:首页 > 范文\n", id="breadcrumb-title-in-body"),
    pytest.param("一、甲当前位置:首页 > 范文\n", id="breadcrumb-mid-line"),
    pytest.param("当前位置:首页 >\n一、总则\n二、附则", id="breadcrumb-ends-line"),
    pytest.param("正文。当前位置:首页 > 范文。", id="breadcrumb-kept-in-paragraph"),
    pytest.param("一、甲篇一\n二、乙篇二", id="trailing-part-after-marker"),
    pytest.param("甲\n乙\n丙\n丁\n(一)学\n习篇一\n正\n文\n。\n的\n话\n啊", id="soft-break-into-trailing-part"),
    pytest.param("".join(".".join(["1"] * parts) + " 标题\n" for parts in range(2, 23)), id="21-decimal-depths"),
    pytest.param("XX区\n二、x\n2\n5、 .作风建设\n6、 ", id="page-artifact-inside-marker"),
    pytest.param('文集\n甲篇* x" y* g+ G" f G2 d2一\n正文。', id="garbage-inside-trailing-marker"),
    pytest.param("各位代表：\n\n首先报告工作\n\n一、甲。\n二、乙。", id="salutation-before-title"),
    pytest.param("\ufeff\u200b\x00一、\x1c总则\u2028二、\x85附则", id="odd-characters"),
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regression(text: str) -> None:
    """Each input once found a crash or a broken invariant; it must now parse soundly."""
    assert_sound(text)


def test_lone_surrogate_is_a_clear_error() -> None:
    """A str holding a lone surrogate (from surrogateescape decoding) is not Unicode that JSON can carry:
    a clear error naming where, not a crash in the JSON writer."""
    with pytest.raises(ValueError, match="lone surrogate at offset 4"):
        parse("一、总则\udc80\n二、附则")


# ---- bad input (SPEC.md §5): a document, never a crash, never silent loss ---------------------------

def nested(depth: int) -> str:
    """A titled text with markers of every block style nested one inside the other, then dotted decimals
    up to `depth` parts."""
    heads = ["第一编", "第一章", "第一节", "第一条", "壹、", "一、", "（一）", "1.", "（1）", "1）", "①", "（甲）"]
    heads += [".".join(["1"] * parts) for parts in range(2, depth + 1)]
    return "文件标题\n" + "".join(f"{h} 标题{i}\n正文。\n" for i, h in enumerate(heads))


BAD_INPUTS = [
    pytest.param("", id="empty"),
    pytest.param(" \n\t\u3000\r\n", id="whitespace"),
    pytest.param("\x00" * 50 + "一、甲\x00", id="nul-bytes"),
    pytest.param(bytes(range(256)).decode("latin-1") * 4, id="binary-as-latin-1"),
    pytest.param("一、甲。" + "乙" * 1_000_000, id="one-megabyte-line"),
    pytest.param("".join(f"{i}.甲\n" for i in range(1, 10_001)), id="ten-thousand-siblings"),
    pytest.param(nested(50), id="fifty-deep"),
    pytest.param(nested(8), id="nineteen-deep"),
    pytest.param("".join(f"{n}、甲\n" for n in (5, 3, 9, 1, 7, 2, 8, 4, 6) * 30), id="numbering-out-of-order"),
    pytest.param("本文没有任何编号，只是一段文字。" * 200, id="no-markers"),
    pytest.param("一、（甲（乙【丙《丁“戊\n二、）」】》”\n" * 20, id="unbalanced-brackets"),
]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input(text: str) -> None:
    """SPEC.md §5's bad inputs each give a sound document."""
    assert_sound(text)


def parse_seconds(text: str) -> float:
    """The best of three timings of parse(text)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parse(text)
        best = min(best, time.perf_counter() - start)
    return best


LINEAR = [
    pytest.param("5、甲乙丙\n", 700, id="repeated-number"),
    pytest.param("甲。一、", 4000, id="sentence-markers"),
    pytest.param("一是甲，二是乙，\n", 2000, id="inline-enumeration-lines"),
    pytest.param("1.甲。2.乙。", 400, id="list-on-one-line"),
    pytest.param("甲\n1、", 2000, id="page-artifact-lines"),
]


@pytest.mark.parametrize(("unit", "copies"), LINEAR)
def test_cost_grows_linearly(unit: str, copies: int) -> None:
    """Four times the input costs well under sixteen times the time (SPEC.md §5: linear cost).

    A linear parser takes about 4x; a quadratic one about 16x. The threshold of 8x leaves room for
    timing noise; `copies` makes the smaller text big enough that its time is not all overhead.
    """
    parse(unit * 50)  # build the cached parsers outside the timing
    small = parse_seconds(unit * copies)
    large = parse_seconds(unit * copies * 4)
    assert large < 8 * small, f"x4 input took x{large / small:.1f} time ({small:.3f} s -> {large:.3f} s)"


# ---- the fast word finder of the cleaning rules ------------------------------------------------------------

@pytest.mark.parametrize("words", ["作者|作品|发布|发布会|會員|上一篇|文章来源|来源|】|www.|┌",
                                   "发布会|发布|来源|文章来源"])
@given(text=st.text(alphabet="作者品发布会會員上一篇文章来源】w.┌，\nx", max_size=120))
@SETTINGS
def test_word_finder_finds_what_the_plain_alternation_finds(words: str, text: str) -> None:
    """clean._any_word tries the words only where their first two characters fit; it must find the same
    words, at the same places and in the same order of preference, as the plain alternation."""
    plain = re.compile("|".join(map(re.escape, words.split("|"))))
    assert [m.span() for m in _any_word(words).finditer(text)] == [m.span() for m in plain.finditer(text)]
