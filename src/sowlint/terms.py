"""Term lists of the clarity rules (``rules/clarity/*.yaml``) and the context a term counts in.

A term list file holds ``sources``, a ``message`` template, a ``default-fix`` and ``terms``; each
term is a literal phrase (``term``) or a regular expression (``pattern``) with an optional ``fix``,
``except`` patterns (excuse a match they overlap), ``unless`` patterns (excuse every match in the
sentence), ``kinds`` (only in sections of these kinds), and for weak commitments ``subjects`` and
``action``.  :func:`load_terms` validates and compiles a file once.

The context helpers decide what the word lists cannot: whether a sentence commits a party to
something (:func:`is_commitment`), who the subject of a clause is (:func:`subject_side`), whether
a sentence is an instruction to the performer (:func:`is_imperative`), and fold repeated identical
sentences into one hit (:func:`fold`).

Engine: the stdlib ``re``, not the timeout-capable ``regex`` package the declarative rules use for
user patterns.  Every pattern here is packaged data reviewed with the tests (no nested quantifiers,
bounded gaps), and rule options accept literal phrases only, escaped before compiling, so no
user-written expression ever runs; ``re`` also needs no per-call timeout bookkeeping.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sowlint.anyof import AnyOf
from sowlint.findings import Hit, Node, RuleOptions
from sowlint.model import Document
from sowlint.parties import defined_parties
from sowlint.prose import Sentence, sentences, states_obligation
from sowlint.resources import load_yaml, rules_dir

Side = Literal["performer", "client", "deliverable"]

_FLAGS = re.IGNORECASE


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class TermError(ValueError):
    """A term list file is invalid; the message names the file and the entry."""


# -- term list files ----------------------------------------------------------------------------


class TermSpec(BaseModel):
    """One entry of a term list file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    term: str | None = None
    pattern: str | None = None
    label: str | None = None
    fix: str | None = None
    except_: list[str] = Field(default_factory=list, alias="except")
    unless: list[str] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    subjects: list[Side] = Field(default_factory=list)
    action: bool = False

    @model_validator(mode="after")
    def _one_of(self) -> TermSpec:
        if (self.term is None) == (self.pattern is None):
            raise ValueError("an entry has exactly one of 'term' or 'pattern'")
        return self


class TermFileSpec(BaseModel):
    """A term list file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=_kebab)

    sources: list[str] = Field(min_length=1)
    message: str
    default_fix: str
    terms: list[TermSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Term:
    """A compiled entry: what it matches, the fix its message proposes, and when it is excused."""

    label: str
    regex: re.Pattern[str]
    fix: str
    excepts: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()
    kinds: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    action: bool = False


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a term in a text."""

    term: Term
    start: int
    end: int
    text: str


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive, whole-word pattern for a literal phrase (space and hyphen match either)."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
    body = r"[\s-]+".join(words)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", _FLAGS)


def _norm(text: str) -> str:
    return " ".join(re.split(r"[\s-]+", text.strip().lower()))


