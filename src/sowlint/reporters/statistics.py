"""``--statistics``: how many findings each rule produced, most frequent first (as ``ruff --statistics``)."""

from __future__ import annotations

import json
from typing import Any

from sowlint.reporters import Report


def statistics(report: Report) -> list[dict[str, Any]]:
    """One entry per rule that found something: code, name, count; by count (desc) then code."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for f in report.findings:
        counts[f.code] = counts.get(f.code, 0) + 1
        names.setdefault(f.code, f.name)
    order = sorted(counts, key=lambda code: (-counts[code], code))
    return [{"code": code, "name": names[code], "count": counts[code]} for code in order]


def render_statistics(report: Report) -> str:
    """Aligned text columns: count, code, name; ``No findings.`` when there are none."""
    rows = statistics(report)
    if not rows:
        return "No findings.\n"
    count_w = max(len(str(r["count"])) for r in rows)
    code_w = max(len(r["code"]) for r in rows)
    return "".join(f"{r['count']:>{count_w}}  {r['code']:<{code_w}}  {r['name']}\n" for r in rows)


def render_statistics_json(report: Report) -> str:
    """The statistics as a JSON array of ``{"code", "name", "count"}`` objects."""
    return json.dumps(statistics(report), indent=2, ensure_ascii=False) + "\n"
