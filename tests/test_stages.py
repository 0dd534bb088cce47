"""Each stage of the pipeline on short texts taken from real documents."""
from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from lark.exceptions import UnexpectedToken

from cnoutline import parse, parse_json, wraps
from cnoutline.clean import clean
from cnoutline.decode import DecodeError, decode
from cnoutline.markers import LINE, SENTENCE, scan
from cnoutline.meta import iso_date
from cnoutline.numerals import to_int
from cnoutline.sequences import select
from cnoutline.tree import ParagraphNode, SectionNode, Unit, outline_parser
from cnoutline.wraps import soft_breaks


def parse_data(text: str) -> dict:
    return orjson.loads(parse_json(text))


def outline(text: str) -> list[tuple[int, str, int, str]]:
    """(depth, style, number, title) of every section, in document order."""
    return [(len(anc) + 1, s.style, s.number, s.title) for anc, s in parse(text).sections()]


# ---- numerals ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("一百零一", 101), ("一千二百六十", 1260),
    ("一千零四十", 1040), ("两", 2), ("壹", 1), ("貳拾", 20), ("12", 12), ("１２", 12), ("甲", 1), ("丙", 3),
])
def test_numerals(text: str, value: int) -> None:
    assert to_int(text) == value


# ---- markers: the grammar's terminals, in context ------------------------------------------------------

@pytest.mark.parametrize("line, style, number", [
    ("第一篇：关于机关党建工作思考", "part", 1), ("【第2篇】总结", "part", 2), ("第三编 婚姻家庭", "part", 3),
    ("附件1突发环境事件分级标准", "attachment", 1), ("附件", "attachment", 1), ("第一章 总则", "chapter", 1), ("第三节 监督", "section", 3),
    ("第一千二百六十条 本法自公布之日起施行。", "article", 1260), ("第十条之一 …", "article", 10),
    ("肆、文化", "cn_formal", 4), ("貳、施政", "cn_formal", 2), ("二十三、其他", "cn_dun", 23),
    ("一．总则", "cn_dun", 1), ("一 总则", "cn_dun", 1), ("（一）指导思想", "cn_paren", 1),
    ("(十二)附则", "cn_paren", 12), ("1. 工作内容", "arabic", 1), ("１．吸收新党员", "arabic", 1),
    ("3、积极造成条件", "arabic", 3), ("2、65 歲以上老人健保免費", "arabic", 2), ("3、5G网络建设", "arabic", 3), ("1 党的领导机关", "arabic", 1), ("3.2.1 预警分级", "decimal", 1),
    ("（1）分析研判", "arabic_paren", 1), ("(12)附", "arabic_paren", 12), ("2）其他", "arabic_half_paren", 2),
    ("③工人夜校", "circled", 3), ("（甲）七月七日", "cn_stem", 1), ("乙　非组织的批评", "cn_stem", 2),
    ("第一，坚持合作共建", "cn_di", 1), ("第二种：马克思列宁主义的态度", "cn_di", 2),
    ("第三、加强全局观念", "cn_di", 3), ("第二、一定要用在生产建设上", "cn_di", 2), ("第二点，要加强领导", "cn_di", 2),
    ("第二步，从工人当中选拔领袖", "cn_di", 2),
    ("一是要注重学习", "cn_shi", 1), ("十三是统筹发展安全", "cn_shi", 13), ("二要抓好考核", "cn_shi", 2),
    ("首先，要讲大局", "sequence", 1), ("最后，要树立", "sequence", 4),
])
def test_every_style_is_recognised(line: str, style: str, number: int) -> None:
    found = scan("正文。\n" + line + "\n")
    assert [(c.style, c.number, c.context) for c in found][:1] == [(style, number, LINE)]


def test_markers_start_only_where_a_marker_can() -> None:
    text = "我们统一是非标准。第一次会议在2008年3月29日召开，三严三实。依照本法第十条处理。"
    assert [c.style for c in select(scan(text), text)] == []
    text = "第一、二产业增长较快。\n第二、三季度持续回升。\n第一、第三产业协调。\n依照第一、二款规定。"
    assert [c.style for c in select(scan(text), text)] == []


@pytest.mark.parametrize("line", ["1、 6月：專案管理技術服務決標。", "2、10 月：完成細部設計。", "1、2、3级响应", "3、5，7、9号楼"])
def test_a_number_before_a_date_or_another_number_is_not_an_item(line: str) -> None:
    # (corpus 049's timeline tables: 1、 6月 / 2、 10 月 are rows, not items)
    text = "一、概况\n" + line + "\n"
    assert [c.style for c in select(scan(text), text)] == ["cn_dun"]


def test_steps_are_a_cn_di_list_and_one_step_alone_is_text() -> None:
    # corpus 011: 第一步，…；第二，…；第三，… is one list; "作为第一步，" in a sentence numbers nothing
    text = "经验是：第一步，在工人之间建立友好关系；第二，从工人当中选拔领袖；第三，组织起来。"
    assert [(s, n) for _, s, n, _ in outline(text)] == [("cn_di", 1), ("cn_di", 2), ("cn_di", 3)]
    assert outline("我们要先做好准备。作为第一步，我们要先调查研究。然后再说。") == []


