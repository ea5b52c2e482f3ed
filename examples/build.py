"""Regenerate the example .docx and .pdf files from the example markdown.

Usage: ``python examples/build.py`` (needs python-docx, markdown-it-py and LibreOffice's ``soffice``
on PATH for the PDFs; ``--no-pdf`` skips them).  The docx uses real Heading 1/2, List Bullet,
List Bullet 2 and List Number styles and real tables with a repeating header row, so the docx
reader sees the same structure as the markdown; core properties and zip timestamps are fixed so
rebuilding gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Length, Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

HERE = Path(__file__).resolve().parent
EXAMPLES = ("complete-sow", "deficient-sow")
FIXED_TIME = dt.datetime(2025, 2, 14, 9, 0, 0)
TEXT_WIDTH_IN = 6.5


def inline_text(tok: Token) -> str:
    """Plain text of an inline token (soft breaks become spaces)."""
    parts: list[str] = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _row_flag(row: object, tag: str) -> None:
    """Set a boolean row property such as w:tblHeader (repeat on each page) or w:cantSplit."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def add_table(doc: DocxDocument, header: list[str], rows: list[list[str]]) -> None:
    """Add a grid table with a bold, repeating header row and rows that do not split over pages."""
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for r, values in enumerate([header, *rows]):
        _row_flag(table.rows[r], "w:cantSplit")
        for cell, text in zip(table.rows[r].cells, values, strict=False):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(10)
            run.bold = r == 0 or None
    _row_flag(table.rows[0], "w:tblHeader")
    table.autofit = False
    for c, width in enumerate(_column_widths(header, rows)):
        table.columns[c].width = width
        for row in table.rows:
            row.cells[c].width = width


def _column_widths(header: list[str], rows: list[list[str]]) -> list[Length]:
    """Give each column room for its longest word, then share the rest by content length."""
    minimum: list[float] = []
    weights: list[float] = []
    for c, head in enumerate(header):
        texts = [head, *(v[c] for v in rows if c < len(v))]
        word = max((len(w) for t in texts for w in t.split()), default=1)
        minimum.append(0.09 * word + 0.25)
        weights.append(min(max(len(t) for t in texts), 60))
    spare = max(TEXT_WIDTH_IN - sum(minimum), 0.0)
    return [Inches(m + spare * w / sum(weights)) for m, w in zip(minimum, weights, strict=True)]


def parse_table(tokens: list[Token], i: int) -> tuple[list[str], list[list[str]], int]:
    """Read a table starting at ``table_open``; return header, rows and the index after it."""
    header: list[str] = []
    rows: list[list[str]] = []
    in_head = False
    current: list[str] = []
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            current = []
        elif t.type == "tr_close" and not in_head:
            rows.append(current)
        elif t.type == "inline":
            (header if in_head else current).append(inline_text(t))
        i += 1
    return header, rows, i + 1


def markdown_to_docx(source: Path, target: Path) -> None:
    """Write ``target`` (.docx) with the headings, paragraphs, lists and tables of ``source``."""
    tokens = MarkdownIt("commonmark").enable("table").parse(source.read_text(encoding="utf-8"))
    doc = new_docx()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    lists: list[bool] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            doc.add_heading(inline_text(tokens[i + 1]), level=int(t.tag[1]))
            i += 3
            continue
        if t.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(t.type == "ordered_list_open")
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t.type == "table_open":
            header, rows, i = parse_table(tokens, i)
            add_table(doc, header, rows)
            continue
        elif t.type == "inline":
            text = inline_text(t)
            if lists:
                base = "List Number" if lists[-1] else "List Bullet"
                style = base if len(lists) == 1 else f"{base} {min(len(lists), 3)}"
                doc.add_paragraph(text, style=style)
            else:
                doc.add_paragraph(text)
        i += 1
    props = doc.core_properties
    props.title = next((inline_text(tokens[k + 1]) for k, x in enumerate(tokens) if x.tag == "h1"), "")
    props.author = "sowlint examples"
    props.last_modified_by = "sowlint examples"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    doc.save(str(target))
    _normalise_zip(target)


def _normalise_zip(path: Path) -> None:
    """Rewrite a zip with fixed entry timestamps so identical content gives identical bytes."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)


def docx_to_pdf(source: Path, outdir: Path) -> Path:
    """Convert a .docx to PDF with headless LibreOffice (private profile, 180 s limit)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) not found on PATH; install it or pass --no-pdf")
    with tempfile.TemporaryDirectory(prefix="sowlint-lo-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(outdir), str(source)],
            check=True, timeout=180, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    pdf = outdir / (source.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice did not produce {pdf}")
    return pdf


def main(argv: list[str] | None = None) -> int:
    """Build the .docx (and unless --no-pdf, the .pdf) of every example."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="only write the .docx files")
    args = parser.parse_args(argv)
    for name in EXAMPLES:
        docx_path = HERE / f"{name}.docx"
        markdown_to_docx(HERE / f"{name}.md", docx_path)
        print(f"wrote {docx_path.relative_to(HERE.parent)}")
        if not args.no_pdf:
            pdf = docx_to_pdf(docx_path, HERE)
            print(f"wrote {pdf.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
