"""Tests of the SOW-as-code YAML reader and schema, on the bundled examples and crafted inputs."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import jsonschema
import pytest
import yaml as pyyaml

from sowlint.model import Document, ListItem, Paragraph, Table
from sowlint.readers import ReadError, read_document
from sowlint.readers.markdown import read as read_markdown
from sowlint.readers.yaml import looks_like_sow, read
from sowlint.sowyaml import schema_json

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMPLETE = EXAMPLES / "complete-sow.yaml"
DEFICIENT = EXAMPLES / "deficient-sow.yaml"

COMPLETE_PARTS = [
    "Objectives",
    "Scope",
    "Deliverables",
    "Assumptions",
    "Exclusions",
    "Client Dependencies",
    "Acceptance Criteria",
    "Schedule",
    "Pricing",
    "Payment Schedule",
    "Change Control",
    "Roles and Responsibilities",
    "Risks",
    "Term",
]


def line_of(path: Path, pattern: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` matching ``pattern``."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if n >= start and re.search(pattern, line):
            return n
    raise AssertionError(f"{pattern!r} not in {path}")


def write(tmp_path: Path, text: str, name: str = "sow.yaml") -> Path:
    """Write a YAML fixture and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tables(doc: Document) -> dict[str, Table]:
    """Tables keyed by the title of the section holding them (one table per section here)."""
    return {s.title: b for s in doc.walk() for b in s.blocks if isinstance(b, Table)}


@pytest.fixture(scope="module")
def complete() -> Document:
    return read(COMPLETE, "examples/complete-sow.yaml")


@pytest.fixture(scope="module")
def deficient() -> Document:
    return read(DEFICIENT, "examples/deficient-sow.yaml")


# --- mapping of the examples -----------------------------------------------------------------


def test_complete_example_has_title_section_holding_numbered_parts(complete: Document) -> None:
    assert complete.format == "yaml"
    assert complete.title == "Statement of Work: Customer Portal Data Platform"
    assert len(complete.sections) == 1
    top = complete.sections[0]
    assert (top.title, top.level, top.number) == (complete.title, 1, None)
    assert [s.title for s in top.sections] == COMPLETE_PARTS
    assert [s.number for s in top.sections] == [str(n) for n in range(1, 15)]
    assert {s.level for s in top.sections} == {2}
    assert [p.text for p in top.blocks] == [
        "Version: 1.0",
        "Date: 2025-02-14",
        'Client: Contoso Health, Inc. ("Contoso")',
        'Vendor: Northwind Analytics LLC ("Northwind")',
    ]
    assert complete.meta == {
        "version": "1.0",
        "date": "2025-02-14",
        "client": "Contoso Health, Inc.",
        "vendor": "Northwind Analytics LLC",
    }


def test_section_headings_sit_on_their_yaml_keys(complete: Document) -> None:
    keys = {
        "Objectives": "objectives",
        "Deliverables": "deliverables",
        "Client Dependencies": "dependencies",
        "Acceptance Criteria": "acceptance",
        "Schedule": "period_of_performance",
        "Payment Schedule": "payment_schedule",
        "Term": "term",
    }
    by_title = {s.title: s for s in complete.walk()}
    for title, key in keys.items():
        loc = by_title[title].location
        assert loc.line == line_of(COMPLETE, rf"^{key}:"), title
        assert loc.column == 1
        assert loc.section[-1] == title
    assert complete.sections[0].location.line == line_of(COMPLETE, r"^title:")


def test_deliverables_table_rows_and_cells_carry_yaml_lines(complete: Document) -> None:
    table = tables(complete)["Deliverables"]
    assert table.header == ("ID", "Deliverable", "Due date", "Acceptance criteria")
    assert [r.cells[0].text for r in table.rows] == ["D1", "D2", "D3", "D4", "D5"]
    first = table.rows[0]
    assert first.cells[1].text == "Discovery Report and Target Architecture"
    assert first.cells[2].text == "2025-03-28"
    assert first.cells[3].text == (
        "Lists each of the 6 source systems with its owner, refresh frequency and record volume; "
        "Target architecture approved in writing by the Contoso Data Architect"
    )
    d3 = line_of(COMPLETE, r"^  - id: D3")
    row = table.rows[2]
    assert row.location.line == d3
    assert (row.location.table, row.location.row) == (1, 3)
    assert row.cells[2].location.line == line_of(COMPLETE, r"due:", start=d3)
    assert row.cells[2].location.cell == 3
    assert row.location.section == (complete.title, "Deliverables")


