"""Command-line interface (typer); the only module that imports typer.

Exit codes: 0 no findings at or above the failure level, 1 findings, 2 usage error or no
readable input.
"""

from __future__ import annotations

import io
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sowlint import __version__
from sowlint.cli_options import ConfigOption, IsolatedOption, ProfileOption

if TYPE_CHECKING:
    from sowlint.config import Config
    from sowlint.model import Document
    from sowlint.reporters import Report

app = typer.Typer(
    name="sowlint",
    help="Lint Statements of Work: find what makes projects fail before they start.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    """Report formats of ``sowlint check``."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    gitlab = "gitlab"
    markdown = "markdown"


class ParseFormat(str, Enum):
    """Output formats of ``sowlint parse``."""

    json = "json"
    tree = "tree"


class FailOn(str, Enum):
    """Lowest severity that makes ``check`` exit 1."""

    error = "error"
    warning = "warning"
    info = "info"


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(s.strip() for s in v.split(",") if s.strip())
    return tuple(out)


def _err(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]sowlint:[/red] {escape(message)}")


def _load_config(
    config_file: Path | None,
    isolated: bool,
    *,
    select: list[str] | None = None,
    extend_select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_on: FailOn | None = None,
    profile: str | None = None,
    rule_dirs: list[Path] | None = None,
    history: Path | None = None,
) -> Config:
    """The effective configuration, or a one-line error and exit 2."""
    from sowlint.config import Config, ConfigError, cli_layer
    from sowlint.findings import Severity
    from sowlint.plugins import PluginError

    layer = cli_layer(
        select=_split(select) if select else None,
        extend_select=_split(extend_select),
        ignore=_split(ignore),
        fail_on=Severity(fail_on.value) if fail_on else None,
        profile=profile,
        rule_dirs=rule_dirs or (),
        history=history,
    )
    if history is not None and not history.is_file():
        _err(f"{history}: --history: no such file")
        raise typer.Exit(2)
    for folder in rule_dirs or ():
        if not folder.is_dir():
            _err(f"{folder}: --rule-dir is not a folder")
            raise typer.Exit(2)
    try:
        config = Config.discover(config_file, layer, isolated=isolated)
        loaded = config.history()
    except (ConfigError, PluginError) as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    if loaded is not None:
        for problem in loaded.problems:
            _err(f"{config.history_path}:{problem.line}: skipped row: {problem.message}")
    return config


def _named(path: Path, paths: list[str]) -> bool:
    """True if ``path`` was named on the command line (not found by walking a folder)."""
    return any(Path(raw) == path for raw in paths)


def _run(files: list[Path], config: Config, *, jobs: int | None, use_cache: bool, verbose: bool) -> list:
    """Check the files (in parallel and through the cache), with a progress bar on a terminal."""
    from sowlint.runner import check_files, default_jobs

    cache = None
    if use_cache:
        from sowlint.cache import Cache, default_cache_dir

        cache = Cache(default_cache_dir(), config.fingerprint(), config.rule_dirs)
    n_jobs = jobs or default_jobs()
    if not (sys.stderr.isatty() and len(files) > 1):
        results = check_files(files, config, jobs=n_jobs, cache=cache)
    else:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task("check", total=len(files))
            results = check_files(
                files, config, jobs=n_jobs, cache=cache, on_done=lambda _r: bar.advance(task)
            )
    if verbose and cache is not None:
        _err(f"cache: {cache.hits} hit(s), {cache.misses} miss(es) in {cache.folder}")
    return results


def _read_classified(path: Path) -> Document:
    """Read and classify one file, or a one-line error and exit 2."""
    from sowlint.classify import classify
    from sowlint.readers import ReadError, read_document

    if not path.exists():
        _err(f"{path}: no such file")
        raise typer.Exit(2)
    try:
        return classify(read_document(path, str(path)))
    except ReadError as exc:
        _err(f"{path}: {exc}")
        raise typer.Exit(2) from None


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"sowlint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Lint Statements of Work: find what makes projects fail before they start."""


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="SOW files or folders (docx, pdf, md, yaml, txt).")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format.")
    ] = OutputFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", help="Only these rules: codes, names or code prefixes, comma-separated."),
    ] = None,
    extend_select: Annotated[
        list[str] | None, typer.Option("--extend-select", help="Add these rules to the defaults.")
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules.")] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Lowest severity that makes the run fail (exit 1); default warning."),
    ] = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
    profile: ProfileOption = None,
    rule_dir: Annotated[
        list[Path] | None, typer.Option("--rule-dir", help="Also load the YAML rules in this folder.")
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option("--history", help="CSV of past work (category, estimated_hours, actual_hours): SOW408."),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only findings not recorded in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", help="Record every current finding in this file (then exit 0)."),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since", help="Only files changed since this git revision (and untracked ones)."
        ),
    ] = None,
    force_exclude: Annotated[
        bool,
        typer.Option(
            "--force-exclude",
            help="Apply 'exclude' and the folder-walk skips (README, non-SOW YAML ...) to files named "
            "explicitly too, as pre-commit passes them.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Files checked in parallel (default: CPU count)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file; the terminal shows the summary."),
    ] = None,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print how many findings each rule produced, not them.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say which files were skipped and which profile was used.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the summary line (text format).")
    ] = False,
) -> None:
    """Check SOW files and folders; exit 1 if any finding reaches the failure level."""

    from sowlint.discover import discover
    from sowlint.reporters import Report

    config = _load_config(
        config_file,
        isolated,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        fail_on=fail_on,
        profile=profile,
        rule_dirs=rule_dir,
        history=history,
    )
    base_filter = None
    if baseline is not None:
        from sowlint.baseline import Baseline, BaselineError

        try:
            base_filter = Baseline.load(baseline)
        except BaselineError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None

    found = discover(paths, force_exclude=force_exclude)
    for missing in found.missing:
        _err(f"{missing}: no such file or directory")
    for folder in found.empty_dirs:
        _err(f"{folder}: no SOW files to check (looked for .docx, .pdf, .md, .yaml, .yml, .txt)")
    changed: set[Path] | None = None
    if changed_since is not None:
        from sowlint.discover import GitError
        from sowlint.discover import changed_since as git_changed

        try:
            changed = git_changed(changed_since)
        except GitError as exc:
            _err(f"--changed-since {changed_since}: {exc}")
            raise typer.Exit(2) from None
    files = []
    for p in found.files:
        if config.excluded(p) and (force_exclude or not _named(p, paths)):
            found.skipped.append((p, "excluded by the configuration"))
        elif changed is not None and p.resolve() not in changed:
            found.skipped.append((p, f"unchanged since {changed_since}"))
        else:
            files.append(p)
    if verbose:
        if config.path:
            _err(f"configuration: {config.path}")
        for path, why in found.skipped:
            _err(f"skipped {path}: {why}")
    results = _run(files, config, jobs=jobs, use_cache=not no_cache, verbose=verbose)
    for r in results:
        if r.error:
            _err(f"{r.path}: {r.error}")
        for crash in r.crashed:
            _err(f"{r.path}: {crash}")

    if write_baseline is not None:
        from sowlint.baseline import write_baseline as write

        n = write(write_baseline, results)
        _err(f"wrote {n} finding(s) to baseline {write_baseline}")
        raise typer.Exit(0 if not found.missing else 2)

    baselined = stale = 0
    if base_filter is not None:
        baselined, stale = base_filter.filter(results)

    threshold = config.fail_on.rank
    failing = any(f.severity.rank >= threshold for r in results for f in r.findings)
    readable = any(r.error is None for r in results)
    chose_none = changed is not None or force_exclude or len(found.skipped) > 0
    if not found.missing and not results and chose_none and not found.empty_dirs:
        code = 0  # everything was filtered out on purpose (unchanged, excluded): a pass, not an error
    elif found.missing or not results or not readable or any(r.crashed for r in results):
        code = 2  # a crashed rule leaves the check incomplete: that must not pass a gate
    else:
        code = 1 if failing else 0
    report = Report(
        results=results,
        fail_on=config.fail_on,
        exit_code=code,
        baselined=baselined,
        baseline_stale=stale,
        show_profile=verbose or config.profile_setting == "auto",
        # only the JSON report carries the readiness score; a [score] table is still validated always
        score_settings=(
            _score_settings(config) if output_format is OutputFormat.json or config.score else None
        ),
    )

    _emit(report, config, output_format, output=output, statistics=statistics, quiet=quiet)
    raise typer.Exit(code)