@dataclass(frozen=True)
class TermList:
    """A loaded term list: its terms, message template and sources."""

    name: str
    message: str
    default_fix: str
    terms: tuple[Term, ...]
    sources: tuple[str, ...]
    allow: frozenset[str] = frozenset()

    def find(self, text: str, kinds: Iterable[str] = (), context: str = "") -> list[TermMatch]:
        """Non-overlapping matches in ``text`` (earliest, then longest, first), exceptions applied.

        ``unless`` patterns are looked for in ``context`` too (a follow-up sentence, or the table row):
        "timely notification. This notification ... within 24 hours" or an AQL cell saying "every
        sprint" bound the term.
        """
        kinds = frozenset(kinds)
        found: list[TermMatch] = []
        for term in self.terms:
            if term.kinds and not term.kinds & kinds:
                continue
            if any(u.search(text) or (context and u.search(context)) for u in term.unless):
                continue
            for m in term.regex.finditer(text):
                if m.end() == m.start() or self._allowed(term, m.group(0)):
                    continue
                if any(
                    e.start() < m.end() and m.start() < e.end()
                    for x in term.excepts
                    for e in x.finditer(text)
                ):
                    continue
                found.append(TermMatch(term, m.start(), m.end(), m.group(0)))
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        out: list[TermMatch] = []
        for t in found:
            if out and t.start < out[-1].end:
                continue
            out.append(t)
        return out

    def _allowed(self, term: Term, matched: str) -> bool:
        return bool(self.allow) and (_norm(matched) in self.allow or _norm(term.label) in self.allow)

    def message_for(self, match: TermMatch) -> str:
        """The finding message: the template with the matched text and the term's fix."""
        return self.message.format(match=" ".join(match.text.split()), fix=match.term.fix)

    @cached_property
    def _any(self) -> AnyOf:
        """Every term's pattern at once: most sentences match none, and this says so fast."""
        return AnyOf(t.regex for t in self.terms)

    def may_match(self, text: str) -> bool:
        """False when no term can match ``text`` (a fast filter before :meth:`find`)."""
        return self._any.search(text)

    def with_options(self, extra_terms: Sequence[str] = (), allow: Sequence[str] = ()) -> TermList:
        """This list with literal ``extra_terms`` added (default fix) and ``allow``-ed terms dropped."""
        extra = tuple(
            Term(label=t.strip(), regex=phrase_pattern(t), fix=self.default_fix)
            for t in extra_terms
            if t.strip()
        )
        if not extra and not allow:
            return self
        return replace(
            self, terms=self.terms + extra, allow=self.allow | {_norm(a) for a in allow if a.strip()}
        )


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise TermError(f"{where}: bad regular expression {pattern!r}: {exc}") from None


def parse_terms(data: Any, name: str, source: str) -> TermList:
    """Validate and compile the parsed YAML of a term list file."""
    try:
        spec = TermFileSpec.model_validate(data)
    except ValidationError as exc:
        raise TermError(f"{source}: {exc}") from None
    terms = []
    for n, entry in enumerate(spec.terms, start=1):
        where = f"{source}: entry {n}"
        regex = phrase_pattern(entry.term) if entry.term is not None else _compile(entry.pattern or "", where)
        terms.append(
            Term(
                label=entry.label or entry.term or entry.pattern or "",
                regex=regex,
                fix=entry.fix or spec.default_fix,
                excepts=tuple(_compile(p, where) for p in entry.except_),
                unless=tuple(_compile(p, where) for p in entry.unless),
                kinds=frozenset(entry.kinds),
                subjects=frozenset(entry.subjects),
                action=entry.action,
            )
        )
    return TermList(name, spec.message, spec.default_fix, tuple(terms), tuple(spec.sources))


def terms_path(name: str) -> Path:
    """The packaged file of the term list ``name`` (``rules/clarity/<name>.yaml``)."""
    return rules_dir() / "clarity" / f"{name}.yaml"


@lru_cache(maxsize=16)
def load_terms(name: str) -> TermList:
    """Load (once) and compile the packaged term list ``name``, e.g. ``vague-terms``."""
    path = terms_path(name)
    return parse_terms(load_yaml(path.read_text(encoding="utf-8")), name, str(path))


class TermOptions(RuleOptions):
    """Options shared by the term-list rules (written ``extra-terms`` or ``extra_terms``)."""

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)

    extra_terms: list[str] = Field(
        default_factory=list, description="More phrases to report (literal, case-insensitive, whole words)."
    )
    allow: list[str] = Field(
        default_factory=list, description="Terms never to report here (as written in the list or as matched)."
    )


