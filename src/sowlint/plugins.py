"""Third-party rules through the ``sowlint.rules`` entry-point group.

An entry point's value is a zero-argument callable returning an iterable of rule classes and/or
paths to folders of YAML rules.  A plugin that fails to load stops the run with a message naming
the distribution and the entry point (a silently missing rule would pass a CI gate it should fail).
Python is only ever imported from installed distributions, never from the working directory.
"""

from __future__ import annotations

import os
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from sowlint.findings import Rule

GROUP = "sowlint.rules"


class PluginError(RuntimeError):
    """A plugin failed to load or returned something that is not a rule."""


def _dist_name(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else "unknown distribution"


def _with_origin(cls: type[Rule], origin: str) -> type[Rule]:
    """The rule class itself when it names its origin, else a subclass that does."""
    if cls.origin != "sowlint":
        return cls
    return type(
        cls.__name__, (cls,), {"origin": origin, "__module__": cls.__module__, "__doc__": cls.__doc__}
    )


def load_entry_point(ep: EntryPoint) -> list[type[Rule]]:
    """Load one entry point's rules; :class:`PluginError` names the distribution and entry point."""
    from sowlint.declarative import RuleFileError, load_rule_dir

    dist = _dist_name(ep)
    where = f"plugin {dist!r}, entry point '{ep.name} = {ep.value}' (group {GROUP})"
    origin = f"plugin {dist}"
    try:
        factory = ep.load()
        items = list(factory())
    except Exception as exc:
        raise PluginError(f"{where} failed to load: {type(exc).__name__}: {exc}") from None
    rules: list[type[Rule]] = []
    for item in items:
        if isinstance(item, type) and issubclass(item, Rule):
            if not getattr(item, "code", None) or not getattr(item, "name", None):
                raise PluginError(f"{where}: rule class {item.__name__} has no code or name")
            rules.append(_with_origin(item, origin))
        elif isinstance(item, (str, os.PathLike)):
            try:
                rules.extend(load_rule_dir(Path(item), origin=origin))
            except RuleFileError as exc:
                raise PluginError(f"{where}: {exc}") from None
        else:
            raise PluginError(
                f"{where} returned {item!r}: expected rule classes or paths to folders of YAML rules"
            )
    return rules


def load_plugins() -> list[type[Rule]]:
    """Every rule the installed plugins provide, in entry-point name order."""
    rules: list[type[Rule]] = []
    for ep in sorted(entry_points(group=GROUP), key=lambda e: (e.name, e.value)):
        rules.extend(load_entry_point(ep))
    return rules
