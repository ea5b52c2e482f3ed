"""Word .docx reader (python-docx for the package, lxml for the body): headings, lists, tables.

python-docx opens the OPC package and parses its parts; the body is then walked as raw XML
because ``paragraph.text`` misses content controls, fields and hyperlinks in some versions and
``table.rows[i].cells`` repeats merged cells.  Headings come from heading styles, styles based
on them and outline levels; documents without heading styles get headings inferred from
numbering, bold and ALL CAPS.  Every node's location carries ``block``: the 1-based index of the
body-level paragraph or table it comes from (empty paragraphs count), plus table/row/cell
numbers for table content.  Checkboxes (legacy form fields and ``w14:checkbox`` content
controls) are rendered as ``[x]`` / ``[ ]``.  Word comments whose text is a sowlint directive
(``sowlint-disable SOW112 -- confirmed at signature``) become the document's directives, located at
the blocks their commented range starts and ends in.
"""

from __future__ import annotations

import bisect
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from sowlint.model import Block, Cell, Directive, Document, ListItem, Location, Paragraph, Row, Table
from sowlint.readers import ReadError
from sowlint.readers.build import (
    RawHeading,
    build_document,
    is_all_caps,
    looks_like_heading,
    number_depth,
    split_number,
)
from sowlint.readers.directives import parse_directive

#: Refuse packages whose members unpack to more than this many bytes (zip bombs).
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
#: Refuse packages with more members than this.
MAX_MEMBERS = 20_000

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_SDT, _SDT_CONTENT, _SDT_PR, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("sdtPr"), _w("customXml")
_PPR, _RPR, _VAL = _w("pPr"), _w("rPr"), _w("val")
_TAB, _PTAB, _BR, _CR = _w("tab"), _w("ptab"), _w("br"), _w("cr")
_NB_HYPHEN, _FLD_CHAR, _DRAWING, _PICT = _w("noBreakHyphen"), _w("fldChar"), _w("drawing"), _w("pict")
_TXBX_CONTENT = _w("txbxContent")
_ALT_CONTENT, _MC_CHOICE = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice"
_MATH_T, _MATH_PARA, _MATH_OMATH = f"{{{_MATH}}}t", f"{{{_MATH}}}oMathPara", f"{{{_MATH}}}oMath"
_W14_CHECKBOX, _W14_CHECKED = f"{{{_W14}}}checkbox", f"{{{_W14}}}checked"
_W14_VAL = f"{{{_W14}}}val"
# Inline containers whose runs are shown: hyperlinks, fields, content controls, tracked insertions.
_INLINE_CONTAINERS = {
    _w("hyperlink"),
    _w("fldSimple"),
    _w("smartTag"),
    _CUSTOM_XML,
    _w("ins"),
    _w("moveTo"),
    _w("dir"),
    _w("bdo"),
}
_BULLET_FORMATS = {"bullet", "none"}
_LIST_STYLE_RE = re.compile(r"\blist\b", re.IGNORECASE)
_HEADING_NAME_RE = re.compile(r"^heading\s*([1-9])$")
_LIST_LEVEL_STYLE_RE = re.compile(r"^list\b.*?(\d)\s*$")
_ALNUM_RE = re.compile(r"\w")
_CONTENTS_RE = re.compile(r"^(table of )?contents$", re.IGNORECASE)
_WORDY_RE = re.compile(r"[A-Za-z]{3,}")
_MAX_EMPTY_INFERRED = 4
_OBLIGATION_RE = re.compile(r"\b(shall|will|must)\b", re.IGNORECASE)
_LABEL_RE = re.compile(
    r"^(section|article|part|attachment|exhibit|appendix|chapter|annex)\s+([0-9]{1,3}|[A-Z]|[IVX]{1,6})$",
    re.IGNORECASE,
)
_JUNK_TITLE_RE = re.compile(
    r"^\s*(microsoft word\b.*|(word )?document\s*\d*|untitled.*|title|template|slide \d+|.*\.docx?)\s*$",
    re.IGNORECASE,
)
# Fill-in blanks and whole-line [placeholders] are form text, never inferred headings.
_FORM_TEXT_RE = re.compile(r"__|\.\.\.\.|\u2026\u2026|^\[[^\]]*\]$")


def _on(el: Any) -> bool:
    """Value of an OOXML on/off property element (absent -> False)."""
    if el is None:
        return False
    return el.get(_VAL, "true").lower() not in ("0", "false", "off")


def _toggle(rpr: Any, tag: str) -> bool | None:
    """A run property that is set (True/False) or not mentioned (None)."""
    if rpr is None:
        return None
    el = rpr.find(tag)
    return None if el is None else _on(el)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Style:
    style_id: str
    name: str
    based_on: str | None
    outline: int | None
    bold: bool | None
    caps: bool | None
    num_id: str | None
    ilvl: int | None


_TITLE = 0  # heading level sentinel for the Title style


