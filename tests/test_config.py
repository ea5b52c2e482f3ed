"""Configuration: discovery, every key, layering, profiles and their errors, through the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sowlint.config import Config, ConfigError, cli_layer, detect_profile, find_config, load_profile
from sowlint.engine import Engine
from sowlint.readers import read_document
from tests.conftest import EXAMPLES

DEFICIENT = EXAMPLES / "deficient-sow.md"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "sowlint", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def check_json(cwd: Path, *args: str) -> dict:
    out = run(["check", "--format", "json", *args], cwd)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


def codes_of(report: dict) -> set[str]:
    return {f["code"] for f in report["findings"]}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A proposals repository with one deficient SOW in ``sows/``."""
    (tmp_path / "sows").mkdir()
    shutil.copy(DEFICIENT, tmp_path / "sows" / "deficient-sow.md")
    return tmp_path


def test_discovery_walks_up_and_prefers_sowlint_toml(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.sowlint]\nignore = ["SOW101"]\n')
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == project / "pyproject.toml"
    (project / "a" / ".sowlint.toml").write_text('ignore = ["SOW102"]\n')
    assert find_config(deep) == project / "a" / ".sowlint.toml"
    (project / "a" / "sowlint.toml").write_text('ignore = ["SOW103"]\n')
    assert find_config(deep) == project / "a" / "sowlint.toml"


