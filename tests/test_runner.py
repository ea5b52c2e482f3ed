"""Parallel checking, the result cache and --changed-since give exactly what a serial, uncached run gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def run(args: list[str], cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOWLINT_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "sowlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Eight SOWs in four formats, as a proposals folder."""
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("complete-sow", "deficient-sow"):
        for ext in ("md", "yaml", "docx", "pdf"):
            shutil.copy(EXAMPLES / f"{name}.{ext}", lib / f"{name}.{ext}")
    return lib


def test_parallel_output_is_identical_to_serial(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    serial = run(["check", ".", "--isolated", "-j", "1", "--no-cache", "--format", "json"], library, cache)
    parallel = run(["check", ".", "--isolated", "-j", "2", "--no-cache", "--format", "json"], library, cache)
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
    assert len(json.loads(serial.stdout)["files"]) == 8
    text1 = run(["check", ".", "--isolated", "-j", "1", "--no-cache"], library, cache).stdout
    text2 = run(["check", ".", "--isolated", "-j", "2", "--no-cache"], library, cache).stdout
    assert text1 == text2


def test_cache_rerun_is_identical_and_hits(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh = run(["check", ".", "--isolated", "--no-cache", "--format", "json"], library, cache)
    first = run(["check", ".", "--isolated", "--format", "json", "-v"], library, cache)
    second = run(["check", ".", "--isolated", "--format", "json", "-v"], library, cache)
    assert fresh.stdout == first.stdout == second.stdout
    assert "8 miss" in first.stderr or "0 hit" in first.stderr
    assert "8 hit(s), 0 miss(es)" in second.stderr
    assert any(cache.rglob("*.json"))


def test_cache_misses_when_file_or_configuration_changes(library: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run(["check", ".", "--isolated", "-v"], library, cache)
    md = library / "deficient-sow.md"
    md.write_text(md.read_text().replace("[Client Name]", "Contoso Health"))
    out = run(["check", ".", "--isolated", "-v", "--format", "json"], library, cache)
    assert "7 hit(s), 1 miss(es)" in out.stderr
    assert "[Client Name]" not in {
        f["excerpt"] for f in json.loads(out.stdout)["findings"] if f["path"].endswith(".md")
    }
    out = run(["check", ".", "--isolated", "-v", "--ignore", "SOW112"], library, cache)
    assert "0 hit(s)" in out.stderr
    rules = library.parent / "rules"
    rules.mkdir()
    (rules / "X.yaml").write_text(
        "code: XYZ001\nname: no-portals\nkind: existence\nmessage: m\ntokens: [portal]\n"
    )
    out = run(["check", ".", "--isolated", "-v", "--rule-dir", str(rules)], library, cache)
    assert "0 hit(s)" in out.stderr
    (rules / "X.yaml").write_text(
        "code: XYZ001\nname: no-portals\nkind: existence\nmessage: m\ntokens: [portals]\n"
    )
    out = run(["check", ".", "--isolated", "-v", "--rule-dir", str(rules)], library, cache)
    assert "0 hit(s)" in out.stderr  # editing a rule file invalidates too


def test_changed_since(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    for name in ("a", "b", "c"):
        shutil.copy(EXAMPLES / "deficient-sow.md", repo / f"{name}.md")
    git("add", ".")
    git("commit", "-qm", "one")
    (repo / "b.md").write_text((repo / "b.md").read_text() + "\nMore text.\n")
    shutil.copy(EXAMPLES / "complete-sow.md", repo / "new.md")
    cache = tmp_path / "cache"
    out = run(["check", ".", "--isolated", "--changed-since", "HEAD", "--format", "json"], repo, cache)
    assert sorted(Path(f["path"]).name for f in json.loads(out.stdout)["files"]) == ["b.md", "new.md"]
    git("add", ".")
    git("commit", "-qm", "two")
    out = run(["check", ".", "--isolated", "--changed-since", "HEAD"], repo, cache)
    assert out.returncode == 0, out.stderr  # nothing changed: nothing to check is a pass
    out = run(["check", ".", "--isolated", "--changed-since", "no-such-ref"], repo, cache)
    assert out.returncode == 2 and "unknown git revision 'no-such-ref'" in out.stderr
