"""Scope drift between two versions of a SOW: items, commercial facts and findings that changed.

Items are the list items, table rows and sentences of the sections (or blocks) the classifier
gives one of the tracked kinds -- deliverables, assumptions, exclusions, dependencies (with
government-furnished items) and acceptance criteria.  Items of one kind are matched between the
versions by text similarity (:class:`difflib.SequenceMatcher` ratio on normalised text): equal
text is unchanged, a ratio at or above ``Limits.similarity`` is the same item reworded, anything
else is removed or added.  Among equally similar candidates the one at the nearer relative
position wins.  Commercial facts (:func:`sowlint.facts.extract_facts`) are compared by label: the
fee, caps, rates, hours and amounts per pricing line, effort per line, payment shares, milestone
and period dates.  Findings are compared by fingerprint (which holds no positions, so moving text
or changing format keeps it).  :class:`Limits` says which changes are breaches (``sowlint diff``
exits 1 on any).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from sowlint.findings import Finding, Severity
from sowlint.model import Block, Document, ListItem, Location, Paragraph, Section, Table

if TYPE_CHECKING:
    from sowlint.facts.models import CommercialFacts

ItemKind = Literal["deliverables", "assumptions", "exclusions", "dependencies", "acceptance"]

#: The tracked kinds in reporting order; a block of several kinds counts under the first.
ITEM_KINDS: tuple[ItemKind, ...] = ("deliverables", "exclusions", "assumptions", "dependencies", "acceptance")
#: Classifier kinds reported under another tracked kind.
_KIND_ALIASES: dict[str, ItemKind] = {"government-furnished": "dependencies"}

_SENTENCE_RE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"'])")
_PUNCT_RE = re.compile(r"[*_`|#>\[\]\"'\u2018\u2019\u201c\u201d]+")
_WS_RE = re.compile(r"\s+")
#: An item identifier: ``D1``, ``A-3``, ``S2.1`` (a table's first cell, or the start of a list item).
_ID_RE = re.compile(r"^\s*([A-Z]{1,4}-?\d+(?:\.\d+)*)(?:$|[\s:.)|-]+)")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=_kebab, populate_by_name=True)


class Limits(_Model):
    """What drift fails a CI gate (config keys are kebab-case, e.g. ``max-fee-change-percent``).

    Removing an exclusion widens what the vendor owes, so it fails by default; removing an
    assumption, deliverable, dependency or acceptance criterion is reported but passes unless
    switched on.  A fee change of more than ``max-fee-change-percent`` (either way) fails, and so does
    a finding introduced at ``fail-on-new-finding`` severity or above (``never`` switches it off).
    """

    fail_on_removed_exclusion: bool = True
    fail_on_removed_assumption: bool = False
    fail_on_removed_deliverable: bool = False
    fail_on_removed_dependency: bool = False
    fail_on_removed_acceptance: bool = False
    fail_on_added_deliverable: bool = False
    max_fee_change_percent: Decimal | None = Field(default=Decimal(10), ge=0)
    max_rate_change_percent: Decimal | None = Field(default=None, ge=0)
    fail_on_new_finding: Literal["error", "warning", "info", "never"] = "error"
    #: Text similarity (0-1) at or above which two items are the same item reworded.
    similarity: float = Field(default=0.6, gt=0, le=1)


class Item(_Model):
    """One tracked item of a document: its kind, text and location."""

    kind: ItemKind
    text: str
    location: Location


class ItemChange(_Model):
    """An item added, removed or reworded between the versions."""

    kind: ItemKind
    change: Literal["added", "removed", "reworded"]
    old_text: str | None = None
    new_text: str | None = None
    similarity: float | None = None
    old_location: Location | None = None
    new_location: Location | None = None


FactCategory = Literal[
    "fee",
    "cap",
    "currency",
    "pricing-model",
    "rate",
    "hours",
    "amount",
    "line",
    "effort",
    "payment",
    "date",
    "period",
]


class FactChange(_Model):
    """A commercial fact that changed: the old and new values as written, and the numeric change."""

    category: FactCategory
    label: str
    old: str | None = None
    new: str | None = None
    old_value: Decimal | None = None
    new_value: Decimal | None = None
    change_percent: Decimal | None = None
    old_location: Location | None = None
    new_location: Location | None = None

    @property
    def delta(self) -> Decimal | None:
        """new - old, when both values are numbers."""
        if self.old_value is None or self.new_value is None:
            return None
        return self.new_value - self.old_value


class FindingChange(_Model):
    """A finding introduced in the new version or resolved since the old one."""

    change: Literal["introduced", "resolved"]
    code: str
    name: str
    severity: Severity
    message: str
    fingerprint: str
    location: Location


class Breach(_Model):
    """One limit that the drift crossed, with what crossed it."""

    limit: str
    message: str


class Drift(_Model):
    """Everything that changed between two versions of a SOW, and which limits that breaches."""

    old_path: str
    new_path: str
    items: tuple[ItemChange, ...] = ()
    unchanged: dict[str, int] = Field(default_factory=dict)
    facts: tuple[FactChange, ...] = ()
    findings: tuple[FindingChange, ...] = ()
    breaches: tuple[Breach, ...] = ()
    limits: Limits = Field(default_factory=Limits)

    @property
    def has_drift(self) -> bool:
        """True if any item, fact or finding changed."""
        return bool(self.items or self.facts or self.findings)

    def changes(self, change: str, kind: str | None = None) -> list[ItemChange]:
        """The item changes of one type (``added``, ``removed``, ``reworded``), optionally of one kind."""
        return [c for c in self.items if c.change == change and (kind is None or c.kind == kind)]


# --------------------------------------------------------------------------- items


def normalise(text: str) -> str:
    """Text as items are compared: lower case, markup and quotes dropped, whitespace collapsed."""
    return (
        _WS_RE.sub(" ", _PUNCT_RE.sub(" ", text.replace("\u2013", "-").replace("\u2014", "-")))
        .strip()
        .lower()
    )


def similarity(a: str, b: str) -> float:
    """How alike two normalised texts are, 0 to 1 (SequenceMatcher ratio)."""
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _split_id(text: str) -> tuple[str | None, str]:
    """The item's identifier (``D1``) and its text after it; no identifier -> (None, text)."""
    m = _ID_RE.match(text)
    if m is None:
        return None, text
    return m.group(1).upper().replace("-", ""), text[m.end() :]


