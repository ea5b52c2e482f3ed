"""Whether any of many regular expressions matches a text, answered fast and exactly.

The classifier and the term lists ask of every paragraph or sentence whether one of dozens of
case-insensitive patterns matches.  ``re`` cannot skip ahead for such patterns: it tries each one
at every position of the text.  :class:`AnyOf` gives the same answer as
``any(p.search(text) for p in patterns)`` in two steps:

1. a literal prefilter: from each pattern's parsed form it takes a few lowercase ASCII strings one
   of which every match contains ("will not be responsible" or "shall not be responsible" for
   ``\\b(vendor|we)\\b[^.]{0,40}\\b(will|shall) not be responsible``; see
   :func:`sowlint.regex_literals.anchors`, whose module argues why that is safe); an ASCII text whose
   lowercase form contains none of them cannot match.  The strings are searched for all at once
   with a case-sensitive pattern written as a trie, which ``re`` runs fast;
2. the texts that pass are searched with one alternation of all the patterns, whose branches share
   their leading word-start assertion (``\\bA|\\bB`` is ``\\b(?:A|B)``).

Both steps are exact: the prefilter says "no" only when no pattern can match, and the alternation
matches somewhere exactly when one of the patterns does.  A pattern whose form is not understood
gets no prefilter (so neither does its group), and patterns that cannot be joined are tried one
by one.  Building both costs a few milliseconds, so they are built only once the patterns have been
tried one by one on some text (:data:`BUILD_AFTER`): checking one small file never pays for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sowlint.regex_literals import anchors

#: Word-start assertions that many patterns open with: branches starting with the same one share it.
_SHARED_LEADS = (r"(?<![\w-])", r"\b")
#: What joining patterns into one alternation would change: group references (numbers shift),
#: comments (may hide a parenthesis or a bar) and global inline flags (they would apply to all).
_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?#|\(\?[aiLmsux]+\)")


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
