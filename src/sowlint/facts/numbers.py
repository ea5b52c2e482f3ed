"""Money, percentages, quantities, durations and dates as SOWs write them, parsed exactly.

Numbers are :class:`~decimal.Decimal` (a fee of USD 28,320.00 must add up to the cent).

**Decimal separator.**  The document's locale is unknown and a currency does not fix it (EUR is
written ``1.200,50`` in Germany, ``1 200,50`` in France and ``1,200.50`` in Ireland; a US SOW may be
written by a European team), so the separator is read from the number's shape:

* two different separators (``1.200,50``, ``1,200.50``, ``1'200.50``): the last one is the decimal
  separator, the others group thousands;
* apostrophes and spaces (``12'000``, ``60 000``) always group thousands;
* one kind of separator used twice or more (``1.200.000``, ``12,34,567``) groups thousands;
* a single ``.`` or ``,`` followed by one, two or four or more digits (``12,5``, ``1.20``) is decimal;
* a single separator followed by exactly three digits (``1,200``, ``1.200``) is the one ambiguous
  shape.  It is read as a thousands group, because amounts, hours and counts are almost never
  written to three decimals in any locale, except after a lone ``0`` (``0.125``) and for the
  currencies whose minor unit has three digits (KWD, BHD, ...), where ``1.250`` is decimal.
  Callers that know better pass ``decimal=``.

**Why not babel.**  babel (about 30 MB of CLDR data) parses a number *for a given locale*; a SOW
does not state its locale, and guessing one from the currency gives the wrong answer as often as the
right one (EUR above).  The only currency facts needed here -- ISO codes, common signs, the
three-digit minor units -- fit in the small tables below.

**Dates.**  Date-shaped text is found with regular expressions (the spans are needed to locate
a finding, and every component is checked, so ``2027-02-30`` comes back ``valid=False`` with a
reason instead of vanishing).  python-dateutil is used where it fits: ``relativedelta`` for
calendar arithmetic (adding months clamps to the month's end) and ``dateutil.parser`` as the
fallback for a whole cell in a shape the patterns do not cover (``Thursday 15th May '27``),
accepted only when it states year, month and day.  dateparser is not used: it is large, guesses
relative phrases ("in two weeks") against today's date, and has nothing a SOW needs beyond this.
Both are imported lazily, so reading a document without dates never imports them.

**Numeric day/month order.**  ``15/05/2027`` and ``05/15/2027`` have one valid reading each and
get it.  When both readings are valid (``05/06/2027``) the result is marked ``ambiguous`` and read
day-first unless ``dayfirst=False`` is passed; :func:`sowlint.facts.extract.extract_facts` decides
per document (an unambiguous date in the document shows its convention; failing that, a document
priced in US dollars is read month-first).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from dateutil.relativedelta import relativedelta

# --- constants ------------------------------------------------------------------------------------

#: Hours in one working day (person-day to person-hour conversion).
HOURS_PER_DAY = Decimal(8)
#: Working days in one week.
WORKING_DAYS_PER_WEEK = Decimal(5)
#: Working days in one year (52 weeks of 5 days; holidays are not deducted).
WORKING_DAYS_PER_YEAR = Decimal(260)
#: Working days in one month, on average (260 / 12).
WORKING_DAYS_PER_MONTH = WORKING_DAYS_PER_YEAR / 12
#: Calendar days in one month, on average (365.25 / 12), for durations that are not added to a date.
CALENDAR_DAYS_PER_MONTH = Decimal("30.4375")

#: ISO 4217 codes recognised next to a number (the common ones; codes that are also English words or
#: language names in capitals, such as ALL, TOP, PHP, are left out on purpose).
ISO_CODES: frozenset[str] = frozenset(
    """USD EUR GBP CHF JPY CNY CAD AUD NZD SEK NOK DKK ISK PLN CZK HUF RON BGN HRK RSD UAH RUB TRY
    INR PKR LKR BDT NPR SGD HKD TWD KRW THB MYR IDR VND ILS AED SAR QAR KWD BHD OMR JOD EGP MAD TND
    DZD NGN KES GHS ZAR BRL MXN ARS CLP COP UYU""".split()
)
#: Currency signs and what they stand for; ``$`` alone is read as US dollars (see ``Money.symbol``).
SIGNS: dict[str, str] = {
    "US$": "USD",
    "U.S.$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "₽": "RUB",
    "₺": "TRY",
    "zł": "PLN",
    "Kč": "CZK",
    "Fr.": "CHF",
    "Rs.": "INR",
    "Rs": "INR",
}
#: Currency names written after an amount ("5,000 euros").
NAMES: dict[str, str] = {
    "us dollars": "USD",
    "dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "swiss francs": "CHF",
}
#: Currencies whose minor unit has three digits: ``KWD 1.250`` is one dinar and a quarter.
THREE_DECIMAL_CURRENCIES: frozenset[str] = frozenset({"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})

_SCALES: dict[str, Decimal] = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(1_000_000),
    "mm": Decimal(1_000_000),
    "mn": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
    "b": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}

_WORD_NUMBERS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}

_GROUP_CHARS = "'’\u00a0\u202f\u2009 "
#: A number as written: grouped thousands (``,`` ``.`` ``'`` or a space) with an optional decimal
#: part, or plain digits with an optional decimal part.
NUMBER = (
    r"\d{1,3}(?:,\d\d)+,\d{3}(?:\.\d+)?|"  # Indian grouping: 1,00,000
    r"\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:['’]\d{3})+|(?:[\u00a0\u202f\u2009 ]\d{3})+)(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?"
)
#: The same without space grouping, for counts in running text ("30 100%" is two numbers).
COMPACT_NUMBER = (
    r"\d{1,3}(?:,\d\d)+,\d{3}(?:\.\d+)?"
    r"|\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:['’]\d{3})+)(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?"
)
_SCALE = r"(?:(?<=\d)(?:k|K|M|MM|mn|m|bn|B)\b|\s?(?:thousand|million|millions|billion|Mio\.?|mio\.?)\b)"
_SIGN_RE = "|".join(re.escape(s) for s in sorted(SIGNS, key=len, reverse=True))
_CODE_RE = r"(?<![A-Za-z])(?:" + "|".join(sorted(ISO_CODES)) + r")(?![A-Za-z])"
_NAME_RE = "|".join(sorted(NAMES, key=len, reverse=True))
_MINUS = "-−–"

_PREFIX_RE = re.compile(
    rf"(?:(?<![\w.,)])(?P<neg>[-−]))?(?<![A-Za-z])(?P<cur>(?:{_CODE_RE})\s?(?:{_SIGN_RE})?|(?:{_SIGN_RE}))\s?"
    rf"(?P<neg2>[{_MINUS}]\s?)?(?P<num>{NUMBER})(?P<scale>{_SCALE})?(?!\d)"
)
_SUFFIX_RE = re.compile(
    rf"(?<![\w.,'’])(?P<neg>[-−])?(?P<num>{NUMBER})(?!\d)(?P<scale>{_SCALE})?\s?"
    rf"(?P<cur>{_CODE_RE}|(?:{_SIGN_RE})|(?i:{_NAME_RE})\b)"
)
_BARE_RE = re.compile(rf"^\s*(?P<neg>[{_MINUS}(])?\s*(?P<num>{NUMBER})(?P<scale>{_SCALE})?\s*\)?\s*$")
_RANGE_TAIL_RE = re.compile(
    rf"\s?(?:[{_MINUS}—]|to)\s?(?:(?:{_CODE_RE})\s?|(?:{_SIGN_RE})\s?)?(?P<num>{NUMBER})(?P<scale>{_SCALE})?"
    rf"(?![-/.]\d)(?:\s?(?:{_CODE_RE}|{_SIGN_RE}))?"
)
_RANGE_HEAD_RE = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})(?P<scale>{_SCALE})?\s?[{_MINUS}—]\s?$")
_SCALE_END_RE = re.compile(rf"{_SCALE}\s*\)?\s*(?:{_CODE_RE}|{_SIGN_RE})?\s*$")
#: The currency signs as short as they can be found: every sign of SIGNS contains one of these.
_SIGN_NEEDLES = tuple(sorted({s for s in SIGNS if not any(o != s and o in s for o in SIGNS)}))
#: Any ISO code as written, anywhere (a fast scan: a case-sensitive alternation of literals).
ANY_ISO_CODE_RE = re.compile("|".join(sorted(ISO_CODES)))
#: Any currency name, as the suffix pattern reads it (case-insensitive), anywhere.
_NAME_NEEDLE_RE = re.compile(_NAME_RE, re.I)
_NAME_NEEDLES = tuple(name.lower() for name in NAMES)


def _may_state_money(text: str) -> bool:
    """False only for text that names no currency, so holds no amount :func:`find_money` reads.

    Every prefix or suffix match names its currency by an ISO code, a sign or (suffix only) a name,
    and contains it as written; a text without any of them anywhere has no match.  Names are tested
    on the lower-cased text when it is ASCII (case-insensitive matching is exactly that there).
    """
    if any(sign in text for sign in _SIGN_NEEDLES) or ANY_ISO_CODE_RE.search(text):
        return True
    if text.isascii():
        low = text.lower()
        return any(name in low for name in _NAME_NEEDLES)
    return bool(_NAME_NEEDLE_RE.search(text))


_PERCENT_RE = re.compile(
    rf"(?<![\w.,])(?P<neg>[{_MINUS}])?(?P<num>\d+(?:[.,]\d+)?)\s?(?:%|per ?cent\b|pct\b)", re.I
)


_DIGIT_RE = re.compile(r"\d")


class _Value(BaseModel):
    """Base of the parsed values: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- numbers ----------------------------------------------------------------------------------------