def test_sentence_context_in_collapsed_text() -> None:
    text = "现提出以下意见。一、持续提升便利度。二、降低门槛。"
    found = select(scan(text), text)
    assert [(c.style, c.number, c.context) for c in found] == [("cn_dun", 1, SENTENCE), ("cn_dun", 2, SENTENCE)]


def test_a_regulation_that_lost_its_line_breaks() -> None:
    # corpus 018 with its line breaks gone: chapters and articles glued to the text before them, each
    # followed by a gap (an en space after 第一章); the cross-reference 依照第二条 has no gap and stays text
    text = ("婚姻家庭编第一章\u2002\u2002一般规定第一条 本编调整婚姻关系。第二条 婚姻家庭受国家保护。"
            "第二章 结婚第三条 结婚应当男女双方完全自愿。依照第二条规定办理。第四条 结婚年龄另行规定。")
    assert [s[:3] for s in outline(text)] == [
        (1, "chapter", 1), (2, "article", 1), (2, "article", 2), (1, "chapter", 2), (2, "article", 3), (2, "article", 4)]


ESSAY = ("关于纠正党内的错误思想\n"
         "关于单纯军事观点\n"
         "　　单纯军事观点在红军中一部分同志中非常发展。其表现如：\n"
         "　　（一）认为军事政治二者是对立的。\n"
         "　　（二）以为红军的任务只是单纯地打仗。\n"
         "　　1 党的领导机关要有正确的指导路线。\n"
         "　　2 上级机关要明了下级机关的情况。\n"
         "{}"
         "　　四军党内存在着的非组织的观点，其表现如下：\n"
         "　　甲　少数不服从多数。例如少数人的提议被否决。\n"
         "　　（一）开会时要使到会的人尽量发表意见。\n"
         "　　（二）党的纪律之一是少数服从多数。\n"
         "　　乙　非组织的批评。\n"
         "　　（一）党内批评是坚强党的组织的武器。\n")


def test_a_heading_without_a_number_closes_the_lists_before_it() -> None:
    # corpus 109: 关于非组织观点 on its own line, not indented; the list order starts afresh after it
    assert [s[:3] for s in outline(ESSAY.format("关于非组织观点\n"))] == [
        (1, "cn_paren", 1), (1, "cn_paren", 2), (2, "arabic", 1), (2, "arabic", 2),
        (1, "cn_stem", 1), (2, "cn_paren", 1), (2, "cn_paren", 2), (1, "cn_stem", 2), (2, "cn_paren", 1)]


@pytest.mark.parametrize("between", [
    "",  # no heading between: 甲 goes on under the open lists
    "　　关于非组织观点\n",  # indented like the paragraphs: a paragraph
    "关于非组织观点。\n",  # a sentence
])
def test_without_a_heading_the_lists_stay_open(between: str) -> None:
    assert [s[0] for s in outline(ESSAY.format(between))][4] == 3


def test_a_markdown_heading_without_a_number_closes_the_lists_before_it() -> None:
    text = "# 汇编\n## 第一章 总则\n第一条 目的。\n第二条 范围。\n# 另一部法律\n第一条 目的。\n第二条 适用。\n"
    assert [s[:3] for s in outline(text)] == [
        (1, "chapter", 1), (2, "article", 1), (2, "article", 2), (1, "article", 1), (1, "article", 2)]


def test_markdown_markup_belongs_to_its_heading() -> None:
    # scraped or converted Markdown: the ## / ** / > before a marker is no paragraph of its own, and a
    # bold title is named without its asterisks
    text = ("# 关于加强工作的意见\n\n**一、总体要求**\n\n正文。\n\n**（一）指导思想**\n\n正文。\n\n"
            "**（二）基本原则**\n\n正文。\n\n### 二、主要任务\n\n1. **加强领导**：各地要高度重视。\n"
            "2. **强化保障**：加大投入。\n\n> 三、组织实施\n\n正文。\n")
    doc = parse(text)
    assert [(s.marker, s.title) for _, s in doc.sections()] == [
        ("一、", "总体要求"), ("（一）", "指导思想"), ("（二）", "基本原则"), ("二、", "主要任务"),
        ("1.", "加强领导"), ("2.", "强化保障"), ("三、", "组织实施")]
    assert [text[s.span[0]:s.span[0] + 2] for _, s in doc.sections()] == ["**", "**", "**", "##", "1.", "2.", "> "]
    data = orjson.loads(parse_json(text))

    def paragraphs(node: dict) -> list[str]:
        return [t for c in node["children"] for t in ([c["text"]] if c["type"] == "paragraph" else paragraphs(c))]
    assert paragraphs(data) == ["正文。", "正文。", "正文。", "各地要高度重视。", "加大投入。", "正文。"]


