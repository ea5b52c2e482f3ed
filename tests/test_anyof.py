"""AnyOf answers "does any of these patterns match?" exactly as trying each pattern does, only faster."""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from sowlint.anyof import AnyOf, literal_trie, union_pattern
from sowlint.classify import load_taxonomy
from sowlint.readers import read_document
from sowlint.readers.markdown import parse_markdown
from sowlint.regex_literals import anchors, has_needle, needles
from sowlint.terms import load_terms

from .conftest import EXAMPLES, ROOT

CASES = ROOT / "tests" / "rules" / "cases"

TERM_LISTS = ("vague-terms", "weak-commitments", "open-ended-scope", "escape-clauses")


@cache
def _texts() -> tuple[str, ...]:
    """Titles, paragraphs, list items, cells and sentences of the example SOWs and of the rule cases
    (tests/rules/cases), with case variants and look-alike letters (Kelvin sign, long s, dotted
    capital I) that match ASCII letters under IGNORECASE."""
    docs = [read_document(EXAMPLES / name, name) for name in ("complete-sow.md", "deficient-sow.md")]
    for path in sorted(CASES.glob("SOW*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            docs.append(parse_markdown(re.sub(r"\s*\{SOW\d+\}", "", case["text"]), path.name))
    found: set[str] = set()
    for doc in docs:
        found.update(s.title for s in doc.walk())
        for block in doc.all_blocks():
            found.add(block.text)
            found.update(re.split(r"(?<=[.;:])\s+", block.text))
    variants: set[str] = set()
    for t in found:
        variants.update(
            {
                t,
                t.upper(),
                t.lower(),
                t.swapcase(),
                t.replace("k", "\u212a").replace("s", "\u017f"),
                t.replace("i", "\u0130").replace("I", "\u0131"),
            }
        )
    return tuple(sorted(variants))


def _groups() -> list[tuple[str, tuple[re.Pattern[str], ...]]]:
    tax = load_taxonomy()
    groups = []
    for k in tax.kinds:
        groups += [
            (f"{k.name}.titles", (*k.titles, *k.leadins)),
            (f"{k.name}.leadins", k.leadins),
            (f"{k.name}.statements", k.statements),
            (f"{k.name}.content_rejects", k.content_rejects),
        ]
    groups.append(("all leadins", tuple(p for k in tax.kinds for p in k.leadins)))
    groups.append(("all statements", tuple(p for k in tax.kinds for p in k.statements)))
    groups += [(name, tuple(t.regex for t in load_terms(name).terms)) for name in TERM_LISTS]
    return [(name, pats) for name, pats in groups if pats]


@pytest.mark.parametrize(("name", "patterns"), _groups(), ids=lambda v: v if isinstance(v, str) else "")
def test_same_answer_as_each_pattern(name: str, patterns: tuple[re.Pattern[str], ...]) -> None:
    built = AnyOf(patterns, build_after=0)  # prefilter and joined pattern from the first text on
    lazy = AnyOf(patterns)  # tries the patterns one by one until enough text has been read
    for text in _texts():
        expected = any(p.search(text) for p in patterns)
        assert built.search(text) is expected, (name, text)
        assert lazy.search(text) is expected, (name, text)


@pytest.mark.parametrize("name", ["all leadins", "all statements", *TERM_LISTS])
def test_the_texts_exercise_both_answers(name: str) -> None:
    patterns = dict(_groups())[name]
    hits = sum(1 for text in _texts() if any(p.search(text) for p in patterns))
    assert 0 < hits < len(_texts())


@pytest.mark.parametrize(("name", "patterns"), _groups(), ids=lambda v: v if isinstance(v, str) else "")
def test_anchors_and_needles_are_in_every_match(name: str, patterns: tuple[re.Pattern[str], ...]) -> None:
    for p in patterns:
        strings, found = anchors(p), needles(p)
        assert strings and found, p.pattern  # every packaged pattern has both pre-checks
        for text in _texts():
            if text.isascii() and p.search(text):
                low = text.lower()
                assert any(s in low for s in strings), (p.pattern, text)
                assert any(has_needle(low, n) for n in found), (p.pattern, text)


def test_anchors_are_whole_phrases_and_needles_few() -> None:
    # One reading of the pattern: the trie takes the most selective strings, however many; the
    # gate, which scans the text once per needle, takes few that are selective enough.
    p = re.compile(r"\b(vendor|we)\b[^.]{0,40}\b(will|shall) not be responsible", re.I)
    assert anchors(p) == {"will not be responsible", "shall not be responsible"}
    assert needles(p) == ((" not be responsible", False, False),)
    p = re.compile(r"\bworks? (well|fine)\b", re.I)
    assert anchors(p) == {"work well", "work fine", "works well", "works fine"}
    assert needles(p) == (("work", True, False),)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"\betc\b\.{0,3}|\bet cetera\b", "tasks, et cetera."),
        (r"\betc\b\.{0,3}|\bet cetera\b", "reports etc."),
        (r"(?:a|b)?c+d", "ccd"),
        (r"\b(the )?(client|buyer)\b[^.]{0,40}\b(will|shall) (provide|furnish)\b", "The Buyer shall furnish"),
        (r"x(?:yz)+w", "xyzyzw"),
        (r"[A-C]{2}q", "bcq"),
        (r"(?i:ABC)d", "abcd"),
        (r"(?-i:ABC)d", "ABCD"),
    ],
)
def test_anchor_of_a_matching_text(pattern: str, text: str) -> None:
    p = re.compile(pattern, re.IGNORECASE)
    assert p.search(text)
    strings = anchors(p)
    assert strings is None or any(s in text.lower() for s in strings)


