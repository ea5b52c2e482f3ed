"""SOW302 deliverable-without-acceptance: a deliverable no acceptance criterion or clause covers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sowlint.classify import kind_evidence, load_taxonomy, title_kinds
from sowlint.criteria import (
    Place,
    cell_text,
    clarity_data,
    column,
    is_placeholder,
    places,
    shorten,
    strip_label,
    units,
)
from sowlint.findings import Hit, Node, Rule, RuleOptions, Severity
from sowlint.model import Document, ListItem, Row, Table

_ACCEPTANCE_KINDS = frozenset({"acceptance", "performance-standards"})
_ID = re.compile(
    r"^\s*(?:\*\*)?((?:[A-Z]{1,4}[-.]?\d+(?:\.\d+)*)|(?:deliverable|item)\s+\d+)\b", re.IGNORECASE
)
_WORD = re.compile(r"[a-z0-9]+")
#: where a deliverable's name ends and its qualifiers start ("Findings report with CVSS scores")
_QUALIFIER = re.compile(r"\s+(?:with|including|incl\.|covering|for the|\()\s*", re.IGNORECASE)
_STOP = frozenset(
    "the a an and or of for to in on with by from into per each all any its their this that these "
    "those final initial draft new updated version v1 document documents deliverable deliverables".split()
)


class DeliverableWithoutAcceptanceOptions(RuleOptions):
    """Options of SOW302."""

    #: report the uncovered deliverables of one table or list as one finding with a count
    fold: bool = True


@dataclass(frozen=True)
class _Deliverable:
    node: ListItem | Row
    name: str
    ident: str | None
    group: int
    #: the row of a table with an acceptance column, whose acceptance cell is empty
    empty_cell: bool = False


class DeliverableWithoutAcceptance(Rule):
    """A deliverable has no acceptance criterion, acceptance column or acceptance clause."""

    code = "SOW302"
    name = "deliverable-without-acceptance"
    severity = Severity.WARNING
    summary = (
        "A deliverable is not covered by any acceptance criterion, acceptance column or acceptance clause."
    )
    why = (
        "A deliverable without acceptance criteria is accepted when the client says so: the last "
        "invoice waits on an argument about what 'done' meant."
    )
    tags = ("clarity", "acceptance", "deliverables")
    Options = DeliverableWithoutAcceptanceOptions
    fail_examples = (
        "## Deliverables\n\n| ID | Deliverable | Due date |\n|---|---|---|\n"
        "| D1 | Discovery report | 2027-03-01 |\n| D2 | Data pipelines | 2027-05-01 |\n\n"
        "## Acceptance Criteria\n\n- D1 is accepted when the Client product owner signs it off.\n",
    )
    pass_examples = (
        "## Deliverables\n\n| ID | Deliverable | Due date |\n|---|---|---|\n"
        "| D1 | Discovery report | 2027-03-01 |\n| D2 | Data pipelines | 2027-05-01 |\n\n"
        "## Acceptance\n\nEach deliverable is accepted when the Client product owner signs it off in "
        "writing within 10 business days of delivery.\n",
        "## Deliverables\n\n| ID | Deliverable | Acceptance criteria |\n|---|---|---|\n"
        "| D1 | Discovery report | Approved in writing by the Client architect |\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield a hit per uncovered deliverable (folded per table or list)."""
        assert isinstance(self.options, DeliverableWithoutAcceptanceOptions)
        if not kind_evidence(doc, "acceptance"):
            return  # SOW103 reports the missing acceptance criteria once
        all_places = places(doc)
        acceptance_text, general = _acceptance_text(all_places)
        if general:
            return
        found = list(_deliverables(all_places))
        named = {id(d): _named(d, acceptance_text) for d in found}
        by_id = any(_named_by_id(d, acceptance_text) for d in found)
        strong = sum(1 for strength in named.values() if strength == 2)
        # Criteria that name deliverables one by one leave the unnamed ones uncovered.  Identifiers
        # ("D1: ...") are unambiguous, so one is enough; names are fuzzy, so it takes two named by
        # their full name, and then a deliverable sharing any word with the criteria counts as
        # covered ("Switches: all ports tested" covers "Installed and configured switches").
        # Criteria naming no deliverable (or one of many, as a completion rule naming the final
        # readout does) apply to the work as a whole: a deliverable is then uncovered only where its
        # own acceptance cell is empty.
        if by_id:
            uncovered = [d for d in found if not named[id(d)]]
        elif strong >= 2 or (strong == 1 and len(found) <= 2):
            uncovered = [d for d in found if not named[id(d)] and not _shares_word(d, acceptance_text)]
        else:
            uncovered = [d for d in found if d.empty_cell and not named[id(d)]]
        groups: dict[int, list[_Deliverable]] = {}
        for d in uncovered:
            groups.setdefault(d.group if self.options.fold else id(d), []).append(d)
        for members in groups.values():
            first = members[0]
            if len(members) == 1:
                message = (
                    f"Say how '{shorten(first.name, 60)}' is accepted: no acceptance criterion, acceptance "
                    "column or acceptance clause covers it. Add its criteria (e.g. an 'Acceptance criteria' "
                    "column) or a clause such as 'Each deliverable is accepted when ...'."
                )
            else:
                names = ", ".join(f"'{shorten(m.name, 40)}'" for m in members[:3])
                more = ", ..." if len(members) > 3 else ""
                message = (
                    f"Say how these {len(members)} deliverables are accepted ({names}{more}): no acceptance "
                    "criterion, acceptance column or acceptance clause covers them. Add an 'Acceptance "
                    "criteria' column or a clause such as 'Each deliverable is accepted when ...'."
                )
            others: tuple[tuple[Node, tuple[int, int] | None], ...] = tuple(
                (m.node, None) for m in members[1:]
            )
            yield Hit(node=first.node, message=message, excerpt=first.name, count=len(members), more=others)


