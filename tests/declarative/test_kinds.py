"""Declarative rule kinds section-must-contain, table-columns, occurrence and conditional on real markdown,
the loader's errors for bad rule files, and the showcase rules in examples/rules/."""

from __future__ import annotations

import time
from pathlib import Path
from textwrap import dedent

import pytest

from sowlint.declarative import DeclarativeRule, RuleFileError, load_rule_dir, load_rule_file
from sowlint.engine import Engine, Registry, Settings, builtin_registry
from sowlint.findings import Finding
from sowlint.readers.markdown import parse_markdown
from tests.conftest import EXAMPLES

RULE_EXAMPLES = EXAMPLES / "rules"


def load(tmp_path: Path, yaml_text: str, name: str = "rule.yaml") -> type[DeclarativeRule]:
    """Write a rule file and load it with the real loader."""
    path = tmp_path / name
    path.write_text(dedent(yaml_text), encoding="utf-8")
    return load_rule_file(path, origin="test")


def run(rule: type[DeclarativeRule], markdown: str) -> list[Finding]:
    """Run only ``rule`` (registered beside the built-in rules) over markdown text through the engine."""
    registry = Registry((*builtin_registry().rules, rule))
    engine = Engine(registry=registry, settings=Settings(select=(rule.code,)))
    return engine.check_document(parse_markdown(dedent(markdown), "case.md"))


# --- section-must-contain ------------------------------------------------------------------------

REVIEW_PERIOD = """
    code: ACME910
    name: review-period
    kind: section-must-contain
    message: "'{section}' states no review period."
    section-kind: acceptance
    ignorecase: true
    patterns: ['\\b\\d+\\s+(?:business |working |calendar )?days?\\b']
"""


def test_section_must_contain_fires_on_acceptance_without_period(tmp_path: Path) -> None:
    rule = load(tmp_path, REVIEW_PERIOD)
    md = """
        # SOW

        ## Scope

        We migrate 40 reports.

        ## Acceptance

        The client reviews each deliverable and accepts it in writing.
        """
    found = run(rule, md)
    assert [(f.code, f.message, f.location.line) for f in found] == [
        ("ACME910", "'Acceptance' states no review period.", 8)
    ]


@pytest.mark.parametrize(
    "body",
    [
        "The client reviews each deliverable within 10 business days.",
        # the period stands in a table cell
        "| Step | Time |\n|---|---|\n| Review | 5 Working Days |",
        # the period stands in a subsection (which has no acceptance kind of its own)
        "The client reviews each deliverable.\n\n### Timing\n\nWritten notice within 7 days.",
    ],
)
def test_section_must_contain_passes(tmp_path: Path, body: str) -> None:
    rule = load(tmp_path, REVIEW_PERIOD)
    assert run(rule, f"# SOW\n\n## Acceptance\n\n{body}\n") == []


def test_section_must_contain_checks_outermost_matching_section_only(tmp_path: Path) -> None:
    rule = load(tmp_path, REVIEW_PERIOD)
    nested = """
        ## 6. Acceptance

        ### 6.1 Acceptance Criteria

        - Every report matches the legacy totals.

        ### 6.2 Acceptance Process

        The client signs off within 10 business days.
        """
    # 6.1 says nothing about time, but the acceptance section it belongs to does.
    assert run(rule, nested) == []
    without = nested.replace("within 10 business days", "when satisfied")
    found = run(rule, without)
    assert [(f.message, f.location.line) for f in found] == [("'Acceptance' states no review period.", 2)]


def test_section_must_contain_ignores_absent_and_empty_sections(tmp_path: Path) -> None:
    rule = load(tmp_path, REVIEW_PERIOD)
    assert run(rule, "## Scope\n\nWe migrate 40 reports.\n") == []
    assert run(rule, "## Scope\n\nWe migrate 40 reports.\n\n## Acceptance\n\n## Fees\n\nUSD 1.\n") == []


WARRANTY = """
    code: ACME911
    name: warranty-terms
    kind: section-must-contain
    message: "{section} lacks: {missing}"
    title: "(?i)warrant"
    require: all
    tokens: ["defect", "remedy"]
    patterns: ['\\b\\d+\\s+days\\b']
"""


def test_section_must_contain_require_all_lists_missing(tmp_path: Path) -> None:
    rule = load(tmp_path, WARRANTY)
    found = run(rule, "## Warranty\n\nThe vendor will fix any defect reported.\n")
    assert [f.message for f in found] == ["Warranty lacks: remedy, \\b\\d+\\s+days\\b"]
    assert run(rule, "## Warranty\n\nThe vendor will remedy any defect reported within 30 days.\n") == []


