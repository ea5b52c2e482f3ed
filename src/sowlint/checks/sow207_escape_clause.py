"""SOW207 escape-clause: a qualifier that lets a party decide later whether it is bound ("where possible")."""

from __future__ import annotations

from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document
from sowlint.terms import TermOptions, commitment_hits, load_terms

#: An escape in an exclusion or an assumption releases nobody from a commitment; in pricing and
#: payment clauses "as appropriate" picks the applicable clause ("52.232-33 or 52.232-34, as
#: appropriate"), it does not excuse work.
_SKIP_KINDS = frozenset({"exclusions", "assumptions", "pricing", "payment"})


class EscapeClause(Rule):
    """A commitment carries a qualifier that lets the committed party opt out."""

    code = "SOW207"
    name = "escape-clause"
    severity = Severity.WARNING
    summary = (
        "A commitment has an escape clause ('where possible', 'to the extent practicable', 'if "
        "necessary'): say when it applies and who decides, or make it firm."
    )
    why = (
        "'The vendor will automate the tests where possible' binds the vendor to nothing: whoever is "
        "committed decides afterwards whether it was possible, and the client cannot accept or reject it."
    )
    tags = ("clarity", "commitment")
    fail_examples = (
        "## Scope\n\nThe vendor will automate regression tests where possible.\n",
        "## Roles\n\nThe contractor shall use plain language to the extent practicable.\n",
    )
    pass_examples = (
        "## Scope\n\nThe vendor will automate the 40 regression tests listed in Appendix B.\n",
        "## Exclusions\n\n- Automation of tests where possible beyond Appendix B.\n",
        "## Scope\n\nThe vendor will attach receipts, as applicable.\n",
    )

    class Options(TermOptions):
        """Options of SOW207: ``extra-terms`` to report, ``allow`` terms never to report."""

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per escape clause in a commitment (repeated identical sentences folded)."""
        terms = load_terms("escape-clauses").with_options(self.options.extra_terms, self.options.allow)
        yield from commitment_hits(doc, terms, skip_kinds=_SKIP_KINDS)
