"""The cnoutline command (SPEC.md §4): inputs, outputs, formats, worker processes and exit codes."""
from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
import pytest

from cnoutline import Document, __version__, cli, dumps, parse, parse_file
from cnoutline.cli import main
from cnoutline.render import chunks, markdown, outline

if TYPE_CHECKING:
    from conftest import RunCli

_ERROR_LINE = re.compile(r"^cnoutline: (.+?): (.+)$")


def _lines(out: bytes) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def _error_names(stderr: bytes) -> list[str]:
    """The file named by each stderr line, asserting every line has the one-line error form."""
    names = []
    for line in stderr.decode().splitlines():
        m = _ERROR_LINE.match(line)
        assert m, f"not a 'cnoutline: <file>: <reason>' line: {line!r}"
        names.append(m.group(1))
    return names


def _without_name(doc: dict) -> dict:
    return {**doc, "source": {**doc["source"], "name": None}}


def _expected(doc: Document, fmt: str) -> bytes:
    """What the command should write for one document in format `fmt`, from the library and render.py."""
    if fmt == "json":
        return dumps(doc) + b"\n"
    if fmt == "chunks":
        return b"".join(orjson.dumps(c) + b"\n" for c in chunks(doc))
    return (outline if fmt == "outline" else markdown)(doc).encode()


# JSON output and the schema


def test_schema_is_a_json_schema_of_the_document(schema: dict) -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == "Document"
    assert {"source", "children", "removed", "warnings"} <= set(schema["properties"])


def test_one_file_gives_the_library_json(run_cli: RunCli, cli_docs: list[Path], validate: Callable) -> None:
    """The output is the library's serialisation of parse_file, and it validates against the schema."""
    path = cli_docs[0]
    proc = run_cli("parse", path)
    assert proc.returncode == 0 and proc.stderr == b""
    assert proc.stdout == dumps(parse_file(path)) + b"\n"
    doc = json.loads(proc.stdout)
    validate(doc)
    assert doc["children"], "a real document has a tree"


def test_several_files_give_one_json_line_each_in_order(run_cli: RunCli, cli_docs: list[Path],
                                                        validate: Callable) -> None:
    order = [cli_docs[2], cli_docs[0], cli_docs[1]]
    proc = run_cli("parse", *order, "--pretty", "--jobs", "2")
    assert proc.returncode == 0 and proc.stderr == b""
    docs = _lines(proc.stdout)
    assert [d["source"]["name"] for d in docs] == [str(p) for p in order]
    for d in docs:
        validate(d)


