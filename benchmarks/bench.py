"""The speed and memory benchmark of SPEC.md §6, run on the real documents of the shared corpus.

    python benchmarks/bench.py                 # full run, a few minutes; prints a Markdown report
    python benchmarks/bench.py --quick         # smaller sizes, fewer repeats (about a minute)
    python benchmarks/bench.py --write         # also write benchmarks/RESULTS.md
    python benchmarks/bench.py --corpus DIR    # a corpus with docs/*.txt and large/*.txt

Everything is end to end, text in and JSON bytes out: `cnoutline.parse_json(text)`, the path the CLI
writes JSON by, on one core unless stated; the same bytes through the Document models,
`cnoutline.dumps(cnoutline.parse(text))`, are measured beside it. Times are the best of N repeats after an
untimed warm-up pass, so building the
parsers is excluded. MB are 10^6 bytes of UTF-8 input. The reference is one compiled regular expression,
`REFERENCE`, run over the same texts in the same run. Memory and size scaling are measured in fresh
child processes so one measurement's heap does not colour the next. This is not part of the test suite.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import multiprocessing
import os
import platform
import pstats
import re
import subprocess
import sys
import time
import tracemalloc
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
# measure the checkout's code, not whatever copy of cnoutline is installed
sys.path.insert(0, str(ROOT / "src"))

import cnoutline  # noqa: E402
from cnoutline.decode import read_text  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
MB = 1_000_000
# The reference pass does in one regular expression the job a regex-based numbering detector does: find
# the common markers (第N章/条/篇, 一、, 一是, （一）, （1）, 1.) anywhere in the text. It runs near the
# "about 110 MB/s" of SPEC.md §6; a single character class (SIMPLE) runs several times faster and is
# reported beside it.
REFERENCE_PATTERN = (r"第[一二三四五六七八九十百千零〇0-9]+[篇编章节条]|[一二三四五六七八九十]+[、是]"
                     r"|[（(][一二三四五六七八九十0-9]+[）)]|\d+[.．、](?!\d)")
REFERENCE = re.compile(REFERENCE_PATTERN)
REFERENCE_TEXT = f're.compile(r"{REFERENCE_PATTERN}").findall'
SIMPLE = re.compile(r"[一二三四五六七八九十]+、")
PACKAGES = ("cnoutline", "lark", "pydantic", "pydantic-core", "orjson", "regex", "charset-normalizer",
            "dask", "distributed")
# SPEC.md §6 targets; "linear" means the time per MB at the largest size is at most this multiple of
# the time per MB at the smallest.
TARGET_MBPS = 25.0
TARGET_RATIO = 4.0
TARGET_MEMORY = 10.0
LINEAR_TOLERANCE = 1.25
WARM_UP_TEXT = "关于测试的几点思考\n一、总体要求\n（一）指导思想。一是坚持，二是落实。\n二、主要任务\n"


@dataclass
class Config:
    """What one run measures."""

    corpus: Path
    repeats: int
    scale_base_mb: float | None
    """Size of the 1× text for the scaling run; None means the whole large corpus (about 8 MB)."""
    scales: tuple[int, ...] = (1, 4, 16)
    scale_repeats_up_to_mb: float = 10.0
    """Sizes above this are timed once (a 130 MB parse takes a minute or more)."""
    profile_top: int = 15
    child_timeout: float = 240.0
    """Seconds after which a measurement in a child process is stopped (a sign of non-linear cost)."""


@dataclass
class Report:
    """Markdown sections, in order, and the headline figures for the summary table."""

    sections: list[str] = field(default_factory=list)
    headline: dict[str, Any] = field(default_factory=dict)

    def add(self, title: str, *lines: str) -> None:
        """Append a section with a level-2 heading."""
        self.sections.append("\n".join([f"## {title}", "", *lines]))


# ---- helpers ---------------------------------------------------------------------------------------------

def log(message: str) -> None:
    """Progress on stderr, so stdout carries only the report."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def end_to_end(text: str) -> bytes:
    """Text in, JSON bytes out, as the CLI writes them: what the benchmark measures."""
    return cnoutline.parse_json(text)


def fast_path() -> Callable[[str], bytes] | None:
    """The same JSON bytes through the pydantic Document models (`dumps(parse(text))`), for comparison."""
    return lambda text: cnoutline.dumps(cnoutline.parse(text))