def test_a_glyph_before_a_marker_belongs_to_its_heading() -> None:
    # headings of web pages and WeChat articles: ■ 一、…, ◆（一）…
    text = "标题\n■ 一、总体要求\n正文。\n■ 二、主要任务\n正文。\n◆（一）加强领导\n正文。\n◆（二）强化保障\n正文。\n"
    doc = parse(text)
    assert [(s.depth, s.title, text[s.span[0]]) for _, s in doc.sections()] == [
        (1, "总体要求", "■"), (1, "主要任务", "■"), (2, "加强领导", "◆"), (2, "强化保障", "◆")]


def test_a_single_attachment() -> None:
    # 附件 alone on its line heads the one attachment, titled by the line below; a sentence that opens
    # with 附件 does not
    text = "通知正文。\n附件：某市数据管理办法\n某市人民政府\n附件\n某市数据管理办法\n第一条　为了管理。\n第二条　适用于本市。\n"
    assert [s[:4] for s in outline(text)] == [
        (1, "attachment", 1, "某市数据管理办法"), (2, "article", 1, "为了管理"), (2, "article", 2, "适用于本市")]
    assert outline("通知正文。\n附件提供了详细说明。\n") == []


def test_a_lone_inline_marker_is_doubtful() -> None:
    assert outline("组织部门。\n一是加强学习。\n然后总结。\n") == []
    assert [s[1:3] for s in outline("组织部门。\n一是加强学习。\n二是总结经验。\n")] == [("cn_shi", 1), ("cn_shi", 2)]


def test_one_or_two_is_not_a_list() -> None:
    # seed 001: 只憑聽一、兩次匯報 ("one or two reports")
    assert outline("考察干部,不能只憑聽一、兩次匯報就斷定。\n") == []


def test_lost_first_item_is_found_again() -> None:
    # seed 001: 一要 follows 上 without punctuation, 二要 and 三要 follow 。
    text = "在思維創新上一要保持精神狀態。二要擁有知識積累。三要注意訓練思維。"
    assert [(s[1], s[2]) for s in outline("一、建立機制\n" + text)][1:] == [("cn_shi", 1), ("cn_shi", 2), ("cn_shi", 3)]


def test_numbering_gap_is_a_warning() -> None:
    doc = parse("一、甲事\n正文。\n三、丙事\n正文。\n")
    assert [s.number for _, s in doc.sections()] == [1, 3]
    assert [w.code for w in doc.warnings] == ["numbering_gap"]


def test_cross_reference_in_brackets_is_not_a_marker() -> None:
    assert outline("删除第（三）项的规定。\n") == []


# ---- the outline grammar: nesting over a token stream -----------------------------------------------

def shape(types: str) -> list:
    """Parse a stream of token types (H1…H20, SUMMARY, BREAK) whose nodes are named by their position:
    a section comes back as (position, [children]), a summary or a break as its position."""
    def unit(i: int, kind: str) -> Unit:
        if kind in ("SUMMARY", "BREAK"):
            return Unit(kind, [ParagraphNode("paragraph", str(i), (i, i + 1))])
        return Unit(kind, SectionNode("section", "arabic", 1, "1.", 0, str(i), (i, i + 1), (i, i + 1), []))

    def named(node: SectionNode | ParagraphNode) -> int | tuple:
        if isinstance(node, ParagraphNode):
            return int(node.text)
        return int(node.title), [named(child) for child in node.children]

    return [named(node) for node in outline_parser().parse([unit(i, t) for i, t in enumerate(types.split())])]


def test_grammar_nests_by_level() -> None:
    # 一、 1、 2、 （二）: 1、 2、 under 一、; （二） closes them and is their sibling
    assert shape("H16 H18 H18 H17 H16") == [(0, [(1, []), (2, []), (3, [])]), (4, [])]


def test_grammar_allows_skipped_levels() -> None:
    assert shape("H10 H20 H15 H20") == [(0, [(1, []), (2, [(3, [])])])]


def test_summary_closes_the_innermost_list() -> None:
    # part → 一是 二是, 总之, 一是: the summary and the new list belong to the part
    assert shape("H10 H20 H20 SUMMARY H20") == [(0, [(1, []), (2, []), 3, (4, [])])]


def test_summary_after_the_top_list_belongs_to_the_document() -> None:
    assert shape("H10 H10 SUMMARY H10") == [(0, []), (1, []), 2, (3, [])]


def test_summary_needs_a_list_to_close() -> None:
    with pytest.raises(UnexpectedToken):
        shape("SUMMARY H10")


def test_a_break_closes_every_open_section() -> None:
    # 关于…（一） 1 2, then 关于… on its own line, then 1: the break and the new list are the document's
    assert shape("H10 H12 H12 BREAK H12 BREAK BREAK") == [(0, [(1, []), (2, [])]), 3, (4, []), 5, 6]


# ---- levels: the document's own order ------------------------------------------------------------------

def test_usual_rank() -> None:
    assert [d for d, *_ in outline("一、甲\n（一）乙\n1.丙\n（1）丁\n二、戊\n")] == [1, 2, 3, 4, 1]


