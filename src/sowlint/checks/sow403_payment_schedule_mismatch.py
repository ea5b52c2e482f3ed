"""SOW403 payment-schedule-mismatch: payment shares do not sum to 100%, or payment amounts do not
sum to the fee.

Only tables about paying the fee are read: their header, section title or lead-in names payments,
invoices, instalments or the fee (a table of percentages is a payment schedule to the facts, but
"Milestone | % complete" measures progress).

One finding per payment schedule, at its total row (or its last payment), naming every mismatch
it has.  Shares are compared only when every payment states one, amounts only when every payment
states one.  The fee is the one amount the document gives for the whole price: the total of its
pricing table (or the sum of that table's lines when it is the only one, has no total row, and
prices a fixed fee once -- no adjustments, no monthly lines), or a whole-fee total stated in the
text (see :func:`~sowlint.checks.sow401_pricing_total_mismatch.whole_fee`); when these give
different amounts, the payments are compared only with the schedule's own total row.  A
schedule of recurring payments ("Monthly", "each sprint") is a rate, not instalments, and is left
alone, and so is one with a row that states neither a share nor an amount ("Balance on
completion"): the payments read are not the whole schedule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from sowlint.checks.sow401_pricing_total_mismatch import MoneyTolerance, node_text, whole_fee
from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document, Table

if TYPE_CHECKING:
    from sowlint.facts import CommercialFacts, Money, PaymentSchedule, PricingTable

#: Payments that recur: the schedule states a rate per period, not instalments of one fee.
_RECURRING_RE = re.compile(
    r"\b(?:monthly|quarterly|weekly|bi-?weekly|annually|yearly|each|every|per(?! ?cent)|recurring)\b",
    re.IGNORECASE,
)
_HUNDRED = Decimal(100)
#: A table about paying the fee (in its header, section title or lead-in).
_PAYMENT_RE = re.compile(
    r"\b(?:payments?|invoic\w*|billing|instal+ments?|disbursements?|payable|tranches?|deposits?|"
    r"fees?|compensation|remuneration)\b",
    re.IGNORECASE,
)
#: A percentage column that measures something else than a share of the fee.
_PROGRESS_RE = re.compile(
    r"\bcomplete\b|\bcompletion\s*%|\bprogress\b|\bprobability\b|\blikelihood\b|\bweight(?:ing)?\b|"
    r"\bconfidence\b|\bcoverage\b|\butili[sz]ation\b",
    re.IGNORECASE,
)


def _points(value: Decimal) -> str:
    """A share for a message: ``90``, ``99.5``."""
    return f"{value.normalize():f}"


def _contexts(doc: Document) -> dict[int, str]:
    """Each table's context, keyed by ``id(table)``: its section titles, kinds and the paragraph before it."""
    out: dict[int, str] = {}
    for section in doc.walk():
        leadin = ""
        for block in section.blocks:
            if isinstance(block, Table):
                out[id(block)] = " ".join([*block.location.section, *section.kinds, leadin])
            leadin = getattr(block, "text", "") if not isinstance(block, Table) else leadin
    return out


def _about_payments(schedule: PaymentSchedule, context: str) -> bool:
    """True if the table is about paying the fee: its header, section or lead-in says so, and no column
    measures progress ("% complete") instead."""
    header = " ".join(schedule.header)
    if _PROGRESS_RE.search(header):
        return False
    return bool(_PAYMENT_RE.search(header) or _PAYMENT_RE.search(context))


def _one_off(table: PricingTable, facts: CommercialFacts) -> bool:
    """True if a pricing table without a total row prices the whole fee once: a fixed fee, no
    adjustment lines, no rate per week, month or year and no recurring line ("Monthly support")."""
    if facts.pricing_model not in ("fixed-fee", None) or len(table.lines) < 2:
        return False
    return not any(
        li.adjustment or li.rate_unit in ("week", "month", "year") or _RECURRING_RE.search(li.text)
        for li in table.lines
    )


def _unread_rows(schedule: PaymentSchedule) -> bool:
    """True if the table has a row with text that is neither a payment nor a total (an event with no
    share or amount, "Balance on completion"): the payments read are not all the schedule."""
    if not isinstance(schedule.node, Table):
        return False
    read = {id(f.node) for f in (*schedule.payments, *schedule.totals)}
    return any(id(row) not in read and row.text.strip(" |") for row in schedule.node.rows)


