"""Text rendering of ``sowlint config``: each effective value with the layer it came from."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def render_config(data: dict[str, Any], console: Console) -> None:
    """Print the effective configuration described by :meth:`sowlint.config.Config.describe`."""
    console.print(
        f"[bold]configuration file[/bold]  {escape(data['config_file'] or '(none found; defaults)')}"
    )
    console.print(f"[bold]layers[/bold] (lowest first)  {escape(' -> '.join(data['layers']))}")
    prof = data["profile"]
    line = f"[bold]profile[/bold]  {escape(prof['value'])}  [dim]from {escape(prof['source'])}[/dim]"
    if prof["value"] != prof["used"] or data.get("file"):
        line += f"; used: {escape(prof['used'])}"
        if data.get("profile_reason"):
            line += f" [dim]({escape(data['profile_reason'])})[/dim]"
    console.print(line)
    console.print(
        f"[bold]fail-on[/bold]  {escape(data['fail_on']['value'])}  "
        f"[dim]from {escape(data['fail_on']['source'])}[/dim]"
    )
    for folder in data["rule_dirs"]:
        console.print(f"[bold]rule-dir[/bold]  {escape(folder)}")
    for entry in data["per_file_ignores"]:
        console.print(
            f"[bold]per-file-ignores[/bold]  {escape(entry['glob'])} -> {escape(', '.join(entry['codes']))}"
            f"  [dim]from {escape(entry['source'])}[/dim]"
        )
    for entry in data["exclude"]:
        console.print(
            f"[bold]exclude[/bold]  {escape(entry['glob'])}  [dim]from {escape(entry['source'])}[/dim]"
        )
    if data.get("file"):
        ignored = ", ".join(data["per_file_ignored"]) or "none"
        console.print(f"[bold]for {escape(data['file'])}[/bold]: per-file ignores {escape(ignored)}")
        if data.get("excluded"):
            console.print("  (this file is excluded from folder runs by 'exclude')")
    table = Table(show_edge=False, pad_edge=False, box=None, title_justify="left")
    for col in ("code", "name", "severity", "enabled by", "severity from", "origin"):
        table.add_column(col, no_wrap=True)
    for r in data["rules"]:
        table.add_row(
            r["code"],
            r["name"],
            r["severity"],
            escape(r["enabled_by"]),
            escape(r["severity_from"]),
            escape(r["origin"]),
        )
    console.print()
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=True, width=200)
    console.print(table)
    for r in data["rules"]:
        if r.get("options"):
            opts = ", ".join(f"{k} = {v!r}" for k, v in r["options"].items())
            console.print(
                f"[bold]{r['code']} options[/bold]  {escape(opts)}  "
                f"[dim]from {escape(r['options_from'])}[/dim]"
            )
