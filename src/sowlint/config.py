"""Configuration: discovery, profiles and presets, layered merge, validation and provenance.

Settings come in layers, lowest first: built-in defaults, the profile (``vendor-sow``, ``pws``,
``proposal``, or one picked per document by ``profile = "auto"``), each file named by ``extends``
(a preset name or a path), the configuration file itself, and the command line.  ``select``
replaces the rule set of the layers below it, ``extend-select`` adds to it and ``ignore`` removes
from it, applied layer by layer as ruff does; severities and rule options merge per key, the
higher layer winning.  Every resolved value remembers which layer set it, so ``sowlint config``
can say where it came from.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sowlint.findings import Rule, RuleOptions, Severity
from sowlint.model import Document
from sowlint.resources import rules_dir

if TYPE_CHECKING:
    from sowlint.engine import Registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: File names looked for in each folder from the current one up to the root, in this order.
CONFIG_NAMES = ("sowlint.toml", ".sowlint.toml", "pyproject.toml")
DEFAULT_PROFILE = "vendor-sow"
AUTO = "auto"


class ConfigError(ValueError):
    """A configuration file (or command-line setting) is invalid; the message names file and key."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class ConfigModel(BaseModel):
    """The keys of ``sowlint.toml`` / ``[tool.sowlint]`` (kebab-case, as ruff spells them)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    profile: str | None = None
    extends: str | list[str] | None = None
    select: list[str] | None = None
    extend_select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    rule_dirs: list[str] = Field(default_factory=list)
    fail_on: Severity | None = None
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict)
    exclude: list[str] = Field(default_factory=list)
    history: str | None = None
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: readiness-score settings (see sowlint.score.ScoreSettings), validated by ``sowlint score``
    score: dict[str, Any] = Field(default_factory=dict)
    #: scope-drift limits (see sowlint.drift.Limits), validated by ``sowlint diff``
    diff: dict[str, Any] = Field(default_factory=dict)

    @field_validator("select", "extend_select", "ignore", mode="before")
    @classmethod
    def _comma_string(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [s.strip() for s in v.split(",") if s.strip()]
        return v


class DetectModel(BaseModel):
    """How ``profile = "auto"`` recognises documents of a profile."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    priority: int = 100
    titles: list[str] = Field(default_factory=list)
    text: list[str] = Field(default_factory=list)
    min_text: int = 5


class ProfileModel(ConfigModel):
    """A profile file in ``rules/profiles/``: configuration keys plus a description and detection."""

    description: str = ""
    detect: DetectModel | None = None


@dataclass(frozen=True)
class Layer:
    """One source of settings, already validated; paths in it are absolute."""

    source: str
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    rule_dirs: tuple[Path, ...] = ()
    per_file_ignores: tuple[tuple[str, Path, tuple[str, ...]], ...] = ()
    exclude: tuple[tuple[str, Path], ...] = ()
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    profile: str | None = None
    history: Path | None = None
    score: Mapping[str, Any] = field(default_factory=dict)
    diff: Mapping[str, Any] = field(default_factory=dict)
    #: How keys are spelled in messages: ``tool.sowlint.`` in pyproject.toml, ``--`` on the command line.
    prefix: str = ""


@dataclass(frozen=True)
class Profile:
    """A shipped profile: its settings layer and how to recognise its documents."""

    name: str
    description: str
    layer: Layer
    detect: DetectModel | None
    title_res: tuple[re.Pattern[str], ...] = ()
    text_res: tuple[re.Pattern[str], ...] = ()


def _profiles_dir() -> Path:
    return rules_dir() / "profiles"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _validation_message(path: Path, exc: ValidationError, prefix: str = "") -> str:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "?"
    msg = err["msg"].replace("Extra inputs are not permitted", "unknown key")
    return f"{path}: key '{prefix}{key}': {msg}"


def _layer(model: ConfigModel, source: str, base: Path, prefix: str = "") -> Layer:
    """Turn a validated config model into a layer, resolving paths against ``base``."""
    return Layer(
        source=source,
        select=tuple(model.select) if model.select is not None else None,
        extend_select=tuple(model.extend_select),
        ignore=tuple(model.ignore),
        fail_on=model.fail_on,
        rule_dirs=tuple((base / d).resolve() for d in model.rule_dirs),
        per_file_ignores=tuple((glob, base, tuple(codes)) for glob, codes in model.per_file_ignores.items()),
        exclude=tuple((glob, base) for glob in model.exclude),
        rules={k: dict(v) for k, v in model.rules.items()},
        profile=model.profile,
        history=(base / model.history).resolve() if model.history else None,
        score=dict(model.score),
        diff=dict(model.diff),
        prefix=prefix,
    )


