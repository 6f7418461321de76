"""Imports: a file → dry run (every row checked, nothing kept) → commit (one transaction).

The dry run and the commit run the SAME code: every row is applied inside its own
savepoint (a row with errors is rolled back and its errors collected, the next row
still runs), all inside one transaction that the dry run always rolls back and the
commit rolls back as soon as one row had an error. So the dry run sees exactly what
the commit would do — including rows that depend on earlier rows of the file (a
unit whose parent is created three rows up) — and a commit is all or nothing.

Who may import (decided here, documented in docs/api.md "Import"):

* legacy cases: a ``kepala`` (head) at any office; each row's location must lie in
  the area of one of their kepala memberships (else a row error). Admins see no cases
  and analysts/auditors only read, so none of them may import cases.
* master data (units, users, counsellors): ``kepala`` or ``admin`` at Pusat (all of
  it) or at a Kanwil (only units, memberships and counsellors inside that Kanwil's
  subtree, never the Kanwil itself).

Users and memberships hand out roles, so writing them (a commit of a ``users`` file)
needs what a role change in the admin needs: a password or MFA step within the last
``REAUTHENTICATION_SECONDS`` (``selaras.accounts.reauth``). The caller says whether
the person re-authenticated (``reauthenticated=True``; the web view asks for it, the
API refuses API tokens). Every user and membership written is audited with the
importer as the actor (``membership_created``, ``user_created``, ``user_changed``).

Idempotency: a case's legacy reference is stored in ``ImportedCase`` (unique); a row
whose reference was imported before, or is the number of an existing case (an
exported file), is skipped. Master data is upserted by its natural key (unit code,
username, counsellor NIP or name + unit): unchanged rows are skipped.
"""

import hashlib
import re
from contextlib import nullcontext
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.accounts.context import acting_as
from selaras.audit import services as audit
from selaras.cases import services as case_services
from selaras.cases.deadlines import compute_due_at
from selaras.cases.models import (
    AlertLevel,
    Case,
    EventKind,
    Outcome,
    RejectReason,
    Status,
)
from selaras.core.errors import (
    ActionNotAllowed,
    ErrorCollector,
    PermissionDenied,
    ValidationError,
)
from selaras.notifications.quiet import silenced
from selaras.org.jurisdiction import Grant, grants_for, minimal_prefixes, subtree_area_codes
from selaras.org.models import Membership, Role, Unit, UnitLevel
from selaras.regions.models import Region, RegionLevel

from .columns import COLUMNS_BY_KIND, LEGACY_STATUSES
from .models import BatchStatus, Counsellor, ImportBatch, ImportedCase, Kind
from .reader import FileProblem, read_table

CASE_IMPORT_ROLES = frozenset({Role.KEPALA})
MASTER_IMPORT_ROLES = frozenset({Role.KEPALA, Role.ADMIN})
MASTER_IMPORT_LEVELS = frozenset({UnitLevel.PUSAT, UnitLevel.PROVINSI})
# Errors kept on a batch (the counts stay exact beyond this).
MAX_STORED_ERRORS = 2000

RESOLVED_STATUSES = (Status.SELESAI, Status.PEMANTAUAN, Status.DITUTUP)
VERIFIED_STATUSES = (Status.TERVERIFIKASI, Status.DITANGANI, *RESOLVED_STATUSES)
CLOSED_STATUSES = (Status.DITUTUP, Status.DITOLAK)


# --------------------------------------------------------------------------- permissions


def case_import_grants(user) -> list[Grant]:
    return [g for g in grants_for(user) if g.role in CASE_IMPORT_ROLES]


def master_import_grants(user) -> list[Grant]:
    return [g for g in grants_for(user)
            if g.role in MASTER_IMPORT_ROLES and g.unit_level in MASTER_IMPORT_LEVELS]


def user_import_grants(user) -> list[Grant]:
    # Users and their roles are the admins' business (DESIGN: ``admin`` manages the users
    # of the unit's subtree): a kepala must not hand out roles, e.g. admin to themselves.
    return [g for g in master_import_grants(user) if g.role == Role.ADMIN]


