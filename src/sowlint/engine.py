"""The engine: read -> classify -> run the selected rules -> stamp findings -> sort.

Rules yield :class:`~sowlint.findings.Hit`; only the engine turns a node into a position, a
severity and a fingerprint, so every rule works the same on every format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sowlint.classify import Taxonomy, classify
from sowlint.findings import Finding, Fingerprinter, Hit, Rule, Severity, node_location, node_text
from sowlint.model import Directive, Document, Format, Location
from sowlint.readers import ReadError, read_document
from sowlint.suppress import apply_directives

if TYPE_CHECKING:
    from sowlint.config import Config


class SelectionError(ValueError):
    """A selector names no known rule."""


@dataclass(frozen=True)
class Registry:
    """Every known rule class, in code order."""

    rules: tuple[type[Rule], ...]

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for r in self.rules:
            where = getattr(r, "source_file", "") or r.origin
            for field_name, key in (("code", r.code), ("name", r.name)):
                if key in seen:
                    raise ValueError(
                        f"{where}: field '{field_name}': duplicate rule {field_name} {key!r} "
                        f"(already defined by {seen[key]})"
                    )
                seen[key] = where

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


class RegistryError(ValueError):
    """Rules from a plugin or rule folder clash with others, or cannot be loaded."""


def build_registry(rule_dirs: Iterable[Path] = (), *, plugins: bool = True) -> Registry:
    """The built-in rules, plus installed plugins' rules and the YAML rules in ``rule_dirs``."""
    from sowlint.declarative import RuleFileError, load_rule_dir

    base = builtin_registry()
    extra: list[type[Rule]] = []
    if plugins:
        from sowlint.plugins import load_plugins

        extra.extend(load_plugins())
    for folder in rule_dirs:
        try:
            extra.extend(load_rule_dir(folder, origin=str(folder)))
        except RuleFileError as exc:
            raise RegistryError(str(exc)) from None
    if not extra:
        return base
    try:
        return Registry(tuple(sorted([*base.rules, *extra], key=lambda r: r.code)))
    except ValueError as exc:
        raise RegistryError(str(exc)) from None


@dataclass(frozen=True)
class Settings:
    """What to run and what fails: the engine's view of the configuration."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    severity: dict[str, Severity] = field(default_factory=dict)


@dataclass
class FileResult:
    """The outcome for one input file."""

    path: str
    format: Format | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    profile: str | None = None
    profile_reason: str | None = None
    suppressed: int = 0
    #: words in the document (for the readiness score's per-1,000-words measures)
    words: int | None = None
    #: rules that raised on this document (see ``DocumentResult.crashed``)
    crashed: list[str] = field(default_factory=list)


@dataclass
class DocumentResult:
    """Findings for one parsed document, with the profile used and how many were waived."""

    findings: list[Finding]
    profile: str
    profile_reason: str
    suppressed: int = 0
    #: one sentence per rule that raised on this document (its findings are missing)
    crashed: list[str] = field(default_factory=list)


def _refine(loc: Location, text: str, span: tuple[int, int] | None) -> Location:
    """Move a block's location to the line and column of a match inside it, where lines are known."""
    if span is None or loc.line is None:
        return loc
    before = text[: span[0]]
    line = loc.line + before.count("\n")
    col = span[0] - (before.rfind("\n") + 1) + (loc.column or 1 if "\n" not in before else 1)
    update: dict[str, int | None] = {"line": line, "column": col}
    if "\n" in text:
        update["end_line"] = line + text[span[0] : span[1]].count("\n")  # pinned to the matched lines
    return loc.model_copy(update=update)


def _settings_layer(settings: Settings) -> Any:
    """Legacy :class:`Settings` as the command-line layer of a configuration."""
    from sowlint.config import Layer

    return Layer(
        source="command line",
        select=settings.select,
        extend_select=settings.extend_select,
        ignore=settings.ignore,
        fail_on=settings.fail_on,
        rules={code: {"severity": sev.value} for code, sev in settings.severity.items()},
    )


