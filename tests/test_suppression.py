"""Inline suppression in every format that has comments, applied by the engine; unused ones reported."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from sowlint.config import Config, cli_layer
from sowlint.engine import Engine
from tests.conftest import FIXTURES


def engine(*select: str) -> Engine:
    """An engine with no configuration file, running only ``select``."""
    return Engine(config=Config((), cli_layer(select=select or None), plugins=False))


def check(path: Path, *select: str) -> list[tuple[str, int | None, str | None]]:
    result = engine(*select).check_file(path)
    assert result.error is None, result.error
    return [(f.code, f.location.line, f.excerpt) for f in result.findings]


MARKDOWN = """\
# Statement of Work

## Parties

<!-- sowlint-disable-next-line SOW112 -->
This SOW is between Northwind and [Client Name].

Start date: TBD. <!-- sowlint-disable-line placeholder-text -- agreed at kickoff -->

<!-- sowlint-disable SOW112 -->
Fee: $XXXXX.

Due XX/XX/XXXX.
<!-- sowlint-enable -->

Owner: TBA.
"""


def test_markdown_next_line_line_and_region(tmp_path: Path) -> None:
    p = tmp_path / "sow.md"
    p.write_text(MARKDOWN)
    got = check(p, "SOW112", "SOW004")
    assert got == [("SOW112", 16, "TBA")]
    result = engine("SOW112").check_file(p)
    assert result.suppressed == 4


def test_markdown_without_comments_reports_everything(tmp_path: Path) -> None:
    p = tmp_path / "sow.md"
    p.write_text(re.sub(r" ?<!-- sowlint-[^>]*-->\n?", "", MARKDOWN))
    assert {x for _, _, x in check(p, "SOW112")} == {"[Client Name]", "TBD", "$XXXXX", "XX/XX/XXXX", "TBA"}


def test_region_with_codes_only_waives_those(tmp_path: Path) -> None:
    p = tmp_path / "sow.md"
    p.write_text(
        "# SOW\n\n## Scope\n\n<!-- sowlint-disable SOW111 -->\nVendor: [Vendor Name].\n\n### Empty\n\n"
        "### Also empty\n<!-- sowlint-enable SOW111 -->\n\n### Third\n\nText.\n"
    )
    got = check(p, "SOW112", "SOW111")
    assert ("SOW112", 6, "[Vendor Name]") in got
    assert not [g for g in got if g[0] == "SOW111"]


def test_disable_file_and_unclosed_region_cover_document_findings(tmp_path: Path) -> None:
    base = "# SOW\n\n## Scope\n\nWe will migrate 40 reports.\n"
    p = tmp_path / "a.md"
    p.write_text("<!-- sowlint-disable-file SOW101 -->\n" + base)
    assert "SOW101" not in {c for c, _, _ in check(p, "SOW101", "SOW102")}
    p.write_text(base + "\n<!-- sowlint-disable missing-assumptions -->\n")
    assert "SOW101" not in {c for c, _, _ in check(p, "SOW101", "SOW102")}
    # a next-line comment does not waive a finding about the whole document
    p.write_text("<!-- sowlint-disable-next-line SOW101 -->\n" + base)
    assert "SOW101" in {c for c, _, _ in check(p, "SOW101")}


def test_waiving_the_first_of_a_folded_finding_keeps_the_others(tmp_path: Path) -> None:
    p = tmp_path / "sow.md"
    p.write_text("# SOW\n\n## Parties\n\nStart: TBD. <!-- sowlint-disable-line SOW112 -->\n\nOwner: TBD.\n")
    result = engine("SOW112").check_file(p)
    assert [(f.location.line, f.count) for f in result.findings] == [(7, 1)]


def test_unused_and_unknown_suppressions_are_reported(tmp_path: Path) -> None:
    p = tmp_path / "sow.md"
    p.write_text(
        "# SOW\n\n## Parties\n\n<!-- sowlint-disable-next-line SOW112 -->\nBetween Northwind and Contoso.\n\n"
        "<!-- sowlint-disable-next-line SOW999 -->\nText.\n\n"
        "<!-- sowlint-disable-next-line SOW108 -->\nMore text.\n"
    )
    got = check(p, "SOW112", "SOW004")
    unused = [(line, excerpt) for code, line, excerpt in got if code == "SOW004"]
    assert unused == [(5, "sowlint-disable-next-line SOW112"), (8, "sowlint-disable-next-line SOW999")]
    # SOW108 did not run, so its suppression cannot be judged and is not reported
    assert all(line != 11 for line, _ in unused)


def test_plain_text_comments(tmp_path: Path) -> None:
    p = tmp_path / "sow.txt"
    p.write_text(
        "STATEMENT OF WORK\n\n1. PARTIES\n\n<!-- sowlint-disable-next-line SOW112 -->\n"
        "Between Northwind and [Client Name].\n\nFee: $XXXXX.\n"
    )
    assert check(p, "SOW112") == [("SOW112", 8, "$XXXXX")]


def test_yaml_disable_line(tmp_path: Path) -> None:
    p = tmp_path / "sow.yaml"
    p.write_text(
        "title: Report migration\n"
        "parties:\n"
        "  client: {name: Contoso Health}\n"
        "  vendor: {name: Northwind Analytics}\n"
        "scope:\n"
        "  in_scope:\n"
        "    - id: S1\n"
        "      description: Migrate TBD reports  # sowlint-disable-line SOW112 -- confirmed at kickoff\n"
        "    - id: S2\n"
        "      description: Retire XXX legacy jobs\n"
    )
    got = check(p, "SOW112")
    assert [(c, x) for c, _, x in got] == [("SOW112", "XXX")]


def test_docx_word_comment_waives_its_range() -> None:
    path = FIXTURES / "docx" / "comment_suppression.docx"
    result = engine("SOW112", "SOW101", "SOW004").check_file(path)
    got = [(f.code, f.excerpt) for f in result.findings]
    # [Client Name] (commented) and the table cell (commented) are waived; the uncommented TBD is not
    assert ("SOW112", "TBD") in got
    assert ("SOW112", "[Client Name]") not in got
    assert [c for c, _ in got].count("SOW112") == 1
    # the comment spanning two paragraphs names missing-assumptions: the document finding is waived
    assert "SOW101" not in {c for c, _ in got}
    assert result.suppressed >= 3


def test_docx_without_comments_reports_the_same_placeholders() -> None:
    """The same fixture checked with suppression off (SOW112 only, comments ignored by selecting none)."""
    from sowlint.readers import read_document

    doc = read_document(FIXTURES / "docx" / "comment_suppression.docx", "x.docx")
    bare = doc.model_copy(update={"directives": ()})
    findings = engine("SOW112").check_document(bare)
    assert {f.excerpt for f in findings} >= {"[Client Name]", "TBD"}


def test_cli_summary_counts_suppressed(tmp_path: Path) -> None:
    p = tmp_path / "sow.md"
    p.write_text(MARKDOWN)
    out = subprocess.run(
        [sys.executable, "-m", "sowlint", "check", str(p), "--isolated", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    data = json.loads(out.stdout)
    assert data["summary"]["suppressed"] == 4
    assert data["files"][0]["suppressed"] == 4
