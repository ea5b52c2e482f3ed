"""SOW402 rate-times-hours-mismatch: a pricing line's rate x quantity differs from its amount.

Units count: a rate per hour against a quantity in days converts at 8 hours a day (see
:meth:`sowlint.facts.LineItem.extended`), and a rate per week or month against hours is not
compared at all.  Three readings are left alone because they are more often the extraction's
mistake than the author's: a table whose quantity column counts per period ("Hours per week"),
a table where every line disagrees (the columns mean something else), and a line whose quantity
has no unit against a time rate when the result is off by more than five times (a head count
read as hours).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from sowlint.checks.sow401_pricing_total_mismatch import MoneyTolerance
from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document

if TYPE_CHECKING:
    from sowlint.facts import LineItem, PricingTable

#: A quantity column counted per period, not in total ("Hours per week", "Days/month").
_PER_PERIOD_RE = re.compile(
    r"\bper\s+(?:week|month|sprint|iteration|year|quarter|person|resource|fte)\b|/\s*(?:wk|week|mo|month|"
    r"sprint|yr|year)\b|\b(?:weekly|monthly|annual|yearly)\b",
    re.IGNORECASE,
)
_QUANTITY_ROLES = ("hours", "days", "quantity")
_UNIT_SHORT = {"hour": "h", "day": "days", "week": "weeks", "month": "months", "year": "years"}
_RATE_SHORT = {"hour": "/h", "day": "/day", "week": "/week", "month": "/month", "year": "/year"}
_TIME_UNITS = frozenset({"hour", "day", "week", "month", "year"})
#: How far off a line may be, either way, before a unitless quantity is taken as misread.
_MISREAD_FACTOR = Decimal(5)


def _per_period(table: PricingTable) -> bool:
    """True if a quantity column of the table counts per period."""
    cols = {table.columns[r] for r in _QUANTITY_ROLES if r in table.columns}
    return any(c < len(table.header) and _PER_PERIOD_RE.search(table.header[c]) for c in cols)


def _quantity_text(line: LineItem) -> str:
    from sowlint.facts import HOURS_PER_DAY, format_amount

    assert line.quantity is not None
    unit = _UNIT_SHORT.get(line.unit or "", "")
    if unit == "days" and line.quantity == 1:
        unit = "day"
    text = f"{format_amount(line.quantity)} {unit}".strip()
    if {line.unit, line.rate_unit} == {"hour", "day"}:
        hours = line.quantity * HOURS_PER_DAY if line.unit == "day" else line.quantity / HOURS_PER_DAY
        shown = format_amount(hours.normalize() if hours == hours.to_integral_value() else hours)
        text += (
            f" ({shown} {'h' if line.unit == 'day' else 'days'} at {format_amount(HOURS_PER_DAY)} h a day)"
        )
    return text


def _rate_text(line: LineItem) -> str:
    from sowlint.facts import format_money

    assert line.rate is not None
    return format_money(line.rate.amount, line.currency) + _RATE_SHORT.get(
        line.rate_unit or line.unit or "", ""
    )


class RateTimesHoursMismatch(Rule):
    """A pricing line's rate x quantity differs from the amount it states."""

    code = "SOW402"
    name = "rate-times-hours-mismatch"
    severity = Severity.ERROR
    summary = "A pricing line's rate x hours (or days, or units) differs from the line's amount."
    why = (
        "A line whose arithmetic is wrong prices work nobody estimated: either the hours, the rate or "
        "the amount is not what the parties agreed, and the invoice will follow whichever suits the "
        "side that writes it."
    )
    tags = ("commercial", "pricing", "consistency")
    fail_examples = (
        "## Pricing\n\n| Role | Rate | Hours | Amount |\n|---|---|---|---|\n"
        "| QA Analyst | $120.00 | 240 | $30,000.00 |\n",
        "## Fees\n\n| Consultant | Day rate | Days | Amount |\n|---|---|---|---|\n"
        "| Architect | EUR 1.200 | 10 | EUR 14.000 |\n",
    )
    pass_examples = (
        "## Pricing\n\n| Role | Rate | Hours | Amount |\n|---|---|---|---|\n"
        "| QA Analyst | $120.00 | 240 | $28,800.00 |\n",
        "## Pricing\n\n| Role | Rate | Effort | Cost |\n|---|---|---|---|\n"
        "| Tester | $100/hr | 5 days | $4,000 |\n",
    )

    class Options(MoneyTolerance):
        """Options of SOW402: ``tolerance`` (currency units, default 1) and ``relative-tolerance``."""

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per pricing row whose rate x quantity is not its amount."""
        from sowlint.facts import facts_for

        for table in facts_for(doc).pricing_tables:
            yield from self._table(table)

    def _table(self, table: PricingTable) -> Iterator[Hit]:
        from sowlint.facts import format_money

        if _per_period(table):
            return
        checked: list[tuple[LineItem, Decimal]] = []
        wrong: list[tuple[LineItem, Decimal]] = []
        for line in table.lines:
            if line.amount is None or line.rate is None or line.quantity is None:
                continue
            if line.amount.high is not None or line.rate.high is not None:
                continue
            extended = line.extended()
            if extended is None:
                continue
            checked.append((line, extended))
            stated = line.amount.amount
            if abs(stated - extended) > self.options.allowed(stated, (line.amount,)):
                wrong.append((line, extended))
        if len(checked) >= 2 and len(wrong) == len(checked):
            return  # every line disagrees: the columns are not rate, quantity and amount
        for line, extended in wrong:
            assert line.amount is not None
            stated = line.amount.amount
            if line.unit is None and line.rate_unit in _TIME_UNITS and self._misread(stated, extended):
                continue
            cur = line.currency
            label = f"{line.label}: " if line.label else ""
            message = (
                f"{label}{_quantity_text(line)} x {_rate_text(line)} = {format_money(extended, cur)}, "
                f"but the line says {format_money(stated, cur)} "
                f"(difference {format_money(abs(stated - extended), cur)})."
            )
            if line.node is not None:
                yield Hit(node=line.node, message=message, excerpt=line.text)

    @staticmethod
    def _misread(stated: Decimal, extended: Decimal) -> bool:
        """True if the two differ by more than :data:`_MISREAD_FACTOR` either way."""
        if stated <= 0 or extended <= 0:
            return True
        ratio = stated / extended
        return ratio > _MISREAD_FACTOR or ratio < 1 / _MISREAD_FACTOR