def _label(text: str) -> str:
    """The part of an item that names it: a row's first cell after any identifier, else the text."""
    rest = _split_id(text)[1]
    return rest.split(" | ")[0] if " | " in rest else rest


def _tracked(kinds: Iterable[str]) -> list[ItemKind]:
    found: set[str] = set()
    for k in kinds:
        found.add(_KIND_ALIASES.get(k, k))
    return [k for k in ITEM_KINDS if k in found]


def _block_items(block: Block, kind: ItemKind) -> list[Item]:
    if isinstance(block, Table):
        out = []
        for row in block.rows:
            text = " | ".join(c.text.strip() for c in row.cells if c.text.strip())
            if text:
                out.append(Item(kind=kind, text=text, location=row.location))
        return out
    text = block.text.strip()
    if not text or (isinstance(block, Paragraph) and text.endswith(":")):
        return []  # a lead-in; its list carries the items
    if isinstance(block, ListItem):
        return [Item(kind=kind, text=text, location=block.location)]
    parts = [p.strip() for p in _SENTENCE_RE.split(_WS_RE.sub(" ", text)) if p.strip()]
    return [Item(kind=kind, text=p, location=block.location) for p in parts]


def extract_items(doc: Document) -> list[Item]:
    """Every tracked item of a classified document, in document order, each under one kind."""
    out: list[Item] = []
    seen: set[tuple[str, str]] = set()

    def add(items: list[Item]) -> None:
        for it in items:
            key = (it.kind, normalise(it.text))
            if key[1] and key not in seen:
                seen.add(key)
                out.append(it)

    def visit_blocks(blocks: Sequence[Block], inherited: list[ItemKind]) -> None:
        for block in blocks:
            # Inside a tracked section the section's kind wins (a deliverables table whose header
            # names acceptance criteria stays a deliverables table); elsewhere the block's own.
            own = _tracked(block.kinds)
            kinds = [k for k in inherited if k in own] or inherited or own
            if kinds:
                add(_block_items(block, kinds[0]))

    def visit_section(sec: Section, inherited: list[ItemKind]) -> None:
        kinds = _tracked(sec.kinds) or inherited
        visit_blocks(sec.blocks, kinds)
        for sub in sec.sections:
            visit_section(sub, kinds)

    visit_blocks(doc.blocks, [])
    for top in doc.sections:
        visit_section(top, [])
    return out


