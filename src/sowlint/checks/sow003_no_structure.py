"""SOW003 no-structure: no headings or sections could be found."""

from __future__ import annotations

from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document

#: Shorter texts (a cover note, a one-paragraph brief) are not asked for headings.
_MIN_WORDS = 40


class NoStructure(Rule):
    """The document has text but no headings, so sections cannot be told apart."""

    code = "SOW003"
    name = "no-structure"
    severity = Severity.WARNING
    summary = "No headings or sections were found: give the SOW headings (Scope, Deliverables, ...)."
    why = (
        "A project manager navigates a SOW by its sections, and so does sowlint: without headings, "
        "completeness checks can only look for lead-in sentences, and readers cannot find anything."
    )
    tags = ("structure",)
    fail_examples = ("A 2,000-word SOW pasted as one block of paragraphs.",)
    pass_examples = ("## Scope\n\nThe vendor builds the portal.\n",)

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit for a document with text but no sections."""
        if not doc.has_text_layer or doc.sections:
            return
        if doc.word_count() < _MIN_WORDS:
            return
        yield Hit(
            node=doc,
            message=(
                "No headings were found: structure the SOW with headings (Scope, Deliverables, "
                "Assumptions, ...) so readers and checks can find each part."
            ),
        )
