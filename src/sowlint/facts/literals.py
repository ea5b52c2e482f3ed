"""A cheap literal test in front of a regular expression: skip the regex on text that cannot match.

Python's ``re`` scans a case-insensitive pattern that starts with ``\\b`` or an alternation of words
position by position, which makes the data-driven cue lists (``rules/facts.yaml``,
``rules/clarity/*.yaml``) the slowest part of reading a document.  Most of those patterns name
words, and every match must contain one of them: ``\\b(fixed|firm)[- ]fee\\b`` contains ``fee``.
:func:`needles` reads those words out of the parsed pattern, and :class:`Gated` tests them with
``in`` on the lower-cased text before running the regex.

Why it never rejects a text the pattern matches: the needles are taken only from what every match
must consume -- a run of literal characters, a group, a repetition of at least one, and for an
alternation the needles of every branch -- never from an optional part or a lookaround.  The test
runs only on ASCII text, where case-insensitive matching of an ASCII literal is exactly equality
after ``str.lower()`` (the Unicode case folds ``re`` knows, such as the Kelvin sign or the long s,
are not ASCII); a literal that is not ASCII is never used as a needle.  Any other text, and any
pattern the parser cannot read, goes straight to the regex.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    _parser: Any = importlib.import_module("re._parser")
    _const: Any = importlib.import_module("re._constants")
except ImportError:  # Python 3.10
    _parser = importlib.import_module("sre_parse")
    _const = importlib.import_module("sre_constants")

_LITERAL = _const.LITERAL
_SUBPATTERN = _const.SUBPATTERN
_BRANCH = _const.BRANCH
_REPEATS = tuple(
    op for op in (getattr(_const, n, None) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")) if op
)
_ATOMIC = getattr(_const, "ATOMIC_GROUP", None)
_AT = _const.AT
_AT_BOUNDARY = _const.AT_BOUNDARY


#: A needle: lower-cased text, and whether the match has a word boundary (``\\b``) right before and
#: right after it.  A flag is set only where the text's own end is a word character, so it reads
#: "the neighbouring character is not a word character" (``\\bnte\\b`` is not in "maintenance").
Needle = tuple[str, bool, bool]


def _weight(needle: Needle) -> float:
    """How selective a needle is: its length, punctuation and digits counting double, a boundary half."""
    text, left, right = needle
    return sum(1 if (c.isalpha() or c == " ") else 2 for c in text) + 0.5 * (left + right)


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _needle(run: list[str], left: bool, right: bool) -> Needle:
    text = "".join(run)
    return text, left and _word(text[0]), right and _word(text[-1])


def _required(seq: Any, left: bool = False, right: bool = False) -> frozenset[Needle] | None:
    """Needles one of which every match of the parsed ``seq`` contains (None: unknown).

    ``left``/``right``: every match of ``seq`` starts/ends at a word boundary.
    """
    items = list(seq)
    boundary = [op == _AT and av == _AT_BOUNDARY for op, av in items]
    candidates: list[frozenset[Needle]] = []
    run: list[str] = []
    run_left = False
    for i, (op, av) in enumerate(items):
        before = left if i == 0 else boundary[i - 1]
        after = right if i == len(items) - 1 else boundary[i + 1]
        if op == _LITERAL and av < 128:
            if not run:
                run_left = before
            run.append(chr(av).lower())
            if after or i == len(items) - 1 or not (items[i + 1][0] == _LITERAL and items[i + 1][1] < 128):
                candidates.append(frozenset({_needle(run, run_left, after)}))
                run = []
            continue
        found: frozenset[Needle] | None = None
        if op == _SUBPATTERN:
            found = _required(av[-1], before, after)
        elif op == _BRANCH:
            branches = [_required(alt, before, after) for alt in av[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*(b for b in branches if b is not None))
        elif op in _REPEATS and av[0] >= 1:
            found = _required(av[2])
        elif _ATOMIC is not None and op == _ATOMIC:
            found = _required(av, before, after)
        if found:
            candidates.append(found)
    if not candidates:
        return None
    # every candidate is necessary on its own: keep the most selective one
    return max(candidates, key=lambda c: min(_weight(n) for n in c))


def needles(pattern: re.Pattern[str]) -> tuple[Needle, ...] | None:
    """Needles one of which every match of ``pattern`` contains; None when none is known."""
    try:
        found = _required(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a pattern this reader cannot follow is simply not gated
        return None
    if not found or any(not text for text, _, _ in found):
        return None
    return tuple(sorted(found, key=lambda n: (len(n[0]), n)))


def _has(low: str, needle: Needle) -> bool:
    """True when ``low`` contains the needle's text with the word boundaries it needs."""
    text, left, right = needle
    i = low.find(text)
    while i >= 0:
        j = i + len(text)
        left_ok = not left or i == 0 or not _word(low[i - 1])
        if left_ok and (not right or j == len(low) or not _word(low[j])):
            return True
        i = low.find(text, i + 1)
    return False


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
        if low is None or found is None:
            return True
        for needle in found:  # a plain loop: measurably faster than any() over a generator here
            if needle[0] in low and (not (needle[1] or needle[2]) or _has(low, needle)):
                return True
        return False

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
