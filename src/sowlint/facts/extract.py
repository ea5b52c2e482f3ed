"""Read a Document's commercial facts: pricing, payments, schedule, effort, staffing and stated numbers.

Tables are recognised by their header cells, whatever the column order and wording: each header
cell gets a role (rate, hours, amount, share, date, ...) from the patterns in ``rules/facts.yaml``;
a column without a recognised header whose cells are mostly amounts, percentages or dates gets that
role from its content.  From the roles a table is a pricing table (amounts, or rates and
quantities), a payment schedule (shares, or amounts under a payment heading), a schedule (dates),
an effort table (hours or days without prices) and/or a staffing table (FTE or allocation); one
table can be several.  Columns are matched by each cell's grid position where the reader records
one (a Word cell merged across columns keeps its first column), and a label merged down several
rows is carried to each of them.

Prose gives the rest, sentence by sentence: an amount is a total or a cap by the nearest cue before
it ("total fixed fee is", "not to exceed"), a rate when "per hour" follows it; a period of
performance by its cue and its two dates, or by start and end cues ("takes effect on ... ends on");
the pricing model by its wording, a declaring line ("Pricing model: Fixed fee") outranking passing
mentions.  Numeric dates are read by the document's own convention (see :func:`date_convention`).
The YAML reader maps SOW-as-code pricing, payments, milestones and period of performance into the
same tables and lines, so YAML SOWs give the same facts as the other formats.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from sowlint.facts.data import FactsData, load_facts_data
from sowlint.facts.models import (
    CommercialFacts,
    CurrencyDeclaration,
    DateMention,
    EffortLine,
    EffortTable,
    FactNode,
    LineItem,
    Milestone,
    MoneyMention,
    Payment,
    PaymentSchedule,
    Period,
    PricingModelMention,
    PricingTable,
    Schedule,
    Staffing,
    StatedAmount,
    StatedDuration,
    TotalLine,
)
from sowlint.facts.numbers import (
    ANY_ISO_CODE_RE,
    ISO_CODES,
    UNIT_WORDS,
    DateValue,
    Duration,
    DurationUnit,
    Money,
    find_dates,
    find_durations,
    find_money,
    parse_date,
    parse_duration,
    parse_money,
    parse_number,
    parse_percent,
    parse_quantity,
)
from sowlint.memo import LastDocument
from sowlint.model import Block, Cell, Document, ListItem, Location, Paragraph, Row, Section, Table
from sowlint.regex_literals import lowered

#: Currencies whose sign is also ``$``: a document declaring one of them reads ``$`` as it.
DOLLAR_CURRENCIES = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "ARS", "CLP", "COP"})

_DIGIT_RE = re.compile(r"\d")
#: The space between two sentences (group 1), after the punctuation that ends the first.  The
#: punctuation is matched rather than looked behind for, so the engine can skip to it.
_SENTENCE_RE = re.compile(r"[.;!?](\s+)(?=[A-Z0-9(\"'“$€£])")
_NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d\d)(?![\d])")
#: What every numeric date contains; a fast first scan (the pattern above starts with a lookbehind,
#: which makes the regex engine try every position of every text).
_NUMERIC_DATE_GATE_RE = re.compile(r"\d[/.-]\d")
#: What a number needs for the document's decimal separator to change how it reads: one ``.`` or
#: ``,`` followed by exactly three digits (see :func:`sowlint.facts.numbers.to_decimal`).
_DECIMAL_SENSITIVE_RE = re.compile(r"[.,]\d{3}")
_PERCENT_ONLY_RE = re.compile(r"^\s*-?\d+(?:[.,]\d+)?\s?%\s*$")
_RATE_UNIT_RE = re.compile(
    r"(?:/|\bper\s+|\ban?\s+|\beach\s+)\s*(?P<u>hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?)\b",
    re.I,
)
_HEADER_RATE_UNIT_RE = re.compile(
    r"\b(?P<h>hourly|hours?|hr|h)\b|\b(?P<d>daily|day|days|d)\b|\b(?P<w>weekly|week)\b|\b(?P<m>monthly|month)\b",
    re.I,
)
_HEADCOUNT_RE = re.compile(r"head ?count|\bnumber\b|\bno\.|#|\bcount\b", re.I)
_ROLE_LEAD_RE = re.compile(r"^(?:(?:and|or|a|an|the|plus|with|including|of|one)\s+)+", re.I)
_FULL_TIME_RE = re.compile(r"^\s*full[- ]?time\s*$", re.I)
_HALF_TIME_RE = re.compile(r"^\s*half[- ]?time\s*$", re.I)
_FRACTION_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*(?:FTEs?)?\s*$", re.I)
_FTE_CELL_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:FTEs?)?\s*$", re.I)
_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WORDS.update({"eight": 8, "nine": 9, "ten": 10})
_SUBJECT_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("payments", re.compile(r"\b(payments?|invoic\w*|billing)\b", re.I)),
    ("milestones", re.compile(r"\b(milestones?|phases?|stages?|sprints?|schedule|timeline)\b", re.I)),
    ("deliverables", re.compile(r"\bdeliverables?\b", re.I)),
    ("dependencies", re.compile(r"\b(dependenc\w+|client responsibilities|prerequisites?)\b", re.I)),
)
_NUMERIC_ROLES = frozenset(
    {"allocation", "share", "rate", "start", "end", "date", "duration", "hours", "days"}
)
_NUMERIC_ROLES |= {"quantity", "amount"}
#: Units a table header or cell names: the duration words of numbers.py without sprints (a
#: "per sprint" rate is not an hour or day rate).
_UNIT_OF: dict[str, DurationUnit] = {w: u for w, u in UNIT_WORDS.items() if u != "sprint"}


# --- walking the document ------------------------------------------------------------------------


@dataclass
class _Context:
    """Where a block stands: its section's title and kinds, and the paragraph before it."""

    title: str = ""
    kinds: tuple[str, ...] = ()
    leadin: str = ""


