"""Every rule case file in tests/rules/cases/, run through the public harness (sowlint.testing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sowlint.engine import builtin_registry
from sowlint.testing import Case, assert_case, case_files, case_params, load_cases

CASES = Path(__file__).resolve().parent / "cases"
#: Input-level rules: the engine reports them for files it cannot read or see text in, not for text.
INPUT_LEVEL = {"SOW001", "SOW002"}


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case: Case) -> None:
    assert_case(case)


def test_every_rule_has_a_case_file() -> None:
    have = {p.stem for p in case_files(CASES)}
    need = {r.code for r in builtin_registry().rules} - INPUT_LEVEL
    assert not need - have, f"rules without a case file in {CASES}: {sorted(need - have)}"
    assert not have - {r.code for r in builtin_registry().rules}, "case files for no rule"


@pytest.mark.parametrize("path", case_files(CASES), ids=lambda p: p.stem)
def test_case_file_tests_its_rule_both_ways(path: Path) -> None:
    cases = [c for c in load_cases(path) if not c.xfail]
    assert all(c.rule == path.stem for c in cases), f"{path.name}: 'rule' must be {path.stem}"
    fails = [c for c in cases if path.stem in {e.code for e in c.expected}]
    passes = [c for c in cases if path.stem not in {e.code for e in c.expected}]
    assert len(fails) >= 2, f"{path.name}: needs at least two cases where the rule fires"
    assert len(passes) >= 2, f"{path.name}: needs at least two cases where it does not"
