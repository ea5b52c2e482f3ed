"""SARIF 2.1.0 reporter for code-scanning tools (GitHub code scanning, Azure DevOps, IDE viewers).

One run; the driver lists every rule of the registry (metadata from the registry, never from a
finding).  A result has a physical region only where a line is known (markdown, text, yaml) and
always a logical location naming the section path; docx and pdf positions (page, paragraph,
table, row, cell) go in the result's ``properties``.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from sowlint import __version__
from sowlint.engine import Registry
from sowlint.findings import Finding, Rule, Severity
from sowlint.model import Location
from sowlint.reporters import Report
from sowlint.reporters._common import posix_path

SCHEMA_URI = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "sowlint/v1"
SRCROOT = "%SRCROOT%"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_POSITION_FIELDS = ("page", "block", "table", "row", "cell")


def level(severity: Severity) -> str:
    """The SARIF level of a severity: error, warning or note."""
    return _LEVEL[severity]


def artifact_location(path: str) -> dict[str, Any]:
    """A relative path as a ``%SRCROOT%``-based URI reference; an absolute path as a file URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": pure.as_uri()}
    return {"uri": quote(posix_path(path), safe="/"), "uriBaseId": SRCROOT}


def _multiformat(text: str) -> dict[str, str] | None:
    return {"text": text} if text.strip() else None


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    """The reportingDescriptor of one rule: id, name, descriptions, default level, tags."""
    out: dict[str, Any] = {"id": rule.code, "name": rule.name}
    short = _multiformat(rule.summary)
    full = _multiformat(rule.why)
    if short:
        out["shortDescription"] = short
    if full:
        out["fullDescription"] = full
    out["help"] = {"text": f"{rule.why.strip()}\n\nDetails and examples: sowlint rule {rule.code}".strip()}
    out["defaultConfiguration"] = {"enabled": rule.default_enabled, "level": level(rule.severity)}
    out["properties"] = {"tags": list(rule.tags), "origin": rule.origin}
    return out


def _logical(loc: Location) -> dict[str, Any]:
    if not loc.section:
        return {"name": "(document)", "kind": "module"}
    return {"name": loc.section[-1], "fullyQualifiedName": " > ".join(loc.section), "kind": "namespace"}


def _region(loc: Location) -> dict[str, int] | None:
    if loc.line is None or loc.line < 1:
        return None
    region = {"startLine": loc.line}
    if loc.column is not None and loc.column >= 1:
        region["startColumn"] = loc.column
    if loc.end_line is not None and loc.end_line >= loc.line:
        region["endLine"] = loc.end_line
    return region


def sarif_location(path: str, loc: Location) -> dict[str, Any]:
    """A SARIF location: the file (with a region where a line is known) and the section path."""
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path)}
    region = _region(loc)
    if region is not None:
        physical["region"] = region
    return {"physicalLocation": physical, "logicalLocations": [_logical(loc)]}


def _positions(loc: Location) -> dict[str, int]:
    return {name: value for name in _POSITION_FIELDS if (value := getattr(loc, name)) is not None}


def result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    """One SARIF result for a finding."""
    out: dict[str, Any] = {"ruleId": finding.code}
    if finding.code in rule_index:
        out["ruleIndex"] = rule_index[finding.code]
    out["level"] = level(finding.severity)
    out["message"] = {"text": finding.message}
    out["locations"] = [sarif_location(finding.path, finding.location)]
    if len(finding.occurrences) > 1:
        related = []
        for n, occ in enumerate(finding.occurrences[1:], start=1):
            item = sarif_location(finding.path, occ)
            item["id"] = n
            item["message"] = {"text": f"Occurrence {n + 1} of {len(finding.occurrences)}"}
            related.append(item)
        out["relatedLocations"] = related
    out["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    props: dict[str, Any] = {"severity": finding.severity.value, **_positions(finding.location)}
    if finding.location.section:
        props["section"] = list(finding.location.section)
    if finding.count > 1:
        props["count"] = finding.count
    if finding.excerpt is not None:
        props["excerpt"] = finding.excerpt
    out["properties"] = props
    return out


def render(report: Report, registry: Registry) -> str:
    """Render the report as a SARIF 2.1.0 log (indented JSON, stable order, no timestamps)."""
    rule_index = {r.code: i for i, r in enumerate(registry.rules)}
    notifications = []
    for r in report.results:
        if r.error is None:
            continue
        note: dict[str, Any] = {
            "level": "error",
            "message": {"text": f"Cannot read {r.path}: {r.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(r.path)}}],
        }
        if "SOW001" in rule_index:
            note["associatedRule"] = {"id": "SOW001", "index": rule_index["SOW001"]}
        notifications.append(note)
    invocation: dict[str, Any] = {
        "executionSuccessful": report.exit_code in (0, 1),
        "exitCode": report.exit_code,
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {
            "driver": {
                "name": "sowlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(r) for r in registry.rules],
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [result(f, rule_index) for f in report.findings],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