def _walk(doc: Document) -> Iterator[tuple[Block, _Context]]:
    """Every block in document order with its context."""

    def blocks(
        items: tuple[Block, ...], title: str, kinds: tuple[str, ...]
    ) -> Iterator[tuple[Block, _Context]]:
        """The blocks of one section, each with the paragraph before it."""
        leadin = ""
        for b in items:
            yield b, _Context(title=title, kinds=kinds + getattr(b, "kinds", ()), leadin=leadin)
            if isinstance(b, Paragraph):
                leadin = b.text

    def section(sec: Section) -> Iterator[tuple[Block, _Context]]:
        """A section's blocks, then its subsections'."""
        yield from blocks(sec.blocks, sec.title, sec.kinds)
        for sub in sec.sections:
            yield from section(sub)

    yield from blocks(doc.blocks, "", ())
    for top in doc.sections:
        yield from section(top)


def _sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a text with their offsets (a period followed by a capital ends one)."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_RE.finditer(text):
        out.append((start, text[start : m.start(1)]))
        start = m.end()
    out.append((start, text[start:]))
    return [(o, s) for o, s in out if s.strip()]


# --- document conventions ------------------------------------------------------------------------


def date_convention(texts: list[str], currency: str | None) -> bool | None:
    """How to read ``05/06/2027`` in this document: True day-first, False month-first, None undecided.

    A numeric date whose first number exceeds 12 shows a day-first document, one whose second
    number does shows a month-first one; with no such evidence (or both), a document whose
    currency is the US dollar is read month-first and any other is left undecided (day-first).
    """
    day_first = month_first = False
    for text in texts:
        if not _NUMERIC_DATE_GATE_RE.search(text):
            continue
        for m in _NUMERIC_DATE_RE.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                day_first = True
            elif b > 12 >= a:
                month_first = True
    if day_first != month_first:
        return day_first
    return False if currency == "USD" else None


_NUMBER_PART_RE = re.compile(r"\d(?:[\d.,'’\s\u00a0\u202f]*\d)?")


def decimal_convention(amounts: list[str]) -> str | None:
    """The document's decimal separator, ``"."`` or ``","``, as its unambiguous amounts show it.

    ``1,200.50`` and ``$210.00`` vote for ``.``; ``1.200,50`` and ``12,50 €`` vote for ``,``; a
    document whose votes all agree settles the one ambiguous shape (``12.345``: three decimals or
    twelve thousand?) for every number it writes.  None when there is no vote or the votes differ.
    """
    votes: set[str] = set()
    for raw in amounts:
        m = _NUMBER_PART_RE.search(raw)
        if m is None:
            continue
        num = m.group(0)
        seps = [c for c in num if c in ".,"]
        if len(set(seps)) == 2:
            votes.add(seps[-1])
        elif len(seps) == 1 and 1 <= len(num) - num.rindex(seps[0]) - 1 <= 2:
            votes.add(seps[0])
    return votes.pop() if len(votes) == 1 else None


@dataclass
class _Env:
    """What the extraction knows about the whole document while it reads each part."""

    data: FactsData
    currency: str | None
    declared: str | None
    dayfirst: bool | None
    #: The document's decimal separator, when its amounts show it (see :func:`decimal_convention`).
    decimal: str | None = None
    money: dict[str, list[Money]] = field(default_factory=dict)
    dates: dict[str, list[DateValue]] = field(default_factory=dict)

    def fix(self, money: Money) -> Money:
        """Read a bare ``$`` as the declared dollar currency (CAD, AUD, ...)."""
        if money.symbol == "$" and self.declared in DOLLAR_CURRENCIES and money.currency != self.declared:
            return money.model_copy(update={"currency": self.declared})
        return money

    def find_money(self, text: str) -> list[Money]:
        """Money in a text, cached per text, ``$`` re-read for the document."""
        found = self.money.get(text)
        if found is None:
            found = [self.fix(m) for m in find_money(text, decimal=self.decimal)]
            self.money[text] = found
        return found

    def find_dates(self, text: str) -> list[DateValue]:
        """Dates in a text (relative markers left out), read by the document's convention, cached per text."""
        found = self.dates.get(text)
        if found is None:
            found = self.dates[text] = find_dates(text, dayfirst=self.dayfirst)
        return found

    def set_decimal(self, decimal: str | None) -> None:
        """Adopt the document's decimal separator, forgetting the amounts it could read differently."""
        self.decimal = decimal
        if decimal is not None:
            # Only a number with one separator followed by exactly three digits reads differently
            # (see to_decimal); every such number's text matches _DECIMAL_SENSITIVE_RE.
            self.money = {t: m for t, m in self.money.items() if not _DECIMAL_SENSITIVE_RE.search(t)}


# --- tables --------------------------------------------------------------------------------------