def _decimal_separator(num: str, decimal: str | None, currency: str | None) -> str | None:
    """Which of ``.`` and ``,`` is the decimal separator in ``num`` (None: it has none)."""
    seps = [c for c in num if c in ".,"]
    if not seps:
        return None
    kinds = set(seps)
    if len(kinds) == 2:
        return seps[-1]
    sep = seps[0]
    if len(seps) > 1:
        return None  # the same separator twice groups thousands
    if any(c in _GROUP_CHARS for c in num):
        return sep  # 1 200,50 / 1'200.50: the other character groups, so this one is decimal
    whole, frac = num.split(sep)
    if len(frac) != 3:
        return sep
    if decimal in (".", ","):
        return sep if sep == decimal else None
    if whole.lstrip("0") == "" or (currency in THREE_DECIMAL_CURRENCIES and sep == "."):
        return sep
    return None


def to_decimal(num: str, *, decimal: str | None = None, currency: str | None = None) -> Decimal | None:
    """A number as written (``1.200,50``, ``12'000``, ``60 000``) as a Decimal; None if it is not one.

    ``decimal`` (``"."`` or ``","``) settles the one ambiguous shape, a single separator followed by
    three digits; see the module docstring for the rules.
    """
    text = num.strip()
    if not text or not text[0].isdigit():
        return None
    sep = _decimal_separator(text, decimal, currency)
    digits = []
    for c in text:
        if c.isdigit():
            digits.append(c)
        elif c == sep:
            digits.append(".")
        elif c in ".," or c in _GROUP_CHARS:
            continue
        else:
            return None
    try:
        return Decimal("".join(digits))
    except InvalidOperation:
        return None