def test_first_seen_order_wins() -> None:
    # 1. as the top level with 一、 inside it
    assert [d for d, *_ in outline("1.总论\n一、背景\n二、目标\n2.分论\n一、措施\n")] == [1, 2, 2, 1, 2]


def test_inline_styles_nest_under_what_contains_them() -> None:
    assert outline("一、要建队伍\n一是素质要高。首先，要讲学习。其次，要讲实践。\n二是形象要好。\n") == [
        (1, "cn_dun", 1, "要建队伍"), (2, "cn_shi", 1, "素质要高"), (3, "sequence", 1, "要讲学习"),
        (3, "sequence", 2, "要讲实践"), (2, "cn_shi", 2, "形象要好")]


def test_summary_paragraph_belongs_to_the_parent() -> None:
    doc = parse("第一篇：思考\n一是处理好关系；\n二是处理好分工；\n总之，要创新。(一是创新方式；二是创新内容；)\n")
    part = next(s for _, s in doc.sections())
    assert [(type(c).__name__, getattr(c, "number", None)) for c in part.children] == [
        ("Section", 1), ("Section", 2), ("Paragraph", None), ("Section", 1), ("Section", 2)]


SPEECH = "第一，坚持合作。\n第二，坚持创新。\n{}\n中国政府将采取以下行动。\n一是加大支持力度。\n二是加强培训。\n{}"


def test_a_salutation_between_a_finished_list_and_a_new_one_turns_to_a_new_part() -> None:
    assert [depth for depth, *_ in outline(SPEECH.format("女士们、先生们、朋友们！", ""))] == [1, 1, 1, 1]


@pytest.mark.parametrize("between, after", [
    ("我们认为，合作是根本。", ""),  # no salutation: the new list is the last item's
    ("女士们、先生们！", "第三，坚持共赢。\n"),  # the first list goes on after the new one
    ("女士们、先生们！各位来宾在座。", ""),  # not a salutation on its own
])
def test_without_a_turn_the_new_list_nests_in_the_last_item(between: str, after: str) -> None:
    assert [depth for depth, *_ in outline(SPEECH.format(between, after))][:4] == [1, 1, 2, 2]


def test_a_salutation_turns_to_a_new_part_where_a_later_list_of_the_old_level_starts_afresh() -> None:
    # concatenated speeches: the next one's 第一， starts at 1 again, so the first list never went on
    text = SPEECH.format("女士们、先生们！", "各位来宾：\n第一，加强对话。\n第二，深化合作。\n")
    assert [depth for depth, *_ in outline(text)] == [1, 1, 1, 1, 1, 1]


RUN_IN_LIST = "　　这种思想表现在：一，不愿意做艰苦工作；二，不耐烦；三，只希望跑到大城市去。\n{}\n（一）加紧教育。\n（二）加紧训练。\n"


@pytest.mark.parametrize("between", ["　　纠正的方法：", "　　纠正的方法是什么？要从教育入手。"])
def test_after_a_list_run_within_its_paragraph_what_follows_is_the_parents(between: str) -> None:
    # corpus 109: 三， ends with its paragraph, so （一） below is not its child
    assert [depth for depth, *_ in outline(RUN_IN_LIST.format(between))] == [1, 1, 1, 1, 1]


def test_a_run_in_item_that_leads_into_the_next_paragraph_keeps_it() -> None:
    text = RUN_IN_LIST.replace("只希望跑到大城市去。", "具体表现如下：").format("　　纠正的方法：")
    assert [depth for depth, *_ in outline(text)] == [1, 1, 1, 2, 2]


def test_items_on_lines_of_their_own_keep_what_follows_them() -> None:
    text = "一，不愿意做艰苦工作。\n二，不耐烦。\n纠正的方法：\n（一）加紧教育。\n（二）加紧训练。\n"
    assert [depth for depth, *_ in outline(text)] == [1, 1, 2, 2]


CLAUSES = ("（一）关于经济形势\n　　经济形势很好。\n（二）关于经济体制改革\n　　价格改革的主要内容是：\n　　一、合理调整粮食购销价格；\n　　二、适当提高短途运价；\n"
           "　　四、对原材料实行市场调节{}\n　　这个改革方案是积极而又稳妥的。\n")


def test_the_paragraph_after_a_list_of_clauses_is_the_parents() -> None:
    # corpus 008, and every law's 下列事项：（一）…；（二）…。 followed by a paragraph of the article
    doc = parse(CLAUSES.replace("四、", "三、").format("。"))
    parent = [s for ancestors, s in doc.sections() if not ancestors][1]
    assert [c.type for c in parent.children][-2:] == ["section", "paragraph"]
    assert parent.children[-2].children == []


@pytest.mark.parametrize("text", [
    CLAUSES.replace("四、", "三、").format("，推动生产资料进入市场；"),  # the sentence goes on
    CLAUSES.format("。"),  # not a list from its first item on: 三、 is missing
    CLAUSES.replace("四、", "三、").replace("价格；\n", "价格。\n").format("。"),  # items that are sentences
])
def test_otherwise_the_paragraph_stays_in_the_last_item(text: str) -> None:
    doc = parse(text)
    last = [s for _, s in doc.sections()][-1]
    assert [c.type for c in last.children] == ["paragraph"]