def test_pretty_indents_one_document(cli_docs: list[Path], capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["parse", str(cli_docs[1]), "--pretty"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b'{\n  "type": "document"')
    assert json.loads(out) == json.loads(dumps(parse_file(cli_docs[1])))


@pytest.mark.parametrize("args", [["-"], []], ids=["dash", "no-file"])
def test_stdin_gives_the_same_tree_as_the_file(run_cli: RunCli, cli_docs: list[Path], args: list[str]) -> None:
    path = cli_docs[0]
    from_stdin = run_cli("parse", *args, stdin=path.read_bytes())
    assert from_stdin.returncode == 0 and from_stdin.stderr == b""
    doc = json.loads(from_stdin.stdout)
    assert doc["source"]["name"] is None
    assert doc == _without_name(json.loads(dumps(parse_file(path))))


def test_stdin_among_files_keeps_its_place(cli_docs: list[Path], capsysbinary: pytest.CaptureFixture[bytes],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    data = cli_docs[2].read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["parse", str(cli_docs[0]), "-", str(cli_docs[1]), "--jobs", "1"]) == 0
    docs = _lines(capsysbinary.readouterr().out)
    assert [d["source"]["name"] for d in docs] == [str(cli_docs[0]), None, str(cli_docs[1])]
    assert docs[1] == _without_name(json.loads(dumps(parse_file(cli_docs[2]))))


def test_no_clean_keeps_noise_in_the_tree(cli_docs: list[Path], capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Seed 003 opens with site boilerplate: removed normally, kept with --no-clean."""
    path = next(p for p in cli_docs if p.name.startswith("003_"))
    assert main(["parse", str(path)]) == 0
    assert json.loads(capsysbinary.readouterr().out)["removed"]
    assert main(["parse", str(path), "--no-clean"]) == 0
    kept = capsysbinary.readouterr().out
    assert json.loads(kept)["removed"] == []
    text = path.read_text(encoding="utf-8")
    assert kept == dumps(parse(text, name=str(path), clean=False)) + b"\n"


# Directories and --glob


@pytest.fixture
def tree(tmp_path: Path, cli_docs: list[Path]) -> Path:
    """A directory of inputs: b.txt, a sub-directory with a.txt, a Markdown file and a directory named like a text file."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "dir.txt").mkdir()
    (root / "b.txt").write_bytes(cli_docs[0].read_bytes())
    (root / "sub" / "a.txt").write_bytes(cli_docs[1].read_bytes())
    (root / "notes.md").write_bytes(cli_docs[2].read_bytes())
    return root


def test_directory_is_searched_recursively_in_sorted_order(run_cli: RunCli, tree: Path) -> None:
    proc = run_cli("parse", tree)
    assert proc.returncode == 0, proc.stderr
    assert [d["source"]["name"] for d in _lines(proc.stdout)] == [str(tree / "b.txt"), str(tree / "sub" / "a.txt")]


def test_glob_chooses_the_files_of_a_directory(tree: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["parse", str(tree), "--glob", "*.md"]) == 0
    assert [d["source"]["name"] for d in _lines(capsysbinary.readouterr().out)] == [str(tree / "notes.md")]


def test_directory_without_matching_files_is_an_error(tree: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["parse", str(tree), "--glob", "*.docx"]) == 1
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    assert _error_names(captured.err) == [str(tree)]


# -o FILE and -o DIR


def test_output_file_holds_what_stdout_would(run_cli: RunCli, cli_docs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    proc = run_cli("parse", *cli_docs, "-o", out)
    assert proc.returncode == 0 and proc.stdout == b"" and proc.stderr == b""
    assert out.read_bytes() == b"".join(_expected(parse_file(p), "json") for p in cli_docs)
    assert sorted(os.listdir(tmp_path)) == ["all.jsonl"], "no temporary file is left behind"


def test_output_directory_gets_one_file_per_input(run_cli: RunCli, cli_docs: list[Path], tmp_path: Path) -> None:
    """A path ending in '/' is a directory, created if missing."""
    out = tmp_path / "out"
    proc = run_cli("parse", *cli_docs, "-o", f"{out}/")
    assert proc.returncode == 0 and proc.stdout == b"" and proc.stderr == b""
    assert sorted(os.listdir(out)) == sorted(p.stem + ".json" for p in cli_docs)
    for p in cli_docs:
        assert (out / (p.stem + ".json")).read_bytes() == _expected(parse_file(p), "json")


@pytest.mark.parametrize("fmt,ext", [("chunks", ".jsonl"), ("markdown", ".md"), ("outline", ".txt")])
def test_output_directory_file_names_follow_the_format(cli_docs: list[Path], tmp_path: Path, fmt: str, ext: str,
                                                        capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["parse", *map(str, cli_docs), "--format", fmt, "-o", str(tmp_path), "--jobs", "1"]) == 0
    assert capsysbinary.readouterr() == (b"", b"")
    assert sorted(os.listdir(tmp_path)) == sorted(p.stem + ext for p in cli_docs)
    for p in cli_docs:
        assert (tmp_path / (p.stem + ext)).read_bytes() == _expected(parse_file(p), fmt)


def test_output_directory_mirrors_sub_directories(tree: Path, tmp_path: Path,
                                                  capsysbinary: pytest.CaptureFixture[bytes],
                                                  validate: Callable) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert main(["parse", str(tree), "-o", str(out), "--pretty"]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["b.json", os.path.join("sub", "a.json")]
    doc = (out / "sub" / "a.json").read_bytes()
    assert doc.startswith(b'{\n  "type"'), "one document per file: --pretty applies"
    validate(json.loads(doc))


def test_inputs_writing_the_same_output_file_are_a_usage_error(tmp_path: Path, cli_docs: list[Path],
                                                               run_cli: RunCli) -> None:
    other = tmp_path / "copy"
    other.mkdir()
    twin = other / cli_docs[0].name
    twin.write_bytes(cli_docs[0].read_bytes())
    proc = run_cli("parse", cli_docs[0], twin, "-o", f"{tmp_path / 'out'}/")
    assert proc.returncode == 2
    assert b"would both be written to" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_output_that_would_overwrite_an_input_is_a_usage_error(tmp_path: Path, cli_docs: list[Path],
                                                                capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    src = tmp_path / "doc.txt"
    src.write_bytes(cli_docs[0].read_bytes())
    for argv in (["parse", str(src), "-o", str(src)], ["parse", str(tmp_path), "--format", "outline", "-o", str(tmp_path)]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert b"would overwrite the input" in capsysbinary.readouterr().err
    assert src.read_bytes() == cli_docs[0].read_bytes()


# Formats through the command


@pytest.mark.parametrize("fmt,view", [("outline", outline), ("markdown", markdown)])
def test_text_formats_write_the_views(run_cli: RunCli, cli_docs: list[Path], fmt: str, view: Callable) -> None:
    """One document per view, separated by a blank line, each with a line (outline) or heading
    (Markdown) per section."""
    proc = run_cli("parse", *cli_docs, "--format", fmt)
    assert proc.returncode == 0 and proc.stderr == b""
    docs = [parse_file(p) for p in cli_docs]
    assert proc.stdout.decode() == "\n".join(view(d) for d in docs)
    for d in docs:
        lines = view(d).splitlines()
        if fmt == "outline":
            assert len(lines) == 1 + len(list(d.sections()))
        else:
            headings = [line for line in lines if re.match(r"#{1,6} |\*\*", line)]
            assert len(headings) == len(list(d.sections())) + bool(d.title)


def test_chunks_format_writes_json_lines(run_cli: RunCli, cli_docs: list[Path]) -> None:
    proc = run_cli("parse", *cli_docs, "--format", "chunks", "--pretty")
    assert proc.returncode == 0 and proc.stderr == b""
    got = _lines(proc.stdout)
    expected = [c for p in cli_docs for c in chunks(parse_file(p))]
    assert got == expected and len(got) > len(cli_docs)
    for p in cli_docs:
        mine = [c for c in got if c["doc"] == str(p)]
        assert mine, f"no chunks for {p}"
        ends = 0
        for c in mine:
            start, end = c["span"]
            assert ends <= start <= end <= len(p.read_text(encoding="utf-8"))
            assert start < end or not c["text"]
            ends = end


# Worker processes


@pytest.mark.parametrize("fmt", ["json", "chunks"])
def test_jobs_do_not_change_the_output(cli_docs: list[Path], fmt: str,
                                       capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    argv = ["parse", *map(str, cli_docs * 3), "--format", fmt]
    assert main([*argv, "--jobs", "1"]) == 0
    one = capsysbinary.readouterr().out
    assert main([*argv, "--jobs", "2"]) == 0
    assert capsysbinary.readouterr().out == one
    assert one == b"".join(_expected(parse_file(p), fmt) for p in cli_docs * 3)


def test_jobs_do_not_change_the_output_on_the_seeds(seeds: list[Path], run_cli: RunCli) -> None:
    one = run_cli("parse", *seeds, "--jobs", "1")
    two = run_cli("parse", *seeds, "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == len(seeds)


# Exit codes, errors and the terminal


def test_a_failed_input_is_named_and_the_others_are_written(run_cli: RunCli, cli_docs: list[Path],
                                                             tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    proc = run_cli("parse", cli_docs[0], missing, cli_docs[1], "--jobs", "2")
    assert proc.returncode == 1
    assert _error_names(proc.stderr) == [str(missing)]
    assert b"No such file or directory" in proc.stderr
    assert [d["source"]["name"] for d in _lines(proc.stdout)] == [str(cli_docs[0]), str(cli_docs[1])]


def test_a_parser_crash_costs_one_input_not_the_run(cli_docs: list[Path], monkeypatch: pytest.MonkeyPatch,
                                                    capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """The last resort: an unexpected exception while parsing is one line naming the file, exit 1."""
    real_parse_json = cli.parse_json

    def crashing(text: str, **kwargs: object) -> bytes:
        if kwargs["name"] == str(cli_docs[1]):
            raise RuntimeError("boom\nand a second line")
        return real_parse_json(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "parse_json", crashing)
    assert main(["parse", *map(str, cli_docs), "--jobs", "1"]) == 1
    captured = capsysbinary.readouterr()
    assert captured.err.decode() == f"cnoutline: {cli_docs[1]}: internal error, please report it (RuntimeError: boom)\n"
    assert [d["source"]["name"] for d in _lines(captured.out)] == [str(cli_docs[0]), str(cli_docs[2])]


def test_output_file_is_replaced_whole(cli_docs: list[Path], tmp_path: Path,
                                       capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    out = tmp_path / "doc.json"
    out.write_text("x" * 100_000)
    assert main(["parse", str(cli_docs[2]), "-o", str(out)]) == 0
    assert out.read_bytes() == _expected(parse_file(cli_docs[2]), "json")
    assert os.listdir(tmp_path) == ["doc.json"]


@pytest.mark.parametrize("argv", [
    [], ["parse", "--format", "yaml"], ["parse", "--jobs", "0"], ["parse", "--jobs", "x"], ["parse", "--bogus"],
    ["parse", "-", "-"], ["parse", "-o", ""], ["frobnicate"],
], ids=["no-command", "bad-format", "zero-jobs", "text-jobs", "unknown-option", "stdin-twice", "empty-output", "bad-command"])
def test_usage_errors_exit_2(argv: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    captured = capsysbinary.readouterr()
    assert captured.out == b"" and b"usage: cnoutline" in captured.err


def test_usage_error_exit_code_through_the_command(run_cli: RunCli) -> None:
    proc = run_cli("parse", "--format", "yaml")
    assert proc.returncode == 2 and b"invalid choice" in proc.stderr


def test_version(run_cli: RunCli) -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.decode().strip() == f"cnoutline {__version__}"


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    """`cnoutline parse big.txt | head` stops when head does, without a message."""
    big = tmp_path / "big.txt"
    big.write_text("\n".join(f"{i}、第{i}项\n内容{i}。" for i in range(1, 3001)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "cnoutline", "parse", str(big), str(big)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b'{"type":"document"')
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert err == b""


def test_progress_bar_only_on_a_terminal(cli_docs: list[Path], run_cli: RunCli) -> None:
    """Several inputs and stderr a terminal: a progress bar (elsewhere stderr stays silent)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a new pty is 0 columns wide
    proc = subprocess.Popen([sys.executable, "-m", "cnoutline", "parse", *map(str, cli_docs), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    out, _ = proc.communicate(timeout=60)
    seen = b""
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not data:
            break
        seen += data
    os.close(leader)
    assert proc.returncode == 0 and len(out.splitlines()) == len(cli_docs)
    assert f"{len(cli_docs)}/{len(cli_docs)}".encode() in seen and b"file" in seen
