"""The engine: read -> classify -> run the selected rules -> stamp findings -> sort.

Rules yield :class:`~sowlint.findings.Hit`; only the engine turns a node into a position, a
severity and a fingerprint, so every rule works the same on every format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sowlint.classify import Taxonomy, classify
from sowlint.findings import Finding, Fingerprinter, Hit, Rule, Severity, node_location, node_text
from sowlint.model import Document, Format, Location, Section, Table
from sowlint.readers import ReadError, read_document


class SelectionError(ValueError):
    """A selector names no known rule."""


@dataclass(frozen=True)
class Registry:
    """Every known rule class, in code order."""

    rules: tuple[type[Rule], ...]

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for r in self.rules:
            for key in (r.code, r.name):
                if key in seen:
                    raise ValueError(f"duplicate rule {key!r}: {seen[key]} and {r.origin}")
                seen[key] = r.origin

    def get(self, code_or_name: str) -> type[Rule] | None:
        """Find a rule by exact code or name."""
        key = code_or_name.strip()
        for r in self.rules:
            if key.upper() == r.code or key.lower() == r.name:
                return r
        return None

    def matching(self, selector: str) -> list[type[Rule]]:
        """Rules a selector names: a code, a name, a code prefix (``SOW1``) or ``ALL``."""
        sel = selector.strip()
        if not sel:
            return []
        if sel.upper() == "ALL":
            return list(self.rules)
        exact = self.get(sel)
        if exact is not None:
            return [exact]
        return [r for r in self.rules if r.code.startswith(sel.upper())]


@lru_cache(maxsize=1)
def builtin_registry() -> Registry:
    """The built-in Python rules plus the YAML rule pack in ``rules/sow``."""
    from sowlint.checks import BUILTIN_RULES
    from sowlint.declarative import load_rule_dir
    from sowlint.resources import rules_dir

    yaml_rules = load_rule_dir(rules_dir() / "sow")
    rules = sorted([*BUILTIN_RULES, *yaml_rules], key=lambda r: r.code)
    return Registry(tuple(rules))


@dataclass(frozen=True)
class Settings:
    """What to run and what fails: the engine's view of the configuration."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    severity: dict[str, Severity] = field(default_factory=dict)


def select_rules(registry: Registry, settings: Settings) -> list[type[Rule]]:
    """Apply select / extend-select / ignore (codes, names or code prefixes) to the registry."""

    def expand(selectors: Iterable[str]) -> list[type[Rule]]:
        out: list[type[Rule]] = []
        for s in selectors:
            found = registry.matching(s)
            if not found:
                raise SelectionError(f"unknown rule selector {s!r} (see 'sowlint rules')")
            out.extend(found)
        return out

    if settings.select is None:
        chosen = [r for r in registry.rules if r.default_enabled]
    else:
        chosen = expand(settings.select)
    chosen.extend(expand(settings.extend_select))
    ignored = {r.code for r in expand(settings.ignore)}
    unique = {r.code: r for r in chosen if r.code not in ignored}
    return [unique[c] for c in sorted(unique)]


@dataclass
class FileResult:
    """The outcome for one input file."""

    path: str
    format: Format | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)


def _refine(loc: Location, text: str, span: tuple[int, int] | None) -> Location:
    """Move a block's location to the line and column of a match inside it, where lines are known."""
    if span is None or loc.line is None:
        return loc
    before = text[: span[0]]
    line = loc.line + before.count("\n")
    col = span[0] - (before.rfind("\n") + 1) + (loc.column or 1 if "\n" not in before else 1)
    return loc.model_copy(update={"line": line, "column": col})


def _document_order(doc: Document) -> dict[int, int]:
    """Map each node (by identity) to its position in reading order, for stable sorting."""
    order: dict[int, int] = {}

    def add_blocks(blocks: Iterable[object]) -> None:
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

    add_blocks(doc.blocks)
    for top in doc.sections:
        add_section(top)
    return order


class Engine:
    """Runs a fixed set of rules over files."""

    def __init__(
        self,
        registry: Registry | None = None,
        settings: Settings | None = None,
        taxonomy: Taxonomy | None = None,
    ) -> None:
        self.registry = registry or builtin_registry()
        self.settings = settings or Settings()
        self.taxonomy = taxonomy
        self.rule_classes = select_rules(self.registry, self.settings)
        self.rules: list[Rule] = [cls() for cls in self.rule_classes]
        self._unreadable = self.registry.get("SOW001")

    def severity_of(self, rule: type[Rule]) -> Severity:
        """The configured severity of a rule (its default unless overridden)."""
        return self.settings.severity.get(rule.code, rule.severity)

    def stamp(self, rule: type[Rule], hit: Hit, path: str, fp: Fingerprinter) -> Finding:
        """Turn a rule's hit into a finding with location, severity and fingerprint."""
        loc = node_location(hit.node, path)
        loc = _refine(loc, node_text(hit.node), hit.span)
        anchor = hit.excerpt if hit.excerpt is not None else node_text(hit.node)
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=self.severity_of(rule),
            message=hit.message,
            path=path,
            location=loc,
            excerpt=hit.excerpt,
            fingerprint=fp(rule.code, loc, anchor),
            count=hit.count,
        )

    def check_document(self, doc: Document) -> list[Finding]:
        """Classify a document and run every selected rule on it."""
        classified = classify(doc, self.taxonomy)
        order = _document_order(classified)
        fp = Fingerprinter()
        keyed: list[tuple[int, int, Finding]] = []
        for rule in self.rules:
            if not classified.has_text_layer and rule.code != "SOW002":
                continue
            for hit in rule.check(classified):
                finding = self.stamp(type(rule), hit, doc.path, fp)
                start = hit.span[0] if hit.span else 0
                keyed.append((order.get(id(hit.node), -1), start, finding))
        keyed.sort(key=lambda k: (k[0], k[1], k[2].code, k[2].message))
        return [f for _, _, f in keyed]

    def check_file(self, path: Path, display: str | None = None) -> FileResult:
        """Read and check one file; a read failure becomes a SOW001 finding, never an exception."""
        shown = display or str(path)
        try:
            doc = read_document(path, shown)
        except ReadError as exc:
            result = FileResult(path=shown, error=str(exc))
            if self._unreadable is not None and any(r.code == "SOW001" for r in self.rule_classes):
                loc = Location(path=shown)
                result.findings.append(
                    Finding(
                        code="SOW001",
                        name=self._unreadable.name,
                        severity=self.severity_of(self._unreadable),
                        message=(
                            f"Cannot read this file: {exc}. Save it again as .docx, .pdf, .md, .yaml or .txt."
                        ),
                        path=shown,
                        location=loc,
                        fingerprint=Fingerprinter()("SOW001", loc, ""),
                    )
                )
            return result
        findings = self.check_document(doc)
        return FileResult(path=shown, format=doc.format, findings=findings)
