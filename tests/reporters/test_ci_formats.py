"""GitHub workflow commands, JUnit XML, GitLab Code Quality, the markdown comment and --statistics,
read back the way their consumers read them and compared with the report they came from."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from markdown_it import MarkdownIt

from sowlint.engine import Engine, FileResult, Registry, Settings
from sowlint.findings import Severity
from sowlint.readers.markdown import parse_markdown
from sowlint.reporters import Report, github, gitlab, junit, markdown
from sowlint.reporters.statistics import render_statistics, render_statistics_json, statistics
from tests.conftest import EXAMPLES, FIXTURES
from tests.reporters.conftest import SELECTED, make_report

#: A SOW whose empty headings put %, comma, colon, pipe, backtick, HTML, $ and markdown
#: punctuation into finding messages.
AWKWARD_MD = (
    "# SOW\n\n## Scope\n\nThe vendor builds it.\n\n"
    "## Fees: 100%, net | 30 \\`days\\` &lt;b&gt; $5 [TBD]\n\n"
    "## Assumptions \\*y\\* \\_u\\_ ~z~ \\\\ a&amp;b\n\n"
    "## Term\n\nOne year.\n"
)
AWKWARD_PATH = "drafts/Q3 50%, v2: final.md"


def _engine(registry: Registry, select: tuple[str, ...] = SELECTED) -> Engine:
    return Engine(registry=registry, settings=Settings(select=select))


def awkward_result(registry: Registry) -> FileResult:
    """The awkward SOW checked as the file ``AWKWARD_PATH``."""
    done = _engine(registry).run_document(parse_markdown(AWKWARD_MD, AWKWARD_PATH))
    assert len(done.findings) >= 3, "the awkward SOW must produce findings to test escaping"
    return FileResult(path=AWKWARD_PATH, format="markdown", findings=done.findings, profile=done.profile)


# --- GitHub -----------------------------------------------------------------------------------

_COMMAND_RE = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def _unescape(text: str) -> str:
    for raw, esc in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")):
        text = text.replace(esc, raw)
    return text


def parse_github(text: str) -> list[tuple[str | None, str, dict[str, str], str]]:
    """(group, kind, properties, message) per annotation, as the Actions runner would read them."""
    out: list[tuple[str | None, str, dict[str, str], str]] = []
    group: str | None = None
    for line in text.splitlines():
        if line.startswith("::group::"):
            assert group is None, "groups do not nest"
            group = _unescape(line[len("::group::") :])
        elif line == "::endgroup::":
            assert group is not None
            group = None
        elif line.startswith("::"):
            m = _COMMAND_RE.match(line)
            assert m, f"not a workflow command: {line!r}"
            props = dict(p.split("=", 1) for p in m["props"].split(","))
            out.append((group, m["kind"], {k: _unescape(v) for k, v in props.items()}, _unescape(m["msg"])))
    assert group is None, "every group is closed"
    return out


def test_github_annotates_every_finding_in_its_file_group(report: Report, registry: Registry) -> None:
    text = github.render(report, registry)
    annotations = parse_github(text)
    assert len(annotations) == len(report.findings)
    kind = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    for (group, k, props, msg), f in zip(annotations, report.findings, strict=True):
        assert group == props["file"] == f.path
        assert k == kind[f.severity]
        assert props["title"] == f"{f.code} {f.name}"
        assert msg.startswith(f.message)
        if f.location.line is None:
            assert "line" not in props and "col" not in props
            if f.location.section:  # docx, pdf: the page or paragraph and the section go in the message
                assert msg.endswith(f"({f.location.describe()})")
        else:
            assert props["line"] == str(f.location.line)
            assert msg == f.message + (f" (x{f.count})" if f.count > 1 else "")
    grouped = [line[len("::group::") :] for line in text.splitlines() if line.startswith("::group::")]
    assert grouped == [r.path for r in report.results if r.findings]
    assert text.splitlines()[-1].startswith(f"{len(report.findings)} findings")


def test_github_escapes_properties_and_messages(registry: Registry) -> None:
    result = awkward_result(registry)
    text = github.render(make_report([result]), registry)
    assert "::group::drafts/Q3 50%25, v2: final.md" in text  # group titles are data, not properties
    assert "file=drafts/Q3 50%25%2C v2%3A final.md," in text
    annotations = parse_github(text)
    assert [a[2]["file"] for a in annotations] == [AWKWARD_PATH] * len(result.findings)
    assert [a[3] for a in annotations] == [f.message for f in result.findings]
    assert any("100%25, net" in line for line in text.splitlines())
    assert github.escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


# --- JUnit ------------------------------------------------------------------------------------


def test_junit_suites_cases_and_totals(report: Report, registry: Registry) -> None:
    root = ET.fromstring(junit.render(report, registry))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.path for r in report.results]
    for suite, result in zip(suites, report.results, strict=True):
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases) == max(len(result.findings), 1)
        failing = [f for f in result.findings if f.severity.rank >= report.fail_on.rank]
        assert int(suite.get("failures", "-1")) == len(failing) == len(suite.findall("testcase/failure"))
        for case, f in zip(cases[: len(result.findings)], result.findings, strict=True):
            assert case.get("name") == f"{f.code} {f.name} @ {f.location.describe()}"
            assert case.get("classname") == case.get("file") == result.path
            failure = case.find("failure")
            assert failure is not None and failure.get("type") == f.code
            assert failure.get("message") == f.message
            assert f.message in (failure.text or "")
        if not result.findings:
            assert cases[0].find("failure") is None and cases[0].find("error") is None
    for key in ("tests", "failures", "errors"):
        assert int(root.get(key, "-1")) == sum(int(s.get(key, "0")) for s in suites)
    assert any(not r.findings and r.error is None for r in report.results), "a passing file is covered"


def test_junit_findings_below_fail_on_pass(report: Report, registry: Registry) -> None:
    lenient = make_report(report.results, fail_on=Severity.ERROR)
    root = ET.fromstring(junit.render(lenient, registry))
    warnings = [f for f in lenient.findings if f.severity is Severity.WARNING]
    assert warnings
    errors = [f for f in lenient.findings if f.severity is Severity.ERROR]
    assert int(root.get("failures", "-1")) == len(errors)
    passed_out = [c.findtext("system-out") or "" for c in root.iter("testcase") if c.find("failure") is None]
    assert sum(1 for out in passed_out if out.startswith("warning ")) == len(warnings)


def test_junit_unreadable_file_without_sow001_is_an_error(registry: Registry) -> None:
    engine = _engine(registry, select=tuple(c for c in SELECTED if c != "SOW001"))
    shown = "tests/fixtures/docx/truncated.docx"
    result = engine.check_file(FIXTURES / "docx" / "truncated.docx", shown)
    assert result.error and not result.findings
    root = ET.fromstring(junit.render(make_report([result]), registry))
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message") == result.error
    assert root.get("errors") == "1" and root.get("failures") == "0"


def test_junit_survives_control_characters(registry: Registry) -> None:
    shown = "odd\x07name.md"  # a legal file name on POSIX, illegal in XML 1.0
    result = _engine(registry).check_file(EXAMPLES / "deficient-sow.md", shown)
    root = ET.fromstring(junit.render(make_report([result]), registry))
    assert root.find("testsuite").get("name") == "odd\ufffdname.md"  # type: ignore[union-attr]


# --- GitLab -----------------------------------------------------------------------------------


def test_gitlab_code_quality_issues(report: Report, registry: Registry) -> None:
    issues = json.loads(gitlab.render(report, registry))
    assert isinstance(issues, list) and len(issues) == len(report.findings)
    sev = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
    for issue, f in zip(issues, report.findings, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == f.code
        assert issue["severity"] == sev[f.severity]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"] == {"path": f.path, "lines": {"begin": f.location.line or 1}}
        assert f.message in issue["description"]
        if f.location.line is None and f.location.section:
            assert issue["description"].endswith(f"({f.location.describe()})")
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_unique_across_files_with_equal_findings(registry: Registry) -> None:
    engine = _engine(registry)
    a = engine.check_file(EXAMPLES / "deficient-sow.md", "a/sow.md")
    b = engine.check_file(EXAMPLES / "deficient-sow.md", "b/sow.md")
    assert [f.fingerprint for f in a.findings] == [f.fingerprint for f in b.findings]
    issues = json.loads(gitlab.render(make_report([a, b]), registry))
    assert len({i["fingerprint"] for i in issues}) == len(a.findings) + len(b.findings)


# --- markdown ---------------------------------------------------------------------------------

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def table_rows(text: str) -> list[list[str]]:
    """Body rows of every table, split on unescaped pipes."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith(("| Severity", "| ---")):
            rows.append([c.strip() for c in _CELL_SPLIT.split(line)[1:-1]])
    return rows