def test_a_salutation_before_the_first_child_does_not_close_its_section() -> None:
    # 各位代表！ opens the body of 一、 (a gov work report); its （一） （二） are still its children
    text = "一、过去一年工作回顾\n各位代表！\n五年来，我们砥砺奋进。\n（一）创新宏观调控。\n（二）推进改革。\n二、今年工作\n"
    assert [depth for depth, *_ in outline(text)] == [1, 2, 2, 1]


# ---- headings: title and body ------------------------------------------------------------------------

@pytest.mark.parametrize("text, title", [
    ("（一）机关党建工作的职能。根据《党章》规定。", "机关党建工作的职能"),
    ("一、《通知》制定的背景是什么？当前，企业反映强烈。", "《通知》制定的背景是什么"),
    ("(1)執行公共藝術業務：為提升市民生活文化品質。", "執行公共藝術業務"),
    ("1.為配合「文化自治」及「觀光：讓世界愛上台北」，辦理活動；", "為配合「文化自治」及「觀光：讓世界愛上台北」，辦理活動"),
    ("第三十条 中华人民共和国的行政区域划分如下：\n（一）全国分为省", "中华人民共和国的行政区域划分如下"),
    ("一是在管理体制上要注重“激”。通过建立健全管理机制。二是在考核上要讲求“活”。", "在管理体制上要注重“激”"),
])
def test_title_ends_where_the_heading_does(text: str, title: str) -> None:
    assert outline(text)[0][3] == title


@pytest.mark.parametrize("text, titles", [
    ("一、总体要求\n（一）\n指导思想\n坚持稳中求进。\n（二）\n基本原则\n坚持人民至上。\n", ["总体要求", "指导思想", "基本原则"]),
    ("第一章\n\n总则\n\n第一条　为了规范管理。\n第二条　本办法适用于全市。\n第二章\n附则\n第三条　自公布之日起施行。\n",
     ["总则", "为了规范管理", "本办法适用于全市", "附则", "自公布之日起施行"]),
    # below the marker, a paragraph of the body (corpus 010, 102): no title
    ("一\n\n　　一九五六年到一九六七年全国农业发展纲要，是根据倡议提出的。\n二\n\n　　下面说执行情况。\n", ["", ""]),
    ("一\n\n　　依据上述意见，我有下列提议：\n二\n\n　　向全党提出。\n", ["", ""]),
])
def test_a_marker_alone_on_its_line_takes_the_short_title_line_below(text: str, titles: list[str]) -> None:
    assert [s[3] for s in outline(text)] == titles


def test_title_span_covers_the_title_and_its_closing_mark() -> None:
    text = "（一）指导思想。为积极推进工作。"
    doc = parse(text)
    section = doc.children[0]
    assert text[section.title_span[0]:section.title_span[1]] == "指导思想。"
    assert doc.children[0].children[0].text == "为积极推进工作。"


def test_collapsed_headings_split_at_the_body() -> None:
    # seed 000: headings run straight into their bodies; siblings' bodies open alike (党政机关)
    text = ("努力。一、注重思想和观念创新,树立机关工作新理念党政机关工作不但繁杂,而且数年如一日。要想开拓创新。"
            "二、注重思维和行动创新,强化干部主观能动性党政机关干部承担着重要职责,还必须努力做到创新。意识是先导。")
    assert [t for *_, t in outline(text)] == ["注重思想和观念创新,树立机关工作新理念", "注重思维和行动创新,强化干部主观能动性"]


def test_long_legitimate_titles_are_kept_whole() -> None:
    text = "第六条 中华人民共和国的社会主义经济制度的基础是生产资料的社会主义公有制，即全民所有制和劳动群众集体所有制。社会主义公有制消灭人剥削人的制度。"
    assert outline(text)[0][3] == "中华人民共和国的社会主义经济制度的基础是生产资料的社会主义公有制，即全民所有制和劳动群众集体所有制"


# ---- cleaning: every cut recorded, the source untouched --------------------------------------------------

def cuts(text: str) -> list[tuple[str, str]]:
    return [(c.reason, text[c.start:c.end]) for c in clean(text).cuts]


def test_ascii_garbage() -> None:
    # seed 004
    text = "一、要建一流的队伍. ?$ b5 R4 o! C3 I4 D\n“万事人为先”。"
    assert cuts(text) == [("garbage", ". ?$ b5 R4 o! C3 I4 D")]


def test_english_is_not_garbage() -> None:
    assert cuts("文章 it is a way to do so 结束。") == []


def test_a_footnote_call_split_over_lines_is_cut_and_its_sentence_joined() -> None:
    # corpus 013 (a wiki page copied as text): no short first line is left to be taken as a title
    text = "(譯自俄文稿)\n現在我代表中央委員會作關於上屆代表會議\n[\n1\n]\n以來的工作報告。\n一、工作\n正文。\n二、問題\n正文。\n"
    assert cuts(text) == [("footnote_call", "\n[\n1\n]\n")]
    assert parse_data(text)["title"] is None


