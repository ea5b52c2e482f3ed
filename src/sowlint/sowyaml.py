"""The SOW-as-code schema: pydantic models for a statement of work written as YAML.

Every top-level part is optional so an incomplete SOW still reads and the linter can say what is
missing; inside a part, the field that identifies an item (a deliverable's name, a dependency's
description) is required.  Numbers are numbers; dates are strings (ISO 8601 preferred) so a
placeholder such as ``TBD`` reads and gets flagged instead of failing validation.
``schema_json()`` gives the JSON Schema editors use for completion and validation.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag


class _Model(BaseModel):
    """Base of every schema model: unknown keys are errors, numbers may stand for text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


def _form(value: Any) -> str:
    """Pick the branch of a ``text or object`` union, so errors name only the branch written."""
    return "object" if isinstance(value, dict) or isinstance(value, BaseModel) else "text"


class Party(_Model):
    """One party to the SOW."""

    name: str = Field(description="Legal or trading name, e.g. 'Contoso Health, Inc.'.")
    short_name: str | None = Field(None, description="Short name used in the text, e.g. 'Contoso'.")
    role: str | None = Field(None, description="Role in the engagement, e.g. 'client' or 'vendor'.")


class Parties(_Model):
    """The client and the vendor."""

    client: Party | None = Field(None, description="The party buying the work.")
    vendor: Party | None = Field(None, description="The party doing the work.")


class ScopeItem(_Model):
    """One in-scope item written as an object."""

    id: str | None = Field(None, description="Optional identifier, e.g. 'S1'.")
    description: str = Field(description="What is in scope, stated measurably.")
    details: list[str] = Field(default_factory=list, description="Sub-items, shown as a nested list.")


ScopeEntry = Annotated[
    Annotated[str, Tag("text")] | Annotated[ScopeItem, Tag("object")], Discriminator(_form)
]


class Scope(_Model):
    """What the vendor will do."""

    summary: str | None = Field(None, description="Optional lead-in paragraph.")
    in_scope: list[ScopeEntry] = Field(
        default_factory=list, description="In-scope work: strings, or objects with a description."
    )


class Deliverable(_Model):
    """One deliverable and how it is judged."""

    id: str | None = Field(None, description="Identifier referenced by milestones, e.g. 'D1'.")
    name: str = Field(description="Short name of the deliverable.")
    description: str | None = Field(None, description="What the deliverable contains.")
    due: str | None = Field(None, description="Due date (ISO 8601 preferred, e.g. '2025-04-30').")
    acceptance_criteria: list[str] = Field(
        default_factory=list, description="Measurable criteria the client checks the deliverable against."
    )


class Assumption(_Model):
    """One assumption, with what happens if it proves false."""

    text: str = Field(description="The assumption the scope, price or schedule rests on.")
    if_false: str | None = Field(
        None,
        description="Full sentence saying what happens if the assumption proves false; appended to the text.",
    )


AssumptionEntry = Annotated[
    Annotated[str, Tag("text")] | Annotated[Assumption, Tag("object")], Discriminator(_form)
]


class Dependency(_Model):
    """Something the client (or a third party) must provide or do."""

    description: str = Field(description="What must be provided or done.")
    owner: str | None = Field(None, description="Who provides it, e.g. 'Contoso IT'.")
    due: str | None = Field(None, description="When it is needed (ISO 8601 preferred).")


class Acceptance(_Model):
    """How deliverables are reviewed and accepted."""

    review_period_days: int | None = Field(None, ge=0, description="Length of the review window in days.")
    review_period_basis: Literal["business", "calendar"] = Field(
        "business", description="Whether the review window counts business or calendar days."
    )
    deemed_acceptance: bool | str | None = Field(
        None,
        description="true if a deliverable not rejected within the review period is deemed accepted, "
        "false if written sign-off is always required, or text describing the rule.",
    )
    rejection: str | None = Field(None, description="What happens when a deliverable is rejected.")
    criteria: list[str] = Field(
        default_factory=list, description="Acceptance criteria that apply to all work."
    )
    approver: str | None = Field(None, description="Who signs acceptance, e.g. 'Contoso Product Owner'.")


class Milestone(_Model):
    """A dated milestone."""

    name: str = Field(description="Milestone name.")
    date: str | None = Field(None, description="Milestone date (ISO 8601 preferred).")
    deliverables: list[str] = Field(default_factory=list, description="IDs of deliverables due at it.")


class PeriodOfPerformance(_Model):
    """When the work starts and ends."""

    start: str | None = Field(None, description="Start date (ISO 8601 preferred).")
    end: str | None = Field(None, description="End date (ISO 8601 preferred).")


class LineItem(_Model):
    """One pricing line: a role or an item, its rate, quantity and amount."""

    role: str | None = Field(None, description="Labour category, e.g. 'Data Engineer' (or use item).")
    item: str | None = Field(None, description="Non-labour item, e.g. 'Cloud hosting' (or use role).")
    rate: float | None = Field(None, ge=0, description="Price per unit.")
    quantity: float | None = Field(None, ge=0, description="Number of units.")
    unit: Literal["hours", "days", "weeks", "months", "each", "lot"] | None = Field(
        None, description="Unit of the quantity."
    )
    amount: float | None = Field(None, ge=0, description="Line amount; should equal rate x quantity.")

    @property
    def label(self) -> str:
        """The role or item name."""
        return self.role or self.item or ""


