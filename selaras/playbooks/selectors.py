"""Reads for playbooks: the catalogue, a case's progress, and the compliance figures.

Case-related reads take a case already fetched through ``Case.objects.restrict``
(``selaras.cases.selectors.get_case``); the compliance figures start from
``Case.objects.restrict(user, "view")`` so a Kanwil sees its province only.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases.models import Case

from .models import (
    CasePlaybook,
    CaseStepProgress,
    Playbook,
    PlaybookVersion,
    StepStatus,
    VersionStatus,
)


def playbook_list():
    """Every playbook with its versions (newest first) prefetched."""
    return (Playbook.objects.select_related("category")
            .prefetch_related(Prefetch("versions",
                                       queryset=PlaybookVersion.objects.order_by("-number"))))


def get_playbook(pk) -> Playbook:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("No such playbook.")) from None
    playbook = playbook_list().filter(pk=pk).first()
    if playbook is None:
        raise Http404(_("No such playbook."))
    return playbook


def get_version(playbook: Playbook, number) -> PlaybookVersion:
    version = playbook.versions.filter(number=number).first()
    if version is None:
        raise Http404(_("No such version."))
    return version


def version_steps(version: PlaybookVersion):
    return version.steps.order_by("position", "id")


def published_versions():
    return (PlaybookVersion.objects.filter(status=VersionStatus.PUBLISHED)
            .select_related("playbook__category")
            .order_by("playbook__category__position", "playbook__alert_level", "playbook_id"))


def published_version(playbook: Playbook) -> PlaybookVersion | None:
    return next((v for v in playbook.versions.all() if v.status == VersionStatus.PUBLISHED), None)


def draft_version(playbook: Playbook) -> PlaybookVersion | None:
    return next((v for v in playbook.versions.all() if v.status == VersionStatus.DRAFT), None)


@dataclass
class CaseProgress:
    case_playbook: CasePlaybook | None
    rows: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.status != StepStatus.PENDING)

    @property
    def next_row(self):
        return next((r for r in self.rows if r.status == StepStatus.PENDING), None)


def case_progress(case: Case) -> CaseProgress:
    """The playbook the case follows now, its steps in order with their tasks (2 queries)."""
    case_playbook = (CasePlaybook.objects.filter(case=case, detached_at__isnull=True)
                     .select_related("version__playbook", "attached_by").first())
    if case_playbook is None:
        return CaseProgress(None)
    rows = list(CaseStepProgress.objects.filter(case_playbook=case_playbook)
                .select_related("step", "task", "task__assignee_unit", "done_by", "evidence")
                .order_by("step__position", "step_id"))
    return CaseProgress(case_playbook, rows)


def case_step(case: Case, progress_id) -> CaseStepProgress:
    """A step of the case's current playbook by its progress id, else Http404."""
    try:
        pk = int(str(progress_id))
    except (TypeError, ValueError):
        raise Http404(_("No such playbook step on this case.")) from None
    if not 1 <= pk <= 2**63 - 1:
        raise Http404(_("No such playbook step on this case."))
    row = (CaseStepProgress.objects.filter(pk=pk, case_playbook__case=case,
                                           case_playbook__detached_at__isnull=True)
           .select_related("step", "task").first())
    if row is None:
        raise Http404(_("No such playbook step on this case."))
    return row


# --------------------------------------------------------------------------- compliance


@dataclass
class UnitCompliance:
    unit_code: str
    unit_name: str
    steps: int
    done: int
    on_time: int
    skipped: int
    overdue: int

    @property
    def on_time_share(self) -> float | None:
        """Share of the steps done that were done by their task's due date (0–100)."""
        return round(100 * self.on_time / self.done, 1) if self.done else None


@dataclass
class SkippedStep:
    playbook: str
    step: str
    skipped: int


def _counted_rows(user):
    cases = Case.objects.restrict(user, "view")
    # Steps of a replaced playbook count only where something was decided on them.
    return (CaseStepProgress.objects.filter(case_playbook__case__in=cases)
            .exclude(status=StepStatus.PENDING, case_playbook__detached_at__isnull=False))


def compliance(user) -> tuple[list[UnitCompliance], list[SkippedStep]]:
    """Per responsible office: steps, done, done on time (done on or before the task's due
    date), skipped, overdue; and the steps skipped most often. Two queries."""
    today = timezone.localdate()
    done = Q(status=StepStatus.DONE)
    per_unit = (
        _counted_rows(user)
        .values("task__assignee_unit__code", "task__assignee_unit__name",
                "task__assignee_unit__path")
        .annotate(
            steps=Count("pk"),
            done=Count("pk", filter=done),
            on_time=Count("pk", filter=done & Q(done_at__date__lte=F("task__due_date"))),
            skipped=Count("pk", filter=Q(status=StepStatus.SKIPPED)),
            overdue=Count("pk", filter=Q(status=StepStatus.PENDING, task__due_date__lt=today)),
        )
        .order_by("task__assignee_unit__path")
    )
    units = [
        UnitCompliance(
            unit_code=row["task__assignee_unit__code"] or "",
            unit_name=row["task__assignee_unit__name"] or _("(no office)"),
            steps=row["steps"], done=row["done"], on_time=row["on_time"],
            skipped=row["skipped"], overdue=row["overdue"],
        )
        for row in per_unit
    ]
    skipped = (
        _counted_rows(user).filter(status=StepStatus.SKIPPED)
        .values("case_playbook__version__playbook__title", "step__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "case_playbook__version__playbook__title", "step__title")[:10]
    )
    top = [SkippedStep(playbook=r["case_playbook__version__playbook__title"],
                       step=r["step__title"], skipped=r["n"]) for r in skipped]
    return units, top

