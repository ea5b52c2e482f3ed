"""Renderers of :class:`sowlint.drift.Drift`: plain text, markdown (a pull-request comment) and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

from sowlint.drift import ITEM_KINDS, Drift, FactChange, ItemChange
from sowlint.model import Location
from sowlint.reporters.markdown import code_span, escape_cell

_TITLES = {
    "deliverables": "Deliverables",
    "exclusions": "Exclusions",
    "assumptions": "Assumptions",
    "dependencies": "Dependencies",
    "acceptance": "Acceptance criteria",
}


def _where(loc: Location | None) -> str:
    return loc.describe() if loc is not None else ""


def _delta_text(fc: FactChange) -> str:
    """``+33,200, +13.28%`` for a numeric change; empty when there is nothing to compute."""
    delta = fc.delta
    if delta is not None and fc.category in ("fee", "cap", "rate", "amount", "line", "hours", "effort"):
        from sowlint.facts import format_amount

        sign = "+" if delta >= 0 else "-"
        text = f"{sign}{format_amount(abs(delta))}"
        return text + (f", {fc.change_percent:+}%" if fc.change_percent is not None else "")
    return f"{fc.change_percent:+}%" if fc.change_percent is not None else ""


def _fact_change_text(fc: FactChange) -> str:
    old = fc.old if fc.old is not None else "(none)"
    new = fc.new if fc.new is not None else "(none)"
    delta = _delta_text(fc)
    return f"{old} -> {new}" + (f" ({delta})" if delta else "")


def _summary(drift: Drift) -> str:
    counts = {c: len(drift.changes(c)) for c in ("added", "removed", "reworded")}
    intro = sum(1 for f in drift.findings if f.change == "introduced")
    res = len(drift.findings) - intro
    return (
        f"{counts['added']} added, {counts['removed']} removed, {counts['reworded']} reworded; "
        f"{len(drift.facts)} commercial change(s); {intro} finding(s) introduced, {res} resolved; "
        f"{len(drift.breaches)} limit(s) breached"
    )


def render_text(drift: Drift) -> str:
    """The drift as plain text for a terminal or a CI log."""
    lines = [f"Drift {drift.old_path} -> {drift.new_path}"]
    if not drift.has_drift:
        lines.append("No drift: items, commercial facts and findings are the same.")
    for kind in ITEM_KINDS:
        changes = [c for c in drift.items if c.kind == kind]
        if not changes:
            continue
        lines.append("")
        lines.append(f"{_TITLES[kind]} ({drift.unchanged.get(kind, 0)} unchanged)")
        for c in changes:
            lines.extend(_item_text(c))
    if drift.facts:
        lines.append("")
        lines.append("Commercial changes")
        for fc in drift.facts:
            where = _where(fc.new_location or fc.old_location)
            lines.append(
                f"  ~ {fc.category} {fc.label}: {_fact_change_text(fc)}" + (f"  [{where}]" if where else "")
            )
    if drift.findings:
        lines.append("")
        lines.append("Findings")
        for f in drift.findings:
            mark = "+" if f.change == "introduced" else "-"
            lines.append(
                f"  {mark} {f.change} {f.code} {f.severity.value} {f.name}: {f.message}"
                f"  [{_where(f.location)}]"
            )
    lines.append("")
    if drift.breaches:
        lines.append("Limits breached")
        lines.extend(f"  ! {b.limit}: {b.message}" for b in drift.breaches)
    else:
        lines.append("No limit breached.")
    lines.append(_summary(drift))
    return "\n".join(lines) + "\n"


def _item_text(c: ItemChange) -> list[str]:
    if c.change == "added":
        return [f"  + added: {c.new_text}  [{_where(c.new_location)}]"]
    if c.change == "removed":
        return [f"  - removed: {c.old_text}  [{_where(c.old_location)}]"]
    return [
        f"  ~ reworded ({c.similarity:.2f}): {c.old_text}  [{_where(c.old_location)}]",
        f"      now: {c.new_text}  [{_where(c.new_location)}]",
    ]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return out


def render_markdown(drift: Drift) -> str:
    """The drift as a markdown pull-request comment; every piece of document text is escaped."""
    esc: Callable[[str | None], str] = lambda t: escape_cell(t or "")  # noqa: E731
    verdict = (
        "limits breached" if drift.breaches else ("drift within limits" if drift.has_drift else "no drift")
    )
    lines = [
        "## sowlint diff",
        "",
        f"{code_span(drift.old_path)} \u2192 {code_span(drift.new_path)}: **{verdict}**",
        "",
        esc(_summary(drift)),
    ]
    if drift.breaches:
        lines += ["", "### Limits breached", ""]
        lines += [f"- {code_span(b.limit)}: {esc(b.message)}" for b in drift.breaches]
    rows: list[list[str]] = []
    for kind in ITEM_KINDS:
        for c in drift.items:
            if c.kind != kind:
                continue
            sim = f"{c.similarity:.2f}" if c.similarity is not None else ""
            rows.append(
                [
                    esc(_TITLES[kind]),
                    c.change,
                    esc(c.old_text),
                    esc(c.new_text),
                    sim,
                    esc(_where(c.new_location or c.old_location)),
                ]
            )
    if rows:
        lines += ["", "### Items", ""]
        lines += _table(["Kind", "Change", "Old", "New", "Similarity", "Where"], rows)
    if drift.facts:
        lines += ["", "### Commercial changes", ""]
        lines += _table(
            ["Fact", "Label", "Old", "New", "Change"],
            [
                [
                    fc.category,
                    esc(fc.label),
                    esc(fc.old or "(none)"),
                    esc(fc.new or "(none)"),
                    esc(_delta_text(fc)),
                ]
                for fc in drift.facts
            ],
        )
    if drift.findings:
        lines += ["", "### Findings", ""]
        lines += _table(
            ["Change", "Rule", "Severity", "Message", "Where"],
            [
                [
                    f.change,
                    f"{code_span(f.code)} {esc(f.name)}",
                    f.severity.value,
                    esc(f.message),
                    esc(_where(f.location)),
                ]
                for f in drift.findings
            ],
        )
    return "\n".join(lines) + "\n"


def render_json(drift: Drift) -> str:
    """The drift as JSON: the :class:`Drift` model, plus ``drift`` and ``breached`` flags."""
    data = drift.model_dump(mode="json")
    data["drift"] = drift.has_drift
    data["breached"] = bool(drift.breaches)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
