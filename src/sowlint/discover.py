"""Find the files to check: explicit files always, directories walked with sensible skips."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sowlint.readers import EXTENSIONS

#: File stems a directory walk never treats as SOWs (project docs, not documents to check).
_SKIP_STEMS = frozenset(
    {
        "readme",
        "changelog",
        "changes",
        "license",
        "licence",
        "copying",
        "contributing",
        "code_of_conduct",
        "security",
        "authors",
        "notice",
        "history",
    }
)
_SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


@dataclass
class Discovery:
    """Files to check, paths that do not exist, and what the walk skipped (for ``--verbose``)."""

    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    empty_dirs: list[str] = field(default_factory=list)


def _yaml_is_sow(path: Path) -> bool:
    from sowlint.readers.yaml import looks_like_sow

    try:
        return looks_like_sow(path)
    except Exception:
        return False


def _walk(root: Path, out: Discovery) -> int:
    found = 0
    for dirpath, dirnames, filenames in os.walk(root):
        keep = []
        for d in sorted(dirnames):
            if d.startswith(".") or d in _SKIP_DIRS:
                out.skipped.append((Path(dirpath) / d, "hidden or tool folder"))
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.suffix.lower() not in EXTENSIONS:
                continue
            why = skip_reason(p)
            if why is not None:
                out.skipped.append((p, why))
            else:
                out.files.append(p)
                found += 1
    return found


def skip_reason(p: Path) -> str | None:
    """Why a folder walk would skip this file (hidden, project file, non-SOW YAML), or None."""
    suffix = p.suffix.lower()
    if suffix not in EXTENSIONS:
        return "not a SOW format (.docx, .pdf, .md, .yaml, .yml, .txt)"
    if p.name.startswith("."):
        return "hidden file"
    if p.stem.lower() in _SKIP_STEMS:
        return "project file (README, CHANGELOG, LICENSE ...), not a SOW"
    if EXTENSIONS[suffix] == "yaml" and not _yaml_is_sow(p):
        return "YAML file that is not a SOW"
    return None


def discover(paths: list[str], *, force_exclude: bool = False) -> Discovery:
    """Expand paths: files named explicitly are checked (unless ``force_exclude``); folders are walked."""
    out = Discovery()
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            before = len(out.files)
            if _walk(p, out) == 0:
                out.empty_dirs.append(raw)
            out.files[before:] = [f for f in out.files[before:] if f.resolve() not in seen]
            seen.update(f.resolve() for f in out.files[before:])
        elif p.exists():
            why = skip_reason(p) if force_exclude else None
            if why is not None:
                out.skipped.append((p, why))
            elif p.resolve() not in seen:
                out.files.append(p)
                seen.add(p.resolve())
        else:
            out.missing.append(raw)
    return out


class GitError(RuntimeError):
    """``--changed-since`` could not ask git (not a repository, unknown ref, git missing)."""


def changed_since(ref: str, cwd: Path | None = None) -> set[Path]:
    """Files changed since git ``ref``: committed, staged and unstaged changes and untracked files.

    Deleted files are left out (there is nothing to check); paths come back resolved.
    """
    import subprocess

    def git(*args: str) -> str:
        try:
            out = subprocess.run(
                ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"cannot run git: {exc}") from None
        if out.returncode != 0:
            msg = (out.stderr.strip().splitlines() or ["git failed"])[-1]
            raise GitError(msg)
        return out.stdout

    root = Path(git("rev-parse", "--show-toplevel").strip())
    try:
        git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(f"unknown git revision {ref!r}") from None
    names = git("diff", "--name-only", "--diff-filter=ACMRT", ref, "--").splitlines()
    names += git("ls-files", "--others", "--exclude-standard", "--full-name").splitlines()
    return {(root / n).resolve() for n in names if n.strip()}
