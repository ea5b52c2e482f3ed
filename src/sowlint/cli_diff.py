"""``sowlint diff``: scope drift between two versions of a SOW (two files, or two git revisions of one).

Exit codes: 0 no limit breached, 1 a limit breached, 2 usage error or unreadable input.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sowlint.cli_options import ConfigOption, IsolatedOption

if TYPE_CHECKING:
    from sowlint.config import Config
    from sowlint.drift import Limits
    from sowlint.findings import Finding
    from sowlint.model import Document


class DiffFormat(str, Enum):
    """Output formats of ``sowlint diff``."""

    text = "text"
    markdown = "markdown"
    json = "json"


def _fail(message: str) -> typer.Exit:
    from sowlint.cli import _err

    _err(message)
    return typer.Exit(2)


def _git(args: list[str], cwd: Path) -> str:
    """Run a read-only git command; its stdout, or a one-line error and exit 2."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise _fail(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _fail(f"git {' '.join(args)}: {detail[0] if detail else 'failed'}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _git_blob(rev: str, path: Path, folder: Path, index: int) -> tuple[Path, str]:
    """Write ``path`` as it stands at ``rev`` to ``folder``; the temp file and its display name."""
    base = path.parent if path.parent != Path("") else Path(".")
    where = base if base.is_dir() else Path.cwd()
    rel = _git(["rev-parse", "--show-prefix"], where).strip() + path.name
    try:
        done = subprocess.run(["git", "show", f"{rev}:{rel}"], cwd=where, capture_output=True, check=False)
    except OSError as exc:
        raise _fail(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _fail(f"{rev}:{rel}: {detail[0] if detail else 'git show failed'}")
    target = folder / f"v{index}{path.suffix}"
    target.write_bytes(done.stdout)
    return target, f"{rev}:{rel}"


def _read(path: Path, display: str) -> Document:
    from sowlint.classify import classify
    from sowlint.readers import ReadError, read_document

    if not path.is_file():
        raise _fail(f"{display}: no such file")
    try:
        return classify(read_document(path, display))
    except ReadError as exc:
        raise _fail(f"{display}: {exc}") from None


def _findings(doc: Document, config: Config) -> list[Finding]:
    from sowlint.engine import Engine

    return Engine(config=config).run_document(doc).findings


def _limits(config: Config, overrides: dict[str, object]) -> Limits:
    """Limits from the configuration's ``[diff]`` table (when the configuration offers one) and options."""
    from pydantic import ValidationError

    from sowlint.drift import Limits

    table = getattr(config, "diff", None)
    data: dict[str, object] = dict(table) if isinstance(table, Mapping) else {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Limits.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise _fail(f"[diff] {'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from None


def register(app: typer.Typer) -> None:
    """Add the ``diff`` command to ``app``."""

    @app.command("diff")
    def diff(
        paths: Annotated[
            list[Path],
            typer.Argument(help="OLD NEW (two files), or with --git REV1 REV2: the one file to compare."),
        ],
        git: Annotated[
            tuple[str, str] | None,
            typer.Option("--git", help="Compare PATH at two git revisions: --git REV1 REV2 PATH."),
        ] = None,
        output_format: Annotated[
            DiffFormat, typer.Option("--format", "-f", help="text, markdown or json.")
        ] = DiffFormat.text,
        config_file: ConfigOption = None,
        isolated: IsolatedOption = False,
        max_fee_change_percent: Annotated[
            float | None,
            typer.Option(
                "--max-fee-change-percent", min=0, help="Fail when the fee changes by more (default 10)."
            ),
        ] = None,
    ) -> None:
        """Show scope drift between two versions of a SOW; exit 1 when it crosses a configured limit."""
        from decimal import Decimal

        from sowlint.cli import _load_config
        from sowlint.drift import diff_documents
        from sowlint.reporters import drift as render

        config = _load_config(config_file, isolated)
        limits = _limits(
            config,
            {
                "max_fee_change_percent": Decimal(str(max_fee_change_percent))
                if max_fee_change_percent
                else None
            },
        )
        with tempfile.TemporaryDirectory(prefix="sowlint-diff-") as tmp:
            if git is not None:
                if len(paths) != 1:
                    raise _fail("--git REV1 REV2 takes exactly one PATH")
                old_path, old_name = _git_blob(git[0], paths[0], Path(tmp), 1)
                new_path, new_name = _git_blob(git[1], paths[0], Path(tmp), 2)
            else:
                if len(paths) != 2:
                    raise _fail("diff takes two files, OLD and NEW (or --git REV1 REV2 PATH)")
                old_path, old_name = paths[0], str(paths[0])
                new_path, new_name = paths[1], str(paths[1])
            old_doc = _read(old_path, old_name)
            new_doc = _read(new_path, new_name)
        drift = diff_documents(
            old_doc, new_doc, _findings(old_doc, config), _findings(new_doc, config), limits
        )
        if output_format is DiffFormat.json:
            sys.stdout.write(render.render_json(drift))
        elif output_format is DiffFormat.markdown:
            sys.stdout.write(render.render_markdown(drift))
        else:
            sys.stdout.write(render.render_text(drift))
        raise typer.Exit(1 if drift.breaches else 0)
