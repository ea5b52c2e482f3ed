"""Parsing money, numbers, percentages, durations and dates as SOWs in several locales write them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from sowlint.facts import (
    HOURS_PER_DAY,
    WORKING_DAYS_PER_WEEK,
    add_business_days,
    business_days_between,
    find_dates,
    find_durations,
    find_money,
    find_percents,
    format_money,
    parse_date,
    parse_duration,
    parse_money,
    parse_number,
    parse_percent,
    parse_quantity,
    to_decimal,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        # US / UK
        ("USD 60,000", D(60000), "USD"),
        ("$60k", D(60000), "USD"),
        ("$1.2M", D(1200000), "USD"),
        ("£12,500.00", D("12500.00"), "GBP"),
        ("1,234.56 USD", D("1234.56"), "USD"),
        ("US$ 2,500", D(2500), "USD"),
        ("$2 million", D(2000000), "USD"),
        ("2.5 million USD", D(2500000), "USD"),
        ("$3bn", D(3000000000), "USD"),
        # German / French / Swiss / Brazilian / Indian
        ("EUR 1.200,50", D("1200.50"), "EUR"),
        ("1.200,50 €", D("1200.50"), "EUR"),
        ("60 000 €", D(60000), "EUR"),
        ("60\u202f000,00 €", D("60000.00"), "EUR"),
        ("€5m", D(5000000), "EUR"),
        ("CHF 12'000", D(12000), "CHF"),
        ("CHF 12'000.50", D("12000.50"), "CHF"),
        ("R$ 3.500,00", D("3500.00"), "BRL"),
        ("Rs. 1,00,000", D(100000), "INR"),
        ("5,000 euros", D(5000), "EUR"),
        # a single separator before three digits groups thousands, except after a lone 0
        ("EUR 1.200", D(1200), "EUR"),
        ("$1,200", D(1200), "USD"),
        ("$0.125", D("0.125"), "USD"),
        # three-decimal currencies
        ("KWD 1.250", D("1.250"), "KWD"),
        # negatives
        ("-$1,000", D(-1000), "USD"),
        ("($1,000)", D(-1000), "USD"),
        # a code after a sign names the currency
        ("$44,000 USD", D(44000), "USD"),
        ("USD $44,000", D(44000), "USD"),
    ],
)
def test_parse_money(text: str, amount: Decimal, currency: str) -> None:
    money = parse_money(text)
    assert money is not None, text
    assert money.amount == amount and money.currency == currency
    assert money.raw == text.strip()


def test_money_spans_point_at_the_text() -> None:
    text = "The fee is USD 60,000 plus 1.200,50 € for travel and $5k for licences."
    found = find_money(text)
    assert [text[m.span[0] : m.span[1]] for m in found] == ["USD 60,000", "1.200,50 €", "$5k"]
    assert [m.currency for m in found] == ["USD", "EUR", "USD"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("$50,000-$60,000", D(50000), D(60000)),
        ("USD 50-60k", D(50000), D(60000)),
        ("50-60k €", D(50000), D(60000)),
        ("$10 to $20", D(10), D(20)),
        ("USD 10,000 – 12,000", D(10000), D(12000)),
    ],
)
def test_money_ranges(text: str, low: Decimal, high: Decimal) -> None:
    found = find_money(text)
    assert len(found) == 1
    assert (found[0].amount, found[0].high) == (low, high)


@pytest.mark.parametrize(
    "text",
    ["Phase 2 USD 5,000", "in 2025 EUR 10,000"],
)
def test_a_code_between_numbers_prefixes_the_amount_after_it(text: str) -> None:
    found = find_money(text)
    assert len(found) == 1 and found[0].amount in (D(5000), D(10000))


@pytest.mark.parametrize(
    "text", ["$X", "$XXXXX per trip", "Objective $2$ is hard", "6 source systems", "ALL 6 systems", "PHP 8"]
)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


def test_a_range_dash_is_not_a_minus_sign_and_a_date_is_not_a_range_end() -> None:
    assert [(m.amount, m.high) for m in find_money("USD 1,000 - 2025-03-03")] == [(D(1000), None)]
    assert find_money("$10,000-$20,000")[0].amount == D(10000)


def test_bare_numbers_are_money_only_when_asked() -> None:
    assert parse_money("3,000") is None
    bare = parse_money("3,000", bare=True, currency="USD")
    assert bare is not None and bare.amount == D(3000) and bare.currency == "USD"


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1,200", None, D(1200)),
        ("1.200", None, D(1200)),
        ("1,200.50", None, D("1200.50")),
        ("1.200,50", None, D("1200.50")),
        ("1 200,5", None, D("1200.5")),
        ("12,5", None, D("12.5")),
        ("1.5", None, D("1.5")),
        ("1.200.000", None, D(1200000)),
        ("0.125", None, D("0.125")),
        ("1,200", ",", D("1.200")),
        ("1.200", ".", D("1.200")),
    ],
)
def test_decimal_separator_inference(text: str, decimal: str | None, value: Decimal) -> None:
    assert to_decimal(text, decimal=decimal) == value


def test_parse_number_reads_whole_cells_only() -> None:
    assert parse_number("640") == D(640)
    assert parse_number("(300)") == D(-300)
    assert parse_number("60k") == D(60000)
    assert parse_number("640 hours") is None
    assert parse_number("TBD") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("30%", D(30)), ("12,5 %", D("12.5")), ("15 percent", D(15)), ("7.5 per cent", D("7.5"))],
)
def test_parse_percent(text: str, value: Decimal) -> None:
    assert parse_percent(text) == value


def test_find_percents_keeps_numbers_apart() -> None:
    assert [p.value for p in find_percents("phase 30 100% done, 20% left")] == [D(100), D(20)]


@pytest.mark.parametrize(
    ("text", "value", "unit", "working_days"),
    [
        ("6 weeks", D(6), "week", D(30)),
        ("3 sprints of 2 weeks", D(6), "week", D(30)),
        ("3 two-week sprints", D(6), "week", D(30)),
        ("10 business days", D(10), "day", D(10)),
        ("15 days", D(15), "day", D(15)),
        ("120 hours", D(120), "hour", D(15)),
        ("120h", D(120), "hour", D(15)),
        ("two (2) weeks", D(2), "week", D(10)),
        ("1,5 days", D("1.5"), "day", D("1.5")),
        ("1 year", D(1), "year", D(260)),
    ],
)
def test_parse_duration(text: str, value: Decimal, unit: str, working_days: Decimal) -> None:
    d = parse_duration(text)
    assert d is not None
    assert (d.value, d.unit, d.working_days) == (value, unit, working_days)
    assert d.hours == working_days * HOURS_PER_DAY


def test_duration_conversions_and_bases() -> None:
    months = parse_duration("4 months")
    assert months is not None and months.working_days is not None
    assert round(months.working_days, 2) == D("86.67")
    calendar = parse_duration("14 calendar days")
    assert calendar is not None and calendar.basis == "calendar"
    assert calendar.working_days == 14 * WORKING_DAYS_PER_WEEK / 7
    effort = parse_duration("5 person-days")
    assert effort is not None and effort.effort and effort.hours == D(40)
    sprints = parse_duration("6 sprints")
    assert sprints is not None and sprints.unit == "sprint" and sprints.working_days is None
    assert find_durations("3D models and H2 planning") == []


def test_duration_add_to_dates() -> None:
    start = dt.date(2027, 1, 31)
    one_month = parse_duration("1 month")
    assert one_month is not None and one_month.add_to(start) == dt.date(2027, 2, 28)
    business = parse_duration("10 business days")
    assert business is not None and business.add_to(dt.date(2027, 5, 14)) == dt.date(2027, 5, 28)
    weeks = parse_duration("6 weeks")
    assert weeks is not None and weeks.add_to(dt.date(2027, 5, 3)) == dt.date(2027, 6, 14)


def test_business_days() -> None:
    assert business_days_between(dt.date(2025, 3, 3), dt.date(2025, 3, 14)) == 10
    assert business_days_between(dt.date(2025, 3, 8), dt.date(2025, 3, 9)) == 0
    assert business_days_between(dt.date(2025, 3, 10), dt.date(2025, 3, 3)) == 0
    assert add_business_days(dt.date(2025, 3, 7), 1) == dt.date(2025, 3, 10)


def test_parse_quantity() -> None:
    q = parse_quantity("25 days")
    assert q is not None and (q.value, q.unit) == (D(25), "day")
    q = parse_quantity("1,200")
    assert q is not None and (q.value, q.unit) == (D(1200), None)
    assert parse_quantity("Every sprint") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("15 May 2027", dt.date(2027, 5, 15)),
        ("2027-05-15", dt.date(2027, 5, 15)),
        ("May 15, 2027", dt.date(2027, 5, 15)),
        ("Sept. 5, 2027", dt.date(2027, 9, 5)),
        ("15th of May, 2027", dt.date(2027, 5, 15)),
        ("15-May-2027", dt.date(2027, 5, 15)),
        ("15/05/2027", dt.date(2027, 5, 15)),
        ("05/15/2027", dt.date(2027, 5, 15)),
        ("15.05.2027", dt.date(2027, 5, 15)),
        ("2024-02-29", dt.date(2024, 2, 29)),
        # shapes the patterns leave to dateutil
        ("2027 May 15", dt.date(2027, 5, 15)),
    ],
)
def test_parse_date_days(text: str, day: dt.date) -> None:
    d = parse_date(text)
    assert d is not None and d.kind == "day" and d.valid and d.value == day


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2027-02-30", "February 2027 has 28 days, not 30"),
        ("30 February 2027", "February 2027 has 28 days, not 30"),
        ("2025-02-29", "February 2025 has 28 days, not 29"),
        ("31/04/2027", "April 2027 has 30 days, not 31"),
        ("June 31, 2027", "June 2027 has 30 days, not 31"),
        ("2025-13-01", "there is no month 13"),
    ],
)
def test_impossible_dates_are_flagged_not_dropped(text: str, reason: str) -> None:
    d = parse_date(text)
    assert d is not None and d.valid is False and d.value is None and d.start is None
    assert d.reason == reason


def test_ambiguous_numeric_dates_follow_dayfirst() -> None:
    default = parse_date("05/06/2027")
    assert default is not None and default.ambiguous and default.value == dt.date(2027, 6, 5)
    us = parse_date("05/06/2027", dayfirst=False)
    assert us is not None and us.value == dt.date(2027, 5, 6)
    # an unambiguous date keeps its only reading whatever the convention
    uk = parse_date("13/02/2027", dayfirst=False)
    assert uk is not None and not uk.ambiguous and uk.value == dt.date(2027, 2, 13)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("Q3 2027", "quarter", dt.date(2027, 7, 1), dt.date(2027, 9, 30)),
        ("Q1/2026", "quarter", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2027-Q4", "quarter", dt.date(2027, 10, 1), dt.date(2027, 12, 31)),
        ("third quarter of 2027", "quarter", dt.date(2027, 7, 1), dt.date(2027, 9, 30)),
        ("H2 2026", "half", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("Feb 2024", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_periods_are_ranges(text: str, kind: str, start: dt.date, end: dt.date) -> None:
    d = parse_date(text)
    assert d is not None and (d.kind, d.start, d.end) == (kind, start, end)
    assert d.value is None


def test_relative_markers() -> None:
    d = parse_date("Week 6")
    assert d is not None and d.kind == "relative" and (d.relative_unit, d.relative_value) == ("week", 6)
    assert d.start is None
    assert find_dates("submitted in week 1") == []
    assert [x.relative_value for x in find_dates("by Sprint 4", relative=True)] == [4]


@pytest.mark.parametrize(
    "text", ["v1.2.3", "Q1 10 units", "TBD", "XX/XX/XXXX", "section 3.2.1", "Completed by 2027"]
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_spans() -> None:
    text = "Kickoff on 3 March 2025, go-live 2025-05-16 and review in Q3 2025."
    assert [text[d.span[0] : d.span[1]] for d in find_dates(text)] == [
        "3 March 2025",
        "2025-05-16",
        "Q3 2025",
    ]


def test_format_money() -> None:
    assert format_money(D("99900"), "EUR") == "EUR 99,900"
    assert format_money(D("1200.5"), "USD") == "USD 1,200.50"
    assert format_money(D("0.125"), None) == "0.125"


def test_dateutil_is_imported_only_when_needed() -> None:
    code = (
        "import sys; from sowlint.facts import parse_date, find_money; "
        "find_money('USD 5'); parse_date('2027-05-15'); print('dateutil' in sys.modules); "
        "parse_date('2027 May 15'); print('dateutil' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_unicode_case_folds_read_as_their_ascii_units() -> None:
    """The long s and the Kelvin sign match "s" and "k" case-insensitively; they must not crash the reader."""
    (weeks,) = find_durations("Delivery within two wk\u017f of award.")
    assert (weeks.value, weeks.unit) == (2, "week")
    (hours,) = find_durations("Support of 40 hour\u017f per month.")
    assert (hours.value, hours.unit) == (40, "hour")


def test_checking_text_with_unicode_case_folds_does_not_crash(tmp_path: Path) -> None:
    """A period written with a long s ("6 monthſ") once raised KeyError out of the facts reader."""
    sow = tmp_path / "folds.md"
    sow.write_text(
        "# Statement of Work\n\n## Schedule\n\nThe engagement runs for 6 month\u017f from award, "
        "with 3 \u212ars of testing.\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "sowlint", "check", "--isolated", "--no-cache", "--select", "ALL", str(sow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1, out.stderr
    assert out.stderr == ""
    parsed = subprocess.run(
        [sys.executable, "-m", "sowlint", "parse", "--format", "json", str(sow)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert parsed.returncode == 0, parsed.stderr
    durations = json.loads(parsed.stdout)["facts"]["durations"]
    assert [(d["duration"]["value"], d["duration"]["unit"]) for d in durations] == [("6", "month")]
