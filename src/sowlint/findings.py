"""What rules yield (:class:`Hit`) and what users see (:class:`Finding`), and the rule base class."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from sowlint.model import Block, Cell, Document, Location, Row, Section


class Severity(str, Enum):
    """How much a finding matters; ``fail-on`` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return ("info", "warning", "error").index(self.value)


Node = Section | Block | Row | Cell | Document


@dataclass(frozen=True)
class Hit:
    """One problem a rule found: the node it is about, a message, and the matched text."""

    node: Node
    message: str
    excerpt: str | None = None
    #: 0-based character offsets of the match inside the node's text, if known.
    span: tuple[int, int] | None = None
    count: int = 1
    #: Where the other occurrences folded into ``count`` stand (node, span), so a suppression
    #: comment on the first one does not hide the rest.
    more: tuple[tuple[Node, tuple[int, int] | None], ...] = ()


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class RuleOptions(BaseModel):
    """Base of every rule's options model (no options by default).

    Keys are kebab-case in configuration files, as every other key (``min-records``); the Python
    spelling (``min_records``) is accepted too.
    """

    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)


class Rule:
    """Base class of every rule; subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[str] = ""
    why: ClassVar[str] = ""
    tags: ClassVar[tuple[str, ...]] = ()
    origin: ClassVar[str] = "sowlint"
    default_enabled: ClassVar[bool] = True
    fail_examples: ClassVar[tuple[str, ...]] = ()
    pass_examples: ClassVar[tuple[str, ...]] = ()
    Options: ClassVar[type[RuleOptions]] = RuleOptions

    def __init__(self, options: RuleOptions | None = None) -> None:
        self.options = options if options is not None else self.Options()

    def check(self, doc: Document) -> Iterable[Hit]:
        """Yield hits for ``doc`` (classified).  Never raise on content; never read files."""
        raise NotImplementedError


class Finding(BaseModel):
    """A hit stamped by the engine with code, severity, location and fingerprint."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    location: Location
    excerpt: str | None = None
    fingerprint: str
    count: int = 1
    #: Every occurrence folded into this finding (the first is ``location``); not in the JSON contract.
    occurrences: tuple[Location, ...] = Field(default=(), exclude=True, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract shape of one finding."""
        loc = self.location.model_dump(exclude={"path"})
        loc["section"] = list(self.location.section)
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "location": loc,
            "excerpt": self.excerpt,
            "fingerprint": self.fingerprint,
            "count": self.count,
        }


_WS_RE = re.compile(r"\s+")
_NUM_PREFIX_RE = re.compile(r"^[\d.()a-zA-Z]{0,6}\s+")


def _norm_for_key(text: str) -> str:
    return _WS_RE.sub(" ", text).strip().lower()


@dataclass
class Fingerprinter:
    """Stable fingerprints: code + section titles + matched text + occurrence index, no positions.

    Text moving up or down the document (lines inserted above) keeps every key; only editing the
    finding's own section titles or text changes it.
    """

    seen: dict[str, int] = field(default_factory=dict)

    def __call__(self, code: str, location: Location, anchor: str) -> str:
        """Return the fingerprint for a finding of ``code`` at ``location`` about ``anchor`` text."""
        titles = " / ".join(_norm_for_key(_NUM_PREFIX_RE.sub("", t)) for t in location.section)
        base = f"{code}\x1f{titles}\x1f{_norm_for_key(anchor)[:300]}"
        n = self.seen.get(base, 0)
        self.seen[base] = n + 1
        return hashlib.sha256(f"{base}\x1f{n}".encode()).hexdigest()[:16]


def node_location(node: Node, path: str) -> Location:
    """The location of any node (a Document is located at the file itself)."""
    if isinstance(node, Document):
        return Location(path=path)
    return node.location


def node_text(node: Node) -> str:
    """The text of any node."""
    if isinstance(node, Document):
        return node.title or ""
    return node.text
