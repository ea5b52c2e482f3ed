"""Smoke test on the shared corpus of real SOWs: extraction never fails and every fact is located."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sowlint.facts import extract_facts
from sowlint.model import Row, Table
from sowlint.readers import ReadError, read_document


def test_every_corpus_document_gives_located_serialisable_facts(corpus_docs: Path) -> None:
    read = 0
    for path in sorted(corpus_docs.iterdir()):
        try:
            doc = read_document(path)
        except ReadError:
            continue
        read += 1
        facts = extract_facts(doc)
        json.loads(facts.model_dump_json())
        order = doc.reading_order()
        rows_by_table: list[tuple[Any, tuple[Any, ...]]] = [
            *((t, t.lines + t.totals) for t in facts.pricing_tables),
            *((t, t.payments + t.totals) for t in facts.payment_schedules),
            *((t, t.milestones) for t in facts.schedules),
            *((t, t.lines + t.totals) for t in facts.effort_tables),
        ]
        for table, rows in rows_by_table:
            assert isinstance(table.node, Table) and id(table.node) in order, path.name
            for fact in rows:
                assert isinstance(fact.node, Row) and any(fact.node is r for r in table.node.rows), path.name
        for fact in (
            *facts.stated_amounts,
            *facts.pricing_models,
            *facts.periods,
            *facts.amounts,
            *facts.dates,
        ):
            assert fact.location.path == doc.path and id(fact.node) in order, path.name
        for mention in facts.amounts:
            assert mention.node is not None and mention.span is not None
            assert mention.node.text[mention.span[0] : mention.span[1]] == mention.money.raw, path.name
    assert read >= 40