@dataclass
class _Grid:
    """A table's body rows as column -> text, with the cells, and which columns a row lacks."""

    rows: list[tuple[Row, dict[int, str], dict[int, Cell]]]
    width: int


def _grid(table: Table) -> _Grid:
    """Map each row's cells to columns: by grid position when the row is short (merged cells)."""
    width = max([len(table.header), *(len(r.cells) for r in table.rows)], default=0)
    rows = []
    for row in table.rows:
        cells: dict[int, Cell] = {}
        positions = [c.location.cell for c in row.cells]
        by_grid = (
            len(row.cells) < width
            and all(p is not None for p in positions)
            and len(set(positions)) == len(positions)
            and max(p for p in positions if p is not None) <= width
        )
        for k, cell in enumerate(row.cells):
            col = (cell.location.cell or k + 1) - 1 if by_grid else k
            cells[col] = cell
        texts = {col: " ".join(c.text.split()) for col, c in cells.items()}
        rows.append((row, texts, cells))
    return _Grid(rows=rows, width=width)


def _carry_merged_labels(grid: _Grid, cols: list[int]) -> None:
    """A label cell merged down several rows (absent from the rows below it) labels each of them."""
    prev: dict[int, str] = {}
    for _, texts, _ in grid.rows:
        for col in cols:
            if col not in texts and col in prev and len(texts) > 0:
                texts[col] = prev[col]
            elif col in texts:
                prev[col] = texts[col]


def _column_currency(header: str) -> str | None:
    """A currency named in a header cell: ``Amount (USD)``, ``Rate (€/h)``."""
    for m in re.finditer(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])", header):
        if m.group(1) in ISO_CODES:
            return m.group(1)
    for sign, code in (("€", "EUR"), ("£", "GBP"), ("$", "USD"), ("¥", "JPY"), ("₹", "INR")):
        if sign in header:
            return code
    return None


def _header_rate_unit(header: str) -> DurationUnit | None:
    m = _HEADER_RATE_UNIT_RE.search(header)
    if m is None:
        return None
    if m.group("h"):
        return "hour"
    if m.group("d"):
        return "day"
    return "week" if m.group("w") else "month"


def _content_role(texts: list[str], env: _Env) -> str | None:
    """The role a column's cells show: mostly percentages, amounts of money or dates."""
    filled = [t for t in texts if t and t not in ("-", "–", "—")]
    if not filled:
        return None
    need = max(1, (len(filled) * 3 + 4) // 5)  # 60%, rounded up
    if sum(bool(_PERCENT_ONLY_RE.match(t)) for t in filled) >= need:
        return "share"
    if sum(bool(env.find_money(t)) for t in filled) >= need:
        return "amount"
    if (
        sum(
            bool(
                (d := parse_date(t, dayfirst=env.dayfirst))
                and d.kind != "relative"
                and d.raw.strip() == t.strip()
            )
            for t in filled
        )
        >= need
    ):
        return "date"
    return None


def _roles(table: Table, grid: _Grid, env: _Env) -> dict[str, list[int]]:
    """Columns by role (0-based): header patterns first, then content for unnamed columns."""
    data = env.data
    roles: list[str | None] = [data.column_role(h) if h.strip() else None for h in table.header]
    roles += [None] * (grid.width - len(roles))
    for col, role in enumerate(roles):
        if role is None:
            texts = [t.get(col, "") for _, t, _ in grid.rows]
            roles[col] = _content_role(texts, env)
    by_role: dict[str, list[int]] = {}
    for col, role in enumerate(roles):
        if role is not None:
            by_role.setdefault(role, []).append(col)
    amounts = by_role.get("amount", [])
    if len(amounts) > 1 and "rate" not in by_role and _quantity_cols(by_role):
        by_role["rate"] = [amounts[-2]]
    if "rate" in by_role and "duration" in by_role and not _quantity_cols(by_role):
        by_role["quantity"] = by_role.pop("duration")  # "Weeks" beside a rate counts priced weeks
    return by_role


def _quantity_cols(
    by_role: dict[str, list[int]], header: list[str] | None = None
) -> list[tuple[int, DurationUnit | None]]:
    """Quantity columns with the unit their header implies, hours first."""
    out: list[tuple[int, DurationUnit | None]] = [(c, "hour") for c in by_role.get("hours", [])]
    out += [(c, "day") for c in by_role.get("days", [])]
    for c in by_role.get("quantity", []):
        word = header[c].strip().lower() if header and c < len(header) else ""
        out.append((c, _UNIT_OF.get(word)))
    return out


def _letters(grid: _Grid, col: int) -> int:
    return sum(sum(ch.isalpha() for ch in t.get(col, "")) for _, t, _ in grid.rows)


def _label_col(grid: _Grid, by_role: dict[str, list[int]]) -> int | None:
    """The column that names each row: the first label or milestone column that holds words (not
    numbers or one-letter IDs), else the wordiest of them, else the first column with text."""
    cols = sorted(by_role.get("label", []) + by_role.get("milestone", []))
    filled = max(1, sum(1 for _, t, _ in grid.rows if any(t.values())))
    for col in cols:
        if _letters(grid, col) / filled >= 3:
            return col
    if cols:
        return max(cols, key=lambda c: (_letters(grid, c), -c))
    used = {c for cols in by_role.values() for c in cols}
    for col in range(grid.width):
        if col not in used and _letters(grid, col) > 0:
            return col
    return None


def _total_kind(texts: dict[int, str], numeric: set[int], data: FactsData) -> tuple[str, str] | None:
    """``("total", label)`` or ``("subtotal", label)`` when a short text cell of the row says so."""
    for col in sorted(texts):
        text = texts[col]
        if col in numeric or not text or len(text.split()) > 6:
            continue
        if data.any_of("subtotal_rows").search(text):
            return "subtotal", text
        if data.any_of("total_rows").search(text):
            return "total", text
    return None


def _cell_money(text: str, env: _Env) -> Money | None:
    if not text:
        return None
    found = env.find_money(text)
    if found:
        return found[0]
    return parse_money(text, bare=True, decimal=env.decimal)


def _cell_share(text: str, header: str, env: _Env) -> Decimal | None:
    value = parse_percent(text, decimal=env.decimal)
    if value is None and text and ("%" in header or "percent" in header.lower()):
        value = parse_number(text, decimal=env.decimal)
    return value


def _resolve(*candidates: str | None) -> str | None:
    return next((c for c in candidates if c), None)


@dataclass
class _TableRead:
    """What one table gave."""

    pricing: PricingTable | None = None
    payments: PaymentSchedule | None = None
    schedule: Schedule | None = None
    effort: EffortTable | None = None
    staffing: list[Staffing] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)

    def recognised(self) -> bool:
        """True if the table was read as any kind of commercial table."""
        return any((self.pricing, self.payments, self.schedule, self.effort, self.staffing))