def _score_settings(config: Config) -> object:
    """The [score] settings, or a one-line error and exit 2 when the table is invalid."""
    from sowlint.cli_score import score_settings
    from sowlint.config import ConfigError

    try:
        return score_settings(config)
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None


def _render(report: Report, config: Config, output_format: OutputFormat) -> str:
    """The report as a string in a machine format (everything but text)."""
    import importlib

    if output_format is OutputFormat.json:
        from sowlint.reporters.json import render as render_json

        return render_json(report)
    module = importlib.import_module(f"sowlint.reporters.{output_format.value}")
    return str(module.render(report, config.registry))


def _emit(
    report: Report,
    config: Config,
    output_format: OutputFormat,
    *,
    output: Path | None,
    statistics: bool,
    quiet: bool,
) -> None:
    """Print (or write to ``output``) the report; ``--output`` leaves the summary on the terminal."""
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    if statistics:
        from sowlint.reporters import statistics as stats

        body = (
            stats.render_statistics_json(report)
            if output_format is OutputFormat.json
            else stats.render_statistics(report)
        )
    elif output_format is OutputFormat.text:
        if output is None:
            from sowlint.reporters.text import render as render_text

            render_text(report, console, quiet=quiet)
            return
        from sowlint.reporters.text import render as render_text

        file_console = Console(file=io.StringIO(), highlight=False, soft_wrap=True, no_color=True, width=200)
        render_text(report, file_console, quiet=quiet)
        body = file_console.file.getvalue()  # type: ignore[attr-defined]
    else:
        body = _render(report, config, output_format)
    if output is None:
        sys.stdout.write(body)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(body, encoding="utf-8")
    except OSError as exc:
        _err(f"{output}: cannot write the report: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    from sowlint.reporters.text import summary_line

    console.print(summary_line(report) + f" Report written to {output}.")


@app.command()
def parse(
    path: Annotated[Path, typer.Argument(help="One SOW file.")],
    output_format: Annotated[
        ParseFormat, typer.Option("--format", "-f", help="json or tree.")
    ] = ParseFormat.tree,
) -> None:
    """Show how sowlint reads a document: its sections, their kinds and their blocks."""
    doc = _read_classified(path)
    from sowlint.facts import extract_facts

    facts = extract_facts(doc)
    if output_format is ParseFormat.json:
        import json

        data = json.loads(doc.model_dump_json())
        data["facts"] = json.loads(facts.model_dump_json())
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.markup import escape

    from sowlint.reporters.tree import render_tree

    console = Console(highlight=False, soft_wrap=True)
    render_tree(doc, console)
    lines = facts.summary()
    console.print("\n[bold]Commercial facts[/bold]" + ("" if lines else ": none found"))
    for line in lines:
        console.print(escape(line))


@app.command("rules")
def list_rules(
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
    rule_dir: Annotated[
        list[Path] | None, typer.Option("--rule-dir", help="Also load the YAML rules in this folder.")
    ] = None,
) -> None:
    """List every rule (built-in, plugins, rule folders) with its code, name, severity and origin."""
    from rich.console import Console
    from rich.table import Table

    config = _load_config(config_file, isolated, rule_dirs=rule_dir)
    table = Table(show_edge=False, pad_edge=False, box=None)
    for col in ("code", "name", "severity", "default", "origin"):
        table.add_column(col, no_wrap=True)
    table.add_column("summary")
    for r in config.registry.rules:
        table.add_row(
            r.code, r.name, r.severity.value, "on" if r.default_enabled else "off", r.origin, r.summary
        )
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=200)
    console.print(table)


