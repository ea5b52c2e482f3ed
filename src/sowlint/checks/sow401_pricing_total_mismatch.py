"""SOW401 pricing-total-mismatch: line items do not add up to the stated subtotal or total, or the
total stated in the text differs from the pricing table's.

A pricing table is read as segments: each subtotal or total row that states an amount closes one.
A total row is right when its amount equals one of the sums a reader could mean by it -- the
lines since the previous total row, every line above it, every line above it but the adjustments
(discount, tax, expenses: a subtotal before them), the previous subtotal plus the lines after it,
or the previous subtotals plus those lines -- with discounts counted as written and as deductions.
Only when none of them fits is it reported, with the most natural reading in the message (the
lines above a first total, a subtotal plus the lines after it, the lines since the previous
total).  A table with a row the extraction could not price (a ``VAT 20%`` row with no amount) is
not reported: its total cannot be recomputed.

The text's total ("The total fixed fee is USD 120,000") is compared with the table only when the
document has one pricing table and the sentence names the whole fee (a total fee, price, cost,
value or budget, not one phase, period, option or expense) and neither a cap nor a rate.

Also home of :class:`MoneyTolerance` and :func:`whole_fee`, shared by SOW402 and SOW403.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import ConfigDict, Field

from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Document, Table

if TYPE_CHECKING:
    from sowlint.facts import CommercialFacts, LineItem, Money, PricingTable, StatedAmount, TotalLine

#: A scale suffix written after the number (``$1.2M``, ``60k``, ``EUR 2 million``).
_SCALED_RE = re.compile(r"\d\s*(?:k|m|mn|mm|bn|b|thousand|million|billion)\b", re.IGNORECASE)
#: Lines that reduce the price: a positive amount on such a line may be meant as a deduction.
_DEDUCTION_RE = re.compile(r"\b(?:discounts?|rebates?|credits?|reductions?|less|savings?)\b", re.IGNORECASE)
#: A line the total may leave out: an option, something not included.
_NOT_COUNTED_RE = re.compile(
    r"\b(?:optional|option(?: \w+)?:|not included|excluded|if requested|on request|upon request|tbd|"
    r"at no (?:additional )?(?:cost|charge)|no charge|included)\b",
    re.IGNORECASE,
)
#: A row that adjusts the total by a rule rather than an amount (``VAT 20%``, ``Discount 5%``).
_ADJUSTMENT_ROW_RE = re.compile(
    r"%|\b(?:discounts?|rebates?|credits?|vat|gst|hst|tax(?:es)?|contingenc(?:y|ies)|expenses?|travel|"
    r"reserve|fees? waived|less)\b",
    re.IGNORECASE,
)
#: Words before the amount that make a stated total the whole fee.
_WHOLE_FEE_RE = re.compile(
    r"\b(?:total|overall|aggregate|entire|full)\b[^.;:$€£\d]{0,30}"
    r"\b(?:fees?|prices?|costs?|value|amount|budget|funding|compensation|investment|charges?|sum)\b"
    r"|\b(?:fixed|firm|lump[- ]sum|contract|project|engagement)\s+(?:fee|price|value|sum|budget)\b"
    r"|\b(?:fee|price|budget|investment|cost)\s+(?:for|of)\s+(?:this|the)\s+"
    r"(?:sow|statement of work|engagement|project|work|services)\b",
    re.IGNORECASE,
)
#: A line that is only a total and its amount ("Total: USD 250,000", "Total price: EUR 98.000").
_TOTAL_LABEL_RE = re.compile(
    r"^\W*(?:grand\s+)?total(?:\s+(?:price|fee|cost|value|amount))?\s*[:=–-]\s*$", re.IGNORECASE
)
#: Words that make a stated total part of the fee, or something else than the fee.
_PART_RE = re.compile(
    r"\b(?:phases?|stages?|option(?:al|s)?|years?|periods?|months?|monthly|weeks?|weekly|sprints?|"
    r"iterations?|milestones?|per|each|every|travel|expenses?|licen[cs]\w*|hosting|materials?|ODCs?|"
    r"other direct costs|contingenc\w*|tax(?:es)?|VAT|deposit|retainer|instal+ments?|payments?|"
    r"invoices?|CLINs?|tasks?|deliverables?|work ?packages?|workstreams?|modules?|releases?|"
    r"change|additional|extra|estimated|approximately|about|around|up to|not to exceed|ceiling|"
    r"maximum|minimum|excluding|exclusive|plus|including|inclusive|incl\.?|excl\.?)\b",
    re.IGNORECASE,
)
_CLAUSE_END_RE = re.compile(r"[,;.(]")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class MoneyTolerance(RuleOptions):
    """Rounding tolerances for comparing amounts (written ``tolerance`` and ``relative-tolerance``)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    tolerance: float = Field(
        1.0,
        ge=0,
        description="Difference accepted, in units of the currency (default 1: sums written to the cent "
        "or to whole units may round).",
    )
    relative_tolerance: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Difference accepted as a fraction of the stated amount (0.001 accepts 0.1%); the "
        "larger of the two tolerances applies.  Default 0: amounts written as '$1.2M' already get "
        "half their written precision.",
    )

    def allowed(self, reference: Decimal, written: Iterable[Money]) -> Decimal:
        """The difference accepted against ``reference``: the larger of the two tolerances, or half the
        precision of each amount written with a scale (``$1.2M`` is exact to USD 50,000) summed."""
        slack = sum((precision(m) / 2 for m in written), Decimal(0))
        absolute, relative = Decimal(str(self.tolerance)), Decimal(str(self.relative_tolerance))
        return max(absolute, relative * abs(reference), slack)


