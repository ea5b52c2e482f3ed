"""SOW204 unassigned-responsibility: a passive obligation that names no party."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from pydantic import Field

from sowlint.findings import Hit, Node, Rule, RuleOptions, Severity
from sowlint.model import Block, Cell, Document, ListItem, Paragraph, Section, Table
from sowlint.parties import actor_pattern, defined_parties, party_roles, section_titles
from sowlint.prose import Sentence, sentences
from sowlint.resources import load_yaml, rules_dir

#: Sections where the actor goes without saying (what the government furnishes), or where prose
#: states outcomes rather than assigns work (objectives).
_SKIP_KINDS = frozenset({"government-furnished", "objectives"})
#: Table columns that name who does each row.
_OWNER_HEADER = re.compile(
    r"\b(owner|responsible|responsibility|accountable|party|parties|who|by whom|provided by|raci)\b",
    re.IGNORECASE,
)
#: What may follow "by" without being an agent: a date, a time, a means.
_NOT_AGENT = re.compile(
    r"(?:the\s+|a\s+|an\s+)?(?:\d[\d/.,:-]*(?:st|nd|rd|th|am|pm)?\b|end|close|start|beginning|middle|time|date|day|days|week|weeks|month|"
    r"months|year|years|deadline|kick-?off|award|contract\s+award|go-?live|launch|midnight|noon|cob|eod|"
    r"then|now|today|tomorrow|latest|no\s+later|e-?mail|mail|post|courier|fax|phone|telephone|hand|"
    r"means|way|default|law|contract|sprint|phase|milestone|first|second|third|last|next|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|\w+ing\b|\[)",
    re.IGNORECASE,
)
_MODAL = r"(?P<modal>will|shall|must|is\s+to|are\s+to|needs?\s+to|has\s+to|have\s+to)"
#: Where the subject of the passive starts: after these, the words before the modal are its subject.
_CLAUSE_START = re.compile(
    r"(?:[;:(]|,\s+(?=(?:a|an|the|all|any|each|every|this|these)\s)|"
    r"\b(?:that|which|who|if|when|once|unless|until|after|before|where|whether|so|but)\b)\s*",
    re.IGNORECASE,
)
_TRIM = " ,\"'“”‘’-–—*"
_FOLLOWING = re.compile(r"^(?:all\s+)?(?:of\s+)?the\s+following(?:\s+(?:items|resources))?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Verb:
    participle: str
    base: str
    #: who usually does it: "buyer" or "either"
    actor: str
    #: what the subject must name: "inputs", "work" or "any"
    object: str


@dataclass(frozen=True)
class _Data:
    verbs: tuple[_Verb, ...]
    inputs: tuple[str, ...]
    work_products: tuple[str, ...]


@lru_cache(maxsize=1)
def _data() -> _Data:
    raw = load_yaml((rules_dir() / "clarity" / "unassigned-responsibility.yaml").read_text(encoding="utf-8"))
    verbs = tuple(
        _Verb(
            str(participle),
            str(spec["base"]),
            str(spec.get("actor", "either")),
            str(spec.get("object", "any")),
        )
        for participle, spec in (raw.get("verbs") or {}).items()
    )
    return _Data(
        verbs,
        tuple(str(i) for i in raw.get("inputs") or ()),
        tuple(str(i) for i in raw.get("work_products") or ()),
    )


def _lower_first(text: str) -> str:
    """``text`` with a capitalised first word lowercased ("Credentials" -> "credentials", "UAT" kept)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Context:
    """What stands around a list item or table cell: its lead-in, its row and its table's header."""

    leadin: str = ""
    row: str = ""
    owner_column: bool = False


def _contexts(doc: Document) -> dict[int, _Context]:
    out: dict[int, _Context] = {}

    def blocks(items: tuple[Block, ...]) -> None:
        leadin = ""
        for b in items:
            if isinstance(b, Paragraph):
                leadin = b.text
            elif isinstance(b, ListItem):
                out[id(b)] = _Context(leadin=leadin)
            elif isinstance(b, Table):
                owner = any(_OWNER_HEADER.search(h) for h in b.header)
                for row in b.rows:
                    for cell in row.cells:
                        others = " | ".join(c.text for c in row.cells if c is not cell)
                        out[id(cell)] = _Context(leadin=leadin, row=others, owner_column=owner)

    def walk(sec: Section) -> None:
        blocks(sec.blocks)
        for sub in sec.sections:
            walk(sub)

    blocks(doc.blocks)
    for top in doc.sections:
        walk(top)
    return out