def _acceptance_text(all_places: list[Place]) -> tuple[str, bool]:
    """All acceptance text (lower-cased) and whether a clause covers every deliverable ('' then).

    The acceptance text is the prose of acceptance sections and criteria lists plus the acceptance
    column of a deliverables table (not its other columns: a deliverable does not accept itself).
    """
    data = clarity_data("acceptance")
    parts: list[str] = []
    for place in all_places:
        block = place.block
        in_acceptance = bool(place.kinds & _ACCEPTANCE_KINDS)
        for _node, _offset, text in units(place):
            # a deemed-acceptance rule says when silence counts, not what a deliverable must meet
            if data.matches("general-clauses", text) and not data.matches("deemed-acceptance", text):
                return "", True  # every deliverable is covered: the text is not needed
        if isinstance(block, Table):
            idx = column(block.header, data.patterns("criteria-columns"))
            if idx is not None:
                parts.extend(cell_text(r.cells, idx) for r in block.rows)
            elif in_acceptance:
                parts.extend(c.text for r in block.rows for c in r.cells)
        elif in_acceptance:
            parts.extend(text for _n, _o, text in units(place))
    return " \n ".join(parts).lower(), False


def _deliverables(all_places: list[Place]) -> Iterator[_Deliverable]:
    """Rows of deliverables tables and items of deliverables lists."""
    data = clarity_data("acceptance")
    taxonomy = load_taxonomy()
    for place in all_places:
        block = place.block
        if "deliverables" not in place.kinds:
            continue
        if isinstance(block, Table):
            yield from _table_deliverables(place, block)
        elif isinstance(block, ListItem):
            if block.level > 1 or block.text.rstrip().endswith(":"):
                continue
            own_title = bool(place.titles) and "deliverables" in title_kinds(
                strip_label(place.titles[-1]), taxonomy
            )
            from_leadin = "deliverables" in block.kinds and place.leadin is not None
            if not (own_title or from_leadin):
                continue
            if place.leadin is not None and data.matches("task-leadins", place.leadin.text):
                continue
            if place.kinds & _ACCEPTANCE_KINDS:
                continue  # a list of outputs that is itself the acceptance criteria
            name = strip_label(block.text)
            if not name or is_placeholder(name) or len(name.split()) > 40:
                continue
            m = _ID.match(block.text)
            yield _Deliverable(block, _name_part(name), m.group(1) if m else None, place.group)