def precision(money: Money) -> Decimal:
    """How exactly an amount is written: 1 unit, or for ``$1.2M`` the last written digit (100,000)."""
    if not _SCALED_RE.search(money.raw):
        return Decimal(0)
    value = abs(int(money.amount))
    if value == 0:
        return Decimal(0)
    zeros = 0
    while value % 10 == 0:
        value //= 10
        zeros += 1
    return Decimal(10) ** zeros


def whole_fee(stated: StatedAmount, node_text: str) -> bool:
    """True if a stated total is the whole fee ("the total fixed fee is ..."), not a part, cap or rate."""
    if stated.kind != "total" or stated.amount.high is not None or stated.span is None:
        return False
    start, end = stated.span
    before = node_text[max(0, start - 120) : start]
    cut = _CLAUSE_END_RE.search(node_text, end)
    after = node_text[end : cut.start() if cut else len(node_text)]
    sentence_start = max(before.rfind(". "), before.rfind("; "))
    before = before[sentence_start + 1 :] if sentence_start >= 0 else before
    if _TOTAL_LABEL_RE.match(node_text[:start]):
        return not _PART_RE.search(after)
    if not _WHOLE_FEE_RE.search(before):
        return False
    return not _PART_RE.search(before) and not _PART_RE.search(after)


def node_text(fact: StatedAmount) -> str:
    """The text of the node a fact was read from (its sentence when the node is unknown)."""
    node = fact.node
    return node.text if node is not None else fact.text


@dataclass(frozen=True)
class _Reading:
    """One way to recompute a total row: the value, how the message says it, and the amounts used."""

    value: Decimal
    says: str
    amounts: tuple[Money, ...]


def _sums(lines: Sequence[LineItem]) -> list[tuple[Decimal, tuple[Money, ...]]]:
    """The sums of ``lines``: as written, and with positive discounts taken as deductions."""
    amounts = tuple(li.amount for li in lines if li.amount is not None)
    plain = sum((m.amount for m in amounts), Decimal(0))
    out = [(plain, amounts)]
    deducted = sum(
        (
            li.amount.amount
            for li in lines
            if li.amount is not None and li.amount.amount > 0 and _DEDUCTION_RE.search(li.label)
        ),
        Decimal(0),
    )
    if deducted:
        out.append((plain - 2 * deducted, amounts))
    return out