class Pricing(_Model):
    """Price, pricing model and line items."""

    model: Literal["fixed-fee", "time-and-materials", "mixed", "retainer"] | None = Field(
        None, description="Pricing model (time and materials with not_to_exceed is capped)."
    )
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. 'USD'.")
    not_to_exceed: float | None = Field(None, ge=0, description="Cap on time-and-materials charges.")
    line_items: list[LineItem] = Field(default_factory=list, description="Pricing lines.")
    subtotal: float | None = Field(None, ge=0, description="Sum of line items before adjustments.")
    total: float | None = Field(None, ge=0, description="Total price; should equal the sum of the lines.")
    notes: list[str] = Field(
        default_factory=list, description="Pricing notes (expenses, taxes, rate validity)."
    )


class Payment(_Model):
    """One payment in the payment schedule."""

    milestone: str = Field(description="Event that triggers the invoice.")
    percent: float | None = Field(None, ge=0, le=100, description="Share of the total price, in percent.")
    amount: float | None = Field(None, ge=0, description="Amount invoiced.")


class Role(_Model):
    """A named role and what it does."""

    name: str = Field(description="Role name, e.g. 'Engagement Manager'.")
    party: str | None = Field(None, description="Which party staffs the role, e.g. 'Northwind'.")
    responsibilities: list[str] | str = Field(default_factory=list, description="What the role does.")
    count: int | None = Field(None, ge=1, description="How many people fill the role.")
    allocation: float | None = Field(
        None, ge=0, description="Share of full time each person works on the role: 1 full time, 0.5 half."
    )


class EffortLine(_Model):
    """Estimated effort for one phase, workstream or role."""

    category: str = Field(description="Phase, workstream or role, e.g. 'Data Engineer' or 'Discovery'.")
    hours: float | None = Field(None, ge=0, description="Estimated effort in hours.")
    days: float | None = Field(None, ge=0, description="Estimated effort in person-days.")


class Risk(_Model):
    """A known risk and its mitigation."""

    description: str = Field(description="The risk.")
    mitigation: str | None = Field(None, description="How it is mitigated.")
    owner: str | None = Field(None, description="Who owns the mitigation.")


class ExtraSection(_Model):
    """A free prose section for content the schema has no field for."""

    title: str = Field(description="Section heading.")
    text: str | None = Field(None, description="Prose; blank lines separate paragraphs.")
    items: list[str] = Field(default_factory=list, description="Bullet items after the prose.")


class SowDocument(_Model):
    """A statement of work written as code."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        title="SOW-as-code",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    title: str | None = Field(None, description="Title of the statement of work.")
    version: str | None = Field(None, description="Document version, e.g. '1.0'.")
    date: str | None = Field(None, description="Document date (ISO 8601 preferred).")
    parties: Parties | None = Field(None, description="Client and vendor.")
    objectives: list[str] | None = Field(None, description="Business objectives of the engagement.")
    scope: Scope | None = Field(None, description="In-scope work.")
    deliverables: list[Deliverable] | None = Field(None, description="Deliverables with acceptance criteria.")
    assumptions: list[AssumptionEntry] | None = Field(
        None, description="Assumptions: strings, or objects with text and if_false."
    )
    exclusions: list[str] | None = Field(None, description="Work explicitly out of scope.")
    dependencies: list[Dependency] | None = Field(
        None, description="Client responsibilities and dependencies."
    )
    acceptance: Acceptance | None = Field(None, description="Acceptance process.")
    period_of_performance: PeriodOfPerformance | None = Field(None, description="Start and end dates.")
    milestones: list[Milestone] | None = Field(None, description="Dated milestones, in order.")
    pricing: Pricing | None = Field(None, description="Pricing model, line items and total.")
    payment_schedule: list[Payment] | None = Field(None, description="Invoicing schedule.")
    change_control: str | list[str] | None = Field(
        None, description="Change-control procedure: prose, or a list of steps."
    )
    roles: list[Role] | None = Field(None, description="Roles and responsibilities.")
    effort: list[EffortLine] | None = Field(
        None, description="Effort estimate per phase, workstream or role."
    )
    risks: list[Risk] | None = Field(None, description="Risks and mitigations.")
    term: str | None = Field(None, description="Term and termination.")
    sections: list[ExtraSection] | None = Field(None, description="Extra prose sections, shown in order.")


#: Top-level keys that mark a YAML file as a SOW (used to skip CI configs and the like).
SOW_KEYS: frozenset[str] = frozenset(SowDocument.model_fields) - {"version", "date", "sections"}


def schema_json() -> str:
    """The JSON Schema of the SOW-as-code format, indented."""
    return json.dumps(SowDocument.model_json_schema(), indent=2, ensure_ascii=False)