class PaymentScheduleMismatch(Rule):
    """A payment schedule's shares do not sum to 100%, or its amounts do not sum to the fee."""

    code = "SOW403"
    name = "payment-schedule-mismatch"
    severity = Severity.ERROR
    summary = "Payment shares do not sum to 100%, or payment amounts do not sum to the fee."
    why = (
        "A schedule that pays 90% of the fee leaves the last tenth without an invoice event; one that "
        "pays more than the fee invites an overpayment.  Either way the cash flow both sides planned "
        "is not the one the contract states."
    )
    tags = ("commercial", "payment", "consistency")
    fail_examples = (
        "## Payment Schedule\n\n| Milestone | Percent |\n|---|---|\n| Signature | 30% |\n"
        "| Go-live | 30% |\n| Completion | 30% |\n",
        "## Pricing\n\nThe total fixed fee is EUR 100,000.\n\n## Payment Schedule\n\n"
        "| Milestone | Amount |\n|---|---|\n| Signature | EUR 30,000 |\n| Acceptance | EUR 60,000 |\n",
    )
    pass_examples = (
        "## Payment Schedule\n\n| Milestone | Percent |\n|---|---|\n| Signature | 30% |\n"
        "| Go-live | 30% |\n| Completion | 40% |\n",
        "## Pricing\n\nThe total fixed fee is EUR 100,000.\n\n## Payment Schedule\n\n"
        "| Milestone | Amount |\n|---|---|\n| Signature | EUR 40,000 |\n| Acceptance | EUR 60,000 |\n",
    )

    class Options(MoneyTolerance):
        """Options of SOW403: ``share-tolerance`` (points), ``tolerance`` and ``relative-tolerance``."""

        share_tolerance: float = Field(
            0.5,
            ge=0,
            description="Difference from 100% accepted, in percentage points (default 0.5: thirds "
            "written as 33.3% sum to 99.9%).",
        )

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per payment schedule whose shares or amounts do not add up."""
        from sowlint.facts import facts_for

        facts = facts_for(doc)
        fees = self._fees(facts)
        contexts = _contexts(doc) if facts.payment_schedules else {}
        for schedule in facts.payment_schedules:
            if _about_payments(schedule, contexts.get(id(schedule.node), "")):
                yield from self._schedule(schedule, fees)

    @staticmethod
    def _fees(facts: CommercialFacts) -> list[tuple[Money, str]]:
        """Every amount the document gives as the whole fee, with where it comes from."""
        out: list[tuple[Money, str]] = []
        tables = [t for t in facts.pricing_tables if any(li.amount is not None for li in t.lines)]
        for table in tables:
            total = table.total
            if total is not None and total.amount is not None:
                money = total.amount.model_copy(update={"currency": total.currency or total.amount.currency})
                out.append((money, "the pricing table's total"))
            elif len(tables) == 1 and not table.totals and _one_off(table, facts):
                line_sum = table.line_sum()
                first = next(li for li in table.lines if li.amount is not None)
                if line_sum is not None and first.amount is not None:
                    money = first.amount.model_copy(update={"amount": line_sum, "currency": first.currency})
                    out.append((money, "the pricing lines' sum"))
        for stated in facts.stated_totals:
            if whole_fee(stated, node_text(stated)):
                currency = stated.currency or stated.amount.currency
                out.append(
                    (stated.amount.model_copy(update={"currency": currency}), "the fee stated in the text")
                )
        return out

    def _schedule(self, schedule: PaymentSchedule, fees: list[tuple[Money, str]]) -> Iterator[Hit]:
        payments = schedule.payments
        if not payments or any(_RECURRING_RE.search(p.text) for p in payments) or _unread_rows(schedule):
            return
        problems: list[str] = []
        if all(p.share is not None for p in payments):
            shares = sum((p.share for p in payments if p.share is not None), Decimal(0))
            if abs(shares - _HUNDRED) > Decimal(str(self.options.share_tolerance)):
                gap = _points(abs(_HUNDRED - shares))
                side = "short" if shares < _HUNDRED else "over"
                problems.append(f"Payment shares sum to {_points(shares)}%, not 100% ({gap} points {side})")
        amounts = [p.amount for p in payments]
        currencies = {p.currency for p in payments if p.amount is not None and p.currency}
        if all(m is not None for m in amounts) and len(currencies) <= 1:
            written = [m for m in amounts if m is not None]
            paid = sum((m.amount for m in written), Decimal(0))
            cur = next(iter(currencies), None) or schedule.currency
            problems += self._amount_problems(schedule, fees, cur, paid, written)
        if not problems:
            return
        message = "; ".join(problems) + "."
        message = message[0].upper() + message[1:]
        last = max([*payments, *schedule.totals], key=lambda f: (f.location.row or 0, f.location.line or 0))
        if last.node is not None:
            yield Hit(node=last.node, message=message, excerpt=last.text)

    def _amount_problems(
        self,
        schedule: PaymentSchedule,
        fees: list[tuple[Money, str]],
        cur: str | None,
        paid: Decimal,
        written: list[Money],
    ) -> list[str]:
        """What the payment amounts fail to sum to: the schedule's own total row, and the fee when the
        document states one amount for it."""
        from sowlint.facts import format_money

        against: list[tuple[Money, str]] = [
            (m, "the schedule's total")
            for m in [t.amount for t in schedule.totals if t.amount is not None][-1:]
        ]
        same = [(m, what) for m, what in fees if not (cur and m.currency and m.currency != cur)]
        values = {m.amount for m, _ in same}
        if len(values) == 1:
            against.append(same[0])
        out: list[str] = []
        seen: set[Decimal] = set()
        for money, what in against:
            value = money.amount
            if value in seen or abs(paid - value) <= self.options.allowed(value, [*written, money]):
                continue
            seen.add(value)
            out.append(
                f"payment amounts sum to {format_money(paid, cur)} but {what} is "
                f"{format_money(value, cur)} (difference {format_money(abs(paid - value), cur)})"
            )
        return out
