"""Tests of scope drift (``sowlint diff``): items, commercial facts, findings, limits, formats and --git."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sowlint.classify import classify
from sowlint.cli_diff import register
from sowlint.drift import Limits, diff_documents, extract_items
from sowlint.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:
        """A second command, so typer keeps ``diff`` as a subcommand."""

    return app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(_app(), ["diff", "--isolated", *args])
    return result.exit_code, result.stdout, result.stderr


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SOWLINT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}: run with SOWLINT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; SOWLINT_UPDATE_GOLDEN=1 regenerates it"


def _edited(tmp_path: Path) -> Path:
    """complete-sow.md with one exclusion removed, one deliverable reworded and the fee up 15%."""
    text = (EXAMPLES / "complete-sow.md").read_text(encoding="utf-8")
    for old, new in (
        ("- Production support after 2025-08-29.\n", ""),
        ("| D2 | Data Ingestion Pipelines |", "| D2 | Data Ingestion Pipeline Set |"),
        ("| Total |  |  | $283,200.00 |", "| Total |  |  | $325,680.00 |"),
    ):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "revised-sow.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_deficient_to_complete_golden(fmt: str, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = _run("examples/deficient-sow.md", "examples/complete-sow.md", "--format", fmt)
    _golden(f"deficient-to-complete.{suffix}", out)
    assert code == 1  # the fee rises 13.28%, above the default 10%
    if fmt == "json":
        data = json.loads(out)
        assert data["breached"] and data["drift"]
        assert {f["change"] for f in data["findings"]} == {"resolved"}
        added = [i for i in data["items"] if i["kind"] == "exclusions" and i["change"] == "added"]
        assert len(added) == 5
        fee = next(f for f in data["facts"] if f["category"] == "fee")
        assert (fee["old_value"], fee["new_value"], fee["change_percent"]) == (
            "250000.00",
            "283200.00",
            "13.28",
        )


def test_small_edit_reports_removed_exclusion_reworded_deliverable_and_fee(tmp_path: Path) -> None:
    revised = _edited(tmp_path)
    code, out, _ = _run(str(EXAMPLES / "complete-sow.md"), str(revised), "--format", "json")
    assert code == 1
    data = json.loads(out)
    items = data["items"]
    removed = [i for i in items if i["change"] == "removed"]
    assert [(i["kind"], i["old_text"]) for i in removed] == [
        ("exclusions", "Production support after 2025-08-29.")
    ]
    reworded = [i for i in items if i["change"] == "reworded"]
    assert len(reworded) == 1 and reworded[0]["kind"] == "deliverables"
    assert "Data Ingestion Pipeline Set" in reworded[0]["new_text"]
    assert 0.6 <= reworded[0]["similarity"] < 1
    assert not [i for i in items if i["change"] == "added"]
    fee = next(f for f in data["facts"] if f["category"] == "fee")
    assert (fee["old"], fee["new"], fee["change_percent"]) == ("USD 283,200", "USD 325,680", "15.00")
    limits = {b["limit"] for b in data["breaches"]}
    assert {"fail-on-removed-exclusion", "max-fee-change-percent"} <= limits

    code, text, _ = _run(str(EXAMPLES / "complete-sow.md"), str(revised))
    assert "- removed: Production support after 2025-08-29." in text
    assert "USD 283,200 -> USD 325,680 (+42,480, +15.00%)" in text


def test_limits_can_be_relaxed(tmp_path: Path) -> None:
    revised = _edited(tmp_path)
    old = classify(read_document(EXAMPLES / "complete-sow.md", "old.md"))
    new = classify(read_document(revised, "new.md"))
    relaxed = Limits.model_validate(
        {"fail-on-removed-exclusion": False, "max-fee-change-percent": 20, "fail-on-new-finding": "never"}
    )
    drift = diff_documents(old, new, limits=relaxed)
    assert drift.has_drift and drift.breaches == ()
    strict = diff_documents(old, new, limits=Limits(max_fee_change_percent=Decimal(10)))
    assert [b.limit for b in strict.breaches] == ["fail-on-removed-exclusion", "max-fee-change-percent"]


def test_markdown_escapes_document_text(tmp_path: Path) -> None:
    text = (EXAMPLES / "complete-sow.md").read_text(encoding="utf-8")
    revised = tmp_path / "x.md"
    revised.write_text(
        text.replace(
            "- Migration of records created before 2020-01-01.\n", "- Costs where 5 < 6 & 7 > 2 | a_b $x$\n"
        ),
        encoding="utf-8",
    )
    code, out, _ = _run(str(EXAMPLES / "complete-sow.md"), str(revised), "--format", "markdown")
    assert code == 1
    assert "5 &lt; 6 &amp; 7 &gt; 2 \\| a\\_b \\$x\\$" in out
    assert "5 < 6" not in out


def test_same_document_has_no_drift() -> None:
    path = str(EXAMPLES / "complete-sow.md")
    code, out, _ = _run(path, path)
    assert code == 0
    assert "No drift" in out and "No limit breached." in out


def test_cross_format_only_locations_differ() -> None:
    code, out, _ = _run(str(EXAMPLES / "complete-sow.md"), str(EXAMPLES / "complete-sow.docx"), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["items"] == [] and data["facts"] == [] and data["findings"] == []
    md = classify(read_document(EXAMPLES / "complete-sow.md", "a.md"))
    docx = classify(read_document(EXAMPLES / "complete-sow.docx", "a.docx"))
    md_items, docx_items = extract_items(md), extract_items(docx)
    assert [(i.kind, i.text) for i in md_items] == [(i.kind, i.text) for i in docx_items]
    assert md_items[0].location.line is not None and docx_items[0].location.block is not None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_mode_compares_two_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "sows").mkdir(parents=True)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    git("init", "-q")
    target = repo / "sows" / "sow.md"
    shutil.copy(EXAMPLES / "complete-sow.md", target)
    git("add", ".")
    git("commit", "-q", "-m", "one")
    target.write_text(_edited(tmp_path).read_text(encoding="utf-8"), encoding="utf-8")
    git("commit", "-q", "-am", "two")
    monkeypatch.chdir(repo / "sows")
    code, out, err = _run("--git", "HEAD~1", "HEAD", "sow.md", "-f", "json")
    assert code == 1, err
    data = json.loads(out)
    assert (data["old_path"], data["new_path"]) == ("HEAD~1:sows/sow.md", "HEAD:sows/sow.md")
    assert [i["change"] for i in data["items"]] == ["reworded", "removed"]
    code, out, _ = _run("--git", "HEAD", "HEAD", "sow.md")
    assert code == 0 and "No drift" in out
    code, _, err = _run("--git", "HEAD~1", "nosuchrev", "sow.md")
    assert code == 2 and "nosuchrev" in err and len(err.strip().splitlines()) == 1


def test_usage_errors_are_one_line() -> None:
    code, _, err = _run(str(EXAMPLES / "complete-sow.md"))
    assert code == 2 and "two files" in err
    code, _, err = _run(str(EXAMPLES / "complete-sow.md"), "/nonexistent/sow.md")
    assert code == 2 and "no such file" in err and len(err.strip().splitlines()) == 1


def test_renamed_title_moves_fingerprints_but_not_findings(tmp_path: Path) -> None:
    """A retitled copy changes every fingerprint (they hold section titles); the findings are the same."""
    from sowlint.classify import classify
    from sowlint.drift import diff_documents
    from sowlint.engine import Engine
    from sowlint.readers import read_document

    src = EXAMPLES / "deficient-sow.md"
    text = src.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# ")
    copy = tmp_path / "renamed.md"
    copy.write_text(text.replace(first, "# Statement of Work (revised title)", 1), encoding="utf-8")
    engine = Engine()
    old_doc, new_doc = classify(read_document(src)), classify(read_document(copy))
    old_f, new_f = engine.check_document(old_doc), engine.check_document(new_doc)
    assert {f.fingerprint for f in old_f} != {f.fingerprint for f in new_f}
    drift = diff_documents(old_doc, new_doc, old_f, new_f)
    assert list(drift.findings) == []
