"""How well ``profile = "auto"`` picks a profile, and what it does to completeness findings.

Usage: python benchmarks/profiles.py [CORPUS_DIR] [--markdown FILE]

The corpus labels each document's type (``doc_type`` in labels.tsv).  Expected profile: ``pws``
for gov-sow/pws, rfq/rfp, soo and qasp; ``vendor-sow`` for vendor-sow; ``proposal`` for proposal;
template and other are reported but not scored (a template can be either).  It also counts how
many documents get the "missing section" findings (SOW101-SOW114) under the fixed vendor-sow
profile and under auto, so the effect of profiles on noise is a number, not a claim.
Reproducible: no randomness, no network.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from corpus_labels import DEFAULT_CORPUS, read_labels

from sowlint.config import Config, cli_layer
from sowlint.engine import Engine

EXPECTED = {
    "gov-sow/pws": "pws",
    "rfq/rfp": "pws",
    "soo": "pws",
    "qasp": "pws",
    "vendor-sow": "vendor-sow",
    "proposal": "proposal",
}
MISSING = [f"SOW1{n:02d}" for n in range(1, 15) if n not in (11, 12)]


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
    fixed = Engine(config=Config((), cli_layer(profile="vendor-sow"), plugins=False))
    auto = Engine(config=Config((), cli_layer(profile="auto"), plugins=False))
    right = scored = 0
    lines = ["| document | doc_type | auto picked | why | expected |", "|---|---|---|---|---|"]
    fired_fixed: Counter[str] = Counter()
    fired_auto: Counter[str] = Counter()
    for row in rows:
        path = corpus / "docs" / row["file"]
        a = auto.check_file(path, row["file"])
        f = fixed.check_file(path, row["file"])
        fired_fixed.update({x.code for x in f.findings if x.code in MISSING})
        fired_auto.update({x.code for x in a.findings if x.code in MISSING})
        want = EXPECTED.get(row["doc_type"])
        mark = ""
        if want is not None:
            scored += 1
            ok = a.profile == want
            right += ok
            mark = want if ok else f"**{want}** (wrong)"
        lines.append(f"| {row['file']} | {row['doc_type']} | {a.profile} | {a.profile_reason} | {mark} |")
    out = [
        f"auto profile right on {right} of {scored} scored documents ({right / max(scored, 1):.0%}); "
        f"{len(rows) - scored} templates/other not scored.",
        "",
        "Documents with each 'missing section' finding, fixed vendor-sow profile vs auto:",
        "",
        "| rule | vendor-sow | auto |",
        "|---|---|---|",
        *[f"| {c} | {fired_fixed[c]} | {fired_auto[c]} |" for c in MISSING],
        "",
        *lines,
    ]
    text = "\n".join(out)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
