"""Does the readiness score rank sensibly?  Scores of the examples and of the labelled corpus.

Usage: python benchmarks/score.py [CORPUS_DIR] [--markdown FILE]   (default FILE: benchmarks/score.md)

Every document is checked with ``profile = "auto"`` and the default score settings (no
configuration file).  It shows that ``examples/complete-sow.*`` scores well above
``examples/deficient-sow.*`` in every format, and compares, for each boundary label of
``labels.tsv`` (assumptions, exclusions, acceptance), the mean score of the documents labelled
``n`` (missing) with those labelled ``y`` (present); ``u`` labels are left out.  Reproducible: no
randomness, no network.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from statistics import mean

from corpus_labels import DEFAULT_CORPUS, read_labels

from sowlint.config import Config, cli_layer
from sowlint.engine import Engine
from sowlint.readers import ReadError, read_document
from sowlint.score import CATEGORIES, Scorecard, score_document

KINDS = ("assumptions", "exclusions", "acceptance")


def _score(engine: Engine, path: Path, shown: str) -> Scorecard:
    """Check and score one file."""
    try:
        doc = read_document(path, shown)
    except ReadError:
        return score_document(engine.check_file(path, shown).findings, path=shown)
    result = engine.run_document(doc)
    return score_document(result.findings, words=doc.word_count(), path=shown)


def _row(card: Scorecard, extra: str = "") -> str:
    subs = " | ".join(f"{card.categories[c]:.1f}" for c in CATEGORIES)
    return f"| {card.path} | {extra}{card.total:.1f} | {card.grade} | {subs} |"


def _fmt(values: list[float]) -> str:
    return f"{mean(values):.1f} (n={len(values)})" if values else "- (n=0)"


def main() -> int:
    """Score the examples and the corpus; print and write a markdown report."""
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--markdown", default=str(here / "score.md"), help="write the report to this file")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    rows = read_labels(corpus)
    if rows is None:
        return 2
    engine = Engine(config=Config((), cli_layer(profile="auto"), plugins=False))
    head = "| document | {}score | grade | " + " | ".join(CATEGORIES) + " |"
    rule = "|---|{}---:|:---:|" + "---:|" * len(CATEGORIES)

    examples = here.parent / "examples"
    ex_cards = [
        _score(engine, examples / f"{name}-sow.{ext}", f"examples/{name}-sow.{ext}")
        for name in ("complete", "deficient")
        for ext in ("md", "docx", "pdf", "yaml")
    ]
    complete = [c.total for c in ex_cards if "complete" in (c.path or "")]
    deficient = [c.total for c in ex_cards if "deficient" in (c.path or "")]

    corpus_lines = []
    by_label: dict[str, dict[str, list[float]]] = {k: {"y": [], "n": []} for k in KINDS}
    all_present: list[float] = []
    some_missing: list[float] = []
    both: list[float] = []
    either_missing: list[float] = []
    for row in rows:
        card = _score(engine, corpus / "docs" / row["file"], row["file"])
        marks = "".join(row[k] for k in KINDS)
        corpus_lines.append(_row(card, f"{marks} | "))
        for k in KINDS:
            if row[k] in ("y", "n"):
                by_label[k][row[k]].append(card.total)
        if all(row[k] == "y" for k in KINDS):
            all_present.append(card.total)
        elif any(row[k] == "n" for k in KINDS):
            some_missing.append(card.total)
        if row["exclusions"] == row["acceptance"] == "y":
            both.append(card.total)
        elif "n" in (row["exclusions"], row["acceptance"]):
            either_missing.append(card.total)

    out = [
        "# Readiness score on the examples and the corpus",
        "",
        "`python benchmarks/score.py` (profile auto, default score settings).",
        "",
        f"Examples: complete-sow scores {min(complete):.1f}-{max(complete):.1f}, deficient-sow "
        f"{min(deficient):.1f}-{max(deficient):.1f} (md, docx, pdf, yaml).",
        "",
        "Corpus: mean score by label (y = the document has it, n = it is missing; u left out):",
        "",
        "| label | mean when present (y) | mean when missing (n) |",
        "|---|---:|---:|",
        *[f"| {k} | {_fmt(by_label[k]['y'])} | {_fmt(by_label[k]['n'])} |" for k in KINDS],
        f"| all three present vs at least one missing | {_fmt(all_present)} | {_fmt(some_missing)} |",
        f"| exclusions and acceptance both present vs either missing | {_fmt(both)} "
        f"| {_fmt(either_missing)} |",
        "",
        "## Examples",
        "",
        head.format(""),
        rule.format(""),
        *[_row(c) for c in ex_cards],
        "",
        "## Corpus",
        "",
        "Labels column: assumptions, exclusions, acceptance (y/n/u).",
        "",
        head.format("labels | "),
        rule.format(":---:|"),
        *corpus_lines,
    ]
    text = "\n".join(out) + "\n"
    print(text)
    Path(args.markdown).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
