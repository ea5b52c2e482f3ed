"""The commercial command line: facts in `sowlint parse`, `sowlint calibrate`, history settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

HISTORY = EXAMPLES / "history" / "delivery-history.csv"


def run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sowlint", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("ext", ["md", "docx", "pdf", "yaml"])
def test_parse_shows_the_commercial_facts(ext: str) -> None:
    out = run(["parse", str(EXAMPLES / f"deficient-sow.{ext}")])
    assert out.returncode == 0, out.stderr
    assert "Commercial facts" in out.stdout
    assert "QA Analyst, rate USD 120, qty 240 hours, amount USD 30,000" in out.stdout
    assert "Dashboards live: 2025-09-30" in out.stdout


def test_parse_json_carries_facts() -> None:
    out = run(["parse", str(EXAMPLES / "deficient-sow.md"), "--format", "json"])
    data = json.loads(out.stdout)
    assert data["kind"] == "document"
    facts = data["facts"]
    assert facts["pricing_model"] == "time-and-materials"
    lines = facts["pricing_tables"][0]["lines"]
    assert [line["label"] for line in lines][:2] == ["Engagement Manager", "Data Engineer"]


@pytest.mark.parametrize(
    ("fmt", "needle"), [("text", "Data migration"), ("markdown", "| Data migration | 8 |")]
)
def test_calibrate_text_and_markdown(fmt: str, needle: str) -> None:
    out = run(["calibrate", str(HISTORY), "--format", fmt, "--isolated"])
    assert out.returncode == 0, out.stderr
    assert needle in " ".join(out.stdout.split()) or needle in out.stdout


def test_calibrate_json_and_min_records() -> None:
    data = json.loads(run(["calibrate", str(HISTORY), "-f", "json", "--isolated"]).stdout)
    by_name = {c["category"]: c for c in data["categories"]}
    assert by_name["Data migration"]["n"] == 8 and by_name["Data migration"]["enough"] is True
    assert by_name["Training"]["enough"] is False
    data = json.loads(
        run(["calibrate", str(HISTORY), "-f", "json", "--min-records", "3", "--isolated"]).stdout
    )
    assert {c["category"]: c for c in data["categories"]}["Training"]["enough"] is True


def test_calibrate_bad_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "h.csv"
    bad.write_text("project,hours\nA,3\n")
    out = run(["calibrate", str(bad), "--isolated"])
    assert out.returncode == 2 and "h.csv" in out.stderr and "Traceback" not in out.stderr
    out = run(["calibrate", str(tmp_path / "missing.csv"), "--isolated"])
    assert out.returncode == 2 and "missing.csv" in out.stderr


def test_history_setting_from_config_and_command_line(tmp_path: Path) -> None:
    (tmp_path / "sowlint.toml").write_text('history = "missing.csv"\n')
    out = run(["check", str(EXAMPLES / "complete-sow.md")], cwd=tmp_path)
    assert out.returncode == 2 and "key 'history'" in out.stderr
    (tmp_path / "h.csv").write_bytes(HISTORY.read_bytes())
    (tmp_path / "sowlint.toml").write_text('history = "h.csv"\n')
    data = json.loads(run(["config", "--format", "json"], cwd=tmp_path).stdout)
    assert data["history"]["value"] == str((tmp_path / "h.csv").resolve())
    out = run(["check", str(EXAMPLES / "complete-sow.md"), "--history", "nope.csv"], cwd=tmp_path)
    assert out.returncode == 2 and "nope.csv" in out.stderr


def test_history_bad_rows_are_reported_by_line(tmp_path: Path) -> None:
    csv = tmp_path / "h.csv"
    csv.write_text("category,estimated_hours,actual_hours\nTesting,10,12\nTesting,abc,3\n")
    out = run(["check", str(EXAMPLES / "complete-sow.md"), "--history", str(csv), "--isolated"])
    assert f"{csv}:3: skipped row" in out.stderr
