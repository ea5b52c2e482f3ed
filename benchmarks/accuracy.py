"""Accuracy of SOW101-SOW104 (and SOW112) against the hand labels of the shared corpus.

Usage: python benchmarks/accuracy.py [CORPUS_DIR] [--markdown FILE]

For each labelled document and kind, the rule is right when it fires exactly on the documents
labelled ``n`` (and stays silent on ``y``); ``u`` labels are not scored.  Prints a table per kind
(accuracy, balanced accuracy, false alarms, misses) and every wrong call, so a change to the
taxonomy can be judged on the numbers.  Reproducible: no randomness, no network.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from corpus_labels import DEFAULT_CORPUS, read_labels

from sowlint.engine import Engine, Settings

RULES = {
    "assumptions": "SOW101",
    "exclusions": "SOW102",
    "acceptance": "SOW103",
    "dependencies": "SOW104",
    "placeholders": "SOW112",
}


def main() -> int:
    """Run the measurement and print (optionally write) a markdown report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--markdown", help="also write the report to this file")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    rows = read_labels(corpus)
    if rows is None:
        return 2
    engine = Engine(settings=Settings(select=tuple(RULES.values())))
    # kind -> [tp, tn, fp, fn]; positive = "the rule fires" = label n (missing)
    stats = {k: [0, 0, 0, 0] for k in RULES}
    wrong: list[str] = []
    start = time.perf_counter()
    for row in rows:
        path = corpus / "docs" / row["file"]
        result = engine.check_file(path, row["file"])
        if result.error:
            wrong.append(f"| {row['file']} | (unreadable: {result.error}) | | |")
            continue
        fired = {f.code for f in result.findings}
        for kind, code in RULES.items():
            label = row.get(kind, "u")
            if label not in ("y", "n"):
                continue
            # placeholders: y means "has placeholders", so the rule should fire on y
            should_fire = label == ("y" if kind == "placeholders" else "n")
            did = code in fired
            idx = (0 if should_fire else 1) if did == should_fire else (2 if did else 3)
            stats[kind][idx] += 1
            if did != should_fire:
                what = "false alarm" if did else "missed"
                wrong.append(f"| {row['file']} | {code} {kind} | label {label} | {what} |")
    elapsed = time.perf_counter() - start
    out = [
        "| kind | rule | scored | accuracy | balanced accuracy | false alarms | misses |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, (tp, tn, fp, fn) in stats.items():
        n = tp + tn + fp + fn
        acc = (tp + tn) / n if n else float("nan")
        tpr = tp / (tp + fn) if tp + fn else 1.0
        tnr = tn / (tn + fp) if tn + fp else 1.0
        out.append(f"| {kind} | {RULES[kind]} | {n} | {acc:.2f} | {(tpr + tnr) / 2:.2f} | {fp} | {fn} |")
    out.append("")
    out.append(f"{len(rows)} documents in {elapsed:.1f} s.")
    if wrong:
        out += ["", "| document | rule | label | call |", "|---|---|---|---|", *wrong]
    text = "\n".join(out)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
