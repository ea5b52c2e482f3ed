"""Delivery history: CSV loading edge cases, calibration, category matching, advice and the renderers."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from sowlint.history import (
    Calibration,
    HistoryError,
    HistoryProblem,
    advice,
    calibrate,
    load_history,
    match_category,
    parse_number,
    percentile,
    synonym_index,
)
from sowlint.model import Table
from sowlint.readers.markdown import parse_markdown
from sowlint.reporters.calibration import chart_lines, render_json, render_markdown, render_text
from tests.conftest import EXAMPLES, FIXTURES

HISTORY = FIXTURES / "history"


def write(tmp_path: Path, text: str, name: str = "history.csv", encoding: str = "utf-8") -> Path:
    """Write ``text`` to a CSV file in ``tmp_path`` byte for byte (no newline translation)."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def by_name(calibrations: list[Calibration]) -> dict[str, Calibration]:
    """Calibrations keyed by display name."""
    return {c.name: c for c in calibrations}


# --------------------------------------------------------------------------- loading


def test_normal_fixture_reads_every_row_and_keeps_the_other_columns() -> None:
    h = load_history(HISTORY / "normal.csv")
    assert len(h.records) == 40
    assert h.problems == ()
    assert h.delimiter == ","
    # "Estimated Hours" / "Actual Hours" are the required columns; project, role, date are kept.
    assert h.columns == ("category", "estimated_hours", "actual_hours", "project", "role", "date")
    first = h.records[0]
    assert (first.line, first.category, first.estimated_hours, first.actual_hours) == (
        2,
        "Data migration",
        300,
        450,
    )
    assert first.get("Project") == "P06" and first.get("role") == "Data Engineer"


def test_bom_semicolon_and_decimal_comma(tmp_path: Path) -> None:
    h = load_history(HISTORY / "bom-semicolon.csv")
    assert h.encoding == "utf-8-sig" and h.delimiter == ";"
    assert h.problems == ()
    # The BOM does not stick to the first header name, so "category" is found.
    assert [(r.category, r.estimated_hours, r.actual_hours) for r in h.records] == [
        ("Design", 10, 12.5),
        ("Design", 8, 10),
        ("Build", 100, 120),
        ("Design", 1200, 1500),  # "1.200" is thousands in a semicolon file
        ("Design", 20, 30),
        ("Design", 4.5, 4.5),
    ]
    assert h.records[2].get("project") == "Phase 1; pilot"  # quoted delimiter inside a value


def test_bad_rows_are_reported_by_physical_line(tmp_path: Path) -> None:
    h = load_history(HISTORY / "bad-rows.csv")
    # Lines 2, 3-4 (a quoted note over two lines), 14 and 16 are good.
    assert [r.line for r in h.records] == [2, 3, 14, 16]
    assert h.records[1].get("notes") == "first line of a note\nsecond line of the note"
    lines = [p.line for p in h.problems]
    assert lines == [5, 6, 7, 8, 9, 10, 12, 15]
    messages = dict((p.line, p.message) for p in h.problems)
    assert "is 0" in messages[5]
    assert messages[6] == "estimated_hours is missing"
    assert messages[7] == "category is empty"
    assert messages[8] == "estimated_hours 'abc' is not a number"
    assert messages[9] == "actual_hours is negative (-2)"
    assert "from line 10 to line 11" in messages[10]
    assert messages[12] == "actual_hours is missing"
    assert "5 fields but the header has 4" in messages[15]
    assert str(h.problems[0]).startswith("line 5: ")


def test_line_numbers_after_a_multi_line_field_in_a_semicolon_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffcategory;estimated_hours;actual_hours;notes\r\n"
        'QA;10;11;"one\r\ntwo\r\nthree"\r\n'
        "QA;x;11;bad\r\n",
    )
    h = load_history(path)
    assert [r.line for r in h.records] == [2]
    assert h.problems == (HistoryProblem(5, "estimated_hours 'x' is not a number"),)


