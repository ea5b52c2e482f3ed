"""Whether any of many regular expressions matches a text, answered fast and exactly.

The classifier and the term lists ask of every paragraph or sentence whether one of dozens of
case-insensitive patterns matches.  ``re`` cannot skip ahead for such patterns: it tries each one
at every position of the text.  :class:`AnyOf` gives the same answer as
``any(p.search(text) for p in patterns)`` in two steps:

1. a literal prefilter: from each pattern's parsed form it takes a few lowercase ASCII strings one
   of which every match contains ("not be responsible" for
   ``\\b(vendor|we)\\b[^.]{0,40}\\b(will|shall) not be responsible``); an ASCII text whose lowercase
   form contains none of them cannot match.  The strings are searched for all at once with a
   case-sensitive pattern written as a trie, which ``re`` runs fast;
2. the texts that pass are searched with one alternation of all the patterns, whose branches share
   their leading word-start assertion (``\\bA|\\bB`` is ``\\b(?:A|B)``).

Both steps are exact: the prefilter says "no" only when no pattern can match, and the alternation
matches somewhere exactly when one of the patterns does.  A pattern whose form is not understood
gets no prefilter (so neither does its group), and patterns that cannot be joined are tried one
by one.  Building both costs a few milliseconds, so they are built only once the patterns have been
tried one by one on some text (:data:`BUILD_AFTER`): checking one small file never pays for them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

try:  # the stdlib's regular expression parser: re._parser (3.11+), sre_parse before
    _sre_parse: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _sre_parse = importlib.import_module("sre_parse")

#: Word-start assertions that many patterns open with: branches starting with the same one share it.
_SHARED_LEADS = (r"(?<![\w-])", r"\b")
#: What joining patterns into one alternation would change: group references (numbers shift),
#: comments (may hide a parenthesis or a bar) and global inline flags (they would apply to all).
_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?#|\(\?[aiLmsux]+\)")
#: At most this many strings stand for one piece of a pattern ("(a|b)(c|d)" is four).
_LIMIT = 64
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_EMPTY: frozenset[str] = frozenset({""})


def _branches(source: str) -> list[str]:
    """The top-level alternatives of a regular expression's source text (``a|b(c|d)`` -> a, b(c|d))."""
    out: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1
            if source[i : i + 1] == "^":
                i += 1
            if source[i : i + 1] == "]":  # a "]" first in a class is a literal
                i += 1
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return out


