"""Scorecard reporters: a rich table for people, stable JSON for tools, markdown for pull requests."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from sowlint.score import CATEGORIES, Scorecard, scorecard_json

_SHORT = {
    "boundaries": "bound.",
    "success": "success",
    "dependencies": "deps",
    "commercials": "comm.",
    "schedule": "sched.",
    "clarity": "clarity",
}


def _num(value: float) -> str:
    return f"{value:.1f}"


def _places(where: Sequence[str]) -> str:
    """Up to three distinct places, ``; ``-separated (a place itself may contain commas)."""
    shown = list(dict.fromkeys(where))
    more = f" (+{len(shown) - 3} more)" if len(shown) > 3 else ""
    return "; ".join(shown[:3]) + more


def render_text(cards: Sequence[Scorecard], console: Console, *, fail_under: float | None = None) -> None:
    """Print a table of documents (total, grade, sub-scores), then each document's top changes."""
    table = Table(show_edge=False, pad_edge=False, box=None)
    table.add_column("document", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("grade", justify="center")
    for c in CATEGORIES:
        table.add_column(_SHORT[c], justify="right")
    for card in cards:
        colour = "green" if card.grade in ("A", "B") else "yellow" if card.grade in ("C", "D") else "red"
        table.add_row(
            escape(card.path or "-"),
            f"[{colour}]{_num(card.total)}[/{colour}]",
            f"[{colour}]{card.grade}[/{colour}]",
            *(_num(card.categories[c]) for c in CATEGORIES),
        )
    console.print(table)
    for card in cards:
        if not card.top_changes:
            continue
        console.print(f"\n[bold]{escape(card.path or '-')}[/bold]: changes that would raise the score most")
        for i, ch in enumerate(card.top_changes, 1):
            where = _places([t.where if t.line is None else f"line {t.line}" for t in ch.findings])
            console.print(
                f"  {i}. [bold]+{_num(ch.points)}[/bold] {'/'.join(ch.codes)} ({ch.category}): "
                f"{escape(ch.action)}" + (f" [dim]at {escape(where)}[/dim]" if where != "document" else "")
            )
    if fail_under is not None:
        below = [c for c in cards if c.total < fail_under]
        verdict = (
            f"{len(below)} document(s) below {fail_under:g}" if below else f"all at or above {fail_under:g}"
        )
        console.print(f"\n{len(cards)} document(s) scored; {verdict}.")


def render_json(cards: Sequence[Scorecard], *, fail_under: float | None = None, exit_code: int = 0) -> str:
    """The scorecards as JSON: ``{"documents": [...], "summary": {...}}`` with stable field names."""
    below = [c.path for c in cards if fail_under is not None and c.total < fail_under]
    data = {
        "documents": [scorecard_json(c) for c in cards],
        "summary": {
            "documents": len(cards),
            "mean": round(sum(c.total for c in cards) / len(cards), 1) if cards else None,
            "fail_under": fail_under,
            "below": below,
            "exit_code": exit_code,
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(cards: Sequence[Scorecard], *, fail_under: float | None = None) -> str:
    """The scorecards as GitHub-flavoured markdown: one table, then each document's top changes."""
    head = ["document", "score", "grade", *CATEGORIES]
    lines = [
        "## SOW handoff readiness",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * 1 + "---:|" + ":---:|" + "---:|" * len(CATEGORIES),
    ]
    for card in cards:
        cells = [
            f"`{_md(card.path or '-')}`",
            _num(card.total),
            card.grade,
            *(_num(card.categories[c]) for c in CATEGORIES),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for card in cards:
        if not card.top_changes:
            continue
        lines += ["", f"### `{_md(card.path or '-')}`: top changes", ""]
        for i, ch in enumerate(card.top_changes, 1):
            where = _places([t.where if t.line is None else f"line {t.line}" for t in ch.findings])
            at = f" ({_md(where)})" if where != "document" else ""
            lines.append(
                f"{i}. **+{_num(ch.points)}** `{'`, `'.join(ch.codes)}` ({ch.category}): {_md(ch.action)}{at}"
            )
    if fail_under is not None:
        below = [c for c in cards if c.total < fail_under]
        lines += ["", f"{len(below)} of {len(cards)} document(s) below {fail_under:g}."]
    return "\n".join(lines) + "\n"