def test_pyproject_without_tool_sowlint_is_not_a_config(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    sub = project / "sows"
    assert find_config(sub) is None or find_config(sub) != project / "pyproject.toml"


def test_ignore_select_extend_select_from_file(project: Path) -> None:
    base = codes_of(check_json(project / "sows", "deficient-sow.md", "--isolated"))
    assert {"SOW101", "SOW112"} <= base
    (project / "sowlint.toml").write_text('ignore = ["SOW101", "placeholder-text"]\n')
    got = codes_of(check_json(project / "sows", "deficient-sow.md"))
    assert "SOW101" not in got and "SOW112" not in got and "SOW102" in got
    (project / "sowlint.toml").write_text('select = ["SOW10"]\nextend-select = ["SOW113"]\n')
    got = codes_of(check_json(project / "sows", "deficient-sow.md"))
    assert got and all(c.startswith("SOW10") or c == "SOW113" for c in got)
    assert "SOW113" in got


def test_command_line_overrides_file(project: Path) -> None:
    (project / "sowlint.toml").write_text('ignore = ["SOW101"]\nfail-on = "error"\n')
    report = check_json(project, "sows", "--extend-select", "SOW101", "--fail-on", "info")
    assert "SOW101" in codes_of(report)
    assert report["summary"]["fail_on"] == "info"


def test_fail_on_from_file_changes_exit_code(project: Path) -> None:
    (project / "sowlint.toml").write_text('select = ["SOW101"]\nfail-on = "error"\n')
    out = run(["check", "sows"], project)
    assert out.returncode == 0, out.stdout  # SOW101 is a warning
    (project / "sowlint.toml").write_text('select = ["SOW101"]\nfail-on = "warning"\n')
    assert run(["check", "sows"], project).returncode == 1


def test_rule_severity_by_code_or_name(project: Path) -> None:
    (project / "sowlint.toml").write_text(
        '[rules.SOW101]\nseverity = "error"\n[rules.placeholder-text]\nseverity = "info"\n'
    )
    report = check_json(project, "sows")
    sev = {f["code"]: f["severity"] for f in report["findings"]}
    assert sev["SOW101"] == "error"
    assert sev["SOW112"] == "info"


def test_per_file_ignores_relative_to_config(project: Path) -> None:
    (project / "sowlint.toml").write_text('[per-file-ignores]\n"sows/*.md" = ["SOW112"]\n')
    shutil.copy(DEFICIENT, project / "other.md")
    report = check_json(project, "sows", "other.md")
    by_file: dict[str, set[str]] = {}
    for f in report["findings"]:
        by_file.setdefault(Path(f["path"]).name + ("@sows" if "sows" in f["path"] else ""), set()).add(
            f["code"]
        )
    assert "SOW112" not in by_file["deficient-sow.md@sows"]
    assert "SOW112" in by_file["other.md"]
    # run from inside the folder: the glob is still relative to the config file
    report = check_json(project / "sows", "deficient-sow.md")
    assert "SOW112" not in codes_of(report)


def test_exclude_skips_files_in_folder_runs(project: Path) -> None:
    (project / "sows" / "legacy").mkdir()
    shutil.copy(DEFICIENT, project / "sows" / "legacy" / "old.md")
    (project / "sowlint.toml").write_text('exclude = ["sows/legacy/"]\n')
    report = check_json(project, "sows")
    assert [Path(f["path"]).name for f in report["files"]] == ["deficient-sow.md"]


def test_rule_dirs_relative_to_config_file(project: Path) -> None:
    rules = project / "policy"
    rules.mkdir()
    (rules / "ACME001.yaml").write_text(
        "code: ACME001\nname: no-rush-promises\nkind: existence\nseverity: warning\n"
        "message: \"Do not promise '{match}'; give a date.\"\n"
        'tokens: ["rush job", "asap", "as soon as possible"]\n'
    )
    (project / "sowlint.toml").write_text('rule-dirs = ["policy"]\n')
    (project / "sows" / "rush.md").write_text("# SOW\n\n## Scope\n\nWe will deliver the report ASAP.\n")
    report = check_json(project / "sows", "rush.md")
    rush = [f for f in report["findings"] if f["code"] == "ACME001"]
    assert len(rush) == 1
    assert rush[0]["message"] == "Do not promise 'ASAP'; give a date."
    listed = run(["rules"], project / "sows")
    assert "ACME001" in listed.stdout and str(rules) in listed.stdout


def test_extends_a_path_and_a_preset(project: Path) -> None:
    (project / "base.toml").write_text('ignore = ["SOW101"]\n[rules.SOW102]\nseverity = "error"\n')
    (project / "sowlint.toml").write_text('extends = "base.toml"\n[rules.SOW102]\nseverity = "info"\n')
    report = check_json(project, "sows")
    assert "SOW101" not in codes_of(report)
    assert {f["code"]: f["severity"] for f in report["findings"]}["SOW102"] == "info"
    (project / "sowlint.toml").write_text('extends = "pws"\n')
    report = check_json(project, "sows")
    assert report["files"][0]["profile"] == "pws"
    assert "SOW101" not in codes_of(report) and "SOW113" in codes_of(report)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("bogus = 1\n", "key 'bogus': unknown key"),
        ('fail-on = "fatal"\n', "key 'fail-on'"),
        ('profile = "gov"\n', "unknown profile 'gov'"),
        ('select = ["SOW999"]\n', "unknown rule selector 'SOW999'"),
        ('[rules.SOW999]\nseverity = "info"\n', "key 'rules.SOW999': unknown rule"),
        ('[rules.SOW112]\ncolour = "red"\n', "key 'rules.SOW112.colour': unknown key"),
        ('[rules.SOW112]\nseverity = "fatal"\n', "key 'rules.SOW112.severity'"),
        ('extends = "nowhere.toml"\n', "key 'extends'"),
        ('rule-dirs = ["missing"]\n', "rule folder does not exist"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_and_key(project: Path, content: str, needle: str) -> None:
    cfg = project / "sowlint.toml"
    cfg.write_text(content)
    out = run(["check", "sows"], project)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    assert str(cfg) in lines[0] and needle in lines[0], lines[0]


def test_pyproject_errors_spell_the_tool_table(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.sowlint]\nbogus = 1\n")
    out = run(["check", "sows"], project)
    assert out.returncode == 2 and "key 'tool.sowlint.bogus': unknown key" in out.stderr


def test_circular_extends(project: Path) -> None:
    (project / "sowlint.toml").write_text('extends = "b.toml"\n')
    (project / "b.toml").write_text('extends = "sowlint.toml"\n')
    out = run(["check", "sows"], project)
    assert out.returncode == 2 and "circular" in out.stderr


def test_config_flag_and_isolated(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("cfg") / "team.toml"
    elsewhere.write_text('ignore = ["SOW102"]\n')
    (project / "sowlint.toml").write_text('ignore = ["SOW101"]\n')
    got = codes_of(check_json(project, "sows", "--config", str(elsewhere)))
    assert "SOW101" in got and "SOW102" not in got
    got = codes_of(check_json(project, "sows", "--isolated"))
    assert {"SOW101", "SOW102"} <= got
    out = run(["check", "sows", "--config", "nope.toml"], project)
    assert out.returncode == 2 and "nope.toml" in out.stderr


def test_rule_options_are_validated_against_the_rule(tmp_path: Path) -> None:
    cfg = tmp_path / "sowlint.toml"
    cfg.write_text('[rules.SOW111]\nseverity = "info"\n')
    config = Config.discover(cfg, cli_layer())
    assert config.rule_set("vendor-sow").severity["SOW111"].value == "info"


# -- profiles --------------------------------------------------------------------------------------


def test_shipped_profiles_load() -> None:
    for name in ("vendor-sow", "pws", "proposal"):
        prof = load_profile(name)
        assert prof.description
    with pytest.raises(ConfigError):
        load_profile("nope")


def test_pws_profile_changes_what_is_required(project: Path) -> None:
    vendor = codes_of(check_json(project, "sows", "--profile", "vendor-sow"))
    pws = codes_of(check_json(project, "sows", "--profile", "pws"))
    assert "SOW101" in vendor and "SOW101" not in pws
    assert "SOW108" in vendor and "SOW108" not in pws
    assert "SOW113" not in vendor and "SOW113" in pws
    assert "SOW114" not in vendor and "SOW114" in pws


def test_proposal_profile_softens_contract_machinery(project: Path) -> None:
    report = check_json(project, "sows", "--profile", "proposal", "--fail-on", "info")
    sev = {f["code"]: f["severity"] for f in report["findings"]}
    assert sev["SOW108"] == "info"


def _doc(tmp_path: Path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text)
    return read_document(p, str(p))


def test_auto_profile_detects_pws_by_title(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "a.md", "# Performance Work Statement\n\n## Scope\n\nThe contractor shall ...\n")
    choice = detect_profile(doc)
    assert choice.name == "pws" and "Performance Work Statement" in choice.reason


def test_auto_profile_detects_pws_by_wording(tmp_path: Path) -> None:
    body = "The Government will review each deliverable. The Contracting Officer approves changes. " * 5
    doc = _doc(tmp_path, "work.md", f"# Digital services\n\n## Scope\n\n{body}\n")
    assert detect_profile(doc).name == "pws"


def test_auto_profile_detects_proposal_and_defaults_to_vendor_sow(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "p.md", "# Proposal: web archiving tool\n\n## Scope\n\nWe will build it.\n")
    assert detect_profile(doc).name == "proposal"
    doc = _doc(tmp_path, "s.md", "# Statement of Work: CRM rollout\n\n## Scope\n\nWe will build it.\n")
    assert detect_profile(doc).name == "vendor-sow"


def test_auto_profile_is_per_document_and_reported(project: Path) -> None:
    (project / "sows" / "pws.md").write_text(
        "# Performance Work Statement\n\n## Scope\n\nThe contractor shall run the help desk.\n"
    )
    (project / "sowlint.toml").write_text('profile = "auto"\n')
    report = check_json(project, "sows")
    profiles = {Path(f["path"]).name: (f["profile"], f["profile_reason"]) for f in report["files"]}
    assert profiles["pws.md"][0] == "pws"
    assert profiles["deficient-sow.md"][0] == "vendor-sow"
    text = run(["check", "sows"], project).stdout
    assert "profile pws" in text and "profile vendor-sow" in text
    by_file = {}
    for f in report["findings"]:
        by_file.setdefault(Path(f["path"]).name, set()).add(f["code"])
    assert "SOW101" in by_file["deficient-sow.md"] and "SOW101" not in by_file["pws.md"]


# -- sowlint config ---------------------------------------------------------------------------------


def test_config_command_shows_sources(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.sowlint]\nprofile = "pws"\nfail-on = "error"\n'
        '[tool.sowlint.rules.SOW112]\nseverity = "warning"\n'
    )
    out = run(["config", "--format", "json"], project / "sows")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    cfg = str((project / "pyproject.toml").resolve())
    assert data["config_file"] == cfg
    assert data["profile"] == {"value": "pws", "source": cfg, "used": "pws"}
    assert data["fail_on"] == {"value": "error", "source": cfg}
    rules = {r["code"]: r for r in data["rules"]}
    assert rules["SOW112"]["severity"] == "warning" and rules["SOW112"]["severity_from"] == cfg
    assert rules["SOW113"]["enabled_by"] == "profile pws (extend-select)"
    assert "SOW101" not in rules
    text = run(["config"], project / "sows")
    assert text.returncode == 0 and "profile pws" in text.stdout and cfg in text.stdout


def test_config_command_for_a_file_explains_auto(project: Path) -> None:
    (project / "sowlint.toml").write_text('profile = "auto"\n[per-file-ignores]\n"sows/*" = ["SOW111"]\n')
    out = run(["config", "sows/deficient-sow.md", "--format", "json"], project)
    data = json.loads(out.stdout)
    assert data["profile"]["used"] == "vendor-sow" and data["profile_reason"].startswith("auto:")
    assert data["per_file_ignored"] == ["SOW111"]


def test_engine_uses_config_object(project: Path) -> None:
    (project / "sowlint.toml").write_text('select = ["SOW112"]\n')
    config = Config.discover(start=project, cli=cli_layer())
    result = Engine(config=config).check_file(project / "sows" / "deficient-sow.md")
    assert result.findings and {f.code for f in result.findings} == {"SOW112"}


def test_example_configuration_runs_custom_rules_on_every_format() -> None:
    """examples/config/sowlint.toml loads examples/rules: the same custom findings in all four formats."""
    cfg = EXAMPLES / "config" / "sowlint.toml"
    report = check_json(EXAMPLES.parent, "examples", "--config", str(cfg))
    per_file: dict[str, set[str]] = {}
    for f in report["findings"]:
        if f["code"].startswith("ACME"):
            per_file.setdefault(Path(f["path"]).name, set()).add(f["code"])
    deficient = {frozenset(per_file[f"deficient-sow.{ext}"]) for ext in ("md", "docx", "pdf", "yaml")}
    complete = {frozenset(per_file[f"complete-sow.{ext}"]) for ext in ("md", "docx", "pdf", "yaml")}
    assert len(deficient) == 1 and len(complete) == 1
    assert {"ACME011", "ACME013"} <= per_file["deficient-sow.md"]
    assert not {"ACME011", "ACME013"} & per_file["complete-sow.md"]
