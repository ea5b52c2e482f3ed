"""Golden files: each format rendered from the fixed report must match its file in ``golden/``.

Regenerate after an intended change with ``SOWLINT_UPDATE_GOLDEN=1 pytest tests/reporters``
and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sowlint.engine import Registry
from sowlint.reporters import Report, github, gitlab, junit, markdown, sarif
from sowlint.reporters.statistics import render_statistics, render_statistics_json
from tests.reporters.conftest import check_golden

RENDERERS: dict[str, Callable[[Report, Registry], str]] = {
    "report.sarif": sarif.render,
    "report.github.txt": github.render,
    "report.junit.xml": junit.render,
    "report.gitlab.json": gitlab.render,
    "report.md": markdown.render,
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_format_matches_golden(name: str, report: Report, registry: Registry) -> None:
    text = RENDERERS[name](report, registry)
    assert text.endswith("\n") and not text.endswith("\n\n")
    check_golden(name, text)


def test_rendering_is_deterministic(report: Report, registry: Registry) -> None:
    for render in RENDERERS.values():
        assert render(report, registry) == render(report, registry)


def test_statistics_match_golden(report: Report) -> None:
    check_golden("statistics.txt", render_statistics(report))
    check_golden("statistics.json", render_statistics_json(report))
