"""Parallel checking, the result cache and --changed-since give exactly what a serial, uncached run gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sowlint import runner
from sowlint.config import Config, Layer
from sowlint.engine import FileResult
from sowlint.runner import check_files
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


def _rule_dir_config(tmp_path: Path) -> Config:
    """A configuration with a YAML rule from a folder: its rule class cannot be pickled to a worker."""
    rules = tmp_path / "house-rules"
    rules.mkdir()
    (rules / "ACME001.yaml").write_text(
        "code: ACME001\nname: no-asap\nkind: existence\nmessage: \"Say when, not '{match}'.\"\n"
        "summary: ASAP is no date.\ntokens: [asap]\n"
    )
    return Config(cli=Layer(source="command line", rule_dirs=(rules,), extend_select=("ACME001",)))


def _summary(results: list[FileResult]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    return [(r.path, [(f.code, f.message, f.fingerprint) for f in r.findings]) for r in results]


@pytest.mark.parametrize("start", ["inherited", "spawn"])
def test_pool_gives_serial_results_however_workers_start(
    library: Path, tmp_path: Path, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers reuse the parent's engine, spawned ones rebuild it: both equal a serial run."""
    import multiprocessing

    (library / "notes.md").write_text("# Plan\n\n## Schedule\n\nThe vendor starts ASAP.\n")
    config = _rule_dir_config(tmp_path)
    files = sorted(library.iterdir())
    serial = check_files(files, config, jobs=1)
    if start == "spawn":
        monkeypatch.setattr(runner, "_pool_context", lambda: multiprocessing.get_context("spawn"))
    elif "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    else:
        monkeypatch.setattr(runner, "_pool_context", lambda: multiprocessing.get_context("fork"))
    parallel = check_files(files, config, jobs=2)
    assert _summary(parallel) == _summary(serial)
    assert any(f.code == "ACME001" for r in parallel for f in r.findings)
    assert runner._WORKER_ENGINE is None  # the parent's engine is not left behind for later pools


def test_pool_only_where_it_pays(tmp_path: Path) -> None:
    """Few small files run in this process; many files, or two long ones, go to workers."""
    small = []
    for i in range(4):
        small.append(tmp_path / f"s{i}.md")
        small[-1].write_text("# SOW\n\nThe vendor builds the portal.\n")
    small_sizes = [runner._size(p) for p in small]
    assert not runner._worth_a_pool(small_sizes[:1])
    assert not runner._worth_a_pool(small_sizes[:2])
    assert runner._worth_a_pool(small_sizes)
    big = []
    for i in range(2):
        big.append(tmp_path / f"b{i}.md")
        big[-1].write_text("# SOW\n\n" + "The vendor builds the portal.\n\n" * 6000)
    big_sizes = [runner._size(p) for p in big]
    assert runner._worth_a_pool(big_sizes)
    assert not runner._worth_a_pool(big_sizes[:1])
    assert runner._size(tmp_path / "missing.md") == 0
