"""Generate the office tree from the regions: one Kanwil per province, one
Kankemenag per regency/city, one KUA per district, under the directorate.

Idempotent: existing units (matched by code) keep any edits made to their name
or areas; only missing units are created.
"""

from dataclasses import dataclass

from django.db import transaction

from selaras.regions.models import Region, RegionLevel

from .models import PUSAT_CODE, Unit, UnitLevel

PUSAT_NAME = "Direktorat Urusan Agama Islam dan Bina Syariah"


@dataclass
class BuildResult:
    created: int = 0
    existing: int = 0


def _title(name: str) -> str:
    return name


def unit_name(region: Region) -> str:
    if region.level == RegionLevel.PROVINCE:
        return f"Kanwil Kemenag Provinsi {region.name}"
    if region.level == RegionLevel.REGENCY:
        name = region.name
        for prefix, label in (("Kabupaten ", "Kabupaten "), ("Kota ", "Kota ")):
            if name.startswith(prefix):
                return f"Kankemenag {label}{name[len(prefix):]}"
        return f"Kankemenag {name}"
    return f"KUA Kecamatan {region.name}"


LEVEL_FOR_REGION = {
    RegionLevel.PROVINCE: UnitLevel.PROVINSI,
    RegionLevel.REGENCY: UnitLevel.KABKOTA,
    RegionLevel.DISTRICT: UnitLevel.KECAMATAN,
}


@transaction.atomic
def build_units(provinces: list[str] | None = None) -> BuildResult:
    result = BuildResult()
    pusat, created = Unit.objects.get_or_create(
        code=PUSAT_CODE, defaults={"name": PUSAT_NAME, "level": UnitLevel.PUSAT}
    )
    result.created += int(created)
    result.existing += int(not created)

    existing = {u.code: u for u in Unit.objects.all()}
    regions = Region.objects.filter(level__lte=RegionLevel.DISTRICT).order_by("level", "code")
    if provinces:
        from django.db.models import Q

        query = Q()
        for code in provinces:
            query |= Q(code__startswith=code)
        regions = regions.filter(query)

    new_units: list[tuple[Unit, Region]] = []
    for region in regions.iterator(chunk_size=2000):
        if region.code in existing:
            result.existing += 1
            continue
        parent = pusat if region.level == RegionLevel.PROVINCE else existing.get(region.parent_id)
        if parent is None:
            continue
        unit = Unit(
            code=region.code,
            name=unit_name(region),
            level=LEVEL_FOR_REGION[region.level],
            parent=parent,
        )
        # Not compute_path(): an unsaved parent has no parent_id yet, which would
        # make the path look like a root's.
        unit.path = f"{parent.path}{unit.code}/"
        existing[unit.code] = unit
        new_units.append((unit, region))
    # Save per level so children can reference saved parents.
    for level in (UnitLevel.PROVINSI, UnitLevel.KABKOTA, UnitLevel.KECAMATAN):
        batch = [u for u, _r in new_units if u.level == level]
        for u in batch:
            u.parent_id = u.parent.pk
        Unit.objects.bulk_create(batch, batch_size=2000)
        result.created += len(batch)
    # bulk_create sets pks on PostgreSQL and SQLite (RETURNING); link areas.
    through = Unit.areas.through
    saved = {u.code: u.pk for u in Unit.objects.filter(code__in=[u.code for u, _r in new_units])}
    through.objects.bulk_create(
        [through(unit_id=saved[u.code], region_id=r.code) for u, r in new_units],
        batch_size=5000,
        ignore_conflicts=True,
    )
    return result
