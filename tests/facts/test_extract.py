"""Extracting commercial facts from real documents in every format the readers take."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

from sowlint.facts import CommercialFacts, decimal_convention, extract_facts
from sowlint.facts.data import FactsDataError, load_facts_data, parse_facts_data
from sowlint.findings import Hit
from sowlint.model import Document, Row
from sowlint.readers import read_document
from sowlint.readers.markdown import parse_markdown
from sowlint.readers.yaml import parse_yaml
from tests.conftest import EXAMPLES

D = Decimal
FORMATS = ("md", "yaml", "docx", "pdf")


def facts_of(name: str) -> tuple[Document, CommercialFacts]:
    doc = read_document(EXAMPLES / name)
    return doc, extract_facts(doc)


def md(text: str) -> CommercialFacts:
    return extract_facts(parse_markdown(text, "case.md"))


def numbers(f: CommercialFacts) -> dict[str, Any]:
    """The numbers of a document's facts, without locations (which differ between formats)."""

    def money(m: Any) -> Any:
        return None if m is None else (m.amount, m.currency)

    def day(d: Any) -> Any:
        return None if d is None else (d.start, d.end, d.valid)

    return {
        "model": f.pricing_model,
        "currency": f.currency,
        "pricing": [
            (
                [
                    (li.label, money(li.rate), li.quantity, li.unit, money(li.amount), li.currency)
                    for li in t.lines
                ],
                [(tl.kind, money(tl.amount), tl.after) for tl in t.totals],
            )
            for t in f.pricing_tables
        ],
        "payments": [[(p.label, p.share, money(p.amount)) for p in s.payments] for s in f.payment_schedules],
        "schedules": [(s.subject, [(m.label, day(m.date)) for m in s.milestones]) for s in f.schedules],
        "periods": [(day(p.start), day(p.end)) for p in f.periods],
        "stated": [(s.kind, s.applies_to, money(s.amount)) for s in f.stated_amounts],
        "amounts": sorted((m.money.amount, m.currency) for m in f.amounts),
        "dates": sorted(day(d.date) for d in f.dates),
    }


@pytest.mark.parametrize("stem", ["complete-sow", "deficient-sow"])
def test_the_same_facts_in_every_format(stem: str) -> None:
    by_format = {ext: numbers(facts_of(f"{stem}.{ext}")[1]) for ext in FORMATS}
    assert by_format["md"]["pricing"], "the markdown example has a pricing table"
    for ext in ("yaml", "docx", "pdf"):
        assert by_format[ext] == by_format["md"], ext


@pytest.mark.parametrize("ext", FORMATS)
def test_the_deficient_sow_exposes_every_planted_problem(ext: str) -> None:
    _, f = facts_of(f"deficient-sow.{ext}")
    (table,) = f.pricing_tables
    # a line whose rate x hours is wrong: QA Analyst 120 x 240 = 28,800, not 30,000
    wrong = [li for li in table.lines if li.extended() != li.amount.amount]  # type: ignore[union-attr]
    assert [(li.label, li.extended(), li.amount.amount) for li in wrong] == [  # type: ignore[union-attr]
        ("QA Analyst", D(28800), D(30000))
    ]
    assert wrong[0].text == "QA Analyst | $120.00 | 240 | $30,000.00"
    # lines that do not add up to the total
    assert table.total is not None and table.total.amount is not None
    assert (table.line_sum(), table.total.amount.amount) == (D(237600), D(250000))
    # time and materials with no cap
    assert f.pricing_model == "time-and-materials" and f.caps == ()
    # payments that sum to 90% (and to 225,000 of 250,000)
    (payments,) = f.payment_schedules
    assert (payments.share_sum(), payments.amount_sum()) == (D(90), D(225000))
    # a milestone after the end of the period of performance
    period = f.period
    assert period is not None and period.start is not None and period.end is not None
    assert (period.start.value, period.end.value) == (dt.date(2025, 3, 3), dt.date(2025, 8, 29))
    end = period.end.value
    assert end is not None
    dated = [(m.label, m.date.value) for m in f.milestones if m.date is not None and m.date.value is not None]
    late = [(label, day) for label, day in dated if day is not None and day > end]
    assert late == [("Dashboards live", dt.date(2025, 9, 30))]


