"""SOW304 dependency-without-owner-or-date: a client dependency with no owner or no date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from sowlint.classify import load_taxonomy, title_kinds
from sowlint.criteria import (
    Parties,
    Place,
    cell_text,
    clarity_data,
    column,
    document_parties,
    is_placeholder,
    places,
    shorten,
    strip_label,
)
from sowlint.findings import Hit, Node, Rule, RuleOptions, Severity
from sowlint.model import Document, ListItem, Paragraph, Row, Table
from sowlint.prose import is_definition, split_sentences

_DEP_KINDS = frozenset({"dependencies", "government-furnished"})
_NUMBER_ONLY = re.compile(r"^\s*[\d.()]+\s*$")


class DependencyWithoutOwnerOrDateOptions(RuleOptions):
    """Options of SOW304."""

    #: what each dependency must state: its owner, its date, or both
    require: Literal["owner", "date", "both"] = "both"
    #: report the dependencies of one list or table that miss the same thing as one finding
    fold: bool = True


@dataclass(frozen=True)
class _Item:
    node: ListItem | Row | Paragraph
    text: str
    span: tuple[int, int] | None
    owner: str | None
    dated: bool
    group: int
    where: str


class DependencyWithoutOwnerOrDate(Rule):
    """A client dependency does not say who provides it, or by when."""

    code = "SOW304"
    name = "dependency-without-owner-or-date"
    severity = Severity.WARNING
    summary = "A client dependency names no owner (who provides it) or no date (by when)."
    why = (
        "A dependency with no owner is nobody's job and one with no date is never late: when it "
        "slips, the schedule slips with it and the delay lands on the vendor."
    )
    tags = ("clarity", "dependencies")
    Options = DependencyWithoutOwnerOrDateOptions
    fail_examples = (
        "## Client Responsibilities\n\n- Read access to the reporting database.\n",
        "## Dependencies\n\n- Test data for the billing system by 1 March 2027.\n",
    )
    pass_examples = (
        "## Client Responsibilities\n\n- Read access to the reporting database by 1 March 2027.\n"
        "- Client IT provides VPN accounts within 5 business days of kickoff.\n",
        "## Dependencies\n\n| Dependency | Owner | Due date |\n|---|---|---|\n"
        "| Test data for the billing system | Client finance team | 2027-03-01 |\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield a hit per dependency missing what ``require`` asks for (folded per list or table)."""
        assert isinstance(self.options, DependencyWithoutOwnerOrDateOptions)
        need_owner = self.options.require in ("owner", "both")
        need_date = self.options.require in ("date", "both")
        parties = document_parties(doc)
        groups: dict[tuple[int, bool, bool], list[_Item]] = {}
        for item in _items(doc, parties):
            no_owner = need_owner and item.owner is None
            no_date = need_date and not item.dated
            if not (no_owner or no_date):
                continue
            key = (item.group if self.options.fold else id(item), no_owner, no_date)
            groups.setdefault(key, []).append(item)
        for (_g, no_owner, no_date), members in groups.items():
            first = members[0]
            others: tuple[tuple[Node, tuple[int, int] | None], ...] = tuple(
                (m.node, m.span) for m in members[1:]
            )
            yield Hit(
                node=first.node,
                message=_message(members, no_owner, no_date),
                excerpt=first.text,
                span=first.span,
                count=len(members),
                more=others,
            )


def _message(members: list[_Item], no_owner: bool, no_date: bool) -> str:
    first = members[0]
    quoted = shorten(first.text, 70)
    many = len(members) > 1
    subject = (
        f"{len(members)} dependencies under '{shorten(first.where, 40)}' (e.g. '{quoted}')"
        if many and first.where
        else f"{len(members)} dependencies (e.g. '{quoted}')"
        if many
        else f"'{quoted}'"
    )
    verb_has, verb_names = ("have", "name") if many else ("has", "names")
    if no_owner and no_date:
        return (
            f"Say who provides it and by when: {subject} {verb_names} no owner and no date. Name the party "
            "or role (e.g. 'Client IT') and a due date or bound (e.g. 'within 5 business days of kickoff')."
        )
    if no_date:
        return (
            f"Say by when: {subject} {verb_has} an owner ({first.owner}) but no date. Add a due date or a "
            "bound such as 'by 1 March 2027' or 'within 5 business days of kickoff'."
        )
    return (
        f"Say who provides it: {subject} {verb_has} a date but no owner. Name the party or role "
        "responsible (e.g. 'Client IT', 'the product owner')."
    )


