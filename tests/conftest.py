"""Shared test helpers: paths to examples, fixtures and the (optional) shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from sowlint.engine import Engine, Settings
from sowlint.readers.markdown import parse_markdown

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


def check_markdown(text: str, *codes: str) -> list:
    """Run the engine (only ``codes`` if given) over markdown text; return the findings."""
    engine = Engine(settings=Settings(select=codes or None))
    return engine.check_document(parse_markdown(text, "case.md"))


@pytest.fixture
def corpus_docs() -> Path:
    """The shared corpus documents folder, or skip when it is not beside the checkout."""
    docs = CORPUS / "docs"
    if not docs.is_dir():
        pytest.skip("shared corpus not available")
    return docs
