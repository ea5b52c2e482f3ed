"""Plugins: the example plugin discovered as an installed distribution, broken plugins, cwd safety,
and what ``load_entry_point`` accepts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from sowlint.findings import Rule
from sowlint.plugins import GROUP, PluginError, load_entry_point
from sowlint.testing import Case, assert_case, case_params
from tests.conftest import EXAMPLES

PLUGIN = EXAMPLES / "plugin"
PLUGIN_SRC = PLUGIN / "src"

LARGE_SOW = """\
# Statement of Work: Billing Platform Migration

## Scope

Northwind migrates the Contoso billing platform to the new ERP.

## Fees

The fixed fee is USD 300,000, invoiced monthly.
"""


def fake_dist(folder: Path, dist: str, version: str, entry_points: str) -> Path:
    """A ``*.dist-info`` folder: all importlib.metadata needs to see an installed distribution."""
    info = folder / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    metadata = f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    return info


def sowlint(*args: str, cwd: Path, pythonpath: list[Path] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m sowlint ARGS`` with exactly ``pythonpath`` as PYTHONPATH (none if not given)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update({"NO_COLOR": "1", "COLUMNS": "200"})
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    command = [sys.executable, "-m", "sowlint", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


# -- the example plugin, installed as a distribution ---------------------------------------------


@pytest.fixture
def acme_installed(tmp_path: Path) -> list[Path]:
    """PYTHONPATH entries that make examples/plugin look installed: its dist-info and its source."""
    site = tmp_path / "site"
    fake_dist(site, "sowlint-acme", "0.1.0", f"[{GROUP}]\nacme = sowlint_acme:rules\n")
    return [site, PLUGIN_SRC]


def test_example_plugin_rules_are_listed_with_their_origin(
    tmp_path: Path, acme_installed: list[Path]
) -> None:
    out = sowlint("rules", "--isolated", cwd=tmp_path, pythonpath=acme_installed)
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line for line in out.stdout.splitlines() if line.strip()}
    for code, name in (("ACME101", "large-deal-needs-delivery-lead"), ("ACME102", "no-unlimited-revisions")):
        assert code in rows, out.stdout
        assert name in rows[code] and "plugin sowlint-acme" in rows[code]
    assert "plugin" not in rows["SOW112"]


def test_example_plugin_rule_fires_in_check(tmp_path: Path, acme_installed: list[Path]) -> None:
    sow = tmp_path / "billing-sow.md"
    sow.write_text(LARGE_SOW, encoding="utf-8")
    args = ("check", "--isolated", "--format", "json", str(sow))
    out = sowlint(*args, cwd=tmp_path, pythonpath=acme_installed)
    assert out.returncode == 1, out.stderr
    acme = [f for f in json.loads(out.stdout)["findings"] if f["code"] == "ACME101"]
    assert [(f["location"]["line"], f["excerpt"]) for f in acme] == [(9, "USD 300,000")]
    # without the distribution on the path the rule does not exist
    bare = sowlint("check", "--isolated", "--select", "ACME101", str(sow), cwd=tmp_path)
    assert bare.returncode == 2 and "ACME101" in bare.stderr


def test_example_plugin_options_from_a_config_file(tmp_path: Path, acme_installed: list[Path]) -> None:
    sow = tmp_path / "billing-sow.md"
    sow.write_text(LARGE_SOW, encoding="utf-8")
    (tmp_path / "sowlint.toml").write_text("[rules.ACME101]\nthreshold = 500000\n", encoding="utf-8")
    out = sowlint("check", "--select", "ACME101", str(sow), cwd=tmp_path, pythonpath=acme_installed)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("case", case_params(PLUGIN / "tests" / "cases"))
def test_example_plugin_cases(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin's own case files pass in the main suite too (its source imported from the checkout)."""
    monkeypatch.syspath_prepend(str(PLUGIN_SRC))
    from sowlint_acme import rules

    assert_case(case, rules=rules())


# -- a broken plugin -------------------------------------------------------------------------------


def test_broken_plugin_stops_with_one_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    broken = "raise ImportError('No module named acme_internal_sdk')\n"
    (site / "acme_broken.py").write_text(broken, encoding="utf-8")
    fake_dist(site, "sowlint-broken", "1.0", f"[{GROUP}]\nbroken = acme_broken:rules\n")
    work = tmp_path / "work"
    work.mkdir()
    (work / "x.md").write_text(LARGE_SOW, encoding="utf-8")
    out = sowlint("check", "--isolated", "x.md", cwd=work, pythonpath=[site])
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "sowlint-broken" in lines[0]
    assert "broken = acme_broken:rules" in lines[0]
    assert "No module named acme_internal_sdk" in lines[0]
    assert "Traceback" not in out.stderr


