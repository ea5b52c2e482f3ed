"""Fingerprints survive text moving up or down the document; they change when the finding's text does."""

from __future__ import annotations

from pathlib import Path

from sowlint.engine import Engine
from tests.conftest import EXAMPLES


def prints(path: Path) -> dict[tuple[str, str | None], str]:
    return {(f.code, f.excerpt): f.fingerprint for f in Engine().check_file(path).findings}


def test_fingerprints_stable_when_paragraph_inserted_above(tmp_path: Path) -> None:
    text = (EXAMPLES / "deficient-sow.md").read_text(encoding="utf-8")
    before = tmp_path / "before.md"
    before.write_text(text, encoding="utf-8")
    lines = text.splitlines(keepends=True)
    after = tmp_path / "after.md"
    after.write_text(
        "".join([lines[0], "\nA new introductory paragraph.\n\nAnd another one.\n", *lines[1:]]),
        encoding="utf-8",
    )
    a, b = Engine().check_file(before).findings, Engine().check_file(after).findings
    assert [f.location.line for f in a] != [f.location.line for f in b]  # the text really moved
    assert sorted(f.fingerprint for f in a) == sorted(f.fingerprint for f in b)


def test_repeated_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    doc = tmp_path / "sow.md"
    doc.write_text(
        "# SOW\n\n## Fees\n\nFee: TBD.\n\n## Dates\n\nStart: TBD.\n\nEnd: TBD.\n", encoding="utf-8"
    )
    found = [f for f in Engine().check_file(doc).findings if f.code == "SOW112"]
    assert len(found) == 2  # once per section, with a count
    assert len({f.fingerprint for f in found}) == 2
    assert [f.count for f in found] == [1, 2]


def test_fingerprint_same_across_formats_for_document_level_findings() -> None:
    md = prints(EXAMPLES / "deficient-sow.md")
    docx = prints(EXAMPLES / "deficient-sow.docx")
    assert md[("SOW101", None)] == docx[("SOW101", None)]