def may_import(user, kind: str) -> bool:
    if kind == Kind.CASES:
        return bool(case_import_grants(user))
    if kind == Kind.USERS:
        return bool(user_import_grants(user))
    return bool(master_import_grants(user))


def importable_kinds(user) -> list[str]:
    return [kind for kind in Kind.values if may_import(user, kind)]


def _require(user, kind: str) -> None:
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown import kind '%(kind)s'. Known: %(known)s.")
                               % {"kind": kind, "known": ", ".join(Kind.values)}})
    if not may_import(user, kind):
        if kind == Kind.CASES:
            raise PermissionDenied(_("Only heads (kepala) may import legacy cases."))
        if kind == Kind.USERS:
            raise PermissionDenied(_("Only admins at Pusat or a Kanwil may import users."))
        raise PermissionDenied(_("Only heads and admins at Pusat or a Kanwil may import "
                                 "master data."))


# --------------------------------------------------------------------------- row problems


class RowProblem(Exception):
    """One row's errors: [(field or None, message)]."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        super().__init__("; ".join(m for _f, m in problems))
        self.problems = problems


def _problems_from(exc: DjangoValidationError) -> list[tuple[str | None, str]]:
    if hasattr(exc, "error_dict"):
        return [(None if f == "__all__" else f, str(m))
                for f, messages in exc.message_dict.items() for m in messages]
    return [(None, str(m)) for m in exc.messages]


class Problems(ErrorCollector):
    """Collects a row's errors field by field."""

    def merge(self, exc: DjangoValidationError, *, skip_known: bool = True) -> None:
        known = self.fields()
        for f, m in _problems_from(exc):
            if not (skip_known and f in known):
                self.items.append((f, m))

    def exception(self) -> RowProblem:
        return RowProblem(self.items)


# --------------------------------------------------------------------------- cell parsing

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_date_cell(text: str) -> date | datetime | None:
    """YYYY-MM-DD, an ISO date-time, or DD/MM/YYYY; None when blank; ValueError if bad."""
    text = (text or "").strip()
    if not text:
        return None
    iso = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", text) else text
    try:
        if "T" in iso:
            return datetime.fromisoformat(iso)
        return date.fromisoformat(iso)
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _aware(value: date | datetime) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def parse_bool_cell(text: str, *, default: bool = True) -> bool:
    value = (text or "").strip().casefold()
    if not value:
        return default
    if value in ("ya", "y", "yes", "true", "1", "aktif", "benar"):
        return True
    if value in ("tidak", "t", "no", "n", "false", "0", "nonaktif", "salah"):
        return False
    raise ValueError(value)


def split_codes(text: str) -> list[str]:
    return [c.strip().replace(".", "") for c in re.split(r"[;,\n]", text or "") if c.strip()]


def _code_choice(text: str, choices, field: str, problems: Problems, *, allowed=None):
    value = (text or "").strip().casefold()
    if not value:
        return ""
    valid = [str(v) for v in choices.values if allowed is None or str(v) in allowed]
    if value not in valid:
        problems.add(field, _("'%(value)s' is not one of: %(choices)s.")
                     % {"value": text[:60], "choices": ", ".join(valid)})
        return None
    return value


# --------------------------------------------------------------------------- running


class _Rollback(Exception):
    pass


# Case services notify offices and raise level-3 alerts after the commit. Historical
# records must not: a legacy Awas case from 2019 is not an emergency today, and a
# thousand "a report arrived" notices help nobody. The batch itself is the record, so
# the whole run is inside ``selaras.notifications.quiet.silenced()``.


def needs_reauthentication(kind: str) -> bool:
    """Writing this kind changes roles: a recent re-authentication is required."""
    return kind == Kind.USERS


def _require_reauthentication(kind: str, reauthenticated: bool) -> None:
    if (needs_reauthentication(kind) and not reauthenticated
            and getattr(settings, "REAUTH_ENFORCED", True)):
        raise PermissionDenied(_("Importing users and memberships changes roles: confirm "
                                 "your password first (re-authenticate), then commit again."))