def test_missing_columns_name_the_file_and_the_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "Category,Hours\nA,3\n", name="past.csv")
    with pytest.raises(HistoryError) as err:
        load_history(path)
    assert "past.csv" in str(err.value)
    assert "estimated_hours, actual_hours" in str(err.value)
    assert "category" not in err.value.message.split("(")[0]


def test_header_spellings_and_synonyms(tmp_path: Path) -> None:
    path = write(
        tmp_path, "Work Category\tEstimated-Hours (h)\tACTUAL\tClient\nData migration\t10\t12\tContoso\n"
    )
    h = load_history(path)
    assert h.delimiter == "\t"
    assert [(r.category, r.estimated_hours, r.actual_hours, r.get("client")) for r in h.records] == [
        ("Data migration", 10, 12, "Contoso")
    ]


def test_two_synonyms_of_one_column_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "category,estimate,planned hours,actual\nA,1,2,3\n")
    with pytest.raises(HistoryError, match="could all be 'estimated_hours'"):
        load_history(path)


def test_excel_sep_line_sets_the_delimiter_and_keeps_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "sep=;\ncategory;estimated_hours;actual_hours\nA;2;3\nA;0;3\n")
    h = load_history(path)
    assert h.delimiter == ";"
    assert [r.line for r in h.records] == [3]
    assert [p.line for p in h.problems] == [4]


def test_cp1252_fallback(tmp_path: Path) -> None:
    path = write(tmp_path, "category,estimated_hours,actual_hours\nRéunion café,10,12\n", encoding="cp1252")
    h = load_history(path)
    assert h.encoding == "cp1252"
    assert h.records[0].category == "Réunion café"


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffcategory\testimated_hours\tactual_hours\nA\t4\t5\n", encoding="utf-16-le")
    h = load_history(path)
    assert (h.encoding, h.delimiter, h.records[0].actual_hours) == ("utf-16", "\t", 5)


def test_undecodable_bytes_are_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"category,estimated_hours,actual_hours\nA\x81\x8d,1,2\n")
    with pytest.raises(HistoryError, match=r"not UTF-8 .* not Windows-1252"):
        load_history(path)


