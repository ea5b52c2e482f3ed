"""Where ``sowlint check`` spends its time: reading, classifying and each rule, over a set of files.

Usage: python benchmarks/rule_times.py [FILES...] [--top N] [--select CODES]

Without files it takes the markdown documents of ``../shared/corpus/docs``.  Every rule is run
(``--select ALL`` by default) in this one process, timed with ``time.perf_counter`` around each
phase; the registry build is timed once.  Use it to find what to optimise, then confirm end to end
with ``speed.py`` (this script measures in-process, so it leaves out start-up and output).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Time the phases and print a table, slowest first."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--select", default="ALL")
    args = ap.parse_args()
    files = [Path(f) for f in args.files] or sorted((ROOT.parent / "shared" / "corpus" / "docs").glob("*.md"))

    t0 = time.perf_counter()
    from sowlint.classify import classify
    from sowlint.config import Config, Layer
    from sowlint.readers import read_document

    t1 = time.perf_counter()
    config = Config.discover(
        cli=Layer(source="command line", select=tuple(args.select.split(","))), isolated=True
    )
    t2 = time.perf_counter()
    times: dict[str, float] = defaultdict(float)
    times["(import)"] = t1 - t0
    times["(configuration and registry)"] = t2 - t1
    for path in files:
        a = time.perf_counter()
        doc = read_document(path, str(path))
        b = time.perf_counter()
        classified = classify(doc, None)
        c = time.perf_counter()
        times["(read)"] += b - a
        times["(classify)"] += c - b
        choice = config.choose_profile(classified)
        for rule in config.rule_set(choice.name).rules:
            s = time.perf_counter()
            list(rule.check(classified))
            times[type(rule).code] += time.perf_counter() - s
    total = sum(times.values())
    print(f"{len(files)} files, {total:.3f} s in this process")
    print(f"{'phase or rule':32s} {'seconds':>8s} {'share':>6s}")
    for name, secs in sorted(times.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"{name:32s} {secs:8.3f} {secs / total:6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