@lru_cache(maxsize=8)
def load_profile(name: str) -> Profile:
    """Load a shipped profile by name; :class:`ConfigError` if there is none."""
    path = _profiles_dir() / f"{name}.toml"
    if not path.is_file():
        raise ConfigError(f"unknown profile {name!r} (known: {', '.join(profile_names())}, or 'auto')")
    data = _read_toml(path)
    try:
        model = ProfileModel.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_validation_message(path, exc)) from None
    flags = re.IGNORECASE
    detect = model.detect
    try:
        title_res = tuple(re.compile(p, flags) for p in (detect.titles if detect else ()))
        text_res = tuple(re.compile(p, flags) for p in (detect.text if detect else ()))
    except re.error as exc:
        raise ConfigError(f"{path}: key 'detect': bad regular expression: {exc}") from None
    return Profile(
        name=name,
        description=model.description,
        layer=_layer(model, f"profile {name}", path.parent),
        detect=detect,
        title_res=title_res,
        text_res=text_res,
    )


def profile_names() -> tuple[str, ...]:
    """Names of the shipped profiles."""
    return tuple(sorted(p.stem for p in _profiles_dir().glob("*.toml")))


def find_config(start: Path) -> Path | None:
    """The nearest ``sowlint.toml``, ``.sowlint.toml`` or ``pyproject.toml`` with ``[tool.sowlint]``."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if not path.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = _read_toml(path)
                except ConfigError:
                    continue
                if not isinstance(data.get("tool"), dict) or "sowlint" not in data["tool"]:
                    continue
            return path
    return None


def _config_table(path: Path) -> tuple[dict[str, Any], str]:
    """The sowlint table of a config file and the key prefix to name in messages."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("sowlint")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: has no [tool.sowlint] table")
        return table, "tool.sowlint."
    return data, ""


def load_file_layers(path: Path, _seen: tuple[Path, ...] = ()) -> list[Layer]:
    """Layers for a config file: what it ``extends`` (lowest first), then the file itself."""
    path = path.resolve()
    table, prefix = _config_table(path)
    if path in _seen:
        chain = " -> ".join(str(p) for p in (*_seen, path))
        parent_prefix = "tool.sowlint." if _seen[-1].name == "pyproject.toml" else ""
        raise ConfigError(f"{_seen[-1]}: key '{parent_prefix}extends': circular ({chain})")
    try:
        model = ConfigModel.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_validation_message(path, exc, prefix)) from None
    layers: list[Layer] = []
    parents = [model.extends] if isinstance(model.extends, str) else list(model.extends or [])
    for parent in parents:
        if parent in profile_names():
            # a preset is a profile: extending it makes it the profile (applied once, at the bottom)
            layers.append(Layer(source=f"{path} (extends {parent})", profile=parent, prefix=prefix))
            continue
        parent_path = (path.parent / parent).resolve()
        if not parent_path.is_file():
            raise ConfigError(
                f"{path}: key '{prefix}extends': {parent!r} is neither a preset "
                f"({', '.join(profile_names())}) nor a file"
            )
        layers.extend(load_file_layers(parent_path, (*_seen, path)))
    if model.history and not (path.parent / model.history).is_file():
        raise ConfigError(f"{path}: key '{prefix}history': {model.history!r}: no such file")
    for folder in model.rule_dirs:
        if not (path.parent / folder).is_dir():
            raise ConfigError(f"{path}: key '{prefix}rule-dirs': {folder!r}: rule folder does not exist")
    layers.append(_layer(model, str(path), path.parent, prefix))
    return layers


