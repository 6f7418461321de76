"""Writes for attachments (evidence).

Who may attach: anyone who may add notes to the case (``access.can(actor,
"add_note", case)`` — pelapor, penangan and kepala of the handling unit or an
ancestor). Reporters bring photos and letters with their report; handlers add
minutes and recordings while handling. Nobody attaches to a closed or rejected
case (reopen it; a rejected duplicate's evidence belongs to its original).

Nothing is stored unless everything is valid: the upload is first copied to a
temporary spool (counting and hashing as it goes, stopping at the size limit),
checked there (``validation.py``), and only then written to the attachments
storage — in the same transaction as the row and the timeline event. If
anything fails after the file was written, the file is deleted before the error
propagates. (If a caller's *outer* transaction rolls back later, the file is
left without a row; ``delete_orphaned_files`` removes such files.)
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
import uuid
from datetime import timedelta

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selaras.cases import access as case_access
from selaras.cases.models import Case, EventKind, Status
from selaras.cases.services import record_event
from selaras.core.errors import ActionNotAllowed, PermissionDenied
from selaras.parties.cleaning import Errors, lock_case

from . import validation
from .models import Attachment, AttachmentKind
from .storage import attachment_storage

logger = logging.getLogger(__name__)

MAX_DESCRIPTION = 1000
FROZEN_STATUSES = (Status.DITUTUP, Status.DITOLAK)
SPOOL_IN_MEMORY = 1024 * 1024
CHUNK = 64 * 1024


def _spool(uploaded_file) -> tuple[tempfile.SpooledTemporaryFile, int, str]:
    """Copy the upload to a temporary file: (spool, size, sha256). Refuses oversized files
    without reading more than the limit (the declared size may lie)."""
    limit = validation.max_bytes()
    declared = getattr(uploaded_file, "size", None)
    if isinstance(declared, int):
        validation.check_size(declared)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    digest = hashlib.sha256()
    size = 0
    try:
        if hasattr(uploaded_file, "seek"):
            uploaded_file.seek(0)
        chunks = (uploaded_file.chunks(CHUNK) if hasattr(uploaded_file, "chunks")
                  else iter(lambda: uploaded_file.read(CHUNK), b""))
        for chunk in chunks:
            if isinstance(chunk, str):
                chunk = chunk.encode("utf-8")
            size += len(chunk)
            if size > limit:
                validation.check_size(size)
            digest.update(chunk)
            spool.write(chunk)
        validation.check_size(size)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, size, digest.hexdigest()


def add_attachment(*, actor, case: Case, uploaded_file, kind: str,
                   description: str = "") -> Attachment:
    """Validate an uploaded file and attach it to the case; the event records its SHA-256.

    ``uploaded_file`` is a Django ``UploadedFile`` or any ``File`` with a name.
    Raises ``PermissionDenied`` (may not add notes to this case), ``ActionNotAllowed``
    (closed or rejected case) or ``ValidationError`` (field dict: ``kind``,
    ``description``, ``file``); in each case nothing is stored.
    """
    if not case_access.can(actor, "add_note", case):
        raise PermissionDenied(_("You may not add attachments to this case."))
    errors = Errors()
    kind = errors.choice(kind, AttachmentKind, field="kind")
    description = errors.text(description, field="description", max_length=MAX_DESCRIPTION)
    original_name = None
    if uploaded_file is None:
        errors.add(validation.FIELD, _("Choose a file."))
    else:
        try:
            original_name = validation.clean_filename(getattr(uploaded_file, "name", None))
        except validation.ValidationError as exc:
            for message in exc.message_dict[validation.FIELD]:
                errors.add(validation.FIELD, message)
    if description and "\x00" in description:
        errors.add("description", _("Contains a character that is not allowed."))
    errors.raise_if_any()
    if case.status in FROZEN_STATUSES:
        raise ActionNotAllowed(_("A closed or rejected case cannot be changed; reopen it first."))

    spool, size, sha256 = _spool(uploaded_file)
    try:
        file_type = validation.detect_type(spool, size)
        storage = attachment_storage()
        token = uuid.uuid4().hex
        wanted_name = f"{token[:2]}/{token}{file_type.extension}"
        stored_name = None
        try:
            with transaction.atomic():
                lock_case(case)
                spool.seek(0)
                stored_name = storage.save(wanted_name, File(spool, name=wanted_name))
                attachment = Attachment.objects.create(
                    case=case, kind=kind, original_name=original_name, stored_name=stored_name,
                    content_type=file_type.mime_type, detected_type=file_type.key, size=size,
                    sha256=sha256, description=description, uploaded_by=actor,
                )
                record_event(
                    case=case, actor=actor, kind=EventKind.ATTACHMENT, action="added",
                    data={"attachment_id": attachment.pk, "kind": kind,
                          "file_name": original_name, "content_type": file_type.mime_type,
                          "size": size, "sha256": sha256},
                )
        except BaseException:
            if stored_name is not None:
                _delete_quietly(storage, stored_name)
            raise
    finally:
        spool.close()
    return attachment


def _delete_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # the original error matters more; the sweeper retries
        logger.exception("Could not delete attachment file %s after a failed upload", name)


def delete_orphaned_files(*, older_than: timedelta = timedelta(hours=1)) -> list[str]:
    """Delete stored files that no Attachment row refers to (left by a rolled-back outer
    transaction or a crash between writing the file and committing). Files younger than
    ``older_than`` are kept: their upload may still be committing. Returns the names."""
    storage = attachment_storage()
    cutoff = timezone.now() - older_than
    deleted: list[str] = []

    def walk(prefix: str):
        directories, files = storage.listdir(prefix)
        for name in files:
            yield f"{prefix}/{name}" if prefix else name
        for directory in directories:
            yield from walk(f"{prefix}/{directory}" if prefix else directory)

    try:
        names = list(walk(""))
    except FileNotFoundError:
        return deleted
    known = set(Attachment.objects.filter(stored_name__in=names)
                .values_list("stored_name", flat=True))
    for name in names:
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, FileNotFoundError):
            modified = None
        if modified is not None and modified > cutoff:
            continue
        storage.delete(name)
        deleted.append(name)
    return deleted
