"""What the SOW3xx rules read: criteria, deliverables, dependencies and assumptions in their context.

The acceptance and dependency rules (SOW301-SOW305) judge items of a SOW (a list item, a table
row, a sentence) by where they stand: the kinds of their section, the lead-in paragraph that
introduces their list, the table column they sit in.  This module walks a classified document once
into :class:`Place` objects carrying that context, loads the pattern data of ``rules/clarity/``
and judges whether a criterion is measurable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sowlint.memo import LastDocument
from sowlint.model import Block, Cell, Document, ListItem, Paragraph, Section, Table
from sowlint.prose import NOT_COMMITMENTS, is_definition, is_signature_line, split_sentences
from sowlint.regex_literals import Gated, lowered
from sowlint.resources import load_yaml, rules_dir

_NUMBER_PREFIX = re.compile(r"^\s*(?:[A-Z]{0,3}\d+(?:\.\d+)*[.):]?|[A-Za-z][.)]|[-*•–])\s+")
_PLACEHOLDER = re.compile(r"^\s*(\[[^\]]*\]|TBD|TBC|N/?A|-+|XX+.*|\?+)\s*$", re.IGNORECASE)


class ClarityDataError(ValueError):
    """A ``rules/clarity`` data file is malformed; the message names the file and group."""


@dataclass(frozen=True)
class PatternSet:
    """The compiled pattern groups of one ``rules/clarity/*.yaml`` file."""

    source: str
    groups: dict[str, tuple[re.Pattern[str], ...]]
    #: names of the groups listed under ``signals`` (measurable.yaml), in file order
    signals: tuple[str, ...] = ()
    #: signal groups whose matches count less (see measurable.yaml)
    weak: frozenset[str] = frozenset()
    #: each group's patterns behind their literal test (see :class:`sowlint.regex_literals.Gated`)
    gated: dict[str, tuple[Gated, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        """Put every pattern behind its literal test."""
        for name, patterns in self.groups.items():
            self.gated[name] = tuple(Gated(p) for p in patterns)

    def patterns(self, group: str) -> tuple[re.Pattern[str], ...]:
        """The patterns of ``group`` (a missing group is a data error)."""
        try:
            return self.groups[group]
        except KeyError:
            raise ClarityDataError(f"{self.source}: no pattern group {group!r}") from None

    def _candidates(self, group: str, text: str) -> list[re.Pattern[str]]:
        """The patterns of ``group`` that can match ``text``, in order (the others lack every needle)."""
        self.patterns(group)  # a missing group is a data error
        low = lowered(text)
        return [g.pattern for g in self.gated[group] if g.admits(low)]

    def search(self, group: str, text: str) -> re.Match[str] | None:
        """The first match of any pattern of ``group`` in ``text`` (leftmost wins)."""
        found = [m for p in self._candidates(group, text) if (m := p.search(text))]
        return min(found, key=lambda m: m.start()) if found else None

    def matches(self, group: str, text: str) -> bool:
        """True if any pattern of ``group`` matches ``text``."""
        return any(p.search(text) for p in self._candidates(group, text))

    def finditer(self, group: str, text: str) -> Iterator[re.Match[str]]:
        """Every match of every pattern of ``group`` in ``text``."""
        for p in self._candidates(group, text):
            yield from p.finditer(text)


def _compile_groups(data: Any, source: str) -> PatternSet:
    if not isinstance(data, dict):
        raise ClarityDataError(f"{source}: expected a mapping of pattern groups")
    sensitive = set(data.get("case-sensitive") or ())
    weak = frozenset(data.get("weak") or ())
    raw: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("case-sensitive", "weak"):
            continue
        if key == "signals":
            if not isinstance(value, dict):
                raise ClarityDataError(f"{source}: '{key}' must map group names to pattern lists")
            raw.update(value)
        else:
            raw[key] = value
    groups: dict[str, tuple[re.Pattern[str], ...]] = {}
    for name, values in raw.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ClarityDataError(f"{source}: group {name!r} must be a list of regular expressions")
        flags = 0 if name in sensitive else re.IGNORECASE
        compiled = []
        for i, v in enumerate(values):
            try:
                compiled.append(re.compile(v, flags))
            except re.error as exc:
                raise ClarityDataError(
                    f"{source}: {name}[{i}]: bad regular expression {v!r}: {exc}"
                ) from None
        groups[str(name)] = tuple(compiled)
    signals = tuple(str(n) for n in (data.get("signals") or {}))
    return PatternSet(source=source, groups=groups, signals=signals, weak=weak)


@lru_cache(maxsize=8)
def clarity_data(name: str) -> PatternSet:
    """Load and compile ``rules/clarity/<name>.yaml``."""
    path = rules_dir() / "clarity" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return _compile_groups(load_yaml(fh.read()), f"rules/clarity/{name}.yaml")


# -- measurability ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """Whether a criterion is measurable, and the vague phrase to quote if it is not."""

    measurable: bool
    #: the first unmeasurable phrase ("to the client's satisfaction"), if any
    vague: str | None = None
    #: groups of the signals that counted
    signals: tuple[str, ...] = ()


def judge_measurable(text: str) -> Judgement:
    """Judge a criterion: measurable when a signal of ``measurable.yaml`` stands outside vague phrases."""
    data = clarity_data("measurable")
    vague_spans = sorted(
        ((m.start(), m.end()) for m in data.finditer("unmeasurable", text)), key=lambda se: (se[0], -se[1])
    )
    vague = text[vague_spans[0][0] : vague_spans[0][1]] if vague_spans else None
    strong: list[str] = []
    weak: list[str] = []
    for group in data.signals:
        for m in data.finditer(group, text):
            if any(s < m.end() and m.start() < e for s, e in vague_spans):
                continue
            (weak if group in data.weak else strong).append(group)
            break
    if strong or (weak and not vague):
        return Judgement(True, vague, tuple(dict.fromkeys(strong + weak)))
    return Judgement(False, vague)


# -- places: blocks with their context ----------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One block of a document with the context the SOW3xx rules decide by."""

    block: Block
    section: Section | None
    #: the section's own kinds, or the inherited ones, plus the block's own kinds
    kinds: frozenset[str]
    #: kinds of the enclosing section itself (empty when it only inherits)
    own: frozenset[str]
    #: titles of the enclosing sections, outermost first
    titles: tuple[str, ...]
    #: the paragraph (or parent list item) ending in ':' that introduces this list or table
    leadin: Paragraph | ListItem | None
    #: blocks of one list or one table share a group number (for folding repeated findings)
    group: int

    @property
    def title(self) -> str:
        """The title of the enclosing section ('' in the preamble)."""
        return self.titles[-1] if self.titles else ""


#: the places and sentence units of the last document walked: SOW301-SOW305 read the same ones
_MEMO = LastDocument()


def places(doc: Document, *, skip_kinds: frozenset[str] = NOT_COMMITMENTS) -> list[Place]:
    """Every block outside ``skip_kinds`` sections, in document order, with its context.

    Remembered for the last document (:mod:`sowlint.memo`); the list returned is the caller's own.
    """
    return list(_MEMO.get(doc, skip_kinds, lambda: tuple(_places(doc, skip_kinds))))


def _places(doc: Document, skip_kinds: frozenset[str]) -> list[Place]:
    """Every block outside ``skip_kinds`` sections, in document order, with its context."""
    out: list[Place] = []
    counter = [0]

    def walk_blocks(
        blocks: tuple[Block, ...],
        kinds: frozenset[str],
        own: frozenset[str],
        sec: Section | None,
        titles: tuple[str, ...],
    ) -> None:
        leadin: Paragraph | ListItem | None = None
        parents: dict[int, ListItem] = {}
        prev_list = False
        for block in blocks:
            block_kinds = kinds | frozenset(block.kinds)
            if isinstance(block, Paragraph):
                leadin = block if block.text.rstrip().endswith(":") else None
                counter[0] += 1
                prev_list = False
                parents = {}
            elif isinstance(block, Table):
                counter[0] += 1
                prev_list = False
            else:
                if not prev_list:
                    counter[0] += 1
                prev_list = True
                parents = {lvl: item for lvl, item in parents.items() if lvl < block.level}
            if block_kinds & skip_kinds:
                if isinstance(block, ListItem):
                    parents[block.level] = block
                continue
            item_leadin = leadin
            if isinstance(block, ListItem) and block.level > 1:
                parent = parents.get(block.level - 1)
                if parent is not None and parent.text.rstrip().endswith(":"):
                    item_leadin = parent
            out.append(Place(block, sec, block_kinds, own, titles, item_leadin, counter[0]))
            if isinstance(block, ListItem):
                parents[block.level] = block
            if isinstance(block, Table):
                leadin = None

    def walk(sec: Section, inherited: frozenset[str], titles: tuple[str, ...]) -> None:
        own = frozenset(sec.kinds)
        kinds = own or inherited
        if kinds & skip_kinds:
            return
        here = (*titles, sec.title)
        walk_blocks(sec.blocks, kinds, own, sec, here)
        for sub in sec.sections:
            walk(sub, kinds, here)

    walk_blocks(doc.blocks, frozenset(), frozenset(), None, ())
    for top in doc.sections:
        walk(top, frozenset(), ())
    return out


def units(place: Place) -> Iterator[tuple[Paragraph | ListItem | Cell, int, str]]:
    """The sentences of a place as ``(node, offset in node.text, sentence)``; table cells whole.

    Remembered per block for the last document walked (:mod:`sowlint.memo`), each under the block's
    id with the block itself, so an id is never taken for another block's.
    """
    block = place.block
    cache = _MEMO.current()
    key = ("units", id(block))
    hit = cache.get(key)
    if hit is None or hit[0] is not block:
        hit = cache[key] = (block, tuple(_block_units(block)))
    return iter(hit[1])


def _block_units(block: Block) -> Iterator[tuple[Paragraph | ListItem | Cell, int, str]]:
    """The sentences of a block as ``(node, offset in node.text, sentence)``; table cells whole."""
    if isinstance(block, Table):
        for row in block.rows:
            for cell in row.cells:
                if cell.text.strip():
                    yield cell, 0, cell.text
        return
    for offset, text in split_sentences(block.text):
        if is_definition(text) or is_signature_line(text):
            continue
        yield block, offset, text


def column(
    header: tuple[str, ...], patterns: tuple[re.Pattern[str], ...], skip: set[int] | None = None
) -> int | None:
    """Index of the first header cell any of ``patterns`` matches (patterns tried in order)."""
    for p in patterns:
        for i, h in enumerate(header):
            if skip and i in skip:
                continue
            if p.search(" ".join(h.split())):
                return i
    return None


def cell_text(row_cells: tuple[Cell, ...], index: int | None) -> str:
    """The text of cell ``index`` of a row ('' if absent or a placeholder such as TBD)."""
    if index is None or index >= len(row_cells):
        return ""
    text = " ".join(row_cells[index].text.split())
    return "" if is_placeholder(text) else text


def is_placeholder(text: str) -> bool:
    """True for an unfilled value: empty, '[...]', 'TBD', 'N/A', 'XX/XX'."""
    return not text.strip() or bool(_PLACEHOLDER.match(text))


def strip_label(text: str) -> str:
    """Text without a leading list number or identifier ("D1:", "3.2", "a)")."""
    return _NUMBER_PREFIX.sub("", text, count=1).strip()


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, with an ellipsis when cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def title_matches(titles: tuple[str, ...], patterns: tuple[re.Pattern[str], ...]) -> bool:
    """True if the innermost title (without its number) matches one of ``patterns``."""
    if not titles:
        return False
    title = " ".join(strip_label(titles[-1]).replace("*", " ").split())
    return any(p.search(title) for p in patterns)


_PARTY_LINE = re.compile(
    r"^\s*(client|customer|buyer|purchaser|government|vendor|supplier|contractor|consultant|"
    r"provider|service provider)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_QUOTED_NAME = re.compile(r"[\"“]([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3})[\"”]")
_LEGAL_SUFFIX = re.compile(r",?\s+(inc|llc|ltd|gmbh|plc|corp|corporation|co|company)\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Parties:
    """Names the document gives its client side and its vendor side ("Client: Contoso Health")."""

    client: tuple[str, ...] = ()
    vendor: tuple[str, ...] = ()

    def pattern(self, side: str) -> re.Pattern[str] | None:
        """A pattern matching any name of ``side`` ('client' or 'vendor') as a word."""
        names = self.client if side == "client" else self.vendor
        if not names:
            return None
        return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


def document_parties(doc: Document) -> Parties:
    """The party names stated in label lines of the preamble and first section ("Client: X ("Y")")."""
    client: list[str] = []
    vendor: list[str] = []
    blocks: list[Block] = list(doc.blocks)
    if doc.sections:
        blocks.extend(doc.sections[0].blocks)
    for block in blocks[:40]:
        if not isinstance(block, Paragraph):
            continue
        for line in block.text.splitlines():
            m = _PARTY_LINE.match(line)
            if m is None:
                continue
            role, value = m.group(1).lower(), m.group(2).strip()
            names = [n for n in _QUOTED_NAME.findall(value)]
            full = _LEGAL_SUFFIX.sub("", re.sub(r"\s*\(.*\)\s*$", "", value)).strip()
            if full and not is_placeholder(full):
                names.append(full)
            # "Agency" names the client in a federal order and the vendor in a creative one: neither.
            target = client if role in ("client", "customer", "buyer", "purchaser", "government") else vendor
            target.extend(n for n in names if n and n not in target)
    return Parties(tuple(client), tuple(vendor))