def _scaled(value: Decimal, scale: str | None) -> Decimal:
    """Apply a ``k``/``M``/``million`` suffix; keep a whole result free of a trailing ``.0``."""
    if not scale:
        return value
    factor = _SCALES.get(scale.strip().rstrip(".").lower())
    if factor is None:
        return value
    out = value * factor
    return out.quantize(Decimal(1)) if out == out.to_integral_value() else out


def parse_number(text: str, *, decimal: str | None = None) -> Decimal | None:
    """A whole text that is one number (``1,200``, ``12,5``, ``(300)``, ``60k``) as a Decimal, else None."""
    m = _BARE_RE.match(text)
    if m is None:
        return None
    value = to_decimal(m.group("num"), decimal=decimal)
    if value is None:
        return None
    value = _scaled(value, m.group("scale"))
    return -value if m.group("neg") else value


# --- money ------------------------------------------------------------------------------------------


class Money(_Value):
    """An amount of money as written: exact amount, ISO currency (None if the text names none)."""

    amount: Decimal
    currency: str | None = None
    raw: str
    #: 0-based character offsets of ``raw`` in the text it was found in.
    span: tuple[int, int]
    #: The currency sign or name as written (``$``, ``€``, ``USD``), so ``$`` can be re-read as CAD.
    symbol: str | None = None
    #: Upper end of a range (``$50k-$60k``); ``amount`` is the lower end.
    high: Decimal | None = None

    def __str__(self) -> str:
        """The amount as messages show it: ``USD 60,000``, ``EUR 1,200.50``."""
        text = format_money(self.amount, self.currency)
        return f"{text}-{format_money(self.high, None)}" if self.high is not None else text


