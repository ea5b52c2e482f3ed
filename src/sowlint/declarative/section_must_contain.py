"""``section-must-contain`` rules: a section of some kind or title must state certain text.

The section's text is its heading, its blocks (table header and cells included) and everything in
its subsections.  Only the outermost matching sections are checked: a matching subsection of a
matching section is already covered by its parent's text.  A document without such a section
yields nothing (``required-section`` reports absence).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

import regex
from pydantic import ConfigDict, Field, model_validator

from sowlint.declarative import (
    DeclarativeRule,
    RegexStr,
    RuleSpec,
    TextMatch,
    compile_pattern,
    kebab,
    matchers,
    safe_search,
    section_text,
)
from sowlint.findings import Hit
from sowlint.model import Document, Section


class SectionMustContainSpec(RuleSpec, TextMatch):
    """Fields of a ``section-must-contain`` rule."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    section_kind: str | None = Field(None, description="A taxonomy kind (acceptance, pricing, ...).")
    title: RegexStr | None = Field(None, description="A regular expression on section titles.")
    require: Literal["any", "all"] = Field(
        "any", description="Whether one of the tokens/patterns suffices or every one must be found."
    )

    @model_validator(mode="after")
    def _needs_fields(self) -> SectionMustContainSpec:
        if not self.section_kind and not self.title:
            raise ValueError("a section-must-contain rule needs 'section-kind' or 'title'")
        if not any(t.strip() for t in self.tokens) and not self.patterns:
            raise ValueError("a section-must-contain rule needs 'tokens' or 'patterns'")
        return self


class SectionMustContainRule(DeclarativeRule):
    """Report a section of some kind or title that does not state the required text."""

    spec_model = SectionMustContainSpec
    spec: ClassVar[SectionMustContainSpec]
    title_re: ClassVar[regex.Pattern[str] | None] = None
    required: ClassVar[tuple[tuple[str, regex.Pattern[str]], ...]] = ()

    @staticmethod
    def build_attrs(spec: SectionMustContainSpec) -> dict[str, Any]:
        """Compile the title pattern and the required tokens and patterns once."""
        return {
            "title_re": compile_pattern(spec.title) if spec.title else None,
            "required": tuple(matchers(spec.tokens, spec.patterns, ignorecase=spec.ignorecase)),
        }

    def selects(self, sec: Section) -> bool:
        """True if the section has the spec's kind or a title the spec's pattern matches."""
        if self.spec.section_kind and self.spec.section_kind in sec.kinds:
            return True
        return self.title_re is not None and safe_search(self.title_re, sec.title) is not None

    def targets(self, doc: Document) -> Iterator[Section]:
        """The outermost selected sections with content, in document order."""

        def walk(sec: Section) -> Iterator[Section]:
            if self.selects(sec):
                if sec.has_content():
                    yield sec
                return
            for sub in sec.sections:
                yield from walk(sub)

        for top in doc.sections:
            yield from walk(top)

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit on each selected section that lacks the required text."""
        for sec in self.targets(doc):
            text = section_text(sec)
            missing = [label for label, pattern in self.required if safe_search(pattern, text) is None]
            if self.spec.require == "all":
                failed = bool(missing)
            else:
                failed = len(missing) == len(self.required)
            if failed:
                yield Hit(
                    node=sec, message=self.format_message(section=sec.title, missing=", ".join(missing))
                )
