"""Bad input (SPEC.md §5) through the library and the command: a document or one clear error line,
never a traceback, a hang, a partial output file or silent loss."""
from __future__ import annotations

import json
import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from chinese_numbers import chinese_numeral

from cnoutline import DecodeError, Document, parse, parse_file
from cnoutline.decode import decode
from cnoutline.verify import check

if TYPE_CHECKING:
    from conftest import RunCli

SHORT = "关于加强学习的意见\n一、总体要求\n要加强学习。\n（一）指导思想\n坚持学以致用。\n二、主要任务\n抓好落实。\n"
SHORT_TITLES = ["总体要求", "指导思想", "主要任务"]


def _inline_line(megabytes: float) -> str:
    """One line of running text, about `megabytes` MB of UTF-8, with an 一是/二是/三是 run every ~2,700 characters."""
    filler = "各级干部要切实加强学习，不断提高能力水平，推动工作落实。" * 30
    unit = f"一是加强领导{filler}二是完善制度{filler}三是强化落实{filler}"
    return unit * max(1, int(megabytes * 1_000_000 / len(unit.encode())))


def _titles(doc: Document) -> list[str]:
    return [s.title for _, s in doc.sections()]


@dataclass(frozen=True)
class Case:
    """A bad input: its bytes, and what a run must give for it."""

    data: Callable[[], bytes]
    error: bool = False
    """True: one error line and exit 1; False: a valid, lossless document."""
    expect: Callable[[Document], None] | None = None
    """Further checks of the document."""
    encoding: str = "utf-8"


def _no_sections(doc: Document) -> None:
    assert list(doc.sections()) == []


def _short_tree(doc: Document) -> None:
    assert doc.title == "关于加强学习的意见"
    assert _titles(doc) == SHORT_TITLES


def _siblings(n: int) -> Callable[[Document], None]:
    def expect(doc: Document) -> None:
        sections = [s for _, s in doc.sections()]
        assert [s.number for s in sections] == list(range(1, n + 1))
        assert {s.depth for s in sections} == {1}
    return expect


def _flat_ascending(doc: Document) -> None:
    sections = [s for _, s in doc.sections()]
    assert [s.number for s in sections] == list(range(1, len(sections) + 1)) and len(sections) > 100
    assert {s.depth for s in sections} == {1}


def _many_inline_markers(doc: Document) -> None:
    assert len(list(doc.sections())) > 1000


def _depth_at_least(depth: int) -> Callable[[Document], None]:
    def expect(doc: Document) -> None:
        assert max(s.depth for _, s in doc.sections()) >= depth
    return expect


_ORDER = list(range(1, 51))
random.Random(5).shuffle(_ORDER)

