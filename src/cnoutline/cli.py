"""The cnoutline command: parse files or stdin to JSON, outline, Markdown or chunks; print the schema."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import orjson

from . import __version__
from .api import dumps, parse, parse_file
from .decode import DecodeError, decode
from .models import Document


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cnoutline", description="The section tree of Chinese documents.")
    ap.add_argument("--version", action="version", version=f"cnoutline {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse files (or stdin) and write their trees")
    p.add_argument("files", nargs="*", help="input files; '-' or none for stdin")
    p.add_argument("-o", "--output", help="output file, or a directory for one file per input")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.add_argument("--format", choices=["json", "outline", "markdown", "chunks"], default="json")
    p.add_argument("--no-clean", action="store_true", help="keep noise in the tree")
    sub.add_parser("schema", help="print the JSON Schema of the output")
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some inputs failed, 2 usage)."""
    args = _parser().parse_args(argv)
    if args.command == "schema":
        sys.stdout.buffer.write(orjson.dumps(Document.model_json_schema(), option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    files = args.files or ["-"]
    status = 0
    out = sys.stdout.buffer
    for name in files:
        try:
            doc = _read(name, clean=not args.no_clean)
        except (OSError, DecodeError) as exc:
            print(f"cnoutline: {name}: {_reason(exc)}", file=sys.stderr)
            status = 1
            continue
        out.write(dumps(doc, pretty=args.pretty and len(files) == 1) + b"\n")
    return status


def _read(name: str, clean: bool) -> Document:
    if name == "-":
        text, encoding = decode(sys.stdin.buffer.read())
        return parse(text, name=None, clean=clean, encoding=encoding)
    return parse_file(name)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
