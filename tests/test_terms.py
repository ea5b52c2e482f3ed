"""The clarity term lists (rules/clarity/*.yaml) and the commitment context read by SOW201-203/207."""

from __future__ import annotations

import time

import pytest
import yaml

from sowlint.classify import classify
from sowlint.readers.markdown import parse_markdown
from sowlint.terms import (
    TermError,
    is_imperative,
    load_context,
    load_terms,
    parse_terms,
    performer_names,
    phrase_pattern,
    subject_side,
    subjects_for,
    terms_path,
)

TERM_LISTS = ("vague-terms", "open-ended-scope", "weak-commitments", "escape-clauses")


@pytest.mark.parametrize("name", TERM_LISTS)
def test_packaged_term_lists_load_with_sources_and_fixes(name: str) -> None:
    terms = load_terms(name)
    assert terms.sources and all(s.strip() for s in terms.sources)
    assert terms.terms
    for term in terms.terms:
        assert term.fix.strip(), term.label
        assert terms.message.format(match=term.label, fix=term.fix).endswith(".")
    # the header comment states what the file is for
    assert terms_path(name).read_text(encoding="utf-8").startswith("# SOW2")


@pytest.mark.parametrize("name", TERM_LISTS)
def test_no_pattern_is_slow_on_a_long_sentence(name: str) -> None:
    text = ("the vendor will provide, as needed etc " * 300) + ("a" * 5000)
    started = time.perf_counter()
    load_terms(name).find(text, {"scope", "deliverables", "acceptance"})
    assert time.perf_counter() - started < 2.0


def _spec(*entries: dict) -> dict:
    return {
        "sources": ["a test"],
        "message": "Replace '{match}' with {fix}.",
        "default-fix": "a number",
        "terms": list(entries),
    }


def test_a_bad_entry_is_reported_with_its_number() -> None:
    with pytest.raises(TermError, match="entry 2"):
        parse_terms(_spec({"term": "timely"}, {"pattern": "(unclosed"}), "t", "t.yaml")
    with pytest.raises(TermError, match="exactly one of"):
        parse_terms(_spec({"term": "timely", "pattern": "timely"}), "t", "t.yaml")
    with pytest.raises(TermError, match="sources"):
        parse_terms({**_spec({"term": "x"}), "sources": []}, "t", "t.yaml")


def test_a_literal_term_matches_whole_words_with_space_or_hyphen() -> None:
    pattern = phrase_pattern("user-friendly")
    assert pattern.search("a User Friendly portal")
    assert pattern.search("a user-friendly portal")
    assert not pattern.search("a user-friendlyish portal")
    assert not phrase_pattern("as needed").search("as neededness")


def test_except_unless_and_kinds_decide_per_match() -> None:
    terms = parse_terms(
        _spec(
            {"term": "reasonable", "except": [r"\breasonable notice\b"]},
            {"term": "timely", "unless": [r"\bwithin \d+ days\b"]},
            {"term": "several", "kinds": ["scope"]},
        ),
        "t",
        "t.yaml",
    )
    found = terms.find("With reasonable notice, a reasonable response time.")
    assert [m.text for m in found] == ["reasonable"] and found[0].start > 20
    assert terms.find("timely, that is within 5 days") == []
    assert terms.find("several dashboards", ["background"]) == []
    assert [m.text for m in terms.find("several dashboards", ["scope"])] == ["several"]


def test_options_add_literal_terms_and_allow_others() -> None:
    terms = load_terms("vague-terms").with_options(["bleeding edge"], ["as needed"])
    found = [m.text for m in terms.find("a bleeding-edge tool, support as needed, timely fixes")]
    assert found == ["bleeding-edge", "timely"]
    assert load_terms("vague-terms").find("a bleeding-edge tool") == []


def test_the_longest_earliest_match_wins() -> None:
    found = load_terms("vague-terms").find("The vendor will respond in a timely manner.")
    assert [m.text for m in found] == ["in a timely manner"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Deliver a user-friendly platform.", True),
        ("- S1: Ingest data from six source systems.", True),
        ("Design the data model.", True),
        ("Design review as needed.", False),
        ("Dashboards for the portal team.", False),
        ("deliver the report", False),
    ],
)
def test_instructions_to_the_performer(text: str, expected: bool) -> None:
    assert is_imperative(text, load_context()) is expected


@pytest.mark.parametrize(
    ("prefix", "side"),
    [
        ("The vendor ", "performer"),
        ("and the contractor will ", "performer"),
        ("We ", "performer"),
        ("The Contractor's project manager ", "performer"),
        ("Northwind ", "performer"),
        ("The client ", "client"),
        ("Either party ", None),
        ("The system ", "deliverable"),
        ("Each finding that the provider ", None),
        ("The contractor and the government ", None),
    ],
)
def test_whose_clause_it_is(prefix: str, side: str | None) -> None:
    subjects = subjects_for(load_context().with_performers(["Northwind"]))
    assert subject_side(prefix, subjects) == side


def test_the_vendor_names_a_document_defines() -> None:
    doc = classify(
        parse_markdown(
            'Vendor: Northwind Analytics LLC ("Northwind")\n\nClient: Contoso\n\n## Scope\n\nx\n', "a.md"
        )
    )
    names = performer_names(doc)
    assert "Northwind" in names and "Northwind Analytics" in names
    assert "Contoso" not in names


def test_the_context_file_lists_every_key() -> None:
    data = yaml.safe_load(
        (terms_path("vague-terms").parent / "commitment-context.yaml").read_text(encoding="utf-8")
    )
    assert {
        "sources",
        "performers",
        "clients",
        "deliverables",
        "action-verbs",
        "imperative-verbs",
        "client-verbs",
        "noun-verbs",
    } <= set(data)
