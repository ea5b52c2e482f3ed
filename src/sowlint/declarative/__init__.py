"""Declarative (YAML) rules: one rule per file, loaded into :class:`~sowlint.findings.Rule` classes.

Patterns are compiled with the ``regex`` package and matched with a timeout, so a user's regular
expression with catastrophic backtracking cannot hang a run (the stdlib ``re`` has no timeout).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import regex
import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from sowlint.findings import Rule, Severity
from sowlint.model import Block, Cell, Document, ListItem, Paragraph, Row, Section, Table
from sowlint.resources import load_yaml

CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
#: Seconds one pattern may spend on one text before it is abandoned (and reported).
MATCH_TIMEOUT = 0.25

Scope = Literal[
    "document",
    "section",
    "heading",
    "paragraph",
    "list-item",
    "table",
    "table-header",
    "table-cell",
    "text",
]


def kebab(name: str) -> str:
    """Field name to its YAML key: ``skip_kinds`` -> ``skip-kinds``."""
    return name.replace("_", "-")


class RuleFileError(ValueError):
    """A rule file is invalid; the message names the file and the field."""


class Examples(BaseModel):
    """Failing and passing examples (markdown) executed by the test suite."""

    model_config = ConfigDict(extra="forbid")
    fail: list[str] = Field(default_factory=list)
    pass_: list[str] = Field(default_factory=list, alias="pass")


class RuleSpec(BaseModel):
    """Fields common to every YAML rule."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    code: str
    name: str
    kind: str
    severity: Severity = Severity.WARNING
    message: str
    summary: str = ""
    why: str = ""
    tags: list[str] = Field(default_factory=list)
    enabled: bool = True
    examples: Examples = Field(default_factory=Examples)
    sources: list[str] = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CODE_RE.match(v):
            raise ValueError("rule codes are 2-5 capital letters and 3 digits, e.g. ACME001")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not NAME_RE.match(v):
            raise ValueError("rule names are kebab-case, e.g. no-rush-promises")
        return v


def compile_pattern(pattern: str, *, ignorecase: bool = False) -> regex.Pattern[str]:
    """Compile a user pattern with the timeout-capable ``regex`` engine (V0 = ``re`` syntax)."""
    flags = regex.V0 | (regex.IGNORECASE if ignorecase else 0)
    return regex.compile(pattern, flags)


def _valid_regex(pattern: str) -> str:
    """Reject a pattern the ``regex`` engine cannot compile, naming the pattern."""
    try:
        compile_pattern(pattern)
    except regex.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    return pattern


#: A regular expression field, checked when the rule file is validated (so the error names the field).
RegexStr = Annotated[str, AfterValidator(_valid_regex)]


class TextMatch(BaseModel):
    """Spec fields shared by the kinds that look for text: literal tokens and regular expressions."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    tokens: list[str] = Field(
        default_factory=list, description="Literal words or phrases (case-insensitive)."
    )
    patterns: list[RegexStr] = Field(
        default_factory=list, description="Regular expressions (case-sensitive)."
    )
    ignorecase: bool = Field(False, description="Match patterns case-insensitively.")


class KindFilter(BaseModel):
    """Spec fields shared by the kinds that can be limited to sections of some kinds."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=kebab)

    kinds: list[str] = Field(default_factory=list, description="Only inside sections/blocks of these kinds.")
    skip_kinds: list[str] = Field(default_factory=list, description="Never inside sections of these kinds.")


def token_pattern(tokens: Iterable[str]) -> regex.Pattern[str] | None:
    """One case-insensitive, word-bounded alternation for literal tokens (longest first)."""
    toks = sorted({t.strip() for t in tokens if t.strip()}, key=len, reverse=True)
    if not toks:
        return None
    alts = "|".join(regex.escape(t) for t in toks)
    return regex.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", regex.IGNORECASE | regex.V0)


