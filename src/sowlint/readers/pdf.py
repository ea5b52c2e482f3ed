"""PDF reader: pypdfium2 for text and typography, pdfplumber only for pages that hold ruled tables.

pypdfium2 reads characters with their position, font size and weight about 35x faster than
pdfplumber, so every page goes through it: characters are grouped into lines by baseline, lines
are split into spans at wide gaps, running headers/footers and page numbers are dropped, and
headings are found by typography (larger than body text, or bold and short) and numbering.
pdfplumber's table finder is better than anything quick, but slow, so it runs only on pages whose
vector graphics look like table rulings, and on a copy of the page with the text objects removed
(parsing text is what makes pdfplumber slow); pdfium's glyphs inside a found table fill its cells
and leave the paragraph stream, and the table appears as one :class:`Table` in reading order.

Every node carries its 1-based ``page``; ``line`` stays ``None`` (PDF has no source lines).
A PDF whose pages carry (almost) no characters comes back with ``has_text_layer=False`` and no
content, so the rule engine can say "no text layer" instead of reporting a missing scope.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from sowlint.model import Block, Cell, Document, ListItem, Location, Paragraph, Row, Table
from sowlint.readers import ReadError
from sowlint.readers.build import (
    RawHeading,
    build_document,
    heading_shaped,
    is_all_caps,
    looks_like_heading,
    number_depth,
    split_number,
)

# --- tunables -------------------------------------------------------------------------------------
_FORCE_BOLD_FLAG = 1 << 18  # PDF font descriptor flag ForceBold (bit 19)
_BOLD_WEIGHT = 600
_WORD_GAP = 0.25  # gap (x font size) between glyphs that means a space
_SPAN_GAP = 1.5  # gap (x font size) between glyphs that splits a line into spans
_MARGIN_BAND = 0.12  # top/bottom share of the page where running headers and footers live
_MIN_PAGE_CHARS = 20  # non-space characters for a page to count as having text
_TEXT_PAGE_SHARE = 0.25  # below this share of text pages the PDF has no usable text layer
_PARA_GAP = 1.4  # baseline gap (x line spacing) that starts a new paragraph
_INDENT = 6.0  # points of x change that count as an indentation change
_MAX_OBJECTS = 4000  # page objects inspected when guessing whether a page holds a table

_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s*)?[-\u2013\u2014(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-\u2013\u2014)]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_BULLETS = frozenset(
    "\u2022\u25cf\u25aa\u25a0\u25e6\u25cb\u25c6\u25c7\u25ba\u25b8\u2023\u2043\u2219\u00b7"
    "\u27a2\u27a4\u2713\u2714\u25a1\u2756\u00a7\u00d8\u2010\u2013\u2014-*"
)
_ORDERED_RE = re.compile(
    r"^(?:\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)]|\(\d{1,2}\)|\([a-zA-Z]\))\s+\S"
)
_TOC_LEADER_RE = re.compile(r"(?:\.\s*){4,}\s*\d{1,4}$|\s\d{1,4}$")
_TERMINAL = (".", "!", "?", ":", ";")
_SENTENCE_RE = re.compile(r"\b(shall|will|must|should|may|is|are|was|were|has|have|can|does|do)\b", re.I)
_SOFT_HYPHENS = ("\u00ad", "\x02")
_SUFFIXES = (
    "ment",
    "ments",
    "tion",
    "tions",
    "sion",
    "ing",
    "ings",
    "ed",
    "ly",
    "ity",
    "ities",
    "ness",
    "ance",
    "ence",
    "able",
    "ible",
    "al",
    "ally",
    "er",
    "ers",
    "ive",
    "ize",
    "ise",
    "ous",
    "ure",
)


@dataclass
class _Line:
    """One visual line of a page: glyphs sharing a baseline, in x order."""

    page: int
    text: str
    size: float
    bold: bool
    x0: float
    x1: float
    top: float
    baseline: float
    spans: list[tuple[str, float, float]]
    text_x: float  # x where the words after a leading bullet/number start
    height: float  # page height, for margin bands


@dataclass
class _TableBox:
    """A table found by pdfplumber, in pdfium (y-up) coordinates; ``rows`` is filled from glyphs."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    cells: list[list[tuple[float, float, float, float] | None]]  # x0, bottom, x1, top
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class _PageData:
    """What one page contributes: its lines, its tables and its character count."""

    lines: list[_Line] = field(default_factory=list)
    tables: list[_TableBox] = field(default_factory=list)
    chars: int = 0


