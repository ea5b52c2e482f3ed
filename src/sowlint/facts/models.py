"""The commercial facts of a SOW as frozen, serialisable pydantic models.

Every fact keeps ``location`` and ``text`` (the row as ``a | b | c``, or the sentence) for JSON and
``sowlint parse``, and ``node``: the Row, Cell, Paragraph, ListItem or Section it was read from,
excluded from serialisation, so a rule yields ``Hit(node=fact.node, excerpt=fact.text, ...)`` and
the engine's suppression and reading order work on the real node.  A fact rebuilt from JSON has
``node=None``; use ``location`` then.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SkipValidation, computed_field

from sowlint.facts.numbers import HOURS_PER_DAY, DateValue, Duration, DurationUnit, Money, format_money
from sowlint.model import Cell, ListItem, Location, Paragraph, Row, Section, Table

FactNode = Paragraph | ListItem | Table | Row | Cell | Section
PricingModel = Literal["fixed-fee", "time-and-materials", "capped-time-and-materials", "retainer", "mixed"]


class Fact(BaseModel):
    """Base of every fact: where it stands, the text it was read from, and (not serialised) the node."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    location: Location
    text: str
    node: SkipValidation[FactNode | None] = Field(default=None, exclude=True, repr=False)


def _hours(value: Decimal, unit: DurationUnit | None) -> Decimal | None:
    """``value`` in ``unit`` converted to hours (days at :data:`HOURS_PER_DAY`); None for other units."""
    if unit == "hour":
        return value
    if unit == "day":
        return value * HOURS_PER_DAY
    return None


class LineItem(Fact):
    """One pricing line: label, rate (per ``rate_unit``), quantity (in ``unit``) and amount."""

    label: str
    #: A discount, tax, contingency or expense line rather than priced work.
    adjustment: bool = False
    rate: Money | None = None
    rate_unit: DurationUnit | None = None
    quantity: Decimal | None = None
    unit: DurationUnit | None = None
    amount: Money | None = None
    #: The line's currency: written in its cells, else the column's, the table's or the document's.
    currency: str | None = None

    def extended(self) -> Decimal | None:
        """rate x quantity, converting between hours and days when the rate is per the other unit."""
        if self.rate is None or self.quantity is None:
            return None
        qty = self.quantity
        if self.rate_unit and self.unit and self.rate_unit != self.unit:
            hours = _hours(qty, self.unit)
            if hours is None or self.rate_unit not in ("hour", "day"):
                return None
            qty = hours if self.rate_unit == "hour" else hours / HOURS_PER_DAY
        return self.rate.amount * qty


class TotalLine(Fact):
    """A total or subtotal row; ``after`` is how many line items (or payments) stand above it."""

    label: str
    kind: Literal["total", "subtotal"]
    amount: Money | None = None
    quantity: Decimal | None = None
    share: Decimal | None = None
    currency: str | None = None
    after: int = 0


class _TableFact(Fact):
    """Base of the table facts: the header and which column plays which role (0-based)."""

    header: tuple[str, ...] = ()
    columns: dict[str, int] = Field(default_factory=dict)


