"""Content-hash cache of per-file results, so an unchanged re-run reads nothing twice.

A result is stored under a key made of the file's bytes (SHA-256), the path it is shown as (per-file
ignores depend on it), sowlint's version and a digest of everything that can change findings: the
configuration layers, the rule set and the text of every YAML rule, profile and taxonomy file.
Editing a rule or the configuration therefore misses the cache instead of serving stale findings.

Where: ``$SOWLINT_CACHE_DIR``, else the user cache folder (``$XDG_CACHE_HOME/sowlint`` or
``~/.cache/sowlint`` on Linux, ``~/Library/Caches/sowlint`` on macOS, ``%LOCALAPPDATA%\\sowlint``
on Windows).  A cache that cannot be read or written is skipped silently: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from sowlint import __version__
from sowlint.engine import FileResult
from sowlint.findings import Finding
from sowlint.resources import rules_dir

#: Bumped when the stored result changes shape (2: the document's word count).
FORMAT = 2


def default_cache_dir() -> Path:
    """The user cache folder for sowlint on this platform."""
    env = os.environ.get("SOWLINT_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "sowlint"


def _rule_files_digest(extra_dirs: tuple[Path, ...]) -> str:
    h = hashlib.sha256()
    for folder in (rules_dir(), *extra_dirs):
        for p in sorted(folder.rglob("*")):
            if p.suffix in (".yaml", ".yml", ".toml") and p.is_file():
                h.update(str(p.relative_to(folder)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


class Cache:
    """Results keyed by file content and configuration."""

    def __init__(self, folder: Path, config_digest: str, rule_dirs: tuple[Path, ...] = ()) -> None:
        self.folder = folder / f"v{FORMAT}"
        self.salt = hashlib.sha256(
            f"{__version__}\x1f{config_digest}\x1f{_rule_files_digest(rule_dirs)}".encode()
        ).hexdigest()
        self.hits = 0
        self.misses = 0

    def key(self, path: Path, shown: str) -> str | None:
        """The cache key of a file, or None when it cannot be read."""
        try:
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        return hashlib.sha256(f"{self.salt}\x1f{shown}\x1f{content}".encode()).hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str | None) -> FileResult | None:
        """The stored result for ``key``, if any."""
        if key is None:
            return None
        try:
            data: dict[str, Any] = json.loads(self._file(key).read_text(encoding="utf-8"))
            result = FileResult(
                path=data["path"],
                format=data["format"],
                error=data["error"],
                findings=[Finding.model_validate(f) for f in data["findings"]],
                profile=data["profile"],
                profile_reason=data["profile_reason"],
                suppressed=data["suppressed"],
                words=data.get("words"),
            )
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str | None, result: FileResult) -> None:
        """Store a result (not when the file could not be read or a rule crashed: run those again)."""
        if key is None or result.error is not None or result.crashed:
            return
        data = {
            "path": result.path,
            "format": result.format,
            "error": result.error,
            "findings": [f.model_dump(mode="json") for f in result.findings],
            "profile": result.profile,
            "profile_reason": result.profile_reason,
            "suppressed": result.suppressed,
            "words": result.words,
        }
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, target)
        except OSError:
            return
