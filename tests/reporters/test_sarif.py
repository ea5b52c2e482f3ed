"""SARIF: valid against the SARIF 2.1.0 schema, rules from the registry, regions only where lines are known.

The schema file beside this module is a copy of ``../shared/schemas/sarif-schema-2.1.0.json``
(the OASIS SARIF 2.1.0 JSON schema, published for anyone to validate against) so the test runs
where the shared folder is absent.  That copy keeps the root object's constraints under
``definitions/Root``; :func:`validator` validates against that definition, and a test checks the
validator rejects invalid logs, so a validation that checks nothing cannot pass unnoticed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from sowlint.engine import Engine, Registry, Settings, builtin_registry
from sowlint.reporters import Report
from sowlint.reporters.sarif import FINGERPRINT_KEY, render
from tests.conftest import EXAMPLES, ROOT
from tests.reporters.conftest import HERE, SELECTED, make_report

SCHEMA_COPY = HERE / "sarif-schema-2.1.0.json"
SHARED_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def validator(schema_path: Path = SCHEMA_COPY) -> Draft7Validator:
    """A draft-07 validator for SARIF logs, rooted at ``definitions/Root`` when the file puts it there."""
    schema: dict[str, Any] = json.loads(schema_path.read_text(encoding="utf-8"))
    if "properties" not in schema and "Root" in schema.get("definitions", {}):
        schema = {**schema, "$ref": "#/definitions/Root"}
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(log: dict[str, Any], v: Draft7Validator | None = None) -> list[str]:
    """Schema violations of ``log``, as readable strings."""
    v = v or validator()
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(log)]


def test_copied_schema_is_the_shared_one() -> None:
    if not SHARED_SCHEMA.exists():
        pytest.skip("../shared/schemas is not beside the checkout")
    assert SCHEMA_COPY.read_bytes() == SHARED_SCHEMA.read_bytes()


def test_log_is_valid_sarif(report: Report, registry: Registry) -> None:
    log = json.loads(render(report, registry))
    assert errors(log) == []


def test_validator_rejects_invalid_logs(report: Report, registry: Registry) -> None:
    log = json.loads(render(report, registry))
    no_version = {k: v for k, v in log.items() if k != "version"}
    bad_level = copy.deepcopy(log)
    bad_level["runs"][0]["results"][0]["level"] = "fatal"
    bad_line = copy.deepcopy(log)
    located = next(
        r for r in bad_line["runs"][0]["results"] if "region" in r["locations"][0]["physicalLocation"]
    )
    located["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    unknown_key = copy.deepcopy(log)
    unknown_key["runs"][0]["tool"]["driver"]["rules"][0]["severity"] = "error"
    for broken in (no_version, bad_level, bad_line, unknown_key):
        assert errors(broken), "the schema validation accepted an invalid SARIF log"


def test_driver_lists_every_registry_rule_and_results_point_at_them(report: Report) -> None:
    full = builtin_registry()  # more rules than ran: metadata comes from the registry, not findings
    log = json.loads(render(report, full))
    assert errors(log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in full.rules]
    fired = {f.code for f in report.findings}
    assert any(r["id"] not in fired for r in rules)
    for descriptor, rule in zip(rules, full.rules, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning"}.get(
            rule.severity.value, "note"
        )
        assert descriptor["properties"]["tags"] == list(rule.tags)
    results = run["results"]
    assert len(results) == len(report.findings)
    for res, finding in zip(results, report.findings, strict=True):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == finding.code
        assert res["partialFingerprints"] == {FINGERPRINT_KEY: finding.fingerprint}
        assert res["message"]["text"] == finding.message


def test_regions_only_where_lines_are_known(report: Report, registry: Registry) -> None:
    results = json.loads(render(report, registry))["runs"][0]["results"]
    for res, finding in zip(results, report.findings, strict=True):
        loc = res["locations"][0]
        region = loc["physicalLocation"].get("region")
        if finding.location.line is None:
            assert region is None
        else:
            assert region["startLine"] == finding.location.line
            assert region.get("startColumn") == finding.location.column
        logical = loc["logicalLocations"][0]
        if finding.location.section:
            assert logical["fullyQualifiedName"] == " > ".join(finding.location.section)
            assert logical["name"] == finding.location.section[-1]
        else:
            assert logical["name"] == "(document)"
    by_path = {f.path for f in report.findings if f.location.line is None and f.location.section}
    assert {"examples/deficient-sow.docx", "examples/deficient-sow.pdf"} <= by_path
    docx = [
        r
        for r, f in zip(results, report.findings, strict=True)
        if f.path.endswith(".docx") and f.location.section
    ]
    assert docx and all("block" in r["properties"] for r in docx)
    pdf = [
        r
        for r, f in zip(results, report.findings, strict=True)
        if f.path.endswith(".pdf") and f.location.section
    ]
    assert pdf and all(r["properties"]["page"] >= 1 for r in pdf)


def test_folded_occurrences_are_related_locations(report: Report, registry: Registry) -> None:
    results = json.loads(render(report, registry))["runs"][0]["results"]
    folded = [(r, f) for r, f in zip(results, report.findings, strict=True) if f.count > 1]
    assert folded, "the deficient example folds repeated placeholders in a table row"
    for res, finding in folded:
        assert len(res["relatedLocations"]) == len(finding.occurrences) - 1
        assert res["properties"]["count"] == finding.count


def test_unreadable_file_is_a_result_and_a_notification(report: Report, registry: Registry) -> None:
    run = json.loads(render(report, registry))["runs"][0]
    unreadable = [r for r in run["results"] if r["ruleId"] == "SOW001"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in unreadable] == [
        "tests/fixtures/docx/truncated.docx"
    ]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "truncated.docx" in notes[0]["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_paths_become_uri_references(registry: Registry, tmp_path: Path) -> None:
    engine = Engine(registry=registry, settings=Settings(select=SELECTED))
    shown = "drafts/Q3 50%, v2: final.md"
    result = engine.check_file(EXAMPLES / "deficient-sow.md", shown)
    absolute = engine.check_file(EXAMPLES / "deficient-sow.md", str(EXAMPLES / "deficient-sow.md"))
    log = json.loads(render(make_report([result, absolute]), registry))
    assert errors(log) == []
    uris = {
        (loc["uri"], loc.get("uriBaseId"))
        for r in log["runs"][0]["results"]
        for loc in [r["locations"][0]["physicalLocation"]["artifactLocation"]]
    }
    assert uris == {
        ("drafts/Q3%2050%25%2C%20v2%3A%20final.md", "%SRCROOT%"),
        ((EXAMPLES / "deficient-sow.md").as_uri(), None),
    }
