"""sowlint.criteria: the measurability judge, the places walk and the rules/clarity data of SOW3xx."""

from __future__ import annotations

import pytest

from sowlint.classify import classify
from sowlint.criteria import (
    ClarityDataError,
    _compile_groups,
    clarity_data,
    document_parties,
    judge_measurable,
    places,
    strip_label,
)
from sowlint.model import ListItem, Table
from sowlint.readers.markdown import parse_markdown

MEASURABLE = [
    "All 25 UAT scripts pass.",
    "Signed off in writing by the Client product owner.",
    "Deployed to production.",
    "Zero open severity-1 defects.",
    "Every page meets WCAG 2.1 AA.",
    "Code is free of medium- and high-level vulnerabilities.",
    "Users can reset their password from the login page.",
    "Findings include reproduction steps for each finding.",
]
UNMEASURABLE = [
    ("The client is satisfied.", "satisfied"),
    ("Works well on all devices.", "Works well"),
    ("Dashboards are delivered to the client's satisfaction.", "to the client's satisfaction"),
    ("Code follows industry best practices.", "industry best practices"),
    ("Articles migrated accurately.", "accurately"),
    ("Stakeholders are excited about the new look.", None),
]


@pytest.mark.parametrize("text", MEASURABLE)
def test_measurable_criteria(text: str) -> None:
    assert judge_measurable(text).measurable, text


@pytest.mark.parametrize(("text", "vague"), UNMEASURABLE)
def test_unmeasurable_criteria_quote_the_vague_phrase(text: str, vague: str | None) -> None:
    verdict = judge_measurable(text)
    assert not verdict.measurable
    assert verdict.vague == vague


def test_an_identifier_digit_is_not_a_number() -> None:
    assert not judge_measurable("D1 is accepted when the client is happy.").measurable
    assert judge_measurable("D1 is accepted when 3 reviewers approve it.").measurable


def test_places_carry_lead_in_kinds_and_list_groups() -> None:
    doc = classify(
        parse_markdown(
            "## Client Responsibilities\n\nBefore kickoff, the Client will provide:\n\n"
            "- VPN access\n- Test data\n\n"
            "Other text.\n\n- A separate list\n\n## Definitions\n\n- TBD means to be decided.\n",
            "case.md",
        )
    )
    items = [p for p in places(doc) if isinstance(p.block, ListItem)]
    assert [p.block.text for p in items] == ["VPN access", "Test data", "A separate list"]
    assert items[0].leadin is not None and "Before kickoff" in items[0].leadin.text
    assert items[0].group == items[1].group != items[2].group
    assert items[2].leadin is None
    assert "dependencies" in items[0].own


def test_places_skip_definitions_and_keep_tables() -> None:
    text = (
        "## Glossary\n\n| Term | Meaning |\n|---|---|\n| SOW | x |\n\n"
        "## Scope\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    )
    doc = classify(parse_markdown(text, "c.md"))
    tables = [p for p in places(doc) if isinstance(p.block, Table)]
    assert len(tables) == 1 and tables[0].title == "Scope"


def test_document_parties_from_label_lines() -> None:
    doc = parse_markdown(
        '# SOW\n\nClient: Contoso Health, Inc. ("Contoso")\n\n'
        'Vendor: Northwind Analytics LLC ("Northwind")\n\n'
        "Agency: Brightline Studio\n\n## Scope\n\nWork.\n",
        "c.md",
    )
    parties = document_parties(doc)
    assert "Contoso" in parties.client and "Contoso Health" in parties.client
    assert "Northwind" in parties.vendor
    assert not any("Brightline" in n for n in (*parties.client, *parties.vendor))
    client = parties.pattern("client")
    assert client is not None and client.search("Contoso IT provides VPN access")


def test_strip_label() -> None:
    assert strip_label("D1: Discovery report") == "Discovery report"
    assert strip_label("3.2 Data pipelines") == "Data pipelines"
    assert strip_label("Discovery report") == "Discovery report"


@pytest.mark.parametrize("name", ["measurable", "acceptance", "dependencies", "assumptions"])
def test_shipped_clarity_data_compiles(name: str) -> None:
    data = clarity_data(name)
    assert data.groups and all(data.groups.values())


def test_measurable_data_declares_its_signal_groups() -> None:
    data = clarity_data("measurable")
    assert {"number", "test", "approval", "standard"} <= set(data.signals)
    assert data.weak <= set(data.signals)


def test_malformed_clarity_data_names_the_group() -> None:
    with pytest.raises(ClarityDataError, match=r"x\.yaml: group 'bad'"):
        _compile_groups({"bad": "not a list"}, "x.yaml")
    with pytest.raises(ClarityDataError, match=r"bad regular expression"):
        _compile_groups({"bad": ["("]}, "x.yaml")
    with pytest.raises(ClarityDataError, match="no pattern group"):
        _compile_groups({"ok": ["a"]}, "x.yaml").patterns("missing")
