"""PDF reader: typographic headings and levels, paragraphs across pages, lists, ruled tables, running
header/footer removal, no-text-layer detection and one-line errors, on committed fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from sowlint.model import Document, ListItem, Paragraph, Section, Table
from sowlint.readers import ReadError, read_document
from sowlint.readers.pdf import _join, read
from tests.conftest import FIXTURES

PDF = FIXTURES / "pdf"
CORPUS_PDFS = ("18F__tdrs-app-rfq__DRAFT-RFQ-TDRS.pdf", "ustaxcourt__case-management-rfq__Entire_RFQ.pdf")


@pytest.fixture(scope="module")
def doc() -> Document:
    return read(PDF / "sow_text.pdf", "sow_text.pdf")


def _section(doc: Document, title: str) -> Section:
    return next(s for s in doc.walk() if s.title == title)


def test_document_metadata(doc: Document) -> None:
    assert doc.format == "pdf"
    assert doc.pages == 3
    assert doc.has_text_layer
    assert doc.path == "sow_text.pdf"
    assert doc.title == "Statement of Work for Widget Services"
    assert doc.meta.get("Title") == "Widget Services SOW"


def test_heading_tree_levels_and_numbers(doc: Document) -> None:
    tree = [(s.level, s.number, s.title) for s in doc.walk()]
    assert tree == [
        (1, None, "Statement of Work for Widget Services"),
        (2, "1", "Introduction"),
        (3, "1.1", "Background"),
        (4, None, "Assumptions"),  # bold, body size: below every larger heading size
        (2, "2", "Scope of Work"),
        (3, "2.1", "Deliverables"),
        (3, "2.2", "Acceptance Criteria"),  # plain body text, but an outline number
        (2, "3", "Period of Performance"),
        (2, "4", "Points of Contact"),
    ]
    top = doc.sections[0]
    assert [s.title for s in top.sections] == [
        "Introduction",
        "Scope of Work",
        "Period of Performance",
        "Points of Contact",
    ]


def test_every_node_has_a_page_and_no_line(doc: Document) -> None:
    assert _section(doc, "Points of Contact").location.page == 3
    assert _section(doc, "Assumptions").location.page == 2
    for s in doc.walk():
        assert s.location.page is not None and s.location.line is None
    for b in doc.all_blocks():
        assert b.location.page in (1, 2, 3)
        assert b.location.line is None
    assert _section(doc, "Scope of Work").location.section == (
        "Statement of Work for Widget Services",
        "Scope of Work",
    )


def test_paragraph_spanning_a_page_break_is_one_paragraph(doc: Document) -> None:
    background = _section(doc, "Background")
    texts = [b.text for b in background.blocks]
    assert len(texts) == 2
    long = texts[1]
    assert long.startswith("Long paragraph begins here.") and long.endswith("Long paragraph ends here.")
    assert background.blocks[1].location.page == 1
    assert "two-week sprints" in long  # hyphenated compound kept whole, with its hyphen
    assert "  " not in long


def test_running_header_and_page_footer_are_removed(doc: Document) -> None:
    everything = [b.text for b in doc.all_blocks()] + [s.title for s in doc.walk()]
    assert not any("Page " in t and " of 3" in t for t in everything)
    assert not any("Example Agency Widget Services SOW" in t for t in everything)
    assert doc.sections[0].blocks[0].text == "Prepared for the Example Agency by the Office of Acquisitions."


def test_bullet_list(doc: Document) -> None:
    blocks = _section(doc, "Assumptions").blocks
    assert isinstance(blocks[0], Paragraph)
    items = [b for b in blocks if isinstance(b, ListItem)]
    assert [i.ordered for i in items] == [False, False, False]
    assert items[0].text == "The agency provides access to the existing database within ten days of award."
    assert items[1].text.startswith("The contractor staff hold") and items[1].text.endswith(
        "members of the public or agency employees."
    )  # wrapped item joined, bullet glyph removed
    assert items[2].text == "Travel is not required."


def test_numbered_list(doc: Document) -> None:
    blocks = _section(doc, "Acceptance Criteria").blocks
    items = [b for b in blocks if isinstance(b, ListItem)]
    assert [i.text for i in items] == [
        "All tests pass in the continuous integration pipeline.",
        "Accessibility checks report no errors.",
        "Code review is recorded for every change.",
    ]
    assert all(i.ordered for i in items)


def test_ruled_table_in_reading_order(doc: Document) -> None:
    blocks = _section(doc, "Deliverables").blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    table = blocks[1]
    assert isinstance(table, Table)
    assert table.header == ("Deliverable", "Due Date", "Format")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Project plan", "10 days after award", "PDF"],
        ["Working software", "Every sprint", "Source code"],
        ["Final report", "End of period", "Word document"],
    ]
    assert table.location.table == 1 and table.location.page == 2
    cell = table.rows[2].cells[1]
    assert (cell.location.row, cell.location.cell, cell.location.page) == (3, 2, 2)
    # table text does not leak into paragraphs
    assert not any("Working software" in b.text for b in doc.all_blocks() if not isinstance(b, Table))


def test_image_only_pdf_has_no_text_layer() -> None:
    doc = read(PDF / "scanned.pdf", "scanned.pdf")
    assert doc.has_text_layer is False
    assert doc.pages == 1
    assert doc.sections == () and doc.blocks == ()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("encrypted.pdf", "encrypted PDF: remove the password protection and re-run"),
        ("truncated.pdf", "damaged or truncated PDF"),
        ("zero_pages.pdf", "PDF has no pages"),
    ],
)
def test_bad_pdfs_raise_one_line_read_errors(name: str, message: str) -> None:
    with pytest.raises(ReadError) as err:
        read(PDF / name, name)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)
    with pytest.raises(ReadError, match=message.split(":")[0]):
        read_document(PDF / name)


def test_garbage_after_pdf_header_is_a_read_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"not a pdf body\n" * 200 + b"%%EOF\n")
    with pytest.raises(ReadError, match="damaged"):
        read(bad, "bad.pdf")


def test_fixture_files_are_not_modified() -> None:
    before = (PDF / "sow_text.pdf").read_bytes()
    read(PDF / "sow_text.pdf", "x")
    assert (PDF / "sow_text.pdf").read_bytes() == before


@pytest.mark.parametrize(
    ("prev", "nxt", "joined"),
    [
        ("the docu-", "ment is ready", "the document is ready"),  # suffix: a split word
        ("government-", "furnished property", "government-furnished property"),  # compound kept
        ("an imple-", "mentation plan", "an implementation plan"),
        ("soft\u00ad", "ware", "software"),
        ("end of line", "next line", "end of line next line"),
    ],
)
def test_line_join_dehyphenation(prev: str, nxt: str, joined: str) -> None:
    assert _join(prev, nxt, {"implementation"}) == joined


@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_corpus_pdfs_read(corpus_docs: Path, name: str) -> None:
    path = corpus_docs / name
    if not path.exists():
        pytest.skip(f"{name} not in the corpus")
    doc = read(path, name)
    assert doc.has_text_layer and doc.pages and doc.pages > 30
    titles = [s.title for s in doc.walk()]
    assert len(titles) >= 15
    assert doc.word_count() > 8000
    assert any(isinstance(b, Table) and b.rows for b in doc.all_blocks())
    # page numbers (bare "3" lines at the foot of every page) never become paragraphs
    assert not any(b.text.strip().isdigit() for b in doc.all_blocks() if isinstance(b, Paragraph))


def test_corpus_headings(corpus_docs: Path) -> None:
    path = corpus_docs / CORPUS_PDFS[0]
    if not path.exists():
        pytest.skip("corpus PDF missing")
    doc = read(path, "tdrs.pdf")
    by_number = {s.number: s for s in doc.walk() if s.number}
    assert by_number["1.0"].title == "Purpose and Background"
    assert by_number["1.2"].title == "Background"
    assert by_number["1.2"].level == by_number["1.0"].level + 1
    assert by_number["9.9"].title == "Personnel Security Requirements"
    assert by_number["1.2"].location.page == 3
