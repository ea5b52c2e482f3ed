"""``sowlint score``: the handoff-readiness scorecard of SOW files (see :mod:`sowlint.score`).

Exit codes: 0 every document scores at least ``--fail-under`` (or no gate), 1 some document scores
below it, 2 usage error or no readable input.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from sowlint.cli_options import ConfigOption, IsolatedOption, ProfileOption

if TYPE_CHECKING:
    from sowlint.config import Config
    from sowlint.score import ScoreSettings


class ScoreFormat(str, Enum):
    """Output formats of ``sowlint score``."""

    text = "text"
    json = "json"
    markdown = "markdown"


def _err(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]sowlint:[/red] {escape(message)}")


def score_settings(config: Config) -> ScoreSettings:
    """The merged ``[score]`` table of the configuration (``[tool.sowlint.score]``), or the defaults.

    Raises ``ConfigError`` with the file and key when the table is invalid.
    """
    from pydantic import ValidationError

    from sowlint.config import ConfigError
    from sowlint.score import ScoreSettings

    try:
        return ScoreSettings.model_validate(config.score)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].replace("Extra inputs are not permitted", "unknown key")
        where = config.path or "configuration"
        raise ConfigError(f"{where}: key 'score.{key}': {msg}") from None


def register(app: typer.Typer) -> None:
    """Add the ``score`` command to ``app``."""

    @app.command("score")
    def score(
        paths: Annotated[list[str], typer.Argument(help="SOW files or folders (docx, pdf, md, yaml, txt).")],
        output_format: Annotated[
            ScoreFormat, typer.Option("--format", "-f", help="text, json or markdown.")
        ] = ScoreFormat.text,
        fail_under: Annotated[
            float | None,
            typer.Option("--fail-under", min=0, max=100, help="Exit 1 if any document scores below this."),
        ] = None,
        config_file: ConfigOption = None,
        isolated: IsolatedOption = False,
        profile: ProfileOption = None,
    ) -> None:
        """Score each SOW's handoff readiness (0-100, grade A-F) and list the changes that raise it most."""
        from sowlint.config import Config, ConfigError, cli_layer
        from sowlint.discover import discover
        from sowlint.plugins import PluginError
        from sowlint.runner import check_files, default_jobs
        from sowlint.score import score_document

        try:
            config = Config.discover(config_file, cli_layer(profile=profile), isolated=isolated)
            settings = score_settings(config)
        except (ConfigError, PluginError) as exc:
            _err(str(exc))
            raise typer.Exit(2) from None
        found = discover(paths)
        for missing in found.missing:
            _err(f"{missing}: no such file or directory")
        for folder in found.empty_dirs:
            _err(f"{folder}: no SOW files to score (looked for .docx, .pdf, .md, .yaml, .yml, .txt)")
        from sowlint.cli import _named

        files = [p for p in found.files if not (config.excluded(p) and not _named(p, paths))]
        if found.missing or not files:
            raise typer.Exit(2)
        results = check_files(files, config, jobs=default_jobs())
        cards = []
        for result in results:
            if result.error:
                _err(f"{result.path}: {result.error}")
            cards.append(score_document(result.findings, settings, result.words, path=result.path))
        if all(r.error for r in results):
            code = 2
        else:
            code = 1 if fail_under is not None and any(c.total < fail_under for c in cards) else 0

        from sowlint.reporters import score as render

        if output_format is ScoreFormat.json:
            sys.stdout.write(render.render_json(cards, fail_under=fail_under, exit_code=code))
        elif output_format is ScoreFormat.markdown:
            sys.stdout.write(render.render_markdown(cards, fail_under=fail_under))
        else:
            from rich.console import Console

            console = Console(highlight=False, soft_wrap=True)
            if not console.is_terminal:
                console = Console(highlight=False, soft_wrap=True, width=200)
            render.render_text(cards, console, fail_under=fail_under)
        raise typer.Exit(code)