def start_import(*, actor, kind: str, file_name: str, content: bytes,
                 dry_run: bool = True, reauthenticated: bool = False) -> ImportBatch:
    """Check a file (dry run) or check and write it at once (``dry_run=False``).

    ``reauthenticated``: the actor confirmed their password or MFA code within the last
    minutes (required to write users and memberships)."""
    _require(actor, kind)
    if not dry_run:
        _require_reauthentication(kind, reauthenticated)
    file_name = str(file_name or "").replace("\x00", "").strip()[:255] or "upload"
    batch = ImportBatch(
        kind=kind, file_name=file_name, sha256=hashlib.sha256(content).hexdigest(),
        size=len(content), created_by=actor, status=BatchStatus.VALID,
    )
    return _run(actor, batch, content, write=not dry_run)


def commit_batch(*, actor, batch: ImportBatch, reauthenticated: bool = False) -> ImportBatch:
    """Write a checked batch, re-reading the upload stored with it; all or nothing.
    ``reauthenticated`` as for ``start_import``."""
    _require(actor, batch.kind)
    _require_reauthentication(batch.kind, reauthenticated)
    if batch.created_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who uploaded the file may commit it."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.VALID:
            raise ActionNotAllowed(
                _("This import cannot be committed: it is '%(status)s'.")
                % {"status": locked.get_status_display()})
        return _run(actor, locked, bytes(locked.content), write=True)


def _no_nul(text) -> str:
    return str(text).replace("\x00", "")


def _run(actor, batch: ImportBatch, content: bytes, *, write: bool) -> ImportBatch:
    columns = COLUMNS_BY_KIND[batch.kind]
    try:
        table = read_table(content, batch.file_name, columns)
    except FileProblem as problem:
        batch.errors = [{"row": None, "column": None, "message": _no_nul(m)}
                        for m in problem.messages]
        batch.error_count = len(problem.messages)
        batch.status = BatchStatus.FAILED if write else BatchStatus.INVALID
        batch.content = b""
        batch.save()
        return batch

    headers = {c.field: c.header for c in columns}
    headers.update(table.headers)
    if batch.pk is None:
        batch.save()  # imported records point to their batch (rolled back in a dry run)
    handler = HANDLERS[batch.kind](actor, batch)
    errors: list[dict] = []
    counts = {"created": 0, "updated": 0, "skipped": 0}
    # A dry run of cases checks each row in its own short transaction, rolled back at
    # once: case rows do not depend on one another in the database, and one long
    # transaction would hold the audit chain's head lock (every case write waits) for
    # the whole check. Master-data rows may depend on earlier rows (a new unit's
    # parent), so their dry run keeps the one transaction; it is quick.
    per_row = not write and batch.kind == Kind.CASES

    def apply(row_number: int, row: dict) -> str:
        if not per_row:
            with transaction.atomic():
                return handler.apply(row_number, row)
        try:
            with transaction.atomic():
                raise _Rollback(handler.apply(row_number, row))
        except _Rollback as done:
            return done.args[0]

    outer = nullcontext() if per_row else transaction.atomic()
    try:
        with silenced(), acting_as(actor), outer:
            for row_number, row in table.rows:
                try:
                    outcome = apply(row_number, row)
                except RowProblem as problem:
                    problems = problem.problems
                except DjangoValidationError as exc:
                    problems = _problems_from(exc)
                except PermissionDenied as exc:
                    problems = [(None, str(exc) or _("You may not do this."))]
                except (ActionNotAllowed, IntegrityError) as exc:
                    problems = [(None, getattr(exc, "message", "") or
                                 _("This row conflicts with data saved in the meantime."))]
                except DataError:
                    problems = [(None, _("A value of this row is too long or not valid."))]
                else:
                    counts[outcome] += 1
                    continue
                for field, message in problems:
                    column = headers.get(field, field) if field else None
                    errors.append({"row": row_number,
                                   "column": _no_nul(column) if column else None,
                                   "message": _no_nul(message)})
            if errors or not write:
                raise _Rollback
    except _Rollback:
        pass

    batch.row_count = len(table.rows)
    batch.create_count = counts["created"]
    batch.update_count = counts["updated"]
    batch.skip_count = counts["skipped"]
    batch.error_count = len(errors)
    batch.errors = errors[:MAX_STORED_ERRORS]
    if write and not errors:
        batch.status = BatchStatus.COMMITTED
        batch.committed_by = actor
        batch.committed_at = timezone.now()
        batch.content = b""
    elif write:
        batch.status = BatchStatus.FAILED
        batch.content = b""
        batch.create_count = batch.update_count = 0
    else:
        batch.status = BatchStatus.VALID if not errors else BatchStatus.INVALID
        batch.content = content if not errors else b""
    batch.save()
    return batch


