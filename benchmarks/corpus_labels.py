"""The labelled corpus that accuracy.py, profiles.py and score.py measure against."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

#: ``../shared/corpus`` beside the repository.
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def read_labels(corpus: Path) -> list[dict[str, str]] | None:
    """The rows of ``corpus/labels.tsv``; None, after one line on stderr, when there is none."""
    labels = corpus / "labels.tsv"
    if not labels.is_file():
        print(f"no labels.tsv in {corpus}", file=sys.stderr)
        return None
    with labels.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))