def _read_table(table: Table, ctx: _Context, env: _Env) -> _TableRead:
    """Recognise and read one table."""
    out = _TableRead()
    if not table.rows:
        return out
    data = env.data
    grid = _grid(table)
    by_role = _roles(table, grid, env)
    header = list(table.header) + [""] * (grid.width - len(table.header))
    columns = {role: cols[0] for role, cols in by_role.items()}
    if "amount" in by_role:
        columns["amount"] = by_role["amount"][-1]
    qty_cols = _quantity_cols(by_role, header)
    has_amount, has_rate, has_share = "amount" in by_role, "rate" in by_role, "share" in by_role
    has_date = any(r in by_role for r in ("date", "start", "end"))
    context = " ".join([*header, ctx.title, ctx.leadin])
    payment_context = "payment" in ctx.kinds or bool(data.any_of("payment_tables").search(context))
    is_payment = has_share or (has_amount and payment_context and not has_rate and not qty_cols)
    is_pricing = not is_payment and (has_amount or (has_rate and bool(qty_cols)))
    is_effort = not is_pricing and not is_payment and bool(qty_cols) and "allocation" not in by_role
    numeric = {c for role, cols in by_role.items() if role in _NUMERIC_ROLES for c in cols}
    label_col = _label_col(grid, by_role)
    if label_col is not None:
        _carry_merged_labels(grid, [label_col])
    if is_pricing:
        out.pricing = _pricing(table, grid, columns, qty_cols, header, label_col, numeric, env)
    if is_payment:
        out.payments = _payments(table, grid, columns, header, label_col, numeric, env)
    if has_date or ("duration" in by_role and "milestone" in by_role):
        out.schedule, out.periods = _schedule(table, grid, columns, header, label_col, numeric, ctx, env)
    if is_effort and label_col is not None:
        out.effort = _effort(table, grid, qty_cols, label_col, numeric, env)
    if "allocation" in by_role and label_col is not None:
        out.staffing = _staffing_rows(grid, by_role["allocation"], header, label_col)
    return out


def _table_currency(grid: _Grid, cols: list[int], header: list[str], env: _Env) -> str | None:
    for col in cols:
        code = _column_currency(header[col])
        if code:
            return code
    seen: Counter[str] = Counter()
    for _, texts, _ in grid.rows:
        for col in cols:
            for m in env.find_money(texts.get(col, "")):
                if m.currency:
                    seen[m.currency] += 1
    return seen.most_common(1)[0][0] if seen else env.currency


def _pricing(
    table: Table,
    grid: _Grid,
    columns: dict[str, int],
    qty_cols: list[tuple[int, DurationUnit | None]],
    header: list[str],
    label_col: int | None,
    numeric: set[int],
    env: _Env,
) -> PricingTable:
    amount_col, rate_col = columns.get("amount"), columns.get("rate")
    money_cols = [c for c in (rate_col, amount_col) if c is not None]
    currency = _table_currency(grid, money_cols, header, env)
    rate_unit_header = _header_rate_unit(header[rate_col]) if rate_col is not None else None
    lines: list[LineItem] = []
    totals: list[TotalLine] = []
    for row, texts, _ in grid.rows:
        amount = _cell_money(texts.get(amount_col, ""), env) if amount_col is not None else None
        rate = _cell_money(texts.get(rate_col, ""), env) if rate_col is not None else None
        quantity, unit = None, None
        for col, col_unit in qty_cols:
            q = parse_quantity(texts.get(col, ""), decimal=env.decimal)
            if q is not None:
                quantity, unit = q.value, q.unit or col_unit
                break
        row_currency = _resolve(
            amount.currency if amount else None,
            rate.currency if rate else None,
            _column_currency(header[amount_col]) if amount_col is not None else None,
            currency,
        )
        total = _total_kind(texts, numeric, env.data)
        if total is not None:
            if amount is None:
                found = [
                    m
                    for col in sorted(texts)
                    if col not in numeric or col == amount_col
                    for m in env.find_money(texts[col])
                ]
                amount = found[-1] if found else None
            totals.append(
                TotalLine(
                    location=row.location,
                    text=row.text,
                    node=row,
                    label=total[1],
                    kind=total[0],  # type: ignore[arg-type]
                    amount=amount,
                    quantity=quantity,
                    currency=row_currency,
                    after=len(lines),
                )
            )
            continue
        if amount is None and rate is None:
            continue
        label = texts.get(label_col, "") if label_col is not None else ""
        rate_unit = None
        if rate is not None:
            cell = texts.get(rate_col, "") if rate_col is not None else ""
            m = _RATE_UNIT_RE.search(cell, rate.span[1])
            rate_unit = _UNIT_OF.get(m.group("u").lower()) if m else rate_unit_header
        lines.append(
            LineItem(
                location=row.location,
                text=row.text,
                node=row,
                label=label,
                adjustment=bool(env.data.any_of("adjustment_rows").search(label)),
                rate=rate,
                rate_unit=rate_unit,
                quantity=quantity,
                unit=unit,
                amount=amount,
                currency=row_currency,
            )
        )
    return PricingTable(
        location=table.location,
        text=table.text,
        node=table,
        header=table.header,
        columns=columns,
        currency=currency,
        lines=tuple(lines),
        totals=tuple(totals),
    )


