"""Markdown reader: headings (ATX, setext, bold and numbered pseudo-headings), lists, tables, front matter,
exact line numbers."""

from __future__ import annotations

import subprocess
import sys

from sowlint.model import ListItem, Paragraph, Table
from sowlint.readers import read_document
from sowlint.readers.markdown import parse_markdown
from tests.conftest import EXAMPLES

SOURCE = """---
title: Front Matter Title
client: Contoso
---

Setext Title
============

Intro paragraph
on two lines.

## 1. Scope

- first item
  - nested item
- second item

**2.0 DELIVERABLES**

| ID | Deliverable |
|----|-------------|
| D1 | Report |

###6.6.4 Delivery Instructions

A. Provide access to the data warehouse.
"""


def test_structure_and_lines() -> None:
    doc = parse_markdown(SOURCE, "x.md")
    assert doc.title == "Front Matter Title"
    assert doc.meta["client"] == "Contoso"
    secs = doc.walk()
    assert [(s.number, s.title, s.level) for s in secs] == [
        (None, "Setext Title", 1),
        ("1", "Scope", 2),
        ("2.0", "DELIVERABLES", 2),
        ("6.6.4", "Delivery Instructions", 3),
    ]
    assert secs[0].location.line == 6
    intro = secs[0].blocks[0]
    assert (
        isinstance(intro, Paragraph)
        and intro.location.line == 9
        and intro.text == "Intro paragraph\non two lines."
    )
    items = [b for b in secs[1].blocks if isinstance(b, ListItem)]
    assert [(i.text, i.level, i.location.line) for i in items] == [
        ("first item", 1, 14),
        ("nested item", 2, 15),
        ("second item", 1, 16),
    ]
    table = secs[2].blocks[0]
    assert isinstance(table, Table)
    assert table.header == ("ID", "Deliverable")
    assert table.rows[0].cells[1].text == "Report"
    assert (table.location.line, table.rows[0].location.line, table.rows[0].cells[1].location.cell) == (
        20,
        22,
        2,
    )
    lettered = secs[3].blocks[0]
    assert isinstance(lettered, ListItem) and lettered.ordered and lettered.text.startswith("Provide access")
    assert lettered.location.section == ("Setext Title", "DELIVERABLES", "Delivery Instructions")


def test_example_file_reads_every_section() -> None:
    doc = read_document(EXAMPLES / "complete-sow.md")
    titles = [s.title for s in doc.walk()]
    assert titles[0].startswith("Statement of Work")
    assert "Exclusions" in titles and "Acceptance Criteria" in titles


def test_checking_markdown_never_imports_the_docx_or_pdf_stack() -> None:
    code = (
        "import sys\n"
        "from sowlint.engine import Engine\n"
        f"Engine().check_file(__import__('pathlib').Path({str(EXAMPLES / 'complete-sow.md')!r}))\n"
        "stack = ('docx', 'pdfplumber', 'pypdfium2', 'pdfminer')\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in stack]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
