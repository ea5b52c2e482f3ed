"""SOW004 unused-suppression: a suppression comment that no longer suppresses anything."""

from __future__ import annotations

from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document


class UnusedSuppression(Rule):
    """A ``sowlint-disable`` comment whose rule found nothing there (as ruff's RUF100)."""

    code = "SOW004"
    name = "unused-suppression"
    severity = Severity.INFO
    summary = "A suppression comment names a rule that found nothing there, or a rule that does not exist."
    why = (
        "A waiver that outlives its reason hides the next real finding in the same place. Reporting "
        "unused suppressions keeps waivers honest: remove them once the text is fixed."
    )
    tags = ("suppression",)
    fail_examples = (
        "## Parties\n\n<!-- sowlint-disable-next-line SOW112 -->\n"
        "This SOW is between Northwind and Contoso.\n",
    )
    pass_examples = (
        "## Parties\n\n<!-- sowlint-disable-next-line SOW112 -->\n"
        "This SOW is between Northwind and [Client Name].\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Nothing here: the engine reports unused suppressions after the other rules have run."""
        return iter(())
