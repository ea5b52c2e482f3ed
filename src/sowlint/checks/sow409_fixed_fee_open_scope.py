"""SOW409 fixed-fee-open-scope: a fixed fee for scope that is left open or has no stated limits.

Fires once per document whose pricing model is a fixed fee (``Pricing model: Fixed fee``, "firm
fixed price"; not a mix of models) when

* the scope or deliverables say the list of work is open: what SOW202 (open-ended-scope) reports
  there -- "etc.", "including but not limited to", "other tasks as required" -- (SOW202's own logic
  is run here, so this rule does not depend on SOW202 being selected); or
* the document states scope or deliverables but no exclusions anywhere (no out-of-scope section,
  list or sentence).

The finding stands at the statement of the fixed fee -- a declaring line, a mention in a pricing or
payment section, or one with an amount; a passing mention elsewhere is not this document's fee --
and quotes the first open-ended phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sowlint.findings import Hit, Node, Rule, Severity
from sowlint.model import Block, Document, Section, Table

if TYPE_CHECKING:
    from sowlint.facts import CommercialFacts

#: The kinds whose open wording leaves the priced work open.
_SCOPE_KINDS = frozenset({"scope", "deliverables"})
#: Sections where a mention of a fixed fee states this document's pricing.
_FEE_KINDS = frozenset({"pricing", "payment"})
#: An amount of money in a sentence ("a firm fixed price of USD 80,000").
_AMOUNT = re.compile(r"(?:[$€£]\s?\d|\b[A-Z]{3}\s?\d|\d[\d,.]*\s?(?:[$€£]|[A-Z]{3}\b))")


def scope_kinds(doc: Document) -> dict[int, frozenset[str]]:
    """id(node) -> the kinds it stands under (its section's, inherited by a subsection without kinds
    of its own, plus the block's), for every paragraph, list item, table, row and cell."""
    out: dict[int, frozenset[str]] = {}

    def blocks(items: tuple[Block, ...], kinds: frozenset[str]) -> None:
        for block in items:
            own = kinds | frozenset(block.kinds)
            out[id(block)] = own
            if isinstance(block, Table):
                for row in block.rows:
                    out[id(row)] = own
                    for cell in row.cells:
                        out[id(cell)] = own

    def section(sec: Section, inherited: frozenset[str]) -> None:
        kinds = frozenset(sec.kinds) or inherited
        out[id(sec)] = kinds
        blocks(sec.blocks, kinds)
        for sub in sec.sections:
            section(sub, kinds)

    blocks(doc.blocks, frozenset())
    for top in doc.sections:
        section(top, frozenset())
    return out


def _fee_statement(facts: CommercialFacts, kinds: dict[int, frozenset[str]]) -> tuple[Node, str] | None:
    """The node and text stating the fixed fee, or None when no mention states the deal.

    A declaring line ("Pricing model: Fixed fee") first, else a mention in a pricing or payment
    section, else one that states an amount; a passing mention elsewhere ("a re-test is often
    offered for a lump sum") is not this document's fee.
    """
    mentions = [m for m in facts.pricing_models if m.model == "fixed-fee" and m.node is not None]
    ranked = (
        [m for m in mentions if m.declared],
        [m for m in mentions if kinds.get(id(m.node), frozenset()) & _FEE_KINDS],
        [m for m in mentions if _AMOUNT.search(m.text)],
    )
    for found in ranked:
        if found and found[0].node is not None:
            return found[0].node, found[0].text
    return None


class FixedFeeOpenScope(Rule):
    """A fixed fee is paired with open-ended scope or with no exclusions."""

    code = "SOW409"
    name = "fixed-fee-open-scope"
    severity = Severity.WARNING
    summary = (
        "The fee is fixed but the scope is open ('etc.', 'including but not limited to' in the scope "
        "or deliverables) or nothing is excluded: close the list of work and state the exclusions."
    )
    why = (
        "A fixed fee prices a fixed amount of work.  When the scope is open-ended or nothing is "
        "excluded, every later request can be argued into the fee: the vendor absorbs the overrun or "
        "the parties dispute what was bought."
    )
    tags = ("commercial", "scope")
    fail_examples = (
        "## Scope\n\n- Ingest data from source systems, including but not limited to EHR and CRM.\n\n"
        "## Exclusions\n\n- Production support.\n\n## Pricing\n\nPricing model: Fixed fee\n",
        "## Scope\n\n- Ingest data from the EHR and CRM systems.\n\n## Pricing\n\nPricing model: Fixed fee\n",
    )
    pass_examples = (
        "## Scope\n\n- Ingest data from the EHR and CRM systems.\n\n"
        "## Exclusions\n\n- Production support.\n\n## Pricing\n\nPricing model: Fixed fee\n",
        "## Scope\n\n- Ingest data from source systems, including but not limited to EHR and CRM.\n\n"
        "## Pricing\n\nPricing model: Time and materials\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit at the fixed-fee statement when the scope is open or nothing is excluded."""
        from sowlint.checks.sow202_open_ended_scope import OpenEndedScope
        from sowlint.classify import kind_evidence
        from sowlint.facts import facts_for

        facts = facts_for(doc)
        if facts.pricing_model != "fixed-fee":
            return
        kinds = scope_kinds(doc)
        fee = _fee_statement(facts, kinds)
        if fee is None:
            return
        open_phrases: list[tuple[str, str]] = []  # (phrase, "scope" or "deliverables")
        for hit in OpenEndedScope().check(doc):
            phrase = " ".join((hit.excerpt or "").split())
            for node in [hit.node, *(n for n, _ in hit.more)]:
                under = kinds.get(id(node), frozenset()) & _SCOPE_KINDS
                if under:
                    open_phrases.append((phrase, "scope" if "scope" in under else "deliverables"))
        states_scope = any(kind_evidence(doc, k) for k in _SCOPE_KINDS)
        no_exclusions = states_scope and not kind_evidence(doc, "exclusions")
        if not open_phrases and not no_exclusions:
            return
        reasons: list[str] = []
        if open_phrases:
            more = len(open_phrases) - 1
            extra = f" (and {more} more open-ended phrase{'s' if more != 1 else ''})" if more else ""
            phrase, where = open_phrases[0]
            reasons.append(f"'{phrase}' in the {where}{extra}")
        if no_exclusions:
            reasons.append("no exclusions are stated")
        message = (
            f"The fee is fixed but the scope is open: {' and '.join(reasons)}. "
            "List the work and what is excluded, so anything else goes through change control."
        )
        node, text = fee
        yield Hit(node=node, message=message, excerpt=text)
