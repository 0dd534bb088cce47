"""The cnoutline command: parse files or stdin to JSON, outline, Markdown or chunks; print the schema."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, suppress
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePath
from typing import BinaryIO

import orjson
from tqdm import tqdm

from . import __version__, render
from .api import parse, parse_json
from .errors import ReadError
from .jobs import ordered_map
from .models import Document
from .readers import MAX_INPUT_BYTES, read

# --format → extension of the per-input files written with -o DIR.
EXTENSIONS = {"json": ".json", "outline": ".txt", "markdown": ".md", "chunks": ".jsonl"}
FORMATS = ("text", "markdown", "docx", "html", "pdf")
STDIN = "-"
STDIN_LABEL = "<stdin>"
# 128 + SIGPIPE, what a shell reports for a writer whose reader went away (`… | head`); distinct
# from the exit codes that describe the inputs.
EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130

_EPILOG = """\
output: one input gives one JSON document (--pretty indents it); several inputs give JSON Lines,
one document per line, in input order. --format chunks always writes JSON Lines, one chunk per line.
-o FILE collects everything in FILE; -o DIR (an existing directory, or a path ending in '/') writes
one file per input: <stem>.json, .jsonl (chunks), .md (markdown) or .txt (outline), keeping the
sub-directories of a directory input. Output files are replaced atomically, never left half-written.

exit status: 0 every input parsed; 1 some input failed (each named on stderr, the others still
written) or the output could not be written; 2 usage error (bad option, '-' given twice, two inputs
or an input and its output sharing one output path); 130 interrupted; 141 output pipe closed.
"""


@dataclass(frozen=True, slots=True)
class Input:
    """One document to parse: a file path, or stdin's bytes (read once, in the main process)."""

    label: str
    """How the input is named on stderr and in `source.name`."""
    path: str | None
    out_stem: str
    """Its file name under an -o DIR, without the extension (which depends on --format)."""
    data: bytes | None = None


# What a worker returns for one input: the rendered output, or the one-line reason it failed.
Result = tuple[bytes, None] | tuple[None, str]


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cnoutline", description="The section tree of Chinese documents.")
    ap.add_argument("--version", action="version", version=f"cnoutline {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse files (or stdin) and write their trees", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="input files or directories (searched recursively); '-' or none for stdin")
    p.add_argument("-o", "--output", metavar="PATH", help="output file, or directory for one file per input")
    p.add_argument("--pretty", action="store_true", help="indent JSON where a destination holds one document")
    p.add_argument("--format", choices=list(EXTENSIONS), default="json")
    p.add_argument("--no-clean", action="store_true", help="keep noise in the tree")
    p.add_argument("--glob", default="*.txt", metavar="PATTERN",
                   help="which files below a directory input to parse, matched against their path "
                        "from the right as pathlib's PurePath.match does (default: %(default)s)")
    p.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of CPUs; 1 parses in-process)")
    _add_from(p)
    t = sub.add_parser("text", help="print the text a file shows, which the spans of its document index",
                       description="Print the text cnoutline reads from FILE: the decoded text of a text file; "
                                   "for Word, HTML and PDF the text the document shows (Word's automatic "
                                   "numbers written in). Every span of `cnoutline parse FILE` indexes it.")
    t.add_argument("file", metavar="FILE", help="the input file, or '-' for stdin")
    _add_from(t)
    sub.add_parser("schema", help="print the JSON Schema of the output")
    return ap


