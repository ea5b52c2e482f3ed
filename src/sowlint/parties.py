"""The parties of a SOW: the role words that name them and the names a document defines for them.

SOW204 (unassigned-responsibility) asks whether a sentence names who acts; SOW206
(inconsistent-party-name) asks whether one party goes by several names.  Both read the role words
of ``rules/clarity/party-roles.yaml`` and the party definitions found here: label lines
("Client: Contoso Health, Inc. ("Contoso")") and parenthesised definitions
("Contoso Health, Inc. (the "Client")").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from sowlint.memo import LastDocument
from sowlint.model import Cell, Document, ListItem, Paragraph, Section, Table
from sowlint.resources import load_yaml, rules_dir

Side = Literal["buyer", "seller"]
Unit = Paragraph | ListItem | Cell


@dataclass(frozen=True)
class PartyRoles:
    """Role words from ``rules/clarity/party-roles.yaml``."""

    buyer: tuple[str, ...]
    seller: tuple[str, ...]
    pre_award: tuple[str, ...]
    solicitation_pre_award: tuple[str, ...]
    other_parties: tuple[str, ...]
    pronouns: tuple[str, ...]

    def side_of(self, role: str) -> Side | None:
        """``buyer`` or ``seller`` for a role word of either side (any case), else None."""
        key = role.casefold()
        if key in {r.casefold() for r in self.buyer}:
            return "buyer"
        if key in {r.casefold() for r in self.seller}:
            return "seller"
        return None


@lru_cache(maxsize=1)
def party_roles() -> PartyRoles:
    """The built-in party role words."""
    data = load_yaml((rules_dir() / "clarity" / "party-roles.yaml").read_text(encoding="utf-8"))

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(w) for w in data.get(key) or ())

    return PartyRoles(
        buyer=words("buyer"),
        seller=words("seller"),
        pre_award=words("pre_award"),
        solicitation_pre_award=words("solicitation_pre_award"),
        other_parties=words("other_parties"),
        pronouns=words("pronouns"),
    )


@dataclass(frozen=True)
class DefinedParty:
    """A party the document names: its side, the role word it is given, and its names."""

    side: Side
    role: str
    #: company names as written ("Contoso Health, Inc.") and short names ("Contoso")
    names: tuple[str, ...]


_QUOTE_OPEN = "\"“'‘"
_QUOTE_CLOSE = "\"”'’"
#: "Client: Contoso Health, Inc. ("Contoso")", "Prepared for: Contoso"
_LABEL = re.compile(r"^\s*(?P<label>[A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(?P<value>\S.{0,150})$")
_LABEL_SIDE: dict[str, Side] = {
    "prepared for": "buyer",
    "prepared by": "seller",
    "submitted to": "buyer",
    "submitted by": "seller",
}
#: a short name in parentheses after a name: (the "Client"), ("Contoso"), (hereinafter "Vendor")
_PAREN_NAME = re.compile(
    r"\((?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?)?"
    r"[\"“'‘](?P<short>[^\"”'’()]{1,40})[\"”'’]\)"
)
#: the capitalised name just before a parenthesised short name
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w&.'’-]*,?\s+){0,6}[A-Z][\w&.'’-]*)[\s,]*$")


def units(doc: Document) -> Iterator[tuple[Unit, Section | None]]:
    """Every paragraph, list item and table cell (not headings), with its section, in order."""

    def blocks(
        sec: Section | None, items: tuple[Paragraph | ListItem | Table, ...]
    ) -> Iterator[tuple[Unit, Section | None]]:
        for b in items:
            if isinstance(b, Table):
                for row in b.rows:
                    for cell in row.cells:
                        yield cell, sec
            else:
                yield b, sec

    def walk(sec: Section) -> Iterator[tuple[Unit, Section | None]]:
        yield from blocks(sec, sec.blocks)
        for sub in sec.sections:
            yield from walk(sub)

    yield from blocks(None, doc.blocks)
    for top in doc.sections:
        yield from walk(top)


def _strip_quotes(text: str) -> str:
    return text.strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE).strip()


def _names_in(value: str) -> list[str]:
    """A label value's names: "Contoso Health, Inc. ("Contoso")" gives both."""
    names = [_strip_quotes(m.group("short")) for m in _PAREN_NAME.finditer(value)]
    head = _PAREN_NAME.split(value)[0] if _PAREN_NAME.search(value) else value
    head = re.split(r"\s+\(|,\s+(?:a|an|the)\s", head)[0].strip(" ,;")
    if head and not head.startswith("["):
        names.insert(0, head)
    return [n for n in names if n]