def test_a_bracket_left_alone_on_its_line_is_joined_to_its_marker() -> None:
    # corpus 002: "（\n三）改革开放…" was read as text, and （三） lost
    text = "一、回顾\n（一）经济运行稳中有进。\n（二）产业发展提质增效。\n（\n三）改革开放持续深化。\n（四）城乡发展齐头并进。\n"
    assert cuts(text) == [("broken_marker", "\n")]
    assert [(n, t) for _, _, n, t in outline(text)][3] == (3, "改革开放持续深化")
    assert cuts("他说（\n这是一段话）。\n") == []


def test_pinyin_glosses() -> None:
    # seed 001
    assert cuts("優(yōu)化發(fā)展環(huán)境") == [("pinyin", "(yōu)"), ("pinyin", "(fā)"), ("pinyin", "(huán)")]
    assert cuts("學（xué）習（xí）制度（指导意见）") == [("pinyin", "（xué）"), ("pinyin", "（xí）")]


def test_site_chrome_lines() -> None:
    text = "您好,欢迎访问三七文档\n当前位置:首页 > 临时分类 > 思考\n正文。\n上一篇:关于广告下一篇:关于教学\n"
    assert [r for r, _ in cuts(text)] == ["boilerplate", "boilerplate", "boilerplate"]
    assert clean(text).text.strip() == "正文。"


def test_html_left_in_a_scrape() -> None:
    text = "<p>一、总体要求</p>\n<p>&nbsp;&nbsp;坚持稳中求进。</p>\n<P class=\"x\">二、主要任务<br/></P>\n若1<a且b>2则成立。<<条例>>"
    assert [t for _, t in cuts(text)] == ["<p>", "</p>", "<p>", "&nbsp;", "&nbsp;", "</p>", '<P class="x">', "<br/>", "</P>"]
    assert [s[2:4] for s in outline(text)] == [(1, "总体要求"), (2, "主要任务")]


def test_docx_page_artifacts_join_the_sentence() -> None:
    # seed 003: each N、 starts a line in the middle of a sentence
    page = "人员较少，在编的工作人员只有一百五十人左右。" * 5
    text = page + "但负责的具体工作却\n2、不少于其他县市区。" + page + "有很多\n3、苦干实干者。"
    cleaned = clean(text)
    assert [r for r, _ in cuts(text)] == ["page_artifact", "page_artifact"]
    assert cleaned.text == page + "但负责的具体工作却不少于其他县市区。" + page + "有很多苦干实干者。"


@pytest.mark.parametrize("footer", ["{}", "— {} —", "- {} -", "第{}页", "第 {} 页 共 9 页", "{}/9"])
def test_pdf_page_numbers_in_a_run(footer: str) -> None:
    # a 公文's pages end in — 2 — (GB/T 9704) or 第2页; counting up by one through the text, they are cut
    page = "　　这是一页很长的正文内容，用来模拟公文的版面，其中句子会被分页符切断。" * 3
    text = "".join(f"{page}而且要\n{footer.format(n)}\n坚持下去。" for n in (2, 3, 4))
    assert [t for _, t in cuts(text)] == [footer.format(n) + "\n" for n in (2, 3, 4)]
    assert cuts(f"{page}\n{footer.format(2)}\n{page}\n{footer.format(5)}\n") == []  # no run: text


def test_real_list_items_are_not_page_artifacts() -> None:
    assert cuts("措施如下：\n1、加强学习。\n2、改进作风。\n") == []
    assert cuts("一、总体要求\n1、加强领导\n2、完善制度\n3、强化落实\n") == []


def test_photo_caption() -> None:
    # corpus 124
    text = "文化自信。2020年9月22日，习近平在京主持召开座谈会。 新华社记者 鞠鹏/摄一、充分认识"
    assert cuts(text) == [("boilerplate", "2020年9月22日，习近平在京主持召开座谈会。 新华社记者 鞠鹏/摄")]


def test_offsets_map_back_to_the_source() -> None:
    text = "優(yōu)化發(fā)展"
    cleaned = clean(text)
    assert cleaned.text == "優化發展"
    assert [text[cleaned.src(i)] for i in range(len(cleaned.text))] == list("優化發展")


@pytest.mark.parametrize("heading", ["注释", "注　　释", "註釋", "注　　釋"])  # (OpenCC gives 注　　釋)
def test_the_numbering_of_an_editors_notes_block_is_the_notes(heading: str) -> None:
    body = "".join(f"{n}、正文第{n}部分\n　　正文内容。\n" for n in "一二三")
    notes = f"\n{heading}\n\n　　〔1〕 毛泽东提出“我们的口号是：一，不做调查没有发言权。二，不做正确的调查同样没有发言权。”\n"
    assert [n for _, _, n, _ in outline(body * 3 + notes)][-3:] == [1, 2, 3]
    assert len(outline(body * 3 + notes)) == 9


# ---- hard-wrapped PDF text -----------------------------------------------------------------------------