def _add_from(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="input_format", choices=["auto", *FORMATS], default="auto",
                   help="the input format (default: told by content, then by the file name)")


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (see the epilog of `cnoutline parse --help`).

    Usage errors leave through argparse's SystemExit(2), as with any argparse program.
    """
    ap = _parser()
    args = ap.parse_args(argv)
    try:
        if args.command == "schema":
            sys.stdout.buffer.write(orjson.dumps(Document.model_json_schema(), option=orjson.OPT_INDENT_2) + b"\n")
            sys.stdout.flush()
            return 0
        if args.command == "text":
            return _text_command(args)
        return _parse_command(ap, args)
    except BrokenPipeError:
        # The reader stopped listening. Point stdout at /dev/null so the interpreter's final flush
        # does not complain about the pipe on stderr.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def _text_command(args: argparse.Namespace) -> int:
    """Print the text one input shows; exit 1 with one line on stderr if it cannot be read."""
    label = STDIN_LABEL if args.file == STDIN else args.file
    try:
        data = sys.stdin.buffer.read() if args.file == STDIN else _read_bytes(args.file)
        shown = read(data, name=None if args.file == STDIN else args.file, format=_format(args))
    except (ReadError, OSError) as exc:
        _report(label, _reason(exc))
        return 1
    _write_all(sys.stdout.buffer, shown.text.encode("utf-8", "surrogateescape"))
    sys.stdout.flush()
    return 0


def _format(args: argparse.Namespace) -> str | None:
    return None if args.input_format == "auto" else args.input_format  # type: ignore[no-any-return]


def _read_bytes(path: str) -> bytes:
    """The bytes of the file at `path`, at most one more than the input limit (read() then refuses it)."""
    with open(path, "rb") as f:
        return f.read(MAX_INPUT_BYTES + 1)


def _parse_command(ap: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    names = args.files or [STDIN]
    if names.count(STDIN) > 1:
        ap.error("'-' (stdin) can be given only once")
    if args.output == "":
        ap.error("-o needs a file or directory name")
    status = 0
    inputs: list[Input] = []
    for name in names:
        found, problem = _expand(name, args.glob)
        if problem:
            _report(name, problem)
            status = 1
        inputs.extend(found)
    to_dir = args.output is not None and (os.path.isdir(args.output) or args.output.endswith(("/", os.sep)))
    sink: _Sink
    if to_dir:
        sink = _DirSink(args.output, EXTENSIONS[args.format])
        _check_targets(ap, inputs, [(i.label, sink.target(i)) for i in inputs])
    elif args.output is not None:
        sink = _FileSink(args.output, args.format)
        _check_targets(ap, inputs, [("the output", args.output)])
    else:
        sink = _StreamSink(sys.stdout.buffer, args.format)
    if any(i.path is None for i in inputs):
        try:
            stdin = sys.stdin.buffer.read()
        except OSError as exc:  # e.g. `< some-directory`
            _report(STDIN_LABEL, _reason(exc))
            inputs = [i for i in inputs if i.path is not None]
            status = 1
        else:
            inputs = [replace(i, data=stdin) if i.path is None else i for i in inputs]
    if not inputs:
        return status

    one_per_destination = to_dir or len(inputs) == 1
    work = partial(_work, fmt=args.format, pretty=args.pretty and one_per_destination, clean=not args.no_clean,
                   input_format=_format(args))
    try:
        sink.open()
    except OSError as exc:
        _report(sink.name, _reason(exc))
        return 1

    progress = _Progress(total=len(inputs), unit="file", file=sys.stderr,
                         disable=len(inputs) < 2 or not sys.stderr.isatty())
    done = 0
    with closing(sink), progress, closing(ordered_map(work, [(i.path, i.data) for i in inputs], args.jobs)) as results:
        try:
            for payload, error in results:
                item = inputs[done]
                done += 1
                progress.update()
                if payload is None:
                    _report(item.label, error)
                    status = 1
                    continue
                try:
                    sink.write(item, payload)
                except BrokenPipeError:
                    raise
                except OSError as exc:
                    _report(sink.target(item), _reason(exc))
                    status = 1
        except BrokenProcessPool:
            for item in inputs[done:]:
                _report(item.label, "a worker process died while parsing (out of memory?)")
            status = 1
        try:
            sink.commit()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _report(sink.name, _reason(exc))
            status = 1
    return status


def _expand(name: str, pattern: str) -> tuple[list[Input], str | None]:
    """The inputs an argument names, and why it names none where that is an error.

    A directory stands for the files below it whose path matches `pattern`, sorted so output order
    does not depend on the file system; anything else is taken as a file, and reading it says
    whether it is one.
    """
    if name == STDIN:
        return [Input(STDIN_LABEL, None, "stdin")], None
    if not os.path.isdir(name):
        return [Input(name, name, PurePath(name).stem)], None
    found: list[Input] = []
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(name, onerror=unreadable.append):
        dirs.sort()
        for f in sorted(files):
            rel = PurePath(os.path.relpath(os.path.join(root, f), name))
            if rel.match(pattern):
                path = os.path.join(root, f)
                found.append(Input(path, path, str(rel.with_suffix(""))))
    if unreadable:
        exc = unreadable[0]
        return found, f"cannot list {exc.filename}: {_reason(exc)}"
    if not found:
        return found, f"directory has no files matching {pattern!r}"
    return found, None


def _check_targets(ap: argparse.ArgumentParser, inputs: list[Input], targets: list[tuple[str, str]]) -> None:
    """Refuse, as a usage error, (writer, output path) pairs that would overwrite an input or each other."""
    sources = {os.path.realpath(i.path): i.label for i in inputs if i.path is not None}
    claimed: dict[str, str] = {}
    for label, target in targets:
        real = os.path.realpath(target)
        if real in sources:
            ap.error(f"{target} would overwrite the input {sources[real]}")
        if real in claimed:
            ap.error(f"inputs {claimed[real]} and {label} would both be written to {target}")
        claimed[real] = label


def _work(task: tuple[str | None, bytes | None], *, fmt: str, pretty: bool, clean: bool,
          input_format: str | None = None) -> Result:
    """Read, parse and render one input (in a worker process); never raises for a bad input."""
    path, data = task
    try:
        if path is not None:
            data = _read_bytes(path)
        assert data is not None
        shown = read(data, name=path, format=input_format)  # type: ignore[arg-type]
        if fmt == "json":  # straight to JSON, without building model objects
            return parse_json(shown, name=path, clean=clean, pretty=pretty) + b"\n", None
        return _render(parse(shown, name=path, clean=clean), fmt), None
    except (ReadError, OSError) as exc:
        return None, _reason(exc)
    except Exception as exc:  # noqa: BLE001 - a parser bug must cost one input, not the whole run
        return None, _reason(exc, internal=True)


def _render(doc: Document, fmt: str) -> bytes:
    """The bytes of one document in a text format or as chunks, ending in a newline (chunks: empty if none)."""
    if fmt == "chunks":
        return b"".join(orjson.dumps(c) + b"\n" for c in render.chunks(doc))
    view = render.outline if fmt == "outline" else render.markdown
    return view(doc).encode("utf-8")


def _reason(exc: BaseException, internal: bool = False) -> str:
    """A one-line reason for stderr: the OS's words for an OSError, else the message's first line."""
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror
    else:
        text = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    if internal:
        text = f"internal error, please report it ({type(exc).__name__}: {text})"
    return " ".join(text.split())


def _report(name: str, reason: str | None) -> None:
    # tqdm.write keeps the progress bar, if any, intact below the message.
    tqdm.write(f"cnoutline: {name}: {reason}", file=sys.stderr)


class _Progress(tqdm):  # type: ignore[type-arg]
    # tqdm's monitor thread would be running when the worker processes are forked; it is only
    # needed for bars that stall, which these never do for long.
    monitor_interval = 0


def _write_all(stream: BinaryIO, data: bytes) -> None:
    # A buffered write larger than the pipe can return a short count instead of raising when the
    # reader goes away (`… | head`); writing the rest is what raises BrokenPipeError.
    view = memoryview(data)
    while view:
        view = view[stream.write(view):]


class _AtomicFile:
    """A file written under a temporary name beside its target and renamed over it on commit.

    A reader of the target sees the old file or the complete new one, never a partial write;
    closing without commit removes the temporary file.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        directory, base = os.path.split(path)
        fd, self.tmp = tempfile.mkstemp(dir=directory or ".", prefix=f".{base}.", suffix=".tmp")
        self.file: BinaryIO = os.fdopen(fd, "wb")

    def commit(self) -> None:
        """Close the temporary file and move it into place."""
        self.file.close()
        os.chmod(self.tmp, _new_file_mode())
        os.replace(self.tmp, self.path)

    def close(self) -> None:
        """Close, dropping the temporary file unless it was committed."""
        self.file.close()
        with suppress(FileNotFoundError):
            os.unlink(self.tmp)


