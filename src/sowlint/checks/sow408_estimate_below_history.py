"""SOW408 estimate-below-history: an effort line is below what delivery history says such work takes.

The rule never reads files.  The engine gives it the calibration of the delivery history
(``--history FILE`` or the ``history`` setting) by setting :attr:`EstimateBelowHistory.calibrations`
after construction, from :func:`sowlint.history.calibrate` with this rule's ``min-records`` and
``mapping`` options.  With no history the rule reports nothing.

Each effort line of the SOW (a pricing line with hours or days, an effort-table line; see
:func:`sowlint.checks.sow407_effort_exceeds_capacity.effort_items`) is matched to a history
category by :func:`sowlint.history.match_category` (exact name, a synonym from ``mapping``, or the
category's words inside the label; never a guess) and judged by :func:`sowlint.history.advice`:
it fires when the estimate falls short of estimate x median ratio by more than ``threshold``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydantic import Field

from sowlint.findings import Hit, Rule, RuleOptions, Severity
from sowlint.model import Document

if TYPE_CHECKING:
    from sowlint.history import Calibration


class EstimateBelowHistory(Rule):
    """An effort estimate is below what the delivery history says that kind of work takes."""

    code = "SOW408"
    name = "estimate-below-history"
    severity = Severity.WARNING
    summary = (
        "An effort line is below what past projects of the same category actually took (needs a "
        "delivery history: --history FILE or the history setting)."
    )
    why = (
        "If data migrations have run 40% over their estimates on eight past projects, a ninth estimated "
        "the same way will too; pricing it from history instead of hope keeps the overrun out of the "
        "fixed fee or the client relationship."
    )
    tags = ("commercial", "estimate", "history")
    #: The examples read against examples/history/delivery-history.csv (without a history the rule
    #: reports nothing): data migrations there ran a median 40% over their estimates, testing 5%.
    fail_examples = ("## Effort Estimate\n\n| Category | Hours |\n|---|---|\n| Data migration | 640 |\n",)
    pass_examples = (
        "## Effort Estimate\n\n| Category | Hours |\n|---|---|\n| Testing | 240 |\n",
        "## Effort Estimate\n\n| Category | Hours |\n|---|---|\n| Security review | 80 |\n",
    )

    class Options(RuleOptions):
        """Options of SOW408 (the history file itself is the ``history`` setting)."""

        min_records: int = Field(
            5, ge=1, description="Past records a category needs before its ratios are trusted."
        )
        threshold: float = Field(
            0.15,
            ge=0,
            lt=1,
            description="How far below the history-based plan (estimate x median ratio) an estimate may "
            "fall before it is reported (0.15 = 15%).",
        )
        mapping: dict[str, list[str]] = Field(
            default_factory=dict,
            description="Category synonyms: history category -> the SOW labels that mean it "
            '(e.g. {"Data migration" = ["Data Engineer"]}).',
        )

    options: Options
    #: The delivery history's calibration, set by the engine after construction; None: no history.
    calibrations: list[Calibration] | None = None

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per effort line whose estimate is below its category's history."""
        if not self.calibrations:
            return
        from sowlint.checks.sow407_effort_exceeds_capacity import effort_items
        from sowlint.facts import facts_for
        from sowlint.history import advice, match_category

        mapping = self.options.mapping or None
        for item in effort_items(facts_for(doc)):
            calibration = match_category(item.label, self.calibrations, mapping)
            if calibration is None or calibration.n < self.options.min_records or item.node is None:
                continue
            found = advice(float(item.hours), calibration, self.options.threshold, label=item.label)
            if found is not None:
                yield Hit(node=item.node, message=found.message, excerpt=item.text)