@dataclass(frozen=True)
class ProfileChoice:
    """The profile used for one document, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class RuleSet:
    """What runs on a document: rule instances (with options) and severities, with provenance."""

    profile: str
    rules: tuple[Rule, ...]
    severity: Mapping[str, Severity]
    enabled_by: Mapping[str, str]
    severity_from: Mapping[str, str]
    options_from: Mapping[str, str]


def _words(codes: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for c in codes:
        out.extend(s.strip() for s in c.split(",") if s.strip())
    return tuple(out)


def _match_glob(pattern: str, base: Path, path: Path) -> bool:
    """ruff-like glob test: against the path relative to the config folder, or the file name."""
    try:
        rel = path.resolve().relative_to(base).as_posix()
    except ValueError:
        rel = path.resolve().as_posix()
    pats = [pattern]
    if pattern.startswith("**/"):
        pats.append(pattern[3:])
    if pattern.endswith("/"):
        pats.append(pattern + "*")
    if any(fnmatch.fnmatchcase(rel, p) for p in pats):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(path.name, pattern)


class Config:
    """The effective configuration: layers, registry, and per-document rule sets."""

    def __init__(
        self,
        file_layers: Sequence[Layer] = (),
        cli: Layer | None = None,
        *,
        path: Path | None = None,
        plugins: bool = True,
        registry: Registry | None = None,
    ) -> None:
        self.path = path
        self.plugins = plugins
        self.file_layers = tuple(file_layers)
        self.cli = cli or Layer(source="command line")
        self.profile_setting, self.profile_source = self._profile_setting()
        if self.profile_setting != AUTO and self.profile_setting not in profile_names():
            where = (
                "--profile" if self.profile_source == "command line" else f"key '{self._prefix_of()}profile'"
            )
            raise ConfigError(
                f"{self.profile_source}: {where}: unknown profile {self.profile_setting!r} "
                f"(known: {', '.join(profile_names())}, or 'auto')"
            )
        from sowlint.engine import RegistryError, build_registry

        dirs: list[Path] = []
        for layer in self._all_layers_for(None):
            dirs.extend(layer.rule_dirs)
        self.rule_dirs = tuple(dict.fromkeys(dirs))
        try:
            self.registry = registry or build_registry(self.rule_dirs, plugins=plugins)
        except RegistryError as exc:
            raise ConfigError(str(exc)) from None
        self._cache: dict[str, RuleSet] = {}
        self._validate_rules_tables()
        self.fail_on, self.fail_on_source = self._fail_on()
        self.history_path, self.history_source = self._history_setting()
        #: the [diff] and [score] tables, merged key by key over the layers (higher wins)
        self.diff: dict[str, Any] = {}
        self.score: dict[str, Any] = {}
        for layer in self.file_layers:
            self.diff.update(layer.diff)
            self.score.update(layer.score)
        self._history: Any = None

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def discover(
        cls,
        config_file: Path | None = None,
        cli: Layer | None = None,
        *,
        start: Path | None = None,
        isolated: bool = False,
        plugins: bool = True,
    ) -> Config:
        """Find (or take) the configuration file and build the effective configuration."""
        path = config_file
        if path is not None and not path.is_file():
            raise ConfigError(f"{path}: no such configuration file")
        if path is None and not isolated:
            path = find_config(start or Path.cwd())
        layers = load_file_layers(path) if path is not None else []
        return cls(layers, cli, path=path.resolve() if path else None, plugins=plugins)

    def _profile_setting(self) -> tuple[str, str]:
        for layer in (self.cli, *reversed(self.file_layers)):
            if layer.profile:
                return layer.profile, layer.source
        return DEFAULT_PROFILE, "default"

    def _prefix_of(self) -> str:
        for layer in self.file_layers:
            if layer.source == self.profile_source:
                return layer.prefix
        return ""

    def _all_layers_for(self, profile: str | None) -> list[Layer]:
        name = profile or (self.profile_setting if self.profile_setting != AUTO else DEFAULT_PROFILE)
        return [load_profile(name).layer, *self.file_layers, self.cli]

    def _history_setting(self) -> tuple[Path | None, str]:
        for layer in (self.cli, *reversed(self.file_layers)):
            if layer.history is not None:
                return layer.history, layer.source
        return None, "default"

    def history(self) -> Any:
        """The delivery history (``history`` key or ``--history``), loaded once; None when unset.

        Raises :class:`ConfigError` naming the file when it cannot be read.
        """
        if self.history_path is None:
            return None
        if self._history is None:
            from sowlint.history import HistoryError, load_history

            try:
                self._history = load_history(self.history_path)
            except HistoryError as exc:
                raise ConfigError(str(exc)) from None
        return self._history

    def _fail_on(self) -> tuple[Severity, str]:
        for layer in (self.cli, *reversed(self.file_layers)):
            if layer.fail_on is not None:
                return layer.fail_on, layer.source
        return Severity.WARNING, "default"

    def _validate_rules_tables(self) -> None:
        """Each ``[rules.X]`` table names a known rule and holds only severity and its options."""
        for layer in [*self.file_layers, self.cli]:
            for key, table in layer.rules.items():
                rule = self.registry.get(key)
                if rule is None:
                    raise ConfigError(
                        f"{layer.source}: key '{layer.prefix}rules.{key}': unknown rule (see 'sowlint rules')"
                    )
                opts = {k: v for k, v in table.items() if k != "severity"}
                if "severity" in table:
                    try:
                        Severity(table["severity"])
                    except ValueError:
                        raise ConfigError(
                            f"{layer.source}: key '{layer.prefix}rules.{key}.severity': "
                            "must be error, warning or info"
                        ) from None
                try:
                    rule.Options.model_validate(opts)
                except ValidationError as exc:
                    raise ConfigError(
                        _validation_message(Path(layer.source), exc, f"{layer.prefix}rules.{key}.")
                    ) from None
            for selectors in (layer.select or (), layer.extend_select, layer.ignore):
                for sel in _words(selectors):
                    if not self.registry.matching(sel):
                        raise ConfigError(
                            f"{layer.source}: unknown rule selector {sel!r} (see 'sowlint rules')"
                        )
            for _glob, _base, codes in layer.per_file_ignores:
                for sel in _words(codes):
                    if not self.registry.matching(sel):
                        raise ConfigError(
                            f"{layer.source}: key '{layer.prefix}per-file-ignores': "
                            f"unknown rule selector {sel!r}"
                        )

    # -- per document -------------------------------------------------------------------------
    def choose_profile(self, doc: Document | None) -> ProfileChoice:
        """The profile for a document: the configured one, or the detected one for ``auto``."""
        if self.profile_setting != AUTO:
            return ProfileChoice(self.profile_setting, f"set by {self.profile_source}")
        if doc is None:
            return ProfileChoice(DEFAULT_PROFILE, "auto: no document")
        return detect_profile(doc)

    def rule_set(self, profile: str) -> RuleSet:
        """The rules (with options and severities) that run under a profile."""
        if profile not in self._cache:
            self._cache[profile] = self._build_rule_set(profile)
        return self._cache[profile]

    def _build_rule_set(self, profile: str) -> RuleSet:
        reg = self.registry
        enabled: dict[str, str] = {r.code: "default" for r in reg.rules if r.default_enabled}
        severity: dict[str, Severity] = {}
        severity_from: dict[str, str] = {}
        options: dict[str, dict[str, Any]] = {}
        options_from: dict[str, str] = {}
        for layer in self._all_layers_for(profile):
            if layer.select is not None:
                enabled = {}
                for sel in _words(layer.select):
                    for r in reg.matching(sel):
                        enabled[r.code] = f"{layer.source} (select)"
            for sel in _words(layer.extend_select):
                for r in reg.matching(sel):
                    enabled[r.code] = f"{layer.source} (extend-select)"
            for sel in _words(layer.ignore):
                for r in reg.matching(sel):
                    enabled.pop(r.code, None)
            for key, table in layer.rules.items():
                rule = reg.get(key)
                if rule is None:  # a shipped profile naming a rule a custom registry lacks
                    continue
                if "severity" in table:
                    severity[rule.code] = Severity(table["severity"])
                    severity_from[rule.code] = layer.source
                opts = {k: v for k, v in table.items() if k != "severity"}
                if opts:
                    options.setdefault(rule.code, {}).update(opts)
                    options_from[rule.code] = layer.source
        instances: list[Rule] = []
        for code in sorted(enabled):
            cls = reg.get(code)
            assert cls is not None
            opts_model: RuleOptions = cls.Options.model_validate(options.get(code, {}))
            instance = cls(opts_model)
            if hasattr(instance, "calibrations") and self.history_path is not None:
                self._attach_history(instance)
            instances.append(instance)
        return RuleSet(
            profile=profile,
            rules=tuple(instances),
            severity=severity,
            enabled_by=enabled,
            severity_from=severity_from,
            options_from=options_from,
        )

    def _attach_history(self, rule: Rule) -> None:
        """Give a history-aware rule (SOW408) the calibration of the delivery history, per its options."""
        from sowlint.history import calibrate

        opts = rule.options
        rule.calibrations = calibrate(  # type: ignore[attr-defined]
            self.history(),
            min_records=getattr(opts, "min_records", 5),
            mapping=getattr(opts, "mapping", None) or None,
        )

    def ignored_for(self, path: Path) -> tuple[set[str], list[str]]:
        """Rule codes ``per-file-ignores`` turns off for ``path``, and the globs that matched."""
        codes: set[str] = set()
        globs: list[str] = []
        for layer in (*self.file_layers, self.cli):
            for glob, base, selectors in layer.per_file_ignores:
                if _match_glob(glob, base, path):
                    globs.append(glob)
                    for sel in _words(selectors):
                        codes.update(r.code for r in self.registry.matching(sel))
        return codes, globs

    def excluded(self, path: Path) -> bool:
        """True if an ``exclude`` glob of the configuration matches ``path``."""
        return any(
            _match_glob(glob, base, path)
            for layer in (*self.file_layers, self.cli)
            for glob, base in layer.exclude
        )

    def fingerprint(self) -> str:
        """A digest of everything that changes findings (for caches): layers and rule sources."""
        import hashlib

        h = hashlib.sha256()
        for layer in (*self.file_layers, self.cli):
            h.update(repr(layer).encode())
        h.update(self.profile_setting.encode())
        if self.history_path is not None:
            try:
                h.update(self.history_path.read_bytes())
            except OSError:
                pass
        for r in self.registry.rules:
            h.update(f"{r.code}:{r.name}:{r.origin}".encode())
        return h.hexdigest()[:16]

    # -- reporting ----------------------------------------------------------------------------
    def describe(self, profile: str | None = None) -> dict[str, Any]:
        """The effective configuration with the source of every value (for ``sowlint config``)."""
        name = profile or (self.profile_setting if self.profile_setting != AUTO else DEFAULT_PROFILE)
        rs = self.rule_set(name)
        rules = []
        for rule in rs.rules:
            cls = type(rule)
            entry: dict[str, Any] = {
                "code": cls.code,
                "name": cls.name,
                "origin": cls.origin,
                "enabled_by": rs.enabled_by[cls.code],
                "severity": rs.severity.get(cls.code, cls.severity).value,
                "severity_from": rs.severity_from.get(cls.code, "rule default"),
            }
            opts = rule.options.model_dump(by_alias=True)
            if opts:
                entry["options"] = opts
                entry["options_from"] = rs.options_from.get(cls.code, "rule default")
            rules.append(entry)
        return {
            "config_file": str(self.path) if self.path else None,
            "layers": [layer.source for layer in self._all_layers_for(name)],
            "profile": {"value": self.profile_setting, "source": self.profile_source, "used": name},
            "fail_on": {"value": self.fail_on.value, "source": self.fail_on_source},
            "history": {
                "value": str(self.history_path) if self.history_path else None,
                "source": self.history_source,
            },
            "rule_dirs": [str(p) for p in self.rule_dirs],
            "per_file_ignores": [
                {"glob": g, "codes": list(c), "source": layer.source}
                for layer in (*self.file_layers, self.cli)
                for g, _b, c in layer.per_file_ignores
            ],
            "exclude": [
                {"glob": g, "source": layer.source}
                for layer in (*self.file_layers, self.cli)
                for g, _b in layer.exclude
            ],
            "rules": rules,
        }


def _title_candidates(doc: Document) -> list[str]:
    out: list[str] = []
    if doc.title:
        out.append(doc.title)
    if doc.meta.get("title"):
        out.append(doc.meta["title"])
    for sec in doc.walk()[:3]:
        out.append(sec.title)
    for block in doc.blocks[:2]:
        if len(block.text) <= 120:
            out.append(block.text)
    stem = Path(doc.path).stem.replace("_", " ").replace("-", " ")
    out.append(stem)
    return out


def detect_profile(doc: Document) -> ProfileChoice:
    """Pick a profile from the document's title, first headings, file name and wording."""
    profiles = [load_profile(n) for n in profile_names()]
    detecting = sorted((p for p in profiles if p.detect is not None), key=lambda p: p.detect.priority)  # type: ignore[union-attr]
    # The strongest evidence first: the document title, then headings, opening lines, file name;
    # profiles compete on each candidate in priority order.
    for title in _title_candidates(doc):
        for prof in detecting:
            if any(rx.search(title) for rx in prof.title_res):
                shown = " ".join(title.split())[:60]
                return ProfileChoice(prof.name, f"auto: title {shown!r} looks like {prof.name}")
    if any(p.text_res for p in detecting):
        body = "\n".join(b.text for b in doc.all_blocks())
        for prof in detecting:
            if not prof.text_res or prof.detect is None:
                continue
            hits = sum(len(rx.findall(body)) for rx in prof.text_res)
            if hits >= prof.detect.min_text:
                return ProfileChoice(prof.name, f"auto: {hits} {prof.name} phrases in the text")
    return ProfileChoice(DEFAULT_PROFILE, "auto: nothing marks another profile")


def cli_layer(
    *,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: Severity | None = None,
    profile: str | None = None,
    rule_dirs: Sequence[Path] = (),
    history: Path | None = None,
) -> Layer:
    """The command line as the topmost layer."""
    return Layer(
        source="command line",
        select=tuple(select) if select is not None else None,
        extend_select=tuple(extend_select),
        ignore=tuple(ignore),
        fail_on=fail_on,
        profile=profile,
        rule_dirs=tuple(p.resolve() for p in rule_dirs),
        history=history.resolve() if history else None,
    )


def relpath(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` in posix form when it lies below it, else absolute."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return os.fspath(path.resolve())