@pytest.mark.parametrize(
    ("content", "match"),
    [(b"", "is empty"), (b"\n\n  \n", "is empty"), (b"PK\x03\x04rest-of-zip", "Excel workbook")],
)
def test_unusable_files(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(content)
    with pytest.raises(HistoryError, match=match):
        load_history(path)


def test_missing_file_is_a_history_error(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="cannot read"):
        load_history(tmp_path / "nope.csv")


def test_header_only_file_has_no_records(tmp_path: Path) -> None:
    h = load_history(write(tmp_path, "category,estimated_hours,actual_hours\n"))
    assert h.records == () and calibrate(h) == []


def test_trailing_empty_cells_are_not_extra_fields(tmp_path: Path) -> None:
    h = load_history(write(tmp_path, "category;estimated_hours;actual_hours\nA;1;2;;\n"))
    assert len(h.records) == 1 and h.problems == ()


def test_zero_actual_is_data_but_zero_estimate_is_not(tmp_path: Path) -> None:
    h = load_history(write(tmp_path, "category,estimated_hours,actual_hours\nA,10,0\nA,0,10\nA,0.0,0\n"))
    assert [(r.line, r.ratio) for r in h.records] == [(2, 0.0)]
    assert [p.line for p in h.problems] == [3, 4]


@pytest.mark.parametrize(
    ("text", "decimal_comma", "expected"),
    [
        ("12", False, 12.0),
        ("12,5", True, 12.5),
        ("12,5", False, 12.5),  # a single comma that cannot be a thousands separator
        ("12.5", True, 12.5),
        ("1,200", False, 1200.0),
        ("1,200", True, 1.2),
        ("1.200", True, 1200.0),
        ("1.200", False, 1.2),
        ("1.234.567", False, 1234567.0),
        ("1.200,5", False, 1200.5),
        ("1,200.5", True, 1200.5),
        ("1 200", True, 1200.0),
        ("1\u00a0200,25", True, 1200.25),
        ("12 h", False, 12.0),
        ("7.5hrs", False, 7.5),
        ("-3", False, -3.0),
        ("1,2,3", False, None),
        ("1.2,3.4", False, None),
        ("abc", False, None),
        ("nan", False, None),
        ("inf", False, None),
        ("", False, None),
        ("-", False, None),
    ],
)
def test_parse_number(text: str, decimal_comma: bool, expected: float | None) -> None:
    assert parse_number(text, decimal_comma=decimal_comma) == expected


def test_where_filters_on_other_columns() -> None:
    h = load_history(HISTORY / "normal.csv")
    qa = h.where(role="qa analyst")
    assert {r.category.casefold().strip() for r in qa.records} == {"testing"}
    assert len(qa.records) == 12
    two = h.where(project=["P01", "P02"])
    assert len(two.records) == 8
    with pytest.raises(KeyError, match="no column 'client'"):
        h.where(client="Contoso")


# --------------------------------------------------------------------------- statistics


def test_percentile_matches_a_hand_computation() -> None:
    xs = [1.5, 1.1, 2.0, 1.3]  # sorted: 1.1 1.3 1.5 2.0
    # h = (4 - 1) * 0.8 = 2.4 -> x[2] + 0.4 * (x[3] - x[2]) = 1.5 + 0.4 * 0.5 = 1.7
    assert percentile(xs, 0.8) == pytest.approx(1.7)
    # h = 1.5 -> (1.3 + 1.5) / 2
    assert percentile(xs, 0.5) == pytest.approx(1.4)
    assert percentile(xs, 0.0) == 1.1 and percentile(xs, 1.0) == 2.0
    assert percentile([3.0], 0.8) == 3.0
    # Same as the standard library's inclusive (type 7) quantiles.
    data = [0.8, 1.0, 1.0, 1.1, 1.2, 1.5, 1.7, 2.4, 0.95]
    assert percentile(data, 0.8) == pytest.approx(statistics.quantiles(data, n=5, method="inclusive")[3])
    assert percentile(data, 0.5) == pytest.approx(statistics.median(data))
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_calibrate_normal_fixture() -> None:
    cal = by_name(calibrate(load_history(HISTORY / "normal.csv")))
    # "DATA  migration" and "testing" rows fold into the first spelling met.
    assert list(cal) == ["Dashboards", "Data migration", "Testing", "Training"]
    dm = cal["Data migration"]
    # Ratios 1.10 1.20 1.25 1.30 1.40 1.50 1.54 1.60 1.71 1.71 1.90 2.10:
    # median (1.50 + 1.54) / 2 = 1.52; p80 h = 11 * 0.8 = 8.8 -> 1.71 + 0.8 * 0 = 1.71.
    assert (dm.n, dm.projects, dm.enough) == (12, 12, True)
    assert dm.median_ratio == pytest.approx(1.52)
    assert dm.p80_ratio == pytest.approx(1.71)
    # Dashboards 0.90 0.95 1.00 1.05 1.10 1.10 1.15 1.20 1.30 1.40: p80 h = 7.2 -> 1.20 + 0.2 * 0.10.
    assert cal["Dashboards"].median_ratio == pytest.approx(1.10)
    assert cal["Dashboards"].p80_ratio == pytest.approx(1.22)
    # Training 0.80 1.00 1.00 1.10 1.20 1.50: median 1.05, p80 h = 4 -> 1.20.
    assert (cal["Training"].n, cal["Training"].median_ratio) == (6, pytest.approx(1.05))
    assert cal["Training"].p80_ratio == pytest.approx(1.20)


def test_too_few_records() -> None:
    h = load_history(HISTORY / "normal.csv")
    cal = by_name(calibrate(h, min_records=7))
    assert not cal["Training"].enough and cal["Testing"].enough
    # A category with too few records gives no advice, however far over it ran.
    assert advice(10, cal["Training"], threshold=0.0) is None
    semicolon = by_name(calibrate(load_history(HISTORY / "bom-semicolon.csv")))
    assert semicolon["Build"].n == 1 and not semicolon["Build"].enough
    # Design: 1.00 1.25 1.25 1.25 1.50 -> median 1.25, p80 h = 3.2 -> 1.25 + 0.2 * 0.25.
    assert semicolon["Design"].enough
    assert semicolon["Design"].p80_ratio == pytest.approx(1.30)
    with pytest.raises(ValueError):
        calibrate(h, min_records=0)


def test_mapping_folds_synonym_categories(tmp_path: Path) -> None:
    rows = ["category,estimated_hours,actual_hours"]
    rows += [f"Migration,10,{v}" for v in (11, 12, 13)]
    rows += [f"data conversion,10,{v}" for v in (14, 15)]
    rows += ["Dashboards,10,10"]
    h = load_history(write(tmp_path, "\n".join(rows) + "\n"))
    mapping = {"data migration": ["migration", "Data Conversion"]}
    cal = by_name(calibrate(h, mapping=mapping))
    assert set(cal) == {"Data migration", "Dashboards"}
    assert (cal["Data migration"].n, cal["Data migration"].enough) == (5, True)
    assert cal["Data migration"].median_ratio == pytest.approx(1.3)
    assert cal["Data migration"].projects is None  # no project column


def test_mapping_conflicts_are_rejected() -> None:
    with pytest.raises(ValueError, match="two categories"):
        synonym_index({"a": ["x"], "b": ["x"]})
    with pytest.raises(ValueError, match="category of its own"):
        synonym_index({"a": ["b"], "b": ["c"]})
    assert synonym_index({"Data  Migration": "Migration"}) == {"migration": "data migration"}


# --------------------------------------------------------------------------- matching


@pytest.fixture
def normal_calibrations() -> list[Calibration]:
    """Calibrations of the normal fixture."""
    return calibrate(load_history(HISTORY / "normal.csv"))


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Data migration", "Data migration"),
        ("  DATA   MIGRATION ", "Data migration"),
        ("Phase 2 - Data migration", "Data migration"),
        ("S3: data migration (legacy CRM)", "Data migration"),
        ("Testing", "Testing"),
        ("User acceptance testing", "Testing"),
        ("Migration", None),  # only part of the category's words
        ("Migration of data", None),  # words out of order
        ("Dashboard build", None),  # no stemming: Dashboard is not Dashboards
        ("Testing of dashboards", None),  # two categories, neither contains the other
        ("Project management", None),  # unknown category
        ("Retesting", None),  # whole words only
    ],
)
def test_match_category(normal_calibrations: list[Calibration], label: str, expected: str | None) -> None:
    found = match_category(label, normal_calibrations)
    assert (found.name if found else None) == expected


