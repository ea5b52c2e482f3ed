"""SOW111 empty-section: a heading with nothing under it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document, Section
from sowlint.readers.build import heading_shaped

#: Kinds a SOW is expected to fill in: an empty heading of one of these is always reported.
_CORE_KINDS = frozenset(
    {
        "objectives",
        "scope",
        "deliverables",
        "assumptions",
        "exclusions",
        "acceptance",
        "dependencies",
        "schedule",
        "pricing",
        "payment",
        "change-control",
        "roles",
        "risks",
    }
)
_EXEMPT_KINDS = frozenset({"signatures"})
_EXEMPT_TITLE_RE = re.compile(
    r"^\s*(\(.*\)|(attachment|appendix|exhibit|annex|enclosure)\b.*)$", re.IGNORECASE
)


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
        """Yield a hit for each empty section that is a real section, not title-page lines.

        Runs of several empty headings in a row are title blocks, cover pages or headings used for
        layout; in such a run only headings of a known SOW kind (Assumptions, Pricing, ...) are
        reported.  Sentence-like "headings" and attachment placeholders are not sections to fill.
        """
        sections = doc.walk()
        empty = [not s.sections and not s.has_content() for s in sections]
        # Headings before the first section with content are a title page, not sections.
        first = next((i for i, s in enumerate(sections) if s.blocks), len(sections))
        for i, sec in enumerate(sections):
            if not empty[i] or not self._fillable(sec):
                continue
            in_run = (i > 0 and empty[i - 1]) or (i + 1 < len(sections) and empty[i + 1])
            if (in_run or i < first) and not _CORE_KINDS.intersection(sec.kinds):
                continue
            yield Hit(
                node=sec,
                message=f"The section '{sec.title}' is empty: write its content or remove the heading.",
                excerpt=sec.text,
            )

    @staticmethod
    def _fillable(sec: Section) -> bool:
        title = sec.title.strip()
        if _EXEMPT_KINDS.intersection(sec.kinds) or _EXEMPT_TITLE_RE.match(title):
            return False
        return heading_shaped(title.rstrip(":"), max_words=10, max_chars=80)