class PricingTable(_TableFact):
    """A pricing table: its line items and its subtotal/total rows."""

    currency: str | None = None
    lines: tuple[LineItem, ...] = ()
    totals: tuple[TotalLine, ...] = ()

    def line_sum(self, upto: TotalLine | None = None) -> Decimal | None:
        """Sum of the line amounts above ``upto`` (all lines if None); None if no line has an amount."""
        count = upto.after if upto is not None else len(self.lines)
        amounts = [li.amount.amount for li in self.lines[:count] if li.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None

    @property
    def total(self) -> TotalLine | None:
        """The last total row (not a subtotal), if any."""
        found = [t for t in self.totals if t.kind == "total"]
        return found[-1] if found else None

    @property
    def subtotal(self) -> TotalLine | None:
        """The first subtotal row, if any."""
        found = [t for t in self.totals if t.kind == "subtotal"]
        return found[0] if found else None


class Payment(Fact):
    """One payment: the event that triggers it, its share of the fee (30 for 30%) and/or amount."""

    label: str
    share: Decimal | None = None
    amount: Money | None = None
    date: DateValue | None = None
    currency: str | None = None


class PaymentSchedule(_TableFact):
    """A payment-schedule table."""

    currency: str | None = None
    payments: tuple[Payment, ...] = ()
    totals: tuple[TotalLine, ...] = ()

    def share_sum(self) -> Decimal | None:
        """Sum of the payment shares (percent); None if no payment states one."""
        shares = [p.share for p in self.payments if p.share is not None]
        return sum(shares, Decimal(0)) if shares else None

    def amount_sum(self) -> Decimal | None:
        """Sum of the payment amounts; None if no payment states one."""
        amounts = [p.amount.amount for p in self.payments if p.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None


class Milestone(Fact):
    """A dated row of a schedule: a date, or a start and an end, and/or a duration."""

    label: str
    date: DateValue | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    duration: Duration | None = None


class Schedule(_TableFact):
    """A table of dated items; ``subject`` says what they are, from the header and section title."""

    subject: Literal["milestones", "deliverables", "payments", "dependencies", "other"] = "other"
    milestones: tuple[Milestone, ...] = ()


class EffortLine(Fact):
    """One line of an effort estimate: a category, role or phase and its effort."""

    label: str
    quantity: Decimal
    unit: DurationUnit | None = None

    @property
    def hours(self) -> Decimal | None:
        """The effort in hours (days at ``HOURS_PER_DAY``); None when the unit is unknown."""
        return _hours(self.quantity, self.unit)


class EffortTable(_TableFact):
    """An effort table (hours or days per category, with no prices)."""

    lines: tuple[EffortLine, ...] = ()
    totals: tuple[TotalLine, ...] = ()


class Staffing(Fact):
    """A role and how much of it is staffed: ``count`` people at ``allocation`` (1 = full time)."""

    role: str
    count: Decimal | None = None
    allocation: Decimal | None = None
    span: tuple[int, int] | None = None


class StatedAmount(Fact):
    """A total or a cap stated in the text ("The total fixed fee is USD 120,000", "not to exceed ...")."""

    kind: Literal["total", "cap"]
    amount: Money
    currency: str | None = None
    #: What a cap limits: the fees, or expenses only (travel, materials).
    applies_to: Literal["fees", "expenses"] = "fees"
    span: tuple[int, int] | None = None


class MoneyMention(Fact):
    """Any amount of money written in the document (text or table cell), with its currency."""

    money: Money
    currency: str | None = None
    #: The unit of a rate written as one ("$150 per hour" -> ``hour``; ``other`` for "per trip").
    per: str | None = None
    span: tuple[int, int] | None = None


class PricingModelMention(Fact):
    """A pricing model named in the text; ``declared`` when a line states it ("Pricing model: ...")."""

    model: Literal["fixed-fee", "time-and-materials", "capped-time-and-materials", "retainer"]
    declared: bool = False
    span: tuple[int, int] | None = None


class Period(Fact):
    """A period of performance (or base/option period): its start and/or end."""

    label: str = ""
    start: DateValue | None = None
    end: DateValue | None = None


class StatedDuration(Fact):
    """How long the engagement lasts, as the text states it ("The engagement lasts 6 weeks")."""

    duration: Duration
    span: tuple[int, int] | None = None


class DateMention(Fact):
    """Any date written in the document (valid or not), with where it stands."""

    date: DateValue


class CurrencyDeclaration(Fact):
    """A line declaring the document's currency ("Currency: USD", "All amounts are in EUR")."""

    currency: str


class CommercialFacts(BaseModel):
    """Everything sowlint understood of a SOW's numbers (its JSON reads back; computed fields are ignored)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    path: str
    #: The document's currency: declared, else the one most written; None if no amount names one.
    currency: str | None = None
    #: How ambiguous numeric dates were read: True day-first, False month-first, None undecided (day-first).
    dayfirst: bool | None = None
    pricing_tables: tuple[PricingTable, ...] = ()
    payment_schedules: tuple[PaymentSchedule, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    effort_tables: tuple[EffortTable, ...] = ()
    staffing: tuple[Staffing, ...] = ()
    periods: tuple[Period, ...] = ()
    durations: tuple[StatedDuration, ...] = ()
    stated_amounts: tuple[StatedAmount, ...] = ()
    pricing_models: tuple[PricingModelMention, ...] = ()
    currency_declarations: tuple[CurrencyDeclaration, ...] = ()
    amounts: tuple[MoneyMention, ...] = ()
    dates: tuple[DateMention, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pricing_model(self) -> PricingModel | None:
        """The pricing model: the declared one(s), else the ones mentioned; T&M with a fee cap is capped."""
        declared = {m.model for m in self.pricing_models if m.declared}
        models: set[str] = set(declared) or {m.model for m in self.pricing_models}
        if not models:
            return None
        if "capped-time-and-materials" in models:
            models.discard("time-and-materials")
        if models == {"time-and-materials"} and self.caps:
            return "capped-time-and-materials"
        if len(models) == 1:
            return models.pop()  # type: ignore[return-value]
        return "mixed"

    @property
    def caps(self) -> tuple[StatedAmount, ...]:
        """Caps on the fees stated in the text (not-to-exceed, ceiling, capped at)."""
        return tuple(s for s in self.stated_amounts if s.kind == "cap" and s.applies_to == "fees")

    @property
    def stated_totals(self) -> tuple[StatedAmount, ...]:
        """Totals stated in the text."""
        return tuple(s for s in self.stated_amounts if s.kind == "total")

    @property
    def period(self) -> Period | None:
        """The period of performance: the first one labelled so, else the first with a start or an end."""
        for p in self.periods:
            if "performance" in p.label.lower() and (p.start or p.end):
                return p
        for p in self.periods:
            if p.start or p.end:
                return p
        return None

    @property
    def milestones(self) -> tuple[Milestone, ...]:
        """Every milestone of every schedule table, in document order."""
        return tuple(m for s in self.schedules for m in s.milestones)

    @property
    def invalid_dates(self) -> tuple[DateMention, ...]:
        """Dates that do not exist (``2027-02-30``)."""
        return tuple(d for d in self.dates if not d.date.valid)

    def currencies(self) -> set[str]:
        """Every currency an amount names explicitly."""
        return {m.money.currency for m in self.amounts if m.money.currency}

    def summary(self) -> list[str]:
        """What sowlint understood, as lines a person reads (``sowlint parse``)."""
        out: list[str] = []
        if self.pricing_model:
            out.append(f"Pricing model: {self.pricing_model}")
        if self.currency:
            out.append(f"Currency: {self.currency}")
        for t in self.pricing_tables:
            out.append(f"Pricing table ({t.location.describe()}):")
            for li in t.lines:
                parts = [li.label or "(no label)"]
                if li.rate is not None:
                    per = f"/{li.rate_unit}" if li.rate_unit else ""
                    parts.append(f"rate {format_money(li.rate.amount, li.currency)}{per}")
                if li.quantity is not None:
                    parts.append(f"qty {li.quantity}{' ' + li.unit + 's' if li.unit else ''}")
                if li.amount is not None:
                    parts.append(f"amount {format_money(li.amount.amount, li.currency)}")
                out.append("  - " + ", ".join(parts))
            for tl in t.totals:
                value = format_money(tl.amount.amount, tl.currency) if tl.amount else "(no amount)"
                out.append(f"  = {tl.kind} {value} ({tl.label})")
        for ps in self.payment_schedules:
            out.append(f"Payment schedule ({ps.location.describe()}):")
            for p in ps.payments:
                share = f"{p.share}%" if p.share is not None else "-"
                amount = format_money(p.amount.amount, p.currency) if p.amount else "-"
                out.append(f"  - {p.label}: {share}, {amount}")
        for period in self.periods:
            start = period.start.raw if period.start else "?"
            end = period.end.raw if period.end else "?"
            out.append(f"Period{' (' + period.label + ')' if period.label else ''}: {start} to {end}")
        for d in self.durations:
            out.append(f"Duration: {d.duration.raw}")
        for s in self.schedules:
            out.append(f"Schedule of {s.subject} ({s.location.describe()}):")
            for m in s.milestones:
                when = m.date.raw if m.date else (f"{m.start.raw}-{m.end.raw}" if m.start and m.end else "-")
                out.append(f"  - {m.label}: {when}")
        for e in self.effort_tables:
            out.append(f"Effort table ({e.location.describe()}):")
            for el in e.lines:
                out.append(f"  - {el.label}: {el.quantity}{' ' + el.unit + 's' if el.unit else ''}")
        for st in self.staffing:
            count = f"{st.count} x " if st.count is not None else ""
            alloc = f" at {st.allocation} FTE" if st.allocation is not None else ""
            out.append(f"Staffing: {count}{st.role}{alloc}")
        for sa in self.stated_amounts:
            extra = f" ({sa.applies_to})" if sa.kind == "cap" else ""
            out.append(f"Stated {sa.kind}{extra}: {format_money(sa.amount.amount, sa.currency)}")
        for dm in self.invalid_dates:
            out.append(f"Invalid date: {dm.date.raw} ({dm.date.reason})")
        return out
