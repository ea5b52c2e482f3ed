"""``sowlint brief``: the handoff brief of one SOW, as markdown, HTML or JSON."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from sowlint.cli_options import ConfigOption, IsolatedOption, ProfileOption


class BriefFormat(str, Enum):
    """Output formats of ``sowlint brief``."""

    md = "md"
    html = "html"
    json = "json"


def _err(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]sowlint:[/red] {escape(message)}")


def register(app: typer.Typer) -> None:
    """Add the ``brief`` command to ``app``."""

    @app.command("brief")
    def brief(
        file: Annotated[Path, typer.Argument(help="The SOW (docx, pdf, markdown, yaml or text).")],
        output_format: Annotated[
            BriefFormat, typer.Option("--format", "-f", help="md, html (one self-contained page) or json.")
        ] = BriefFormat.md,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="Write the brief to this file.")
        ] = None,
        config_file: ConfigOption = None,
        isolated: IsolatedOption = False,
        profile: ProfileOption = None,
    ) -> None:
        """Write the kickoff brief of a SOW: what it states, where, its gaps and its open findings."""
        from sowlint.brief import build_brief
        from sowlint.classify import classify
        from sowlint.config import Config, ConfigError, cli_layer
        from sowlint.engine import Engine
        from sowlint.plugins import PluginError
        from sowlint.readers import ReadError, read_document
        from sowlint.reporters.brief import render

        if not file.is_file():
            _err(f"{file}: no such file")
            raise typer.Exit(2)
        try:
            config = Config.discover(config_file, cli_layer(profile=profile), isolated=isolated)
            doc = read_document(file, str(file))
            result = Engine(config=config).run_document(doc)
        except (ConfigError, PluginError) as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        except ReadError as exc:
            _err(f"{file}: {exc}")
            raise typer.Exit(2) from None
        text = render(build_brief(classify(doc), result.findings), output_format.value)
        if output is None:
            typer.echo(text, nl=False)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _err(f"{output}: cannot write: {exc.strerror or exc}")
            raise typer.Exit(2) from None
        typer.echo(f"Brief written to {output}")
