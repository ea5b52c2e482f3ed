"""Markdown reporter: a summary to post as a pull-request or merge-request comment.

A heading, the result and the summary line, then one table per file (folded into ``<details>``
when the file has many findings), at most ``max_rows`` rows in all and a line saying how many
more there are.  Document text in cells is escaped so it cannot break the table or render as
markup, HTML or math.
"""

from __future__ import annotations

import html
import re

from sowlint.engine import FileResult, Registry
from sowlint.findings import Finding
from sowlint.reporters import Report
from sowlint.reporters._common import count_suffix, plain_summary, posix_path

MAX_ROWS = 50
COLLAPSE_AT = 10

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_WS = re.compile(r"\s+")


def escape_cell(text: str) -> str:
    """Text safe inside a GitHub/GitLab table cell: one line, HTML and markdown punctuation escaped."""
    one_line = _WS.sub(" ", text).strip()
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def code_span(text: str) -> str:
    """``text`` as an inline code span, fenced with more backticks than it contains."""
    one_line = _WS.sub(" ", text).strip()
    runs = [len(m) for m in re.findall(r"`+", one_line)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


def _counts(findings: list[Finding]) -> str:
    n = len(findings)
    return f"{n} finding{'s' if n != 1 else ''}"


def _row(f: Finding) -> str:
    cells = [
        f.severity.value,
        escape_cell(f.location.describe()),
        f"{code_span(f.code)} {escape_cell(f.name)}",
        escape_cell(f"{f.message}{count_suffix(f)}"),
    ]
    return "| " + " | ".join(cells) + " |"


def _status(report: Report) -> str:
    if report.exit_code == 0:
        return "**Result: passed.**"
    if report.exit_code == 1:
        return f"**Result: failed** (findings at {report.fail_on.value} or above)."
    return "**Result: error** (some input could not be checked)."


def _file_block(result: FileResult, rows: list[str], total: int) -> list[str]:
    path = posix_path(result.path)
    table = ["| Severity | Where | Rule | Message |", "| --- | --- | --- | --- |", *rows]
    if len(rows) < total:
        table.append("")
        table.append(f"…and {total - len(rows)} more in this file.")
    if total > COLLAPSE_AT:
        summary = f"<summary><code>{html.escape(path)}</code>: {_counts(result.findings)}</summary>"
        return ["<details>", summary, "", *table, "", "</details>", ""]
    return [f"### {code_span(path)}: {_counts(result.findings)}", "", *table, ""]


def render(report: Report, registry: Registry, *, max_rows: int = MAX_ROWS) -> str:
    """Render a pull-request comment: result, summary, per-file tables capped at ``max_rows`` rows."""
    del registry  # each finding carries its code and name
    lines = ["## sowlint", "", _status(report), "", escape_cell(plain_summary(report)), ""]
    left = max_rows
    hidden = 0
    unlisted: list[str] = []
    for result in report.results:
        if not result.findings:
            continue
        shown = result.findings[: max(left, 0)]
        left -= len(shown)
        hidden += len(result.findings) - len(shown)
        if shown:
            lines.extend(_file_block(result, [_row(f) for f in shown], len(result.findings)))
        else:
            unlisted.append(f"- {code_span(posix_path(result.path))}: {_counts(result.findings)}")
    if hidden:
        lines.append(
            f"…and {hidden} more finding{'s' if hidden != 1 else ''} not shown "
            f"(this comment lists the first {max_rows})."
        )
        lines.append("")
    if unlisted:
        lines.extend(["Files not shown above:", "", *unlisted, ""])
    return "\n".join(lines).rstrip("\n") + "\n"
