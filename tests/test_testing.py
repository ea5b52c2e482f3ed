"""The public rule-test harness (sowlint.testing): markers, check(), case files, examples."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import ConfigDict

from sowlint.config import ConfigError
from sowlint.engine import Registry, builtin_registry
from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Document, Paragraph
from sowlint.testing import (
    Case,
    CaseFileError,
    Expected,
    assert_case,
    assert_examples,
    case_params,
    check,
    check_file,
    load_cases,
    parse_markers,
)
from tests.conftest import EXAMPLES


class LongParagraphOptions(RuleOptions):
    """Options of the test rule (kebab-case keys, as in a configuration file)."""

    model_config = ConfigDict(
        extra="forbid", alias_generator=lambda n: n.replace("_", "-"), populate_by_name=True
    )

    max_words: int = 12


class LongParagraphRule(Rule):
    """A test rule: paragraphs longer than ``max-words`` words."""

    code = "TST001"
    name = "long-paragraph"
    severity = Severity.INFO
    summary = "A paragraph is too long."
    why = "Test rule."
    Options = LongParagraphOptions
    fail_examples: ClassVar[tuple[str, ...]] = ("## Scope\n\n" + "word " * 20 + "\n",)
    pass_examples: ClassVar[tuple[str, ...]] = ("## Scope\n\nShort and clear.\n",)
    options: LongParagraphOptions

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per paragraph over the word limit."""
        for block in doc.all_blocks():
            if isinstance(block, Paragraph) and len(block.text.split()) > self.options.max_words:
                yield Hit(node=block, message=f"{len(block.text.split())} words")


class BrokenExamplesRule(LongParagraphRule):
    """The same rule with a pass example that fails and a fail example that passes."""

    code = "TST002"
    name = "broken-examples"
    fail_examples: ClassVar[tuple[str, ...]] = ("## Scope\n\nShort.\n",)
    pass_examples: ClassVar[tuple[str, ...]] = ("## Scope\n\n" + "word " * 20 + "\n",)


LONG = "The vendor will migrate forty reports from the legacy warehouse to the new platform in phase one."


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- markers ----------------------------------------------------------------------------------


def test_parse_markers_strips_markers_and_keeps_lines() -> None:
    text = "## Parties\n\nBetween Northwind and [Client Name]. {SOW112}\nPlain line.\n"
    text += "Two here {SOW112, SOW201}\n"
    clean, expected = parse_markers(text)
    assert clean == "## Parties\n\nBetween Northwind and [Client Name].\nPlain line.\nTwo here\n"
    assert expected == [Expected(3, "SOW112"), Expected(5, "SOW112"), Expected(5, "SOW201")]


def test_parse_markers_repeat_and_count() -> None:
    clean, expected = parse_markers("a {SOW112 x2}\nb {SOW112 count=3}\r\nc\n")
    assert clean == "a\nb\r\nc\n"
    assert expected == [Expected(1, "SOW112"), Expected(1, "SOW112"), Expected(2, "SOW112", 3)]


def test_parse_markers_leaves_other_braces_alone() -> None:
    text = "The {{ buy.agency.name }} portal\n{SOW112} at the start is text\n{Insert date}\n"
    clean, expected = parse_markers(text)
    assert clean == text
    assert expected == []


# -- check() ------------------------------------------------------------------------------------


def test_check_markdown_locates_the_line() -> None:
    found = check("## Parties\n\nThis SOW is between Northwind\nand [Client Name].\n", select=["SOW112"])
    assert [(f.code, f.location.line, f.excerpt) for f in found] == [("SOW112", 4, "[Client Name]")]


def test_check_text_and_yaml_use_their_readers() -> None:
    text_found = check("PARTIES\n\nBetween Northwind and [Client Name].\n", select=["SOW112"], fmt="text")
    assert [(f.location.line, f.path) for f in text_found] == [(3, "case.txt")]
    yaml_text = "title: Portal SOW\nscope:\n  summary: Build the portal for [Client Name].\n"
    yaml_found = check(yaml_text, select=["SOW112"], fmt="yaml")
    assert [(f.location.line, f.path) for f in yaml_found] == [(3, "case.yaml")]


def test_check_unknown_format() -> None:
    with pytest.raises(ValueError, match=r"^unknown format"):
        check("x", fmt="rtf")


def test_check_without_selection_runs_the_default_rules() -> None:
    codes = {f.code for f in check("## Scope\n\nWe build the portal.\n")}
    assert {"SOW101", "SOW105"} <= codes
    assert "SOW113" not in codes  # off by default


