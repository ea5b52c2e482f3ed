"""Section classifier on the real wordings public SOWs, RFQs and PWSs use (issue list: all must work)."""

from __future__ import annotations

import pytest

from sowlint.classify import classify, present_kinds
from sowlint.readers.markdown import parse_markdown
from sowlint.readers.text import parse_text


def kinds_of(md: str) -> set[str]:
    return present_kinds(classify(parse_markdown(md, "t.md")))


ITEM = "\n\n- The first item of substance for this section.\n- A second item.\n"

HEADINGS = {
    "exclusions": [
        "Out of Scope",
        "Exclusions",
        "Scope does not include:",
        "This service does not include",
        "The Contractor shall not be responsible to do the following:",
    ],
    "acceptance": [
        "Acceptance Criteria",
        "Success Criteria",
        "Inspection and Acceptance of Services",
        "Definition of Done",
        "Deliverables and Performance Standards",
        "Method and source of acceptance",
    ],
    "dependencies": [
        "Client Responsibilities",
        "Customer Obligations",
        "Government Furnished Items",
        "Government Furnished Property",
        "Government Furnished Information",
        "State Furnished Items",
        "Responsibilities of Parties",
        "Dependencies",
        "Prerequisites",
    ],
    "assumptions": ["Assumptions", "Project Assumptions", "Technical Assumptions"],
}


@pytest.mark.parametrize(("kind", "title"), [(k, t) for k, ts in HEADINGS.items() for t in ts])
def test_heading_wordings(kind: str, title: str) -> None:
    assert kind in kinds_of(f"# SOW\n\n## {title}{ITEM}")


LEADINS = {
    "exclusions": [
        "Scope does not include:",
        "Note the following tasks are not required:",
        "This service does not include the following:",
        "The Contractor shall not be responsible to do the following:",
    ],
    "dependencies": ["The client will provide the following:"],
    "assumptions": ["This estimate assumes the following:"],
    "acceptance": [
        "The project will be considered successful when the following outputs have been delivered:"
    ],
}


@pytest.mark.parametrize(("kind", "lead"), [(k, t) for k, ts in LEADINS.items() for t in ts])
def test_leadin_sentence_with_list_counts_inside_another_section(kind: str, lead: str) -> None:
    md = f"# SOW\n\n## Scope of Work\n\nThe vendor builds the portal.\n\n{lead}{ITEM}"
    assert kind in kinds_of(md)


def test_leadin_without_list_does_not_count() -> None:
    assert "exclusions" not in kinds_of("# SOW\n\n## Scope\n\nScope does not include:\n")


def test_empty_section_does_not_count() -> None:
    assert "assumptions" not in kinds_of("# SOW\n\n## Assumptions\n\n## Scope\n\nWork.\n")


def test_qasp_table_is_acceptance() -> None:
    md = (
        "# QASP\n\n## Performance Requirements\n\n"
        "| Performance Standard | Acceptable Quality Level | Method of Assessment |\n"
        "|---|---|---|\n| Code passes tests | 100% | Automated test run |\n"
    )
    assert "acceptance" in kinds_of(md)


def test_acceptance_heading_over_signature_block_is_not_acceptance() -> None:
    md = (
        "# SOW\n\n## Scope\n\nWork.\n\n## Acceptance\n\nSignature: ____________\n\nName: ____________\n\n"
        "Title: ____________\n\nDate: ____________\n"
    )
    assert "acceptance" not in kinds_of(md)


def test_bidder_assumption_instructions_are_not_assumptions() -> None:
    md = (
        "# RFQ\n\n## Technical Assumptions\n\nOfferor assumptions will be reviewed in the context of the "
        "technical factor to which they apply and shall be clearly labeled as Technical Assumptions.\n"
    )
    assert "assumptions" not in kinds_of(md)


def test_roles_section_listing_client_duties_is_also_dependencies() -> None:
    md = (
        "# SOW\n\n## Roles and Responsibilities\n\nThe Government Product Owner will approve user stories "
        "and provide access to staff within 5 days.\n"
    )
    doc = classify(parse_markdown(md, "t.md"))
    sec = doc.sections[0].sections[0]
    assert {"roles", "dependencies"} <= set(sec.kinds)


def test_single_sentence_exclusion_counts() -> None:
    md = "# SOW\n\n## Scope\n\nThe Court, not the Contractor, will be responsible for hosting the system.\n"
    assert "exclusions" in kinds_of(md)


def test_exclusion_wording_in_unrelated_prohibition_does_not_count() -> None:
    md = "# SOW\n\n## Security\n\nThe contractor shall not disclose any data to third parties.\n"
    assert "exclusions" not in kinds_of(md)


def test_plain_text_headings_and_colon_titles() -> None:
    text = (
        "STATEMENT OF WORK\n\n1. SCOPE\n\nThe vendor builds the portal.\n\nAssumptions:\n"
        "- The client provides data by 1 May.\n\n2.1 Out of Scope\n\nHosting is excluded.\n"
    )
    doc = classify(parse_text(text, "t.txt"))
    titles = [s.title for s in doc.walk()]
    assert titles == ["STATEMENT OF WORK", "SCOPE", "Assumptions", "Out of Scope"]
    assert {"assumptions", "exclusions", "scope"} <= present_kinds(doc)
