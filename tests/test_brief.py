"""The handoff brief: golden files, the same content across formats, gaps, escaping and the CLI."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sowlint.brief import NOT_STATED, Brief, build_brief
from sowlint.classify import classify
from sowlint.cli_brief import register
from sowlint.config import Config
from sowlint.engine import Engine
from sowlint.readers import read_document
from sowlint.readers.markdown import parse_markdown
from sowlint.reporters.brief import render, render_html, render_json, render_markdown

from .conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden" / "brief"


def _brief(path: Path) -> Brief:
    display = path.relative_to(ROOT).as_posix()
    doc = read_document(path, display)
    findings = Engine(config=Config.discover(isolated=True)).run_document(doc).findings
    return build_brief(classify(doc), findings)


def _markdown_brief(text: str) -> Brief:
    doc = parse_markdown(text, "case.md")
    findings = Engine(config=Config.discover(isolated=True)).run_document(doc).findings
    return build_brief(classify(doc), findings)


def _cli() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """Group, so ``brief`` is a subcommand."""

    return app


@pytest.mark.parametrize("name", ["complete-sow", "deficient-sow"])
@pytest.mark.parametrize("fmt", ["md", "json"])
def test_golden(name: str, fmt: str) -> None:
    text = render(_brief(EXAMPLES / f"{name}.md"), fmt)
    golden = GOLDEN / f"{name}.{fmt}"
    if os.environ.get("SOWLINT_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} missing: run with SOWLINT_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def _content(brief: Brief) -> list[tuple[str, list[tuple[str | None, str, dict[str, str]]]]]:
    return [(s.key, [(i.ref, i.text, i.details) for i in s.items]) for s in brief.sections]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "yaml"])
def test_same_content_across_formats(fmt: str) -> None:
    reference = _brief(EXAMPLES / "complete-sow.md")
    other = _brief(EXAMPLES / f"complete-sow.{fmt}")
    assert _content(other) == _content(reference)
    assert [f.code for f in other.flags] == [f.code for f in reference.flags]


def test_complete_example_has_every_topic() -> None:
    brief = _brief(EXAMPLES / "complete-sow.md")
    assert brief.gaps == []
    deliverables = brief.section("deliverables").items
    assert [d.ref for d in deliverables] == ["D1", "D2", "D3", "D4", "D5"]
    d1 = deliverables[0]
    assert d1.text == "Discovery Report and Target Architecture"
    assert d1.details["Due date"] == "2025-03-28"
    assert d1.details["Acceptance criterion"].startswith("Lists each of the 6 source systems")
    assert d1.location.line == 37 and d1.location.section == "Deliverables"
    first_assumption = brief.section("assumptions").items[0]
    assert first_assumption.text.endswith("by 2025-03-14.")
    assert first_assumption.details["If it proves false"].startswith("If access is granted later")
    deps = brief.section("dependencies").items
    assert deps[0].details == {"Owner": "Contoso IT", "Date": "2025-03-14"}
    assert len(brief.section("exclusions").items) == 5
    fees = brief.section("fees").items
    assert fees[0].details["Pricing model"] == "fixed-fee"
    assert any(i.text == "Total" and i.details["Amount"] == "USD 283,200" for i in fees)
    shares = [i.details["Share"] for i in brief.section("payments").items]
    assert shares == ["10%", "15%", "25%", "25%", "25%"]
    assert brief.section("milestones").items[0].details["Period"] == "2025-03-03 to 2025-08-29"
    # The document title's own lines (version, date, parties) are not taken for scope.
    assert not any(i.text.startswith("Version") for i in brief.section("scope").items)


def test_deficient_example_shows_gaps_and_missing_fields() -> None:
    brief = _brief(EXAMPLES / "deficient-sow.md")
    for gap in (
        "No exclusions stated",
        "No assumptions stated",
        "No client dependencies stated",
        "No risks stated",
        "No acceptance terms stated",
    ):
        assert gap in brief.gaps
    for item in brief.section("deliverables").items:
        assert item.details["Acceptance criterion"] == NOT_STATED
    assert brief.section("deliverables").items[0].details["Due date"] == "TBD"  # as written, not invented
    md = render_markdown(brief)
    assert "**Gap:** No exclusions stated." in md
    html_text = render_html(brief)
    assert '<p class="gap">No assumptions stated</p>' in html_text


def test_flags_ordered_by_severity_then_document_order() -> None:
    brief = _brief(EXAMPLES / "deficient-sow.md")
    assert brief.flags, "the deficient example has open findings"
    ranks = {"error": 0, "warning": 1, "info": 2}
    assert [ranks[f.severity] for f in brief.flags] == sorted(ranks[f.severity] for f in brief.flags)
    assert {f.severity for f in brief.flags} >= {"error", "warning"}


def test_gaps_never_filled_from_other_sections() -> None:
    brief = _markdown_brief("# SOW\n\n## Scope\n\n- Build the thing.\n\n## Out of scope\n\n- Hosting.\n")
    assert [i.text for i in brief.section("exclusions").items] == ["Hosting."]
    assert "No assumptions stated" in brief.gaps
    assert "No deliverables stated" in brief.gaps
    assert brief.section("exclusions").items[0].location.where == "line 9, §Out of scope"


_HOSTILE = """# SOW <script>document.title='HACKED'</script>

## Scope

- Build a portal. <script>alert(1)</script>

## Deliverables

| ID | Deliverable | Due date | Acceptance criteria |
|---|---|---|---|
| D1 | Report \\<b\\>bold\\</b\\> & "quoted" | 2025-05-01 | Loads in 2 s \\<img src=x onerror=alert(2)\\> |

## Exclusions

- Hosting <script>document.title='HACKED'</script>
"""


def test_html_escapes_document_text() -> None:
    page = render_html(_markdown_brief(_HOSTILE))
    assert "<script" not in page.lower()
    assert "<b>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<span class="text">Report &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</span>' in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    # Self-contained: no external assets or links out of the page.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page


def test_markdown_escapes_markup() -> None:
    md = render_markdown(_markdown_brief(_HOSTILE))
    assert "<script>" not in md and "<b>" not in md
    assert r"\<script\>alert(1)\</script\>" in md


def test_json_round_trips() -> None:
    brief = _brief(EXAMPLES / "complete-sow.md")
    data = json.loads(render_json(brief))
    assert Brief.model_validate(data) == brief
    assert data["sections"][0]["key"] == "objectives"


def test_cli_formats_and_output(tmp_path: Path) -> None:
    app = _cli()
    runner = CliRunner()
    src = str(EXAMPLES / "complete-sow.md")
    result = runner.invoke(app, ["brief", src, "--isolated", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["format"] == "markdown"
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", src, "--isolated", "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Brief written to {out}"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["brief", src, "--isolated"])
    assert result.exit_code == 0 and result.output.startswith("# Handoff brief:")


def test_cli_errors(tmp_path: Path) -> None:
    app = _cli()
    runner = CliRunner()
    result = runner.invoke(app, ["brief", str(tmp_path / "missing.md")])
    assert result.exit_code == 2
    assert "no such file" in result.output
    result = runner.invoke(
        app, ["brief", str(EXAMPLES / "complete-sow.md"), "--config", str(tmp_path / "x.toml")]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