def _new_file_mode() -> int:
    # mkstemp creates 0600 files; give the output the mode an ordinary open() would.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class _Sink:
    """Where rendered documents go: opened before the run, committed after it, closed in any case."""

    name: str
    """The destination as named in error messages."""

    def open(self) -> None:
        """Acquire the destination before any parsing, so an unwritable one fails fast."""

    def write(self, item: Input, payload: bytes) -> None:
        """Write one input's rendered bytes."""
        raise NotImplementedError

    def target(self, item: Input) -> str:
        """The path that `write` writes `item` to, for error messages."""
        return self.name

    def commit(self) -> None:
        """Make everything written visible."""

    def close(self) -> None:
        """Release the destination; whatever was not committed is dropped."""


class _StreamSink(_Sink):
    """Documents one after the other on a stream; text views separated by a blank line."""

    def __init__(self, stream: BinaryIO, fmt: str, name: str = "<stdout>") -> None:
        self.name = name
        self.stream = stream
        self.separator = b"\n" if fmt in ("outline", "markdown") else b""
        self.written = 0

    def write(self, item: Input, payload: bytes) -> None:
        if self.written and self.separator:
            _write_all(self.stream, self.separator)
        _write_all(self.stream, payload)
        self.written += 1

    def commit(self) -> None:
        self.stream.flush()


class _FileSink(_Sink):
    """The stream of documents in one output file, put in place at the end if any input was written."""

    def __init__(self, path: str, fmt: str) -> None:
        self.name = path
        self.fmt = fmt

    def open(self) -> None:
        self.atomic = _AtomicFile(self.name)
        self.stream = _StreamSink(self.atomic.file, self.fmt, self.name)

    def write(self, item: Input, payload: bytes) -> None:
        self.stream.write(item, payload)

    def commit(self) -> None:
        # Every input failed: leave no file rather than an empty one that is not a JSON document.
        if self.stream.written:
            self.atomic.commit()

    def close(self) -> None:
        self.atomic.close()


class _DirSink(_Sink):
    """One output file per input under a directory, each replaced atomically."""

    def __init__(self, directory: str, ext: str) -> None:
        self.name = directory
        self.ext = ext

    def open(self) -> None:
        os.makedirs(self.name, exist_ok=True)

    def target(self, item: Input) -> str:
        return os.path.join(self.name, item.out_stem + self.ext)

    def write(self, item: Input, payload: bytes) -> None:
        path = self.target(item)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        atomic = _AtomicFile(path)
        try:
            _write_all(atomic.file, payload)
            atomic.commit()
        finally:
            atomic.close()