@dataclass
class _Pending:
    """A paragraph or list item being assembled from lines."""

    kind: str  # "para" | "item"
    lines: list[_Line]
    text: str
    level: int = 1
    ordered: bool = False
    text_x: float = 0.0


_Glyph = tuple[float, float, float, float, str, float, bool]  # baseline, left, right, top, char, size, bold


@lru_cache(maxsize=1)
def _pointer_getters() -> tuple[Callable[[Any, int], int | None], Callable[[int], int | None]]:
    """``FPDFText_GetTextObject`` / ``FPDFTextObj_GetFont`` returning raw addresses, cheap to compare."""
    get_obj = ctypes.cast(
        pdfium_c.FPDFText_GetTextObject,
        ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int),
    )
    get_font = ctypes.cast(pdfium_c.FPDFTextObj_GetFont, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p))
    return get_obj, get_font


# --- opening ------------------------------------------------------------------------------------------


def _open(path: Path) -> pdfium.PdfDocument:
    """Open with pdfium and turn its failures into one-line reasons."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            fh.seek(max(fh.tell() - 2048, 0))
            tail = fh.read()
    except OSError as exc:
        raise ReadError(f"cannot open file: {exc.strerror or exc}") from None
    if b"%%EOF" not in tail and b"startxref" not in tail:
        raise ReadError("damaged or truncated PDF (no end-of-file marker): re-export or re-download it")
    # the raw call, because pypdfium2 reports a stale error code for a PDF that opens with zero pages
    raw = pdfium_c.FPDF_LoadDocument(str(path).encode("utf-8", errors="surrogateescape"), None)
    if not raw:
        code = pdfium_c.FPDF_GetLastError()
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("encrypted PDF: remove the password protection and re-run")
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError("encrypted PDF with an unsupported security handler: save an unprotected copy")
        if code == pdfium_c.FPDF_ERR_FILE:
            raise ReadError("cannot open file")
        raise ReadError("damaged or truncated PDF (cannot parse its structure): re-export it")
    if pdfium_c.FPDF_GetPageCount(raw) < 1:
        pdfium_c.FPDF_CloseDocument(raw)
        raise ReadError("PDF has no pages")
    return pdfium.PdfDocument(raw)


# --- characters to lines ---------------------------------------------------------------------------


def _page_text(raw: Any, n: int) -> str | None:
    """All of a text page's characters in one call, or None if they do not map 1:1 to char indices."""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = pdfium_c.FPDFText_GetText(raw, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == n else None


def _page_glyphs(page: pdfium.PdfPage, fonts: dict[int, bool]) -> tuple[list[_Glyph], int]:
    """Every real glyph of a page with position, effective font size and boldness; and the non-space count.

    ``fonts`` caches boldness per font handle for the whole document.
    """
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        text = _page_text(raw, n) if n > 0 else ""
        get_obj, get_font = _pointer_getters()
        box = pdfium_c.FS_RECTF()
        box_ref = ctypes.byref(box)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        ox_ref, oy_ref = ctypes.byref(ox), ctypes.byref(oy)
        matrix = pdfium_c.FS_MATRIX()
        name_buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        last_obj: int | None = -1
        prev_obj: int | None = None
        size, bold = 0.0, False
        level, baseline = False, 0.0
        glyphs: list[_Glyph] = []
        visible = 0
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        origin = pdfium_c.FPDFText_GetCharOrigin
        for i in range(n):
            ch = text[i] if text is not None else chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFD)
            if ch in "\r\n\x00\u200b\ufeff":
                continue
            if ch == "\ufffe":
                ch = "-"  # pdfium marks a hyphen at a line end with U+FFFE; _join decides whether to keep it
            obj = get_obj(raw, i)
            if obj is None:
                # a character with no glyph of its own: a space pdfium inferred from glyph spacing
                # (Skia/Chrome PDFs have no space glyphs) or a ligature's extra letter; keep it right
                # after the previous glyph so words stay whole and the line builder sees word breaks
                if glyphs and (ch == " " or ch.isalpha()):
                    last = glyphs[-1]
                    glyphs.append((last[0], last[2] + 0.01, last[2] + 0.02, last[3], ch, last[5], last[6]))
                    if ch != " ":
                        visible += 1
                continue
            if obj != last_obj:
                last_obj = obj
                pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
                # one text object is one run of text: unrotated (no y-shear), every glyph of it sits
                # on the same baseline, so its origin's y is read once per object, not per glyph
                level = matrix.b == 0.0
                origin(raw, i, ox_ref, oy_ref)
                baseline = oy.value
                scale = math.hypot(matrix.c, matrix.d) or 1.0
                size = round(pdfium_c.FPDFText_GetFontSize(raw, i) * scale, 1)
                font = get_font(obj) or 0
                cached = fonts.get(font)
                if cached is None:
                    weight = pdfium_c.FPDFText_GetFontWeight(raw, i)
                    pdfium_c.FPDFText_GetFontInfo(raw, i, name_buf, 128, ctypes.byref(flags))
                    name = name_buf.value.lower()
                    cached = (
                        weight >= _BOLD_WEIGHT
                        or b"bold" in name
                        or b"black" in name
                        or b"heavy" in name
                        or bool(flags.value & _FORCE_BOLD_FLAG)
                    )
                    fonts[font] = cached
                bold = cached
            loose_box(raw, i, box_ref)
            if not level:
                origin(raw, i, ox_ref, oy_ref)
                baseline = oy.value
            if not ch.isspace():
                visible += 1
            prev = glyphs[-1] if glyphs else None
            if prev is not None and obj == prev_obj and (prev[1], prev[2]) == (box.left, box.right):
                # the letters of one ligature glyph ("ff", "fi") share its box: split it so the
                # fake-bold duplicate filter in the line builder does not drop the second letter
                mid = (box.left + box.right) / 2
                glyphs[-1] = (prev[0], prev[1], mid, prev[3], prev[4], prev[5], prev[6])
                glyphs.append((baseline, mid, box.right, box.top, ch, size, bold))
            else:
                glyphs.append((baseline, box.left, box.right, box.top, ch, size, bold))
            prev_obj = obj
    finally:
        textpage.close()
    return glyphs, visible


