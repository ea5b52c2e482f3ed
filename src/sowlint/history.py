"""Delivery history: load past estimates and actuals from CSV, calibrate per category, advise on estimates.

The feedback loop behind SOW408. A history file is a CSV of past work with at least the columns
``category``, ``estimated_hours`` and ``actual_hours``; any other column (project, role, date,
client, ...) is kept on each record for filtering.

Reading (:func:`load_history`)
    * Encoding: UTF-8 with or without a byte-order mark, UTF-16 with a BOM (Excel's "Unicode text"),
      else Windows-1252; anything else is a :class:`HistoryError`.
    * Delimiter: an Excel ``sep=;`` first line wins; otherwise :class:`csv.Sniffer` restricted to
      ``,``, ``;`` and tab, checked against the header: the first delimiter whose header holds the
      three required columns is used (sniffed one first, then ``,`` ``;`` tab).
    * Header names are case-insensitive; spaces, hyphens, dots and slashes become ``_`` and units in
      brackets are dropped (``Estimated Hours (h)`` -> ``estimated_hours``). :data:`COLUMN_SYNONYMS`
      lists the few other spellings accepted for the required columns.
    * Numbers: see :func:`parse_number` (decimal comma in ``;`` files, thousands separators, an
      optional ``h``/``hrs``/``hours`` unit).
    * A bad row is skipped and reported as a :class:`HistoryProblem` with the 1-based physical line
      on which the row starts (quoted fields may span lines).

Calibration (:func:`calibrate`)
    Per category, the ratio ``actual_hours / estimated_hours`` of each record; the median and the
    80th percentile by linear interpolation between order statistics (:func:`percentile`, numpy's
    default method, Hyndman & Fan type 7). Categories compare case-insensitively with whitespace
    collapsed; a synonym mapping folds several names into one canonical category.

Advice (:func:`advice`)
    Planned hours = estimate x median ratio. The advice fires when the estimate falls short of the
    planned hours by more than ``threshold`` of the planned hours:
    ``(planned - estimate) / planned > threshold``, which is ``median > 1 / (1 - threshold)``
    (about 1.176 for the default 15%).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

REQUIRED_COLUMNS: tuple[str, ...] = ("category", "estimated_hours", "actual_hours")

#: Other header spellings (after :func:`normalise_header`) accepted for the required columns.
#: The canonical name wins when both are present; two different synonyms of one column are an error.
COLUMN_SYNONYMS: Mapping[str, str] = MappingProxyType(
    {
        "work_category": "category",
        "effort_category": "category",
        "work_type": "category",
        "estimate_hours": "estimated_hours",
        "estimated": "estimated_hours",
        "estimate": "estimated_hours",
        "est_hours": "estimated_hours",
        "estimated_hrs": "estimated_hours",
        "planned_hours": "estimated_hours",
        "budgeted_hours": "estimated_hours",
        "actual": "actual_hours",
        "actuals": "actual_hours",
        "actual_hrs": "actual_hours",
        "spent_hours": "actual_hours",
        "hours_spent": "actual_hours",
    }
)

#: Delimiters considered, in the order tried after the sniffed one.
DELIMITERS: tuple[str, ...] = (",", ";", "\t")

DEFAULT_MIN_RECORDS = 5
DEFAULT_THRESHOLD = 0.15


class HistoryError(Exception):
    """A history file that cannot be used at all (unreadable, undecodable, required columns missing)."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