def each(function: Callable[[str], object], texts: list[str]) -> None:
    """Apply `function` to every text (the unit that is timed)."""
    for t in texts:
        function(t)


def read_texts(paths: list[Path]) -> list[str]:
    """The UTF-8 texts of `paths`."""
    return [p.read_text(encoding="utf-8") for p in paths]


def size(texts: list[str]) -> int:
    """Total UTF-8 size in bytes."""
    return sum(len(t.encode("utf-8")) for t in texts)


class GcClock:
    """Adds up the time spent in cyclic garbage collection pauses while it is installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


@dataclass(order=True)
class Timing:
    """One timed run: wall seconds, this process's CPU seconds, and seconds in GC pauses."""

    wall: float
    cpu: float
    gc: float


def best_of(run: Callable[[], object], repeats: int) -> Timing:
    """The run with the least wall time out of `repeats`."""
    runs = []
    for _ in range(repeats):
        with GcClock() as clock:
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            runs.append(Timing(time.perf_counter() - start, time.process_time() - start_cpu, clock.seconds))
    return min(runs)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table; columns after the first are right-aligned."""
    align = ["---"] + ["---:"] * (len(header) - 1)
    return ["| " + " | ".join(r) + " |" for r in [header, align, *rows]]


def status_of(ok: bool) -> str:
    """The summary table's verdict."""
    return "met" if ok else "**not met**"


