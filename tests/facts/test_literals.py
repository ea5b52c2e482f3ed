"""The literal tests in front of the data-driven patterns and the date, money and duration scans.

Every gate may only skip a text its pattern cannot match; these tests run the shipped patterns over
the sentences, rows and cells of the example SOWs (read by the real readers) and over crafted
texts, and check that no gate rejects a text its pattern matches while gates do reject most text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from sowlint.classify import classify
from sowlint.criteria import _compile_groups, clarity_data, places, units
from sowlint.facts import find_dates, find_durations, find_money
from sowlint.facts import numbers as nu
from sowlint.facts.data import load_facts_data
from sowlint.facts.extract import _sentences
from sowlint.readers import read_document
from sowlint.regex_literals import GATE_AFTER, Gated, lowered, needles

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    """Every title, block, sentence, row and cell text of the example SOWs, as the readers give them."""
    out: set[str] = set()
    for path in sorted(EXAMPLES.glob("*-sow.*")):
        doc = classify(read_document(path, str(path)), None)
        out.update(s.title for s in doc.walk())
        for block in doc.all_blocks():
            text = getattr(block, "text", "")
            out.add(text)
            out.update(s for _, s in _sentences(text))
            for row in getattr(block, "rows", ()):
                out.add(row.text)
                out.update(c.text for c in row.cells)
    return tuple(sorted(out))


def _shipped_patterns() -> list[re.Pattern[str]]:
    data = load_facts_data()
    found = [*data.unions.values(), *(p for _, ps in data.columns for p in ps)]
    found += [data.staffing_gate, data.currency_statement, data.currency_label, data.pricing_model_label]
    for name in ("acceptance", "dependencies", "measurable", "assumptions"):
        for patterns in clarity_data(name).groups.values():
            found.extend(patterns)
    return found


def _ready(pattern: re.Pattern[str]) -> Gated:
    """A gate past its warm-up, so it tests its needles."""
    gate = Gated(pattern)
    for _ in range(GATE_AFTER):
        gate.admits(None)
    return gate


def test_no_shipped_pattern_is_gated_away_from_a_text_it_matches() -> None:
    texts = _texts()
    assert len(texts) > 200
    rejected = 0
    for pattern in _shipped_patterns():
        gate = _ready(pattern)
        for text in texts:
            if not gate.admits(lowered(text)):
                rejected += 1
                assert not pattern.search(text), (pattern.pattern, text)
    assert rejected > len(texts) * 50  # the gates do skip most texts


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bNTE\b", (("nte", True, True),)),
        (r"\bfixed[- ](fee|price)s?\b", (("fixed", True, False),)),
        (r"(?:ab)?cd", (("cd", False, False),)),  # an optional part is not required
        (r"x*(?:abc|de)+", (("de", False, False), ("abc", False, False))),
        (r"\b&x\b", (("&x", False, True),)),  # a boundary before a non-word character is not used
        (r"[ab]c?", (("a", False, False), ("b", False, False))),  # a small class
        (r"\b(fixed|firm)[- ]fee\b", (("firm", True, False), ("fixed", True, False))),
        (r"\bfees?\b", (("fee", True, False),)),  # "fee" and "fees", each a whole word, make one needle
        (r"\bkey personnel\b|\bpersonnel\b", (("personnel", True, True),)),  # one has the other
        # few needles rather than the twelve whole phrases ("work well", "works fine", ...)
        (r"\bworks? (well|properly|correctly|as expected|smoothly|fine)\b", (("work", True, False),)),
    ],
)
def test_needles_are_what_every_match_contains(
    pattern: str, expected: tuple[tuple[str, bool, bool], ...]
) -> None:
    assert needles(re.compile(pattern, re.IGNORECASE)) == expected


@pytest.mark.parametrize("pattern", [r"ab|", r"\d+", r"(?=abc)", r"(?<=abc)d?", r"[^a]b?", "é"])
def test_patterns_without_a_required_ascii_literal_are_not_gated(pattern: str) -> None:
    assert needles(re.compile(pattern)) is None


def test_word_boundaries_of_a_needle_are_checked() -> None:
    gate = _ready(re.compile(r"\bNTE\b", re.IGNORECASE))
    assert not gate.search("Routine maintenance and content updates")
    assert gate.search("A budget NTE of $50,000")
    assert gate.search("nte")


def test_non_ascii_text_is_never_gated() -> None:
    # re's case folding matches "ſ" (long s) to "s" and the Kelvin sign to "k"; lower() does not.
    long_s = _ready(re.compile(r"\bcosts\b", re.IGNORECASE))
    assert long_s.search("total coſts") is not None
    kelvin = _ready(re.compile(r"\bkick-?off\b", re.IGNORECASE))
    assert kelvin.search("\u212aickoff") is not None


def test_a_gate_searches_every_text_until_it_has_served_its_warm_up() -> None:
    gate = Gated(re.compile(r"\bretainer\b", re.IGNORECASE))
    assert gate.needles is None
    for _ in range(GATE_AFTER):
        assert gate.admits("no such word")
    assert gate.needles == (("retainer", True, True),)
    assert not gate.admits("no such word")
    assert gate.admits("a monthly retainer")


def test_pattern_set_search_keeps_the_leftmost_match_with_gates() -> None:
    data = _compile_groups({"g": ["zeta", r"\balpha\b", "beta"]}, "x.yaml")
    for _ in range(GATE_AFTER):
        data.matches("g", "warm up")
    m = data.search("g", "beta then alpha then zeta")
    assert m is not None and m.group(0) == "beta"
    assert data.matches("g", "ALPHA")
    assert not data.matches("g", "alphabet soup")
    assert [m.group(0) for m in data.finditer("g", "zeta beta")] == ["zeta", "beta"]


@pytest.mark.parametrize(
    "text",
    [
        "Q3 2027",
        "H1 '27 and the second half of 2028",
        "due 5/6/27",
        "2027-02-30",
        "15th of March 2027",
        "Sept 5, 2027",
        "first quarter of 2027",
        "March 5, '27",
        "2027/03/01",
        "1.3.2027",
    ],
)
def test_date_gates_keep_every_date(text: str) -> None:
    low = text.lower() if text.isascii() else None
    assert nu._DATE_GATE_RE.search(text)
    for kind, regex in nu._DATE_PATTERNS:
        if regex.search(text):
            assert nu._may_date(kind, text, low), (kind, text)
    assert find_dates(text)


def test_date_gates_hold_over_the_example_texts() -> None:
    for text in _texts():
        low = text.lower() if text.isascii() else None
        for kind, regex in nu._DATE_PATTERNS:
            if regex.search(text):
                assert nu._DATE_GATE_RE.search(text) and nu._may_date(kind, text, low), (kind, text)


@pytest.mark.parametrize(
    "text",
    [
        "USD 60,000",
        "60 000 €",
        "5,000 euros",
        "CHF 12'000",
        "US$5",
        "Rs. 500",
        "1.200,50 EUR",
        "12 Swiss Francs",
        "₹ 40",
    ],
)
def test_money_gate_keeps_every_amount(text: str) -> None:
    assert nu._may_state_money(text)
    assert find_money(text)


def test_money_and_duration_gates_hold_over_the_example_texts() -> None:
    for text in _texts():
        if nu._PREFIX_RE.search(text) or nu._SUFFIX_RE.search(text):
            assert nu._may_state_money(text), text
        assert bool(nu._DURATION_GATE_RE.search(text)) == nu._may_state_duration(text), text


@pytest.mark.parametrize("text", ["6 WEEKS", "3 Sprints", "40h", "ten business days", "two WKS", "1 Month"])
def test_duration_gate_agrees_with_the_case_insensitive_one(text: str) -> None:
    assert nu._may_state_duration(text) == bool(nu._DURATION_GATE_RE.search(text))
    assert find_durations(text)


def test_places_and_units_are_cached_per_document_and_handed_out_fresh(tmp_path: Path) -> None:
    path = EXAMPLES / "complete-sow.md"
    first = classify(read_document(path, str(path)), None)
    other = tmp_path / "sow.md"
    other.write_text("# SOW\n\n## Assumptions\n\n- The Client provides data. It is clean.\n", "utf-8")
    second = classify(read_document(other, str(other)), None)
    a = places(first)
    a.clear()  # the caller's own list
    b = places(first)
    assert b and [p.block for p in b] == [p.block for p in places(first)]
    assert [p.block for p in places(second)] != [p.block for p in b]
    item = next(p for p in places(second) if p.block.text.startswith("The Client"))
    assert [t for _, _, t in units(item)] == ["The Client provides data.", "It is clean."]
    assert list(units(item)) == list(units(item))
