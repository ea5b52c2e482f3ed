"""The recognisers of ``rules/facts.yaml``: header-cell roles, total rows, pricing-model and cue patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sowlint.regex_literals import Gated
from sowlint.resources import load_yaml, rules_dir

#: Column roles, in the order ``facts.yaml`` must list them (the first role that matches wins).
COLUMN_ROLES: tuple[str, ...] = (
    "allocation",
    "share",
    "rate",
    "start",
    "end",
    "date",
    "duration",
    "hours",
    "days",
    "quantity",
    "amount",
    "milestone",
    "label",
)
PRICING_MODELS: tuple[str, ...] = ("capped-time-and-materials", "time-and-materials", "fixed-fee", "retainer")
_LISTS = (
    "total_cues",
    "total_after_cues",
    "cap_cues",
    "rate_after_cues",
    "fee_words",
    "expense_words",
    "period_cues",
    "start_cues",
    "end_cues",
    "period_subjects",
    "engagement_duration_cues",
    "staffing",
)
_SINGLES = (
    "pricing_model_label",
    "model_negation",
    "currency_label",
    "currency_statement",
    "duration_not_after",
    "staffing_gate",
    "staffing_not_roles",
)

Patterns = tuple[re.Pattern[str], ...]


class FactsDataError(ValueError):
    """``facts.yaml`` is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class FactsData:
    """Compiled recognisers from ``facts.yaml``."""

    columns: tuple[tuple[str, Patterns], ...]
    total_rows: Patterns
    subtotal_rows: Patterns
    adjustment_rows: Patterns
    payment_tables: Patterns
    pricing_models: tuple[tuple[str, Patterns], ...]
    pricing_model_label: re.Pattern[str]
    model_negation: re.Pattern[str]
    currency_label: re.Pattern[str]
    currency_statement: re.Pattern[str]
    total_cues: Patterns
    total_after_cues: Patterns
    cap_cues: Patterns
    rate_after_cues: Patterns
    fee_words: Patterns
    expense_words: Patterns
    period_cues: Patterns
    start_cues: Patterns
    end_cues: Patterns
    period_subjects: Patterns
    engagement_duration_cues: Patterns
    staffing: Patterns
    duration_not_after: re.Pattern[str]
    staffing_gate: re.Pattern[str]
    staffing_not_roles: re.Pattern[str]
    source: str
    #: Each pattern list joined into one alternation (see :meth:`any_of`), built by parse_facts_data.
    unions: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, hash=False)
    #: The alternations and the single patterns read sentence by sentence, behind their literal
    #: test (see :class:`sowlint.regex_literals.Gated`), built by parse_facts_data.
    gated: dict[str, Gated] = field(default_factory=dict, compare=False, hash=False)

    def any_of(self, name: str) -> Gated:
        """One regular expression matching where any pattern of the list field ``name`` matches.

        It has ``search`` and ``finditer``; ``.pattern`` is the compiled alternation.
        """
        return self.gated[name]

    def gate(self, name: str) -> Gated:
        """The single pattern field ``name`` (``staffing_gate``, ``currency_label``, ...) behind its test."""
        return self.gated[name]

    def column_role(self, header: str) -> str | None:
        """The role of a header cell (``rate``, ``hours``, ``amount``, ...); None if no pattern matches."""
        for role, patterns in self.columns:
            if any(p.search(header) for p in patterns):
                return role
        return None


def _compile_one(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str):
        raise FactsDataError(f"{where}: expected a regular expression, got {type(value).__name__}")
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise FactsDataError(f"{where}: bad regular expression {value!r}: {exc}") from None


def _compile(values: Any, where: str) -> Patterns:
    if not isinstance(values, list) or not values:
        raise FactsDataError(f"{where}: expected a non-empty list of regular expressions")
    return tuple(_compile_one(v, f"{where}[{i}]") for i, v in enumerate(values))


def _mapping(data: Any, key: str, where: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise FactsDataError(f"{where}: missing mapping '{key}'")
    return value


def parse_facts_data(data: Any, source: str) -> FactsData:
    """Validate and compile the ``facts.yaml`` data; raise FactsDataError naming the bad field."""
    columns = _mapping(data, "columns", source)
    if tuple(columns) != COLUMN_ROLES:
        raise FactsDataError(f"{source}: columns must list exactly {', '.join(COLUMN_ROLES)} in this order")
    rows = _mapping(data, "rows", source)
    tables = _mapping(data, "tables", source)
    text = _mapping(data, "text", source)
    models = _mapping(text, "pricing_models", f"{source}: text")
    unknown = set(models) - set(PRICING_MODELS)
    if unknown:
        raise FactsDataError(f"{source}: text.pricing_models: unknown model(s) {', '.join(sorted(unknown))}")
    fields: dict[str, Any] = {k: _compile(text.get(k), f"{source}: text.{k}") for k in _LISTS}
    fields.update({k: _compile_one(text.get(k), f"{source}: text.{k}") for k in _SINGLES})
    compiled = FactsData(
        columns=tuple((role, _compile(columns[role], f"{source}: columns.{role}")) for role in COLUMN_ROLES),
        total_rows=_compile(rows.get("total"), f"{source}: rows.total"),
        subtotal_rows=_compile(rows.get("subtotal"), f"{source}: rows.subtotal"),
        adjustment_rows=_compile(rows.get("adjustment"), f"{source}: rows.adjustment"),
        payment_tables=_compile(tables.get("payment"), f"{source}: tables.payment"),
        pricing_models=tuple(
            (m, _compile(models[m], f"{source}: text.pricing_models.{m}"))
            for m in PRICING_MODELS
            if m in models
        ),
        source=source,
        **fields,
    )
    compiled.unions.update(_unions(compiled))
    compiled.gated.update({name: Gated(p) for name, p in compiled.unions.items()})
    compiled.gated.update({name: Gated(getattr(compiled, name)) for name in _SINGLES})
    return compiled


def _unions(data: FactsData) -> dict[str, re.Pattern[str]]:
    """Each pattern list joined into one alternation, for fast "does any match" tests."""
    out: dict[str, re.Pattern[str]] = {}
    lists = {
        name: getattr(data, name) for name in (*_LISTS, "total_rows", "subtotal_rows", "adjustment_rows")
    }
    lists["payment_tables"] = data.payment_tables
    lists["pricing_models"] = tuple(p for _, pats in data.pricing_models for p in pats)
    for name, patterns in lists.items():
        if name == "staffing":
            continue
        out[name] = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    return out


@lru_cache(maxsize=4)
def load_facts_data(path: Path | None = None) -> FactsData:
    """The compiled ``facts.yaml`` (the built-in one unless ``path`` is given), read once."""

    file = path or rules_dir() / "facts.yaml"
    with file.open(encoding="utf-8") as fh:
        data = load_yaml(fh.read())
    return parse_facts_data(data, str(file))
