"""Section classifier: give sections and blocks their kinds from the taxonomy data in ``rules/``.

A section gets kinds from its title (and from what its text says, for the kinds that allow it);
a block gets a kind when it is a lead-in to a list or table of that kind ("The client will provide
the following:"), when it belongs to such a list, when its table header says so, or when a single
sentence states an item of that kind.  :func:`present_kinds` then answers "does this document
state its assumptions / exclusions / ...?" for the completeness rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from sowlint.anyof import AnyOf
from sowlint.model import Block, Document, ListItem, Paragraph, Section, Table
from sowlint.resources import load_yaml, rules_dir

_SIGNATURE_LINE_RE = re.compile(
    r"^\s*(signature|signed|name|printed name|title|date|by|accepted by|approved by|"
    r"for and on behalf of|witness|authori[sz]ed (signature|representative))\b|_{4,}|\.{6,}",
    re.IGNORECASE,
)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"'])")
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class KindSpec:
    """Compiled recognisers for one section kind."""

    name: str
    titles: tuple[re.Pattern[str], ...] = ()
    not_titles: tuple[re.Pattern[str], ...] = ()
    leadins: tuple[re.Pattern[str], ...] = ()
    statements: tuple[re.Pattern[str], ...] = ()
    table_headers: tuple[tuple[re.Pattern[str], ...], ...] = ()
    content_rejects: tuple[re.Pattern[str], ...] = ()
    reject_signature_blocks: bool = False
    also_from: dict[str, re.Pattern[str]] = field(default_factory=dict)

    # The matchers of one kind need no literal prefilter: titles are short, and lead-ins and
    # statements reach them only when the taxonomy-wide prefilter (:class:`Taxonomy`) let them through.

    @cached_property
    def title_matcher(self) -> AnyOf:
        """A title of this kind: one of its titles, or a lead-in sentence used as a heading."""
        return AnyOf((*self.titles, *self.leadins), prefilter=False)

    @cached_property
    def not_title_matcher(self) -> AnyOf:
        """A title that looks like this kind but is not."""
        return AnyOf(self.not_titles, prefilter=False)

    @cached_property
    def leadin_matcher(self) -> AnyOf:
        """A lead-in sentence of this kind."""
        return AnyOf(self.leadins, prefilter=False)

    @cached_property
    def statement_matcher(self) -> AnyOf:
        """A sentence that states an item of this kind."""
        return AnyOf(self.statements, prefilter=False)

    @cached_property
    def content_reject_matcher(self) -> AnyOf:
        """Section text that takes this kind away from a section matched by title."""
        return AnyOf(self.content_rejects, prefilter=False)


@dataclass(frozen=True)
class Taxonomy:
    """All kinds, in the order the taxonomy file lists them."""

    kinds: tuple[KindSpec, ...]
    source: str

    def names(self) -> tuple[str, ...]:
        """The kind names."""
        return tuple(k.name for k in self.kinds)

    @cached_property
    def any_leadin(self) -> AnyOf:
        """A lead-in of any kind: most paragraphs are none, and this says so fast."""
        return AnyOf([p for k in self.kinds for p in k.leadins])

    @cached_property
    def any_statement(self) -> AnyOf:
        """A statement of any kind: most paragraphs are none, and this says so fast."""
        return AnyOf([p for k in self.kinds for p in k.statements])


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and field."""