# --------------------------------------------------------------------------- legacy cases


def clean_legacy_status(*, status: str, outcome: str = "", outcome_note: str = "",
                        reject_reason: str = "", closed_at=None, reported_at=None) -> dict:
    """The final state of a legacy record, checked; raises ValidationError per field."""
    errors: dict[str, list[str]] = {}
    status = status or Status.DILAPORKAN
    if status not in LEGACY_STATUSES:
        errors["status"] = [_("'%(value)s' is not one of: %(choices)s.")
                            % {"value": status, "choices": ", ".join(LEGACY_STATUSES)}]
    if status in RESOLVED_STATUSES:
        if not outcome:
            errors.setdefault("outcome", []).append(
                _("Required for the statuses selesai, pemantauan and ditutup."))
        elif outcome not in Outcome.values:
            errors.setdefault("outcome", []).append(
                _("'%(value)s' is not one of: %(choices)s.")
                % {"value": outcome, "choices": ", ".join(Outcome.values)})
        elif outcome == Outcome.LAINNYA and not (outcome_note or "").strip():
            errors.setdefault("outcome_note", []).append(_("Describe the outcome."))
    elif outcome:
        errors.setdefault("outcome", []).append(
            _("Only for the statuses selesai, pemantauan and ditutup."))
    if status == Status.DITOLAK:
        reject_reason = reject_reason or RejectReason.LAINNYA
        if reject_reason not in RejectReason.values:
            errors.setdefault("reject_reason", []).append(
                _("'%(value)s' is not one of: %(choices)s.")
                % {"value": reject_reason, "choices": ", ".join(RejectReason.values)})
        elif reject_reason == RejectReason.DUPLIKAT:
            errors.setdefault("reject_reason", []).append(
                _("A duplicate cannot be imported as such (it needs the original case); "
                  "use 'lainnya' and name the original in the outcome note."))
    elif reject_reason:
        errors.setdefault("reject_reason", []).append(_("Only for the status ditolak."))
    if closed_at is not None:
        if status not in CLOSED_STATUSES:
            errors.setdefault("closed_at", []).append(
                _("Only for the statuses ditutup and ditolak."))
        elif closed_at > timezone.now():
            errors.setdefault("closed_at", []).append(_("The date cannot be in the future."))
        elif reported_at is not None and closed_at < reported_at:
            errors.setdefault("closed_at", []).append(
                _("A case cannot be closed before it was reported."))
    if errors:
        raise ValidationError(errors)
    return {"status": status, "outcome": outcome or "", "outcome_note": outcome_note or "",
            "reject_reason": reject_reason if status == Status.DITOLAK else "",
            "closed_at": closed_at}


