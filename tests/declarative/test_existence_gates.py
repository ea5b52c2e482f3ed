"""The literal pre-check in front of built-in ``existence`` patterns never hides a match."""

from __future__ import annotations

from pathlib import Path

import regex
import yaml

from sowlint.classify import classify
from sowlint.declarative import load_rule_file, scoped_nodes
from sowlint.declarative.existence import ExistenceRule, _admits, _literal_gates
from sowlint.engine import builtin_registry
from sowlint.model import Document
from sowlint.readers import read_document
from tests.conftest import EXAMPLES, ROOT


def _existence_rules() -> list[type[ExistenceRule]]:
    return [r for r in builtin_registry().rules if isinstance(r, type) and issubclass(r, ExistenceRule)]


def _texts() -> list[str]:
    """Every text unit of the examples and the rule-case files, plus the rules' own examples."""
    texts: list[str] = []
    for path in sorted(EXAMPLES.glob("*-sow.*")):
        doc = classify(read_document(path, str(path)), None)
        texts.extend(t for _, t in scoped_nodes(doc, "text"))
    for case_file in sorted((ROOT / "tests" / "rules" / "cases").glob("*.yaml")):
        texts.extend(_strings(yaml.safe_load(case_file.read_text(encoding="utf-8"))))
    for rule in _existence_rules():
        texts.extend((*rule.fail_examples, *rule.pass_examples))
    return texts


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def test_gates_admit_every_text_a_builtin_pattern_matches() -> None:
    rules = _existence_rules()
    assert rules, "SOW112 is an existence rule"
    texts = [t for t in _texts() if t.isascii()]
    matched = 0
    for rule in rules:
        gates = _literal_gates(tuple((p.pattern, bool(p.flags & regex.IGNORECASE)) for p in rule.compiled))
        assert any(g is not None for g in gates)
        for pattern, gate in zip(rule.compiled, gates, strict=True):
            for text in texts:
                if pattern.search(text):
                    matched += 1
                    assert _admits(gate, text.lower()), (pattern.pattern, text)
    assert matched >= 20  # the texts exercise the patterns, not only the gates' "no"


def test_gates_turn_away_texts_without_the_literals() -> None:
    (rule,) = [r for r in _existence_rules() if r.code == "SOW112"]
    gates = _literal_gates(tuple((p.pattern, bool(p.flags & regex.IGNORECASE)) for p in rule.compiled))
    text = "the supplier delivers the portal within six weeks of award".lower()
    assert not any(_admits(g, text) for g in gates)


def test_user_rules_are_never_gated(tmp_path: Path) -> None:
    """A user's pattern may use regex-only syntax the stdlib parser reads differently: always run it."""
    rule_file = tmp_path / "ACME001.yaml"
    rule_file.write_text(
        "code: ACME001\nname: posix-class\nkind: existence\nmessage: \"'{match}'\"\n"
        "summary: x\npatterns: ['[[:upper:]]{2}-[[:digit:]]{3}']\n",
        encoding="utf-8",
    )
    cls = load_rule_file(rule_file, origin=str(tmp_path))
    doc = classify(read_document_from_text(tmp_path, "# SOW\n\n## Scope\n\nShip part AB-123 first.\n"), None)
    hits = list(cls().check(doc))
    assert [h.excerpt for h in hits] == ["AB-123"]  # POSIX classes: the stdlib would read '[[:' as a set


def read_document_from_text(folder: Path, text: str) -> Document:
    path = folder / "sow.md"
    path.write_text(text, encoding="utf-8")
    return read_document(path, str(path))