# -- whose commitment -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """Words that tell who commits to what (``rules/clarity/commitment-context.yaml``)."""

    performers: tuple[str, ...]
    clients: tuple[str, ...]
    deliverables: tuple[str, ...]
    action_verbs: frozenset[str]
    imperative_verbs: frozenset[str]
    client_verbs: frozenset[str]
    noun_verbs: frozenset[str]

    def with_performers(self, names: Iterable[str]) -> Context:
        """This context with more names for the performing party (a document's vendor name)."""
        more = tuple(n for n in names if n.strip() and n not in self.performers)
        return replace(self, performers=self.performers + more) if more else self


@lru_cache(maxsize=1)
def load_context() -> Context:
    """The packaged commitment context (party nouns and verbs)."""
    path = rules_dir() / "clarity" / "commitment-context.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(w).strip() for w in data.get(key) or () if str(w).strip())

    def verbs(*keys: str) -> frozenset[str]:
        return frozenset(w.lower() for k in keys for w in words(k))

    return Context(
        performers=words("performers"),
        clients=words("clients"),
        deliverables=words("deliverables"),
        action_verbs=verbs("action-verbs"),
        imperative_verbs=verbs("action-verbs", "imperative-verbs"),
        client_verbs=verbs("client-verbs"),
        noun_verbs=verbs("noun-verbs"),
    )


_COMPANY_SUFFIX = re.compile(
    r",?\s+(?:LLC|L\.L\.C\.|Inc\.?|Ltd\.?|Limited|GmbH|Corp\.?|Corporation|Co\.|PLC|LLP)$"
)


def performer_names(doc: Document) -> tuple[str, ...]:
    """Names the document gives its vendor ("Vendor: Northwind Analytics LLC ("Northwind")")."""
    names: list[str] = []
    for party in defined_parties(doc):
        if party.side != "seller":
            continue
        for name in party.names:
            names.append(name)
            names.append(_COMPANY_SUFFIX.sub("", name))
    return tuple(dict.fromkeys(n.strip() for n in names if 1 < len(n.strip()) <= 60))


#: Where a clause starts: punctuation, a dash, or a coordinating word before a new subject.
_CLAUSE_BREAK = re.compile(
    r"[;:,(\[]|\s[\u2013\u2014-]\s|\u2014|\b(?:and|but|or|while|whereas|then)\s+(?=(?:the|our|we|each|a|an)\b)",
    _FLAGS,
)
_LEADING = re.compile(
    r"^\s*(?:(?:and|but|or|so|then|also|however|additionally|in addition|furthermore|further|therefore|"
    r"thus|finally|instead)\b\s*,?\s*)*",
    _FLAGS,
)
_TRAILING = re.compile(
    r"(?:\s+(?:will|shall|must|would|is|are|also|additionally|then|further|still|therefore|thus|in turn|"
    r"only|always|never|not|to|be|hereby|jointly|each|both|all|itself|themselves|directly|"
    r"use|uses|using|make|makes|making|apply|applies|exercise|exercises|its|their|our|on a))+\s*$",
    _FLAGS,
)
_DETERMINER = r"(?:(?:the|our|each|every|a|an|any|this|that|its|their|all|both)\s+)?"
_MODIFIER = (
    r"(?:(?!(?:that|which|who|whom|whose|if|when|where|of|for|to|by|with|and|or|the|a|an|not)\b)"
    r"[\w.&-]+\s+){0,3}"
)
_POSSESSIVE = r"(?:['’]s?(?:\s+[\w-]+){1,3})?"


def _alternation(words: Iterable[str]) -> str:
    escaped = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words if w}, key=len, reverse=True)
    return "|".join(escaped) or r"(?!x)x"