def _memo(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """``test`` remembering its answers: every sentence of a section asks about the same titles, every
    item of a list about the same lead-in, every cell of a row about the same row."""
    answers: dict[str, bool] = {}

    def cached(text: str) -> bool:
        answer = answers.get(text)
        if answer is None:
            answer = answers[text] = test(text)
        return answer

    return cached


def _party_names(doc: Document) -> tuple[str, str]:
    """How the message names the buyer and the seller: the document's own names, else Client/Vendor."""
    names: dict[str, str] = {}
    for party in defined_parties(doc):
        short = party.names[-1] if party.names else ""
        if short.startswith("["):
            short = ""
        name = short or (f"The {party.role}" if party.role else "")
        if name and party.side not in names:
            names[party.side] = name
    text = "\n".join(u.text for u in doc.all_blocks())
    roles = party_roles()
    for side, words in (
        ("buyer", [*roles.buyer, "Government", "Agency", "State", "Court"]),
        ("seller", list(roles.seller)),
    ):
        if side in names:
            continue
        # "the <word>" (case-sensitive) must be in the text for the pattern to find it: most are not.
        counts = {
            w: len(re.findall(rf"\bthe {re.escape(w)}\b", text)) if f"the {w}" in text else 0 for w in words
        }
        best = max(counts, key=lambda w: counts[w])
        names[side] = f"The {best}" if counts[best] else ("The Client" if side == "buyer" else "The Vendor")
    return names["buyer"], names["seller"]


class UnassignedResponsibility(Rule):
    """A passive obligation leaves open which party acts ("credentials will be provided")."""

    code = "SOW204"
    name = "unassigned-responsibility"
    severity = Severity.WARNING
    summary = "A passive obligation names no party: say who provides, reviews or approves, and by when."
    why = (
        "'Credentials will be provided' and 'pages will be reviewed' leave open who does it; each "
        "party reads the other into the gap, and the delay that follows has no owner.  Naming the "
        "party (and a date) turns the sentence into a dependency someone can be held to."
    )
    tags = ("clarity", "dependencies")
    fail_examples = (
        "## Dependencies\n\nCredentials will be provided before the project starts.\n",
        "## Acceptance\n\nEach deliverable will be reviewed and approved before payment.\n",
    )
    pass_examples = (
        "## Dependencies\n\nCredentials will be provided by the Client by 3 March 2025.\n",
        "## Client Responsibilities\n\n- Credentials will be provided before the project starts.\n",
        "## Acceptance\n\nA deliverable not rejected within 10 business days will be deemed accepted.\n",
    )

    class Options(RuleOptions):
        """Options of SOW204."""

        inputs: list[str] = Field(
            default_factory=list,
            description="More things a client hands over (besides access, credentials, data, ...) whose "
            "passive 'will be provided' is reported.",
        )
        work_products: list[str] = Field(
            default_factory=list,
            description="More work products (besides deliverables, reports, designs, ...) whose passive "
            "'will be reviewed' or 'will be approved' is reported.",
        )

    options: Options

    def _patterns(self) -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
        data = _data()
        nouns = {
            "inputs": [*data.inputs, *self.options.inputs],
            "work": [*data.work_products, *self.options.work_products],
        }
        verbs = _alternation([v.participle for v in data.verbs])
        passive = re.compile(
            rf"\b{_MODAL}\s+(?P<neg>(?:not|never)\s+)?(?:(?:also|then|only|still|first|now|all|each|"
            rf"jointly|\w+ly)\s+)?be\s+(?:\w+ly\s+)?(?:\w+(?:ed|en),?\s+(?:(?:and|or)\s+)?){{0,3}}"
            rf"(?P<verb>{verbs})\b",
            re.IGNORECASE,
        )
        objects = {
            key: re.compile(rf"\b(?:{_alternation(words)})(?:s|es)?\b", re.IGNORECASE)
            for key, words in nouns.items()
        }
        return passive, objects

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per passive obligation without an actor (identical sentences folded)."""
        passive, objects = self._patterns()
        verbs = {re.sub(r"\s+", " ", v.participle.lower()): v for v in _data().verbs}
        actor = actor_pattern(doc)
        names_actor = _memo(lambda text: actor.search(text) is not None)
        titles = section_titles(doc)
        contexts = _contexts(doc)
        buyer, seller = _party_names(doc)
        seen: dict[str, list[tuple[Node, tuple[int, int], str, str]]] = {}
        for s in sentences(doc):
            if s.kinds & _SKIP_KINDS or s.text.rstrip().endswith("?") or actor.search(s.text):
                continue
            if self._actor_in_context(s, names_actor, titles, contexts):
                continue
            for m in passive.finditer(s.text):
                verb = verbs[re.sub(r"\s+", " ", m.group("verb").lower())]
                found = self._finding(s, m, verb, objects.get(verb.object), buyer, seller)
                if found is None:
                    continue
                span, phrase, message = found
                key = " ".join(s.text.lower().split())
                seen.setdefault(key, []).append((s.node, span, phrase, message))
                break
        for occurrences in seen.values():
            node, span, phrase, message = occurrences[0]
            yield Hit(
                node=node,
                message=message,
                excerpt=phrase,
                span=span,
                count=len(occurrences),
                more=tuple((n, sp) for n, sp, _, _ in occurrences[1:]),
            )

    @staticmethod
    def _actor_in_context(
        s: Sentence,
        names_actor: Callable[[str], bool],
        titles: dict[int, tuple[str, ...]],
        contexts: dict[int, _Context],
    ) -> bool:
        """True when the section titles, the list lead-in or the table row say who acts."""
        if s.section is not None and any(names_actor(t) for t in titles.get(id(s.section), ())):
            return True
        ctx = contexts.get(id(s.node))
        if ctx is None:
            return False
        if isinstance(s.node, ListItem) and names_actor(ctx.leadin):
            return True
        return isinstance(s.node, Cell) and (ctx.owner_column or names_actor(ctx.row))

    @staticmethod
    def _finding(
        s: Sentence,
        m: re.Match[str],
        verb: _Verb,
        noun: re.Pattern[str] | None,
        buyer: str,
        seller: str,
    ) -> tuple[tuple[int, int], str, str] | None:
        """The span, excerpt and message for one passive match, or None when it is not a gap."""
        if m.group("neg"):
            return None
        before = s.text[: m.start()]
        cut = 0
        for c in _CLAUSE_START.finditer(before):
            cut = c.end()
        words = [w for w in re.finditer(r"\S+", before[cut:]) if w.group(0).strip(_TRIM)]
        if not words:
            return None
        first = words[-8] if len(words) > 8 else words[0]
        offset = cut + first.start() + (len(first.group(0)) - len(first.group(0).lstrip(_TRIM)))
        subject = before[offset:].strip(_TRIM)
        if not subject or re.match(r"(?i)(?:no|none|nothing|neither)\b", subject):
            return None
        if re.fullmatch(r"(?i)(?:it|this|that|these|those|they|such)", subject):
            return None
        rest = s.text[m.end() :]
        rest = re.split(r"[.;]\s|\b(?:will|shall|must)\b", rest, maxsplit=1)[0]
        for by in re.finditer(r"\bby\s+", rest, re.IGNORECASE):
            if not _NOT_AGENT.match(rest[by.end() :]):
                return None
        if noun is not None and not noun.search(before[cut:]):
            following = verb.object == "inputs" and _FOLLOWING.match(subject)
            if not (following and s.text.rstrip().endswith(":")):
                return None
        start, end = s.start + offset, s.start + m.end()
        phrase = " ".join(s.text[offset : m.end()].split())
        shown, obj = _lower_first(phrase), _lower_first(subject)
        active = f"{verb.base} {obj}"
        if verb.actor == "buyer":
            example = f"'{buyer} will {active} by <date>'"
        else:
            example = f"'{buyer} will {active}' or '{seller} will {active}', with a date"
        message = f"Say who: '{shown}' names no party; write {example}."
        return (start, end), phrase, message
