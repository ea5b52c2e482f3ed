"""Built-in Python rules, one per module; :data:`BUILTIN_RULES` is the explicit, sorted registry."""

from __future__ import annotations

from sowlint.checks.sow001_unreadable_document import UnreadableDocument
from sowlint.checks.sow002_no_text_layer import NoTextLayer
from sowlint.checks.sow003_no_structure import NoStructure
from sowlint.checks.sow004_unused_suppression import UnusedSuppression
from sowlint.checks.sow111_empty_section import EmptySection
from sowlint.findings import Rule

BUILTIN_RULES: tuple[type[Rule], ...] = (
    UnreadableDocument,
    NoTextLayer,
    NoStructure,
    UnusedSuppression,
    EmptySection,
)
