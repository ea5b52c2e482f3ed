"""SOW202 open-ended-scope: wording that leaves the list of work open ("etc.", "other duties as assigned")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document
from sowlint.prose import Sentence
from sowlint.terms import TermMatch, TermOptions, commitment_hits, load_terms

#: "etc." in the exclusions narrows nothing it could widen; an assumptions list is not the work;
#: what an invoice or a price "includes, but is not limited to" is money, not work.
_SKIP_KINDS = frozenset({"exclusions", "assumptions", "pricing", "payment"})
#: A conditional sentence ("Should a Vendor wish to assign payment, ... including but not limited
#: to ...") states what happens in a case, not the work in scope.
_CONDITIONAL = re.compile(
    r"^\W*(?:if|unless|when|whenever|should|in the event|in case|provided that)\b", re.IGNORECASE
)


def _counts(s: Sentence, m: TermMatch) -> bool:
    """False for a match in a conditional sentence."""
    return not _CONDITIONAL.match(s.text)


class OpenEndedScope(Rule):
    """A commitment leaves the list of work open."""

    code = "SOW202"
    name = "open-ended-scope"
    severity = Severity.WARNING
    summary = (
        "The scope is left open ('etc.', 'including but not limited to', 'other tasks as required', "
        "'ongoing support'): list the work, or say new work goes through change control."
    )
    why = (
        "An open list is a promise of unpriced work: whatever the client later reads into 'etc.' or "
        "'any other tasks as required' is in scope, and the vendor cannot refuse it without a dispute."
    )
    tags = ("clarity", "scope")
    fail_examples = (
        "## Scope\n\n- Ingest data from source systems, including but not limited to EHR and CRM.\n",
        "## Roles\n\nThe analyst will build reports, dashboards, etc.\n",
    )
    pass_examples = (
        "## Scope\n\n- Ingest data from the EHR, billing and CRM systems.\n",
        "## Out of Scope\n\n- Data migration, training, etc.\n",
        "## Scope\n\nThe vendor will keep all assets (e.g. code, tests, etc.) in GitHub.\n",
    )

    class Options(TermOptions):
        """Options of SOW202: ``extra-terms`` to report, ``allow`` terms never to report."""

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per open-ended phrase in a commitment (repeated identical sentences folded)."""
        terms = load_terms("open-ended-scope").with_options(self.options.extra_terms, self.options.allow)
        yield from commitment_hits(doc, terms, skip_kinds=_SKIP_KINDS, keep=_counts)
