"""The one way an attachment leaves the server: as a download, never rendered.

``Content-Disposition: attachment`` makes the browser save the file;
``X-Content-Type-Options: nosniff`` stops it from guessing a type other than the
one detected at upload; ``Content-Security-Policy: sandbox`` neuters the file
should it ever be displayed anyway (no scripts, no same-origin access). Views
and API handlers call ``attachment_response(attachment, handle)`` with the
result of ``selectors.open_attachment``.
"""

from urllib.parse import quote

from django.http import FileResponse

from .storage import attachment_storage


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback for old clients plus the exact UTF-8 name."""
    fallback = "".join(
        ch if 32 <= ord(ch) < 127 and ch not in '"\\;%' else "_" for ch in filename
    ) or "lampiran"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(attachment, handle=None) -> FileResponse:
    if handle is None:
        handle = attachment_storage().open(attachment.stored_name, "rb")
    content_type = attachment.content_type or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(attachment.download_name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
