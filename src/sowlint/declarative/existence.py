"""``existence`` rules: flag every occurrence of tokens or patterns in a scope."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar, Literal

import regex
from pydantic import ConfigDict, Field, model_validator

from sowlint.declarative import (
    DeclarativeRule,
    KindFilter,
    RuleSpec,
    Scope,
    TextMatch,
    compile_pattern,
    kebab,
    safe_finditer,
    scoped_nodes,
    token_pattern,
)
from sowlint.findings import Hit
from sowlint.model import Document
from sowlint.regex_literals import Needle, any_needle, needles


class ExistenceSpec(RuleSpec, TextMatch, KindFilter):
    """Fields of an ``existence`` rule."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    exceptions: list[str] = Field(default_factory=list, description="Patterns that excuse a match.")
    scope: Scope = "text"
    once_per: Literal["occurrence", "section", "document"] = Field(
        "occurrence", description="Report each occurrence, or each distinct match once per section/document."
    )

    @model_validator(mode="after")
    def _needs_something(self) -> ExistenceSpec:
        if not self.tokens and not self.patterns:
            raise ValueError("an existence rule needs 'tokens' or 'patterns'")
        return self


class ExistenceRule(DeclarativeRule):
    """Report text that should not be there."""

    spec_model = ExistenceSpec
    spec: ClassVar[ExistenceSpec]
    compiled: ClassVar[tuple[regex.Pattern[str], ...]] = ()
    excepted: ClassVar[tuple[regex.Pattern[str], ...]] = ()

    @staticmethod
    def build_attrs(spec: ExistenceSpec) -> dict[str, Any]:
        """Compile the spec's tokens and patterns once, when the file is loaded."""
        compiled = [compile_pattern(p, ignorecase=spec.ignorecase) for p in spec.patterns]
        tok = token_pattern(spec.tokens)
        if tok is not None:
            compiled.insert(0, tok)
        excepted = tuple(compile_pattern(p, ignorecase=True) for p in spec.exceptions)
        return {"compiled": tuple(compiled), "excepted": excepted}

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per occurrence (or per distinct match, by ``once-per``)."""
        spec = self.spec
        seen: dict[tuple[Any, ...], list[Hit]] = {}
        order: list[tuple[Any, ...]] = []
        gates = (
            _literal_gates(tuple((p.pattern, bool(p.flags & regex.IGNORECASE)) for p in self.compiled))
            if self.origin == "sowlint"
            else None
        )
        for node, text in scoped_nodes(doc, spec.scope, tuple(spec.kinds), tuple(spec.skip_kinds)):
            found: list[tuple[int, int, str]] = []
            low = text.lower() if gates is not None and text.isascii() else None
            for k, pattern in enumerate(self.compiled):
                if low is not None and gates is not None and not _admits(gates[k], low):
                    continue
                for m in safe_finditer(pattern, text):
                    if any(e.search(m.group(0)) for e in self.excepted):
                        continue
                    if any(s < m.end() and m.start() < e for s, e, _ in found):
                        continue
                    found.append((m.start(), m.end(), m.group(0)))
            for start, end, matched in sorted(found):
                # In ``section`` scope the text is the whole section, not the heading the node's
                # location points at, so an offset into it would misplace the line and column.
                span = None if spec.scope == "section" else (start, end)
                hit = Hit(node=node, message=self.format_message(match=matched), excerpt=matched, span=span)
                if spec.once_per == "occurrence":
                    yield hit
                    continue
                where: Any = getattr(node, "location", None)
                section = where.section if where is not None and spec.once_per == "section" else ()
                key = (section, matched.lower())
                if key not in seen:
                    seen[key] = []
                    order.append(key)
                seen[key].append(hit)
        for key in order:
            first, n = seen[key][0], len(seen[key])
            yield Hit(
                node=first.node,
                message=first.message,
                excerpt=first.excerpt,
                span=first.span,
                count=n,
                more=tuple((h.node, h.span) for h in seen[key][1:]),
            )


@lru_cache(maxsize=32)
def _literal_gates(sources: tuple[tuple[str, bool], ...]) -> tuple[tuple[Needle, ...] | None, ...]:
    """Per pattern, strings one of which every match contains (None: no pre-check for it).

    Only for sowlint's own rule files: their patterns are written in the syntax the ``regex``
    engine's V0 mode shares with the standard library's ``re``, whose parser
    :mod:`sowlint.regex_literals` reads.  A user's pattern may use ``regex``-only syntax that ``re``
    would read differently, so it is always run.
    """
    out: list[tuple[Needle, ...] | None] = []
    for source, ignorecase in sources:
        try:
            out.append(needles(re.compile(source, re.IGNORECASE if ignorecase else 0)))
        except (re.error, RecursionError):
            out.append(None)
    return tuple(out)


def _admits(found: tuple[Needle, ...] | None, low: str) -> bool:
    """Whether lower-cased ASCII ``low`` holds one of the needles (always, without needles)."""
    return found is None or any_needle(found, low)
