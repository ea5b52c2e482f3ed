"""Reporters: turn check results into text for people or JSON for tools; one module per format."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sowlint.engine import FileResult
from sowlint.findings import Finding, Severity


@dataclass(frozen=True)
class Report:
    """Everything a reporter needs: per-file results, the failure threshold and the exit code."""

    results: list[FileResult]
    fail_on: Severity
    exit_code: int
    baselined: int = 0
    baseline_stale: int = 0
    show_profile: bool = False
    #: readiness-score settings (``[score]``) for the JSON ``score`` block; None means the defaults
    score_settings: Any = None

    @property
    def findings(self) -> list[Finding]:
        """All findings, in file then document order."""
        return [f for r in self.results for f in r.findings]

    def summary(self) -> dict[str, Any]:
        """Counts for the summary line and the JSON ``summary`` block."""
        by_sev = Counter(f.severity.value for f in self.findings)
        by_code = Counter(f.code for f in self.findings)
        return {
            "files": len(self.results),
            "files_with_errors": sum(1 for r in self.results if r.error),
            "findings": len(self.findings),
            "errors": by_sev.get("error", 0),
            "warnings": by_sev.get("warning", 0),
            "infos": by_sev.get("info", 0),
            "by_code": dict(sorted(by_code.items())),
            "suppressed": sum(r.suppressed for r in self.results),
            "baselined": self.baselined,
            "fail_on": self.fail_on.value,
            "exit_code": self.exit_code,
        }