CASES: dict[str, Case] = {
    "empty": Case(lambda: b"", expect=_no_sections),
    "whitespace-only": Case(lambda: " \n\t\r\n\u3000\u3000\n\n".encode(), expect=_no_sections),
    "no-markers": Case(lambda: "这是一段没有任何编号的文字。\n又一段。\n".encode(), expect=_no_sections),
    "binary": Case(lambda: random.Random(7).randbytes(4096) + b"\x00" * 64, error=True),
    "nul-bytes-in-text": Case(lambda: SHORT.replace("学习。", "学\x00习。").encode(), expect=_short_tree),
    "invalid-utf8": Case(lambda: SHORT.encode()[:20] + b"\xff\xfe\x80\x81" + SHORT.encode()[20:] + bytes(range(128, 256)),
                         error=True),
    "gbk": Case(lambda: SHORT.encode("gbk"), expect=_short_tree, encoding="gb18030"),
    "utf-16": Case(lambda: SHORT.encode("utf-16"), expect=_short_tree, encoding="utf-16"),
    "utf-8-bom": Case(lambda: SHORT.encode("utf-8-sig"), expect=_short_tree, encoding="utf-8-sig"),
    "crlf": Case(lambda: SHORT.replace("\n", "\r\n").encode(), expect=_short_tree),
    "lone-cr": Case(lambda: SHORT.replace("\n", "\r").encode(), expect=_short_tree),
    "10mb-line": Case(lambda: _inline_line(10).encode(), expect=_many_inline_markers),
    # 9,999: 一万 is beyond the numerals SPEC.md §1 lists.
    "9999-siblings-cn": Case(lambda: "\n".join(f"{chinese_numeral(i)}、第{i}项\n内容{i}。" for i in range(1, 10000)).encode(),
                              expect=_siblings(9999)),
    "10000-siblings-arabic": Case(lambda: "\n".join(f"{i}、第{i}项\n内容{i}。" for i in range(1, 10001)).encode(),
                                  expect=_flat_ascending),
    # Only dotted decimals nest without limit (1.1.1…, SPEC.md §1); the grammar has twenty levels.
    "nested-50-decimal": Case(lambda: "\n".join(f"{'.'.join(['1'] * d)} 第{d}层\n第{d}层的内容。" for d in range(1, 51)).encode(),
                              expect=_depth_at_least(20)),
    "every-style-nested": Case(lambda: "\n".join(
        ["第一编 甲", "第一章 乙", "第一节 丙", "第一条 丁", "壹、戊", "一、己", "（一）庚", "1.辛", "1.1 壬", "（1）癸",
         "1）子", "①丑", "（甲）寅", "一是卯"] * 4).encode(), expect=_depth_at_least(10)),
    "bracket-bomb": Case(lambda: ("（（（一）" * 5000).encode()),
    "unbalanced-brackets": Case(lambda: ("一、（标题《未闭合【" + "）》】" * 300 + "\n（一）内容（\n").encode()),
    "markers-without-text": Case(lambda: "一、二、三、（一）（二）（三）1.2.3.①②③一是二是\n一、\n二、\n（一）\n".encode()),
    "numbering-never-in-order": Case(lambda: "\n".join(f"{chinese_numeral(i)}、第{i}项\n内容。" for i in _ORDER).encode()),
    "restarting-enumerations": Case(lambda: ("坚持稳中求进，一是加强党的领导，二是深化改革开放，三是保障改善民生。\n" * 3000).encode()),
}

def test_arabic_siblings_go_past_999() -> None:
    doc = parse("\n".join(f"{i}、第{i}项\n内容{i}。" for i in range(1, 1003)))
    assert [s.number for _, s in doc.sections()] == list(range(1, 1003))


def test_short_gbk_text_is_read_as_gb18030() -> None:
    text = "一、总则\n二、附则"
    assert decode(text.encode("gbk")) == (text, "gb18030")


def _case_params() -> list:
    return [pytest.param(name, id=name) for name in CASES]