def test_section_must_contain_require_any_is_the_default(tmp_path: Path) -> None:
    rule = load(tmp_path, WARRANTY.replace("    require: all\n", ""))
    assert rule.spec.require == "any"  # type: ignore[attr-defined]
    assert run(rule, "## Warranty\n\nThe vendor will fix any defect reported.\n") == []
    assert len(run(rule, "## Warranty\n\nThe vendor will fix issues.\n")) == 1


# --- table-columns ---------------------------------------------------------------------------------

PAYMENT_COLUMNS = """
    code: ACME920
    name: payment-columns
    kind: table-columns
    message: "Payment table lacks {missing}."
    header: "milestone|payment"
    columns:
      - name: Amount
        pattern: "amount|fee|usd"
      - "due|date"
"""


def test_table_columns_fires_with_column_names(tmp_path: Path) -> None:
    rule = load(tmp_path, PAYMENT_COLUMNS)
    md = """
        ## Payments

        Invoices follow milestones.

        | Milestone | Percent |
        |---|---|
        | Kick-off | 20% |
        """
    found = run(rule, md)
    assert [(f.message, f.location.line, f.excerpt) for f in found] == [
        ("Payment table lacks Amount, due|date.", 6, "Milestone | Percent")
    ]
    ok = md.replace("| Milestone | Percent |", "| MILESTONE | Due Date | Amount |").replace(
        "|---|---|", "|---|---|---|"
    )
    assert run(rule, ok) == []


def test_table_columns_only_qualifying_tables(tmp_path: Path) -> None:
    rule = load(tmp_path, PAYMENT_COLUMNS)
    md = "## Team\n\n| Role | Name |\n|---|---|\n| PM | Dana |\n"
    assert run(rule, md) == []


def test_table_columns_table_without_header_uses_first_row(tmp_path: Path) -> None:
    rule = load(tmp_path, PAYMENT_COLUMNS)
    md = "## Payments\n\n|  |  |\n|---|---|\n| Milestone | Amount |\n| Kick-off | USD 1 |\n"
    found = run(rule, md)
    assert [f.message for f in found] == ["Payment table lacks due|date."]
    fixed = (
        "## Payments\n\n|  |  |  |\n|---|---|---|\n| Milestone | Amount | Due |\n| Kick-off | USD 1 | May |\n"
    )
    assert run(rule, fixed) == []


def test_table_columns_kinds_and_case(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME921
        name: pricing-amount
        kind: table-columns
        message: "Add {missing}."
        kinds: [pricing]
        ignorecase: false
        columns: ["Amount"]
        """,
    )
    table = "| Item | amount |\n|---|---|\n| Build | 10 |\n"
    # only tables in pricing sections are checked; the column pattern is case-sensitive here
    assert run(rule, f"## Team\n\n{table}") == []
    assert [f.message for f in run(rule, f"## Pricing\n\n{table}")] == ["Add Amount."]
    assert run(rule, f"## Pricing\n\n{table.replace('amount', 'Amount')}") == []


# --- occurrence ------------------------------------------------------------------------------------


def test_occurrence_document_min(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME930
        name: currency-stated
        kind: occurrence
        message: "Found {count} currency mentions, need {min}{max}."
        patterns: ['\\bUSD\\b', 'US\\$']
        min: 1
        """,
    )
    found = run(rule, "## Fees\n\nThe fee is 12,000.\n")
    assert [(f.message, f.location.line) for f in found] == [("Found 0 currency mentions, need 1.", None)]
    assert run(rule, "## Fees\n\nThe fee is USD 12,000.\n") == []