@dataclass(frozen=True)
class Subjects:
    """Compiled subject patterns of one document (its vendor names included)."""

    ctx: Context
    performer: re.Pattern[str]
    client: re.Pattern[str]
    deliverable: re.Pattern[str]
    #: a passive with a client agent: "will be updated by the COR"
    client_agent: re.Pattern[str]

    @classmethod
    def build(cls, ctx: Context) -> Subjects:
        """Compile the subject patterns for ``ctx``."""

        def noun_phrase(words: Iterable[str]) -> re.Pattern[str]:
            return re.compile(rf"^{_DETERMINER}{_MODIFIER}(?:{_alternation(words)}){_POSSESSIVE}$", _FLAGS)

        agent = re.compile(
            rf"\s+(?:not\s+)?be\s+(?:\w+ly\s+)?[\w-]+(?:ed|en|wn)\b[^.;]{{0,60}}?\bby\b[^.;]{{0,40}}?"
            rf"\b(?:{_alternation(ctx.clients)})\b",
            _FLAGS,
        )
        return cls(
            ctx, noun_phrase(ctx.performers), noun_phrase(ctx.clients), noun_phrase(ctx.deliverables), agent
        )


@lru_cache(maxsize=32)
def subjects_for(ctx: Context) -> Subjects:
    """The compiled subject patterns of ``ctx`` (cached: most documents share one context)."""
    return Subjects.build(ctx)