@dataclass
class _Styles:
    """Paragraph and character styles with their base chains resolved on demand."""

    styles: dict[str, _Style] = field(default_factory=dict)
    default_para: str | None = None
    default_bold: bool = False
    default_caps: bool = False

    @classmethod
    def parse(cls, root: Any) -> _Styles:
        """Read the styles part's root element (or None)."""
        out = cls()
        if root is None:
            return out
        rpr_default = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_RPR}")
        out.default_bold = bool(_toggle(rpr_default, _w("b")))
        out.default_caps = bool(_toggle(rpr_default, _w("caps")))
        for st in root.iterfind(_w("style")):
            sid = st.get(_w("styleId"))
            if not sid:
                continue
            name_el, base_el = st.find(_w("name")), st.find(_w("basedOn"))
            ppr, rpr = st.find(_PPR), st.find(_RPR)
            outline_el = ppr.find(_w("outlineLvl")) if ppr is not None else None
            num_pr = ppr.find(_w("numPr")) if ppr is not None else None
            num_id = ilvl = None
            if num_pr is not None:
                num_el, ilvl_el = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
                num_id = num_el.get(_VAL) if num_el is not None else None
                ilvl = _int(ilvl_el.get(_VAL)) if ilvl_el is not None else None
            out.styles[sid] = _Style(
                style_id=sid,
                name=(name_el.get(_VAL, "") if name_el is not None else sid).strip().lower(),
                based_on=base_el.get(_VAL) if base_el is not None else None,
                outline=_int(outline_el.get(_VAL)) if outline_el is not None else None,
                bold=_toggle(rpr, _w("b")),
                caps=_toggle(rpr, _w("caps")),
                num_id=num_id,
                ilvl=ilvl,
            )
            if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true", "on"):
                out.default_para = sid
        return out

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        """The style and its base styles, nearest first (cycle-safe)."""
        seen: set[str] = set()
        sid = style_id if style_id is not None else self.default_para
        while sid and sid not in seen and len(seen) < 32:
            seen.add(sid)
            st = self.styles.get(sid)
            if st is None:
                return
            yield st
            sid = st.based_on

    def name(self, style_id: str | None) -> str | None:
        """Lower-case style name."""
        st = next(self.chain(style_id), None)
        return st.name if st else None

    def heading_level(self, style_id: str | None) -> int | None:
        """Heading level a paragraph style gives (``_TITLE`` for Title), None for body styles."""
        for st in self.chain(style_id):
            if st.name == "title":
                return _TITLE
            if st.name == "subtitle":
                return None
            if st.outline is not None:
                return None if st.outline >= 9 else st.outline + 1
            m = _HEADING_NAME_RE.match(st.name)
            if m:
                return int(m.group(1))
        return None

    def bold(self, style_id: str | None) -> bool:
        """Whether text in this style is bold unless a run says otherwise."""
        for st in self.chain(style_id):
            if st.bold is not None:
                return st.bold
        return self.default_bold

    def caps(self, style_id: str | None) -> bool:
        """Whether this style renders its text in capitals."""
        for st in self.chain(style_id):
            if st.caps is not None:
                return st.caps
        return self.default_caps

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style applies, from the nearest style that says."""
        for st in self.chain(style_id):
            if st.num_id is not None:
                return st.num_id, st.ilvl
        return None, None

    def is_list(self, style_id: str | None) -> bool:
        """True for List Paragraph / List Bullet / List Number ... and styles based on them."""
        return any(_LIST_STYLE_RE.search(st.name) for st in self.chain(style_id))

    def is_toc(self, style_id: str | None) -> bool:
        """True for table-of-contents entry styles."""
        name = self.name(style_id) or ""
        return name.startswith(("toc ", "table of figures", "index "))


# --------------------------------------------------------------------------- numbering


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int
    style: str | None
    legal: bool


def _roman(n: int) -> str:
    out = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out) or "0"


def _letters(n: int) -> str:
    if n <= 0:
        return "0"
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


_LEVEL_REF_RE = re.compile(r"%([1-9])")


@dataclass
class _Numbering:
    """The numbering part: list definitions plus the running counters of one document read."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, _Level | int]] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @staticmethod
    def _level(lvl: Any) -> tuple[int, _Level]:
        ilvl = _int(lvl.get(_w("ilvl"))) or 0
        fmt_el, text_el, start_el = lvl.find(_w("numFmt")), lvl.find(_w("lvlText")), lvl.find(_w("start"))
        style_el = lvl.find(_w("pStyle"))
        return ilvl, _Level(
            fmt=fmt_el.get(_VAL, "decimal") if fmt_el is not None else "decimal",
            text=text_el.get(_VAL, "") if text_el is not None else "",
            start=(_int(start_el.get(_VAL)) or 0) if start_el is not None else 1,
            style=style_el.get(_VAL) if style_el is not None else None,
            legal=_on(lvl.find(_w("isLgl"))),
        )

    @classmethod
    def parse(cls, root: Any, styles: _Styles) -> _Numbering:
        """Read the numbering part's root element (or None); ``styles`` resolves numStyleLink."""
        out = cls()
        if root is None:
            return out
        links: dict[str, str] = {}
        for an in root.iterfind(_w("abstractNum")):
            aid = an.get(_w("abstractNumId"))
            if aid is not None:
                out.abstract[aid] = dict(cls._level(lvl) for lvl in an.iterfind(_w("lvl")))
                link = _prop_val(an, "numStyleLink")
                if link and not out.abstract[aid]:
                    links[aid] = link
        for num in root.iterfind(_w("num")):
            nid, aid_el = num.get(_w("numId")), num.find(_w("abstractNumId"))
            if nid is None or aid_el is None:
                continue
            out.nums[nid] = aid_el.get(_VAL, "")
            ovr: dict[int, _Level | int] = {}
            for lo in num.iterfind(_w("lvlOverride")):
                ilvl = _int(lo.get(_w("ilvl"))) or 0
                lvl = lo.find(_w("lvl"))
                start = lo.find(_w("startOverride"))
                if lvl is not None:
                    ovr[ilvl] = cls._level(lvl)[1]
                elif start is not None:
                    ovr[ilvl] = _int(start.get(_VAL)) or 0
            if ovr:
                out.overrides[nid] = ovr
        for nid, aid in list(out.nums.items()):
            # a list that only points at a numbering style: use that style's list definition
            link = links.get(aid)
            style_num = styles.numbering(link)[0] if link else None
            target = out.nums.get(style_num or "")
            if target is not None and out.abstract.get(target):
                out.nums[nid] = target
        return out

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        """Definition of one list level."""
        ovr = self.overrides.get(num_id, {}).get(ilvl)
        if isinstance(ovr, _Level):
            return ovr
        return self.abstract.get(self.nums.get(num_id, ""), {}).get(ilvl)

    def style_ilvl(self, num_id: str, style_id: str | None) -> int:
        """The list level a style-linked list assigns to ``style_id`` (0 if none)."""
        for ilvl, lvl in self.abstract.get(self.nums.get(num_id, ""), {}).items():
            if style_id is not None and lvl.style == style_id:
                return ilvl
        return 0

    def advance(self, num_id: str, ilvl: int) -> str | None:
        """Count one numbered paragraph and return its rendered number (None for bullets)."""
        aid = self.nums.get(num_id)
        if aid is None:
            return None
        levels = self.abstract.get(aid, {})
        counts = self.counters.setdefault(aid, [None] * 9)
        ilvl = max(0, min(ilvl, 8))
        ovr = self.overrides.get(num_id, {}).get(ilvl)
        if isinstance(ovr, int) and num_id not in self.started:
            counts[ilvl] = None
            start = ovr
        else:
            lvl = self.level(num_id, ilvl)
            start = lvl.start if lvl else 1
        self.started.add(num_id)
        counts[ilvl] = start if counts[ilvl] is None else (counts[ilvl] or 0) + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None
        lvl = self.level(num_id, ilvl)
        if lvl is None or lvl.fmt in _BULLET_FORMATS:
            return None

        def ref(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            k_lvl = self.level(num_id, k) or levels.get(k)
            value = counts[k] if counts[k] is not None else (k_lvl.start if k_lvl else 1)
            fmt = "decimal" if lvl.legal or k_lvl is None else k_lvl.fmt
            return _format_number(value or 0, fmt)

        rendered = _LEVEL_REF_RE.sub(ref, lvl.text).strip()
        return rendered or None


# --------------------------------------------------------------------------- paragraphs


@dataclass
class _Para:
    """What the reader needs to know about one paragraph."""

    text: str
    bold: bool
    caps: bool
    style_id: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None
    direct_ilvl: int | None = None
    extra: list[Any] = field(default_factory=list)  # paragraphs from text boxes anchored here


def _checkbox_mark(checked: bool) -> str:
    return "[x]" if checked else "[ ]"


def _legacy_checkbox(fld_char: Any) -> str | None:
    """``[x]``/``[ ]`` for a FORMCHECKBOX field's begin mark, else None."""
    if fld_char.get(_w("fldCharType")) != "begin":
        return None
    box = fld_char.find(f"{_w('ffData')}/{_w('checkBox')}")
    if box is None:
        return None
    checked = box.find(_w("checked"))
    if checked is None:
        checked = box.find(_w("default"))
    return _checkbox_mark(_on(checked))


def _sdt_checkbox(sdt: Any) -> str | None:
    """``[x]``/``[ ]`` for a ``w14:checkbox`` content control, else None."""
    pr = sdt.find(_SDT_PR)
    box = pr.find(_W14_CHECKBOX) if pr is not None else None
    if box is None:
        return None
    checked = box.find(_W14_CHECKED)
    return _checkbox_mark(checked is not None and checked.get(_W14_VAL, "1") in ("1", "true", "on"))


class _TextCollector:
    """Collects a paragraph's visible text and whether all of it is bold / capitals."""

    def __init__(self, styles: _Styles, para_bold: bool, para_caps: bool) -> None:
        self.styles = styles
        self.para_bold = para_bold
        self.para_caps = para_caps
        self.parts: list[str] = []
        self.all_bold = True
        self.all_caps = True
        self.any_text = False
        self.boxes: list[Any] = []

    def container(self, el: Any) -> None:
        """Walk the inline content of a paragraph or inline container."""
        for child in el:
            tag = child.tag
            if tag == _R:
                self.run(child)
            elif tag == _SDT:
                mark = _sdt_checkbox(child)
                if mark is not None:
                    self.parts.append(mark)
                    continue
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.container(content)
            elif tag in _INLINE_CONTAINERS:
                self.container(child)
            elif tag in (_MATH_PARA, _MATH_OMATH):
                self.parts.append("".join(t.text or "" for t in child.iter(_MATH_T)))
            elif tag == _ALT_CONTENT:
                choice = child.find(_MC_CHOICE)
                if choice is not None:
                    self.container(choice)

    def run(self, r: Any) -> None:
        """Add one run's text."""
        rpr = r.find(_RPR)
        if _toggle(rpr, _w("vanish")) or _toggle(rpr, _w("webHidden")):
            return
        bold = _toggle(rpr, _w("b"))
        caps = _toggle(rpr, _w("caps"))
        if (bold is None or caps is None) and rpr is not None:
            rstyle = rpr.find(_w("rStyle"))
            if rstyle is not None:
                sid = rstyle.get(_VAL)
                if bold is None and any(st.bold is not None for st in self.styles.chain(sid)):
                    bold = self.styles.bold(sid)
                if caps is None and any(st.caps is not None for st in self.styles.chain(sid)):
                    caps = self.styles.caps(sid)
        bold = self.para_bold if bold is None else bold
        caps = self.para_caps if caps is None else caps
        pieces: list[str] = []
        for child in r:
            tag = child.tag
            if tag == _T:
                pieces.append(child.text or "")
            elif tag in (_TAB, _PTAB):
                pieces.append(" ")
            elif tag in (_BR, _CR):
                pieces.append("\n")
            elif tag == _NB_HYPHEN:
                pieces.append("-")
            elif tag == _FLD_CHAR:
                mark = _legacy_checkbox(child)
                if mark is not None:
                    pieces.append(mark)
            elif tag in (_DRAWING, _PICT, _ALT_CONTENT):
                self.text_boxes(child)
        text = "".join(pieces)
        if text.strip():
            self.any_text = True
            self.all_bold = self.all_bold and bold
            self.all_caps = self.all_caps and caps
        self.parts.append(text)

    def text_boxes(self, el: Any) -> None:
        """Remember paragraphs inside text boxes (the Choice branch only, never the Fallback copy)."""
        if el.tag == _ALT_CONTENT:
            choice = el.find(_MC_CHOICE)
            if choice is None:
                return
            el = choice
        for box in el.iter(_TXBX_CONTENT):
            self.boxes.extend(_block_children(box))


def _clean(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _block_children(el: Any) -> Iterator[Any]:
    """Paragraphs and tables directly in a body, cell or text box, looking through content controls."""
    for child in el:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_children(content)
        elif tag in (_CUSTOM_XML, _w("ins"), _w("moveTo")):
            yield from _block_children(child)
        elif tag == _ALT_CONTENT:
            choice = child.find(_MC_CHOICE)
            if choice is not None:
                yield from _block_children(choice)


def _children_tagged(parent: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag`` (rows of a table, cells of a row), looking inside content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _children_tagged(inner, tag)


def _row_children(tbl: Any) -> Iterator[Any]:
    return _children_tagged(tbl, _TR)


def _cell_children(tr: Any) -> Iterator[Any]:
    return _children_tagged(tr, _TC)


def _prop_val(parent: Any, *path: str) -> str | None:
    el = parent
    for tag in path:
        if el is None:
            return None
        el = el.find(_w(tag))
    return el.get(_VAL) if el is not None else None


# --------------------------------------------------------------------------- the reader


def _family(number: str) -> str:
    """Numbering family of a section number: digits, letters, roman numerals, keywords..."""
    core = number.split()[-1]
    prefix = number.split()[0].lower() if " " in number else ""
    if core.startswith("(") or core.endswith(")"):
        kind = "paren"
    elif core[:1].isdigit():
        kind = "digit"
    elif re.fullmatch(r"[IVX]+\.?", core) and len(core.rstrip(".")) > 1:
        kind = "roman"
    else:
        kind = "letter"
    return f"{prefix}:{kind}"


@dataclass
class _Reader:
    """State of one document read: styles, counters and the heading-level bookkeeping."""

    path: str
    styles: _Styles
    numbering: _Numbering
    bold_is_signal: bool = True
    stream: list[RawHeading | Block] = field(default_factory=list)
    tables: int = 0
    last_level: int = 0
    anchor: int = 0
    styled_anchor: int = 0
    pseudo: list[tuple[str, int]] = field(default_factory=list)
    family_base: dict[str, int] = field(default_factory=dict)
    depth_levels: dict[int, int] = field(default_factory=dict)
    inferred: dict[int, tuple[str, bool]] = field(default_factory=dict)  # id(heading) -> (text, numbered)
    first_title: str | None = None
    first_h1: str | None = None
    title_open: bool = False

    # ---- paragraphs

    def para(self, p: Any) -> _Para:
        """Text and formatting facts of one paragraph."""
        ppr = p.find(_PPR)
        style_id = _prop_val(ppr, "pStyle") if ppr is not None else None
        outline = _int(_prop_val(ppr, "outlineLvl")) if ppr is not None else None
        num_id, ilvl = self.styles.numbering(style_id)
        style_num = num_id is not None
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        direct_ilvl = None
        if num_pr is not None:
            direct_num = _prop_val(num_pr, "numId")
            direct_ilvl = _int(_prop_val(num_pr, "ilvl"))
            if direct_num is not None:
                num_id, style_num = direct_num, False
            if direct_ilvl is not None:
                ilvl = direct_ilvl
        if num_id is not None and (num_id == "0" or num_id not in self.numbering.nums):
            num_id = None
        if num_id is not None and ilvl is None:
            ilvl = self.numbering.style_ilvl(num_id, style_id) if style_num else 0
        coll = _TextCollector(self.styles, self.styles.bold(style_id), self.styles.caps(style_id))
        coll.container(p)
        return _Para(
            text=_clean("".join(coll.parts)),
            bold=coll.any_text and coll.all_bold,
            caps=coll.any_text and coll.all_caps,
            style_id=style_id,
            num_id=num_id,
            ilvl=ilvl,
            outline=outline,
            direct_ilvl=direct_ilvl if num_id is not None else None,
            extra=coll.boxes,
        )

    def heading_level(self, info: _Para) -> int | None:
        """Level from style or outline level (``_TITLE`` for Title), None for body text."""
        if info.outline is not None:
            if info.outline >= 9:
                return None
            return info.outline + 1
        level = self.styles.heading_level(info.style_id)
        if level and info.direct_ilvl:
            # "Heading" style put on a sub-level of a list (numbered "a." under "7."): one deeper per level
            style_ilvl = self.styles.numbering(info.style_id)[1] or 0
            level = min(9, level + max(0, info.direct_ilvl - style_ilvl))
        return level

    def loc(self, block: int, table: int | None = None, row: int | None = None) -> Location:
        """A location in this document."""
        return Location(path=self.path, block=block, table=table, row=row)

    def heading(
        self, title: str, level: int, number: str | None, block: int, *, styled: bool, source: str = ""
    ) -> None:
        """Emit a heading and update the level bookkeeping (``source``: the text of an inferred one)."""
        level = max(1, min(level, 9))
        raw = RawHeading(title=title, level=level, number=number, location=self.loc(block))
        self.stream.append(raw)
        if not styled:
            self.inferred[id(raw)] = (source or title, number is not None)
        self.last_level = level
        if styled:
            # a styled heading at the level of an inferred kind is its sibling: the kinds stay
            if any(lv == level for _, lv in self.pseudo):
                self.pseudo = [(k, lv) for k, lv in self.pseudo if lv <= level]
            else:
                self.pseudo = []
                self.anchor = level
            self.styled_anchor = level
        elif number:
            self.pseudo = [(k, lv) for k, lv in self.pseudo if lv < level]
            self.anchor = level
        if styled and level == 1 and self.first_h1 is None and not _CONTENTS_RE.match(title):
            self.first_h1 = title
        self.title_open = False

    def numbered_level(self, number: str) -> int:
        """Level of an inferred heading from its number's family and depth."""
        depth = number_depth(number) or 1
        fam = _family(number)
        if fam == ":digit" and depth in self.depth_levels:
            return self.depth_levels[depth]
        if fam not in self.family_base:
            if fam == ":digit" and self.depth_levels:
                d, lv = min(self.depth_levels.items())
                self.family_base[fam] = max(1, lv - d + 1)
            elif not self.family_base:
                # the first numbering family seen is the outline's backbone: top level, or just
                # below the last styled heading
                self.family_base[fam] = self.styled_anchor + 1
            else:
                # a second family (A. under 1.2) nests below the heading it appears under
                self.family_base[fam] = max(1, self.last_level + 1 - (depth - 1))
        return self.family_base[fam] + depth - 1

    def pseudo_level(self, kind: str) -> int:
        """Level of an un-numbered inferred heading: below the last real heading, siblings by kind."""
        for i, (k, level) in enumerate(self.pseudo):
            if k == kind:
                del self.pseudo[i + 1 :]
                return level
        level = max(self.anchor, self.pseudo[-1][1] if self.pseudo else 0) + 1
        self.pseudo.append((kind, level))
        return level

    def body_paragraph(self, p: Any, block: int) -> None:
        """Classify one body paragraph as heading, list item or paragraph."""
        info = self.para(p)
        self.paragraph(info, block)
        for extra in info.extra:
            self.box_element(extra, block)

    def box_element(self, el: Any, block: int) -> None:
        """Text-box content: plain paragraphs (never headings)."""
        if el.tag == _TBL:
            text = self.table_text(el)
        else:
            info = self.para(el)
            self.advance(info)
            text = info.text
            for extra in info.extra:
                self.box_element(extra, block)
        if text:
            self.stream.append(Paragraph(text=text, location=self.loc(block), style="text box"))

    def advance(self, info: _Para) -> str | None:
        """Count a numbered paragraph; return its rendered number."""
        if info.num_id is None:
            return None
        return self.numbering.advance(info.num_id, info.ilvl or 0)

    def paragraph(self, info: _Para, block: int) -> None:
        """Emit one body paragraph."""
        auto_number = self.advance(info)
        text = info.text
        if not text:
            return
        one_line = " ".join(text.split())
        level = self.heading_level(info)
        if level is not None and _ALNUM_RE.search(text) and not _is_long_sentence(one_line):
            self.styled_heading(one_line, level, auto_number, block)
            return
        style_name = self.styles.name(info.style_id)
        toc = self.styles.is_toc(info.style_id)
        lvl_def = self.numbering.level(info.num_id, info.ilvl or 0) if info.num_id else None
        bullet = lvl_def is not None and lvl_def.fmt in _BULLET_FORMATS
        listy = self.styles.is_list(info.style_id)
        signal_bold = info.bold and self.bold_is_signal
        check_text = one_line.upper() if info.caps else one_line
        if not _WORDY_RE.search(check_text):
            # codes such as "GS-00F-0001" are capitals but not headings; keep only the number signal
            check_text = check_text.lower()
        # explicitly marked body text (outline level 9) and contents entries are never inferred headings
        may_infer = not toc and "\n" not in text and not (info.outline is not None and info.outline >= 9)
        if info.num_id is not None or listy:
            if auto_number and not bullet and not listy and may_infer:
                number, title = split_number(one_line)
                if (signal_bold or is_all_caps(check_text)) and looks_like_heading(
                    check_text, bold=signal_bold, allow_colon=signal_bold
                ):
                    num = number or auto_number.rstrip(".").strip() or None
                    lvl = self.numbered_level(num) if num else (info.ilvl or 0) + 1
                    self.heading(
                        title.rstrip(":").strip() or one_line,
                        lvl,
                        num,
                        block,
                        styled=False,
                        source=f"{auto_number} {one_line}",
                    )
                    return
            ordered = lvl_def.fmt not in _BULLET_FORMATS if lvl_def else "number" in (style_name or "")
            item_level = (info.ilvl or 0) + 1
            m = _LIST_LEVEL_STYLE_RE.match(style_name or "")
            if m:
                # "List Bullet 2" is a second-level bullet even when its list definition is single-level
                item_level = max(item_level, int(m.group(1)))
            item = ListItem(text=text, location=self.loc(block), level=item_level, ordered=ordered)
            self.stream.append(item)
            return
        if (
            may_infer
            and not _FORM_TEXT_RE.search(one_line)
            and looks_like_heading(check_text, bold=signal_bold, allow_colon=signal_bold)
        ):
            number, title = split_number(one_line)
            title = title.rstrip(":").strip() or one_line
            if number:
                self.heading(title, self.numbered_level(number), number, block, styled=False, source=one_line)
            else:
                kind = "caps" if is_all_caps(check_text) else "bold" if signal_bold else "number"
                self.heading(title, self.pseudo_level(kind), number, block, styled=False, source=one_line)
            return
        style = None if style_name in (None, "normal") else style_name
        self.stream.append(Paragraph(text=text, location=self.loc(block), style=style))

    def styled_heading(self, text: str, level: int, auto_number: str | None, block: int) -> None:
        """Emit a heading that a style or outline level declares."""
        number, title = split_number(text)
        if number is None and auto_number:
            number = auto_number.rstrip(".").strip() or None
        if level == _TITLE:
            if self.first_title is None and not _CONTENTS_RE.match(text):
                self.first_title = text
            if self.title_open and isinstance(self.stream[-1], RawHeading):
                prev = self.stream[-1]
                merged = RawHeading(title=f"{prev.title} {text}", level=1, location=prev.location)
                self.stream[-1] = merged
                return
            self.heading(text, 1, None, block, styled=True)
            self.last_level = self.anchor = self.styled_anchor = 0
            self.pseudo = []
            self.title_open = True
            return
        depth = number_depth(number)
        if depth is not None and _family(number or "") == ":digit":
            self.depth_levels.setdefault(depth, level)
        self.heading(title.rstrip(":").strip() or text, level, number, block, styled=True)

    # ---- tables

    def cell_text(self, tc: Any) -> str:
        """A cell's paragraphs joined with newlines; nested tables flattened to lines."""
        lines: list[str] = []
        for el in _block_children(tc):
            if el.tag == _TBL:
                text = self.table_text(el)
                if text:
                    lines.append(text)
                continue
            info = self.para(el)
            self.advance(info)
            if info.text:
                lines.append(info.text)
            for extra in info.extra:
                text = self.table_text(extra) if extra.tag == _TBL else self.para(extra).text
                if text:
                    lines.append(text)
        return "\n".join(lines)

    def table_text(self, tbl: Any) -> str:
        """A nested table as lines of ``a | b`` text."""
        rows = []
        for tr in _row_children(tbl):
            cells = [self.cell_text(tc) for tc in _cell_children(tr) if not _is_vmerge_continuation(tc)]
            line = " | ".join(c.replace("\n", " ") for c in cells)
            if line.strip(" |"):
                rows.append(line)
        return "\n".join(rows)

    def table(self, tbl: Any, block: int) -> None:
        """Emit one body table: header row(s) apart, merged cells once, 1-based locations."""
        self.tables += 1
        index = self.tables
        grid_rows: list[tuple[bool, list[tuple[int, str]]]] = []
        for tr in _row_children(tbl):
            trpr = tr.find(_w("trPr"))
            is_header = trpr is not None and _on(trpr.find(_w("tblHeader")))
            col = (_int(_prop_val(trpr, "gridBefore")) or 0) if trpr is not None else 0
            cells: list[tuple[int, str]] = []
            for tc in _cell_children(tr):
                tcpr = tc.find(_w("tcPr"))
                span = max(1, (_int(_prop_val(tcpr, "gridSpan")) or 1) if tcpr is not None else 1)
                if not _is_vmerge_continuation(tc):
                    cells.append((col + 1, self.cell_text(tc)))
                col += span
            grid_rows.append((is_header, cells))
        n_header = 0
        while n_header < len(grid_rows) and grid_rows[n_header][0]:
            n_header += 1
        if n_header == 0 and len(grid_rows) > 1:
            n_header = 1
        header = _merge_header([cells for _, cells in grid_rows[:n_header]])
        rows: list[Row] = []
        for r, (_, cells) in enumerate(grid_rows[n_header:], start=1):
            row_loc = self.loc(block, table=index, row=r)
            rows.append(
                Row(
                    cells=tuple(
                        Cell(text=text, location=row_loc.model_copy(update={"cell": col}))
                        for col, text in cells
                    ),
                    location=row_loc,
                )
            )
        self.stream.append(Table(header=header, rows=tuple(rows), location=self.loc(block, table=index)))

    # ---- document

    def body(self, body: Any) -> None:
        """Walk the body in document order."""
        for block, el in enumerate(_block_children(body), start=1):
            if el.tag == _P:
                self.body_paragraph(el, block)
            else:
                self.table(el, block)


def _is_vmerge_continuation(tc: Any) -> bool:
    tcpr = tc.find(_w("tcPr"))
    vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
    return vmerge is not None and vmerge.get(_VAL, "continue") != "restart"


def _merge_header(rows: list[list[tuple[int, str]]]) -> tuple[str, ...]:
    """One header tuple from one or more header rows (texts stacked per starting column)."""
    if not rows:
        return ()
    if len(rows) == 1:
        return tuple(" ".join(text.split()) for _, text in rows[0])
    by_col: dict[int, list[str]] = {}
    for cells in rows:
        for col, text in cells:
            t = " ".join(text.split())
            parts = by_col.setdefault(col, [])
            if t and t not in parts:
                parts.append(t)
    return tuple(" ".join(by_col[c]) for c in sorted(by_col))


def _is_long_sentence(text: str) -> bool:
    """A whole sentence wrongly given a heading style (kept as a paragraph)."""
    words = len(text.split())
    end = text[-1:]
    if words > 25 and end in ".;:!?":
        return True
    if words > 6 and end in ".;!?" and not looks_like_heading(text, bold=True, allow_colon=True):
        return True
    return words > 8 and end in ".;:" and bool(_OBLIGATION_RE.search(text))


def _demote_heading_runs(
    stream: list[RawHeading | Block],
    inferred: dict[int, tuple[str, bool]],
) -> list[RawHeading | Block]:
    """Turn runs of 4+ back-to-back inferred headings (code lists, typed contents, cover pages) into text."""
    out: list[RawHeading | Block] = []
    i = 0
    while i < len(stream):
        j = i
        while j < len(stream) and isinstance(stream[j], RawHeading) and id(stream[j]) in inferred:
            j += 1
        if j - i >= _MAX_EMPTY_INFERRED:
            for item in stream[i:j]:
                text, numbered = inferred[id(item)]
                loc = item.location
                out.append(
                    ListItem(text=text, location=loc, ordered=True)
                    if numbered
                    else Paragraph(text=text, location=loc)
                )
            i = j
        else:
            out.append(stream[i])
            i += 1
    return out


def _merge_label_headings(stream: list[RawHeading | Block]) -> list[RawHeading | Block]:
    """Join "SECTION IV" + "LEGAL AND CONTRACTUAL INFORMATION" heading pairs into one heading."""
    out: list[RawHeading | Block] = []
    for item in stream:
        prev = out[-1] if out else None
        if (
            isinstance(item, RawHeading)
            and isinstance(prev, RawHeading)
            and prev.number is None
            and item.number is None
            and item.level >= prev.level
            and _LABEL_RE.match(prev.title)
        ):
            keyword, num = prev.title.split()
            out[-1] = RawHeading(
                title=item.title,
                level=prev.level,
                number=f"{keyword.capitalize()} {num}",
                location=prev.location,
            )
            continue
        out.append(item)
    return out


def _useful_core_title(title: str | None) -> str | None:
    """The core-properties title unless it is a tool's placeholder ("Word Document", "Slide 1")."""
    if not title or _JUNK_TITLE_RE.match(title):
        return None
    return title


def _bold_is_signal(reader: _Reader, paragraphs: list[_Para]) -> bool:
    """False when most body paragraphs are bold (forms), so bold says nothing about headings."""
    plain = [
        p
        for p in paragraphs
        if p.text
        and reader.heading_level(p) is None
        and p.num_id is None
        and not reader.styles.is_list(p.style_id)
    ]
    if len(plain) < 6:
        return True
    bold = sum(1 for p in plain if p.bold)
    return bold / len(plain) <= 0.5


# --------------------------------------------------------------------------- comments

_COMMENT, _ID = _w("comment"), _w("id")
_RANGE_START, _RANGE_END = _w("commentRangeStart"), _w("commentRangeEnd")
_COMMENT_REF = _w("commentReference")


def _directive_comments(root: Any) -> dict[str, str]:
    """Comment id -> text (paragraphs joined by newlines) of the comments that are sowlint directives."""
    out: dict[str, str] = {}
    if root is None:
        return out
    for comment in root.iterfind(_COMMENT):
        cid = comment.get(_ID)
        paras = ("".join(t.text or "" for t in p.iter(_T)) for p in comment.iter(_P))
        text = "\n".join(paras).strip()
        if cid is not None and parse_directive(text) is not None:
            out[cid] = text
    return out


def _comment_anchors(body: Any, wanted: set[str]) -> dict[str, dict[str, int]]:
    """Comment id -> block index of its range start, range end and reference (the keys present).

    Blocks are numbered as :meth:`_Reader.body` numbers them; a marker inside a table belongs to the
    table's block.  A range start standing between blocks belongs to the next block, a range end
    there to the block before it.
    """
    blocks = list(_block_children(body))  # kept alive so each element keeps one proxy (stable id)
    index = {id(el): k for k, el in enumerate(blocks, start=1)}
    anchors: dict[str, dict[str, int]] = {}
    pending: list[str] = []
    current = 0
    for el in body.iter(_P, _TBL, _RANGE_START, _RANGE_END, _COMMENT_REF):
        k = index.get(id(el))
        if k is not None:
            current = k
            for cid in pending:
                anchors.setdefault(cid, {})["start"] = k
            pending.clear()
            continue
        cid = el.get(_ID)
        if el.tag in (_P, _TBL) or cid not in wanted:
            continue
        key = "start" if el.tag == _RANGE_START else "end" if el.tag == _RANGE_END else "ref"
        block = next((index[id(a)] for a in el.iterancestors() if id(a) in index), None)
        if block is None and key == "start":
            pending.append(cid)
            continue
        anchors.setdefault(cid, {})[key] = block if block is not None else max(current, 1)
    for cid in pending:
        anchors.setdefault(cid, {})["start"] = max(current, 1)
    return anchors


def _section_finder(doc: Document) -> tuple[list[int], list[tuple[str, ...]]]:
    """Block indices that start a heading or block, in order, with the section path at each."""
    at: dict[int, tuple[str, ...]] = {}
    for section in doc.walk():
        if section.location.block is not None:
            at.setdefault(section.location.block, section.location.section)
    for b in doc.all_blocks():
        if b.location.block is not None:
            at.setdefault(b.location.block, b.location.section)
    keys = sorted(at)
    return keys, [at[k] for k in keys]


def _directives(doc: Document, body: Any, comments_root: Any) -> list[Directive]:
    """Directives from Word comments whose text starts ``sowlint-disable``, located at their blocks.

    A comment's range gives ``location.block`` (start) and ``end.block``; a comment with only a
    reference covers the block holding it.  ``sowlint-disable-file`` needs no range and has no end;
    ``sowlint-enable`` means nothing in a comment and is ignored, and the line forms act on the
    commented range like ``sowlint-disable``.
    """
    texts = _directive_comments(comments_root)
    if not texts:
        return []
    anchors = _comment_anchors(body, set(texts))
    keys, paths = _section_finder(doc)

    def where(block: int | None) -> Location:
        i = bisect.bisect_right(keys, block) - 1 if block is not None else -1
        return Location(path=doc.path, block=block, section=paths[i] if i >= 0 else ())

    out: list[tuple[int, int, Directive]] = []
    for order, (cid, text) in enumerate(texts.items()):
        parsed = parse_directive(text)
        assert parsed is not None
        action, codes = parsed
        got = anchors.get(cid, {})
        start = got.get("start", got.get("ref", got.get("end")))
        end = got.get("end", got.get("ref", start))
        if action == "disable-file":
            directive = Directive(action="disable-file", codes=codes, location=where(start), text=text)
        elif action == "enable" or start is None or end is None:
            continue  # an unanchored range comment covers nothing
        else:
            start, end = min(start, end), max(start, end)
            directive = Directive(
                action="disable",
                codes=codes,
                location=where(start),
                end=Location(path=doc.path, block=end),
                text=text,
            )
        out.append((start or 0, order, directive))
    return [d for _, _, d in sorted(out, key=lambda t: (t[0], t[1]))]


# --------------------------------------------------------------------------- opening


def _check_container(path: Path) -> None:
    """Refuse non-zip, encrypted, truncated and zip-bomb files before python-docx sees them."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError(f"cannot open file: {exc.strerror or exc}") from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            "password-protected or legacy binary Word file, not a .docx; save it as an unprotected .docx"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ReadError("corrupt or truncated .docx (not a readable zip archive)") from None
    if len(infos) > MAX_MEMBERS:
        raise ReadError(f"suspicious .docx: {len(infos)} zip members (limit {MAX_MEMBERS})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise ReadError(
            f"refusing .docx that unpacks to {total >> 20} MB "
            f"(limit {MAX_UNPACKED_BYTES >> 20} MB; possible zip bomb)"
        )
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise ReadError("not a Word document: zip archive without [Content_Types].xml")


def _part_root(part: Any) -> Any:
    """The parsed XML root of a package part (python-docx parses known parts; parse others)."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    return parse_xml(part.blob)


def _related_root(part: Any, reltype: str) -> Any:
    try:
        related = part.part_related_by(reltype)
    except (KeyError, ValueError):
        return None
    return _part_root(related)


def _open(path: Path) -> tuple[Any, Any]:
    """Open the package; return (package, main document part) or raise ReadError."""
    from docx.opc.exceptions import PackageNotFoundError
    from docx.package import Package

    try:
        package = Package.open(str(path))
        main = package.main_document_part
    except etree.XMLSyntaxError as exc:
        first = str(exc).splitlines()[0][:160] if str(exc) else "XML syntax error"
        raise ReadError(f"corrupt .docx: damaged XML ({first})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise ReadError("corrupt or truncated .docx (damaged zip member)") from None
    except PackageNotFoundError:
        raise ReadError("not a Word document (no Office package found)") from None
    except KeyError as exc:
        m = re.search(r"item named '([^']+)'", str(exc))
        missing = m.group(1) if m else str(exc).strip("'\"")
        raise ReadError(f"corrupt .docx: part {missing} is missing") from None
    except (AttributeError, TypeError, ValueError, IndexError) as exc:
        # python-docx trips over damaged package metadata ([Content_Types].xml, relationships)
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        raise ReadError(f"corrupt .docx: damaged package structure ({first})") from None
    if main.content_type not in _MAIN_CONTENT_TYPES:
        raise ReadError(f"not a Word document (main part is {main.content_type})")
    return package, main


def _meta(package: Any) -> dict[str, str]:
    try:
        props = package.core_properties
    except Exception:  # damaged core properties are not worth failing the read
        return {}
    meta: dict[str, str] = {}
    for key in ("title", "subject", "author", "keywords", "category"):
        value = getattr(props, key, None)
        if isinstance(value, str) and value.strip():
            meta[key] = " ".join(value.split())
    for key in ("created", "modified"):
        value = getattr(props, key, None)
        if value is not None:
            meta[key] = value.isoformat()
    return meta


def read(path: Path, display: str) -> Document:
    """Read a Word .docx file into a Document."""
    _check_container(path)
    package, main = _open(path)
    root = _part_root(main)
    if root.tag.startswith(f"{{{_STRICT_W}}}"):
        raise ReadError("strict Open XML .docx is not supported; save it as a standard Word document")
    body = root.find(_w("body"))
    if body is None:
        raise ReadError("not a Word document: main part has no body")
    styles = _Styles.parse(_related_root(main, _RT_STYLES))
    reader = _Reader(
        path=display,
        styles=styles,
        numbering=_Numbering.parse(_related_root(main, _RT_NUMBERING), styles),
    )
    body_paras = [reader.para(el) for el in _block_children(body) if el.tag == _P]
    reader.bold_is_signal = _bold_is_signal(reader, body_paras)
    reader.body(body)
    meta = _meta(package)
    title = _useful_core_title(meta.get("title")) or reader.first_title or reader.first_h1
    stream = _merge_label_headings(_demote_heading_runs(reader.stream, reader.inferred))
    doc = build_document(display, "docx", stream, title=title, meta=meta)
    directives = _directives(doc, body, _related_root(main, _RT_COMMENTS))
    return doc.model_copy(update={"directives": tuple(directives)}) if directives else doc
