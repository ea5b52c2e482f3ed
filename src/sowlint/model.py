"""The document model every reader produces and every rule reads.

Frozen pydantic models; each node carries a ``kind`` literal so a tree serialises and
round-trips, and a :class:`Location` that says where a person finds it.  Every number a person
sees is 1-based.  This module imports nothing of sowlint.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Format = Literal["docx", "pdf", "markdown", "yaml", "text"]


class _Node(BaseModel):
    """Base of every model node: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Location(_Node):
    """Where a node stands, in the terms its format offers (all numbers 1-based)."""

    path: str
    section: tuple[str, ...] = ()
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    page: int | None = None
    block: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def describe(self) -> str:
        """Return the place as a person would look for it: ``p. 4, §3.2 Deliverables``."""
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"p. {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.line is None and self.page is None and self.block is not None:
            parts.append(f"paragraph {self.block}")
        if self.table is not None:
            where = f"table {self.table}"
            if self.row is not None:
                where += f" row {self.row}"
            parts.append(where)
        if self.section:
            parts.append("§" + self.section[-1])
        return ", ".join(parts) if parts else "document"


class Paragraph(_Node):
    """A run of prose."""

    kind: Literal["paragraph"] = "paragraph"
    text: str
    location: Location
    kinds: tuple[str, ...] = ()
    style: str | None = None


class ListItem(_Node):
    """One item of a bulleted or numbered list; nested lists have ``level`` > 1."""

    kind: Literal["list_item"] = "list_item"
    text: str
    location: Location
    kinds: tuple[str, ...] = ()
    level: int = 1
    ordered: bool = False


class Cell(_Node):
    """One table cell (merged cells appear once, at their first position)."""

    kind: Literal["cell"] = "cell"
    text: str
    location: Location


class Row(_Node):
    """One table body row."""

    kind: Literal["row"] = "row"
    cells: tuple[Cell, ...]
    location: Location

    @property
    def text(self) -> str:
        """The row as one line, cells separated by `` | ``."""
        return " | ".join(c.text for c in self.cells)


class Table(_Node):
    """A table with its header row apart from its body rows."""

    kind: Literal["table"] = "table"
    header: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    location: Location
    kinds: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The header and rows as lines of text."""
        lines = [" | ".join(self.header)] if self.header else []
        lines.extend(r.text for r in self.rows)
        return "\n".join(lines)


Block = Annotated[Paragraph | ListItem | Table, Field(discriminator="kind")]

DirectiveAction = Literal["disable", "enable", "disable-next-line", "disable-line", "disable-file"]


class Directive(_Node):
    """An inline suppression comment a reader found (``<!-- sowlint-disable SOW201 -->``, a Word comment).

    ``codes`` holds rule codes or names as written; empty means every rule.  ``location`` is where
    the comment stands (a line in markdown, text and yaml; a block in docx); ``end`` closes the
    commented range where the format has one (a Word comment's range end).
    """

    kind: Literal["directive"] = "directive"
    action: DirectiveAction
    codes: tuple[str, ...] = ()
    location: Location
    end: Location | None = None
    text: str = ""


class Section(_Node):
    """A heading with the blocks under it and its subsections."""

    kind: Literal["section"] = "section"
    title: str
    level: int
    number: str | None = None
    kinds: tuple[str, ...] = ()
    location: Location
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()

    @property
    def text(self) -> str:
        """The heading line (number and title)."""
        return f"{self.number} {self.title}" if self.number else self.title

    def walk(self) -> list[Section]:
        """This section and all its descendants, in document order."""
        out = [self]
        for sub in self.sections:
            out.extend(sub.walk())
        return out

    def all_blocks(self) -> list[Block]:
        """Blocks of this section and its subsections, in document order."""
        out: list[Block] = list(self.blocks)
        for sub in self.sections:
            out.extend(sub.all_blocks())
        return out

    def has_content(self) -> bool:
        """True if the section or a subsection holds any non-empty block."""
        return any(_block_has_text(b) for b in self.all_blocks())


def _block_has_text(block: Block) -> bool:
    if isinstance(block, Table):
        return any(c.text.strip() for r in block.rows for c in r.cells)
    return bool(block.text.strip())


class Document(_Node):
    """One parsed SOW: preamble blocks, nested sections, metadata."""

    kind: Literal["document"] = "document"
    path: str
    format: Format
    title: str | None = None
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    meta: dict[str, str] = Field(default_factory=dict)
    pages: int | None = None
    has_text_layer: bool = True
    directives: tuple[Directive, ...] = ()

    def walk(self) -> list[Section]:
        """Every section in document order."""
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return out

    def all_blocks(self) -> list[Block]:
        """Every block (preamble first) in document order."""
        out: list[Block] = list(self.blocks)
        for s in self.sections:
            out.extend(s.all_blocks())
        return out

    def reading_order(self) -> dict[int, int]:
        """Each node's position in reading order, keyed by ``id(node)``; the document itself comes last."""
        order: dict[int, int] = {}

        def add_blocks(blocks: tuple[Block, ...]) -> None:
            for b in blocks:
                order[id(b)] = len(order)
                if isinstance(b, Table):
                    for row in b.rows:
                        order[id(row)] = len(order)
                        for cell in row.cells:
                            order[id(cell)] = len(order)

        def add_section(sec: Section) -> None:
            order[id(sec)] = len(order)
            add_blocks(sec.blocks)
            for sub in sec.sections:
                add_section(sub)

        add_blocks(self.blocks)
        for top in self.sections:
            add_section(top)
        order[id(self)] = len(order)
        return order

    def word_count(self) -> int:
        """Number of words in headings and blocks."""
        n = sum(len(s.text.split()) for s in self.walk())
        return n + sum(len(b.text.split()) for b in self.all_blocks())


Section.model_rebuild()
