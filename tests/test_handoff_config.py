"""The [score] and [diff] configuration tables reach `sowlint score`, `check` JSON and `sowlint diff`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sowlint", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_score_weights_from_configuration(tmp_path: Path) -> None:
    sow = str(EXAMPLES / "deficient-sow.md")
    default = json.loads(run(["score", sow, "--format", "json", "--isolated"], tmp_path).stdout)
    (tmp_path / "sowlint.toml").write_text(
        "[score.weights]\nboundaries = 0\nsuccess = 0\ndependencies = 0\n"
        "commercials = 0\nschedule = 1\nclarity = 0\n"
    )
    weighted = json.loads(run(["score", sow, "--format", "json"], tmp_path).stdout)
    doc_default, doc_weighted = default["documents"][0], weighted["documents"][0]
    assert doc_weighted["total"] == doc_weighted["categories"]["schedule"]
    assert doc_weighted["total"] != doc_default["total"]
    check = json.loads(run(["check", sow, "--format", "json"], tmp_path).stdout)
    assert check["files"][0]["score"]["total"] == doc_weighted["total"]
    (tmp_path / "sowlint.toml").write_text("[score]\nbogus = 1\n")
    out = run(["score", sow], tmp_path)
    assert out.returncode == 2 and "score.bogus" in out.stderr


def test_diff_limits_from_configuration(tmp_path: Path) -> None:
    old, new = str(EXAMPLES / "deficient-sow.md"), str(EXAMPLES / "complete-sow.md")
    assert run(["diff", old, new, "--isolated"], tmp_path).returncode == 1  # fee +13% > 10% default
    (tmp_path / "sowlint.toml").write_text("[diff]\nmax-fee-change-percent = 50\n")
    out = run(["diff", old, new], tmp_path)
    assert out.returncode == 0, out.stdout