def test_check_registers_extra_rules_and_selects_them() -> None:
    found = check(f"## Scope\n\n{LONG}\n\nShort one.\n", rules=[LongParagraphRule])
    assert [(f.code, f.location.line) for f in found] == [("TST001", 3)]  # no built-in rule ran


def test_check_options_apply_like_the_rules_table() -> None:
    text = f"## Scope\n\n{LONG}\n"
    assert check(text, rules=[LongParagraphRule], options={"TST001": {"max_words": 40}}) == []
    assert len(check(text, rules=[LongParagraphRule], options={"TST001": {"max-words": 5}})) == 1


def test_check_bad_option_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"rules\.TST001"):
        check("## Scope\n\nx\n", rules=[LongParagraphRule], options={"TST001": {"max_lines": 3}})


def test_check_with_a_registry_uses_only_it() -> None:
    registry = Registry((LongParagraphRule,))
    found = check(f"## Scope\n\n{LONG} [Client Name]\n", rules=registry)
    assert {f.code for f in found} == {"TST001"}


def test_check_loads_yaml_rules_from_rule_dirs_and_paths(tmp_path: Path) -> None:
    rule = write(
        tmp_path / "TST010.yaml",
        """\
        code: TST010
        name: no-asap
        kind: existence
        message: "Give a date instead of '{match}'."
        tokens: [asap]
        """,
    )
    text = "## Schedule\n\nWe deliver ASAP.\n"
    by_dir = check(text, rule_dirs=[tmp_path], select=["TST010"])
    by_path = check(text, rules=[rule])
    assert [(f.code, f.location.line) for f in by_dir] == [("TST010", 3)]
    assert [(f.code, f.location.line) for f in by_path] == [("TST010", 3)]


def test_check_file_reads_any_format(tmp_path: Path) -> None:
    found = check_file(EXAMPLES / "deficient-sow.docx", select=["SOW112"])
    assert found and {f.code for f in found} == {"SOW112"}
    assert all(f.location.block is not None for f in found)  # docx locates by block, not line
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match=r"broken\.docx: not a Word \.docx file"):
        check_file(bad, select=["SOW112"])
    assert [f.code for f in check_file(bad, select=["SOW001"])] == ["SOW001"]


# -- case files ---------------------------------------------------------------------------------


CASE_FILE = """\
rule: SOW112
cases:
  - name: placeholder flagged
    text: |
      ## Parties

      This SOW is between Northwind and [Client Name]. {SOW112}
  - name: clean text passes
    text: |
      ## Parties

      This SOW is between Northwind and Contoso.
  - name: missing sections are document findings
    document: [SOW101]
    text: |
      ## Scope

      We build the portal for [Client Name]. {SOW112}
"""


def test_load_cases_and_run(tmp_path: Path) -> None:
    cases = load_cases(write(tmp_path / "SOW112.yaml", CASE_FILE))
    assert [c.name for c in cases] == [
        "placeholder flagged",
        "clean text passes",
        "missing sections are document findings",
    ]
    assert cases[2].codes == ("SOW112", "SOW101")
    assert cases[2].expected == [Expected(3, "SOW112"), Expected(None, "SOW101")]
    for case in cases:
        assert_case(case)


def test_wrong_marker_line_fails_with_a_listing() -> None:
    text = "## Parties\n{SOW112}\nBetween Northwind and [Client Name].\n"
    case = Case(name="off by one", rule="SOW112", text=text)
    with pytest.raises(AssertionError) as info:
        assert_case(case)
    message = str(info.value)
    assert "missing (expected but not reported):\n  line 2 SOW112" in message
    assert "unexpected (reported but not expected):\n  line 3 SOW112: Replace the placeholder" in message
    assert "'[Client Name]'" in message


def test_unmarked_finding_fails() -> None:
    case = Case(name="no marker", rule="SOW112", text="## Parties\n\nBetween Northwind and [Client Name].\n")
    with pytest.raises(AssertionError, match="unexpected"):
        case.run()


def test_missing_document_finding_fails() -> None:
    text = "## Assumptions\n\n- Access by 1 March.\n"
    case = Case(name="doc", rule="SOW101", document=("SOW101",), text=text)
    with pytest.raises(AssertionError, match=r"missing .*\n  document SOW101"):
        case.run()


def test_count_is_compared_when_given() -> None:
    text = "## Schedule\n\nThe start date is TBD. {SOW112 count=2}\nGo-live is TBD.\n"
    Case(name="ok", rule="SOW112", text=text).run()
    wrong = Case(name="wrong", rule="SOW112", text=text.replace("count=2", "count=3"))
    with pytest.raises(AssertionError, match=r"line 3 SOW112 \(count 3\)"):
        wrong.run()


