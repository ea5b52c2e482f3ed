"""Rule-test harness for sowlint's own rules and for plugin authors (pytest optional).

Run rules over text parsed by the real readers, and state the expected findings inline: a line
ending in ``{SOW112}`` expects a SOW112 finding on that line; ``{SOW112,SOW201}`` expects one of
each; ``{SOW112 x2}`` two findings of SOW112; ``{SOW112 count=3}`` one finding whose ``count`` is 3
(a rule that reports a repeated match once).  Markers are stripped before parsing, so they never
influence a rule, and stripping keeps every line number.

API:

- :func:`check` ``(text, *, rules=None, select=None, rule_dirs=(), fmt="markdown", options=None,
  path=None, profile=None, history=None) -> list[Finding]``: run the engine over ``text`` read by
  the reader for ``fmt`` (``markdown``, ``text`` or ``yaml``).  ``rules`` are rule classes (or
  paths to YAML rule files or folders) registered beside the built-in rules, or a whole
  :class:`~sowlint.engine.Registry`; ``select`` defaults to the codes of ``rules`` (for a
  Registry, to the default rule set); ``options`` is ``{code: {option: value}}`` applied like
  ``[tool.sowlint.rules.CODE]``; ``path`` is the file name findings carry (``case.md``,
  ``case.txt`` or ``case.yaml`` by format); ``profile`` puts that profile's layer under the
  selection (its severities and options apply, ``select`` still decides what runs); ``history``
  is a delivery-history CSV given to history-aware rules (SOW408) as ``--history`` would.
  :func:`check_document` takes a parsed Document, :func:`check_file` a file of any format (docx, pdf).
- :func:`parse_markers` ``(text) -> (clean_text, expected)``: the text without markers and the
  :class:`Expected` findings they state.
- :func:`load_cases` ``(path) -> list[Case]``: the cases of a YAML case file; :meth:`Case.run`
  (or :func:`assert_case`) raises :class:`AssertionError` listing missing and unexpected findings.
- :func:`case_params` ``(path)``: ``pytest.param`` objects (ids are case names, ``xfail`` cases
  marked strictly) for one case file or every case file in a folder.
- :func:`assert_examples` ``(rule_cls)``: each documented fail example fires the rule, each pass
  example does not.

A case file::

    rule: ACME101              # the code under test
    format: markdown           # optional default for every case: markdown, text or yaml
    cases:
      - name: bracket placeholder is flagged
        text: |
          ## Parties
          This SOW is between Northwind and [Client Name]. {ACME101}
      - name: a finding about the whole document (no line)
        document: [ACME101]
        text: "## Scope\\n\\nWe build the portal.\\n"
      - name: with options, a companion rule, a delivery history, and a known bug
        options: {ACME101: {threshold: 500000}}
        history: ../history.csv     # relative to the case file's folder
        select: [ACME101, SOW112]   # rules that run (default: the codes under test)
        xfail: "reason it fails today"
        text: ...

Case keys: ``name`` and ``text`` (required), ``document``, ``options``, ``select``, ``format``,
``profile``, ``path``, ``history`` and ``xfail``.  Per case, the codes under test are the file's
``rule`` plus every code named in markers or ``document``; their findings must match the
expectations exactly as a multiset of (line, code); findings of other (companion) rules are not
compared.  With pytest::

    from sowlint.testing import assert_case, case_params

    @pytest.mark.parametrize("case", case_params(Path(__file__).parent / "cases"))
    def test_case(case):
        assert_case(case, rules=[MyRule])
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sowlint.findings import Finding, Rule
from sowlint.model import Document

__all__ = [
    "Case",
    "CaseFileError",
    "Expected",
    "assert_case",
    "assert_examples",
    "case_params",
    "check",
    "check_document",
    "check_file",
    "load_cases",
    "parse_markers",
]

FORMATS = ("markdown", "text", "yaml")
_SUFFIX = {"markdown": "md", "text": "txt", "yaml": "yaml"}

_CODE = r"[A-Z]{2,5}[0-9]{3}"
_ITEM = rf"{_CODE}(?:\s+(?:x[0-9]+|count=[0-9]+))?"
#: ``{CODE}``, ``{CODE,CODE}``, ``{CODE x2}``, ``{CODE count=3}`` at the end of a line.
MARKER_RE = re.compile(rf"[ \t]*\{{\s*({_ITEM}(?:\s*,\s*{_ITEM})*)\s*\}}[ \t]*$")
_ITEM_RE = re.compile(rf"({_CODE})(?:\s+x([0-9]+)|\s+count=([0-9]+))?")
_LINE_RE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")

RuleSource = type[Rule] | str | Path


class CaseFileError(ValueError):
    """A case file is malformed; the message names the file and the case."""


@dataclass(frozen=True)
class Expected:
    """One expected finding: its line (``None`` for the whole document), code and optional count."""

    line: int | None
    code: str
    count: int | None = None

    def describe(self) -> str:
        """``line 3 SOW112`` or ``document SOW101``, with ``(count 2)`` when a count is expected."""
        where = f"line {self.line}" if self.line is not None else "document"
        extra = f" (count {self.count})" if self.count is not None else ""
        return f"{where} {self.code}{extra}"


def parse_markers(text: str) -> tuple[str, list[Expected]]:
    """Strip end-of-line ``{CODE}`` markers; return the clean text and the findings they expect."""
    expected: list[Expected] = []
    out: list[str] = []
    # Lines end at \n, \r\n or \r only, as the readers count them (str.splitlines knows more breaks).
    for n, (body, ending) in enumerate(_LINE_RE.findall(text), start=1):
        if not body and not ending:
            continue  # the empty match at the end of the text
        m = MARKER_RE.search(body)
        if m is not None:
            for item in _ITEM_RE.finditer(m.group(1)):
                code, times, count = item.group(1), item.group(2), item.group(3)
                if count is not None:
                    expected.append(Expected(n, code, int(count)))
                else:
                    expected.extend(Expected(n, code) for _ in range(int(times or 1)))
            body = body[: m.start()]
        out.append(body + ending)
    return "".join(out), expected


# -- running rules ----------------------------------------------------------------------------


def _load_sources(sources: Iterable[RuleSource]) -> list[type[Rule]]:
    from sowlint.declarative import load_rule_dir, load_rule_file

    out: list[type[Rule]] = []
    for item in sources:
        if isinstance(item, (str, Path)):
            p = Path(item)
            out.extend(load_rule_dir(p, origin=str(p)) if p.is_dir() else [load_rule_file(p, origin=str(p))])
        elif isinstance(item, type) and issubclass(item, Rule):
            out.append(item)
        else:
            raise TypeError(f"not a rule class or a path to YAML rules: {item!r}")
    return out


def _registry_and_select(
    rules: Any, rule_dirs: Sequence[str | Path], select: Sequence[str] | None
) -> tuple[Any, tuple[str, ...] | None]:
    """The registry to run with and the selection (explicit, or the codes of ``rules``)."""
    from sowlint.engine import Registry, build_registry

    extra = _load_sources(rule_dirs)  # folders load like any path
    if isinstance(rules, Registry):
        base, added = rules, []
        default_select = None
    else:
        base = build_registry((), plugins=False)
        added = _load_sources([rules] if isinstance(rules, (type, str, Path)) else (rules or ()))
        default_select = tuple(r.code for r in added) or None
    known = set(base.rules)
    new = [r for r in (*added, *extra) if r not in known]
    registry = Registry(tuple(sorted([*base.rules, *new], key=lambda r: r.code))) if new else base
    chosen = tuple(select) if select is not None else default_select
    return registry, chosen


def _engine(
    rules: Any,
    select: Sequence[str] | None,
    rule_dirs: Sequence[str | Path],
    options: Mapping[str, Mapping[str, Any]] | None,
    profile: str | None,
    history: str | Path | None = None,
) -> Any:
    from sowlint.config import Config, Layer, cli_layer
    from sowlint.engine import Engine

    registry, chosen = _registry_and_select(rules, rule_dirs, select)
    layers = [Layer(source="test", rules={k: dict(v) for k, v in (options or {}).items()})] if options else []
    cli = cli_layer(select=chosen, profile=profile, history=Path(history) if history is not None else None)
    config = Config(layers, cli, registry=registry, plugins=False)
    return Engine(config=config)


def parse(text: str, fmt: str = "markdown", path: str | None = None) -> Document:
    """Parse ``text`` with the real reader for ``fmt`` (markdown, text or yaml)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    shown = path or f"case.{_SUFFIX[fmt]}"
    if fmt == "markdown":
        from sowlint.readers.markdown import parse_markdown

        return parse_markdown(text, shown)
    if fmt == "text":
        from sowlint.readers.text import parse_text

        return parse_text(text, shown)
    from sowlint.readers.yaml import parse_yaml

    return parse_yaml(text, shown)


