"""Benchmark: sowlint's PDF reader (whole Document) against pdfplumber's ``page.extract_text()``.

Usage: ``python benchmarks/pdf_speed.py [--repeat N] [file.pdf ...]`` (defaults to the corpus PDFs).
Both are timed in the same run, interleaved, ``N`` times each; the table gives median seconds and
the speed-up (pdfplumber time / sowlint time).  Prints a markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from sowlint.readers.pdf import read

CORPUS = Path("/work/shared/corpus/docs")
DEFAULTS = [
    CORPUS / "18F__tdrs-app-rfq__DRAFT-RFQ-TDRS.pdf",
    CORPUS / "ustaxcourt__case-management-rfq__Entire_RFQ.pdf",
]


def plumber_text(path: Path) -> int:
    """Extract the text of every page with pdfplumber; return the character count."""
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def sowlint_read(path: Path) -> int:
    """Read the file into a Document with sowlint's PDF reader; return the block count."""
    return len(read(path, str(path)).all_blocks())


def timed(fn: Callable[[Path], int], path: Path) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    fn(path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="PDF files (default: the corpus PDFs)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per tool and file (default 5)")
    args = parser.parse_args(argv)
    files = args.files or [p for p in DEFAULTS if p.exists()]
    if not files:
        print("no PDF files given and the corpus is absent", file=sys.stderr)
        return 2
    # warm up imports and file caches once, outside the timings
    plumber_text(files[0])
    sowlint_read(files[0])
    print("| file | pages | pdfplumber extract_text (s) | sowlint read (s) | speed-up |")
    print("|---|---:|---:|---:|---:|")
    total_p = total_s = 0.0
    for path in files:
        plumber_times: list[float] = []
        sowlint_times: list[float] = []
        for _ in range(args.repeat):
            plumber_times.append(timed(plumber_text, path))
            sowlint_times.append(timed(sowlint_read, path))
        p, s = statistics.median(plumber_times), statistics.median(sowlint_times)
        total_p += p
        total_s += s
        pages = read(path, str(path)).pages
        print(f"| {path.name} | {pages} | {p:.3f} | {s:.3f} | {p / s:.1f}x |")
    print(f"| **total** | | {total_p:.3f} | {total_s:.3f} | {total_p / total_s:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
