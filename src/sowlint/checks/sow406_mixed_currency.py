"""SOW406 mixed-currency: amounts in several currencies and no stated conversion.

Currencies are the ones the amounts name (``EUR 5,000``, ``£300``, ``CA$ 900``).  A bare ``$``
is the document's declared dollar currency (``Currency: CAD``), else the one dollar currency the
document writes with a code when it writes no USD, else USD.  Amounts that only restate another
("EUR 10,000 (approx. USD 11,000)", "the equivalent of GBP 8,000") are conversions, not prices,
and do not count, nor do amounts in background, objectives or definitions sections, which
describe the world rather than price the work.  A stated conversion rule -- an exchange rate,
"converted at", "all amounts are payable in USD" -- settles the question and the rule reports
nothing.  One finding per document, at the first amount in a currency other than the document's
own (the declared one, else the first one written).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document, Table

if TYPE_CHECKING:
    from sowlint.facts import CommercialFacts, MoneyMention

_CURRENCY_WORD = (
    r"(?:(?-i:[A-Z]{3})\b|US dollars?|dollars?|euros?|pounds?(?: sterling)?|sterling|francs?|yen)"
)
#: A sentence that says how amounts in different currencies relate or which one is paid.
_CONVERSION_RULE = re.compile(
    r"\b(?:exchange|conversion|FX|currency) rates?\b|\bforeign exchange\b|\bconver(?:ted|sion|ts?)\b"
    r"[^.;]{0,60}\b(?:at|using|into|to|based on|per)\b|"
    r"\b(?:all|every|any)\s+(?:amounts?|prices?|fees?|payments?|invoices?|figures|rates?|costs?|sums|"
    r"charges|expenses)\b[^.;]{0,50}\b(?:in|into)\s+" + _CURRENCY_WORD + "|"
    r"\b(?:payable|paid|invoiced|settled|billed|reimbursed|quoted|priced|expressed|denominated|submitted)\s+"
    r"(?:only\s+|exclusively\s+|solely\s+)?in\s+" + _CURRENCY_WORD,
    re.IGNORECASE,
)
#: Just before an amount: it restates another amount in another currency.
_RESTATES = re.compile(
    r"(?:\(\s*(?:approx(?:imately|\.)?|about|around|roughly|circa|ca\.|c\.|~|≈|i\.e\.,?|"
    r"equivalent to|equal to)?"
    r"\s*|\b(?:approx(?:imately|\.)?|roughly|circa|equivalent (?:of|to)|equal to|corresponding to|"
    r"(?:which|that) is|i\.e\.,?)\s+|[~≈]\s*)$",
    re.IGNORECASE,
)
#: Sections whose amounts describe the world, not the price ("the client's revenue of EUR 2bn").
_NOT_PRICES = frozenset({"background", "objectives", "definitions"})
_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP"})


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around the span ``start:end``."""
    left = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [
        i for i in (text.find(". ", end), text.find("; ", end), text.find("\n", end)) if i >= 0
    ]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return " ".join(text[left + 1 if left >= 0 else 0 : right].split())


def _restates(mention: MoneyMention, previous: MoneyMention | None) -> bool:
    """True if the amount restates the one before it in another currency."""
    if mention.span is None:
        return False
    start = mention.span[0]
    before = mention.text[max(0, start - 30) : start]
    if not _RESTATES.search(before):
        return False
    if previous is None or previous.node is not mention.node or previous.span is None:
        return "equivalent" in before.lower() or "approx" in before.lower()
    return start - previous.span[1] <= 40


def _descriptive_nodes(doc: Document) -> set[int]:
    """``id()`` of every block, row and cell in a background, objectives or definitions section."""
    out: set[int] = set()
    for section in doc.walk():
        if not _NOT_PRICES & set(section.kinds):
            continue
        for block in section.blocks:
            out.add(id(block))
            if isinstance(block, Table):
                out.update(id(r) for r in block.rows)
                out.update(id(c) for r in block.rows for c in r.cells)
    return out


