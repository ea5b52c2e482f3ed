"""A cheap literal test in front of a regular expression: skip the regex on text that cannot match.

Python's ``re`` scans a case-insensitive pattern that starts with ``\\b`` or an alternation of words
position by position, which makes the data-driven cue lists (``rules/facts.yaml``,
``rules/clarity/*.yaml``) the slowest part of reading a document.  Most of those patterns name
words, and every match must contain one of them: ``\\b(fixed|firm)[- ]fee\\b`` contains ``fee``.
:func:`sowlint.regex_literals.needles` reads those words, with the word boundaries around them,
out of the parsed pattern, and :class:`Gated` tests them with ``in`` on the lower-cased text
before running the regex.  Why that never rejects a text the pattern matches is argued in
:mod:`sowlint.regex_literals`; the test runs only on ASCII text (:func:`lowered`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sowlint.regex_literals import Needle, any_needle, needles

#: Searches a pattern serves before its needles are read.  Reading them parses the pattern again
#: (about half the cost of compiling it), which the few searches of a short document never repay.
GATE_AFTER = 32


def lowered(text: str) -> str | None:
    """``text`` lower-cased for :meth:`Gated.admits`; None when it is not ASCII (never gated)."""
    return text.lower() if text.isascii() else None


class Gated:
    """A compiled pattern behind its literal test: ``search`` and ``finditer`` as ``re.Pattern``'s.

    The needles are read after :data:`GATE_AFTER` searches; until then every text is searched.
    """

    __slots__ = ("_uses", "needles", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        """Gate ``pattern`` (its needles are read on later use)."""
        self.pattern = pattern
        self.needles: tuple[Needle, ...] | None = None
        self._uses = 0

    def admits(self, low: str | None) -> bool:
        """False only when the text, lower-cased as ``low`` (see :func:`lowered`), lacks every needle."""
        if self._uses < GATE_AFTER:
            self._uses += 1
            if self._uses == GATE_AFTER:
                self.needles = needles(self.pattern)
            return True
        found = self.needles
        return low is None or found is None or any_needle(found, low)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when the text lacks every needle."""
        if not self.admits(lowered(text)):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``, empty when the text lacks every needle."""
        if not self.admits(lowered(text)):
            return iter(())
        return self.pattern.finditer(text)
