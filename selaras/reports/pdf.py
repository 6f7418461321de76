"""Render a Django template to PDF with WeasyPrint, reading only bundled local files.

WeasyPrint fetches every resource a document names (stylesheets, fonts, images)
through a URL fetcher. Its default fetcher follows http(s), ftp, data: and any
file on the machine; ours (``LocalOnlyURLFetcher``) serves files from the
report's own ``fonts/`` and ``styles/`` folders and refuses everything else, so a
report never reaches the network and never embeds a file from elsewhere on the
server — even if a template or a piece of case text ever carried a URL.
"""

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

REPORTS_DIR = Path(__file__).resolve().parent
FONTS_DIR = REPORTS_DIR / "fonts"
STYLES_DIR = REPORTS_DIR / "styles"
ALLOWED_DIRS = (FONTS_DIR, STYLES_DIR)
# Relative URLs in the templates ("styles/report.css") resolve against this.
BASE_URL = REPORTS_DIR.as_uri() + "/"

CONTENT_TYPES = {".css": "text/css", ".woff": "font/woff", ".woff2": "font/woff2",
                 ".ttf": "font/ttf", ".otf": "font/otf", ".png": "image/png",
                 ".svg": "image/svg+xml"}


class RefusedURL(ValueError):
    """A report tried to load something that is not one of its bundled files."""


class LocalOnlyURLFetcher(URLFetcher):
    """Serve ``file:`` URLs inside the allowed folders; refuse every other URL.

    Refusals raise ``RefusedURL``; WeasyPrint turns a failed fetch into a logged
    warning and renders without the resource (it does not abort the document).
    """

    def __init__(self, allowed_dirs=ALLOWED_DIRS):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.allowed_dirs = tuple(Path(d).resolve() for d in allowed_dirs)

    def fetch(self, url, headers=None):
        parts = urlsplit(str(url))
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            logger.warning("PDF report: refused to fetch %s", str(url)[:200])
            raise RefusedURL(f"Reports load only bundled local files, not {str(url)[:200]!r}")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed_dirs):
            logger.warning("PDF report: refused to read %s", path)
            raise RefusedURL(f"{path} is not a bundled report file")
        if not path.is_file():
            raise RefusedURL(f"{path} does not exist")
        content_type = (CONTENT_TYPES.get(path.suffix.lower())
                        or mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": content_type})


def css_string(text: str) -> str:
    """A CSS string literal for ``text`` that is also safe inside an HTML <style> element."""
    escaped = (str(text).replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", " ").replace("\r", " ").replace("<", "\\3C "))
    return f'"{escaped}"'


def page_counter_content() -> str:
    """CSS ``content`` for "Halaman x dari y" from one translatable sentence."""
    sentence = _("Page %(page)s of %(pages)s")
    parts = []
    for token in re.split(r"(%\(pages?\)s)", sentence):
        if token == "%(page)s":
            parts.append("counter(page)")
        elif token == "%(pages)s":
            parts.append("counter(pages)")
        elif token:
            parts.append(css_string(token))
    return " ".join(parts)


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of a report template (which links ``styles/report.css``)."""
    html = render_to_string(template_name, context)
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyURLFetcher())
    return document.write_pdf(font_config=font_config)