def apply_legacy_status(*, actor, case: Case, batch: ImportBatch, reference: str,
                        status: str = Status.DILAPORKAN, outcome: str = "",
                        outcome_note: str = "", reject_reason: str = "",
                        closed_at: datetime | None = None) -> Case:
    """Give a just-imported case its legacy final state and say on its timeline that it
    was imported (one ``transition`` event, action ``imported``)."""
    clean = clean_legacy_status(status=status, outcome=outcome, outcome_note=outcome_note,
                                reject_reason=reject_reason, closed_at=closed_at,
                                reported_at=case.reported_at)
    status = clean["status"]
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        from_status = current.status
        current.status = status
        current.outcome = clean["outcome"]
        current.outcome_note = clean["outcome_note"].strip()
        current.reject_reason = clean["reject_reason"]
        if status in VERIFIED_STATUSES:
            current.verified_at = current.reported_at
        if status in CLOSED_STATUSES:
            current.closed_at = clean["closed_at"] or current.reported_at
        current.due_at = _import_due_at(current)
        current.version += 1
        current.save()
        case_services.record_event(
            case=current, actor=actor, kind=EventKind.TRANSITION, action="imported",
            from_status=from_status, to_status=status, to_unit=current.handling_unit,
            reason=_("Imported from a legacy record (reference %(reference)s).")
            % {"reference": reference},
            data={"imported": True, "batch": batch.pk, "legacy_status": status,
                  "reference": reference},
        )
    return current


def _import_due_at(case: Case):
    """An imported open case gets the normal time for its next step from today, not from
    its (years-old) report date: otherwise every legacy open case would be escalated at
    once by the deadline job."""
    due = compute_due_at(case)
    if due is None:
        return None
    base = case.verified_at if case.status == Status.TERVERIFIKASI and case.verified_at \
        else case.reported_at
    return due + max(timedelta(0), timezone.now() - base)


class CaseRows:
    def __init__(self, actor, batch: ImportBatch):
        self.actor = actor
        self.batch = batch
        self.grants = case_import_grants(actor)
        self.seen: dict[str, int] = {}
        self.visible = Case.objects.restrict(actor, "view")

    def _in_area(self, region: Region) -> bool:
        for grant in self.grants:
            if grant.area_prefixes is None:
                return True
            if any(region.code.startswith(p) for p in grant.area_prefixes):
                return True
        return False

    def apply(self, row_number: int, row: dict) -> str:
        problems = Problems()
        reference = row.get("reference", "").strip()
        if not reference:
            problems.add("reference", _("This field is required."))
        elif len(reference) > 100:
            problems.add("reference", _("At most 100 characters."))
        elif "\x00" in reference:
            problems.add("reference", _("Contains a character that is not allowed."))
        problems.raise_if_any()
        if reference in self.seen:
            raise RowProblem([("reference", _("The same reference is already on row %(row)d.")
                               % {"row": self.seen[reference]})])
        self.seen[reference] = row_number
        if ImportedCase.objects.filter(reference=reference).exists():
            return "skipped"
        if Case.objects.filter(number=reference).exists():
            if self.visible.filter(number=reference).exists():
                return "skipped"  # an exported case coming back
            raise RowProblem([("reference", _("This is the number of a case outside your "
                                              "area; it cannot be imported."))])

        dates = {}
        for field in ("occurred_at", "reported_at", "closed_at"):
            try:
                dates[field] = parse_date_cell(row.get(field, ""))
            except ValueError:
                problems.add(field, _("Not a date: '%(value)s'. Use YYYY-MM-DD or DD/MM/YYYY.")
                             % {"value": row.get(field, "")[:40]})
                dates[field] = None
        occurred = dates["occurred_at"]
        reported = dates["reported_at"] or occurred
        closed = _aware(dates["closed_at"]) if dates["closed_at"] else None

        level_text = row.get("alert_level", "").strip().casefold()
        level = {"waspada": 1, "siaga": 2, "awas": 3}.get(level_text, level_text)
        if level and str(level) not in {str(v) for v in AlertLevel.values}:
            problems.add("alert_level", _("Use 1, 2 or 3."))
            level = None
        status = _code_choice(row.get("status", ""), Status, "status", problems,
                              allowed=LEGACY_STATUSES)
        outcome = _code_choice(row.get("outcome", ""), Outcome, "outcome", problems)
        reject = _code_choice(row.get("reject_reason", ""), RejectReason, "reject_reason",
                              problems)
        if status is not None and outcome is not None and reject is not None:
            try:
                clean_legacy_status(
                    status=status, outcome=outcome, outcome_note=row.get("outcome_note", ""),
                    reject_reason=reject, closed_at=closed,
                    reported_at=_aware(reported) if reported else None)
            except ValidationError as exc:
                problems.merge(exc)

        location = row.get("location", "").strip().replace(".", "")
        region = Region.objects.filter(code=location).first() if location else None
        if region is not None and region.level >= RegionLevel.DISTRICT \
                and not self._in_area(region):
            problems.add("location", _("Region %(code)s is outside the area of your office.")
                         % {"code": location})

        religions = [r.casefold() for r in split_codes(row.get("religions", ""))]
        try:
            case = case_services.create_case(
                actor=self.actor,
                title=row.get("title", ""),
                chronology=row.get("chronology", ""),
                category=row.get("category", "").strip(),
                subcategory=row.get("subcategory", "").strip() or None,
                occurred_at=occurred,
                reported_at=reported,
                location=location,
                alert_level=int(level) if level else None,
                scope=row.get("scope", "").strip().casefold(),
                religions=religions,
                address=row.get("address", ""),
                source_channel=row.get("source_channel", "").strip().casefold(),
                reporter_name=row.get("reporter_name", ""),
                reporter_contact=row.get("reporter_contact", ""),
            )
        except ValidationError as exc:
            problems.merge(exc)
            if not dates["reported_at"]:
                # The report date defaulted to the event date: its errors are that one's.
                problems.items = [(f, m) for f, m in problems.items if f != "reported_at"]
            problems.raise_if_any()
        except PermissionDenied as exc:
            if "location" not in problems.fields():
                problems.add("location", str(exc))
            problems.raise_if_any()
        problems.raise_if_any()

        apply_legacy_status(
            actor=self.actor, case=case, batch=self.batch, reference=reference,
            status=status or Status.DILAPORKAN, outcome=outcome or "",
            outcome_note=row.get("outcome_note", ""), reject_reason=reject or "",
            closed_at=closed,
        )
        ImportedCase.objects.create(reference=reference, case=case, batch=self.batch)
        return "created"


