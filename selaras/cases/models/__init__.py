from .case import (
    AlertLevel,
    Case,
    CaseAccess,
    CaseNumberSequence,
    CaseQuerySet,
    ConflictScope,
    LegalStage,
    OccurredPrecision,
    Outcome,
    RejectReason,
    Religion,
    SourceChannel,
    Status,
)
from .event import CaseEvent, EventKind
from .note import Note
from .relation import CaseRelation, RelationKind
from .vocabulary import Category

__all__ = [
    "AlertLevel",
    "Case",
    "CaseAccess",
    "CaseEvent",
    "CaseNumberSequence",
    "CaseQuerySet",
    "CaseRelation",
    "Category",
    "ConflictScope",
    "EventKind",
    "LegalStage",
    "Note",
    "OccurredPrecision",
    "Outcome",
    "RejectReason",
    "RelationKind",
    "Religion",
    "SourceChannel",
    "Status",
]