def test_pdf_wraps_are_joined() -> None:
    # corpus 048: lines wrap at a fixed width; (1)2014 is a number split from its text
    text = ("(1)2014\n臺北爵士音樂節：103 年 7 月 19 日、20 日於大安森林公園辦理 7\n場露天爵士音樂會，邀請國內外爵士樂團參與演出，約計吸引 3 萬人次\n參與。\n"
            "(2)2014\n臺北流行音樂季：8 月 30 日至 10 月 26 日辦理臺北街頭搖滾嘉年\n華、森林遊園地及 Pop Up 城市聲響工作坊。另串聯民間所主辦的音樂\n季，總參與達 18 萬 119 人次。\n") * 2
    assert soft_breaks(text)
    assert [t for *_, t in outline(text)][:2] == ["2014臺北爵士音樂節", "2014臺北流行音樂季"]


def test_a_number_a_wrap_left_at_a_line_start_is_not_a_heading() -> None:
    # corpus 049: "…以紓解台\n4 線交通壅塞問題。" is one sentence (台4線 is a road); "3 實施計畫" heads its line
    body = ("本計畫於鐵路沿線辦理自行車道及環境綠美化工程，以活化鐵路土地、提供優\n質生活環境及遊憩空間，"
            "並於部分路段闢建車道供小客車及機車共同使用，以紓\n解交通壅塞問題，預計於明年完成規劃設計並辦理工程發\n包作業。\n") * 4
    text = ("1 計畫緣起\n" + body + "2 計畫內容\n" + body.replace("以紓\n解交通", "以紓解台\n4 線交通")
            + "3 實施計畫\n" + body)
    assert soft_breaks(text)
    assert [(n, t) for _, _, n, t in outline(text)] == [(1, "計畫緣起"), (2, "計畫內容"), (3, "實施計畫")]


def test_ordinary_lines_are_not_wraps() -> None:
    assert soft_breaks("一、总则\n为了规范工作，制定本办法。\n" * 20) == frozenset()


@pytest.mark.parametrize("name", ["pdf-hard-wrapped-traditional", "collapsed-official-document"])
def test_wraps_do_not_depend_on_how_lines_are_batched(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # a huge text's lines are counted a batch at a time; batches of a few lines must give the same answer
    text = (Path(__file__).parents[1] / "fixtures" / "documents" / f"{name}.txt").read_text("utf-8")
    whole = soft_breaks(text)
    monkeypatch.setattr(wraps, "BATCH", 40)
    assert soft_breaks(text) == whole
    assert whole or name != "pdf-hard-wrapped-traditional"


# ---- document head -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [
    ("2008年3月29日", "2008-03-29"), ("时间:2022-10-17 10:37:00", "2022-10-17"),
    ("（一九三七年八月二十五日）", "1937-08-25"), ("（一九三○年五月）", "1930-05"), ("二〇二六年一月二十七日", "2026-01-27"),
    ("2026年北京市政府工作报告", None),
])
def test_dates(text: str, iso: str | None) -> None:
    assert iso_date(text) == iso


def test_title_author_and_date() -> None:
    text = "改造我们的学习\n\n（一九四一年五月十九日）\n\n这是毛泽东在延安干部会上所作的报告。\n\n一\n\n正文。\n\n二\n\n正文。\n"
    data = parse_data(text)
    assert (data["title"], data["meta"]["author"], data["meta"]["date"]) == ("改造我们的学习", "毛泽东", "1941-05-19")


@pytest.mark.parametrize("text, org, date", [
    # corpus 031: the signature's date line runs on into the plan it issues, after a no-break space
    ("国务院关于印发国家环境保护“十一五”规划的通知\n各省、自治区、直辖市人民政府：\n现将规划印发给你们，请认真贯彻执行。\n"
     "国务院\n二○○七年十一月二十二日\xa0国家环境保护“十一五”规划\u3000\u3000根据纲要编制本规划。\n一、环境形势\n正文。\n"
     "二、主要任务\n正文。\n", "国务院", "2007-11-22"),
    # corpus 026: the decree sentence, the signer and the date share a line
    ("中华人民共和国国务院令第693号\n现公布《中华人民共和国环境保护税法实施条例》，自2018年1月1日起施行。"
     "总理\u3000\u3000李克强\u3000\u3000\u3000\u30002017年12月25日\n第一条　目的。\n第二条　范围。\n", None, "2017-12-25"),
])
def test_a_signature_glued_to_other_text_is_read(text: str, org: str | None, date: str) -> None:
    meta = parse_data(text)["meta"]
    assert (meta["org"], meta["date"]) == (org, date)


def test_no_title_is_made_up() -> None:
    assert parse_data("各位代表：\n现在，我代表国务院作报告。\n一、工作回顾\n")["title"] is None
    # a part's title is not the document's, unless the parts are a web compilation's X篇1, X篇2
    assert parse_data("第一部分　总体要求\n一、指导思想\n正文。\n第二部分　主要任务\n一、加强领导\n")["title"] is None
    assert parse_data("心得体会篇1\n正文。\n心得体会篇2\n正文。\n")["title"] == "心得体会"