#: the parties of the last document asked for: SOW203, SOW204, SOW206 and the term rules all ask
_MEMO = LastDocument()


def defined_parties(doc: Document, roles: PartyRoles | None = None) -> list[DefinedParty]:
    """Parties the document defines with a side: label lines and parenthesised role definitions.

    ``Client: Contoso Health, Inc. ("Contoso")`` defines the buyer Contoso under the role Client;
    ``Contoso Health, Inc. (the "Client")`` does too.  A definition without a role word
    (``("Contoso")`` alone) says nothing about the side and is not returned.  Remembered for the
    last document (:mod:`sowlint.memo`); the list returned is the caller's own.
    """
    chosen = roles or party_roles()
    return list(_MEMO.get(doc, chosen, lambda: tuple(_defined_parties(doc, chosen))))


def _defined_parties(doc: Document, roles: PartyRoles) -> list[DefinedParty]:
    out: list[DefinedParty] = []
    for unit, _ in units(doc):
        for line in unit.text.splitlines():
            m = _LABEL.match(line)
            if m:
                label = m.group("label").strip()
                side = roles.side_of(label) or _LABEL_SIDE.get(label.casefold())
                if side is not None:
                    found = _names_in(m.group("value"))
                    if found:
                        out.append(DefinedParty(side, label if roles.side_of(label) else "", tuple(found)))
                    continue
            for pm in _PAREN_NAME.finditer(line):
                short = _strip_quotes(pm.group("short"))
                side = roles.side_of(short)
                if side is None:
                    continue
                before = _NAME_BEFORE.search(line[: pm.start()])
                out.append(DefinedParty(side, short, (before.group(1).strip(" ,"),) if before else ()))
    return out


def _word_alternation(words: list[str]) -> str:
    escaped = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
    return "|".join(escaped)


def actor_pattern(doc: Document, roles: PartyRoles | None = None) -> re.Pattern[str]:
    """A pattern that finds any mention of a party in a sentence.

    Role words count with an article or a possessive ("the client", "Vendor's") or capitalised
    ("Contractor shall"); all-capital role abbreviations (COR, CO) only as written; pronouns
    ("we", "our team"); and every name the document defines for a party.
    """
    roles = roles or party_roles()
    role_words = [*roles.buyer, *roles.seller, *roles.pre_award, *roles.solicitation_pre_award]
    role_words += [w for w in roles.other_parties if not w.isupper()]
    caps = [w for w in roles.other_parties if w.isupper()]
    names = [n for p in defined_parties(doc, roles) for n in p.names if len(n) > 1]
    alt = _word_alternation(role_words)
    # All but the names start at a word boundary: one "\b" in front of them fails once at a position
    # inside a word, where "\bA|\bB|..." would fail once per alternative (the same matches).
    at_word = [
        rf"(?i:(?:the|a|an|each|either|both|any|such)\s+(?:{alt})\b)",
        rf"(?i:(?:{alt})(?:'s|’s|s'|s’))",
        rf"(?:{_word_alternation([w[0].upper() + w[1:] for w in role_words])})\b",
        rf"(?:{_word_alternation([*roles.pronouns, *(w.capitalize() for w in roles.pronouns)])})\b",
    ]
    if caps:
        at_word.append(rf"(?:{_word_alternation(caps)})\b")
    parts = [rf"\b(?:{'|'.join(at_word)})"]
    if names:
        parts.append(rf"(?<!\w)(?:{_word_alternation(names)})(?!\w)")
    return re.compile("|".join(parts))


def section_titles(doc: Document) -> dict[int, tuple[str, ...]]:
    """For each section (by ``id``), its own title and the titles of its ancestors, innermost first."""
    out: dict[int, tuple[str, ...]] = {}

    def walk(sec: Section, parents: tuple[str, ...]) -> None:
        titles = (sec.title, *parents)
        out[id(sec)] = titles
        for sub in sec.sections:
            walk(sub, titles)

    for top in doc.sections:
        walk(top, ())
    return out
