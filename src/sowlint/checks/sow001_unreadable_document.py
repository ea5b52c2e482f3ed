"""SOW001 unreadable-document: the engine reports files it cannot read under this code."""

from __future__ import annotations

from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document


class UnreadableDocument(Rule):
    """The file is corrupt, encrypted, empty or not what its extension says."""

    code = "SOW001"
    name = "unreadable-document"
    severity = Severity.ERROR
    summary = (
        "The file could not be read as a SOW (corrupt, encrypted, empty or not what its extension says)."
    )
    why = (
        "A SOW nobody can open cannot be checked, and a file that is not what its name says is often "
        "the wrong attachment. The engine reports the reason and goes on with the other files."
    )
    tags = ("input",)
    fail_examples = ("A file named proposal.docx that is really a PDF, or a truncated download.",)
    pass_examples = ("A .docx saved by Word or LibreOffice.",)

    def check(self, doc: Document) -> Iterator[Hit]:
        """Nothing to check on a document that was read; the engine emits SOW001 on read errors."""
        return iter(())
