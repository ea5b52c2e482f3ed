"""SOW401-SOW404 and SOW406 on real files: Word tables with merged cells, the examples in every
format (PDF included), and the facts cache the commercial rules share."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import docx
import pytest

from sowlint.checks.sow401_pricing_total_mismatch import PricingTotalMismatch, precision
from sowlint.checks.sow402_rate_times_hours_mismatch import RateTimesHoursMismatch
from sowlint.checks.sow403_payment_schedule_mismatch import PaymentScheduleMismatch
from sowlint.checks.sow404_uncapped_time_and_materials import UncappedTimeAndMaterials
from sowlint.checks.sow406_mixed_currency import MixedCurrency
from sowlint.facts import extract_facts, facts_for, find_money
from sowlint.findings import Finding
from sowlint.readers import read_document
from sowlint.readers.markdown import parse_markdown
from sowlint.testing import check, check_file
from tests.conftest import EXAMPLES

RULES = [
    PricingTotalMismatch,
    RateTimesHoursMismatch,
    PaymentScheduleMismatch,
    UncappedTimeAndMaterials,
    MixedCurrency,
]
FORMATS = ("md", "yaml", "docx", "pdf")


def _table(d: docx.document.Document, rows: list[tuple[str, ...]]) -> docx.table.Table:
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    return table


def _merged_docx(path: Path) -> Path:
    """A Word SOW whose pricing and payment tables merge cells down and across, with planted errors."""
    d = docx.Document()
    d.add_heading("Pricing", level=1)
    d.add_paragraph("Pricing model: Fixed fee")
    pricing = _table(
        d,
        [
            ("Role", "Phase", "Rate", "Hours", "Amount"),
            ("Data Engineer", "Build", "€150.00", "100", "€15.000,00"),
            ("", "Run", "€150.00", "40", "€6.500,00"),  # 40 x 150 = 6.000
            ("Project Manager", "All", "€1.200 per day", "10 days", "€12.000,00"),
            ("Total", "", "", "", "€34.000,00"),  # lines sum to 33.500
        ],
    )
    pricing.cell(1, 0).merge(pricing.cell(2, 0))  # "Data Engineer" spans two rows
    pricing.cell(1, 0).text = "Data Engineer"
    pricing.cell(4, 0).merge(pricing.cell(4, 3))  # "Total" spans four columns
    pricing.cell(4, 0).text = "Total"
    d.add_heading("Payment Schedule", level=1)
    payments = _table(
        d,
        [
            ("Milestone", "Event", "Percent"),
            ("M1", "Signature", "30%"),
            ("M2", "Acceptance", "30%"),
            ("M3", "Go-live", "30%"),
            ("Total", "", "90%"),
        ],
    )
    payments.cell(4, 0).merge(payments.cell(4, 1))  # "Total" spans two columns
    payments.cell(4, 0).text = "Total"
    d.save(str(path))
    return path


def test_word_tables_with_merged_cells(tmp_path: Path) -> None:
    path = _merged_docx(tmp_path / "merged.docx")
    findings = check_file(path, rules=RULES)
    got = {(f.code, f.excerpt, f.location.table, f.location.row) for f in findings}
    assert got == {
        ("SOW402", "Run | €150.00 | 40 | €6.500,00", 1, 2),
        ("SOW401", "Total | €34.000,00", 1, 4),
        ("SOW403", "Total | 90%", 2, 4),
    }
    by_code = {f.code: f.message for f in findings}
    assert by_code["SOW402"] == (
        "Data Engineer: 40 h x EUR 150/h = EUR 6,000, but the line says EUR 6,500 (difference EUR 500)."
    )
    assert by_code["SOW401"] == (
        "Line items sum to EUR 33,500 but the total says EUR 34,000 (difference EUR 500)."
    )
    assert by_code["SOW403"] == "Payment shares sum to 90%, not 100% (10 points short)."


def test_word_tables_with_merged_cells_that_add_up(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Pricing", level=1)
    t = _table(
        d,
        [
            ("Role", "Phase", "Rate", "Hours", "Amount"),
            ("Data Engineer", "Build", "$150.00", "100", "$15,000.00"),
            ("", "Run", "$150.00", "40", "$6,000.00"),
            ("Total", "", "", "", "$21,000.00"),
        ],
    )
    t.cell(1, 0).merge(t.cell(2, 0))
    t.cell(1, 0).text = "Data Engineer"
    t.cell(3, 0).merge(t.cell(3, 3))
    t.cell(3, 0).text = "Total"
    path = tmp_path / "clean.docx"
    d.save(str(path))
    assert check_file(path, rules=RULES) == []


def _planted(findings: list[Finding]) -> Counter[tuple[str, str | None]]:
    return Counter((f.code, f.excerpt) for f in findings)


@pytest.mark.parametrize("ext", FORMATS)
def test_the_deficient_example_gives_the_planted_findings_in_every_format(ext: str) -> None:
    findings = check_file(EXAMPLES / f"deficient-sow.{ext}", rules=RULES)
    assert _planted(findings) == Counter(
        {
            ("SOW401", "Total |  |  | $250,000.00"): 1,
            ("SOW402", "QA Analyst | $120.00 | 240 | $30,000.00"): 1,
            ("SOW403", "Project completion | 30% | $75,000.00"): 1,
            ("SOW404", "Pricing model: Time and materials"): 1,
        }
    )
    messages = sorted(f.message for f in findings)
    assert messages == [
        "Line items sum to USD 237,600 but the total says USD 250,000 (difference USD 12,400).",
        "Payment shares sum to 90%, not 100% (10 points short); payment amounts sum to USD 225,000 but the "
        "pricing table's total is USD 250,000 (difference USD 25,000).",
        "QA Analyst: 240 h x USD 120/h = USD 28,800, but the line says USD 30,000 (difference USD 1,200).",
        "The work is priced as time and materials but no not-to-exceed amount, ceiling or cap is stated; "
        "the pricing table's total of USD 250,000 is an estimate, not a ceiling.",
    ]


@pytest.mark.parametrize("ext", FORMATS)
def test_the_complete_example_gives_none(ext: str) -> None:
    assert check_file(EXAMPLES / f"complete-sow.{ext}", rules=RULES) == []


def test_pdf_findings_are_located_on_their_page_and_row() -> None:
    findings = {f.code: f for f in check_file(EXAMPLES / "deficient-sow.pdf", rules=RULES)}
    for code in ("SOW401", "SOW402", "SOW403"):
        loc = findings[code].location
        assert loc.page is not None and loc.table is not None and loc.row is not None, code
    assert findings["SOW402"].location.row == 4 and findings["SOW401"].location.row == 5


def test_facts_are_extracted_once_per_document() -> None:
    doc = read_document(EXAMPLES / "deficient-sow.md")
    first = facts_for(doc)
    assert facts_for(doc) is first
    other = parse_markdown((EXAMPLES / "deficient-sow.md").read_text(encoding="utf-8"), "copy.md")
    assert facts_for(other) is not first and facts_for(other).path == "copy.md"
    assert facts_for(doc) is not first  # only the last document is kept
    assert facts_for(doc).model_dump() == extract_facts(doc).model_dump()


@pytest.mark.parametrize(
    ("raw", "step"),
    [
        ("$1.2M", "100000"),
        ("EUR 2 million", "1000000"),
        ("$450k", "10000"),
        ("$1,200.50", "0"),
        ("$1M", "1000000"),
    ],
)
def test_written_precision_of_scaled_amounts(raw: str, step: str) -> None:
    (money,) = find_money(raw)
    assert precision(money) == int(step)


def test_options_are_written_in_kebab_case() -> None:
    text = (
        "## Pricing\n\n| Item | Amount |\n|---|---|\n| Build | $150,000 |\n| Test | $99,900 |\n"
        "| Total | $250,000 |\n"
    )
    assert [f.code for f in check(text, rules=[PricingTotalMismatch])] == ["SOW401"]
    assert check(text, rules=[PricingTotalMismatch], options={"SOW401": {"relative-tolerance": 0.001}}) == []
    assert check(text, rules=[PricingTotalMismatch], options={"SOW401": {"tolerance": 100}}) == []
