"""SOW002 no-text-layer: a PDF of scanned images with no extractable text."""

from __future__ import annotations

from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document


class NoTextLayer(Rule):
    """The PDF has no text layer, so nothing in it can be checked."""

    code = "SOW002"
    name = "no-text-layer"
    severity = Severity.ERROR
    summary = "The PDF has no text layer (a scan): run OCR or check the source document instead."
    why = (
        "A scanned PDF has pictures of text only. sowlint reports this once instead of a flood of "
        "'missing section' findings about text it cannot see."
    )
    tags = ("input",)
    fail_examples = ("A PDF made by scanning a printed SOW.",)
    pass_examples = ("A PDF exported from Word or Google Docs.",)

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one document-level hit when the document has no text layer."""
        if not doc.has_text_layer:
            yield Hit(
                node=doc,
                message=(
                    "The PDF has no text layer (scanned pages): run OCR on it or check the source "
                    "document, since nothing in it could be checked."
                ),
            )