@pytest.mark.parametrize("ext", FORMATS)
def test_the_complete_sow_is_consistent(ext: str) -> None:
    _, f = facts_of(f"complete-sow.{ext}")
    (table,) = f.pricing_tables
    assert all(li.extended() == li.amount.amount for li in table.lines)  # type: ignore[union-attr]
    assert table.total is not None and table.total.amount is not None
    assert table.line_sum() == table.total.amount.amount == D(283200)
    (payments,) = f.payment_schedules
    assert payments.share_sum() == D(100) and payments.amount_sum() == D(283200)
    assert f.pricing_model == "fixed-fee" and f.currency == "USD"
    period = f.period
    assert period is not None and period.end is not None and period.end.value is not None
    milestones = next(s for s in f.schedules if s.subject == "milestones")
    days = [m.date.value for m in milestones.milestones if m.date is not None and m.date.value is not None]
    assert len(days) == 5 and days == sorted(days) and all(d <= period.end.value for d in days)
    # the travel cap limits expenses, not the fee
    assert [(s.kind, s.applies_to, s.amount.amount) for s in f.stated_amounts] == [
        ("cap", "expenses", D(5000))
    ]
    assert f.invalid_dates == ()


def test_facts_point_at_the_document_nodes() -> None:
    doc, f = facts_of("deficient-sow.md")
    table = f.pricing_tables[0]
    line = table.lines[-1]
    assert isinstance(line.node, Row) and any(line.node is r for r in table.node.rows)  # type: ignore[union-attr]
    assert id(line.node) in doc.reading_order()
    assert line.location == line.node.location and line.location.line == 53
    hit = Hit(node=line.node, message="rate x hours", excerpt=line.text)
    assert isinstance(hit.node, Row) and hit.node.location.table == 3
    stated = f.pricing_models[0]
    assert stated.node is not None and stated.location.line == 44


def test_facts_serialise_without_nodes_and_read_back() -> None:
    _, f = facts_of("complete-sow.md")
    data = json.loads(f.model_dump_json())
    assert "node" not in data["pricing_tables"][0]["lines"][0]
    assert data["pricing_model"] == "fixed-fee"
    assert data["pricing_tables"][0]["lines"][0]["amount"]["amount"] == "42000.00"
    back = CommercialFacts.model_validate_json(f.model_dump_json())
    assert numbers(back) == numbers(f)
    assert back.pricing_tables[0].lines[0].node is None
    assert any("Pricing table" in line for line in f.summary())


# --- tables of other shapes ------------------------------------------------------------------


def test_columns_in_any_order_and_wording() -> None:
    f = md(
        "## Fees\n\n"
        "| Amount (EUR) | Days | Day rate | Consultant |\n|---|---|---|---|\n"
        "| 12.000 | 10 | 1.200 | Lead architect |\n"
        "| 9.600,00 | 12 | 800 | Developer |\n"
        "| 21.600 | | | Grand total |\n"
    )
    (table,) = f.pricing_tables
    assert table.currency == "EUR"
    assert [(li.label, li.rate_unit, li.unit, li.extended(), li.amount.amount) for li in table.lines] == [  # type: ignore[union-attr]
        ("Lead architect", "day", "day", D(12000), D(12000)),
        ("Developer", "day", "day", D(9600), D("9600.00")),
    ]
    assert table.total is not None and table.total.amount is not None
    assert table.total.amount.amount == D(21600) and table.total.label == "Grand total"
    assert all(li.currency == "EUR" for li in table.lines)


def test_rates_per_hour_against_days_convert() -> None:
    f = md("| Role | Rate | Effort | Cost |\n|---|---|---|---|\n| Tester | $100/hr | 5 days | $4,000 |\n")
    (line,) = f.pricing_tables[0].lines
    assert (line.rate_unit, line.unit, line.extended()) == ("hour", "day", D(4000))


def test_subtotals_and_adjustments() -> None:
    f = md(
        "| Item | Amount |\n|---|---|\n| Build | $90,000 |\n| Test | $10,000 |\n"
        "| Subtotal | $100,000 |\n| Discount | ($5,000) |\n| VAT 20% | $19,000 |\n| Total | $114,000 |\n"
    )
    t = f.pricing_tables[0]
    assert t.subtotal is not None and t.subtotal.amount is not None and t.subtotal.after == 2
    assert t.line_sum(t.subtotal) == t.subtotal.amount.amount == D(100000)
    assert [li.adjustment for li in t.lines] == [False, False, True, True]
    assert t.total is not None and t.total.amount is not None
    assert t.line_sum() == t.total.amount.amount == D(114000)


