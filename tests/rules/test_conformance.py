"""Conformance over the rule registry: codes, names, docs, and every documented example really
fails or passes."""

from __future__ import annotations

import re

import pytest

from sowlint.engine import builtin_registry
from tests.conftest import EXAMPLES

RULES = builtin_registry().rules


def test_codes_and_names_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for r in RULES:
        assert re.fullmatch(r"[A-Z]{2,5}\d{3}", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name


def test_public_contract_codes_present() -> None:
    expected = {
        "SOW001": "unreadable-document",
        "SOW002": "no-text-layer",
        "SOW003": "no-structure",
        "SOW101": "missing-assumptions",
        "SOW102": "missing-exclusions",
        "SOW103": "missing-acceptance-criteria",
        "SOW104": "missing-dependencies",
        "SOW105": "missing-deliverables",
        "SOW106": "missing-schedule",
        "SOW107": "missing-pricing",
        "SOW108": "missing-change-control",
        "SOW109": "missing-roles",
        "SOW110": "missing-objectives",
        "SOW111": "empty-section",
        "SOW112": "placeholder-text",
        "SOW113": "missing-performance-standards",
        "SOW114": "missing-government-furnished-items",
        "SOW004": "unused-suppression",
        "SOW201": "vague-term",
        "SOW202": "open-ended-scope",
        "SOW203": "weak-commitment",
        "SOW204": "unassigned-responsibility",
        "SOW205": "undefined-acronym",
        "SOW206": "inconsistent-party-name",
        "SOW207": "escape-clause",
        "SOW301": "unmeasurable-criterion",
        "SOW302": "deliverable-without-acceptance",
        "SOW303": "missing-acceptance-period",
        "SOW304": "dependency-without-owner-or-date",
        "SOW305": "assumption-without-change-path",
        "SOW401": "pricing-total-mismatch",
        "SOW402": "rate-times-hours-mismatch",
        "SOW403": "payment-schedule-mismatch",
        "SOW404": "uncapped-time-and-materials",
        "SOW405": "schedule-inconsistency",
        "SOW406": "mixed-currency",
        "SOW407": "effort-exceeds-capacity",
        "SOW408": "estimate-below-history",
        "SOW409": "fixed-fee-open-scope",
    }
    have = {r.code: r.name for r in RULES}
    for code, name in expected.items():
        assert have.get(code) == name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule) -> None:
    assert rule.summary and rule.why
    assert rule.fail_examples and rule.pass_examples


MARKDOWN_RULES = [r for r in RULES if r.code not in ("SOW001", "SOW002")]
#: Rules whose examples need another rule to run beside them (unused-suppression needs the rule it waives).
COMPANIONS = {"SOW004": ("SOW112",)}
#: Rules whose examples need delivery history (SOW408 compares estimates with it).
HISTORIES = {"SOW408": EXAMPLES / "history" / "delivery-history.csv"}


def run_example(rule, example: str) -> set[str]:
    """Codes found on a markdown example with the rule (and its companions, and history) selected."""
    from sowlint.testing import check

    codes = [rule.code, *COMPANIONS.get(rule.code, ())]
    return {f.code for f in check(example, select=codes, history=HISTORIES.get(rule.code))}


@pytest.mark.parametrize("rule", MARKDOWN_RULES, ids=lambda r: r.code)
def test_fail_examples_fire(rule) -> None:
    for example in rule.fail_examples:
        if rule.code == "SOW003":
            example = " ".join(["The vendor will build the portal for the client."] * 40)
        codes = run_example(rule, example)
        assert rule.code in codes, f"{rule.code} did not fire on: {example!r}"


@pytest.mark.parametrize("rule", MARKDOWN_RULES, ids=lambda r: r.code)
def test_pass_examples_pass(rule) -> None:
    for example in rule.pass_examples:
        codes = run_example(rule, example)
        assert rule.code not in codes, f"{rule.code} fired on passing example: {example!r}"
