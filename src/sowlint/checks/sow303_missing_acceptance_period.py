"""SOW303 missing-acceptance-period: acceptance with no review window and no deemed-acceptance rule."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sowlint.criteria import clarity_data, places, units
from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Document, Section
from sowlint.prose import NOT_COMMITMENTS


class MissingAcceptancePeriodOptions(RuleOptions):
    """Options of SOW303."""

    #: also require a deemed-acceptance rule, not only a review window
    require_deemed_acceptance: bool = False


class MissingAcceptancePeriod(Rule):
    """The acceptance section says neither how long the review takes nor what silence means."""

    code = "SOW303"
    name = "missing-acceptance-period"
    severity = Severity.WARNING
    summary = "An acceptance section states no review window and no deemed-acceptance rule."
    why = (
        "Without a review window a deliverable can wait for sign-off indefinitely, and the "
        "milestone payment with it; a deemed-acceptance rule says what silence means."
    )
    tags = ("clarity", "acceptance")
    Options = MissingAcceptancePeriodOptions
    fail_examples = (
        "## Acceptance Criteria\n\n- All 25 UAT scripts pass.\n"
        "- The Client product owner signs off each deliverable in writing.\n",
    )
    pass_examples = (
        "## Acceptance Criteria\n\n- All 25 UAT scripts pass.\n\n"
        "The Client reviews each deliverable within 10 business days of delivery.\n",
        "## Acceptance\n\nA deliverable not rejected in writing is deemed accepted.\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per document, at its first acceptance section, when no review is time-bound."""
        assert isinstance(self.options, MissingAcceptancePeriodOptions)
        sections = _acceptance_sections(doc)
        if not sections:
            return
        deemed, window = _stated_timing(doc, need_deemed=self.options.require_deemed_acceptance)
        if deemed or (window and not self.options.require_deemed_acceptance):
            return
        first = _best(sections)
        if window:
            message = (
                f"Say what silence means: the acceptance terms under '{first.title}' give a review window "
                "but no deemed-acceptance rule. Add e.g. 'A deliverable not rejected in writing within "
                "that period is deemed accepted.'"
            )
        else:
            message = (
                f"Say how long the review takes: the acceptance section '{first.title}' states no review "
                "window and no deemed-acceptance rule. Add e.g. 'The Client reviews each deliverable "
                "within 10 business days of delivery; a deliverable not rejected in writing within that "
                "period is deemed accepted.'"
            )
        yield Hit(node=first, message=message, excerpt=first.text)


_SIGNATURES = frozenset({"signatures"})


def _stated_timing(doc: Document, *, need_deemed: bool) -> tuple[bool, bool]:
    """(deemed, window): whether a deemed-acceptance (or delegated) rule and a review window are stated.

    Timing stated anywhere counts (a QASP's "Procedures", a roles table), except in signatures.  The
    walk stops once the answer is settled: at a deemed rule, or at a window when none is required.
    """
    data = clarity_data("acceptance")
    window = False
    for place in places(doc, skip_kinds=_SIGNATURES):
        for _node, _offset, text in units(place):
            if data.matches("deemed-acceptance", text) or data.matches("delegated-acceptance", text):
                return True, window
            if not window and data.matches("review-words", text) and data.matches("time-bounds", text):
                window = True
                if not need_deemed:
                    return False, True
    return False, window


def _best(sections: list[Section]) -> Section:
    """The section to report at: the first titled as acceptance, else the first without subsections."""
    titled = [s for s in sections if _ACCEPT_TITLE.search(s.title)]
    if titled:
        return titled[0]
    inner = [s for s in sections if not s.sections]
    return (inner or sections)[0]


_ACCEPT_TITLE = re.compile(r"\baccept|\bcriteria\b|\bsign[- ]?off\b|\bdefinition of done\b", re.IGNORECASE)


def _acceptance_sections(doc: Document) -> list[Section]:
    """Sections the classifier titled acceptance (not inherited), with content, outside skipped kinds."""
    out: list[Section] = []

    def walk(sec: Section, inherited: frozenset[str]) -> None:
        own = frozenset(sec.kinds)
        kinds = own or inherited
        if kinds & NOT_COMMITMENTS:
            return
        if "acceptance" in own and sec.has_content():
            out.append(sec)
        for sub in sec.sections:
            walk(sub, kinds)

    for top in doc.sections:
        walk(top, frozenset())
    return out
