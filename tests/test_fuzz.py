"""Run the fuzz target (tests/fuzz/fuzz_parse.py) for a short, bounded time inside the test suite.

The target parses each input and checks every invariant (cnoutline.verify.check, JSON round trip);
a crash, an invariant violation or a hang is a failure whose input the target prints. The engine is
atheris where installed, else the built-in mutation loop; FUZZ_SECONDS sets the budget (default 20).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TARGET = Path(__file__).resolve().parent / "fuzz" / "fuzz_parse.py"
SECONDS = float(os.environ.get("FUZZ_SECONDS", "20"))
# Generous head room over the budget for start-up, seed loading and a slow last input, but bounded:
# an input that hangs the parser fails the test instead of stalling CI.
TIMEOUT = SECONDS * 3 + 60


@pytest.mark.parametrize("engine", ["auto", "mutate"])
def test_fuzz_finds_nothing(engine: str, tmp_path: Path) -> None:
    """Fuzzing for half the budget per engine finds no crash, no broken invariant and no hang."""
    try:
        run = subprocess.run(
            [sys.executable, str(TARGET), "--seconds", str(SECONDS / 2), "--engine", engine,
             "--artifacts", str(tmp_path)],
            check=False, capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp_path,
        )
    except subprocess.TimeoutExpired as expired:
        pytest.fail(f"the fuzz target ran past {TIMEOUT:g} s (a hang?):\n{str(expired.stderr)[-4000:]}")
    found = run.stderr[run.stderr.find("FAILURE"):run.stderr.find("END FAILURE")]
    assert run.returncode == 0, f"the fuzz target found a failure (exit {run.returncode}):\n{found[-6000:]}"
