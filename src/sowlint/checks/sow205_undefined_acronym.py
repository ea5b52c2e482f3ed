"""SOW205 undefined-acronym: an acronym used before it is spelled out, or never spelled out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import Field

from sowlint.findings import Hit, Node, Rule, RuleOptions, Severity
from sowlint.model import Cell, Document, ListItem, Paragraph, Section, Table
from sowlint.prose import inside_pair, sentences
from sowlint.resources import load_yaml, rules_dir

#: An acronym: two or more capitals, "&" inside (T&M), an optional plural "s"; never digits, so
#: identifiers (D1, FY22, ID09160058) and versions are not acronyms.
_ACRONYM = re.compile(r"(?<![\w&@.#$%-])(?P<tok>[A-Z][A-Z&]*[A-Z])(?P<plural>s)?(?![\w&@-]|\.\w)")
#: What every acronym (and so every match of ``_ACRONYM``) holds: two capitals in a row ("UAT",
#: "T&M").  Most texts have none, and this case-sensitive pattern, unlike ``_ACRONYM`` with its
#: leading look-behind, lets ``re`` skip straight to capital letters.
_CAPITALS = re.compile(r"[A-Z][A-Z&]*[A-Z]")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
#: A number right after (FAR 52.212, ISO 27001, OMB M-05-24) or right before (10 GB, 3 PM):
#: a citation, an identifier, a unit or a time, not an acronym to spell out.
_NUMBER_AFTER = re.compile(
    r"\s?[-‐–]?\s?\d|\s+(?:Section|Sec\.|§|Part|Title|Chapter|[A-Z]{1,3}[-‐–\s]?)\s*\d"
)
_NUMBER_BEFORE = re.compile(r"\d\s?$")
#: "ZTE Corporation", "TIN number", "CAGE code": a company's name or the name of an identifier.
_NAME_AFTER = re.compile(
    r"\s+(?:Corporation|Corp\b|Inc\b|Company|Co\.|LLC|Ltd\b|Limited|Group|Foundation|GmbH|plc|"
    r"[Nn]umber|[Nn]o\.|[Cc]ode)",
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’&-]*")
_URLISH = re.compile(r"://|www\.|@|\.(?:gov|com|org|net|io|edu)\b", re.IGNORECASE)
#: "(UAT)", "(the "CHI")", "(COR/ACOR)", "(CO or COR)": a parenthesis holding only short names.
_PAREN = re.compile(r"\(([^()\n]{1,80})\)")
_PAREN_FILLER = re.compile(
    r"^(?:the|hereinafter|hereafter|referred|identified|defined|abbreviated|to|as|also|known|aka|or|and|"
    r"collectively|each|a|an|called)$",
    re.IGNORECASE,
)
_PAREN_ACRONYM = re.compile(r"^[\"“'‘]?(?P<acr>[A-Za-z][A-Za-z&]*[A-Z][A-Za-z&]*)(?:s|’s|'s)?[\"”'’]?$")
#: "UAT: User Acceptance Testing", "UAT – User ...", "UAT means User ..." at the start of a line.
_GLOSSARY_LINE = re.compile(
    r"^\s*[\"“]?(?P<acr>[A-Z][A-Z&]*[A-Z])s?[\"”]?\s*(?:[:=–—-]|\bmeans\b|\bstands for\b|\brefers to\b)"
    r"\s*(?P<first>[A-Za-z])\S*\s+\S+"
)
_GLOSSARY_HEADER = re.compile(r"\b(acronyms?|abbreviations?|terms?|definitions?|meaning|stands for)\b", re.I)


@dataclass(frozen=True)
class _Lists:
    allow: frozenset[str]
    states: frozenset[str]
    expansions: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    raw = load_yaml((rules_dir() / "clarity" / "acronyms-allow.yaml").read_text(encoding="utf-8"))
    allow = {str(a) for group in (raw.get("allow") or {}).values() for a in group or ()}
    return _Lists(
        allow=frozenset(allow),
        states=frozenset(str(s) for s in raw.get("us_states") or ()),
        expansions={str(k): str(v) for k, v in (raw.get("expansions") or {}).items()},
    )


@dataclass
class _Definitions:
    """Where each acronym is first spelled out in the text (a glossary is :func:`_glossary`).

    A long form is "Words (ACR)", "ACR (Words)", "ACR: Words" or capitalised words whose initials
    spell the acronym ("the Blanket Purchase Agreement" for BPA), which a reader can connect.
    """

    #: acronym -> (reading position, node) of its first inline spelled-out form
    first: dict[str, tuple[tuple[int, int], Node]] = field(default_factory=dict)

    def add(self, acr: str, pos: tuple[int, int], node: Node) -> None:
        """Record an inline definition at ``pos`` unless an earlier one is known ("FSBid" defines FSBID)."""
        acr = acr.upper()
        if acr not in self.first or pos < self.first[acr][0]:
            self.first[acr] = (pos, node)


def _long_form_definitions(text: str) -> Iterator[tuple[str, int]]:
    """Acronyms spelled out before them: "Words (ACR)", "Office of Operations (QRAD)"."""
    if "(" not in text:
        return
    for m in _PAREN.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or not (before[-1].isalnum() or before[-1] in "\"”’'."):
            continue
        pieces = [p for p in re.split(r"[\s/,;]+", m.group(1).strip()) if p and not _PAREN_FILLER.match(p)]
        found = [_PAREN_ACRONYM.match(p) for p in pieces]
        if not pieces or not all(found):
            continue
        # The long form stands before the parenthesis: one of the last words starts like the acronym
        # ("Blanket Purchase Agreement (BPA)") or a name does ("Office of Contract Operations (QRAD)"),
        # unlike a gloss ("function signatures (EVM)").
        last = _WORD.findall(before)[-10:]
        initials = {w[0].upper() for w in last}
        named = len(last) >= 2 and all(w[0].isupper() for w in last[-2:])  # "Office of Operations (QRAD)"
        for f in found:
            assert f is not None
            acr = _singular(f.group("acr"))
            if named or acr[0].upper() in initials:
                yield acr, m.start()


def _acronym_definitions(text: str) -> Iterator[tuple[str, int]]:
    """Acronyms (in capitals, as written in ``text``) followed by their long form: "ACR (Words)",
    "ACR: Words" at the start of a line, "CI Case Initiation"."""
    if not _CAPITALS.search(text):
        return  # no acronym in capitals here
    for m in _ACRONYM.finditer(text):
        paren = _PAREN_AFTER.match(text, m.end())
        if paren:
            words = _WORD.findall(paren.group(1))
            if len(words) >= 2 and words[0][0].upper() == m.group("tok")[0]:
                yield m.group("tok"), m.start()
    g = _GLOSSARY_LINE.match(text)
    if g and g.group("first")[0].upper() == g.group("acr")[0]:
        yield g.group("acr"), g.start("acr")
    for m in _ACRONYM.finditer(text):
        if _initials_follow(m.group("tok"), text, m.end()):
            yield m.group("tok"), m.start()


def _singular(acr: str) -> str:
    """ "CTAs" -> "CTA"; "DoD" stays."""
    return acr[:-1] if acr.endswith("s") and sum(c.isupper() for c in acr) >= 2 else acr


_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|to|in|on|&)\s+)?[A-Z][\w'’-]*)+")
_RUN_WORD = re.compile(r"[\w'’&-]+")


def _expanded_initials(
    text: str, *, short_suffixes: bool = False, last_letters: frozenset[str] | None = None
) -> Iterator[tuple[str, int]]:
    """Acronyms a run of capitalised words spells, with the run's offset.

    The acronym is the initials of the run's last words: "the Agile Blanket Purchase Agreement" gives
    BPA (and ABPA), "Statement of Objectives" gives SO and SOO.  A two-letter acronym needs a run of
    exactly two words ("Project Manager"), so that long headings do not spell short acronyms by chance,
    unless ``short_suffixes`` (for the text just before a use: "The Procurement Project Manager ...
    the Procurement PM").  With ``last_letters``, only the acronyms ending in one of them.
    """
    for run in _NAME_RUN.finditer(text):
        # Every acronym of a run ends with the initial of its last word, the capital after its last space.
        if last_letters is not None and run.group(0).rsplit(None, 1)[-1][0] not in last_letters:
            continue
        words = _RUN_WORD.findall(run.group(0))
        if words[0] in ("The", "A", "An", "This", "Each", "All"):
            words = words[1:]
        everyone = [w[0].upper() for w in words]
        capitalised = [w[0].upper() for w in words if w[0].isupper()]
        # Initials of the capitalised words, then of all words ("SO" and "SOO"); once when the same.
        for initials in (capitalised, everyone) if len(capitalised) < len(everyone) else (everyone,):
            for i in range(len(initials) - 1):
                acronym = "".join(initials[i:])
                if len(acronym) >= 3 or (len(acronym) == 2 and (short_suffixes or len(initials) == 2)):
                    yield acronym, run.start()


#: Capitalised words that begin sentences or clauses rather than names.
_SENTENCE_WORDS = frozenset(
    {
        "The",
        "A",
        "An",
        "All",
        "Each",
        "Every",
        "Any",
        "No",
        "Our",
        "Your",
        "Its",
        "This",
        "These",
        "That",
        "Those",
        "If",
        "When",
        "For",
        "With",
        "Under",
        "Per",
        "Via",
        "And",
        "Or",
        "Both",
        "Either",
        "Use",
        "See",
    }
)
_MINOR = frozenset({"of", "and", "the", "for", "to", "in", "on", "a", "an", "&"})
_SEPARATOR = re.compile(r"\s*[:=–—-]?\s*")
_FOLLOW_WORD = re.compile(r"[A-Za-z][\w'’-]*|&")
#: "UAT (User Acceptance Testing)": a long form in parentheses right after the acronym.
_PAREN_AFTER = re.compile(r"\s*\(([^()\n]{3,120})\)")


def _initials_follow(acr: str, text: str, pos: int) -> bool:
    """True when the words after an acronym (ending at ``pos``) spell it out: "CI Case Initiation"."""
    letters = [c for c in acr if c != "&"]
    # The words within 12 characters a letter, after a separator ("UAT - User ..."): searched in place
    # (pos, endpos) rather than in a copy of the rest of the text, which these patterns allow.
    separator = _SEPARATOR.match(text, pos)
    start = separator.end() if separator else pos
    words = _FOLLOW_WORD.findall(text, start, start + 12 * len(letters))
    words = [w for w in words if w.lower() not in _MINOR]
    if len(words) < len(letters) or len(letters) < 2:
        return False
    return all(w[0].upper() == c for w, c in zip(words, letters, strict=False)) and words[0][0].isupper()


def _units(doc: Document) -> Iterator[tuple[Node, str, frozenset[str], Table | None]]:
    """Every text-bearing node with its text, inherited section kinds and table (headings included)."""

    def blocks(
        items: tuple[Paragraph | ListItem | Table, ...], kinds: frozenset[str]
    ) -> Iterator[tuple[Node, str, frozenset[str], Table | None]]:
        for b in items:
            bk = kinds | frozenset(b.kinds)
            if isinstance(b, Table):
                for row in b.rows:
                    for cell in row.cells:
                        yield cell, cell.text, bk, b
            else:
                yield b, b.text, bk, None

    def walk(
        sec: Section, inherited: frozenset[str]
    ) -> Iterator[tuple[Node, str, frozenset[str], Table | None]]:
        kinds = frozenset(sec.kinds) or inherited
        yield sec, sec.title, kinds, None
        yield from blocks(sec.blocks, kinds)
        for sub in sec.sections:
            yield from walk(sub, kinds)

    yield from blocks(doc.blocks, frozenset())
    for top in doc.sections:
        yield from walk(top, frozenset())


def _glossary(doc: Document) -> frozenset[str]:
    """Acronyms a glossary lists: in definitions sections, or in the first column of a table whose
    header names a glossary (upper-cased)."""
    found: set[str] = set()
    #: per table (by id): the ids of its first-column cells if its header names a glossary, else none
    glossary_cells: dict[int, frozenset[int]] = {}
    for node, text, kinds, table in _units(doc):
        glossary = "definitions" in kinds
        if table is not None and isinstance(node, Cell):
            if id(table) not in glossary_cells:
                glossary_cells[id(table)] = (
                    frozenset(id(row.cells[0]) for row in table.rows if row.cells)
                    if _GLOSSARY_HEADER.search(" ".join(table.header))
                    else frozenset()
                )
            glossary = glossary or id(node) in glossary_cells[id(table)]
        if glossary:
            found.update(m.group("tok").upper() for m in _ACRONYM.finditer(text))
    return frozenset(found)


def _definitions(doc: Document, order: dict[int, int], wanted: frozenset[str]) -> _Definitions:
    """The first spelled-out form of each of the ``wanted`` acronyms (upper-cased: those the document
    uses), looked for only once they are known."""
    defs = _Definitions()
    if not wanted:
        return defs
    last_letters = frozenset(w[-1] for w in wanted)
    # Any of the wanted acronyms as written.
    written = re.compile("|".join(re.escape(w) for w in sorted(wanted)))
    for node, text, _, _ in _units(doc):
        at = order.get(id(node), 0)
        for acr, offset in _expanded_initials(text, last_letters=last_letters):
            if acr.upper() in wanted:
                defs.add(acr, (at, offset), node)
        for acr, offset in _long_form_definitions(text):
            if acr.upper() in wanted:
                defs.add(acr, (at, offset), node)
        # These definitions start with the acronym as written ("ACR (Words)", "ACR: Words"): a text
        # without any of the wanted ones defines none of them.
        if not written.search(text):
            continue
        for acr, offset in _acronym_definitions(text):
            if acr.upper() in wanted:
                defs.add(acr, (at, offset), node)
    return defs


def _vocabulary(doc: Document) -> frozenset[str]:
    """Words the document writes in lower or title case: their all-capital forms are shouting."""
    # One pass over all texts (a line break, which no word holds, between them); each distinct word
    # is then tested once, not at every use.
    seen = set(_WORD.findall("\n".join(text for _, text, _, _ in _units(doc))))
    return frozenset(w.lower() for w in seen if w.islower() or (w[0].isupper() and w[1:].islower()))


def _shouted(text: str) -> bool:
    """True for an all-capital sentence or heading-like line ("LIMITATION OF LIABILITY")."""
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    caps = [w for w in words if w.isupper()]
    return len(words) >= 3 and len(caps) >= 0.6 * len(words)


def _caps_runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Runs of two or more adjacent all-capital words: (start, end, words)."""
    runs: list[tuple[int, int, list[str]]] = []
    # "GSA FAS AAS/NCR": words joined by spaces or slashes make one organisation code
    for m in re.finditer(r"\b[A-Z][A-Z&'’]+(?:(?:[ \t]+|/)[A-Z][A-Z&'’]+)+\b", text):
        runs.append((m.start(), m.end(), re.split(r"[ \t/]+", m.group(0))))
    return runs


class UndefinedAcronym(Rule):
    """An acronym is used without being spelled out first."""

    code = "SOW205"
    name = "undefined-acronym"
    severity = Severity.INFO
    #: Off by default: on the corpus review (benchmarks/precision) a delivery lead agreed with only
    #: about half its findings, most of the rest being field vocabulary (SDK, STRIDE, CVE) or names.
    #: Turn it on with extend-select = ["SOW205"] and an ``allow`` list for your readers.
    default_enabled = False
    summary = "An acronym is used before it is spelled out, or never spelled out."
    why = (
        "A SOW is read by people outside the team that wrote it: finance, legal, the client's "
        "stakeholders.  An acronym they cannot expand ('UAT', 'GFE', 'QASP') is a term of the "
        "contract they cannot check."
    )
    tags = ("clarity",)
    fail_examples = (
        "## Acceptance\n\nDeliverables are accepted after UAT by the Contoso team.\n",
        "## Acceptance\n\nUAT takes two weeks.\n\nUser Acceptance Testing (UAT) is run by Contoso.\n",
    )
    pass_examples = (
        "## Acceptance\n\nWork is accepted after User Acceptance Testing (UAT). UAT takes two weeks.\n",
        "## Pricing\n\nThe fee is USD 10,000, invoiced as a PDF.\n",
        "## Acronyms\n\n- UAT: User Acceptance Testing\n\n## Acceptance\n\nUAT takes two weeks.\n",
    )

    class Options(RuleOptions):
        """Options of SOW205."""

        allow: list[str] = Field(
            default_factory=list,
            description="Acronyms your readers know, never reported (besides the built-in list).",
        )

    options: Options

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one hit per acronym, at its first use before (or without) a spelled-out form."""
        lists = _lists()
        allow = lists.allow | set(self.options.allow)
        order = doc.reading_order()
        glossary = _glossary(doc)
        vocab = _vocabulary(doc)
        uses: dict[str, list[tuple[tuple[int, int], Node, tuple[int, int]]]] = {}
        for s in sentences(doc):
            found = list(_ACRONYM.finditer(s.text)) if _CAPITALS.search(s.text) else []
            if not found or _shouted(s.text):
                continue  # most sentences hold no acronym at all
            runs = _caps_runs(s.text)
            for m in found:
                acr = m.group("tok")
                if acr in allow or (m.group("plural") and acr + "s" in allow) or acr in glossary:
                    continue
                if self._skip(s.text, m, acr, vocab, runs, lists.states) or s.is_quoted(m.start(), m.end()):
                    continue
                local = s.node.text[: s.start + m.start()]
                if any(a == acr for a, _ in _expanded_initials(local, short_suffixes=True)):
                    continue  # spelled out just before, in the same paragraph
                pos = (order.get(id(s.node), 0), s.start + m.start())
                uses.setdefault(acr, []).append((pos, s.node, (s.start + m.start(), s.start + m.end())))
        # Where the acronyms used are spelled out, looked for once they are known.
        defs = _definitions(doc, order, wanted=frozenset(acr.upper() for acr in uses))
        for acr, occurrences in sorted(uses.items(), key=lambda kv: kv[1][0][0]):
            defined = defs.first.get(acr.upper())
            before = [o for o in occurrences if defined is None or o[0] < defined[0]]
            if not before:
                continue
            _, node, span = before[0]
            example = lists.expansions.get(acr, "the full name")
            if defined is None:
                message = (
                    f"Spell out '{acr}' at its first use, e.g. '{example} ({acr})', "
                    "or add it to the definitions."
                )
            else:
                where = defined[1].location.describe() if not isinstance(defined[1], Document) else ""
                message = (
                    f"'{acr}' is used before it is spelled out ({where}): spell it out at its first use, "
                    f"e.g. '{example} ({acr})'."
                )
            yield Hit(
                node=node,
                message=message,
                excerpt=acr,
                span=span,
                count=len(before),
                more=tuple((n, sp) for _, n, sp in before[1:]),
            )

    @staticmethod
    def _skip(
        text: str,
        m: re.Match[str],
        acr: str,
        vocab: frozenset[str],
        runs: list[tuple[int, int, list[str]]],
        states: frozenset[str],
    ) -> bool:
        """True when this capitalised token is no acronym to spell out here."""
        if set(acr) == {"X"} or _ROMAN.fullmatch(acr) or len(acr.replace("&", "")) > 6:
            return True
        if acr.lower() in vocab:  # (the order of these tests is free: cheap ones first)
            return True
        # The patterns below are tried in place (pos, endpos) instead of on copies of the text before
        # or after the acronym, which is the same for them: endpos ends the text for "$", and
        # look-behinds and "\b" still see what stands before pos.  A number just before ("10 GB") is
        # within the last three characters.
        start = m.start()
        if _NUMBER_AFTER.match(text, m.end()) or _NUMBER_BEFORE.search(text, max(0, start - 3), start):
            return True
        if _NAME_AFTER.match(text, m.end()):
            return True
        # The capitalised word just before (after its last space; trailing spaces aside) cannot start
        # earlier than that last word does.
        head = text[:start].rstrip()
        last_word = len(head) - len(head.rsplit(None, 1)[-1]) if head else 0
        prev = _WORD_BEFORE.search(text, last_word, start)
        if prev and prev.group(1) not in _SENTENCE_WORDS:
            return True  # part of a product or proper name: "Power BI", "Azure AD"
        if _NAME_FOLLOWS.match(text, m.end()):
            return (
                True  # the head of a proper name: "CREST Penetration Testing", "TANF Data Reporting System"
            )
        if acr in states and re.search(r",\s*$", text[: m.start()]):
            return True
        chunk_start = text.rfind(" ", 0, m.start()) + 1
        chunk_end = text.find(" ", m.end())
        if _URLISH.search(text[chunk_start : chunk_end if chunk_end >= 0 else len(text)]):
            return True
        if inside_pair(text, m.start(), _BRACKETS):
            return True
        if _in_example_list(text, m.start(), m.end()):
            return True
        for start, end, words in runs:
            if start <= m.start() < end:
                long_words = [w for w in words if len(w) >= 4]
                if len(words) >= 3 or any(w.lower() in vocab for w in words) or len(long_words) >= 2:
                    return True
        return False


#: The capitalised word right before an acronym, not at the start of a sentence: "Power BI".
_WORD_BEFORE = re.compile(r"(?<![.:;!?]\s)(?<!^)\b([A-Z][a-z][\w-]*)\s+$")
#: Capitalised words right after an acronym: "CREST Penetration Testing".
_NAME_FOLLOWS = re.compile(r"\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")

#: Template placeholders: "[CLIENT NAME]", "{{ AGENCY }}", "<AGENCY>".
_BRACKETS = (("[", "]"), ("{", "}"), ("<", ">"))


#: An example list: "(e.g. OMB, IGs, other agencies)", "References: CVE, CWE, etc.", "partners
#: including AGU, EDI, GSA and NCEAS".  Names given as examples illustrate; the commitment does not
#: rest on them, and spelling out each one would bury the sentence.
_EXAMPLE_CUE = re.compile(
    r"\b(?:e\.g\.|i\.e\.|such as|for example|for instance|including|like)\s*,?\s*(?:[^,;()]{1,40},\s*)*"
    r"(?:[^,;()]{0,40}\s*\b(?:and|or)\s+)?(?:[A-Z][A-Za-z0-9&-]*/)?$",
    re.I,
)
_ETC_AFTER = re.compile(r"^[^.;()]{0,60}?\betc\b", re.I)
_LIST_ITEM = r"[A-Z][A-Za-z0-9&-]*[A-Z][A-Za-z0-9&-]*s?"
_ACRONYM_LIST = re.compile(rf"{_LIST_ITEM}(?:\s*,\s*{_LIST_ITEM}){{2,}}(?:,?\s+(?:and|or)\s+{_LIST_ITEM})?")


def _in_example_list(text: str, start: int, end: int) -> bool:
    """True when the acronym is one of several names given as examples or as a bare list."""
    clause_start = max(text.rfind(c, 0, start) for c in "(;:") + 1
    # the cue may stand before earlier items of the same list: "(e.g. OMB, IGs, ..."
    if _EXAMPLE_CUE.search(text[clause_start:start]):
        return True
    if _ETC_AFTER.match(text[end:]):
        return True
    return any(m.start() <= start and end <= m.end() for m in _ACRONYM_LIST.finditer(text))
