"""Helpers the CI-facing reporters share: stable paths, a plain summary line, rule lookups."""

from __future__ import annotations

from pathlib import PurePath

from rich.text import Text

from sowlint.engine import Registry
from sowlint.findings import Finding, Rule
from sowlint.reporters import Report


def posix_path(path: str) -> str:
    """The path with forward slashes and no leading ``./``, as CI systems match repository files."""
    out = PurePath(path).as_posix()
    while out.startswith("./"):
        out = out[2:]
    return out


def plain_summary(report: Report) -> str:
    """The text reporter's summary line without markup."""
    from sowlint.reporters.text import summary_line

    return Text.from_markup(summary_line(report)).plain


def count_suffix(finding: Finding) -> str:
    """`` (x3)`` when a finding folds several occurrences, as the text reporter shows it."""
    return f" (x{finding.count})" if finding.count > 1 else ""


def place_suffix(finding: Finding) -> str:
    """`` (p. 4, §3.2 Deliverables)`` where no line is known (docx, pdf); empty otherwise."""
    if finding.location.line is not None:
        return ""
    where = finding.location.describe()
    return "" if where == "document" else f" ({where})"


def rules_by_code(registry: Registry) -> dict[str, type[Rule]]:
    """The registry's rules keyed by code."""
    return {r.code: r for r in registry.rules}
