"""Reader parity: the same SOW in docx, pdf, markdown and yaml gives the same sections, kinds and findings."""

from __future__ import annotations

from collections import Counter

import pytest

from sowlint.classify import classify
from sowlint.engine import Engine
from sowlint.readers import read_document
from tests.conftest import EXAMPLES

FORMATS = ("md", "yaml", "docx", "pdf")


def outline(name: str, ext: str) -> list[tuple[str, tuple[str, ...]]]:
    doc = classify(read_document(EXAMPLES / f"{name}.{ext}"))
    return [(s.title, s.kinds) for s in doc.walk()]


def findings(name: str, ext: str) -> Counter[tuple[str, str | None]]:
    result = Engine().check_file(EXAMPLES / f"{name}.{ext}")
    assert result.error is None
    return Counter((f.code, f.excerpt) for f in result.findings)


@pytest.mark.parametrize("name", ["complete-sow", "deficient-sow"])
@pytest.mark.parametrize("ext", FORMATS[1:])
def test_same_sections_and_kinds(name: str, ext: str) -> None:
    assert outline(name, ext) == outline(name, "md")


@pytest.mark.parametrize("name", ["complete-sow", "deficient-sow"])
@pytest.mark.parametrize("ext", FORMATS[1:])
def test_same_findings(name: str, ext: str) -> None:
    assert findings(name, ext) == findings(name, "md")


def test_complete_example_is_clean_and_deficient_is_not() -> None:
    assert findings("complete-sow", "md") == Counter()
    codes = {c for c, _ in findings("deficient-sow", "md")}
    assert {"SOW101", "SOW102", "SOW103", "SOW104", "SOW108", "SOW111", "SOW112"} <= codes


def test_formats_are_sniffed() -> None:
    assert {read_document(EXAMPLES / f"complete-sow.{e}").format for e in FORMATS} == {
        "markdown",
        "yaml",
        "docx",
        "pdf",
    }


def _texts(path) -> list[str]:
    from sowlint.model import Table

    doc = read_document(path)
    out: list[str] = []
    for b in doc.all_blocks():
        out.extend([c.text for r in b.rows for c in r.cells] if isinstance(b, Table) else [b.text])
    return [" ".join(t.split()) for t in out]


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_same_text_word_for_word(ext: str) -> None:
    # ligatures ("staff"), line-end hyphens ("knowledge-transfer", "2025-03-14") survive PDF extraction
    assert _texts(EXAMPLES / f"complete-sow.{ext}") == _texts(EXAMPLES / "complete-sow.md")
