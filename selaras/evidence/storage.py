"""Where attachment files live: the ``attachments`` entry of ``settings.STORAGES``.

The default is a local directory, ``MEDIA_ROOT/attachments`` (``MEDIA_ROOT`` is
``DATA_DIR/uploads``, outside the web root). Files are never served by URL:
downloads go through ``selaras.evidence.selectors.open_attachment`` (permission
check) and ``selaras.evidence.http.attachment_response``. Switching to
S3-compatible object storage is a change of the ``attachments`` entry in
``STORAGES`` (e.g. ``storages.backends.s3.S3Storage``), nothing else.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property

ALIAS = "attachments"


class AttachmentStorage(FileSystemStorage):
    """A FileSystemStorage under ``MEDIA_ROOT/attachments`` that has no public URL."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o640)
        kwargs.setdefault("directory_permissions_mode", 0o750)
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        # Follows MEDIA_ROOT (tests point it at a temporary directory); the parent
        # class clears this cached value when MEDIA_ROOT changes.
        return self._value_or_setting(
            self._location, os.path.join(settings.MEDIA_ROOT, "attachments")
        )

    def url(self, name):
        raise NotImplementedError(
            "Attachments have no URL; serve them through selaras.evidence.http."
        )


def attachment_storage():
    return storages[ALIAS]
