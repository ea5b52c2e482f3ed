"""JSON reporter: the stable machine-readable contract (see README, "JSON output")."""

from __future__ import annotations

import json

from sowlint import __version__
from sowlint.reporters import Report
from sowlint.score import score_block


def render(report: Report) -> str:
    """Render the report as indented JSON with sorted, stable content."""
    data = {
        "version": __version__,
        "files": [
            {
                "path": r.path,
                "format": r.format,
                "error": r.error,
                "profile": r.profile,
                "profile_reason": r.profile_reason,
                "suppressed": r.suppressed,
                "score": score_block(r.findings, r.words, report.score_settings) if r.error is None else None,
            }
            for r in report.results
        ],
        "findings": [f.to_json() for f in report.findings],
        "summary": report.summary(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
