"""A fixed report for the reporter tests: the real engine over the real examples and a broken file.

Only a fixed set of rules runs (SOW001 and SOW101-SOW112), and the registry handed to the
renderers holds only those, so rules added later do not change the golden files.
Regenerate the golden files with ``SOWLINT_UPDATE_GOLDEN=1 pytest tests/reporters``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sowlint.engine import Engine, FileResult, Registry, Settings, builtin_registry
from sowlint.findings import Severity
from sowlint.reporters import Report
from tests.conftest import EXAMPLES, FIXTURES, ROOT

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
SELECTED = ("SOW001", *(f"SOW{n}" for n in range(101, 113)))

#: (file on disk, path shown in the report)
INPUTS = (
    (EXAMPLES / "deficient-sow.md", "examples/deficient-sow.md"),
    (EXAMPLES / "deficient-sow.docx", "examples/deficient-sow.docx"),
    (EXAMPLES / "deficient-sow.pdf", "examples/deficient-sow.pdf"),
    (EXAMPLES / "complete-sow.md", "examples/complete-sow.md"),
    (FIXTURES / "docx" / "truncated.docx", "tests/fixtures/docx/truncated.docx"),
)


def fixed_registry() -> Registry:
    """The built-in rules named in ``SELECTED`` only."""
    return Registry(tuple(r for r in builtin_registry().rules if r.code in SELECTED))


def make_report(results: list[FileResult], fail_on: Severity = Severity.WARNING) -> Report:
    """A report with the exit code the CLI would give these results."""
    failing = any(f.severity.rank >= fail_on.rank for r in results for f in r.findings)
    readable = any(r.error is None for r in results)
    code = 2 if not results or not readable else (1 if failing else 0)
    return Report(results=results, fail_on=fail_on, exit_code=code)


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The fixed registry the golden report ran with."""
    return fixed_registry()


@pytest.fixture(scope="session")
def report(registry: Registry) -> Report:
    """The golden report: three deficient examples, a complete one, a truncated docx."""
    engine = Engine(registry=registry, settings=Settings(select=SELECTED))
    results = [engine.check_file(path, shown) for path, shown in INPUTS]
    return make_report(results)


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``golden/name``; rewrite the file instead when SOWLINT_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("SOWLINT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"missing golden file {path.relative_to(ROOT)}: run with SOWLINT_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, (
        f"{name} differs from its golden file; if the change is intended, regenerate with "
        "SOWLINT_UPDATE_GOLDEN=1 pytest tests/reporters"
    )