def _opaque(table: PricingTable) -> bool:
    """True if a row of the table adjusts the price by a rule the extraction could not read."""
    if not isinstance(table.node, Table):
        return False
    read = {id(f.node) for f in (*table.lines, *table.totals)}
    for row in table.node.rows:
        if id(row) not in read and _ADJUSTMENT_ROW_RE.search(row.text):
            return True
    return any(li.amount is None and li.adjustment for li in table.lines)


def _named(row: TotalLine) -> str:
    """How a message names a total row: ``the total``, ``the subtotal``, or its label."""
    label = " ".join(row.label.split())
    if label.lower().strip(" :") in ("total", "subtotal", "sub-total", "sub total", "grand total", "sum"):
        return "the subtotal" if row.kind == "subtotal" else "the total"
    return f"'{label}'"


def _readings(table: PricingTable, index: int) -> list[_Reading]:
    """Every sum a reader could mean by the ``index``-th total row, the most natural one first."""
    totals = [t for t in table.totals if t.amount is not None]
    row = totals[index]
    before = totals[:index]
    start = before[-1].after if before else 0
    segment = table.lines[start : row.after]
    everything = table.lines[: row.after]
    plain = [_Reading(v, "Line items sum to {sum}", used) for v, used in _sums(everything)]
    work = [li for li in everything if not li.adjustment]
    if len(work) < len(everything):
        plain += [_Reading(v, "Line items before adjustments sum to {sum}", u) for v, u in _sums(work)]
    counted = [li for li in everything if not _NOT_COUNTED_RE.search(li.text)]
    if len(counted) < len(everything):
        plain += [_Reading(v, "The included line items sum to {sum}", u) for v, u in _sums(counted)]
    if not before:
        return plain
    prev = before[-1]
    assert prev.amount is not None
    since: list[_Reading] = []
    running: list[_Reading] = []
    grouped: list[_Reading] = []
    earlier = [t.amount for t in before if t.amount is not None]
    for value, used in _sums(segment):
        since.append(_Reading(value, f"The line items after {_named(prev)} sum to {{sum}}", used))
        running.append(
            _Reading(
                prev.amount.amount + value,
                f"{_named(prev)[0].upper()}{_named(prev)[1:]} plus the lines after it comes to {{sum}}",
                (prev.amount, *used),
            )
        )
        if len(earlier) > 1:
            grouped.append(
                _Reading(
                    sum((m.amount for m in earlier), Decimal(0)) + value,
                    "The totals above it"
                    + (" and the lines after them" if segment else "")
                    + " come to {sum}",
                    (*earlier, *used),
                )
            )
    if not segment:
        return [*grouped, *plain, *running, *since]
    if prev.kind == "subtotal" or all(li.adjustment for li in segment):
        return [*running, *plain, *since, *grouped]
    return [*since, *plain, *running, *grouped]


def _currency(table: PricingTable, row: TotalLine) -> str | None:
    return row.currency or table.currency


def _one_currency(table: PricingTable) -> bool:
    """True if the table's written amounts name at most one currency."""
    written = {
        m.currency
        for li in table.lines
        for m in (li.amount, li.rate)
        if m is not None and m.currency is not None
    }
    written |= {t.amount.currency for t in table.totals if t.amount is not None and t.amount.currency}
    return len(written) <= 1


