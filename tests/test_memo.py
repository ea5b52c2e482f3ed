"""Results remembered for the last document: by identity, per key, forgotten on the next document."""

from __future__ import annotations

from sowlint.memo import LastDocument
from sowlint.readers import read_document
from tests.conftest import EXAMPLES


def test_remembers_per_key_by_identity_and_forgets_on_the_next_document() -> None:
    path = EXAMPLES / "complete-sow.md"
    first, same_text = read_document(path), read_document(path)
    assert first == same_text and first is not same_text
    memo = LastDocument()
    calls: list[str] = []

    def compute(label: str) -> str:
        calls.append(label)
        return label

    assert memo.get(first, "a", lambda: compute("a1")) == "a1"
    assert memo.get(first, "a", lambda: compute("a2")) == "a1"  # remembered
    assert memo.get(first, "b", lambda: compute("b1")) == "b1"  # another key: computed
    assert memo.get(same_text, "a", lambda: compute("a3")) == "a3"  # an equal document is another one
    assert memo.get(first, "a", lambda: compute("a4")) == "a4"  # the first one was forgotten
    assert calls == ["a1", "b1", "a3", "a4"]
    assert memo.current() == {"a": "a4"}