def _payments(
    table: Table,
    grid: _Grid,
    columns: dict[str, int],
    header: list[str],
    label_col: int | None,
    numeric: set[int],
    env: _Env,
) -> PaymentSchedule:
    amount_col, share_col, date_col = columns.get("amount"), columns.get("share"), columns.get("date")
    currency = _table_currency(grid, [c for c in (amount_col,) if c is not None], header, env)
    payments: list[Payment] = []
    totals: list[TotalLine] = []
    for row, texts, _ in grid.rows:
        amount = _cell_money(texts.get(amount_col, ""), env) if amount_col is not None else None
        share = (
            _cell_share(texts.get(share_col, ""), header[share_col], env) if share_col is not None else None
        )
        row_currency = _resolve(amount.currency if amount else None, currency)
        total = _total_kind(texts, numeric, env.data)
        if total is not None:
            totals.append(
                TotalLine(
                    location=row.location,
                    text=row.text,
                    node=row,
                    label=total[1],
                    kind=total[0],  # type: ignore[arg-type]
                    amount=amount,
                    share=share,
                    currency=row_currency,
                    after=len(payments),
                )
            )
            continue
        if amount is None and share is None:
            continue
        date = parse_date(texts.get(date_col, ""), dayfirst=env.dayfirst) if date_col is not None else None
        payments.append(
            Payment(
                location=row.location,
                text=row.text,
                node=row,
                label=texts.get(label_col, "") if label_col is not None else "",
                share=share,
                amount=amount,
                date=date,
                currency=row_currency,
            )
        )
    return PaymentSchedule(
        location=table.location,
        text=table.text,
        node=table,
        header=table.header,
        columns=columns,
        currency=currency,
        payments=tuple(payments),
        totals=tuple(totals),
    )


def _cell_dates(text: str, env: _Env) -> list[DateValue]:
    found = find_dates(text, dayfirst=env.dayfirst, relative=True)
    if found:
        return found
    one = parse_date(text, dayfirst=env.dayfirst)
    return [one] if one is not None else []


def _subject(header: list[str], label_col: int | None, ctx: _Context) -> str:
    text = " ".join([header[label_col] if label_col is not None else "", ctx.title])
    for subject, regex in _SUBJECT_RES:
        if regex.search(text):
            return subject
    return "other"


def _schedule(
    table: Table,
    grid: _Grid,
    columns: dict[str, int],
    header: list[str],
    label_col: int | None,
    numeric: set[int],
    ctx: _Context,
    env: _Env,
) -> tuple[Schedule | None, list[Period]]:
    date_col, start_col, end_col = columns.get("date"), columns.get("start"), columns.get("end")
    duration_col = columns.get("duration")
    milestones: list[Milestone] = []
    periods: list[Period] = []
    for row, texts, _ in grid.rows:
        label = texts.get(label_col, "") if label_col is not None else ""
        if _total_kind(texts, numeric, env.data) is not None:
            continue
        date = start = end = None
        if date_col is not None:
            dates = _cell_dates(texts.get(date_col, ""), env)
            if len(dates) >= 2 and dates[0].kind != "relative":
                start, end = dates[0], dates[1]
            elif dates:
                date = dates[0]
        if start_col is not None:
            found = _cell_dates(texts.get(start_col, ""), env)
            start = found[0] if found else start
        if end_col is not None:
            found = _cell_dates(texts.get(end_col, ""), env)
            end = found[-1] if found else end
        duration = parse_duration(texts.get(duration_col, "")) if duration_col is not None else None
        written = any(texts.get(c) for c in (date_col, start_col, end_col, duration_col) if c is not None)
        if not written:
            continue  # a row that leaves every date cell empty states no date (a TBD does)
        milestones.append(
            Milestone(
                location=row.location,
                text=row.text,
                node=row,
                label=label,
                date=date,
                start=start,
                end=end,
                duration=duration,
            )
        )
        if (start or end) and env.data.any_of("period_cues").search(label):
            periods.append(
                Period(location=row.location, text=row.text, node=row, label=label, start=start, end=end)
            )
    if not milestones:
        return None, periods
    schedule = Schedule(
        location=table.location,
        text=table.text,
        node=table,
        header=table.header,
        columns=columns,
        subject=_subject(header, label_col, ctx),  # type: ignore[arg-type]
        milestones=tuple(milestones),
    )
    return schedule, periods