def test_a_rule_that_raises_costs_only_its_own_findings(tmp_path: Path) -> None:
    """A plugin rule with a bug: one line naming file and rule, the other rules' findings, exit 2."""
    site = tmp_path / "site"
    site.mkdir()
    buggy = textwrap.dedent(
        """\
        from sowlint.findings import Rule, Severity

        class Buggy(Rule):
            code = "ACME900"
            name = "buggy-rule"
            severity = Severity.WARNING

            def check(self, doc):
                raise KeyError("monthſ")

        def rules():
            return [Buggy]
        """
    )
    (site / "acme_buggy.py").write_text(buggy, encoding="utf-8")
    fake_dist(site, "sowlint-buggy", "1.0", f"[{GROUP}]\nbuggy = acme_buggy:rules\n")
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.md").write_text(LARGE_SOW, encoding="utf-8")
    (work / "b.md").write_text(LARGE_SOW, encoding="utf-8")
    for jobs in ("1", "2"):
        out = sowlint(
            "check",
            "--isolated",
            "--no-cache",
            "-j",
            jobs,
            "--extend-select",
            "ACME900",
            "--format",
            "json",
            "a.md",
            "b.md",
            cwd=work,
            pythonpath=[site],
        )
        assert out.returncode == 2, out.stderr
        assert "Traceback" not in out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 2, out.stderr
        for line, name in zip(lines, ("a.md", "b.md"), strict=True):
            assert line.startswith(f"sowlint: {name}: rule ACME900 (KeyError: 'monthſ') failed")
            assert "a bug in plugin sowlint-buggy, please report it" in line
        report = json.loads(out.stdout)
        assert {f["code"] for f in report["findings"]} >= {"SOW101", "SOW102", "SOW103"}
        assert report["summary"]["exit_code"] == 2


# -- the working directory is never a plugin source ------------------------------------------------


def evil_cwd(tmp_path: Path) -> tuple[Path, Path]:
    """A folder holding ``evil.py`` (writes a marker when imported) and a dist-info naming it."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    marker = tmp_path / "imported.txt"
    (cwd / "evil.py").write_text(
        textwrap.dedent(
            f"""\
            from pathlib import Path
            Path({str(marker)!r}).write_text("evil.py was imported")

            def rules():
                return []
            """
        ),
        encoding="utf-8",
    )
    fake_dist(cwd, "evil", "0.1", f"[{GROUP}]\nx = evil:rules\n")
    return cwd, marker


def test_plugins_are_not_loaded_from_the_working_directory(tmp_path: Path) -> None:
    cwd, marker = evil_cwd(tmp_path)
    out = sowlint("rules", "--isolated", cwd=cwd)
    assert out.returncode == 0, out.stderr
    assert not marker.exists()
    assert "plugin" not in out.stdout
    assert "SOW112" in out.stdout


def test_the_same_folder_on_pythonpath_is_loaded(tmp_path: Path) -> None:
    """Control for the test above: the fake distribution works when it is really on the path."""
    cwd, marker = evil_cwd(tmp_path)
    out = sowlint("rules", "--isolated", cwd=tmp_path, pythonpath=[cwd])
    assert out.returncode == 0, out.stderr
    assert marker.read_text() == "evil.py was imported"


# -- load_entry_point ---------------------------------------------------------------------------


PLUGIN_MODULE = """\
from sowlint.findings import Rule


class GoodRule(Rule):
    code = "TPL001"
    name = "tpl-good"

    def check(self, doc):
        return iter(())


class NamelessRule(Rule):
    def check(self, doc):
        return iter(())


def good():
    return [GoodRule]


def not_a_rule():
    return [GoodRule, 42]


def nameless():
    return [NamelessRule]


def raises():
    raise RuntimeError("licence server unreachable")


def not_iterable():
    return None


def yaml_folder():
    from pathlib import Path
    return [str(Path(__file__).parent / "tpl_rules")]


def missing_folder():
    return ["/nonexistent/tpl_rules"]
"""

YAML_RULE = """\
code: TPL002
name: tpl-no-asap
kind: existence
message: "Give a date instead of '{match}'."
tokens: [asap]
"""


@pytest.fixture
def plugin_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable module of plugin factories (a fresh name per test, so imports do not leak)."""
    name = f"tpl_plugin_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    (tmp_path / "tpl_rules").mkdir()
    (tmp_path / "tpl_rules" / "TPL002.yaml").write_text(YAML_RULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def entry(module: str, attr: str) -> EntryPoint:
    return EntryPoint(name="tpl", value=f"{module}:{attr}", group=GROUP)


def test_entry_point_returning_rule_classes(plugin_module: str) -> None:
    (rule,) = load_entry_point(entry(plugin_module, "good"))
    assert issubclass(rule, Rule)
    assert rule.code == "TPL001"
    assert rule.origin == "plugin unknown distribution"  # an EntryPoint made by hand has no dist


def test_entry_point_returning_a_yaml_folder(plugin_module: str) -> None:
    (rule,) = load_entry_point(entry(plugin_module, "yaml_folder"))
    assert (rule.code, rule.name, rule.origin) == ("TPL002", "tpl-no-asap", "plugin unknown distribution")


@pytest.mark.parametrize(
    ("attr", "message"),
    [
        ("not_a_rule", "returned 42: expected rule classes or paths to folders of YAML rules"),
        ("nameless", "rule class NamelessRule has no code or name"),
        ("raises", "failed to load: RuntimeError: licence server unreachable"),
        ("not_iterable", "failed to load: TypeError"),
        ("missing_folder", "rule folder does not exist"),
        ("no_such_function", "failed to load: AttributeError"),
    ],
)
def test_entry_point_errors_name_the_entry_point(plugin_module: str, attr: str, message: str) -> None:
    with pytest.raises(PluginError) as info:
        load_entry_point(entry(plugin_module, attr))
    text = str(info.value)
    assert message in text
    assert f"entry point 'tpl = {plugin_module}:{attr}' (group {GROUP})" in text
    assert "\n" not in text