def test_occurrence_document_max_and_match(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME931
        name: few-tbds
        kind: occurrence
        message: "{count} x '{match}' (max {max})"
        tokens: ["TBD"]
        max: 1
        """,
    )
    assert run(rule, "## Dates\n\nStart: TBD.\n") == []
    found = run(rule, "## Dates\n\nStart: TBD.\n\n- End: tbd\n")
    assert [f.message for f in found] == ["2 x 'TBD' (max 1)"]


def test_occurrence_section_scope_min_and_max_nested(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME932
        name: deliverable-mentions
        kind: occurrence
        message: "{count} (allowed {min}-{max})"
        scope: section
        kinds: [deliverables]
        tokens: ["report"]
        min: 1
        max: 2
        """,
    )
    md = """
        # SOW

        ## Deliverables

        ### D1 Dashboards

        A report on revenue.

        ### D2 Extracts

        | Item | Format |
        |---|---|
        | Churn report | CSV |
        | Usage report | CSV |

        ### D3 Training

        Two workshops.
        """
    found = run(rule, md)
    # the parent counts its subsections (table cells included): 3 > 2; D3 has none: 0 < 1.
    assert sorted((f.location.line, f.message) for f in found) == [
        (4, "3 (allowed 1-2)"),
        (17, "0 (allowed 1-2)"),
    ]
    # the document title section has no deliverables kind, so it is not counted
    assert all(f.location.section != ("SOW",) for f in found)


def test_occurrence_section_scope_skip_kinds(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME933
        name: one-shall
        kind: occurrence
        message: "{count}"
        scope: section
        skip-kinds: [definitions]
        tokens: ["shall"]
        max: 0
        """,
    )
    md = "## Definitions\n\nShall means must.\n\n## Scope\n\nThe vendor shall build it.\n"
    assert [(f.location.line, f.message) for f in run(rule, md)] == [(5, "1")]


def test_existence_with_section_scope(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME934
        name: no-asap
        kind: existence
        message: "'{match}'"
        scope: section
        kinds: [schedule]
        tokens: ["asap"]
        """,
    )
    md = "## Scope\n\nASAP.\n\n## Schedule\n\nWe start ASAP.\n"
    found = run(rule, md)
    # reported on the schedule section's heading line (the match offset is into the whole section)
    assert [(f.message, f.location.line, f.location.column) for f in found] == [("'ASAP'", 5, 1)]


# --- conditional -----------------------------------------------------------------------------------

TM_CAP = """
    code: ACME940
    name: tm-cap
    kind: conditional
    message: "'{match}' without a cap."
    if:
      tokens: ["time and materials", "T&M"]
    then:
      ignorecase: true
      patterns: ['not[- ]to[- ]exceed', '\\bNTE\\b', '\\bceiling\\b', '\\bcap(ped)?\\b']
"""


def test_conditional_reports_once_at_first_trigger(tmp_path: Path) -> None:
    rule = load(tmp_path, TM_CAP)
    md = """
        ## Scope

        We build the portal.

        ## T&M Rates

        Billed on a time and materials basis.

        - Extra work is also T&M.
        """
    found = run(rule, md)
    assert [(f.message, f.location.line) for f in found] == [("'T&M' without a cap.", 6)]


def test_conditional_passes_when_then_holds_or_if_does_not(tmp_path: Path) -> None:
    rule = load(tmp_path, TM_CAP)
    assert run(rule, "## Fees\n\nTime and materials, not to exceed USD 90,000.\n") == []
    assert run(rule, "## Fees\n\nTime and materials.\n\n## Limits\n\nThe NTE is USD 90,000.\n") == []
    assert run(rule, "## Fees\n\nA fixed fee of USD 90,000.\n") == []