def format_amount(value: Decimal) -> str:
    """A number with thousands commas, cents only when there are any: ``99,900``, ``1,200.50``."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    return f"{value:,}"


def format_money(value: Decimal, currency: str | None) -> str:
    """An amount for a message: ``EUR 99,900`` (the ISO code first, so every currency reads alike)."""
    text = format_amount(value)
    return f"{currency} {text}" if currency else text


def _currency_of(cur: str) -> tuple[str | None, str]:
    """The ISO code and the written sign of a currency match (``USD $`` -> ``USD``)."""
    cur = cur.strip()
    code = cur[:3]
    if code in ISO_CODES:
        return code, cur
    if cur in SIGNS:
        return SIGNS[cur], cur
    return NAMES.get(cur.lower()), cur


def _money_from(m: re.Match[str], text: str, decimal: str | None) -> Money | None:
    code, symbol = _currency_of(m.group("cur"))
    value = to_decimal(m.group("num"), decimal=decimal, currency=code)
    if value is None:
        return None
    value = _scaled(value, m.group("scale"))
    start, end = m.span()
    negative = bool(m.group("neg")) or bool(m.groupdict().get("neg2"))
    if start > 0 and text[start - 1] == "(" and end < len(text) and text[end] == ")":
        negative, start, end = True, start - 1, end + 1
    if negative:
        value = -value
    return Money(amount=value, currency=code, raw=text[start:end], span=(start, end), symbol=symbol)


def _with_range(money: Money, text: str, decimal: str | None) -> Money:
    """Widen a match to a range written around it (``$50k-$60k``, ``50-60k EUR``)."""
    start, end = money.span
    tail = _RANGE_TAIL_RE.match(text, end)
    if tail is not None and money.amount >= 0:
        high = to_decimal(tail.group("num"), decimal=decimal, currency=money.currency)
        if high is not None:
            scale = tail.group("scale")
            high = _scaled(high, scale)
            low = money.amount
            if scale and not _SCALE_END_RE.search(money.raw):
                low = _scaled(low, scale)
            if high > low:
                end = tail.end()
                update = {"amount": low, "high": high, "raw": text[start:end], "span": (start, end)}
                return money.model_copy(update=update)
    head = _RANGE_HEAD_RE.search(text, 0, start)
    if head is not None and money.symbol and money.raw.lstrip(_MINUS)[:1].isdigit():
        first = to_decimal(head.group("num"), decimal=decimal, currency=money.currency)
        if first is not None:
            low = first
            scale = head.group("scale")
            if scale:
                low = _scaled(low, scale)
            else:
                m = _SUFFIX_RE.match(money.raw)
                if m is not None and m.group("scale"):
                    low = _scaled(low, m.group("scale"))
            if low < money.amount:
                start = head.start()
                return money.model_copy(
                    update={"amount": low, "high": money.amount, "raw": text[start:end], "span": (start, end)}
                )
    return money


def find_money(text: str, *, decimal: str | None = None) -> list[Money]:
    """Every amount of money in ``text`` that names its currency, in order, with spans.

    Prefix (``USD 60,000``, ``$60k``, ``CHF 12'000``) and suffix (``60 000 €``, ``1,234.56 USD``)
    forms, ``k``/``M``/``million`` suffixes, minus signs and accounting parentheses, and ranges
    (``$50,000-$60,000``).  Where both forms claim one currency (``Phase 2 USD 5,000``) the prefix
    form wins; ``$44,000 USD`` is one amount whose code names the currency.  A bare number is never
    money here (see :func:`parse_money`); ``$2$`` (TeX math in markdown) is skipped.
    """
    if not _DIGIT_RE.search(text) or not _may_state_money(text):
        return []
    prefixes: list[tuple[Money, tuple[int, int]]] = []
    for m in _PREFIX_RE.finditer(text):
        if m.end() < len(text) and text[m.end()] == "$" and m.group("cur") == "$":
            continue
        money = _money_from(m, text, decimal)
        if money is not None:
            prefixes.append((money, m.span("num")))
    found = [money for money, _ in prefixes]
    for m in _SUFFIX_RE.finditer(text):
        if m.group("cur") == "$" and m.start() > 0 and text[m.start() - 1] == "$":
            continue
        money = _money_from(m, text, decimal)
        if money is None:
            continue
        clash = [
            i for i, (p, _) in enumerate(prefixes) if p.span[0] < money.span[1] and money.span[0] < p.span[1]
        ]
        if not clash:
            found.append(money)
            continue
        i = clash[0]
        prefix, numspan = prefixes[i]
        if numspan == m.span("num") and money.currency and money.span[1] > prefix.span[1]:
            start = prefix.span[0]
            extended = money.model_copy(
                update={
                    "raw": text[start : money.span[1]],
                    "span": (start, money.span[1]),
                    "amount": prefix.amount,
                }
            )
            found[found.index(prefix)] = extended
    found.sort(key=lambda mo: mo.span)
    out: list[Money] = []
    for money in (_with_range(mo, text, decimal) for mo in found):
        if out and money.span[0] < out[-1].span[1]:
            continue
        out.append(money)
    return out


def parse_money(
    text: str, *, currency: str | None = None, decimal: str | None = None, bare: bool = False
) -> Money | None:
    """The first amount of money in ``text``; None if there is none.

    With ``bare=True`` a text that is only a number (a cell under an "Amount (USD)" header) is
    money too, in ``currency`` (None if not given).  ``currency`` also fills in the currency of a
    bare sign-less amount only; an amount that names its currency keeps it.
    """
    found = find_money(text, decimal=decimal)
    if found:
        return found[0]
    if bare:
        m = _BARE_RE.match(text)
        if m is not None:
            value = parse_number(text, decimal=decimal)
            if value is not None:
                start = len(text) - len(text.lstrip())
                end = len(text.rstrip())
                return Money(amount=value, currency=currency, raw=text[start:end], span=(start, end))
    return None


# --- percentages ------------------------------------------------------------------------------------


class Percent(_Value):
    """A percentage as written (``30%``, ``12,5 %``, ``15 percent``); ``value`` is 30 for 30%."""

    value: Decimal
    raw: str
    span: tuple[int, int]


def find_percents(text: str, *, decimal: str | None = None) -> list[Percent]:
    """Every percentage in ``text``, in order."""
    if not _DIGIT_RE.search(text):
        return []
    out = []
    for m in _PERCENT_RE.finditer(text):
        value = to_decimal(m.group("num"), decimal=decimal)
        if value is None:
            continue
        out.append(Percent(value=-value if m.group("neg") else value, raw=m.group(0), span=m.span()))
    return out


def parse_percent(text: str, *, decimal: str | None = None) -> Decimal | None:
    """The first percentage in ``text`` (30 for ``30%``); None if there is none."""
    found = find_percents(text, decimal=decimal)
    return found[0].value if found else None


# --- durations and quantities ---------------------------------------------------------------------

DurationUnit = Literal["hour", "day", "week", "month", "year", "sprint"]

UNIT_WORDS: dict[str, DurationUnit] = {
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "hour": "hour",
    "hours": "hour",
    "d": "day",
    "day": "day",
    "days": "day",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "mo": "month",
    "mos": "month",
    "month": "month",
    "months": "month",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
    "sprint": "sprint",
    "sprints": "sprint",
    "iteration": "sprint",
    "iterations": "sprint",
}
_COUNT = COMPACT_NUMBER + "|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_QUAL = r"(?P<qual>business|working|work|calendar|person|man|staff|consultant|fte)"
_UNIT = (
    r"(?P<unit>hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?|sprints?|iterations?)"
    r"|(?<=\d)(?P<short>(?-i:h|d))"
)
_DURATION_RE = re.compile(
    rf"(?<![\w.,])(?P<n>{_COUNT})(?:\s*\(\d+\))?\s*-?\s*(?:{_QUAL}[- ]?)?(?:{_UNIT})\b",
    re.I,
)
_SPRINTS_RE = re.compile(
    rf"(?<![\w.,])(?P<n>{_COUNT})\s+(?:(?P<m1>{_COUNT})[- ](?P<u1>week|day)s?[- ]|(?:\w+[- ])?)"
    rf"(?:sprints?|iterations?)"
    rf"(?:\s*(?:of|,?\s*each(?:\s+lasting|\s+of)?)\s+(?P<m2>{_COUNT})\s*[- ]?\s*(?P<u2>weeks?|days?))?\b",
    re.I,
)


_DURATION_GATE_RE = re.compile(
    r"ho?u?rs?\b|days?\b|we?e?ks?\b|mo(?:nth)?s?\b|ye?a?rs?\b|sprint|iteration|\d[hd]\b", re.I
)
#: The same gate for ASCII text once lower-cased, in two case-sensitive parts, each of which starts
#: with a character the regex engine can skip to (the case-insensitive one above tries every
#: position).  On ASCII text, lower-casing and then matching case-sensitively is exactly matching
#: case-insensitively: the patterns' letters are lower case and ``\d``/``\b`` ignore case.
_DURATION_GATE_WORDS_RE = re.compile(
    r"ho?u?rs?\b|days?\b|we?e?ks?\b|mo(?:nth)?s?\b|ye?a?rs?\b|sprint|iteration"
)
_DURATION_GATE_SHORT_RE = re.compile(r"\d[hd]\b")


def _may_state_duration(text: str) -> bool:
    """False only for text without a duration word (the test :data:`_DURATION_GATE_RE` makes)."""
    if not text.isascii():
        return bool(_DURATION_GATE_RE.search(text))
    low = text.lower()
    return bool(_DURATION_GATE_WORDS_RE.search(low) or _DURATION_GATE_SHORT_RE.search(low))


class Duration(_Value):
    """A length of time or effort: ``6 weeks``, ``10 business days``, ``3 sprints of 2 weeks``.

    ``value``/``unit`` are as written (sprints of a stated length become weeks or days);
    ``basis`` says whether the text counted business or calendar days (None: it did not say).
    ``working_days`` and ``hours`` convert with :data:`HOURS_PER_DAY`, :data:`WORKING_DAYS_PER_WEEK`
    and :data:`WORKING_DAYS_PER_MONTH`; a sprint of unstated length converts to nothing.
    """

    value: Decimal
    unit: DurationUnit
    basis: Literal["business", "calendar"] | None = None
    #: True for effort units (``person-days``, ``man-hours``): work, not elapsed time.
    effort: bool = False
    raw: str
    span: tuple[int, int]

    @property
    def working_days(self) -> Decimal | None:
        """The duration in working days (None for sprints of unstated length)."""
        if self.unit == "hour":
            return self.value / HOURS_PER_DAY
        if self.unit == "day":
            if self.basis == "calendar":
                return self.value * WORKING_DAYS_PER_WEEK / 7
            return self.value
        if self.unit == "week":
            return self.value * WORKING_DAYS_PER_WEEK
        if self.unit == "month":
            return self.value * WORKING_DAYS_PER_MONTH
        if self.unit == "year":
            return self.value * WORKING_DAYS_PER_YEAR
        return None

    @property
    def hours(self) -> Decimal | None:
        """The duration in working hours (``HOURS_PER_DAY`` per working day)."""
        if self.unit == "hour":
            return self.value
        days = self.working_days
        return None if days is None else days * HOURS_PER_DAY

    @property
    def calendar_days(self) -> Decimal | None:
        """Elapsed calendar days (business days count 7 for every 5; months are averaged)."""
        if self.unit == "day":
            return self.value * 7 / WORKING_DAYS_PER_WEEK if self.basis == "business" else self.value
        if self.unit == "week":
            return self.value * 7
        if self.unit == "month":
            return self.value * CALENDAR_DAYS_PER_MONTH
        if self.unit == "year":
            return self.value * CALENDAR_DAYS_PER_MONTH * 12
        if self.unit == "hour":
            return self.value / HOURS_PER_DAY * 7 / WORKING_DAYS_PER_WEEK
        return None

    def add_to(self, start: dt.date) -> dt.date | None:
        """The date this long after ``start`` (calendar months and years; business days skip weekends)."""
        if self.unit in ("month", "year") and self.value == self.value.to_integral_value():
            months = int(self.value) * (12 if self.unit == "year" else 1)
            return start + _months(months)
        if self.unit == "day" and self.basis == "business":
            return add_business_days(start, int(self.value))
        days = self.calendar_days
        if days is None:
            return None
        return start + dt.timedelta(days=int(days.to_integral_value(rounding=ROUND_HALF_UP)))


def _months(months: int) -> relativedelta:
    """dateutil's relativedelta of ``months``, imported on first use (clamps to the month's end)."""
    from dateutil.relativedelta import relativedelta

    return relativedelta(months=months)


def add_business_days(start: dt.date, days: int) -> dt.date:
    """``start`` moved by ``days`` working days (Monday to Friday; public holidays are not known)."""
    step = 1 if days >= 0 else -1
    current, left = start, abs(days)
    while left:
        current += dt.timedelta(days=step)
        if current.weekday() < 5:
            left -= 1
    return current


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Working days (Monday to Friday) from ``start`` to ``end``, both included; 0 if ``end`` is earlier."""
    if end < start:
        return 0
    total = (end - start).days + 1
    weeks, rest = divmod(total, 7)
    count = weeks * 5
    for i in range(rest):
        if (start.weekday() + weeks * 7 + i) % 7 < 5:
            count += 1
    return count


