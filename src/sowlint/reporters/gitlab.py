"""GitLab Code Quality reporter: the JSON array a merge request's code-quality widget reads.

Each issue has ``description``, ``check_name`` (the rule code), a ``fingerprint`` unique in the
report (the finding's fingerprint hashed with its path), a GitLab ``severity`` and a
``location`` with ``path`` and ``lines.begin`` (1 where no line is known: docx, pdf, the whole
document; such a description names the page and section instead).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sowlint.engine import Registry
from sowlint.findings import Finding, Severity
from sowlint.reporters import Report
from sowlint.reporters._common import count_suffix, place_suffix, posix_path

#: GitLab's scale is info, minor, major, critical, blocker.
_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def severity(sev: Severity) -> str:
    """The GitLab Code Quality severity of a sowlint severity."""
    return _SEVERITY[sev]


def fingerprint(finding: Finding, salt: int = 0) -> str:
    """A report-wide unique key: the finding fingerprint hashed with the file's path."""
    key = f"{posix_path(finding.path)}\x1f{finding.fingerprint}"
    if salt:
        key += f"\x1f{salt}"
    return hashlib.sha256(key.encode()).hexdigest()


def issue(finding: Finding, key: str) -> dict[str, Any]:
    """One Code Quality issue for a finding."""
    line = finding.location.line
    return {
        "description": (
            f"{finding.code} {finding.name}: {finding.message}{count_suffix(finding)}{place_suffix(finding)}"
        ),
        "check_name": finding.code,
        "fingerprint": key,
        "severity": severity(finding.severity),
        "location": {
            "path": posix_path(finding.path),
            "lines": {"begin": line if line is not None and line >= 1 else 1},
        },
    }


def render(report: Report, registry: Registry) -> str:
    """Render the findings as a GitLab Code Quality JSON array."""
    del registry  # each finding carries its code and name
    seen: set[str] = set()
    issues = []
    for f in report.findings:
        salt = 0
        key = fingerprint(f)
        while key in seen:  # only if two findings ever shared a fingerprint and a path
            salt += 1
            key = fingerprint(f, salt)
        seen.add(key)
        issues.append(issue(f, key))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