@pytest.mark.parametrize("crumb, title", [
    ("首页 > 临时分类 > 关于党政机关干部推进工作创新的几点思考", "关于党政机关干部推进工作创新的几点思考"),
    ("首页 > 文章中心 > 正文", None),  # the kind of page
    ("首页 > 政务公开 > 通知公告", None),  # the channel
])
def test_a_breadcrumb_names_the_page_only_with_a_title(crumb: str, title: str | None) -> None:
    text = f"您好，欢迎访问本站！\n当前位置：{crumb}\n各位代表：\n现在，我代表市政府作报告。\n一、工作回顾\n"
    assert parse_data(text)["title"] == title


@pytest.mark.parametrize("text, title", [
    # a crawl that turned its line breaks into full-width spaces: the first of those lines is the title
    ("关于机关党建工作思考\u3000\u3000\u3000\u30002022-12-06\u3000\u3000一、加强学习。\u3000\u3000二、改进作风。", "关于机关党建工作思考"),
    # a paragraph with spaces in it is no title line, nor is what follows them
    ("现公布本条例，自公布之日起施行。总理\u3000\u3000李克强\u3000\u3000\n\n某某条例\n\n第一条　目的。\n第二条　范围。", "某某条例"),
])
def test_title_of_a_collapsed_head(text: str, title: str) -> None:
    assert parse_data(text)["title"] == title


def test_traditional_characters_read_as_simplified_do() -> None:
    notice = "國務院辦公廳關於印發國家突發環境事件應急預案的通知國辦函〔2014〕119號各省、自治區人民政府：經國務院同意，現印發。"
    assert parse_data(notice)["title"] == "國務院辦公廳關於印發國家突發環境事件應急預案的通知"
    report = "桃園市施政報告\n市長 鄭文燦\n壹、前言\n正文。\n貳、施政\n正文。\n"
    assert parse_data(report)["meta"]["author"] == "鄭文燦"
    caption = "文化自信。2020年9月22日，習近平在京主持召開座談會。 新華社記者 鞠鵬/攝一、充分認識"
    assert cuts(caption) == [("boilerplate", "2020年9月22日，習近平在京主持召開座談會。 新華社記者 鞠鵬/攝")]


def test_collapsed_notice_title_stops_at_its_document_number() -> None:
    text = "国务院办公厅关于印发国家突发环境事件应急预案的通知国办函〔2014〕119号各省、自治区人民政府：经国务院同意，现印发。"
    assert parse_data(text)["title"] == "国务院办公厅关于印发国家突发环境事件应急预案的通知"


# ---- decoding ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    ("一、总则".encode(), "utf-8"), ("一、总则".encode("utf-8-sig"), "utf-8-sig"),
    ("一、总则".encode("utf-16"), "utf-16"),
    ("关于机关党建工作的几点思考。一、加强学习，提高素质。二、改进作风，密切联系群众。".encode("gb18030"), "gb18030"),
])
def test_decode(data: bytes, encoding: str) -> None:
    text, found = decode(data)
    assert found == encoding and text.startswith(("一", "关于"))


MOJIBAKE_SOURCE = "中华人民共和国国务院令\n第一章　总则\n第一条　为了创造无障碍环境，制定本条例。\n"


@pytest.mark.parametrize("code_page", ["mac_cyrillic", "cp1251", "latin-1", "mac_roman"])
def test_utf8_once_read_in_another_code_page_is_read_as_written(code_page: str) -> None:
    misread = MOJIBAKE_SOURCE.encode().decode(code_page)
    text, encoding = decode(misread.encode())
    assert encoding == f"utf-8 (read as {code_page} and repaired)"
    assert outline(text) == outline(MOJIBAKE_SOURCE) and len(outline(text)) == 2


def test_a_byte_the_misreading_lost_stays_as_it_was_read() -> None:
    misread = ("\xa0" + MOJIBAKE_SOURCE.encode().decode("mac_cyrillic")).encode()  # a lone 0xCA: no UTF-8
    text, _ = decode(misread)
    assert text == "\xa0" + MOJIBAKE_SOURCE


@pytest.mark.parametrize("text", ["Привет, мир! Это обычный русский текст.", "Café crème, naïve façade.", "1. 总则"])
def test_text_that_is_not_mojibake_is_left_alone(text: str) -> None:
    assert decode(text.encode()) == (text, "utf-8")


def test_binary_is_not_text() -> None:
    with pytest.raises(DecodeError):
        decode(bytes(range(256)) * 16)


def test_a_parse_leaves_no_reference_cycles() -> None:
    # parse_json pauses the cyclic collector, so a cycle among the parse's objects would keep the whole
    # layout (every heading and candidate) alive until the collector next runs
    import gc

    text = (Path(__file__).parents[1] / "fixtures" / "documents" / "collapsed-official-document.txt").read_text("utf-8")
    parse_json(text)  # warm up: parsers and caches are made once
    gc.collect()
    parse_json(text)
    assert gc.collect() == 0