def test_pricing_payment_and_dependency_tables(complete: Document) -> None:
    t = tables(complete)
    pricing = t["Pricing"]
    assert pricing.header == ("Role", "Rate", "Hours", "Amount")
    assert pricing.rows[0].text == "Engagement Manager | $210.00 | 200 | $42,000.00"
    assert pricing.rows[-1].text == "Total |  |  | $283,200.00"
    assert pricing.rows[-1].location.line == line_of(COMPLETE, r"^  total: 283200")
    assert pricing.rows[2].location.line == line_of(COMPLETE, r"role: Data Engineer")
    payments = t["Payment Schedule"]
    assert payments.header == ("Milestone", "Percent", "Amount")
    assert [r.cells[1].text for r in payments.rows] == ["10%", "15%", "25%", "25%", "25%"]
    deps = t["Client Dependencies"]
    assert deps.header == ("Dependency", "Owner", "Due date")
    assert deps.rows[0].text == "Read access to the 6 source systems | Contoso IT | 2025-03-14"
    assert t["Schedule"].header == ("Milestone", "Date", "Deliverables")
    assert t["Roles and Responsibilities"].header == ("Role", "Party", "Responsibilities")
    assert t["Risks"].header == ("Risk", "Mitigation", "Owner")
    assert [tb.location.table for tb in t.values()] == list(range(1, len(t) + 1))


def test_lists_and_prose_blocks(complete: Document) -> None:
    by_title = {s.title: s for s in complete.walk()}
    scope = by_title["Scope"].blocks
    assert isinstance(scope[0], Paragraph)
    items = [b for b in scope if isinstance(b, ListItem)]
    assert items[0].text == "S1: Ingest data from six source systems into the Contoso Snowflake account."
    assert [i.level for i in items[:3]] == [1, 2, 2]
    assert items[1].text == "Epic Clarity (appointments)"
    assert items[1].location.line == line_of(COMPLETE, r"- Epic Clarity")
    first_assumption = by_title["Assumptions"].blocks[0]
    assert isinstance(first_assumption, ListItem)
    assert first_assumption.text.endswith("moves by the number of business days of delay.")
    assert first_assumption.location.line == line_of(COMPLETE, r"- text: Contoso grants")
    steps = by_title["Change Control"].blocks
    assert len(steps) == 4 and all(isinstance(b, ListItem) and b.ordered for b in steps)
    acceptance = [b.text for b in by_title["Acceptance Criteria"].blocks]
    assert "Review period: 10 business days from delivery of each deliverable." in acceptance


def test_every_node_has_a_line(complete: Document, deficient: Document) -> None:
    for doc in (complete, deficient):
        for section in doc.walk():
            assert section.location.line is not None, section.title
        for block in doc.all_blocks():
            assert block.location.line is not None and block.location.column is not None
            if isinstance(block, Table):
                for row in block.rows:
                    assert row.location.line is not None
                    assert all(c.location.line is not None for c in row.cells)


def test_deficient_example_lacks_parts_and_keeps_an_empty_section(deficient: Document) -> None:
    titles = [s.title for s in deficient.sections[0].sections]
    assert titles == [
        "Objectives",
        "Scope",
        "Deliverables",
        "Schedule",
        "Pricing",
        "Payment Schedule",
        "Change Control",
        "Roles and Responsibilities",
        "Term",
    ]
    change = next(s for s in deficient.walk() if s.title == "Change Control")
    assert not change.has_content()
    t = tables(deficient)
    assert t["Deliverables"].header == ("ID", "Deliverable", "Due date")
    assert t["Pricing"].rows[-1].text == "Total |  |  | $250,000.00"
    assert [r.cells[1].text for r in t["Payment Schedule"].rows] == ["30%", "30%", "30%"]
    assert deficient.meta["client"] == "[Client Name]"


@pytest.mark.parametrize("name", ["complete-sow", "deficient-sow"])
def test_yaml_and_markdown_examples_carry_the_same_content(name: str) -> None:
    def shape(doc: Document) -> list[tuple[object, ...]]:
        out: list[tuple[object, ...]] = []
        for s in doc.walk():
            out.append(("section", s.level, s.number, s.title))
            for b in s.blocks:
                if isinstance(b, Table):
                    out.append(("table", b.header, tuple(r.text for r in b.rows)))
                elif isinstance(b, ListItem):
                    out.append(("item", b.text, b.level, b.ordered))
                else:
                    out.append(("paragraph", b.text))
        return out

    from_yaml = read(EXAMPLES / f"{name}.yaml", name)
    from_markdown = read_markdown(EXAMPLES / f"{name}.md", name)
    assert from_yaml.title == from_markdown.title
    assert shape(from_yaml) == shape(from_markdown)


def test_read_document_dispatches_yaml() -> None:
    doc = read_document(COMPLETE, "complete.yml")
    assert doc.format == "yaml" and doc.path == "complete.yml"


def test_numbers_in_text_fields_keep_their_spelling(tmp_path: Path) -> None:
    doc = read(write(tmp_path, "title: Plan 2025\nversion: 1.10\ndate: 2025-01-02\n"), "s.yaml")
    assert doc.meta == {"version": "1.10", "date": "2025-01-02"}


def test_without_title_parts_are_top_level(tmp_path: Path) -> None:
    doc = read(write(tmp_path, "scope:\n  in_scope: [Build it]\nexclusions: [Run it]\n"), "s.yaml")
    assert [(s.title, s.level, s.number) for s in doc.sections] == [("Scope", 1, "1"), ("Exclusions", 1, "2")]


# --- errors ---------------------------------------------------------------------------------

