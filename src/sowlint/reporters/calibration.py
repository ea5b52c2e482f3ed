"""Calibration reporter for ``sowlint calibrate``: the per-category table as text, JSON or markdown.

Text is a rich table plus a horizontal bar chart of the median and p80 ratios drawn with plain block
characters: ``█`` up to the estimate (ratio 1), ``▓`` the overrun beyond it, ``░`` the part of the
estimate left unused when a ratio is below 1.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from sowlint.history import Calibration, HistoryProblem, format_ratio, percent_over

RATIO_NOTE = "Ratio = actual hours / estimated hours; p80 = 80th percentile (linear interpolation)."

WITHIN, OVER, UNDER = "█", "▓", "░"


def _ratio(value: float) -> str:
    """``1.52 (+52%)``."""
    return f"{format_ratio(value)} ({percent_over(value):+d}%)"


def _bar(value: float, scale: float, width: int) -> str:
    """A bar of ``value`` on a 0..``scale`` axis ``width`` cells wide, split at ratio 1."""
    cells = round(value / scale * width)
    one = round(1.0 / scale * width)
    if cells >= one:
        return WITHIN * one + OVER * (cells - one)
    return WITHIN * cells + UNDER * (one - cells)


def chart_lines(calibrations: Sequence[Calibration], width: int = 30) -> list[str]:
    """The bar chart as plain lines: a median and a p80 bar per category, scaled to the largest ratio."""
    if not calibrations:
        return []
    scale = max([1.0, *(c.p80_ratio for c in calibrations), *(c.median_ratio for c in calibrations)])
    name_width = max(len(c.name) for c in calibrations)
    bar_width = width + 1
    lines: list[str] = []
    for c in calibrations:
        for i, (label, value) in enumerate((("median", c.median_ratio), ("p80", c.p80_ratio))):
            name = c.name if i == 0 else ""
            note = "" if c.enough or i else f"  (too few: {c.n})"
            bar = _bar(value, scale, width)
            line = f"{name:<{name_width}}  {label:<6} {bar:<{bar_width}} {format_ratio(value)}{note}"
            lines.append(line.rstrip())
    lines.append(f"{WITHIN} within estimate  {OVER} over estimate  {UNDER} under estimate")
    return lines


def text_renderable(
    calibrations: Sequence[Calibration],
    *,
    problems: Sequence[HistoryProblem] = (),
    chart_width: int = 30,
) -> RenderableType:
    """A rich group: the calibration table, the bar chart, the ratio note and any skipped rows."""
    if not calibrations:
        parts: list[RenderableType] = [Text("No usable history records.")]
    else:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("Category")
        table.add_column("Records", justify="right")
        table.add_column("Median ratio", justify="right")
        table.add_column("P80 ratio", justify="right")
        table.add_column("Mean ratio", justify="right")
        table.add_column("Enough data")
        for c in calibrations:
            table.add_row(
                escape(c.name),
                str(c.n),
                _ratio(c.median_ratio),
                _ratio(c.p80_ratio),
                _ratio(c.mean_ratio),
                "yes" if c.enough else "[dim]no[/dim]",
                style=None if c.enough else "dim",
            )
        chart = Text("\n".join(chart_lines(calibrations, chart_width)), no_wrap=True, overflow="ignore")
        parts = [table, Text(""), chart, Text(""), Text(RATIO_NOTE, style="dim")]
    if problems:
        parts.append(Text(""))
        parts.append(Text(f"Skipped {len(problems)} row{'s' if len(problems) != 1 else ''}:", style="yellow"))
        parts.extend(Text(f"  {p}") for p in problems)
    return Group(*parts)


def render_text(
    calibrations: Sequence[Calibration],
    *,
    problems: Sequence[HistoryProblem] = (),
    console: Console | None = None,
    chart_width: int = 30,
) -> str:
    """The text report as a string; printed to ``console`` too when one is given."""
    renderable = text_renderable(calibrations, problems=problems, chart_width=chart_width)
    if console is not None:
        console.print(renderable)
    buffer = io.StringIO()
    width = console.width if console is not None else 100
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def render_json(
    calibrations: Sequence[Calibration],
    *,
    problems: Sequence[HistoryProblem] = (),
) -> str:
    """Indented JSON: ``{"categories": [{category, n, median_ratio, p80_ratio, mean_ratio, enough,
    projects}], "problems": [{line, message}]}``."""
    data = {
        "categories": [c.to_json() for c in calibrations],
        "problems": [{"line": p.line, "message": p.message} for p in problems],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(
    calibrations: Sequence[Calibration],
    *,
    problems: Sequence[HistoryProblem] = (),
) -> str:
    """A GitHub-flavoured markdown table, the ratio note and a list of skipped rows."""
    lines = [
        "| Category | Records | Median ratio | P80 ratio | Enough data |",
        "|---|---:|---:|---:|---|",
    ]
    for c in calibrations:
        lines.append(
            f"| {_md_cell(c.name)} | {c.n} | {_ratio(c.median_ratio)} | {_ratio(c.p80_ratio)} "
            f"| {'yes' if c.enough else 'no'} |"
        )
    lines += ["", RATIO_NOTE]
    if problems:
        lines += ["", f"Skipped {len(problems)} row{'s' if len(problems) != 1 else ''}:", ""]
        lines += [f"- line {p.line}: {' '.join(p.message.split())}" for p in problems]
    return "\n".join(lines) + "\n"