def check_document(
    doc: Document,
    *,
    rules: Any = None,
    select: Sequence[str] | None = None,
    rule_dirs: Sequence[str | Path] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    profile: str | None = None,
    history: str | Path | None = None,
) -> list[Finding]:
    """Run the engine over an already parsed document (see :func:`check` for the arguments)."""
    return list(_engine(rules, select, rule_dirs, options, profile, history).check_document(doc))


def check(
    text: str,
    *,
    rules: Any = None,
    select: Sequence[str] | None = None,
    rule_dirs: Sequence[str | Path] = (),
    fmt: str = "markdown",
    options: Mapping[str, Mapping[str, Any]] | None = None,
    path: str | None = None,
    profile: str | None = None,
    history: str | Path | None = None,
) -> list[Finding]:
    """Run the engine over ``text`` parsed by the real reader for ``fmt``; return the findings.

    ``rules``: rule classes or YAML rule paths registered beside the built-ins (or a Registry);
    ``select`` defaults to their codes.  ``options``: ``{code: {option: value}}``.  ``history``:
    a delivery-history CSV for the history-aware rules (SOW408).
    """
    doc = parse(text, fmt, path)
    return check_document(
        doc,
        rules=rules,
        select=select,
        rule_dirs=rule_dirs,
        options=options,
        profile=profile,
        history=history,
    )