def test_markdown_lists_every_finding_with_its_place(report: Report, registry: Registry) -> None:
    text = markdown.render(report, registry)
    rows = table_rows(text)
    assert len(rows) == len(report.findings) <= markdown.MAX_ROWS
    for row, f in zip(rows, report.findings, strict=True):
        assert row[0] == f.severity.value
        assert row[2] == f"`{f.code}` {f.name}"
    assert "**Result: failed**" in text
    for result in report.results:
        if len(result.findings) > markdown.COLLAPSE_AT:
            assert f"<summary><code>{result.path}</code>: {len(result.findings)} findings</summary>" in text
        elif result.findings:
            assert f"### `{result.path}`: {len(result.findings)} finding" in text


def test_markdown_caps_rows_and_says_how_many_more(report: Report, registry: Registry) -> None:
    text = markdown.render(report, registry, max_rows=20)
    assert len(table_rows(text)) == 20
    hidden = len(report.findings) - 20
    assert f"…and {hidden} more findings not shown (this comment lists the first 20)." in text
    first, second = [r for r in report.results if r.findings][:2]
    assert len(first.findings) < 20 < len(first.findings) + len(second.findings), "the cap falls in file 2"
    assert f"…and {len(first.findings) + len(second.findings) - 20} more in this file." in text
    unlisted = [r for r in report.results if r.findings][2:]
    for r in unlisted:
        assert f"- `{r.path}`: {len(r.findings)} finding" in text


