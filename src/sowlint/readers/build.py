"""Shared reader machinery: heading heuristics and the flat-stream-to-tree builder.

Readers turn a file into a flat stream of :class:`RawHeading` and blocks; :func:`build_document`
nests the blocks under headings by level and stamps every location with its section path, so
every format gets the same tree shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sowlint.model import Block, Cell, Document, Format, Location, Row, Section, Table

# "3.2.1 Title", "4.0 Title", "1. Title", "A. Title", "IV. Title", "C.1.2 Title", "Section 3 - Title"
_NUMBER_RE = re.compile(
    r"""^\s*
    (?:(?:section|article|part|task|phase|attachment|exhibit|appendix)\s+)?
    (?P<num>
        \d{1,3}(?:\.\d{1,3})*\.?          # 1  1.  1.0  3.2.1
      | [A-Z]\.(?:\d{1,3}\.?)*            # A.  C.1.2
      | [IVX]{1,5}\.                      # IV.
      | \(?[a-z]\)                        # (a)  a)
    )
    (?:\s*[-\u2013\u2014:.)]\s*|\s+)
    (?P<title>\S.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_KEYWORD_PREFIX_RE = re.compile(
    r"^\s*(section|article|part|task|phase|attachment|exhibit|appendix)\s", re.IGNORECASE
)
_SENTENCE_VERB_RE = re.compile(
    r"\b(shall|will|must|should|may|is|are|was|were|has|have|provides?|includes?|"
    r"following|this|these|our|we)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'&/-]*")


@dataclass(frozen=True)
class RawHeading:
    """A heading found by a reader, before nesting."""

    title: str
    level: int
    location: Location
    number: str | None = None


@dataclass
class _Open:
    heading: RawHeading
    path: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


def split_number(text: str) -> tuple[str | None, str]:
    """Split a leading section number off a heading: ``"3.2 Deliverables"`` -> ``("3.2", ...)``."""
    text = " ".join(text.split())
    m = _NUMBER_RE.match(text)
    if not m:
        return None, text
    num = m.group("num").rstrip(".")
    title = m.group("title").strip()
    if _KEYWORD_PREFIX_RE.match(text):
        keyword = text.split()[0].capitalize()
        num = f"{keyword} {num}"
    return num or None, title


def is_child_number(number: str | None, parent: str | None) -> bool:
    """True if ``number`` is a sub-number of ``parent``: ``6.6.1`` of ``6.6``, ``6.1`` of ``6.0``."""
    if not number or not parent:
        return False
    a, b = number.split()[-1].rstrip("."), parent.split()[-1].rstrip(".")
    while b.endswith(".0"):
        b = b[:-2]
    return a.startswith(b + ".") and len(a) > len(b) + 1


def number_depth(number: str | None) -> int | None:
    """Nesting depth implied by a section number: ``3`` and ``3.0`` -> 1, ``3.2.1`` -> 3."""
    if not number:
        return None
    core = number.split()[-1]
    parts = [p for p in re.split(r"[.]", core) if p]
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    if core.startswith("(") or core.endswith(")"):
        return None
    return len(parts)


def is_all_caps(text: str) -> bool:
    """True if the text has letters and none of them is lower case."""
    letters = [c for c in text if c.isalpha()]
    if not re.search(r"[^\W\d_]{3,}", text):
        return False  # codes such as "GS-00F-0001" are not words
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def heading_shaped(text: str, *, max_words: int = 12, max_chars: int = 90) -> bool:
    """Short, unterminated, title-like text that could be a heading in a document without styles."""
    t = " ".join(text.split())
    if not t or len(t) > max_chars:
        return False
    words = _WORD_RE.findall(t)
    if not words or len(t.split()) > max_words:
        return False
    if t[-1] in ".,;!?" and not re.search(r"\b[A-Z]\.$|\d\.$", t):
        return False
    if not (t[0].isupper() or t[0].isdigit() or t[0] in "(["):
        return False
    return True


def looks_like_heading(text: str, *, bold: bool = False, allow_colon: bool = False) -> bool:
    """Decide if an unstyled line is a heading: numbered, ALL CAPS, bold or ``Title:`` shaped."""
    t = " ".join(text.split())
    if not t:
        return False
    number, title = split_number(t)
    body = title.rstrip(":").strip()
    if not body or not heading_shaped(body if not t.endswith(":") else body + ""):
        return False
    sentence_like = bool(_SENTENCE_VERB_RE.search(body)) and len(body.split()) > 4
    if t.endswith(":"):
        return allow_colon and len(body.split()) <= 5 and not sentence_like
    if number is not None:
        return not sentence_like and (len(body.split()) <= 10)
    if not body[0].isalpha():
        return False
    if is_all_caps(body):
        # "USD 120,000." is an amount, not a heading: letters must carry the line
        letters = sum(c.isalpha() for c in body)
        return len(body.split()) <= 10 and letters * 2 >= len(body.replace(" ", ""))
    if bold:
        return not sentence_like
    return False


def _with_section(block: Block, path: tuple[str, ...]) -> Block:
    loc = block.location.model_copy(update={"section": path})
    if isinstance(block, Table):
        rows = tuple(
            Row(
                cells=tuple(
                    Cell(text=c.text, location=c.location.model_copy(update={"section": path}))
                    for c in r.cells
                ),
                location=r.location.model_copy(update={"section": path}),
            )
            for r in block.rows
        )
        return block.model_copy(update={"location": loc, "rows": rows})
    return block.model_copy(update={"location": loc})


def _close(node: _Open) -> Section:
    h = node.heading
    return Section(
        title=h.title,
        level=h.level,
        number=h.number,
        location=h.location.model_copy(update={"section": node.path}),
        blocks=tuple(node.blocks),
        sections=tuple(node.children),
    )


def build_document(
    path: str,
    fmt: Format,
    stream: list[RawHeading | Block],
    *,
    title: str | None = None,
    meta: dict[str, str] | None = None,
    pages: int | None = None,
    has_text_layer: bool = True,
) -> Document:
    """Nest a flat stream of headings and blocks into a :class:`Document`."""
    preamble: list[Block] = []
    top: list[Section] = []
    stack: list[_Open] = []
    for item in stream:
        if isinstance(item, RawHeading):
            while (
                stack
                and stack[-1].heading.level >= item.level
                and not is_child_number(item.number, stack[-1].heading.number)
            ):
                done = _close(stack.pop())
                (stack[-1].children if stack else top).append(done)
            if stack and item.level <= stack[-1].heading.level:
                # "6.6.1" under "6.6" nests even when the markup gave both the same level.
                item = RawHeading(
                    title=item.title,
                    level=stack[-1].heading.level + 1,
                    location=item.location,
                    number=item.number,
                )
            parent_path = stack[-1].path if stack else ()
            stack.append(_Open(heading=item, path=(*parent_path, item.title)))
        elif stack:
            stack[-1].blocks.append(_with_section(item, stack[-1].path))
        else:
            preamble.append(item)
    while stack:
        done = _close(stack.pop())
        (stack[-1].children if stack else top).append(done)
    if title is None:
        first = next((s for s in top), None)
        if first is not None and not preamble:
            title = first.title
    return Document(
        path=path,
        format=fmt,
        title=title,
        blocks=tuple(preamble),
        sections=tuple(top),
        meta=dict(meta or {}),
        pages=pages,
        has_text_layer=has_text_layer,
    )
