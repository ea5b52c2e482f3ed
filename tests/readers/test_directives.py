"""Inline suppression directives as the readers extract them: the parser, markdown, text, YAML and docx."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sowlint.model import Directive, Document, Paragraph
from sowlint.readers.directives import (
    HASH_COMMENT,
    HTML_COMMENT,
    find_comments,
    parse_directive,
    scan_directives,
)
from sowlint.readers.docx import read as read_docx
from sowlint.readers.markdown import parse_markdown
from sowlint.readers.text import parse_text
from sowlint.readers.yaml import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
COMPLETE_YAML = ROOT / "examples" / "complete-sow.yaml"
COMMENTS_DOCX = ROOT / "tests" / "fixtures" / "docx" / "comment_suppression.docx"


def _line_of(source: str, needle: str) -> int:
    """1-based line of the only line of ``source`` holding ``needle``."""
    hits = [n for n, line in enumerate(source.splitlines(), start=1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _column_of(source: str, needle: str, on: str | None = None) -> int:
    """1-based column of ``needle`` on the only line holding ``on`` (default: ``needle`` itself)."""
    return source.splitlines()[_line_of(source, on or needle) - 1].index(needle) + 1


def _all_text(doc: Document) -> str:
    return "\n".join([s.text for s in doc.walk()] + [b.text for b in doc.all_blocks()])


def _block(doc: Document, text: str) -> Paragraph:
    return next(b for b in doc.all_blocks() if isinstance(b, Paragraph) and text in b.text)


# ------------------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sowlint-disable SOW201,SOW202", ("disable", ("SOW201", "SOW202"))),
        (" sowlint-disable SOW201, missing-assumptions ", ("disable", ("SOW201", "missing-assumptions"))),
        (
            "sowlint-disable sow201 SOW202,, Missing-Exclusions",
            ("disable", ("SOW201", "SOW202", "missing-exclusions")),
        ),
        ("sowlint-enable", ("enable", ())),
        ("sowlint-enable SOW201", ("enable", ("SOW201",))),
        ("sowlint-disable", ("disable", ())),
        ("sowlint-disable-next-line SOW112", ("disable-next-line", ("SOW112",))),
        ("sowlint-disable-line SOW112", ("disable-line", ("SOW112",))),
        ("sowlint-disable-file SOW101", ("disable-file", ("SOW101",))),
        ("SOWLINT-Disable-Line sow112", ("disable-line", ("SOW112",))),
        ("sowlint-disable\nSOW201\n", ("disable", ("SOW201",))),
    ],
)
def test_parse_directive_actions_and_codes(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert parse_directive(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sowlint-disable SOW201 -- client wording, agreed with legal", ("disable", ("SOW201",))),
        ("sowlint-disable-line SOW112, SOW113 -- confirmed -- twice", ("disable-line", ("SOW112", "SOW113"))),
        ("sowlint-disable -- the whole appendix is boilerplate", ("disable", ())),
        ("sowlint-disable-file SOW101\n-- reason on the next line", ("disable-file", ("SOW101",))),
    ],
)
def test_parse_directive_reason_is_not_a_code(text: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert parse_directive(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a plain comment",
        "TODO: sowlint-disable SOW201",
        "eslint-disable no-console",
        "sowlint-disabled SOW201",
        "sowlint-disable-lines SOW201",
        "sowlint-enable-line SOW201",
        "sowlint:disable SOW201",
        "sowlint disable SOW201",
    ],
)
def test_parse_directive_rejects_other_text(text: str) -> None:
    assert parse_directive(text) is None


def test_find_comments_positions_and_unterminated() -> None:
    src = "a\n  <!-- one -->x<!--\ntwo\n-->\n<!-- never closed"
    comments = find_comments(src, HTML_COMMENT)
    assert [(c.line, c.column, c.body) for c in comments] == [(2, 3, " one "), (2, 16, "\ntwo\n")]
    assert src[comments[0].start : comments[0].end] == "<!-- one -->"
    hashes = find_comments("key: v # c1 # still c1\n# c2\r\nx", HASH_COMMENT)
    assert [(c.line, c.column, c.body) for c in hashes] == [(1, 8, " c1 # still c1"), (2, 1, " c2")]


def test_scan_directives_keeps_only_directives() -> None:
    src = "<!-- note -->\ntext <!-- sowlint-disable-line SOW112 -- ok -->\n"
    got = scan_directives(src, "doc.md", HTML_COMMENT)
    assert got == [
        Directive(
            action="disable-line",
            codes=("SOW112",),
            location=got[0].location.model_copy(update={"line": 2, "column": 6}),
            text="sowlint-disable-line SOW112 -- ok",
        )
    ]
    assert got[0].location.path == "doc.md"


# ------------------------------------------------------------------------------ markdown

MARKDOWN = """\
---
title: Pilot SOW
---
# Pilot SOW

