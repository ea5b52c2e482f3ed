"""The ``sowlint`` console script: answers ``--version`` before importing the command-line stack.

``sowlint.cli`` imports typer (and through it click) at import time; a version query, which editors
and pre-commit run often, needs none of it.
"""

from __future__ import annotations

import sys

from sowlint import __version__


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"sowlint {__version__}\n")
        return
    from sowlint.cli import main as cli_main

    cli_main()
