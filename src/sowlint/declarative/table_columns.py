"""``table-columns`` rules: a table of some sort must have certain columns.

A table qualifies when one of its header cells matches ``header`` (every table, if ``header`` is
not given) and it stands in a section of ``kinds`` (if given).  A table whose header row is missing
or blank is judged by its first row.  Matching is case-insensitive unless ``ignorecase: false``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sowlint.declarative import (
    DeclarativeRule,
    RegexStr,
    RuleSpec,
    compile_pattern,
    kebab,
    safe_search,
    scoped_nodes,
)
from sowlint.findings import Hit
from sowlint.model import Document, Table


class Column(BaseModel):
    """A required column: a regular expression on header cells and the name messages use for it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="What messages call the column, e.g. 'Amount'.")
    pattern: RegexStr = Field(description="A regular expression one header cell must match.")


class TableColumnsSpec(RuleSpec):
    """Fields of a ``table-columns`` rule."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    header: RegexStr | None = Field(
        None, description="A table qualifies if one of its header cells matches (every table if omitted)."
    )
    columns: list[Column] = Field(
        min_length=1, description="Required columns: regular expressions, or mappings {name, pattern}."
    )
    ignorecase: bool = Field(True, description="Match header and columns case-insensitively.")
    kinds: list[str] = Field(default_factory=list, description="Only tables in sections of these kinds.")
    skip_kinds: list[str] = Field(
        default_factory=list, description="Never tables in sections of these kinds."
    )

    @field_validator("columns", mode="before")
    @classmethod
    def _plain_patterns(cls, value: Any) -> Any:
        """A plain string column is its own name and pattern."""
        if isinstance(value, list):
            return [{"name": v, "pattern": v} if isinstance(v, str) else v for v in value]
        return value


def effective_header(table: Table) -> tuple[str, ...]:
    """The table's header cells, or its first row's when the header row is missing or blank."""
    if any(h.strip() for h in table.header):
        return table.header
    if table.rows:
        return tuple(c.text for c in table.rows[0].cells)
    return ()


class TableColumnsRule(DeclarativeRule):
    """Report a qualifying table that lacks required columns."""

    spec_model = TableColumnsSpec
    spec: ClassVar[TableColumnsSpec]
    header_re: ClassVar[regex.Pattern[str] | None] = None
    column_res: ClassVar[tuple[tuple[str, regex.Pattern[str]], ...]] = ()

    @staticmethod
    def build_attrs(spec: TableColumnsSpec) -> dict[str, Any]:
        """Compile the header pattern and the column patterns once."""
        ic = spec.ignorecase
        return {
            "header_re": compile_pattern(spec.header, ignorecase=ic) if spec.header else None,
            "column_res": tuple((c.name, compile_pattern(c.pattern, ignorecase=ic)) for c in spec.columns),
        }

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per qualifying table that misses any required column."""
        for node, _ in scoped_nodes(doc, "table", tuple(self.spec.kinds), tuple(self.spec.skip_kinds)):
            if not isinstance(node, Table):
                continue
            header = [h for h in effective_header(node) if h.strip()]
            if not header:
                continue
            if self.header_re is not None and not any(safe_search(self.header_re, h) for h in header):
                continue
            missing = [
                name for name, pattern in self.column_res if not any(safe_search(pattern, h) for h in header)
            ]
            if missing:
                shown = " | ".join(header)
                yield Hit(
                    node=node,
                    message=self.format_message(missing=", ".join(missing), header=shown),
                    excerpt=shown,
                )