@dataclass(frozen=True)
class HistoryProblem:
    """A row of the history file that was skipped, with the 1-based line on which it starts."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class HistoryRecord:
    """One usable row: category, estimate, actual, and every other column (normalised names)."""

    line: int
    category: str
    estimated_hours: float
    actual_hours: float
    extra: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def ratio(self) -> float:
        """Actual hours over estimated hours."""
        return self.actual_hours / self.estimated_hours

    def get(self, column: str, default: str = "") -> str:
        """The value of another column (``project``, ``role``, ...) by any spelling of its header."""
        return self.extra.get(normalise_header(column), default)


@dataclass(frozen=True)
class History:
    """The usable records of a history file, the rows skipped, and how the file was read."""

    path: str
    records: tuple[HistoryRecord, ...]
    problems: tuple[HistoryProblem, ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8"
    columns: tuple[str, ...] = ()

    def where(self, **criteria: str | Iterable[str]) -> History:
        """Records whose columns equal the given values (case-insensitive; a list means any of them).

        ``history.where(client="Contoso", role=["Data Engineer", "Analytics Engineer"])``. A column
        the file does not have is a :class:`KeyError`.
        """
        wanted: dict[str, set[str]] = {}
        for column, value in criteria.items():
            name = normalise_header(column)
            if name not in self.columns:
                raise KeyError(f"{self.path} has no column {column!r} (columns: {', '.join(self.columns)})")
            values = [value] if isinstance(value, str) else list(value)
            wanted[name] = {normalise_category(v) for v in values}

        def keep(r: HistoryRecord) -> bool:
            for name, values in wanted.items():
                have = r.category if name == "category" else r.extra.get(name, "")
                if normalise_category(have) not in values:
                    return False
            return True

        return History(
            path=self.path,
            records=tuple(r for r in self.records if keep(r)),
            problems=self.problems,
            delimiter=self.delimiter,
            encoding=self.encoding,
            columns=self.columns,
        )


@dataclass(frozen=True)
class Calibration:
    """Ratios actual/estimated for one category: sample size, median, 80th percentile, mean."""

    key: str
    name: str
    n: int
    median_ratio: float
    p80_ratio: float
    mean_ratio: float
    enough: bool
    projects: int | None = None

    def to_json(self) -> dict[str, object]:
        """Stable JSON fields: category, n, median_ratio, p80_ratio, mean_ratio, enough, projects."""
        return {
            "category": self.name,
            "n": self.n,
            "median_ratio": round(self.median_ratio, 4),
            "p80_ratio": round(self.p80_ratio, 4),
            "mean_ratio": round(self.mean_ratio, 4),
            "enough": self.enough,
            "projects": self.projects,
        }


@dataclass(frozen=True)
class Advice:
    """The numbers behind an SOW408 message for one SOW effort line."""

    label: str
    estimate_hours: float
    calibration: Calibration
    threshold: float

    @property
    def planned_hours(self) -> float:
        """Estimate x median ratio."""
        return self.estimate_hours * self.calibration.median_ratio

    @property
    def shortfall(self) -> float:
        """How far the estimate falls below the planned hours, as a share of the planned hours."""
        return (self.planned_hours - self.estimate_hours) / self.planned_hours

    @property
    def message(self) -> str:
        """The SOW408 text, e.g. ``Data migration: 120 h estimated; 12 past projects ran a median 52% over
        (p80 71%); plan about 182 h.``"""
        c = self.calibration
        return (
            f"{self.label}: {format_hours(self.estimate_hours)} h estimated; "
            f"{_sample_phrase(c)} ran a median {percent_over(c.median_ratio)}% over "
            f"(p80 {percent_over(c.p80_ratio)}%); "
            f"plan about {round_half_up(self.planned_hours)} h."
        )


# --------------------------------------------------------------------------- normalisation


def normalise_header(name: str) -> str:
    """``Estimated Hours (h)`` / ``estimated-hours`` / ``ESTIMATED.HOURS`` -> ``estimated_hours``."""
    s = name.replace("\ufeff", "").strip().casefold()
    s = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", s)
    return re.sub(r"[\s\-./]+", "_", s).strip("_")


def normalise_category(name: str) -> str:
    """Case-folded, whitespace collapsed: the key categories and labels are compared by."""
    return " ".join(name.split()).casefold()


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


# --------------------------------------------------------------------------- numbers


_UNIT = re.compile(r"\s*(?:h|hrs?|hours?)\.?$", re.IGNORECASE)
_GROUP_SPACE = re.compile(r"[\s\u00a0\u2009\u202f']")


def _grouped(text: str, sep: str) -> bool:
    return re.fullmatch(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+", text) is not None


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """Parse an hours value; None when it is not a number.

    Accepts a sign, spaces/apostrophes as thousands separators and a trailing ``h``/``hrs``/``hours``.
    With both ``,`` and ``.`` present the last one is the decimal mark (``1.200,5``, ``1,200.5``).
    With one of them: ``d,ddd`` groups (``1,200``, ``1.200.000``) are thousands unless the mark is the
    file's decimal mark and occurs once; otherwise a single mark is decimal (``12,5``, ``12.5``).
    The file's decimal mark is ``,`` when ``decimal_comma`` (semicolon files), else ``.``, so
    ``1.200`` is 1200 in a semicolon file and 1.2 in a comma file.
    """
    s = _UNIT.sub("", text.strip()).replace("\u2212", "-")
    negative = s.startswith("-")
    if s and s[0] in "+-":
        s = s[1:]
    s = _GROUP_SPACE.sub("", s)
    if not s or re.fullmatch(r"[\d.,]+", s) is None or not any(ch.isdigit() for ch in s):
        return None
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        grp = "." if dec == "," else ","
        if s.count(dec) != 1:
            return None
        whole, frac = s.split(dec)
        if not _grouped(whole, grp):
            return None
        s = whole.replace(grp, "") + "." + frac
    elif "," in s or "." in s:
        mark = "," if "," in s else "."
        file_decimal = "," if decimal_comma else "."
        if mark == file_decimal and s.count(mark) == 1:
            s = s.replace(mark, ".")
        elif _grouped(s, mark):
            s = s.replace(mark, "")
        elif s.count(mark) == 1:
            s = s.replace(mark, ".")
        else:
            return None
    try:
        value = float(s)
    except ValueError:
        return None
    return -value if negative else value


def format_hours(hours: float) -> str:
    """``120`` for whole hours, else one decimal (``12.5``)."""
    if float(hours).is_integer():
        return str(int(hours))
    return f"{hours:.1f}".rstrip("0").rstrip(".")


def round_half_up(value: float) -> int:
    """Round to the nearest integer, halves away from zero (Python's ``round`` rounds halves to even)."""
    return math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1)