def _match(old: list[Item], new: list[Item], threshold: float) -> tuple[list[tuple[int, int, float]], int]:
    """Pairs (old index, new index, similarity) of matched items, and how many are unchanged."""
    old_n = [normalise(i.text) for i in old]
    new_n = [normalise(i.text) for i in new]
    old_id = [_split_id(i.text)[0] for i in old]
    new_id = [_split_id(i.text)[0] for i in new]
    pairs: list[tuple[int, int, float]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    # Equal text first, in order.
    by_text: dict[str, list[int]] = {}
    for j, t in enumerate(new_n):
        by_text.setdefault(t, []).append(j)
    for i, t in enumerate(old_n):
        cands = by_text.get(t)
        if cands:
            j = cands.pop(0)
            pairs.append((i, j, 1.0))
            used_old.add(i)
            used_new.add(j)
    unchanged = len(pairs)

    def rel(k: int, n: int) -> float:
        return k / (n - 1) if n > 1 else 0.0

    scored: list[tuple[float, float, int, int]] = []
    for i, a in enumerate(old_n):
        if i in used_old:
            continue
        for j, b in enumerate(new_n):
            if j in used_new:
                continue
            if old_id[i] is not None and old_id[i] == new_id[j]:
                # The same identifier (D1 in both): half the way there, the rest from the names.
                label = similarity(normalise(_label(old[i].text)), normalise(_label(new[j].text)))
                r = max(similarity(a, b), 0.5 + 0.5 * label)
            else:
                m = SequenceMatcher(None, a, b, autojunk=False)
                if m.real_quick_ratio() < threshold or m.quick_ratio() < threshold:
                    continue
                r = m.ratio()
            if r >= threshold:
                scored.append((-round(r, 6), abs(rel(i, len(old)) - rel(j, len(new))), i, j))
    scored.sort()
    for neg, _dist, i, j in scored:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, -neg))
    return pairs, unchanged


def diff_items(old: list[Item], new: list[Item], threshold: float) -> tuple[list[ItemChange], dict[str, int]]:
    """Added, removed and reworded items per kind, and how many of each kind are unchanged."""
    changes: list[ItemChange] = []
    unchanged: dict[str, int] = {}
    for kind in ITEM_KINDS:
        o = [i for i in old if i.kind == kind]
        n = [i for i in new if i.kind == kind]
        pairs, same = _match(o, n, threshold)
        if o or n:
            unchanged[kind] = same
        matched_old = {i for i, _, _ in pairs}
        matched_new = {j for _, j, _ in pairs}
        for i, j, r in sorted(pairs, key=lambda p: p[1]):
            if normalise(o[i].text) != normalise(n[j].text):
                changes.append(
                    ItemChange(
                        kind=kind,
                        change="reworded",
                        old_text=o[i].text,
                        new_text=n[j].text,
                        similarity=round(r, 3),
                        old_location=o[i].location,
                        new_location=n[j].location,
                    )
                )
        changes.extend(
            ItemChange(kind=kind, change="removed", old_text=it.text, old_location=it.location)
            for i, it in enumerate(o)
            if i not in matched_old
        )
        changes.extend(
            ItemChange(kind=kind, change="added", new_text=it.text, new_location=it.location)
            for j, it in enumerate(n)
            if j not in matched_new
        )
    return changes, unchanged


# --------------------------------------------------------------------------- facts


