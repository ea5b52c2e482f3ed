"""SOW407 effort-exceeds-capacity: a role's hours exceed what its staffing can work in the stated time.

The effort of a role is a pricing line with hours or days (``Data Engineer | $165 | 640 | ...``) or
a line of an effort table.  Its capacity is ``people x allocation x working hours in the
duration``: working days of the period of performance (Monday to Friday, both ends included) or of
the stated engagement length ("The engagement lasts 6 weeks"), at
:data:`~sowlint.facts.HOURS_PER_DAY` hours a day.  The rule fires when the hours exceed the
capacity by more than ``tolerance``.  One role's lines in one table (per phase, per workstream) are
summed: the same people work them.

It reports only what it can compute, so it stays quiet when any input is uncertain:

* the duration must be known; with several, the longest is used; a document with option periods,
  renewals or extensions is skipped (its hours may cover them);
* the staffing must be known: a staffing statement or table for the role (headcount, allocation
  or FTE), else one person for a line that names one role in the singular ("Data Engineer", not
  "Data Engineers", "Developers and testers" or "Phase 2");
* hours per month, per year or per person columns are not totals and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Document

if TYPE_CHECKING:
    from sowlint.facts import CommercialFacts, Staffing
    from sowlint.facts.models import FactNode

#: The last word of a label naming one role (a person's title, in the singular).
_ROLE_NOUN = re.compile(
    r"\b(engineer|architect|manager|analyst|developer|designer|consultant|lead|specialist|tester|"
    r"scientist|administrator|director|owner|coordinator|writer|researcher|strategist|officer|advisor|"
    r"adviser|expert|programmer|master|principal|partner|associate|technician|trainer|auditor|steward|"
    r"editor|producer|pm|dba|sme|ux|qa)\s*$",
    re.IGNORECASE,
)
#: Words that make a label more than one person, or not a person.
_NOT_ONE_ROLE = re.compile(r"\d|[&+/,;]|\b(and|or|team|staff|resources|personnel|pool|crew|squad)\b", re.I)
#: A header that says its hours are not a total (per month, per person, ...).
_NOT_A_TOTAL = re.compile(
    r"\b(per|each|a|every)\s+(month|year|week|day|person|resource|fte|sprint)\b|/\s*(month|year|week|mo|yr|wk)\b|"
    r"\b(monthly|annual|annually|yearly|weekly|daily)\b",
    re.IGNORECASE,
)
#: A header column that counts people: the line's headcount is in the table, not one.
_HEADCOUNT_HEADER = re.compile(
    r"\b(fte|headcount|head count|people|persons|resources|staff|team size|number of|no\.|qty of)\b|#",
    re.IGNORECASE,
)
#: Periods, durations or sentences that make the total duration uncertain.
_EXTENSIONS = re.compile(r"\b(option(al)?|award term|renewal|renew|extend\w*|extension)\b", re.IGNORECASE)
#: Sentences whose duration is not the engagement's length: an interval, a past project, one part of
#: the work ("The pilot lasts 6 weeks" leaves the rest of the hours unplaced).
_NOT_THE_ENGAGEMENT = re.compile(
    r"\b(each|every|per|invoice\w*|similar|experience|past|previous|prior|first|the last|initial|after|"
    r"remaining|minimum|at least|warranty|notice|phases?|pilot|sprints?|stages?|iterations?|discovery|"
    r"workshops?|training|sessions?|reviews?|acceptance|testing|transition|hypercare)\b",
    re.IGNORECASE,
)


def _dec(value: Decimal, places: str = "1") -> str:
    """A decimal rounded half up to ``places`` for a message, trailing zeros dropped, commas grouped."""
    q = value.quantize(Decimal(places), rounding=ROUND_HALF_UP)
    if q == q.to_integral_value():
        return f"{int(q):,}"
    return f"{q.normalize():,}"


def _norm_role(text: str) -> str:
    """A role name for comparison: lower case, parentheses dropped, spaces collapsed, no plural s."""
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    return text[:-1] if text.endswith("s") and not text.endswith("ss") else text


@dataclass(frozen=True)
class EffortItem:
    """One line of effort: a label (role, phase or category), its hours, and where it stands."""

    label: str
    hours: Decimal
    node: FactNode | None
    text: str
    #: The table states headcounts or per-period hours itself (one person is not a safe guess).
    counted: bool = False
    #: Which table the line stands in (0, 1, ... in the order read).
    table: int = 0


def effort_items(facts: CommercialFacts) -> list[EffortItem]:
    """Every effort line in hours: pricing lines with hours or days, then effort-table lines.

    Adjustment lines (discounts, expenses) and lines without a label or unit are left out, and a
    line repeating one of an earlier table (same label and hours: an effort table and a pricing
    table of the same roles) is given once.
    """
    from sowlint.facts import HOURS_PER_DAY

    out: list[EffortItem] = []
    earlier: set[tuple[str, Decimal]] = set()
    table_no = 0

    def add(label: str, hours: Decimal | None, node: FactNode | None, text: str, counted: bool) -> None:
        label = " ".join(label.split())
        if not label or hours is None or hours <= 0 or (_norm_role(label), hours) in earlier:
            return
        out.append(
            EffortItem(label=label, hours=hours, node=node, text=text, counted=counted, table=table_no)
        )

    def next_table() -> None:
        nonlocal table_no
        earlier.update((_norm_role(i.label), i.hours) for i in out if i.table == table_no)
        table_no += 1

    for table in facts.pricing_tables:
        headers = [
            table.header[c] for r, c in table.columns.items() if r != "label" and c < len(table.header)
        ]
        qty_headers = [
            table.header[c]
            for r, c in table.columns.items()
            if r in ("hours", "days", "quantity") and c < len(table.header)
        ]
        if any(_NOT_A_TOTAL.search(h) for h in qty_headers):
            continue
        counted = any(_HEADCOUNT_HEADER.search(h) for h in headers if h not in qty_headers)
        for li in table.lines:
            if li.adjustment or li.quantity is None:
                continue
            hours = (
                li.quantity
                if li.unit == "hour"
                else li.quantity * HOURS_PER_DAY
                if li.unit == "day"
                else None
            )
            add(li.label, hours, li.node, li.text, counted)
        next_table()
    for effort in facts.effort_tables:
        qty_headers = [
            effort.header[c] for r, c in effort.columns.items() if r != "label" and c < len(effort.header)
        ]
        if any(_NOT_A_TOTAL.search(h) for h in qty_headers):
            continue
        label_col = effort.columns.get("label")
        others = [h for c, h in enumerate(effort.header) if c != label_col and h not in qty_headers]
        counted = any(_HEADCOUNT_HEADER.search(h) for h in others)
        for el in effort.lines:
            add(el.label, el.hours, el.node, el.text, counted)
        next_table()
    return out


@dataclass(frozen=True)
class _Span:
    """The duration the effort must fit in: working days and how the message names it."""

    days: Decimal
    words: str


def _weeks(days: Decimal) -> str:
    weeks = days / 5
    return f"{_dec(weeks, '0.1')} week{'' if weeks == 1 else 's'}"


def _duration(facts: CommercialFacts) -> _Span | None:
    """The longest duration the document states, or None when it states none or it is uncertain."""
    from sowlint.checks.sow405_schedule_inconsistency import stated_as_range
    from sowlint.facts import business_days_between

    texts = [p.text for p in facts.periods] + [d.text for d in facts.durations]
    texts += [p.label for p in facts.periods]
    if any(_EXTENSIONS.search(t) for t in texts):
        return None
    spans: list[_Span] = []
    for p in facts.periods:
        if p.start is None or p.end is None or p.start.ambiguous or p.end.ambiguous:
            continue
        if not (p.start.valid and p.end.valid and p.start.start and p.end.end) or not stated_as_range(p):
            continue
        days = Decimal(business_days_between(p.start.start, p.end.end))
        if days > 0:
            raw = f"{' '.join(p.start.raw.split())} to {' '.join(p.end.raw.split())}"
            spans.append(_Span(days=days, words=f"{_weeks(days)} ({raw})"))
    for d in facts.durations:
        if _NOT_THE_ENGAGEMENT.search(d.text):
            continue
        working = d.duration.working_days
        if working is not None and working > 0:
            spans.append(_Span(days=working, words=" ".join(d.duration.raw.split())))
    return max(spans, key=lambda s: s.days) if spans else None


def _staffing_for(label: str, staffing: tuple[Staffing, ...]) -> Staffing | None:
    """The staffing statement for a role: same name, else one name within the other (whole words)."""
    want = _norm_role(label)
    if not want:
        return None
    exact = [s for s in staffing if _norm_role(s.role) == want and (s.count or s.allocation)]
    if exact:
        return exact[0]
    near = [
        s
        for s in staffing
        if (s.count or s.allocation)
        and (
            re.search(rf"\b{re.escape(_norm_role(s.role))}\b", want)
            or re.search(rf"\b{re.escape(want)}\b", _norm_role(s.role))
        )
    ]
    return near[0] if len(near) == 1 else None


def _one_role(label: str) -> bool:
    """True when a label names one role in the singular ("Data Engineer", "Scrum Master")."""
    bare = re.sub(
        r"\((?:senior|junior|lead|principal|contract(?:or)?|offshore|onshore|remote)\)", "", label, flags=re.I
    )
    bare = " ".join(bare.split())
    if "(" in bare or _NOT_ONE_ROLE.search(bare) or len(bare.split()) > 5:
        return False
    return bool(_ROLE_NOUN.search(bare))


def _who(count: Decimal, allocation: Decimal) -> str:
    """Who works the hours, for the message: "one person works", "2 people at 50% work"."""
    if count == 1 and allocation == 1:
        return "one person works"
    if count == 1 and allocation < 1:
        return f"one person at {_dec(allocation * 100)}% works"
    if allocation == 1:
        return f"{_dec(count, '0.1')} people work"
    if count == 1:
        return f"{_dec(allocation, '0.1')} FTE work"
    return f"{_dec(count, '0.1')} people at {_dec(allocation * 100)}% work"


class EffortExceedsCapacity(Rule):
    """A role's hours exceed what the stated staffing can work in the stated duration."""

    code = "SOW407"
    name = "effort-exceeds-capacity"
    severity = Severity.WARNING
    summary = (
        "The hours estimated for a role exceed what its people can work in the stated duration "
        "(people x allocation x working hours): add people or time, or reduce the hours."
    )
    why = (
        "An estimate one person cannot work in the time given is either a schedule that will slip or "
        "staffing that was never planned; both surface after signature, as overtime, delay or a change "
        "request."
    )
    tags = ("commercial", "estimate")
    fail_examples = (
        "## Schedule\n\nThe engagement lasts 6 weeks.\n\n## Pricing\n\n"
        "| Role | Rate | Hours | Amount |\n|---|---|---|---|\n| Data Engineer | $165 | 640 | $105,600 |\n",
        "## Schedule\n\nPeriod of performance: 2025-03-03 to 2025-04-11\n\n## Staffing\n\n"
        "One QA Analyst at 50% supports testing.\n\n## Effort\n\n"
        "| Role | Hours |\n|---|---|\n| QA Analyst | 200 |\n",
    )
    pass_examples = (
        "## Schedule\n\nThe engagement lasts 6 weeks.\n\n## Pricing\n\n"
        "| Role | Rate | Hours | Amount |\n|---|---|---|---|\n| Data Engineer | $165 | 240 | $39,600 |\n",
        "## Schedule\n\nThe engagement lasts 6 weeks.\n\n## Pricing\n\n"
        "| Role | Rate | Hours | Amount |\n|---|---|---|---|\n| Data Engineers | $165 | 640 | $105,600 |\n",
        "## Pricing\n\n| Role | Rate | Hours | Amount |\n|---|---|---|---|\n"
        "| Data Engineer | $165 | 640 | $105,600 |\n",
    )

    class Options(RuleOptions):
        """Options of SOW407."""

        tolerance: float = Field(
            0.10,
            ge=0,
            description="How far the hours may exceed the capacity before it is reported (0.10 = 10%).",
        )

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per role of a table whose hours exceed its staffing's capacity in the duration."""
        from sowlint.facts import HOURS_PER_DAY, WORKING_DAYS_PER_WEEK, facts_for

        facts = facts_for(doc)
        items = effort_items(facts)
        if not items:
            return
        span = _duration(facts)
        if span is None:
            return
        limit = Decimal(1) + Decimal(str(self.options.tolerance))
        # One role's lines in one table (per phase, per workstream) are worked by the same people.
        groups: dict[tuple[int, str], list[EffortItem]] = {}
        for item in items:
            groups.setdefault((item.table, _norm_role(item.label)), []).append(item)
        for lines in groups.values():
            first = lines[0]
            hours = sum((i.hours for i in lines), Decimal(0))
            staffed = _staffing_for(first.label, facts.staffing)
            if staffed is not None:
                count = staffed.count if staffed.count else Decimal(1)
                allocation = staffed.allocation if staffed.allocation else Decimal(1)
            elif not first.counted and _one_role(first.label):
                count, allocation = Decimal(1), Decimal(1)
            else:
                continue
            capacity = count * allocation * span.days * HOURS_PER_DAY
            if capacity <= 0 or hours <= capacity * limit or first.node is None:
                continue
            weeks = span.days / WORKING_DAYS_PER_WEEK
            weekly = count * allocation * WORKING_DAYS_PER_WEEK * HOURS_PER_DAY
            over = f" ({len(lines)} lines)" if len(lines) > 1 else ""
            per_week = _dec(hours / weeks)
            yield Hit(
                node=first.node,
                message=(
                    f"{first.label}: {_dec(hours)} h{over} in {span.words} is {per_week} h a week; "
                    f"{_who(count, allocation)} about {_dec(weekly)} h a week (capacity {_dec(capacity)} h). "
                    "Add people or time, or reduce the hours."
                ),
                excerpt=first.text,
            )
