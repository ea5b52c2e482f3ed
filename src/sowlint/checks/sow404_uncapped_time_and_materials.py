"""SOW404 uncapped-time-and-materials: time-and-materials work with no not-to-exceed ceiling.

The work is time and materials when the document says so: a declaring line ("Pricing model: Time
and materials") or a sentence that states the work's terms ("The contract type for this effort
will be time and materials", "Payment will be made on a time and materials basis").  A mention
that only names the category does not count: a heading, a clause title ("Inspection --
Time-and-Materials and Labor-Hour"), an unticked box ("[ ] Time and materials"), an applicability
note ("(for T&M or Labor Hour)"), a condition ("If the order is T&M ...") or change work
("Change requests are billed on a T&M basis"), nor does any mention when the declared model is
another one.

A ceiling is anything that bounds the fees: a not-to-exceed, cap, ceiling or maximum amount the
facts read as a cap on the fees (not travel or expenses only), a capped-T&M model, or a sentence
that bounds them without an amount ("the ceiling price", "capped at ... 90 hours", "Limitation of
Funds", "invoices shall not exceed the funded amount", "a budget of ...").  A total that is only
an estimate ("estimated cost", "the table's total") is not a ceiling.  One finding per document,
at the sentence that makes the work time and materials.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sowlint.findings import Hit, Rule, Severity, node_text
from sowlint.model import Document, Section, Table

if TYPE_CHECKING:
    from sowlint.facts import CommercialFacts, PricingModelMention
    from sowlint.facts.data import FactsData

#: Right after the mention: a clause or category name ("Time-and-Materials and Labor-Hour").
_CATEGORY_AFTER = re.compile(
    r"^\W{0,3}(?:\([^)]{0,10}\)\s*)?(?:or|and|/)\s+(?:a\s+)?labou?r[- ]hours?\b"
    r"|^\W{0,3}(?:\([^)]{0,10}\)\s*)?(?:type\s+)?(?:orders|contracts|task orders|CLINs)\b",
    re.IGNORECASE,
)
#: Right before the mention: an applicability note, an unticked box ("[ ] Time and materials"), a
#: condition or a clause citation.
_CATEGORY_BEFORE = re.compile(
    r"(?:\(\s*for|\bfor\s+(?:any|all|each)|\b(?:and|or)|\[\s?\]|[☐□❑]|"
    r"\b(?:FAR|DFARS|clause|inspection)\b[^.;]{0,40}|\d{2}\.\d{3}-\d+[^.;]{0,40})\s*[-–—:]?\s*$",
    re.IGNORECASE,
)
#: The sentence before the mention makes it a condition.
_CONDITION = re.compile(
    r"\b(?:if|unless|whether|in (?:the )?(?:event|case))\b|^\W*(?:when|where|should)\b", re.IGNORECASE
)
_PLURAL = re.compile(r"\b(?:contracts|orders)\s*$", re.IGNORECASE)
#: Work that is priced by the hour because it is not the SOW's work: changes and additions.
_CHANGE_WORK = re.compile(
    r"\b(?:change (?:requests?|orders?)|changes? to|"
    r"additional (?:work|services|hours|effort|requests?|tasks?)|"
    r"out[- ]of[- ]scope|outside (?:the|this|of the) scope|beyond (?:the|this) scope|extra work|"
    r"new requirements?|optional (?:work|services|tasks?))\b",
    re.IGNORECASE,
)
#: A bound on the fees written without an amount, or with hours instead of money.
_CAP_WORDS = re.compile(
    r"\bceiling\b|\bnot[- ]to[- ]exceed\b|\bNTE\b|\bcapped\b|"
    r"\b(?:fee|price|cost|budget|spend(?:ing)?|billing|hours?|labou?r|contract|funding)\s+caps?\b|"
    r"(?-i:\bcaps? (?:of|on)\b)|\blimitation of (?:funds|costs?|(?:the )?government'?s obligation)\b|"
    r"\bmaximum (?:price|amount|fee|budget|value|cost|number of (?:billable )?hours)\b|"
    r"\bin excess of the (?:ceiling|budget|estimate|funded amount|obligated amount|total)\b|"
    r"\bnot (?:to )?be exceeded\b|"
    r"\bexceed(?:s|ing|ed)?\b[^.;]{0,60}\b(?:without|requires?|only with|only after|subject to)\b[^.;]{0,40}"
    r"\b(?:approval|authori[sz]ation|consent|change order|amendment|modification)\b|"
    r"\b(?:approval|authori[sz]ation|consent)\b[^.;]{0,40}\b(?:to|before) exceed(?:ing)?\b|"
    r"(?<!estimated )(?<!estimate )\b(?:total |overall |approved |agreed |maximum )?budget "
    r"(?:of|is|will be|shall be)\b|"
    r"\b(?:fees?|prices?|costs?|charges?|invoices?|billings?|payments?|amounts?|hours|labou?r|"
    r"spend(?:ing)?|budget)\b[^.;]{0,60}\b(?:shall|will|may|must|cannot|can ?not|does|do)\s+not\s+exceed\b"
    r"(?!\s+(?:\S+\s+){0,2}?\(?\d[\d.,]*\)?\s*(?:calendar |business |working )?"
    r"(?:months?|weeks?|days?|years?|pages?|%|percent|words|characters)\b)",
    re.IGNORECASE,
)
#: Words that make a bound one on the whole price, whatever else the sentence names.
_WHOLE_PRICE = re.compile(r"\b(?:price|total|contract|order|task order|agreement|engagement|sow)\b", re.I)


def _assertive(mention: PricingModelMention, text: str) -> bool:
    """True if the mention states that the work is time and materials (not a category or a condition)."""
    if mention.declared:
        return True
    if mention.span is None or isinstance(mention.node, Section):
        return False  # a heading ("Time and Materials Rates") names a topic, it states no terms
    start, end = mention.span
    if _CATEGORY_AFTER.search(text[end : end + 40]) or _CATEGORY_BEFORE.search(
        text[max(0, start - 80) : start]
    ):
        return False
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start), text.rfind("\n", 0, start))
    if _CONDITION.search(text[sentence_start + 1 : start]):
        return False  # "If the Client asks for more, it is priced as T&M"
    if _PLURAL.search(text[start:end]):
        return False  # "Labor Hours Contracts": the kind of contract, named
    return not _CHANGE_WORK.search(mention.text)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;!?])\s+", text) if s.strip()]


def _bounds_fees(sentence: str, data: FactsData) -> bool:
    """True if a sentence bounds the fees without (or besides) an amount the facts read as a cap."""
    if not _CAP_WORDS.search(sentence):
        return False
    expenses = data.any_of("expense_words").search(sentence)
    fees = data.any_of("fee_words").search(sentence) or _WHOLE_PRICE.search(sentence)
    return not expenses or bool(fees)


class UncappedTimeAndMaterials(Rule):
    """Time-and-materials work with no not-to-exceed amount, ceiling or cap on the fees."""

    code = "SOW404"
    name = "uncapped-time-and-materials"
    severity = Severity.WARNING
    summary = (
        "The work is priced as time and materials but no not-to-exceed amount, ceiling or cap is stated."
    )
    why = (
        "Time and materials without a ceiling puts the whole estimating risk on the buyer: every "
        "hour the work overruns is billable, and nothing in the SOW makes the vendor stop and ask "
        "before the budget is spent."
    )
    tags = ("commercial", "pricing", "risk")
    fail_examples = (
        "## Pricing\n\nPricing model: Time and materials\n\n| Role | Rate | Hours | Amount |\n"
        "|---|---|---|---|\n| Developer | $150 | 400 | $60,000 |\n| Total | | | $60,000 |\n",
        "## Pricing\n\nThe contract type for this effort will be time and materials (T&M), billed "
        "monthly at the hourly rates below.\n",
    )
    pass_examples = (
        "## Pricing\n\nPricing model: Time and materials\n\nFees shall not exceed $60,000 without a "
        "signed change order.\n",
        "## Pricing\n\nThe Government intends to award a Time-and-Materials task order; the ceiling price "
        "for each period is stated in Section B.\n",
        "## Pricing\n\nPricing model: Fixed fee\n\n"
        "Change requests are billed on a time and materials basis.\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit, at the sentence that makes the work time and materials, when nothing caps it."""
        from sowlint.facts import facts_for, format_money

        facts = facts_for(doc)
        mention = self._time_and_materials(facts)
        if mention is None or mention.node is None or self._capped(doc, facts):
            return
        message = (
            "The work is priced as time and materials but no not-to-exceed amount, ceiling or cap is stated"
        )
        estimate = next((t.total for t in facts.pricing_tables if t.total and t.total.amount), None)
        if estimate is not None and estimate.amount is not None:
            amount = format_money(estimate.amount.amount, estimate.currency)
            message += f"; the pricing table's total of {amount} is an estimate, not a ceiling"
        yield Hit(node=mention.node, message=message + ".", excerpt=mention.text, span=mention.span)

    @staticmethod
    def _time_and_materials(facts: CommercialFacts) -> PricingModelMention | None:
        """The mention that makes the work time and materials, or None if it is not (only) that."""
        mentions = facts.pricing_models
        declared = [m for m in mentions if m.declared]
        if declared and {m.model for m in declared} != {"time-and-materials"}:
            return None
        if any(m.model == "capped-time-and-materials" for m in mentions):
            return None
        if declared:
            return declared[0]
        for m in mentions:
            text = node_text(m.node) if m.node is not None else m.text
            if m.model == "time-and-materials" and _assertive(m, text):
                return m
        return None

    @staticmethod
    def _capped(doc: Document, facts: CommercialFacts) -> bool:
        """True if anything in the document bounds the fees."""
        from sowlint.facts.data import load_facts_data

        if facts.caps:
            return True
        data = load_facts_data()
        for block in doc.all_blocks():
            texts = [r.text for r in block.rows] if isinstance(block, Table) else [getattr(block, "text", "")]
            for text in texts:
                if text and any(_bounds_fees(s, data) for s in _sentences(text)):
                    return True
        return False