BAD_CRITERIA = """\
title: T
deliverables:
  - id: D1
    name: Plan
    acceptance_criteria: [Approved]
  - id: D2
    name: Build
    acceptance_criteria: only one string
"""


def test_schema_error_names_yaml_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as err:
        read(write(tmp_path, BAD_CRITERIA), "s.yaml")
    assert str(err.value) == "line 8: deliverables[2].acceptance_criteria: Input should be a valid list"


def test_several_schema_errors_report_the_first_by_line_and_the_count(tmp_path: Path) -> None:
    text = "title: T\npricing:\n  currency: dollars\n  total: lots\ndeliverables:\n  - id: D1\n"
    with pytest.raises(ReadError) as err:
        read(write(tmp_path, text), "s.yaml")
    message = str(err.value)
    assert message.startswith("line 3: pricing.currency: String should match pattern")
    assert message.endswith("(and 2 more schema errors)")


def test_missing_and_unknown_fields_point_at_their_item(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^line 4: risks\[2\]\.description: Field required$"):
        read(write(tmp_path, "title: T\nrisks:\n  - description: A\n  - owner: B\n"), "s.yaml")
    with pytest.raises(ReadError, match=r"^line 3: scope\.out_of_scope: Extra inputs are not permitted$"):
        read(write(tmp_path, "title: T\nscope:\n  out_of_scope: [x]\n"), "s.yaml")


def test_invalid_yaml_names_line_and_column(tmp_path: Path) -> None:
    text = "title: T\nscope:\n  in_scope:\n    - a\n  - b\n"
    with pytest.raises(ReadError, match=r"^invalid YAML at line 5, column 3: "):
        read(write(tmp_path, text), "s.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "mapping of fields at the top level, not a list"),
        ("# only a comment\n", "empty YAML document"),
        ("title: a\ntitle: b\n", "duplicate key 'title' at line 2, column 1"),
        ("title: !!python/object/apply:os.system [ls]\n", "unsupported YAML tag"),
        ("title: a\n---\ntitle: b\n", "expected a single document"),
        ("a: " + "[" * 100 + "]" * 100 + "\n", "nested more than 64 levels"),
    ],
)
def test_unreadable_yaml_is_a_read_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ReadError, match=re.escape(message)):
        read(write(tmp_path, text), "s.yaml")


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, BILLION_LAUGHS, "bomb.yaml")
    started = time.perf_counter()
    with pytest.raises(ReadError, match="YAML aliases are not supported in SOW files"):
        read_document(path)
    assert time.perf_counter() - started < 1.0


def test_oversized_yaml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "title: T\n" + "# padding\n" * 250_000, "big.yaml")
    with pytest.raises(ReadError, match="YAML file too large"):
        read(path, "big.yaml")


def test_input_file_is_not_modified() -> None:
    before = COMPLETE.read_bytes()
    read(COMPLETE, "c.yaml")
    assert COMPLETE.read_bytes() == before


# --- looks_like_sow -------------------------------------------------------------------------

CI_CONFIG = """\
name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest
"""

COMPOSE = """\
version: "3.9"
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
volumes:
  data: {}
"""

PRE_COMMIT = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.6.0
    hooks:
      - id: ruff
"""


def test_looks_like_sow_accepts_the_examples() -> None:
    assert looks_like_sow(COMPLETE) and looks_like_sow(DEFICIENT)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("ci.yml", CI_CONFIG),
        ("docker-compose.yml", COMPOSE),
        (".pre-commit-config.yaml", PRE_COMMIT),
        ("_config.yml", "title: My blog\ndescription: Notes\ntheme: minima\n"),
        ("list.yaml", "- title: a\n- scope: b\n"),
    ],
)
def test_looks_like_sow_rejects_other_yaml(tmp_path: Path, name: str, text: str) -> None:
    assert not looks_like_sow(write(tmp_path, text, name))


def test_looks_like_sow_accepts_a_minimal_sow(tmp_path: Path) -> None:
    assert looks_like_sow(write(tmp_path, "title: Pilot\ndeliverables:\n  - name: Report\n"))


# --- schema -----------------------------------------------------------------------------------


def test_schema_json_is_json_schema_with_the_sow_parts() -> None:
    schema = json.loads(schema_json())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    expected = {
        "title", "version", "date", "parties", "objectives", "scope", "deliverables", "assumptions",
        "exclusions", "dependencies", "acceptance", "period_of_performance", "milestones", "pricing",
        "payment_schedule", "change_control", "roles", "effort", "risks", "term", "sections",
    }  # fmt: skip
    assert set(schema["properties"]) == expected
    assert all(schema["properties"][k].get("description") for k in expected)


def test_schema_validates_the_examples_and_rejects_a_bad_document() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_json()))
    for path in (COMPLETE, DEFICIENT):
        data = pyyaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path.name
    bad = pyyaml.safe_load(BAD_CRITERIA)
    best = jsonschema.exceptions.best_match(validator.iter_errors(bad))
    assert best is not None
    assert list(best.absolute_path) == ["deliverables", 1, "acceptance_criteria"]