def check_file(
    file: str | Path,
    *,
    rules: Any = None,
    select: Sequence[str] | None = None,
    rule_dirs: Sequence[str | Path] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    profile: str | None = None,
    history: str | Path | None = None,
) -> list[Finding]:
    """Read a file of any format (docx, pdf, md, yaml, txt) and run the engine over it."""
    engine = _engine(rules, select, rule_dirs, options, profile, history)
    result = engine.check_file(Path(file), str(file))
    if result.error is not None and not result.findings:
        raise ValueError(f"{file}: {result.error}")
    return list(result.findings)


# -- comparing ----------------------------------------------------------------------------------


def compare(expected: Sequence[Expected], findings: Sequence[Finding], codes: Iterable[str]) -> str | None:
    """``None`` when the findings of ``codes`` match ``expected`` (as a multiset), else a listing."""
    wanted = set(codes)
    actual = [f for f in findings if f.code in wanted]
    remaining = list(actual)
    missing: list[Expected] = []
    # exact (with count) expectations first, then line and code only
    for exp in sorted(expected, key=lambda e: e.count is None):
        match = next(
            (
                f
                for f in remaining
                if f.code == exp.code
                and f.location.line == exp.line
                and (exp.count is None or f.count == exp.count)
            ),
            None,
        )
        if match is None:
            missing.append(exp)
        else:
            remaining.remove(match)
    if not missing and not remaining:
        return None
    lines = []
    if missing:
        lines.append("missing (expected but not reported):")
        lines.extend(f"  {e.describe()}" for e in sorted(missing, key=_order))
    if remaining:
        lines.append("unexpected (reported but not expected):")
        lines.extend(f"  {_describe(f)}" for f in remaining)
    if len(remaining) < len(actual):
        lines.append(f"all findings of {', '.join(sorted(wanted))}:")
        lines.extend(f"  {_describe(f)}" for f in actual)
    return "\n".join(lines)


def _order(e: Expected) -> tuple[int, str]:
    return (e.line or 0, e.code)


def _describe(f: Finding) -> str:
    where = f"line {f.location.line}" if f.location.line is not None else "document"
    count = f" (count {f.count})" if f.count != 1 else ""
    return f"{where} {f.code}{count}: {f.message}"


