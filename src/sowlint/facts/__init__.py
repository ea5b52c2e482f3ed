"""Commercial facts: the numbers a SOW states, parsed exactly and located, for the SOW4xx rules.

Design: :mod:`~sowlint.facts.numbers` parses money, percentages, durations and dates from text
(exact Decimals, ISO currencies, ``valid=False`` for dates that do not exist);
:mod:`~sowlint.facts.extract` reads a Document -- tables by the roles of their header cells (data
in ``rules/facts.yaml``), prose sentence by sentence -- into :class:`CommercialFacts`, frozen
pydantic models that serialise to JSON for ``sowlint parse``.  Every fact carries its Location, the
row or sentence text (for ``excerpt``) and, not serialised, the node it came from, so a rule yields
``Hit(node=line.node, excerpt=line.text, ...)``.

Names load on first use (PEP 562): ``from sowlint.facts import parse_money`` does not build the
fact models.  python-dateutil is imported on first use too; babel is not used (see
:mod:`sowlint.facts.numbers`).  Rules import this package inside ``check``, not at module level,
and call :func:`facts_for`, which remembers the facts of the last document checked
(:mod:`sowlint.memo`: one strong reference to the last document, compared by identity) so the
SOW4xx rules extract once per document.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sowlint.facts.extract import date_convention, decimal_convention, extract_facts, facts_for
    from sowlint.facts.models import (
        CommercialFacts,
        CurrencyDeclaration,
        DateMention,
        EffortLine,
        EffortTable,
        Fact,
        LineItem,
        Milestone,
        MoneyMention,
        Payment,
        PaymentSchedule,
        Period,
        PricingModel,
        PricingModelMention,
        PricingTable,
        Schedule,
        Staffing,
        StatedAmount,
        StatedDuration,
        TotalLine,
    )
    from sowlint.facts.numbers import (
        HOURS_PER_DAY,
        WORKING_DAYS_PER_MONTH,
        WORKING_DAYS_PER_WEEK,
        WORKING_DAYS_PER_YEAR,
        DateValue,
        Duration,
        Money,
        Percent,
        Quantity,
        add_business_days,
        business_days_between,
        find_dates,
        find_durations,
        find_money,
        find_percents,
        format_amount,
        format_money,
        parse_date,
        parse_duration,
        parse_money,
        parse_number,
        parse_percent,
        parse_quantity,
        to_decimal,
    )

#: Which submodule defines each public name.
_HOME: dict[str, str] = {
    "HOURS_PER_DAY": "numbers",
    "WORKING_DAYS_PER_MONTH": "numbers",
    "WORKING_DAYS_PER_WEEK": "numbers",
    "WORKING_DAYS_PER_YEAR": "numbers",
    "CommercialFacts": "models",
    "CurrencyDeclaration": "models",
    "DateMention": "models",
    "DateValue": "numbers",
    "Duration": "numbers",
    "EffortLine": "models",
    "EffortTable": "models",
    "Fact": "models",
    "LineItem": "models",
    "Milestone": "models",
    "Money": "numbers",
    "MoneyMention": "models",
    "Payment": "models",
    "PaymentSchedule": "models",
    "Percent": "numbers",
    "Period": "models",
    "PricingModel": "models",
    "PricingModelMention": "models",
    "PricingTable": "models",
    "Quantity": "numbers",
    "Schedule": "models",
    "Staffing": "models",
    "StatedAmount": "models",
    "StatedDuration": "models",
    "TotalLine": "models",
    "add_business_days": "numbers",
    "business_days_between": "numbers",
    "date_convention": "extract",
    "decimal_convention": "extract",
    "extract_facts": "extract",
    "facts_for": "extract",
    "find_dates": "numbers",
    "find_durations": "numbers",
    "find_money": "numbers",
    "find_percents": "numbers",
    "format_amount": "numbers",
    "format_money": "numbers",
    "parse_date": "numbers",
    "parse_duration": "numbers",
    "parse_money": "numbers",
    "parse_number": "numbers",
    "parse_percent": "numbers",
    "parse_quantity": "numbers",
    "to_decimal": "numbers",
}

__all__ = [
    "HOURS_PER_DAY",
    "WORKING_DAYS_PER_MONTH",
    "WORKING_DAYS_PER_WEEK",
    "WORKING_DAYS_PER_YEAR",
    "CommercialFacts",
    "CurrencyDeclaration",
    "DateMention",
    "DateValue",
    "Duration",
    "EffortLine",
    "EffortTable",
    "Fact",
    "LineItem",
    "Milestone",
    "Money",
    "MoneyMention",
    "Payment",
    "PaymentSchedule",
    "Percent",
    "Period",
    "PricingModel",
    "PricingModelMention",
    "PricingTable",
    "Quantity",
    "Schedule",
    "Staffing",
    "StatedAmount",
    "StatedDuration",
    "TotalLine",
    "add_business_days",
    "business_days_between",
    "date_convention",
    "decimal_convention",
    "extract_facts",
    "facts_for",
    "find_dates",
    "find_durations",
    "find_money",
    "find_percents",
    "format_amount",
    "format_money",
    "parse_date",
    "parse_duration",
    "parse_money",
    "parse_number",
    "parse_percent",
    "parse_quantity",
    "to_decimal",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its submodule on first use."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'sowlint.facts' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"sowlint.facts.{home}"), name)
    globals()[name] = value
    return value