def _count(text: str, decimal: str | None = None) -> Decimal | None:
    word = _WORD_NUMBERS.get(text.lower())
    if word is not None:
        return Decimal(word)
    return to_decimal(text, decimal=decimal)


def _basis(qual: str | None) -> tuple[Literal["business", "calendar"] | None, bool]:
    if not qual:
        return None, False
    q = qual.lower()
    if q in ("business", "working", "work"):
        return "business", False
    if q == "calendar":
        return "calendar", False
    return None, True


def find_durations(text: str, *, decimal: str | None = None) -> list[Duration]:
    """Every duration or effort in ``text`` (``6 weeks``, ``120 hours``, ``3 sprints of 2 weeks``)."""
    if not _may_state_duration(text):
        return []
    out: list[Duration] = []
    taken: list[tuple[int, int]] = []
    for m in _SPRINTS_RE.finditer(text):
        n = _count(m.group("n"), decimal)
        length = m.group("m1") or m.group("m2")
        unit_word = (m.group("u1") or m.group("u2") or "").lower()
        if n is None:
            continue
        if length:
            each = _count(length, decimal)
            if each is None:
                continue
            unit: DurationUnit = "week" if unit_word.startswith("week") else "day"
            out.append(Duration(value=n * each, unit=unit, raw=m.group(0), span=m.span()))
        else:
            out.append(Duration(value=n, unit="sprint", raw=m.group(0), span=m.span()))
        taken.append(m.span())
    for m in _DURATION_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        n = _count(m.group("n"), decimal)
        if n is None:
            continue
        # casefold, not lower: the case-insensitive pattern also takes the long s and the Kelvin
        # sign for "s" and "k" ("wkſ"), which only casefold maps back to the unit words
        unit_of = UNIT_WORDS.get((m.group("unit") or m.group("short")).casefold())
        if unit_of is None:
            continue
        basis, effort = _basis(m.group("qual"))
        out.append(Duration(value=n, unit=unit_of, basis=basis, effort=effort, raw=m.group(0), span=m.span()))
    out.sort(key=lambda d: d.span)
    return out