def _effort(
    table: Table,
    grid: _Grid,
    qty_cols: list[tuple[int, DurationUnit | None]],
    label_col: int,
    numeric: set[int],
    env: _Env,
) -> EffortTable | None:
    lines: list[EffortLine] = []
    totals: list[TotalLine] = []
    for row, texts, _ in grid.rows:
        quantity, unit = None, None
        for col, col_unit in qty_cols:
            q = parse_quantity(texts.get(col, ""), decimal=env.decimal)
            if q is not None:
                quantity, unit = q.value, q.unit or col_unit
                break
        if quantity is None:
            continue
        total = _total_kind(texts, numeric, env.data)
        if total is not None:
            totals.append(
                TotalLine(
                    location=row.location,
                    text=row.text,
                    node=row,
                    label=total[1],
                    kind=total[0],  # type: ignore[arg-type]
                    quantity=quantity,
                    after=len(lines),
                )
            )
            continue
        lines.append(
            EffortLine(
                location=row.location,
                text=row.text,
                node=row,
                label=texts.get(label_col, ""),
                quantity=quantity,
                unit=unit,
            )
        )
    if not lines:
        return None
    return EffortTable(
        location=table.location,
        text=table.text,
        node=table,
        header=table.header,
        columns={"label": label_col, "quantity": qty_cols[0][0]},
        lines=tuple(lines),
        totals=tuple(totals),
    )


def _allocation(text: str) -> Decimal | None:
    """An allocation cell as a fraction of full time: ``50%`` -> 0.5, ``0.5`` -> 0.5, ``1/3``."""
    if not text:
        return None
    if _FULL_TIME_RE.match(text):
        return Decimal(1)
    if _HALF_TIME_RE.match(text):
        return Decimal("0.5")
    pct = parse_percent(text)
    if pct is not None:
        return pct / 100
    m = _FRACTION_RE.match(text)
    if m and int(m.group(2)):
        f = Fraction(int(m.group(1)), int(m.group(2)))
        return (Decimal(f.numerator) / Decimal(f.denominator)).quantize(Decimal("0.0001"))
    m = _FTE_CELL_RE.match(text)
    if m:
        return parse_number(m.group(1))
    return None


def _staffing_rows(grid: _Grid, cols: list[int], header: list[str], label_col: int) -> list[Staffing]:
    out = []
    for row, texts, _ in grid.rows:
        role = texts.get(label_col, "")
        if not role:
            continue
        count = allocation = None
        for col in cols:
            cell = texts.get(col, "")
            if _HEADCOUNT_RE.search(header[col]):
                count = parse_number(cell)
            else:
                allocation = _allocation(cell)
        if count is None and allocation is None:
            continue
        out.append(
            Staffing(
                location=row.location, text=row.text, node=row, role=role, count=count, allocation=allocation
            )
        )
    return out


# --- prose ---------------------------------------------------------------------------------------


@dataclass
class _Unit:
    """A piece of prose facts are read from: a paragraph, list item, heading or unrecognised table row."""

    node: FactNode
    text: str
    location: Location
    #: Only pricing models are read from headings and the rows of recognised tables.
    models_only: bool = False


def _nearest(patterns: tuple[re.Pattern[str], ...], text: str) -> int:
    """End offset of the last match of any pattern in ``text`` (-1 if none)."""
    best = -1
    for p in patterns:
        for m in p.finditer(text):
            best = max(best, m.end())
    return best


def _money_kind(
    sentence: str, money: Money, prev_end: int, data: FactsData
) -> tuple[Literal["total", "cap", "rate"] | None, str | None]:
    """(``total``/``cap``/``rate``/None, rate unit) for one amount in a sentence."""
    start, end = money.span
    after = sentence[end : end + 40]
    if data.any_of("rate_after_cues").search(after):
        m = _RATE_UNIT_RE.match(after.lstrip())
        return "rate", (_UNIT_OF.get(m.group("u").lower(), "other") if m else "other")
    before = sentence[max(prev_end, start - 100) : start]
    cap, total = _nearest(data.cap_cues, before), _nearest(data.total_cues, before)
    if cap >= 0 and cap >= total:
        return "cap", None
    if total >= 0:
        return "total", None
    if data.any_of("total_after_cues").search(after):
        return "total", None
    return None, None


def _date_role(before: str, data: FactsData) -> str | None:
    start, end = _nearest(data.start_cues, before), _nearest(data.end_cues, before)
    if start < 0 and end < 0:
        return None
    return "start" if start > end else "end"


@dataclass
class _Prose:
    """The facts read from prose, gathered while walking."""

    stated: list[StatedAmount] = field(default_factory=list)
    models: list[PricingModelMention] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    durations: list[StatedDuration] = field(default_factory=list)
    staffing: list[Staffing] = field(default_factory=list)