def test_prefilter_is_skipped_for_non_ascii_text() -> None:
    # U+212A KELVIN SIGN matches "k" under IGNORECASE, but lowercases to "k" only by luck of Unicode;
    # the long s matches "s" and lowercases to itself.  Such texts go straight to the patterns.
    patterns = [re.compile(r"\bkick-?off\b", re.I), re.compile(r"\bsign[- ]?off\b", re.I)]
    any_of = AnyOf(patterns, build_after=0)
    assert any_of.search("A \u212aick-off meeting")
    assert any_of.search("Client \u017fign-off")
    assert not any_of.search("A launch meeting")


@pytest.mark.parametrize(
    "sources",
    [
        [r"a|b", r"\bc|d"],
        [r"[|]x", r"y\|z"],
        [r"[]|]w", r"(?<![\w-])v"],
        [r"(?<![\w-])?u", r"\bt"],
        [r"\b(?:p|q)\b", r"\bs(?=r)"],
    ],
)
def test_union_matches_where_a_pattern_does(sources: list[str]) -> None:
    patterns = [re.compile(s, re.I) for s in sources]
    joined = union_pattern(patterns)
    assert joined is not None
    texts = [*"a b xc c d |x x y|z ]w |w -v v u -u t p sr s".split(), ""]
    for text in texts:
        assert (joined.search(text) is not None) is any(p.search(text) for p in patterns), (sources, text)


@pytest.mark.parametrize("sources", [[r"(a)\1", r"b"], [r"(?x) a", r"b"], [r"(?#x|y)a", r"b"]])
def test_union_refuses_what_joining_would_change(sources: list[str]) -> None:
    assert union_pattern([re.compile(s) for s in sources]) is None


def test_union_refuses_mixed_flags() -> None:
    assert union_pattern([re.compile("a", re.I), re.compile("b")]) is None


def test_trie_finds_the_same_strings() -> None:
    words = ["will give", "will grant", "must give", "ab", "abc", "x"]
    trie = literal_trie(words)
    for text in ["will grant", "xx", "ab", "abc", "wil", "must giv", "", "shall give", "will  give"]:
        assert (trie.search(text) is not None) is any(w in text for w in words), text
