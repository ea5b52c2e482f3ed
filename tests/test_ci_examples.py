"""The CI examples in examples/ci are valid YAML and their sowlint commands run (flags exist, exit 0 or 1)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES

CI = EXAMPLES / "ci"


def _commands() -> list[tuple[str, str]]:
    out = []
    gh = yaml.safe_load((CI / "github-actions.yml").read_text())
    for step in gh["jobs"]["sowlint"]["steps"]:
        run = step.get("run", "")
        if run.startswith("sowlint"):
            out.append(("github", run))
    gl = yaml.safe_load((CI / "gitlab-ci.yml").read_text())
    out.extend(("gitlab", cmd) for cmd in gl["sowlint"]["script"] if cmd.startswith("sowlint"))
    return out


def test_examples_are_valid_yaml_with_commands() -> None:
    cmds = _commands()
    assert {kind for kind, _ in cmds} == {"github", "gitlab"}
    hooks = yaml.safe_load((CI / "pre-commit-config.yaml").read_text())
    assert hooks["repos"][0]["hooks"][0]["id"] == "sowlint"


@pytest.mark.parametrize(("kind", "command"), _commands())
def test_commands_run(tmp_path: Path, kind: str, command: str) -> None:
    repo = tmp_path / "repo"
    (repo / "sows").mkdir(parents=True)
    (repo / "templates").mkdir()
    env = {**os.environ, "SOWLINT_CACHE_DIR": str(tmp_path / "cache")}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    shutil.copy(EXAMPLES / "complete-sow.md", repo / "sows" / "a.md")
    git("add", ".")
    git("commit", "-qm", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    shutil.copy(EXAMPLES / "deficient-sow.md", repo / "sows" / "b.md")
    line = re.sub(r"\$\{\{ github\.base_ref \}\}|\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main", command)
    line = line.replace("|| true", "")
    args = shlex.split(line)
    assert args[0] == "sowlint"
    out = subprocess.run(
        [sys.executable, "-m", "sowlint", *args[1:]],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 1, out.stdout + out.stderr  # b.md changed and has findings
    produced = (
        out.stdout
        + "".join(p.read_text() for p in repo.glob("*.sarif"))
        + "".join(p.read_text() for p in repo.glob("gl-*.json"))
    )
    assert "b.md" in produced and "a.md" not in produced