# -- case files ---------------------------------------------------------------------------------

_CASE_KEYS = {
    "name",
    "text",
    "document",
    "options",
    "select",
    "format",
    "profile",
    "xfail",
    "path",
    "history",
}
_FILE_KEYS = {"rule", "format", "cases"}


@dataclass(frozen=True)
class Case:
    """One case of a case file: text with markers, what else is expected, and how to run it."""

    name: str
    text: str
    rule: str | None = None
    document: tuple[str, ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    select: tuple[str, ...] | None = None
    fmt: str = "markdown"
    profile: str | None = None
    xfail: str | None = None
    path: str | None = None
    #: A delivery-history CSV, relative to the case file's folder (or absolute).
    history: str | None = None
    source: str = ""

    @property
    def clean_text(self) -> str:
        """The text as the reader sees it (markers stripped)."""
        return parse_markers(self.text)[0]

    @property
    def expected(self) -> list[Expected]:
        """Expected findings: the markers' and the ``document`` ones."""
        return [*parse_markers(self.text)[1], *(Expected(None, c) for c in self.document)]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes under test: the file's rule plus every code the case names."""
        named = [e.code for e in self.expected]
        return tuple(dict.fromkeys([*([self.rule] if self.rule else []), *named]))

    @property
    def history_path(self) -> Path | None:
        """The case's delivery history resolved against the case file's folder; None without one."""
        if self.history is None:
            return None
        p = Path(self.history)
        return p if p.is_absolute() or not self.source else Path(self.source).parent / p

    def findings(self, rules: Any = None, rule_dirs: Sequence[str | Path] = ()) -> list[Finding]:
        """Run the case's rules (``select``, else the codes under test) over its clean text."""
        return check(
            self.clean_text,
            rules=rules,
            select=self.select if self.select is not None else self.codes,
            rule_dirs=rule_dirs,
            fmt=self.fmt,
            options=self.options,
            path=self.path,
            profile=self.profile,
            history=self.history_path,
        )

    def run(self, rules: Any = None, rule_dirs: Sequence[str | Path] = ()) -> None:
        """Raise :class:`AssertionError` unless the findings match the expectations exactly."""
        problem = compare(self.expected, self.findings(rules, rule_dirs), self.codes)
        if problem is not None:
            where = f"{self.source}: " if self.source else ""
            raise AssertionError(f"{where}case {self.name!r}:\n{problem}")


def assert_case(case: Case, rules: Any = None, rule_dirs: Sequence[str | Path] = ()) -> None:
    """Run one case and raise :class:`AssertionError` listing missing and unexpected findings."""
    case.run(rules, rule_dirs)


def _unknown(keys: set[str], known: set[str]) -> str:
    return f"unknown key(s) {', '.join(sorted(keys))} (known: {', '.join(sorted(known))})"


def _codes_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseFileError(f"{where}: '{key}' must be a list of rule codes")
    return tuple(value)


def _case(raw: Any, n: int, path: Path, rule: str | None, fmt: str) -> Case:
    where = f"{path}: case {n}"
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where}: a case must be a mapping")
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        raise CaseFileError(f"{where}: {_unknown(unknown, _CASE_KEYS)}")
    name, text = raw.get("name"), raw.get("text")
    if not isinstance(name, str) or not name.strip():
        raise CaseFileError(f"{where}: 'name' is required")
    where = f"{path}: case {name!r}"
    if not isinstance(text, str):
        raise CaseFileError(f"{where}: 'text' is required and must be a string")
    options = raw.get("options") or {}
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise CaseFileError(f"{where}: 'options' must map rule codes to option tables")
    case_fmt = raw.get("format", fmt)
    if case_fmt not in FORMATS:
        raise CaseFileError(f"{where}: 'format' must be one of {', '.join(FORMATS)}")
    xfail = raw.get("xfail")
    if xfail is not None and (not isinstance(xfail, str) or not xfail.strip()):
        raise CaseFileError(f"{where}: 'xfail' must be the reason, a non-empty string")
    select = raw.get("select")
    history = raw.get("history")
    if history is not None and (not isinstance(history, str) or not history.strip()):
        raise CaseFileError(f"{where}: 'history' must be the path of a history CSV file")
    return Case(
        name=name,
        text=text,
        rule=rule,
        document=_codes_list(raw.get("document") or [], where, "document"),
        options=options,
        select=_codes_list(select, where, "select") if select is not None else None,
        fmt=case_fmt,
        profile=raw.get("profile"),
        xfail=xfail,
        path=raw.get("path"),
        history=history,
        source=str(path),
    )


