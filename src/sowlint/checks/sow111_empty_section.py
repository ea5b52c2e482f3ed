"""SOW111 empty-section: a heading with nothing under it."""

from __future__ import annotations

from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document, Section

#: Section kinds whose heading may legitimately stand alone (a signature page, cover headings).
_EXEMPT = frozenset({"signatures"})


class EmptySection(Rule):
    """A section of the SOW has a heading but no content."""

    code = "SOW111"
    name = "empty-section"
    severity = Severity.WARNING
    summary = "A section has a heading but no content: fill it in or remove the heading."
    why = (
        "An empty section reads as 'to be written': a client may assume the topic was agreed "
        "elsewhere, and a project manager finds nothing where the table of contents points."
    )
    tags = ("completeness", "structure")
    fail_examples = ("## Change Control\n\n## Pricing\n\nThe fee is USD 10,000.\n",)
    pass_examples = ("## Change Control\n\nChanges are agreed in writing before work starts.\n",)

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield a hit for each empty leaf section after the document's first content."""
        sections = doc.walk()
        # Headings before the first real content are a cover page or title block, not sections.
        started = bool(doc.blocks)
        for i, sec in enumerate(sections):
            if not started:
                started = bool(sec.blocks)
                continue
            if sec.sections or sec.has_content() or _EXEMPT.intersection(sec.kinds):
                continue
            if _is_last_heading_group(sections, i):
                continue
            yield Hit(
                node=sec,
                message=f"The section '{sec.title}' is empty: write its content or remove the heading.",
                excerpt=sec.text,
            )


def _is_last_heading_group(sections: list[Section], i: int) -> bool:
    """True for trailing headings after the last content (appendix lists, back matter)."""
    return all(not s.has_content() for s in sections[i:]) and i > 0 and len(sections) - i > 2
