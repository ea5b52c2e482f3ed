"""The prose the clarity rules read: sentences of commitments, with the context that decides.

Clarity rules (SOW2xx, SOW3xx) must not flag a word list blindly: a vague term in a heading, a
definition, a quoted example, legal boilerplate, a signature block or the exclusions section is
not a vague commitment.  This module walks a classified document once and yields
:class:`Sentence` objects carrying that context (section kinds, whether the sentence states an
obligation, which spans are quoted), so each rule decides with the same evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sowlint.memo import LastDocument
from sowlint.model import Block, Cell, Document, ListItem, Paragraph, Section, Table

#: Sections whose prose is not a commitment of this SOW: definitions, boilerplate, signatures,
#: instructions to bidders, background.
NOT_COMMITMENTS = frozenset({"definitions", "term", "signatures", "instructions", "background"})
#: Where vagueness costs most (scope creep, unreachable acceptance): rules may weigh these higher.
KEY_KINDS = frozenset({"scope", "deliverables", "acceptance"})

#: A sentence ends at . ! ? ; before a capital, except after abbreviations ("e.g. OMB", "U.S. Code").
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bU\.S\.)(?<!\bvs\.)(?<!\bNo\.)(?<!\bInc\.)"
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bcf\.)\s+(?=[\"'(\[]?[A-Z0-9])"
)
_QUOTED = re.compile(r"\"[^\"\n]{1,200}\"|“[^”\n]{1,200}”|‘[^’\n]{1,120}’|'[^'\n]{1,120}'(?!\w)")
_DEFINITION = re.compile(
    r"^\s*(?:[\"“'‘][^\"”'’]{1,60}[\"”'’]|[A-Z][\w-]*(?: [A-Z][\w-]*){0,4})\s*(?:\([A-Z]{2,}\)\s*)?"
    r"(?:means|shall mean|refers to|is defined as|has the meaning)\b",
)
#: A sentence that goes on about the one before it ("This notification shall be given within 24 hours").
_FOLLOW_UP = re.compile(r"^(?:This|These|That|Those|Such|It|They|Each such)\b")
_SIGNATURE = re.compile(
    r"^\s*(?:signature|signed|name|printed name|title|date|by|witness)\s*:|_{4,}|\.{6,}", re.IGNORECASE
)
_OBLIGATION = re.compile(
    r"\b(?:will|shall|must|agrees? to|(?:is|are) (?:responsible|required|expected) (?:for|to)|"
    r"commits? to|undertakes? to|is to|are to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose and where it stands."""

    node: Paragraph | ListItem | Cell
    text: str
    #: offset of ``text`` inside ``node.text``
    start: int
    #: kinds of the enclosing sections (outermost first) and of the block itself
    kinds: frozenset[str]
    section: Section | None
    #: True when it states what a party will/shall/must do (or is a list item under such a lead-in)
    obligation: bool
    #: spans (relative to ``text``) inside quotation marks: examples and defined terms
    quoted: tuple[tuple[int, int], ...] = field(default=())
    #: the text that can qualify the sentence: itself and a follow-up sentence about it ("This
    #: notification ..."), or the whole table row of a cell (an "Acceptable Quality Level" cell
    #: bounds the standard beside it)
    context: str = ""

    def is_quoted(self, start: int, end: int) -> bool:
        """True if ``text[start:end]`` lies inside quotation marks."""
        return any(s <= start and end <= e for s, e in self.quoted)

    @property
    def key(self) -> bool:
        """True in a scope, deliverables or acceptance section."""
        return bool(self.kinds & KEY_KINDS)


_LIST_MARK = re.compile(r"^\s*(?:[-*•▪◦]|\(?[0-9a-zA-Z]{1,3}[.)])\s")


