"""Every scope of a declarative rule, on one markdown SOW and on the same SOW as docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from sowlint.config import Config, cli_layer
from sowlint.declarative import load_rule_file
from sowlint.engine import Engine, Registry, builtin_registry
from sowlint.readers import read_document
from sowlint.readers.markdown import parse_markdown

SOW = """\
# Statement of Work

## Zebra Scope

Paragraph mentioning zebra crossings.

- List item about a zebra.

| Zebra column | Notes |
|---|---|
| Row one | A zebra cell |

## Assumptions

- Zebra assumption in a list.
"""

#: scope -> how many hits the token "zebra" gets in SOW
EXPECTED = {
    "document": 6,  # every occurrence, headings included
    "section": 12,  # a section's text holds its subsections: 6 in the title section, 5 + 1 below it
    "heading": 1,
    "paragraph": 1,
    "list-item": 2,
    "table": 2,  # header and cell of the one table
    "table-header": 1,
    "table-cell": 1,
    "text": 6,  # every block, header row and heading
}


def rule_for(tmp_path: Path, scope: str, extra: str = "") -> type:
    f = tmp_path / f"{scope}.yaml"
    f.write_text(
        "code: ZOO001\nname: no-zebras\nkind: existence\nseverity: warning\n"
        f"message: \"No '{{match}}' here.\"\ntokens: [zebra]\nscope: {scope}\n{extra}"
    )
    return load_rule_file(f, origin="test")


def engine(rule: type) -> Engine:
    registry = Registry(tuple(sorted([*builtin_registry().rules, rule], key=lambda r: r.code)))
    return Engine(config=Config((), cli_layer(select=("ZOO001",)), registry=registry, plugins=False))


@pytest.mark.parametrize(("scope", "count"), EXPECTED.items())
def test_each_scope_sees_only_its_nodes(tmp_path: Path, scope: str, count: int) -> None:
    findings = engine(rule_for(tmp_path, scope)).check_document(parse_markdown(SOW, "sow.md"))
    assert len(findings) == count, [(f.location.describe(), f.excerpt) for f in findings]


def test_section_kind_limits_any_scope(tmp_path: Path) -> None:
    rule = rule_for(tmp_path, "list-item", "kinds: [assumptions]\n")
    findings = engine(rule).check_document(parse_markdown(SOW, "sow.md"))
    assert [f.location.section[-1] for f in findings] == ["Assumptions"]
    rule = rule_for(tmp_path, "text", "skip-kinds: [assumptions]\n")
    findings = engine(rule).check_document(parse_markdown(SOW, "sow.md"))
    assert findings and all(f.location.section[-1] != "Assumptions" for f in findings)


def test_scopes_agree_on_docx(tmp_path: Path) -> None:
    """The same SOW as a Word file (built with python-docx) gives the same counts per scope."""
    import docx

    d = docx.Document()
    d.add_heading("Statement of Work", 1)
    d.add_heading("Zebra Scope", 2)
    d.add_paragraph("Paragraph mentioning zebra crossings.")
    d.add_paragraph("List item about a zebra.", style="List Bullet")
    t = d.add_table(rows=2, cols=2)
    cells = {(0, 0): "Zebra column", (0, 1): "Notes", (1, 0): "Row one", (1, 1): "A zebra cell"}
    for (r, c), text in cells.items():
        t.cell(r, c).text = text
    d.add_heading("Assumptions", 2)
    d.add_paragraph("Zebra assumption in a list.", style="List Bullet")
    path = tmp_path / "sow.docx"
    d.save(str(path))
    doc = read_document(path, "sow.docx")
    for scope in EXPECTED:
        findings = engine(rule_for(tmp_path, scope)).check_document(doc)
        assert len(findings) == EXPECTED[scope], scope


def test_duplicate_codes_across_rule_files_name_both_files(tmp_path: Path) -> None:
    from sowlint.config import ConfigError

    rules = tmp_path / "rules"
    rules.mkdir()
    for name in ("a", "b"):
        (rules / f"{name}.yaml").write_text(
            f"code: ZOO001\nname: zebra-{name}\nkind: existence\nmessage: m\ntokens: [zebra]\n"
        )
    with pytest.raises(ConfigError) as err:
        Config((), cli_layer(rule_dirs=(rules,)), plugins=False)
    msg = str(err.value)
    assert "b.yaml" in msg and "a.yaml" in msg and "field 'code'" in msg
