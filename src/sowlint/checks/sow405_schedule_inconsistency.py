"""SOW405 schedule-inconsistency: dates that contradict each other or do not exist.

Four problems, one finding each, located at the row or paragraph that states the date:

* a milestone, a deliverable's due date or a payment date outside the period of performance
  (payments are checked against its end only, with ``payment-grace-days`` of allowance: a
  signature payment before the start and a net-30 payment after the end are normal);
* a period (or a phase row) that ends before it starts;
* the rows of a numbered sequence (``M1``..``Mn``, ``Phase 1``..) dated out of order;
* a date that does not exist (``2027-02-30``).

What is compared is read by :mod:`sowlint.facts`.  Precision first: a numeric date whose day and
month could be swapped (``05/06/2027``) is never compared; only schedules of milestones,
deliverables and payments are (client dependencies, clause lists with dates, procurement
timelines are not); a row naming an event that precedes the work by nature (contract signature,
award, proposal due) may stand before the start; a date inside any stated period (an option
period) is not outside; and a document whose stated periods contradict each other is reported
for that contradiction only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from pydantic import Field

from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Cell, Document, Row, Table

if TYPE_CHECKING:
    from sowlint.facts import DateMention, DateValue, Milestone, Period, Schedule
    from sowlint.facts.models import FactNode

#: Schedules whose dates are the work's own (not dependencies, not "other" dated tables).
_SUBJECTS = {"milestones": "Milestone", "deliverables": "Deliverable", "payments": "Payment"}
#: Events that precede the work by nature: they may be dated before the period starts.
_BEFORE_START_OK = re.compile(
    r"\b(sign\w*|award\w*|execut\w+|effective|notice to proceed|ntp|proposals?|rf[pqi]|solicitation|"
    r"questions?|submissions?|contract|purchase order|po|deposit|advance|mobili[sz]ation|retainer)\b",
    re.IGNORECASE,
)
#: Rows that are periods or extensions themselves (option years, warranty), not milestones in the period.
_PERIOD_ROW = re.compile(
    r"\b(period|option|extension|renewal|warranty|hypercare|support|maintenance|term)\b", re.IGNORECASE
)
#: Section titles of procurement timelines (an RFP's schedule precedes the work it buys).
_PROCUREMENT = re.compile(
    r"\b(procurement|solicitation|proposals?|rf[pqi]|quot(e|ation)s?|offerors?|bidders?|evaluation)\b",
    re.IGNORECASE,
)
#: A sequence number starting a milestone label or its first cell: ``M1``, ``Phase 2``, ``3.``.
_SEQUENCE = re.compile(
    r"^\W*(?:(?:m|ms|p|ph|milestone|phase|stage|step|sprint|release|wave|increment|iteration|gate)"
    r"\s*[-#]?\s*)?(\d{1,3})(?:\b|(?=[A-Za-z]))(?![./-]\d)",
    re.IGNORECASE,
)
#: What stands between the start and the end of a period written as a range: ``2025-03-03 to
#: 2025-08-29``, ``... and ends on ...``, ``from ... through ...``.  Two dates joined by anything
#: else ("awarded on X; the period of performance begins Y") are two facts, not a period.
_RANGE = re.compile(
    r"^\s*,?\s*(?:-|–|—|(?:and\s+)?(?:(?:ends?|ending|expires?|expiring|terminates?|terminating|concludes?|"
    r"concluding|continues?|continuing|runs?|running|lasts?|lasting)\s+)?(?:on|to|through|thru|until|till|"
    r"up to(?: and including)?)|and\s+(?:ends?|ending|expires?|expiring|terminates?|concludes?))\s*,?\s*$",
    re.IGNORECASE,
)
#: A raw date that looks like a date a person wrote (not a section number like ``14.13.12``).
_DATE_LIKE = re.compile(
    r"\b(1[89]|2[01])\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)


def _usable(d: DateValue | None) -> bool:
    """A date that can be compared: valid, bounded, not a swappable day/month, not relative."""
    return d is not None and d.valid and not d.ambiguous and d.start is not None and d.end is not None


def _raw(d: DateValue) -> str:
    """The date as written, whitespace collapsed."""
    return " ".join(d.raw.split())


def _label(m: Milestone) -> str:
    """What a row is called: its label, else its first cell with words that is not a date."""
    if m.label:
        return m.label
    if isinstance(m.node, Row):
        for cell in m.node.cells:
            text = " ".join(cell.text.split())
            if re.search(r"[A-Za-z]{2}", text) and not _DATE_LIKE.search(text):
                return text
    return ""


def stated_as_range(period: Period) -> bool:
    """True when a period's dates were written as one range (or one bound with its own cue).

    The columns of one table row are a range; in prose the start must come first and only a
    connector (:data:`_RANGE`) may stand between the two dates.
    """
    if period.start is None or period.end is None or isinstance(period.node, Row):
        return True
    text, start, end = period.text, period.start.raw, period.end.raw
    if text.count(start) != 1 or text.count(end) != 1:
        return False
    a, b = text.index(start), text.index(end)
    return a < b and bool(_RANGE.match(text[a + len(start) : b]))


def _period_bounds(period: Period | None) -> tuple[dt.date | None, dt.date | None]:
    """(first day, last day) of a period, None for a bound it does not state usably."""
    if period is None:
        return None, None
    start = period.start.start if period.start is not None and _usable(period.start) else None
    end = period.end.end if period.end is not None and _usable(period.end) else None
    return start, end


def _cell_rows(doc: Document) -> dict[int, Row]:
    """id(cell) -> its row."""
    return {
        id(cell): row
        for block in doc.all_blocks()
        if isinstance(block, Table)
        for row in block.rows
        for cell in row.cells
    }


def _sequence_number(m: Milestone) -> int | None:
    """The number a milestone row carries in its label or first cell (``M3`` -> 3), if any."""
    texts = [m.label]
    if isinstance(m.node, Row) and m.node.cells:
        texts.append(m.node.cells[0].text)
    for text in texts:
        found = _SEQUENCE.match(text.strip())
        if found:
            return int(found.group(1))
    return None


def _key(m: Milestone) -> DateValue | None:
    """The date that orders a row: its date, else its start."""
    return m.date if m.date is not None else m.start


class ScheduleInconsistency(Rule):
    """Schedule dates contradict the period of performance or each other, or do not exist."""

    code = "SOW405"
    name = "schedule-inconsistency"
    severity = Severity.ERROR
    summary = (
        "A milestone or due date falls outside the period of performance, a period ends before it "
        "starts, numbered milestones are dated out of order, or a date does not exist."
    )
    why = (
        "A milestone after the end of the period of performance cannot be contracted for: either the "
        "work stops before it is delivered or the period must be extended, with its price.  A date "
        "that does not exist (30 February) or milestones out of order show a schedule nobody checked."
    )
    tags = ("commercial", "schedule")
    fail_examples = (
        "## Schedule\n\nPeriod of performance: 2025-03-03 to 2025-08-29\n\n"
        "| Milestone | Date |\n|---|---|\n| Kickoff | 2025-03-03 |\n| Dashboards live | 2025-09-30 |\n",
        "## Schedule\n\nThe pilot report is due on 2027-02-30.\n",
        "## Schedule\n\n| Milestone | Date |\n|---|---|\n| M1 Design | 2025-05-02 |\n"
        "| M2 Build | 2025-04-11 |\n| M3 Launch | 2025-06-27 |\n",
    )
    pass_examples = (
        "## Schedule\n\nPeriod of performance: 2025-03-03 to 2025-08-29\n\n"
        "| Milestone | Date |\n|---|---|\n| Kickoff | 2025-03-03 |\n| Dashboards live | 2025-07-25 |\n",
        "## Client Dependencies\n\nPeriod of performance: 2025-03-03 to 2025-08-29\n\n"
        "| Dependency | Owner | Due date |\n|---|---|---|\n| VPN access | Contoso IT | 2025-02-14 |\n",
        "## Schedule\n\n| Milestone | Date |\n|---|---|\n| M1 Design | 05/06/2025 |\n"
        "| M2 Build | 04/07/2025 |\n",
    )

    class Options(RuleOptions):
        """Options of SOW405."""

        payment_grace_days: int = Field(
            45,
            ge=0,
            description="Calendar days after the end of the period of performance a payment may still be "
            "dated (payment terms such as net 30 put the last payment after the work ends).",
        )

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per invalid date, reversed period, out-of-period or out-of-order row."""
        from sowlint.facts import facts_for

        facts = facts_for(doc)
        cells = _cell_rows(doc)
        yield from self._invalid_dates(facts.invalid_dates, cells)
        reversed_periods = list(self._reversed_periods(facts.periods))
        yield from reversed_periods
        for schedule in facts.schedules:
            if schedule.subject not in _SUBJECTS:
                continue
            yield from self._reversed_rows(schedule)
            if schedule.subject == "milestones":
                yield from self._out_of_order(schedule)
        if not reversed_periods:
            for schedule in facts.schedules:
                if schedule.subject in _SUBJECTS:
                    yield from self._outside(schedule, facts.period, facts.periods)

    # -- dates that do not exist ---------------------------------------------------------------

    def _invalid_dates(self, mentions: tuple[DateMention, ...], cells: dict[int, Row]) -> Iterator[Hit]:
        seen: set[tuple[int, tuple[int, int]]] = set()
        for mention in mentions:
            d = mention.date
            if d.kind != "day" or not _DATE_LIKE.search(d.raw):
                continue
            node: FactNode | None = mention.node
            span: tuple[int, int] | None = d.span
            if node is None:
                continue
            excerpt = " ".join(d.raw.split())
            key = (id(node), d.span)
            if isinstance(node, Cell) and id(node) in cells:
                node = cells[id(node)]  # a row finding: at the row, the row's text, no column
                span, excerpt = None, node.text
            if key in seen:
                continue
            seen.add(key)
            why = f": {d.reason}" if d.reason else ""
            yield Hit(
                node=node,
                message=f"'{' '.join(d.raw.split())}' is not a date{why}. Correct the date.",
                excerpt=excerpt,
                span=span,
            )

    # -- end before start ----------------------------------------------------------------------

    def _reversed_periods(self, periods: tuple[Period, ...]) -> Iterator[Hit]:
        seen: set[int] = set()
        for p in periods:
            if p.node is None or id(p.node) in seen:
                continue
            if not (_usable(p.start) and _usable(p.end)) or not stated_as_range(p):
                continue
            assert p.start is not None and p.end is not None and p.start.start and p.end.end
            if p.end.end < p.start.start:
                seen.add(id(p.node))
                label = " ".join(p.label.split())
                name = f"'{label}'" if label else "The period"
                if "performance" in label.lower():
                    name = "The period of performance"
                yield Hit(
                    node=p.node,
                    message=(
                        f"{name} ends on {_raw(p.end)}, before it starts on {_raw(p.start)}. "
                        "Correct the dates."
                    ),
                    excerpt=p.text,
                )

    def _reversed_rows(self, schedule: Schedule) -> Iterator[Hit]:
        for m in schedule.milestones:
            if m.node is None or not (_usable(m.start) and _usable(m.end)):
                continue
            assert m.start is not None and m.end is not None and m.start.start and m.end.end
            if m.end.end < m.start.start and not _PERIOD_ROW.search(m.label):
                yield Hit(
                    node=m.node,
                    message=(
                        f"'{_label(m) or 'This row'}' ends on {_raw(m.end)}, before it starts on "
                        f"{_raw(m.start)}. Correct the dates."
                    ),
                    excerpt=m.text,
                )

    # -- numbered milestones out of order ------------------------------------------------------

    def _out_of_order(self, schedule: Schedule) -> Iterator[Hit]:
        rows = list(schedule.milestones)
        numbers = [n for n in (_sequence_number(m) for m in rows) if n is not None]
        if len(rows) < 2 or len(numbers) < len(rows):
            return
        if any(b <= a for a, b in pairwise(numbers)):
            return  # not a numbered sequence in row order
        prev: Milestone | None = None
        for m in rows:
            d = _key(m)
            if d is None or d.kind == "relative":
                continue
            if not _usable(d):
                return  # an ambiguous or invalid date: the order cannot be trusted
            if prev is not None:
                pd = _key(prev)
                assert pd is not None and pd.start is not None and d.end is not None
                if d.end < pd.start and m.node is not None:
                    yield Hit(
                        node=m.node,
                        message=(
                            f"'{_label(m)}' ({_raw(d)}) is listed after '{_label(prev)}' but dated before it "
                            f"({_raw(pd)}). Put the milestones in date order or correct the date."
                        ),
                        excerpt=m.text,
                    )
                    continue  # compare the next row with the last row in order
            prev = m

    # -- outside the period of performance -----------------------------------------------------

    def _outside(
        self, schedule: Schedule, period: Period | None, periods: tuple[Period, ...]
    ) -> Iterator[Hit]:
        start, end = _period_bounds(period)
        if period is None or (start is None and end is None) or not stated_as_range(period):
            return
        if start is not None and end is not None and end < start:
            return
        if any(_PROCUREMENT.search(t) for t in schedule.location.section[-1:]):
            return
        # Other periods (option periods) count only as allowances: a date inside one is not outside.
        others = [
            (s, e) for s, e in (_period_bounds(p) for p in periods if p is not period) if s and e and s <= e
        ]
        period_nodes = {id(p.node) for p in periods if p.node is not None}
        starts = _raw(period.start) if period.start is not None else ""
        ends = _raw(period.end) if period.end is not None else ""
        noun = _SUBJECTS[schedule.subject]
        verb = "is due" if schedule.subject == "deliverables" else "is dated"
        for m in schedule.milestones:
            if m.node is None or id(m.node) in period_nodes or _PERIOD_ROW.search(m.label):
                continue
            dates = [d for d in (m.date, m.start, m.end) if d is not None and _usable(d)]
            if not dates:
                continue
            first = min(dates, key=lambda d: d.start or dt.date.max)
            last = max(dates, key=lambda d: d.end or dt.date.min)
            assert first.start is not None and first.end is not None
            assert last.start is not None and last.end is not None

            def inside_other(lo: dt.date, hi: dt.date) -> bool:
                return any(s <= lo and hi <= e for s, e in others)

            name = _label(m)
            label = f"{noun} '{name}'" if name else noun
            grace = self.options.payment_grace_days if schedule.subject == "payments" else 0
            if end is not None and last.start > end + dt.timedelta(days=grace):
                if not inside_other(last.start, last.end):
                    yield Hit(
                        node=m.node,
                        message=(
                            f"{label} {verb} {_raw(last)}, after the period of performance ends on "
                            f"{ends}. Move the date or extend the period."
                        ),
                        excerpt=m.text,
                    )
                continue
            if (
                start is not None
                and schedule.subject != "payments"
                and first.end < start
                and not _BEFORE_START_OK.search(m.label)
                and not inside_other(first.start, first.end)
            ):
                yield Hit(
                    node=m.node,
                    message=(
                        f"{label} {verb} {_raw(first)}, before the period of performance starts on "
                        f"{starts}. Move the date or the start of the period."
                    ),
                    excerpt=m.text,
                )