def parse_duration(text: str, *, decimal: str | None = None) -> Duration | None:
    """The first duration in ``text``; None if there is none."""
    found = find_durations(text, decimal=decimal)
    return found[0] if found else None


#: A count with a unit that is not time: ``2 each``, ``3 licences``, ``1 lot``.
_COUNTED_RE = re.compile(
    rf"(?P<num>{COMPACT_NUMBER})\s*(?:x\s*)?(?:each|lots?|units?|pcs|pieces|licen[cs]es?|seats?|users?)$",
    re.I,
)


class Quantity(_Value):
    """A table quantity: a number and the unit written with it (``200``, ``25 days``, ``40 hrs``)."""

    value: Decimal
    unit: DurationUnit | None = None


def parse_quantity(text: str, *, decimal: str | None = None) -> Quantity | None:
    """A cell holding a count or an effort (``640``, ``1,200``, ``25 days``, ``2 each``); None otherwise."""
    value = parse_number(text, decimal=decimal)
    if value is not None:
        return Quantity(value=value)
    stripped = text.strip()
    found = find_durations(stripped, decimal=decimal)
    if len(found) == 1 and found[0].span == (0, len(stripped)) and found[0].unit != "sprint":
        return Quantity(value=found[0].value, unit=found[0].unit)
    m = _COUNTED_RE.match(stripped)
    if m is not None and not found:
        value = to_decimal(m.group("num"), decimal=decimal)
        return None if value is None else Quantity(value=value)
    return None


# --- dates ------------------------------------------------------------------------------------------