def _group_lines(glyphs: list[_Glyph], page: int, height: float) -> list[_Line]:
    """Cluster glyphs by baseline (tolerating super/subscripts) and build lines top to bottom."""
    if not glyphs:
        return []
    glyphs.sort(key=itemgetter(0), reverse=True)  # top to bottom; stable, like a key of -y
    groups: list[list[_Glyph]] = []
    cur = [glyphs[0]]
    base, first_size = glyphs[0][0], glyphs[0][5]
    for g in islice(glyphs, 1, None):
        # the tolerance is 0.3 of the larger font size of this glyph and the line's first, at least 1.5
        tol = 0.3 * (g[5] if g[5] > first_size else first_size)
        if base - g[0] <= (tol if tol > 1.5 else 1.5):
            cur.append(g)
        else:
            groups.append(cur)
            cur, base, first_size = [g], g[0], g[5]
    groups.append(cur)
    lines = [ln for ln in (_make_line(gr, page, height) for gr in groups) if ln is not None]
    return lines


def _make_line(glyphs: list[_Glyph], page: int, height: float) -> _Line | None:
    """Build one line from glyphs sharing a baseline."""
    glyphs.sort(key=itemgetter(1))
    sizes: Counter[float] = Counter()
    bold_n = total_n = 0
    spans: list[tuple[str, float, float]] = []
    parts: list[str] = []
    span_x0: float | None = None  # first visible glyph: leading spaces indent, they are not text
    prev_right: float | None = None
    prev_ch = ""
    span_right = glyphs[0][2]
    word_starts: list[float] = []
    for _y, left, right, _top, ch, size, bold in glyphs:
        if ch.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
            prev_right = max(prev_right or right, right)
            continue
        if prev_right is not None:
            if ch == prev_ch and abs(left - (prev_right - (right - left))) < 0.5:
                continue  # overprinted duplicate glyph (fake bold)
            gap = left - prev_right
            if gap > _SPAN_GAP * max(size, 4.0) and parts and span_x0 is not None:
                spans.append(("".join(parts).strip(), span_x0, span_right))
                parts, span_x0 = [], left
            elif gap > _WORD_GAP * size and parts and parts[-1] != " ":
                parts.append(" ")
        if span_x0 is None:
            span_x0 = left
        if not parts or parts[-1] == " ":
            word_starts.append(left)
        parts.append(ch)
        prev_right, prev_ch, span_right = right, ch, right
        sizes[size] += 1
        total_n += 1
        bold_n += bold
    if total_n == 0 or span_x0 is None:
        return None
    spans.append(("".join(parts).strip(), span_x0, span_right))
    spans = [s for s in spans if s[0]]
    text = " ".join(s[0] for s in spans)
    size = sizes.most_common(1)[0][0]
    top = max(map(itemgetter(3), glyphs))
    return _Line(
        page=page,
        text=text,
        size=size,
        bold=bold_n >= 0.9 * total_n,
        x0=spans[0][1],
        x1=spans[-1][2],
        top=top,
        baseline=glyphs[0][0],
        spans=spans,
        text_x=word_starts[1] if len(word_starts) > 1 else spans[0][1],
        height=height,
    )


