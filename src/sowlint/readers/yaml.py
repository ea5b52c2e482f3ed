"""SOW-as-code YAML reader: safe composition with line numbers, schema validation, Document mapping.

The file is composed (not loaded) with a SafeLoader subclass so every node keeps its source mark;
aliases are refused outright (no alias bombs) and size, node count and depth are capped.  The plain
data is validated against :mod:`sowlint.sowyaml`, and each part becomes the section shape the
markdown examples have: a level-1 title section holding numbered level-2 parts, lists as list
items and structured lists as tables, every node located at the YAML line it came from.
``# sowlint-disable ...`` comments become the document's directives, at the line they stand on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from sowlint.model import Block, Cell, Directive, Document, ListItem, Location, Paragraph, Row, Table
from sowlint.readers import ReadError, decode_text
from sowlint.readers.build import RawHeading, build_document
from sowlint.readers.directives import HASH_COMMENT, YAML_BREAKS, in_ranges, scan_directives
from sowlint.sowyaml import (
    SOW_KEYS,
    Acceptance,
    Assumption,
    Deliverable,
    ExtraSection,
    LineItem,
    Pricing,
    ScopeItem,
    SowDocument,
)

#: Largest YAML SOW read (bytes); a SOW is a few dozen kilobytes.
MAX_YAML_BYTES = 1024 * 1024
#: Most YAML nodes (scalars, mappings, sequences) composed from one file.
MAX_NODES = 200_000
#: Deepest nesting of mappings and sequences accepted.
MAX_DEPTH = 64

_BLOCK_HEADER_COMMENT_RE = re.compile(r"[|>][-+0-9]*[ \t]+#")
_TOP_KEY_RE = re.compile(r"""^["']?([A-Za-z_][A-Za-z0-9_-]*)["']?[ \t]*:(?:[ \t]|$)""", re.M)

Path_ = tuple[str | int, ...]
#: A table column built from a model field: (header, field name, how to render the value).
Column = tuple[str, str, Callable[[Any], str]]


def _text(value: Any) -> str:
    """A field value as cell text; a missing value is an empty cell."""
    return "" if value is None else str(value)


_SECTION_TITLES: dict[str, str] = {
    "objectives": "Objectives",
    "scope": "Scope",
    "deliverables": "Deliverables",
    "assumptions": "Assumptions",
    "exclusions": "Exclusions",
    "dependencies": "Client Dependencies",
    "acceptance": "Acceptance Criteria",
    "period_of_performance": "Schedule",
    "milestones": "Schedule",
    "pricing": "Pricing",
    "payment_schedule": "Payment Schedule",
    "change_control": "Change Control",
    "roles": "Roles and Responsibilities",
    "effort": "Effort Estimate",
    "risks": "Risks",
    "term": "Term",
}

_MODEL_LABELS = {
    "fixed-fee": "Fixed fee",
    "time-and-materials": "Time and materials",
    "mixed": "Mixed (fixed fee and time and materials)",
    "retainer": "Retainer",
}
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


class _Refused(Exception):
    """Raised inside composition for input the reader will not compose."""

    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses aliases and bounds node count and depth.

    It also notes where comments can stand.  PyYAML's scanner skips comments without keeping
    them, and a line scan cannot tell a comment from a ``#`` inside a quoted, plain or block
    scalar; but every character the scanner skips between two tokens is blank, a line break or
    a comment, so a ``#`` in those stretches (or after a block scalar's ``|``/``>`` header, which
    the scalar's own token swallows) always starts a comment.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.node_count = 0
        self.depth = 0
        self.source = stream
        self.comment_spans: list[tuple[int, int]] = []
        self._token_end = 0

    def get_token(self) -> Any:
        """Hand the parser the next token, noting the stretch before it when a comment may be there."""
        token = super().get_token()
        start, end = token.start_mark.index, token.end_mark.index
        if start > self._token_end and "#" in self.source[self._token_end : start]:
            self.comment_spans.append((self._token_end, start))
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            header = _BLOCK_HEADER_COMMENT_RE.match(self.source, start)
            if header is not None:
                self.comment_spans.append((header.end() - 1, header.end()))
        self._token_end = max(self._token_end, end)
        return token

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Compose one node, refusing aliases and too many or too deeply nested nodes."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused("YAML aliases are not supported in SOW files", event.start_mark)
        self.node_count += 1
        if self.node_count > MAX_NODES:
            raise _Refused(f"YAML file has more than {MAX_NODES} nodes", self.peek_event().start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(f"YAML nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _where(mark: yaml.Mark | None) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "unknown position"


def _compose(text: str) -> tuple[yaml.Node | None, list[tuple[int, int]]]:
    """Compose a single YAML document and note where comments may stand; raise ReadError on bad input."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_node(), loader.comment_spans
    except _Refused as exc:
        raise ReadError(f"{exc} ({_where(exc.mark)})") from None
    except yaml.MarkedYAMLError as exc:
        raise ReadError(_yaml_error(exc)) from None
    except yaml.YAMLError as exc:
        raise ReadError(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else 'malformed'}") from None
    finally:
        loader.dispose()


def _yaml_error(exc: yaml.MarkedYAMLError) -> str:
    """One line naming the line and column of a YAML syntax error and what went wrong."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "malformed YAML"
    context = exc.context if exc.problem else None
    if context and problem.startswith("but "):
        problem = f"{context}, {problem}"
    elif context and exc.context_mark is not None and exc.context_mark is not mark:
        problem += f" ({context} started at {_where(exc.context_mark)})"
    return f"invalid YAML at {_where(mark)}: {problem}"


_SCALAR_TAG = "tag:yaml.org,2002:"


class _RawInt(int):
    """An int that prints as written (``007``), so a number in a text field keeps its spelling."""

    raw: str

    def __str__(self) -> str:
        return self.raw


class _RawFloat(float):
    """A float that prints as written (``1.10``), so a number in a text field keeps its spelling."""

    raw: str

    def __str__(self) -> str:
        return self.raw


class _Constructor:
    """Turn composed nodes into plain data, recording the mark of every path."""

    def __init__(self) -> None:
        self.marks: dict[Path_, tuple[int, int]] = {}
        #: Last source line of each node (1-based), so a line comment inside a multi-line item finds it.
        self.ends: dict[Path_, int] = {}
        self._safe = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path_) -> Any:
        """Plain data for ``node``; ``path`` is where it sits in the document."""
        if isinstance(node, yaml.MappingNode):
            if node.tag != _SCALAR_TAG + "map":
                raise ReadError(f"unsupported YAML tag {node.tag} at {_where(node.start_mark)}")
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise ReadError(f"invalid key at {_where(key_node.start_mark)}: keys must be plain text")
                key = str(key_node.value)
                if key in out:
                    raise ReadError(f"duplicate key '{key}' at {_where(key_node.start_mark)}")
                here = (*path, key)
                self.marks[here] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                self.ends[here] = _last_line(value_node)
                out[key] = self.build(value_node, here)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SCALAR_TAG + "seq":
                raise ReadError(f"unsupported YAML tag {node.tag} at {_where(node.start_mark)}")
            items: list[Any] = []
            for i, child in enumerate(node.value):
                at = (*path, i)
                self.marks[at] = (child.start_mark.line + 1, child.start_mark.column + 1)
                self.ends[at] = _last_line(child)
                items.append(self.build(child, at))
            return items
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag in (_SCALAR_TAG + "str", _SCALAR_TAG + "timestamp"):
            return str(node.value)
        if tag == _SCALAR_TAG + "null":
            return None
        if tag == _SCALAR_TAG + "bool":
            return self._safe.construct_yaml_bool(node)
        if tag == _SCALAR_TAG + "int":
            number: _RawInt | _RawFloat = _RawInt(self._safe.construct_yaml_int(node))
        elif tag == _SCALAR_TAG + "float":
            number = _RawFloat(self._safe.construct_yaml_float(node))
        else:
            raise ReadError(f"unsupported YAML tag {tag} at {_where(node.start_mark)}")
        number.raw = str(node.value)
        return number


def _last_line(node: yaml.Node) -> int:
    """The 1-based last line a node occupies (a block node's end mark sits at the next line's start)."""
    end = node.end_mark
    return end.line if end.column == 0 and end.line > node.start_mark.line else end.line + 1


def _error_message(exc: ValidationError, marks: dict[Path_, tuple[int, int]]) -> str:
    """One line naming the YAML line and field of the first error (by line) and the error count."""
    found: list[tuple[int, str, str]] = []
    for err in exc.errors():
        path: Path_ = ()
        shown = ""
        loc = err["loc"]
        for k, el in enumerate(loc):
            last = k == len(loc) - 1
            if (*path, el) in marks or (last and err["type"] == "missing" and isinstance(el, str)):
                path = (*path, el)
                shown += f"[{el + 1}]" if isinstance(el, int) else (f".{el}" if shown else str(el))
        probe = path
        while probe and probe not in marks:
            probe = probe[:-1]
        line = marks.get(probe, (1, 1))[0]
        found.append((line, shown or "(top level)", str(err["msg"])))
    found.sort(key=lambda f: f[0])
    line, shown, msg = found[0]
    more = len(found) - 1
    tail = f" (and {more} more schema error{'s' if more > 1 else ''})" if more else ""
    return f"line {line}: {shown}: {msg}{tail}"


def _num(value: float) -> str:
    """A quantity as written by a person: ``1,200``, ``12.5``."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _money(value: float, currency: str | None) -> str:
    """An amount with its currency: ``$12,000.00``, ``CHF 12,000.00`` (more decimals only if it has them)."""
    text = f"{value:,.2f}" if round(value, 2) == value else f"{value:,}"
    if currency is None:
        return text
    sign = _CURRENCY_SIGNS.get(currency)
    return f"{sign}{text}" if sign else f"{currency} {text}"


def _paragraphs(text: str) -> list[str]:
    """Split prose on blank lines into paragraphs (single newlines are kept)."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


@dataclass
class _Mapper:
    """Builds the flat heading/block stream from a validated SOW and its marks."""

    display: str
    marks: dict[Path_, tuple[int, int]]
    ends: dict[Path_, int] = field(default_factory=dict)
    stream: list[RawHeading | Block] = field(default_factory=list)
    tables: int = 0
    parts: int = 0
    part_level: int = 2

    def loc(self, path: Path_, **extra: Any) -> Location:
        """Location of the YAML node at ``path`` (falling back to its nearest recorded parent)."""
        probe = path
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, column = self.marks.get(probe, (None, None))
        end = self.ends.get(probe)
        if line is not None and end is not None and end > line and "end_line" not in extra:
            extra["end_line"] = end
        return Location(path=self.display, line=line, column=column, **extra)

    def heading(self, title: str, path: Path_) -> None:
        """Open a numbered part."""
        self.parts += 1
        self.stream.append(
            RawHeading(title=title, level=self.part_level, number=str(self.parts), location=self.loc(path))
        )

    def para(self, text: str, path: Path_) -> None:
        """Add a paragraph."""
        self.stream.append(Paragraph(text=text, location=self.loc(path)))

    def item(self, text: str, path: Path_, *, level: int = 1, ordered: bool = False) -> None:
        """Add a list item."""
        self.stream.append(ListItem(text=text, location=self.loc(path), level=level, ordered=ordered))

    def table(
        self, path: Path_, header: list[str], rows: list[tuple[Path_, list[tuple[str, Path_]]]]
    ) -> None:
        """Add a table; each row is its path and its cells as (text, path)."""
        self.tables += 1
        n = self.tables
        body = []
        for r, (row_path, cells) in enumerate(rows, start=1):
            row_loc = self.loc(row_path, table=n, row=r)
            body.append(
                Row(
                    cells=tuple(
                        Cell(text=text, location=self.loc(cell_path, table=n, row=r, cell=c))
                        for c, (text, cell_path) in enumerate(cells, start=1)
                    ),
                    location=row_loc,
                )
            )
        self.stream.append(Table(header=tuple(header), rows=tuple(body), location=self.loc(path, table=n)))

    def field_table(self, key: str, items: Sequence[Any], columns: Sequence[Column]) -> None:
        """A table with one row per item and one column per field, each cell located at its field."""
        rows = []
        for i, entry in enumerate(items):
            p: Path_ = (key, i)
            rows.append((p, [(render(getattr(entry, name)), (*p, name)) for _, name, render in columns]))
        self.table((key,), [header for header, _, _ in columns], rows)

    # --- parts -------------------------------------------------------------------------------

    def front(self, sow: SowDocument, order: list[str]) -> None:
        """The lines under the title (parties, version, date), in the order the file has them."""
        for key in order:
            if key == "parties" and sow.parties is not None:
                for which, party in (("client", sow.parties.client), ("vendor", sow.parties.vendor)):
                    if party is None:
                        continue
                    text = f"{which.capitalize()}: {party.name}"
                    if party.short_name:
                        text += f' ("{party.short_name}")'
                    if party.role:
                        text += f", {party.role}"
                    self.para(text, ("parties", which))
            elif key in ("version", "date") and getattr(sow, key) is not None:
                self.para(f"{key.capitalize()}: {getattr(sow, key)}", (key,))

    def strings(self, values: list[str], key: str, *, ordered: bool = False) -> None:
        """A list of strings as list items."""
        for i, text in enumerate(values):
            self.item(text, (key, i), ordered=ordered)

    def scope(self, sow: SowDocument) -> None:
        """Summary paragraph and in-scope items (object items may carry nested details)."""
        assert sow.scope is not None
        if sow.scope.summary:
            for text in _paragraphs(sow.scope.summary):
                self.para(text, ("scope", "summary"))
        for i, entry in enumerate(sow.scope.in_scope):
            path: Path_ = ("scope", "in_scope", i)
            if isinstance(entry, ScopeItem):
                self.item(f"{entry.id}: {entry.description}" if entry.id else entry.description, path)
                for j, detail in enumerate(entry.details):
                    self.item(detail, (*path, "details", j), level=2)
            else:
                self.item(entry, path)

    def deliverables(self, items: list[Deliverable]) -> None:
        """Deliverables table: ID | Deliverable | [Description] | Due date | [Acceptance criteria]."""
        with_desc = any(d.description for d in items)
        with_criteria = any(d.acceptance_criteria for d in items)
        header = ["ID", "Deliverable", *(["Description"] if with_desc else []), "Due date"]
        header += ["Acceptance criteria"] if with_criteria else []
        rows = []
        for i, d in enumerate(items):
            p: Path_ = ("deliverables", i)
            cells = [(d.id or "", (*p, "id")), (d.name, (*p, "name"))]
            if with_desc:
                cells.append((d.description or "", (*p, "description")))
            cells.append((d.due or "", (*p, "due")))
            if with_criteria:
                cells.append(("; ".join(d.acceptance_criteria), (*p, "acceptance_criteria")))
            rows.append((p, cells))
        self.table(("deliverables",), header, rows)

    def assumptions(self, items: list[str | Assumption]) -> None:
        """Assumptions as list items, each followed by what happens if it proves false."""
        for i, entry in enumerate(items):
            if isinstance(entry, Assumption):
                text = f"{entry.text} {entry.if_false}" if entry.if_false else entry.text
            else:
                text = entry
            self.item(text, ("assumptions", i))

    def dependencies(self, sow: SowDocument) -> None:
        """Dependencies table: Dependency | Owner | Due date."""
        columns = [
            ("Dependency", "description", _text),
            ("Owner", "owner", _text),
            ("Due date", "due", _text),
        ]
        self.field_table("dependencies", sow.dependencies or [], columns)

    def acceptance(self, acc: Acceptance) -> None:
        """Approver, review period, deemed acceptance and rejection lines, then the criteria."""
        k = "acceptance"
        if acc.approver:
            self.para(f"Approver: {acc.approver}", (k, "approver"))
        if acc.review_period_days is not None:
            self.para(
                f"Review period: {acc.review_period_days} {acc.review_period_basis} days "
                "from delivery of each deliverable.",
                (k, "review_period_days"),
            )
        if acc.deemed_acceptance is True:
            text = (
                "a deliverable that is not rejected in writing within the review period is deemed accepted."
            )
            self.para(f"Deemed acceptance: {text}", (k, "deemed_acceptance"))
        elif acc.deemed_acceptance is False:
            text = "none; every deliverable requires written acceptance by the approver."
            self.para(f"Deemed acceptance: {text}", (k, "deemed_acceptance"))
        elif acc.deemed_acceptance:
            self.para(f"Deemed acceptance: {acc.deemed_acceptance}", (k, "deemed_acceptance"))
        if acc.rejection:
            self.para(f"Rejection: {acc.rejection}", (k, "rejection"))
        for i, text in enumerate(acc.criteria):
            self.item(text, (k, "criteria", i))

    def schedule(self, sow: SowDocument) -> None:
        """Period of performance line and milestones table: Milestone | Date | Deliverables."""
        pop = sow.period_of_performance
        if pop is not None and (pop.start or pop.end):
            if pop.start and pop.end:
                text = f"Period of performance: {pop.start} to {pop.end}"
            elif pop.start:
                text = f"Period of performance: starts {pop.start}"
            else:
                text = f"Period of performance: ends {pop.end}"
            self.para(text, ("period_of_performance",))
        if sow.milestones is not None:
            columns = [
                ("Milestone", "name", _text),
                ("Date", "date", _text),
                ("Deliverables", "deliverables", ", ".join),
            ]
            self.field_table("milestones", sow.milestones, columns)

    def pricing(self, pr: Pricing) -> None:
        """Model, currency and cap lines, the line-item table with Subtotal/Total rows, then notes."""
        k = "pricing"
        cur = pr.currency
        if pr.model:
            self.para(f"Pricing model: {_MODEL_LABELS[pr.model]}", (k, "model"))
        if cur:
            self.para(f"Currency: {cur}", (k, "currency"))
        if pr.not_to_exceed is not None:
            self.para(f"Not to exceed: {_money(pr.not_to_exceed, cur)}", (k, "not_to_exceed"))
        if pr.line_items:
            self._line_items(pr)
        elif pr.total is not None:
            self.para(f"Total: {_money(pr.total, cur)}", (k, "total"))
        for i, note in enumerate(pr.notes):
            self.para(note, (k, "notes", i))

    def _line_items(self, pr: Pricing) -> None:
        lines: list[LineItem] = pr.line_items
        cur = pr.currency
        first = (
            "Role"
            if all(li.role for li in lines)
            else "Item"
            if not any(li.role for li in lines)
            else "Role or item"
        )
        with_rate = any(li.rate is not None for li in lines)
        with_qty = any(li.quantity is not None for li in lines)
        units = {li.unit for li in lines if li.quantity is not None}
        one_unit = next(iter(units)) if len(units) == 1 and None not in units else None
        header = [first, *(["Rate"] if with_rate else [])]
        if with_qty:
            header.append(one_unit.capitalize() if one_unit else "Quantity")
        header.append("Amount")
        rows = []
        for i, li in enumerate(lines):
            p: Path_ = ("pricing", "line_items", i)
            cells = [(li.label, (*p, "role" if li.role else "item"))]
            if with_rate:
                cells.append((_money(li.rate, cur) if li.rate is not None else "", (*p, "rate")))
            if with_qty:
                qty = "" if li.quantity is None else _num(li.quantity)
                if qty and not one_unit and li.unit:
                    qty += f" {li.unit}"
                cells.append((qty, (*p, "quantity")))
            cells.append((_money(li.amount, cur) if li.amount is not None else "", (*p, "amount")))
            rows.append((p, cells))
        blanks = len(header) - 2
        for key, label in (("subtotal", "Subtotal"), ("total", "Total")):
            value = getattr(pr, key)
            if value is not None:
                p = ("pricing", key)
                rows.append((p, [(label, p), *[("", p)] * blanks, (_money(value, cur), p)]))
        self.table(("pricing", "line_items"), header, rows)

    def payments(self, sow: SowDocument) -> None:
        """Payment table: Milestone | Percent | Amount."""
        cur = sow.pricing.currency if sow.pricing else None
        columns: list[Column] = [
            ("Milestone", "milestone", _text),
            ("Percent", "percent", lambda v: "" if v is None else f"{_num(v)}%"),
            ("Amount", "amount", lambda v: "" if v is None else _money(v, cur)),
        ]
        self.field_table("payment_schedule", sow.payment_schedule or [], columns)

    def prose(self, value: str | list[str] | None, key: str) -> None:
        """Prose split into paragraphs, or a list of steps as an ordered list."""
        if isinstance(value, list):
            self.strings(value, key, ordered=True)
        elif value:
            for text in _paragraphs(value):
                self.para(text, (key,))

    def roles(self, sow: SowDocument) -> None:
        """Roles table: Role | Party | Responsibilities, then Headcount and FTE when any role states them."""
        roles = sow.roles or []
        columns: list[Column] = [
            ("Role", "name", _text),
            ("Party", "party", _text),
            ("Responsibilities", "responsibilities", lambda v: v if isinstance(v, str) else "; ".join(v)),
        ]
        if any(r.count is not None for r in roles):
            columns.append(("Headcount", "count", _text))
        if any(r.allocation is not None for r in roles):
            columns.append(("FTE", "allocation", lambda v: "" if v is None else _num(v)))
        self.field_table("roles", roles, columns)

    def effort(self, sow: SowDocument) -> None:
        """Effort table: Category | Hours | Days (the unit columns any line uses)."""
        lines = sow.effort or []
        columns: list[Column] = [("Category", "category", _text)]
        for header, name in (("Hours", "hours"), ("Days", "days")):
            if any(getattr(li, name) is not None for li in lines):
                columns.append((header, name, lambda v: "" if v is None else _num(v)))
        self.field_table("effort", lines, columns)

    def risks(self, sow: SowDocument) -> None:
        """Risks table: Risk | Mitigation | Owner."""
        columns = [
            ("Risk", "description", _text),
            ("Mitigation", "mitigation", _text),
            ("Owner", "owner", _text),
        ]
        self.field_table("risks", sow.risks or [], columns)

    def extra(self, sections: list[ExtraSection]) -> None:
        """Free prose sections, each its own numbered part."""
        for i, s in enumerate(sections):
            p: Path_ = ("sections", i)
            self.heading(s.title, (*p, "title"))
            for text in _paragraphs(s.text or ""):
                self.para(text, (*p, "text"))
            for j, text in enumerate(s.items):
                self.item(text, (*p, "items", j))


def _map(
    sow: SowDocument,
    order: list[str],
    display: str,
    marks: dict[Path_, tuple[int, int]],
    ends: dict[Path_, int] | None = None,
) -> Document:
    """Map a validated SOW to a Document, parts in the order their keys appear in the file."""
    m = _Mapper(display=display, marks=marks, ends=ends or {})
    if sow.title:
        m.stream.append(RawHeading(title=sow.title, level=1, location=m.loc(("title",))))
    else:
        m.part_level = 1
    m.front(sow, order)
    done: set[str] = set()
    for key in order:
        title = _SECTION_TITLES.get(key)
        if key == "sections" and sow.sections:
            m.extra(sow.sections)
            continue
        if title is None or title in done or getattr(sow, key) is None:
            continue
        done.add(title)
        m.heading(title, (key,))
        if key in ("objectives", "exclusions"):
            m.strings(getattr(sow, key), key)
        elif key == "scope":
            m.scope(sow)
        elif key == "deliverables":
            m.deliverables(sow.deliverables or [])
        elif key == "assumptions":
            m.assumptions(sow.assumptions or [])
        elif key == "dependencies":
            m.dependencies(sow)
        elif key == "acceptance":
            assert sow.acceptance is not None
            m.acceptance(sow.acceptance)
        elif key in ("period_of_performance", "milestones"):
            m.schedule(sow)
        elif key == "pricing":
            assert sow.pricing is not None
            m.pricing(sow.pricing)
        elif key == "payment_schedule":
            m.payments(sow)
        elif key in ("change_control", "term"):
            m.prose(getattr(sow, key), key)
        elif key == "roles":
            m.roles(sow)
        elif key == "effort":
            m.effort(sow)
        elif key == "risks":
            m.risks(sow)
    meta: dict[str, str] = {}
    if sow.version is not None:
        meta["version"] = sow.version
    if sow.date is not None:
        meta["date"] = sow.date
    if sow.parties is not None:
        for which in ("client", "vendor"):
            party = getattr(sow.parties, which)
            if party is not None:
                meta[which] = party.name
    return build_document(display, "yaml", m.stream, title=sow.title, meta=meta)


def parse_yaml(text: str, display: str) -> Document:
    """Parse SOW-as-code YAML text into a Document; raise ReadError on invalid input."""
    node, comment_spans = _compose(text)
    if node is None:
        raise ReadError("empty YAML document")
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise ReadError(f"a SOW YAML file must be a mapping of fields at the top level, not {kind}")
    builder = _Constructor()
    data = builder.build(node, ())
    try:
        sow = SowDocument.model_validate(data)
    except ValidationError as exc:
        raise ReadError(_error_message(exc, builder.marks)) from None
    doc = _map(sow, list(data), display, builder.marks, builder.ends)
    directives = _directives(text, display, comment_spans)
    return doc.model_copy(update={"directives": tuple(directives)}) if directives else doc


def _directives(text: str, display: str, comment_spans: list[tuple[int, int]]) -> list[Directive]:
    """``# sowlint-...`` comments, found only where the scanner saw comments (never inside a string)."""
    if not comment_spans:
        return []
    may_comment = in_ranges(comment_spans)
    return scan_directives(
        text, display, HASH_COMMENT, breaks=YAML_BREAKS, skip=lambda offset: not may_comment(offset)
    )


def read(path: Path, display: str) -> Document:
    """Read a SOW-as-code YAML file."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise ReadError(f"YAML file too large ({size // 1024} KB > {MAX_YAML_BYTES // 1024} KB)")
    data = path.read_bytes()
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary content, not a YAML document")
    return parse_yaml(decode_text(data), display)


def looks_like_sow(path: Path) -> bool:
    """Cheap check: a top-level mapping with at least two SOW-as-code keys (skips CI configs)."""
    try:
        with path.open("rb") as fh:
            head = decode_text(fh.read(65536))
    except OSError:
        return False
    keys = {m.group(1) for m in _TOP_KEY_RE.finditer(head)}
    return len(keys & SOW_KEYS) >= 2