class MixedCurrency(Rule):
    """Amounts are written in several currencies and no exchange rate or conversion rule is stated."""

    code = "SOW406"
    name = "mixed-currency"
    severity = Severity.WARNING
    summary = (
        "Amounts are written in several currencies and the SOW states no exchange rate or conversion rule."
    )
    why = (
        "A price in two currencies is two prices: when the exchange rate moves, one side gains what the "
        "other loses, and without a stated rate (or a currency of payment) nobody can say what an "
        "invoice should be."
    )
    tags = ("commercial", "pricing", "consistency")
    fail_examples = (
        "## Pricing\n\nThe fixed fee is EUR 80,000.\n\nTravel is reimbursed at cost up to USD 5,000.\n",
        "## Pricing\n\n| Item | Amount |\n|---|---|\n| Build | £40,000 |\n| Licences | $12,000 |\n",
    )
    pass_examples = (
        "## Pricing\n\nThe fixed fee is EUR 80,000.\n\nTravel is reimbursed at cost up to USD 5,000, "
        "converted at the ECB reference rate on the invoice date.\n",
        "## Pricing\n\nThe fixed fee is EUR 80,000 (approximately USD 86,000).\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit at the first amount in a second currency, unless a conversion rule is stated."""
        from sowlint.facts import facts_for, format_money

        facts = facts_for(doc)
        counted = self._counted(facts, _descriptive_nodes(doc))
        currencies = Counter(cur for _, cur in counted)
        if len(currencies) < 2 or self._has_rule(doc):
            return
        primary = facts.currency_declarations[0].currency if facts.currency_declarations else counted[0][1]
        if primary not in currencies:
            primary = counted[0][1]
        first = next((m, cur) for m, cur in counted if cur != primary)
        mention, cur = first
        listed = ", ".join(
            f"{c} ({n} amount{'s' if n != 1 else ''})"
            for c, n in sorted(currencies.items(), key=lambda kv: (kv[0] != primary, -kv[1], kv[0]))
        )
        amount = format_money(mention.money.amount, cur)
        message = (
            f"Amounts are written in {len(currencies)} currencies -- {listed} -- and no exchange rate or "
            f"conversion rule is stated; {amount} here is the first amount in {cur}."
        )
        if mention.node is None or mention.span is None:
            return
        excerpt = _sentence(mention.text, *mention.span)
        yield Hit(node=mention.node, message=message, excerpt=excerpt, span=mention.span)

    @staticmethod
    def _counted(facts: CommercialFacts, skip: set[int]) -> list[tuple[MoneyMention, str]]:
        """The amounts that price something, each with its currency, in document order."""
        explicit = {
            m.money.currency for m in facts.amounts if m.money.currency and m.money.symbol not in (None, "$")
        }
        bare = "USD"
        declared = facts.currency_declarations[0].currency if facts.currency_declarations else None
        others = explicit & (_DOLLARS - {"USD"})
        if declared in _DOLLARS:
            bare = declared
        elif "USD" not in explicit and len(others) == 1:
            bare = next(iter(others))
        out: list[tuple[MoneyMention, str]] = []
        previous: MoneyMention | None = None
        for m in facts.amounts:
            cur = m.money.currency
            if m.money.symbol == "$" and cur == "USD":
                cur = bare
            if cur and id(m.node) not in skip and not _restates(m, previous):
                out.append((m, cur))
            previous = m
        return out

    @staticmethod
    def _has_rule(doc: Document) -> bool:
        """True if a sentence of the document states an exchange rate or the currency of payment."""
        for block in doc.all_blocks():
            texts = [r.text for r in block.rows] if isinstance(block, Table) else [getattr(block, "text", "")]
            if any(text and _CONVERSION_RULE.search(text) for text in texts):
                return True
        return False