@pytest.fixture(scope="module")
def case_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case written to a file once (the big ones take a moment to build)."""
    root = tmp_path_factory.mktemp("bad")
    files = {}
    for name, case in CASES.items():
        files[name] = root / f"{name}.txt"
        files[name].write_bytes(case.data())
    return files


@pytest.mark.parametrize("name", _case_params())
def test_library(name: str, case_files: dict[str, Path]) -> None:
    """parse_file gives a lossless, well-formed document, or raises DecodeError for what is not text."""
    case, path = CASES[name], case_files[name]
    if case.error:
        with pytest.raises(DecodeError):
            parse_file(path)
        return
    doc = parse_file(path)
    text = path.read_bytes().decode(case.encoding)
    assert doc.source.encoding == case.encoding
    assert doc.source.chars == len(text)
    assert check(doc, text) == []
    if case.expect:
        case.expect(doc)


@dataclass(frozen=True)
class Run:
    """One run of the command over every case file and a good file."""

    returncode: int
    docs: dict[str, dict]
    """Output documents by source name."""
    errors: dict[str, list[str]]
    """Error lines by the file they name."""


@pytest.fixture(scope="module")
def command_run(case_files: dict[str, Path], cli_docs: list[Path], run_cli: RunCli) -> Run:
    """All the cases in one run (`cnoutline parse case… good --jobs 2`), as a user with a folder of
    bad files would; run_cli asserts there is no traceback, and the timeout catches a hang."""
    proc = run_cli("parse", *case_files.values(), cli_docs[2], "--jobs", "2", timeout=120)
    docs = {d["source"]["name"]: d for d in map(json.loads, proc.stdout.splitlines())}
    errors: dict[str, list[str]] = {}
    for line in proc.stderr.decode().splitlines():
        m = re.match(r"cnoutline: (.+?): (.+)$", line)
        assert m, f"not a 'cnoutline: <file>: <reason>' line: {line!r}"
        errors.setdefault(m.group(1), []).append(line)
    return Run(proc.returncode, docs, errors)


def test_command_writes_the_good_file_and_exits_1(command_run: Run, cli_docs: list[Path]) -> None:
    assert command_run.returncode == 1
    assert str(cli_docs[2]) in command_run.docs and str(cli_docs[2]) not in command_run.errors


@pytest.mark.parametrize("name", _case_params())
def test_command(name: str, case_files: dict[str, Path], command_run: Run, validate: Callable) -> None:
    """Through the command: a valid document, or exactly one error line naming the file."""
    case, path = CASES[name], str(case_files[name])
    if case.error:
        assert len(command_run.errors.get(path, [])) == 1 and path not in command_run.docs
        return
    assert path not in command_run.errors, command_run.errors.get(path)
    doc = command_run.docs[path]
    validate(doc)
    assert doc["source"]["encoding"] == case.encoding
    if case.expect:
        case.expect(Document.model_validate(doc))


@pytest.mark.parametrize("make", [
    pytest.param(lambda n: _inline_line(n / 4), id="inline-markers-one-line"),
    pytest.param(lambda n: "坚持稳中求进，一是加强党的领导，二是深化改革开放，三是保障改善民生。\n" * (n * 1000), id="restarting-enumerations"),
    pytest.param(lambda n: "\n".join(f"{chinese_numeral(i % 9999 + 1)}、第{i}项\n内容。" for i in range(n * 400)), id="siblings"),
    pytest.param(lambda n: "（（（一）" * (n * 1000), id="bracket-bomb"),
])
def test_cost_grows_about_linearly(make: Callable[[int], str]) -> None:
    """Five times the input costs far less than twenty-five times the time (CPU time, loosely)."""
    small, big = make(1), make(5)
    parse(small)  # build the parsers outside the measurement

    def cost(text: str) -> float:
        start = time.process_time()
        parse(text)
        return time.process_time() - start

    assert cost(big) < 12 * cost(small) + 0.5


def test_directory_or_missing_path_given_as_a_file(tmp_path: Path, cli_docs: list[Path], run_cli: RunCli) -> None:
    """A directory without matching files and a missing path each get one line; the good file is written."""
    empty_dir = tmp_path / "empty.txt"
    empty_dir.mkdir()
    missing = tmp_path / "missing.txt"
    proc = run_cli("parse", empty_dir, missing, cli_docs[0])
    assert proc.returncode == 1
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"cnoutline: {empty_dir}: ") and lines[1].startswith(f"cnoutline: {missing}: ")
    assert [json.loads(line)["source"]["name"] for line in proc.stdout.splitlines()] == [str(cli_docs[0])]
    with pytest.raises(IsADirectoryError):
        parse_file(empty_dir)
    with pytest.raises(FileNotFoundError):
        parse_file(missing)


@pytest.mark.parametrize("target", ["file/out.json", "missing-dir/out.json", "file/out/"],
                         ids=["under-a-file", "in-a-missing-directory", "directory-under-a-file"])
def test_unwritable_output_is_one_line_and_exit_1(tmp_path: Path, cli_docs: list[Path], run_cli: RunCli,
                                                  target: str) -> None:
    (tmp_path / "file").write_text("not a directory")
    out = f"{tmp_path}/{target}"
    proc = run_cli("parse", *cli_docs, "-o", out)
    assert proc.returncode == 1 and proc.stdout == b""
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and re.match(rf"cnoutline: {re.escape(out)}: \S", lines[0])
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_failed_inputs_leave_no_partial_output_file(tmp_path: Path, case_files: dict[str, Path],
                                                    run_cli: RunCli) -> None:
    """An existing output file survives a run whose only input fails; no temporary file is left."""
    out = tmp_path / "out.json"
    out.write_text("previous")
    proc = run_cli("parse", case_files["binary"], "-o", out)
    assert proc.returncode == 1
    assert out.read_text() == "previous"
    assert os.listdir(tmp_path) == ["out.json"]
