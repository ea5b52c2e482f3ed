"""Inline suppression directives: parse ``sowlint-disable SOW201`` comment text and find such comments.

Every reader that has comments shares this: :func:`parse_directive` reads the inside of one comment
(``sowlint-disable SOW201, missing-assumptions -- agreed with legal``) into an action and the codes
it names; :func:`find_comments` locates comments of one syntax (``<!-- ... -->`` or ``# ...``) in
source text with 1-based lines and columns; :func:`scan_directives` puts both together.  Readers only
extract directives; applying them to findings happens elsewhere.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from sowlint.model import Directive, DirectiveAction, Location

#: Line breaks as markdown-it counts them (it normalises ``\r\n`` and ``\r`` to ``\n``).
MARKDOWN_BREAKS = re.compile(r"\r\n?|\n")
#: Line breaks as PyYAML counts them in its marks.
YAML_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

# Longest actions first, so "sowlint-disable-line" is not read as "sowlint-disable" + "-line".
_DIRECTIVE_RE = re.compile(
    r"\A\s*sowlint-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|\Z)(.*)\Z",
    re.IGNORECASE | re.DOTALL,
)
# The free-text reason: everything after a " -- " (or a leading "--").
_REASON_RE = re.compile(r"(?:\A|\s)--(?:\s|\Z)")
_SEPARATOR_RE = re.compile(r"[\s,]+")
_CODE_RE = re.compile(r"[A-Za-z]+\d+")


def parse_directive(text: str) -> tuple[DirectiveAction, tuple[str, ...]] | None:
    """Read a comment's inside as ``(action, codes)``; None when it is not a sowlint directive.

    Codes may be separated by commas and/or spaces; rule codes are upper-cased (``sow201`` ->
    ``SOW201``) and rule names lower-cased; an empty tuple means every rule.  Text after `` -- `` is
    a reason for people and names no code.
    """
    m = _DIRECTIVE_RE.match(text)
    if m is None:
        return None
    action = cast(DirectiveAction, m.group(1).lower())
    rest = _REASON_RE.split(m.group(2), maxsplit=1)[0]
    codes: list[str] = []
    for token in _SEPARATOR_RE.split(rest):
        if not token:
            continue
        code = token.upper() if _CODE_RE.fullmatch(token) else token.lower()
        if code not in codes:
            codes.append(code)
    return action, tuple(codes)


@dataclass(frozen=True)
class CommentSyntax:
    """How comments are written: an opener and a closer, or no closer when they run to the line end."""

    open: str
    close: str | None = None


#: ``<!-- ... -->``, as markdown and plain text write them (may span lines).
HTML_COMMENT = CommentSyntax("<!--", "-->")
#: ``# ...`` to the end of the line, as YAML writes them.
HASH_COMMENT = CommentSyntax("#")


@dataclass(frozen=True)
class Comment:
    """One comment in source text: its offsets (``end`` exclusive), 1-based position and inside."""

    start: int
    end: int
    line: int
    column: int
    body: str


class LineIndex:
    """Turns character offsets into 1-based (line, column) for one text and one line-break rule."""

    def __init__(self, text: str, breaks: re.Pattern[str] = MARKDOWN_BREAKS) -> None:
        self.starts = [0, *(m.end() for m in breaks.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def offset(self, line: int) -> int:
        """Offset of the first character of 1-based ``line`` (the text length past the last line)."""
        if line - 1 < len(self.starts):
            return self.starts[line - 1]
        return self.starts[-1]


def find_comments(
    text: str,
    syntax: CommentSyntax,
    *,
    breaks: re.Pattern[str] = MARKDOWN_BREAKS,
    skip: Callable[[int], bool] | None = None,
) -> list[Comment]:
    """Every complete comment of ``syntax`` in ``text`` whose opener is not at an offset ``skip`` refuses.

    An opener without its closer is not a comment.  A line comment runs to the next line break.
    """
    index = LineIndex(text, breaks)
    out: list[Comment] = []
    pos = 0
    while True:
        start = text.find(syntax.open, pos)
        if start < 0:
            return out
        if skip is not None and skip(start):
            pos = start + 1
            continue
        inner = start + len(syntax.open)
        if syntax.close is None:
            brk = breaks.search(text, inner)
            inner_end = end = brk.start() if brk else len(text)
        else:
            inner_end = text.find(syntax.close, inner)
            if inner_end < 0:
                return out
            end = inner_end + len(syntax.close)
        line, column = index.position(start)
        out.append(Comment(start=start, end=end, line=line, column=column, body=text[inner:inner_end]))
        pos = end


def directives_from_comments(comments: Iterable[Comment], path: str) -> list[Directive]:
    """The sowlint directives among ``comments``, located at each comment's opener."""
    out: list[Directive] = []
    for c in comments:
        parsed = parse_directive(c.body)
        if parsed is None:
            continue
        action, codes = parsed
        out.append(
            Directive(
                action=action,
                codes=codes,
                location=Location(path=path, line=c.line, column=c.column),
                text=c.body.strip(),
            )
        )
    return out


def scan_directives(
    text: str,
    path: str,
    syntax: CommentSyntax,
    *,
    breaks: re.Pattern[str] = MARKDOWN_BREAKS,
    skip: Callable[[int], bool] | None = None,
) -> list[Directive]:
    """Directives written as ``syntax`` comments in ``text``, with 1-based line and column."""
    return directives_from_comments(find_comments(text, syntax, breaks=breaks, skip=skip), path)


def in_ranges(ranges: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """A predicate: is an offset inside one of the half-open ``(start, end)`` ranges?"""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif start < end:
            merged.append((start, end))
    starts = [s for s, _ in merged]

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < merged[i][1]

    return inside