def test_payment_schedule_with_reordered_columns_and_a_total_row() -> None:
    f = md(
        "## Invoicing\n\n| Amount | Share | Payment event | Due |\n|---|---|---|---|\n"
        "| EUR 10.000 | 25 % | Signature | 15.05.2027 |\n| EUR 30.000 | 75 % | Acceptance | 30.09.2027 |\n"
        "| EUR 40.000 | 100 % | Total | |\n"
    )
    (ps,) = f.payment_schedules
    assert [(p.label, p.share, p.amount.amount) for p in ps.payments] == [  # type: ignore[union-attr]
        ("Signature", D(25), D(10000)),
        ("Acceptance", D(75), D(30000)),
    ]
    assert ps.payments[1].date is not None and ps.payments[1].date.value == dt.date(2027, 9, 30)
    assert [(t.kind, t.share) for t in ps.totals] == [("total", D(100))]
    assert f.dayfirst is True


def test_amounts_under_a_payment_heading_are_a_payment_schedule() -> None:
    f = md(
        "## Payment Schedule\n\n| Milestone | Payment |\n|---|---|\n"
        "| Kickoff | $5,000 |\n| Go-live | $5,000 |\n"
    )
    assert f.pricing_tables == () and f.payment_schedules[0].amount_sum() == D(10000)


def test_schedule_with_start_and_end_columns_gives_a_period() -> None:
    f = md(
        "| Phase | Start | End | Duration |\n|---|---|---|---|\n"
        "| Discovery | 2027-05-03 | 2027-05-28 | 4 weeks |\n"
        "| Period of performance | May 3, 2027 | Q4 2027 | |\n"
        "| Build | Week 5 | Week 12 | 8 weeks |\n"
    )
    (s,) = f.schedules
    assert s.subject == "milestones"
    first, pop, build = s.milestones
    assert (first.start.value, first.end.value) == (dt.date(2027, 5, 3), dt.date(2027, 5, 28))  # type: ignore[union-attr]
    assert first.duration is not None and first.duration.working_days == D(20)
    assert build.start is not None and build.start.kind == "relative" and build.start.relative_value == 5
    (period,) = f.periods
    assert period.node is pop.node and period.end is not None and period.end.end == dt.date(2027, 12, 31)


def test_invalid_dates_anywhere_are_reported_where_they_stand() -> None:
    f = md("| Milestone | Date |\n|---|---|\n| Kickoff | 2027-02-30 |\n\nGo-live on 31 April 2027.\n")
    assert [(d.date.raw, d.location.line) for d in f.invalid_dates] == [
        ("2027-02-30", 3),
        ("31 April 2027", 5),
    ]
    assert f.schedules[0].milestones[0].date is not None and f.schedules[0].milestones[0].date.valid is False


def test_effort_and_staffing_tables() -> None:
    f = md(
        "| Workstream | Person-days |\n|---|---|\n| Discovery | 10 |\n| Build | 40 |\n| Total | 50 |\n\n"
        "| Role | FTE | Headcount |\n|---|---|---|\n| Developer | 100% | 2 |\n| Designer | 1/2 | 1 |\n"
    )
    (effort,) = f.effort_tables
    assert [(e.label, e.quantity, e.hours) for e in effort.lines] == [
        ("Discovery", D(10), D(80)),
        ("Build", D(40), D(320)),
    ]
    assert [t.quantity for t in effort.totals] == [D(50)]
    assert [(s.role, s.count, s.allocation) for s in f.staffing] == [
        ("Developer", D(2), D(1)),
        ("Designer", D(1), D("0.5")),
    ]


def test_numbered_rows_are_not_an_effort_table() -> None:
    f = md("| No. | Event | Due |\n|---|---|---|\n| 1 | Questions due | 1 week after release |\n")
    assert f.effort_tables == ()


