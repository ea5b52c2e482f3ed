"""The handoff brief: what a SOW says, gathered by topic for the kickoff, each item with where it stands.

:func:`build_brief` reads a classified :class:`~sowlint.model.Document` (section and block kinds from
:mod:`sowlint.classify`) and its commercial facts (:mod:`sowlint.facts`) into a :class:`Brief`:
objectives, in-scope items, deliverables, exclusions, assumptions, client dependencies, acceptance
terms, milestones, payment schedule, fees, roles and risks, plus the open findings as risk flags.
Nothing is invented: a topic the SOW does not state becomes a gap ("No exclusions stated"), and a
field a row does not state (a deliverable's due date) reads "not stated".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from sowlint.findings import Finding
from sowlint.model import Block, Document, ListItem, Location, Paragraph, Section, Table

if TYPE_CHECKING:
    from sowlint.facts import CommercialFacts

#: Shown in place of a field an item should state but does not.
NOT_STATED = "not stated"

_SENTENCE_RE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"'])")
_CONSEQUENCE_RE = re.compile(
    r"^(if|should|where|when|in the event|in case|otherwise|unless|failing|any delay|any change)\b",
    re.IGNORECASE,
)
_ID_RE = re.compile(r"^(id|ref\.?|reference|#|no\.?|number|item no\.?)$", re.IGNORECASE)
_DUE_RE = re.compile(r"\b(due|date|deadline|when|delivery|target|by)\b", re.IGNORECASE)
_ACCEPT_RE = re.compile(r"\b(acceptance|criteria|criterion|definition of done)\b", re.IGNORECASE)
_OWNER_RE = re.compile(r"\b(owner|responsible|party|who|provided by|accountable)\b", re.IGNORECASE)
_NAME_RE: dict[str, re.Pattern[str]] = {
    "deliverables": re.compile(r"\b(deliverable|name|title|work product|output|description)\b", re.I),
    "dependencies": re.compile(r"\b(dependenc\w*|item|description|requirement|input|provide[sd]?)\b", re.I),
    "milestones": re.compile(r"\b(milestone|event|phase|name|description)\b", re.I),
    "roles": re.compile(r"\b(role|title|position)\b", re.I),
    "risks": re.compile(r"\b(risk|description|issue)\b", re.I),
}


class ItemLocation(BaseModel):
    """Where an item stands in the SOW: the person-readable place and its parts."""

    model_config = ConfigDict(frozen=True)

    where: str
    page: int | None = None
    line: int | None = None
    section: str | None = None

    @classmethod
    def of(cls, loc: Location) -> ItemLocation:
        """Build from a model :class:`~sowlint.model.Location`."""
        return cls(
            where=loc.describe(),
            page=loc.page,
            line=loc.line,
            section=loc.section[-1] if loc.section else None,
        )


class BriefItem(BaseModel):
    """One thing the SOW states: its text, an optional reference (``D1``), named details and its place."""

    model_config = ConfigDict(frozen=True)

    text: str
    ref: str | None = None
    details: dict[str, str] = Field(default_factory=dict)
    level: int = 1
    location: ItemLocation


class BriefSection(BaseModel):
    """One topic of the brief: its items, or the gap that says the SOW states none."""

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    items: tuple[BriefItem, ...] = ()
    gap: str | None = None


class RiskFlag(BaseModel):
    """An open finding, shown as a risk for the delivery team."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    severity: str
    message: str
    excerpt: str | None = None
    location: ItemLocation