def _table_deliverables(place: Place, table: Table) -> Iterator[_Deliverable]:
    data = clarity_data("acceptance")
    header = table.header
    if not header:
        return
    crit = column(header, data.patterns("criteria-columns"))
    id_col = column(header, data.patterns("id-columns"))
    name_col = column(
        header, data.patterns("deliverable-columns"), skip={i for i in (crit, id_col) if i is not None}
    )
    if name_col is None:
        return
    measured = place.kinds & _ACCEPTANCE_KINDS and crit is None
    for row in table.rows:
        name = cell_text(row.cells, name_col)
        if not name or name.startswith("["):
            continue
        if crit is not None and cell_text(row.cells, crit):
            continue
        if measured and any(
            cell_text(row.cells, i) for i in range(len(row.cells)) if i not in (name_col, id_col)
        ):
            continue  # a performance requirements table: its other columns are the criteria
        ident = cell_text(row.cells, id_col) if id_col is not None else None
        if ident is None:
            m = _ID.match(name)
            ident = m.group(1) if m else None
        yield _Deliverable(row, _name_part(name), ident, place.group, empty_cell=crit is not None)


def _name_part(text: str) -> str:
    """The deliverable's name: text before a colon or dash that starts its description."""
    flat = " ".join(text.replace("**", "").split())
    flat = _QUALIFIER.split(flat, maxsplit=1)[0].strip() or flat
    for sep in (":", " – ", " - ", " — "):
        head = flat.split(sep, 1)[0].strip()
        if head and len(head) < len(flat) and len(head.split()) <= 8:
            return strip_label(head) or head
    return flat


def _named_by_id(d: _Deliverable, acceptance_text: str) -> bool:
    """True if the acceptance text names the deliverable's identifier ("D1", "WMS-2").

    Only identifiers with a letter count: a bare row number would match any digit.
    """
    ident = (d.ident or "").lower()
    return bool(re.search(r"[a-z]", ident) and re.search(rf"\b{re.escape(ident)}\b", acceptance_text))


def _named(d: _Deliverable, acceptance_text: str) -> int:
    """How the acceptance text names a deliverable: 2 by identifier or full name, 1 by its words, 0 not."""
    if not acceptance_text:
        return 0
    if _named_by_id(d, acceptance_text):
        return 2
    name = d.name.lower()
    if len(name) >= 4 and name in acceptance_text:
        return 2
    words = _content_words(name)
    found = sum(1 for w in words if re.search(rf"\b{re.escape(_stem(w))}", acceptance_text))
    # most of its words: "technical findings report" is covered by criteria about the report's findings
    if words and found * 3 >= len(words) * 2:
        return 1
    return 0


def _shares_word(d: _Deliverable, acceptance_text: str) -> bool:
    """True if any content word of the deliverable's name appears in the acceptance text."""
    return any(
        re.search(rf"\b{re.escape(_stem(w))}", acceptance_text) for w in _content_words(d.name.lower())
    )


def _content_words(name: str) -> list[str]:
    return [w for w in _WORD.findall(name) if w not in _STOP and len(w) > 2]


def _stem(word: str) -> str:
    """A crude stem for matching word forms ("deployments" and "deployed" share "deploy")."""
    for suffix in (
        "ments",
        "ment",
        "ations",
        "ation",
        "ions",
        "ion",
        "ings",
        "ing",
        "ers",
        "er",
        "ed",
        "es",
        "s",
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
