"""Periodic job: uploads checked but never committed are not kept for ever.

A ``valid`` batch keeps its file (it may contain personal data) so that "Commit" uses
exactly what was checked. After ``STALE_AFTER`` the file is dropped and the batch
becomes ``invalid`` with a message saying to upload the file again.
"""

from datetime import timedelta

from django.utils import translation
from django.utils.translation import gettext as _

from selaras.automation.scheduler import periodic_job

from .models import BatchStatus, ImportBatch

STALE_AFTER = timedelta(days=7)


def expire_unused_uploads(now) -> int:
    with translation.override("id"):
        message = _("The check expired before it was committed; upload the file again.")
    stale = ImportBatch.objects.filter(status=BatchStatus.VALID, created_at__lt=now - STALE_AFTER)
    return stale.update(status=BatchStatus.INVALID, content=b"", error_count=1,
                        errors=[{"row": None, "column": None, "message": message}])


@periodic_job("expire_import_uploads", every=timedelta(hours=6))
def expire_import_uploads(now) -> dict:
    return {"expired": expire_unused_uploads(now)}