@app.command("rule")
def explain_rule(
    code: Annotated[str, typer.Argument(help="A rule code or name, e.g. SOW101.")],
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Explain one rule: what it flags, why it matters, its options, a failing and a passing example."""
    from rich.console import Console
    from rich.markup import escape

    rule = _load_config(config_file, isolated).registry.get(code)
    if rule is None:
        _err(f"unknown rule {code!r} (see 'sowlint rules')")
        raise typer.Exit(2)
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]{rule.code} {rule.name}[/bold] ({rule.severity.value}, from {rule.origin})")
    console.print(escape(rule.summary))
    if rule.why:
        console.print(f"\n[bold]Why it matters[/bold]\n{escape(rule.why)}")
    fields = rule.Options.model_fields
    if fields:
        defaults = rule.Options().model_dump()
        where = escape(f"(set in [rules.{rule.code}] of sowlint.toml or [tool.sowlint.rules.{rule.code}])")
        console.print(f"\n[bold]Options[/bold] {where}")
        for fname, info in fields.items():
            key = info.alias or fname.replace("_", "-")
            value = escape(repr(defaults.get(fname)))
            console.print(f"  {escape(key)} = {value}  {escape(info.description or '')}")
    for label, examples in (("Fails", rule.fail_examples), ("Passes", rule.pass_examples)):
        for ex in examples[:2]:
            console.print(f"\n[bold]{label}:[/bold]")
            console.print(escape(ex.rstrip()), markup=False)


class CalibrateFormat(str, Enum):
    """Output formats of ``sowlint calibrate``."""

    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def calibrate(
    path: Annotated[Path, typer.Argument(help="CSV of past work: category, estimated_hours, actual_hours.")],
    output_format: Annotated[
        CalibrateFormat, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = CalibrateFormat.text,
    min_records: Annotated[
        int | None,
        typer.Option("--min-records", min=1, help="Records a category needs (default: SOW408's option, 5)."),
    ] = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
) -> None:
    """Show what delivery history says: per category, actual/estimated hours (median, 80th percentile)."""
    from rich.console import Console

    from sowlint.history import HistoryError, load_history
    from sowlint.history import calibrate as run_calibration
    from sowlint.reporters import calibration as render

    config = _load_config(config_file, isolated)
    rule = config.registry.get("SOW408")
    options = rule.Options.model_validate(_rule_table(config, "SOW408")) if rule is not None else None
    mapping = getattr(options, "mapping", None) or None
    needed: int = min_records or int(getattr(options, "min_records", 5))
    if not path.is_file():
        _err(f"{path}: no such file")
        raise typer.Exit(2)
    try:
        history = load_history(path)
    except HistoryError as exc:
        _err(str(exc))
        raise typer.Exit(2) from None
    cals = run_calibration(history, min_records=needed, mapping=mapping)
    if output_format is CalibrateFormat.json:
        sys.stdout.write(render.render_json(cals, problems=history.problems))
    elif output_format is CalibrateFormat.markdown:
        sys.stdout.write(render.render_markdown(cals, problems=history.problems))
    else:
        render.render_text(cals, problems=history.problems, console=Console(highlight=False))


def _rule_table(config: Config, code: str) -> dict[str, object]:
    """The merged option table of one rule in the configuration (severity left out)."""
    rs = config.rule_set(config.choose_profile(None).name)
    for rule in rs.rules:
        if type(rule).code == code:
            return rule.options.model_dump()
    return {}


class ConfigFormat(str, Enum):
    """Output formats of ``sowlint config``."""

    text = "text"
    json = "json"


@app.command("config")
def show_config(
    path: Annotated[
        Path | None, typer.Argument(help="Show what applies to this SOW file (profile, per-file ignores).")
    ] = None,
    config_file: ConfigOption = None,
    isolated: IsolatedOption = False,
    profile: ProfileOption = None,
    output_format: Annotated[
        ConfigFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ConfigFormat.text,
) -> None:
    """Print the effective configuration and where each value came from."""
    import json

    config = _load_config(config_file, isolated, profile=profile)
    used = None
    extra: dict[str, object] = {}
    if path is not None:
        doc = _read_classified(path)
        choice = config.choose_profile(doc)
        used = choice.name
        codes, globs = config.ignored_for(path)
        extra = {
            "file": str(path),
            "profile_reason": choice.reason,
            "per_file_ignored": sorted(codes),
            "per_file_globs": globs,
            "excluded": config.excluded(path),
        }
    data = config.describe(used)
    data.update(extra)
    if output_format is ConfigFormat.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from rich.console import Console

    from sowlint.reporters.config import render_config

    render_config(data, Console(highlight=False, soft_wrap=True))


@app.command()
def schema() -> None:
    """Print the JSON Schema of SOW-as-code YAML files (for editor validation of sow.yaml)."""
    from sowlint.sowyaml import schema_json

    sys.stdout.write(schema_json() + "\n")


def _register_commands() -> None:
    """Commands kept in their own modules (each adds itself to the app)."""
    from sowlint.cli_brief import register as register_brief
    from sowlint.cli_diff import register as register_diff
    from sowlint.cli_score import register as register_score

    register_score(app)
    register_brief(app)
    register_diff(app)


_register_commands()


def main() -> None:
    """Run the command-line app (``sowlint.entry.main`` answers ``--version`` before this is imported)."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("sowlint: interrupted\n")
        sys.exit(130)
