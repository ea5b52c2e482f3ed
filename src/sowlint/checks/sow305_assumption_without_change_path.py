"""SOW305 assumption-without-change-path: assumptions stated, but not what happens if one proves false."""

from __future__ import annotations

from collections.abc import Iterator

from sowlint.criteria import Place, clarity_data, places, units
from sowlint.findings import Hit, Node, Rule, RuleOptions, Severity
from sowlint.model import Document, Paragraph, Section

_ASSUMPTIONS = "assumptions"


class AssumptionWithoutChangePathOptions(RuleOptions):
    """Options of SOW305."""

    #: accept any change-control section as the change path, even one that never mentions assumptions
    generic_change_control: bool = False


class AssumptionWithoutChangePath(Rule):
    """The SOW states assumptions but never says what happens when one proves false."""

    code = "SOW305"
    name = "assumption-without-change-path"
    severity = Severity.WARNING
    summary = (
        "Assumptions are stated, but nothing says what happens if one proves false (a change "
        "request, re-pricing, re-planning)."
    )
    why = (
        "An assumption only moves risk when the SOW says what follows when it fails; otherwise the "
        "vendor absorbs the extra cost and the client expects the original date."
    )
    tags = ("clarity", "assumptions", "change-control")
    Options = AssumptionWithoutChangePathOptions
    fail_examples = (
        "## Assumptions\n\n- The Client provides test data by 1 March 2027.\n"
        "- Up to 5 source systems are integrated.\n",
    )
    pass_examples = (
        "## Assumptions\n\n- The Client provides test data by 1 March 2027.\n\n"
        "If an assumption proves incorrect, either party may raise a change request and the price "
        "and schedule are adjusted accordingly.\n",
        "## Assumptions\n\n- Up to 5 source systems are integrated.\n\n"
        "## Change Control\n\nChanges to scope, schedule or assumptions are handled through a written "
        "change request signed by both parties.\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per document, at its first assumptions, when no change path is stated."""
        assert isinstance(self.options, AssumptionWithoutChangePathOptions)
        all_places = places(doc, skip_kinds=frozenset({"signatures"}))
        stated = [p for p in all_places if _ASSUMPTIONS in p.kinds and _states_assumption(p)]
        if not stated:
            return
        if self.options.generic_change_control and any(
            "change-control" in s.kinds and s.has_content() for s in doc.walk()
        ):
            return
        if any(_change_path(p) for p in all_places):
            return
        first = stated[0]
        node: Node = _section_of(first) or first.leadin or first.block
        where = f" under '{first.title}'" if first.title else ""
        yield Hit(
            node=node,
            message=(
                f"Say what happens if an assumption proves false: the assumptions{where} have no change "
                "path. Add e.g. 'If any assumption proves incorrect, either party may raise a change "
                "request; price and schedule are adjusted through change control.'"
            ),
            excerpt=first.title or first.block.text[:120],
        )


def _states_assumption(place: Place) -> bool:
    """True when a block states an assumption (not a lead-in, heading, bidder instruction or exclusion)."""
    data = clarity_data("assumptions")
    block = place.block
    if isinstance(block, Paragraph) and block.text.rstrip().endswith(":"):
        return False
    return any(
        len(text.split()) >= 3
        and text != text.upper()
        and not data.matches("instructions", text)
        and not data.matches("not-assumptions", text)
        for _n, _o, text in units(place)
    )


def _change_path(place: Place) -> bool:
    """True when a sentence ties a change mechanism or consequence to the assumptions."""
    data = clarity_data("assumptions")
    in_assumptions = _ASSUMPTIONS in place.kinds
    for _node, _offset, text in units(place):
        if not data.matches("changes", text):
            continue
        if data.matches("assumption-words", text):
            return True
        if in_assumptions and data.matches("conditions", text):
            return True
    return False


def _section_of(place: Place) -> Section | None:
    """The section a place stands in when that section is itself an assumptions section."""
    sec = place.section
    if sec is not None and _ASSUMPTIONS in sec.kinds:
        return sec
    return None