def clause_prefix(text: str, pos: int) -> str:
    """The text of the clause that ``pos`` stands in, from the clause start up to ``pos``."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, pos):
        start = m.end()
    return text[start:pos]


def subject_side(prefix: str, subjects: Subjects) -> Side | None:
    """Whose the clause is, from the words before its verb: performer, client, deliverable or None."""
    subject = _TRAILING.sub("", _LEADING.sub("", prefix)).strip()
    if not subject or len(subject) > 80:
        return None
    if subjects.performer.match(subject):
        return "performer"
    if subjects.client.match(subject):
        return "client"
    if subjects.deliverable.match(subject):
        return "deliverable"
    return None


_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_ADVERBS = frozenset(
    "also additionally then further still first promptly timely formally jointly only".split()
)


def _lemma(word: str) -> str:
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + repl
    return w


def verb_in(text: str, pos: int, verbs: frozenset[str]) -> bool:
    """True when the verb at ``pos`` (adverbs and 'be' skipped, any inflection) is one of ``verbs``."""
    words = [w.lower() for w in _WORDS.findall(text[pos : pos + 80])]
    while words and (words[0] in _ADVERBS or words[0].endswith("ly")):
        words.pop(0)
    if not words:
        return False
    if " ".join(words[:2]) in verbs:
        return True
    if words[0] == "be" and len(words) > 1:
        words.pop(0)
    first = words[0]
    return first in verbs or _lemma(first) in verbs or f"{_lemma(first)}e" in verbs


#: A list marker or item id before the first word: "- ", "a) ", "S1: ", "3.2 ".
_ITEM_LEAD = re.compile(
    r"^\s*(?:[-*•–]\s*)?(?:\(?(?:[A-Za-z]|\d{1,2}|[ivx]{1,4})[.)]\s+|[A-Z]{1,3}\d{1,3}(?:\.\d+)*\s*[:.)\u2013-]\s*|"
    r"\d+(?:\.\d+)*\s+)?"
)
_FOLLOWERS = frozenset(
    "the a an all any each every and its their our your new up on with to for weekly monthly daily".split()
)


def is_imperative(text: str, ctx: Context, *, any_case: bool = False) -> bool:
    """True for an instruction to the performer: "Deliver a data platform", "Use open-source tools"."""
    lead = _ITEM_LEAD.match(text)
    body = text[lead.end() :] if lead else text
    if not any_case and not body[:1].isupper():
        return False
    words = _WORDS.findall(body[:80])
    if len(words) < 2:
        return False
    first, second = words[0].lower(), words[1].lower()
    if f"{first} {second}" in ctx.imperative_verbs:
        return True
    if first not in ctx.imperative_verbs:
        return False
    return first not in ctx.noun_verbs or second in _FOLLOWERS


_USER_STORY = re.compile(r"^\W*as an?\s[^,.;]{1,80},?\s+I\s+(?:want|need|would|should|must|can|am)\b", _FLAGS)
_RIGHTS = re.compile(
    r"\b(?:reserves? the right|ha(?:s|ve) the right|(?:is|are) entitled to|at (?:its|their|the "
    r"(?:client|customer|government|agency|state|court)['’]s) (?:sole )?(?:discretion|option))\b",
    _FLAGS,
)
#: "The Court intends to ...", "OFA seeks ...", "We expect that ...": an intent, not a commitment.
_INTENT = re.compile(
    r"^\W*(?:(?!(?:will|shall|must)\b)[\w'’&/().-]+\s+){1,6}?(?:intends?|seeks?|expects?|wants?|desires?|"
    r"envisions?|anticipates?|hopes?|believes?|wishes|aims?)\b",
    _FLAGS,
)
#: Sections about who the people are (skills, qualifications, key personnel), not about the work.
PERSONNEL = re.compile(
    r"\b(?:skills?|knowledge|qualifications?|experience|key personnel|personnel (?:requirements|"
    r"qualifications|skills)|r[ée]sum[ée]s?|labou?r categor(?:y|ies))\b",
    _FLAGS,
)
_OBLIGATION_VERB = re.compile(
    r"\b(?:will|shall|must|agrees? to|(?:is|are) (?:responsible|required|expected) (?:for|to)|commits? to|"
    r"undertakes? to)\b",
    _FLAGS,
)
_NEGATED = re.compile(r"\s+not\b", _FLAGS)
_RECEIVE = frozenset(
    "receive get be given be provided be notified be informed be sent be furnished".split(" ")
)


def is_user_story(text: str) -> bool:
    """True for a user story ("As a caseworker, I need ..."): a need, not a commitment."""
    return bool(_USER_STORY.search(text))


def obligation_side(text: str, subjects: Subjects) -> tuple[Side | None, int]:
    """The side of the subject of the first obligation in ``text`` and where its verb starts.

    A passive with a client agent ("will be updated by the COR") is the client's.  ``(None, -1)``
    when the sentence states no obligation.
    """
    m = _OBLIGATION_VERB.search(text)
    if m is None:
        return None, -1
    side = subject_side(clause_prefix(text, m.start()), subjects)
    if side in (None, "deliverable") and subjects.client_agent.match(text, m.end()):
        side = "client"
    return side, m.end()


def is_commitment(
    sentence: Sentence, ctx: Context, subjects: Subjects, *, skip_kinds: frozenset[str]
) -> bool:
    """True when the sentence commits a party to something, so a vague or weak word in it costs.

    Never in ``skip_kinds`` sections or sections about personnel qualifications, in questions,
    user stories, statements of intent or of a party's rights.  Instructions ("Deliver ...") always
    count.  A client's commitment counts only when the vendor waits on it or it is acceptance
    ("the State will provide timely review"), not the buyer's own business ("the Contracting
    Officer shall promptly countermand ..."); the performer as mere recipient ("the contractor
    will receive a letter") does not count.  Otherwise scope, deliverables and acceptance sections
    always count; elsewhere the sentence must state an obligation: in objectives only the
    performer's own (an objective's "will become a modern service" is an aim), in sections of no
    known kind only a party's or a deliverable's (an RFP's "One of the two examples must ...").
    """
    text = sentence.text
    if sentence.kinds & skip_kinds or text.rstrip().endswith("?") or is_user_story(text):
        return False
    if _RIGHTS.search(text) or _INTENT.match(text):
        return False
    if any(PERSONNEL.search(title) for title in sentence.node.location.section):
        return False
    if is_imperative(text, ctx):
        return True
    if sentence.obligation and not states_obligation(text):
        # a list item under a lead-in ("The vendor will:"): an instruction, or an item of the scope
        return "objectives" not in sentence.kinds and (
            sentence.key or is_imperative(text, ctx, any_case=True)
        )
    side, verb = obligation_side(text, subjects)
    if verb >= 0 and _NEGATED.match(text, verb):
        return False  # "will not constitute", "shall not be responsible": a prohibition or a disclaimer
    if side == "client" and not verb_in(text, verb, ctx.client_verbs):
        return False
    if side == "performer" and verb_in(text, verb, _RECEIVE):
        return False
    if sentence.key:
        return True
    if not sentence.obligation:
        return False
    if "objectives" in sentence.kinds:
        return side == "performer"
    return bool(sentence.kinds) or side is not None


_MODAL = re.compile(r"\b(?:may|might|can|could|(?:be )?able to)\b", _FLAGS)
_CONDITION = re.compile(
    r"^\W*(?:if|unless|when|whenever|once|should|in the event|in case|provided that)\b", _FLAGS
)


def permitted_only(text: str, pos: int) -> bool:
    """True when a modal of leave or ability ("may", "can", "able to") governs ``pos`` in its clause."""
    start = text.rfind(";", 0, pos) + 1
    return bool(_MODAL.search(text, start, pos))


def in_leading_condition(text: str, pos: int) -> bool:
    """True when ``pos`` stands in an opening condition ("If the Court has sufficient capability, ...")."""
    if not _CONDITION.match(text):
        return False
    comma = text.find(",")
    return comma < 0 or pos < comma


# -- folding ----------------------------------------------------------------------------------


def fold(found: Iterable[tuple[str, Hit]]) -> Iterator[Hit]:
    """One hit per distinct (sentence, match) key, in order; repeats of identical sentences (the same
    boilerplate in several sections or tables) are folded into it with ``count`` and ``more``."""
    groups: dict[str, list[Hit]] = {}
    for key, hit in found:
        groups.setdefault(key, []).append(hit)
    for hits in groups.values():
        first = hits[0]
        more: tuple[tuple[Node, tuple[int, int] | None], ...] = tuple((h.node, h.span) for h in hits[1:])
        yield replace(first, count=len(hits), more=more) if more else first


def fold_key(sentence: Sentence, match: TermMatch, nth: int) -> str:
    """The folding key of a match: the sentence text, the matched words and their rank in it."""
    return f"{_norm(sentence.text)}\x1f{_norm(match.text)}\x1f{nth}"


def match_hits(
    sentence: Sentence, matches: Sequence[TermMatch], terms: TermList
) -> Iterator[tuple[str, Hit]]:
    """Keyed hits for the matches of one sentence (span located in the node's text)."""
    seen: dict[str, int] = {}
    for match in matches:
        n = seen.get(_norm(match.text), 0)
        seen[_norm(match.text)] = n + 1
        hit = Hit(
            node=sentence.node,
            message=terms.message_for(match),
            excerpt=match.text,
            span=(sentence.start + match.start, sentence.start + match.end),
        )
        yield fold_key(sentence, match, n), hit


Keep = Callable[[Sentence, TermMatch], bool]


def commitment_hits(
    doc: Document,
    terms: TermList,
    *,
    skip_kinds: frozenset[str],
    keep: Keep | None = None,
) -> Iterator[Hit]:
    """Hits for ``terms`` in the document's commitments (see :func:`is_commitment`), folded.

    A match inside quotation marks or governed by a modal of leave ("may", "able to": the weak
    wording is SOW203's) is left out, and so is any match ``keep`` rejects.
    """
    ctx = load_context().with_performers(performer_names(doc))
    subjects = subjects_for(ctx)
    found: list[tuple[str, Hit]] = []
    for s in sentences(doc):
        if not terms.may_match(s.text) or not is_commitment(s, ctx, subjects, skip_kinds=skip_kinds):
            continue
        matches = [
            m
            for m in terms.find(s.text, s.kinds, s.context)
            if not s.is_quoted(m.start, m.end)
            and not permitted_only(s.text, m.start)
            and (keep is None or keep(s, m))
        ]
        found.extend(match_hits(s, matches, terms))
    yield from fold(found)
