"""Command-line options shared by the commands of cli.py and the cli_* modules (one definition each)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Use this configuration file instead of looking for one."),
]
IsolatedOption = Annotated[
    bool,
    typer.Option("--isolated", help="Ignore every configuration file; use defaults and the command line."),
]
ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", help="vendor-sow, pws, proposal or auto (overrides the configuration)."),
]
