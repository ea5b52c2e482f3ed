"""The pre-commit hook, exercised with the real pre-commit tool on a temporary proposals repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

_BESIDE = Path(sys.executable).parent / "pre-commit"
PRE_COMMIT = str(_BESIDE) if _BESIDE.exists() else shutil.which("pre-commit")


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "sowlint")
    assert hook["pass_filenames"] is True
    assert hook["language"] == "python"
    assert hook["entry"].startswith("sowlint check")
    import re

    files = re.compile(hook["files"])
    for name in ("a.docx", "b.pdf", "c.md", "d.yaml", "e.yml", "f.txt"):
        assert files.search(name)
    assert not files.search("script.py")


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
def test_hook_runs_with_pre_commit(tmp_path: Path) -> None:
    repo = tmp_path / "proposals"
    repo.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pc-home"),
        "SOWLINT_CACHE_DIR": str(tmp_path / "c"),
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    shutil.copy(EXAMPLES / "complete-sow.md", repo / "good-sow.md")
    shutil.copy(EXAMPLES / "deficient-sow.md", repo / "bad-sow.md")
    (repo / "README.md").write_text("# Proposals\n\nTBD\n")  # not a SOW: skipped by --force-exclude
    (repo / "ci.yml").write_text("on: push\njobs: {}\n")  # YAML that is not a SOW: skipped
    git("add", ".")

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), "sowlint", "--files", *files],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=900,
            env=env,
        )

    good = try_repo("good-sow.md", "README.md", "ci.yml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    bad = try_repo("bad-sow.md", "good-sow.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "bad-sow.md" in bad.stdout and "SOW112" in bad.stdout
    assert "good-sow.md (markdown)" not in bad.stdout  # a clean file prints nothing
