"""Accuracy on damaged copies of the gold documents: the same gold, the text as scraping leaves it.

    python benchmarks/robustness.py              # every variant, one score.py summary line each
    python benchmarks/robustness.py crlf nolf    # some of them

Each variant rewrites every document that has a gold outline (../shared/gold/seeds and /corpus) the
way real input arrives damaged, and scores the CLI's trees against the unchanged gold with
../shared/tools/score.py. A rule that only fits the clean copies shows up here as a drop:

    crlf    Windows line ends            cr      old Mac line ends (lone CR)
    chrome  a site's welcome line, breadcrumb (…> 正文), 上一篇/下一篇 and 本站热搜 around the text
    ideo    every line break made a run of full-width spaces (a collapsed crawl)
    nolf    every line break and the white space around it removed (the worst collapsed crawl)
    trad    simplified characters made traditional, gold titles too (only with OpenCC installed:
            pip install opencc-python-reimplemented)
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SETS = {"seeds": SHARED / "seeds", "corpus": SHARED / "corpus" / "docs"}
CHROME_HEAD = "您好，欢迎访问本站！\n当前位置：首页 > 文章中心 > 正文\n"
CHROME_TAIL = "\n上一篇：关于做好工作的通知\n下一篇：年度总结\n本站热搜\n1.如何写好总结\n2.工作计划怎么写\n"


def _traditional() -> Callable[[str], str] | None:
    try:
        from opencc import OpenCC  # type: ignore[import-not-found]
    except ImportError:
        return None
    return OpenCC("s2t").convert  # type: ignore[no-any-return]


VARIANTS: dict[str, Callable[[str], str] | None] = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "cr": lambda t: t.replace("\n", "\r"),
    "chrome": lambda t: CHROME_HEAD + t + CHROME_TAIL,
    "ideo": lambda t: re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "\u3000\u3000", t),
    "nolf": lambda t: re.sub(r"\s*\n\s*", "", t),
    "trad": _traditional(),
}


def _write(variant: str, rewrite: Callable[[str], str], root: Path) -> list[str]:
    """The damaged documents (and, for trad, the converted gold) under root; score.py's folder arguments."""
    args = []
    for name, docs in SETS.items():
        gold_dir, doc_dir = SHARED / "gold" / name, root / variant / name
        doc_dir.mkdir(parents=True)
        if variant == "trad":
            gold_dir = root / "gold" / name
            gold_dir.mkdir(parents=True)
        for gold_path in sorted((SHARED / "gold" / name).glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            source = docs / gold["doc"]
            if not source.exists():
                continue
            text = source.read_text(encoding="utf-8").replace("\r\n", "\n")
            (doc_dir / source.name).write_text(rewrite(text), encoding="utf-8", newline="")
            if variant == "trad":
                for heading in gold["headings"]:
                    heading["title"] = rewrite(heading["title"])
                gold.update({k: rewrite(gold[k]) for k in ("title", "author") if gold.get(k)})
                (gold_dir / gold_path.name).write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        args += [str(gold_dir), str(doc_dir)]
    return args


def main(names: list[str]) -> None:
    unknown = [name for name in names if name not in VARIANTS]
    if unknown:
        sys.exit(f"usage: python benchmarks/robustness.py [VARIANT ...]; variants: {' '.join(VARIANTS)} "
                 f"(not {' '.join(unknown)})")
    score = SHARED / "tools" / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        for variant in names or list(VARIANTS):
            rewrite = VARIANTS[variant]
            if rewrite is None:
                print(f"{variant:7s} skipped: OpenCC is not installed", flush=True)
                continue
            args = _write(variant, rewrite, Path(tmp))
            out = subprocess.run([sys.executable, str(score), *args], capture_output=True, text=True, check=True)
            print(f"{variant:7s} {out.stdout.strip().splitlines()[-1]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