def test_match_prefers_the_category_that_contains_the_others(tmp_path: Path) -> None:
    rows = ["category,estimated_hours,actual_hours", "Testing,1,1", "Data migration testing,1,1"]
    cal = calibrate(load_history(write(tmp_path, "\n".join(rows) + "\n")))
    found = match_category("Phase 3 data migration testing", cal)
    assert found is not None and found.name == "Data migration testing"


def test_match_uses_mapping_synonyms(normal_calibrations: list[Calibration]) -> None:
    mapping = {"Data migration": ["Data Engineer", "data conversion"], "Testing": "QA Analyst"}
    engineer = match_category("data engineer", normal_calibrations, mapping)
    analyst = match_category("QA Analyst", normal_calibrations, mapping)
    assert engineer is not None and engineer.name == "Data migration"
    assert analyst is not None and analyst.name == "Testing"
    # Synonyms take part in the whole-word fallback too.
    found = match_category("Phase 1 - Data conversion", normal_calibrations, mapping)
    assert found is not None and found.name == "Data migration"
    # A synonym of a category the history does not have finds nothing.
    assert match_category("PM", normal_calibrations, {"Project management": ["PM"]}) is None


# --------------------------------------------------------------------------- advice


def test_advice_message_in_the_issue_style(normal_calibrations: list[Calibration]) -> None:
    dm = match_category("Data migration", normal_calibrations)
    result = advice(120, dm)
    assert result is not None
    assert result.message == (
        "Data migration: 120 h estimated; 12 past projects ran a median 52% over (p80 71%); plan about 182 h."
    )
    assert result.planned_hours == pytest.approx(182.4)
    # shortfall = (182.4 - 120) / 182.4
    assert result.shortfall == pytest.approx(62.4 / 182.4)
    labelled = advice(12.5, dm, label="Phase 2 - Data migration")
    assert labelled is not None
    assert labelled.message.startswith("Phase 2 - Data migration: 12.5 h estimated;")
    assert labelled.message.endswith("plan about 19 h.")  # 12.5 * 1.52 = 19.0


