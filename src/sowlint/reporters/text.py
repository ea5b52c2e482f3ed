"""Text reporter for people: findings grouped by file, located as a reader would look for them."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from sowlint.findings import Finding
from sowlint.reporters import Report

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def where(f: Finding) -> str:
    """``p. 4, §3.2 Deliverables`` / ``line 42, §Scope`` / ``document``."""
    return f.location.describe()


def render(report: Report, console: Console, *, quiet: bool = False) -> None:
    """Print findings per file (unless ``quiet``) and a summary line to ``console``.

    The report goes to rich as one piece of markup: one ``print`` per finding cost twice the time
    on a few hundred findings, for the same output.
    """
    lines: list[str] = []
    for result in [] if quiet else report.results:
        if not result.findings and not (report.show_profile and result.profile):
            continue
        fmt = f" ({result.format})" if result.format else ""
        if report.show_profile and result.profile:
            fmt += f" [dim]profile {result.profile} ({escape(result.profile_reason or '')})[/dim]"
        lines.append(f"[bold]{escape(result.path)}[/bold]{fmt}")
        for f in result.findings:
            sev = f.severity.value
            count = f" (x{f.count})" if f.count > 1 else ""
            lines.append(
                f"  {escape(where(f))}: [{_STYLE[sev]}]{sev}[/] [bold]{f.code}[/bold] "
                f"[dim]{f.name}[/dim] {escape(f.message)}{count}"
            )
        lines.append("")
    lines.append(summary_line(report))
    console.print("\n".join(lines))


def summary_line(report: Report) -> str:
    """One line of rich markup: counts by severity, files checked, files unreadable."""
    s = report.summary()
    files = s["files"]
    if files == 0:
        line = "Nothing to check: no file was left after skips and excludes (--verbose says why)."
    elif s["findings"] == 0:
        line = f"[green]No findings[/green] in {files} file{'s' if files != 1 else ''}."
    else:
        parts = [
            f"{s[k]} {label}{'s' if s[k] != 1 and label != 'info' else ''}"
            for k, label in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
            if s[k]
        ]
        line = (
            f"[bold]{s['findings']} finding{'s' if s['findings'] != 1 else ''}[/bold] "
            f"({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}."
        )
    if s["files_with_errors"]:
        line += f" {s['files_with_errors']} file(s) could not be read."
    waived = []
    if s["suppressed"]:
        waived.append(f"{s['suppressed']} suppressed by comments")
    if s["baselined"]:
        waived.append(f"{s['baselined']} in the baseline")
    if waived:
        line += f" [dim]Not shown: {', '.join(waived)}.[/dim]"
    if report.baseline_stale:
        line += (
            f" [dim]{report.baseline_stale} baseline entr{'ies' if report.baseline_stale != 1 else 'y'}"
            " no longer occur: rewrite it with --write-baseline.[/dim]"
        )
    return line
