"""``conditional`` rules: if the document says one thing, it must also say another.

Each of ``if`` and ``then`` is a condition that holds when one of its tokens/patterns matches in
its scope, when a non-empty section (or lead-in list) of its ``section-kind`` exists, or when a
non-empty section's title matches its ``title``.  When ``if`` holds and ``then`` does not, the rule
reports once, at the first place ``if`` matched (the document, when it held only by section kind).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import regex
from pydantic import ConfigDict, Field, model_validator

from sowlint.classify import kind_evidence
from sowlint.declarative import (
    DeclarativeRule,
    KindFilter,
    RegexStr,
    RuleSpec,
    Scope,
    TextMatch,
    compile_pattern,
    find_all,
    kebab,
    matchers,
    safe_search,
    scoped_nodes,
)
from sowlint.findings import Hit, Node
from sowlint.model import Document, Section


class Condition(TextMatch, KindFilter):
    """One side of a conditional rule: text, a section kind or a section title that must be present."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    section_kind: str | None = Field(None, description="A taxonomy kind whose non-empty section counts.")
    title: RegexStr | None = Field(None, description="A regular expression on non-empty sections' titles.")
    scope: Scope = Field("text", description="Where tokens and patterns are looked for.")

    @model_validator(mode="after")
    def _needs_something(self) -> Condition:
        if (
            not any(t.strip() for t in self.tokens)
            and not self.patterns
            and not self.section_kind
            and not self.title
        ):
            raise ValueError("a condition needs 'tokens', 'patterns', 'section-kind' or 'title'")
        return self


class ConditionalSpec(RuleSpec):
    """Fields of a ``conditional`` rule."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    if_: Condition = Field(alias="if", description="What triggers the rule.")
    then: Condition = Field(description="What the document must then also contain.")


@dataclass(frozen=True)
class CompiledCondition:
    """A condition with its patterns compiled."""

    spec: Condition
    text: tuple[regex.Pattern[str], ...]
    title: regex.Pattern[str] | None

    @classmethod
    def build(cls, cond: Condition) -> CompiledCondition:
        """Compile a condition's tokens, patterns and title pattern."""
        compiled = tuple(p for _, p in matchers(cond.tokens, cond.patterns, ignorecase=cond.ignorecase))
        title = compile_pattern(cond.title, ignorecase=cond.ignorecase) if cond.title else None
        return cls(cond, compiled, title)

    def evidence(self, doc: Document) -> Iterator[tuple[Node, str, tuple[int, int] | None]]:
        """Every ``(node, matched text, span)`` where the condition holds (kind evidence on the document)."""
        c = self.spec
        if self.text:
            for node, text in scoped_nodes(doc, c.scope, tuple(c.kinds), tuple(c.skip_kinds)):
                for start, end, matched in find_all(self.text, text):
                    exact = not isinstance(node, Section) or c.scope != "section"
                    yield node, matched, (start, end) if exact else None
        if self.title is not None:
            for sec in doc.walk():
                m = safe_search(self.title, sec.title)
                if m is not None and sec.has_content():
                    yield sec, m.group(0), None  # the heading line; its text may carry a number
        if c.section_kind:
            for ev in kind_evidence(doc, c.section_kind):
                shown = ev.node.title if isinstance(ev.node, Section) else c.section_kind
                yield doc, shown, None

    def holds(self, doc: Document) -> bool:
        """True if the condition holds anywhere in the document."""
        return next(iter(self.evidence(doc)), None) is not None


class ConditionalRule(DeclarativeRule):
    """Report a document where the ``if`` condition holds and the ``then`` condition does not."""

    spec_model = ConditionalSpec
    spec: ClassVar[ConditionalSpec]
    when: ClassVar[CompiledCondition]
    then: ClassVar[CompiledCondition]

    @staticmethod
    def build_attrs(spec: ConditionalSpec) -> dict[str, Any]:
        """Compile both conditions once."""
        return {"when": CompiledCondition.build(spec.if_), "then": CompiledCondition.build(spec.then)}

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit at the first trigger when ``if`` holds and ``then`` does not."""
        triggers = list(self.when.evidence(doc))
        if not triggers or self.then.holds(doc):
            return
        order = doc.reading_order()
        node, matched, span = min(triggers, key=lambda t: (order.get(id(t[0]), len(order)), t[2] or (0, 0)))
        yield Hit(node=node, message=self.format_message(match=matched), excerpt=matched, span=span)
