"""Baselines: record today's findings once, then report only new ones.

A baseline file keys each finding by its path (relative to the baseline file's folder), rule code
and fingerprint.  Fingerprints hold no line numbers (code, section titles, matched text and
occurrence index), so text moving up or down and edits elsewhere keep the key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sowlint import __version__
from sowlint.config import relpath
from sowlint.engine import FileResult
from sowlint.findings import Finding

FORMAT = 1


class BaselineError(ValueError):
    """A baseline file cannot be read; the message names the file."""


def _key(base: Path, finding: Finding) -> tuple[str, str, str]:
    return (relpath(Path(finding.path), base), finding.code, finding.fingerprint)


def write_baseline(path: Path, results: Iterable[FileResult]) -> int:
    """Write every finding of ``results`` to ``path``; return how many were recorded."""
    base = path.resolve().parent
    entries = []
    for result in results:
        for f in result.findings:
            p, code, fingerprint = _key(base, f)
            entries.append(
                {
                    "path": p,
                    "code": code,
                    "fingerprint": fingerprint,
                    "section": list(f.location.section),
                    "message": f.message,
                }
            )
    entries.sort(key=lambda e: (e["path"], e["code"], e["fingerprint"]))
    data = {"sowlint-baseline": FORMAT, "version": __version__, "findings": entries}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(entries)


@dataclass
class Baseline:
    """The recorded finding keys of a baseline file."""

    path: Path
    keys: set[tuple[str, str, str]]

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline written by :func:`write_baseline`."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
        except json.JSONDecodeError as exc:
            raise BaselineError(f"{path}: not a sowlint baseline (invalid JSON: {exc.msg})") from None
        if not isinstance(data, dict) or data.get("sowlint-baseline") != FORMAT:
            raise BaselineError(f"{path}: not a sowlint baseline file (write one with --write-baseline)")
        keys: set[tuple[str, str, str]] = set()
        for entry in data.get("findings", []):
            try:
                keys.add((str(entry["path"]), str(entry["code"]), str(entry["fingerprint"])))
            except (KeyError, TypeError):
                raise BaselineError(f"{path}: a finding entry lacks path, code or fingerprint") from None
        return cls(path=path, keys=keys)

    def filter(self, results: list[FileResult]) -> tuple[int, int]:
        """Remove baselined findings from ``results`` in place; return (hidden, stale entries)."""
        base = self.path.resolve().parent
        seen: set[tuple[str, str, str]] = set()
        hidden = 0
        for result in results:
            kept = []
            for f in result.findings:
                key = _key(base, f)
                if key in self.keys:
                    seen.add(key)
                    hidden += 1
                else:
                    kept.append(f)
            result.findings = kept
        checked = {relpath(Path(r.path), base) for r in results}
        stale = sum(1 for k in self.keys if k[0] in checked and k not in seen)
        return hidden, stale