def safe_finditer(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """``finditer`` that gives up (yielding nothing more) when a match takes too long."""
    try:
        yield from pattern.finditer(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        return


def safe_search(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """``search`` that gives up (returning ``None``) when the match takes too long."""
    try:
        return pattern.search(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        return None


def matchers(
    tokens: Iterable[str], patterns: Iterable[str], *, ignorecase: bool = False
) -> list[tuple[str, regex.Pattern[str]]]:
    """One ``(label, compiled pattern)`` per token and per pattern, labelled by its source text."""
    out: list[tuple[str, regex.Pattern[str]]] = []
    for tok in tokens:
        compiled = token_pattern([tok])
        if compiled is not None:
            out.append((tok.strip(), compiled))
    out.extend((p, compile_pattern(p, ignorecase=ignorecase)) for p in patterns)
    return out


def find_all(patterns: Iterable[regex.Pattern[str]], text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, text)`` matches of several patterns, in text order."""
    found: list[tuple[int, int, str]] = []
    for pattern in patterns:
        for m in safe_finditer(pattern, text):
            if m.end() == m.start() or any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            found.append((m.start(), m.end(), m.group(0)))
    return sorted(found)


def section_text(sec: Section) -> str:
    """A section's full text: heading, blocks (table header and cells included) and subsections'."""
    parts = [sec.text]
    parts.extend(b.text for b in sec.blocks)
    parts.extend(section_text(sub) for sub in sec.sections)
    return "\n".join(parts)


def scoped_nodes(
    doc: Document, scope: str, kinds: tuple[str, ...] = (), skip_kinds: tuple[str, ...] = ()
) -> Iterator[tuple[Section | Block | Row | Cell | Document, str]]:
    """Yield ``(node, text)`` pairs for a scope, optionally limited to sections of some kinds."""

    def wanted(sec_kinds: tuple[str, ...], block_kinds: tuple[str, ...] = ()) -> bool:
        all_kinds = (*sec_kinds, *block_kinds)
        if skip_kinds and any(k in skip_kinds for k in all_kinds):
            return False
        return not kinds or any(k in kinds for k in all_kinds)

    def blocks_with_kinds() -> Iterator[tuple[Block, tuple[str, ...]]]:
        for b in doc.blocks:
            yield b, ()
        for top in doc.sections:
            yield from _section_blocks(top, ())

    if scope == "document":
        if kinds or skip_kinds:
            text = "\n".join(b.text for b, sec_kinds in blocks_with_kinds() if wanted(sec_kinds, b.kinds))
        else:
            # headings count too: "the SOW mentions X" includes its titles
            text = "\n".join([*(b.text for b in doc.blocks), *(section_text(top) for top in doc.sections)])
        yield doc, text
        return
    if scope == "section":
        for sec, inherited in _sections_with_kinds(doc):
            if wanted(inherited):
                yield sec, section_text(sec)
        return
    if scope == "heading":
        for sec, inherited in _sections_with_kinds(doc):
            if wanted(inherited):
                yield sec, sec.text
        return
    for block, sec_kinds in blocks_with_kinds():
        if not wanted(sec_kinds, block.kinds):
            continue
        if isinstance(block, Table):
            if scope == "table":
                yield block, block.text
            elif scope == "table-header" and block.header:
                yield block, " | ".join(block.header)
            elif scope in ("table-cell", "text"):
                if scope == "text" and block.header:
                    yield block, " | ".join(block.header)
                for row in block.rows:
                    for cell in row.cells:
                        if cell.text.strip():
                            yield cell, cell.text
        elif isinstance(block, ListItem):
            if scope in ("list-item", "text"):
                yield block, block.text
        elif isinstance(block, Paragraph) and scope in ("paragraph", "text"):
            yield block, block.text
    if scope == "text":
        for sec, inherited in _sections_with_kinds(doc):
            if wanted(inherited):
                yield sec, sec.text


def _sections_with_kinds(doc: Document) -> Iterator[tuple[Section, tuple[str, ...]]]:
    def walk(sec: Section, inherited: tuple[str, ...]) -> Iterator[tuple[Section, tuple[str, ...]]]:
        mine = (*inherited, *sec.kinds)
        yield sec, mine
        for sub in sec.sections:
            yield from walk(sub, mine)

    for top in doc.sections:
        yield from walk(top, ())


def _section_blocks(sec: Section, inherited: tuple[str, ...]) -> Iterator[tuple[Block, tuple[str, ...]]]:
    mine = (*inherited, *sec.kinds)
    for b in sec.blocks:
        yield b, mine
    for sub in sec.sections:
        yield from _section_blocks(sub, mine)


class DeclarativeRule(Rule):
    """A rule built from a YAML file; subclasses per kind set ``spec_model`` and ``check``."""

    spec_model: ClassVar[type[RuleSpec]] = RuleSpec
    spec: ClassVar[RuleSpec]
    source_file: ClassVar[str] = ""

    def format_message(self, **values: str) -> str:
        """The spec message with ``{match}``-style placeholders filled."""
        msg = self.spec.message
        for key, val in values.items():
            msg = msg.replace("{" + key + "}", val)
        return msg


def _kind_registry() -> dict[str, type[DeclarativeRule]]:
    from sowlint.declarative.conditional import ConditionalRule
    from sowlint.declarative.existence import ExistenceRule
    from sowlint.declarative.occurrence import OccurrenceRule
    from sowlint.declarative.required_section import RequiredSectionRule
    from sowlint.declarative.section_must_contain import SectionMustContainRule
    from sowlint.declarative.table_columns import TableColumnsRule

    return {
        "existence": ExistenceRule,
        "required-section": RequiredSectionRule,
        "section-must-contain": SectionMustContainRule,
        "table-columns": TableColumnsRule,
        "occurrence": OccurrenceRule,
        "conditional": ConditionalRule,
    }


def _line_of(text: str, key: str) -> str:
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(f"{key}:"):
            return f" (line {n})"
    return ""


def load_rule_file(path: Path, origin: str = "sowlint") -> type[DeclarativeRule]:
    """Load one YAML rule file into a Rule class; raise :class:`RuleFileError` naming file and field."""
    try:
        raw = path.read_text(encoding="utf-8")
        data = load_yaml(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path}: cannot read rule file: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: a rule file must be a mapping")
    kind = data.get("kind")
    kinds = _kind_registry()
    if kind not in kinds:
        raise RuleFileError(
            f"{path}: field 'kind': unknown rule kind {kind!r} (known: {', '.join(sorted(kinds))})"
        )
    base = kinds[kind]
    try:
        spec = base.spec_model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        msg = (
            err["msg"].replace("Extra inputs are not permitted", "unknown key").removeprefix("Value error, ")
        )
        if not loc:  # a check across fields; its message names them
            raise RuleFileError(f"{path}: {msg}") from None
        field = ".".join(str(p) for p in loc)
        raise RuleFileError(f"{path}{_line_of(raw, str(loc[0]))}: field '{field}': {msg}") from None
    try:
        attrs: dict[str, Any] = base.build_attrs(spec)  # type: ignore[attr-defined]
    except (regex.error, re.error) as exc:
        raise RuleFileError(f"{path}: bad regular expression: {exc}") from None
    except ValueError as exc:
        raise RuleFileError(f"{path}: {exc}") from None
    cls_name = "Rule_" + spec.code
    return type(
        cls_name,
        (base,),
        {
            "code": spec.code,
            "name": spec.name,
            "severity": spec.severity,
            "summary": spec.summary or spec.message,
            "why": spec.why,
            "tags": tuple(spec.tags),
            "origin": origin,
            "default_enabled": spec.enabled,
            "fail_examples": tuple(spec.examples.fail),
            "pass_examples": tuple(spec.examples.pass_),
            "spec": spec,
            "source_file": str(path),
            **attrs,
        },
    )


def load_rule_dir(folder: Path, origin: str = "sowlint") -> list[type[DeclarativeRule]]:
    """Load every ``*.yaml``/``*.yml`` rule file in ``folder`` (recursively, sorted)."""
    if not folder.is_dir():
        raise RuleFileError(f"{folder}: rule folder does not exist")
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return [load_rule_file(p, origin) for p in files]