DateKind = Literal["day", "month", "quarter", "half", "relative"]

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR4 = r"(?P<year>(?:19|20|21)\d\d)"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "iso",
        re.compile(r"(?<![\d/.-])(?P<year>\d{4})(?P<sep>[-/.])(?P<a>\d{1,2})(?P=sep)(?P<b>\d{1,2})(?![\d])"),
    ),
    (
        "numeric",
        re.compile(
            r"(?<![\d/.,-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
            r"(?P<year>\d{4}|(?<=/\d/)\d\d|(?<=/\d\d/)\d\d)(?![\d]|[.,]\d|/)"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?P<day>\d{{1,2}}){_ORD}(?:\s+of)?[\s-]+{_MONTH},?[\s-]+(?:{_YEAR4}|'(?P<yy>\d\d))\b", re.I
        ),
    ),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?:{_YEAR4}|'(?P<yy>\d\d))\b", re.I)),
    ("my", re.compile(rf"\b{_MONTH},?\s+{_YEAR4}\b", re.I)),
    (
        "quarter",
        re.compile(
            r"\b(?:Q(?P<q>[1-4])[\s/-]*(?:(?:FY|CY)\s?)?(?:(?P<year>\d{4})|'(?P<yy>\d\d))"
            r"|(?P<year2>\d{4})[\s/-]?Q(?P<q2>[1-4])"
            r"|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?(?P<year3>\d{4}))\b",
            re.I,
        ),
    ),
    (
        "half",
        re.compile(
            r"\b(?:H(?P<h>[12])[\s/-]*(?:(?P<year>\d{4})|'(?P<yy>\d\d))|(?P<hw>first|second)\s+half\s+(?:of\s+)?(?P<year2>\d{4}))\b",
            re.I,
        ),
    ),
)
#: What every match of :data:`_DATE_PATTERNS` contains: a four-digit year (or ``\d{4}`` of an ISO or
#: quarter date), a ``'27`` year, or the ``/5/27`` of a numeric date with a two-digit year, i.e.
#: ``\d{4}|'\d\d|/\d\d?/\d\d``, written to open with a character class the engine can skip to.
#: Most texts have none of these, and this one scan spares them the seven patterns.
_DATE_GATE_RE = re.compile(r"[\d'/](?:(?<=\d)\d{3}|(?<=')\d\d|(?<=/)\d\d?/\d\d)")
#: The same for each pattern: what its every match contains.  ``iso`` and ``numeric`` by a fast scan
#: (their patterns open with a lookbehind, so the engine tries every position); the others by
#: words in the lower-cased text when it is ASCII (month names all start with these three letters;
#: ``Q3``/``quarter``; ``H1``/``H2``/``half``), where case-insensitive matching is exactly that.
_ISO_GATE_RE = re.compile(r"\d{4}[-/.]\d")
_NUMERIC_GATE_RE = re.compile(r"\d[/.-]\d")
_MONTH_NEEDLES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_NEEDLES: dict[str, tuple[str, ...]] = {
    "dmy": _MONTH_NEEDLES,
    "mdy": _MONTH_NEEDLES,
    "my": _MONTH_NEEDLES,
    "quarter": ("q",),
    "half": ("h1", "h2", "half"),
}


def _may_date(kind: str, text: str, low: str | None) -> bool:
    """False only when the ``kind`` pattern of :data:`_DATE_PATTERNS` cannot match ``text``.

    ``low`` is the lower-cased text when it is ASCII, else None (no word test then).
    """
    if kind == "iso":
        return bool(_ISO_GATE_RE.search(text))
    if kind == "numeric":
        return bool(_NUMERIC_GATE_RE.search(text))
    return low is None or any(n in low for n in _DATE_NEEDLES[kind])


_RELATIVE_RE = re.compile(r"\b(?P<unit>week|wk|month|day|sprint|iteration)\s*#?\s*(?P<n>\d{1,3})\b", re.I)
_RELATIVE_UNITS: dict[str, Literal["day", "week", "month", "sprint"]] = {
    "day": "day",
    "week": "week",
    "wk": "week",
    "month": "month",
    "sprint": "sprint",
    "iteration": "sprint",
}
_QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


