"""What several rules compute from the same document, remembered for the last document only.

The engine gives every rule the same classified Document object in turn, so remembering results
for the last document asked about makes shared work (sentences, parties, places, commercial facts)
run once per document.  The document is compared by identity (``is``), never by ``id()`` alone (an
id is reused once its object is freed), and one strong reference keeps it alive for that
comparison.  Asking about another document forgets everything remembered for the previous one, so
at most one document's results are held.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from sowlint.model import Document

V = TypeVar("V")


class LastDocument:
    """Results for the last document, each under a key (the options it was computed with)."""

    __slots__ = ("_doc", "_values")

    def __init__(self) -> None:
        self._doc: Document | None = None
        self._values: dict[Hashable, Any] = {}

    def get(self, doc: Document, key: Hashable, compute: Callable[[], V]) -> V:
        """The value under ``key`` for ``doc``, computed on first request."""
        if self._doc is not doc:
            self._doc, self._values = doc, {}
        if key not in self._values:
            self._values[key] = compute()
        return cast(V, self._values[key])

    def current(self) -> dict[Hashable, Any]:
        """The values remembered for the last document (for results keyed by its parts)."""
        return self._values
