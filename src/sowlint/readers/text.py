"""Plain-text reader: headings from numbering, ALL CAPS and ``Title:`` lines; lists; pipe tables.

``<!-- sowlint-disable ... -->`` directive comments are taken out before the text is read: a line
holding only such comments is dropped (it neither becomes a paragraph nor separates one), and a
comment trailing text is cut from it.  Every other line keeps its own 1-based line number.
"""

from __future__ import annotations

import re
from pathlib import Path

from sowlint.model import Block, Cell, Directive, Document, ListItem, Location, Paragraph, Row, Table
from sowlint.readers import ReadError, decode_text
from sowlint.readers.build import RawHeading, build_document, looks_like_heading, number_depth, split_number
from sowlint.readers.directives import HTML_COMMENT, directives_from_comments, find_comments, parse_directive

_BULLET_RE = re.compile(
    r"^(?P<indent>\s*)(?:[-*\u2022\u25aa\u25cf\u2013o]|\(?[0-9a-z]{1,3}[.)])\s+(?P<text>\S.*)$"
)
_RULE_RE = re.compile(r"^\s*[-=_*~#]{3,}\s*$")
_NEWLINE_RE = re.compile(r"\n")


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


def _directive_lines(text: str, path: str) -> tuple[list[str], list[int], list[Directive]]:
    """The text's lines without directive comments, each line's 1-based number, and the directives.

    Lines are counted as :meth:`str.splitlines` counts them; a line that held only directive
    comments is left out.
    """
    source = text.splitlines()
    if "sowlint-" not in text.lower():
        return source, list(range(1, len(source) + 1)), []
    joined = "\n".join(source)
    comments = find_comments(joined, HTML_COMMENT, breaks=_NEWLINE_RE)
    directives = directives_from_comments(comments, path)
    cut: list[str] = []
    pos = 0
    for c in comments:
        if parse_directive(c.body) is not None:
            # keep the line breaks of a comment that spans lines, so later lines keep their numbers
            cut.extend((joined[pos : c.start], "\n" * joined.count("\n", c.start, c.end)))
            pos = c.end
    cut.append(joined[pos:])
    cleaned = "".join(cut).split("\n")
    lines: list[str] = []
    numbers: list[int] = []
    for n, (before, after) in enumerate(zip(source, cleaned, strict=True), start=1):
        if before.strip() and not after.strip():
            continue  # only directive comments on this line
        lines.append(after.rstrip() if after != before else after)
        numbers.append(n)
    return lines, numbers, directives


def parse_text(text: str, path: str) -> Document:
    """Parse plain text into a Document; ``<!-- sowlint-... -->`` comments become its directives."""
    stream: list[RawHeading | Block] = []
    lines, numbers, directives = _directive_lines(text, path)
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
        lineno = numbers[i]
        stripped = raw.strip()
        if not stripped or _RULE_RE.match(raw):
            flush()
            i += 1
            continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            flush()
            block: list[tuple[int, str]] = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append((numbers[i], lines[i]))
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
    doc = build_document(path, "text", stream)
    return doc.model_copy(update={"directives": tuple(directives)}) if directives else doc


def read(path: Path, display: str) -> Document:
    """Read a plain-text file."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise ReadError("binary content, not a text document")
    return parse_text(decode_text(data), display)
