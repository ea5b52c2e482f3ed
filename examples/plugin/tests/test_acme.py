"""The sowlint-acme rules, tested with sowlint's public harness (sowlint.testing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sowlint_acme import RULES_DIR, DeliveryLeadRule, rules
from sowlint_acme.delivery_lead import find_amounts

from sowlint.declarative import load_rule_dir
from sowlint.testing import Case, assert_case, assert_examples, case_params, check

CASES = Path(__file__).resolve().parent / "cases"


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case: Case) -> None:
    assert_case(case, rules=rules())


@pytest.mark.parametrize("rule", [DeliveryLeadRule, *load_rule_dir(RULES_DIR)], ids=lambda r: r.code)
def test_documented_examples(rule: type) -> None:
    assert_examples(rule)


@pytest.mark.parametrize(
    ("written", "currency", "value"),
    [
        ("USD 300,000", "USD", 300_000),
        ("$300,000", "USD", 300_000),
        ("$1.2M", "USD", 1_200_000),
        ("EUR 300.000", "EUR", 300_000),
        ("€1,250,000.00", "EUR", 1_250_000),
        ("GBP 2.5 million", "GBP", 2_500_000),
        ("$250k", "USD", 250_000),
        ("EUR 1.234,56", "EUR", 1_234.56),
    ],
)
def test_money_parsing(written: str, currency: str, value: float) -> None:
    found = [(c, v) for c, v, _ in find_amounts(f"The fee is {written}.")]
    assert found == [(currency, pytest.approx(value))]


def test_unknown_currency_option_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown currency 'XYZ'"):
        check("## Fees\n\nThe fee is USD 300,000.\n", rules=rules(), options={"ACME101": {"currency": "XYZ"}})


def test_rules_returns_a_class_and_the_shipped_yaml_folder() -> None:
    found = rules()
    assert DeliveryLeadRule in found
    assert [r.code for r in load_rule_dir(RULES_DIR)] == ["ACME102"]