# --------------------------------------------------------------------------- master data


class MasterRows:
    def __init__(self, actor, batch: ImportBatch):
        self.actor = actor
        self.batch = batch
        self.grants = master_import_grants(actor)
        self.everywhere = any(g.unit_level == UnitLevel.PUSAT for g in self.grants)
        self.paths = [g.unit_path for g in self.grants]

    def inside(self, unit: Unit, *, strictly: bool = False) -> bool:
        """The unit lies in the importer's subtree (strictly: below their own office)."""
        if self.everywhere:
            return not (strictly and unit.level == UnitLevel.PUSAT)
        return any(unit.path.startswith(p) and not (strictly and unit.path == p)
                   for p in self.paths)

    def unit_by_code(self, text: str, field: str, problems: Problems) -> Unit | None:
        code = (text or "").strip()
        if not code:
            problems.add(field, _("This field is required."))
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            problems.add(field, _("Unknown unit code '%(code)s'.") % {"code": code[:40]})
        return unit

    def text(self, row, field, problems, *, required=False, max_length=200) -> str:
        return problems.text((row.get(field) or "").strip(), field, required=required,
                             max_length=max_length)

    def active(self, row, problems) -> bool:
        try:
            return parse_bool_cell(row.get("is_active", ""))
        except ValueError:
            problems.add("is_active", _("Use 'ya' or 'tidak'."))
            return True


def _covered_prefixes(unit: Unit) -> tuple[str, ...] | None:
    if unit.level == UnitLevel.PUSAT:
        return None
    return minimal_prefixes(subtree_area_codes(unit))


