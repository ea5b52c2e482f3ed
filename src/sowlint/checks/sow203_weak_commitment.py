"""SOW203 weak-commitment: the performer's work stated as a possibility ("Vendor may provide training")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document
from sowlint.prose import Sentence, sentences
from sowlint.terms import (
    PERSONNEL,
    Context,
    Subjects,
    TermMatch,
    TermOptions,
    clause_prefix,
    fold,
    is_user_story,
    load_context,
    load_terms,
    match_hits,
    performer_names,
    subject_side,
    subjects_for,
)

#: Exclusions and assumptions state no work of the performer; pricing and payment clauses state
#: the money's terms ("the contractor may invoice monthly").
_SKIP_KINDS = frozenset({"exclusions", "assumptions", "pricing", "payment"})
#: A conditional or inverted sentence ("If ..., the vendor may", "Should the vendor fail ...").
_CONDITIONAL_START = re.compile(
    r"^\W*(?:if|unless|when|whenever|where|should|in the event|in case|once|after|provided that|"
    r"subject to|to the extent)\b",
    re.IGNORECASE,
)
#: Leave granted on a condition: "may ... with written approval", "at its discretion", "upon request".
_PERMISSION = re.compile(
    r"\b(?:if|unless|upon (?:(?:the )?(?:client|customer|government)['’]s )?(?:written )?"
    r"(?:request|approval)|"
    r"when (?:requested|asked|approved)|on request|(?:at|in) (?:its|their|the \w+['’]s) (?:sole )?"
    r"(?:discretion|option|election)|with(?:out)? (?:the )?(?:\w+['’]s )?(?:prior )?(?:written )?"
    r"(?:approval|consent|permission|authori[sz]ation)|subject to|provided that|only|reserves? the right)\b",
    re.IGNORECASE,
)
_NEXT_WORDS = re.compile(r"\s*((?:[A-Za-z]+)(?:\s+[A-Za-z]+)?)")
_ADVERB = re.compile(
    r"^\s*(?:also|additionally|then|further|still|choose to|elect to|opt to|\w+ly)\s+", re.IGNORECASE
)


def _action_follows(text: str, end: int, ctx: Context) -> bool:
    """True when a verb of doing the work follows the modal ("may provide", "could also deliver")."""
    rest = text[end : end + 60]
    adverb = _ADVERB.match(rest)
    if adverb is not None:
        rest = rest[adverb.end() :]
    m = _NEXT_WORDS.match(rest)
    if m is None:
        return False
    words = m.group(1).lower().split()
    return words[0] in ctx.action_verbs or " ".join(words) in ctx.action_verbs


_QUALIFICATION = re.compile(
    r"\bshould (?:have|possess|hold|bring|be (?:familiar|experienced|skilled|proficient|knowledgeable|"
    r"certified|able to demonstrate))\b",
    re.IGNORECASE,
)


class WeakCommitment(Rule):
    """What the performer will do is stated as a possibility or an effort, not a commitment."""

    code = "SOW203"
    name = "weak-commitment"
    severity = Severity.WARNING
    summary = (
        "The performer's work is stated weakly ('should', 'may provide', 'will try', 'best effort', "
        "'aim to'): say 'will' and what is delivered, or list it as an option."
    )
    why = (
        "'Vendor may provide training' lets the client budget for training and the vendor skip it; "
        "'best effort' and 'will try' commit to activity, not a result, so nothing can be accepted or "
        "rejected against them."
    )
    tags = ("clarity", "commitment")
    fail_examples = (
        "## Scope\n\nVendor may provide training for up to 12 staff.\n",
        "## Scope\n\nThe vendor should deliver the dashboards by 2025-07-25.\n",
        "## Scope\n\n- Vendor will use best effort to deliver a scalable platform.\n",
    )
    pass_examples = (
        "## Change Control\n\nEither party may raise a change request.\n",
        "## Scope\n\nVendor may subcontract the hosting work with the client's written approval.\n",
        "## Scope\n\nThe vendor will deliver the dashboards by 2025-07-25.\n",
        "## Acceptance\n\nThe client may reject a deliverable that fails a listed criterion.\n",
    )

    class Options(TermOptions):
        """Options of SOW203: ``performers`` names the vendor, ``extra-terms``, ``allow``."""

        performers: list[str] = Field(
            default_factory=list,
            description="More names of the performing party (e.g. the vendor's company name); the "
            "names a document defines ('Vendor: Northwind (\"Northwind\")') are found by themselves.",
        )

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per weak commitment of the performer (repeated identical sentences folded)."""
        terms = load_terms("weak-commitments").with_options(self.options.extra_terms, self.options.allow)
        ctx = load_context().with_performers([*performer_names(doc), *self.options.performers])
        subjects = subjects_for(ctx)
        found: list[tuple[str, Hit]] = []
        personnel: dict[tuple[str, ...], bool] = {}  # per section path: about who the people are?
        for s in sentences(doc):
            # may_match first: most sentences hold no weak word, and then find() would find none.
            if not terms.may_match(s.text) or not self._in_scope(s, personnel):
                continue
            matches = [m for m in terms.find(s.text, s.kinds) if self._weak(s, m, ctx, subjects)]
            found.extend(match_hits(s, matches, terms))
        yield from fold(found)

    @staticmethod
    def _in_scope(s: Sentence, personnel: dict[tuple[str, ...], bool]) -> bool:
        text = s.text
        if s.kinds & _SKIP_KINDS or text.rstrip().endswith("?") or is_user_story(text):
            return False
        if _CONDITIONAL_START.match(text):
            return False
        # Who the people are ("This person should have a background as a scrum master") is a
        # qualification a buyer prefers, not work the vendor commits to.
        path = s.node.location.section
        if path not in personnel:
            personnel[path] = any(PERSONNEL.search(t) for t in path)
        if _QUALIFICATION.search(text) or personnel[path]:
            return False
        # A sentence of a section of no known kind that states no obligation is usually an RFP's
        # instruction to bidders ("The Vendor should track their packages"), not this SOW's work.
        return bool(s.kinds) or s.obligation

    @staticmethod
    def _weak(s: Sentence, m: TermMatch, ctx: Context, subjects: Subjects) -> bool:
        if s.is_quoted(m.start, m.end):
            return False
        side = subject_side(clause_prefix(s.text, m.start), subjects)
        wanted = m.term.subjects or frozenset({"performer"})
        if side is None or side not in wanted:
            return False
        if m.term.action:
            return _action_follows(s.text, m.end, ctx) and not _PERMISSION.search(s.text)
        return True
