"""Locate the data that ships with sowlint (rule packs, taxonomy, profiles in ``rules/``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    """The built-in ``rules/`` folder: packaged as ``sowlint.rules``, or the source checkout's."""
    try:
        from importlib.resources import files

        packaged = Path(str(files("sowlint.rules")))
        if (packaged / "taxonomy.yaml").is_file():
            return packaged
    except (ModuleNotFoundError, TypeError):
        pass
    source = Path(__file__).resolve().parents[2] / "rules"
    if (source / "taxonomy.yaml").is_file():
        return source
    raise FileNotFoundError("sowlint's rules/ data is missing from this installation")


def load_yaml(text: str) -> Any:
    """Parse YAML data safely, with libyaml's C parser when PyYAML has it (several times faster).

    Rule packs, the taxonomy and the term lists are read on every run, so their parse time is part
    of start-up.  Both loaders accept the same safe subset and give the same data.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)