def _compile(values: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if values is None:
        return ()
    if not isinstance(values, list):
        raise TaxonomyError(f"{where}: expected a list of regular expressions")
    out = []
    for i, v in enumerate(values):
        try:
            out.append(re.compile(str(v), _FLAGS))
        except re.error as exc:
            raise TaxonomyError(f"{where}[{i}]: bad regular expression {v!r}: {exc}") from None
    return tuple(out)


_ALLOWED = {"titles", "not_titles", "leadins", "statements", "table_headers", "content_rejects", "also_from"}


def parse_taxonomy(data: Any, source: str) -> Taxonomy:
    """Validate and compile taxonomy data loaded from YAML."""
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise TaxonomyError(f"{source}: expected a mapping with a 'kinds' mapping")
    specs: list[KindSpec] = []
    for name, body in data["kinds"].items():
        where = f"{source}: kinds.{name}"
        body = body or {}
        if not isinstance(body, dict):
            raise TaxonomyError(f"{where}: expected a mapping")
        unknown = set(body) - _ALLOWED
        if unknown:
            raise TaxonomyError(f"{where}: unknown key {sorted(unknown)[0]!r}")
        rejects_raw = [r for r in body.get("content_rejects") or [] if r != "signature-block"]
        headers = tuple(
            _compile(group, f"{where}.table_headers[{i}]")
            for i, group in enumerate(body.get("table_headers") or [])
        )
        also = {
            str(k): _compile([v], f"{where}.also_from.{k}")[0]
            for k, v in (body.get("also_from") or {}).items()
        }
        specs.append(
            KindSpec(
                name=str(name),
                titles=_compile(body.get("titles"), f"{where}.titles"),
                not_titles=_compile(body.get("not_titles"), f"{where}.not_titles"),
                leadins=_compile(body.get("leadins"), f"{where}.leadins"),
                statements=_compile(body.get("statements"), f"{where}.statements"),
                table_headers=headers,
                content_rejects=_compile(rejects_raw, f"{where}.content_rejects"),
                reject_signature_blocks="signature-block" in (body.get("content_rejects") or []),
                also_from=also,
            )
        )
    return Taxonomy(kinds=tuple(specs), source=source)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load the taxonomy from ``path`` or the built-in ``rules/taxonomy.yaml``."""
    if path is None:
        return _builtin_taxonomy()
    with path.open(encoding="utf-8") as fh:
        return parse_taxonomy(load_yaml(fh.read()), str(path))


@lru_cache(maxsize=1)
def _builtin_taxonomy() -> Taxonomy:
    path = rules_dir() / "taxonomy.yaml"
    with path.open(encoding="utf-8") as fh:
        return parse_taxonomy(load_yaml(fh.read()), "rules/taxonomy.yaml")


def _norm(text: str) -> str:
    return " ".join(text.replace("*", " ").replace("\u2019", "'").replace("\u2018", "'").split())


def _is_signature_block(blocks: list[Block]) -> bool:
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Table):
            lines.extend(b.header)
            lines.extend(c.text for r in b.rows for c in r.cells)
        else:
            lines.extend(b.text.splitlines())
    lines = [ln for ln in lines if ln.strip()]
    if not lines:
        return False
    sig = sum(1 for ln in lines if _SIGNATURE_LINE_RE.search(ln))
    return sig / len(lines) >= 0.5


def title_kinds(title: str, taxonomy: Taxonomy) -> list[str]:
    """Kinds a heading title names (a title can also be a lead-in sentence)."""
    t = _norm(title)
    out: list[str] = []
    for spec in taxonomy.kinds:
        if spec.not_title_matcher.search(t):
            continue
        if spec.title_matcher.search(t):
            out.append(spec.name)
    return out


def _table_kinds(table: Table, taxonomy: Taxonomy) -> list[str]:
    out: list[str] = []
    header = [_norm(h) for h in table.header]
    if not header:
        return out
    for spec in taxonomy.kinds:
        for group in spec.table_headers:
            if all(any(p.search(h) for h in header) for p in group):
                out.append(spec.name)
                break
    return out


def _leadin_kinds(text: str, taxonomy: Taxonomy) -> list[str]:
    t = _norm(text)
    # A lead-in is the last sentence of the paragraph, introducing what follows.
    last = _SENTENCE_SPLIT_RE.split(t)[-1] if len(t) > 200 else t
    if not taxonomy.any_leadin.search(last):
        return []
    return [s.name for s in taxonomy.kinds if s.leadin_matcher.search(last)]


def _statement_kinds(text: str, taxonomy: Taxonomy) -> list[str]:
    t = _norm(text)
    if t.endswith(":"):
        return []  # a lead-in, not a statement; it counts only with the list it introduces
    if not taxonomy.any_statement.search(t):
        return []
    return [s.name for s in taxonomy.kinds if s.statement_matcher.search(t)]


def _with_kinds(block: Block, kinds: list[str]) -> Block:
    merged = tuple(dict.fromkeys([*block.kinds, *kinds]))
    return block if merged == block.kinds else block.model_copy(update={"kinds": merged})


def _classify_blocks(blocks: tuple[Block, ...], taxonomy: Taxonomy) -> tuple[Block, ...]:
    out: list[Block] = list(blocks)
    carry: list[str] = []
    carry_level = 0
    for i, block in enumerate(out):
        kinds: list[str] = []
        if isinstance(block, Table):
            kinds.extend(_table_kinds(block, taxonomy))
            if carry:
                kinds.extend(carry)
            carry = []
        elif isinstance(block, ListItem):
            if carry and block.level >= carry_level:
                kinds.extend(carry)
            else:
                carry = []
            kinds.extend(_statement_kinds(block.text, taxonomy))
            nxt = out[i + 1] if i + 1 < len(out) else None
            introduces = isinstance(nxt, ListItem) and (
                nxt.level > block.level or block.text.rstrip().endswith(":")
            )
            if introduces and isinstance(nxt, ListItem):
                # A list item that introduces a nested list: "... Definition of Done that includes:"
                lead = _leadin_kinds(block.text, taxonomy)
                if lead:
                    kinds.extend(lead)
                    carry, carry_level = [*carry, *lead], nxt.level
        else:
            carry = []
            kinds.extend(_statement_kinds(block.text, taxonomy))
            lead = _leadin_kinds(block.text, taxonomy)
            nxt = out[i + 1] if i + 1 < len(out) else None
            if lead and isinstance(nxt, (ListItem, Table)):
                kinds.extend(lead)
                carry = lead
                carry_level = nxt.level if isinstance(nxt, ListItem) else 1
        if kinds:
            out[i] = _with_kinds(block, kinds)
    return tuple(out)


def _own_text(section: Section) -> str:
    return "\n".join(b.text for b in section.all_blocks())


def _classify_section(section: Section, taxonomy: Taxonomy) -> Section:
    kinds = title_kinds(section.title, taxonomy)
    # The section's text (its subsections' too) is read only when a kind it has asks for it.
    own: list[str] = []

    def text() -> str:
        if not own:
            own.append(_norm(_own_text(section)))
        return own[0]

    by_name = {s.name: s for s in taxonomy.kinds}
    kept: list[str] = []
    for name in kinds:
        spec = by_name[name]
        if spec.reject_signature_blocks and _is_signature_block(section.all_blocks()):
            continue
        if spec.content_rejects and spec.content_reject_matcher.search(text()):
            continue
        kept.append(name)
    for spec in taxonomy.kinds:
        for other, pattern in spec.also_from.items():
            if other in kept and spec.name not in kept and pattern.search(text()):
                kept.append(spec.name)
    blocks = _classify_blocks(section.blocks, taxonomy)
    # A heading that is itself a lead-in ("The client will provide the following:") hands its
    # kind to the list right under it.
    lead = [k for k in _leadin_kinds(section.title, taxonomy) if k in kept] if section.blocks and kept else []
    if lead:
        blocks = tuple(_with_kinds(b, lead) if isinstance(b, (ListItem, Table)) else b for b in blocks)
    subs = tuple(_classify_section(s, taxonomy) for s in section.sections)
    return section.model_copy(update={"kinds": tuple(kept), "blocks": blocks, "sections": subs})


def classify(doc: Document, taxonomy: Taxonomy | None = None) -> Document:
    """Return ``doc`` with kinds set on its sections and blocks."""
    tax = taxonomy or load_taxonomy()
    return doc.model_copy(
        update={
            "blocks": _classify_blocks(doc.blocks, tax),
            "sections": tuple(_classify_section(s, tax) for s in doc.sections),
        }
    )


@dataclass(frozen=True)
class Evidence:
    """Where a kind was found: a section with content, or a block (lead-in list or statement)."""

    kind: str
    node: Section | Block


def kind_evidence(doc: Document, kind: str) -> list[Evidence]:
    """Every place in a classified document that states something of ``kind``."""
    found: list[Evidence] = []
    for sec in doc.walk():
        if kind in sec.kinds and sec.has_content():
            found.append(Evidence(kind, sec))
    for block in doc.all_blocks():
        if kind in block.kinds and (isinstance(block, Table) or block.text.strip()):
            if isinstance(block, Paragraph) and block.text.rstrip().endswith(":"):
                continue  # the lead-in itself; its list items carry the kind too
            found.append(Evidence(kind, block))
    return found


def present_kinds(doc: Document, taxonomy: Taxonomy | None = None) -> set[str]:
    """The kinds a classified document states with content (those with any :func:`kind_evidence`)."""
    names = (taxonomy or load_taxonomy()).names()
    return {kind for kind in names if kind_evidence(doc, kind)}