def percent_change(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    """(new - old) / old as a percentage rounded to 0.01; None when old is missing or zero."""
    if old is None or new is None or old == 0:
        return None
    return ((new - old) * 100 / old).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _label_key(label: str) -> str:
    return normalise(label)


def _money_text(value: Decimal | None, currency: str | None) -> str | None:
    from sowlint.facts import format_money

    return None if value is None else format_money(value, currency)


def _num(value: Decimal | None, unit: str | None = None) -> str | None:
    if value is None:
        return None
    from sowlint.facts import format_amount

    return f"{format_amount(value)}{' ' + unit + 's' if unit else ''}"


def _fee(facts: CommercialFacts) -> tuple[Decimal | None, str | None, Location | None]:
    """The fee: the last pricing table's total, else its line sum, else a total stated in the text."""
    for table in reversed(facts.pricing_tables):
        total = table.total
        if total is not None and total.amount is not None:
            return total.amount.amount, total.currency or table.currency or facts.currency, total.location
        line_sum = table.line_sum()
        if line_sum is not None:
            return line_sum, table.currency or facts.currency, table.location
    stated = facts.stated_totals
    if stated:
        return stated[0].amount.amount, stated[0].currency or facts.currency, stated[0].location
    return None, None, None


def _numeric(
    out: list[FactChange],
    category: FactCategory,
    label: str,
    old: Decimal | None,
    new: Decimal | None,
    old_text: str | None,
    new_text: str | None,
    old_loc: Location | None,
    new_loc: Location | None,
) -> None:
    if old == new:
        return
    out.append(
        FactChange(
            category=category,
            label=label,
            old=old_text,
            new=new_text,
            old_value=old,
            new_value=new,
            change_percent=percent_change(old, new),
            old_location=old_loc,
            new_location=new_loc,
        )
    )


def _by_label(items: Iterable[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for label, value in items:
        key = _label_key(label)
        if key:
            out.setdefault(key, value)
    return out


def diff_facts(old: CommercialFacts, new: CommercialFacts) -> list[FactChange]:
    """Changes of fee, caps, currency, pricing model, pricing lines, effort, payments and dates."""
    from sowlint.facts.models import EffortLine, LineItem, Milestone, Payment

    out: list[FactChange] = []
    if old.currency != new.currency:
        out.append(FactChange(category="currency", label="currency", old=old.currency, new=new.currency))
    if old.pricing_model != new.pricing_model:
        out.append(
            FactChange(
                category="pricing-model", label="pricing model", old=old.pricing_model, new=new.pricing_model
            )
        )
    of, oc, ol = _fee(old)
    nf, nc, nl = _fee(new)
    _numeric(out, "fee", "total fee", of, nf, _money_text(of, oc), _money_text(nf, nc), ol, nl)
    ocap = old.caps[0] if old.caps else None
    ncap = new.caps[0] if new.caps else None
    _numeric(
        out,
        "cap",
        "fee cap",
        ocap.amount.amount if ocap else None,
        ncap.amount.amount if ncap else None,
        str(ocap.amount) if ocap else None,
        str(ncap.amount) if ncap else None,
        ocap.location if ocap else None,
        ncap.location if ncap else None,
    )

    old_lines = _by_label((li.label, li) for t in old.pricing_tables for li in t.lines)
    new_lines = _by_label((li.label, li) for t in new.pricing_tables for li in t.lines)
    for key in [*old_lines, *(k for k in new_lines if k not in old_lines)]:
        a, b = old_lines.get(key), new_lines.get(key)
        assert a is None or isinstance(a, LineItem)
        assert b is None or isinstance(b, LineItem)
        if a is None or b is None:
            here = a or b
            assert here is not None
            amount = here.amount.amount if here.amount else None
            text = _money_text(amount, here.currency) or here.text
            out.append(
                FactChange(
                    category="line",
                    label=here.label,
                    old=text if a else None,
                    new=text if b else None,
                    old_value=amount if a else None,
                    new_value=amount if b else None,
                    old_location=a.location if a else None,
                    new_location=b.location if b else None,
                )
            )
            continue
        ar = a.rate.amount if a.rate else None
        br = b.rate.amount if b.rate else None
        _numeric(
            out,
            "rate",
            a.label,
            ar,
            br,
            _money_text(ar, a.currency),
            _money_text(br, b.currency),
            a.location,
            b.location,
        )
        _numeric(
            out,
            "hours",
            a.label,
            a.quantity,
            b.quantity,
            _num(a.quantity, a.unit),
            _num(b.quantity, b.unit),
            a.location,
            b.location,
        )
        aa = a.amount.amount if a.amount else None
        ba = b.amount.amount if b.amount else None
        _numeric(
            out,
            "amount",
            a.label,
            aa,
            ba,
            _money_text(aa, a.currency),
            _money_text(ba, b.currency),
            a.location,
            b.location,
        )

    old_eff = _by_label((e.label, e) for t in old.effort_tables for e in t.lines)
    new_eff = _by_label((e.label, e) for t in new.effort_tables for e in t.lines)
    for key in [*old_eff, *(k for k in new_eff if k not in old_eff)]:
        ea, eb = old_eff.get(key), new_eff.get(key)
        assert ea is None or isinstance(ea, EffortLine)
        assert eb is None or isinstance(eb, EffortLine)
        here_e = ea or eb
        assert here_e is not None
        _numeric(
            out,
            "effort",
            here_e.label,
            ea.hours if ea else None,
            eb.hours if eb else None,
            _num(ea.quantity, ea.unit) if ea else None,
            _num(eb.quantity, eb.unit) if eb else None,
            ea.location if ea else None,
            eb.location if eb else None,
        )

    old_pay = _by_label((p.label, p) for s in old.payment_schedules for p in s.payments)
    new_pay = _by_label((p.label, p) for s in new.payment_schedules for p in s.payments)
    for key in [*old_pay, *(k for k in new_pay if k not in old_pay)]:
        pa, pb = old_pay.get(key), new_pay.get(key)
        assert pa is None or isinstance(pa, Payment)
        assert pb is None or isinstance(pb, Payment)
        here_p = pa or pb
        assert here_p is not None
        va = (pa.amount.amount if pa.amount else pa.share) if pa else None
        vb = (pb.amount.amount if pb.amount else pb.share) if pb else None
        if pa and pb and pa.share == pb.share and va == vb:
            continue
        out.append(
            FactChange(
                category="payment",
                label=here_p.label,
                old=_payment_text(pa),
                new=_payment_text(pb),
                old_value=va,
                new_value=vb,
                change_percent=percent_change(va, vb)
                if pa and pb and (pa.amount is None) == (pb.amount is None)
                else None,
                old_location=pa.location if pa else None,
                new_location=pb.location if pb else None,
            )
        )

    old_ms = _by_label((m.label, m) for m in old.milestones)
    new_ms = _by_label((m.label, m) for m in new.milestones)
    for key in [*old_ms, *(k for k in new_ms if k not in old_ms)]:
        ma, mb = old_ms.get(key), new_ms.get(key)
        assert ma is None or isinstance(ma, Milestone)
        assert mb is None or isinstance(mb, Milestone)
        ta, tb = _when(ma), _when(mb)
        if ta != tb:
            here_m = ma or mb
            assert here_m is not None
            out.append(
                FactChange(
                    category="date",
                    label=here_m.label,
                    old=ta,
                    new=tb,
                    old_location=ma.location if ma else None,
                    new_location=mb.location if mb else None,
                )
            )

    pa_, pb_ = old.period, new.period
    for side in ("start", "end"):
        da = getattr(pa_, side) if pa_ else None
        db = getattr(pb_, side) if pb_ else None
        ra = (da.start.isoformat() if da.start else da.raw) if da else None
        rb = (db.start.isoformat() if db.start else db.raw) if db else None
        if ra != rb:
            out.append(
                FactChange(
                    category="period",
                    label=f"period of performance {side}",
                    old=ra,
                    new=rb,
                    old_location=pa_.location if pa_ else None,
                    new_location=pb_.location if pb_ else None,
                )
            )
    return out


def _payment_text(p: object) -> str | None:
    from sowlint.facts.models import Payment

    if not isinstance(p, Payment):
        return None
    parts = []
    if p.share is not None:
        parts.append(f"{_num(p.share)}%")
    if p.amount is not None:
        parts.append(str(_money_text(p.amount.amount, p.currency)))
    return ", ".join(parts) or p.text


def _when(m: object) -> str | None:
    from sowlint.facts.models import Milestone

    if not isinstance(m, Milestone):
        return None

    def show(d: object) -> str:
        from sowlint.facts import DateValue

        assert isinstance(d, DateValue)
        return d.start.isoformat() if d.start and d.kind == "date" else d.raw

    if m.date is not None:
        return show(m.date)
    if m.start is not None or m.end is not None:
        return f"{show(m.start) if m.start else '?'} to {show(m.end) if m.end else '?'}"
    if m.duration is not None:
        return m.duration.raw
    return None


# --------------------------------------------------------------------------- findings


def diff_findings(old: Sequence[Finding], new: Sequence[Finding]) -> list[FindingChange]:
    """Findings introduced (fingerprint only in ``new``) and resolved (only in ``old``)."""
    old_fp = {f.fingerprint for f in old}
    new_fp = {f.fingerprint for f in new}

    def change(f: Finding, kind: Literal["introduced", "resolved"]) -> FindingChange:
        return FindingChange(
            change=kind,
            code=f.code,
            name=f.name,
            severity=f.severity,
            message=f.message,
            fingerprint=f.fingerprint,
            location=f.location,
        )

    introduced = [f for f in new if f.fingerprint not in old_fp]
    resolved = [f for f in old if f.fingerprint not in new_fp]
    # A finding whose fingerprint moved but that says the same thing is the same finding: across
    # formats a document-level finding is anchored to a title that a docx and its markdown copy
    # may spell differently.
    same = Counter((f.code, f.message, f.excerpt) for f in introduced) & Counter(
        (f.code, f.message, f.excerpt) for f in resolved
    )
    left_new, left_old = Counter(same), Counter(same)
    out = []
    for f in introduced:
        key = (f.code, f.message, f.excerpt)
        if left_new[key] > 0:
            left_new[key] -= 1
            continue
        out.append(change(f, "introduced"))
    for f in resolved:
        key = (f.code, f.message, f.excerpt)
        if left_old[key] > 0:
            left_old[key] -= 1
            continue
        out.append(change(f, "resolved"))
    return out


# --------------------------------------------------------------------------- limits


_REMOVAL_LIMITS: dict[ItemKind, str] = {
    "exclusions": "fail_on_removed_exclusion",
    "assumptions": "fail_on_removed_assumption",
    "deliverables": "fail_on_removed_deliverable",
    "dependencies": "fail_on_removed_dependency",
    "acceptance": "fail_on_removed_acceptance",
}


def _short(text: str | None, n: int = 80) -> str:
    t = _WS_RE.sub(" ", text or "").strip()
    return t if len(t) <= n else t[: n - 1] + "\u2026"


def breaches(
    items: Sequence[ItemChange],
    facts: Sequence[FactChange],
    findings: Sequence[FindingChange],
    limits: Limits,
) -> list[Breach]:
    """Every limit the changes cross, with the change that crosses it."""
    out: list[Breach] = []
    for c in items:
        field = _REMOVAL_LIMITS[c.kind]
        if c.change == "removed" and getattr(limits, field):
            out.append(Breach(limit=_kebab(field), message=f"{c.kind} item removed: {_short(c.old_text)}"))
        if c.change == "added" and c.kind == "deliverables" and limits.fail_on_added_deliverable:
            out.append(
                Breach(limit="fail-on-added-deliverable", message=f"deliverable added: {_short(c.new_text)}")
            )
    for fc in facts:
        if fc.category == "fee" and limits.max_fee_change_percent is not None:
            pct = fc.change_percent
            if pct is None or abs(pct) > limits.max_fee_change_percent:
                how = f"{pct:+}%" if pct is not None else "stated in only one version"
                out.append(
                    Breach(
                        limit="max-fee-change-percent",
                        message=(
                            f"fee changed {fc.old or 'none'} -> {fc.new or 'none'} ({how}); "
                            f"limit {limits.max_fee_change_percent}%"
                        ),
                    )
                )
        if fc.category == "rate" and limits.max_rate_change_percent is not None:
            pct = fc.change_percent
            if pct is None or abs(pct) > limits.max_rate_change_percent:
                out.append(
                    Breach(
                        limit="max-rate-change-percent",
                        message=(
                            f"rate of {fc.label} changed {fc.old or 'none'} -> {fc.new or 'none'}"
                            + (f" ({pct:+}%)" if pct is not None else "")
                            + f"; limit {limits.max_rate_change_percent}%"
                        ),
                    )
                )
    if limits.fail_on_new_finding != "never":
        floor = Severity(limits.fail_on_new_finding).rank
        for f in findings:
            if f.change == "introduced" and f.severity.rank >= floor:
                out.append(
                    Breach(
                        limit="fail-on-new-finding",
                        message=f"new {f.severity.value} {f.code} {f.name} at {f.location.describe()}",
                    )
                )
    return out


def diff_documents(
    old_doc: Document,
    new_doc: Document,
    old_findings: Sequence[Finding] = (),
    new_findings: Sequence[Finding] = (),
    limits: Limits | None = None,
) -> Drift:
    """The drift from ``old_doc`` to ``new_doc`` (both classified) with the limits it breaches."""
    from sowlint.facts import extract_facts

    lim = limits or Limits()
    items, unchanged = diff_items(extract_items(old_doc), extract_items(new_doc), lim.similarity)
    facts = diff_facts(extract_facts(old_doc), extract_facts(new_doc))
    found = diff_findings(old_findings, new_findings)
    return Drift(
        old_path=old_doc.path,
        new_path=new_doc.path,
        items=tuple(items),
        unchanged=unchanged,
        facts=tuple(facts),
        findings=tuple(found),
        breaches=tuple(breaches(items, facts, found, lim)),
        limits=lim,
    )
