"""Handoff-readiness scorecard: a documented, deterministic 0-100 score computed from findings.

The formula
-----------
Every finding belongs to one of six categories (``RULE_CATEGORIES``; rules not listed there, such
as plugin rules, count under *clarity* unless ``rule-categories`` maps them elsewhere):

* **boundaries** - scope, exclusions, assumptions, change control: SOW101, SOW102, SOW108, SOW110,
  SOW202, SOW305, SOW409.
* **success** - deliverables, acceptance, measurable criteria, traceability: SOW103, SOW105,
  SOW113, SOW301, SOW302, SOW303.
* **dependencies** - who provides what, by when: SOW104, SOW109, SOW114, SOW204, SOW304.
* **commercials** - price, payment, currency, estimates: SOW107, SOW401-SOW404, SOW406, SOW408.
* **schedule** - dates and capacity: SOW106, SOW405, SOW407.
* **clarity** - wording and form: SOW003, SOW004, SOW111, SOW112, SOW201, SOW203, SOW205-SOW207
  and every unmapped rule.

Each category starts at 100 and loses points:

1. A rule's *unit* penalty is ``severity-points[severity] x weight``.  Severity points default to
   error 12, warning 6, info 2.  The weight is 1, except the missing-section rules (SOW101-SOW110,
   SOW113, SOW114) which weigh ``missing-section-weight`` (5): a missing exclusions section
   (warning) costs 30 points of *boundaries*, missing acceptance criteria (error) 60 of *success*.
   ``rule-weights`` overrides the weight of any rule (0 ignores it).
2. Occurrences of one rule (the sum of the findings' ``count``) are combined:
   in the structural categories with diminishing returns (the k-th occurrence costs
   ``unit x repeat-decay^(k-1)``, decay 0.5, so one rule costs at most twice its unit);
   in *clarity* by density: ``unit x occurrences x 1000 / max(words, clarity-words)`` (per 1,000
   words, documents shorter than ``clarity-words`` = 1,000 counted as 1,000 words), capped at
   ``clarity-rule-cap`` (40) points per rule, so a long document is not punished for its length and
   one noisy rule cannot empty the category on its own.
3. A category's score is ``max(0, 100 - sum of its rules' losses)``.

The total is the weighted mean of the six category scores (``weights``: boundaries 25, success 25,
dependencies 10, commercials 15, schedule 10, clarity 15).  A document that cannot be read or has
no text layer (the ``blocking`` rules SOW001, SOW002) scores 0 everywhere.  Scores are rounded to
one decimal.  Grades: A >= 90, B >= 80, C >= 70, D >= 60, else F (``grades``).

Adding a finding never raises any score (each step only adds a non-negative loss).  The *top
changes* are, per rule, the exact gain in the total if every finding of that rule were resolved,
holding the rest; the five largest are kept, ties broken by the loss before flooring, then by code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sowlint.findings import Finding

#: The six categories, in report order.
CATEGORIES: tuple[str, ...] = ("boundaries", "success", "dependencies", "commercials", "schedule", "clarity")

#: Which category each built-in rule counts against; anything else counts against clarity.
RULE_CATEGORIES: dict[str, str] = {
    **dict.fromkeys(("SOW101", "SOW102", "SOW108", "SOW110", "SOW202", "SOW305", "SOW409"), "boundaries"),
    **dict.fromkeys(("SOW103", "SOW105", "SOW113", "SOW301", "SOW302", "SOW303"), "success"),
    **dict.fromkeys(("SOW104", "SOW109", "SOW114", "SOW204", "SOW304"), "dependencies"),
    **dict.fromkeys(("SOW107", "SOW401", "SOW402", "SOW403", "SOW404", "SOW406", "SOW408"), "commercials"),
    **dict.fromkeys(("SOW106", "SOW405", "SOW407"), "schedule"),
    **dict.fromkeys(
        (
            "SOW001",
            "SOW002",
            "SOW003",
            "SOW004",
            "SOW111",
            "SOW112",
            "SOW201",
            "SOW203",
            "SOW205",
            "SOW206",
            "SOW207",
        ),
        "clarity",
    ),
}

#: Missing-section rules: they weigh ``missing-section-weight`` unless ``rule-weights`` says otherwise.
MISSING_SECTION_RULES: frozenset[str] = frozenset(
    [f"SOW1{n:02d}" for n in range(1, 11)] + ["SOW113", "SOW114"]
)

#: How many changes a scorecard proposes.
TOP_CHANGES = 5


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)


class CategoryWeights(_Model):
    """Weight of each category in the total (relative; they need not sum to 100)."""

    boundaries: float = Field(default=25.0, ge=0)
    success: float = Field(default=25.0, ge=0)
    dependencies: float = Field(default=10.0, ge=0)
    commercials: float = Field(default=15.0, ge=0)
    schedule: float = Field(default=10.0, ge=0)
    clarity: float = Field(default=15.0, ge=0)


class SeverityPoints(_Model):
    """Points one occurrence of a rule of weight 1 costs its category, per severity."""

    error: float = Field(default=12.0, ge=0)
    warning: float = Field(default=6.0, ge=0)
    info: float = Field(default=2.0, ge=0)


class GradeThresholds(_Model):
    """Lowest total for each letter grade (below ``d`` is F)."""

    a: float = 90.0
    b: float = 80.0
    c: float = 70.0
    d: float = 60.0


class ScoreSettings(_Model):
    """Everything the score formula can be tuned with (the proposed ``[score]`` configuration table)."""

    weights: CategoryWeights = Field(default_factory=CategoryWeights)
    rule_weights: dict[str, float] = Field(default_factory=dict)
    rule_categories: dict[str, str] = Field(default_factory=dict)
    severity_points: SeverityPoints = Field(default_factory=SeverityPoints)
    missing_section_weight: float = Field(default=5.0, ge=0)
    repeat_decay: float = Field(default=0.5, ge=0, le=1)
    clarity_words: int = Field(default=1000, ge=1)
    clarity_rule_cap: float = Field(default=40.0, ge=0)
    blocking: list[str] = Field(default_factory=lambda: ["SOW001", "SOW002"])
    grades: GradeThresholds = Field(default_factory=GradeThresholds)

    @field_validator("rule_weights")
    @classmethod
    def _weights_non_negative(cls, v: dict[str, float]) -> dict[str, float]:
        bad = sorted(code for code, w in v.items() if w < 0)
        if bad:
            raise ValueError(f"rule weights must be >= 0 ({', '.join(bad)})")
        return {code.upper(): w for code, w in v.items()}

    @field_validator("rule_categories")
    @classmethod
    def _known_categories(cls, v: dict[str, str]) -> dict[str, str]:
        bad = sorted(f"{code}={cat}" for code, cat in v.items() if cat not in CATEGORIES)
        if bad:
            raise ValueError(f"unknown category in {', '.join(bad)} (known: {', '.join(CATEGORIES)})")
        return {code.upper(): cat for code, cat in v.items()}

    def category_of(self, code: str) -> str:
        """The category a rule's findings count against."""
        return self.rule_categories.get(code) or RULE_CATEGORIES.get(code, "clarity")

    def weight_of(self, code: str) -> float:
        """The weight of a rule: the override, else the missing-section weight, else 1."""
        if code in self.rule_weights:
            return self.rule_weights[code]
        return self.missing_section_weight if code in MISSING_SECTION_RULES else 1.0

    def grade(self, total: float) -> str:
        """The letter grade of a total."""
        g = self.grades
        for letter, floor in (("A", g.a), ("B", g.b), ("C", g.c), ("D", g.d)):
            if total >= floor:
                return letter
        return "F"