def test_repeat_marker_needs_two_findings() -> None:
    text = "## Parties\n\nBetween [Vendor Name] and [Client Name]. {SOW112 x2}\n"
    Case(name="two", rule="SOW112", text=text).run()
    with pytest.raises(AssertionError, match="unexpected"):
        Case(name="one", rule="SOW112", text=text.replace(" x2", "")).run()


def test_companion_rules_run_but_are_not_compared() -> None:
    text = (
        "## Parties\n\n<!-- sowlint-disable-next-line SOW112 -->\n"
        "Between Northwind and [Client Name].\nAnd [Vendor Name].\n"
    )
    # SOW112 runs (so the suppression is used) and its unsuppressed finding on line 5 is not compared
    Case(name="companion", rule="SOW004", select=("SOW004", "SOW112"), text=text).run()
    # without SOW112 running, the comment suppresses nothing of a rule that ran: no SOW004 either
    Case(name="alone", rule="SOW004", text=text).run()


def test_options_in_a_case(tmp_path: Path) -> None:
    body = f"## Scope\n\n{LONG} {{TST001}}\n"
    ok = Case(name="default", rule="TST001", text=body)
    ok.run(rules=[LongParagraphRule])
    relaxed = Case(name="relaxed", rule="TST001", text=body, options={"TST001": {"max-words": 50}})
    with pytest.raises(AssertionError, match="missing"):
        relaxed.run(rules=[LongParagraphRule])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("cases: []\n", "non-empty 'cases'"),
        ("rule: SOW112\ncolour: red\ncases: [{name: a, text: x}]\n", "unknown key"),
        ("cases: [{name: a}]\n", "'text' is required"),
        ("cases: [{text: x}]\n", "'name' is required"),
        ("cases: [{name: a, text: x}, {name: a, text: y}]\n", "repeated: a"),
        ("cases: [{name: a, text: x, expect: [SOW112]}]\n", "unknown key"),
        ("cases: [{name: a, text: x, format: docx}]\n", "'format' must be"),
        ("cases: [{name: a, text: x, xfail: true}]\n", "'xfail' must be the reason"),
        ("cases: [{name: a, text: x, document: 3}]\n", "'document' must be a list"),
    ],
)
def test_malformed_case_files(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(CaseFileError, match=message):
        load_cases(write(tmp_path / "bad.yaml", body))


def test_case_params_ids_and_xfail(tmp_path: Path) -> None:
    write(
        tmp_path / "SOW112.yaml",
        """\
        rule: SOW112
        cases:
          - name: flagged
            text: "## Parties\\n\\nBetween Northwind and [Client Name]. {SOW112}\\n"
          - name: known gap
            xfail: the reader drops it
            text: "## Parties\\n\\nBetween Northwind and <insert client>. {SOW112}\\n"
        """,
    )
    params = case_params(tmp_path / "SOW112.yaml")
    assert [p.id for p in params] == ["flagged", "known gap"]
    assert not params[0].marks
    (mark,) = params[1].marks
    assert mark.name == "xfail" and mark.kwargs["reason"] == "the reader drops it" and mark.kwargs["strict"]
    folder = case_params(tmp_path)
    assert [p.id for p in folder] == ["SOW112::flagged", "SOW112::known gap"]


def test_case_in_text_format(tmp_path: Path) -> None:
    (case,) = load_cases(
        write(
            tmp_path / "c.yaml",
            """\
            rule: SOW112
            format: text
            cases:
              - name: text reader
                text: |
                  PARTIES

                  Between Northwind and [Client Name]. {SOW112}
            """,
        )
    )
    assert case.fmt == "text"
    case.run()


# -- examples and import hygiene ------------------------------------------------------------------


def test_assert_examples_on_builtin_and_custom_rules() -> None:
    assert_examples(builtin_registry().get("SOW112"))  # type: ignore[arg-type]
    assert_examples(builtin_registry().get("SOW004"), companions=("SOW112",))  # type: ignore[arg-type]
    assert_examples(LongParagraphRule)


def test_assert_examples_reports_both_directions() -> None:
    with pytest.raises(AssertionError) as info:
        assert_examples(BrokenExamplesRule)
    assert "fail example did not fire TST002" in str(info.value)
    assert "pass example fired TST002" in str(info.value)


def test_importing_the_harness_does_not_import_pytest() -> None:
    code = "import sys, sowlint.testing; print('pytest' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
