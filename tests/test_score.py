"""The readiness scorecard: formula properties, settings, the ``score`` command in every format."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import typer
from pydantic import ValidationError
from typer.testing import CliRunner

from sowlint.cli_score import register
from sowlint.config import Config, cli_layer
from sowlint.engine import Engine
from sowlint.findings import Finding
from sowlint.readers import read_document
from sowlint.score import CATEGORIES, ScoreSettings, score_block, score_document
from tests.conftest import EXAMPLES

FORMATS = ("md", "docx", "pdf", "yaml")


@cache
def _checked(name: str) -> tuple[tuple[Finding, ...], int]:
    """Findings (profile auto, no configuration file) and word count of an example."""
    path = EXAMPLES / name
    doc = read_document(path, str(path))
    engine = Engine(config=Config((), cli_layer(profile="auto"), plugins=False))
    return tuple(engine.run_document(doc).findings), doc.word_count()


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.callback()
    def _root() -> None:
        """Test root, so ``score`` is a subcommand."""

    return app


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(_app(), ["score", *args])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("ext", FORMATS)
def test_complete_scores_well_above_deficient(ext: str) -> None:
    good = score_document(*_unpack(f"complete-sow.{ext}"))
    bad = score_document(*_unpack(f"deficient-sow.{ext}"))
    assert good.total >= 90 and good.grade == "A"
    assert bad.total <= good.total - 40
    assert bad.grade in ("D", "F")
    assert bad.categories["boundaries"] < good.categories["boundaries"]
    assert bad.categories["success"] < good.categories["success"]


def _unpack(name: str) -> tuple[tuple[Finding, ...], ScoreSettings, int]:
    findings, words = _checked(name)
    return findings, ScoreSettings(), words


@pytest.mark.parametrize("name", ["complete-sow", "deficient-sow"])
def test_same_score_in_every_format(name: str) -> None:
    cards = [score_document(*_unpack(f"{name}.{ext}")) for ext in FORMATS]
    assert len({(c.total, c.grade, tuple(c.categories.items())) for c in cards}) == 1
    assert len({tuple(ch.codes for ch in c.top_changes) for c in cards}) == 1


def test_adding_a_finding_never_raises_the_score() -> None:
    findings, words = _checked("deficient-sow.md")
    assert len(findings) > 10
    previous = score_document([], words=words)
    assert previous.total == 100.0
    for i in range(1, len(findings) + 1):
        card = score_document(findings[:i], words=words)
        assert card.total <= previous.total
        for c in CATEGORIES:
            assert card.categories[c] <= previous.categories[c]
        previous = card
    full = score_document(findings, words=words)
    for i in range(len(findings)):
        rest = findings[:i] + findings[i + 1 :]
        assert score_document(rest, words=words).total >= full.total


def test_top_changes_are_the_real_gains_in_order() -> None:
    findings, words = _checked("deficient-sow.md")
    card = score_document(findings, words=words)
    assert 1 <= len(card.top_changes) <= 5
    points = [ch.points for ch in card.top_changes]
    assert points == sorted(points, reverse=True)
    fingerprints = {f.fingerprint for f in findings}
    for ch in card.top_changes:
        rest = [f for f in findings if f.code not in ch.codes]
        gain = score_document(rest, words=words).total - card.total
        assert ch.points == pytest.approx(gain, abs=0.11)
        assert ch.findings and {t.fingerprint for t in ch.findings} <= fingerprints
        assert {t.code for t in ch.findings} == set(ch.codes)
    # a missing acceptance section (error, heavy) is the first thing to fix in the deficient example
    assert card.top_changes[0].codes == ("SOW103",)


def test_clarity_is_normalised_by_length() -> None:
    findings, _ = _checked("deficient-sow.md")
    clarity = [f for f in findings if f.code in ("SOW112", "SOW201", "SOW203")]
    short = score_document(clarity, words=300)
    long = score_document(clarity, words=6000)
    assert long.categories["clarity"] > short.categories["clarity"]
    assert score_document(clarity, words=300).categories == score_document(clarity, words=1000).categories


def test_weights_are_configurable_with_kebab_keys() -> None:
    findings, words = _checked("deficient-sow.md")
    default = score_document(findings, words=words)
    only_clarity = ScoreSettings.model_validate(
        {"weights": {c: (1 if c == "clarity" else 0) for c in CATEGORIES}}
    )
    assert score_document(findings, only_clarity, words).total == default.categories["clarity"]
    no_placeholders = ScoreSettings.model_validate({"rule-weights": {"sow112": 0}})
    relaxed = score_document(findings, no_placeholders, words)
    assert relaxed.categories["clarity"] > default.categories["clarity"]
    assert "SOW112" not in {c for ch in relaxed.top_changes for c in ch.codes}
    moved = ScoreSettings.model_validate({"rule-categories": {"SOW112": "schedule"}})
    assert score_document(findings, moved, words).categories["schedule"] < default.categories["schedule"]
    strict = ScoreSettings.model_validate({"grades": {"a": 101, "b": 101, "c": 101, "d": 101}})
    assert score_document([], strict).grade == "F"
    with pytest.raises(ValidationError):
        ScoreSettings.model_validate({"rule-categories": {"SOW112": "nowhere"}})
    with pytest.raises(ValidationError):
        ScoreSettings.model_validate({"weigths": {}})


def test_score_block_matches_the_scorecard() -> None:
    findings, words = _checked("deficient-sow.docx")
    block = score_block(findings, words)
    card = score_document(findings, words=words)
    assert "path" not in block
    assert block["total"] == card.total and block["grade"] == card.grade
    assert list(block["categories"]) == list(CATEGORIES)


def test_fail_under_exit_codes() -> None:
    good, bad = str(EXAMPLES / "complete-sow.md"), str(EXAMPLES / "deficient-sow.md")
    assert _invoke(good, "--isolated", "--profile", "auto", "--fail-under", "90")[0] == 0
    assert _invoke(bad, "--isolated", "--profile", "auto", "--fail-under", "90")[0] == 1
    assert _invoke(good, bad, "--isolated", "--profile", "auto", "--fail-under", "90")[0] == 1
    assert _invoke(bad, "--isolated", "--profile", "auto", "--fail-under", "10")[0] == 0
    assert _invoke(bad, "--isolated")[0] == 0
    assert _invoke(bad, "--fail-under", "150")[0] == 2
    assert _invoke(str(EXAMPLES / "no-such-sow.md"), "--isolated")[0] == 2
    assert _invoke(good, "--isolated", "--profile", "nonsense")[0] == 2


def test_json_output_fields_and_same_score_across_formats() -> None:
    args = [str(EXAMPLES / f"{n}-sow.{ext}") for n in ("complete", "deficient") for ext in FORMATS]
    code, out = _invoke(*args, "--isolated", "--profile", "auto", "-f", "json", "--fail-under", "50")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"documents", "summary"}
    assert data["summary"]["exit_code"] == 1 and data["summary"]["fail_under"] == 50
    docs = data["documents"]
    assert [d["path"] for d in docs] == args
    for d in docs:
        assert set(d) == {"path", "total", "grade", "categories", "findings", "words", "top_changes"}
        assert list(d["categories"]) == list(CATEGORIES)
        for ch in d["top_changes"]:
            assert set(ch) == {"codes", "category", "action", "points", "findings"}
            for t in ch["findings"]:
                assert set(t) == {"code", "fingerprint", "where", "line", "message"}
    assert len({d["total"] for d in docs[:4]}) == 1 and len({d["total"] for d in docs[4:]}) == 1
    assert data["summary"]["below"] == args[4:]
    findings, _ = _checked("deficient-sow.md")
    first = docs[4]["top_changes"][0]["findings"][0]["fingerprint"]
    assert first in {f.fingerprint for f in findings}


def test_markdown_and_text_output() -> None:
    good, bad = str(EXAMPLES / "complete-sow.yaml"), str(EXAMPLES / "deficient-sow.pdf")
    code, md = _invoke(good, bad, "--isolated", "--profile", "auto", "-f", "markdown")
    assert code == 0
    card = score_document(*_unpack("deficient-sow.pdf"))
    assert "| document | score | grade | boundaries |" in md
    assert f"| `{bad}` | {card.total:.1f} | {card.grade} |" in md
    assert f"### `{bad}`: top changes" in md
    assert f"### `{good}`" not in md  # nothing to change in the complete SOW
    assert f"1. **+{card.top_changes[0].points:.1f}** `{card.top_changes[0].codes[0]}`" in md
    code, text = _invoke(bad, "--isolated", "--profile", "auto")
    assert code == 0
    assert f"{card.total:.1f}" in text and "changes that would raise the score most" in text
    assert card.top_changes[0].codes[0] in text


def test_unreadable_file_scores_zero(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip archive")
    code, out = _invoke(str(broken), str(EXAMPLES / "complete-sow.md"), "--isolated", "-f", "json")
    data = json.loads(out)
    assert code == 0
    assert data["documents"][0]["total"] == 0.0 and data["documents"][0]["grade"] == "F"
    assert data["documents"][0]["top_changes"][0]["codes"] == ["SOW001"]
    assert _invoke(str(broken), "--isolated", "--fail-under", "1")[0] == 2