## Parties

<!-- sowlint-disable SOW201, missing-assumptions -- agreed with legal -->
This SOW is between Northwind and [Client Name]. <!-- sowlint-disable-line SOW112 -->

Use `<!-- sowlint-disable SOW901 -->` to silence a rule.

```markdown
<!-- sowlint-disable SOW902 -->
```

    <!-- sowlint-disable SOW903 -->

- The client provides TBD data. <!-- sowlint-disable-line SOW112 -->

<!--
  sowlint-disable-next-line SOW110
-->
<!-- sowlint-enable -->
<!-- an ordinary comment -->
"""


def test_markdown_directives_lines_columns_and_codes() -> None:
    doc = parse_markdown(MARKDOWN, "pilot.md")
    got = [(d.action, d.codes, d.location.line, d.location.column) for d in doc.directives]
    assert got == [
        ("disable", ("SOW201", "missing-assumptions"), _line_of(MARKDOWN, "SOW201"), 1),
        (
            "disable-line",
            ("SOW112",),
            _line_of(MARKDOWN, "[Client Name]"),
            _column_of(MARKDOWN, "<!-- sowlint-disable-line", on="[Client Name]"),
        ),
        (
            "disable-line",
            ("SOW112",),
            _line_of(MARKDOWN, "TBD data"),
            _column_of(MARKDOWN, "<!-- sowlint-disable-line", on="TBD data"),
        ),
        ("disable-next-line", ("SOW110",), _line_of(MARKDOWN, "SOW110") - 1, 1),
        ("enable", (), _line_of(MARKDOWN, "sowlint-enable"), 1),
    ]
    assert all(d.location.path == "pilot.md" for d in doc.directives)
    assert doc.directives[0].text == "sowlint-disable SOW201, missing-assumptions -- agreed with legal"


def test_markdown_inline_directive_is_on_its_paragraphs_line() -> None:
    doc = parse_markdown(MARKDOWN, "pilot.md")
    para = _block(doc, "[Client Name]")
    item = next(b for b in doc.all_blocks() if "TBD data" in b.text)
    lines = {d.location.line for d in doc.directives if d.action == "disable-line"}
    assert lines == {para.location.line, item.location.line}


def test_markdown_code_blocks_and_spans_are_not_directives() -> None:
    doc = parse_markdown(MARKDOWN, "pilot.md")
    codes = {c for d in doc.directives for c in d.codes}
    assert not codes & {"SOW901", "SOW902", "SOW903"}
    # the code is still document text, unlike the comments
    assert "SOW902" in _all_text(doc) and "SOW903" in _all_text(doc)


def test_markdown_comments_are_not_text() -> None:
    doc = parse_markdown(MARKDOWN, "pilot.md")
    text = _all_text(doc)
    for needle in ("SOW201", "SOW112", "SOW110", "sowlint-enable", "ordinary comment", "agreed with legal"):
        assert needle not in text


def test_markdown_without_directives_has_none() -> None:
    doc = parse_markdown("# Scope\n\nThe vendor builds widgets. <!-- reviewed -->\n", "plain.md")
    assert doc.directives == ()


# ------------------------------------------------------------------------------ plain text

TEXT = """\
STATEMENT OF WORK

Intro paragraph line one
<!-- sowlint-disable-next-line SOW112 -->
continues with a TBD value.

<!-- sowlint-disable SOW101 -->
1. SCOPE

The vendor will migrate reports for [Client]. <!-- sowlint-disable-line SOW112 -- confirmed -->
<!-- sowlint-enable -->

2. DELIVERABLES

