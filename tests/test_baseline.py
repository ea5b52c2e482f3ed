"""Baselines: record findings, then report only new ones; keys survive text moving."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line in ``cwd`` with no configuration file."""
    return subprocess.run(
        [sys.executable, "-m", "sowlint", *args, "--isolated"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "deficient-sow.md", tmp_path / "sow.md")
    shutil.copy(EXAMPLES / "deficient-sow.docx", tmp_path / "sow.docx")
    return tmp_path


def findings(out: subprocess.CompletedProcess[str]) -> list[dict]:
    return json.loads(out.stdout)["findings"]


def test_write_then_check_reports_nothing(repo: Path) -> None:
    before = findings(run(["check", ".", "--format", "json"], repo))
    assert len(before) > 10
    wrote = run(["check", ".", "--write-baseline", "baseline.json"], repo)
    assert wrote.returncode == 0, wrote.stderr
    data = json.loads((repo / "baseline.json").read_text())
    assert len(data["findings"]) == len(before)
    # keys hold no positions
    assert all(set(e) == {"path", "code", "fingerprint", "section", "message"} for e in data["findings"])
    out = run(["check", ".", "--baseline", "baseline.json"], repo)
    assert out.returncode == 0, out.stdout
    assert f"{len(before)} in the baseline" in out.stdout
    report = json.loads(run(["check", ".", "--baseline", "baseline.json", "--format", "json"], repo).stdout)
    assert report["findings"] == [] and report["summary"]["baselined"] == len(before)


def test_findings_survive_a_paragraph_inserted_above(repo: Path) -> None:
    run(["check", "sow.md", "--write-baseline", "baseline.json"], repo)
    text = (repo / "sow.md").read_text()
    lines = text.splitlines()
    # a new paragraph near the top shifts every line below it
    lines[2:2] = ["", "This paragraph was added after the baseline was written.", ""]
    (repo / "sow.md").write_text("\n".join(lines) + "\n")
    shifted = findings(run(["check", "sow.md", "--format", "json"], repo))
    assert shifted and shifted[-1]["location"]["line"] is not None
    out = run(["check", "sow.md", "--baseline", "baseline.json", "--format", "json"], repo)
    assert findings(out) == [], findings(out)


def test_a_new_finding_is_reported_and_old_ones_are_not(repo: Path) -> None:
    run(["check", "sow.md", "--write-baseline", "baseline.json"], repo)
    with (repo / "sow.md").open("a") as fh:
        fh.write("\n## Hosting\n\nThe hosting provider is [Vendor Name].\n")
    new = findings(run(["check", "sow.md", "--baseline", "baseline.json", "--format", "json"], repo))
    assert [(f["code"], f["excerpt"]) for f in new] == [("SOW112", "[Vendor Name]")]


def test_fixed_findings_are_counted_as_stale(repo: Path) -> None:
    run(["check", "sow.md", "--write-baseline", "baseline.json"], repo)
    text = (repo / "sow.md").read_text()
    assert "[Client Name]" in text
    (repo / "sow.md").write_text(text.replace("[Client Name]", "Contoso Health"))
    out = run(["check", "sow.md", "--baseline", "baseline.json"], repo)
    assert "no longer occur" in out.stdout


def test_baseline_works_from_another_directory(repo: Path) -> None:
    run(["check", ".", "--write-baseline", "baseline.json"], repo)
    sub = repo / "sub"
    sub.mkdir()
    out = run(["check", "..", "--baseline", "../baseline.json", "--format", "json"], sub)
    assert findings(out) == []


def test_bad_baseline_is_a_clear_error(repo: Path) -> None:
    (repo / "baseline.json").write_text("{not json")
    out = run(["check", ".", "--baseline", "baseline.json"], repo)
    assert out.returncode == 2 and "baseline.json" in out.stderr and "Traceback" not in out.stderr
    out = run(["check", ".", "--baseline", "missing.json"], repo)
    assert out.returncode == 2 and "missing.json" in out.stderr
