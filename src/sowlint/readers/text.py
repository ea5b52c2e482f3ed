"""Plain-text reader: headings from numbering, ALL CAPS and ``Title:`` lines; lists; pipe tables."""

from __future__ import annotations

import re
from pathlib import Path

from sowlint.model import Block, Cell, Document, ListItem, Location, Paragraph, Row, Table
from sowlint.readers import ReadError, decode_text
from sowlint.readers.build import RawHeading, build_document, looks_like_heading, number_depth, split_number

_BULLET_RE = re.compile(
    r"^(?P<indent>\s*)(?:[-*\u2022\u25aa\u25cf\u2013o]|\(?[0-9a-z]{1,3}[.)])\s+(?P<text>\S.*)$"
)
_RULE_RE = re.compile(r"^\s*[-=_*~#]{3,}\s*$")


def _table(lines: list[tuple[int, str]], path: str, index: int) -> Table:
    rows: list[list[str]] = []
    numbers: list[int] = []
    for lineno, raw in lines:
        stripped = raw.strip().strip("|")
        if re.fullmatch(r"[\s:|-]+", stripped):
            continue
        rows.append([c.strip() for c in stripped.split("|")])
        numbers.append(lineno)
    header = tuple(rows[0]) if rows else ()
    body: list[Row] = []
    for k, (cells, lineno) in enumerate(zip(rows[1:], numbers[1:], strict=True), start=1):
        loc = Location(path=path, line=lineno, column=1, table=index, row=k)
        body.append(
            Row(
                cells=tuple(
                    Cell(text=c, location=loc.model_copy(update={"cell": j}))
                    for j, c in enumerate(cells, start=1)
                ),
                location=loc,
            )
        )
    start = numbers[0] if numbers else lines[0][0]
    return Table(
        header=header, rows=tuple(body), location=Location(path=path, line=start, column=1, table=index)
    )


def parse_text(text: str, path: str) -> Document:
    """Parse plain text into a Document."""
    stream: list[RawHeading | Block] = []
    lines = text.splitlines()
    para: list[str] = []
    para_start = 0
    tables = 0
    last_level = 0

    def flush() -> None:
        if para:
            stream.append(
                Paragraph(text="\n".join(para), location=Location(path=path, line=para_start, column=1))
            )
            para.clear()

    i = 0
    while i < len(lines):
        raw = lines[i]
        lineno = i + 1
        stripped = raw.strip()
        if not stripped or _RULE_RE.match(raw):
            flush()
            i += 1
            continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            flush()
            block: list[tuple[int, str]] = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append((i + 1, lines[i]))
                i += 1
            tables += 1
            stream.append(_table(block, path, tables))
            continue
        prev_blank = i == 0 or not lines[i - 1].strip()
        next_blank = i + 1 >= len(lines) or not lines[i + 1].strip() or bool(_BULLET_RE.match(lines[i + 1]))
        if prev_blank and looks_like_heading(stripped, allow_colon=True) and (next_blank or not para):
            flush()
            number, title = split_number(stripped)
            depth = number_depth(number)
            level = depth if depth is not None else (last_level + 1 if stripped.endswith(":") else 1)
            if depth is not None or not stripped.endswith(":"):
                last_level = level
            stream.append(
                RawHeading(
                    title=title.rstrip(":").strip(),
                    level=max(level, 1),
                    number=number,
                    location=Location(path=path, line=lineno, column=1),
                )
            )
            i += 1
            continue
        m = _BULLET_RE.match(raw)
        if m and not (number_depth(split_number(stripped)[0]) and looks_like_heading(stripped)):
            flush()
            level = len(m.group("indent").expandtabs(4)) // 2 + 1
            ordered = stripped[0].isalnum() or stripped[0] == "("
            parts = [m.group("text")]
            j = i + 1
            while (
                j < len(lines)
                and lines[j].strip()
                and not _BULLET_RE.match(lines[j])
                and lines[j][:1].isspace()
            ):
                parts.append(lines[j].strip())
                j += 1
            stream.append(
                ListItem(
                    text="\n".join(parts),
                    level=min(level, 6),
                    ordered=ordered,
                    location=Location(path=path, line=lineno, column=len(m.group("indent")) + 1),
                )
            )
            i = j
            continue
        if not para:
            para_start = lineno
        para.append(stripped)
        i += 1
    flush()
    return build_document(path, "text", stream)


def read(path: Path, display: str) -> Document:
    """Read a plain-text file."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise ReadError("binary content, not a text document")
    return parse_text(decode_text(data), display)