- Migration plan
"""


def _without_comment_lines(text: str) -> str:
    return "\n".join(
        line for line in text.splitlines() if not (line.startswith("<!--") and line.endswith("-->"))
    )


def test_text_directives_lines_and_columns() -> None:
    doc = parse_text(TEXT, "sow.txt")
    got = [(d.action, d.codes, d.location.line, d.location.column) for d in doc.directives]
    assert got == [
        ("disable-next-line", ("SOW112",), _line_of(TEXT, "SOW112 -->"), 1),
        ("disable", ("SOW101",), _line_of(TEXT, "SOW101"), 1),
        (
            "disable-line",
            ("SOW112",),
            _line_of(TEXT, "[Client]"),
            _column_of(TEXT, "<!-- sowlint-disable-line", on="[Client]"),
        ),
        ("enable", (), _line_of(TEXT, "sowlint-enable"), 1),
    ]


def test_text_comment_lines_change_nothing_else() -> None:
    with_comments = parse_text(TEXT, "sow.txt")
    without = parse_text(
        _without_comment_lines(TEXT).replace(" <!-- sowlint-disable-line SOW112 -- confirmed -->", ""),
        "sow.txt",
    )
    assert [(s.level, s.number, s.title) for s in with_comments.walk()] == [
        (s.level, s.number, s.title) for s in without.walk()
    ]
    assert [(b.kind, b.text) for b in with_comments.all_blocks()] == [
        (b.kind, b.text) for b in without.all_blocks()
    ]
    assert "sowlint" not in _all_text(with_comments)


def test_text_lines_keep_their_numbers() -> None:
    doc = parse_text(TEXT, "sow.txt")
    assert _block(doc, "Intro paragraph").location.line == _line_of(TEXT, "Intro paragraph")
    assert _block(doc, "[Client]").location.line == _line_of(TEXT, "[Client]")
    assert _block(doc, "[Client]").text == "The vendor will migrate reports for [Client]."
    scope = next(s for s in doc.walk() if s.title == "SCOPE")
    assert scope.location.line == _line_of(TEXT, "1. SCOPE")
    item = next(b for b in doc.all_blocks() if b.text == "Migration plan")
    assert item.location.line == _line_of(TEXT, "- Migration plan")


# ------------------------------------------------------------------------------ YAML


def _yaml_with(edits: dict[str, str]) -> str:
    """The complete example with the line starting with each key of ``edits`` replaced by its value."""
    lines = COMPLETE_YAML.read_text(encoding="utf-8").splitlines()
    for needle, replacement in edits.items():
        hits = [i for i, line in enumerate(lines) if line.startswith(needle)]
        assert len(hits) == 1, needle
        lines[hits[0]] = replacement
    return "\n".join(lines) + "\n"


def test_yaml_trailing_comment_is_on_the_fields_line() -> None:
    src = _yaml_with(
        {
            "  approver: Contoso Product Owner": (
                "  approver: Contoso Product Owner  # sowlint-disable-line SOW112"
            ),
            "  - Migration of records created before 2020-01-01.": (
                "  - Migration of records created before 2020-01-01. #sowlint-disable-line SOW105 -- agreed"
            ),
        }
    )
    doc = parse_yaml(src, "sow.yaml")
    approver = _block(doc, "Approver: Contoso Product Owner")
    exclusion = next(
        b for b in doc.all_blocks() if b.text == "Migration of records created before 2020-01-01."
    )
    got = {(d.action, d.codes, d.location.line) for d in doc.directives}
    assert got == {
        ("disable-line", ("SOW112",), approver.location.line),
        ("disable-line", ("SOW105",), exclusion.location.line),
    }
    assert approver.location.line == _line_of(src, "approver:")
    columns = {d.codes[0]: d.location.column for d in doc.directives}
    assert columns == {
        "SOW112": _column_of(src, "# sowlint-disable-line SOW112"),
        "SOW105": _column_of(src, "#sowlint-disable-line SOW105"),
    }


def test_yaml_whole_line_comments() -> None:
    src = _yaml_with(
        {
            "# SOW-as-code: a complete statement of work": "# sowlint-disable-file SOW113",
            "acceptance:": "# sowlint-disable SOW104, missing-acceptance\nacceptance:",
            "period_of_performance:": "# sowlint-enable\nperiod_of_performance:",
            "  - Production support after 2025-08-29.": (
                "  # sowlint-disable-next-line SOW105\n  - Production support after 2025-08-29."
            ),
        }
    )
    doc = parse_yaml(src, "sow.yaml")
    got = [(d.action, d.codes, d.location.line, d.location.column) for d in doc.directives]
    assert got == [
        ("disable-file", ("SOW113",), 1, 1),
        ("disable-next-line", ("SOW105",), _line_of(src, "SOW105"), 3),
        ("disable", ("SOW104", "missing-acceptance"), _line_of(src, "SOW104"), 1),
        ("enable", (), _line_of(src, "sowlint-enable"), 1),
    ]
    support = next(b for b in doc.all_blocks() if b.text == "Production support after 2025-08-29.")
    assert support.location.line == doc.directives[1].location.line + 1


def test_yaml_hash_inside_strings_is_not_a_comment() -> None:
    src = _yaml_with(
        {
            "  approver: Contoso Product Owner": '  approver: "Contoso # sowlint-disable-line SOW901"',
            "  review_period_days: 10": "  review_period_days: 10",
            "  - Migration of records created before 2020-01-01.": "  - 'Records # sowlint-disable SOW902'",
            "  - Production support after 2025-08-29.": "  - Production#sowlint-disable SOW903 support",
            "  rejection: >-": (
                "  rejection: |  # sowlint-disable-line SOW904\n    Text # sowlint-disable SOW905"
            ),
        }
    )
    doc = parse_yaml(src, "sow.yaml")
    assert [(d.action, d.codes) for d in doc.directives] == [("disable-line", ("SOW904",))]
    assert doc.directives[0].location.line == _line_of(src, "SOW904")
    text = _all_text(doc)
    for code in ("SOW901", "SOW902", "SOW903", "SOW905"):
        assert code in text


def test_yaml_example_has_no_directives() -> None:
    assert parse_yaml(COMPLETE_YAML.read_text(encoding="utf-8"), "sow.yaml").directives == ()


# ------------------------------------------------------------------------------ docx


def test_docx_comment_directives() -> None:
    doc = read_docx(COMMENTS_DOCX, "comment_suppression.docx")
    assert len([d for d in doc.directives if d.codes == ("SOW112",)]) == 2
    by_codes = {d.codes: d for d in doc.directives if d.codes != ("SOW112",)}
    assert set(by_codes) == {("SOW201", "missing-assumptions"), ("SOW113",)}
    first_112 = next(d for d in doc.directives if d.codes == ("SOW112",))
    client = _block(doc, "[Client Name]")
    assert first_112.location.block == client.location.block
    assert first_112.end is not None and first_112.end.block == client.location.block
    assert first_112.location.section == client.location.section == ("Scope",)
    assert first_112.text == "sowlint-disable SOW112 -- name confirmed at signature"
    span = by_codes[("SOW201", "missing-assumptions")]
    first, second = _block(doc, "Deliverable one"), _block(doc, "Deliverable two")
    assert span.action == "disable"
    assert span.location.block == first.location.block
    assert span.end is not None and span.end.block == second.location.block
    assert first.location.block != second.location.block


def test_docx_comment_in_a_table_cell_covers_the_table() -> None:
    doc = read_docx(COMMENTS_DOCX, "comment_suppression.docx")
    table = next(b for b in doc.all_blocks() if b.kind == "table")
    in_cell = [d for d in doc.directives if d.codes == ("SOW112",)][1]
    assert in_cell.action == "disable"
    assert in_cell.location.block == table.location.block
    assert in_cell.end is not None and in_cell.end.block == table.location.block


def test_docx_disable_file_and_ignored_comments() -> None:
    doc = read_docx(COMMENTS_DOCX, "comment_suppression.docx")
    whole = next(d for d in doc.directives if d.action == "disable-file")
    assert whole.codes == ("SOW113",) and whole.end is None
    assert whole.location.block == _block(doc, "accepts each deliverable").location.block
    # neither the uncommented placeholder nor the ordinary review comment's paragraph is covered
    for text in ("migrate TBD reports", "two waves"):
        block = _block(doc, text).location.block
        assert block is not None
        for d in doc.directives:
            if d.end is not None:
                assert not (d.location.block or 0) <= block <= (d.end.block or 0)
    assert not any("PMO" in d.text for d in doc.directives)


def test_docx_without_comments_has_no_directives() -> None:
    doc = read_docx(ROOT / "tests" / "fixtures" / "docx" / "styled.docx", "styled.docx")
    assert doc.directives == ()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_docx_comment_directives_survive_libreoffice(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "out"),
            str(COMMENTS_DOCX),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = read_docx(tmp_path / "out" / COMMENTS_DOCX.name, "converted.docx")
    original = read_docx(COMMENTS_DOCX, "converted.docx")
    assert converted.directives == original.directives
