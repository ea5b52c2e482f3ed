"""sowlint-acme: an example sowlint plugin with one Python rule and one YAML rule.

sowlint calls :func:`rules` through the ``sowlint.rules`` entry point declared in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from sowlint.findings import Rule
from sowlint_acme.delivery_lead import DeliveryLeadRule

__all__ = ["RULES_DIR", "DeliveryLeadRule", "rules"]

#: The YAML rules shipped as package data (see ``[tool.setuptools.package-data]``).
RULES_DIR = Path(__file__).resolve().parent / "rules"


def rules() -> list[type[Rule] | Path]:
    """The plugin's rules: Python rule classes and folders of YAML rules."""
    return [DeliveryLeadRule, RULES_DIR]
