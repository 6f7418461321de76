"""The one workflow table: (state, action) → target state, required roles, guard.

Everything that moves a case — the web UI's buttons, the API's transitions
endpoint, the permission matrix in the tests — reads this table. An action the
table does not allow is refused with a clear message and changes nothing.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from selaras.org.models import Role

from .models import Status

S = Status


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    # None: the status stays (responsibility moves instead).
    target: str | None
    roles: frozenset[str]
    requires_reason: bool = False
    # What the form has to ask for besides the reason.
    needs_target_unit: str | None = None  # "ancestor" | "descendant" | None
    needs_outcome: bool = False
    needs_reject_reason: bool = False
    help_text: str = ""
    style: str = "primary"
    extra: dict = field(default_factory=dict, compare=False, hash=False)


KEPALA = frozenset({Role.KEPALA})
HANDLERS = frozenset({Role.PENANGAN, Role.KEPALA})
ACTIVE = frozenset({S.DILAPORKAN, S.TERVERIFIKASI, S.DITANGANI, S.PEMANTAUAN})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "verify", _("Verify"), frozenset({S.DILAPORKAN}), S.TERVERIFIKASI, KEPALA,
            help_text=_("The report is a religious social conflict and the facts are checked."),
        ),
        Transition(
            "reject", _("Reject"), frozenset({S.DILAPORKAN}), S.DITOLAK, KEPALA,
            requires_reason=True, needs_reject_reason=True, style="danger",
            help_text=_("Not a KSBK case, a hoax, or a duplicate of another case."),
        ),
        Transition(
            # Applied only by selaras.cases.relations.merge_duplicate, which also moves the
            # duplicate's parties, notes and attachments to the original (a dilaporkan
            # duplicate is merged through "reject" with reject_reason "duplikat").
            "merge", _("Merge into the original"),
            frozenset({S.TERVERIFIKASI, S.DITANGANI, S.PEMANTAUAN}), S.DITOLAK, KEPALA,
            requires_reason=True, needs_reject_reason=True, style="danger",
            help_text=_("This case duplicates another one: it is rejected as a duplicate and "
                        "its parties, notes and attachments move to the original."),
            extra={"service": "selaras.cases.relations.merge_duplicate"},
        ),
        Transition(
            "start", _("Start handling"), frozenset({S.TERVERIFIKASI}), S.DITANGANI, HANDLERS,
            help_text=_("Handling begins: dialogue, mediation, coordination."),
        ),
        Transition(
            "escalate", _("Escalate"), ACTIVE, None, KEPALA,
            requires_reason=True, needs_target_unit="ancestor", style="secondary",
            help_text=_("Hand the case up to a higher office (default: the parent office)."),
        ),
        Transition(
            "delegate", _("Delegate"), ACTIVE, None, KEPALA,
            requires_reason=True, needs_target_unit="descendant", style="secondary",
            help_text=_("Hand the case down to an office under yours."),
        ),
        Transition(
            "take_over", _("Take over"), ACTIVE, None, KEPALA,
            requires_reason=True, style="secondary",
            help_text=_("Your office, above the handling office, takes the case over."),
        ),
        Transition(
            "resolve", _("Resolve"), frozenset({S.DITANGANI}), S.SELESAI, KEPALA,
            requires_reason=True, needs_outcome=True,
            help_text=_("Handling is finished; record the outcome."),
        ),
        Transition(
            "monitor", _("Start monitoring"), frozenset({S.SELESAI}), S.PEMANTAUAN, HANDLERS,
            style="secondary",
            help_text=_("Keep watching the area after resolution."),
        ),
        Transition(
            "close", _("Close"), frozenset({S.SELESAI, S.PEMANTAUAN}), S.DITUTUP, KEPALA,
            requires_reason=True, style="secondary",
            help_text=_("Nothing is left to do or to watch."),
        ),
        Transition(
            "reopen", _("Reopen"), frozenset({S.SELESAI, S.PEMANTAUAN, S.DITUTUP}), S.DITANGANI,
            KEPALA, requires_reason=True, style="secondary",
            help_text=_("The conflict flared up again or the outcome did not hold."),
        ),
    ]
}

ACTIONS = tuple(TRANSITIONS)


def transition_for(action: str) -> Transition | None:
    return TRANSITIONS.get(action)


def allowed_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