def test_markdown_escapes_document_text(registry: Registry) -> None:
    result = awkward_result(registry)
    text = markdown.render(make_report([result]), registry)
    rows = table_rows(text)
    assert len(rows) == len(result.findings)
    assert all(len(row) == 4 for row in rows), "a pipe in document text split a table cell"
    assert "&lt;b&gt;" in text and "<b>" not in text
    assert "\\$5" in text and "\\`days\\`" in text and "\\[TBD\\]" in text
    assert "\\*y\\* \\_u\\_ \\~z\\~ \\\\ a&amp;b" in text
    assert "<summary><code>drafts/Q3 50%, v2: final.md</code>: " in text
    html = MarkdownIt("commonmark").enable("table").render(text)  # as a comment viewer renders it
    body = html.split("<tbody>", 1)[1]
    assert body.count("<tr>") == len(result.findings) and body.count("<td>") == 4 * len(result.findings)
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "'Fees: 100%, net | 30 `days` &lt;b&gt; $5 [TBD]' is empty" in html


def test_markdown_without_findings(registry: Registry) -> None:
    result = _engine(registry).check_file(EXAMPLES / "complete-sow.md", "examples/complete-sow.md")
    if result.findings:
        pytest.skip("the complete example has findings under the fixed rule set")
    text = markdown.render(make_report([result]), registry)
    assert "**Result: passed.**" in text and "No findings in 1 file." in text
    assert table_rows(text) == []


# --- statistics -------------------------------------------------------------------------------


def test_statistics_count_per_rule(report: Report) -> None:
    stats = statistics(report)
    expected = Counter(f.code for f in report.findings)
    assert {s["code"]: s["count"] for s in stats} == dict(expected)
    assert [s["code"] for s in stats] == sorted(expected, key=lambda c: (-expected[c], c))
    names = {f.code: f.name for f in report.findings}
    assert all(s["name"] == names[s["code"]] for s in stats)
    lines = render_statistics(report).splitlines()
    assert [line.split() for line in lines] == [[str(s["count"]), s["code"], s["name"]] for s in stats]
    assert json.loads(render_statistics_json(report)) == stats


def test_statistics_of_no_findings() -> None:
    empty = Report(results=[], fail_on=Severity.WARNING, exit_code=2)
    assert render_statistics(empty) == "No findings.\n"
    assert json.loads(render_statistics_json(empty)) == []
