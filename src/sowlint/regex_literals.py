"""Literal strings that every match of a regular expression contains, read from its parsed form.

Python's ``re`` scans a case-insensitive pattern that starts with ``\\b`` or an alternation of
words position by position.  Most of sowlint's data-driven patterns name words, and every match
must contain one of them: ``\\b(vendor|we)\\b[^.]{0,40}\\b(will|shall) not be responsible``
contains "will not be responsible" or "shall not be responsible".  A text that contains none of
them can skip the regex.  Two pre-checks use what :func:`required` finds: :class:`sowlint.anyof.AnyOf`
looks for the :func:`anchors` of many patterns at once, with one trie, and
:class:`Gated` tests a few :func:`needles` of one pattern with ``in``, also
checking the word boundaries around them (:func:`has_needle`: ``\\bnte\\b`` is not in "maintenance").

This is the only module that reads the stdlib's parse tree (``re._parser``, ``sre_parse`` before
Python 3.11: a list of (opcode, argument) items).  Why a pre-check built from it never rejects a
text the pattern matches:

* **Only what every match consumes.**  The strings come from runs of literal characters, small
  character classes, groups, alternations whose every branch gives strings, and repetitions of at
  least one.  An optional part (``x?``, ``x*``, ``{0,n}``) is either left out or stands for both
  its strings and the empty string; a lookaround and any other zero-width assertion consume nothing
  and give nothing (a ``\\b`` only marks a word boundary next to the string, see :data:`Needle`).
* **Unknown means nothing.**  An opcode not handled here (a negated class, ``\\s``, ``.``, a group
  reference, a conditional, ...) contributes no string; a pattern whose tree has an unforeseen
  shape, or with no string found, gets no pre-check at all.
* **Fewer only by weaker.**  Of the strings found, one goes only when a text that has it has
  another one kept, and two merge only into a needle that each of them implies (:func:`_fewer`).
* **Only ASCII text is pre-checked, against lowercased ASCII literals.**  On ASCII text an ASCII
  pattern character matches exactly when both are equal after ``str.lower()``, whatever the flags
  (the extra case-insensitive equivalences ``re`` knows, such as the Kelvin sign for "k" or the
  long s for "s", are all non-ASCII); a pattern character that is not ASCII is never used.  A word
  boundary is checked the same way: on ASCII text ``re``'s word characters are ``str.isalnum()``
  and ``_``.  Callers send any other text straight to the regex.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

try:  # the stdlib's regular expression parser: re._parser (3.11+), sre_parse before
    _sre_parse: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _sre_parse = importlib.import_module("sre_parse")

#: A needle: lowercased text every match of some piece of a pattern contains, and whether the match
#: has a word boundary (``\\b``) right before and right after that text.  A flag is kept only where
#: the text's own end is a word character, so it reads "the neighbouring character is not a word
#: character" (``\\bnte\\b`` gives ("nte", True, True), which "maintenance" does not contain).
Needle = tuple[str, bool, bool]

#: While a pattern is read, this character stands for a ``\\b`` in the strings it can match (it is
#: not ASCII, so no literal taken from a pattern is one); it becomes a needle's flags in the end.
_MARK = "\N{PILCROW SIGN}"
#: At most this many strings stand for one piece of a pattern ("(a|b)(c|d)" is four).
_LIMIT = 64
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_EMPTY = frozenset({""})
_BOUNDARY = frozenset({_MARK})
_LOWER = tuple(chr(c).lower() for c in range(128))
_LITERAL = _sre_parse.LITERAL
_NOT_PLAIN = re.compile(r"[^a-z ]")


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _is_boundary(op: Any, av: Any) -> bool:
    return op.name == "AT" and av.name == "AT_BOUNDARY"


def _concat(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str] | None:
    """Every head followed by every tail, or None when that makes too many strings."""
    joined = frozenset(a + b for a in heads for b in tails)
    return joined if len(joined) <= _LIMIT else None


def _exact(items: Any) -> frozenset[str] | None:
    """The strings a parsed sequence can match (lowercased), when they are a few ASCII literals."""
    heads, tail = _EMPTY, ""  # the strings are every head followed by the tail
    for op, av in items.data:
        if op is _LITERAL and av < 128:  # the common case first
            tail += _LOWER[av]
            continue
        piece = _exact_item(op, av)
        if piece is None:
            return None
        if len(piece) == 1:
            tail += next(iter(piece))
            continue
        joined = _concat(heads, frozenset(tail + s for s in piece))
        if joined is None:
            return None
        heads, tail = joined, ""
    return frozenset(h + tail for h in heads)


def _exact_item(op: Any, av: Any) -> frozenset[str] | None:
    """:func:`_exact` for one item; zero-width assertions match the empty string (or the mark)."""
    name = op.name
    if op is _LITERAL:
        return frozenset({_LOWER[av]}) if av < 128 else None
    if _is_boundary(op, av):
        return _BOUNDARY
    if name in ("AT", "ASSERT", "ASSERT_NOT"):  # another anchor, a lookaround: nothing from inside it
        return _EMPTY
    if name == "IN":
        chars: set[str] = set()
        for iop, iav in av:
            if iop.name == "LITERAL" and iav < 128:
                chars.add(chr(iav).lower())
            elif iop.name == "RANGE" and iav[1] < 128 and iav[1] - iav[0] < _LIMIT:
                chars.update(chr(c).lower() for c in range(iav[0], iav[1] + 1))
            else:
                return None  # a negated class, a category (\s, \w), a non-ASCII character
        return frozenset(chars) if len(chars) <= _LIMIT else None
    if name == "SUBPATTERN":
        return _exact(av[-1])
    if name == "ATOMIC_GROUP":
        return _exact(av)
    if name == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            piece = _exact(branch)
            if piece is None:
                return None
            out |= piece
        return frozenset(out) if len(out) <= _LIMIT else None
    if name in _REPEATS and tuple(av[:2]) == (0, 1):  # "x?"
        piece = _exact(av[2])
        return None if piece is None else piece | _EMPTY
    return None


def _leading(items: Any) -> frozenset[str]:
    """Strings one of which every match of a parsed sequence starts with ("" when none is known)."""
    run = _EMPTY
    for op, av in items.data:
        piece = _exact_item(op, av)
        if piece is None:
            return _concat(run, _leading_item(op, av)) or run
        joined = _concat(run, piece)
        if joined is None:
            return run
        run = joined
    return run


def _leading_item(op: Any, av: Any) -> frozenset[str]:
    """:func:`_leading` for one item that is not a few literals."""
    name = op.name
    if name == "SUBPATTERN":
        return _leading(av[-1])
    if name == "ATOMIC_GROUP":
        return _leading(av)
    if name in _REPEATS and av[0] >= 1:
        return _leading(av[2])
    if name == "BRANCH":
        starts: set[str] = set()
        for branch in av[1]:
            starts |= _leading(branch)
        return frozenset(starts) if len(starts) <= _LIMIT else _EMPTY
    return _EMPTY


def has_needle(low: str, needle: Needle) -> bool:
    """True when the lowercased text ``low`` contains the needle's text with the word boundaries it needs."""
    text, left, right = needle
    i = low.find(text)
    while i >= 0:
        j = i + len(text)
        left_ok = not left or i == 0 or not _word(low[i - 1])
        if left_ok and (not right or j == len(low) or not _word(low[j])):
            return True
        i = low.find(text, i + 1)
    return False