class Engine:
    """Runs the configured rules over documents and files."""

    def __init__(
        self,
        registry: Registry | None = None,
        settings: Settings | None = None,
        taxonomy: Taxonomy | None = None,
        config: Config | None = None,
    ) -> None:
        from sowlint.config import Config, ConfigError

        if config is None:
            cli = _settings_layer(settings or Settings())
            try:
                config = Config((), cli, plugins=False, registry=registry)
            except ConfigError as exc:
                raise SelectionError(str(exc)) from None
        self.config = config
        self.registry = config.registry
        self.taxonomy = taxonomy
        self.fail_on = config.fail_on
        self._unreadable = self.registry.get("SOW001")
        self._resolve: dict[str, str] = {}
        for r in self.registry.rules:
            self._resolve[r.code] = r.code
            self._resolve[r.name] = r.code

    def stamp(self, rule: type[Rule], hit: Hit, path: str, fp: Fingerprinter, severity: Severity) -> Finding:
        """Turn a rule's hit into a finding with location, severity and fingerprint."""
        loc = node_location(hit.node, path)
        loc = _refine(loc, node_text(hit.node), hit.span)
        anchor = hit.excerpt if hit.excerpt is not None else node_text(hit.node)
        occurrences: tuple[Location, ...] = ()
        if hit.more:
            occurrences = (
                loc,
                *(_refine(node_location(n, path), node_text(n), span) for n, span in hit.more),
            )
        return Finding(
            code=rule.code,
            name=rule.name,
            severity=severity,
            message=hit.message,
            path=path,
            location=loc,
            excerpt=hit.excerpt,
            fingerprint=fp(rule.code, loc, anchor),
            count=hit.count,
            occurrences=occurrences,
        )

    def check_document(self, doc: Document) -> list[Finding]:
        """Classify a document and run every selected rule on it; return the findings."""
        return self.run_document(doc).findings

    def run_document(self, doc: Document) -> DocumentResult:
        """Classify, pick the profile, run its rules, apply per-file ignores and suppressions."""
        classified = classify(doc, self.taxonomy)
        choice = self.config.choose_profile(classified)
        rule_set = self.config.rule_set(choice.name)
        ignored, _ = self.config.ignored_for(Path(doc.path))
        order = classified.reading_order()
        fp = Fingerprinter()
        keyed: list[tuple[int, int, Finding]] = []
        ran: set[str] = set()
        crashed: list[str] = []
        for rule in rule_set.rules:
            cls = type(rule)
            if cls.code in ignored:
                continue
            if not classified.has_text_layer and cls.code != "SOW002":
                continue
            ran.add(cls.code)
            severity = rule_set.severity.get(cls.code, cls.severity)
            try:
                for hit in rule.check(classified):
                    finding = self.stamp(cls, hit, doc.path, fp, severity)
                    start = hit.span[0] if hit.span else 0
                    place = -1 if hit.node is classified else order.get(id(hit.node), -1)  # document first
                    keyed.append((place, start, finding))
            except Exception as exc:  # one rule's bug must not cost the other rules' findings
                crashed.append(
                    f"rule {cls.code} ({type(exc).__name__}: {exc}) failed, so its findings for this file "
                    f"are missing; this is a bug in {cls.origin}, please report it"
                )
        keyed.sort(key=lambda k: (k[0], k[1], k[2].code, k[2].message))
        findings = [f for _, _, f in keyed]
        outcome = apply_directives(classified.directives, findings, self._resolve, ran)
        findings = outcome.kept
        if "SOW004" in ran and outcome.unused:
            findings.extend(self._unused_findings(outcome.unused, doc.path, fp, rule_set.severity))
        return DocumentResult(findings, choice.name, choice.reason, outcome.suppressed, crashed)

    def _unused_findings(
        self,
        unused: list[tuple[Directive, str]],
        path: str,
        fp: Fingerprinter,
        severities: Mapping[str, Severity],
    ) -> list[Finding]:
        cls = self.registry.get("SOW004")
        if cls is None:
            return []
        out = []
        for directive, code in unused:
            if self.registry.get(code) is None:
                message = (
                    f"The suppression names {code!r}, which is no rule (see 'sowlint rules'): "
                    "correct or remove it."
                )
            else:
                message = f"Nothing here is reported by {code}: remove it from this suppression comment."
            loc = directive.location.model_copy(update={"path": path})
            out.append(
                Finding(
                    code=cls.code,
                    name=cls.name,
                    severity=severities.get(cls.code, cls.severity),
                    message=message,
                    path=path,
                    location=loc,
                    excerpt=directive.text or None,
                    fingerprint=fp(cls.code, loc, f"{directive.text} {code}"),
                )
            )
        return out

    def check_file(self, path: Path, display: str | None = None) -> FileResult:
        """Read and check one file; a read failure becomes a SOW001 finding, never an exception."""
        shown = display or str(path)
        try:
            doc = read_document(path, shown)
        except ReadError as exc:
            return self._unreadable_result(shown, str(exc))
        result = self.run_document(doc)
        return FileResult(
            path=shown,
            format=doc.format,
            findings=result.findings,
            profile=result.profile,
            profile_reason=result.profile_reason,
            suppressed=result.suppressed,
            words=doc.word_count(),
            crashed=result.crashed,
        )

    def _unreadable_result(self, shown: str, error: str) -> FileResult:
        result = FileResult(path=shown, error=error)
        choice = self.config.choose_profile(None)
        codes = {type(r).code for r in self.config.rule_set(choice.name).rules}
        ignored, _ = self.config.ignored_for(Path(shown))
        if self._unreadable is not None and "SOW001" in codes and "SOW001" not in ignored:
            loc = Location(path=shown)
            severity = self.config.rule_set(choice.name).severity.get("SOW001", self._unreadable.severity)
            result.findings.append(
                Finding(
                    code="SOW001",
                    name=self._unreadable.name,
                    severity=severity,
                    message=(
                        f"Cannot read this file: {error}. Save it again as .docx, .pdf, .md, .yaml or .txt."
                    ),
                    path=shown,
                    location=loc,
                    fingerprint=Fingerprinter()("SOW001", loc, ""),
                )
            )
        return result