def _joined(text: str) -> str:
    """``text`` with soft line wraps turned into spaces (same length, so offsets still hold).

    A line break stays a break after terminal punctuation or a colon, after a short label-like line
    ("Version: TBD"), and before a list marker; elsewhere it is a wrapped line of one sentence, as
    markdown soft breaks and PDF lines are.
    """
    chars = list(text)
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        stripped = line.rstrip()
        nxt = lines[i + 1]
        hard = (
            not stripped
            or stripped[-1] in ".:;!?"
            or len(stripped) < 50
            or bool(_LIST_MARK.match(nxt))
            or not nxt.strip()
        )
        if not hard:
            chars[pos] = " "
        pos += 1
    return "".join(chars)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split text into ``(offset, sentence)`` pairs on sentence punctuation and hard line breaks."""
    out: list[tuple[int, str]] = []
    for line_match in re.finditer(r"[^\n]+", _joined(text)):
        line, base = line_match.group(0), line_match.start()
        pos = 0
        for m in _SENTENCE_END.finditer(line):
            piece = line[pos : m.start()]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((base + pos + lead, piece.strip()))
            pos = m.end()
        piece = line[pos:]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((base + pos + lead, piece.strip()))
    return out


def inside_pair(text: str, at: int, pairs: tuple[tuple[str, str], ...]) -> bool:
    """True when ``at`` lies between an opening and its closing mark of one of ``pairs``.

    "[CLIENT NAME]", "{{ AGENCY }}", "“the Vendor”": a placeholder or a quotation, not running text.
    """
    for open_, close in pairs:
        i = text.rfind(open_, 0, at)
        if i >= 0 and text.find(close, i, at) < 0 and text.find(close, at) >= 0:
            return True
    return False


def is_definition(text: str) -> bool:
    """True for a sentence that defines a term ("'Acceptance' means ...")."""
    return bool(_DEFINITION.search(text))


def is_signature_line(text: str) -> bool:
    """True for a signature-block line ("Name: ____", "Date: ......")."""
    return bool(_SIGNATURE.search(text))


def states_obligation(text: str) -> bool:
    """True when the sentence says what a party will, shall or must do."""
    return bool(_OBLIGATION.search(text))


def _quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _QUOTED.finditer(text))


def _block_units(block: Block) -> Iterator[tuple[Paragraph | ListItem | Cell, str]]:
    """Each unit of prose in a block with the text around it (its row, for a table cell)."""
    if isinstance(block, Table):
        for row in block.rows:
            context = row.text
            for cell in row.cells:
                yield cell, context
    else:
        yield block, block.text


#: the sentences of the last document asked for: a dozen clarity rules read the same ones
_MEMO = LastDocument()


def sentences(doc: Document, *, skip_kinds: frozenset[str] = NOT_COMMITMENTS) -> Iterator[Sentence]:
    """Every prose sentence of the document outside ``skip_kinds`` sections, in document order.

    Remembered for the last document (:mod:`sowlint.memo`); see :func:`_sentences` for what counts.
    """
    found = _MEMO.get(doc, skip_kinds, lambda: tuple(_sentences(doc, skip_kinds=skip_kinds)))
    return iter(found)


def _sentences(doc: Document, *, skip_kinds: frozenset[str] = NOT_COMMITMENTS) -> Iterator[Sentence]:
    """Every prose sentence of the document outside ``skip_kinds`` sections, in document order.

    Headings, definitions, signature lines and sections of the skipped kinds are left out. A list
    item counts as an obligation when the lead-in paragraph before its list states one
    ("The vendor will:"), as do items of scope and deliverables sections.
    """

    def walk_blocks(
        blocks: tuple[Block, ...], kinds: frozenset[str], sec: Section | None
    ) -> Iterator[Sentence]:
        leadin_obligation = False
        for block in blocks:
            block_kinds = kinds | frozenset(block.kinds)
            if block_kinds & skip_kinds:
                continue
            if isinstance(block, Paragraph):
                leadin_obligation = states_obligation(block.text) and block.text.rstrip().endswith(":")
            for unit, row_text in _block_units(block):
                pieces = split_sentences(unit.text)
                for n, (offset, text) in enumerate(pieces):
                    if is_definition(text) or is_signature_line(text):
                        continue
                    context = row_text if isinstance(unit, Cell) else text
                    if n + 1 < len(pieces) and _FOLLOW_UP.match(pieces[n + 1][1]):
                        context += " " + pieces[n + 1][1]  # "... timely notification. This notification ..."
                    obligation = states_obligation(text) or (
                        isinstance(unit, ListItem)
                        and (leadin_obligation or bool(block_kinds & {"scope", "deliverables"}))
                    )
                    yield Sentence(
                        node=unit,
                        text=text,
                        start=offset,
                        kinds=block_kinds,
                        section=sec,
                        obligation=obligation,
                        quoted=_quoted_spans(text),
                        context=context,
                    )

    def walk(sec: Section, inherited: frozenset[str]) -> Iterator[Sentence]:
        # A subsection with kinds of its own is that kind ("Deliverables" under a title section the
        # taxonomy calls scope); one without inherits its parent's ("3.1 Ingestion" under "Scope").
        kinds = frozenset(sec.kinds) or inherited
        if kinds & skip_kinds:
            return
        yield from walk_blocks(sec.blocks, kinds, sec)
        for sub in sec.sections:
            yield from walk(sub, kinds)

    yield from walk_blocks(doc.blocks, frozenset(), None)
    for top in doc.sections:
        yield from walk(top, frozenset())
