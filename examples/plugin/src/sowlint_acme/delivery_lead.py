"""ACME101 large-deal-needs-delivery-lead: an example Python rule with options.

This is an example of how to write a sowlint rule in Python, not a rule sowlint ships.  It shows
the parts a plugin rule has: class attributes (code, name, severity, summary, why, examples), an
options model that users set in ``[tool.sowlint.rules.ACME101]``, and a ``check`` method that reads
the classified document and yields :class:`~sowlint.findings.Hit` objects pointing at a node and a
span inside its text (the engine turns that into a line and column).

The house rule: a SOW whose fees or pricing mention an amount at or above ``threshold`` must name
who leads the delivery (a delivery lead, engagement manager or project manager) somewhere outside
the pricing itself (a rate-card row "Project manager | 40 h" names a price, not a person in charge).

Money parsing is deliberately simple: a currency (``USD``, ``EUR``, ``GBP``, ``CAD``, ``AUD``,
``CHF``, ``$``, ``US$``, ``€``, ``£``) before a number such as ``300,000``, ``300.000``,
``1,250,000.00`` or ``1.2`` with an optional ``k``/``M``/``million``/``bn``.  A separator followed
by exactly three digits groups thousands; one followed by one or two digits at the end is the
decimal point.  ``$`` counts as USD.  There is no currency conversion: with ``currency`` unset every
amount is compared with the threshold as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field, field_validator

from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Block, Cell, Document, ListItem, Paragraph, Section, Table

#: Written currency -> ISO code.
CURRENCIES = {
    "USD": "USD",
    "US$": "USD",
    "$": "USD",
    "EUR": "EUR",
    "€": "EUR",
    "GBP": "GBP",
    "£": "GBP",
    "CAD": "CAD",
    "AUD": "AUD",
    "CHF": "CHF",
}

_AMOUNT_RE = re.compile(
    r"(?P<cur>\b(?:USD|EUR|GBP|CAD|AUD|CHF)\b|US\$|[$€£])\s?"
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<mult>k|K|m|M|mn|million|thousand|bn|billion)\b)?"
)
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_GROUPED_RE = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_DECIMAL_TAIL_RE = re.compile(r"[.,](\d{1,2})$")

DEFAULT_ROLES = (
    "delivery lead",
    "delivery manager",
    "engagement lead",
    "engagement manager",
    "project manager",
    "program manager",
    "programme manager",
)
_MONEY_KINDS = frozenset({"pricing", "payment"})


def parse_number(num: str) -> float:
    """``300,000`` -> 300000, ``300.000`` -> 300000, ``1,234.56`` -> 1234.56, ``1.2`` -> 1.2."""
    tail = _DECIMAL_TAIL_RE.search(num)
    whole, decimals = (num[: tail.start()], tail.group(1)) if tail else (num, "")
    if tail is None and not _GROUPED_RE.fullmatch(whole) and re.fullmatch(r"\d+[.,]\d+", whole):
        return float(whole.replace(",", "."))  # "1.2345": a decimal with many places
    digits = re.sub(r"[.,]", "", whole) or "0"
    return float(f"{digits}.{decimals}" if decimals else digits)


def find_amounts(text: str) -> Iterator[tuple[str, float, tuple[int, int]]]:
    """Yield ``(ISO currency, value, span)`` for each amount written in ``text``."""
    for m in _AMOUNT_RE.finditer(text):
        value = parse_number(m.group("num"))
        mult = m.group("mult")
        if mult:
            value *= _MULTIPLIERS[mult.lower()]
        yield CURRENCIES[m.group("cur")], value, m.span()


class DeliveryLeadOptions(RuleOptions):
    """Options of ACME101, set in ``[tool.sowlint.rules.ACME101]``."""

    threshold: float = Field(
        250_000, ge=0, description="Amount at or above which a delivery lead is required."
    )
    currency: str | None = Field(
        None, description="Only amounts in this currency count (USD, EUR, GBP, CAD, AUD, CHF); unset: any."
    )
    roles: list[str] = Field(
        list(DEFAULT_ROLES),  # pydantic copies a mutable default for each instance
        description="Role titles that name who leads the delivery (case-insensitive).",
    )

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        known = sorted(set(CURRENCIES.values()))
        if code not in known:
            raise ValueError(f"unknown currency {value!r} (known: {', '.join(known)})")
        return code


def _money_nodes(doc: Document) -> Iterator[tuple[Block | Cell, str]]:
    """Paragraphs, list items and table cells of the pricing and payment sections (and their subsections)."""
    seen: set[int] = set()

    def blocks(sec: Section) -> Iterator[tuple[Block | Cell, str]]:
        if id(sec) in seen:
            return
        seen.add(id(sec))
        for block in sec.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        yield cell, cell.text
            elif isinstance(block, (Paragraph, ListItem)):
                yield block, block.text
        for sub in sec.sections:
            yield from blocks(sub)

    for sec in doc.walk():
        if _MONEY_KINDS.intersection(sec.kinds):
            yield from blocks(sec)


def _text_outside_money(doc: Document) -> str:
    """Every heading and block outside the pricing and payment sections."""
    parts: list[str] = [b.text for b in doc.blocks]

    def walk(sec: Section) -> None:
        if _MONEY_KINDS.intersection(sec.kinds):
            return
        parts.append(sec.title)
        parts.extend(b.text for b in sec.blocks)  # a table's text holds its header row too
        for sub in sec.sections:
            walk(sub)

    for top in doc.sections:
        walk(top)
    return "\n".join(parts)


class DeliveryLeadRule(Rule):
    """A large deal (fees at or above a threshold) must name who leads the delivery."""

    code = "ACME101"
    name = "large-deal-needs-delivery-lead"
    severity = Severity.WARNING
    summary = "The fees reach the large-deal threshold but no delivery lead or project manager is named."
    why = (
        "ACME staffs every engagement above the large-deal threshold with a named delivery lead. A large "
        "SOW that names nobody accountable for delivery is usually one sold before it was staffed."
    )
    tags = ("acme", "roles", "pricing")
    fail_examples = (
        "## Scope\n\nMigrate the billing platform.\n\n## Fees\n\nThe fixed fee is USD 300,000.\n",
        "## Scope\n\nRoll out the data platform.\n\n## Pricing\n\n| Phase | Fee |\n|---|---|\n"
        "| Build | $1.2M |\n",
    )
    pass_examples = (
        "## Fees\n\nThe fixed fee is USD 90,000.\n",
        "## Team\n\n- Delivery lead: Dana Reyes.\n\n## Fees\n\nThe fixed fee is USD 300,000.\n",
    )
    Options: ClassVar[type[RuleOptions]] = DeliveryLeadOptions
    options: DeliveryLeadOptions

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit at the largest qualifying amount when no delivery lead is named."""
        opts = self.options
        largest: tuple[float, Block | Cell, str, tuple[int, int]] | None = None
        for node, text in _money_nodes(doc):
            for currency, value, span in find_amounts(text):
                if opts.currency is not None and currency != opts.currency:
                    continue
                if value >= opts.threshold and (largest is None or value > largest[0]):
                    largest = (value, node, text[span[0] : span[1]], span)
        if largest is None:
            return
        roles = [r.strip() for r in opts.roles if r.strip()]
        if roles:
            pattern = re.compile(r"\b(?:" + "|".join(re.escape(r) for r in roles) + r")\b", re.IGNORECASE)
            if pattern.search(_text_outside_money(doc)):
                return
        _, node, written, span = largest
        limit = f"{opts.threshold:,.0f}" + (f" {opts.currency}" if opts.currency else "")
        yield Hit(
            node=node,
            message=(
                f"The fees reach {written} (threshold {limit}) but no delivery lead, engagement manager "
                "or project manager is named: say who leads the delivery."
            ),
            excerpt=written,
            span=span,
        )