def _regions(codes: list[str], field: str, problems: Problems, *, within: Unit | None,
             level: int | None = None) -> list[Region]:
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in regions]
    if unknown:
        problems.add(field, _("Unknown region code(s): %(codes)s.")
                     % {"codes": ", ".join(c[:12] for c in unknown[:10])})
    found = [regions[c] for c in dict.fromkeys(codes) if c in regions]
    if level is not None:
        wrong = [r.code for r in found if r.level != level]
        if wrong:
            problems.add(field, _("Not a district (kecamatan) code: %(codes)s.")
                         % {"codes": ", ".join(wrong[:10])})
    if within is not None:
        prefixes = _covered_prefixes(within)
        if prefixes is not None:
            outside = [r.code for r in found if not any(r.code.startswith(p) for p in prefixes)]
            if outside:
                problems.add(field, _("Outside the area of %(unit)s: %(codes)s.")
                             % {"unit": within.name, "codes": ", ".join(outside[:10])})
    return found


UNIT_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,19}$")


class UnitRows(MasterRows):
    def apply(self, row_number: int, row: dict) -> str:
        problems = Problems()
        code = self.text(row, "code", problems, required=True, max_length=20).casefold()
        if code and "code" not in problems.fields() and not UNIT_CODE.match(code):
            problems.add("code", _("Use lower-case letters, digits, '.', '_' or '-'."))
        name = self.text(row, "name", problems, required=True, max_length=200)
        parent = self.unit_by_code(row.get("parent", ""), "parent", problems)
        level = None
        level_text = (row.get("level") or "").strip()
        if level_text not in {"1", "2", "3"}:
            problems.add("level", _("Use 1 (Kanwil), 2 (Kankemenag) or 3 (KUA)."))
        else:
            level = int(level_text)
        is_active = self.active(row, problems)
        existing = Unit.objects.filter(code=code).first() if code else None
        if parent is not None:
            if level is not None and parent.level != level - 1:
                problems.add("parent", _("The parent must be one level above (its level is "
                                         "%(level)d).") % {"level": parent.level})
            if not self.inside(parent):
                problems.add("parent", _("This office is outside your area."))
            if existing is not None and (parent.pk == existing.pk
                                         or parent.path.startswith(existing.path)):
                problems.add("parent", _("A unit cannot be placed under itself or one of its "
                                         "own units."))
        if existing is not None and not self.inside(existing, strictly=True):
            problems.add("code", _("This office is outside your area."))
        if existing is not None and level is not None and existing.level != level \
                and existing.children.exists():
            problems.add("level", _("This unit has sub-units; its level cannot change."))
        areas = _regions(split_codes(row.get("areas", "")), "areas", problems,
                         within=parent if parent is not None else None)
        problems.raise_if_any()

        area_codes = {r.code for r in areas}
        if existing is None:
            unit = Unit(code=code, name=name, parent=parent, level=level, is_active=is_active)
            unit.save()
            unit.areas.set(areas)
            return "created"
        same = (existing.name == name and existing.parent_id == parent.pk
                and existing.level == level and existing.is_active == is_active
                and set(existing.areas.values_list("code", flat=True)) == area_codes)
        if same:
            return "skipped"
        existing.name, existing.parent, existing.level = name, parent, level
        existing.is_active = is_active
        existing.save()
        existing.areas.set(areas)
        return "updated"