def rss_kib(field_name: str) -> int:
    """VmRSS or VmHWM (peak RSS) of this process in KiB, from /proc/self/status (0 where unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_rss() -> None:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); elsewhere the peak is since process start."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        pass


# ---- machine --------------------------------------------------------------------------------------------

def machine(load_at_start: str) -> list[str]:
    """Lines describing the machine, the interpreter, the packages and the code measured."""
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or cpu
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = "unknown"
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        memory = f"{kib / 1024**2:.1f} GiB"
    except (OSError, StopIteration):
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return [
        f"- CPU: {cpu}; {os.cpu_count()} logical cores, {usable} usable by this process; RAM {memory}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- Packages: {', '.join(versions)}",
        f"- Code: {git_describe()}",
        f"- Run: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, `{' '.join(['python', *sys.argv])}`",
        f"- Load average (1/5/15 min) at the start: {load_at_start}, at the end: {load()}; anything else "
        "running on these cores slows the figures below",
    ]


def load() -> str:
    """The system load averages, or 'unknown'."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def git_describe() -> str:
    """The commit measured, and whether the parsing code differs from it."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src", "grammar"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return f"commit {head}" + (" with uncommitted changes in src/ or grammar/" if dirty else "")


# ---- 1. single-process throughput -------------------------------------------------------------------------

def throughput(sets: dict[str, list[str]], repeats: int, report: Report) -> None:
    """MB/s end to end and of the reference regex, per document set, on one core."""
    header = ["set", "files", "MB", "best s", "MB/s", "MB/s by CPU time", "regex MB/s", "× regex",
              "simple regex MB/s", "× simple", "GC share"]
    fast = fast_path()
    if fast is not None:
        header.append("through models MB/s")
    rows = []
    for name, texts in sets.items():
        n_bytes = size(texts)
        timing = best_of(functools.partial(each, end_to_end, texts), repeats)
        regex_wall = best_of(functools.partial(each, REFERENCE.findall, texts), repeats).wall
        simple_wall = best_of(functools.partial(each, SIMPLE.findall, texts), repeats).wall
        wall = timing.wall
        mbps, regex_mbps = n_bytes / MB / wall, n_bytes / MB / regex_wall
        rows.append([name, str(len(texts)), f"{n_bytes / MB:.2f}", f"{wall:.3f}", f"{mbps:.2f}",
                     f"{n_bytes / MB / timing.cpu:.2f}", f"{regex_mbps:.0f}", f"{wall / regex_wall:.1f}×",
                     f"{n_bytes / MB / simple_wall:.0f}", f"{wall / simple_wall:.0f}×", f"{timing.gc / wall:.0%}"])
        if fast is not None:
            fast_mbps = n_bytes / MB / best_of(functools.partial(each, fast, texts), repeats).wall
            rows[-1].append(f"{fast_mbps:.2f}")
            if name == "whole corpus":
                report.headline.update(fast_mbps=fast_mbps, fast_ratio=regex_mbps / fast_mbps)
        report.headline.setdefault("walls", {})[name] = wall
        if name == "whole corpus":
            report.headline.update(mbps=mbps, cpu_mbps=n_bytes / MB / timing.cpu, regex_mbps=regex_mbps,
                                   ratio=wall / regex_wall)
        log(f"throughput {name}: {mbps:.2f} MB/s ({wall / regex_wall:.1f}× regex)")
    report.add(
        "Throughput, one process",
        f"Best of {repeats} after a warm-up pass over the whole corpus; each set parsed file by file. "
        "MB/s is over wall time; MB/s by CPU time is over the CPU time of this process in the same run, "
        f"which other load on the machine affects less. Regex: `{REFERENCE_TEXT}` over the same texts, one "
        "pass that finds the common numbering markers as a regex-based detector does; simple regex: "
        f"`{SIMPLE.pattern}`, a single character class, for scale. "
        "GC share: time in cyclic garbage-collection pauses during the best run."
        + (" Through models MB/s: the same texts to the same JSON bytes through the pydantic Document "
           "models, `dumps(parse(text))`." if fast is not None else ""),
        "",
        *table(header, rows),
    )


# ---- 2. where the time goes: stages ---------------------------------------------------------------------

class StageClock:
    """Exclusive wall time per stage, from wrappers around the functions that make up a parse.

    A wrapped function's time excludes the time of wrapped functions it calls, so the stages add up
    to the whole end-to-end time.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._children: list[float] = []

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function`, timed under `label`."""
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._children.append(0.0)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                inner = self._children.pop()
                self.seconds[label] = self.seconds.get(label, 0.0) + elapsed - inner
                if self._children:
                    self._children[-1] += elapsed

        return timed


def stage_hooks() -> list[tuple[Any, str, str]]:
    """(owner, attribute, stage label) of every function timed as a stage.

    Found, not listed, where the core changes fastest: every function `api` imports from the other
    cnoutline modules is a stage. Then the parts inside them worth telling apart: building the cleaned
    view, Lark's parse (whose reductions assemble the tree), pydantic and orjson.
    """
    import lark
    import pydantic

    from cnoutline import api, clean

    hooks: list[tuple[Any, str, str]] = [
        (api, name, f"{value.__module__.removeprefix('cnoutline.')}.{value.__qualname__}")
        for name, value in vars(api).items()
        if isinstance(value, types.FunctionType) and value.__module__.startswith("cnoutline.")
        and value.__module__ != api.__name__
    ]
    hooks += [(api, "parse", "api.parse itself (sha256, assembling the dict)"),
              (api, "dumps", "api.dumps itself")]
    if isinstance(getattr(clean, "Cleaned", None), type):
        hooks.append((clean, "Cleaned", "cleaned.Cleaned (cut text and offset map)"))
    hooks += [(lark.Lark, "parse", "lark: LALR parse, assembling the tree as it reduces (in tree.build)"),
              (pydantic.BaseModel, "model_validate", "pydantic: model_validate"),
              (pydantic.BaseModel, "model_dump", "pydantic: model_dump"),
              (orjson, "dumps", "orjson: dumps")]
    return hooks


@contextmanager
def instrumented(clock: StageClock) -> Iterator[None]:
    """Every stage hook wrapped with `clock` for the duration; the originals restored afterwards."""
    saved = []
    for owner, attribute, label in stage_hooks():
        original = vars(owner)[attribute] if isinstance(owner, type) else getattr(owner, attribute)
        if isinstance(original, classmethod):
            replacement: Any = classmethod(clock.wrap(label, original.__func__))
        else:
            replacement = clock.wrap(label, original)
        saved.append((owner, attribute, original))
        setattr(owner, attribute, replacement)
    try:
        yield
    finally:
        for owner, attribute, original in reversed(saved):
            setattr(owner, attribute, original)


def stages(texts: list[str], label: str, repeats: int, report: Report) -> None:
    """Exclusive seconds per stage over `texts` (best of `repeats` per stage), with and without the GC."""
    from cnoutline import api

    columns: dict[bool, dict[str, float]] = {}
    for gc_on in (True, False):
        best: dict[str, float] = {}
        for _ in range(repeats):
            clock = StageClock()
            if not gc_on:
                gc.disable()
            try:
                with instrumented(clock):
                    for t in texts:
                        api.parse_json(t)
            finally:
                gc.enable()
            best = clock.seconds if not best else {k: min(best.get(k, v), v) for k, v in clock.seconds.items()}
        columns[gc_on] = best
    total_on, total_off = sum(columns[True].values()), sum(columns[False].values())
    n_bytes = size(texts)
    order = sorted(columns[False], key=lambda k: -columns[False][k])
    rows = [[stage, f"{columns[True].get(stage, 0.0):.3f}", f"{columns[True].get(stage, 0.0) / total_on:.1%}",
             f"{columns[False][stage]:.3f}", f"{columns[False][stage] / total_off:.1%}",
             f"{n_bytes / MB / columns[False][stage]:,.0f}" if columns[False][stage] else "-"]
            for stage in order]
    rows.append(["**total**", f"**{total_on:.3f}**", "100%", f"**{total_off:.3f}**", "100%",
                 f"{n_bytes / MB / total_off:.1f}"])
    report.add(
        "Where the time goes: stages",
        f"The {label} ({len(texts)} files, {n_bytes / MB:.2f} MB) through `api.parse_json(text)` with "
        "each stage function wrapped in a timer (exclusive time: a stage's time leaves out the stages it "
        f"calls, so `tree.build` is what remains of it besides Lark's parse); best of {repeats} "
        "per stage. GC pauses fall inside whichever stage triggers them; the GC-off columns show the work "
        "itself. \"stage MB/s\" is the input size over that stage's GC-off time: every stage must run far "
        f"above {TARGET_MBPS:.0f} MB/s for the whole to reach it.",
        "",
        *table(["stage", "s (GC on)", "share", "s (GC off)", "share", "stage MB/s"], rows),
    )
    log(f"stages: {total_on:.2f} s with GC, {total_off:.2f} s without")


# ---- 3. where the time goes: profile --------------------------------------------------------------------

def _label(key: tuple[str, int, str]) -> str:
    """A short name for a profiled function: package-relative path, line and name."""
    filename, line, name = key
    if filename == "~":
        return f"`{name}`"
    for marker in ("site-packages/", "/src/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    else:
        filename = Path(filename).name
    return f"`{filename}:{line} {name}`"


def profile(texts: list[str], label: str, top: int, report: Report) -> None:
    """cProfile of one end-to-end pass: the top functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for t in texts:
        end_to_end(t)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    entries = [(key, value) for key, value in stats.stats.items()  # type: ignore[attr-defined]
               if not key[0].endswith(("bench.py", "cProfile.py"))]

    def rows(index: int) -> list[list[str]]:
        ranked = sorted(entries, key=lambda e: -e[1][index])[:top]
        return [[_label(key), f"{calls:,}", f"{own:.3f}", f"{own / total:.1%}", f"{cum:.3f}", f"{cum / total:.1%}"]
                for key, (_, calls, own, cum, _callers) in ranked]

    header = ["function", "calls", "own s", "own %", "cum s", "cum %"]
    report.add(
        "Where the time goes: profile",
        f"cProfile of one end-to-end pass over the {label}; {total:.2f} s under the profiler "
        "(which inflates Python-level, call-heavy code such as Lark's parser relative to C code such as "
        "`re` and pydantic-core).",
        "",
        f"Top {top} by own time:",
        "",
        *table(header, rows(2)),
        "",
        f"Top {top} by cumulative time:",
        "",
        *table(header, rows(3)),
    )
    log(f"profile: {total:.2f} s under cProfile")


# ---- 4 and 5. memory and size scaling, each in a fresh process ------------------------------------------------

def measure_in_child(paths: list[str], copies: int, repeats: int, trace: bool) -> dict[str, float]:
    """Run in a fresh process: time and memory of parsing the files' texts joined, `copies` times over."""
    base = "\n".join(read_texts([Path(p) for p in paths]))
    text = "\n".join([base] * copies)
    del base
    n_bytes = len(text.encode("utf-8"))
    end_to_end(WARM_UP_TEXT)
    result: dict[str, float] = {"bytes": n_bytes, "chars": len(text)}
    gc.collect()
    rss_before = rss_kib("VmRSS")
    reset_peak_rss()
    timing = best_of(lambda: end_to_end(text), repeats)
    result.update(seconds=timing.wall, cpu_seconds=timing.cpu, gc_seconds=timing.gc)
    result["rss_peak_delta"] = (rss_kib("VmHWM") - rss_before) * 1024
    if trace:
        gc.collect()
        tracemalloc.start()
        out = end_to_end(text)
        result["traced_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        result["json_bytes"] = len(out)
        fast = fast_path()
        if fast is not None:
            del out
            gc.collect()
            tracemalloc.start()
            fast(text)
            result["fast_traced_peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return result


def in_child(paths: list[Path], copies: int, repeats: int, trace: bool, timeout: float) -> dict[str, float] | None:
    """`measure_in_child` in a fresh spawned interpreter; None if it takes longer than `timeout` seconds."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:  # leaving the block terminates the child
        job = pool.apply_async(measure_in_child, ([str(p) for p in paths], copies, repeats, trace))
        try:
            return job.get(timeout)
        except multiprocessing.TimeoutError:
            return None


def memory(largest: Path, timeout: float, report: Report) -> None:
    """Peak memory of one end-to-end parse of the largest file, as a multiple of its UTF-8 size."""
    r = in_child([largest], 1, 1, trace=True, timeout=timeout)
    if r is None:
        report.add("Peak memory", f"Not measured: parsing `{largest.name}` took longer than {timeout:.0f} s.")
        return
    traced, rss = r["traced_peak"] / r["bytes"], r["rss_peak_delta"] / r["bytes"]
    report.headline.update(memory=traced, memory_rss=rss)
    if "fast_traced_peak" in r:
        report.headline["fast_memory"] = r["fast_traced_peak"] / r["bytes"]
    report.add(
        "Peak memory",
        f"One end-to-end parse of the largest file, `{largest.name}` ({r['bytes'] / MB:.2f} MB UTF-8, "
        f"{r['chars']:,.0f} characters, {r['json_bytes'] / MB:.2f} MB of JSON out), in a fresh process after "
        "a warm-up parse of a short text. tracemalloc peak: Python allocations made during the parse, "
        "not counting the input string itself. RSS: rise of the peak resident set (VmHWM) over the "
        "resident set before the parse (a separate, untraced run).",
        "",
        *table(["measure", "bytes", "× input"],
               [["tracemalloc peak", f"{r['traced_peak']:,.0f}", f"{traced:.1f}×"],
                ["peak RSS rise", f"{r['rss_peak_delta']:,.0f}", f"{rss:.1f}×"]]
               + ([["tracemalloc peak, through the Document models", f"{r['fast_traced_peak']:,.0f}",
                    f"{r['fast_traced_peak'] / r['bytes']:.1f}×"]] if "fast_traced_peak" in r else [])),
    )
    log(f"memory: {traced:.1f}× (tracemalloc), {rss:.1f}× (RSS)")


def scaling(paths: list[Path], config: Config, report: Report) -> None:
    """Time at 1×, 4× and 16× the input size, and the time per MB at each size."""
    base = paths
    if config.scale_base_mb is not None:
        base = quick_base(paths, config.scale_base_mb)
    rows, per_mb = [], []
    for copies in config.scales:
        approx_mb = sum(p.stat().st_size for p in base) * copies / MB
        # two runs at least at every size: the first run in a process also pays for mapping the heap,
        # so a lone (cold) run at 16x against a best-of-3 (warm) at 1x would overstate the growth
        repeats = config.repeats if approx_mb <= config.scale_repeats_up_to_mb else min(2, config.repeats)
        r = in_child(base, copies, repeats, trace=False, timeout=config.child_timeout)
        if r is None:
            rows.append([f"{copies}×", f"{approx_mb:.1f}", "1", f"> {config.child_timeout:.0f} (stopped)"]
                        + [""] * 7)
            report.headline.update(linear=float("inf"), largest_mb=approx_mb)
            log(f"scaling {copies}×: stopped after {config.child_timeout:.0f} s")
            break
        mb = r["bytes"] / MB
        per_mb.append(r["cpu_seconds"] / mb)
        rows.append([f"{copies}×", f"{mb:.1f}", str(repeats), f"{r['seconds']:.2f}", f"{r['cpu_seconds']:.2f}",
                     f"{r['seconds'] / mb:.3f}", f"{per_mb[-1]:.3f}", f"{per_mb[-1] / per_mb[0]:.2f}",
                     f"{mb / r['seconds']:.2f}", f"{r['gc_seconds'] / r['seconds']:.0%}",
                     f"{r['rss_peak_delta'] / r['bytes']:.1f}×"])
        report.headline.update(linear=per_mb[-1] / per_mb[0], largest_mb=mb)
        log(f"scaling {copies}×: {mb:.1f} MB in {r['seconds']:.2f} s ({per_mb[-1]:.3f} CPU s/MB)")
    report.add(
        "Scaling with input size",
        f"One document made of {' + '.join(p.name for p in base)} joined, then repeated "
        f"{', '.join(map(str, config.scales))} times (joined by newlines); each size in a fresh process, after "
        f"a warm-up parse of a short text; best of {config.repeats} up to {config.scale_repeats_up_to_mb:.0f} MB, "
        f"of {min(2, config.repeats)} above (every size's best is then a run after a first one, which also pays "
        f"for mapping the heap); a size is stopped after {config.child_timeout:.0f} s. Linear means the s/MB columns "
        f"stay flat; the target allows CPU s per MB to grow at most {LINEAR_TOLERANCE}× (CPU time, because "
        "wall time also measures whatever else the machine runs meanwhile).",
        "",
        *table(["size", "MB", "runs", "best s", "CPU s", "s per MB", "CPU s per MB", "vs 1×", "MB/s",
                "GC share", "peak RSS rise"], rows),
    )


def quick_base(paths: list[Path], mb: float) -> list[Path]:
    """The smallest large-corpus file of at least `mb` MB, else the largest one (for --quick)."""
    by_size = sorted(paths, key=lambda p: p.stat().st_size)
    return [next((p for p in by_size if p.stat().st_size >= mb * MB), by_size[-1])]


# ---- 6. worker processes --------------------------------------------------------------------------------

def _warm_worker() -> None:
    """Pool initializer: build the parsers once in this worker."""
    end_to_end(WARM_UP_TEXT)


def _parse_path(path: str) -> bytes:
    """A worker's task: read, decode and parse one file, return its JSON."""
    text, encoding = read_text(path)
    return cnoutline.parse_json(text, name=str(path), encoding=encoding)


def _pool_pass(pool: Pool, paths: list[str]) -> int:
    """Parse `paths` on the pool, one file per task; the bytes of JSON received."""
    return sum(len(out) for out in pool.imap_unordered(_parse_path, paths, chunksize=1))


def workers(sets: dict[str, list[Path]], repeats: int, report: Report) -> None:
    """Throughput of a pool of 1 and of 2 worker processes over each set of files."""
    rows = []
    for name, paths in sets.items():
        ordered = [str(p) for p in sorted(paths, key=lambda p: -p.stat().st_size)]
        n_bytes = sum(p.stat().st_size for p in paths)
        base = 0.0
        for n in (1, 2):
            with multiprocessing.get_context("spawn").Pool(n, initializer=_warm_worker) as pool:
                run = functools.partial(_pool_pass, pool, ordered)
                run()
                wall = best_of(run, repeats).wall
            base = base or wall
            rows.append([name, str(len(paths)), f"{n_bytes / MB:.2f}", str(n), f"{wall:.3f}",
                         f"{n_bytes / MB / wall:.2f}", f"{base / wall:.2f}×"])
            log(f"workers {name}, {n}: {n_bytes / MB / wall:.2f} MB/s")
    largest = max((p for paths in sets.values() for p in paths), key=lambda p: p.stat().st_size)
    alone = report.headline.get("walls", {}).get(largest.name)
    bound = (f" The largest file, `{largest.name}`, takes {alone:.2f} s alone in one process, which bounds the "
             "time of the whole corpus however many workers share it." if alone else "")
    report.add(
        "Worker processes",
        "Each set through a `multiprocessing` pool (spawn; the parsers built once per worker by the "
        "initializer), largest file first, one file per task; workers read and decode the files and send "
        f"the JSON back. Best of {repeats} after a warm-up pass.{bound} The small documents (each parsed 8 "
        "times, for a run long enough to time) show how the work spreads when no single file dominates; both "
        "figures also depend on the cores being free.",
        "",
        *table(["set", "files", "MB", "workers", "best s", "MB/s", "speed-up"], rows),
    )


# ---- the run ----------------------------------------------------------------------------------------------

def summary(report: Report) -> list[str]:
    """The targets of SPEC.md §6 against what this run measured."""
    h = report.headline
    rows = []
    if "mbps" in h:
        rows.append([f"≥ {TARGET_MBPS:.0f} MB/s end to end, one core",
                     f"{h['mbps']:.2f} MB/s (whole corpus; {h['cpu_mbps']:.2f} by CPU time)",
                     status_of(h["mbps"] >= TARGET_MBPS)])
        rows.append([f"within {TARGET_RATIO:.0f}× of one regex pass",
                     f"{h['ratio']:.1f}× (regex {h['regex_mbps']:.0f} MB/s)", status_of(h["ratio"] <= TARGET_RATIO)])
    if "fast_mbps" in h:
        rows.append(["the same two, through the Document models (`dumps(parse())`)",
                     f"{h['fast_mbps']:.2f} MB/s, {h['fast_ratio']:.1f}× regex",
                     status_of(h["fast_mbps"] >= TARGET_MBPS and h["fast_ratio"] <= TARGET_RATIO)])
    if "linear" in h:
        rows.append([f"linear to 100 MB (CPU s/MB growth ≤ {LINEAR_TOLERANCE}×)",
                     f"{h['linear']:.2f}× from 1× to {h['largest_mb']:.0f} MB"
                     + ("" if h["largest_mb"] >= 100 else " (not measured up to 100 MB)"),
                     status_of(h["linear"] <= LINEAR_TOLERANCE and h["largest_mb"] >= 100)])
    if "memory" in h:
        rows.append([f"peak memory ≤ {TARGET_MEMORY:.0f}× input", f"{h['memory']:.1f}× (tracemalloc), "
                     f"{h['memory_rss']:.1f}× (RSS)"
                     + (f"; {h['fast_memory']:.1f}× through the Document models" if "fast_memory" in h else ""),
                     status_of(h["memory"] <= TARGET_MEMORY)])
    return table(["target (SPEC.md §6)", "measured", ""], rows)


def run(config: Config) -> str:
    """Run every measurement and return the Markdown report."""
    docs = sorted((config.corpus / "docs").glob("*.txt"))
    large = sorted((config.corpus / "large").glob("*.txt"))
    if not docs or not large:
        sys.exit(f"bench: no corpus at {config.corpus} (expected docs/*.txt and large/*.txt); use --corpus DIR")
    report = Report()
    load_at_start = load()
    log(f"corpus {config.corpus}: {len(docs)} docs, {len(large)} large files")
    end_to_end(WARM_UP_TEXT)
    large_texts = read_texts(large)
    sets = {"docs (small, varied)": read_texts(docs)}
    sets.update({p.name: [t] for p, t in zip(large, large_texts, strict=True)})
    sets["whole corpus"] = sets["docs (small, varied)"] + large_texts
    each(end_to_end, sets["whole corpus"])
    throughput(sets, config.repeats, report)
    stages(large_texts, "large corpus", config.repeats, report)
    profile(large_texts, "large corpus", config.profile_top, report)
    memory(max(large, key=lambda p: p.stat().st_size), config.child_timeout, report)
    scaling(large, config, report)
    workers({"whole corpus": docs + large, "docs (small, varied), each 8 times": docs * 8}, config.repeats, report)
    head = [
        "# cnoutline benchmark results",
        "",
        "Made by `benchmarks/bench.py` (the command is under Run below); its docstring and "
        "benchmarks/README.md say what is measured and how.",
        "",
        *machine(load_at_start),
        "",
        "## Targets",
        "",
        *summary(report),
    ]
    return "\n\n".join(["\n".join(head), *report.sections]) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line: run the benchmark, print the report, optionally write RESULTS.md."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help=f"directory holding docs/*.txt and large/*.txt (default: {DEFAULT_CORPUS})")
    ap.add_argument("--quick", action="store_true",
                    help="scaling from a ~0.8 MB base (to ~13 MB) and 2 repeats instead of ~8 MB (to ~125 MB) and 3")
    ap.add_argument("--repeats", type=int, help="repeats per measurement (default 3, or 2 with --quick)")
    ap.add_argument("--write", action="store_true", help=f"also write the report to {RESULTS.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    config = Config(corpus=args.corpus.resolve(), repeats=args.repeats or (2 if args.quick else 3),
                    scale_base_mb=0.5 if args.quick else None)
    started = time.perf_counter()
    text = run(config)
    log(f"done in {time.perf_counter() - started:.0f} s")
    sys.stdout.write(text)
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
        log(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
