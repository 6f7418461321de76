"""Reports read only their bundled files: no http(s), no other files on the server."""

import socket

import pytest
from weasyprint import HTML

from selaras.reports.pdf import BASE_URL, FONTS_DIR, STYLES_DIR, LocalOnlyURLFetcher, RefusedURL


@pytest.mark.parametrize("url", [
    "http://example.org/logo.png",
    "https://example.org/fonts/x.woff",
    "HTTPS://example.org/a.css",
    "ftp://example.org/a.css",
    "data:text/css,body{}",
    "file://example.org/etc/passwd",
    "file:///etc/passwd",
    (STYLES_DIR / ".." / ".." / "settings.py").as_uri(),
])
def test_fetcher_refuses_anything_but_bundled_files(url):
    with pytest.raises(RefusedURL):
        LocalOnlyURLFetcher().fetch(url)


def test_fetcher_serves_the_bundled_stylesheet_and_fonts():
    fetcher = LocalOnlyURLFetcher()
    css = fetcher.fetch((STYLES_DIR / "report.css").as_uri())
    assert b"@font-face" in css.read()
    font = fetcher.fetch(next(FONTS_DIR.glob("*.woff")).as_uri())
    assert font.content_type == "font/woff"
    assert font.read(4) == b"wOFF"


def test_remote_resources_in_a_document_are_never_fetched(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a report tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = ('<link rel="stylesheet" href="https://example.org/x.css">'
            '<img src="http://example.org/x.png"><p>Teks laporan</p>')
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalOnlyURLFetcher()).write_pdf()
    assert pdf.startswith(b"%PDF-")