class UserRows(MasterRows):
    def __init__(self, actor, batch: ImportBatch):
        super().__init__(actor, batch)
        # Only the admin grants count: a kepala grant elsewhere widens nothing.
        self.grants = user_import_grants(actor)
        self.everywhere = any(g.unit_level == UnitLevel.PUSAT for g in self.grants)
        self.paths = [g.unit_path for g in self.grants]

    def audit(self, action: str, user, data: dict) -> None:
        audit.security(action, actor=self.actor, subject_id=user.pk, object_id=user.pk,
                       data={"username": user.username, "via": "import",
                             "batch": self.batch.pk, **data})

    def apply(self, row_number: int, row: dict) -> str:
        User = get_user_model()
        problems = Problems()
        username = self.text(row, "username", problems, required=True, max_length=150)
        if username and "username" not in problems.fields():
            try:
                User.username_validator(username)
            except DjangoValidationError:
                problems.add("username", _("Use letters, digits and . _ - @ + only."))
        full_name = self.text(row, "full_name", problems, required=True, max_length=200)
        email = self.text(row, "email", problems, max_length=254)
        if email and "email" not in problems.fields():
            try:
                validate_email(email)
            except DjangoValidationError:
                problems.add("email", _("Not a valid e-mail address."))
        unit = self.unit_by_code(row.get("unit", ""), "unit", problems)
        role = (row.get("role") or "").strip().casefold()
        if role not in Role.values:
            problems.add("role", _("'%(value)s' is not one of: %(choices)s.")
                         % {"value": role[:40], "choices": ", ".join(Role.values)})
        if unit is not None and not self.inside(unit):
            problems.add("unit", _("This office is outside your area."))
        user = User.objects.filter(username=username).first() if username else None
        if user is not None and not self.everywhere:
            units = Unit.objects.filter(memberships__user=user)
            # No membership at all (e.g. the DPO, a staff account) is nobody's area but
            # Pusat's: a Kanwil could otherwise change its e-mail and take it over.
            if (user.is_superuser or user.is_staff or not units
                    or any(not self.inside(u) for u in units)):
                problems.add("username", _("This user also works outside your area; Pusat "
                                           "manages this account."))
        problems.raise_if_any()

        if user is None:
            user = User(username=username, full_name=full_name, email=email, is_active=True)
            # No password travels in a spreadsheet: an administrator sets the first one.
            user.set_unusable_password()
            user.save()
            self.audit("user_created", user, {"email": user.email})
            Membership.objects.create(user=user, unit=unit, role=role)
            return "created"
        changed = False
        if user.full_name != full_name or (email and user.email != email):
            fields = [f for f, new in (("full_name", full_name), ("email", email))
                      if new and getattr(user, f) != new]
            user.full_name = full_name
            user.email = email or user.email
            user.save(update_fields=["full_name", "email"])
            # The e-mail address matches SSO logins: who changed it must be on record.
            self.audit("user_changed", user, {"fields": fields, "email": user.email})
            changed = True
        _membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
        return "updated" if changed or created else "skipped"


NIP = re.compile(r"^\d{18}$")


class CounsellorRows(MasterRows):
    def apply(self, row_number: int, row: dict) -> str:
        problems = Problems()
        name = self.text(row, "name", problems, required=True, max_length=150)
        nip = re.sub(r"[\s.]", "", row.get("nip") or "")
        if nip and not NIP.match(nip):
            problems.add("nip", _("An NIP has 18 digits."))
        unit = self.unit_by_code(row.get("unit", ""), "unit", problems)
        if unit is not None and not self.inside(unit):
            problems.add("unit", _("This office is outside your area."))
        districts = _regions(split_codes(row.get("districts", "")), "districts", problems,
                             within=unit, level=RegionLevel.DISTRICT)
        phone = self.text(row, "phone", problems, max_length=30)
        is_active = self.active(row, problems)
        problems.raise_if_any()

        existing = None
        if nip:
            existing = Counsellor.objects.filter(nip=nip).first()
        if existing is None:
            existing = Counsellor.objects.filter(unit=unit, name=name, nip="").first()
        if existing is not None and not self.inside(existing.unit):
            raise RowProblem([("nip", _("This counsellor belongs to an office outside your "
                                        "area."))])
        codes = {r.code for r in districts}
        if existing is None:
            counsellor = Counsellor.objects.create(name=name, nip=nip, unit=unit, phone=phone,
                                                   is_active=is_active)
            counsellor.districts.set(districts)
            return "created"
        same = (existing.name == name and existing.nip == nip and existing.unit_id == unit.pk
                and existing.phone == phone and existing.is_active == is_active
                and set(existing.districts.values_list("code", flat=True)) == codes)
        if same:
            return "skipped"
        existing.name, existing.nip, existing.unit = name, nip, unit
        existing.phone, existing.is_active = phone, is_active
        existing.save()
        existing.districts.set(districts)
        return "updated"


HANDLERS = {
    Kind.CASES: CaseRows,
    Kind.UNITS: UnitRows,
    Kind.USERS: UserRows,
    Kind.COUNSELLORS: CounsellorRows,
}