def test_docx_table_with_merged_cells(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_heading("Pricing", level=1)
    t = d.add_table(rows=5, cols=5)
    rows = [
        ("Role", "Phase", "Rate", "Hours", "Amount"),
        ("Data Engineer", "Build", "€150.00", "100", "€15.000,00"),
        ("", "Run", "€150.00", "40", "€6.000,00"),
        ("Project Manager", "All", "€1.200 per day", "10 days", "€12.000,00"),
        ("Total", "", "", "", "€33.000,00"),
    ]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            t.cell(r, c).text = text
    t.cell(1, 0).merge(t.cell(2, 0))  # "Data Engineer" spans two rows
    t.cell(1, 0).text = "Data Engineer"
    t.cell(4, 0).merge(t.cell(4, 3))  # "Total" spans four columns
    t.cell(4, 0).text = "Total"
    path = tmp_path / "merged.docx"
    d.save(str(path))
    doc = read_document(path)
    assert [len(r.cells) for r in doc.all_blocks()[0].rows] == [5, 4, 5, 2]  # type: ignore[union-attr]
    (table,) = extract_facts(doc).pricing_tables
    assert [(li.label, li.extended(), li.amount.amount) for li in table.lines] == [  # type: ignore[union-attr]
        ("Data Engineer", D(15000), D("15000.00")),
        ("Data Engineer", D(6000), D("6000.00")),
        ("Project Manager", D(12000), D("12000.00")),
    ]
    assert table.total is not None and table.total.amount is not None
    assert table.line_sum() == table.total.amount.amount == D(33000)
    assert table.lines[1].location.row == 2 and table.lines[1].location.block == 2


# --- prose ---------------------------------------------------------------------------------------


def test_totals_caps_and_rates_in_prose() -> None:
    f = md(
        "The total fixed fee is USD 120,000. Additional work is billed at $150 per hour.\n\n"
        "Fees will not exceed EUR 80.000 in any quarter.\n\n"
        "Travel is billed at cost and capped at $5,000.\n\n"
        "The Court will pay up to $2 million for services and authorized travel.\n"
    )
    assert [(s.kind, s.applies_to, s.amount.amount, s.currency) for s in f.stated_amounts] == [
        ("total", "fees", D(120000), "USD"),
        ("cap", "fees", D(80000), "EUR"),
        ("cap", "expenses", D(5000), "USD"),
        ("cap", "fees", D(2000000), "USD"),
    ]
    rate = next(m for m in f.amounts if m.money.amount == D(150))
    assert rate.per == "hour"
    first = f.stated_amounts[0]
    assert first.span is not None and first.node is not None
    assert first.node.text[first.span[0] : first.span[1]] == "USD 120,000"
    assert f.currencies() == {"USD", "EUR"}


@pytest.mark.parametrize(
    ("text", "model"),
    [
        (
            "Pricing model: Time and materials\n\nThe total is not to exceed $80,000.\n",
            "capped-time-and-materials",
        ),
        ("Pricing model: Time and materials\n\nTravel is capped at $5,000.\n", "time-and-materials"),
        (
            "This is not a fixed-fee engagement; work is billed on a time and materials basis.\n",
            "time-and-materials",
        ),
        ("Contract type: Firm-Fixed-Price.\n\nChange requests are priced as T&M.\n", "fixed-fee"),
        ("The work is a fixed price. Support is billed as T&M.\n", "mixed"),
        ("A monthly retainer covers up to 20 hours.\n", "retainer"),
        ("We will build a dashboard.\n", None),
    ],
)
def test_pricing_model(text: str, model: str | None) -> None:
    assert md(text).pricing_model == model


def test_period_duration_and_staffing_in_prose() -> None:
    f = md(
        "This SOW takes effect on 2025-03-03 and ends on 2025-08-29.\n\n"
        "The engagement lasts 6 weeks. Feedback is due within 10 business days.\n\n"
        "The team is 2 developers at 100% and a Project Manager (0.5 FTE).\n"
    )
    (period,) = f.periods
    assert (period.start.value, period.end.value) == (dt.date(2025, 3, 3), dt.date(2025, 8, 29))  # type: ignore[union-attr]
    assert [(d.duration.value, d.duration.unit) for d in f.durations] == [(D(6), "week")]
    assert [(s.role, s.count, s.allocation) for s in f.staffing] == [
        ("developer", D(2), D(1)),
        ("Project Manager", None, D("0.5")),
    ]


def test_period_of_performance_with_a_quarter() -> None:
    f = md("Period of performance: 15 May 2027 to Q3 2027\n")
    assert f.period is not None and f.period.label == "Period of performance"
    assert f.period.start is not None and f.period.start.value == dt.date(2027, 5, 15)
    assert f.period.end is not None and f.period.end.end == dt.date(2027, 9, 30)


@pytest.mark.parametrize(
    ("text", "dayfirst", "day"),
    [
        ("Kickoff 13/02/2027. Review 05/06/2027.", True, dt.date(2027, 6, 5)),
        ("Kickoff 02/13/2027. Review 05/06/2027.", False, dt.date(2027, 5, 6)),
        ("Fee $5,000. Review 05/06/2027.", False, dt.date(2027, 5, 6)),
        ("Fee EUR 5.000. Review 05/06/2027.", None, dt.date(2027, 6, 5)),
    ],
)
def test_the_document_decides_day_month_order(text: str, dayfirst: bool | None, day: dt.date) -> None:
    f = md(text + "\n")
    assert f.dayfirst is dayfirst
    assert f.dates[-1].date.value == day


def test_declared_dollar_currency_reads_the_dollar_sign() -> None:
    f = md("Currency: CAD\n\n| Item | Amount |\n|---|---|\n| Build | $5,000 |\n")
    assert f.currency == "CAD"
    assert f.pricing_tables[0].lines[0].currency == "CAD"
    assert f.amounts[0].money.currency == "CAD"


# --- SOW-as-code -----------------------------------------------------------------------------


def test_yaml_effort_staffing_and_models() -> None:
    text = (
        "title: Pilot\n"
        "pricing:\n  model: time-and-materials\n  currency: EUR\n  not_to_exceed: 80000\n"
        "  line_items:\n    - {role: Developer, rate: 100, quantity: 400, unit: hours, amount: 40000}\n"
        "roles:\n  - {name: Developer, party: Vendor, count: 2, allocation: 0.5}\n"
        "effort:\n  - {category: Discovery, days: 10}\n  - {category: Build, hours: 320}\n"
    )
    f = extract_facts(parse_yaml(text, "pilot.yaml"))
    assert f.pricing_model == "capped-time-and-materials"
    assert [(c.amount.amount, c.currency) for c in f.caps] == [(D(80000), "EUR")]
    assert [(s.role, s.count, s.allocation) for s in f.staffing] == [("Developer", D(2), D("0.5"))]
    (effort,) = f.effort_tables
    assert [(e.label, e.hours) for e in effort.lines] == [("Discovery", D(80)), ("Build", D(320))]
    retainer = extract_facts(parse_yaml("title: Care\npricing:\n  model: retainer\n", "care.yaml"))
    assert retainer.pricing_model == "retainer"


# --- the data file -------------------------------------------------------------------------------


def test_facts_data_errors_name_the_field() -> None:
    import yaml

    from sowlint.resources import rules_dir

    data = yaml.safe_load((rules_dir() / "facts.yaml").read_text(encoding="utf-8"))
    load_facts_data()  # the shipped file compiles
    broken = json.loads(json.dumps(data))
    broken["text"]["cap_cues"] = ["(unclosed"]
    with pytest.raises(FactsDataError, match=r"text\.cap_cues\[0\]"):
        parse_facts_data(broken, "facts.yaml")
    reordered = json.loads(json.dumps(data))
    reordered["columns"] = dict(reversed(list(data["columns"].items())))
    with pytest.raises(FactsDataError, match="in this order"):
        parse_facts_data(reordered, "facts.yaml")


def test_yaml_amounts_are_read_exactly() -> None:
    text = (
        "title: X\npricing:\n  currency: CHF\n  line_items:\n"
        "    - {item: Licences, rate: 12.345, quantity: 3, unit: each, amount: 37.035}\n"
        "    - {role: Coach, rate: 4000, quantity: 2, unit: weeks, amount: 8000}\n"
        "  total: 8037.035\n"
    )
    (table,) = extract_facts(parse_yaml(text, "x.yaml")).pricing_tables
    assert [(li.rate.amount, li.quantity, li.unit, li.extended()) for li in table.lines] == [  # type: ignore[union-attr]
        (D("12.345"), D(3), None, D("37.035")),
        (D(4000), D(2), "week", D(8000)),
    ]
    assert table.total is not None and table.total.amount is not None
    assert table.line_sum() == table.total.amount.amount == D("8037.035")


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("Rates: $210.00 per hour; licences $12.345 each.", ".", D("12.345")),
        ("Tagessatz EUR 1.200,50; Lizenz EUR 12.345.", ",", D(12345)),
        ("Licences $12.345 each.", None, D(12345)),
    ],
)
def test_the_document_decides_the_decimal_separator(text: str, decimal: str | None, value: Decimal) -> None:
    f = md(text + "\n")
    assert decimal_convention([m.money.raw for m in f.amounts]) == decimal
    assert f.amounts[-1].money.amount == value