class Brief(BaseModel):
    """The handoff brief of one SOW."""

    model_config = ConfigDict(frozen=True)

    path: str
    format: str
    title: str | None = None
    pricing_model: str | None = None
    sections: tuple[BriefSection, ...] = ()
    flags: tuple[RiskFlag, ...] = ()

    def section(self, key: str) -> BriefSection:
        """The section with ``key`` (``deliverables``, ``exclusions``...); KeyError if none."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def gaps(self) -> list[str]:
        """Every gap message, in section order."""
        return [s.gap for s in self.sections if s.gap]


#: (key, title, gap message) of every section, in the order the brief shows them.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("objectives", "Objectives", "No objectives stated"),
    ("scope", "In scope", "No in-scope items stated"),
    ("deliverables", "Deliverables", "No deliverables stated"),
    ("exclusions", "Exclusions", "No exclusions stated"),
    ("assumptions", "Assumptions", "No assumptions stated"),
    ("dependencies", "Client dependencies", "No client dependencies stated"),
    ("acceptance", "Acceptance", "No acceptance terms stated"),
    ("milestones", "Milestones", "No milestones stated"),
    ("payments", "Payment schedule", "No payment schedule stated"),
    ("fees", "Fees and pricing model", "No fees stated"),
    ("roles", "Roles", "No roles stated"),
    ("risks", "Risks", "No risks stated"),
)

#: Details each item of a section should state; a missing one reads :data:`NOT_STATED`.
_EXPECTED: dict[str, tuple[str, ...]] = {
    "deliverables": ("Due date", "Acceptance criterion"),
    "dependencies": ("Owner", "Date"),
}


def _clean(text: str) -> str:
    return " ".join(text.split())


def _own_blocks(sec: Section) -> list[Block]:
    """A section's blocks and those of its subsections that have no kind of their own."""
    out: list[Block] = list(sec.blocks)
    for sub in sec.sections:
        if not sub.kinds:
            out.extend(_own_blocks(sub))
    return out


def _is_container(sec: Section) -> bool:
    """True for a heading over subsections that have kinds of their own (the document title)."""
    return any(sub.kinds for sub in sec.sections)


def _kind_blocks(doc: Document, kinds: Sequence[str]) -> list[Block]:
    """Blocks that state something of ``kinds``: in sections of that kind, or marked so themselves."""
    seen: set[int] = set()
    found: list[Block] = []
    in_sections: set[int] = set()
    for sec in doc.walk():
        if any(k in sec.kinds for k in kinds) and not _is_container(sec):
            for b in _own_blocks(sec):
                in_sections.add(id(b))
    for b in doc.all_blocks():
        if id(b) in seen:
            continue
        if id(b) in in_sections or any(k in b.kinds for k in kinds):
            seen.add(id(b))
            found.append(b)
    return found


def _column(header: Sequence[str], pattern: re.Pattern[str], taken: set[int]) -> int | None:
    for i, h in enumerate(header):
        if i not in taken and pattern.search(h):
            return i
    return None


def _row_items(table: Table, key: str) -> list[BriefItem]:
    """Each body row of ``table`` as an item; known columns become the section's canonical details."""
    header = [_clean(h) for h in table.header]
    taken: set[int] = set()
    id_col = _column(header, _ID_RE, taken)
    if id_col is not None:
        taken.add(id_col)
    canonical: dict[int, str] = {}
    roles: tuple[tuple[str, re.Pattern[str]], ...]
    if key == "deliverables":
        roles = (("Acceptance criterion", _ACCEPT_RE), ("Due date", _DUE_RE))
    elif key == "dependencies":
        roles = (("Owner", _OWNER_RE), ("Date", _DUE_RE))
    else:
        roles = ()
    name_re = _NAME_RE.get(key)
    name_col = _column(header, name_re, taken) if name_re is not None else None
    if name_col is not None:
        taken.add(name_col)
    for label, pattern in roles:
        col = _column(header, pattern, taken)
        if col is not None:
            canonical[col] = label
            taken.add(col)
    width = max([len(header), *(len(r.cells) for r in table.rows)]) if table.rows else len(header)
    if name_col is None:
        name_col = next((i for i in range(width) if i not in taken), None)
    items: list[BriefItem] = []
    for row in table.rows:
        cells = [_clean(c.text) for c in row.cells]
        name = cells[name_col] if name_col is not None and name_col < len(cells) else ""
        ref = cells[id_col] if id_col is not None and id_col < len(cells) and cells[id_col] else None
        if not name and not ref:
            continue
        details: dict[str, str] = {}
        for i, value in enumerate(cells):
            if i in (name_col, id_col) or not value:
                continue
            label = canonical.get(i) or (header[i] if i < len(header) and header[i] else f"Column {i + 1}")
            details[label] = value
        items.append(
            _item(name or (ref or ""), row.location, key, ref=ref if name else None, details=details)
        )
    return items