def any_needle(found: Iterable[Needle], low: str) -> bool:
    """True when the lowercased ASCII text ``low`` holds at least one of the needles ``found``."""
    for needle in found:  # a plain loop: measurably faster than any() over a generator here
        if needle[0] in low and (not (needle[1] or needle[2]) or has_needle(low, needle)):
            return True
    return False


def _implies(a: Needle, b: Needle) -> bool:
    """Whether every text that has needle ``a`` (with its boundaries) has needle ``b``."""
    # Next to a boundary flag stands a character that is not a word character, elsewhere one that
    # is (the worst case for ``b``'s boundaries); neither is ASCII, so neither is part of ``b``.
    return has_needle(("\u00a0" if a[1] else "\u00e9") + a[0] + ("\u00a0" if a[2] else "\u00e9"), b)


def _fewer(found: frozenset[Needle]) -> frozenset[Needle]:
    """As few needles as will do for ``found``: every text with one of ``found`` has one of them.

    A needle that implies another one goes ("key personnel" has "personnel"), and one that starts
    with another's text merges into that text with no boundary after it (the whole words "fee" and
    "fees" make "fee" at a word start).
    """
    if len(found) == 1:
        return found
    kept: list[Needle] = []
    for n in sorted(found, key=lambda n: (len(n[0]), n)):
        inside = [i for i, k in enumerate(kept) if k[0] in n[0]]  # mostly none: cheap to rule out
        if any(_implies(n, kept[i]) for i in inside):
            continue
        i = next((i for i in inside if n[0].startswith(kept[i][0]) and (n[1] or not kept[i][1])), None)
        if i is None:
            kept.append(n)
        else:
            kept[i] = (kept[i][0], kept[i][1], False)
    return frozenset(kept)


def _needle(marked: str) -> Needle:
    """The needle of a string read from a pattern, its boundary marks made flags."""
    text = marked.replace(_MARK, "")
    return text, marked[0] == _MARK and _word(text[0]), marked[-1] == _MARK and _word(text[-1])


def _flush(out: list[frozenset[Needle]], strings: Iterable[str]) -> None:
    """Add the needles of ``strings`` to ``out``, unless one of them is empty (an optional piece
    alone says nothing)."""
    found = frozenset(strings)
    if found and all(s.strip(_MARK) for s in found):
        out.append(frozenset(map(_needle, found)))