class DateValue(_Value):
    """A date, a month, a quarter or a half-year as written, or a relative marker (``Week 6``).

    ``start``/``end`` bound what the text names (the same day for a date; ``Q3 2027`` is
    2027-07-01 to 2027-09-30).  A date that does not exist (``2027-02-30``) has ``valid=False``,
    no bounds, and ``reason`` saying why.  ``ambiguous`` marks a numeric date whose day and month
    could be swapped (``05/06/2027``); ``relative_unit``/``relative_value`` hold ``Week 6``.
    """

    kind: DateKind
    raw: str
    span: tuple[int, int]
    start: dt.date | None = None
    end: dt.date | None = None
    valid: bool = True
    ambiguous: bool = False
    reason: str | None = None
    relative_unit: Literal["day", "week", "month", "sprint"] | None = None
    relative_value: int | None = None

    @property
    def value(self) -> dt.date | None:
        """The date itself for a single valid day, else None."""
        return self.start if self.kind == "day" and self.valid else None


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _check_day(year: int, month: int, day: int) -> str | None:
    """Why ``year-month-day`` is not a date (None if it is one)."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        return f"{name} {year} has {last} days, not {day}" if day > 0 else f"there is no day {day}"
    return None


def _day_value(raw: str, span: tuple[int, int], y: int, m: int, d: int, ambiguous: bool = False) -> DateValue:
    reason = _check_day(y, m, d)
    if reason:
        return DateValue(kind="day", raw=raw, span=span, valid=False, reason=reason)
    day = dt.date(y, m, d)
    return DateValue(kind="day", raw=raw, span=span, start=day, end=day, ambiguous=ambiguous)


def _range(kind: DateKind, raw: str, span: tuple[int, int], year: int, first: int, last: int) -> DateValue:
    end = dt.date(year, last, calendar.monthrange(year, last)[1])
    return DateValue(kind=kind, raw=raw, span=span, start=dt.date(year, first, 1), end=end)


def _numeric(m: re.Match[str], dayfirst: bool | None) -> DateValue:
    raw, span = m.group(0), m.span()
    a, b, year = int(m.group("a")), int(m.group("b")), _year(m.group("year"))
    as_dm = _check_day(year, b, a) is None  # a is the day
    as_md = _check_day(year, a, b) is None  # a is the month
    if as_dm and as_md:
        if a == b:
            return _day_value(raw, span, year, a, a)
        first = dayfirst is not False
        return _day_value(raw, span, year, b if first else a, a if first else b, ambiguous=True)
    if as_dm:
        return _day_value(raw, span, year, b, a)
    if as_md:
        return _day_value(raw, span, year, a, b)
    # neither reading exists: report the reading the document's convention asks for
    return _day_value(raw, span, year, a, b) if dayfirst is False else _day_value(raw, span, year, b, a)


def _from_match(kind: str, m: re.Match[str], dayfirst: bool | None) -> DateValue:
    raw, span = m.group(0), m.span()
    g = m.groupdict()
    if kind == "iso":
        return _day_value(raw, span, int(g["year"]), int(g["a"]), int(g["b"]))
    if kind == "numeric":
        return _numeric(m, dayfirst)
    if kind in ("dmy", "mdy"):
        year = _year(g["year"] or g["yy"])
        return _day_value(raw, span, year, MONTHS[g["mon"].lower()], int(g["day"]))
    if kind == "my":
        month = MONTHS[g["mon"].lower()]
        return _range("month", raw, span, int(g["year"]), month, month)
    if kind == "quarter":
        q = int(g["q"] or g["q2"] or _QUARTER_WORDS[(g["qw"] or "").lower()])
        year = _year(g["year"] or g["yy"] or g["year2"] or g["year3"])
        return _range("quarter", raw, span, year, 3 * q - 2, 3 * q)
    h = int(g["h"]) if g["h"] else (1 if (g["hw"] or "").lower() == "first" else 2)
    year = _year(g["year"] or g["yy"] or g["year2"])
    return _range("half", raw, span, year, 6 * h - 5, 6 * h)


def find_dates(text: str, *, dayfirst: bool | None = None, relative: bool = False) -> list[DateValue]:
    """Every date, month, quarter or half-year in ``text``, in order, invalid dates included.

    ``relative=True`` also returns ``Week 6``/``Month 3``/``Sprint 4`` markers (off by default:
    in prose "week 1" is rarely a schedule date).
    """
    dated = _DATE_GATE_RE.search(text) is not None  # False: no pattern of _DATE_PATTERNS can match
    if not dated and not (relative and _DIGIT_RE.search(text)):
        return []
    out: list[DateValue] = []
    low = text.lower() if dated and text.isascii() else None
    for kind, regex in _DATE_PATTERNS if dated else ():
        if not _may_date(kind, text, low):
            continue
        for m in regex.finditer(text):
            if any(d.span[0] < m.end() and m.start() < d.span[1] for d in out):
                continue
            out.append(_from_match(kind, m, dayfirst))
    if relative:
        for m in _RELATIVE_RE.finditer(text):
            if any(d.span[0] < m.end() and m.start() < d.span[1] for d in out):
                continue
            out.append(_relative(m))
    out.sort(key=lambda d: d.span)
    return out


def _relative(m: re.Match[str]) -> DateValue:
    rel = _RELATIVE_UNITS[m.group("unit").lower()]
    return DateValue(
        kind="relative", raw=m.group(0), span=m.span(), relative_unit=rel, relative_value=int(m.group("n"))
    )


def parse_date(text: str, *, dayfirst: bool | None = None) -> DateValue | None:
    """The date a text (a table cell, a phrase) names; None if it names none.

    The first date-shaped mention wins (``2027-02-30`` gives ``valid=False``).  A text that is only
    a relative marker (``Week 6``) gives a relative value.  Otherwise a short text is handed to
    ``dateutil.parser`` and accepted only if it states a year, a month and a day.
    """
    found = find_dates(text, dayfirst=dayfirst)
    if found:
        return found[0]
    stripped = text.strip()
    m = _RELATIVE_RE.fullmatch(stripped)
    if m is not None:
        return _relative(m)
    if 6 <= len(stripped) <= 40 and re.search(r"\b(?:19|20|21)\d\d\b|'\d\d\b", stripped):
        return _dateutil_date(stripped, text.find(stripped), dayfirst)
    return None


def _dateutil_date(text: str, offset: int, dayfirst: bool | None) -> DateValue | None:
    """A whole text parsed by dateutil, if it names a full date (two defaults tell a missing field)."""
    from dateutil import parser

    span = (offset, offset + len(text))
    try:
        one = parser.parse(text, default=dt.datetime(1904, 1, 1), dayfirst=dayfirst is not False)
        two = parser.parse(text, default=dt.datetime(1908, 2, 2), dayfirst=dayfirst is not False)
    except parser.ParserError as exc:
        message = str(exc)
        if "out of range" in message and any(name in text.lower() for name in MONTHS):
            reason = message.split(":")[0]
            return DateValue(kind="day", raw=text, span=span, valid=False, reason=reason)
        return None
    except (OverflowError, ValueError):
        return None
    if one.date() != two.date():
        return None
    return DateValue(kind="day", raw=text, span=span, start=one.date(), end=one.date())
