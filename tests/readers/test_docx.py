"""Tests of the .docx reader on committed fixtures (made by tests/fixtures/make_docx_fixtures.py)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from sowlint.model import Document, ListItem, Paragraph, Section, Table
from sowlint.readers import ReadError
from sowlint.readers import docx as docx_reader

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "docx"
CORPUS = Path("/work/shared/corpus/docs")
TDRS = CORPUS / "18F__tdrs-app-rfq__FINAL-TDRS-software-development-RFQ.docx"


def _read(name: str) -> Document:
    return docx_reader.read(FIXTURES / name, name)


def _outline(doc: Document) -> list[tuple[int, str | None, str]]:
    return [(s.level, s.number, s.title) for s in doc.walk()]


def _section(doc: Document, title: str) -> Section:
    return next(s for s in doc.walk() if s.title == title)


# ---------------------------------------------------------------- fixture 1: styled headings


def test_styled_outline_and_title() -> None:
    doc = _read("styled.docx")
    assert doc.format == "docx"
    assert doc.path == "styled.docx"
    assert doc.title == "Widget Services Statement of Work"  # core properties win
    assert _outline(doc) == [
        (1, None, "Widget Services SOW"),
        (1, "1", "Scope"),
        (2, "1.2", "Deliverables"),
        (3, None, "Acceptance Criteria"),
        (1, None, "Assumptions"),
    ]
    assert doc.meta["title"] == "Widget Services Statement of Work"
    assert "HEADER TEXT IS NOT BODY" not in " ".join(b.text for b in doc.all_blocks())


def test_styled_body_order_kinds_and_blocks() -> None:
    doc = _read("styled.docx")
    got = [(b.kind, b.location.block) for b in doc.all_blocks()]
    assert got == [
        ("paragraph", 2),
        ("paragraph", 4),  # block 5 is an empty paragraph: skipped but counted
        ("list_item", 6),
        ("list_item", 7),
        ("list_item", 8),
        ("list_item", 10),
        ("list_item", 11),
        ("table", 12),
        ("paragraph", 13),
        ("paragraph", 15),
        ("paragraph", 16),
        ("paragraph", 18),
    ]
    assert [s.location.block for s in doc.walk()] == [1, 3, 9, 14, 17]
    scope = _section(doc, "Scope")
    assert scope.blocks[0].location.section == ("Scope",)
    assert scope.blocks[0].location.describe() == "paragraph 4, §Scope"


def test_styled_lists() -> None:
    doc = _read("styled.docx")
    items = [b for b in doc.all_blocks() if isinstance(b, ListItem)]
    assert [(i.text, i.level, i.ordered) for i in items] == [
        ("Design widgets with users", 1, False),
        ("Build the widgets in the open", 1, False),
        ("Test widgets in the staging environment", 2, False),
        ("Widget design document", 1, True),
        ("Widget source code", 1, True),
    ]


def test_styled_table_header_merges_and_locations() -> None:
    doc = _read("styled.docx")
    (table,) = [b for b in doc.all_blocks() if isinstance(b, Table)]
    assert table.header == ("Deliverable", "Due", "Owner")
    rows = [[(c.text, c.location.cell) for c in r.cells] for r in table.rows]
    assert rows == [
        # horizontal merge: one cell spanning Due+Owner (merging in Word/python-docx joins the texts)
        [("Design", 1), ("Week 2\nContractor", 2)],
        [("Week 4", 2), ("COR", 3)],  # vertical merge: "Design" is not repeated
        [("Code", 1), ("Week 8", 2), ("Contractor\nReviewed by COR", 3)],
    ]
    assert table.location.table == 1 and table.location.block == 12
    cell = table.rows[2].cells[2]
    assert (cell.location.table, cell.location.row, cell.location.cell, cell.location.block) == (1, 3, 3, 12)
    assert cell.location.section == ("Scope", "Deliverables")
    assert table.rows[1].location.row == 2


def test_inline_text_from_hyperlinks_content_controls_tabs_breaks() -> None:
    doc = _read("styled.docx")
    texts = [b.text for b in _section(doc, "Acceptance Criteria").blocks]
    assert texts == [
        "Accepted when the portal shows Agency X green\ntoday.",
        "Text inside a block content control.",
    ]


# ---------------------------------------------------------------- fixture 2: no heading styles


def test_unstyled_inferred_outline() -> None:
    doc = _read("unstyled.docx")
    assert _outline(doc) == [
        (1, None, "STATEMENT OF WORK"),
        (1, "1.0", "SCOPE"),
        (2, "1.1", "Background"),
        (3, None, "Key Assumptions"),  # bold, one below the numbered heading
        (3, None, "Out of Scope"),  # successive bold pseudo-headings are siblings
        (1, "2.0", "DELIVERABLES"),
        (2, "1.1", "Monthly Reporting"),  # Word auto-numbering "%1.%2", bold
        (1, "3.0", "ACCEPTANCE"),
    ]


def test_unstyled_sentences_stay_paragraphs_and_lists() -> None:
    doc = _read("unstyled.docx")
    out_of_scope = _section(doc, "Out of Scope")
    assert [type(b) for b in out_of_scope.blocks] == [Paragraph, Paragraph]
    assert out_of_scope.blocks[1].text == "ALL WORK SHALL BE PERFORMED ON SITE AT THE AGENCY HEADQUARTERS."
    deliverables = _section(doc, "DELIVERABLES")
    assert [b.text for b in deliverables.blocks] == ["The contractor shall deliver the following:"]
    items = [
        (b.text, b.level, b.ordered)
        for b in _section(doc, "Monthly Reporting").blocks
        if isinstance(b, ListItem)
    ]
    assert items == [
        ("Status reports shall be delivered on the fifth business day.", 3, True),
        ("Reports are reviewed by the COR within ten days.", 3, True),
        ("Reports use the agency template", 1, False),
    ]


def test_table_cells_are_never_headings() -> None:
    doc = _read("unstyled.docx")
    (table,) = [b for b in doc.all_blocks() if isinstance(b, Table)]
    assert table.header == ("Task Name", "OWNER")
    assert [c.text for c in table.rows[0].cells] == ["Reporting", "Contractor"]
    assert "Task Name" not in [s.title for s in doc.walk()]
    assert "OWNER" not in [s.title for s in doc.walk()]


def test_bold_everywhere_is_not_a_heading_signal() -> None:
    doc = _read("bold_form.docx")
    assert _outline(doc) == [(1, None, "CONTRACT INFORMATION FORM")]
    texts = [b.text for b in doc.sections[0].blocks]
    assert texts[:4] == ["Contract Number", "GS-00F-0001", "Vendor Name", "Example Corp"]
    assert all(isinstance(b, Paragraph) for b in doc.sections[0].blocks)


# ---------------------------------------------------------------- fixture 3: custom styles, outline


def test_custom_style_chain_and_outline_levels() -> None:
    doc = _read("custom.docx")
    assert _outline(doc) == [
        (1, None, "Overview"),
        (2, None, "Period of Performance"),  # "SOW Heading" based on Heading 2
        (3, None, "Option Periods"),  # Normal paragraph with w:outlineLvl 2
        (2, None, "Place of Performance"),  # "SOW Subheading" -> "SOW Heading" -> Heading 2
    ]
    texts = [b.text for b in _section(doc, "Place of Performance").blocks]
    # outline level 9 on a Heading 1 paragraph makes it body text; checkboxes render as [x] / [ ]
    assert texts == ["Demoted heading text", "[x] Firm fixed price", "[ ] Time and materials"]


# ---------------------------------------------------------------- errors


def test_truncated_docx_is_a_read_error() -> None:
    with pytest.raises(ReadError, match=r"corrupt or truncated \.docx"):
        _read("truncated.docx")


def test_zip_that_is_not_word() -> None:
    with pytest.raises(ReadError, match=r"not a Word document"):
        _read("not_word.docx")


def test_encrypted_word_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ReadError, match="password-protected or legacy binary Word file"):
        docx_reader.read(path, "locked.docx")


def test_zip_bomb_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(ReadError, match="possible zip bomb"):
        _read("styled.docx")


def test_damaged_xml(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(FIXTURES / "styled.docx") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    with pytest.raises(ReadError, match="damaged XML") as caught:
        docx_reader.read(path, "bad.docx")
    assert "\n" not in str(caught.value)


def test_missing_part(tmp_path: Path) -> None:
    path = tmp_path / "gap.docx"
    with zipfile.ZipFile(FIXTURES / "styled.docx") as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if info.filename != "word/styles.xml":
                dst.writestr(info, src.read(info.filename))
    with pytest.raises(ReadError, match=r"part word/styles\.xml is missing"):
        docx_reader.read(path, "gap.docx")


def test_fixture_files_are_not_modified() -> None:
    path = FIXTURES / "styled.docx"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    docx_reader.read(path, "styled.docx")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# ---------------------------------------------------------------- real documents


@pytest.mark.skipif(not CORPUS.is_dir(), reason="real SOW corpus not present")
def test_corpus_docx_files_read() -> None:
    files = sorted(CORPUS.glob("*.docx"))
    assert files
    for path in files:
        doc = docx_reader.read(path, path.name)
        assert doc.format == "docx"
        assert doc.walk(), f"{path.name}: no headings found"
        assert doc.word_count() > 300, path.name
        for block in doc.all_blocks():
            assert block.location.block is not None and block.location.block >= 1


@pytest.mark.skipif(not TDRS.is_file(), reason="real SOW corpus not present")
def test_corpus_tdrs_outline_and_speed() -> None:
    docx_reader.read(TDRS, TDRS.name)  # warm imports
    start = time.perf_counter()
    doc = docx_reader.read(TDRS, TDRS.name)
    assert time.perf_counter() - start < 1.0
    numbers = [s.number for s in doc.walk() if s.number]
    assert numbers[:4] == ["1.0", "1.1", "1.2", "1.3"]
    assert "9.6.5" in numbers
    scope = next(s for s in doc.walk() if s.number == "2.1")
    assert (scope.title, scope.level) == ("Scope", 3)  # Heading 3 under Heading 2 "2.0 ..."
    assert sum(isinstance(b, Table) for b in doc.all_blocks()) == 11
