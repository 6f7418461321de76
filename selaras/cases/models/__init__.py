from .case import (
    AlertLevel,
    Case,
    CaseAccess,
    CaseNumberSequence,
    CaseQuerySet,
    ConflictScope,
    LegalStage,
    Outcome,
    OccurredPrecision,
    RejectReason,
    Religion,
    SourceChannel,
    Status,
)
from .event import CaseEvent, EventKind
from .note import Note
from .vocabulary import Category

__all__ = [
    "AlertLevel",
    "Case",
    "CaseAccess",
    "CaseEvent",
    "CaseNumberSequence",
    "CaseQuerySet",
    "Category",
    "ConflictScope",
    "EventKind",
    "LegalStage",
    "Note",
    "OccurredPrecision",
    "Outcome",
    "RejectReason",
    "Religion",
    "SourceChannel",
    "Status",
]