def _factors(items: Any, enough: float, left: bool = False, right: bool = False) -> list[frozenset[Needle]]:
    """Sets of needles such that every match of a parsed sequence contains one of each set.

    A run of literal items gives the strings it can match ("(will|shall) not" gives "will not" and
    "shall not"), and so do its parts: "(will|shall)" and the fixed text " not"; a group, a
    repetition of at least one and a branch of such runs give theirs.  ``left``/``right``: every
    match of the sequence starts/ends at a word boundary; ``enough``: see :func:`_best`.
    """
    items = items.data
    out: list[frozenset[Needle]] = []
    # The strings the current stretch of literal items can match are every head followed by the
    # tail: the text of the items since the last one that can match several strings (a fixed
    # text, itself a factor: " not" in "(will|shall) not").
    heads, tail = _EMPTY, _MARK if left else ""
    for i, (op, av) in enumerate(items):
        if op is _LITERAL and av < 128:  # the common case first
            tail += _LOWER[av]
            continue
        piece = _exact_item(op, av)
        if piece is not None and len(piece) == 1:  # one character, or a zero-width item
            tail += next(iter(piece))
            continue
        run = frozenset(h + tail for h in heads)
        before = all(s.endswith(_MARK) for s in run)  # a word boundary right before the item
        after = _is_boundary(*items[i + 1]) if i + 1 < len(items) else right  # and right after it
        if piece is None:
            # The stretch goes on into how the item starts: "et" before "(c\b\.{0,3}| cetera)" is
            # "etc" or "et cetera".
            lead = _leading_item(op, av)
            _flush(out, _concat(run, lead) or run)
            _flush(out, _concat(frozenset({tail}), lead) or {tail})
            out.extend(_item_factors(op, av, enough, before, after))
            heads, tail = _EMPTY, ""
            continue
        _flush(out, {tail})
        _flush(out, ((_MARK if before else "") + s + (_MARK if after else "") for s in piece))
        joined = _concat(run, piece)
        if joined is None:
            _flush(out, run)
        heads, tail = joined or piece, ""
    end = _MARK if right else ""
    _flush(out, (h + tail + end for h in heads))
    _flush(out, {tail + end})
    return out


def _item_factors(op: Any, av: Any, enough: float, before: bool, after: bool) -> list[frozenset[Needle]]:
    """:func:`_factors` for one item that is not one string (``before``/``after``: its
    ``left``/``right``)."""
    name = op.name
    if name == "SUBPATTERN":
        return _factors(av[-1], enough, before, after)
    if name == "ATOMIC_GROUP":
        return _factors(av, enough, before, after)
    if name in _REPEATS:
        return _factors(av[2], enough) if av[0] >= 1 else []
    if name == "BRANCH":
        union: set[Needle] = set()
        for branch in av[1]:
            best = _best(_factors(branch, enough, before, after), enough)
            if best is None:
                return []  # this branch can match with no literal we know of
            union |= best
        return [_fewer(frozenset(union))]
    return []


def _weight(needle: Needle) -> float:
    """How selective a needle is: its length, punctuation and digits counting double, a boundary half."""
    text, left, right = needle
    doubled = 0 if text.replace(" ", "").isalpha() else len(_NOT_PLAIN.findall(text))
    return len(text) + doubled + 0.5 * (left + right)


def _best(factors: list[frozenset[Needle]], enough: float) -> frozenset[Needle] | None:
    """The set to look for: the one whose least selective needle is the most selective, up to a
    weight of ``enough``; past it, the one with fewest needles."""
    if not factors:
        return None

    def key(found: frozenset[Needle]) -> tuple[float, int, float]:
        weight = min(map(_weight, found))
        return min(weight, enough), -len(found), weight

    return _fewer(max(factors, key=key))


@lru_cache(maxsize=2048)
def required(pattern: re.Pattern[str], enough: float = math.inf) -> frozenset[Needle] | None:
    """Needles one of which every match of ``pattern`` contains, or None if none is known.

    ``enough``: a weight past which fewer needles are preferred to more selective ones (see
    :func:`_best`).
    """
    try:
        return _best(_factors(_sre_parse.parse(pattern.pattern, pattern.flags), enough), enough)
    except Exception:  # a parse tree of an unforeseen shape: no pre-check, the same answers
        return None


#: The weight that is :func:`required` ``enough`` for :func:`needles`.  Each needle costs one ``in``
#: scan of the text, and one of weight 4 ("user" at a word start) already rejects most texts: past
#: it, another needle costs more than the regex searches it saves (measured over the corpus).
NEEDLE_ENOUGH = 4.0


def needles(pattern: re.Pattern[str]) -> tuple[Needle, ...] | None:
    """Few needles one of which every match of ``pattern`` contains, shortest first; None if unknown."""
    found = required(pattern, NEEDLE_ENOUGH)
    return None if found is None else tuple(sorted(found, key=lambda n: (len(n[0]), n)))


def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercase ASCII strings one of which every match of ``pattern`` contains, or None if unknown.

    The texts of the most selective :func:`required` needles (a trie finds many strings at little
    more cost than one), when each has at least two characters (one is too common to look for).
    """
    found = required(pattern)
    if found is None or min(len(n[0]) for n in found) < 2:
        return None
    return frozenset(n[0] for n in found)


# --- one pattern behind its needles --------------------------------------------------------------

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