def percent_over(ratio: float) -> int:
    """``1.52`` -> ``52``: how far above 1 a ratio is, in whole percent (halves up)."""
    return round_half_up(round((ratio - 1.0) * 100.0, 9))


def format_ratio(ratio: float) -> str:
    """``1.125`` -> ``1.13``: two decimals, halves up, so it agrees with :func:`percent_over`."""
    return f"{round_half_up(round(ratio * 100.0, 9)) / 100:.2f}"


# --------------------------------------------------------------------------- reading


def _decode(data: bytes, path: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise HistoryError(path, f"cannot decode as UTF-16 ({exc.reason} at byte {exc.start})") from None
    if data.startswith(b"PK\x03\x04"):
        raise HistoryError(path, "is a zip file (an Excel workbook?), not CSV text; save it as CSV")
    if b"\x00" in data[:4096]:
        raise HistoryError(path, "is a binary file, not CSV text")
    try:
        return data.decode("utf-8-sig"), ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise HistoryError(
            path, f"cannot decode: not UTF-8 ({utf8_error}) and not Windows-1252 text; save it as UTF-8"
        ) from None


def _resolve_columns(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Map required column -> index; also return ambiguity messages."""
    names = [normalise_header(h) for h in header]
    found: dict[str, int] = {}
    errors: list[str] = []
    for column in REQUIRED_COLUMNS:
        exact = [i for i, n in enumerate(names) if n == column]
        if exact:
            if len(exact) > 1:
                errors.append(f"column {column!r} appears {len(exact)} times")
            found[column] = exact[0]
            continue
        synonyms = [i for i, n in enumerate(names) if COLUMN_SYNONYMS.get(n) == column]
        if len(synonyms) > 1:
            listed = ", ".join(repr(header[i].strip()) for i in synonyms)
            errors.append(f"columns {listed} could all be {column!r}; rename one")
        if synonyms:
            found[column] = synonyms[0]
    return found, errors


def _choose_delimiter(header_line: str, sample: str) -> str:
    candidates: list[str] = []
    try:
        candidates.append(csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter)
    except csv.Error:
        pass
    candidates += [d for d in DELIMITERS if d not in candidates]
    best, best_score = candidates[0], -1
    for d in candidates:
        header = next(csv.reader([header_line], delimiter=d, skipinitialspace=True), [])
        score = len(_resolve_columns(header)[0])
        if score == len(REQUIRED_COLUMNS):
            return d
        if score > best_score:
            best, best_score = d, score
    return best


def load_history(path: str | Path) -> History:
    """Read a delivery-history CSV; bad rows are skipped and listed in ``History.problems``."""
    p = Path(path)
    where = str(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise HistoryError(where, f"cannot read: {exc.strerror or exc}") from None
    text, encoding = _decode(data, where)
    lines = text.splitlines()
    skip_first = False
    delimiter: str | None = None
    if lines:
        m = re.fullmatch(r"\s*sep=(.)\s*", lines[0], re.IGNORECASE)
        if m and m.group(1) in DELIMITERS:
            delimiter, skip_first = m.group(1), True
    body = lines[1:] if skip_first else lines
    header_line = next((ln for ln in body if ln.strip()), None)
    if header_line is None:
        raise HistoryError(where, "is empty")
    if delimiter is None:
        sample = "\n".join(body[:50])
        delimiter = _choose_delimiter(header_line, sample)
    return _parse(text, where, encoding, delimiter, skip_first)


def _parse(text: str, where: str, encoding: str, delimiter: str, skip_first: bool) -> History:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    decimal_comma = delimiter == ";"
    header: list[str] | None = None
    index: dict[str, int] = {}
    names: list[str] = []
    records: list[HistoryRecord] = []
    problems: list[HistoryProblem] = []
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise HistoryError(where, f"line {start}: {exc}") from None
        end = reader.line_num
        if skip_first and start == 1:
            continue
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = row
            index, errors = _resolve_columns(row)
            missing = [c for c in REQUIRED_COLUMNS if c not in index]
            if missing:
                shown = ", ".join(h.strip() for h in row) or "(none)"
                errors.insert(
                    0,
                    f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                    f"(header on line {start} has: {shown})",
                )
            if errors:
                raise HistoryError(where, "; ".join(errors))
            names = [normalise_header(h) for h in row]
            continue
        record, problem = _row(row, start, header, names, index, decimal_comma)
        if problem is not None and end > start:
            problem += f" (the row runs from line {start} to line {end}: is a closing quote missing?)"
        if problem is not None:
            problems.append(HistoryProblem(start, problem))
        elif record is not None:
            records.append(record)
    if header is None:
        raise HistoryError(where, "is empty")
    # The required columns under their canonical names, whatever the header called them, then the others.
    required = set(index.values())
    columns = tuple(
        dict.fromkeys([*REQUIRED_COLUMNS, *(n for i, n in enumerate(names) if n and i not in required)])
    )
    return History(
        path=where,
        records=tuple(records),
        problems=tuple(problems),
        delimiter=delimiter,
        encoding=encoding,
        columns=columns,
    )


def _row(
    row: list[str],
    line: int,
    header: list[str],
    names: list[str],
    index: dict[str, int],
    decimal_comma: bool,
) -> tuple[HistoryRecord | None, str | None]:
    """One data row -> a record, or a problem message."""

    def cell(i: int) -> str:
        return row[i].strip() if i < len(row) else ""

    if any(c.strip() for c in row[len(header) :]):
        return None, (
            f"{len(row)} fields but the header has {len(header)} (an unquoted delimiter inside a value?)"
        )
    issues: list[str] = []
    category = cell(index["category"])
    if not category:
        issues.append(f"{header[index['category']].strip()} is empty")
    values: dict[str, float] = {}
    for column in ("estimated_hours", "actual_hours"):
        label = header[index[column]].strip()
        raw = cell(index[column])
        if not raw:
            issues.append(f"{label} is missing")
            continue
        value = parse_number(raw, decimal_comma=decimal_comma)
        if value is None or not math.isfinite(value):
            issues.append(f"{label} {raw!r} is not a number")
        elif value < 0:
            issues.append(f"{label} is negative ({raw})")
        elif value == 0 and column == "estimated_hours":
            issues.append(f"{label} is 0, so there is no ratio to learn from")
        else:
            values[column] = value
    if issues:
        return None, "; ".join(issues)
    required = set(index.values())
    extra = {name: cell(i) for i, name in enumerate(names) if i not in required and name and cell(i)}
    return (
        HistoryRecord(
            line=line,
            category=" ".join(category.split()),
            estimated_hours=values["estimated_hours"],
            actual_hours=values["actual_hours"],
            extra=extra,
        ),
        None,
    )


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation between order statistics.

    numpy's default (``method="linear"``), Hyndman & Fan type 7, ``statistics.quantiles(...,
    method="inclusive")``: with the values sorted ``x[0] <= ... <= x[n-1]`` and ``h = (n - 1) * q``,
    the result is ``x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)])``. q = 0.5 is the
    median; one value is its own every quantile.
    """
    if not values:
        raise ValueError("percentile of no values")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"quantile {q} is outside 0..1")
    xs = sorted(values)
    h = (len(xs) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


# --------------------------------------------------------------------------- calibration


CategoryMapping = Mapping[str, "str | Sequence[str]"]


def synonym_index(mapping: CategoryMapping | None) -> dict[str, str]:
    """Normalised synonym -> normalised canonical name; ValueError on a conflicting mapping.

    The mapping is ``{canonical: [synonym, ...]}`` (a single string is one synonym). A synonym listed
    under two canonical names, or a canonical name that is also another's synonym, is an error.
    """
    out: dict[str, str] = {}
    canonicals = {normalise_category(k) for k in (mapping or {})}
    for canonical, synonyms in (mapping or {}).items():
        ck = normalise_category(canonical)
        if not ck:
            raise ValueError("history mapping has an empty category name")
        for synonym in [synonyms] if isinstance(synonyms, str) else list(synonyms):
            sk = normalise_category(str(synonym))
            if not sk or sk == ck:
                continue
            if sk in canonicals:
                raise ValueError(
                    f"history mapping: {synonym!r} is a category of its own and a synonym of {canonical!r}"
                )
            if out.get(sk, ck) != ck:
                raise ValueError(f"history mapping: {synonym!r} is a synonym of two categories")
            out[sk] = ck
    return out


def _display_names(mapping: CategoryMapping | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical in mapping or {}:
        written = " ".join(canonical.split())
        out[normalise_category(canonical)] = (
            written[:1].upper() + written[1:] if written.islower() else written
        )
    return out


def calibrate(
    history: History | Iterable[HistoryRecord],
    min_records: int = DEFAULT_MIN_RECORDS,
    mapping: CategoryMapping | None = None,
) -> list[Calibration]:
    """One :class:`Calibration` per category (after folding synonyms), sorted by name.

    Every category is returned; ``enough`` says whether it has at least ``min_records`` records.
    The display name is the first spelling met in the file, or the mapping's canonical name when
    the records only use its synonyms. ``projects`` counts distinct non-empty ``project`` values
    when the file has a project column, else None.
    """
    if min_records < 1:
        raise ValueError("min_records must be at least 1")
    records = history.records if isinstance(history, History) else tuple(history)
    has_project = (
        "project" in history.columns
        if isinstance(history, History)
        else any(r.get("project") for r in records)
    )
    synonyms = synonym_index(mapping)
    mapped_names = _display_names(mapping)
    groups: dict[str, list[HistoryRecord]] = {}
    names: dict[str, str] = {}
    for r in records:
        key = normalise_category(r.category)
        canonical = synonyms.get(key, key)
        groups.setdefault(canonical, []).append(r)
        if canonical == key:
            names.setdefault(canonical, r.category)
    out: list[Calibration] = []
    for key, rs in groups.items():
        ratios = [r.ratio for r in rs]
        projects = {normalise_category(r.get("project")) for r in rs} - {""} if has_project else None
        out.append(
            Calibration(
                key=key,
                name=names.get(key) or mapped_names.get(key, key),
                n=len(rs),
                median_ratio=percentile(ratios, 0.5),
                p80_ratio=percentile(ratios, 0.8),
                mean_ratio=sum(ratios) / len(ratios),
                enough=len(rs) >= min_records,
                projects=len(projects) if projects is not None else None,
            )
        )
    return sorted(out, key=lambda c: (c.name.casefold(), c.key))


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return n > 0 and any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def match_category(
    name: str, calibrations: Sequence[Calibration], mapping: CategoryMapping | None = None
) -> Calibration | None:
    """The calibration for a SOW effort-line label, or None; never a guess.

    1. The label equals a category (case-insensitive, whitespace collapsed).
    2. The label equals a synonym in ``mapping``: its canonical category.
    3. Otherwise the words of a category (or of one of its synonyms) appear in the label as a
       contiguous run of whole words: ``Phase 2 - Data migration`` -> ``Data migration``, but not
       ``Migration`` -> ``Data migration``, ``Dashboard`` -> ``Dashboards`` (no stemming) nor
       ``Migration of data``. When several categories match, the one whose matched words contain
       every other match wins (``Data migration testing`` beats ``Testing``); otherwise the label is
       ambiguous and None is returned (``Testing and data migration``).
    """
    by_key = {c.key: c for c in calibrations}
    label = normalise_category(name)
    if label in by_key:
        return by_key[label]
    synonyms = synonym_index(mapping)
    if label in synonyms:
        return by_key.get(synonyms[label])
    words = _words(name)
    phrases: list[tuple[str, tuple[str, ...]]] = [(key, _words(key)) for key in by_key]
    phrases += [(canon, _words(syn)) for syn, canon in synonyms.items() if canon in by_key]
    best: dict[str, tuple[str, ...]] = {}
    for key, phrase in phrases:
        if _contains(words, phrase) and len(phrase) > len(best.get(key, ())):
            best[key] = phrase
    if not best:
        return None
    if len(best) == 1:
        return by_key[next(iter(best))]
    for key, phrase in best.items():
        if all(_contains(phrase, other) for k, other in best.items() if k != key):
            return by_key[key]
    return None


def _sample_phrase(c: Calibration) -> str:
    if c.projects is None or c.projects == c.n:
        return f"{c.n} past project{'s' if c.n != 1 else ''}"
    return f"{c.n} past records from {c.projects} project{'s' if c.projects != 1 else ''}"


def advice(
    estimate_hours: float,
    calibration: Calibration | None,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    label: str | None = None,
) -> Advice | None:
    """An :class:`Advice` when the estimate is short of estimate x median ratio by more than ``threshold``.

    Fires when ``(estimate * median - estimate) / (estimate * median) > threshold``, equivalently
    ``median > 1 / (1 - threshold)``. None when there is no calibration, it has too few records
    (``enough`` false), or the estimate is not a positive number. ``label`` (default: the
    category's name) starts the message.
    """
    if not 0.0 <= threshold < 1.0:
        raise ValueError(f"threshold {threshold} must be at least 0 and below 1")
    if calibration is None or not calibration.enough:
        return None
    if not math.isfinite(estimate_hours) or estimate_hours <= 0 or calibration.median_ratio <= 0:
        return None
    result = Advice(
        label=" ".join((label or calibration.name).split()),
        estimate_hours=estimate_hours,
        calibration=calibration,
        threshold=threshold,
    )
    return result if result.shortfall > threshold else None