def test_conditional_held_by_section_kind(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME941
        name: deliverables-need-acceptance
        kind: conditional
        message: "Deliverables ({match}) but no acceptance."
        if:
          section-kind: deliverables
        then:
          section-kind: acceptance
        """,
    )
    deliverables = "## Deliverables\n\n- D1 Migration plan.\n"
    found = run(rule, deliverables)
    assert [(f.message, f.location.line) for f in found] == [
        ("Deliverables (Deliverables) but no acceptance.", None)
    ]
    assert run(rule, deliverables + "\n## Acceptance\n\nThe client signs within 5 days.\n") == []
    # an empty acceptance section does not satisfy 'then'; an empty deliverables one does not trigger
    assert len(run(rule, deliverables + "\n## Acceptance\n")) == 1
    assert run(rule, "## Deliverables\n\n## Scope\n\nWork.\n") == []


def test_conditional_title_and_scoped_then(tmp_path: Path) -> None:
    rule = load(
        tmp_path,
        """
        code: ACME942
        name: subcontracting-approval
        kind: conditional
        message: "Section '{match}' needs an approval clause in Terms."
        if:
          title: "(?i)subcontract"
        then:
          tokens: ["prior written consent"]
          scope: paragraph
          kinds: [term]
        """,
    )
    md = "## Subcontractors\n\nAcme may use subcontractors with prior written consent.\n"
    found = run(rule, md)
    assert [(f.message, f.location.line) for f in found] == [
        ("Section 'Subcontract' needs an approval clause in Terms.", 1)
    ]
    terms = "\n## Term\n\nSubcontracting needs the client's prior written consent.\n"
    assert run(rule, md + terms) == []


# --- loader errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (REVIEW_PERIOD + "    colour: red\n", ["colour", "unknown key"]),
        (
            REVIEW_PERIOD.replace("patterns: [", "patterns: ['(unclosed', "),
            ["field 'patterns.0'", "bad regular expression '(unclosed'"],
        ),
        (PAYMENT_COLUMNS.split("    columns:")[0], ["columns", "required"]),
        (
            PAYMENT_COLUMNS.replace('pattern: "amount|fee|usd"', 'pattern: "amount[("'),
            ["columns.0.pattern", "regular"],
        ),
        (PAYMENT_COLUMNS.replace('header: "milestone|payment"', 'header: "+x"'), ["header", "regular"]),
        (
            "code: ACME950\nname: x-rule\nkind: occurrence\nmessage: m\ntokens: [a]\n",
            ["'min' or 'max'"],
        ),
        (
            "code: ACME950\nname: x-rule\nkind: occurrence\nmessage: m\ntokens: [a]\nmin: 3\nmax: 1\n",
            ["greater"],
        ),
        (TM_CAP.split("    then:")[0], ["then", "required"]),
        (TM_CAP.replace("if:\n      tokens", "if:\n      tokenz"), ["if.tokenz", "unknown key"]),
        (
            "code: ACME950\nname: x-rule\nkind: conditional\nmessage: m\nif: {}\nthen: {tokens: [a]}\n",
            ["if", "needs"],
        ),
        (REVIEW_PERIOD.replace("section-kind: acceptance", ""), ["'section-kind' or 'title'"]),
    ],
)
def test_loader_rejects_bad_rule_files(tmp_path: Path, text: str, expected: list[str]) -> None:
    with pytest.raises(RuleFileError) as info:
        load(tmp_path, text, name="bad-rule.yaml")
    message = str(info.value)
    assert str(tmp_path / "bad-rule.yaml") in message
    for part in expected:
        assert part in message, message


# --- regular expressions cannot hang a run -------------------------------------------------------


@pytest.mark.parametrize("kind", ["occurrence", "section-must-contain"])
def test_catastrophic_pattern_returns(tmp_path: Path, kind: str) -> None:
    extra = "min: 1" if kind == "occurrence" else "section-kind: scope"
    rule = load(
        tmp_path,
        f"""
        code: ACME960
        name: slow-pattern
        kind: {kind}
        message: "slow"
        patterns: ['(a+)+$', '(a|aa)+$']
        {extra}
        """,
    )
    md = "## Scope\n\n" + "\n\n".join(["a" * 40 + "b"] * 5) + "\n"
    started = time.monotonic()
    found = run(rule, md)
    assert time.monotonic() - started < 5
    assert [f.code for f in found] == ["ACME960"]  # nothing matched (or the match was abandoned)


# --- the showcase rules in examples/rules/ ------------------------------------------------------

SHOWCASE = load_rule_dir(RULE_EXAMPLES, origin="examples") if RULE_EXAMPLES.is_dir() else []


def test_showcase_covers_every_kind() -> None:
    kinds = {r.spec.kind for r in SHOWCASE}
    assert kinds == {
        "existence",
        "required-section",
        "section-must-contain",
        "table-columns",
        "occurrence",
        "conditional",
    }


@pytest.mark.parametrize("rule", SHOWCASE, ids=lambda r: r.code)
def test_showcase_examples(rule: type[DeclarativeRule]) -> None:
    assert rule.summary and rule.why
    assert rule.fail_examples and rule.pass_examples
    for example in rule.fail_examples:
        assert rule.code in {f.code for f in run(rule, example)}, f"did not fire on: {example!r}"
    for example in rule.pass_examples:
        assert run(rule, example) == [], f"fired on: {example!r}"


def test_acme001_message_names_the_match() -> None:
    rule = next(r for r in SHOWCASE if r.code == "ACME001")
    found = run(rule, "## Schedule\n\nWe deliver ASAP.\n")
    assert [(f.message, f.location.line, f.location.column) for f in found] == [
        ("Do not promise 'ASAP'; give a date.", 3, 12)
    ]
