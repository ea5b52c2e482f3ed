"""SOW206 inconsistent-party-name: one party called "Client", "Customer" or its company name by turns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sowlint.findings import Hit, Node, Rule, Severity
from sowlint.model import Document, Section
from sowlint.parties import DefinedParty, defined_parties, party_roles, units
from sowlint.prose import inside_pair, is_definition, split_sentences

_QUOTES = "\"“”'‘’"
#: Verbs that make a bare capitalised role word a party reference ("Client shall provide ...").
#: What may follow "the Client" when it names the party; another lowercase word makes it an attribute
#: of a different noun ("the Customer agency", "the Client team").
_CONTINUES = re.compile(
    r"(?:\s*[^\w\s]|\s*$|\s+(?:will|shall|must|may|might|can|could|should|would|is|are|was|were|has|have|had|"
    r"and|or|nor|but|to|for|of|in|with|on|by|at|as|that|who|which|from|under|within|without|upon|if|"
    r"when|agrees?|also|only|then|directly|promptly|itself|acknowledges|accepts|warrants|represents|"
    r"retains|owns|pays|\w+(?:s|ed)\b))"
)
#: Words of the proposal process: a sentence with one speaks of the bidder before award.
_PRE_AWARD = re.compile(
    r"\b(?:propos\w*|quot\w*|offer\w*|bid|bids|bidding|bidder\w*|award\w*|solicit\w*|RF[PQI]s?|"
    r"response|responses|respond\w*|selected)\b",
    re.IGNORECASE,
)
_VERB_AFTER = re.compile(
    r"\s+(?:will|shall|must|may|agrees?|is|has|acknowledges|accepts|warrants|represents|retains|owns|pays)\b"
)


@dataclass
class _Name:
    """One name a side goes by, where it is first used, and whether the document defines it."""

    name: str
    tied: bool
    uses: list[tuple[tuple[int, int], Node, tuple[int, int]]] = field(default_factory=list)


def _role_uses(text: str, role: str) -> Iterator[tuple[int, int]]:
    """Spans where ``role`` names a party: "the Client", "Client's", "Client shall"; not "Client Name"."""
    if role not in text:
        return  # most lines name no party: skip the pattern work
    for m in re.finditer(rf"(?<![\w-]){re.escape(role)}(?![\w-])", text):
        start, end = m.start(), m.end()
        if (start and text[start - 1] in _QUOTES) or _enclosed(text, start):
            continue  # a quoted defined term or a placeholder, not a use
        after = text[end:]
        if re.match(r"\s+[A-Z0-9]", after) and not _VERB_AFTER.match(after):
            continue  # part of a longer name: "Customer Portal", "Client Name"
        before = text[:start]
        prev = re.search(r"([\w’'.-]+)\s+$", before)
        the = bool(prev and prev.group(1) in ("the", "The"))
        possessive = bool(re.match(r"(?:'s|’s|s'|s’)(?!\w)", after))
        verb = bool(_VERB_AFTER.match(after))
        if prev and not the and prev.group(1)[:1].isupper() and not before.rstrip().endswith((".", ":")):
            continue  # "Prime Contractor", "Cloud Service Provider"
        if possessive or verb or (the and _CONTINUES.match(after)):
            yield start, end


def _sentence_at(line: str, offset: int) -> str:
    """The sentence of ``line`` that holds ``offset``."""
    for start, text in reversed(split_sentences(line)):
        if start <= offset:
            return text
    return line


def _enclosed(text: str, at: int) -> bool:
    """True inside a placeholder or a quotation: "[Vendor's Name]", "“the Vendor”"."""
    return inside_pair(text, at, (("[", "]"), ("{", "}"), ("“", "”"))) or text.count('"', 0, at) % 2 == 1


def _ties(doc: Document, roles: list[str]) -> set[str]:
    """Role words the document defines: quoted ("the "Client""), label lines ("Client: ..."), "X means"."""
    tied: set[str] = set()
    texts = [s.title for s in doc.walk()] + [u.text for u, _ in units(doc)]
    everything = "\n".join(texts)
    for role in roles:
        # Both patterns hold the role word as written: a text without it cannot match.
        if role not in everything:
            continue
        quoted = re.compile(rf"[{_QUOTES}]{re.escape(role)}[{_QUOTES}]")
        label = re.compile(
            rf"^\s*(?:the\s+)?{re.escape(role)}\s*(?::|[-–—]\s|\bmeans\b|\bshall mean\b)", re.M
        )
        if any(quoted.search(t) or label.search(t) for t in texts if role in t):
            tied.add(role)
    return tied


def _in_definitions(sec: Section | None, kinds_of: dict[int, frozenset[str]]) -> bool:
    return sec is not None and "definitions" in kinds_of.get(id(sec), frozenset())


def _section_kinds(doc: Document) -> dict[int, frozenset[str]]:
    out: dict[int, frozenset[str]] = {}

    def walk(sec: Section, inherited: frozenset[str]) -> None:
        kinds = frozenset(sec.kinds) or inherited
        out[id(sec)] = kinds
        for sub in sec.sections:
            walk(sub, kinds)

    for top in doc.sections:
        walk(top, frozenset())
    return out


class InconsistentPartyName(Rule):
    """The same party goes by two or more names that no definition ties together."""

    code = "SOW206"
    name = "inconsistent-party-name"
    severity = Severity.WARNING
    summary = "The same party is called by different names ('Client', 'Customer') without a definition."
    why = (
        "When one SOW says 'the Client' in one section and 'the Customer' in another, a reader (or a "
        "court) may ask whether they are two parties with two sets of obligations.  Define each party "
        "once and use that name throughout."
    )
    tags = ("clarity", "parties")
    fail_examples = (
        "## Scope\n\nThe Vendor will build the portal for the Client.\n\n"
        "## Dependencies\n\nThe Customer will provide test data.\n",
    )
    pass_examples = (
        'Client: Contoso Health, Inc. ("Contoso")\n\n## Scope\n\nThe Vendor will build the portal for '
        "Contoso.\n\n## Dependencies\n\nThe Client will provide test data.\n",
        "## Scope\n\nThe Vendor will build a portal where customers of the Client track orders.\n",
    )

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield at most one hit per side (buyer, seller) that goes by several names."""
        roles = party_roles()
        pre_award = set(roles.solicitation_pre_award)
        parties = defined_parties(doc, roles)
        for side, words in (("buyer", list(roles.buyer)), ("seller", list(roles.seller))):
            names = self._names(doc, words, [p for p in parties if p.side == side], pre_award)
            used = sorted((n for n in names if n.uses), key=lambda n: n.uses[0][0])
            if len(used) < 2 or all(n.tied for n in used):
                continue
            untied_later = [n for n in used[1:] if not n.tied]
            flagged = untied_later[0] if untied_later else used[1]
            company = next((p.names[0] for p in parties if p.side == side and p.names), "<Company name>")
            defined_roles = [p.role for p in parties if p.side == side and p.role in words]
            by_use = [n.name for n in sorted(used, key=lambda n: -len(n.uses)) if n.name in words]
            role = (defined_roles or by_use or words)[0]
            listing = self._listing([n.name for n in used])
            message = (
                f"This SOW calls the same party {listing}: define one name "
                f"('{company} (the \"{role}\")') and use it throughout."
            )
            _, node, span = flagged.uses[0]
            yield Hit(
                node=node,
                message=message,
                excerpt=flagged.name,
                span=span,
                count=len(flagged.uses),
                more=tuple((n, sp) for _, n, sp in flagged.uses[1:]),
            )

    @staticmethod
    def _names(
        doc: Document, words: list[str], parties: list[DefinedParty], pre_award: set[str]
    ) -> list[_Name]:
        """Every name of one side with its uses (outside definitions) and whether it is defined.

        A ``pre_award`` role word ("the Vendor" of an RFP) is not counted in sentences about the
        proposal process, where it names the bidder before award, not the contractor after it.
        """
        tied = _ties(doc, words) | {p.role for p in parties if p.role}
        names = {w: _Name(w, w in tied) for w in words}
        company_names = {n for p in parties for n in p.names if n and not n.startswith("[")}
        # A company name that is defined with a role is tied to it; only its short name is tracked.
        for p in parties:
            if p.names:
                short = p.names[-1]
                if short not in names and not short.startswith("["):
                    names[short] = _Name(short, True)
        order = doc.reading_order()
        kinds_of = _section_kinds(doc)
        for unit, sec in units(doc):
            if _in_definitions(sec, kinds_of):
                continue
            # Every name is found as written (role words and company names alike): a unit or a line
            # without any of them has no use to record, and most have none.
            present = [name for name in names.values() if name.name in unit.text]
            if not present:
                continue
            pos_base = order.get(id(unit), 0)
            for line_match in re.finditer(r"[^\n]+", unit.text):
                line, base = line_match.group(0), line_match.start()
                here = [name for name in present if name.name in line]
                if not here:
                    continue
                if is_definition(line) or (
                    any(c in line for c in company_names)
                    and re.search(r"^\s*[A-Za-z ]{2,30}:\s|\([\"“]", line)
                ):
                    continue  # the line that defines the names
                for name in here:
                    spans = (
                        _role_uses(line, name.name)
                        if name.name in words
                        else (
                            (m.start(), m.end())
                            for m in re.finditer(rf"(?<!\w){re.escape(name.name)}(?!\w)", line)
                        )
                    )
                    for start, end in spans:
                        if name.name in pre_award and _PRE_AWARD.search(_sentence_at(line, start)):
                            continue
                        name.uses.append(((pos_base, base + start), unit, (base + start, base + end)))
        return list(names.values())

    @staticmethod
    def _listing(names: list[str]) -> str:
        quoted = [f"'{n}'" for n in names]
        return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
