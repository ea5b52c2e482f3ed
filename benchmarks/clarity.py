"""Clarity findings (SOW2xx, SOW3xx) on real documents: density, and a random sample to review.

Usage:
  python benchmarks/clarity.py density [CORPUS_DIR] [--markdown FILE]
  python benchmarks/clarity.py sample  [CORPUS_DIR] --size 60 --seed 2026
  python benchmarks/clarity.py score   benchmarks/precision/sample.tsv [--markdown FILE]

density: findings per 1,000 words for each document (the clarity rules on by default, profile
auto, as a user running ``sowlint check --profile auto`` sees them; ``--opt-in`` adds the rules that
are off by default), the median across documents, and findings per rule.
sample: a seeded random sample of findings with the text around each one, written as TSV with an
empty ``verdict`` column for a person to fill in (``agree`` / ``disagree``) and a ``why`` column.
Re-running with the same seed on the same code and corpus gives the same sample; re-sampling after
a rule change keeps the verdicts of findings that are still in the sample (matched by fingerprint).
score: precision (agree / reviewed) overall and per rule from a reviewed TSV.
Reproducible: no network; randomness only from the seed.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

from sowlint.classify import classify
from sowlint.config import Config, cli_layer
from sowlint.engine import Engine
from sowlint.findings import Finding
from sowlint.model import Document
from sowlint.readers import ReadError, read_document

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
CLARITY = ("SOW2", "SOW3")
COLUMNS = [
    "id",
    "code",
    "document",
    "where",
    "excerpt",
    "message",
    "context",
    "fingerprint",
    "verdict",
    "why",
]


def _engine(opt_in: bool = False) -> Engine:
    """Clarity rules as a user gets them (on by default), or all of them with ``opt_in``."""
    from sowlint.engine import builtin_registry

    codes = [
        r.code
        for r in builtin_registry().rules
        if r.code.startswith(CLARITY) and (opt_in or r.default_enabled)
    ]
    return Engine(config=Config((), cli_layer(select=codes, profile="auto"), plugins=False))


def _documents(corpus: Path) -> list[tuple[str, Document]]:
    out = []
    for path in sorted((corpus / "docs").iterdir()):
        try:
            out.append((path.name, classify(read_document(path, path.name))))
        except ReadError as exc:
            print(f"{path.name}: {exc}", file=sys.stderr)
    return out


def _context(doc: Document, finding: Finding) -> str:
    """About 400 characters of the block that holds the finding, around its excerpt."""
    loc = finding.location
    candidates = []
    for block in doc.all_blocks():
        if block.location.section != loc.section:
            continue
        text = " ".join(block.text.split())
        needle = " ".join((finding.excerpt or "").split())
        if needle and needle not in text:
            continue
        candidates.append((block.location.line or 0, text, needle))
    if not candidates:
        return ""
    if loc.line is not None:
        before = [c for c in candidates if c[0] <= loc.line] or candidates
        _, text, needle = max(before, key=lambda c: c[0])
    else:
        _, text, needle = candidates[0]
    at = text.find(needle) if needle else 0
    start = max(0, at - 200)
    return ("..." if start else "") + text[start : start + 400] + ("..." if start + 400 < len(text) else "")


def density(corpus: Path, opt_in: bool = False) -> str:
    """Markdown report of clarity findings per 1,000 words."""
    engine = _engine(opt_in)
    rows = []
    per_rule: Counter[str] = Counter()
    total_words = 0
    for name, doc in _documents(corpus):
        findings = engine.check_document(doc)
        n = sum(f.count for f in findings)
        words = doc.word_count()
        total_words += words
        per_rule.update(f.code for f in findings)
        rows.append((name, words, len(findings), n, 1000 * len(findings) / max(words, 1)))
    med = statistics.median(r[4] for r in rows)
    out = [
        f"{len(rows)} documents, {total_words:,} words; clarity findings per 1,000 words: "
        f"median {med:.2f}, max {max(r[4] for r in rows):.2f} (target: median <= 5).",
        "",
        "| rule | findings |",
        "|---|---|",
        *[f"| {code} | {n} |" for code, n in sorted(per_rule.items())],
        "",
        "| document | words | findings | occurrences | per 1,000 words |",
        "|---|---|---|---|---|",
        *[f"| {r[0]} | {r[1]:,} | {r[2]} | {r[3]} | {r[4]:.2f} |" for r in rows],
    ]
    return "\n".join(out)


def sample(corpus: Path, size: int, seed: int, out: Path, opt_in: bool = False) -> str:
    """Write a random sample of findings to review (keeping earlier verdicts by fingerprint)."""
    engine = _engine(opt_in)
    everything = []
    for name, doc in _documents(corpus):
        for f in engine.check_document(doc):
            everything.append((name, doc, f))
    rng = random.Random(seed)
    picked = rng.sample(everything, min(size, len(everything)))
    picked.sort(key=lambda x: (x[2].code, x[0]))
    old: dict[str, tuple[str, str]] = {}
    if out.exists():
        for row in csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"):
            old[row["fingerprint"] + row["document"]] = (row["verdict"], row["why"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(COLUMNS)
        for i, (name, doc, f) in enumerate(picked, 1):
            verdict, why = old.get(f.fingerprint + name, ("", ""))
            w.writerow(
                [
                    i,
                    f.code,
                    name,
                    f.location.describe(),
                    f.excerpt or "",
                    f.message,
                    _context(doc, f),
                    f.fingerprint,
                    verdict,
                    why,
                ]
            )
    return f"{len(picked)} of {len(everything)} findings sampled (seed {seed}) into {out}"


def score(path: Path) -> str:
    """Precision overall and per rule from a reviewed sample."""
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    reviewed = [r for r in rows if r["verdict"] in ("agree", "disagree")]
    if not reviewed:
        return f"{path}: no verdicts yet"
    by_rule: dict[str, list[int]] = {}
    for r in reviewed:
        by_rule.setdefault(r["code"], [0, 0])[0 if r["verdict"] == "agree" else 1] += 1
    agree = sum(v[0] for v in by_rule.values())
    from sowlint.engine import builtin_registry

    registry = builtin_registry()
    on = {c: v for c, v in by_rule.items() if (r := registry.get(c)) is not None and r.default_enabled}
    on_agree, on_total = sum(v[0] for v in on.values()), sum(sum(v) for v in on.values())
    out = [
        f"precision {agree}/{len(reviewed)} = {agree / len(reviewed):.0%} "
        f"({len(rows) - len(reviewed)} not reviewed); rules on by default: "
        f"{on_agree}/{on_total} = {on_agree / max(on_total, 1):.0%}",
        "",
        "| rule | on by default | agree | disagree | precision |",
        "|---|---|---|---|---|",
        *[
            f"| {c} | {'yes' if c in on else 'no'} | {a} | {d} | {a / (a + d):.0%} |"
            for c, (a, d) in sorted(by_rule.items())
        ],
    ]
    return "\n".join(out)


def main() -> int:
    """Command-line entry."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("density")
    d.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    d.add_argument("--markdown")
    d.add_argument("--opt-in", action="store_true", help="include rules that are off by default")
    s = sub.add_parser("sample")
    s.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    s.add_argument("--size", type=int, default=60)
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--out", default=str(HERE / "precision" / "sample.tsv"))
    s.add_argument("--opt-in", action="store_true", help="include rules that are off by default")
    c = sub.add_parser("score")
    c.add_argument("tsv", nargs="?", default=str(HERE / "precision" / "sample.tsv"))
    c.add_argument("--markdown")
    args = ap.parse_args()
    if args.cmd == "density":
        text = density(Path(args.corpus), args.opt_in)
    elif args.cmd == "sample":
        text = sample(Path(args.corpus), args.size, args.seed, Path(args.out), args.opt_in)
    else:
        text = score(Path(args.tsv))
    print(text)
    if getattr(args, "markdown", None):
        Path(args.markdown).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