def _dependency_section(
    place: Place, client: re.Pattern[str] | None, title_kinds_of: dict[str, frozenset[str]]
) -> tuple[bool, str]:
    """Whether the block stands in a section titled as client dependencies, and that title.

    A title the taxonomy reads as dependencies or government-furnished items counts ("Client
    Responsibilities", "Government Furnished Property"), as does one naming the document's client
    ("Northwind Responsibilities"); titles naming the vendor's side ("Contractor Furnished Items")
    do not.  ``title_kinds_of`` memoises the taxonomy's kinds of each bare title for one document.
    """
    data = clarity_data("dependencies")
    titles = list(place.titles)
    # the innermost section with kinds of its own decides; one without inherits its parent's title
    candidates = titles[-1:] if place.own else list(reversed(titles))
    for title in candidates:
        bare = strip_label(title)
        kinds = title_kinds_of.get(bare)
        if kinds is None:
            kinds = title_kinds_of[bare] = frozenset(title_kinds(bare, load_taxonomy()))
        if client is not None and client.search(bare) and _CLIENT_TITLE.search(bare):
            return True, title
        if not kinds:
            continue
        if kinds & _DEP_KINDS and not data.matches("vendor-titles", bare):
            return True, title
        return False, ""
    return False, ""


_CLIENT_TITLE = re.compile(
    r"\b(responsibilit(y|ies)|obligations|dependenc(y|ies)|inputs|duties|prerequisites)\b", re.I
)


def _items(doc: Document, parties: Parties) -> Iterator[_Item]:
    """Client dependency items with their owner and whether they are dated."""
    data = clarity_data("dependencies")
    client = parties.pattern("client")
    vendor = parties.pattern("vendor")
    seen: dict[tuple[tuple[str, ...], bool], tuple[bool, str]] = {}
    title_kinds_of: dict[str, frozenset[str]] = {}
    for place in places(doc):
        block = place.block
        key = (place.titles, bool(place.own))
        if key not in seen:
            seen[key] = _dependency_section(place, client, title_kinds_of)
        in_section, title = seen[key]
        in_block = bool(frozenset(block.kinds) & _DEP_KINDS)
        if not (in_section or in_block) or "exclusions" in place.kinds:
            continue
        if not in_section and not place.kinds & _DEP_KINDS:
            continue
        context_owner = _party(title, client) if in_section else None
        context_dated = bool(in_section and data.matches("dates", strip_label(title)))
        if place.leadin is not None:
            if data.matches("alternatives", place.leadin.text):
                continue
            context_owner = _party(place.leadin.text, client) or context_owner
            context_dated = context_dated or data.matches("dates", place.leadin.text)
        where = strip_label(title) if in_section else ""
        if isinstance(block, Table):
            yield from _table_items(place, block, context_owner, context_dated, client, vendor, where)
        elif isinstance(block, ListItem):
            text = block.text.strip()
            if not text or text.endswith(":"):
                continue
            body = strip_label(text)
            if not body or not _is_dependency(body, vendor):
                continue
            start = text.find(body) if body in text else 0
            owner = _party(body, client) or context_owner or _role(body)
            dated = context_dated or _dated(body)
            yield _Item(block, body, (start, start + len(body)), owner, dated, place.group, where)
        elif isinstance(block, Paragraph):
            if block.text.rstrip().endswith(":"):
                continue
            for offset, sentence in split_sentences(block.text):
                if is_definition(sentence) or not _is_dependency(sentence, vendor):
                    continue
                if not data.matches("provision-sentences", sentence):
                    continue
                owner = _subject_owner(sentence, client)
                if owner is None and in_section:
                    m = data.search("named-subjects", _LABEL.sub("", sentence, count=1))
                    owner = m.group("owner") if m else None
                if owner is None:
                    continue  # a statement whose subject is not the client is not a client dependency
                dated = context_dated or _dated(sentence)
                yield _Item(block, sentence, (offset, offset + len(sentence)), owner, dated, id(block), where)


