"""Fuzz target: parse arbitrary input and check every invariant of SPEC.md §2, §3 and §5.

    python tests/fuzz/fuzz_parse.py --seconds 60              # atheris when installed, else mutation
    python tests/fuzz/fuzz_parse.py --seconds 60 --engine mutate --seed 7
    python tests/fuzz/fuzz_parse.py --seconds 600 --engine mutate --keep-going   # hunt: every kind, shrunk

One input is a byte string. It is read two ways, as the library meets text: through the file decoder
(`cnoutline.decode.decode`, where a DecodeError is an allowed answer for bytes that are not text) and as
UTF-8 with undecodable bytes replaced. Each text must parse without an exception, satisfy
`cnoutline.verify.check` (spans nested inside the source, nothing lost), survive a JSON round trip,
and come out of the fast path `parse_json` as exactly the bytes of `dumps(parse(text))`.

Engines: `atheris` (coverage-guided libFuzzer; `pip install atheris`) and `mutate`, a dependency-free
loop that splices marker spellings, line breaks and noise into slices of the seed documents. Both seed
from the shared seeds and corpus and stop after `--seconds`. A failing input is printed (as text) and
saved under --artifacts; the exit status is 1 on a failure, 0 otherwise. With --keep-going the mutate
engine reports each kind of failure once, shrunk to a small input, and carries on.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_GLOBS = ("seeds/*.txt", "corpus/docs/*.txt")
# Seed slices stay short so that each run is fast and mutations land on structure.
SEED_SLICE = 1500
MAX_LEN = 8192

# Spellings the mutations splice in: a marker of every style of SPEC.md §1, and §2's noise.
TOKENS = (
    "一、", "二、", "三、", "十一、", "（一）", "（二）", "(一)", "1.", "2.", "1、", "2、", "１．", "２．", "1 .", "1.1", "1.2",
    "1.2.3", "（1）", "（2）", "1）", "2)", "①", "②", "第一章", "第二章", "第一节", "第一条", "第二条", "第十条之一",
    "第一篇", "篇一", "【第1篇】", "附件1", "附件", "壹、", "貳、", "（甲）", "乙、", "第一，", "第二，", "其一，", "一是",
    "二是", "一要", "二要", "首先", "其次", "最后", "总之，", "综上所述，", "第一千二百六十条", "一百零一、",
    "。", "，", "；", "：", "！", "？", "\n", "\r\n", "\r", "\u3000\u3000", " ", "“", "”", "《", "》", "（", "）",
    '* x" y* g+ G" f G2 d2', "(yōu)", "\n3、", "您好,欢迎访问\n", "当前位置:首页 > \n", "本站热搜\n", "⑴", "[1]",
    "\ufeff", "\x00", "\u200b",
)


def seeds() -> list[bytes]:
    """Slices of the shared seed and corpus documents, UTF-8 encoded; a few built-ins when absent."""
    found: list[bytes] = []
    for pattern in SEED_GLOBS:
        for path in sorted(SHARED.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            for start in range(0, min(len(text), 4 * SEED_SLICE), SEED_SLICE):
                found.append(text[start:start + SEED_SLICE].encode("utf-8"))
    return found or [t.encode("utf-8") for t in ("一、总则\n（一）目的。\n1.范围\n二、附则", "第一章\n第一条 略。")]


def check_text(text: str) -> None:
    """Parse `text`; raise AssertionError naming every broken invariant."""
    from cnoutline import Document, dumps, parse, parse_json
    from cnoutline.verify import check

    doc = parse(text)
    problems = check(doc, text)
    if problems:
        raise AssertionError("invariants broken:\n  " + "\n  ".join(problems[:10]))
    out = dumps(doc)
    if Document.model_validate_json(out) != doc:
        raise AssertionError("the JSON round trip changed the document")
    if parse_json(text) != out:
        raise AssertionError("parse_json(text) differs from dumps(parse(text))")


def test_one_input(data: bytes) -> None:
    """The fuzz target: `data` through the file decoder and as UTF-8, each checked by `check_text`."""
    from cnoutline.decode import DecodeError, decode

    try:
        decoded, _ = decode(data)
    except DecodeError:
        pass
    else:
        check_text(decoded)
    check_text(data.decode("utf-8", errors="replace"))


def mutate(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> bytes:
    """One to four random edits of `data`: insert a token, delete or duplicate a stretch, splice a seed."""
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 4)):
        i = rng.randint(0, len(text))
        j = min(len(text), i + rng.randint(0, 40))
        edit = rng.randrange(5)
        if edit <= 1:
            text = text[:i] + rng.choice(TOKENS) + text[i:]
        elif edit == 2:
            text = text[:i] + text[j:]
        elif edit == 3:
            text = text[:j] + text[i:j] + text[j:]
        else:
            other = rng.choice(pool).decode("utf-8", errors="replace")
            k = rng.randint(0, len(other))
            text = text[:i] + other[k:k + rng.randint(1, 200)] + text[i:]
    return text.encode("utf-8")[:MAX_LEN]


def report(data: bytes, error: BaseException, artifacts: Path) -> None:
    """Print the failing input (as text) and the error, and save the input as artifacts/crash-<sha1>."""
    artifacts.mkdir(parents=True, exist_ok=True)
    path = artifacts / f"crash-{hashlib.sha1(data).hexdigest()}"
    path.write_bytes(data)
    text = data.decode("utf-8", errors="replace")
    print(f"FAILURE on an input of {len(data)} bytes saved to {path}\ninput as UTF-8 text: {text!r}\n"
          f"{type(error).__name__}: {error}\nEND FAILURE", file=sys.stderr)


def run_mutate(seconds: float, seed: int, artifacts: Path, keep_going: bool = False) -> int:
    """Mutation fuzzing until the time budget is spent: 1 if anything failed, else 0.

    Stops at the first failure, or with `keep_going` reports each distinct kind of failure once (see
    `signature`), shrunk to a small input, and goes on.
    """
    rng = random.Random(seed)
    pool = seeds()
    deadline = time.monotonic() + seconds
    found: set[str] = set()
    runs = 0
    while time.monotonic() < deadline:
        data = pool[runs] if runs < len(pool) else mutate(rng, rng.choice(pool), pool)
        runs += 1
        error = failure(data)
        if error is None or signature(error) in found:
            continue
        found.add(signature(error))
        if keep_going:
            data = shrink(data, signature(error), deadline=time.monotonic() + 10)
            error = failure(data) or error
        report(data, error, artifacts)
        if not keep_going:
            return 1
    print(f"mutate: {runs} inputs in {seconds:g} s (seed {seed}), {len(found)} kinds of failure", file=sys.stderr)
    return 1 if found else 0


def failure(data: bytes) -> Exception | None:
    """The exception the target raises on `data`, or None."""
    try:
        test_one_input(data)
    except Exception as error:  # noqa: BLE001 - the target must not raise: every exception is a finding
        return error
    return None


def signature(error: Exception) -> str:
    """The kind of a failure: its type and first message line, with numbers, quoted text and node paths blanked."""
    lines = str(error).splitlines()
    line = next((x.strip() for x in lines[1:] if x.strip()), "") if lines[:1] == ["invariants broken:"] else (
        lines[0] if lines else "")
    line = re.sub(r"'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\d+", "_", line)
    line = re.sub(r"(?: > _ \w+(?: _)*)+", " > node", line)  # which node: not part of the kind
    return f"{type(error).__name__}: {line[:120]}"


def shrink(data: bytes, kind: str, deadline: float) -> bytes:
    """A smaller input failing the same way: drop ever smaller stretches of characters while it still does."""
    text = data.decode("utf-8", errors="replace")
    chunk = max(1, len(text) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i = 0
        while i < len(text) and time.monotonic() < deadline:
            candidate = text[:i] + text[i + chunk:]
            error = failure(candidate.encode("utf-8"))
            if error is not None and signature(error) == kind:
                text = candidate
            else:
                i += chunk
        chunk //= 2
    return text.encode("utf-8")


def run_atheris(seconds: float, seed: int, artifacts: Path) -> int:
    """Coverage-guided fuzzing with atheris/libFuzzer on a temporary copy of the seeds (never exits early)."""
    import atheris

    with atheris.instrument_imports():  # imported here, first, so that atheris instruments them
        import cnoutline
        import cnoutline.verify  # noqa: F401
    work = Path(tempfile.mkdtemp(prefix="cnoutline-fuzz-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for i, data in enumerate(seeds()):
        (corpus / f"seed{i:04d}").write_bytes(data)
    dictionary = work / "markers.dict"
    dictionary.write_text("".join(f'"{_escape(t)}"\n' for t in TOKENS), encoding="ascii")
    artifacts.mkdir(parents=True, exist_ok=True)
    argv = [sys.argv[0], str(corpus), f"-max_total_time={max(1, int(seconds))}", f"-seed={seed}",
            f"-max_len={MAX_LEN}", "-timeout=20", f"-dict={dictionary}", f"-artifact_prefix={artifacts}/",
            "-print_final_stats=1"]
    atheris.Setup(argv, _atheris_target(artifacts))
    atheris.Fuzz()  # exits the process: 0 when the time is up, non-zero on a finding
    return 0  # pragma: no cover - atheris.Fuzz does not return


def _atheris_target(artifacts: Path) -> Callable[[bytes], None]:
    """The target with the failing input printed before libFuzzer takes over the exception."""
    def target(data: bytes) -> None:
        try:
            test_one_input(data)
        except Exception as error:
            report(data, error, artifacts)
            raise
    return target


def _escape(token: str) -> str:
    """A libFuzzer dictionary entry: every byte of the UTF-8 form as \\xNN."""
    return "".join(f"\\x{b:02x}" for b in token.encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen engine for the given time; 0 when nothing was found, 1 on a failure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget (default 60)")
    parser.add_argument("--engine", choices=("auto", "atheris", "mutate"), default="auto",
                        help="auto: atheris when installed, else mutate")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--keep-going", action="store_true",
                        help="mutate engine: report each kind of failure once, shrunk, and go on")
    parser.add_argument("--artifacts", type=Path, default=Path(tempfile.gettempdir()) / "cnoutline-fuzz",
                        help="where failing inputs are saved")
    args = parser.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "mutate"
        else:
            engine = "atheris"
    if engine == "atheris":
        return run_atheris(args.seconds, args.seed, args.artifacts)
    return run_mutate(args.seconds, args.seed, args.artifacts, args.keep_going)


if __name__ == "__main__":
    sys.exit(main())
