"""The export streams in constant memory: ten times the rows, about the same peak."""

import copy as copy_module
import tracemalloc

import pytest

from selaras.cases import export
from selaras.cases.models import Case

URL = "/api/v1/cases/export"


def _copies(template: Case, count: int, start: int) -> None:
    """``count`` more rows like ``template`` (bulk: services would take minutes)."""
    rows = []
    for i in range(start, start + count):
        copy = copy_module.copy(template)
        copy.pk = None
        copy.number = f"{template.number}-{i}"
        copy.title = f"{template.title} {i} " + "x" * 150
        copy.chronology = template.chronology + " " + "kronologi panjang " * 40
        rows.append(copy)
    Case.objects.bulk_create(rows, batch_size=500)


def _peak_while_downloading(client, fmt: str) -> tuple[int, int]:
    tracemalloc.start(1)
    try:
        response = client.get(URL, {"format": fmt})
        assert response.status_code == 200
        size = 0
        for chunk in response.streaming_content:  # read like a client, keep nothing
            size += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, size


# XLSX with fewer rows: openpyxl under tracemalloc is slow; still ten times the rows.
@pytest.mark.parametrize(("fmt", "small", "large"), [
    ("csv", 300, 3000), ("json", 300, 3000), ("xlsx", 100, 1000)])
def test_peak_memory_does_not_grow_with_the_rows(api_as, make_user, make_case, fmt, small,
                                                 large, monkeypatch):
    monkeypatch.setattr(export, "CHUNK_SIZE", 50)  # the same chunk size for both runs
    client = api_as(make_user("own", "kepala"))
    template = Case.objects.get(pk=make_case().pk)
    _copies(template, small - 1, start=1)
    # Warm up (imports, caches, first queries) outside the measurement.
    assert sum(len(c) for c in client.get(URL, {"format": fmt}).streaming_content)
    small_peak, small_size = _peak_while_downloading(client, fmt)
    _copies(template, large - small, start=10_000)
    large_peak, large_size = _peak_while_downloading(client, fmt)
    assert large_size > 5 * small_size  # ten times the rows were written (XLSX: zipped)
    # The whole file would be several megabytes; the peak stays near the small one.
    assert large_peak < 1.5 * small_peak + 512 * 1024, (small_peak, large_peak, large_size)
    if fmt != "xlsx":  # (an XLSX file is compressed: smaller than what it holds)
        assert large_peak < large_size / 3