def test_advice_threshold_formula(normal_calibrations: list[Calibration]) -> None:
    cal = by_name(normal_calibrations)
    # Fires when median > 1 / (1 - threshold): Testing's median 1.225 passes 15% (1.176) but not 20% (1.25).
    assert advice(100, cal["Testing"], threshold=0.15) is not None
    assert advice(100, cal["Testing"], threshold=0.20) is None
    # Dashboards' median 1.10 is 10% over: (110 - 100) / 110 = 9.1% shortfall, below 15%.
    assert advice(100, cal["Dashboards"]) is None
    assert advice(100, cal["Dashboards"], threshold=0.09) is not None
    # The estimate itself cancels out of the test; only a positive number is required.
    assert advice(1, cal["Data migration"]) is not None and advice(10_000, cal["Data migration"]) is not None
    assert advice(0, cal["Data migration"]) is None
    assert advice(-5, cal["Data migration"]) is None
    assert advice(100, None) is None
    with pytest.raises(ValueError):
        advice(100, cal["Testing"], threshold=1.0)


def test_advice_counts_records_and_projects_separately(tmp_path: Path) -> None:
    rows = ["project,category,estimated_hours,actual_hours"]
    rows += [f"P{i % 3},Build,10,{v}" for i, v in enumerate((20, 20, 20, 20, 20))]
    cal = calibrate(load_history(write(tmp_path, "\n".join(rows) + "\n")))
    result = advice(10, cal[0])
    assert result is not None
    assert result.message == (
        "Build: 10 h estimated; 5 past records from 3 projects ran a median 100% over (p80 100%); "
        "plan about 20 h."
    )


# --------------------------------------------------------------------------- renderers


def test_markdown_golden() -> None:
    h = load_history(HISTORY / "bom-semicolon.csv")
    assert render_markdown(calibrate(h)) == (
        "| Category | Records | Median ratio | P80 ratio | Enough data |\n"
        "|---|---:|---:|---:|---|\n"
        "| Build | 1 | 1.20 (+20%) | 1.20 (+20%) | no |\n"
        "| Design | 5 | 1.25 (+25%) | 1.30 (+30%) | yes |\n"
        "\n"
        "Ratio = actual hours / estimated hours; p80 = 80th percentile (linear interpolation).\n"
    )


def test_markdown_lists_skipped_rows_and_escapes_pipes(tmp_path: Path) -> None:
    h = load_history(write(tmp_path, "category,estimated_hours,actual_hours\nA | B,2,3\nC,x,1\n"))
    text = render_markdown(calibrate(h), problems=h.problems)
    assert "| A \\| B | 1 | 1.50 (+50%) | 1.50 (+50%) | no |" in text
    assert text.endswith("Skipped 1 row:\n\n- line 3: estimated_hours 'x' is not a number\n")


def test_json_fields(tmp_path: Path) -> None:
    h = load_history(HISTORY / "bad-rows.csv")
    data = json.loads(render_json(calibrate(h, min_records=3), problems=h.problems))
    (testing,) = data["categories"]
    assert set(testing) >= {"category", "n", "median_ratio", "p80_ratio", "enough"}
    # Records: 12/10, 25/20, 18/15, 33/30 -> 1.1 1.2 1.2 1.25; median 1.2, p80 h = 2.4 -> 1.2 + 0.4 * 0.05.
    assert testing == {
        "category": "Testing",
        "n": 4,
        "median_ratio": 1.2,
        "p80_ratio": 1.22,
        "mean_ratio": 1.1875,
        "enough": True,
        "projects": None,
    }
    assert [p["line"] for p in data["problems"]] == [5, 6, 7, 8, 9, 10, 12, 15]