def _item(
    text: str,
    loc: Location,
    key: str,
    *,
    ref: str | None = None,
    details: dict[str, str] | None = None,
    level: int = 1,
) -> BriefItem:
    found = dict(details or {})
    ordered: dict[str, str] = {}
    for label in _EXPECTED.get(key, ()):
        ordered[label] = found.pop(label, NOT_STATED)
    ordered.update(found)
    return BriefItem(text=text, ref=ref, details=ordered, level=level, location=ItemLocation.of(loc))


def _split_consequence(text: str) -> tuple[str, str | None]:
    """An assumption's statement and what happens if it proves false, when a later sentence says."""
    sentences = _SENTENCE_RE.split(text)
    for i, sentence in enumerate(sentences[1:], start=1):
        if _CONSEQUENCE_RE.search(sentence):
            return " ".join(sentences[:i]), " ".join(sentences[i:])
    return text, None


def _block_items(blocks: Iterable[Block], key: str, used: set[int]) -> list[BriefItem]:
    """Items from blocks: one per paragraph or list item, one per table row; marks the blocks used."""
    items: list[BriefItem] = []
    for b in blocks:
        if id(b) in used:
            continue
        used.add(id(b))
        if isinstance(b, Table):
            items.extend(_row_items(b, key))
            continue
        text = _clean(b.text)
        if not text or (isinstance(b, Paragraph) and text.endswith(":") and len(text) < 200):
            continue
        level = b.level if isinstance(b, ListItem) else 1
        if key == "assumptions":
            statement, consequence = _split_consequence(text)
            details = {"If it proves false": consequence} if consequence else {}
            items.append(_item(statement, b.location, key, details=details, level=level))
        else:
            items.append(_item(text, b.location, key, level=level))
    return items


def _money(amount: object, currency: str | None) -> str:
    from sowlint.facts import format_money

    return format_money(amount, currency)  # type: ignore[arg-type]


def _milestones(facts: CommercialFacts, used: set[int]) -> list[BriefItem]:
    items: list[BriefItem] = []
    if facts.period is not None:
        p = facts.period
        span = f"{p.start.raw if p.start else NOT_STATED} to {p.end.raw if p.end else NOT_STATED}"
        items.append(
            _item(p.label or "Period of performance", p.location, "milestones", details={"Period": span})
        )
    for schedule in facts.schedules:
        if schedule.subject != "milestones":
            continue
        if isinstance(schedule.node, Table):
            used.add(id(schedule.node))
            items.extend(_row_items(schedule.node, "milestones"))
            continue
        for m in schedule.milestones:
            when = m.date.raw if m.date else (f"{m.start.raw} to {m.end.raw}" if m.start and m.end else "")
            items.append(_item(m.label, m.location, "milestones", details={"Date": when} if when else {}))
    for d in facts.durations:
        items.append(_item(_clean(d.text), d.location, "milestones", details={"Duration": d.duration.raw}))
    return items


def _payments(facts: CommercialFacts, used: set[int]) -> list[BriefItem]:
    items: list[BriefItem] = []
    for ps in facts.payment_schedules:
        if ps.node is not None:
            used.add(id(ps.node))
        for pay in ps.payments:
            details: dict[str, str] = {}
            if pay.share is not None:
                details["Share"] = f"{pay.share.normalize():f}%"
            if pay.amount is not None:
                details["Amount"] = _money(pay.amount.amount, pay.currency)
            if pay.date is not None:
                details["Date"] = pay.date.raw
            items.append(_item(pay.label, pay.location, "payments", details=details))
        for tl in ps.totals:
            details = {"Amount": _money(tl.amount.amount, tl.currency)} if tl.amount else {}
            if tl.share is not None:
                details["Share"] = f"{tl.share.normalize():f}%"
            items.append(_item(tl.label, tl.location, "payments", details=details))
    return items


