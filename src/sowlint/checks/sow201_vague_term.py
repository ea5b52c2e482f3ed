"""SOW201 vague-term: an unmeasured quality or quantity in a commitment ("as needed", "timely")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sowlint.findings import Hit, Rule, Severity
from sowlint.model import Document
from sowlint.prose import Sentence
from sowlint.terms import TermMatch, TermOptions, commitment_hits, in_leading_condition, load_terms

#: Exclusions say what is not done: a vague word there widens nothing.  Pricing and payment
#: clauses are the money's terms ("fair and reasonable", "the Prompt Payment Act"), not the work.
#: Assumptions are read: an assumption that says "the client will give timely feedback" cannot be
#: shown false, so the change path it should trigger never starts (only obligations there count).
_SKIP_KINDS = frozenset({"exclusions", "pricing", "payment"})
#: What a vague word after these describes is not the promise: a purpose ("... to enable timely
#: decisions", "so that users can work quickly"), the people's qualifications ("experience
#: creating modern services", "ability to rapidly prioritise") or the topic of research ("research
#: on scalable index approaches": finding out is the work).
_NOT_THE_PROMISE = re.compile(
    r"\b(?:so that|in order to|so as to|to (?:ensure|enable|allow|help|facilitate|achieve|promote|foster|"
    r"make|meet)|(?:that|which) (?:supports?|enables?|allows?|helps?)|experienced?|knowledge|familiar\w*|"
    r"skill(?:s|ed)?|abilit(?:y|ies)|proficien\w*|expertise|research (?:on|into)|stud(?:y|ies) (?:of|on)|"
    r"investigat\w+|explor\w+)\b",
    re.IGNORECASE,
)
#: "simple and intuitive enough that users succeed the first time" names its own criterion.
_ENOUGH = re.compile(r"\s+enough\s+(?:that|so|for|to)\b", re.IGNORECASE)


def _counts(s: Sentence, m: TermMatch) -> bool:
    """False for a match that is not what the sentence promises (see the patterns above)."""
    if "assumptions" in s.kinds and not s.obligation:
        return False  # "Client provides data" describes the assumed state, it promises nothing
    if in_leading_condition(s.text, m.start) or _ENOUGH.match(s.text, m.end):
        return False
    return not _NOT_THE_PROMISE.search(s.text, 0, m.start)


class VagueTerm(Rule):
    """A commitment uses a word nobody can measure."""

    code = "SOW201"
    name = "vague-term"
    severity = Severity.WARNING
    summary = (
        "A commitment uses an unmeasured quality or quantity ('as needed', 'timely', 'user-friendly'): "
        "state the number, date or standard."
    )
    why = (
        "'Support as needed' and 'a user-friendly portal' cannot be delivered, priced or accepted: each "
        "side reads its own number into them, and the difference surfaces as a dispute at acceptance."
    )
    tags = ("clarity", "measurability")
    fail_examples = (
        "## Scope\n\n- Provide support as needed throughout the engagement.\n",
        "## Deliverables\n\nThe vendor will deliver a user-friendly portal.\n",
    )
    pass_examples = (
        "## Scope\n\n- Provide up to 20 hours of support per month until 2025-08-29.\n",
        "## Exclusions\n\n- Support as needed after go-live.\n",
        '## Definitions\n\n"Timely" means within 2 business days.\n',
    )

    class Options(TermOptions):
        """Options of SOW201: ``extra-terms`` to report, ``allow`` terms never to report."""

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per vague term in a commitment (repeated identical sentences folded)."""
        terms = load_terms("vague-terms").with_options(self.options.extra_terms, self.options.allow)
        yield from commitment_hits(doc, terms, skip_kinds=_SKIP_KINDS, keep=_counts)