def test_text_has_table_chart_and_problems() -> None:
    h = load_history(HISTORY / "bad-rows.csv")
    text = render_text(calibrate(h), problems=h.problems)
    assert "Testing" in text and "1.20 (+20%)" in text and "Enough data" in text
    assert "Skipped 8 rows:" in text and "line 15:" in text
    assert "\x1b[" not in text  # plain text, no terminal codes


def test_chart_bars_scale_with_the_ratios(normal_calibrations: list[Calibration]) -> None:
    lines = chart_lines(normal_calibrations, width=30)
    bars = {}
    current = ""
    for line in lines[:-1]:
        name, rest = line[:14].strip(), line[14:]
        current = name or current
        label, bar = rest.split()[0], rest.split()[1]
        bars[(current, label)] = bar
    # The largest ratio (Data migration p80 1.71) fills the width; ratio 1 is 30 / 1.71 = 18 cells.
    assert len(bars[("Data migration", "p80")]) == 30
    assert bars[("Data migration", "median")] == "█" * 18 + "▓" * 9  # 1.52 / 1.71 * 30 = 26.7 -> 27
    assert len(bars[("Dashboards", "median")]) < len(bars[("Dashboards", "p80")])
    assert lines[-1].startswith("█ within estimate")


def test_chart_shows_under_runs(tmp_path: Path) -> None:
    h = load_history(write(tmp_path, "category,estimated_hours,actual_hours\nQuick,10,5\n"))
    lines = chart_lines(calibrate(h), width=10)
    assert lines[0].split()[2] == "█" * 5 + "░" * 5
    assert "(too few: 1)" in lines[0]


# --------------------------------------------------------------------------- the example history


def _effort_lines(path: Path) -> list[tuple[str, float]]:
    """(role, hours) from the pricing table of a markdown SOW read by the real reader."""
    doc = parse_markdown(path.read_text(encoding="utf-8"), str(path))
    out: list[tuple[str, float]] = []
    for block in doc.all_blocks():
        if isinstance(block, Table) and "Hours" in block.header:
            role_col, hours_col = block.header.index("Role"), block.header.index("Hours")
            for row in block.rows:
                hours = parse_number(row.cells[hours_col].text)
                if hours:
                    out.append((row.cells[role_col].text, hours))
    return out


def test_example_history_flags_only_the_data_engineering_line() -> None:
    h = load_history(EXAMPLES / "history" / "delivery-history.csv")
    assert h.problems == () and 30 <= len(h.records) <= 60
    cal = calibrate(h)
    assert {c.name for c in cal if c.enough} == {
        "Discovery",
        "Data migration",
        "Dashboards",
        "Testing",
        "Project management",
    }
    assert not by_name(cal)["Training"].enough
    mapping = {
        "Project management": ["Engagement Manager"],
        "Discovery": ["Solution Architect"],
        "Data migration": ["Data Engineer"],
        "Dashboards": ["Analytics Engineer"],
        "Testing": ["QA Analyst"],
    }
    lines = _effort_lines(EXAMPLES / "complete-sow.md")
    assert [role for role, _ in lines] == [
        "Engagement Manager",
        "Solution Architect",
        "Data Engineer",
        "Analytics Engineer",
        "QA Analyst",
    ]
    flagged = {}
    for role, hours in lines:
        result = advice(hours, match_category(role, cal, mapping), label=role)
        if result:
            flagged[role] = result.message
    assert list(flagged) == ["Data Engineer"]
    assert flagged["Data Engineer"].startswith("Data Engineer: 640 h estimated; 8 past projects ran a median")
    # Without the mapping the roles match no work category.
    assert all(match_category(role, cal) is None for role, _ in lines)
