"""Markdown reader (markdown-it-py): headings, paragraphs, lists, tables, front matter.

markdown-it-py gives a CommonMark-exact token stream with source line maps, which is what exact
line numbers need; hand-written markdown parsing gets setext headings, lazy continuation lines and
tables wrong.  Bold-only or numbered short paragraphs become headings too, since many real SOWs
converted to markdown carry their headings that way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sowlint.model import Block, Cell, Directive, Document, ListItem, Location, Paragraph, Row, Table
from sowlint.readers import ReadError, decode_text
from sowlint.readers.build import RawHeading, build_document, looks_like_heading, number_depth, split_number
from sowlint.readers.directives import HTML_COMMENT, LineIndex, in_ranges, scan_directives

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
#: Inline HTML a writer means as markup (dropped from the text); anything else in angle brackets,
#: such as "<insert contract number>", is kept as text.
_KNOWN_TAG_RE = re.compile(
    r"<(?:!--|/?(?:a|abbr|b|bdi|bdo|big|br|cite|code|del|dfn|div|em|font|i|img|ins|kbd|mark|p|q|s|"
    r"samp|small|span|strike|strong|sub|sup|time|tt|u|var|wbr|center|table|thead|tbody|tr|td|th|"
    r"ul|ol|li|dl|dt|dd|hr|h[1-6]|details|summary|section|figure|figcaption|picture|source|video|"
    r"audio|iframe|input|label|button|select|option|textarea|form|nav|header|footer|article|aside|"
    r"main|pre|blockquote|caption|col|colgroup)\b[^>]*>|\?|!\[CDATA)",
    re.IGNORECASE,
)
_HTML_TAG_RE = re.compile(r"<[^>]+>")
_STRAY_EMPHASIS_RE = re.compile(r"\*\*|__")
_NOSPACE_ATX_RE = re.compile(r"^(#{1,6})([^#\s].*?)\s*#*$")
_LETTERED_ITEM_RE = re.compile(r"^\(?(?:[A-Za-z]|[ivx]{1,4}|\d{1,2})[.)]\s+(?=\S)")
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _inline_text(tok: Token) -> tuple[str, bool]:
    """Plain text of an inline token, and whether all of it is bold."""
    parts: list[str] = []
    strong_depth = 0
    bold_chars = 0
    total_chars = 0
    for child in tok.children or []:
        t = child.type
        if t in ("text", "code_inline"):
            parts.append(child.content)
            total_chars += len(child.content.strip())
            if strong_depth:
                bold_chars += len(child.content.strip())
        elif t == "softbreak":
            parts.append("\n")
        elif t == "hardbreak":
            parts.append("\n")
        elif t == "strong_open":
            strong_depth += 1
        elif t == "strong_close":
            strong_depth -= 1
        elif t == "html_inline":
            if child.content.lower().startswith("<br"):
                parts.append("\n")
            elif not _KNOWN_TAG_RE.match(child.content):
                # "<insert contract number>" is template text that markdown-it takes for a tag
                parts.append(child.content)
        elif t == "image":
            parts.append(child.content)
    text = "".join(parts)
    return text, total_chars > 0 and bold_chars == total_chars


def _loc(path: str, tok: Token, **extra: Any) -> Location:
    line = tok.map[0] + 1 if tok.map else None
    end = tok.map[1] if tok.map else None
    return Location(path=path, line=line, column=1, end_line=end, **extra)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    meta: dict[str, str] = {}
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict):
        meta = {str(k): str(v) for k, v in data.items() if isinstance(v, (str, int, float))}
    blank = "\n" * m.group(0).count("\n")
    return meta, blank + text[m.end() :]


def _table(tokens: list[Token], i: int, path: str, index: int) -> tuple[Table, int]:
    """Parse tokens from ``table_open`` at ``i``; return the table and the index after it."""
    start = tokens[i]
    header: list[str] = []
    rows: list[Row] = []
    cur: list[Cell] | None = None
    row_tok: Token | None = None
    in_head = False
    j = i + 1
    while j < len(tokens) and tokens[j].type != "table_close":
        t = tokens[j]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            cur, row_tok = [], t
        elif t.type == "tr_close" and cur is not None and row_tok is not None:
            if not in_head:
                rn = len(rows) + 1
                loc = _loc(path, row_tok, table=index, row=rn)
                cells = tuple(
                    c.model_copy(update={"location": loc.model_copy(update={"cell": k + 1})})
                    for k, c in enumerate(cur)
                )
                rows.append(Row(cells=cells, location=loc))
            cur = None
        elif t.type == "inline" and cur is not None:
            text, _ = _inline_text(t)
            if in_head:
                header.append(text.strip())
            else:
                cur.append(Cell(text=text.strip(), location=Location(path=path)))
        j += 1
    return Table(header=tuple(header), rows=tuple(rows), location=_loc(path, start, table=index)), j + 1


def parse_markdown(text: str, path: str) -> Document:
    """Parse markdown source text into a Document."""
    meta, body = _front_matter(text)
    tokens = _parser().parse(body)
    stream: list[RawHeading | Block] = []
    list_depth = 0
    ordered_stack: list[bool] = []
    table_count = 0
    in_item = 0
    item_tok: Token | None = None
    item_parts: list[str] = []
    depth_levels: dict[int, int] = {}
    last_level = 0
    i = 0
    first_h1: str | None = None
    while i < len(tokens):
        tok = tokens[i]
        typ = tok.type
        if typ == "heading_open":
            inline = tokens[i + 1]
            raw = _STRAY_EMPHASIS_RE.sub("", _inline_text(inline)[0]).strip()
            i += 3
            if not raw:
                continue
            number, title = split_number(raw)
            level = int(tok.tag[1])
            last_level = level
            depth = number_depth(number)
            if depth is not None:
                depth_levels.setdefault(depth, level)
            if level == 1 and first_h1 is None:
                first_h1 = title
            stream.append(
                RawHeading(title=title or raw, level=level, number=number, location=_loc(path, tok))
            )
            continue
        if typ in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            ordered_stack.append(typ == "ordered_list_open")
        elif typ in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
            ordered_stack.pop()
        elif typ == "list_item_open":
            if in_item and item_tok is not None and item_parts:
                stream.append(_item(path, item_tok, item_parts, list_depth - 1, ordered_stack[-2]))
            in_item += 1
            item_tok, item_parts = tok, []
        elif typ == "list_item_close":
            if item_tok is not None and item_parts:
                stream.append(_item(path, item_tok, item_parts, list_depth, ordered_stack[-1]))
            item_tok, item_parts = None, []
            in_item -= 1
        elif typ == "inline" and in_item:
            text, _ = _inline_text(tok)
            item_parts.append(text)
        elif typ == "inline":
            text, bold = _inline_text(tok)
            stripped = _STRAY_EMPHASIS_RE.sub("", text).strip() if bold else text.strip()
            hashes = _NOSPACE_ATX_RE.match(stripped) if "\n" not in stripped else None
            candidate = "\n" not in stripped and looks_like_heading(stripped, bold=bold, allow_colon=bold)
            if hashes:
                # "###Title" (no space) is a heading to most authors, though not to CommonMark.
                number, title = split_number(hashes.group(2))
                level = len(hashes.group(1))
                last_level = level
                stream.append(RawHeading(title=title, level=level, number=number, location=_loc(path, tok)))
            elif candidate:
                number, title = split_number(stripped)
                depth = number_depth(number)
                if depth is None:
                    level = last_level + 1
                else:
                    level = depth_levels.get(depth, min(depth_levels.values(), default=1) + depth - 1)
                stream.append(
                    RawHeading(
                        title=title.rstrip(":").strip(),
                        level=level,
                        number=number,
                        location=_loc(path, tok),
                    )
                )
            elif _LETTERED_ITEM_RE.match(stripped):
                # "A.  Provide ..." / "(1) ..." items CommonMark does not see as a list.
                body = _LETTERED_ITEM_RE.sub("", text.strip(), count=1)
                stream.append(ListItem(text=body, location=_loc(path, tok), ordered=True))
            elif stripped:
                stream.append(Paragraph(text=text, location=_loc(path, tok)))
        elif typ == "table_open":
            table_count += 1
            table, i = _table(tokens, i, path, table_count)
            stream.append(table)
            continue
        elif typ in ("fence", "code_block") and tok.content.strip():
            stream.append(Paragraph(text=tok.content.rstrip("\n"), location=_loc(path, tok), style="code"))
        elif typ == "html_block":
            plain = _HTML_TAG_RE.sub(" ", tok.content).strip()
            if plain and not tok.content.lstrip().startswith("<!--"):
                stream.append(Paragraph(text=plain, location=_loc(path, tok), style="html"))
        i += 1
    doc_title = meta.get("title") or first_h1
    doc = build_document(path, "markdown", stream, title=doc_title, meta=meta)
    directives = _directives(body, tokens, path)
    return doc.model_copy(update={"directives": tuple(directives)}) if directives else doc


def _directives(body: str, tokens: list[Token], path: str) -> list[Directive]:
    """``<!-- sowlint-... -->`` comments outside code blocks and code spans, at their source line."""
    if "sowlint-" not in body.lower():
        return []
    index = LineIndex(body)
    code: list[tuple[int, int]] = []
    for tok in tokens:
        if tok.map is None:
            continue
        start, end = index.offset(tok.map[0] + 1), index.offset(tok.map[1] + 1)
        if tok.type in ("fence", "code_block"):
            code.append((start, end))
        elif tok.type == "inline":
            code.extend(m.span() for m in _CODE_SPAN_RE.finditer(body, start, end))
    return scan_directives(body, path, HTML_COMMENT, skip=in_ranges(code))


def _item(path: str, tok: Token, parts: list[str], depth: int, ordered: bool) -> ListItem:
    return ListItem(text="\n".join(parts), location=_loc(path, tok), level=max(depth, 1), ordered=ordered)


def read(path: Path, display: str) -> Document:
    """Read a markdown file."""
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise ReadError("binary content, not a markdown document")
    return parse_markdown(decode_text(data), display)
