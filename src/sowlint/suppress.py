"""Apply inline suppression directives (found by the readers) to a document's findings.

Line-based formats (markdown, text, yaml):

- ``sowlint-disable CODES`` ... ``sowlint-enable [CODES]``: a region of lines; a region never
  closed runs to the end of the file and then also covers findings about the whole document.
- ``sowlint-disable-next-line CODES``: the line after the comment.
- ``sowlint-disable-line CODES``: the comment's own line (a trailing comment).
- ``sowlint-disable-file CODES``: the whole file, document-level findings included.

docx: a Word comment ``sowlint-disable CODES`` covers the blocks its range spans; findings about
the whole document are waived by a comment that names their code explicitly.

Codes may be rule codes or names; no codes means every rule.  Each code of each directive that
suppresses nothing, for a rule that ran, is reported as SOW004 unused-suppression.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sowlint.findings import Finding
from sowlint.model import Directive, Location

_EOF = 10**9


@dataclass
class _Region:
    """One directive's reach for one code (``None`` = every rule)."""

    directive: int
    code: str | None
    first: int | None = None  # line or block, inclusive
    last: int | None = None
    whole_file: bool = False
    by_block: bool = False
    explicit: bool = True
    #: a line comment: covers a finding whose block spans that line
    point: bool = False


@dataclass
class Outcome:
    """What suppression left: kept findings, how many were waived, and the stale directives."""

    kept: list[Finding]
    suppressed: int
    unused: list[tuple[Directive, str]] = field(default_factory=list)


def _codes(directive: Directive, resolve: dict[str, str]) -> tuple[list[str | None], list[str]]:
    """The rule codes a directive names (``[None]`` for all), and the names it could not resolve."""
    if not directive.codes:
        return [None], []
    known: list[str | None] = []
    unknown: list[str] = []
    for raw in directive.codes:
        code = resolve.get(raw.upper()) or resolve.get(raw.lower())
        if code is None:
            unknown.append(raw)
        else:
            known.append(code)
    return known, unknown


def _regions(
    directives: tuple[Directive, ...], resolve: dict[str, str]
) -> tuple[list[_Region], list[tuple[int, str]]]:
    regions: list[_Region] = []
    unknown: list[tuple[int, str]] = []
    open_: dict[str | None, _Region] = {}
    for i, d in enumerate(directives):
        codes, bad = _codes(d, resolve)
        unknown.extend((i, b) for b in bad)
        line = d.location.line
        explicit = bool(d.codes)
        if d.action == "enable":
            closing = list(open_) if not d.codes else [c for c in codes if c in open_]
            for code in closing:
                region = open_.pop(code)
                region.last = (line or _EOF) - 1
            continue
        for code in codes:
            if d.action == "disable-file":
                regions.append(_Region(i, code, whole_file=True, explicit=explicit))
            elif line is None and d.location.block is not None:
                end = d.end.block if d.end is not None and d.end.block is not None else d.location.block
                regions.append(_Region(i, code, d.location.block, end, by_block=True, explicit=explicit))
            elif line is None:
                continue
            elif d.action == "disable-line":
                regions.append(_Region(i, code, line, line, explicit=explicit, point=True))
            elif d.action == "disable-next-line":
                regions.append(_Region(i, code, line + 1, line + 1, explicit=explicit, point=True))
            else:  # disable: open until an enable
                region = _Region(i, code, line, None, explicit=explicit)
                regions.append(region)
                open_[code] = region
    return regions, unknown


def _covers(region: _Region, finding: Finding, loc: Location | None = None) -> bool:
    if region.code is not None and region.code != finding.code:
        return False
    loc = loc or finding.location
    if region.whole_file:
        return True
    if region.by_block:
        if loc.block is None:
            # the whole document: only a comment that names the rule waives it
            return loc.line is None and loc.page is None and region.explicit and region.code is not None
        return (
            region.first is not None and region.last is not None and region.first <= loc.block <= region.last
        )
    if loc.line is None:
        # a document-level finding: covered by a region that runs to the end of the file
        return region.last is None and loc.page is None and loc.block is None
    if region.point and region.first is not None:
        # the finding's line, or any line of a multi-line node it was not pinned within
        return loc.line <= region.first <= (loc.end_line or loc.line)
    last = region.last if region.last is not None else _EOF
    return region.first is not None and region.first <= loc.line <= last


def apply_directives(
    directives: tuple[Directive, ...],
    findings: list[Finding],
    resolve: dict[str, str],
    ran: set[str],
) -> Outcome:
    """Drop suppressed findings; report directive codes that suppressed nothing (for rules in ``ran``).

    ``resolve`` maps rule codes (upper case) and names (lower case) to codes.
    """
    if not directives:
        return Outcome(kept=findings, suppressed=0)
    regions, unknown = _regions(directives, resolve)
    used: set[int] = set()
    kept: list[Finding] = []
    suppressed = 0
    for f in findings:
        if f.occurrences:
            # a folded finding: waive occurrence by occurrence, keep the rest under the first left
            left = []
            for loc in f.occurrences:
                hit = [n for n, r in enumerate(regions) if _covers(r, f, loc)]
                used.update(hit)
                if not hit:
                    left.append(loc)
            suppressed += len(f.occurrences) - len(left)
            if left:
                kept.append(
                    f
                    if len(left) == len(f.occurrences)
                    else f.model_copy(
                        update={"location": left[0], "count": len(left), "occurrences": tuple(left)}
                    )
                )
            continue
        hit = [n for n, r in enumerate(regions) if _covers(r, f)]
        if hit:
            used.update(hit)
            suppressed += 1
        else:
            kept.append(f)
    unused: list[tuple[Directive, str]] = []
    for n, region in enumerate(regions):
        if n in used or region.code is None or region.code not in ran:
            continue
        unused.append((directives[region.directive], region.code))
    for i, raw in unknown:
        unused.append((directives[i], raw))
    unused.sort(key=lambda u: (u[0].location.line or 0, u[0].location.block or 0, u[1]))
    return Outcome(kept=kept, suppressed=suppressed, unused=unused)