def _table_items(
    place: Place,
    table: Table,
    context_owner: str | None,
    context_dated: bool,
    client: re.Pattern[str] | None,
    vendor: re.Pattern[str] | None,
    where: str,
) -> Iterator[_Item]:
    """Rows of a dependencies table; an owner or date column, where present, decides alone."""
    data = clarity_data("dependencies")
    header = table.header
    owner_col = column(header, data.patterns("owner-columns"))
    date_col = column(
        header, data.patterns("date-columns"), skip={owner_col} if owner_col is not None else None
    )
    id_col = column(header, clarity_data("acceptance").patterns("id-columns"))
    text_cols = [i for i in range(len(header)) if i not in (owner_col, date_col, id_col)]
    for row in table.rows:
        texts = [cell_text(row.cells, i) for i in text_cols] if header else [c.text for c in row.cells]
        text = next((t for t in texts if t and not is_placeholder(t) and not _NUMBER_ONLY.match(t)), "")
        if not text or not _is_dependency(text, vendor):
            continue
        owner_cell = cell_text(row.cells, owner_col)
        if owner_cell and (
            data.matches("not-dependencies", owner_cell) or (vendor and vendor.search(owner_cell))
        ):
            continue  # the vendor's own item
        body = " ".join(texts)
        if owner_col is not None:
            owner = owner_cell or _party(body, client)
        else:
            owner = _party(body, client) or context_owner or _role(body)
        if date_col is not None:
            dated = bool(cell_text(row.cells, date_col)) or _dated(body)
        else:
            dated = context_dated or _dated(body)
        yield _Item(row, text, None, owner, dated, place.group, where)


def _is_dependency(text: str, vendor: re.Pattern[str] | None) -> bool:
    """False for the vendor's own items, negations, and role duties that name nothing the vendor needs."""
    data = clarity_data("dependencies")
    body = strip_label(text)
    if data.matches("not-dependencies", body) or (vendor is not None and vendor.match(body)):
        return False
    if data.matches("role-subjects", body) and not data.matches("tangibles", body):
        return False
    return True


def _dated(text: str) -> bool:
    """True when the text bounds the dependency in time, or states a continuing obligation."""
    data = clarity_data("dependencies")
    return data.matches("dates", text) or data.matches("ongoing", text)


def _party(text: str, client: re.Pattern[str] | None) -> str | None:
    """The client-side party a text names: the client's name, a party word or an acronym subject."""
    if not text:
        return None
    data = clarity_data("dependencies")
    if client is not None:
        m = client.search(text)
        if m:
            return m.group(0)
    for group in ("client-parties", "acronym-subjects"):
        m = data.search(group, text)
        if m is not None:
            named = m.groupdict().get("owner")
            return (named or m.group(0)).strip()
    return None


def _role(text: str) -> str | None:
    """A role or team a text names ("Client IT", "the product owner")."""
    m = clarity_data("dependencies").search("roles", text)
    return m.group(0).strip() if m else None


_LABEL = re.compile(r"^[^.;:–—]{1,40}(?:\s[–—-]\s|:\s)")
_MODAL = re.compile(
    r"^(?:\s+[\w'’-]+){0,3}?\s+(will|shall|must|agrees? to|is to|is responsible|are responsible)\b"
)


def _subject_owner(sentence: str, client: re.Pattern[str] | None) -> str | None:
    """The client party that is the subject of a sentence ("The Court will ...", "Contoso will ...")."""
    data = clarity_data("dependencies")
    body = _LABEL.sub("", sentence, count=1)
    body = re.sub(r"^(the|a|an)\s+", "", body, flags=re.IGNORECASE)
    candidates = [p for p in (client,) if p is not None] + list(data.patterns("client-parties"))
    for pattern in candidates:
        m = pattern.match(body)
        if m and _MODAL.match(body[m.end() :]):
            return m.group(0).strip()
    m = data.search("acronym-subjects", body)
    return m.group("owner") if m else None