def _read_sentence(unit: _Unit, offset: int, sentence: str, env: _Env, out: _Prose) -> None:
    """Read the facts one sentence states (the cheap tests first: most sentences state none)."""
    data = env.data
    low = lowered(sentence)  # for the literal tests of the gated patterns (see sowlint.regex_literals)
    _read_models(unit, offset, sentence, low, data, out)
    if unit.models_only:
        return
    where: dict[str, Any] = {"location": unit.location, "text": sentence.strip(), "node": unit.node}
    if _DIGIT_RE.search(sentence):
        _read_amounts(offset, sentence, env, where, out)
        dates = [d for d in env.find_dates(sentence) if d.kind != "relative"]
        if dates:
            _read_period(sentence, dates, data.any_of("period_cues").search(sentence), where, data, out)
    # A duration is read only beside a period or engagement cue (see _read_durations), so a sentence
    # in which neither cue can stand is not searched for durations.
    if data.any_of("period_cues").admits(low) or data.any_of("engagement_duration_cues").admits(low):
        durations = [d for d in find_durations(sentence) if d.unit != "hour" and not d.effort]
        if durations:
            _read_durations(offset, sentence, durations, data, where, out)
    if data.gate("staffing_gate").admits(low) and data.staffing_gate.search(sentence):
        for p in data.staffing:
            for m in p.finditer(sentence):
                _staffing_match(m, offset, where, data, out)


def _read_durations(
    offset: int, sentence: str, durations: list[Duration], data: FactsData, where: dict[str, Any], out: _Prose
) -> None:
    """The engagement's length: a duration right after a cue ("period of performance shall be one
    year") or right before one ("a 12-month period of performance"), not a deadline ("within 15 days")."""
    cues = [
        m.span()
        for name in ("period_cues", "engagement_duration_cues")
        for m in data.any_of(name).finditer(sentence)
    ]
    if not cues:
        return
    for d in durations:
        start, end = d.span
        if data.duration_not_after.search(sentence[max(0, start - 20) : start]):
            continue
        near = any(
            (0 <= start - ce <= 50 and not re.search(r"[.;]", sentence[ce:start]))
            or (0 <= cs - end <= 30 and not re.search(r"[.;,]", sentence[end:cs]))
            for cs, ce in cues
        )
        if near:
            shifted = d.model_copy(update={"span": (offset + start, offset + end)})
            out.durations.append(StatedDuration(**where, duration=shifted, span=shifted.span))


def _read_amounts(offset: int, sentence: str, env: _Env, where: dict[str, Any], out: _Prose) -> None:
    """Totals and caps stated in a sentence."""
    data = env.data
    prev_end = 0
    found = env.find_money(sentence)
    for i, money in enumerate(found):
        kind, _ = _money_kind(sentence, money, prev_end, data)
        next_start = found[i + 1].span[0] if i + 1 < len(found) else len(sentence)
        clause = sentence[prev_end:next_start]
        prev_end = money.span[1]
        if kind == "total" or kind == "cap":
            expenses = (
                kind == "cap"
                and bool(data.any_of("expense_words").search(clause))
                and not data.any_of("fee_words").search(clause)
            )
            out.stated.append(
                StatedAmount(
                    **where,
                    kind=kind,
                    amount=money,
                    currency=money.currency or env.currency,
                    applies_to="expenses" if expenses else "fees",
                    span=(offset + money.span[0], offset + money.span[1]),
                )
            )


def _read_models(
    unit: _Unit, offset: int, sentence: str, low: str | None, data: FactsData, out: _Prose
) -> None:
    models = data.any_of("pricing_models")
    if not models.admits(low) or not models.pattern.search(sentence):
        return
    declared = bool(data.gate("pricing_model_label").search(sentence)) and offset == 0
    taken: list[tuple[int, int]] = []
    for model, patterns in data.pricing_models:
        for p in patterns:
            for m in p.finditer(sentence):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                if data.model_negation.search(sentence[max(0, m.start() - 20) : m.start()]):
                    continue
                taken.append(m.span())
                out.models.append(
                    PricingModelMention(
                        location=unit.location,
                        text=sentence.strip(),
                        node=unit.node,
                        model=model,  # type: ignore[arg-type]
                        declared=declared,
                        span=(offset + m.start(), offset + m.end()),
                    )
                )


def _read_period(
    sentence: str,
    dates: list[DateValue],
    period_cue: re.Match[str] | None,
    where: dict[str, Any],
    data: FactsData,
    out: _Prose,
) -> None:
    roles: list[str | None] = []
    prev = 0
    for d in dates:
        roles.append(_date_role(sentence[prev : d.span[0]], data))
        prev = d.span[1]
    start = next((d for d, r in zip(dates, roles, strict=True) if r == "start"), None)
    end = next((d for d, r in zip(dates, roles, strict=True) if r == "end"), None)
    if period_cue is not None:
        label = " ".join(period_cue.group(0).strip(" :-–").split())
        if len(dates) >= 2 and start is None and end is None:
            start, end = dates[0], dates[1]
        elif len(dates) >= 2:
            start = start or dates[0]
            end = end or next((d for d in dates if d is not start), None)
        if start or end:
            out.periods.append(Period(**where, label=label, start=start, end=end))
        return
    if start is not None and end is not None and data.any_of("period_subjects").search(sentence):
        out.periods.append(Period(**where, label="", start=start, end=end))