# --- tables ----------------------------------------------------------------------------------------------


def _likely_table(page: pdfium.PdfPage) -> bool:
    """Guess from vector paths whether the page holds a ruled table (cheap, no text work)."""
    hlines = vlines = boxes = 0
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    page_area = max(page.get_width() * page.get_height(), 1.0)
    stack: list[tuple[Any, bool]] = [(page.raw, False)]
    seen = 0
    while stack:
        parent, is_form = stack.pop()
        if is_form:
            count, get = pdfium_c.FPDFFormObj_CountObjects(parent), pdfium_c.FPDFFormObj_GetObject
        else:
            count, get = pdfium_c.FPDFPage_CountObjects(parent), pdfium_c.FPDFPage_GetObject
        for i in range(max(count, 0)):
            seen += 1
            if seen > _MAX_OBJECTS:
                return hlines + vlines + boxes >= 4
            obj = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, True))
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
                continue
            if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top) or _invisible(obj):
                continue
            w, h = right.value - left.value, top.value - bottom.value
            if h <= 3 and w >= 15:
                hlines += 1
            elif w <= 3 and h >= 10:
                vlines += 1
            elif w >= 15 and h >= 8 and w * h < 0.25 * page_area:  # not a page background
                boxes += 1
            if (hlines >= 2 and vlines >= 2) or boxes >= 3 or (boxes >= 1 and hlines + vlines >= 3):
                return True
    return False


def _invisible(obj: Any) -> bool:
    """A path only filled in white (Skia paints one behind every text line): it draws no ruling."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    if stroke.value:
        return False
    if not fill.value:
        return True
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 250


def _graphics_copy(pdf: pdfium.PdfDocument, index: int) -> bytes:
    """One page as a new PDF without its text and image objects, so pdfplumber parses only the rulings."""
    dst = pdfium.PdfDocument.new()
    try:
        dst.import_pages(pdf, [index])
        page = dst[0]
        try:
            raw = page.raw
            for i in range(pdfium_c.FPDFPage_CountObjects(raw) - 1, -1, -1):
                obj = pdfium_c.FPDFPage_GetObject(raw, i)
                kind = pdfium_c.FPDFPageObj_GetType(obj)
                if kind in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_IMAGE) or (
                    kind == pdfium_c.FPDF_PAGEOBJ_PATH and _invisible(obj)
                ):
                    if pdfium_c.FPDFPage_RemoveObject(raw, obj):
                        pdfium_c.FPDFPageObj_Destroy(obj)
            pdfium_c.FPDFPage_GenerateContent(raw)
        finally:
            page.close()
        out = io.BytesIO()
        dst.save(out)
        return out.getvalue()
    finally:
        dst.close()


def _find_tables(pdf: pdfium.PdfDocument, index: int, page: pdfium.PdfPage) -> list[_TableBox]:
    """Run pdfplumber's ruling-based table finder on one page; keep grids of 2+ columns.

    pdfplumber reads a text-free copy of the page (its text parsing is the slow part); cell text
    comes from pdfium's glyphs afterwards.
    """
    import pdfplumber

    found: list[_TableBox] = []
    top = page.get_mediabox()[3]
    with pdfplumber.open(io.BytesIO(_graphics_copy(pdf, index))) as plumber:
        ppage = plumber.pages[0]
        for tab in ppage.find_tables():
            rows = [
                [None if c is None else (c[0], top - c[3], c[2], top - c[1]) for c in r.cells]
                for r in tab.rows
            ]
            if max((sum(1 for c in r if c is not None) for r in rows), default=0) < 2:
                continue
            x0, t, x1, b = tab.bbox
            found.append(
                _TableBox(page=index + 1, top=top - t, bottom=top - b, x0=float(x0), x1=float(x1), cells=rows)
            )
        ppage.close()
    return found


def _take_table_glyphs(
    glyphs: list[_Glyph], tables: list[_TableBox], page: int, height: float
) -> list[_Glyph]:
    """Move glyphs that fall inside a table into its cells; return the glyphs outside every table."""
    rest: list[_Glyph] = []
    per_cell: dict[tuple[int, int, int], list[_Glyph]] = {}
    for g in glyphs:
        x, y = (g[1] + g[2]) / 2, g[0] + 0.3 * g[5]
        hit = False
        for ti, t in enumerate(tables):
            if not (t.x0 - 1 <= x <= t.x1 + 1 and t.bottom - 1 <= y <= t.top + 1):
                continue
            hit = True
            for ri, row in enumerate(t.cells):
                for ci, cell in enumerate(row):
                    if (
                        cell is not None
                        and cell[0] - 1 <= x <= cell[2] + 1
                        and (cell[1] - 1 <= y <= cell[3] + 1)
                    ):
                        per_cell.setdefault((ti, ri, ci), []).append(g)
                        break
                else:
                    continue
                break
            break
        if not hit:
            rest.append(g)
    for ti, t in enumerate(tables):
        rows: list[list[str]] = []
        for ri, row in enumerate(t.cells):
            texts = []
            for ci, cell in enumerate(row):
                if cell is None:
                    continue  # merged: the cell appears once, at its first position
                lines = _group_lines(per_cell.get((ti, ri, ci), []), page, height)
                texts.append(_cell_text([ln.text for ln in lines]))
            if any(texts):
                rows.append(texts)
        t.rows = rows
    return rest


def _cell_text(lines: list[str]) -> str:
    """Join a cell's lines, mending words a narrow column split with a hyphen."""
    out = ""
    for ln in lines:
        out = ln if not out else _join(out, ln, set())
    return " ".join(out.split())


