"""``occurrence`` rules: tokens or patterns must occur at least ``min`` / at most ``max`` times per scope.

Matches are counted per scoped node (the whole document by default, or each section, paragraph,
table cell, ...); overlapping matches of different tokens/patterns count once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import regex
from pydantic import ConfigDict, Field, model_validator

from sowlint.declarative import (
    DeclarativeRule,
    KindFilter,
    RuleSpec,
    Scope,
    TextMatch,
    find_all,
    kebab,
    matchers,
    scoped_nodes,
)
from sowlint.findings import Hit
from sowlint.model import Document


class OccurrenceSpec(RuleSpec, TextMatch, KindFilter):
    """Fields of an ``occurrence`` rule."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    minimum: int | None = Field(None, alias="min", ge=0, description="Fewest matches allowed per scope.")
    maximum: int | None = Field(None, alias="max", ge=0, description="Most matches allowed per scope.")
    scope: Scope = "document"

    @model_validator(mode="after")
    def _needs_fields(self) -> OccurrenceSpec:
        if not any(t.strip() for t in self.tokens) and not self.patterns:
            raise ValueError("an occurrence rule needs 'tokens' or 'patterns'")
        if self.minimum is None and self.maximum is None:
            raise ValueError("an occurrence rule needs 'min' or 'max'")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"'min' ({self.minimum}) is greater than 'max' ({self.maximum})")
        return self


class OccurrenceRule(DeclarativeRule):
    """Report a scope where tokens or patterns occur too few or too many times."""

    spec_model = OccurrenceSpec
    spec: ClassVar[OccurrenceSpec]
    compiled: ClassVar[tuple[regex.Pattern[str], ...]] = ()

    @staticmethod
    def build_attrs(spec: OccurrenceSpec) -> dict[str, Any]:
        """Compile the spec's tokens and patterns once, when the file is loaded."""
        return {
            "compiled": tuple(p for _, p in matchers(spec.tokens, spec.patterns, ignorecase=spec.ignorecase))
        }

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per scoped node whose match count is below ``min`` or above ``max``."""
        spec = self.spec
        lo, hi = spec.minimum, spec.maximum
        for node, text in scoped_nodes(doc, spec.scope, tuple(spec.kinds), tuple(spec.skip_kinds)):
            found = find_all(self.compiled, text)
            count = len(found)
            if (lo is None or count >= lo) and (hi is None or count <= hi):
                continue
            first = found[0] if found else None
            # In ``section`` scope the text is the whole section, not the heading the node's location
            # points at, so an offset into it would misplace the line and column.
            span = (first[0], first[1]) if first and spec.scope != "section" else None
            yield Hit(
                node=node,
                message=self.format_message(
                    count=str(count),
                    min="" if lo is None else str(lo),
                    max="" if hi is None else str(hi),
                    match=first[2] if first else "",
                ),
                excerpt=first[2] if first else None,
                span=span,
            )