class Target(BaseModel):
    """One finding a change points at."""

    model_config = ConfigDict(frozen=True)

    code: str
    fingerprint: str
    where: str
    line: int | None = None
    message: str


class Change(BaseModel):
    """A change that would raise the score: resolve every finding of these rules."""

    model_config = ConfigDict(frozen=True)

    codes: tuple[str, ...]
    category: str
    action: str
    points: float
    findings: tuple[Target, ...]


class Scorecard(BaseModel):
    """The handoff-readiness score of one document."""

    model_config = ConfigDict(frozen=True)

    path: str | None = None
    total: float
    grade: str
    categories: dict[str, float]
    findings: int
    words: int | None = None
    top_changes: tuple[Change, ...] = ()


def _losses(
    findings: Sequence[Finding], settings: ScoreSettings, words: int | None
) -> dict[str, dict[str, float]]:
    """Per category, per rule: the points lost (before flooring at 0)."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.code].append(f)
    per_kilo = 1000.0 / max(words or 0, settings.clarity_words)
    out: dict[str, dict[str, float]] = {c: {} for c in CATEGORIES}
    points = settings.severity_points.model_dump()
    for code in sorted(by_rule):
        group = by_rule[code]
        weight = settings.weight_of(code)
        units = sorted(
            (points[f.severity.value] * weight for f in group for _ in range(max(f.count, 1))), reverse=True
        )
        category = settings.category_of(code)
        if category == "clarity":
            loss = min(settings.clarity_rule_cap, sum(units) * per_kilo)
        else:
            loss = sum(u * settings.repeat_decay**k for k, u in enumerate(units))
        out[category][code] = loss
    return out


def _category_scores(losses: dict[str, dict[str, float]]) -> dict[str, float]:
    return {c: max(0.0, 100.0 - sum(losses[c].values())) for c in CATEGORIES}


def _total(scores: dict[str, float], settings: ScoreSettings) -> float:
    weights = settings.weights.model_dump()
    denominator = sum(weights.values())
    if denominator <= 0:
        return 100.0 if all(s >= 100.0 for s in scores.values()) else 0.0
    return sum(weights[c] * scores[c] for c in CATEGORIES) / denominator


def _target(f: Finding) -> Target:
    return Target(
        code=f.code,
        fingerprint=f.fingerprint,
        where=f.location.describe(),
        line=f.location.line,
        message=f.message,
    )


def _action(group: Sequence[Finding]) -> str:
    if len(group) == 1:
        return group[0].message
    first = group[0]
    return f"Resolve the {len(group)} {first.name} findings ({first.code}), e.g. {first.message}"


def _changes(
    findings: Sequence[Finding], settings: ScoreSettings, words: int | None, raw_total: float
) -> tuple[Change, ...]:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.code].append(f)
    losses = _losses(findings, settings, words)
    weights = settings.weights.model_dump()
    denominator = sum(weights.values()) or 1.0
    ranked: list[tuple[float, float, str, Change]] = []
    for code in sorted(by_rule):
        category = settings.category_of(code)
        rest = [f for f in findings if f.code != code]
        gain = _total(_category_scores(_losses(rest, settings, words)), settings) - raw_total
        raw = losses[category].get(code, 0.0) * weights[category] / denominator
        if raw <= 0:
            continue
        change = Change(
            codes=(code,),
            category=category,
            action=_action(by_rule[code]),
            points=round(max(gain, 0.0), 1),
            findings=tuple(_target(f) for f in by_rule[code]),
        )
        ranked.append((-round(gain, 6), -round(raw, 6), code, change))
    ranked.sort(key=lambda item: item[:3])
    return tuple(item[3] for item in ranked[:TOP_CHANGES])


def score_document(
    findings: Iterable[Finding],
    settings: ScoreSettings | None = None,
    words: int | None = None,
    *,
    path: str | None = None,
) -> Scorecard:
    """Score one document's findings (see the module docstring for the formula)."""
    settings = settings or ScoreSettings()
    found = list(findings)
    blocked = sorted({f.code for f in found if f.code in set(settings.blocking)})
    if blocked:
        targets = [f for f in found if f.code in blocked]
        change = Change(
            codes=tuple(blocked),
            category="clarity",
            action=_action(targets) if len({f.code for f in targets}) == 1 else targets[0].message,
            points=100.0,
            findings=tuple(_target(f) for f in targets),
        )
        return Scorecard(
            path=path,
            total=0.0,
            grade=settings.grade(0.0),
            categories=dict.fromkeys(CATEGORIES, 0.0),
            findings=len(found),
            words=words,
            top_changes=(change,),
        )
    scores = _category_scores(_losses(found, settings, words))
    total = _total(scores, settings)
    rounded = round(total, 1)
    return Scorecard(
        path=path,
        total=rounded,
        grade=settings.grade(rounded),
        categories={c: round(scores[c], 1) for c in CATEGORIES},
        findings=len(found),
        words=words,
        top_changes=_changes(found, settings, words, total),
    )


def scorecard_json(card: Scorecard) -> dict[str, Any]:
    """The stable JSON shape of a scorecard."""
    return {
        "path": card.path,
        "total": card.total,
        "grade": card.grade,
        "categories": {c: card.categories[c] for c in CATEGORIES},
        "findings": card.findings,
        "words": card.words,
        "top_changes": [
            {
                "codes": list(ch.codes),
                "category": ch.category,
                "action": ch.action,
                "points": ch.points,
                "findings": [t.model_dump() for t in ch.findings],
            }
            for ch in card.top_changes
        ],
    }


def score_block(
    result_findings: Iterable[Finding], words: int | None, settings: ScoreSettings | None = None
) -> dict[str, Any]:
    """The ``score`` block of one file in ``sowlint check --format json`` (no path: the file has it)."""
    data = scorecard_json(score_document(result_findings, settings, words))
    data.pop("path")
    return data