class PricingTotalMismatch(Rule):
    """A pricing table's line items do not add up to its total, or the text's total differs from it."""

    code = "SOW401"
    name = "pricing-total-mismatch"
    severity = Severity.ERROR
    summary = (
        "The line items of a pricing table do not add up to its subtotal or total, or the total stated "
        "in the text differs from the table's."
    )
    why = (
        "When the lines and the total disagree, each party signs a different price: the buyer reads "
        "the total, the vendor invoices the lines, and the difference becomes a dispute or a "
        "change order nobody budgeted."
    )
    tags = ("commercial", "pricing", "consistency")
    fail_examples = (
        "## Pricing\n\n| Item | Amount |\n|---|---|\n| Discovery | EUR 40,000 |\n"
        "| Build | EUR 59,900 |\n| Total | EUR 98,000 |\n",
        "## Pricing\n\n| Item | Amount |\n|---|---|\n| Discovery | $40,000 |\n| Build | $80,000 |\n"
        "| Total | $120,000 |\n\nThe total fixed fee is $125,000.\n",
    )
    pass_examples = (
        "## Pricing\n\n| Item | Amount |\n|---|---|\n| Discovery | EUR 40,000 |\n"
        "| Build | EUR 58,000 |\n| Total | EUR 98,000 |\n\nThe total fixed fee is EUR 98,000.\n",
        "## Pricing\n\n| Item | Amount |\n|---|---|\n| Build | $90,000 |\n| Test | $10,000 |\n"
        "| Subtotal | $100,000 |\n| Discount | $5,000 |\n| Total | $95,000 |\n",
    )

    class Options(MoneyTolerance):
        """Options of SOW401: ``tolerance`` (currency units, default 1) and ``relative-tolerance``."""

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per total row that no reading of the lines gives, and per stated total that
        differs from the only pricing table."""
        from sowlint.facts import facts_for

        facts = facts_for(doc)
        for table in facts.pricing_tables:
            yield from self._table(table)
        yield from self._stated(facts)

    def _table(self, table: PricingTable) -> Iterator[Hit]:
        from sowlint.facts import format_money

        if not _one_currency(table):
            return
        totals = [t for t in table.totals if t.amount is not None]
        opaque: bool | None = None
        for index, row in enumerate(totals):
            assert row.amount is not None
            if row.amount.high is not None or row.after == 0:
                continue
            stated = row.amount.amount
            readings = _readings(table, index)
            if any(
                abs(r.value - stated) <= self.options.allowed(stated, (row.amount, *r.amounts))
                for r in readings
            ):
                continue
            if opaque is None:
                opaque = _opaque(table)
            if opaque:
                return
            best = readings[0]
            cur = _currency(table, row)
            message = (
                best.says.format(sum=format_money(best.value, cur))
                + f" but {_named(row)} says {format_money(stated, cur)}"
                + f" (difference {format_money(abs(stated - best.value), cur)})."
            )
            if row.node is not None:
                yield Hit(node=row.node, message=message, excerpt=row.text)

    def _stated(self, facts: CommercialFacts) -> Iterator[Hit]:
        from sowlint.facts import format_money

        tables = [t for t in facts.pricing_tables if any(li.amount is not None for li in t.lines)]
        if len(tables) != 1 or not _one_currency(tables[0]):
            return
        table = tables[0]
        total = table.total
        line_sum = table.line_sum()
        if total is not None and total.amount is not None:
            reference, what = total.amount.amount, "the pricing table's total is"
        elif line_sum is not None and not table.totals:
            reference, what = line_sum, "the pricing table's lines sum to"
        else:
            return
        written = [m for li in table.lines for m in (li.amount,) if m is not None]
        written += [t.amount for t in table.totals if t.amount is not None]
        known = {m.amount for m in written} | ({line_sum} if line_sum is not None else set())
        cur = (total.currency if total is not None else None) or table.currency
        for stated in facts.stated_totals:
            if stated.node is None or not whole_fee(stated, node_text(stated)):
                continue
            if stated.currency and cur and stated.currency != cur:
                continue
            value = stated.amount.amount
            if any(abs(value - k) <= self.options.allowed(value, [stated.amount, *written]) for k in known):
                continue
            message = (
                f"The text states a total of {format_money(value, stated.currency or cur)} but {what} "
                f"{format_money(reference, cur)}"
                f" (difference {format_money(abs(value - reference), cur)})."
            )
            yield Hit(node=stated.node, message=message, excerpt=stated.text, span=stated.span)