def union_pattern(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds a match in a text exactly when one of ``patterns`` does, or None.

    For "does any of these match?" (``search(text) is not None``) only: which match it returns is
    not said.  Top-level branches that open with the same word-start assertion share it, so a
    position inside a word fails once instead of once per pattern.  None when the patterns cannot
    be joined without changing what they match (different flags, verbose mode, group references,
    comments, inline global flags).
    """
    pats = tuple(patterns)
    if not pats:
        return None
    if len(pats) == 1:
        return pats[0]
    flags = pats[0].flags
    if flags & re.VERBOSE or any(p.flags != flags or _NOT_JOINABLE.search(p.pattern) for p in pats):
        return None
    shared: dict[str, list[str]] = {lead: [] for lead in _SHARED_LEADS}
    others: list[str] = []
    for p in pats:
        for branch in _branches(p.pattern):
            lead = next((x for x in _SHARED_LEADS if branch.startswith(x)), None)
            rest = branch[len(lead) :] if lead else ""
            if lead is None or rest[:1] in ("*", "+", "?", "{"):  # "(?<!x)?y": the lead is quantified
                others.append(branch)
            else:
                shared[lead].append(rest)
    parts = [f"{lead}(?:{'|'.join(rests)})" for lead, rests in shared.items() if rests]
    parts.extend(f"(?:{b})" for b in others)
    try:
        joined = re.compile("|".join(parts), flags)
    except re.error:
        return None
    # A wrong split would show as a different number of groups.
    return joined if joined.groups == sum(p.groups for p in pats) else None


# -- literal prefilter ------------------------------------------------------------------------------
#
# The analysis below works on the parse tree of the stdlib's ``re`` (a list of (opcode, argument)
# items) and lowercases every literal.  For an ASCII text that is exact whatever the flags: an
# ASCII pattern character matches an ASCII text character only when both lowercase to the same
# character (IGNORECASE's extra equivalences, such as "s" and the long s, are all non-ASCII).


def _exact(items: Any) -> frozenset[str] | None:
    """The strings a parsed sequence can match (lowercased), when they are a few ASCII literals."""
    run = _EMPTY
    for op, av in items:
        piece = _exact_item(op, av)
        if piece is None:
            return None
        run = frozenset(a + b for a in run for b in piece)
        if len(run) > _LIMIT:
            return None
    return run


def _exact_item(op: Any, av: Any) -> frozenset[str] | None:
    """:func:`_exact` for one item; zero-width assertions match the empty string."""
    name = op.name
    if name == "LITERAL":
        return frozenset({chr(av).lower()}) if av < 128 else None
    if name in _ZERO_WIDTH:
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


def _factors(items: Any) -> list[frozenset[str]]:
    """Sets of non-empty strings such that every match of a parsed sequence contains one of each set.

    A run of literal items gives the strings it can match ("(will|shall) not" gives "will not" and
    "shall not"), and so do its parts: "(will|shall)" and the fixed text " not"; a group, a
    repetition of at least one and a branch of such runs give theirs.
    """
    out: list[frozenset[str]] = []
    run = _EMPTY  # the strings the current stretch of literal items can match
    fixed = ""  # the text of the current stretch of items that match one string each
    for op, av in items:
        piece = _exact_item(op, av)
        if piece is None:
            # The stretch goes on into how the item starts: "et" before "(c\b\.{0,3}| cetera)" is
            # "etc" or "et cetera".
            lead = _leading_item(op, av)
            _flush(out, _concat(run, lead) or run)
            _flush(out, _concat(frozenset({fixed}), lead) or frozenset({fixed}))
            run, fixed = _EMPTY, ""
            out.extend(_item_factors(op, av))
            continue
        if len(piece) == 1:
            fixed += next(iter(piece))
        else:
            _flush(out, frozenset({fixed}))
            _flush(out, piece)
            fixed = ""
        joined = frozenset(a + b for a in run for b in piece)
        if len(joined) <= _LIMIT:
            run = joined
        else:
            _flush(out, run)
            run = piece
    _flush(out, run)
    _flush(out, frozenset({fixed}))
    return out


def _concat(heads: frozenset[str], tails: frozenset[str]) -> frozenset[str] | None:
    """Every head followed by every tail, or None when that makes too many strings."""
    if len(heads) * len(tails) > _LIMIT:
        return None
    return frozenset(a + b for a in heads for b in tails)


def _leading(items: Any) -> frozenset[str]:
    """Strings one of which every match of a parsed sequence starts with ("" when none is known)."""
    run = _EMPTY
    for op, av in items:
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


def _flush(out: list[frozenset[str]], run: frozenset[str]) -> None:
    if "" not in run:  # an optional piece ("x?") alone says nothing
        out.append(run)


def _item_factors(op: Any, av: Any) -> list[frozenset[str]]:
    """:func:`_factors` for one item that is not a few literals."""
    name = op.name
    if name == "SUBPATTERN":
        return _factors(av[-1])
    if name == "ATOMIC_GROUP":
        return _factors(av)
    if name in _REPEATS:
        return _factors(av[2]) if av[0] >= 1 else []
    if name == "BRANCH":
        union: set[str] = set()
        for branch in av[1]:
            best = _best(_factors(branch))
            if best is None:
                return []  # this branch can match with no literal we know of
            union |= best
        return [frozenset(union)]
    return []


def _best(factors: list[frozenset[str]]) -> frozenset[str] | None:
    """The factor to look for: the longest shortest string (the rarest), then the fewest strings."""
    if not factors:
        return None
    return max(factors, key=lambda f: (min(map(len, f)), -len(f)))


@lru_cache(maxsize=1024)
def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercase ASCII strings one of which every match of ``pattern`` contains, or None if unknown."""
    try:
        best = _best(_factors(_sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # a parse tree of an unforeseen shape: no prefilter, the same answers
        return None
    return best if best is not None and min(len(s) for s in best) >= 2 else None


def _minimal(strings: Iterable[str]) -> tuple[str, ...]:
    """``strings`` without those that contain another one (finding "need" implies nothing more)."""
    kept: list[str] = []
    for s in sorted(set(strings), key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return tuple(kept)


def literal_trie(strings: Iterable[str]) -> re.Pattern[str]:
    """A case-sensitive pattern that finds any of ``strings``, written as a trie.

    ``re`` tries every branch of an alternation at every position; with the shared prefixes
    factored out ("will (?:give|grant)") a position fails after one character test per distinct
    first character.
    """
    end = ""  # marks where a string ends; a longer string through that node adds nothing
    trie: dict[str, Any] = {}
    for text in strings:
        node = trie
        for ch in text:
            node = node.setdefault(ch, {})
        node[end] = {}

    def emit(node: dict[str, Any]) -> str:
        if end in node:
            return ""
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(emit(trie) if trie else "(?!)")


#: How much text (characters, plus 20 a search) the patterns are tried on one by one before the
#: prefilter and the joined pattern are built: about what building them costs (parsing and
#: compiling take a few milliseconds), so one small file never pays for them and a long run soon does.
BUILD_AFTER = 5000


class AnyOf:
    """Whether any of several patterns matches a text (see the module docstring)."""

    def __init__(
        self, patterns: Iterable[re.Pattern[str]], *, prefilter: bool = True, build_after: int = BUILD_AFTER
    ) -> None:
        """Keep ``patterns``; build the prefilter (unless ``prefilter`` is False: for short texts such
        as titles the joined pattern alone is as fast) and the joined pattern after ``build_after``."""
        self.patterns = tuple(patterns)
        self.prefilter = prefilter
        self.build_after = build_after
        self._read = 0
        self._built: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None = None

    def _prefilter(self) -> re.Pattern[str] | None:
        """A case-sensitive pattern of every pattern's anchors, to search in lowercased text."""
        found: list[str] = []
        for p in self.patterns:
            strings = anchors(p)
            if strings is None:
                return None
            found.extend(strings)
        return literal_trie(_minimal(found)) if found else None

    def search(self, text: str) -> bool:
        """True when one of the patterns matches somewhere in ``text``."""
        if not self.patterns:
            return False
        if self._built is None:
            self._read += len(text) + 20
            if self._read <= self.build_after:
                return any(p.search(text) for p in self.patterns)
            self._built = (self._prefilter() if self.prefilter else None, union_pattern(self.patterns))
        prefilter, joined = self._built
        if prefilter is not None and text.isascii() and prefilter.search(text.lower()) is None:
            return False
        if joined is not None:
            return joined.search(text) is not None
        return any(p.search(text) for p in self.patterns)