# --- running headers / footers --------------------------------------------------------------------------


def _in_margin(line: _Line) -> bool:
    band = _MARGIN_BAND * line.height
    return line.baseline > line.height - band or line.baseline < band


def _furniture(pages: list[_PageData]) -> set[int]:
    """ids of lines that are running headers/footers or bare page numbers."""
    keys: Counter[tuple[str, int]] = Counter()
    for pd in pages:
        seen: set[tuple[str, int]] = set()
        for ln in pd.lines:
            if _in_margin(ln):
                seen.add(_furniture_key(ln))
        keys.update(seen)
    text_pages = sum(1 for pd in pages if pd.lines)
    need = max(2, math.ceil(0.5 * text_pages))
    drop: set[int] = set()
    for pd in pages:
        for ln in pd.lines:
            if not _in_margin(ln):
                continue
            if _PAGE_NUMBER_RE.match(ln.text) or (text_pages >= 2 and keys[_furniture_key(ln)] >= need):
                drop.add(id(ln))
    return drop


def _furniture_key(line: _Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", line.text.lower()), round(line.baseline / 6)


# --- headings ----------------------------------------------------------------------------------------


def _is_toc(line: _Line) -> bool:
    """A table-of-contents entry: title then a page number far to the right (or dot leaders)."""
    if re.search(r"(?:\.\s*){4,}\s*\d{1,4}$", line.text) or re.search(r"\.{4,}", line.text):
        return True
    last = line.spans[-1][0]
    return len(line.spans) >= 2 and bool(re.fullmatch(r"\d{1,4}|[ivxlc]{1,6}", last, re.IGNORECASE))


def _heading_ok(text: str, size: float, bold: bool, body: float) -> bool:
    """Decide from typography and wording whether (possibly wrapped) heading text is a heading."""
    number, title = split_number(text)
    core = title.rstrip(".").strip() if number else title
    if not core or (core.startswith("(") and core.endswith(")")) or len(core.split()) > 24:
        return False
    if core.endswith(":") and (len(core.split()) > 5 or number is not None):
        return False  # "Evaluation:" may head a block; "As prescribed in 4.2, insert the following:" leads in
    if size >= body + 1.0 or bold or is_all_caps(core):
        if not heading_shaped(core, max_words=24, max_chars=200):
            return False
        return len(core.split()) <= 6 or not _SENTENCE_RE.search(core)
    if number is None:
        return False
    # plain body-size numbered lines: "3.2 Title" or "Section 4 Title" are headings, "1. Do x" is a list item
    return ("." in number.strip(".") or " " in number) and looks_like_heading(text)


def _heading_candidate(line: _Line, body: float) -> bool:
    """Whether one line could start a heading."""
    if (
        line.size < body - 0.5
        or len(line.spans) > 2
        or _is_toc(line)
        or (_list_marker(line.text) and not (line.bold or line.size >= body + 1.0))
    ):
        return False
    return _heading_ok(line.text, line.size, line.bold, body)


def _same_style(a: _Line, b: _Line) -> bool:
    return (
        a.page == b.page
        and abs(a.size - b.size) < 0.3
        and a.bold == b.bold
        and (0 < a.baseline - b.baseline <= 1.6 * b.size)
    )


def _units(order: list[_Line | _TableBox], body: float) -> list[tuple[str, list[_Line] | _TableBox]]:
    """Split the reading-order stream into headings (wrapped lines merged), body lines and tables."""
    out: list[tuple[str, list[_Line] | _TableBox]] = []
    i = 0
    while i < len(order):
        item = order[i]
        if isinstance(item, _TableBox):
            out.append(("table", item))
            i += 1
            continue
        if not _heading_candidate(item, body):
            out.append(("line", [item]))
            i += 1
            continue
        group = [item]
        for nxt in order[i + 1 : i + 3]:
            if (
                not isinstance(nxt, _Line)
                or not _same_style(group[-1], nxt)
                or split_number(nxt.text)[0] is not None
                or _list_marker(nxt.text) is not None
            ):
                break
            group.append(nxt)
        wrapped = len(group) > 1
        while len(group) > 1 and not _heading_ok(" ".join(g.text for g in group), item.size, item.bold, body):
            group.pop()
        if wrapped and len(group) == 1:
            follower = order[i + 1]
            if isinstance(follower, _Line) and follower.text[:1].islower():
                out.append(("line", [item]))  # a bold sentence wrapping onto the next line: body text
                i += 1
                continue
        out.append(("head", group))
        i += len(group)
    return out


def _levels(heads: list[tuple[float, str | None]], body: float) -> Callable[[float, str | None], int]:
    """Map heading font sizes to levels (largest = 1); outline-numbered headings nest by number depth."""
    big = sorted({round(s * 2) / 2 for s, _ in heads if s >= body + 1.0}, reverse=True)
    rank = {s: i + 1 for i, s in enumerate(big)}
    body_level = len(big) + 1

    def by_size(size: float) -> int:
        return rank.get(round(size * 2) / 2, body_level)

    def depth(number: str | None) -> int | None:
        return None if number is None or " " in number else number_depth(number)

    depths = sorted((d, by_size(s)) for s, n in heads if (d := depth(n)) is not None)
    base: int | None = None
    if depths:
        top_depth = depths[0][0]
        base = max(1, min(lvl for d, lvl in depths if d == top_depth) - top_depth + 1)

    def level(size: float, number: str | None) -> int:
        d = depth(number)
        if d is not None and base is not None:
            return max(1, base + d - 1)
        return by_size(size)

    return level


# --- paragraphs ----------------------------------------------------------------------------------------


def _list_marker(text: str) -> tuple[bool, bool, str] | None:
    """(is list item, ordered, text without the marker) for a line that starts a list item."""
    first = text[:1]
    if first and (first in _BULLETS or 0xF000 <= ord(first) <= 0xF0FF or first == "o"):
        rest = text[1:]
        if first in "-*o\u2010\u2013\u2014" and not rest.startswith(" "):
            return None
        rest = rest.strip()
        return (True, False, rest) if rest else None
    if _ORDERED_RE.match(text):
        return True, True, text.split(None, 1)[1]
    return None


def _join(prev: str, nxt: str, vocab: set[str]) -> str:
    """Join two lines of one paragraph, undoing line-end hyphenation where it looks like word splitting."""
    if prev.endswith(_SOFT_HYPHENS):
        return prev[:-1] + nxt
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and nxt[:1].islower():
        head = re.findall(r"[A-Za-z]+-$", prev)
        tail = re.match(r"[a-z]+", nxt)
        if head and tail:
            whole = head[0][:-1] + tail.group(0)
            if whole.lower() in vocab or tail.group(0) in _SUFFIXES:
                return prev[:-1] + nxt
        return prev + nxt  # a real compound: "government-furnished"
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalnum() and nxt[:1].isalnum():
        return prev + nxt  # "2025-" + "03-14", "FY-" + "2027": a hyphenated token broken at the line end
    return prev + " " + nxt


def _vocabulary(lines: list[_Line]) -> set[str]:
    words: set[str] = set()
    for ln in lines:
        text = ln.text[:-1] if ln.text.endswith("-") else ln.text
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", text))
    return words


def _line_spacing(lines: list[_Line], body: float) -> float:
    """Most common baseline distance between consecutive body lines on a page."""
    deltas: Counter[float] = Counter()
    for a, b in pairwise(lines):
        if a.page == b.page and abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6:
            d = a.baseline - b.baseline
            if 0.9 * body <= d <= 2.2 * body:
                deltas[round(d * 2) / 2] += 1
    return deltas.most_common(1)[0][0] if deltas else 1.2 * body


class _Assembler:
    """Turns body lines into paragraphs and list items."""

    def __init__(
        self, path: str, spacing: float, body: float, vocab: set[str], columns: dict[int, tuple[float, float]]
    ) -> None:
        self.path = path
        self.columns = columns
        self.spacing = spacing
        self.body = body
        self.vocab = vocab
        self.cur: _Pending | None = None
        self.out: list[RawHeading | Block] = []
        self.list_x: list[float] = []

    def flush(self) -> None:
        """Emit the block being assembled."""
        cur, self.cur = self.cur, None
        if cur is None:
            return
        loc = Location(path=self.path, page=cur.lines[0].page)
        text = " ".join(cur.text.split())
        if not text:
            return
        if cur.kind == "item":
            self.out.append(ListItem(text=text, location=loc, level=cur.level, ordered=cur.ordered))
        else:
            self.out.append(Paragraph(text=text, location=loc))

    def emit(self, item: RawHeading | Block) -> None:
        """Emit a heading or table, closing the open paragraph and list."""
        self.flush()
        self.list_x.clear()
        self.out.append(item)

    def add(self, line: _Line, toc: bool = False) -> None:
        """Add one body line."""
        if toc:
            self.flush()
            self.out.append(
                Paragraph(text=line.text, location=Location(path=self.path, page=line.page), style="toc")
            )
            return
        marker = _list_marker(line.text)
        if marker is not None:
            self.flush()
            while self.list_x and line.x0 < self.list_x[-1] - _INDENT / 2:
                self.list_x.pop()
            if not self.list_x or line.x0 > self.list_x[-1] + _INDENT / 2:
                self.list_x.append(line.x0)
            self.cur = _Pending(
                "item", [line], marker[2], level=len(self.list_x), ordered=marker[1], text_x=line.text_x
            )
            return
        if self.cur is not None and self._continues(self.cur, line):
            self.cur.text = _join(self.cur.text, line.text, self.vocab)
            self.cur.lines.append(line)
            return
        self.flush()
        if self.list_x and line.x0 <= self.list_x[0] + _INDENT / 2:
            self.list_x.clear()
        self.cur = _Pending("para", [line], line.text)

    def _full(self, line: _Line) -> bool:
        """True if the line runs (nearly) to the right edge of the text column, so text goes on."""
        left, right = self.columns.get(line.page, (line.x0, line.x1))
        return line.x1 >= right - max(0.12 * (right - left), 2 * line.size)

    def _continues(self, cur: _Pending, line: _Line) -> bool:
        prev = cur.lines[-1]
        if abs(prev.size - line.size) > 1.0:
            return False
        ended = cur.text.rstrip().endswith(_TERMINAL)
        full = self._full(prev)
        if prev.page != line.page:
            # across a page break: only when the sentence is visibly unfinished
            return not ended and (full or line.text[:1].islower())
        gap = prev.baseline - line.baseline
        expected = self.spacing if abs(line.size - self.body) < 0.6 else 1.2 * line.size
        if len(cur.lines) >= 2 and cur.lines[-2].page == prev.page:
            own = cur.lines[-2].baseline - prev.baseline
            if 0 < own < expected:
                expected = own
        if gap <= 0 or gap > _PARA_GAP * expected:
            return False
        if ended and not full:
            return False  # a short last line that ends a sentence ends the paragraph
        if cur.kind == "item":
            return line.x0 >= cur.text_x - _INDENT or full  # aligned with the item text, or wrapped back
        if len(cur.lines) == 1:
            return line.x0 <= prev.x0 + _INDENT  # first-line indent or hanging indent is fine
        return abs(line.x0 - prev.x0) <= _INDENT


# --- document ------------------------------------------------------------------------------------------


def _table_block(box: _TableBox, path: str, index: int) -> Table:
    loc = Location(path=path, page=box.page, table=index)
    header = tuple(box.rows[0])
    rows = tuple(
        Row(
            cells=tuple(
                Cell(text=c, location=loc.model_copy(update={"row": r, "cell": k}))
                for k, c in enumerate(cells, start=1)
            ),
            location=loc.model_copy(update={"row": r}),
        )
        for r, cells in enumerate(box.rows[1:], start=1)
    )
    return Table(header=header, rows=rows, location=loc)


def _continue_table(prev: Table, box: _TableBox) -> Table:
    """Append a table that continues from the previous page (same column count)."""
    body = box.rows[1:] if tuple(box.rows[0]) == prev.header else box.rows
    loc = prev.location
    start = len(prev.rows)
    rows = list(prev.rows)
    for r, cells in enumerate(body, start=start + 1):
        rows.append(
            Row(
                cells=tuple(
                    Cell(text=c, location=loc.model_copy(update={"row": r, "cell": k}))
                    for k, c in enumerate(cells, start=1)
                ),
                location=loc.model_copy(update={"row": r}),
            )
        )
    return prev.model_copy(update={"rows": tuple(rows)})


def _stream(pages: list[_PageData], path: str) -> list[RawHeading | Block]:
    """Turn page lines and tables into the flat heading/block stream."""
    drop = _furniture(pages)
    kept: list[_Line] = []
    order: list[_Line | _TableBox] = []
    for pd in pages:
        items: list[tuple[float, int, _Line | _TableBox]] = [(-t.top, 0, t) for t in pd.tables]
        for ln in pd.lines:
            if id(ln) not in drop:
                items.append((-ln.baseline, 1, ln))
                kept.append(ln)
        items.sort(key=lambda t: (t[0], t[1]))
        order.extend(i[2] for i in items)
    sizes: Counter[float] = Counter()
    for ln in kept:
        sizes[ln.size] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    units = _units(order, body)
    level_of = _levels(
        [
            (g[0].size, split_number(" ".join(x.text for x in g))[0])
            for kind, g in units
            if kind == "head" and isinstance(g, list)
        ],
        body,
    )
    asm = _Assembler(path, _line_spacing(kept, body), body, _vocabulary(kept), _text_columns(kept, body))
    tables = 0
    for kind, unit in units:
        if isinstance(unit, _TableBox):
            asm.flush()
            prev = asm.out[-1] if asm.out else None
            if (
                isinstance(prev, Table)
                and prev.location.page == unit.page - 1
                and _width(prev) == len(unit.rows[0])
            ):
                asm.out[-1] = _continue_table(prev, unit)
                continue
            tables += 1
            asm.emit(_table_block(unit, path, tables))
        elif kind == "head":
            text = " ".join(g.text for g in unit)
            number, title = split_number(text)
            if number is not None:
                title = title.rstrip(".").strip()
            first = unit[0]
            asm.emit(
                RawHeading(
                    title=title or text,
                    level=level_of(first.size, number),
                    number=number,
                    location=Location(path=path, page=first.page),
                )
            )
        else:
            asm.add(unit[0], toc=_is_toc(unit[0]))
    asm.flush()
    return asm.out


def _width(table: Table) -> int:
    """Column count of a table as its last row (or header) shows it."""
    return len(table.rows[-1].cells) if table.rows else len(table.header)


def _text_columns(lines: list[_Line], body: float) -> dict[int, tuple[float, float]]:
    """Left and right edge of body text per page, to tell full lines from paragraph ends."""
    edges: dict[int, tuple[float, float]] = {}
    for ln in lines:
        if abs(ln.size - body) < 0.6:
            left, right = edges.get(ln.page, (ln.x0, ln.x1))
            edges[ln.page] = (min(left, ln.x0), max(right, ln.x1))
    return edges


def _read_page(pdf: pdfium.PdfDocument, index: int, fonts: dict[int, bool]) -> _PageData:
    """Lines and tables of one page; the page and its text page are closed before returning."""
    page = pdf[index]
    try:
        glyphs, chars = _page_glyphs(page, fonts)
        height = page.get_height()
        tables: list[_TableBox] = []
        if chars and _likely_table(page):
            tables = _find_tables(pdf, index, page)
            if tables:
                glyphs = _take_table_glyphs(glyphs, tables, index + 1, height)
                tables = [t for t in tables if t.rows]
        return _PageData(lines=_group_lines(glyphs, index + 1, height), tables=tables, chars=chars)
    finally:
        page.close()


def read(path: Path, display: str) -> Document:
    """Read a PDF file into a Document (page numbers in every location)."""
    pdf = _open(path)
    try:
        n_pages = len(pdf)
        if n_pages < 1:
            raise ReadError("PDF has no pages")
        meta = {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
        fonts: dict[int, bool] = {}
        pages = [_read_page(pdf, index, fonts) for index in range(n_pages)]
    except pdfium.PdfiumError as exc:
        raise ReadError(f"damaged PDF: {str(exc).splitlines()[0][:160]}") from None
    finally:
        pdf.close()
    text_pages = sum(1 for pd in pages if pd.chars >= _MIN_PAGE_CHARS)
    total = sum(pd.chars for pd in pages)
    if total < _MIN_PAGE_CHARS or text_pages < _TEXT_PAGE_SHARE * n_pages:
        return build_document(display, "pdf", [], meta=meta, pages=n_pages, has_text_layer=False)
    return build_document(display, "pdf", _stream(pages, display), meta=meta, pages=n_pages)
