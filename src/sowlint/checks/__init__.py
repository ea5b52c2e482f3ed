"""Built-in Python rules, one per module; :data:`BUILTIN_RULES` is the explicit, sorted registry."""

from __future__ import annotations

from sowlint.checks.sow001_unreadable_document import UnreadableDocument
from sowlint.checks.sow002_no_text_layer import NoTextLayer
from sowlint.checks.sow003_no_structure import NoStructure
from sowlint.checks.sow004_unused_suppression import UnusedSuppression
from sowlint.checks.sow111_empty_section import EmptySection
from sowlint.checks.sow201_vague_term import VagueTerm
from sowlint.checks.sow202_open_ended_scope import OpenEndedScope
from sowlint.checks.sow203_weak_commitment import WeakCommitment
from sowlint.checks.sow204_unassigned_responsibility import UnassignedResponsibility
from sowlint.checks.sow205_undefined_acronym import UndefinedAcronym
from sowlint.checks.sow206_inconsistent_party_name import InconsistentPartyName
from sowlint.checks.sow207_escape_clause import EscapeClause
from sowlint.checks.sow301_unmeasurable_criterion import UnmeasurableCriterion
from sowlint.checks.sow302_deliverable_without_acceptance import DeliverableWithoutAcceptance
from sowlint.checks.sow303_missing_acceptance_period import MissingAcceptancePeriod
from sowlint.checks.sow304_dependency_without_owner_or_date import DependencyWithoutOwnerOrDate
from sowlint.checks.sow305_assumption_without_change_path import AssumptionWithoutChangePath
from sowlint.checks.sow401_pricing_total_mismatch import PricingTotalMismatch
from sowlint.checks.sow402_rate_times_hours_mismatch import RateTimesHoursMismatch
from sowlint.checks.sow403_payment_schedule_mismatch import PaymentScheduleMismatch
from sowlint.checks.sow404_uncapped_time_and_materials import UncappedTimeAndMaterials
from sowlint.checks.sow405_schedule_inconsistency import ScheduleInconsistency
from sowlint.checks.sow406_mixed_currency import MixedCurrency
from sowlint.checks.sow407_effort_exceeds_capacity import EffortExceedsCapacity
from sowlint.checks.sow408_estimate_below_history import EstimateBelowHistory
from sowlint.checks.sow409_fixed_fee_open_scope import FixedFeeOpenScope
from sowlint.findings import Rule

BUILTIN_RULES: tuple[type[Rule], ...] = (
    UnreadableDocument,
    NoTextLayer,
    NoStructure,
    UnusedSuppression,
    EmptySection,
    VagueTerm,
    OpenEndedScope,
    WeakCommitment,
    UnassignedResponsibility,
    UndefinedAcronym,
    InconsistentPartyName,
    EscapeClause,
    UnmeasurableCriterion,
    DeliverableWithoutAcceptance,
    MissingAcceptancePeriod,
    DependencyWithoutOwnerOrDate,
    AssumptionWithoutChangePath,
    PricingTotalMismatch,
    RateTimesHoursMismatch,
    PaymentScheduleMismatch,
    UncappedTimeAndMaterials,
    ScheduleInconsistency,
    MixedCurrency,
    EffortExceedsCapacity,
    EstimateBelowHistory,
    FixedFeeOpenScope,
)