def load_cases(path: str | Path) -> list[Case]:
    """Load the cases of one YAML case file; :class:`CaseFileError` names the file and case."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CaseFileError(f"{p}: cannot read case file: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list) or not data["cases"]:
        raise CaseFileError(f"{p}: a case file is a mapping with a non-empty 'cases' list")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise CaseFileError(f"{p}: {_unknown(unknown, _FILE_KEYS)}")
    rule = data.get("rule")
    if rule is not None and not isinstance(rule, str):
        raise CaseFileError(f"{p}: 'rule' must be a rule code")
    fmt = data.get("format", "markdown")
    cases = [_case(raw, n, p, rule, fmt) for n, raw in enumerate(data["cases"], start=1)]
    dupes = [name for name, k in Counter(c.name for c in cases).items() if k > 1]
    if dupes:
        raise CaseFileError(f"{p}: case names must be unique; repeated: {', '.join(dupes)}")
    return cases


def case_files(path: str | Path) -> list[Path]:
    """The case file itself, or every ``*.yaml``/``*.yml`` file in a folder (sorted)."""
    p = Path(path)
    if p.is_dir():
        return sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file())
    return [p]


def case_params(path: str | Path) -> list[Any]:
    """``pytest.param`` per case of a file (id: case name) or folder (id: ``file::name``).

    A case with ``xfail`` gets a strict ``xfail`` mark, so it fails loudly once the rule is fixed.
    pytest is imported only when this is called.
    """
    import pytest

    files = case_files(path)
    params = []
    for f in files:
        for case in load_cases(f):
            ident = case.name if len(files) == 1 and not Path(path).is_dir() else f"{f.stem}::{case.name}"
            marks = []
            if case.xfail:
                marks.append(pytest.mark.xfail(reason=case.xfail, strict=True, raises=AssertionError))
            params.append(pytest.param(case, id=ident, marks=marks))
    return params


# -- documented examples ------------------------------------------------------------------------


def assert_examples(
    rule_cls: type[Rule],
    *,
    companions: Sequence[str] = (),
    rules: Any = None,
    fmt: str = "markdown",
    history: str | Path | None = None,
) -> None:
    """Each documented fail example fires ``rule_cls``, and no pass example does.

    ``companions``: other rule codes that must run beside it (an unused-suppression rule needs the
    rule it waives).  ``rules``: further rule classes the examples need registered.  ``history``:
    the delivery history a history-aware rule's examples are written against.
    """
    from sowlint.engine import builtin_registry

    extra: list[Any] = list(rules or ())
    if builtin_registry().get(rule_cls.code) is not rule_cls:
        extra.append(rule_cls)
    select = (rule_cls.code, *companions)
    if not rule_cls.fail_examples and not rule_cls.pass_examples:
        raise AssertionError(f"{rule_cls.code} documents no examples")
    problems: list[str] = []
    for example in rule_cls.fail_examples:
        found = check(example, rules=extra, select=select, fmt=fmt, history=history)
        if not any(f.code == rule_cls.code for f in found):
            problems.append(f"fail example did not fire {rule_cls.code}:\n{_indent(example)}")
    for example in rule_cls.pass_examples:
        found = [
            f
            for f in check(example, rules=extra, select=select, fmt=fmt, history=history)
            if f.code == rule_cls.code
        ]
        if found:
            listing = "\n".join(f"  {_describe(f)}" for f in found)
            problems.append(f"pass example fired {rule_cls.code}:\n{_indent(example)}\n{listing}")
    if problems:
        raise AssertionError("\n".join(problems))


def _indent(text: str) -> str:
    return "\n".join(f"    | {line}" for line in text.rstrip("\n").splitlines())
