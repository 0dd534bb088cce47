"""Shared test fixtures: where the real documents are, and a runner for the cnoutline command."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI_FIXTURES = ROOT / "fixtures" / "cli"
SHARED = ROOT.parent / "shared"

RunCli = Callable[..., subprocess.CompletedProcess[bytes]]


@pytest.fixture(scope="session")
def cli_docs() -> list[Path]:
    """The small real documents kept in the repository for the CLI tests."""
    docs = sorted(CLI_FIXTURES.glob("*.txt"))
    assert len(docs) >= 3, f"expected the CLI fixture documents in {CLI_FIXTURES}"
    return docs


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared seeds and corpus beside the repository; tests that need them skip without them."""
    if not SHARED.is_dir():
        pytest.skip(f"shared documents not found at {SHARED} (checked out beside the repository)")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[Path]:
    """The shared seed documents."""
    docs = sorted((shared / "seeds").glob("*.txt"))
    assert docs, f"no seeds in {shared / 'seeds'}"
    return docs


@pytest.fixture(scope="session")
def corpus_docs(shared: Path) -> list[Path]:
    """The shared corpus documents (not the multi-megabyte ones under corpus/large)."""
    docs = sorted((shared / "corpus" / "docs").glob("*.txt"))
    assert docs, f"no corpus documents in {shared / 'corpus' / 'docs'}"
    return docs


@pytest.fixture(scope="session")
def real_docs(cli_docs: list[Path]) -> list[Path]:
    """Every real document at hand: the repository's fixtures, plus the shared seeds and corpus
    documents where they are present (without them, tests using this still run on the fixtures)."""
    docs = list(cli_docs)
    if SHARED.is_dir():
        docs += sorted(SHARED.glob("seeds/*.txt")) + sorted(SHARED.glob("corpus/docs/*.txt"))
    return docs


def _run(*args: str | Path, stdin: bytes | None = None, timeout: float = 120, cwd: Path | None = None
         ) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run([sys.executable, "-m", "cnoutline", *map(str, args)], input=stdin,
                          capture_output=True, check=False, timeout=timeout, cwd=cwd)
    # Whatever the input, the command never ends in a Python traceback.
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    return proc


@pytest.fixture(scope="session")
def run_cli() -> RunCli:
    """Run `python -m cnoutline ARGS…` in a subprocess, asserting it printed no traceback."""
    return _run


@pytest.fixture(scope="session")
def schema() -> dict:
    """The JSON Schema that `cnoutline schema` prints."""
    proc = _run("schema")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def validate(schema: dict) -> Callable[[object], None]:
    """Validate one output document against the schema (raises jsonschema.ValidationError)."""
    validator = jsonschema.Draft202012Validator(schema)
    return validator.validate
