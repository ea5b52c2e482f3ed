"""The HTML brief in a real headless browser (Debian chromium): it loads cleanly and runs no document text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sowlint.brief import build_brief
from sowlint.classify import classify
from sowlint.config import Config
from sowlint.engine import Engine
from sowlint.readers import read_document
from sowlint.reporters.brief import render_html

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

SOW = """# SOW for the portal <script>document.title='HACKED'</script>

## Scope

- Build the portal. <script>document.title='HACKED'; console.error('ran')</script>

## Deliverables

| ID | Deliverable | Due date | Acceptance criteria |
|---|---|---|---|
| D1 | Portal \\<b\\>beta\\</b\\> | 2025-05-01 | Loads in under 2 seconds |

## Exclusions

- Hosting.
"""


def _dump_dom(page: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_brief_html_in_headless_chromium(tmp_path: Path) -> None:
    src = tmp_path / "hostile-sow.md"
    src.write_text(SOW, encoding="utf-8")
    doc = read_document(src, "hostile-sow.md")
    findings = Engine(config=Config.discover(isolated=True)).run_document(doc).findings
    page = tmp_path / "brief.html"
    page.write_text(render_html(build_brief(classify(doc), findings)), encoding="utf-8")

    proc = _dump_dom(page, tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    # The sections are there.
    for heading in ("Deliverables", "Exclusions", "Assumptions", "Risk flags"):
        assert re.search(rf"<h2>{heading}", dom), heading
    assert "No assumptions stated" in dom
    # The document's script text is shown as text, not run: no script element, title unchanged.
    assert "&lt;script&gt;document.title='HACKED'" in dom
    assert "<script" not in dom.lower()
    assert "Portal &lt;b&gt;beta&lt;/b&gt;" in dom
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title is not None and title.group(1).strip() != "HACKED"
    assert title.group(1).startswith("Handoff brief:")
    # No console output at all while loading (the page has no scripts; chromium logs console.error,
    # uncaught exceptions and CSP violations as CONSOLE lines on stderr).
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert not console, console


def test_complete_example_renders_in_chromium(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "complete-sow.md"
    doc = read_document(example, "examples/complete-sow.md")
    page = tmp_path / "brief.html"
    page.write_text(render_html(build_brief(classify(doc), [])), encoding="utf-8")
    proc = _dump_dom(page, tmp_path / "profile")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Discovery Report and Target Architecture" in proc.stdout
    assert "line 37, table 1 row 1, §Deliverables" in proc.stdout
    assert "Uncaught" not in proc.stderr and ":CONSOLE" not in proc.stderr
