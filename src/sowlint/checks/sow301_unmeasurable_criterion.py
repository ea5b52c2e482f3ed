"""SOW301 unmeasurable-criterion: an acceptance or success criterion nobody can check objectively."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sowlint.criteria import (
    Judgement,
    Place,
    cell_text,
    clarity_data,
    column,
    document_parties,
    judge_measurable,
    places,
    shorten,
    strip_label,
    title_matches,
)
from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Document, ListItem, Paragraph, Table
from sowlint.prose import is_definition, split_sentences

_CRITERIA_KINDS = frozenset({"acceptance", "performance-standards"})


class UnmeasurableCriterionOptions(RuleOptions):
    """Options of SOW301."""

    #: list items longer than this are clauses or procedure text, not criteria
    max_words: int = 60


class UnmeasurableCriterion(Rule):
    """An acceptance or success criterion states nothing a third party could check."""

    code = "SOW301"
    name = "unmeasurable-criterion"
    severity = Severity.WARNING
    summary = (
        "An acceptance or success criterion has nothing measurable: no number, threshold, test, "
        "named approver, observable event or standard."
    )
    why = (
        "A criterion such as 'when the client is satisfied' turns acceptance into an opinion: the "
        "deliverable is never provably done, sign-off waits, and so does the invoice."
    )
    tags = ("clarity", "acceptance")
    Options = UnmeasurableCriterionOptions
    fail_examples = (
        "## Acceptance Criteria\n\n- The portal works well on all devices.\n",
        "## Acceptance\n\nThe dashboards are accepted when the client is satisfied with them.\n",
        "## Deliverables\n\n| ID | Deliverable | Acceptance criteria |\n|---|---|---|\n"
        "| D1 | Data model | High quality and fit for purpose |\n",
    )
    pass_examples = (
        "## Acceptance Criteria\n\n- All 25 UAT scripts pass.\n"
        "- Signed off in writing by the Client product owner.\n"
        "- Pages meet WCAG 2.1 AA.\n- Deployed to production with zero open severity-1 defects.\n",
        "## Acceptance\n\nThe Client reviews each deliverable within 10 business days.\n\n"
        "- The Client reviews each deliverable and returns written comments.\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield a hit per criterion (list item, table row, criterion sentence) with nothing measurable."""
        assert isinstance(self.options, UnmeasurableCriterionOptions)
        parties = document_parties(doc)
        party_names = [p for p in (parties.pattern("client"), parties.pattern("vendor")) if p is not None]
        for place in places(doc):
            block = place.block
            if isinstance(block, Table):
                yield from self._table(block)
            elif self._criteria_context(place):
                if isinstance(block, ListItem):
                    hit = self._item(place, block, party_names)
                    if hit is not None:
                        yield hit
                else:
                    yield from self._sentences(block, party_names, in_criteria=True)
            elif "acceptance" in block.kinds and isinstance(block, Paragraph):
                # a criterion stated in passing ("Deliverables are accepted when ...")
                yield from self._sentences(block, party_names, in_criteria=False)

    # -- where criteria stand ---------------------------------------------------------------------

    @staticmethod
    def _criteria_context(place: Place) -> bool:
        """True for blocks of a criteria section, or of a list the classifier marked as criteria."""
        data = clarity_data("acceptance")
        if not place.kinds & _CRITERIA_KINDS:
            return False
        if frozenset(place.block.kinds) & _CRITERIA_KINDS and isinstance(place.block, ListItem):
            return True  # a list under a criteria lead-in ("Definition of Done includes:")
        if title_matches(place.titles, data.patterns("criteria-titles")):
            return bool(place.own & _CRITERIA_KINDS) or not place.own
        if not place.own and len(place.titles) >= 2:
            return title_matches(place.titles[:-1], data.patterns("criteria-parent-titles"))
        return False

    # -- judging --------------------------------------------------------------------------------

    def _table(self, table: Table) -> Iterator[Hit]:
        data = clarity_data("acceptance")
        idx = column(table.header, data.patterns("criteria-columns"))
        if idx is None:
            return
        others = tuple(h for i, h in enumerate(table.header) if i != idx)
        if any(data.matches("measured-columns", h) for h in others):
            return  # a performance requirements summary: measured by its quality-level column
        for row in table.rows:
            text = cell_text(row.cells, idx)
            if not text:
                continue
            verdict = judge_measurable(text)
            if not verdict.measurable:
                yield Hit(node=row.cells[idx], message=_message(text, verdict), excerpt=text)

    def _item(self, place: Place, item: ListItem, party_names: list[re.Pattern[str]]) -> Hit | None:
        data = clarity_data("acceptance")
        text = item.text.strip()
        body = strip_label(text)
        if not body or body.endswith(":") or body.endswith("?"):
            return None
        assert isinstance(self.options, UnmeasurableCriterionOptions)
        if len(body.split()) > self.options.max_words:
            return None
        if data.matches("not-criteria", body):
            return None
        if place.leadin is not None and data.matches("delivered-leadins", place.leadin.text):
            return None  # outputs that count when delivered: delivery is the event
        if not data.matches("criterion-sentences", body) and _procedure_step(body, party_names):
            return None
        verdict = judge_measurable(body)
        if verdict.measurable:
            return None
        start = text.find(body) if body in text else 0
        return Hit(node=item, message=_message(body, verdict), excerpt=body, span=(start, start + len(body)))

    def _sentences(
        self, block: Paragraph | ListItem, party_names: list[re.Pattern[str]], *, in_criteria: bool
    ) -> Iterator[Hit]:
        """Criterion sentences of a paragraph: criterion-shaped, or (in a criteria section) a
        requirement on the work whose subject is not a party."""
        data = clarity_data("acceptance")
        for offset, text in split_sentences(block.text):
            if is_definition(text) or text.endswith("?") or text.endswith(":"):
                continue
            if data.matches("not-criteria", text):
                continue
            shaped = data.matches("criterion-sentences", text)
            if not shaped and not (
                in_criteria
                and data.matches("criterion-modals", text)
                and not _procedure_step(text, party_names)
            ):
                continue
            verdict = judge_measurable(text)
            if verdict.measurable:
                continue
            yield Hit(
                node=block, message=_message(text, verdict), excerpt=text, span=(offset, offset + len(text))
            )


def _procedure_step(text: str, party_names: list[re.Pattern[str]]) -> bool:
    """True for a step of the acceptance procedure: a party does something."""
    data = clarity_data("acceptance")
    normalised = text
    for pattern in party_names:
        normalised = (
            pattern.sub("the client", normalised, count=1) if pattern.match(normalised) else normalised
        )
    return data.matches("procedure-steps", normalised)


def _message(text: str, verdict: Judgement) -> str:
    quoted = shorten(text, 70)
    if verdict.vague:
        return (
            f"Make this criterion measurable: replace '{verdict.vague}' in '{quoted}' with something a "
            "third party can check (a number or threshold, a named test such as 'all UAT scripts pass', "
            "a sign-off by a named approver, or an observable event)."
        )
    return (
        f"Make this criterion measurable: '{quoted}' states no number, test, approver or observable "
        "event. Say how it is checked (e.g. 'all 25 UAT scripts pass', 'signed off in writing by the "
        "Client product owner', 'zero open severity-1 defects')."
    )
