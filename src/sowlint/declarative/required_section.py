"""``required-section`` rules: a section of a taxonomy kind, or with a matching title, must have content."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import regex
from pydantic import ConfigDict, Field, model_validator

from sowlint.classify import kind_evidence
from sowlint.declarative import DeclarativeRule, RuleSpec, compile_pattern, kebab
from sowlint.findings import Hit
from sowlint.model import Document


class RequiredSectionSpec(RuleSpec):
    """Fields of a ``required-section`` rule."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    section_kind: str | None = Field(None, description="A taxonomy kind (assumptions, exclusions, ...).")
    title: str | None = Field(None, description="A regular expression the section title must match.")

    @model_validator(mode="after")
    def _one_of(self) -> RequiredSectionSpec:
        if not self.section_kind and not self.title:
            raise ValueError("a required-section rule needs 'section-kind' or 'title'")
        return self


class RequiredSectionRule(DeclarativeRule):
    """Report a document that lacks a non-empty section of some kind or title."""

    spec_model = RequiredSectionSpec
    spec: ClassVar[RequiredSectionSpec]
    title_re: ClassVar[regex.Pattern[str] | None] = None

    @staticmethod
    def build_attrs(spec: RequiredSectionSpec) -> dict[str, Any]:
        """Compile the title pattern once."""
        return {"title_re": compile_pattern(spec.title) if spec.title else None}

    def present(self, doc: Document) -> bool:
        """True if the document has a non-empty section (or lead-in list) of the required kind/title."""
        if self.spec.section_kind and kind_evidence(doc, self.spec.section_kind):
            return True
        if self.title_re is not None:
            for sec in doc.walk():
                try:
                    if self.title_re.search(sec.title, timeout=0.25) and sec.has_content():
                        return True
                except TimeoutError:
                    continue
        return False

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one document-level hit when the required section is absent or empty."""
        if not doc.has_text_layer or self.present(doc):
            return
        yield Hit(node=doc, message=self.format_message())