def _fees(facts: CommercialFacts, doc: Document, used: set[int]) -> list[BriefItem]:
    order = doc.reading_order()
    keyed: list[tuple[int, BriefItem]] = []

    def add(node: object, item: BriefItem) -> None:
        keyed.append((order.get(id(node), len(order)), item))

    stated_texts: set[str] = set()
    model = facts.pricing_model
    mentions = [m for m in facts.pricing_models if m.declared] or list(facts.pricing_models)
    if model and mentions:
        first = mentions[0]
        add(first.node, _item(_clean(first.text), first.location, "fees", details={"Pricing model": model}))
        stated_texts.add(_clean(first.text))
    for table in facts.pricing_tables:
        if table.node is not None:
            used.add(id(table.node))
        for li in table.lines:
            details: dict[str, str] = {}
            if li.rate is not None:
                per = f" per {li.rate_unit}" if li.rate_unit else ""
                details["Rate"] = _money(li.rate.amount, li.currency) + per
            if li.quantity is not None:
                details["Quantity"] = f"{li.quantity.normalize():f}" + (f" {li.unit}s" if li.unit else "")
            if li.amount is not None:
                details["Amount"] = _money(li.amount.amount, li.currency)
            add(li.node, _item(li.label, li.location, "fees", details=details))
        for tl in table.totals:
            details = {"Amount": _money(tl.amount.amount, tl.currency)} if tl.amount else {}
            add(tl.node, _item(tl.label or tl.kind.title(), tl.location, "fees", details=details))
    for sa in facts.stated_amounts:
        kind = (
            "Total" if sa.kind == "total" else ("Cap on expenses" if sa.applies_to == "expenses" else "Cap")
        )
        money = _money(sa.amount.amount, sa.currency)
        add(sa.node, _item(_clean(sa.text), sa.location, "fees", details={kind: money}))
        stated_texts.add(_clean(sa.text))
    for b in _kind_blocks(doc, ("pricing",)):
        if isinstance(b, Table) or id(b) in used or _clean(b.text) in stated_texts:
            used.add(id(b))
            continue
        for item in _block_items([b], "fees", used):
            add(b, item)
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed]


def _flags(findings: Sequence[Finding]) -> tuple[RiskFlag, ...]:
    """The findings as risk flags: errors first, then warnings, then infos; document order within each."""
    ordered = sorted(enumerate(findings), key=lambda pair: (-pair[1].severity.rank, pair[0]))
    return tuple(
        RiskFlag(
            code=f.code,
            name=f.name,
            severity=f.severity.value,
            message=f.message,
            excerpt=f.excerpt,
            location=ItemLocation.of(f.location),
        )
        for _, f in ordered
    )


def _title(doc: Document) -> str | None:
    if doc.title:
        return doc.title
    for sec in doc.walk():
        if sec.level == 1 or _is_container(sec):
            return sec.title
    return None


def build_brief(doc: Document, findings: Sequence[Finding] = ()) -> Brief:
    """Gather what a classified SOW states into a :class:`Brief`; ``findings`` become the risk flags."""
    from sowlint.facts import facts_for

    facts = facts_for(doc)
    used: set[int] = set()
    gathered: dict[str, list[BriefItem]] = {}
    # Commercial tables first, so prose topics do not take their rows twice.
    gathered["milestones"] = _milestones(facts, used)
    gathered["payments"] = _payments(facts, used)
    gathered["fees"] = _fees(facts, doc, used)
    by_kinds: dict[str, tuple[str, ...]] = {
        "objectives": ("objectives",),
        "scope": ("scope",),
        "deliverables": ("deliverables",),
        "exclusions": ("exclusions",),
        "assumptions": ("assumptions",),
        "dependencies": ("dependencies", "government-furnished"),
        "acceptance": ("acceptance",),
        "roles": ("roles",),
        "risks": ("risks",),
    }
    for key, kinds in by_kinds.items():
        gathered[key] = _block_items(_kind_blocks(doc, kinds), key, used)
    sections = tuple(
        BriefSection(key=key, title=title, items=tuple(gathered[key]), gap=None if gathered[key] else gap)
        for key, title, gap in SECTIONS
    )
    return Brief(
        path=doc.path,
        format=doc.format,
        title=_title(doc),
        pricing_model=facts.pricing_model,
        sections=sections,
        flags=_flags(findings),
    )


__all__ = [
    "NOT_STATED",
    "SECTIONS",
    "Brief",
    "BriefItem",
    "BriefSection",
    "ItemLocation",
    "RiskFlag",
    "build_brief",
]
