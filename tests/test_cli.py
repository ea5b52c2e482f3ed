"""The CLI as a user runs it: exit codes, the JSON contract, selection, directory walks, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def run(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m sowlint`` as a subprocess, like a user's shell would."""
    return subprocess.run(
        [sys.executable, "-m", "sowlint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.startswith("sowlint ")


def test_complete_example_passes() -> None:
    out = run("check", str(EXAMPLES / "complete-sow.md"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No findings" in out.stdout


def test_deficient_example_fails_with_located_findings() -> None:
    out = run("check", str(EXAMPLES / "deficient-sow.md"))
    assert out.returncode == 1
    assert "SOW101 missing-assumptions" in out.stdout
    assert "SOW112 placeholder-text" in out.stdout
    assert "line 7, §Statement of Work" in out.stdout  # located as a person would look for it
    assert "findings" in out.stdout.splitlines()[-1]


def test_json_contract() -> None:
    out = run(
        "check", "--format", "json", str(EXAMPLES / "deficient-sow.md"), str(EXAMPLES / "complete-sow.md")
    )
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert set(data) == {"version", "files", "findings", "summary"}
    assert [f["format"] for f in data["files"]] == ["markdown", "markdown"]
    assert all(f["error"] is None for f in data["files"])
    f = data["findings"][0]
    assert {"code", "name", "severity", "message", "path", "location", "excerpt", "fingerprint"} <= set(f)
    assert f["severity"] in ("error", "warning", "info")
    assert {"line", "column", "page", "section"} <= set(f["location"])
    placeholder = next(x for x in data["findings"] if x["code"] == "SOW112")
    assert placeholder["excerpt"] in placeholder["message"]
    assert placeholder["location"]["line"] >= 1
    assert isinstance(placeholder["location"]["section"], list) and placeholder["location"]["section"]
    assert data["summary"]["findings"] == len(data["findings"])
    assert data["summary"]["exit_code"] == 1


def test_select_and_ignore_by_code_name_and_prefix() -> None:
    target = str(EXAMPLES / "deficient-sow.md")
    codes = lambda out: {f["code"] for f in json.loads(out.stdout)["findings"]}  # noqa: E731
    assert codes(run("check", "-f", "json", "--select", "SOW112", target)) == {"SOW112"}
    assert codes(run("check", "-f", "json", "--select", "missing-assumptions", target)) == {"SOW101"}
    assert codes(run("check", "-f", "json", "--select", "SOW10", target)) <= {f"SOW10{i}" for i in range(10)}
    assert "SOW112" not in codes(run("check", "-f", "json", "--ignore", "SOW112,SOW111", target))
    bad = run("check", "--select", "NOPE999", target)
    assert bad.returncode == 2 and "NOPE999" in bad.stderr


def test_fail_on_error_ignores_warnings(tmp_path: Path) -> None:
    doc = tmp_path / "sow.md"
    doc.write_text(
        "# SOW\n\n## Scope\n\nThe vendor builds the portal.\n\n## Change Control\n\n## Fees\n\nUSD 1.\n"
    )
    assert run("check", "--select", "SOW111", str(doc)).returncode == 1
    assert run("check", "--select", "SOW111", "--fail-on", "error", str(doc)).returncode == 0


def test_directory_walk_skips_and_says_so(tmp_path: Path) -> None:
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "sow.md").write_text("# Hidden\n\nTBD\n")
    (tmp_path / "README.md").write_text("# Readme\n\nTBD\n")
    (tmp_path / "ci.yml").write_text("jobs:\n  build:\n    runs-on: ubuntu-latest\n")
    (tmp_path / "notes.csv").write_text("a,b\n")
    sub = tmp_path / "deals"
    sub.mkdir()
    (sub / "acme.md").write_text((EXAMPLES / "complete-sow.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = run("check", "-f", "json", "--verbose", str(tmp_path))
    data = json.loads(out.stdout)
    assert [Path(f["path"]).name for f in data["files"]] == ["acme.md"]
    assert "README.md" in out.stderr and "ci.yml" in out.stderr and ".hidden" in out.stderr
    # a file named explicitly is always checked
    named = run("check", "-f", "json", str(tmp_path / "README.md"))
    assert [Path(f["path"]).name for f in json.loads(named.stdout)["files"]] == ["README.md"]


def test_missing_path_and_empty_directory_are_usage_errors(tmp_path: Path) -> None:
    out = run("check", str(tmp_path / "nope.docx"))
    assert out.returncode == 2
    assert "nope.docx" in out.stderr and "Traceback" not in out.stderr
    empty = run("check", str(tmp_path))
    assert empty.returncode == 2 and "no SOW files" in empty.stderr
    # a missing path does not stop the other files from being checked
    mixed = run("check", "-f", "json", str(tmp_path / "nope.md"), str(EXAMPLES / "complete-sow.md"))
    assert mixed.returncode == 2
    assert len(json.loads(mixed.stdout)["files"]) == 1


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    files = {}
    good_docx = (EXAMPLES / "complete-sow.docx").read_bytes()
    files["truncated.docx"] = good_docx[: len(good_docx) // 2]
    files["fake.docx"] = b"This is plain text pretending to be Word."
    files["empty.pdf"] = b""
    files["broken.pdf"] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF"
    files["notpdf.pdf"] = b"<html>not a pdf</html>"
    files["noise.md"] = bytes((i * 7919 + 13) % 256 for i in range(4096))
    files["bomb.yaml"] = (
        b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n".encode()
            for i in range(8)
        )
        + b"title: x\nscope: [*i]\n"
    )
    files["invalid.yaml"] = b"title: [unclosed\nscope:\n  - a\n"
    out = {}
    for name, data in files.items():
        p = tmp / name
        p.write_bytes(data)
        out[name] = p
    return out


def test_bad_inputs_one_line_each_no_traceback_others_still_checked(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in bad.values()}
    good = EXAMPLES / "deficient-sow.md"
    out = run("check", "-f", "json", *map(str, bad.values()), str(good), timeout=60)
    assert "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    for name in bad:
        assert by_name[name]["error"], f"{name} should be reported unreadable"
        line = next(ln for ln in out.stderr.splitlines() if name in ln)
        assert name in line
    assert by_name["deficient-sow.md"]["error"] is None
    unreadable = {Path(f["path"]).name for f in data["findings"] if f["code"] == "SOW001"}
    assert unreadable == set(bad)
    assert out.returncode == 1  # the good file was checked and has findings
    # input files are never modified
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in bad.values()}


def test_only_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    out = run("check", str(bad["truncated.docx"]))
    assert out.returncode == 2
    assert "truncated.docx" in out.stderr and "Traceback" not in out.stderr


def test_parse_tree_and_json() -> None:
    tree = run("parse", str(EXAMPLES / "complete-sow.md"))
    assert tree.returncode == 0
    assert "5 Exclusions (h2) {exclusions}" in tree.stdout
    js = json.loads(run("parse", "--format", "json", str(EXAMPLES / "complete-sow.md")).stdout)
    assert js["kind"] == "document" and js["format"] == "markdown"
    kinds = {k for s in js["sections"] for sub in s["sections"] for k in sub["kinds"]}
    assert {"assumptions", "exclusions", "acceptance", "dependencies"} <= kinds


def test_rules_and_rule_explain() -> None:
    listing = run("rules")
    assert listing.returncode == 0
    for code in ("SOW001", "SOW101", "SOW112"):
        assert code in listing.stdout
    explain = run("rule", "SOW102")
    assert explain.returncode == 0
    assert "missing-exclusions" in explain.stdout and "Why it matters" in explain.stdout
    assert run("rule", "SOW999").returncode == 2


def test_schema_command_prints_json_schema() -> None:
    out = run("schema")
    assert out.returncode == 0
    schema = json.loads(out.stdout)
    assert "properties" in schema and "deliverables" in schema["properties"]


def test_console_script_installed() -> None:
    exe = Path(sys.executable).parent / "sowlint"
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "sowlint" in out.stdout


def test_version_imports_almost_nothing() -> None:
    """``sowlint --version`` (the console script's entry) answers before typer, pydantic or rich load."""
    code = (
        "import sys\n"
        "sys.argv = ['sowlint', '--version']\n"
        "from sowlint.entry import main\n"
        "main()\n"
        "heavy = ('typer', 'click', 'pydantic', 'rich', 'yaml', 'markdown_it', 'docx', 'pypdfium2')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    version, loaded = out.stdout.splitlines()
    assert version.startswith("sowlint ") and version.split()[1][0].isdigit()
    assert loaded == "[]"