def _staffing_match(
    m: re.Match[str], offset: int, where: dict[str, Any], data: FactsData, out: _Prose
) -> None:
    g = m.groupdict()
    role = _ROLE_LEAD_RE.sub("", " ".join((g.get("role") or "").split())).strip(" -/")
    if not role or data.staffing_not_roles.search(role):
        return
    count = None
    if g.get("count"):
        word = g["count"].lower()
        count = Decimal(_WORDS[word]) if word in _WORDS else parse_number(g["count"])
    allocation = None
    if g.get("pct"):
        allocation = Decimal(g["pct"]) / 100
    elif g.get("fte"):
        allocation = _allocation(g["fte"])
    elif g.get("full"):
        allocation = Decimal(1)
    span = (offset + m.start(), offset + m.end())
    if any(s.span == span for s in out.staffing):
        return
    out.staffing.append(Staffing(**where, role=role, count=count, allocation=allocation, span=span))


# --- the whole document --------------------------------------------------------------------------


def _declared_currency(units: list[_Unit], data: FactsData) -> list[CurrencyDeclaration]:
    out = []
    for u in units:
        if u.models_only or not ANY_ISO_CODE_RE.search(u.text):
            continue  # a declaration's code must be an ISO code as written, so the text holds one
        m = data.gate("currency_label").search(u.text) or data.gate("currency_statement").search(u.text)
        if m and m.group("code") in ISO_CODES:
            out.append(
                CurrencyDeclaration(location=u.location, text=u.text, node=u.node, currency=m.group("code"))
            )
    return out


def extract_facts(doc: Document, data: FactsData | None = None) -> CommercialFacts:
    """Every commercial fact of ``doc`` (classified or not), each with its location and node."""
    data = data or load_facts_data()
    walked = list(_walk(doc))
    units: list[_Unit] = [
        _Unit(node=s, text=s.title, location=s.location, models_only=True) for s in doc.walk()
    ]
    for block, _ in walked:
        if isinstance(block, (Paragraph, ListItem)):
            units.append(_Unit(node=block, text=block.text, location=block.location))
    cells = [
        (cell, row)
        for block, _ in walked
        if isinstance(block, Table)
        for row in block.rows
        for cell in row.cells
        if cell.text.strip()
    ]
    declarations = _declared_currency(units, data)
    declared = declarations[0].currency if declarations else None
    env = _Env(data=data, currency=declared, declared=declared, dayfirst=None)
    texts = [u.text for u in units] + [c.text for c, _ in cells]
    written = [m for t in texts for m in env.find_money(t)]
    counts: Counter[str] = Counter(m.currency for m in written if m.currency)
    env.currency = declared or (counts.most_common(1)[0][0] if counts else None)
    env.dayfirst = date_convention(texts, env.currency)
    env.set_decimal(decimal_convention([m.raw for m in written]))  # ambiguous amounts are read again

    pricing, payments, schedules, efforts = [], [], [], []
    staffing: list[Staffing] = []
    prose = _Prose()
    for block, ctx in walked:
        if not isinstance(block, Table):
            continue
        read = _read_table(block, ctx, env)
        pricing += [read.pricing] if read.pricing else []
        payments += [read.payments] if read.payments else []
        schedules += [read.schedule] if read.schedule else []
        efforts += [read.effort] if read.effort else []
        staffing += read.staffing
        prose.periods += read.periods
        for row in block.rows:
            units.append(_Unit(node=row, text=row.text, location=row.location, models_only=read.recognised()))
    order = doc.reading_order()
    units.sort(key=lambda u: order.get(id(u.node), 0))
    for unit in units:
        for offset, sentence in _sentences(unit.text):
            _read_sentence(unit, offset, sentence, env, prose)

    amounts: list[MoneyMention] = []
    dates: list[DateMention] = []
    sources: list[tuple[FactNode, str, Location]] = [
        (u.node, u.text, u.location) for u in units if isinstance(u.node, (Paragraph, ListItem))
    ]
    sources += [(c, c.text, c.location) for c, _ in cells]
    sources.sort(key=lambda s: order.get(id(s[0]), 0))
    for node, text, location in sources:
        for money in env.find_money(text):
            after = text[money.span[1] : money.span[1] + 40]
            per = None
            if data.any_of("rate_after_cues").search(after):
                m = _RATE_UNIT_RE.match(after.lstrip())
                per = _UNIT_OF.get(m.group("u").lower(), "other") if m else "other"
            amounts.append(
                MoneyMention(
                    location=location,
                    text=text,
                    node=node,
                    money=money,
                    currency=money.currency or env.currency,
                    per=per,
                    span=money.span,
                )
            )
        for d in env.find_dates(text):
            dates.append(DateMention(location=location, text=text, node=node, date=d))

    return CommercialFacts(
        path=doc.path,
        currency=env.currency,
        dayfirst=env.dayfirst,
        pricing_tables=tuple(pricing),
        payment_schedules=tuple(payments),
        schedules=tuple(schedules),
        effort_tables=tuple(efforts),
        staffing=tuple(staffing + prose.staffing),
        periods=tuple(prose.periods),
        durations=tuple(prose.durations),
        stated_amounts=tuple(prose.stated),
        pricing_models=tuple(prose.models),
        currency_declarations=tuple(declarations),
        amounts=tuple(amounts),
        dates=tuple(dates),
    )


#: the facts of the last document read: every SOW4xx rule asks for those of the document it checks
_MEMO = LastDocument()


def facts_for(doc: Document) -> CommercialFacts:
    """The facts of ``doc`` (built-in data), remembered for the last document (:mod:`sowlint.memo`)."""
    return _MEMO.get(doc, None, lambda: extract_facts(doc))
